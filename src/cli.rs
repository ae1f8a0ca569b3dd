//! The whole command line: every clap type, with doc comments as help text. Values that have a
//! domain meaning (statuses, dates, spans, progress) are parsed here so a bad one is refused
//! before anything runs, with a message that says what is accepted.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::{Lang, Span, Status, parse_progress, parse_rec};
use crate::report::WeekSpec;

pub mod zh;

#[derive(Debug, Parser)]
#[command(
    name = "tracker",
    version,
    about = "Follow up a report's recommendations: a ledger (督办台账) of tasks, owners, deadlines and progress",
    after_help = "The first command creates and seeds the ledger if there is none. Start with: tracker list\n\n\
Settings: flag > environment > config file (~/.config/tracker/config.toml, or TRACKER_CONFIG) > default.\n\
Exit codes: 0 success, 1 error (the command was refused and nothing was written), 2 usage (bad command line)."
)]
pub struct Cli {
    /// The ledger: a SQLite file, or a PostgreSQL server's postgres://ROLE@HOST/DB URL (password from the URL, the config's password, PGPASSWORD or ~/.pgpass) [env: TRACKER_DB; default: the platform data dir, e.g. ~/.local/share/tracker/tracker.db]
    #[arg(long, global = true, value_name = "PATH|URL")]
    pub db: Option<PathBuf>,

    /// Treat DATE (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS) as now, for "as of" views [env: TRACKER_TODAY]
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,

