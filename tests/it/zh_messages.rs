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

/// Each place in `text` where a space stands before full-width punctuation (`组织科 ，`,
/// `…） 。`): Chinese text sets its punctuation against the character before it, and a space
/// there is a gap in the line, not a word break. The place is shown with a few characters
/// around it.
pub fn space_before_fullwidth(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for i in 1..chars.len() {
        if "，。；：、）！？」”".contains(chars[i]) && chars[i - 1].is_whitespace() {
            let from = i.saturating_sub(8);
            let to = (i + 4).min(chars.len());
            found.push(chars[from..to].iter().collect());
        }
    }
    found
}

#[test]
fn the_punctuation_checker_finds_a_space_before_a_fullwidth_mark() {
    assert!(space_before_fullwidth("1.4：已记录备注，进度 40%。").is_empty());
    assert_eq!(
        space_before_fullwidth("已改名为 组织科 ，共3项"),
        ["改名为 组织科 ，共3项"]
    );
    assert_eq!(space_before_fullwidth("见附件 。"), ["见附件 。"]);
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
    (&["--today", "明年", "list"], 2),
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
                    for at in space_before_fullwidth(text) {
                        failures.push(format!("{full:?} {stream}: a space before ，: {at}"));
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
        "in zh output:\n{}",
        failures.join("\n")
    );
}

/// Words a Chinese message may carry: names, not prose. The program, its commands (as typed in
/// `见 'tracker list'`), file and text formats, the week names `--week` takes as typed, and the
/// TOML literals a config value is told to be.
const NAMES: &[&str] = &[
    "tracker",
    // `--encoding big5` (an encoding's name, split by the checker at the digit).
    "big",
    "init",
    "list",
    "show",
    "history",
    "update",
    "note",
    "add",
    "report",
    "units",
    "rename",
    "import",
    "undo",
    "backup",
    "export",
    "sheets",
    "collect",
    "notice",
    "restore",
    "copy",
    "man",
    "completions",
    "xlsx",
    "xls",
    "ods",
    "csv",
    "json",
    "html",
    "markdown",
    "docx",
    "txt",
    "toml",
    "utf",
    "gbk",
    "table",
    "last",
    "this",
    "next",
    "ISO",
    "true",
    "false",
    "MiB",
    // The config file's keys, named as flags are.
    "db",
    "password",
    "lang",
    "due_soon_days",
    "actor",
    "report_format",
    "network_share",
    "stale_days",
    "report_every",
    "pace_amber",
    "pace_red",
    "unit_weeks",
    "office",
    "first_issue",
];

