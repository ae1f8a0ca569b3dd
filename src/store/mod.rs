//! The only module that speaks SQL. It owns the connection (WAL, busy timeout, foreign keys),
//! the schema and its migrations, and offers a narrow set of typed reads and writes; every
//! write is one IMMEDIATE transaction that changes rows and appends their events together.
//!
//! A second backend (PostgreSQL, for a shared ledger) would implement the same methods, so the
//! SQL sticks to what both accept where that costs nothing.

mod bulk;
mod migrate;

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};

use crate::model::{Status, TaskId, ymd};
use crate::report::{StateChange, TaskState};
use crate::seed::NewTask;
use crate::task::{Event, Field, FieldChange, Recommendation, Task};

pub use migrate::VERSION as SCHEMA_VERSION;

/// Who made a change and when (`at`: local RFC 3339 time).
#[derive(Debug, Clone)]
pub struct Stamp {
    pub actor: String,
    pub at: String,
}

/// Which tasks to read. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub statuses: Vec<Status>,
    pub open_only: bool,
    pub unit: Option<String>,
    pub rec: Option<u32>,
    /// Only tasks whose deadline is strictly before this date.
    pub deadline_before: Option<NaiveDate>,
    /// Only tasks whose deadline is on or before this date.
    pub deadline_until: Option<NaiveDate>,
    /// With `unit`: also the tasks that named the unit as lead or support at any time since this
    /// date (a report for a past week scopes by the units as they were then).
    pub unit_since: Option<NaiveDate>,
    /// Leave each task's full text empty: tables and reports do not show it, and it is most
    /// of a task's bytes.
    pub without_text: bool,
    /// Only ids, statuses, progress and deadlines: no title, text or units (the weekly series
    /// needs nothing else, and reading 100,000 tasks' units is most of its time).
    pub status_only: bool,
}

/// Which events to read, oldest first.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub task: Option<TaskId>,
    /// Events at or after the start of this date.
    pub since: Option<NaiveDate>,
    /// Only the events of the tasks this selects.
    pub tasks: Option<TaskFilter>,
    /// With `since`: before it, still the events of these fields (reports need status changes
    /// all the way back, and the rest only for recent weeks).
    pub earlier_fields: Vec<Field>,
}

/// A recommendation read from a report, with its tasks (their ids are assigned on import).
#[derive(Debug, Clone)]
pub struct Imported {
    pub headline: String,
    pub text: String,
    pub tasks: Vec<NewTask>,
}

/// Where imported text came from: the file's name and the SHA-256 of its bytes.
#[derive(Debug, Clone)]
pub struct ImportSource {
    pub file: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportOutcome {
    Imported {
        numbers: Vec<u32>,
        tasks: usize,
    },
    AlreadyImported {
        file: String,
        numbers: String,
        at: String,
    },
}

/// A unit and the tasks it is named in.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnitStats {
    pub unit: String,
    /// Tasks it leads (牵头).
    pub lead: usize,
    /// Tasks it supports (配合).
    pub support: usize,
    pub open: usize,
    pub overdue: usize,
    pub done: usize,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

// One row per task and unit, in no particular order: `fold_tasks` groups them, orders the
// supporting units by `position` and the tasks by id, which spares SQLite a sort.
const TASK_COLUMNS: &str = "SELECT t.recommendation, t.item, t.title, t.text, t.deadline, t.status, t.progress, tu.role, u.name, tu.position \
     FROM tasks t LEFT JOIN task_units tu ON tu.task_id = t.id LEFT JOIN units u ON u.id = tu.unit_id";
const TASK_ORDER: &str = "";
const OPEN_STATUSES: &str = "('not-started', 'in-progress', 'blocked')";

impl Store {
    /// Opens the ledger at `path`, creating an empty one (schema only) if there is none.
    /// Returns the store and whether it was just created.
    pub fn open_or_create(path: &Path) -> Result<(Store, bool)> {
        if path.is_dir() {
            bail!(
                "{} is a directory, not a ledger file: give a file path with --db",
                path.display()
            );
        }
        let fresh = !path.exists();
        if fresh {
            create_file(path)?;
        }
        let mut conn = connect(path)?;
        let blank = migrate::is_blank(&conn).map_err(|e| friendly(e, path))?;
        // A file that is not ours, or is newer than us, is refused before anything (even the
        // journal mode) is changed in it.
        if !blank {
            migrate::check(&conn, path).map_err(|e| friendly(e, path))?;
        }
        enable_wal(&conn).map_err(|e| friendly(e.into(), path))?;
        if blank {
            migrate::create(&mut conn).map_err(|e| friendly(e, path))?;
        } else {
            migrate::upgrade(&mut conn, path).map_err(|e| friendly(e, path))?;
        }
        Ok((
            Store {
                conn,
                path: path.to_path_buf(),
            },
            blank,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(&mut self) -> Result<Transaction<'_>> {
        let path = self.path.clone();
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| friendly(e.into(), &path))
    }

    /// The plan's start date, from which seeded deadlines count.
    pub fn plan_start(&self) -> Result<Option<NaiveDate>> {
        let value: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'start'", [], |r| {
                r.get(0)
            })
            .optional()
            .context("reading the plan's start date")?;
        Ok(value.and_then(|v| crate::model::parse_ymd(&v)))
    }

