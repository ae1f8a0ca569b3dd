//! Completion's values (issue 19): units as the task and the line leave them, weeks, dates
//! and spans, formats, man pages, and the ledger completion reads (`--db`, `TRACKER_DB`, one
//! missing, broken, old or locked), each offered through bash's real completion function.

use std::path::Path;

use crate::completion::{bash, bash_in, units};
use crate::support::Ledger;

#[test]
fn bash_offers_the_ledgers_units_for_unit_options() {
    let l = Ledger::seeded("2026-03-02");
    let mut want = units(&l);
    want.sort();
    assert!(want.len() > 3);
    for line in [
        &["update", "1.4", "--lead", ""][..],
        &["add", "--rec", "1", "--lead", ""],
        &["add", "--rec", "1", "--support", ""],
        &["list", "--owner", ""],
        &["report", "--owner", ""],
        &["units", "rename", ""],
    ] {
        let mut got = bash(&l, line);
        got.sort();
        assert_eq!(got, want, "{line:?}");
    }
    // A part of a name finds the names holding it.
    let some = &want[0];
    let middle: String = some.chars().skip(1).take(2).collect();
    assert!(bash(&l, &["list", "--owner", &middle]).contains(some));
}

#[test]
fn weeks_formats_and_fixed_values_are_offered() {
    let l = Ledger::seeded("2026-11-25");
    let weeks = bash(&l, &["report", "--week", ""]);
    for w in [
        "last", "this", "next", "上周", "本周", "2026-W48", "2026-W47", "2026-W49", "2026-W37",
    ] {
        assert!(weeks.contains(&w.to_string()), "lacks {w}: {weeks:?}");
    }
    // Every week offered is one `report` takes.
    for w in &weeks {
        l.run(&["report", "--week", w, "--format", "json"]).ok();
    }
    assert_eq!(
        bash(&l, &["report", "--week", "2026-W4"]),
        vec![
            "2026-W49", "2026-W48", "2026-W47", "2026-W46", "2026-W45", "2026-W44", "2026-W43",
            "2026-W42", "2026-W41", "2026-W40"
        ]
        .into_iter()
        .filter(|w| w.starts_with("2026-W4"))
        .map(String::from)
        .collect::<Vec<_>>()
    );
    // `--today` earlier on the line moves the weeks.
    let moved = bash(
        &l,
        &["--today", "2026-03-04", "report", "--week", "2026-W1"],
    );
    assert!(moved.contains(&"2026-W10".to_string()), "{moved:?}");
    let formats = bash(&l, &["report", "--format", ""]);
    assert_eq!(
        formats,
        ["table", "markdown", "csv", "json", "html", "xlsx", "docx"]
    );
    assert_eq!(bash(&l, &["list", "--format", ""]), ["table", "json"]);
    assert_eq!(
        bash(&l, &["list", "--sort", ""]),
        ["id", "deadline", "status"]
    );
    assert_eq!(bash(&l, &["--lang", ""]), ["zh", "en"]);
    assert_eq!(
        bash(&l, &["completions", ""]),
        ["bash", "zsh", "fish", "powershell"]
    );
    assert_eq!(
        bash(&l, &["import", "x.txt", "--encoding", "g"]),
        ["gb18030", "gbk"]
    );
    let pages = bash(&l, &["man", "u"]);
    assert_eq!(pages, ["update", "units", "units-rename", "undo"]);
    for page in pages {
        l.run(&["man", &page]).ok();
    }
}

#[test]
fn completion_honours_db_given_on_the_line_and_in_the_environment() {
    let l = Ledger::seeded("2026-03-02");
    let other = l.dir.path().join("other.db");
    l.run_in(&other, &["init", "--empty"]).ok();
    l.run_in(
        &other,
        &[
            "add",
            "--rec",
            "7",
            "--headline",
            "另一项",
            "--title",
            "只在另一本",
            "--lead",
            "外单位",
        ],
    )
    .ok();
    let other_s = other.to_str().unwrap();
    assert_eq!(bash(&l, &["--db", other_s, "update", ""]), ["7.1"]);
    assert_eq!(bash(&l, &["update", "--db", other_s, ""]), ["7.1"]);
    assert_eq!(
        bash(&l, &["--db", other_s, "list", "--owner", ""]),
        ["外单位"]
    );
    // Written with `=` (bash splits it) and quoted.
    assert_eq!(bash(&l, &["--db", "=", other_s, "show", ""]), ["7.1"]);
    let quoted = format!("'{other_s}'");
    assert_eq!(bash(&l, &["--db", &quoted, "show", ""]), ["7.1"]);
    // TRACKER_DB alone.
    let home = l.dir.path().to_path_buf();
    assert_eq!(
        bash_in(&l, &home, &[("TRACKER_DB", other_s)], &["show", ""]),
        ["7.1"]
    );
}

