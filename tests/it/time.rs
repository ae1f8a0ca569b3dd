//! Time and order (issue 14, section 4), the rule that done and 100% go together (section 6),
//! and the exact-day boundaries of "overdue" and "due within" (section 7).

use proptest::prelude::*;

use crate::support::{Ledger, run};

/// The JSON of `show ID`.
fn show(l: &Ledger, id: &str) -> serde_json::Value {
    l.run(&["show", id, "--format", "json"]).ok().json()
}

#[test]
fn a_change_dated_before_the_tasks_latest_change_is_refused_naming_it() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on(
        "2026-05-10T09:00:00",
        &["update", "1.1", "--status", "in-progress"],
    )
    .ok();
    let before = l.dump();
    // Every kind of change to the task, dated earlier (a day, or an hour, before).
    let cases: &[(&str, &[&str])] = &[
        ("2026-04-01", &["update", "1.1", "--status", "done"]),
        ("2026-04-01", &["update", "1.1", "--deadline", "2026-12-31"]),
        (
            "2026-05-10T08:00:00",
            &["update", "1.1", "--progress", "20"],
        ),
        ("2026-05-09T23:59:59", &["note", "1.1", "补记的进展"]),
        ("2026-04-01", &["update", "1.1", "--lead", "宣传科"]),
    ];
    for (today, args) in cases {
        let msg = l
            .run_on(today, args)
            .fails(1, &["1.1", "2026-05-10", "may not be dated before"]);
        assert!(msg.contains("--today 2026-05-10 or later"), "{msg}");
        assert_eq!(l.dump(), before, "{args:?} on {today} wrote something");
    }
    // The same instant, and later, are fine; other tasks keep their own latest change.
    l.run_on(
        "2026-05-10T09:00:00",
        &["update", "1.1", "--progress", "30"],
    )
    .ok();
    l.run_on("2026-04-01", &["update", "1.2", "--progress", "10"])
        .ok();
    // The history's old -> new values chain.
    let h = show(&l, "1.1")["history"].as_array().unwrap().clone();
    let statuses: Vec<(&str, &str)> = h
        .iter()
        .filter(|e| e["field"] == "status")
        .map(|e| (e["old"].as_str().unwrap(), e["new"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses, [("not-started", "in-progress")]);
}

/// A time of day nobody typed (the clock's, kept by `--today DATE`) is never refused for a
/// change a moment later that committed first, as when writers queue for the ledger: the
/// change takes that instant. A date someone chose is still held to the rule.
#[test]
fn a_time_of_day_from_the_clock_yields_to_a_later_change_the_same_day() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on("2026-05-10T23:59:58", &["note", "1.1", "晚间报送"])
        .ok();
    l.run_on("2026-05-10", &["note", "1.1", "同日补记"]).ok();
    let history = show(&l, "1.1")["history"].as_array().unwrap().clone();
    let last = history.last().unwrap();
    assert_eq!(last["note"], "同日补记");
    let at = last["at"].as_str().unwrap();
    assert!(at >= "2026-05-10T23:59:58", "{at}");
    assert!(at.starts_with("2026-05-10"), "{at}");
    l.run_on("2026-05-09", &["note", "1.1", "前一天"])
        .fails(1, &["may not be dated before", "#"]);
    l.run_on("2026-05-10T08:00:00", &["note", "1.1", "指定时间"])
        .fails(1, &["may not be dated before"]);
}

/// A typed future time does not lock a task: a change dated by the clock yields only the
/// minute a wait for another writer explains, and is refused beyond it, as a typed time is.
#[test]
fn a_clock_time_does_not_follow_a_typed_future_time() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on("9999-12-31T23:59:59", &["note", "1.1", "未来"])
        .ok();
    let before = l.dump();
    let clock = |args: &[&str]| crate::support::run(l.cmd().env_remove("TRACKER_TODAY").args(args));
    clock(&["note", "1.1", "今天"]).fails(1, &["may not be dated before", "9999-12-31"]);
    assert_eq!(l.dump(), before);
    // Another task is not held back, and keeps the clock's date.
    clock(&["note", "1.2", "今天"]).ok();
    let at = show(&l, "1.2")["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["at"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!at.starts_with("9999"), "{at}");
}

