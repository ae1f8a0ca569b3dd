//! `restore` round trips: what it accepts passes `PRAGMA integrity_check` and reports as the
//! original; imports and the order of supporting units survive export → restore → export;
//! older exports and ledgers restore. The helpers here serve `restore_refused` and
//! `restore_fuzz` too.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::support::{Ledger, Output, dump};

const REPORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/sentences.txt"
);

/// A seeded ledger with updates, notes, a rename, supporting units in a set order, an added
/// task and an imported report.
pub fn busy_ledger() -> Ledger {
    let l = Ledger::seeded("2026-03-02");
    let steps: &[(&str, &[&str])] = &[
        (
            "2026-03-05T09:00:00",
            &["update", "1.1", "--progress", "30", "--note", "已起草"],
        ),
        (
            "2026-03-06T10:00:00",
            &[
                "update",
                "1.2",
                "--support",
                "人事科",
                "--support",
                "市委组织部",
                "--support",
                "干部科",
            ],
        ),
        ("2026-03-07T11:00:00", &["note", "2.1", "已召开座谈会"]),
        (
            "2026-03-08T09:30:00",
            &["update", "1.4", "--status", "done", "--by", "李四"],
        ),
        (
            "2026-03-09T09:00:00",
            &[
                "update",
                "2.2",
                "--title",
                "新标题",
                "--deadline",
                "2026-12-31",
            ],
        ),
        (
            "2026-03-10T09:00:00",
            &["units", "rename", "组织科", "组织一科"],
        ),
        ("2026-03-11T09:00:00", &["import", REPORT]),
        (
            "2026-03-12T09:00:00",
            &["update", "3.1", "--status", "blocked", "--note", "等待批复"],
        ),
    ];
    for (today, args) in steps {
        l.run_on(today, args).ok();
    }
    // Return sheets for a week, one of them collected back (unanswered: no events).
    let dir = l.dir.path().join("反馈表");
    l.run_on(
        "2026-03-12T10:00:00",
        &[
            "sheets",
            "--week",
            "2026-W11",
            "--out",
            dir.to_str().unwrap(),
        ],
    )
    .ok();
    l.run_on(
        "2026-03-13T10:00:00",
        &["collect", returned(&l).to_str().unwrap()],
    )
    .ok();
    l
}

/// The busy ledger's sheet that was collected back.
pub fn returned(l: &Ledger) -> PathBuf {
    l.dir.path().join("反馈表").join("干部科-2026-W11.xlsx")
}

/// The busy ledger's export, made once.
pub fn export() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| busy_ledger().run(&["export"]).ok().stdout)
}

pub fn integrity(db: &Path) -> (String, usize) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let dangling = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |_| Ok(()))
        .unwrap()
        .count();
    (check, dangling)
}

/// Restores `text` into a new ledger in `l`'s folder; returns the outcome and the ledger.
pub fn restore(l: &Ledger, name: &str, text: &str) -> (Output, PathBuf) {
    let file = l.dir.path().join(format!("{name}.json"));
    std::fs::write(&file, text).unwrap();
    let db = l.dir.path().join(format!("{name}.db"));
    let out = l.run_in(&db, &["restore", file.to_str().unwrap()]);
    (out, db)
}

/// Asserts a refusal: one line naming every needle, no raw control character, and no task,
/// event or unit written.
#[track_caller]
pub fn refused(out: Output, db: &Path, needles: &[&str]) -> String {
    let msg = out.fails(1, needles);
    assert!(
        !msg.chars().any(|c| c.is_control()),
        "raw control character in: {msg:?}"
    );
    if db.exists() {
        let rows = dump(db);
        let data: Vec<&str> = rows
            .lines()
            .filter(|l| !l.starts_with("## ") && !l.is_empty())
            .collect();
        assert!(data.is_empty(), "rows written after a refusal: {data:?}");
    }
    msg
}

