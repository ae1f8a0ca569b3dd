//! The one seam between the store's query code and its two drivers (rusqlite for a ledger
//! file, `postgres` for a shared ledger on a server), so that the same SQL text, reads, writes,
//! record, undo and the rest, runs on both.
//!
//! SQL is written once, with SQLite's `?N` placeholders; `pg_placeholders` turns them into
//! PostgreSQL's `$N`. Where the dialects really differ, `Dialect` has one helper per
//! difference (an instant from RFC 3339 text, a list of row ids given as one JSON argument, a
//! new row's id); nowhere else does query code ask which server it talks to.
//!
//! Values cross the seam as the store's own `Value` (null, integer, real, text): SQLite's
//! storage classes, which PostgreSQL's BIGINT, DOUBLE PRECISION and TEXT columns hold alike.

use std::cell::RefCell;
use std::collections::HashMap;

use anyhow::{Context, Result, anyhow};

use super::sqlite::raw::RawRows;

/// A value bound to a statement or read from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

macro_rules! value_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Value {
                Value::Int(n as i64)
            }
        }
    )*};
}
value_from_int!(i64, i32, u32, u8, usize, u16);

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Int(i64::from(b))
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Real(x)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_owned())
    }
}
impl From<&Option<String>> for Value {
    fn from(v: &Option<String>) -> Value {
        v.as_deref().into()
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// `&[Value]` from a list of anything a `Value` is made from: `args![row, name]`.
macro_rules! args {
    ($($v:expr),* $(,)?) => {
        &[$($crate::store::db::Value::from($v)),*][..]
    };
}
pub(crate) use args;

/// A value read back as a Rust type; `None` when the stored value is not of that kind.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<i64> {
        match v {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }
}
impl FromValue for u32 {
    fn from_value(v: &Value) -> Option<u32> {
        i64::from_value(v).and_then(|n| u32::try_from(n).ok())
    }
}
impl FromValue for u8 {
    fn from_value(v: &Value) -> Option<u8> {
        i64::from_value(v).and_then(|n| u8::try_from(n).ok())
    }
}
impl FromValue for usize {
    fn from_value(v: &Value) -> Option<usize> {
        i64::from_value(v).and_then(|n| usize::try_from(n).ok())
    }
}
impl FromValue for i32 {
    fn from_value(v: &Value) -> Option<i32> {
        i64::from_value(v).and_then(|n| i32::try_from(n).ok())
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> Option<bool> {
        i64::from_value(v).map(|n| n != 0)
    }
}
impl FromValue for f64 {
    fn from_value(v: &Value) -> Option<f64> {
        match v {
            Value::Real(x) => Some(*x),
            Value::Int(n) => Some(*n as f64),
            _ => None,
        }
    }
}
impl FromValue for String {
    fn from_value(v: &Value) -> Option<String> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Option<T>> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// One row of a result.
#[derive(Debug, Clone)]
pub struct Row(Vec<Value>);

impl Row {
    /// Column `i` (from 0) as `T`. Errors: no such column, or a value of another kind.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        let v = self
            .0
            .get(i)
            .ok_or_else(|| anyhow!("the ledger returned no column {i}"))?;
        T::from_value(v).ok_or_else(|| {
            anyhow!(
                "the ledger returned {v:?} in column {i}, not a {}",
                std::any::type_name::<T>()
            )
        })
    }
}

/// A row as `Db::scan` hands it out: read in place, for the reads of a hundred thousand rows.
pub enum Scan<'r, 'c> {
    Raw(&'r RawRows<'c>),
    /// A server row, its columns decoded as they are asked for (text borrowed, not copied).
    Pg(&'r postgres::Row),
}

impl Scan<'_, '_> {
    /// Column `i` as an integer (0 for NULL or text, as SQLite's C API reads them).
    pub fn int(&self, i: usize) -> i64 {
        match self {
            Scan::Raw(r) => r.int(i as std::ffi::c_int),
            Scan::Pg(r) => pg_int(r, i),
        }
    }
    /// Column `i`'s text as bytes, `None` for NULL.
    pub fn text(&self, i: usize) -> Option<&[u8]> {
        match self {
            Scan::Raw(r) => r.text(i as std::ffi::c_int),
            Scan::Pg(r) => match r.try_get::<_, Option<&str>>(i) {
                Ok(text) => text.map(str::as_bytes),
                Err(_) => None,
            },
        }
    }
}

/// Which SQL a statement must be written in, where the two differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The instant (seconds since 1970) of RFC 3339 text `expr`, for ordering by time across
    /// offsets. SQLite's `unixepoch` (which the `events_instant` index is built on);
    /// PostgreSQL's `timestamptz` (the `events_instant` index there).
    pub fn instant(self, expr: &str) -> String {
        match self {
            Dialect::Sqlite => format!("unixepoch({expr})"),
            Dialect::Postgres => format!("tracker_instant({expr})"),
        }
    }
    /// `expr` written so that SQLite's planner does not pick an index on it (a unary `+`,
    /// which PostgreSQL has no use for and does not accept on text).
    pub fn unindexed(self, expr: &str) -> String {
        match self {
            Dialect::Sqlite => format!("+{expr}"),
            Dialect::Postgres => expr.to_string(),
        }
    }
    /// 128 random bits as 32 lowercase hex digits (a ledger's identity): SQLite's generator, or
    /// PostgreSQL's `gen_random_uuid` (122 random bits; strong enough for an identity no one
    /// guesses by chance).
    pub fn random_hex(self) -> &'static str {
        match self {
            Dialect::Sqlite => "lower(hex(randomblob(16)))",
            Dialect::Postgres => "replace(gen_random_uuid()::text, '-', '')",
        }
    }
    /// The row ids of a JSON array given as argument `arg` (`?N`), as a one-column subquery.
    pub fn json_ids(self, arg: &str) -> String {
        match self {
            Dialect::Sqlite => format!("(SELECT value FROM json_each({arg}))"),
            Dialect::Postgres => {
                format!(
                    "(SELECT value::bigint FROM jsonb_array_elements_text(CAST({arg} AS text)::jsonb))"
                )
            }
        }
    }
}

/// A PostgreSQL driver error as the store passes it on: shown as the server's message on one
/// line (the driver's own text spans lines and names its internals), with the error kept for
/// `store::friendly`, which reads its SQLSTATE.
#[derive(Debug)]
pub struct PgFailure(pub postgres::Error);

impl std::fmt::Display for PgFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_db_error() {
            Some(db) => f.write_str(db.message()),
            None => f.write_str(
                self.0
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or("the server connection failed"),
            ),
        }
    }
}

