//! Several ledgers on one server (issue 18's tester, F5, F9, F10, F13): each ledger's writer
//! role is its own however its database and schema are spelt, `init` names it and refuses a
//! role that already writes elsewhere, and a bulk load is not ended by the idle limit meant
//! for stopped writers. Skipped unless `TRACKER_TEST_PG` names the test server.

use crate::support::{Output, bin, pg_base, pg_url_with, run};

use tracker::store::postgres::conn::{Target, connect};
use tracker::store::postgres::writers::role_name;

fn admin(base: &str) -> postgres::Client {
    connect(&Target::parse(base).unwrap()).unwrap()
}

fn tracker(url: &str, args: &[&str]) -> Output {
    let mut c = bin();
    c.args(["--db", url, "--today", "2026-03-02"]).args(args);
    run(&mut c)
}

/// `url` with its role replaced by `role` (the test server trusts every local role).
fn as_role(base: &str, url: &str, role: &str) -> String {
    let user = Target::parse(base).unwrap().user;
    url.replacen(&format!("://{user}"), &format!("://{role}"), 1)
}

/// Drops what a test made, also when it failed half-way.
struct Cleanup {
    base: String,
    sql: String,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Ok(mut c) = connect(&Target::parse(&self.base).unwrap()) {
            let _ = c.batch_execute(&self.sql);
        }
    }
}

/// F5: database `D_tN` with schema `tracker` and database `D` with schema `tN_tracker` were
/// one role; now each ledger has its own, a clerk of one cannot write the other, `init` names
/// the role and its GRANT (F9), and the role may CONNECT to its database (F10).
#[test]
fn ledgers_whose_names_join_alike_at_an_underscore_get_roles_of_their_own() {
    let Some(base) = pg_base() else {
        return;
    };
    let pid = std::process::id();
    let db = Target::parse(&base).unwrap().dbname;
    let (db2, schema1) = (format!("{db}_t{pid}"), format!("t{pid}_tracker"));
    let (role1, role2) = (role_name(&db, &schema1), role_name(&db2, "tracker"));
    let clerk = format!("tracker_test_clerk5_{pid}");
    let _cleanup = Cleanup {
        base: base.clone(),
        sql: format!(
            "DROP DATABASE IF EXISTS \"{db2}\" WITH (FORCE); DROP SCHEMA IF EXISTS \"{schema1}\" CASCADE; \
             DROP ROLE IF EXISTS {clerk}; DROP ROLE IF EXISTS \"{role1}\"; DROP ROLE IF EXISTS \"{role2}\""
        ),
    };
    assert_ne!(role1, role2);
    let mut a = admin(&base);
    a.batch_execute(&format!("CREATE DATABASE \"{db2}\""))
        .unwrap();
    let url1 = pg_url_with(&base, None, None, Some(&schema1));
    let url2 = pg_url_with(&base, Some(&db2), None, None);
    for (url, role) in [(&url1, &role1), (&url2, &role2)] {
        let out = tracker(url, &["init"]).ok();
        let line = out.stdout.lines().nth(1).unwrap_or_default().to_string();
        assert!(
            line.contains(&format!("GRANT {role} TO")),
            "init names its role: {}",
            out.stdout
        );
    }
    let connect_granted = |db: &str, role: &str| -> bool {
        admin(&base)
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a \
                 WHERE d.datname = $1 AND a.privilege_type = 'CONNECT' \
                 AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $2))",
                &[&db, &role],
            )
            .unwrap()
            .get(0)
    };
    assert!(connect_granted(&db2, &role2), "F10: CONNECT for {role2}");
    assert!(connect_granted(&db, &role1), "F10: CONNECT for {role1}");
    a.batch_execute(&format!(
        "CREATE ROLE {clerk} LOGIN; GRANT \"{role1}\" TO {clerk}"
    ))
    .unwrap();
    tracker(&as_role(&base, &url1, &clerk), &["note", "1.1", "职员记录"]).ok();
    let intruder = tracker(&as_role(&base, &url2, &clerk), &["note", "1.1", "INTRUDER"]);
    assert_eq!(intruder.code, 1, "{}", intruder.stderr);
    let history = tracker(&url2, &["history", "1.1", "--format", "json"]).ok();
    assert!(!history.stdout.contains("INTRUDER"));
}

