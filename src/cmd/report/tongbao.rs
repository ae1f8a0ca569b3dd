//! The 通报 (`report --format docx`): numbered 第N期 for the whole ledger's ISO week, refused
//! outside the ledger's life, and a read when its week already has its number.

use std::io::Write;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Weekly, weekly};
use crate::report::{Period, Report, fill};
use crate::store::{Store, TaskFilter};
use crate::task::Field;

/// The 通报 (`report --format docx`) written to `w`: the report cut to `--limit` as the text
/// formats cut it, opened by the sentences json gives (from every overdue task's lead, not
/// only those shown). Only the 通报 itself is numbered 第N期 by the ledger: the whole ledger
/// for one ISO week, not `draft` (the period's number if it had one; a new number is kept
/// only once the document is written). Anything else is a draft that takes no number: of
/// the whole week, showing the number it would get; of a part (`--owner`, `--rec`) or a
/// custom period, which are never issued, showing none.
#[allow(clippy::too_many_arguments)]
pub(super) fn tongbao_docx(
    store: &mut Store,
    q: &Weekly,
    office: &str,
    first_issue: u32,
    today: NaiveDate,
    (draft, body_cap): (bool, usize),
    w: &mut dyn Write,
) -> Result<()> {
    use crate::render::docx::{Issue, Tongbao, tongbao};
    // One pass: with the rows picked, the leads of every overdue task the limit left out
    // (`Picks::leads`), so that the opening sentences and section 三 name all of them.
    let (mut report, leads) = weekly(store, q, |mut report, picks, words| {
        let mut want = picks.all();
        want.extend(crate::report::weekly::listed_rest(&picks));
        want.sort_unstable_by_key(|p| p.row);
        want.dedup_by_key(|p| p.row);
        let (tasks, events) = words(&want)?;
        let leads: Vec<Option<String>> = crate::report::leads_of(&picks.overdue, &tasks, &[])
            .chain(crate::report::leads_of(
                &picks.overdue_rest,
                &tasks,
                &picks.leads,
            ))
            .map(|l| l.map(str::to_string))
            .collect();
        fill(&mut report, &picks, tasks, &events);
        Ok((report, leads))
    })?;
    let leads: Vec<Option<&str>> = leads.iter().map(|l| l.as_deref()).collect();
    report.summary_text = crate::report::summary_text(&report.total, report.week.is_some(), &leads);
    let whole_ledger = q.scope.recommendation.is_none() && q.scope.unit.is_none();
    let key = report
        .period
        .iso_week()
        .filter(|_| whole_ledger)
        .map(|w| w.to_ascii_lowercase().replace('-', "_"));
    let document = |issue| {
        tongbao(&Tongbao {
            report: &report,
            summary: &report.summary_text,
            office,
            issue,
            date: today,
            unreported: unreported(&report),
            overdue_leads: &leads,
            body_cap,
            unreported_left_out: report.left_out.unreported,
        })
    };
    // A week outside the ledger's life takes no number (`refuse_outside_life` refused issuing
    // one): one not begun, or one that ended before the ledger's first change (no task
    // existed at its end). Its draft shows no number either.
    let outside = key.is_some() && (report.period.from > today || report.total.counts.tasks == 0);
    match key {
        Some(_) if outside => w.write_all(&document(Issue::Draft(None))?)?,
        Some(key) if !draft => {
            let ledger = crate::output::shown(store.path());
            store
                .issue_tongbao(&key, first_issue, |n| {
                    Ok(w.write_all(&document(Issue::Issued(n))?)?)
                })
                .map_err(|e| cannot_number(e, &report.period, &ledger))?;
        }
        Some(key) => {
            let n = store.tongbao_number(&key, first_issue)?;
            w.write_all(&document(Issue::Draft(Some(n)))?)?;
        }
        None => w.write_all(&document(Issue::Draft(None))?)?,
    }
    Ok(())
}

