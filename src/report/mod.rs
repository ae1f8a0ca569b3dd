//! The weekly progress report (周报) and the weekly series, computed from the tasks' current
//! state and their history. Pure: the caller reads what `weekly::needs` asks for; the history is
//! rewound to the end of the requested week (and of each earlier week for the trend), so every
//! figure is what the ledger said then, not what it says now. Rendering lives in
//! `render::report`.

pub mod followup;
pub mod reminders;
mod series;
mod summary;
pub mod units;
pub(crate) mod weekly;

pub use followup::{Light, Marks, Pace, PaceCounts, Rules, Standing};
pub use series::{SeriesRow, series_from};
pub use summary::{count_by_lead, leads_of, summary_text};
pub use weekly::{
    Input, Needs, Options, as_of_end, dues_of, fill, name_summary, named_unit, needs, outline,
    rows_of,
};

use chrono::{Datelike, Days, IsoWeek, NaiveDate};
use serde::Serialize;

use crate::model::{Health, Status, TaskId, week_start, ymd};
use crate::task::Event;

/// An inclusive range of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn week_of(d: NaiveDate) -> Period {
        let from = week_start(d);
        Period {
            from,
            to: from + Days::new(6),
        }
    }

    /// The period of the same length just before this one.
    pub fn previous(self) -> Period {
        let len = (self.to - self.from).num_days() + 1;
        Period {
            from: self.from - chrono::Duration::days(len),
            to: self.from - Days::new(1),
        }
    }

    /// `2026-W48` when the period is exactly one ISO week.
    pub fn iso_week(self) -> Option<String> {
        (self.from.weekday() == chrono::Weekday::Mon && (self.to - self.from).num_days() == 6)
            .then(|| week_label(self.from.iso_week()))
    }
}

pub fn week_label(w: IsoWeek) -> String {
    format!("{}-W{:02}", w.year(), w.week())
}

/// Parses an ISO week (`2026-W48`, `2026W48`, `2026-w48`).
pub fn parse_week(s: &str) -> Result<Period, String> {
    let t = s.trim().to_ascii_uppercase();
    let err = |why: &str| {
        crate::msg!(
            "invalid week '{s}': {why}expected {WEEK_SPEC_HELP}",
            "无效的周“{s}”：{why}应为 YYYY-Www 形式的 ISO 周（如 2026-W48）、last、this、next、上周、本周、下周，或某个日期"
        )
    };
    let (y, w) = t
        .split_once("-W")
        .or_else(|| t.split_once('W'))
        .ok_or_else(|| err(""))?;
    let ok =
        |p: &str, n: usize| !p.is_empty() && p.len() <= n && p.bytes().all(|b| b.is_ascii_digit());
    if !ok(y, 4) || y.len() != 4 || !ok(w, 2) {
        return Err(err(""));
    }
    let (year, week): (i32, u32) = (
        y.parse().map_err(|_| err(""))?,
        w.parse().map_err(|_| err(""))?,
    );
    // Week years the ledger's dates can hold (`model::DATE_RANGE`), as every date typed is.
    if !crate::model::DATE_RANGE.contains(&year) {
        return Err(err(&crate::msg!(
            "week years run from {} to {}; ",
            "周所在的年份应在 {} 到 {} 之间；",
            crate::model::DATE_RANGE.start(),
            crate::model::DATE_RANGE.end()
        )));
    }
    let weeks = NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week());
    match NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon) {
        Some(from) if week >= 1 => Ok(Period {
            from,
            to: from + Days::new(6),
        }),
        _ => Err(err(&crate::msg!(
            "{year} has weeks 1 to {weeks}; ",
            "{year} 年只有第 1 到第 {weeks} 周；"
        ))),
    }
}

