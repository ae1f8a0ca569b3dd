//! Reads of the history: events, state changes for the reports, the latest notes.

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::super::db::{Db, Dialect, Row, Scan, args};
use super::{NOTE_KIND, Query, is_broad, only_rows, push_arg, rows_in, task_where};
use crate::model::{TaskId, ymd};
use crate::report::StateChange;
use crate::report::news::NewsMark;
use crate::store::{EventFilter, Store, TaskFilter};
use crate::task::{Event, Field};

impl Store {
    /// When the ledger's latest change is dated (its `at`, local RFC 3339 with its offset;
    /// the latest by instant), or `None` for a ledger with no change yet: what a command that
    /// reads the ledger as it stands (`notice`) may not be dated before.
    pub fn latest_change_at(&self) -> Result<Option<String>> {
        crate::store::record::latest_change(&self.db())
    }
    /// The selected tasks' changes of `fields` (and creations, if asked) dated on or after
    /// `since`, from the (field, at, task_id, old, new) index alone; in no particular order.
    pub fn state_changes(
        &self,
        filter: &TaskFilter,
        fields: &[Field],
        since: Option<NaiveDate>,
    ) -> Result<Vec<StateChange>> {
        let db = self.db();
        let (sql, args) = changes_query(db.dialect(), filter, fields, since);
        // Hundreds of thousands of rows: text read in place (`Db::scan`), kept as numbers.
        let mut changes = Vec::new();
        db.scan(&sql, &args, |rows: &Scan| {
            let text = |i| rows.text(i).and_then(|b| std::str::from_utf8(b).ok());
            let (at, field) = (text(4).unwrap_or_default(), text(2).unwrap_or_default());
            if let Some(c) = StateChange::from_event(rows.int(0), rows.int(1), field, text(3), at) {
                changes.push(c);
            }
            Ok(())
        })
        .context("reading the history")?;
        Ok(changes)
    }
    /// How many changes (distinct change ids: an update of status and progress is one change,
    /// as `undo` and `history` count them) touching the selected tasks, dated up to the end of
    /// `until` (local date), were entered after `ended` (UTC RFC 3339, as `entered` is
    /// written). Events from before `entered` was kept are not counted.
    pub fn count_entered_after(
        &self,
        filter: &TaskFilter,
        until: NaiveDate,
        ended: &str,
    ) -> Result<usize> {
        let db = self.db();
        let (where_sql, mut args) = task_where(db.dialect(), filter);
        let end = push_arg(&mut args, ymd(until + chrono::Days::new(1)).into());
        let cut = push_arg(&mut args, ended.to_string().into());
        let mut sql = format!(
            "SELECT count(DISTINCT e.change_id) FROM events e WHERE e.entered > {cut} AND e.at < {end}"
        );
        if !where_sql.is_empty() {
            sql.push_str(&format!(
                " AND e.task_id IN (SELECT t.id FROM tasks t{where_sql})"
            ));
        }
        let n: i64 = db
            .value(&sql, &args)
            .context("counting changes entered late")?;
        Ok(n as usize)
    }
    /// What `report::news` judges of every event of the selected tasks dated from `from` to
    /// `to` (inclusive), withdrawn ones and withdrawals included, as (task's storage row, mark),
    /// in no order. The weekly report's tasks with news (`report::news::tasks_with_news`).
    pub fn period_news(
        &self,
        filter: &TaskFilter,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(i64, NewsMark)>> {
        let db = self.db();
        let (sql, args) = news_query(db.dialect(), filter, from, to);
        db.query(&sql, &args)
            .context("reading the history")?
            .iter()
            .map(|r| {
                let field: String = r.get(2)?;
                let field = field.parse().unwrap_or(Field::Note);
                let old_and_new: bool = r.get(5)?;
                Ok((
                    r.get(0)?,
                    NewsMark {
                        change_id: r.get(1)?,
                        undoes: r.get(3)?,
                        field,
                        withdrawn: r.get(4)?,
                        rename: crate::task::is_rename(field, old_and_new, r.get(6)?),
                    },
                ))
            })
            .collect()
    }
    /// Each selected task's latest progress note dated before `before` (local date), as the
    /// event that carries it: a note, or a change recorded with `--note`. Not a withdrawn note,
    /// an undo, or a change a later undo took back. At most one per task, as (task row → event id); the events are read by
    /// `events_by_id`.
    /// The weekly report's 最新进展 for a task with no note in the period.
    pub(in crate::store) fn latest_note_ids(
        &self,
        tasks: &TaskFilter,
        before: NaiveDate,
    ) -> Result<std::collections::HashMap<i64, i64>> {
        let db = self.db();
        let d = db.dialect();
        let (sql, args) = if d == Dialect::Postgres {
            // Chosen on the server, mostly kept as written (`postgres::marks`): one row a
            // task crosses the network, not every note.
            crate::store::postgres::marks::latest_notes(tasks, before)
        } else {
            latest_notes_query(d, tasks, before)
        };
        // The latest note of each task found here, then read: grouped in SQL, the notes were
        // either walked through `events_task` (a table page per note, 110,000 page reads at
        // 10,000 tasks whose history was written in time order) or sorted in a temporary
        // b-tree that the 256 KiB cache spilled to a file.
        let mut latest: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        db.scan(&sql, &args, |rows| {
            let id = latest.entry(rows.int(0)).or_insert(i64::MIN);
            *id = (*id).max(rows.int(1));
            Ok(())
        })
        .context("reading the latest notes")?;
        Ok(latest)
    }

    /// The events carrying a note among those of the changes `changes` (`Event::change_id`),
    /// in no order: what an undo of one of them withdrew with it (`report::news::
    /// name_withdrawn_notes`). Read through the change index, however old the changes.
    pub fn noted_events_of_changes(&self, changes: &[i64]) -> Result<Vec<Event>> {
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let db = self.db();
        let mut ids = changes.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let list = serde_json::to_string(&ids).expect("a list of numbers is JSON");
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN tasks t ON t.id = e.task_id \
             WHERE e.change_id IN {} AND e.note IS NOT NULL",
            db.dialect().json_ids("?1")
        );
        db.query(&sql, args![list])
            .context("reading the notes of the changes taken back")?
            .iter()
            .map(event_from_row)
            .collect::<Result<_>>()
            .context("reading the notes of the changes taken back")
    }

