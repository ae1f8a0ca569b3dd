//! The weekly progress report (周报) and the weekly series, computed from the tasks' current
//! state and their history. Pure: the caller reads what `weekly::needs` asks for; the history is
//! rewound to the end of the requested week (and of each earlier week for the trend), so every
//! figure is what the ledger said then, not what it says now. Rendering lives in
//! `render::report`.

pub mod cut;
pub mod deadlines;
pub mod followup;
pub mod news;
mod period;
pub mod reminders;
pub mod renames;
mod replay;
mod series;
mod summary;
pub mod units;
pub(crate) mod weekly;

pub use deadlines::{DueState, PeriodDue};
pub use followup::{Light, Marks, Pace, PaceCounts, Reporting, Rules, SilentUnit, Standing};
pub use period::{Period, WEEK_SPEC_HELP, WeekSpec, parse_week, week_dates_zh, week_label};
pub(crate) use replay::RowIndex;
pub use replay::{StateChange, TaskState, Undo, rewind_tasks};
#[cfg(test)]
use replay::{day_end, moment};
pub use series::{SeriesRow, series_from};
pub use summary::{
    count_by_lead, furthest_behind, leads_of, summary_text, summary_text_in, worst_first,
};
pub use weekly::{
    Input, Needs, Options, as_of_end, dues_of, fill, name_summary, named_unit, needs, outline,
    period_dues_of, rows_of,
};

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Health, Status, TaskId, ymd};
use crate::task::Event;

/// Which tasks a report covers; units and recommendations as of the report's end.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scope {
    pub recommendation: Option<u32>,
    pub unit: Option<String>,
}

/// Counts of tasks by state, and how complete they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub tasks: usize,
    pub done: usize,
    pub in_progress: usize,
    pub blocked: usize,
    pub not_started: usize,
    pub cancelled: usize,
    pub overdue: usize,
    /// done / (tasks − cancelled), in percent, one decimal.
    pub percent_done: f64,
    /// Mean progress of the tasks not cancelled, in percent, one decimal.
    pub percent_progress: f64,
}

impl Counts {
    fn add(&mut self, status: Status, health: Option<Health>) {
        self.tasks += 1;
        match status {
            Status::Done => self.done += 1,
            Status::InProgress => self.in_progress += 1,
            Status::Blocked => self.blocked += 1,
            Status::NotStarted => self.not_started += 1,
            Status::Cancelled => self.cancelled += 1,
        }
        if health == Some(Health::Overdue) {
            self.overdue += 1;
        }
    }

    fn finish(&mut self, progress_sum: u64) {
        let active = self.tasks - self.cancelled;
        if active > 0 {
            self.percent_done = round1(self.done as f64 * 100.0 / active as f64);
            self.percent_progress = round1(progress_sum as f64 / active as f64);
        }
    }
}

/// How much a task needs attention, most first: 0 overdue; 1 blocked or behind pace beyond
/// `pace_red` (a red light); 2 news in the period; 3 due soon; 4 the rest. The one order of
/// urgency among tasks: `report --limit` keeps its rows by it (so an overdue task survives any
/// cut), and the 通报's 二、本周进展 names its tasks with news by it (issue 17i, findings 3, 4).
pub fn urgency(
    health: Option<Health>,
    status: Status,
    pace: Option<&followup::Pace>,
    news: bool,
) -> u8 {
    if health == Some(Health::Overdue) {
        0
    } else if status == Status::Blocked || pace.is_some_and(|p| p.light == followup::Light::Red) {
        1
    } else if news {
        2
    } else if health == Some(Health::DueSoon) {
        3
    } else {
        4
    }
}

/// The counts of a set of tasks, each given as (status, progress, health), by the same rules
/// as the weekly report's summary (progress averaged over the tasks not cancelled): the
/// workbook's 汇总 uses it for recommendations and units alike.
pub fn counts_of(tasks: impl IntoIterator<Item = (Status, u8, Option<Health>)>) -> Counts {
    let mut c = Counts::default();
    let mut progress = 0u64;
    for (status, p, health) in tasks {
        c.add(status, health);
        if status != Status::Cancelled {
            progress += u64::from(p);
        }
    }
    c.finish(progress);
    c
}

pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryRow {
    /// `None` for the total.
    pub recommendation: Option<u32>,
    pub headline: String,
    #[serde(flatten)]
    pub counts: Counts,
    /// Done at the end of this period minus done at the end of the previous one.
    pub done_change: i64,
    /// Progress against time and reports missed, as of the report's end (issue 17; the docx
    /// 通报 reads `Report::total.pace`).
    #[serde(flatten)]
    pub pace: PaceCounts,
}

/// One task in the progress table, as of the report's end.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: TaskId,
    pub title: String,
    pub lead: Option<String>,
    pub support: Vec<String>,
    pub deadline: Option<String>,
    pub status: Status,
    pub progress: u8,
    pub health: Option<Health>,
    /// Progress against time (序时进度), for open tasks with a start and a deadline, and
    /// every blocked one.
    pub pace: Option<Pace>,
    /// Done after its deadline (逾期完成).
    pub done_late: bool,
    /// For an open task not reported on within `report_every` days: the days since its last
    /// report (未按时反馈).
    pub unreported_days: Option<i64>,
    /// The notes and changes recorded in the period (本周进展), oldest first; a change and
    /// its undo both in the period are left out (they cancel out), and so is the task's
    /// creation (the report counts the tasks added in `Report::added`).
    pub this_week: Vec<Event>,
    /// The latest progress note up to the report's end (最新进展), in or before the period;
    /// `None` when the task has none. A note whose change was taken back is not one.
    pub latest: Option<Latest>,
}

/// A task's latest progress note: its local date (`YYYY-MM-DD`) and text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latest {
    pub date: String,
    pub note: String,
}

/// Tasks added on one day of the period (a plan seeded or a report imported is many at once):
/// said once in the report, not as one "added" line per task.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Added {
    pub date: NaiveDate,
    pub tasks: usize,
}

