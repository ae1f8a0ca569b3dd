//! The register of 督办通知单 serials (`notices`) travels in `export` / `restore` (issue 17):
//! a restored ledger counts the same 催办次数 and numbers on after the same serial; an export
//! from before the register (version 3) still restores; a register that does not match the
//! history it names is refused, with nothing written.

use serde_json::{Value, json};

use super::restore::{ordered, refused, restore};
use crate::support::Ledger;

/// A ledger seeded on 2026-09-01 with notices issued on three days of weeks 48 and 49, one
/// run withdrawn by `undo` (its serial stays taken).
fn noticed() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    for (day, owner) in [
        ("2026-11-24", Some("组织科")),
        ("2026-11-25", None),
        ("2026-11-30", Some("干部科")),
    ] {
        let out = l.dir.path().join(format!("n-{day}"));
        let mut args = vec![
            "notice",
            "--reply-by",
            "+4d",
            "--out",
            out.to_str().unwrap(),
        ];
        if let Some(o) = owner {
            args.extend(["--owner", o]);
        }
        l.run_on(day, &args).ok();
    }
    l.run_on("2026-11-30", &["undo"]).ok();
    l
}

/// 催办次数 of each unit in week `week`'s report JSON of the ledger at `db`, as of 12-07.
fn reminders(l: &Ledger, db: &std::path::Path, week: &str) -> Value {
    let r = crate::support::run(
        l.cmd()
            .env("TRACKER_DB", db)
            .env("TRACKER_TODAY", "2026-12-07")
            .args(["report", "--week", week, "--format", "json"]),
    )
    .ok()
    .json();
    r["reminders"].clone()
}

/// The serial the next notice to 组织科 would get, by `--dry-run`, in the ledger at `db`.
fn next_serial(l: &Ledger, db: &std::path::Path) -> String {
    let out = l.dir.path().join("never-written");
    let run = crate::support::run(
        l.cmd()
            .env("TRACKER_DB", db)
            .env("TRACKER_TODAY", "2026-12-07")
            .args([
                "notice",
                "--owner",
                "组织科",
                "--reply-by",
                "+4d",
                "--out",
                out.to_str().unwrap(),
                "--dry-run",
            ]),
    )
    .ok();
    let serial = run
        .stdout
        .split_whitespace()
        .find(|w| w.starts_with("督办〔"))
        .unwrap_or_else(|| panic!("no serial in {}", run.stdout));
    serial.to_string()
}

