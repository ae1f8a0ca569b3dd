//! Reads: tasks, events, units and counts, each one statement (or two) shaped for its caller.

use anyhow::{Context, Result, anyhow};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

use super::raw::RawRows;
use super::{EventFilter, Store, TaskFilter, UnitStats};
use crate::model::{Status, TaskId, ymd};
use crate::report::{RowIndex, StateChange, TaskState};
use crate::task::{Event, Field, Recommendation, Task};

const OPEN_STATUSES: &str = "('not-started', 'in-progress', 'blocked')";

/// The changes taken back: the one rule for undo chains, which the report, its news, the
/// latest notes and follow-up all read through `withdrawn!` and `report_event!`.
///
/// An undo is itself a change, so it can be undone (`undo` twice redoes): a change stands when
/// the chain of undos over it (U1 undoes it, U2 undoes U1, …) is of even length, and is taken
/// back when it is odd. The chain is read whole, however long; where two undos name one change
/// (two people undoing at once) the longest chain decides. Not correlated with the outer row,
/// so SQLite computes the set once per statement (over the few events that are undos, by the
/// `events_undoes` index).
macro_rules! taken_back {
    () => {
        "(WITH RECURSIVE undo_chain(base, cur, depth) AS ( \
           SELECT DISTINCT undoes, undoes, 0 FROM events WHERE undoes IS NOT NULL \
           UNION SELECT undo_chain.base, u.change_id, undo_chain.depth + 1 \
             FROM undo_chain JOIN events u ON u.undoes = undo_chain.cur) \
         SELECT base FROM undo_chain GROUP BY base HAVING max(depth) % 2 = 1)"
    };
}

/// Whether event `e` is a withdrawn note: a withdrawal itself (its `old` is the note), or a
/// note whose change is taken back (`taken_back!`: undone, and not redone).
macro_rules! withdrawn {
    () => {
        concat!(
            "(e.field = 'note' AND (e.old IS NOT NULL OR e.change_id IN ",
            taken_back!(),
            "))"
        )
    };
}

/// Whether event `e` is a report on its task (issue 17, 未反馈): a progress note, a status or
/// a progress change, or the task's creation (a task just added has not yet missed a report).
/// Not a report: an undo, a withdrawn note, or a change taken back (`taken_back!`: undone an odd
/// number of times) — none of them is word from the unit. A change undone and redone is a
/// report again, on its own day.
macro_rules! report_event {
    () => {
        concat!(
            "(e.field IN ('note', 'status', 'progress', 'created') AND e.undoes IS NULL \
              AND NOT (e.field = 'note' AND e.old IS NOT NULL) \
              AND e.change_id NOT IN ",
            taken_back!(),
            ")"
        )
    };
}

/// `taken_back!` for the other reading modules (`sheets.rs`).
pub(super) const TAKEN_BACK: &str = taken_back!();

/// `report_event!` as of a moment: only the undos recorded before `end` (an SQL expression,
/// such as a `?N` parameter holding a local `YYYY-MM-DD` day) take a change back. A report on
/// a past period is replayed as of its end (issue 17), and an undo made later does not exist yet.
pub(super) fn report_event_before(end: &str) -> String {
    format!(
        "(e.field IN ('note', 'status', 'progress', 'created') AND e.undoes IS NULL \
          AND NOT (e.field = 'note' AND e.old IS NOT NULL) \
          AND e.change_id NOT IN (WITH RECURSIVE undo_chain(base, cur, depth) AS ( \
            SELECT DISTINCT undoes, undoes, 0 FROM events WHERE undoes IS NOT NULL AND at < {end} \
            UNION SELECT undo_chain.base, u.change_id, undo_chain.depth + 1 \
              FROM undo_chain JOIN events u ON u.undoes = undo_chain.cur AND u.at < {end}) \
          SELECT base FROM undo_chain GROUP BY base HAVING max(depth) % 2 = 1))"
    )
}

/// `report_event!` for the other reading modules (`followup.rs`).
pub(super) const REPORT_EVENT: &str = report_event!();

