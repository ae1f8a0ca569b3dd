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
        .map(|s| {
            parse_date(s, ctx.today()).map_err(|e| {
                crate::model::bad_value(crate::msg!("invalid --since: {e}", "--since 无效：{e}"))
            })
        })
        .transpose()?;
    let mut store = ctx.open()?;
    let task = args
        .id
        .as_deref()
        .map(|i| super::resolve_id(&store, i))
        .transpose()?;
    let filter = EventFilter {
        task,
        since,
        ..Default::default()
    };
    // Written as it is read (a ledger's history can be a million changes), in one snapshot.
    store.snapshot(|s| match args.format {
        Format::Json => json::write_each(|item| s.each_event(&filter, item), out),
        Format::Table => {
            // Measured in a first pass, so that every row lines up.
            // A rename onto a unit already known is said as a merge (17j #7).
            let (_, merges) = super::merge_changes(s, |_| true)?;
            let mut t = table::HistoryTable::new(task.is_none(), ctx.lang).with_merges(merges);
            s.each_event(&filter, |e| {
                t.measure(&e);
                Ok(())
            })?;
            let mut text = t.head(super::width());
            s.each_event(&filter, |e| {
                t.row(&e, &mut text);
                if text.len() >= 1 << 16 {
                    out.write_all(text.as_bytes())?;
                    text.clear();
                }
                Ok(())
            })?;
            t.foot(&mut text);
            out.write_all(text.as_bytes())?;
            Ok(())
        }
    })
}
