//! A shared server never hangs a clerk and always says what is wrong (issue 18, F6, F8, F12,
//! F13, F14, F16, F18): a stopped writer frees the ledger, every lock wait ends after 30
//! seconds with a line naming who holds it, a server that never answers is given up, each
//! SQLSTATE a person can meet is one line of its own, a refused or broken load leaves no
//! schema behind. Server tests are skipped unless `TRACKER_TEST_PG` names the test server.
//! No test measures time: each waits for an outcome and asserts the message and exit code.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use tracker::store::postgres::conn::{Target, connect};

use crate::support::{Ledger, Output, bin, pg_base, pg_url_with};

/// A superuser's connection to the test server, named `tracker-test-holder` in
/// pg_stat_activity.
fn admin() -> postgres::Client {
    let base = pg_base().expect("TRACKER_TEST_PG");
    let mut c = connect(&Target::parse(&base).unwrap()).expect("the test server answers");
    c.batch_execute("SET application_name = 'tracker-test-holder'")
        .unwrap();
    c
}

/// The role the test server's URL connects as.
fn admin_role() -> String {
    Target::parse(&pg_base().unwrap()).unwrap().user
}

fn schema(l: &Ledger) -> String {
    l.pg.as_ref().expect("a server ledger").schema.clone()
}

