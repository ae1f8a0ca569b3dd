//! `tracker copy --from A --to B`: a whole ledger into a new, empty one, between any two
//! backends, by the export format: A's export is streamed into B as `restore` loads a file
//! (each part checked, all in one transaction), never held whole in memory; then B is
//! exported again and must fingerprint as A's export did (`dump::pipe`), so a copy is never
//! quietly different from its source.

use std::io::Write;

use anyhow::{Result, bail};

use crate::cli::CopyArgs;
use crate::ctx::{Ctx, LedgerAt};
use crate::dump;
use crate::store::Store;

pub fn run(ctx: &Ctx, args: &CopyArgs, out: &mut dyn Write) -> Result<()> {
    let from = match &args.from {
        Some(text) => ctx.ledger(text)?,
        None => ctx.at.clone(),
    };
    let to = ctx.ledger(&args.to)?;
    let (from_shown, to_shown) = (from.shown(), to.shown());
    refuse_itself(&from, &to)?;
    refuse_used(ctx, &to)?;
    // The source is opened before the target is touched: one that cannot be read is
    // refused with nothing made.
    let mut source = Store::open(&from.store_path(), &ctx.access)?;
    let ((tasks, events), exported) = dump::pipe::through(
        |w| source.export_to(w).map(|_| ()),
        |r| crate::cmd::safety::load_into(ctx, &to.store_path(), false, r, &from_shown),
    )?;
    let mut copy = Store::open(&to.store_path(), &ctx.access)?;
    let again = dump::pipe::fingerprint(|w| copy.export_to(w).map(|_| ()))?;
    if again != exported {
        bail!(crate::msg!(
            "the copy in {} does not read back as {} exported: do not use it (remove it and report this)",
            "{} 中的副本与 {} 的导出内容不一致：请勿使用（删除它并报告此问题）",
            to_shown.display(),
            from_shown.display()
        ));
    }
    writeln!(
        out,
        "{}",
        crate::msg!(
            "copied {tasks} tasks and {events} events from {} to {}",
            "已将 {tasks} 项任务和 {events} 条记录从 {} 复制到 {}",
            crate::output::shown(&from_shown),
            crate::output::shown(&to_shown)
        )
    )?;
    Ok(())
}

/// Refuses a target that is the source itself (the same file however named, or the same
/// server ledger), and a target that is a link to nothing (the copy would not be where the
/// name says).
fn refuse_itself(from: &LedgerAt, to: &LedgerAt) -> Result<()> {
    let same = match (from, to) {
        (LedgerAt::File(a), LedgerAt::File(b)) => {
            a == b
                || std::fs::canonicalize(a)
                    .is_ok_and(|a| std::fs::canonicalize(b).is_ok_and(|b| a == b))
        }
        (LedgerAt::Server(_), LedgerAt::Server(_)) => from.shown() == to.shown(),
        _ => false,
    };
    if same {
        bail!(crate::msg!(
            "cannot copy {} into itself: give a new file, or an empty ledger, with --to",
            "无法把 {} 复制到它自身：请用 --to 给出新文件或空台账",
            to.shown().display()
        ));
    }
    if let LedgerAt::File(p) = to
        && std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
        && std::fs::metadata(p).is_err()
    {
        bail!(crate::msg!(
            "{} is a link to a file that does not exist: give the new ledger's own file name with --to",
            "{} 是指向不存在文件的链接：请用 --to 给出新台账自己的文件名",
            p.display()
        ));
    }
    Ok(())
}

/// Refuses a target that already holds a plan, before anything is read or written (the load
/// checks again, in its transaction, against a writer that comes in between).
fn refuse_used(ctx: &Ctx, to: &LedgerAt) -> Result<()> {
    let path = to.store_path();
    let used = match to {
        LedgerAt::File(_) if std::fs::symlink_metadata(&path).is_err() => return Ok(()),
        LedgerAt::File(_) => Store::open(&path, &ctx.access)?,
        // A server without a ledger yet is a new one; one that cannot be reached fails the
        // load with its own line.
        LedgerAt::Server(_) => match Store::open(&path, &ctx.access) {
            Ok(store) => store,
            Err(_) => return Ok(()),
        },
    };
    if !used.recommendations()?.is_empty() {
        bail!(crate::msg!(
            "cannot copy into {}: it already holds a plan, and a copy never overwrites; copy into a new file, or an empty ledger ('tracker init --empty')",
            "无法复制到 {}：其中已有计划，复制不会覆盖已有台账；请复制到新文件或空台账（'tracker init --empty'）",
            path.display()
        ));
    }
    Ok(())
}
