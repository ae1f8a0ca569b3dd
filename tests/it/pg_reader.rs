//! A role that may only read a server ledger (issue 18k, finding 2): USAGE on the schema and
//! SELECT on its tables, as the README's "Sharing one ledger" shows. It does every read the
//! README lists, prints a 通报 whose week is already numbered (a read: no ledger lock), and is
//! told in one line, not "cannot write FILE", that a week not yet numbered takes an issue
//! number it cannot record, with `--draft` as the way out. The ledger is left untouched.
//! Skipped unless `TRACKER_TEST_PG` names the test server.

use tracker::store::postgres::conn::{Target, connect};

use crate::support::{Ledger, Output, pg_base, run, zip_part};

/// Drops the reader role, its grants with it, also when the test failed half-way.
struct DropRole(String);

impl Drop for DropRole {
    fn drop(&mut self) {
        let Some(base) = pg_base() else { return };
        if let Ok(mut c) = connect(&Target::parse(&base).unwrap()) {
            let _ = c.batch_execute(&format!(
                "DROP OWNED BY {0}; DROP ROLE IF EXISTS {0}",
                self.0
            ));
        }
    }
}

#[test]
fn a_read_only_role_reads_and_reprints_a_numbered_tongbao_but_cannot_number_one() {
    let Some(base) = pg_base() else {
        return;
    };
    let l = Ledger::seeded("2026-11-02");
    let schema = l.pg.as_ref().unwrap().schema.clone();
    let dir = l.dir.path();
    // Every command in the ledger's folder, so relative `--out` files land there.
    let in_dir = |args: &[&str]| -> Output {
        run(l
            .cmd()
            .current_dir(dir)
            .args(["--today", "2026-12-11"])
            .args(args))
    };
    // The owner issues W50: it gets 第1期.
    in_dir(&[
        "report",
        "--week",
        "2026-W50",
        "--format",
        "docx",
        "--out",
        "owner.docx",
    ])
    .ok();
    let target = Target::parse(&base).unwrap();
    let reader = format!("tracker_test_reader_{}", std::process::id());
    let _role = DropRole(reader.clone());
    // The README's grant for a read-only role.
    connect(&target)
        .unwrap()
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {reader}; CREATE ROLE {reader} LOGIN; \
             GRANT USAGE ON SCHEMA \"{schema}\" TO {reader}; \
             GRANT SELECT ON ALL TABLES IN SCHEMA \"{schema}\" TO {reader}"
        ))
        .unwrap();
    let url = l.ledger().to_string_lossy().replacen(
        &format!("://{}", target.user),
        &format!("://{reader}"),
        1,
    );
    let before = l.dump();
    let as_reader = |args: &[&str]| {
        let mut full = vec!["--db", url.as_str()];
        full.extend_from_slice(args);
        in_dir(&full)
    };
    // What the README says a read-only role can do.
    let backup = dir.join("copy.db");
    let backup = backup.to_str().unwrap();
    let reads: &[&[&str]] = &[
        &["list"],
        &["show", "1.1"],
        &["history"],
        &["units"],
        &["report", "--format", "markdown"],
        &[
            "report", "--week", "2026-W50", "--format", "xlsx", "--out", "r.xlsx",
        ],
        &[
            "report", "--week", "2026-W49", "--format", "docx", "--draft", "--out", "d.docx",
        ],
        &["export"],
        &["backup", backup],
        &[
            "notice",
            "--all",
            "--dry-run",
            "--reply-by",
            "2026-12-18",
            "--out",
            "notices",
        ],
    ];
    for args in reads {
        as_reader(args).ok();
    }
    // A numbered week printed again is a read: the same 第1期 the owner's copy has.
    as_reader(&[
        "report",
        "--week",
        "2026-W50",
        "--format",
        "docx",
        "--out",
        "again.docx",
    ])
    .ok();
    let body = |name: &str| zip_part(&dir.join(name), "word/document.xml");
    assert!(body("again.docx").contains("第1期"));
    assert_eq!(body("again.docx"), body("owner.docx"));
    // A week not numbered yet: one line saying why, and the way out; no file.
    for (lang, needles) in [
        (
            "en",
            &[
                "the 通报 for 2026-W49 takes an issue number",
                &format!("which {reader} cannot record"),
                "--draft",
            ][..],
        ),
        ("zh", &["2026-W49 的通报要编发期号", "--draft"]),
    ] {
        let msg = as_reader(&[
            "--lang", lang, "report", "--week", "2026-W49", "--format", "docx", "--out", "new.docx",
        ])
        .fails(1, needles);
        assert!(
            !msg.contains("cannot write") && !msg.contains("无法写入"),
            "not a file problem: {msg}"
        );
        assert!(!dir.join("new.docx").exists());
    }
    // A write is refused by the ledger's lock, which every write takes first: said as a role
    // that may only read, not as the lock's table (18l #6).
    let writes: &[&[&str]] = &[
        &["note", "1.1", "进展"],
        &["update", "1.1", "--progress", "50"],
        &["undo"],
        &["units", "rename", "人事局", "人社局"],
    ];
    for args in writes {
        let msg = as_reader(args).fails(
            1,
            &[
                &format!("{reader} may only read the ledger at"),
                "nothing was recorded",
            ],
        );
        assert!(!msg.contains("ledger_lock"), "{args:?}: {msg}");
    }
    let msg = as_reader(&["--lang", "zh", "note", "1.1", "进展"]).fails(1, &["只有读取权限"]);
    assert!(!msg.contains("ledger_lock"), "{msg}");
    assert_eq!(l.dump(), before, "the reader changed nothing");
}

