//! Issue 17, the testers' small findings: headers joined as one phrase in xlsx, markdown and
//! html; `list --stale` refusing a span of nothing or a negative one as a bad value; `show` on
//! the deadline day; one line for an undone notice run; Windows device names in file names.

use crate::books::{Book, text};
use crate::support::Ledger;

const START: &str = "2026-11-02";
const TODAY: &str = "2026-11-25";

fn ledger() -> Ledger {
    let l = Ledger::seeded(START);
    l.run_on(
        "2026-11-10T09:00:00",
        &["update", "1.2", "--progress", "30", "--note", "已起草"],
    )
    .ok();
    l.run_on(
        "2026-11-11T09:00:00",
        &["update", "2.1", "--status", "cancelled"],
    )
    .ok();
    l
}

/// Every non-empty cell of every sheet, as text.
fn cells(book: &Book) -> Vec<String> {
    let mut out = Vec::new();
    for name in book.names() {
        let sheet = book.sheet(name);
        for &(r, c) in sheet.keys() {
            out.push(text(sheet, r, c));
        }
    }
    out
}

/// A word broken by the terminal's hyphenation and joined with a space (`Can- celled`), or a
/// space put between two Chinese characters or before a full-width bracket (`平均 进度`).
fn broken_join(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    c.windows(3).any(|w| {
        let wide = |ch: char| unicode_width::UnicodeWidthChar::width(ch) == Some(2);
        (w[0] == '-' && w[1] == ' ' && w[2].is_ascii_lowercase())
            || (w[1] == ' ' && wide(w[0]) && wide(w[2]))
    })
}

#[test]
fn report_headers_read_as_one_phrase_in_every_document_format() {
    let l = ledger();
    for lang in ["en", "zh"] {
        let path = l.dir.path().join(format!("周报-{lang}.xlsx"));
        l.run_on(
            TODAY,
            &[
                "--lang",
                lang,
                "report",
                "--format",
                "xlsx",
                "--out",
                path.to_str().unwrap(),
            ],
        )
        .ok();
        let all = cells(&Book::open(&path));
        let wanted: &[&str] = if lang == "en" {
            &["Cancelled", "Overdue", "Unreported"]
        } else {
            &["平均进度", "催办次数（本期/累计）"]
        };
        for w in wanted {
            assert!(all.iter().any(|c| c == w), "{lang}: no header cell {w:?}");
        }
        for c in &all {
            assert!(!broken_join(c), "{lang} xlsx cell {c:?}");
        }
        for format in ["markdown", "html"] {
            let out = l
                .run_on(TODAY, &["--lang", lang, "report", "--format", format])
                .ok()
                .stdout;
            for w in wanted {
                assert!(out.contains(w), "{lang} {format}: no {w:?}");
            }
            let headers: Vec<&str> = out
                .lines()
                .filter(|line| line.contains("<th>") || line.starts_with("| "))
                .collect();
            for h in headers {
                for cell in h.split(['|', '<', '>']) {
                    assert!(!broken_join(cell.trim()), "{lang} {format}: {cell:?}");
                }
            }
        }
    }
}

#[test]
fn stale_span_of_nothing_or_negative_is_a_bad_value_naming_what_is_accepted() {
    let l = ledger();
    let before = l.dump();
    for span in ["0d", "0", "0w", "0m", "-5d", "-1w", "-0d", "－５d", "０天"] {
        l.run_on(TODAY, &["list", "--stale", span])
            .fails(2, &["error: ", "--stale", "at least 1 day", "14d"]);
        l.run_on(TODAY, &["--lang", "zh", "list", "--stale", span])
            .fails(2, &["错误：", "--stale", "至少 1 天"]);
        let joined = format!("--stale={span}");
        l.run_on(TODAY, &["list", &joined])
            .fails(2, &["at least 1 day"]);
    }
    // Other bad spans keep their own message; a following flag is not taken as the span.
    l.run_on(TODAY, &["list", "--stale", "abc"])
        .fails(2, &["'abc'", "14d"]);
    l.run_on(TODAY, &["list", "--stale", "--overdue"]).ok();
    l.run_on(TODAY, &["list", "--stale", "1d"]).ok();
    l.run_on(TODAY, &["list", "--due-within", "-5d"])
        .fails(2, &["--due-within", "14d"]);
    assert_eq!(l.dump(), before, "a refused list changes nothing");
}

