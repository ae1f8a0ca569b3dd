//! Shell completion that knows the ledger. `tracker completions SHELL` prints a small script
//! ([`scripts`]); on every Tab the script runs the hidden `tracker __complete SHELL --index N
//! -- WORDS…`, which reads the command line against the clap definition (so it never drifts
//! from the real one), decides what the word under the cursor is (a subcommand, a flag, a
//! flag's value, a positional argument) and prints the candidates: task ids with their
//! titles, statuses in both languages, unit names, weeks, formats, or "files here" for the
//! shell to complete paths itself.
//!
//! Chosen over clap_complete's dynamic completion (its `unstable-dynamic` feature, 4.6): that
//! API is marked unstable, and the output protocol and the hidden-command rules are ours here.
//!
//! Completion runs at a prompt: it never writes (no ledger created, no upgrade, no event),
//! never prints to stderr, and a ledger it cannot read quickly just gives no ledger values.

mod scripts;
mod values;

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Arg, Args, Command, CommandFactory};

use crate::cli::{Cli, Shell};

pub use scripts::script;

/// `tracker __complete SHELL [--index N] -- WORDS…`.
#[derive(Debug, Args)]
pub struct CompleteArgs {
    /// The shell asking: it decides how candidates are written
    #[arg(value_enum)]
    pub shell: Shell,
    /// Position of the word being completed in WORDS (0: the program name); past the last
    /// word, an empty word is being completed [default: the last word]
    #[arg(long)]
    pub index: Option<usize>,
    /// The command line's words, the program name first, as the shell split them
    #[arg(last = true, allow_hyphen_values = true)]
    pub words: Vec<String>,
}

/// What the word under the cursor should become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Want {
    /// Nothing we can suggest (free text, a number, a name): the shell offers nothing either.
    Nothing,
    /// Subcommand names of the command reached.
    Subcommands,
    /// Flags of the command reached (and the global ones).
    Flags,
    /// A value of a known kind.
    Value(Kind),
}

/// The kinds of values completion knows, keyed by the argument's value name in `cli.rs`
/// ([`kind_of`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    TaskId,
    Status,
    Unit,
    Week,
    /// A day: the words and offsets people type (`today`, `月底`, `+2w`), each with the date
    /// it gives.
    Date,
    /// A day looked back to (`history --since`, `report --from`): past words (`上周一`,
    /// `上月1日`, `前天`), each with the date it gives.
    PastDate,
    /// A span of days, weeks or months (`14d`, `2w`, `1m`).
    Span,
    Lang,
    Encoding,
    /// A page `tracker man CMD` knows.
    ManPage,
    /// The argument's own possible values (a clap `ValueEnum`: formats, sort keys, shells).
    Listed(Vec<(String, String)>),
    File,
    Dir,
    /// Free text or a number: nothing to offer.
    Free,
}

/// The command line as far as the cursor, read against the CLI definition.
#[derive(Debug)]
pub struct Reading {
    pub want: Want,
    /// The word being completed, unquoted (for an inline `--out=x`, the `x`).
    pub word: String,
    /// For an inline value, the `--out=` before it.
    pub inline: String,
    /// The subcommands the line went through (`units`, `rename`).
    pub path: Vec<String>,
    /// `--db` and `--today` as given on the line.
    pub db: Option<String>,
    pub today: Option<String>,
    /// The id (`cli.rs`) of the argument whose value is being completed (`add_support`).
    pub arg: Option<String>,
    /// Every value already on the line, unquoted, with its argument's id (a positional's
    /// too): what a task's units are read for, and what is not offered twice.
    pub given: Vec<(String, String)>,
}

/// `tracker __complete`: prints the candidates for the shell, never an error.
pub fn run(args: &CompleteArgs, out: &mut dyn Write) -> Result<()> {
    let (words, index, cursor) = scripts::words(args.shell, &args.words, args.index);
    let mut cli = Cli::command();
    cli.build();
    let reading = read(&cli, &words, index);
    let found = values::candidates(&cli, &reading);
    scripts::print(args.shell, &reading, &cursor, &found, out)
}

