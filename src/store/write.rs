//! Writes: every change is one IMMEDIATE transaction that updates the rows and appends their
//! events together.

use anyhow::{Context, Result, anyhow, bail};

use chrono::NaiveDate;

use super::batch::{NewRow, Planned, add_recommendations, add_tasks, record_all};
use super::db::{Db, args};
use super::read::{read_task, read_tasks};
use super::record::{
    UnitIds, created_event, insert_event, next_change_id, record_changes, set_new_task_units,
};
use super::{ImportOutcome, ImportSource, Imported, Stamp, Store, TaskFilter, friendly};
use crate::model::{TaskId, check_new_number, ymd};
use crate::seed::NewTask;
use crate::task::{Field, FieldChange, Recommendation, Task};

/// `Store::seed` inside a transaction the caller holds (`Store::create`'s, so that a new
/// ledger's schema and its plan commit together).
pub(super) fn seed_into(
    tx: &Db<'_>,
    start: NaiveDate,
    recs: &[Recommendation],
    tasks: &[NewTask],
    stamp: &Stamp,
    note: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('start', ?1)",
        args![ymd(start)],
    )
    .context("recording the start date")?;
    add_recommendations(tx, recs)?;
    let change = next_change_id(tx)?;
    let rows: Vec<NewRow<'_>> = tasks
        .iter()
        .map(|task| NewRow {
            task: task.clone(),
            state: Vec::new(),
            note: None,
        })
        .collect();
    add_tasks(tx, change, &rows, Some(note), stamp)?;
    // The change that seeded the plan: its tasks' 序时进度 counts from the plan's start
    // (`Store::seeded_rows`).
    if !tasks.is_empty() {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('seeded', ?1)",
            args![change.to_string()],
        )
        .context("recording the seeding change")?;
    }
    Ok(())
}

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
        let (tx, stamp) = self.write_stamped(stamp)?;
        let db = tx.db();
        seed_into(&db, start, recs, tasks, &stamp, note)?;
        tx.commit().map_err(|e| friendly(e, &path))
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
        let (tx, stamp) = self.write_stamped(stamp)?;
        let stamp = &stamp;
        let db = tx.db();
        let rec = task.id.rec;
        let exists: bool = db
            .value::<i64>(
                "SELECT count(*) FROM recommendations WHERE number = ?1",
                args![rec],
            )
            .context("looking up the recommendation")?
            > 0;
        match (exists, new_headline) {
            (true, Some(_)) => bail!(crate::msg!(
                "recommendation {rec} already exists: leave out --headline to add a task under it",
                "建议 {rec} 已存在：去掉 --headline 即可在其下添加任务"
            )),
            (false, None) => bail!(crate::msg!(
                "no recommendation {rec} (existing: {}): to start it, give its headline with --headline TEXT",
                "没有建议 {rec}（现有：{}）：要新建它，请用 --headline 给出其标题",
                existing_recs(&db)?
            )),
            (false, Some(headline)) => insert_recommendation(
                &db,
                &Recommendation {
                    number: rec,
                    headline: headline.to_string(),
                    text: String::new(),
                },
            )?,
            (true, None) => {}
        }
        let item: u32 = db
            .value(
                "SELECT COALESCE(MAX(item), 0) + 1 FROM tasks WHERE recommendation = ?1",
                args![rec],
            )
            .context("finding the next free id")?;
        task.id = TaskId::new(rec, item);
        let change = next_change_id(&db)?;
        insert_created(
            &db,
            change,
            &task,
            None,
            stamp,
            &mut UnitIds::default(),
            &[],
        )?;
        tx.commit().map_err(|e| friendly(e, &path))?;
        Ok(task.id)
    }
    /// Adds imported recommendations and their tasks as one change, numbering them from
    /// `first` (default: the file's own numbers, else after the highest), unless a file with
    /// this content (or, as older ledgers recorded, these bytes) was imported before. The
    /// checks are `imports::check`'s, which a dry run shares (`plan_import`).
    pub fn import(
        &mut self,
        recs: &[Imported],
        first: Option<u32>,
        source: &ImportSource,
        stamp: &Stamp,
    ) -> Result<ImportOutcome> {
        let path = self.path.clone();
        // A table of thousands of rows writes into a dozen indexes at scattered places; with
        // the 256 KiB cache every command opens with, dirty pages would spill to the log in
        // mid-transaction and be read back. The cache grows only as the import fills it.
        if let Ok(conn) = self.conn() {
            conn.pragma_update(None, "cache_size", -32768)
                .context("sizing the cache for the import")?;
        }
        let (tx, stamp) = self.write_stamped(stamp)?;
        let stamp = &stamp;
        let db = tx.db();
        let numbers = match super::imports::check(&db, recs, first, source)? {
            Ok(numbers) => numbers,
            Err(already) => return Ok(already),
        };
        let change = next_change_id(&db)?;
        // A created event per task, and (about) one per 台账 row's status, progress and note.
        let new_events = recs
            .iter()
            .flat_map(|r| &r.states)
            .map(|s| {
                usize::from(s.status.is_some())
                    + usize::from(s.progress.is_some())
                    + usize::from(s.note.is_some())
            })
            .sum::<usize>()
            + recs.iter().map(|r| r.tasks.len()).sum::<usize>();
        let set_aside = super::imports::SetAside::when_large(&db, new_events)?;
        let note = format!(
            "imported from {} (sha256 {})",
            source.file,
            &source.hash[..16.min(source.hash.len())]
        );
        let mut rows = Vec::new();
        let new_recs: Vec<Recommendation> = recs
            .iter()
            .zip(&numbers)
            .map(|(rec, &number)| Recommendation {
                number,
                headline: rec.headline.clone(),
                text: rec.text.clone(),
            })
            .collect();
        add_recommendations(&db, &new_recs)?;
        for (rec, &number) in recs.iter().zip(&numbers) {
            for (k, task) in rec.tasks.iter().enumerate() {
                let item = if rec.number.is_some() && task.id.item > 0 {
                    task.id.item
                } else {
                    k as u32 + 1
                };
                let task = NewTask {
                    id: TaskId::new(number, item),
                    ..task.clone()
                };
                // A 台账 row's state goes into the new row as it is inserted; its events say
                // how it got there.
                let state = rec.states.get(k);
                rows.push(NewRow {
                    task,
                    state: state.map(state_changes).unwrap_or_default(),
                    note: state.and_then(|s| s.note.as_deref()),
                });
            }
        }
        let count = rows.len();
        // On a server, a statement per table however many tasks.
        add_tasks(&db, change, &rows, Some(&note), stamp)?;
        let range = match (numbers.first(), numbers.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        set_aside.restore(&db)?;
        // An earlier import of this file that was undone (`imports::released`) gives way.
        db.execute(
            "INSERT INTO imports (hash, file, recommendations, actor, at) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (hash) DO UPDATE SET file = excluded.file, \
               recommendations = excluded.recommendations, actor = excluded.actor, at = excluded.at",
            args![&source.hash, &source.file, range, &stamp.actor, &stamp.at],
        )
        .context("remembering the import")?;
        tx.commit().map_err(|e| friendly(e, &path))?;
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
        let (tx, stamp) = self.write_stamped(stamp)?;
        let stamp = &stamp;
        let db = tx.db();
        // Read under the write lock: another process may have changed it since it was looked up.
        let current = read_task(&db, id)?
            .ok_or_else(|| anyhow!(crate::msg!("no task {id}", "没有任务 {id}")))?;
        let changes = plan(&current)?;
        if changes.is_empty() && note.is_none() {
            return Ok(changes);
        }
        let row = task_row(&db, id)?;
        let change = next_change_id(&db)?;
        record_changes(&db, change, (id, row), &changes, note, stamp, None)?;
        tx.commit().map_err(|e| friendly(e, &path))?;
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
        let (tx, stamp) = self.write_stamped(stamp)?;
        let stamp = &stamp;
        let db = tx.db();
        let tasks = read_tasks(&db, filter)?;
        let change = next_change_id(&db)?;
        let mut planned = Vec::new();
        for task in tasks {
            let changes = plan(&task)?;
            if !changes.is_empty() {
                planned.push(Planned::on(task, changes));
            }
        }
        // On a server, a constant few statements however many tasks change.
        record_all(&db, change, &planned, stamp, None)?;
        let changed = planned.len();
        crate::output::test_pause("before-commit");
        tx.commit().map_err(|e| friendly(e, &path))?;
        Ok(changed)
    }
}

