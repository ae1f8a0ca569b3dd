//! No message prints a password (issue 18's tester, F1 and F6): a URL that is not read as one
//! (a space before it, `pg://`, `postgress://`), libpq's key=value text, a URL given where a
//! file is expected, and a password holding an unencoded `@`, `/` or `?`. Each is one line
//! that says what is wrong and what is accepted, with no part of the password. Needs no
//! server: every case is refused before one is asked.

use crate::support::{Ledger, bin, pg_base, pg_url_with, run};

/// Every case carries the password `Zq7sEcr` (or a split of it): no part may be printed.
fn check(out: crate::support::Output, needles: &[&str], what: &str) {
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(!all.contains("Zq7"), "{what}: password shown:\n{all}");
    assert!(!all.contains("sEcr"), "{what}: password part shown:\n{all}");
    out.fails(1, needles);
}

#[test]
fn a_server_ledger_mistyped_or_pasted_is_pointed_out_without_its_password() {
    let cases: [(&str, &[&str]); 6] = [
        (" postgres://clerk:Zq7sEcr@127.0.0.1:1/d", &["space"]),
        ("postgres://clerk:Zq7sEcr@127.0.0.1:1/d ", &["space"]),
        (
            "postgress://clerk:Zq7sEcr@127.0.0.1:1/d",
            &["did you mean postgres://"],
        ),
        (
            "pg://clerk:Zq7sEcr@127.0.0.1:1/d",
            &["did you mean postgres://"],
        ),
        (
            "host=127.0.0.1 user=clerk password=Zq7sEcr dbname=d",
            &["key=value", "postgres://"],
        ),
        (
            "host=127.0.0.1 password='Zq7 sEcr' dbname=d",
            &["key=value"],
        ),
    ];
    for (db, needles) in cases {
        let mut c = bin();
        c.args(["--db", db, "--today", "2026-03-02", "list"]);
        check(run(&mut c), needles, db);
    }
    // F1: a password holding an unencoded `@`, `/` or `?` is named by the rule, never shown
    // in part, and no server is tried at a host or port made of the password.
    for db in [
        "postgres://duban:Zq7@n/sEcr?1@127.0.0.1:1/dubanl",
        "postgres://clerk:1234/Zq7sEcr@127.0.0.1:1/dubanl",
        "postgres://clerk:Zq7?sEcr@127.0.0.1:1/dubanl",
    ] {
        let mut c = bin();
        c.args(["--db", db, "--today", "2026-03-02", "list"]);
        check(run(&mut c), &["percent-encode", "%40"], db);
    }
}

#[test]
fn a_url_given_where_a_file_is_expected_is_refused_without_its_password() {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    // Run in the test's own folder: a URL taken for a path would be made into folders there.
    let files = |dir: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let there = files(l.dir.path());
    for url in [
        "postgres://clerk:Zq7sEcr@127.0.0.1:54339/dubanl",
        "postgresql://clerk:Zq7sEcr@h/x",
        "postgress://clerk:Zq7sEcr@h/x",
        "x://clerk:Zq7@sE/cr@h/x",
    ] {
        let html = format!("{url}.html");
        // Where tracker writes: one line saying it is a URL and what is accepted.
        for args in [
            vec!["backup", url],
            vec!["export", "--out", url],
            vec!["report", "--out", &html],
            vec!["sheets", "--out", url],
            vec!["notice", "--all", "--reply-by", "2026-03-09", "--out", url],
            vec!["man", "--dir", url],
        ] {
            let out = run(l.cmd().current_dir(l.dir.path()).args(&args));
            check(out, &["is a URL", "copy --to"], &format!("{args:?}"));
        }
        // Where tracker reads: refused too.
        for args in [
            vec!["restore", url],
            vec!["import", url],
            vec!["collect", url],
        ] {
            let out = run(l.cmd().current_dir(l.dir.path()).args(&args));
            check(out, &[], &format!("{args:?}"));
        }
    }
    assert_eq!(files(l.dir.path()), there, "nothing made in the folder");
    assert!(l.dump() == before, "the ledger untouched");
}

/// Issue 18: wherever tracker names a server's ledger, or a place it wrote, on standard output
/// or standard error, the URL shows without its password. A password in `--db`'s URL, on a
/// server that takes it (the test cluster trusts every local role, so any password passes).
#[test]
fn a_server_ledger_named_with_a_password_is_never_printed_with_it() {
    let Some(base) = pg_base() else {
        return;
    };
    let with_password = |l: &Ledger| {
        let schema = &l.pg.as_ref().unwrap().schema;
        pg_url_with(&base, None, Some("Zq7sEcr"), Some(schema))
    };
    let (a, b, c) = (
        Ledger::new("2026-03-02"),
        Ledger::new("2026-03-02"),
        Ledger::new("2026-03-02"),
    );
    let (url, url_b, url_c) = (with_password(&a), with_password(&b), with_password(&c));
    let shown = |url: &str| url.replace(":Zq7sEcr@", "@");
    let dir = a.dir.path();
    let at = |name: &str| dir.join(name).display().to_string();
    let (file_db, export, backup) = (at("copy.db"), at("export.json"), at("backup.db"));
    let (sheets, notices, report) = (at("sheets"), at("notices"), at("report.html"));
    // (arguments, what its output must name)
    let steps: Vec<(Vec<&str>, Vec<String>)> = vec![
        (
            vec!["--db", &url, "init", "--start", "2026-03-02"],
            vec![format!("created {}", shown(&url))],
        ),
        (vec!["--db", &url, "note", "1.1", "已开会"], vec![]),
        (
            vec!["--db", &url, "sheets", "--out", &sheets],
            vec![sheets.clone()],
        ),
        (
            vec![
                "--db",
                &url,
                "notice",
                "--all",
                "--reply-by",
                "2026-03-09",
                "--out",
                &notices,
            ],
            vec![notices.clone()],
        ),
        (vec!["--db", &url, "report", "--out", &report], vec![]),
        (
            vec!["--db", &url, "backup", &backup],
            vec![format!("backed up {} to {backup}", shown(&url))],
        ),
        (vec!["--db", &url, "export", "--out", &export], vec![]),
        (
            vec!["copy", "--from", &url, "--to", &file_db],
            vec![format!("from {} to {file_db}", shown(&url))],
        ),
        (
            vec!["copy", "--from", &file_db, "--to", &url_b],
            vec![format!("to {}", shown(&url_b))],
        ),
        (
            vec!["--db", &url_c, "restore", &export],
            vec![format!("into {}", shown(&url_c))],
        ),
        (vec!["--db", &url, "undo"], vec![]),
        // Refusals name it too.
        (vec!["--db", &url, "show", "9.9"], vec![]),
        (
            vec!["--db", &url, "init", "--start", "2026-03-02"],
            vec![format!("{} already holds a ledger", shown(&url))],
        ),
        (
            vec!["copy", "--from", &file_db, "--to", &url_b],
            vec![format!("cannot copy into {}", shown(&url_b))],
        ),
    ];
    for (args, names) in &steps {
        let out = run(a.cmd().current_dir(dir).args(args));
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(!all.contains("Zq7"), "{args:?}: password shown:\n{all}");
        for name in names {
            assert!(
                all.contains(name.as_str()),
                "{args:?} should name {name}:\n{all}"
            );
        }
    }
}
