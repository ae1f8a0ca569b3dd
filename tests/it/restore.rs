//! `restore` trusts nothing in its input: every kind of part no command could have written is
//! refused in one escaped line naming the part, line and column, with nothing written; what
//! it accepts always passes `PRAGMA integrity_check`. Imports and the order of supporting
//! units survive export → restore → export.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::support::{Ledger, Output, dump};

const REPORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/sentences.txt"
);

/// A seeded ledger with updates, notes, a rename, supporting units in a set order, an added
/// task and an imported report.
fn busy_ledger() -> Ledger {
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
                "组织科",
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
    l
}

/// The busy ledger's export, made once.
fn export() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| busy_ledger().run(&["export"]).ok().stdout)
}

fn integrity(db: &Path) -> (String, usize) {
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
fn restore(l: &Ledger, name: &str, text: &str) -> (Output, PathBuf) {
    let file = l.dir.path().join(format!("{name}.json"));
    std::fs::write(&file, text).unwrap();
    let db = l.dir.path().join(format!("{name}.db"));
    let out = l.run_in(&db, &["restore", file.to_str().unwrap()]);
    (out, db)
}

/// Asserts a refusal: one line naming every needle, no raw control character, and no task,
/// event or unit written.
#[track_caller]
fn refused(out: Output, db: &Path, needles: &[&str]) -> String {
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
fn edited(f: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(export()).unwrap();
    f(&mut v);
    ordered(&v)
}

fn ordered(v: &Value) -> String {
    let parts: Vec<String> = [
        "format",
        "version",
        "meta",
        "recommendations",
        "units",
        "imports",
        "tasks",
        "events",
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

fn event_of<'a>(v: &'a mut Value, task: &str, field: &str) -> &'a mut Value {
    v["events"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["task"] == task && e["field"] == field)
        .unwrap_or_else(|| panic!("no {field} event on {task}"))
}

fn task_of<'a>(v: &'a mut Value, id: &str) -> &'a mut Value {
    v["tasks"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["id"] == id)
        .unwrap()
}

type Edit = fn(&mut Value);