/// A role with no grant on the ledger's schema (18m, finding 4): `init` and `list` both say it
/// may not use the schema, naming it; neither calls the ledger's tables "not a ledger" nor
/// sends anyone to make a second ledger in another schema. The ledger is left untouched.
#[test]
fn a_role_without_usage_is_told_so_by_init_and_list_not_sent_to_another_schema() {
    let Some(base) = pg_base() else {
        return;
    };
    let l = Ledger::seeded("2026-11-02");
    let schema = l.pg.as_ref().unwrap().schema.clone();
    let target = Target::parse(&base).unwrap();
    let nobody = format!("tracker_test_nobody_{}", std::process::id());
    let _role = DropRole(nobody.clone());
    connect(&target)
        .unwrap()
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {nobody}; CREATE ROLE {nobody} LOGIN"
        ))
        .unwrap();
    let url = l.ledger().to_string_lossy().replacen(
        &format!("://{}", target.user),
        &format!("://{nobody}"),
        1,
    );
    let before = l.dump();
    for (lang, args) in [
        ("en", &["init"][..]),
        ("en", &["list"][..]),
        ("zh", &["init"][..]),
    ] {
        let out = run(l
            .cmd()
            .args(["--lang", lang, "--db", url.as_str()])
            .args(args));
        let msg = out.fails(1, &[&nobody, &schema]);
        assert!(
            !msg.contains("not a ledger")
                && !msg.contains("不属于台账")
                && !msg.contains("another schema"),
            "{lang} {args:?}: {msg}"
        );
    }
    assert_eq!(l.dump(), before, "the ledger untouched");
}

/// A ledger's owner who may not create roles (no CREATEROLE) is told, for a schema of its own
/// choosing, which schema and role to put in place of the README's `tracker` and
/// `tracker_writer_dubanl_tracker` in the grants (18m, finding 5).
#[test]
fn an_owner_without_createrole_is_told_the_grants_with_its_own_schema_and_role() {
    let Some(base) = pg_base() else {
        return;
    };
    let target = Target::parse(&base).unwrap();
    let owner = format!("tracker_test_owner_{}", std::process::id());
    let schema = format!("county{}", std::process::id());
    let _role = DropRole(owner.clone());
    let db = target.dbname.clone();
    connect(&target)
        .unwrap()
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {owner}; CREATE ROLE {owner} LOGIN NOCREATEROLE; \
             GRANT CREATE ON DATABASE \"{db}\" TO {owner}"
        ))
        .unwrap();
    let url = crate::support::pg_url_with(&base, None, None, Some(&schema)).replacen(
        &format!("://{}", target.user),
        &format!("://{owner}"),
        1,
    );
    let l = Ledger::new("2026-11-30");
    let out = run(l.cmd().args(["--db", url.as_str(), "init", "--empty"]));
    let role = format!("tracker_writer_{}_{schema}", db);
    for want in [
        format!("CREATE ROLE {role} NOLOGIN"),
        format!("with schema {schema} and role {role} in place of tracker"),
    ] {
        assert!(out.stderr.contains(&want), "{want}: {}", out.stderr);
    }
    let _ = connect(&target)
        .unwrap()
        .batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"));
}