/// A task in the overdue or upcoming list.
#[derive(Debug, Clone, Serialize)]
pub struct Due {
    pub id: TaskId,
    pub title: String,
    pub lead: Option<String>,
    pub deadline: String,
    pub status: Status,
    pub progress: u8,
    /// Days past the deadline (overdue) or left before it (upcoming), counted from the
    /// report's as-of date (its end, or today while it runs), or since the task was last
    /// reported on (unreported).
    pub days: i64,
    /// Progress against time at the report's end (the 通报's 滞后事项 say how far behind);
    /// not in json, whose rows carry it.
    #[serde(skip)]
    pub pace: Option<Pace>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub week: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Net tasks done in this week (done at its end minus done at the previous week's end).
    pub done: i64,
    pub cumulative: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub period: Period,
    pub week: Option<String>,
    /// The moment the figures describe: the period's end, or today while the period is running.
    pub as_of: NaiveDate,
    /// For a period that has ended: how many of the changes it covers were entered after it
    /// ended (back-dated with `--today`), so a table already sent cannot change silently.
    /// `None` while the period is running.
    pub entered_later: Option<usize>,
    pub previous: Period,
    pub scope: Scope,
    pub due_soon_days: u32,
    pub summary: Vec<SummaryRow>,
    pub total: SummaryRow,
    pub rows: Vec<Row>,
    pub overdue: Vec<Due>,
    /// Open tasks due from the as-of date to `due_soon_days` after the period: those due
    /// during the period itself (本周到期, deadline up to `period.to`) first, then the ones after.
    pub upcoming: Vec<Due>,
    /// 本期到期: every task not cancelled whose deadline (at the report's end) falls within
    /// the period, done or not (a done task's deadline: the one in force when it was done,
    /// `followup::Marks::done_due`), with its state then (`deadlines::DueState`), earliest deadline
    /// first; at most `--limit`, the rest counted in `left_out.due_in_period`.
    pub due_in_period: Vec<PeriodDue>,
    /// 滞后事项: open tasks not overdue whose pace light is red (behind pace by more than
    /// `pace_red` points, or blocked), soonest deadline first (none last); at most `--limit`,
    /// the rest counted in `left_out.lagging`. The 通报's section 三 lists them after the
    /// overdue ones, each task once.
    #[serde(skip)]
    pub lagging: Vec<Due>,
    /// Open tasks due from the as-of date to seven days after the period (the 通报's 四:
    /// the week after a weekly report), all of them, whatever the limit lists.
    #[serde(skip)]
    pub due_next: usize,
    /// Points behind pace above which a task is amber, and red (config `pace_amber`,
    /// `pace_red`).
    pub pace_amber: u32,
    pub pace_red: u32,
    /// Days within which each open task must be reported on (config `report_every`).
    pub report_every: u32,
    /// 未按时反馈: open tasks with no report in the `report_every` days up to the report's end,
    /// the longest silent first (`days`: days since the last report); renderers group them by
    /// `lead`, the unit that owes the report.
    pub unreported: Vec<Due>,
    /// 未按时反馈单位: every lead unit of the unreported tasks, those the limit left out of
    /// `unreported` too, with its count, in the order the documents list them
    /// (`followup::silent_units`): every format names them all before it lists tasks.
    pub unreported_units: Vec<followup::SilentUnit>,
    /// Open tasks in scope that owed a report by the report's end (created more than
    /// `report_every` days before it, `followup::report_due`); with none, 未按时反馈 says no
    /// report was due yet rather than that all were on time (`Report::reporting`).
    pub reports_due: usize,
    /// What 未按时反馈 says: none due yet, all on time, or some late (`followup::Reporting`).
    pub reporting: Reporting,
    pub trend: Vec<TrendPoint>,
    /// Tasks added during the period, by day (only in scope; oldest first).
    pub added: Vec<Added>,
    /// 各单位反馈情况 (issue 17 §1): each lead unit's share of checks reported on time and
    /// overdue over the last `unit_weeks` week ends up to the report's end, the same figures as
    /// `tracker units` gives for that day (one computation, `units::unit_shares`); in a report
    /// scoped to a unit, that unit's alone. Set by the command (`cmd::units::shares`).
    pub units: Vec<units::UnitShare>,
    /// Weeks `units` looks back over (config `unit_weeks`, else 4).
    pub unit_weeks: u32,
    /// 催办次数 (issue 17 §3): the 督办通知单 each unit was sent in the period and up to its
    /// end, withdrawn ones left out, units in name order (`reminders::reminders`). Set by the
    /// command; section 七 shows them beside each lead unit.
    pub reminders: Vec<reminders::Reminders>,
    /// The 督办通知单 issued in the period and standing at its end, by day (本周进展 says each
    /// once per unit). Set by the command with `reminders`.
    pub notices: Vec<reminders::NoticeNews>,
    /// The units renamed in the period, each rename once with the tasks in scope it touched
    /// (本周进展 says each once, not as news of each task). Set by the command.
    pub renames: Vec<renames::RenameNews>,
    /// The 通报's opening sentences (`summary_text`), from `total` and the leads of `overdue`
    /// (set by `fill`; whole only when `overdue` is, i.e. without a limit).
    pub summary_text: String,
    /// Rows of `rows`, `overdue` and `upcoming` left out by the report's limit (never in json).
    #[serde(skip)]
    pub left_out: LeftOut,
    /// The tasks with news the 通报's 二 names, the most urgent first (`Picks::news`; set by
    /// `fill`, only for the 通报), whatever `--limit` cuts of `rows`.
    #[serde(skip)]
    pub news: Vec<Row>,
    /// How many tasks in scope had news in the period, named or not (the 通报's 二 counts
    /// those it does not name).
    #[serde(skip)]
    pub news_count: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub rows: usize,
    pub overdue: usize,
    pub upcoming: usize,
    pub due_in_period: usize,
    pub lagging: usize,
    pub unreported: usize,
    /// Recommendations left out of the summary.
    pub summary: usize,
}

/// A task picked for the progress table or a deadline list, as it was at the report's end,
/// before its words (title, units, events) are read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pick {
    /// Its storage row, by which its words are read.
    pub row: i64,
    pub id: TaskId,
    pub deadline: Option<NaiveDate>,
    pub status: Status,
    pub progress: u8,
    pub health: Option<Health>,
    /// In a deadline list: days past the deadline (overdue) or left before it (upcoming);
    /// in the unreported list, days since the last report.
    pub days: i64,
    pub pace: Option<Pace>,
    pub done_late: bool,
    /// Days since the last report, when more than `report_every`.
    pub unreported_days: Option<i64>,
    /// The day a done task was last set done.
    pub done_on: Option<NaiveDate>,
}

