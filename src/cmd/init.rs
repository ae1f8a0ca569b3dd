//! `tracker init`: create the ledger, seeded with the report's plan unless `--empty`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::cli::InitArgs;
use crate::ctx::Ctx;
use crate::model::parse_date;
use crate::seed::{PLAN_FILE, Plan};
use crate::store::{Stamp, Store};

pub fn run(ctx: &Ctx, args: &InitArgs, out: &mut dyn Write) -> Result<()> {
    let start = match &args.start {
        Some(s) => parse_date(s, ctx.today()).map_err(anyhow::Error::msg)?,
        None => ctx.today(),
    };
    let stamp = ctx.stamp(&args.actor)?;
    let plan = if args.empty {
        None
    } else {
        Some(Plan::builtin()?)
    };
    let path = &ctx.db;
    let mut moved = None;
    if path.exists() {
        if !args.force {
            bail!(
                "{} already exists: use 'tracker init --force' to replace it (the old file is kept), or --db for another file",
                path.display()
            );
        }
        if path.is_dir() {
            bail!("{} is a directory, not a ledger file", path.display());
        }
        moved = Some(move_aside(path, &stamp)?);
    }
    let (mut store, _) = Store::open_or_create(path)?;
    let count = match &plan {
        Some(plan) => seed_with(&mut store, plan, start, &stamp)?,
        None => {
            store.seed(start, &[], &[], &stamp, "")?;
            0
        }
    };
    if let Some(old) = moved {
        writeln!(out, "kept the previous ledger as {}", old.display())?;
    }
    writeln!(
        out,
        "created {} with {count} tasks, plan starting {start}",
        path.display()
    )?;
    Ok(())
}

/// Seeds a blank ledger with the built-in plan starting at `start`; returns the task count.
pub fn seed_plan(store: &mut Store, start: NaiveDate, stamp: &Stamp) -> Result<usize> {
    seed_with(store, &Plan::builtin()?, start, stamp)
}

fn seed_with(store: &mut Store, plan: &Plan, start: NaiveDate, stamp: &Stamp) -> Result<usize> {
    let tasks = plan.tasks_from(start)?;
    let recs: Vec<_> = plan
        .recommendations
        .iter()
        .map(|r| crate::task::Recommendation {
            number: r.number,
            headline: r.headline.clone(),
            text: r.text.clone(),
        })
        .collect();
    store.seed(
        start,
        &recs,
        &tasks,
        stamp,
        &format!("seeded from {PLAN_FILE}"),
    )?;
    Ok(tasks.len())
}

/// Renames an existing ledger (and its WAL files) out of the way: nothing is deleted.
fn move_aside(path: &Path, stamp: &Stamp) -> Result<PathBuf> {
    let suffix: String = stamp
        .at
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    let target = with_suffix(path, &format!(".replaced-{suffix}"));
    if target.exists() {
        bail!("{} already exists: move it away first", target.display());
    }
    for ext in ["-wal", "-shm"] {
        let side = with_suffix(path, ext);
        if side.exists() {
            std::fs::rename(&side, with_suffix(&target, ext))
                .with_context(|| format!("moving {}", side.display()))?;
        }
    }
    std::fs::rename(path, &target)
        .with_context(|| format!("moving {} to {}", path.display(), target.display()))?;
    Ok(target)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}
