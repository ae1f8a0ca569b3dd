//! Issue 17 (督办): who has not reported. A simulated month of a seeded ledger, reports made on
//! chosen days, then asked about from different days.

use proptest::prelude::*;

use crate::support::{Ledger, run};

const SEEDED: [&str; 16] = [
    "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2",
    "3.3", "3.4", "3.5",
];

/// The plan starts Monday 2 November 2026; through the month: a note, a progress and a status
/// change on different days, a note taken back by undo, a task done, and a task added late.
fn month() -> Ledger {
    let l = Ledger::seeded("2026-11-02");
    l.run_on("2026-11-03", &["note", "1.1", "已召开专题会议"])
        .ok();
    l.run_on("2026-11-05", &["update", "1.2", "--progress", "30"])
        .ok();
    l.run_on("2026-11-10", &["update", "1.3", "--status", "blocked"])
        .ok();
    l.run_on("2026-11-12", &["note", "1.4", "误记的进展"]).ok();
    l.run_on("2026-11-12", &["undo"]).ok();
    l.run_on("2026-11-16", &["update", "2.1", "--status", "done"])
        .ok();
    l.run_on("2026-11-20", &["note", "1.1", "第二次推进会"])
        .ok();
    l.run_on(
        "2026-11-23",
        &[
            "add",
            "--rec",
            "3",
            "--title",
            "建立督办回访机制",
            "--lead",
            "组织科",
        ],
    )
    .ok();
    l
}

fn stale_ids(l: &Ledger, today: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["list", "--format", "json", "--stale"];
    args.extend_from_slice(extra);
    let out = l.run_on(today, &args).ok().json();
    out.as_array()
        .expect("an array")
        .iter()
        .map(|t| t["id"].as_str().expect("id").to_string())
        .collect()
}