    /// The events with these ids (each a task's, joined with its task), in no order.
    pub(in crate::store) fn events_by_id(&self, mut ids: Vec<i64>) -> Result<Vec<Event>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let db = self.db();
        ids.sort_unstable();
        let list = serde_json::to_string(&ids).expect("a list of numbers is JSON");
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN tasks t ON t.id = e.task_id WHERE e.id IN {}",
            db.dialect().json_ids("?1")
        );
        db.query(&sql, args![list])
            .context("reading the latest notes")?
            .iter()
            .map(event_from_row)
            .collect::<Result<_>>()
            .context("reading the latest notes")
    }
    /// The events that can change which units a task has (created, lead, support), from
    /// `since` on (every one when `None`), oldest first: what a view of the units as they
    /// stood on an earlier day takes back.
    pub fn unit_changes(&self, since: Option<NaiveDate>) -> Result<Vec<Event>> {
        self.events(&EventFilter {
            since,
            fields: vec![Field::Created, Field::Lead, Field::Support],
            ..Default::default()
        })
    }
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<Event>> {
        let mut events = Vec::new();
        self.each_event(filter, |e| {
            events.push(e);
            Ok(())
        })?;
        Ok(events)
    }
    /// `events`, each handed to `f` as it is read: a ledger's whole history can be a million
    /// changes.
    pub fn each_event(
        &self,
        filter: &EventFilter,
        mut f: impl FnMut(Event) -> Result<()>,
    ) -> Result<()> {
        let db = self.db();
        let (sql, args) = event_query(db.dialect(), filter);
        match db {
            // A whole history streamed, never held in memory at once.
            Db::Sqlite(conn) => {
                let lite: Vec<rusqlite::types::Value> =
                    args.iter().map(crate::store::db::lite).collect();
                let mut stmt = conn.prepare_cached(&sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(lite))?;
                while let Some(row) = rows.next().context("reading the history")? {
                    f(event_from_lite(row).context("reading the history")?)?;
                }
            }
            Db::Pg(_) => {
                for row in db.query(&sql, &args).context("reading the history")? {
                    f(event_from_row(&row).context("reading the history")?)?;
                }
            }
        }
        Ok(())
    }
}

