//! Writes: every change is one IMMEDIATE transaction that updates the rows and appends their
//! events together.

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::{OptionalExtension, Transaction, params};

use chrono::NaiveDate;

use super::read::{EVENT_COLUMNS, event_from_row, read_task, read_tasks};
use super::{ImportOutcome, ImportSource, Imported, Stamp, Store, TaskFilter, friendly};
use crate::model::{TaskId, instant, ymd};
use crate::seed::NewTask;
use crate::task::{Event, Field, FieldChange, Recommendation, Task};

impl Store {
    /// Fills a blank ledger: the start date, the recommendations, the tasks, and one `created`
    /// event per task, all as one change.
    pub fn seed(
        &mut self,
        start: NaiveDate,
        recs: &[Recommendation],
        tasks: &[NewTask],
        stamp: &Stamp,
        note: &str,
    ) -> Result<()> {
        let path = self.path.clone();
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('start', ?1)",
            [ymd(start)],
        )
        .context("recording the start date")?;
        for rec in recs {
            insert_recommendation(&tx, rec)?;
        }
        let change = next_change_id(&tx)?;
        for task in tasks {
            insert_created(&tx, change, task, Some(note), stamp)?;
        }
        tx.commit().map_err(|e| friendly(e.into(), &path))
    }
    /// Adds one task under recommendation `rec` with the next free item number, creating the
    /// recommendation if `new_headline` is given. Returns the new id.
    pub fn add_task(
        &mut self,
        mut task: NewTask,
        new_headline: Option<&str>,
        stamp: &Stamp,
    ) -> Result<TaskId> {
        let path = self.path.clone();
        let tx = self.write()?;
        let rec = task.id.rec;
        let exists: bool = tx
            .query_row(
                "SELECT count(*) FROM recommendations WHERE number = ?1",
                [rec],
                |r| r.get::<_, i64>(0),
            )
            .context("looking up the recommendation")?
            > 0;
        match (exists, new_headline) {
            (true, Some(_)) => bail!(
                "recommendation {rec} already exists: leave out --headline to add a task under it"
            ),
            (false, None) => bail!(
                "no recommendation {rec} (existing: {}): to start it, give its headline with --headline TEXT",
                existing_recs(&tx)?
            ),
            (false, Some(headline)) => insert_recommendation(
                &tx,
                &Recommendation {
                    number: rec,
                    headline: headline.to_string(),
                    text: String::new(),
                },
            )?,
            (true, None) => {}
        }
        let item: u32 = tx
            .query_row(
                "SELECT COALESCE(MAX(item), 0) + 1 FROM tasks WHERE recommendation = ?1",
                [rec],
                |r| r.get(0),
            )
            .context("finding the next free id")?;
        task.id = TaskId::new(rec, item);
        let change = next_change_id(&tx)?;
        insert_created(&tx, change, &task, None, stamp)?;
        tx.commit().map_err(|e| friendly(e.into(), &path))?;
        Ok(task.id)
    }
    /// Adds imported recommendations and their tasks as one change, numbering them from
    /// `first` (default: after the highest), unless a file with this hash was imported before.
    pub fn import(
        &mut self,
        recs: &[Imported],
        first: Option<u32>,
        source: &ImportSource,
        stamp: &Stamp,
    ) -> Result<ImportOutcome> {
        let path = self.path.clone();
        let tx = self.write()?;
        let earlier: Option<(String, String, String)> = tx
            .query_row(
                "SELECT file, recommendations, at FROM imports WHERE hash = ?1",
                [&source.hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .context("looking up earlier imports")?;
        if let Some((file, numbers, at)) = earlier {
            return Ok(ImportOutcome::AlreadyImported { file, numbers, at });
        }
        let highest: u32 = tx.query_row(
            "SELECT COALESCE(MAX(number), 0) FROM recommendations",
            [],
            |r| r.get(0),
        )?;
        let first = first.unwrap_or(highest + 1);
        let numbers: Vec<u32> = (first..first + recs.len() as u32).collect();
        for n in &numbers {
            let taken: i64 = tx.query_row(
                "SELECT count(*) FROM recommendations WHERE number = ?1",
                [n],
                |r| r.get(0),
            )?;
            if taken > 0 {
                bail!(
                    "recommendation {n} already exists: importing {} recommendations from {first} needs {first}–{} free (the next free number is {})",
                    recs.len(),
                    first + recs.len() as u32 - 1,
                    highest + 1
                );
            }
        }
        let change = next_change_id(&tx)?;
        let note = format!(
            "imported from {} (sha256 {})",
            source.file,
            &source.hash[..16.min(source.hash.len())]
        );
        let mut count = 0;
        for (rec, &number) in recs.iter().zip(&numbers) {
            insert_recommendation(
                &tx,
                &Recommendation {
                    number,
                    headline: rec.headline.clone(),
                    text: rec.text.clone(),
                },
            )?;
            for (k, task) in rec.tasks.iter().enumerate() {
                let task = NewTask {
                    id: TaskId::new(number, k as u32 + 1),
                    ..task.clone()
                };
                insert_created(&tx, change, &task, Some(&note), stamp)?;
                count += 1;
            }
        }
        let range = match (numbers.first(), numbers.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        tx.execute(
            "INSERT INTO imports (hash, file, recommendations, actor, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![source.hash, source.file, range, stamp.actor, stamp.at],
        )
        .context("remembering the import")?;
        tx.commit().map_err(|e| friendly(e.into(), &path))?;
        Ok(ImportOutcome::Imported {
            numbers,
            tasks: count,
        })
    }
    /// Changes one task. `plan` sees the task as it is inside the write transaction and returns
    /// the changes to make; they and their events are written together, or nothing is.
    /// With no changes and a note, the note alone is recorded. Returns the changes made.
    pub fn update_task(
        &mut self,
        id: TaskId,
        stamp: &Stamp,
        note: Option<&str>,
        plan: impl FnOnce(&Task) -> Result<Vec<FieldChange>>,
    ) -> Result<Vec<FieldChange>> {
        let path = self.path.clone();
        let tx = self.write()?;
        // Read under the write lock: another process may have changed it since it was looked up.
        let current = read_task(&tx, id)?.ok_or_else(|| anyhow!("no task {id}"))?;
        let changes = plan(&current)?;
        if changes.is_empty() && note.is_none() {
            return Ok(changes);
        }
        let row = task_row(&tx, id)?;
        let change = next_change_id(&tx)?;
        record_changes(&tx, change, (id, row), &changes, note, stamp, None)?;
        tx.commit().map_err(|e| friendly(e.into(), &path))?;
        Ok(changes)
    }
    /// Changes every task the filter selects, in one transaction: `plan` sees each task and
    /// returns its changes, all recorded as ONE change (so `undo` takes the whole of it back).
    /// Returns how many tasks changed.
    pub fn update_all(
        &mut self,
        filter: &TaskFilter,
        stamp: &Stamp,
        mut plan: impl FnMut(&Task) -> Result<Vec<FieldChange>>,
    ) -> Result<usize> {
        let path = self.path.clone();
        let tx = self.write()?;
        let tasks = read_tasks(&tx, filter)?;
        let mut changed = 0;
        let change = next_change_id(&tx)?;
        for task in &tasks {
            let changes = plan(task)?;
            if changes.is_empty() {
                continue;
            }
            let row = task_row(&tx, task.id)?;
            record_changes(&tx, change, (task.id, row), &changes, None, stamp, None)?;
            changed += 1;
        }
        tx.commit().map_err(|e| friendly(e.into(), &path))?;
        Ok(changed)
    }
}

/// What `undo` took back: the change, and for each task it touched, the changes made.
#[derive(Debug, Clone)]
pub struct Undone {
    pub change: i64,
    pub tasks: Vec<(TaskId, Vec<FieldChange>)>,
}

impl Store {
    /// Takes back the latest change (`actor`'s, or anyone's with `None`), whatever it was, whole,
    /// as one new change that `undoes` it. The latest change is read inside the write
    /// transaction, so two undos at once never take back the same change: the second takes back
    /// the first (undoing twice redoes). `plan` gets each task the change touched, as it is now,
    /// with the change's events on it (`task::plan_undo`). `Ok(None)`: no change to take back.
    pub fn undo_latest(
        &mut self,
        actor: Option<&str>,
        stamp: &Stamp,
        mut plan: impl FnMut(&Task, &[Event]) -> Result<Vec<FieldChange>>,
    ) -> Result<Option<Undone>> {
        let path = self.path.clone();
        let tx = self.write()?;
        let latest: Option<i64> = tx
            .prepare_cached(
                "SELECT change_id FROM events WHERE (?1 IS NULL OR actor = ?1) ORDER BY change_id DESC LIMIT 1",
            )?
            .query_row([actor], |r| r.get(0))
            .optional()
            .context("finding the latest change")?;
        let Some(undone) = latest else {
            return Ok(None);
        };
        let events: Vec<Event> = tx
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM events e JOIN tasks t ON t.id = e.task_id WHERE e.change_id = ?1 ORDER BY e.id"
            ))?
            .query_map([undone], event_from_row)?
            .collect::<Result<_, _>>()
            .context("reading the latest change")?;
        // The tasks in the order the change first touched them, each with its own events.
        let mut by_task: Vec<(TaskId, Vec<Event>)> = Vec::new();
        for e in events {
            match by_task.iter_mut().find(|(id, _)| *id == e.task) {
                Some((_, list)) => list.push(e),
                None => by_task.push((e.task, vec![e])),
            }
        }
        let change = next_change_id(&tx)?;
        let mut done = Vec::new();
        for (id, events) in &by_task {
            let task = read_task(&tx, *id)?.ok_or_else(|| anyhow!("no task {id}"))?;
            let changes = plan(&task, events)?;
            if changes.is_empty() {
                continue;
            }
            let row = task_row(&tx, *id)?;
            record_changes(&tx, change, (*id, row), &changes, None, stamp, Some(undone))?;
            done.push((*id, changes));
        }
        if done.is_empty() {
            bail!(
                "change #{undone} has nothing left to take back: the tasks it added are already cancelled"
            );
        }
        tx.commit().map_err(|e| friendly(e.into(), &path))?;
        Ok(Some(Undone {
            change: undone,
            tasks: done,
        }))
    }
}

