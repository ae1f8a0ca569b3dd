//! What a command says beside doing what was asked (issue 19): a supporting unit made lead is
//! said to have moved; every warning or note on stderr starts with one prefix (`warning: `,
//! `注意：` in Chinese), whichever command gives it; a command quoted inside a Chinese note is
//! set off by 「」, never quotes nested in quotes.

use crate::support::Ledger;

fn ledger() -> Ledger {
    Ledger::seeded("2026-11-02")
}

#[test]
fn a_supporting_unit_made_lead_is_said_to_have_moved() {
    // (setup, the update, language, the sentence or None when there is none)
    type Case = (
        &'static [&'static str],
        &'static [&'static str],
        &'static str,
        Option<&'static str>,
    );
    let cases: &[Case] = &[
        (
            &["update", "2.1", "--add-support", "干部科"],
            &["update", "2.1", "--lead", "干部科"],
            "en",
            Some("干部科 moved from supporting unit to lead"),
        ),
        (
            &["update", "2.1", "--add-support", "干部科"],
            &["update", "2.1", "--lead", "干部科"],
            "zh",
            Some("干部科 由配合单位改为牵头单位"),
        ),
        // With other changes in the same command: said once, after them.
        (
            &["update", "1.2", "--support", "人事局", "--support", "县区"],
            &["update", "1.2", "--lead", "县区", "--progress", "20"],
            "zh",
            Some("县区 由配合单位改为牵头单位"),
        ),
        // A lead that was not supporting: nothing to say.
        (
            &["update", "2.1", "--no-support"],
            &["update", "2.1", "--lead", "干部科"],
            "en",
            None,
        ),
        // A supporting unit removed without becoming lead: not a move.
        (
            &["update", "2.2", "--add-support", "干部科"],
            &["update", "2.2", "--remove-support", "干部科"],
            "en",
            None,
        ),
    ];
    for (setup, update, lang, said) in cases {
        let l = ledger();
        l.run(setup).ok();
        let mut args = vec!["--lang", lang];
        args.extend_from_slice(update);
        let out = l.run(&args).ok();
        match said {
            Some(s) => {
                assert!(out.stdout.contains(s), "{update:?}: {}", out.stdout);
                assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
                assert!(out.stdout.trim_end().ends_with(s), "{}", out.stdout);
            }
            None => assert!(
                !out.stdout.contains("moved") && !out.stdout.contains("改为牵头"),
                "{update:?}: {}",
                out.stdout
            ),
        }
        // The ledger holds the move: the unit leads and no longer supports.
        if said.is_some() {
            let id = update[1];
            let t = l.run(&["show", id, "--format", "json"]).ok().json();
            let unit = update[3];
            assert_eq!(t["lead"], unit);
            assert!(!t["support"].as_array().unwrap().iter().any(|u| u == unit));
        }
    }
}

#[test]
fn every_warning_starts_with_one_prefix_in_either_language() {
    // Commands that go ahead and say something on stderr.
    let cases: &[&[&str]] = &[
        &["update", "1.1", "--deadline", "2026-01-05"],
        &["update", "1.1", "--deadline", "12/31"],
        &["update", "1.1", "--deadline", "31.12"],
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "新任务",
            "--lead",
            "组织科",
            "--deadline",
            "3月15日",
        ],
        &[
            "notice",
            "--all",
            "--reply-by",
            "12/20",
            "--dry-run",
            "--out",
            "{dir}/n",
        ],
    ];
    for lang in ["en", "zh"] {
        let l = ledger();
        let dir = l.dir.path().display().to_string();
        let prefix = if lang == "zh" {
            "注意："
        } else {
            "warning: "
        };
        for args in cases {
            let mut all = vec![format!("--lang={lang}")];
            all.extend(args.iter().map(|a| a.replace("{dir}", &dir)));
            let all: Vec<&str> = all.iter().map(String::as_str).collect();
            let out = l.run(&all).ok();
            let warnings: Vec<&str> = out
                .stderr
                .lines()
                .filter(|line| !line.contains("tracker") || line.starts_with(prefix))
                .collect();
            assert!(
                !warnings.is_empty() || args[0] == "notice",
                "{all:?}: {}",
                out.stderr
            );
            for w in warnings {
                assert!(w.starts_with(prefix), "{all:?}: {w}");
                for other in ["tracker:", "tracker：", "note:", "提示：", "警告："] {
                    assert!(!w.starts_with(other), "{all:?}: {w}");
                }
            }
        }
    }
}

#[test]
fn a_width_twin_note_quotes_the_command_once() {
    let l = ledger();
    l.run(&["update", "1.1", "--lead", "ＡＢＣ科", "--new-unit"])
        .ok();
    let zh = l
        .run(&[
            "--lang",
            "zh",
            "update",
            "1.2",
            "--lead",
            "ABC科",
            "--new-unit",
        ])
        .ok();
    assert!(zh.stderr.starts_with("注意："), "{}", zh.stderr);
    assert!(
        zh.stderr
            .contains("「tracker units rename 'ABC科' 'ＡＢＣ科'」"),
        "{}",
        zh.stderr
    );
    assert!(!zh.stderr.contains("''"), "quotes nested: {}", zh.stderr);
    let en = l.run(&["update", "1.3", "--lead", "ABC科"]).ok();
    assert!(
        en.stderr.starts_with("warning: ")
            && en
                .stderr
                .contains("tracker units rename 'ABC科' 'ＡＢＣ科'"),
        "{}",
        en.stderr
    );
}
