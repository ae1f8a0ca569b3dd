//! `Store::latest_notes_before` on a server: each task's latest standing note chosen and read
//! in one statement, instead of every note's (task, id) shipped to the client (90,000 rows at
//! 10,000 tasks) to pick each task's latest, then a second statement to read those.

use crate::store::read::EVENT_COLUMNS;

/// The events `notes` (a statement giving `(task row, event id)` of notes, with its own
/// arguments) names, the latest (highest id) of each task's, in `EVENT_COLUMNS`' shape; the
/// arguments are `notes`'. The highest id is the latest note as the client picked it (ids
/// rise with each change; a change's notes share its instant).
pub(in crate::store) fn latest(notes: &str) -> String {
    format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN tasks t ON t.id = e.task_id \
         WHERE e.id IN (SELECT max(n.id) FROM ({notes}) n GROUP BY n.task_id)"
    )
}
