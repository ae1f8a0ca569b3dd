//! Follow-up's per-task dates kept on a server as the history is written (`task_marks`,
//! issue 18's `list` and report at 10,000 tasks): after every kind of write, and as of days
//! before and after it, the server prints what its copy into a file prints (the file folds
//! its history at each read), and a ledger of the version before the table climbs to it with
//! the same figures. Skipped unless `TRACKER_TEST_PG` names the test server.

use tracker::store::postgres::conn::{Target, connect};

use crate::support::{Ledger, pg_base, run};

/// What the server and its copy into a file must print alike.
const READS: [&[&str]; 5] = [
    &["list", "--all", "--format", "json"],
    &["list", "--stale", "7d"],
    &["report", "--format", "json"],
    &["report", "--week", "2026-W11", "--format", "json"],
    &["units", "--format", "json"],
];

/// The tasks of `l`'s server ledger whose kept row is missing or older than their history
/// (its `horizon` is not their latest event's `at`).
fn stale_rows(l: &Ledger) -> i64 {
    let base = pg_base().expect("TRACKER_TEST_PG");
    let s = &l.pg.as_ref().expect("a server ledger").schema;
    let mut c = connect(&Target::parse(&base).unwrap()).expect("the test server answers");
    let sql = format!(
        "SELECT count(*) FROM \"{s}\".tasks t \
         LEFT JOIN \"{s}\".task_marks m ON m.task_id = t.id \
         LEFT JOIN (SELECT task_id, max(at) AS h FROM \"{s}\".events GROUP BY task_id) e \
           ON e.task_id = t.id \
         WHERE m.horizon IS DISTINCT FROM e.h"
    );
    c.query(&sql, &[]).expect("read the kept rows")[0].get(0)
}

/// The server ledger of `l` and its copy into a file print the same bytes for every read in
/// `READS`, as of each day of `days`.
fn same_as_a_file(l: &Ledger, step: &str, days: &[&str]) {
    let file = l.dir.path().join("副本.db");
    let _ = std::fs::remove_file(&file);
    l.run(&["copy", "--to", file.to_str().unwrap()]).ok();
    assert_eq!(stale_rows(l), 0, "after {step}: every task's row is kept");
    for today in days {
        for args in READS {
            let server = l.run_on(today, args).ok().stdout;
            let copy = run(l
                .cmd()
                .env("TRACKER_DB", &file)
                .env("TRACKER_TODAY", today)
                .args(args))
            .ok()
            .stdout;
            assert_eq!(server, copy, "after {step}, as of {today}: {args:?}");
        }
    }
}

#[test]
fn after_every_kind_of_write_the_server_reads_as_its_copy_in_a_file() {
    if pg_base().is_none() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let notices = l.dir.path().join("通知");
    let notices = notices.to_str().unwrap();
    // (what, the day it is written, the command)
    let steps: Vec<(&str, &str, Vec<&str>)> = vec![
        ("a note", "2026-03-09", vec!["note", "1.2", "已召开专题会"]),
        (
            "done",
            "2026-03-10",
            vec!["update", "1.3", "--status", "done"],
        ),
        ("done undone", "2026-03-11", vec!["undo"]),
        ("undo undone", "2026-03-12", vec!["undo"]),
        (
            "progress with a note",
            "2026-03-13",
            vec!["update", "2.1", "--progress", "40", "--note", "推进中"],
        ),
        ("a note withdrawn", "2026-03-13", vec!["undo"]),
        (
            "a backdated note",
            "2026-03-05",
            vec!["note", "3.1", "补记：已启动"],
        ),
        (
            "a rename",
            "2026-03-16",
            vec!["units", "rename", "干部教育科", "干部培训科"],
        ),
        (
            "notices",
            "2026-03-16",
            vec![
                "notice",
                "--all",
                "--reply-by",
                "2026-03-20",
                "--out",
                notices,
            ],
        ),
        (
            "a task added",
            "2026-03-17",
            vec![
                "add",
                "--rec",
                "1",
                "--title",
                "建立指导员制度",
                "--lead",
                "组织科",
            ],
        ),
        (
            "done, then the deadline moved",
            "2026-03-18",
            vec![
                "update",
                "3.2",
                "--status",
                "done",
                "--deadline",
                "2026-03-01",
            ],
        ),
    ];
    for (what, day, args) in &steps {
        l.run_on(day, args).ok();
        // Before the step's day (the fold), on it, and after every write (the kept rows).
        same_as_a_file(&l, what, &["2026-03-08", day, "2026-04-01"]);
    }
}