#[test]
fn every_kind_of_part_no_command_could_write_is_refused_in_one_escaped_line() {
    let cases: Vec<(&str, Edit, &[&str])> = vec![
        // CHECK rules the load used to skip
        (
            "deadline with slashes",
            |v| task_of(v, "1.1")["deadline"] = json!("2026/3/1"),
            &["task '1.1'", "deadline '2026/3/1'"],
        ),
        (
            "deadline not a day",
            |v| task_of(v, "1.1")["deadline"] = json!("2026-02-30"),
            &["deadline '2026-02-30'"],
        ),
        (
            "recommendation 0",
            |v| v["recommendations"][0]["number"] = json!(0),
            &["recommendation 0", "number 0"],
        ),
        (
            "recommendation past the id range",
            |v| v["recommendations"][0]["number"] = json!(1_000_000),
            &["recommendation 1000000"],
        ),
        (
            "progress over 100",
            |v| task_of(v, "1.1")["progress"] = json!(101),
            &["task '1.1'", "progress 101"],
        ),
        (
            "status alias",
            |v| task_of(v, "1.1")["status"] = json!("Done"),
            &["status 'Done'"],
        ),
        (
            "empty title",
            |v| task_of(v, "1.1")["title"] = json!("  "),
            &["task '1.1'", "empty title"],
        ),
        // events no command writes
        (
            "status old hacked",
            |v| event_of(v, "1.4", "status")["old"] = json!("hacked"),
            &["event", "status old value", "'hacked'"],
        ),
        (
            "progress 1000",
            |v| event_of(v, "1.1", "progress")["new"] = json!("1000"),
            &["progress new value", "'1000'"],
        ),
        (
            "progress abc",
            |v| event_of(v, "1.1", "progress")["new"] = json!("abc"),
            &["'abc'"],
        ),
        (
            "progress -5",
            |v| event_of(v, "1.1", "progress")["old"] = json!("-5"),
            &["'-5'"],
        ),
        (
            "progress without old",
            |v| event_of(v, "1.1", "progress")["old"] = Value::Null,
            &["needs an old value"],
        ),
        (
            "time that is not a time",
            |v| event_of(v, "2.1", "note")["at"] = json!("last Tuesday"),
            &["time 'last Tuesday'", "RFC 3339"],
        ),
        (
            "time without offset",
            |v| event_of(v, "2.1", "note")["at"] = json!("2026-03-07T11:00:00"),
            &["RFC 3339"],
        ),
        (
            "empty actor",
            |v| event_of(v, "2.1", "note")["actor"] = json!(""),
            &["actor", "empty name"],
        ),
        (
            "note without a note",
            |v| event_of(v, "2.1", "note")["note"] = Value::Null,
            &["needs its note"],
        ),
        (
            "unknown field",
            |v| event_of(v, "2.1", "note")["field"] = json!("hacked"),
            &["field 'hacked'"],
        ),
        (
            "change at the end of i64",
            |v| event_of(v, "3.1", "status")["change"] = json!(i64::MAX),
            &["change number 9223372036854775807", "number of events"],
        ),
        (
            "change 0",
            |v| event_of(v, "2.1", "note")["change"] = json!(0),
            &["change number 0"],
        ),
        (
            "one change, two actors",
            |v| event_of(v, "1.4", "progress")["actor"] = json!("王五"),
            &["change #", "different actors"],
        ),
        (
            "old status that does not follow",
            |v| event_of(v, "3.1", "status")["old"] = json!("in-progress"),
            &["old status of task 3.1", "previous event"],
        ),
        (
            "stored status its events do not reach",
            |v| task_of(v, "2.1")["status"] = json!("done"),
            &[
                "task 2.1",
                "status is done but its events leave it not-started",
            ],
        ),
        (
            "stored progress its events do not reach",
            |v| task_of(v, "1.1")["progress"] = json!(50),
            &["task 1.1", "progress is 50% but its events leave it at 30%"],
        ),
        (
            "stored title its events do not reach",
            |v| task_of(v, "2.2")["title"] = json!("别的标题"),
            &["task 2.2", "title is not the one its events leave"],
        ),
        (
            "old title that does not follow",
            |v| event_of(v, "2.2", "title")["old"] = json!("别的标题"),
            &["old title of task 2.2"],
        ),
        (
            "a task without its created event",
            |v| {
                let events = v["events"].as_array_mut().unwrap();
                events.retain(|e| !(e["task"] == "3.5" && e["field"] == "created"));
            },
            &["task 3.5 has no created event"],
        ),
        (
            "history before creation",
            |v| {
                let events = v["events"].as_array_mut().unwrap();
                let created = events
                    .iter()
                    .position(|e| e["task"] == "1.1" && e["field"] == "created")
                    .unwrap();
                let later = events
                    .iter()
                    .position(|e| e["task"] == "1.1" && e["field"] == "progress")
                    .unwrap();
                events.swap(created, later);
            },
            &["task 1.1's history starts with a progress event"],
        ),
        (
            "created twice",
            |v| {
                let events = v["events"].as_array_mut().unwrap();
                let e = events
                    .iter()
                    .find(|e| e["task"] == "1.1" && e["field"] == "created")
                    .unwrap()
                    .clone();
                events.push(e);
            },
            &["task 1.1 is created twice"],
        ),
        // units
        (
            "a unit named twice in a task",
            |v| task_of(v, "1.2")["support"] = json!(["干部科", "干部科"]),
            &["task '1.2'", "named twice"],
        ),
        (
            "the lead also supporting",
            |v| task_of(v, "1.2")["support"] = json!(["组织一科"]),
            &["named twice"],
        ),
        (
            "a unit not in the units",
            |v| task_of(v, "1.2")["lead"] = json!("不存在的科"),
            &["'不存在的科' is not in the export's units"],
        ),
        (
            "a unit listed twice",
            |v| v["units"].as_array_mut().unwrap().push(json!("干部科")),
            &["units", "'干部科' appears twice"],
        ),
        // escapes in anything quoted
        (
            "escape in a task id",
            |v| task_of(v, "1.1")["id"] = json!("1.1\u{1b}[2J\u{1b}]0;owned\u{7}"),
            &["\\u{1b}[2J", "is not a task id"],
        ),
        (
            "escape in a unit",
            |v| v["units"][0] = json!("科\u{1b}[31m"),
            &["units", "control character U+001B"],
        ),
        (
            "escape in an event's task",
            |v| event_of(v, "2.1", "note")["task"] = json!("\u{1b}[31m2.1"),
            &["'\\u{1b}[31m2.1'"],
        ),
        (
            "escape in an unknown field's name",
            |v| task_of(v, "1.1")["\u{1b}[31mx"] = json!(1),
            &["not a tracker export", "unknown field `\\u{1b}[31mx`"],
        ),
        (
            "escape in a status",
            |v| task_of(v, "1.1")["status"] = json!("\u{1b}[5mdone"),
            &["status '\\u{1b}[5mdone'"],
        ),
        // meta and sizes
        (
            "meta value too long",
            |v| v["meta"]["start"] = json!("1".repeat(5000)),
            &["meta start", "5000 characters"],
        ),
        (
            "meta start not a date",
            |v| v["meta"]["start"] = json!("soon"),
            &["meta start", "'soon'"],
        ),
        (
            "meta key",
            |v| v["meta"]["Bad Key\u{1b}"] = json!("x"),
            &["meta key 'Bad Key\\u{1b}'"],
        ),
        (
            "meta too many entries",
            |v| {
                for i in 0..70 {
                    v["meta"][format!("k{i}")] = json!("x");
                }
            },
            &["meta: 71 entries"],
        ),
        // imports
        (
            "import hash not hex",
            |v| v["imports"][0]["hash"] = json!("xyz"),
            &["import of 'sentences.txt'", "hash 'xyz'"],
        ),
        (
            "import of a missing recommendation",
            |v| v["imports"][0]["recommendations"] = json!("9"),
            &["recommendations '9'"],
        ),
        (
            "import twice",
            |v| {
                let i = v["imports"][0].clone();
                v["imports"].as_array_mut().unwrap().push(i);
            },
            &["hash appears twice"],
        ),
        (
            "import time",
            |v| v["imports"][0]["at"] = json!("2026-03-11"),
            &["import of", "time '2026-03-11'"],
        ),
    ];
    let l = Ledger::new("2026-03-20");
    let mut held = 0;
    for (i, (name, edit, needles)) in cases.iter().enumerate() {
        let text = edited(*edit);
        let (out, db) = restore(&l, &format!("case{i}"), &text);
        let msg = refused(out, &db, needles);
        assert!(
            msg.contains("at line")
                || msg.contains("has no created event")
                || msg.contains("number of events")
                || msg.contains("where its last event"),
            "{name}: no place named: {msg}"
        );
        held += 1;
    }
    assert_eq!(held, cases.len());
}

