//! The history's dates that follow-up judges a task by (issue 17): one grouped read over the
//! selected tasks' events, so a report of any size costs one statement, not one per task.

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::db::{Dialect, Value, args};
use super::read::{
    REPORT_FIELDS, REPORT_KIND, is_broad, push_arg, report_event_before, report_fields_unindexed,
    task_where,
};
use super::{Store, TaskFilter};
use crate::model::{parse_ymd, ymd};
use crate::report::Marks;

impl Store {
    /// For each selected task with events dated up to the end of `as_of` (local date): the day
    /// it was created, the last day it was set done and the deadline in force then, and the
    /// day of its last report (see `read.rs`, `report_event!`), each by then; in the order of
    /// the tasks' storage rows.
    pub fn marks(&self, filter: &TaskFilter, as_of: NaiveDate) -> Result<Vec<Marks>> {
        let db = self.db();
        // Per task row: the first creation day, the last time set done, the last report day,
        // as text compared byte by byte (as SQL's min and max compare it).
        let mut by_task: std::collections::HashMap<i64, MarkTimes> =
            std::collections::HashMap::new();
        if db.dialect() == Dialect::Postgres {
            // Folded on the server: one row a task crosses the network, not each event.
            let (sql, args) = super::postgres::marks::grouped(filter, as_of);
            let owned = |b: Option<&[u8]>| b.map(<[u8]>::to_vec);
            db.scan(&sql, &args, |rows| {
                by_task.insert(
                    rows.int(0),
                    (
                        owned(rows.text(1)),
                        owned(rows.text(2)),
                        owned(rows.text(3)),
                    ),
                );
                Ok(())
            })
            .context("reading the history's report dates")?;
            return self.marks_from(filter, by_task);
        }
        let (sql, args) = marks_query(db.dialect(), filter, as_of);
        db.scan(&sql, &args, |rows| {
            let (bits, at) = (rows.int(1), rows.text(2).unwrap_or_default());
            let day = at.get(..10).unwrap_or(at);
            let (start, done, report) = by_task.entry(rows.int(0)).or_default();
            if bits & 1 != 0 {
                keep(start, day, false);
            }
            if bits & 2 != 0 {
                // The whole time: the deadline in force then is judged against it.
                keep(done, at, true);
            }
            if bits & 4 != 0 {
                keep(report, day, true);
            }
            Ok(())
        })
        .context("reading the history's report dates")?;
        self.marks_from(filter, by_task)
    }

    /// `marks` from its fold: each task's days, and the deadline in force when it was done.
    fn marks_from(
        &self,
        filter: &TaskFilter,
        by_task: std::collections::HashMap<i64, MarkTimes>,
    ) -> Result<Vec<Marks>> {
        let day = |v: Option<Vec<u8>>| {
            v.as_deref()
                .and_then(|b| std::str::from_utf8(b).ok())
                .and_then(parse_ymd)
        };
        let due = self.deadlines_when_done(filter, &by_task)?;
        let mut marks: Vec<Marks> = by_task
            .into_iter()
            .map(|(row, (start, done, report))| {
                let done_on = day(done.map(|mut at| {
                    at.truncate(10);
                    at
                }));
                Marks {
                    row,
                    start: day(start),
                    done_on,
                    done_due: done_on.and(due.get(&row).copied().flatten()),
                    last_report: day(report),
                }
            })
            .collect();
        marks.sort_unstable_by_key(|m| m.row);
        Ok(marks)
    }

