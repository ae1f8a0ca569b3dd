//! `Loader`: writes a ledger's parts into an empty ledger inside `Store::bulk`'s transaction
//! (`restore`, `copy`, `dev synth`). Into a file, a prepared `INSERT` per row (local calls);
//! into a server, rows kept for one COPY per table (`postgres::copy`), so the statements sent
//! do not grow with the ledger.

use std::collections::HashMap;

use anyhow::{Context, Result, anyhow};

use super::db::{Db, Value, args};
use super::postgres::copy::{CopyLoad, Table};
use crate::dump::{
    DumpEvent, DumpImport, DumpNotice, DumpRecommendation, DumpSheetCollected, DumpSheetIssued,
    DumpTask,
};
use crate::model::TaskId;

/// Writes a ledger's parts inside `Store::bulk`'s transaction.
pub struct Loader<'t> {
    db: Db<'t>,
    units: HashMap<String, i64>,
    rows: HashMap<TaskId, i64>,
    /// On a server: the rows waiting for their COPY (`finish` sends them).
    copy: Option<CopyLoad>,
}

impl<'t> Loader<'t> {
    /// A loader writing through `db`, in the transaction open on it. On a server the units
    /// already there (an empty ledger may keep some) are read once, so a unit named again
    /// gets its id.
    pub(super) fn new(db: Db<'t>) -> Result<Self> {
        let mut units = HashMap::new();
        let copy = match db {
            Db::Sqlite(_) => None,
            Db::Pg(pg) => {
                super::postgres::long_work(pg)?;
                for r in db.query("SELECT id, name FROM units", &[])? {
                    units.insert(r.get(1)?, r.get(0)?);
                }
                Some(CopyLoad::new())
            }
        };
        Ok(Loader {
            db,
            units,
            rows: HashMap::new(),
            copy,
        })
    }

    /// Sends what waits for a COPY (nothing on a file, where each row is already written).
    pub(super) fn finish(self) -> Result<()> {
        match (self.copy, self.db) {
            (Some(copy), Db::Pg(pg)) => copy.send(pg),
            _ => Ok(()),
        }
    }

    /// On a server, keeps the row for `table`'s COPY and returns true; on a file, false.
    fn keep(&mut self, table: Table, values: &[Value]) -> Result<bool> {
        match &mut self.copy {
            Some(copy) => copy.row(table, values).map(|_| true),
            None => Ok(false),
        }
    }

    /// One row of `table`: kept for the server's COPY when loading so, else inserted now by
    /// `sql` (its placeholders in `row`'s order); `what` names the row in an error.
    fn put(
        &mut self,
        table: Table,
        sql: &str,
        row: &[Value],
        what: impl FnOnce() -> String,
    ) -> Result<()> {
        if self.keep(table, row)? {
            return Ok(());
        }
        self.db.execute(sql, row).with_context(what)?;
        Ok(())
    }

