//! Issue 19: values as people type them. For each kind (dates, progress, statuses, ids,
//! units) a table of typed inputs with the value stored or the message given, driving the
//! binary, and a property: any valid value in any accepted spelling is stored as the same value.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

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

/// Full-width forms of the ASCII characters in `s` (digits, `-`, `.`, `/`, `%`).
fn wide(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xfee0).unwrap(),
            c => c,
        })
        .collect()
}

#[test]
fn dates_in_the_forms_offices_write_them_are_stored_as_one_day() {
    let l = ledger();
    // (typed, stored deadline, a word the note on stderr holds, or "" for none)
    let cases: &[(&str, &str, &str)] = &[
        ("2026-12-31", "2026-12-31", ""),
        ("2026.12.31", "2026-12-31", ""),
        ("２０２６-１２-３１", "2026-12-31", ""),
        ("２０２６．１２．３１", "2026-12-31", ""),
        ("2026年12月31日", "2026-12-31", ""),
        ("2027年1月5号", "2027-01-05", ""),
        ("20270115", "2027-01-15", ""),
        ("12月31日", "2026-12-31", "this year"),
        ("１２月３１日", "2026-12-31", "this year"),
        ("12/31", "2026-12-31", "this year"),
        ("3/14", "2027-03-14", "2027-03-14"),
        ("1月2日", "2027-01-02", "has passed this year"),
        ("12.31", "2026-12-31", "this year"),
        ("13/04/2027", "2027-04-13", "read day first"),
        ("月底", "2026-11-30", ""),
        ("本月底", "2026-11-30", ""),
        ("下月底", "2026-12-31", ""),
        ("年底", "2026-12-31", ""),
        ("下周五", "2026-12-11", ""),
        ("本周五", "2026-12-04", ""),
        ("周三", "2026-12-02", ""),
        ("下月15日", "2026-12-15", ""),
        ("下个月15号", "2026-12-15", ""),
        ("tomorrow", "2026-12-01", ""),
        ("+2w", "2026-12-14", ""),
        ("2026-01-05", "2026-01-05", "already passed"),
        ("yesterday", "2026-11-29", "already passed"),
    ];
    for (typed, stored, note) in cases {
        let out = l.run(&["update", "1.4", "--deadline", typed]).ok();
        assert_eq!(task(&l, "1.4")["deadline"], *stored, "{typed}");
        if note.is_empty() {
            assert!(out.stderr.is_empty(), "{typed}: {}", out.stderr);
        } else {
            assert!(
                out.stderr.starts_with("warning: ") && out.stderr.contains(note),
                "{typed}: {}",
                out.stderr
            );
        }
    }
    // A new task takes the same forms.
    let out = l
        .run(&[
            "add",
            "--rec",
            "1",
            "--title",
            "新任务",
            "--lead",
            "组织科",
            "--deadline",
            "3/14",
        ])
        .ok();
    assert!(out.stderr.contains("2027-03-14"), "{}", out.stderr);
    assert_eq!(task(&l, "1.6")["deadline"], "2027-03-14");
}

#[test]
fn dates_that_read_two_ways_or_name_no_day_are_refused_and_nothing_is_written() {
    let l = ledger();
    let before = l.dump();
    // (typed, what the one-line message must hold)
    let cases: &[(&str, &[&str])] = &[
        ("04/03/2026", &["2026-04-03", "2026-03-04", "ambiguous"]),
        ("04.03.2027", &["2027-04-03", "2027-03-04"]),
        ("4.3", &["04-03", "03-04", "ambiguous"]),
        ("2026-02-30", &["no such day", "YYYY-MM-DD"]),
        ("13/13", &["no such month", "YYYY-MM-DD"]),
        ("本月31日", &["no such day"]),
        ("下周八", &["YYYY-MM-DD"]),
        ("26-1-1", &["YYYY-MM-DD"]),
        ("2026-1/1", &["YYYY-MM-DD"]),
        ("+99999m", &["longer than 100 years"]),
    ];
    for (typed, needles) in cases {
        let msg = l
            .run(&["update", "1.4", "--deadline", typed])
            .fails(2, needles);
        assert!(msg.starts_with("error: "), "{msg}");
    }
    let msg = l
        .run(&["--lang", "zh", "update", "1.4", "--deadline", "4.3"])
        .fails(2, &["4月3日", "3月4日"]);
    assert!(msg.starts_with("错误："), "{msg}");
    assert_eq!(l.dump(), before);
}

