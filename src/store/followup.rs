//! The history's dates that follow-up judges a task by (issue 17): one grouped read over the
//! selected tasks' events, so a report of any size costs one statement, not one per task.

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::db::{Dialect, Value, args};
use super::read::{
    Judged, REPORT_FIELDS, REPORT_KIND, TAKEN_BACK, is_broad, push_arg, report_event_before,
    taken_back_before, task_where,
};
use super::{Store, TaskFilter};
use crate::model::{parse_ymd, ymd};
use crate::report::Marks;
use crate::task::Event;

impl Store {
    /// For each selected task with events dated up to the end of `as_of` (local date): the day
    /// it was created, the last day it was set done and the deadline in force then, and the
    /// day of its last report (see `read.rs`, `report_event!`), each by then; in the order of
    /// the tasks' storage rows.
    pub fn marks(&self, filter: &TaskFilter, as_of: NaiveDate) -> Result<Vec<Marks>> {
        Ok(self.marks_and_notes(filter, as_of, None)?.0)
    }

    /// [`Store::marks`], and with `notes_before` each selected task's latest progress note
    /// dated before that day (local date) that still stands, as
    /// `latest_note_ids` finds them: both from one pass over the history, which
    /// the weekly report needs both of (issue 17's speed: the two passes were most of the
    /// 通报's time at 10,000 tasks).
    pub fn marks_and_notes(
        &self,
        filter: &TaskFilter,
        as_of: NaiveDate,
        notes_before: Option<NaiveDate>,
    ) -> Result<(Vec<Marks>, LatestNotes)> {
        let db = self.db();
        // Per task row: the first creation day, the last time set done, the last report day,
        // as text compared byte by byte (as SQL's min and max compare it).
        let mut by_task: std::collections::HashMap<i64, MarkTimes> =
            std::collections::HashMap::new();
        if db.dialect() == Dialect::Postgres {
            // Folded on the server: one row a task crosses the network, not each event.
            let (sql, args) = super::postgres::marks::grouped(filter, as_of);
            let owned = |b: Option<&[u8]>| b.map(<[u8]>::to_vec);
            db.scan(&sql, &args, |rows| {
                by_task.insert(
                    rows.int(0),
                    (
                        owned(rows.text(1)),
                        owned(rows.text(2)),
                        owned(rows.text(3)),
                    ),
                );
                Ok(())
            })
            .context("reading the history's report dates")?;
            // On a server the notes are found for the tasks asked for only (`notes_of`): kept
            // per task (`task_marks`), they cost a lookup each, and a report shows a few
            // hundred of ten thousand.
            let notes = match notes_before {
                Some(before) => LatestNotes::Later(before),
                None => LatestNotes::default(),
            };
            return Ok((self.marks_from(filter, by_task)?, notes));
        }
        let end = ymd(as_of + chrono::Days::new(1));
        // The changes taken back as of the end (for reports) and by any undo (for notes, as
        // `latest_notes_query` judges them): the few undos, through their index.
        let taken_then = self.taken_back(Some(&end))?;
        let taken_ever = match notes_before {
            Some(_) => self.taken_back(None)?,
            None => Default::default(),
        };
        let notes_end = notes_before.map(ymd);
        let mut latest: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        let (sql, args) = marks_query(db.dialect(), filter, &end);
        db.scan(&sql, &args, |rows| {
            let judged = Judged {
                field: rows.text(2).unwrap_or_default(),
                has_note: rows.int(5) != 0,
                has_old: rows.int(6) != 0,
                is_undo: rows.int(7) != 0,
            };
            let (task, at, change) = (rows.int(0), rows.text(1).unwrap_or_default(), rows.int(3));
            if judged.report_field() {
                let day = at.get(..10).unwrap_or(at);
                let (start, done, report) = by_task.entry(task).or_default();
                if judged.field == b"created" {
                    keep(start, day, false);
                }
                // The day set done counts any event that made it done, an undo's too: a task
                // done at `as_of` was made so by the latest of them. The whole time: the
                // deadline in force then is judged against it.
                if judged.field == b"status" && rows.text(8) == Some(b"done".as_slice()) {
                    keep(done, at, true);
                }
                if judged.report_kind() && !taken_then.contains(&change) {
                    keep(report, day, true);
                }
            }
            if let Some(before) = &notes_end
                && at < before.as_bytes()
                && judged.note_kind()
                && !taken_ever.contains(&change)
            {
                let id = latest.entry(task).or_insert(i64::MIN);
                *id = (*id).max(rows.int(4));
            }
            Ok(())
        })
        .context("reading the history's report dates")?;
        Ok((
            self.marks_from(filter, by_task)?,
            LatestNotes::Found(latest),
        ))
    }

