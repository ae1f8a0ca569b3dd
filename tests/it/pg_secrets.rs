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
    // Issue 18k, F1: the `:` after the scheme left out (a file's name until then, the
    // password printed twice), any case, any slashes.
    "postgres//duban:S3CRETpw@%2Ftmp%2Fpg%2Fsock:5491/dubanl",
    "postgresql//duban:S3CRETpw@127.0.0.1/dubanl",
    "POSTGRES///duban:S3CRETpw@127.0.0.1/dubanl",
    "postgres//duban:S3CRETpw/dubanl",
    "postgres:duban:S3CRETpw@127.0.0.1:54329/dubanl",
    "postgres:duban:S3CRETpw",
    // The host forgotten: the password reads as a port that is not a number.
    "postgres://duban:S3CRETpw/dubanl",
    "postgres://duban:S3CRETpw",
    "postgresql://duban:S3CRETpw?sslmode=require",
    "postgres://127.0.0.1,duban:S3CRETpw/dubanl",
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

/// A stand-in server on 127.0.0.1 that asks every client for a cleartext password, hands
/// back what it got, then refuses it as a wrong password (SQLSTATE 28P01).
fn asking_server() -> (u16, std::sync::mpsc::Receiver<String>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { return };
            let mut len = [0u8; 4];
            if s.read_exact(&mut len).is_err() {
                continue;
            }
            let mut startup = vec![0u8; u32::from_be_bytes(len) as usize - 4];
            let _ = s.read_exact(&mut startup);
            let _ = s.write_all(b"R\0\0\0\x08\0\0\0\x03");
            let mut head = [0u8; 5];
            if s.read_exact(&mut head).is_ok() && head[0] == b'p' {
                let n = u32::from_be_bytes(head[1..5].try_into().unwrap()) as usize - 4;
                let mut pw = vec![0u8; n];
                let _ = s.read_exact(&mut pw);
                let _ = tx.send(
                    String::from_utf8_lossy(&pw)
                        .trim_end_matches('\0')
                        .to_string(),
                );
                let body = b"SFATAL\0C28P01\0Mpassword authentication failed\0\0";
                let mut msg = vec![b'E'];
                msg.extend_from_slice(&(body.len() as u32 + 4).to_be_bytes());
                msg.extend_from_slice(body);
                let _ = s.write_all(&msg);
            }
        }
    });
    (port, rx)
}

#[test]
fn no_password_found_says_where_tracker_looks_and_pgpassword_is_honoured() {
    let l = Ledger::new("2026-11-30");
    let (port, got) = asking_server();
    let url = format!("postgres://duban@127.0.0.1:{port}/dubanl?sslmode=disable");
    // No password anywhere: not "run the command again", but where tracker looked.
    // Every place named whole, its brackets closed (18k #4: the rule that hides a
    // `password=` value took the text after `?password=` for one).
    for (lang, needles) in [
        (
            "en",
            &[
                "asks duban for a password",
                "the URL (user:password@host, or its password query key), the config file's password (mode 0600), PGPASSWORD, and ~/.pgpass",
            ][..],
        ),
        (
            "zh",
            &[
                "要求 duban 提供密码",
                "URL（用户:密码@主机，或其查询参数 password）、配置文件的 password（权限 0600）、PGPASSWORD，以及 ~/.pgpass",
            ],
        ),
    ] {
        let out = run(l.cmd().args(["--lang", lang, "--db", &url, "list"]));
        let msg = out.fails(1, needles);
        assert!(!msg.contains("again") && !msg.contains("重新运行"), "{msg}");
        for (open, close) in [('(', ')'), ('（', '）')] {
            let count = |c| msg.chars().filter(|&m| m == c).count();
            assert_eq!(count(open), count(close), "unbalanced {open}{close}: {msg}");
        }
    }
    assert!(got.try_recv().is_err(), "no password was sent");
    // PGPASSWORD is sent when nothing else gives one; a wrong one is the server's refusal.
    let out = run(l
        .cmd()
        .env("PGPASSWORD", "S3CRETpw")
        .args(["--db", &url, "list"]));
    let msg = out.fails(1, &["refused duban"]);
    assert!(!msg.contains("S3CRETpw"), "{msg}");
    assert_eq!(got.recv().unwrap(), "S3CRETpw");
    // The URL's password comes before PGPASSWORD.
    let with_pw = url.replace("duban@", "duban:fromurl@");
    let out = run(l
        .cmd()
        .env("PGPASSWORD", "S3CRETpw")
        .args(["--db", &with_pw, "list"]));
    out.fails(1, &["refused duban"]);
    assert_eq!(got.recv().unwrap(), "fromurl");
}