/// A week as people name it on the command line (`--week`): an ISO week, a week counted from
/// today (`last`, `this`, `next`, 上周, 本周, 下周), or any date (the week containing it).
/// Parsed where the command line is read; turned into dates by [`WeekSpec::resolve`] once
/// today is known (`--today`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeekSpec {
    Iso(Period),
    /// Weeks after the one containing today (−1: last week).
    FromToday(i64),
    /// A date as `model::parse_date` reads it (`2026-11-25`, `2026年11月25日`, `+2w`).
    Containing(String),
}

/// What `--week` accepts, for its error message.
pub const WEEK_SPEC_HELP: &str = "YYYY-Www such as 2026-W48, last, this, next, 上周, 本周, 下周, or a date such as 2026-11-25 (the week containing it)";

impl WeekSpec {
    /// Reads `s`; a date is checked against `2000-01-01` as today (only its shape matters
    /// here; `resolve` reads it again against the real today).
    pub fn parse(s: &str) -> Result<WeekSpec, String> {
        let t = s.trim();
        let offset = match t.to_lowercase().as_str() {
            "last" | "上周" | "上週" => Some(-1),
            "this" | "本周" | "本週" | "这周" | "這週" => Some(0),
            "next" | "下周" | "下週" => Some(1),
            _ => None,
        };
        if let Some(n) = offset {
            return Ok(WeekSpec::FromToday(n));
        }
        if let Ok(p) = parse_week(t) {
            return Ok(WeekSpec::Iso(p));
        }
        let placeholder = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real date");
        if crate::model::parse_date(t, placeholder).is_ok() {
            return Ok(WeekSpec::Containing(t.to_string()));
        }
        // A week number out of range says which weeks its year has.
        let iso_like = t
            .get(..4)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
            && t.to_ascii_uppercase().contains('W');
        Err(match parse_week(t) {
            Err(e) if iso_like => e,
            _ => crate::msg!(
                "invalid week '{s}': expected {WEEK_SPEC_HELP}",
                "无效的周“{s}”：应为 YYYY-Www 形式的 ISO 周（如 2026-W48）、last、this、next、上周、本周、下周，或某个日期（如 2026-11-25，取其所在的周）"
            ),
        })
    }

    /// The week meant, `today` being today.
    pub fn resolve(&self, today: NaiveDate) -> Result<Period, String> {
        match self {
            WeekSpec::Iso(p) => Ok(*p),
            WeekSpec::FromToday(n) => {
                let start = week_start(today);
                let moved = if *n >= 0 {
                    start.checked_add_days(Days::new(7 * n.unsigned_abs()))
                } else {
                    start.checked_sub_days(Days::new(7 * n.unsigned_abs()))
                };
                moved.map(Period::week_of).ok_or_else(|| {
                    crate::msg!("that week is outside the calendar", "该周超出了日历范围")
                })
            }
            WeekSpec::Containing(d) => crate::model::parse_date(d, today).map(Period::week_of),
        }
    }
}

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
    /// The 通报's opening sentences (`summary_text`), from `total` and the leads of `overdue`
    /// (set by `fill`; whole only when `overdue` is, i.e. without a limit).
    pub summary_text: String,
    /// Rows of `rows`, `overdue` and `upcoming` left out by the report's limit (never in json).
    #[serde(skip)]
    pub left_out: LeftOut,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub rows: usize,
    pub overdue: usize,
    pub upcoming: usize,
    pub lagging: usize,
    pub unreported: usize,
    /// Tasks with news in the period (本周进展) left out of `rows`.
    pub news: usize,
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
}

/// What `weekly::outline` picked: the progress table's tasks in id order, the overdue and the
/// upcoming tasks earliest deadline first.
#[derive(Debug, Clone, Default)]
pub struct Picks {
    pub rows: Vec<Pick>,
    pub overdue: Vec<Pick>,
    pub upcoming: Vec<Pick>,
    /// Red-pace open tasks not overdue (`Report::lagging`), soonest deadline first.
    pub lagging: Vec<Pick>,
    pub unreported: Vec<Pick>,
    /// The overdue tasks the limit left out of `overdue`, earliest deadline first (empty
    /// without a limit): read only by the 通报, which names the leads of every overdue task.
    /// Not in `all`.
    pub overdue_rest: Vec<Pick>,
}

