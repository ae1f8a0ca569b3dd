//! One change to many tasks (`units rename`, an `undo` of it, any change `update_all` or
//! `undo_latest` writes, a notice run's events), recorded as `record::record_changes` records
//! it task by task, and the tasks a change adds (an import, the seed), but on a server in a
//! constant few statements whatever the number of tasks: over a network each statement is a
//! round trip, and a rename of a unit named in 3,000 tasks sent 3,700 of them.
//!
//! On a ledger file the tasks are still written one at a time (local calls, and the code that
//! every file test exercises). On a server the same rules run in memory, from the tasks as the
//! transaction read them: the time-order rule (`record::order_rule`), each change applied to
//! the task's lead and supporting units in their order (as `record::apply_field` applies it
//! in SQL, with the same place for each supporting unit's event), the events built by
//! `record::event_of`; then the rows go out as JSON arrays, one statement per table.

use std::collections::HashMap;

use anyhow::{Context, Result, anyhow};
use serde_json::{Value as Json, json};

use super::Stamp;
use super::db::{Db, args};
use super::record::{
    NewEvent, UnitIds, after_every_change, created_event, event_of, first_events, new_task_units,
    order_rule, record_changes_after, record_first_changes,
};
use super::write::{
    check_rec_number, check_task_number, insert_created, insert_recommendation, row_state,
};
use crate::model::TaskId;
use crate::seed::NewTask;
use crate::task::{Field, FieldChange, Recommendation, Task};

/// The changes to record on a task.
pub(super) struct Planned {
    pub id: TaskId,
    /// Its lead and supporting units as they stood when the changes were planned, which its
    /// unit changes apply to; `None` for changes that touch no unit (a notice's).
    pub units: Option<(Option<String>, Vec<String>)>,
    pub changes: Vec<FieldChange>,
}

impl Planned {
    /// `changes` to `task` as it stood when they were planned.
    pub fn on(task: Task, changes: Vec<FieldChange>) -> Planned {
        Planned {
            id: task.id,
            units: Some((task.lead, task.support)),
            changes,
        }
    }
    /// `changes` to task `id` that touch none of its units.
    pub fn without_units(id: TaskId, changes: Vec<FieldChange>) -> Planned {
        Planned {
            id,
            units: None,
            changes,
        }
    }
}

/// The storage rows of `ids`, in one statement. Errors: a task that is not there.
pub(super) fn rows_of(db: &Db<'_>, ids: &[TaskId]) -> Result<HashMap<TaskId, i64>> {
    let mut rows = HashMap::with_capacity(ids.len());
    if ids.is_empty() {
        return Ok(rows);
    }
    match db.dialect() {
        super::db::Dialect::Sqlite => {
            for id in ids {
                rows.insert(*id, super::write::task_row(db, *id)?);
            }
        }
        super::db::Dialect::Postgres => {
            let pairs: Vec<Json> = ids.iter().map(|id| json!([id.rec, id.item])).collect();
            for r in db
                .query(
                    "SELECT t.id, t.recommendation, t.item FROM tasks t \
                     JOIN jsonb_array_elements(CAST(?1 AS text)::jsonb) x \
                     ON t.recommendation = (x.value ->> 0)::bigint AND t.item = (x.value ->> 1)::bigint",
                    args![Json::Array(pairs).to_string()],
                )
                .context("finding the tasks")?
            {
                rows.insert(TaskId::new(r.get(1)?, r.get(2)?), r.get(0)?);
            }
        }
    }
    if let Some(missing) = ids.iter().find(|id| !rows.contains_key(id)) {
        return Err(anyhow!(
            "finding task {missing}: the ledger returned no row"
        ));
    }
    Ok(rows)
}

