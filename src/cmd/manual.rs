//! What a manual page says beyond clap's options: the values its options accept, exit status,
//! environment, files and examples. `meta` renders clap's part and appends these sections, to
//! the main page (`tracker.1`) and to every command's page (`tracker-update.1`).
//!
//! Which values a page lists follows from its own options (an option whose value is a `DATE`
//! gets the dates), so a new option gets its page's values without an edit here. Everything is
//! roff written for `man --warnings` to accept: hyphens as `\-`, no line that starts with `.`
//! or `'` unless it is a request ([`roff_text`] escapes typed examples).

use std::fmt::Write as _;

pub mod synopsis;

/// A kind of value people type, listed on the pages whose options take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Id,
    Status,
    Progress,
    Date,
    Week,
    Span,
    Unit,
    Number,
}

const KINDS: [Kind; 8] = [
    Kind::Id,
    Kind::Status,
    Kind::Progress,
    Kind::Date,
    Kind::Week,
    Kind::Span,
    Kind::Unit,
    Kind::Number,
];

impl Kind {
    /// The kind an option's value has, from its id and value name; `None` for free text,
    /// files and choices clap lists itself.
    fn of(arg: &clap::Arg) -> Option<Kind> {
        let names: Vec<&str> = arg
            .get_value_names()
            .unwrap_or_default()
            .iter()
            .map(|n| n.as_str())
            .collect();
        let id = arg.get_id().as_str();
        Some(match (id, names.first().copied().unwrap_or_default()) {
            ("progress", _) => Kind::Progress,
            ("stale", _) | (_, "SPAN") => Kind::Span,
            ("id", _) | (_, "ID") => Kind::Id,
            (_, "STATUS") => Kind::Status,
            (_, "DATE") => Kind::Date,
            (_, "WEEK") => Kind::Week,
            (_, "UNIT") => Kind::Unit,
            (_, "N") => Kind::Number,
            _ => return None,
        })
    }

    /// The `.TP` entry: a bold name, then what is accepted (roff).
    fn entry(self) -> String {
        if self == Kind::Status {
            return status_entry();
        }
        match self {
            Kind::Id => {
                r".TP
\fBids\fR (ID)
1.4 (recommendation 1, item 4); also 1\-4, #1.4, full\-width digits and points (１．４), with spaces around (a pasted cell). A wrong id is refused with the nearest real ones (14: did you mean 1.4?).
"
            }
            Kind::Status => unreachable!("status_entry"),
            Kind::Progress => {
                r".TP
\fBprogress\fR (N)
A whole number from 0 to 100, with or without %, in ASCII or full\-width digits (60, 60%, ６０％). 100 makes an open task done; above 0 starts a task not started.
"
            }
            Kind::Date => {
                r".TP
\fBdates\fR (DATE)
2026\-12\-31, 2026/12/31, 2026.12.31, 2026年12月31日, 20261231, full\-width digits too; today, tomorrow, +10d, +2w, +3m; 月底 or 本月底, 下月底, 年底, 本周五, 下周五, 周五, 下月15日.
Without a year (12月31日, 12/31, 12.31) a date is month then day in this year; a deadline is the next such day, and stderr says which year was taken.
04/03/2026 and 4.3 read two ways and are refused with both readings.
From 1000\-01\-01 to 9999\-12\-31. A deadline already past is recorded with a warning.
"
            }
            Kind::Week => {
                r".TP
\fBweeks\fR (WEEK)
2026\-W48, last, this, next, 上周, 本周, 下周, or any date (the week holding it), counted from \-\-today.
"
            }
            Kind::Span => {
                r".TP
\fBspans\fR (SPAN)
14d, 2w, 1m (days, weeks, months); at most 100 years (36500d, 5200w, 1200m).
"
            }
            Kind::Unit => {
                r".TP
\fBunits\fR (UNIT)
A unit's name, such as 组织科. A name that is not a unit yet but is close to one (组织课 beside 组织科, 组织 inside 组织科), or another spelling of a known one (Traditional, spaced, full width, other case), is refused with a suggestion; \-\-new\-unit creates it on purpose.
"
            }
            Kind::Number => {
                r".TP
\fBnumbers\fR (N)
A whole number in ASCII or full\-width digits; a refused one is told the range accepted.
"
            }
        }
        .to_string()
    }
}

