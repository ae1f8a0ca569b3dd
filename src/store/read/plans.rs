//! The hot queries use the indexes chosen for them (read off `EXPLAIN QUERY PLAN`), so a
//! schema or query change that would make them scan the whole table fails here.

use super::events::{changes_query, event_query, latest_notes_query, news_query};
use super::tasks::{states_query, task_query, task_units_query};
use crate::model::{Status, TaskId, ymd};
use crate::store::db::{Dialect::Sqlite, Value};
use crate::store::followup::{UNDO_LINKS, marks_query};
use crate::store::{EventFilter, Store, TaskFilter};
use crate::task::Field;
use chrono::NaiveDate;

fn plan(store: &Store, sql: &str, args: &[Value]) -> String {
    let lite: Vec<rusqlite::types::Value> = args.iter().map(crate::store::db::lite).collect();
    let mut stmt = store
        .conn()
        .unwrap()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let rows = stmt
        .query_map(rusqlite::params_from_iter(lite.iter()), |r| {
            r.get::<_, String>(3)
        })
        .unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
}

#[test]
fn hot_queries_use_their_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open_or_create(&dir.path().join("t.db")).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    store.synth(300, 6, 1, today).unwrap();
    let check = |sql: &str, args: &[Value], index: &str| {
        let p = plan(&store, sql, args);
        assert!(
            p.contains(index),
            "expected {index} in the plan of\n{sql}\ngot: {p}"
        );
    };
    // show / update: one task by its id, and its units.
    let one = TaskFilter {
        task: Some(TaskId::new(3, 2)),
        ..Default::default()
    };
    let (sql, args) = task_query(Sqlite, &one);
    check(&sql, &args, "sqlite_autoindex_tasks_1");
    let (sql, args) = task_units_query(Sqlite, &one);
    check(&sql, &args, "sqlite_autoindex_task_units_1");
    // show / history ID: one task's events.
    let (sql, args) = event_query(
        Sqlite,
        &EventFilter {
            task: Some(TaskId::new(3, 2)),
            ..Default::default()
        },
    );
    check(&sql, &args, "events_task");
    // list --owner: from the unit to its tasks.
    let (sql, args) = task_query(
        Sqlite,
        &TaskFilter {
            unit: Some("组织科".into()),
            ..Default::default()
        },
    );
    check(&sql, &args, "task_units_unit");
    // list --status blocked.
    let (sql, args) = task_query(
        Sqlite,
        &TaskFilter {
            statuses: vec![Status::Blocked],
            ..Default::default()
        },
    );
    check(&sql, &args, "tasks_status");
    // report and series: every task's state, and changes over time, from indexes alone.
    let (sql, args) = states_query(Sqlite, &TaskFilter::default());
    check(&sql, &args, "COVERING INDEX tasks_state");
    let (sql, args) = changes_query(
        Sqlite,
        &TaskFilter::default(),
        &[Field::Created, Field::Status],
        Some(today),
    );
    check(&sql, &args, "COVERING INDEX events_field_at");
    // The period's events (news): found by the time range of each field, not a scan.
    let (sql, args) = news_query(Sqlite, &TaskFilter::default(), today, today);
    check(
        &sql,
        &args,
        "INDEX events_field_at (field=? AND at>? AND at<?)",
    );
    // The report's words for the rows it shows: units and events found by row.
    let shown = TaskFilter {
        rows: vec![3, 40, 41],
        without_text: true,
        ..Default::default()
    };
    let (sql, args) = task_query(Sqlite, &shown);
    assert!(sql.contains("json_each(?1)"), "{sql}");
    check(&sql, &args, "USING INTEGER PRIMARY KEY (rowid=?)");
    let (sql, args) = task_units_query(Sqlite, &shown);
    assert!(!sql.contains("FROM tasks"), "{sql}");
    check(&sql, &args, "sqlite_autoindex_task_units_1");
    let (sql, args) = event_query(
        Sqlite,
        &EventFilter {
            since: Some(today),
            tasks: Some(shown),
            ..Default::default()
        },
    );
    assert!(!sql.contains("SELECT t.id FROM tasks"), "{sql}");
    check(&sql, &args, "events_task");
    // A report's rows read in chunks: a run of rows is one range.
    let run = TaskFilter {
        rows: (40..90).rev().collect(),
        without_text: true,
        ..Default::default()
    };
    let (sql, args) = task_query(Sqlite, &run);
    assert!(sql.contains("t.id BETWEEN 40 AND 89"), "{sql}");
    check(
        &sql,
        &args,
        "USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
    );
    let (sql, args) = task_units_query(Sqlite, &run);
    check(
        &sql,
        &args,
        "sqlite_autoindex_task_units_1 (task_id>? AND task_id<?)",
    );
    // The report's events for the whole scope: the period's by time, the later changes of
    // titles and units by field.
    let (sql, args) = event_query(
        Sqlite,
        &EventFilter {
            since: Some(today - chrono::Days::new(3)),
            until: Some(today),
            ..Default::default()
        },
    );
    check(&sql, &args, "events_at (at>? AND at<?)");
    let (sql, args) = event_query(
        Sqlite,
        &EventFilter {
            since: Some(today),
            fields: vec![
                Field::Title,
                Field::Lead,
                Field::Support,
                Field::SupportOrder,
            ],
            ..Default::default()
        },
    );
    check(&sql, &args, "events_field_at (field=? AND at>?)");
    // history --since: events by time.
    let (sql, args) = event_query(
        Sqlite,
        &EventFilter {
            since: Some(today),
            ..Default::default()
        },
    );
    check(&sql, &args, "events_at");
    // history: the whole of it streamed in the order it happened, not sorted in memory.
    let (sql, args) = event_query(Sqlite, &EventFilter::default());
    check(&sql, &args, "events_instant");
    // Follow-up (issue 17): most tasks' marks and latest notes in one pass over the events in
    // the table's order, never a table row per event found through an index (`events_at`,
    // `events_task`, `events_change`), which read the same pages again and again; the undos
    // through their partial index.
    let open = TaskFilter {
        open_only: true,
        ..Default::default()
    };
    for filter in [TaskFilter::default(), open.clone()] {
        let (sql, args) = marks_query(Sqlite, &filter, &ymd(today));
        let p = plan(&store, &sql, &args);
        assert!(p.starts_with("SCAN e"), "{p}");
        for index in ["events_at", "events_task", "events_change"] {
            assert!(
                !p.contains(index),
                "{index} in the plan of\n{sql}\ngot: {p}"
            );
        }
        let (sql, args) = latest_notes_query(Sqlite, &filter, today);
        let p = plan(&store, &sql, &args);
        assert!(p.contains("SCAN e"), "{p}");
        for index in ["events_at", "events_task", "events_change"] {
            assert!(
                !p.contains(index),
                "{index} in the plan of\n{sql}\ngot: {p}"
            );
        }
    }
    // A few tasks: theirs through `events_task`.
    let few = TaskFilter {
        statuses: vec![Status::Blocked],
        ..Default::default()
    };
    let (sql, args) = marks_query(Sqlite, &few, &ymd(today));
    check(&sql, &args, "events_task");
    let (sql, args) = latest_notes_query(Sqlite, &shown_rows(), today);
    check(&sql, &args, "events_task");
    let p = plan(&store, UNDO_LINKS, &[]);
    assert!(
        p.contains("events_undoes") && !p.contains("events_change"),
        "{p}"
    );
    // every write: the next change number; undo: the latest change.
    check(
        "SELECT COALESCE(MAX(change_id), 0) + 1 FROM events",
        &[],
        "events_change",
    );
    check(
        "SELECT change_id FROM events WHERE (CAST(?1 AS TEXT) IS NULL OR actor = ?1) ORDER BY change_id DESC LIMIT 1",
        &[Value::Null],
        "events_change",
    );
}