#[test]
fn any_date_in_any_full_spelling_is_stored_as_that_day() {
    let l = ledger();
    let mut runner = TestRunner::new(Config {
        cases: 24,
        ..Config::default()
    });
    let days = 0i64..3000;
    runner
        .run(&(days, 0usize..6), |(n, pick)| {
            let d =
                chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap() + chrono::Days::new(n as u64);
            let iso = d.format("%Y-%m-%d").to_string();
            let typed = [
                iso.clone(),
                d.format("%Y/%-m/%-d").to_string(),
                d.format("%Y.%m.%d").to_string(),
                d.format("%Y年%-m月%-d日").to_string(),
                d.format("%Y%m%d").to_string(),
                wide(&iso),
            ];
            l.run(&["update", "1.4", "--deadline", &typed[pick]]).ok();
            prop_assert_eq!(&task(&l, "1.4")["deadline"], &serde_json::json!(iso));
            Ok(())
        })
        .unwrap();
}

#[test]
fn progress_with_percent_signs_and_full_width_digits() {
    let l = ledger();
    for (typed, stored) in [
        ("50%", 50),
        ("５０", 50),
        ("５０％", 50),
        ("60％", 60),
        ("７０%", 70),
        (" 80 ", 80),
    ] {
        l.run(&["update", "2.1", "--progress", typed]).ok();
        assert_eq!(task(&l, "2.1")["progress"], stored, "{typed}");
    }
    let before = l.dump();
    for bad in ["101", "５０.５", "百分之五十", "%", "５０%%", "-５"] {
        l.run(&["update", "2.1", "--progress", bad])
            .fails(2, &["0 to 100"]);
    }
    assert_eq!(l.dump(), before);
}

#[test]
fn any_progress_in_any_spelling_is_that_number() {
    let l = ledger();
    let mut runner = TestRunner::new(Config {
        cases: 20,
        ..Config::default()
    });
    runner
        .run(&(0u8..100, any::<bool>(), 0usize..3), |(n, full, sign)| {
            let digits = if full {
                wide(&n.to_string())
            } else {
                n.to_string()
            };
            let typed = format!("{digits}{}", ["", "%", "％"][sign]);
            l.run(&["update", "2.2", "--progress", &typed]).ok();
            prop_assert_eq!(&task(&l, "2.2")["progress"], &serde_json::json!(n));
            Ok(())
        })
        .unwrap();
}

/// The office words for each status, and the stored name each means.
const STATUS_WORDS: &[(&str, &str)] = &[
    ("完成", "done"),
    ("已办结", "done"),
    ("办结", "done"),
    ("已完成", "done"),
    ("进行", "in-progress"),
    ("在办", "in-progress"),
    ("推进中", "in-progress"),
    ("In Progress", "in-progress"),
    ("阻塞", "blocked"),
    ("暂缓", "blocked"),
    ("受阻", "blocked"),
    ("ＢＬＯＣＫＥＤ", "blocked"),
    ("取消", "cancelled"),
    ("撤销", "cancelled"),
    ("canceled", "cancelled"),
];

#[test]
fn statuses_in_the_words_offices_use() {
    let l = ledger();
    for (typed, stored) in STATUS_WORDS {
        // Done needs 100%, and leaving done needs a progress below it.
        let progress = if *stored == "done" { "100" } else { "10" };
        l.run(&["update", "3.1", "--status", typed, "--progress", progress])
            .ok();
        assert_eq!(task(&l, "3.1")["status"], *stored, "{typed}");
    }
    // Filters take them too.
    let v = l
        .run(&["list", "--status", "撤销", "--format", "json"])
        .ok()
        .json();
    assert_eq!(v[0]["id"], "3.1");
}

#[test]
fn a_slip_in_a_status_gets_a_did_you_mean() {
    let l = ledger();
    let before = l.dump();
    for (typed, meant) in [
        ("doen", "did you mean done?"),
        ("blokced", "did you mean blocked?"),
        ("in-progess", "did you mean in-progress?"),
        ("cancled", "did you mean cancelled?"),
        ("已完", "did you mean done?"),
    ] {
        l.run(&["update", "1.1", "--status", typed])
            .fails(2, &[meant, "not-started"]);
    }
    let msg = l
        .run(&["update", "1.1", "--status", "finished"])
        .fails(2, &["not-started", "已完成"]);
    assert!(!msg.contains("did you mean"), "{msg}");
    assert_eq!(l.dump(), before);
}

