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
        // days back. Judged as of the 12th (issue 17, finding 5): 1.1's note of the 20th is
        // not made yet, 2.1 (done the 16th) is still open, and 3.6 does not exist yet.
        ("2026-11-12", "1w", &["1.2", "1.3"]),
        // 9 Nov, 7d: the 2nd is 7 days back, so every seeded task was created within it.
        ("2026-11-09", "7d", &SEEDED),
        // A month back from the 29th reaches the 29th of October: everything counts.
        ("2026-11-29", "1m", &SEEDED),
    ];
    for (today, span, fresh) in cases {
        let got = stale_ids(&l, today, &[span]);
        let mut want = seeded_except(fresh);
        // 2.1 is done from the 16th on: not stale after it. 3.6, created on the 23rd, is
        // never expected, being newer than every span's start.
        if today > &"2026-11-15" {
            want.retain(|id| id != "2.1");
        }
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
    // 1d: nothing reported today, so every open task; with --all still only open ones.
    let all_open = stale_ids(&l, "2026-11-29", &["1d", "--all"]);
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

// ---- Issue 17 §1 (report: 未按时反馈) and §2 (序时进度) ----

/// The report's JSON on `today`, with `extra` arguments.
fn report_json(l: &Ledger, today: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    l.run_on(today, &args).ok().json()
}

fn ids_of(list: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|t| t["id"].as_str().expect("id").to_string())
        .collect();
    ids.sort_by_key(|id| {
        let (r, i) = id.split_once('.').unwrap();
        (r.parse::<u32>().unwrap(), i.parse::<u32>().unwrap())
    });
    ids
}