/// Starts `args` on `l`, stderr piped.
fn spawn(l: &Ledger, args: &[&str]) -> Child {
    l.cmd()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(c: Child) -> Output {
    let out = c.wait_with_output().unwrap();
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[test]
fn a_stopped_writer_frees_the_ledger_and_learns_nothing_was_recorded() {
    if pg_base().is_none() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    // A's transaction holds the ledger lock and then stands still, as a client stopped with
    // Ctrl-Z or a laptop's lid closed mid-command does.
    let mut a = l
        .cmd()
        .env("TRACKER_TEST_PAUSE", "before-commit")
        .args(["units", "rename", "组织科", "组织部", "--new-unit"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(a.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("paused at before-commit") {
        line.clear();
        assert!(err.read_line(&mut line).unwrap() > 0, "A never paused");
    }
    // B is not shut out: the server ends A's idle transaction, and with it the lock.
    l.run(&["note", "1.2", "B 在 A 停住时记录"]).ok();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    let status = a.wait().unwrap();
    assert_eq!(status.code(), Some(1), "{rest}");
    let msg = rest.trim_end();
    assert!(!msg.contains('\n'), "one line: {msg}");
    assert!(
        msg.starts_with("error: ")
            && msg.contains("stood idle")
            && msg.contains("nothing was recorded; run the command again"),
        "{msg}"
    );
    // A's rename is not there; B's note is.
    let owners = l
        .run(&["list", "--all", "--owner", "组织科", "--format", "json"])
        .ok();
    assert!(!owners.json().as_array().unwrap().is_empty(), "组织科 kept");
    let h = l.run(&["history", "1.2", "--format", "json"]).ok();
    assert!(h.stdout.contains("B 在 A 停住时记录"));
}

#[test]
fn every_lock_wait_ends_after_30_seconds_naming_who_holds_it() {
    if pg_base().is_none() {
        return;
    }
    let role = admin_role();
    let holder = format!("tracker-test-holder, role {role}");
    let writing = Ledger::seeded("2026-03-02");
    let reading = Ledger::seeded("2026-03-02");
    let creating = Ledger::new("2026-03-02");
    // Someone holds the ledger lock (a writer), an administrator's ALTER TABLE holds a
    // table, and another `init` holds the creation lock of a schema not yet made.
    let mut held = Vec::new();
    for sql in [
        format!(
            "BEGIN; SELECT * FROM \"{}\".ledger_lock FOR UPDATE",
            schema(&writing)
        ),
        format!(
            "BEGIN; LOCK TABLE \"{}\".tasks IN ACCESS EXCLUSIVE MODE",
            schema(&reading)
        ),
        format!(
            "BEGIN; SELECT pg_advisory_xact_lock(hashtext('tracker ledger {}'))",
            schema(&creating)
        ),
    ] {
        let mut c = admin();
        c.batch_execute(&sql).unwrap();
        held.push(c);
    }
    let write = spawn(&writing, &["note", "1.1", "等锁"]);
    let read = spawn(&reading, &["list"]);
    let read_zh = spawn(&reading, &["--lang", "zh", "history"]);
    let init = spawn(&creating, &["init"]);
    let before = writing.dump();

    let msg = finish(write).fails(1, &["stayed busy for 30 seconds", "nothing was recorded"]);
    assert!(
        msg.contains(&format!("({holder} holds the ledger's lock)")),
        "{msg}"
    );
    let msg = finish(read).fails(1, &["stayed busy for 30 seconds", "try again"]);
    assert!(
        msg.contains(&format!("({holder} holds a lock on the ledger)"))
            && !msg.contains("recorded"),
        "a read names the holder and records nothing: {msg}"
    );
    let msg = finish(read_zh).fails(1, &["错误：", "被占用达 30 秒", "请重试"]);
    assert!(!msg.contains("stayed") && !msg.contains("未记录"), "{msg}");
    let msg = finish(init).fails(1, &["stayed busy for 30 seconds", "nothing was recorded"]);
    assert!(msg.contains(&holder), "{msg}");
    drop(held);
    assert_eq!(writing.dump(), before, "nothing written while busy");
    // Once the holders are gone, everything goes through.
    writing.run(&["note", "1.1", "锁已释放"]).ok();
    reading.run(&["list"]).ok();
    creating.run(&["init"]).ok();
}

/// Something that accepts TCP connections and never says a word: a hung server, a
/// half-open proxy. Needs no PostgreSQL.
#[test]
fn a_server_that_accepts_and_never_answers_is_given_up_after_connect_timeout() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        for s in listener.incoming() {
            kept.push(s);
        }
    });
    let dir = tempfile::tempdir().unwrap();
    for (lang, words) in [
        ("en", "did not answer within 2 seconds (connect_timeout)"),
        ("zh", "2 秒内没有应答（connect_timeout）"),
    ] {
        let out = crate::support::run(
            bin()
                .env("HOME", dir.path())
                .env("XDG_CONFIG_HOME", dir.path())
                .args([
                    "--lang",
                    lang,
                    "--db",
                    &format!("postgres://clerk:S3cretPw@127.0.0.1:{port}/dubanl?connect_timeout=2"),
                    "list",
                ]),
        );
        let msg = out.fails(1, &[words, "postgres://clerk@127.0.0.1:"]);
        assert!(!msg.contains("S3cretPw"), "{msg}");
    }
}

/// Each SQLSTATE a person can meet, caused for real, is its own line: no bare code, one line,
/// exit 1; and "nothing was recorded" only for a write.
#[test]
fn the_servers_refusals_are_each_a_line_that_says_what_to_do() {
    let Some(base) = pg_base() else {
        return;
    };
    let l = Ledger::seeded("2026-03-02");
    let url = l.ledger().into_string().unwrap();
    let with = |setting: &str| format!("{url}%20-c%20{setting}");
    // A read-only server (a standby, or default_transaction_read_only): reads work, a
    // write is refused in one line.
    let ro = with("default_transaction_read_only%3Don");
    l.run(&["--db", &ro, "list"]).ok();
    let before = l.dump();
    l.run(&["--db", &ro, "note", "1.1", "只读"]).fails(
        1,
        &[
            "only allows reading",
            "nothing was recorded",
            "primary server",
        ],
    );
    assert_eq!(l.dump(), before);
    let msg = l
        .run(&["--lang", "zh", "--db", &ro, "note", "1.1", "只读"])
        .fails(1, &["只允许读取"]);
    assert!(!msg.contains("SQLSTATE"), "{msg}");
    // No connection free: a role allowed none (as a server at max_connections).
    let mut admin = admin();
    admin
        .batch_execute(
            "DROP ROLE IF EXISTS tracker_test_limited; CREATE ROLE tracker_test_limited LOGIN CONNECTION LIMIT 0",
        )
        .unwrap();
    let limited = url.replacen(
        &format!("://{}", admin_role()),
        "://tracker_test_limited",
        1,
    );
    let msg = l.run(&["--db", &limited, "list"]).fails(
        1,
        &[
            "no connection free for tracker_test_limited",
            "max_connections",
        ],
    );
    assert!(
        !msg.contains("recorded") && !msg.contains("SQLSTATE"),
        "{msg}"
    );
    admin
        .batch_execute("DROP ROLE tracker_test_limited")
        .unwrap();
    // A search_path naming no schema: nothing to create the ledger in.
    let nowhere = pg_url_with(&base, None, None, Some(""));
    l.run(&["--db", &nowhere, "init"])
        .fails(1, &["names no schema", "search_path=NAME"]);
}

#[test]
fn a_database_not_in_utf8_is_named_with_its_encoding_and_left_as_it_was() {
    let Some(base) = pg_base() else {
        return;
    };
    let db = format!("tracker_test_latin1_{}", std::process::id());
    let mut admin = admin();
    admin
        .batch_execute(&format!(
            "CREATE DATABASE {db} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
        ))
        .unwrap();
    let url = pg_url_with(&base, Some(&db), None, None);
    let l = Ledger::new("2026-03-02");
    let msg = l
        .run(&["--db", &url, "init"])
        .fails(1, &["is encoded LATIN1", "createdb -E UTF8"]);
    assert!(!msg.contains("SQLSTATE"), "{msg}");
    let msg = l
        .run(&["--lang", "zh", "--db", &url, "init"])
        .fails(1, &["编码是 LATIN1", "UTF8"]);
    assert!(!msg.contains("SQLSTATE"), "{msg}");
    // No schema left behind: the next try meets the same clear line, not a half-made ledger.
    let mut there = connect(&Target::parse(&url).unwrap()).unwrap();
    let n: i64 = there
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'tracker'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0, "no empty schema behind");
    drop(there);
    admin.batch_execute(&format!("DROP DATABASE {db}")).unwrap();
}

/// How many schemas of that name the server holds.
fn schemas_named(name: &str) -> i64 {
    admin()
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname = $1",
            &[&name],
        )
        .unwrap()
        .get(0)
}