/// Records `planned` as change `change` (`undoes` naming the change an undo takes back), the
/// tasks in their order and each task's changes in theirs, as `record_changes` would one by
/// one: the same rows, the same events in the same order. A task may come more than once (a
/// notice to its lead and one to a supporting unit): each time is judged by the time-order
/// rule against its latest change so far, this change's earlier events included.
pub(super) fn record_all(
    db: &Db<'_>,
    change: i64,
    planned: &[Planned],
    stamp: &Stamp,
    undoes: Option<i64>,
) -> Result<()> {
    let ids: Vec<TaskId> = planned.iter().map(|p| p.id).collect();
    let rows = rows_of(db, &ids)?;
    let row = |id: &TaskId| rows[id];
    if let Db::Sqlite(_) = db {
        let after_all = after_every_change(db, stamp)?;
        for p in planned {
            let id = p.id;
            record_changes_after(
                db,
                after_all,
                change,
                (id, row(&id)),
                &p.changes,
                None,
                stamp,
                undoes,
            )?;
        }
        return Ok(());
    }
    if planned.is_empty() {
        return Ok(());
    }
    let mut all_rows: Vec<i64> = ids.iter().map(row).collect();
    all_rows.sort_unstable();
    all_rows.dedup();
    let all_rows = json!(all_rows).to_string();
    // Each task's latest change, for the time-order rule.
    let mut latest: HashMap<i64, (i64, String)> = HashMap::new();
    let sql = format!(
        "SELECT DISTINCT ON (e.task_id) e.task_id, e.change_id, e.at FROM events e \
         WHERE e.task_id IN {} ORDER BY e.task_id, {} DESC, e.id DESC",
        db.dialect().json_ids("?1"),
        db.dialect().instant("e.at")
    );
    for r in db
        .query(&sql, args![&all_rows])
        .context("reading the tasks' latest changes")?
    {
        latest.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
    }
    let mut events: Vec<Json> = Vec::new();
    let mut units: Vec<Json> = Vec::new();
    let mut unit_tasks: Vec<i64> = Vec::new();
    // Names a change adds (first named first, as one by one they were added), and removes.
    let mut added: Vec<&str> = Vec::new();
    let mut removed: Vec<&str> = Vec::new();
    // Each column's last value per task.
    let mut columns: HashMap<&'static str, Vec<(i64, Option<String>)>> = HashMap::new();
    for p in planned {
        let (id, row) = (p.id, row(&p.id));
        let ordered = order_rule(id, stamp, latest.get(&row).cloned())?;
        let stamp = ordered.as_ref().unwrap_or(stamp);
        if !p.changes.is_empty() {
            latest.insert(row, (change, stamp.at.clone()));
        }
        let (mut lead, mut support) = p.units.clone().unwrap_or_default();
        let mut units_changed = false;
        for (i, c) in p.changes.iter().enumerate() {
            let position = match c.field {
                Field::Lead | Field::Support | Field::SupportOrder => {
                    if p.units.is_none() {
                        return Err(anyhow!(
                            "a change to the units of {id} planned without them"
                        ));
                    }
                    units_changed = true;
                    removed.extend(c.old.as_deref().filter(|_| c.field != Field::SupportOrder));
                    added.extend(c.new.as_deref().filter(|_| c.field != Field::SupportOrder));
                    apply_units(&mut lead, &mut support, c)?
                }
                Field::Title | Field::Text | Field::Status | Field::Deadline => {
                    let column = column_of(c.field);
                    columns
                        .entry(column)
                        .or_default()
                        .push((row, c.new.clone()));
                    None
                }
                Field::Progress => {
                    columns
                        .entry("progress")
                        .or_default()
                        .push((row, c.new.clone()));
                    None
                }
                Field::Created | Field::Note | Field::Notice => None,
            };
            let e = event_of(i, c, None, undoes, position);
            events.push(event_json(events.len(), change, row, &e, stamp));
        }
        if units_changed {
            unit_tasks.push(row);
            let all = lead
                .iter()
                .map(|u| (u, "lead"))
                .chain(support.iter().map(|u| (u, "support")));
            for (position, (name, role)) in (1_i64..).zip(all) {
                units.push(
                    json!({"task_id": row, "name": name, "role": role, "position": position}),
                );
            }
        }
    }
    if !unit_tasks.is_empty() {
        let mut seen = std::collections::HashSet::new();
        added.retain(|n| seen.insert(*n));
        add_units(db, &added)?;
        db.execute(
            &format!(
                "DELETE FROM task_units WHERE task_id IN {}",
                db.dialect().json_ids("?1")
            ),
            args![json!(unit_tasks).to_string()],
        )
        .context("changing the tasks' units")?;
        insert_task_units(db, units)?;
    }
    let mut names: Vec<&&str> = columns.keys().collect();
    names.sort();
    for column in names {
        let values: Vec<Json> = columns[*column]
            .iter()
            .enumerate()
            .map(|(n, (row, v))| json!({"n": n, "id": row, "v": v}))
            .collect();
        // The last value each task was given (a task changed twice in one change).
        let cast = if *column == "progress" {
            "CAST(x.v AS bigint)"
        } else {
            "x.v"
        };
        db.execute(
            &format!(
                "UPDATE tasks SET {column} = {cast} FROM \
                 (SELECT DISTINCT ON (x.id) x.id, x.v FROM jsonb_to_recordset(CAST(?1 AS text)::jsonb) \
                  AS x(n bigint, id bigint, v text) ORDER BY x.id, x.n DESC) AS x \
                 WHERE tasks.id = x.id"
            ),
            args![Json::Array(values).to_string()],
        )
        .with_context(|| format!("changing {column}"))?;
    }
    insert_events(db, events)?;
    if !removed.is_empty() {
        // A unit no task names any more is forgotten (the history keeps its name).
        db.execute(
            "DELETE FROM units WHERE name IN (SELECT value COLLATE \"C\" FROM jsonb_array_elements_text(CAST(?1 AS text)::jsonb)) \
             AND NOT EXISTS (SELECT 1 FROM task_units WHERE unit_id = units.id)",
            args![json!(removed).to_string()],
        )
        .context("tidying the units")?;
    }
    Ok(())
}

