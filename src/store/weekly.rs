//! What the weekly report reads, and the choice of it (issue 18's design: the choice belongs
//! with the store, not with `cmd/report.rs`). First the outline's input for the report's scope,
//! in one pass (`Store::weekly_input`); then, once the outline has picked its tasks, their
//! words (`WeeklyRead::words`): the scope's events read whole or those of the rows named,
//! whichever the picks make cheaper, and each shown row's latest note.

use std::collections::HashSet;

use anyhow::Result;
use chrono::NaiveDate;

use super::{EventFilter, LatestNotes, Store, TaskFilter};
use crate::report::{Input, Needs, Period, Pick, Picks, Rules, Scope, as_of_end, named_unit};
use crate::task::{Event, Field, Task};

/// The settings a weekly report's outline is judged by (not read from the ledger).
#[derive(Debug, Clone, Copy)]
pub struct WeeklyRules {
    /// The first day of the plan (序时进度 counts from it for the seeded tasks).
    pub plan_start: NaiveDate,
    /// The day the report is made (`--today`).
    pub today: NaiveDate,
    /// Days ahead a deadline counts as due soon.
    pub due_soon_days: u32,
    /// Follow-up's rules (report interval, pace thresholds).
    pub rules: Rules,
}

/// The reads a weekly report's words need after its outline, in the snapshot the outline was
/// read in: made by [`Store::weekly_input`], told what the outline picked by
/// [`WeeklyRead::picked`], then asked for the words of those tasks a chunk at a time.
pub struct WeeklyRead<'s> {
    s: &'s Store,
    /// The report's scope as a task filter (its recommendation or unit; no task text).
    filter: TaskFilter,
    period: Period,
    need: Needs,
    /// Each task's latest note before the period (最新进展 in a week without news).
    latest_notes: LatestNotes,
    /// Scoped by unit: every task of the scope as of the end, and its events, read first to
    /// see which named the unit.
    scoped: Option<(Vec<Task>, Vec<Event>)>,
    /// How many tasks the report covers.
    every: usize,
    /// The scope's events, read once when most of it is picked (`picked`).
    scope_events: Option<Vec<Event>>,
    /// The storage rows whose latest note is shown (the progress table's and the 通报's 二).
    noted: HashSet<i64>,
}

impl Store {
    /// The weekly report's input for `scope` over `period` (`need`: what the figures look
    /// back to, `report::needs`): every task's state, the state changes the figures replay,
    /// follow-up's dates and the period's news, in one pass. Scoped by unit, the tasks that
    /// named the unit at the report's end only (the scope's tasks read whole to see which).
    /// With it, the reader of the picked tasks' words.
    pub fn weekly_input(
        &self,
        scope: &Scope,
        period: Period,
        need: Needs,
        rules: WeeklyRules,
    ) -> Result<(Input, WeeklyRead<'_>)> {
        // Scoping by unit also takes the tasks that named it since the period began; which of
        // them named it at the report's end is decided below, on the tasks as they were then.
        let filter = TaskFilter {
            rec: scope.recommendation,
            unit: scope.unit.clone(),
            unit_since: scope.unit.as_ref().map(|_| period.from),
            without_text: true,
            ..Default::default()
        };
        let mut changes = self.state_changes(
            &filter,
            &[Field::Created, Field::Status],
            Some(need.status_since),
        )?;
        changes.extend(self.state_changes(
            &filter,
            &[Field::Deadline, Field::Progress],
            Some(need.state_since),
        )?);
        // Follow-up's dates and each task's latest note before the period, in one pass.
        let (marks, latest_notes) = self.marks_and_notes(&filter, need.as_of, Some(period.from))?;
        let mut input = Input {
            states: self.task_states(&filter)?,
            changes,
            news: crate::report::news::tasks_with_news(&self.period_news(
                &filter,
                period.from,
                need.as_of,
            )?),
            plan_start: rules.plan_start,
            today: rules.today,
            due_soon_days: rules.due_soon_days,
            marks,
            rules: rules.rules,
        };
        let mut read = WeeklyRead {
            s: self,
            filter,
            period,
            need,
            latest_notes,
            scoped: None,
            every: 0,
            scope_events: None,
            noted: HashSet::new(),
        };
        if let Some(unit) = &scope.unit {
            let (tasks, events) = read.read(read.filter.clone())?;
            let named = named_unit(&tasks, unit);
            input.states.retain(|t| named.binary_search(&t.id).is_ok());
            read.scoped = Some((tasks, events));
        }
        read.every = input.states.len();
        Ok((input, read))
    }
}

