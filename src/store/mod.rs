//! The only module that speaks SQL. It owns the connection (WAL, busy timeout, foreign keys),
//! the schema and its migrations, and offers a narrow set of typed reads and writes; every
//! write is one IMMEDIATE transaction that changes rows and appends their events together.
//!
//! A second backend (PostgreSQL, for a shared ledger) would implement the same methods, so the
//! SQL sticks to what both accept where that costs nothing.

/// One change to many tasks, set-based on a server.
mod batch;
mod bulk;
/// The seam between the query code and the two drivers.
pub(crate) mod db;
/// Reads for follow-up (督办): each task's start, done day and last report.
mod followup;
pub use followup::LatestNotes;
/// Bulk loads into an empty ledger: a row at a time into a file, by COPY into a server.
mod loader;
mod migrate;
mod notices;
/// A shared ledger on a PostgreSQL server (its connection settings in `postgres::conn`).
pub mod postgres;
/// What only a ledger file has: the file, its journal, its C-API reads.
pub(crate) mod sqlite;
use sqlite::open;
pub use sqlite::perm;
/// Reads: tasks, events, units, counts.
mod read;
/// How one change is written: its rows, its events, the time-order rule.
mod record;
/// `restore`: an export checked part by part and loaded in one transaction.
mod restore;
/// Writes: seeding, adding, updating, importing.
mod sheets;
/// `undo`: the latest change taken back whole.
mod undo;
pub use notices::NoticeToIssue;
pub use sheets::{CollectedFile, IssuedSheet, SheetPlan, SheetToApply};
/// What an import would do, checked once for the import and its dry run.
mod imports;
mod weekly;
mod write;
pub use imports::number_imports;

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use rusqlite::{Connection, ErrorCode, TransactionBehavior};

use crate::model::{Status, TaskId};
use crate::seed::NewTask;
use crate::task::Field;

pub use migrate::VERSION as SCHEMA_VERSION;
pub use open::{Access, Seed, no_ledger};
pub use undo::Undone;
pub use weekly::{WeeklyRead, WeeklyRules};
use write::seed_into;

/// Who made a change and when: `at`, the local RFC 3339 time the change is dated (`--today`
/// back-dates it), and `entered`, when it was really recorded (the machine's clock, or the
/// server's on a server; UTC, RFC 3339 with `Z`), whatever `--today` says. A write sets
/// `entered` anew once it holds the ledger's lock (`Store::write_stamped`); the value given
/// here stands only for a new ledger's seed, which no other change can precede.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub actor: String,
    pub at: String,
    pub entered: String,
    /// How firmly `at` was given, which decides what happens when it falls before the task's
    /// latest change (see `Dated`).
    pub dated: Dated,
}

impl Stamp {
    /// This stamp, entered at `now` (see [`Store::write_stamped`]).
    fn entered_at(&self, now: chrono::DateTime<chrono::Utc>) -> Stamp {
        Stamp {
            entered: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ..self.clone()
        }
    }
}

/// How a change's time was given. A process reads the clock when it starts and may then wait
/// for another writer's commit, so a time of day nobody typed can fall a moment before a change
/// that committed first; such a change takes the latest change's instant instead of being
/// refused. Only a time someone chose is held to the order rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dated {
    /// The machine's clock: never refused for order; moved up to the latest change's instant.
    #[default]
    Clock,
    /// `--today DATE`: the date was chosen, the time of day is the clock's. Moved up within
    /// that date; refused when the latest change is on a later date.
    Day,
    /// `--today DATE TIME`: refused when before the latest change.
    Exact,
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
    /// Only tasks with no report (see `read.rs`, `report_event!`) dated on or after this date:
    /// `list --stale`.
    pub unreported_since: Option<NaiveDate>,
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
    /// Leave out withdrawn notes (and their withdrawals), as reports do.
    pub live: bool,
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

