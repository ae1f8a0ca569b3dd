//! `tracker init`: create the ledger, seeded with the report's plan unless `--empty`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::cli::InitArgs;
use crate::ctx::Ctx;
use crate::model::parse_date;
use crate::seed::{PLAN_FILE, Plan};
use crate::store::{Seed, Stamp, Store};

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
    if std::fs::symlink_metadata(path).is_ok() {
        if !args.force {
            bail!(crate::msg!(
                "{} already exists: use 'tracker init --force' to replace it (the old file is kept), or --db for another file",
                "{} 已存在：用 'tracker init --force' 替换它（旧文件会保留），或用 --db 指定另一个文件",
                path.display()
            ));
        }
        if path.is_dir() {
            bail!(crate::msg!(
                "{} is a directory, not a ledger file",
                "{} 是文件夹，不是台账文件",
                path.display()
            ));
        }
        if path.exists() && !path.is_file() {
            bail!(crate::msg!(
                "{} is not a regular file (a device, FIFO or socket): give a ledger file path with --db",
                "{} 不是普通文件（而是设备、管道或套接字）：请用 --db 指定台账文件路径",
                path.display()
            ));
        }
        moved = Some(move_aside(path, &stamp)?);
    }
    let (created, count) = match &plan {
        Some(plan) => {
            let (_, created, count) = create_seeded(ctx, plan, start, &stamp)?;
            (created, count)
        }
        None => {
            let seed = Seed {
                start,
                recs: &[],
                tasks: &[],
                stamp: &stamp,
                note: "",
            };
            (ctx.create(Some(&seed))?.1, 0)
        }
    };
    if !created {
        bail!(crate::msg!(
            "{} was created by another tracker just now: use it, or 'tracker init --force' to replace it",
            "{} 刚被另一个 tracker 创建：请直接使用，或用 'tracker init --force' 替换",
            path.display()
        ));
    }
    if let Some(old) = moved {
        writeln!(
            out,
            "{}",
            crate::msg!(
                "kept the previous ledger as {}",
                "原台账已保留为 {}",
                old.display()
            )
        )?;
    }
    writeln!(
        out,
        "{}",
        crate::msg!(
            "created {} with {count} tasks, plan starting {start}",
            "已创建 {}，共 {count} 项任务，计划自 {start} 起",
            path.display()
        )
    )?;
    Ok(())
}

/// Creates the ledger seeded with `plan` starting at `start`, schema and plan in one
/// transaction; returns the store, whether this process created it, and the task count.
pub fn create_seeded(
    ctx: &Ctx,
    plan: &Plan,
    start: NaiveDate,
    stamp: &Stamp,
) -> Result<(Store, bool, usize)> {
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
    let note = format!("seeded from {PLAN_FILE}");
    let seed = Seed {
        start,
        recs: &recs,
        tasks: &tasks,
        stamp,
        note: &note,
    };
    let (store, created) = ctx.create(Some(&seed))?;
    Ok((store, created, tasks.len()))
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
        bail!(crate::msg!(
            "{} already exists: move it away first",
            "{} 已存在：请先把它移走",
            target.display()
        ));
    }
    for ext in ["-wal", "-shm"] {
        let side = with_suffix(path, ext);
        if side.exists() {
            std::fs::rename(&side, with_suffix(&target, ext))
                .with_context(|| crate::msg!("moving {}", "移动 {}", side.display()))?;
        }
    }
    std::fs::rename(path, &target).with_context(|| {
        crate::msg!(
            "moving {} to {}",
            "把 {} 移到 {}",
            path.display(),
            target.display()
        )
    })?;
    Ok(target)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}