    pub fn recommendations(&self) -> Result<Vec<Recommendation>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT number, headline, text FROM recommendations ORDER BY number")?;
        let rows = stmt.query_map([], |r| {
            Ok(Recommendation {
                number: r.get(0)?,
                headline: r.get(1)?,
                text: r.get(2)?,
            })
        })?;
        rows.collect::<Result<_, _>>()
            .context("reading recommendations")
    }

    pub fn recommendation(&self, number: u32) -> Result<Option<Recommendation>> {
        self.conn
            .prepare_cached("SELECT number, headline, text FROM recommendations WHERE number = ?1")?
            .query_row([number], |r| {
                Ok(Recommendation {
                    number: r.get(0)?,
                    headline: r.get(1)?,
                    text: r.get(2)?,
                })
            })
            .optional()
            .context("reading a recommendation")
    }

    /// Every task id, in order.
    pub fn task_ids(&self) -> Result<Vec<TaskId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT recommendation, item FROM tasks ORDER BY recommendation, item",
        )?;
        let rows = stmt.query_map([], |r| Ok(TaskId::new(r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>().context("reading task ids")
    }

    /// Every unit name that leads or supports a task, or ever did.
    pub fn units(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM units ORDER BY name")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>().context("reading units")
    }

    pub fn task(&self, id: TaskId) -> Result<Option<Task>> {
        let sql = format!("{TASK_COLUMNS} WHERE t.recommendation = ?1 AND t.item = ?2{TASK_ORDER}");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query(params![id.rec, id.item])?;
        Ok(fold_tasks(rows).context("reading a task")?.pop())
    }

    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        let (sql, args) = task_query(filter);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query(rusqlite::params_from_iter(args))?;
        fold_tasks(rows).context("reading tasks")
    }

    /// What the weekly series reads, and nothing more: each selected task's row, status and
    /// deadline, and every creation and change of status or deadline of those tasks, from the
    /// (field, at, task_id, old, new) index alone.
    pub fn state_history(&self, filter: &TaskFilter) -> Result<(Vec<TaskState>, Vec<StateChange>)> {
        let (where_sql, args) = task_where(filter);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT t.id, t.status, t.deadline FROM tasks t{where_sql}"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut tasks = Vec::new();
        for row in rows {
            let (row, status, deadline) = row.context("reading tasks")?;
            tasks.push(TaskState {
                row,
                status: status.parse().map_err(anyhow::Error::msg)?,
                deadline: deadline.and_then(|d| crate::model::parse_ymd(&d)),
            });
        }
        let scoped = if where_sql.is_empty() {
            String::new()
        } else {
            format!(" AND e.task_id IN (SELECT t.id FROM tasks t{where_sql})")
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT e.task_id, e.field, e.old, e.new, e.at FROM events e WHERE e.field IN ('created', 'status', 'deadline'){scoped}"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            let field: String = r.get(1)?;
            Ok(StateChange {
                row: r.get(0)?,
                field: field.parse().unwrap_or(Field::Note),
                old: r.get(2)?,
                new: r.get(3)?,
                at: r.get(4)?,
            })
        })?;
        let changes = rows
            .collect::<Result<_, _>>()
            .context("reading the history")?;
        Ok((tasks, changes))
    }

    /// How many tasks the filter selects.
    pub fn count_tasks(&self, filter: &TaskFilter) -> Result<usize> {
        let (where_sql, args) = task_where(filter);
        let sql = format!("SELECT count(*) FROM tasks t{where_sql}");
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))
            .context("counting tasks")?;
        Ok(n as usize)
    }

    pub fn events(&self, filter: &EventFilter) -> Result<Vec<Event>> {
        let (queries, args, refine) = event_queries(filter);
        let since = filter.since.map(ymd);
        let keep = |e: &Event| {
            !refine
                || since.as_deref().is_none_or(|d| e.at.as_str() >= d)
                || filter.earlier_fields.contains(&e.field)
        };
        let mut events = Vec::new();
        let parts = queries.len();
        for (k, sql) in queries.into_iter().enumerate() {
            let lean_part = parts == 2 && k == 0;
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), event_from_row)?;
            for row in rows {
                let e = row.context("reading the history")?;
                if keep(&e) {
                    events.push(e);
                }
            }
            if lean_part {
                events.sort_unstable_by(|a, b| (a.at.as_str(), a.id).cmp(&(b.at.as_str(), b.id)));
            }
        }
        Ok(events)
    }

    /// Fills a blank ledger: the start date, the recommendations, the tasks, and one `created`
    /// event per task, all as one change.
    pub fn seed(
        &mut self,
        start: NaiveDate,
        recs: &[Recommendation],
        tasks: &[NewTask],
        stamp: &Stamp,
        note: &str,
    ) -> Result<()> {
        let path = self.path.clone();
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('start', ?1)",
            [ymd(start)],
        )
        .context("recording the start date")?;
        for rec in recs {
            insert_recommendation(&tx, rec)?;
        }
        let change = next_change_id(&tx)?;
        for task in tasks {
            let row = insert_task(&tx, task)?;
            insert_event(
                &tx,
                change,
                row,
                Field::Created,
                None,
                Some(&task.title),
                Some(note),
                stamp,
            )?;
        }
        tx.commit().map_err(|e| friendly(e.into(), &path))
    }

    /// Adds one task under recommendation `rec` with the next free item number, creating the
    /// recommendation if `new_headline` is given. Returns the new id.
    pub fn add_task(
        &mut self,
        mut task: NewTask,
        new_headline: Option<&str>,
        stamp: &Stamp,
    ) -> Result<TaskId> {
        let path = self.path.clone();
        let tx = self.write()?;
        let rec = task.id.rec;
        let exists: bool = tx
            .query_row(
                "SELECT count(*) FROM recommendations WHERE number = ?1",
                [rec],
                |r| r.get::<_, i64>(0),
            )
            .context("looking up the recommendation")?
            > 0;
        match (exists, new_headline) {
            (true, Some(_)) => bail!(
                "recommendation {rec} already exists: leave out --headline to add a task under it"
            ),
            (false, None) => bail!(
                "no recommendation {rec} (existing: {}): to start it, give its headline with --headline TEXT",
                existing_recs(&tx)?
            ),
            (false, Some(headline)) => insert_recommendation(
                &tx,
                &Recommendation {
                    number: rec,
                    headline: headline.to_string(),
                    text: String::new(),
                },
            )?,
            (true, None) => {}
        }
        let item: u32 = tx
            .query_row(
                "SELECT COALESCE(MAX(item), 0) + 1 FROM tasks WHERE recommendation = ?1",
                [rec],
                |r| r.get(0),
            )
            .context("finding the next free id")?;
        task.id = TaskId::new(rec, item);
        let row = insert_task(&tx, &task)?;
        let change = next_change_id(&tx)?;
        insert_event(
            &tx,
            change,
            row,
            Field::Created,
            None,
            Some(&task.title),
            None,
            stamp,
        )?;
        tx.commit().map_err(|e| friendly(e.into(), &path))?;
        Ok(task.id)
    }

    /// Adds imported recommendations and their tasks as one change, numbering them from
    /// `first` (default: after the highest), unless a file with this hash was imported before.
    pub fn import(
        &mut self,
        recs: &[Imported],
        first: Option<u32>,
        source: &ImportSource,
        stamp: &Stamp,
    ) -> Result<ImportOutcome> {
        let path = self.path.clone();
        let tx = self.write()?;
        let earlier: Option<(String, String, String)> = tx
            .query_row(
                "SELECT file, recommendations, at FROM imports WHERE hash = ?1",
                [&source.hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .context("looking up earlier imports")?;
        if let Some((file, numbers, at)) = earlier {
            return Ok(ImportOutcome::AlreadyImported { file, numbers, at });
        }
        let highest: u32 = tx.query_row(
            "SELECT COALESCE(MAX(number), 0) FROM recommendations",
            [],
            |r| r.get(0),
        )?;
        let first = first.unwrap_or(highest + 1);
        let numbers: Vec<u32> = (first..first + recs.len() as u32).collect();
        for n in &numbers {
            let taken: i64 = tx.query_row(
                "SELECT count(*) FROM recommendations WHERE number = ?1",
                [n],
                |r| r.get(0),
            )?;
            if taken > 0 {
                bail!(
                    "recommendation {n} already exists: importing {} recommendations from {first} needs {first}–{} free (the next free number is {})",
                    recs.len(),
                    first + recs.len() as u32 - 1,
                    highest + 1
                );
            }
        }
        let change = next_change_id(&tx)?;
        let note = format!(
            "imported from {} (sha256 {})",
            source.file,
            &source.hash[..16.min(source.hash.len())]
        );
        let mut count = 0;
        for (rec, &number) in recs.iter().zip(&numbers) {
            insert_recommendation(
                &tx,
                &Recommendation {
                    number,
                    headline: rec.headline.clone(),
                    text: rec.text.clone(),
                },
            )?;
            for (k, task) in rec.tasks.iter().enumerate() {
                let task = NewTask {
                    id: TaskId::new(number, k as u32 + 1),
                    ..task.clone()
                };
                let row = insert_task(&tx, &task)?;
                insert_event(
                    &tx,
                    change,
                    row,
                    Field::Created,
                    None,
                    Some(&task.title),
                    Some(&note),
                    stamp,
                )?;
                count += 1;
            }
        }
        let range = match (numbers.first(), numbers.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        tx.execute(
            "INSERT INTO imports (hash, file, recommendations, actor, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![source.hash, source.file, range, stamp.actor, stamp.at],
        )
        .context("remembering the import")?;
        tx.commit().map_err(|e| friendly(e.into(), &path))?;
        Ok(ImportOutcome::Imported {
            numbers,
            tasks: count,
        })
    }

    /// Changes one task. `plan` sees the task as it is inside the write transaction and returns
    /// the changes to make; they and their events are written together, or nothing is.
    /// With no changes and a note, the note alone is recorded. Returns the changes made.
    pub fn update_task(
        &mut self,
        id: TaskId,
        stamp: &Stamp,
        note: Option<&str>,
        plan: impl FnOnce(&Task) -> Result<Vec<FieldChange>>,
    ) -> Result<Vec<FieldChange>> {
        let path = self.path.clone();
        let current = self.task(id)?.ok_or_else(|| anyhow!("no task {id}"))?;
        let tx = self.write()?;
        // Read again under the write lock: another process may have changed it meanwhile.
        let current = {
            let sql =
                format!("{TASK_COLUMNS} WHERE t.recommendation = ?1 AND t.item = ?2{TASK_ORDER}");
            let mut stmt = tx.prepare_cached(&sql)?;
            let rows = stmt.query(params![id.rec, id.item])?;
            fold_tasks(rows)?.pop().unwrap_or(current)
        };
        let changes = plan(&current)?;
        if changes.is_empty() && note.is_none() {
            return Ok(changes);
        }
        let row = task_row(&tx, id)?;
        record_changes(&tx, row, &changes, note, stamp)?;
        tx.commit().map_err(|e| friendly(e.into(), &path))?;
        Ok(changes)
    }

    /// How many tasks have each status.
    pub fn status_counts(&self) -> Result<Vec<(Status, usize)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT status, count(*) FROM tasks GROUP BY status")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut counts = Vec::new();
        for row in rows {
            let (status, n) = row.context("counting tasks")?;
            counts.push((status.parse().map_err(anyhow::Error::msg)?, n as usize));
        }
        Ok(counts)
    }

    /// Every unit named in a task, with its counts; overdue means open with a deadline before `today`.
    pub fn unit_stats(&self, today: NaiveDate) -> Result<Vec<UnitStats>> {
        let sql = format!(
            "SELECT u.name, \
               SUM(CASE WHEN tu.role = 'lead' THEN 1 ELSE 0 END), \
               SUM(CASE WHEN tu.role = 'support' THEN 1 ELSE 0 END), \
               SUM(CASE WHEN t.status IN {OPEN_STATUSES} THEN 1 ELSE 0 END), \
               SUM(CASE WHEN t.status IN {OPEN_STATUSES} AND t.deadline < ?1 THEN 1 ELSE 0 END), \
               SUM(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END) \
             FROM units u JOIN task_units tu ON tu.unit_id = u.id JOIN tasks t ON t.id = tu.task_id \
             GROUP BY u.name ORDER BY u.name"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([ymd(today)], |r| {
            let n = |i| r.get::<_, i64>(i).map(|v| v as usize);
            Ok(UnitStats {
                unit: r.get(0)?,
                lead: n(1)?,
                support: n(2)?,
                open: n(3)?,
                overdue: n(4)?,
                done: n(5)?,
            })
        })?;
        rows.collect::<Result<_, _>>()
            .context("counting tasks by unit")
    }

    /// Changes every task the filter selects, in one transaction: `plan` sees each task and
    /// returns its changes (recorded as one change per task). Returns how many tasks changed.
    pub fn update_all(
        &mut self,
        filter: &TaskFilter,
        stamp: &Stamp,
        mut plan: impl FnMut(&Task) -> Result<Vec<FieldChange>>,
    ) -> Result<usize> {
        let path = self.path.clone();
        let tx = self.write()?;
        let tasks = {
            let (sql, args) = task_query(filter);
            let mut stmt = tx.prepare_cached(&sql)?;
            let rows = stmt.query(rusqlite::params_from_iter(args))?;
            fold_tasks(rows)?
        };
        let mut changed = 0;
        for task in &tasks {
            let changes = plan(task)?;
            if changes.is_empty() {
                continue;
            }
            let row = task_row(&tx, task.id)?;
            record_changes(&tx, row, &changes, None, stamp)?;
            changed += 1;
        }
        tx.commit().map_err(|e| friendly(e.into(), &path))?;
        Ok(changed)
    }

    /// The events of the latest change that set a field (notes and new tasks are history, not
    /// changes to revert), by `actor` if given.
    pub fn latest_change(&self, actor: Option<&str>) -> Result<Option<Vec<Event>>> {
        // Walks the change index backwards to the first match, rather than scanning for a MAX.
        let latest: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT change_id FROM events WHERE field NOT IN ('note', 'created') AND (?1 IS NULL OR actor = ?1) \
                 ORDER BY change_id DESC LIMIT 1",
            )?
            .query_row([actor], |r| r.get(0))
            .optional()
            .context("finding the latest change")?;
        let Some(change) = latest else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.change_id, t.recommendation, t.item, e.field, e.old, e.new, e.note, e.actor, e.at \
             FROM events e JOIN tasks t ON t.id = e.task_id WHERE e.change_id = ?1 ORDER BY e.id",
        )?;
        let rows = stmt.query_map([change], event_from_row)?;
        Ok(Some(
            rows.collect::<Result<_, _>>()
                .context("reading the latest change")?,
        ))
    }

    /// Runs `f` inside one read transaction, so that several reads see one moment even while
    /// other processes write.
    pub fn snapshot<T>(&mut self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        self.conn
            .execute_batch("BEGIN")
            .map_err(|e| friendly(e.into(), &path))?;
        let result = f(self);
        let end = self
            .conn
            .execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let value = result?;
        end.map_err(|e| friendly(e.into(), &path))?;
        Ok(value)
    }
}

