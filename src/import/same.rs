//! "The same report": the one rule that says two files hold the same report, so that an
//! import is refused the second time whatever the file's name, line endings, byte-order mark
//! or encoding (UTF-8 or GB18030).

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use super::input::Read;

/// The fingerprint of a file's content as the importer read it: the SHA-256, as 64 lowercase
/// hex digits, of its decoded, cleaned text (a report), or of its cells (a task table: .docx
/// tables, workbooks, .csv, text columns), NFC-normalised, each line's trailing spaces and the
/// blank lines at either end dropped. So CRLF or LF, a BOM or none, UTF-8 or GB18030 give one
/// fingerprint; any change to the words gives another. Sheet names are left out (a .csv's is
/// its file name).
pub fn fingerprint(read: &Read) -> String {
    let body = match read {
        Read::Report(clean, _) => format!("report\n{}", canonical(clean)),
        Read::Sheets(sheets) => cells(sheets),
        Read::Both(clean, _, sheet) => format!(
            "report\n{}\n{}",
            canonical(clean),
            cells(std::slice::from_ref(sheet))
        ),
    };
    hex(&body)
}

/// Sheets' cells, one row a line, as [`fingerprint`] reads them.
fn cells(sheets: &[super::sheet::Sheet]) -> String {
    let mut s = String::from("sheets\n");
    for sheet in sheets {
        s.push_str("\u{1}sheet\n");
        for row in &sheet.rows {
            let cells: Vec<String> = row.iter().map(|c| canonical(&c.text())).collect();
            let mut cells = cells.as_slice();
            while let [rest @ .., last] = cells {
                if !last.is_empty() {
                    break;
                }
                cells = rest;
            }
            if cells.is_empty() {
                continue;
            }
            s.push_str(&cells.join("\u{2}"));
            s.push('\n');
        }
    }
    s
}

/// The SHA-256 of a file's bytes, the fingerprint ledgers before content fingerprints stored:
/// still looked up so that such a ledger refuses the exact file it took.
pub fn bytes_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hex(s: &str) -> String {
    bytes_hash(s.as_bytes())
}

fn canonical(text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}');
    // Text already in NFC (a report as decoded is: `model::normalise_input`) is
    // its own NFC form; the quick check (UAX #15's NFC_Quick_Check) says so in one pass,
    // where composing would rebuild the whole text.
    let text: std::borrow::Cow<str> = match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text.into(),
        _ => text.nfc().collect::<String>().into(),
    };
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    lines[start..end].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_bom_and_nfc_do_not_change_the_fingerprint() {
        let a = Read::Report("一、加强管理\n二、完善制度\n".into(), false);
        let b = Read::Report(
            "\u{feff}一、加强管理  \r\n二、完善制度\r\n\r\n".into(),
            false,
        );
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let c = Read::Report("一、加强管理\n二、完善制度度\n".into(), false);
        assert_ne!(fingerprint(&a), fingerprint(&c));
        assert_eq!(
            fingerprint(&Read::Report("e\u{301}".into(), false)),
            fingerprint(&Read::Report("\u{e9}".into(), false))
        );
    }
}
