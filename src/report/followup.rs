//! Follow-up (督办, issue 17 §1 and §2), judged for one task at the report's as-of day: who
//! has not reported (未按时反馈) and progress against time (序时进度). Pure: the dates a task
//! is judged by (`Marks`) are read from its history by the store, up to the as-of day, so a
//! past week is judged as it stood then.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Status;

/// The follow-up settings (config keys `report_every`, `pace_amber`, `pace_red`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Days within which a unit must report on each open task it leads (1–365).
    pub report_every: u32,
    /// Points behind the elapsed share of its time above which a task is amber (0–100).
    pub pace_amber: u32,
    /// Points behind above which a task is red (`pace_amber`–100).
    pub pace_red: u32,
}

pub const DEFAULT_REPORT_EVERY: u32 = 7;
pub const DEFAULT_PACE_AMBER: u32 = 10;
pub const DEFAULT_PACE_RED: u32 = 30;
/// Weeks `units` looks back over by default (config `unit_weeks`, `units --weeks`).
pub const DEFAULT_UNIT_WEEKS: u32 = 4;

impl Default for Rules {
    fn default() -> Self {
        Rules {
            report_every: DEFAULT_REPORT_EVERY,
            pace_amber: DEFAULT_PACE_AMBER,
            pace_red: DEFAULT_PACE_RED,
        }
    }
}

/// The dates of a task's history that follow-up judges by, each the latest on or before the
/// report's as-of day (`None`: no such event by then).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// The task's storage row.
    pub row: i64,
    /// The day it was created (by the as-of day; `None`: not yet).
    pub start: Option<NaiveDate>,
    /// The day its 序时进度 counts from (issue 17i, finding 9): for a task seeded by `init`,
    /// the plan's start (what its deadlines count from, even when `init --start` names a day
    /// before init ran); for a task added or imported later, its creation (`start`). `None`
    /// while `start` is.
    pub pace_start: Option<NaiveDate>,
    /// The last day its status was set to done.
    pub done_on: Option<NaiveDate>,
    /// The deadline in force when it was last set done (`None`: none then, or never done):
    /// the deadline before any change made in that command or after it, so a deadline moved
    /// once the work was done does not undo 逾期完成 (issue 17, finding 2).
    pub done_due: Option<NaiveDate>,
    /// The day of its last report (末次反馈: a progress note, a status or progress change, or
    /// its creation; see `store/read.rs`, `report_event!`).
    pub last_report: Option<NaiveDate>,
}

/// The pace light (序时灯): how far an open task is behind the elapsed share of its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    Green,
    Amber,
    Red,
}

impl Light {
    pub fn label(self, lang: crate::model::Lang) -> &'static str {
        match self {
            Light::Green => lang.pick("绿", "green"),
            Light::Amber => lang.pick("黄", "amber"),
            Light::Red => lang.pick("红", "red"),
        }
    }
}

/// Ahead of, on or behind pace (超进度 / 达进度 / 欠进度); on pace is within ±`pace_amber`
/// points of the elapsed share, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    Ahead,
    On,
    Behind,
}

impl Standing {
    pub fn label(self, lang: crate::model::Lang) -> &'static str {
        match self {
            Standing::Ahead => lang.pick("超进度", "ahead"),
            Standing::On => lang.pick("达进度", "on pace"),
            Standing::Behind => lang.pick("欠进度", "behind"),
        }
    }
}

/// An open task's progress against time at the as-of day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pace {
    /// The elapsed share of its time (start to deadline), percent, one decimal; 100 from the
    /// deadline on. `None` without a start or a deadline (then only a blocked task has a light).
    pub expected: Option<f64>,
    /// Progress minus `expected`, percentage points, one decimal (negative: behind).
    pub gap: Option<f64>,
    pub standing: Option<Standing>,
    pub light: Light,
}

