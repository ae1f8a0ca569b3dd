//! The weekly report in two steps, so that a ledger of 100,000 tasks is summed up from compact
//! states and only the rows a reader sees are read in full:
//!
//! 1. `outline` counts, ranks and picks from every task's status, deadline and progress, rewound
//!    through their changes to the report's end (and through status changes to each earlier week
//!    for the trend);
//! 2. `fill` gives the picked rows their titles, units and the period's events.
//!
//! `needs` says what the caller must read for step 1.

use chrono::{Datelike, Days, NaiveDate};

use super::followup::{self, Light, Marks, PaceCounts, Reporting, Rules};
use super::news::NewsMark;
use super::{
    Added, Counts, Due, Latest, LeftOut, Period, Pick, Picks, Report, Row, RowIndex, Scope,
    StateChange, SummaryRow, TaskState, TrendPoint, Undo, week_label,
};
use crate::model::{Health, Status, TaskId, week_start, ymd};
use crate::task::{Event, Field, Task};

/// What the report is computed from (step 1).
pub struct Input {
    /// The scope's tasks as they are now.
    pub states: Vec<TaskState>,
    /// Their creations and status changes on or after `Needs::status_since`, and their deadline
    /// and progress changes on or after `Needs::state_since`; in any order.
    pub changes: Vec<StateChange>,
    /// The storage rows of the tasks with news in the period, up to its end (本周进展, as
    /// `report::news::tasks_with_news` judges them).
    pub news: Vec<i64>,
    pub plan_start: NaiveDate,
    pub today: NaiveDate,
    pub due_soon_days: u32,
    /// The scope's tasks' follow-up dates up to `Needs::as_of` (`store::Store::marks`), in any
    /// order; a task missing here has no start and no report.
    pub marks: Vec<Marks>,
    pub rules: Rules,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// At most this many rows in each list (0: all), the ones that need attention first.
    pub limit: usize,
    /// Weeks in the trend, ending with the report's week (0: since the plan started).
    pub trend_weeks: u32,
    /// The limit cuts the progress table only, never the summary or the deadline, lagging
    /// and unreported lists: the 通报, whose body counts and names from every task whatever
    /// `--limit` cuts of its attachment.
    pub whole_lists: bool,
    /// The tasks with news in the period the 通报's 二、本周进展 names (config
    /// `tongbao_items`; 0: none picked): the most urgent first (`report::urgency`), from every
    /// task whatever `--limit` cuts of the attachment (`Picks::news`, `Report::news`).
    pub news_items: usize,
}

/// What `Input` must hold for a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// The moment the figures describe: the period's end, or today while it runs.
    pub as_of: NaiveDate,
    /// Creations and status changes from this date on.
    pub status_since: NaiveDate,
    /// Deadline and progress changes from this date on (the day after `as_of`).
    pub state_since: NaiveDate,
}

/// The moments a report looks at before its end, newest first: the end of the previous period
/// (for the change since then) and the end of every earlier week of the trend, including the
/// week before the first one shown (for that week's net change).
struct Stops {
    as_of: NaiveDate,
    previous_end: NaiveDate,
    week_ends: Vec<NaiveDate>,
}

/// The longest trend a report draws: 20 years of weeks, beyond any plan (a longer one costs
/// time for bars nobody reads; `report --series weekly` gives the whole history).
pub const TREND_MAX_WEEKS: u32 = 1040;

impl Stops {
    fn new(period: Period, today: NaiveDate, plan_start: NaiveDate, trend_weeks: u32) -> Self {
        let as_of = period.to.min(today);
        let this_week = week_start(as_of);
        let mut first = week_start(plan_start.min(as_of));
        // 0: every week since the plan's start, up to the longest trend drawn.
        let weeks = match trend_weeks {
            0 => TREND_MAX_WEEKS,
            n => n.min(TREND_MAX_WEEKS),
        };
        // Checked: a trend longer than the calendar reaches back to the plan's start.
        let back = Days::new(7 * (u64::from(weeks) - 1));
        first = first.max(this_week.checked_sub_days(back).unwrap_or(first));
        let mut week_ends = Vec::new();
        let mut end = this_week - Days::new(1);
        while end >= first - Days::new(7) {
            week_ends.push(end);
            end = end - Days::new(7);
        }
        Stops {
            as_of,
            previous_end: period.previous().to,
            week_ends,
        }
    }

