//! Opening and creating a ledger file, where a mistake costs the most: a mistyped path, a
//! device, an empty file, a newer ledger, a read-only one, one whose safeguards were removed,
//! one on a network share. Each is recognised before SQLite writes a byte, and explained.
//!
//! A new ledger is built whole (schema and plan in one transaction) under a random temporary
//! name beside its final one, synced, and then linked into place only if that name is still
//! free: a kill leaves no ledger or a complete one, and of several first uses at once one
//! creates it and the others open it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::store::{Backend, Store, friendly, migrate};

/// How ledgers may be opened, settled once by the caller from the settings.
#[derive(Debug, Clone, Default)]
pub struct Access {
    /// The user's explicit opt-in (config `network_share = true`) to a ledger on a network
    /// share: it then runs with a rollback journal and exclusive locking (one tracker at a
    /// time) instead of WAL, which needs shared memory the share cannot give.
    pub network_share: bool,
    /// For tests only (`TRACKER_ASSUME_FS`): the filesystem type to assume instead of asking
    /// the kernel, e.g. `nfs`, `cifs`, `smb2`, `ext4`.
    pub assume_fs: Option<String>,
}

/// The filesystems SQLite's WAL mode must not be used on (its documentation: "WAL does not
/// work over a network filesystem"), by `statfs(2)` magic number (Linux `<linux/magic.h>`
/// and the CIFS/SMB client's `cifsglob.h`).
const NETWORK_FS: &[(u64, &str)] = &[
    (0x6969, "nfs"),
    (0x517B, "smb"),
    (0xFF53_4D42, "cifs"),
    (0xFE53_4D42, "smb2"),
    (0x5346_414F, "afs"),
    (0x564C, "ncp"),
    (0x00C3_6400, "ceph"),
    (0x0102_1997, "9p"),
];

/// What a new ledger starts with: the plan's start date, its recommendations and tasks, each
/// task's `created` event noting `note`.
pub struct Seed<'a> {
    pub start: chrono::NaiveDate,
    pub recs: &'a [crate::task::Recommendation],
    pub tasks: &'a [crate::seed::NewTask],
    pub stamp: &'a crate::store::Stamp,
    pub note: &'a str,
}

/// The message for a ledger that is not there (only `init` and the default path create one).
pub fn no_ledger(path: &Path, init_flags: &str) -> anyhow::Error {
    let p = path.display();
    anyhow!(crate::msg!(
        "no ledger at {p} (create one with 'tracker --db {p} init{init_flags}')",
        "{p} 处没有台账（可用 'tracker --db {p} init{init_flags}' 创建）"
    ))
}

impl Store {
    /// Opens an existing ledger: read-write if the file and its folder may be written, else
    /// read-only (reads work; every write is refused as read-only).
    ///
    /// Errors, each before SQLite touches the file: missing (`no_ledger`), a folder, a device
    /// or FIFO, an empty file, a network share without the opt-in, an SQLite file that is
    /// not a ledger, a newer schema (the file and its `-wal` stay byte for byte as they were),
    /// a table of the schema missing. Missing indexes or triggers refuse writes only. A
    /// refusal leaves no `-wal` or `-shm` the open made (`sides`).
    pub(in crate::store) fn open_file(path: &Path, access: &Access) -> Result<Store> {
        let network = check_file(path, access)?;
        let sides = super::sides::Sides::before(path);
        // Every connection of a refused open is closed when `open_checked` returns.
        let opened = Self::open_checked(path, network);
        if opened.is_err() {
            sides.tidy();
        }
        opened
    }

