//! The return sheet (反馈表) a unit fills in: where each column is, how the sheet names the
//! ledger, week and unit it was issued for, and each task's state at issue. `tracker sheets`
//! writes to this layout and `tracker collect` reads it back, so both sides use these
//! definitions and nothing else (pure; no I/O).
//!
//! The identity lives in a hidden column of the answer sheet itself, not in a separate sheet:
//! a unit that saves the workbook as .xls, .ods or .csv (WPS and LibreOffice do this readily)
//! keeps hidden columns, but a csv keeps only one sheet.

use crate::model::{Status, TaskId};
use std::borrow::Cow;

/// Columns of the answer sheet (0-based). 状态, 进度 and the three texts are the unit's to
/// fill; everything else is locked.
pub mod col {
    pub const ID: u16 = 0;
    pub const TITLE: u16 = 1;
    pub const ROLE: u16 = 2;
    pub const DEADLINE: u16 = 3;
    pub const STATUS: u16 = 4;
    pub const PROGRESS: u16 = 5;
    pub const THIS_WEEK: u16 = 6;
    pub const PROBLEMS: u16 = 7;
    pub const NEXT: u16 = 8;
    /// Hidden: the sheet's identity in the title row, each task's state at issue in its row.
    pub const IDENTITY: u16 = 9;
    pub const COUNT: u16 = 10;
}

/// Row of the column headers (0-based); tasks follow it. Above it: title and instructions.
pub const HEADER_ROW: u32 = 2;

/// How the identity cell starts; a later layout would change the version after it.
pub const MARK: &str = "tracker-return-sheet";
const VERSION: &str = "1";

/// Which ledger, week and unit a sheet was issued for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The ledger's random id (`meta.ledger_id`).
    pub ledger: String,
    /// ISO week, `2026-W48`.
    pub week: String,
    pub unit: String,
}

impl Identity {
    /// `tracker-return-sheet|1|LEDGER|WEEK|UNIT` (the unit last: it is the only part that may
    /// hold any character).
    pub fn encode(&self) -> String {
        format!(
            "{MARK}|{VERSION}|{}|{}|{}",
            self.ledger, self.week, self.unit
        )
    }

    pub fn decode(s: &str) -> Option<Identity> {
        let mut parts = s.trim().splitn(5, '|');
        if parts.next()? != MARK || parts.next()? != VERSION {
            return None;
        }
        let ledger = parts.next()?.to_string();
        let week = parts.next()?.to_string();
        let unit = parts.next()?.to_string();
        (!ledger.is_empty() && !week.is_empty() && !unit.is_empty()).then_some(Identity {
            ledger,
            week,
            unit,
        })
    }
}

/// A task as it stood when its sheet was issued: what `collect` compares the ledger with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issued {
    pub id: TaskId,
    pub status: Status,
    pub progress: u8,
}

impl Issued {
    /// `1.4|in-progress|40`.
    pub fn encode(&self) -> String {
        format!("{}|{}|{}", self.id, self.status.name(), self.progress)
    }

    pub fn decode(s: &str) -> Option<Issued> {
        let mut parts = s.trim().split('|');
        let id = parts.next()?.parse().ok()?;
        let status = parts.next()?.parse().ok()?;
        let progress = parts.next()?.parse().ok().filter(|p| *p <= 100)?;
        parts.next().is_none().then_some(Issued {
            id,
            status,
            progress,
        })
    }
}

/// The labels of the three parts of a unit's answer, in the note they become.
pub const PARTS: [&str; 3] = ["本周进展", "存在问题", "下步打算"];

/// The one progress note a task's three answers become: `【本周进展】… 【存在问题】…
/// 【下步打算】…`, the empty ones left out; `None` when all are empty. The lines of a
/// multi-line answer (Alt+Enter in a cell) are kept, each trimmed, blank ones dropped; then
/// every part starts a line of its own, so `show` and the report show the parts as written.
pub fn answer_note(parts: [&str; 3]) -> Option<String> {
    let shown: Vec<String> = PARTS
        .iter()
        .zip(parts)
        .map(|(label, text)| (label, lines(text)))
        .filter(|(_, text)| !text.is_empty())
        .map(|(label, text)| format!("【{label}】{text}"))
        .collect();
    let sep = if shown.iter().any(|p| p.contains('\n')) {
        "\n"
    } else {
        " "
    };
    (!shown.is_empty()).then(|| shown.join(sep))
}

/// The note a collected task gets: its answers, then where they came from (on a line of its
/// own when the answers have several).
pub fn sourced_note(answers: Option<&str>, file: &str, hash: &str) -> String {
    let source = format!("【来源】{file} SHA-256 {hash}");
    match answers {
        Some(n) if n.contains('\n') => format!("{n}\n{source}"),
        Some(n) => format!("{n} {source}"),
        None => source,
    }
}

