//! The 台账 as a workbook (`export --format xlsx`): sheet 台账, one row per task under a row
//! per recommendation carrying its headline; sheet 汇总, the report's counts per
//! recommendation and per unit.

use anyhow::Result;
use chrono::NaiveDate;
use rust_xlsxwriter::Worksheet;

use super::{Styles, Widths, err, excel_date, fit, print_setup, write_headers, z};
use crate::model::{Health, Lang, TaskId, ymd};
use crate::render::safe;
use crate::report::Counts;
use crate::task::{Recommendation, Task};

/// One task of the 台账 with what the sheet shows beside its fields.
pub struct LedgerRow<'a> {
    pub task: &'a Task,
    /// The latest note and the local date it was written (YYYY-MM-DD).
    pub latest: Option<(&'a str, &'a str)>,
    pub health: Option<Health>,
}

/// A line of 汇总: what it counts (a recommendation or a unit) and the counts.
pub struct SummaryLine {
    pub name: String,
    pub counts: Counts,
}

/// Where each column of 台账 is; 序号 first, 健康 last.
pub const LEDGER_COLUMNS: usize = 10;

fn ledger_headers(lang: Lang) -> [&'static str; LEDGER_COLUMNS] {
    let z = |a, b| z(lang, a, b);
    [
        z("序号", "ID"),
        z("督办事项", "Task"),
        z("具体内容", "Details"),
        z("牵头单位", "Lead"),
        z("配合单位", "Supporting"),
        z("完成时限", "Deadline"),
        z("状态", "Status"),
        z("进度", "Progress"),
        z("最新进展", "Latest progress"),
        z("健康", "Health"),
    ]
}

