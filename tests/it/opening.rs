//! Finding and creating ledgers: only `init` and the default path create one; anything that
//! is not a ledger file is refused before SQLite touches it; `~` and config-relative paths;
//! precedence; first uses at once; upgrades from every earlier version. Ledgers opened with
//! limits or refused as found: `refused.rs`.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{Ledger, dump, run};

/// Builds the ledger that schema version `version` wrote, from its fixture.
pub fn ledger_from_fixture(db: &Path, version: u32) {
    let sql = match version {
        1 => include_str!("../fixtures/ledger-v1.sql"),
        2 => include_str!("../fixtures/ledger-v2.sql"),
        3 => include_str!("../fixtures/ledger-v3.sql"),
        _ => panic!("no fixture for version {version}"),
    };
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
}

pub fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every command, reading or writing, that opens the ledger.
pub const USES: &[&[&str]] = &[
    &["list"],
    &[],
    &["show", "1.1"],
    &["note", "1.1", "已报送"],
    &["update", "1.1", "--progress", "10"],
    &["add", "--rec", "1", "--title", "新任务", "--lead", "组织科"],
    &["history"],
    &["report"],
    &["units"],
    &["units", "rename", "组织科", "干部科"],
    &["export"],
    &["undo"],
];

#[test]
fn a_missing_ledger_is_created_only_by_init_or_at_the_default_path() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::new("2026-03-02");
    let dir = l.dir.path();
    let typo = dir.join("新文件夹").join("ledger.db");
    let config = dir.join("config").join("tracker");
    std::fs::create_dir_all(&config).unwrap();
    let import = dir.join("report.txt");
    std::fs::write(
        &import,
        "三、对策建议\n1. 加强调研成果转化。\n2. 健全跟踪问效机制。\n",
    )
    .unwrap();
    let mut uses: Vec<Vec<String>> = USES
        .iter()
        .map(|u| u.iter().map(|s| s.to_string()).collect())
        .collect();
    uses.push(vec!["import".into(), import.display().to_string()]);
    uses.push(vec![
        "backup".into(),
        dir.join("b.db").display().to_string(),
    ]);
    // The three ways of naming a ledger that is not there.
    for way in ["flag", "env", "config", "config-relative"] {
        for args in &uses {
            let mut c = l.cmd();
            c.env_remove("TRACKER_DB");
            match way {
                "flag" => {
                    c.arg("--db").arg(&typo);
                }
                "env" => {
                    c.env("TRACKER_DB", &typo);
                }
                "config" => {
                    std::fs::write(
                        config.join("config.toml"),
                        format!("db = \"{}\"\n", typo.display()),
                    )
                    .unwrap();
                }
                _ => {
                    std::fs::write(config.join("config.toml"), "db = \"新文件夹/ledger.db\"\n")
                        .unwrap();
                }
            }
            c.args(args);
            let expected = if way == "config-relative" {
                config.join("新文件夹").join("ledger.db")
            } else {
                typo.clone()
            };
            let msg = run(&mut c).fails(1, &["no ledger at", " init"]);
            assert!(
                msg.contains(&expected.display().to_string()),
                "{way} {args:?}: {msg}"
            );
            assert!(
                msg.contains(&format!("'tracker --db {} init", expected.display())),
                "{msg}"
            );
            assert!(
                !expected.exists() && !expected.parent().unwrap().exists(),
                "{way} {args:?}"
            );
            assert!(!l.db.exists(), "{way} {args:?} created the default ledger");
        }
        let _ = std::fs::remove_file(config.join("config.toml"));
    }
    // init creates it, missing folders included; then it is used.
    l.run(&["--db", typo.to_str().unwrap(), "init"]).ok();
    l.run(&["--db", typo.to_str().unwrap(), "note", "1.1", "已报送"])
        .ok();
    assert_eq!(count(&typo, "SELECT count(*) FROM tasks"), 16);
    // The default path is created by its first use, seeded.
    let out = l.run(&["list"]).ok();
    assert!(
        out.stderr.contains("created") && l.db.exists(),
        "{}",
        out.stderr
    );
}