    /// The latest notes [`Store::marks_and_notes`] found (or, on a server, finds now), of the
    /// tasks `tasks` selects: all of them for the filter they were found with, or those of its
    /// storage rows (`TaskFilter::rows`, the rows a report shows).
    pub fn notes_of(&self, notes: &LatestNotes, tasks: &TaskFilter) -> Result<Vec<Event>> {
        let ids = match notes {
            LatestNotes::Found(found) if tasks.rows.is_empty() => found.values().copied().collect(),
            LatestNotes::Found(found) => tasks
                .rows
                .iter()
                .filter_map(|row| found.get(row).copied())
                .collect(),
            LatestNotes::Later(before) => self
                .latest_note_ids(tasks, *before)?
                .into_values()
                .collect(),
        };
        self.events_by_id(ids)
    }

    /// The changes taken back (`taken_back!`), by the undos recorded before `end` (a local
    /// `YYYY-MM-DD` day) or by any undo.
    fn taken_back(&self, end: Option<&str>) -> Result<std::collections::HashSet<i64>> {
        let db = self.db();
        let (sql, args) = match end {
            Some(end) => (
                format!(
                    "SELECT base FROM {} AS taken",
                    taken_back_before(db.dialect(), "?1")
                ),
                vec![Value::from(end.to_string())],
            ),
            None => (
                format!("SELECT base FROM {} AS taken", TAKEN_BACK),
                Vec::new(),
            ),
        };
        let mut taken = std::collections::HashSet::new();
        db.scan(&sql, &args, |rows| {
            taken.insert(rows.int(0));
            Ok(())
        })
        .context("reading the undos")?;
        Ok(taken)
    }

    /// The plan's start and the storage rows of the tasks `init` seeded (created in the change
    /// meta `seeded` names; none in a ledger made by `init --empty`, or before that key was
    /// recorded): their 序时进度 counts from the plan's start (`Marks::pace_start`), one rule
    /// for every report, list and format, on both backends. Read through the change index.
    fn seeded_rows(&self) -> Result<(Option<NaiveDate>, std::collections::HashSet<i64>)> {
        let db = self.db();
        let mut rows = std::collections::HashSet::new();
        db.scan(
            "SELECT task_id FROM events WHERE field = 'created' AND change_id = \
             (SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'seeded')",
            &[],
            |r| {
                rows.insert(r.int(0));
                Ok(())
            },
        )
        .context("reading the tasks seeded with the plan")?;
        let start = if rows.is_empty() {
            None
        } else {
            self.plan_start()?
        };
        Ok((start, rows))
    }

