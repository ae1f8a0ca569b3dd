//! `units rename OLD NEW` where NEW is OLD written another way (issue 19, finding 8): only
//! spacing, width, case or Traditional forms differ, which is the "another spelling" `--lead`
//! refuses. Refused unless `--new-unit` (or `--force`), with a line saying so; a rename to a
//! different near name (人事局 → 人社局) stays allowed.

use crate::support::Ledger;

#[test]
fn a_rename_to_another_spelling_of_the_same_unit_is_refused_unless_on_purpose() {
    let l = Ledger::seeded("2026-11-02");
    l.run(&["update", "1.1", "--lead", "ABC科", "--new-unit"])
        .ok();
    let before = l.dump();
    let cases = [
        ("人事局", "人事 局"),
        ("人事局", "人事　局"),
        ("组织科", "組織科"),
        ("市委党校", "市委　党校"),
        ("市委党校", " 市 委 党 校 "),
        ("ABC科", "abc科"),
        ("ABC科", "ＡＢＣ科"),
        ("ABC科", "A B C 科"),
    ];
    for (old, new) in cases {
        for lang in ["en", "zh"] {
            let err = l
                .run(&["--lang", lang, "units", "rename", old, new])
                .fails(1, &["--new-unit"]);
            let said = if lang == "en" {
                "written another way"
            } else {
                "两种写法"
            };
            assert!(err.contains(said), "{old} -> {new}: {err}");
        }
        assert_eq!(l.dump(), before, "{old} -> {new} changed the ledger");
    }
    // The usual spelling still names the unit afterwards.
    l.run(&["update", "1.1", "--lead", "人事局"]).ok();
    l.run(&["list", "--owner", "人事局"]).ok();
    // On purpose it is done, --force as --new-unit.
    let out = l
        .run(&["units", "rename", "人事局", "人事 局", "--new-unit"])
        .ok();
    assert!(out.stdout.contains("renamed"), "{}", out.stdout);
    l.run(&["units", "rename", "组织科", "組織科", "--force"])
        .ok();
}

#[test]
fn a_rename_to_a_different_name_or_the_same_one_is_as_before() {
    let l = Ledger::seeded("2026-11-02");
    // A different near name: allowed (a character that is not a spelling of the other).
    let out = l.run(&["units", "rename", "人事局", "人社局"]).ok();
    assert!(
        out.stdout.contains("renamed 人事局 to 人社局"),
        "{}",
        out.stdout
    );
    // The very name, or one matching it under the name key: already so called.
    l.run(&["units", "rename", "组织科", "组织科"])
        .fails(1, &["already called"]);
    // Onto a unit that exists under the other spelling: the merge `units` advises.
    l.run(&["update", "1.2", "--lead", "ＡＢＣ科", "--new-unit"])
        .ok();
    l.run(&["update", "1.3", "--lead", "ABC科", "--new-unit"])
        .ok();
    l.run(&["units", "rename", "ＡＢＣ科", "ABC科"]).ok();
    let units = l.run(&["units", "--format", "json"]).ok().json();
    let names: Vec<&str> = units
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["unit"].as_str())
        .collect();
    assert!(
        names.contains(&"ABC科") && !names.contains(&"ＡＢＣ科"),
        "{names:?}"
    );
}
