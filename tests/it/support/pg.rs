//! The test ledger on a server. With `TRACKER_TEST_PG` set to a server's base URL (`.ci/run`
//! sets it from `scripts/pg-cluster.sh url`) and [`PG_BACKEND`] on, each [`Ledger`] gets a
//! fresh schema of its own on that server, passed as `--db`'s URL (`TRACKER_DB`); tests about
//! the SQLite file itself (modes, WAL, corruption, paths) call [`sqlite_only`] first and stop
//! there.
//!
//! A first use creates the ledger only at the default path (a file); a server's URL, like any
//! path given with `--db`, names a ledger `init` must have made. So on a server the harness
//! makes it the way the test's first command implies ([`first_use_on_server`]): a command that
//! opens the ledger gets the seeded plan starting on its day (`init`), an `import` an empty
//! ledger (`init --empty`), and `init`, `restore`, `copy` and the commands that never open
//! the ledger nothing.
//!
//! [`Ledger`]: super::Ledger

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use super::bin;

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
pub(super) fn pg_database(base: &str, dir: &Path) -> (String, String) {
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
            let _ = c.batch_execute(&format!(
                "DROP SCHEMA IF EXISTS \"{}\" CASCADE",
                self.schema
            ));
            // The ledger's writer role goes with it (roles are the server's, not the schema's).
            // It holds CONNECT on the database too, which DROP ROLE alone refuses to leave
            // behind: once, that refusal rolled the whole cleanup back, so every schema and role
            // of a run stayed on the server (700 of each by the end, a catalog that init's
            // `GRANT … ON ALL TABLES IN SCHEMA` and every `information_schema` read scan whole).
            // DROP OWNED revokes it; it rewrites the database's catalog row as init's GRANT
            // CONNECT does, so the two take turns on init's lock ("tuple concurrently updated").
            let _ = c.batch_execute(&format!(
                "BEGIN; SELECT pg_advisory_xact_lock(hashtext('tracker grant connect')); \
                 DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN \
                 DROP OWNED BY \"{role}\"; DROP ROLE \"{role}\"; END IF; END $$; COMMIT"
            ));
        }
    }
}

/// The test databases on the server where no ledger has been made yet.
static FRESH: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// On a server, before a test's first command at a fresh database: makes the ledger that
/// command would have found made at the default path of a file (see the module's note), with
/// the command's own environment and `--today`. Nothing for a file, or once made.
pub(super) fn first_use_on_server(c: &Command) {
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