/// The export as a JSON value, edited by `f` and written back pretty with its parts in an
/// export's order (restore reads them in file order; `Value` sorts keys).
pub fn edited(f: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(export()).unwrap();
    f(&mut v);
    ordered(&v)
}

pub fn ordered(v: &Value) -> String {
    let parts: Vec<String> = [
        "format",
        "version",
        "meta",
        "recommendations",
        "units",
        "imports",
        "sheets_issued",
        "sheets_collected",
        "tasks",
        "events",
        "notices",
    ]
    .iter()
    .filter_map(|k| {
        let part = v.get(k)?;
        Some(format!(
            "  \"{k}\": {}",
            serde_json::to_string_pretty(part).unwrap()
        ))
    })
    .collect();
    format!("{{\n{}\n}}\n", parts.join(",\n"))
}

#[test]
fn the_restored_ledger_passes_integrity_check_and_reports_as_before() {
    let l = busy_ledger();
    let first = l.run(&["export"]).ok().stdout;
    let (out, db) = restore(&l, "copy", &first);
    let out = out.ok();
    assert!(
        out.stdout.contains("restored 18 tasks and 34 events"),
        "{}",
        out.stdout
    );
    assert_eq!(integrity(&db), ("ok".to_string(), 0));
    assert_eq!(l.run_in(&db, &["export"]).ok().stdout, first);
    for args in [
        &["report", "--week", "2026-W11", "--format", "json"][..],
        &["history", "--format", "json"],
    ] {
        assert_eq!(
            l.run_in(&db, args).ok().stdout,
            l.run(args).ok().stdout,
            "{args:?}"
        );
    }
}

#[test]
fn imported_reports_are_exported_and_restored_so_they_do_not_import_again() {
    let l = busy_ledger();
    let v: Value = serde_json::from_str(&l.run(&["export"]).ok().stdout).unwrap();
    assert_eq!(v["version"], 4);
    let imports = v["imports"].as_array().unwrap();
    assert_eq!(imports.len(), 1, "{imports:?}");
    assert_eq!(imports[0]["file"], "sentences.txt");
    assert_eq!(imports[0]["recommendations"], "4");
    assert_eq!(imports[0]["hash"].as_str().unwrap().len(), 64);
    let (out, db) = restore(&l, "copy", &ordered(&v));
    out.ok();
    let again = l.run_in(&db, &["import", REPORT]).ok();
    assert!(
        again.stdout.contains("already imported"),
        "{}",
        again.stdout
    );
    assert_eq!(
        l.run_in(&db, &["list", "--all", "--format", "json"])
            .ok()
            .json(),
        l.run(&["list", "--all", "--format", "json"]).ok().json()
    );
}

#[test]
fn an_export_of_format_version_1_still_restores() {
    let l = Ledger::new("2026-03-20");
    // Version 1 had no imports; everything else is the same shape.
    let text = edited(|v| {
        v["version"] = json!(1);
        for k in ["imports", "sheets_issued", "sheets_collected"] {
            v.as_object_mut().unwrap().remove(k);
        }
    });
    assert!(!text.contains("\"imports\""));
    let (out, db) = restore(&l, "v1", &text);
    out.ok();
    assert_eq!(integrity(&db), ("ok".to_string(), 0));
    let back: Value = serde_json::from_str(&l.run_in(&db, &["export"]).ok().stdout).unwrap();
    assert_eq!(back["version"], 4);
    assert_eq!(back["imports"], json!([]));
    assert_eq!(
        back["tasks"],
        serde_json::from_str::<Value>(&text).unwrap()["tasks"]
    );
}

