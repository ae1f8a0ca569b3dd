//! `list` in a terminal 56 to 120 columns wide (issue 19): the title column keeps at least
//! ten display columns; the optional columns give way first, pace (序时) before the progress
//! percentage before health, and the table stays inside the terminal.

use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

use crate::support::{Ledger, assert_aligned, run, table_part};

/// The headers of `list`'s table (its second line) with the display column each starts at.
fn headers(out: &str) -> Vec<(String, usize)> {
    let line = out.lines().nth(1).expect("a header line");
    let mut found = Vec::new();
    let mut at = 0;
    let mut word = String::new();
    let mut start = 0;
    for c in line.chars() {
        if c == ' ' {
            if !word.is_empty() {
                found.push((std::mem::take(&mut word), start));
            }
        } else {
            if word.is_empty() {
                start = at;
            }
            word.push(c);
        }
        at += c.to_string().width();
    }
    if !word.is_empty() {
        found.push((word, start));
    }
    found
}

/// A ledger whose recommendation 9 has long titles and a long lead, on a day its tasks have a
/// pace light.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-03-02");
    l.run(&[
        "add",
        "--rec",
        "9",
        "--headline",
        "测试",
        "--title",
        "建立健全非公有制企业党建工作指导员制度并定期开展督查",
        "--lead",
        "市委干部教育培训工作领导小组",
        "--deadline",
        "2026-12-31",
    ])
    .ok();
    l.run(&["add", "--rec", "9", "--title", "短题", "--lead", "组织科"])
        .ok();
    l
}

fn list(l: &Ledger, width: usize, lang: &str) -> String {
    run(l.cmd().env("COLUMNS", width.to_string()).args([
        "--lang",
        lang,
        "--today",
        "2026-06-01",
        "list",
        "--rec",
        "9",
    ]))
    .ok()
    .stdout
}

/// Checks one table: the title at least ten columns, the table inside `width`, and the
/// optional columns gone in their order.
fn check(out: &str, width: usize, lang: &str) -> Vec<String> {
    let (task, lead, pace, pct, health) = match lang {
        // A Chinese header wraps in a narrow column (牵头单 / 位): found by its start.
        "zh" => ("工作", "牵头", "序时", "进度", "健康"),
        _ => ("Task", "Lead", "Pace", "%", "Health"),
    };
    let h = headers(out);
    let at = |name: &str| h.iter().find(|(n, _)| n.starts_with(name)).map(|(_, c)| *c);
    let title = at(lead).expect("lead column") - at(task).expect("title column") - 2;
    assert!(title >= 10, "title {title} columns at {width}:\n{out}");
    assert_aligned(&table_part(out), width);
    let names: Vec<String> = h.iter().map(|(n, _)| n.clone()).collect();
    let has = |n: &str| names.iter().any(|x| x.starts_with(n));
    // Pace goes before %, % before health.
    assert!(!has(pace) || has(pct), "{width}: {names:?}");
    assert!(!has(pct) || has(health), "{width}: {names:?}");
    names
}

#[test]
fn the_title_keeps_ten_columns_and_pace_gives_way_first() {
    let l = ledger();
    let cases: &[(usize, &[&str], &[&str])] = &[
        (120, &["Pace", "%", "Health"], &[]),
        (80, &["Pace", "%", "Health"], &[]),
        (66, &["%", "Health"], &["Pace"]),
        (62, &["%", "Health"], &["Pace"]),
        (56, &[], &["Pace", "%", "Health"]),
    ];
    for (width, present, absent) in cases {
        let out = list(&l, *width, "en");
        let names = check(&out, *width, "en");
        for p in *present {
            assert!(names.iter().any(|n| n == p), "{width} lacks {p}:\n{out}");
        }
        for a in *absent {
            assert!(!names.iter().any(|n| n == a), "{width} keeps {a}:\n{out}");
        }
    }
    // Chinese headers: the same rules.
    for width in [62, 70, 80] {
        check(&list(&l, width, "zh"), width, "zh");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Any width from 56 to 120, either language: the title keeps ten columns, the table fits,
    /// and a column is only missing after those that give way before it.
    #[test]
    fn any_width_keeps_the_title_readable(width in 56usize..=120, zh in any::<bool>()) {
        let l = ledger();
        let lang = if zh { "zh" } else { "en" };
        check(&list(&l, width, lang), width, lang);
    }
}