impl std::error::Error for PgFailure {}

impl From<postgres::Error> for PgFailure {
    fn from(e: postgres::Error) -> PgFailure {
        PgFailure(e)
    }
}

/// A PostgreSQL connection with its prepared statements, kept for the life of the command.
///
/// A statement's first uses go to the server in ONE round trip (parse, bind, execute and
/// sync sent together, PostgreSQL's unnamed statement, `query_typed`); only a statement used
/// [`PREPARE_AFTER`] times is prepared (one round trip more, once) and then executed from the
/// cache. A single-task command sends a dozen statements once each: preparing each first
/// doubled its round trips (issue 18: `show` 36 messages to the server, now 18).
pub struct Pg {
    pub(super) client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, Cached>>,
}

/// How many times a statement runs unprepared before it is prepared: the third use of the
/// same text is a loop (a per-task write, a bulk check), which a prepared statement serves
/// with one round trip and no parse or plan each time.
pub const PREPARE_AFTER: u32 = 2;

/// A statement text's place in the cache: how often it ran unprepared, or its prepared form.
enum Cached {
    Uses(u32),
    Prepared(postgres::Statement),
}

/// Where a statement runs: unprepared (the server infers every argument's type from where it
/// stands, as it does for a prepared one, and reads each argument from its text), or prepared.
enum Plan {
    Unnamed(String),
    Prepared(postgres::Statement),
}

