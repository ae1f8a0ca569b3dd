//! `tracker import FILE`: a report's numbered recommendations become tasks, in one change.

use std::io::Write;

use anyhow::{Context, Result, anyhow, bail};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::cli::{Format, ImportArgs};
use crate::ctx::Ctx;
use crate::import::{parse, text};
use crate::model::{TaskId, TextKind, clean_text, parse_date};
use crate::render::json;
use crate::seed::NewTask;
use crate::store::{ImportOutcome, ImportSource, Imported, Store};

#[derive(Serialize)]
struct Preview<'a> {
    file: String,
    encoding: &'static str,
    converted_to_simplified: bool,
    dry_run: bool,
    recommendations: Vec<PreviewRec<'a>>,
}

#[derive(Serialize)]
struct PreviewRec<'a> {
    number: u32,
    headline: &'a str,
    text: &'a str,
    items: Vec<PreviewItem<'a>>,
}

#[derive(Serialize)]
struct PreviewItem<'a> {
    id: TaskId,
    title: &'a str,
    text: &'a str,
}

pub fn run(ctx: &Ctx, args: &ImportArgs, out: &mut dyn Write) -> Result<()> {
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if args.file.is_dir() {
        bail!(
            "{} is a folder: give the report's file",
            args.file.display()
        );
    }
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let (raw, encoding) =
        text::decode(&bytes, args.encoding).map_err(|e| anyhow!("{name}: {e}"))?;
    let (clean, converted) = text::clean(&raw, args.to_simplified)?;
    let found = parse::find(&clean).ok_or_else(|| {
        let paragraphs = clean.lines().filter(|l| !l.trim().is_empty()).count();
        anyhow!(
            "{name}: no numbered recommendations found in its {paragraphs} paragraphs (looked for items numbered 1、 一、 （一） (1) 第一， ① or 一是/首先, one a line or inside a paragraph)"
        )
    })?;
    let lead = args
        .lead
        .as_deref()
        .map(|l| clean_text(TextKind::Unit, l).map_err(|e| anyhow!("invalid --lead: {e}")))
        .transpose()?;
    let deadline = match (&args.deadline, args.within) {
        (Some(d), _) => {
            Some(parse_date(d, ctx.today()).map_err(|e| anyhow!("invalid --deadline: {e}"))?)
        }
        (None, Some(span)) => Some(
            span.after(ctx.today())
                .ok_or_else(|| {
                    anyhow!(
                        "invalid --within: the deadline would fall after 9999-12-31, the last date the ledger holds"
                    )
                })?,
        ),
        (None, None) => None,
    };
    let recs: Vec<Imported> = found
        .iter()
        .map(|r| Imported {
            headline: r.headline.clone(),
            text: r.text.clone(),
            tasks: r
                .items
                .iter()
                .map(|i| NewTask {
                    id: TaskId::new(1, 1),
                    title: i.title.clone(),
                    text: i.text.clone(),
                    lead: lead.clone(),
                    support: Vec::new(),
                    deadline,
                })
                .collect(),
        })
        .collect();
    check(&recs).map_err(|e| anyhow!("{name}: {e}"))?;

    // A dry run writes nothing, not even a new ledger.
    let mut store = if args.dry_run && !ctx.db.exists() {
        None
    } else {
        Some(open_for_import(ctx)?)
    };
    let first = match (args.first, &store) {
        (Some(n), _) => n,
        (None, Some(s)) => {
            s.recommendations()?
                .iter()
                .map(|r| r.number)
                .max()
                .unwrap_or(0)
                + 1
        }
        (None, None) => 1,
    };
    let preview = |dry_run| Preview {
        file: name.clone(),
        encoding: encoding.name(),
        converted_to_simplified: converted,
        dry_run,
        recommendations: found
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let number = first + k as u32;
                PreviewRec {
                    number,
                    headline: &r.headline,
                    text: &r.text,
                    items: r
                        .items
                        .iter()
                        .enumerate()
                        .map(|(j, i)| PreviewItem {
                            id: TaskId::new(number, j as u32 + 1),
                            title: &i.title,
                            text: &i.text,
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    if args.dry_run {
        return show(&preview(true), args.format, out);
    }
    let stamp = ctx.stamp(&args.actor)?;
    let source = ImportSource {
        file: name.clone(),
        hash: Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    };
    let store = store.as_mut().expect("opened unless a dry run");
    match store.import(&recs, args.first, &source, &stamp)? {
        ImportOutcome::AlreadyImported { file, numbers, at } => {
            writeln!(
                out,
                "{name} was already imported (as {file}, recommendations {numbers}, {at}): nothing changed"
            )?;
        }
        ImportOutcome::Imported { numbers, tasks } => match args.format {
            Format::Json => show(&preview(false), Format::Json, out)?,
            Format::Table => {
                let range = match (numbers.first(), numbers.last()) {
                    (Some(a), Some(b)) if a != b => format!("recommendations {a}–{b}"),
                    (Some(a), _) => format!("recommendation {a}"),
                    _ => "nothing".into(),
                };
                writeln!(out, "imported {range} with {tasks} tasks from {name}")?;
            }
        },
    }
    Ok(())
}

/// Everything imported must be storable: refuse the whole file otherwise.
fn check(recs: &[Imported]) -> Result<()> {
    for (k, r) in recs.iter().enumerate() {
        clean_text(TextKind::Headline, &r.headline)
            .map_err(|e| anyhow!("recommendation {}: {e}", k + 1))?;
        if r.tasks.is_empty() {
            bail!("recommendation {} ({}) has no items", k + 1, r.headline);
        }
        for t in &r.tasks {
            clean_text(TextKind::Title, &t.title)
                .map_err(|e| anyhow!("recommendation {}: {e}", k + 1))?;
            clean_text(TextKind::Text, &t.text)
                .map_err(|e| anyhow!("recommendation {}: {e}", k + 1))?;
        }
    }
    Ok(())
}

/// An import into a ledger that does not exist yet starts it empty: the report is the plan.
/// Elsewhere than the default path, a missing ledger is refused like any first use.
fn open_for_import(ctx: &Ctx) -> Result<Store> {
    if std::fs::symlink_metadata(&ctx.db).is_ok() {
        return ctx.open();
    }
    if !ctx.may_create() {
        return Err(ctx.no_ledger(" --empty"));
    }
    let stamp = ctx.stamp(&crate::cli::ActorArg { by: None })?;
    let seed = crate::store::Seed {
        start: ctx.today(),
        recs: &[],
        tasks: &[],
        stamp: &stamp,
        note: "",
    };
    let (store, created) = ctx.create(Some(&seed))?;
    if created {
        eprintln!(
            "tracker: created {} (empty) for the import",
            ctx.db.display()
        );
    }
    Ok(store)
}

fn show(p: &Preview, format: Format, out: &mut dyn Write) -> Result<()> {
    if format == Format::Json {
        out.write_all(json::to_string(p)?.as_bytes())?;
        return Ok(());
    }
    let tasks: usize = p.recommendations.iter().map(|r| r.items.len()).sum();
    writeln!(
        out,
        "{}: {}{}; {} recommendations, {tasks} tasks{}",
        p.file,
        p.encoding,
        if p.converted_to_simplified {
            ", converted to Simplified"
        } else {
            ""
        },
        p.recommendations.len(),
        if p.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    )?;
    for r in &p.recommendations {
        writeln!(
            out,
            "{}  {}",
            r.number,
            crate::render::safe(r.headline, false)
        )?;
        for i in &r.items {
            writeln!(out, "  {}  {}", i.id, crate::render::safe(i.title, false))?;
        }
    }
    Ok(())
}