/// Gives tasks the units `units` lists (task_id, name, role, position), one statement.
fn insert_task_units(db: &Db<'_>, units: Vec<Json>) -> Result<()> {
    db.execute(
        "INSERT INTO task_units (task_id, unit_id, role, position) \
         SELECT x.task_id, u.id, x.role, x.position \
         FROM jsonb_to_recordset(CAST(?1 AS text)::jsonb) AS x(task_id bigint, name text, role text, position bigint) \
         JOIN units u ON u.name = x.name COLLATE \"C\"",
        args![Json::Array(units).to_string()],
    )
    .context("giving the tasks their units")?;
    Ok(())
}

/// Event `n` of a statement's JSON list (see [`insert_events`]): `e`, on task `row`, as part of
/// change `change`, dated `stamp`.
fn event_json(n: usize, change: i64, row: i64, e: &NewEvent<'_>, stamp: &Stamp) -> Json {
    json!({
        "n": n,
        "change_id": change,
        "task_id": row,
        "field": e.field.name(),
        "old": e.old,
        "new": e.new,
        "note": e.note,
        "actor": stamp.actor,
        "at": stamp.at,
        "entered": stamp.entered,
        "undoes": e.undoes,
        "position": e.position,
    })
}

/// Appends `events` ([`event_json`]'s) to the history in their order, one statement.
fn insert_events(db: &Db<'_>, events: Vec<Json>) -> Result<()> {
    db.execute(
        "INSERT INTO events (change_id, task_id, field, old, new, note, actor, at, entered, undoes, position) \
         SELECT x.change_id, x.task_id, x.field, x.old, x.new, x.note, x.actor, x.at, x.entered, x.undoes, x.position \
         FROM jsonb_to_recordset(CAST(?1 AS text)::jsonb) AS x(n bigint, change_id bigint, task_id bigint, \
           field text, old text, new text, note text, actor text, at text, entered text, undoes bigint, position bigint) \
         ORDER BY x.n",
        args![Json::Array(events).to_string()],
    )
    .context("recording the change")?;
    Ok(())
}

/// Adds the units `names` not yet in the ledger, in that order (their ids as adding them one
/// by one gives them), one statement.
fn add_units(db: &Db<'_>, names: &[&str]) -> Result<()> {
    db.execute(
        "INSERT INTO units (name) SELECT x.value FROM jsonb_array_elements_text(CAST(?1 AS text)::jsonb) \
         WITH ORDINALITY AS x(value, n) ORDER BY x.n ON CONFLICT (name) DO NOTHING",
        args![json!(names).to_string()],
    )
    .context("adding the units")?;
    Ok(())
}

