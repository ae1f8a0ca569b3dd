//! Task tables as cells: a workbook's sheets (.xlsx, .xls, .ods, through `calamine`), a .csv
//! file (the `csv` crate), or columns in plain text (tab-, `|`- or space-aligned, as tables
//! come out of Word and web pages). `table` reads the cells as tasks.

use std::io::Cursor;

use anyhow::{Result, anyhow};
use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};
use chrono::NaiveDate;

/// A cell's value. Spreadsheet dates are days since 1899-12-30 (Excel's and LibreOffice's
/// serial numbering with the 1900 leap-year bug folded in).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A number the workbook shows as a percentage (number format `0%`, or an .ods
    /// `percentage` value): the fraction, 0.6 for 60%.
    Percent(f64),
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text: numbers without a needless `.0`, dates as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            // As the sheet shows it: 60%, so that progress reads it as 60 (not 0.6 → 1%).
            Cell::Percent(f) => format!("{}%", Cell::Number((f * 1e6).round() / 1e4).text()),
            Cell::Date(d) => d.to_string(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

/// A sheet's cells, row by row, and its merged ranges (first row, first column, last row,
/// last column; counted from 0).
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    pub merges: Vec<(usize, usize, usize, usize)>,
}

impl Sheet {
    /// The sheet's lines outside its table, one a line in order: each row with one filled
    /// cell (a title, the date line under it or a 落款, a caption). A document's year and
    /// date are read from them as from a report's lines, so a table in a Word file dated
    /// 2024年3月1日 places its `12月底前` in 2024, as the same words in its text would.
    pub fn lines(&self) -> String {
        let mut out = String::new();
        for row in &self.rows {
            let mut filled = row.iter().filter(|c| !c.is_empty());
            if let (Some(c), None) = (filled.next(), filled.next()) {
                out.push_str(&c.text());
                out.push('\n');
            }
        }
        out
    }
}

/// A spreadsheet serial number as a date, for serials between 1954 and 2173.
pub fn serial_date(n: f64) -> Option<NaiveDate> {
    if !(20_000.0..100_000.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n.floor() as u64))
}

/// The (row, column) of a sheet's cells whose number format is a percent.
type Percents = std::collections::HashSet<(u32, u32)>;

/// A worksheet's values, as calamine's `worksheet_range` gives them (empty cells left out,
/// `Range::from_sparse`), and the cells whose number format is a percent, in one pass over
/// the sheet's XML: `worksheet_style` would decompress and parse the whole sheet a second
/// time (a fifth of reading a 10,000-row workbook). A chart sheet has no cells.
fn xlsx_values_and_percents<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<(calamine::Range<Data>, Percents), calamine::XlsxError> {
    let mut reader = match x.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Default::default()),
        Err(e) => return Err(e),
    };
    let percent_ids: Vec<bool> = reader
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|f| percent_format(&f.format_code))
        })
        .collect();
    let mut cells = Vec::new();
    let mut percent = std::collections::HashSet::new();
    while let Some((cell, style)) = reader.next_cell_with_style_id()? {
        if matches!(cell.get_value(), calamine::DataRef::Empty) {
            continue;
        }
        let at = cell.get_position();
        if percent_ids.get(style).copied().unwrap_or(false) {
            percent.insert(at);
        }
        cells.push(calamine::Cell::new(
            at,
            Data::from(cell.get_value().clone()),
        ));
    }
    Ok((calamine::Range::from_sparse(cells), percent))
}

