//! Hand edits of a test ledger, outside tracker, on whichever backend the suite runs on: the
//! stored states no command writes (an old ledger, a row changed in an SQL client), which
//! tests of escaping and of old names need. Everything a command can write goes through the
//! binary instead.

use crate::support::Ledger;

impl Ledger {
    /// Runs `sql` on the ledger (the file, or the server's schema) with `?1`, `?2`… bound to
    /// `texts`, as someone editing it by hand would. Panics on any failure: the statement is
    /// the test's own.
    pub fn edit(&self, sql: &str, texts: &[&str]) {
        match &self.pg {
            None => {
                let conn = rusqlite::Connection::open(&self.db).expect("open the ledger file");
                conn.execute(sql, rusqlite::params_from_iter(texts))
                    .unwrap_or_else(|e| panic!("hand edit {sql}: {e}"));
            }
            Some(pg) => {
                use tracker::store::postgres::conn::{Target, connect};
                let mut c = connect(&Target::parse(&pg.url).expect("ledger URL"))
                    .expect("connect to the ledger");
                let args: Vec<&(dyn postgres::types::ToSql + Sync)> = texts
                    .iter()
                    .map(|t| t as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                c.execute(&dollar_placeholders(sql), &args)
                    .unwrap_or_else(|e| panic!("hand edit {sql}: {:?}", e.as_db_error()));
            }
        }
    }

    /// Runs `sql` in a write transaction left open (another writer, mid-change) until the
    /// returned connection is dropped, which rolls it back.
    pub fn hold_uncommitted(&self, sql: &str) -> Box<dyn std::any::Any> {
        match &self.pg {
            None => {
                let conn = rusqlite::Connection::open(&self.db).expect("open the ledger file");
                conn.execute_batch(&format!("BEGIN IMMEDIATE; {sql};"))
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
                Box::new(conn)
            }
            Some(pg) => {
                use tracker::store::postgres::conn::{Target, connect};
                let mut c = connect(&Target::parse(&pg.url).expect("ledger URL"))
                    .expect("connect to the ledger");
                c.batch_execute(&format!("BEGIN; {sql};"))
                    .unwrap_or_else(|e| panic!("{sql}: {:?}", e.as_db_error()));
                Box::new(c)
            }
        }
    }

    /// On a server: whether the ledger's schema exists (a refused first load must not leave
    /// even an empty one). Always true for a file.
    pub fn holds_schema(&self) -> bool {
        let Some(pg) = &self.pg else {
            return true;
        };
        use tracker::store::postgres::conn::{Target, connect};
        let mut c = connect(&Target::parse(&pg.url).expect("ledger URL")).expect("connect");
        c.query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)",
            &[&pg.schema],
        )
        .expect("look the schema up")
        .get(0)
    }

    /// The ledger as `export` writes it: what tests count and compare on either backend.
    pub fn export(&self) -> serde_json::Value {
        self.run(&["export"]).ok().json()
    }
}

/// SQLite's `?1` placeholders as PostgreSQL's `$1` (the tests' statements quote no `?`).
fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}
