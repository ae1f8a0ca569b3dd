//! No file tracker writes may take the name of SQLite's side file of another file beside it
//! (`X-wal`, `X-shm`, `X-journal`): SQLite would delete it on X's next open, or find a
//! journal it cannot roll back and leave X refused as read-only.

use crate::support::Ledger;

#[test]
fn a_side_file_name_of_a_file_beside_is_refused_for_every_kind_of_output() {
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path();
    // Another ledger in the folder, the one a mistyped name would damage.
    let other = dir.join("other.db");
    l.run_in(&other, &["init"]).ok();
    l.run_in(&other, &["note", "1.1", "另一本台账"]).ok();
    let other_export = l.run_in(&other, &["export"]).ok().stdout;
    for side in ["-wal", "-shm", "-journal"] {
        let name = format!("other.db{side}");
        let target = dir.join(&name);
        let t = target.to_str().unwrap();
        let commands: [Vec<&str>; 5] = [
            vec!["copy", "--to", t],
            vec!["export", "--out", t],
            vec!["backup", t],
            vec!["report", "--format", "html", "--out", t],
            vec!["report", "--format", "xlsx", "--out", t],
        ];
        for args in commands {
            let said = l
                .run(&args)
                .fails(1, &[&name, "other.db", side, "another file name"]);
            assert_eq!(said.lines().count(), 1, "{args:?}: {said}");
            assert!(!target.exists(), "{args:?} left {name}");
            let zh: Vec<&str> = ["--lang", "zh"].into_iter().chain(args.clone()).collect();
            l.run(&zh).fails(1, &["附属文件", "请换一个文件名"]);
        }
        // The other ledger still opens for writing, and holds what it held.
        assert_eq!(l.run_in(&other, &["export"]).ok().stdout, other_export);
    }
    // The suffix alone is refused too: a copy named `nx.db-wal` would be deleted by the first
    // ledger later made as `nx.db`, and one named `nx.db-journal` would block it.
    for name in ["nx.db-wal", "nx.db-shm", "nx.db-journal", "e.json-journal"] {
        let target = dir.join(name);
        let t = target.to_str().unwrap();
        for args in [vec!["copy", "--to", t], vec!["export", "--out", t]] {
            l.run(&args)
                .fails(1, &[name, "side file", "another file name"]);
        }
        assert!(!target.exists());
    }
}

/// Side files left beside a name (a ledger killed with changes in its log, then moved away)
/// would be replayed onto a new file written there: every way a ledger file is made refuses
/// the name, naming the file to move.
#[test]
fn a_new_ledger_is_never_made_beside_side_files_left_there() {
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path();
    let export = dir.join("ledger.json");
    l.run(&["export", "--out", export.to_str().unwrap()]).ok();
    for side in ["-wal", "-shm", "-journal"] {
        let target = dir.join("g.db");
        let left = dir.join(format!("g.db{side}"));
        std::fs::write(&left, b"left by an earlier ledger").unwrap();
        let t = target.to_str().unwrap();
        let cases: [Vec<&str>; 4] = [
            vec!["copy", "--to", t],
            vec!["backup", t],
            vec!["--db", t, "restore", export.to_str().unwrap()],
            vec!["--db", t, "init"],
        ];
        for args in cases {
            let said = l
                .run(&args)
                .fails(1, &[&format!("g.db{side}"), "move it away"]);
            assert_eq!(said.trim_end().lines().count(), 1, "{said}");
            assert!(!target.exists(), "{args:?} made g.db beside g.db{side}");
        }
        l.run(&["--lang", "zh", "backup", t])
            .fails(1, &["请先移走它"]);
        assert_eq!(std::fs::read(&left).unwrap(), b"left by an earlier ledger");
        std::fs::remove_file(&left).unwrap();
    }
}

/// No output replaces an SQLite database: another ledger typed by mistake after `--out`
/// would lose its whole history.
#[test]
fn no_output_replaces_another_ledger() {
    let l = Ledger::seeded("2026-03-02");
    let other = l.dir.path().join("other.db");
    l.run_in(&other, &["init"]).ok();
    l.run_in(&other, &["note", "1.1", "另一本台账"]).ok();
    let before = std::fs::read(&other).unwrap();
    let o = other.to_str().unwrap();
    let cases: [Vec<&str>; 4] = [
        vec!["export", "--out", o],
        vec!["export", "--format", "xlsx", "--out", o],
        vec!["report", "--format", "json", "--out", o],
        vec!["report", "--format", "csv", "--out", o],
    ];
    for args in cases {
        l.run(&args)
            .fails(1, &["other.db", "SQLite database", "another file name"]);
        assert_eq!(std::fs::read(&other).unwrap(), before, "{args:?}");
    }
    l.run(&["--lang", "zh", "export", "--out", o])
        .fails(1, &["SQLite 数据库", "请换一个文件名"]);
    // An ordinary file is still replaced, as --out promises.
    let plain = l.dir.path().join("周报.json");
    std::fs::write(&plain, b"old").unwrap();
    l.run(&["export", "--out", plain.to_str().unwrap()]).ok();
    assert_ne!(std::fs::read(&plain).unwrap(), b"old");
}

/// A relative name that begins with `file:` is a file's name, never an SQLite URI: the copy is
/// made and opens by that name.
#[test]
fn a_name_beginning_with_file_colon_is_a_file() {
    let l = Ledger::seeded("2026-03-02");
    if l.pg.is_some() {
        return; // a server's ledger is not a file
    }
    // Run in the ledger's folder, so the name is relative as typed; each must succeed.
    let in_folder = |args: &[&str]| {
        let out = l
            .cmd()
            .current_dir(l.dir.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    in_folder(&["copy", "--to", "file:台账.db"]);
    assert!(l.dir.path().join("file:台账.db").exists());
    assert_eq!(
        in_folder(&["--db", "file:台账.db", "export"]),
        l.run(&["export"]).ok().stdout.into_bytes()
    );
}

/// Standard output opened on a ledger (`1<>other.db`, or a descriptor a script hands down)
/// would be written over by any command: refused before anything runs, the file unchanged;
/// a file the shell has just emptied (`> new.db`) takes a backup as before.
#[test]
fn standard_output_opened_on_a_ledger_is_refused() {
    let l = Ledger::seeded("2026-03-02");
    let other = l.dir.path().join("other.db");
    l.run_in(&other, &["init"]).ok();
    let before = std::fs::read(&other).unwrap();
    for args in [
        vec!["export"],
        vec!["export", "--out", "/dev/stdout"],
        vec!["backup", "/dev/stdout"],
        vec!["list"],
        vec!["--lang", "zh", "list"],
    ] {
        // Read and write, not truncated: what `1<>other.db` gives.
        let onto = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&other)
            .unwrap();
        let out = l.cmd().args(&args).stdout(onto).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("standard output") || err.contains("标准输出"),
            "{args:?}: {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert_eq!(std::fs::read(&other).unwrap(), before, "{args:?}");
    }
    if l.pg.is_none() {
        let fresh = l.dir.path().join("fresh.db");
        let onto = std::fs::File::create(&fresh).unwrap();
        let out = l
            .cmd()
            .args(["backup", "/dev/stdout"])
            .stdout(onto)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            l.run_in(&fresh, &["export"]).ok().stdout,
            l.run(&["export"]).ok().stdout
        );
    }
}
