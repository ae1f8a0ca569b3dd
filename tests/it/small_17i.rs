//! The small findings of tester 17i (#10): the zh date note closes up to the words after its
//! bracket; `units` on a day before the ledger had tasks says so rather than print an empty
//! table; the 附件's legend stands before its table, never alone on a last page.

use crate::support::{Ledger, zip_part};

#[test]
fn a_day_first_date_s_note_has_no_space_after_its_bracket() {
    let l = Ledger::seeded("2026-12-01");
    // (as typed, the note in zh)
    let cases = [
        (
            "31/12",
            "注意：'31/12'（按先日后月读，先月后日不成日期）按今年的 2026-12-31 记",
        ),
        (
            "31.12",
            "注意：'31.12'（按先日后月读，先月后日不成日期）按今年的 2026-12-31 记",
        ),
        (
            "13/3",
            "注意：'13/3'（按先日后月读，先月后日不成日期）今年已过，按 2027-03-13 记",
        ),
    ];
    for (typed, want) in cases {
        let err = l
            .run_on(
                "2026-12-01",
                &["--lang", "zh", "update", "1.3", "--deadline", typed],
            )
            .ok()
            .stderr;
        assert!(err.lines().any(|line| line == want), "{typed}: {err}");
    }
    // English keeps its space.
    let err = l
        .run_on("2026-12-01", &["update", "1.3", "--deadline", "31/12"])
        .ok()
        .stderr;
    assert!(
        err.contains("'31/12' (read day first: month first names no date) is taken as 2026-12-31"),
        "{err}"
    );
}

#[test]
fn units_before_the_ledger_had_tasks_says_so() {
    let l = Ledger::new("2026-11-02");
    l.run(&["init", "--empty", "--start", "2026-11-02"]).ok();
    l.run_on(
        "2026-11-05",
        &[
            "add",
            "--rec",
            "1",
            "--headline",
            "测试",
            "--title",
            "任务甲",
            "--lead",
            "甲科",
        ],
    )
    .ok();
    // (day, language, what `units` prints: a line, or a table naming 甲科)
    let cases = [
        (
            "2026-11-04",
            "zh",
            "截至 2026-11-04 台账中尚无任务，无可统计。\n",
        ),
        (
            "2026-11-04",
            "en",
            "The ledger had no tasks yet on 2026-11-04: nothing to count.\n",
        ),
        ("2026-11-05", "zh", "甲科"),
    ];
    for (day, lang, want) in cases {
        let out = l.run_on(day, &["--lang", lang, "units"]).ok().stdout;
        if want.ends_with('\n') {
            assert_eq!(out, want, "{day} {lang}");
        } else {
            assert!(out.contains(want) && out.contains("按时率"), "{day}: {out}");
        }
    }
    // JSON stays data: an empty list.
    let v = l
        .run_on("2026-11-04", &["units", "--format", "json"])
        .ok()
        .json();
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn the_attachment_s_legend_stands_before_its_table() {
    let l = Ledger::seeded("2026-11-02");
    l.run_on("2026-11-10", &["update", "1.1", "--progress", "30"])
        .ok();
    for limit in ["0", "3"] {
        let out = l.dir.path().join(format!("t{limit}.docx"));
        l.run_on(
            "2026-11-30",
            &[
                "report",
                "--week",
                "last",
                "--limit",
                limit,
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        let xml = zip_part(&out, "word/document.xml");
        let legend = xml.find("序时：应完成进度").expect("the legend");
        let title = xml.rfind("督办事项进展情况表").unwrap();
        let table = xml.rfind("<w:tbl>").unwrap();
        assert!(title < legend && legend < table, "--limit {limit}");
        // It keeps with the table: its paragraph has keepNext.
        let p = xml[..legend].rfind("<w:p").unwrap();
        assert!(xml[p..legend].contains("<w:keepNext"), "--limit {limit}");
        // After the table, only a cut's count (keeping with the table's end), then the end.
        let after = &xml[xml.rfind("</w:tbl>").unwrap()..];
        assert!(!after.contains("序时"), "--limit {limit}");
        assert_eq!(
            after.contains("未列入本表"),
            limit != "0",
            "--limit {limit}"
        );
    }
}
