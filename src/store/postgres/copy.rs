//! Bulk loads into a server ledger (`restore`, `copy --to URL`, `dev synth`) by PostgreSQL's
//! `COPY … FROM STDIN`: the rows of each table are written out as COPY's text format while the
//! export is read and checked, and sent at the end, one COPY per table, inside the load's
//! transaction. So a load sends the same few statements whatever the ledger's size (an
//! `INSERT` per row was 60,000 round trips for 5,000 tasks), and a refused export still
//! leaves nothing, as the transaction is only committed after every part is checked.
//!
//! The rows wait in a spooled temporary file per table (`tempfile::SpooledTempFile`: in
//! memory up to `IN_MEMORY` bytes, then on disk), so a ledger of a million events is never
//! held in memory whole.
//!
//! Task and unit rows get their ids here, as the events and the task–unit rows must name
//! them before anything is sent: a block of the tables' own identity sequences, taken with
//! `nextval`, which the writers' role may call (`setval` would need UPDATE on the sequence).
//! The load holds the ledger lock, so no other tracker takes numbers from them meanwhile.

use std::io::{BufWriter, Read, Seek, Write};

use anyhow::{Context, Result, bail};
use tempfile::SpooledTempFile;

use crate::store::db::{Db, Pg, PgFailure, Value};

/// Bytes of a table's rows kept in memory before they move to a temporary file.
const IN_MEMORY: usize = 8 << 20;

/// The tables a load fills, in the order they are sent (each after those it refers to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Recommendations,
    Units,
    Imports,
    SheetsIssued,
    SheetsCollected,
    Tasks,
    TaskUnits,
    Events,
    Notices,
}

impl Table {
    const ALL: [Table; 9] = [
        Table::Recommendations,
        Table::Units,
        Table::Imports,
        Table::SheetsIssued,
        Table::SheetsCollected,
        Table::Tasks,
        Table::TaskUnits,
        Table::Events,
        Table::Notices,
    ];

    /// The COPY statement; the columns in the order `CopyLoad::row` is given them. Events get
    /// their ids from the table's identity, in the order they are sent (the history's order).
    fn copy_sql(self) -> &'static str {
        match self {
            Table::Recommendations => "COPY recommendations (number, headline, text) FROM STDIN",
            Table::Units => "COPY units (id, name) FROM STDIN",
            Table::Imports => "COPY imports (hash, file, recommendations, actor, at) FROM STDIN",
            Table::SheetsIssued => {
                "COPY sheets_issued (week, unit, file, tasks, actor, at) FROM STDIN"
            }
            Table::SheetsCollected => {
                "COPY sheets_collected (hash, week, unit, file, actor, at, change_id, collector, released) FROM STDIN"
            }
            Table::Tasks => {
                "COPY tasks (id, recommendation, item, title, text, deadline, status, progress) FROM STDIN"
            }
            Table::TaskUnits => "COPY task_units (task_id, unit_id, role, position) FROM STDIN",
            Table::Events => {
                "COPY events (change_id, task_id, field, old, new, note, actor, at, entered, undoes, position) FROM STDIN"
            }
            Table::Notices => {
                "COPY notices (year, number, unit, reply_by, tasks, change_id, actor, at) FROM STDIN"
            }
        }
    }

    /// The table's name in the ledger's schema.
    fn name(self) -> &'static str {
        match self {
            Table::Recommendations => "recommendations",
            Table::Units => "units",
            Table::Imports => "imports",
            Table::SheetsIssued => "sheets_issued",
            Table::SheetsCollected => "sheets_collected",
            Table::Tasks => "tasks",
            Table::TaskUnits => "task_units",
            Table::Events => "events",
            Table::Notices => "notices",
        }
    }

    /// What a failure while sending this table's rows is about.
    fn what(self) -> &'static str {
        match self {
            Table::Recommendations => "adding the recommendations",
            Table::Units => "adding the units",
            Table::Imports => "recording the imported reports",
            Table::SheetsIssued => "recording the issued sheets",
            Table::SheetsCollected => "recording the collected sheets",
            Table::Tasks => "adding the tasks",
            Table::TaskUnits => "assigning the tasks' units",
            Table::Events => "recording the history",
            Table::Notices => "recording the notices",
        }
    }
}

/// A block of ids taken from a table's identity sequence: `next` up to `next + taken - 1`
/// are this load's.
struct Ids {
    table: &'static str,
    first: Option<i64>,
    used: i64,
}

