//! A ledger file tracker refuses as damaged or as no tracker ledger leaves its folder as it
//! found it (issue 17): opening a file whose header says WAL used to create `-wal` and `-shm`
//! beside it and leave them there. What was already there (another process's log) stays,
//! byte for byte.

use std::path::Path;

use crate::support::{Ledger, run, sqlite_only};

/// The folder's entries with their sizes and contents, sorted.
fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = if e.path().is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    v.sort();
    v
}

/// The commands a clerk might run on the file, reading and writing.
const COMMANDS: &[&[&str]] = &[
    &["list"],
    &["show", "1.1"],
    &["note", "1.1", "已报送"],
    &["report", "--format", "json"],
    &["units"],
    &["history"],
    &["export"],
    &["undo"],
];

/// The damaged files, made from a good ledger in WAL mode (`good`): (name, bytes).
fn damaged(good: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    // Cut short at page boundaries and between them: the header still says WAL.
    for len in [100, 4096, 8192, 20_000, 50_000] {
        out.push((format!("cut-{len}"), good[..len.min(good.len())].to_vec()));
    }
    // A page of the schema overwritten.
    let mut page = good.to_vec();
    page[4096..8192].fill(0x07);
    out.push(("page-2".into(), page));
    // The header's magic kept, the rest noise.
    let mut noise = good[..100].to_vec();
    noise.extend((0..8000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    out.push(("noise".into(), noise));
    out
}

#[test]
fn a_refused_damaged_ledger_leaves_no_wal_or_shm() {
    if sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-11-02");
    let good = std::fs::read(&l.db).unwrap();
    assert_eq!(good[18..20], [2, 2], "the seeded ledger is in WAL mode");
    for (name, bytes) in damaged(&good) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("{name}.db"));
        std::fs::write(&file, &bytes).unwrap();
        for args in COMMANDS {
            let before = listing(dir.path());
            let out = run(l.cmd().env("TRACKER_DB", &file).args(*args));
            if out.code == 0 {
                // (A command that never reads the damaged part may still work.)
                continue;
            }
            let msg = out.fails(1, &[]);
            assert!(
                msg.contains("damaged") || msg.contains("not a tracker ledger"),
                "{name} {args:?}: {msg}"
            );
            let after = listing(dir.path());
            let names = |v: &[(String, Vec<u8>)]| v.iter().map(|e| e.0.clone()).collect::<Vec<_>>();
            assert_eq!(names(&after), names(&before), "{name} {args:?}: {msg}");
            assert!(after == before, "{name} {args:?}: a file changed");
        }
    }
}

#[test]
fn a_wal_mode_database_that_is_no_ledger_is_refused_without_leaving_files() {
    if sqlite_only() {
        return;
    }
    let l = Ledger::new("2026-11-02");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&file).unwrap();
        let mode: String = c
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        c.execute_batch("CREATE TABLE notes(a); INSERT INTO notes VALUES (1);")
            .unwrap();
    }
    let before = listing(dir.path());
    assert_eq!(
        before.len(),
        1,
        "{:?}",
        before.iter().map(|e| &e.0).collect::<Vec<_>>()
    );
    for args in COMMANDS {
        let out = run(l.cmd().env("TRACKER_DB", &file).args(*args));
        out.fails(1, &["not a tracker ledger"]);
        assert!(listing(dir.path()) == before, "{args:?}");
    }
}

#[test]
fn side_files_that_were_there_before_are_left_as_they_were() {
    if sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-11-02");
    let good = std::fs::read(&l.db).unwrap();
    // (an empty log, an empty shm), (a log with bytes in it, no shm): another process's.
    let cases: [(&[u8], Option<&[u8]>); 2] = [(b"", Some(b"")), (b"not empty at all", None)];
    for (wal, shm) in cases {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.db");
        std::fs::write(&file, &good[..50_000]).unwrap();
        std::fs::write(dir.path().join("t.db-wal"), wal).unwrap();
        if let Some(shm) = shm {
            std::fs::write(dir.path().join("t.db-shm"), shm).unwrap();
        }
        let before = listing(dir.path());
        let out = run(l.cmd().env("TRACKER_DB", &file).args(["list"]));
        assert_ne!(out.code, 0, "{}", out.stdout);
        let after = listing(dir.path());
        // The log that was there stays, with what it held.
        let wal_of = |v: &[(String, Vec<u8>)]| v.iter().find(|e| e.0 == "t.db-wal").cloned();
        assert_eq!(wal_of(&after), wal_of(&before), "{}", out.stderr);
    }
}