#[test]
fn the_accepted_words_are_in_help() {
    let l = ledger();
    for cmd in ["update", "list"] {
        let help = l.run(&[cmd, "--help"]).ok().stdout;
        for word in [
            "not-started",
            "已办结",
            "办结",
            "在办",
            "推进中",
            "暂缓",
            "撤销",
        ] {
            assert!(help.contains(word), "{cmd} --help lacks {word}");
        }
    }
    for cmd in ["update", "add"] {
        let help = l.run(&[cmd, "--help"]).ok().stdout;
        for word in [
            "2026.12.31",
            "12月31日",
            "月底",
            "下周五",
            "下月15日",
            "--new-unit",
        ] {
            assert!(help.contains(word), "{cmd} --help lacks {word}");
        }
    }
}

#[test]
fn any_status_word_in_any_case_and_width_is_that_status() {
    let l = ledger();
    let mut runner = TestRunner::new(Config {
        cases: 20,
        ..Config::default()
    });
    runner
        .run(
            &(
                0..STATUS_WORDS.len(),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            ),
            |(i, upper, full, spaces)| {
                let (word, stored) = STATUS_WORDS[i];
                let mut typed = if upper {
                    word.to_uppercase()
                } else {
                    word.to_string()
                };
                if full {
                    typed = wide(&typed);
                }
                if spaces {
                    typed = format!(" {typed}\u{3000}");
                }
                let progress = if stored == "done" { "100" } else { "10" };
                l.run(&["update", "3.2", "--status", &typed, "--progress", progress])
                    .ok();
                prop_assert_eq!(&task(&l, "3.2")["status"], &serde_json::json!(stored));
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn ids_pasted_or_typed_in_full_width_name_the_task() {
    let l = ledger();
    for typed in [
        " 1.4",
        "1.4 ",
        "\t1.4\n",
        "1．4",
        "１．４",
        "１.４",
        "#1.4",
        "1-4",
        "1。4",
        "　1.4　",
    ] {
        let v = task(&l, typed);
        assert_eq!(v["id"], "1.4", "{typed:?}");
    }
    // Digits without their point: the id they spell comes first.
    for (typed, first) in [("14", "1.4"), ("１４", "1.4"), ("21", "2.1"), ("35", "3.5")] {
        let msg = l
            .run(&["show", typed])
            .fails(2, &[&format!("did you mean {first},")]);
        assert!(msg.starts_with("error: "), "{msg}");
    }
    l.run(&["update", "1.9", "--progress", "5"])
        .fails(1, &["no task 1.9", "did you mean 1.5"]);
}

#[test]
fn any_id_in_any_spelling_names_that_task() {
    let l = ledger();
    let ids = ["1.1", "1.5", "2.3", "2.6", "3.4"];
    let mut runner = TestRunner::new(Config {
        cases: 20,
        ..Config::default()
    });
    runner
        .run(
            &(0..ids.len(), 0usize..4, any::<bool>(), any::<bool>()),
            |(i, sep, full, spaces)| {
                let (rec, item) = ids[i].split_once('.').unwrap();
                let mut typed = format!("{rec}{}{item}", [".", "-", "．", "。"][sep]);
                if full {
                    typed = wide(&typed);
                }
                if spaces {
                    typed = format!("  {typed} ");
                }
                let v = task(&l, &typed);
                prop_assert_eq!(&v["id"], &serde_json::json!(ids[i]));
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn a_unit_close_to_a_known_one_is_refused_with_did_you_mean() {
    let l = ledger();
    let before = l.dump();
    // (command, what the message must hold)
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["update", "1.4", "--lead", "组织课"],
            &["组织课", "did you mean 组织科?", "--new-unit"],
        ),
        (
            &["update", "1.4", "--support", "人事居"],
            &["did you mean 人事局?"],
        ),
        (
            &["update", "1.4", "--add-support", "市委党校办"],
            &["did you mean 市委党校?"],
        ),
        (
            &["update", "1.4", "--support", "组织"],
            &["组织科", "市委组织部"],
        ),
        (
            &["update", "1.4", "--lead", "市委组织"],
            &["did you mean 市委组织部?"],
        ),
        (
            &[
                "add",
                "--rec",
                "1",
                "--title",
                "新任务",
                "--lead",
                "干部教育",
            ],
            &["did you mean 干部教育科"],
        ),
        (
            &[
                "add",
                "--rec",
                "1",
                "--title",
                "新任务",
                "--lead",
                "组织科",
                "--support",
                "县区办",
            ],
            &["did you mean 县区?"],
        ),
    ];
    for (args, needles) in cases {
        l.run(args).fails(1, needles);
    }
    let msg = l
        .run(&["--lang", "zh", "update", "1.4", "--lead", "组织课"])
        .fails(1, &["是不是 组织科", "--new-unit"]);
    assert!(msg.starts_with("错误："), "{msg}");
    assert_eq!(l.dump(), before);
}

#[test]
fn new_unit_makes_a_close_name_on_purpose_and_an_unrelated_name_needs_nothing() {
    let l = ledger();
    l.run(&["update", "1.4", "--lead", "组织课", "--new-unit"])
        .ok();
    assert_eq!(task(&l, "1.4")["lead"], "组织课");
    // A name like no known unit is a new unit, as before.
    l.run(&["update", "1.5", "--lead", "财政局"]).ok();
    assert_eq!(task(&l, "1.5")["lead"], "财政局");
    // Names that differ only in the level or kind of office are other offices.
    l.run(&["update", "1.5", "--lead", "人事科"]).ok();
    l.run(&["update", "1.5", "--lead", "县委组织部"]).ok();
    assert_eq!(task(&l, "1.5")["lead"], "县委组织部");
    l.run(&[
        "add",
        "--rec",
        "2",
        "--title",
        "新任务",
        "--lead",
        "干部教育",
        "--new-unit",
    ])
    .ok();
    assert_eq!(task(&l, "2.7")["lead"], "干部教育");
    // A known unit typed exactly is never refused, however close to others.
    l.run(&["update", "1.1", "--lead", "组织科"]).ok();
}

#[test]
fn supporting_units_are_added_removed_and_reordered_one_by_one() {
    let l = ledger();
    let support = |l: &Ledger| task(l, "1.4")["support"].clone();
    l.run(&["update", "1.4", "--add-support", "人事局"]).ok();
    l.run(&[
        "update",
        "1.4",
        "--add-support",
        "县区",
        "--add-support",
        "市委党校",
    ])
    .ok();
    assert_eq!(
        support(&l),
        serde_json::json!(["人事局", "县区", "市委党校"])
    );
    l.run(&["update", "1.4", "--remove-support", "县区"]).ok();
    assert_eq!(support(&l), serde_json::json!(["人事局", "市委党校"]));
    // The same units in another order: a reorder, not "nothing changed".
    let out = l
        .run(&[
            "update",
            "1.4",
            "--support",
            "市委党校",
            "--support",
            "人事局",
        ])
        .ok();
    assert!(!out.stdout.contains("nothing changed"), "{}", out.stdout);
    assert_eq!(support(&l), serde_json::json!(["市委党校", "人事局"]));
    // One undo takes the reorder back whole.
    l.run(&["undo"]).ok();
    assert_eq!(support(&l), serde_json::json!(["人事局", "市委党校"]));
    // An export of the reordered ledger restores.
    l.run(&[
        "update",
        "1.4",
        "--support",
        "市委党校",
        "--support",
        "人事局",
    ])
    .ok();
    let json = l.dir.path().join("all.json");
    l.run(&["export", "--out", json.to_str().unwrap()]).ok();
    let restored = l.dir.path().join("restored.db");
    l.run_in(&restored, &["restore", json.to_str().unwrap()])
        .ok();
    let v = l
        .run_in(&restored, &["show", "1.4", "--format", "json"])
        .ok()
        .json();
    assert_eq!(v["support"], serde_json::json!(["市委党校", "人事局"]));

    let before = l.dump();
    l.run(&["update", "1.4", "--remove-support", "县区"])
        .fails(1, &["县区 is not a supporting unit of 1.4", "市委党校"]);
    l.run(&["update", "1.4", "--remove-support", "人事"])
        .fails(1, &["did you mean 人事局?"]);
    l.run(&["update", "1.4", "--add-support", "组织科"])
        .fails(1, &["cannot both lead and support"]);
    l.run(&[
        "update",
        "1.4",
        "--add-support",
        "人事局",
        "--support",
        "县区",
    ])
    .fails(2, &["--support"]);
    assert_eq!(l.dump(), before);
}

#[test]
fn any_slip_of_one_character_in_a_known_unit_is_caught() {
    let l = ledger();
    let units = [
        "组织科",
        "人事局",
        "干部教育科",
        "市委组织部",
        "人才工作协调小组",
    ];
    let before = l.dump();
    let mut runner = TestRunner::new(Config {
        cases: 16,
        ..Config::default()
    });
    runner
        .run(&(0..units.len(), 0usize..8), |(i, at)| {
            let chars: Vec<char> = units[i].chars().collect();
            let at = at % chars.len();
            // 㐀 is in no unit's name: the slip makes a name the ledger does not have.
            let typed: String = chars
                .iter()
                .enumerate()
                .map(|(j, c)| if j == at { '㐀' } else { *c })
                .collect();
            let msg = l
                .run(&["update", "2.2", "--lead", &typed])
                .fails(1, &["did you mean"]);
            prop_assert!(msg.contains(units[i]), "{}", msg);
            Ok(())
        })
        .unwrap();
    assert_eq!(l.dump(), before);
}

#[test]
fn the_messages_of_each_kind_come_in_chinese_with_lang_zh() {
    let l = ledger();
    let zh = |args: &[&str]| {
        let mut all = vec!["--lang", "zh"];
        all.extend_from_slice(args);
        l.run(&all)
    };
    let before = l.dump();
    zh(&["update", "1.4", "--deadline", "2026-02-30"]).fails(2, &["错误：", "该月没有这一天"]);
    zh(&["update", "1.4", "--remove-support", "县区"]).fails(1, &["不是 1.4 的配合单位"]);
    zh(&["update", "1.4", "--lead", "组织课"]).fails(1, &["是不是 组织科"]);
    zh(&["show", "14"]).fails(2, &["1.4"]);
    assert_eq!(l.dump(), before);
    let out = zh(&["update", "1.4", "--deadline", "3/14"]).ok();
    assert!(
        out.stderr.starts_with("注意：") && out.stderr.contains("今年已过"),
        "{}",
        out.stderr
    );
}

/// Every numeric option (weeks, limits, trend weeks, recommendation numbers, progress) reads
/// full-width digits as ASCII, through one reader.
#[test]
fn every_numeric_option_reads_full_width_digits() {
    let l = ledger();
    // (arguments in ASCII; the same with full-width digits must give the same stdout)
    let cases: &[&[&str]] = &[
        &["report", "--week", "2026-W48", "--format", "json"],
        &["report", "--limit", "5"],
        &["report", "--trend-weeks", "12", "--format", "json"],
        &["units", "--weeks", "2", "--format", "json"],
        &["list", "--rec", "2", "--format", "json"],
        &["report", "--rec", "1", "--limit", "3"],
    ];
    for args in cases {
        let ascii = l.run(args).ok().stdout;
        let typed: Vec<String> = args.iter().map(|a| wide_digits(a)).collect();
        let typed: Vec<&str> = typed.iter().map(String::as_str).collect();
        assert_eq!(l.run(&typed).ok().stdout, ascii, "{typed:?}");
    }
    // An ideographic space around a pasted number is fine too.
    l.run(&["units", "--weeks", "\u{3000}２\u{3000}"]).ok();
}

/// Full-width forms of the ASCII digits in `s` only (option names stay ASCII).
fn wide_digits(s: &str) -> String {
    if s.starts_with("--") {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xfee0).unwrap(),
            c => c,
        })
        .collect()
}

/// A numeric option refused says which whole numbers it takes, in either language, never
/// Rust's own parse message.
#[test]
fn a_refused_number_says_what_is_accepted() {
    let l = ledger();
    let before = l.dump();
    let raw = [
        "invalid digit",
        "too large",
        "is not in",
        "empty string",
        "ParseInt",
    ];
    // (option, refused values, what the message says)
    let cases: &[(&[&str], &[&str], &str)] = &[
        (
            &["units", "--weeks"],
            &[
                "0",
                "521",
                "x",
                "-1",
                "1.5",
                "99999999999999999999999",
                "",
                "２x",
            ],
            "expected a whole number from 1 to 520",
        ),
        (
            &["report", "--limit"],
            &["-1", "ten", "1000001", "18446744073709551616", "+"],
            "expected a whole number from 0 to 1000000",
        ),
        (
            &["report", "--trend-weeks"],
            &["1041", "-3", "12w", "4294967296"],
            "expected a whole number from 0 to 1040",
        ),
    ];
    for (args, values, says) in cases {
        for v in *values {
            let mut a = args.to_vec();
            a.push(v);
            let msg = l.run(&a).fails(2, &[says]);
            for r in raw {
                assert!(!msg.contains(r), "{a:?}: {msg}");
            }
            let mut a = vec!["--lang", "zh"];
            a.extend(args.iter());
            a.push(v);
            let msg = l.run(&a).fails(2, &["之间的整数"]);
            assert!(!msg.contains("expected"), "{a:?}: {msg}");
        }
    }
    assert_eq!(l.dump(), before);
}

proptest::proptest! {
    #![proptest_config(Config { cases: 24, ..Config::default() })]
    /// Any text that is not a whole number in range is refused in one line naming the range.
    #[test]
    fn any_refused_weeks_value_names_the_range(v in "[0-9０-９a-z.+-]{1,25}") {
        let l = Ledger::new("2026-11-30");
        let ascii: String = v.chars().map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xfee0).unwrap(),
            c => c,
        }).collect();
        let good = ascii.bytes().all(|b| b.is_ascii_digit())
            && ascii.trim_start_matches('0').len() <= 3
            && (1..=520).contains(&ascii.parse::<u64>().unwrap_or(0));
        let out = l.run(&["units", "--weeks", &v, "--format", "json"]);
        if good {
            out.ok();
        } else if !v.starts_with('-') {
            out.fails(2, &["expected a whole number from 1 to 520"]);
        }
    }
}

