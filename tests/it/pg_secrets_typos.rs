//! The last ways a password could leak (issue 18l, findings 2, 3 and 6): a server URL typed
//! without `postgres://`, a misspelt password key, a `;` or a second `@` typed for the `:`,
//! and clap's usage errors echoing a URL. Each is refused in one line that never shows the
//! password `S3CRETpw`, and nothing is created. None of these reach a server, so they run
//! without one; in the PostgreSQL pass, the server's own URL typed without its scheme too.

use crate::support::{Ledger, pg_base, run};

/// Every name in `dir`, to show nothing was made there.
fn made_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// How a ledger's name reaches tracker: `--db`, `TRACKER_DB`, the config's `db`, `copy`'s
/// `--to` and `--from`, and `backup`'s file.
#[derive(Debug, Clone, Copy)]
enum Via {
    Db,
    Env,
    Config,
    CopyTo,
    CopyFrom,
    Backup,
}

const VIAS: [Via; 6] = [
    Via::Db,
    Via::Env,
    Via::Config,
    Via::CopyTo,
    Via::CopyFrom,
    Via::Backup,
];

/// Runs a command naming `text` by `via`, from the empty folder `cwd`; the source ledger of
/// `copy --to` and `backup` is `from`, outside `cwd`.
fn run_via(
    l: &Ledger,
    cwd: &std::path::Path,
    from: &std::path::Path,
    via: Via,
    text: &str,
) -> crate::support::Output {
    let mut c = l.cmd();
    c.current_dir(cwd);
    match via {
        Via::Db => c.args(["--db", text, "init"]),
        Via::Env => c.env("TRACKER_DB", text).arg("list"),
        Via::Config => {
            let file = l.dir.path().join("config.toml");
            std::fs::write(&file, format!("db = {text:?}\n")).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
            }
            c.env_remove("TRACKER_DB")
                .env("TRACKER_CONFIG", &file)
                .arg("list")
        }
        Via::CopyTo => c.arg("copy").arg("--from").arg(from).args(["--to", text]),
        Via::CopyFrom => c.args(["copy", "--from", text, "--to", "new.db"]),
        Via::Backup => c.arg("--db").arg(from).args(["backup", text]),
    };
    run(&mut c)
}

#[test]
fn a_server_url_typed_without_its_scheme_is_refused_and_makes_no_file() {
    let l = Ledger::new("2026-11-30");
    let from = l.dir.path().join("from.db");
    run(l.cmd().arg("--db").arg(&from).arg("init")).ok();
    let mut urls = vec![
        "duban:S3CRETpw@db.example.org/dubanl".to_string(),
        "duban:S3CRETpw@dbhost".to_string(),
        "duban:S3CRETpw@%2Ftmp%2Fpg%2Fsock:5492".to_string(),
        // A password holding `@`, `/` or `?`, unencoded.
        "duban:S3CRETpw@x/y?z@127.0.0.1:5432/dubanl".to_string(),
        "duban:a/S3CRETpw@127.0.0.1/dubanl".to_string(),
        // No password, but a port: a server all the same.
        "duban@db.example.org:5432/dubanl".to_string(),
        // A scheme mistyped (`;` is the key of `:`), or all but its `//` left out (18m #1).
        "postgres;//duban:S3CRETpw@dbhost/x".to_string(),
        "Postgres;//duban:S3CRETpw@dbhost/z".to_string(),
        "postgres.//duban:S3CRETpw@dbhost/x".to_string(),
        "postgresql,//duban:S3CRETpw@dbhost/x".to_string(),
        "//duban:S3CRETpw@dbhost/x".to_string(),
    ];
    // The real server's URL, its password added, typed without the scheme, as role duban
    // (the test server's role `postgres` would read as a mistyped `postgres:` scheme, refused
    // all the same, by `pg_secrets`' table).
    if let Some(base) = pg_base() {
        let with = crate::support::pg_url_with(&base, None, Some("S3CRETpw"), None);
        let bare = with.split_once("://").unwrap().1;
        let host = bare.split_once('@').unwrap().1;
        urls.push(format!("duban:S3CRETpw@{host}"));
    }
    for url in &urls {
        for via in VIAS {
            let cwd = tempfile::tempdir().unwrap();
            let out = run_via(&l, cwd.path(), &from, via, url);
            assert!(
                !out.stdout.contains("S3CRETpw") && !out.stderr.contains("S3CRETpw"),
                "{url} {via:?}: {}{}",
                out.stdout,
                out.stderr
            );
            let msg = out.fails(1, &["missing postgres://", "duban@"]);
            assert!(
                msg.contains("./duban@"),
                "{url} {via:?}: the way to a file: {msg}"
            );
            assert!(
                made_in(cwd.path()).is_empty(),
                "{url} {via:?} made {:?}",
                made_in(cwd.path())
            );
        }
    }
    // Said in Chinese too.
    let cwd = tempfile::tempdir().unwrap();
    let msg = run(l
        .cmd()
        .current_dir(cwd.path())
        .args(["--lang", "zh", "--db", &urls[0], "init"]))
    .fails(1, &["缺少开头 postgres://"]);
    assert!(!msg.contains("S3CRETpw"), "{msg}");
    assert!(made_in(cwd.path()).is_empty());
}

