//! Notices sent in the period are one sentence however many (issue 17, third round §1): the
//! 通报's 二 and the terminal's 本期督办 line say how many went to how many units, the
//! serials' first and last, and name at most the cap (config `tongbao_items`) of units; the
//! terminal line wraps to the width.

use unicode_width::UnicodeWidthStr;

use crate::support::Ledger;
use crate::tongbao::body;

/// A seeded ledger plus one task led by each of `n` new units (第N巡察组), and `runs` rounds of
/// `notice --all`.
fn ledger(n: usize, runs: usize) -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    let l = Ledger {
        today: "2026-12-02".into(),
        ..l
    };
    for i in 1..=n {
        let unit = format!("第{i}巡察组");
        let title = format!("巡察反馈问题整改{i}");
        l.run(&[
            "add",
            "--rec",
            "2",
            "--title",
            &title,
            "--lead",
            &unit,
            "--new-unit",
            "--deadline",
            "2027-01-31",
        ])
        .ok();
    }
    for k in 0..runs {
        let dir = l.dir.path().join(format!("通知单{k}"));
        // Each run on its own day (12-02, 12-03, 12-04, all in W49): the same notice again
        // the same day would keep its serial (issue 17, finding 11).
        let day = format!("2026-12-{:02}", 2 + k);
        l.run_on(
            &day,
            &[
                "notice",
                "--all",
                "--reply-by",
                "2026-12-09",
                "--out",
                dir.to_str().unwrap(),
            ],
        )
        .ok();
    }
    // Read after the last run, in the same week.
    Ledger {
        today: "2026-12-04".into(),
        ..l
    }
}

fn config(l: &Ledger, text: &str) {
    let dir = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

/// (count, distinct units, lowest serial number, highest) of the json's notices.
fn figures(l: &Ledger) -> (usize, usize, u64, u64) {
    let json = l.run(&["report", "--format", "json"]).ok().json();
    let notices = json["notices"].as_array().unwrap();
    let mut units: Vec<&str> = notices
        .iter()
        .map(|n| n["unit"].as_str().unwrap())
        .collect();
    units.sort();
    units.dedup();
    let nums: Vec<u64> = notices
        .iter()
        .map(|n| {
            let s = n["serial"].as_str().unwrap();
            let digits: String = s
                .split('〕')
                .nth(1)
                .unwrap()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().unwrap()
        })
        .collect();
    (
        notices.len(),
        units.len(),
        *nums.iter().min().unwrap(),
        *nums.iter().max().unwrap(),
    )
}

/// The units a sentence names (the seeded plan's and the 巡察组).
fn named_units(sentence: &str, all: &[String]) -> usize {
    all.iter()
        .filter(|u| {
            sentence.contains(&format!("{u}、"))
                || sentence.contains(&format!("{u}等"))
                || sentence.contains(&format!("{u}发出"))
        })
        .count()
}

#[test]
fn notices_in_the_tongbao_are_one_sentence_naming_at_most_the_cap() {
    // (units, runs of notice --all, cap or the default 10)
    for (n, runs, cap) in [
        (3, 1, None),
        (14, 3, None),
        (30, 1, Some(4)),
        (2, 2, Some(1)),
    ] {
        let l = ledger(n, runs);
        if let Some(c) = cap {
            config(&l, &format!("tongbao_items = {c}\n"));
        }
        let cap = cap.unwrap_or(10);
        let (count, units, lo, hi) = figures(&l);
        assert!(
            count >= n * runs && units >= n,
            "{count} notices, {units} units"
        );
        let json = l.run(&["units", "--format", "json"]).ok().json();
        let all: Vec<String> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["unit"].as_str().unwrap().to_string())
            .collect();

        let out = l.dir.path().join("通报.docx");
        l.run(&["report", "--format", "docx", "--out", out.to_str().unwrap()])
            .ok();
        let b = body(&out);
        let sent: Vec<&str> = b
            .paras
            .iter()
            .map(|(_, t)| t.as_str())
            .filter(|t| t.contains("发出督办通知单"))
            .collect();
        assert_eq!(sent.len(), 1, "one sentence for {count} notices: {sent:#?}");
        let s = sent[0];
        // 等 when the cap left units unnamed, 共 when every unit is named.
        let word = if units > cap { "等" } else { "共" };
        let want =
            format!("{word}{units}个单位发出督办通知单{count}份（督办〔2026〕{lo}号至{hi}号）");
        assert!(
            s.starts_with("本周向") && s.contains(&want),
            "{s}\nwants {want}"
        );
        assert!(s.ends_with("，限12月9日前反馈。"), "{s}");
        assert_eq!(named_units(s, &all), units.min(cap), "cap {cap}: {s}");

        // The terminal says the same sentence, wrapped to 80 columns, in a few lines.
        for lang in ["zh", "en"] {
            let table = l.run(&["--lang", lang, "report"]).ok().stdout;
            let head: Vec<&str> = table.lines().take_while(|t| !t.is_empty()).collect();
            for line in &head {
                assert!(line.width() <= 80, "{lang}: {} wide: {line}", line.width());
            }
            let context = head.join(if lang == "en" { " " } else { "" });
            if lang == "zh" {
                assert!(
                    context.contains(&format!("本期督办：{}", s.trim_end_matches('。'))),
                    "{context}"
                );
            } else {
                let want = format!("Notices sent: {count} notices sent to {units} units");
                assert!(context.contains(&want), "{context}");
                assert!(
                    context.contains(&format!("督办〔2026〕{lo}号 to {hi}号")),
                    "{context}"
                );
            }
            assert!(head.len() <= 8, "{lang}: {} lines of context", head.len());
        }
    }
}