#[test]
fn unreported_is_what_list_stale_says_for_report_every_days() {
    let l = month();
    // The running week, and a past week replayed from the 29th: the same tasks as `list
    // --stale 7d` said on its last day.
    // Both judge the tasks as they were on that day: in W46 (to the 15th) 2.1 was still open
    // (done the 16th) and 1.1's note of the 20th not yet made, for both.
    for (today, week, as_of, also) in [
        ("2026-11-29", None, "2026-11-29", &[][..]),
        ("2026-11-29", Some("2026-W47"), "2026-11-22", &[]),
        ("2026-11-29", Some("2026-W46"), "2026-11-15", &[]),
    ] {
        let mut extra = vec![];
        if let Some(w) = week {
            extra = vec!["--week", w];
        }
        let r = report_json(&l, today, &extra);
        assert_eq!(r["report_every"], 7);
        let got = ids_of(&r["unreported"]);
        let mut want = stale_ids(&l, as_of, &["7d"]);
        want.extend(also.iter().map(|s: &&str| s.to_string()));
        want.sort_by_key(|id| {
            let (r, i) = id.split_once('.').unwrap();
            (r.parse::<u32>().unwrap(), i.parse::<u32>().unwrap())
        });
        assert_eq!(got, want, "report {week:?} on {today}");
        assert_eq!(
            r["total"]["unreported"].as_u64().unwrap() as usize,
            got.len(),
            "the summary counts the list"
        );
        // Each row says the same as the list.
        for row in r["rows"].as_array().unwrap() {
            let listed = got.contains(&row["id"].as_str().unwrap().to_string());
            assert_eq!(row["unreported_days"].is_number(), listed, "{row}");
        }
    }
    // Days since the last report, from the report's end: 1.3 blocked on the 10th.
    let r = report_json(&l, "2026-11-29", &[]);
    let days = |r: &serde_json::Value, id: &str| {
        r["unreported"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .map(|t| t["days"].as_i64().unwrap())
    };
    assert_eq!(days(&r, "1.3"), Some(19));
    assert_eq!(days(&r, "1.1"), Some(9), "noted on the 20th");
    assert_eq!(
        days(&r, "1.4"),
        Some(27),
        "its note was undone: created on the 2nd"
    );
    assert_eq!(days(&r, "2.1"), None, "done");
    // The 27th: 1.1's note of the 20th is 7 days back, still in time.
    assert_eq!(days(&report_json(&l, "2026-11-27", &[]), "1.1"), None);
}

/// An empty ledger with one task per (title, deadline), all created on the 1st of November:
/// 1.1, 1.2, … in order.
fn paced(tasks: &[&str]) -> Ledger {
    let l = Ledger::new("2026-11-01");
    l.run(&["init", "--empty"]).ok();
    for (k, deadline) in tasks.iter().enumerate() {
        let title = format!("序时测试任务{}", k + 1);
        let mut args = vec!["add", "--rec", "1", "--title", &title, "--lead", "组织科"];
        if !deadline.is_empty() {
            args.extend(["--deadline", deadline]);
        }
        if k == 0 {
            args.extend(["--headline", "序时测试"]);
        }
        l.run(&args).ok();
    }
    l
}

fn row<'a>(r: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn pace_lights_and_standing_at_their_boundaries() {
    // Created the 1st, due 1 December: on the 16th, 15 of 30 days have passed, so 50% is
    // expected. (progress, status, expected light, standing, gap)
    let cases: &[(u8, &str, &str, &str, f64)] = &[
        (50, "", "green", "on", 0.0),
        (40, "", "green", "on", -10.0),     // 10 behind: still on pace
        (39, "", "amber", "behind", -11.0), // more than 10
        (20, "", "amber", "behind", -30.0), // 30 behind: amber, not yet red
        (19, "", "red", "behind", -31.0),
        (60, "", "green", "on", 10.0),
        (61, "", "green", "ahead", 11.0),
        (90, "blocked", "red", "ahead", 40.0), // blocked: red whatever its progress
        (0, "", "red", "behind", -50.0),
    ];
    let deadlines = vec!["2026-12-01"; cases.len()];
    let l = paced(&deadlines);
    for (k, (progress, status, ..)) in cases.iter().enumerate() {
        let id = format!("1.{}", k + 1);
        let p = progress.to_string();
        let mut args = vec!["update", &id];
        if *progress > 0 {
            args.extend(["--progress", &p]);
        }
        if !status.is_empty() {
            args.extend(["--status", status]);
        }
        if args.len() > 2 {
            l.run_on("2026-11-16", &args).ok();
        }
    }
    let r = report_json(&l, "2026-11-16", &[]);
    let (mut ahead, mut on, mut behind, mut amber, mut red) = (0, 0, 0, 0, 0);
    for (k, (progress, status, light, standing, gap)) in cases.iter().enumerate() {
        let id = format!("1.{}", k + 1);
        let pace = &row(&r, &id)["pace"];
        let what = format!("{id} at {progress}%: {pace}");
        assert_eq!(pace["expected"], 50.0, "{what}");
        assert_eq!(pace["light"], *light, "{what}");
        assert_eq!(pace["standing"], *standing, "{what}");
        assert_eq!(pace["gap"].as_f64().unwrap(), *gap, "{what}");
        // A blocked task is red whatever its gap, and counted as the light it shows: in
        // 欠进度 and 红灯 (issue 17g, finding 4), its row's standing still by its gap.
        let standing = if *status == "blocked" {
            "behind"
        } else {
            standing
        };
        match standing {
            "ahead" => ahead += 1,
            "on" => on += 1,
            _ => behind += 1,
        }
        match (*light, standing) {
            ("amber", "behind") => amber += 1,
            ("red", "behind") => red += 1,
            _ => {}
        }
    }
    let t = &r["total"];
    assert_eq!(
        [
            &t["ahead"],
            &t["on_pace"],
            &t["behind"],
            &t["pace_amber"],
            &t["pace_red"]
        ],
        [ahead, on, behind, amber, red],
        "{t}"
    );
    // The same numbers in the markdown's 序时进度 table (its total row) and the csv's 序时.
    let md = l
        .run_on(
            "2026-11-16",
            &["--lang", "zh", "report", "--format", "markdown"],
        )
        .ok()
        .stdout;
    let total = md
        .split("## 序时进度与反馈")
        .nth(1)
        .and_then(|s| s.lines().find(|l| l.starts_with("| 合计")))
        .unwrap_or_else(|| panic!("no total row:\n{md}"));
    let cells: Vec<&str> = total.split('|').map(str::trim).collect();
    for (k, key) in [
        "ahead",
        "on_pace",
        "behind",
        "pace_amber",
        "pace_red",
        "done_late",
        "unreported",
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(cells[k + 2], t[key].to_string(), "{key} in {total}");
    }
    let csv = l
        .run_on("2026-11-16", &["--lang", "zh", "report", "--format", "csv"])
        .ok()
        .stdout;
    assert!(csv.contains(",黄 -11.0,"), "{csv}");
    assert!(csv.contains(",红 +40.0,"), "{csv}");
}

