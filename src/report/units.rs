//! Each unit's reporting record over the last weeks (issue 17 §1, `tracker units`): rewound
//! week end by week end from the tasks' current state. Pure.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::followup::Rules;
use crate::model::Status;

/// The end of the last ISO week finished by the end of `day`: `day` itself on a Sunday, else
/// the Sunday before it. `units` and the report's 各单位反馈情况 take their weekly checks at
/// these ends, the weeks the report names (2026-W48 ends on Sunday 11-29), so `units` on a
/// Monday gives the figures of the report sent that morning for the week just ended (issue
/// 17, finding 9). The calendar's first days, before any Sunday, give `day`.
pub fn last_week_end(day: NaiveDate) -> NaiveDate {
    let back = (day.weekday().num_days_from_monday() + 1) % 7;
    day.checked_sub_days(chrono::Days::new(u64::from(back)))
        .unwrap_or(day)
}

/// A unit's follow-up record over the last weeks (issue 17 §1): at the end of each of the
/// `weeks` weeks ending with the as-of day (a Sunday, [`last_week_end`], then 7, 14… days
/// before), every open
/// task the unit leads now is one check; reported on time when it had a report in the
/// `report_every` days up to then (a report taken back by an undo recorded by then does not
/// count; one undone later still does), overdue when its deadline had passed. A task created
/// within `report_every` days of a week end is not yet due a report there: no check (else a
/// unit that never reported would score on time for the week its tasks were created in).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitShare {
    pub unit: String,
    /// Checks counted: (open task it leads, week end) pairs.
    pub checks: usize,
    /// Share of the checks reported on time, percent, one decimal (`None` without checks).
    pub reported_on_time: Option<f64>,
    /// Share of the checks overdue, percent, one decimal (`None` without checks).
    pub overdue_share: Option<f64>,
}