/// `Store::latest_notes_before`'s first statement: (task row, event id) of each of the
/// selected tasks' notes dated before `before` that still stand.
pub(in crate::store) fn latest_notes_query(
    d: Dialect,
    tasks: &TaskFilter,
    before: NaiveDate,
) -> Query {
    let mut args = Vec::new();
    // Most tasks: every event read once in the table's order, as `marks` reads them (a
    // lookup per task read a table page per event); a few: through `events_task`.
    let (task, at) = if is_broad(tasks) {
        (d.unindexed("e.task_id"), d.unindexed("e.at"))
    } else {
        ("e.task_id".to_string(), "e.at".to_string())
    };
    let of_tasks = if only_rows(tasks) {
        format!(
            "{} AND ",
            rows_in(d, "e.task_id", tasks, &mut |v| push_arg(&mut args, v))
        )
    } else {
        let task_sql;
        (task_sql, args) = task_where(d, tasks);
        // Every task: no condition. `IN (SELECT t.id FROM tasks t)` without a WHERE is
        // checked by a lookup in `tasks` per event, at random when the history is in time
        // order (97,000 page reads at 10,000 tasks); with one, SQLite lists the ids first.
        if task_sql.is_empty() {
            String::new()
        } else {
            format!("{task} IN (SELECT t.id FROM tasks t{task_sql}) AND ")
        }
    };
    let end = push_arg(&mut args, ymd(before).into());
    let sql = format!(
        "SELECT e.task_id, e.id FROM events e WHERE {of_tasks}{at} < {end} \
           AND {NOTE_KIND} AND e.change_id NOT IN {taken_back}",
        taken_back = taken_back!(),
    );
    (sql, args)
}

/// `state_changes`: the (field, at, task_id, old, new) index alone.
pub(in crate::store) fn changes_query(
    d: Dialect,
    filter: &TaskFilter,
    fields: &[Field],
    since: Option<NaiveDate>,
) -> Query {
    let (where_sql, mut args) = task_where(d, filter);
    let names: Vec<String> = fields.iter().map(|f| format!("'{}'", f.name())).collect();
    let mut sql = format!(
        "SELECT e.id, e.task_id, e.field, e.old, e.at FROM events e WHERE e.field IN ({})",
        names.join(", ")
    );
    if let Some(d) = since {
        sql.push_str(&format!(
            " AND e.at >= {}",
            push_arg(&mut args, ymd(d).into())
        ));
    }
    if !where_sql.is_empty() {
        sql.push_str(&format!(
            " AND e.task_id IN (SELECT t.id FROM tasks t{where_sql})"
        ));
    }
    (sql, args)
}