#[test]
fn pace_is_replayed_for_a_past_week_and_needs_a_deadline() {
    // 1.1 due 1 December; 1.2 without a deadline; 1.3 without one but blocked.
    let l = paced(&["2026-12-01", "", ""]);
    l.run_on("2026-11-16", &["update", "1.1", "--progress", "50"])
        .ok();
    l.run_on("2026-11-16", &["update", "1.3", "--status", "blocked"])
        .ok();
    // Now (the 16th): on pace. W46, to the 15th: 0% of an expected 14/30 = 46.7%, red.
    let now = report_json(&l, "2026-11-16", &[]);
    assert_eq!(row(&now, "1.1")["pace"]["standing"], "on");
    let past = report_json(&l, "2026-11-20", &["--week", "2026-W46"]);
    let p = &row(&past, "1.1")["pace"];
    assert_eq!(
        (p["expected"].as_f64(), p["light"].as_str()),
        (Some(46.7), Some("red"))
    );
    assert!(row(&now, "1.2")["pace"].is_null(), "no deadline, no pace");
    assert!(
        row(&past, "1.3")["pace"].is_null(),
        "not yet blocked in W46"
    );
    let blocked = &row(&now, "1.3")["pace"];
    assert_eq!(
        (blocked["light"].as_str(), blocked["expected"].is_null()),
        (Some("red"), true)
    );
}

#[test]
fn a_task_done_after_its_deadline_is_done_late_and_counted() {
    // 1.1 due the 10th, done the 12th; 1.2 due the 20th, done the 12th; 1.3 due the 10th, open.
    let l = paced(&["2026-11-10", "2026-11-20", "2026-11-10"]);
    for id in ["1.1", "1.2"] {
        l.run_on("2026-11-12", &["update", id, "--status", "done"])
            .ok();
    }
    let r = report_json(&l, "2026-11-13", &[]);
    assert_eq!(row(&r, "1.1")["done_late"], true);
    assert_eq!(row(&r, "1.2")["done_late"], false);
    assert_eq!(
        row(&r, "1.3")["done_late"],
        false,
        "open: overdue, not done late"
    );
    assert_eq!(r["total"]["done_late"], 1);
    // Before it was done (W45, to the 8th), nothing was done late.
    let before = report_json(&l, "2026-11-13", &["--week", "2026-W45"]);
    assert_eq!(before["total"]["done_late"], 0);
    let table = l
        .run_on("2026-11-13", &["--lang", "zh", "report"])
        .ok()
        .stdout;
    assert!(table.contains("逾期完成"), "{table}");
}

#[test]
fn report_every_and_pace_limits_come_from_the_config() {
    let l = month();
    let cfg = l.dir.path().join("tracker.toml");
    std::fs::write(&cfg, "report_every = 14\npace_amber = 5\npace_red = 5\n").unwrap();
    let r = run(l
        .cmd()
        .env("TRACKER_CONFIG", &cfg)
        .env("TRACKER_TODAY", "2026-11-29")
        .args(["report", "--format", "json"]))
    .ok()
    .json();
    assert_eq!(r["report_every"], 14);
    assert_eq!(
        ids_of(&r["unreported"]),
        stale_ids(&l, "2026-11-29", &["14d"])
    );
    // Amber and red at 5 points: no amber left, every task behind is red.
    assert_eq!(r["total"]["pace_amber"], 0);
    let before = l.dump();
    for (text, key) in [
        ("report_every = 0\n", "report_every"),
        ("report_every = 366\n", "report_every"),
        ("pace_amber = 101\n", "pace_amber"),
        ("pace_red = -1\n", "pace_red"),
        ("pace_amber = 20\npace_red = 15\n", "pace_red"),
        ("pace_red = 5\n", "pace_red"),
        ("report_every = \"7d\"\n", "report_every"),
    ] {
        std::fs::write(&cfg, text).unwrap();
        run(l.cmd().env("TRACKER_CONFIG", &cfg).args(["report"])).fails(1, &["tracker.toml", key]);
    }
    assert_eq!(before, l.dump(), "refusals write nothing");
}

