//! `tracker update ID …`: change fields of one task, each change recorded as an event.

use std::io::Write;

use anyhow::{Result, bail};

use crate::cli::UpdateArgs;
use crate::ctx::Ctx;
use crate::model::{TextKind, bad_value, clean_text, parse_deadline};
use crate::task::{UpdateRequest, plan_update};

pub fn run(ctx: &Ctx, args: &UpdateArgs, out: &mut dyn Write) -> Result<()> {
    // Every value is checked before the ledger is touched.
    let text = |kind, v: &Option<String>, flag: &str| -> Result<Option<String>> {
        v.as_deref()
            .map(|s| {
                clean_text(kind, s)
                    .map_err(|e| bad_value(crate::msg!("invalid {flag}: {e}", "{flag} 无效：{e}")))
            })
            .transpose()
    };
    let mut req = UpdateRequest {
        title: text(TextKind::Title, &args.title, "--title")?,
        text: text(TextKind::Text, &args.text, "--text")?,
        status: args.status,
        progress: args.progress,
        lead: text(TextKind::Unit, &args.lead, "--lead")?,
        ..Default::default()
    };
    let units = |list: &[String], flag: &str| -> Result<Vec<String>> {
        list.iter()
            .map(|u| {
                clean_text(TextKind::Unit, u)
                    .map_err(|e| bad_value(crate::msg!("invalid {flag}: {e}", "{flag} 无效：{e}")))
            })
            .collect()
    };
    if args.no_support {
        req.support = Some(Vec::new());
    } else if !args.support.is_empty() {
        req.support = Some(units(&args.support, "--support")?);
    }
    req.add_support = units(&args.add_support, "--add-support")?;
    req.remove_support = units(&args.remove_support, "--remove-support")?;
    let mut deadline = None;
    if let Some(d) = &args.deadline {
        req.deadline = Some(match d.trim() {
            s if s.eq_ignore_ascii_case("none") || s == "无" => None,
            s => {
                let typed = parse_deadline(s, ctx.today()).map_err(bad_value)?;
                let date = typed.date;
                deadline = Some(typed);
                Some(date)
            }
        });
    }
    let note = text(TextKind::Note, &args.note, "--note")?;
    if req.is_empty() && note.is_none() {
        bail!(crate::msg!(
            "nothing to update: give at least one of --status, --progress, --note, --lead, --support, --no-support, --add-support, --remove-support, --deadline, --title, --text",
            "没有要修改的内容：请至少给出 --status、--progress、--note、--lead、--support、--no-support、--add-support、--remove-support、--deadline、--title、--text 之一"
        ));
    }
    let stamp = ctx.stamp(&args.actor)?;
    let mut store = ctx.open()?;
    let id = super::resolve_id(&store, &args.id)?;
    {
        let mut typed: Vec<&mut String> = req
            .lead
            .iter_mut()
            .chain(req.support.iter_mut().flatten())
            .chain(req.add_support.iter_mut())
            .chain(req.remove_support.iter_mut())
            .collect();
        super::known_units(&store, &mut typed)?;
    }
    let named: Vec<&str> = req
        .lead
        .iter()
        .chain(req.support.iter().flatten())
        .chain(&req.add_support)
        .map(String::as_str)
        .collect();
    super::refuse_near_units(&store, &named, args.new_unit)?;
    let mut was_done = false;
    let changes = store.update_task(id, &stamp, note.as_deref(), |task| {
        refuse_lead_as_support(task, &req)?;
        was_done = task.status == crate::model::Status::Done;
        plan_update(task, &req)
    })?;
    let named: Vec<String> = req
        .lead
        .iter()
        .chain(req.support.iter().flatten())
        .chain(&req.add_support)
        .cloned()
        .collect();
    super::point_out_lookalikes(&store, &named);
    if let Some(d) = &deadline {
        super::warn_date_notes(d);
    }
    warn_deadline_of_done(id, was_done, &changes);
    if changes.is_empty() {
        if note.is_some() {
            writeln!(
                out,
                "{}",
                crate::msg!("{id}: note recorded", "{id}：已记录备注")
            )?;
        } else {
            writeln!(
                out,
                "{}",
                crate::msg!(
                    "{id}: nothing changed (the values given are the current ones)",
                    "{id}：没有变化（所给的值与现有的相同）"
                )
            )?;
        }
        return Ok(());
    }
    let lang = ctx.lang;
    let mut parts: Vec<String> = changes
        .iter()
        .map(|c| crate::render::describe(&c.as_event(id), lang))
        .collect();
    if let Some(unit) = support_made_lead(&changes) {
        // The rule that a lead cannot also support moved it: said, not left to be inferred
        // from a `-UNIT` among the changes.
        let unit = crate::render::safe(unit, false);
        parts.push(crate::msg!(
            "{unit} moved from supporting unit to lead",
            "{unit} 由配合单位改为牵头单位"
        ));
    }
    // A note given with other changes is recorded (and is a report) as one alone is: said.
    if note.is_some() {
        parts.push(crate::msg!("note recorded", "已记录备注"));
    }
    // The id leads the line as a subject: `1.1：状态：…` in Chinese, never an ASCII colon.
    writeln!(
        out,
        "{id}{}{}",
        lang.pick("：", ": "),
        parts.join(lang.pick("；", "; "))
    )?;
    Ok(())
}

