//! A URL's parts as a clerk types them (issue 18k, findings 5 and 6): a part that is wrong is
//! named as typed, a NUL or options the server refuses are the URL's fault (not "nothing
//! answers there"), a host name that does not resolve says so, and a URL names another
//! schema as the README shows. The first test needs no server; the others are skipped unless
//! `TRACKER_TEST_PG` names the test server.

use crate::support::{Ledger, bin, pg_base, pg_url_with, run};

/// `args` against `db`, in each language, failing with exit 1 and one line holding `en` or
/// `zh` and none of `never`.
fn refused(db: &str, args: &[&str], en: &[&str], zh: &[&str], never: &[&str]) {
    for (lang, needles) in [("en", en), ("zh", zh)] {
        let mut c = bin();
        c.args(["--lang", lang, "--db", db, "--today", "2026-12-11"])
            .args(args);
        let msg = run(&mut c).fails(1, needles);
        for n in never {
            assert!(!msg.contains(n), "{db} ({lang}): {n:?} in {msg}");
        }
    }
}

#[test]
fn a_bad_url_part_is_named_as_typed_and_not_taken_for_a_server_down() {
    let down = ["nothing answers", "没有应答", "=="];
    let cases: &[(&str, &[&str], &[&str])] = &[
        // `?password` with no `=`: the part as typed, not `password==`.
        (
            "postgres://duban:pw@127.0.0.1:1/dubanl?password",
            &["the query part 'password' has no '='"],
            &["查询部分 'password' 缺少 '='"],
        ),
        (
            "postgres://duban@127.0.0.1:1/dubanl?sslmode=disable&password",
            &["the query part 'password' has no '='"],
            &["查询部分 'password' 缺少 '='"],
        ),
        // A NUL in any part is the URL's fault, refused before a server is asked.
        (
            "postgres://duban@127.0.0.1:1/dubanl?application_name=x%00y",
            &["the application_name holds %00 (a NUL character)"],
            &["application_name中含有 %00"],
        ),
        (
            "postgres://duban@127.0.0.1:1/x%00y",
            &["the database name holds %00"],
            &["数据库名中含有 %00"],
        ),
        (
            "postgres://du%00ban@127.0.0.1:1/dubanl",
            &["the user name holds %00"],
            &["用户名中含有 %00"],
        ),
        // A name that does not resolve (`.invalid` never does, RFC 6761).
        (
            "postgres://duban:pw@nonexistent.invalid/dubanl",
            &["the host name nonexistent.invalid is not known"],
            &["主机名 nonexistent.invalid 无法解析"],
        ),
    ];
    for (db, en, zh) in cases {
        refused(db, &["list"], en, zh, &down);
    }
}

#[test]
fn options_the_server_refuses_are_named_as_the_urls_options() {
    let Some(base) = pg_base() else {
        return;
    };
    // Not -c NAME=VALUE, an unknown setting, a value the setting does not take.
    for options in [
        "-c%20search_path",
        "-x",
        "-c%20no_such_setting%3D1",
        "-c%20work_mem%3Dlots",
    ] {
        let db = format!("{}?options={options}", pg_url_with(&base, None, None, None));
        refused(
            &db,
            &["list"],
            &["refused the URL's options part", "-c NAME=VALUE"],
            &["拒绝了 URL 的 options 部分"],
            &["SQLSTATE", "nothing answers", "没有应答"],
        );
    }
}

/// F6: the README's example of a ledger in another schema works as written: the query it
/// shows, on the test server's URL, makes that schema with `init`, and its ledger is not the
/// `tracker` schema's.
#[test]
fn a_url_names_another_schema_as_the_readme_shows() {
    let Some(base) = pg_base() else {
        return;
    };
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let example = readme
        .split_whitespace()
        .find(|w| w.contains("?options=-c%20search_path%3D"))
        .expect("the README shows a URL naming a schema");
    let query = example
        .split_once('?')
        .unwrap()
        .1
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    let schema = query.rsplit("%3D").next().unwrap();
    assert_eq!(schema, "county", "the README's example: {example}");
    // A schema of this test's own, spelt as the README spells it.
    let mine = format!("county{}", std::process::id());
    let db = format!(
        "{}?{}",
        pg_url_with(&base, None, None, None),
        query.replace(schema, &mine)
    );
    let l = Ledger::new("2026-11-02");
    let cleanup = Cleanup(mine.clone());
    l.run(&["--db", &db, "init"]).ok();
    let list = l.run(&["--db", &db, "list", "--format", "json"]).ok();
    assert!(list.stdout.contains("\"id\""), "{}", list.stdout);
    use tracker::store::postgres::conn::{Target, connect};
    let target = Target::parse(&base).unwrap();
    let tables: i64 = connect(&target)
        .unwrap()
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = $1",
            &[&cleanup.0],
        )
        .unwrap()
        .get(0);
    assert!(tables > 5, "init made the ledger in schema {mine}");
    // And its writer role of the schema's name, as the README says.
    let role = tracker::store::postgres::writers::role_name(&target.dbname, &mine);
    let plain = |n: &str| {
        n.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    if plain(&target.dbname) {
        assert_eq!(role, format!("tracker_writer_{}_{mine}", target.dbname));
    }
    let made: bool = connect(&target)
        .unwrap()
        .query_one(
            "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1)",
            &[&role],
        )
        .unwrap()
        .get(0);
    assert!(made, "{role}");
}

/// Drops the schema a test made, and its writer role.
struct Cleanup(String);

impl Drop for Cleanup {
    fn drop(&mut self) {
        use tracker::store::postgres::conn::{Target, connect};
        use tracker::store::postgres::writers::role_name;
        let Some(base) = pg_base() else { return };
        let target = Target::parse(&base).unwrap();
        let role = role_name(&target.dbname, &self.0);
        if let Ok(mut c) = connect(&target) {
            // As the harness drops a test ledger's (`support/pg.rs`): DROP OWNED takes turns
            // with init's GRANT CONNECT on the database's catalog row.
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.0));
            let _ = c.batch_execute(&format!(
                "BEGIN; SELECT pg_advisory_xact_lock(hashtext('tracker grant connect')); \
                 DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN \
                 DROP OWNED BY \"{role}\"; DROP ROLE \"{role}\"; END IF; END $$; COMMIT"
            ));
        }
    }
}