#[test]
fn a_huge_value_is_refused_before_it_is_read_whole() {
    let l = Ledger::new("2026-03-20");
    // 6 MiB in one meta value: over the 4 MiB a value may take, refused with its place.
    let text = export().replacen(
        "\"start\": \"2026-03-02\"",
        &format!("\"start\": \"{}\"", "9".repeat(6 << 20)),
        1,
    );
    let (out, db) = restore(&l, "huge", &text);
    refused(
        out,
        &db,
        &[
            "not a tracker export",
            "a value longer than 4 MiB",
            "line 4",
        ],
    );
}

#[test]
fn the_restored_ledger_passes_integrity_check_and_reports_as_before() {
    let l = busy_ledger();
    let first = l.run(&["export"]).ok().stdout;
    let (out, db) = restore(&l, "copy", &first);
    let out = out.ok();
    assert!(
        out.stdout.contains("restored 19 tasks and 34 events"),
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
    assert_eq!(v["version"], 2);
    let imports = v["imports"].as_array().unwrap();
    assert_eq!(imports.len(), 1, "{imports:?}");
    assert_eq!(imports[0]["file"], "sentences.txt");
    assert_eq!(imports[0]["recommendations"], "4-5");
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
        v.as_object_mut().unwrap().remove("imports");
    });
    assert!(!text.contains("\"imports\""));
    let (out, db) = restore(&l, "v1", &text);
    out.ok();
    assert_eq!(integrity(&db), ("ok".to_string(), 0));
    let back: Value = serde_json::from_str(&l.run_in(&db, &["export"]).ok().stdout).unwrap();
    assert_eq!(back["version"], 2);
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
    assert_eq!(support(&l.db), want);
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

/// One random edit of a pretty-printed export: a scalar replaced by a hostile value, a line
/// dropped, doubled or swapped with another.
#[derive(Debug, Clone)]
enum Change {
    Replace(prop::sample::Index, usize),
    Drop(prop::sample::Index),
    Double(prop::sample::Index),
    Swap(prop::sample::Index, prop::sample::Index),
}