impl WeeklyRead<'_> {
    /// The report's scope as a task filter, for the other reads of the report.
    pub fn filter(&self) -> &TaskFilter {
        &self.filter
    }

    /// Told what the outline picked: the scope's events are then read once, whole, and given
    /// out by task, when most of the scope is picked or the period is a week or two (its
    /// events are then mostly those of the rows shown first, later changes of titles and
    /// units are few, and two range reads cost less than a lookup for each task named); for
    /// a long period with few rows shown, only their events are read, when asked for. The
    /// latest notes are read for the rows of the progress table and the 通报's 二 only: the
    /// tasks read for a list of deadlines or silent units need none (at 10,000 tasks, 6,500
    /// notes read one by one on a server for nothing).
    pub fn picked(&mut self, picks: &Picks) -> Result<()> {
        let picked = picks.rows.len() + picks.overdue.len() + picks.upcoming.len();
        let short = (self.period.to - self.period.from).num_days() < 14;
        if self.scoped.is_none() && (short || picked * 2 > self.every || picked > 5_000) {
            self.scope_events = Some(self.events_of(&self.filter)?);
        }
        self.noted = (picks.rows.iter().chain(&picks.news))
            .map(|p| p.row)
            .collect();
        Ok(())
    }

    /// The words of the tasks `picked` (titles and units as of the report's end, sorted by
    /// id) and their events: the period's, each shown row's latest note from before it, and
    /// the later changes of titles and units, by id (oldest first), each undo naming the note
    /// it withdrew.
    pub fn words(&mut self, picked: &[Pick]) -> Result<(Vec<Task>, Vec<Event>)> {
        if picked.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let s = self.s;
        let mut ids: Vec<crate::model::TaskId> = picked.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        let named = |id: &crate::model::TaskId| ids.binary_search(id).is_ok();
        let rows = TaskFilter {
            rows: picked.iter().map(|p| p.row).collect(),
            ..self.filter.clone()
        };
        // Before the events, each named task's latest note from before the period, for the
        // rows shown only.
        let shown = TaskFilter {
            rows: (picked.iter())
                .filter(|p| self.noted.contains(&p.row))
                .map(|p| p.row)
                .collect(),
            ..self.filter.clone()
        };
        let mut events = if shown.rows.is_empty() {
            Vec::new()
        } else {
            s.notes_of(&self.latest_notes, &shown)?
        };
        events.sort_unstable_by_key(|e| e.id);
        let of_named = |from: &[Event]| {
            from.iter()
                .filter(|e| named(&e.task))
                .cloned()
                .collect::<Vec<_>>()
        };
        // Each undo in the period names the note it withdrew with the change it took back.
        let name_withdrawn = |events: &mut Vec<Event>| -> Result<()> {
            let undone: Vec<i64> = events.iter().filter_map(|e| e.undoes).collect();
            let taken = s.noted_events_of_changes(&undone)?;
            crate::report::news::name_withdrawn_notes(events, &taken);
            Ok(())
        };
        if let Some((tasks, scope)) = &self.scoped {
            let tasks = tasks.iter().filter(|t| named(&t.id)).cloned().collect();
            events.extend(of_named(scope));
            name_withdrawn(&mut events)?;
            return Ok((tasks, events));
        }
        // Most of the scope at once: read it whole rather than name each row.
        let tasks = if picked.len() * 2 > self.every || picked.len() > 5_000 {
            s.tasks(&self.filter)?
        } else {
            s.tasks(&rows)?
        };
        // The rows' own events are theirs already; the scope's are filtered to them.
        match &self.scope_events {
            Some(all) => events.extend(of_named(all)),
            None => events.extend(self.events_of(&rows)?),
        }
        name_withdrawn(&mut events)?;
        Ok((as_of_end(tasks, &events, self.need.as_of), events))
    }

    /// Events of the rows shown: the period's (本周进展), and the later changes of their
    /// titles and units (undone to show them as they were), oldest first.
    fn events_of(&self, tasks: &TaskFilter) -> Result<Vec<Event>> {
        let mut events = self.s.events(&EventFilter {
            since: Some(self.period.from),
            until: Some(self.need.as_of),
            tasks: Some(tasks.clone()),
            // Withdrawals too: an undo chain is judged whole (`report::rows_of`), and a
            // redone note's withdrawal and redo cancel out; withdrawn ones are left out there.
            live: false,
            ..Default::default()
        })?;
        events.extend(self.s.events(&EventFilter {
            since: Some(self.need.state_since),
            fields: vec![
                Field::Title,
                Field::Lead,
                Field::Support,
                Field::SupportOrder,
            ],
            tasks: Some(tasks.clone()),
            ..Default::default()
        })?);
        Ok(events)
    }

    /// The tasks `tasks` selects as of the report's end, with their events (`events_of`).
    fn read(&self, tasks: TaskFilter) -> Result<(Vec<Task>, Vec<Event>)> {
        let events = self.events_of(&tasks)?;
        Ok((
            as_of_end(self.s.tasks(&tasks)?, &events, self.need.as_of),
            events,
        ))
    }
}