/// A refused value holding a newline or a tab is shown whole on one line, escaped.
#[test]
fn a_refused_value_with_a_line_break_is_shown_whole() {
    let l = ledger();
    let cases: &[(&[&str], &str)] = &[
        (
            &["update", "1.4", "--status", "done (see\nthe plan)"],
            "'done (see\\nthe plan)' for '--status",
        ),
        (
            &["update", "1.4", "--status", "a\tb"],
            "'a\\tb' for '--status",
        ),
        (
            &["update", "1.4", "--progress", "5\r\n0"],
            "'5\\r\\n0' for '--progress",
        ),
        (&["units", "--weeks", "4\n4"], "'4\\n4' for '--weeks"),
        (
            &["report", "--week", "2026\n-W48"],
            "'2026\\n-W48' for '--week",
        ),
    ];
    for (args, shows) in cases {
        l.run(args).fails(2, &[shows, "expected"]);
        let mut zh = vec!["--lang", "zh"];
        zh.extend(args.iter());
        let inner = shows.split('\'').nth(1).unwrap();
        l.run(&zh).fails(2, &[inner]);
    }
}

/// `--help` wraps by display width (a Chinese character is two columns), so no line of any
/// command's help passes 100 columns, the width clap wraps to when it cannot ask a terminal.
#[test]
fn help_lines_fit_in_100_columns_counting_chinese_as_two() {
    let l = ledger();
    for cmd in [
        "", "update", "list", "add", "report", "units", "import", "init", "history", "show",
        "note", "export", "sheets", "collect", "restore", "undo", "backup", "man",
    ] {
        let mut args: Vec<&str> = if cmd.is_empty() { vec![] } else { vec![cmd] };
        args.push("--help");
        let help = l.run(&args).ok().stdout;
        for line in help.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= 100,
                "{cmd} --help: {} columns: {line}",
                unicode_width::UnicodeWidthStr::width(line)
            );
        }
    }
}

