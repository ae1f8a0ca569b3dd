//! A shared ledger on a PostgreSQL server: connecting, creating the schema, the version
//! table, the ledger-wide write lock and the server's refusals in the ledger's words. The
//! query code is the store's own, through `db::Db`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use super::db::{Db, Pg, PgTx, Tx};
use super::{Backend, Seed, Store};

/// The schema a new shared ledger gets (see the file's comments).
pub const SCHEMA: &str = include_str!("../../../schema_pg.sql");

/// The version `SCHEMA` creates; `STEPS[i]` climbs from version i + 1 to i + 2.
pub const VERSION: i64 = 1;

/// Forward-only steps, as for a ledger file (`migrate::STEPS`), each in its own transaction.
const STEPS: &[&str] = &[];

/// How long a write waits for another writer before giving up (SQLite's busy timeout).
const LOCK_TIMEOUT: &str = "30s";

/// The schema a ledger lives in when the URL's options do not set a search_path.
const DEFAULT_SCHEMA: &str = "tracker";

/// A connection to the server at `url`. (A plain one, no TLS, until the connection module
/// with TLS, passwords from ~/.pgpass and one-line driver messages takes its place.)
fn client(url: &str) -> Result<postgres::Client> {
    postgres::Client::connect(url, postgres::NoTls).map_err(|e| {
        anyhow!(crate::msg!(
            "cannot connect to {}: {}",
            "无法连接 {}：{}",
            redacted(url),
            one_line(&e)
        ))
    })
}

/// `url` without its password, as every message names a server ledger.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    match authority.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

/// A driver error as one line: the server's own message when it sent one.
fn one_line(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string().lines().next().unwrap_or_default().to_string(),
    }
}

/// Connects and settles the schema the ledger lives in: the URL's search_path if its options
/// set one, else `tracker` (created if missing when `create`).
fn connect(url: &str, create: bool) -> Result<Pg> {
    let pg = Pg::new(client(url)?);
    let own_path = url.contains("search_path");
    let schema: Option<String> = if own_path {
        // The first schema of the URL's search_path, which may not exist yet.
        let path: String = Db::Pg(&pg).value("SHOW search_path", &[])?;
        path.split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .find(|s| !s.is_empty() && s != "$user")
    } else {
        Some(DEFAULT_SCHEMA.to_string())
    };
    if let Some(schema) = &schema {
        let quoted = format!("\"{}\"", schema.replace('"', "\"\""));
        if create {
            // Two first uses at once: the loser finds the schema there.
            let _ = pg.batch(&format!("CREATE SCHEMA IF NOT EXISTS {quoted}"));
        }
        if !own_path {
            pg.batch(&format!("SET search_path TO {quoted}"))?;
        }
    }
    Ok(pg)
}

/// The schema version, `None` when the current schema holds no ledger.
fn version(pg: &Pg) -> Result<Option<i64>> {
    let db = Db::Pg(pg);
    let exists: bool = db.value("SELECT to_regclass('schema_version') IS NOT NULL", &[])?;
    if !exists {
        return Ok(None);
    }
    db.value("SELECT max(version) FROM schema_version", &[])
}

/// Opens the server ledger at `url`: refused when there is none (`init` creates it) or when
/// a newer tracker wrote it; an older schema climbs forward first.
pub fn open(url: &Path) -> Result<Store> {
    let text = url.to_string_lossy().into_owned();
    let shown = PathBuf::from(redacted(&text));
    let pg = connect(&text, false)?;
    match version(&pg).map_err(|e| super::friendly(e, &shown))? {
        None => return Err(super::no_ledger(&shown, "")),
        Some(v) if v > VERSION => bail!(crate::msg!(
            "{} was written by a newer tracker (schema version {v}; this tracker reads up to {VERSION}): upgrade tracker to use it",
            "{} 由新版 tracker 写成（数据库版本 {v}；本版最多能读 {VERSION}）：请升级 tracker 后再用",
            shown.display()
        )),
        Some(v) if v < VERSION => migrate(&pg, v)?,
        Some(_) => {}
    }
    Ok(Store {
        backend: Backend::Pg(Box::new(pg)),
        path: shown,
        read_only: false,
        missing: Vec::new(),
    })
}