/// The workbook's bytes. `rows` are in id order; a recommendation's headline row comes before
/// its first task. Sheets are written in constant-memory mode (each row goes to a temporary
/// file as it is written), so ten thousand tasks need a few megabytes, not a copy of the
/// ledger in cells.
pub fn ledger_workbook(
    recs: &[Recommendation],
    rows: &[LedgerRow<'_>],
    by_rec: &[SummaryLine],
    by_unit: &[SummaryLine],
    total: &Counts,
    as_of: NaiveDate,
    lang: Lang,
) -> Result<Vec<u8>> {
    let s = Styles::new();
    let mut book = super::workbook(as_of)?;
    {
        let sheet = book.add_worksheet_with_constant_memory().map_err(err)?;
        sheet.set_name(z(lang, "台账", "Ledger")).map_err(err)?;
        write_ledger(sheet, recs, rows, lang, &s)?;
    }
    {
        let sheet = book.add_worksheet_with_constant_memory().map_err(err)?;
        sheet.set_name(z(lang, "汇总", "Summary")).map_err(err)?;
        write_summary(sheet, by_rec, by_unit, total, as_of, lang, &s)?;
    }
    book.save_to_buffer().map_err(err)
}

fn write_ledger(
    sheet: &mut Worksheet,
    recs: &[Recommendation],
    rows: &[LedgerRow<'_>],
    lang: Lang,
    s: &Styles,
) -> Result<()> {
    let headers = ledger_headers(lang);
    // Widths first: a constant-memory sheet takes its column setup before its rows.
    let mut widths = Widths::new(&headers, 6.0, 60.0);
    for r in rows {
        let t = r.task;
        widths.see(0, &t.id.to_string());
        widths.see(1, &t.title);
        widths.see(3, t.lead.as_deref().unwrap_or(""));
        widths.see(4, &t.support.join("、"));
        widths.see(6, t.status.label(lang));
    }
    widths.see(5, "2026-12-31");
    widths.see(7, "100%");
    widths.see(9, "due soon");
    // Long texts wrap inside a readable column rather than widen it.
    widths.see(2, &"中".repeat(20));
    widths.see(8, &"中".repeat(20));
    // Long texts wrap inside readable columns, so that the sheet printed one page wide on
    // A4 landscape keeps a legible scale.
    widths.cap(1, 24.0);
    widths.cap(2, 36.0);
    widths.cap(3, 16.0);
    widths.cap(4, 20.0);
    widths.cap(8, 32.0);
    widths.apply(sheet)?;
    sheet.set_freeze_panes(1, 2).map_err(err)?;
    print_setup(sheet, (0, 0))?;
    write_headers(sheet, 0, &headers, s)?;

    let mut row = 1u32;
    let mut recs = recs.iter().peekable();
    for r in rows {
        let t = r.task;
        // The headline row of each recommendation before its first task (and of those
        // without tasks on the way).
        while let Some(rec) = recs.peek() {
            if rec.number > t.id.rec {
                break;
            }
            let rec = recs.next().expect("peeked");
            sheet
                .write_string_with_format(row, 0, rec.number.to_string(), &s.headline)
                .map_err(err)?;
            sheet
                .write_string_with_format(row, 1, fit(&safe(&rec.headline, false)), &s.headline)
                .map_err(err)?;
            for col in 2..LEDGER_COLUMNS as u16 {
                sheet.write_blank(row, col, &s.headline).map_err(err)?;
            }
            row += 1;
        }
        write_task(sheet, row, r, &widths, lang, s)?;
        row += 1;
    }
    for rec in recs {
        sheet
            .write_string_with_format(row, 0, rec.number.to_string(), &s.headline)
            .map_err(err)?;
        sheet
            .write_string_with_format(row, 1, fit(&safe(&rec.headline, false)), &s.headline)
            .map_err(err)?;
        row += 1;
    }
    sheet
        .autofilter(
            0,
            0,
            row.saturating_sub(1).max(1),
            LEDGER_COLUMNS as u16 - 1,
        )
        .map_err(err)?;
    Ok(())
}

fn write_task(
    sheet: &mut Worksheet,
    row: u32,
    r: &LedgerRow<'_>,
    widths: &Widths,
    lang: Lang,
    s: &Styles,
) -> Result<()> {
    let t = r.task;
    let latest = r
        .latest
        .map(|(note, date)| format!("{date} {}", safe(&crate::returns::brief_source(note), true)))
        .unwrap_or_default();
    let support = safe(&t.support.join("、"), false);
    let height = widths.row_height(&[
        (1, &t.title),
        (2, &t.text),
        (3, t.lead.as_deref().unwrap_or("")),
        (4, &support),
        (8, &latest),
    ]);
    sheet.set_row_height(row, height).map_err(err)?;
    // 序号 as text: 2.10 is the tenth task, not the number 2.1.
    sheet
        .write_string_with_format(row, 0, id_text(t.id), &s.text)
        .map_err(err)?;
    sheet
        .write_string_with_format(row, 1, fit(&safe(&t.title, false)), &s.wrap)
        .map_err(err)?;
    sheet
        .write_string_with_format(row, 2, fit(&safe(&t.text, true)), &s.wrap)
        .map_err(err)?;
    let lead = t
        .lead
        .as_deref()
        .map(|l| safe(l, false))
        .unwrap_or_default();
    sheet
        .write_string_with_format(row, 3, fit(&lead), &s.wrap)
        .map_err(err)?;
    sheet
        .write_string_with_format(row, 4, fit(&support), &s.wrap)
        .map_err(err)?;
    match t.deadline {
        Some(d) => sheet.write_datetime_with_format(row, 5, excel_date(d)?, &s.date),
        None => sheet.write_blank(row, 5, &s.date),
    }
    .map_err(err)?;
    sheet
        .write_string_with_format(row, 6, t.status.label(lang), &s.text)
        .map_err(err)?;
    sheet
        .write_number_with_format(row, 7, f64::from(t.progress) / 100.0, &s.percent)
        .map_err(err)?;
    sheet
        .write_string_with_format(row, 8, fit(&latest), &s.wrap)
        .map_err(err)?;
    match r.health {
        Some(h) => sheet.write_string_with_format(row, 9, h.label(lang), &s.health(h)),
        None => sheet.write_blank(row, 9, &s.text),
    }
    .map_err(err)?;
    Ok(())
}

/// 序号 as people write it: `1.4`.
pub fn id_text(id: TaskId) -> String {
    id.to_string()
}

fn summary_headers(lang: Lang) -> [&'static str; 11] {
    let z = |a, b| z(lang, a, b);
    [
        z("范围", "Scope"),
        z("任务数", "Tasks"),
        z("已完成", "Done"),
        z("进行中", "In progress"),
        z("受阻", "Blocked"),
        z("未开始", "Not started"),
        z("已取消", "Cancelled"),
        z("逾期", "Overdue"),
        z("完成率", "Done %"),
        z("平均进度", "Avg progress"),
        "",
    ]
}

fn write_summary(
    sheet: &mut Worksheet,
    by_rec: &[SummaryLine],
    by_unit: &[SummaryLine],
    total: &Counts,
    as_of: NaiveDate,
    lang: Lang,
    s: &Styles,
) -> Result<()> {
    let headers = summary_headers(lang);
    let mut widths = Widths::new(&headers[..10], 8.0, 40.0);
    for l in by_rec.iter().chain(by_unit) {
        widths.see(0, &l.name);
    }
    widths.apply(sheet)?;
    print_setup(sheet, (1, 1))?;
    let title = match lang {
        Lang::Zh => format!("督办事项汇总（截至 {}）", ymd(as_of)),
        Lang::En => format!("Summary as of {}", ymd(as_of)),
    };
    sheet
        .write_string_with_format(0, 0, title, &s.title)
        .map_err(err)?;
    write_headers(sheet, 1, &headers[..10], s)?;
    let mut row = 2;
    let total_line = SummaryLine {
        name: z(lang, "合计", "Total").to_string(),
        counts: total.clone(),
    };
    for (label, lines) in [
        (z(lang, "按建议", "By recommendation"), by_rec),
        (z(lang, "按单位", "By unit"), by_unit),
    ] {
        sheet
            .write_string_with_format(row, 0, label, &s.headline)
            .map_err(err)?;
        for col in 1..10 {
            sheet.write_blank(row, col, &s.headline).map_err(err)?;
        }
        row += 1;
        for l in lines {
            counts_row(sheet, row, l, s)?;
            row += 1;
        }
    }
    counts_row(sheet, row, &total_line, s)?;
    Ok(())
}

/// A row of counts; percentages as fractions shown with one decimal, like the report's.
pub(crate) fn counts_row(
    sheet: &mut Worksheet,
    row: u32,
    l: &SummaryLine,
    s: &Styles,
) -> Result<()> {
    let c = &l.counts;
    sheet
        .write_string_with_format(row, 0, fit(&safe(&l.name, false)), &s.text)
        .map_err(err)?;
    let whole = [
        c.tasks,
        c.done,
        c.in_progress,
        c.blocked,
        c.not_started,
        c.cancelled,
        c.overdue,
    ];
    for (i, n) in whole.iter().enumerate() {
        sheet
            .write_number_with_format(row, 1 + i as u16, *n as f64, &s.number)
            .map_err(err)?;
    }
    sheet
        .write_number_with_format(row, 8, c.percent_done / 100.0, &s.percent1)
        .map_err(err)?;
    sheet
        .write_number_with_format(row, 9, c.percent_progress / 100.0, &s.percent1)
        .map_err(err)?;
    Ok(())
}
