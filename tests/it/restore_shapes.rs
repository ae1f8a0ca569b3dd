//! Restore takes back exactly the event shapes commands write (issue 14 findings): withdrawn
//! and re-posted notes, undone renames and imports round-trip; shapes no command writes and
//! dates outside years 1000–9999 are refused.

use serde_json::Value;

use crate::restore::restore;
use crate::support::Ledger;

const REPORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/sentences.txt"
);

/// A ledger whose history holds every undo shape: a note withdrawn, one withdrawn and posted
/// again, a rename undone, an import undone.
fn undone_ledger() -> Ledger {
    let l = Ledger::seeded("2026-03-02");
    let steps: &[(&str, &[&str])] = &[
        ("2026-03-03T09:00:00", &["note", "1.1", "写错了"]),
        ("2026-03-03T09:01:00", &["undo"]),
        ("2026-03-04T09:00:00", &["note", "1.2", "先撤后补"]),
        ("2026-03-04T09:01:00", &["undo"]),
        ("2026-03-04T09:02:00", &["undo"]),
        (
            "2026-03-05T09:00:00",
            &["update", "1.3", "--support", "宣传科"],
        ),
        (
            "2026-03-06T09:00:00",
            &["units", "rename", "宣传科", "宣传处"],
        ),
        ("2026-03-06T09:01:00", &["undo"]),
        ("2026-03-07T09:00:00", &["import", REPORT]),
        ("2026-03-07T09:01:00", &["undo"]),
    ];
    for (today, args) in steps {
        l.run_on(today, args).ok();
    }
    l
}

#[test]
fn withdrawn_and_reposted_notes_undone_renames_and_imports_round_trip() {
    let l = undone_ledger();
    let first = l.run(&["export"]).ok().stdout;
    let v: Value = serde_json::from_str(&first).unwrap();
    let events = v["events"].as_array().unwrap();
    let notes_undone = events
        .iter()
        .filter(|e| e["field"] == "note" && e.get("undoes").is_some_and(|u| !u.is_null()))
        .count();
    assert!(notes_undone >= 2, "{events:?}");
    let (out, db) = restore(&l, "copy", &first);
    out.ok();
    assert_eq!(l.run_in(&db, &["export"]).ok().stdout, first);
    assert_eq!(
        l.run_in(&db, &["history", "--format", "json"]).ok().stdout,
        l.run(&["history", "--format", "json"]).ok().stdout
    );
}
