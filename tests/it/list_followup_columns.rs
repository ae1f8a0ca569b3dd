//! `list`'s follow-up columns (issue 17, finding 15): `--stale` shows each task's last report
//! (末次反馈) and the days since (未反馈天数), in the table and the JSON; a task done after its
//! deadline shows 逾期完成 in the 序时 column of `list --all`.

use crate::support::{Ledger, run};

fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    l.run_on("2026-11-10", &["note", "1.2", "已拟定方案"]).ok();
    l.run_on("2026-11-20", &["update", "1.3", "--progress", "20"])
        .ok();
    // 2.1 done five days after its deadline, 1.4 in time.
    l.run_on("2026-11-10", &["update", "2.1", "--deadline", "2026-11-20"])
        .ok();
    l.run_on("2026-11-25", &["update", "2.1", "--status", "done"])
        .ok();
    l.run_on("2026-11-25", &["update", "1.4", "--status", "done"])
        .ok();
    l
}

fn list(l: &Ledger, lang: &str, columns: usize, args: &[&str]) -> String {
    let mut c = l.cmd();
    c.env("COLUMNS", columns.to_string())
        .env("TRACKER_TODAY", "2026-11-30");
    c.args(["--lang", lang, "list"]).args(args);
    run(&mut c).ok().stdout
}

#[test]
fn stale_tasks_show_their_last_report_and_the_days_since() {
    let l = ledger();
    // (task, last report as the table shows it, days since)
    let cases = [("1.1", None, 90), ("1.2", Some("2026-11-10"), 20)];
    for (lang, none, heads) in [
        ("zh", "从未反馈", ["末次反馈", "未反馈"]),
        ("en", "never reported", ["Last", "Days"]),
    ] {
        for columns in [80, 100, 140] {
            let out = list(&l, lang, columns, &["--stale", "14d"]);
            for h in heads {
                assert!(out.contains(h), "{lang} {columns}: {h}\n{out}");
            }
            for line in out.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line) <= columns,
                    "{lang} {columns}: {line:?}\n{out}"
                );
            }
            for (id, day, days) in cases {
                let row = out
                    .lines()
                    .find(|r| r.starts_with(&format!("{id} ")))
                    .unwrap_or_else(|| panic!("{id}\n{out}"));
                let cells: Vec<&str> = row.split_whitespace().collect();
                let n = cells.len();
                // (从未反馈 / never reported, as `show` says it.)
                let last = day.unwrap_or(none);
                let words = last.split_whitespace().count();
                assert_eq!(cells[n - 1 - words..n - 1].join(" "), last, "{row}");
                assert_eq!(cells[n - 1], days.to_string(), "{row}");
            }
            // 1.3 reported ten days ago is not stale.
            assert!(!out.lines().any(|r| r.starts_with("1.3 ")), "{out}");
        }
    }
    // The JSON says the same.
    let json: serde_json::Value =
        serde_json::from_str(&list(&l, "en", 80, &["--stale", "14d", "--format", "json"])).unwrap();
    for (id, day, days) in cases {
        let t = json
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap();
        assert_eq!(t["last_report"].as_str(), day, "{t}");
        assert_eq!(t["days_since_report"], days, "{t}");
        assert_eq!(t["done_late"], false, "{t}");
    }
}

#[test]
fn a_task_done_late_says_so_in_the_pace_column() {
    let l = ledger();
    for (lang, late) in [("zh", "逾期完成"), ("en", "done late")] {
        let out = list(&l, lang, 120, &["--all"]);
        let row = |id: &str| {
            out.lines()
                .find(|r| r.starts_with(&format!("{id} ")))
                .unwrap_or_else(|| panic!("{id}\n{out}"))
        };
        assert!(row("2.1").trim_end().ends_with(late), "{}", row("2.1"));
        assert!(!row("1.4").contains(late), "{}", row("1.4"));
        assert_eq!(out.matches(late).count(), 1, "{out}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&list(&l, "en", 80, &["--all", "--format", "json"])).unwrap();
    for t in json.as_array().unwrap() {
        assert_eq!(t["done_late"], t["id"] == "2.1", "{t}");
        // Done tasks owe no report.
        if t["status"] == "done" {
            assert!(t["days_since_report"].is_null(), "{t}");
        }
    }
}