    /// For each task of `by_task` that was set done (its last time set done, from `marks`'
    /// fold), the deadline in force then: replayed back from the deadline it has now through
    /// every deadline change made at that moment (the same command's included, so `--status
    /// done --deadline LATER` does not clear 逾期完成) or later: the earliest such change's old
    /// value, else the deadline now (issue 17, finding 2). Deadline changes are few: read
    /// through the field's index, whatever the ledger's size.
    fn deadlines_when_done(
        &self,
        filter: &TaskFilter,
        by_task: &std::collections::HashMap<i64, MarkTimes>,
    ) -> Result<std::collections::HashMap<i64, Option<NaiveDate>>> {
        let done_at: std::collections::HashMap<i64, &[u8]> = by_task
            .iter()
            .filter_map(|(row, (_, done, _))| done.as_deref().map(|at| (*row, at)))
            .collect();
        let mut due = std::collections::HashMap::new();
        if done_at.is_empty() {
            return Ok(due);
        }
        let db = self.db();
        let (where_sql, args) = task_where(db.dialect(), filter);
        let of_tasks = if where_sql.is_empty() {
            String::new()
        } else {
            format!(" AND e.task_id IN (SELECT t.id FROM tasks t{where_sql})")
        };
        let moves = db
            .query(
                &format!(
                    "SELECT e.task_id, e.at, e.old FROM events e \
                     WHERE e.field = 'deadline'{of_tasks} ORDER BY e.at, e.id"
                ),
                &args,
            )
            .context("reading the deadline changes")?;
        // The earliest change at or after the time done decides; the moves come in time order.
        let mut first_move: std::collections::HashMap<i64, Option<String>> =
            std::collections::HashMap::new();
        for r in moves.iter() {
            let (row, at, old): (i64, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if let Some(done) = done_at.get(&row)
                && at.as_bytes() >= *done
            {
                first_move.entry(row).or_insert(old);
            }
        }
        let now = db
            .query(
                &format!("SELECT t.id, t.deadline FROM tasks t{where_sql}"),
                &args,
            )
            .context("reading the deadlines")?;
        for r in now.iter() {
            let (row, deadline): (i64, Option<String>) = (r.get(0)?, r.get(1)?);
            if done_at.contains_key(&row) {
                let then = first_move.remove(&row).unwrap_or(deadline);
                due.insert(row, then.as_deref().and_then(parse_ymd));
            }
        }
        Ok(due)
    }

    /// The day of task `id`'s last report up to the end of `as_of` (local date), not counting
    /// its creation: `None` when no report was ever made on it. `marks` counts the creation
    /// as a report, so that a task just added has not yet missed one; a page that names the
    /// day of the last report (`show`'s 末次反馈) must not pass the creation off as one.
    pub fn last_report(
        &self,
        id: crate::model::TaskId,
        as_of: NaiveDate,
    ) -> Result<Option<NaiveDate>> {
        let sql = format!(
            "SELECT max(substr(e.at, 1, 10)) FROM events e JOIN tasks t ON t.id = e.task_id \
             WHERE t.recommendation = ?1 AND t.item = ?2 AND e.at < ?3 \
               AND e.field <> 'created' AND ({REPORT_FIELDS}) AND {}",
            report_event_before(self.db().dialect(), "?3")
        );
        let day: Option<String> = self
            .db()
            .value(
                &sql,
                args![id.rec, id.item, ymd(as_of + chrono::Days::new(1))],
            )
            .context("reading the task's last report")?;
        Ok(day.as_deref().and_then(parse_ymd))
    }

    /// Each task's lead unit now, as (task row, unit name).
    pub fn lead_rows(&self) -> Result<Vec<(i64, String)>> {
        self.db()
            .query(
                "SELECT tu.task_id, u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id \
                 WHERE tu.role = 'lead'",
                &[],
            )
            .context("reading the lead units")?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect()
    }

    /// Every report on a task (`report_event!`) from `since` on, as (task row, day, change),
    /// each once, with the reports taken back since: judged as of a day, a report stands
    /// unless the undos recorded by then take it back (`undo::taken_back` over
    /// [`Store::undo_links`] up to that day), as the report replays a past week
    /// (`report_event_before`). `units` judges each week end so.
    pub fn report_days(&self, since: NaiveDate) -> Result<Vec<(i64, NaiveDate, i64)>> {
        let sql = format!(
            "SELECT DISTINCT e.task_id, substr(e.at, 1, 10), e.change_id FROM events e \
             WHERE e.at >= ?1 AND ({REPORT_FIELDS}) AND {REPORT_KIND}"
        );
        let rows = self
            .db()
            .query(&sql, args![ymd(since)])
            .context("reading the history's report days")?;
        let mut out = Vec::new();
        for row in rows {
            let (task, day, change): (i64, String, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
            if let Some(d) = parse_ymd(&day) {
                out.push((task, d, change));
            }
        }
        Ok(out)
    }

    /// Every undo in the ledger: its change, the change it takes back, and its local day; in
    /// the order of the undos' changes.
    pub fn undo_links(&self) -> Result<Vec<crate::report::reminders::UndoLink>> {
        // The undo events through the partial `events_undoes` index, made distinct here: with
        // DISTINCT in the statement SQLite walked `events_change` over every event instead,
        // a table row each, in change order (issue 17: 99,000 page reads at 110,000 events).
        let mut rows = self
            .db()
            .query(UNDO_LINKS, &[])
            .context("reading the undos")?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .collect::<Result<Vec<(i64, i64, String)>>>()?;
        rows.sort_unstable();
        rows.dedup();
        rows.into_iter()
            .map(|(undo, target, at)| {
                let day = parse_ymd(at.get(..10).unwrap_or_default())
                    .ok_or_else(|| anyhow::anyhow!("a recorded time is not a date: {at}"))?;
                Ok(crate::report::reminders::UndoLink { undo, target, day })
            })
            .collect()
    }

    /// Every rename of a unit (`units rename`, and an undo of one: a rename back) as
    /// `report::reminders::Renamed`, each change's (old, new) once, in change order: what
    /// 催办次数 follows to count a notice under the unit's later name.
    pub fn unit_renames(&self) -> Result<Vec<crate::report::reminders::Renamed>> {
        // A rename is a lead event marked `task::RENAMED_LEAD` or a supporting unit's event
        // with both names (`Event::is_rename`, the same rule in SQL).
        let sql = format!(
            "SELECT DISTINCT change_id, at, old, new FROM events
             WHERE old IS NOT NULL AND new IS NOT NULL
               AND ((field = 'lead' AND position = {}) OR field = 'support')
             ORDER BY change_id",
            crate::task::RENAMED_LEAD
        );
        self.db()
            .query(&sql, &[])
            .context("reading the units renamed")?
            .iter()
            .map(|r| {
                let at: String = r.get(1)?;
                let day = parse_ymd(at.get(..10).unwrap_or_default())
                    .ok_or_else(|| anyhow::anyhow!("a recorded time is not a date: {at}"))?;
                Ok(crate::report::reminders::Renamed {
                    change: r.get(0)?,
                    day,
                    old: r.get(2)?,
                    new: r.get(3)?,
                })
            })
            .collect()
    }

    /// The changes that issued a 督办通知单 listing at least one of the selected tasks (its
    /// `notice` event on that task), each once: a report scoped to part of the ledger counts
    /// only the notices about that part.
    pub fn notice_changes(&self, filter: &TaskFilter) -> Result<std::collections::HashSet<i64>> {
        let db = self.db();
        let (where_sql, args) = task_where(db.dialect(), filter);
        let sql = format!(
            "SELECT DISTINCT e.change_id FROM events e WHERE e.field = 'notice' \
               AND e.task_id IN (SELECT t.id FROM tasks t{where_sql})"
        );
        db.query(&sql, &args)
            .context("reading the notices that listed the tasks")?
            .iter()
            .map(|r| r.get(0))
            .collect()
    }
}

/// Per task row in `Store::marks`' fold: its first creation day, last time set done and last
/// report day, as the history's text.
type MarkTimes = (Option<Vec<u8>>, Option<Vec<u8>>, Option<Vec<u8>>);

/// `Store::undo_links`' statement: the undo events, each row of an undo once per field it
/// took back.
pub(in crate::store) const UNDO_LINKS: &str =
    "SELECT change_id, undoes, at FROM events WHERE undoes IS NOT NULL";

/// `day` into `slot` if it is the first, or earlier (`later` false) or later (`later` true)
/// than the one kept: SQL's `min` and `max` over text, byte by byte.
fn keep(slot: &mut Option<Vec<u8>>, day: &[u8], later: bool) {
    match slot {
        None => *slot = Some(day.to_vec()),
        // The kept buffer is reused: in a history written in time order nearly every event
        // is later than the one kept, and a new buffer each time was an allocation per event
        // (issue 17's speed).
        Some(kept) if (later && day > kept.as_slice()) || (!later && day < kept.as_slice()) => {
            kept.clear();
            kept.extend_from_slice(day);
        }
        Some(_) => {}
    }
}

/// `Store::marks`' statement: per event of the selected tasks up to the end of `as_of`, its
/// task's storage row, its part as bits (1 created, 2 set done, 4 a report) and its time.
pub(in crate::store) fn marks_query(
    d: Dialect,
    filter: &TaskFilter,
    as_of: NaiveDate,
) -> (String, Vec<Value>) {
    let (where_sql, mut args) = task_where(d, filter);
    let end = push_arg(&mut args, ymd(as_of + chrono::Days::new(1)).into());
    // Replayed as of `as_of`: an undo recorded later does not take a report back yet.
    let report_event = report_event_before(d, &end);
    // Most tasks selected: every event is read once, in the order the table keeps them
    // (the order they were written), and folded by task here. A task's events are spread
    // over the whole history, so a lookup per task through `events_task` read one table
    // page per event, and at 100,000 events most pages again and again (issue 17). A
    // few tasks: their events through that index.
    let (task, at) = if is_broad(filter) {
        (d.unindexed("e.task_id"), d.unindexed("e.at"))
    } else {
        ("e.task_id".to_string(), "e.at".to_string())
    };
    // The day set done counts any event that made it done, an undo's too: a task done at
    // `as_of` was made so by the latest of them. Each event's part as bits: 1 created,
    // 2 set done, 4 a report.
    let mut sql = format!(
        "SELECT e.task_id, \
           CASE WHEN e.field = 'created' THEN 1 ELSE 0 END \
           + CASE WHEN e.field = 'status' AND e.new = 'done' THEN 2 ELSE 0 END \
           + CASE WHEN {report_event} THEN 4 ELSE 0 END, \
           e.at \
         FROM events e WHERE {at} < {end} AND ({})",
        report_fields_unindexed(d)
    );
    if !where_sql.is_empty() {
        sql.push_str(&format!(
            " AND {task} IN (SELECT t.id FROM tasks t{where_sql})"
        ));
    }
    (sql, args)
}