#[test]
fn a_path_that_is_no_url_stays_a_path() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::new("2026-11-30");
    let cwd = tempfile::tempdir().unwrap();
    // `user@host` alone may be a folder's or a file's name and holds no password; `./` makes
    // any name a path.
    for (name, made) in [
        ("duban@dbhost", "duban@dbhost"),
        ("./duban:pw@dbhost", "duban:pw@dbhost"),
    ] {
        run(l
            .cmd()
            .current_dir(cwd.path())
            .args(["--db", name, "init", "--empty"]))
        .ok();
        assert!(cwd.path().join(made).is_file(), "{name}");
    }
}

#[test]
fn a_misspelt_password_key_or_a_wrong_separator_never_shows_the_password() {
    let l = Ledger::new("2026-11-30");
    let from = l.dir.path().join("from.db");
    run(l.cmd().arg("--db").arg(&from).arg("init")).ok();
    let cases: &[(&str, &str)] = &[
        (
            "postgres://duban@127.0.0.1/dubanl?pasword=S3CRETpw",
            "pasword",
        ),
        (
            "postgres://duban@127.0.0.1/dubanl?passwd=S3CRETpw",
            "passwd",
        ),
        ("postgres://duban@127.0.0.1/dubanl?pass=S3CRETpw", "pass"),
        ("postgres://duban@127.0.0.1/dubanl?pwd=S3CRETpw", "pwd"),
        (
            "postgres://duban@127.0.0.1/dubanl?sslmode=disable&PASWD=S3CRETpw",
            "PASWD",
        ),
        (
            "postgres://duban@127.0.0.1/dubanl?Pasword:S3CRETpw",
            "Pasword",
        ),
        ("postgres://duban;S3CRETpw@127.0.0.1/dubanl", "';'"),
        ("postgres://duban@S3CRETpw@127.0.0.1/dubanl", "second '@'"),
        (
            "postgresql://duban;S3CRETpw@%2Ftmp%2Fsock:5492/dubanl",
            "';'",
        ),
        // 18m #2, #3: a Chinese input method's full-width marks, other marks typed for the
        // `:`, a `/` for it, a password in `user=`, a fragment, 密码's pinyin, any unknown key.
        ("postgres://duban：S3CRETpw@127.0.0.1/dubanl", "full-width"),
        ("postgres://duban：S3CRETpw＠127.0.0.1/dubanl", "full-width"),
        ("postgres://duban'S3CRETpw@127.0.0.1/dubanl", "a quote"),
        ("postgres://duban=S3CRETpw@127.0.0.1/dubanl", "'='"),
        ("postgres://duban,S3CRETpw@127.0.0.1/dubanl", "','"),
        (
            "postgres://duban/S3CRETpw@127.0.0.1/dubanl",
            "database name holds '@'",
        ),
        (
            "postgres://duban@127.0.0.1/dubanl?user=duban:S3CRETpw",
            "user=",
        ),
        ("postgres://duban@127.0.0.1/dubanl?mima=S3CRETpw", "'mima'"),
        ("postgres://duban@127.0.0.1/dubanl?key=S3CRETpw", "'key'"),
    ];
    for (url, named) in cases {
        for via in VIAS {
            let cwd = tempfile::tempdir().unwrap();
            let out = run_via(&l, cwd.path(), &from, via, url);
            assert!(
                !out.stdout.contains("S3CRETpw") && !out.stderr.contains("S3CRETpw"),
                "{url} {via:?}: {}{}",
                out.stdout,
                out.stderr
            );
            // `backup` refuses any URL as its file; the others say what is wrong with it.
            let needles: &[&str] = match via {
                Via::Backup => &["is a URL"],
                _ => &[named, "duban"],
            };
            out.fails(1, needles);
            assert!(made_in(cwd.path()).is_empty(), "{url} {via:?}");
        }
    }
}

#[test]
fn a_usage_error_echoing_a_url_hides_its_password() {
    let l = Ledger::new("2026-11-30");
    let url = "postgres://duban:S3CRETpw@%2Ftmp%2Fpg%2Fsock:5492/dubanl";
    let bare = "duban:S3CRETpw@dbhost/dubanl";
    let cases: &[&[&str]] = &[
        &["init", url],
        &["list", url],
        &["report", "--format", url],
        &["init", bare],
        &["--lang", "zh", "init", url],
        &["--lang", "zh", "report", "--format", url],
    ];
    for args in cases {
        let cwd = tempfile::tempdir().unwrap();
        let out = run(l.cmd().current_dir(cwd.path()).args(*args));
        let msg = out.fails(2, &["duban@", "tracker --help"]);
        assert!(!msg.contains("S3CRETpw"), "{args:?}: {msg}");
        assert!(made_in(cwd.path()).is_empty(), "{args:?}");
    }
}

#[test]
fn config_mistakes_read_in_one_clear_line_listing_the_keys_once() {
    let l = Ledger::new("2026-11-30");
    let file = l.dir.path().join("config.toml");
    let cases: &[(&str, &str)] = &[
        (
            "pasword = \"S3CRETpw\"\n",
            "key pasword: not a key tracker reads",
        ),
        (
            "[password]\nvalue = \"S3CRETpw\"\n",
            "a table ([name] or { … })",
        ),
    ];
    for (text, says) in cases {
        std::fs::write(&file, text).unwrap();
        // No TRACKER_DB: the config file is read, and refused, before any ledger is named.
        let msg = run(l
            .cmd()
            .env_remove("TRACKER_DB")
            .env("TRACKER_CONFIG", &file)
            .arg("list"))
        .fails(1, &[says]);
        assert!(
            !msg.contains("S3CRETpw") && !msg.contains("expected one of"),
            "{msg}"
        );
        assert_eq!(msg.matches("tongbao_items").count(), 1, "{msg}");
    }
}