/// Climbs from version `found` to `VERSION`, one transaction per step, each under the ledger
/// lock so that two trackers upgrading at once take turns.
fn migrate(pg: &Pg, found: i64) -> Result<()> {
    for (i, step) in STEPS.iter().enumerate().skip((found - 1) as usize) {
        let to = i as i64 + 2;
        let tx = begin_write(pg)?;
        let db = tx.db();
        let now: i64 = db.value("SELECT max(version) FROM schema_version", &[])?;
        if now < to {
            db.batch(step)
                .with_context(|| format!("upgrading the schema to version {to}"))?;
            db.execute("UPDATE schema_version SET version = ?1", &[to.into()])?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// Creates the ledger at `url` with `seed` (schema and seed in one transaction), or opens the
/// one there (`false`). A seed given where a ledger already is, is refused: `init` never
/// writes over a shared ledger.
pub fn open_or_create(url: &Path, seed: Option<&Seed<'_>>) -> Result<(Store, bool)> {
    let text = url.to_string_lossy().into_owned();
    let shown = PathBuf::from(redacted(&text));
    let pg = connect(&text, true)?;
    let friendly = |e| super::friendly(e, &shown);
    pg.batch("BEGIN").map_err(|e| friendly(e.into()))?;
    // Two first uses at once: one creates, the other waits here and then finds it.
    pg.batch("SELECT pg_advisory_xact_lock(hashtext('tracker ledger ' || current_schema()))")
        .map_err(|e| friendly(e.into()))?;
    let created = match version(&pg).map_err(friendly)? {
        Some(_) => {
            pg.batch("ROLLBACK").map_err(|e| friendly(e.into()))?;
            if seed.is_some() {
                bail!(crate::msg!(
                    "{} already holds a ledger: use it, or give another database or schema in the URL",
                    "{} 已有台账：请直接使用，或在 URL 中另指数据库或 schema",
                    shown.display()
                ));
            }
            false
        }
        None => {
            let tx = Tx::Pg(PgTx {
                pg: &pg,
                open: true,
            });
            let db = tx.db();
            db.batch(SCHEMA)
                .context("creating the schema")
                .map_err(friendly)?;
            if let Some(s) = seed {
                super::seed_into(&db, s.start, s.recs, s.tasks, s.stamp, s.note)?;
            }
            tx.commit().map_err(friendly)?;
            true
        }
    };
    drop(pg);
    Ok((open(url)?, created))
}

/// Begins a write: a transaction whose first act is to lock the one `ledger_lock` row, so that
/// writers take turns; waiting longer than `LOCK_TIMEOUT` is the "busy" refusal.
pub fn begin_write(pg: &Pg) -> Result<Tx<'_>> {
    pg.batch("BEGIN")?;
    let tx = PgTx { pg, open: true };
    pg.batch(&format!(
        "SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'; SELECT id FROM ledger_lock WHERE id = 1 FOR UPDATE"
    ))?;
    Ok(Tx::Pg(tx))
}

/// The server's refusals a user can meet, in the ledger's words: one line, naming the
/// ledger by its URL without the password, with the server's own message (never the
/// driver's multi-line text). `None`: leave the error as it is.
pub fn friendly(e: &postgres::Error, shown: &Path) -> Option<anyhow::Error> {
    let p = shown.display();
    let Some(code) = e.code() else {
        // No SQLSTATE: the connection itself failed (a server restarted or gone mid-command).
        return Some(anyhow!(crate::msg!(
            "lost the connection to {p} ({}): run the command again",
            "与 {p} 的连接中断（{}）：请重新运行该命令",
            one_line(e)
        )));
    };
    let state = postgres::error::SqlState::LOCK_NOT_AVAILABLE;
    if *code == state {
        return Some(anyhow!(crate::msg!(
            "{p} stayed busy for 30 seconds (another tracker is writing): nothing was recorded, try again",
            "{p} 被占用达 30 秒（另一个 tracker 正在写入）：未记录任何内容，请重试"
        )));
    }
    if *code == postgres::error::SqlState::INSUFFICIENT_PRIVILEGE {
        return Some(anyhow!(crate::msg!(
            "{p}: the server refused: {}",
            "{p}：服务器拒绝：{}",
            one_line(e)
        )));
    }
    Some(anyhow!(crate::msg!(
        "{p}: the server refused: {}; nothing was recorded",
        "{p}：服务器拒绝：{}；未记录任何内容",
        one_line(e)
    )))
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn a_password_never_shows() {
        assert_eq!(
            redacted("postgres://clerk:s3cret@db.example/ledger"),
            "postgres://clerk@db.example/ledger"
        );
        assert_eq!(
            redacted("postgresql://clerk@db/ledger?host=/tmp"),
            "postgresql://clerk@db/ledger?host=/tmp"
        );
        assert_eq!(redacted("postgres://a:b:c@h/d"), "postgres://a@h/d");
    }
}