/// The pace of a task (`None` for done and cancelled tasks, and for an open task that has no
/// start or no deadline and is not blocked). A blocked task is always red: it needs attention
/// whatever its dates. The light compares the gap as it is printed, rounded to a tenth of a
/// point (half away from zero, as `round1`): amber when behind by more than `pace_amber`
/// points, red by more than `pace_red`; so `红` never stands beside `-30.0` with a red line
/// of 30 (issue 17, finding 9).
pub fn pace(
    start: Option<NaiveDate>,
    deadline: Option<NaiveDate>,
    as_of: NaiveDate,
    status: Status,
    progress: u8,
    rules: Rules,
) -> Option<Pace> {
    if !status.is_open() {
        return None;
    }
    let blocked = status == Status::Blocked;
    let (Some(start), Some(deadline)) = (start, deadline) else {
        return blocked.then_some(Pace {
            expected: None,
            gap: None,
            standing: None,
            light: Light::Red,
        });
    };
    // expected = 100 × elapsed / total; everything scaled by `total` to stay in integers.
    let total = (deadline - start).num_days();
    let (num, den) = if total <= 0 || as_of >= deadline {
        (100, 1)
    } else {
        ((as_of - start).num_days().clamp(0, total) * 100, total)
    };
    let behind = num - i64::from(progress) * den; // (expected − progress) × den
    // In tenths of a point, rounded half away from zero: the figure the reader sees.
    let tenths = (20 * behind.abs() + den) / (2 * den) * behind.signum();
    let over = |points: u32| tenths > i64::from(points) * 10;
    let ahead = -tenths > i64::from(rules.pace_amber) * 10;
    let standing = if over(rules.pace_amber) {
        Standing::Behind
    } else if ahead {
        Standing::Ahead
    } else {
        Standing::On
    };
    let light = if blocked || over(rules.pace_red) {
        Light::Red
    } else if over(rules.pace_amber) {
        Light::Amber
    } else {
        Light::Green
    };
    let expected = num as f64 / den as f64;
    Some(Pace {
        expected: Some(super::round1(expected)),
        gap: Some(super::round1(f64::from(progress) - expected)),
        standing: Some(standing),
        light,
    })
}

/// Whether a done task was done after its deadline (逾期完成): `done_on` (the day it was
/// last set done) after `due`, the deadline in force then (`Marks::done_due`), never the
/// deadline it carries now, which may have been moved since.
pub fn done_late(status: Status, due: Option<NaiveDate>, done_on: Option<NaiveDate>) -> bool {
    status == Status::Done && matches!((due, done_on), (Some(d), Some(on)) if on > d)
}

/// For an open task: the days since its last report at `as_of`, when that is more than
/// `report_every` (so it has not reported in time, as `list --stale {report_every}d` counts:
/// the span's first day still counts); else `None`.
pub fn silent_days(
    status: Status,
    last_report: Option<NaiveDate>,
    as_of: NaiveDate,
    report_every: u32,
) -> Option<i64> {
    let days = (as_of - last_report?).num_days();
    (status.is_open() && days > i64::from(report_every)).then_some(days)
}

/// Whether an open task owed a report by `as_of`: it was created (`start`) more than
/// `report_every` days before, so by [`silent_days`] it would be late had it never reported.
/// A unit cannot be late before its first report on a task is due (issue 17, finding 8).
pub fn report_due(
    status: Status,
    start: Option<NaiveDate>,
    as_of: NaiveDate,
    report_every: u32,
) -> bool {
    silent_days(status, start, as_of, report_every).is_some()
}

/// What the report's 未按时反馈 says of a period, in every format (the one rule: renderers
/// word it, never judge it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reporting {
    /// No open task owed a report yet at the report's end (every one was created within
    /// `report_every` days of it): nobody can be late, and nobody has been shown on time.
    NoneDue,
    /// Reports were due and every one came in time.
    AllOnTime,
    /// Some open tasks had no report in time (`Report::unreported`).
    Late,
}

impl Reporting {
    /// From the open tasks that owed a report (`due`) and those not reported on in time
    /// (`late`), at the report's end.
    pub fn of(due: usize, late: usize) -> Self {
        match (due, late) {
            (_, 1..) => Reporting::Late,
            (0, 0) => Reporting::NoneDue,
            _ => Reporting::AllOnTime,
        }
    }
}

/// One task's follow-up at a day (`show`): its pace, whether it was done late, its last
/// report and, when that is more than `report_every` days back on an open task, the days since.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TaskFollow {
    pub pace: Option<Pace>,
    pub done_late: bool,
    pub last_report: Option<NaiveDate>,
    pub unreported_days: Option<i64>,
}

/// `TaskFollow` of a task as it is on `today`, from its `marks` up to then.
pub fn task_follow(
    marks: Marks,
    status: Status,
    deadline: Option<NaiveDate>,
    progress: u8,
    today: NaiveDate,
    rules: Rules,
) -> TaskFollow {
    TaskFollow {
        pace: pace(marks.pace_start, deadline, today, status, progress, rules),
        done_late: done_late(status, marks.done_due, marks.done_on),
        last_report: marks.last_report,
        unreported_days: silent_days(status, marks.last_report, today, rules.report_every),
    }
}

