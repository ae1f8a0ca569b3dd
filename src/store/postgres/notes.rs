//! `Store::latest_note_ids` on a server: each task's latest standing note chosen on the
//! server, one row a task, instead of every note's (task, id) shipped to the client (90,000
//! rows at 10,000 tasks) to pick each task's latest there.

/// `notes` (a statement giving `(task row, event id)` of notes, with its own arguments)
/// folded to each task's latest (highest id): `(task row, event id)`, one row a task; the
/// arguments are `notes`'. The highest id is the latest note as the client picks it (ids rise
/// with each change; a change's notes share its instant).
pub(in crate::store) fn latest(notes: &str) -> String {
    format!("SELECT n.task_id, max(n.id) FROM ({notes}) n GROUP BY n.task_id")
}