    /// Every stop before `as_of`, newest first, once.
    fn all(&self) -> Vec<NaiveDate> {
        let mut stops: Vec<NaiveDate> = self
            .week_ends
            .iter()
            .copied()
            .chain([self.previous_end])
            .filter(|d| *d < self.as_of)
            .collect();
        stops.sort_unstable_by(|a, b| b.cmp(a));
        stops.dedup();
        stops
    }
}

pub fn needs(period: Period, today: NaiveDate, plan_start: NaiveDate, trend_weeks: u32) -> Needs {
    let stops = Stops::new(period, today, plan_start, trend_weeks);
    let after_as_of = stops.as_of + Days::new(1);
    let earliest = stops.all().last().copied().unwrap_or(stops.as_of);
    Needs {
        as_of: stops.as_of,
        status_since: (earliest + Days::new(1)).min(after_as_of),
        state_since: after_as_of,
    }
}

/// A task's state at the moment being rewound to.
#[derive(Debug, Clone, Copy)]
struct State {
    exists: bool,
    status: Status,
    deadline: Option<NaiveDate>,
    progress: u8,
}

impl State {
    fn done(&self) -> bool {
        self.exists && self.status == Status::Done
    }
}

/// Every task's state, rewound change by change (newest first; never replayed forwards).
struct Rewind {
    states: Vec<State>,
    index: RowIndex,
    changes: Vec<StateChange>,
    /// `changes[..applied]` are reflected in `states`.
    applied: usize,
    /// Tasks existing and done at the moment.
    done: usize,
    /// While `Some`: each change undone, as (task, whether it was done just before).
    flips: Option<Vec<(usize, bool)>>,
}

impl Rewind {
    fn new(tasks: &[TaskState], mut changes: Vec<StateChange>) -> Self {
        StateChange::in_order(&mut changes);
        let states: Vec<State> = tasks
            .iter()
            .map(|t| State {
                exists: true,
                status: t.status,
                deadline: t.deadline,
                progress: t.progress,
            })
            .collect();
        let done = states.iter().filter(|s| s.done()).count();
        Rewind {
            states,
            index: RowIndex::new(tasks),
            applied: changes.len(),
            changes,
            done,
            flips: None,
        }
    }

    /// Undoes every change dated after `end`.
    fn to(&mut self, end: NaiveDate) {
        while self.applied > 0 && self.changes[self.applied - 1].after(end) {
            self.applied -= 1;
            let c = self.changes[self.applied];
            let Some(i) = self.index.get(c.row) else {
                continue;
            };
            let s = &mut self.states[i];
            let was_done = s.done();
            if let Some(flips) = &mut self.flips {
                flips.push((i, was_done));
            }
            match c.undo {
                Undo::Created => s.exists = false,
                Undo::Status(st) => s.status = st,
                Undo::Deadline(d) => s.deadline = d,
                Undo::Progress(p) => s.progress = p,
            }
            if was_done != s.done() {
                if was_done {
                    self.done -= 1;
                } else {
                    self.done += 1;
                }
            }
        }
    }
}

/// The `limit` earliest (key, task) pairs offered (all of them for 0), and how many others
/// were offered; the key is a deadline, or what ranks a list (the 滞后 list: blocked first).
struct Earliest<K = NaiveDate> {
    limit: usize,
    kept: std::collections::BinaryHeap<(K, usize)>,
    left_out: usize,
}

impl<K: Ord> Earliest<K> {
    fn new(limit: usize) -> Self {
        Earliest {
            limit,
            kept: std::collections::BinaryHeap::new(),
            left_out: 0,
        }
    }

    fn offer(&mut self, item: (K, usize)) {
        if self.limit == 0 || self.kept.len() < self.limit {
            self.kept.push(item);
        } else if self.kept.peek().is_some_and(|top| item < *top) {
            self.kept.pop();
            self.kept.push(item);
            self.left_out += 1;
        } else {
            self.left_out += 1;
        }
    }

    /// The kept pairs, earliest first.
    fn sorted(self) -> Vec<(K, usize)> {
        self.kept.into_sorted_vec()
    }
}

