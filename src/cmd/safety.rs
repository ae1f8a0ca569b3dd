//! Nothing lost: `backup`, `export`, `restore` and `undo`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};

use crate::cli::ActorArg;
use crate::ctx::Ctx;
use crate::dump::StreamError;
use crate::store::Store;
use crate::undo::plan_undo;

pub fn backup(ctx: &Ctx, file: &Path, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open()?;
    store.backup_to(file, out)?;
    let said = crate::msg!(
        "backed up {} to {}",
        "已将 {} 备份到 {}",
        crate::output::shown(&ctx.db),
        crate::output::shown(file)
    );
    // A backup streamed to standard output or a pipe must not get the message in its bytes.
    match crate::output::Dest::resolve(file, &ctx.db) {
        Ok(crate::output::Dest::File(_)) => writeln!(out, "{said}")?,
        _ => eprintln!("{}", crate::msg!("tracker: {said}", "tracker：{said}")),
    }
    Ok(())
}

pub fn export(ctx: &Ctx, file: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open()?;
    // Written as it is read: a ledger of a million events is never all in memory.
    let mut write = |w: &mut dyn Write| store.export_to(w);
    match file {
        Some(path) => {
            use crate::output::{Dest, Privacy, Replace, write_file};
            write_file(path, &ctx.db, Privacy::Owner, Replace::Yes, out, |f| {
                write(f).map(|_| ())
            })?;
            if !matches!(Dest::resolve(path, &ctx.db), Ok(Dest::Stdout)) {
                eprintln!(
                    "{}",
                    crate::msg!(
                        "tracker: wrote {}",
                        "tracker：已写入 {}",
                        crate::output::shown(path)
                    )
                );
            }
        }
        None => {
            write(out)?;
        }
    }
    Ok(())
}

pub fn restore(ctx: &Ctx, file: &Path, out: &mut dyn Write) -> Result<()> {
    let reader = std::fs::File::open(file)
        .map(std::io::BufReader::new)
        .with_context(|| crate::msg!("cannot read {}", "无法读取 {}", file.display()))?;
    let (tasks, events) = load_into(ctx, &ctx.db, ctx.may_create(), reader, file)?;
    writeln!(
        out,
        "{}",
        crate::msg!(
            "restored {tasks} tasks and {events} events into {}",
            "已将 {tasks} 项任务和 {events} 条记录恢复到 {}",
            crate::output::shown(&ctx.db)
        )
    )?;
    Ok(())
}

/// Loads the export `reader` holds into the ledger file `db`, as `restore` does (and `copy`):
/// a new ledger is built beside its path and put in place only when whole, so a refused export
/// leaves nothing; an existing one must be empty (checked before anything is written).
/// `make_folder`: create `db`'s folder if missing. `source` names the export in messages.
/// Returns how many tasks and events were loaded.
pub(crate) fn load_into(
    ctx: &Ctx,
    db: &Path,
    make_folder: bool,
    mut reader: impl std::io::Read,
    source: &Path,
) -> Result<(usize, usize)> {
    let mut refusal = None;
    let mut counts = (0, 0);
    let mut load = |store: &mut Store| match store.restore(&mut reader) {
        Ok(n) => {
            counts = n;
            Ok(())
        }
        Err(e) => {
            refusal = Some(e);
            Err(anyhow!("refused"))
        }
    };
    // A server says whether it holds a ledger only when asked: one that opens is loaded as
    // an existing file is (the load refuses one that is not empty); one that does not is
    // created below, which names the server's failure if it has one.
    let on_server = crate::store::is_server_url(db);
    let server_ledger = if on_server {
        Store::open(db, &ctx.access).ok()
    } else {
        None
    };
    let result = if let Some(mut store) = server_ledger {
        load(&mut store)
    } else if !on_server && std::fs::symlink_metadata(db).is_ok() {
        Store::open(db, &ctx.access).and_then(|mut s| load(&mut s))
    } else {
        // At the default path the folder is made, as a first use makes it.
        if make_folder && let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Each new folder 0700, as every folder tracker makes (README).
            crate::output::create_folder(dir)?;
        }
        Store::create_filled(db, &ctx.access, None, &mut load).and_then(|(_, created)| {
            if created {
                Ok(())
            } else {
                bail!(crate::msg!(
                    "{} was created by another tracker meanwhile: nothing was loaded into it; give a new ledger",
                    "{} 在此期间被另一个 tracker 创建：没有载入任何内容；请另给一个新台账",
                    db.display()
                ))
            }
        })
    };
    if let Err(e) = result {
        // The disk the new ledger is written on ran out: said of that file, not the source.
        let full = |e: &anyhow::Error| crate::store::disk_full(e);
        if full(&e) || matches!(&refusal, Some(StreamError::Refused(r)) if full(r)) {
            bail!(crate::msg!(
                "cannot write {}: the disk is full; nothing was written",
                "无法写入 {}：磁盘已满；未写入任何内容",
                db.display()
            ));
        }
        let Some(e) = refusal else { return Err(e) };
        // The server failing under the load (connection lost, disk full, a timeout) is the
        // server's line, not a refusal of the export at some line and column of it.
        let e = match e {
            StreamError::Refused(e) if crate::store::is_server_failure(&e) => {
                return Err(crate::store::friendly(e, db));
            }
            e => e,
        };
        let message = match e {
            StreamError::Refused(e) => crate::msg!(
                "cannot restore {}: {e:#}; nothing was written",
                "无法恢复 {}：{e:#}；未写入任何内容",
                source.display()
            ),
            StreamError::Malformed(m) => crate::msg!(
                "{} is not a tracker export: {m}",
                "{} 不是 tracker 的导出文件：{m}",
                source.display()
            ),
        };
        // The message quotes the file: escaped as a whole, so nothing in it reaches the
        // terminal as a control sequence.
        bail!("{}", crate::render::shown(&message));
    }
    Ok(counts)
}

