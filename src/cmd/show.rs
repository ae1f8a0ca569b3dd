//! `tracker show ID`: one task, every field, its units and its history.

use std::io::Write;

use anyhow::Result;

use crate::cli::{Format, ShowArgs};
use crate::ctx::Ctx;
use crate::model::Health;
use crate::render::{json, table};
use crate::store::EventFilter;

pub fn run(ctx: &Ctx, args: &ShowArgs, out: &mut dyn Write) -> Result<()> {
    let today = ctx.today();
    let mut store = ctx.open()?;
    let id = super::resolve_id(&store, &args.id)?;
    let (task, rec, history, marks, reported) = store.snapshot(|s| {
        let task = s
            .task(id)?
            .ok_or_else(|| anyhow::anyhow!(crate::msg!("no task {id}", "没有任务 {id}")))?;
        // As it stood at the end of `today` (a past `--today`), as `list` and the report read
        // it: the changes dated after it rewound, and not in the history.
        let later = s.events(&EventFilter {
            task: Some(id),
            since: today.checked_add_days(chrono::Days::new(1)),
            ..Default::default()
        })?;
        let task = crate::report::rewind_tasks(vec![task], &later)
            .pop()
            .ok_or_else(|| not_yet(id, today, &later))?;
        let this = crate::store::TaskFilter {
            task: Some(id),
            ..Default::default()
        };
        Ok((
            task,
            s.recommendation(id.rec)?,
            s.events(&EventFilter {
                task: Some(id),
                until: Some(today),
                ..Default::default()
            })?,
            s.marks(&this, today)?.pop().unwrap_or_default(),
            s.last_report(id, today)?,
        ))
    })?;
    let mut follow = crate::report::followup::task_follow(
        marks,
        task.status,
        task.deadline,
        task.progress,
        today,
        ctx.followup,
    );
    // The days without a report count from the creation (a task just added has not yet
    // missed one), but the day shown as the last report is a real report's, or none: the
    // page says 从未反馈 rather than pass the creation off as one.
    follow.last_report = reported;
    let rec = rec.as_ref();
    let health = Health::of(task.status, task.deadline, today, ctx.due_soon_days);
    match args.format {
        Format::Json => {
            let detail = json::TaskDetailJson {
                task: json::TaskJson::new(&task, health),
                recommendation_headline: rec.map(|r| r.headline.as_str()),
                follow,
                history: &history,
            };
            out.write_all(json::to_string(&detail)?.as_bytes())?;
        }
        Format::Table => {
            let days_left = task.deadline.map(|d| (d - today).num_days());
            let text = table::task_detail(
                &task,
                rec,
                health,
                days_left,
                &follow,
                &history,
                table::Look {
                    lang: ctx.lang,
                    color: ctx.color,
                    width: super::width(),
                },
            );
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// The refusal of `show ID --today D` for a task added after D: it names the day it was added
/// and what to give.
fn not_yet(
    id: crate::model::TaskId,
    today: chrono::NaiveDate,
    later: &[crate::task::Event],
) -> anyhow::Error {
    let added = later
        .iter()
        .find(|e| e.field == crate::task::Field::Created)
        .and_then(|e| e.at.get(..10))
        .unwrap_or_default();
    anyhow::anyhow!(crate::msg!(
        "task {id} was added on {added}, after {}: give --today {added} or later",
        "任务 {id} 于 {added} 新增，晚于 {}：请用 --today {added} 或更晚的日期",
        crate::model::ymd(today)
    ))
}
