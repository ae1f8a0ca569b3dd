//! `tracker notice`: one 督办通知单 per unit with open tasks (issue 17 §3), written into a
//! folder through `output` (a temporary file beside each place, renamed when all are made),
//! and recorded on every task it lists as one change (`Store::issue_notices`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};

use crate::cli::{NoticeArgs, NoticeFormat};
use crate::ctx::Ctx;
use crate::model::{Health, NoticeRef, parse_deadline, ymd};
use crate::msg;
use crate::output::{Dest, Privacy, Replace, commit_all, temp_beside};
use crate::render::notice::{NoticeDoc, NoticeLine};
use crate::render::safe;
use crate::returns::unit_file_names;
use crate::store::{NoticeToIssue, Store, TaskFilter};
use crate::task::Task;

/// One unit's open tasks: those it leads, those it supports (each in id order).
type Share<'a> = (Vec<&'a Task>, Vec<&'a Task>);

pub fn run(ctx: &Ctx, args: &NoticeArgs, out: &mut dyn Write) -> Result<()> {
    let today = ctx.today();
    let typed = reply_by(&args.reply_by, today)?;
    let reply_by = typed.date;
    crate::output::refuse_url(&args.out)?;
    let stamp = ctx.stamp(&args.actor)?;
    let mut store = ctx.open()?;
    as_it_stands(&stamp, store.latest_change_at()?)?;
    let only = args
        .owner
        .as_deref()
        .map(|o| owner(&store, o))
        .transpose()?;
    let folder = &args.out;
    if folder.exists() && !folder.is_dir() {
        bail!(msg!(
            "{} is not a folder: --out takes the folder the notices are written to",
            "{} 不是文件夹：--out 应为存放督办通知单的文件夹",
            folder.display()
        ));
    }
    let tasks = store.tasks(&TaskFilter {
        open_only: true,
        ..Default::default()
    })?;
    let mut by_unit: BTreeMap<&str, Share<'_>> = BTreeMap::new();
    for t in &tasks {
        if let Some(lead) = &t.lead {
            by_unit.entry(lead).or_default().0.push(t);
        }
        for u in &t.support {
            if t.lead.as_ref() != Some(u) {
                by_unit.entry(u).or_default().1.push(t);
            }
        }
    }
    if let Some(unit) = &only {
        by_unit.retain(|u, _| u == unit);
        if by_unit.is_empty() {
            bail!(msg!(
                "{} has no open tasks: no notice to issue",
                "{} 没有未办结的任务：无需发出督办通知单",
                safe(unit, false)
            ));
        }
    } else {
        let idle: Vec<String> = store
            .units()?
            .into_iter()
            .filter(|u| !by_unit.contains_key(u.as_str()))
            .map(|u| safe(&u, false))
            .collect();
        if !idle.is_empty() {
            crate::i18n::warn(&msg!(
                "no notice for {} (no open tasks)",
                "{} 没有未办结的任务，不发督办通知单",
                idle.join(crate::i18n::lang().pick("、", ", "))
            ));
        }
    }
    if by_unit.is_empty() {
        bail!(msg!(
            "no open task has a unit: no notice to issue",
            "没有未办结的任务指定了单位：无需发出督办通知单"
        ));
    }
    let year = today.year();
    let units: Vec<&str> = by_unit.keys().copied().collect();
    let plan: Vec<NoticeToIssue> = by_unit
        .iter()
        .map(|(unit, (lead, support))| NoticeToIssue {
            unit: unit.to_string(),
            tasks: lead.iter().chain(support).map(|t| t.id).collect(),
        })
        .collect();
    let make = |refs: &[NoticeRef]| -> Result<Vec<(PathBuf, Vec<u8>)>> {
        let ext = match args.format {
            NoticeFormat::Docx => "docx",
            NoticeFormat::Html => "html",
            NoticeFormat::Markdown => "md",
        };
        let names = unit_file_names(&units, |i| format!("-{}", refs[i].serial()), ext);
        // Each unit's document on its own: made on every core (50 notices of a 10,000-task
        // ledger are 20 MB of Word XML), in the units' order.
        let shares: Vec<_> = by_unit.iter().zip(refs).collect();
        let made = crate::par::map(&shares, |((unit, share), r)| {
            let doc = document(ctx, unit, share, **r, today);
            anyhow::Ok(match args.format {
                NoticeFormat::Docx => crate::render::docx::notice::notice(&doc)?,
                NoticeFormat::Html => crate::render::notice::html(&doc).into_bytes(),
                NoticeFormat::Markdown => crate::render::notice::markdown(&doc).into_bytes(),
            })
        });
        names
            .into_iter()
            .zip(made)
            .map(|(name, bytes)| Ok((folder.join(name), bytes?)))
            .collect()
    };
    let say = |out: &mut dyn Write, files: &[(PathBuf, Vec<u8>)], refs: &[NoticeRef]| {
        let rows: Vec<[String; 4]> = files
            .iter()
            .zip(refs)
            .zip(by_unit.values())
            .map(|(((path, _), r), (lead, support))| {
                [
                    crate::output::shown(path),
                    r.serial(),
                    lead.len().to_string(),
                    support.len().to_string(),
                ]
            })
            .collect();
        for line in aligned(&rows) {
            writeln!(out, "{line}")?;
        }
        anyhow::Ok(())
    };

    if args.dry_run {
        let day = stamp.at.get(..10).unwrap_or_default();
        let (refs, again) = store.plan_notices(year, reply_by, day, &plan)?;
        let files = make(&refs)?;
        refuse_existing(&files)?;
        // Which year a date without one was taken as: said once no refusal can follow.
        super::warn_date_notes(&typed);
        say(out, &files, &refs)?;
        eprintln!(
            "{}",
            msg!(
                "tracker: dry run: {} ({}) would be written to {}; nothing written or recorded",
                "tracker：试运行：将写出督办通知单 {} 份（{}），在 {}；未写出、未记录任何内容",
                notices(files.len()),
                serial_range(&refs),
                crate::output::shown(folder)
            )
        );
        say_again(&again);
        return Ok(());
    }

    // Numbers chosen, files made and checked, then recorded: all in the write transaction.
    let made_folder = !folder.exists();
    let written = store.issue_notices(year, reply_by, &plan, &stamp, |refs| {
        let files = make(refs)?;
        refuse_existing(&files)?;
        crate::output::create_folder(folder)?;
        let temps = write_temps(ctx, &files)?;
        Ok((files, temps, refs.to_vec()))
    });
    let ((files, temps, refs), again) = match written {
        Ok(w) => w,
        Err(e) => {
            if made_folder {
                let _ = std::fs::remove_dir(folder);
            }
            return Err(e);
        }
    };
    let placed = temps
        .into_iter()
        .zip(&files)
        .map(|((tmp, target), (shown, _))| (tmp, target, shown.clone()))
        .collect();
    commit_all(placed, Privacy::Shared, Replace::Never)?;
    super::warn_date_notes(&typed);
    say(out, &files, &refs)?;
    let them = if files.len() == 1 { "it" } else { "them" };
    if again.iter().all(|a| *a) {
        eprintln!(
            "{}",
            msg!(
                "tracker: wrote {} ({}) to {}: the same notices were issued today, so they keep their serials and nothing was recorded",
                "tracker：已写出督办通知单 {} 份（{}），在 {}：今天已发出同样的通知单，沿用原编号，未再记录",
                notices(files.len()),
                serial_range(&refs),
                crate::output::shown(folder)
            )
        );
        return Ok(());
    }
    say_again(&again);
    eprintln!(
        "{}",
        msg!(
            "tracker: wrote {} ({}) to {}; recorded on their tasks ('tracker undo' withdraws {them})",
            "tracker：已写出督办通知单 {} 份（{}），在 {}；已记入相关任务（'tracker undo' 可撤回）",
            notices(files.len()),
            serial_range(&refs),
            crate::output::shown(folder)
        )
    );
    Ok(())
}

