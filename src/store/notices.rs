//! The numbers of the documents the office issues: each docx 通报 gets the next issue number
//! (第N期). Kept in `meta`, so an export carries them and no schema step is needed:
//! `tongbao_last` the latest number given, `tongbao_<period>` the number a period got (a
//! re-issue of the same period reuses it). And the 督办通知单 (issue 17 §3): table `notices`,
//! numbered per year, each recorded as a `notice` event on every task it lists.

use anyhow::{Context, Result};

use super::batch::{Planned, record_all};
use super::db::{Db, args};
use super::record::next_change_id;
use super::{Stamp, Store, friendly};
use crate::dump::DumpNotice;
use crate::model::{NoticeRef, TaskId, ymd};
use crate::report::reminders::{Sent, UndoLink};
use crate::task::{Field, FieldChange};

/// A notice about to be issued to a unit: the tasks it lists (as lead, then as support).
#[derive(Debug, Clone)]
pub struct NoticeToIssue {
    pub unit: String,
    pub tasks: Vec<TaskId>,
}

/// The number the next notice of `year` gets: one past the highest ever given that year, so a
/// withdrawn notice's number is never given again. The history is asked too: every notice is
/// an event on its tasks, and a ledger restored from an export that predates the `notices`
/// table still holds those events, so no serial in its history is given twice.
fn next_number(conn: &Db<'_>, year: i32) -> Result<u32> {
    let table: u32 = conn
        .value(
            "SELECT COALESCE(MAX(number), 0) FROM notices WHERE year = ?1",
            args![year],
        )
        .context("numbering the notice")?;
    let mut highest = table;
    let texts = conn
        .query(
            "SELECT DISTINCT COALESCE(new, old) FROM events WHERE field = 'notice'",
            &[],
        )
        .context("numbering the notice")?;
    for text in texts {
        if let Some(n) = text
            .get::<Option<String>>(0)?
            .and_then(|t| t.parse::<NoticeRef>().ok())
            && n.year == year
        {
            highest = highest.max(n.number);
        }
    }
    highest
        .checked_add(1)
        .ok_or_else(|| anyhow::anyhow!("no serial left for {year}"))
}

/// The number the 通报 for `period` has (`true`: issued before) or would get next: the one
/// the period got, else the next after the latest given, else `first`.
fn number_in(conn: &Db<'_>, period: &str, first: u32) -> Result<(u32, bool)> {
    let read = |k: &str| -> Result<Option<u32>> {
        let v: Option<String> = conn
            .query_opt("SELECT value FROM meta WHERE key = ?1", args![k])
            .context("reading the 通报's issue numbers")?
            .map(|r| r.get(0))
            .transpose()?;
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
        Ok(number_in(&self.db(), period, first)?.0)
    }

    /// Issues the 通报 for `period` (such as `2026_w48`, lowercase letters, digits and _):
    /// `write` gets its number (第N期), the one the period got before, else the next after the
    /// latest given, else `first` (config `first_issue`), and writes the document. The number
    /// is recorded only when `write` succeeds, in the same transaction that chose it, so a
    /// document that could not be written leaves the ledger as it was and two issues at once
    /// never share a number. A period already numbered is only read (no ledger lock).
    pub fn issue_tongbao(
        &mut self,
        period: &str,
        first: u32,
        write: impl FnOnce(u32) -> Result<()>,
    ) -> Result<u32> {
        // A week already numbered is a read: no lock, and a role that may only read the
        // ledger can print it again (18k #2).
        let (n, known) = number_in(&self.db(), period, first)?;
        if known {
            write(n)?;
            return Ok(n);
        }
        let path = self.path.clone();
        let key = format!("tongbao_{period}");
        let tx = self.write()?;
        let db = tx.db();
        // Numbered meanwhile by another session: its number.
        let (n, known) = number_in(&db, period, first)?;
        if known {
            drop(tx);
            write(n)?;
            return Ok(n);
        }
        write(n)?;
        for (k, v) in [(key.as_str(), n), ("tongbao_last", n)] {
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                args![k, v.to_string()],
            )
            .context("recording the 通报's issue number")?;
        }
        tx.commit().map_err(|e| friendly(e, &path))?;
        Ok(n)
    }
}

