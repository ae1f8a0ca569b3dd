//! Issue 19, third round of a fresh tester's findings: names typed with inner runs of spaces,
//! `units rename` checked as `--lead` is, and the other kinds below, each as a table of cases.

use crate::support::Ledger;

/// A seeded ledger on Monday 2026-11-30 (plan started 2026-03-02).
fn ledger() -> Ledger {
    let l = Ledger::new("2026-11-30");
    l.run(&["init", "--start", "2026-03-02"]).ok();
    l
}

fn task(l: &Ledger, id: &str) -> serde_json::Value {
    l.run(&["show", id, "--format", "json"]).ok().json()
}

fn units(l: &Ledger) -> Vec<String> {
    l.run(&["units", "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit"].as_str().unwrap().to_string())
        .collect()
}

/// Spellings of `Party Office` and of 市委 党校 that differ only in the runs of spaces inside.
const SPACED: &[(&str, &str)] = &[
    ("Party  Office", "Party Office"),
    ("Party\u{3000}Office", "Party Office"),
    ("Party \u{3000} Office", "Party Office"),
    ("Party\u{00A0}Office", "Party Office"),
    ("Party\u{2003}\u{2003}Office", "Party Office"),
    (" Party   Office ", "Party Office"),
    ("市委\u{3000}\u{3000}党校", "市委 党校"),
    ("市委  党校", "市委 党校"),
];

#[test]
fn a_unit_typed_with_doubled_or_full_width_spaces_finds_its_unit_everywhere() {
    let l = ledger();
    l.run(&[
        "add",
        "--rec",
        "1",
        "--title",
        "甲",
        "--lead",
        "Party Office",
    ])
    .ok();
    l.run(&[
        "add",
        "--rec",
        "1",
        "--title",
        "乙",
        "--lead",
        "市委 党校",
        "--new-unit",
    ])
    .ok();
    let before = units(&l).len();
    for (typed, unit) in SPACED {
        // --lead: the known unit, no new one, no did-you-mean naming itself.
        l.run(&["update", "1.1", "--lead", typed]).ok();
        assert_eq!(task(&l, "1.1")["lead"], *unit, "--lead {typed:?}");
        // --add-support and --remove-support.
        l.run(&["update", "1.2", "--add-support", typed]).ok();
        assert!(
            task(&l, "1.2")["support"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == unit),
            "--add-support {typed:?}"
        );
        l.run(&["update", "1.2", "--remove-support", typed]).ok();
        assert!(
            !task(&l, "1.2")["support"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == unit),
            "--remove-support {typed:?}"
        );
        // --support (the list replaced).
        l.run(&["update", "1.3", "--support", typed]).ok();
        assert_eq!(task(&l, "1.3")["support"], serde_json::json!([unit]));
        // list --owner.
        let listed = l
            .run(&["list", "--owner", typed, "--format", "json"])
            .ok()
            .json();
        assert!(
            listed.as_array().unwrap().iter().any(|t| t["id"] == "1.1"),
            "list --owner {typed:?}"
        );
        // add --lead.
        let out = l
            .run(&["add", "--rec", "2", "--title", "丙", "--lead", typed])
            .ok();
        let id = out.stdout.trim().trim_start_matches("added ").to_string();
        assert_eq!(task(&l, &id)["lead"], *unit, "add --lead {typed:?}");
    }
    assert_eq!(units(&l).len(), before, "no second unit: {:?}", units(&l));
    // units rename OLD typed with a doubled space, and back.
    l.run(&[
        "units",
        "rename",
        "Party\u{3000}\u{3000}Office",
        "Party Dept",
    ])
    .ok();
    assert!(units(&l).contains(&"Party Dept".to_string()));
    assert!(!units(&l).contains(&"Party Office".to_string()));
}

#[test]
fn units_rename_refuses_a_near_miss_or_variant_of_another_unit_unless_told() {
    // (new name, the unit the did-you-mean names)
    let cases: &[(&str, &str)] = &[
        ("组织课", "组织科"),
        ("組織科", "组织科"),
        ("组 织 科", "组织科"),
        ("组织", "组织科"),
        ("干部教育课", "干部教育科"),
        ("幹部科", "干部科"),
    ];
    for (new, near) in cases {
        let l = ledger();
        let before = l.run(&["export"]).ok().stdout;
        let msg = l
            .run(&["units", "rename", "人事局", new])
            .fails(1, &[&format!("did you mean {near}"), "--new-unit"]);
        assert!(!msg.contains("panicked"), "{msg}");
        assert_eq!(l.run(&["export"]).ok().stdout, before, "{new}: untouched");
        let zh = l
            .run(&["--lang", "zh", "units", "rename", "人事局", new])
            .fails(1, &[near, "--new-unit"]);
        assert!(zh.starts_with("错误："), "{zh}");
        // --new-unit, and its alias --force, override.
        let flag = if new.len() % 2 == 0 {
            "--new-unit"
        } else {
            "--force"
        };
        l.run(&["units", "rename", "人事局", new, flag]).ok();
        assert!(units(&l).contains(&new.to_string()), "{new} {flag}");
    }
}

#[test]
fn units_rename_onto_a_unit_or_an_unlike_name_works_as_before() {
    let l = ledger();
    // An unlike name: renamed.
    l.run(&["units", "rename", "人事局", "人社局"]).ok();
    assert!(units(&l).contains(&"人社局".to_string()));
    // Onto an existing unit (also typed with a doubled space): the merge rule, no refusal.
    l.run(&["units", "rename", "干部科", "干部教育科"]).ok();
    l.run(&[
        "add",
        "--rec",
        "1",
        "--title",
        "甲",
        "--lead",
        "Party Office",
    ])
    .ok();
    l.run(&["units", "rename", "人社局", "Party\u{3000}\u{3000}Office"])
        .ok();
    let u = units(&l);
    for gone in ["干部科", "人社局", "Party\u{3000}\u{3000}Office"] {
        assert!(!u.iter().any(|x| x == gone), "{gone}: {u:?}");
    }
    assert!(u.iter().any(|x| x == "干部教育科") && u.iter().any(|x| x == "Party Office"));
    // Onto a spelling of an existing unit that is not the same name: refused.
    l.run(&["units", "rename", "Party Office", "市委 党校"])
        .fails(1, &["did you mean 市委党校"]);
}
