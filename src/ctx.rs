//! What every command needs to know about its surroundings, settled once at start-up: the
//! ledger's path, the clock (real, or `--today`), the language, who is acting. Commands get it
//! as an argument; nothing below reads the environment or the clock itself.

use std::env;
use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use chrono::{
    DateTime, FixedOffset, Local, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike,
};

use std::io::IsTerminal;

use clap::ValueEnum;

use crate::cli::{ActorArg, Cli, ColorWhen, ReportFormat};
use crate::config::expand_home;
use crate::model::{DEFAULT_DUE_SOON_DAYS, Lang, TextKind, clean_text, parse_absolute_date};
use crate::store::postgres::conn::Target;
use crate::store::{Access, Dated, Seed, Stamp, Store, no_ledger};

/// `list --stale` alone: two weeks without a report, the usual interval of a 督办 round.
const DEFAULT_STALE_DAYS: u32 = 14;

pub struct Ctx {
    /// The ledger file, or for a server ledger its URL without the password (what messages
    /// show; file operations never see it, since [`Ctx::open`] goes by `at`).
    pub db: PathBuf,
    /// Where the ledger is: a file (`db` again) or a server.
    pub at: LedgerAt,
    /// Whether `db` is the default path, the only one a first use may create.
    db_is_default: bool,
    /// How ledgers may be opened (the network-share opt-in).
    pub access: Access,
    pub now: DateTime<FixedOffset>,
    /// How `now` was given: the clock, a `--today` date, or a `--today` date and time.
    pub dated: Dated,
    pub lang: Lang,
    pub due_soon_days: u32,
    /// `list --stale` without a span: this many days (config `stale_days`, else 14).
    pub stale_days: u32,
    /// Follow-up rules (config `report_every`, `pace_amber`, `pace_red`).
    pub followup: crate::report::Rules,
    /// Weeks `units` looks back over (config `unit_weeks`, else 4).
    pub unit_weeks: u32,
    pub report_format: ReportFormat,
    /// The issuing office of the 通报 (config `office`, else `DEFAULT_OFFICE`).
    pub office: String,
    /// The 通报's first issue number (config `first_issue`, else 1).
    pub first_issue: u32,
    /// The most items each of the 通报's sections 二 to 四 names (config `tongbao_items`,
    /// else `render::docx::BODY_ITEMS`).
    pub tongbao_items: u32,
    /// Whether to colour status and health on standard output.
    pub color: bool,
    /// `--color` as given, to decide again for another destination (`Ctx::color_for`).
    color_when: ColorWhen,
    /// The actor from the config file, used when neither --by nor TRACKER_USER is given.
    config_actor: Option<String>,
    /// The config file's `password`, for a server URL given without one (scoped to the
    /// config's own server, if it names one).
    server_password: crate::config::ConfigPassword,
}

/// The issuing office a 通报 names when the config names none.
pub const DEFAULT_OFFICE: &str = "督办工作办公室";

/// Where the ledger is: a SQLite file, or a database on a PostgreSQL server.
#[derive(Debug, Clone)]
pub enum LedgerAt {
    File(PathBuf),
    Server(Box<Target>),
}

impl LedgerAt {
    /// `text` as typed (`--db`, `TRACKER_DB`): a `postgres://` or `postgresql://` URL names a
    /// server (parsed, with the config file's `password` where it applies to that server,
    /// see [`crate::config::ConfigPassword::for_target`]); anything else is a file's path, `~`
    /// expanded. Errors: a URL that does not parse, or text shaped like a mistyped or padded
    /// server URL (one line, without its password).
    pub fn from_text(
        text: &std::ffi::OsStr,
        password: &crate::config::ConfigPassword,
    ) -> Result<LedgerAt> {
        if let Some(t) = text.to_str() {
            server_like(t)?;
        }
        match text.to_str().filter(|t| Target::is_url(t)) {
            Some(url) => {
                let target = Target::parse(url)?;
                let password = password.for_target(&target);
                Ok(LedgerAt::Server(Box::new(
                    target.with_config_password(password),
                )))
            }
            None => Ok(LedgerAt::File(expand_home(PathBuf::from(text)))),
        }
    }

    /// The path the store opens: the file's, or for a server its URL without the password,
    /// the whole target (password included) remembered for the store to find by it.
    pub fn store_path(&self) -> PathBuf {
        if let LedgerAt::Server(t) = self {
            crate::store::postgres::remember(t);
        }
        self.shown()
    }

