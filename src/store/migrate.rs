//! Schema versions. A new database runs `schema.sql` whole; an older one climbs the `STEPS`
//! ladder, one transaction per step, after a backup copy is taken. Forward only: a database from
//! a newer tracker is refused and left untouched.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, TransactionBehavior};

/// The current schema, whole (`schema.sql`).
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// The version `schema.sql` creates.
pub const VERSION: i64 = 8;

/// `STEPS[i]` upgrades version `i + 1` to `i + 2`. Append only; never edit a released step.
const STEPS: &[&str] = &[
    // 1 → 2: reports read one field's events over time; imported files are remembered.
    "CREATE INDEX events_field_at ON events (field, at, task_id, old, new);
     CREATE TABLE imports (
         hash            TEXT PRIMARY KEY,
         file            TEXT NOT NULL,
         recommendations TEXT NOT NULL,
         actor           TEXT NOT NULL,
         at              TEXT NOT NULL
     );",
    // 2 → 3: reports read every task's state from an index rather than the table, and the
    // recent events of a task from its index range.
    "CREATE INDEX tasks_state ON tasks (recommendation, item, status, deadline, progress);
     DROP INDEX events_task;
     CREATE INDEX events_task ON events (task_id, at, id);",
    // 3 → 4 (issue 14, time and undo; one self-contained step): when each event was really
    // entered, which change an undo takes back, and where a supporting unit sat in its list.
    // Older events keep NULL in all three (entered: unknown; position: the end).
    "ALTER TABLE events ADD COLUMN entered TEXT;
     ALTER TABLE events ADD COLUMN undoes INTEGER;
     ALTER TABLE events ADD COLUMN position INTEGER;
     CREATE INDEX events_undoes ON events (undoes) WHERE undoes IS NOT NULL;
     CREATE INDEX events_instant ON events (unixepoch(at), id);
     CREATE INDEX events_entered ON events (entered) WHERE entered IS NOT NULL;",
    // 4 → 5 (return sheets, issue 16): the sheets `tracker sheets` issued to units, and the
    // files `tracker collect` took back, by their SHA-256. Self-contained: renumber freely.
    "CREATE TABLE sheets_issued (
         week  TEXT NOT NULL,
         unit  TEXT NOT NULL,
         file  TEXT NOT NULL,
         tasks INTEGER NOT NULL,
         actor TEXT NOT NULL,
         at    TEXT NOT NULL,
         PRIMARY KEY (week, unit)
     );
     CREATE TABLE sheets_collected (
         hash  TEXT PRIMARY KEY,
         week  TEXT NOT NULL,
         unit  TEXT NOT NULL,
         file  TEXT NOT NULL,
         actor TEXT NOT NULL,
         at    TEXT NOT NULL
     );
     CREATE INDEX sheets_collected_week ON sheets_collected (week, unit);",
    // 5 → 6 (issue 16, undoing a collected sheet; one self-contained step, renumber freely):
    // which change applied a collected file (NULL: it changed nothing), who ran the collect
    // (their `undo` takes it back, though the change is the unit's), and the undo that
    // released it (NULL while it stands). Files collected before keep NULL in all three.
    "ALTER TABLE sheets_collected ADD COLUMN change_id INTEGER;
     ALTER TABLE sheets_collected ADD COLUMN collector TEXT;
     ALTER TABLE sheets_collected ADD COLUMN released INTEGER;
     CREATE INDEX sheets_collected_change ON sheets_collected (change_id) WHERE change_id IS NOT NULL;
     CREATE INDEX sheets_collected_collector ON sheets_collected (collector, change_id) WHERE collector IS NOT NULL;",
    // 6 → 7 (issue 17 §3, 督办通知单; one self-contained step, renumber freely): the notices
    // issued, and a new event field `notice`. SQLite cannot change a CHECK in place, so the
    // events table is rebuilt with the same columns in the same order, and its indexes and
    // append-only triggers (dropped with the old table) made again as schema.sql makes them.
    // Renaming the old table aside first keeps the new one's stored SQL `CREATE TABLE events`.
    "ALTER TABLE events RENAME TO events_before_v7;
     CREATE TABLE events (
         id        INTEGER PRIMARY KEY,
         change_id INTEGER NOT NULL,
         task_id   INTEGER NOT NULL REFERENCES tasks (id),
         field     TEXT NOT NULL
                   CHECK (field IN ('created', 'title', 'text', 'status', 'progress', 'deadline', 'lead', 'support', 'support_order', 'note', 'notice')),
         old       TEXT,
         new       TEXT,
         note      TEXT,
         actor     TEXT NOT NULL,
         at        TEXT NOT NULL, entered TEXT, undoes INTEGER, position INTEGER
     );
     INSERT INTO events (id, change_id, task_id, field, old, new, note, actor, at, entered, undoes, position)
         SELECT id, change_id, task_id, field, old, new, note, actor, at, entered, undoes, position
         FROM events_before_v7;
     DROP TABLE events_before_v7;
     CREATE INDEX events_task ON events (task_id, at, id);
     CREATE INDEX events_at ON events (at);
     CREATE INDEX events_change ON events (change_id);
     CREATE INDEX events_undoes ON events (undoes) WHERE undoes IS NOT NULL;
     CREATE INDEX events_instant ON events (unixepoch(at), id);
     CREATE INDEX events_entered ON events (entered) WHERE entered IS NOT NULL;
     CREATE INDEX events_field_at ON events (field, at, task_id, old, new);
     CREATE TABLE notices (
         year      INTEGER NOT NULL CHECK (year BETWEEN 1000 AND 9999),
         number    INTEGER NOT NULL CHECK (number > 0),
         unit      TEXT NOT NULL,
         reply_by  TEXT NOT NULL CHECK (reply_by LIKE '____-__-__'),
         tasks     INTEGER NOT NULL,
         change_id INTEGER NOT NULL,
         actor     TEXT NOT NULL,
         at        TEXT NOT NULL,
         PRIMARY KEY (year, number)
     );
     CREATE TRIGGER events_no_update BEFORE UPDATE ON events
     BEGIN
         SELECT RAISE(ABORT, 'events are append-only');
     END;
     CREATE TRIGGER events_no_delete BEFORE DELETE ON events
     BEGIN
         SELECT RAISE(ABORT, 'events are append-only');
     END;",
    // 7 → 8: the same two rules, written so that SQLite checks them in line. A CHECK
    // `x IN (a, b, c, …)` of more than two values makes SQLite build a temporary index of the
    // list at every insert (sqlite3FindInIndex compares only lists of at most two constants
    // in line): about 4 µs a row, a tenth of a 10,000-row import. `x = a OR x = b …` accepts
    // exactly the same values. Every stored row already meets the rule, so the tables' stored
    // SQL is rewritten in place, as SQLite documents for changing a CHECK without rebuilding
    // the table (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table
    // Schema Changes"); `upgrade` then raises the schema cookie so every connection re-reads it.
    "PRAGMA writable_schema = ON;
     UPDATE sqlite_schema
        SET sql = replace(replace(sql,
            'CHECK (status IN (''not-started'', ''in-progress'', ''blocked'', ''done'', ''cancelled''))',
            'CHECK (status = ''not-started'' OR status = ''in-progress'' OR status = ''blocked'' OR status = ''done'' OR status = ''cancelled'')'),
            'CHECK (field IN (''created'', ''title'', ''text'', ''status'', ''progress'', ''deadline'', ''lead'', ''support'', ''support_order'', ''note'', ''notice''))',
            'CHECK (field = ''created'' OR field = ''title'' OR field = ''text'' OR field = ''status'' OR field = ''progress'' OR field = ''deadline'' OR field = ''lead'' OR field = ''support'' OR field = ''support_order'' OR field = ''note'' OR field = ''notice'')')
      WHERE type = 'table' AND name IN ('tasks', 'events');
     PRAGMA writable_schema = OFF;",
];