#[test]
fn a_missing_broken_or_old_ledger_gives_no_values_and_no_message() {
    let l = Ledger::new("2026-03-02");
    // Missing, at the default path: nothing offered, and no ledger created.
    assert_eq!(bash(&l, &["update", ""]), Vec::<String>::new());
    assert!(!l.db.exists(), "completion created the ledger");
    // Subcommands and statuses need no ledger.
    assert!(bash(&l, &["up"]).contains(&"update".to_string()));
    assert!(bash(&l, &["update", "1.4", "--status", "d"]).contains(&"done".to_string()));
    let dir = l.dir.path();
    let not_ledger = dir.join("notes.db");
    std::fs::write(&not_ledger, "这不是台账").unwrap();
    let empty = dir.join("empty.db");
    std::fs::write(&empty, "").unwrap();
    let old = dir.join("old.db");
    crate::opening::ledger_from_fixture(&old, 1);
    let before = std::fs::read(&old).unwrap();
    for db in [
        not_ledger.as_path(),
        empty.as_path(),
        dir,
        old.as_path(),
        Path::new("/dev/null"),
    ] {
        let d = db.to_str().unwrap();
        assert_eq!(
            bash(&l, &["--db", d, "update", ""]),
            Vec::<String>::new(),
            "{d}"
        );
        assert_eq!(
            bash(&l, &["--db", d, "list", "--owner", ""]),
            Vec::<String>::new(),
            "{d}"
        );
    }
    assert_eq!(
        std::fs::read(&old).unwrap(),
        before,
        "the old ledger was not upgraded"
    );
    assert!(!dir.join("old.db.v1.bak").exists());
}

#[test]
fn a_ledger_locked_by_a_writer_gives_no_values_quickly() {
    let l = Ledger::seeded("2026-03-02");
    // Another process holds the file in exclusive locking mode (a network-share ledger does).
    let conn = rusqlite::Connection::open(&l.db).unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE tasks SET title = title WHERE 0; ")
        .ok();
    let got = bash(&l, &["update", ""]);
    assert!(got.is_empty() || got.len() == 16, "{got:?}");
    drop(conn);
}

/// The units a task-and-line leave worth offering, for `update 1.3` led by 组织科 and
/// supported by 县区 and 人事局: `--remove-support` its supports only, `--add-support` every
/// other unit but its lead, `--support` every unit but the lead (the command refuses a lead
/// as support), and never a unit already named on the line.
#[test]
fn unit_completion_follows_the_task_and_the_line() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.3", "--add-support", "人事局"]).ok();
    let task = l.run(&["show", "1.3", "--format", "json"]).ok().json();
    assert_eq!(task["lead"], "组织科");
    assert_eq!(task["support"], serde_json::json!(["县区", "人事局"]));
    let all = units(&l);
    let but = |gone: &[&str]| {
        let mut v: Vec<String> = all
            .iter()
            .filter(|u| !gone.contains(&u.as_str()))
            .cloned()
            .collect();
        v.sort();
        v
    };
    let cases: Vec<(&[&str], Vec<String>)> = vec![
        (
            &["update", "1.3", "--remove-support", ""],
            vec!["人事局".into(), "县区".into()],
        ),
        (
            &[
                "update",
                "1.3",
                "--remove-support",
                "县区",
                "--remove-support",
                "",
            ],
            vec!["人事局".into()],
        ),
        (
            &["update", "1.3", "--remove-support", "人"],
            vec!["人事局".into()],
        ),
        (
            &["update", "1.3", "--remove-support", "=", ""],
            vec!["人事局".into(), "县区".into()],
        ),
        (
            &["update", "1.3", "--add-support", ""],
            but(&["组织科", "县区", "人事局"]),
        ),
        (
            &[
                "update",
                "1.3",
                "--add-support",
                "干部科",
                "--add-support",
                "",
            ],
            but(&["组织科", "县区", "人事局", "干部科"]),
        ),
        (&["update", "1.3", "--support", ""], but(&["组织科"])),
        (
            &["update", "1.3", "--support", "干部科", "--support", ""],
            but(&["组织科", "干部科"]),
        ),
        // `--lead` on the line is the lead the supports must differ from.
        (
            &["update", "1.3", "--lead", "干部科", "--support", ""],
            but(&["干部科"]),
        ),
        (
            &["update", "1.3", "--support", "县区", "--lead", ""],
            but(&["县区"]),
        ),
        (
            &["add", "--rec", "1", "--lead", "组织科", "--support", ""],
            but(&["组织科"]),
        ),
        // A task with no supports has none to take off; an id that is no task, every unit.
        (&["update", "1.4", "--remove-support", ""], vec![]),
        (&["update", "9.9", "--add-support", ""], but(&[])),
    ];
    for (line, want) in cases {
        let mut got = bash(&l, line);
        got.sort();
        assert_eq!(got, want, "{line:?}");
    }
}