impl Ids {
    fn new(table: &'static str) -> Ids {
        Ids {
            table,
            first: None,
            used: 0,
        }
    }
    /// The next id: the sequence's next value for the first, one more for each after.
    fn next(&mut self, db: &Db<'_>) -> Result<i64> {
        let first = match self.first {
            Some(f) => f,
            None => {
                let f: i64 = db
                    .value(
                        &format!(
                            "SELECT nextval(pg_get_serial_sequence('{}', 'id'))",
                            self.table
                        ),
                        &[],
                    )
                    .with_context(|| format!("numbering the {}", self.table))?;
                *self.first.insert(f)
            }
        };
        self.used += 1;
        Ok(first + self.used - 1)
    }
    /// Moves the sequence past the ids used (the first was taken by `next`), so the next
    /// command's row gets a new one; one statement however many.
    fn settle(&self, db: &Db<'_>) -> Result<()> {
        let Some(first) = self.first else {
            return Ok(());
        };
        if self.used < 2 {
            return Ok(());
        }
        let last: i64 = db
            .value(
                &format!(
                    "SELECT max(nextval(pg_get_serial_sequence('{}', 'id'))) FROM generate_series(2, ?1)",
                    self.table
                ),
                &[Value::Int(self.used)],
            )
            .with_context(|| format!("numbering the {}", self.table))?;
        if last != first + self.used - 1 {
            bail!(
                "the {} were numbered by another writer during the load: nothing was written",
                self.table
            );
        }
        Ok(())
    }
}

/// The rows of a load into a server, waiting to be sent.
pub struct CopyLoad {
    spools: Vec<(Table, BufWriter<SpooledTempFile>, u64)>,
    tasks: Ids,
    units: Ids,
    line: Vec<u8>,
}

impl CopyLoad {
    pub fn new() -> CopyLoad {
        CopyLoad {
            spools: Table::ALL
                .iter()
                .map(|t| {
                    let spool = tempfile::spooled_tempfile(IN_MEMORY);
                    (*t, BufWriter::with_capacity(1 << 18, spool), 0)
                })
                .collect(),
            tasks: Ids::new("tasks"),
            units: Ids::new("units"),
            line: Vec::with_capacity(1024),
        }
    }

    /// The id of the next task row.
    pub fn task_id(&mut self, db: &Db<'_>) -> Result<i64> {
        self.tasks.next(db)
    }

    /// The id of the next unit row.
    pub fn unit_id(&mut self, db: &Db<'_>) -> Result<i64> {
        self.units.next(db)
    }

    /// Adds a row to `table`, its values in the order of the table's COPY statement.
    pub fn row(&mut self, table: Table, values: &[Value]) -> Result<()> {
        self.line.clear();
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.line.push(b'\t');
            }
            field(&mut self.line, v);
        }
        self.line.push(b'\n');
        let (_, spool, rows) = self
            .spools
            .iter_mut()
            .find(|(t, _, _)| *t == table)
            .expect("every table has a spool");
        spool
            .write_all(&self.line)
            .context("keeping the rows to load in a temporary file")?;
        *rows += 1;
        Ok(())
    }

    /// Sends every table's rows, one COPY each, into the transaction open on `pg`, moves the
    /// id sequences past the ids used, then gathers the filled tables' statistics.
    ///
    /// Why the `ANALYZE`: a table filled by COPY has none until autovacuum comes by (a minute
    /// or more later), and meanwhile the planner guesses. Right after a 10,000-task `copy`,
    /// `show ID` took ~600 ms on the server (three reads of one task's history planned as
    /// scans of every event) and 18 ms once the tables were analyzed. ANALYZE may run inside
    /// the load's transaction, sees its rows, and its statistics commit (or roll back) with
    /// them; it samples at most 30,000 rows a table, so it costs little at any size. A role
    /// that does not own the tables (a clerk restoring into an empty ledger) gets a warning
    /// from the server, not an error, and autovacuum's statistics later.
    pub fn send(self, pg: &Pg) -> Result<()> {
        let db = Db::Pg(pg);
        let filled: Vec<&str> = self
            .spools
            .iter()
            .filter(|(_, _, rows)| *rows > 0)
            .map(|(table, _, _)| table.name())
            .collect();
        let rebuild = set_aside(&db, &filled)?;
        for (table, spool, rows) in self.spools {
            if rows == 0 {
                continue;
            }
            let mut file = spool
                .into_inner()
                .map_err(|e| e.into_error())
                .context("keeping the rows to load in a temporary file")?;
            file.rewind()
                .context("reading the rows to load back from a temporary file")?;
            copy_in(pg, table, &mut file).context(table.what())?;
        }
        for sql in &rebuild {
            db.batch(sql)
                .context("indexing and checking the loaded rows")?;
        }
        self.tasks.settle(&db)?;
        self.units.settle(&db)?;
        if !filled.is_empty() {
            // With the rows the events' trigger kept (`postgres::marks`), whose `horizon`
            // picks the tasks a read folds.
            let mut filled = filled;
            if filled.iter().any(|t| t.ends_with("events")) {
                filled.push("task_marks");
            }
            db.batch(&format!("ANALYZE {}", filled.join(", ")))
                .context("gathering the loaded tables' statistics")?;
        }
        Ok(())
    }
}

