//! `tracker note ID TEXT`: a progress note, without other change.

use std::io::Write;

use anyhow::{Context, Result, anyhow};

use crate::cli::NoteArgs;
use crate::ctx::Ctx;
use crate::model::{TextKind, clean_text};

pub fn run(ctx: &Ctx, args: &NoteArgs, out: &mut dyn Write) -> Result<()> {
    let text = if args.text == "-" {
        read_stdin()?
    } else {
        args.text.clone()
    };
    let note = clean_text(TextKind::Note, &text)
        .map_err(|e| crate::model::bad_value(crate::msg!("invalid note: {e}", "备注无效：{e}")))?;
    let stamp = ctx.stamp(&args.actor)?;
    let mut store = ctx.open()?;
    let id = super::resolve_id(&store, &args.id)?;
    store.update_task(id, &stamp, Some(&note), |_| Ok(Vec::new()))?;
    writeln!(
        out,
        "{}",
        crate::msg!("{id}: note recorded", "{id}：已记录备注")
    )?;
    Ok(())
}

/// A note from standard input (`tracker note 1.4 -`), for text too long or too awkward for the
/// command line. Reading stops a little past the longest note accepted, so a huge input is
/// refused without being held in memory.
fn read_stdin() -> Result<String> {
    use std::io::Read;
    // 20,000 characters take at most 80,000 bytes.
    const LIMIT: u64 = 80_001;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(LIMIT)
        .read_to_end(&mut bytes)
        .context(crate::msg!(
            "reading the note from standard input",
            "从标准输入读取备注"
        ))?;
    if bytes.len() as u64 >= LIMIT {
        anyhow::bail!(
            "invalid note: note too long: more than 20000 characters on standard input, at most 20000 accepted"
        );
    }
    String::from_utf8(bytes).map_err(|_| {
        anyhow!(crate::msg!(
            "invalid note: standard input is not UTF-8 text",
            "备注无效：标准输入不是 UTF-8 文本"
        ))
    })
}
