//! The report as a document (issue 17 §5, second round): html, markdown, csv and xlsx leave
//! hidden and direction characters out (`render::for_document`), only the terminal shows them
//! as `\u{..}`; a note written in several lines keeps them in every format.

use std::io::Read;

use crate::support::Ledger;

/// (stored text, what a document shows)
const HIDDEN: [(&str, &str); 6] = [
    ("a\u{202e}cba", "acba"),
    ("\u{2067}隔离\u{2069}", "隔离"),
    ("零\u{200b}宽", "零宽"),
    ("左\u{200e}右\u{200f}", "左右"),
    ("嵌\u{202a}入\u{202c}", "嵌入"),
    ("标\u{feff}记", "标记"),
];

/// Every text a report's file holds (an xlsx's shared strings and sheets, unzipped).
fn file_text(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_none_or(|e| e != "xlsx") {
        return String::from_utf8(bytes).unwrap();
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let xml = f.name().is_ok_and(|n| n.ends_with(".xml"));
        if xml {
            f.read_to_string(&mut all).unwrap();
        }
    }
    all
}

#[test]
fn documents_leave_hidden_characters_out_and_the_terminal_shows_them() {
    let l = Ledger::seeded("2026-09-01");
    // Titles and a unit no command accepts with these (an old ledger, a hand-edited file),
    // written straight into the file; notes as typed.
    for (i, (text, _)) in HIDDEN.iter().enumerate() {
        l.edit(
            &format!(
                "UPDATE tasks SET title = ?1 WHERE recommendation = {} AND item = {}",
                1 + i / 5,
                i % 5 + 1
            ),
            &[format!("题{i}{text}").as_str()],
        );
    }
    l.edit(
        "UPDATE units SET name = ?1 WHERE name = '组织科'",
        &["组织\u{202e}科"],
    );
    for (i, (text, _)) in HIDDEN.iter().enumerate() {
        let id = format!("2.{}", i + 1);
        l.run_on("2026-11-25", &["note", &id, &format!("记{i}{text}")])
            .ok();
    }
    for format in ["html", "md", "csv", "xlsx"] {
        let out = l.dir.path().join(format!("周报.{format}"));
        l.run_on(
            "2026-11-30",
            &[
                "--lang",
                "zh",
                "report",
                "--week",
                "2026-W48",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        let text = file_text(&out);
        assert!(!text.contains("u{"), "{format}: an escape in the document");
        for c in text.chars() {
            assert!(
                !matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'),
                "{format}: raw U+{:04X}",
                c as u32
            );
        }
        for (i, (_, shown)) in HIDDEN.iter().enumerate() {
            assert!(
                text.contains(&format!("题{i}{shown}")),
                "{format}: title {i}"
            );
            assert!(
                text.contains(&format!("记{i}{shown}")),
                "{format}: note {i}"
            );
        }
        assert!(text.contains("组织科"), "{format}: the unit");
    }
    // The terminal shows each as an escape, never raw.
    let table = l
        .run_on(
            "2026-11-30",
            &[
                "--lang", "zh", "report", "--week", "2026-W48", "--limit", "0",
            ],
        )
        .ok()
        .stdout;
    assert!(table.contains("\\u{202e}"), "{table}");
    assert!(!table.contains('\u{202e}'));
}

#[test]
fn a_note_keeps_its_lines_in_every_format() {
    let l = Ledger::seeded("2026-09-01");
    let breaks = ["\n", "\r\n", "\r", "\u{2028}", "\u{2029}"];
    for (k, br) in breaks.iter().enumerate() {
        let id = format!("2.{}", k + 1);
        l.run_on("2026-11-25", &["note", &id, &format!("甲{k}{br}乙{k}")])
            .ok();
    }
    let report = |format: &str| {
        l.run_on(
            "2026-11-30",
            &[
                "--lang", "zh", "report", "--week", "2026-W48", "--format", format, "--limit", "0",
            ],
        )
        .ok()
        .stdout
    };
    let (md, html, table) = (report("markdown"), report("html"), report("table"));
    for k in 0..breaks.len() {
        // (format, the two lines as it writes them)
        let cases = [
            ("markdown", &md, format!("11-25 甲{k}<br>乙{k}")),
            ("html", &html, format!("11-25 甲{k}<br>乙{k}")),
        ];
        for (format, out, want) in cases {
            assert!(out.contains(&want), "{format}: {want} in\n{out}");
        }
        // The terminal: the second line on a line of its own, under the first.
        let first = table
            .lines()
            .position(|line| line.contains(&format!("11-25 甲{k}")))
            .unwrap_or_else(|| panic!("{k}:\n{table}"));
        let next = table.lines().nth(first + 1).unwrap();
        assert!(
            next.trim_end().ends_with(&format!("乙{k}。")),
            "{k}:\n{table}"
        );
        assert!(!table.contains("u{2028}") && !table.contains("u{2029}"));
    }
}