/// The statements that read `filter`'s events (oldest first), their arguments, and whether the
/// rows still need `since` and `earlier_fields` applied in Rust.
///
/// Events of a few tasks are read through the task index and refined afterwards, rather than
/// letting SQLite walk the time index of the whole history. Otherwise: before `since` only the
/// `earlier_fields`, answered from the (field, at, task_id, old, new) index alone (so without
/// change, note and actor, which the report's trend does not need); from `since` on, all.
fn event_queries(filter: &EventFilter) -> (Vec<String>, Vec<rusqlite::types::Value>, bool) {
    let (task_sql, mut args) = match &filter.tasks {
        Some(tasks) => task_where(tasks),
        None => (String::new(), Vec::new()),
    };
    let mut conds: Vec<String> = Vec::new();
    if !task_sql.is_empty() {
        conds.push(format!("e.task_id IN (SELECT t.id FROM tasks t{task_sql})"));
    }
    if let Some(id) = filter.task {
        args.push(i64::from(id.rec).into());
        args.push(i64::from(id.item).into());
        conds.push(format!(
            "t.recommendation = ?{} AND t.item = ?{}",
            args.len() - 1,
            args.len()
        ));
    }
    let select = |extra: &[String], lean: bool| {
        let all: Vec<&str> = conds.iter().chain(extra).map(String::as_str).collect();
        let where_sql = if all.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", all.join(" AND "))
        };
        let columns = if lean {
            "e.id, 0, t.recommendation, t.item, e.field, e.old, e.new, NULL, '', e.at"
        } else {
            "e.id, e.change_id, t.recommendation, t.item, e.field, e.old, e.new, e.note, e.actor, e.at"
        };
        // The lean part comes in index order (by field, then time) and is sorted in Rust:
        // cheaper than SQLite's sort of a quarter of a million rows.
        let order = if lean { "" } else { " ORDER BY e.at, e.id" };
        format!("SELECT {columns} FROM events e JOIN tasks t ON t.id = e.task_id{where_sql}{order}")
    };
    if !conds.is_empty() {
        let refine = filter.since.is_some();
        return (vec![select(&[], false)], args, refine);
    }
    let Some(since) = filter.since else {
        return (vec![select(&[], false)], args, false);
    };
    args.push(ymd(since).into());
    let p = format!("?{}", args.len());
    let mut queries = Vec::new();
    if !filter.earlier_fields.is_empty() {
        let fields: Vec<String> = filter
            .earlier_fields
            .iter()
            .map(|f| format!("'{}'", f.name()))
            .collect();
        queries.push(select(
            &[
                format!("e.field IN ({})", fields.join(", ")),
                format!("e.at < {p}"),
            ],
            true,
        ));
    }
    queries.push(select(&[format!("e.at >= {p}")], false));
    (queries, args, false)
}

