//! A shared ledger on a real PostgreSQL server (issue 18): many writers at once lose nothing,
//! a killed client leaves nothing half-written, a restarted server costs one clear line.
//! Skipped unless `TRACKER_TEST_PG` names the test server (CI sets it).

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use crate::support::{Ledger, pg_base};

/// Every event's (id, change) in id order, and the tasks' rows, read straight from the server.
fn pg_rows(l: &Ledger, sql: &str) -> Vec<Vec<i64>> {
    let url = l.ledger().to_string_lossy().into_owned();
    let mut c = tracker::store::postgres::conn::connect(
        &tracker::store::postgres::conn::Target::parse(&url).unwrap(),
    )
    .unwrap();
    // The ledger lives in the schema `tracker` unless the URL sets a search_path.
    if !url.contains("search_path") {
        c.batch_execute("SET search_path TO tracker").unwrap();
    }
    c.query(sql, &[])
        .unwrap()
        .iter()
        .map(|r| (0..r.len()).map(|i| r.get::<_, i64>(i)).collect())
        .collect()
}

fn seeded_on_server() -> Option<Ledger> {
    pg_base()?;
    Some(Ledger::seeded("2026-03-02"))
}

#[test]
fn eight_writers_of_fifty_changes_each_lose_nothing_and_number_without_gaps() {
    let Some(l) = seeded_on_server() else {
        return;
    };
    let before = pg_rows(&l, "SELECT count(*), max(change_id) FROM events")[0].clone();
    let children: Vec<Child> = (0..8)
        .map(|w| {
            // Each writer a shell loop of 50 commands, so the 8 run side by side.
            let script = format!(
                "for i in $(seq 1 50); do \"$TRACKER\" note {}.1 \"writer {w} note $i\" || exit 1; done",
                w % 3 + 1
            );
            let mut c = std::process::Command::new("sh");
            c.arg("-c")
                .arg(script)
                .env("TRACKER", env!("CARGO_BIN_EXE_tracker"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            for (k, v) in l.cmd().get_envs() {
                match v {
                    Some(v) => c.env(k, v),
                    None => c.env_remove(k),
                };
            }
            c.spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a writer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let after = pg_rows(&l, "SELECT count(*), max(change_id) FROM events")[0].clone();
    assert_eq!(after[0] - before[0], 400, "every note recorded");
    assert_eq!(after[1] - before[1], 400, "one change each");
    // Change numbers in commit order (the events' ids, given at insert under the lock)
    // rise one at a time, without gaps.
    let changes: Vec<i64> = pg_rows(&l, "SELECT change_id FROM events ORDER BY id")
        .into_iter()
        .map(|r| r[0])
        .collect();
    let mut distinct = changes.clone();
    distinct.dedup();
    let expected: Vec<i64> = (1..=distinct.len() as i64).collect();
    assert_eq!(
        distinct, expected,
        "change numbers unique and gapless, in commit order"
    );
    // Every writer's 50 notes are there, each once.
    for w in 0..8 {
        let n = pg_rows(
            &l,
            &format!("SELECT count(*) FROM events WHERE note LIKE 'writer {w} note %'"),
        )[0][0];
        assert_eq!(n, 50, "writer {w}");
    }
}

#[test]
fn concurrent_adds_get_unique_ids_in_order() {
    let Some(l) = seeded_on_server() else {
        return;
    };
    let children: Vec<Child> = (0..6)
        .map(|w| {
            l.cmd()
                .args([
                    "add",
                    "--rec",
                    "2",
                    "--title",
                    &format!("并发任务{w}"),
                    "--lead",
                    "组织科",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let items: Vec<i64> = pg_rows(
        &l,
        "SELECT item FROM tasks WHERE recommendation = 2 ORDER BY id",
    )
    .into_iter()
    .map(|r| r[0])
    .collect();
    let mut sorted = items.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, items, "ids unique and given in commit order");
    assert_eq!(
        *items.last().unwrap() - items[0] + 1,
        items.len() as i64,
        "no gaps"
    );
}

#[test]
fn a_client_killed_mid_transaction_leaves_nothing_half_written() {
    let Some(l) = seeded_on_server() else {
        return;
    };
    let before = l.dump();
    // `units rename` changes many tasks in one transaction; killed before its commit.
    let mut child = l
        .cmd()
        .env("TRACKER_TEST_PAUSE", "before-commit")
        .args(["units", "rename", "组织科", "组织部", "--new-unit"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let paused = BufReader::new(child.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .any(|l| l.contains("paused at before-commit"));
    assert!(paused, "never reached the commit");
    child.kill().unwrap();
    assert!(!child.wait().unwrap().success());
    assert_eq!(l.dump(), before, "nothing written");
    // The lock died with the client: the next write goes through at once.
    l.run(&["units", "rename", "组织科", "组织部", "--new-unit"])
        .ok();
    let out = l
        .run(&["list", "--owner", "组织部", "--format", "json"])
        .ok();
    assert!(!out.json().as_array().unwrap().is_empty());
}

/// F21, F14: each ledger has a writer role of its own. A clerk granted one ledger's role does
/// every everyday write there, may not delete what no command deletes (the lock row, the
/// history, the notices register), and cannot write another ledger on the same server.
#[test]
fn a_clerk_writes_through_the_ledgers_own_role_and_no_other_ledger() {
    use tracker::store::postgres::conn::{Target, connect};
    use tracker::store::postgres::writers::role_name;
    let Some(base) = pg_base() else {
        return;
    };
    let mine = Ledger::seeded("2026-03-02");
    let other = Ledger::seeded("2026-03-02");
    let target = Target::parse(&base).unwrap();
    let schema = |l: &Ledger| l.pg.as_ref().unwrap().schema.clone();
    let clerk = format!("tracker_test_clerk_{}", std::process::id());
    let mut admin = connect(&target).unwrap();
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {clerk}; CREATE ROLE {clerk} LOGIN; GRANT \"{}\" TO {clerk}",
            role_name(&target.dbname, &schema(&mine))
        ))
        .unwrap();
    let as_clerk = |l: &Ledger| {
        l.ledger().to_string_lossy().replacen(
            &format!("://{}", target.user),
            &format!("://{clerk}"),
            1,
        )
    };
    let url = as_clerk(&mine);
    for args in [
        &["note", "1.1", "职员记录"][..],
        &["update", "1.2", "--progress", "30"],
        &["update", "2.1", "--no-support"],
        &["units", "rename", "组织科", "组织部", "--new-unit"],
        &[
            "add",
            "--rec",
            "3",
            "--title",
            "职员新增",
            "--lead",
            "组织部",
        ],
        &["undo"],
    ] {
        let mut full = vec!["--db", url.as_str()];
        full.extend_from_slice(args);
        mine.run(&full).ok();
    }
    let mut c = connect(&Target::parse(&url).unwrap()).unwrap();
    c.batch_execute(&format!("SET search_path TO \"{}\"", schema(&mine)))
        .unwrap();
    for sql in [
        "DELETE FROM ledger_lock",
        "DELETE FROM notices",
        "DELETE FROM imports",
        "UPDATE events SET note = 'x'",
        "TRUNCATE events",
    ] {
        let e = c.batch_execute(sql).unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {e}"
        );
    }
    drop(c);
    // The other ledger on the same server is not the clerk's to write, nor to read.
    let before = other.dump();
    other
        .run(&["--db", &as_clerk(&other), "note", "1.1", "越权"])
        .fails(1, &[&format!("{clerk} may not use schema")]);
    assert_eq!(other.dump(), before);
    admin.batch_execute(&format!("DROP ROLE {clerk}")).unwrap();
}
