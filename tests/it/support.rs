//! A temporary ledger per test, and a small builder that runs the real binary against it with
//! a clean environment: args in, stdout/stderr/exit code out.
//!
//! The PostgreSQL switch is here, in one place: with `TRACKER_TEST_PG` set to a server's base
//! URL (`.ci/run` sets it from `scripts/pg-cluster.sh url`) and [`PG_BACKEND`] on, each
//! [`Ledger`] gets a fresh database of its own on that server, passed as `--db`'s URL
//! (`TRACKER_DB`); tests about the SQLite file itself (modes, WAL, corruption, paths) call
//! [`sqlite_only`] first and stop there.
//!
//! A first use creates the ledger only at the default path (a file); a server's URL, like any
//! path given with `--db`, names a ledger `init` must have made. So on a server the harness
//! makes it the way the test's first command implies ([`first_use_on_server`]): a command that
//! opens the ledger gets the seeded plan starting on its day (`init`), an `import` an empty
//! ledger (`init --empty`), and `init`, `restore`, `copy` and the commands that never open
//! the ledger nothing.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

/// Whether this build has the PostgreSQL backend, so `TRACKER_TEST_PG` may switch ledgers to
/// a server (on since the backend, issue 18's store part, is merged).
pub const PG_BACKEND: bool = true;

/// The server's base URL when the suite runs against PostgreSQL.
pub fn pg_base() -> Option<String> {
    std::env::var("TRACKER_TEST_PG")
        .ok()
        .filter(|u| PG_BACKEND && !u.is_empty())
}

/// For a test about SQLite files (modes, WAL, journal, corruption, paths): true when the suite
/// runs against PostgreSQL, and the test should stop (`if sqlite_only() { return; }`).
pub fn sqlite_only() -> bool {
    let on_pg = pg_base().is_some();
    if on_pg {
        eprintln!("skipped on PostgreSQL: a test about the SQLite file");
    }
    on_pg
}

pub struct Ledger {
    pub dir: TempDir,
    /// The ledger file (on PostgreSQL: where it would be; the ledger is `url`).
    pub db: PathBuf,
    pub today: String,
    /// On PostgreSQL: this ledger's own database, dropped with it.
    pub pg: Option<PgDatabase>,
}

/// The server URL `base` with another database `db`, a `password` and a schema as the URL's
/// search_path, each where given; any form libpq reads (`postgres:///db?host=…`,
/// `postgres://role@%2Fsocket:port/db`).
pub fn pg_url_with(
    base: &str,
    db: Option<&str>,
    password: Option<&str>,
    schema: Option<&str>,
) -> String {
    let (before, query) = match base.split_once('?') {
        Some((b, q)) => (b.to_string(), Some(q.to_string())),
        None => (base.to_string(), None),
    };
    let scheme_end = before.find("://").map_or(0, |i| i + 3);
    let (mut authority, mut path) = match before[scheme_end..].find('/') {
        Some(i) => (
            before[scheme_end..scheme_end + i].to_string(),
            before[scheme_end + i..].to_string(),
        ),
        None => (before[scheme_end..].to_string(), String::new()),
    };
    if let Some(db) = db {
        path = format!("/{db}");
    }
    if let Some(pw) = password {
        authority = match authority.split_once('@') {
            Some((user, host)) => format!("{}:{pw}@{host}", user.split(':').next().unwrap_or(user)),
            None => format!("postgres:{pw}@{authority}"),
        };
    }
    let mut params: Vec<String> = query
        .map(|q| q.split('&').map(str::to_string).collect())
        .unwrap_or_default();
    if let Some(schema) = schema {
        params.retain(|p| !p.starts_with("options="));
        params.push(format!("options=-c%20search_path%3D{schema}"));
    }
    let query = if params.is_empty() {
        String::new()
    } else {
        format!("?{}", params.join("&"))
    };
    format!("{}{authority}{path}{query}", &before[..scheme_end])
}

/// A test ledger's place on the server: a schema of its own in the server's database, named
/// by the URL's `options=-c search_path=…` (as a user may name one); dropped, with all it
/// holds, when the test ends. A schema rather than a database each: creating a database
/// copies a template and takes seconds on a loaded machine, a schema a few milliseconds.
pub struct PgDatabase {
    pub url: String,
    /// The schema, as the server names it.
    pub schema: String,
}

