//! Whole-ledger reads and writes: export to a `Dump`, load a `Dump` into an empty ledger (for
//! `restore` and `dev synth`), and online backups.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::{Transaction, params};

use super::{Store, friendly};
use crate::dump::{Dump, DumpEvent, DumpRecommendation, DumpTask};
use crate::model::{Status, TaskId, TextKind, clean_text, parse_absolute_date};
use crate::task::Field;

impl Store {
    /// Everything in the ledger, read in one snapshot.
    pub fn export(&mut self) -> Result<Dump> {
        self.snapshot(|s| {
            let mut dump = Dump::new();
            let mut stmt = s.conn.prepare_cached("SELECT key, value FROM meta ORDER BY key")?;
            for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
                let (k, v) = row?;
                dump.meta.insert(k, v);
            }
            dump.recommendations = s
                .recommendations()?
                .into_iter()
                .map(|r| DumpRecommendation { number: r.number, headline: r.headline, text: r.text })
                .collect();
            dump.units = s.units()?;
            dump.tasks = s
                .tasks(&super::TaskFilter::default())?
                .into_iter()
                .map(|t| DumpTask {
                    id: t.id.to_string(),
                    title: t.title,
                    text: t.text,
                    lead: t.lead,
                    support: t.support,
                    deadline: t.deadline.map(crate::model::ymd),
                    status: t.status.name().into(),
                    progress: t.progress,
                })
                .collect();
            let mut stmt = s.conn.prepare_cached(
                "SELECT e.change_id, t.recommendation, t.item, e.field, e.old, e.new, e.note, e.actor, e.at \
                 FROM events e JOIN tasks t ON t.id = e.task_id ORDER BY e.id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(DumpEvent {
                    change: r.get(0)?,
                    task: TaskId::new(r.get(1)?, r.get(2)?).to_string(),
                    field: r.get(3)?,
                    old: r.get(4)?,
                    new: r.get(5)?,
                    note: r.get(6)?,
                    actor: r.get(7)?,
                    at: r.get(8)?,
                })
            })?;
            dump.events = rows.collect::<Result<_, _>>().context("reading the history")?;
            Ok(dump)
        })
    }

    /// Loads a whole ledger into this one, which must hold no plan yet. Everything is checked
    /// first; then it is written in one transaction.
    pub fn load(&mut self, dump: &Dump) -> Result<()> {
        check(dump)?;
        self.bulk(|l| {
            for (k, v) in &dump.meta {
                l.meta(k, v)?;
            }
            for r in &dump.recommendations {
                l.recommendation(r)?;
            }
            for u in &dump.units {
                l.unit(u)?;
            }
            for t in &dump.tasks {
                l.task(t)?;
            }
            for e in &dump.events {
                l.event(e)?;
            }
            Ok(())
        })
    }

    /// Fills a ledger that holds no plan yet through `f`, in one transaction: all or nothing.
    pub fn bulk(&mut self, f: impl FnOnce(&mut Loader<'_, '_>) -> Result<()>) -> Result<()> {
        let path = self.path.clone();
        // A big load touches index pages all over the file: a larger page cache for this
        // connection keeps them in memory instead of re-reading them (64 MiB, released on exit).
        self.conn.pragma_update(None, "cache_size", -65536)?;
        let tx = self.write()?;
        let used: i64 = tx.query_row(
            "SELECT (SELECT count(*) FROM tasks) + (SELECT count(*) FROM recommendations)",
            [],
            |r| r.get(0),
        )?;
        if used > 0 {
            bail!(
                "{} already holds a plan: use a new ledger (--db NEW.db)",
                path.display()
            );
        }
        // Building the indexes once at the end beats updating them a million times (unique
        // ones are checked when rebuilt, so a violation still fails the whole load).
        let indexes: Vec<(String, String)> = tx
            .prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (name, _) in &indexes {
            tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        let mut loader = Loader {
            tx: &tx,
            units: HashMap::new(),
            rows: HashMap::new(),
        };
        f(&mut loader)?;
        drop(loader);
        for (_, sql) in &indexes {
            tx.execute_batch(sql).context("rebuilding the indexes")?;
        }
        tx.commit().map_err(|e| friendly(e.into(), &path))
    }

    /// Copies the ledger to `dest` with SQLite's online backup, in one step under one read
    /// snapshot, so writers elsewhere neither block it nor make it restart. `dest` must not exist.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            bail!(
                "{} already exists: give a new file name (a backup never overwrites)",
                dest.display()
            );
        }
        let result = super::migrate::copy_to(&self.conn, dest);
        if result.is_err() {
            let _ = std::fs::remove_file(dest);
        }
        result.with_context(|| format!("backing up to {}", dest.display()))
    }
}

/// Writes a ledger's parts inside `Store::bulk`'s transaction.
pub struct Loader<'c, 't> {
    tx: &'t Transaction<'c>,
    units: HashMap<String, i64>,
    rows: HashMap<TaskId, i64>,
}

