//! The only module that speaks SQL. It owns the connection (WAL, busy timeout, foreign keys),
//! the schema and its migrations, and offers a narrow set of typed reads and writes; every
//! write is one IMMEDIATE transaction that changes rows and appends their events together.
//!
//! A second backend (PostgreSQL, for a shared ledger) would implement the same methods, so the
//! SQL sticks to what both accept where that costs nothing.

mod bulk;
mod migrate;
/// Reads of a hundred thousand rows through SQLite's C API.
mod raw;
/// Reads: tasks, events, units, counts.
mod read;
/// Writes: seeding, adding, updating, importing.
mod write;

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::model::{Status, TaskId};
use crate::seed::NewTask;
use crate::task::Field;

pub use migrate::VERSION as SCHEMA_VERSION;

/// Who made a change and when (`at`: local RFC 3339 time).
#[derive(Debug, Clone)]
pub struct Stamp {
    pub actor: String,
    pub at: String,
}

/// Which tasks to read. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub statuses: Vec<Status>,
    pub open_only: bool,
    pub unit: Option<String>,
    pub rec: Option<u32>,
    /// Only tasks whose deadline is strictly before this date.
    pub deadline_before: Option<NaiveDate>,
    /// Only tasks whose deadline is on or before this date.
    pub deadline_until: Option<NaiveDate>,
    /// With `unit`: also the tasks that named the unit as lead or support at any time since this
    /// date (a report for a past week scopes by the units as they were then).
    pub unit_since: Option<NaiveDate>,
    /// Leave each task's full text empty: tables and reports do not show it, and it is most
    /// of a task's bytes.
    pub without_text: bool,
    /// Only this task.
    pub task: Option<TaskId>,
    /// Only these tasks, by storage row (as `TaskState::row` gives them).
    pub rows: Vec<i64>,
}

/// Which events to read, oldest first.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub task: Option<TaskId>,
    /// Events at or after the start of this date.
    pub since: Option<NaiveDate>,
    /// Events up to the end of this date.
    pub until: Option<NaiveDate>,
    /// Only changes of these fields (all when empty).
    pub fields: Vec<Field>,
    /// Only the events of the tasks this selects.
    pub tasks: Option<TaskFilter>,
}

/// A recommendation read from a report, with its tasks (their ids are assigned on import).
#[derive(Debug, Clone)]
pub struct Imported {
    pub headline: String,
    pub text: String,
    pub tasks: Vec<NewTask>,
    /// The number the file gives it (a 台账's 序号): then its tasks keep their `id.item`
    /// too. `None`: numbered after the others, its tasks counted from 1.
    pub number: Option<u32>,
    /// Each task's state as an existing 台账 records it (same order as `tasks`; empty when
    /// the file records none): written as changes after the task's creation, in the same
    /// change, so the history shows where the state came from.
    pub states: Vec<ImportedState>,
}

/// A task's status, progress and latest progress note, as a 台账 records them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedState {
    pub status: Option<crate::model::Status>,
    pub progress: Option<u8>,
    pub note: Option<String>,
}

/// Where imported text came from: the file's name and the SHA-256 of its bytes.
#[derive(Debug, Clone)]
pub struct ImportSource {
    pub file: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportOutcome {
    Imported {
        numbers: Vec<u32>,
        tasks: usize,
    },
    AlreadyImported {
        file: String,
        numbers: String,
        at: String,
    },
}

/// A unit and the tasks it is named in.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnitStats {
    pub unit: String,
    /// Tasks it leads (牵头).
    pub lead: usize,
    /// Tasks it supports (配合).
    pub support: usize,
    pub open: usize,
    pub overdue: usize,
    pub done: usize,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the ledger at `path`, creating an empty one (schema only) if there is none.
    /// Returns the store and whether it was just created.
    pub fn open_or_create(path: &Path) -> Result<(Store, bool)> {
        if path.is_dir() {
            bail!(
                "{} is a directory, not a ledger file: give a file path with --db",
                path.display()
            );
        }
        let fresh = !path.exists();
        if fresh {
            create_file(path)?;
        }
        let mut conn = connect(path)?;
        let blank = migrate::is_blank(&conn).map_err(|e| friendly(e, path))?;
        // A file that is not ours, or is newer than us, is refused before anything (even the
        // journal mode) is changed in it.
        if !blank {
            migrate::check(&conn, path).map_err(|e| friendly(e, path))?;
        }
        enable_wal(&conn).map_err(|e| friendly(e.into(), path))?;
        if blank {
            migrate::create(&mut conn).map_err(|e| friendly(e, path))?;
        } else {
            migrate::upgrade(&mut conn, path).map_err(|e| friendly(e, path))?;
        }
        Ok((
            Store {
                conn,
                path: path.to_path_buf(),
            },
            blank,
        ))
    }
    pub fn path(&self) -> &Path {
        &self.path
    }
    fn write(&mut self) -> Result<Transaction<'_>> {
        let path = self.path.clone();
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| friendly(e.into(), &path))
    }
    /// Runs `f` inside one read transaction, so that several reads see one moment even while
    /// other processes write.
    pub fn snapshot<T>(&mut self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        self.conn
            .execute_batch("BEGIN")
            .map_err(|e| friendly(e.into(), &path))?;
        let result = f(self);
        let end = self
            .conn
            .execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let value = result?;
        end.map_err(|e| friendly(e.into(), &path))?;
        Ok(value)
    }
}

/// Creates the database file readable and writable by its owner only.
pub(crate) fn create_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the folder {}", dir.display()))?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    Ok(())
}

fn connect(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| friendly(e.into(), path))?;
    let setup = || -> rusqlite::Result<()> {
        conn.busy_timeout(Duration::from_secs(30))?;
        // Commands read most pages once, in order: a small cache (256 KiB, not SQLite's 2 MiB)
        // means fewer fresh pages of memory to fault in, and measured faster for lists and
        // reports. Bulk loads set their own.
        conn.pragma_update(None, "cache_size", -256)?;
        conn.pragma_update(None, "foreign_keys", true)
    };
    setup().map_err(|e| friendly(e.into(), path))?;
    Ok(conn)
}

/// WAL lets readers go on while one process writes; FULL sync makes every commit durable.
fn enable_wal(conn: &Connection) -> rusqlite::Result<()> {
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")
}

/// Turns SQLite's failures that a user can cause into messages about the ledger file.
pub fn friendly(err: anyhow::Error, path: &Path) -> anyhow::Error {
    let code = err
        .chain()
        .find_map(|e| match e.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqliteFailure(f, _)) => Some(f.code),
            _ => None,
        });
    let p = path.display();
    match code {
        Some(ErrorCode::NotADatabase) => {
            anyhow!("{p} is not a tracker ledger (not an SQLite database)")
        }
        Some(ErrorCode::ReadOnly) => anyhow!("{p} is read-only: changes cannot be recorded"),
        Some(ErrorCode::CannotOpen) => {
            anyhow!("cannot open {p}: check that its folder exists and is writable")
        }
        Some(ErrorCode::PermissionDenied) => anyhow!("permission denied opening {p}"),
        Some(ErrorCode::DatabaseCorrupt) => {
            anyhow!("{p} is damaged (SQLite reports corruption): restore it from a backup")
        }
        Some(ErrorCode::DiskFull) => anyhow!("the disk holding {p} is full: nothing was recorded"),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            anyhow!(
                "{p} stayed busy for 30 seconds (another tracker is writing): nothing was recorded, try again"
            )
        }
        _ => err,
    }
}