/// A summary row's follow-up counts (JSON, flattened into the row; the report's tables show
/// the same numbers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PaceCounts {
    /// Open tasks ahead of pace (超进度).
    pub ahead: usize,
    /// Open tasks on pace, within ±`pace_amber` points (达进度).
    pub on_pace: usize,
    /// Open tasks behind pace by more than `pace_amber` points (欠进度), and every blocked
    /// task whatever its gap: a blocked task shows a red light, and a red light is a part of
    /// 欠进度, so it is never counted as on or ahead of pace (issue 17, finding 4; the row's own
    /// `standing` stays by its gap).
    pub behind: usize,
    /// Of the tasks behind pace, those with an amber light (so never more than `behind`).
    pub pace_amber: usize,
    /// The red lights the rows show: the tasks behind pace by more than `pace_red` points and
    /// the blocked ones (`pace_blocked` of them), all counted in `behind`, so
    /// "欠进度N项，其中黄灯a项、红灯b项（含受阻c项）" holds a + b ≤ N.
    pub pace_red: usize,
    /// Of the red lights, the blocked tasks (受阻).
    pub pace_blocked: usize,
    /// Tasks done after their deadline (逾期完成).
    pub done_late: usize,
    /// Open tasks not reported on within `report_every` days (未按时反馈).
    pub unreported: usize,
}

impl PaceCounts {
    /// Counts one task: its pace (`None`: no light), whether it is blocked, done late, and
    /// silent past `report_every`.
    pub fn add(&mut self, pace: Option<&Pace>, blocked: bool, done_late: bool, unreported: bool) {
        if let Some(p) = pace {
            // A blocked task is red whatever its gap: behind, so that the counts are the
            // lights the rows show.
            let standing = if blocked {
                Some(Standing::Behind)
            } else {
                p.standing
            };
            match standing {
                Some(Standing::Ahead) => self.ahead += 1,
                Some(Standing::On) => self.on_pace += 1,
                Some(Standing::Behind) => self.behind += 1,
                None => {}
            }
            // The lights are parts of 欠进度: only a task behind pace counts.
            if standing == Some(Standing::Behind) {
                match p.light {
                    Light::Amber => self.pace_amber += 1,
                    Light::Red => self.pace_red += 1,
                    Light::Green => {}
                }
            }
            self.pace_blocked += usize::from(blocked && p.light == Light::Red);
        }
        self.done_late += usize::from(done_late);
        self.unreported += usize::from(unreported);
    }
}

/// A unit that owes reports (未按时反馈单位): its name as of the report's end (`None`: tasks
/// without a lead), how many of its open tasks went unreported, and its longest silence in
/// days. Every format names every such unit before it lists tasks, whatever cuts the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SilentUnit {
    pub unit: Option<String>,
    pub tasks: usize,
    pub days: i64,
}

/// Every unit of `list` (all the unreported tasks, none left out), in the order of
/// [`unreported_by_lead`]: the order in which the documents then list the tasks.
pub fn silent_units(list: &[super::Due]) -> Vec<SilentUnit> {
    unreported_by_lead(list)
        .into_iter()
        .map(|(unit, tasks)| SilentUnit {
            unit: unit.map(str::to_string),
            tasks: tasks.len(),
            days: tasks.first().map_or(0, |d| d.days),
        })
        .collect()
}

/// The unreported tasks grouped by the unit that leads them (the unit that owes the report):
/// the unit silent longest first (by its longest silent task; ties in name order; tasks
/// without a lead last), the longest silent of each first, then by id. Every document lists
/// 未按时反馈 in this order, so a cut keeps the units most in arrears.
pub fn unreported_by_lead(list: &[super::Due]) -> Vec<(Option<&str>, Vec<&super::Due>)> {
    let mut sorted: Vec<&super::Due> = list.iter().collect();
    sorted.sort_by(|a, b| {
        a.lead
            .cmp(&b.lead)
            .then(b.days.cmp(&a.days))
            .then(a.id.cmp(&b.id))
    });
    let mut groups: Vec<(Option<&str>, Vec<&super::Due>)> = Vec::new();
    for d in sorted {
        match groups.last_mut() {
            Some((lead, tasks)) if *lead == d.lead.as_deref() => tasks.push(d),
            _ => groups.push((d.lead.as_deref(), vec![d])),
        }
    }
    // Each group's first task is its longest silent.
    groups.sort_by(|(la, a), (lb, b)| {
        la.is_none()
            .cmp(&lb.is_none())
            .then(b[0].days.cmp(&a[0].days))
            .then(la.cmp(lb))
    });
    groups
}

