//! The weekly report as a workbook (`report --format xlsx`): one sheet per part of the report
//! document (summary, progress with 本周进展, overdue, due soon, trend), so it holds the same
//! content as the other formats; the trend sheet carries a native column-and-line chart.

use anyhow::Result;
use rust_xlsxwriter::{Chart, ChartType, Worksheet};

use super::super::header::header_line;
use super::{Styles, Widths, err, excel_date, fit, print_setup, sheet_name, write_headers, z};
use crate::model::{Lang, parse_ymd};
use crate::render::report::{Doc, Kind, Section, col};

/// The workbook's bytes: a sheet per section of `doc` (the report's cut to `--limit` applies
/// as in html; pass a document built with no limit to hold every row), dated `day`
/// (`super::workbook`).
pub fn report_workbook(doc: &Doc, day: chrono::NaiveDate) -> Result<Vec<u8>> {
    let s = Styles::new();
    let mut book = super::workbook(day)?;
    for section in &doc.sections {
        let sheet = book.add_worksheet();
        sheet
            .set_name(sheet_name(&tab_name(section.kind, doc.lang)))
            .map_err(err)?;
        write_section(sheet, doc, section, &s)?;
    }
    book.save_to_buffer().map_err(err)
}

fn tab_name(kind: Kind, lang: Lang) -> String {
    let z = |a, b| z(lang, a, b);
    match kind {
        Kind::Summary => z("总体进展", "Summary"),
        Kind::Progress => z("任务进展", "Progress"),
        Kind::Overdue => z("逾期任务", "Overdue"),
        Kind::DueNow => z("本期到期", "Due now"),
        Kind::Upcoming => z("即将到期", "Due soon"),
        Kind::Trend => z("完成趋势", "Trend"),
        Kind::Series => z("逐周进展", "Weekly"),
        Kind::Pace => z("序时进度", "Pace"),
        Kind::Unreported => z("未按时反馈", "Unreported"),
        Kind::Units => z("单位反馈", "By unit"),
    }
    .to_string()
}

/// A cell of the document as a spreadsheet value: figures as numbers (`40%` as 0.4 shown as
/// a percentage, `+1` as 1), ISO dates as dates, `-` (no deadline) as an empty cell, anything
/// else as text.
enum Value {
    Number(f64),
    Percent(f64, bool),
    Date(chrono::NaiveDate),
    Blank,
    Text(String),
}

fn value(cell: &str, numeric: bool) -> Value {
    if cell == "-" {
        return Value::Blank;
    }
    if let Some(d) = parse_ymd(cell).filter(|_| cell.len() == 10) {
        return Value::Date(d);
    }
    if numeric {
        if let Some(p) = cell.strip_suffix('%')
            && let Ok(n) = p.parse::<f64>()
        {
            return Value::Percent(n / 100.0, p.contains('.'));
        }
        if let Ok(n) = cell.trim_start_matches('+').parse::<f64>() {
            return Value::Number(n);
        }
    }
    Value::Text(cell.to_string())
}

