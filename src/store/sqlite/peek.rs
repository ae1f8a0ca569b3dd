//! Shell completion reads the ledger while the user waits at a prompt: one read-only
//! connection, no upgrade, no journal change, no history event, and a short wait for a lock.
//! Anything unusual (no file, a device, an older or newer schema, a lock held too long) is
//! `None`, never an error, so that nothing is ever printed into the user's command line.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::open;
use crate::model::TaskId;
use crate::store::{Access, Backend, Store, migrate};

/// How long completion waits for a writer's lock before giving up on ledger values.
const PEEK_BUSY: Duration = Duration::from_millis(200);

impl Store {
    /// The ledger at `path`, opened read-only for completion, or `None` when it is missing,
    /// not a regular non-empty file, on a network share without the opt-in in `access`, or
    /// of another schema version than this tracker's (an older one is left for a real
    /// command to upgrade; a newer one is not ours to read).
    ///
    /// A server's ledger (`postgres::peek`): read-only, a short connect and statement timeout,
    /// `None` when it cannot be reached in time, holds no ledger or another version.
    pub fn peek(path: &Path, access: &Access) -> Option<Store> {
        if crate::store::is_server_url(path) {
            return crate::store::postgres::peek(path);
        }
        let journal = if open::check_file(path, access).ok()?.is_some() {
            "DELETE"
        } else {
            "WAL"
        };
        // With no `-wal` beside it, no one has the ledger open for writing: read it as an
        // immutable file, which creates no `-shm` or `-wal` (a read-only connection would
        // leave both behind, owned by whoever pressed Tab, beside a ledger shared by a
        // group). With a `-wal`, its writer's side files are there already, and are read.
        let mut wal = path.as_os_str().to_os_string();
        wal.push("-wal");
        let query = if Path::new(&wal).exists() {
            ""
        } else {
            "?immutable=1"
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(open::uri(path, query), flags).ok()?;
        conn.busy_timeout(PEEK_BUSY).ok()?;
        (migrate::user_version(&conn).ok()? == migrate::VERSION).then_some(())?;
        Some(Store {
            backend: Backend::Sqlite { conn, journal },
            path: path.to_path_buf(),
            read_only: true,
            missing: Vec::new(),
        })
    }

    /// Every task's id and title, in id order: the candidates and descriptions completion
    /// offers where a task id is wanted.
    pub fn task_titles(&self) -> anyhow::Result<Vec<(TaskId, String)>> {
        self.db()
            .query(
                "SELECT recommendation, item, title FROM tasks ORDER BY recommendation, item",
                &[],
            )?
            .iter()
            .map(|r| Ok((TaskId::new(r.get(0)?, r.get(1)?), r.get(2)?)))
            .collect()
    }
}
