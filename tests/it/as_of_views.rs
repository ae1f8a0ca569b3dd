//! `list` with a past `--today` reads the ledger as it stood at the end of that day (tester
//! 17i, finding 2), as `list --stale`, `units` and the report do: a later status is not there
//! yet, a task added later is not listed. `show` stays the task's record (README).

use crate::support::Ledger;

/// Two tasks of 甲科 added on 11-02; 1.2 done on 11-12.
fn ledger() -> Ledger {
    let l = Ledger::new("2026-11-02");
    l.run(&["init", "--empty"]).ok();
    let a = [
        "add",
        "--rec",
        "1",
        "--headline",
        "测试",
        "--title",
        "任务甲",
    ];
    l.run(&[&a[..], &["--lead", "甲科", "--deadline", "2026-12-31"]].concat())
        .ok();
    l.run(&[
        "add",
        "--rec",
        "1",
        "--title",
        "任务乙",
        "--lead",
        "甲科",
        "--deadline",
        "2026-12-31",
    ])
    .ok();
    l.run_on("2026-11-12", &["update", "1.2", "--status", "done"])
        .ok();
    l
}

/// Each task's status in `list --all --format json` (and `--stale` when asked) on `today`.
fn statuses(l: &Ledger, today: &str, args: &[&str]) -> Vec<(String, String)> {
    let out = l.run_on(today, &[&["list", "--format", "json"], args].concat());
    let v = out.ok().json();
    (v.as_array().unwrap().iter())
        .map(|t| {
            let s = |k: &str| t[k].as_str().unwrap().to_string();
            (s("id"), s("status"))
        })
        .collect()
}

/// A case of `list_reads_the_ledger_of_its_day`: --today, arguments, (id, status) listed.
type Case = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

/// 1.1, not started on every day.
const NS1: (&str, &str) = ("1.1", "not-started");

#[test]
fn list_reads_the_ledger_of_its_day() {
    let l = ledger();
    // (--today, list's arguments, the tasks and statuses listed)
    let cases: [Case; 8] = [
        ("2026-11-10", &["--all"], &[NS1, ("1.2", "not-started")]),
        ("2026-11-10", &[], &[NS1, ("1.2", "not-started")]),
        // `--stale` agrees with the plain list of the same day.
        (
            "2026-11-10",
            &["--stale", "7d"],
            &[NS1, ("1.2", "not-started")],
        ),
        ("2026-11-12", &[], &[NS1]),
        ("2026-11-12", &["--all"], &[NS1, ("1.2", "done")]),
        ("2026-11-12", &["--status", "done"], &[("1.2", "done")]),
        ("2026-11-10", &["--status", "done"], &[]),
        // Before the tasks were added.
        ("2026-10-01", &["--all"], &[]),
    ];
    for (today, args, want) in cases {
        let want: Vec<(String, String)> = (want.iter())
            .map(|(i, s)| (i.to_string(), s.to_string()))
            .collect();
        assert_eq!(statuses(&l, today, args), want, "{today} {args:?}");
    }
    // The table's footer counts the day's done tasks.
    let (on_10, on_12) = (
        l.run_on("2026-11-10", &["--lang", "zh", "list"])
            .ok()
            .stdout,
        l.run_on("2026-11-12", &["--lang", "zh", "list"])
            .ok()
            .stdout,
    );
    assert!(on_10.contains("共 2 项\n"), "{on_10}");
    assert!(on_12.contains("共 1 项；另有 1 项已完成"), "{on_12}");
}

/// `show` is the task's record: the task as it is now and its whole history, whatever
/// `--today`; the day only moves what is judged (days left).
#[test]
fn show_keeps_the_record_and_judges_on_its_day() {
    let l = ledger();
    for (today, left) in [("2026-11-10", "剩余 51 天"), ("2026-11-12", "剩余 49 天")] {
        let out = l
            .run_on(today, &["--lang", "zh", "show", "1.1"])
            .ok()
            .stdout;
        assert!(out.contains(left), "{today}: {out}");
        let out = l
            .run_on(today, &["--lang", "zh", "show", "1.2"])
            .ok()
            .stdout;
        let status = out.lines().find(|r| r.starts_with("状态")).unwrap();
        assert!(status.contains("已完成"), "{today}: {out}");
        assert!(out.contains("未开始 -> 已完成"), "{today}: {out}");
    }
}