impl Picks {
    /// Every task picked, once, in storage row order.
    pub fn all(&self) -> Vec<Pick> {
        let mut all: Vec<Pick> = [
            &self.rows,
            &self.overdue,
            &self.upcoming,
            &self.lagging,
            &self.unreported,
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect();
        all.sort_unstable_by_key(|p| p.row);
        all.dedup_by_key(|p| p.row);
        all
    }
}

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
    fn in_order(changes: &mut [StateChange]) {
        // Ids are unique, so any sort gives one order. A stable sort would merge the runs the
        // changes are read in (field by field, each in time order) a little faster, but needs
        // a buffer of half of them: 7 MB for a report on a week two years back at 100k tasks.
        changes.sort_unstable_by_key(|c| (c.instant, c.id));
    }

    /// Whether the change is dated after the day `end`.
    fn after(&self, end: NaiveDate) -> bool {
        self.at > day_end(end)
    }
}

/// `2026-03-10T09:05:00+08:00` → 20260310090500: the local date and time as one number, which
/// orders as the text does. Only the date counts for reports, so text that is not a full time
/// keeps its date (a date unreadable too sorts first).
fn moment(at: &str) -> u64 {
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
fn day_end(d: NaiveDate) -> u64 {
    (d.year() as u64 * 10_000 + u64::from(d.month()) * 100 + u64::from(d.day())) * 1_000_000
        + 235_959
}

/// From a storage row to its place in a list: a table indexed by row when the rows are dense
/// (as SQLite numbers them), else a sorted list searched by halves.
pub(crate) enum RowIndex {
    Dense(Vec<u32>),
    Sorted(Vec<(i64, usize)>),
}

impl RowIndex {
    fn new(states: &[TaskState]) -> Self {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Health;
    use crate::task::{Event, Field, Task};

    /// A ledger in memory: every task as it is now and every event, oldest first.
    struct Ledger {
        tasks: Vec<Task>,
        events: Vec<Event>,
        headlines: Vec<(u32, String)>,
        plan_start: NaiveDate,
        today: NaiveDate,
    }

    impl Ledger {
        fn row(&self, id: TaskId) -> i64 {
            self.tasks.iter().position(|t| t.id == id).unwrap() as i64 + 1
        }

        fn states(&self) -> Vec<TaskState> {
            self.tasks
                .iter()
                .map(|t| TaskState {
                    row: self.row(t.id),
                    id: t.id,
                    status: t.status,
                    deadline: t.deadline,
                    progress: t.progress,
                })
                .collect()
        }

        /// The changes of `fields` dated on or after `since`, as the store reads them.
        fn changes(&self, fields: &[Field], since: NaiveDate) -> Vec<StateChange> {
            let since = crate::model::ymd(since);
            self.events
                .iter()
                .filter(|e| fields.contains(&e.field) && e.at.as_str() >= since.as_str())
                .filter_map(|e| {
                    StateChange::from_event(
                        e.id,
                        self.row(e.task),
                        e.field.name(),
                        e.old.as_deref(),
                        &e.at,
                    )
                })
                .collect()
        }
    }

    /// The weekly report, read from the ledger exactly as `tracker report` reads the store:
    /// only what `needs` asks for, then the words of the rows picked.
    fn compute(l: Ledger, period: Period, scope: Scope) -> Report {
        let need = needs(period, l.today, l.plan_start, 0);
        let mut changes = l.changes(&[Field::Created, Field::Status], need.status_since);
        changes.extend(l.changes(&[Field::Deadline, Field::Progress], need.state_since));
        let (from, to) = (
            crate::model::ymd(period.from),
            crate::model::ymd(need.as_of),
        );
        let mut news: Vec<i64> = l
            .events
            .iter()
            .filter(|e| e.at[..10] >= *from && e.at[..10] <= *to)
            .map(|e| l.row(e.task))
            .collect();
        news.dedup();
        let at_end = as_of_end(l.tasks.clone(), &l.events, need.as_of);
        let mut states = l.states();
        states.retain(|t| scope.recommendation.is_none_or(|r| t.id.rec == r));
        if let Some(unit) = &scope.unit {
            let named = named_unit(&at_end, unit);
            states.retain(|t| named.contains(&t.id));
        }
        let input = Input {
            states,
            changes,
            news,
            plan_start: l.plan_start,
            today: l.today,
            due_soon_days: 14,
            marks: Vec::new(),
            rules: Rules::default(),
        };
        let opts = Options {
            limit: 0,
            trend_weeks: 0,
        };
        let (mut report, picks) = outline(input, period, scope, opts);
        name_summary(&mut report, &l.headlines);
        fill(&mut report, &picks, at_end, &l.events);
        report
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn task(id: &str, deadline: &str) -> Task {
        Task {
            id: id.parse().unwrap(),
            title: format!("任务{id}"),
            text: String::new(),
            lead: Some("组织科".into()),
            support: vec![],
            deadline: Some(d(deadline)),
            status: Status::NotStarted,
            progress: 0,
        }
    }

    fn ev(n: i64, id: &str, field: Field, old: Option<&str>, new: Option<&str>, at: &str) -> Event {
        Event {
            id: n,
            change_id: n,
            task: id.parse().unwrap(),
            field,
            old: old.map(Into::into),
            new: new.map(Into::into),
            note: None,
            actor: "a".into(),
            at: format!("{at}T10:00:00+08:00"),
            entered: None,
            undoes: None,
            position: None,
            withdrawn: false,
        }
    }

    /// Three tasks created in week 10; 1.1 done in week 12; 1.2's deadline moved in week 13;
    /// 2.1 added in week 12 and blocked in week 13. The current state reflects all of it.
    fn input(today: &str) -> Ledger {
        let mut t11 = task("1.1", "2026-03-20");
        t11.status = Status::Done;
        t11.progress = 100;
        let t12 = task("1.2", "2026-04-30");
        let mut t21 = task("2.1", "2026-03-25");
        t21.status = Status::Blocked;
        let events = vec![
            ev(
                1,
                "1.1",
                Field::Created,
                None,
                Some("任务1.1"),
                "2026-03-02",
            ),
            ev(
                2,
                "1.2",
                Field::Created,
                None,
                Some("任务1.2"),
                "2026-03-02",
            ),
            ev(
                3,
                "1.1",
                Field::Status,
                Some("not-started"),
                Some("done"),
                "2026-03-17",
            ),
            ev(
                4,
                "1.1",
                Field::Progress,
                Some("0"),
                Some("100"),
                "2026-03-17",
            ),
            ev(
                5,
                "2.1",
                Field::Created,
                None,
                Some("任务2.1"),
                "2026-03-18",
            ),
            ev(
                6,
                "1.2",
                Field::Deadline,
                Some("2026-03-10"),
                Some("2026-04-30"),
                "2026-03-24",
            ),
            ev(
                7,
                "2.1",
                Field::Status,
                Some("not-started"),
                Some("blocked"),
                "2026-03-25",
            ),
        ];
        Ledger {
            tasks: vec![t11, t12, t21],
            events,
            headlines: vec![(1, "建议一".into()), (2, "建议二".into())],
            plan_start: d("2026-03-02"),
            today: d(today),
        }
    }

    fn week(s: &str) -> Period {
        parse_week(s).unwrap()
    }

    #[test]
    fn rows_are_found_whether_dense_or_sparse() {
        let state = |row| TaskState {
            row,
            id: TaskId::new(1, row as u32 % 1000 + 1),
            status: Status::NotStarted,
            deadline: None,
            progress: 0,
        };
        for rows in [vec![3, 1, 2], vec![5, 1_000_000_000, 7]] {
            let states: Vec<TaskState> = rows.iter().map(|&r| state(r)).collect();
            let index = RowIndex::new(&states);
            for (i, &r) in rows.iter().enumerate() {
                assert_eq!(index.get(r), Some(i));
            }
            assert_eq!(index.get(4), None);
            assert_eq!(index.get(-1), None);
        }
    }

    #[test]
    fn moments_order_as_their_text_and_keep_their_day() {
        assert_eq!(moment("2026-03-10T09:05:07+08:00"), 20260310090507);
        assert_eq!(moment("2026-03-10"), 20260310000000);
        assert_eq!(moment("garbage"), 0);
        assert!(moment("2026-03-10T23:59:59+08:00") <= day_end(d("2026-03-10")));
        assert!(moment("2026-03-11T00:00:00+08:00") > day_end(d("2026-03-10")));
        let c = |field, old| StateChange::from_event(1, 1, field, old, "2026-03-10T09:00:00+08:00");
        assert_eq!(
            c("status", Some("done")).unwrap().undo,
            Undo::Status(Status::Done)
        );
        assert_eq!(c("deadline", None).unwrap().undo, Undo::Deadline(None));
        assert_eq!(c("progress", Some("40")).unwrap().undo, Undo::Progress(40));
        assert!(c("note", Some("x")).is_none() && c("status", Some("??")).is_none());
    }

    #[test]
    fn weeks_parse_and_bad_ones_are_refused() {
        assert_eq!(
            week("2026-W48"),
            Period {
                from: d("2026-11-23"),
                to: d("2026-11-29")
            }
        );
        assert_eq!(week("2026w01").from, d("2025-12-29"));
        assert_eq!(week("2020-W53").from, d("2020-12-28"));
        assert!(
            parse_week("2026-W54")
                .unwrap_err()
                .contains("2026 has weeks 1 to 53")
        );
        assert!(parse_week("2025-W53").unwrap_err().contains("1 to 52"));
        for bad in ["2026-W00", "2026-48", "26-W4", "W48", "", "2026-W4x"] {
            assert!(parse_week(bad).unwrap_err().contains("YYYY-Www"), "{bad}");
        }
        assert_eq!(week("2026-W48").iso_week().as_deref(), Some("2026-W48"));
        assert_eq!(week("2026-W48").previous(), week("2026-W47"));
    }

    #[test]
    fn a_past_week_shows_the_state_of_that_week_not_of_today() {
        let today = "2026-04-15";
        // Week 11 (Mar 9–15): nothing done yet, 2.1 not yet created, 1.2 overdue on its old deadline.
        let r = compute(input(today), week("2026-W11"), Scope::default());
        assert_eq!(r.as_of, d("2026-03-15"));
        let ids: Vec<String> = r.rows.iter().map(|r| r.id.to_string()).collect();
        assert_eq!(ids, ["1.1", "1.2"]);
        assert_eq!(r.rows[0].status, Status::NotStarted);
        assert_eq!(r.rows[1].deadline.as_deref(), Some("2026-03-10"));
        assert_eq!(r.rows[1].health, Some(Health::Overdue));
        assert_eq!(r.total.counts.done, 0);
        assert_eq!(r.total.counts.overdue, 1);
        assert_eq!(
            r.overdue
                .iter()
                .map(|d| d.id.to_string())
                .collect::<Vec<_>>(),
            ["1.2"]
        );
        assert_eq!(r.overdue[0].days, 5);
        // 1.1 is due 2026-03-20: within 14 days after the week.
        assert_eq!(
            r.upcoming
                .iter()
                .map(|d| d.id.to_string())
                .collect::<Vec<_>>(),
            ["1.1"]
        );

        // Week 12: 1.1 done this week (+1), 2.1 exists.
        let r = compute(input(today), week("2026-W12"), Scope::default());
        assert_eq!(r.total.counts.tasks, 3);
        assert_eq!(r.total.counts.done, 1);
        assert_eq!(r.total.done_change, 1);
        assert_eq!(r.total.counts.percent_done, 33.3);
        assert_eq!(
            r.rows[0]
                .this_week
                .iter()
                .map(|e| e.field)
                .collect::<Vec<_>>(),
            [Field::Status, Field::Progress]
        );
        assert_eq!(r.rows[1].deadline.as_deref(), Some("2026-03-10"));

        // Week 13: the deadline change shows, 2.1 blocked; no new done.
        let r = compute(input(today), week("2026-W13"), Scope::default());
        assert_eq!(r.rows[1].deadline.as_deref(), Some("2026-04-30"));
        assert_eq!(r.rows[1].health, Some(Health::OnTrack));
        assert_eq!(r.rows[2].status, Status::Blocked);
        assert_eq!(r.total.done_change, 0);
        assert_eq!(r.total.counts.blocked, 1);
        assert_eq!(
            r.total.counts.overdue, 1,
            "2.1 due 03-25 is overdue by the week's end"
        );
    }

    #[test]
    fn summary_groups_by_recommendation() {
        let r = compute(input("2026-04-15"), week("2026-W13"), Scope::default());
        assert_eq!(r.summary.len(), 2);
        assert_eq!(
            (
                r.summary[0].recommendation,
                r.summary[0].counts.tasks,
                r.summary[0].counts.done
            ),
            (Some(1), 2, 1)
        );
        assert_eq!(r.summary[0].counts.percent_done, 50.0);
        assert_eq!(r.summary[0].counts.percent_progress, 50.0);
        assert_eq!(r.summary[1].headline, "建议二");
    }

    #[test]
    fn the_trend_counts_done_per_week_from_the_plan_start() {
        let r = compute(input("2026-04-15"), week("2026-W14"), Scope::default());
        let points: Vec<(String, i64, usize)> = r
            .trend
            .iter()
            .map(|p| (p.week.clone(), p.done, p.cumulative))
            .collect();
        assert_eq!(
            points,
            [
                ("2026-W10".to_string(), 0, 0),
                ("2026-W11".to_string(), 0, 0),
                ("2026-W12".to_string(), 1, 1),
                ("2026-W13".to_string(), 0, 1),
                ("2026-W14".to_string(), 0, 1),
            ]
        );
    }

    #[test]
    fn a_running_week_is_reported_as_of_today() {
        let r = compute(input("2026-03-17"), week("2026-W12"), Scope::default());
        assert_eq!(r.as_of, d("2026-03-17"));
        assert_eq!(r.total.counts.tasks, 2, "2.1 is created on the 18th");
    }

    #[test]
    fn scope_limits_by_recommendation_and_unit() {
        let r = compute(
            input("2026-04-15"),
            week("2026-W13"),
            Scope {
                recommendation: Some(2),
                unit: None,
            },
        );
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.total.counts.tasks, 1);
        let r = compute(
            input("2026-04-15"),
            week("2026-W13"),
            Scope {
                recommendation: None,
                unit: Some("人事局".into()),
            },
        );
        assert!(r.rows.is_empty());
    }

    #[test]
    fn the_series_has_one_row_per_week_as_of_its_end() {
        let l = input("2026-04-15");
        let fields = [Field::Created, Field::Status, Field::Deadline];
        let rows = series_from(
            l.states(),
            l.changes(&fields, d("2000-01-01")),
            Period {
                from: d("2026-03-09"),
                to: d("2026-03-29"),
            },
            l.today,
        );
        let got: Vec<(String, i64, usize, usize, usize)> = rows
            .iter()
            .map(|r| (r.week.clone(), r.done, r.open, r.overdue, r.cumulative))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-W11".to_string(), 0, 2, 1, 0),
                ("2026-W12".to_string(), 1, 2, 1, 1),
                ("2026-W13".to_string(), 0, 2, 1, 1),
            ]
        );
    }
}