impl Pg {
    /// Wraps a connection (already in the ledger's schema) with an empty statement cache.
    pub fn new(client: postgres::Client) -> Pg {
        Pg {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
        }
    }
    /// Runs statements without arguments (`BEGIN`, `COMMIT`, the schema).
    pub fn batch(&self, sql: &str) -> Result<(), PgFailure> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }
    fn plan(&self, sql: &str) -> Result<Plan, PgFailure> {
        let mut cache = self.statements.borrow_mut();
        match cache.get_mut(sql) {
            Some(Cached::Prepared(s)) => return Ok(Plan::Prepared(s.clone())),
            Some(Cached::Uses(n)) if *n < PREPARE_AFTER => {
                *n += 1;
                return Ok(Plan::Unnamed(pg_placeholders(sql)));
            }
            Some(Cached::Uses(_)) => {}
            None => {
                cache.insert(sql.to_owned(), Cached::Uses(1));
                return Ok(Plan::Unnamed(pg_placeholders(sql)));
            }
        }
        let s = self.client.borrow_mut().prepare(&pg_placeholders(sql))?;
        cache.insert(sql.to_owned(), Cached::Prepared(s.clone()));
        Ok(Plan::Prepared(s))
    }
    /// Runs `sql` with `args`, handing each row to `f` as it comes from the server (not
    /// collected first); returns how many rows it changed. An `execute` passes an `f` that
    /// reads nothing (its rows may be of types the store does not read, `void`).
    fn each(
        &self,
        sql: &str,
        args: &[Value],
        f: &mut dyn FnMut(&postgres::Row) -> Result<()>,
    ) -> Result<u64> {
        use postgres::fallible_iterator::FallibleIterator;
        let plan = self.plan(sql)?;
        let mut client = self.client.borrow_mut();
        let changed = match plan {
            Plan::Prepared(stmt) => {
                let mut it = client
                    .query_raw(&stmt, args.iter())
                    .map_err(PgFailure::from)?;
                while let Some(r) = it.next().map_err(PgFailure::from)? {
                    f(&r)?;
                }
                it.rows_affected()
            }
            Plan::Unnamed(text) => {
                let typed = args
                    .iter()
                    .map(|a| (Text(a), postgres::types::Type::UNKNOWN));
                let mut it = client
                    .query_typed_raw(&text, typed)
                    .map_err(PgFailure::from)?;
                while let Some(r) = it.next().map_err(PgFailure::from)? {
                    f(&r)?;
                }
                it.rows_affected()
            }
        };
        Ok(changed.unwrap_or(0))
    }
    fn query(&self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        let mut rows = Vec::new();
        self.each(sql, args, &mut |r| {
            rows.push(pg_row(r));
            Ok(())
        })?;
        Ok(rows)
    }
    /// Hands `f` the rows of `sql` (a statement without arguments) as they come from the
    /// server, not collected first: for the export of a million events. No other statement
    /// may go through this connection until `f` returns.
    pub fn stream<T>(
        &self,
        sql: &str,
        f: impl FnOnce(&mut dyn Iterator<Item = Result<Row>>) -> Result<T>,
    ) -> Result<T> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut client = self.client.borrow_mut();
        let none: [(Text, postgres::types::Type); 0] = [];
        // Unprepared: one round trip, as for a statement's first use in `run`.
        let mut rows = client.query_typed_raw(sql, none).map_err(PgFailure::from)?;
        let mut failed = false;
        let mut it = std::iter::from_fn(|| {
            if failed {
                return None;
            }
            match rows.next() {
                Ok(row) => row.map(|r| Ok(pg_row(&r))),
                Err(e) => {
                    failed = true;
                    Some(Err(anyhow::Error::new(PgFailure(e))))
                }
            }
        });
        f(&mut it)
    }
    fn execute(&self, sql: &str, args: &[Value]) -> Result<u64> {
        self.each(sql, args, &mut |_| Ok(()))
    }
}