/// Every unit's `UnitShare` at `as_of` over `weeks` weeks, in unit name order: each unit that
/// led a task existing at one of the week ends (checked or not: a task done, or not yet due a
/// report, still makes its unit one the ledger had); a unit whose tasks were all created
/// later is not listed, so a week before the ledger's first task lists none (the last
/// tester's finding 5), never units with no figures. `tasks`: every
/// task as it is now; `leads`: (task row, lead unit) now; `changes`: creations, status and
/// deadline changes since `report_every` days before the earliest check (any order);
/// `reports`: (task row, day, change) of each report since then, undone or not (any order);
/// `undos`: every undo, by which the reports standing at each week end are judged.
#[allow(clippy::too_many_arguments)]
pub fn unit_shares(
    tasks: &[super::TaskState],
    leads: &[(i64, String)],
    mut changes: Vec<super::StateChange>,
    reports: &[(i64, NaiveDate, i64)],
    undos: &[super::reminders::UndoLink],
    as_of: NaiveDate,
    weeks: u32,
    rules: Rules,
) -> Vec<UnitShare> {
    use super::{RowIndex, Undo};
    let index = RowIndex::of_rows(tasks.iter().map(|t| t.row));
    let mut units: Vec<&str> = leads.iter().map(|(_, u)| u.as_str()).collect();
    units.sort_unstable();
    units.dedup();
    let unit_of: Vec<Option<usize>> = {
        let mut v = vec![None; tasks.len()];
        for (row, u) in leads {
            if let Some(i) = index.get(*row) {
                v[i] = units.binary_search(&u.as_str()).ok();
            }
        }
        v
    };
    let mut days: Vec<Vec<(NaiveDate, i64)>> = vec![Vec::new(); tasks.len()];
    for (row, d, change) in reports {
        if let Some(i) = index.get(*row) {
            days[i].push((*d, *change));
        }
    }
    // The day each task was created, where that is among the changes read.
    let mut created: Vec<Option<NaiveDate>> = vec![None; tasks.len()];
    for c in &changes {
        if let (Undo::Created, Some(i)) = (c.undo, index.get(c.row)) {
            created[i] = super::replay::day_of(c.at);
        }
    }
    // (exists, status, deadline), rewound newest change first.
    let mut state: Vec<(bool, Status, Option<NaiveDate>)> =
        tasks.iter().map(|t| (true, t.status, t.deadline)).collect();
    super::StateChange::in_order(&mut changes);
    let mut applied = changes.len();
    // (checks, on time, overdue) per unit.
    let mut tally = vec![(0usize, 0usize, 0usize); units.len()];
    // Whether the unit led a task that existed at one of the week ends.
    let mut led = vec![false; units.len()];
    for k in 0..weeks.max(1) {
        let Some(end) = as_of.checked_sub_days(chrono::Days::new(7 * u64::from(k))) else {
            break;
        };
        while applied > 0 && changes[applied - 1].after(end) {
            applied -= 1;
            let c = changes[applied];
            if let Some(i) = index.get(c.row) {
                match c.undo {
                    Undo::Created => state[i].0 = false,
                    Undo::Status(st) => state[i].1 = st,
                    Undo::Deadline(d) => state[i].2 = d,
                    Undo::Progress(_) => {}
                }
            }
        }
        let first = end - chrono::Days::new(u64::from(rules.report_every));
        // The reports standing at `end`: undos recorded later do not exist yet.
        let taken = crate::undo::taken_back(
            (undos.iter())
                .filter(|u| u.day <= end)
                .map(|u| (u.undo, u.target)),
        );
        for (i, &(exists, status, deadline)) in state.iter().enumerate() {
            let Some(u) = unit_of[i] else { continue };
            led[u] |= exists;
            if !exists || !status.is_open() || created[i].is_some_and(|c| c >= first) {
                continue;
            }
            let t = &mut tally[u];
            t.0 += 1;
            t.1 += usize::from(
                days[i]
                    .iter()
                    .any(|(d, c)| *d >= first && *d <= end && !taken.contains(c)),
            );
            t.2 += usize::from(deadline.is_some_and(|d| d < end));
        }
    }
    let share = |n: usize, of: usize| (of > 0).then(|| super::round1(n as f64 * 100.0 / of as f64));
    units
        .iter()
        .zip(tally)
        .zip(led)
        .filter(|(_, led)| *led)
        .map(|((u, (checks, on_time, overdue)), _)| UnitShare {
            unit: u.to_string(),
            checks,
            reported_on_time: share(on_time, checks),
            overdue_share: share(overdue, checks),
        })
        .collect()
}

/// Every unit named in `tasks` (lead or supporting), in name order, with the tasks it leads and
/// supports and, of those, the open, overdue (deadline before `as_of`) and done ones: what
/// `Store::unit_stats` counts, over tasks already rewound to a past day (`rewind_tasks`).
/// `tasks` holds no task an undo took back (those count for no unit).
pub fn unit_stats(tasks: &[crate::task::Task], as_of: NaiveDate) -> Vec<crate::store::UnitStats> {
    let mut by_unit: std::collections::BTreeMap<&str, crate::store::UnitStats> =
        std::collections::BTreeMap::new();
    for t in tasks {
        let named = t
            .lead
            .iter()
            .map(|u| (u, true))
            .chain(t.support.iter().map(|u| (u, false)));
        for (unit, leads) in named {
            let s = by_unit
                .entry(unit.as_str())
                .or_insert_with(|| crate::store::UnitStats {
                    unit: unit.clone(),
                    lead: 0,
                    support: 0,
                    open: 0,
                    overdue: 0,
                    done: 0,
                });
            if leads {
                s.lead += 1;
            } else {
                s.support += 1;
            }
            let open = t.status.is_open();
            s.open += usize::from(open);
            s.overdue += usize::from(open && t.deadline.is_some_and(|d| d < as_of));
            s.done += usize::from(t.status == Status::Done);
        }
    }
    by_unit.into_values().collect()
}
