//! Issue 17, finding 13: a unit's rename (`units rename`) reads as 更名 for the lead as for a
//! supporting unit, in every report format and in both languages, in `history` and in JSON
//! (`rename`); it is never a report by the unit (末次反馈, 最新进展); an undo of it cancels it in
//! the week's news as any undo does; and the mark survives export → restore.

use proptest::prelude::*;

use crate::support::{Ledger, run, zip_part};

/// The seeded plan (from 2026-10-05) with 人才工作科 renamed 人才科 on Tuesday of W49; 人才工作科
/// leads 3.1 and 3.3 and supports 3.4 and 3.5. 2.2 is handed to another unit the same day.
fn renamed() -> Ledger {
    let l = Ledger::seeded("2026-10-05");
    l.run_on("2026-12-01", &["update", "2.2", "--lead", "干部教育科"])
        .ok();
    l.run_on("2026-12-01", &["units", "rename", "人才工作科", "人才科"])
        .ok();
    l
}

/// The report of W49 (as of 12-03) in `format`, `lang`, as text.
fn report(l: &Ledger, lang: &str, format: &str) -> String {
    match format {
        "docx" => {
            let file = l.dir.path().join(format!("r-{lang}.docx"));
            l.run_on(
                "2026-12-03",
                &[
                    "--lang",
                    lang,
                    "report",
                    "--week",
                    "this",
                    "--draft",
                    "--out",
                    file.to_str().unwrap(),
                ],
            )
            .ok();
            // Runs of one paragraph joined, so a sentence is found whole.
            let xml = zip_part(&file, "word/document.xml");
            xml.split("</w:p>")
                .map(|p| {
                    p.split("<w:t")
                        .skip(1)
                        .filter_map(|t| t.split_once('>').map(|(_, r)| r))
                        .map(|r| r.split("</w:t>").next().unwrap_or(""))
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        _ => {
            l.run_on(
                "2026-12-03",
                &[
                    "--lang", lang, "report", "--week", "this", "--format", format,
                ],
            )
            .ok()
            .stdout
        }
    }
}

#[test]
fn a_lead_unit_renamed_reads_as_a_rename_in_every_format_and_language() {
    let l = renamed();
    // (format, lang, the rename said once for the leads and supports it touched (issue 17g,
    // finding 6), a reassignment); csv holds the rows alone: the reassignment.
    let zh = (
        "人才工作科更名为人才科（涉及3.1、3.3、3.4、3.5等4项）",
        "牵头单位由市委组织部改为干部教育科",
    );
    let en = (
        "人才工作科 renamed 人才科 (3.1, 3.3, 3.4, 3.5: 4 tasks)",
        "lead changed from 市委组织部 to 干部教育科",
    );
    let cases = [
        ("markdown", "zh", zh),
        ("csv", "zh", ("", zh.1)),
        ("html", "zh", zh),
        ("docx", "zh", zh),
        ("markdown", "en", en),
        ("csv", "en", ("", en.1)),
        ("html", "en", en),
    ];
    for (format, lang, (renamed, moved)) in cases {
        let text = report(&l, lang, format);
        let case = format!("{format} {lang}");
        if !renamed.is_empty() {
            assert_eq!(
                text.matches(renamed).count(),
                1,
                "{case}: {renamed:?} in\n{text}"
            );
        }
        assert!(text.contains(moved), "{case}: the reassignment {moved:?}");
        // The rename never reads as the task handed to another unit.
        for wrong in ["由人才工作科改为人才科", "from 人才工作科 to 人才科"] {
            assert!(!text.contains(wrong), "{case}: {wrong:?} in\n{text}");
        }
    }
    // The terminal table folds its cells: the words, with the folds taken out.
    let table = report(&l, "zh", "table");
    let flat: String = table.split_whitespace().collect();
    assert!(flat.contains("更名为人才科"), "{table}");
    assert!(!table.contains("由人才工作科改"), "{table}");
}

#[test]
fn json_and_history_mark_the_rename_and_only_the_rename() {
    let l = renamed();
    let events = l
        .run_on(
            "2026-12-03",
            &["history", "--since", "2026-12-01", "--format", "json"],
        )
        .ok()
        .json();
    let marks: Vec<(String, String, bool)> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["task"].as_str().unwrap().to_string(),
                e["field"].as_str().unwrap().to_string(),
                e["rename"].as_bool().unwrap(),
            )
        })
        .collect();
    let want = [
        ("2.2", "lead", false),
        ("3.1", "lead", true),
        ("3.3", "lead", true),
        ("3.4", "support", true),
        ("3.5", "support", true),
    ];
    let want: Vec<(String, String, bool)> = want
        .iter()
        .map(|(t, f, r)| (t.to_string(), f.to_string(), *r))
        .collect();
    assert_eq!(marks, want);
    let report = l
        .run_on(
            "2026-12-03",
            &["report", "--week", "this", "--format", "json"],
        )
        .ok()
        .json();
    let row = |id: &str| {
        report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(row("3.1")["this_week"][0]["rename"], true);
    assert_eq!(row("2.2")["this_week"][0]["rename"], false);
    for (lang, lead, reassigned) in [
        ("zh", "牵头单位更名：人才工作科", "牵头单位：市委组织部"),
        ("en", "lead renamed: 人才工作科", "lead: 市委组织部"),
    ] {
        let out = l
            .run_on("2026-12-03", &["--lang", lang, "show", "3.1"])
            .ok()
            .stdout;
        assert!(out.contains(lead), "{lang}: {out}");
        let out = l
            .run_on("2026-12-03", &["--lang", lang, "show", "2.2"])
            .ok()
            .stdout;
        assert!(out.contains(reassigned), "{lang}: {out}");
    }
}

#[test]
fn a_rename_is_no_report_by_the_unit() {
    let plain = Ledger::seeded("2026-10-05");
    let l = renamed();
    let facts = |l: &Ledger| {
        let list = l
            .run_on("2026-12-03", &["list", "--format", "json"])
            .ok()
            .json();
        let report = l
            .run_on(
                "2026-12-03",
                &["report", "--week", "this", "--format", "json"],
            )
            .ok()
            .json();
        let of = |v: &serde_json::Value, key: &str, id: &str| {
            v.as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == id)
                .unwrap()[key]
                .clone()
        };
        ["3.1", "3.3", "3.4", "3.5"]
            .iter()
            .map(|id| {
                (
                    of(&list, "last_report", id),
                    of(&list, "days_since_report", id),
                    of(&report["rows"], "latest", id),
                    of(&report["rows"], "unreported_days", id),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(facts(&l), facts(&plain));
    let stale = l
        .run_on(
            "2026-12-03",
            &["list", "--stale", "14d", "--format", "json"],
        )
        .ok()
        .json();
    let ids: Vec<&str> = stale
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"3.1") && ids.contains(&"3.4"), "{ids:?}");
}

#[test]
fn an_undo_of_a_rename_cancels_it_in_the_week_and_reads_as_a_rename_back_later() {
    // Undone the same week: no trace of it in that week's news.
    let l = renamed();
    l.run_on("2026-12-02", &["undo"]).ok();
    let text = report(&l, "zh", "markdown");
    assert!(!text.contains("更名"), "{text}");
    assert!(
        text.contains("牵头单位由市委组织部改为干部教育科"),
        "{text}"
    );
    // Undone the week after: that week says it was taken back, as a rename.
    let l = renamed();
    l.run_on("2026-12-08", &["undo"]).ok();
    let out = l
        .run_on(
            "2026-12-09",
            &[
                "--lang", "zh", "report", "--week", "this", "--format", "csv",
            ],
        )
        .ok()
        .stdout;
    assert!(!out.contains("由人才科改为"), "{out}");
    let md = l
        .run_on(
            "2026-12-09",
            &[
                "--lang", "zh", "report", "--week", "this", "--format", "markdown",
            ],
        )
        .ok()
        .stdout;
    assert!(
        md.contains("12-08 人才科更名为人才工作科（涉及3.1、3.3、3.4、3.5等4项）"),
        "{md}"
    );
    // And the week of the rename, replayed, still reads as a rename.
    let out = l
        .run_on(
            "2026-12-09",
            &[
                "--lang", "zh", "report", "--week", "2026-W49", "--format", "markdown",
            ],
        )
        .ok()
        .stdout;
    assert!(out.contains("人才工作科更名为人才科（涉及"), "{out}");
}

#[test]
fn the_mark_survives_export_and_restore_and_a_bad_mark_is_refused() {
    let l = renamed();
    let export = l.run_on("2026-12-03", &["export"]).ok().stdout;
    let db = l.dir.path().join("again.db");
    let file = l.dir.path().join("e.json");
    std::fs::write(&file, &export).unwrap();
    l.run_in(&db, &["restore", file.to_str().unwrap()]).ok();
    let again = l.run_in(&db, &["export"]).ok().stdout;
    assert_eq!(again, export);
    let text = run(l
        .cmd()
        .env("TRACKER_DB", &db)
        .env("TRACKER_TODAY", "2026-12-03")
        .args([
            "--lang", "zh", "report", "--week", "2026-W49", "--format", "markdown",
        ]))
    .ok()
    .stdout;
    assert!(text.contains("人才工作科更名为人才科（涉及"), "{text}");
    // An export from before the mark (no position on lead events) still restores, and reads
    // as it always did.
    let old = edit_lead_events(&export, usize::MAX, |e| {
        e.replace(",\n      \"position\": 0", "")
    });
    assert_ne!(old, export);
    let file = l.dir.path().join("old.json");
    std::fs::write(&file, &old).unwrap();
    let db = l.dir.path().join("old.db");
    l.run_in(&db, &["restore", file.to_str().unwrap()]).ok();
    // A mark anywhere else is no command's: refused, nothing written.
    let bad: [(&str, Spoil); 3] = [
        ("a lead event at another place", |e| {
            e.replace("\"position\": 0", "\"position\": 1")
        }),
        ("a marked lead event without an old name", |e| {
            e.replace("\"old\": \"人才工作科\"", "\"old\": null")
        }),
        ("a marked event that is no unit's", |e| {
            e.replace("\"field\": \"lead\"", "\"field\": \"title\"")
        }),
    ];
    for (n, (case, spoil)) in bad.iter().enumerate() {
        let doc = edit_lead_events(&export, 1, spoil);
        assert_ne!(doc, export, "{case}");
        let file = l.dir.path().join(format!("bad{n}.json"));
        std::fs::write(&file, &doc).unwrap();
        let db = l.dir.path().join(format!("bad{n}.db"));
        l.run_in(&db, &["restore", file.to_str().unwrap()])
            .fails(1, &["position"]);
        assert!(!db.exists(), "{case}: a ledger was left");
    }
}

/// One way to spoil an export's event, as text.
type Spoil = fn(&str) -> String;

/// `export` with the first `n` of its marked lead events (a rename's) passed through `edit`, as
/// text, so the rest of the file keeps its order and bytes.
fn edit_lead_events(export: &str, n: usize, edit: impl Fn(&str) -> String) -> String {
    let start = export.find("\"events\": [").expect("events");
    let (head, events) = export.split_at(start);
    let mut left = n;
    let parts: Vec<String> = events
        .split("\n    },\n")
        .map(|e| {
            if left > 0 && e.contains("\"field\": \"lead\"") && e.contains("\"position\": 0") {
                left -= 1;
                edit(e)
            } else {
                e.to_string()
            }
        })
        .collect();
    format!("{head}{}", parts.join("\n    },\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Whatever the names, a rename reads as one (zh and en) and a reassignment does not.
    #[test]
    fn any_renamed_lead_reads_as_a_rename(old in "[甲乙丙丁戊]{2,4}(科|局|办)", new in "[子丑寅卯辰]{2,4}(处|室)") {
        let l = Ledger::seeded("2026-10-05");
        l.run_on("2026-11-30", &["update", "1.1", "--lead", &old, "--new-unit"]).ok();
        l.run_on("2026-12-01", &["units", "rename", &old, &new, "--new-unit"]).ok();
        let zh = report(&l, "zh", "markdown");
        let want = format!("12-01 {old}更名为{new}（涉及1.1等1项）");
        prop_assert!(zh.contains(&want), "{}", zh);
        prop_assert!(zh.contains(&format!("牵头单位由组织科改为{old}")), "{}", zh);
        let en = report(&l, "en", "markdown");
        let want = format!("12-01 {old} renamed {new} (1.1: 1 task)");
        prop_assert!(en.contains(&want), "{}", en);
    }
}
