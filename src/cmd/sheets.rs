//! The ledger's workbooks: `export --format xlsx` (the 台账) and `tracker sheets` (one return
//! sheet per unit). Files go through `output::write_file`, the one writer behind every `--out`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::msg;
use crate::output::{Dest, Privacy, Replace, commit, temp_beside, write_file};
use anyhow::{Context, Result, bail};

use crate::cli::SheetsArgs;
use crate::ctx::Ctx;
use crate::model::Health;
use crate::render::xlsx::ledger::{LedgerRow, SummaryLine, ledger_workbook};
use crate::render::xlsx::sheet::{Role, return_sheet};
use crate::report::{Period, counts_of};
use crate::returns::{Identity, file_names};
use crate::store::{IssuedSheet, TaskFilter};
use crate::task::Task;

/// `export --format xlsx --out FILE`: sheets 台账 and 汇总, headers in `--lang`.
pub fn export_xlsx(ctx: &Ctx, file: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let Some(path) = file else {
        bail!(msg!(
            "export --format xlsx writes a workbook, not text: give --out FILE.xlsx",
            "export --format xlsx 写出的是工作簿而非文本：请给出 --out 文件.xlsx"
        ));
    };
    let today = ctx.today();
    let mut store = ctx.open()?;
    let (recs, tasks, notes) = store.snapshot(|s| {
        Ok((
            s.recommendations()?,
            s.tasks(&TaskFilter::default())?,
            s.latest_notes()?,
        ))
    })?;
    let judge = Health::judge(today, ctx.due_soon_days);
    let rows: Vec<LedgerRow<'_>> = tasks
        .iter()
        .map(|t| LedgerRow {
            task: t,
            latest: notes
                .get(&t.id)
                .map(|(note, date)| (note.as_str(), date.as_str())),
            health: judge(t.status, t.deadline),
        })
        .collect();
    let state = |r: &LedgerRow<'_>| (r.task.status, r.task.progress, r.health);
    let by_rec: Vec<SummaryLine> = recs
        .iter()
        .map(|rec| SummaryLine {
            name: format!("{} {}", rec.number, rec.headline),
            counts: counts_of(
                rows.iter()
                    .filter(|r| r.task.id.rec == rec.number)
                    .map(state),
            ),
        })
        .collect();
    // A unit counts the tasks it leads and those it supports, each once.
    let mut of_unit: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let t = r.task;
        for u in t.lead.iter().chain(t.support.iter()) {
            let list = of_unit.entry(u.as_str()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let by_unit: Vec<SummaryLine> = of_unit
        .into_iter()
        .map(|(unit, idx)| SummaryLine {
            name: unit.to_string(),
            counts: counts_of(idx.iter().map(|&i| state(&rows[i]))),
        })
        .collect();
    let total = counts_of(rows.iter().map(state));
    let bytes = ledger_workbook(&recs, &rows, &by_rec, &by_unit, &total, today, ctx.lang)?;
    // Everything in the ledger: readable by its owner only, as an export is.
    write_file(path, &ctx.db, Privacy::Owner, Replace::Yes, out, |w| {
        Ok(w.write_all(&bytes)?)
    })?;
    eprintln!(
        "{}",
        msg!(
            "tracker: wrote {}",
            "tracker：已写出 {}",
            crate::output::shown(path)
        )
    );
    Ok(())
}

/// `tracker sheets [--week W] [--owner UNIT] --out DIR`: for each unit with open tasks, the
/// tasks it leads and those it supports, as one workbook (`returns::file_names` names it).
///
/// All or nothing: every workbook is made and every destination checked before any file is
/// written; then each is written to a temporary file beside its place, and only when all are
/// whole are they renamed into place. A file already there is replaced only when it is a
/// return sheet holding no answers (what `sheets` wrote, perhaps opened and saved again); one
/// a unit has filled in, or any other file, refuses the run, naming it.
pub fn run(ctx: &Ctx, args: &SheetsArgs, out: &mut dyn Write) -> Result<()> {
    let period = match &args.week {
        Some(w) => w.resolve(ctx.today()).map_err(anyhow::Error::msg)?,
        None => Period::week_of(ctx.today()),
    };
    let week = period.iso_week().unwrap_or_default();
    // Before anything is read or written (the ledger's identity is made on first use).
    crate::output::refuse_url(&args.out)?;
    let stamp = ctx.stamp(&crate::cli::ActorArg { by: None })?;
    let mut store = ctx.open()?;
    let only = args
        .owner
        .as_deref()
        .map(|o| super::resolve_unit(&store, o))
        .transpose()?;
    let folder = &args.out;
    if folder.exists() && !folder.is_dir() {
        bail!(msg!(
            "{} is not a folder: --out takes the folder the sheets are written to",
            "{} 不是文件夹：--out 应为存放反馈表的文件夹",
            folder.display()
        ));
    }
    let tasks = store.tasks(&TaskFilter {
        open_only: true,
        ..Default::default()
    })?;
    let mut by_unit: BTreeMap<&str, Vec<(&Task, Role)>> = BTreeMap::new();
    for t in &tasks {
        if let Some(lead) = &t.lead {
            by_unit.entry(lead).or_default().push((t, Role::Lead));
        }
        for u in &t.support {
            if t.lead.as_ref() != Some(u) {
                by_unit.entry(u).or_default().push((t, Role::Support));
            }
        }
    }
    if let Some(unit) = &only {
        by_unit.retain(|u, _| u == unit);
        if by_unit.is_empty() {
            bail!(msg!(
                "{unit} has no open tasks: no sheet to issue",
                "{unit} 没有未完成的任务：无需发出反馈表"
            ));
        }
    }
    if by_unit.is_empty() {
        bail!(msg!(
            "no open task has a unit: no sheet to issue",
            "没有任务指定了单位：无需发出反馈表"
        ));
    }
    let ledger = store.ledger_id()?;
    let units: Vec<&str> = by_unit.keys().copied().collect();
    let names = file_names(&units, &week);

    // 1. Every workbook made and every destination checked; nothing written yet.
    let mut books = Vec::new();
    let mut kept = Vec::new();
    for ((unit, list), name) in by_unit.iter().zip(&names) {
        let identity = Identity {
            ledger: ledger.clone(),
            week: week.clone(),
            unit: unit.to_string(),
        };
        let bytes = return_sheet(&identity, list, ctx.lang, ctx.today())?;
        let path = folder.join(name);
        match existing(&path, name)? {
            Existing::None | Existing::Blank => {}
            Existing::Kept(why) => kept.push(why),
        }
        books.push((path, bytes));
    }
    if !kept.is_empty() {
        bail!(msg!(
            "nothing written: {} (a returned sheet is never overwritten); collect it, move it away, or give another --out folder",
            "未写入任何文件：{}（交回的反馈表不会被覆盖）；请先回收或移走，或另指定 --out 文件夹",
            kept.join(if crate::i18n::zh() { "；" } else { "; " })
        ));
    }

    // 2. Each written beside its place; a failure leaves no file and no new folder.
    let made_folder = !folder.exists();
    crate::output::create_folder(folder)?;
    let written = write_all(ctx, &books);
    let temps = match written {
        Ok(t) => t,
        Err(e) => {
            if made_folder {
                let _ = std::fs::remove_dir(folder);
            }
            return Err(e);
        }
    };
    let issued: Vec<IssuedSheet> = by_unit
        .iter()
        .zip(&names)
        .map(|((unit, list), name)| IssuedSheet {
            week: week.clone(),
            unit: unit.to_string(),
            file: name.clone(),
            tasks: list.len(),
        })
        .collect();
    store.record_issued(&issued, &stamp)?;

    // 3. Renamed into place; should one rename fail, the files this run created are removed.
    let mut created: Vec<PathBuf> = Vec::new();
    for ((tmp, target, was_there), (shown, _)) in temps.into_iter().zip(&books) {
        if let Err(e) = commit(tmp, &target, shown, Privacy::Shared, Replace::Yes) {
            for p in &created {
                let _ = std::fs::remove_file(p);
            }
            return Err(e);
        }
        if !was_there {
            created.push(target);
        }
    }
    for s in &issued {
        let led = by_unit[s.unit.as_str()]
            .iter()
            .filter(|(_, r)| *r == Role::Lead)
            .count();
        let path = folder.join(&s.file);
        writeln!(
            out,
            "{}",
            msg!(
                "{}  {led} led, {} supported",
                "{}  牵头 {led} 项，配合 {} 项",
                crate::output::shown(&path),
                s.tasks - led
            )
        )?;
    }
    eprintln!(
        "{}",
        msg!(
            "tracker: wrote {} sheets for {week} to {}",
            "tracker：已写出 {week} 的反馈表 {} 份，在 {}",
            issued.len(),
            crate::output::shown(folder)
        )
    );
    Ok(())
}

/// What is at a sheet's place before it is written.
enum Existing {
    None,
    /// A return sheet with no answers: replaced.
    Blank,
    /// Kept: why, naming the file.
    Kept(String),
}

fn existing(path: &Path, name: &str) -> Result<Existing> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::None),
        Err(e) => {
            return Err(anyhow::Error::new(e).context(msg!(
                "cannot write {}",
                "无法写入 {}",
                path.display()
            )));
        }
    };
    // A return sheet is a few hundred kilobytes at most; anything far larger is not one, and
    // is not read whole to find that out.
    if !meta.is_file() || meta.len() > 64 << 20 {
        return Ok(Existing::Kept(msg!(
            "{} exists and is not a return sheet file",
            "{} 已存在且不是反馈表文件",
            path.display()
        )));
    }
    let bytes = std::fs::read(path)
        .with_context(|| msg!("cannot read {}", "无法读取 {}", path.display()))?;
    Ok(if super::collect::holds_no_answers(name, path, &bytes) {
        Existing::Blank
    } else {
        Existing::Kept(msg!(
            "{} holds a unit's answers or other content than the sheet issued",
            "{} 已填写了答复，或内容与发出的反馈表不同",
            path.display()
        ))
    })
}

/// Each workbook in a temporary file beside its place: (file, place, whether a file was there).
fn write_all(
    ctx: &Ctx,
    books: &[(PathBuf, Vec<u8>)],
) -> Result<Vec<(crate::output::TempFile, PathBuf, bool)>> {
    let mut temps = Vec::new();
    for (path, bytes) in books {
        let Dest::File(target) = Dest::resolve(path, &ctx.db)? else {
            bail!(msg!(
                "{} is not a regular file: a sheet is written as a file",
                "{} 不是普通文件：反馈表须写成文件",
                path.display()
            ));
        };
        let mut tmp = temp_beside(&target, path)?;
        tmp.write_all(bytes)
            .with_context(|| msg!("cannot write {}", "无法写入 {}", path.display()))?;
        let was_there = target.exists();
        temps.push((tmp, target, was_there));
    }
    Ok(temps)
}
