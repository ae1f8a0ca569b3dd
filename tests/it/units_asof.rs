//! Each unit's share reported on time (issue 17 §1, found by fresh testers): a task is not yet
//! due a report at the week end within `report_every` days of its creation, so a unit that
//! never reported does not score on time for the week its tasks came; and each week end is
//! judged as the history stood then, so an undo made later does not take back a report that
//! counted that week (as the report replays a past week).

use crate::support::Ledger;

/// (checks, share on time) of `unit` in `units --weeks N --format json` on `today`.
fn share(l: &Ledger, today: &str, weeks: &str, unit: &str) -> (u64, Option<f64>) {
    let v = l
        .run_on(today, &["units", "--weeks", weeks, "--format", "json"])
        .ok()
        .json();
    let u = (v.as_array().unwrap().iter())
        .find(|u| u["unit"] == unit)
        .unwrap_or_else(|| panic!("{unit} in {v}"));
    (
        u["checks"].as_u64().unwrap(),
        u["reported_on_time"].as_f64(),
    )
}

#[test]
fn a_task_is_not_due_a_report_at_the_week_end_just_after_its_creation() {
    // (days from the ledger's creation to the week end judged, checks of 组织科's five tasks):
    // within `report_every` (7) days, none; after it, each task once, never reported.
    let cases = [(0, 0), (3, 0), (6, 0), (7, 0), (8, 5), (12, 5)];
    for (days, checks) in cases {
        let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let created = (end - chrono::Days::new(days)).to_string();
        let l = Ledger::seeded(&created);
        let (n, on_time) = share(&l, "2026-11-29", "1", "组织科");
        assert_eq!(n, checks, "created {days} days before");
        assert_eq!(
            on_time,
            (checks > 0).then_some(0.0),
            "created {days} days before"
        );
    }
    // Over two week ends, the first within a week of the creation: only the second counts, so
    // a unit that never reported scores 0%, not 50%.
    let l = Ledger::seeded("2026-11-26");
    assert_eq!(share(&l, "2026-12-06", "2", "组织科"), (5, Some(0.0)));
    // A report in the second week counts as usual.
    l.run_on("2026-12-04", &["note", "1.1", "已召开推进会"])
        .ok();
    assert_eq!(share(&l, "2026-12-06", "2", "组织科"), (5, Some(20.0)));
    // The report's summary by unit says the same for its week.
    let v = l
        .run_on(
            "2026-12-06",
            &["report", "--week", "2026-W49", "--format", "json"],
        )
        .ok()
        .json();
    let mine = (v["units"].as_array().unwrap().iter())
        .find(|u| u["unit"] == "组织科")
        .unwrap()
        .clone();
    let weeks = v["unit_weeks"].to_string();
    let (n, on_time) = share(&l, "2026-12-06", &weeks, "组织科");
    assert_eq!(mine["checks"].as_u64(), Some(n));
    assert_eq!(mine["reported_on_time"].as_f64(), on_time);
}

#[test]
fn an_undo_made_after_a_week_end_does_not_change_that_week_s_check() {
    let l = Ledger::seeded("2026-11-01");
    l.run_on("2026-11-25", &["note", "1.1", "已拟定方案"]).ok();
    l.run_on("2026-11-25", &["update", "1.2", "--progress", "20"])
        .ok();
    // Week ends 11-29 and 12-06: both reports count at 11-29 (2 of 5 tasks), none at 12-06.
    let before = share(&l, "2026-12-06", "2", "组织科");
    assert_eq!(before, (10, Some(20.0)));
    // The progress taken back on 12-03, after the first week end and before the second: the
    // first still counts it, as it did when it was judged.
    l.run_on("2026-12-03", &["undo"]).ok();
    assert_eq!(share(&l, "2026-12-06", "2", "组织科"), before);
    // Judged on 11-29 alone: the same two, however much later the undos came.
    assert_eq!(share(&l, "2026-11-29", "1", "组织科"), (5, Some(40.0)));
    // Taken back before the week end: they never counted.
    let m = Ledger::seeded("2026-11-01");
    m.run_on("2026-11-25", &["note", "1.1", "已拟定方案"]).ok();
    m.run_on("2026-11-26", &["undo"]).ok();
    assert_eq!(share(&m, "2026-11-29", "1", "组织科"), (5, Some(0.0)));
    // Undone and redone before the week end: it counts again.
    m.run_on("2026-11-27", &["undo"]).ok();
    assert_eq!(share(&m, "2026-11-29", "1", "组织科"), (5, Some(20.0)));
    // The report on that week says what `units` says for its end.
    let v = l
        .run_on(
            "2026-12-06",
            &["report", "--week", "2026-W48", "--format", "json"],
        )
        .ok()
        .json();
    let mine = (v["units"].as_array().unwrap().iter())
        .find(|u| u["unit"] == "组织科")
        .unwrap()
        .clone();
    let weeks = v["unit_weeks"].to_string();
    let (n, on_time) = share(&l, "2026-11-29", &weeks, "组织科");
    assert_eq!(mine["checks"].as_u64(), Some(n));
    assert_eq!(mine["reported_on_time"].as_f64(), on_time);
    // And its 未按时反馈 agrees: 1.1 and 1.2 had reported that week.
    let silent: Vec<&str> = (v["unreported"].as_array().unwrap().iter())
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(
        !silent.contains(&"1.1") && !silent.contains(&"1.2"),
        "{silent:?}"
    );
}
