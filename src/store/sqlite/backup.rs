//! Online backups: a checked copy of the ledger, safe while others write. A server's ledger
//! is backed up into a ledger file too, by the export format (as `copy` moves a ledger).

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::store::{Access, Backend, Store};

impl Store {
    /// Copies the ledger to `dest` with SQLite's online backup, in one step under one read
    /// snapshot, so writers elsewhere neither block it nor make it restart. The copy is made
    /// under a temporary name and must pass `PRAGMA integrity_check` before it gets `dest`'s
    /// name (0600, never over an existing file); a device or FIFO gets the checked bytes.
    ///
    /// On a server the copy is a new ledger file holding the whole ledger as one
    /// `REPEATABLE READ` snapshot exported it, loaded as `restore` loads an export and read
    /// back to the same export bytes ([`Store::server_backup`]), then put in place as above.
    ///
    /// Errors: `dest` exists, is the ledger, or a folder; the copy fails the check (then no
    /// file is left); any I/O failure.
    pub fn backup_to(&mut self, dest: &Path, stdout: &mut dyn std::io::Write) -> Result<()> {
        use crate::output::{Dest, Privacy, Replace};
        let resolved = Dest::resolve(dest, &self.path)?;
        let target = match &resolved {
            Dest::File(t) => t.clone(),
            // The copy is checked before a byte of it is streamed.
            Dest::Stdout | Dest::Stream(_) => std::env::temp_dir().join("tracker-backup"),
        };
        if matches!(resolved, Dest::File(_))
            && (std::fs::symlink_metadata(dest).is_ok() || std::fs::metadata(&target).is_ok())
        {
            bail!(crate::msg!(
                "{} already exists: give a new file name (a backup never overwrites)",
                "{} 已存在：请另给一个文件名（备份从不覆盖）",
                dest.display()
            ));
        }
        let tmp = crate::output::temp_beside(&target, dest)?;
        let copied = match &self.backend {
            Backend::Pg(_) => self.server_backup(&target, tmp.path(), dest),
            Backend::Sqlite { .. } => {
                crate::store::migrate::copy_checked(self.conn()?, tmp.path(), dest)
            }
        };
        copied.with_context(|| crate::msg!("backing up to {}", "备份到 {}", dest.display()))?;
        match resolved {
            Dest::File(t) => crate::output::commit(tmp, &t, dest, Privacy::Owner, Replace::Never),
            other => {
                let mut f = std::fs::File::open(tmp.path())?;
                crate::output::write_to(&other, dest, Privacy::Owner, Replace::Never, stdout, |w| {
                    std::io::copy(&mut f, w)?;
                    Ok(())
                })
            }
        }
    }
}

impl Store {
    /// A server's ledger as a ledger file's bytes, written to `into`: the export of one
    /// snapshot, streamed into a new ledger file built in a private folder beside `target`
    /// (each part checked, `quick_check` and `foreign_key_check` before its commit, as
    /// `restore`; never the whole export in memory, `dump::pipe`), which must export the same
    /// bytes again (by fingerprint); then copied to `into` (an empty file) and checked there
    /// as a ledger file's backup is (`migrate::copy_checked`).
    ///
    /// Errors: the server's (one line each, `store::friendly`); a copy that does not read back
    /// the same (nothing is kept); any I/O failure.
    fn server_backup(&mut self, target: &Path, into: &Path, shown: &Path) -> Result<()> {
        let folder = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // 0700, and with the ledger file built in it removed by a signal too.
        let mut work = crate::output::temp_folder_in(folder, ".tracker-backup.")?;
        let file = work.file("ledger.db");
        // A private folder no one else uses: the network-share opt-in only changes how a
        // share's file is locked and journalled, and the bytes are copied out below.
        let access = Access {
            network_share: true,
            assume_fs: None,
        };
        let (mut copy, exported) = crate::dump::pipe::through(
            |w| self.export_to(w).map(|_| ()),
            |r| {
                Store::create_filled(&file, &access, None, |s| {
                    s.restore(r).map(|_| ()).map_err(|e| match e {
                        crate::dump::StreamError::Refused(e) => e,
                        crate::dump::StreamError::Malformed(m) => anyhow::anyhow!(m),
                    })
                })
                .map(|(store, _)| store)
            },
        )
        .map_err(|e| {
            // The new file's disk ran out: said of the backup asked for, not the server.
            if crate::store::disk_full(&e) {
                anyhow::anyhow!(crate::msg!(
                    "cannot write {}: the disk is full; no copy was kept",
                    "无法写入 {}：磁盘已满；未保留副本",
                    shown.display()
                ))
            } else {
                e
            }
        })?;
        let again = crate::dump::pipe::fingerprint(|w| copy.export_to(w).map(|_| ()))?;
        if again != exported {
            bail!(crate::msg!(
                "the copy does not read back as the server's ledger exported: nothing was kept (report this)",
                "副本与服务器台账的导出内容不一致：未保留任何文件（请报告此问题）"
            ));
        }
        drop(copy);
        let built = rusqlite::Connection::open(super::open::plain(&file))?;
        crate::store::migrate::copy_checked(&built, into, shown)
    }
}
