//! `show`'s 末次反馈 names a real report's day, or says 从未反馈 / never reported (issue 17):
//! a task's creation, a notice sent to its unit, a withdrawn note or an undone change are no
//! word from the unit. The days without a report still count from the creation.

use crate::support::Ledger;

/// An empty ledger with task 1.1 added on 2026-11-02 (a Monday), led by 组织科.
fn ledger() -> Ledger {
    let l = Ledger::new("2026-11-02");
    l.run(&["init", "--empty", "--start", "2026-09-01"]).ok();
    l.run(&[
        "add",
        "--rec",
        "1",
        "--headline",
        "理顺关系",
        "--title",
        "建立制度",
        "--lead",
        "组织科",
        "--deadline",
        "2027-06-30",
    ])
    .ok();
    l
}

type Steps = &'static [(&'static str, &'static [&'static str])];

#[test]
fn the_last_report_is_a_real_reports_day_or_never() {
    // (what happened, dated steps, the last report's day as of 12-02 or None for never)
    let cases: [(&str, Steps, Option<&str>); 7] = [
        ("only created", &[], None),
        (
            "a notice sent is not a report",
            &[(
                "2026-11-20",
                &[
                    "notice",
                    "--reply-by",
                    "+4d",
                    "--out",
                    "N",
                    "--format",
                    "markdown",
                ],
            )],
            None,
        ),
        (
            "a note",
            &[("2026-11-10", &["note", "1.1", "已起草方案"])],
            Some("2026-11-10"),
        ),
        (
            "a progress change, then a later note",
            &[
                ("2026-11-09", &["update", "1.1", "--progress", "20"]),
                ("2026-11-16", &["note", "1.1", "已报批"]),
            ],
            Some("2026-11-16"),
        ),
        (
            "a note undone",
            &[
                ("2026-11-10", &["note", "1.1", "已起草方案"]),
                ("2026-11-11", &["undo"]),
            ],
            None,
        ),
        (
            "a status change undone, an earlier note stands",
            &[
                ("2026-11-05", &["note", "1.1", "已开会"]),
                ("2026-11-12", &["update", "1.1", "--status", "blocked"]),
                ("2026-11-13", &["undo"]),
            ],
            Some("2026-11-05"),
        ),
        (
            "a title change is not a report",
            &[("2026-11-20", &["update", "1.1", "--title", "建立健全制度"])],
            None,
        ),
    ];
    for (what, steps, want) in cases {
        let l = ledger();
        for (day, args) in steps {
            let out = l.dir.path().join("N");
            let args: Vec<&str> = args
                .iter()
                .map(|a| if *a == "N" { out.to_str().unwrap() } else { a })
                .collect();
            l.run_on(day, &args).ok();
        }
        let j = l
            .run_on("2026-12-02", &["show", "1.1", "--format", "json"])
            .ok()
            .json();
        assert_eq!(j["last_report"].as_str(), want, "{what}: {j}");
        // Days without a report: from the report, or from the creation (11-02) without one.
        let since = want.unwrap_or("2026-11-02");
        let days = (chrono_day("2026-12-02") - chrono_day(since)) as i64;
        assert_eq!(j["unreported_days"], days, "{what}");
        for (lang, label, never, counted) in [
            (
                "en",
                "Last report",
                "never reported",
                format!("({days} days since it was added)"),
            ),
            (
                "zh",
                "末次反馈",
                "从未反馈",
                format!("（立项已 {days} 天）"),
            ),
        ] {
            let text = l
                .run_on("2026-12-02", &["--lang", lang, "show", "1.1"])
                .ok()
                .stdout;
            let line = text
                .lines()
                .find(|l| l.starts_with(label))
                .unwrap_or_else(|| panic!("{what}: no {label} line:\n{text}"));
            match want {
                None => {
                    assert!(line.contains(never), "{what}: {line}");
                    assert!(line.contains(&counted), "{what}: {line}");
                    assert!(
                        !line.contains("2026-11-02"),
                        "{what}: the creation as a report: {line}"
                    );
                }
                Some(day) => {
                    assert!(line.contains(day), "{what}: {line}");
                    assert!(!line.contains(never), "{what}: {line}");
                }
            }
        }
    }
}

/// Days since 2026-01-01 of a `YYYY-MM-DD` in 2026.
fn chrono_day(ymd: &str) -> u32 {
    let month: u32 = ymd[5..7].parse().unwrap();
    let day: u32 = ymd[8..10].parse().unwrap();
    let before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    before[month as usize - 1] + day
}