/// Every sheet of a workbook (.xlsx, .xlsm, .xls, .ods), with merged ranges (all three
/// formats; .ods through [`super::ods`]) and numbers shown as percentages marked as such
/// (.xlsx by the cell's number format, .ods by its value type; .xls keeps plain numbers).
pub fn workbook(bytes: &[u8]) -> Result<Vec<Sheet>> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| {
        anyhow!(crate::msg!(
            "not a workbook that can be read ({e}): save it as .xlsx or .csv",
            "不是可读取的工作簿（文件已损坏，或不是表格软件保存的格式）：请另存为 .xlsx 或 .csv"
        ))
    })?;
    let ods = match &wb {
        Sheets::Ods(_) => super::ods::extras(bytes),
        _ => Default::default(),
    };
    let names = wb.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let unreadable = |e: &dyn std::fmt::Display| {
            anyhow!(crate::msg!(
                "sheet {name} cannot be read ({e})",
                "工作表 {name} 无法读取（{e}）"
            ))
        };
        // Styles only matter for numbers (a percent format: 0.6 is 60%).
        let (range, percent_cells) = match &mut wb {
            Sheets::Xlsx(x) => xlsx_values_and_percents(x, &name).map_err(|e| unreadable(&e))?,
            _ => (
                wb.worksheet_range(&name).map_err(|e| unreadable(&e))?,
                std::collections::HashSet::new(),
            ),
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (r0, c0) = (r0 as usize, c0 as usize);
        let extra = ods.get(&name).cloned().unwrap_or_default();
        let percent = |r: usize, c: usize| {
            extra.percent.contains(&(r, c)) || percent_cells.contains(&(r as u32, c as u32))
        };
        let number = |r: usize, c: usize, n: f64| {
            if percent(r, c) {
                Cell::Percent(n)
            } else {
                Cell::Number(n)
            }
        };
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0];
        for (i, row) in range.rows().enumerate() {
            let r = r0 + i;
            let mut cells = vec![Cell::Empty; c0];
            cells.extend(row.iter().enumerate().map(|(j, d)| match d {
                Data::Empty | Data::Error(_) => Cell::Empty,
                Data::String(s) => Cell::Text(s.clone()),
                Data::Int(i) => number(r, c0 + j, *i as f64),
                Data::Float(f) => number(r, c0 + j, *f),
                Data::Bool(b) => Cell::Text(b.to_string()),
                Data::DateTime(dt) => {
                    serial_date(dt.as_f64()).map_or_else(|| Cell::Number(dt.as_f64()), Cell::Date)
                }
                Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
            }));
            rows.push(cells);
        }
        let dims = match &mut wb {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut merges: Vec<_> = dims
            .iter()
            .map(|d| {
                (
                    d.start.0 as usize,
                    d.start.1 as usize,
                    d.end.0 as usize,
                    d.end.1 as usize,
                )
            })
            .collect();
        merges.extend(extra.merges.iter().copied());
        out.push(Sheet { name, rows, merges });
    }
    Ok(out)
}

/// A number format that shows a percentage: a `%` outside quotes and escapes (`0%`,
/// `0.0%`; not `0"%"`, which shows a literal sign after the plain number).
fn percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A .csv file's rows (RFC 4180; `,`, or `;`/tab when the first lines have more of those).
pub fn csv(text: &str, name: &str) -> Result<Sheet> {
    // The first ten lines, not the first alone: a title line above the header row
    // (`2026年重点任务`) has no separator, and a tie goes to `,` (last of the maxima).
    let most = |d: u8| {
        text.lines()
            .take(10)
            .map(|l| l.matches(d as char).count())
            .max()
            .unwrap_or(0)
    };
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| most(*d))
        .unwrap_or(b',');
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            anyhow!(crate::msg!(
                "{name}: line {}: {e}",
                "{name}：第 {} 行：{e}",
                i + 1
            ))
        })?;
        rows.push(
            rec.iter()
                .map(|c| {
                    if c.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Sheet {
        name: name.to_string(),
        rows,
        merges: Vec::new(),
    })
}

/// Columns in plain text: cells split at tabs, at `|`, or at runs of two or more spaces
/// (full-width spaces count). Lines with fewer than two cells are kept as one cell. A
/// markdown table's rule (`|---|:--:|`) or a text grid's (`+----+`, `----  ----`) is no row.
/// In a space-aligned table, each row's cells go to the header cell they start under (by
/// display width, a Chinese character counting two), so an empty cell leaves a gap instead
/// of moving the later cells one column left.
pub fn text_columns(text: &str, name: &str) -> Sheet {
    text_columns_merged(text, name, &[])
}

/// [`text_columns`] with merged ranges given by line of `text` (first line, first column,
/// last line, last column; a Word table's merged cells, `docx::Doc::merges`): they become the
/// sheet's merges, so merged cells in a .docx are read by the rules of a workbook's. A range
/// whose lines were left out (blank or a rule) is dropped.
pub fn text_columns_merged(
    text: &str,
    name: &str,
    merges: &[(usize, usize, usize, usize)],
) -> Sheet {
    let mut row_of: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let lines: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| is_row(l))
        .enumerate()
        .map(|(row, (line, l))| {
            row_of.insert(line, row);
            l
        })
        .collect();
    let merges = merges
        .iter()
        .filter_map(|&(a, c0, b, c1)| Some((*row_of.get(&a)?, c0, *row_of.get(&b)?, c1)))
        .collect();
    let aligned = |l: &str| !l.contains(['\t', '|', '｜']);
    // The header: the first of the first ten lines with two cells naming columns.
    let header = lines.iter().take(10).position(|l| {
        aligned(l)
            && split_line(l)
                .iter()
                .filter(|c| super::columns::header(c).is_some())
                .count()
                >= 2
    });
    let starts: Vec<usize> = header.map_or_else(Vec::new, |h| {
        chunks(lines[h]).into_iter().map(|(at, _)| at).collect()
    });
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let cells = match header {
                Some(h) if i > h && aligned(l) && starts.len() >= 2 => by_position(l, &starts),
                _ => split_line(l),
            };
            cells.into_iter().map(Cell::Text).collect()
        })
        .collect();
    Sheet {
        name: name.to_string(),
        rows,
        merges,
    }
}

