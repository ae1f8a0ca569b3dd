//! `tracker units`: who leads and supports what, with open, overdue and done counts; and
//! `tracker units rename OLD NEW`, one recorded change per task that names the unit.

use std::io::Write;

use anyhow::{Result, anyhow, bail};

use crate::cli::{Format, UnitsAction, UnitsArgs};
use crate::ctx::Ctx;
use crate::model::{TextKind, clean_text, lookalikes};
use crate::render::{json, table};
use crate::task::plan_rename;

pub fn run(ctx: &Ctx, args: &UnitsArgs, out: &mut dyn Write) -> Result<()> {
    match &args.action {
        None => list(ctx, args.format, out),
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

fn list(ctx: &Ctx, format: Format, out: &mut dyn Write) -> Result<()> {
    let store = ctx.open()?;
    let stats = store.unit_stats(ctx.today())?;
    let lookalikes =
        table::lookalike_units(&lookalikes(stats.iter().map(|s| s.unit.as_str())), ctx.lang);
    match format {
        Format::Json => {
            out.write_all(json::to_string(&stats)?.as_bytes())?;
            // JSON stays data only; the hint goes where messages go.
            eprint!("{lookalikes}");
        }
        Format::Table => {
            out.write_all(table::units(&stats, ctx.lang, super::width()).as_bytes())?;
            out.write_all(lookalikes.as_bytes())?;
        }
    }
    Ok(())
}
