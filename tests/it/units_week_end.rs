//! `units` takes its weekly checks at the ends of the weeks the report names (Sundays), so on
//! any day it gives the figures of the report for the week just ended, unit for unit (issue
//! 17, finding 9: on a Monday it checked on Mondays); and its footnote says which Sunday and
//! wraps at word and character boundaries in any width (finding 11).

use unicode_width::UnicodeWidthStr;

use crate::support::Ledger;

/// unit → (checks, on time, overdue) from a list of `UnitShare`s in JSON.
fn figures(v: &serde_json::Value) -> Vec<(String, u64, Option<f64>, Option<f64>)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["unit"].as_str().unwrap().to_string(),
                u["checks"].as_u64().unwrap(),
                u["reported_on_time"].as_f64(),
                u["overdue_share"].as_f64(),
            )
        })
        .collect()
}

/// A month of reports: some in time, some not, one on a Monday after the week it closes.
fn month() -> Ledger {
    let l = Ledger::seeded("2026-11-01");
    for (day, args) in [
        ("2026-11-10", &["note", "1.1", "已部署"][..]),
        ("2026-11-18", &["update", "2.3", "--progress", "20"][..]),
        ("2026-11-24", &["note", "1.2", "已拟定方案"][..]),
        ("2026-11-25", &["update", "3.1", "--progress", "30"][..]),
        (
            "2026-11-27",
            &["update", "1.4", "--deadline", "2026-11-20"][..],
        ),
        ("2026-11-30", &["note", "1.3", "周一报送"][..]),
        ("2026-12-02", &["note", "2.1", "已召开会议"][..]),
    ] {
        l.run_on(day, args).ok();
    }
    l
}

#[test]
fn units_on_any_day_agrees_with_the_report_for_the_week_just_ended() {
    let l = month();
    // (today, the week whose report it must agree with): Monday to Saturday give the week
    // before; Sunday its own week, which ends that day.
    let cases = [
        ("2026-11-30", "2026-W48"),
        ("2026-12-01", "2026-W48"),
        ("2026-12-03", "2026-W48"),
        ("2026-12-05", "2026-W48"),
        ("2026-12-06", "2026-W49"),
        ("2026-11-29", "2026-W48"),
        ("2026-11-23", "2026-W47"),
    ];
    let mut seen = Vec::new();
    for (today, week) in cases {
        let units = l.run_on(today, &["units", "--format", "json"]).ok().json();
        let shares: Vec<_> = units
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u.get("checks").is_some())
            .map(|u| {
                (
                    u["unit"].as_str().unwrap().to_string(),
                    u["checks"].as_u64().unwrap(),
                    u["reported_on_time"].as_f64(),
                    u["overdue_share"].as_f64(),
                )
            })
            .collect();
        let report = l
            .run_on(today, &["report", "--week", week, "--format", "json"])
            .ok()
            .json();
        let want = figures(&report["units"]);
        for u in &want {
            assert!(
                shares.contains(u),
                "{today} {week}: {u:?} not in {shares:?}"
            );
        }
        assert!(want.iter().any(|u| u.1 > 0), "{today}: some checks");
        // The report of the running week checks at the same week ends.
        let running = l.run_on(today, &["report", "--format", "json"]).ok().json();
        assert_eq!(figures(&running["units"]), want, "{today}");
        seen.push((week, want));
    }
    // The note on Monday 11-30 counts in W49's check, not W48's: the weeks differ.
    let w48 = &seen[0].1;
    let w49 = &seen[4].1;
    assert_ne!(w48, w49);
    // The tables agree figure for figure too, on the Monday the report goes out.
    let table = l
        .run_on("2026-11-30", &["--lang", "zh", "units"])
        .ok()
        .stdout;
    let report = l
        .run_on("2026-11-30", &["--lang", "zh", "report", "--week", "last"])
        .ok()
        .stdout;
    let eight = &report[report.find("八、各单位反馈情况").unwrap()..];
    for (unit, checks, on_time, overdue) in w48 {
        if *checks == 0 {
            continue;
        }
        let cells =
            |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_string).collect() };
        let row = |text: &str| {
            text.lines()
                .find(|l| l.split_whitespace().next() == Some(unit.as_str()))
                .map(cells)
                .unwrap_or_else(|| panic!("{unit} in\n{text}"))
        };
        let (t, r) = (row(&table), row(eight));
        let pct = |v: &Option<f64>| format!("{:.1}%", v.unwrap());
        assert_eq!(t[t.len() - 2..], [pct(on_time), pct(overdue)], "{table}");
        assert_eq!(r[r.len() - 2..], [pct(on_time), pct(overdue)], "{eight}");
    }
}