#[test]
fn every_event_records_when_it_was_really_entered() {
    let l = Ledger::seeded("2026-03-02");
    let real = chrono::Utc::now();
    l.run_on("2026-03-05", &["note", "1.1", "补记"]).ok();
    let h = l.run(&["history", "1.1", "--format", "json"]).ok().json();
    let last = h.as_array().unwrap().last().unwrap().clone();
    assert!(last["at"].as_str().unwrap().starts_with("2026-03-05T"));
    let entered = last["entered"].as_str().unwrap();
    assert!(entered.ends_with('Z'), "{entered}");
    let entered = chrono::DateTime::parse_from_rfc3339(entered).unwrap();
    let off = (entered.with_timezone(&chrono::Utc) - real)
        .num_seconds()
        .abs();
    assert!(
        off < 600,
        "entered {entered} is the real clock, not --today"
    );

    // Export carries it (format version 2), and restore -> export gives the same bytes.
    let export = l.run(&["export"]).ok().stdout;
    let v: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(v["version"], 4);
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["entered"].is_string())
    );
    let file = l.dir.path().join("e.json");
    std::fs::write(&file, &export).unwrap();
    let copy = l.dir.path().join("copy.db");
    l.run_in(&copy, &["restore", file.to_str().unwrap()]).ok();
    assert_eq!(l.run_in(&copy, &["export"]).ok().stdout, export);

    // The new columns are checked as strictly as tracker writes them.
    for (from, to, needle) in [
        (
            "\"entered\": \"",
            "\"entered\": \"x",
            "entered is not a UTC time",
        ),
        (
            "\"entered\": \"",
            "\"undoes\": 0, \"entered\": \"",
            "undoes must name an earlier change",
        ),
        (
            "\"entered\": \"",
            "\"position\": 3, \"entered\": \"",
            "position is a supporting unit's place",
        ),
    ] {
        std::fs::write(&file, export.replacen(from, to, 1)).unwrap();
        let bad = l.dir.path().join(format!("bad-{}.db", needle.len()));
        l.run_in(&bad, &["restore", file.to_str().unwrap()])
            .fails(1, &[needle]);
    }

    // An export written before version 2 (no `entered`) still restores; its times are unknown.
    // (Edited as text: the parts' order is part of the format.)
    let mut old: Vec<String> = Vec::new();
    for line in export.lines() {
        if line.trim_start().starts_with("\"entered\"") {
            let prev = old.pop().unwrap();
            old.push(prev.trim_end_matches(',').to_string());
        } else {
            old.push(line.replace("\"version\": 4", "\"version\": 1"));
        }
    }
    std::fs::write(&file, old.join("\n")).unwrap();
    let older = l.dir.path().join("older.db");
    l.run_in(&older, &["restore", file.to_str().unwrap()]).ok();
    let h = l
        .run_in(&older, &["history", "1.1", "--format", "json"])
        .ok()
        .json();
    assert!(h.as_array().unwrap().iter().all(|e| e["entered"].is_null()));
}

#[test]
fn history_orders_by_instant_across_time_zones() {
    let l = Ledger::seeded("2026-03-02");
    let in_zone = |tz: &str, today: &str, args: &[&str]| {
        run(l.cmd().env("TZ", tz).env("TRACKER_TODAY", today).args(args))
    };
    // 10:00 in Beijing is 02:00 UTC; 05:00 in London is 05:00 UTC: the Beijing change came
    // first although its text sorts last.
    in_zone(
        "Asia/Shanghai",
        "2026-03-10T10:00:00",
        &["note", "1.1", "北京"],
    )
    .ok();
    in_zone("UTC", "2026-03-10T05:00:00", &["note", "1.2", "伦敦"]).ok();
    in_zone(
        "Asia/Shanghai",
        "2026-03-10T09:00:00",
        &["note", "1.3", "北京早"],
    )
    .ok();
    let h = l
        .run(&["history", "--since", "2026-03-10", "--format", "json"])
        .ok()
        .json();
    let notes: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["note"].as_str())
        .collect();
    assert_eq!(notes, ["北京早", "北京", "伦敦"]);
    // The local offset is kept for display.
    assert!(h[0]["at"].as_str().unwrap().ends_with("+08:00"));
    // The order rule compares instants too: 03:00 UTC is after 10:00 Beijing, 01:00 UTC before.
    in_zone("UTC", "2026-03-10T03:00:00", &["note", "1.1", "later"]).ok();
    in_zone("UTC", "2026-03-10T01:00:00", &["note", "1.1", "earlier"])
        .fails(1, &["may not be dated before"]);
}