/// Bad invocations, one kind of mistake each, with the exit code they get (1: refused by the
/// command, 2: the command line does not parse). `{dir}` is the ledger's folder, which holds
/// `bad.json` (an object that is no export), `bad.xlsx` (text named .xlsx), `empty.txt` and
/// `bad.csv` (no sheet's marker).
const BAD: &[(&[&str], i32)] = &[
    // ids
    (&["show", "9.9"], 1),
    (&["show", "abc"], 2),
    (&["show", "1."], 2),
    (&["update", "14", "--progress", "5"], 2),
    (&["note", "7.1", "无此任务"], 1),
    (&["history", "9.9"], 1),
    (&["show", "1\u{200b}.1"], 2),
    // statuses
    (&["update", "1.1", "--status", "doen"], 2),
    (&["update", "1.1", "--status", "xyz"], 2),
    (&["update", "1.1", "--status", "完成了吧"], 2),
    (&["list", "--status", "open"], 2),
    (
        &[
            "update",
            "1.1",
            "--status",
            "not-started",
            "--progress",
            "50",
        ],
        1,
    ),
    (
        &["update", "1.1", "--status", "done", "--progress", "50"],
        1,
    ),
    // numbers and progress
    (&["update", "1.1", "--progress", "120"], 2),
    (&["update", "1.1", "--progress", "abc"], 2),
    (&["report", "--limit", "-1"], 2),
    (&["report", "--trend-weeks", "5000"], 2),
    (&["units", "--weeks", "0"], 2),
    (
        &["add", "--rec", "0", "--title", "题", "--lead", "组织科"],
        2,
    ),
    // dates and spans
    (&["update", "1.1", "--deadline", "2026-13-45"], 2),
    (&["update", "1.1", "--deadline", "04/03/2026"], 2),
    (&["update", "1.1", "--deadline", "4.3"], 2),
    (&["update", "1.1", "--deadline", "+99999m"], 2),
    (&["init", "--start", "foo"], 2),
    (&["history", "--since", "2026-13-01"], 2),
    (&["--today", "明年", "list"], 2),
    (&["list", "--due-within", "14x"], 2),
    (&["list", "--due-within", "99999d"], 2),
    (&["list", "--stale", "abc"], 2),
    (&["report", "--from", "2026-11-01"], 1),
    (&["report", "--from", "2026-11-30", "--to", "2026-11-01"], 1),
    // weeks
    (&["report", "--week", "2026-W99"], 2),
    (&["report", "--week", "lastweek"], 2),
    (&["collect", "--missing", "--week", "foo"], 2),
    // units and texts
    (&["update", "1.1", "--lead", "组织课"], 1),
    (&["update", "1.1", "--lead", "-"], 1),
    (&["update", "1.1", "--lead", "组\u{200b}织科"], 2),
    (&["update", "1.1", "--title", "a\u{202e}b"], 2),
    (
        &["update", "1.1", "--by", "张\u{7}三", "--progress", "5"],
        2,
    ),
    (&["update", "1.1", "--remove-support", "不存在"], 1),
    (&["update", "1.1", "--remove-support", "干部课"], 1),
    (
        &["update", "1.1", "--lead", "组织科", "--support", "组织科"],
        1,
    ),
    (
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "题",
            "--lead",
            "组织科",
            "--support",
            "组织科",
        ],
        1,
    ),
    (
        &["add", "--rec", "4", "--title", "题", "--lead", "组织科"],
        1,
    ),
    (&["note", "1.1", ""], 2),
    (&["list", "--owner", "科"], 1),
    (&["list", "--owner", "组\u{200b}织科"], 2),
    (&["report", "--owner", "不存在的科"], 1),
    (&["units", "rename", "不存在的科", "新科"], 1),
    (&["units", "rename", "组织科", ""], 2),
    (&["list", "--rec", "99"], 1),
    // files
    (&["import", "/nonexistent/报告.txt"], 1),
    (&["import", "{dir}"], 1),
    (&["import", "{dir}/empty.txt"], 1),
    (&["import", "{dir}/bad.xlsx"], 1),
    (&["import", "{dir}/empty.txt", "--encoding", "latin1"], 2),
    (&["collect", "{dir}/bad.xlsx"], 1),
    (&["collect", "{dir}/bad.csv"], 1),
    (&["restore", "{dir}/bad.json", "--db", "{dir}/new1.db"], 1),
    (&["restore", "{dir}/empty.txt", "--db", "{dir}/new2.db"], 1),
    (&["restore", "{dir}/bad.json"], 1),
    (&["backup", "/nonexistent/dir/x.db"], 1),
    (&["backup", "{dir}/bad.json"], 1),
    (&["export", "--out", "{dir}"], 1),
    (&["export", "--format", "xlsx"], 1),
    (&["report", "--out", "{dir}"], 1),
    (&["sheets", "--out", "{dir}/s", "--owner", "不存在的科"], 1),
    (&["init"], 1),
    (&["man", "nosuch"], 1),
    (
        &[
            "notice",
            "--all",
            "--reply-by",
            "不知哪天",
            "--out",
            "{dir}/n",
        ],
        2,
    ),
    (
        &[
            "notice",
            "--owner",
            "组织课",
            "--reply-by",
            "2026-12-31",
            "--out",
            "{dir}/n",
        ],
        1,
    ),
    (&["undo", "--by", "无名氏"], 1),
    // the command line itself (clap's own complaints)
    (&["update", "1.1", "--bogus"], 2),
    (&["update", "1.1", "--progress"], 2),
    (&["list", "extra"], 2),
    (&["frobnicate"], 2),
    (&["list", "--sort", "foo"], 2),
    (&["list", "--format", "xml"], 2),
    (&["report", "--format", "pdf"], 2),
    (&["report", "--series", "monthly"], 2),
    (&["--color", "sometimes", "list"], 2),
    (&["completions", "tcsh"], 2),
    (&["update", "1.1", "--no-support", "--support", "组织科"], 2),
    (&["list", "--rec", "1", "--rec", "2"], 2),
    (&["add", "--rec", "1"], 2),
    (&["sheets"], 2),
];

