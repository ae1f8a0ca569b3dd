//! The `-wal` and `-shm` files SQLite makes beside a ledger in WAL mode. Opening a file that is
//! then refused (damaged, not a tracker ledger, newer) must leave its folder as it was: a
//! read-only connection to a file whose header says WAL creates both, and, unlike the last
//! read-write connection, never removes them on closing (issue 17: `head -c 50000 good.db >
//! t.db; tracker --db t.db show 1.1` left `t.db-wal` and `t.db-shm`).

use std::path::{Path, PathBuf};

/// Which side files were beside a ledger before tracker opened it.
pub(super) struct Sides {
    wal: PathBuf,
    shm: PathBuf,
    had_wal: bool,
    had_shm: bool,
}

impl Sides {
    /// Notes which of `path`'s `-wal` and `-shm` exist now, before any connection.
    pub(super) fn before(path: &Path) -> Sides {
        let side = |suffix: &str| {
            let mut p = path.as_os_str().to_os_string();
            p.push(suffix);
            PathBuf::from(p)
        };
        let (wal, shm) = (side("-wal"), side("-shm"));
        Sides {
            had_wal: wal.symlink_metadata().is_ok(),
            had_shm: shm.symlink_metadata().is_ok(),
            wal,
            shm,
        }
    }

    /// After a refused open, once its connections are closed: removes the side files that
    /// open made. Only ones that were not there before, and only while the log holds nothing
    /// (a refused open writes none): a log with frames in it, or one that was already there,
    /// is another process's, whose changes live in it, and is never touched. Failures to
    /// remove are ignored: the refusal is what the user needs to read.
    pub(super) fn tidy(&self) {
        if self.had_wal {
            return;
        }
        match self.wal.symlink_metadata() {
            Ok(m) if m.is_file() && m.len() == 0 => {
                let _ = std::fs::remove_file(&self.wal);
            }
            Ok(_) => return,
            Err(_) => {}
        }
        if !self.had_shm && self.shm.symlink_metadata().is_ok_and(|m| m.is_file()) {
            let _ = std::fs::remove_file(&self.shm);
        }
    }
}
