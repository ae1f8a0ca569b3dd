//! `tracker collect FILE...`: returned sheets (xlsx, xls, ods through calamine; csv) read back
//! into the ledger; and `collect --missing`, the units whose sheet has not come back.
//!
//! All or nothing, like one transaction: every file is read and checked first, in the order
//! given, against the ledger as the files before it would leave it; if any is refused, none is
//! applied and the error names each refused file. Otherwise all are applied in one
//! transaction, each file as one recorded change by its unit (so one `undo` takes one sheet
//! back), and the summary names each file applied.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use crate::cli::{ActorArg, CollectArgs};
use crate::ctx::Ctx;
use crate::model::TaskId;
use crate::msg;
use crate::render::grid::display_width;
use crate::render::{describe, safe};
use crate::report::Period;
use crate::store::{CollectedFile, SheetToApply, TaskFilter};
use crate::task::{Task, apply_change};

mod check;
mod grid;
mod rows;
use check::{Checked, changed_since, check_file, plan};
use grid::read_sheet;
use rows::{Layout, answers};

pub fn run(ctx: &Ctx, args: &CollectArgs, out: &mut dyn Write) -> Result<()> {
    if args.missing {
        return missing(ctx, args, out);
    }
    // (clap's `requires` counts a flag's default as present, so this is checked here.)
    if args.week.is_some() {
        bail!(msg!(
            "--week goes with --missing: a returned sheet names its own week",
            "--week 只与 --missing 一起使用：交回的反馈表自带周次"
        ));
    }
    let mut store = ctx.open()?;
    let collector = ctx.stamp(&ActorArg { by: None })?.actor;
    let ledger = store.existing_ledger_id()?;
    let mut tasks: HashMap<TaskId, Task> = store
        .tasks(&TaskFilter::default())?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    // 1. Every file checked; each one's plan applied to `tasks` for the files after it.
    let mut good: Vec<Checked> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    for path in &args.files {
        match check_file(ctx, &tasks, ledger.as_deref(), path, args, &good, &store) {
            Ok(c) => {
                for (id, changes) in &c.plans {
                    if let Some(t) = tasks.get_mut(id) {
                        for ch in changes {
                            apply_change(
                                t,
                                ch.field,
                                ch.new.as_deref(),
                                ch.old.as_deref(),
                                ch.position,
                            );
                        }
                    }
                }
                good.push(c);
            }
            Err(e) => refused.push(crate::i18n::error_chain(&e)),
        }
    }
    if !refused.is_empty() {
        return Err(refusal(&refused, args.files.len()));
    }
    // 2. All applied in one transaction, one change per file, each re-planned under the lock;
    // a dry run goes through the same writes and checks and is then rolled back.
    let mut sheets = Vec::new();
    for c in &good {
        let stamp = ctx
            .stamp(&ActorArg {
                by: Some(c.identity.unit.clone()),
            })
            .map_err(|_| {
                anyhow!(msg!(
                    "{}: its identity names no valid unit; issue the sheet again with 'tracker sheets'",
                    "{}：表格标识中的单位名无效；请用 'tracker sheets' 重新发出",
                    c.name
                ))
            })?;
        sheets.push(SheetToApply {
            file: CollectedFile {
                hash: c.hash.clone(),
                file: c.name.clone(),
                week: c.identity.week.clone(),
                unit: c.identity.unit.clone(),
            },
            ids: c
                .answers
                .iter()
                .filter(|a| a.touches())
                .map(|a| a.issued.id)
                .collect(),
            stamp,
        });
    }
    let force = args.force;
    let mut next: Vec<_> = good
        .iter()
        .map(|c| c.answers.iter().filter(|a| a.touches()))
        .collect();
    let done = store.apply_sheets(&sheets, &collector, args.dry_run, |i, task| {
        let c = &good[i];
        let a = next[i].next().expect("one answer per id");
        if !force && a.moves() && changed_since(task, a) {
            bail!(msg!(
                "{}: {} changed in the ledger while the sheet was read; collect it again",
                "{}：读取期间台账中的 {} 被改动；请重新回收",
                c.name,
                task.id
            ));
        }
        Ok((plan(task, a)?, Some(c.note_of(a))))
    })?;
    if args.dry_run {
        for c in &good {
            dry_run(c, out)?;
        }
        return Ok(());
    }
    for (c, changed) in good.iter().zip(&done) {
        let ids: Vec<TaskId> = changed.iter().map(|(id, _)| *id).collect();
        let list = if ids.is_empty() {
            String::new()
        } else {
            format!(
                "{}{}",
                crate::i18n::lang().pick("：", ": "),
                crate::model::id_list(&ids)
            )
        };
        writeln!(
            out,
            "{}",
            msg!(
                "{}: collected ({}), {} updated{list}",
                "{}：已回收（{}），更新 {} 项任务{list}",
                c.name,
                safe(&c.identity.unit, false),
                counted(ids.len(), "task", "tasks")
            )
        )?;
        said_not_its(c);
    }
    eprintln!(
        "{}",
        msg!(
            "tracker: {} collected",
            "tracker：已回收 {} 个文件",
            counted(good.len(), "file", "files")
        )
    );
    Ok(())
}