/// A fresh schema name on the server at `base` for one ledger, and the URL that names it.
fn pg_database(base: &str, dir: &Path) -> (String, String) {
    let tag: String = dir
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let schema = format!("tracker_test_{}_{tag}", std::process::id());
    let url = pg_url_with(base, None, None, Some(&schema));
    FRESH.lock().unwrap().push(url.clone());
    (url, schema)
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        use tracker::store::postgres::conn::{Target, connect};
        let Some(base) = pg_base() else {
            return;
        };
        let Ok(target) = Target::parse(&base) else {
            return;
        };
        let role = tracker::store::postgres::writers::role_name(&target.dbname, &self.schema);
        if let Ok(mut c) = connect(&target) {
            // The ledger's writer role goes with it (roles are the server's, not the schema's).
            let _ = c.batch_execute(&format!(
                "DROP SCHEMA IF EXISTS \"{}\" CASCADE; DROP ROLE IF EXISTS \"{role}\"",
                self.schema
            ));
        }
    }
}

/// The test databases on the server where no ledger has been made yet.
static FRESH: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// On a server, before a test's first command at a fresh database: makes the ledger that
/// command would have found made at the default path of a file (see the module's note), with
/// the command's own environment and `--today`. Nothing for a file, or once made.
fn first_use_on_server(c: &Command) {
    // Only tracker itself: a shell running a completion script is not a first use.
    if c.get_program() != OsStr::new(env!("CARGO_BIN_EXE_tracker")) {
        return;
    }
    let envs: Vec<(OsString, Option<OsString>)> = c
        .get_envs()
        .map(|(k, v)| (k.to_owned(), v.map(OsStr::to_owned)))
        .collect();
    let args: Vec<OsString> = c.get_args().map(OsStr::to_owned).collect();
    let named = option_value(&args, "--db").or_else(|| {
        envs.iter()
            .find(|(k, _)| k == "TRACKER_DB")
            .and_then(|(_, v)| v.clone())
    });
    let Some(url) = named.and_then(|u| u.into_string().ok()) else {
        return;
    };
    {
        let mut fresh = FRESH.lock().unwrap();
        let Some(i) = fresh.iter().position(|u| *u == url) else {
            return;
        };
        let Some(init) = implied_init(&args) else {
            // `init`, `restore`, `copy` and `dev synth` make it themselves; the rest leave it
            // for later.
            if matches!(
                subcommand(&args).as_deref(),
                Some("init" | "restore" | "copy" | "dev")
            ) {
                fresh.remove(i);
            }
            return;
        };
        fresh.remove(i);
        drop(fresh);
        let mut make = bin();
        for (k, v) in &envs {
            match v {
                Some(v) => make.env(k, v),
                None => make.env_remove(k),
            };
        }
        make.env("TRACKER_DB", &url);
        if let Some(today) = option_value(&args, "--today") {
            make.env("TRACKER_TODAY", today);
        }
        let out = make.args(init).output().expect("run tracker init");
        assert!(
            out.status.success(),
            "making the test ledger on the server: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The value of global option `name` in `args` (`--name V` or `--name=V`), the last one given.
fn option_value(args: &[OsString], name: &str) -> Option<OsString> {
    let mut found = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let text = a.to_string_lossy();
        if text == name {
            found = it.next().cloned();
        } else if let Some(v) = text.strip_prefix(&format!("{name}=")) {
            found = Some(v.into());
        }
    }
    found
}

/// The subcommand `args` run: the first word that is neither an option nor a global option's
/// value; `None` for the bare `tracker` (the dashboard).
fn subcommand(args: &[OsString]) -> Option<String> {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if matches!(&*a, "--db" | "--today" | "--lang" | "--color" | "--format") {
            it.next();
        } else if a == "--" {
            return it.next().map(|s| s.into_owned());
        } else if !a.starts_with('-') {
            return Some(a.into_owned());
        }
    }
    None
}

/// What a first use at the default path would have made before `args` ran: `init` for a
/// command that opens the ledger, `init --empty` for an import (the report is the plan);
/// `None` for the commands that make their own (`init`, `restore`, `copy`, `dev`) or never
/// open one (help, version, completion, the manual).
fn implied_init(args: &[OsString]) -> Option<&'static [&'static str]> {
    let asks_help = args
        .iter()
        .any(|a| matches!(a.to_str(), Some("-h" | "--help" | "-V" | "--version")));
    if asks_help {
        return None;
    }
    match subcommand(args).as_deref() {
        None => Some(&["init"]),
        Some("init" | "restore" | "copy" | "dev" | "help" | "man" | "completions" | "complete") => {
            None
        }
        Some("import") => Some(&["init", "--empty"]),
        Some(_) => Some(&["init"]),
    }
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    #[track_caller]
    pub fn ok(self) -> Output {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts a failure with exit code `code` and a one-line message on stderr containing
    /// every `needle`; returns the message.
    #[track_caller]
    pub fn fails(self, code: i32, needles: &[&str]) -> String {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            self.stdout.is_empty(),
            "nothing on stdout on failure, got:\n{}",
            self.stdout
        );
        let msg = self.stderr.trim_end_matches('\n');
        assert!(
            !msg.is_empty() && !msg.contains('\n'),
            "one-line error expected, got:\n{}",
            self.stderr
        );
        assert!(!msg.contains("panicked"), "panic: {msg}");
        for n in needles {
            assert!(msg.contains(n), "error should mention {n:?}: {msg}");
        }
        msg.to_string()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{}", self.stdout))
    }
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tracker"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TZ", "UTC")
        .env("TRACKER_USER", "测试员")
        .env("LANG", "C");
    c
}

