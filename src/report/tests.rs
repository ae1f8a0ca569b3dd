//! Unit tests of the weekly report over a ledger kept in memory.

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
        whole_lists: false,
        news_items: 0,
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
