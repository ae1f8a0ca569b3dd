//! `tracker completions SHELL` and `tracker man`: generated from the clap definition, so they
//! never drift from the real command line.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use clap::CommandFactory;

use crate::cli::{Cli, Shell};
use crate::ctx::Ctx;
use crate::msg;

pub fn completions(shell: Shell, out: &mut dyn Write) -> Result<()> {
    let mut cmd = Cli::command();
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "tracker", &mut buf);
    out.write_all(&buf)?;
    Ok(())
}

/// The command line, built, with display names (`tracker-update`) that name each page.
fn built() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

fn source() -> String {
    format!("tracker {}", env!("CARGO_PKG_VERSION"))
}

/// Every page: the main one, then one per command that is not hidden (never `dev`), with its
/// file name (`tracker.1`, `tracker-update.1`, `tracker-units-rename.1`).
fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    fn walk(cmd: &clap::Command, out: &mut Vec<clap::Command>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            out.push(sub.clone());
            walk(sub, out);
        }
    }
    let main = built();
    let mut cmds = Vec::new();
    walk(&main, &mut cmds);
    let mut pages = vec![("tracker.1".to_string(), main_page(main)?)];
    for cmd in cmds {
        let man = clap_mangen::Man::new(cmd).source(source());
        let mut buf = Vec::new();
        man.render(&mut buf)?;
        pages.push((man.get_filename(), buf));
    }
    Ok(pages)
}

/// The main page: clap's sections, then what the options alone do not say: the values
/// accepted, exit status, environment and files.
fn main_page(cmd: clap::Command) -> Result<Vec<u8>> {
    let man = clap_mangen::Man::new(cmd).source(source());
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    man.render_subcommands_section(&mut buf)?;
    man.render_extra_section(&mut buf)?;
    buf.extend_from_slice(EXTRA.as_bytes());
    man.render_version_section(&mut buf)?;
    Ok(buf)
}

/// Roff for the main page's own sections. Plain text only: a line starting with `.` or `'`
/// would be a request, and `\` an escape, so none does (checked by a test that renders the
/// page with warnings on).
const EXTRA: &str = r#".SH VALUES
.TP
\fBids\fR
1.4; also 1\-4, #1.4, full\-width digits and points, with spaces around (a pasted cell).
.TP
\fBstatuses\fR
not\-started, in\-progress, blocked, done, cancelled; or 未开始; 进行中, 进行, 在办, 推进中; 受阻, 阻塞, 暂缓; 已完成, 完成, 已办结, 办结; 已取消, 取消, 撤销.
.TP
\fBdates\fR
2026\-12\-31, 2026/12/31, 2026.12.31, 2026年12月31日, 20261231; 12月31日 or 12/31 (a deadline: the next such day); 月底, 年底, 下周五, 下月15日; today, tomorrow, +2w, +3m.
04/03/2026 and 4.3 read two ways and are refused.
.TP
\fBspans\fR
14d, 2w, 1m; at most 100 years.
.TP
\fBprogress\fR
A whole number from 0 to 100, with or without %, in ASCII or full\-width digits.
.TP
\fBunits\fR
A name close to a known unit is refused with a suggestion; \-\-new\-unit creates it on purpose.
.SH "EXIT STATUS"
.TP
0
success
.TP
1
error: the command was refused and nothing was written
.TP
2
usage: the command line does not parse
.SH ENVIRONMENT
TRACKER_DB (the ledger), TRACKER_TODAY (the date taken as today), TRACKER_LANG (zh or en), TRACKER_USER (who acts), TRACKER_CONFIG (the config file), TRACKER_REPORT_FORMAT, TRACKER_DUE_SOON_DAYS, NO_COLOR.
.SH FILES
~/.local/share/tracker/tracker.db (the ledger), ~/.config/tracker/config.toml (settings).
.SH EXAMPLES
.nf
tracker list \-\-overdue
tracker update 1.4 \-\-status 办结
tracker update 2.1 \-\-progress 40% \-\-note 已拟定会议方案
tracker \-\-lang zh report \-\-format html \-\-out 周报.html
.fi
"#;

/// `tracker man [CMD]`: the main page, or the page of one command (`update`, `units rename`
/// as `units-rename`). Errors: a command there is no page for, naming the ones there are.
pub fn man(cmd: Option<&str>, out: &mut dyn Write) -> Result<()> {
    let pages = pages()?;
    let want = match cmd {
        None => "tracker.1".to_string(),
        Some(c) => format!("tracker-{}.1", c.trim().replace(' ', "-")),
    };
    match pages.iter().find(|(name, _)| *name == want) {
        Some((_, page)) => Ok(out.write_all(page)?),
        None => {
            let known: Vec<&str> = pages
                .iter()
                .filter_map(|(n, _)| n.strip_prefix("tracker-")?.strip_suffix(".1"))
                .collect();
            let shown = crate::render::safe(cmd.unwrap_or_default(), false);
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
    use crate::output::{Privacy, Replace, write_file};
    std::fs::create_dir_all(dir).with_context(|| {
        msg!(
            "cannot create the folder {}",
            "无法创建文件夹 {}",
            dir.display()
        )
    })?;
    let pages = pages()?;
    for (name, page) in &pages {
        write_file(
            &dir.join(name),
            &ctx.db,
            Privacy::Shared,
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
            crate::output::shown(dir)
        )
    )?;
    Ok(())
}
