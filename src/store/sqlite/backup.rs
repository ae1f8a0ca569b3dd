//! Online backups: a checked copy of the ledger, safe while others write.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::store::Store;

impl Store {
    /// Copies the ledger to `dest` with SQLite's online backup, in one step under one read
    /// snapshot, so writers elsewhere neither block it nor make it restart. The copy is made
    /// under a temporary name and must pass `PRAGMA integrity_check` before it gets `dest`'s
    /// name (0600, never over an existing file); a device or FIFO gets the checked bytes.
    ///
    /// Errors: `dest` exists, is the ledger, or a folder; the copy fails the check (then no
    /// file is left); any I/O failure.
    pub fn backup_to(&self, dest: &Path, stdout: &mut dyn std::io::Write) -> Result<()> {
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
        crate::store::migrate::copy_checked(self.conn()?, tmp.path())
            .with_context(|| crate::msg!("backing up to {}", "备份到 {}", dest.display()))?;
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