/// A deadline moved on a task that is done (or made done by the same command) is recorded, as
/// a correction must be possible, but says on stderr that it does not change 逾期完成: that is
/// judged against the deadline in force when the task was done (`Marks::done_due`), so moving
/// the deadline afterwards cannot clean the record, and the clerk is told so rather than left
/// to believe it did.
fn warn_deadline_of_done(
    id: crate::model::TaskId,
    was_done: bool,
    changes: &[crate::task::FieldChange],
) {
    use crate::task::Field;
    let done = match changes.iter().find(|c| c.field == Field::Status) {
        Some(c) => c.new.as_deref() == Some("done"),
        None => was_done,
    };
    if done && changes.iter().any(|c| c.field == Field::Deadline) {
        crate::i18n::warn(&crate::msg!(
            "{id} is done: the new deadline does not change whether it was done late (that is judged against the deadline in force when it was done)",
            "{id} 已完成：新的完成时限不改变是否逾期完成（逾期完成按办结时有效的完成时限判断）"
        ));
    }
}

/// The unit that was supporting the task and now leads it (`--lead` naming a supporting unit),
/// if the changes hold that move.
fn support_made_lead(changes: &[crate::task::FieldChange]) -> Option<&str> {
    use crate::task::Field;
    let lead = changes
        .iter()
        .find(|c| c.field == Field::Lead)?
        .new
        .as_deref()?;
    changes
        .iter()
        .any(|c| c.field == Field::Support && c.old.as_deref() == Some(lead) && c.new.is_none())
        .then_some(lead)
}

/// Refuses a `--support` list naming the unit that leads the task (the `--lead` given, else
/// the current lead): a unit has one role in a task, and dropping the support it was given
/// would leave the command's words unheeded without a word.
fn refuse_lead_as_support(task: &crate::task::Task, req: &UpdateRequest) -> Result<()> {
    let (lead, how) = match (&req.lead, &task.lead) {
        (Some(l), _) => (
            l,
            crate::msg!("is given as --lead", "已由 --lead 指定为牵头单位"),
        ),
        (None, Some(l)) => (l, crate::msg!("leads it", "是它的牵头单位")),
        (None, None) => return Ok(()),
    };
    if req
        .support
        .iter()
        .flatten()
        .chain(&req.add_support)
        .any(|u| u == lead)
    {
        bail!(crate::msg!(
            "{lead} cannot both lead and support {}: it {how}; name it once (to make it a supporting unit, give --lead another unit)",
            "{lead} 不能既牵头又配合 {}：它{how}；只写一次（要让它配合，请用 --lead 另指牵头单位）",
            task.id
        ));
    }
    Ok(())
}