/// Reads `words[1..index]` (the program name first) and says what `words[index]` (empty when
/// past the end) should become.
pub fn read(root: &Command, words: &[String], index: usize) -> Reading {
    let end = index.min(words.len());
    let before = &words[1.min(end)..end];
    let current = words.get(index).map_or(String::new(), |w| unquote(w));
    let mut path: Vec<&Command> = vec![root];
    let mut positionals = 0usize;
    let mut pending: Option<&Arg> = None;
    let mut rest_positional = false;
    let mut names = Vec::new();
    let mut db = None;
    let mut today = None;
    let mut given: Vec<(String, String)> = Vec::new();
    let mut note = |arg: &Arg, value: &str| {
        match arg.get_id().as_str() {
            "db" => db = Some(unquote(value)),
            "today" => today = Some(unquote(value)),
            _ => {}
        }
        given.push((arg.get_id().to_string(), unquote(value)));
    };
    for word in before {
        let cmd = *path.last().expect("the root is always there");
        if let Some(arg) = pending.take() {
            note(arg, word);
            continue;
        }
        if rest_positional {
            if let Some(arg) = positional_at(cmd, positionals) {
                note(arg, word);
            }
            positionals += 1;
            continue;
        }
        if word == "--" {
            rest_positional = true;
            continue;
        }
        if let Some(name) = word.strip_prefix("--") {
            let (name, inline) = match name.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (name, None),
            };
            if let Some(arg) = find_flag(&path, |a| a.get_long() == Some(name)) {
                match inline {
                    Some(v) => note(arg, v),
                    None if takes_value(arg) => pending = Some(arg),
                    None => {}
                }
            }
            continue;
        }
        if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            let c = shorts.chars().next().unwrap_or('-');
            if let Some(arg) = find_flag(&path, |a| a.get_short() == Some(c))
                && takes_value(arg)
                && shorts.chars().count() == 1
            {
                pending = Some(arg);
            }
            continue;
        }
        if positionals == 0
            && let Some(sub) = cmd
                .get_subcommands()
                .find(|s| s.get_name() == word || s.get_all_aliases().any(|a| a == word))
        {
            path.push(sub);
            names.push(sub.get_name().to_string());
            continue;
        }
        if let Some(arg) = positional_at(cmd, positionals) {
            note(arg, word);
        }
        positionals += 1;
    }
    let cmd = *path.last().expect("the root is always there");
    let hidden = path.iter().any(|c| c.is_hide_set());
    let mut reading = Reading {
        want: Want::Nothing,
        word: current.clone(),
        inline: String::new(),
        path: names,
        db,
        today,
        arg: None,
        given,
    };
    if hidden {
        return reading;
    }
    if let Some(arg) = pending {
        // `--stale` may stand alone: a flag typed after it is a flag.
        let optional = arg.get_num_args().is_some_and(|n| n.min_values() == 0);
        if !(optional && current.starts_with('-')) {
            reading.arg = Some(arg.get_id().to_string());
            reading.want = Want::Value(kind_of(arg));
            return reading;
        }
    }
    if !rest_positional && current.starts_with("--") && current.contains('=') {
        let (name, value) = current[2..].split_once('=').unwrap_or_default();
        if let Some(arg) = find_flag(&path, |a| a.get_long() == Some(name)) {
            reading.inline = format!("--{name}=");
            reading.word = value.to_string();
            reading.arg = Some(arg.get_id().to_string());
            reading.want = Want::Value(kind_of(arg));
        }
        return reading;
    }
    if !rest_positional && current.starts_with('-') {
        reading.want = Want::Flags;
        return reading;
    }
    let visible_subs = cmd.get_subcommands().any(|s| !s.is_hide_set());
    if positionals == 0 && visible_subs && !rest_positional {
        reading.want = Want::Subcommands;
        return reading;
    }
    let arg = positional_at(cmd, positionals);
    reading.arg = arg.map(|a| a.get_id().to_string());
    reading.want = match arg {
        // `man units` names its page whole: a second word is not another page.
        Some(arg) if positionals > 0 && kind_of(arg) == Kind::ManPage => Want::Nothing,
        Some(arg) => Want::Value(kind_of(arg)),
        None if current.is_empty() && !rest_positional => Want::Flags,
        None => Want::Nothing,
    };
    reading
}