pub(super) fn task_row(tx: &Db<'_>, id: TaskId) -> Result<i64> {
    tx.value(
        "SELECT id FROM tasks WHERE recommendation = ?1 AND item = ?2",
        args![id.rec, id.item],
    )
    .with_context(|| format!("finding task {id}"))
}

fn existing_recs(tx: &Db<'_>) -> Result<String> {
    let numbers: Vec<String> = tx
        .query("SELECT number FROM recommendations ORDER BY number", &[])?
        .iter()
        .map(|r| r.get::<i64>(0).map(|n| n.to_string()))
        .collect::<Result<_>>()?;
    Ok(if numbers.is_empty() {
        crate::msg!("none yet", "尚无")
    } else {
        crate::i18n::list(&numbers)
    })
}

pub(super) fn insert_recommendation(tx: &Db<'_>, rec: &Recommendation) -> Result<()> {
    check_rec_number(rec)?;
    tx.execute(
        "INSERT INTO recommendations (number, headline, text) VALUES (?1, ?2, ?3)",
        args![rec.number, &rec.headline, &rec.text],
    )
    .with_context(|| format!("adding recommendation {}", rec.number))?;
    Ok(())
}

/// Adds a task, its units and its `created` event (part of change `change`). The row gets
/// the new values of `state` (an imported row's status and progress, whose events the caller
/// writes), else not started and 0%.
pub(super) fn insert_created(
    tx: &Db<'_>,
    change: i64,
    task: &NewTask,
    note: Option<&str>,
    stamp: &Stamp,
    units: &mut UnitIds,
    state: &[FieldChange],
) -> Result<i64> {
    let row = insert_task(tx, task, units, state)?;
    insert_event(tx, change, row, &created_event(&task.title, note), stamp)?;
    Ok(row)
}