impl Ledger {
    /// An empty home; the ledger, at the default path (`$XDG_DATA_HOME/tracker/tracker.db`,
    /// named by `TRACKER_DB` too), is created by the first command. On a test server
    /// (`TRACKER_TEST_PG`): a fresh database there, named by `TRACKER_DB`.
    pub fn new(today: &str) -> Ledger {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("data").join("tracker");
        std::fs::create_dir_all(&folder).expect("data folder");
        let db = folder.join("tracker.db");
        let pg = pg_base().map(|base| {
            let (url, schema) = pg_database(&base, dir.path());
            PgDatabase { url, schema }
        });
        Ledger {
            dir,
            db,
            today: today.to_string(),
            pg,
        }
    }

    /// A seeded ledger whose plan starts on `start`, created on that day.
    pub fn seeded(start: &str) -> Ledger {
        let l = Ledger::new(start);
        l.run(&["init", "--start", start]).ok();
        l
    }

    pub fn cmd(&self) -> Command {
        let mut c = bin();
        c.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("TRACKER_DB", self.ledger())
            .env("TRACKER_TODAY", &self.today)
            .env("COLUMNS", "80");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        run(self.cmd().args(args))
    }

    /// Runs against another ledger file, in the same home.
    pub fn run_in(&self, db: &std::path::Path, args: &[&str]) -> Output {
        run(self.cmd().env("TRACKER_DB", db).args(args))
    }

    /// Runs with `today` as the clock.
    pub fn run_on(&self, today: &str, args: &[&str]) -> Output {
        run(self.cmd().env("TRACKER_TODAY", today).args(args))
    }

    /// What `--db` names: the file, or on PostgreSQL the database's URL.
    pub fn ledger(&self) -> std::ffi::OsString {
        match &self.pg {
            Some(pg) => (&pg.url).into(),
            None => self.db.clone().into(),
        }
    }

    /// Every row of every table, in a fixed order: equal dumps mean nothing was written.
    pub fn dump(&self) -> String {
        match &self.pg {
            Some(pg) => pg_dump(&pg.url, Some(&pg.schema)),
            None => dump(&self.db),
        }
    }
}

pub fn run(c: &mut Command) -> Output {
    if pg_base().is_some() {
        first_use_on_server(c);
    }
    let out = c.output().expect("run tracker");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// [`dump`] for a server ledger: every table of `schema` (of every schema but the system's
/// when `None`), each row as PostgreSQL writes a row value, in a fixed order.
pub fn pg_dump(url: &str, schema: Option<&str>) -> String {
    use tracker::store::postgres::conn::{Target, connect};
    let mut c = connect(&Target::parse(url).expect("ledger URL")).expect("connect to the ledger");
    let tables: Vec<(String, String)> = c
        .query(
            "SELECT table_schema, table_name FROM information_schema.tables \
             WHERE table_schema NOT IN ('pg_catalog', 'information_schema') \
             AND ($1::text IS NULL OR table_schema = $1) \
             AND table_type = 'BASE TABLE' ORDER BY 1, 2",
            &[&schema],
        )
        .expect("list tables")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let mut out = String::new();
    for (schema, table) in tables {
        out.push_str(&format!("## {schema}.{table}\n"));
        let rows = c
            .query(
                &format!("SELECT t::text FROM \"{schema}\".\"{table}\" t ORDER BY 1"),
                &[],
            )
            .expect("read a table");
        for r in rows {
            out.push_str(&r.get::<_, String>(0));
            out.push('\n');
        }
    }
    out
}

pub fn dump(db: &Path) -> String {
    if db.to_string_lossy().starts_with("postgres") {
        let url = db.to_string_lossy();
        let schema = url
            .split_once("search_path%3D")
            .map(|(_, rest)| rest.split('&').next().unwrap_or(rest));
        return pg_dump(&url, schema);
    }
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open ledger");
    let mut out = String::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1, 2"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap().join("|"));
            out.push('\n');
        }
    }
    out
}

