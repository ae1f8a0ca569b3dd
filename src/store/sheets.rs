//! Return sheets: the ledger's identity, the sheets issued to units and the files collected
//! back (tables `sheets_issued` and `sheets_collected`), and applying a collected sheet.

use std::collections::HashMap;

use anyhow::{Context, Result, anyhow};

use super::db::{Db, args};
use super::read::{TAKEN_BACK, read_task};
use super::record::{next_change_id, record_changes};
use super::write::task_row;
use super::{Stamp, Store, friendly};
use crate::model::TaskId;
use crate::task::{FieldChange, Task};

/// A sheet issued to a unit for a week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedSheet {
    pub week: String,
    pub unit: String,
    /// The file name it was written as.
    pub file: String,
    pub tasks: usize,
}

/// A returned file, as `collect` records it.
#[derive(Debug, Clone)]
pub struct CollectedFile {
    /// SHA-256 of the file's bytes, lowercase hex.
    pub hash: String,
    pub file: String,
    pub week: String,
    pub unit: String,
}

/// A collected sheet to apply: the file, the tasks it answers (in sheet order) and its
/// stamp (the unit as actor).
#[derive(Debug, Clone)]
pub struct SheetToApply {
    pub file: CollectedFile,
    pub ids: Vec<TaskId>,
    pub stamp: Stamp,
}

/// What `plan` decides for one task of a collected sheet: the changes, and the note.
pub type SheetPlan = (Vec<FieldChange>, Option<String>);

impl Store {
    /// The ledger's identity (`meta.ledger_id`): 128 random bits in hex from SQLite's
    /// generator (seeded from the system's entropy), made on first use and kept for good;
    /// an export carries it, so a restored ledger accepts the sheets its original issued.
    pub fn ledger_id(&mut self) -> Result<String> {
        let path = self.path.clone();
        let tx = self.write()?;
        let db = tx.db();
        let sql = format!(
            "INSERT INTO meta (key, value) VALUES ('ledger_id', {}) ON CONFLICT (key) DO NOTHING",
            db.dialect().random_hex()
        );
        db.execute(&sql, &[])
            .context("making the ledger's identity")?;
        let id: String = db
            .value("SELECT value FROM meta WHERE key = 'ledger_id'", &[])
            .context("reading the ledger's identity")?;
        tx.commit().map_err(|e| friendly(e, &path))?;
        Ok(id)
    }

    /// The ledger's identity if it has one (no sheet issued yet: none).
    pub fn existing_ledger_id(&self) -> Result<Option<String>> {
        self.db()
            .query_opt("SELECT value FROM meta WHERE key = 'ledger_id'", &[])
            .context("reading the ledger's identity")?
            .map(|r| r.get(0))
            .transpose()
    }

    /// Every task's latest note and the local date it was written: (note, YYYY-MM-DD).
    pub fn latest_notes(&self) -> Result<HashMap<TaskId, (String, String)>> {
        // Each task's latest note event (its highest id). A note whose change was taken back
        // (a withdrawn note, an undone update) is not the latest progress; a withdrawal
        // carries its text as `old`, not as a note.
        let sql = format!(
            "SELECT t.recommendation, t.item, e.note, substr(e.at, 1, 10) \
             FROM events e JOIN tasks t ON t.id = e.task_id \
             WHERE e.id IN (SELECT max(e.id) FROM events e \
               WHERE e.note IS NOT NULL AND e.field != 'created' \
               AND e.change_id NOT IN {TAKEN_BACK} \
               GROUP BY e.task_id)"
        );
        self.db()
            .query(&sql, &[])
            .context("reading the latest notes")?
            .iter()
            .map(|r| {
                Ok((
                    TaskId::new(r.get(0)?, r.get(1)?),
                    (r.get::<String>(2)?, r.get::<String>(3)?),
                ))
            })
            .collect()
    }

    /// Records the sheets written for a week (a sheet issued again replaces the record).
    pub fn record_issued(&mut self, sheets: &[IssuedSheet], stamp: &Stamp) -> Result<()> {
        let path = self.path.clone();
        let tx = self.write()?;
        let db = tx.db();
        for s in sheets {
            db.execute(
                "INSERT INTO sheets_issued (week, unit, file, tasks, actor, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT (week, unit) DO UPDATE SET file = excluded.file, \
                 tasks = excluded.tasks, actor = excluded.actor, at = excluded.at",
                args![
                    &s.week,
                    &s.unit,
                    &s.file,
                    s.tasks as i64,
                    &stamp.actor,
                    &stamp.at
                ],
            )
            .context("recording an issued sheet")?;
        }
        tx.commit().map_err(|e| friendly(e, &path))
    }

    /// When a file with this SHA-256 was collected, and under which name: (file, at); a
    /// file whose collection was undone is not collected.
    pub fn collected(&self, hash: &str) -> Result<Option<(String, String)>> {
        self.db()
            .query_opt(
                "SELECT file, at FROM sheets_collected WHERE hash = ?1 AND released IS NULL",
                args![hash],
            )
            .context("looking up collected files")?
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .transpose()
    }

