//! `list --stale` and the report's 四 (due this week) at every width from 60 columns, in both
//! languages (issue 17, tester i, finding 5): they fit, ids, dates and statuses stay whole.
//! `list --stale` folds the days since the last report under it, then the status under the
//! deadline; 四 folds the day a task was done under its outcome.

use crate::support::{Ledger, assert_aligned, run, table_part};

/// A ledger with a task done late and one not yet due in W49, a task with a report and the
/// rest never reported, and ids four wide (3.10).
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-11-02");
    l.run_on("2026-11-03", &["update", "1.4", "--deadline", "2026-11-30"])
        .ok();
    l.run_on("2026-11-03", &["update", "2.3", "--deadline", "2026-12-04"])
        .ok();
    for i in 6..=10 {
        let title = format!("新增任务{i}");
        l.run_on(
            "2026-11-03",
            &["add", "--rec", "3", "--title", &title, "--lead", "组织科"],
        )
        .ok();
    }
    l.run_on("2026-11-17", &["note", "1.5", "已部署"]).ok();
    l.run_on("2026-12-01", &["update", "1.4", "--status", "done"])
        .ok();
    l
}

fn at(l: &Ledger, lang: &str, columns: usize, args: &[&str]) -> String {
    let mut c = l.cmd();
    c.env("COLUMNS", columns.to_string())
        .env("TRACKER_TODAY", "2026-12-02")
        .args(["--lang", lang])
        .args(args);
    run(&mut c).ok().stdout
}

/// The lines of the section starting `heading`, up to the blank line after it.
fn section(out: &str, heading: &str) -> String {
    let lines: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with(heading))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(!lines.is_empty(), "no section {heading}\n{out}");
    lines.join("\n")
}

/// The days since a report as a folded cell writes them.
fn lang_days(lang: &str, n: u32) -> String {
    match lang {
        "zh" => format!("{n}天"),
        _ => format!("{n} days"),
    }
}

#[test]
fn list_stale_fits_every_width_with_its_values_whole() {
    let l = ledger();
    // (language, whole values: never reported, 1.5's report, a status, a deadline)
    let cases: [(&str, &[&str]); 2] = [
        ("zh", &["从未反馈", "2026-11-17", "未开始", "2027-11-02"]),
        ("en", &["never", "2026-11-17", "not-started", "2027-11-02"]),
    ];
    for (lang, whole) in cases {
        for columns in 60..=120 {
            let out = at(&l, lang, columns, &["list", "--stale"]);
            let table = table_part(&out);
            assert_aligned(&table, columns);
            for w in whole {
                assert!(table.contains(w), "{lang} {columns}: no whole {w:?}\n{out}");
            }
            // Every stale task listed: 1.5 reported 15 days ago is one, 1.4 done is not.
            assert!(table.contains("3.10 "), "{lang} {columns}\n{out}");
            assert!(table.contains("\n1.5 "), "{lang} {columns}\n{out}");
            assert!(!table.contains("\n1.4 "), "{lang} {columns}\n{out}");
            // 1.5's days since its report: in their column or folded under the day.
            let lines: Vec<&str> = table.lines().collect();
            let k = lines.iter().position(|r| r.starts_with("1.5 ")).unwrap();
            let days = [lines[k].trim_end(), lines[k + 1].trim_end()];
            assert!(
                days[0].ends_with(" 15") || days[1].ends_with(lang_days(lang, 15).as_str()),
                "{lang} {columns}: {days:?}\n{out}"
            );
        }
    }
}

#[test]
fn list_stale_folds_only_when_the_columns_do_not_fit() {
    let l = ledger();
    // (language, columns, the header's first line, the last-report column's first line for 1.5)
    let cases = [
        ("en", 60, "Deadline", "2026-11-17"),
        ("en", 61, "Status", "2026-11-17"),
        ("en", 120, "Days since report", "2026-11-17"),
        ("zh", 60, "状态", "2026-11-17"),
        ("zh", 120, "未反馈天数", "2026-11-17"),
    ];
    for (lang, columns, header, day) in cases {
        let out = at(&l, lang, columns, &["list", "--stale"]);
        let head = out.lines().nth(1).unwrap();
        assert!(head.contains(header), "{lang} {columns}: {head:?}\n{out}");
        let row = out.lines().find(|r| r.starts_with("1.5 ")).unwrap();
        assert!(row.contains(day), "{lang} {columns}: {row:?}\n{out}");
    }
    // At 60 in English the status sits under the deadline; the days under the last report.
    let out = at(&l, "en", 60, &["list", "--stale"]);
    let lines: Vec<&str> = out.lines().collect();
    let k = lines.iter().position(|r| r.starts_with("1.5 ")).unwrap();
    assert!(lines[k + 1].contains("not-started"), "{out}");
    assert!(lines[k + 1].contains("15 days"), "{out}");
    // Wide, the days have their own column and no unit.
    let out = at(&l, "en", 120, &["list", "--stale"]);
    let row = out.lines().find(|r| r.starts_with("1.5 ")).unwrap();
    assert!(row.trim_end().ends_with(" 15"), "{row:?}\n{out}");
}

#[test]
fn due_this_week_fits_every_width_with_its_values_whole() {
    let l = ledger();
    let cases: [(&str, &str, &[&str]); 2] = [
        (
            "zh",
            "四、",
            &["逾期完成", "2026-12-01", "未到期", "2026-11-30", "100%"],
        ),
        (
            "en",
            "4. ",
            &[
                "done late",
                "2026-12-01",
                "not yet due",
                "2026-11-30",
                "100%",
            ],
        ),
    ];
    for (lang, heading, whole) in cases {
        for columns in 60..=120 {
            let out = at(&l, lang, columns, &["report", "--week", "2026-W49"]);
            let table = section(&out, heading);
            assert_aligned(&table, columns);
            for w in whole {
                assert!(
                    table.contains(w),
                    "{lang} {columns}: no whole {w:?}\n{table}"
                );
            }
            for line in out.lines() {
                let w = unicode_width::UnicodeWidthStr::width(line);
                assert!(w <= columns, "{lang} {columns}: {w} {line:?}\n{out}");
            }
        }
    }
}