/// Where imported text came from: the file's name, the fingerprint of its content
/// (`import::same::fingerprint`, stored in `imports.hash`) and the SHA-256 of its bytes (what
/// ledgers stored before; looked up too, never stored, so an older ledger still refuses the
/// exact file it took).
#[derive(Debug, Clone)]
pub struct ImportSource {
    pub file: String,
    pub hash: String,
    pub bytes_hash: String,
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

/// The ledger the commands read and write: a SQLite file, or a shared ledger on a PostgreSQL
/// server; the commands call the same methods on either.
pub struct Store {
    backend: Backend,
    /// The ledger's file, or its server URL without the password (as messages name it).
    path: PathBuf,
    /// Opened read-only (the file or its folder may not be written): writes are refused.
    read_only: bool,
    /// What the schema lacks that this version expects (`migrate::missing`): writes are
    /// refused while anything is.
    missing: Vec<String>,
}

/// The connection behind a `Store`.
pub(crate) enum Backend {
    Sqlite {
        conn: Connection,
        /// The journal mode every connection runs in: WAL, or DELETE on an opted-in share.
        journal: &'static str,
    },
    Pg(Box<db::Pg>),
}

/// Whether `--db` names a server (`postgres:…`, `postgresql:…`, any case) rather than a file:
/// [`postgres::conn::Target::is_url`]'s one rule.
pub fn is_server_url(path: &Path) -> bool {
    postgres::conn::Target::is_url(&path.to_string_lossy())
}

impl Store {
    /// Opens the ledger at `path` (a file, or a server's URL), creating an empty one (schema
    /// only, no plan) if there is none; for `restore` and `dev synth`, which fill a new ledger
    /// themselves. Returns the store and whether it was just created.
    pub fn open_or_create(path: &Path) -> Result<(Store, bool)> {
        Store::open_or_create_with(path, &Access::default())
    }
    /// `open_or_create` with the settings' `Access`.
    pub fn open_or_create_with(path: &Path, access: &Access) -> Result<(Store, bool)> {
        if is_server_url(path) {
            return postgres::open_or_create(path, None, |_| Ok(()));
        }
        if std::fs::symlink_metadata(path).is_ok() {
            return Ok((Store::open(path, access)?, false));
        }
        Store::create(path, access, None)
    }
    /// Opens an existing ledger: a file (`sqlite::open`'s checks: read-only when it may not be
    /// written, refused when missing, not a ledger, newer, on a network share), or a server's
    /// ledger (`postgres::open`).
    pub fn open(path: &Path, access: &Access) -> Result<Store> {
        if is_server_url(path) {
            return postgres::open(path);
        }
        Store::open_file(path, access)
    }
    /// Creates a ledger at `path` (which must not exist), seeded with `seed` (if any) in the
    /// same transaction as its schema; returns the store and whether this call created it
    /// (false: another process created it first, and this one opened theirs).
    ///
    /// Errors: the folder is missing or not writable, a network share without the opt-in,
    /// the seed is refused (then nothing is left behind), or a server that already holds one.
    pub fn create(path: &Path, access: &Access, seed: Option<&Seed<'_>>) -> Result<(Store, bool)> {
        Store::create_filled(path, access, seed, |_| Ok(()))
    }
    /// `create`, with `fill` run on the new ledger before anyone else may use it: only a
    /// ledger `fill` accepted is kept, and on any error nothing is left. Used by `restore`,
    /// so that a refused export leaves no empty ledger behind. (On a server the schema, the
    /// seed and `fill`'s first write are one transaction; where a ledger already is, `fill`
    /// does not run and the second value is false.)
    pub fn create_filled(
        path: &Path,
        access: &Access,
        seed: Option<&Seed<'_>>,
        fill: impl FnOnce(&mut Store) -> Result<()>,
    ) -> Result<(Store, bool)> {
        if is_server_url(path) {
            return postgres::open_or_create(path, seed, fill);
        }
        Store::create_file_filled(path, access, seed, fill)
    }
    /// The ledger's file, or its server's URL without the password.
    pub fn path(&self) -> &Path {
        &self.path
    }
    /// Where this store's statements go, inside whatever transaction is open.
    pub(crate) fn db(&self) -> db::Db<'_> {
        match &self.backend {
            Backend::Sqlite { conn, .. } => db::Db::Sqlite(conn),
            Backend::Pg(pg) => db::Db::Pg(pg),
        }
    }
    /// The SQLite connection, for what only a ledger file does yet (bulk loads, backups,
    /// export); on a server ledger, a one-line refusal.
    pub(crate) fn conn(&self) -> Result<&Connection> {
        match &self.backend {
            Backend::Sqlite { conn, .. } => Ok(conn),
            Backend::Pg(_) => Err(db::sqlite_only(&crate::msg!("this command", "此命令"))),
        }
    }
    /// Starts a write: SQLite's `BEGIN IMMEDIATE` (one writer at a time, 30 seconds' wait), or
    /// on a server a transaction holding the ledger lock (`postgres::begin_write`). For a
    /// write that records changes, [`Store::write_stamped`].
    fn write(&mut self) -> Result<db::Tx<'_>> {
        self.begin_write().map(|(tx, _)| tx)
    }
    /// [`Store::write`], and `stamp` as the change is recorded: its `entered` read from the
    /// clock once the write's lock is held (the machine's for a file, the server's on a
    /// server), so that, however many write at once, entered times follow the order changes
    /// commit in, which is their numbers' (finding F4). The one place a change's `entered`
    /// is decided; what the caller's stamp says of it is replaced.
    fn write_stamped(&mut self, stamp: &Stamp) -> Result<(db::Tx<'_>, Stamp)> {
        let (tx, now) = self.begin_write()?;
        Ok((tx, stamp.entered_at(now)))
    }
    /// The write's transaction, and the clock read once its lock is held.
    fn begin_write(&mut self) -> Result<(db::Tx<'_>, chrono::DateTime<chrono::Utc>)> {
        self.check_writable()?;
        let path = self.path.clone();
        match &mut self.backend {
            Backend::Sqlite { conn, .. } => conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map(|tx| (db::Tx::Sqlite(tx), chrono::Utc::now()))
                .map_err(|e| friendly(e.into(), &path)),
            Backend::Pg(pg) => postgres::begin_write(pg).map_err(|e| friendly(e, &path)),
        }
    }
    /// Runs `f` inside one read transaction, so that several reads see one moment even while
    /// other processes write (on a server: `REPEATABLE READ READ ONLY`).
    pub fn snapshot<T>(&mut self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let begin = match &self.backend {
            Backend::Sqlite { .. } => "BEGIN",
            // Inside a new ledger's first load: it reads what that load has written.
            Backend::Pg(_) if postgres::creating() => {
                return f(self).map_err(|e| friendly(e, &path));
            }
            // No idle limit (a role's own would end a backup or a long read while the client
            // works between statements): a read holds no lock a writer waits for.
            Backend::Pg(_) => {
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; \
                 SET LOCAL idle_in_transaction_session_timeout = 0"
            }
        };
        self.db().batch(begin).map_err(|e| friendly(e, &path))?;
        let result = f(self);
        let end = self
            .db()
            .batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let value = result.map_err(|e| friendly(e, &path))?;
        end.map_err(|e| friendly(e, &path))?;
        Ok(value)
    }
}

