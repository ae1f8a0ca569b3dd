//! A shared ledger on a PostgreSQL server: connecting, creating the schema, the version
//! table, the ledger-wide write lock and the server's refusals in the ledger's words. The
//! query code is the store's own, through `db::Db`; the connection (URL, passwords, TLS,
//! one-line failures) is `conn`'s.

pub mod conn;
/// Bulk loads by `COPY … FROM STDIN`.
pub(crate) mod copy;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::db::{Db, Pg, PgTx, Tx};
use super::{Backend, Seed, Store};
use conn::Target;

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

/// The full targets (passwords included) of the server ledgers this process was told of, by
/// their redacted URL. Commands carry a ledger's name as the redacted URL (so no message can
/// show a password); opening it looks the whole target up here, else parses the name itself.
static TARGETS: std::sync::Mutex<Vec<(String, Target)>> = std::sync::Mutex::new(Vec::new());

/// Remembers `target` (with the config file's password, if any) for [`Store::open`] and
/// friends, which receive its redacted URL as a path.
pub fn remember(target: &Target) {
    if let Ok(mut known) = TARGETS.lock() {
        let key = target.redacted();
        known.retain(|(k, _)| *k != key);
        known.push((key, target.clone()));
    }
}

/// The target a ledger's name stands for: a remembered one, else the URL parsed.
pub fn target(url: &Path) -> Result<Target> {
    let text = url.to_string_lossy();
    let known = TARGETS.lock().ok().and_then(|k| {
        k.iter()
            .find(|(key, _)| *key == text)
            .map(|(_, t)| t.clone())
    });
    match known {
        Some(t) => Ok(t),
        None => Target::parse(&text),
    }
}

/// Connects and settles the schema the ledger lives in: the URL's search_path if its options
/// set one, else `tracker`. Returns the connection and that schema's name (`None`: the
/// URL's search_path names none), which `open_or_create` creates when missing, inside its
/// transaction.
fn connect(target: &Target) -> Result<(Pg, Option<String>)> {
    let pg = Pg::new(conn::connect(target)?);
    let own_path = target
        .options
        .as_deref()
        .is_some_and(|o| o.contains("search_path"));
    let schema: Option<String> = if own_path {
        // The first schema of the URL's search_path, which may not exist yet.
        let path: String = Db::Pg(&pg).value("SHOW search_path", &[])?;
        path.split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .find(|s| !s.is_empty() && s != "$user")
    } else {
        Some(DEFAULT_SCHEMA.to_string())
    };
    if !own_path && let Some(schema) = &schema {
        pg.batch(&format!("SET search_path TO {}", quoted(schema)))?;
    }
    Ok((pg, schema))
}

/// `name` as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
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
    let target = target(url)?;
    let shown = PathBuf::from(target.redacted());
    let (pg, _) = connect(&target)?;
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

