//! The weekly progress report (周报), computed from tasks and their history. Pure: the caller
//! loads the current tasks and every event; this module rewinds the history to the end of the
//! requested week (and to each earlier week for the trend), so every figure is what the ledger
//! said then, not what it says now. Rendering lives in `render::report`.

use std::collections::HashMap;

use chrono::{Datelike, Days, IsoWeek, NaiveDate};
use serde::Serialize;

use crate::model::{Health, Status, TaskId, week_start, ymd};
use crate::task::{Event, Field, Recommendation, Task};

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

pub const WEEK_HELP: &str = "YYYY-Www such as 2026-W48";

/// Parses an ISO week (`2026-W48`, `2026W48`, `2026-w48`).
pub fn parse_week(s: &str) -> Result<Period, String> {
    let t = s.trim().to_ascii_uppercase();
    let err = |why: &str| format!("invalid week '{s}': {why}expected {WEEK_HELP}");
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
    let weeks = NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week());
    match NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon) {
        Some(from) if week >= 1 => Ok(Period {
            from,
            to: from + Days::new(6),
        }),
        _ => Err(err(&format!("{year} has weeks 1 to {weeks}; "))),
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
    fn add(&mut self, t: &Task, health: Option<Health>) {
        self.tasks += 1;
        match t.status {
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

fn round1(x: f64) -> f64 {
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
    /// The notes and changes recorded in the period (本周进展), oldest first.
    pub this_week: Vec<Event>,
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
    /// Days past the deadline (overdue) or left before it (upcoming), from the report's end.
    pub days: i64,
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
    pub previous: Period,
    pub scope: Scope,
    pub due_soon_days: u32,
    pub summary: Vec<SummaryRow>,
    pub total: SummaryRow,
    pub rows: Vec<Row>,
    pub overdue: Vec<Due>,
    /// Open tasks due in the `due_soon_days` after the period.
    pub upcoming: Vec<Due>,
    pub trend: Vec<TrendPoint>,
}

/// Everything the report is computed from.
pub struct Input {
    /// Every task, as it is now.
    pub tasks: Vec<Task>,
    /// Every event, oldest first.
    pub events: Vec<Event>,
    pub recommendations: Vec<Recommendation>,
    pub plan_start: NaiveDate,
    pub today: NaiveDate,
    pub due_soon_days: u32,
}

/// The ledger at a moment: the current state rewound through the history, newest event first.
struct Timeline<'a> {
    tasks: Vec<Task>,
    exists: Vec<bool>,
    index: HashMap<TaskId, usize>,
    events: &'a [Event],
    /// `events[..applied]` are reflected in `tasks`.
    applied: usize,
}

impl<'a> Timeline<'a> {
    fn new(tasks: Vec<Task>, events: &'a [Event]) -> Self {
        let index = tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let exists = vec![true; tasks.len()];
        Timeline {
            tasks,
            exists,
            index,
            events,
            applied: events.len(),
        }
    }

    /// Undoes every event dated after `end` (events are only ever rewound, never replayed).
    fn rewind_to(&mut self, end: NaiveDate) {
        let end = ymd(end);
        while self.applied > 0 {
            let e = &self.events[self.applied - 1];
            if e.at.get(..10).is_some_and(|d| d <= end.as_str()) {
                break;
            }
            if let Some(&i) = self.index.get(&e.task) {
                if e.field == Field::Created {
                    self.exists[i] = false;
                } else {
                    e.revert(&mut self.tasks[i]);
                }
            }
            self.applied -= 1;
        }
    }

    /// The tasks that exist now and fall within `scope`, in id order.
    fn in_scope(&self, scope: &Scope) -> Vec<usize> {
        let mut chosen: Vec<usize> = (0..self.tasks.len())
            .filter(|&i| self.exists[i])
            .filter(|&i| {
                let t = &self.tasks[i];
                scope.recommendation.is_none_or(|r| t.id.rec == r)
                    && scope
                        .unit
                        .as_ref()
                        .is_none_or(|u| t.lead.as_ref() == Some(u) || t.support.contains(u))
            })
            .collect();
        chosen.sort_by_key(|&i| self.tasks[i].id);
        chosen
    }
}

/// The report for `period`, limited to `scope`.
pub fn compute(input: Input, period: Period, scope: Scope) -> Report {
    let as_of = period.to.min(input.today);
    let previous = period.previous();
    let Input {
        tasks,
        events,
        recommendations,
        plan_start,
        due_soon_days,
        ..
    } = input;
    let mut timeline = Timeline::new(tasks, &events);
    let health = |t: &Task, at: NaiveDate| Health::of(t.status, t.deadline, at, due_soon_days);

    timeline.rewind_to(as_of);
    let chosen = timeline.in_scope(&scope);

    let summarize = |tl: &Timeline, at: NaiveDate| -> (Vec<(u32, Counts)>, Counts) {
        let mut per_rec: Vec<(u32, Counts, u64)> = Vec::new();
        let mut total = Counts::default();
        let mut total_progress = 0u64;
        for &i in &chosen {
            if !tl.exists[i] {
                continue;
            }
            let t = &tl.tasks[i];
            let h = health(t, at);
            // `chosen` is in id order, so a recommendation's tasks come together.
            if per_rec.last().is_none_or(|(r, _, _)| *r != t.id.rec) {
                per_rec.push((t.id.rec, Counts::default(), 0));
            }
            let slot = per_rec.len() - 1;
            per_rec[slot].1.add(t, h);
            total.add(t, h);
            if t.status != Status::Cancelled {
                per_rec[slot].2 += u64::from(t.progress);
                total_progress += u64::from(t.progress);
            }
        }
        total.finish(total_progress);
        let per_rec = per_rec
            .into_iter()
            .map(|(r, mut c, p)| {
                c.finish(p);
                (r, c)
            })
            .collect();
        (per_rec, total)
    };

    let (now_recs, now_total) = summarize(&timeline, as_of);
    let week_events = events_in(&events, period, as_of);
    let mut rows = Vec::new();
    let (mut overdue, mut upcoming) = (Vec::new(), Vec::new());
    let horizon = period.to + Days::new(u64::from(due_soon_days));
    for &i in &chosen {
        let t = &timeline.tasks[i];
        let h = health(t, as_of);
        rows.push(Row {
            id: t.id,
            title: t.title.clone(),
            lead: t.lead.clone(),
            support: t.support.clone(),
            deadline: t.deadline.map(ymd),
            status: t.status,
            progress: t.progress,
            health: h,
            this_week: week_events
                .iter()
                .filter(|e| e.task == t.id)
                .cloned()
                .collect(),
        });
        if let (Some(d), true) = (t.deadline, t.status.is_open()) {
            let due = |days| Due {
                id: t.id,
                title: t.title.clone(),
                lead: t.lead.clone(),
                deadline: ymd(d),
                status: t.status,
                progress: t.progress,
                days,
            };
            if d < as_of {
                overdue.push(due((as_of - d).num_days()));
            } else if d > period.to && d <= horizon {
                upcoming.push(due((d - period.to).num_days()));
            }
        }
    }
    overdue.sort_by_key(|d| (std::cmp::Reverse(d.days), d.id));
    upcoming.sort_by_key(|d| (d.days, d.id));

    // Walk back once through the history, stopping at the previous period's end (for the
    // change since then) and at the end of every week since the plan's start (for the trend).
    let first_week = week_start(plan_start.min(as_of));
    let mut week_ends: Vec<NaiveDate> = Vec::new();
    let mut end = week_start(as_of) - Days::new(1);
    while end >= first_week {
        week_ends.push(end);
        end = end - Days::new(7);
    }
    let mut stops: Vec<NaiveDate> = week_ends
        .iter()
        .copied()
        .chain([previous.to])
        .filter(|d| *d < as_of)
        .collect();
    stops.sort_unstable_by(|a, b| b.cmp(a));
    stops.dedup();
    let done_now = |tl: &Timeline| {
        chosen
            .iter()
            .filter(|&&i| tl.exists[i] && tl.tasks[i].status == Status::Done)
            .count()
    };
    let mut cumulative: Vec<(NaiveDate, usize)> = vec![(as_of, done_now(&timeline))];
    let mut prev = None;
    for stop in stops {
        timeline.rewind_to(stop);
        if stop == previous.to {
            prev = Some(summarize(&timeline, stop));
        }
        if week_ends.contains(&stop) {
            cumulative.push((stop, done_now(&timeline)));
        }
    }
    let (prev_recs, prev_total) = prev.unwrap_or_else(|| summarize(&timeline, previous.to));
    let prev_done = |r: u32| {
        prev_recs
            .iter()
            .find(|(n, _)| *n == r)
            .map_or(0, |(_, c)| c.done)
    };
    let headline = |r: u32| {
        recommendations
            .iter()
            .find(|x| x.number == r)
            .map(|x| x.headline.clone())
            .unwrap_or_default()
    };
    let summary = now_recs
        .into_iter()
        .map(|(r, c)| SummaryRow {
            recommendation: Some(r),
            headline: headline(r),
            done_change: c.done as i64 - prev_done(r) as i64,
            counts: c,
        })
        .collect();
    let total = SummaryRow {
        recommendation: None,
        headline: String::new(),
        done_change: now_total.done as i64 - prev_total.done as i64,
        counts: now_total,
    };

    cumulative.reverse();
    let trend = cumulative
        .iter()
        .enumerate()
        .map(|(k, &(end, cum))| {
            let before = if k == 0 { 0 } else { cumulative[k - 1].1 };
            let week = Period::week_of(end);
            TrendPoint {
                week: week_label(end.iso_week()),
                from: week.from,
                to: week.to,
                done: cum as i64 - before as i64,
                cumulative: cum,
            }
        })
        .collect();

    Report {
        period,
        week: period.iso_week(),
        as_of,
        previous,
        scope,
        due_soon_days,
        summary,
        total,
        rows,
        overdue,
        upcoming,
        trend,
    }
}

/// Events dated within `period` and not after `as_of`.
fn events_in(events: &[Event], period: Period, as_of: NaiveDate) -> Vec<Event> {
    let (from, to) = (ymd(period.from), ymd(period.to.min(as_of)));
    events
        .iter()
        .filter(|e| {
            e.at.get(..10)
                .is_some_and(|d| d >= from.as_str() && d <= to.as_str())
        })
        .cloned()
        .collect()
}

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

/// A task as the weekly series sees it: its current status and deadline.
#[derive(Debug, Clone)]
pub struct TaskState {
    /// The task's storage row, which its changes refer to.
    pub row: i64,
    pub status: Status,
    pub deadline: Option<NaiveDate>,
}

/// A change of status or deadline, or a task's creation, as the weekly series sees it.
#[derive(Debug, Clone)]
pub struct StateChange {
    pub row: i64,
    pub field: Field,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Local time, RFC 3339; its date is the change's day.
    pub at: String,
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
    changes.sort_by(|a, b| a.at.cmp(&b.at));
    let parse_day = |s: &Option<String>| s.as_deref().and_then(crate::model::parse_ymd);
    let dates = tasks.iter().filter_map(|t| t.deadline).chain(
        changes
            .iter()
            .filter(|c| c.field == Field::Deadline)
            .flat_map(|c| [parse_day(&c.old), parse_day(&c.new)])
            .flatten(),
    );
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
    let index: HashMap<i64, usize> = tasks.iter().enumerate().map(|(i, t)| (t.row, i)).collect();
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
        let end = ymd(at);
        while applied > 0
            && changes[applied - 1]
                .at
                .get(..10)
                .is_some_and(|d| d > end.as_str())
        {
            let c = &changes[applied - 1];
            applied -= 1;
            let Some(&i) = index.get(&c.row) else {
                continue;
            };
            totals.count(&state[i], -1);
            match c.field {
                Field::Created => state[i].0 = false,
                Field::Status => {
                    if let Some(st) = c.old.as_deref().and_then(|v| v.parse().ok()) {
                        state[i].1 = st;
                    }
                }
                Field::Deadline => state[i].2 = parse_day(&c.old),
                _ => {}
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

/// The weekly series from full tasks and events (the scope as of the last week).
pub fn series(input: Input, period: Period, scope: &Scope) -> Vec<SeriesRow> {
    let Input {
        tasks,
        events,
        today,
        ..
    } = input;
    let present: Vec<TaskState> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| TaskState {
            row: i as i64,
            status: t.status,
            deadline: t.deadline,
        })
        .collect();
    let rows: HashMap<TaskId, i64> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i as i64))
        .collect();
    let mut timeline = Timeline::new(tasks, &events);
    timeline.rewind_to(Period::week_of(period.to).to.min(today));
    let states = timeline
        .in_scope(scope)
        .into_iter()
        .map(|i| present[i].clone())
        .collect();
    let changes = events
        .iter()
        .filter(|e| matches!(e.field, Field::Created | Field::Status | Field::Deadline))
        .filter_map(|e| {
            let row = *rows.get(&e.task)?;
            Some(StateChange {
                row,
                field: e.field,
                old: e.old.clone(),
                new: e.new.clone(),
                at: e.at.clone(),
            })
        })
        .collect();
    series_from(states, changes, period, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::Field;

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
        }
    }

    /// Three tasks created in week 10; 1.1 done in week 12; 1.2's deadline moved in week 13;
    /// 2.1 added in week 12 and blocked in week 13. The current state reflects all of it.
    fn input(today: &str) -> Input {
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
        Input {
            tasks: vec![t11, t12, t21],
            events,
            recommendations: vec![
                Recommendation {
                    number: 1,
                    headline: "建议一".into(),
                    text: String::new(),
                },
                Recommendation {
                    number: 2,
                    headline: "建议二".into(),
                    text: String::new(),
                },
            ],
            plan_start: d("2026-03-02"),
            today: d(today),
            due_soon_days: 14,
        }
    }

    fn week(s: &str) -> Period {
        parse_week(s).unwrap()
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
        let rows = series(
            input("2026-04-15"),
            Period {
                from: d("2026-03-09"),
                to: d("2026-03-29"),
            },
            &Scope::default(),
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