fn write_section(sheet: &mut Worksheet, doc: &Doc, section: &Section, s: &Styles) -> Result<()> {
    // The trend's last column is the terminal's bar, which the chart replaces.
    let columns = if section.kind == Kind::Trend {
        section.headers.len() - 1
    } else {
        section.headers.len()
    };
    let headers: Vec<&str> = section.headers[..columns]
        .iter()
        .map(|h| h.as_str())
        .collect();
    // Measured on one line, as written (`header_line`): a header measured by its terminal
    // lines would wrap in the sheet and leave `）` alone (issue 17g, finding 7).
    let flat: Vec<String> = headers.iter().map(|h| header_line(h)).collect();
    let flat: Vec<&str> = flat.iter().map(String::as_str).collect();
    let mut widths = Widths::new(&flat, 6.0, 50.0);
    for row in &section.rows {
        for (i, c) in row.iter().take(columns).enumerate() {
            widths.see(i, c);
        }
    }
    // Titles and the week's notes wrap rather than widen the page past legibility.
    if matches!(
        section.kind,
        Kind::Progress | Kind::Overdue | Kind::DueNow | Kind::Upcoming
    ) {
        widths.cap(1, 30.0);
        widths.cap(2, 24.0);
    }
    if section.kind == Kind::Progress {
        widths.cap(col::SUPPORT, 24.0);
        widths.cap(col::NEWS, 48.0);
        widths.cap(col::LATEST, 40.0);
    }
    widths.apply(sheet)?;
    sheet
        .write_string_with_format(0, 0, fit(&doc.title), &s.title)
        .map_err(err)?;
    let mut row = 1;
    for line in (doc.context.iter().chain([&section.heading])).chain(&section.intro) {
        sheet.write_string(row, 0, fit(line)).map_err(err)?;
        row += 1;
    }
    let header_row = row;
    // Headers on one line (`render::header`): a spreadsheet wraps by column width.
    write_headers(sheet, header_row, &flat, s)?;
    sheet.set_freeze_panes(header_row + 1, 0).map_err(err)?;
    print_setup(sheet, (header_row, header_row))?;
    if matches!(section.kind, Kind::Trend | Kind::Summary | Kind::Pace) {
        // Short tables, and the chart must not be cut by a page break: one page.
        sheet.set_print_fit_to_pages(1, 1);
    }
    row += 1;
    let first = row;
    for (i, cells) in section.rows.iter().enumerate() {
        let texts: Vec<(usize, &str)> = cells
            .iter()
            .take(columns)
            .enumerate()
            .filter(|(c, _)| !section.numeric.contains(c))
            .map(|(c, t)| (c, t.as_str()))
            .collect();
        sheet
            .set_row_height(row, widths.row_height(&texts))
            .map_err(err)?;
        for (col, cell) in cells.iter().take(columns).enumerate() {
            let col16 = col as u16;
            let numeric = section.numeric.contains(&col);
            match value(cell, numeric) {
                Value::Number(n) => sheet.write_number_with_format(row, col16, n, &s.number),
                Value::Percent(n, decimal) => sheet.write_number_with_format(
                    row,
                    col16,
                    n,
                    if decimal { &s.percent1 } else { &s.percent },
                ),
                Value::Date(d) => {
                    sheet.write_datetime_with_format(row, col16, excel_date(d)?, &s.date)
                }
                Value::Blank => sheet.write_blank(row, col16, &s.text),
                Value::Text(t) => {
                    let health = (section.kind == Kind::Progress && col == col::HEALTH)
                        .then(|| section.health.get(i).copied().flatten())
                        .flatten();
                    match health {
                        Some(h) => {
                            sheet.write_string_with_format(row, col16, fit(&t), &s.health(h))
                        }
                        None => sheet.write_string_with_format(row, col16, fit(&t), &s.wrap),
                    }
                }
            }
            .map_err(err)?;
        }
        row += 1;
    }
    if section.rows.is_empty() {
        sheet
            .write_string(row, 0, fit(&section.empty))
            .map_err(err)?;
        row += 1;
    } else if section.kind != Kind::Summary {
        sheet
            .autofilter(header_row, 0, row - 1, columns as u16 - 1)
            .map_err(err)?;
    }
    if let Some(more) = &section.more {
        sheet.write_string(row, 0, fit(more)).map_err(err)?;
        row += 1;
    }
    if section.kind == Kind::Progress && !doc.footer.is_empty() {
        sheet
            .write_string(row + 1, 0, fit(&doc.footer))
            .map_err(err)?;
    }
    if matches!(section.kind, Kind::Trend | Kind::Series) && !section.rows.is_empty() {
        trend_chart(sheet, section, first, row - 1, doc.lang)?;
    }
    Ok(())
}

/// Done per week as columns, cumulative done as a line on its own axis: the html report's
/// chart, as a chart Excel draws and a reader can restyle.
fn trend_chart(
    sheet: &mut Worksheet,
    section: &Section,
    first: u32,
    last: u32,
    lang: Lang,
) -> Result<()> {
    let name = sheet.name();
    let (done_col, cum_col) = match section.kind {
        Kind::Series => (3u16, 6u16),
        _ => (2, 3),
    };
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name(header_line(&section.headers[done_col as usize]).as_str())
        .set_categories((name.as_str(), first, 0, last, 0))
        .set_values((name.as_str(), first, done_col, last, done_col));
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name(header_line(&section.headers[cum_col as usize]).as_str())
        .set_categories((name.as_str(), first, 0, last, 0))
        .set_values((name.as_str(), first, cum_col, last, cum_col))
        .set_secondary_axis(true);
    chart.combine(&line);
    chart.title().set_name(&section.heading);
    chart.x_axis().set_name(z(lang, "周", "Week"));
    chart.y_axis().set_name(z(lang, "任务数", "Tasks"));
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    chart.set_width(720).set_height(360);
    sheet.insert_chart(last + 2, 0, &chart).map_err(err)?;
    Ok(())
}