#[test]
fn the_register_travels_so_counts_and_the_next_serial_are_the_originals() {
    let l = noticed();
    let text = l.run(&["export"]).ok().stdout;
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 4);
    let register = v["notices"].as_array().unwrap();
    // Every serial given, the withdrawn run's included, in year and number order.
    let numbers: Vec<i64> = register
        .iter()
        .map(|n| n["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=numbers.len() as i64).collect::<Vec<_>>());
    assert!(numbers.len() >= 3, "{register:?}");
    let (out, copy) = restore(&l, "copy", &text);
    out.ok();
    // The ledger itself, a file or a server's URL.
    let own = std::path::PathBuf::from(l.ledger());
    for week in ["2026-W48", "2026-W49"] {
        let before = reminders(&l, &own, week);
        assert!(
            !before.as_array().unwrap().is_empty(),
            "{week}: no reminders to compare"
        );
        assert_eq!(reminders(&l, &copy, week), before, "{week}");
    }
    let next = next_serial(&l, &own);
    assert_eq!(next, format!("督办〔2026〕{}号", numbers.len() + 1));
    assert_eq!(next_serial(&l, &copy), next);
    // And the restored ledger exports the same bytes.
    let again = crate::support::run(l.cmd().env("TRACKER_DB", &copy).arg("export"))
        .ok()
        .stdout;
    assert_eq!(again, text);
}

#[test]
fn an_export_from_before_the_register_still_restores_and_numbers_on() {
    let l = noticed();
    let mut v: Value = serde_json::from_str(&l.run(&["export"]).ok().stdout).unwrap();
    let given = v["notices"].as_array().unwrap().len();
    v.as_object_mut().unwrap().remove("notices");
    v["version"] = json!(3);
    let (out, copy) = restore(&l, "v3", &ordered(&v));
    out.ok();
    // The history still holds every serial, so none is given twice.
    assert_eq!(
        next_serial(&l, &copy),
        format!("督办〔2026〕{}号", given + 1)
    );
}

type Edit = fn(&mut Value);

fn notice(v: &mut Value, i: usize) -> &mut Value {
    &mut v["notices"][i]
}

#[test]
fn a_register_that_does_not_match_its_history_is_refused_whole() {
    let base: Value = serde_json::from_str(&noticed().run(&["export"]).ok().stdout).unwrap();
    let cases: Vec<(&str, Edit, &[&str])> = vec![
        (
            "serial twice",
            |v| {
                let first = v["notices"][0].clone();
                v["notices"].as_array_mut().unwrap().push(first);
            },
            &["notices", "督办〔2026〕1号", "twice"],
        ),
        (
            "number 0",
            |v| notice(v, 0)["number"] = json!(0),
            &["notices 1", "serial"],
        ),
        (
            "year out of range",
            |v| notice(v, 0)["year"] = json!(26),
            &["notices 1", "1000 to 9999"],
        ),
        (
            "reply-by not a date",
            |v| notice(v, 0)["reply_by"] = json!("12月4日"),
            &["notices 1", "reply_by"],
        ),
        (
            "no tasks",
            |v| notice(v, 0)["tasks"] = json!(0),
            &["notices 1", "tasks 0"],
        ),
        (
            "more tasks than its events",
            |v| {
                let n = notice(v, 0)["tasks"].as_u64().unwrap();
                notice(v, 0)["tasks"] = json!(n + 1);
            },
            &["notices 1", "督办〔2026〕1号", "change #"],
        ),
        (
            "a change that issued no notice",
            |v| notice(v, 0)["change"] = json!(1),
            &["notices 1", "change #1"],
        ),
        (
            "another reply-by than its events",
            |v| notice(v, 0)["reply_by"] = json!("2027-01-04"),
            &["notices 1"],
        ),
        (
            "unit with an escape",
            |v| notice(v, 0)["unit"] = json!("组织科\u{1b}[31m"),
            &["notices 1", "unit"],
        ),
        (
            "unknown field",
            |v| notice(v, 0)["serial"] = json!("督办〔2026〕1号"),
            &["serial"],
        ),
        (
            "actor empty",
            |v| notice(v, 0)["actor"] = json!(""),
            &["notices 1", "actor"],
        ),
        (
            "time not RFC 3339",
            |v| notice(v, 0)["at"] = json!("2026-11-24 09:00"),
            &["notices 1", "time"],
        ),
    ];
    let l = Ledger::new("2026-12-07");
    for (i, (name, edit, needles)) in cases.into_iter().enumerate() {
        let mut v = base.clone();
        edit(&mut v);
        let (out, db) = restore(&l, &format!("bad{i}"), &ordered(&v));
        let msg = refused(out, &db, needles);
        assert!(!msg.contains("panicked"), "{name}: {msg}");
    }
}

#[test]
fn a_register_refusal_is_worded_in_chinese_with_lang_zh() {
    let l = noticed();
    let mut v: Value = serde_json::from_str(&l.run(&["export"]).ok().stdout).unwrap();
    let n = notice(&mut v, 0)["tasks"].as_u64().unwrap();
    notice(&mut v, 0)["tasks"] = json!(n + 1);
    let file = l.dir.path().join("zh.json");
    std::fs::write(&file, ordered(&v)).unwrap();
    let db = l.dir.path().join("zh.db");
    let out = l.run_in(&db, &["--lang", "zh", "restore", file.to_str().unwrap()]);
    refused(
        out,
        &db,
        &[
            "错误：",
            "notices 第 1 项",
            "督办〔2026〕1号",
            "通知单应记入所列的每项任务",
        ],
    );
}
