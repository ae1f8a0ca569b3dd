//! Returned files as grids of cells: xlsx, xls, xlsb and ods through calamine (the format
//! told by the bytes, not the name), csv read here; and the sheet among them that carries a
//! return sheet's identity.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use calamine::{Data, Reader};

use crate::msg;
use crate::returns::{Identity, MARK, cell_name};

/// A sheet's cells, by absolute (row, column), as text or number.
pub struct Grid {
    pub rows: Vec<Vec<Data>>,
}

impl Grid {
    pub fn get(&self, row: u32, col: u16) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.rows
            .get(row as usize)
            .and_then(|r| r.get(col as usize))
            .unwrap_or(&EMPTY)
    }
}

pub fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

/// The sheet of the file that carries a return sheet's identity (its first row, any column):
/// the grid, the identity, and the column it is in.
pub fn read_sheet(name: &str, path: &Path, bytes: &[u8]) -> Result<(Grid, Identity, u16)> {
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let grids = if is_csv {
        vec![csv_grid(bytes)]
    } else {
        let mut book =
            calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|_| {
                // A file that says it is a workbook, by its name or its first bytes (a zip for
                // .xlsx/.ods, an OLE compound file for .xls), is damaged, not of the wrong kind.
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .filter(|e| matches!(e.as_str(), "xlsx" | "xlsm" | "xls" | "ods"));
                let magic = bytes.starts_with(b"PK\x03\x04")
                    || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
                match ext {
                    Some(e) => anyhow!(msg!(
                        "{name} is damaged: it is a .{e} file that cannot be opened (cut short or partly copied?); save it again from the spreadsheet program",
                        "{name} 已损坏：这个 .{e} 文件打不开（不完整或只复制了一部分？）；请在表格软件中重新保存"
                    )),
                    None if magic => anyhow!(msg!(
                        "{name} is damaged: it starts as a workbook but cannot be opened (cut short or partly copied?); save it again from the spreadsheet program",
                        "{name} 已损坏：文件开头是工作簿，但打不开（不完整或只复制了一部分？）；请在表格软件中重新保存"
                    )),
                    None => anyhow!(msg!(
                        "{name} cannot be read as a spreadsheet: expected .xlsx, .xls, .ods or .csv",
                        "{name} 不能作为表格读取：应为 .xlsx、.xls、.ods 或 .csv"
                    )),
                }
            })?;
        let mut grids = Vec::new();
        for sheet in book.sheet_names() {
            let Ok(range) = book.worksheet_range(&sheet) else {
                continue;
            };
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut rows: Vec<Vec<Data>> = Vec::new();
            for (r, row) in range.rows().enumerate() {
                let abs = r0 as usize + r;
                if rows.len() <= abs {
                    rows.resize(abs + 1, Vec::new());
                }
                let mut cells = vec![Data::Empty; c0 as usize];
                cells.extend(row.iter().cloned());
                rows[abs] = cells;
            }
            grids.push(Grid { rows });
        }
        grids
    };
    for grid in grids {
        let first = grid.rows.first().cloned().unwrap_or_default();
        for (c, cell) in first.iter().enumerate() {
            let t = text(cell);
            if t.starts_with(MARK) {
                let identity = Identity::decode(&t).ok_or_else(|| {
                    anyhow!(msg!(
                        "{name}!{}: the sheet's hidden identity is damaged; issue the sheet again with 'tracker sheets'",
                        "{name}!{}：表格的隐藏标识已损坏；请用 'tracker sheets' 重新发出",
                        cell_name(0, c as u16)
                    ))
                })?;
                return Ok((grid, identity, c as u16));
            }
        }
    }
    bail!(msg!(
        "{name} is not a return sheet from 'tracker sheets' (no sheet identity in its first row)",
        "{name} 不是 'tracker sheets' 发出的反馈表（第一行没有表格标识）"
    ))
}

/// A csv file as a grid (RFC 4180 quoting; UTF-8 with or without a byte-order mark, or
/// GB18030 as Excel saves csv on a Chinese Windows).
fn csv_grid(bytes: &[u8]) -> Grid {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut rows = Vec::new();
    let mut row: Vec<Data> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let cell = |f: &mut String| {
        let s = std::mem::take(f);
        if s.is_empty() {
            Data::Empty
        } else {
            Data::String(s)
        }
    };
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(cell(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(cell(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(cell(&mut field));
        rows.push(row);
    }
    Grid { rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(g: &Grid) -> Vec<Vec<String>> {
        g.rows
            .iter()
            .map(|r| r.iter().map(text).collect())
            .collect()
    }

    #[test]
    fn csv_reads_quotes_line_breaks_a_bom_and_gb18030() {
        let utf8 = "\u{feff}a,\"b,\"\"c\"\"\",\r\n\"多\n行\",,x\r\n";
        let want = vec![
            vec!["a".to_string(), "b,\"c\"".into(), "".into()],
            vec!["多\n行".to_string(), "".into(), "x".into()],
        ];
        assert_eq!(cells(&csv_grid(utf8.as_bytes())), want);
        let gbk = encoding_rs::GB18030.encode("组织科,进行中\r\n").0;
        assert_eq!(
            cells(&csv_grid(&gbk)),
            vec![vec!["组织科".to_string(), "进行中".into()]]
        );
        // No line break at the end: the last record still counts.
        assert_eq!(cells(&csv_grid(b"1,2")), vec![vec!["1", "2"]]);
    }
}
