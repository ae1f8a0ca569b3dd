//! `tracker collect FILE...`: returned sheets (xlsx, xls, ods through calamine; csv) read back
//! into the ledger, each file checked whole before anything of it is written; and
//! `collect --missing`, the units whose sheet has not come back.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use calamine::Data;
use sha2::{Digest, Sha256};

use crate::cli::{ActorArg, CollectArgs};
use crate::ctx::Ctx;
use crate::model::{Lang, Status, TaskId, TextKind, clean_text, parse_progress};
use crate::render::grid::display_width;
use crate::render::{describe, safe};
use crate::report::Period;
use crate::returns::{HEADER_ROW, Issued, answer_note, cell_name, col};
use crate::store::{CollectedFile, Store, TaskFilter};
use crate::task::{FieldChange, Task, UpdateRequest, plan_update};

mod grid;
use grid::{Grid, read_sheet, text};

pub fn run(ctx: &Ctx, args: &CollectArgs, out: &mut dyn Write) -> Result<()> {
    if args.missing {
        return missing(ctx, args, out);
    }
    // (clap's `requires` counts a flag's default as present, so this is checked here.)
    if args.week.is_some() {
        bail!("--week goes with --missing: a returned sheet names its own week");
    }
    let mut store = ctx.open()?;
    let mut refused = Vec::new();
    let mut tasks = Tasks::default();
    for path in &args.files {
        if let Err(e) = one_file(ctx, &mut store, &mut tasks, path, args, out) {
            refused.push(format!("{e:#}"));
        }
    }
    // Every refused file is named; the last one's message is the command's error.
    let last = refused.pop();
    for e in &refused {
        eprintln!("error: {e}");
    }
    match last {
        Some(e) => Err(anyhow!(e)),
        None => Ok(()),
    }
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
        bail!(
            "no sheets were issued for {week}: issue them with 'tracker sheets --week {week} --out DIR'"
        );
    }
    let missing = store.missing_sheets(&week)?;
    // Unit names line up by display width (a Chinese character takes two columns).
    let names: Vec<String> = missing.iter().map(|s| safe(&s.unit, false)).collect();
    let wide = names.iter().map(|n| display_width(n)).max().unwrap_or(0);
    for (s, n) in missing.iter().zip(&names) {
        let pad = " ".repeat(wide - display_width(n));
        writeln!(out, "{n}{pad}  {}", safe(&s.file, false))?;
    }
    match ctx.lang {
        Lang::Zh => eprintln!(
            "tracker: {week} 共发出 {issued} 份，未交回 {} 份",
            missing.len()
        ),
        Lang::En => eprintln!(
            "tracker: {week}: {issued} sheets issued, {} not returned",
            missing.len()
        ),
    }
    Ok(())
}

/// One task's answer as read from its row.
struct Answer {
    issued: Issued,
    /// `None` where the cell was left empty.
    status: Option<Status>,
    progress: Option<u8>,
    note: Option<String>,
}

impl Answer {
    /// Whether the unit answered anything for this task.
    fn touches(&self) -> bool {
        self.note.is_some()
            || self.status.is_some_and(|s| s != self.issued.status)
            || self.progress.is_some_and(|p| p != self.issued.progress)
    }
}

fn field_name(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    lang.pick(zh, en)
}