#[test]
fn a_past_weeks_report_counts_changes_entered_after_it_ended() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on("2026-03-04", &["update", "1.1", "--progress", "10"])
        .ok();
    let late = |l: &Ledger| {
        l.run_on(
            "2026-03-20",
            &["report", "--week", "2026-W10", "--format", "json"],
        )
        .ok()
        .json()["entered_later"]
            .as_u64()
            .unwrap()
    };
    // Every change here was really entered today (long after 2026-W10), dated in it.
    let n = late(&l);
    assert!(n >= 2, "{n}");
    // One more back-dated change into that week is one more entered late.
    l.run_on("2026-03-06", &["update", "1.2", "--status", "blocked"])
        .ok();
    assert_eq!(late(&l), n + 1);
    // A change of three fields (three events) is one change entered late, not three.
    l.run_on(
        "2026-03-06",
        &[
            "update",
            "1.4",
            "--status",
            "blocked",
            "--progress",
            "40",
            "--deadline",
            "2026-12-01",
        ],
    )
    .ok();
    assert_eq!(late(&l), n + 2);
    // A change dated after the week does not count.
    l.run_on("2026-03-12", &["update", "1.3", "--progress", "5"])
        .ok();
    assert_eq!(late(&l), n + 2);
    // The table says it; a week still running has no such count.
    let table = l
        .run_on("2026-03-20", &["report", "--week", "2026-W10"])
        .ok()
        .stdout;
    assert!(
        table.contains(&format!(
            "Changes entered after the period ended: {}",
            n + 2
        )),
        "{table}"
    );
    let zh = l
        .run_on(
            "2026-03-20",
            &["--lang", "zh", "report", "--week", "2026-W10"],
        )
        .ok()
        .stdout;
    assert!(zh.contains("本期结束后补录的变更："), "{zh}");
    let running = l
        .run_on(
            "2026-03-11",
            &["report", "--week", "2026-W11", "--format", "json"],
        )
        .ok()
        .json();
    assert!(running["entered_later"].is_null());
}

#[test]
fn dates_and_spans_are_bounded_where_they_are_parsed() {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    let cases: &[(&[&str], i32, &[&str])] = &[
        (
            &["update", "1.1", "--deadline", "+99999m"],
            2,
            &["longer than 100 years"],
        ),
        (
            &["update", "1.1", "--deadline", "+36501d"],
            2,
            &["longer than 100 years"],
        ),
        (
            &["update", "1.1", "--deadline", "+5201w"],
            2,
            &["longer than 100 years"],
        ),
        (
            &["update", "1.1", "--deadline", "10000-01-01"],
            2,
            &["'10000-01-01'"],
        ),
        (
            &["update", "1.1", "--deadline", "0999-12-31"],
            2,
            &["1000 to 9999"],
        ),
        (
            &["update", "1.1", "--deadline", "+abc"],
            2,
            &["'+abc'", "YYYY-MM-DD"],
        ),
        (
            &["list", "--due-within", "99999m"],
            2,
            &["longer than 100 years"],
        ),
        (&["list", "--due-within", "4294967296"], 2, &["100 years"]),
        (&["report", "--trend-weeks", "13783726"], 2, &["0 to 1040"]),
        (&["report", "--trend-weeks", "-1"], 2, &["'-1'"]),
        (&["--today", "10000-01-01", "list"], 2, &["--today"]),
        (
            &["--today", "0000-01-01", "list"],
            2,
            &["--today", "1000 to 9999"],
        ),
        (
            &["report", "--from", "0001-01-01", "--to", "2026-03-08"],
            2,
            &["1000 to 9999"],
        ),
    ];
    for (args, code, needles) in cases {
        l.run(args).fails(*code, needles);
        assert_eq!(l.dump(), before, "{args:?} wrote something");
    }
    // A plan started so late that its deadlines would pass the last date.
    let late = l.dir.path().join("late.db");
    l.run_in(&late, &["init", "--start", "9999-12-01"])
        .fails(1, &["9999-12-31", "earlier --start"]);
    // At the edges: the longest span works, the last date holds, far dates run.
    l.run(&["update", "1.1", "--deadline", "+1200m"]).ok();
    assert_eq!(show(&l, "1.1")["deadline"], "2126-03-02");
    l.run_on("9999-12-25", &["update", "1.2", "--deadline", "9999-12-31"])
        .ok();
    l.run_on("9999-12-25", &["update", "1.2", "--deadline", "+1w"])
        .fails(2, &["9999-12-31"]);
    let far = l
        .run_on(
            "9999-12-25",
            &["list", "--due-within", "1200m", "--format", "json"],
        )
        .ok()
        .json();
    assert!(far.as_array().unwrap().iter().any(|t| t["id"] == "1.2"));
    // 99999m used to find 0 tasks (a five-digit year compared as text): the bound keeps every
    // date four digits, so the longest span finds every deadline.
    let all = l
        .run(&["list", "--due-within", "1200m", "--format", "json"])
        .ok()
        .json();
    let open = l.run(&["list", "--format", "json"]).ok().json();
    let expected = open
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["deadline"].as_str().is_some_and(|d| d <= "2126-03-02"))
        .count();
    assert!(expected >= 15);
    assert_eq!(all.as_array().unwrap().len(), expected);
    l.run_on("9999-12-31", &["report", "--trend-weeks", "0"])
        .ok();
    l.run_on("9999-12-31", &["report", "--trend-weeks", "1040"])
        .ok();
}

