//! Who may write a shared ledger: one NOLOGIN role per ledger, never one for the whole
//! server, so that a clerk let into one county's ledger cannot write another's on the same
//! server. Clerks' login roles are made its members (`GRANT ROLE TO clerk_zhang`). The role
//! may read every table and write only what commands write: the history only grows (no
//! UPDATE, DELETE or TRUNCATE on `events`; its trigger refuses those to anyone besides), and
//! nothing a command never deletes can be deleted through it: not the ledger lock's row (whose
//! loss would let writers race), the register of notices, the imports, the return sheets or
//! the schema's version.

use anyhow::Result;
use sha2::{Digest, Sha256};

use crate::store::db::Db;

/// The writer role of the ledger in schema `schema` of database `db`:
/// `tracker_writer_DB_SCHEMA` when that is a plain lower-case name of at most 63 bytes (the
/// server's NAMEDATALEN), else `tracker_writer_` and 16 hex digits of the SHA-256 of
/// `DB/SCHEMA`, so that two ledgers never share a role however their names are spelt.
pub fn role_name(db: &str, schema: &str) -> String {
    let plain = format!("tracker_writer_{db}_{schema}");
    let simple = plain.len() <= 63
        && plain
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if simple {
        return plain;
    }
    let digest = Sha256::digest(format!("{db}/{schema}").as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("tracker_writer_{hex}")
}

/// `name` quoted as an SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The grants that make `role` the writer of the ledger in `schema`: exactly what the README's
/// "Who may write" lists, and what `init` runs. Which table each command writes: `INSERT` where
/// a command adds rows; `UPDATE` where it changes them (an upsert's `ON CONFLICT DO UPDATE`
/// too, and `ledger_lock`, whose `SELECT … FOR UPDATE` needs it); `DELETE` only on
/// `task_units` (`update --support`, `--lead`, `units rename`) and `units` (a unit no task
/// names any more).
pub fn grants(schema: &str, role: &str) -> String {
    let (s, r) = (ident(schema), ident(role));
    let on = |tables: &[&str]| -> String {
        tables
            .iter()
            .map(|t| format!("{s}.{t}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    [
        format!("GRANT USAGE ON SCHEMA {s} TO {r}"),
        format!("GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {r}"),
        format!(
            "GRANT INSERT ON {} TO {r}",
            on(&[
                "meta",
                "recommendations",
                "units",
                "tasks",
                "task_units",
                "events",
                "imports",
                "sheets_issued",
                "sheets_collected",
                "notices"
            ])
        ),
        format!(
            "GRANT UPDATE ON {} TO {r}",
            on(&[
                "ledger_lock",
                "meta",
                "tasks",
                "task_units",
                "imports",
                "sheets_issued",
                "sheets_collected"
            ])
        ),
        format!("GRANT DELETE ON {} TO {r}", on(&["units", "task_units"])),
        format!("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {r}"),
    ]
    .join(";\n")
}

/// Inside the transaction that creates a ledger: creates its writer `role` when it is missing
/// and the connecting role may (CREATEROLE, or a superuser), and grants it the ledger. Returns
/// whether the role exists; when it does not, nothing is granted and the administrator runs
/// `CREATE ROLE … NOLOGIN` and [`grants`] (the caller says so).
pub fn set_up(db: &Db<'_>, schema: &str, role: &str) -> Result<bool> {
    let exists = |db: &Db<'_>| -> Result<bool> {
        db.value(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)",
            crate::store::db::args![role],
        )
    };
    if !exists(db)? {
        let may: bool = db.value(
            "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user",
            &[],
        )?;
        if !may {
            return Ok(false);
        }
        db.batch(&format!("CREATE ROLE {} NOLOGIN", ident(role)))?;
    }
    db.batch(&grants(schema, role))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_ledger_has_a_writer_role_of_its_own() {
        assert_eq!(
            role_name("dubanl", "tracker"),
            "tracker_writer_dubanl_tracker"
        );
        let odd = [
            ("县区", "tracker"),
            ("Duban", "tracker"),
            ("dubanl", "a\"b"),
            ("a", &"x".repeat(60)),
        ];
        let mut seen = std::collections::HashSet::new();
        for (db, schema) in odd {
            let name = role_name(db, schema);
            assert!(
                name.len() <= 63 && name.starts_with("tracker_writer_"),
                "{name}"
            );
            assert!(seen.insert(name), "{db}/{schema}");
        }
        // Two ledgers never share one, even where a plain name would be cut at 63 bytes.
        assert_ne!(
            role_name("a", &"x".repeat(60)),
            role_name("a", &"x".repeat(61))
        );
    }

    #[test]
    fn writers_may_delete_only_what_commands_delete() {
        let sql = grants("tracker", "w");
        let line = |what: &str| sql.lines().find(|l| l.starts_with(what)).unwrap();
        let delete = line("GRANT DELETE");
        assert!(!delete.contains("ledger_lock") && !delete.contains("events"));
        assert!(!line("GRANT UPDATE").contains(".events") && !sql.contains("TRUNCATE"));
        assert!(line("GRANT INSERT").contains(".events"));
    }
}