#[test]
fn an_empty_file_is_not_a_ledger() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::new("2026-03-02");
    std::fs::write(&l.db, b"").unwrap();
    for args in USES.iter().copied().chain([&["init"][..]]) {
        let out = l.run(args);
        assert_eq!(out.code, 1, "{args:?}");
        assert!(
            out.stderr.contains("empty file") || out.stderr.contains("already exists"),
            "{args:?}: {}",
            out.stderr
        );
        assert_eq!(std::fs::metadata(&l.db).unwrap().len(), 0, "{args:?}");
    }
    l.run(&["list"])
        .fails(1, &["is an empty file", "init --force"]);
    // Restore and copy need a ledger with no plan: the hint says how to make one.
    let export = l.dir.path().join("x.json");
    std::fs::write(&export, b"{}").unwrap();
    l.run(&["restore", export.to_str().unwrap()])
        .fails(1, &["is an empty file", "init --force", "--empty"]);
    let out = l.run(&["init", "--force"]).ok();
    assert!(
        out.stdout.contains("kept the previous ledger"),
        "{}",
        out.stdout
    );
    assert_eq!(count(&l.db, "SELECT count(*) FROM tasks"), 16);
}

#[test]
fn anything_but_a_regular_file_is_refused_before_sqlite_opens_it() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::new("2026-03-02");
    let dir = l.dir.path();
    let fifo = dir.join("pipe.db");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let folder = dir.join("folder.db");
    std::fs::create_dir(&folder).unwrap();
    let link = dir.join("link.db");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    for (path, words) in [
        (PathBuf::from("/dev/null"), "not a regular file"),
        (PathBuf::from("/dev/zero"), "not a regular file"),
        (fifo.clone(), "not a regular file"),
        (link.clone(), "not a regular file"),
        (folder.clone(), "is a directory"),
    ] {
        for args in USES
            .iter()
            .copied()
            .chain([&["init", "--force"][..], &["init"][..]])
        {
            let mut c = l.cmd();
            c.arg("--db").arg(&path).args(args);
            let out = run(&mut c);
            assert_eq!(out.code, 1, "{path:?} {args:?}: {}", out.stderr);
            assert!(
                out.stderr.contains(words) || out.stderr.contains("already exists"),
                "{path:?} {args:?}: {}",
                out.stderr
            );
        }
    }
    // Nothing beside them: no -journal, no -wal.
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["data", "folder.db", "link.db", "pipe.db"].map(String::from)
    );
    assert!(!Path::new("/dev/null-journal").exists());
}

#[test]
fn a_tilde_is_the_home_folder_and_a_config_db_is_relative_to_the_config_file() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::new("2026-03-02");
    let home = l.dir.path();
    // TRACKER_DB and --db with ~ (as a script or --db=~/… leaves it).
    let out = run(l.cmd().env("TRACKER_DB", "~/台账.db").arg("init")).ok();
    assert!(home.join("台账.db").exists(), "{}", out.stdout);
    assert!(!home.join("~").exists());
    run(l.cmd().arg("--db=~/台账.db").args(["note", "1.1", "x"])).ok();
    // The config's db: ~, and relative to the config file's folder.
    let config = home.join("config").join("tracker");
    std::fs::create_dir_all(&config).unwrap();
    for (db, lands) in [
        ("~/家里.db", home.join("家里.db")),
        ("本地/台账.db", config.join("本地").join("台账.db")),
    ] {
        std::fs::write(config.join("config.toml"), format!("db = \"{db}\"\n")).unwrap();
        let out = run(l.cmd().env_remove("TRACKER_DB").arg("init")).ok();
        assert!(lands.exists(), "{db}: {}", out.stdout);
        run(l.cmd().env_remove("TRACKER_DB").args(["note", "1.1", "x"])).ok();
        assert_eq!(
            count(&lands, "SELECT count(*) FROM events WHERE field = 'note'"),
            1
        );
    }
    assert!(!home.join("~").exists() && !Path::new("~").exists());
}

#[test]
fn tracker_db_beats_the_configs_db() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let other = l.dir.path().join("from-config.db");
    l.run(&["--db", other.to_str().unwrap(), "init"]).ok();
    let config = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("db = \"{}\"\n", other.display()),
    )
    .unwrap();
    let before = dump(&other);
    l.run(&["note", "1.1", "环境变量的台账"]).ok();
    assert_eq!(dump(&other), before, "the config's ledger was written");
    assert_eq!(
        count(&l.db, "SELECT count(*) FROM events WHERE field = 'note'"),
        1
    );
    run(l
        .cmd()
        .env_remove("TRACKER_DB")
        .args(["note", "1.1", "配置的台账"]))
    .ok();
    assert_eq!(
        count(&other, "SELECT count(*) FROM events WHERE field = 'note'"),
        1
    );
    assert_eq!(
        count(&l.db, "SELECT count(*) FROM events WHERE field = 'note'"),
        1
    );
}