    /// How messages name the ledger: the file's path, or the URL without its password.
    pub fn shown(&self) -> PathBuf {
        match self {
            LedgerAt::File(p) => p.clone(),
            LedgerAt::Server(t) => PathBuf::from(t.redacted()),
        }
    }
}

/// Refuses ledger text that means a server but would be taken for a file's name (and so
/// echoed, password and all, as "no ledger at …"): a URL with a space before or after it, a
/// mistyped scheme (`pg://`, `postgress://`, `postgre://`, `psql://`), libpq's key=value
/// text. Each error names the problem and what is accepted, without the password.
fn server_like(text: &str) -> Result<()> {
    let trimmed = text.trim();
    let shown = crate::output::mask_secrets(&crate::render::safe(trimmed, false));
    if trimmed != text && Target::is_url(trimmed) {
        anyhow::bail!(crate::msg!(
            "the ledger's URL {shown} has a space before or after it: give it without (--db 'postgres://…')",
            "台账的连接地址 {shown} 前后有空格：请去掉空格后再给出（--db 'postgres://…'）"
        ));
    }
    let lower = trimmed.to_ascii_lowercase();
    if let Some((scheme, _)) = lower.split_once("://")
        && [
            "pg",
            "postgress",
            "postgre",
            "postgresq",
            "postgressql",
            "psql",
            "pgsql",
        ]
        .contains(&scheme)
    {
        anyhow::bail!(crate::msg!(
            "no ledger at {shown}: did you mean postgres://? (a server's URL starts postgres:// or postgresql://)",
            "{shown} 处没有台账：是否应为 postgres://？（服务器的连接地址以 postgres:// 或 postgresql:// 开头）"
        ));
    }
    let pairs = lower
        .split_whitespace()
        .filter(|w| {
            w.split_once('=').is_some_and(|(k, _)| {
                ["host", "port", "user", "password", "dbname", "sslmode"].contains(&k)
            })
        })
        .count();
    if pairs >= 2 || lower.split_whitespace().any(|w| w.starts_with("password=")) {
        anyhow::bail!(crate::msg!(
            "the ledger {shown} looks like libpq's key=value text, which tracker does not read: give a URL, postgres://user@host:port/database",
            "台账 {shown} 像是 libpq 的 key=value 写法，tracker 不读这种写法：请给出连接地址 postgres://用户@主机:端口/数据库"
        ));
    }
    Ok(())
}

/// Where the settings put the ledger: `flag` (`--db`), else `TRACKER_DB`, else the config
/// file's `db` (a file or a URL); `None` when none does (then [`default_ledger`]).
pub fn ledger_at(
    flag: Option<&std::ffi::OsStr>,
    config: &crate::config::Config,
) -> Result<Option<LedgerAt>> {
    let typed = flag
        .map(std::ffi::OsStr::to_os_string)
        .or_else(|| var("TRACKER_DB").map(Into::into));
    if let Some(text) = typed {
        return LedgerAt::from_text(&text, &config.server_password()).map(Some);
    }
    Ok(match (&config.server, &config.db) {
        (Some(t), _) => Some(LedgerAt::Server(Box::new(t.clone()))),
        (None, Some(p)) => Some(LedgerAt::File(p.clone())),
        (None, None) => None,
    })
}

/// The ledger's path as the settings give it: `flag` (`--db`), else `TRACKER_DB` (both with `~`
/// expanded), else the config file's `db`; `None` when none does (then [`default_ledger`]).
pub fn ledger_path(flag: Option<PathBuf>, config_db: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| var("TRACKER_DB").map(PathBuf::from))
        .map(expand_home)
        .or(config_db)
}

/// The ledger's default path, in the platform's data folder
/// (`~/.local/share/tracker/tracker.db` on Linux); `None` on a system without one.
pub fn default_ledger() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("tracker").join("tracker.db"))
}

/// Reads an environment variable, treating an empty value as unset.
fn var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|v| !v.is_empty())
}

