//! Schema versions. A new database runs `schema.sql` whole; an older one climbs the `STEPS`
//! ladder, one transaction per step, after a backup copy is taken. Forward only: a database from
//! a newer tracker is refused and left untouched.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, TransactionBehavior};

pub const SCHEMA: &str = include_str!("../../schema.sql");

/// The version `schema.sql` creates.
pub const VERSION: i64 = 4;

/// `STEPS[i]` upgrades version `i + 1` to `i + 2`. Append only; never edit a released step.
const STEPS: &[&str] = &[
    // 1 → 2: reports read one field's events over time; imported files are remembered.
    "CREATE INDEX events_field_at ON events (field, at, task_id, old, new);
     CREATE TABLE imports (
         hash            TEXT PRIMARY KEY,
         file            TEXT NOT NULL,
         recommendations TEXT NOT NULL,
         actor           TEXT NOT NULL,
         at              TEXT NOT NULL
     );",
    // 2 → 3: reports read every task's state from an index rather than the table, and the
    // recent events of a task from its index range.
    "CREATE INDEX tasks_state ON tasks (recommendation, item, status, deadline, progress);
     DROP INDEX events_task;
     CREATE INDEX events_task ON events (task_id, at, id);",
    // 3 → 4 (return sheets, issue 16): the sheets `tracker sheets` issued to units, and the
    // files `tracker collect` took back, by their SHA-256. Self-contained: renumber freely.
    "CREATE TABLE sheets_issued (
         week  TEXT NOT NULL,
         unit  TEXT NOT NULL,
         file  TEXT NOT NULL,
         tasks INTEGER NOT NULL,
         actor TEXT NOT NULL,
         at    TEXT NOT NULL,
         PRIMARY KEY (week, unit)
     );
     CREATE TABLE sheets_collected (
         hash  TEXT PRIMARY KEY,
         week  TEXT NOT NULL,
         unit  TEXT NOT NULL,
         file  TEXT NOT NULL,
         actor TEXT NOT NULL,
         at    TEXT NOT NULL
     );
     CREATE INDEX sheets_collected_week ON sheets_collected (week, unit);",
];

const _: () = assert!(
    STEPS.len() as i64 == VERSION - 1,
    "one step per version after the first"
);

pub fn user_version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .context("reading the schema version")
}

/// Whether the file holds no tables at all (a new or zero-length database).
pub fn is_blank(conn: &Connection) -> Result<bool> {
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .context("reading the database's tables")?;
    Ok(tables == 0)
}

/// Creates the current schema in a blank database.
pub fn create(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(SCHEMA).context("creating the schema")?;
    tx.commit().context("creating the schema")
}

/// Refuses a database that is not a ledger, or was written by a newer tracker.
pub fn check(conn: &Connection, path: &Path) -> Result<()> {
    let found = user_version(conn)?;
    if found > VERSION {
        bail!(
            "{} was written by a newer tracker (schema version {found}; this tracker reads up to {VERSION}): upgrade tracker to use it",
            path.display()
        );
    }
    if found < 1 {
        bail!(
            "{} is an SQLite database but not a tracker ledger",
            path.display()
        );
    }
    Ok(())
}

/// Brings a ledger that passed `check` to `VERSION`, one transaction per step, after copying
/// it aside.
pub fn upgrade(conn: &mut Connection, path: &Path) -> Result<()> {
    let found = user_version(conn)?;
    if found >= VERSION {
        return Ok(());
    }
    let backup = backup_path(path, found);
    copy_to(conn, &backup).with_context(|| {
        format!(
            "copying {} to {} before upgrading it",
            path.display(),
            backup.display()
        )
    })?;
    for (i, step) in STEPS.iter().enumerate().skip((found - 1) as usize) {
        let to = i as i64 + 2;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(step)
            .with_context(|| format!("upgrading the schema to version {to}"))?;
        tx.pragma_update(None, "user_version", to)?;
        tx.commit()
            .with_context(|| format!("upgrading the schema to version {to}"))?;
    }
    eprintln!(
        "tracker: upgraded {} from schema version {found} to {VERSION} (copy of the old file: {})",
        path.display(),
        backup.display()
    );
    Ok(())
}

/// `ledger.db.v1.bak`, or `ledger.db.v1.bak.2`… if that exists: an old copy is never replaced.
fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut n = 1;
    loop {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".v{version}.bak"));
        if n > 1 {
            name.push(format!(".{n}"));
        }
        let candidate = path.with_file_name(name);
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

/// A consistent copy of the whole database in one backup step, readable by its owner only.
pub fn copy_to(conn: &Connection, dest: &Path) -> Result<()> {
    super::create_file(dest)?;
    let mut target = Connection::open(dest)?;
    let backup = rusqlite::backup::Backup::new(conn, &mut target)?;
    while backup.step(-1)? != rusqlite::backup::StepResult::Done {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Ok(())
}