#[test]
fn section_three_names_at_most_the_cap_in_all() {
    // Overdue tasks and blocked ones (滞后) together: the cap is the section's.
    let l = Ledger::seeded("2026-01-05");
    let l = Ledger {
        today: "2026-11-30".into(),
        ..l
    };
    let json = l.run(&["list", "--format", "json"]).ok().json();
    let ids: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    for id in ids.iter().take(8) {
        l.run(&[
            "update",
            id,
            "--deadline",
            "2027-06-30",
            "--status",
            "blocked",
        ])
        .ok();
    }
    let report = l.run(&["report", "--format", "json"]).ok().json();
    let (overdue, lagging) = (
        report["overdue"].as_array().unwrap().len(),
        // 滞后: not overdue, pace red (behind beyond pace_red, or blocked).
        (report["rows"].as_array().unwrap().iter())
            .filter(|r| r["health"] != "overdue" && r["pace"]["light"] == "red")
            .count(),
    );
    assert!(
        overdue >= 2 && lagging >= 8,
        "{overdue} overdue, {lagging} lagging"
    );
    for cap in [1usize, 3, 6, 10, 30] {
        config(&l, &format!("tongbao_items = {cap}\n"));
        let out = l.dir.path().join("通报.docx");
        l.run(&["report", "--format", "docx", "--out", out.to_str().unwrap()])
            .ok();
        let b = body(&out);
        let start = b
            .paras
            .iter()
            .position(|(_, t)| t.starts_with("三、"))
            .unwrap();
        let three: Vec<&str> = b.paras[start + 1..]
            .iter()
            .take_while(|(s, _)| s != "GwHeading1")
            .map(|(_, t)| t.as_str())
            .collect();
        let items = three.iter().filter(|t| t.contains("，牵头单位")).count();
        assert_eq!(items, (overdue + lagging).min(cap), "cap {cap}: {three:#?}");
    }
}

/// The serial numbers (year, number) of the report's `notices`, as the JSON lists them.
fn serial_numbers(l: &Ledger) -> Vec<u64> {
    let json = l.run(&["report", "--format", "json"]).ok().json();
    json["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let s = n["serial"].as_str().unwrap();
            let tail = s.strip_prefix("督办〔2026〕").unwrap();
            tail.strip_suffix('号').unwrap().parse().unwrap()
        })
        .collect()
}

/// `numbers` as runs of consecutive ones, (first, last), computed here on their own.
fn runs_of(mut numbers: Vec<u64>) -> Vec<(u64, u64)> {
    numbers.sort_unstable();
    numbers.dedup();
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for n in numbers {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == n => *last = n,
            _ => runs.push((n, n)),
        }
    }
    runs
}

#[test]
fn serials_withdrawn_by_an_undo_are_left_out_of_the_range() {
    // Day 1 a run of notices stands; day 2 a run is issued and undone (its serials withdrawn,
    // never given again); day 3 one more run, and on day 3 a single unit's notice.
    let l = ledger(3, 1);
    let out = |k: &str| l.dir.path().join(k).to_str().unwrap().to_string();
    let notice = |day: &str, dir: &str, who: &[&str]| {
        let mut args = vec!["notice", "--reply-by", "2026-12-09", "--out", dir];
        args.extend_from_slice(who);
        l.run_on(day, &args).ok();
    };
    notice("2026-12-03", &out("撤回"), &["--all"]);
    l.run_on("2026-12-03", &["undo"]).ok();
    notice("2026-12-04", &out("再发"), &["--all"]);
    notice("2026-12-04", &out("单发"), &["--owner", "第2巡察组"]);

    let numbers = serial_numbers(&l);
    let runs = runs_of(numbers.clone());
    assert!(runs.len() >= 2, "a gap where the undone run was: {runs:?}");
    let (lo, hi) = (runs[0].0, runs[runs.len() - 1].1);
    let withdrawn: Vec<u64> = (lo..=hi).filter(|n| !numbers.contains(n)).collect();
    assert!(!withdrawn.is_empty(), "{numbers:?}");
    let say = |to: &str, sep: &str| {
        runs.iter()
            .map(|&(a, b)| {
                if a == b {
                    format!("{a}号")
                } else {
                    format!("{a}号{to}{b}号")
                }
            })
            .collect::<Vec<_>>()
            .join(sep)
    };
    let zh = format!(
        "发出督办通知单{}份（督办〔2026〕{}）",
        numbers.len(),
        say("至", "、")
    );
    let en = format!("督办〔2026〕{}, reply by", say(" to ", ", "));

    // The 通报 (docx), the markdown and the terminal in both languages say the same runs.
    let docx = l.dir.path().join("通报.docx");
    l.run(&[
        "report",
        "--format",
        "docx",
        "--out",
        docx.to_str().unwrap(),
    ])
    .ok();
    let b = body(&docx);
    let sentence = b
        .paras
        .iter()
        .map(|(_, t)| t.as_str())
        .find(|t| t.contains("发出督办通知单"))
        .expect("the notices sentence");
    assert!(sentence.contains(&zh), "{sentence}\nwants {zh}");
    let md = l
        .run(&["--lang", "zh", "report", "--format", "markdown"])
        .ok()
        .stdout;
    assert!(md.contains(&zh), "{md}\nwants {zh}");
    let terminal = l.run(&["--lang", "zh", "report"]).ok().stdout;
    let head: String = terminal
        .lines()
        .take_while(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("");
    assert!(head.contains(&zh), "{head}\nwants {zh}");
    let en_md = l
        .run(&["--lang", "en", "report", "--format", "markdown"])
        .ok()
        .stdout;
    assert!(en_md.contains(&en), "{en_md}\nwants {en}");
}