impl Ctx {
    /// Settles every setting: flag, else environment, else config file, else default.
    pub fn from_cli(cli: &Cli) -> Result<Ctx> {
        let config = crate::config::load()?;
        let followup = config.followup();
        let default_db = default_ledger();
        let at = match ledger_at(cli.db.as_deref().map(|p| p.as_os_str()), &config)? {
            Some(at) => at,
            None => LedgerAt::File(default_db.clone().ok_or_else(|| {
                anyhow!(crate::msg!(
                    "no data folder found for the ledger: give one with --db PATH or TRACKER_DB",
                    "找不到存放台账的数据文件夹：请用 --db 路径 或 TRACKER_DB 指定"
                ))
            })?),
        };
        let db = at.shown();
        if let LedgerAt::Server(t) = &at {
            // `db` names it without the password; the store finds the whole target by it.
            crate::store::postgres::remember(t);
        }
        let db_is_default = matches!(at, LedgerAt::File(_)) && default_db.as_ref() == Some(&db);
        let access = Access {
            network_share: config.network_share.unwrap_or(false),
            assume_fs: var("TRACKER_ASSUME_FS"),
        };
        // A bad value is blamed on where it came from: a flag the user did not type is no help.
        let today = match &cli.today {
            Some(t) => Some((t.clone(), "--today")),
            None => var("TRACKER_TODAY").map(|t| (t, "TRACKER_TODAY")),
        };
        let (now, dated) = match today {
            // A date that cannot be read is a refused typed value, whether typed or set.
            Some((s, source)) => parse_now(&s, source)
                .map_err(|e| crate::model::bad_value(crate::i18n::error_chain(&e)))?,
            None => (Local::now().fixed_offset(), Dated::Clock),
        };
        let env_lang = var("TRACKER_LANG")
            .map(|v| {
                v.parse::<Lang>().map_err(|e| {
                    anyhow!(crate::msg!(
                        "invalid TRACKER_LANG: {e}",
                        "TRACKER_LANG 无效：{e}"
                    ))
                })
            })
            .transpose()?;
        let lang = cli.lang.or(env_lang).or(config.lang).unwrap_or_else(|| {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .into_iter()
                .find_map(var)
                .unwrap_or_default();
            Lang::from_locale(&locale)
        });
        crate::i18n::set(lang);
        let env_days = var("TRACKER_DUE_SOON_DAYS")
            .map(|v| {
                v.parse::<u32>()
                    .ok()
                    .filter(|d| *d <= 365)
                    .ok_or_else(|| {
                        anyhow!(crate::msg!(
                            "invalid TRACKER_DUE_SOON_DAYS '{v}': expected a number of days from 0 to 365",
                            "TRACKER_DUE_SOON_DAYS 的值 '{v}' 无效：应为 0 到 365 的天数"
                        ))
                    })
            })
            .transpose()?;
        let due_soon_days = env_days
            .or(config.due_soon_days)
            .unwrap_or(DEFAULT_DUE_SOON_DAYS);
        let env_format = var("TRACKER_REPORT_FORMAT")
            .map(|v| {
                ReportFormat::from_str(&v, true).map_err(|_| {
                    anyhow!(crate::msg!(
                        "invalid TRACKER_REPORT_FORMAT '{v}': expected table, markdown, csv, json, html, xlsx or docx",
                        "TRACKER_REPORT_FORMAT 的值 '{v}' 无效：应为 table、markdown、csv、json、html、xlsx 或 docx"
                    ))
                })
            })
            .transpose()?;
        let report_format = env_format
            .or(config.report_format)
            .unwrap_or(ReportFormat::Table);
        let color = match cli.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => var("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
        };
        Ok(Ctx {
            db,
            at,
            db_is_default,
            access,
            now,
            dated,
            lang,
            due_soon_days,
            stale_days: config.stale_days.unwrap_or(DEFAULT_STALE_DAYS),
            followup,
            unit_weeks: config
                .unit_weeks
                .unwrap_or(crate::report::followup::DEFAULT_UNIT_WEEKS),
            report_format,
            office: config
                .office
                .clone()
                .unwrap_or_else(|| DEFAULT_OFFICE.to_string()),
            first_issue: config.first_issue.unwrap_or(1),
            tongbao_items: config
                .tongbao_items
                .unwrap_or(crate::render::docx::BODY_ITEMS),
            color,
            color_when: cli.color,
            server_password: config.server_password(),
            config_actor: config.actor,
        })
    }