const _: () = assert!(
    STEPS.len() as i64 == VERSION - 1,
    "one step per version after the first"
);

pub fn user_version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .context("reading the schema version")
}

/// The tables, indexes and triggers `SCHEMA` creates that the database lacks, as
/// "trigger events_no_update" and the like (empty when all are there). Names only: a ledger
/// reached by the upgrade steps has the same objects as a new one (a test checks it).
pub fn missing(conn: &Connection) -> Result<Vec<String>> {
    let mut have = std::collections::HashSet::new();
    let mut stmt = conn
        .prepare("SELECT type, name FROM sqlite_master")
        .context("reading the schema")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        have.insert(row?);
    }
    Ok(expected()
        .into_iter()
        .filter(|(kind, name)| !have.contains(&(kind.to_string(), name.clone())))
        .map(|(kind, name)| format!("{kind} {name}"))
        .collect())
}

/// `(type, name)` of every object `SCHEMA` creates, read from its `CREATE` statements.
fn expected() -> Vec<(&'static str, String)> {
    let words: Vec<&str> = SCHEMA
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .flat_map(str::split_whitespace)
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !w.eq_ignore_ascii_case("CREATE") {
            continue;
        }
        let rest = &words[i + 1..];
        let rest = match rest.first() {
            Some(u) if u.eq_ignore_ascii_case("UNIQUE") => &rest[1..],
            _ => rest,
        };
        let (Some(kind), Some(name)) = (rest.first(), rest.get(1)) else {
            continue;
        };
        let kind = match kind.to_ascii_uppercase().as_str() {
            "TABLE" => "table",
            "INDEX" => "index",
            "TRIGGER" => "trigger",
            _ => continue,
        };
        out.push((
            kind,
            name.trim_matches(|c| c == '(' || c == '"').to_string(),
        ));
    }
    out
}