/// Status words as offices write them, Traditional forms read as their Simplified words, and
/// a did-you-mean that never offers the opposite meaning.
#[test]
fn status_words_in_both_scripts_and_no_opposite_suggested() {
    let l = ledger();
    // (typed, stored): each sets 1.1 from not started.
    let cases: &[(&str, &str)] = &[
        ("正在进行", "in-progress"),
        ("正在進行", "in-progress"),
        ("已开始", "in-progress"),
        ("已開始", "in-progress"),
        ("推進中", "in-progress"),
        ("暫緩", "blocked"),
        ("完结", "done"),
        ("已完結", "done"),
        ("已辦結", "done"),
        ("撤銷", "cancelled"),
        ("待办", "not-started"),
        ("待辦", "not-started"),
    ];
    for (typed, stored) in cases {
        let l = ledger();
        let mut args = vec!["update", "1.1", "--status", typed];
        if *stored == "not-started" {
            args = vec!["list", "--status", typed, "--format", "json"];
            let v = l.run(&args).ok().json();
            assert_eq!(v[0]["status"], "not-started", "{typed}");
            continue;
        }
        if *stored == "done" {
            args.extend(["--progress", "100"]);
        }
        l.run(&args).ok();
        assert_eq!(task(&l, "1.1")["status"], *stored, "{typed}");
    }
    // A negation typed or dropped is another meaning, never a slip.
    let before = l.dump();
    for (typed, never) in [
        ("已开始了", "not-started"),
        ("未完成", "done"),
        ("不取消", "cancelled"),
        ("已开", "not-started"),
    ] {
        let msg = l
            .run(&["update", "1.1", "--status", typed])
            .fails(2, &["expected"]);
        assert!(
            !msg.contains(&format!("did you mean {never}")),
            "{typed}: {msg}"
        );
    }
    // The refusal names the office words too, in both languages.
    l.run(&["update", "1.1", "--status", "finished"])
        .fails(2, &["办结", "在办"]);
    l.run(&["--lang", "zh", "update", "1.1", "--status", "finished"])
        .fails(2, &["办结", "在办"]);
    assert_eq!(l.dump(), before);
}