    /// Whether to colour text bound for `dest`: colour is decided per destination. A regular
    /// file never gets it, whatever `--color` says: escapes in a saved report are noise in
    /// every editor and mail it goes on to. Standard output, devices and FIFOs follow
    /// `--color` (auto: a terminal, and no `NO_COLOR`).
    pub fn color_for(&self, dest: &crate::output::Dest) -> bool {
        if matches!(dest, crate::output::Dest::File(_)) {
            return false;
        }
        match self.color_when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => var("NO_COLOR").is_none() && dest.is_terminal(),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Who acts and when, for a write: `--by`, else `TRACKER_USER`, else the config file's
    /// `actor`, else the login name. Errors: a name [`clean_text`] refuses, blamed on the
    /// source it came from (`invalid TRACKER_USER: …`).
    pub fn stamp(&self, actor: &ActorArg) -> Result<Stamp> {
        let (name, source) = actor
            .by
            .clone()
            .map(|n| (n, "--by".to_string()))
            .or_else(|| var("TRACKER_USER").map(|n| (n, "TRACKER_USER".to_string())))
            .or_else(|| {
                self.config_actor.clone().map(|n| {
                    (
                        n,
                        crate::msg!("actor in the config file", "配置文件中的 actor"),
                    )
                })
            })
            .or_else(|| {
                whoami::username()
                    .ok()
                    .map(|n| (n, crate::msg!("login name", "登录名")))
            })
            .or_else(|| var("USER").map(|n| (n, "USER".to_string())))
            .unwrap_or_else(|| ("unknown".into(), crate::msg!("default", "默认值")));
        let actor = clean_text(TextKind::Actor, &name).map_err(|e| {
            let said = crate::msg!("invalid {source}: {e}", "{source} 无效：{e}");
            // A name typed (`--by`, `TRACKER_USER`) is a refused value; the config's is not.
            if source == "--by" || source == "TRACKER_USER" {
                crate::model::bad_value(said)
            } else {
                anyhow!(said)
            }
        })?;
        // On a server, times read from a clock are the server's: one clerk's PC whose clock
        // is wrong would otherwise date changes, and drag later ones after them.
        let (at, entered) = if crate::store::is_server_url(&self.db) {
            let server = crate::store::postgres::server_now(&self.db)?;
            let at = match self.dated {
                Dated::Clock => server.with_timezone(self.now.offset()),
                _ => self.now,
            };
            (at, server)
        } else {
            (self.now, chrono::Utc::now())
        };
        Ok(Stamp {
            actor,
            at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            entered: entered.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            dated: self.dated,
        })
    }

    /// Opens the ledger. Only at the default path does a first use create it (seeded with
    /// the plan starting today, said on stderr); anywhere else a missing ledger is an error,
    /// since a mistyped path must not quietly start a new one.
    pub fn open(&self) -> Result<Store> {
        if self.db_is_default && std::fs::symlink_metadata(&self.db).is_err() {
            let stamp = self.stamp(&ActorArg { by: None })?;
            let seeding = crate::seed::Plan::builtin()?.seeding(self.today())?;
            let (store, created) = self.create(Some(&seeding.seed(&stamp)))?;
            let count = seeding.tasks.len();
            if created {
                eprintln!(
                    "{}",
                    crate::msg!(
                        "tracker: created {} with the seeded plan ({count} tasks, starting {}); see 'tracker init --help' to start it on another date",
                        "tracker：已创建 {}，载入预置计划（{count} 项任务，自 {} 起）；要从其他日期开始，见 'tracker init --help'",
                        self.db.display(),
                        self.today()
                    )
                );
            }
            return Ok(store);
        }
        Store::open(&self.db, &self.access)
    }

    /// A ledger named on the command line (`copy --from`, `--to`): a URL or a file's path,
    /// read as `--db` is read (see [`LedgerAt::from_text`]).
    pub fn ledger(&self, text: &std::ffi::OsStr) -> Result<LedgerAt> {
        if text.is_empty() {
            anyhow::bail!(crate::msg!(
                "an empty ledger name: give a ledger file's path or a postgres:// URL",
                "台账名为空：请给出台账文件的路径或 postgres:// 地址"
            ));
        }
        LedgerAt::from_text(text, &self.server_password)
    }

    /// Whether a command should open the ledger rather than treat it as missing: a file that
    /// is there, or any server's (only the server can say whether it holds one, and opening
    /// refuses a missing one as `no_ledger`).
    pub fn ledger_there(&self) -> bool {
        matches!(self.at, LedgerAt::Server(_)) || std::fs::symlink_metadata(&self.db).is_ok()
    }

    /// Whether a first use may create the ledger here (it is the default path).
    pub fn may_create(&self) -> bool {
        self.db_is_default
    }

    /// The error for a ledger that is not there, suggesting `init` with `flags`.
    pub fn no_ledger(&self, flags: &str) -> anyhow::Error {
        no_ledger(&self.db, flags)
    }

    /// Creates the ledger (and its folder) with `seed`, schema and seed in one transaction.
    /// Returns the store and whether this process created it (false: another one did first,
    /// and this one opened theirs).
    pub fn create(&self, seed: Option<&Seed<'_>>) -> Result<(Store, bool)> {
        let file = matches!(self.at, LedgerAt::File(_));
        if let Some(dir) = self
            .db
            .parent()
            .filter(|d| file && !d.as_os_str().is_empty())
        {
            // Each new folder 0700, as every folder tracker makes (README).
            crate::output::create_folder(dir)?;
        }
        Store::create(&self.db, &self.access, seed)
    }
}

/// `--today`: a date (the current time of day is kept, so entries made on a back-dated day
/// still sort in the order they were made) or a full local date and time, within the dates the
/// ledger holds (`model::DATE_RANGE`). A local time that does not exist (the hour skipped when
/// clocks go forward) is refused as such; an hour that happens twice takes its first instant.
/// `source` names where the value came from in messages (`--today`, `TRACKER_TODAY`).
fn parse_now(s: &str, source: &str) -> Result<(DateTime<FixedOffset>, Dated)> {
    let shown = crate::render::safe(s, false);
    let t = s.trim();
    let naive = match parse_absolute_date(t) {
        Ok(date) => date.and_time(Local::now().time()),
        Err(Some(why)) => {
            bail!(crate::msg!(
                "invalid {source} '{shown}': {why}; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS",
                "{source} 的值 '{shown}' 无效：{why}；应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS"
            ))
        }
        Err(None) => match NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
            .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S"))
        {
            Ok(at) => at,
            // The forms a deadline takes (`12/1`, `12月1日`, `月底`), read by the one date
            // parser against the machine's own date: a year-less date is in this year.
            Err(_) => crate::model::parse_date(t, Local::now().date_naive())
                .map_err(|_| {
                    let forms = crate::model::date_help();
                    anyhow!(crate::msg!(
                        "invalid {source} '{shown}': expected {forms}, or YYYY-MM-DDTHH:MM:SS",
                        "{source} 的值 '{shown}' 无效：应为 {forms}，或 YYYY-MM-DDTHH:MM:SS"
                    ))
                })?
                .and_time(Local::now().time()),
        },
    };
    if !crate::model::date_in_range(naive.date()) {
        bail!(crate::msg!(
            "invalid {source} '{shown}': outside the {} that the ledger holds",
            "{source} 的值 '{shown}' 无效：超出台账可记录的日期范围（{}）",
            crate::model::DATE_RANGE_HELP
        ));
    }
    let naive = naive.with_nanosecond(0).unwrap_or(naive);
    // A bare date keeps the clock's time of day; if that falls in the hour skipped that night,
    // the hour after it is meant (the user typed no time that could be wrong).
    let date_only = parse_absolute_date(t).is_ok();
    let local = match Local.from_local_datetime(&naive) {
        LocalResult::None if date_only => {
            Local.from_local_datetime(&(naive + chrono::TimeDelta::hours(1)))
        }
        other => other,
    };
    // Of an hour that happens twice, the first instant (chrono does not promise which of the
    // two it names first, so the earlier is picked).
    let local = match local {
        LocalResult::Ambiguous(a, b) => LocalResult::Single(a.min(b)),
        other => other,
    };
    match local {
        LocalResult::Single(d) | LocalResult::Ambiguous(d, _) => Ok((
            d.fixed_offset(),
            if date_only { Dated::Day } else { Dated::Exact },
        )),
        LocalResult::None => bail!(crate::msg!(
            "invalid {source} '{shown}': {} does not exist in this time zone (the clocks skip it, as when summer time begins): give a time before or after the gap",
            "{source} 的值 '{shown}' 无效：本时区没有 {} 这一时刻（如夏令时开始时跳过的时段）：请给出其前或其后的时间",
            naive.format("%Y-%m-%d %H:%M")
        )),
    }
}
