//! No message prints a password (issue 18's tester, F1 and F6): a URL that is not read as one
//! (a space before it, `pg://`, `postgress://`), libpq's key=value text, a URL given where a
//! file is expected, and a password holding an unencoded `@`, `/` or `?`. Each is one line
//! that says what is wrong and what is accepted, with no part of the password. Needs no
//! server: every case is refused before one is asked.

use crate::support::{Ledger, bin, run};

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
    for url in [
        "postgres://clerk:Zq7sEcr@127.0.0.1:54339/dubanl",
        "postgress://clerk:Zq7sEcr@h/x",
        "x://clerk:Zq7@sE/cr@h/x",
    ] {
        let html = format!("{url}.html");
        for args in [
            vec!["backup", url],
            vec!["export", "--out", url],
            vec!["report", "--out", &html],
            vec!["restore", url],
            vec!["import", url],
            vec!["collect", url],
        ] {
            let out = l.run(&args);
            check(out, &[], &format!("{args:?}"));
        }
    }
}
