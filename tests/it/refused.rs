//! Ledgers opened with limits, or refused as found: read-only ones are read, a newer one and
//! its WAL stay byte for byte, one missing part of its schema refuses writes, one on a
//! network share needs the opt-in.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::opening::{USES, count};
use crate::support::{Ledger, as_user, dump, run};

#[test]
fn a_read_only_ledger_can_be_read_and_refuses_only_writes() {
    // About file modes.
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    l.run(&["note", "1.1", "已报送"]).ok();
    for folder_writable in [false, true] {
        let ro = tempfile::Builder::new().prefix("ro").tempdir().unwrap();
        let db = ro.path().join("ledger.db");
        std::fs::copy(&l.db, &db).unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
        let mode = if folder_writable { 0o777 } else { 0o755 };
        std::fs::set_permissions(ro.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        let bytes = std::fs::read(&db).unwrap();
        for args in [
            &["list"][..],
            &[],
            &["show", "1.1"],
            &["history", "--format", "json"],
            &["report", "--format", "json"],
            &["units"],
            &["export"],
        ] {
            let out = as_user(&db, ro.path(), args);
            assert_eq!(
                out.code, 0,
                "{args:?} (folder writable: {folder_writable}): {}",
                out.stderr
            );
            assert!(!out.stdout.is_empty(), "{args:?}");
        }
        for args in [
            &["note", "1.1", "x"][..],
            &["update", "1.1", "--progress", "5"],
            &["add", "--rec", "1", "--title", "新任务", "--lead", "组织科"],
        ] {
            let out = as_user(&db, ro.path(), args);
            assert_eq!(out.code, 1, "{args:?}");
            let msg = out.stderr.trim_end();
            assert!(
                msg.starts_with("error: ")
                    && msg.contains("is read-only: changes cannot be recorded"),
                "{msg}"
            );
            assert_eq!(msg.lines().count(), 1);
        }
        assert_eq!(std::fs::read(&db).unwrap(), bytes);
    }
}

/// A ledger whose schema version was raised by a newer tracker in its WAL, not yet merged
/// into the file: the file, its `-wal` and `-shm` as a running newer tracker leaves them.
fn newer_with_pending_wal(l: &Ledger, db: &Path) {
    let conn = rusqlite::Connection::open(&l.db).unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute_batch(
        "PRAGMA user_version = 99; CREATE TABLE future (x); INSERT INTO future VALUES (1);",
    )
    .unwrap();
    for side in ["", "-wal", "-shm"] {
        std::fs::copy(
            format!("{}{side}", l.db.display()),
            format!("{}{side}", db.display()),
        )
        .unwrap();
    }
    drop(conn);
}

#[test]
fn a_newer_ledger_with_a_pending_wal_is_refused_byte_for_byte() {
    // About a newer ledger file and its WAL.
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let db = l.dir.path().join("newer.db");
    newer_with_pending_wal(&l, &db);
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    let (file, log) = (std::fs::read(&db).unwrap(), std::fs::read(&wal).unwrap());
    assert!(!log.is_empty(), "the WAL holds the change");
    for args in USES.iter().copied().chain([&["backup", "/dev/null"][..]]) {
        let mut c = l.cmd();
        c.env("TRACKER_DB", &db).args(args);
        run(&mut c).fails(1, &["newer tracker", "99"]);
        assert_eq!(
            std::fs::read(&db).unwrap(),
            file,
            "{args:?} changed the file"
        );
        assert_eq!(
            std::fs::read(&wal).unwrap(),
            log,
            "{args:?} changed the -wal"
        );
    }
}

#[test]
fn writes_are_refused_naming_what_the_schema_lacks() {
    // About a ledger file's indexes and triggers dropped by hand.
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let names: Vec<(String, String)> = {
        let c = rusqlite::Connection::open(&l.db).unwrap();
        let mut s = c
            .prepare("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index') AND name NOT LIKE 'sqlite_%'")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(names.len() >= 8, "{names:?}");
    for (kind, name) in names {
        let db = l.dir.path().join(format!("{name}.db"));
        std::fs::copy(&l.db, &db).unwrap();
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(&format!("DROP {} {name};", kind.to_uppercase()))
            .unwrap();
        let before = dump(&db);
        let mut c = l.cmd();
        c.env("TRACKER_DB", &db).args(["list"]);
        run(&mut c).ok();
        for args in [
            &["note", "1.1", "x"][..],
            &["update", "1.1", "--status", "done"],
            &["units", "rename", "组织科", "干部科"],
        ] {
            let mut c = l.cmd();
            c.env("TRACKER_DB", &db).args(args);
            run(&mut c).fails(1, &[&format!("{kind} {name}"), "refused"]);
        }
        assert_eq!(dump(&db), before, "{name}");
    }
}

#[test]
fn a_ledger_on_a_network_share_is_refused_unless_opted_in() {
    // About a ledger file on a network filesystem.
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let fresh = l.dir.path().join("share").join("new.db");
    for fs in ["nfs", "cifs", "smb2", "smb", "NFS"] {
        let before = dump(&l.db);
        for args in [&["list"][..], &["note", "1.1", "x"]] {
            run(l.cmd().env("TRACKER_ASSUME_FS", fs).args(args)).fails(
                1,
                &[
                    "network share",
                    "local file",
                    "server",
                    "network_share = true",
                ],
            );
        }
        run(l
            .cmd()
            .env("TRACKER_ASSUME_FS", fs)
            .arg("--db")
            .arg(&fresh)
            .arg("init"))
        .fails(1, &["network share"]);
        assert!(!fresh.exists());
        assert_eq!(dump(&l.db), before);
    }
    // A local filesystem named: as usual.
    run(l.cmd().env("TRACKER_ASSUME_FS", "ext4").arg("list")).ok();
    // The opt-in: a rollback journal, and the ledger works.
    let config = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "network_share = true\n").unwrap();
    run(l
        .cmd()
        .env("TRACKER_ASSUME_FS", "nfs")
        .args(["note", "1.1", "共享盘上"]))
    .ok();
    let mode: String = rusqlite::Connection::open(&l.db)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    assert!(!PathBuf::from(format!("{}-wal", l.db.display())).exists());
    assert_eq!(
        count(&l.db, "SELECT count(*) FROM events WHERE field = 'note'"),
        1
    );
}

#[test]
fn a_ledger_missing_a_table_is_refused_naming_it() {
    // About a ledger file with a table dropped by hand.
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    for table in ["imports", "meta"] {
        let db = l.dir.path().join(format!("{table}.db"));
        std::fs::copy(&l.db, &db).unwrap();
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(&format!(
                "PRAGMA journal_mode = DELETE; DROP TABLE {table};"
            ))
            .unwrap();
        let bytes = std::fs::read(&db).unwrap();
        for args in USES {
            let mut c = l.cmd();
            c.env("TRACKER_DB", &db).args(*args);
            run(&mut c).fails(1, &[&format!("table {table}"), "restore it from a backup"]);
        }
        assert_eq!(std::fs::read(&db).unwrap(), bytes);
    }
}
