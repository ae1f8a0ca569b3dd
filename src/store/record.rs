//! How one change is written: the time-order rule, each field's row (or units, in their
//! order), and its events. Every write in `write` and `undo` goes through `record_changes`.

use std::collections::HashMap;

use anyhow::{Context, Result, bail};

use chrono::{DateTime, SecondsFormat};

use super::db::{Db, Value, args};
use super::{Dated, Stamp};
use crate::model::{TaskId, instant};
use crate::task::{Field, FieldChange};

/// Applies `changes` to task `row` (whose id is `id`) and appends their events as part of
/// change `change`, `undoes` naming the change an undo takes back. The note explains the whole
/// change, so it is kept once, on the first event; a note alone is a `note` event. A `note`
/// field change withdraws a note (`old`: its text) or posts one again (`new`).
///
/// Refused when the change is dated before the task's latest change: the history's old → new
/// values would no longer chain, and past reports would replay impossible states.
pub(super) fn record_changes(
    tx: &Db<'_>,
    change: i64,
    (id, row): (TaskId, i64),
    changes: &[FieldChange],
    note: Option<&str>,
    stamp: &Stamp,
    undoes: Option<i64>,
) -> Result<()> {
    let ordered = check_order(tx, id, row, stamp)?;
    let stamp = ordered.as_ref().unwrap_or(stamp);
    write_changes(tx, change, row, changes, note, stamp, undoes)
}

/// The events of the first changes of a task that `change` itself created, dated `stamp` as its
/// `created` event is: an imported 台账 row's status and progress, which the row was inserted
/// with (`changes` may hold only such columns of the task's own row, not units), and its note.
/// The task's latest change is then that `created` event, at this very instant, so the
/// time-order rule holds without reading it back, and the row needs no update: an import of
/// 10,000 rows neither looks up 10,000 latest changes nor rewrites 10,000 rows.
pub(super) fn record_first_changes(
    tx: &Db<'_>,
    change: i64,
    row: i64,
    changes: &[FieldChange],
    note: Option<&str>,
    stamp: &Stamp,
) -> Result<()> {
    for e in first_events(changes, note) {
        insert_event(tx, change, row, &e, stamp)?;
    }
    Ok(())
}

/// The events `record_first_changes` writes for `changes` and `note`: each change's, the
/// note on the first; the note alone as a `note` event when there is no change. The one
/// list, for a file's writes one by one and a server's all at once (`batch::add_tasks`).
pub(super) fn first_events<'a>(
    changes: &'a [FieldChange],
    note: Option<&'a str>,
) -> Vec<NewEvent<'a>> {
    debug_assert!(
        changes
            .iter()
            .all(|c| matches!(c.field, Field::Status | Field::Progress)),
        "only the row's own columns"
    );
    let mut events: Vec<NewEvent<'a>> = changes
        .iter()
        .enumerate()
        .map(|(i, c)| event_of(i, c, note, None, None))
        .collect();
    if changes.is_empty() && note.is_some() {
        events.push(NewEvent {
            field: Field::Note,
            note,
            ..NewEvent::default()
        });
    }
    events
}

/// Writes `changes` and their events; the order is already checked (see `record_changes`).
fn write_changes(
    tx: &Db<'_>,
    change: i64,
    row: i64,
    changes: &[FieldChange],
    note: Option<&str>,
    stamp: &Stamp,
    undoes: Option<i64>,
) -> Result<()> {
    for (i, c) in changes.iter().enumerate() {
        let position = apply_field(tx, row, c)?;
        insert_event(
            tx,
            change,
            row,
            &event_of(i, c, note, undoes, position),
            stamp,
        )?;
    }
    if changes.is_empty() && note.is_some() {
        let e = NewEvent {
            field: Field::Note,
            note,
            ..NewEvent::default()
        };
        insert_event(tx, change, row, &e, stamp)?;
    }
    Ok(())
}

/// The event of the `i`-th change `c` of a task (from 0): the change's note goes on the first
/// (a note posted again is its own text); `position`, a supporting unit's place.
pub(super) fn event_of<'a>(
    i: usize,
    c: &'a FieldChange,
    note: Option<&'a str>,
    undoes: Option<i64>,
    position: Option<i64>,
) -> NewEvent<'a> {
    let note = match (c.field, &c.new) {
        // Posted again: the note is the event's text, as for any note.
        (Field::Note, Some(text)) => Some(text.as_str()),
        _ if i == 0 => note,
        _ => None,
    };
    let new = if c.field == Field::Note {
        None
    } else {
        c.new.as_deref()
    };
    NewEvent {
        field: c.field,
        old: c.old.as_deref(),
        new,
        note,
        undoes,
        position,
    }
}