#[test]
fn show_on_the_deadline_day_says_due_today_as_the_notice_does() {
    let l = ledger();
    l.run_on(
        "2026-11-12T09:00:00",
        &["update", "1.3", "--deadline", "2026-11-27"],
    )
    .ok();
    for (day, zh, en) in [
        ("2026-11-27", "（今日到期）", "(due today)"),
        ("2026-11-26", "（剩余 1 天）", "(1 days left)"),
        ("2026-11-28", "（逾期 1 天）", "(1 days overdue)"),
    ] {
        let out = l.run_on(day, &["--lang", "zh", "show", "1.3"]).ok().stdout;
        assert!(out.contains(zh), "{day}: {out}");
        assert!(!out.contains("剩余 0 天"), "{out}");
        let out = l.run_on(day, &["--lang", "en", "show", "1.3"]).ok().stdout;
        assert!(out.contains(en), "{day}: {out}");
        assert!(!out.contains("0 days left"), "{out}");
    }
}

#[test]
fn undoing_a_notice_run_says_one_line_with_its_counts_and_the_files_left() {
    let l = ledger();
    let folder = l.dir.path().join("通知");
    std::fs::create_dir(&folder).unwrap();
    let dir = folder.to_str().unwrap();
    let notice = ["notice", "--all", "--reply-by", "2026-12-04", "--out", dir];
    l.run_on(TODAY, &notice).ok();
    let files = std::fs::read_dir(&folder).unwrap().count();
    let open = l.run_on(TODAY, &["list", "--format", "json"]).ok().json();
    let tasks = open.as_array().map_or(0, Vec::len);
    assert!(files > 1 && tasks > files, "{files} notices, {tasks} tasks");
    let out = l.run_on(TODAY, &["undo"]).ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", out.stdout);
    let line = lines[0];
    for part in [
        format!("withdrew {files} notices"),
        format!("from {tasks} tasks"),
        "督办〔2026〕1号 to".into(),
        "files already written still carry these serials".into(),
    ] {
        assert!(line.contains(&part), "{part:?} in {line}");
    }
    // Undoing the undo posts them again: one line too, in Chinese under zh.
    let out = l.run_on(TODAY, &["--lang", "zh", "undo"]).ok();
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(
        out.stdout.contains(&format!("督办通知单 {files} 份")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("涉及任务 {tasks} 项")),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("undid"), "{}", out.stdout);
    let out = l.run_on(TODAY, &["--lang", "zh", "undo"]).ok();
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("撤回督办通知单") && out.stdout.contains("已写出的文件仍带有这些编号")
    );
    // An undone change that is not a notice run keeps its line per task.
    l.run_on(TODAY, &["update", "1.2", "--progress", "40"]).ok();
    let out = l.run_on(TODAY, &["undo"]).ok();
    assert!(out.stdout.starts_with("undid change #") && out.stdout.contains("on 1.2"));
}

/// Windows reserves device names (CON, PRN, AUX, NUL, COM1–9, LPT1–9) in any case, alone or
/// before an extension: a file named so cannot be opened there.
fn reserved(file: &str) -> bool {
    let stem = file.split('.').next().unwrap().trim_end().to_uppercase();
    ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem[3..].chars().all(|c| ('1'..='9').contains(&c)))
}

#[test]
fn a_unit_named_as_a_windows_device_gets_a_safe_notice_and_sheet_file() {
    let l = Ledger::seeded(START);
    let units = [
        "CON", "nul", "Aux.txt", "PRN .doc", "com1", "LPT9", "COM10", "CONS", "_CON",
    ];
    for u in units {
        l.run_on(
            "2026-11-10T09:00:00",
            &[
                "add",
                "--rec",
                "1",
                "--title",
                &format!("{u}的任务"),
                "--lead",
                u,
                "--new-unit",
            ],
        )
        .ok();
    }
    for (i, run) in ["notice", "sheets"].iter().enumerate() {
        let folder = l.dir.path().join(format!("out{i}"));
        std::fs::create_dir(&folder).unwrap();
        let dir = folder.to_str().unwrap();
        let mut args = vec![*run, "--out", dir];
        if *run == "notice" {
            args.extend(["--all", "--reply-by", "2026-12-04"]);
        }
        l.run_on(TODAY, &args).ok();
        let names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        for u in units {
            let stem = u.split('.').next().unwrap().trim_end();
            let file = names
                .iter()
                .find(|n| n.to_uppercase().contains(&stem.to_uppercase()))
                .unwrap_or_else(|| panic!("{run}: no file for {u} in {names:?}"));
            assert!(!reserved(file), "{run}: {file}");
        }
        for n in &names {
            assert!(!reserved(n), "{run}: {n}");
        }
        // Names Windows does not reserve keep their name as it is.
        assert!(names.iter().any(|n| n.starts_with("COM10-")), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("CONS-")), "{names:?}");
    }
}
