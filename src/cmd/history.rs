//! `tracker history [ID]`: the recorded changes, oldest first.

use std::io::Write;

use anyhow::Result;

use crate::cli::{Format, HistoryArgs};
use crate::ctx::Ctx;
use crate::model::parse_date;
use crate::render::{json, table};
use crate::store::EventFilter;

pub fn run(ctx: &Ctx, args: &HistoryArgs, out: &mut dyn Write) -> Result<()> {
    let since = args
        .since
        .as_deref()
        .map(|s| parse_date(s, ctx.today()).map_err(|e| anyhow::anyhow!("invalid --since: {e}")))
        .transpose()?;
    let store = ctx.open()?;
    let task = args
        .id
        .as_deref()
        .map(|i| super::resolve_id(&store, i))
        .transpose()?;
    let events = store.events(&EventFilter {
        task,
        since,
        ..Default::default()
    })?;
    match args.format {
        Format::Json => out.write_all(json::to_string(&events)?.as_bytes())?,
        Format::Table => out.write_all(
            table::history_table(&events, task.is_none(), ctx.lang, super::width()).as_bytes(),
        )?,
    }
    Ok(())
}