/// The positional argument of `cmd` that the `n`th positional word (from 0) fills: the last
/// one takes the rest when it takes many values (`collect FILE…`).
fn positional_at(cmd: &Command, n: usize) -> Option<&Arg> {
    let mut args: Vec<&Arg> = cmd.get_positionals().filter(|a| !a.is_hide_set()).collect();
    args.sort_by_key(|a| a.get_index().unwrap_or(usize::MAX));
    args.get(n).copied().or_else(|| {
        args.last()
            .copied()
            .filter(|a| a.get_num_args().is_some_and(|n| n.max_values() > 1))
    })
}

/// The flag `matches` names, in the command reached or (a global) in one above it.
fn find_flag<'a>(path: &[&'a Command], matches: impl Fn(&Arg) -> bool) -> Option<&'a Arg> {
    path.iter()
        .rev()
        .flat_map(|c| c.get_arguments())
        .find(|a| !a.is_positional() && matches(a))
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

/// The kind of value `arg` takes: its own possible values if clap lists some, else by its
/// value name in `cli.rs` (`STATUS`, `UNIT`, `ID`, `FILE`…). A value name not listed here is
/// free text or a number, for which nothing is offered.
pub fn kind_of(arg: &Arg) -> Kind {
    let listed: Vec<(String, String)> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| {
            let help = v.get_help().map(|h| h.to_string()).unwrap_or_default();
            (v.get_name().to_string(), help)
        })
        .collect();
    if !listed.is_empty() {
        return Kind::Listed(listed);
    }
    let name = arg
        .get_value_names()
        .and_then(|n| n.first())
        .map(|n| n.to_string())
        .unwrap_or_else(|| arg.get_id().as_str().to_ascii_uppercase());
    match name.as_str() {
        "ID" => Kind::TaskId,
        "STATUS" => Kind::Status,
        // `units rename OLD NEW`: the old name is a unit; the new one is anything.
        "UNIT" | "OLD" => Kind::Unit,
        "WEEK" => Kind::Week,
        // A start looked back to offers past days: future ones would list nothing.
        "DATE" if matches!(arg.get_id().as_str(), "since" | "from") => Kind::PastDate,
        "DATE" => Kind::Date,
        "SPAN" => Kind::Span,
        "LANG" => Kind::Lang,
        "ENCODING" => Kind::Encoding,
        "CMD" => Kind::ManPage,
        "FILE" | "FILES" | "PATH" => Kind::File,
        "DIR" => Kind::Dir,
        _ => {
            if arg.get_value_hint() == clap::ValueHint::DirPath {
                Kind::Dir
            } else if matches!(
                arg.get_value_hint(),
                clap::ValueHint::FilePath | clap::ValueHint::AnyPath
            ) {
                Kind::File
            } else {
                Kind::Free
            }
        }
    }
}

/// A word as the shell would pass it to the program, for the usual quoting: `'a b'`, `"a b"`,
/// `a\ b`. An unclosed quote (the user is still typing) counts as closed.
pub fn unquote(word: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None | Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            (_, c) => out.push(c),
        }
    }
    out
}

/// The ledger `--db` on the line names, else the one the settings name (`TRACKER_DB`, the
/// config file, the default path).
fn ledger(reading: &Reading) -> Option<PathBuf> {
    // Read as every command reads the settings (a server's URL with the config's password,
    // remembered for the store); a config that does not load leaves the flag and the default.
    let config = crate::config::load().unwrap_or_default();
    let flag = reading.db.as_ref().map(std::ffi::OsString::from);
    match crate::ctx::ledger_at(flag.as_deref(), &config) {
        Ok(Some(at)) => Some(at.store_path()),
        Ok(None) => crate::ctx::default_ledger(),
        Err(_) => None,
    }
}