#[test]
fn a_local_time_that_does_not_exist_is_named_as_such() {
    let l = Ledger::seeded("2026-03-02");
    let berlin = |today: &str| {
        run(l
            .cmd()
            .env("TZ", "Europe/Berlin")
            .env("TRACKER_TODAY", today)
            .arg("list"))
    };
    // Clocks jump from 02:00 to 03:00 on 2026-03-29 in Berlin.
    let msg = berlin("2026-03-29T02:30:00").fails(2, &["2026-03-29 02:30", "does not exist"]);
    assert!(!msg.contains("expected YYYY"), "the format is fine: {msg}");
    berlin("2026-03-29T03:30:00").ok();
    // 02:30 happens twice on 2026-10-25: accepted, as its first instant (summer time, +02:00).
    berlin("2026-10-25T02:30:00").ok();
    run(l
        .cmd()
        .env("TZ", "Europe/Berlin")
        .env("TRACKER_TODAY", "2026-10-25T02:30:00")
        .args(["note", "1.4", "两次的钟点"]))
    .ok();
    let history = show(&l, "1.4")["history"].as_array().unwrap().clone();
    assert_eq!(
        history.last().unwrap()["at"],
        "2026-10-25T02:30:00+02:00",
        "{history:?}"
    );
    // A malformed time is still a format error.
    berlin("2026-03-29T25:30:00").fails(2, &["expected YYYY-MM-DD"]);
}

#[test]
fn done_and_100_percent_go_together() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--status", "done"]).ok();
    let before = l.dump();
    // (args, needles): each refused, ledger untouched.
    let refused: &[(&[&str], &[&str])] = &[
        (
            &["update", "1.4", "--progress", "80"],
            &[
                "1.4 is done",
                "to reopen it",
                "--status in-progress --progress 80",
            ],
        ),
        (
            &["update", "1.4", "--status", "in-progress"],
            &["1.4 is done", "to reopen it"],
        ),
        (&["update", "1.4", "--status", "blocked"], &["to reopen it"]),
        (
            &[
                "update",
                "1.4",
                "--status",
                "in-progress",
                "--progress",
                "100",
            ],
            &["progress 100 means done"],
        ),
        (
            &["update", "1.4", "--status", "done", "--progress", "50"],
            &["status done means progress 100"],
        ),
        (
            &["update", "1.3", "--status", "blocked", "--progress", "100"],
            &["progress 100 means done"],
        ),
    ];
    for (args, needles) in refused {
        l.run(args).fails(1, needles);
        assert_eq!(l.dump(), before, "{args:?} wrote something");
    }
    // Reopening with a status and a progress works.
    l.run(&[
        "update",
        "1.4",
        "--status",
        "in-progress",
        "--progress",
        "80",
    ])
    .ok();
    let v = show(&l, "1.4");
    assert_eq!(
        (v["status"].as_str(), v["progress"].as_u64()),
        (Some("in-progress"), Some(80))
    );
    // 100% makes an open task done.
    l.run(&["update", "1.4", "--progress", "100"]).ok();
    let v = show(&l, "1.4");
    assert_eq!(
        (v["status"].as_str(), v["progress"].as_u64()),
        (Some("done"), Some(100))
    );
    // No task anywhere is done without 100% or at 100% without being done (cancelled keeps
    // its progress).
    for id in ["1.1", "1.2", "1.3"] {
        l.run(&["update", id, "--progress", "100"]).ok();
        l.run(&["update", id, "--status", "cancelled"]).ok();
    }
    let all = l.run(&["list", "--all", "--format", "json"]).ok().json();
    for t in all.as_array().unwrap() {
        if t["status"] != "cancelled" {
            assert_eq!(t["status"] == "done", t["progress"] == 100, "{t}");
        }
    }
}

