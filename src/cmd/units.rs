//! `tracker units`: who leads and supports what, with open, overdue and done counts; and
//! `tracker units rename OLD NEW`, one recorded change per task that names the unit.

use std::io::Write;

use anyhow::{Result, anyhow, bail};
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
        Some(UnitsAction::Rename { old, new, actor }) => {
            let new = clean_text(TextKind::Unit, new)
                .map_err(|e| anyhow!(crate::msg!("invalid new name: {e}", "新名称无效：{e}")))?;
            let stamp = ctx.stamp(actor)?;
            let mut store = ctx.open()?;
            let old = super::resolve_unit(&store, old)?;
            if old == new {
                bail!(crate::msg!(
                    "the unit is already called {new}",
                    "该单位已经叫 {new}"
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

fn list(ctx: &Ctx, format: Format, weeks: Option<u32>, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open()?;
    let today = ctx.today();
    let weeks = weeks.unwrap_or(ctx.unit_weeks);
    let rules = ctx.followup;
    // The earliest week end judged; changes after it are undone on the way back to it.
    let earliest = today
        .checked_sub_days(Days::new(7 * u64::from(weeks - 1)))
        .unwrap_or(today);
    let (stats, shares) = store.snapshot(|s| {
        let all = TaskFilter::default();
        let changes = s.state_changes(
            &all,
            &[Field::Created, Field::Status, Field::Deadline],
            Some(earliest + Days::new(1)),
        )?;
        let reports = s.report_days(
            earliest
                .checked_sub_days(Days::new(u64::from(rules.report_every)))
                .unwrap_or(earliest),
        )?;
        let shares = unit_shares(
            &s.task_states(&all)?,
            &s.lead_rows()?,
            changes,
            &reports,
            today,
            weeks,
            rules,
        );
        Ok((s.unit_stats(today)?, shares))
    })?;
    let lookalikes =
        table::lookalike_units(&lookalikes(stats.iter().map(|s| s.unit.as_str())), ctx.lang);
    match format {
        Format::Json => {
            out.write_all(json::to_string(&json::units(&stats, &shares, weeks))?.as_bytes())?;
            // JSON stays data only; the hint goes where messages go.
            eprint!("{lookalikes}");
        }
        Format::Table => {
            let t = table::units(&stats, &shares, ctx.lang, super::width());
            out.write_all(t.as_bytes())?;
            out.write_all(table::units_legend(weeks, rules.report_every, ctx.lang).as_bytes())?;
            out.write_all(lookalikes.as_bytes())?;
        }
    }
    Ok(())
}
