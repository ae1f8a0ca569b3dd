//! Reads of tasks, recommendations, units and their counts.

use anyhow::{Context, Result, anyhow};
use chrono::NaiveDate;

use super::super::db::{Db, Dialect, Row, args};
use super::{OPEN_STATUSES, Query, is_broad, only_rows, push_arg, rows_in, task_where};
use crate::model::{Status, TaskId, ymd};
use crate::report::{RowIndex, TaskState};
use crate::store::{Store, TaskFilter, UnitStats};
use crate::task::{Recommendation, Task};

impl Store {
    /// The plan's start date, from which seeded deadlines count.
    pub fn plan_start(&self) -> Result<Option<NaiveDate>> {
        let value = self
            .db()
            .query_opt("SELECT value FROM meta WHERE key = 'start'", &[])
            .context("reading the plan's start date")?;
        Ok(match value {
            Some(row) => crate::model::parse_ymd(&row.get::<String>(0)?),
            None => None,
        })
    }
    pub fn recommendations(&self) -> Result<Vec<Recommendation>> {
        self.db()
            .query(
                "SELECT number, headline, text FROM recommendations ORDER BY number",
                &[],
            )
            .context("reading recommendations")?
            .iter()
            .map(recommendation_from_row)
            .collect()
    }
    pub fn recommendation(&self, number: u32) -> Result<Option<Recommendation>> {
        self.db()
            .query_opt(
                "SELECT number, headline, text FROM recommendations WHERE number = ?1",
                args![number],
            )
            .context("reading a recommendation")?
            .as_ref()
            .map(recommendation_from_row)
            .transpose()
    }
    /// Every task id, in order.
    pub fn task_ids(&self) -> Result<Vec<TaskId>> {
        self.db()
            .query(
                "SELECT recommendation, item FROM tasks ORDER BY recommendation, item",
                &[],
            )
            .context("reading task ids")?
            .iter()
            .map(|r| Ok(TaskId::new(r.get(0)?, r.get(1)?)))
            .collect()
    }
    /// Every unit name that leads or supports a task, or ever did.
    pub fn units(&self) -> Result<Vec<String>> {
        self.db()
            .query("SELECT name FROM units ORDER BY name", &[])
            .context("reading units")?
            .iter()
            .map(|r| r.get(0))
            .collect()
    }
    /// The names some task bore as lead or support at the end of `day`, sorted, each once:
    /// every task's units now, with the unit changes recorded after that day taken back newest
    /// first and the tasks added after it left out, as `cmd::tasks_on` replays whole tasks (a
    /// report's `--owner` judged at its end: `cmd::resolve_unit_at_end`). Never the tasks'
    /// words: the names of the tasks with no such later change are read distinct, by the
    /// database; only the tasks changed later are read by task, with those changes.
    pub fn unit_names_on(&self, day: NaiveDate) -> Result<Vec<String>> {
        let Some(after) = day.succ_opt() else {
            return self.units();
        };
        let later_sql = "SELECT task_id FROM events WHERE at >= ?1 \
                         AND field IN ('created', 'lead', 'support')";
        let db = self.db();
        let mut all: Vec<String> = db
            .query(
                &format!(
                    "SELECT DISTINCT u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id \
                     WHERE tu.task_id NOT IN ({later_sql})"
                ),
                args![ymd(after)],
            )
            .context("reading the tasks' units")?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<_>>()?;
        let mut changed: std::collections::HashMap<TaskId, Vec<String>> = Default::default();
        for r in db
            .query(
                &format!(
                    "SELECT t.recommendation, t.item, u.name FROM task_units tu \
                     JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id \
                     WHERE tu.task_id IN ({later_sql})"
                ),
                args![ymd(after)],
            )
            .context("reading the tasks' units")?
        {
            let (rec, item, name): (i64, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let id = TaskId::new(
                u32::try_from(rec).context("a recommendation number out of range")?,
                u32::try_from(item).context("an item number out of range")?,
            );
            changed.entry(id).or_default().push(name);
        }
        let later = self.unit_changes(Some(after))?;
        for e in later.iter().rev() {
            if e.field == crate::task::Field::Created {
                changed.remove(&e.task);
                continue;
            }
            let units = changed.entry(e.task).or_default();
            if let Some(new) = &e.new
                && let Some(i) = units.iter().position(|u| u == new)
            {
                units.swap_remove(i);
            }
            units.extend(e.old.clone());
        }
        all.extend(changed.into_values().flatten());
        all.sort();
        all.dedup();
        Ok(all)
    }
    /// Whether task `id` is in the ledger: one statement, where `task` reads the task, every
    /// unit and its units' roles (three; over a network each is a round trip).
    pub fn has_task(&self, id: TaskId) -> Result<bool> {
        Ok(self
            .db()
            .query_opt(
                "SELECT 1 FROM tasks WHERE recommendation = ?1 AND item = ?2",
                args![id.rec, id.item],
            )
            .context("reading tasks")?
            .is_some())
    }
    pub fn task(&self, id: TaskId) -> Result<Option<Task>> {
        read_task(&self.db(), id)
    }
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        read_tasks(&self.db(), filter)
    }
    /// Each selected task's storage row, id, status, deadline and progress, in id order, from
    /// the `tasks_state` index alone: what reports count, without titles, texts or units.
    pub fn task_states(&self, filter: &TaskFilter) -> Result<Vec<TaskState>> {
        let db = self.db();
        let (sql, args) = states_query(db.dialect(), filter);
        // A hundred thousand rows: read in place (`Db::scan`).
        let mut states = Vec::new();
        db.scan(&sql, &args, |rows| {
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
            Ok(())
        })
        .context("reading tasks")?;
        if !states.is_sorted_by_key(|s| s.id) {
            states.sort_unstable_by_key(|s| s.id);
        }
        Ok(states)
    }
    /// The headlines of the recommendations `numbers` (in order), as (number, headline) in
    /// order: looked up one by one when they are few (a summary cut to `--limit`), else read
    /// whole.
    pub fn headlines(&self, numbers: &[u32]) -> Result<Vec<(u32, String)>> {
        let mut found = Vec::with_capacity(numbers.len());
        let db = self.db();
        if numbers.len() <= 100 {
            // One statement, not one per number: over a network each is a round trip.
            let list = serde_json::to_string(numbers).expect("a list of numbers is JSON");
            let sql = format!(
                "SELECT number, headline FROM recommendations WHERE number IN {} ORDER BY number",
                db.dialect().json_ids("?1")
            );
            for row in db
                .query(&sql, args![list])
                .context("reading recommendations")?
            {
                found.push((row.get(0)?, row.get(1)?));
            }
            return Ok(found);
        }
        // A city's ledger holds a thousand plans: read in place (`Db::scan`), and only the
        // headlines asked for are copied.
        let sql = "SELECT number, headline FROM recommendations ORDER BY number";
        db.scan(sql, &[], |rows| {
            let n = u32::try_from(rows.int(0)).unwrap_or(u32::MAX);
            if numbers.binary_search(&n).is_ok() {
                let headline = std::str::from_utf8(rows.text(1).unwrap_or_default())
                    .map_err(|_| anyhow!("recommendation {n}: its stored headline is not UTF-8"))?;
                found.push((n, headline.to_owned()));
            }
            Ok(())
        })
        .context("reading recommendations")?;
        Ok(found)
    }
    /// How many tasks the filter selects.
    pub fn count_tasks(&self, filter: &TaskFilter) -> Result<usize> {
        let db = self.db();
        let (where_sql, args) = task_where(db.dialect(), filter);
        let sql = format!("SELECT count(*) FROM tasks t{where_sql}");
        let n: i64 = db.value(&sql, &args).context("counting tasks")?;
        Ok(n as usize)
    }
    /// How many tasks have each status.
    pub fn status_counts(&self) -> Result<Vec<(Status, usize)>> {
        let rows = self
            .db()
            .query("SELECT status, count(*) FROM tasks GROUP BY status", &[])
            .context("counting tasks")?;
        let mut counts = Vec::new();
        for row in rows {
            let (status, n): (String, i64) = (row.get(0)?, row.get(1)?);
            counts.push((status.parse().map_err(anyhow::Error::msg)?, n as usize));
        }
        Ok(counts)
    }
    /// Every unit named in a task, with its counts; overdue means open with a deadline before
    /// `today`. A task cancelled by `undo` (an import or an `add` taken back: its latest
    /// status change is an undo's) counts for no unit, so a unit only such tasks name is not
    /// listed, as if the change had never been made; a task cancelled by `update --status
    /// cancelled` still counts (a decision about a real task), as before.
    pub fn unit_stats(&self, today: NaiveDate) -> Result<Vec<UnitStats>> {
        let sql = format!(
            "SELECT u.name, \
               SUM(CASE WHEN tu.role = 'lead' THEN 1 ELSE 0 END), \
               SUM(CASE WHEN tu.role = 'support' THEN 1 ELSE 0 END), \
               SUM(CASE WHEN t.status IN {OPEN_STATUSES} THEN 1 ELSE 0 END), \
               SUM(CASE WHEN t.status IN {OPEN_STATUSES} AND t.deadline < ?1 THEN 1 ELSE 0 END), \
               SUM(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END) \
             FROM units u JOIN task_units tu ON tu.unit_id = u.id JOIN tasks t ON t.id = tu.task_id \
             WHERE NOT (t.status = 'cancelled' AND {TAKEN_BACK}) \
             GROUP BY u.name ORDER BY u.name"
        );
        self.db()
            .query(&sql, args![ymd(today)])
            .context("counting tasks by unit")?
            .iter()
            .map(|r| {
                Ok(UnitStats {
                    unit: r.get(0)?,
                    lead: r.get(1)?,
                    support: r.get(2)?,
                    open: r.get(3)?,
                    overdue: r.get(4)?,
                    done: r.get(5)?,
                })
            })
            .collect()
    }
}

