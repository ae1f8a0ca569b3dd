//! `Store::marks` on a server: the history folded per task on the server, one row a task,
//! instead of every event of the selected tasks shipped to the client and folded there (at
//! 10,000 tasks, 70,000 rows for `list`, 110,000 for the report: most of their time on a
//! server, and the client's memory).

use chrono::NaiveDate;

use crate::model::ymd;
use crate::store::TaskFilter;
use crate::store::db::{Dialect, Value};
use crate::store::read::{push_arg, report_event_before, report_fields_unindexed, task_where};

/// Per selected task with events up to the end of `as_of`: its storage row, the first day it
/// was created, the last time (whole text) it was set done, and the last day of a report, as
/// `marks_query`'s bits 1, 2 and 4 fold them on the client. Text columns are `COLLATE "C"`,
/// so `min` and `max` compare bytes as the client's fold does; `substr(at, 1, 10)` is the
/// client's first ten bytes of an `at` (every stored `at` is ASCII: restore checks it).
pub(in crate::store) fn grouped(filter: &TaskFilter, as_of: NaiveDate) -> (String, Vec<Value>) {
    let d = Dialect::Postgres;
    let (where_sql, mut args) = task_where(d, filter);
    let end = push_arg(&mut args, ymd(as_of + chrono::Days::new(1)).into());
    let report_event = report_event_before(d, &end);
    // The events that can be a report: the one rule, as `marks_query` narrows by it.
    let fields = report_fields_unindexed(d);
    let mut sql = format!(
        "SELECT e.task_id, \
           min(substr(e.at, 1, 10)) FILTER (WHERE e.field = 'created'), \
           max(e.at) FILTER (WHERE e.field = 'status' AND e.new = 'done'), \
           max(substr(e.at, 1, 10)) FILTER (WHERE {report_event}) \
         FROM events e WHERE e.at < {end} AND ({fields})"
    );
    if !where_sql.is_empty() {
        sql.push_str(&format!(
            " AND e.task_id IN (SELECT t.id FROM tasks t{where_sql})"
        ));
    }
    sql.push_str(" GROUP BY e.task_id");
    (sql, args)
}
