//! `export --format xlsx` (the 台账) and `report --format xlsx`, read back with calamine and
//! from the package's XML; and csv's plain figures (issue 16 §1 and §5).

use calamine::Data;

use crate::books::{Book, attr, has_part, part, row_of, style_of, text};
use crate::support::Ledger;

const TODAY: &str = "2026-11-26";

/// The seeded plan with a tenth task under recommendation 2 (2.10, which a number would turn
/// into 2.1), one without a deadline, a note on 1.4 and a task done.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-03-02");
    for (i, t) in ["调研", "座谈", "培训", "总结"].iter().enumerate() {
        let mut args = vec!["add", "--rec", "2", "--title", t, "--lead", "组织科"];
        if i < 3 {
            args.extend(["--deadline", "2026-12-05"]);
        }
        l.run_on("2026-11-20T09:00:00", &args).ok();
    }
    l.run_on(
        "2026-11-24T10:00:00",
        &["update", "1.4", "--progress", "40", "--note", "已拟定方案"],
    )
    .ok();
    l.run_on(
        "2026-11-25T10:00:00",
        &["update", "3.1", "--status", "done"],
    )
    .ok();
    l
}

fn export(l: &Ledger, lang: &str) -> std::path::PathBuf {
    let path = l.dir.path().join(format!("台账-{lang}.xlsx"));
    let out = l.run_on(
        TODAY,
        &[
            "--lang",
            lang,
            "export",
            "--format",
            "xlsx",
            "--out",
            path.to_str().unwrap(),
        ],
    );
    out.ok();
    path
}

