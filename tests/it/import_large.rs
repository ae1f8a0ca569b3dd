//! Large imports (issue 15's speed targets) store exactly what small ones do: a table whose
//! lead and deadline cells are filled takes its fields from them without reading the text,
//! and an import that outnumbers the ledger's history (its indexes set aside and built again
//! inside its transaction) leaves the ledger's schema, indexes and rows as they should be.

use std::path::Path;

use crate::support::Ledger;

const TODAY: &str = "2026-11-26";
const HEAD: &str = "序号,工作任务,牵头单位,配合单位,完成时限,状态,进度,进展情况\n";

/// Every schema object with its statement, in name order (spacing as stored).
fn schema(db: &Path) -> Vec<(String, String)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut s = c
        .prepare("SELECT type, name, COALESCE(sql, '') FROM sqlite_master ORDER BY name")
        .unwrap();
    s.query_map([], |r| {
        Ok((
            format!("{} {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?),
            r.get(2)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A table of `n` rows in groups of 10, every fifth row with a status, progress and note.
fn table(n: usize) -> String {
    let mut body = String::from(HEAD);
    for k in 0..n {
        let (g, i) = (k / 10 + 1, k % 10 + 1);
        let (status, progress, note) = if k % 5 == 0 {
            ("进行中", "40", "已召开推进会")
        } else {
            ("", "", "")
        };
        body.push_str(&format!(
            "{g}.{i},完善第{g}组第{i}项工作机制,县财政局,县住建局、各乡镇,2027年6月30日前,{status},{progress},{note}\n"
        ));
    }
    body
}

#[test]
fn a_large_import_leaves_the_schema_and_indexes_of_a_new_ledger() {
    // The ledger file's own path for a large import (its indexes set aside and rebuilt),
    // read with SQLite's checks.
    if crate::support::sqlite_only() {
        return;
    }
    let fresh = Ledger::new(TODAY);
    fresh.run(&["init", "--empty"]).ok();
    // 2,500 rows: 3,500 events, above the size where the indexes are set aside.
    let l = Ledger::new(TODAY);
    l.run(&["init", "--empty"]).ok();
    let path = l.dir.path().join("big.csv");
    std::fs::write(&path, table(2_500)).unwrap();
    let out = l.run(&["import", path.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("with 2500 tasks"), "{}", out.stdout);
    assert_eq!(schema(&l.db), schema(&fresh.db));
    let c = rusqlite::Connection::open(&l.db).unwrap();
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    assert_eq!(count(&l.db, "SELECT count(*) FROM tasks"), 2_500);
    // A created event per task, and a status and a progress (the note on the first of them)
    // per fifth row.
    assert_eq!(count(&l.db, "SELECT count(*) FROM events"), 2_500 + 2 * 500);
    assert_eq!(
        count(&l.db, "SELECT count(DISTINCT change_id) FROM events"),
        1
    );
    // The rebuilt indexes answer the reads that use them.
    let shown = l.run(&["show", "250.10", "--format", "json"]).ok().json();
    assert_eq!(shown["lead"], "县财政局");
    assert_eq!(shown["history"].as_array().unwrap().len(), 1);
    let shown = l.run(&["show", "1.1", "--format", "json"]).ok().json();
    assert_eq!(shown["status"], "in-progress");
    assert_eq!(shown["history"].as_array().unwrap().len(), 3);
    let owned = l
        .run(&["list", "--owner", "县住建局", "--format", "json"])
        .ok()
        .json();
    assert_eq!(owned.as_array().unwrap().len(), 2_500);
    // And `undo` finds the import's change through them.
    l.run(&["undo"]).ok();
    let open = l.run(&["list", "--format", "json"]).ok().json();
    assert_eq!(open.as_array().unwrap().len(), 0);
}

#[test]
fn large_and_small_imports_store_the_same_rows() {
    // The ledger file's own path for a large import (its indexes set aside and rebuilt),
    // read with SQLite's checks.
    if crate::support::sqlite_only() {
        return;
    }
    // The same 300 rows at the start of a 2,500-row table (indexes set aside) and as a table
    // of their own (indexes kept), each imported as recommendations 100 on into a seeded
    // ledger, are stored alike (bar the file's fingerprint in the import's note).
    let rows = |db: &Path| -> Vec<String> {
        let c = rusqlite::Connection::open(db).unwrap();
        let mut s = c
            .prepare(
                "SELECT t.recommendation, t.item, t.title, t.deadline, t.status, t.progress, \
                 (SELECT group_concat(u.name || ':' || tu.role || ':' || tu.position, ',') \
                  FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id), \
                 (SELECT group_concat(e.field || ':' || COALESCE(e.old, '') || ':' || COALESCE(e.new, '') || ':' || (CASE WHEN e.field = 'created' THEN '' ELSE COALESCE(e.note, '') END), '|') \
                  FROM events e WHERE e.task_id = t.id) \
                 FROM tasks t WHERE t.recommendation BETWEEN 100 AND 129 ORDER BY t.recommendation, t.item",
            )
            .unwrap();
        s.query_map([], |r| {
            Ok(format!(
                "{} {} {} {:?} {} {} {:?} {:?}",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let mut stored = Vec::new();
    for n in [2_500, 300] {
        let l = Ledger::seeded("2026-03-10");
        let path = l.dir.path().join("t.csv");
        std::fs::write(&path, table(n)).unwrap();
        l.run(&["import", path.to_str().unwrap(), "--as", "100"])
            .ok();
        stored.push(rows(&l.db));
    }
    assert!(!stored[1].is_empty());
    assert_eq!(stored[0], stored[1]);
}

/// (lead cell, deadline cell, the text, lead, support, deadline stored).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
);

#[test]
fn filled_lead_and_deadline_cells_decide_over_the_text() {
    let cases: &[Case] = &[
        // Both cells filled: the text's own units and dates are not taken.
        (
            "县住建局",
            "2027年6月30日",
            "由县财政局牵头，县交通局配合，2025年底前完成",
            "县住建局",
            &[],
            Some("2027-06-30"),
        ),
        (
            "县住建局、县交通局",
            "2027年3月底前",
            "（牵头单位：县财政局；完成时限：2025年6月底前）",
            "县住建局",
            &["县交通局"],
            Some("2027-03-31"),
        ),
        // A deadline cell without a lead cell: the text still gives the lead.
        (
            "",
            "2027年6月30日",
            "由县财政局牵头，县交通局配合",
            "县财政局",
            &["县交通局"],
            Some("2027-06-30"),
        ),
        // A lead cell without a deadline cell: the text still gives the deadline.
        (
            "县住建局",
            "",
            "2027年9月底前完成改造",
            "县住建局",
            &[],
            Some("2027-09-30"),
        ),
    ];
    for &(lead, when, text, want_lead, want_support, want_deadline) in cases {
        let l = Ledger::new(TODAY);
        l.run(&["init", "--empty"]).ok();
        let path = l.dir.path().join("c.csv");
        std::fs::write(
            &path,
            format!("序号,工作任务,具体内容,牵头单位,完成时限\n1,完善工作机制,{text},\"{lead}\",{when}\n"),
        )
        .unwrap();
        let dry = l
            .run(&[
                "import",
                path.to_str().unwrap(),
                "--dry-run",
                "--format",
                "json",
            ])
            .ok()
            .json();
        let item = &dry["recommendations"][0]["items"][0];
        assert_eq!(item["lead"], want_lead, "{lead}/{when}/{text}: {item}");
        let support: Vec<&str> = item["support"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(support, want_support, "{lead}/{when}/{text}: {item}");
        assert_eq!(
            item["deadline"].as_str(),
            want_deadline,
            "{lead}/{when}/{text}: {item}"
        );
    }
}