/// How long completion waits for the server (to connect, and for its one read) before it
/// offers no ledger values: a clerk at a prompt should not wait on a slow network.
const PEEK_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// The server ledger at `url` for shell completion: read-only (the session refuses writes),
/// never created or upgraded, `None` when the server does not answer within `PEEK_WAIT`, the
/// schema holds no ledger, or one of another version.
pub fn peek(url: &Path) -> Option<Store> {
    let mut target = target(url).ok()?;
    target.connect_timeout = target.connect_timeout.min(PEEK_WAIT);
    let (pg, _) = connect(&target).ok()?;
    pg.batch(&format!(
        "SET default_transaction_read_only = on; SET statement_timeout = '{}ms'",
        PEEK_WAIT.as_millis()
    ))
    .ok()?;
    (version(&pg).ok()?? == VERSION).then_some(())?;
    Some(Store {
        backend: Backend::Pg(Box::new(pg)),
        path: PathBuf::from(target.redacted()),
        read_only: true,
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

/// Creates the ledger at `url` with `seed` and then `fill` (creating its schema if missing),
/// all in one transaction, so that a seed or fill refused leaves nothing on the server, not
/// even an empty schema; or opens the one there (`false`), without running `fill` (as a
/// file's loser of the race to create keeps the other's ledger). A seed given where a ledger
/// already is, is refused: `init` never writes over a shared ledger.
pub fn open_or_create(
    url: &Path,
    seed: Option<&Seed<'_>>,
    fill: impl FnOnce(&mut Store) -> Result<()>,
) -> Result<(Store, bool)> {
    let target = target(url)?;
    let shown = PathBuf::from(target.redacted());
    let (pg, schema) = connect(&target)?;
    let friendly = |e| super::friendly(e, &shown);
    pg.batch("BEGIN").map_err(|e| friendly(e.into()))?;
    let tx = Tx::Pg(PgTx {
        pg: &pg,
        open: true,
    });
    let db = tx.db();
    // Two first uses at once: one creates, the other waits here and then finds it. Keyed by
    // the name, as the schema may not exist yet.
    let key = format!("tracker ledger {}", schema.as_deref().unwrap_or(""));
    db.execute("SELECT pg_advisory_xact_lock(hashtext(?1))", &[key.into()])
        .map_err(friendly)?;
    if let Some(schema) = &schema {
        // Created only when missing: CREATE SCHEMA IF NOT EXISTS asks for the right to
        // create even where the schema is there, and a role that may only use it would
        // abort the transaction.
        let exists: bool = db
            .value(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?1)",
                &[schema.clone().into()],
            )
            .map_err(friendly)?;
        if !exists {
            db.batch(&format!("CREATE SCHEMA {}", quoted(schema)))
                .map_err(friendly)?;
        }
    }
    if version(&pg).map_err(friendly)?.is_some() {
        drop(tx);
        if seed.is_some() {
            bail!(crate::msg!(
                "{} already holds a ledger: use it, or give another database or schema in the URL",
                "{} 已有台账：请直接使用，或在连接地址中另指数据库或模式",
                shown.display()
            ));
        }
        drop(pg);
        return Ok((open(url)?, false));
    }
    db.batch(SCHEMA)
        .context("creating the schema")
        .map_err(friendly)?;
    if let Some(s) = seed {
        super::seed_into(&db, s.start, s.recs, s.tasks, s.stamp, s.note)?;
    }
    // The transaction stays open through `fill`: its writes are savepoints in it.
    std::mem::forget(tx);
    pg.set_joined(true);
    let mut store = Store {
        backend: Backend::Pg(Box::new(pg)),
        path: shown.clone(),
        read_only: false,
        missing: Vec::new(),
    };
    let filled = fill(&mut store);
    let Backend::Pg(pg) = &store.backend else {
        unreachable!("built as a server store above")
    };
    pg.set_joined(false);
    let end = if filled.is_ok() { "COMMIT" } else { "ROLLBACK" };
    let ended = pg.batch(end).map_err(|e| friendly(e.into()));
    filled?;
    ended?;
    drop(store);
    Ok((open(url)?, true))
}

/// Begins a write: a transaction whose first act is to lock the one `ledger_lock` row, so that
/// writers take turns; waiting longer than `LOCK_TIMEOUT` is the "busy" refusal.
pub fn begin_write(pg: &Pg) -> Result<Tx<'_>> {
    pg.batch(if pg.joined() {
        "SAVEPOINT write"
    } else {
        "BEGIN"
    })?;
    let tx = PgTx { pg, open: true };
    pg.batch(&format!(
        "SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'; SELECT id FROM ledger_lock WHERE id = 1 FOR UPDATE"
    ))?;
    Ok(Tx::Pg(tx))
}

/// The server's refusals a user can meet, in the ledger's words: `conn::explain`'s one line,
/// naming the ledger by its URL without the password. `None`: `shown` is not a URL.
pub fn friendly(e: &postgres::Error, shown: &Path) -> Option<anyhow::Error> {
    let target = Target::parse(&shown.to_string_lossy()).ok()?;
    Some(conn::explain(e, &target))
}