/// How many hex digits of a source's SHA-256 the report and the workbooks show: enough to
/// tell two files apart by eye (as `git log --oneline` does with 7); the full hash stays in
/// the note (`show`, `history`, the export).
pub const SHORT_HASH: usize = 8;

/// A collected note as the weekly report and the workbooks show it: each source line's
/// 64-digit SHA-256 (`【来源】FILE SHA-256 HASH`, see [`sourced_note`]) cut to its first
/// [`SHORT_HASH`] digits, which keeps the file name and fits the line in a cell. Any other
/// text is returned as it is.
pub fn brief_source(note: &str) -> Cow<'_, str> {
    const MARK: &str = " SHA-256 ";
    if !note.contains("【来源】") {
        return Cow::Borrowed(note);
    }
    let mut out = String::with_capacity(note.len());
    let mut rest = note;
    while let Some(at) = rest.find("【来源】") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        // The source runs to its line's end; its hash is the last SHA-256 on that line.
        let end = from.find('\n').unwrap_or(from.len());
        let line = &from[..end];
        match line.rfind(MARK) {
            Some(h)
                if line.len() - (h + MARK.len()) == 64
                    && line[h + MARK.len()..]
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit()) =>
            {
                out.push_str(&line[..h + MARK.len() + SHORT_HASH]);
            }
            _ => out.push_str(line),
        }
        rest = &from[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A cell's text as lines: CRLF and CR as LF, each line trimmed, blank lines left out.
fn lines(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

pub use crate::file_names::{UNIT_NAME_BYTES, file_names, unit_file_names};

/// A cell's name as a spreadsheet shows it: `F7` for (row 6, column 5), 0-based.
pub fn cell_name(row: u32, col: u16) -> String {
    let mut letters = Vec::new();
    let mut n = u32::from(col) + 1;
    while n > 0 {
        let r = (n - 1) % 26;
        letters.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        row + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_round_trips_any_unit_name() {
        for unit in ["组织科", "a|b", "人社局 (二处)", "x"] {
            let id = Identity {
                ledger: "0123abcd".into(),
                week: "2026-W48".into(),
                unit: unit.into(),
            };
            assert_eq!(Identity::decode(&id.encode()), Some(id));
        }
        assert_eq!(Identity::decode("tracker-return-sheet|2|a|b|c"), None);
        assert_eq!(Identity::decode("hello"), None);
    }

    #[test]
    fn issued_state_round_trips() {
        let i = Issued {
            id: "2.10".parse().unwrap(),
            status: Status::Blocked,
            progress: 35,
        };
        assert_eq!(Issued::decode(&i.encode()), Some(i));
        assert_eq!(Issued::decode("1.4|done|101"), None);
        assert_eq!(Issued::decode("1.4|done|1|x"), None);
    }

    #[test]
    fn cells_are_named_like_a_spreadsheet() {
        assert_eq!(cell_name(6, 5), "F7");
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(0, 26), "AA1");
    }

    #[test]
    fn answers_become_one_labelled_note_keeping_their_lines() {
        assert_eq!(answer_note(["", " ", ""]), None);
        assert_eq!(
            answer_note(["已完成初稿", "", "报审 定稿"]).unwrap(),
            "【本周进展】已完成初稿 【下步打算】报审 定稿"
        );
        assert_eq!(
            answer_note(["一、调研\r\n\r\n 二、起草 ", "", "报审"]).unwrap(),
            "【本周进展】一、调研\n二、起草\n【下步打算】报审"
        );
        assert_eq!(
            sourced_note(None, "a.xlsx", "00"),
            "【来源】a.xlsx SHA-256 00"
        );
        assert_eq!(
            sourced_note(Some("【本周进展】甲\n乙"), "a.xlsx", "00"),
            "【本周进展】甲\n乙\n【来源】a.xlsx SHA-256 00"
        );
    }

    #[test]
    fn source_lines_show_a_short_hash_and_keep_the_rest() {
        let h = "0123456789abcdef".repeat(4);
        let note = sourced_note(Some("【本周进展】甲"), "组织科-2026-W48.xlsx", &h);
        assert_eq!(
            brief_source(&note),
            "【本周进展】甲 【来源】组织科-2026-W48.xlsx SHA-256 01234567"
        );
        let two = sourced_note(Some("甲\n乙"), "a b.xlsx", &h);
        assert_eq!(
            brief_source(&two),
            "甲\n乙\n【来源】a b.xlsx SHA-256 01234567"
        );
        // Not a source line as collect writes it: left alone.
        for other in ["【来源】a.xlsx SHA-256 0123", "进展 SHA-256 ab", "普通备注"] {
            assert_eq!(brief_source(other), other);
        }
    }
}
