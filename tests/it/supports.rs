//! Issue 19: reordering supporting units is recorded as what it is. `--support` records the
//! units that left and came and, when the kept units moved, one `support_order` event; undo,
//! history, the report, export and restore all take it as one change.

use proptest::prelude::*;
use serde_json::Value;

use crate::restore::{ordered, refused, restore};
use crate::support::Ledger;

const START: &str = "2026-11-02";

fn support_of(l: &Ledger, id: &str) -> Vec<String> {
    let v = l.run(&["show", id, "--format", "json"]).ok().json();
    v["support"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_string())
        .collect()
}

fn set_support(l: &Ledger, id: &str, units: &[&str]) -> String {
    let mut args = vec!["update", id];
    if units.is_empty() {
        args.push("--no-support");
    }
    for u in units {
        args.extend(["--support", u]);
    }
    l.run(&args).ok().stdout
}

/// The zh history of `id`, wide enough that no change folds.
fn history_zh(l: &Ledger, id: &str) -> String {
    let out = crate::support::run(
        l.cmd()
            .env("COLUMNS", "240")
            .args(["--lang", "zh", "history", id]),
    );
    out.ok().stdout
}

fn events_of(l: &Ledger, id: &str) -> usize {
    l.run(&["history", id, "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .len()
}

/// (before, the --support list, update's account of the change, the zh history's order
/// line or "" when there is none).
const CASES: &[(&[&str], &[&str], &str, &str)] = &[
    (
        &["县区", "人事局"],
        &["人事局", "县区"],
        "1.4: supporting units order: 县区, 人事局 -> 人事局, 县区",
        "配合单位顺序：县区、人事局 -> 人事局、县区",
    ),
    (
        &["县区", "人事局", "市委党校"],
        &["市委党校", "县区", "人事局"],
        "1.4: supporting units order: 县区, 人事局, 市委党校 -> 市委党校, 县区, 人事局",
        "配合单位顺序：县区、人事局、市委党校 -> 市委党校、县区、人事局",
    ),
    // Reorder and add: the added unit lands where the list has it.
    (
        &["县区", "人事局"],
        &["人事局", "干部科", "县区"],
        "1.4: supporting units order: 县区, 人事局 -> 人事局, 县区; support: +干部科",
        "配合单位顺序：县区、人事局 -> 人事局、县区",
    ),
    // Reorder and remove: the order names the units that stay.
    (
        &["县区", "人事局", "市委党校"],
        &["市委党校", "县区"],
        "1.4: support: -人事局; supporting units order: 县区, 市委党校 -> 市委党校, 县区",
        "配合单位顺序：县区、市委党校 -> 市委党校、县区",
    ),
    // An insert in the middle moves no kept unit: no order event.
    (
        &["县区", "人事局"],
        &["县区", "干部科", "人事局"],
        "1.4: support: +干部科",
        "",
    ),
    // A removal alone: no order event.
    (
        &["县区", "人事局", "市委党校"],
        &["县区", "市委党校"],
        "1.4: support: -人事局",
        "",
    ),
];

#[test]
fn each_kind_of_new_list_records_only_what_changed_and_undo_takes_it_back() {
    for (before, list, said, line) in CASES {
        let l = Ledger::seeded(START);
        set_support(&l, "1.4", before);
        let events = events_of(&l, "1.4");
        let out = set_support(&l, "1.4", list);
        assert_eq!(out.trim_end(), *said, "{before:?} -> {list:?}");
        assert_eq!(support_of(&l, "1.4"), *list, "{before:?} -> {list:?}");
        let history = history_zh(&l, "1.4");
        let order_lines: Vec<&str> = history.lines().filter(|h| h.contains("顺序")).collect();
        if line.is_empty() {
            assert!(order_lines.is_empty(), "{history}");
        } else {
            assert_eq!(order_lines.len(), 1, "{history}");
            assert!(order_lines[0].contains(line), "{history}");
        }
        assert!(
            !history.contains("-县区") || !list.contains(&"县区"),
            "a kept unit is not removed: {history}"
        );
        // The change's own events, one per unit that left or came and at most one order.
        let added = list.iter().filter(|u| !before.contains(u)).count();
        let removed = before.iter().filter(|u| !list.contains(u)).count();
        let order = usize::from(!line.is_empty());
        assert_eq!(events_of(&l, "1.4"), events + added + removed + order);
        l.run(&["undo"]).ok();
        assert_eq!(support_of(&l, "1.4"), *before, "undo of {list:?}");
    }
}

#[test]
fn the_same_list_again_records_nothing() {
    let l = Ledger::seeded(START);
    set_support(&l, "1.4", &["县区", "人事局"]);
    let before = l.dump();
    let out = l.run(&["update", "1.4", "--support", "县区", "--support", "人事局"]);
    assert!(out.ok().stdout.contains("nothing changed"));
    assert_eq!(l.dump(), before);
}

#[test]
fn add_support_goes_last_and_remove_support_records_one_removal() {
    let l = Ledger::seeded(START);
    set_support(&l, "1.4", &["县区", "人事局"]);
    let out = l.run(&["update", "1.4", "--add-support", "市委党校"]).ok();
    assert_eq!(out.stdout.trim_end(), "1.4: support: +市委党校");
    assert_eq!(support_of(&l, "1.4"), ["县区", "人事局", "市委党校"]);
    let out = l.run(&["update", "1.4", "--remove-support", "县区"]).ok();
    assert_eq!(out.stdout.trim_end(), "1.4: support: -县区");
    assert_eq!(support_of(&l, "1.4"), ["人事局", "市委党校"]);
    l.run(&["undo"]).ok();
    assert_eq!(support_of(&l, "1.4"), ["县区", "人事局", "市委党校"]);
}

#[test]
fn the_weekly_report_says_a_reorder_as_a_sentence() {
    let l = Ledger::seeded(START);
    set_support(&l, "1.4", &["县区", "人事局"]);
    set_support(&l, "1.4", &["人事局", "县区"]);
    let zh = l
        .run(&["--lang", "zh", "report", "--format", "markdown"])
        .ok();
    assert!(
        zh.stdout.contains("配合单位顺序调整为人事局、县区"),
        "{}",
        zh.stdout
    );
    let en = l.run(&["report", "--format", "markdown"]).ok();
    assert!(
        en.stdout
            .contains("supporting units reordered: 人事局, 县区"),
        "{}",
        en.stdout
    );
    let show = l.run(&["--lang", "zh", "show", "1.4"]).ok().stdout;
    assert!(show.contains("配合单位顺序"), "{show}");
}

#[test]
fn export_and_restore_replay_reorders_and_undo_works_on_the_copy() {
    let l = Ledger::seeded(START);
    set_support(&l, "1.4", &["县区", "人事局", "市委党校"]);
    set_support(&l, "1.4", &["市委党校", "县区", "人事局"]);
    set_support(&l, "1.4", &["人事局", "干部科", "市委党校"]);
    let export = l.run(&["export"]).ok().stdout;
    let (out, db) = restore(&l, "copy", &export);
    out.ok();
    let again = l.run_in(&db, &["export"]).ok().stdout;
    assert_eq!(
        again, export,
        "export -> restore -> export gives the same bytes"
    );
    let copy = |args: &[&str]| l.run_in(&db, args).ok().stdout;
    let list =
        |s: String| -> Value { serde_json::from_str::<Value>(&s).unwrap()["support"].clone() };
    assert_eq!(
        list(copy(&["show", "1.4", "--format", "json"])),
        serde_json::json!(["人事局", "干部科", "市委党校"])
    );
    copy(&["undo"]);
    assert_eq!(
        list(copy(&["show", "1.4", "--format", "json"])),
        serde_json::json!(["市委党校", "县区", "人事局"])
    );
    // Undoing the undo puts the last reorder back.
    copy(&["undo"]);
    assert_eq!(
        list(copy(&["show", "1.4", "--format", "json"])),
        serde_json::json!(["人事局", "干部科", "市委党校"])
    );
}

#[test]
fn restore_refuses_an_order_event_that_is_not_a_reorder() {
    let l = Ledger::seeded(START);
    set_support(&l, "1.4", &["县区", "人事局"]);
    set_support(&l, "1.4", &["人事局", "县区"]);
    let export: Value = serde_json::from_str(&l.run(&["export"]).ok().stdout).unwrap();
    let bad = |new: &str| {
        let mut v = export.clone();
        for e in v["events"].as_array_mut().unwrap() {
            if e["field"] == "support_order" {
                e["new"] = Value::String(new.into());
            }
        }
        ordered(&v)
    };
    for (i, (new, needle)) in [
        ("县区,人事局", "JSON array"),
        (r#"["人事局"]"#, "same units"),
        (r#"["人事局","县区","党校"]"#, "same units"),
        (r#"["人事局","人事局"]"#, "named twice"),
        (r#"["人事局","县\u0007区"]"#, "control character"),
    ]
    .iter()
    .enumerate()
    {
        let (out, db) = restore(&l, &format!("bad{i}"), &bad(new));
        refused(out, &db, &[needle]);
    }
}

/// Replays the export's events of task `id` on its supporting units, as a reader of the
/// format would: additions at their position, removals, and order events.
fn replayed(export: &Value, id: &str) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for e in export["events"].as_array().unwrap() {
        if e["task"] != id {
            continue;
        }
        let s = |k: &str| e[k].as_str().map(str::to_string);
        match e["field"].as_str().unwrap() {
            "support" => {
                if let Some(old) = s("old") {
                    list.retain(|u| *u != old);
                }
                if let Some(new) = s("new") {
                    let at = e["position"].as_u64().map_or(list.len(), |p| p as usize);
                    list.insert(at.min(list.len()), new);
                }
            }
            "support_order" => list = serde_json::from_str(&s("new").unwrap()).unwrap(),
            _ => {}
        }
    }
    list
}

const POOL: [&str; 5] = ["县区", "人事局", "市委党校", "干部科", "市行政学院"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Any run of new lists: each is the list afterwards, the export's events replay to it,
    /// and undoing each change in turn gives back every list before it, exactly.
    #[test]
    fn replaying_and_undoing_give_back_the_exact_lists(
        lists in proptest::collection::vec(
            Just(POOL.to_vec()).prop_shuffle().prop_flat_map(|p| (Just(p), 0usize..=5)),
            1..4,
        )
    ) {
        let l = Ledger::seeded(START);
        let mut before = support_of(&l, "1.4");
        for (pool, n) in &lists {
            let list = &pool[..*n];
            set_support(&l, "1.4", list);
            let now = support_of(&l, "1.4");
            prop_assert_eq!(&now, &list.iter().map(|u| u.to_string()).collect::<Vec<_>>());
            let export: Value = serde_json::from_str(&l.run(&["export"]).ok().stdout).unwrap();
            prop_assert_eq!(replayed(&export, "1.4"), now.clone());
            if now != before {
                // Undo takes the change back; undoing that undo puts it back again.
                l.run(&["undo"]).ok();
                prop_assert_eq!(support_of(&l, "1.4"), before.clone());
                l.run(&["undo"]).ok();
                prop_assert_eq!(support_of(&l, "1.4"), now.clone());
                let export: Value =
                    serde_json::from_str(&l.run(&["export"]).ok().stdout).unwrap();
                prop_assert_eq!(replayed(&export, "1.4"), now.clone());
            }
            before = now;
        }
    }
}

#[test]
fn renaming_a_supporting_unit_keeps_its_place_in_the_list() {
    let l = Ledger::seeded(START);
    set_support(&l, "1.4", &["县区", "人事局", "市委党校"]);
    l.run(&["units", "rename", "人事局", "人社局"]).ok();
    assert_eq!(support_of(&l, "1.4"), ["县区", "人社局", "市委党校"]);
    let export: Value = serde_json::from_str(&l.run(&["export"]).ok().stdout).unwrap();
    assert_eq!(replayed(&export, "1.4"), ["县区", "人社局", "市委党校"]);
    l.run(&["undo"]).ok();
    assert_eq!(support_of(&l, "1.4"), ["县区", "人事局", "市委党校"]);
}