/// Whether a line of text is one of a table's rows: not blank, not a rule.
fn is_row(line: &str) -> bool {
    !line.trim().is_empty() && !is_rule(line)
}

/// Whether any of the first `n` (at most 10) rows [`text_columns`] reads in `text` has two
/// cells or more, splitting only those rows: a report of a megabyte is asked this before
/// it is read as a table, and is seldom one. Those rows depend on the first `n` rows' lines
/// alone (the header is among them, or comes after them and splits none of them).
pub fn split_in_first_rows(text: &str, n: usize) -> bool {
    let head: Vec<&str> = text.lines().filter(|l| is_row(l)).take(n.min(10)).collect();
    text_columns(&head.join("\n"), "")
        .rows
        .iter()
        .any(|r| r.len() >= 2)
}

/// A table's rule line: only dashes, colons, pluses, equals signs, bars and spaces, with at
/// least three dashes or equals signs.
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.chars().all(|c| {
        matches!(
            c,
            '-' | ':' | '+' | '=' | '|' | '｜' | ' ' | '\t' | '—' | '─' | '－'
        )
    }) && t
        .chars()
        .filter(|c| matches!(c, '-' | '=' | '—' | '─' | '－'))
        .count()
        >= 3
}

/// A space-aligned line's cells with the display column each starts at.
fn chunks(line: &str) -> Vec<(usize, String)> {
    use unicode_width::UnicodeWidthChar;
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut col = 0;
    let mut spaces = 0;
    for c in line.chars() {
        let w = if c == '\u{3000}' {
            2
        } else {
            c.width().unwrap_or(0)
        };
        if c == ' ' || c == '\u{3000}' {
            spaces += w;
            col += w;
            continue;
        }
        match out.last_mut() {
            Some(last) if spaces < 2 => {
                if spaces == 1 {
                    last.1.push(' ');
                }
                last.1.push(c);
            }
            _ => out.push((col, c.to_string())),
        }
        spaces = 0;
        col += w;
    }
    out
}

/// A row's cells placed under the header cells they start nearest to, left to right. A
/// row with as many cells as the header has them in order, however loosely typed; one
/// with fewer leaves gaps where its cells stand away from a header.
fn by_position(line: &str, starts: &[usize]) -> Vec<String> {
    let parts = chunks(line);
    if parts.len() == starts.len() {
        return parts.into_iter().map(|(_, t)| t).collect();
    }
    let mut cells = vec![String::new(); starts.len()];
    let mut next = 0;
    for (at, text) in parts {
        let nearest = (0..starts.len())
            .min_by_key(|&i| starts[i].abs_diff(at))
            .unwrap_or(0);
        let col = nearest.max(next).min(starts.len() - 1);
        if !cells[col].is_empty() {
            cells[col].push(' ');
        }
        cells[col].push_str(&text);
        next = col + 1;
    }
    cells
}