impl Loader<'_, '_> {
    pub fn meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")?
            .execute(params![key, value])?;
        Ok(())
    }

    pub fn recommendation(&mut self, r: &DumpRecommendation) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO recommendations (number, headline, text) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![r.number, r.headline, r.text])
            .with_context(|| format!("adding recommendation {}", r.number))?;
        Ok(())
    }

    pub fn unit(&mut self, name: &str) -> Result<i64> {
        if let Some(&id) = self.units.get(name) {
            return Ok(id);
        }
        self.tx
            .prepare_cached("INSERT INTO units (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
            .execute([name])?;
        let id = self
            .tx
            .prepare_cached("SELECT id FROM units WHERE name = ?1")?
            .query_row([name], |r| r.get(0))?;
        self.units.insert(name.to_string(), id);
        Ok(id)
    }

    pub fn task(&mut self, t: &DumpTask) -> Result<()> {
        let id: TaskId = t.id.parse().map_err(|_| anyhow!("bad task id {}", t.id))?;
        self.tx
            .prepare_cached(
                "INSERT INTO tasks (recommendation, item, title, text, deadline, status, progress) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id.rec, id.item, t.title, t.text, t.deadline, t.status, t.progress])
            .with_context(|| format!("adding task {id}"))?;
        let row = self.tx.last_insert_rowid();
        self.rows.insert(id, row);
        let roles = t
            .lead
            .iter()
            .map(|u| (u, "lead"))
            .chain(t.support.iter().map(|u| (u, "support")));
        for (position, (name, role)) in roles.enumerate() {
            let unit_id = self.unit(name)?;
            self.tx
                .prepare_cached("INSERT INTO task_units (task_id, unit_id, role, position) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![row, unit_id, role, position as i64 + 1])
                .with_context(|| format!("assigning {name} to task {id}"))?;
        }
        Ok(())
    }

    pub fn event(&mut self, e: &DumpEvent) -> Result<()> {
        let id: TaskId = e
            .task
            .parse()
            .map_err(|_| anyhow!("bad task id {}", e.task))?;
        let row = *self
            .rows
            .get(&id)
            .ok_or_else(|| anyhow!("an event names task {id}, which was not added"))?;
        self.tx
            .prepare_cached(
                "INSERT INTO events (change_id, task_id, field, old, new, note, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![e.change, row, e.field, e.old, e.new, e.note, e.actor, e.at])
            .context("recording the history")?;
        Ok(())
    }
}

/// Checks a dump before anything is written: the format, every id, status, progress, date,
/// field and reference. Errors name the item.
fn check(dump: &Dump) -> Result<()> {
    if dump.format != crate::dump::FORMAT {
        bail!(
            "not a tracker export (format is '{}', expected '{}')",
            dump.format,
            crate::dump::FORMAT
        );
    }
    if dump.version > crate::dump::VERSION {
        bail!(
            "export version {} is newer than this tracker reads ({}): upgrade tracker",
            dump.version,
            crate::dump::VERSION
        );
    }
    for r in &dump.recommendations {
        clean_text(TextKind::Headline, &r.headline)
            .map_err(|e| anyhow!("recommendation {}: {e}", r.number))?;
        if !r.text.is_empty() {
            clean_text(TextKind::Text, &r.text)
                .map_err(|e| anyhow!("recommendation {}: {e}", r.number))?;
        }
    }
    let recs: Vec<u32> = dump.recommendations.iter().map(|r| r.number).collect();
    let mut ids = std::collections::HashSet::new();
    for t in &dump.tasks {
        let id: TaskId =
            t.id.parse()
                .map_err(|_| anyhow!("task '{}': not an id like 1.4", t.id))?;
        if !recs.contains(&id.rec) {
            bail!(
                "task {id}: its recommendation {} is not in the export",
                id.rec
            );
        }
        if !ids.insert(id) {
            bail!("task {id} appears twice");
        }
        t.status
            .parse::<Status>()
            .map_err(|e| anyhow!("task {id}: {e}"))?;
        if t.progress > 100 {
            bail!("task {id}: progress {} is over 100", t.progress);
        }
        if let Some(d) = &t.deadline {
            parse_absolute_date(d)
                .map_err(|_| anyhow!("task {id}: deadline '{d}' is not YYYY-MM-DD"))?;
        }
        for (kind, text) in [(TextKind::Title, &t.title), (TextKind::Text, &t.text)] {
            clean_text(kind, text).map_err(|e| anyhow!("task {id}: {e}"))?;
        }
        for unit in t.lead.iter().chain(&t.support) {
            clean_text(TextKind::Unit, unit).map_err(|e| anyhow!("task {id}: {e}"))?;
        }
    }
    for (i, e) in dump.events.iter().enumerate() {
        let id: TaskId = e
            .task
            .parse()
            .map_err(|_| anyhow!("event {}: task '{}' is not an id", i + 1, e.task))?;
        if !ids.contains(&id) {
            bail!("event {}: task {id} is not in the export", i + 1);
        }
        e.field
            .parse::<Field>()
            .map_err(|err| anyhow!("event {}: {err}", i + 1))?;
        if let Some(note) = &e.note {
            clean_text(TextKind::Note, note).map_err(|err| anyhow!("event {}: {err}", i + 1))?;
        }
    }
    Ok(())
}