/// Adds the recommendations `recs`, in order: on a file one at a time
/// (`write::insert_recommendation`), on a server in one statement.
pub(super) fn add_recommendations(db: &Db<'_>, recs: &[Recommendation]) -> Result<()> {
    if let Db::Sqlite(_) = db {
        for rec in recs {
            insert_recommendation(db, rec)?;
        }
        return Ok(());
    }
    if recs.is_empty() {
        return Ok(());
    }
    let mut rows = Vec::with_capacity(recs.len());
    for (n, rec) in recs.iter().enumerate() {
        check_rec_number(rec)?;
        rows.push(
            json!({"n": n, "number": rec.number, "headline": rec.headline, "text": rec.text}),
        );
    }
    db.execute(
        "INSERT INTO recommendations (number, headline, text) \
         SELECT x.number, x.headline, x.text FROM jsonb_to_recordset(CAST(?1 AS text)::jsonb) \
           AS x(n bigint, number bigint, headline text, text text) ORDER BY x.n",
        args![Json::Array(rows).to_string()],
    )
    .context("adding the recommendations")?;
    Ok(())
}

/// A task a change adds (an import's, the seed's): the task, the changes of its recorded state
/// (status and progress from a new task's, which its row is inserted with) and its progress
/// note.
pub(super) struct NewRow<'a> {
    pub task: NewTask,
    pub state: Vec<FieldChange>,
    pub note: Option<&'a str>,
}

/// Adds `rows` as change `change`, in order: each task's row and units, its `created` event
/// noting `created_note`, then the events of its recorded state (`record::first_events`).
/// On a file one task at a time (`write::insert_created`); on a server a statement per table
/// however many tasks (an import of 1,000 rows sent 5,700 statements one by one), with the
/// same ids, rows and events in the same order.
pub(super) fn add_tasks(
    db: &Db<'_>,
    change: i64,
    rows: &[NewRow<'_>],
    created_note: Option<&str>,
    stamp: &Stamp,
) -> Result<()> {
    if let Db::Sqlite(_) = db {
        let mut units = UnitIds::default();
        for r in rows {
            let row = insert_created(
                db,
                change,
                &r.task,
                created_note,
                stamp,
                &mut units,
                &r.state,
            )?;
            if !r.state.is_empty() || r.note.is_some() {
                record_first_changes(db, change, row, &r.state, r.note, stamp)?;
            }
        }
        return Ok(());
    }
    if rows.is_empty() {
        return Ok(());
    }
    let mut tasks = Vec::with_capacity(rows.len());
    let mut names: Vec<&str> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, r) in rows.iter().enumerate() {
        let t = &r.task;
        check_task_number(t)?;
        let (status, progress) = row_state(&r.state)?;
        tasks.push(json!({
            "n": n, "recommendation": t.id.rec, "item": t.id.item, "title": t.title,
            "text": t.text, "deadline": t.deadline.map(crate::model::ymd),
            "status": status, "progress": progress,
        }));
        for (_, name, _) in new_task_units(t.lead.as_deref(), &t.support) {
            if seen.insert(name) {
                names.push(name);
            }
        }
    }
    if !names.is_empty() {
        add_units(db, &names)?;
    }
    let mut ids: HashMap<TaskId, i64> = HashMap::with_capacity(rows.len());
    for r in db
        .query(
            "INSERT INTO tasks (recommendation, item, title, text, deadline, status, progress) \
             SELECT x.recommendation, x.item, x.title, x.text, x.deadline, x.status, x.progress \
             FROM jsonb_to_recordset(CAST(?1 AS text)::jsonb) AS x(n bigint, recommendation bigint, \
               item bigint, title text, text text, deadline text, status text, progress bigint) \
             ORDER BY x.n RETURNING id, recommendation, item",
            args![Json::Array(tasks).to_string()],
        )
        .context("adding the tasks")?
    {
        ids.insert(TaskId::new(r.get(1)?, r.get(2)?), r.get(0)?);
    }
    let row = |id: &TaskId| {
        ids.get(id)
            .copied()
            .ok_or_else(|| anyhow!("adding task {id}: the ledger returned no row"))
    };
    let mut units = Vec::new();
    let mut events = Vec::new();
    for r in rows {
        let t = &r.task;
        let row = row(&t.id)?;
        for (position, name, role) in new_task_units(t.lead.as_deref(), &t.support) {
            units.push(json!({"task_id": row, "name": name, "role": role, "position": position}));
        }
        let created = created_event(&t.title, created_note);
        events.push(event_json(events.len(), change, row, &created, stamp));
        for e in first_events(&r.state, r.note) {
            events.push(event_json(events.len(), change, row, &e, stamp));
        }
    }
    if !units.is_empty() {
        insert_task_units(db, units)?;
    }
    insert_events(db, events)
}