/// The statuses entry, from the one table the parser reads and `--status`'s help lists
/// (`model::offered_words`), so the page cannot list fewer words than `--help`.
fn status_entry() -> String {
    use crate::model::{Status, offered_words};
    let mut out = String::from(
        ".TP\n\\fBstatuses\\fR (STATUS)\nIn English or Chinese, and the words offices use (Traditional forms too):\n.RS\n",
    );
    for st in Status::ALL {
        let words: Vec<String> = offered_words()
            .filter(|(s, _)| *s == st)
            .map(|(_, w)| roff_text(w))
            .collect();
        let _ = write!(
            out,
            ".TP\n{}\n{}\n",
            st.name().replace('-', " "),
            words.join(", ")
        );
    }
    out.push_str(".RE\n.IP\nA slip of a letter or two is refused with a suggestion (doen: did you mean done?).\n");
    out
}

/// Escapes typed text for a roff line: a backslash as `\e`, a hyphen as `\-` (a hyphen in a
/// command line must not become a typographic one), and `\&` before a leading `.` or `'`,
/// which would otherwise make the line a request.
pub fn roff_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    if line.starts_with(['.', '\'']) {
        out.push_str("\\&");
    }
    for c in line.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            c => out.push(c),
        }
    }
    out
}

/// The examples of a page, by its name without `tracker-` and `.1` (`update`, `units-rename`;
/// `""` for the main page). A command with none written here gets its `--help`.
fn examples(page: &str) -> Vec<String> {
    let lines: &[&str] = match page {
        "" => &[
            "tracker list --overdue",
            "tracker update 1.4 --status 办结",
            "tracker update 2.1 --progress 40% --note 已拟定会议方案",
            "tracker --lang zh report --format html --out 周报.html",
            "tracker man update",
        ],
        "init" => &[
            "tracker init",
            "tracker init --start 2026-12-01",
            "tracker --db 新台账.db init --empty",
            "tracker init --force          # the old ledger is kept as PATH.replaced-TIMESTAMP",
        ],
        "list" => &[
            "tracker list",
            "tracker --lang zh list --owner 组织科",
            "tracker list --overdue",
            "tracker list --due-within 2w --sort deadline",
            "tracker list --status 在办 --status 暂缓 --format json",
            "tracker list --stale 14d",
        ],
        "show" => &["tracker show 1.4", "tracker show 1.4 --format json"],
        "update" => &[
            "tracker update 1.4 --status 办结",
            "tracker update 2.1 --progress 60% --note 已召开推进会 --by 张三",
            "tracker update 1.4 --deadline 下月15日",
            "tracker update 3.2 --lead 人事局 --support 市委组织部 --support 宣传科",
            "tracker update 1.4 --add-support 宣传科",
            "tracker update 1.4 --status in-progress --progress 80   # reopen a done task",
        ],
        "note" => &[
            "tracker note 1.2 已完成会议筹备方案初稿",
            "tracker note 1.2 第二次会议推迟到下周 --by 李四",
            "echo 已上报市委 | tracker note 1.2 -",
        ],
        "add" => &[
            "tracker add --rec 1 --title 建立党建指导员制度 --lead 组织科 --deadline +3m",
            "tracker add --rec 4 --headline 加强督查 --title 建立月度通报 --lead 办公室 --support 组织科",
        ],
        "history" => &[
            "tracker history",
            "tracker history 1.4",
            "tracker history --since 2026-11-23",
            "tracker history 1.4 --format json",
        ],
        "report" => &[
            "tracker --lang zh report",
            "tracker report --week 上周",
            "tracker report --from 2026-11-01 --to 2026-11-30 --format markdown",
            "tracker --lang zh report --format html --out 周报.html",
            "tracker report --series weekly --format csv --out 进度.csv --bom",
        ],
        "units" => &["tracker units", "tracker units --weeks 8 --format json"],
        "units-rename" => &["tracker units rename 人事局 人社局 --by 张三"],
        "import" => &[
            "tracker import 调研报告.docx --dry-run",
            "tracker import 调研报告.txt --encoding gb18030 --lead 组织科 --within 3m",
            "tracker import 台账.xlsx",
        ],
        "backup" => &["tracker backup 台账-备份.db"],
        "export" => &[
            "tracker export --out 台账.json",
            "tracker export --format xlsx --out 台账.xlsx",
        ],
        "sheets" => &["tracker sheets --week 本周 --out 反馈表"],
        "collect" => &[
            "tracker collect 反馈表/*.xlsx --dry-run",
            "tracker collect 反馈表/*.xlsx",
            "tracker collect --missing",
        ],
        "restore" => &["tracker --db 新台账.db restore 台账.json"],
        "copy" => &[
            "tracker copy --to 台账-带走.db",
            "tracker copy --from 台账.db --to postgres://clerk@db.example.org/dubanl",
        ],
        "undo" => &["tracker undo", "tracker undo --any --by 李四"],
        "completions" => &[
            "tracker completions bash > ~/.local/share/bash-completion/completions/tracker",
            "tracker completions fish > ~/.config/fish/completions/tracker.fish",
        ],
        "man" => &[
            "mkdir -p ~/.local/share/man/man1",
            "tracker man --dir ~/.local/share/man/man1",
            "man tracker-update",
            "tracker man units rename",
        ],
        _ => &[],
    };
    if lines.is_empty() {
        return vec![format!("tracker {} --help", page.replace('-', " "))];
    }
    lines.iter().map(|l| l.to_string()).collect()
}

