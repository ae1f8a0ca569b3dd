//! Restore takes back exactly the event shapes commands write (issue 14 findings): withdrawn
//! and re-posted notes, undone renames and imports round-trip; shapes no command writes and
//! dates outside years 1000–9999 are refused.

use serde_json::{Value, json};

use crate::restore::{ordered, refused, restore};
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
            &[
                "update",
                "1.3",
                "--support",
                "宣传科",
                "--deadline",
                "2026-12-31",
            ],
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

/// The first event of `field` in the export whose `old` is `old_set` and `new` is `new_set`.
fn event_of<'v>(v: &'v mut Value, field: &str, old_set: bool, new_set: bool) -> &'v mut Value {
    v["events"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| {
            e["field"] == field
                && e.get("old").is_some_and(|o| !o.is_null()) == old_set
                && e.get("new").is_some_and(|o| !o.is_null()) == new_set
        })
        .unwrap_or_else(|| panic!("no {field} event"))
}

/// Shapes no command writes, and dates outside the years commands accept (1000–9999), each
/// refused with a message naming it, and nothing left written.
#[test]
fn event_shapes_and_dates_no_command_writes_are_refused() {
    type Edit = fn(&mut Value);
    let cases: &[(&str, Edit, &[&str])] = &[
        (
            "a unit added by an update, given an old name too",
            |v| event_of(v, "support", false, true)["old"] = json!("hacked"),
            &["rename"],
        ),
        (
            "a rename's unit renamed to itself",
            |v| {
                let e = event_of(v, "support", true, true);
                e["new"] = e["old"].clone();
            },
            &["to itself"],
        ),
        (
            "a rename event added to a status change",
            |v| {
                let e = event_of(v, "status", true, true).clone();
                let mut s = e.clone();
                s["field"] = json!("support");
                s["old"] = json!("甲科");
                s["new"] = json!("乙科");
                let events = v["events"].as_array_mut().unwrap();
                let at = events.iter().position(|x| *x == e).unwrap();
                events.insert(at + 1, s);
            },
            &["rename"],
        ),
        (
            "a note with an old value outside an undo",
            |v| event_of(v, "note", false, false)["old"] = json!("旧"),
            &["note", "old value"],
        ),
        (
            "a task deadline in year 999",
            |v| v["tasks"][0]["deadline"] = json!("0999-12-31"),
            &["0999-12-31", "1000-01-01 to 9999-12-31"],
        ),
        (
            "a deadline event in year 999",
            |v| event_of(v, "deadline", true, true)["new"] = json!("0999-12-31"),
            &["0999-12-31"],
        ),
        (
            "a change made in year 999",
            |v| event_of(v, "note", false, false)["at"] = json!("0999-03-02T09:00:00+08:00"),
            &["0999-03-02"],
        ),
        (
            "meta start in year 999",
            |v| v["meta"]["start"] = json!("0999-01-01"),
            &["start", "0999-01-01"],
        ),
    ];
    let l = undone_ledger();
    let export: Value = serde_json::from_str(&l.run(&["export"]).ok().stdout).unwrap();
    for (i, (what, edit, needles)) in cases.iter().enumerate() {
        let mut v = export.clone();
        edit(&mut v);
        let text = ordered(&v);
        let (out, db) = restore(&l, &format!("case{i}"), &text);
        assert_eq!(out.code, 1, "{what}: {}{}", out.stdout, out.stderr);
        refused(out, &db, needles);
    }
}

/// A refused restore leaves nothing: no new ledger file (nor a temporary one) where none was,
/// on a server not even the schema it would have made; and an existing used ledger byte for
/// byte (on a server, row for row) as it was.
#[test]
fn a_refused_restore_leaves_nothing_behind() {
    let l = undone_ledger();
    let export = l.run(&["export"]).ok().stdout;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, export.replace("\"not-started\"", "\"hacked\"")).unwrap();
    // A new ledger on the suite's backend: a file in an empty folder, or a fresh schema.
    let fresh = Ledger::new(&l.today);
    let target = std::path::PathBuf::from(fresh.ledger());
    l.run_in(&target, &["restore", bad.to_str().unwrap()])
        .fails(1, &["hacked"]);
    let folder = fresh.db.parent().unwrap();
    let left: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left beside the ledger: {left:?}");
    if fresh.pg.is_some() {
        assert!(!fresh.holds_schema(), "a refused restore left its schema");
    }
    // Into the used ledger itself: refused, not a byte changed.
    let good = dir.path().join("good.json");
    std::fs::write(&good, &export).unwrap();
    let before = (l.dump(), std::fs::read(&l.db).ok());
    l.run(&["restore", good.to_str().unwrap()])
        .fails(1, &["already holds a plan"]);
    assert!(
        (l.dump(), std::fs::read(&l.db).ok()) == before,
        "the used ledger changed"
    );
    // A good restore into a new ledger works and leaves only the ledger.
    l.run_in(&target, &["restore", good.to_str().unwrap()]).ok();
    assert_eq!(l.run_in(&target, &["export"]).ok().stdout, export);
}

/// On a fresh machine, restore at the default path makes its folder, as a first use does.
#[test]
fn restore_at_the_default_path_makes_its_folder() {
    let l = undone_ledger();
    let export = l.run(&["export"]).ok().stdout;
    let fresh = tempfile::tempdir().unwrap();
    let file = fresh.path().join("a.json");
    std::fs::write(&file, &export).unwrap();
    let run = |args: &[&str]| {
        crate::support::run(
            crate::support::bin()
                .env("HOME", fresh.path())
                .env("XDG_DATA_HOME", fresh.path().join("data"))
                .env("XDG_CONFIG_HOME", fresh.path().join("config"))
                .args(args),
        )
    };
    run(&["restore", file.to_str().unwrap()]).ok();
    assert!(fresh.path().join("data/tracker/tracker.db").is_file());
    assert_eq!(run(&["export"]).ok().stdout, export);
}
