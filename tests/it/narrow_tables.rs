//! Tables in a narrow terminal: `units` keeps its unit column readable (at least 8 display
//! columns; the headers give way first) and its footnote wraps; the weekly report's tables
//! fit 60 columns in Chinese. Widths are display widths (two per Chinese character).

use crate::support::{Ledger, run};
use unicode_width::UnicodeWidthStr;

fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    l.run_on(
        "2026-10-10",
        &["update", "1.1", "--progress", "30", "--note", "已启动"],
    )
    .ok();
    l.run_on("2026-11-25", &["note", "2.1", "第一行\n第二行"])
        .ok();
    l.run_on("2026-11-24", &["update", "1.4", "--status", "done"])
        .ok();
    l
}

fn at(l: &Ledger, width: usize, args: &[&str]) -> String {
    run(l
        .cmd()
        .env("TRACKER_TODAY", "2026-11-30")
        .env("COLUMNS", width.to_string())
        .args(args))
    .ok()
    .stdout
}

fn too_wide(out: &str, width: usize) -> Vec<String> {
    out.lines()
        .filter(|line| line.width() > width)
        .map(|line| format!("{} > {width}: {line}", line.width()))
        .collect()
}

#[test]
fn units_keeps_eight_columns_for_the_unit_and_fits_from_56_columns() {
    let l = ledger();
    for lang in ["zh", "en"] {
        for width in (56..=100).step_by(4).chain([60, 61, 63]) {
            let out = at(&l, width, &["--lang", lang, "units"]);
            let wide = too_wide(&out, width);
            assert!(
                wide.is_empty(),
                "{lang} {width}:\n{}\n{out}",
                wide.join("\n")
            );
            // The longest name's row starts with at least four of its characters.
            let row = out
                .lines()
                .find(|line| line.starts_with("市委干部"))
                .unwrap_or_else(|| panic!("{lang} {width}: the unit keeps 8 columns\n{out}"));
            assert!(
                row.contains("0.0%") || row.contains("25.0%") || row.contains(" -"),
                "{row}"
            );
            // The footnote is wrapped, not cut: all its words are there.
            let legend: String = out
                .lines()
                .skip_while(|line| !line.starts_with("按时率") && !line.starts_with("On time"))
                .collect::<Vec<_>>()
                .join(" ");
            let tail = if lang == "zh" {
                "表示无此类任务）。"
            } else {
                "none)."
            };
            assert!(
                legend.replace(' ', "").ends_with(&tail.replace(' ', "")),
                "{legend}"
            );
        }
    }
}

#[test]
fn the_english_units_headers_give_way_before_the_unit_column() {
    let l = ledger();
    let wide = at(&l, 120, &["--lang", "en", "units"]);
    assert!(
        wide.contains("Supports") && wide.contains("Overdue%"),
        "{wide}"
    );
    let narrow = at(&l, 60, &["--lang", "en", "units"]);
    assert!(
        narrow.contains("Sup-") && narrow.contains("ports"),
        "{narrow}"
    );
    // The counts stay whole on their lines.
    assert!(
        narrow.lines().any(|line| line.contains("25.0%")),
        "{narrow}"
    );
}

#[test]
fn the_chinese_report_fits_from_58_columns() {
    let l = ledger();
    for width in (58..=80).step_by(2) {
        let out = at(&l, width, &["--lang", "zh", "report", "--week", "2026-W48"]);
        let wide = too_wide(&out, width);
        assert!(wide.is_empty(), "{width}:\n{}", wide.join("\n"));
        // Ids, dates and statuses are never cut.
        for whole in [
            "1.1",
            "2027-03-01",
            "进行中",
            "30%",
            "七、未按时反馈",
            "八、各单位反馈情况",
        ] {
            assert!(out.contains(whole), "{width}: {whole}\n{out}");
        }
    }
    // At 60 the progress sits under the status, in one column headed 状态/进度.
    let out = at(&l, 60, &["--lang", "zh", "report", "--week", "2026-W48"]);
    let head = out
        .lines()
        .skip_while(|s| !s.starts_with("二、"))
        .nth(2)
        .unwrap();
    assert!(head.contains("状态") && !head.contains("进度"), "{head}");
    let under = out
        .lines()
        .skip_while(|s| !s.starts_with("二、"))
        .nth(3)
        .unwrap();
    assert!(under.contains("进度"), "{under}");
}
