//! `tracker dev synth`: hidden developer tools.

use std::io::Write;
use std::time::Instant;

use anyhow::{Result, bail};

use crate::cli::DevAction;
use crate::ctx::Ctx;
use crate::store::Store;

pub fn run(ctx: &Ctx, action: &DevAction, out: &mut dyn Write) -> Result<()> {
    match action {
        DevAction::Synth {
            tasks,
            events_per_task,
            seed,
        } => {
            if *tasks == 0 {
                bail!("--tasks must be at least 1");
            }
            let started = Instant::now();
            let (mut store, _) = Store::open_or_create_with(&ctx.db, &ctx.access)?;
            let events = store.synth(*tasks, *events_per_task, *seed, ctx.today())?;
            writeln!(
                out,
                "synthesised {tasks} tasks and {events} events in {:.2} s",
                started.elapsed().as_secs_f64()
            )?;
            Ok(())
        }
    }
}
