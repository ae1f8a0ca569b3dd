//! The terminal report at 60 to 80 columns, in English and in Chinese (issue 17, finding 14):
//! every table fits, ids, dates and statuses stay whole, and the task's title keeps room
//! (the week's news does not take it); in English, where statuses and lights are words as
//! wide as a date, the lights fold under the deadline and 三 and 未按时反馈 fold the progress
//! under the status.

use crate::support::{Ledger, run};

/// A ledger with news, overdue and lagging tasks, tasks due next week, notices sent and a
/// note naming a path: every section of the report has rows.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    l.run_on("2026-11-24", &["update", "1.4", "--status", "done"])
        .ok();
    l.run_on("2026-11-25", &["update", "3.1", "--status", "blocked"])
        .ok();
    l.run_on("2026-11-25", &["update", "1.3", "--deadline", "2026-11-10"])
        .ok();
    l.run_on("2026-11-25", &["update", "2.2", "--deadline", "2026-12-03"])
        .ok();
    l.run_on(
        "2026-11-26",
        &[
            "update",
            "1.2",
            "--progress",
            "30",
            "--note",
            "见 /srv/docs/plan-2026.docx 第3节",
        ],
    )
    .ok();
    let out = l.dir.path().join("n");
    l.run_on(
        "2026-11-26",
        &[
            "notice",
            "--all",
            "--reply-by",
            "2026-12-04",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    l
}

fn report(l: &Ledger, lang: &str, columns: usize) -> String {
    let mut c = l.cmd();
    c.env("COLUMNS", columns.to_string())
        .env("TRACKER_TODAY", "2026-11-30");
    c.args(["--lang", lang, "report", "--week", "2026-W48"]);
    run(&mut c).ok().stdout
}

/// The first line of the row of task `id` in the section starting `heading`.
fn row<'a>(out: &'a str, heading: &str, id: &str) -> &'a str {
    out.lines()
        .skip_while(|l| !l.starts_with(heading))
        .take_while(|l| !l.is_empty())
        .find(|l| l.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("no {id} under {heading}\n{out}"))
}

#[test]
fn every_table_fits_and_the_title_keeps_its_room() {
    let l = ledger();
    for (lang, progress, overdue) in [("en", "2. ", "3. "), ("zh", "二、", "三、")] {
        for columns in [60, 62, 66, 70, 72, 76, 80] {
            let out = report(&l, lang, columns);
            for line in out.lines() {
                let w = unicode_width::UnicodeWidthStr::width(line);
                assert!(w <= columns, "{lang} {columns}: {w} {line:?}\n{out}");
            }
            // Whole values: ids, dates, statuses, a path that fits its column.
            let whole: &[&str] = match lang {
                "en" => &["2026-11-10", "not-started", "in-progress", "blocked"],
                _ => &["2026-11-10", "未开始", "进行中", "受阻"],
            };
            for w in whole {
                assert!(out.contains(w), "{lang} {columns}: {w}\n{out}");
            }
            // The title's first line holds at least four characters of 加强非公有制…: the
            // task gets the room before the news does.
            let r = row(&out, progress, "1.1");
            assert!(r.contains("加强非公"), "{lang} {columns}: {r:?}\n{out}");
            let r = row(&out, overdue, "1.3");
            assert!(r.contains("扩大非"), "{lang} {columns}: {r:?}\n{out}");
        }
    }
}

/// `line` from display column `col` on.
fn from(line: &str, col: usize) -> &str {
    let mut w = 0;
    for (i, c) in line.char_indices() {
        if w >= col {
            return &line[i..];
        }
        w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    ""
}

#[test]
fn folded_english_cells_keep_their_values_together() {
    let l = ledger();
    let out = report(&l, "en", 60);
    // The deadline over its health and pace lights, the status over its progress.
    let lines: Vec<&str> = out.lines().collect();
    let k = lines
        .iter()
        .position(|l| l.starts_with("1.3 ") && l.contains("2026-11-10"))
        .unwrap_or_else(|| panic!("{out}"));
    let at =
        unicode_width::UnicodeWidthStr::width(&lines[k][..lines[k].find("2026-11-10").unwrap()]);
    assert!(
        from(lines[k + 1], at).starts_with("overdue"),
        "{:?}\n{out}",
        lines[k + 1]
    );
    assert!(
        from(lines[k + 2], at).starts_with("red"),
        "{:?}\n{out}",
        lines[k + 2]
    );
    let header = lines
        .iter()
        .skip_while(|l| !l.starts_with("2. "))
        .nth(2)
        .unwrap();
    assert!(
        header.contains("Deadline") && header.contains("Status"),
        "{header}"
    );
    // 三: no days-overdue column; the situation says it.
    let three: Vec<&str> = lines
        .iter()
        .skip_while(|l| !l.starts_with("3. "))
        .take_while(|l| !l.is_empty())
        .copied()
        .collect();
    assert!(!three.join("\n").contains("Days"), "{}", three.join("\n"));
    let k = three.iter().position(|l| l.starts_with("1.3 ")).unwrap();
    assert!(
        three[k].trim_end().ends_with("19 days") && three[k + 1].trim_end().ends_with("overdue"),
        "{}",
        three.join("\n")
    );
    // Wide terminals keep their columns.
    let wide = report(&l, "en", 100);
    assert!(wide.contains("Days"), "{wide}");
}
