//! `tracker units`: who leads and supports what, with open, overdue and done counts; and
//! `tracker units rename OLD NEW`, one recorded change per task that names the unit.

use std::io::Write;

use anyhow::{Result, bail};
use chrono::Days;

use crate::cli::{Format, UnitsAction, UnitsArgs};
use crate::ctx::Ctx;
use crate::model::{TextKind, clean_text, lookalikes};
use crate::render::{json, table};
use crate::report::units::unit_shares;
use crate::store::TaskFilter;
use crate::task::Field;
use crate::task::plan_rename;

pub fn run(ctx: &Ctx, args: &UnitsArgs, out: &mut dyn Write) -> Result<()> {
    match &args.action {
        None => list(ctx, args.format, args.weeks, out),
        Some(UnitsAction::Rename {
            old,
            new,
            new_unit,
            actor,
        }) => {
            let new = clean_text(TextKind::Unit, new).map_err(|e| {
                crate::model::bad_value(crate::msg!("invalid new name: {e}", "新名称无效：{e}"))
            })?;
            let stamp = ctx.stamp(actor)?;
            let mut store = ctx.open()?;
            let old = super::resolve_unit(&store, old)?;
            // Onto a unit already known (under the one name key) is a merge; onto a slip for
            // or another spelling of one is refused as --lead refuses it.
            let others: Vec<String> = store.units()?.into_iter().filter(|u| *u != old).collect();
            let new = crate::model::known_name(&new, &others).to_string();
            super::refuse_near_units_in(&others, &[new.as_str()], *new_unit)?;
            if old == new {
                bail!(crate::msg!(
                    "the unit is already called {new}",
                    "该单位已经叫 {new}"
                ));
            }
            // Another spelling of the unit's own name (spaces, width, case, Traditional: the
            // one twin rule --lead refuses by) would leave the usual spelling refused
            // everywhere as a slip for it; only on purpose. Onto a unit that exists under
            // that spelling is the merge `tracker units` advises, and goes ahead; so is a
            // name stored before names were normalised (县(区)委) put into its one form.
            if !*new_unit
                && !others.contains(&new)
                && crate::model::name_key(&old) != crate::model::name_key(&new)
                && crate::model::twin_key(&old) == crate::model::twin_key(&new)
            {
                let (o, n) = (
                    crate::render::safe(&old, false),
                    crate::render::safe(&new, false),
                );
                bail!(crate::msg!(
                    "'{n}' is '{o}' written another way (only spacing, width, case or Traditional forms differ), so the rename would change nothing but the spelling; to rename it so on purpose, give --new-unit",
                    "“{n}”与“{o}”是同一单位的两种写法（只有空格、全半角、大小写或繁简不同），改名只会改变写法；确要如此改名，请加 --new-unit"
                ));
            }
            let changed = store.update_all(
                &crate::store::TaskFilter {
                    unit: Some(old.clone()),
                    ..Default::default()
                },
                &stamp,
                |task| Ok(plan_rename(task, &old, &new)),
            )?;
            writeln!(
                out,
                "{}",
                crate::msg!(
                    "renamed {old} to {new} in {changed} task{}",
                    "已在 {changed} 项任务中将 {old} 改名为 {new}{}",
                    if crate::i18n::zh() || changed == 1 {
                        ""
                    } else {
                        "s"
                    }
                )
            )?;
            Ok(())
        }
    }
}

/// Every task's state and its lead now, as (storage row, unit), read by a caller of [`shares`].
pub(crate) type Known = (Vec<crate::report::TaskState>, Vec<(i64, String)>);

