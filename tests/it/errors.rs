//! Bad input: a one-line message that names the problem and what is accepted, a non-zero exit,
//! and a ledger exactly as it was.

use crate::support::Ledger;

/// Runs `args` against a seeded ledger and checks the failure leaves every row as it was.
#[track_caller]
fn refused(args: &[&str], code: i32, needles: &[&str]) -> String {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    let msg = l.run(args).fails(code, needles);
    assert_eq!(l.dump(), before, "{args:?} changed the ledger");
    msg
}

#[test]
fn unknown_ids_are_named_with_the_nearest_ones() {
    refused(
        &["update", "9.9", "--status", "done"],
        1,
        &["no task 9.9", "did you mean 3.5"],
    );
    refused(
        &["update", "1.", "--status", "done"],
        2,
        &["invalid task id '1.'", "1.4", "did you mean 1.1, 1.2, 1.3"],
    );
    refused(
        &["update", "1.4.2", "--status", "done"],
        2,
        &["invalid task id '1.4.2'", "did you mean 1.4"],
    );
    refused(
        &["show", "abc"],
        2,
        &["invalid task id 'abc'", "such as 1.4", "did you mean"],
    );
    refused(
        &["note", "1.9", "进展"],
        1,
        &["no task 1.9", "did you mean 1.5"],
    );
    refused(&["history", "0.1"], 2, &["invalid task id '0.1'"]);
}

#[test]
fn invalid_statuses_say_what_is_accepted() {
    let msg = refused(
        &["update", "1.4", "--status", "finished"],
        2,
        &[
            "'finished'",
            "not-started",
            "in-progress",
            "blocked",
            "done",
            "cancelled",
            "已完成",
        ],
    );
    assert!(msg.starts_with("error:"), "{msg}");
    refused(
        &["list", "--status", "closed"],
        2,
        &["'closed'", "not-started"],
    );
}

#[test]
fn invalid_dates_say_what_is_accepted() {
    refused(
        &["update", "1.4", "--deadline", "2026-02-30"],
        2,
        &["'2026-02-30'", "no such day", "YYYY-MM-DD"],
    );
    refused(
        &["update", "1.4", "--deadline", "26-1-1"],
        2,
        &["'26-1-1'", "YYYY-MM-DD"],
    );
    refused(
        &["init", "--force", "--start", "2026-13-01"],
        2,
        &["'2026-13-01'", "YYYY-MM-DD"],
    );
    refused(
        &["history", "--since", "tomorrow?"],
        2,
        &["'tomorrow?'", "YYYY-MM-DD"],
    );
    refused(
        &["--today", "2026-02-30", "list"],
        2,
        &["--today", "YYYY-MM-DD"],
    );
    refused(
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "t",
            "--lead",
            "组织科",
            "--deadline",
            "next week",
        ],
        2,
        &["'next week'", "YYYY-MM-DD"],
    );
}

#[test]
fn invalid_progress_says_what_is_accepted() {
    for bad in ["101", "-1", "1e3", "50.5", ""] {
        refused(&["update", "1.4", "--progress", bad], 2, &["0 to 100"]);
    }
    refused(
        &["update", "1.4", "--status", "done", "--progress", "50"],
        1,
        &["done means progress 100"],
    );
}

#[test]
fn empty_or_unprintable_text_is_refused() {
    refused(
        &["add", "--rec", "1", "--title", "  ", "--lead", "组织科"],
        2,
        &["empty title"],
    );
    refused(
        &["add", "--rec", "1", "--title", "标题", "--lead", ""],
        2,
        &["empty unit name"],
    );
    refused(&["note", "1.4", ""], 2, &["empty note"]);
    refused(
        &["update", "1.4", "--title", "a\u{1b}[2Jb"],
        2,
        &["control character", "U+001B"],
    );
    refused(
        &["update", "1.4", "--lead", "组织科\n人事局"],
        2,
        &["control character"],
    );
}

#[test]
fn other_mistakes_are_clear() {
    refused(&["update", "1.4"], 1, &["nothing to update", "--status"]);
    refused(
        &["list", "--rec", "7"],
        1,
        &["no recommendation 7", "1, 2, 3"],
    );
    refused(&["list", "--rec", "x"], 2, &["'x'", "a number"]);
    refused(&["list", "--due-within", "soon"], 2, &["'soon'", "14d"]);
    refused(&["list", "--format", "xml"], 2, &["'xml'"]);
    refused(&["frobnicate"], 2, &["frobnicate"]);
    refused(
        &["update", "1.4", "--status", "done", "--bogus"],
        2,
        &["--bogus"],
    );
}

#[test]
fn a_directory_or_a_foreign_file_as_the_ledger_is_refused() {
    let l = Ledger::new("2026-03-02");
    let dir = l.dir.path().to_str().unwrap().to_string();
    l.run(&["--db", &dir, "list"]).fails(1, &["is a directory"]);
    let junk = l.dir.path().join("notes.txt");
    std::fs::write(&junk, "这不是数据库".repeat(200)).unwrap();
    l.run(&["--db", junk.to_str().unwrap(), "list"])
        .fails(1, &["not a tracker ledger"]);
    assert_eq!(
        std::fs::read_to_string(&junk).unwrap(),
        "这不是数据库".repeat(200)
    );
}

/// Week years are bounded as dates are (1000–9999), wherever a week is typed.
#[test]
fn weeks_outside_the_years_dates_take_are_refused() {
    for args in [
        &["report", "--week", "0999-W01"][..],
        &["report", "--week", "0000-W10"],
        &["sheets", "--week", "0999-W52", "--out", "s"],
        &["collect", "--missing", "--week", "0001-W01"],
    ] {
        refused(args, 2, &["week years run from 1000 to 9999", "2026-W48"]);
    }
    let l = Ledger::seeded("2026-03-02");
    let out = l.run(&["report", "--week", "9999-W51"]).ok();
    assert!(out.stdout.contains("9999-W51"), "{}", out.stdout);
    // 9999-W52 ends on 10000-01-02, past the last date a ledger takes.
    l.run(&["report", "--week", "9999-W52"])
        .fails(2, &["9999-12-31"]);
}

/// Not started goes with 0% as done goes with 100%: a contradiction is refused, saying what is
/// accepted, and the ledger is left as it was.
#[test]
fn not_started_with_progress_above_zero_is_refused() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "2.1", "--progress", "30"]).ok();
    let before = l.dump();
    for (args, needles) in [
        (
            &[
                "update",
                "1.5",
                "--status",
                "not-started",
                "--progress",
                "30",
            ][..],
            &["not-started means progress 0, not 30", "--progress 0"][..],
        ),
        (
            &["update", "1.5", "--status", "未开始", "--progress", "1"],
            &["not-started means progress 0, not 1"],
        ),
        (
            &["update", "2.1", "--status", "not-started"],
            &["2.1 is at 30%", "--progress 0"],
        ),
    ] {
        l.run(args).fails(1, needles);
        assert_eq!(l.dump(), before, "{args:?} changed the ledger");
    }
    // Both together are what is accepted.
    l.run(&[
        "update",
        "2.1",
        "--status",
        "not-started",
        "--progress",
        "0",
    ])
    .ok();
    let v = l.run(&["show", "2.1", "--format", "json"]).ok().json();
    assert_eq!(
        (v["status"].as_str(), v["progress"].as_u64()),
        (Some("not-started"), Some(0))
    );
}