#[test]
fn the_unreported_section_groups_tasks_by_lead_in_every_document() {
    let l = month();
    let zh = |format: &str| {
        l.run_on(
            "2026-11-29",
            &["--lang", "zh", "report", "--format", format],
        )
        .ok()
        .stdout
    };
    let md = zh("markdown");
    let section = md
        .split("## 七、未按时反馈")
        .nth(1)
        .and_then(|s| s.split("## 八、").next())
        .unwrap_or_else(|| panic!("no section:\n{md}"));
    // 组织科 leads 1.1–1.5 and 3.6: named once, on its first row.
    let rows: Vec<&str> = section.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(
        rows.iter().filter(|r| r.contains("组织科")).count(),
        1,
        "{section}"
    );
    let r = report_json(&l, "2026-11-29", &[]);
    // Less the header and its rule.
    assert_eq!(
        rows.len() - 2,
        r["unreported"].as_array().unwrap().len(),
        "{section}"
    );
    let html = zh("html");
    assert!(html.contains("七、未按时反馈") && html.contains("序时进度与反馈"));
    let table = zh("table");
    assert!(table.contains("七、未按时反馈（7 天内无反馈）"), "{table}");
    // A week in which no task owed a report yet (created the day before): the section says
    // so, not that every unit reported in time.
    let fresh = Ledger::seeded("2026-11-02");
    let out = fresh
        .run_on("2026-11-03", &["--lang", "zh", "report"])
        .ok()
        .stdout;
    assert!(
        out.contains("七、未按时反馈（7 天内无反馈）\n（本期尚无到期应反馈事项）"),
        "{out}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]
    /// Of two tasks with the same dates, the one with less progress never has a better pace
    /// light, nor a better standing.
    #[test]
    fn less_progress_never_has_a_better_light(
        span in 1u32..60,
        day in 0u32..70,
        a in 0u8..100,
        b in 0u8..100,
    ) {
        let deadline = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
            + chrono::Days::new(u64::from(span));
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
            + chrono::Days::new(u64::from(day));
        let (today, deadline) = (today.to_string(), deadline.to_string());
        let l = paced(&[&deadline, &deadline]);
        for (id, p) in [("1.1", a), ("1.2", b)] {
            if p > 0 {
                l.run_on("2026-11-01", &["update", id, "--progress", &p.to_string()]).ok();
            }
        }
        let r = report_json(&l, &today, &[]);
        let rank = |id: &str| {
            let p = &row(&r, id)["pace"];
            let light = ["green", "amber", "red"].iter().position(|l| p["light"] == *l);
            let standing = ["ahead", "on", "behind"].iter().position(|s| p["standing"] == *s);
            (light.expect("a light"), standing.expect("a standing"))
        };
        let (lo, hi) = if a <= b { ("1.1", "1.2") } else { ("1.2", "1.1") };
        let (l_lo, s_lo) = rank(lo);
        let (l_hi, s_hi) = rank(hi);
        prop_assert!(l_lo >= l_hi && s_lo >= s_hi, "{a}% vs {b}% on {today}, due {deadline}: {r}");
    }
}

fn unit_share(l: &Ledger, today: &str, unit: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["units", "--format", "json"];
    args.extend_from_slice(extra);
    let all = l.run_on(today, &args).ok().json();
    all.as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == unit)
        .unwrap_or_else(|| panic!("no unit {unit}: {all}"))
        .clone()
}