    /// The sheets issued for `week` that no collected file answered, by unit.
    pub fn missing_sheets(&self, week: &str) -> Result<Vec<IssuedSheet>> {
        self.db()
            .query(
                "SELECT week, unit, file, tasks FROM sheets_issued i WHERE week = ?1 AND NOT EXISTS \
                 (SELECT 1 FROM sheets_collected c WHERE c.week = i.week AND c.unit = i.unit \
                 AND c.released IS NULL) \
                 ORDER BY unit",
                args![week],
            )
            .context("reading the issued sheets")?
            .iter()
            .map(|r| {
                Ok(IssuedSheet {
                    week: r.get(0)?,
                    unit: r.get(1)?,
                    file: r.get(2)?,
                    tasks: r.get(3)?,
                })
            })
            .collect()
    }

    /// Whether a sheet was issued to `unit` for `week` (ISO week, `2026-W48`).
    pub fn was_issued(&self, week: &str, unit: &str) -> Result<bool> {
        Ok(self
            .db()
            .query_opt(
                "SELECT 1 FROM sheets_issued WHERE week = ?1 AND unit = ?2",
                args![week, unit],
            )
            .context("reading the issued sheets")?
            .is_some())
    }

    /// How many sheets were issued for `week`.
    pub fn issued_count(&self, week: &str) -> Result<usize> {
        let n: i64 = self
            .db()
            .value(
                "SELECT count(*) FROM sheets_issued WHERE week = ?1",
                args![week],
            )
            .context("reading the issued sheets")?;
        Ok(n as usize)
    }

    /// Applies collected sheets in one transaction, all or none: for each sheet, `plan` sees
    /// each of its tasks as it is under the write lock (after the sheets before it) and
    /// returns its changes and note, or refuses, and then nothing is written. Each sheet is
    /// recorded as one change by its `stamp` (so one `undo` takes one sheet back) and
    /// remembered by its hash, with the change and who ran the collect (`collector`, whose
    /// `undo` may take it back too).
    /// Returns, per sheet, the tasks changed with what changed.
    ///
    /// With `dry_run` everything is written and checked (the time-order rule included) and
    /// then rolled back, so `collect --dry-run` refuses exactly what `collect` would.
    pub fn apply_sheets(
        &mut self,
        sheets: &[SheetToApply],
        collector: &str,
        dry_run: bool,
        mut plan: impl FnMut(usize, &Task) -> Result<SheetPlan>,
    ) -> Result<Vec<Vec<(TaskId, SheetPlan)>>> {
        let path = self.path.clone();
        let (tx, now) = self.begin_write()?;
        let db = tx.db();
        let mut all = Vec::new();
        for (i, sheet) in sheets.iter().enumerate() {
            let file = &sheet.file;
            let stamp = &sheet.stamp.entered_at(now);
            let mut done = Vec::new();
            let mut change = None;
            for &id in &sheet.ids {
                let task = read_task(&db, id)?.ok_or_else(|| {
                    anyhow!(crate::msg!(
                        "{}: task {id} is no longer in the ledger",
                        "{}：台账中已没有任务 {id}",
                        file.file
                    ))
                })?;
                let (changes, note) = plan(i, &task)?;
                if changes.is_empty() && note.is_none() {
                    continue;
                }
                let row = task_row(&db, id)?;
                let change = match change {
                    Some(c) => c,
                    None => *change.insert(next_change_id(&db)?),
                };
                record_changes(&db, change, (id, row), &changes, None, stamp, None)?;
                // The answers as a note event of their own, not riding on the status change:
                // an undo withdraws a note event (kept in the history, out of reports).
                if note.is_some() {
                    record_changes(&db, change, (id, row), &[], note.as_deref(), stamp, None)?;
                }
                done.push((id, (changes, note)));
            }
            // A file collected before and released by an undo is collected again.
            db.execute(
                "INSERT INTO sheets_collected (hash, week, unit, file, actor, at, change_id, collector, released) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL) \
                 ON CONFLICT (hash) DO UPDATE SET week = excluded.week, unit = excluded.unit, \
                 file = excluded.file, actor = excluded.actor, at = excluded.at, \
                 change_id = excluded.change_id, collector = excluded.collector, released = NULL",
                args![
                    &file.hash,
                    &file.week,
                    &file.unit,
                    &file.file,
                    &stamp.actor,
                    &stamp.at,
                    change,
                    collector
                ],
            )
            .context("remembering the collected file")?;
            all.push(done);
        }
        if dry_run {
            // Dropping the transaction rolls it back.
            return Ok(all);
        }
        tx.commit().map_err(|e| friendly(e, &path))?;
        Ok(all)
    }
}

/// After `undone` was taken back by the change `undo`, inside its transaction: a sheet that
/// `undone` collected is released (it may be collected again and counts as not returned), and
/// a sheet released by `undone` (an undo, now undone: a redo) counts as collected again.
pub(super) fn after_undo(tx: &Db<'_>, undone: i64, undo: i64) -> Result<()> {
    tx.execute(
        "UPDATE sheets_collected SET released = ?2 WHERE change_id = ?1 AND released IS NULL",
        args![undone, undo],
    )
    .context("releasing a collected sheet")?;
    tx.execute(
        "UPDATE sheets_collected SET released = NULL WHERE released = ?1",
        args![undone],
    )
    .context("collecting a sheet again")?;
    Ok(())
}