/// A unit typed as another spelling of a known one (Traditional characters, spaces inside,
/// full width, letter case) is refused with a did-you-mean unless --new-unit; a name of
/// marks alone is never a unit.
#[test]
fn another_spelling_of_a_known_unit_is_refused() {
    let l = ledger();
    l.run(&["update", "1.4", "--add-support", "ABC科", "--new-unit"])
        .ok();
    let before = l.dump();
    // (typed, the known unit it is offered)
    let cases: &[(&str, &str)] = &[
        ("組織科", "组织科"),
        ("组 织 科", "组织科"),
        ("组\u{3000}织科", "组织科"),
        ("ＡＢＣ科", "ABC科"),
        ("abc科", "ABC科"),
        ("ａｂｃ 科", "ABC科"),
        ("市委黨校", "市委党校"),
    ];
    for (typed, known) in cases {
        for flag in ["--lead", "--add-support", "--support"] {
            l.run(&["update", "2.1", flag, typed])
                .fails(1, &[&format!("did you mean {known}"), "--new-unit"]);
        }
        l.run(&["add", "--rec", "1", "--title", "新任务", "--lead", typed])
            .fails(1, &[&format!("did you mean {known}")]);
    }
    for marks in ["-", "/", "、", "…", "·", "/-"] {
        for extra in [&[][..], &["--new-unit"][..]] {
            let mut args = vec!["update", "2.1", "--lead", marks];
            args.extend(extra);
            l.run(&args).fails(1, &["is not a unit name"]);
        }
    }
    l.run(&["--lang", "zh", "update", "2.1", "--lead", "-"])
        .fails(1, &["不是单位名称"]);
    assert_eq!(l.dump(), before);
    // On purpose, it is made.
    l.run(&["update", "2.1", "--lead", "組織科", "--new-unit"])
        .ok();
}