/// A 通报 that must take a new issue number, refused because the role may read the ledger
/// but not write it: says so, and that `--draft` gives the same document unnumbered, as a
/// ledger's refusal (no "cannot write FILE" before it). Any other error is returned as is.
fn cannot_number(e: anyhow::Error, period: &Period, ledger: &str) -> anyhow::Error {
    let role = e
        .chain()
        .find_map(|c| c.downcast_ref::<crate::store::LedgerFailure>())
        .and_then(|f| f.write_refused_to.clone());
    let Some(role) = role else { return e };
    let (week, role) = (
        period.iso_week().unwrap_or_default(),
        crate::render::safe(&role, false),
    );
    anyhow::Error::new(crate::store::LedgerFailure {
        line: crate::msg!(
            "the 通报 for {week} takes an issue number (第N期), which {role} cannot record on {ledger}: the role may read the ledger but not write it; give --draft for the same 通报 without a number, or have a clerk who may write issue it (a week once numbered can then be printed by any role that may read)",
            "{week} 的通报要编发期号（第N期），而 {role} 无权在 {ledger} 上记录：该角色只能读取台账、不能写入；加 --draft 可得到不编号的同一份通报，或请有写入权限的人员先编发（已编号的周，凡能读取台账的角色都可再次打印）"
        ),
        write_refused_to: None,
    })
}

/// Refuses to number a 通报 for `period` (one ISO week) outside the ledger's life, in one
/// line saying why and that `--draft` gives a preview: a week that has not begun by `today`,
/// or one that ended before the ledger's first change (its first task's creation), which
/// would otherwise take 第N期 and push every real week's number on.
pub(super) fn refuse_outside_life(store: &Store, period: Period, today: NaiveDate) -> Result<()> {
    let week = period.iso_week().unwrap_or_default();
    if period.from > today {
        bail!(crate::msg!(
            "{week} has not begun (today is {today}): a 通报 is numbered only for a week that has begun; give --draft for a preview",
            "{week} 尚未开始（今天是 {today}）：只有已开始的周才能编号发布通报；预览请加 --draft"
        ));
    }
    let created = store.state_changes(&TaskFilter::default(), &[Field::Created], None)?;
    // `at` is the local time as YYYYMMDDhhmmss: the day it counts for.
    let end = crate::model::ymd(period.to)
        .replace('-', "")
        .parse::<u64>()
        .unwrap_or(0);
    // A task whose creation is not recorded (a ledger older than its history) existed all
    // along, as the report counts it.
    let tasks = store.count_tasks(&TaskFilter::default())?;
    if tasks == 0 {
        // An empty ledger (`init --empty`) has no change at all: say that, not "later".
        bail!(crate::msg!(
            "the ledger has no task yet: a 通报 is numbered only for a week in which the ledger held tasks; add or import tasks first, or give --draft for a preview",
            "台账中还没有任何任务：只有台账已有任务的周才能编号发布通报；请先添加或导入任务，预览请加 --draft"
        ));
    }
    let all_recorded = created.len() == tasks;
    if all_recorded && !created.iter().any(|c| c.at / 1_000_000 <= end) {
        bail!(crate::msg!(
            "the ledger had no task by the end of {week} (its first change came later): a 通报 is numbered only for a week in the ledger's life; give --draft for a preview",
            "截至 {week} 结束时台账中还没有任何任务（首次变更在此之后）：只有台账已有记录的周才能编号发布通报；预览请加 --draft"
        ));
    }
    Ok(())
}

/// Section 五's units (issue 17 §1): the report's unreported tasks grouped by the unit that
/// leads them, in the order every document lists them (`report::followup::unreported_by_lead`).
fn unreported(report: &Report) -> Option<Vec<crate::render::docx::Unreported>> {
    let groups = crate::report::followup::unreported_by_lead(&report.unreported);
    Some(
        groups
            .into_iter()
            .map(|(unit, tasks)| crate::render::docx::Unreported {
                unit: unit.unwrap_or("未明确牵头单位").to_string(),
                tasks: tasks
                    .into_iter()
                    .map(|d| (d.id.to_string(), d.title.clone(), d.days))
                    .collect(),
                notices: unit
                    .and_then(|u| crate::report::reminders::of(&report.reminders, u))
                    .map_or((0, 0), |r| (r.in_period, r.to_date)),
            })
            .collect(),
    )
}