impl Default for CopyLoad {
    fn default() -> Self {
        CopyLoad::new()
    }
}

/// Drops the secondary (not unique) indexes and the foreign keys of the tables among `tables`
/// that this transaction created (a new ledger's, empty until the load), and returns the
/// statements that make them again, indexes first, to run after the COPYs: each index then
/// built once by sorting, each foreign key checked by one join, instead of seven index
/// insertions and a key lookup per row. At 10,000 tasks COPY of the 110,649 events took
/// 6.2 s with them in place; into a bare table 0.4 s, then 1.9 s to build and check them
/// (issue 18; measured with psql on the bench ledger). A table the transaction did not
/// create (a clerk restoring into an empty ledger that the administrator made) keeps them:
/// its indexes are its owner's, and a reader would wait on the dropped ones until commit.
/// The definitions are the server's own (`pg_get_indexdef`, `pg_get_constraintdef`), so
/// schema_pg.sql stays the one place they are written. Errors: the server's.
fn set_aside(db: &Db<'_>, tables: &[&str]) -> Result<Vec<String>> {
    if tables.is_empty() {
        return Ok(Vec::new());
    }
    let list = serde_json::to_string(tables).expect("a list of names is JSON");
    // `xmin` of the table's catalog row is this transaction's id: created (or altered) by it.
    let ours = "c.relnamespace = to_regnamespace(current_schema()) \
         AND c.relname IN (SELECT jsonb_array_elements_text(CAST(?1 AS text)::jsonb)) \
         AND c.xmin::text = (txid_current() % 4294967296)::text";
    let sql = format!(
        "SELECT 0, pg_get_indexdef(i.indexrelid), 'DROP INDEX ' || quote_ident(x.relname) \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid \
         WHERE NOT i.indisunique AND NOT i.indisprimary AND {ours} \
         UNION ALL \
         SELECT 1, 'ALTER TABLE ' || quote_ident(c.relname) || ' ADD CONSTRAINT ' || quote_ident(k.conname) \
                || ' ' || pg_get_constraintdef(k.oid), \
                'ALTER TABLE ' || quote_ident(c.relname) || ' DROP CONSTRAINT ' || quote_ident(k.conname) \
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid \
         WHERE k.contype = 'f' AND {ours} \
         ORDER BY 1, 2"
    );
    let mut make = Vec::new();
    for row in db
        .query(&sql, &[Value::Text(list)])
        .context("reading the new tables' indexes")?
    {
        let (create, drop): (String, String) = (row.get(1)?, row.get(2)?);
        db.batch(&drop)
            .context("setting the new tables' indexes aside for the load")?;
        make.push(create);
    }
    Ok(make)
}

/// One COPY: the statement, then `rows` as its data. A failure the server reports is
/// returned as its own error (which `store::friendly` reads), not the broken write.
fn copy_in(pg: &Pg, table: Table, rows: &mut impl Read) -> Result<()> {
    let mut client = pg.client.borrow_mut();
    let mut writer = client.copy_in(table.copy_sql()).map_err(PgFailure::from)?;
    let sent = std::io::copy(rows, &mut writer);
    let done = writer.finish().map_err(PgFailure::from);
    match (sent, done) {
        (_, Err(e)) => Err(e.into()),
        (Err(e), Ok(_)) => Err(anyhow::Error::new(e)),
        (Ok(_), Ok(_)) => Ok(()),
    }
}

/// One value in COPY's text format: `\N` for NULL; in text, the backslash and the three
/// characters that end a field or a row escaped as COPY reads them back (PostgreSQL's
/// documentation, COPY, "Text Format").
fn field(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => out.extend_from_slice(b"\\N"),
        Value::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::Real(x) => out.extend_from_slice(x.to_string().as_bytes()),
        Value::Text(s) => {
            for &b in s.as_bytes() {
                match b {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    _ => out.push(b),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_escape_what_ends_a_field_or_a_row() {
        let mut out = Vec::new();
        field(&mut out, &Value::Text("a\\b\tc\nd\re 组织科 \\N".into()));
        assert_eq!(
            out,
            b"a\\\\b\\tc\\nd\\re \xe7\xbb\x84\xe7\xbb\x87\xe7\xa7\x91 \\\\N"
        );
        out.clear();
        field(&mut out, &Value::Null);
        field(&mut out, &Value::Int(-42));
        assert_eq!(out, b"\\N-42");
    }
}