fn column_of(field: Field) -> &'static str {
    match field {
        Field::Title => "title",
        Field::Text => "text",
        Field::Status => "status",
        Field::Deadline => "deadline",
        _ => "progress",
    }
}

/// One unit change applied to a task's lead and supporting units (in order), as
/// `record::apply_field` applies it to the rows: a lead replaced; a supporting unit removed
/// from its place, or added at the end, or at the change's `position`, or (a rename, old and
/// new) at the place of the one it replaces; an order change. Returns the supporting unit's
/// place (0 = first), for its event.
fn apply_units(
    lead: &mut Option<String>,
    support: &mut Vec<String>,
    c: &FieldChange,
) -> Result<Option<i64>> {
    match c.field {
        Field::Lead => {
            if c.old.is_some() && lead.as_deref() == c.old.as_deref() {
                *lead = None;
            }
            if let Some(new) = &c.new {
                *lead = Some(new.clone());
            }
            // A rename's mark (`task::RENAMED_LEAD`) goes on its event.
            Ok(c.position)
        }
        Field::Support => {
            let mut place = None;
            if let Some(old) = &c.old {
                place = support.iter().position(|u| u == old);
                support.retain(|u| u != old);
            }
            if let Some(new) = &c.new {
                support.push(new.clone());
                let last = support.len() - 1;
                let at = c
                    .position
                    .and_then(|p| usize::try_from(p).ok())
                    .or(place)
                    .map_or(last, |p| p.min(last));
                if at != last {
                    let unit = support.remove(last);
                    support.insert(at, unit);
                }
                place = Some(at);
            }
            Ok(place.map(|p| p as i64))
        }
        Field::SupportOrder => {
            let wanted = c
                .new
                .as_deref()
                .and_then(crate::task::support::decode)
                .context("a supporting units' order that is not a list")?;
            *support = crate::task::support::reorder(support, &wanted);
            Ok(None)
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(field: Field, old: Option<&str>, new: Option<&str>) -> FieldChange {
        FieldChange::new(field, old.map(Into::into), new.map(Into::into))
    }

    #[test]
    fn a_renamed_supporting_unit_keeps_its_place_and_an_added_one_goes_last() {
        let mut lead = Some("组织科".to_string());
        let mut support: Vec<String> = ["县区", "人事局", "财政局"].map(String::from).to_vec();
        let c = change(Field::Support, Some("人事局"), Some("人社局"));
        assert_eq!(apply_units(&mut lead, &mut support, &c).unwrap(), Some(1));
        assert_eq!(support, ["县区", "人社局", "财政局"]);
        let c = change(Field::Support, None, Some("教育局"));
        assert_eq!(apply_units(&mut lead, &mut support, &c).unwrap(), Some(3));
        let c = change(Field::Support, Some("县区"), None);
        assert_eq!(apply_units(&mut lead, &mut support, &c).unwrap(), Some(0));
        assert_eq!(support, ["人社局", "财政局", "教育局"]);
        let c = change(Field::Lead, Some("组织科"), Some("组织部"));
        assert_eq!(apply_units(&mut lead, &mut support, &c).unwrap(), None);
        assert_eq!(lead.as_deref(), Some("组织部"));
    }
}
