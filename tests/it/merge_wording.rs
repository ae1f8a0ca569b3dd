//! A merge (`units rename A B` onto a unit B already known) is said as one (issue 17, 17j #7):
//! `A并入B` / `A merged into B` in the report's line of units renamed, in every format and
//! both languages, while a rename onto a new name still reads `更名为` / `renamed`.

use crate::support::Ledger;

/// The seeded plan with 人才工作科 renamed 人才科 on 11-02; on 12-01 人才工作协调小组 merged into
/// 人才科 and 干部教育科 renamed 教育科 (a new name).
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-11-02");
    for (day, old, new) in [
        ("2026-11-02", "人才工作科", "人才科"),
        ("2026-12-01", "人才工作协调小组", "人才科"),
        ("2026-12-01", "干部教育科", "教育科"),
    ] {
        l.run_on(day, &["units", "rename", old, new]).ok();
    }
    l
}

#[test]
fn a_merge_reads_as_a_merge_and_a_rename_as_a_rename() {
    let l = ledger();
    // (language, format, said of the merge, said of the rename)
    let cases = [
        (
            "zh",
            "table",
            "人才工作协调小组并入人才科",
            "干部教育科更名为教育科",
        ),
        (
            "zh",
            "markdown",
            "人才工作协调小组并入人才科",
            "干部教育科更名为教育科",
        ),
        (
            "zh",
            "html",
            "人才工作协调小组并入人才科",
            "干部教育科更名为教育科",
        ),
        (
            "en",
            "table",
            "人才工作协调小组 merged into 人才科",
            "干部教育科 renamed 教育科",
        ),
        (
            "en",
            "markdown",
            "人才工作协调小组 merged into 人才科",
            "干部教育科 renamed 教育科",
        ),
    ];
    for (lang, format, merge, rename) in cases {
        let out = l
            .run_on(
                "2026-12-03",
                &[
                    "--lang", lang, "report", "--week", "this", "--format", format,
                ],
            )
            .ok()
            .stdout;
        // Lines folded in a narrow table are joined back (en words with a space).
        let joined: String = out
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(if lang == "en" { " " } else { "" });
        assert!(
            joined.contains(merge),
            "{lang} {format}: no {merge}:\n{out}"
        );
        assert!(
            joined.contains(rename),
            "{lang} {format}: no {rename}:\n{out}"
        );
        assert!(
            !joined.contains("人才工作协调小组更名为")
                && !joined.contains("人才工作协调小组 renamed"),
            "{lang} {format}: the merge said as a rename:\n{out}"
        );
    }
    // The JSON marks which is which; a week with only a plain rename has no merge.
    let renames = |week: &str| -> Vec<(String, bool)> {
        let json = l
            .run_on(
                "2026-12-03",
                &["report", "--week", week, "--format", "json"],
            )
            .ok()
            .json();
        json["renames"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["old"].as_str().unwrap().to_string(), r["merge"] == true))
            .collect()
    };
    assert_eq!(
        renames("this"),
        [
            ("人才工作协调小组".to_string(), true),
            ("干部教育科".to_string(), false)
        ]
    );
    assert_eq!(renames("2026-W45"), [("人才工作科".to_string(), false)]);
}

#[test]
fn history_says_a_merge_as_a_merge() {
    let l = ledger();
    // (language, the merge's label on 3.5 (its lead), on 3.2 (a supporting unit), the plain
    // rename's on 2.3)
    let cases = [
        ("zh", "牵头单位并入", "配合单位并入", "牵头单位更名"),
        (
            "en",
            "lead merged",
            "supporting unit merged",
            "lead renamed",
        ),
    ];
    for (lang, lead, support, renamed) in cases {
        let out = l
            .run_on("2026-12-03", &["--lang", lang, "history"])
            .ok()
            .stdout;
        // Whether a row of task `id` on `day` holds `label`.
        let said = |day: &str, id: &str, label: &str| {
            out.lines().any(|line| {
                line.starts_with(day) && line.contains(&format!(" {id} ")) && line.contains(label)
            })
        };
        assert!(said("2026-12-01", "3.5", lead), "{lang}:\n{out}");
        assert!(said("2026-12-01", "3.2", support), "{lang}:\n{out}");
        assert!(said("2026-12-01", "2.3", renamed), "{lang}:\n{out}");
        // The first rename, onto a name no task had, stays a rename.
        assert!(said("2026-11-02", "3.1", renamed), "{lang}:\n{out}");
        assert!(!said("2026-11-02", "3.1", lead), "{lang}:\n{out}");
    }
}