/// A ledger made before `task_marks` (schema version 1: the table, its trigger and function
/// taken away, as such a ledger has none) climbs to it at its next command, fills it from the
/// history, and reads as before.
#[test]
fn a_version_one_ledger_climbs_and_keeps_its_figures() {
    let Some(base) = pg_base() else {
        return;
    };
    let l = Ledger::seeded("2026-03-02");
    l.run_on("2026-03-09", &["note", "1.2", "已召开专题会"])
        .ok();
    l.run_on("2026-03-10", &["update", "1.3", "--status", "done"])
        .ok();
    let before: Vec<String> = READS
        .iter()
        .map(|args| l.run_on("2026-03-20", args).ok().stdout)
        .collect();
    let schema = l.pg.as_ref().expect("a server ledger").schema.clone();
    let mut c = connect(&Target::parse(&base).unwrap()).expect("the test server answers");
    c.batch_execute(&format!(
        "SET search_path TO \"{schema}\"; \
         DROP TRIGGER events_marks ON events; DROP FUNCTION tracker_refresh_marks(); \
         DROP TABLE task_marks; UPDATE schema_version SET version = 1"
    ))
    .expect("take the ledger back to version 1");
    let after: Vec<String> = READS
        .iter()
        .map(|args| l.run_on("2026-03-20", args).ok().stdout)
        .collect();
    assert_eq!(before, after);
    let rows = c
        .query(
            &format!("SELECT count(*) FROM \"{schema}\".task_marks"),
            &[],
        )
        .expect("the table is back");
    let n: i64 = rows[0].get(0);
    assert_eq!(n, 16, "every seeded task has its row");
    // And it is kept from then on.
    l.run_on("2026-03-21", &["update", "1.4", "--status", "done"])
        .ok();
    same_as_a_file(&l, "after the climb", &["2026-03-21", "2026-04-01"]);
}

/// A clerk (a member of the ledger's writer role, not its owner) whose tracker is newer than
/// the ledger gets one line naming the owner who may upgrade it, and the ledger is left as it
/// was; the owner's next command climbs, and the clerk goes on.
#[test]
fn only_the_owner_climbs_a_version_one_ledger() {
    use tracker::store::postgres::writers::role_name;
    let Some(base) = pg_base() else {
        return;
    };
    let l = Ledger::seeded("2026-03-02");
    let target = Target::parse(&base).unwrap();
    let schema = l.pg.as_ref().expect("a server ledger").schema.clone();
    let clerk = format!("tracker_test_marks_clerk_{}", std::process::id());
    let mut admin = connect(&target).expect("the test server answers");
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {clerk}; CREATE ROLE {clerk} LOGIN; GRANT \"{}\" TO {clerk}; \
             SET search_path TO \"{schema}\"; \
             DROP TRIGGER events_marks ON events; DROP FUNCTION tracker_refresh_marks(); \
             DROP TABLE task_marks; UPDATE schema_version SET version = 1",
            role_name(&target.dbname, &schema)
        ))
        .expect("a clerk, and the ledger back at version 1");
    let url = l.ledger().to_string_lossy().replacen(
        &format!("://{}", target.user),
        &format!("://{clerk}"),
        1,
    );
    let before = l.dump();
    let line = l
        .run(&["--db", &url, "note", "1.1", "职员记录"])
        .fails(1, &["schema version 1", "only its owner", &target.user]);
    assert_eq!(line.trim_end().lines().count(), 1, "{line}");
    assert_eq!(l.dump(), before);
    // The owner climbs; the clerk's note then goes in.
    l.run(&["list"]).ok();
    l.run(&["--db", &url, "note", "1.1", "职员记录"]).ok();
    same_as_a_file(&l, "the clerk's note", &["2026-04-01"]);
    admin
        .batch_execute(&format!("DROP OWNED BY {clerk}; DROP ROLE {clerk}"))
        .expect("drop the clerk");
}
