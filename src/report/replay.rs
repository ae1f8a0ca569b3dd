//! Rewinding the ledger: tasks as reports count them, the changes that rewind them to a past
//! moment, and the index from a storage row to its place in a list.

use chrono::{Datelike, NaiveDate};

use crate::model::{Status, TaskId};

/// A task as reports count it: where it is stored, its id, status, deadline and progress.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskState {
    /// The task's storage row, which its changes refer to.
    pub row: i64,
    pub id: TaskId,
    pub status: Status,
    pub deadline: Option<NaiveDate>,
    pub progress: u8,
}

/// A task's creation or a change of its status, deadline or progress, as reports count them:
/// enough to undo it, and no more.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StateChange {
    /// The event's id: changes at the same moment are undone newest id first.
    pub id: i64,
    pub row: i64,
    /// The local time of the change as the number `YYYYMMDDhhmmss`: the day it counts for.
    pub at: u64,
    /// The instant of the change (seconds since 1970, UTC): the order changes happened in,
    /// whatever the time zones of their writers.
    pub instant: i64,
    pub undo: Undo,
}

/// What undoing a change restores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Undo {
    /// The task did not exist before.
    Created,
    Status(Status),
    Deadline(Option<NaiveDate>),
    Progress(u8),
}

impl StateChange {
    /// From an event's columns; `None` for a field reports do not count or an unreadable value.
    pub fn from_event(id: i64, row: i64, field: &str, old: Option<&str>, at: &str) -> Option<Self> {
        let undo = match field {
            "created" => Undo::Created,
            "status" => Undo::Status(old?.parse().ok()?),
            "deadline" => Undo::Deadline(old.and_then(crate::model::parse_ymd)),
            "progress" => Undo::Progress(old?.parse().ok()?),
            _ => return None,
        };
        Some(StateChange {
            id,
            row,
            at: moment(at),
            instant: crate::model::instant(at),
            undo,
        })
    }

    /// Sorts changes oldest first, as they happened.
    pub(super) fn in_order(changes: &mut [StateChange]) {
        // Ids are unique, so any sort gives one order. A stable sort would merge the runs the
        // changes are read in (field by field, each in time order) a little faster, but needs
        // a buffer of half of them: 7 MB for a report on a week two years back at 100k tasks.
        changes.sort_unstable_by_key(|c| (c.instant, c.id));
    }

    /// Whether the change is dated after the day `end`.
    pub(super) fn after(&self, end: NaiveDate) -> bool {
        self.at > day_end(end)
    }
}

/// `2026-03-10T09:05:00+08:00` → 20260310090500: the local date and time as one number, which
/// orders as the text does. Only the date counts for reports, so text that is not a full time
/// keeps its date (a date unreadable too sorts first).
pub(super) fn moment(at: &str) -> u64 {
    let digits = |s: &str| -> Option<u64> {
        s.bytes().try_fold(0u64, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
        })
    };
    let part = |r: std::ops::Range<usize>| at.get(r).and_then(digits);
    let date = (|| Some(part(0..4)? * 10_000 + part(5..7)? * 100 + part(8..10)?))();
    let time = (|| Some(part(11..13)? * 10_000 + part(14..16)? * 100 + part(17..19)?))();
    date.map_or(0, |d| d * 1_000_000 + time.unwrap_or(0))
}

/// The last moment of the day `d`.
pub(super) fn day_end(d: NaiveDate) -> u64 {
    (d.year() as u64 * 10_000 + u64::from(d.month()) * 100 + u64::from(d.day())) * 1_000_000
        + 235_959
}

/// The day of a moment (`StateChange::at`, `YYYYMMDDhhmmss`); `None` for a moment whose date
/// was unreadable.
pub(super) fn day_of(at: u64) -> Option<NaiveDate> {
    let d = at / 1_000_000;
    NaiveDate::from_ymd_opt(
        (d / 10_000) as i32,
        (d / 100 % 100) as u32,
        (d % 100) as u32,
    )
}

/// From a storage row to its place in a list: a table indexed by row when the rows are dense
/// (as SQLite numbers them), else a sorted list searched by halves.
pub(crate) enum RowIndex {
    Dense(Vec<u32>),
    Sorted(Vec<(i64, usize)>),
}

impl RowIndex {
    pub(super) fn new(states: &[TaskState]) -> Self {
        Self::of_rows(states.iter().map(|s| s.row))
    }

    /// The index of a list whose `k`-th item has storage row `rows[k]`.
    pub(crate) fn of_rows(rows: impl ExactSizeIterator<Item = i64> + Clone) -> Self {
        let len = rows.len();
        let max = rows.clone().max().unwrap_or(0);
        let min = rows.clone().min().unwrap_or(0);
        if min >= 0 && (max as usize) < len * 4 + 1024 {
            let mut table = vec![u32::MAX; max as usize + 1];
            for (i, row) in rows.enumerate() {
                table[row as usize] = i as u32;
            }
            return RowIndex::Dense(table);
        }
        let mut pairs: Vec<(i64, usize)> = rows.enumerate().map(|(i, row)| (row, i)).collect();
        pairs.sort_unstable();
        RowIndex::Sorted(pairs)
    }

    pub(crate) fn get(&self, row: i64) -> Option<usize> {
        match self {
            RowIndex::Dense(table) => usize::try_from(row)
                .ok()
                .and_then(|r| table.get(r))
                .filter(|&&i| i != u32::MAX)
                .map(|&i| i as usize),
            RowIndex::Sorted(pairs) => pairs
                .binary_search_by_key(&row, |p| p.0)
                .ok()
                .map(|k| pairs[k].1),
        }
    }
}

/// The tasks as they stood before `later` happened: every event in `later` (any task's, oldest
/// first, as `Store::events` reads them) reverted newest first, and the tasks created among
/// them left out. `units --today D` and `list --stale … --today D` read the ledger as of a
/// past day this way (events after it do not exist yet), as the report replays a past week.
pub fn rewind_tasks(
    mut tasks: Vec<crate::task::Task>,
    later: &[crate::task::Event],
) -> Vec<crate::task::Task> {
    let place: std::collections::HashMap<TaskId, usize> =
        tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut gone = vec![false; tasks.len()];
    for e in later.iter().rev() {
        let Some(&i) = place.get(&e.task) else {
            continue;
        };
        if e.field == crate::task::Field::Created {
            gone[i] = true;
        } else {
            e.revert(&mut tasks[i]);
        }
    }
    let mut keep = gone.into_iter().map(|g| !g);
    tasks.retain(|_| keep.next().unwrap_or(true));
    tasks
}