#[test]
fn supporting_units_keep_their_order_through_export_restore_export() {
    let l = Ledger::seeded("2026-03-02");
    // An order that is neither the names' nor the units' creation order, then one removed
    // and one added: positions, not names or ids, decide.
    l.run_on(
        "2026-03-05T09:00:00",
        &[
            "update",
            "2.3",
            "--support",
            "干部科",
            "--support",
            "市行政学院",
            "--support",
            "组织科",
            "--support",
            "人事局",
        ],
    )
    .ok();
    l.run_on(
        "2026-03-06T09:00:00",
        &[
            "update",
            "2.3",
            "--support",
            "干部科",
            "--support",
            "组织科",
            "--support",
            "人事局",
            "--support",
            "宣传部",
        ],
    )
    .ok();
    let support = |db: &Path| {
        l.run_in(db, &["show", "2.3", "--format", "json"])
            .ok()
            .json()["support"]
            .clone()
    };
    let want = json!(["干部科", "组织科", "人事局", "宣传部"]);
    assert_eq!(support(Path::new(&l.ledger())), want);
    let first = l.run(&["export"]).ok().stdout;
    let v: Value = serde_json::from_str(&first).unwrap();
    let exported = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "2.3")
        .unwrap();
    assert_eq!(exported["support"], want);
    let (out, db) = restore(&l, "copy", &first);
    out.ok();
    assert_eq!(support(&db), want);
    assert_eq!(l.run_in(&db, &["export"]).ok().stdout, first);
}

#[test]
fn a_ledger_from_the_first_release_exports_and_restores_under_the_checks() {
    // Real history written by schema version 1, upgraded: the checks must not refuse what
    // earlier trackers wrote.
    // A ledger file, whichever backend the suite runs on: version 1 was a file's schema.
    let l = Ledger::new("2026-03-10");
    rusqlite::Connection::open(&l.db)
        .unwrap()
        .execute_batch(include_str!("../fixtures/ledger-v1.sql"))
        .unwrap();
    let first = l.run_in(&l.db, &["export"]).ok().stdout;
    let (out, db) = restore(&l, "copy", &first);
    out.ok();
    assert_eq!(integrity(&db), ("ok".to_string(), 0));
    assert_eq!(l.run_in(&db, &["export"]).ok().stdout, first);
}

/// Export format 3 carries the return sheets issued and collected, so a restored ledger knows
/// which units answered and refuses a file collected before; a version 2 export (without
/// them) still restores, with none.
#[test]
fn issued_and_collected_sheets_survive_export_and_restore() {
    let l = busy_ledger();
    let text = l.run(&["export"]).ok().stdout;
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 4);
    assert!(
        v["sheets_issued"].as_array().unwrap().len() > 3,
        "{}",
        v["sheets_issued"]
    );
    assert_eq!(v["sheets_issued"][0]["week"], "2026-W11");
    let collected = v["sheets_collected"].as_array().unwrap();
    assert_eq!(collected.len(), 1);
    assert_eq!(collected[0]["unit"], "干部科");
    let (out, db) = restore(&l, "sheets", &text);
    out.ok();
    assert_eq!(
        l.run_in(&db, &["export"]).ok().stdout,
        text,
        "export → restore → export"
    );
    let missing = |db: &Path| {
        l.run_in(db, &["collect", "--missing", "--week", "2026-W11"])
            .ok()
            .stdout
    };
    assert_eq!(missing(&db), missing(Path::new(&l.ledger())));
    assert!(!missing(&db).contains("干部科"));
    let file = returned(&l);
    l.run_in(&db, &["collect", file.to_str().unwrap()])
        .fails(1, &["already collected"]);

    let old = edited(|v| {
        v["version"] = json!(2);
        for k in ["sheets_issued", "sheets_collected"] {
            v.as_object_mut().unwrap().remove(k);
        }
    });
    let (out, db) = restore(&l, "v2", &old);
    out.ok();
    let back: Value = serde_json::from_str(&l.run_in(&db, &["export"]).ok().stdout).unwrap();
    assert_eq!(back["sheets_issued"], json!([]));
    assert_eq!(back["sheets_collected"], json!([]));
    assert_eq!(back["tasks"], v["tasks"]);
}
