//! Ledger text in the 通报: markup stays text, hidden characters are left out.

use crate::support::Ledger;
use crate::tongbao::{part, tongbao};

#[test]
fn markup_in_titles_and_names_is_text_in_the_document() {
    let l = Ledger::seeded("2026-09-01");
    let title = "修订<规则>&“细则”'附表'";
    l.run(&[
        "add",
        "--rec",
        "1",
        "--title",
        title,
        "--lead",
        "A&B<科>",
        "--deadline",
        "2026-10-01",
    ])
    .ok();
    l.run_on("2026-11-25", &["note", "1.6", "</w:t></w:r>&amp;"])
        .ok();
    let (b, json) = tongbao(&l, "2026-11-30", &["--week", "2026-W48"]);
    let summary = json["summary_text"].as_str().unwrap();
    assert!(summary.contains("由A&B<科>牵头"), "{summary}");
    assert!(b.paras.iter().any(|(_, t)| t == summary));
    let row = b.tables[0]
        .1
        .iter()
        .find(|r| r[0] == "1.6")
        .expect("row 1.6");
    assert_eq!(row[1], title);
    assert_eq!(row[2], "A&B<科>");
    assert!(row[9].contains("</w:t></w:r>&amp;"), "{:?}", row[9]);
}

#[test]
fn hidden_characters_in_ledger_text_are_left_out_of_the_document() {
    let l = Ledger::seeded("2026-09-01");
    // (stored text, what the document shows)
    let cases = [
        ("a\u{202e}cba", "acba"),
        ("\u{2067}隔离\u{2069}", "隔离"),
        ("零\u{200b}宽", "零宽"),
        ("\u{1b}[31m红\u{1b}[0m", "[31m红[0m"),
        ("响铃\u{7}", "响铃"),
        ("C1\u{9b}31m", "C131m"),
        ("行\u{2028}分隔", "行 分隔"),
        ("标\u{feff}记\u{fffe}", "标记"),
    ];
    // Titles and units no command accepts with these (an old ledger, a hand-edited file),
    // written straight into the file; notes as typed.
    for (i, (text, _)) in cases.iter().enumerate() {
        let (rec, item) = (1 + i / 5, i % 5 + 1);
        l.edit(
            &format!("UPDATE tasks SET title = ?1 WHERE recommendation = {rec} AND item = {item}"),
            &[*text],
        );
    }
    l.edit(
        "UPDATE units SET name = ?1 WHERE name = '组织科'",
        &["组织\u{202e}科"],
    );
    for (text, _) in &cases {
        if !text.chars().any(|c| c.is_control()) {
            l.run_on("2026-11-25", &["note", "3.1", text]).ok();
        }
    }
    let (b, _) = tongbao(&l, "2026-11-30", &["--week", "2026-W48", "--limit", "0"]);
    let out = l.dir.path().join("通报--week_2026-W48_--limit_0.docx");
    let xml = part(&out, "word/document.xml");
    assert!(!xml.contains("\\u{"), "escapes in the document");
    for c in xml.chars() {
        assert!(
            !(c.is_control() && c != '\n'
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{200b}' | '\u{feff}' | '\u{fffe}')),
            "raw U+{:04X} in the document",
            c as u32
        );
    }
    let rows = &b.tables[0].1;
    for (i, (_, shown)) in cases.iter().enumerate() {
        let id = format!("{}.{}", 1 + i / 5, i % 5 + 1);
        let row = rows.iter().find(|r| r[0] == id).expect(&id);
        assert_eq!(row[1], *shown, "{id}");
    }
    assert!(
        rows.iter().any(|r| r[2] == "组织科"),
        "the unit, without its override"
    );
    let news = &rows.iter().find(|r| r[0] == "3.1").unwrap()[9];
    for (text, shown) in &cases {
        if !text.chars().any(|c| c.is_control()) {
            // A note keeps its lines: U+2028 is a line break there.
            let shown = if text.contains('\u{2028}') {
                "行\n分隔"
            } else {
                shown
            };
            assert!(news.contains(shown), "{shown} in {news:?}");
        }
    }
}

/// The 通报 is an official document sent upward (GB/T 9704): Chinese whatever `--lang` (the
/// last tester's finding 6). With news, a note, notices, a rename and overdue tasks in the
/// week, `--lang en` writes the same document as `--lang zh`, byte for byte, and no English
/// word of the report's labels gets in.
#[test]
fn the_tongbao_is_the_same_chinese_document_whatever_the_language() {
    let l = crate::tongbao::ledger();
    let dir = l.dir.path().join("n");
    l.run_on(
        "2026-11-27",
        &[
            "notice",
            "--all",
            "--reply-by",
            "2026-12-04",
            "--out",
            dir.to_str().unwrap(),
        ],
    )
    .ok();
    l.run_on("2026-11-28", &["units", "rename", "人才工作科", "人才科"])
        .ok();
    // (--lang, --draft or the numbered issue): each pair must give the same bytes.
    let mut documents = Vec::new();
    for (lang, extra) in [
        ("zh", None),
        ("en", None),
        ("zh", Some("--draft")),
        ("en", Some("--draft")),
    ] {
        let out = l
            .dir
            .path()
            .join(format!("{lang}{}.docx", extra.unwrap_or("")));
        let mut args = vec![
            "--lang",
            lang,
            "report",
            "--week",
            "2026-W48",
            "--format",
            "docx",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        let run = l.run_on("2026-11-30", &args).ok();
        // Only the message on stderr follows --lang.
        let said = if lang == "en" { "wrote" } else { "已写入" };
        assert!(run.stderr.contains(said), "{lang}: {}", run.stderr);
        documents.push((lang, extra, part(&out, "word/document.xml")));
    }
    for pair in documents.chunks(2) {
        let ((_, extra, zh), (_, _, en)) = (&pair[0], &pair[1]);
        assert!(zh == en, "{extra:?}: --lang en differs from --lang zh");
        for word in [
            "Summary", "overdue", "Progress", "blocked", "on track", "notice", "renamed",
        ] {
            assert!(!en.contains(word), "{extra:?}: {word:?} in the 通报");
        }
        for want in ["一、总体进展", "人才工作科更名为人才科", "督办通知单"] {
            assert!(en.contains(want), "{extra:?}: no {want:?}");
        }
    }
    // And the help and the man page say so.
    for (args, says) in [
        (&["report", "--help"][..], "in Chinese whatever --lang"),
        (
            &["--lang", "zh", "report", "--help"][..],
            "无论 --lang 均为中文",
        ),
        (
            &["man", "report"][..],
            "An official document: in Chinese whatever \\-\\-lang",
        ),
    ] {
        // (Wrapped to the terminal: compared with each run of spaces as one.)
        let out = l.run(args).ok().stdout;
        let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(says), "{args:?}: no {says:?} in\n{out}");
    }
}