/// The refs `notices` get when issued on `day` (local `YYYY-MM-DD`) with `reply_by`, and
/// whether each is one already issued. The one rule for a notice written again (issue 17,
/// finding 11): a notice to the same unit, listing the same tasks, with the same reply-by
/// date, issued the same day and not withdrawn (its change not taken back by `undo`) is the
/// same notice, in whatever format it is written: it keeps its serial and is not recorded
/// again, so it is not another 催办. Any other gets the next free number of `year`, in order.
fn plan_refs(
    conn: &Db<'_>,
    year: i32,
    reply_by: chrono::NaiveDate,
    day: &str,
    notices: &[NoticeToIssue],
) -> Result<(Vec<NoticeRef>, Vec<bool>)> {
    let mut next = next_number(conn, year)?;
    let standing = issued_today(conn, year, reply_by, day)?;
    let (mut refs, mut again) = (Vec::new(), Vec::new());
    for n in notices {
        let mut want: Vec<TaskId> = n.tasks.clone();
        want.sort_unstable();
        // The latest standing notice to the unit listing exactly these tasks.
        let before = standing
            .iter()
            .find(|s| s.unit == n.unit && s.tasks == want)
            .map(|s| s.number);
        let number = match before {
            Some(number) => {
                again.push(true);
                number
            }
            None => {
                again.push(false);
                next += 1;
                next - 1
            }
        };
        refs.push(NoticeRef {
            year,
            number,
            reply_by,
        });
    }
    Ok((refs, again))
}

/// A standing notice (see `plan_refs`): its number, unit and the tasks it listed, sorted.
struct Standing {
    number: u32,
    unit: String,
    tasks: Vec<TaskId>,
}