fn seeded_except(skip: &[&str]) -> Vec<String> {
    SEEDED
        .iter()
        .filter(|id| !skip.contains(id))
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn stale_lists_open_tasks_without_a_report_in_the_span() {
    let l = month();
    // (today, span, tasks that were reported on within the span, or are done, or are new)
    let cases: &[(&str, &str, &[&str])] = &[
        // 29 Nov, 14d: reports from the 15th count. 1.1 noted on the 20th; 2.1 is done; 3.6
        // was created on the 23rd. 1.4's note was undone, so it never reported.
        ("2026-11-29", "14d", &["1.1", "2.1"]),
        // 24 Nov, 14d: the 10th is 14 days back and still counts (1.3 blocked then).
        ("2026-11-24", "14d", &["1.1", "1.3", "2.1"]),
        // 25 Nov: the 10th is now 15 days back.
        ("2026-11-25", "14d", &["1.1", "2.1"]),
        // 12 Nov, one week: the 5th and the 10th count; the plan's creation on the 2nd is 10
        // days back. 1.1's note of the 20th counts too, and 3.6 created on the 23rd: list
        // shows tasks as they are now, as it shows 2.1 done.
        ("2026-11-12", "1w", &["1.1", "1.2", "1.3", "2.1"]),
        // 9 Nov, 7d: the 2nd is 7 days back, so every seeded task was created within it.
        ("2026-11-09", "7d", &SEEDED),
        // A month back from the 29th reaches the 29th of October: everything counts.
        ("2026-11-29", "1m", &SEEDED),
    ];
    for (today, span, fresh) in cases {
        let got = stale_ids(&l, today, &[span]);
        let mut want = seeded_except(fresh);
        // 2.1 is done: never stale, whatever the day. 3.6, created on the 23rd, is never
        // expected, being newer than every span's start.
        want.retain(|id| id != "2.1");
        assert_eq!(got, want, "list --stale {span} on {today}");
    }
}

#[test]
fn stale_counts_from_a_late_task_creation() {
    let l = month();
    // Created on the 23rd: not stale a week later with 7d, stale with none reported by the
    // 1st of December... only once 7 days have passed without word.
    assert!(!stale_ids(&l, "2026-11-30", &["7d"]).contains(&"3.6".to_string()));
    assert!(stale_ids(&l, "2026-12-01", &["7d"]).contains(&"3.6".to_string()));
}

#[test]
fn stale_alone_takes_the_config_or_fourteen_days() {
    let l = month();
    assert_eq!(
        stale_ids(&l, "2026-11-24", &[]),
        stale_ids(&l, "2026-11-24", &["14d"])
    );
    let cfg = l.dir.path().join("tracker.toml");
    std::fs::write(&cfg, "stale_days = 3\n").unwrap();
    let out = run(l
        .cmd()
        .env("TRACKER_CONFIG", &cfg)
        .env("TRACKER_TODAY", "2026-11-23")
        .args(["list", "--format", "json", "--stale"]))
    .ok()
    .json();
    let ids: Vec<&str> = out
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    // From the 20th: 1.1 (noted the 20th) and 3.6 (created the 23rd) are fresh.
    assert!(!ids.contains(&"1.1") && !ids.contains(&"3.6"), "{ids:?}");
    assert!(ids.contains(&"1.3"), "1.3 last reported the 10th: {ids:?}");
}

#[test]
fn stale_refuses_bad_spans_and_config() {
    let l = month();
    let before = l.dump();
    for bad in ["0x", "-3d", "两周", "36501d", ""] {
        let out = l.run(&["list", &format!("--stale={bad}")]);
        assert_eq!(out.code, 2, "--stale {bad}: {}", out.stderr);
        assert!(
            out.stderr.contains("days, weeks or months"),
            "{}",
            out.stderr
        );
    }
    let cfg = l.dir.path().join("bad.toml");
    for value in ["0", "-1", "400", "\"14d\""] {
        std::fs::write(&cfg, format!("stale_days = {value}\n")).unwrap();
        run(l
            .cmd()
            .env("TRACKER_CONFIG", &cfg)
            .args(["list", "--stale"]))
        .fails(1, &["bad.toml", "stale_days"]);
    }
    assert_eq!(before, l.dump(), "refusals write nothing");
}

#[test]
fn stale_table_says_how_many() {
    let l = month();
    let out = l
        .run_on("2026-11-29", &["--lang", "zh", "list", "--stale", "14d"])
        .ok();
    assert!(
        out.stdout.trim_end().ends_with("共 14 项"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("另有"),
        "no hidden-count footer: {}",
        out.stdout
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    /// Whatever the days notes are made on, a task is stale exactly when its latest note (or
    /// its creation) is more than the span's days back.
    #[test]
    fn stale_is_the_latest_report_against_the_span(
        days in proptest::collection::btree_set(1u32..28, 0..4),
        span in 1u32..20,
    ) {
        let l = Ledger::seeded("2026-11-01");
        for d in &days {
            l.run_on(&format!("2026-11-{d:02}"), &["note", "2.2", "进展"]).ok();
        }
        let today = 28u32;
        let last = days.iter().max().copied().unwrap_or(1);
        let stale = stale_ids(&l, "2026-11-28", &[&format!("{span}d")]).contains(&"2.2".to_string());
        prop_assert_eq!(stale, last + span < today, "notes {:?}, span {}", days, span);
    }
}

#[test]
fn stale_combines_with_the_other_filters() {
    let l = month();
    // 1.3 blocked on the 10th: stale by the 29th with 14d, and the only blocked task.
    assert_eq!(
        stale_ids(&l, "2026-11-29", &["14d", "--status", "blocked"]),
        ["1.3"]
    );
    // 0d: nothing reported today, so every open task; with --all still only open ones.
    let all_open = stale_ids(&l, "2026-11-29", &["0d", "--all"]);
    assert_eq!(all_open.len(), 16, "{all_open:?}");
    assert!(!all_open.contains(&"2.1".to_string()));
    // A unit's stale tasks are among the unit's tasks and among the stale ones.
    let unit = stale_ids(&l, "2026-11-29", &["14d", "--owner", "组织科"]);
    let every = stale_ids(&l, "2026-11-29", &["14d"]);
    assert!(
        !unit.is_empty() && unit.iter().all(|id| every.contains(id)),
        "{unit:?}"
    );
    assert!(
        !unit.contains(&"3.6".to_string()),
        "3.6 was created on the 23rd"
    );
}