impl Store {
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
        read_task(&self.conn, id)
    }
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        read_tasks(&self.conn, filter)
    }
    /// Each selected task's storage row, id, status, deadline and progress, in id order, from
    /// the `tasks_state` index alone: what reports count, without titles, texts or units.
    pub fn task_states(&self, filter: &TaskFilter) -> Result<Vec<TaskState>> {
        let (sql, args) = states_query(filter);
        // A hundred thousand rows: stepped through SQLite's C API (`raw`).
        let mut rows = RawRows::new(&self.conn, &sql, &args)?;
        let mut states = Vec::new();
        while rows.next().context("reading tasks")? {
            let id = TaskId::new(rows.int(1) as u32, rows.int(2) as u32);
            let status = stored_status(rows.text(3), id)?;
            let deadline = rows.text(4).and_then(crate::model::parse_ymd_bytes);
            states.push(TaskState {
                row: rows.int(0),
                id,
                status,
                deadline,
                progress: rows.int(5) as u8,
            });
        }
        if !states.is_sorted_by_key(|s| s.id) {
            states.sort_unstable_by_key(|s| s.id);
        }
        Ok(states)
    }
    /// The selected tasks' changes of `fields` (and creations, if asked) dated on or after
    /// `since`, from the (field, at, task_id, old, new) index alone; in no particular order.
    pub fn state_changes(
        &self,
        filter: &TaskFilter,
        fields: &[Field],
        since: Option<NaiveDate>,
    ) -> Result<Vec<StateChange>> {
        let (sql, args) = changes_query(filter, fields, since);
        // Hundreds of thousands of rows: stepped through SQLite's C API (`raw`), text read in
        // place, kept as numbers.
        let mut rows = RawRows::new(&self.conn, &sql, &args)?;
        let mut changes = Vec::new();
        while rows.next().context("reading the history")? {
            let text = |i| rows.text(i).and_then(|b| std::str::from_utf8(b).ok());
            let (at, field) = (text(4).unwrap_or_default(), text(2).unwrap_or_default());
            if let Some(c) = StateChange::from_event(rows.int(0), rows.int(1), field, text(3), at) {
                changes.push(c);
            }
        }
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
        let (where_sql, mut args) = task_where(filter);
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
        let n: i64 = self
            .conn
            .prepare(&sql)?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))
            .context("counting changes entered late")?;
        Ok(n as usize)
    }
    /// The storage rows of the selected tasks with any event dated from `from` to `to`
    /// (inclusive), each once.
    pub fn tasks_with_events(
        &self,
        filter: &TaskFilter,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<i64>> {
        let (sql, args) = news_query(filter, from, to);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        rows.collect::<Result<_, _>>()
            .context("reading the history")
    }
    /// The headlines of the recommendations `numbers` (in order), as (number, headline) in
    /// order: looked up one by one when they are few (a summary cut to `--limit`), else read
    /// whole.
    pub fn headlines(&self, numbers: &[u32]) -> Result<Vec<(u32, String)>> {
        let mut found = Vec::with_capacity(numbers.len());
        if numbers.len() <= 100 {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT headline FROM recommendations WHERE number = ?1")?;
            for &n in numbers {
                let headline: Option<String> = stmt
                    .query_row([n], |r| r.get(0))
                    .optional()
                    .context("reading recommendations")?;
                found.extend(headline.map(|h| (n, h)));
            }
            return Ok(found);
        }
        // A city's ledger holds a thousand plans: stepped through SQLite's C API (`raw`), and
        // only the headlines asked for are copied.
        let sql = "SELECT number, headline FROM recommendations ORDER BY number";
        let mut rows = RawRows::new(&self.conn, sql, &[])?;
        while rows.next().context("reading recommendations")? {
            let n = u32::try_from(rows.int(0)).unwrap_or(u32::MAX);
            if numbers.binary_search(&n).is_ok() {
                let headline = std::str::from_utf8(rows.text(1).unwrap_or_default())
                    .map_err(|_| anyhow!("recommendation {n}: its stored headline is not UTF-8"))?;
                found.push((n, headline.to_owned()));
            }
        }
        Ok(found)
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
    /// Each selected task's latest progress note dated before `before` (local date), as the
    /// event that carries it: a note, or a change recorded with `--note`. Not a withdrawn note,
    /// an undo, or a change a later undo took back. At most one event per task, in no order.
    /// The weekly report's 最新进展 for a task with no note in the period.
    pub fn latest_notes_before(&self, tasks: &TaskFilter, before: NaiveDate) -> Result<Vec<Event>> {
        let mut args = Vec::new();
        let of_tasks = if only_rows(tasks) {
            rows_in("e.task_id", tasks, &mut |v| push_arg(&mut args, v))
        } else {
            let task_sql;
            (task_sql, args) = task_where(tasks);
            format!("e.task_id IN (SELECT t.id FROM tasks t{task_sql})")
        };
        let end = push_arg(&mut args, ymd(before).into());
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN tasks t ON t.id = e.task_id \
             WHERE e.id IN (SELECT max(e.id) FROM events e WHERE {of_tasks} AND e.at < {end} \
               AND e.note IS NOT NULL AND e.field != 'created' AND e.undoes IS NULL \
               AND e.change_id NOT IN {taken_back} \
               AND NOT {withdrawn} GROUP BY e.task_id)",
            taken_back = taken_back!(),
            withdrawn = withdrawn!()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        let mut events = Vec::new();
        while let Some(row) = rows.next().context("reading the latest notes")? {
            events.push(event_from_row(row).context("reading the latest notes")?);
        }
        Ok(events)
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
        let (sql, args) = event_query(filter);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(row) = rows.next().context("reading the history")? {
            f(event_from_row(row).context("reading the history")?)?;
        }
        Ok(())
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
}

type Query = (String, Vec<rusqlite::types::Value>);

/// `task_states`: the `tasks_state` index alone.
fn states_query(filter: &TaskFilter) -> Query {
    let (where_sql, args) = task_where(filter);
    let sql = format!(
        "SELECT t.id, t.recommendation, t.item, t.status, t.deadline, t.progress FROM tasks t{where_sql}"
    );
    (sql, args)
}

/// `state_changes`: the (field, at, task_id, old, new) index alone.
fn changes_query(filter: &TaskFilter, fields: &[Field], since: Option<NaiveDate>) -> Query {
    let (where_sql, mut args) = task_where(filter);
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

/// `tasks_with_events`: the same index, every field named so that its time ranges are read.
fn news_query(filter: &TaskFilter, from: NaiveDate, to: NaiveDate) -> Query {
    let (where_sql, mut args) = task_where(filter);
    let from = push_arg(&mut args, ymd(from).into());
    let until = push_arg(&mut args, ymd(to + chrono::Days::new(1)).into());
    // Every field named, so that the time range is read from the (field, at, task_id)
    // index without visiting the events themselves.
    let fields: Vec<String> = Field::ALL
        .iter()
        .map(|f| format!("'{}'", f.name()))
        .collect();
    let mut sql = format!(
        "SELECT DISTINCT e.task_id FROM events e WHERE e.field IN ({}) AND e.at >= {from} AND e.at < {until}",
        fields.join(", ")
    );
    if !where_sql.is_empty() {
        sql.push_str(&format!(
            " AND e.task_id IN (SELECT t.id FROM tasks t{where_sql})"
        ));
    }
    (sql, args)
}

/// The statement that reads `filter`'s events, oldest first, and its arguments.
fn event_query(filter: &EventFilter) -> Query {
    let mut conds: Vec<String> = Vec::new();
    let mut args = Vec::new();
    match &filter.tasks {
        Some(tasks) if only_rows(tasks) => {
            conds.push(rows_in("e.task_id", tasks, &mut |v| push_arg(&mut args, v)))
        }
        Some(tasks) => {
            let task_sql;
            (task_sql, args) = task_where(tasks);
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
        "unixepoch(e.at)"
    } else {
        "unixepoch(e.at) + 0"
    };
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN tasks t ON t.id = e.task_id{where_sql} \
         ORDER BY {instant}, e.id"
    );
    (sql, args)
}

/// One task by id, through a connection or an open transaction.
pub(super) fn read_task(conn: &rusqlite::Connection, id: TaskId) -> Result<Option<Task>> {
    let filter = TaskFilter {
        task: Some(id),
        ..Default::default()
    };
    Ok(read_tasks(conn, &filter)?.pop())
}

/// The tasks `filter` selects, in id order, through a connection or an open transaction: the
/// tasks, their units' roles and the units' names read separately and put together here, which
/// for thousands of tasks costs a fraction of joining them in SQL.
pub(super) fn read_tasks(conn: &rusqlite::Connection, filter: &TaskFilter) -> Result<Vec<Task>> {
    let (sql, args) = task_query(filter);
    // Thousands of rows: stepped through SQLite's C API (`raw`).
    let mut rows = RawRows::new(conn, &sql, &args)?;
    let mut tasks: Vec<Task> = Vec::new();
    // Each task's storage row, by which its units name it.
    let mut task_rows: Vec<i64> = Vec::new();
    while rows.next().context("reading tasks")? {
        let id = TaskId::new(rows.int(1) as u32, rows.int(2) as u32);
        let text = |i| -> Result<String> {
            let bytes = rows.text(i).unwrap_or_default();
            Ok(std::str::from_utf8(bytes)
                .map_err(|_| anyhow!("task {id}: its stored text is not UTF-8"))?
                .to_owned())
        };
        task_rows.push(rows.int(0));
        tasks.push(Task {
            id,
            title: text(3)?,
            text: if filter.without_text {
                String::new()
            } else {
                text(7)?
            },
            lead: None,
            support: Vec::new(),
            deadline: rows.text(4).and_then(crate::model::parse_ymd_bytes),
            status: stored_status(rows.text(5), id)?,
            progress: rows.int(6) as u8,
        });
    }
    if tasks.is_empty() {
        return Ok(Vec::new());
    }
    let slots = RowIndex::of_rows(task_rows.iter().copied());
    let (units, names) = unit_names(conn)?;
    let name = |unit: i64| units.get(unit).map(|k| &names[k]);
    let (sql, args) = task_units_query(filter);
    let mut rows = RawRows::new(conn, &sql, &args)?;
    // (task, position, unit) of every supporting unit.
    let mut support: Vec<(usize, i64, i64)> = Vec::new();
    while rows.next().context("reading tasks' units")? {
        let Some(slot) = slots.get(rows.int(0)) else {
            continue;
        };
        let (unit, position) = (rows.int(1), rows.int(2));
        if position < 0 {
            tasks[slot].lead = name(unit).cloned();
        } else {
            support.push((slot, position, unit));
        }
    }
    support.sort_unstable();
    for (slot, _, unit) in support {
        if let Some(n) = name(unit) {
            tasks[slot].support.push(n.clone());
        }
    }
    if !tasks.is_sorted_by_key(|t| t.id) {
        tasks.sort_unstable_by_key(|t| t.id);
    }
    Ok(tasks)
}

/// A task's status as stored (`not-started`, …).
fn stored_status(name: Option<&[u8]>, id: TaskId) -> Result<Status> {
    name.and_then(Status::from_name)
        .ok_or_else(|| anyhow!("task {id}: its stored status is not one tracker knows"))
}

/// Every unit's name, found by its id.
fn unit_names(conn: &rusqlite::Connection) -> Result<(RowIndex, Vec<String>)> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM units")?;
    let mut rows = stmt.query([])?;
    let (mut ids, mut names) = (Vec::new(), Vec::new());
    while let Some(r) = rows.next().context("reading units")? {
        ids.push(r.get::<_, i64>(0)?);
        names.push(r.get::<_, String>(1)?);
    }
    Ok((RowIndex::of_rows(ids.into_iter()), names))
}

/// `read_tasks`' tasks, without their units.
fn task_query(filter: &TaskFilter) -> Query {
    let (where_sql, args) = task_where(filter);
    let text = if filter.without_text { "" } else { ", t.text" };
    let sql = format!(
        "SELECT t.id, t.recommendation, t.item, t.title, t.deadline, t.status, t.progress{text} FROM tasks t{where_sql}"
    );
    (sql, args)
}

/// `read_tasks`' units and their roles.
fn task_units_query(filter: &TaskFilter) -> Query {
    // The lead comes with position -1.
    let columns = "tu.task_id, tu.unit_id, CASE tu.role WHEN 'lead' THEN -1 ELSE tu.position END";
    let (scoped, args) = if is_broad(filter) {
        // One pass over every task's units beats a lookup per task.
        (String::new(), Vec::new())
    } else if only_rows(filter) {
        let mut args = Vec::new();
        (
            format!(
                " WHERE {}",
                rows_in("tu.task_id", filter, &mut |v| push_arg(&mut args, v))
            ),
            args,
        )
    } else {
        let (where_sql, args) = task_where(filter);
        if where_sql.is_empty() {
            (String::new(), args)
        } else {
            (
                format!(" WHERE tu.task_id IN (SELECT t.id FROM tasks t{where_sql})"),
                args,
            )
        }
    };
    let sql = format!("SELECT {columns} FROM task_units tu{scoped}");
    (sql, args)
}

/// `column` among the filter's storage rows: a range when they run without a gap (as the rows
/// of a report written in chunks do), which SQLite reads in one pass instead of a lookup per
/// row; else the rows as one JSON array argument (`json_each`), which costs SQLite nothing to
/// parse where a list of a few hundred numbers written into the statement took most of its
/// time to prepare, and which no limit on the number of arguments touches. (A PostgreSQL
/// store would bind an array: `= ANY($1)`.)
fn rows_in(
    column: &str,
    filter: &TaskFilter,
    arg: &mut dyn FnMut(rusqlite::types::Value) -> String,
) -> String {
    let mut rows = filter.rows.clone();
    rows.sort_unstable();
    rows.dedup();
    match (rows.first(), rows.last()) {
        (Some(lo), Some(hi)) if (hi - lo) as usize + 1 == rows.len() => {
            format!("{column} BETWEEN {lo} AND {hi}")
        }
        _ => {
            let list = serde_json::to_string(&rows).expect("a list of numbers is JSON");
            format!(
                "{column} IN (SELECT value FROM json_each({}))",
                arg(list.into())
            )
        }
    }
}

/// Adds an argument to a statement's list and names it there (`?N`).
pub(super) fn push_arg(
    args: &mut Vec<rusqlite::types::Value>,
    v: rusqlite::types::Value,
) -> String {
    args.push(v);
    format!("?{}", args.len())
}

/// Whether a filter names its tasks by storage row and nothing else: their units and events
/// are then found by those rows directly, not through a lookup of each task.
fn only_rows(filter: &TaskFilter) -> bool {
    let TaskFilter {
        statuses,
        open_only,
        unit,
        rec,
        deadline_before,
        deadline_until,
        unit_since,
        without_text: _,
        task,
        rows,
        unreported_since,
    } = filter;
    !rows.is_empty()
        && statuses.is_empty()
        && !open_only
        && unit.is_none()
        && rec.is_none()
        && deadline_before.is_none()
        && deadline_until.is_none()
        && unit_since.is_none()
        && task.is_none()
        && unreported_since.is_none()
}

/// Whether a filter keeps most tasks (all, the open ones, by deadline).
fn is_broad(filter: &TaskFilter) -> bool {
    filter.task.is_none()
        && filter.unit.is_none()
        && filter.rec.is_none()
        && filter.rows.is_empty()
        && filter.statuses.is_empty()
}

/// The WHERE clause (on `tasks t`) for a filter, and its arguments.
pub(super) fn task_where(filter: &TaskFilter) -> (String, Vec<rusqlite::types::Value>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut arg = |v: rusqlite::types::Value| push_arg(&mut args, v);
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
    if let Some(id) = filter.task {
        let (rec, item) = (
            arg(i64::from(id.rec).into()),
            arg(i64::from(id.item).into()),
        );
        clauses.push(format!("t.recommendation = {rec} AND t.item = {item}"));
    }
    if let Some(rec) = filter.rec {
        clauses.push(format!("t.recommendation = {}", arg(i64::from(rec).into())));
    }
    if let Some(since) = filter.unreported_since {
        let since = arg(ymd(since).into());
        clauses.push(format!(
            "t.id NOT IN (SELECT e.task_id FROM events e WHERE e.at >= {since} AND {})",
            report_event!()
        ));
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
    if !filter.rows.is_empty() {
        clauses.push(rows_in("t.id", filter, &mut arg));
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

/// What `event_from_row` reads, in its order.
pub(super) const EVENT_COLUMNS: &str = concat!(
    "e.id, e.change_id, t.recommendation, t.item, e.field, e.old, e.new, e.note, e.actor, e.at, e.entered, e.undoes, e.position, ",
    withdrawn!()
);

/// An event from a row of `EVENT_COLUMNS`.
pub(super) fn event_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
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
        store.synth(300, 6, 1, today).unwrap();
        let check = |sql: &str, args: &[rusqlite::types::Value], index: &str| {
            let p = plan(&store, sql, args);
            assert!(
                p.contains(index),
                "expected {index} in the plan of\n{sql}\ngot: {p}"
            );
        };
        // show / update: one task by its id, and its units.
        let one = TaskFilter {
            task: Some(TaskId::new(3, 2)),
            ..Default::default()
        };
        let (sql, args) = task_query(&one);
        check(&sql, &args, "sqlite_autoindex_tasks_1");
        let (sql, args) = task_units_query(&one);
        check(&sql, &args, "sqlite_autoindex_task_units_1");
        // show / history ID: one task's events.
        let (sql, args) = event_query(&EventFilter {
            task: Some(TaskId::new(3, 2)),
            ..Default::default()
        });
        check(&sql, &args, "events_task");
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
        // report and series: every task's state, and changes over time, from indexes alone.
        let (sql, args) = states_query(&TaskFilter::default());
        check(&sql, &args, "COVERING INDEX tasks_state");
        let (sql, args) = changes_query(
            &TaskFilter::default(),
            &[Field::Created, Field::Status],
            Some(today),
        );
        check(&sql, &args, "COVERING INDEX events_field_at");
        let (sql, args) = news_query(&TaskFilter::default(), today, today);
        check(&sql, &args, "COVERING INDEX events_field_at");
        // The report's words for the rows it shows: units and events found by row.
        let shown = TaskFilter {
            rows: vec![3, 40, 41],
            without_text: true,
            ..Default::default()
        };
        let (sql, args) = task_query(&shown);
        assert!(sql.contains("json_each(?1)"), "{sql}");
        check(&sql, &args, "USING INTEGER PRIMARY KEY (rowid=?)");
        let (sql, args) = task_units_query(&shown);
        assert!(!sql.contains("FROM tasks"), "{sql}");
        check(&sql, &args, "sqlite_autoindex_task_units_1");
        let (sql, args) = event_query(&EventFilter {
            since: Some(today),
            tasks: Some(shown),
            ..Default::default()
        });
        assert!(!sql.contains("SELECT t.id FROM tasks"), "{sql}");
        check(&sql, &args, "events_task");
        // A report's rows read in chunks: a run of rows is one range.
        let run = TaskFilter {
            rows: (40..90).rev().collect(),
            without_text: true,
            ..Default::default()
        };
        let (sql, args) = task_query(&run);
        assert!(sql.contains("t.id BETWEEN 40 AND 89"), "{sql}");
        check(
            &sql,
            &args,
            "USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
        );
        let (sql, args) = task_units_query(&run);
        check(
            &sql,
            &args,
            "sqlite_autoindex_task_units_1 (task_id>? AND task_id<?)",
        );
        // The report's events for the whole scope: the period's by time, the later changes of
        // titles and units by field.
        let (sql, args) = event_query(&EventFilter {
            since: Some(today - chrono::Days::new(3)),
            until: Some(today),
            ..Default::default()
        });
        check(&sql, &args, "events_at (at>? AND at<?)");
        let (sql, args) = event_query(&EventFilter {
            since: Some(today),
            fields: vec![
                Field::Title,
                Field::Lead,
                Field::Support,
                Field::SupportOrder,
            ],
            ..Default::default()
        });
        check(&sql, &args, "events_field_at (field=? AND at>?)");
        // history --since: events by time.
        let (sql, args) = event_query(&EventFilter {
            since: Some(today),
            ..Default::default()
        });
        check(&sql, &args, "events_at");
        // history: the whole of it streamed in the order it happened, not sorted in memory.
        let (sql, args) = event_query(&EventFilter::default());
        check(&sql, &args, "events_instant");
        // every write: the next change number; undo: the latest change.
        check(
            "SELECT COALESCE(MAX(change_id), 0) + 1 FROM events",
            &[],
            "events_change",
        );
        check(
            "SELECT change_id FROM events WHERE (?1 IS NULL OR actor = ?1) ORDER BY change_id DESC LIMIT 1",
            &[rusqlite::types::Value::Null],
            "events_change",
        );
    }
}