/// The footnote: the lines after the table's last rule.
fn footnote(out: &str) -> Vec<&str> {
    let lines: Vec<&str> = out.lines().collect();
    let rule = lines
        .iter()
        .rposition(|l| !l.is_empty() && l.chars().all(|c| c == '-'))
        .expect("a rule");
    lines[rule + 1..].to_vec()
}

#[test]
fn the_footnote_names_the_sunday_it_counts_to() {
    let l = month();
    for (lang, want) in [
        ("zh", "近 4 周每周末（周日，最近为 2026-11-29）"),
        (
            "en",
            "the last 4 week ends (Sundays, the latest 2026-11-29)",
        ),
    ] {
        let out = l
            .cmd()
            .env("COLUMNS", "200")
            .env("TRACKER_TODAY", "2026-11-30")
            .args(["--lang", lang, "units"])
            .output()
            .unwrap();
        let out = String::from_utf8(out.stdout).unwrap();
        assert!(footnote(&out).join("\n").contains(want), "{out}");
    }
}

/// Closing marks that never start a line; letters and digits that a break must not part.
fn closes(c: char) -> bool {
    "，。、；：）)”.,;:!?".contains(c)
}

/// Asserts that at `width` columns the footnote's lines fit, no English word is cut (`non` /
/// `e).`), no line starts with a closing mark, and nothing is lost.
fn footnote_wraps_well(l: &Ledger, width: u16, zh: bool) {
    let lang = if zh { "zh" } else { "en" };
    let out = l
        .cmd()
        .env("COLUMNS", width.to_string())
        .env("TRACKER_TODAY", "2026-11-30")
        .args(["--lang", lang, "units"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    let lines = footnote(&out);
    let whole = if zh {
        "按时率、逾期率：近 4 周每周末（周日，最近为 2026-11-29），单位牵头的未完成任务中 7 天内有反馈的、已过完成时限的比例（\"-\" 表示无此类任务）。"
    } else {
        "On time, Overdue%: at each of the last 4 week ends (Sundays, the latest 2026-11-29), the share of the open tasks a unit leads that were reported on within 7 days, and that were past their deadline (\"-\": none)."
    };
    // Every character kept in order; a break drops the one space it falls on, and
    // where it falls on none, it never parts two letters or digits.
    let mut at = 0;
    for (k, line) in lines.iter().enumerate() {
        assert!(line.width() <= usize::from(width), "{width}: {line:?}");
        assert!(
            whole[at..].starts_with(line),
            "{width}: {line:?} at {at} of {whole:?}"
        );
        at += line.len();
        if k + 1 == lines.len() {
            break;
        }
        if whole[at..].starts_with(' ') {
            at += 1;
            continue;
        }
        let next = lines[k + 1];
        let (end, start) = (line.chars().last().unwrap(), next.chars().next().unwrap());
        assert!(!closes(start), "{width}: {line:?} / {next:?}");
        assert!(
            !(end.is_ascii_alphanumeric() && start.is_ascii_alphanumeric()),
            "{width}: a word cut: {line:?} / {next:?}"
        );
    }
    assert_eq!(at, whole.len());
}

#[test]
fn the_footnote_wraps_at_word_and_character_boundaries_at_every_width() {
    // Below 40 columns tracker takes 80 (too narrow for its tables); every width up to 130.
    let l = Ledger::seeded("2026-11-01");
    for width in 40..=130 {
        for zh in [false, true] {
            footnote_wraps_well(&l, width, zh);
        }
    }
}
