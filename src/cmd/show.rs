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
        let this = crate::store::TaskFilter {
            task: Some(id),
            ..Default::default()
        };
        Ok((
            task,
            s.recommendation(id.rec)?,
            s.events(&EventFilter {
                task: Some(id),
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
