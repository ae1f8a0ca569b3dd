//! `tracker list`: the tasks, filtered and sorted, with their health.

use std::io::Write;

use anyhow::{Result, bail};

use crate::cli::{Format, ListArgs, SortKey};
use crate::ctx::Ctx;
use crate::model::{Health, Span};
use crate::render::{json, table};
use crate::store::TaskFilter;
use crate::task::Task;

pub fn run(ctx: &Ctx, args: &ListArgs, out: &mut dyn Write) -> Result<()> {
    let today = ctx.today();
    // Staleness is judged of open tasks only (a done task owes no report): a closed status
    // with it would list nothing, silently.
    if args.stale.is_some()
        && let Some(closed) = args.status.iter().find(|s| !s.is_open())
    {
        let (en, zh) = (
            closed.label(crate::model::Lang::En),
            closed.label(crate::model::Lang::Zh),
        );
        bail!(crate::msg!(
            "--stale lists open tasks with no recent report, so it cannot go with --status {en}: leave --status out, or give not-started, in-progress or blocked",
            "--stale 列出近期无反馈的未完成任务，不能与 --status {zh} 同用：请去掉 --status，或改用未开始、进行中、受阻"
        ));
    }
    let mut store = ctx.open()?;
    if let Some(rec) = args.rec {
        super::check_rec(&store, rec)?;
    }
    // No report since `since`, which is included: `--stale 14d` on the 29th wants one dated
    // the 15th or later, judged as of `--today` (`stale_as_of`).
    let stale = args.stale.map(|span| {
        let span = span.unwrap_or(Span::Days(ctx.stale_days));
        span.before(today).unwrap_or_else(crate::model::first_date)
    });
    let filter = TaskFilter {
        statuses: args.status.clone(),
        open_only: !args.all && args.status.is_empty()
            || args.overdue
            || args.due_within.is_some()
            || stale.is_some(),
        unreported_since: stale,
        rec: args.rec,
        deadline_before: args.overdue.then_some(today),
        deadline_until: args
            .due_within
            .map(|s: Span| s.after(today).unwrap_or_else(crate::model::last_date)),
        without_text: args.format == Format::Table,
        ..Default::default()
    };
    let (mut tasks, hidden, states, marks, reported) = store.snapshot(|s| {
        // With a past `--today` (changes dated after it), the ledger as it stood then.
        let replay = stale.is_some() || super::changed_after(s, today)?;
        // `--owner` names a unit as it was named that day (`as_of`), or now.
        let filter = TaskFilter {
            unit: (args.owner.as_deref())
                .filter(|_| !replay)
                .map(|o| super::resolve_unit(s, o))
                .transpose()?,
            ..filter.clone()
        };
        let (tasks, read, closed) = if replay {
            as_of(s, &filter, args.owner.as_deref(), stale, today)?
        } else {
            (s.tasks(&filter)?, filter.clone(), 0)
        };
        // The pace light (序时) needs each task's start, its creation in the history; the
        // JSON adds the last report (末次反馈).
        let (states, marks) = (s.task_states(&read)?, s.marks(&read, today)?);
        // The JSON's last report is a real report's day, as `show` gives it: `marks` counts
        // the creation as one, so where its day is the creation's, the history is asked.
        let mut reported = std::collections::HashMap::new();
        if args.format == Format::Json || stale.is_some() {
            let of_row: std::collections::HashMap<i64, &crate::report::followup::Marks> =
                marks.iter().map(|m| (m.row, m)).collect();
            for st in &states {
                let m = of_row.get(&st.row);
                let day = match (m.and_then(|m| m.last_report), m.and_then(|m| m.start)) {
                    (Some(l), Some(c)) if l > c => Some(l),
                    _ => s.last_report(st.id, today)?,
                };
                reported.insert(st.id, day);
            }
        }
        // The footer that counts hidden tasks is for the table only.
        let hidden = if args.format == Format::Table
            && filter.open_only
            && filter.statuses.is_empty()
            && !args.overdue
            && args.due_within.is_none()
            && stale.is_none()
        {
            if replay {
                closed
            } else {
                let all = TaskFilter {
                    open_only: false,
                    ..filter.clone()
                };
                s.count_tasks(&all)?.saturating_sub(tasks.len())
            }
        } else {
            0
        };
        Ok((tasks, hidden, states, marks, reported))
    })?;
    sort(&mut tasks, args.sort);
    let health = Health::judge(today, ctx.due_soon_days);
    let rows: Vec<(&Task, Option<Health>)> = tasks
        .iter()
        .map(|t| (t, health(t.status, t.deadline)))
        .collect();
    // Each task's marks, by id through its storage row, and its follow-up as of today.
    let by_row: std::collections::HashMap<i64, crate::report::followup::Marks> =
        marks.iter().map(|m| (m.row, *m)).collect();
    let by_id: std::collections::HashMap<crate::model::TaskId, i64> =
        states.iter().map(|s| (s.id, s.row)).collect();
    let marks_of = |t: &Task| {
        (by_id.get(&t.id))
            .and_then(|row| by_row.get(row))
            .copied()
            .unwrap_or_default()
    };
    let follow_of = |t: &Task| {
        crate::report::followup::task_follow(
            marks_of(t),
            t.status,
            t.deadline,
            t.progress,
            today,
            ctx.followup,
        )
    };
    // 未反馈天数: from the last report, or the creation where there was none (as the report
    // counts a task's silence), for an open task.
    let days_since = |t: &Task| {
        let m = marks_of(t);
        (t.status.is_open())
            .then(|| m.last_report.or(m.start))
            .flatten()
            .map(|d| (today - d).num_days())
    };
    match args.format {
        Format::Json => {
            let items: Vec<json::ListItemJson> = rows
                .iter()
                .map(|(t, h)| {
                    let f = follow_of(t);
                    json::ListItemJson {
                        task: json::TaskJson::new(t, *h),
                        pace: f.pace,
                        last_report: reported.get(&t.id).copied().flatten(),
                        days_since_report: days_since(t),
                        done_late: f.done_late,
                    }
                })
                .collect();
            json::write(&items, out)?;
        }
        Format::Table => {
            let lights =
                crate::report::followup::lights_of(&tasks, &states, &marks, today, ctx.followup);
            let pace: Vec<table::PaceMark> = (tasks.iter().zip(&lights))
                .map(|(t, l)| match l {
                    Some(l) => table::PaceMark::Light(*l),
                    None if follow_of(t).done_late => table::PaceMark::DoneLate,
                    None => table::PaceMark::None,
                })
                .collect();
            let reports: Option<Vec<(Option<chrono::NaiveDate>, i64)>> = stale.map(|_| {
                (tasks.iter())
                    .map(|t| {
                        let day = reported.get(&t.id).copied().flatten();
                        (day, days_since(t).unwrap_or_default())
                    })
                    .collect()
            });
            let follow = table::ListFollow {
                pace: &pace,
                reports: reports.as_deref(),
            };
            let table =
                table::task_list_paced(&rows, Some(&follow), ctx.lang, ctx.color, super::width());
            out.write_all(table.as_bytes())?;
            super::free_at_exit(table);
            let lang = ctx.lang;
            let mut footer = match lang {
                crate::model::Lang::Zh => format!("共 {} 项", rows.len()),
                crate::model::Lang::En => format!(
                    "{} task{}",
                    rows.len(),
                    if rows.len() == 1 { "" } else { "s" }
                ),
            };
            if hidden > 0 {
                footer.push_str(&match lang {
                    crate::model::Lang::Zh => {
                        format!("；另有 {hidden} 项已完成或已取消（--all 显示）")
                    }
                    crate::model::Lang::En => {
                        format!("; {hidden} done or cancelled not shown (--all shows them)")
                    }
                });
            }
            writeln!(out, "{footer}")?;
        }
    }
    drop(rows);
    super::free_at_exit(tasks);
    Ok(())
}