/// The exit codes `main` gives (0, 1, 2): 2 for every value typed that cannot be read as
/// its kind, whether clap's parsers or a command's refuse it (`model::BadValue`).
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
Either failure prints one line on stderr, starting error:, and writes nothing.
.TP
0
success
.TP
1
refused: the command could not be done as asked (no such task, a unit close to another one, a rule of the ledger, a file that cannot be read or written)
.TP
2
usage: the command line does not parse (an unknown option, a missing value) or a value typed cannot be read as its kind (a date, a week, a span, a status, a progress, a number, a task id, a text with control characters), whatever the option
"#;

/// Every variable `Ctx`, `config` and `main` read; an empty value counts as unset.
const ENVIRONMENT: &str = r".SH ENVIRONMENT
Options win over variables, variables over the config file.
.TP
TRACKER_DB
The ledger (as \-\-db): a SQLite file, or a PostgreSQL server's postgres://ROLE@HOST/DB URL.
.TP
PGPASSWORD, PGPASSFILE
A server's password when neither the URL nor the config file's password gives one, then ~/.pgpass (or PGPASSFILE, mode 0600) read as libpq reads it.
.TP
TRACKER_TODAY
The date, or date and time, taken as now (as \-\-today): YYYY\-MM\-DD or YYYY\-MM\-DDTHH:MM:SS.
.TP
TRACKER_LANG
zh or en, the language of messages, headers and labels (as \-\-lang).
.TP
LC_ALL, LC_MESSAGES, LANG
The first one set that starts with zh gives Chinese when neither \-\-lang, TRACKER_LANG nor the config file names a language.
.TP
TRACKER_USER
Who makes a change (as \-\-by); else the config file's actor, else USER.
.TP
TRACKER_CONFIG
The config file, instead of the default below.
.TP
TRACKER_REPORT_FORMAT
The report's format when \-\-format is not given: table, markdown, csv, json, html, xlsx or docx (the last two need \-\-out).
.TP
TRACKER_DUE_SOON_DAYS
Days before its deadline an open task is due soon (黄), 0 to 365; default 14.
.TP
NO_COLOR
Set: no colour, unless \-\-color always.
.TP
COLUMNS
The width tables are fitted to when standard output is not a terminal (default 80; 100 for the report's table).
.TP
XDG_DATA_HOME, XDG_CONFIG_HOME
Where the default ledger and config file live (see FILES).
";

/// The default paths: `dirs::data_dir()` and `dirs::config_dir()`, which follow the XDG rules
/// on Linux; the side files SQLite and tracker put beside a ledger.
const FILES: &str = r".SH FILES
.TP
$XDG_DATA_HOME/tracker/tracker.db
The ledger (default ~/.local/share/tracker/tracker.db; on macOS ~/Library/Application Support/tracker/tracker.db), created and seeded on first use; SQLite keeps tracker.db\-wal and tracker.db\-shm beside it while it is open.
.TP
$XDG_CONFIG_HOME/tracker/config.toml
Settings (default ~/.config/tracker/config.toml): db, lang, actor, due_soon_days, report_format, stale_days and more. A relative db is relative to this file's folder.
.TP
LEDGER.vN.bak
A copy of a ledger of schema version N, checked and made before it is upgraded (never replaced: .bak.2 and so on).
.TP
LEDGER.replaced\-TIMESTAMP
The old ledger that init \-\-force moved aside.
";

/// The sections after clap's, for the page of command `path` (`["update"]`, `["units",
/// "rename"]`; empty for the main page), whose own (not global) options are `args` and whose
/// own commands (not hidden) are `subs` (`["rename"]` for `units`).
pub fn sections<'a>(
    path: &[&str],
    args: impl Iterator<Item = &'a clap::Arg>,
    subs: &[&str],
) -> String {
    let mut kinds: Vec<Kind> = Vec::new();
    if path.is_empty() {
        kinds = KINDS.to_vec();
    } else {
        for arg in args.filter(|a| !a.is_global_set() && !a.is_hide_set()) {
            if let Some(k) = Kind::of(arg)
                && !kinds.contains(&k)
            {
                kinds.push(k);
            }
        }
        kinds.sort_by_key(|k| KINDS.iter().position(|x| x == k));
    }
    let mut out = String::new();
    if !kinds.is_empty() {
        out.push_str(".SH VALUES\n");
        for k in kinds {
            out.push_str(&k.entry());
        }
    }
    out.push_str(EXIT_STATUS);
    out.push_str(ENVIRONMENT);
    out.push_str(FILES);
    out.push_str(".SH EXAMPLES\n.EX\n");
    for line in examples(&path.join("-")) {
        let _ = writeln!(out, "{}", roff_text(&line));
    }
    out.push_str(".EE\n");
    if !path.is_empty() {
        let _ = writeln!(out, ".SH \"SEE ALSO\"\n{}", see_also(path, subs).join(", "));
    }
    out
}