/// The SQL and arguments that select the tasks `filter` asks for, with their units.
fn task_query(filter: &TaskFilter) -> (String, Vec<rusqlite::types::Value>) {
    let (where_sql, args) = task_where(filter);
    if filter.status_only {
        let columns = "SELECT t.recommendation, t.item, '', '', t.deadline, t.status, t.progress, NULL, NULL, NULL FROM tasks t";
        return (format!("{columns}{where_sql}"), args);
    }
    let mut columns = TASK_COLUMNS.to_string();
    if filter.without_text {
        columns = columns.replacen("t.text", "''", 1);
    }
    (format!("{columns}{where_sql}{TASK_ORDER}"), args)
}

/// The WHERE clause (on `tasks t`) for a filter, and its arguments.
fn task_where(filter: &TaskFilter) -> (String, Vec<rusqlite::types::Value>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut arg = |v: rusqlite::types::Value| {
        args.push(v);
        format!("?{}", args.len())
    };
    if !filter.statuses.is_empty() {
        let list: Vec<String> = filter
            .statuses
            .iter()
            .map(|s| arg(s.name().to_string().into()))
            .collect();
        clauses.push(format!("t.status IN ({})", list.join(", ")));
    }
    if filter.open_only {
        // Written as NOT IN so that SQLite scans the table in order rather than jumping to
        // each open task through the status index: most tasks are open.
        clauses.push("t.status NOT IN ('done', 'cancelled')".to_string());
    }
    if let Some(rec) = filter.rec {
        clauses.push(format!("t.recommendation = {}", arg(i64::from(rec).into())));
    }
    if let Some(unit) = &filter.unit {
        let p = arg(unit.clone().into());
        let now = format!(
            "t.id IN (SELECT task_id FROM task_units WHERE unit_id = (SELECT id FROM units WHERE name = {p}))"
        );
        match filter.unit_since {
            None => clauses.push(now),
            Some(since) => {
                let d = arg(ymd(since).into());
                clauses.push(format!(
                    "({now} OR t.id IN (SELECT task_id FROM events WHERE field IN ('lead', 'support') AND at >= {d} AND (old = {p} OR new = {p})))"
                ));
            }
        }
    }
    if let Some(d) = filter.deadline_before {
        clauses.push(format!("t.deadline < {}", arg(ymd(d).into())));
    }
    if let Some(d) = filter.deadline_until {
        clauses.push(format!("t.deadline <= {}", arg(ymd(d).into())));
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (where_sql, args)
}

/// Applies `changes` to task `row` and appends their events as one change. The note explains
/// the whole change, so it is kept once, on the first event; a note alone is a `note` event.
fn record_changes(
    tx: &Transaction<'_>,
    row: i64,
    changes: &[FieldChange],
    note: Option<&str>,
    stamp: &Stamp,
) -> Result<()> {
    let change = next_change_id(tx)?;
    for (i, c) in changes.iter().enumerate() {
        apply_field(tx, row, c)?;
        let note = if i == 0 { note } else { None };
        insert_event(
            tx,
            change,
            row,
            c.field,
            c.old.as_deref(),
            c.new.as_deref(),
            note,
            stamp,
        )?;
    }
    if changes.is_empty() && note.is_some() {
        insert_event(tx, change, row, Field::Note, None, None, note, stamp)?;
    }
    Ok(())
}

fn task_row(tx: &Transaction<'_>, id: TaskId) -> Result<i64> {
    tx.prepare_cached("SELECT id FROM tasks WHERE recommendation = ?1 AND item = ?2")?
        .query_row(params![id.rec, id.item], |r| r.get(0))
        .with_context(|| format!("finding task {id}"))
}

fn existing_recs(tx: &Transaction<'_>) -> Result<String> {
    let mut stmt = tx.prepare_cached("SELECT number FROM recommendations ORDER BY number")?;
    let numbers: Vec<String> = stmt
        .query_map([], |r| r.get::<_, i64>(0))?
        .map(|n| n.map(|n| n.to_string()))
        .collect::<Result<_, _>>()?;
    Ok(if numbers.is_empty() {
        "none yet".into()
    } else {
        numbers.join(", ")
    })
}

fn insert_recommendation(tx: &Transaction<'_>, rec: &Recommendation) -> Result<()> {
    tx.execute(
        "INSERT INTO recommendations (number, headline, text) VALUES (?1, ?2, ?3)",
        params![rec.number, rec.headline, rec.text],
    )
    .with_context(|| format!("adding recommendation {}", rec.number))?;
    Ok(())
}

/// Inserts a task and its units; returns its row id.
fn insert_task(tx: &Transaction<'_>, task: &NewTask) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO tasks (recommendation, item, title, text, deadline, status, progress) VALUES (?1, ?2, ?3, ?4, ?5, 'not-started', 0)",
    )?
    .execute(params![task.id.rec, task.id.item, task.title, task.text, task.deadline.map(ymd)])
    .with_context(|| format!("adding task {}", task.id))?;
    let row = tx.last_insert_rowid();
    if let Some(lead) = &task.lead {
        set_unit(tx, row, lead, "lead")?;
    }
    for unit in &task.support {
        set_unit(tx, row, unit, "support")?;
    }
    Ok(row)
}

