//! What `calamine` leaves out of an OpenDocument spreadsheet (.ods) and a 台账 needs: merged
//! cells (a headline spanning its tasks' rows) and which numbers are shown as percentages
//! (progress `60%` is stored as the fraction 0.6). Read from `content.xml` (OpenDocument 1.2
//! Part 1, §9.1.4 `table:table-cell`: `table:number-columns-spanned`,
//! `table:number-rows-spanned`, `table:number-columns-repeated`; §19.387 `office:value-type`
//! `percentage`; rows repeat by `table:number-rows-repeated`).

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read as _};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// A sheet's merged ranges (first row, first column, last row, last column; from 0) and the
/// cells holding a percentage.
#[derive(Debug, Default, Clone)]
pub struct Extra {
    pub merges: Vec<(usize, usize, usize, usize)>,
    pub percent: HashSet<(usize, usize)>,
}

/// Rows repeated more often than this are blank filler to the sheet's end (LibreOffice
/// writes a million of them): they move the row count on, their cells are not recorded.
const MAX_REPEAT: usize = 1000;

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

fn count(e: &BytesStart, name: &str) -> usize {
    attr(e, name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// Each sheet's [`Extra`] by sheet name; empty when the file is no .ods or its content
/// cannot be read (calamine then reports the file itself).
pub fn extras(bytes: &[u8]) -> HashMap<String, Extra> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut xml = String::new();
    match zip.by_name("content.xml") {
        Ok(mut f) => {
            if f.read_to_string(&mut xml).is_err() {
                return out;
            }
        }
        Err(_) => return out,
    }
    let mut reader = Reader::from_str(&xml);
    let mut sheet: Option<(String, Extra)> = None;
    // Rows before the current one, the current row's repeat count, the next column.
    let (mut row, mut repeat, mut col) = (0usize, 1usize, 0usize);
    loop {
        let ev = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        let (e, empty) = match &ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.local_name().as_ref() {
                    "table" => {
                        if let Some((name, extra)) = sheet.take() {
                            out.insert(name, extra);
                        }
                    }
                    "table-row" => row = row.saturating_add(repeat),
                    _ => {}
                }
                continue;
            }
            _ => continue,
        };
        match e.local_name().as_ref() {
            "table" => {
                sheet = Some((attr(e, "name").unwrap_or_default(), Extra::default()));
                row = 0;
            }
            "table-row" => {
                repeat = count(e, "number-rows-repeated");
                col = 0;
                if empty {
                    row = row.saturating_add(repeat);
                }
            }
            "table-cell" | "covered-table-cell" => {
                let across = count(e, "number-columns-repeated");
                if let Some((_, extra)) = sheet.as_mut()
                    && repeat <= MAX_REPEAT
                    && across <= MAX_REPEAT
                {
                    // Bounded by the largest sheet LibreOffice opens (1,048,576 × 16,384).
                    let spans = (
                        count(e, "number-rows-spanned").min(1 << 20),
                        count(e, "number-columns-spanned").min(1 << 14),
                    );
                    let percent = attr(e, "value-type").as_deref() == Some("percentage");
                    for r in row..row + repeat {
                        for c in col..col + across {
                            if percent {
                                extra.percent.insert((r, c));
                            }
                            if spans != (1, 1) {
                                extra.merges.push((r, c, r + spans.0 - 1, c + spans.1 - 1));
                            }
                        }
                    }
                }
                col = col.saturating_add(across);
            }
            _ => {}
        }
    }
    out
}