/// Where the store's statements go: a SQLite connection (or the transaction open on it), or
/// the PostgreSQL connection (inside whatever transaction it has open).
#[derive(Clone, Copy)]
pub enum Db<'a> {
    Sqlite(&'a rusqlite::Connection),
    Pg(&'a Pg),
}

impl<'a> Db<'a> {
    /// Which SQL this connection speaks where the two differ.
    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Pg(_) => Dialect::Postgres,
        }
    }
    /// Every row `sql` returns.
    pub fn query(&self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        match self {
            Db::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let n = stmt.column_count();
                let mut rows = stmt.query(rusqlite::params_from_iter(args.iter().map(lite)))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut values = Vec::with_capacity(n);
                    for i in 0..n {
                        values.push(from_lite(r.get_ref(i)?));
                    }
                    out.push(Row(values));
                }
                Ok(out)
            }
            Db::Pg(p) => Ok(p.query(sql, args)?),
        }
    }
    /// The first row `sql` returns, if any.
    pub fn query_opt(&self, sql: &str, args: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, args)?.into_iter().next())
    }
    /// The first row `sql` returns; an error when there is none.
    pub fn query_one(&self, sql: &str, args: &[Value]) -> Result<Row> {
        self.query_opt(sql, args)?
            .ok_or_else(|| anyhow!("the ledger returned no row"))
    }
    /// The first column of the first row, as `T`.
    pub fn value<T: FromValue>(&self, sql: &str, args: &[Value]) -> Result<T> {
        self.query_one(sql, args)?.get(0)
    }
    /// Runs a statement; returns how many rows it changed.
    pub fn execute(&self, sql: &str, args: &[Value]) -> Result<u64> {
        match self {
            Db::Sqlite(c) => Ok(c
                .prepare_cached(sql)?
                .execute(rusqlite::params_from_iter(args.iter().map(lite)))?
                as u64),
            Db::Pg(p) => Ok(p.execute(sql, args)?),
        }
    }
    /// Runs an `INSERT` into a table whose key is `id`; returns the new row's id.
    pub fn insert_id(&self, sql: &str, args: &[Value]) -> Result<i64> {
        match self {
            Db::Sqlite(c) => {
                self.execute(sql, args)?;
                Ok(c.last_insert_rowid())
            }
            Db::Pg(_) => self.value(&format!("{sql} RETURNING id"), args),
        }
    }
    /// Statements without arguments, one after another.
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Db::Pg(p) => Ok(p.batch(sql)?),
        }
    }
    /// Hands each row of `sql` to `f` as it is read, in place where the driver allows (SQLite's
    /// C API, `raw`): for reads of a hundred thousand rows.
    pub fn scan(
        &self,
        sql: &str,
        args: &[Value],
        mut f: impl FnMut(&Scan) -> Result<()>,
    ) -> Result<()> {
        match self {
            Db::Sqlite(c) => {
                let lite: Vec<rusqlite::types::Value> = args.iter().map(lite).collect();
                let mut rows = RawRows::new(c, sql, &lite)?;
                while rows.next()? {
                    f(&Scan::Raw(&rows))?;
                }
                Ok(())
            }
            Db::Pg(p) => {
                p.each(sql, args, &mut |row| f(&Scan::Pg(row)))?;
                Ok(())
            }
        }
    }
}

/// `?N` placeholders as PostgreSQL's `$N`. A `?` inside a quoted string is left alone.
pub fn pg_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted && chars.peek().is_some_and(|d| d.is_ascii_digit()) => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

pub(crate) fn lite(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(n) => rusqlite::types::Value::Integer(*n),
        Value::Real(x) => rusqlite::types::Value::Real(*x),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
    }
}

/// A SQLite row as the store's `Row`.
pub(crate) fn row_of_lite(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let n = r.as_ref().column_count();
    (0..n)
        .map(|i| r.get_ref(i).map(from_lite))
        .collect::<rusqlite::Result<_>>()
        .map(Row)
}

fn from_lite(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Int(n),
        ValueRef::Real(x) => Value::Real(x),
        ValueRef::Text(t) | ValueRef::Blob(t) => {
            Value::Text(String::from_utf8_lossy(t).into_owned())
        }
    }
}