/// Step 1: every figure of the report for `period`, limited to `scope`, with the
/// recommendations picked but without their headlines; and the tasks picked for the progress
/// table and the deadline lists, without their words (the report's own lists stay empty).
pub fn outline(input: Input, period: Period, scope: Scope, opts: Options) -> (Report, Picks) {
    let Input {
        states: mut tasks,
        changes,
        news,
        plan_start,
        today,
        due_soon_days,
        marks,
        rules,
    } = input;
    if !tasks.is_sorted_by_key(|t| t.id) {
        tasks.sort_unstable_by_key(|t| t.id);
    }
    let stops = Stops::new(period, today, plan_start, opts.trend_weeks);
    let as_of = stops.as_of;
    let previous = period.previous();
    let mut rw = Rewind::new(&tasks, changes);
    rw.to(as_of);
    let added = added_in(&rw, period.from, as_of);
    let judge = Health::judge(as_of, due_soon_days);
    let health = |s: &State| judge(s.status, s.deadline);
    let marks_index = RowIndex::of_rows(marks.iter().map(|m| m.row));
    let mark = |i: usize| -> Marks {
        marks_index
            .get(tasks[i].row)
            .map_or_else(Marks::default, |k| marks[k])
    };
    // Progress against time, lateness and silence of task `i` as it was at `as_of`.
    let follow = |i: usize, s: &State| {
        let m = mark(i);
        (
            followup::pace(m.pace_start, s.deadline, as_of, s.status, s.progress, rules),
            followup::done_late(s.status, m.done_due, m.done_on),
            followup::silent_days(s.status, m.last_report, as_of, rules.report_every),
            m.last_report,
        )
    };

    // One pass in id order: the summary, one recommendation after another; the progress
    // table's candidates, by how much they need attention (`report::urgency`), each kind in
    // id order and at most `limit` of it; the
    // overdue and upcoming open tasks.
    let mut is_news = vec![false; tasks.len()];
    for row in &news {
        if let Some(i) = rw.index.get(*row) {
            is_news[i] = true;
        }
    }
    let horizon = period.to + Days::new(u64::from(due_soon_days));
    // The 通报's 四: due by the end of the week after the period.
    let next_end = period.to + Days::new(7);
    let mut due_next = 0;
    // Red-pace open tasks not overdue (滞后): the blocked ones first, whatever their dates
    // (a blocked task needs attention most: it cannot move without help), then soonest
    // deadline first, none last.
    // The lists' own limit: the table's, or none (`Options::whole_lists`).
    let list_limit = if opts.whole_lists { 0 } else { opts.limit };
    let mut lagging: Earliest<(bool, NaiveDate)> = Earliest::new(list_limit);
    // 本期到期: every deadline of the period, done or not (cancelled ones are no longer due;
    // a done one is the deadline it was done against).
    let mut in_period = Earliest::new(list_limit);
    let recs = match (tasks.first(), tasks.last()) {
        (Some(a), Some(b)) => (b.id.rec - a.id.rec) as usize + 1,
        _ => 0,
    };
    let mut per_rec: Vec<(u32, Counts, u64, PaceCounts)> =
        Vec::with_capacity(recs.min(tasks.len()));
    let mut total = Counts::default();
    let mut total_pace = PaceCounts::default();
    // The longest silent first: the earliest last report.
    let mut silent = Earliest::new(list_limit);
    let mut total_progress = 0u64;
    let mut kinds: [Vec<usize>; 5] = Default::default();
    // With a limit, the earliest `limit` deadlines are kept as they come (the latest of them
    // on top), and the others counted.
    let (mut overdue, mut upcoming) = (Earliest::new(list_limit), Earliest::new(list_limit));
    // With a limit, every overdue task too: the 通报 names the leads of all of them, whatever
    // the limit shows (`Picks::overdue_rest`).
    let mut every_overdue: Vec<(NaiveDate, usize)> = Vec::new();
    // Likewise every silent task: every format names every silent unit with its count
    // (`Report::unreported_units`), whatever the limit lists (`Picks::unreported_rest`).
    let mut every_silent: Vec<(NaiveDate, usize)> = Vec::new();
    // Tasks with news this week, shown or not (those the limit left out are counted).
    let mut news_total = 0;
    let mut existing = 0;
    let mut reports_due = 0;
    for (i, (t, s)) in tasks.iter().zip(&rw.states).enumerate() {
        if !s.exists {
            continue;
        }
        existing += 1;
        let h = health(s);
        if per_rec.last().is_none_or(|(r, _, _, _)| *r != t.id.rec) {
            per_rec.push((t.id.rec, Counts::default(), 0, PaceCounts::default()));
        }
        let slot = per_rec.len() - 1;
        per_rec[slot].1.add(s.status, h);
        total.add(s.status, h);
        let (pace, late, quiet, last) = follow(i, s);
        reports_due += usize::from(followup::report_due(
            s.status,
            mark(i).start,
            as_of,
            rules.report_every,
        ));
        let blocked = s.status == Status::Blocked;
        per_rec[slot]
            .3
            .add(pace.as_ref(), blocked, late, quiet.is_some());
        total_pace.add(pace.as_ref(), blocked, late, quiet.is_some());
        if let (Some(_), Some(last)) = (quiet, last) {
            silent.offer((last, i));
            if list_limit > 0 {
                every_silent.push((last, i));
            }
        }
        if h != Some(Health::Overdue) && pace.is_some_and(|p| p.light == Light::Red) {
            lagging.offer((
                (
                    s.status != Status::Blocked,
                    s.deadline.unwrap_or(NaiveDate::MAX),
                ),
                i,
            ));
        }
        // A done task is due where its deadline was when it was done (the one 逾期完成 is
        // judged against), whatever it was moved to since (issue 17i, finding 6: a week after
        // the move read 完成时限2026年12月31日，逾期完成（12月1日办结）).
        let due_on = if s.status == Status::Done {
            mark(i).done_due.or(s.deadline)
        } else {
            s.deadline
        };
        if let Some(d) = due_on
            && d >= period.from
            && d <= period.to
            && s.status != Status::Cancelled
        {
            in_period.offer((d, i));
        }
        if s.status != Status::Cancelled {
            per_rec[slot].2 += u64::from(s.progress);
            total_progress += u64::from(s.progress);
        }
        // The most urgent first (`report::urgency`): overdue, blocked or red pace, news, due
        // soon, the rest; each kind in id order.
        let kind = if opts.limit == 0 {
            0
        } else {
            usize::from(super::urgency(h, s.status, pace.as_ref(), is_news[i]))
        };
        news_total += usize::from(is_news[i]);
        if opts.limit == 0 || kinds[kind].len() < opts.limit {
            kinds[kind].push(i);
        }
        if let (Some(d), true) = (s.deadline, s.status.is_open()) {
            // Due on the as-of date or later, up to the horizon: the period's own remaining
            // deadlines (本周到期) are listed too, not lost between overdue and upcoming.
            if d < as_of {
                overdue.offer((d, i));
                if list_limit > 0 {
                    every_overdue.push((d, i));
                }
            } else if d <= horizon {
                upcoming.offer((d, i));
            }
            // (Those due in the period itself are in 本期到期.)
            if d > period.to && d <= next_end {
                due_next += 1;
            }
        }
    }
    total.finish(total_progress);

    // The progress table: every task, or at most `limit`, those needing attention first,
    // shown in id order.
    let mut shown: Vec<usize> = Vec::new();
    for kind in &kinds {
        let room = if opts.limit == 0 {
            usize::MAX
        } else {
            opts.limit - shown.len()
        };
        shown.extend(kind.iter().take(room));
    }
    shown.sort_unstable();
    // The 通报's 二: the first `news_items` tasks with news by urgency, ties in id order.
    let mut news_first: Vec<(u8, usize)> = Vec::new();
    if opts.news_items > 0 {
        for (i, s) in rw.states.iter().enumerate() {
            if is_news[i] && s.exists {
                let (pace, ..) = follow(i, s);
                news_first.push((super::urgency(health(s), s.status, pace.as_ref(), true), i));
            }
        }
        news_first.sort_unstable();
        news_first.truncate(opts.news_items);
    }
    let pick = |i: usize, days: i64| {
        let s = &rw.states[i];
        let (pace, done_late, unreported_days, _) = follow(i, s);
        Pick {
            row: tasks[i].row,
            id: tasks[i].id,
            deadline: s.deadline,
            status: s.status,
            progress: s.progress,
            health: health(s),
            days,
            pace,
            done_late,
            unreported_days,
            done_on: mark(i).done_on.filter(|_| s.status == Status::Done),
        }
    };
    let rows: Vec<Pick> = shown.iter().map(|&i| pick(i, 0)).collect();

    // Earliest deadline first: the most overdue, the soonest due; ties in id order (`i`
    // follows the ids).
    let mut left_out = LeftOut {
        rows: existing - shown.len(),
        overdue: overdue.left_out,
        upcoming: upcoming.left_out,
        due_in_period: in_period.left_out,
        lagging: lagging.left_out,
        unreported: silent.left_out,
        summary: 0,
    };
    // The same order `Earliest` keeps: those past the first `limit` are the ones it left out.
    every_overdue.sort_unstable();
    let overdue_rest = every_overdue.get(list_limit..).unwrap_or_default();
    every_silent.sort_unstable();
    let silent_rest = every_silent.get(list_limit..).unwrap_or_default();
    let picks = Picks {
        rows,
        overdue: (overdue.sorted().iter())
            .map(|&(d, i)| pick(i, (as_of - d).num_days()))
            .collect(),
        upcoming: (upcoming.sorted().iter())
            .map(|&(d, i)| pick(i, (d - as_of).num_days()))
            .collect(),
        due_in_period: (in_period.sorted().iter())
            .map(|&(d, i)| Pick {
                deadline: Some(d),
                ..pick(i, (d - as_of).num_days())
            })
            .collect(),
        lagging: (lagging.sorted().iter())
            .map(|&((_, d), i)| {
                pick(
                    i,
                    if d == NaiveDate::MAX {
                        0
                    } else {
                        (d - as_of).num_days()
                    },
                )
            })
            .collect(),
        unreported: (silent.sorted().iter())
            .map(|&(d, i)| pick(i, (as_of - d).num_days()))
            .collect(),
        overdue_rest: (overdue_rest.iter())
            .map(|&(d, i)| pick(i, (as_of - d).num_days()))
            .collect(),
        unreported_rest: (silent_rest.iter())
            .map(|&(d, i)| pick(i, (as_of - d).num_days()))
            .collect(),
        news: news_first.iter().map(|&(_, i)| pick(i, 0)).collect(),
        leads: Vec::new(),
    };

    // Back through the status changes: done per recommendation at the previous period's end,
    // done in total at each week's end.
    // The tasks whose being done changed between then and `as_of` are the ones a change was
    // undone for on the way back: each recommendation's count then is its count now, corrected
    // by them.
    let mut cumulative: Vec<(NaiveDate, usize)> = vec![(as_of, rw.done)];
    // (recommendation, done then − done now), by recommendation.
    let mut done_since: Vec<(u32, i64)> = Vec::new();
    let mut prev_total = rw.done;
    rw.flips = Some(Vec::new());
    for stop in stops.all() {
        rw.to(stop);
        if stop == stops.previous_end {
            let mut flips = rw.flips.take().unwrap_or_default();
            // The first undone change of a task says whether it was done at `as_of`.
            flips.sort_by_key(|&(i, _)| i);
            flips.dedup_by_key(|&mut (i, _)| i);
            for (i, done_at_end) in flips {
                let done_then = rw.states[i].done();
                if done_then != done_at_end {
                    let rec = tasks[i].id.rec;
                    if done_since.last().is_none_or(|(r, _)| *r != rec) {
                        done_since.push((rec, 0));
                    }
                    done_since.last_mut().expect("pushed above").1 +=
                        if done_then { 1 } else { -1 };
                }
            }
            prev_total = rw.done;
        }
        if stops.week_ends.contains(&stop) {
            cumulative.push((stop, rw.done));
        }
    }
    // (The previous period may end on or after `as_of`: then nothing has changed since.)
    let done_before = |r: u32, now: usize| {
        let delta = done_since
            .binary_search_by_key(&r, |p| p.0)
            .map_or(0, |k| done_since[k].1);
        now as i64 + delta
    };
    for (_, c, p, _) in &mut per_rec {
        c.finish(*p);
    }
    // Many recommendations: at most `limit`, the ones furthest behind (most overdue, then
    // least done; ties in number order), in order.
    if list_limit > 0 && per_rec.len() > list_limit {
        per_rec.select_nth_unstable_by(list_limit - 1, |(ra, a, _, _), (rb, b, _, _)| {
            super::summary::furthest_behind((*ra, a), (*rb, b))
        });
        left_out.summary = per_rec.len() - list_limit;
        per_rec.truncate(list_limit);
        per_rec.sort_unstable_by_key(|(r, _, _, _)| *r);
    }
    let summary: Vec<SummaryRow> = per_rec
        .into_iter()
        .map(|(r, c, _, pace)| SummaryRow {
            recommendation: Some(r),
            headline: String::new(),
            done_change: c.done as i64 - done_before(r, c.done),
            counts: c,
            pace,
        })
        .collect();
    let reporting = Reporting::of(reports_due, total_pace.unreported);
    let total = SummaryRow {
        recommendation: None,
        headline: String::new(),
        done_change: total.done as i64 - prev_total as i64,
        counts: total,
        pace: total_pace,
    };

    // The trend, oldest week first; the week before the first one is its baseline only.
    cumulative.reverse();
    let trend = cumulative
        .windows(2)
        .map(|w| {
            let ((_, before), (end, cum)) = (w[0], w[1]);
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

    let report = Report {
        period,
        week: period.iso_week(),
        as_of,
        entered_later: None,
        previous,
        scope,
        due_soon_days,
        summary,
        total,
        rows: Vec::new(),
        overdue: Vec::new(),
        upcoming: Vec::new(),
        due_in_period: Vec::new(),
        lagging: Vec::new(),
        due_next,
        report_every: rules.report_every,
        pace_amber: rules.pace_amber,
        pace_red: rules.pace_red,
        unreported: Vec::new(),
        unreported_units: Vec::new(),
        reports_due,
        reporting,
        trend,
        added,
        units: Vec::new(),
        unit_weeks: 0,
        reminders: Vec::new(),
        notices: Vec::new(),
        renames: Vec::new(),
        summary_text: String::new(),
        left_out,
        news: Vec::new(),
        news_count: news_total,
    };
    (report, picks)
}

/// The tasks in scope created from `from` to the end of `to`, counted by day (oldest first).
fn added_in(rw: &Rewind, from: NaiveDate, to: NaiveDate) -> Vec<Added> {
    let day =
        |d: NaiveDate| u64::from(d.year() as u32) * 10_000 + u64::from(d.month() * 100 + d.day());
    let (first, last) = (day(from), day(to));
    let mut by_day: std::collections::BTreeMap<u64, usize> = std::collections::BTreeMap::new();
    for c in &rw.changes {
        let d = c.at / 1_000_000;
        if matches!(c.undo, Undo::Created)
            && d >= first
            && d <= last
            && rw.index.get(c.row).is_some()
        {
            *by_day.entry(d).or_default() += 1;
        }
    }
    by_day
        .into_iter()
        .filter_map(|(d, tasks)| {
            let date = NaiveDate::from_ymd_opt(
                (d / 10_000) as i32,
                (d / 100 % 100) as u32,
                (d % 100) as u32,
            )?;
            Some(Added { date, tasks })
        })
        .collect()
}

/// The tasks as they were at the end of the day `as_of`: `events` (oldest first, at least every
/// one dated after `as_of`) undone newest first.
pub fn as_of_end(mut tasks: Vec<Task>, events: &[Event], as_of: NaiveDate) -> Vec<Task> {
    let end = ymd(as_of);
    tasks.sort_unstable_by_key(|t| t.id);
    for e in events.iter().rev() {
        if e.at.get(..10).is_none_or(|d| d <= end.as_str()) {
            break;
        }
        if e.field == Field::Created {
            continue;
        }
        if let Ok(i) = tasks.binary_search_by_key(&e.task, |t| t.id) {
            e.revert(&mut tasks[i]);
        }
    }
    tasks
}

/// The tasks that name `unit` as lead or support.
pub fn named_unit(tasks: &[Task], unit: &str) -> Vec<TaskId> {
    tasks
        .iter()
        .filter(|t| t.lead.as_deref() == Some(unit) || t.support.iter().any(|s| s == unit))
        .map(|t| t.id)
        .collect()
}

/// Step 2: the rows and deadline lists `outline` picked, with their words from `tasks` as of
/// the report's end (`as_of_end`, sorted by id) and their `events` (oldest first). (Or, a
/// chunk at a time: `rows_of` and `dues_of`.) The summary's headlines: `name_summary`.
pub fn fill(report: &mut Report, picks: &Picks, mut tasks: Vec<Task>, events: &[Event]) {
    report.overdue = dues_of(&picks.overdue, &tasks);
    report.upcoming = dues_of(&picks.upcoming, &tasks);
    report.due_in_period = period_dues_of(&picks.due_in_period, &tasks, report.as_of);
    report.lagging = dues_of(&picks.lagging, &tasks);
    (report.unreported, report.unreported_units) = unreported_cut(
        &picks.unreported,
        &picks.unreported_rest,
        &tasks,
        &picks.leads,
    );
    if !picks.news.is_empty() {
        report.news = rows_of(report, &picks.news, &mut tasks.clone(), events);
    }
    report.rows = rows_of(report, &picks.rows, &mut tasks, events);
    let leads: Vec<Option<&str>> = report.overdue.iter().map(|d| d.lead.as_deref()).collect();
    report.summary_text = super::summary_text(&report.total, report.week.is_some(), &leads);
}

/// The unreported tasks a report lists and every unit owing a report
/// (`Report::unreported_units`), from the tasks the limit kept (`shown`) and those it left
/// out (`rest`), worded from `tasks` (sorted by id) and led as `leads` says when it holds them
/// (`Picks::leads`; the words of a task left out and not listed are then not read). With some
/// left out, the list is cut as the 通报 cuts its 五 (`cut::cut_unreported`): units in their
/// order, the first `shown.len()` tasks walking them, so every format cuts one way.
pub fn unreported_cut(
    shown: &[Pick],
    rest: &[Pick],
    tasks: &[Task],
    leads: &[(TaskId, Option<String>)],
) -> (Vec<Due>, Vec<super::followup::SilentUnit>) {
    let dues = |picks: &[Pick]| -> Vec<Due> {
        let mut dues = dues_of(picks, tasks);
        for d in &mut dues {
            if let Ok(k) = leads.binary_search_by_key(&d.id, |(id, _)| *id) {
                d.lead = leads[k].1.clone();
            }
        }
        dues
    };
    let mut all = dues(shown);
    if rest.is_empty() {
        let units = super::followup::silent_units(&all);
        return (all, units);
    }
    all.extend(dues(rest));
    let units = super::followup::silent_units(&all);
    let listed = listed_of(&all, shown.len()).into_iter().cloned().collect();
    (listed, units)
}

/// The tasks of `all` (unreported, the limit's `shown` first) a list cut to `shown` names:
/// grouped by lead, the first of each group in turn (`cut::cut_unreported`).
fn listed_of(all: &[Due], shown: usize) -> Vec<&Due> {
    let groups = super::followup::unreported_by_lead(all);
    let sizes: Vec<usize> = groups.iter().map(|(_, g)| g.len()).collect();
    let cut = super::cut::cut_unreported(&sizes, shown, 0);
    (groups.iter().zip(&cut.named))
        .flat_map(|((_, g), &n)| g[..n].iter().copied())
        .collect()
}

/// The tasks of `Picks::unreported_rest` the cut list names after all (`unreported_cut`),
/// judged from `Picks::leads`: the only ones left out whose words a report must read. Empty
/// when nothing was left out.
pub fn listed_rest(picks: &Picks) -> Vec<Pick> {
    if picks.unreported_rest.is_empty() {
        return Vec::new();
    }
    let (shown, rest) = (&picks.unreported, &picks.unreported_rest);
    let (listed, _) = unreported_cut(shown, rest, &[], &picks.leads);
    let mut ids: Vec<TaskId> = listed.iter().map(|d| d.id).collect();
    ids.sort_unstable();
    rest.iter()
        .filter(|p| ids.binary_search(&p.id).is_ok())
        .copied()
        .collect()
}

/// Gives the summary's recommendations their headlines, from `headlines` (by number).
pub fn name_summary(report: &mut Report, headlines: &[(u32, String)]) {
    for s in &mut report.summary {
        if let Some(r) = s.recommendation
            && let Ok(k) = headlines.binary_search_by_key(&r, |h| h.0)
        {
            s.headline = headlines[k].1.clone();
        }
    }
}

fn find(tasks: &[Task], id: TaskId) -> Option<usize> {
    tasks.binary_search_by_key(&id, |t| t.id).ok()
}

/// The deadline list of `picks`, titled and led from `tasks` (sorted by id).
pub fn dues_of(picks: &[Pick], tasks: &[Task]) -> Vec<Due> {
    picks
        .iter()
        .map(|p| {
            let words = find(tasks, p.id).map(|k| &tasks[k]);
            p.due(
                words.map(|t| t.title.clone()).unwrap_or_default(),
                words.and_then(|t| t.lead.clone()),
            )
        })
        .collect()
}

/// The period's deadlines of `picks` (`Report::due_in_period`), titled and led from `tasks`
/// (sorted by id), judged at `as_of`.
pub fn period_dues_of(picks: &[Pick], tasks: &[Task], as_of: NaiveDate) -> Vec<super::PeriodDue> {
    dues_of(picks, tasks)
        .into_iter()
        .zip(picks)
        .filter_map(|(due, p)| p.period_due(due.title, due.lead, as_of))
        .collect()
}

/// The progress table's rows for `picks` (in id order): their words move out of `tasks` (sorted
/// by id; each task is in the table at most once), and each gets its events in `report`'s
/// period from `events` (oldest first).
pub fn rows_of(report: &Report, picks: &[Pick], tasks: &mut [Task], events: &[Event]) -> Vec<Row> {
    let (from, to) = (
        ymd(report.period.from),
        ymd(report.period.to.min(report.as_of)),
    );
    let mut week: Vec<&Event> = events
        .iter()
        .filter(|e| {
            e.at.get(..10)
                .is_some_and(|d| d >= from.as_str() && d <= to.as_str())
        })
        .collect();
    // What the period keeps (`news`): a change and its undo cancel out, creations and notices
    // are said once for the report, withdrawn notes are no news.
    let marks: Vec<NewsMark> = week.iter().map(|e| NewsMark::from(*e)).collect();
    let cancelled = super::news::cancelled(&marks);
    week.retain(|e| NewsMark::from(*e).kept(&cancelled));
    // By task, keeping each task's events in time order.
    week.sort_by_key(|e| e.task);
    // 最新进展: the latest note up to the report's end, wherever in `events` it is.
    let end = ymd(report.as_of);
    let mut latest: Vec<(&Event, Latest)> = events
        .iter()
        .filter(|e| {
            e.field != Field::Created
                && e.undoes.is_none()
                && !e.withdrawn
                && !(e.field == Field::Note && (e.old.is_some() || e.new.is_some()))
                && !cancelled.contains(&e.change_id)
                && e.at.get(..10).is_some_and(|d| d <= end.as_str())
        })
        .filter_map(|e| {
            let note = e.note.as_deref()?;
            Some((
                e,
                Latest {
                    date: e.at.get(..10).unwrap_or_default().to_string(),
                    note: note.to_string(),
                },
            ))
        })
        .collect();
    // Per task, the last one by (date, id).
    latest.sort_by(|(a, _), (b, _)| {
        (a.task, &a.at[..a.at.len().min(10)], a.id).cmp(&(
            b.task,
            &b.at[..b.at.len().min(10)],
            b.id,
        ))
    });
    picks
        .iter()
        .map(|p| {
            let mut row = Row {
                id: p.id,
                title: String::new(),
                lead: None,
                support: Vec::new(),
                deadline: p.deadline.map(ymd),
                status: p.status,
                progress: p.progress,
                health: p.health,
                pace: p.pace,
                done_late: p.done_late,
                unreported_days: p.unreported_days,
                this_week: Vec::new(),
                latest: None,
            };
            if let Some(k) = find(tasks, p.id) {
                let t = &mut tasks[k];
                row.title = std::mem::take(&mut t.title);
                row.lead = t.lead.take();
                row.support = std::mem::take(&mut t.support);
            }
            let start = week.partition_point(|e| e.task < p.id);
            row.this_week = week[start..]
                .iter()
                .take_while(|e| e.task == p.id)
                .map(|&e| e.clone())
                .collect();
            let end = latest.partition_point(|(e, _)| e.task <= p.id);
            row.latest = end
                .checked_sub(1)
                .filter(|&k| latest[k].0.task == p.id)
                .map(|k| latest[k].1.clone());
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_ymd;

    fn d(s: &str) -> NaiveDate {
        parse_ymd(s).unwrap()
    }

    #[test]
    fn earliest_keeps_the_limit_earliest_in_order_and_counts_the_rest() {
        let days = [
            "2026-03-05",
            "2026-01-02",
            "2026-03-05",
            "2025-12-31",
            "2026-07-01",
        ];
        let offers: Vec<(NaiveDate, usize)> =
            days.iter().enumerate().map(|(i, s)| (d(s), i)).collect();
        let mut three = Earliest::new(3);
        let mut all = Earliest::new(0);
        for &o in &offers {
            three.offer(o);
            all.offer(o);
        }
        assert_eq!(three.left_out, 2);
        assert_eq!(
            three.sorted(),
            [
                (d("2025-12-31"), 3),
                (d("2026-01-02"), 1),
                (d("2026-03-05"), 0)
            ]
        );
        let mut sorted = offers.clone();
        sorted.sort_unstable();
        assert_eq!((all.left_out, all.sorted()), (0, sorted));
    }

    #[test]
    fn the_trend_reads_back_to_the_week_before_its_first() {
        // Plan started long ago; 12 weeks shown, ending with the week of 2026-11-26 (W48).
        let period = Period::week_of(d("2026-11-26"));
        let n = needs(period, d("2026-11-26"), d("2024-01-01"), 12);
        assert_eq!(n.as_of, d("2026-11-26"));
        assert_eq!(n.state_since, d("2026-11-27"));
        // W37 (Sep 7–13) is the first shown; its baseline is the end of W36, Sep 6.
        assert_eq!(n.status_since, d("2026-09-07"));
        let all = needs(period, d("2026-11-26"), d("2026-10-05"), 0);
        assert_eq!(all.status_since, d("2026-10-05"));
    }
}