/// Every row with a task's state at issue, its answers checked; the first bad cell refuses
/// the file, named as `FILE!F7`.
fn answers(name: &str, grid: &Grid, id_col: u16, lang: Lang) -> Result<Vec<Answer>> {
    // Columns are where the layout puts them relative to the identity column (a csv saved
    // from the sheet keeps them all).
    let base = id_col.checked_sub(col::IDENTITY).ok_or_else(|| {
        anyhow!("{name}: columns were removed from the sheet; issue it again with 'tracker sheets'")
    })?;
    let mut out = Vec::new();
    let mut seen: Vec<(TaskId, u32)> = Vec::new();
    for row in HEADER_ROW + 1..grid.rows.len() as u32 {
        let Some(issued) = Issued::decode(&text(grid.get(row, id_col))) else {
            continue;
        };
        // A row copied in a csv would answer a task twice: which answer counts is unclear.
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == issued.id) {
            bail!(
                "{name}: task {} is answered twice (rows {} and {}); keep one row per task",
                issued.id,
                first + 1,
                row + 1
            );
        }
        seen.push((issued.id, row));
        let at = |c: u16| (base + c, grid.get(row, base + c));
        let (sc, status_cell) = at(col::STATUS);
        let status_text = text(status_cell);
        let status = if status_text.is_empty() {
            None
        } else {
            Some(status_text.parse::<Status>().map_err(|_| {
                anyhow!(
                    "{name}!{}: {} must be one of {}",
                    cell_name(row, sc),
                    field_name(lang, "状态", "status"),
                    Status::ALL
                        .iter()
                        .map(|s| s.label(lang))
                        .collect::<Vec<_>>()
                        .join(lang.pick("、", ", "))
                )
            })?)
        };
        let (pc, progress_cell) = at(col::PROGRESS);
        let bad_progress = || {
            anyhow!(
                "{name}!{}: {} must be a whole number 0–100",
                cell_name(row, pc),
                field_name(lang, "进度", "progress")
            )
        };
        let progress = match progress_cell {
            Data::Empty => None,
            Data::Float(f) if f.fract() == 0.0 && (0.0..=100.0).contains(f) => Some(*f as u8),
            Data::Int(i) if (0..=100).contains(i) => Some(*i as u8),
            Data::String(s) if s.trim().is_empty() => None,
            Data::String(s) => Some(parse_progress(s).map_err(|_| bad_progress())?),
            _ => return Err(bad_progress()),
        };
        let mut parts = [String::new(), String::new(), String::new()];
        for (i, c) in [col::THIS_WEEK, col::PROBLEMS, col::NEXT]
            .into_iter()
            .enumerate()
        {
            let (cc, cell) = at(c);
            let t = text(cell);
            if let (false, Err(e)) = (t.is_empty(), clean_text(TextKind::Note, &t)) {
                bail!("{name}!{}: {e}", cell_name(row, cc));
            }
            parts[i] = t;
        }
        let note = answer_note([&parts[0], &parts[1], &parts[2]]);
        out.push(Answer {
            issued,
            status,
            progress,
            note,
        });
    }
    Ok(out)
}

/// The changes an answer makes to the task as it is now. A value the unit left as issued
/// changes nothing (so `--force` never reverts a newer change the unit did not answer).
fn plan(task: &Task, a: &Answer) -> Result<Vec<FieldChange>> {
    let req = UpdateRequest {
        status: a
            .status
            .filter(|s| *s != a.issued.status && *s != task.status),
        progress: a
            .progress
            .filter(|p| *p != a.issued.progress && *p != task.progress),
        ..Default::default()
    };
    if req.is_empty() {
        return Ok(Vec::new());
    }
    plan_update(task, &req)
}

/// Whether the ledger changed the task's status or progress since the sheet was issued.
fn changed_since(task: &Task, issued: &Issued) -> bool {
    task.status != issued.status || task.progress != issued.progress
}

/// The ledger's tasks, read once for every file a command collects (one query, not one per
/// row: fifty sheets name tens of thousands of rows), and kept current as files are applied.
/// Each file is checked against it, and again, task by task, under the write lock.
#[derive(Default)]
struct Tasks(Option<HashMap<TaskId, Task>>);

impl Tasks {
    fn get(&mut self, store: &Store, id: TaskId) -> Result<Option<&Task>> {
        if self.0.is_none() {
            let all = store.tasks(&TaskFilter::default())?;
            self.0 = Some(all.into_iter().map(|t| (t.id, t)).collect());
        }
        Ok(self.0.as_ref().and_then(|m| m.get(&id)))
    }

    fn refresh(&mut self, store: &Store, id: TaskId) -> Result<()> {
        if let (Some(map), Some(task)) = (self.0.as_mut(), store.task(id)?) {
            map.insert(id, task);
        }
        Ok(())
    }
}