/// A PostgreSQL row in the store's values: integers of any width, booleans (as 0 and 1, as
/// SQLite gives a comparison), NUMERIC (what `sum` of BIGINT gives), reals and text.
fn pg_row(r: &postgres::Row) -> Row {
    Row((0..r.len()).map(|i| pg_value(r, i)).collect())
}

/// Column `i` of a PostgreSQL row in the store's values (`pg_row`).
fn pg_value(r: &postgres::Row, i: usize) -> Value {
    use postgres::types::Type;
    let ty = r.columns()[i].type_();
    let v = if *ty == Type::INT8 {
        r.get::<_, Option<i64>>(i).map(Value::Int)
    } else if *ty == Type::INT4 {
        r.get::<_, Option<i32>>(i).map(|n| Value::Int(n.into()))
    } else if *ty == Type::INT2 {
        r.get::<_, Option<i16>>(i).map(|n| Value::Int(n.into()))
    } else if *ty == Type::BOOL {
        r.get::<_, Option<bool>>(i).map(|b| Value::Int(b.into()))
    } else if *ty == Type::FLOAT8 {
        r.get::<_, Option<f64>>(i).map(Value::Real)
    } else if *ty == Type::NUMERIC {
        r.get::<_, Option<Numeric>>(i).map(|n| n.0)
    } else {
        r.get::<_, Option<String>>(i).map(Value::Text)
    };
    v.unwrap_or(Value::Null)
}

/// Column `i` of a PostgreSQL row as an integer, 0 for NULL or text (as `Scan::int`).
fn pg_int(r: &postgres::Row, i: usize) -> i64 {
    use postgres::types::Type;
    let ty = r.columns()[i].type_();
    if *ty == Type::INT8 {
        r.get::<_, Option<i64>>(i).unwrap_or(0)
    } else if *ty == Type::TEXT || *ty == Type::VARCHAR {
        0
    } else {
        match pg_value(r, i) {
            Value::Int(n) => n,
            Value::Real(x) => x as i64,
            _ => 0,
        }
    }
}

/// A NUMERIC read as an integer when it is whole (sums and counts), else as a real.
struct Numeric(Value);

impl<'a> postgres::types::FromSql<'a> for Numeric {
    fn from_sql(
        _: &postgres::types::Type,
        raw: &'a [u8],
    ) -> Result<Numeric, Box<dyn std::error::Error + Sync + Send>> {
        // The binary form (PostgreSQL's numeric.c, `numeric_send`): ndigits, weight, sign,
        // dscale as 16-bit integers, then ndigits base-10000 digits.
        let word = |i: usize| -> Result<i16, Box<dyn std::error::Error + Sync + Send>> {
            let b = raw.get(i * 2..i * 2 + 2).ok_or("a short NUMERIC")?;
            Ok(i16::from_be_bytes([b[0], b[1]]))
        };
        let (ndigits, weight, sign) = (word(0)?, word(1)?, word(2)? as u16);
        if sign == 0xC000 {
            return Err("NaN where a number was expected".into());
        }
        let mut value = 0f64;
        let mut whole = 0i128;
        let mut exact = true;
        for k in 0..ndigits.max(0) as usize {
            let d = word(4 + k)? as i128;
            let power = i32::from(weight) - k as i32;
            value += d as f64 * 10000f64.powi(power);
            if power >= 0 {
                whole = whole * 10000 + d;
            } else if d != 0 {
                exact = false;
            }
        }
        // Trailing base-10000 zeros the digits leave out.
        let shown = (i32::from(weight) + 1 - i32::from(ndigits)).max(0);
        for _ in 0..shown {
            whole *= 10000;
        }
        let negative = sign == 0x4000;
        if exact && let Ok(n) = i64::try_from(if negative { -whole } else { whole }) {
            return Ok(Numeric(Value::Int(n)));
        }
        Ok(Numeric(Value::Real(if negative { -value } else { value })))
    }
    fn accepts(ty: &postgres::types::Type) -> bool {
        *ty == postgres::types::Type::NUMERIC
    }
}

