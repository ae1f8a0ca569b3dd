//! Which of a period's events are news (本周进展): the one rule behind the progress table's
//! 本周进展 column, its "news first" order, the 通报's 二 (`另有N项有新进展`) and the count of
//! tasks with news left out by `--limit`. The store reads each event's [`NewsMark`] for the
//! period (`Store::period_news`); the rows read whole events and judge them here too.

use std::collections::HashSet;

use crate::task::{Event, Field};

/// What the rule needs of one event dated in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewsMark {
    /// The recorded change the event belongs to.
    pub change_id: i64,
    /// The change it takes back, for an event written by `undo`.
    pub undoes: Option<i64>,
    pub field: Field,
    /// A withdrawn note, or the withdrawal itself (`Event::withdrawn`).
    pub withdrawn: bool,
    /// A unit's rename (`Event::is_rename`).
    pub rename: bool,
}

impl From<&Event> for NewsMark {
    fn from(e: &Event) -> Self {
        NewsMark {
            change_id: e.change_id,
            undoes: e.undoes,
            field: e.field,
            withdrawn: e.withdrawn,
            rename: e.is_rename(),
        }
    }
}

impl NewsMark {
    /// Whether a kept event ([`NewsMark::kept`]) makes its task news. A rename is kept among the
    /// task's events (JSON and `history` show it) but is said once for the whole report
    /// (`report::renames`), never as news of each task it touched.
    pub fn is_news(&self) -> bool {
        !self.rename
    }
}

/// The changes of `marks` (every event dated in the period, withdrawn ones and withdrawals
/// included, so that an undo chain is seen whole) that cancel out: a change and the undo that
/// takes it back, both in the period. An undo itself undone takes nothing back (chain parity,
/// [`crate::undo::taken_back`]): in change, undo, redo, the change stands and the undo and the
/// redo cancel out.
pub fn cancelled(marks: &[NewsMark]) -> HashSet<i64> {
    let taken =
        crate::undo::taken_back(marks.iter().filter_map(|m| Some((m.change_id, m.undoes?))));
    let in_period: HashSet<i64> = marks.iter().map(|m| m.change_id).collect();
    marks
        .iter()
        .filter(|m| !taken.contains(&m.change_id))
        .filter_map(|m| {
            m.undoes
                .filter(|c| in_period.contains(c))
                .map(|c| [m.change_id, c])
        })
        .flatten()
        .collect()
}

impl NewsMark {
    /// Whether a report keeps this event among the period's, given the period's
    /// [`cancelled`] changes: not cancelled, not a task's creation (a plan seeded or a report
    /// imported is said once, 本周新增督办事项N项), not a notice (said once per unit, 本期督办),
    /// not a withdrawn note or its withdrawal.
    pub fn kept(&self, cancelled: &HashSet<i64>) -> bool {
        !cancelled.contains(&self.change_id)
            && self.field != Field::Created
            && self.field != Field::Notice
            && !self.withdrawn
    }
}

/// The tasks with news in the period, each once, in first-seen order: from each `(task, mark)`
/// of every event dated in it (as [`cancelled`] takes them), the tasks with an event a report
/// keeps ([`NewsMark::kept`]) that [`NewsMark::is_news`].
pub fn tasks_with_news<T: Copy + Eq + std::hash::Hash>(events: &[(T, NewsMark)]) -> Vec<T> {
    let marks: Vec<NewsMark> = events.iter().map(|(_, m)| *m).collect();
    let cancelled = cancelled(&marks);
    let mut seen = HashSet::new();
    events
        .iter()
        .filter(|(_, m)| m.kept(&cancelled) && m.is_news())
        .filter_map(|(t, _)| seen.insert(*t).then_some(*t))
        .collect()
}

/// Gives each undo in `events` (an event that `undoes` a change, not a note's withdrawal) the
/// note the change it took back carried on the same task, found in `taken` (those changes'
/// events with a note, `Store::noted_events_of_changes`): the note was withdrawn with the
/// change, and 本周进展 says so (`撤销此前的变更：进度由45%降低到30%，撤回进展“…”`; issue 17i,
/// finding 8). An undo records no note of its own, so its `note` in a report's `this_week` is
/// the one it withdrew. Only the first event of each undo on a task gets it.
pub fn name_withdrawn_notes(events: &mut [Event], taken: &[Event]) {
    let mut named: std::collections::HashSet<(i64, crate::model::TaskId)> =
        std::collections::HashSet::new();
    for e in events.iter_mut() {
        let Some(undone) = e.undoes else { continue };
        if e.field == Field::Note || e.withdrawn || e.note.is_some() {
            continue;
        }
        let Some(note) = (taken.iter())
            .filter(|t| t.change_id == undone && t.task == e.task && t.field != Field::Note)
            .find_map(|t| t.note.as_deref())
        else {
            continue;
        };
        if named.insert((e.change_id, e.task)) {
            e.note = Some(note.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(change_id: i64, field: Field) -> NewsMark {
        NewsMark {
            change_id,
            undoes: None,
            field,
            withdrawn: false,
            rename: false,
        }
    }

    fn undo(change_id: i64, of: i64, field: Field) -> NewsMark {
        NewsMark {
            undoes: Some(of),
            ..m(change_id, field)
        }
    }

    #[test]
    fn what_is_news_case_by_case() {
        use Field::*;
        let withdrawn = NewsMark {
            withdrawn: true,
            ..m(7, Note)
        };
        let rename = NewsMark {
            rename: true,
            ..m(8, Lead)
        };
        // (task, events of the period, whether the task has news)
        let cases: Vec<(&str, Vec<NewsMark>, bool)> = vec![
            ("a note", vec![m(1, Note)], true),
            ("a progress change", vec![m(1, Progress)], true),
            ("created only", vec![m(1, Created)], false),
            ("a notice only", vec![m(1, Notice)], false),
            (
                "a withdrawn note and its withdrawal",
                vec![
                    withdrawn,
                    NewsMark {
                        withdrawn: true,
                        ..m(9, Note)
                    },
                ],
                false,
            ),
            ("a rename only", vec![rename], false),
            (
                "a change and its undo",
                vec![m(1, Status), undo(2, 1, Status)],
                false,
            ),
            (
                "change, undo, redo",
                vec![m(1, Status), undo(2, 1, Status), undo(3, 2, Status)],
                true,
            ),
            (
                "an undo of an earlier period's change",
                vec![undo(5, 1, Status)],
                true,
            ),
            ("a notice and a note", vec![m(1, Notice), m(2, Note)], true),
            (
                "a rename and a deadline change",
                vec![rename, m(2, Deadline)],
                true,
            ),
        ];
        for (what, marks, news) in cases {
            let events: Vec<(u8, NewsMark)> = marks.iter().map(|m| (1u8, *m)).collect();
            assert_eq!(!tasks_with_news(&events).is_empty(), news, "{what}");
        }
    }

    #[test]
    fn each_task_once_in_first_seen_order() {
        let events = [
            (3, m(1, Field::Note)),
            (1, m(2, Field::Notice)),
            (2, m(3, Field::Progress)),
            (3, m(4, Field::Status)),
        ];
        assert_eq!(tasks_with_news(&events), vec![3, 2]);
    }
}