fn one_file(
    ctx: &Ctx,
    store: &mut Store,
    tasks: &mut Tasks,
    path: &Path,
    args: &CollectArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let name = safe(&name, false);
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let hash: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (grid, identity, id_col) = read_sheet(&name, path, &bytes)?;
    match store.existing_ledger_id()? {
        Some(id) if id == identity.ledger => {}
        _ => bail!(
            "{name} was issued by another ledger, not {}: collect it into the ledger that issued it",
            ctx.db.display()
        ),
    }
    if let Some((file, at)) = store.collected(&hash)? {
        bail!(
            "{name} was already collected on {} (as {}; same content, SHA-256 {hash}): nothing to do",
            at.get(..10).unwrap_or(&at),
            safe(&file, false)
        );
    }
    let lang = ctx.lang;
    let answers = answers(&name, &grid, id_col, lang)?;
    // Checked against the ledger now, and again under the write lock when applied.
    let mut conflicts = Vec::new();
    for a in &answers {
        let Some(task) = tasks.get(store, a.issued.id)? else {
            bail!("{name}: task {} is no longer in the ledger", a.issued.id);
        };
        if a.touches() && changed_since(task, &a.issued) {
            conflicts.push(a.issued.id);
        }
        // A bad combination (such as done at 40%) is refused before anything is written.
        plan(task, a).map_err(|e| anyhow!("{name}: task {}: {e:#}", a.issued.id))?;
    }
    if !conflicts.is_empty() && !args.force {
        bail!(
            "{name}: {} changed in the ledger since the sheet was issued (status or progress); check with 'tracker show', then --force applies the sheet anyway",
            crate::model::id_list(&conflicts)
        );
    }
    let source = format!("【来源】{name} SHA-256 {hash}");
    let note_of = |a: &Answer| match &a.note {
        Some(n) => format!("{n} {source}"),
        None => source.clone(),
    };
    if args.dry_run {
        writeln!(
            out,
            "{name} ({}, {}):",
            safe(&identity.unit, false),
            identity.week
        )?;
        for a in &answers {
            let task = tasks.get(store, a.issued.id)?.expect("checked above");
            let changes = plan(task, a)?;
            let mut parts: Vec<String> = changes
                .iter()
                .map(|c| describe(&c.as_event(a.issued.id), lang))
                .collect();
            if let Some(n) = &a.note {
                parts.push(safe(n, false));
            }
            if parts.is_empty() {
                parts.push(lang.pick("无变化", "no change").to_string());
            }
            writeln!(
                out,
                "  {}  {}",
                a.issued.id,
                parts.join(lang.pick("；", "; "))
            )?;
        }
        return Ok(());
    }
    let stamp = ctx
        .stamp(&ActorArg {
            by: Some(identity.unit.clone()),
        })
        .map_err(|_| anyhow!("{name}: its identity names no valid unit; issue the sheet again with 'tracker sheets'"))?;
    // Only the tasks answered are read and written again.
    let answered: Vec<&Answer> = answers.iter().filter(|a| a.touches()).collect();
    let ids: Vec<TaskId> = answered.iter().map(|a| a.issued.id).collect();
    let mut next = answered.iter();
    let force = args.force;
    let done = store.apply_sheet(
        &CollectedFile {
            hash: hash.clone(),
            file: name.clone(),
            week: identity.week.clone(),
            unit: identity.unit.clone(),
        },
        &ids,
        &stamp,
        |task| {
            let a = next.next().expect("one answer per id");
            if !force && changed_since(task, &a.issued) {
                bail!(
                    "{name}: {} changed in the ledger while the sheet was read; collect it again",
                    task.id
                );
            }
            Ok((plan(task, a)?, Some(note_of(a))))
        },
    )?;
    let changed: Vec<TaskId> = done.iter().map(|(id, _)| *id).collect();
    for id in &changed {
        tasks.refresh(store, *id)?;
    }
    match lang {
        Lang::Zh => writeln!(
            out,
            "{name}：已回收（{}），更新 {} 项任务{}",
            safe(&identity.unit, false),
            changed.len(),
            if changed.is_empty() {
                String::new()
            } else {
                format!("：{}", crate::model::id_list(&changed))
            }
        )?,
        Lang::En => writeln!(
            out,
            "{name}: collected ({}), {} tasks updated{}",
            safe(&identity.unit, false),
            changed.len(),
            if changed.is_empty() {
                String::new()
            } else {
                format!(": {}", crate::model::id_list(&changed))
            }
        )?,
    }
    Ok(())
}
