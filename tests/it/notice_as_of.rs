//! A notice is judged on the ledger as it stands (issue 17, tester i, finding 2): dated before
//! the ledger's latest change, dry run too, it is refused in one line naming that change's day
//! and the `--today` to use, nothing written or recorded; from that day on it lists the tasks
//! as they are.

use crate::support::Ledger;

/// Two tasks of 甲科 added on 11-02; 1.2 done on 11-12 at 10:00.
fn ledger() -> Ledger {
    let l = Ledger::new("2026-11-02");
    l.run(&["init", "--empty"]).ok();
    for (title, extra) in [("任务甲", vec!["--headline", "测试"]), ("任务乙", vec![])] {
        let mut args = vec!["add", "--rec", "1", "--title", title, "--lead", "甲科"];
        args.extend(extra);
        args.extend(["--deadline", "2026-12-31"]);
        l.run(&args).ok();
    }
    l.run(&[
        "update",
        "1.2",
        "--status",
        "done",
        "--today",
        "2026-11-12T10:00:00",
    ])
    .ok();
    l
}

fn notice(l: &Ledger, lang: &str, today: &str, extra: &[&str]) -> crate::support::Output {
    let out = l.dir.path().join("n");
    let mut args = vec![
        "--lang",
        lang,
        "notice",
        "--reply-by",
        "2026-12-20",
        "--out",
        out.to_str().unwrap(),
        "--today",
        today,
    ];
    args.extend(extra);
    l.run(&args)
}

#[test]
fn a_notice_dated_before_the_latest_change_is_refused_dry_run_too() {
    let l = ledger();
    let before = l.dump();
    // (language, --today, arguments, what the line names)
    let cases: [(&str, &str, &[&str], &[&str]); 7] = [
        // 1.2 was open on 11-10: a notice would list it as done.
        (
            "en",
            "2026-11-10",
            &["--owner", "甲科"],
            &[
                "dated 2026-11-10",
                "2026-11-12T10:00:00",
                "--today 2026-11-12 or later",
            ],
        ),
        (
            "en",
            "2026-11-10",
            &["--owner", "甲科", "--dry-run"],
            &["--today 2026-11-12 or later"],
        ),
        (
            "en",
            "2026-11-10",
            &["--all"],
            &["--today 2026-11-12 or later"],
        ),
        // Before the ledger had any task: the same line, not a task's date.
        (
            "en",
            "2026-10-01",
            &["--all", "--dry-run"],
            &["dated 2026-10-01", "--today 2026-11-12"],
        ),
        // A typed time before the change on its own day.
        (
            "en",
            "2026-11-12T09:00:00",
            &["--all"],
            &["--today 2026-11-12 or later"],
        ),
        (
            "zh",
            "2026-11-10",
            &["--owner", "甲科"],
            &[
                "2026-11-10",
                "台账最近一次变更",
                "请用 --today 2026-11-12 或更晚的日期",
            ],
        ),
        (
            "zh",
            "2026-11-11",
            &["--all", "--dry-run"],
            &["请用 --today 2026-11-12"],
        ),
    ];
    for (lang, today, extra, needles) in cases {
        let msg = notice(&l, lang, today, extra).fails(1, needles);
        assert!(
            !msg.contains("1.1") && !msg.contains("1.2"),
            "no task's date: {msg}"
        );
        assert_eq!(
            l.dump(),
            before,
            "{lang} {today} {extra:?}: ledger untouched"
        );
        assert!(
            !l.dir.path().join("n").exists(),
            "{lang} {today}: nothing written"
        );
    }
}

#[test]
fn from_the_latest_changes_day_a_notice_lists_the_tasks_as_they_are() {
    let l = ledger();
    // (--today, arguments): the day itself (followed to the change's time), the instant, later.
    let cases: [(&str, &[&str]); 3] = [
        ("2026-11-12", &["--dry-run"]),
        ("2026-11-12T10:00:00", &["--dry-run"]),
        ("2026-11-13", &[]),
    ];
    for (today, extra) in cases {
        let out = notice(&l, "zh", today, extra).ok();
        assert!(out.stdout.contains("牵头 1 项"), "{today}: {}", out.stdout);
    }
    let history = l.run(&["history", "1.1"]).ok().stdout;
    assert!(history.contains("督办〔2026〕1号"), "{history}");
}

#[test]
fn a_ledger_with_no_change_says_there_is_no_open_task() {
    let l = Ledger::new("2026-11-02");
    l.run(&["init", "--empty"]).ok();
    notice(&l, "en", "2026-10-01", &["--all"]).fails(1, &["no open task"]);
}
