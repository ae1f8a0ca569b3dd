//! Issue 17 §6: with `--lang zh` every message on stdout and stderr is Chinese; English stays
//! the default. A table of failing and succeeding commands, run in both languages.

use crate::support::Ledger;

/// The English words in `text`: runs of 3 or more ASCII letters, outside quoted values
/// ('…', "…", ‘…’, “…”, 「…」) and outside tokens that name a path, a file, a flag or an
/// option (`seed/plan.toml`, `--week`, `a.xlsx`, `TRACKER_LANG`) or a format pattern
/// (`YYYY-MM-DD`), and not in `allowed`.
pub fn english_words(text: &str, allowed: &[&str]) -> Vec<String> {
    // Quoted values are the user's own (an id, a unit, a file name): blanked out.
    let mut plain = String::with_capacity(text.len());
    let mut close: Option<char> = None;
    for c in text.chars() {
        match close {
            Some(q) if c == q => close = None,
            Some(_) => {}
            None => match c {
                '\'' => close = Some('\''),
                '"' => close = Some('"'),
                '‘' => close = Some('’'),
                '“' => close = Some('”'),
                '「' => close = Some('」'),
                c => plain.push(c),
            },
        }
        if close.is_some() || c == '\'' || c == '"' {
            // Quote characters and quoted text stand apart from the words around them.
            if !plain.ends_with(' ') {
                plain.push(' ');
            }
        }
    }
    let mut words = Vec::new();
    // Tokens: split at whitespace and at every non-ASCII character (CJK text and punctuation).
    for token in plain.split(|c: char| c.is_whitespace() || !c.is_ascii()) {
        let token = token.trim_matches(|c: char| ",;:()[]{}!?".contains(c));
        let named = token.contains('/')
            || token.contains('\\')
            || token.starts_with('-')
            || token.contains('_')
            || token.contains('=')
            || (token.contains('.') && !token.ends_with('.'))
            // A format pattern (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS, YYYY-Www) shows a shape.
            || (token.contains('-') && token.chars().all(|c| "YMDTHSWw-:".contains(c)));
        if named {
            continue;
        }
        for run in token.split(|c: char| !c.is_ascii_alphabetic()) {
            if run.len() >= 3 && !allowed.iter().any(|a| a.eq_ignore_ascii_case(run)) {
                words.push(run.to_string());
            }
        }
    }
    words
}

#[test]
fn the_checker_finds_english_and_spares_quoted_values_paths_and_flags() {
    let none: &[&str] = &[];
    assert_eq!(english_words("1.4：已记录备注", none), Vec::<String>::new());
    assert!(
        english_words(
            "错误：没有任务 9.9（是否要找 3.5？见 'tracker list'）",
            none
        )
        .is_empty()
    );
    assert!(english_words("已写入 seed/plan.toml；用 --week 指定", none).is_empty());
    assert!(english_words("单位“Acme”已改名", none).is_empty());
    assert_eq!(
        english_words("1.4: note recorded", none),
        ["note", "recorded"]
    );
    assert_eq!(english_words("错误：invalid 周", none), ["invalid"]);
    assert_eq!(english_words("进度ok，状态done", none), ["done"]);
    assert!(english_words("导出为 xlsx", &["xlsx"]).is_empty());
    assert!(english_words("应为 YYYY-MM-DDTHH:MM:SS 或 YYYY-Www", none).is_empty());
    assert_eq!(english_words("状态 in-progress", none), ["progress"]);
}

/// A ledger with a little history, created on 2026-11-23 (W48).
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-11-23");
    l.run_on(
        "2026-11-24T09:00:00",
        &["update", "1.1", "--progress", "40"],
    )
    .ok();
    l.run_on("2026-11-24T10:00:00", &["note", "1.2", "已拟定方案"])
        .ok();
    l
}

/// Commands that succeed, and commands that fail (with their exit code), each run in zh and
/// in en on a fresh copy of the same ledger.
const CASES: &[(&[&str], i32)] = &[
    (&["note", "1.4", "已召开座谈会"], 0),
    (
        &["update", "1.3", "--progress", "30", "--note", "推进中"],
        0,
    ),
    (&["update", "1.3", "--status", "done"], 0),
    (
        &["add", "--rec", "1", "--title", "新任务", "--lead", "组织科"],
        0,
    ),
    (&["undo"], 0),
    (&["units", "rename", "组织科", "组织一科"], 0),
    (&["list"], 0),
    (&["show", "1.1"], 0),
    (&["history", "1.1"], 0),
    (&["units"], 0),
    (&["report"], 0),
    (&["report", "--week", "上周"], 0),
    (&["note", "9.9", "无此任务"], 1),
    (&["show", "9.9"], 1),
    (&["update", "1.1"], 1),
    (
        &["update", "1.1", "--lead", "组织科", "--support", "组织科"],
        1,
    ),
    (
        &[
            "update",
            "1.4",
            "--status",
            "not-started",
            "--progress",
            "20",
        ],
        1,
    ),
    (
        &["add", "--rec", "99", "--title", "题", "--lead", "组织科"],
        1,
    ),
    (&["list", "--owner", "不存在的科"], 1),
    (&["report", "--rec", "99"], 1),
    (&["report", "--from", "2026-11-30", "--to", "2026-11-01"], 1),
    (&["report", "--format", "xlsx"], 1),
    (&["units", "rename", "不存在的科", "新科"], 1),
    (&["history", "9.9"], 1),
    (&["init"], 1),
    (&["--today", "明年", "list"], 1),
    (&["undo", "--by", "别人"], 1),
    (&["backup", "/"], 1),
    (&["export", "--out", "/"], 1),
    (&["restore", "no-such-export.json"], 1),
    (&["report", "--week", "lastweek"], 2),
    (&["report", "--week", "2026-W60"], 2),
    (&["units", "rename", "组织科", "组织科"], 1),
    (
        &["update", "1.1", "--status", "done", "--progress", "50"],
        1,
    ),
];

#[test]
fn every_message_is_chinese_with_lang_zh_and_english_stays_the_default() {
    // Words that are names, not English prose: the program's own name, file formats, and
    // the week names `--week` accepts as typed (last, this, next).
    let allowed = [
        "tracker", "xlsx", "csv", "json", "html", "markdown", "docx", "last", "this", "next", "ISO",
    ];
    let mut failures = Vec::new();
    for (args, code) in CASES {
        for lang in ["zh", "en"] {
            let mut l = ledger();
            l.today = "2026-11-26".into();
            let mut full = vec!["--lang", lang];
            full.extend_from_slice(args);
            let out = l.run(&full);
            assert_eq!(out.code, *code, "{full:?}: {}{}", out.stdout, out.stderr);
            if *code != 0 {
                let prefix = if lang == "zh" { "错误：" } else { "error: " };
                assert!(out.stderr.starts_with(prefix), "{full:?}: {}", out.stderr);
            }
            if lang == "zh" {
                for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                    let words = english_words(text, &allowed);
                    if !words.is_empty() {
                        failures.push(format!("{full:?} {stream}: {words:?} in {text}"));
                    }
                }
            } else if *code != 0 {
                // English keeps its wording: lowercase prose after `error: `.
                assert!(
                    !english_words(&out.stderr, &[]).is_empty(),
                    "{full:?}: {}",
                    out.stderr
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "English in zh:\n{}",
        failures.join("\n")
    );
}