    pub fn meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.db.execute("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", args![key, value])?;
        Ok(())
    }

    pub fn recommendation(&mut self, r: &DumpRecommendation) -> Result<()> {
        self.put(
            Table::Recommendations,
            "INSERT INTO recommendations (number, headline, text) VALUES (?1, ?2, ?3)",
            args![r.number, &r.headline, &r.text],
            || format!("adding recommendation {}", r.number),
        )
    }

    /// Whether `name` was added (as a unit or in a task).
    pub fn has_unit(&self, name: &str) -> bool {
        self.units.contains_key(name)
    }

    /// Whether task `id` was added.
    pub fn has_task(&self, id: TaskId) -> bool {
        self.rows.contains_key(&id)
    }

    /// The storage row of task `id`, if it was added.
    pub fn row_of(&self, id: TaskId) -> Option<i64> {
        self.rows.get(&id).copied()
    }

    /// Records an imported report.
    pub fn import(&mut self, i: &DumpImport) -> Result<()> {
        let row = args![&i.hash, &i.file, &i.recommendations, &i.actor, &i.at];
        self.put(Table::Imports, "INSERT INTO imports (hash, file, recommendations, actor, at) VALUES (?1, ?2, ?3, ?4, ?5)", row, || "recording an imported report".to_string())
    }

    /// Records a return sheet issued.
    pub fn sheet_issued(&mut self, i: &DumpSheetIssued) -> Result<()> {
        let row = args![&i.week, &i.unit, &i.file, i.tasks as i64, &i.actor, &i.at];
        self.put(Table::SheetsIssued, "INSERT INTO sheets_issued (week, unit, file, tasks, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", row, || "recording an issued sheet".to_string())
    }

    /// Records a 督办通知单 issued (its serial stays taken).
    pub fn notice(&mut self, n: &DumpNotice) -> Result<()> {
        let row = args![
            n.year,
            n.number,
            &n.unit,
            &n.reply_by,
            n.tasks,
            n.change,
            &n.actor,
            &n.at
        ];
        self.put(
            Table::Notices,
            "INSERT INTO notices (year, number, unit, reply_by, tasks, change_id, actor, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            row,
            || "recording a notice".to_string(),
        )
    }

    /// Records a collected sheet.
    pub fn sheet_collected(&mut self, c: &DumpSheetCollected) -> Result<()> {
        let row = args![
            &c.hash,
            &c.week,
            &c.unit,
            &c.file,
            &c.actor,
            &c.at,
            c.change_id,
            &c.collector,
            c.released
        ];
        self.put(Table::SheetsCollected, "INSERT INTO sheets_collected (hash, week, unit, file, actor, at, change_id, collector, released) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", row, || "recording a collected sheet".to_string())
    }

    pub fn unit(&mut self, name: &str) -> Result<i64> {
        if let Some(&id) = self.units.get(name) {
            return Ok(id);
        }
        if let Some(copy) = &mut self.copy {
            let id = copy.unit_id(&self.db)?;
            copy.row(Table::Units, args![id, name])?;
            self.units.insert(name.to_string(), id);
            return Ok(id);
        }
        self.db.execute(
            "INSERT INTO units (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
            args![name],
        )?;
        let id = self
            .db
            .value("SELECT id FROM units WHERE name = ?1", args![name])?;
        self.units.insert(name.to_string(), id);
        Ok(id)
    }

    pub fn task(&mut self, t: &DumpTask) -> Result<()> {
        let id: TaskId = t.id.parse().map_err(|_| anyhow!("bad task id {}", t.id))?;
        self.task_as(id, t).map(|_| ())
    }

    /// Adds `t`, whose id is already parsed. Returns its storage row.
    pub fn task_as(&mut self, id: TaskId, t: &DumpTask) -> Result<i64> {
        let row = match &mut self.copy {
            Some(copy) => {
                let row = copy.task_id(&self.db)?;
                copy.row(
                    Table::Tasks,
                    args![row, id.rec, id.item, &t.title, &t.text, &t.deadline, &t.status, t.progress],
                )?;
                row
            }
            None => self
            .db
            .insert_id(
                "INSERT INTO tasks (recommendation, item, title, text, deadline, status, progress) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                args![id.rec, id.item, &t.title, &t.text, &t.deadline, &t.status, t.progress],
            )
            .with_context(|| format!("adding task {id}"))?,
        };
        self.rows.insert(id, row);
        let roles = t
            .lead
            .iter()
            .map(|u| (u, "lead"))
            .chain(t.support.iter().map(|u| (u, "support")));
        for (position, (name, role)) in roles.enumerate() {
            let unit_id = self.unit(name)?;
            let values = args![row, unit_id, role, position as i64 + 1];
            if self.keep(Table::TaskUnits, values)? {
                continue;
            }
            self.db
                .execute(
                    "INSERT INTO task_units (task_id, unit_id, role, position) VALUES (?1, ?2, ?3, ?4)",
                    args![row, unit_id, role, position as i64 + 1],
                )
                .with_context(|| format!("assigning {name} to task {id}"))?;
        }
        Ok(row)
    }

    pub fn event(&mut self, e: &DumpEvent) -> Result<()> {
        let id: TaskId = e
            .task
            .parse()
            .map_err(|_| anyhow!("bad task id {}", e.task))?;
        let row = *self
            .rows
            .get(&id)
            .ok_or_else(|| anyhow!("an event names task {id}, which was not added"))?;
        self.event_at(row, e)
    }

    /// Adds `e`, whose task is already found (by its storage row).
    pub fn event_at(&mut self, row: i64, e: &DumpEvent) -> Result<()> {
        let values = args![
            e.change, row, &e.field, &e.old, &e.new, &e.note, &e.actor, &e.at, &e.entered,
            e.undoes, e.position
        ];
        if self.keep(Table::Events, values)? {
            return Ok(());
        }
        self.db
            .execute(
                "INSERT INTO events (change_id, task_id, field, old, new, note, actor, at, entered, undoes, position) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                args![
                    e.change, row, &e.field, &e.old, &e.new, &e.note, &e.actor, &e.at,
                    &e.entered, e.undoes, e.position
                ],
            )
            .context("recording the history")?;
        Ok(())
    }
}