#[test]
fn a_refused_restore_leaves_no_schema_behind() {
    if pg_base().is_none() {
        return;
    }
    let from = Ledger::seeded("2026-03-02");
    let export = from.dir.path().join("台账.json");
    from.run(&["export", "--out", export.to_str().unwrap()])
        .ok();
    // The last event's field is one no tracker writes: refused at the end of the load.
    let text = std::fs::read_to_string(&export).unwrap();
    let at = text.rfind("\"field\": \"created\"").unwrap();
    let bad = format!(
        "{}\"field\": \"bogus\"{}",
        &text[..at],
        &text[at + "\"field\": \"created\"".len()..]
    );
    let bad_file = from.dir.path().join("bad.json");
    std::fs::write(&bad_file, bad).unwrap();
    let to = Ledger::new("2026-03-02");
    to.run(&["restore", bad_file.to_str().unwrap()])
        .fails(1, &["bogus", "nothing was written"]);
    assert_eq!(schemas_named(&schema(&to)), 0, "no empty schema behind");
    // The same export, whole, then goes in.
    to.run(&["restore", export.to_str().unwrap()]).ok();
    assert_eq!(
        to.run(&["export"]).ok().stdout,
        from.run(&["export"]).ok().stdout
    );
}

#[test]
fn a_copy_whose_connection_is_lost_says_run_again_and_leaves_nothing() {
    if pg_base().is_none() {
        return;
    }
    let from = Ledger::seeded("2026-03-02");
    let to = Ledger::new("2026-03-02");
    let (from_url, to_url) = (from.ledger(), to.ledger());
    let copy = [
        "copy",
        "--from",
        from_url.to_str().unwrap(),
        "--to",
        to_url.to_str().unwrap(),
    ];
    let mut child = to
        .cmd()
        .env("TRACKER_TEST_PAUSE", "before-commit")
        .args(copy)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Paused with the whole load sent, before its commit: the server drops the connection
    // (a restart, a network cut, an administrator's pg_terminate_backend).
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("paused at before-commit") {
        line.clear();
        assert!(err.read_line(&mut line).unwrap() > 0, "never paused");
    }
    let mut admin = admin();
    let ended: i64 = admin
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE state = 'idle in transaction' AND pid IN (SELECT pid FROM pg_locks \
             WHERE locktype = 'advisory' AND objid::bigint = (hashtext($1)::bigint & 4294967295))",
            &[&format!("tracker ledger {}", schema(&to))],
        )
        .unwrap()
        .get(0);
    assert_eq!(ended, 1, "the copy's session");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(1), "{rest}");
    let msg = rest.trim_end();
    assert!(
        msg.starts_with("error: ")
            && !msg.contains('\n')
            && msg.contains("connection was lost")
            && msg.contains("run the command again")
            && !msg.contains("line ")
            && !msg.contains("column"),
        "{msg}"
    );
    assert_eq!(schemas_named(&schema(&to)), 0, "no empty schema behind");
    // Run again, it copies.
    to.run(&copy).ok();
    assert_eq!(
        to.run(&["export"]).ok().stdout,
        from.run(&["export"]).ok().stdout
    );
}

