//! The history's dates that follow-up judges a task by (issue 17): one grouped read over the
//! selected tasks' events, so a report of any size costs one statement, not one per task.

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::db::args;
use super::read::{REPORT_KIND, push_arg, report_event_before, task_where};
use super::{Store, TaskFilter};
use crate::model::{parse_ymd, ymd};
use crate::report::Marks;

impl Store {
    /// For each selected task with events dated up to the end of `as_of` (local date): the day
    /// it was created, the last day it was set done and the deadline in force then, and the
    /// day of its last report (see `read.rs`, `report_event!`), each by then; in no
    /// particular order.
    pub fn marks(&self, filter: &TaskFilter, as_of: NaiveDate) -> Result<Vec<Marks>> {
        let db = self.db();
        let d = db.dialect();
        let (where_sql, mut args) = task_where(d, filter);
        let end = push_arg(&mut args, ymd(as_of + chrono::Days::new(1)).into());
        // Replayed as of `as_of`: an undo recorded later does not take a report back yet.
        let report_event = report_event_before(&end);
        // The day set done counts any event that made it done, an undo's too: a task done at
        // `as_of` was made so by the latest of them. `+e.field` keeps SQLite on the
        // (task_id, at, id) index, already in GROUP BY order: through the (field, at…) index it
        // sorted every event in a temporary b-tree, twice the time (10k tasks, 110k events).
        let mut sql = format!(
            "WITH m AS (SELECT e.task_id AS task_id, \
               min(CASE WHEN e.field = 'created' THEN substr(e.at, 1, 10) END) AS start, \
               max(CASE WHEN e.field = 'status' AND e.new = 'done' THEN e.at END) AS done_at, \
               max(CASE WHEN {report_event} THEN substr(e.at, 1, 10) END) AS last_report \
             FROM events e WHERE e.at < {end} \
               AND {} IN ('created', 'status', 'progress', 'note')",
            d.unindexed("e.field")
        );
        if !where_sql.is_empty() {
            sql.push_str(&format!(
                " AND e.task_id IN (SELECT t.id FROM tasks t{where_sql})"
            ));
        }
        // The deadline in force when the task was last set done: replayed back from the
        // deadline it has now through every deadline change made at that moment (the same
        // command's included, so `--status done --deadline LATER` does not clear 逾期完成) or
        // later, whatever `as_of`: the earliest such change's old value, else the deadline now.
        sql.push_str(
            " GROUP BY e.task_id) \
             SELECT m.task_id, m.start, substr(m.done_at, 1, 10), m.last_report, t.deadline, \
               CASE WHEN EXISTS (SELECT 1 FROM events d WHERE d.task_id = m.task_id \
                 AND d.field = 'deadline' AND d.at >= m.done_at) THEN 1 ELSE 0 END, \
               (SELECT d.old FROM events d WHERE d.task_id = m.task_id \
                 AND d.field = 'deadline' AND d.at >= m.done_at ORDER BY d.at, d.id LIMIT 1) \
             FROM m JOIN tasks t ON t.id = m.task_id",
        );
        let day = |v: Option<String>| v.as_deref().and_then(parse_ymd);
        db.query(&sql, &args)
            .context("reading the history's report dates")?
            .iter()
            .map(|r| {
                let done_on = day(r.get(2)?);
                let moved: i64 = r.get(5)?;
                let due = if moved == 1 { r.get(6)? } else { r.get(4)? };
                Ok(Marks {
                    row: r.get(0)?,
                    start: day(r.get(1)?),
                    done_on,
                    done_due: done_on.and(day(due)),
                    last_report: day(r.get(3)?),
                })
            })
            .collect()
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
               AND e.field IN ('status', 'progress', 'note') AND {}",
            report_event_before("?3")
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
             WHERE e.at >= ?1 AND e.field IN ('created', 'status', 'progress', 'note') AND {REPORT_KIND}"
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

    /// Every undo in the ledger: its change, the change it takes back, and its local day.
    pub fn undo_links(&self) -> Result<Vec<crate::report::reminders::UndoLink>> {
        let rows = self
            .db()
            .query(
                "SELECT DISTINCT change_id, undoes, at FROM events WHERE undoes IS NOT NULL",
                &[],
            )
            .context("reading the undos")?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .collect::<Result<Vec<(i64, i64, String)>>>()?;
        rows.into_iter()
            .map(|(undo, target, at)| {
                let day = parse_ymd(at.get(..10).unwrap_or_default())
                    .ok_or_else(|| anyhow::anyhow!("a recorded time is not a date: {at}"))?;
                Ok(crate::report::reminders::UndoLink { undo, target, day })
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