    /// Language of headers and labels: zh or en [env: TRACKER_LANG; config: lang; default: zh when LANG is zh_*, else en]
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Colour status and health: auto (only on a terminal, and not when NO_COLOR is set), always, never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Output of the dashboard (tracker with no command)
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    /// The 台账 as a workbook (sheets 台账 and 汇总); needs --out
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum DevAction {
    /// Fill an empty ledger with realistic synthetic data, in one transaction
    Synth {
        /// Number of tasks
        #[arg(long, value_parser = |s: &str| whole_number(s, 0, u64::from(u32::MAX)).map(|n| n as u32))]
        tasks: u32,
        /// Events per task, spread over two years
        #[arg(long, default_value_t = 10, value_parser = |s: &str| whole_number(s, 0, u64::from(u32::MAX)).map(|n| n as u32))]
        events_per_task: u32,
        /// Random seed: the same seed gives the same ledger
        #[arg(long, default_value_t = 1, value_parser = |s: &str| whole_number(s, 0, u64::MAX))]
        seed: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the ledger, seeded with the report's recommendations unless --empty
    #[command(
        after_help = "Examples:\n  tracker init --start 2026-03-02\n  tracker --db team.db init --empty"
    )]
    Init(InitArgs),
    /// List tasks (open ones unless --all or --status), with their health
    #[command(
        after_help = "Examples:\n  tracker list\n  tracker list --overdue --owner 组织科\n  tracker list --status blocked --status in-progress --sort deadline"
    )]
    List(ListArgs),
    /// Show one task: every field, its units and its history
    #[command(after_help = "Examples:\n  tracker show 1.4\n  tracker show 1.4 --format json")]
    Show(ShowArgs),
    /// Show the recorded changes, oldest first
    #[command(
        after_help = "Examples:\n  tracker history\n  tracker history 1.4\n  tracker history --since 2026-11-23 --format json"
    )]
    History(HistoryArgs),
    /// Change a task's status, progress, units, deadline or wording; every change is recorded
    #[command(
        after_help = "Examples:\n  tracker update 1.4 --status done\n  tracker update 2.1 --progress 40 --note \"已拟定会议方案\"\n  tracker update 3.2 --lead 人事局 --support 市委组织部 --deadline 2026-12-31"
    )]
    Update(UpdateArgs),
    /// Record a progress note on a task without changing anything else
    #[command(
        after_help = "Examples:\n  tracker note 1.2 \"已完成会议筹备方案初稿\"\n  tracker note 1.2 \"已报分管领导审定\" --by 张三"
    )]
    Note(NoteArgs),
    /// Add a task under a recommendation; it gets the next free id (e.g. 1.6)
    #[command(
        after_help = "Examples:\n  tracker add --rec 1 --title 建立党建指导员制度 --lead 组织科 --deadline +3m\n  tracker add --rec 4 --headline 加强基层党组织建设 --title 开展调研 --lead 组织科"
    )]
    Add(AddArgs),
    /// The weekly progress table (周报) as of any week, ready to send
    #[command(
        after_help = "Examples:\n  tracker report\n  tracker --lang zh report --week 2026-W48 --format html --out 周报.html\n  tracker report --from 2026-11-01 --to 2026-11-30 --owner 组织科 --format markdown\n  tracker report --series weekly --from 2026-03-02 --to 2026-11-29 --format csv --bom --out series.csv"
    )]
    Report(ReportArgs),
    /// The units (牵头/配合) with their open, overdue and done tasks; or rename one everywhere
    #[command(
        after_help = "Examples:\n  tracker units\n  tracker units --format json\n  tracker units rename 人事局 人力资源和社会保障局 --by 张三"
    )]
    Units(UnitsArgs),
    /// Turn a report's numbered recommendations, or a task table, into tasks (.txt in UTF-8 or GB18030/GBK, .docx, .xlsx/.xls/.ods, .csv)
    #[command(
        after_help = "Examples:\n  tracker import 整改方案.txt --dry-run\n  tracker import 调研报告.txt --lead 组织科 --within 3m\n  tracker import report.txt --as 10 --deadline 2026-12-31 --format json"
    )]
    Import(ImportArgs),
    /// Revert the latest change (yours, unless --any); the revert is recorded as a new change
    #[command(
        after_help = "Examples:\n  tracker undo\n  tracker undo --by 张三\n  tracker undo --any"
    )]
    Undo {
        /// Revert the latest change by anyone, not only yours
        #[arg(long)]
        any: bool,
        #[command(flatten)]
        actor: ActorArg,
    },
    /// Copy the ledger, whole and checked, to a new FILE: a file by SQLite's online backup, a server's ledger as a ledger file (safe while others write; never overwrites)
    #[command(after_help = "Examples:\n  tracker backup ~/备份/tracker-2026-11-27.db")]
    Backup {
        /// The new file
        file: PathBuf,
    },
    /// Write everything (plan, tasks, units, the full history) as one JSON document, or the 台账 as a workbook
    #[command(
        after_help = "Examples:\n  tracker export --format json > ledger.json\n  tracker export --out ledger.json\n  tracker --lang zh export --format xlsx --out 台账.xlsx"
    )]
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to FILE (atomically) instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write one return sheet (反馈表) per unit for a week, for the unit to fill in
    #[command(
        after_help = "Examples:\n  tracker --lang zh sheets --out 反馈表/\n  tracker sheets --week 2026-W48 --owner 组织科 --out sheets"
    )]
    Sheets(SheetsArgs),
    /// Read returned sheets (xlsx, xls, ods, csv) into the ledger, or list units yet to answer
    #[command(
        after_help = "Examples:\n  tracker collect 反馈表/*.xlsx --dry-run\n  tracker collect 组织科-2026-W48.xlsx\n  tracker collect --missing --week 2026-W48"
    )]
    Collect(CollectArgs),
    /// Write one 督办通知单 (follow-up notice) per unit with open tasks, and record it on each task
    #[command(
        long_about = "Write one 督办通知单 (follow-up notice) per unit with open tasks: its serial (督办〔2026〕3号), the open tasks it leads and supports with overdue and due-soon ones marked, the date to reply by, the issuing office (config office) and the date. Each notice is recorded on every task it lists, all as one change ('tracker undo' withdraws the run). Serials are numbered per year by the ledger and never given twice: a notice withdrawn by undo keeps its number, as a register of document numbers does not reuse a withdrawn one. The same notice written again (to the same unit, listing the same tasks, with the same reply-by date, on the same day; in any format) keeps its serial and is not recorded again, so it is not another reminder (催办). A unit with no open tasks gets no notice.",
        after_help = "Examples:\n  tracker notice --reply-by 下周五 --out 通知单/\n  tracker notice --owner 组织科 --reply-by 12月4日 --out 通知单 --format html\n  tracker notice --all --reply-by +1w --out 通知单 --dry-run"
    )]
    Notice(NoticeArgs),
    /// Load a JSON export into a new, empty ledger
    #[command(after_help = "Examples:\n  tracker --db restored.db restore ledger.json")]
    Restore {
        /// A file written by 'tracker export'
        file: PathBuf,
    },
    /// Copy a whole ledger into a new, empty one: a file to a server to start sharing, a server to a file to take along
    #[command(
        long_about = "Copy a whole ledger (plan, tasks, units, notices, return sheets, the full history, ids and change numbers as they are) into a new, empty one, streamed through the export format (never held whole in memory) and loaded as 'restore' loads it: each part checked, all in one transaction, and the copy exported again must give the same bytes as the source did (compared by length and SHA-256). LEDGER is a file's path or a postgres:// URL. The target must not exist, or be a ledger with no plan ('tracker init --empty'): a ledger with anything in it is refused, never overwritten.",
        after_help = "Examples:\n  tracker copy --to 台账-带走.db\n  tracker copy --from ~/.local/share/tracker/tracker.db --to postgres://clerk@db.example.org/dubanl\n  tracker copy --from postgres://clerk@db.example.org/dubanl --to 台账-2026-11-30.db"
    )]
    Copy(CopyArgs),
    /// Developer tools
    #[command(hide = true)]
    Dev {
        #[command(subcommand)]
        action: DevAction,
    },
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  tracker completions bash > ~/.local/share/bash-completion/completions/tracker\n  tracker completions zsh > ~/.zfunc/_tracker\n  tracker completions fish > ~/.config/fish/completions/tracker.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// The candidates for the word being completed, read from the command line and the
    /// ledger; called by the scripts 'tracker completions' prints, never by people
    #[command(name = "__complete", hide = true)]
    Complete(crate::cmd::complete::CompleteArgs),
    /// Print the man page (roff), a command's page, or write every page into a folder
    #[command(
        after_help = "Examples:\n  tracker man | man -l -\n  tracker man update | man -l -\n  mkdir -p ~/.local/share/man/man1 && tracker man --dir ~/.local/share/man/man1   # then: man tracker-update"
    )]
    Man {
        /// A command whose page to print (update, list, units rename…) instead of the main page
        #[arg(value_name = "CMD", conflicts_with = "dir")]
        cmd: Vec<String>,
        /// Write every page (tracker.1, tracker-update.1, …) into DIR, created if missing
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The plan's start date; seeded deadlines count from it [default: today]
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Create an empty ledger, without the seeded plan
    #[arg(long)]
    pub empty: bool,
    /// Replace an existing ledger (the old file is kept beside it as PATH.replaced-TIMESTAMP)
    #[arg(long)]
    pub force: bool,
    /// Share the ledger with a group of clerks on this machine: the file 0660 and its folder
    /// 2770, both of group GROUP, nobody else; on an existing ledger (without --force), converts it
    #[arg(long, value_name = "GROUP")]
    pub shared: Option<String>,
    #[command(flatten)]
    pub actor: ActorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    Id,
    Deadline,
    Status,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_name = "STATUS", value_parser = parse_status,
          help = crate::model::status_help("Only tasks with this status; repeat for several"))]
    pub status: Vec<Status>,
    /// Include done and cancelled tasks
    #[arg(long, conflicts_with = "status")]
    pub all: bool,
    /// Only tasks this unit leads or supports (a full name, or a part that names one unit; with a
    /// past --today, as the unit was named that day)
    #[arg(long, value_name = "UNIT")]
    pub owner: Option<String>,
    /// Only tasks under this recommendation
    #[arg(long, value_name = "N", value_parser = parse_rec_number)]
    pub rec: Option<u32>,
    /// Only open tasks past their deadline
    #[arg(long)]
    pub overdue: bool,
    /// Only open tasks due within this span from today, overdue ones included (14d, 2w, 1m)
    #[arg(long, value_name = "SPAN", value_parser = parse_span)]
    pub due_within: Option<Span>,
    /// Only open tasks with no report (a note, a status or progress change) in this span up to
    /// today, today included (14d, 2w, 1m; alone: `stale_days` from the config file, else 14d)
    #[arg(long, value_name = "SPAN", value_parser = parse_stale_span, num_args = 0..=1)]
    pub stale: Option<Option<Span>>,
    /// Order of the rows
    #[arg(long, value_enum, default_value_t = SortKey::Id)]
    pub sort: SortKey,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Task id, such as 1.4
    pub id: String,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Task id, such as 1.4
    pub id: String,
    #[arg(long, value_name = "STATUS", value_parser = parse_status,
          help = crate::model::status_help("New status; done sets progress to 100"))]
    pub status: Option<Status>,
    /// Progress in percent, 0 to 100 (50, 50%, ５０％); progress on a task not yet started marks it in progress
    #[arg(long, value_name = "N", value_parser = parse_percent, allow_hyphen_values = true)]
    pub progress: Option<u8>,
    /// A note recorded with the change (本周进展)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = free_text)]
    pub note: Option<String>,
    /// New lead unit (牵头单位); a name close to a known unit's is refused unless --new-unit
    #[arg(long, value_name = "UNIT")]
    pub lead: Option<String>,
    /// Supporting unit (配合单位); repeat for several; replaces the current list (the same
    /// units in another order reorder it)
    #[arg(long, value_name = "UNIT")]
    pub support: Vec<String>,
    /// Remove every supporting unit
    #[arg(long, conflicts_with = "support")]
    pub no_support: bool,
    /// Add one supporting unit at the end of the list; repeat for several
    #[arg(long, value_name = "UNIT", conflicts_with_all = ["support", "no_support"])]
    pub add_support: Vec<String>,
    /// Take one supporting unit off the list; repeat for several
    #[arg(long, value_name = "UNIT", conflicts_with_all = ["support", "no_support"])]
    pub remove_support: Vec<String>,
    /// The units named are new on purpose, even when close to a known one (组织课 beside 组织科)
    #[arg(long)]
    pub new_unit: bool,
    /// New deadline (完成时限), or none [YYYY-MM-DD, 2026.12.31, 2026年12月31日, 12月31日 or 12/31
    /// (the next such day), 月底, 年底, 下周五, 下月15日, today, tomorrow, +2w, +3m]; a past
    /// deadline is recorded with a warning
    #[arg(long, value_name = "DATE")]
    pub deadline: Option<String>,
    /// New short title
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = free_text)]
    pub title: Option<String>,
    /// New full text
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = free_text)]
    pub text: Option<String>,
    #[command(flatten)]
    pub actor: ActorArg,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// Task id, such as 1.4
    pub id: String,
    /// The note; `-` reads it from standard input
    #[arg(allow_hyphen_values = true, value_parser = free_text)]
    pub text: String,
    #[command(flatten)]
    pub actor: ActorArg,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The recommendation the task belongs to
    #[arg(long, value_name = "N", value_parser = parse_rec_number)]
    pub rec: u32,
    /// Short title (at most about 20 characters reads best)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = free_text)]
    pub title: String,
    /// Full text [default: the title]
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = free_text)]
    pub text: Option<String>,
    /// Lead unit (牵头单位); a name close to a known unit's is refused unless --new-unit
    #[arg(long, value_name = "UNIT")]
    pub lead: String,
    /// Supporting unit (配合单位); repeat for several
    #[arg(long, value_name = "UNIT")]
    pub support: Vec<String>,
    /// The units named are new on purpose, even when close to a known one (组织课 beside 组织科)
    #[arg(long)]
    pub new_unit: bool,
    /// Deadline (完成时限) [YYYY-MM-DD, 2026.12.31, 2026年12月31日, 12月31日 or 12/31 (the next
    /// such day), 月底, 年底, 下周五, 下月15日, today, tomorrow, +2w, +3m]; a past deadline is
    /// recorded with a warning
    #[arg(long, value_name = "DATE")]
    pub deadline: Option<String>,
    /// Headline of a new recommendation, when --rec names one that does not exist yet
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true, value_parser = free_text)]
    pub headline: Option<String>,
    #[command(flatten)]
    pub actor: ActorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Markdown,
    Csv,
    Json,
    Html,
    /// A workbook: a sheet per part, the trend with a chart; needs --out
    Xlsx,
    /// The weekly 通报 as a Word document (GB/T 9704 layout), the table as a landscape
    /// attachment; numbered 第N期; needs --out. An official document: in Chinese whatever
    /// --lang
    Docx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeriesKind {
    Weekly,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The week to report: 2026-W48, the report's own label 2026年第48周, 第48周 or W48 (this
    /// year), last, this, next, 上周, 本周, 下周, 上上周, or a date (the week containing it)
    /// [default: the week containing today]
    #[arg(long, value_name = "WEEK", value_parser = parse_week_spec, conflicts_with_all = ["from", "to"])]
    pub week: Option<WeekSpec>,
    /// Start of a custom period (with --to)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// End of a custom period (with --from)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only tasks under this recommendation
    #[arg(long, value_name = "N", value_parser = parse_rec_number)]
    pub rec: Option<u32>,
    /// Only tasks this unit leads or supports (as it was named at the report's end, or by its
    /// name now)
    #[arg(long, value_name = "UNIT")]
    pub owner: Option<String>,
    /// Output format [env: TRACKER_REPORT_FORMAT; config: report_format; default: table]
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write to FILE (atomically: a reader never sees half a report) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Start csv output with a byte-order mark, so Excel reads it as UTF-8
    #[arg(long)]
    pub bom: bool,
    /// Most rows per list in table, markdown and html (those needing attention first); 0 for
    /// all. csv and json always hold every row
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = parse_limit, allow_negative_numbers = true)]
    pub limit: usize,
    /// Weeks in the report's trend, ending with the reported week; 0 for every week since the
    /// plan started (--series weekly gives the whole history week by week)
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = parse_trend_weeks, allow_negative_numbers = true)]
    pub trend_weeks: u32,
    /// One row per week instead of the report: done, open, overdue and cumulative done
    /// [default period: the plan's start to today]
    #[arg(long, value_enum, value_name = "weekly")]
    pub series: Option<SeriesKind>,
    /// With --format docx: a draft of the 通报, marked 草稿, that takes no issue number
    /// (it shows the number the week's 通报 will get)
    #[arg(long)]
    pub draft: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct UnitsArgs {
    #[command(subcommand)]
    pub action: Option<UnitsAction>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Weeks to judge each unit's reporting over (1–520; default: config `unit_weeks`, else 4)
    #[arg(long, value_name = "N", value_parser = parse_unit_weeks, allow_negative_numbers = true)]
    pub weeks: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum UnitsAction {
    /// Rename a unit in every task that names it, as one recorded change (one undo takes it back)
    Rename {
        /// The unit's current name
        old: String,
        /// The new name; if it is already a unit, the two are merged
        new: String,
        /// The new name is new on purpose, even when close to a known unit (组织课 beside 组织科)
        #[arg(long, alias = "force")]
        new_unit: bool,
        #[command(flatten)]
        actor: ActorArg,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The report or task table: .txt, .docx, .xlsx, .xls, .ods or .csv; `-` reads standard input
    pub file: PathBuf,
    /// Show what would be imported, with the ids it would get, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Output of --dry-run and of the summary
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// The file's encoding: utf-8, gb18030, gbk or big5 [default: detected]
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub encoding: Option<crate::import::text::Encoding>,
    /// Convert Traditional characters to Simplified (done anyway for text annotated with pinyin)
    #[arg(long)]
    pub to_simplified: bool,
    /// Number of the first recommendation imported [default: the next free number]
    #[arg(long = "as", value_name = "N", value_parser = parse_rec_number)]
    pub first: Option<u32>,
    /// Lead unit of every task [default: none, shown as unassigned]; a name close to a known
    /// unit's is refused unless --new-unit
    #[arg(long, value_name = "UNIT")]
    pub lead: Option<String>,
    /// The --lead unit is new on purpose, even when close to a known one (组织课 beside 组织科)
    #[arg(long, requires = "lead")]
    pub new_unit: bool,
    /// Deadline of every task: YYYY-MM-DD, +3m…
    #[arg(long, value_name = "DATE", conflicts_with = "within")]
    pub deadline: Option<String>,
    /// Deadline of every task as a span from today: 3m, 6w, 90d
    #[arg(long, value_name = "SPAN", value_parser = parse_span)]
    pub within: Option<Span>,
    #[command(flatten)]
    pub actor: ActorArg,
}

#[derive(Debug, Args)]
pub struct SheetsArgs {
    /// The week the sheets ask about, as --week of report takes it (2026-W48, 2026年第48周,
    /// W48, 上周…) [default: the week containing today]
    #[arg(long, value_name = "WEEK", value_parser = parse_week_spec)]
    pub week: Option<WeekSpec>,
    /// Only this unit's sheet (a full name, or a part that names one unit)
    #[arg(long, value_name = "UNIT")]
    pub owner: Option<String>,
    /// The folder the sheets are written to (created if missing); one file per unit, named UNIT-WEEK.xlsx
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NoticeFormat {
    /// A Word document laid out as the 通报 (GB/T 9704)
    Docx,
    /// One self-contained html page
    Html,
    /// GitHub-flavoured markdown
    Markdown,
}

#[derive(Debug, Args)]
pub struct NoticeArgs {
    /// Only this unit's notice (a full name, or a part that names one unit)
    #[arg(long, value_name = "UNIT", conflicts_with = "all")]
    pub owner: Option<String>,
    /// A notice for every unit with open tasks (the default without --owner)
    #[arg(long)]
    pub all: bool,
    /// The date the units are asked to reply by: 2026-12-04, 12月4日, 下周五, +1w… (not before today)
    #[arg(long, value_name = "DATE")]
    pub reply_by: String,
    /// The folder the notices are written to (created if missing); one file per unit
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The notices' format; their words are Chinese whatever --lang, as the 通报's
    #[arg(long, value_enum, default_value_t = NoticeFormat::Docx)]
    pub format: NoticeFormat,
    /// List what would be written, with the serials it would take; write and record nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub actor: ActorArg,
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Returned sheets: .xlsx, .xls, .ods or .csv
    #[arg(
        value_name = "FILE",
        required_unless_present = "missing",
        conflicts_with = "missing"
    )]
    pub files: Vec<PathBuf>,
    /// Show per task what would change, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Apply a sheet even where the ledger changed a task since the sheet was issued
    #[arg(long)]
    pub force: bool,
    /// List the units whose sheet for the week has not come back
    #[arg(long)]
    pub missing: bool,
    /// The week for --missing [default: the week containing today]
    #[arg(long, value_name = "WEEK", value_parser = parse_week_spec)]
    pub week: Option<WeekSpec>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this task's changes
    pub id: Option<String>,
    /// Only changes on or after this date
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ActorArg {
    /// Who makes the change [env: TRACKER_USER; config: actor; default: the login name]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

// clap already says "invalid value 'X' for '--flag'"; keep only what is accepted.
/// A parser's message without its first clause (`invalid week 'x': ` / `无效的周“x”：`),
/// which clap's own line already says.
fn accepted(e: String) -> String {
    e.split_once(": ")
        .or_else(|| e.split_once('：'))
        .map_or(e.clone(), |(_, rest)| rest.to_string())
}

fn parse_status(s: &str) -> Result<Status, String> {
    s.parse().map_err(accepted)
}

fn parse_span(s: &str) -> Result<Span, String> {
    s.parse().map_err(accepted)
}

/// `list --stale SPAN`: a span of at least one day. A span of nothing would ask for tasks not
/// reported on since tomorrow (every open task), and a negative one (`-5d`, which
/// [`negative_spans_joined`] brings here rather than clap reading an unknown `-5`) means nothing: both are
/// refused as bad values are, exit 2, naming what is accepted.
fn parse_stale_span(s: &str) -> Result<Span, String> {
    let zero = matches!(
        s.parse(),
        Ok(Span::Days(0) | Span::Weeks(0) | Span::Months(0))
    );
    if zero || s.trim_start().starts_with(['-', '－']) {
        let help = crate::model::span_help();
        return Err(crate::msg!(
            "expected a span of at least 1 day: {help}",
            "时段至少 1 天：可用 {help}"
        ));
    }
    parse_span(s)
}

/// The options whose value is a span, where `-5d` is a refused span, not an option.
const SPAN_OPTIONS: [&str; 2] = ["--stale", "--due-within"];

/// The command line with `--stale -5d` read as `--stale=-5d`, so that a negative span reaches
/// its parser and is refused for what it is (exit 2, what is accepted), not as an unknown
/// option `-5`. Only a value shaped `-<digit>…` is joined: `--stale --overdue` keeps both flags.
pub fn negative_spans_joined(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    let mut out: Vec<std::ffi::OsString> = Vec::new();
    let mut ended = false;
    for a in args {
        let negative = a.to_str().is_some_and(|v| {
            let v = crate::model::narrow(v);
            let mut c = v.chars();
            c.next() == Some('-') && c.next().is_some_and(|d| d.is_ascii_digit())
        });
        let after_span_option = out
            .last()
            .and_then(|p| p.to_str())
            .is_some_and(|p| SPAN_OPTIONS.contains(&p));
        if !ended && negative && after_span_option {
            let option = out.pop().unwrap_or_default();
            let mut joined = option;
            joined.push("=");
            joined.push(&a);
            out.push(joined);
            continue;
        }
        ended |= a == "--";
        out.push(a);
    }
    out
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse().map_err(accepted)
}

fn parse_week_spec(s: &str) -> Result<WeekSpec, String> {
    // Full-width digits (`２０２６-W４８`) are read as ASCII here, as every numeric value is.
    WeekSpec::parse(&crate::model::narrow(s)).map_err(accepted)
}

fn parse_encoding(s: &str) -> Result<crate::import::text::Encoding, String> {
    s.parse().map_err(accepted)
}

fn parse_percent(s: &str) -> Result<u8, String> {
    parse_progress(s).map_err(accepted)
}

/// Free text (notes, titles, texts, headlines) may start with `-` (`-已完成初稿`, `-2+3`): those
/// arguments take hyphen values. What is refused is a value shaped like an option name
/// (`--status`, `-x`), which is a forgotten value or a mistyped flag far more often than text.
fn free_text(s: &str) -> Result<String, String> {
    let name = s.strip_prefix("--").or_else(|| s.strip_prefix('-'));
    let option_like = name.is_some_and(|n| {
        n.starts_with(|c: char| c.is_ascii_alphabetic())
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if option_like && !typed_as_text(s) {
        return Err(format!(
            "'{s}' looks like an option, not text; to record it as written, put '--' before it (tracker note 1.4 -- {s}) or glue it to its option (--note={s})"
        ));
    }
    Ok(s.to_string())
}

/// Whether `s` was typed so that it cannot be an option: after a bare `--` (a POSIX command
/// line's "no options follow"), or glued to its option as `--note=-abc`. Then text shaped like
/// an option is what the user meant.
fn typed_as_text(s: &str) -> bool {
    let args: Vec<_> = std::env::args_os().collect();
    let glued = args.iter().any(|a| {
        a.to_str()
            .and_then(|a| a.strip_prefix("--"))
            .and_then(|a| a.split_once('='))
            .is_some_and(|(_, v)| v == s)
    });
    glued
        || args
            .iter()
            .skip_while(|a| *a != "--")
            .skip(1)
            .any(|a| a == s)
}

/// Every numeric option's one reader: `s` narrowed (full-width digits `１２` and spaces, as a
/// full-width input method types them, read as ASCII) and taken as a whole number from `lo`
/// to `hi`; anything else (a sign, a point, letters, too large) is refused with the range
/// accepted, never Rust's own parse message.
pub fn whole_number(s: &str, lo: u64, hi: u64) -> Result<u64, String> {
    let t = crate::model::narrow(s);
    // Leading zeros are digits like any other; only the value's size is judged.
    let digits = t.trim_start_matches('0');
    t.bytes()
        .all(|b| b.is_ascii_digit())
        .then_some(())
        .filter(|()| !t.is_empty() && digits.len() <= 20)
        .and_then(|()| {
            if digits.is_empty() {
                Some(0)
            } else {
                digits.parse::<u64>().ok()
            }
        })
        .filter(|n| (lo..=hi).contains(n))
        .ok_or_else(|| {
            crate::msg!(
                "expected a whole number from {lo} to {hi}",
                "应为 {lo} 到 {hi} 之间的整数"
            )
        })
}

/// `report --limit`: 0 for every row, else at most a million rows per list.
fn parse_limit(s: &str) -> Result<usize, String> {
    whole_number(s, 0, 1_000_000)
        .map(|n| n as usize)
        .map_err(|e| e + &crate::msg!(" (0: every row)", "（0 表示全部）"))
}

/// `units --weeks`: 1 to 520 weeks (ten years).
fn parse_unit_weeks(s: &str) -> Result<u32, String> {
    whole_number(s, 1, 520).map(|n| n as u32)
}

fn parse_trend_weeks(s: &str) -> Result<u32, String> {
    let max = crate::report::weekly::TREND_MAX_WEEKS;
    whole_number(s, 0, u64::from(max))
        .map(|n| n as u32)
        .map_err(|e| e + &crate::msg!(" (0: since the plan's start)", "（0 表示从计划开始起）"))
}

fn parse_rec_number(s: &str) -> Result<u32, String> {
    parse_rec(s).map_err(accepted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}

/// `tracker copy`: the ledgers to copy from and into.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The ledger to copy (a file or a postgres:// URL); default: the one in use (--db, TRACKER_DB, config db)
    #[arg(long, value_name = "LEDGER")]
    pub from: Option<std::ffi::OsString>,
    /// The new ledger (a file or a postgres:// URL): must not exist, or be a ledger with no plan ('tracker init --empty')
    #[arg(long, value_name = "LEDGER")]
    pub to: std::ffi::OsString,
}
