//! Who may write a shared ledger: one NOLOGIN role per ledger, never one for the whole
//! server, so that a clerk let into one county's ledger cannot write another's on the same
//! server. Clerks' login roles are made its members (`GRANT ROLE TO clerk_zhang`). The role
//! may read every table and write only what commands write: the history only grows (no
//! UPDATE, DELETE or TRUNCATE on `events`; its trigger refuses those to anyone besides), and
//! nothing a command never deletes can be deleted through it: not the ledger lock's row (whose
//! loss would let writers race), the register of notices, the imports, the return sheets or
//! the schema's version.

use anyhow::{Result, bail};
use sha2::{Digest, Sha256};

use crate::store::db::Db;

/// The writer role of the ledger in schema `schema` of database `db`:
/// `tracker_writer_DB_SCHEMA` when both names are plain lower-case letters and digits (no
/// `_`) and the whole fits in 63 bytes (the server's NAMEDATALEN), else `tracker_writer_` and
/// 16 hex digits of the SHA-256 of `DB/SCHEMA`. A `_` inside either name would make the plain
/// join ambiguous (database `x_y` with schema `tracker` and database `x` with schema
/// `y_tracker` would share one role, so a clerk of one could write the other); a plain name has
/// exactly one `_` after the prefix and a hashed one none, so the two forms never meet.
///
/// Only `init` (and `copy`/`restore` creating a ledger) asks for this name: a ledger made
/// before this rule keeps the role it was granted to, as nothing looks the name up again.
pub fn role_name(db: &str, schema: &str) -> String {
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    let plain = format!("tracker_writer_{db}_{schema}");
    if plain.len() <= 63 && word(db) && word(schema) {
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
                "notices",
                "task_marks"
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
                "sheets_collected",
                "task_marks"
            ])
        ),
        format!("GRANT DELETE ON {} TO {r}", on(&["units", "task_units"])),
        format!("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {r}"),
    ]
    .join(";\n")
}

/// What [`set_up`] found or made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Writer {
    /// The role was created for this ledger, and granted it.
    Made,
    /// The role was there already (made by an administrator beforehand), held no grant on
    /// another ledger, and was granted this one; its members' names, sorted.
    Existing(Vec<String>),
    /// The role is missing and the connecting role may not create it: nothing was granted.
    Missing,
}

/// Inside the transaction that creates a ledger in `schema` of database `database`: creates
/// its writer `role` when it is missing and the connecting role may (CREATEROLE, or a
/// superuser), and grants it the ledger, and CONNECT on the database where the connecting
/// role owns it (a server hardened with `REVOKE CONNECT … FROM PUBLIC` lets clerks in so).
///
/// Errors: the role already holds a grant on another database or another schema of this one
/// (someone made it beforehand, or a name from before [`role_name`]'s rule): granting it this
/// ledger too would let that ledger's clerks write here, so the creation is refused.
pub fn set_up(db: &Db<'_>, database: &str, schema: &str, role: &str) -> Result<Writer> {
    let exists: bool = db.value(
        "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)",
        crate::store::db::args![role],
    )?;
    let found = if exists {
        if let Some(other) = elsewhere(db, schema, role)? {
            bail!(crate::msg!(
                "the writer role {role} this ledger would use already holds grants on {other}: its clerks would write here too, so nothing was created; give another database or schema in the URL, or have the administrator drop or rename that role",
                "本台账要用的写入角色 {role} 已在{other}上有授权：其职员也将能写入本台账，因此未创建任何内容；请在连接地址中另指数据库或模式，或请管理员删除或改名该角色"
            ));
        }
        let members = db
            .query(
                "SELECT m.rolname::text FROM pg_auth_members a \
                 JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member \
                 WHERE r.rolname = ?1 ORDER BY 1",
                crate::store::db::args![role],
            )?
            .iter()
            .map(|r| r.get::<String>(0))
            .collect::<Result<Vec<_>>>()?;
        Writer::Existing(members)
    } else {
        let may: bool = db.value(
            "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user",
            &[],
        )?;
        if !may {
            return Ok(Writer::Missing);
        }
        db.batch(&format!("CREATE ROLE {} NOLOGIN", ident(role)))?;
        Writer::Made
    };
    db.batch(&grants(schema, role))?;
    let owns: bool = db.value(
        "SELECT pg_has_role(datdba, 'MEMBER') FROM pg_database WHERE datname = current_database()",
        &[],
    )?;
    if owns {
        // Two inits in one database at once would update its catalog row together ("tuple
        // concurrently updated"): they take turns.
        db.batch("SELECT pg_advisory_xact_lock(hashtext('tracker grant connect'))")?;
        db.batch(&connect_grant(database, role))?;
    }
    Ok(found)
}

/// `GRANT CONNECT` on the ledger's database to its writer role: clerks get in through it
/// where the database's CONNECT is revoked from PUBLIC (a common hardening).
pub fn connect_grant(database: &str, role: &str) -> String {
    format!(
        "GRANT CONNECT ON DATABASE {} TO {}",
        ident(database),
        ident(role)
    )
}

/// Where `role` already holds a grant other than on the ledger in `schema`: another database
/// (CONNECT, which every writer role gets from [`set_up`]) or another schema of this database,
/// as "database NAME" / "schema NAME"; `None` when nowhere. A grant on another database's
/// schemas is invisible from here, which is why every writer role gets CONNECT.
fn elsewhere(db: &Db<'_>, schema: &str, role: &str) -> Result<Option<String>> {
    let row = db.query_opt(
        "SELECT 'd', d.datname::text FROM pg_database d, aclexplode(d.datacl) a \
           WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = ?1) \
           AND d.datname <> current_database() \
         UNION ALL \
         SELECT 's', n.nspname::text FROM pg_namespace n, aclexplode(n.nspacl) a \
           WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = ?1) AND n.nspname <> ?2 \
         ORDER BY 1, 2 LIMIT 1",
        crate::store::db::args![role, schema],
    )?;
    let Some(row) = row else {
        return Ok(None);
    };
    let (kind, name): (String, String) = (row.get(0)?, row.get(1)?);
    let name = crate::render::safe(&name, false);
    Ok(Some(if kind == "d" {
        crate::msg!("database {name}", "数据库 {name} ")
    } else {
        crate::msg!("schema {name}", "模式 {name} ")
    }))
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
    fn names_joined_at_an_underscore_never_share_a_role() {
        // Each pair's plain join is the same text; every one must get roles of its own.
        let pairs = [
            (("x_y", "tracker"), ("x", "y_tracker")),
            (("a", "b_c"), ("a_b", "c")),
            (("county_1", "tracker"), ("county", "1_tracker")),
            (("d", "_"), ("d_", "")),
            (("a__b", "c"), ("a_", "_b_c")),
        ];
        for ((d1, s1), (d2, s2)) in pairs {
            assert_ne!(
                role_name(d1, s1),
                role_name(d2, s2),
                "{d1}/{s1} vs {d2}/{s2}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn two_ledgers_share_a_role_only_if_they_are_one(
            d1 in "[a-z0-9_]{1,12}", s1 in "[a-z0-9_]{1,12}",
            d2 in "[a-z0-9_]{1,12}", s2 in "[a-z0-9_]{1,12}",
        ) {
            let (n1, n2) = (role_name(&d1, &s1), role_name(&d2, &s2));
            proptest::prop_assert!(n1.len() <= 63);
            if (d1.as_str(), s1.as_str()) != (d2.as_str(), s2.as_str()) {
                proptest::prop_assert_ne!(n1, n2);
            }
        }
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
