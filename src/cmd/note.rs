//! `tracker note ID TEXT`: a progress note, without other change.

use std::io::Write;

use anyhow::{Result, anyhow};

use crate::cli::NoteArgs;
use crate::ctx::Ctx;
use crate::model::{TextKind, clean_text};

pub fn run(ctx: &Ctx, args: &NoteArgs, out: &mut dyn Write) -> Result<()> {
    let note = clean_text(TextKind::Note, &args.text).map_err(|e| anyhow!("invalid note: {e}"))?;
    let stamp = ctx.stamp(&args.actor)?;
    let mut store = ctx.open()?;
    let id = super::resolve_id(&store, &args.id)?;
    store.update_task(id, &stamp, Some(&note), |_| Ok(Vec::new()))?;
    writeln!(out, "{id}: note recorded")?;
    Ok(())
}
