//! A merging `units rename A B` (B already known) and its `undo` leave each unit its own
//! figures (issue 17, finding 17j-1): `units`, the report's 各单位反馈情况 and 催办次数 are those
//! of the same ledger where neither happened, not B's record credited to A until the next
//! Sunday. The undo gives A back only the tasks the merge moved.

use serde_json::Value;

use crate::support::Ledger;

/// The seeded plan with 人才工作科 renamed 人才科, a note, and a notice to each of the two
/// units the cases merge.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-11-02");
    l.run_on("2026-11-02", &["units", "rename", "人才工作科", "人才科"])
        .ok();
    l.run_on("2026-11-18", &["note", "3.1", "已制定调研提纲"])
        .ok();
    for (unit, dir) in [("人才科", "n1"), ("人才工作协调小组", "n2")] {
        let out = l.dir.path().join(dir);
        l.run_on(
            "2026-11-18",
            &[
                "notice",
                "--owner",
                unit,
                "--reply-by",
                "2026-11-20",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
    }
    l
}

/// What `units --format json` and the report's JSON `units` and `reminders` say on `day`.
fn figures(l: &Ledger, day: &str) -> (Value, Value, Value) {
    let units = l.run_on(day, &["units", "--format", "json"]).ok().json();
    let report = l.run_on(day, &["report", "--format", "json"]).ok().json();
    (units, report["units"].clone(), report["reminders"].clone())
}

#[test]
fn an_undone_merge_leaves_each_unit_its_own_figures() {
    // (day of the merge, day of its undo, day looked at): after the last Sunday, on one day
    // and on two, and looked at later in the same week.
    let cases = [
        ("2026-12-02", "2026-12-02", "2026-12-02"),
        ("2026-11-30", "2026-12-02", "2026-12-03"),
        ("2026-12-01", "2026-12-01", "2026-12-06"),
    ];
    let plain = ledger();
    for (merged, undone, day) in cases {
        let l = ledger();
        l.run_on(merged, &["units", "rename", "人才工作协调小组", "人才科"])
            .ok();
        l.run_on(undone, &["undo"]).ok();
        let (units, report_units, reminders) = figures(&l, day);
        let (want_units, want_report_units, want_reminders) = figures(&plain, day);
        let case = format!("merged {merged}, undone {undone}, seen {day}");
        // Both units are there, each with its own record.
        for unit in ["人才工作协调小组", "人才科"] {
            assert!(
                report_units
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|u| u["unit"] == unit),
                "{case}: {unit} missing from the report's units: {report_units}"
            );
        }
        assert_eq!(units, want_units, "{case}: units");
        assert_eq!(report_units, want_report_units, "{case}: report units");
        assert_eq!(reminders, want_reminders, "{case}: reminders");
    }
}

/// A unit's `checks` in the report's JSON `units`, if listed.
fn checks(units: &Value, unit: &str) -> Option<u64> {
    units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == unit)
        .map(|u| u["checks"].as_u64().unwrap())
}

#[test]
fn a_merge_undone_after_the_week_end_keeps_the_unit_merged_into() {
    // Merged before the Sunday the figures are judged at (11-29), undone after it: that week
    // the tasks were 人才科's, so its record stays under 人才科 with the merged tasks', and
    // nothing of it goes to 人才工作协调小组; its 催办 stay its own.
    let plain = ledger();
    let l = ledger();
    l.run_on(
        "2026-11-27",
        &["units", "rename", "人才工作协调小组", "人才科"],
    )
    .ok();
    l.run_on("2026-12-01", &["undo"]).ok();
    let (_, report_units, reminders) = figures(&l, "2026-12-02");
    let (_, plain_units, plain_reminders) = figures(&plain, "2026-12-02");
    let (own, merged) = (
        checks(&plain_units, "人才科").unwrap(),
        checks(&plain_units, "人才工作协调小组").unwrap(),
    );
    assert_eq!(checks(&report_units, "人才科"), Some(own + merged));
    assert_eq!(checks(&report_units, "人才工作协调小组"), None);
    assert_eq!(reminders, plain_reminders);
}