#[test]
fn units_show_each_units_share_reported_on_time_and_overdue() {
    let l = month();
    // 组织科 leads 1.1–1.5, and 3.6 from the 23rd. Week ends the 8th, 15th, 22nd, 29th, each
    // judging the 7 days before it. A task within 7 days of its creation is not yet due a
    // report: on the 8th none of the five (created the 2nd), on the 29th not 3.6 (created the
    // 23rd). On the 15th only 1.3 reported (blocked the 10th); on the 22nd only 1.1 (note of
    // the 20th). 2 of 15.
    let u = unit_share(&l, "2026-11-29", "组织科", &[]);
    assert_eq!(
        (
            &u["weeks"],
            &u["checks"],
            &u["reported_on_time"],
            &u["overdue_share"]
        ),
        (&4.into(), &15.into(), &13.3.into(), &0.0.into()),
        "{u}"
    );
    let one = unit_share(&l, "2026-11-29", "组织科", &["--weeks", "1"]);
    assert_eq!(
        (&one["checks"], &one["reported_on_time"]),
        (&5.into(), &0.0.into())
    );
    // A unit that only supports has no checks.
    let none = unit_share(&l, "2026-11-29", "人事局", &[]);
    assert!(
        none["reported_on_time"].is_null() && none["checks"] == 0,
        "{none}"
    );
    // The config's unit_weeks, and the flag over it.
    let cfg = l.dir.path().join("tracker.toml");
    std::fs::write(&cfg, "unit_weeks = 1\n").unwrap();
    let out = run(l
        .cmd()
        .env("TRACKER_CONFIG", &cfg)
        .env("TRACKER_TODAY", "2026-11-29")
        .args(["--lang", "zh", "units"]))
    .ok()
    .stdout;
    let line = out.lines().find(|t| t.starts_with("组织科")).unwrap();
    assert!(out.contains("近 1 周") && line.contains("0.0%"), "{out}");
    // Bad values: usage error for the flag, a config error naming the key.
    for bad in ["0", "521", "x"] {
        assert_eq!(l.run(&["units", "--weeks", bad]).code, 2, "--weeks {bad}");
    }
    std::fs::write(&cfg, "unit_weeks = 0\n").unwrap();
    run(l.cmd().env("TRACKER_CONFIG", &cfg).args(["units"])).fails(1, &["unit_weeks"]);
}

#[test]
fn units_count_a_task_overdue_at_the_week_ends_it_was() {
    // Due the 17th, open: not overdue at the week end of the 15th, overdue at the 22nd's.
    // Asked on Monday the 23rd: the week ends are the Sundays, as the report's.
    let l = paced(&["2026-11-17"]);
    let u = unit_share(&l, "2026-11-23", "组织科", &["--weeks", "2"]);
    assert_eq!(
        (&u["checks"], &u["overdue_share"], &u["reported_on_time"]),
        (&2.into(), &50.0.into(), &0.0.into()),
        "{u}"
    );
    // Done on the 19th: only the 15th's check remains, not overdue then.
    l.run_on("2026-11-19", &["update", "1.1", "--status", "done"])
        .ok();
    let u = unit_share(&l, "2026-11-23", "组织科", &["--weeks", "2"]);
    assert_eq!(
        (&u["checks"], &u["overdue_share"]),
        (&1.into(), &0.0.into()),
        "{u}"
    );
}

#[test]
fn show_gives_a_tasks_pace_and_last_report() {
    let l = month();
    let j = l
        .run_on("2026-11-29", &["show", "1.3", "--format", "json"])
        .ok()
        .json();
    // Blocked on the 10th: red, whatever its dates; 19 days without a report.
    assert_eq!(j["pace"]["light"], "red");
    assert_eq!(
        (&j["last_report"], &j["unreported_days"]),
        (&"2026-11-10".into(), &19.into())
    );
    let r = report_json(&l, "2026-11-29", &[]);
    assert_eq!(
        j["pace"],
        row(&r, "1.3")["pace"],
        "show and the report agree"
    );
    let zh = l
        .run_on("2026-11-29", &["--lang", "zh", "show", "1.1"])
        .ok()
        .stdout;
    assert!(
        zh.contains("末次反馈") && zh.contains("2026-11-20（9 天未反馈）"),
        "{zh}"
    );
    assert!(zh.contains("序时"), "{zh}");
    let done = l
        .run_on("2026-11-29", &["show", "2.1", "--format", "json"])
        .ok()
        .json();
    assert!(
        done["pace"].is_null() && done["unreported_days"].is_null() && done["done_late"] == false
    );
}