/// The pace light of each of `tasks` as it is at `today` (`list`'s 序时 column), by [`pace`]:
/// the same rules as the report's. `states` and `marks` are the same tasks' storage rows and
/// history dates (`Store::task_states`, `Store::marks`), in any order; a task missing from
/// them has no start, so no light unless blocked.
pub fn lights_of(
    tasks: &[crate::task::Task],
    states: &[super::TaskState],
    marks: &[Marks],
    today: NaiveDate,
    rules: Rules,
) -> Vec<Option<Light>> {
    let start_of_row: std::collections::HashMap<i64, NaiveDate> = marks
        .iter()
        .filter_map(|m| Some((m.row, m.pace_start?)))
        .collect();
    let start: std::collections::HashMap<crate::model::TaskId, NaiveDate> = states
        .iter()
        .filter_map(|s| Some((s.id, *start_of_row.get(&s.row)?)))
        .collect();
    tasks
        .iter()
        .map(|t| {
            let p = pace(
                start.get(&t.id).copied(),
                t.deadline,
                today,
                t.status,
                t.progress,
                rules,
            );
            p.map(|p| p.light)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::model::parse_ymd(s).unwrap()
    }

    #[test]
    fn pace_is_the_elapsed_share_judged_exactly() {
        let r = Rules::default();
        let p = |today: &str, progress, status| {
            pace(
                Some(d("2026-11-01")),
                Some(d("2026-12-01")),
                d(today),
                status,
                progress,
                r,
            )
        };
        // 15 of 30 days: 50% expected.
        let half = p("2026-11-16", 40, Status::InProgress).unwrap();
        assert_eq!((half.expected, half.gap), (Some(50.0), Some(-10.0)));
        assert_eq!(
            (half.standing, half.light),
            (Some(Standing::On), Light::Green)
        );
        let amber = p("2026-11-16", 39, Status::InProgress).unwrap();
        assert_eq!(
            (amber.standing, amber.light),
            (Some(Standing::Behind), Light::Amber)
        );
        assert_eq!(
            p("2026-11-16", 20, Status::InProgress).unwrap().light,
            Light::Amber
        );
        assert_eq!(
            p("2026-11-16", 19, Status::InProgress).unwrap().light,
            Light::Red
        );
        assert_eq!(
            p("2026-11-16", 60, Status::InProgress).unwrap().standing,
            Some(Standing::On)
        );
        assert_eq!(
            p("2026-11-16", 61, Status::InProgress).unwrap().standing,
            Some(Standing::Ahead)
        );
        assert_eq!(
            p("2026-11-16", 90, Status::Blocked).unwrap().light,
            Light::Red
        );
        // Past the deadline, 100% is expected: 30 points behind is amber, 31 red.
        assert_eq!(
            p("2026-12-05", 70, Status::InProgress).unwrap().light,
            Light::Amber
        );
        assert_eq!(
            p("2026-12-05", 69, Status::InProgress).unwrap().light,
            Light::Red
        );
        assert!(p("2026-11-16", 100, Status::Done).is_none());
        let none = pace(None, None, d("2026-11-16"), Status::InProgress, 0, r);
        assert!(none.is_none());
        let blocked = pace(None, None, d("2026-11-16"), Status::Blocked, 0, r).unwrap();
        assert_eq!((blocked.light, blocked.expected), (Light::Red, None));
    }

    #[test]
    fn silence_and_lateness() {
        assert_eq!(
            silent_days(
                Status::InProgress,
                Some(d("2026-11-01")),
                d("2026-11-08"),
                7
            ),
            None
        );
        assert_eq!(
            silent_days(
                Status::InProgress,
                Some(d("2026-11-01")),
                d("2026-11-09"),
                7
            ),
            Some(8)
        );
        assert_eq!(
            silent_days(Status::Done, Some(d("2026-11-01")), d("2026-11-09"), 7),
            None
        );
        assert!(done_late(
            Status::Done,
            Some(d("2026-11-01")),
            Some(d("2026-11-02"))
        ));
        assert!(!done_late(
            Status::Done,
            Some(d("2026-11-01")),
            Some(d("2026-11-01"))
        ));
        assert!(!done_late(
            Status::Cancelled,
            Some(d("2026-11-01")),
            Some(d("2026-11-02"))
        ));
    }
}