/// `tracker man` offers the pages, once: after a page nothing more.
#[test]
fn man_offers_its_pages_once() {
    let l = Ledger::seeded("2026-03-02");
    let pages = bash(&l, &["man", ""]);
    for p in ["update", "list", "units", "units-rename", "notice", "man"] {
        assert!(pages.contains(&p.to_string()), "lacks {p}: {pages:?}");
    }
    assert!(!pages.iter().any(|p| p == "dev" || p.starts_with("__")));
    for line in [
        &["man", "units", ""][..],
        &["man", "update", ""],
        &["man", "units", "rename", ""],
    ] {
        assert_eq!(bash(&l, line), Vec::<String>::new(), "{line:?}");
    }
    assert!(bash(&l, &["man", "units", "--"]).contains(&"--dir".to_string()));
}

/// Options that take a day offer the date words and offsets (never files), each one the
/// command accepts; options that take a span offer spans, each accepted.
#[test]
fn date_and_span_options_offer_their_forms_not_files() {
    let l = Ledger::seeded("2026-11-25");
    std::fs::write(l.dir.path().join("报告.txt"), "x").unwrap();
    for line in [
        &["notice", "--reply-by", ""][..],
        &["update", "1.4", "--deadline", ""],
        &["add", "--deadline", ""],
        &["report", "--to", ""],
        &["--today", ""],
    ] {
        let got = bash(&l, line);
        for w in ["today", "tomorrow", "月底", "下周五", "年底", "+2w"] {
            assert!(got.contains(&w.to_string()), "{line:?} lacks {w}: {got:?}");
        }
        assert!(!got.iter().any(|f| f.contains("报告")), "{line:?}: {got:?}");
    }
    // A start looked back to offers past days (issue 19, finding 7), each of which is read.
    for line in [&["history", "--since", ""][..], &["report", "--from", ""]] {
        let got = bash(&l, line);
        for w in ["yesterday", "前天", "上周五", "上月1日", "上月底", "月初"] {
            assert!(got.contains(&w.to_string()), "{line:?} lacks {w}: {got:?}");
        }
        for w in ["tomorrow", "下周五", "下月底", "+2w", "报告.txt"] {
            assert!(
                !got.contains(&w.to_string()),
                "{line:?} offers {w}: {got:?}"
            );
        }
        for d in got {
            l.run(&["history", "--since", &d]).ok();
            l.run(&["report", "--from", &d, "--to", "2026-11-25"]).ok();
        }
    }
    // Every date offered is taken as a deadline.
    for d in bash(&l, &["update", "1.4", "--deadline", ""]) {
        l.run(&["update", "1.4", "--deadline", &d]).ok();
    }
    for line in [
        &["list", "--stale", ""][..],
        &["list", "--due-within", ""],
        &["import", "x.txt", "--within", ""],
    ] {
        let got = bash(&l, line);
        for w in ["14d", "2w", "1m"] {
            assert!(got.contains(&w.to_string()), "{line:?} lacks {w}: {got:?}");
        }
        assert!(!got.iter().any(|f| f.contains("报告")), "{line:?}: {got:?}");
        for span in got {
            l.run(&["list", "--stale", &span]).ok();
            l.run(&["list", "--due-within", &span]).ok();
        }
    }
    // `--stale` may stand alone: a flag after it is still a flag.
    assert!(bash(&l, &["list", "--stale", "--"]).contains(&"--overdue".to_string()));
    assert_eq!(bash(&l, &["list", "--stale", "1"]), ["14d", "1w", "1m"]);
}