/// Item 2 of issue 17's leftovers: an undo can be undone (undoing twice redoes), so a change
/// stands when the chain of undos over it is even, and counts as a report exactly then: in
/// `list --stale`, in the report's 未反馈 days, its 本周进展 and 最新进展, and in the history's
/// `withdrawn`. A table of chains: each kind of report, undone 0 to 5 times on its day, each
/// chain one ledger read after every undo (reads write nothing, so the ledger after k undos is
/// the one a fresh ledger with the change and k undos would be).
#[test]
fn a_change_undone_and_redone_is_a_report_exactly_when_it_stands() {
    // (the change, made on Thursday 12 November, and the task it reports on)
    let changes: &[(&[&str], &str)] = &[
        (&["note", "1.4", "误记的进展"], "1.4"),
        (&["update", "1.3", "--status", "blocked"], "1.3"),
        (
            &["update", "1.2", "--progress", "30", "--note", "已完成调研"],
            "1.2",
        ),
    ];
    for (change, id) in changes {
        let l = Ledger::seeded("2026-11-02");
        l.run_on("2026-11-12T10:00:00", change).ok();
        for undos in 0..=5 {
            if undos > 0 {
                l.run_on("2026-11-12T11:00:00", &["undo"]).ok();
            }
            let stands = undos % 2 == 0;
            let case = format!("{change:?} undone {undos} times");
            // Follow-up: created on the 2nd, so only this change is a report in 7 days.
            let stale = stale_ids(&l, "2026-11-14", &["7d"]);
            assert_eq!(
                !stale.contains(&id.to_string()),
                stands,
                "{case}: {stale:?}"
            );
            // The weekly report of W46 (9–15 Nov), as of the 14th.
            let r = report_json(&l, "2026-11-14", &[]);
            let row = row(&r, id);
            // Its events, one change: the change itself, or nothing.
            let news = row["this_week"].as_array().expect("this_week");
            let mut changes: Vec<&serde_json::Value> = news.iter().map(|e| &e["change"]).collect();
            changes.dedup();
            assert_eq!(changes.len(), usize::from(stands), "{case}: {news:?}");
            assert!(
                news.iter().all(|e| e["undoes"].is_null()),
                "{case}: {news:?}"
            );
            assert_eq!(
                row["unreported_days"].is_null(),
                stands,
                "{case}: {}",
                row["unreported_days"]
            );
            if *id != "1.3" {
                assert_eq!(
                    row["latest"].is_object(),
                    stands,
                    "{case}: {}",
                    row["latest"]
                );
            }
            // The history marks the note withdrawn exactly when it is taken back.
            if *id == "1.4" {
                let h = l
                    .run_on("2026-11-14", &["history", "1.4", "--format", "json"])
                    .ok()
                    .json();
                let first = h
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|e| e["field"] == "note" && e["undoes"].is_null())
                    .expect("the note");
                assert_eq!(first["withdrawn"], !stands, "{case}");
            }
        }
    }
}