fn unit_id(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    tx.prepare_cached("INSERT INTO units (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
        .execute([name])
        .with_context(|| format!("adding unit {name}"))?;
    tx.prepare_cached("SELECT id FROM units WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .with_context(|| format!("finding unit {name}"))
}

fn set_unit(tx: &Transaction<'_>, row: i64, name: &str, role: &str) -> Result<()> {
    let unit = unit_id(tx, name)?;
    tx.prepare_cached(
        "INSERT INTO task_units (task_id, unit_id, role, position) \
         VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM task_units WHERE task_id = ?1))",
    )?
    .execute(params![row, unit, role])
    .with_context(|| format!("assigning {name} as {role}"))?;
    Ok(())
}

fn remove_unit(tx: &Transaction<'_>, row: i64, name: &str, role: &str) -> Result<()> {
    tx.prepare_cached(
        "DELETE FROM task_units WHERE task_id = ?1 AND role = ?2 AND unit_id = (SELECT id FROM units WHERE name = ?3)",
    )?
    .execute(params![row, role, name])
    .with_context(|| format!("removing {name} as {role}"))?;
    // A unit no task names any more is forgotten (the history keeps its name).
    tx.prepare_cached(
        "DELETE FROM units WHERE name = ?1 AND NOT EXISTS (SELECT 1 FROM task_units WHERE unit_id = units.id)",
    )?
    .execute([name])
    .with_context(|| format!("tidying unit {name}"))?;
    Ok(())
}

/// Writes one field change to the task's row (or its units).
fn apply_field(tx: &Transaction<'_>, row: i64, change: &FieldChange) -> Result<()> {
    let column = match change.field {
        Field::Title => "title",
        Field::Text => "text",
        Field::Status => "status",
        Field::Progress => "progress",
        Field::Deadline => "deadline",
        Field::Lead | Field::Support => {
            let role = if change.field == Field::Lead {
                "lead"
            } else {
                "support"
            };
            if let Some(old) = &change.old {
                remove_unit(tx, row, old, role)?;
            }
            if let Some(new) = &change.new {
                set_unit(tx, row, new, role)?;
            }
            return Ok(());
        }
        Field::Created | Field::Note => return Ok(()),
    };
    let value: Option<rusqlite::types::Value> = match (change.field, &change.new) {
        (Field::Progress, Some(v)) => {
            Some(v.parse::<i64>().context("progress is not a number")?.into())
        }
        (_, v) => v.clone().map(Into::into),
    };
    tx.execute(
        &format!("UPDATE tasks SET {column} = ?1 WHERE id = ?2"),
        params![value, row],
    )
    .with_context(|| format!("changing {column}"))?;
    Ok(())
}

fn next_change_id(tx: &Transaction<'_>) -> Result<i64> {
    tx.prepare_cached("SELECT COALESCE(MAX(change_id), 0) + 1 FROM events")?
        .query_row([], |r| r.get(0))
        .context("numbering the change")
}

#[allow(clippy::too_many_arguments)]
fn insert_event(
    tx: &Transaction<'_>,
    change: i64,
    row: i64,
    field: Field,
    old: Option<&str>,
    new: Option<&str>,
    note: Option<&str>,
    stamp: &Stamp,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO events (change_id, task_id, field, old, new, note, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![change, row, field.name(), old, new, note, stamp.actor, stamp.at])
    .context("recording the change")?;
    Ok(())
}

fn event_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    let field: String = r.get(4)?;
    Ok(Event {
        id: r.get(0)?,
        change_id: r.get(1)?,
        task: TaskId::new(r.get(2)?, r.get(3)?),
        field: field.parse().unwrap_or(Field::Note),
        old: r.get(5)?,
        new: r.get(6)?,
        note: r.get(7)?,
        actor: r.get(8)?,
        at: r.get(9)?,
    })
}

/// Folds the task/unit join (one row per task and unit) into tasks.
fn fold_tasks(mut rows: rusqlite::Rows<'_>) -> Result<Vec<Task>> {
    let mut tasks: Vec<Task> = Vec::new();
    let mut index: HashMap<TaskId, usize> = HashMap::new();
    // (task, position, name) of every supporting unit.
    let mut support: Vec<(usize, i64, String)> = Vec::new();
    while let Some(r) = rows.next()? {
        let id = TaskId::new(r.get(0)?, r.get(1)?);
        let slot = match index.get(&id) {
            Some(&slot) => slot,
            None => {
                let status: String = r.get(5)?;
                let deadline: Option<String> = r.get(4)?;
                tasks.push(Task {
                    id,
                    title: r.get(2)?,
                    text: r.get(3)?,
                    lead: None,
                    support: Vec::new(),
                    deadline: deadline.and_then(|d| crate::model::parse_ymd(&d)),
                    status: status
                        .parse()
                        .map_err(|e: String| anyhow!("task {id}: {e}"))?,
                    progress: r.get(6)?,
                });
                index.insert(id, tasks.len() - 1);
                tasks.len() - 1
            }
        };
        let role: Option<String> = r.get(7)?;
        let unit: Option<String> = r.get(8)?;
        match (role.as_deref(), unit) {
            (Some("lead"), Some(u)) => tasks[slot].lead = Some(u),
            (Some("support"), Some(u)) => {
                support.push((slot, r.get::<_, Option<i64>>(9)?.unwrap_or(0), u))
            }
            _ => {}
        }
    }
    support.sort();
    for (slot, _, unit) in support {
        tasks[slot].support.push(unit);
    }
    tasks.sort_by_key(|t| t.id);
    Ok(tasks)
}

/// Creates the database file readable and writable by its owner only.
pub(crate) fn create_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the folder {}", dir.display()))?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    Ok(())
}