    /// `open_file` once the file itself passed `check_file` (`network`: its network share).
    fn open_checked(path: &Path, network: Option<&'static str>) -> Result<Store> {
        let writable = may_write(path);
        // The version is read on a read-only connection, which never checkpoints the WAL into
        // the file: a refused ledger is left exactly as it was.
        {
            let probe = connect(path, false)?;
            migrate::check(&probe, path).map_err(|e| friendly(e, path))?;
            let version = migrate::user_version(&probe)?;
            if version < migrate::VERSION && !writable {
                bail!(crate::msg!(
                    "{} is read-only and was written by an older tracker (schema version {version}): it must be upgraded once by someone who may write it",
                    "{} 是只读的，且由旧版 tracker 写成（数据库版本 {version}）：须由有写权限的人升级一次",
                    path.display()
                ));
            }
            probe.close().map_err(|(_, e)| friendly(e.into(), path))?;
        }
        let mut conn = connect(path, writable)?;
        let journal = if network.is_some() { "DELETE" } else { "WAL" };
        if writable {
            // Upgrade first: its copy is taken before anything, the journal mode included,
            // changes in the file.
            migrate::upgrade(&mut conn, path).map_err(|e| friendly(e, path))?;
        }
        let missing = migrate::missing(&conn).map_err(|e| friendly(e, path))?;
        // Without an index or a trigger, reads still work; without a table, nothing does.
        let tables: Vec<&String> = missing.iter().filter(|m| m.starts_with("table ")).collect();
        if !tables.is_empty() {
            bail!(
                "{} lacks part of the ledger's schema ({}): it cannot be read; restore it from a backup",
                path.display(),
                tables
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        // Only a ledger this version can use gets its journal mode set.
        if writable {
            set_journal(&conn, journal).map_err(|e| friendly(e.into(), path))?;
        }
        Ok(Store {
            backend: Backend::Sqlite { conn, journal },
            path: path.to_path_buf(),
            read_only: !writable,
            missing,
        })
    }

    /// `create`, with `fill` run on the new ledger while it is still a temporary file beside
    /// `path`: only a ledger `fill` accepted is linked into place, and on any error nothing is
    /// left (no file at `path`, no temporary file). Used by `restore`, so that a refused
    /// export leaves no empty ledger behind.
    pub(in crate::store) fn create_file_filled(
        path: &Path,
        access: &Access,
        seed: Option<&Seed<'_>>,
        fill: impl FnOnce(&mut Store) -> Result<()>,
    ) -> Result<(Store, bool)> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let network = check_network(dir, path, access)?;
        let tmp = crate::output::temp_beside(path, path)?;
        {
            let mut conn =
                Connection::open(plain(tmp.path())).map_err(|e| friendly(e.into(), path))?;
            // Born in its journal mode, so that the processes that lost the race to create it
            // open it as it will stay, none of them having to switch it under the others.
            if network.is_none() {
                let _mode: String =
                    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            }
            let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
            tx.execute_batch(migrate::SCHEMA)
                .context("creating the schema")?;
            if let Some(s) = seed {
                crate::store::seed_into(
                    &crate::store::db::Db::Sqlite(&tx),
                    s.start,
                    s.recs,
                    s.tasks,
                    s.stamp,
                    s.note,
                )?;
            }
            crate::output::test_pause("create-before-commit");
            tx.commit().context("creating the ledger")?;
            conn.close().map_err(|(_, e)| e)?;
        }
        {
            let mut store = Store::open_file(tmp.path(), access)?;
            store.path = path.to_path_buf();
            fill(&mut store)?;
        }
        // A bulk load switches to a rollback journal, which may leave an empty `-journal`
        // beside the temporary file: it belongs to no ledger once the file is renamed.
        for suffix in ["-journal", "-wal", "-shm"] {
            let mut side = tmp.path().as_os_str().to_owned();
            side.push(suffix);
            let _ = std::fs::remove_file(side);
        }
        tmp.as_file().sync_all()?;
        let created = match tmp.persist_noclobber(path) {
            Ok(_) => true,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!("creating {}", path.display())));
            }
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok((Store::open_file(path, access)?, created))
    }

    /// Refuses a write, before it starts, on a ledger opened read-only or missing part of
    /// its schema.
    pub(in crate::store) fn check_writable(&self) -> Result<()> {
        let p = self.path.display();
        if self.read_only {
            return Err(read_only(&self.path));
        }
        if !self.missing.is_empty() {
            bail!(
                "{p} lacks part of the ledger's schema ({}): changes are refused so that nothing is written unguarded; export it and restore it into a new ledger, or restore a backup",
                self.missing.join(", ")
            );
        }
        Ok(())
    }
}

/// Makes sure `path` is a non-empty regular file on a filesystem fit for it; returns the
/// network filesystem's name if the user opted in to one.
pub(in crate::store) fn check_file(path: &Path, access: &Access) -> Result<Option<&'static str>> {
    let p = path.display();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(no_ledger(path, "")),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            match crate::store::perm::why_unreadable(path) {
                Some(why) => bail!(why),
                None => bail!(crate::msg!("permission denied opening {p}", "无权打开 {p}")),
            }
        }
        Err(e) => bail!(crate::msg!("cannot open {p}: {e}", "无法打开 {p}：{e}")),
    };
    if meta.is_dir() {
        bail!(crate::msg!(
            "{p} is a directory, not a ledger file: give a ledger file's path",
            "{p} 是文件夹，不是台账文件：请给出台账文件的路径"
        ));
    }
    if !meta.is_file() {
        bail!(crate::msg!(
            "{p} is not a regular file (a device, FIFO or socket): a ledger is a file; give a ledger file's path",
            "{p} 不是普通文件（而是设备、管道或套接字）：台账是文件；请给出台账文件的路径"
        ));
    }
    if meta.len() == 0 {
        bail!(crate::msg!(
            "{p} is an empty file, not a ledger: remove it, or make it a new ledger with 'tracker --db {p} init --force' (the empty file is kept aside; add --empty for a ledger to restore or copy into)",
            "{p} 是空文件，不是台账：请删除它，或用 'tracker --db {p} init --force' 建成新台账（空文件会另行保留；要恢复或复制到其中，请加 --empty）"
        ));
    }
    // A ledger this user may not read: say whose it is and how it could be shared, rather
    // than SQLite's "unable to open".
    if let Some(why) = crate::store::perm::why_unreadable(path) {
        bail!(why);
    }
    check_network(path, path, access)
}