#[test]
fn second_round_slips_are_read_or_refused_in_one_line() {
    let l = ledger();
    // Spaces an input method leaves between a date's parts.
    for (typed, stored) in [
        ("12 月 31 日", "2026-12-31"),
        ("2027 年 1 月 5 日", "2027-01-05"),
        (" 2027 - 01 - 06 ", "2027-01-06"),
        ("下月 15 日", "2026-12-15"),
    ] {
        l.run(&["update", "1.4", "--deadline", typed]).ok();
        assert_eq!(task(&l, "1.4")["deadline"], stored, "{typed}");
    }
    // 、 typed for the point; a decimal's trailing zeros name the task without them first.
    for typed in ["1、4", "１、４", " 1、4 "] {
        assert_eq!(task(&l, typed)["id"], "1.4", "{typed:?}");
    }
    for (typed, first) in [
        ("1.40", "1.4"),
        ("1.400", "1.4"),
        ("2.10", "2.1"),
        ("3.50", "3.5"),
    ] {
        l.run(&["show", typed])
            .fails(1, &[&format!("did you mean {first},")]);
    }
    let before = l.dump();
    // Adding and removing one unit: a contradiction, refused in one line.
    for unit in ["组织科", "人才工作科"] {
        let msg = l
            .run(&[
                "update",
                "3.4",
                "--add-support",
                unit,
                "--remove-support",
                unit,
            ])
            .fails(1, &["--add-support", "--remove-support", "contradict"]);
        assert!(msg.contains(unit) && !msg.contains('\n'), "{msg}");
    }
    // A slip in the unit to rename gets the unit it is near.
    for (typed, near) in [
        ("组织课", "组织科"),
        ("干部教育課", "干部教育科"),
        ("市委党枝", "市委党校"),
    ] {
        l.run(&["units", "rename", typed, "新名科"])
            .fails(1, &[&format!("did you mean {near}?")]);
    }
    let zh = l
        .run(&["--lang", "zh", "units", "rename", "组织课", "x"])
        .fails(1, &["是否要找 组织科"]);
    assert!(zh.starts_with("错误："), "{zh}");
    assert_eq!(l.dump(), before, "nothing written");
    // A shell without a script names the four there are.
    for shell in ["tcsh", "sh", "ksh"] {
        l.run(&["completions", shell])
            .fails(2, &["expected bash, zsh, fish or powershell"]);
    }
}

