//! A report for a week before the ledger had its first task (the last tester's finding 5):
//! section 八 (each unit's reporting) lists no unit with `-` figures; it says plainly that
//! there was nothing to count, in every format, and the JSON's `units` is empty.

use crate::support::Ledger;

/// A plan seeded on 2026-11-02; week 2026-W40 (09-28 to 10-04) is before it.
fn report(l: &Ledger, lang: &str, format: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "--lang", lang, "report", "--week", "2026-W40", "--format", format,
    ];
    args.extend_from_slice(extra);
    l.run_on("2026-11-25", &args).ok().stdout
}

#[test]
fn a_week_before_the_first_task_lists_no_unit_and_says_why() {
    let l = Ledger::seeded("2026-11-02");
    let whole_zh = "截至本期末台账中尚无任务，无可统计";
    let whole_en = "the ledger had no tasks yet by the end of the period: nothing to count";
    let part_zh = "截至本期末尚无由单位牵头的任务，无可统计";
    // (language, format, --owner or not, the sentence section 八 says)
    let cases: &[(&str, &str, &[&str], &str)] = &[
        ("zh", "table", &[], whole_zh),
        ("en", "table", &[], whole_en),
        ("zh", "markdown", &[], whole_zh),
        ("en", "markdown", &[], whole_en),
        ("zh", "html", &[], whole_zh),
        ("en", "html", &[], whole_en),
        ("zh", "table", &["--owner", "组织科"], part_zh),
        ("zh", "markdown", &["--owner", "组织科"], part_zh),
    ];
    for &(lang, format, extra, says) in cases {
        let out = report(&l, lang, format, extra);
        assert!(
            out.contains(says),
            "{lang} {format} {extra:?}: no {says:?} in\n{out}"
        );
        for unit in ["组织科 ", "干部教育科", "人才工作科"] {
            let listed = out.lines().filter(|r| r.contains(unit)).count();
            // (An owner's report names its unit in its title and scope lines only.)
            assert!(
                listed <= usize::from(!extra.is_empty()) * 2,
                "{lang} {format} {extra:?}: {unit} listed\n{out}"
            );
        }
    }
    let json = l
        .run_on(
            "2026-11-25",
            &["report", "--week", "2026-W40", "--format", "json"],
        )
        .ok()
        .json();
    assert_eq!(json["units"], serde_json::json!([]), "{}", json["units"]);
    assert_eq!(json["total"]["tasks"], 0);
    assert_eq!(json["reporting"], "none_due");
    // The xlsx's sheet for 八 says it too.
    let path = l.dir.path().join("W40.xlsx");
    l.run_on(
        "2026-11-25",
        &[
            "--lang",
            "zh",
            "report",
            "--week",
            "2026-W40",
            "--out",
            path.to_str().unwrap(),
        ],
    )
    .ok();
    let book = crate::books::Book::open(&path);
    let sheet = book.sheet("单位反馈");
    let cells: Vec<String> = (0..6u32)
        .flat_map(|r| (0..3u32).map(move |c| (r, c)))
        .map(|(r, c)| crate::books::text(sheet, r, c))
        .collect();
    assert!(cells.iter().any(|c| c.contains(whole_zh)), "{cells:?}");

    // The plan's first week: its units led tasks then, listed (no check due yet: `-`).
    let first = l
        .run_on(
            "2026-11-25",
            &["report", "--week", "2026-W45", "--format", "json"],
        )
        .ok()
        .json();
    let units = first["units"].as_array().unwrap();
    assert!(units.iter().any(|u| u["unit"] == "组织科"), "{units:?}");
}
