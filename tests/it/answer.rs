//! The units' side of the return sheets in tests: sheets issued by a seeded ledger, answers
//! typed into them and saved as a unit's spreadsheet program would (xlsx, or csv in UTF-8 or
//! GB18030), and what the ledger recorded.

use std::path::{Path, PathBuf};

use calamine::Data;
use sha2::{Digest, Sha256};

use crate::books::Book;
use crate::support::Ledger;

pub const TODAY: &str = "2026-11-26";
pub const WEEK: &str = "2026-W48";

/// A seeded ledger and the sheets it issued for this week, in `sheets/`.
pub fn issued(lang: &str) -> (Ledger, PathBuf) {
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path().join("sheets");
    l.run_on(
        TODAY,
        &["--lang", lang, "sheets", "--out", dir.to_str().unwrap()],
    )
    .ok();
    (l, dir)
}

pub fn sheet_of(dir: &Path, unit: &str) -> PathBuf {
    dir.join(format!("{unit}-{WEEK}.xlsx"))
}

/// The ledger's identity, as its export's settings carry it.
pub fn ledger_id(l: &Ledger) -> String {
    l.export()["meta"]["ledger_id"]
        .as_str()
        .expect("the export names the ledger's id")
        .to_string()
}

/// A value typed into a cell.
#[derive(Clone, Debug)]
pub enum V {
    T(&'static str),
    N(f64),
    Blank,
}

/// A cell (0-based row, column) and what the unit typed into it.
pub type Edit = (u32, u16, V);

/// The first sheet's cells of an issued workbook with `edits` applied, as a grid of values.
pub fn answered(src: &Path, edits: &[Edit]) -> (Vec<Vec<Data>>, String) {
    let book = Book::open(src);
    let (name, cells) = &book.sheets[0];
    let rows = cells.keys().map(|(r, _)| *r).max().unwrap() + 1;
    let mut grid = vec![vec![Data::Empty; 10]; rows as usize];
    for ((r, c), d) in cells {
        grid[*r as usize][*c as usize] = d.clone();
    }
    for (r, c, v) in edits {
        grid[*r as usize][*c as usize] = match v {
            V::T(s) => Data::String(s.to_string()),
            V::N(n) => Data::Float(*n),
            V::Blank => Data::Empty,
        };
    }
    (grid, name.clone())
}

/// Writes the answered grid as an xlsx (as Excel or WPS would save it).
pub fn save_xlsx(grid: &[Vec<Data>], sheet: &str, dst: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in grid.iter().enumerate() {
        for (c, d) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match d {
                Data::String(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    ws.write_number(r, c, *f).unwrap();
                }
                Data::Int(i) => {
                    ws.write_number(r, c, *i as f64).unwrap();
                }
                Data::DateTime(d) => {
                    ws.write_number(r, c, d.as_f64()).unwrap();
                }
                _ => {}
            }
        }
    }
    book.save(dst).unwrap();
}

/// Writes the answered grid as csv (RFC 4180), UTF-8 with a byte-order mark or GB18030.
pub fn save_csv(grid: &[Vec<Data>], dst: &Path, gb18030: bool) {
    let mut s = String::new();
    for row in grid {
        let cells: Vec<String> = row
            .iter()
            .map(|d| {
                let t = match d {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::DateTime(d) => d.as_f64().to_string(),
                    d => d.to_string(),
                };
                if t.contains([',', '"', '\n']) {
                    format!("\"{}\"", t.replace('"', "\"\""))
                } else {
                    t
                }
            })
            .collect();
        s.push_str(&cells.join(","));
        s.push_str("\r\n");
    }
    let bytes = if gb18030 {
        encoding_rs::GB18030.encode(&s).0.into_owned()
    } else {
        let mut b = "\u{feff}".as_bytes().to_vec();
        b.extend(s.as_bytes());
        b
    };
    std::fs::write(dst, bytes).unwrap();
}

pub fn sha256(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// 组织科's sheet: 1.1 … 1.5 in rows 4 … 8 (0-based 3 … 7); 1.4 is row 7.
pub const R14: u32 = 6;
pub const R12: u32 = 4;
pub const STATUS: u16 = 4;
pub const PROGRESS: u16 = 5;

pub fn answers_for_1_4_and_1_2() -> Vec<Edit> {
    vec![
        (R14, PROGRESS, V::N(60.0)),
        (R14, 6, V::T("已完成调研报告初稿")),
        (R14, 7, V::T("部分县区数据未报")),
        (R14, 8, V::T("12月上旬报审")),
        (R12, STATUS, V::T("已完成")),
        (R12, 6, V::T("会议已召开")),
        // A progress cleared: left as it is.
        (7, PROGRESS, V::Blank),
    ]
}

pub fn history(l: &Ledger, id: &str) -> Vec<serde_json::Value> {
    l.run_on(TODAY, &["history", id, "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .clone()
}
