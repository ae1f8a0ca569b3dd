//! One module per subcommand, each `run(ctx, args, out)`: arguments in, store calls, rendered
//! text out. No SQL here and no formatting rules: those live in `store` and `render`.

pub mod add;
pub mod collect;
pub mod dashboard;
pub mod dev;
pub mod history;
pub mod import;
pub mod init;
pub mod list;
pub mod meta;
pub mod note;
pub mod report;
pub mod safety;
pub mod sheets;
pub mod show;
pub mod units;
pub mod update;

use std::io::Write;

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};

use crate::cli::{Cli, Command};
use crate::ctx::Ctx;
use crate::model::{TaskId, id_list, nearest_ids};
use crate::store::Store;

pub fn run(cli: &Cli, out: &mut dyn Write) -> Result<()> {
    // Printing help for the shell needs no ledger and no settings.
    match &cli.command {
        Some(Command::Completions { shell }) => return meta::completions(*shell, out),
        Some(Command::Man) => return meta::man(out),
        _ => {}
    }
    let ctx = Ctx::from_cli(cli)?;
    dispatch(cli, &ctx, out).map_err(|e| crate::store::friendly(e, &ctx.db))
}

/// Leaves a command's large results to the end of the process rather than freeing them: the
/// process exits as soon as its output is written, and handing back ten thousand strings one
/// by one, or a buffer big enough to make glibc merge its free lists, costs more than writing
/// them did (about 5% of the instructions of `list` and of the weekly report at 10,000 tasks).
/// Only for values whose drop does nothing but free memory: never a store, a file or a lock.
pub(crate) fn free_at_exit<T>(value: T) {
    std::mem::forget(value);
}

fn dispatch(cli: &Cli, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    match &cli.command {
        None => dashboard::run(ctx, cli.format.unwrap_or(crate::cli::Format::Table), out),
        Some(Command::Init(a)) => init::run(ctx, a, out),
        Some(Command::List(a)) => list::run(ctx, a, out),
        Some(Command::Show(a)) => show::run(ctx, a, out),
        Some(Command::Update(a)) => update::run(ctx, a, out),
        Some(Command::Note(a)) => note::run(ctx, a, out),
        Some(Command::Add(a)) => add::run(ctx, a, out),
        Some(Command::History(a)) => history::run(ctx, a, out),
        Some(Command::Report(a)) => report::run(ctx, a, out),
        Some(Command::Units(a)) => units::run(ctx, a, out),
        Some(Command::Import(a)) => import::run(ctx, a, out),
        Some(Command::Backup { file }) => safety::backup(ctx, file, out),
        Some(Command::Export {
            format: crate::cli::ExportFormat::Xlsx,
            out: file,
        }) => sheets::export_xlsx(ctx, file.as_deref()),
        Some(Command::Export {
            format: _,
            out: file,
        }) => safety::export(ctx, file.as_deref(), out),
        Some(Command::Sheets(a)) => sheets::run(ctx, a, out),
        Some(Command::Collect(a)) => collect::run(ctx, a, out),
        Some(Command::Restore { file }) => safety::restore(ctx, file, out),
        Some(Command::Undo { any, actor }) => safety::undo(ctx, *any, actor, out),
        Some(Command::Dev { action }) => dev::run(ctx, action, out),
        Some(Command::Completions { .. } | Command::Man) => unreachable!("handled above"),
    }
}

/// Turns what the user typed into the id of an existing task, or an error that names it and
/// suggests the nearest ids.
pub fn resolve_id(store: &Store, input: &str) -> Result<TaskId> {
    let parsed = input.parse::<TaskId>();
    if let Ok(id) = parsed
        && store.task(id)?.is_some()
    {
        return Ok(id);
    }
    let ids = store.task_ids()?;
    let near = nearest_ids(input, &ids, 3);
    let hint = if near.is_empty() {
        "the ledger has no tasks yet; add one with 'tracker add'".to_string()
    } else {
        format!("did you mean {}? see 'tracker list'", id_list(&near))
    };
    let shown = crate::render::safe(input, false);
    match parsed {
        Ok(id) => bail!("no task {id} ({hint})"),
        Err(_) => {
            bail!("invalid task id '{shown}': expected RECOMMENDATION.ITEM such as 1.4 ({hint})")
        }
    }
}

/// Finds the unit a user means: its full name, or a part of the name that fits one unit only.
pub fn resolve_unit(store: &Store, input: &str) -> Result<String> {
    let units = store.units()?;
    let wanted = input.trim();
    if let Some(u) = units.iter().find(|u| *u == wanted) {
        return Ok(u.clone());
    }
    let matches: Vec<&String> = units
        .iter()
        .filter(|u| !wanted.is_empty() && u.contains(wanted))
        .collect();
    let shown = crate::render::safe(input, false);
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] if units.is_empty() => Err(anyhow!(
            "unknown unit '{shown}': the ledger has no units yet"
        )),
        [] => Err(anyhow!(
            "unknown unit '{shown}' (known units: {})",
            units.join(", ")
        )),
        many => Err(anyhow!(
            "ambiguous unit '{shown}': it is part of {}; give the full name",
            many.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Checks a recommendation number against the ledger.
pub fn check_rec(store: &Store, rec: u32) -> Result<()> {
    if store.recommendation(rec)?.is_some() {
        return Ok(());
    }
    let numbers: Vec<u32> = store.recommendations()?.iter().map(|r| r.number).collect();
    let known = match numbers.as_slice() {
        [] => "none yet".to_string(),
        few if few.len() <= 10 => few
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        many => format!(
            "{} recommendations, {} to {}",
            many.len(),
            many[0],
            many[many.len() - 1]
        ),
    };
    bail!("no recommendation {rec} (existing: {known})")
}

/// The width tables are fitted to: the terminal's, else `COLUMNS`, else 80.
pub fn width() -> u16 {
    width_or(80)
}

/// The terminal's width, else `COLUMNS`, else `default`.
pub fn width_or(default: u16) -> u16 {
    if let Some(w) = comfy_table::Table::new().width() {
        return w.max(40);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(default)
}

/// Writes a temporary file beside `path`, flushes it to disk, then renames it over `path`:
/// readers see the old file or the new one, never a partial one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, |f| Ok(f.write_all(bytes)?))
}

/// Writes a file through `write`, atomically: into a temporary file beside it, synced, then
/// renamed over it; on failure the temporary file is removed and nothing else changes.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    if path.is_dir() {
        bail!(
            "{} is a directory: give a file name for --out",
            path.display()
        );
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("--out needs a file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| -> Result<()> {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot write {}", path.display()))?;
        write(&mut f)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
