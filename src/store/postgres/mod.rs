//! A shared ledger on a PostgreSQL server: connecting, creating the schema, the version
//! table, the ledger-wide write lock and the server's refusals in the ledger's words. The
//! query code is the store's own, through `db::Db`; the connection (URL, passwords, TLS,
//! one-line failures) is `conn`'s.

pub mod conn;
/// Bulk loads by `COPY … FROM STDIN`.
pub(crate) mod copy;
/// Follow-up's per-task dates (`Store::marks`, the latest notes), kept per task on the server.
pub(super) mod marks;
pub mod writers;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Utc};

use super::db::{Db, Pg, PgFailure, PgTx, Tx, args};
use super::{Backend, Seed, Store};
use conn::Target;

/// The schema a new shared ledger gets (see the file's comments).
pub const SCHEMA: &str = include_str!("../../../schema_pg.sql");

/// The version a new ledger gets: `SCHEMA` (version 1), then every step of [`steps`].
pub const VERSION: i64 = 2;

/// Forward-only steps, as for a ledger file (`migrate::STEPS`), each in its own transaction:
/// `steps(role)[i]` climbs from version i + 1 to i + 2. `role` is the ledger's writer role
/// (`writers::role_name`), granted what a step adds where it exists.
///
/// 2: `task_marks`, follow-up's dates kept per task as the history is written
/// (`postgres::marks`).
fn steps(role: &str) -> Vec<String> {
    let grant = format!(
        "DO $grant$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = {name}) THEN \
           EXECUTE format('GRANT SELECT, INSERT, UPDATE ON task_marks TO %I', {name}); END IF; END $grant$;",
        name = quote_literal(role)
    );
    vec![format!("{}\n{grant}", marks::schema_step())]
}

/// `text` as an SQL string literal.
fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// How long any statement waits for a lock before giving up with the busy line: a write for
/// another writer (SQLite's busy timeout), a read behind an administrator's `VACUUM FULL` or
/// `ALTER TABLE`, an `init` or `copy` behind another on the same schema. Set for the session.
const LOCK_TIMEOUT: &str = "30s";

/// How long a write transaction may stand idle on the server (waiting for this client)
/// before the server ends the session and so frees the ledger lock. A command never waits for
/// a person inside a transaction, so only a stopped (Ctrl-Z, a laptop's lid) or vanished
/// client stands idle that long; well under `LOCK_TIMEOUT`, so the clerk it kept waiting
/// still gets through. Set per write transaction only: a read (`history | less`) may stand
/// idle as long as its reader scrolls, holding no lock a writer needs.
const IDLE_IN_WRITE: &str = "10s";

/// How long a bulk load's transaction (`restore`, `copy --to URL`, `dev synth`) may stand
/// idle on the server: such a load reads and checks a whole export between its statements,
/// more than `IDLE_IN_WRITE` for a large ledger on a busy machine (a 100,000-task copy stood
/// idle 10 s and more). Still bounded, so a stopped load frees the ledger lock in the end; a
/// vanished one is noticed sooner by the TCP keepalives.
const IDLE_IN_LOAD: &str = "10min";

/// Inside a write transaction on `pg`: lets it stand idle up to `IDLE_IN_LOAD` instead of
/// `IDLE_IN_WRITE`, for work whose client side runs long between statements (a bulk load).
/// For this transaction only (`SET LOCAL`); errors: the server's.
pub fn long_work(pg: &Pg) -> Result<()> {
    pg.batch(&format!(
        "SET LOCAL idle_in_transaction_session_timeout = '{IDLE_IN_LOAD}'"
    ))?;
    Ok(())
}

/// The schema a ledger lives in when the URL's options do not set a search_path.
const DEFAULT_SCHEMA: &str = "tracker";

/// Whether this process has begun a write on a server ledger: a failure then says nothing
/// was recorded; a read's never does.
static WRITING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The writer role the ledger this process created was granted to, and how it was found
/// ([`writer_role`]).
static MADE: std::sync::Mutex<Option<(String, writers::Writer)>> = std::sync::Mutex::new(None);

/// The writer role of the ledger this process has just created on a server, and whether it
/// was made for it or found (with its members), for `init` to tell the administrator which
/// role to grant clerks; `None` when no ledger was created or its role could not be made
/// (a warning said so).
pub fn writer_role() -> Option<(String, writers::Writer)> {
    MADE.lock().ok().and_then(|m| m.clone())
}

