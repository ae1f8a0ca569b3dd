//! 本期到期 (issue 17 §5): every task whose deadline falls within the report's period, done
//! or not, with how it stood at the report's end. The overdue and upcoming lists hold open
//! tasks only, judged from the as-of day, so once a week has ended its deadlines fell between
//! them (a task due on Monday and done on time was in neither; one not done was only
//! "overdue"): this list says what became of each deadline of the period. Pure.

use chrono::NaiveDate;
use serde::Serialize;

use super::Due;
use crate::model::{Lang, Status};

/// How a deadline of the period stood at the report's as-of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    /// Done on or before its deadline (已按期完成).
    DoneOnTime,
    /// Done after its deadline (逾期完成), as `followup::done_late` judges it.
    DoneLate,
    /// Open, its deadline before the as-of day (逾期未完成).
    Overdue,
    /// Open, due on the as-of day itself (到期未完成): the last day, not yet late.
    DueToday,
    /// Open, due after the as-of day, within a period still running (未到期).
    NotYetDue,
}

impl DueState {
    /// The state of a task with `status` due on `deadline`, at `as_of`; `done_late` as the
    /// report judged it. `None` for a cancelled task: it is no longer due.
    pub fn of(
        status: Status,
        deadline: NaiveDate,
        as_of: NaiveDate,
        done_late: bool,
    ) -> Option<DueState> {
        Some(match status {
            Status::Cancelled => return None,
            Status::Done if done_late => DueState::DoneLate,
            Status::Done => DueState::DoneOnTime,
            _ if deadline < as_of => DueState::Overdue,
            _ if deadline == as_of => DueState::DueToday,
            _ => DueState::NotYetDue,
        })
    }

    /// The words an office uses: 已按期完成, 逾期完成, 逾期未完成, 到期未完成, 未到期.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DueState::DoneOnTime => lang.pick("已按期完成", "done on time"),
            DueState::DoneLate => lang.pick("逾期完成", "done late"),
            DueState::Overdue => lang.pick("逾期未完成", "overdue"),
            DueState::DueToday => lang.pick("到期未完成", "due today"),
            DueState::NotYetDue => lang.pick("未到期", "not yet due"),
        }
    }

    /// Every state, in the order the tallies name them.
    pub const ALL: [DueState; 5] = [
        DueState::DoneOnTime,
        DueState::DoneLate,
        DueState::Overdue,
        DueState::DueToday,
        DueState::NotYetDue,
    ];
}

/// A task due within the period (`Report::due_in_period`), as of the report's end. In JSON its
/// `days` are the days from the as-of day to the deadline (negative once it has passed).
#[derive(Debug, Clone, Serialize)]
pub struct PeriodDue {
    #[serde(flatten)]
    pub due: Due,
    pub state: DueState,
    /// The day it was last set done (`YYYY-MM-DD`), for a done task.
    pub done_on: Option<NaiveDate>,
}

/// How many of `list` stand in each state, in [`DueState::ALL`]'s order, states with none
/// left out.
pub fn tally(list: &[PeriodDue]) -> Vec<(DueState, usize)> {
    DueState::ALL
        .iter()
        .map(|s| (*s, list.iter().filter(|d| d.state == *s).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::model::parse_ymd(s).unwrap()
    }

    #[test]
    fn a_deadline_of_the_period_is_judged_at_the_as_of_day() {
        let as_of = d("2026-12-06");
        let cases = [
            (
                Status::Done,
                "2026-11-30",
                false,
                Some(DueState::DoneOnTime),
            ),
            (Status::Done, "2026-11-30", true, Some(DueState::DoneLate)),
            (
                Status::InProgress,
                "2026-11-30",
                false,
                Some(DueState::Overdue),
            ),
            (
                Status::Blocked,
                "2026-12-05",
                false,
                Some(DueState::Overdue),
            ),
            (
                Status::NotStarted,
                "2026-12-06",
                false,
                Some(DueState::DueToday),
            ),
            (
                Status::InProgress,
                "2026-12-07",
                false,
                Some(DueState::NotYetDue),
            ),
            (Status::Cancelled, "2026-11-30", false, None),
        ];
        for (status, deadline, late, want) in cases {
            assert_eq!(
                DueState::of(status, d(deadline), as_of, late),
                want,
                "{status:?} {deadline}"
            );
        }
    }
}
