//! A table header breaks over lines only where the terminal is too narrow for it (issue 17,
//! tester j, finding 6: `Can-` / `celled` and `Unre-` / `ported` at 200 columns and piped).

use crate::support::{Ledger, run};

/// The header lines of the table whose first header line starts with `Rec.` and holds
/// `first`: the lines down to the rule under them.
fn header_of<'a>(out: &'a str, first: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("Rec.") && l.contains(first))
        .unwrap_or_else(|| panic!("a table headed {first:?} in {out}"));
    lines[at..]
        .iter()
        .take_while(|l| !l.starts_with("---"))
        .copied()
        .collect()
}

#[test]
fn english_summary_headers_break_only_when_the_terminal_is_too_narrow() {
    let l = Ledger::seeded("2026-10-05");
    l.run_on("2026-11-30", &["update", "1.2", "--status", "cancelled"])
        .ok();
    // (COLUMNS, or none when piped; whether the words are whole on one header line)
    let cases: [(Option<&str>, bool); 4] = [
        (Some("200"), true),
        (Some("140"), true),
        (None, true),
        (Some("80"), false),
    ];
    for (columns, whole) in cases {
        let mut c = l.cmd();
        c.env_remove("COLUMNS");
        if let Some(n) = columns {
            c.env("COLUMNS", n);
        }
        c.args([
            "--lang",
            "en",
            "report",
            "--week",
            "this",
            "--today",
            "2026-11-30",
        ]);
        let out = run(&mut c).ok().stdout;
        let width: usize = columns.map_or(100, |n| n.parse().unwrap());
        for line in out.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= width,
                "wider than {width}: {line:?}"
            );
        }
        let summary = header_of(&out, "Tasks");
        let pace = header_of(&out, "Ahead");
        for (head, word) in [
            (&summary, "Cancelled"),
            (&summary, "Overdue"),
            (&pace, "Unreported"),
        ] {
            if whole {
                assert_eq!(head.len(), 1, "{columns:?}: {head:?}");
                assert!(head[0].contains(word), "{columns:?}: {word} in {head:?}");
            }
            // Never a hyphen where the line has room for the word.
            assert!(
                !head.iter().any(|l| l.contains('-')) || !whole,
                "{columns:?}: {head:?}"
            );
        }
        if !whole {
            // At 80 the summary has no room for every header on one line: they wrap, and
            // the table still fits (checked above).
            assert!(summary.len() > 1, "{columns:?}: {summary:?}");
        }
    }
}
