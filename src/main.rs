use std::io::{self, Write};
use std::process::ExitCode;

use clap::error::ErrorKind;
use std::error::Error as _;

fn main() -> ExitCode {
    // Ctrl-C, SIGTERM and SIGHUP remove the temporary files in use before the process ends.
    tracker::output::interrupt::install();
    // The values clap refuses are judged by our parsers, whose messages follow the language:
    // set it from the raw arguments before clap reads them.
    tracker::i18n::set(early_lang(lang_arg()));
    let cli = match parse_cli() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            if tracker::i18n::zh() && e.kind() == ErrorKind::DisplayHelp {
                // Plain text, its headings' colons full-width (选项：).
                let help = e.render().to_string();
                print!("{}", tracker::cli::zh::full_width_headings(&help));
            } else {
                let _ = e.print();
            }
            return ExitCode::SUCCESS;
        }
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            if tracker::i18n::zh() {
                let help = e.render().to_string();
                eprint!("{}", tracker::cli::zh::full_width_headings(&help));
            } else {
                let _ = e.print();
            }
            return ExitCode::from(2);
        }
        Err(e) => {
            // One line: clap's first line names the problem; the usage block after it is noise.
            let text = e.render().to_string();
            let first = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("error: invalid arguments");
            let first = quote_refused_value(&e, first, &text);
            let line = if let Some(missing) = missing_arguments(&e) {
                tracker::msg!(
                    "error: missing {missing}, which this command requires (see 'tracker --help')",
                    "错误：缺少必需的参数 {missing}（见 'tracker --help'）"
                )
            } else if tracker::i18n::zh() {
                zh_usage_error(&e, &first)
            } else {
                format!("{first}{} (see 'tracker --help')", expected_values(&e))
            };
            // A usage error may echo what was typed (`tracker init postgres://u:pw@h/d`,
            // --db forgotten): through the one rule, as every other message.
            eprintln!("{}", tracker::output::mask_secrets(&line));
            return ExitCode::from(2);
        }
    };
    // Messages made before the context reads the config file are already in the language the
    // flag, the environment or the locale asks for; the context settles it (config `lang`).
    tracker::i18n::set(early_lang(cli.lang));
    let stdout = io::stdout();
    let mut out = PipeWatch {
        inner: stdout.lock(),
        closed: false,
        failed: None,
    };
    // Standard output opened on a ledger (`1<>ledger.db`) would be written over, whatever runs.
    let result = tracker::output::refuse_database_on_stdout()
        .and_then(|()| tracker::cmd::run(&cli, &mut out))
        .and_then(|()| out.flush().map_err(Into::into));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // However the error was wrapped on its way up (JSON, exports), a reader that went away
        // is not a failure: `tracker export | head -c1` ends quietly.
        Err(_) if out.closed => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Messages quote what was typed or stored: escaped here, once, for all of them. An
            // I/O error gets plain words, here, once, however its caller worded the rest.
            // No message prints a password, whoever built it (`output::mask_secrets`).
            let mut message = tracker::output::mask_secrets(&tracker::output::plain_os_errors(
                &one_line(&tracker::i18n::error_chain(&e)),
            ));
            if let Some(failed) = &out.failed
                && !message.starts_with("cannot write")
            {
                // Standard output failed (a full disk, a gone device), and what came up, bare or
                // wrapped in JSON's error, names no file: say which.
                message = format!(
                    "cannot write standard output: {}",
                    tracker::output::plain_io(failed)
                );
            }
            eprintln!(
                "{}{}",
                tracker::i18n::error_prefix(),
                tracker::model::escape_for_terminal(&message, false)
            );
            // A value typed that cannot be read exits as clap's refused values do (EXIT STATUS).
            let bad_value = e.chain().any(|c| c.is::<tracker::model::BadValue>());
            ExitCode::from(if bad_value { 2 } else { 1 })
        }
    }
}

/// Standard output that remembers whether its reader closed the pipe, and any other failure.
struct PipeWatch<W> {
    inner: W,
    closed: bool,
    failed: Option<io::Error>,
}

impl<W: Write> PipeWatch<W> {
    fn watch<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            self.closed = true;
        } else if let Err(e) = &r
            && self.failed.is_none()
        {
            self.failed = Some(io::Error::new(e.kind(), e.to_string()));
        }
        r
    }
}

impl<W: Write> Write for PipeWatch<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.watch(r)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let r = self.inner.write_all(buf);
        self.watch(r)
    }
    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.watch(r)
    }
}