/// Refuses a database that is not a ledger, or was written by a newer tracker.
pub fn check(conn: &Connection, path: &Path) -> Result<()> {
    let found = user_version(conn)?;
    if found > VERSION {
        bail!(crate::msg!(
            "{} was written by a newer tracker (schema version {found}; this tracker reads up to {VERSION}): upgrade tracker to use it",
            "{} 由新版 tracker 写成（数据库版本 {found}；本版最多能读 {VERSION}）：请升级 tracker 后再用",
            path.display()
        ));
    }
    if found < 1 {
        bail!(crate::msg!(
            "{} is an SQLite database but not a tracker ledger",
            "{} 是 SQLite 数据库，但不是 tracker 台账",
            path.display()
        ));
    }
    Ok(())
}

/// Brings a ledger that passed `check` to `VERSION`, one transaction per step, after copying
/// it aside.
pub fn upgrade(conn: &mut Connection, path: &Path) -> Result<()> {
    let found = user_version(conn)?;
    if found >= VERSION {
        return Ok(());
    }
    let backup = backup_path(path, found);
    copy_aside(conn, &backup).with_context(|| {
        format!(
            "copying {} to {} before upgrading it",
            path.display(),
            backup.display()
        )
    })?;
    for (i, step) in STEPS.iter().enumerate().skip((found - 1) as usize) {
        let to = i as i64 + 2;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(step)
            .with_context(|| format!("upgrading the schema to version {to}"))?;
        if step.contains("writable_schema") {
            // A step that rewrote stored SQL raises the schema cookie, so this and every other
            // connection parse the schema again (the documented procedure's step 4); the
            // count reads the rewritten schema back, and a statement SQLite cannot parse
            // fails the step here, inside its transaction.
            let cookie: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
            tx.pragma_update(None, "schema_version", cookie + 1)?;
            tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })
            .with_context(|| format!("upgrading the schema to version {to}"))?;
        }
        tx.pragma_update(None, "user_version", to)?;
        tx.commit()
            .with_context(|| format!("upgrading the schema to version {to}"))?;
    }
    eprintln!(
        "{}",
        crate::msg!(
            "tracker: upgraded {} from schema version {found} to {VERSION} (copy of the old file: {})",
            "tracker：已将 {} 从数据库版本 {found} 升级到 {VERSION}（旧文件的副本：{}）",
            path.display(),
            backup.display()
        )
    );
    Ok(())
}

