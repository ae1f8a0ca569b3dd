//! `tracker man`: generated from the clap definition, so it never drifts from the real
//! command line. (Shell completion is in `complete.rs`.)

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};
use clap::CommandFactory;

use crate::cli::Cli;
use crate::ctx::Ctx;
use crate::msg;

/// The command line, built, with display names (`tracker-update`) that name each page.
fn built() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

fn source() -> String {
    format!("tracker {}", env!("CARGO_PKG_VERSION"))
}

/// Every page: the main one, then one per command that is not hidden (never `dev`), nested
/// ones too, with its file name (`tracker.1`, `tracker-update.1`, `tracker-units-rename.1`).
fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    fn walk(cmd: &clap::Command, path: &[String], out: &mut Vec<(Vec<String>, clap::Command)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let mut here = path.to_vec();
            here.push(sub.get_name().to_string());
            out.push((here.clone(), sub.clone()));
            walk(sub, &here, out);
        }
    }
    let main = built();
    let mut cmds = Vec::new();
    walk(&main, &[], &mut cmds);
    let mut pages = vec![("tracker.1".to_string(), page(main, &[])?)];
    for (path, cmd) in cmds {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let name = clap_mangen::Man::new(cmd.clone()).get_filename();
        pages.push((name, page(cmd, &path)?));
    }
    Ok(pages)
}

/// One page: clap's sections (name, synopsis, description, options, subcommands), then what
/// the options alone do not say ([`manual::sections`]: the values accepted, exit status,
/// environment, files, examples). `path` names the command (`["units", "rename"]`), empty for
/// the main page.
fn page(cmd: clap::Command, path: &[&str]) -> Result<Vec<u8>> {
    let man = clap_mangen::Man::new(cmd.clone()).source(source());
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    // Ours, not clap_mangen's: it gives each option's value (`--today DATE`).
    let name = std::iter::once("tracker")
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    buf.extend_from_slice(super::manual::synopsis::section(&cmd, &name).as_bytes());
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut buf)?;
    }
    // clap's EXTRA section would repeat `--help`'s examples beside our EXAMPLES: left out.
    let subs: Vec<&str> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name())
        .collect();
    buf.extend_from_slice(super::manual::sections(path, cmd.get_arguments(), &subs).as_bytes());
    if cmd.get_version().is_some() {
        man.render_version_section(&mut buf)?;
    }
    Ok(buf)
}

/// `tracker man [CMD...]`: the main page, or the page of one command (`update`; a nested one
/// as `units rename` or `units-rename`; `tracker-update` too, as `man` names it; any case). Errors: a
/// command there is no page for, naming the ones there are.
pub fn man(cmd: &[String], out: &mut dyn Write) -> Result<()> {
    let pages = pages()?;
    let asked = cmd.iter().map(|c| c.trim()).collect::<Vec<_>>().join(" ");
    let want = if asked.is_empty() {
        "tracker.1".to_string()
    } else {
        // Command names are lower case; `UPDATE` typed with caps lock on is the same page.
        let name = asked
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-");
        let name = name.strip_suffix(".1").unwrap_or(&name);
        match name.strip_prefix("tracker-") {
            Some(rest) => format!("tracker-{rest}.1"),
            None if name == "tracker" => "tracker.1".to_string(),
            None => format!("tracker-{name}.1"),
        }
    };
    match pages.iter().find(|(name, _)| *name == want) {
        Some((_, page)) => Ok(out.write_all(page)?),
        None => {
            let known: Vec<String> = pages
                .iter()
                .filter_map(|(n, _)| n.strip_prefix("tracker-")?.strip_suffix(".1"))
                .map(|n| n.replace('-', " "))
                .collect();
            let shown = crate::render::safe(&asked, false);
            let known = crate::i18n::list(&known);
            bail!(msg!(
                "no manual page for '{shown}': expected one of {known}",
                "没有 '{shown}' 的手册页：可用 {known}",
            ))
        }
    }
}

/// `tracker man --dir DIR`: every page into DIR (created if missing), each written
/// atomically, so that `man tracker-update` finds it once DIR is on the manual path.
pub fn man_dir(ctx: &Ctx, dir: &Path, out: &mut dyn Write) -> Result<()> {
    use crate::output::{Privacy, Replace, shown, write_file};
    if dir.exists() && !dir.is_dir() {
        bail!(msg!(
            "--dir {}: is a file, not a folder; give a folder for the pages (created if missing)",
            "--dir {}：这是文件，不是文件夹；请给出存放手册页的文件夹（不存在时会创建）",
            shown(dir)
        ));
    }
    // Manual pages hold nothing from the ledger and are for everyone on the machine.
    crate::output::create_folder_for(dir, Privacy::Published)?;
    let pages = pages()?;
    for (name, page) in &pages {
        write_file(
            &dir.join(name),
            &ctx.db,
            Privacy::Published,
            Replace::Yes,
            out,
            |f| Ok(f.write_all(page)?),
        )?;
    }
    writeln!(
        out,
        "{}",
        msg!(
            "wrote {} manual pages into {}",
            "已写入 {} 个手册页到 {}",
            pages.len(),
            shown(dir)
        )
    )?;
    Ok(())
}