/// Says how many of a run's notices were issued already today (`Store::issue_notices`): they
/// keep their serials and are not recorded again, so writing a notice in another format is
/// not another 催办. Nothing when none.
fn say_again(again: &[bool]) {
    let n = again.iter().filter(|a| **a).count();
    if n > 0 {
        eprintln!(
            "{}",
            msg!(
                "tracker: {} issued today already (same unit, tasks and reply-by date): same serial, not recorded again",
                "tracker：其中 {} 份今天已发出（单位、任务、反馈期限相同）：沿用原编号，不再记录",
                notices(n)
            )
        );
    }
}

/// `1 notice`, `2 notices` in English; the bare number in Chinese, whose 份 follows it in the
/// message.
pub(crate) fn notices(n: usize) -> String {
    match (crate::i18n::zh(), n) {
        (true, _) => n.to_string(),
        (false, 1) => "1 notice".into(),
        (false, _) => format!("{n} notices"),
    }
}

/// The serials of a run: one named alone (`督办〔2026〕3号`), several as their first and last
/// (`督办〔2026〕3号 to 督办〔2026〕5号`; 至 in Chinese) when consecutive, else each (a run that
/// writes again notices issued earlier today keeps their serials beside new ones).
pub(crate) fn serial_range(refs: &[NoticeRef]) -> String {
    let mut sorted: Vec<&NoticeRef> = refs.iter().collect();
    sorted.sort_by_key(|r| (r.year, r.number));
    let consecutive = sorted
        .windows(2)
        .all(|w| w[0].year == w[1].year && w[1].number == w[0].number + 1);
    match sorted[..] {
        [] => String::new(),
        [one] => one.serial(),
        [first, .., last] if consecutive => {
            msg!("{} to {}", "{} 至 {}", first.serial(), last.serial())
        }
        _ => crate::i18n::list(sorted.iter().map(|r| r.serial())),
    }
}

