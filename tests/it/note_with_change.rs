//! A note given with another change (`update 1.6 --deadline … --note …`, `--title … --note`)
//! is a report (末次反馈) as a note alone is (issue 17, finding 4): `show`, `list --stale` and
//! the report's 未按时反馈 agree with the 最新进展 the report shows, and stdout says the note
//! was recorded.

use crate::support::Ledger;

fn last_report(l: &Ledger, today: &str, id: &str) -> serde_json::Value {
    l.run_on(today, &["show", id, "--format", "json"])
        .ok()
        .json()["last_report"]
        .clone()
}

fn stale(l: &Ledger, today: &str) -> Vec<String> {
    let v = l
        .run_on(today, &["list", "--stale", "7d", "--format", "json"])
        .ok()
        .json();
    (v.as_array().unwrap().iter())
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_note_travelling_with_any_change_is_a_report() {
    // (the other change, in words the update takes)
    let cases: &[&[&str]] = &[
        &["--deadline", "2027-03-01"],
        &["--title", "出台人才强市的实施意见"],
        &["--text", "细化后的内容"],
        &["--add-support", "组织科"],
        &["--status", "blocked"],
    ];
    for other in cases {
        let l = Ledger::seeded("2026-09-01");
        let before = stale(&l, "2026-11-30");
        assert!(before.contains(&"3.5".to_string()), "{before:?}");
        let mut args = vec!["update", "3.5"];
        args.extend_from_slice(other);
        args.extend(["--note", "已形成初稿，正在征求意见"]);
        let out = l.run_on("2026-11-27", &args).ok().stdout;
        assert!(out.contains("note recorded"), "{other:?}: {out}");
        assert_eq!(
            last_report(&l, "2026-11-30", "3.5"),
            "2026-11-27",
            "{other:?}"
        );
        assert!(
            !stale(&l, "2026-11-30").contains(&"3.5".to_string()),
            "{other:?}"
        );
        // The report's 最新进展 and its 未按时反馈 say the same.
        let v = l
            .run_on(
                "2026-11-30",
                &["report", "--week", "2026-W48", "--format", "json"],
            )
            .ok()
            .json();
        let unreported: Vec<&str> = (v["unreported"].as_array().unwrap().iter())
            .map(|d| d["id"].as_str().unwrap())
            .collect();
        assert!(!unreported.contains(&"3.5"), "{other:?}: {unreported:?}");
        let row = (v["rows"].as_array().unwrap().iter())
            .find(|r| r["id"] == "3.5")
            .unwrap();
        assert!(row.to_string().contains("已形成初稿"), "{row}");
        // Taken back, it is no report.
        l.run_on("2026-11-28", &["undo"]).ok();
        assert_eq!(
            last_report(&l, "2026-11-30", "3.5"),
            serde_json::Value::Null,
            "{other:?}"
        );
        assert!(
            stale(&l, "2026-11-30").contains(&"3.5".to_string()),
            "{other:?}"
        );
    }
}

#[test]
fn the_update_says_the_note_was_recorded_in_chinese_too() {
    let l = Ledger::seeded("2026-09-01");
    let out = l
        .run_on(
            "2026-11-18",
            &[
                "--lang",
                "zh",
                "update",
                "1.5",
                "--deadline",
                "2026-12-04",
                "--note",
                "因上级文件调整，延期",
            ],
        )
        .ok()
        .stdout;
    assert!(
        out.starts_with("1.5：") && out.contains("已记录备注"),
        "{out}"
    );
    // A change without a note says nothing of one; an undo's event is not a report.
    let out = l
        .run_on("2026-11-18", &["update", "1.4", "--deadline", "2026-12-04"])
        .ok()
        .stdout;
    assert!(!out.contains("note"), "{out}");
    assert_eq!(
        last_report(&l, "2026-11-30", "1.4"),
        serde_json::Value::Null
    );
}

/// (the change on 3.5 on 11-27, whether it is a report): every reader of the history takes the
/// same events as reports, by the one rule (`show`'s 末次反馈, `list --stale`, the report's
/// 未按时反馈 and `units`' share on time), whatever backend.
#[test]
fn every_reader_takes_the_same_events_as_reports() {
    let cases: &[(&[&str], bool)] = &[
        (&["note", "3.5", "已报送初稿"], true),
        (&["update", "3.5", "--progress", "20"], true),
        (&["update", "3.5", "--status", "blocked"], true),
        (&["update", "3.5", "--deadline", "2027-03-01"], false),
        (
            &["update", "3.5", "--title", "出台人才强市的实施意见"],
            false,
        ),
        (&["update", "3.5", "--add-support", "组织科"], false),
        (
            &[
                "update",
                "3.5",
                "--deadline",
                "2027-03-01",
                "--note",
                "因上级文件调整，延期",
            ],
            true,
        ),
        (
            &[
                "notice",
                "--owner",
                "人才工作协调小组",
                "--reply-by",
                "2026-12-04",
                "--out",
                ".",
            ],
            false,
        ),
    ];
    let on_time = |l: &Ledger| {
        let v = l
            .run_on("2026-11-30", &["units", "--weeks", "1", "--format", "json"])
            .ok()
            .json();
        (v.as_array().unwrap().iter())
            .find(|u| u["unit"] == "人才工作协调小组")
            .unwrap()["reported_on_time"]
            .as_f64()
    };
    for (args, report) in cases {
        let l = Ledger::seeded("2026-09-01");
        let never = on_time(&l);
        let out = l.dir.path().to_str().unwrap().to_string();
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "." { out.as_str() } else { a })
            .collect();
        l.run_on("2026-11-27", &args).ok();
        let last = last_report(&l, "2026-11-30", "3.5");
        assert_eq!(last == "2026-11-27", *report, "{args:?}: show says {last}");
        assert_eq!(
            stale(&l, "2026-11-30").contains(&"3.5".to_string()),
            !report,
            "{args:?}: list --stale"
        );
        let v = l
            .run_on(
                "2026-11-30",
                &["report", "--week", "2026-W48", "--format", "json"],
            )
            .ok()
            .json();
        let unreported = (v["unreported"].as_array().unwrap().iter()).any(|d| d["id"] == "3.5");
        assert_eq!(unreported, !report, "{args:?}: the report's 未按时反馈");
        assert_eq!(on_time(&l) > never, *report, "{args:?}: units");
    }
}