/// `tracker undo`: takes back the actor's latest change (anyone's with `--any`), whatever it
/// was, whole, as a new change (see `Store::undo_latest` and `undo::plan_undo`).
pub fn undo(ctx: &Ctx, any: bool, actor: &ActorArg, out: &mut dyn Write) -> Result<()> {
    let stamp = ctx.stamp(actor)?;
    let mut store = ctx.open()?;
    let who = (!any).then_some(stamp.actor.as_str());
    let Some(undone) = store.undo_latest(who, &stamp, plan_undo)? else {
        match who {
            Some(name) => bail!(crate::msg!(
                "nothing to undo: {name} has made no change ('tracker undo --any' takes back anyone's latest change)",
                "没有可撤销的变更：{name} 尚未做过修改（'tracker undo --any' 可撤销任何人的最近一次变更）"
            )),
            None => bail!(crate::msg!(
                "nothing to undo: the ledger has no changes yet",
                "没有可撤销的变更：台账还没有任何变更"
            )),
        }
    };
    let lang = ctx.lang;
    let change = undone.change;
    if let Some(line) = notice_run_undone(&undone) {
        writeln!(out, "{line}")?;
        return Ok(());
    }
    for (id, changes) in &undone.tasks {
        let parts: Vec<String> = changes
            .iter()
            .map(|c| crate::render::describe(&c.as_event(*id), lang))
            .collect();
        writeln!(
            out,
            "{}",
            crate::msg!(
                "undid change #{change} on {id}: {}",
                "已撤销第 {change} 号变更（{id}）：{}",
                parts.join(lang.pick("；", "; "))
            )
        )?;
    }
    Ok(())
}

/// The one line for an undone `notice` run (every change in it a notice): how many notices and
/// tasks, and, for a withdrawal, that the files already written still carry the serials, now
/// withdrawn and never reused (issue 17). One line per task would say the same serial over and
/// over (a unit's notice lists several tasks). `None`: the change was not a notice run.
fn notice_run_undone(undone: &crate::store::Undone) -> Option<String> {
    use crate::model::NoticeRef;
    use crate::task::Field;
    let changes: Vec<_> = undone.tasks.iter().flat_map(|(_, c)| c).collect();
    if changes.is_empty() || changes.iter().any(|c| c.field != Field::Notice) {
        return None;
    }
    // The undo's own change: a withdrawal leaves `new` empty; undoing a withdrawal posts the
    // notice again.
    let withdrawn = changes.iter().all(|c| c.new.is_none());
    let mut refs: Vec<NoticeRef> = Vec::new();
    for c in &changes {
        let r: NoticeRef = c.new.as_ref().or(c.old.as_ref())?.parse().ok()?;
        if !refs.contains(&r) {
            refs.push(r);
        }
    }
    let (change, tasks) = (undone.change, undone.tasks.len());
    let (n, serials) = (
        super::notice::notices(refs.len()),
        super::notice::serial_range(&refs),
    );
    let these = if refs.len() == 1 {
        "this serial, which is"
    } else {
        "these serials, which are"
    };
    Some(if withdrawn {
        crate::msg!(
            "undid change #{change}: withdrew {n} ({serials}) from {tasks} tasks; files already written still carry {these} withdrawn and will not be reused",
            "已撤销第 {change} 号变更：撤回督办通知单 {n} 份（{serials}），涉及任务 {tasks} 项；已写出的文件仍带有这些编号，编号已撤回，不再使用"
        )
    } else {
        crate::msg!(
            "undid change #{change}: {n} ({serials}) on {tasks} tasks stand again",
            "已撤销第 {change} 号变更：督办通知单 {n} 份（{serials}）恢复有效，涉及任务 {tasks} 项"
        )
    })
}
