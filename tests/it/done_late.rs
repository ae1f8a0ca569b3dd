//! Issue 17, finding 2: 逾期完成 is judged against the deadline in force when the task was done,
//! replayed from the history, so moving the deadline afterwards (or in the same command) does
//! not clean the record; a deadline moved on a done task is recorded with a warning.

use crate::support::Ledger;

/// What one run of steps leaves: (the report's row `done_late`, the summary's count, `show`'s
/// JSON `done_late`, the csv and markdown reports naming 逾期完成 on the task's row).
fn judged(l: &Ledger, id: &str, today: &str) -> (bool, u64, bool, bool, bool) {
    let r = l
        .run_on(today, &["report", "--week", "this", "--format", "json"])
        .ok()
        .json();
    let row = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}: {}", r["rows"]));
    let count: u64 = r["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["done_late"].as_u64().unwrap())
        .sum();
    let show = l
        .run_on(today, &["show", id, "--format", "json"])
        .ok()
        .json();
    let named = |format: &str| {
        let out = l
            .run_on(
                today,
                &[
                    "--lang", "zh", "report", "--week", "this", "--format", format,
                ],
            )
            .ok()
            .stdout;
        out.lines()
            .any(|line| line.contains(id) && line.contains("逾期完成"))
    };
    (
        row["done_late"].as_bool().unwrap(),
        count,
        show["done_late"].as_bool().unwrap(),
        named("csv"),
        named("markdown"),
    )
}

#[test]
fn done_late_stands_whatever_the_deadline_becomes_afterwards() {
    // Each case: the steps as (day, args to `update 1.2` or ["undo"]), and whether 1.2 was
    // done late. The plan starts 2026-10-05; every case reports on the week of 2026-12-02.
    type Step<'a> = (&'a str, &'a [&'a str]);
    let cases: &[(&str, &[Step], bool)] = &[
        (
            "moved later after done",
            &[
                (
                    "2026-11-20",
                    &["--deadline", "2026-11-25", "--progress", "60"],
                ),
                ("2026-11-30", &["--status", "done"]),
                ("2026-12-02", &["--deadline", "2026-12-31"]),
            ],
            true,
        ),
        (
            "moved later in the command that marks it done",
            &[
                ("2026-11-20", &["--deadline", "2026-11-25"]),
                (
                    "2026-11-30",
                    &["--status", "done", "--deadline", "2026-12-31"],
                ),
            ],
            true,
        ),
        (
            "cleared after done",
            &[
                ("2026-11-20", &["--deadline", "2026-11-25"]),
                ("2026-11-30", &["--progress", "100"]),
                ("2026-12-01", &["--deadline", "none"]),
            ],
            true,
        ),
        (
            "on time, then moved earlier than the day it was done",
            &[
                ("2026-11-20", &["--deadline", "2026-12-31"]),
                ("2026-11-30", &["--status", "done"]),
                ("2026-12-01", &["--deadline", "2026-11-01"]),
            ],
            false,
        ),
        (
            "extended before the work was done",
            &[
                ("2026-11-20", &["--deadline", "2026-11-25"]),
                ("2026-11-24", &["--deadline", "2026-12-31"]),
                ("2026-11-30", &["--status", "done"]),
            ],
            false,
        ),
        (
            "no deadline when done, one set afterwards",
            &[
                ("2026-11-20", &["--deadline", "none"]),
                ("2026-11-30", &["--status", "done"]),
                ("2026-12-01", &["--deadline", "2026-11-01"]),
            ],
            false,
        ),
        (
            "the move after done undone, then moved again",
            &[
                ("2026-11-20", &["--deadline", "2026-11-25"]),
                ("2026-11-30", &["--status", "done"]),
                ("2026-12-01", &["--deadline", "2026-12-31"]),
                ("2026-12-01", &["undo"]),
                ("2026-12-02", &["--deadline", "2027-03-01"]),
            ],
            true,
        ),
        (
            "done late, reopened, extended, done again in time",
            &[
                ("2026-11-20", &["--deadline", "2026-11-25"]),
                ("2026-11-28", &["--status", "done"]),
                (
                    "2026-11-29",
                    &["--status", "in-progress", "--progress", "80"],
                ),
                ("2026-11-29", &["--deadline", "2026-12-31"]),
                ("2026-12-01", &["--status", "done"]),
            ],
            false,
        ),
    ];
    for (name, steps, late) in cases {
        let l = Ledger::seeded("2026-10-05");
        for (day, args) in *steps {
            if args == &["undo"] {
                l.run_on(day, &["undo"]).ok();
            } else {
                let mut all = vec!["update", "1.2"];
                all.extend_from_slice(args);
                l.run_on(day, &all).ok();
            }
        }
        let got = judged(&l, "1.2", "2026-12-02");
        assert_eq!(
            got,
            (*late, u64::from(*late), *late, *late, *late),
            "{name}: (row, summary count, show, csv, markdown)"
        );
    }
}

#[test]
fn a_past_week_keeps_its_done_late_after_a_later_deadline_move() {
    let l = Ledger::seeded("2026-10-05");
    l.run_on("2026-11-20", &["update", "1.2", "--deadline", "2026-11-25"])
        .ok();
    l.run_on("2026-11-27", &["update", "1.2", "--status", "done"])
        .ok();
    let week = |today: &str| {
        l.run_on(today, &["report", "--week", "2026-W48", "--format", "json"])
            .ok()
            .json()["summary"][0]["done_late"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(week("2026-12-02"), 1);
    l.run_on("2026-12-03", &["update", "1.2", "--deadline", "2027-06-30"])
        .ok();
    assert_eq!(week("2026-12-03"), 1, "W48 replayed after the move");
}

#[test]
fn moving_the_deadline_of_a_done_task_is_recorded_with_a_warning() {
    let l = Ledger::seeded("2026-10-05");
    l.run_on("2026-11-20", &["update", "1.2", "--deadline", "2026-11-25"])
        .ok();
    // Open task: no warning.
    let open = l
        .run_on("2026-11-21", &["update", "1.2", "--deadline", "2026-11-26"])
        .ok();
    assert!(!open.stderr.contains("done late"), "{}", open.stderr);
    l.run_on("2026-11-30", &["update", "1.2", "--status", "done"])
        .ok();
    for (lang, needle) in [
        ("en", "does not change whether it was done late"),
        ("zh", "不改变是否逾期完成"),
    ] {
        let before = l.dump();
        let out = l
            .run_on(
                "2026-12-02",
                &["--lang", lang, "update", "1.2", "--deadline", "2026-12-31"],
            )
            .ok();
        assert_eq!(out.stderr.lines().count(), 1, "{lang}: {}", out.stderr);
        assert!(out.stderr.contains(needle), "{lang}: {}", out.stderr);
        assert!(out.stderr.contains("1.2"), "{lang}: {}", out.stderr);
        assert_ne!(before, l.dump(), "{lang}: the change is recorded");
        l.run_on("2026-12-02", &["undo"]).ok();
    }
    // Another field of a done task: no warning.
    let note = l
        .run_on("2026-12-02", &["update", "1.2", "--title", "新标题"])
        .ok();
    assert!(note.stderr.is_empty(), "{}", note.stderr);
}
