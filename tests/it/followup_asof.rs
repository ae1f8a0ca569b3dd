//! Issue 17, third round: follow-up figures replayed as of the period's end. An undo made after
//! a past week does not exist yet for that week: the report and `show` judge
//! the week's reports by the undos recorded up to its end (the one rule for undo chains).

use crate::support::Ledger;

/// A report's row for task `id`: (days since its last report when it is listed under 未按时反馈,
/// whether it is listed).
fn unreported(r: &serde_json::Value, id: &str) -> (Option<i64>, bool) {
    let row = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}: {r}"));
    let listed = r["unreported"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == id);
    (row["unreported_days"].as_i64(), listed)
}

#[test]
fn an_undo_after_the_week_does_not_take_back_the_weeks_report() {
    // (the report's day, the undo's day or none, the day asked about with --week 上周, the
    // days since the last report that week's report shows for 2.5, or None when not listed).
    // Plan started 2026-06-01; 上周 of a Sunday 2027-01-17 is 01-04..01-10.
    let cases: &[(&str, Option<&str>, &str, Option<i64>)] = &[
        // The brief's case: reported the 6th, undone the 12th, after the week.
        ("2027-01-06", Some("2027-01-12"), "2027-01-17", None),
        // Undone on the Sunday that ends the week: inside it, so taken back (223 days since
        // the plan's start, 06-01).
        ("2027-01-06", Some("2027-01-10"), "2027-01-17", Some(223)),
        // Reported on the 1st (9 days before the week's end), undone long after.
        ("2027-01-01", Some("2027-03-01"), "2027-01-17", Some(9)),
        // Never undone: the same as undone later.
        ("2027-01-01", None, "2027-01-17", Some(9)),
    ];
    for &(reported, undone, today, want) in cases {
        let l = Ledger::seeded("2026-06-01");
        l.run_on(
            reported,
            &["update", "2.5", "--progress", "10", "--note", "启动"],
        )
        .ok();
        if let Some(u) = undone {
            l.run_on(u, &["undo"]).ok();
        }
        let r = l
            .run_on(
                today,
                &[
                    "--lang", "zh", "report", "--week", "上周", "--format", "json",
                ],
            )
            .ok()
            .json();
        let (days, listed) = unreported(&r, "2.5");
        assert_eq!(days, want, "{reported} undone {undone:?}: {}", r["rows"]);
        assert_eq!(listed, want.is_some(), "{reported} undone {undone:?}");
    }
}

#[test]
fn show_on_a_past_day_ignores_later_undos() {
    let l = Ledger::seeded("2026-06-01");
    l.run_on(
        "2027-01-06",
        &["update", "2.5", "--progress", "10", "--note", "启动"],
    )
    .ok();
    l.run_on("2027-01-12", &["undo"]).ok();
    let show = |today: &str| {
        l.run_on(today, &["show", "2.5", "--format", "json"])
            .ok()
            .json()
    };
    // (day asked, last report, days unreported): on the 10th the report of the 6th stood; from
    // the 12th it is undone and the task was never reported on (233 days since 06-01).
    for (today, last, days) in [
        ("2027-01-10", Some("2027-01-06"), None),
        ("2027-01-11", Some("2027-01-06"), None),
        ("2027-01-20", None, Some(233)),
    ] {
        let j = show(today);
        assert_eq!(j["last_report"].as_str(), last, "{today}");
        assert_eq!(j["unreported_days"].as_i64(), days, "{today}");
    }
}

#[test]
fn a_week_reaching_past_the_last_date_is_refused_in_one_line() {
    let l = Ledger::seeded("2026-06-01");
    let before = l.dump();
    // (--week, exit code): an ISO week is refused by the argument parser (2, as every bad
    // --week), a date by the command (1); the weeks just inside still run.
    for (week, code) in [
        ("9999-W52", Some(2)),
        ("9999-12-31", Some(1)),
        ("9999-12-27", Some(1)),
        ("9999-W51", None),
        ("9999-12-26", None),
    ] {
        for lang in ["en", "zh"] {
            let out = l.run(&["--lang", lang, "report", "--week", week, "--format", "json"]);
            match code {
                Some(c) => {
                    assert_eq!(out.code, c, "{week}: {}", out.stderr);
                    assert_eq!(out.stderr.lines().count(), 1, "{week}: {}", out.stderr);
                    assert!(out.stderr.contains("9999-12-31"), "{}", out.stderr);
                    assert!(!out.stderr.contains("10000"), "{}", out.stderr);
                }
                None => assert_eq!(out.code, 0, "{week}: {}", out.stderr),
            }
        }
    }
    assert_eq!(l.dump(), before, "nothing written");
}