/// The checked copy taken before an upgrade, under a temporary name until it is whole.
fn copy_aside(conn: &Connection, dest: &Path) -> Result<()> {
    use crate::output::{Privacy, Replace};
    let tmp = crate::output::temp_beside(dest, dest)?;
    copy_checked(conn, tmp.path(), dest)?;
    // A shared ledger's copy keeps its group (it holds what the group already reads); the
    // copy is 0600 until it is whole and named.
    let ledger = conn.path().map(Path::new);
    crate::output::commit(tmp, dest, dest, Privacy::Owner, Replace::Never)?;
    match ledger {
        Some(ledger) => super::perm::share_copy_like(ledger, dest),
        None => Ok(()),
    }
}

/// `ledger.db.v1.bak`, or `ledger.db.v1.bak.2`… if that exists: an old copy is never replaced.
fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut n = 1;
    loop {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".v{version}.bak"));
        if n > 1 {
            name.push(format!(".{n}"));
        }
        let candidate = path.with_file_name(name);
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

/// A consistent copy of the whole database in one backup step into `dest` (an empty file
/// made by the caller; `shown` is the name the user gave for it), checked with `PRAGMA
/// integrity_check`: a damaged ledger gives an error, not a copy that looks good.
///
/// Errors: the copy's disk full, named by `shown` (never the ledger's disk, which is only
/// read); the check failing, in plain words (SQLite's list of damaged pages is not shown);
/// the source's read errors as the store words them. On any error the side files SQLite
/// made beside `dest` (a rollback journal) are removed; `dest` itself is the caller's.
pub fn copy_checked(conn: &Connection, dest: &Path, shown: &Path) -> Result<()> {
    let copied = copy_into(conn, dest, shown);
    if copied.is_err() {
        for side in ["-journal", "-wal", "-shm"] {
            let mut name = dest.as_os_str().to_os_string();
            name.push(side);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    }
    copied
}

fn copy_into(conn: &Connection, dest: &Path, shown: &Path) -> Result<()> {
    // The copy's own disk running out is said of the copy, as `export --out` says it.
    let on_copy = |e: rusqlite::Error| -> anyhow::Error {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
            anyhow::anyhow!(crate::msg!(
                "cannot write {}: the disk is full; no copy was kept",
                "无法写入 {}：磁盘已满；未保留副本",
                shown.display()
            ))
        } else {
            e.into()
        }
    };
    let mut target = Connection::open(super::sqlite::open::plain(dest)).map_err(on_copy)?;
    {
        let backup = rusqlite::backup::Backup::new(conn, &mut target).map_err(on_copy)?;
        while backup.step(-1).map_err(on_copy)? != rusqlite::backup::StepResult::Done {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    let problems: Vec<String> = target
        .prepare("PRAGMA integrity_check(5)")
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_else(|e| vec![e.to_string()]);
    if problems != ["ok"] {
        bail!(crate::msg!(
            "the ledger is damaged (its copy fails SQLite's integrity check): no copy was kept; 'tracker export' may still read what is whole, to restore into a new ledger",
            "台账已损坏（其副本未通过 SQLite 完整性检查）：未保留副本；可先用 'tracker export' 读出完好的部分，再恢复到新台账"
        ));
    }
    target.close().map_err(|(_, e)| on_copy(e))?;
    crate::output::test_pause("backup-copied");
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    /// What each CHECK with a word list accepts, tried on `conn`: (status ok, status refused,
    /// field ok, field refused).
    fn word_rules(conn: &Connection) -> [bool; 4] {
        let try_sql = |sql: &str| {
            conn.execute_batch("SAVEPOINT t").unwrap();
            let ok = conn.execute_batch(sql).is_ok();
            conn.execute_batch("ROLLBACK TO t; RELEASE t").unwrap();
            ok
        };
        let task = |status: &str| {
            format!(
                "INSERT INTO recommendations (number, headline, text) VALUES (1, 'h', 't'); \
                 INSERT INTO tasks (id, recommendation, item, title, text, status) \
                 VALUES (1, 1, 1, 't', 't', '{status}')"
            )
        };
        let event = |field: &str| {
            format!(
                "{}; INSERT INTO events (change_id, task_id, field, actor, at) \
                 VALUES (1, 1, '{field}', 'a', '2026-01-01T00:00:00')",
                task("done")
            )
        };
        [
            try_sql(&task("blocked")),
            try_sql(&task("finished")),
            try_sql(&event("support_order")),
            try_sql(&event("comment")),
        ]
    }

    /// Version 8 writes the word lists as OR chains: a ledger at version 7 climbs to exactly
    /// the new schema's SQL, and both accept and refuse the same words as before.
    #[test]
    fn the_word_lists_climb_to_in_line_checks_and_keep_their_rule() {
        let words = |sql: &str| sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let v7 = super::SCHEMA
            .replace(
                "CHECK (status = 'not-started' OR status = 'in-progress' OR status = 'blocked'\n                          OR status = 'done' OR status = 'cancelled')",
                "CHECK (status IN ('not-started', 'in-progress', 'blocked', 'done', 'cancelled'))",
            )
            .replace(
                "CHECK (field = 'created' OR field = 'title' OR field = 'text' OR field = 'status'\n                     OR field = 'progress' OR field = 'deadline' OR field = 'lead' OR field = 'support'\n                     OR field = 'support_order' OR field = 'note' OR field = 'notice')",
                "CHECK (field IN ('created', 'title', 'text', 'status', 'progress', 'deadline', 'lead', 'support', 'support_order', 'note', 'notice'))",
            )
            .replace("PRAGMA user_version = 8;", "PRAGMA user_version = 7;");
        assert!(
            v7.contains("(status IN (") && v7.contains("(field IN ("),
            "the test's version 7 text"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.db");
        let mut old = Connection::open(&path).unwrap();
        old.execute_batch(&v7).unwrap();
        assert_eq!(word_rules(&old), [true, false, true, false]);
        super::upgrade(&mut old, &path).unwrap();
        let fresh = Connection::open_in_memory().unwrap();
        fresh.execute_batch(super::SCHEMA).unwrap();
        let tables = |c: &Connection| -> Vec<String> {
            c.prepare(
                "SELECT sql FROM sqlite_schema WHERE name IN ('tasks', 'events') ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|s| words(&s.unwrap()))
            .collect()
        };
        // A second connection opened after the climb reads the new schema too.
        let again = Connection::open(&path).unwrap();
        assert_eq!(tables(&old), tables(&fresh));
        assert_eq!(tables(&again), tables(&fresh));
        assert!(tables(&again).iter().all(|t| !t.contains(" IN (")));
        for c in [&old, &again, &fresh] {
            assert_eq!(word_rules(c), [true, false, true, false]);
        }
        let ok: String = again
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }

    #[test]
    fn the_schema_names_its_tables_indexes_and_triggers() {
        let names = super::expected();
        for want in [
            ("table", "events"),
            ("index", "task_units_one_lead"),
            ("trigger", "events_no_update"),
            ("trigger", "events_no_delete"),
        ] {
            assert!(
                names.contains(&(want.0, want.1.to_string())),
                "{want:?} in {names:?}"
            );
        }
    }
}