/// `period_news`: each event of the selected tasks dated in the range, the columns of
/// `NewsMark` (task row, change, field, undoes, withdrawn, old and new both set, position).
pub(in crate::store) fn news_query(
    d: Dialect,
    filter: &TaskFilter,
    from: NaiveDate,
    to: NaiveDate,
) -> Query {
    let (where_sql, mut args) = task_where(d, filter);
    let from = push_arg(&mut args, ymd(from).into());
    let until = push_arg(&mut args, ymd(to + chrono::Days::new(1)).into());
    // Every field named, so that the time range is read from the (field, at, task_id) index.
    let fields: Vec<String> = Field::ALL
        .iter()
        .map(|f| format!("'{}'", f.name()))
        .collect();
    let mut sql = format!(
        concat!(
            "SELECT e.task_id, e.change_id, e.field, e.undoes, ",
            withdrawn!(),
            ", (e.old IS NOT NULL AND e.new IS NOT NULL), e.position FROM events e \
             WHERE e.field IN ({}) AND e.at >= {} AND e.at < {}"
        ),
        fields.join(", "),
        from,
        until
    );
    if !where_sql.is_empty() {
        sql.push_str(&format!(
            " AND e.task_id IN (SELECT t.id FROM tasks t{where_sql})"
        ));
    }
    (sql, args)
}

/// The statement that reads `filter`'s events, oldest first, and its arguments.
pub(in crate::store) fn event_query(d: Dialect, filter: &EventFilter) -> Query {
    let mut conds: Vec<String> = Vec::new();
    let mut args = Vec::new();
    match &filter.tasks {
        Some(tasks) if only_rows(tasks) => conds.push(rows_in(d, "e.task_id", tasks, &mut |v| {
            push_arg(&mut args, v)
        })),
        Some(tasks) => {
            let task_sql;
            (task_sql, args) = task_where(d, tasks);
            if !task_sql.is_empty() {
                conds.push(format!("e.task_id IN (SELECT t.id FROM tasks t{task_sql})"));
            }
        }
        None => {}
    }
    if let Some(id) = filter.task {
        let rec = push_arg(&mut args, i64::from(id.rec).into());
        let item = push_arg(&mut args, i64::from(id.item).into());
        conds.push(format!("t.recommendation = {rec} AND t.item = {item}"));
    }
    if !filter.fields.is_empty() {
        let names: Vec<String> = filter
            .fields
            .iter()
            .map(|f| format!("'{}'", f.name()))
            .collect();
        conds.push(format!("e.field IN ({})", names.join(", ")));
    }
    if filter.live {
        conds.push(concat!("NOT ", withdrawn!()).to_string());
    }
    if let Some(since) = filter.since {
        conds.push(format!(
            "e.at >= {}",
            push_arg(&mut args, ymd(since).into())
        ));
    }
    if let Some(until) = filter.until {
        let end = ymd(until + chrono::Days::new(1));
        conds.push(format!("e.at < {}", push_arg(&mut args, end.into())));
    }
    let where_sql = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    // In the order they happened. The whole history streams from `events_instant`; a
    // selection is found through its own index (time range, task) and its few rows sorted, so
    // there the order is written so that it does not match `events_instant` (`+ 0`), which
    // would otherwise tempt the planner into scanning every event in order.
    let instant = if conds.is_empty() {
        d.instant("e.at")
    } else {
        format!("{} + 0", d.instant("e.at"))
    };
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN tasks t ON t.id = e.task_id{where_sql} \
         ORDER BY {instant}, e.id"
    );
    (sql, args)
}

/// What `event_from_row` reads, in its order.
pub(in crate::store) const EVENT_COLUMNS: &str = concat!(
    "e.id, e.change_id, t.recommendation, t.item, e.field, e.old, e.new, e.note, e.actor, e.at, e.entered, e.undoes, e.position, ",
    withdrawn!()
);

/// An event from a row of `EVENT_COLUMNS`.
pub(in crate::store) fn event_from_row(r: &Row) -> Result<Event> {
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
        entered: r.get(10)?,
        undoes: r.get(11)?,
        position: r.get(12)?,
        withdrawn: r.get(13)?,
    })
}

/// `event_from_row` from a SQLite row read in place (`each_event`'s stream).
pub(in crate::store) fn event_from_lite(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
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
        entered: r.get(10)?,
        undoes: r.get(11)?,
        position: r.get(12)?,
        withdrawn: r.get(13)?,
    })
}
