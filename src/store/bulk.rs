//! Whole-ledger reads and writes: export to a `Dump`, bulk loads into an empty ledger
//! (`restore`, in `restore.rs`, and `dev synth`), and online backups.

use anyhow::{Context, Result, bail};
use rusqlite::OptionalExtension;

use super::db::{Db, Row};
use super::loader::Loader;
use super::{Store, friendly};
use crate::dump::{
    DumpEvent, DumpImport, DumpRecommendation, DumpSheetCollected, DumpSheetIssued, DumpTask, Head,
};
use crate::model::TaskId;

impl Store {
    /// The ledger written to `w` in the export format (`dump::write`) as it is read, from one
    /// snapshot: what `export` prints, `copy` and a server's `backup` stream. Returns the
    /// tasks and events written.
    ///
    /// Errors: the store's reads; `w`'s writes.
    pub fn export_to(&mut self, w: &mut dyn std::io::Write) -> Result<(usize, usize)> {
        self.export_with(|head, tasks, events| crate::dump::write(w, head, tasks, events))
    }

    /// Everything in the ledger, read in one snapshot and handed to `f` as it is read: the
    /// small parts whole, the tasks (in id order) and the events (oldest first) as streams.
    pub fn export_with<T>(
        &mut self,
        f: impl FnOnce(
            Head,
            &mut dyn Iterator<Item = Result<DumpTask>>,
            &mut dyn Iterator<Item = Result<DumpEvent>>,
        ) -> Result<T>,
    ) -> Result<T> {
        self.snapshot(|s| {
            let db = s.db();
            let rows = |sql: &str, what: &str| -> Result<Vec<Row>> {
                db.query(sql, &[]).with_context(|| format!("reading {what}"))
            };
            let mut meta = std::collections::BTreeMap::new();
            for r in rows("SELECT key, value FROM meta ORDER BY key", "the settings")? {
                meta.insert(r.get(0)?, r.get(1)?);
            }
            let imports = rows(
                "SELECT hash, file, recommendations, actor, at FROM imports ORDER BY at, hash",
                "the imported reports",
            )?
            .iter()
            .map(|r| {
                Ok(DumpImport {
                    hash: r.get(0)?,
                    file: r.get(1)?,
                    recommendations: r.get(2)?,
                    actor: r.get(3)?,
                    at: r.get(4)?,
                })
            })
            .collect::<Result<_>>()?;
            let sheets_issued = rows(
                "SELECT week, unit, file, tasks, actor, at FROM sheets_issued ORDER BY week, unit",
                "the issued sheets",
            )?
            .iter()
            .map(|r| {
                Ok(DumpSheetIssued {
                    week: r.get(0)?,
                    unit: r.get(1)?,
                    file: r.get(2)?,
                    tasks: r.get::<i64>(3)?.max(0) as u64,
                    actor: r.get(4)?,
                    at: r.get(5)?,
                })
            })
            .collect::<Result<_>>()?;
            let sheets_collected = rows(
                "SELECT hash, week, unit, file, actor, at, change_id, collector, released \
                 FROM sheets_collected ORDER BY at, hash",
                "the collected sheets",
            )?
            .iter()
            .map(|r| {
                Ok(DumpSheetCollected {
                    hash: r.get(0)?,
                    week: r.get(1)?,
                    unit: r.get(2)?,
                    file: r.get(3)?,
                    actor: r.get(4)?,
                    at: r.get(5)?,
                    change_id: r.get(6)?,
                    collector: r.get(7)?,
                    released: r.get(8)?,
                })
            })
            .collect::<Result<_>>()?;
            let head = Head {
                meta,
                recommendations: s
                    .recommendations()?
                    .into_iter()
                    .map(|r| DumpRecommendation { number: r.number, headline: r.headline, text: r.text })
                    .collect(),
                units: s.units()?,
                imports,
                sheets_issued,
                sheets_collected,
                notices: s.notices()?,
            };
            // One row per task and unit, in id order, so a task's rows come together.
            let task_sql = "SELECT t.recommendation, t.item, t.title, t.text, t.deadline, t.status, t.progress, tu.role, u.name, tu.position \
                 FROM tasks t LEFT JOIN task_units tu ON tu.task_id = t.id LEFT JOIN units u ON u.id = tu.unit_id \
                 ORDER BY t.recommendation, t.item";
            let event_sql = "SELECT e.change_id, t.recommendation, t.item, e.field, e.old, e.new, e.note, e.actor, e.at, \
                 e.entered, e.undoes, e.position FROM events e JOIN tasks t ON t.id = e.task_id ORDER BY e.id";
            match db {
                // A file's tasks and history streamed, never held whole.
                Db::Sqlite(conn) => {
                    let mut task_stmt = conn.prepare(task_sql)?;
                    let mut tasks = TaskStream {
                        rows: Box::new(
                            task_stmt
                                .query_map([], super::db::row_of_lite)?
                                .map(|r| r.map_err(anyhow::Error::from)),
                        ),
                        current: None,
                        done: false,
                    };
                    let mut event_stmt = conn.prepare(event_sql)?;
                    let mut events = event_stmt
                        .query_map([], super::db::row_of_lite)?
                        .map(|r| dump_event(&r?).context("reading the history"));
                    f(head, &mut tasks, &mut events)
                }
                // The tasks read whole (a few rows each), then the history streamed as the
                // server sends it: a million events are never all in memory as rows.
                Db::Pg(pg) => {
                    let mut tasks = TaskStream {
                        rows: Box::new(rows(task_sql, "tasks")?.into_iter().map(Ok)),
                        current: None,
                        done: false,
                    };
                    pg.stream(event_sql, |rows| {
                        let mut events = rows.map(|r| {
                            r.and_then(|r| dump_event(&r))
                                .context("reading the history")
                        });
                        f(head, &mut tasks, &mut events)
                    })
                }
            }
        })
    }