/// Asserts every line of a table has the same display width, at most `max` columns.
#[track_caller]
pub fn assert_aligned(table: &str, max: usize) {
    let widths: Vec<usize> = table.lines().map(UnicodeWidthStr::width).collect();
    assert!(!widths.is_empty(), "empty table");
    let first = widths[0];
    for (line, w) in table.lines().zip(&widths) {
        assert_eq!(
            *w, first,
            "line width {w} differs from {first}: {line:?}\n{table}"
        );
    }
    assert!(
        first <= max,
        "table is {first} columns wide, more than {max}:\n{table}"
    );
}

/// The lines of a table-format output that belong to the table (rules and rows, not footers).
pub fn table_part(out: &str) -> String {
    let lines: Vec<&str> = out.lines().collect();
    let last_rule = lines
        .iter()
        .rposition(|l| l.starts_with("---"))
        .unwrap_or(0);
    lines[..=last_rule].join("\n")
}

/// Runs the binary against `db` as an unprivileged user (nobody, via `setpriv`) where the
/// tests run as root, since file modes do not stop root; as the current user otherwise.
pub fn as_user(db: &Path, home: &Path, args: &[&str]) -> Output {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let mut c = if is_root {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_tracker"),
        ]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_tracker"))
    };
    c.env_clear()
        .env("TRACKER_DB", db)
        .env("TRACKER_USER", "u")
        .env("TRACKER_TODAY", "2026-03-09")
        .env("TZ", "UTC")
        .env("HOME", home)
        .env("COLUMNS", "80")
        .args(args);
    run(&mut c)
}

/// An empty ledger (no plan) looked at on 2026-11-26, its plan starting 2026-03-02: what the
/// import tests read reports into.
pub fn empty() -> Ledger {
    let l = Ledger::new("2026-11-26");
    l.run(&["init", "--empty", "--start", "2026-03-02"]).ok();
    l
}

/// Writes `bytes` to `name` in the ledger's folder; returns its path.
pub fn write(l: &Ledger, name: &str, bytes: &[u8]) -> String {
    let p = l.dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

/// The part `name` (`word/document.xml`) of the zip (docx, xlsx) at `path`, as text.
pub fn zip_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("file written");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut s = String::new();
    zip.by_name(name)
        .expect("part present")
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// An import's dry run of `text` (written to `r.txt` in the ledger's folder): its JSON plan
/// and its stderr.
pub fn import_dry(l: &Ledger, text: &str) -> (serde_json::Value, String) {
    let p = l.dir.path().join("r.txt");
    std::fs::write(&p, text).unwrap();
    let out = l
        .run(&[
            "import",
            p.to_str().unwrap(),
            "--dry-run",
            "--format",
            "json",
        ])
        .ok();
    (out.json(), out.stderr)
}

/// Every task of a dry run's plan, in order, across its recommendations.
pub fn planned_tasks(p: &serde_json::Value) -> Vec<serde_json::Value> {
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .collect()
}

/// A minimal Word file: the lines of `before` and `after` as paragraphs around a table of
/// `rows` (each row's cells split at `|`).
pub fn docx_table(before: &str, rows: &[&str], after: &str) -> Vec<u8> {
    use std::io::Write as _;
    let p = |t: &str| format!(r#"<w:p><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p>"#);
    let mut body: String = before.lines().map(p).collect();
    body.push_str("<w:tbl>");
    for r in rows {
        body.push_str("<w:tr>");
        for c in r.split('|') {
            body.push_str(&format!("<w:tc>{}</w:tc>", p(c.trim())));
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    body.extend(after.lines().map(p));
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#).unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    z.write_all(doc.as_bytes()).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}
