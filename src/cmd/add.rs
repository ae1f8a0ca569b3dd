//! `tracker add`: a new task under a recommendation, with the next free id.

use crate::msg;
use std::io::Write;

use anyhow::{Result, bail};

use crate::cli::AddArgs;
use crate::ctx::Ctx;
use crate::model::{TaskId, TextKind, clean_text, parse_deadline};
use crate::seed::NewTask;

pub fn run(ctx: &Ctx, args: &AddArgs, out: &mut dyn Write) -> Result<()> {
    let check = |kind, s: &str, flag: &str| {
        clean_text(kind, s)
            .map_err(|e| crate::model::bad_value(msg!("invalid {flag}: {e}", "{flag} 无效：{e}")))
    };
    let title = check(TextKind::Title, &args.title, "--title")?;
    let text = match &args.text {
        Some(t) => check(TextKind::Text, t, "--text")?,
        None => title.clone(),
    };
    let lead = check(TextKind::Unit, &args.lead, "--lead")?;
    let mut support = Vec::new();
    for u in &args.support {
        let u = check(TextKind::Unit, u, "--support")?;
        if u == lead {
            bail!(msg!(
                "{u} cannot both lead and support the task: it is given as --lead; name it once",
                "{u} 不能既牵头又配合同一任务：它已由 --lead 指定；只写一次"
            ));
        }
        if !support.contains(&u) {
            support.push(u);
        }
    }
    let typed = args
        .deadline
        .as_deref()
        .map(|d| parse_deadline(d, ctx.today()).map_err(crate::model::bad_value))
        .transpose()?;
    let deadline = typed.as_ref().map(|t| t.date);
    let headline = args
        .headline
        .as_deref()
        .map(|h| check(TextKind::Headline, h, "--headline"))
        .transpose()?;
    let stamp = ctx.stamp(&args.actor)?;
    let mut store = ctx.open()?;
    let (mut lead, mut support) = (lead, support);
    {
        let mut typed: Vec<&mut String> = std::iter::once(&mut lead)
            .chain(support.iter_mut())
            .collect();
        super::known_units(&store, &mut typed)?;
    }
    if let Some(u) = support.iter().find(|u| **u == lead) {
        bail!(msg!(
            "{u} cannot both lead and support the task: it is given as --lead; name it once",
            "{u} 不能既牵头又配合同一任务：它已由 --lead 指定；只写一次"
        ));
    }
    let mut seen: Vec<String> = Vec::new();
    support.retain(|u| {
        let first = !seen.contains(u);
        seen.push(u.clone());
        first
    });
    let named: Vec<String> = std::iter::once(&lead).chain(&support).cloned().collect();
    let names: Vec<&str> = named.iter().map(String::as_str).collect();
    super::refuse_near_units(&store, &names, args.new_unit)?;
    let task = NewTask {
        id: TaskId::new(args.rec, 1),
        title,
        text,
        lead: Some(lead),
        support,
        deadline,
    };
    let id = store.add_task(task, headline.as_deref(), &stamp)?;
    super::point_out_lookalikes(&store, &named);
    if let Some(t) = &typed {
        super::warn_date_notes(t);
    }
    writeln!(out, "{}", msg!("added {id}", "已新增任务 {id}"))?;
    Ok(())
}
