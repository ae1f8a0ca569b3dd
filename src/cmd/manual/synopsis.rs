//! The SYNOPSIS of a manual page, with each option's value (`--status STATUS`, `--out FILE`,
//! `--format table|json`): clap_mangen 0.3's synopsis names the flags alone, so a reader
//! could not tell `--all` (a switch) from `--today` (which takes a date).
//!
//! Written as man-pages(7) lays a synopsis out: the command in bold, `[...]` around what may
//! be left out, `...` after what may repeat, values in italics; an option and its value are
//! joined by an unbreakable space so a line never ends between them, and a value is never
//! hyphenated (`\%`: `auto|al-ways|never` would read as another word).

use clap::{Arg, ArgAction, Command};

use super::roff_text;

/// `.SH SYNOPSIS` and its line for `cmd`, named by `name` (`tracker list`). Hidden options
/// and commands are left out; a command with subcommands ends with `[COMMAND]`.
pub fn section(cmd: &Command, name: &str) -> String {
    let mut line = format!("\\fB{}\\fR", roff_text(name));
    let mut opts: Vec<&Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_positional())
        .collect();
    // Required options after the optional ones, as clap_mangen ordered them.
    opts.sort_by_key(|a| a.is_required_set());
    for arg in opts {
        line.push(' ');
        line.push_str(&option(arg));
    }
    for arg in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let value = format!("\\fI\\%{}\\fR", roff_text(&value_names(arg).join(" ")));
        let many = arg.get_num_args().is_some_and(|n| n.max_values() > 1);
        let dots = if many { "..." } else { "" };
        line.push(' ');
        if arg.is_required_set() {
            line.push_str(&format!("{value}{dots}"));
        } else {
            line.push_str(&format!("[{value}]{dots}"));
        }
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        line.push_str(" [\\fICOMMAND\\fR]");
    }
    // Left-aligned (`.na`), not stretched to the margin; `.ad` resumes the page's adjustment.
    format!(".SH SYNOPSIS\n.na\n{line}\n.ad\n")
}

/// One option as the synopsis shows it: `[--status\ STATUS]...`, `[--stale\ [SPAN]]`,
/// `[-h|--help]`, `--out\ FILE` when required.
fn option(arg: &Arg) -> String {
    let mut names = Vec::new();
    if let Some(s) = arg.get_short() {
        names.push(format!("\\fB\\-{}\\fR", roff_text(&s.to_string())));
    }
    if let Some(l) = arg.get_long() {
        names.push(format!("\\fB\\-\\-{}\\fR", roff_text(l)));
    }
    let mut text = names.join("|");
    if arg.get_action().takes_values() {
        let value = format!("\\fI\\%{}\\fR", roff_text(&value_names(arg).join(" ")));
        let optional = arg.get_num_args().is_some_and(|n| n.min_values() == 0);
        if optional {
            text.push_str(&format!("\\ [{value}]"));
        } else {
            text.push_str(&format!("\\ {value}"));
        }
    }
    let repeats = matches!(arg.get_action(), ArgAction::Append | ArgAction::Count);
    let dots = if repeats { "..." } else { "" };
    if arg.is_required_set() {
        format!("{text}{dots}")
    } else {
        format!("[{text}]{dots}")
    }
}

/// What an option's value is called: its possible values when clap lists them
/// (`table|json`), else its value name (`STATUS`), else its id in capitals.
fn value_names(arg: &Arg) -> Vec<String> {
    let listed: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !listed.is_empty() && !matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse) {
        return vec![listed.join("|")];
    }
    match arg.get_value_names() {
        Some(names) if !names.is_empty() => names.iter().map(|n| n.to_string()).collect(),
        _ => vec![arg.get_id().as_str().to_ascii_uppercase()],
    }
}
