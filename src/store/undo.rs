//! `undo`: the latest change taken back whole, read and written in one transaction.

use anyhow::{Context, Result, anyhow, bail};

use std::collections::HashMap;

use super::batch::{Planned, record_all, rows_of};
use super::db::args;
use super::read::{EVENT_COLUMNS, event_from_row, read_tasks};
use super::record::next_change_id;
use super::{Stamp, Store, TaskFilter, friendly};
use crate::model::TaskId;
use crate::task::{Event, FieldChange, Task};

/// What `undo` took back: the change, and for each task it touched, the changes made.
#[derive(Debug, Clone)]
pub struct Undone {
    pub change: i64,
    pub tasks: Vec<(TaskId, Vec<FieldChange>)>,
}

impl Store {
    /// Takes back the latest change (`actor`'s, or anyone's with `None`), whatever it was, whole,
    /// as one new change that `undoes` it. The latest change is read inside the write
    /// transaction, so two undos at once never take back the same change: the second takes back
    /// the first (undoing twice redoes). `plan` gets each task the change touched, as it is now,
    /// with the change's events on it (`undo::plan_undo`). `Ok(None)`: no change to take back.
    pub fn undo_latest(
        &mut self,
        actor: Option<&str>,
        stamp: &Stamp,
        mut plan: impl FnMut(&Task, &[Event]) -> Result<Vec<FieldChange>>,
    ) -> Result<Option<Undone>> {
        let path = self.path.clone();
        let (tx, stamp) = self.write_stamped(stamp)?;
        let stamp = &stamp;
        let db = tx.db();
        let latest: Option<i64> = db
            .value(
                // Yours: the changes you made, and the sheets you collected (their change is
                // the unit's, but it was you who applied it).
                "SELECT max(c) FROM (SELECT (SELECT change_id FROM events \
                 WHERE (CAST(?1 AS TEXT) IS NULL OR actor = ?1) ORDER BY change_id DESC LIMIT 1) AS c \
                 UNION ALL SELECT (SELECT change_id FROM sheets_collected \
                 WHERE collector = ?1 AND change_id IS NOT NULL ORDER BY change_id DESC LIMIT 1)) AS latest",
                args![actor],
            )
            .context("finding the latest change")?;
        let Some(undone) = latest else {
            return Ok(None);
        };
        let events: Vec<Event> = db
            .query(
                &format!(
                    "SELECT {EVENT_COLUMNS} FROM events e JOIN tasks t ON t.id = e.task_id WHERE e.change_id = ?1 ORDER BY e.id"
                ),
                args![undone],
            )
            .context("reading the latest change")?
            .iter()
            .map(event_from_row)
            .collect::<Result<_>>()
            .context("reading the latest change")?;
        // The tasks in the order the change first touched them, each with its own events.
        let mut by_task: Vec<(TaskId, Vec<Event>)> = Vec::new();
        for e in events {
            match by_task.iter_mut().find(|(id, _)| *id == e.task) {
                Some((_, list)) => list.push(e),
                None => by_task.push((e.task, vec![e])),
            }
        }
        let change = next_change_id(&db)?;
        // The tasks read at once, so that on a server the undo of a change to thousands of
        // tasks is a few statements (`batch`), not a few per task.
        let ids: Vec<TaskId> = by_task.iter().map(|(id, _)| *id).collect();
        let rows = rows_of(&db, &ids)?;
        let filter = TaskFilter {
            rows: ids.iter().map(|id| rows[id]).collect(),
            ..TaskFilter::default()
        };
        let mut now: HashMap<TaskId, Task> = read_tasks(&db, &filter)?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        let mut planned = Vec::new();
        for (id, events) in &by_task {
            let task = now
                .remove(id)
                .ok_or_else(|| anyhow!(crate::msg!("no task {id}", "没有任务 {id}")))?;
            let changes = plan(&task, events)?;
            if !changes.is_empty() {
                planned.push(Planned::on(task, changes));
            }
        }
        record_all(&db, change, &planned, stamp, Some(undone))?;
        let done: Vec<(TaskId, Vec<FieldChange>)> =
            planned.into_iter().map(|p| (p.id, p.changes)).collect();
        if done.is_empty() {
            bail!(crate::msg!(
                "change #{undone} has nothing left to take back: the tasks it added are already cancelled",
                "第 {undone} 号变更已没有可撤销的内容：它新增的任务都已取消"
            ));
        }
        super::sheets::after_undo(&db, undone, change)?;
        tx.commit().map_err(|e| friendly(e, &path))?;
        Ok(Some(Undone {
            change: undone,
            tasks: done,
        }))
    }
}