impl Pick {
    /// Its entry in a deadline list, with its title and lead.
    pub fn due(&self, title: String, lead: Option<String>) -> Due {
        Due {
            id: self.id,
            title,
            lead,
            deadline: self.deadline.map(ymd).unwrap_or_default(),
            status: self.status,
            progress: self.progress,
            days: self.days,
            pace: self.pace,
        }
    }

    /// Its entry in the period's deadlines (`days`: to the deadline from the as-of day);
    /// `None` for a task without a deadline or cancelled.
    pub fn period_due(
        &self,
        title: String,
        lead: Option<String>,
        as_of: NaiveDate,
    ) -> Option<PeriodDue> {
        let deadline = self.deadline?;
        Some(PeriodDue {
            state: DueState::of(self.status, deadline, as_of, self.done_late)?,
            done_on: self.done_on,
            due: self.due(title, lead),
        })
    }
}

/// What `weekly::outline` picked: the progress table's tasks in id order, the overdue and the
/// upcoming tasks earliest deadline first.
#[derive(Debug, Clone, Default)]
pub struct Picks {
    pub rows: Vec<Pick>,
    pub overdue: Vec<Pick>,
    pub upcoming: Vec<Pick>,
    /// Tasks due within the period, any state but cancelled (`Report::due_in_period`),
    /// earliest deadline first.
    pub due_in_period: Vec<Pick>,
    /// Red-pace open tasks not overdue (`Report::lagging`), soonest deadline first.
    pub lagging: Vec<Pick>,
    pub unreported: Vec<Pick>,
    /// The overdue tasks the limit left out of `overdue`, earliest deadline first (empty
    /// without a limit): read only by the 通报, which names the leads of every overdue task.
    /// Not in `all`.
    pub overdue_rest: Vec<Pick>,
    /// The unreported tasks the limit left out of `unreported` (empty without a limit): read
    /// for their leads only, so every silent unit is named (`Report::unreported_units`). Not
    /// in `all`.
    pub unreported_rest: Vec<Pick>,
    /// The tasks with news the 通报's 二 names (`Options::news_items`), the most urgent first
    /// (`urgency`); empty for other formats.
    pub news: Vec<Pick>,
    /// The lead at the report's end of every task of `unreported`, `unreported_rest` and
    /// `overdue_rest`, as (id, lead) sorted by id (`Store::leads_at`): read when a limit left
    /// tasks out, so their units are named without reading the words of every one; empty
    /// otherwise, the leads then come with the words.
    pub leads: Vec<(TaskId, Option<String>)>,
}

impl Picks {
    /// Every task picked, once, in storage row order.
    pub fn all(&self) -> Vec<Pick> {
        let mut all: Vec<Pick> = [
            &self.rows,
            &self.overdue,
            &self.upcoming,
            &self.due_in_period,
            &self.lagging,
            &self.unreported,
            &self.news,
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect();
        all.sort_unstable_by_key(|p| p.row);
        all.dedup_by_key(|p| p.row);
        all
    }

    /// The tasks whose lead at the report's end `Picks::leads` must hold when a limit left
    /// tasks out (else none): (storage row, id).
    pub fn lead_wanted(&self) -> Vec<(i64, TaskId)> {
        if self.unreported_rest.is_empty() && self.overdue_rest.is_empty() {
            return Vec::new();
        }
        [&self.unreported, &self.unreported_rest, &self.overdue_rest]
            .into_iter()
            .flatten()
            .map(|p| (p.row, p.id))
            .collect()
    }
}

#[cfg(test)]
mod tests;
