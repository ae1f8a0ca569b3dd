//! A config file's mistakes name the key and its line, and a pace_amber or pace_red set alone
//! against the other's default says which value was the default.

use crate::support::Ledger;

fn with_config(l: &Ledger, text: &str, args: &[&str]) -> crate::support::Output {
    let path = l.dir.path().join("c.toml");
    std::fs::write(&path, text).unwrap();
    crate::support::run(l.cmd().env("TRACKER_CONFIG", &path).args(args))
}

#[test]
fn a_value_of_the_wrong_type_names_its_key_and_line() {
    let l = Ledger::seeded("2026-09-01");
    // (config, key, line, what is accepted said in English, and in Chinese)
    let cases = [
        (
            "unit_weeks = \"4\"\n",
            "unit_weeks",
            "line 1",
            "a whole number, without quotes",
            "整数",
        ),
        (
            "# x\n\npace_red = \"30\"\n",
            "pace_red",
            "line 3",
            "a whole number",
            "整数",
        ),
        (
            "lang = \"zh\"\nstale_days = 1.5\n",
            "stale_days",
            "line 2",
            "a whole number",
            "整数",
        ),
        (
            "due_soon_days = true\n",
            "due_soon_days",
            "line 1",
            "a whole number",
            "整数",
        ),
        (
            "office = 3\n",
            "office",
            "line 1",
            "text in quotes",
            "加引号的文本",
        ),
        (
            "network_share = \"yes\"\n",
            "network_share",
            "line 1",
            "true or false",
            "true 或 false",
        ),
    ];
    for (text, key, line, en, zh) in cases {
        let said = with_config(&l, text, &["list"]).fails(1, &[key, line, en]);
        // What is accepted, in a person's words: never a Rust type's name.
        for rust in ["i64", "u32", "u64", "f64", "usize"] {
            assert!(!said.contains(rust), "{said}");
        }
        with_config(&l, text, &["--lang", "zh", "list"]).fails(1, &["错误：", key, zh]);
    }
}

#[test]
fn a_pace_limit_alone_against_the_others_default_says_so() {
    let l = Ledger::seeded("2026-09-01");
    with_config(&l, "pace_amber = 40\n", &["list"]).fails(
        1,
        &["key pace_amber", "pace_amber 40", "pace_red (default 30)"],
    );
    with_config(&l, "pace_red = 5\n", &["list"]).fails(
        1,
        &["key pace_red", "pace_red 5", "pace_amber (default 10)"],
    );
    with_config(&l, "pace_amber = 40\n", &["--lang", "zh", "list"])
        .fails(1, &["pace_amber 40", "默认 30"]);
    // Both written: the pair is wrong, and neither is a default.
    let m = with_config(&l, "pace_amber = 40\npace_red = 20\n", &["list"]).fails(1, &["pace_red"]);
    assert!(!m.contains("default"), "{m}");
    with_config(&l, "pace_amber = 40\npace_red = 40\n", &["list"]).ok();
    with_config(&l, "pace_amber = 30\n", &["list"]).ok();
}

#[test]
fn a_key_given_twice_names_both_lines_and_says_so() {
    let l = Ledger::seeded("2026-09-01");
    let before = l.dump();
    // (config, the duplicate's line, the first's)
    let cases = [
        ("lang = \"zh\"\nlang = \"en\"\n", "line 2", "line 1"),
        (
            "# 注释\noffice = \"甲\"\n\n  office = \"乙\"\n",
            "line 4",
            "line 2",
        ),
        (
            "stale_days = 3\npace_red = 40\nstale_days = 5\n",
            "line 3",
            "line 1",
        ),
    ];
    for (text, second, first) in cases {
        let en = with_config(&l, text, &["list"]).fails(1, &[second, "twice", first]);
        assert_eq!(en.lines().count(), 1, "{en}");
        let n = |s: &str| s.trim_start_matches("line ").to_string();
        let zh = with_config(&l, text, &["--lang", "zh", "list"]).fails(
            1,
            &[
                "错误：",
                &format!("第 {} 行", n(second)),
                &format!("重复（第 {} 行已有）", n(first)),
            ],
        );
        assert!(!zh.contains("TOML"), "{zh}");
    }
    assert_eq!(l.dump(), before);
}
