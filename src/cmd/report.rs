//! `tracker report`: the weekly progress table as of any week, or a week-by-week series.

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use chrono::{Days, NaiveDate};

use crate::cli::{ReportArgs, ReportFormat};
use crate::ctx::Ctx;
use crate::model::parse_date;
use crate::render::report::{Doc, report_doc, series_doc};
use crate::render::{formats, json};
use crate::report::{Input, Period, Scope, compute, series_from};
use crate::store::{EventFilter, Store, TaskFilter};
use crate::task::Field;

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
    let plan_start = store.plan_start()?.unwrap_or(today);
    let format = args.format.unwrap_or(ctx.report_format);
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
        // Each week's end needs who exists, who is done or open, and whose deadline has passed:
        // statuses, deadlines and creations only. Scoping by unit takes the tasks that name it
        // now or named it since the series began.
        let filter = TaskFilter {
            rec: scope.recommendation,
            unit: scope.unit.clone(),
            unit_since: scope.unit.as_ref().map(|_| period.from),
            ..Default::default()
        };
        let (tasks, changes) = store.snapshot(|s| s.state_history(&filter))?;
        let rows = series_from(tasks, changes, period, today);
        match format {
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
        // Everything since the previous period began; before that, status changes (the trend).
        let since = period.previous().to + Days::new(1);
        let reads = Reads {
            scope_since: period.from,
            since,
            earlier: &[Field::Status],
            status_only: false,
        };
        let input = load(&mut store, &scope, reads, plan_start, ctx)?;
        let report = compute(input, period, scope);
        match format {
            ReportFormat::Json => json::to_string(&report)?,
            ReportFormat::Csv => write_doc(
                &report_doc(&report, ctx.lang, 0),
                format,
                args.bom,
                ctx.color,
            ),
            f => write_doc(
                &report_doc(&report, ctx.lang, args.limit),
                f,
                args.bom,
                ctx.color,
            ),
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

/// What a report reads beyond its scope's tasks.
struct Reads<'a> {
    /// Scoping by unit also takes the tasks that named the unit since this date.
    scope_since: NaiveDate,
    /// Every event from this date on…
    since: NaiveDate,
    /// …and before it only these fields.
    earlier: &'a [Field],
    /// The tasks' statuses and deadlines only (no titles or units).
    status_only: bool,
}

/// Reads what a report needs, for its scope only: the tasks (without their full texts) and the
/// events `reads` asks for.
fn load(
    store: &mut Store,
    scope: &Scope,
    reads: Reads<'_>,
    plan_start: NaiveDate,
    ctx: &Ctx,
) -> Result<Input> {
    let Reads {
        scope_since,
        since,
        earlier,
        status_only,
    } = reads;
    let tasks = TaskFilter {
        rec: scope.recommendation,
        unit: scope.unit.clone(),
        unit_since: scope.unit.as_ref().map(|_| scope_since),
        without_text: true,
        // Units are needed only to scope by one.
        status_only: status_only && scope.unit.is_none(),
        ..Default::default()
    };
    let events = EventFilter {
        since: Some(since),
        tasks: Some(tasks.clone()),
        earlier_fields: earlier.to_vec(),
        ..Default::default()
    };
    let (tasks, events, recommendations) = store.snapshot(|s| {
        let recs = match scope.recommendation {
            Some(n) => s.recommendation(n)?.into_iter().collect(),
            None => s.recommendations()?,
        };
        Ok((s.tasks(&tasks)?, s.events(&events)?, recs))
    })?;
    Ok(Input {
        tasks,
        events,
        recommendations,
        plan_start,
        today: ctx.today(),
        due_soon_days: ctx.due_soon_days,
    })
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
