//! `--week` takes back the week as the report titles it (issue 19, finding 6): the label
//! `2026年第48周` with or without its dates, `第48周` and `W48` (this year), `2026W48`, and
//! `上上周`, wherever `--week` is read (report, sheets, collect --missing). One parser
//! (`report::WeekSpec`) serves them all.

use proptest::prelude::*;

use crate::support::Ledger;

/// The period `report --week W --format json` covers, as of `today`.
fn period(l: &Ledger, today: &str, week: &str) -> (String, String) {
    let v = l
        .run_on(today, &["report", "--week", week, "--format", "json"])
        .ok()
        .json();
    (
        v["period"]["from"].as_str().unwrap().to_string(),
        v["period"]["to"].as_str().unwrap().to_string(),
    )
}

#[test]
fn the_reports_week_labels_are_read_back_as_their_weeks() {
    let l = Ledger::seeded("2026-11-30");
    // (today, typed, first day, last day)
    let cases = [
        ("2026-11-30", "2026年第48周", "2026-11-23", "2026-11-29"),
        (
            "2026-11-30",
            "2026年第48周（11月23日—11月29日）",
            "2026-11-23",
            "2026-11-29",
        ),
        ("2026-11-30", "2026年 第 48 周", "2026-11-23", "2026-11-29"),
        ("2026-11-30", "2026年第48週", "2026-11-23", "2026-11-29"),
        (
            "2026-11-30",
            "２０２６年第４８周",
            "2026-11-23",
            "2026-11-29",
        ),
        ("2026-11-30", "2026年第1周", "2025-12-29", "2026-01-04"),
        ("2026-11-30", "第48周", "2026-11-23", "2026-11-29"),
        (
            "2026-11-30",
            "第48周(11月23日-11月29日)",
            "2026-11-23",
            "2026-11-29",
        ),
        ("2027-03-01", "第48周", "2027-11-29", "2027-12-05"),
        ("2026-11-30", "W48", "2026-11-23", "2026-11-29"),
        ("2026-11-30", "w7", "2026-02-09", "2026-02-15"),
        ("2026-11-30", "2026W48", "2026-11-23", "2026-11-29"),
        ("2026-11-30", "上上周", "2026-11-16", "2026-11-22"),
        ("2026-11-30", "下下周", "2026-12-14", "2026-12-20"),
        ("2026-11-30", "上周", "2026-11-23", "2026-11-29"),
    ];
    for (today, typed, from, to) in cases {
        assert_eq!(
            period(&l, today, typed),
            (from.to_string(), to.to_string()),
            "{typed} on {today}"
        );
    }
}

#[test]
fn the_label_the_report_prints_is_accepted_back_as_the_same_week() {
    let l = Ledger::seeded("2026-11-30");
    let out = l
        .run(&["--lang", "zh", "report", "--week", "2026-W45"])
        .ok();
    let label = out
        .stdout
        .lines()
        .find_map(|line| {
            let at = line.find("2026年第")?;
            let rest = &line[at..];
            let end = rest.find('）')? + '）'.len_utf8();
            Some(rest[..end].to_string())
        })
        .unwrap_or_else(|| panic!("no week label in:\n{}", out.stdout));
    assert_eq!(
        period(&l, "2026-11-30", &label),
        ("2026-11-02".to_string(), "2026-11-08".to_string())
    );
}

#[test]
fn a_week_label_that_names_no_week_is_refused_in_one_line() {
    let l = Ledger::seeded("2026-11-30");
    let before = l.dump();
    let cases: &[(&str, &[&str])] = &[
        ("2026年第54周", &["2026 has weeks 1 to 53"]),
        ("2025年第53周", &["2025 has weeks 1 to 52"]),
        ("第0周", &["weeks 1 to"]),
        ("W99", &["weeks 1 to"]),
        (
            "第48周（11月2日—11月8日）",
            &["2026-11-23 to 2026-11-29", "11月2日"],
        ),
        (
            "2026年第48周（11月23日—11月30日）",
            &["not 11月23日—11月30日"],
        ),
        ("26年第48周", &["2026年第48周"]),
        ("第周", &["2026年第48周"]),
        ("上上上周", &["上上周"]),
    ];
    for (typed, said) in cases {
        for args in [
            vec!["report", "--week", typed],
            vec!["sheets", "--week", typed, "--out", "s"],
            vec!["collect", "--missing", "--week", typed],
        ] {
            let err = l.run(&args).stderr;
            assert!(
                err.starts_with("error: ") && err.trim_end().lines().count() == 1,
                "{args:?}: {err}"
            );
            for s in *said {
                assert!(err.contains(s), "{args:?}: {err} lacks {s}");
            }
        }
    }
    assert_eq!(l.dump(), before);
    assert!(!l.dir.path().join("s").exists());
}

#[test]
fn sheets_and_collect_read_the_label_as_report_does() {
    let l = Ledger::seeded("2026-11-30");
    let out = l.dir.path().join("s");
    let o = out.to_str().unwrap();
    l.run(&["sheets", "--week", "2026年第48周", "--out", o])
        .ok();
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.is_empty());
    assert!(names.iter().all(|n| n.contains("2026-W48")), "{names:?}");
    let by_label = l
        .run(&["collect", "--missing", "--week", "W48"])
        .ok()
        .stdout;
    let by_iso = l
        .run(&["collect", "--missing", "--week", "2026-W48"])
        .ok()
        .stdout;
    assert_eq!(by_label, by_iso);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    /// Every week of a year, named as the report names it, is the ISO week of that number.
    #[test]
    fn every_numbered_week_is_its_iso_week(year in 2001i32..2099, week in 1u32..=52) {
        let l = Ledger::new("2026-11-30");
        l.run(&["init", "--empty"]).ok();
        let iso = format!("{year}-W{week:02}");
        let label = format!("{year}年第{week}周");
        prop_assert_eq!(period(&l, "2026-11-30", &label), period(&l, "2026-11-30", &iso));
    }
}