/// `: expected bash, zsh, fish or powershell` after a value clap refused from a fixed list
/// (clap puts the list on a line of its own, which the one-line message drops); empty
/// for any other complaint.
fn expected_values(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue};
    match (e.kind(), e.get(ContextKind::ValidValue)) {
        (ErrorKind::InvalidValue, Some(ContextValue::Strings(v))) if !v.is_empty() => {
            let (last, rest) = v.split_last().unwrap_or((&v[0], &[]));
            if rest.is_empty() {
                format!(": expected {last}")
            } else {
                format!(": expected {} or {last}", rest.join(", "))
            }
        }
        _ => String::new(),
    }
}

/// `tracker list | head` closes the pipe early; that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The command line read into `Cli`; under zh (the flag, the environment, the locale) clap's
/// help and its headings are in Chinese (`cli::zh`). The config file's `lang` is read later,
/// with the ledger's settings, so it does not reach `--help`.
fn parse_cli() -> Result<tracker::cli::Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = tracker::cli::Cli::command();
    if tracker::i18n::zh() {
        cmd = tracker::cli::zh::localise(cmd);
    }
    let args = tracker::cli::negative_spans_joined(std::env::args_os());
    let mut matches = cmd.try_get_matches_from_mut(args)?;
    tracker::cli::Cli::from_arg_matches_mut(&mut matches)
}

/// `--lang VALUE` or `--lang=VALUE` among the raw arguments (before `--`), if it reads.
fn lang_arg() -> Option<tracker::model::Lang> {
    // Not `env::args`, which panics on an argument that is not UTF-8 (clap refuses it).
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut found = None;
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(v) = value.and_then(|v| v.parse().ok()) {
            found = Some(v);
        }
    }
    found
}

/// A command line clap refused, in Chinese: a value one of our parsers refused is named with
/// its reason (already Chinese); clap's own complaints (an unknown flag, a missing value) in
/// Chinese too ([`clap_in_chinese`]); only a kind it does not know stays in clap's English,
/// said to be clap's.
fn zh_usage_error(e: &clap::Error, first: &str) -> String {
    use clap::error::{ContextKind, ContextValue};
    use tracker::model::escape_for_terminal;
    let reason = e
        .source()
        .map(|s| escape_for_terminal(&s.to_string(), false).into_owned());
    match (
        e.kind(),
        e.get(ContextKind::InvalidArg),
        e.get(ContextKind::InvalidValue),
        reason,
    ) {
        (
            ErrorKind::ValueValidation,
            Some(ContextValue::String(arg)),
            Some(ContextValue::String(v)),
            Some(reason),
        ) => {
            format!(
                "错误：{} 的值“{}”无效：{reason}（见 'tracker --help'）",
                arg.split_whitespace().next().unwrap_or(arg),
                shown_value(v)
            )
        }
        (kind, arg, value, _) => match clap_in_chinese(e, kind, arg, value) {
            Some(line) => format!("错误：{line}（见 'tracker --help'）"),
            None => format!(
                "错误：命令行无法解析（以下为命令行解析器的英文原文）：{}（见 'tracker --help'）",
                first.strip_prefix("error: ").unwrap_or(first)
            ),
        },
    }
}

/// clap's own complaints said in Chinese: an unknown flag or command, a flag without its
/// value, a value not among the choices, a flag given twice or with one it excludes. Names of
/// flags and values to type are quoted as typed. `None` for the rare kinds left in clap's
/// words.
fn clap_in_chinese(
    e: &clap::Error,
    kind: ErrorKind,
    arg: Option<&clap::error::ContextValue>,
    value: Option<&clap::error::ContextValue>,
) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    let text = |v: Option<&ContextValue>| match v {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    let quoted = |v: &[String]| {
        v.iter()
            .map(|s| format!("'{}'", shown_value(s)))
            .collect::<Vec<_>>()
            .join("、")
    };
    // `--sort <SORT>` is named by its flag; a positional `<SHELL>` by its place, quoted.
    let name = |a: &str| {
        let flag = a.split_whitespace().next().unwrap_or(a);
        if flag.starts_with('-') {
            flag.to_string()
        } else {
            format!("'{}'", shown_value(flag))
        }
    };
    let suggested = match e
        .get(ContextKind::SuggestedArg)
        .or_else(|| e.get(ContextKind::SuggestedSubcommand))
    {
        Some(ContextValue::String(s)) => format!("；是不是 '{}'？", shown_value(s)),
        Some(ContextValue::Strings(v)) if !v.is_empty() => format!("；是不是 {}？", quoted(v)),
        _ => String::new(),
    };
    Some(match kind {
        ErrorKind::InvalidValue => {
            let arg = name(&text(arg)?);
            let value = text(value).unwrap_or_default();
            if value.is_empty() {
                format!("{arg} 需要一个值")
            } else {
                let choices = match e.get(ContextKind::ValidValue) {
                    Some(ContextValue::Strings(v)) if !v.is_empty() => {
                        format!("：可用 {}", quoted(v))
                    }
                    _ => String::new(),
                };
                format!(
                    "{arg} 的值“{}”无效{choices}{suggested}",
                    shown_value(&value)
                )
            }
        }
        ErrorKind::UnknownArgument => {
            format!("无法识别的参数“{}”{suggested}", shown_value(&text(arg)?))
        }
        ErrorKind::InvalidSubcommand => format!(
            "没有命令“{}”{suggested}",
            shown_value(&text(e.get(ContextKind::InvalidSubcommand).or(arg))?)
        ),
        ErrorKind::ArgumentConflict => {
            let arg = name(&text(arg)?);
            match text(e.get(ContextKind::PriorArg)).map(|p| name(&p)) {
                Some(prior) if prior != arg => format!("{arg} 不能与 {prior} 同时使用"),
                _ => format!("{arg} 只能给一次"),
            }
        }
        ErrorKind::NoEquals => format!("{} 的值须用 = 连写", name(&text(arg)?)),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("{} 的值个数不对", name(&text(arg)?))
        }
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_string(),
        _ => return None,
    })
}

