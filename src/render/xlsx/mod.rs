//! Workbooks (.xlsx) through `rust_xlsxwriter`: the 台账 (`export --format xlsx`), the weekly
//! report (`report --format xlsx`), and the return sheets a unit fills in (`tracker sheets`).
//! Each writer returns the file's bytes; the command writes them through the one `--out`
//! helper (`cmd::write_atomically`). The look shared by all three (header style, health
//! fills, dates, column widths that fit Chinese text, A4 printing) is set here once.

pub mod ledger;
pub mod report;
pub mod sheet;

use std::borrow::Cow;

use anyhow::{Result, anyhow};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, RowNum, Worksheet, XlsxError,
};
use unicode_segmentation::UnicodeSegmentation;

use super::grid::display_width;
use crate::model::{Health, Lang};

/// A new workbook dated `day` (the day the command speaks for: `--today`, else the clock's):
/// its `dcterms:created` and `modified` (docProps/core.xml) are that day at 00:00 UTC, not the
/// moment of writing, so the same ledger on the same day gives the same bytes, on a file or a
/// server, as the .docx files do (whose dates docx-rs writes as a constant).
pub(crate) fn workbook(day: NaiveDate) -> Result<rust_xlsxwriter::Workbook> {
    let created = ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8)
        .map_err(err)?;
    let mut book = rust_xlsxwriter::Workbook::new();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    Ok(book)
}

/// rust_xlsxwriter's errors (a sheet name too long, a string over 32,767 characters…) as ours.
pub(crate) fn err(e: XlsxError) -> anyhow::Error {
    anyhow!(crate::msg!(
        "cannot write the workbook: {e}",
        "无法写出工作簿：{e}"
    ))
}

/// The most text a cell holds, in UTF-16 code units: Excel's limit ("Total number of
/// characters that a cell can contain: 32,767", Excel specifications and limits), which
/// rust_xlsxwriter enforces by refusing the write.
pub const MAX_CELL_TEXT: usize = 32_767;

/// Marks where a text too long for one cell was cut.
pub const CUT_MARK: &str = "…";

/// `text` as a cell can hold it: whole when it fits [`MAX_CELL_TEXT`], else cut between
/// grapheme clusters (an emoji sequence is never split) with [`CUT_MARK`] at the end, so a
/// 50,000-character note makes a readable cell, not a failed export.
pub fn fit(text: &str) -> Cow<'_, str> {
    // A UTF-8 byte never stands for more than one UTF-16 unit.
    if text.len() <= MAX_CELL_TEXT || text.encode_utf16().count() <= MAX_CELL_TEXT {
        return Cow::Borrowed(text);
    }
    let room = MAX_CELL_TEXT - CUT_MARK.encode_utf16().count();
    let mut used = 0;
    let mut end = 0;
    for (at, g) in text.grapheme_indices(true) {
        let units = g.encode_utf16().count();
        if used + units > room {
            break;
        }
        used += units;
        end = at + g.len();
    }
    Cow::Owned(format!("{}{CUT_MARK}", &text[..end]))
}

/// A date as Excel's date value (a serial shown with `yyyy-mm-dd`), not text: it sorts and
/// filters as a date.
pub(crate) fn excel_date(d: NaiveDate) -> Result<ExcelDateTime> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(err)
}

/// The number format of dates: ISO order, as everywhere else in tracker.
pub const DATE_FORMAT: &str = "yyyy-mm-dd";
/// Progress is stored as a fraction (0.4) and shown as 40%.
pub const PERCENT_FORMAT: &str = "0%";
/// Percentages the report computes to one decimal (33.3%).
pub const PERCENT_1_FORMAT: &str = "0.0%";

/// The height of one line of the default 11-point font, in points (Excel's default row).
pub const LINE_HEIGHT: f64 = 15.0;
/// Excel's largest row height, in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;

/// Paper size 9 is A4 in the OOXML `paperSize` list (ECMA-376 Part 1, §18.3.1.63).
pub const PAPER_A4: u8 = 9;

/// Fills of the health column: the traffic-light colours offices use (Excel's "Good",
/// "Neutral" and "Bad" cell styles), dark text on a light fill so it prints in grey too.
pub fn health_fill(h: Health) -> (u32, u32) {
    match h {
        Health::Overdue => (0xFFC7CE, 0x9C0006),
        Health::DueSoon => (0xFFEB9C, 0x9C5700),
        Health::OnTrack => (0xC6EFCE, 0x006100),
    }
}

