//! `tracker report`: the weekly progress table as of any week, or a week-by-week series.

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

use crate::cli::{ReportArgs, ReportFormat};
use crate::ctx::Ctx;
use crate::model::parse_date;
use crate::render::report::{Doc, report_doc, series_doc};
use crate::render::{formats, json};
use crate::report::{
    Input, Options, Period, Report, Scope, as_of_end, fill, named_unit, needs, outline, series_from,
};
use crate::store::{EventFilter, Store, TaskFilter};
use crate::task::{Event, Field, Task};

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
    // What is written: a document's text, or json written as it is made.
    let emit: Emit = if args.series.is_some() {
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
        let (tasks, changes) = store.snapshot(|s| {
            let fields = [Field::Created, Field::Status, Field::Deadline];
            Ok((
                s.task_states(&filter)?,
                s.state_changes(&filter, &fields, None)?,
            ))
        })?;
        let rows = series_from(tasks, changes, period, today);
        match format {
            ReportFormat::Json => {
                let value = serde_json::json!({ "from": period.from, "to": period.to, "scope": scope, "weeks": rows });
                Box::new(move |w| json::write(&value, w))
            }
            f => text(write_doc(
                &series_doc(&rows, period.from, period.to, ctx.lang),
                f,
                args.bom,
                ctx.color,
            )),
        }
    } else {
        let period = match (args.week, from, to) {
            (Some(w), _, _) => w,
            (None, Some(f), Some(t)) => Period { from: f, to: t },
            (None, None, None) => Period::week_of(today),
            _ => bail!("give both --from and --to for a custom period, or --week"),
        };
        let limit = match format {
            ReportFormat::Json | ReportFormat::Csv => 0,
            _ => args.limit,
        };
        let opts = Options {
            limit,
            trend_weeks: args.trend_weeks,
        };
        let report = weekly(&mut store, scope, period, plan_start, opts, ctx)?;
        match format {
            ReportFormat::Json => Box::new(move |w| json::write(&report, w)),
            f => text(write_doc(
                &report_doc(&report, ctx.lang),
                f,
                args.bom,
                ctx.color,
            )),
        }
    };
    match &args.out {
        Some(path) => {
            super::write_atomically_with(path, emit)?;
            eprintln!("tracker: wrote {}", path.display());
        }
        None => emit(out)?,
    }
    Ok(())
}

/// How a report reaches standard output or its `--out` file.
type Emit = Box<dyn FnOnce(&mut dyn Write) -> Result<()>>;

fn text(s: String) -> Emit {
    Box::new(move |w| Ok(w.write_all(s.as_bytes())?))
}

/// The weekly report, read in one snapshot: every task's state and the changes the figures
/// need (`report::needs`), then titles, units and events only for the rows shown.
fn weekly(
    store: &mut Store,
    scope: Scope,
    period: Period,
    plan_start: NaiveDate,
    opts: Options,
    ctx: &Ctx,
) -> Result<Report> {
    let today = ctx.today();
    let need = needs(period, today, plan_start, opts.trend_weeks);
    // Scoping by unit also takes the tasks that named it since the period began; which of them
    // named it at the report's end is decided below, on the tasks as they were then.
    let filter = TaskFilter {
        rec: scope.recommendation,
        unit: scope.unit.clone(),
        unit_since: scope.unit.as_ref().map(|_| period.from),
        without_text: true,
        ..Default::default()
    };
    // Events of the rows shown: this period's (本周进展) and any later (to undo).
    let words_since = period.from.min(need.state_since);
    store.snapshot(|s| {
        let mut changes = s.state_changes(
            &filter,
            &[Field::Created, Field::Status],
            Some(need.status_since),
        )?;
        changes.extend(s.state_changes(
            &filter,
            &[Field::Deadline, Field::Progress],
            Some(need.state_since),
        )?);
        let mut input = Input {
            states: s.task_states(&filter)?,
            changes,
            news: s.tasks_with_events(&filter, period.from, need.as_of)?,
            plan_start,
            today,
            due_soon_days: ctx.due_soon_days,
        };
        let words = |rows: Vec<i64>| -> Result<(Vec<Task>, Vec<Event>)> {
            let tasks = TaskFilter {
                rows,
                ..filter.clone()
            };
            let events = s.events(&EventFilter {
                since: Some(words_since),
                tasks: Some(tasks.clone()),
                ..Default::default()
            })?;
            Ok((as_of_end(s.tasks(&tasks)?, &events, need.as_of), events))
        };
        let mut loaded = None;
        if let Some(unit) = &scope.unit {
            let (tasks, events) = words(Vec::new())?;
            let named = named_unit(&tasks, unit);
            input.states.retain(|t| named.binary_search(&t.id).is_ok());
            loaded = Some((tasks, events));
        }
        let every = input.states.len();
        let (mut report, wanted) = outline(input, period, scope.clone(), opts);
        let (tasks, events) = match loaded {
            Some(both) => both,
            None if wanted.is_empty() => (Vec::new(), Vec::new()),
            // Most of the scope shown: read it whole rather than name each row.
            None if wanted.len() * 2 > every || wanted.len() > 5_000 => words(Vec::new())?,
            None => words(wanted)?,
        };
        let recs: Vec<u32> = report
            .summary
            .iter()
            .filter_map(|r| r.recommendation)
            .collect();
        fill(&mut report, tasks, &events, &s.headlines(&recs)?);
        Ok(report)
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