fn connect(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| friendly(e.into(), path))?;
    let setup = || -> rusqlite::Result<()> {
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "foreign_keys", true)
    };
    setup().map_err(|e| friendly(e.into(), path))?;
    Ok(conn)
}

/// WAL lets readers go on while one process writes; FULL sync makes every commit durable.
fn enable_wal(conn: &Connection) -> rusqlite::Result<()> {
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")
}

/// Turns SQLite's failures that a user can cause into messages about the ledger file.
pub fn friendly(err: anyhow::Error, path: &Path) -> anyhow::Error {
    let code = err
        .chain()
        .find_map(|e| match e.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqliteFailure(f, _)) => Some(f.code),
            _ => None,
        });
    let p = path.display();
    match code {
        Some(ErrorCode::NotADatabase) => {
            anyhow!("{p} is not a tracker ledger (not an SQLite database)")
        }
        Some(ErrorCode::ReadOnly) => anyhow!("{p} is read-only: changes cannot be recorded"),
        Some(ErrorCode::CannotOpen) => {
            anyhow!("cannot open {p}: check that its folder exists and is writable")
        }
        Some(ErrorCode::PermissionDenied) => anyhow!("permission denied opening {p}"),
        Some(ErrorCode::DatabaseCorrupt) => {
            anyhow!("{p} is damaged (SQLite reports corruption): restore it from a backup")
        }
        Some(ErrorCode::DiskFull) => anyhow!("the disk holding {p} is full: nothing was recorded"),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            anyhow!(
                "{p} stayed busy for 30 seconds (another tracker is writing): nothing was recorded, try again"
            )
        }
        _ => err,
    }
}