/// Whether task `t`'s latest status change was written by an undo (`undoes` set): with
/// status cancelled, the task was taken back (an undone import or `add`), not cancelled by
/// a clerk. Read through `events_task` (task_id first).
const TAKEN_BACK: &str = "EXISTS (SELECT 1 FROM events e WHERE e.task_id = t.id \
     AND e.field = 'status' AND e.undoes IS NOT NULL \
     AND e.id = (SELECT max(e2.id) FROM events e2 WHERE e2.task_id = t.id AND e2.field = 'status'))";

/// `task_states`: the `tasks_state` index alone.
pub(in crate::store) fn states_query(d: Dialect, filter: &TaskFilter) -> Query {
    let (where_sql, args) = task_where(d, filter);
    let sql = format!(
        "SELECT t.id, t.recommendation, t.item, t.status, t.deadline, t.progress FROM tasks t{where_sql}"
    );
    (sql, args)
}

/// One task by id, through a connection or an open transaction.
pub(in crate::store) fn read_task(db: &Db<'_>, id: TaskId) -> Result<Option<Task>> {
    let filter = TaskFilter {
        task: Some(id),
        ..Default::default()
    };
    Ok(read_tasks(db, &filter)?.pop())
}

/// The tasks `filter` selects, in id order, through a connection or an open transaction: the
/// tasks, their units' roles and the units' names read separately and put together here, which
/// for thousands of tasks costs a fraction of joining them in SQL.
pub(in crate::store) fn read_tasks(db: &Db<'_>, filter: &TaskFilter) -> Result<Vec<Task>> {
    let d = db.dialect();
    let (sql, args) = task_query(d, filter);
    // Thousands of rows: read in place (`Db::scan`).
    let mut tasks: Vec<Task> = Vec::new();
    // Each task's storage row, by which its units name it.
    let mut task_rows: Vec<i64> = Vec::new();
    db.scan(&sql, &args, |rows| {
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
        Ok(())
    })
    .context("reading tasks")?;
    if tasks.is_empty() {
        return Ok(Vec::new());
    }
    let slots = RowIndex::of_rows(task_rows.iter().copied());
    let (units, names) = unit_names(db)?;
    let name = |unit: i64| units.get(unit).map(|k| &names[k]);
    let (sql, args) = task_units_query(d, filter);
    // (task, position, unit) of every supporting unit.
    let mut support: Vec<(usize, i64, i64)> = Vec::new();
    db.scan(&sql, &args, |rows| {
        let Some(slot) = slots.get(rows.int(0)) else {
            return Ok(());
        };
        let (unit, position) = (rows.int(1), rows.int(2));
        if position < 0 {
            tasks[slot].lead = name(unit).cloned();
        } else {
            support.push((slot, position, unit));
        }
        Ok(())
    })
    .context("reading tasks' units")?;
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
pub(in crate::store) fn stored_status(name: Option<&[u8]>, id: TaskId) -> Result<Status> {
    name.and_then(Status::from_name)
        .ok_or_else(|| anyhow!("task {id}: its stored status is not one tracker knows"))
}

/// Every unit's name, found by its id.
pub(in crate::store) fn unit_names(db: &Db<'_>) -> Result<(RowIndex, Vec<String>)> {
    let (mut ids, mut names) = (Vec::new(), Vec::new());
    for r in db
        .query("SELECT id, name FROM units", &[])
        .context("reading units")?
    {
        ids.push(r.get::<i64>(0)?);
        names.push(r.get::<String>(1)?);
    }
    Ok((RowIndex::of_rows(ids.into_iter()), names))
}

/// `read_tasks`' tasks, without their units.
pub(in crate::store) fn task_query(d: Dialect, filter: &TaskFilter) -> Query {
    let (where_sql, args) = task_where(d, filter);
    let text = if filter.without_text { "" } else { ", t.text" };
    let sql = format!(
        "SELECT t.id, t.recommendation, t.item, t.title, t.deadline, t.status, t.progress{text} FROM tasks t{where_sql}"
    );
    (sql, args)
}

/// `read_tasks`' units and their roles.
pub(in crate::store) fn task_units_query(d: Dialect, filter: &TaskFilter) -> Query {
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
                rows_in(d, "tu.task_id", filter, &mut |v| push_arg(&mut args, v))
            ),
            args,
        )
    } else {
        let (where_sql, args) = task_where(d, filter);
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

/// A recommendation from a row of (number, headline, text).
pub(in crate::store) fn recommendation_from_row(r: &Row) -> Result<Recommendation> {
    Ok(Recommendation {
        number: r.get(0)?,
        headline: r.get(1)?,
        text: r.get(2)?,
    })
}