/// A 台账's recorded state of a new task, as changes from a new task's (not started, 0%):
/// status, progress (100 when done and none given). The progress note goes beside them.
fn state_changes(state: &super::ImportedState) -> Vec<FieldChange> {
    use crate::model::Status;
    let progress = match (state.status, state.progress) {
        (Some(Status::Done), _) => Some(100),
        (_, p) => p.filter(|p| *p > 0),
    };
    // Done and 100% go together, as for `update`: a 台账 row at 100% is done.
    let status = match (state.status, progress) {
        (Some(Status::Cancelled), _) => Some(Status::Cancelled),
        (_, Some(100)) => Some(Status::Done),
        (s, _) => s,
    };
    let mut changes = Vec::new();
    if let Some(st) = status.filter(|s| *s != Status::NotStarted) {
        changes.push(FieldChange::new(
            Field::Status,
            Some(Status::NotStarted.name().to_string()),
            Some(st.name().to_string()),
        ));
    }
    if let Some(p) = progress {
        changes.push(FieldChange::new(
            Field::Progress,
            Some("0".to_string()),
            Some(p.to_string()),
        ));
    }
    changes
}

/// Inserts a task and its units; returns its row id. `state` (status and progress changes
/// from a new task's) gives the row its status and progress.
fn insert_task(
    tx: &Db<'_>,
    task: &NewTask,
    units: &mut UnitIds,
    state: &[FieldChange],
) -> Result<i64> {
    check_task_number(task)?;
    let (status, progress) = row_state(state)?;
    let row = tx
        .insert_id(
            "INSERT INTO tasks (recommendation, item, title, text, deadline, status, progress) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            args![
                task.id.rec,
                task.id.item,
                &task.title,
                &task.text,
                task.deadline.map(ymd),
                status,
                progress
            ],
        )
        .with_context(|| format!("adding task {}", task.id))?;
    set_new_task_units(tx, row, task.lead.as_deref(), &task.support, units)?;
    Ok(row)
}

/// Refuses a new recommendation's number no command accepts. Every new recommendation passes
/// here.
pub(super) fn check_rec_number(rec: &Recommendation) -> Result<()> {
    check_new_number(
        rec.number,
        &format!("recommendation {}", rec.number),
        "number it lower (import --as N, or add under a free number)",
    )
    .map_err(|e| anyhow!(e))
}

/// Refuses a new task's id no command accepts. Every new task passes here.
pub(super) fn check_task_number(task: &NewTask) -> Result<()> {
    check_new_number(
        task.id.rec,
        &format!("task {}", task.id),
        "number its recommendation lower",
    )
    .and_then(|_| {
        check_new_number(
            task.id.item,
            &format!("task {}", task.id),
            &format!(
                "recommendation {} has no item number left for it; put the task under another recommendation",
                task.id.rec
            ),
        )
    })
    .map_err(|e| anyhow!(e))
}

/// A new task row's status and progress: the new values of `state` (an imported row's status
/// and progress changes from a new task's), else not started and 0%.
pub(super) fn row_state(state: &[FieldChange]) -> Result<(&str, i64)> {
    let value = |field| {
        state
            .iter()
            .find(|c| c.field == field)
            .and_then(|c| c.new.as_deref())
    };
    let status = value(Field::Status).unwrap_or("not-started");
    let progress: i64 = match value(Field::Progress) {
        Some(p) => p.parse().context("progress is not a number")?,
        None => 0,
    };
    Ok((status, progress))
}