/// stdout's lines, one per notice: file, serial and the tasks it lists as lead and as support,
/// in columns lined up by display width (two columns per Chinese character, as a terminal
/// shows them), the counts right-aligned.
fn aligned(rows: &[[String; 4]]) -> Vec<String> {
    use crate::render::grid::display_width;
    let widest = |i: usize| rows.iter().map(|r| display_width(&r[i])).max().unwrap_or(0);
    let (path, serial, lead, support) = (widest(0), widest(1), widest(2), widest(3));
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(display_width(s))));
    rows.iter()
        .map(|[p, s, l, o]| {
            let counts = msg!(
                "{l:>lead$} led, {o:>support$} supported",
                "牵头 {l:>lead$} 项，配合 {o:>support$} 项"
            );
            format!("{}  {}  {counts}", pad(p, path), pad(s, serial))
        })
        .collect()
}

/// `--reply-by` read as every date people type (`model::typed_date`; a date without a year is
/// the next such day); a day before today is refused.
fn reply_by(typed: &str, today: NaiveDate) -> Result<crate::model::TypedDate> {
    let t = parse_deadline(typed, today)
        .map_err(|e| crate::model::bad_value(msg!("--reply-by: {e}", "--reply-by：{e}")))?;
    if t.date < today {
        bail!(msg!(
            "--reply-by {} is before today ({}): give the date the units should reply by, today or later",
            "--reply-by {} 早于今天（{}）：请给出今天或以后的反馈日期",
            ymd(t.date),
            ymd(today)
        ));
    }
    Ok(t)
}

/// A notice lists each unit's open tasks as the ledger holds them now (its units, names,
/// statuses and deadlines), so it is refused, dry run too, when dated before the ledger's
/// latest change (`latest`, its `at`): on that day the tasks, the units and their names were
/// not what it would list, and its events could not be recorded before the tasks' later
/// changes anyway. A day is compared as a date in the notice's offset (a date-only `--today`
/// on the latest change's day is followed to it, as for any change); a typed time of day
/// (`--today 'DATE HH:MM'`) as an instant; the clock's time up to a minute behind, as a
/// change waiting for another writer is (`Store`'s order rule).
fn as_it_stands(stamp: &crate::store::Stamp, latest: Option<String>) -> Result<()> {
    use crate::model::instant;
    use crate::store::Dated;
    let Some(at) = latest else {
        return Ok(());
    };
    let (mine, theirs) = (instant(&stamp.at), instant(&at));
    if mine >= theirs {
        return Ok(());
    }
    // The latest change's date in this notice's offset.
    let day = match (
        chrono::DateTime::parse_from_rfc3339(&stamp.at),
        chrono::DateTime::parse_from_rfc3339(&at),
    ) {
        (Ok(m), Ok(t)) => t.with_timezone(m.offset()).date_naive(),
        _ => at
            .get(..10)
            .and_then(crate::model::parse_ymd)
            .unwrap_or_default(),
    };
    let own = stamp.at.get(..10).unwrap_or_default();
    let later_day = ymd(day).as_str() > own;
    let refused = match stamp.dated {
        Dated::Exact => true,
        Dated::Day => later_day,
        Dated::Clock => later_day && theirs - mine > 60,
    };
    if !refused {
        return Ok(());
    }
    bail!(msg!(
        "cannot issue notices dated {own}: the ledger's latest change is dated {at}, and a notice lists the tasks as they stand now, so it may not be dated before it (use --today {} or later)",
        "无法发出日期为 {own} 的督办通知单：台账最近一次变更的日期是 {at}，通知单按台账现状列出任务，日期不能早于它（请用 --today {} 或更晚的日期）",
        ymd(day)
    ))
}