/// The arguments clap found missing, as the usage names them (`<FILES>...`, `--out <DIR>`):
/// clap's own line puts them on the lines after it, which the one-line error drops.
fn missing_arguments(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    if e.kind() != ErrorKind::MissingRequiredArgument {
        return None;
    }
    let names = match e.get(ContextKind::InvalidArg)? {
        ContextValue::Strings(v) => v.clone(),
        ContextValue::String(s) => vec![s.clone()],
        _ => return None,
    };
    // In Chinese a flag is named alone (`--title`, not `--title <TEXT>`: the value's name is
    // English) and a positional argument by its name, quoted as a name to look up in help.
    let names: Vec<String> = names
        .iter()
        .map(|n| tracker::model::escape_for_terminal(n, false).into_owned())
        .filter(|n| !n.is_empty())
        .map(|n| match (tracker::i18n::zh(), n.starts_with('-')) {
            (false, _) => n,
            (true, true) => n.split_whitespace().next().unwrap_or_default().to_string(),
            (true, false) => format!("'{n}'"),
        })
        .collect();
    (!names.is_empty()).then(|| tracker::i18n::list(&names))
}

/// The language from `--lang`, `TRACKER_LANG` or the locale, before the config file is read.
fn early_lang(flag: Option<tracker::model::Lang>) -> tracker::model::Lang {
    use tracker::model::Lang;
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    flag.or_else(|| var("TRACKER_LANG").and_then(|v| v.parse::<Lang>().ok()))
        .unwrap_or_else(|| {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .into_iter()
                .find_map(var)
                .unwrap_or_default();
            Lang::from_locale(&locale)
        })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A refused value as the one-line message shows it: a newline as `\n`, a tab as `\t`, a
/// carriage return as `\r` (so `done\n(see…)` is seen whole, not cut at its line break),
/// then escaped for the terminal (`model::escape_for_terminal`).
fn shown_value(v: &str) -> String {
    let v = v
        .replace('\n', "\\n")
        .replace('\t', "\\t")
        .replace('\r', "\\r");
    tracker::model::escape_for_terminal(&v, false).into_owned()
}

/// clap's line with the refused value shown escaped ([`shown_value`]): clap's rendering drops
/// escape sequences from it, so `--status $'\e[2J'` would read "invalid value ''", leaves
/// direction controls in, and a value holding a newline splits its line. `text` is clap's
/// whole rendering: the line's tail (`' for '--status <STATUS>': reason`) is found after the
/// value, wherever its line breaks fell.
fn quote_refused_value(e: &clap::Error, first: &str, text: &str) -> String {
    use clap::error::{ContextKind, ContextValue};
    use tracker::model::escape_for_terminal;
    const HEAD: &str = "error: invalid value '";
    if let Some(ContextValue::String(value)) = e.get(ContextKind::InvalidValue)
        && first.starts_with(HEAD)
        && let Some(start) = text.find(HEAD)
    {
        let rest = &text[start + HEAD.len()..];
        // The tail starts after the value as clap rendered it (escapes dropped), so search
        // from the shortest point it can start.
        if let Some(end) = rest.find("' for '") {
            let tail = rest[end..].lines().next().unwrap_or_default();
            let tail = escape_for_terminal(tail, false);
            return format!("{HEAD}{}{tail}", shown_value(value));
        }
    }
    escape_for_terminal(first, false).into_owned()
}
