//! `restore` trusts nothing in its input: every kind of part no command could have written is
//! refused in one escaped line naming the part, line and column, with nothing written.

use serde_json::{Value, json};

use super::restore::{edited, export, refused, restore};
use crate::support::Ledger;

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
            &["meta: 73 entries"],
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
        // return sheets issued and collected (export format 3)
        (
            "issued week that does not exist",
            |v| v["sheets_issued"][0]["week"] = json!("2026-W54"),
            &["sheets_issued 1", "week '2026-W54'"],
        ),
        (
            "issued week not as written",
            |v| v["sheets_issued"][0]["week"] = json!("2026w11"),
            &["sheets_issued 1", "week '2026w11'"],
        ),
        (
            "issued unit with spaces around",
            |v| v["sheets_issued"][1]["unit"] = json!(" 组织科 "),
            &["sheets_issued 2", "stored form"],
        ),
        (
            "issued unit with an escape",
            |v| v["sheets_issued"][0]["unit"] = json!("科\u{1b}[31m"),
            &["sheets_issued 1", "\\u{1b}"],
        ),
        (
            "issued sheet of no tasks",
            |v| v["sheets_issued"][0]["tasks"] = json!(0),
            &["sheets_issued 1", "tasks 0"],
        ),
        (
            "issued tasks negative",
            |v| v["sheets_issued"][0]["tasks"] = json!(-1),
            &["not a tracker export"],
        ),
        (
            "issued twice",
            |v| {
                let i = v["sheets_issued"][0].clone();
                v["sheets_issued"].as_array_mut().unwrap().push(i);
            },
            &["appears twice"],
        ),
        (
            "issued file name empty",
            |v| v["sheets_issued"][0]["file"] = json!(""),
            &["sheets_issued 1", "file name is empty"],
        ),
        (
            "issued time",
            |v| v["sheets_issued"][0]["at"] = json!("yesterday"),
            &["sheets_issued 1", "time 'yesterday'"],
        ),
        (
            "issued with a field no tracker writes",
            |v| v["sheets_issued"][0]["colour"] = json!("red"),
            &["not a tracker export", "colour"],
        ),
        (
            "collected hash not hex",
            |v| v["sheets_collected"][0]["hash"] = json!("ZZ"),
            &["sheets_collected 1", "hash 'ZZ'"],
        ),
        (
            "collected twice",
            |v| {
                let c = v["sheets_collected"][0].clone();
                v["sheets_collected"].as_array_mut().unwrap().push(c);
            },
            &["sheets_collected 2", "hash appears twice"],
        ),
        (
            "collected actor with a control character",
            |v| v["sheets_collected"][0]["actor"] = json!("组织科\u{7}"),
            &["sheets_collected 1", "actor"],
        ),
        (
            "collected week 0",
            |v| v["sheets_collected"][0]["week"] = json!("2026-W00"),
            &["sheets_collected 1", "week '2026-W00'"],
        ),
        (
            "collected not a list",
            |v| v["sheets_collected"] = json!({"a": 1}),
            &["not a tracker export"],
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

/// With `--lang zh` a refusal's own words (what is wrong, and where) are Chinese; the quoted
/// input and the export's field names stay as written.
#[test]
fn refusals_are_worded_in_chinese_with_lang_zh() {
    let cases: Vec<(Edit, &[&str])> = vec![
        (
            |v| v["sheets_issued"][0]["week"] = json!("2026-W54"),
            &[
                "sheets_issued 第 1 项",
                "周 '2026-W54' 不是形如 2026-W48 的 ISO 周",
                "位于第",
            ],
        ),
        (
            |v| task_of(v, "1.1")["progress"] = json!(101),
            &["任务 '1.1'", "进度 101 不是 0 到 100 的整数", "行第"],
        ),
        (
            |v| v["imports"][0]["at"] = json!("2026-03-11"),
            &[
                "导入记录",
                "不是形如 2026-03-02T09:00:00+08:00 的 RFC 3339 时间",
            ],
        ),
        (
            |v| {
                let c = v["sheets_collected"][0].clone();
                v["sheets_collected"].as_array_mut().unwrap().push(c);
            },
            &["其哈希出现两次"],
        ),
        (
            |v| v["version"] = json!(9),
            &["导出版本 9 比本 tracker 能读的（4）新：请升级 tracker"],
        ),
    ];
    let l = Ledger::new("2026-03-20");
    for (i, (edit, needles)) in cases.iter().enumerate() {
        let text = edited(*edit);
        let file = l.dir.path().join(format!("zh{i}.json"));
        std::fs::write(&file, &text).unwrap();
        let db = l.dir.path().join(format!("zh{i}.db"));
        let out = l.run_in(&db, &["--lang", "zh", "restore", file.to_str().unwrap()]);
        refused(out, &db, needles);
    }
}