/// A report's rows shown, by storage row.
fn shown_rows() -> TaskFilter {
    TaskFilter {
        rows: vec![3, 40, 41],
        without_text: true,
        ..Default::default()
    }
}

/// The reads that narrow the history to the events that can be a report, on either backend,
/// do it by the one rule (`report_fields!`), never by a field list of their own beside it
/// (issue 17: `marks_query` once wrote the list inline).
#[test]
fn the_follow_up_reads_narrow_by_the_one_report_rule() {
    use crate::store::db::Dialect::Postgres;
    let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let filter = TaskFilter::default();
    // The server folds by the rule in SQL.
    let sql = crate::store::postgres::marks::grouped(&filter, day).0;
    let rule = super::REPORT_FIELDS;
    assert!(sql.contains(&format!("({rule})")), "{sql}");
    // The list of fields twice: the narrowing, and the report judged in it
    // (`report_event_before`); a third would be a list of its own.
    assert_eq!(sql.matches("'progress'").count(), 2, "{sql}");
    // A file's fold reads plain columns and judges them by `read::Judged` (checked against
    // the rule by `the_fold_judges_as_the_sql_does`): no list of fields of its own.
    for d in [Sqlite, Postgres] {
        let sql = marks_query(d, &filter, &ymd(day)).0;
        assert_eq!(sql.matches("'progress'").count(), 0, "{sql}");
    }
}