#[test]
fn today_takes_the_date_forms_a_deadline_takes() {
    let l = ledger();
    // Each form names 2026-12-01: a note made "on" it is recorded on that day.
    for typed in [
        "2026-12-01",
        "2026/12/1",
        "2026.12.1",
        "2026年12月1日",
        "2026 年 12 月 1 日",
        "２０２６-１２-０１",
        "20261201",
    ] {
        l.run(&["--today", typed, "note", "1.1", typed]).ok();
        let events = l.run(&["history", "1.1", "--format", "json"]).ok().json();
        let last = events.as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["note"], *typed);
        assert!(
            last["at"].as_str().unwrap().starts_with("2026-12-01T"),
            "{typed}: {last}"
        );
    }
    // Year-less forms and words: read in the machine's year by the deadline parser.
    for typed in ["12/31", "12月1日", "12 月 1 日", "月底", "年底"] {
        l.run(&["--today", typed, "list"]).ok();
    }
    // What is no date says which forms are accepted, in one line.
    for typed in ["soon", "13/13", "2026-02-30"] {
        let msg = l
            .run(&["--today", typed, "list"])
            .fails(2, &["--today", "YYYY-MM-DD"]);
        assert!(!msg.contains('\n'), "{msg}");
    }
}

/// `--help` lists every status word the parser takes and completion offers (one table), and
/// every word it lists is taken by `list --status` and `update --status` alike.
#[test]
fn help_lists_every_status_word_and_each_one_it_lists_is_taken() {
    let l = ledger();
    for cmd in ["update", "list"] {
        let help = l.run(&[cmd, "--help"]).ok().stdout;
        let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
        let start = flat.find("[not-started").expect("status list in help");
        let end = start + flat[start..].find("forms too]").expect("end of the list");
        let listed: Vec<String> = flat[start + 1..end]
            .replace(" or ", " ")
            .split([',', ';'])
            .map(|w| w.split(" (").next().unwrap_or("").trim().to_string())
            .filter(|w| !w.is_empty() && !w.starts_with("Traditional"))
            .collect();
        assert!(listed.len() > 30, "{cmd}: {listed:?}");
        let offered = l
            .run(&[
                "__complete",
                "bash",
                "--index",
                "4",
                "--",
                "tracker",
                "update",
                "1.4",
                "--status",
                "",
            ])
            .ok()
            .stdout;
        for word in offered.lines().skip(3).filter(|w| !w.is_empty()) {
            assert!(
                listed.iter().any(|w| w == word),
                "{cmd} --help lacks {word}"
            );
        }
        for word in &listed {
            l.run(&["list", "--status", word]).ok();
        }
    }
    l.run(&["update", "1.1", "--status", "正在进行"]).ok();
    assert_eq!(task(&l, "1.1")["status"], "in-progress");
}