#[test]
fn the_ledger_sheet_holds_each_task_with_typed_cells_under_its_headline() {
    let l = ledger();
    let path = export(&l, "zh");
    let book = Book::open(&path);
    assert_eq!(book.names(), ["台账", "汇总"]);
    let s = book.sheet("台账");
    let headers: Vec<String> = (0..10).map(|c| text(s, 0, c)).collect();
    assert_eq!(
        headers,
        [
            "序号",
            "督办事项",
            "具体内容",
            "牵头单位",
            "配合单位",
            "完成时限",
            "状态",
            "进度",
            "最新进展",
            "健康"
        ]
    );
    // 序号 is text: 2.10 stays 2.10.
    let r = row_of(s, 0, "2.10");
    assert_eq!(s[&(r, 0)], Data::String("2.10".into()));
    assert_eq!(text(s, r, 1), "总结");
    assert_eq!(text(s, r, 5), "", "no deadline: an empty cell");
    // A headline row above each recommendation's first task.
    let r21 = row_of(s, 0, "2.1");
    assert_eq!(text(s, r21 - 1, 0), "2");
    assert!(!text(s, r21 - 1, 1).is_empty());
    assert_eq!(
        text(s, 1, 0),
        "1",
        "recommendation 1's headline comes first"
    );
    // Real dates, progress as a fraction shown as a percentage, the latest note dated.
    let r14 = row_of(s, 0, "1.4");
    match &s[&(r14, 5)] {
        Data::DateTime(d) => assert_eq!(d.as_f64(), 46267.0, "2026-09-02"),
        other => panic!("deadline should be a date, got {other:?}"),
    }
    assert_eq!(s[&(r14, 7)], Data::Float(0.4));
    assert_eq!(text(s, r14, 8), "2026-11-24 已拟定方案");
    assert_eq!(text(s, r14, 6), "进行中");
    assert_eq!(text(s, r14, 9), "红");
    let r31 = row_of(s, 0, "3.1");
    assert_eq!(text(s, r31, 6), "已完成");
    assert_eq!(text(s, r31, 9), "", "done tasks have no health");
    assert_eq!(text(s, r31 - 1, 0), "3");
    assert_eq!(text(s, row_of(s, 0, "1.3"), 4), "县区");

    let xml = "xl/worksheets/sheet1.xml";
    let excel_row = |r: u32| r + 1;
    let (fmt, _, _) = style_of(&path, xml, &format!("F{}", excel_row(r14)));
    assert_eq!(fmt, "yyyy-mm-dd");
    let (fmt, _, _) = style_of(&path, xml, &format!("H{}", excel_row(r14)));
    assert_eq!(fmt, "0%");
    // Health filled red, amber or green.
    let (_, red, _) = style_of(&path, xml, &format!("J{}", excel_row(r14)));
    assert_eq!(red, "FFFFC7CE");
    let soon = row_of(s, 0, "2.7");
    assert_eq!(text(s, soon, 9), "黄");
    let (_, amber, _) = style_of(&path, xml, &format!("J{}", excel_row(soon)));
    assert_eq!(amber, "FFFFEB9C");
    let r13 = row_of(s, 0, "1.3");
    assert_eq!(text(s, r13, 9), "绿");
    let (_, green, _) = style_of(&path, xml, &format!("J{}", excel_row(r13)));
    assert_eq!(green, "FFC6EFCE");

    // Frozen header, autofilter, A4 landscape one page wide, the header row on every page.
    let sheet = part(&path, xml);
    assert!(sheet.contains("state=\"frozen\"") && sheet.contains("ySplit=\"1\""));
    assert!(sheet.contains("<autoFilter ref=\"A1:J"), "autofilter");
    assert!(sheet.contains("paperSize=\"9\"") && sheet.contains("orientation=\"landscape\""));
    assert!(
        sheet.contains("fitToHeight=\"0\"") && sheet.contains("<pageSetUpPr fitToPage=\"1\"/>")
    );
    let workbook = part(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles") && workbook.contains("台账!$1:$1"),
        "{workbook}"
    );
    // Widths are measured in display columns (a Chinese character takes two): 完成时限 fits
    // a date, 状态 its longest label (进行中, six columns), 序号 stays narrow; 牵头单位 grows
    // for long names up to a cap, then wraps.
    let cols = sheet.split("<col ").skip(1).collect::<Vec<_>>();
    let width_of = |n: usize| -> f64 {
        cols.iter()
            .find(|c| attr(&format!(" {c}"), "min") == Some(n.to_string()))
            .and_then(|c| attr(&format!(" {c}"), "width"))
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(
        (12.0..=16.0).contains(&width_of(6)),
        "deadline {}",
        width_of(6)
    );
    assert!(
        (8.0..=10.0).contains(&width_of(7)),
        "status {}",
        width_of(7)
    );
    // (the file stores a width with the padding Excel adds, 0.71 of a column)
    assert!(
        (16.0..17.0).contains(&width_of(4)),
        "lead column capped: {}",
        width_of(4)
    );
    assert!(width_of(1) < 10.0, "序号 stays narrow: {}", width_of(1));
    // A wrapped row is as tall as its longest cell needs.
    let row_xml = sheet
        .split("<row ")
        .find(|r| r.starts_with(&format!("r=\"{}\"", r14 + 1)))
        .unwrap();
    let ht: f64 = attr(&format!(" {row_xml}"), "ht").unwrap().parse().unwrap();
    assert!(ht >= 45.0, "1.4's row height {ht}");
}

#[test]
fn the_summary_sheet_has_the_figures_of_the_json_report() {
    let l = ledger();
    let path = export(&l, "zh");
    let book = Book::open(&path);
    let s = book.sheet("汇总");
    let json = l.run_on(TODAY, &["report", "--format", "json"]).ok().json();
    let fields = [
        "tasks",
        "done",
        "in_progress",
        "blocked",
        "not_started",
        "cancelled",
        "overdue",
    ];
    let check = |row: u32, v: &serde_json::Value| {
        for (i, f) in fields.iter().enumerate() {
            assert_eq!(
                s[&(row, 1 + i as u32)],
                Data::Float(v[f].as_f64().unwrap()),
                "{f} of {}",
                text(s, row, 0)
            );
        }
        let pct = |c: u32| match s[&(row, c)] {
            Data::Float(f) => (f * 1000.0).round() / 10.0,
            ref o => panic!("{o:?}"),
        };
        assert_eq!(pct(8), v["percent_done"].as_f64().unwrap());
        assert_eq!(pct(9), v["percent_progress"].as_f64().unwrap());
    };
    for rec in json["summary"].as_array().unwrap() {
        let n = rec["recommendation"].as_u64().unwrap();
        let row = (0..100)
            .find(|r| text(s, *r, 0).starts_with(&format!("{n} ")))
            .unwrap();
        check(row, rec);
    }
    check(row_of(s, 0, "合计"), &json["total"]);
    // Per unit: the figures `report --owner UNIT` gives.
    for unit in ["组织科", "人才工作科", "县区"] {
        let v = l
            .run_on(TODAY, &["report", "--owner", unit, "--format", "json"])
            .ok()
            .json();
        check(row_of(s, 0, unit), &v["total"]);
    }
    let (fmt, _, _) = style_of(&path, "xl/worksheets/sheet2.xml", "I4");
    assert_eq!(fmt, "0.0%");
}

#[test]
fn workbook_headers_follow_the_language() {
    let l = ledger();
    let book = Book::open(&export(&l, "en"));
    assert_eq!(book.names(), ["Ledger", "Summary"]);
    let s = book.sheet("Ledger");
    assert_eq!(text(s, 0, 0), "ID");
    assert_eq!(text(s, 0, 9), "Health");
    assert_eq!(text(s, row_of(s, 0, "1.4"), 6), "in-progress");
    assert_eq!(text(s, row_of(s, 0, "1.4"), 9), "overdue");
}

#[test]
fn a_workbook_needs_an_output_file() {
    let l = ledger();
    let before = l.dump();
    l.run_on(TODAY, &["export", "--format", "xlsx"])
        .fails(1, &["--out"]);
    l.run_on(TODAY, &["report", "--format", "xlsx"])
        .fails(1, &["--out"]);
    let dir = l.dir.path().to_str().unwrap().to_string();
    l.run_on(TODAY, &["export", "--format", "xlsx", "--out", &dir])
        .fails(1, &["folder"]);
    assert!(l.dump() == before, "nothing written");
}

#[test]
fn the_weekly_report_workbook_has_every_part_and_a_native_chart() {
    let l = ledger();
    let path = l.dir.path().join("周报.xlsx");
    l.run_on(
        TODAY,
        &[
            "--lang",
            "zh",
            "report",
            "--format",
            "xlsx",
            "--out",
            path.to_str().unwrap(),
        ],
    )
    .ok();
    let book = Book::open(&path);
    assert_eq!(
        book.names(),
        [
            "总体进展",
            "序时进度",
            "任务进展",
            "逾期任务",
            "本期到期",
            "即将到期",
            "完成趋势",
            "未按时反馈",
            // 各单位反馈情况 (issue 17 §1).
            "单位反馈"
        ]
    );
    let p = book.sheet("任务进展");
    let header = row_of(p, 0, "序号");
    assert_eq!(text(p, header, 10), "本周进展");
    assert_eq!(text(p, header, 11), "最新进展");
    let r14 = row_of(p, 0, "1.4");
    assert_eq!(p[&(r14, 6)], Data::Float(0.4));
    assert!(
        text(p, r14, 10).contains("已拟定方案"),
        "{}",
        text(p, r14, 10)
    );
    assert!(matches!(p[&(r14, 4)], Data::DateTime(_)));
    assert_eq!(text(p, row_of(p, 0, "2.10"), 4), "", "no deadline: empty");
    let summary = book.sheet("总体进展");
    let total = row_of(summary, 0, "合计");
    assert_eq!(summary[&(total, 1)], Data::Float(20.0));
    // +1 done since last week is the number 1.
    assert_eq!(summary[&(total, 10)], Data::Float(1.0));
    let overdue = book.sheet("逾期任务");
    let r = row_of(overdue, 0, "1.4");
    assert!(matches!(overdue[&(r, 4)], Data::Float(d) if d > 0.0));
    let trend = book.sheet("完成趋势");
    assert_eq!(text(trend, row_of(trend, 0, "2026-W48"), 0), "2026-W48");
    // The chart: columns for each week's done, a line for the cumulative.
    assert!(has_part(&path, "xl/charts/chart1.xml"));
    let chart = part(&path, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>") && chart.contains("<c:lineChart>"));
    assert!(chart.contains("完成趋势"));
}

/// §5: csv holds plain values for scripts: progress 40 (not 40%), counts 1 (not '+1), an
/// empty deadline empty; the formula guard stays on text people typed.
#[test]
fn csv_figures_are_plain_values_and_typed_text_keeps_the_formula_guard() {
    let l = ledger();
    l.run_on("2026-11-25T11:00:00", &["note", "1.4", "--", "-3 项待办"])
        .ok();
    l.run_on(
        "2026-11-25T12:00:00",
        &["update", "2.2", "--title", "=SUM(A1)"],
    )
    .ok();
    let csv = l
        .run_on(TODAY, &["--lang", "zh", "report", "--format", "csv"])
        .ok()
        .stdout;
    let line = |id: &str| -> String {
        csv.lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap()
            .to_string()
    };
    assert!(line("1.4").contains(",进行中,40,红,"), "{}", line("1.4"));
    assert!(
        line("2.10").contains("总结,组织科,,,未开始,0,绿,"),
        "{}",
        line("2.10")
    );
    // (Inside the cell's text, after the day's other changes: nothing to guard.)
    assert!(
        csv.contains("；11-25 -3 项待办"),
        "a note inside a cell is not guarded: {csv}"
    );
    assert!(line("2.2").starts_with("2.2,'=SUM(A1),"), "{}", line("2.2"));
    let series = l
        .run_on(
            TODAY,
            &[
                "report",
                "--series",
                "weekly",
                "--from",
                "2026-11-16",
                "--to",
                "2026-11-29",
                "--format",
                "csv",
            ],
        )
        .ok()
        .stdout;
    let w48 = series.lines().find(|l| l.starts_with("2026-W48")).unwrap();
    assert!(w48.contains(",1,"), "{w48}");
    assert!(!series.contains('\'') && !series.contains('%'), "{series}");
}

/// 最新进展 is the latest note still in force: a withdrawn note, or one on a change taken back,
/// gives way to the one before it.
#[test]
fn the_latest_progress_leaves_out_notes_taken_back() {
    let l = ledger();
    l.run_on("2026-11-25T11:00:00", &["note", "1.4", "写错了"])
        .ok();
    l.run_on("2026-11-25T11:05:00", &["undo"]).ok();
    l.run_on(
        "2026-11-25T11:10:00",
        &["update", "1.5", "--status", "blocked", "--note", "也写错了"],
    )
    .ok();
    l.run_on("2026-11-25T11:15:00", &["undo"]).ok();
    let path = export(&l, "zh");
    let book = Book::open(&path);
    let s = book.sheet("台账");
    assert_eq!(text(s, row_of(s, 0, "1.4"), 8), "2026-11-24 已拟定方案");
    assert_eq!(text(s, row_of(s, 0, "1.5"), 8), "");
}

/// §1: a cell over Excel's 32,767 characters (UTF-16 units) is cut with a visible `…`, in the
/// 台账 and in the weekly report, never a failed command; a cell that fits stays whole.
#[test]
fn cells_longer_than_excel_holds_are_cut_with_a_mark() {
    let l = ledger();
    // 20,000 characters (the note limit) outside the BMP are 40,000 UTF-16 units.
    let wide = format!("甲{}", "😀".repeat(19_999));
    let exact = "乙".repeat(20_000);
    for (id, note) in [("1.2", &wide), ("1.3", &exact), ("1.2", &exact)] {
        l.run_on("2026-11-25T12:00:00", &["note", id, note]).ok();
    }
    let units = |s: &str| s.encode_utf16().count();
    let ledger_book = export(&l, "zh");
    let s = Book::open(&ledger_book);
    let s = s.sheet("台账");
    let r12 = row_of(s, 0, "1.2");
    let r13 = row_of(s, 0, "1.3");
    assert_eq!(
        text(s, r13, 8),
        format!("2026-11-25 {exact}"),
        "fits: whole"
    );
    assert_eq!(text(s, r12, 8), format!("2026-11-25 {exact}"));
    let report = l.dir.path().join("周报.xlsx");
    l.run_on(
        TODAY,
        &[
            "report",
            "--format",
            "xlsx",
            "--out",
            report.to_str().unwrap(),
        ],
    )
    .ok();
    let book = Book::open(&report);
    let p = book.sheet("Progress");
    let this_week = text(p, row_of(p, 0, "1.2"), 10);
    // At the limit, less one unit when an emoji (two units) would not fit whole.
    assert!(
        (32_766..=32_767).contains(&units(&this_week)),
        "cut to the limit"
    );
    assert!(this_week.ends_with('…'), "with a visible mark");
    assert!(this_week.contains("甲😀😀"), "the start is kept");
    // The note alone in the 台账: make 1.4's latest the long one.
    l.run_on("2026-11-25T13:00:00", &["note", "1.4", &wide])
        .ok();
    let again = export(&l, "en");
    let b = Book::open(&again);
    let s = b.sheet("Ledger");
    let latest = text(s, row_of(s, 0, "1.4"), 8);
    assert!((32_766..=32_767).contains(&units(&latest)));
    assert!(
        latest.starts_with("2026-11-25 甲😀") && latest.ends_with("😀…"),
        "no emoji split"
    );
}
