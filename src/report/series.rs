//! `report --series weekly`: one row per week, as of each week's end.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Period, RowIndex, StateChange, TaskState, Undo, week_label};
use crate::model::Status;

/// One week of `report --series weekly`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesRow {
    pub week: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Net tasks done in the week.
    pub done: i64,
    /// Tasks not done or cancelled at the week's end.
    pub open: usize,
    /// Open tasks past their deadline at the week's end.
    pub overdue: usize,
    pub cumulative: usize,
}

/// Counts tasks by deadline day, for "how many open tasks are past their deadline" at any date
/// in O(log days) while the history is rewound.
struct DeadlineCounts {
    first: NaiveDate,
    tree: Vec<i64>,
}

impl DeadlineCounts {
    fn new(first: NaiveDate, last: NaiveDate) -> Self {
        let days = (last - first).num_days().max(0) as usize + 2;
        DeadlineCounts {
            first,
            tree: vec![0; days + 1],
        }
    }

    fn slot(&self, d: NaiveDate) -> usize {
        ((d - self.first).num_days().max(0) as usize + 1).min(self.tree.len() - 1)
    }

    fn add(&mut self, d: NaiveDate, delta: i64) {
        let mut i = self.slot(d);
        while i < self.tree.len() {
            self.tree[i] += delta;
            i += i & i.wrapping_neg();
        }
    }

    /// How many deadlines fall strictly before `d`.
    fn before(&self, d: NaiveDate) -> i64 {
        if d <= self.first {
            return 0;
        }
        let mut i = self.slot(d) - 1;
        let mut sum = 0;
        while i > 0 {
            sum += self.tree[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }
}

/// Done and open tasks, and open tasks' deadlines, at the moment being rewound to.
struct Totals {
    done: i64,
    open: i64,
    deadlines: DeadlineCounts,
}

impl Totals {
    /// Adds (`sign` 1) or removes (-1) a task's part: existence, status, deadline.
    fn count(&mut self, task: &(bool, Status, Option<NaiveDate>), sign: i64) {
        let (exists, status, deadline) = *task;
        if !exists {
            return;
        }
        match status {
            Status::Done => self.done += sign,
            Status::Cancelled => {}
            _ => {
                self.open += sign;
                if let Some(d) = deadline {
                    self.deadlines.add(d, sign);
                }
            }
        }
    }
}

/// One row per ISO week touching `period`, each as of that week's end (or today, for a week
/// still running). One pass backwards through the changes: counters for done and open tasks
/// and a tree of open tasks' deadlines are updated as each change is undone, so a week costs
/// O(log days), not a scan of every task.
pub fn series_from(
    tasks: Vec<TaskState>,
    mut changes: Vec<StateChange>,
    period: Period,
    today: NaiveDate,
) -> Vec<SeriesRow> {
    StateChange::in_order(&mut changes);
    // Every deadline a task had is its current one or one a change undoes back to.
    let dates = tasks
        .iter()
        .filter_map(|t| t.deadline)
        .chain(changes.iter().filter_map(|c| match c.undo {
            Undo::Deadline(d) => d,
            _ => None,
        }));
    let (lo, hi) = dates.fold(
        (None, None),
        |(lo, hi): (Option<NaiveDate>, Option<NaiveDate>), d| {
            (
                Some(lo.map_or(d, |l: NaiveDate| l.min(d))),
                Some(hi.map_or(d, |h: NaiveDate| h.max(d))),
            )
        },
    );
    let deadlines = DeadlineCounts::new(lo.unwrap_or(today), hi.unwrap_or(today));
    let index = RowIndex::new(&tasks);
    let mut state: Vec<(bool, Status, Option<NaiveDate>)> =
        tasks.iter().map(|t| (true, t.status, t.deadline)).collect();
    let mut totals = Totals {
        done: 0,
        open: 0,
        deadlines,
    };
    for s in &state {
        totals.count(s, 1);
    }
    let last = Period::week_of(period.to);
    let first = Period::week_of(period.from);
    let mut applied = changes.len();
    let mut rows = Vec::new();
    let mut week = last;
    loop {
        let at = week.to.min(today);
        while applied > 0 && changes[applied - 1].after(at) {
            let c = changes[applied - 1];
            applied -= 1;
            let Some(i) = index.get(c.row) else {
                continue;
            };
            totals.count(&state[i], -1);
            match c.undo {
                Undo::Created => state[i].0 = false,
                Undo::Status(st) => state[i].1 = st,
                Undo::Deadline(d) => state[i].2 = d,
                Undo::Progress(_) => {}
            }
            totals.count(&state[i], 1);
        }
        rows.push(SeriesRow {
            week: week_label(week.from.iso_week()),
            from: week.from,
            to: week.to,
            done: 0,
            open: totals.open.max(0) as usize,
            overdue: totals.deadlines.before(at).max(0) as usize,
            cumulative: totals.done.max(0) as usize,
        });
        // One week more than shown, for the first week's net change.
        if week.from < first.from {
            break;
        }
        week = week.previous();
    }
    rows.reverse();
    for k in 1..rows.len() {
        rows[k].done = rows[k].cumulative as i64 - rows[k - 1].cumulative as i64;
    }
    rows.remove(0);
    rows
}