/// The pages a command's page points to, as roff: the main page, the command it belongs to
/// (tracker-units(1) from tracker-units-rename(1)), and its own commands
/// (tracker-units-rename(1) from tracker-units(1)).
fn see_also(path: &[&str], subs: &[&str]) -> Vec<String> {
    let page = |parts: &[&str]| {
        let name = std::iter::once("tracker")
            .chain(parts.iter().copied())
            .collect::<Vec<_>>()
            .join("\\-");
        format!("\\fB{name}\\fR(1)")
    };
    let mut pages = vec![page(&[])];
    for n in 1..path.len() {
        pages.push(page(&path[..n]));
    }
    for sub in subs {
        let mut here = path.to_vec();
        here.push(sub);
        pages.push(page(&here));
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    #[test]
    fn roff_text_escapes_hyphens_backslashes_and_a_leading_request() {
        assert_eq!(roff_text("tracker --db x"), "tracker \\-\\-db x");
        assert_eq!(roff_text(".hidden"), "\\&.hidden");
        assert_eq!(roff_text("'quoted'"), "\\&'quoted'");
        assert_eq!(roff_text("a\\b"), "a\\eb");
    }

    /// The statuses the pages list are words the parser takes as that status.
    #[test]
    fn every_status_word_on_the_pages_parses_to_its_status() {
        let entry = Kind::Status.entry();
        let lines: Vec<&str> = entry.lines().collect();
        let mut checked = 0;
        for (name, st) in [
            ("not started", Status::NotStarted),
            ("in progress", Status::InProgress),
            ("blocked", Status::Blocked),
            ("done", Status::Done),
            ("cancelled", Status::Cancelled),
        ] {
            let at = lines.iter().position(|l| *l == name).unwrap();
            for word in lines[at + 1].split(", ") {
                let word = word.replace("\\-", "-");
                assert_eq!(word.parse::<Status>(), Ok(st), "{word}");
                checked += 1;
            }
        }
        assert!(checked >= 20);
    }
}