/// How far (seconds) a change whose time of day came from the clock may be moved up to its
/// task's latest change: long enough for a writer that read the clock and then waited for
/// another writer's transaction (the busy timeout), far shorter than any typed future date.
const CLOCK_TOLERANCE_SECS: i64 = 60;

/// Whether `stamp` is at or after the latest change in the whole ledger (by instant, the
/// order `check_order` reads a task's latest change in): then no task's latest change is
/// later, and the time-order rule holds for every task a bulk change touches without reading
/// each one's (a notice run of 50 units records some 25,000 events on a 10,000-task ledger,
/// and the read per task was a quarter of its time). One read, through `events_instant`.
pub(super) fn after_every_change(tx: &Db<'_>, stamp: &Stamp) -> Result<bool> {
    let latest = latest_change(tx)?;
    Ok(latest.is_none_or(|at| instant(&stamp.at) >= instant(&at)))
}

/// The `at` of the ledger's latest change (by instant), if it has any: one read, through
/// `events_instant`.
pub(super) fn latest_change(db: &Db<'_>) -> Result<Option<String>> {
    let sql = format!(
        "SELECT at FROM events ORDER BY {} DESC, id DESC LIMIT 1",
        db.dialect().instant("at")
    );
    Ok(
        match db
            .query_opt(&sql, &[])
            .context("reading the ledger's latest change")?
        {
            Some(r) => r.get(0)?,
            None => None,
        },
    )
}

/// `record_changes` for a change whose time [`after_every_change`] found at or after every
/// change in the ledger (`after_all`): the time-order rule then holds without reading the
/// task's latest change. With `after_all` false, `record_changes` itself.
#[allow(clippy::too_many_arguments)]
pub(super) fn record_changes_after(
    tx: &Db<'_>,
    after_all: bool,
    change: i64,
    task: (TaskId, i64),
    changes: &[FieldChange],
    note: Option<&str>,
    stamp: &Stamp,
    undoes: Option<i64>,
) -> Result<()> {
    if after_all {
        write_changes(tx, change, task.1, changes, note, stamp, undoes)
    } else {
        record_changes(tx, change, task, changes, note, stamp, undoes)
    }
}