/// A stand-in server that answers the startup message with an ErrorResponse of `code` and
/// `message`, as a server refusing the role does.
fn refusing_server(code: &'static str, message: &'static str) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { return };
            let mut len = [0u8; 4];
            if s.read_exact(&mut len).is_err() {
                continue;
            }
            let mut startup = vec![0u8; u32::from_be_bytes(len) as usize - 4];
            let _ = s.read_exact(&mut startup);
            let body = format!("SFATAL\0C{code}\0M{message}\0\0");
            let mut msg = vec![b'E'];
            msg.extend_from_slice(&(body.len() as u32 + 4).to_be_bytes());
            msg.extend_from_slice(body.as_bytes());
            let _ = s.write_all(&msg);
        }
    });
    port
}

#[test]
fn no_privilege_names_the_object_refused_in_our_words() {
    let l = Ledger::new("2026-11-30");
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "permission denied for table task_units",
            &["clerk may not use table task_units", "Who may write"],
            &["无权使用表 task_units"],
        ),
        // The lock every write takes first (18l #6): the role may only read the ledger.
        (
            "permission denied for table ledger_lock",
            &["clerk may only read the ledger at", "not write it"],
            &["clerk 对", "只有读取权限"],
        ),
        (
            "permission denied for schema tracker",
            &["clerk may not use schema tracker"],
            &["无权使用模式 tracker"],
        ),
        // Another language's words, or a name that is not plain: the general line, no raw text.
        (
            "权限不够 task_units",
            &["clerk has no privilege for this"],
            &["没有执行此操作的权限"],
        ),
        (
            "permission denied for table \u{1b}[31mx",
            &["clerk has no privilege for this"],
            &["没有执行此操作的权限"],
        ),
    ];
    for (server_says, en, zh) in cases {
        let port = refusing_server("42501", server_says);
        let url = format!("postgres://clerk@127.0.0.1:{port}/dubanl?sslmode=disable");
        let msg = run(l.cmd().args(["--db", &url, "list"])).fails(1, en);
        assert!(
            !msg.contains("permission denied")
                && !msg.contains('\u{1b}')
                && !msg.contains("ledger_lock"),
            "{msg}"
        );
        let msg = run(l.cmd().args(["--lang", "zh", "--db", &url, "list"])).fails(1, zh);
        assert!(
            !msg.contains("权限不够") && !msg.contains('\u{1b}'),
            "{msg}"
        );
    }
}

/// The config file's `password` goes only to the server and role its own `db` names (any
/// database there), as a `~/.pgpass` line is scoped; with no server `db`, to any URL (F15).
#[test]
fn the_config_password_goes_only_to_the_server_its_db_names() {
    let l = Ledger::new("2026-11-30");
    let (port, got) = asking_server();
    let (other_port, other_got) = asking_server();
    let file = l.dir.path().join("config.toml");
    let write = |text: &str| {
        std::fs::write(&file, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    };
    let url = |role: &str, port: u16, db: &str| {
        format!("postgres://{role}@127.0.0.1:{port}/{db}?sslmode=disable")
    };
    write(&format!(
        "db = \"{}\"\npassword = \"CfgS3cret\"\n",
        url("duban", port, "dubanl")
    ));
    let cmd = |db: &str| {
        let mut c = l.cmd();
        c.env_remove("TRACKER_DB")
            .env_remove("PGPASSWORD")
            .env("PGPASSFILE", l.dir.path().join("no-pgpass"))
            .env("TRACKER_CONFIG", &file)
            .args(["--db", db, "list"]);
        c
    };
    // The config's own server and role, another database there: the password is offered.
    let out = run(&mut cmd(&url("duban", port, "county")));
    out.fails(1, &["refused duban"]);
    assert_eq!(got.recv().unwrap(), "CfgS3cret");
    // Another role on that server, or the same role on another server: never.
    for (db, role) in [
        (url("clerk", port, "dubanl"), "clerk"),
        (url("duban", other_port, "dubanl"), "duban"),
    ] {
        let out = run(&mut cmd(&db));
        let msg = out.fails(1, &[&format!("asks {role} for a password")]);
        assert!(!msg.contains("CfgS3cret"), "{msg}");
    }
    assert!(got.try_recv().is_err() && other_got.try_recv().is_err());
    // With no server in the config, its password is for whatever URL is typed.
    write("password = \"CfgS3cret\"\n");
    let out = run(&mut cmd(&url("clerk", other_port, "x")));
    out.fails(1, &["refused clerk"]);
    assert_eq!(other_got.recv().unwrap(), "CfgS3cret");
}
