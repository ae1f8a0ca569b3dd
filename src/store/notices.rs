//! The numbers of the documents the office issues: each docx 通报 gets the next issue number
//! (第N期). Kept in `meta`, so an export carries them and no schema step is needed:
//! `tongbao_last` the latest number given, `tongbao_<period>` the number a period got (a
//! re-issue of the same period reuses it).

use anyhow::{Context, Result};
use rusqlite::OptionalExtension;

use super::{Store, friendly};

impl Store {
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
        let read = |k: &str| -> Result<Option<u32>> {
            let v: Option<String> = tx
                .query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
                .optional()
                .context("reading the 通报's issue numbers")?;
            Ok(v.and_then(|v| v.parse().ok()))
        };
        if let Some(n) = read(&key)? {
            drop(tx);
            write(n)?;
            return Ok(n);
        }
        let n = match read("tongbao_last")? {
            Some(last) => last.saturating_add(1).max(first),
            None => first,
        };
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