#[test]
fn a_missing_ledger_lock_row_refuses_writes_rather_than_let_them_race() {
    if pg_base().is_none() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    admin()
        .batch_execute(&format!("DELETE FROM \"{}\".ledger_lock", schema(&l)))
        .unwrap();
    let before = l.dump();
    l.run(&["note", "1.1", "无锁"]).fails(
        1,
        &[
            "lock row is missing",
            "nothing was recorded",
            "INSERT INTO ledger_lock",
        ],
    );
    l.run(&[
        "add",
        "--rec",
        "3",
        "--title",
        "无锁任务",
        "--lead",
        "组织科",
    ])
    .fails(1, &["lock row is missing"]);
    assert_eq!(l.dump(), before);
    l.run(&["list"]).ok();
}

/// 18k #3: a key already taken while the ledger's lock is held is no race (every write takes
/// turns under that lock): a sequence behind its table, as after a crash of a server without
/// fsync, is named for the administrator, constraint and table, with no "run it again"; the
/// ledger is left as it was. Each table a write takes a new id in gets the same line.
#[test]
fn a_duplicate_key_is_named_for_the_administrator_not_called_a_collision() {
    if pg_base().is_none() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let s = schema(&l);
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "tasks",
            &["add", "--rec", "1", "--title", "测试", "--lead", "组织科"],
            "constraint tasks_pkey of table tasks",
        ),
        (
            "units",
            &["add", "--rec", "1", "--title", "测试", "--lead", "新设科"],
            "constraint units_pkey of table units",
        ),
    ];
    for (table, args, named) in cases {
        // The sequence set back to 1, as the tester's crash left it.
        admin()
            .batch_execute(&format!(
                "SELECT setval(pg_get_serial_sequence('\"{s}\".{table}', 'id'), 1)"
            ))
            .unwrap();
        let before = l.dump();
        for lang in ["en", "zh"] {
            let mut full = vec!["--lang", lang];
            full.extend_from_slice(args);
            let msg = l.run(&full).fails(1, &["23505"]);
            if lang == "en" {
                assert!(msg.contains(named), "{table}: {msg}");
                assert!(msg.contains("nothing was recorded"), "{msg}");
            }
            for wrong in ["collided", "again", "冲突", "重新运行"] {
                assert!(!msg.contains(wrong), "{table} {lang}: {msg}");
            }
        }
        assert_eq!(l.dump(), before, "{table}: nothing recorded");
        // Put right as the administrator would, the same command goes through.
        admin()
            .batch_execute(&format!(
                "SELECT setval(pg_get_serial_sequence('\"{s}\".{table}', 'id'), \
                 (SELECT max(id) FROM \"{s}\".{table}))"
            ))
            .unwrap();
        l.run(args).ok();
    }
}
