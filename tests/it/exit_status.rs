//! One exit status for every refused typed value (issue 19): whether clap's parser or the
//! command refuses it (a date needs today's date, so it is read after clap), a value that
//! cannot be read as its kind exits 2, the status tracker(1)'s EXIT STATUS gives it; a
//! command refused by the ledger (no such task, a unit close to another) exits 1. Either way
//! one line on stderr and nothing written.

use crate::support::Ledger;

/// Values that cannot be read as their kind, one or more per kind and per place they are
/// read; every one exits 2.
const UNREADABLE: &[&[&str]] = &[
    // statuses, progress, numbers (read by clap)
    &["list", "--status", "xx"],
    &["update", "1.1", "--status", "doen"],
    &["update", "1.1", "--progress", "101"],
    &["update", "1.1", "--progress", "abc"],
    &["units", "--weeks", "0"],
    // spans and weeks (clap)
    &["list", "--due-within", "xx"],
    &["list", "--stale", "9x"],
    &["report", "--week", "xx"],
    &["collect", "--missing", "--week", "2026-W99"],
    // dates (read by the command, against today)
    &["update", "1.1", "--deadline", "xx"],
    &["update", "1.1", "--deadline", "2026-02-30"],
    &["update", "1.1", "--deadline", "4.3"],
    &["update", "1.1", "--deadline", "+99999m"],
    &[
        "add",
        "--rec",
        "1",
        "--title",
        "题",
        "--lead",
        "组织科",
        "--deadline",
        "明年某天",
    ],
    &["history", "--since", "xx"],
    &["report", "--from", "xx", "--to", "2026-12-01"],
    &["init", "--start", "xx"],
    &["--today", "xx", "list"],
    &["notice", "--all", "--reply-by", "xx", "--out", "{dir}/n"],
    // task ids that are not ids
    &["update", "xx", "--note", "a"],
    &["show", "1.x"],
    &["note", "abc", "记"],
    &["history", "1\u{200b}.1"],
    // texts with what no text may hold
    &["update", "1.1", "--title", "a\u{202e}b"],
    &["update", "1.1", "--lead", "组\u{200b}织科"],
    &["update", "1.1", "--note", "a\u{1b}[2Jb"],
    &["note", "1.1", ""],
    &["update", "1.1", "--by", "张\u{7}三", "--progress", "5"],
    &["list", "--owner", "组\u{200b}织科"],
];

/// Values that read but that the ledger refuses: exit 1.
const REFUSED: &[&[&str]] = &[
    &["show", "9.9"],
    &["update", "9.9", "--note", "a"],
    &["update", "1.1", "--lead", "组织课"],
    &["update", "1.1", "--remove-support", "不存在"],
    &["update", "1.1", "--status", "done", "--progress", "50"],
    &["list", "--owner", "科"],
    &["list", "--rec", "99"],
    &[
        "notice",
        "--all",
        "--reply-by",
        "2026-01-01",
        "--out",
        "{dir}/n",
    ],
];

fn run_all(l: &Ledger, table: &[&[&str]], code: i32, lang: &str) {
    let dir = l.dir.path().display().to_string();
    for args in table {
        let args: Vec<String> = std::iter::once(format!("--lang={lang}"))
            .chain(args.iter().map(|a| a.replace("{dir}", &dir)))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let before = l.dump();
        let out = l.run(&args);
        assert_eq!(
            out.code, code,
            "{args:?}: expected exit {code}, stderr: {}",
            out.stderr
        );
        let prefix = if lang == "zh" { "错误：" } else { "error: " };
        let msg = out.fails(code, &[prefix]);
        assert!(!msg.contains("panicked"), "{args:?}: {msg}");
        assert_eq!(l.dump(), before, "{args:?}: nothing written");
    }
}

#[test]
fn every_unreadable_value_exits_2_whoever_reads_it() {
    let l = Ledger::seeded("2026-11-02");
    run_all(&l, UNREADABLE, 2, "en");
    run_all(&l, UNREADABLE, 2, "zh");
}

#[test]
fn a_command_the_ledger_refuses_exits_1() {
    let l = Ledger::seeded("2026-11-02");
    run_all(&l, REFUSED, 1, "en");
}

/// The page says what the code does: 2 names values, 1 names refusals.
#[test]
fn the_manual_page_gives_the_same_codes() {
    let l = Ledger::new("2026-11-30");
    for page in [vec!["man"], vec!["man", "update"]] {
        let roff = l.run(&page).ok().stdout;
        let at = roff.find(".SH \"EXIT STATUS\"").expect("EXIT STATUS");
        let section = &roff[at..];
        let section = &section[..section[1..].find("\n.SH").unwrap_or(section.len() - 1) + 1];
        let entry = |code: &str| {
            let from = section
                .find(&format!(".TP\n{code}\n"))
                .unwrap_or_else(|| panic!("entry {code} in {section}"));
            section[from..]
                .lines()
                .nth(2)
                .unwrap_or_default()
                .to_string()
        };
        let two = entry("2");
        for kind in ["value", "date", "status", "progress", "task id"] {
            assert!(two.contains(kind), "exit 2 names {kind}: {two}");
        }
        let one = entry("1");
        assert!(one.contains("no such task"), "{one}");
    }
}