/// Every lead unit's reporting record over the `weeks` weeks finished by `as_of` (checked at
/// their ends, Sundays: `report::units::last_week_end`; `report::units::unit_shares`), read
/// from `s`: what `units` shows and the weekly report's 各单位反馈情况, one computation for
/// both. Each task counts for the unit that led it at the last of those ends (lead changes
/// recorded later taken back), under that unit's name on `day` itself (renames between the
/// week end and `day` followed, `report::reminders::name_since`), so `units` on any day of a
/// week gives the figures of the report for the week before it, and the names of that day's
/// tables (issue 17, findings 4 and 9; 17g-1). `known`: every task's state and its lead now
/// (`Store::task_states` of every task, `Store::lead_rows`), when the caller has read them in
/// the same snapshot.
pub(crate) fn shares(
    s: &crate::store::Store,
    day: chrono::NaiveDate,
    weeks: u32,
    rules: crate::report::Rules,
    known: Option<Known>,
) -> Result<Vec<crate::report::units::UnitShare>> {
    let as_of = crate::report::units::last_week_end(day);
    // The earliest week end judged; changes after it are undone on the way back to it.
    let earliest = as_of
        .checked_sub_days(Days::new(7 * u64::from(weeks.max(1) - 1)))
        .unwrap_or(as_of);
    let all = TaskFilter::default();
    // From `report_every` days before the earliest check: the reports that count for it, and
    // the creations of the tasks not yet due a report at it.
    let reach = earliest
        .checked_sub_days(Days::new(u64::from(rules.report_every)))
        .unwrap_or(earliest);
    let changes = s.state_changes(
        &all,
        &[Field::Created, Field::Status, Field::Deadline],
        Some(reach),
    )?;
    let reports = s.report_days(reach)?;
    let undos = s.undo_links()?;
    let (states, mut leads) = match known {
        Some(known) => known,
        None => (s.task_states(&all)?, s.lead_rows()?),
    };
    // Each task's lead at the week end (`Store::leads_at`, the one rule for a lead as of a
    // day: later lead changes taken back).
    let tasks: Vec<(i64, crate::model::TaskId)> = states.iter().map(|t| (t.row, t.id)).collect();
    let then = s.leads_at(&tasks, as_of, &leads)?;
    let row_of: std::collections::HashMap<crate::model::TaskId, i64> =
        tasks.iter().map(|(row, id)| (*id, *row)).collect();
    let then: Vec<(i64, String)> = then
        .into_iter()
        .filter_map(|(id, unit)| Some((row_of[&id], unit?)))
        .collect();
    // A rename changes lead events too: where leads changed after the week end, some may be
    // renames recorded by `day`, whose new names the week's figures take.
    if then.len() != leads.len() || {
        let now: std::collections::HashMap<i64, &String> =
            leads.iter().map(|(row, unit)| (*row, unit)).collect();
        then.iter().any(|(row, unit)| now.get(row) != Some(&unit))
    } {
        leads = then;
        if day > as_of {
            let renames = super::unit_renames(s)?;
            for (_, unit) in &mut leads {
                let named = crate::report::reminders::name_since(unit, as_of, &renames, day);
                if named != unit.as_str() {
                    *unit = named.to_string();
                }
            }
        }
    }
    Ok(unit_shares(
        &states, &leads, changes, &reports, &undos, as_of, weeks, rules,
    ))
}

fn list(ctx: &Ctx, format: Format, weeks: Option<u32>, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open()?;
    let today = ctx.today();
    let weeks = weeks.unwrap_or(ctx.unit_weeks);
    let rules = ctx.followup;
    let (stats, shares, tasks) = store.snapshot(|s| {
        let stats = stats_as_of(s, today)?;
        // No unit to list: whether the ledger had any task by then says why.
        let tasks = !stats.is_empty()
            || !s
                .events(&crate::store::EventFilter {
                    until: Some(today),
                    fields: vec![Field::Created],
                    ..Default::default()
                })?
                .is_empty();
        Ok((stats, shares(s, today, weeks, rules, None)?, tasks))
    })?;
    let lookalikes =
        table::lookalike_units(&lookalikes(stats.iter().map(|s| s.unit.as_str())), ctx.lang);
    match format {
        Format::Json => {
            out.write_all(json::to_string(&json::units(&stats, &shares, weeks))?.as_bytes())?;
            // JSON stays data only; the hint goes where messages go.
            eprint!("{lookalikes}");
        }
        Format::Table if stats.is_empty() => {
            out.write_all(table::units_none(today, tasks, ctx.lang).as_bytes())?;
        }
        Format::Table => {
            let t = table::units(&stats, &shares, ctx.lang, super::width());
            out.write_all(t.as_bytes())?;
            out.write_all(
                table::units_legend(
                    weeks,
                    rules.report_every,
                    crate::report::units::last_week_end(today),
                    ctx.lang,
                    super::width(),
                )
                .as_bytes(),
            )?;
            out.write_all(lookalikes.as_bytes())?;
        }
    }
    Ok(())
}

/// Each unit's task counts as the ledger stood at the end of `as_of`: the store's counts when
/// nothing was recorded after that day, else the tasks rewound to it (`rewind_tasks`: a task
/// added later is not there yet, a unit renamed or a lead changed later has its old name and
/// role), so `units --today D` names only the units that existed on D.
fn stats_as_of(
    s: &crate::store::Store,
    as_of: chrono::NaiveDate,
) -> Result<Vec<crate::store::UnitStats>> {
    let later = s.events(&crate::store::EventFilter {
        since: as_of.checked_add_days(Days::new(1)),
        ..Default::default()
    })?;
    if later.is_empty() {
        return s.unit_stats(as_of);
    }
    let mut tasks = crate::report::rewind_tasks(s.tasks(&TaskFilter::default())?, &later);
    // A task an undo took back (an undone `add` or import) counts for no unit, as in
    // `unit_stats`: cancelled then by a status change that an undo wrote.
    let mut taken_back = std::collections::HashSet::new();
    for t in tasks
        .iter()
        .filter(|t| t.status == crate::model::Status::Cancelled)
    {
        let status = s.events(&crate::store::EventFilter {
            task: Some(t.id),
            until: Some(as_of),
            fields: vec![Field::Status],
            ..Default::default()
        })?;
        if status.last().is_some_and(|e| e.undoes.is_some()) {
            taken_back.insert(t.id);
        }
    }
    tasks.retain(|t| !taken_back.contains(&t.id));
    Ok(crate::report::units::unit_stats(&tasks, as_of))
}