#[test]
fn exact_day_boundaries() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.1", "--deadline", "2026-03-20"]).ok();
    l.run(&["update", "1.2", "--deadline", "2026-03-19"]).ok();
    l.run(&["update", "1.3", "--deadline", "2026-03-23"]).ok();
    l.run(&["update", "1.4", "--deadline", "2026-03-24"]).ok();
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    // The dashboard on 2026-03-20: 1.1 is due today, not overdue; 1.2 is.
    let d = l.run_on("2026-03-20", &["--format", "json"]).ok().json();
    assert_eq!(ids(&d["overdue"]), ["1.2"]);
    // The report as of Friday 2026-03-20 (W12 is running): the as-of day is not overdue.
    let r = l
        .run_on("2026-03-20", &["report", "--format", "json"])
        .ok()
        .json();
    let overdue: Vec<&str> = r["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(overdue, ["1.2"]);
    // --due-within 3d on 2026-03-20 reaches 2026-03-23 and not 2026-03-24.
    let soon = l
        .run_on(
            "2026-03-20",
            &["list", "--due-within", "3d", "--format", "json"],
        )
        .ok()
        .json();
    let soon = ids(&soon);
    assert!(soon.contains(&"1.3".to_string()), "{soon:?}");
    assert!(!soon.contains(&"1.4".to_string()), "{soon:?}");
    assert!(
        soon.contains(&"1.1".to_string()),
        "due today is within: {soon:?}"
    );
}

/// Values that break numbers: signs, zero, the edges of every integer type, and far past them.
fn extreme() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("-0".to_string()),
        Just("-1".to_string()),
        Just(u8::MAX.to_string()),
        Just(u16::MAX.to_string()),
        Just(u32::MAX.to_string()),
        Just((u64::from(u32::MAX) + 1).to_string()),
        Just(i64::MAX.to_string()),
        Just(i64::MIN.to_string()),
        Just(u64::MAX.to_string()),
        Just("99999999999999999999999999".to_string()),
        any::<u32>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        (0u32..100_000).prop_map(|n| n.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Every numeric option, and every date or span option fed numbers, with extreme values:
    /// refused in one line (exit 1, or 2 for a value that does not parse) or done; never a
    /// panic, never a raw SQLite message.
    #[test]
    fn numeric_options_with_extreme_values_never_panic(v in extreme(), unit in "[dwm]?") {
        let l = Ledger::seeded("2026-03-02");
        let span = format!("{v}{unit}");
        let plus = format!("+{span}");
        let week = format!("{v}-W{v}");
        let file = l.dir.path().join("r.txt");
        std::fs::write(&file, "一、加强组织建设\n（一）建立联系点。\n").unwrap();
        let file = file.to_str().unwrap();
        let runs: Vec<Vec<&str>> = vec![
            vec!["update", "1.1", "--progress", &v],
            vec!["update", "1.1", "--deadline", &plus],
            vec!["list", "--due-within", &span],
            vec!["list", "--rec", &v],
            vec!["report", "--trend-weeks", &v],
            vec!["report", "--limit", &v],
            vec!["report", "--rec", &v],
            vec!["report", "--week", &week],
            vec!["add", "--rec", &v, "--title", "t", "--lead", "组织科", "--deadline", &plus],
            vec!["import", file, "--dry-run", "--as", &v, "--within", &span],
            vec!["show", &v],
            vec!["--today", &plus, "list"],
            vec!["history", "--since", &plus],
            vec!["report", "--from", &plus, "--to", &plus],
            vec!["report", "--series", "weekly", "--to", &plus],
        ];
        for args in &runs {
            let out = l.run(args);
            prop_assert!(
                [0, 1, 2].contains(&out.code),
                "{args:?}: exit {}: {}", out.code, out.stderr
            );
            prop_assert!(!out.stderr.contains("panicked"), "{args:?}: {}", out.stderr);
            prop_assert!(!out.stderr.contains("constraint"), "{args:?}: {}", out.stderr);
            if out.code != 0 {
                let msg = out.stderr.trim_end();
                prop_assert!(
                    msg.starts_with("error: ") && !msg.contains('\n'),
                    "{args:?}: {}", out.stderr
                );
            }
        }
        let env = run(l.cmd().env("TRACKER_DUE_SOON_DAYS", &v).arg("list"));
        prop_assert!([0, 1].contains(&env.code), "{}", env.stderr);
        prop_assert!(!env.stderr.contains("panicked"));
    }
}
