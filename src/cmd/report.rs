//! `tracker report`: the weekly progress table as of any week, or a week-by-week series.

use std::io::Write;

use anyhow::{Result, anyhow, bail};

use crate::cli::{ReportArgs, ReportFormat};
use crate::ctx::Ctx;
use crate::model::parse_date;
use crate::render::report::{Doc, report_doc, series_doc};
use crate::render::{formats, json};
use crate::report::{Input, Period, Scope, compute, series};
use crate::store::{EventFilter, TaskFilter};

pub fn run(ctx: &Ctx, args: &ReportArgs, out: &mut dyn Write) -> Result<()> {
    let today = ctx.today();
    let date = |flag: &str, v: &Option<String>| {
        v.as_deref()
            .map(|s| parse_date(s, today).map_err(|e| anyhow!("invalid {flag}: {e}")))
            .transpose()
    };
    let (from, to) = (date("--from", &args.from)?, date("--to", &args.to)?);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        bail!("--from {f} is after --to {t}: give the earlier date first");
    }
    let mut store = ctx.open()?;
    if let Some(rec) = args.rec {
        super::check_rec(&store, rec)?;
    }
    let unit = args
        .owner
        .as_deref()
        .map(|o| super::resolve_unit(&store, o))
        .transpose()?;
    let scope = Scope {
        recommendation: args.rec,
        unit,
    };
    let (tasks, events, recommendations, start) = store.snapshot(|s| {
        Ok((
            s.tasks(&TaskFilter::default())?,
            s.events(&EventFilter::default())?,
            s.recommendations()?,
            s.plan_start()?,
        ))
    })?;
    let plan_start = start.unwrap_or(today);
    let input = Input {
        tasks,
        events,
        recommendations,
        plan_start,
        today,
        due_soon_days: ctx.due_soon_days,
    };

    let text = if args.series.is_some() {
        let period = match (args.week, from, to) {
            (Some(w), _, _) => w,
            (None, f, t) => Period {
                from: f.unwrap_or(plan_start),
                to: t.unwrap_or(today),
            },
        };
        if period.from > period.to {
            bail!(
                "the series would start on {} after it ends on {}: give --from and --to",
                period.from,
                period.to
            );
        }
        let rows = series(input, period, &scope);
        match args.format.unwrap_or(ctx.report_format) {
            ReportFormat::Json => json::to_string(
                &serde_json::json!({ "from": period.from, "to": period.to, "scope": scope, "weeks": rows }),
            )?,
            f => write_doc(
                &series_doc(&rows, period.from, period.to, ctx.lang),
                f,
                args.bom,
                ctx.color,
            ),
        }
    } else {
        let period = match (args.week, from, to) {
            (Some(w), _, _) => w,
            (None, Some(f), Some(t)) => Period { from: f, to: t },
            (None, None, None) => Period::week_of(today),
            _ => bail!("give both --from and --to for a custom period, or --week"),
        };
        let report = compute(input, period, scope);
        match args.format.unwrap_or(ctx.report_format) {
            ReportFormat::Json => json::to_string(&report)?,
            f => write_doc(&report_doc(&report, ctx.lang), f, args.bom, ctx.color),
        }
    };
    match &args.out {
        Some(path) => {
            super::write_atomically(path, text.as_bytes())?;
            eprintln!("tracker: wrote {}", path.display());
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}

fn write_doc(doc: &Doc, format: ReportFormat, bom: bool, color: bool) -> String {
    match format {
        ReportFormat::Table => formats::table(doc, super::width_or(100), color),
        ReportFormat::Markdown => formats::markdown(doc),
        ReportFormat::Csv => formats::csv(doc, bom),
        ReportFormat::Html => formats::html(doc),
        ReportFormat::Json => unreachable!("json is written from the data, not the document"),
    }
}
