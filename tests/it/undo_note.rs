//! Undoing a change that carried a note withdraws the note too, and 本周进展 says so (issue
//! 17i, finding 8): `撤销此前的变更：进度由45%降低到30%，撤回进展“督导报告已完成”`, in both
//! languages and every format that words the news, however long ago the change was made.

use crate::support::Ledger;
use crate::tongbao::body;

/// 2.2's news in W50 as markdown words it, in `lang`.
fn news(l: &Ledger, lang: &str) -> String {
    let out = l
        .run_on(
            "2026-12-09",
            &[
                "--lang", lang, "report", "--week", "2026-W50", "--format", "markdown",
            ],
        )
        .ok()
        .stdout;
    let row = out
        .lines()
        .find(|r| r.starts_with("| 2.2 |"))
        .unwrap_or_else(|| panic!("no 2.2 in {out}"));
    row.split(" | ").nth(10).unwrap().to_string()
}

#[test]
fn an_undo_says_the_note_it_withdrew() {
    // (the change undone, zh news, en news)
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["--progress", "45", "--note", "督导报告已完成"],
            "12-08 撤销此前的变更：进度由45%降低到30%，撤回进展“督导报告已完成”。",
            "12-08 taken back: progress lowered from 45% to 30%, withdrawing the note \"督导报告已完成\".",
        ),
        // A note of two lines: its first line.
        (
            &["--progress", "45", "--note", "已赴各单位督导\n报告已报送"],
            "12-08 撤销此前的变更：进度由45%降低到30%，撤回进展“已赴各单位督导”。",
            "12-08 taken back: progress lowered from 45% to 30%, withdrawing the note \"已赴各单位督导\".",
        ),
        // No note: nothing withdrawn.
        (
            &["--progress", "45"],
            "12-08 撤销此前的变更：进度由45%降低到30%。",
            "12-08 taken back: progress lowered from 45% to 30%.",
        ),
        // Two fields and a note: said once, after the last.
        (
            &[
                "--progress",
                "45",
                "--status",
                "blocked",
                "--note",
                "待协调",
            ],
            "12-08 撤销此前的变更：进度由45%降低到30%；状态改为进行中，撤回进展“待协调”。",
            "12-08 taken back: progress lowered from 45% to 30%; status set to in-progress, withdrawing the note \"待协调\".",
        ),
    ];
    for (change, zh, en) in cases {
        let l = Ledger::seeded("2026-11-02");
        l.run_on("2026-11-25", &["update", "2.2", "--progress", "30"])
            .ok();
        let mut args = vec!["update", "2.2"];
        args.extend_from_slice(change);
        // The change a week before the undo: outside the reported week.
        l.run_on("2026-12-04", &args).ok();
        l.run_on("2026-12-08", &["undo"]).ok();
        assert_eq!(news(&l, "zh"), zh, "{change:?}");
        assert_eq!(news(&l, "en"), en, "{change:?}");
        // The 通报's 二 says the same.
        let out = l.dir.path().join("w50.docx");
        l.run_on(
            "2026-12-09",
            &[
                "report",
                "--week",
                "2026-W50",
                "--draft",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        let b = body(&out);
        let want = zh.replace("12-08 ", "12月8日，");
        assert!(
            b.paras.iter().any(|(_, t)| t.ends_with(&want)),
            "{want} not in {:?}",
            b.paras
        );
    }
}