#[test]
fn eight_first_uses_at_once_all_succeed_and_seed_once() {
    if crate::support::sqlite_only() {
        return;
    }
    for _round in 0..3 {
        let l = Ledger::new("2026-03-02");
        let children: Vec<_> = (0..8)
            .map(|i| {
                let mut c = l.cmd();
                if i % 2 == 0 {
                    c.args(["note", "1.1", &format!("第{i}条")]);
                } else {
                    c.arg("list");
                }
                c.stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut created = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{err}");
            created += err.matches("created").count();
        }
        assert_eq!(created, 1, "one of them says it created the ledger");
        assert_eq!(count(&l.db, "SELECT count(*) FROM tasks"), 16);
        assert_eq!(
            count(&l.db, "SELECT count(*) FROM events WHERE field = 'created'"),
            16
        );
        assert_eq!(
            count(&l.db, "SELECT count(*) FROM events WHERE field = 'note'"),
            4
        );
        // The plan's start and the change that seeded it.
        assert_eq!(count(&l.db, "SELECT count(*) FROM meta"), 2);
    }
}

#[test]
fn every_earlier_schema_version_upgrades_to_a_new_ledgers_schema() {
    if crate::support::sqlite_only() {
        return;
    }
    let fresh = Ledger::seeded("2026-03-10");
    // Every object with its statement, compared word by word: spacing differs between
    // schema.sql and a migration step's ALTER TABLE.
    let schema = |db: &Path| -> Vec<(String, String)> {
        let c = rusqlite::Connection::open(db).unwrap();
        let mut s = c
            .prepare("SELECT name, COALESCE(sql, '') FROM sqlite_master ORDER BY name")
            .unwrap();
        let words = |sql: String| {
            sql.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace(" ,", ",")
                .replace(" )", ")")
        };
        s.query_map([], |r| Ok((r.get(0)?, words(r.get(1)?))))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for version in [1, 2, 3] {
        let l = Ledger::new("2026-03-10");
        ledger_from_fixture(&l.db, version);
        let before = dump(&l.db);
        let out = l.run(&["list", "--all", "--format", "json"]).ok();
        assert!(
            out.stderr
                .contains(&format!("from schema version {version} to")),
            "{}",
            out.stderr
        );
        assert_eq!(schema(&l.db), schema(&fresh.db), "v{version}");
        // Version 4 gave events three columns (entered, undoes, position), unknown (NULL) for
        // the events recorded before it.
        // Version 5 added the (empty) return-sheet tables; version 7 the (empty) notices.
        let after = dump(&l.db)
            .replace("|Null|Null|Null\n", "\n")
            .replace("## notices\n", "")
            .replace("## sheets_collected\n", "")
            .replace("## sheets_issued\n", "");
        let kept = if version == 1 {
            after.replace("## imports\n", "")
        } else {
            after
        };
        assert_eq!(kept, before, "v{version}: rows changed in the upgrade");
        let copy = PathBuf::from(format!("{}.v{version}.bak", l.db.display()));
        assert_eq!(dump(&copy), before, "v{version}: the copy");
        assert_eq!(
            std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // The history replays in a past week's report, and the upgrade happens once.
        if version == 1 {
            let r = l
                .run(&["report", "--week", "2026-W10", "--format", "json"])
                .ok()
                .json();
            assert_eq!(r["total"]["done"], 1);
        }
        let again = l.run(&["list"]).ok();
        assert!(again.stderr.is_empty(), "upgraded twice: {}", again.stderr);
        // Writes work after the upgrade: nothing the schema needs is missing.
        l.run(&["note", "1.1", "升级后"]).ok();
        if version == 2 {
            assert_eq!(count(&l.db, "SELECT count(*) FROM imports"), 1);
            let show = l.run(&["show", "4.1", "--format", "json"]).ok().json();
            assert_eq!(show["lead"], "研究室");
        }
    }
}