/// The one error line when files are refused: nothing was applied, and each refused file says
/// why.
fn refusal(refused: &[String], files: usize) -> anyhow::Error {
    match refused {
        [one] if files == 1 => anyhow!("{one}"),
        [one] if files == 2 => anyhow!(msg!(
            "{one} — nothing collected: the other file was fine but none is applied while one is refused; fix it or leave it out",
            "{one} —— 未回收任何文件：另一个文件无误，但有文件被拒绝时一个也不写入；请修正或去掉该文件"
        )),
        [one] => anyhow!(msg!(
            "{one} — nothing collected: the other {} files were fine but none is applied while one is refused; fix it or leave it out",
            "{one} —— 未回收任何文件：其余 {} 个文件无误，但有文件被拒绝时一个也不写入；请修正或去掉该文件",
            files - 1
        )),
        many => anyhow!(msg!(
            "{} of {files} files refused, nothing collected: {}",
            "{files} 个文件中 {} 个被拒绝，未回收任何文件：{}",
            many.len(),
            many.join(if crate::i18n::zh() { "；" } else { "; " })
        )),
    }
}

/// `1 task`, `2 tasks`: an English count with its noun (Chinese needs no plural).
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Says on stderr which answered tasks of a sheet were taken with `--force` though its unit
/// no longer leads or supports them.
fn said_not_its(c: &Checked) {
    if c.not_its.is_empty() {
        return;
    }
    eprintln!(
        "{}",
        msg!(
            "tracker: {}: applied to {} with --force, though {} no longer leads or supports it",
            "tracker：{}：已按 --force 回收 {}，尽管 {} 已不是其牵头或配合单位",
            c.name,
            crate::model::id_list(&c.not_its),
            safe(&c.identity.unit, false)
        )
    );
}

fn dry_run(c: &Checked, out: &mut dyn Write) -> Result<()> {
    said_not_its(c);
    let lang = crate::i18n::lang();
    writeln!(
        out,
        "{} ({}, {}):",
        c.name,
        safe(&c.identity.unit, false),
        c.identity.week
    )?;
    for (a, (id, changes)) in c.answers.iter().zip(&c.plans) {
        let mut parts: Vec<String> = changes
            .iter()
            .map(|ch| describe(&ch.as_event(*id), lang))
            .collect();
        if let Some(n) = &a.note {
            parts.push(safe(n, false));
        }
        if parts.is_empty() {
            parts.push(lang.pick("无变化", "no change").to_string());
        }
        writeln!(out, "  {id}  {}", parts.join(lang.pick("；", "; ")))?;
    }
    Ok(())
}

/// Whether a file is a return sheet that holds no answers: every task row as issued, nothing
/// else filled in. `sheets` replaces such a file and keeps any other.
pub fn holds_no_answers(name: &str, path: &Path, bytes: &[u8]) -> bool {
    let Ok((grid, _, id_col)) = read_sheet(name, path, bytes) else {
        return false;
    };
    let Ok(layout) = Layout::of(name, &grid, id_col) else {
        return false;
    };
    answers(&layout, &grid).is_ok_and(|list| list.iter().all(|a| !a.touches()))
}

fn missing(ctx: &Ctx, args: &CollectArgs, out: &mut dyn Write) -> Result<()> {
    let period = match &args.week {
        Some(w) => w.resolve(ctx.today()).map_err(anyhow::Error::msg)?,
        None => Period::week_of(ctx.today()),
    };
    let week = period.iso_week().unwrap_or_default();
    let store = ctx.open()?;
    let issued = store.issued_count(&week)?;
    if issued == 0 {
        bail!(msg!(
            "no sheets were issued for {week}: issue them with 'tracker sheets --week {week} --out DIR'",
            "{week} 没有发出过反馈表：请用 'tracker sheets --week {week} --out 文件夹' 发出"
        ));
    }
    let missing = store.missing_sheets(&week)?;
    // Unit names line up by display width (a Chinese character takes two columns).
    let names: Vec<String> = missing.iter().map(|s| safe(&s.unit, false)).collect();
    let wide = names.iter().map(|n| display_width(n)).max().unwrap_or(0);
    for (s, n) in missing.iter().zip(&names) {
        let pad = " ".repeat(wide - display_width(n));
        writeln!(out, "{n}{pad}  {}", safe(&s.file, false))?;
    }
    eprintln!(
        "{}",
        msg!(
            "tracker: {week}: {issued} sheets issued, {} not returned",
            "tracker：{week} 共发出 {issued} 份，未交回 {} 份",
            missing.len()
        )
    );
    Ok(())
}
