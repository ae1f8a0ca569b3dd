//! Reads: tasks, events, units and counts, each one statement (or two) shaped for its caller.

use super::TaskFilter;
use super::db::{Dialect, Value};
use crate::model::ymd;

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

/// Whether event `e` is a report on its task (issue 17, 未反馈): a progress note (alone or with
/// another change, `report_fields!`), a status or
/// a progress change, or the task's creation (a task just added has not yet missed a report).
/// Not a report: an undo, a withdrawn note, or a change taken back (`taken_back!`: undone an odd
/// number of times) — none of them is word from the unit. A change undone and redone is a
/// report again, on its own day.
macro_rules! report_event {
    () => {
        concat!(
            "(",
            report_kind!(),
            " AND e.change_id NOT IN ",
            taken_back!(),
            ")"
        )
    };
}

/// The events that can be a report: a note, status, progress or creation, or any other change
/// that carries a note (`update 1.6 --deadline … --note …`): the note is word from the unit
/// whatever it travels with, as the report shows it as 最新进展 (issue 17, finding 4). A
/// notice's event is the office's, never the unit's. The readers that narrow the events
/// read before judging them (`store::followup`) narrow by this too.
macro_rules! report_fields {
    () => {
        "e.field IN ('note', 'status', 'progress', 'created') \
         OR (e.note IS NOT NULL AND e.field <> 'notice')"
    };
}

/// `report_fields!` for `store::followup`'s narrowing of the events it reads.
pub(super) const REPORT_FIELDS: &str = report_fields!();

/// `report_event!` before the undo chains are judged: an event of the kind that reports (a
/// note, status, progress or creation; not an undo, not a withdrawal). Whether it still
/// stands depends on the undos recorded by the day it is judged at.
macro_rules! report_kind {
    () => {
        concat!(
            "(",
            report_fields!(),
            ") AND e.undoes IS NULL AND NOT (e.field = 'note' AND e.old IS NOT NULL)"
        )
    };
}

/// `taken_back!` for the other reading modules (`sheets.rs`).
pub(super) const TAKEN_BACK: &str = taken_back!();

/// `report_event!` as of a moment: only the undos recorded before `end` (an SQL expression,
/// such as a `?N` parameter holding a local `YYYY-MM-DD` day) take a change back. A report on
/// a past period is replayed as of its end (issue 17), and an undo made later does not exist yet.
///
/// The undos are found through the partial `events_undoes` index (the few events that are
/// undos), their time checked on each: with `at < end` left open to the planner, SQLite read
/// every event before `end` through `events_at` to find them, one table row per event in time
/// order, which at 110,000 events cost 100,000 page reads with the 256 KiB cache (issue 17).
pub(super) fn report_event_before(d: Dialect, end: &str) -> String {
    format!(
        "({} AND e.change_id NOT IN {})",
        report_kind!(),
        taken_back_before(d, end)
    )
}

/// `taken_back!` as of a moment: the changes taken back by the undos recorded before `end`
/// (an SQL expression such as a `?N` parameter holding a local `YYYY-MM-DD` day), as a
/// parenthesised query of one column, `base`.
pub(super) fn taken_back_before(d: Dialect, end: &str) -> String {
    format!(
        "(WITH RECURSIVE undo_chain(base, cur, depth) AS ( \
            SELECT DISTINCT undoes, undoes, 0 FROM events WHERE undoes IS NOT NULL AND {at} < {end} \
            UNION SELECT undo_chain.base, u.change_id, undo_chain.depth + 1 \
              FROM undo_chain JOIN events u ON u.undoes = undo_chain.cur AND u.at < {end}) \
          SELECT base FROM undo_chain GROUP BY base HAVING max(depth) % 2 = 1)",
        at = d.unindexed("at")
    )
}

/// One event as the follow-up folds (`store::followup`) judge it on the client, from plain
/// columns: comparing text in SQL, for each of 100,000 events, cost SQLite five times the
/// reading of the rows (issue 17's speed). The rules are those of `report_fields!` and
/// `report_kind!`, written again here; `the_fold_judges_as_the_sql_does` checks the two agree
/// on every kind of event.
#[derive(Debug, Clone, Copy)]
pub(super) struct Judged<'a> {
    /// `e.field`, as stored.
    pub field: &'a [u8],
    /// `e.note IS NOT NULL`.
    pub has_note: bool,
    /// `e.old IS NOT NULL` (a note's withdrawal carries the note it withdraws as `old`).
    pub has_old: bool,
    /// `e.undoes IS NOT NULL`.
    pub is_undo: bool,
}

impl Judged<'_> {
    /// `report_fields!`.
    pub fn report_field(&self) -> bool {
        matches!(self.field, b"note" | b"status" | b"progress" | b"created")
            || (self.has_note && self.field != b"notice")
    }
    /// `report_kind!`: before the undo chains are judged.
    pub fn report_kind(&self) -> bool {
        self.report_field() && !self.is_undo && !(self.field == b"note" && self.has_old)
    }
    /// `NOTE_KIND`.
    pub fn note_kind(&self) -> bool {
        self.has_note
            && self.field != b"created"
            && !self.is_undo
            && !(self.field == b"note" && self.has_old)
    }
}

/// A progress note that can be a task's latest (最新进展), before the undo chains are judged:
/// a note carried by any change but a creation, not an undo, not a withdrawal (a withdrawn
/// note's other form, a note whose change is taken back, is judged with the chains). The
/// weekly report shows it for a task with no news in the period.
pub(super) const NOTE_KIND: &str = "(e.note IS NOT NULL AND e.field != 'created' \
    AND e.undoes IS NULL AND NOT (e.field = 'note' AND e.old IS NOT NULL))";

/// `report_kind!` for the other reading modules (`followup.rs`, which judges undo chains
/// day by day).
pub(super) const REPORT_KIND: &str = report_kind!();

/// Reads of the history.
mod events;
#[cfg(test)]
mod plans;
/// Reads of tasks, units and counts.
mod tasks;

pub(super) use events::{EVENT_COLUMNS, event_from_row};
pub(super) use tasks::{read_task, read_tasks};

type Query = (String, Vec<Value>);

/// `column` among the filter's storage rows: a range when they run without a gap (as the rows
/// of a report written in chunks do), which SQLite reads in one pass instead of a lookup per
/// row; else the rows as one JSON array argument (`json_each`), which costs SQLite nothing to
/// parse where a list of a few hundred numbers written into the statement took most of its
/// time to prepare, and which no limit on the number of arguments touches (`Dialect::json_ids`).
fn rows_in(
    d: Dialect,
    column: &str,
    filter: &TaskFilter,
    arg: &mut dyn FnMut(Value) -> String,
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
            format!("{column} IN {}", d.json_ids(&arg(list.into())))
        }
    }
}

/// Adds an argument to a statement's list and names it there (`?N`).
pub(super) fn push_arg(args: &mut Vec<Value>, v: Value) -> String {
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
pub(super) fn is_broad(filter: &TaskFilter) -> bool {
    filter.task.is_none()
        && filter.unit.is_none()
        && filter.rec.is_none()
        && filter.rows.is_empty()
        && filter.statuses.is_empty()
}

/// The WHERE clause (on `tasks t`) for a filter, and its arguments.
pub(super) fn task_where(d: Dialect, filter: &TaskFilter) -> (String, Vec<Value>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |v: Value| push_arg(&mut args, v);
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
        clauses.push(rows_in(d, "t.id", filter, &mut arg));
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
