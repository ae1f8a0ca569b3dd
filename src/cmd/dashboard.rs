//! `tracker` with no command: the ledger at a glance. Counts by status, the overdue tasks, and
//! what falls due this week, as of `--today` (a past day replayed as `list` replays it).

use std::io::Write;

use anyhow::Result;
use chrono::Days;
use serde::Serialize;

use crate::cli::Format;
use crate::ctx::Ctx;
use crate::model::{Health, Status, week_start};
use crate::render::json::TaskJson;
use crate::render::table;
use crate::store::TaskFilter;

#[derive(Serialize)]
struct Dashboard<'a> {
    today: String,
    counts: std::collections::BTreeMap<&'static str, usize>,
    overdue: Vec<TaskJson<'a>>,
    due_this_week: Vec<TaskJson<'a>>,
}

pub fn run(ctx: &Ctx, format: Format, out: &mut dyn Write) -> Result<()> {
    let today = ctx.today();
    let week_end = week_start(today) + Days::new(6);
    let mut store = ctx.open()?;
    let (counts, open) = store.snapshot(|s| {
        // With a past `--today` (changes dated after it), the ledger as it stood then, as
        // `list` reads it (`tasks_on`): its counts and lists are of that day.
        if super::changed_after(s, today)? {
            let all = super::tasks_on(s, &TaskFilter::default(), today)?;
            let counts = Status::ALL
                .iter()
                .map(|st| (*st, all.iter().filter(|t| t.status == *st).count()))
                .filter(|(_, n)| *n > 0)
                .collect();
            let open = all.into_iter().filter(|t| t.status.is_open()).collect();
            return Ok((counts, open));
        }
        Ok((
            s.status_counts()?,
            s.tasks(&TaskFilter {
                open_only: true,
                ..Default::default()
            })?,
        ))
    })?;
    let judge = Health::judge(today, ctx.due_soon_days);
    let health = |t: &crate::task::Task| judge(t.status, t.deadline);
    let overdue: Vec<_> = open
        .iter()
        .filter(|t| t.deadline.is_some_and(|d| d < today))
        .collect();
    let due: Vec<_> = open
        .iter()
        .filter(|t| t.deadline.is_some_and(|d| d >= today && d <= week_end))
        .collect();
    match format {
        Format::Json => {
            let d = Dashboard {
                today: crate::model::ymd(today),
                counts: Status::ALL
                    .iter()
                    .map(|s| {
                        (
                            s.name(),
                            counts.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n),
                        )
                    })
                    .collect(),
                overdue: overdue
                    .iter()
                    .map(|t| TaskJson::new(t, health(t)))
                    .collect(),
                due_this_week: due.iter().map(|t| TaskJson::new(t, health(t))).collect(),
            };
            out.write_all(crate::render::json::to_string(&d)?.as_bytes())?;
        }
        Format::Table => {
            let overdue: Vec<_> = overdue.iter().map(|t| (*t, health(t))).collect();
            let due: Vec<_> = due.iter().map(|t| (*t, health(t))).collect();
            let text = table::dashboard(
                today,
                &counts,
                &overdue,
                &due,
                ctx.lang,
                ctx.color,
                super::width(),
            );
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}