/// F5's addendum: a role of the expected name that already holds grants on another ledger is
/// refused, leaving nothing; one made beforehand holding none is granted, its members named.
#[test]
fn init_refuses_a_writer_role_that_already_writes_another_ledger() {
    let Some(base) = pg_base() else {
        return;
    };
    let pid = std::process::id();
    let db = Target::parse(&base).unwrap().dbname;
    let (taken, other, fresh) = (
        format!("t{pid}_taken"),
        format!("t{pid}_other"),
        format!("t{pid}_fresh"),
    );
    let (taken_role, fresh_role) = (role_name(&db, &taken), role_name(&db, &fresh));
    let clerk = format!("tracker_test_clerk5b_{pid}");
    let _cleanup = Cleanup {
        base: base.clone(),
        sql: format!(
            "DROP SCHEMA IF EXISTS \"{taken}\" CASCADE; DROP SCHEMA IF EXISTS \"{other}\" CASCADE; \
             DROP SCHEMA IF EXISTS \"{fresh}\" CASCADE; DROP ROLE IF EXISTS {clerk}; \
             DROP ROLE IF EXISTS \"{taken_role}\"; DROP ROLE IF EXISTS \"{fresh_role}\""
        ),
    };
    let mut a = admin(&base);
    a.batch_execute(&format!(
        "CREATE SCHEMA \"{other}\"; CREATE ROLE \"{taken_role}\" NOLOGIN; \
         GRANT USAGE ON SCHEMA \"{other}\" TO \"{taken_role}\"; \
         CREATE ROLE \"{fresh_role}\" NOLOGIN; CREATE ROLE {clerk} LOGIN; \
         GRANT \"{fresh_role}\" TO {clerk}"
    ))
    .unwrap();
    let url = pg_url_with(&base, None, None, Some(&taken));
    tracker(&url, &["init"]).fails(1, &[&taken_role, &other, "nothing was created"]);
    let left: i64 = a
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname = $1",
            &[&taken],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 0, "no schema left behind");
    let url = pg_url_with(&base, None, None, Some(&fresh));
    let out = tracker(&url, &["init"]).ok();
    assert!(
        out.stdout.contains(&format!("GRANT {fresh_role} TO")) && out.stdout.contains(&clerk),
        "{}",
        out.stdout
    );
}

