//! A temporary ledger per test, and a small builder that runs the real binary against it with
//! a clean environment: args in, stdout/stderr/exit code out.
//!
//! The PostgreSQL switch is in one place, [`pg`]: with `TRACKER_TEST_PG` set, each [`Ledger`]
//! is a fresh schema on that server instead of a file.

mod pg;

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

pub use pg::{PgDatabase, pg_base, pg_dump, pg_url_with, sqlite_only};
use pg::{first_use_on_server, pg_database};
pub struct Ledger {
    pub dir: TempDir,
    /// The ledger file (on PostgreSQL: where it would be; the ledger is `url`).
    pub db: PathBuf,
    pub today: String,
    /// On PostgreSQL: this ledger's own database, dropped with it.
    pub pg: Option<PgDatabase>,
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
