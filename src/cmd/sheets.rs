//! The ledger's workbooks: `export --format xlsx` (the 台账) and `tracker sheets` (one return
//! sheet per unit). Files go through `output::write_file`, the one writer behind every `--out`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::output::{Privacy, Replace, write_file};
use anyhow::{Context, Result, bail};

use crate::cli::SheetsArgs;
use crate::ctx::Ctx;
use crate::model::Health;
use crate::render::xlsx::ledger::{LedgerRow, SummaryLine, ledger_workbook};
use crate::render::xlsx::sheet::{Role, return_sheet};
use crate::report::{Period, counts_of};
use crate::returns::{Identity, file_name};
use crate::store::{IssuedSheet, TaskFilter};
use crate::task::Task;

/// `export --format xlsx --out FILE`: sheets 台账 and 汇总, headers in `--lang`.
pub fn export_xlsx(ctx: &Ctx, file: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let Some(path) = file else {
        bail!("export --format xlsx writes a workbook, not text: give --out FILE.xlsx");
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
    eprintln!("tracker: wrote {}", path.display());
    Ok(())
}

/// `tracker sheets [--week W] [--owner UNIT] --out DIR`: for each unit with open tasks, the
/// tasks it leads and those it supports, as one workbook `UNIT-WEEK.xlsx`.
pub fn run(ctx: &Ctx, args: &SheetsArgs, out: &mut dyn Write) -> Result<()> {
    let period = match &args.week {
        Some(w) => w.resolve(ctx.today()).map_err(anyhow::Error::msg)?,
        None => Period::week_of(ctx.today()),
    };
    let week = period.iso_week().unwrap_or_default();
    let stamp = ctx.stamp(&crate::cli::ActorArg { by: None })?;
    let mut store = ctx.open()?;
    let only = args
        .owner
        .as_deref()
        .map(|o| super::resolve_unit(&store, o))
        .transpose()?;
    if args.out.is_file() {
        bail!(
            "{} is a file: --out takes the folder the sheets are written to",
            args.out.display()
        );
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
            bail!("{unit} has no open tasks: no sheet to issue");
        }
    }
    if by_unit.is_empty() {
        bail!("no open task has a unit: no sheet to issue");
    }
    let ledger = store.ledger_id()?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create the folder {}", args.out.display()))?;
    let mut issued = Vec::new();
    for (unit, list) in &by_unit {
        let identity = Identity {
            ledger: ledger.clone(),
            week: week.clone(),
            unit: unit.to_string(),
        };
        let bytes = return_sheet(&identity, list, ctx.lang)?;
        let name = file_name(unit, &week);
        // Sent out to a unit: a report's mode.
        write_file(
            &args.out.join(&name),
            &ctx.db,
            Privacy::Shared,
            Replace::Yes,
            out,
            |w| Ok(w.write_all(&bytes)?),
        )?;
        issued.push(IssuedSheet {
            week: week.clone(),
            unit: unit.to_string(),
            file: name,
            tasks: list.len(),
        });
    }
    store.record_issued(&issued, &stamp)?;
    for s in &issued {
        let led = by_unit[s.unit.as_str()]
            .iter()
            .filter(|(_, r)| *r == Role::Lead)
            .count();
        match ctx.lang {
            crate::model::Lang::Zh => writeln!(
                out,
                "{}  牵头 {led} 项，配合 {} 项",
                args.out.join(&s.file).display(),
                s.tasks - led
            )?,
            crate::model::Lang::En => writeln!(
                out,
                "{}  {led} led, {} supported",
                args.out.join(&s.file).display(),
                s.tasks - led
            )?,
        }
    }
    eprintln!(
        "tracker: wrote {} sheets for {week} to {}",
        issued.len(),
        args.out.display()
    );
    Ok(())
}