/// Values an attacker or a careless hand might put anywhere.
const HOSTILE: &[&str] = &[
    "\"\"",
    "\"  \"",
    "\"hacked\"",
    "\"done\"",
    "\"Done\"",
    "\"not-started\"",
    "\"100\"",
    "\"1000\"",
    "\"-5\"",
    "\"abc\"",
    "\"2026/3/1\"",
    "\"2026-02-30\"",
    "\"2026-03-01\"",
    "\"2026-03-01T09:00:00+08:00\"",
    "\"yesterday\"",
    "\"0.1\"",
    "\"1.1\"",
    "\"9.9\"",
    "\"1-1\"",
    "\"\\u001b[2J\"",
    "\"组织科\\u001b]0;x\\u0007\"",
    "\"a\\u0000b\"",
    "\"组织科\"",
    "\"created\"",
    "\"note\"",
    "\"support\"",
    "null",
    "0",
    "-1",
    "1",
    "2",
    "101",
    "255",
    "9223372036854775807",
    "-9223372036854775808",
    "1e309",
    "true",
    "[]",
    "{}",
    "\"\\ud800\"",
];

fn apply(text: &str, change: &Change) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match change {
        Change::Replace(at, value) => {
            // Lines that end in a scalar: `"key": value,` or a list's `value,`.
            let scalar: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    let t = l.trim_end_matches(',');
                    !(t.ends_with('{') || t.ends_with('[') || t.trim().starts_with(['}', ']']))
                })
                .map(|(i, _)| i)
                .collect();
            let i = scalar[at.index(scalar.len())];
            let line = &lines[i];
            let comma = if line.ends_with(',') { "," } else { "" };
            let body = line.trim_end_matches(',');
            let head = match body.find("\": ") {
                Some(k) if body.trim_start().starts_with('"') => &body[..k + 3],
                _ => &body[..body.len() - body.trim_start().len()],
            };
            lines[i] = format!("{head}{}{comma}", HOSTILE[value % HOSTILE.len()]);
        }
        Change::Drop(at) => {
            let i = at.index(lines.len());
            lines.remove(i);
        }
        Change::Double(at) => {
            let i = at.index(lines.len());
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        Change::Swap(a, b) => {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
        }
    }
    lines.join("\n") + "\n"
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        6 => (any::<prop::sample::Index>(), any::<usize>()).prop_map(|(a, v)| Change::Replace(a, v)),
        1 => any::<prop::sample::Index>().prop_map(Change::Drop),
        1 => any::<prop::sample::Index>().prop_map(Change::Double),
        1 => (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(a, b)| Change::Swap(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random edits of a real export: refused in one line with nothing written, or restored
    /// into a ledger that passes integrity_check and foreign_key_check and still reports.
    #[test]
    fn a_randomly_edited_export_is_refused_cleanly_or_restored_whole(
        changes in prop::collection::vec(change(), 1..3)
    ) {
        let mut text = export().to_string();
        for c in &changes {
            text = apply(&text, c);
        }
        let l = Ledger::new("2026-03-20");
        let (out, db) = restore(&l, "edited", &text);
        if out.code == 0 {
            prop_assert_eq!(integrity(&db), ("ok".to_string(), 0));
            l.run_in(&db, &["report", "--week", "2026-W11", "--format", "json"]).ok();
            l.run_in(&db, &["history", "--format", "json"]).ok();
        } else {
            refused(out, &db, &[]);
        }
    }
}

#[test]
fn a_ledger_from_the_first_release_exports_and_restores_under_the_checks() {
    // Real history written by schema version 1, upgraded: the checks must not refuse what
    // earlier trackers wrote.
    let l = Ledger::new("2026-03-10");
    rusqlite::Connection::open(&l.db)
        .unwrap()
        .execute_batch(include_str!("../fixtures/ledger-v1.sql"))
        .unwrap();
    let first = l.run(&["export"]).ok().stdout;
    let (out, db) = restore(&l, "copy", &first);
    out.ok();
    assert_eq!(integrity(&db), ("ok".to_string(), 0));
    assert_eq!(l.run_in(&db, &["export"]).ok().stdout, first);
}