/// Refuses a change to task `row` dated before its latest change (by instant), unless its
/// time of day came from the clock (`Dated`) and it is at most `CLOCK_TOLERANCE_SECS` behind,
/// or on the same date (in its own offset): then it is given the latest change's instant, in
/// its own offset, and returned.
fn check_order(tx: &Db<'_>, id: TaskId, row: i64, stamp: &Stamp) -> Result<Option<Stamp>> {
    let sql = format!(
        "SELECT change_id, at FROM events WHERE task_id = ?1 ORDER BY {} DESC, id DESC LIMIT 1",
        tx.dialect().instant("at")
    );
    let latest = tx
        .query_opt(&sql, args![row])
        .with_context(|| format!("reading the latest change of {id}"))?;
    let latest = match latest {
        Some(r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    };
    order_rule(id, stamp, latest)
}

/// `check_order`'s rule, given the task's latest change (its number and `at`), if any: the
/// one place it is decided, whether the latest change was read for one task or for many.
pub(super) fn order_rule(
    id: TaskId,
    stamp: &Stamp,
    latest: Option<(i64, String)>,
) -> Result<Option<Stamp>> {
    let Some((change, at)) = latest else {
        return Ok(None);
    };
    if instant(&stamp.at) >= instant(&at) {
        return Ok(None);
    }
    // The latest change's instant, written in this change's offset.
    let moved = match (
        DateTime::parse_from_rfc3339(&stamp.at),
        DateTime::parse_from_rfc3339(&at),
    ) {
        (Ok(mine), Ok(theirs)) => Some(
            theirs
                .with_timezone(mine.offset())
                .to_rfc3339_opts(SecondsFormat::Secs, false),
        ),
        _ => None,
    };
    // A clock time yields only as far as a wait for another writer explains; a later change
    // dated further ahead was typed (`--today` in the future), and following it would date
    // every later change there.
    let gap = instant(&at).saturating_sub(instant(&stamp.at));
    let movable = match stamp.dated {
        // A clock's date is as good as a typed one: a change typed for later today (another
        // writer's `--today 'DATE 18:00'`, or one in another time zone) is followed within
        // the day, as for `--today DATE`.
        Dated::Clock => {
            gap <= CLOCK_TOLERANCE_SECS
                || moved.as_deref().and_then(|m| m.get(..10)) == stamp.at.get(..10)
        }
        Dated::Day => moved.as_deref().and_then(|m| m.get(..10)) == stamp.at.get(..10),
        Dated::Exact => false,
    };
    if let (true, Some(moved)) = (movable, moved) {
        return Ok(Some(Stamp {
            at: moved,
            ..stamp.clone()
        }));
    }
    let day = at.get(..10).unwrap_or(&at);
    bail!(crate::msg!(
        "cannot record a change to {id} dated {}: its latest change (#{change}) is dated {at}, and a change may not be dated before the task's latest change (use --today {day} or later)",
        "无法记录 {id} 日期为 {} 的变更：它最近一次变更（第 {change} 号）的日期是 {at}，变更的日期不能早于任务最近一次变更（请用 --today {day} 或更晚的日期）",
        stamp.at
    ))
}

fn unit_id(tx: &Db<'_>, name: &str) -> Result<i64> {
    tx.execute(
        "INSERT INTO units (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
        args![name],
    )
    .with_context(|| format!("adding unit {name}"))?;
    tx.value("SELECT id FROM units WHERE name = ?1", args![name])
        .with_context(|| format!("finding unit {name}"))
}

fn set_unit(tx: &Db<'_>, row: i64, name: &str, role: &str) -> Result<()> {
    let unit = unit_id(tx, name)?;
    tx.execute(
        "INSERT INTO task_units (task_id, unit_id, role, position) \
         VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM task_units WHERE task_id = ?1))",
        args![row, unit, role],
    )
    .with_context(|| format!("assigning {name} as {role}"))?;
    Ok(())
}

/// Unit ids by name for the length of one write that adds tasks (an import of thousands, the
/// seed, `add`): each name is looked up, or added, once, when first named, so units get the
/// ids that adding them task by task gave them.
#[derive(Default)]
pub(super) struct UnitIds(HashMap<String, i64>);

impl UnitIds {
    fn get(&mut self, tx: &Db<'_>, name: &str) -> Result<i64> {
        if let Some(&id) = self.0.get(name) {
            return Ok(id);
        }
        let id = unit_id(tx, name)?;
        self.0.insert(name.to_string(), id);
        Ok(id)
    }
}

/// Gives task `row`, just inserted and so without units, its lead and its supporting units
/// in order. Positions are 1, 2, … in that order (lead first), as `set_unit`'s "one past the
/// highest" gives them one by one, without reading the task's units back for each.
pub(super) fn set_new_task_units(
    tx: &Db<'_>,
    row: i64,
    lead: Option<&str>,
    support: &[String],
    ids: &mut UnitIds,
) -> Result<()> {
    for (position, name, role) in new_task_units(lead, support) {
        let unit = ids.get(tx, name)?;
        tx.execute(
            "INSERT INTO task_units (task_id, unit_id, role, position) VALUES (?1, ?2, ?3, ?4)",
            args![row, unit, role, position],
        )
        .with_context(|| format!("assigning {name} as {role}"))?;
    }
    Ok(())
}

/// A new task's units as its rows in `task_units` hold them: (position, name, role), the lead
/// first, positions from 1.
pub(super) fn new_task_units<'a>(
    lead: Option<&'a str>,
    support: &'a [String],
) -> impl Iterator<Item = (i64, &'a str, &'static str)> {
    let units = lead
        .map(|l| (l, "lead"))
        .into_iter()
        .chain(support.iter().map(|s| (s.as_str(), "support")));
    (1_i64..)
        .zip(units)
        .map(|(p, (name, role))| (p, name, role))
}

/// A new task's `created` event: its title, and the change's note.
pub(super) fn created_event<'a>(title: &'a str, note: Option<&'a str>) -> NewEvent<'a> {
    NewEvent {
        field: Field::Created,
        new: Some(title),
        note,
        ..NewEvent::default()
    }
}

fn remove_unit(tx: &Db<'_>, row: i64, name: &str, role: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM task_units WHERE task_id = ?1 AND role = ?2 AND unit_id = (SELECT id FROM units WHERE name = ?3)",
        args![row, role, name],
    )
    .with_context(|| format!("removing {name} as {role}"))?;
    // A unit no task names any more is forgotten (the history keeps its name).
    tx.execute(
        "DELETE FROM units WHERE name = ?1 AND NOT EXISTS (SELECT 1 FROM task_units WHERE unit_id = units.id)",
        args![name],
    )
    .with_context(|| format!("tidying unit {name}"))?;
    Ok(())
}

