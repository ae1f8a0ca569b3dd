//! Table cells in the Word documents (the 通报's attachment, the 督办通知单): an id, a date, a
//! day count never breaks inside its cell, whatever the ledger holds (2.10, 110.10, 已逾期436天);
//! every table repeats its header row on each page and never splits a row.

use std::path::Path;

use crate::support::{Ledger, zip_part};

/// One table of `document.xml`: its grid (twips) and its rows of (cell text, line breaks).
struct DocTable {
    grid: Vec<usize>,
    rows: Vec<(String, Vec<(String, usize)>)>,
}

fn text_of(xml: &str) -> String {
    let mut out = String::new();
    for piece in xml.split("<w:t").skip(1) {
        let Some(open) = piece.find('>') else {
            continue;
        };
        if piece[..open].ends_with('/') {
            continue;
        }
        if let Some(close) = piece.find("</w:t>") {
            out.push_str(&piece[open + 1..close]);
        }
    }
    out
}

fn tables(path: &Path) -> Vec<DocTable> {
    let xml = zip_part(path, "word/document.xml");
    xml.split("<w:tbl>")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</w:tbl>").expect("a closed table")];
            let grid = t
                .split("<w:gridCol w:w=\"")
                .skip(1)
                .map(|s| s.split('"').next().unwrap().parse().unwrap())
                .collect();
            let rows = t
                .split("<w:tr>")
                .skip(1)
                .map(|r| {
                    let props = r[..r.find("<w:tc>").unwrap_or(0)].to_string();
                    let cells = r
                        .split("<w:tc>")
                        .skip(1)
                        .map(|c| (text_of(c), c.matches("<w:br").count()))
                        .collect();
                    (props, cells)
                })
                .collect();
            DocTable { grid, rows }
        })
        .collect()
}

/// The room a value needs on one line at 5号 (10.5 pt = 210 twips an em), reckoned apart from
/// the program's own rule: a CJK character one em, any other 0.55 em (仿宋's digits are 0.5),
/// a quarter em where CJK and digits meet (Word's autospace), and Word's 0.19 cm (108 twips)
/// cell margins on both sides.
fn needs(s: &str) -> usize {
    let mut twips = 2.0 * 108.0;
    let mut last: Option<bool> = None;
    for c in s.chars() {
        let wide = !c.is_ascii();
        if last.is_some_and(|w| w != wide) {
            twips += 52.5;
        }
        last = Some(wide);
        twips += if wide { 210.0 } else { 0.55 * 210.0 };
    }
    twips as usize
}

/// Each table: a header row repeated on every page, no row split, the grid within `total`
/// twips, and each column named in `whole` as wide as each of its values needs, with no
/// break inside a value.
fn check(path: &Path, total: usize, whole: &[&str]) -> usize {
    let ts = tables(path);
    assert!(!ts.is_empty(), "{path:?} has a table");
    let mut checked = 0;
    for t in &ts {
        assert_eq!(t.grid.iter().sum::<usize>(), total, "grid {:?}", t.grid);
        for (k, (props, _)) in t.rows.iter().enumerate() {
            assert!(props.contains("<w:cantSplit"), "row {k}: {props}");
            assert_eq!(props.contains("<w:tblHeader"), k == 0, "row {k}: {props}");
        }
        let header: Vec<&str> = t.rows[0].1.iter().map(|c| c.0.as_str()).collect();
        // Every header on one line (配合单位, not 配合单/位).
        for (k, h) in header.iter().enumerate() {
            assert!(t.grid[k] >= needs(h), "header {h}: {} twips", t.grid[k]);
        }
        for name in whole {
            let k = header.iter().position(|h| h == name).expect(name);
            for (_, cells) in &t.rows[1..] {
                let (text, breaks) = &cells[k];
                assert_eq!(*breaks, 0, "{name} {text:?} broken");
                assert!(
                    t.grid[k] >= needs(text),
                    "{name} column {} twips < {} for {text:?}",
                    t.grid[k],
                    needs(text)
                );
                checked += 1;
            }
        }
    }
    checked
}

/// A seeded ledger whose recommendation 2 runs to 2.12, the new tasks long overdue.
fn long_ids() -> Ledger {
    let l = Ledger::seeded("2025-01-06");
    for (k, deadline) in [
        "2025-02-01",
        "2025-03-15",
        "2025-04-30",
        "2025-06-01",
        "2025-07-09",
        "2025-08-20",
    ]
    .iter()
    .enumerate()
    {
        l.run_on(
            "2025-01-06",
            &[
                "add",
                "--rec",
                "2",
                "--title",
                &format!("补充事项{k}"),
                "--lead",
                "组织科",
                "--deadline",
                deadline,
            ],
        )
        .ok();
    }
    l
}

