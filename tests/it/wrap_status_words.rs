//! The terminal report's week column names a status in its news (`status set to
//! in-progress.`, `状态改为进行中`): the word is never broken, in English as in Chinese, at
//! any terminal width (issue 17, tester j, finding 4: `in-progres` / `s.` at 80, 90, 120).

use crate::support::{Ledger, run};

/// The part of `line` from display column `col` on.
fn from_column(line: &str, col: usize) -> &str {
    let mut w = 0;
    for (i, c) in line.char_indices() {
        if w >= col {
            return &line[i..];
        }
        w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    ""
}

/// The week column's lines of task `id`'s row, the column found by its `header`.
fn cell_lines(out: &str, header: &str, id: &str) -> Vec<String> {
    let head = out
        .lines()
        .find(|l| l.contains(header))
        .unwrap_or_else(|| panic!("a {header} header in {out}"));
    let col = unicode_width::UnicodeWidthStr::width(&head[..head.find(header).unwrap()]);
    let mut lines = out
        .lines()
        .skip_while(|l| !l.starts_with(&format!("{id} ")));
    let first = lines.next().expect("the task's row");
    let mut cells = vec![from_column(first, col).trim().to_string()];
    for l in lines.take_while(|l| l.starts_with(' ')) {
        cells.push(from_column(l, col).trim().to_string());
    }
    cells.retain(|c| !c.is_empty());
    cells
}

#[test]
fn status_words_in_the_week_column_stay_whole_in_both_languages_at_any_width() {
    let l = Ledger::seeded("2026-10-05");
    for (id, status) in [
        ("1.2", "in-progress"),
        ("1.3", "done"),
        ("1.4", "cancelled"),
    ] {
        l.run_on("2026-11-30", &["update", id, "--status", status])
            .ok();
    }
    // (language, the week column's header, each task's status word as its news names it)
    type Case<'a> = (&'a str, &'a str, [(&'a str, &'a str); 3]);
    let langs: [Case; 2] = [
        (
            "en",
            "This week",
            [
                ("1.2", "in-progress"),
                ("1.3", "done"),
                ("1.4", "cancelled"),
            ],
        ),
        (
            "zh",
            "本周进展",
            [("1.2", "进行中"), ("1.3", "已完成"), ("1.4", "已取消")],
        ),
    ];
    // Where the progress table folds tight (below 72 columns, or crowded), the title comes
    // first and an English status may still be cut there.
    for columns in [80, 90, 100, 120, 140] {
        for (lang, header, words) in &langs {
            let mut c = l.cmd();
            c.env("COLUMNS", columns.to_string()).args([
                "--lang",
                lang,
                "report",
                "--week",
                "this",
                "--today",
                "2026-11-30",
            ]);
            let out = run(&mut c).ok().stdout;
            for (id, word) in words {
                let cells = cell_lines(&out, header, id);
                assert!(
                    cells.iter().any(|c| c.contains(word)),
                    "{lang} at {columns}: {id}'s {word} not whole on one line: {cells:?}"
                );
                for pair in cells.windows(2) {
                    for (k, _) in word.char_indices().skip(1) {
                        assert!(
                            !(pair[0].ends_with(&word[..k]) && pair[1].starts_with(&word[k..])),
                            "{lang} at {columns}: {word} split: {:?} / {:?}",
                            pair[0],
                            pair[1]
                        );
                    }
                }
            }
        }
    }
}