    /// `marks` from its fold: each task's days, and the deadline in force when it was done.
    fn marks_from(
        &self,
        filter: &TaskFilter,
        by_task: std::collections::HashMap<i64, MarkTimes>,
    ) -> Result<Vec<Marks>> {
        let day = |v: Option<Vec<u8>>| {
            v.as_deref()
                .and_then(|b| std::str::from_utf8(b).ok())
                .and_then(parse_ymd)
        };
        let due = self.deadlines_when_done(filter, &by_task)?;
        let (plan_start, seeded) = self.seeded_rows()?;
        let mut marks: Vec<Marks> = by_task
            .into_iter()
            .map(|(row, (start, done, report))| {
                let done_on = day(done.map(|mut at| {
                    at.truncate(10);
                    at
                }));
                let start = day(start);
                Marks {
                    row,
                    start,
                    pace_start: match plan_start {
                        Some(plan) if seeded.contains(&row) => start.and(Some(plan)),
                        _ => start,
                    },
                    done_on,
                    done_due: done_on.and(due.get(&row).copied().flatten()),
                    last_report: day(report),
                }
            })
            .collect();
        marks.sort_unstable_by_key(|m| m.row);
        Ok(marks)
    }

    /// For each task of `by_task` that was set done (its last time set done, from `marks`'
    /// fold), the deadline in force then: replayed back from the deadline it has now through
    /// every deadline change made at that moment (the same command's included, so `--status
    /// done --deadline LATER` does not clear 逾期完成) or later: the earliest such change's old
    /// value, else the deadline now (issue 17, finding 2). Deadline changes are few: read
    /// through the field's index, whatever the ledger's size.
    fn deadlines_when_done(
        &self,
        filter: &TaskFilter,
        by_task: &std::collections::HashMap<i64, MarkTimes>,
    ) -> Result<std::collections::HashMap<i64, Option<NaiveDate>>> {
        let done_at: std::collections::HashMap<i64, &[u8]> = by_task
            .iter()
            .filter_map(|(row, (_, done, _))| done.as_deref().map(|at| (*row, at)))
            .collect();
        let mut due = std::collections::HashMap::new();
        if done_at.is_empty() {
            return Ok(due);
        }
        let db = self.db();
        let (where_sql, args) = task_where(db.dialect(), filter);
        let of_tasks = if where_sql.is_empty() {
            String::new()
        } else {
            format!(" AND e.task_id IN (SELECT t.id FROM tasks t{where_sql})")
        };
        let moves = db
            .query(
                &format!(
                    "SELECT e.task_id, e.at, e.old FROM events e \
                     WHERE e.field = 'deadline'{of_tasks} ORDER BY e.at, e.id"
                ),
                &args,
            )
            .context("reading the deadline changes")?;
        // The earliest change at or after the time done decides; the moves come in time order.
        let mut first_move: std::collections::HashMap<i64, Option<String>> =
            std::collections::HashMap::new();
        for r in moves.iter() {
            let (row, at, old): (i64, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if let Some(done) = done_at.get(&row)
                && at.as_bytes() >= *done
            {
                first_move.entry(row).or_insert(old);
            }
        }
        let now = db
            .query(
                &format!("SELECT t.id, t.deadline FROM tasks t{where_sql}"),
                &args,
            )
            .context("reading the deadlines")?;
        for r in now.iter() {
            let (row, deadline): (i64, Option<String>) = (r.get(0)?, r.get(1)?);
            if done_at.contains_key(&row) {
                let then = first_move.remove(&row).unwrap_or(deadline);
                due.insert(row, then.as_deref().and_then(parse_ymd));
            }
        }
        Ok(due)
    }

    /// The day of task `id`'s last report up to the end of `as_of` (local date), not counting
    /// its creation: `None` when no report was ever made on it. `marks` counts the creation
    /// as a report, so that a task just added has not yet missed one; a page that names the
    /// day of the last report (`show`'s 末次反馈) must not pass the creation off as one.
    pub fn last_report(
        &self,
        id: crate::model::TaskId,
        as_of: NaiveDate,
    ) -> Result<Option<NaiveDate>> {
        let sql = format!(
            "SELECT max(substr(e.at, 1, 10)) FROM events e JOIN tasks t ON t.id = e.task_id \
             WHERE t.recommendation = ?1 AND t.item = ?2 AND e.at < ?3 \
               AND e.field <> 'created' AND ({REPORT_FIELDS}) AND {}",
            report_event_before(self.db().dialect(), "?3")
        );
        let day: Option<String> = self
            .db()
            .value(
                &sql,
                args![id.rec, id.item, ymd(as_of + chrono::Days::new(1))],
            )
            .context("reading the task's last report")?;
        Ok(day.as_deref().and_then(parse_ymd))
    }

    /// Each task's lead unit now, as (task row, unit name).
    pub fn lead_rows(&self) -> Result<Vec<(i64, String)>> {
        let mut leads = Vec::new();
        self.db()
            .scan(
                "SELECT tu.task_id, u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id \
                 WHERE tu.role = 'lead'",
                &[],
                |r| {
                    let name = std::str::from_utf8(r.text(1).unwrap_or_default())
                        .context("a unit name that is not UTF-8")?;
                    leads.push((r.int(0), name.to_string()));
                    Ok(())
                },
            )
            .context("reading the lead units")?;
        Ok(leads)
    }

    /// The lead unit of each of `tasks` (storage row, id) at the end of the day `as_of`: its
    /// lead now (`now`, as [`Store::lead_rows`] reads it), the lead changes recorded for later
    /// days (renames among them) taken back newest first, as `report::weekly::as_of_end` takes
    /// them back on whole tasks. As (id, lead) sorted by id. For the tasks a report's limit
    /// leaves out of its lists, whose units it names without their words: one more read (the
    /// later lead changes, through their index), whatever the number of tasks.
    pub fn leads_at(
        &self,
        tasks: &[(i64, crate::model::TaskId)],
        as_of: NaiveDate,
        now: &[(i64, String)],
    ) -> Result<Vec<(crate::model::TaskId, Option<String>)>> {
        let now: std::collections::HashMap<i64, &String> =
            now.iter().map(|(row, name)| (*row, name)).collect();
        let mut leads: Vec<(crate::model::TaskId, Option<String>)> = tasks
            .iter()
            .map(|(row, id)| (*id, now.get(row).map(|name| (*name).clone())))
            .collect();
        leads.sort_unstable_by_key(|(id, _)| *id);
        leads.dedup_by_key(|(id, _)| *id);
        if let Some(after) = as_of.succ_opt() {
            let later = self.events(&super::EventFilter {
                since: Some(after),
                fields: vec![crate::task::Field::Lead],
                ..Default::default()
            })?;
            for e in later.iter().rev() {
                if let Ok(i) = leads.binary_search_by_key(&e.task, |(id, _)| *id) {
                    leads[i].1 = e.old.clone();
                }
            }
        }
        Ok(leads)
    }

    /// Every report on a task (`report_event!`) from `since` on, as (task row, day, change),
    /// each once, with the reports taken back since: judged as of a day, a report stands
    /// unless the undos recorded by then take it back (`undo::taken_back` over
    /// [`Store::undo_links`] up to that day), as the report replays a past week
    /// (`report_event_before`). `units` judges each week end so.
    pub fn report_days(&self, since: NaiveDate) -> Result<Vec<(i64, NaiveDate, i64)>> {
        let sql = format!(
            "SELECT DISTINCT e.task_id, substr(e.at, 1, 10), e.change_id FROM events e \
             WHERE e.at >= ?1 AND ({REPORT_FIELDS}) AND {REPORT_KIND}"
        );
        let rows = self
            .db()
            .query(&sql, args![ymd(since)])
            .context("reading the history's report days")?;
        let mut out = Vec::new();
        for row in rows {
            let (task, day, change): (i64, String, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
            if let Some(d) = parse_ymd(&day) {
                out.push((task, d, change));
            }
        }
        Ok(out)
    }

    /// Every undo in the ledger: its change, the change it takes back, and its local day; in
    /// the order of the undos' changes.
    pub fn undo_links(&self) -> Result<Vec<crate::report::reminders::UndoLink>> {
        // The undo events through the partial `events_undoes` index, made distinct here: with
        // DISTINCT in the statement SQLite walked `events_change` over every event instead,
        // a table row each, in change order (issue 17: 99,000 page reads at 110,000 events).
        let mut rows = self
            .db()
            .query(UNDO_LINKS, &[])
            .context("reading the undos")?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .collect::<Result<Vec<(i64, i64, String)>>>()?;
        rows.sort_unstable();
        rows.dedup();
        rows.into_iter()
            .map(|(undo, target, at)| {
                let day = parse_ymd(at.get(..10).unwrap_or_default())
                    .ok_or_else(|| anyhow::anyhow!("a recorded time is not a date: {at}"))?;
                Ok(crate::report::reminders::UndoLink { undo, target, day })
            })
            .collect()
    }

    /// Every rename of a unit (`units rename`, and an undo of one: a rename back) as
    /// `report::reminders::Renamed`, each change's (old, new) once, in change order: what
    /// 催办次数 follows to count a notice under the unit's later name. `merge` is left false
    /// here: `cmd::unit_renames` marks the undone merges.
    pub fn unit_renames(&self) -> Result<Vec<crate::report::reminders::Renamed>> {
        // A rename is a lead event marked `task::RENAMED_LEAD` or a supporting unit's event
        // with both names (`Event::is_rename`, the same rule in SQL).
        let sql = format!(
            "SELECT DISTINCT change_id, at, old, new, undoes FROM events
             WHERE old IS NOT NULL AND new IS NOT NULL
               AND ((field = 'lead' AND position = {}) OR field = 'support')
             ORDER BY change_id",
            crate::task::RENAMED_LEAD
        );
        self.db()
            .query(&sql, &[])
            .context("reading the units renamed")?
            .iter()
            .map(|r| {
                let at: String = r.get(1)?;
                let day = parse_ymd(at.get(..10).unwrap_or_default())
                    .ok_or_else(|| anyhow::anyhow!("a recorded time is not a date: {at}"))?;
                Ok(crate::report::reminders::Renamed {
                    change: r.get(0)?,
                    day,
                    old: r.get(2)?,
                    new: r.get(3)?,
                    undoes: r.get(4)?,
                    merge: false,
                })
            })
            .collect()
    }

    /// The changes that issued a 督办通知单 listing at least one of the selected tasks (its
    /// `notice` event on that task), each once: a report scoped to part of the ledger counts
    /// only the notices about that part.
    pub fn notice_changes(&self, filter: &TaskFilter) -> Result<std::collections::HashSet<i64>> {
        let db = self.db();
        let (where_sql, args) = task_where(db.dialect(), filter);
        let sql = format!(
            "SELECT DISTINCT e.change_id FROM events e WHERE e.field = 'notice' \
               AND e.task_id IN (SELECT t.id FROM tasks t{where_sql})"
        );
        db.query(&sql, &args)
            .context("reading the notices that listed the tasks")?
            .iter()
            .map(|r| r.get(0))
            .collect()
    }
}

/// Per task row in `Store::marks`' fold: its first creation day, last time set done and last
/// report day, as the history's text.
type MarkTimes = (Option<Vec<u8>>, Option<Vec<u8>>, Option<Vec<u8>>);

/// Each task's latest standing progress note before a day, from [`Store::marks_and_notes`];
/// the events themselves are read by [`Store::notes_of`].
#[derive(Debug, Clone)]
pub enum LatestNotes {
    /// Found with the marks, in the same pass over the history: (task row → event id).
    Found(std::collections::HashMap<i64, i64>),
    /// To be found when asked for, of the tasks asked for, before this day (local date).
    Later(NaiveDate),
}

impl Default for LatestNotes {
    fn default() -> Self {
        LatestNotes::Found(Default::default())
    }
}

/// `Store::undo_links`' statement: the undo events, each row of an undo once per field it
/// took back.
pub(in crate::store) const UNDO_LINKS: &str =
    "SELECT change_id, undoes, at FROM events WHERE undoes IS NOT NULL";

/// `day` into `slot` if it is the first, or earlier (`later` false) or later (`later` true)
/// than the one kept: SQL's `min` and `max` over text, byte by byte.
fn keep(slot: &mut Option<Vec<u8>>, day: &[u8], later: bool) {
    match slot {
        None => *slot = Some(day.to_vec()),
        // The kept buffer is reused: in a history written in time order nearly every event
        // is later than the one kept, and a new buffer each time was an allocation per event
        // (issue 17's speed).
        Some(kept) if (later && day > kept.as_slice()) || (!later && day < kept.as_slice()) => {
            kept.clear();
            kept.extend_from_slice(day);
        }
        Some(_) => {}
    }
}

/// `Store::marks_and_notes`' statement: per event of the selected tasks before `end` (a local
/// `YYYY-MM-DD` day), the plain columns the fold judges it by (`read::Judged`): task row, time,
/// field, change, event id, whether it has a note, an old value, whether it is an undo, and
/// the new value.
pub(in crate::store) fn marks_query(
    d: Dialect,
    filter: &TaskFilter,
    end: &str,
) -> (String, Vec<Value>) {
    let (where_sql, mut args) = task_where(d, filter);
    let end = push_arg(&mut args, end.to_string().into());
    // Most tasks selected: every event is read once, in the order the table keeps them
    // (the order they were written), and folded by task here. A task's events are spread
    // over the whole history, so a lookup per task through `events_task` read one table
    // page per event, and at 100,000 events most pages again and again (issue 17). A
    // few tasks: their events through that index.
    let (task, at) = if is_broad(filter) {
        (d.unindexed("e.task_id"), d.unindexed("e.at"))
    } else {
        ("e.task_id".to_string(), "e.at".to_string())
    };
    let mut sql = format!(
        "SELECT e.task_id, e.at, e.field, e.change_id, e.id, e.note IS NOT NULL, \
           e.old IS NOT NULL, e.undoes IS NOT NULL, e.new \
         FROM events e WHERE {at} < {end}"
    );
    if !where_sql.is_empty() {
        sql.push_str(&format!(
            " AND {task} IN (SELECT t.id FROM tasks t{where_sql})"
        ));
    }
    (sql, args)
}

#[cfg(test)]
mod tests {
    use super::super::read::{Judged, NOTE_KIND, REPORT_FIELDS, REPORT_KIND};

    /// The fold's rules in Rust (`read::Judged`) say what the SQL rules say, for every kind of
    /// event: each field a history holds (and one it does not), with and without a note, an
    /// old value, as an undo or not.
    #[test]
    fn the_fold_judges_as_the_sql_does() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let sql = format!(
            "SELECT ({REPORT_FIELDS}), ({REPORT_KIND}), {NOTE_KIND} \
             FROM (SELECT ?1 AS field, ?2 AS note, ?3 AS old, ?4 AS undoes) e"
        );
        let fields = [
            "created",
            "title",
            "text",
            "status",
            "progress",
            "deadline",
            "lead",
            "support",
            "support_order",
            "note",
            "notice",
            "rec",
            "other",
        ];
        for field in fields {
            for bits in 0..8u8 {
                let (has_note, has_old, is_undo) = (bits & 1 != 0, bits & 2 != 0, bits & 4 != 0);
                let some = |on: bool, v: &str| on.then(|| v.to_string());
                let sql_says: (bool, bool, bool) = conn
                    .query_row(
                        &sql,
                        rusqlite::params![
                            field,
                            some(has_note, "进展"),
                            some(has_old, "旧"),
                            is_undo.then_some(7),
                        ],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .unwrap();
                let judged = Judged {
                    field: field.as_bytes(),
                    has_note,
                    has_old,
                    is_undo,
                };
                assert_eq!(
                    (
                        judged.report_field(),
                        judged.report_kind(),
                        judged.note_kind()
                    ),
                    sql_says,
                    "{field} note={has_note} old={has_old} undo={is_undo}"
                );
            }
        }
    }
}