fn split_line(line: &str) -> Vec<String> {
    let line = line.trim().trim_matches('|');
    if line.contains('\t') {
        return line.split('\t').map(|c| c.trim().to_string()).collect();
    }
    if line.contains('|') || line.contains('｜') {
        return line
            .split(['|', '｜'])
            .map(|c| c.trim().to_string())
            .collect();
    }
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut spaces = 0;
    for c in line.chars() {
        if c == ' ' || c == '\u{3000}' {
            spaces += if c == '\u{3000}' { 2 } else { 1 };
            continue;
        }
        if spaces >= 2 && !current.is_empty() {
            cells.push(std::mem::take(&mut current));
        } else if spaces == 1 {
            current.push(' ');
        }
        spaces = 0;
        current.push(c);
    }
    if !current.is_empty() {
        cells.push(current);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_columns_split_at_tabs_bars_and_wide_gaps() {
        assert_eq!(
            split_line("1\t新增就业\t县人社局"),
            ["1", "新增就业", "县人社局"]
        );
        assert_eq!(
            split_line("| 1 | 新增就业 | 县人社局 |"),
            ["1", "新增就业", "县人社局"]
        );
        assert_eq!(
            split_line("1   新增就业　县人社局"),
            ["1", "新增就业", "县人社局"]
        );
        assert_eq!(split_line("a b"), ["a b"]);
    }

    #[test]
    fn rules_are_no_rows_and_aligned_cells_keep_their_columns() {
        let s = text_columns(
            "| 序号 | 工作任务 | 牵头单位 |\n|---|:---:|---|\n| 1 | 新增就业 | 县人社局 |\n+----+----+",
            "t",
        );
        assert_eq!(s.rows.len(), 2);
        let s = text_columns(
            "序号  工作任务          牵头单位    配合单位    完成时限\n\
             1     新增城镇就业      县人社局                12月底前\n\
             2     老旧小区改造      县住建局    各街道      2025年6月底前\n\
             3     建设停车场                    县城管局    年底前",
            "t",
        );
        let texts: Vec<Vec<String>> = s
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::text).collect())
            .collect();
        assert_eq!(texts[1], ["1", "新增城镇就业", "县人社局", "", "12月底前"]);
        assert_eq!(
            texts[2],
            ["2", "老旧小区改造", "县住建局", "各街道", "2025年6月底前"]
        );
        assert_eq!(texts[3], ["3", "建设停车场", "", "县城管局", "年底前"]);
        // Rows typed a few spaces off their headers still keep their columns.
        let s = text_columns(
            "序号  工作任务   牵头单位  完成时限\n1   新增就业   县人社局\n2     老旧小区改造    县住建局\n3  建设停车场          年底前",
            "t",
        );
        let texts: Vec<Vec<String>> = s
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::text).collect())
            .collect();
        assert_eq!(texts[1], ["1", "新增就业", "县人社局", ""]);
        assert_eq!(texts[2], ["2", "老旧小区改造", "县住建局", ""]);
        assert_eq!(texts[3], ["3", "建设停车场", "", "年底前"]);
    }

    #[test]
    fn serials_are_dates() {
        assert_eq!(serial_date(45473.0), NaiveDate::from_ymd_opt(2024, 6, 30));
        assert_eq!(serial_date(4.0), None);
    }

    use proptest::prelude::*;

    proptest! {
        /// The first rows are split as the whole text's are (a header in them or after them).
        #[test]
        fn the_first_rows_split_as_in_the_whole_text(
            lines in proptest::collection::vec("[序号工作任务牵头单位加强 　\t|-]{0,12}", 0..16),
            n in 0usize..12,
        ) {
            let text = lines.join("\n");
            let whole = text_columns(&text, "")
                .rows
                .iter()
                .take(n.min(10))
                .any(|r| r.len() >= 2);
            prop_assert_eq!(split_in_first_rows(&text, n), whole);
        }
    }
}