#[test]
fn notice_ids_and_day_counts_stay_whole_in_their_cells() {
    let l = long_ids();
    let dir = l.dir.path().join("通知");
    l.run_on(
        "2026-11-30",
        &[
            "notice",
            "--owner",
            "组织科",
            "--reply-by",
            "2026-12-07",
            "--out",
            dir.to_str().unwrap(),
        ],
    )
    .ok();
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let xml = zip_part(&file, "word/document.xml");
    assert!(
        xml.contains(">2.12<") && xml.contains(">2.10<"),
        "the new ids"
    );
    let long = xml
        .split("已逾期")
        .skip(1)
        .any(|s| s.chars().take_while(char::is_ascii_digit).count() == 3);
    assert!(long, "a task more than 100 days overdue");
    assert!(check(&file, 8844, &["序号", "完成时限", "状态", "进度", "提示"]) >= 30);
}

#[test]
fn the_attachment_gives_ids_of_three_digit_recommendations_their_room() {
    // 1,200 tasks: recommendations 1 to 120, ids up to 120.10.
    let l = Ledger::new("2026-11-30");
    l.run(&["dev", "synth", "--tasks", "1200", "--events-per-task", "1"])
        .ok();
    let out = l.dir.path().join("通报.docx");
    for rec in ["7", "110"] {
        l.run(&[
            "report",
            "--rec",
            rec,
            "--format",
            "docx",
            "--out",
            out.to_str().unwrap(),
        ])
        .ok();
        let checked = check(
            &out,
            12_756,
            &["序号", "完成时限", "状态", "进度", "序时进度"],
        );
        assert!(checked >= 5 * 9, "{checked}");
        assert!(zip_part(&out, "word/document.xml").contains(&format!(">{rec}.10<")));
    }
    // Notices of a unit with tasks in all of them, both parts.
    let dir = l.dir.path().join("n");
    l.run(&[
        "notice",
        "--owner",
        "办公室",
        "--reply-by",
        "2026-12-07",
        "--out",
        dir.to_str().unwrap(),
    ])
    .ok();
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(tables(&file).len(), 2);
    check(&file, 8844, &["序号", "完成时限", "状态", "进度", "提示"]);
}

#[test]
fn headings_keep_with_what_they_head() {
    let l = long_ids();
    let out = l.dir.path().join("通报.docx");
    l.run_on(
        "2026-11-30",
        &["report", "--format", "docx", "--out", out.to_str().unwrap()],
    )
    .ok();
    let xml = zip_part(&out, "word/document.xml");
    let mut headings = 0;
    for p in xml.split("<w:p ").skip(1) {
        let props = &p[..p.find("</w:pPr>").unwrap_or(0)];
        if props.contains("GwHeading1") || props.contains("GwHeading2") {
            assert!(props.contains("<w:keepNext"), "{props}");
            headings += 1;
        }
    }
    assert!(headings >= 5, "{headings}");
}

/// The attachment's columns (17j #5): the date as wide as it needs and no wider, the short
/// columns their width, and the week's news and the latest note the widest of the text
/// columns, wider than the date; together the landscape type area.
#[test]
fn the_attachment_gives_the_news_columns_the_room_the_dates_do_not_need() {
    let l = Ledger::seeded("2026-10-05");
    l.run_on(
        "2026-11-25",
        &[
            "update",
            "1.1",
            "--progress",
            "30",
            "--status",
            "in-progress",
            "--note",
            "已赴各培训单位督导",
        ],
    )
    .ok();
    let out = l.dir.path().join("w48.docx");
    l.run_on(
        "2026-11-30",
        &[
            "--lang",
            "zh",
            "report",
            "--week",
            "last",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let t = tables(&out)
        .into_iter()
        .find(|t| t.grid.len() == 11)
        .expect("the attachment's table");
    let g = &t.grid;
    assert_eq!(g.iter().sum::<usize>(), 12_756, "{g:?}");
    // (column, its widest value, the most twips beyond what that value needs)
    let measured: [(usize, &str, usize); 5] = [
        (0, "序号", 200),
        (4, "2026-11-27", 200),
        (5, "进行中", 200),
        (6, "100%", 200),
        (7, "健康", 200),
    ];
    for (k, widest, spare) in measured {
        let need = needs(widest);
        assert!(
            g[k] >= need && g[k] <= need + spare,
            "column {k} is {} twips for {widest:?}, which needs {need}: {g:?}",
            g[k]
        );
    }
    // The news columns: wider than every other column (the task's title included).
    for news in [9, 10] {
        for k in (0..9).filter(|&k| k != news) {
            assert!(g[news] > g[k], "column {news} not wider than {k}: {g:?}");
        }
    }
}
