//! Follow-up's per-task dates on a server (`Store::marks`, `Store::latest_note_ids`), kept
//! per task as the history is written rather than folded from every event at each read.
//!
//! `task_marks` holds, per task, what the history gives when read whole: the first day it
//! was created, the last time it was set done, the last day of a report, its latest standing
//! note, and `horizon`, its latest event's `at`. A statement-level trigger on `events`
//! (`AFTER INSERT … REFERENCING NEW TABLE`, so COPY, `INSERT … SELECT` and single inserts
//! alike, PostgreSQL docs "CREATE TRIGGER") folds again the tasks the statement wrote to, by
//! the same SQL rules the read uses ([`fold_columns`]). Events are never updated or deleted
//! (the append-only trigger), so a row is always what the fold gives.
//!
//! A read as of a day folds on the server only the tasks whose `horizon` is not before that
//! day's end: with `--today` or a past week, what came later must not count. For `list` and
//! this week's report that is almost no task: at 10,000 tasks the fold of every event was
//! 80–120 ms of the server's time per command.

use chrono::NaiveDate;

use crate::model::ymd;
use crate::store::TaskFilter;
use crate::store::db::{Dialect, Value};
use crate::store::read::{NOTE_KIND, push_arg, report_event_before, task_where};

/// An `at` later than any stored one (every `at` starts with a four-digit year): as the end
/// of [`report_event_before`], every undo counts, as in the history read whole.
const ALL_TIME: &str = "'9999-12-31'";

/// The fold's columns over events `e` of one task (grouped by `e.task_id`), as of `end` (an
/// SQL expression holding a local `YYYY-MM-DD` day; only undos before it take a change back):
/// the first day created, the last time (whole text) set done, the last day of a report
/// (`report_event_before`, the one rule). Text columns are `COLLATE "C"`, so `min` and `max`
/// compare bytes as the client's fold does; `substr(at, 1, 10)` is an `at`'s first ten bytes
/// (every stored `at` is ASCII: restore checks it).
fn fold_columns(end: &str) -> String {
    let report_event = report_event_before(Dialect::Postgres, end);
    format!(
        "min(substr(e.at, 1, 10)) FILTER (WHERE e.field = 'created'), \
         max(e.at) FILTER (WHERE e.field = 'status' AND e.new = 'done'), \
         max(substr(e.at, 1, 10)) FILTER (WHERE {report_event})"
    )
}

/// The step that adds `task_marks`, its trigger, and fills it from the history (schema
/// version 2). Run by `init` after `schema_pg.sql` and by the upgrade of a version 1 ledger.
pub(in crate::store) fn schema_step() -> String {
    let fold = fold_columns(ALL_TIME);
    let note = format!(
        "max(e.id) FILTER (WHERE {NOTE_KIND} AND e.change_id NOT IN {})",
        crate::store::read::TAKEN_BACK
    );
    let columns = format!("e.task_id, max(e.at), {fold}, {note}");
    let upsert = "ON CONFLICT (task_id) DO UPDATE SET horizon = EXCLUDED.horizon, \
         created = EXCLUDED.created, done_at = EXCLUDED.done_at, \
         last_report = EXCLUDED.last_report, latest_note = EXCLUDED.latest_note";
    format!(
        "CREATE TABLE task_marks (
             task_id     BIGINT PRIMARY KEY,
             horizon     TEXT COLLATE \"C\" NOT NULL,
             created     TEXT COLLATE \"C\",
             done_at     TEXT COLLATE \"C\",
             last_report TEXT COLLATE \"C\",
             latest_note BIGINT
         );
         CREATE INDEX task_marks_horizon ON task_marks (horizon);
         CREATE FUNCTION tracker_refresh_marks() RETURNS trigger LANGUAGE plpgsql AS $marks$
         BEGIN
             INSERT INTO task_marks (task_id, horizon, created, done_at, last_report, latest_note)
             SELECT {columns} FROM events e
              WHERE e.task_id IN (SELECT DISTINCT n.task_id FROM written n)
              GROUP BY e.task_id
             {upsert};
             RETURN NULL;
         END $marks$;
         CREATE TRIGGER events_marks AFTER INSERT ON events
             REFERENCING NEW TABLE AS written
             FOR EACH STATEMENT EXECUTE FUNCTION tracker_refresh_marks();
         INSERT INTO task_marks (task_id, horizon, created, done_at, last_report, latest_note)
         SELECT {columns} FROM events e GROUP BY e.task_id
         {upsert};
         ANALYZE task_marks;"
    )
}