/// A server ledger's refusal, in the one line that says it ([`friendly`]'s). No message about
/// a file the command was writing wraps it (`output::write_to`): the file is not what failed.
#[derive(Debug)]
pub struct LedgerFailure {
    /// The line.
    pub line: String,
    /// The role the server refused a write for lack of a grant (42501 while writing): one
    /// that may read the ledger but not change it, so that a command can say what it needed
    /// the write for (the 通报's issue number).
    pub write_refused_to: Option<String>,
}

impl std::fmt::Display for LedgerFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.line)
    }
}

impl std::error::Error for LedgerFailure {}

/// Whether `err` is the ledger's own failure ([`LedgerFailure`], anywhere in its chain).
pub fn is_ledger_failure(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.is::<LedgerFailure>())
}

/// Whether `err` is a PostgreSQL server's failure (anywhere in its chain), which [`friendly`]
/// turns into the server's one line.
pub fn is_server_failure(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.is::<db::PgFailure>())
}

/// Whether SQLite failed for a full disk somewhere in `err`'s chain (`SQLITE_FULL`): said of
/// the file being written, which a load or a copy knows and the ledger's own mapping
/// ([`friendly`]) does not.
pub fn disk_full(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        matches!(
            e.downcast_ref::<rusqlite::Error>(),
            Some(rusqlite::Error::SqliteFailure(f, _)) if f.code == ErrorCode::DiskFull
        )
    })
}

/// Turns SQLite's failures that a user can cause into messages about the ledger file.
pub fn friendly(err: anyhow::Error, path: &Path) -> anyhow::Error {
    if let Some(e) = err.chain().find_map(|e| e.downcast_ref::<db::PgFailure>()) {
        return postgres::friendly(&e.0, path).unwrap_or(err);
    }
    let code = err
        .chain()
        .find_map(|e| match e.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqliteFailure(f, _)) => Some(f.code),
            _ => None,
        });
    let p = path.display();
    match code {
        Some(ErrorCode::NotADatabase) => {
            anyhow!(crate::msg!(
                "{p} is not a tracker ledger (not an SQLite database)",
                "{p} 不是 tracker 台账（不是 SQLite 数据库）"
            ))
        }
        Some(ErrorCode::ReadOnly) => open::read_only(path),
        // Owner, group or folder, whichever stands in the way, before the generic advice.
        Some(ErrorCode::CannotOpen) => match perm::why_unwritable(path) {
            Some(why) => anyhow!(crate::msg!("cannot open {p}: {why}", "无法打开 {p}：{why}")),
            None => anyhow!(crate::msg!(
                "cannot open {p}: check that its folder exists and is writable",
                "无法打开 {p}：请检查其所在文件夹是否存在且可写"
            )),
        },
        Some(ErrorCode::PermissionDenied) => match perm::why_unreadable(path) {
            Some(why) => anyhow!(why),
            None => anyhow!(crate::msg!("permission denied opening {p}", "无权打开 {p}")),
        },
        Some(ErrorCode::DatabaseCorrupt) => {
            anyhow!(crate::msg!(
                "{p} is damaged (SQLite reports corruption): restore it from a backup",
                "{p} 已损坏（数据库报告文件损坏）：请从备份恢复"
            ))
        }
        Some(ErrorCode::DiskFull) => anyhow!(crate::msg!(
            "the disk holding {p} is full: nothing was recorded",
            "{p} 所在的磁盘已满：未记录任何内容"
        )),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            anyhow!(crate::msg!(
                "{p} stayed busy for 30 seconds (another tracker is writing): nothing was recorded, try again",
                "{p} 被占用达 30 秒（另一个 tracker 正在写入）：未记录任何内容，请重试"
            ))
        }
        _ => err,
    }
}