/// `list`'s 序时 column: each open task's pace light by the report's rules, beside the health
/// light, in both languages, the table within 80 columns.
#[test]
fn list_shows_the_reports_pace_light_beside_the_health_light() {
    // Created 1 Nov; on the 16th a task due 1 Dec has had half its time (50%), one due 1 March
    // an eighth (12.5%).
    let l = paced(&[
        "2026-12-01",
        "2026-12-01",
        "2026-12-01",
        "2027-03-01",
        "",
        "2026-12-01",
        "2026-12-01",
    ]);
    for (args, day) in [
        (&["update", "1.2", "--progress", "45"][..], "2026-11-10"),
        (&["update", "1.3", "--progress", "30"][..], "2026-11-10"),
        (&["update", "1.6", "--status", "blocked"][..], "2026-11-10"),
        (&["update", "1.7", "--status", "done"][..], "2026-11-10"),
    ] {
        l.run_on(day, args).ok();
    }
    // (id, light in en, in zh): 50 behind is red, 5 green, 20 amber, 12.5 amber; no deadline
    // no light; blocked always red; done none.
    let want: &[(&str, Option<&str>, Option<&str>)] = &[
        ("1.1", Some("red"), Some("红")),
        ("1.2", Some("green"), Some("绿")),
        ("1.3", Some("amber"), Some("黄")),
        ("1.4", Some("amber"), Some("黄")),
        ("1.5", None, None),
        ("1.6", Some("red"), Some("红")),
        ("1.7", None, None),
    ];
    let report = report_json(&l, "2026-11-16", &["--limit", "0"]);
    for lang in ["en", "zh"] {
        let wide = run(l
            .cmd()
            .env("TRACKER_TODAY", "2026-11-16")
            .env("COLUMNS", "200")
            .args(["--lang", lang, "list", "--all"]))
        .ok();
        for (id, en, zh) in want {
            let line = wide
                .stdout
                .lines()
                .find(|line| line.starts_with(&format!("{id} ")))
                .unwrap_or_else(|| panic!("no {id} in\n{}", wide.stdout));
            let after: Vec<&str> = line
                .split_whitespace()
                .skip_while(|t| !t.ends_with('%'))
                .skip(1)
                .collect();
            let got = match lang {
                "en" => after
                    .last()
                    .copied()
                    .filter(|t| ["green", "amber", "red"].contains(t)),
                _ => after.get(1).copied(),
            };
            assert_eq!(got, if lang == "en" { *en } else { *zh }, "{lang} {line}");
            // The same light as the report's for that day.
            let r = report["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == *id);
            if let (Some(r), Some(en)) = (r, en) {
                assert_eq!(r["pace"]["light"], *en, "report {id}");
            }
        }
        // Folded to 80 columns as list does, the pace column kept whole.
        let narrow = l
            .run_on("2026-11-16", &["--lang", lang, "list", "--all"])
            .ok();
        crate::support::assert_aligned(&crate::support::table_part(&narrow.stdout), 80);
        let header = narrow.stdout.lines().nth(1).unwrap_or_default();
        assert!(
            header.contains(if lang == "en" { "Pace" } else { "序时" }),
            "{header}"
        );
    }
}

/// Item 4: the weekly report's 各单位反馈情况 gives, for each lead unit, the same shares
/// reported on time and overdue as `units` gives for the report's end, over the same weeks;
/// in JSON and in every text format, in both languages; scoped to one unit, that unit alone.
#[test]
fn the_report_gives_each_units_shares_as_units_does() {
    let l = month();
    // (today, report arguments, the day the report is as of)
    let cases: &[(&str, &[&str], &str)] = &[
        ("2026-11-26", &[], "2026-11-26"),
        ("2026-11-29", &["--week", "2026-W46"], "2026-11-15"),
        ("2026-11-29", &["--week", "2026-W48"], "2026-11-29"),
    ];
    for (today, args, as_of) in cases {
        let r = report_json(&l, today, args);
        assert_eq!(r["unit_weeks"], 4, "{args:?}");
        let units = r["units"].as_array().expect("units");
        assert!(!units.is_empty(), "{args:?}: {r}");
        for u in units {
            let name = u["unit"].as_str().unwrap();
            let want = unit_share(&l, as_of, name, &[]);
            for key in ["checks", "reported_on_time", "overdue_share"] {
                assert_eq!(u[key], want[key], "{args:?} {name} {key}");
            }
        }
        // Every text format shows the section with those figures.
        let shown = |v: &serde_json::Value| match v.as_f64() {
            Some(p) => format!("{p:.1}%"),
            None => "-".to_string(),
        };
        for (lang, heading) in [("zh", "各单位反馈情况"), ("en", "Reporting by unit")] {
            for format in ["table", "markdown", "html"] {
                let mut full = vec!["--lang", lang, "report", "--format", format];
                full.extend_from_slice(args);
                let out = l.run_on(today, &full).ok().stdout;
                let section = out
                    .split(heading)
                    .nth(1)
                    .unwrap_or_else(|| panic!("{lang} {format}: no {heading}:\n{out}"));
                for u in units {
                    let line = section
                        .lines()
                        .find(|line| line.contains(u["unit"].as_str().unwrap()))
                        .unwrap_or_else(|| panic!("{lang} {format}: no {}", u["unit"]));
                    assert!(
                        line.contains(&shown(&u["reported_on_time"]))
                            && line.contains(&shown(&u["overdue_share"])),
                        "{lang} {format}: {line}"
                    );
                }
            }
        }
    }
    // Scoped to a unit, the section holds that unit alone; unit_weeks comes from the config.
    let config = l.dir.path().join("config.toml");
    std::fs::write(&config, "unit_weeks = 2\n").unwrap();
    let r = run(l
        .cmd()
        .env("TRACKER_CONFIG", &config)
        .env("TRACKER_TODAY", "2026-11-26")
        .args(["report", "--format", "json", "--owner", "组织科"]))
    .ok()
    .json();
    assert_eq!(r["unit_weeks"], 2);
    let units = r["units"].as_array().unwrap();
    assert_eq!(units.len(), 1, "{units:?}");
    let want = unit_share(&l, "2026-11-26", "组织科", &["--weeks", "2"]);
    assert_eq!(units[0]["reported_on_time"], want["reported_on_time"]);
    assert_eq!(units[0]["checks"], want["checks"]);
}