/// `--owner` as `resolve_unit` finds it; an unknown name close to a unit gets a did-you-mean.
fn owner(store: &Store, typed: &str) -> Result<String> {
    super::resolve_unit(store, typed).or_else(|e| {
        let units = store.units()?;
        let wanted = crate::model::normalise_name(typed);
        let near = crate::model::near_names(wanted.as_ref(), &units, 3);
        // A part of several names is ambiguous, and resolve_unit says so better.
        let part_of = units
            .iter()
            .any(|u| !wanted.is_empty() && u.contains(wanted.as_ref()));
        if near.is_empty() || part_of {
            return Err(e);
        }
        bail!(msg!(
            "unknown unit '{}': did you mean {}? see 'tracker units'",
            "没有单位 '{}'：是不是 {}？见 'tracker units'",
            safe(typed, false),
            near.join(crate::i18n::lang().pick("、", ", "))
        ))
    })
}

fn document(
    ctx: &Ctx,
    unit: &str,
    (lead, support): &Share<'_>,
    r: NoticeRef,
    today: NaiveDate,
) -> NoticeDoc {
    let judge = Health::judge(today, ctx.due_soon_days);
    let line = |t: &Task, others: Vec<String>| {
        let health = judge(t.status, t.deadline);
        let days = t.deadline.map_or(0, |d| (d - today).num_days().abs());
        NoticeLine {
            id: t.id,
            title: t.title.clone(),
            deadline: t.deadline,
            status: t.status,
            progress: t.progress,
            health,
            others,
            days,
        }
    };
    NoticeDoc {
        notice: r,
        unit: unit.to_string(),
        office: ctx.office.clone(),
        date: today,
        lead: lead.iter().map(|t| line(t, t.support.clone())).collect(),
        support: support
            .iter()
            .map(|t| line(t, vec![t.lead.clone().unwrap_or_else(|| "未明确".into())]))
            .collect(),
    }
}

/// A notice's serial is new, so a file already at its place is another ledger's or a copy's:
/// it is named and nothing is written.
fn refuse_existing(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let there: Vec<String> = files
        .iter()
        .filter(|(p, _)| std::fs::symlink_metadata(p).is_ok())
        .map(|(p, _)| crate::output::shown(p))
        .collect();
    if !there.is_empty() {
        bail!(msg!(
            "nothing written: {} already exists (a notice is never overwritten); move it away or give another --out folder",
            "未写入任何文件：{} 已存在（督办通知单不会被覆盖）；请移走或另指定 --out 文件夹",
            there.join(crate::i18n::lang().pick("、", ", "))
        ));
    }
    Ok(())
}

/// Each file in a temporary file beside its place: (file, place).
fn write_temps(
    ctx: &Ctx,
    files: &[(PathBuf, Vec<u8>)],
) -> Result<Vec<(crate::output::TempFile, PathBuf)>> {
    let mut temps = Vec::new();
    for (path, bytes) in files {
        let Dest::File(target) = Dest::resolve(path, &ctx.db)? else {
            bail!(msg!(
                "{} is not a regular file: a notice is written as a file",
                "{} 不是普通文件：督办通知单须写成文件",
                path.display()
            ));
        };
        let mut tmp = temp_beside(&target, path)?;
        tmp.write_all(bytes)
            .with_context(|| msg!("cannot write {}", "无法写入 {}", path.display()))?;
        temps.push((tmp, target));
    }
    Ok(temps)
}
