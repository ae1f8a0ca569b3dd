//! A read stepped through SQLite's C API, for the few queries that return a hundred thousand
//! rows (task states, state changes). rusqlite asks SQLite for the column count and the
//! column's type before every value it hands out, three or four calls where one does; at
//! 100,000 rows of six columns that was half of a weekly report's time.
//!
//! Everything unsafe stays here: the statement lives as long as the borrowed connection, is
//! finalized on drop, and values are read only between a step that returned a row and the next.

use std::ffi::{CStr, c_int};
use std::marker::PhantomData;

use rusqlite::types::Value;
use rusqlite::{Connection, ffi};

pub struct RawRows<'c> {
    stmt: *mut ffi::sqlite3_stmt,
    db: *mut ffi::sqlite3,
    _conn: PhantomData<&'c Connection>,
}

impl<'c> RawRows<'c> {
    /// Prepares `sql` on `conn` (inside whatever transaction it has open) and binds `args`.
    pub(in crate::store) fn new(
        conn: &'c Connection,
        sql: &str,
        args: &[Value],
    ) -> rusqlite::Result<Self> {
        // SAFETY: the handle is valid while `conn` is borrowed, which `'c` ensures; the
        // statement is finalized in `drop` before the borrow ends.
        let db = unsafe { conn.handle() };
        let mut stmt = std::ptr::null_mut();
        let len = c_int::try_from(sql.len())
            .map_err(|_| rusqlite::Error::ToSqlConversionFailure("query too long".into()))?;
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                db,
                sql.as_ptr().cast(),
                len,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        let rows = RawRows {
            stmt,
            db,
            _conn: PhantomData,
        };
        rows.check(rc)?;
        for (i, arg) in args.iter().enumerate() {
            let at = c_int::try_from(i + 1).unwrap_or(c_int::MAX);
            let rc = unsafe {
                match arg {
                    Value::Null => ffi::sqlite3_bind_null(stmt, at),
                    Value::Integer(n) => ffi::sqlite3_bind_int64(stmt, at, *n),
                    Value::Real(x) => ffi::sqlite3_bind_double(stmt, at, *x),
                    Value::Text(s) => ffi::sqlite3_bind_text(
                        stmt,
                        at,
                        s.as_ptr().cast(),
                        c_int::try_from(s.len()).unwrap_or(c_int::MAX),
                        ffi::SQLITE_TRANSIENT(),
                    ),
                    Value::Blob(b) => ffi::sqlite3_bind_blob(
                        stmt,
                        at,
                        b.as_ptr().cast(),
                        c_int::try_from(b.len()).unwrap_or(c_int::MAX),
                        ffi::SQLITE_TRANSIENT(),
                    ),
                }
            };
            rows.check(rc)?;
        }
        Ok(rows)
    }

    /// Steps to the next row: `false` when there are no more.
    pub(in crate::store) fn next(&mut self) -> rusqlite::Result<bool> {
        match unsafe { ffi::sqlite3_step(self.stmt) } {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => Ok(false),
            rc => {
                self.check(rc)?;
                Ok(false)
            }
        }
    }

    /// Column `col` of the current row as an integer (the schema's INTEGER columns).
    pub(in crate::store) fn int(&self, col: c_int) -> i64 {
        unsafe { ffi::sqlite3_column_int64(self.stmt, col) }
    }

    /// Column `col` of the current row as the bytes of its text; `None` for NULL.
    ///
    /// Read as a blob: `sqlite3_column_text` would copy each value to end it with a NUL, since
    /// values read from a page are not; the bytes are the same.
    pub(in crate::store) fn text(&self, col: c_int) -> Option<&[u8]> {
        unsafe {
            let p = ffi::sqlite3_column_blob(self.stmt, col);
            if p.is_null() {
                // NULL, or an empty value.
                return (ffi::sqlite3_column_type(self.stmt, col) != ffi::SQLITE_NULL)
                    .then_some(&[][..]);
            }
            let n = ffi::sqlite3_column_bytes(self.stmt, col);
            // SAFETY: SQLite keeps the value valid until the next step, reset or finalize,
            // all of which need `&mut self` or `self` gone.
            Some(std::slice::from_raw_parts(
                p.cast::<u8>(),
                n.max(0) as usize,
            ))
        }
    }

    fn check(&self, rc: c_int) -> rusqlite::Result<()> {
        if rc == ffi::SQLITE_OK {
            return Ok(());
        }
        let message = unsafe {
            let m = ffi::sqlite3_errmsg(self.db);
            (!m.is_null()).then(|| CStr::from_ptr(m).to_string_lossy().into_owned())
        };
        Err(rusqlite::Error::SqliteFailure(ffi::Error::new(rc), message))
    }
}

impl Drop for RawRows<'_> {
    fn drop(&mut self) {
        // SAFETY: `stmt` came from prepare on this connection (or is null, which finalize
        // accepts) and is finalized once.
        unsafe {
            ffi::sqlite3_finalize(self.stmt);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_as_rusqlite_reads_them() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (n INTEGER, s TEXT);
             INSERT INTO t VALUES (1, 'not-started'), (2, NULL), (3, ''), (4, '完成时限');",
        )
        .unwrap();
        let args = [Value::Integer(2), Value::Text("zzz".into())];
        let mut rows = RawRows::new(
            &conn,
            "SELECT n, s FROM t WHERE n >= ?1 AND (s IS NULL OR s < ?2 OR n = 4) ORDER BY n",
            &args,
        )
        .unwrap();
        let mut got = Vec::new();
        while rows.next().unwrap() {
            got.push((rows.int(0), rows.text(1).map(<[u8]>::to_vec)));
        }
        assert_eq!(
            got,
            [
                (2, None),
                (3, Some(Vec::new())),
                (4, Some("完成时限".as_bytes().to_vec()))
            ]
        );
    }

    #[test]
    fn failures_are_rusqlite_errors_with_sqlites_message() {
        let conn = Connection::open_in_memory().unwrap();
        let Err(rusqlite::Error::SqliteFailure(e, Some(message))) =
            RawRows::new(&conn, "SELECT * FROM missing", &[])
        else {
            panic!("a query on a missing table must fail");
        };
        assert_eq!(e.code, rusqlite::ErrorCode::Unknown);
        assert!(message.contains("no such table: missing"), "{message}");
    }
}
