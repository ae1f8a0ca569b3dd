//! The terminal report in a narrow terminal (issue 17 §5, second round): the summary and the
//! pace table fit 60 columns, their figures kept (the summary's four status counts of the
//! total in a line under it); where the pace light is folded under the health light, each
//! keeps its own colour.

use crate::support::{Ledger, run};

fn report(l: &Ledger, columns: &str, args: &[&str]) -> String {
    let mut c = l.cmd();
    c.env("COLUMNS", columns).env("TRACKER_TODAY", "2026-11-30");
    c.args(args);
    run(&mut c).ok().stdout
}

/// The display width of a line, colour codes left out.
fn width(line: &str) -> usize {
    let mut plain = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().take_while(|c| *c != 'm').for_each(drop);
        } else {
            plain.push(c);
        }
    }
    unicode_width::UnicodeWidthStr::width(plain.as_str())
}

/// The lines of the section whose heading starts with `start`, up to the next blank line.
fn section<'a>(out: &'a str, start: &str) -> Vec<&'a str> {
    out.lines()
        .skip_while(|l| !l.starts_with(start))
        .take_while(|l| !l.is_empty())
        .collect()
}

fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    l.run_on("2026-11-24", &["update", "1.4", "--status", "done"])
        .ok();
    l.run_on("2026-11-25", &["update", "3.1", "--status", "blocked"])
        .ok();
    l.run_on("2026-11-25", &["update", "1.3", "--deadline", "2026-11-10"])
        .ok();
    l
}

#[test]
fn the_summary_and_the_pace_table_fit_narrow_terminals_with_their_figures() {
    let l = ledger();
    let json = l
        .run_on(
            "2026-11-30",
            &["report", "--week", "2026-W48", "--format", "json"],
        )
        .ok()
        .json();
    let total = &json["total"];
    // (language, summary heading, pace heading, total's label, four counts' words)
    let cases = [
        (
            "zh",
            "一、",
            "序时进度",
            "合计",
            ["进行中", "受阻", "未开始", "取消"],
        ),
        (
            "en",
            "1. ",
            "Pace",
            "Total",
            ["Doing", "Blocked", "To start", "Cancelled"],
        ),
    ];
    for (lang, summary, pace, label, words) in cases {
        for columns in ["60", "64", "72", "79", "80", "100"] {
            let out = report(
                &l,
                columns,
                &["--lang", lang, "report", "--week", "2026-W48"],
            );
            let max: usize = columns.parse().unwrap();
            for start in [summary, pace] {
                let lines = section(&out, start);
                assert!(lines.len() > 4, "{lang} {columns}: {start}\n{out}");
                for line in &lines {
                    assert!(width(line) <= max, "{lang} {columns}: {line:?}");
                }
            }
            // The total's figures are all there, in the table or the line under it.
            let lines = section(&out, summary).join("\n");
            let row = lines
                .lines()
                .find(|l| l.starts_with(label) && !l.contains(words[0]))
                .unwrap();
            let figures: Vec<&str> = row.split_whitespace().skip(1).collect();
            for key in ["tasks", "done", "overdue"] {
                assert!(figures.contains(&total[key].to_string().as_str()), "{row}");
            }
            let under = lines.replace('\n', if lang == "zh" { "" } else { " " });
            if max < 80 {
                for (word, key) in
                    words
                        .iter()
                        .zip(["in_progress", "blocked", "not_started", "cancelled"])
                {
                    assert!(
                        under.contains(&format!("{word} {}", total[key])),
                        "{lang} {columns}: {word} in\n{lines}"
                    );
                }
            }
        }
    }
}

#[test]
fn folded_lights_keep_their_own_colours() {
    let l = ledger();
    let out = report(
        &l,
        "80",
        &[
            "--color", "always", "--lang", "zh", "report", "--week", "2026-W48",
        ],
    );
    let json = l
        .run_on(
            "2026-11-30",
            &["report", "--week", "2026-W48", "--format", "json"],
        )
        .ok()
        .json();
    // Red, yellow and green as the terminal writes them (`render::grid::ansi`).
    let colour = |light: &str| {
        if light == "red" || light.contains("overdue") {
            "\u{1b}[38;5;9m"
        } else if light == "amber" || light.contains("soon") {
            "\u{1b}[38;5;11m"
        } else {
            "\u{1b}[38;5;10m"
        }
    };
    let lines: Vec<&str> = out.lines().collect();
    let mut differing = 0;
    for row in json["rows"].as_array().unwrap() {
        let (Some(health), Some(pace)) = (row["health"].as_str(), row["pace"]["light"].as_str())
        else {
            continue;
        };
        let id = row["id"].as_str().unwrap();
        let k = lines
            .iter()
            .position(|l| l.starts_with(&format!("{id} ")))
            .unwrap();
        assert!(
            lines[k].contains(colour(health)),
            "{id} health: {:?}",
            lines[k]
        );
        assert!(
            lines[k + 1].contains(colour(pace)),
            "{id} pace: {:?}",
            lines[k + 1]
        );
        if colour(health) != colour(pace) {
            differing += 1;
        }
    }
    assert!(differing >= 3, "rows whose lights differ: {differing}");
}