/// An argument of a statement run unprepared, sent in PostgreSQL's text form: the server
/// reads it with the input function of the type it inferred for that place, as a prepared
/// statement's argument of that type would be read (`Value`'s binary form below needs the
/// type before sending, which only a prepare tells).
#[derive(Debug)]
struct Text<'a>(&'a Value);

impl postgres::types::ToSql for Text<'_> {
    fn to_sql(
        &self,
        _: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use std::fmt::Write;
        match self.0 {
            Value::Null => return Ok(postgres::types::IsNull::Yes),
            Value::Int(n) => write!(out, "{n}")?,
            Value::Real(x) => write!(out, "{x}")?,
            Value::Text(s) => out.extend_from_slice(s.as_bytes()),
        }
        Ok(postgres::types::IsNull::No)
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
    fn encode_format(&self, _: &postgres::types::Type) -> postgres::types::Format {
        postgres::types::Format::Text
    }
    postgres::types::to_sql_checked!();
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::Type;
        // PostgreSQL typed each argument from where it stands; SQLite did not, so a value is
        // given in the type asked for.
        match self {
            Value::Null => Ok(postgres::types::IsNull::Yes),
            Value::Int(n) => {
                if *ty == Type::INT8 {
                    n.to_sql(ty, out)
                } else if *ty == Type::INT4 {
                    i32::try_from(*n)?.to_sql(ty, out)
                } else if *ty == Type::INT2 {
                    i16::try_from(*n)?.to_sql(ty, out)
                } else if *ty == Type::BOOL {
                    (*n != 0).to_sql(ty, out)
                } else if *ty == Type::FLOAT8 {
                    (*n as f64).to_sql(ty, out)
                } else {
                    n.to_string().to_sql(ty, out)
                }
            }
            Value::Real(x) => {
                if *ty == Type::FLOAT8 {
                    x.to_sql(ty, out)
                } else {
                    x.to_string().to_sql(ty, out)
                }
            }
            Value::Text(s) => {
                if *ty == Type::INT8 {
                    s.parse::<i64>()?.to_sql(ty, out)
                } else if *ty == Type::INT4 {
                    s.parse::<i32>()?.to_sql(ty, out)
                } else {
                    s.as_str().to_sql(ty, out)
                }
            }
        }
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

/// A write transaction: SQLite's `BEGIN IMMEDIATE`, or PostgreSQL's with the ledger lock held.
/// Dropped without `commit`, it rolls back.
pub enum Tx<'a> {
    Sqlite(rusqlite::Transaction<'a>),
    Pg(PgTx<'a>),
}

/// An open PostgreSQL transaction, rolled back on drop unless committed.
pub struct PgTx<'a> {
    pub(super) pg: &'a Pg,
    pub(super) open: bool,
}

impl Drop for PgTx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.pg.batch("ROLLBACK");
        }
    }
}

impl Tx<'_> {
    /// Where the transaction's statements go.
    pub fn db(&self) -> Db<'_> {
        match self {
            Tx::Sqlite(t) => Db::Sqlite(t),
            Tx::Pg(t) => Db::Pg(t.pg),
        }
    }
    /// Commits. Errors: the driver's (a server gone mid-commit leaves it to the server,
    /// which commits all or nothing).
    pub fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => Ok(t.commit()?),
            Tx::Pg(mut t) => {
                t.open = false;
                t.pg.batch("COMMIT").context("committing the change")?;
                Ok(())
            }
        }
    }
}

/// Refuses, on a PostgreSQL ledger, what only a ledger file can do yet.
pub fn sqlite_only(what: &str) -> anyhow::Error {
    anyhow!(crate::msg!(
        "{what} is not available on a PostgreSQL ledger yet: use a ledger file (--db PATH)",
        "PostgreSQL 台账暂不支持{what}：请使用台账文件（--db 路径）"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            pg_placeholders("SELECT '?1', x FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', x FROM t WHERE a = $1 AND b = $12"
        );
    }
}
