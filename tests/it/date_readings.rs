//! Two numbers typed as a date without a year (`4/3`, `31.12`, `12-31`) or with the year last
//! (`04/03/2026`): one rule whatever the separator. Both orders naming a day (and not the
//! same day) is refused with both readings; one order naming a day is taken, and stderr says
//! which reading was taken when it is day first. Also: a span too far ahead is named whole.

use chrono::NaiveDate;
use proptest::prelude::*;

use crate::support::Ledger;

const TODAY: &str = "2026-11-30";

fn ledger() -> Ledger {
    Ledger::seeded("2026-11-02")
}

/// What `update 1.1 --deadline TYPED` on [`TODAY`] must do.
enum Want {
    /// Recorded as this date; stderr holds every needle.
    Taken(&'static str, &'static [&'static str]),
    /// Refused (exit 2, the ledger untouched); the message holds every needle.
    Refused(&'static [&'static str]),
}

/// The deadline task 1.1 holds now.
fn deadline(l: &Ledger) -> String {
    l.run(&["show", "1.1", "--format", "json"]).ok().json()["deadline"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn two_numbers_follow_one_rule_whatever_the_separator() {
    use Want::*;
    let cases: &[(&str, Want)] = &[
        // Both readings real and different: refused with both, for each separator.
        ("4/3", Refused(&["'4/3'", "04-03", "03-04"])),
        ("4-3", Refused(&["'4-3'", "04-03", "03-04"])),
        ("4.3", Refused(&["'4.3'", "04-03", "03-04"])),
        ("1.4", Refused(&["'1.4'", "01-04", "04-01"])),
        ("11/12", Refused(&["11-12", "12-11"])),
        ("05-06", Refused(&["05-06", "06-05"])),
        ("04/03/2027", Refused(&["2027-04-03", "2027-03-04"])),
        ("10.11.2027", Refused(&["2027-10-11", "2027-11-10"])),
        // Only month first names a day: taken, no word on the order.
        ("12/31", Taken("2026-12-31", &["this year"])),
        ("12-31", Taken("2026-12-31", &["this year"])),
        ("12.31", Taken("2026-12-31", &["this year"])),
        ("2/29", Taken("2028-02-29", &["not a day this year"])),
        ("3/15", Taken("2027-03-15", &["has passed this year"])),
        // Only day first names a day: taken, and stderr says it was read day first.
        (
            "31/12",
            Taken("2026-12-31", &["read day first", "this year"]),
        ),
        (
            "31-12",
            Taken("2026-12-31", &["read day first", "this year"]),
        ),
        (
            "31.12",
            Taken("2026-12-31", &["read day first", "this year"]),
        ),
        (
            "15.3",
            Taken("2027-03-15", &["read day first", "has passed"]),
        ),
        (
            "13/04/2027",
            Taken("2027-04-13", &["read day first", "2027-04-13"]),
        ),
        // The same day either way: no ambiguity.
        ("12/12", Taken("2026-12-12", &["this year"])),
        ("7.7.2027", Taken("2027-07-07", &[])),
        // Neither order names a day.
        (
            "13/13",
            Refused(&["'13/13'", "no such month", "YYYY-MM-DD"]),
        ),
        ("4/31", Refused(&["'4/31'", "no such day", "YYYY-MM-DD"])),
        ("31-31", Refused(&["no such month"])),
        ("32.1", Refused(&["'32.1'"])),
        // Year first is never read two ways.
        ("2027/4/3", Taken("2027-04-03", &[])),
        ("2027.3.4", Taken("2027-03-04", &[])),
        // As an input method types them: 。 for the point, 日 left off.
        ("2027。3。4", Taken("2027-03-04", &[])),
        ("２０２７。３。４", Taken("2027-03-04", &[])),
        ("2027年3月4", Taken("2027-03-04", &[])),
        ("12月31", Taken("2026-12-31", &["this year"])),
        ("31。12", Taken("2026-12-31", &["read day first"])),
        ("4。3", Refused(&["04-03", "03-04"])),
        // A day in the past: one day, said as one.
        ("2026-11-29", Taken("2026-11-29", &["(1 day before today)"])),
    ];
    let l = ledger();
    for (typed, want) in cases {
        let before = l.dump();
        let out = l.run_on(TODAY, &["update", "1.1", "--deadline", typed]);
        match want {
            Taken(date, needles) => {
                let out = out.ok();
                assert_eq!(&deadline(&l), date, "{typed}: {}", out.stderr);
                for n in *needles {
                    assert!(out.stderr.contains(n), "{typed}: {n:?} in {}", out.stderr);
                }
                if !needles.contains(&"read day first") {
                    assert!(!out.stderr.contains("day first"), "{typed}: {}", out.stderr);
                }
            }
            Refused(needles) => {
                out.fails(2, needles);
                assert_eq!(l.dump(), before, "{typed}: nothing written");
            }
        }
    }
}

#[test]
fn the_reading_taken_is_said_in_chinese_too() {
    let l = ledger();
    let out = l
        .run_on(
            TODAY,
            &["--lang", "zh", "update", "1.1", "--deadline", "31.12"],
        )
        .ok();
    assert!(
        out.stderr.starts_with("注意：") && out.stderr.contains("按先日后月读"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "one note: {}", out.stderr);
    let e = l
        .run_on(
            TODAY,
            &["--lang", "zh", "update", "1.1", "--deadline", "4/3"],
        )
        .fails(2, &["错误：", "4月3日", "3月4日"]);
    assert!(!e.contains("month first"), "{e}");
}

#[test]
fn a_span_too_far_ahead_names_the_whole_value_and_says_so() {
    let l = ledger();
    for typed in ["+99999m", "+36501d", "+5201w", "+１２０１m"] {
        let e = l
            .run_on(TODAY, &["update", "1.1", "--deadline", typed])
            .fails(2, &["too far ahead", "100 years"]);
        assert!(e.contains(&format!("'{typed}'")), "{e}");
    }
    let e = l
        .run_on(
            TODAY,
            &["--lang", "zh", "update", "1.1", "--deadline", "+99999m"],
        )
        .fails(2, &["'+99999m'", "太远"]);
    assert!(!e.contains("span"), "{e}");
    // The longest span allowed still works.
    l.run_on(TODAY, &["update", "1.1", "--deadline", "+1200m"])
        .ok();
    assert_eq!(deadline(&l), "2126-11-30");
}

/// The day `m`/`d` names in some year, if any (2000 is a leap year).
fn real(m: u32, d: u32) -> bool {
    NaiveDate::from_ymd_opt(2000, m, d).is_some()
}

/// Any two numbers and any separator: refused with both readings when both orders are real
/// and differ, taken in the one real order, refused when neither is. Every case on one ledger:
/// a refused update writes nothing, and a taken one sets the deadline that `show` then reads
/// (a case naming the day already set changes nothing and reads the same), so each case sees
/// what a fresh ledger would, for one `init` instead of forty.
#[test]
fn any_two_numbers_are_read_by_the_rule() {
    let l = Ledger::new(TODAY);
    l.run(&["init", "--start", "2026-11-02"]).ok();
    let config = ProptestConfig {
        cases: 40,
        source_file: Some(file!()),
        ..ProptestConfig::default()
    };
    let numbers = (1u32..=32, 1u32..=32, 0usize..3);
    let result = proptest::test_runner::TestRunner::new(config).run(&numbers, |(a, b, sep)| {
        let sep = ["/", "-", "."][sep];
        let typed = format!("{a}{sep}{b}");
        let out = l.run_on(TODAY, &["update", "1.1", "--deadline", &typed]);
        let (md, dm) = (real(a, b), real(b, a));
        if md && dm && a != b {
            let e = out.fails(2, &[&format!("{a:02}-{b:02}"), &format!("{b:02}-{a:02}")]);
            prop_assert!(e.contains("ambiguous"), "{}", e);
        } else if md || dm {
            let (m, d) = if md { (a, b) } else { (b, a) };
            let out = out.ok();
            let got = deadline(&l);
            prop_assert!(
                got.ends_with(&format!("-{m:02}-{d:02}")),
                "{} -> {}",
                typed,
                got
            );
            prop_assert_eq!(out.stderr.contains("read day first"), !md, "{}", out.stderr);
        } else {
            out.fails(2, &["YYYY-MM-DD"]);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn none_in_any_case_clears_and_import_reads_a_deadline_as_update_does() {
    let l = ledger();
    for typed in ["none", "NONE", "None", "无"] {
        l.run_on(TODAY, &["update", "1.1", "--deadline", "2027-01-01"])
            .ok();
        l.run_on(TODAY, &["update", "1.1", "--deadline", typed])
            .ok();
        assert_eq!(deadline(&l), "", "{typed}");
    }
    let report = l.dir.path().join("r.txt");
    std::fs::write(&report, "一、加强管理\n1. 建立制度。\n2. 开展检查。\n").unwrap();
    let r = report.to_str().unwrap();
    let out = l
        .run_on(TODAY, &["import", r, "--dry-run", "--deadline", "3/14"])
        .ok();
    assert!(out.stdout.contains("2027-03-14"), "{}", out.stdout);
    assert!(
        out.stderr
            .starts_with("warning: '3/14' has passed this year"),
        "{}",
        out.stderr
    );
    l.run_on(TODAY, &["import", r, "--dry-run", "--deadline", "4/3"])
        .fails(2, &["04-03", "03-04"]);
}