/// Writes one field change to the task's row (or its units). For a supporting unit, returns
/// its place in the list (0 = first): where it was removed from, or where it was put.
fn apply_field(tx: &Db<'_>, row: i64, change: &FieldChange) -> Result<Option<i64>> {
    let column = match change.field {
        Field::Title => "title",
        Field::Text => "text",
        Field::Status => "status",
        Field::Progress => "progress",
        Field::Deadline => "deadline",
        Field::Lead => {
            if let Some(old) = &change.old {
                remove_unit(tx, row, old, "lead")?;
            }
            if let Some(new) = &change.new {
                set_unit(tx, row, new, "lead")?;
            }
            // A rename's mark (`task::RENAMED_LEAD`) goes on its event.
            return Ok(change.position);
        }
        Field::Support => {
            let mut place = None;
            if let Some(old) = &change.old {
                let list = support_of(tx, row)?;
                place = list.iter().position(|u| u == old);
                remove_unit(tx, row, old, "support")?;
            }
            if let Some(new) = &change.new {
                set_unit(tx, row, new, "support")?;
                let mut list = support_of(tx, row)?;
                let last = list.len().saturating_sub(1);
                // A rename (`units rename`: an old and a new name) keeps the unit's place.
                let at = change
                    .position
                    .and_then(|p| usize::try_from(p).ok())
                    .or(place)
                    .map_or(last, |p| p.min(last));
                if at != last {
                    let unit = list.remove(last);
                    list.insert(at, unit);
                    renumber_support(tx, row, &list)?;
                }
                place = Some(at);
            }
            return Ok(place.map(|p| p as i64));
        }
        Field::SupportOrder => {
            let wanted = change
                .new
                .as_deref()
                .and_then(crate::task::support::decode)
                .context("a supporting units' order that is not a list")?;
            let list = crate::task::support::reorder(&support_of(tx, row)?, &wanted);
            renumber_support(tx, row, &list)?;
            return Ok(None);
        }
        Field::Created | Field::Note | Field::Notice => return Ok(None),
    };
    let value: Value = match (change.field, &change.new) {
        (Field::Progress, Some(v)) => v.parse::<i64>().context("progress is not a number")?.into(),
        (_, v) => v.clone().into(),
    };
    // Cached: an import writes a status and a progress for each of thousands of rows.
    tx.execute(
        &format!("UPDATE tasks SET {column} = ?1 WHERE id = ?2"),
        &[value, row.into()],
    )
    .with_context(|| format!("changing {column}"))?;
    Ok(None)
}

/// Task `row`'s supporting units, in their order.
fn support_of(tx: &Db<'_>, row: i64) -> Result<Vec<String>> {
    tx.query(
        "SELECT u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id \
         WHERE tu.task_id = ?1 AND tu.role = 'support' ORDER BY tu.position, u.name",
        args![row],
    )
    .context("reading the supporting units")?
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// Gives task `row`'s supporting units the positions of `list`'s order.
fn renumber_support(tx: &Db<'_>, row: i64, list: &[String]) -> Result<()> {
    for (i, name) in list.iter().enumerate() {
        tx.execute(
            "UPDATE task_units SET position = ?3 WHERE task_id = ?1 AND role = 'support' \
             AND unit_id = (SELECT id FROM units WHERE name = ?2)",
            args![row, name, i as i64 + 1],
        )
        .context("ordering the supporting units")?;
    }
    Ok(())
}

pub(super) fn next_change_id(tx: &Db<'_>) -> Result<i64> {
    tx.value("SELECT COALESCE(MAX(change_id), 0) + 1 FROM events", &[])
        .context("numbering the change")
}

/// One event's own columns (the change, task and stamp are given beside it).
pub(super) struct NewEvent<'a> {
    pub(super) field: Field,
    pub(super) old: Option<&'a str>,
    pub(super) new: Option<&'a str>,
    pub(super) note: Option<&'a str>,
    pub(super) undoes: Option<i64>,
    pub(super) position: Option<i64>,
}

impl Default for NewEvent<'_> {
    fn default() -> Self {
        NewEvent {
            field: Field::Note,
            old: None,
            new: None,
            note: None,
            undoes: None,
            position: None,
        }
    }
}

pub(super) fn insert_event(
    tx: &Db<'_>,
    change: i64,
    row: i64,
    e: &NewEvent<'_>,
    stamp: &Stamp,
) -> Result<()> {
    tx.execute(
        "INSERT INTO events (change_id, task_id, field, old, new, note, actor, at, entered, undoes, position) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        args![
            change,
            row,
            e.field.name(),
            e.old,
            e.new,
            e.note,
            &stamp.actor,
            &stamp.at,
            &stamp.entered,
            e.undoes,
            e.position
        ],
    )
    .context("recording the change")?;
    Ok(())
}
