//! Reading workbooks back in tests: cells through calamine (values and types), and what
//! calamine does not expose (number formats, fills, validations, protection, print setup)
//! from the package's XML.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

/// A sheet's non-empty cells by (row, col), 0-based absolute positions.
pub type Cells = HashMap<(u32, u32), Data>;

/// Every sheet's cells by name, as (row, col) → value, 0-based absolute positions.
pub struct Book {
    pub sheets: Vec<(String, Cells)>,
}

impl Book {
    pub fn open(path: &Path) -> Book {
        let mut x: Xlsx<_> = open_workbook(path).expect("an xlsx calamine reads");
        let names = x.sheet_names();
        let sheets = names
            .into_iter()
            .map(|n| {
                let range = x.worksheet_range(&n).unwrap();
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let cells = range
                    .cells()
                    .filter(|(_, _, d)| **d != Data::Empty)
                    .map(|(r, c, d)| ((r0 + r as u32, c0 + c as u32), d.clone()))
                    .collect();
                (n, cells)
            })
            .collect();
        Book { sheets }
    }

    pub fn names(&self) -> Vec<&str> {
        self.sheets.iter().map(|(n, _)| n.as_str()).collect()
    }

    pub fn sheet(&self, name: &str) -> &Cells {
        &self
            .sheets
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no sheet {name} in {:?}", self.names()))
            .1
    }
}

/// A cell as text ("" when empty).
pub fn text(cells: &Cells, row: u32, col: u32) -> String {
    match cells.get(&(row, col)) {
        None => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(d) => d.to_string(),
    }
}

/// The row (0-based) whose cell in `col` reads `value`.
pub fn row_of(cells: &Cells, col: u32, value: &str) -> u32 {
    let mut rows: Vec<u32> = cells
        .iter()
        .filter(|((_, c), d)| *c == col && matches!(d, Data::String(s) if s == value))
        .map(|((r, _), _)| *r)
        .collect();
    rows.sort();
    *rows
        .first()
        .unwrap_or_else(|| panic!("no {value} in column {col}"))
}

/// A part of the package (`xl/worksheets/sheet1.xml`, `xl/styles.xml`…) as text.
pub fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no part {name}"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// Whether the package has a part.
pub fn has_part(path: &Path, name: &str) -> bool {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    zip.by_name(name).is_ok()
}

/// The `<c>` element of cell `cell` (such as `H3`) in a sheet's XML.
pub fn cell_xml<'a>(sheet_xml: &'a str, cell: &str) -> &'a str {
    let start = sheet_xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let rest = &sheet_xml[start..];
    let end = rest
        .find("</c>")
        .map(|e| e + 4)
        .into_iter()
        .chain(rest.find("/>").map(|e| e + 2))
        .min()
        .unwrap();
    &rest[..end]
}

/// The style (`<xf>` of `cellXfs`) a cell uses, with its number format's code and its fill
/// colour resolved: (numFmt code, fill rgb, whole xf element).
pub fn style_of(path: &Path, sheet: &str, cell: &str) -> (String, String, String) {
    let sheet_xml = part(path, sheet);
    let c = cell_xml(&sheet_xml, cell);
    let s: usize = attr(c, "s").map_or(0, |v| v.parse().unwrap());
    let styles = part(path, "xl/styles.xml");
    let xfs_start = styles.find("<cellXfs").unwrap();
    let xfs = &styles[xfs_start..styles[xfs_start..].find("</cellXfs>").unwrap() + xfs_start];
    let xf = elements(xfs, "<xf ")[s].to_string();
    let fmt_id: u32 = attr(&xf, "numFmtId").unwrap().parse().unwrap();
    let code = elements(&styles, "<numFmt ")
        .into_iter()
        .find(|f| attr(f, "numFmtId") == Some(fmt_id.to_string()))
        .and_then(|f| attr(f, "formatCode"))
        .unwrap_or_else(|| format!("builtin {fmt_id}"));
    let fill_id: usize = attr(&xf, "fillId").unwrap().parse().unwrap();
    let fills_start = styles.find("<fills").unwrap();
    let fills = &styles[fills_start..];
    let fill = elements(fills, "<fill>")[fill_id];
    let rgb = fill
        .find("fgColor rgb=\"")
        .map(|i| fill[i + 13..i + 21].to_string())
        .unwrap_or_default();
    (code, rgb, xf)
}

fn elements<'a>(xml: &'a str, open: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(open) {
        let tail = &rest[i..];
        let end = if let Some(e) = tail.find("/>") {
            let close = tail.find('>').unwrap();
            if close == e + 1 {
                e + 2
            } else {
                tail.find("</")
                    .map_or(tail.len(), |c| c + tail[c..].find('>').unwrap() + 1)
            }
        } else {
            tail.len()
        };
        out.push(&tail[..end]);
        rest = &tail[end..];
    }
    out
}

/// An attribute's value in an element.
pub fn attr(element: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = element.find(&key)? + key.len();
    let end = element[i..].find('"')? + i;
    Some(element[i..end].to_string())
}