/// Applies `changes` to task `row` (whose id is `id`) and appends their events as part of
/// change `change`, `undoes` naming the change an undo takes back. The note explains the whole
/// change, so it is kept once, on the first event; a note alone is a `note` event. A `note`
/// field change withdraws a note (`old`: its text) or posts one again (`new`).
///
/// Refused when the change is dated before the task's latest change: the history's old → new
/// values would no longer chain, and past reports would replay impossible states.
fn record_changes(
    tx: &Transaction<'_>,
    change: i64,
    (id, row): (TaskId, i64),
    changes: &[FieldChange],
    note: Option<&str>,
    stamp: &Stamp,
    undoes: Option<i64>,
) -> Result<()> {
    check_order(tx, id, row, stamp)?;
    for (i, c) in changes.iter().enumerate() {
        let position = apply_field(tx, row, c)?;
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
        let e = NewEvent {
            field: c.field,
            old: c.old.as_deref(),
            new,
            note,
            undoes,
            position,
        };
        insert_event(tx, change, row, &e, stamp)?;
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

/// Refuses a change to task `row` dated before its latest change (by instant).
fn check_order(tx: &Transaction<'_>, id: TaskId, row: i64, stamp: &Stamp) -> Result<()> {
    let latest: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT change_id, at FROM events WHERE task_id = ?1 ORDER BY unixepoch(at) DESC, id DESC LIMIT 1",
        )?
        .query_row([row], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .with_context(|| format!("reading the latest change of {id}"))?;
    if let Some((change, at)) = latest
        && instant(&stamp.at) < instant(&at)
    {
        let day = at.get(..10).unwrap_or(&at);
        bail!(
            "cannot record a change to {id} dated {}: its latest change (#{change}) is dated {at}, and a change may not be dated before the task's latest change (use --today {day} or later)",
            stamp.at
        );
    }
    Ok(())
}

fn task_row(tx: &Transaction<'_>, id: TaskId) -> Result<i64> {
    tx.prepare_cached("SELECT id FROM tasks WHERE recommendation = ?1 AND item = ?2")?
        .query_row(params![id.rec, id.item], |r| r.get(0))
        .with_context(|| format!("finding task {id}"))
}

fn existing_recs(tx: &Transaction<'_>) -> Result<String> {
    let mut stmt = tx.prepare_cached("SELECT number FROM recommendations ORDER BY number")?;
    let numbers: Vec<String> = stmt
        .query_map([], |r| r.get::<_, i64>(0))?
        .map(|n| n.map(|n| n.to_string()))
        .collect::<Result<_, _>>()?;
    Ok(if numbers.is_empty() {
        "none yet".into()
    } else {
        numbers.join(", ")
    })
}

fn insert_recommendation(tx: &Transaction<'_>, rec: &Recommendation) -> Result<()> {
    tx.execute(
        "INSERT INTO recommendations (number, headline, text) VALUES (?1, ?2, ?3)",
        params![rec.number, rec.headline, rec.text],
    )
    .with_context(|| format!("adding recommendation {}", rec.number))?;
    Ok(())
}

/// Adds a task, its units and its `created` event (part of change `change`).
fn insert_created(
    tx: &Transaction<'_>,
    change: i64,
    task: &NewTask,
    note: Option<&str>,
    stamp: &Stamp,
) -> Result<()> {
    let row = insert_task(tx, task)?;
    let e = NewEvent {
        field: Field::Created,
        new: Some(&task.title),
        note,
        ..NewEvent::default()
    };
    insert_event(tx, change, row, &e, stamp)
}

/// Inserts a task and its units; returns its row id.
fn insert_task(tx: &Transaction<'_>, task: &NewTask) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO tasks (recommendation, item, title, text, deadline, status, progress) VALUES (?1, ?2, ?3, ?4, ?5, 'not-started', 0)",
    )?
    .execute(params![task.id.rec, task.id.item, task.title, task.text, task.deadline.map(ymd)])
    .with_context(|| format!("adding task {}", task.id))?;
    let row = tx.last_insert_rowid();
    if let Some(lead) = &task.lead {
        set_unit(tx, row, lead, "lead")?;
    }
    for unit in &task.support {
        set_unit(tx, row, unit, "support")?;
    }
    Ok(row)
}

fn unit_id(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    tx.prepare_cached("INSERT INTO units (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
        .execute([name])
        .with_context(|| format!("adding unit {name}"))?;
    tx.prepare_cached("SELECT id FROM units WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .with_context(|| format!("finding unit {name}"))
}

fn set_unit(tx: &Transaction<'_>, row: i64, name: &str, role: &str) -> Result<()> {
    let unit = unit_id(tx, name)?;
    tx.prepare_cached(
        "INSERT INTO task_units (task_id, unit_id, role, position) \
         VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM task_units WHERE task_id = ?1))",
    )?
    .execute(params![row, unit, role])
    .with_context(|| format!("assigning {name} as {role}"))?;
    Ok(())
}

fn remove_unit(tx: &Transaction<'_>, row: i64, name: &str, role: &str) -> Result<()> {
    tx.prepare_cached(
        "DELETE FROM task_units WHERE task_id = ?1 AND role = ?2 AND unit_id = (SELECT id FROM units WHERE name = ?3)",
    )?
    .execute(params![row, role, name])
    .with_context(|| format!("removing {name} as {role}"))?;
    // A unit no task names any more is forgotten (the history keeps its name).
    tx.prepare_cached(
        "DELETE FROM units WHERE name = ?1 AND NOT EXISTS (SELECT 1 FROM task_units WHERE unit_id = units.id)",
    )?
    .execute([name])
    .with_context(|| format!("tidying unit {name}"))?;
    Ok(())
}

/// Writes one field change to the task's row (or its units). For a supporting unit, returns
/// its place in the list (0 = first): where it was removed from, or where it was put.
fn apply_field(tx: &Transaction<'_>, row: i64, change: &FieldChange) -> Result<Option<i64>> {
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
            return Ok(None);
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
                let at = change
                    .position
                    .and_then(|p| usize::try_from(p).ok())
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
        Field::Created | Field::Note => return Ok(None),
    };
    let value: Option<rusqlite::types::Value> = match (change.field, &change.new) {
        (Field::Progress, Some(v)) => {
            Some(v.parse::<i64>().context("progress is not a number")?.into())
        }
        (_, v) => v.clone().map(Into::into),
    };
    tx.execute(
        &format!("UPDATE tasks SET {column} = ?1 WHERE id = ?2"),
        params![value, row],
    )
    .with_context(|| format!("changing {column}"))?;
    Ok(None)
}

/// Task `row`'s supporting units, in their order.
fn support_of(tx: &Transaction<'_>, row: i64) -> Result<Vec<String>> {
    let mut stmt = tx.prepare_cached(
        "SELECT u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id \
         WHERE tu.task_id = ?1 AND tu.role = 'support' ORDER BY tu.position, u.name",
    )?;
    let names = stmt
        .query_map([row], |r| r.get(0))?
        .collect::<Result<_, _>>()
        .context("reading the supporting units")?;
    Ok(names)
}

/// Gives task `row`'s supporting units the positions of `list`'s order.
fn renumber_support(tx: &Transaction<'_>, row: i64, list: &[String]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "UPDATE task_units SET position = ?3 WHERE task_id = ?1 AND role = 'support' \
         AND unit_id = (SELECT id FROM units WHERE name = ?2)",
    )?;
    for (i, name) in list.iter().enumerate() {
        stmt.execute(params![row, name, i as i64 + 1])
            .context("ordering the supporting units")?;
    }
    Ok(())
}

fn next_change_id(tx: &Transaction<'_>) -> Result<i64> {
    tx.prepare_cached("SELECT COALESCE(MAX(change_id), 0) + 1 FROM events")?
        .query_row([], |r| r.get(0))
        .context("numbering the change")
}

/// One event's own columns (the change, task and stamp are given beside it).
struct NewEvent<'a> {
    field: Field,
    old: Option<&'a str>,
    new: Option<&'a str>,
    note: Option<&'a str>,
    undoes: Option<i64>,
    position: Option<i64>,
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

fn insert_event(
    tx: &Transaction<'_>,
    change: i64,
    row: i64,
    e: &NewEvent<'_>,
    stamp: &Stamp,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO events (change_id, task_id, field, old, new, note, actor, at, entered, undoes, position) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        change,
        row,
        e.field.name(),
        e.old,
        e.new,
        e.note,
        stamp.actor,
        stamp.at,
        stamp.entered,
        e.undoes,
        e.position
    ])
    .context("recording the change")?;
    Ok(())
}