#[cfg(test)]
mod plans {
    //! The hot queries use the indexes chosen for them (read off `EXPLAIN QUERY PLAN`), so a
    //! schema or query change that would make them scan the whole table fails here.

    use super::*;

    fn plan(store: &Store, sql: &str, args: &[rusqlite::types::Value]) -> String {
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                r.get::<_, String>(3)
            })
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    }

    #[test]
    fn hot_queries_use_their_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open_or_create(&dir.path().join("t.db")).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        store
            .bulk(|l| {
                crate::synth::generate(300, 6, 1, today, &mut |item| match item {
                    crate::synth::Item::Meta(k, v) => l.meta(k, &v),
                    crate::synth::Item::Recommendation(r) => l.recommendation(&r),
                    crate::synth::Item::Task(t) => l.task(&t),
                    crate::synth::Item::Event(e) => l.event(&e),
                })
            })
            .unwrap();
        let check = |sql: &str, args: &[rusqlite::types::Value], index: &str| {
            let p = plan(&store, sql, args);
            assert!(
                p.contains(index),
                "expected {index} in the plan of\n{sql}\ngot: {p}"
            );
        };
        let id = vec![
            rusqlite::types::Value::Integer(3),
            rusqlite::types::Value::Integer(2),
        ];
        // show / update: one task by its id.
        check(
            &format!("{TASK_COLUMNS} WHERE t.recommendation = ?1 AND t.item = ?2"),
            &id,
            "sqlite_autoindex_tasks_1",
        );
        // show / history ID: one task's events.
        let (queries, args, _) = event_queries(&EventFilter {
            task: Some(TaskId::new(3, 2)),
            ..Default::default()
        });
        check(&queries[0], &args, "events_task");
        // list --owner: from the unit to its tasks.
        let (sql, args) = task_query(&TaskFilter {
            unit: Some("组织科".into()),
            ..Default::default()
        });
        check(&sql, &args, "task_units_unit");
        // list --status blocked.
        let (sql, args) = task_query(&TaskFilter {
            statuses: vec![Status::Blocked],
            ..Default::default()
        });
        check(&sql, &args, "tasks_status");
        // report: status changes before the week from the covering index, the rest by time.
        let filter = EventFilter {
            since: Some(today),
            earlier_fields: vec![Field::Status],
            ..Default::default()
        };
        let (queries, args) = {
            let (q, a, _) = event_queries(&filter);
            (q, a)
        };
        check(&queries[0], &args, "COVERING INDEX events_field_at");
        check(&queries[1], &args, "events_at");
        // every write: the next change number; undo: the latest change.
        check(
            "SELECT COALESCE(MAX(change_id), 0) + 1 FROM events",
            &[],
            "events_change",
        );
        check(
            "SELECT change_id FROM events WHERE field NOT IN ('note', 'created') AND (?1 IS NULL OR actor = ?1) ORDER BY change_id DESC LIMIT 1",
            &[rusqlite::types::Value::Null],
            "events_change",
        );
    }
}