/// Config files that are refused, one kind of mistake each (every command reads the file).
const BAD_CONFIG: &[&str] = &[
    "stale_days = \"14d\"",
    "due_soon_days = 400",
    "lang = 5",
    "lang = \"fr\"",
    "colour = 1",
    "report_every = 0",
    "pace_amber = 50\npace_red = 10",
    "pace_amber = 500",
    "unit_weeks = 9999",
    "first_issue = 0",
    "report_format = \"pdf\"",
    "x = = 1",
    "network_share = \"yes\"",
    "db = 5",
    "actor = \"\"",
    "actor = \"张\u{200b}三\"",
];

/// Every error path, in zh and in en: one line on stderr, the code it should be, the ledger
/// untouched; in zh no English word outside quoted values, flags, paths and [`NAMES`]; in en
/// the message keeps its English.
#[test]
fn every_error_path_speaks_the_language_asked_for() {
    let l = Ledger::seeded("2026-11-23");
    let dir = l
        .dir
        .path()
        .to_str()
        .expect("a UTF-8 temp path")
        .to_string();
    std::fs::write(l.dir.path().join("bad.json"), "{\"x\": 1}\n").unwrap();
    std::fs::write(l.dir.path().join("bad.xlsx"), "not a workbook").unwrap();
    std::fs::write(l.dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(l.dir.path().join("bad.csv"), "a,b\n1,2\n").unwrap();
    let before = l.dump();
    let mut failures = Vec::new();
    let mut check = |case: String, lang: &str, out: crate::support::Output, code: i32| {
        if out.code != code {
            failures.push(format!(
                "{case}: exit {} (not {code}): {}",
                out.code, out.stderr
            ));
            return;
        }
        let line = out.stderr.trim_end_matches('\n');
        let prefix = if lang == "zh" { "错误：" } else { "error: " };
        if !line.starts_with(prefix) || line.contains('\n') || line.contains('\u{1b}') {
            failures.push(format!("{case}: not one '{prefix}' line: {}", out.stderr));
        }
        let words = english_words(line, if lang == "zh" { NAMES } else { &[] });
        if lang == "zh" && !words.is_empty() {
            failures.push(format!("{case}: English {words:?} in {line}"));
        }
        for at in space_before_fullwidth(line) {
            failures.push(format!(
                "{case}: a space before full-width punctuation: {at}"
            ));
        }
        if lang == "en" && words.is_empty() {
            failures.push(format!("{case}: no English in {line}"));
        }
    };
    for (args, code) in BAD {
        let args: Vec<String> = args.iter().map(|a| a.replace("{dir}", &dir)).collect();
        for lang in ["zh", "en"] {
            let mut full = vec!["--lang", lang];
            full.extend(args.iter().map(String::as_str));
            let out = l.run(&full);
            check(format!("{full:?}"), lang, out, *code);
        }
    }
    let config = l.dir.path().join("config.toml");
    for text in BAD_CONFIG {
        std::fs::write(&config, text).unwrap();
        for lang in ["zh", "en"] {
            let out = crate::support::run(
                l.cmd()
                    .env("TRACKER_CONFIG", &config)
                    .env("TRACKER_LANG", lang)
                    .arg("list"),
            );
            check(format!("config {text:?} ({lang})"), lang, out, 1);
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n{} failures",
        failures.join("\n"),
        failures.len()
    );
    assert_eq!(l.dump(), before, "a refused command wrote to the ledger");
}