thread_local! {
    /// Set while `open_or_create` holds the transaction that creates a ledger open for the
    /// `fill` that loads it: the fill's first write joins that transaction instead of
    /// beginning one, so the schema, its tables and the data commit together or not at all.
    static CREATING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a new ledger's creating transaction is open for its `fill` (see `CREATING`): a
/// snapshot then reads inside it, what the load has written so far.
pub(super) fn creating() -> bool {
    CREATING.with(|c| c.get())
}

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

/// A connection with its session set up: the ledger's schema (`None`: the URL's
/// search_path names none), the server's clock when it was set up, and whether the schema
/// then held a version table (read in the same round trip, so that opening a ledger costs
/// one statement less).
struct Session {
    pg: Pg,
    schema: Option<String>,
    clock: DateTime<Utc>,
    versioned: bool,
}

/// A session opened early to read the server's clock ([`server_now`]), kept for the same
/// command's `open`, so that the clock costs no connection of its own; and that clock reading.
static EARLY: std::sync::Mutex<Option<Early>> = std::sync::Mutex::new(None);

/// The ledger's redacted URL, its session until `open` takes it, and the clock it read.
type Early = (String, Option<Session>, DateTime<Utc>);

/// What every session runs first, in one round trip: the schema (unless the URL's options set
/// a search_path), the lock timeout, the server's side of the TCP keepalives (a client gone
/// without a word is noticed in about a minute; ignored on a Unix socket), then the
/// search_path in force, the server's clock and whether a version table is there.
fn session_sql(own_path: bool) -> String {
    let path = if own_path {
        String::new()
    } else {
        format!("SET search_path TO \"{DEFAULT_SCHEMA}\"; ")
    };
    format!(
        "{path}SET lock_timeout = '{LOCK_TIMEOUT}'; SET tcp_keepalives_idle = {}; \
         SET tcp_keepalives_interval = {}; SET tcp_keepalives_count = {}; \
         SELECT current_setting('search_path'), {CLOCK_SQL}, \
         to_regclass('schema_version') IS NOT NULL",
        conn::KEEPALIVE_IDLE.as_secs(),
        conn::KEEPALIVE_INTERVAL.as_secs(),
        conn::KEEPALIVE_RETRIES
    )
}

/// Rows as text, one statement's.
type TextRows = Vec<Vec<Option<String>>>;

/// Runs `sql` (statements without arguments) and returns the rows of its last result as text.
fn simple_rows(pg: &Pg, sql: &str) -> Result<TextRows, PgFailure> {
    Ok(simple_results(pg, sql)?.pop().unwrap_or_default())
}

/// Runs `sql` (statements without arguments, in one round trip) and returns each statement's
/// rows as text, in order.
fn simple_results(pg: &Pg, sql: &str) -> Result<Vec<TextRows>, PgFailure> {
    let messages = pg.client.borrow_mut().simple_query(sql)?;
    let (mut results, mut rows) = (Vec::new(), Vec::new());
    for m in messages {
        match m {
            postgres::SimpleQueryMessage::Row(r) => {
                rows.push((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect());
            }
            postgres::SimpleQueryMessage::CommandComplete(_) => {
                results.push(std::mem::take(&mut rows));
            }
            _ => {}
        }
    }
    Ok(results)
}

/// The server's clock as `clock_timestamp()` reads it when the statement runs, as RFC 3339
/// UTC text with microseconds (the session's set-up and [`begin_write`] read it).
const CLOCK_SQL: &str =
    "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

/// A clock reading in [`CLOCK_SQL`]'s form; the machine's clock if it cannot be read.
fn clock_of(text: Option<&str>) -> DateTime<Utc> {
    text.and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

/// Connects and sets the session up (see [`session_sql`]); the schema the ledger lives in is
/// the first of the search_path (the URL's, else `tracker`), read as the server reads it.
fn connect(target: &Target) -> Result<Session> {
    let key = target.redacted();
    if let Ok(mut early) = EARLY.lock()
        && let Some((k, session, _)) = early.as_mut()
        && *k == key
        && let Some(s) = session.take()
    {
        return Ok(s);
    }
    let pg = Pg::new(conn::connect(target)?);
    let own_path = target
        .options
        .as_deref()
        .is_some_and(|o| o.contains("search_path"));
    let shown = PathBuf::from(&key);
    let rows =
        simple_rows(&pg, &session_sql(own_path)).map_err(|e| super::friendly(e.into(), &shown))?;
    let row = rows.into_iter().next().unwrap_or_default();
    let path = row.first().cloned().flatten().unwrap_or_default();
    let clock = clock_of(row.get(1).and_then(|t| t.as_deref()));
    // Simple-query text: `t` for true.
    let versioned = row.get(2).cloned().flatten().as_deref() == Some("t");
    Ok(Session {
        pg,
        schema: first_schema(&path),
        clock,
        versioned,
    })
}

/// The first schema a search_path names, as the server resolves it: an unquoted name folded
/// to lower case, a quoted one as written (`""` a quote), `$user` (quoted or not: the role's
/// own schema, which a ledger never relies on) passed over.
fn first_schema(path: &str) -> Option<String> {
    let mut names = Vec::new();
    let (mut name, mut quoted) = (String::new(), false);
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                name.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => names.push(std::mem::take(&mut name)),
            c if quoted => name.push(c),
            c if c.is_whitespace() => {}
            c => name.extend(c.to_lowercase()),
        }
    }
    names.push(name);
    names.into_iter().find(|n| !n.is_empty() && n != "$user")
}

/// The server's clock for the ledger at `url`: read when this process first connects to it,
/// as the machine's clock is read once when a command starts. A clerk's PC whose clock is
/// wrong then dates nothing on a shared ledger; the connection is kept for the command's
/// `open`. Errors: the connection's, in one line.
pub fn server_now(url: &Path) -> Result<DateTime<Utc>> {
    let key = target(url)?.redacted();
    if let Ok(early) = EARLY.lock()
        && let Some((k, _, clock)) = early.as_ref()
        && *k == key
    {
        return Ok(*clock);
    }
    let session = connect(&target(url)?)?;
    let clock = session.clock;
    if let Ok(mut early) = EARLY.lock() {
        *early = Some((key, Some(session), clock));
    }
    Ok(clock)
}

/// The schema version, `None` when the current schema holds no ledger.
fn version(pg: &Pg) -> Result<Option<i64>> {
    let db = Db::Pg(pg);
    let exists: bool = db.value("SELECT to_regclass('schema_version') IS NOT NULL", &[])?;
    if !exists {
        return Ok(None);
    }
    max_version(pg)
}

/// The schema version, where the version table is known to be there.
fn max_version(pg: &Pg) -> Result<Option<i64>> {
    Db::Pg(pg).value("SELECT max(version) FROM schema_version", &[])
}

/// Opens the server ledger at `url`: refused when there is none (`init` creates it), when the
/// role may not use its schema, or when a newer tracker wrote it; an older schema climbs
/// forward first.
pub fn open(url: &Path) -> Result<Store> {
    let target = target(url)?;
    let shown = PathBuf::from(target.redacted());
    let Session {
        pg,
        schema,
        versioned,
        ..
    } = connect(&target)?;
    let found = if versioned {
        max_version(&pg).map_err(|e| super::friendly(e, &shown))?
    } else {
        None
    };
    match found {
        None => {
            // A schema the role may not use looks empty from inside: say so, rather than
            // send a clerk to `init` a ledger that exists.
            if let Some(schema) = &schema {
                refuse_barred(&Db::Pg(&pg), schema, &target)
                    .map_err(|e| super::friendly(e, &shown))?;
                foreign_tables(&Db::Pg(&pg), schema, &target)
                    .map_err(|e| super::friendly(e, &shown))?;
            }
            return Err(super::no_ledger(&shown, ""));
        }
        Some(v) if v > VERSION => bail!(crate::msg!(
            "{} was written by a newer tracker (schema version {v}; this tracker reads up to {VERSION}): upgrade tracker to use it",
            "{} 由新版 tracker 写成（数据库版本 {v}；本版最多能读 {VERSION}）：请升级 tracker 后再用",
            shown.display()
        )),
        Some(v) if v < VERSION => migrate(&pg, v, &shown)?,
        Some(_) => {}
    }
    Ok(store(pg, shown, false))
}

fn store(pg: Pg, shown: PathBuf, read_only: bool) -> Store {
    Store {
        backend: Backend::Pg(Box::new(pg)),
        path: shown,
        read_only,
        missing: Vec::new(),
    }
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
    let pg = connect(&target).ok()?.pg;
    pg.batch(&format!(
        "SET default_transaction_read_only = on; SET statement_timeout = '{}ms'; SET lock_timeout = '{}ms'",
        PEEK_WAIT.as_millis(),
        PEEK_WAIT.as_millis()
    ))
    .ok()?;
    (version(&pg).ok()?? == VERSION).then_some(())?;
    Some(store(pg, PathBuf::from(target.redacted()), true))
}

/// Climbs from version `found` to `VERSION`, one transaction per step, each under the ledger
/// lock so that two trackers upgrading at once take turns.
///
/// Only the tables' owner (or a member of the owning role) may change them: anyone else gets
/// one line naming the owner, and the ledger is left as it was.
fn migrate(pg: &Pg, found: i64, shown: &Path) -> Result<()> {
    let role = {
        let db = Db::Pg(pg);
        let (owner, may): (String, bool) = {
            let row = db.query_one(
                "SELECT tableowner::text, pg_has_role(current_user, tableowner, 'USAGE') \
                   FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'events'",
                &[],
            )?;
            (row.get(0)?, row.get(1)?)
        };
        if !may {
            let url = shown.display();
            bail!(crate::msg!(
                "{url} holds a ledger of schema version {found}, and this tracker needs version {VERSION}: only its owner {owner} may upgrade it (nothing was changed); {owner} runs any tracker command on it once, e.g. `tracker --db URL list`, then everyone goes on",
                "{url} 中的台账为数据库版本 {found}，本版 tracker 需要版本 {VERSION}：只有其所有者 {owner} 能升级（未作任何改动）；请 {owner} 对它运行任一 tracker 命令（如 `tracker --db URL list`）一次，之后大家即可照常使用"
            ));
        }
        let database: String = db.value("SELECT current_database()::text", &[])?;
        let schema: String = db.value("SELECT current_schema()::text", &[])?;
        writers::role_name(&database, &schema)
    };
    for (i, step) in steps(&role).iter().enumerate().skip((found - 1) as usize) {
        let to = i as i64 + 2;
        let (tx, _) = begin_write(pg)?;
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

/// Creates the ledger at `url`, seeded with `seed` and then filled by `fill`, in ONE
/// transaction with the schema itself: a refused seed or load, a lost connection, Ctrl-C or
/// a killed process leaves the database as it was, with no empty schema behind. Returns the
/// store and `true`; or, where a ledger already is, that one opened and `false` without
/// `fill` (refused when a `seed` was given: `init` never writes over a shared ledger).
///
/// Two at once on one schema take turns on an advisory lock named after it; one kept waiting
/// longer than `LOCK_TIMEOUT` gets the busy line.
pub fn open_or_create(
    url: &Path,
    seed: Option<&Seed<'_>>,
    fill: impl FnOnce(&mut Store) -> Result<()>,
) -> Result<(Store, bool)> {
    let target = target(url)?;
    let shown = PathBuf::from(target.redacted());
    let Session { pg, schema, .. } = connect(&target)?;
    let Some(schema) = schema else {
        bail!(conn::line(
            conn::Trouble::NoSchema,
            &target,
            &conn::Doing::default()
        ));
    };
    let friendly = |e: anyhow::Error| super::friendly(e, &shown);
    WRITING.store(true, std::sync::atomic::Ordering::Relaxed);
    let db = Db::Pg(&pg);
    pg.batch(&format!(
        "BEGIN; SET LOCAL idle_in_transaction_session_timeout = '{IDLE_IN_WRITE}'"
    ))
    .map_err(|e| friendly(e.into()))?;
    // Rolls the creation back on any early return.
    let mut guard = PgTx {
        pg: &pg,
        open: true,
    };
    db.execute(
        "SELECT pg_advisory_xact_lock(hashtext('tracker ledger ' || ?1))",
        args![&schema],
    )
    .map_err(friendly)?;
    if version(&pg).map_err(friendly)?.is_some() {
        drop(guard);
        if seed.is_some() {
            bail!(crate::msg!(
                "{} already holds a ledger: use it, or give another database or schema in the URL",
                "{} 已有台账：请直接使用，或在连接地址中另指数据库或模式",
                shown.display()
            ));
        }
        return Ok((open(url)?, false));
    }
    let exists: bool = db
        .value(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?1)",
            args![&schema],
        )
        .map_err(friendly)?;
    refuse_barred(&db, &schema, &target).map_err(friendly)?;
    foreign_tables(&db, &schema, &target)?;
    if !exists {
        let quoted = format!("\"{}\"", schema.replace('"', "\"\""));
        db.batch(&format!("CREATE SCHEMA {quoted}"))
            .map_err(|e| schema_refused(e, &target, &schema, &shown))?;
    }
    db.batch(SCHEMA)
        .context("creating the schema")
        .map_err(friendly)?;
    let database: String = db
        .value("SELECT current_database()::text", &[])
        .map_err(friendly)?;
    let role = writers::role_name(&database, &schema);
    // The steps a new ledger climbs at once, in the creating transaction (the writer's grants
    // below cover what they add).
    for step in steps(&role) {
        db.batch(&step)
            .context("creating the schema")
            .map_err(friendly)?;
    }
    db.execute("UPDATE schema_version SET version = ?1", &[VERSION.into()])
        .map_err(friendly)?;
    let writer = writers::set_up(&db, &database, &schema, &role).map_err(friendly)?;
    if writer == writers::Writer::Missing {
        let shown_schema = crate::render::safe(&schema, false);
        eprintln!(
            "{}{}",
            crate::i18n::warning_prefix(),
            crate::msg!(
                "clerks write to this ledger through the role {role}, which {} may not create: the administrator runs CREATE ROLE {role} NOLOGIN and the grants in the README (\"Who may write\"), with schema {shown_schema} and role {role} in place of tracker and tracker_writer_dubanl_tracker, then GRANT {role} TO each clerk's login role",
                "职员通过角色 {role} 写入本台账，但 {} 无权创建该角色：请管理员运行 CREATE ROLE {role} NOLOGIN 和 README（“Who may write”）中的授权语句（把其中的模式 tracker 换成 {shown_schema}、角色 tracker_writer_dubanl_tracker 换成 {role}），再对每个职员的登录角色运行 GRANT {role} TO 该角色",
                target.user
            )
        );
    } else if let Ok(mut made) = MADE.lock() {
        *made = Some((role, writer));
    }
    if let Some(s) = seed {
        super::seed_into(&db, s.start, s.recs, s.tasks, s.stamp, s.note).map_err(friendly)?;
    }
    // The transaction passes to `fill`: its first write joins it (`begin_write`), and that
    // write's commit or rollback is the whole creation's.
    guard.open = false;
    drop(guard);
    CREATING.with(|c| c.set(true));
    let mut store = store(pg, shown.clone(), false);
    let filled = fill(&mut store);
    let still_ours = CREATING.with(|c| c.replace(false));
    match filled {
        Ok(()) if still_ours => store
            .db()
            .batch("COMMIT")
            .context("committing the new ledger")
            .map_err(friendly)?,
        Ok(()) => {}
        Err(e) => {
            if still_ours {
                let _ = store.db().batch("ROLLBACK");
            }
            return Err(e);
        }
    }
    Ok((store, true))
}

/// Refuses a `schema` the role may not use (no USAGE): from inside it looks empty, or its
/// tables look like another application's, though a ledger may well be there; the line is the
/// one for any lack of a grant, naming the schema, so neither `list` sends a clerk to `init`
/// nor `init` sends an administrator to make a second ledger beside it (18m #4).
fn refuse_barred(db: &Db<'_>, schema: &str, target: &Target) -> Result<()> {
    let barred: Option<bool> = db
        .query_opt(
            "SELECT NOT has_schema_privilege(oid, 'USAGE') FROM pg_namespace WHERE nspname = ?1",
            args![schema],
        )?
        .map(|r| r.get(0))
        .transpose()?;
    if barred == Some(true) {
        let doing = conn::Doing {
            object: Some(crate::msg!("schema {schema}", "模式 {schema}")),
            ..conn::Doing::default()
        };
        bail!(conn::line(conn::Trouble::NoPrivilege, target, &doing));
    }
    Ok(())
}

/// Refuses a `schema` that holds no ledger but tables of its own (another application's
/// `tracker` schema, a generic name): `list` would send the clerk to `init`, and `init` would
/// fail on a name already taken. Names up to five of them and how to give another schema.
fn foreign_tables(db: &Db<'_>, schema: &str, target: &Target) -> Result<()> {
    let names: Vec<String> = db
        .query(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = ?1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname::text COLLATE \"C\"",
            args![schema],
        )?
        .iter()
        .map(|r| r.get::<String>(0))
        .collect::<Result<_>>()?;
    if names.is_empty() {
        return Ok(());
    }
    let count = names.len();
    let shown: Vec<String> = names
        .iter()
        .take(5)
        .map(|n| crate::render::safe(n, false))
        .collect();
    let list = crate::i18n::list(shown);
    let more = if count > 5 { ", …" } else { "" };
    let (schema, db, url) = (
        crate::render::safe(schema, false),
        &target.dbname,
        target.redacted(),
    );
    let tables = if count == 1 {
        "table that is"
    } else {
        "tables that are"
    };
    bail!(crate::msg!(
        "schema {schema} in database {db} of {url} already holds {count} {tables} not a ledger ({list}{more}): give the ledger another schema in the URL (?options=-c%20search_path%3DNAME)",
        "{url} 的数据库 {db} 中的模式 {schema} 已有 {count} 个不属于台账的表（{list}{more}）：请在连接地址中为台账另指模式（?options=-c%20search_path%3DNAME）"
    ))
}

/// The line for a `CREATE SCHEMA` the server refused: a role without CREATE on the database
/// is told what the database's owner can grant, or create for it.
fn schema_refused(e: anyhow::Error, target: &Target, schema: &str, shown: &Path) -> anyhow::Error {
    let code = e
        .chain()
        .find_map(|c| c.downcast_ref::<PgFailure>())
        .and_then(|f| f.0.code().cloned());
    if code == Some(postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
        let (user, db, url) = (&target.user, &target.dbname, target.redacted());
        return anyhow!(crate::msg!(
            "{user} may not create the schema {schema} in database {db} on {url}: nothing was created; the database's owner can run GRANT CREATE ON DATABASE {db} TO {user}, or CREATE SCHEMA {schema} AUTHORIZATION {user}",
            "{user} 无权在 {url} 的数据库 {db} 中创建模式 {schema}：未创建任何内容；数据库的所有者可运行 GRANT CREATE ON DATABASE {db} TO {user}，或 CREATE SCHEMA {schema} AUTHORIZATION {user}"
        ));
    }
    super::friendly(e, shown)
}

/// Begins a write: a transaction whose first act is to lock the one `ledger_lock` row, so that
/// writers take turns (waiting at most `LOCK_TIMEOUT`, then the busy line), and in which the
/// server ends a session standing idle longer than `IDLE_IN_WRITE`; then reads the server's
/// clock, with the lock held (a statement of its own: a `SELECT … FOR UPDATE` computes its
/// columns before it waits for the row), so that the writes' `entered` times follow the
/// order they commit in; all in one round trip. Returns the transaction and that clock.
/// Inside `open_or_create` the write joins the creating transaction instead.
///
/// Errors: the ledger lock's row is missing (someone deleted it: writes would no longer take
/// turns, so none is made until its owner puts it back).
pub fn begin_write(pg: &Pg) -> Result<(Tx<'_>, DateTime<Utc>)> {
    WRITING.store(true, std::sync::atomic::Ordering::Relaxed);
    let joining = CREATING.with(|c| c.replace(false));
    let begin = if joining {
        String::new()
    } else {
        format!("BEGIN; SET LOCAL idle_in_transaction_session_timeout = '{IDLE_IN_WRITE}'; ")
    };
    let tx = PgTx { pg, open: true };
    let mut results = simple_results(
        pg,
        &format!("{begin}SELECT id FROM ledger_lock WHERE id = 1 FOR UPDATE; SELECT {CLOCK_SQL}"),
    )?;
    let clock = results.pop().unwrap_or_default();
    let clock = clock_of(
        clock
            .first()
            .and_then(|r| r.first())
            .and_then(|t| t.as_deref()),
    );
    if results.pop().unwrap_or_default().is_empty() {
        bail!(crate::msg!(
            "the ledger's lock row is missing (someone deleted the row of ledger_lock), so writers would no longer take turns: nothing was recorded; the ledger's owner must run INSERT INTO ledger_lock (id) VALUES (1) in its schema",
            "台账的锁行不见了（有人删除了 ledger_lock 的行），多人写入将无法排队：未记录任何内容；请台账的所有者在其模式中运行 INSERT INTO ledger_lock (id) VALUES (1)"
        ));
    }
    Ok((Tx::Pg(tx), clock))
}

/// The server's refusals a user can meet, in the ledger's words: `conn::explain`'s one line,
/// naming the ledger by its URL without the password, saying "nothing was recorded" only when
/// this process began a write, and naming who holds the lock a busy command waited for.
/// `None`: `shown` is not a URL.
pub fn friendly(e: &postgres::Error, shown: &Path) -> Option<anyhow::Error> {
    let target = target(shown).ok()?;
    let mut doing = conn::Doing {
        writing: WRITING.load(std::sync::atomic::Ordering::Relaxed),
        ..conn::Doing::default()
    };
    let kind = conn::trouble(e);
    match kind {
        conn::Trouble::Busy => doing.holder = holder(&target),
        conn::Trouble::Encoding => doing.encoding = encoding(&target),
        _ => {}
    }
    let write_refused_to =
        (doing.writing && kind == conn::Trouble::NoPrivilege).then(|| target.user.clone());
    let line = conn::explain_doing(e, &target, doing).to_string();
    Some(anyhow::Error::new(super::LedgerFailure {
        line,
        write_refused_to,
    }))
}

/// Who holds the lock a busy command gave up on, as `APPLICATION, role ROLE`: a session of
/// this database, not itself waiting, holding the ledger's lock row (a row lock shows as
/// `RowShareLock` on `ledger_lock`), an `ACCESS EXCLUSIVE` lock on a table of the ledger
/// (an administrator's `ALTER TABLE` or `VACUUM FULL`), or the advisory lock `init` and
/// `copy` take. Asked on a fresh short connection, since the waiting one's transaction is
/// aborted; `None` when that fails or finds no one. pg_stat_activity shows every session's
/// application_name and role to everyone.
fn holder(target: &Target) -> Option<String> {
    let mut quick = target.clone();
    quick.connect_timeout = std::time::Duration::from_secs(2);
    let Session { pg, schema, .. } = connect(&quick).ok()?;
    let schema = schema?;
    pg.batch("SET statement_timeout = '2s'").ok()?;
    let row = Db::Pg(&pg)
        .query_opt(
            "SELECT coalesce(nullif(a.application_name, ''), 'a session'), a.usename \
             FROM pg_stat_activity a \
             WHERE a.pid <> pg_backend_pid() AND a.datname = current_database() \
             AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND ( \
               (l.locktype = 'relation' AND l.relation = to_regclass(quote_ident(?1) || '.ledger_lock') \
                  AND l.mode = 'RowShareLock') \
               OR (l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.relation IN \
                  (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?1)) \
               OR (l.locktype = 'advisory' AND l.objid::bigint = (hashtext('tracker ledger ' || ?1)::bigint & 4294967295)))) \
             AND NOT EXISTS (SELECT 1 FROM pg_locks w WHERE w.pid = a.pid AND NOT w.granted) \
             ORDER BY a.backend_start LIMIT 1",
            args![&schema],
        )
        .ok()??;
    let app: String = row.get(0).ok()?;
    let role: Option<String> = row.get(1).ok()?;
    let app = crate::render::safe(&app, false);
    Some(match role {
        Some(role) => crate::msg!(
            "{app}, role {}",
            "{app}，角色 {}",
            crate::render::safe(&role, false)
        ),
        None => app.to_string(),
    })
}

/// The encoding of the ledger's database (`LATIN1`), for the line that says it must be UTF8.
fn encoding(target: &Target) -> Option<String> {
    let mut quick = target.clone();
    quick.connect_timeout = std::time::Duration::from_secs(2);
    let Session { pg, .. } = connect(&quick).ok()?;
    let name: String = Db::Pg(&pg)
        .value(
            "SELECT pg_encoding_to_char(encoding)::text FROM pg_database WHERE datname = current_database()",
            &[],
        )
        .ok()?;
    conn::plain_name(&name)
}

#[cfg(test)]
mod tests {
    use super::first_schema;

    #[test]
    fn the_first_schema_is_read_as_the_server_reads_a_search_path() {
        let cases = [
            ("tracker", Some("tracker")),
            ("Upper", Some("upper")),
            ("\"Upper\"", Some("Upper")),
            ("\"$user\", public", Some("public")),
            ("$user, \"a\"\"b\"", Some("a\"b")),
            ("", None),
            ("  ,  ", None),
            ("\"县区\"", Some("县区")),
        ];
        for (path, want) in cases {
            assert_eq!(first_schema(path).as_deref(), want, "{path}");
        }
    }
}