    /// Fills a ledger that holds no plan yet with `crate::synth`'s data (`dev synth`, and
    /// tests at scale), in one bulk load. Returns how many events it wrote.
    pub fn synth(
        &mut self,
        tasks: u32,
        events_per_task: u32,
        seed: u64,
        today: chrono::NaiveDate,
    ) -> Result<u64> {
        use crate::synth::{Item, generate};
        let mut events = 0;
        self.bulk(|l| {
            generate(
                tasks,
                events_per_task,
                seed,
                today,
                &mut |item| match item {
                    Item::Meta(k, v) => l.meta(k, &v),
                    Item::Recommendation(r) => l.recommendation(&r),
                    Item::Task(t) => l.task(&t),
                    Item::Event(e) => {
                        events += 1;
                        l.event(&e)
                    }
                },
            )
        })?;
        Ok(events)
    }

    /// Fills a ledger that holds no plan yet through `f`, in one transaction: all or nothing.
    pub fn bulk(&mut self, f: impl FnOnce(&mut Loader<'_>) -> Result<()>) -> Result<()> {
        // The indexes are built after the rows, so the load appends pages and needs little
        // cache; 4 MiB (which also bounds the sorter's memory per thread) measured as fast as
        // 16 or 64 MiB and keeps a 100,000-task restore under 25 MB.
        self.check_writable()?;
        // Refused before any setting below is changed: switching the journal mode rewrites
        // the file's header, and a refused load leaves a used ledger byte for byte as it was.
        // (Checked again inside the write transaction, against a writer in between.)
        self.refuse_used()?;
        // A server checks every row as it comes and has no pragmas to set.
        if !matches!(self.backend, super::Backend::Sqlite { .. }) {
            return self.bulk_unchecked(f);
        }
        self.conn()?.pragma_update(None, "cache_size", -4096)?;
        // Index builds sort with a helper thread.
        self.conn()?.pragma_update(None, "threads", 2)?;
        // Every reference is checked once at the end (`foreign_key_check`) rather than at each
        // of a million inserts; the setting only changes outside a transaction.
        // Likewise CHECK constraints: `quick_check` verifies every row against them before the
        // commit.
        self.conn()?.pragma_update(None, "foreign_keys", false)?;
        self.conn()?
            .pragma_update(None, "ignore_check_constraints", true)?;
        // The ledger is empty, so a rollback journal holds next to nothing and every page is
        // written once, into the file; in WAL mode each page is written to the log and then
        // copied into the file at the checkpoint. A rollback (or a crash) still leaves the
        // empty ledger. If another process has the ledger open the mode cannot change and the
        // load simply runs in WAL mode; every later open turns WAL on again.
        let _ = self
            .conn()?
            .query_row("PRAGMA journal_mode = TRUNCATE", [], |r| {
                r.get::<_, String>(0)
            });
        let result = self.bulk_unchecked(f);
        if let super::Backend::Sqlite { conn, journal } = &self.backend {
            let _ = super::open::set_journal(conn, journal);
        }
        self.conn()?
            .pragma_update(None, "ignore_check_constraints", false)?;
        self.conn()?.pragma_update(None, "foreign_keys", true)?;
        result
    }

    /// Refuses a ledger that already holds a plan (tasks or recommendations).
    fn refuse_used(&self) -> Result<()> {
        let used: i64 = self.db().value(
            "SELECT (SELECT count(*) FROM tasks) + (SELECT count(*) FROM recommendations)",
            &[],
        )?;
        if used > 0 {
            bail!(crate::msg!(
                "{} already holds a plan: use a new ledger (--db NEW.db)",
                "{} 中已有计划：请使用新台账（--db 新文件.db）",
                self.path.display()
            ));
        }
        Ok(())
    }

    fn bulk_unchecked(&mut self, f: impl FnOnce(&mut Loader<'_>) -> Result<()>) -> Result<()> {
        let path = self.path.clone();
        let tx = self.write()?;
        let db = tx.db();
        // What only a ledger file needs: its indexes set aside, its references and rules
        // checked at the end (a server checks each row as it comes).
        let file = match &db {
            Db::Sqlite(conn) => Some(*conn),
            Db::Pg(_) => None,
        };
        let used: i64 = db.value(
            "SELECT (SELECT count(*) FROM tasks) + (SELECT count(*) FROM recommendations)",
            &[],
        )?;
        if used > 0 {
            bail!(crate::msg!(
                "{} already holds a plan: use a new ledger (--db NEW.db)",
                "{} 中已有计划：请使用新台账（--db 新文件.db）",
                path.display()
            ));
        }
        // Building the indexes once at the end beats updating them a million times (unique
        // ones are checked when rebuilt, so a violation still fails the whole load).
        let indexes: Vec<(String, String)> = match file {
            Some(conn) => conn
                .prepare(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        for (name, _) in &indexes {
            db.batch(&format!("DROP INDEX \"{name}\""))?;
        }
        let mut loader = Loader::new(db)?;
        f(&mut loader)?;
        loader.finish()?;
        for (_, sql) in &indexes {
            db.batch(sql).context("rebuilding the indexes")?;
        }
        if let Some(conn) = file {
            let dangling: Option<String> = conn
                .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
                .optional()?;
            if let Some(table) = dangling {
                bail!("a row of {table} refers to something missing");
            }
        }
        // A collected sheet names the change that applied it and the undo that released it:
        // both must be changes of this history.
        let orphan: Option<String> = db
            .query_opt(
                "SELECT hash FROM sheets_collected s WHERE \
                 (s.change_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events e WHERE e.change_id = s.change_id)) \
                 OR (s.released IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events e WHERE e.change_id = s.released)) \
                 LIMIT 1",
                &[],
            )?
            .map(|r| r.get(0))
            .transpose()?;
        if let Some(hash) = orphan {
            bail!(crate::msg!(
                "the collected sheet {hash} names a change the history does not hold",
                "已收回的反馈表 {hash} 指向历史中没有的变更"
            ));
        }
        // Checked with the CHECK rules on: while they are ignored, the check skips them too.
        if let Some(conn) = file {
            conn.pragma_update(None, "ignore_check_constraints", false)?;
            let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
            if check != "ok" {
                bail!("the data breaks a rule of the ledger ({check})");
            }
        }
        crate::output::test_pause("before-commit");
        tx.commit().map_err(|e| friendly(e, &path))
    }
}

/// The tasks with their units, one at a time, from the task/unit join in id order (a task's
/// rows come together).
struct TaskStream<'s> {
    rows: Box<dyn Iterator<Item = Result<Row>> + 's>,
    /// The task being put together, with its supporting units and their positions.
    current: Option<(DumpTask, Vec<(i64, String)>)>,
    done: bool,
}

/// Adds a row to the task being put together; returns the previous task if this row starts a
/// new one.
fn take_row(
    current: &mut Option<(DumpTask, Vec<(i64, String)>)>,
    r: &Row,
) -> Result<Option<DumpTask>> {
    let id = TaskId::new(r.get(0)?, r.get(1)?).to_string();
    let mut finished = None;
    if current.as_ref().is_none_or(|(t, _)| t.id != id) {
        let status: String = r.get(5)?;
        let task = DumpTask {
            id,
            title: r.get(2)?,
            text: r.get(3)?,
            lead: None,
            support: Vec::new(),
            deadline: r.get(4)?,
            status,
            progress: r.get(6)?,
        };
        finished = current.replace((task, Vec::new())).map(finish_task);
    }
    let (task, support) = current.as_mut().expect("set above");
    let role: Option<String> = r.get(7)?;
    let unit: Option<String> = r.get(8)?;
    match (role.as_deref(), unit) {
        (Some("lead"), Some(u)) => task.lead = Some(u),
        (Some("support"), Some(u)) => support.push((r.get::<Option<i64>>(9)?.unwrap_or(0), u)),
        _ => {}
    }
    Ok(finished)
}

/// An event of the export from its row (change, task, field, old, new, note, actor, at,
/// entered, undoes, position).
fn dump_event(r: &Row) -> Result<DumpEvent> {
    Ok(DumpEvent {
        change: r.get(0)?,
        task: TaskId::new(r.get(1)?, r.get(2)?).to_string(),
        field: r.get(3)?,
        old: r.get(4)?,
        new: r.get(5)?,
        note: r.get(6)?,
        actor: r.get(7)?,
        at: r.get(8)?,
        entered: r.get(9)?,
        undoes: r.get(10)?,
        position: r.get(11)?,
    })
}

fn finish_task((mut task, mut support): (DumpTask, Vec<(i64, String)>)) -> DumpTask {
    support.sort();
    task.support = support.into_iter().map(|(_, u)| u).collect();
    task
}

impl Iterator for TaskStream<'_> {
    type Item = Result<DumpTask>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let row = match self.rows.next() {
                Some(Ok(r)) => take_row(&mut self.current, &r),
                None => {
                    self.done = true;
                    break;
                }
                Some(Err(e)) => Err(e),
            };
            match row {
                Ok(Some(task)) => return Some(Ok(task)),
                Ok(None) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e.context("reading tasks")));
                }
            }
        }
        self.current.take().map(|t| Ok(finish_task(t)))
    }
}