/// The selected tasks as a condition on `alias.task_id` (` AND alias.task_id IN (…)`, empty
/// for every task), from `task_where`'s clauses.
fn in_scope(alias: &str, where_sql: &str) -> String {
    if where_sql.is_empty() {
        String::new()
    } else {
        format!(" AND {alias}.task_id IN (SELECT t.id FROM tasks t{where_sql})")
    }
}

/// Per selected task with events up to the end of `as_of`: its storage row, the first day it
/// was created, the last time (whole text) it was set done, and the last day of a report, as
/// `marks_query`'s bits 1, 2 and 4 fold them on the client: from `task_marks` where it holds
/// as of then, else folded from the task's events.
pub(in crate::store) fn grouped(filter: &TaskFilter, as_of: NaiveDate) -> (String, Vec<Value>) {
    let (where_sql, mut args) = task_where(Dialect::Postgres, filter);
    let end = push_arg(&mut args, ymd(as_of + chrono::Days::new(1)).into());
    // A task's row holds as of `end` when every event of it is dated before; the others
    // are folded (found through the `horizon` index: for `list` and this week's report,
    // almost none). A task with no row has no event at all (every statement that writes
    // events writes its tasks' rows), so the fold would give it nothing either.
    let held = format!("m.horizon < {end}{}", in_scope("m", &where_sql));
    let unheld = format!("u.horizon >= {end}{}", in_scope("u", &where_sql));
    let fold = fold_columns(&end);
    // Each task to fold read through `events_task` on its own (a join let the planner scan
    // every event for the one task whose week had news).
    let sql = format!(
        "SELECT m.task_id, m.created, m.done_at, m.last_report FROM task_marks m WHERE {held} \
         UNION ALL \
         SELECT u.task_id, f.created, f.done_at, f.last_report FROM task_marks u \
         CROSS JOIN LATERAL (SELECT {fold}, count(*) FILTER (WHERE ({fields})) AS n \
           FROM events e WHERE e.task_id = u.task_id AND e.at < {end}) \
           AS f(created, done_at, last_report, n) \
         WHERE {unheld} AND f.n > 0",
        fields = crate::store::read::REPORT_FIELDS,
    );
    (sql, args)
}

/// Each selected task's latest standing note dated before `before` (local date), as (task
/// row, event id), one row a task: from `task_marks` where it holds (every event of the task
/// dated before that day), else chosen from the task's notes by the rule of
/// `latest_notes_query` (`NOTE_KIND`, not taken back by any undo).
pub(in crate::store) fn latest_notes(
    filter: &TaskFilter,
    before: NaiveDate,
) -> (String, Vec<Value>) {
    let (where_sql, mut args) = task_where(Dialect::Postgres, filter);
    let end = push_arg(&mut args, ymd(before).into());
    let held = format!("m.horizon < {end}{}", in_scope("m", &where_sql));
    let unheld = format!("u.horizon >= {end}{}", in_scope("u", &where_sql));
    let sql = format!(
        "SELECT m.task_id, m.latest_note FROM task_marks m \
          WHERE m.latest_note IS NOT NULL AND {held} \
         UNION ALL \
         SELECT u.task_id, f.id FROM task_marks u \
         CROSS JOIN LATERAL (SELECT max(e.id) FROM events e \
           WHERE e.task_id = u.task_id AND e.at < {end} AND {NOTE_KIND} \
             AND e.change_id NOT IN {taken_back}) AS f(id) \
         WHERE {unheld} AND f.id IS NOT NULL",
        taken_back = crate::store::read::TAKEN_BACK,
    );
    (sql, args)
}
