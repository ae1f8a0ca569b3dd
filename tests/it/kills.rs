//! Kills at known moments: each test stops tracker at a named pause point
//! (`TRACKER_TEST_PAUSE`), checks it is there, kills it, and checks that nothing half-done is
//! left: no file under its final name, no half-created ledger, no half of a bulk write.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::opening::count;
use crate::support::{Ledger, run};

/// Starts `args` paused at `point`, waits until it says it is there, and kills it: the kill
/// lands exactly there (before the rename or commit that would finish the work).
pub fn kill_at(l: &Ledger, db: &Path, point: &str, args: &[&str]) {
    let mut child = l
        .cmd()
        .env("TRACKER_DB", db)
        .env("TRACKER_TEST_PAUSE", point)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let paused = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|line| line.contains(&format!("paused at {point}")));
    assert!(paused, "{args:?} never reached {point}");
    assert!(
        child.try_wait().unwrap().is_none(),
        "still running at {point}"
    );
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the kill landed before {args:?} finished"
    );
}

#[test]
fn a_kill_before_the_rename_leaves_no_half_file_under_the_final_name() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path();
    let before = l.dump();
    let export = dir.join("all.json");
    kill_at(
        &l,
        &l.db,
        "before-rename",
        &["export", "--out", export.to_str().unwrap()],
    );
    assert!(!export.exists());
    let backup = dir.join("copy.db");
    kill_at(
        &l,
        &l.db,
        "backup-copied",
        &["backup", backup.to_str().unwrap()],
    );
    assert!(!backup.exists());
    kill_at(
        &l,
        &l.db,
        "before-rename",
        &["backup", backup.to_str().unwrap()],
    );
    assert!(!backup.exists());
    // Over an existing report, the old one stays whole.
    let week = dir.join("week.txt");
    std::fs::write(&week, "last week's").unwrap();
    kill_at(
        &l,
        &l.db,
        "before-rename",
        &["report", "--out", week.to_str().unwrap()],
    );
    assert_eq!(std::fs::read_to_string(&week).unwrap(), "last week's");
    assert_eq!(l.dump(), before);
    // The copy taken before an upgrade: killed before its rename, no copy and no upgrade.
    let old = dir.join("old.db");
    crate::opening::ledger_from_fixture(&old, 1);
    let old_bytes = std::fs::read(&old).unwrap();
    let old_rows = crate::support::dump(&old);
    kill_at(&l, &old, "before-rename", &["list"]);
    let copy = PathBuf::from(format!("{}.v1.bak", old.display()));
    assert!(!copy.exists());
    assert_eq!(
        std::fs::read(&old).unwrap(),
        old_bytes,
        "no step ran before the copy"
    );
    // Run again, it upgrades with a whole copy.
    run(l.cmd().env("TRACKER_DB", &old).arg("list")).ok();
    assert_eq!(crate::support::dump(&copy), old_rows);
}

#[test]
fn a_kill_before_a_bulk_commit_leaves_an_empty_ledger() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::new("2026-11-26");
    let db = l.db.clone();
    kill_at(
        &l,
        &db,
        "before-commit",
        &["dev", "synth", "--tasks", "300", "--events-per-task", "3"],
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let tasks: i64 = conn
        .query_row("SELECT count(*) FROM tasks", [], |r| r.get(0))
        .unwrap();
    let events: i64 = conn
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!((tasks, events, check.as_str()), (0, 0, "ok"));
}

#[test]
fn a_kill_while_creating_leaves_no_ledger_and_the_next_use_seeds_it_whole() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::new("2026-03-02");
    let mut child = l
        .cmd()
        .env("TRACKER_TEST_PAUSE", "create-before-commit")
        .arg("list")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let paused = BufReader::new(child.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .any(|l| l.contains("paused at create-before-commit"));
    assert!(paused, "never reached the commit");
    assert!(child.try_wait().unwrap().is_none());
    child.kill().unwrap();
    assert!(
        !child.wait().unwrap().success(),
        "the kill landed before the commit"
    );
    assert!(!l.db.exists(), "no ledger, not even an empty one");
    l.run(&["list"]).ok();
    assert_eq!(count(&l.db, "SELECT count(*) FROM tasks"), 16);
}