/// The refusal of a write to a ledger opened read-only, with who stands in the way (the
/// file's owner or group, or the folder the write-ahead log goes in) when that is known.
pub(in crate::store) fn read_only(path: &Path) -> anyhow::Error {
    let p = path.display();
    match crate::store::perm::why_unwritable(path) {
        Some(why) => anyhow!(crate::msg!(
            "{p} is read-only: changes cannot be recorded; {why}",
            "{p} 是只读的：无法记录变更；{why}"
        )),
        None => anyhow!(crate::msg!(
            "{p} is read-only: changes cannot be recorded",
            "{p} 是只读的：无法记录变更"
        )),
    }
}

/// Refuses a ledger on a network filesystem unless the user opted in.
fn check_network(probe: &Path, path: &Path, access: &Access) -> Result<Option<&'static str>> {
    let Some(fs) = network_fs(probe, access) else {
        return Ok(None);
    };
    if access.network_share {
        return Ok(Some(fs));
    }
    bail!(
        "{} is on a network share ({fs}), where SQLite's locking and write-ahead log do not work and the ledger can be corrupted: keep the ledger in a local file (each office its own, sending exports or reports), or use one shared ledger on a server; if only one person at a time uses this share, set network_share = true in the config file (one tracker at a time, rollback journal)",
        path.display()
    )
}

fn network_fs(path: &Path, access: &Access) -> Option<&'static str> {
    if let Some(name) = &access.assume_fs {
        return NETWORK_FS
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(_, n)| *n);
    }
    let magic = fs_magic(path)?;
    NETWORK_FS
        .iter()
        .find(|(m, _)| *m == magic)
        .map(|(_, n)| *n)
}

#[cfg(target_os = "linux")]
fn fs_magic(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut buf: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a NUL-terminated path and `buf` a statfs the call fills in.
    let rc = unsafe { libc::statfs(c.as_ptr(), &mut buf) };
    (rc == 0).then_some(buf.f_type as u64 & 0xFFFF_FFFF)
}

#[cfg(not(target_os = "linux"))]
fn fs_magic(_: &Path) -> Option<u64> {
    None
}

/// Whether this process may write the file and create its journal beside it.
#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let ok = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            // SAFETY: a NUL-terminated path; access(2) only reads it.
            .is_ok_and(|c| unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0)
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    ok(path) && ok(dir)
}

#[cfg(not(unix))]
fn may_write(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// Statements each connection keeps prepared (see `connect`).
const STATEMENT_CACHE: usize = 64;

/// A connection: read-write, or read-only (then, with no `-wal` beside the file, as an
/// immutable file, since a read-only folder cannot hold the shared-memory file WAL reads need).
fn connect(path: &Path, writable: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    flags |= if writable {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    };
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    let immutable = !writable && !may_write(path) && !PathBuf::from(wal).exists();
    let conn = if immutable {
        Connection::open_with_flags(uri(path, "?immutable=1"), flags)
    } else {
        Connection::open_with_flags(plain(path), flags)
    }
    .map_err(|e| friendly(e.into(), path))?;
    // Prepared statements kept for reuse (rusqlite keeps 16): a bulk write's loop (a notice
    // run records each task's event through some twenty statements) evicted its own
    // statements and prepared every one again for every task, a tenth of the run.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
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

/// `path` as SQLite must be given it to take it as a file's name: a relative name that
/// begins with `file:` (`file:台账.db`) is read as a URI by an open that accepts URIs (as
/// rusqlite's default flags do), so it is given as `./file:…`. Every open of a ledger file
/// by its name goes through this.
pub fn plain(path: &Path) -> std::borrow::Cow<'_, Path> {
    if path.as_os_str().as_encoded_bytes().starts_with(b"file:") {
        std::borrow::Cow::Owned(Path::new(".").join(path))
    } else {
        std::borrow::Cow::Borrowed(path)
    }
}

/// `file:` URI for `path`, the characters a URI gives meaning to percent-encoded (RFC 3986).
pub(in crate::store) fn uri(path: &Path, query: &str) -> String {
    let mut s = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => s.push_str(&format!("%{:02X}", c as u32)),
            _ => s.push(c),
        }
    }
    s.push_str(query);
    s
}

/// WAL lets readers go on while one process writes; on an opted-in network share, a rollback
/// journal with the file locked by one process. FULL sync makes every commit durable.
pub(in crate::store) fn set_journal(conn: &Connection, journal: &str) -> rusqlite::Result<()> {
    if journal != "WAL" {
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    }
    let _mode: String = conn.query_row(&format!("PRAGMA journal_mode = {journal}"), [], |r| {
        r.get(0)
    })?;
    conn.pragma_update(None, "synchronous", "FULL")
}
