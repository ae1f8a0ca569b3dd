//! The numbers of the documents the office issues: each docx 通报 gets the next issue number
//! (第N期). Kept in `meta`, so an export carries them and no schema step is needed:
//! `tongbao_last` the latest number given, `tongbao_<period>` the number a period got (a
//! re-issue of the same period reuses it).

use anyhow::{Context, Result};
use rusqlite::OptionalExtension;

use super::{Store, friendly};

/// The number the 通报 for `period` has (`true`: issued before) or would get next: the one
/// the period got, else the next after the latest given, else `first`.
fn number_in(conn: &rusqlite::Connection, period: &str, first: u32) -> Result<(u32, bool)> {
    let read = |k: &str| -> Result<Option<u32>> {
        let v: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
            .optional()
            .context("reading the 通报's issue numbers")?;
        Ok(v.and_then(|v| v.parse().ok()))
    };
    if let Some(n) = read(&format!("tongbao_{period}"))? {
        return Ok((n, true));
    }
    let n = match read("tongbao_last")? {
        Some(last) => last.saturating_add(1).max(first),
        None => first,
    };
    Ok((n, false))
}

impl Store {
    /// The number the 通报 for `period` has, or would get if issued now, without taking it
    /// (a draft, `report --format docx --draft`).
    pub fn tongbao_number(&self, period: &str, first: u32) -> Result<u32> {
        Ok(number_in(&self.conn, period, first)?.0)
    }

    /// Issues the 通报 for `period` (such as `2026_w48`, lowercase letters, digits and _):
    /// `write` gets its number (第N期), the one the period got before, else the next after the
    /// latest given, else `first` (config `first_issue`), and writes the document. The number
    /// is recorded only when `write` succeeds, in the same transaction that chose it, so a
    /// document that could not be written leaves the ledger as it was and two issues at once
    /// never share a number.
    pub fn issue_tongbao(
        &mut self,
        period: &str,
        first: u32,
        write: impl FnOnce(u32) -> Result<()>,
    ) -> Result<u32> {
        let path = self.path.clone();
        let key = format!("tongbao_{period}");
        let tx = self.write()?;
        let (n, known) = number_in(&tx, period, first)?;
        if known {
            drop(tx);
            write(n)?;
            return Ok(n);
        }
        write(n)?;
        for (k, v) in [(key.as_str(), n), ("tongbao_last", n)] {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                rusqlite::params![k, v.to_string()],
            )
            .context("recording the 通报's issue number")?;
        }
        tx.commit().map_err(|e| friendly(e.into(), &path))?;
        Ok(n)
    }
}