/// The formats every workbook uses, built once.
pub struct Styles {
    pub header: Format,
    pub text: Format,
    pub wrap: Format,
    pub date: Format,
    pub percent: Format,
    pub percent1: Format,
    pub number: Format,
    pub title: Format,
    pub headline: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF))
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9E1F2)),
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            date: cell.clone().set_num_format(DATE_FORMAT),
            percent: cell.clone().set_num_format(PERCENT_FORMAT),
            percent1: cell.clone().set_num_format(PERCENT_1_FORMAT),
            number: cell.clone(),
            title: Format::new().set_bold().set_font_size(14),
            headline: cell.set_bold().set_background_color(Color::RGB(0xF2F2F2)),
        }
    }

    /// The health cell: its label on its fill.
    pub fn health(&self, h: Health) -> Format {
        let (fill, ink) = health_fill(h);
        self.text
            .clone()
            .set_background_color(Color::RGB(fill))
            .set_font_color(Color::RGB(ink))
            .set_align(FormatAlign::Center)
    }
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new()
    }
}

/// Column widths measured from the text they hold: Excel's width unit is one `0` of the
/// default font, and a Chinese character is two of them, which is the display width the
/// terminal tables use. `min` and `max` bound each column; a cell of several lines counts
/// its longest line.
pub struct Widths {
    widths: Vec<f64>,
    min: f64,
    max: f64,
}

impl Widths {
    pub fn new(headers: &[&str], min: f64, max: f64) -> Widths {
        let mut w = Widths {
            widths: vec![min; headers.len()],
            min,
            max,
        };
        for (i, h) in headers.iter().enumerate() {
            w.see(i, h);
        }
        w
    }

    pub fn see(&mut self, col: usize, text: &str) {
        let longest = text.lines().map(display_width).max().unwrap_or(0) as f64;
        if let Some(w) = self.widths.get_mut(col) {
            // Two characters of padding, as Excel's own autofit leaves.
            *w = w.max((longest + 2.0).clamp(self.min, self.max));
        }
    }

    /// Caps one column (long texts wrap within it instead).
    pub fn cap(&mut self, col: usize, max: f64) {
        if let Some(w) = self.widths.get_mut(col) {
            *w = w.min(max);
        }
    }

    /// The height (in points) a row needs for its wrapped cells, given as (column, text):
    /// each line of a cell takes as many printed lines as the column's width divides it
    /// into. Written explicitly because neither Excel nor LibreOffice sizes the rows of a
    /// generated file by their wrapped text when it is opened.
    pub fn row_height(&self, cells: &[(usize, &str)]) -> f64 {
        let lines = cells
            .iter()
            .map(|(col, text)| {
                let room = (self.widths.get(*col).copied().unwrap_or(self.min) - 1.5).max(1.0);
                text.lines()
                    .map(|l| ((display_width(l) as f64) / room).ceil().max(1.0))
                    .sum::<f64>()
            })
            .fold(1.0, f64::max);
        (lines * LINE_HEIGHT).min(MAX_ROW_HEIGHT)
    }

    pub fn apply(&self, sheet: &mut Worksheet) -> Result<()> {
        for (i, w) in self.widths.iter().enumerate() {
            sheet.set_column_width(i as u16, *w).map_err(err)?;
        }
        Ok(())
    }
}

/// Print setup for a list that may run over many pages: A4 landscape, one page wide, the
/// header rows (`header_rows`, 0-based inclusive range) repeated on every page.
pub fn print_setup(sheet: &mut Worksheet, header_rows: (RowNum, RowNum)) -> Result<()> {
    sheet
        .set_paper_size(PAPER_A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    sheet
        .set_repeat_rows(header_rows.0, header_rows.1)
        .map_err(err)?;
    Ok(())
}

/// A header row at `row`.
pub fn write_headers(
    sheet: &mut Worksheet,
    row: RowNum,
    headers: &[&str],
    s: &Styles,
) -> Result<()> {
    for (i, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(row, i as u16, *h, &s.header)
            .map_err(err)?;
    }
    Ok(())
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let trimmed = cleaned.trim_matches('\'');
    if trimmed.is_empty() {
        "Sheet".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The two-language label helper the writers share.
pub(crate) fn z(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    lang.pick(zh, en)
}
