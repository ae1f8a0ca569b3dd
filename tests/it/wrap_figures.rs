//! The terminal report's 本周进展 column (issue 17, finding 6): a line break never falls inside
//! a figure (`100%`, `-30.2`, `1,250.5`, `2026-12-03`) nor inside a status word (`已完成`),
//! at any terminal width.

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

/// The 本周进展 cell lines of task `id`'s row in the progress table.
fn cell_lines(out: &str, id: &str) -> Vec<String> {
    let header = out
        .lines()
        .find(|l| l.contains("本周进展"))
        .expect("a 本周进展 header");
    let col = unicode_width::UnicodeWidthStr::width(&header[..header.find("本周进展").unwrap()]);
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

fn is_figure_char(c: char) -> bool {
    c.is_ascii_digit() || ".,-:%+".contains(c)
}

#[test]
fn the_progress_column_keeps_figures_and_status_words_whole() {
    let l = Ledger::seeded("2026-10-05");
    l.run_on(
        "2026-11-20",
        &[
            "update",
            "1.2",
            "--deadline",
            "2026-11-25",
            "--progress",
            "60",
        ],
    )
    .ok();
    l.run_on("2026-11-30", &["update", "1.2", "--status", "done"])
        .ok();
    l.run_on(
        "2026-11-30",
        &[
            "note",
            "1.3",
            "完成投资1,250.5万元，占计划87.5%，偏差-30.2，较上周+9.8，于2026-12-03前验收",
        ],
    )
    .ok();
    let words = ["已完成", "进行中", "未开始", "已取消"];
    for columns in (80..=140).step_by(3).chain([100]) {
        let mut c = l.cmd();
        c.env("COLUMNS", columns.to_string()).args([
            "--lang",
            "zh",
            "report",
            "--week",
            "this",
            "--today",
            "2026-11-30",
        ]);
        let out = run(&mut c).ok().stdout;
        for id in ["1.2", "1.3"] {
            let cells = cell_lines(&out, id);
            let joined: String = cells.concat();
            for whole in [
                "100%",
                "60%",
                "已完成",
                "1,250.5",
                "87.5%",
                "-30.2",
                "+9.8",
                "2026-12-03",
            ] {
                if (id == "1.2") == ["100%", "60%", "已完成"].contains(&whole) {
                    assert!(joined.contains(whole), "{id} at {columns}: {cells:?}");
                }
            }
            for pair in cells.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                let (Some(last), Some(first)) = (a.chars().last(), b.chars().next()) else {
                    continue;
                };
                assert!(
                    !((last.is_ascii_digit() && is_figure_char(first))
                        || (is_figure_char(last) && first.is_ascii_digit() && last != '%')),
                    "a figure split at {columns} columns: {a:?} / {b:?}"
                );
                for w in words {
                    for (k, _) in w.char_indices().skip(1) {
                        assert!(
                            !(a.ends_with(&w[..k]) && b.starts_with(&w[k..])),
                            "{w} split at {columns} columns: {a:?} / {b:?}"
                        );
                    }
                }
            }
        }
    }
}