fn sort(tasks: &mut [Task], key: SortKey) {
    match key {
        SortKey::Id => tasks.sort_by_key(|t| t.id),
        SortKey::Deadline => tasks.sort_by_key(|t| (t.deadline.is_none(), t.deadline, t.id)),
        SortKey::Status => tasks.sort_by_key(|t| (t.status, t.id)),
    }
}

/// The tasks `filter` selects as they stood at the end of `today` (tester 17i, finding 2: a
/// past `--today` reads the ledger of that day, as the report replays a past week); with
/// `stale`, only the open ones with no report from that day to `today` (issue 17, finding 5).
/// Replayed as the report replays a past week: the tasks rewound through the events recorded
/// after `today` (`rewind_tasks`: a task added later is not there, a later status, deadline or
/// unit is not yet), the last report read as of `today` (`Store::marks`, the report's rule:
/// a later report does not count, nor does an undo recorded later take one back). With a
/// `today` of now nothing is rewound. `owner` (as typed) picks the tasks a unit led or
/// supported that day, found by the name it had then (a unit renamed since: 17j leftover), else
/// by its name now (`resolve_unit_on`). Also returns the filter the tasks were read with (every
/// status, any report), for their marks, and how many of the tasks of that day it leaves out
/// as done or cancelled (the table's footer).
fn as_of(
    s: &crate::store::Store,
    filter: &TaskFilter,
    owner: Option<&str>,
    stale: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> Result<(Vec<Task>, TaskFilter, usize)> {
    // The state filters are judged on the rewound tasks, not on the rows as they are now.
    let mut wide = TaskFilter {
        statuses: Vec::new(),
        open_only: false,
        unreported_since: None,
        deadline_before: None,
        deadline_until: None,
        unit: None,
        ..filter.clone()
    };
    let tasks = match owner {
        None => super::tasks_on(s, &wide, today)?,
        Some(typed) => {
            // That day's names are those of every task of that day, whatever `--rec` keeps.
            let all = TaskFilter {
                rec: None,
                ..wide.clone()
            };
            let all = super::tasks_on(s, &all, today)?;
            match super::resolve_unit_on(s, &all, typed)? {
                super::OwnerOn::Then(unit) => (all.into_iter())
                    .filter(|t| {
                        wide.rec.is_none_or(|r| t.id.rec == r)
                            && (t.lead.as_ref() == Some(&unit) || t.support.contains(&unit))
                    })
                    .collect(),
                super::OwnerOn::Now(unit) => {
                    wide.unit = Some(unit);
                    super::tasks_on(s, &wide, today)?
                }
            }
        }
    };
    let closed = tasks.iter().filter(|t| !t.status.is_open()).count();
    let row_of: std::collections::HashMap<crate::model::TaskId, i64> = s
        .task_states(&wide)?
        .into_iter()
        .map(|t| (t.id, t.row))
        .collect();
    let last: std::collections::HashMap<i64, Option<chrono::NaiveDate>> = match stale {
        Some(_) => s
            .marks(&wide, today)?
            .into_iter()
            .map(|m| (m.row, m.last_report))
            .collect(),
        None => Default::default(),
    };
    let kept = tasks
        .into_iter()
        .filter(|t| {
            (!filter.open_only || t.status.is_open())
                && (filter.statuses.is_empty() || filter.statuses.contains(&t.status))
                && filter
                    .deadline_before
                    .is_none_or(|b| t.deadline.is_some_and(|d| d < b))
                && filter
                    .deadline_until
                    .is_none_or(|u| t.deadline.is_some_and(|d| d <= u))
                // No report from `since` to `today` (a task with no mark did not exist yet).
                && stale.is_none_or(|since| {
                    let last_report = row_of.get(&t.id).and_then(|r| last.get(r)).copied();
                    last_report.is_some_and(|l| l.is_none_or(|l| l < since))
                })
        })
        .collect();
    Ok((kept, wide, closed))
}
