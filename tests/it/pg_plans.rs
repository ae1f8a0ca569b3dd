//! A shared ledger's reads find their indexes from the first command after a load (issue 18,
//! performance): `copy --to URL` and `restore` into a server leave every table they filled
//! with planner statistics, so `show ID` right after a copy reads one task's rows, not every
//! event (~600 ms at 10,000 tasks before autovacuum came by, 18 ms after). Skipped unless
//! `TRACKER_TEST_PG` names the test server. No test measures time: each asserts what the
//! server records about the load.

use tracker::store::postgres::conn::{Target, connect};

use crate::support::{Ledger, PgDatabase, pg_base, pg_url_with, run};

/// The tables of `schema` among `tables` that the server holds no ANALYZE of (only an
/// explicit ANALYZE sets `last_analyze`; autovacuum's is `last_autoanalyze`).
fn never_analyzed(schema: &str, tables: &[&str]) -> Vec<String> {
    let base = pg_base().expect("TRACKER_TEST_PG");
    let mut c = connect(&Target::parse(&base).unwrap()).expect("the test server answers");
    let names: Vec<String> = tables.iter().map(|t| t.to_string()).collect();
    c.query(
        "SELECT t.name FROM unnest($2::text[]) AS t(name) \
         LEFT JOIN pg_stat_user_tables s ON s.schemaname = $1 AND s.relname = t.name \
         WHERE s.last_analyze IS NULL ORDER BY 1",
        &[&schema, &names],
    )
    .expect("read the tables' statistics")
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// A ledger with a renamed unit, a done task and a note: every table a load fills.
fn source() -> Ledger {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--progress", "40", "--note", "已拟定方案"])
        .ok();
    l.run(&["update", "2.1", "--status", "done"]).ok();
    l.run(&["units", "rename", "人事局", "人社局"]).ok();
    l
}

const FILLED: [&str; 5] = ["recommendations", "units", "tasks", "task_units", "events"];

#[test]
fn a_copy_into_a_server_leaves_statistics_on_every_table_it_filled() {
    let Some(base) = pg_base() else {
        return;
    };
    let l = source();
    let schema = format!("tracker_test_plans_{}", std::process::id());
    let target = PgDatabase {
        url: pg_url_with(&base, None, None, Some(&schema)),
        schema: schema.clone(),
    };
    l.run(&["copy", "--to", &target.url]).ok();
    assert_eq!(never_analyzed(&schema, &FILLED), Vec::<String>::new());
    // The copy reads as its source, statistics and all.
    assert_eq!(
        l.run_in(std::path::Path::new(&target.url), &["show", "1.4"])
            .ok()
            .stdout,
        l.run(&["show", "1.4"]).ok().stdout
    );
}

#[test]
fn a_restore_into_a_server_leaves_statistics_on_every_table_it_filled() {
    if pg_base().is_none() {
        return;
    }
    let from = source();
    let export = from.dir.path().join("台账.json");
    from.run(&["export", "--out", export.to_str().unwrap()])
        .ok();
    let to = Ledger::new("2026-03-02");
    to.run(&["restore", export.to_str().unwrap()]).ok();
    let schema = to.pg.as_ref().expect("a server ledger").schema.clone();
    assert_eq!(never_analyzed(&schema, &FILLED), Vec::<String>::new());
    assert_eq!(
        to.run(&["export"]).ok().stdout,
        from.run(&["export"]).ok().stdout
    );
}

/// The follow-up columns folded on the server (pace, 逾期完成, 末次反馈, 未反馈天数) read as
/// the file folds them: a ledger with a report taken back by an undo, a task done after its
/// deadline and then given a later one, a task set done twice, a note on a done task; its
/// copy into a file prints the same bytes, as of several days.
#[test]
fn list_and_report_on_a_server_print_what_its_copy_in_a_file_prints() {
    if pg_base().is_none() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let on = |today: &str, args: &[&str]| l.run_on(today, args).ok();
    on("2026-03-09", &["note", "1.2", "已召开专题会"]);
    on("2026-03-10", &["note", "1.3", "初稿"]);
    on("2026-03-10", &["undo"]);
    on("2026-06-20", &["update", "1.1", "--status", "done"]);
    on("2026-06-21", &["update", "1.1", "--deadline", "2026-12-31"]);
    on("2026-03-12", &["update", "2.1", "--status", "done"]);
    on(
        "2026-03-13",
        &[
            "update",
            "2.1",
            "--status",
            "in-progress",
            "--progress",
            "80",
        ],
    );
    on("2026-03-20", &["update", "2.1", "--status", "done"]);
    on("2026-03-21", &["note", "2.1", "已归档"]);
    on(
        "2026-03-22",
        &["update", "3.2", "--progress", "30", "--note", "推进中"],
    );
    let file = l.dir.path().join("副本.db");
    on("2026-03-22", &["copy", "--to", file.to_str().unwrap()]);
    for today in ["2026-03-09", "2026-03-25", "2026-07-01"] {
        for args in [
            &["list", "--all"][..],
            &["list", "--all", "--format", "json"],
            &["list", "--stale", "7d"],
            &["list", "--rec", "2", "--format", "json"],
            &["report"],
            &["report", "--format", "json"],
            &["report", "--owner", "组织科", "--format", "csv"],
            &["units", "--format", "json"],
        ] {
            let server = l.run_on(today, args).ok().stdout;
            let copy = run(l
                .cmd()
                .env("TRACKER_DB", &file)
                .env("TRACKER_TODAY", today)
                .args(args))
            .ok()
            .stdout;
            assert_eq!(server, copy, "{today} {args:?}");
        }
    }
}

/// Each index and foreign key of `schema` as the server defines it, the schema's name taken
/// out, sorted.
fn indexes_and_keys(schema: &str) -> Vec<String> {
    let base = pg_base().expect("TRACKER_TEST_PG");
    let mut c = connect(&Target::parse(&base).unwrap()).expect("the test server answers");
    let mut shape: Vec<String> = c
        .query(
            "SELECT replace(indexdef, $1 || '.', '') FROM pg_indexes WHERE schemaname = $1 \
             UNION ALL \
             SELECT c.relname || ' ' || k.conname || ' ' || replace(pg_get_constraintdef(k.oid), $1 || '.', '') \
             FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid \
             WHERE c.relnamespace = to_regnamespace($1)",
            &[&schema],
        )
        .expect("read the schema's indexes and keys")
        .iter()
        .map(|r| r.get(0))
        .collect();
    shape.sort();
    shape
}

/// A load into a new server ledger builds the big tables' indexes and checks their foreign
/// keys after its COPYs, not row by row (COPY of 110,649 events: 6.2 s with them in place):
/// the ledger it leaves has every index and key that `init` makes, defined alike.
#[test]
fn a_copy_into_a_server_leaves_every_index_and_foreign_key_that_init_makes() {
    let Some(base) = pg_base() else {
        return;
    };
    let l = source();
    let pid = std::process::id();
    let copied = format!("tracker_test_shape_copy_{pid}");
    let made = format!("tracker_test_shape_init_{pid}");
    let copy = PgDatabase {
        url: pg_url_with(&base, None, None, Some(&copied)),
        schema: copied.clone(),
    };
    let init = PgDatabase {
        url: pg_url_with(&base, None, None, Some(&made)),
        schema: made.clone(),
    };
    l.run(&["copy", "--to", &copy.url]).ok();
    l.run_in(std::path::Path::new(&init.url), &["init"]).ok();
    let want = indexes_and_keys(&made);
    assert!(
        want.iter().any(|d| d.contains("events_instant"))
            && want.iter().any(|d| d.contains("FOREIGN KEY (task_id)")),
        "{want:?}"
    );
    assert_eq!(indexes_and_keys(&copied), want);
    // Still refused row by row after the load: the key is back in force.
    let mut c = connect(&Target::parse(&copy.url).unwrap()).expect("the test server answers");
    let refused = c.batch_execute(&format!(
        "INSERT INTO \"{copied}\".events (change_id, task_id, field, actor, at) \
         VALUES (1, 999999, 'note', 'x', '2026-03-02T00:00:00Z')"
    ));
    assert!(refused.is_err());
}