/// The standing notices of `year` asking for a reply by `reply_by`, issued on `day`, highest
/// number first, each with the tasks its events list: two statements whatever the number of
/// notices (one when there are none), rather than a read per notice and per match.
fn issued_today(
    conn: &Db<'_>,
    year: i32,
    reply_by: chrono::NaiveDate,
    day: &str,
) -> Result<Vec<Standing>> {
    let sql = format!(
        "SELECT number, unit, change_id FROM notices WHERE year = ?1 AND reply_by = ?2 \
           AND substr(at, 1, 10) = ?3 AND change_id NOT IN {} \
         ORDER BY number DESC",
        super::read::TAKEN_BACK
    );
    let found = conn
        .query(&sql, args![year, ymd(reply_by), day])
        .context("looking for the same notice issued today")?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    // Every notice event of those changes: (change, the notice's text) -> its tasks.
    let mut listed: std::collections::HashMap<(i64, String), Vec<TaskId>> =
        std::collections::HashMap::new();
    for r in conn
        .query(
            "SELECT e.change_id, e.new, t.recommendation, t.item FROM events e \
             JOIN tasks t ON t.id = e.task_id \
             WHERE e.field = 'notice' AND e.change_id IN (SELECT change_id FROM notices \
               WHERE year = ?1 AND reply_by = ?2 AND substr(at, 1, 10) = ?3)",
            args![year, ymd(reply_by), day],
        )
        .context("reading the tasks a notice listed")?
        .iter()
    {
        let new: Option<String> = r.get(1)?;
        listed
            .entry((r.get(0)?, new.unwrap_or_default()))
            .or_default()
            .push(TaskId::new(r.get(2)?, r.get(3)?));
    }
    let mut standing = Vec::new();
    for row in found.iter() {
        let (number, unit, change): (i64, String, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let Ok(number) = u32::try_from(number) else {
            continue;
        };
        let text = NoticeRef {
            year,
            number,
            reply_by,
        }
        .to_string();
        let mut tasks = listed.remove(&(change, text)).unwrap_or_default();
        tasks.sort_unstable();
        standing.push(Standing {
            number,
            unit,
            tasks,
        });
    }
    Ok(standing)
}

impl Store {
    /// The refs `notices` would get if issued now, on `day` (for `--dry-run`; another writer
    /// may take the new numbers first), and which of them are notices already issued
    /// (`plan_refs`).
    pub fn plan_notices(
        &self,
        year: i32,
        reply_by: chrono::NaiveDate,
        day: &str,
        notices: &[NoticeToIssue],
    ) -> Result<(Vec<NoticeRef>, Vec<bool>)> {
        plan_refs(&self.db(), year, reply_by, day, notices)
    }

    /// Issues `notices`, dated `stamp`, asking for a reply by `reply_by`: numbers them in
    /// `year` (consecutive, after the highest ever given), calls `write` with their refs in
    /// the same order (it makes the files, not yet in place), and records each as a `notice`
    /// event on every task it lists and a row of `notices`, all as ONE change, so `undo`
    /// takes the whole run back. Nothing is recorded if `write` fails; the numbers are chosen
    /// inside the write transaction, so two runs at once never share one. A notice already
    /// issued (`plan_refs`: the same unit, tasks and reply-by date, the same day) keeps its
    /// serial and is not recorded again; the second value says which were.
    pub fn issue_notices<T>(
        &mut self,
        year: i32,
        reply_by: chrono::NaiveDate,
        notices: &[NoticeToIssue],
        stamp: &Stamp,
        write: impl FnOnce(&[NoticeRef]) -> Result<T> + Send,
    ) -> Result<(T, Vec<bool>)>
    where
        T: Send,
    {
        let path = self.path.clone();
        // Every unit's notice writes an event per task it lists (13,000 for 50 units of a
        // 10,000-task ledger) into the seven indexes of `events` at scattered places: with the
        // 256 KiB cache every command opens with, dirty pages spilled to the log mid-transaction
        // and were read back (130,000 reads, 34,000 writes). As for an import, the cache grows
        // only as the transaction fills it.
        // (A server sizes its own buffers.)
        if let super::Backend::Sqlite { conn, .. } = &self.backend {
            conn.pragma_update(None, "cache_size", -32768)
                .context("sizing the cache for the notices")?;
        }
        let (tx, stamp) = self.write_stamped(stamp)?;
        let stamp = &stamp;
        let db = tx.db();
        let day = stamp.at.get(..10).unwrap_or_default();
        let (refs, again) = plan_refs(&db, year, reply_by, day, notices)?;
        // The files are made while the notices are recorded (the two are independent, and
        // each is half of a large run); nothing is committed unless both succeed, and a
        // failure to make the files is the one reported, as when they were made first.
        let (made, recorded) = std::thread::scope(|s| {
            let making = s.spawn(|| write(&refs));
            let recorded = (|| -> Result<()> {
                let change = next_change_id(&db)?;
                let issued: Vec<(&NoticeToIssue, &NoticeRef)> = (notices.iter().zip(&refs))
                    .zip(&again)
                    .filter(|(_, a)| !**a)
                    .map(|(pair, _)| pair)
                    .collect();
                record_notices(&db, change, &issued, stamp)
            })();
            let made = making
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (made, recorded)
        });
        let made = made?;
        recorded?;
        tx.commit().map_err(|e| friendly(e, &path))?;
        Ok((made, again))
    }

    /// Every notice issued, by year and number (the export's `notices`).
    pub fn notices(&self) -> Result<Vec<DumpNotice>> {
        self.db()
            .query(
                "SELECT year, number, unit, reply_by, tasks, change_id, actor, at \
                 FROM notices ORDER BY year, number",
                &[],
            )
            .context("reading the notices issued")?
            .iter()
            .map(|r| {
                Ok(DumpNotice {
                    year: r.get(0)?,
                    number: r.get(1)?,
                    unit: r.get(2)?,
                    reply_by: r.get(3)?,
                    tasks: r.get(4)?,
                    change: r.get(5)?,
                    actor: r.get(6)?,
                    at: r.get(7)?,
                })
            })
            .collect()
    }
}

/// Records `issued` as change `change`: a `notice` event on every task each lists (the
/// notices in their order, each one's tasks in theirs), through `batch::record_all`, so that
/// on a server the whole run is a few statements however many tasks it lists; then a row of
/// `notices` each (one statement on a server).
fn record_notices(
    tx: &Db<'_>,
    change: i64,
    issued: &[(&NoticeToIssue, &NoticeRef)],
    stamp: &Stamp,
) -> Result<()> {
    let planned: Vec<Planned> = issued
        .iter()
        .flat_map(|(n, r)| {
            let text = r.to_string();
            n.tasks.iter().map(move |&id| {
                let c = FieldChange::new(Field::Notice, None, Some(text.clone()));
                Planned::without_units(id, vec![c])
            })
        })
        .collect();
    record_all(tx, change, &planned, stamp, None)?;
    let row = |(n, r): &(&NoticeToIssue, &NoticeRef)| {
        (
            r.year,
            r.number,
            n.unit.clone(),
            ymd(r.reply_by),
            n.tasks.len() as i64,
        )
    };
    match tx {
        Db::Sqlite(_) => {
            for notice in issued {
                let (year, number, unit, reply_by, tasks) = row(notice);
                tx.execute(
                    "INSERT INTO notices (year, number, unit, reply_by, tasks, change_id, actor, at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    args![year, number, unit, reply_by, tasks, change, &stamp.actor, &stamp.at],
                )
                .context("recording the notice")?;
            }
        }
        Db::Pg(_) => {
            if issued.is_empty() {
                return Ok(());
            }
            let rows: Vec<serde_json::Value> = issued
                .iter()
                .map(|notice| {
                    let (year, number, unit, reply_by, tasks) = row(notice);
                    serde_json::json!({"year": year, "number": number, "unit": unit,
                        "reply_by": reply_by, "tasks": tasks})
                })
                .collect();
            tx.execute(
                "INSERT INTO notices (year, number, unit, reply_by, tasks, change_id, actor, at) \
                 SELECT x.year, x.number, x.unit, x.reply_by, x.tasks, ?2, ?3, ?4 \
                 FROM jsonb_to_recordset(CAST(?1 AS text)::jsonb) \
                   AS x(year bigint, number bigint, unit text, reply_by text, tasks bigint)",
                args![
                    serde_json::Value::Array(rows).to_string(),
                    change,
                    &stamp.actor,
                    &stamp.at
                ],
            )
            .context("recording the notices")?;
        }
    }
    Ok(())
}

impl Store {
    /// What 催办次数 is counted from (`report::reminders`): every notice recorded (its unit,
    /// change and local day of issue) and every undo link (the undo's change, the change it
    /// takes back, its local day), so a report can judge withdrawals as of its own end.
    pub fn notices_sent(&self) -> Result<(Vec<Sent>, Vec<UndoLink>)> {
        let day = |t: String| {
            crate::model::parse_ymd(t.get(..10).unwrap_or_default())
                .ok_or_else(|| anyhow::anyhow!("a recorded time is not a date: {t}"))
        };
        type Row = (String, i64, String, i32, u32, String);
        let rows = self
            .db()
            .query(
                "SELECT unit, change_id, at, year, number, reply_by FROM notices ORDER BY change_id",
                &[],
            )
            .context("reading the notices issued")?
            .iter()
            .map(|r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .collect::<Result<Vec<Row>>>()?;
        let sent = rows
            .into_iter()
            .map(|(unit, change, at, year, number, reply_by)| {
                let notice = NoticeRef {
                    year,
                    number,
                    reply_by: day(reply_by)?,
                };
                Ok(Sent {
                    unit,
                    change,
                    day: day(at)?,
                    notice,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((sent, self.undo_links()?))
    }
}