/// F13: a bulk load (`copy --to URL`, `restore`) works for longer than a write's 10-second
/// idle limit between its statements on a large ledger, so its transaction has a limit of
/// its own; an everyday write keeps the short one. Seen from the server by a trigger that
/// records the limit in force when rows reach the history.
#[test]
fn a_bulk_load_has_an_idle_limit_of_its_own_and_a_note_keeps_the_short_one() {
    let Some(base) = pg_base() else {
        return;
    };
    let pid = std::process::id();
    let (schema, log) = (format!("t{pid}_load"), format!("t{pid}_loadlog"));
    let db = Target::parse(&base).unwrap().dbname;
    let _cleanup = Cleanup {
        base: base.clone(),
        sql: format!(
            "DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; DROP SCHEMA IF EXISTS \"{log}\" CASCADE; \
             DROP ROLE IF EXISTS \"{}\"",
            role_name(&db, &schema)
        ),
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.db");
    let file = file.to_str().unwrap();
    tracker(file, &["init"]).ok();
    let url = pg_url_with(&base, None, None, Some(&schema));
    tracker(&url, &["init", "--empty"]).ok();
    admin(&base)
        .batch_execute(&format!(
            "CREATE SCHEMA \"{log}\"; CREATE TABLE \"{log}\".seen (n serial, idle text); \
             CREATE FUNCTION \"{log}\".note_idle() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               INSERT INTO \"{log}\".seen (idle) VALUES (current_setting('idle_in_transaction_session_timeout')); \
               RETURN NULL; END $$; \
             CREATE TRIGGER note_idle AFTER INSERT ON \"{schema}\".events \
               FOR EACH STATEMENT EXECUTE FUNCTION \"{log}\".note_idle()"
        ))
        .unwrap();
    let mut c = bin();
    c.args(["copy", "--from", file, "--to", &url]);
    run(&mut c).ok();
    tracker(&url, &["note", "1.1", "之后的记录"]).ok();
    let seen: Vec<String> = admin(&base)
        .query(&format!("SELECT idle FROM \"{log}\".seen ORDER BY n"), &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(seen.first().map(String::as_str), Some("10min"), "{seen:?}");
    assert_eq!(seen.last().map(String::as_str), Some("10s"), "{seen:?}");
}

/// F8: a read whose connection the server ends (a restart, pg_terminate_backend) says the
/// connection was lost and to run it again, with no word of a change not recorded.
#[test]
fn a_read_cut_off_by_a_lost_connection_speaks_of_no_change() {
    let Some(base) = pg_base() else {
        return;
    };
    let l = crate::support::Ledger::seeded("2026-03-02");
    l.run(&["list"]).ok();
    let schema = l.pg.as_ref().unwrap().schema.clone();
    let mut holder = admin(&base);
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute(&format!(
        "LOCK TABLE \"{schema}\".tasks IN ACCESS EXCLUSIVE MODE"
    ))
    .unwrap();
    let child = l
        .cmd()
        .args(["list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait (without a clock) until the read waits on the lock, then end its session.
    let mut a = admin(&base);
    loop {
        let ended: i64 = a
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks \
                 WHERE NOT granted AND relation = to_regclass(quote_ident($1) || '.tasks')",
                &[&schema],
            )
            .unwrap()
            .get(0);
        if ended > 0 {
            break;
        }
        std::thread::yield_now();
    }
    let out = child.wait_with_output().unwrap();
    tx.rollback().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    let msg = err.trim_end();
    assert!(
        msg.contains("connection was lost")
            && msg.contains("run the command again")
            && !msg.contains("recorded")
            && !msg.contains('\n'),
        "{msg}"
    );
}

/// F12: a schema that holds another application's tables and no ledger: `list` and `init`
/// each say so in one line, naming the tables and how to give another schema; nothing changes.
#[test]
fn a_schema_holding_other_tables_is_named_by_list_and_init() {
    let Some(base) = pg_base() else {
        return;
    };
    let schema = format!("t{}_alien", std::process::id());
    let _cleanup = Cleanup {
        base: base.clone(),
        sql: format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"),
    };
    admin(&base)
        .batch_execute(&format!(
            "CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".tasks (x int); \
             CREATE TABLE \"{schema}\".foo (y int)"
        ))
        .unwrap();
    let url = pg_url_with(&base, None, None, Some(&schema));
    for args in [&["list"][..], &["init"]] {
        tracker(&url, args).fails(1, &["foo, tasks", "not a ledger", "search_path"]);
    }
    let tables: i64 = admin(&base)
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = $1",
            &[&schema],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 2, "nothing added");
}

/// A copy whose target refuses it after the source began to stream (here a schema holding
/// another application's table) says why, as a small copy does: the source's end of the
/// stream, cut off by the refusal, never stands in for the reason (19a #2: "the reader went
/// away" for 10,000 tasks).
#[test]
fn a_large_copy_refused_by_its_target_says_why() {
    let Some(base) = pg_base() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("big.db");
    let file = |args: &[&str]| {
        run(bin()
            .arg("--db")
            .arg(&source)
            .args(["--today", "2026-11-26"])
            .args(args))
    };
    file(&["init", "--empty"]).ok();
    // Several MiB of export: far more than a pipe holds, so the source is still writing
    // when the target refuses.
    file(&["dev", "synth", "--tasks", "6000", "--events-per-task", "2"]).ok();
    let schema = format!("t{}_alien_copy", std::process::id());
    let _cleanup = Cleanup {
        base: base.clone(),
        sql: format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"),
    };
    admin(&base)
        .batch_execute(&format!(
            "CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".invoices (x int)"
        ))
        .unwrap();
    let url = pg_url_with(&base, None, None, Some(&schema));
    for lang in ["en", "zh"] {
        let out = run(bin()
            .args(["--lang", lang, "copy", "--from"])
            .arg(&source)
            .args(["--to", &url]));
        let said = out.fails(1, &["invoices"]);
        assert_eq!(said.trim_end().lines().count(), 1, "{said}");
        assert!(
            !said.contains("reader") && !said.contains("读取方"),
            "{said}"
        );
        assert!(
            lang == "zh" || said.contains("holds 1 table that is not a ledger"),
            "{said}"
        );
    }
}
