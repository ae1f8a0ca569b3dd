//! No message shows a password, however the URL or the config file is mistyped, and a
//! mistyped `postgres:` URL is refused rather than taken for a file's name (issue 18, F4).
//! None of these reach a server, so they run without one.

use crate::support::{Ledger, run};

/// Mistyped URLs holding the password `S3CRETpw`: a `/` or `?` in it, a scheme with one
/// slash or none, in any case (three is libpq's empty host, a valid URL).
const MISTYPED: &[&str] = &[
    "postgres://duban:pa/S3CRETpw@127.0.0.1:54329/dubanl",
    "postgres://duban:S3CRETpw/x@127.0.0.1/dubanl",
    "postgres://duban:pa?S3CRETpw@127.0.0.1:54329/dubanl",
    "postgresql://duban:pa?S3CRETpw=1@127.0.0.1/dubanl?sslmode=require",
    "postgres:/duban:S3CRETpw@127.0.0.1:54329/dubanl",
    "Postgres:duban:S3CRETpw@127.0.0.1/dubanl",
    "postgres://duban:S3CRETpw@127.0.0.1:port/dubanl",
];

#[test]
fn a_mistyped_url_is_refused_in_one_line_without_its_password_and_makes_no_file() {
    let l = Ledger::new("2026-11-30");
    let cwd = tempfile::tempdir().unwrap();
    for url in MISTYPED {
        for args in [
            &["init"][..],
            &["list"],
            &["--lang", "zh", "init", "--empty"],
        ] {
            let out = run(l
                .cmd()
                .current_dir(cwd.path())
                .arg("--db")
                .arg(url)
                .args(args));
            let msg = out.fails(1, &["postgres"]);
            assert!(!msg.contains("S3CRETpw"), "{url} {args:?}: {msg}");
            assert!(msg.contains("duban"), "{url}: the user stays named: {msg}");
            let made: Vec<_> = std::fs::read_dir(cwd.path()).unwrap().collect();
            assert!(made.is_empty(), "{url} {args:?} made {made:?}");
        }
        // Named by TRACKER_DB the same.
        let out = run(l
            .cmd()
            .current_dir(cwd.path())
            .env("TRACKER_DB", url)
            .arg("list"));
        assert!(!out.fails(1, &[]).contains("S3CRETpw"), "{url}");
    }
    assert!(!l.db.exists(), "no default ledger made either");
}

#[test]
fn a_password_in_the_config_file_is_never_shown_whatever_its_mistake() {
    let l = Ledger::new("2026-11-30");
    let file = l.dir.path().join("config.toml");
    for text in [
        "password = 20261130\n",
        "password = 2026-11-30\n",
        "password = [\"20261130\"]\n",
        "lang = \"zh\"\npassword = 20261130\n",
        "password = 20261130 x\n",
        "db = \"postgres://duban:pa/20261130@h/d\"\n",
        "db = \"postgres:/duban:20261130@h/d\"\n",
    ] {
        std::fs::write(&file, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        for lang in ["en", "zh"] {
            let out = run(l
                .cmd()
                .env_remove("TRACKER_DB")
                .env("TRACKER_CONFIG", &file)
                .args(["--lang", lang, "list"]));
            let msg = out.fails(1, &["config.toml"]);
            assert!(!msg.contains("20261130"), "{text}: {msg}");
        }
    }
}
