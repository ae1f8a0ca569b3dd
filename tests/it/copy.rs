//! `tracker copy --from A --to B` between ledger files, and a server URL wherever a ledger is
//! named (`--db`, `TRACKER_DB`, config `db`): parsed, refused in one line, never showing its
//! password. (Copies to and from a server run with the PostgreSQL backend.)

use crate::support::{Ledger, run};

/// A ledger with every kind of thing a copy must carry: changes, notes, a renamed unit, an
/// undone change, an added task, issued notices.
fn busy_ledger() -> Ledger {
    let l = Ledger::seeded("2026-03-02");
    l.run(&[
        "update",
        "1.4",
        "--progress",
        "40",
        "--note",
        "已拟定方案",
        "--by",
        "张三",
    ])
    .ok();
    l.run(&["note", "1.2", "已完成会议筹备方案初稿"]).ok();
    l.run(&["update", "2.1", "--status", "done"]).ok();
    l.run(&["units", "rename", "人事局", "人社局"]).ok();
    l.run(&["update", "3.1", "--progress", "10"]).ok();
    l.run(&["undo"]).ok();
    l.run(&[
        "add",
        "--rec",
        "1",
        "--title",
        "建立党建指导员制度",
        "--lead",
        "组织科",
        "--deadline",
        "2026-12-31",
    ])
    .ok();
    let out = l.dir.path().join("通知单");
    l.run(&[
        "notice",
        "--all",
        "--reply-by",
        "2026-03-20",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    l
}

#[test]
fn a_copy_holds_the_same_history_units_notices_and_ids() {
    let l = busy_ledger();
    let to = l.dir.path().join("副本").join("带走.db");
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    let done = l.run(&["copy", "--to", to.to_str().unwrap()]).ok();
    assert!(
        done.stdout.starts_with("copied 17 tasks and ") && done.stdout.contains("带走.db"),
        "{}",
        done.stdout
    );
    // Task ids, change numbers, units and every event, as the commands show them.
    for args in [
        &["export"][..],
        &["history", "--format", "json"],
        &["list", "--all", "--format", "json"],
        &["units", "--format", "json"],
    ] {
        assert_eq!(
            l.run_in(&to, args).ok().stdout,
            l.run(args).ok().stdout,
            "{args:?}"
        );
    }
    // The copy lives on by itself: a change to it is the next change number, and the
    // source does not see it.
    l.run_in(&to, &["note", "1.4", "在副本中记录"]).ok();
    assert_ne!(crate::support::dump(&to), l.dump());
}

#[test]
fn from_and_to_may_both_be_named_and_an_empty_ledger_may_be_the_target() {
    let l = busy_ledger();
    let empty = l.dir.path().join("空.db");
    l.run_in(&empty, &["init", "--empty"]).ok();
    let from = l.ledger();
    let from = from.to_str().unwrap();
    l.run_in(
        &empty,
        &["copy", "--from", from, "--to", empty.to_str().unwrap()],
    )
    .ok();
    assert_eq!(
        l.run_in(&empty, &["export"]).ok().stdout,
        l.run(&["export"]).ok().stdout
    );
}

#[test]
fn a_target_with_anything_in_it_is_refused_and_left_as_it_was() {
    let l = busy_ledger();
    let other = Ledger::seeded("2026-03-02");
    let before = other.dump();
    let to = other.ledger();
    let to = to.to_str().unwrap();
    let msg = l.run(&["copy", "--to", to]).fails(
        1,
        &[
            "cannot copy into",
            "already holds a plan",
            "never overwrites",
        ],
    );
    assert!(msg.starts_with("error: "), "{msg}");
    assert_eq!(other.dump(), before);
    // The same ledger as source and target is refused as itself, however it is named.
    let from = l.ledger();
    let from = from.to_str().unwrap();
    let before = l.dump();
    l.run(&["copy", "--from", from, "--to", from])
        .fails(1, &["cannot copy", "into itself", "--to"]);
    if l.pg.is_none() {
        let link = l.dir.path().join("link.db");
        std::os::unix::fs::symlink(&l.db, &link).unwrap();
        let dotted =
            l.db.parent()
                .unwrap()
                .join(".")
                .join(l.db.file_name().unwrap());
        for to in [link.to_str().unwrap(), dotted.to_str().unwrap()] {
            l.run(&["copy", "--from", from, "--to", to])
                .fails(1, &["into itself"]);
        }
        l.run(&["--lang", "zh", "copy", "--from", from, "--to", from])
            .fails(1, &["复制到它自身"]);
    }
    assert_eq!(l.dump(), before);
    let zh = l
        .run(&["--lang", "zh", "copy", "--to", to])
        .fails(1, &["错误：", "已有计划"]);
    assert!(!zh.contains("cannot"), "{zh}");
}

#[test]
fn a_target_linked_to_nothing_and_an_empty_name_are_refused_saying_what_to_give() {
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path();
    let gone = dir.join("gone.db");
    let dangling = dir.join("dangling.db");
    std::os::unix::fs::symlink(&gone, &dangling).unwrap();
    let said = l
        .run(&["copy", "--to", dangling.to_str().unwrap()])
        .fails(1, &["dangling.db", "link", "does not exist", "--to"]);
    assert!(!said.contains("init"), "{said}");
    assert!(!gone.exists());
    let to = dir.join("new.db");
    for args in [
        vec!["copy", "--from", "", "--to", to.to_str().unwrap()],
        vec!["copy", "--to", ""],
    ] {
        let said = l.run(&args).fails(1, &["empty ledger name", "postgres://"]);
        assert!(!said.contains("init"), "{said}");
    }
    assert!(!to.exists());
    // A directory as the target names what to give, not --db.
    let said = l
        .run(&["copy", "--to", dir.to_str().unwrap()])
        .fails(1, &["directory", "ledger file"]);
    assert!(!said.contains("--db"), "{said}");
}

#[test]
fn a_missing_source_is_refused_and_makes_no_target() {
    let l = Ledger::new("2026-03-09");
    let from = l.dir.path().join("none.db");
    let to = l.dir.path().join("new.db");
    l.run(&[
        "copy",
        "--from",
        from.to_str().unwrap(),
        "--to",
        to.to_str().unwrap(),
    ])
    .fails(1, &["no ledger", "none.db"]);
    assert!(!to.exists() && !from.exists());
}

#[test]
fn server_urls_are_read_and_never_show_their_password() {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    // (args, what the one line names); each with the password `s3cret` somewhere.
    let cases: &[(&[&str], &[&str])] = &[
        (
            &[
                "copy",
                "--to",
                "postgres://clerk:s3cret@db.example.org/dubanl",
            ],
            &["postgres://clerk@db.example.org/dubanl"],
        ),
        (
            &[
                "--db",
                "postgresql://clerk:s3cret@%2Fvar%2Frun%2Fpostgresql/d",
                "list",
            ],
            &["postgresql://clerk@%2Fvar%2Frun%2Fpostgresql/d"],
        ),
        (
            &[
                "--db",
                "postgres://clerk@h/d?password=s3cret&sslmode=require",
                "list",
            ],
            &["postgres://clerk@h/d?sslmode=require"],
        ),
        (
            &["--db", "postgres://clerk:s3cret@h/d?sslmode=verify", "list"],
            &["sslmode", "verify-full"],
        ),
        (
            &[
                "--db",
                "postgres://clerk:s3cret@h:70000/d",
                "update",
                "1.4",
                "--progress",
                "50",
            ],
            &["65535"],
        ),
        (
            &["--db", "postgres://clerk:s3cret@h/d?colour=red", "init"],
            &["colour", "sslrootcert"],
        ),
        (&["--db", "postgres://clerk:s3cret@h/%zz", "list"], &["%XX"]),
    ];
    for (args, needles) in cases {
        for lang in ["en", "zh"] {
            let out = run(l.cmd().env("TRACKER_LANG", lang).args(*args));
            let msg = out.fails(1, if lang == "en" { needles } else { &[] });
            assert!(!msg.contains("s3cret"), "{args:?}: {msg}");
            if lang == "zh" {
                assert!(msg.starts_with("错误："), "{args:?}: {msg}");
            }
        }
    }
    // The URL through TRACKER_DB as well.
    let out = run(l
        .cmd()
        .env("TRACKER_DB", "postgres://clerk:s3cret@h/d")
        .arg("list"));
    let msg = out.fails(1, &["postgres://clerk@h/d", "PostgreSQL"]);
    assert!(!msg.contains("s3cret"), "{msg}");
    assert_eq!(l.dump(), before);
    // Nothing was made for any of them: no folder named after a URL.
    let stray: Vec<_> = std::fs::read_dir(l.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("postgres"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn a_config_file_holds_a_password_only_when_no_one_else_may_read_it() {
    use std::os::unix::fs::PermissionsExt;
    // It names the ledger by its file (--db PATH).
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let cfg = l.dir.path().join("config.toml");
    let cases = [
        ("password = \"s3cret\"\n", 0o644, false),
        ("password = \"s3cret\"\n", 0o640, false),
        ("password = \"s3cret\"\n", 0o600, true),
        ("password = \"s3cret\"\n", 0o400, true),
        ("db = \"postgres://clerk:s3cret@h/d\"\n", 0o604, false),
        // No password: any mode will do.
        ("lang = \"en\"\n", 0o644, true),
        ("db = \"postgres://clerk@h/d\"\n", 0o644, true),
    ];
    for (text, mode, allowed) in cases {
        std::fs::write(&cfg, text).unwrap();
        std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(mode)).unwrap();
        let out = run(l
            .cmd()
            .env_remove("TRACKER_DB")
            .env("TRACKER_CONFIG", &cfg)
            .args(["--db", l.db.to_str().unwrap(), "list"]));
        if allowed {
            out.ok();
        } else {
            let msg = out.fails(1, &["config.toml", "chmod 600"]);
            assert!(!msg.contains("s3cret"), "{msg}");
        }
    }
    // A URL in the config's db names the server, not a file beside the config.
    std::fs::write(&cfg, "db = \"postgres://clerk@h/d\"\n").unwrap();
    let out = run(l
        .cmd()
        .env_remove("TRACKER_DB")
        .env("TRACKER_CONFIG", &cfg)
        .arg("list"));
    out.fails(1, &["postgres://clerk@h/d", "PostgreSQL"]);
}
