//! The optional config file: `$TRACKER_CONFIG`, else `$XDG_CONFIG_HOME/tracker/config.toml`
//! (`~/.config/tracker/config.toml`). Keys: db (a file, or a `postgres://` URL), password
//! (the server's, in a file of mode 0600 only), lang, due_soon_days, actor, report_format,
//! network_share, stale_days, report_every, pace_amber, pace_red, unit_weeks, office, first_issue, tongbao_items. A `db` starting with `~` is under the home folder; a relative `db` is
//! relative to the config file's folder (not to wherever tracker happens to run).
//! A file that does not parse, or holds an unknown key or a bad value, is an error that names
//! the file, the line and the key.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::ValueEnum;
use serde::Deserialize;

use crate::cli::ReportFormat;
use crate::model::{Lang, TextKind, clean_text};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    db: Option<String>,
    password: Option<String>,
    lang: Option<String>,
    due_soon_days: Option<i64>,
    actor: Option<String>,
    report_format: Option<String>,
    network_share: Option<bool>,
    stale_days: Option<i64>,
    report_every: Option<i64>,
    pace_amber: Option<i64>,
    pace_red: Option<i64>,
    unit_weeks: Option<i64>,
    tongbao_items: Option<i64>,
    office: Option<String>,
    first_issue: Option<i64>,
}

/// The settings a config file gives; `None` where it is silent.
#[derive(Debug, Default)]
pub struct Config {
    /// A ledger file (`db` that is a path).
    pub db: Option<PathBuf>,
    /// A server ledger (`db` that is a `postgres://` URL), with the file's `password` attached.
    pub server: Option<crate::store::postgres::conn::Target>,
    /// `password`: the server's password when the URL (flag, TRACKER_DB or `db`) has none.
    /// Only from a file no one else may read (mode 0600).
    pub password: Option<String>,
    pub lang: Option<Lang>,
    pub due_soon_days: Option<u32>,
    pub actor: Option<String>,
    pub report_format: Option<ReportFormat>,
    /// The opt-in to a ledger on a network share (rollback journal, exclusive locking).
    pub network_share: Option<bool>,
    /// The span `list --stale` takes when given none, in days (1–365).
    pub stale_days: Option<u32>,
    /// Days within which each open task must be reported on (1–365; the report's 未按时反馈).
    pub report_every: Option<u32>,
    /// Points behind pace above which a task is amber (0–100).
    pub pace_amber: Option<u32>,
    /// Points behind pace above which a task is red (0–100, not below `pace_amber`).
    pub pace_red: Option<u32>,
    /// Weeks `units` looks back over for each unit's reporting record (1–520).
    pub unit_weeks: Option<u32>,
    /// The most items each of the 通报's sections 二 to 四 names (`report --format docx`).
    pub tongbao_items: Option<u32>,
    /// The issuing office named in the 通报 (`report --format docx`).
    pub office: Option<String>,
    /// The 通报's first issue number (第N期), 1 to 9999.
    pub first_issue: Option<u32>,
}

impl Config {
    /// The follow-up rules: the file's values, else the defaults (7 days, 10 and 30 points).
    pub fn followup(&self) -> crate::report::Rules {
        let d = crate::report::Rules::default();
        crate::report::Rules {
            report_every: self.report_every.unwrap_or(d.report_every),
            pace_amber: self.pace_amber.unwrap_or(d.pace_amber),
            pace_red: self.pace_red.unwrap_or(d.pace_red),
        }
    }

    /// The file's `password` with the server it is for: see [`ConfigPassword::for_target`].
    pub fn server_password(&self) -> ConfigPassword {
        ConfigPassword {
            password: self.password.clone(),
            server: self.server.clone(),
        }
    }
}

/// The config file's `password` key and the server its `db` names, if it names one.
#[derive(Debug, Clone, Default)]
pub struct ConfigPassword {
    password: Option<String>,
    server: Option<crate::store::postgres::conn::Target>,
}

impl ConfigPassword {
    /// The password to offer `target` (a URL typed as `--db`, `TRACKER_DB` or `copy --from/--to`):
    /// when the file's `db` names a server, only to a URL naming the same hosts, ports and role
    /// (the database may differ), as a `~/.pgpass` line is scoped, so a stray `TRACKER_DB` or a
    /// mistyped host never receives it (issue 18, finding 15); when the file names no server,
    /// to any URL. `None` when the file has no password.
    pub fn for_target(&self, target: &crate::store::postgres::conn::Target) -> Option<String> {
        let password = self.password.clone()?;
        match &self.server {
            Some(s) if s.hosts != target.hosts || s.user != target.user => None,
            _ => Some(password),
        }
    }
}

/// `~` or `~/…` made absolute under the home folder; any other path as given.
pub fn expand_home(path: PathBuf) -> PathBuf {
    let Ok(rest) = path.strip_prefix("~") else {
        return path;
    };
    match dirs::home_dir() {
        Some(home) => home.join(rest),
        None => path,
    }
}

/// Where the config file is looked for.
pub fn path() -> Option<PathBuf> {
    match std::env::var_os("TRACKER_CONFIG").filter(|v| !v.is_empty()) {
        Some(p) => Some(PathBuf::from(p)),
        None => dirs::config_dir().map(|d| d.join("tracker").join("config.toml")),
    }
}

/// Reads the config file; a missing file is an empty config, except when TRACKER_CONFIG names it.
pub fn load() -> Result<Config> {
    let Some(path) = path() else {
        return Ok(Config::default());
    };
    let explicit = std::env::var_os("TRACKER_CONFIG").is_some_and(|v| !v.is_empty());
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => Ok(Config::default()),
        Err(e) => Err(anyhow!(crate::msg!(
            "cannot read config file {}: {e}",
            "无法读取配置文件 {}：{e}",
            path.display()
        ))),
    }
}

pub fn parse(text: &str, path: &Path) -> Result<Config> {
    let file = path.display();
    let key_line = |key: &str| {
        text.lines().position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let msg = e.message().replace('\n', " ");
        // An unknown key's error points at the whole table; find the key's own line.
        let named = msg.split('`').nth(1).and_then(|k| key_line(k).map(|i| (k.to_string(), i + 1)));
        // A value of the wrong type (`unit_weeks = "4"`) points at the value: its line names
        // the key.
        // The line a byte offset falls on (an offset at a line's start is on that line).
        let line_of = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
        let named = named.or_else(|| {
            let at = e.span()?.start;
            let line = line_of(at);
            let (k, _) = text.lines().nth(line - 1)?.split_once('=')?;
            let k = k.trim();
            (!k.is_empty() && !k.contains(char::is_whitespace)).then(|| (k.to_string(), line))
        });
        let line = match &named {
            Some((_, line)) => *line,
            None => e.span().map(|s| line_of(s.start)).unwrap_or(1),
        };
        let key = named
            .as_ref()
            .map(|(k, _)| crate::msg!(", key {k}", "，键“{k}”"))
            .unwrap_or_default();
        // The reader's words quote the value (`invalid type: integer `20261130``); a password's
        // never is, whatever went wrong on its line.
        let on_password = named.as_ref().is_some_and(|(k, _)| k == "password")
            || key_line("password").is_some_and(|i| i + 1 == line);
        // A key given twice: the reader points at the second; say where the first is.
        let twice = msg.starts_with("duplicate key").then(|| {
            let k = named.as_ref().map(|(k, _)| k.as_str()).unwrap_or_default();
            let first = key_line(k).map_or(1, |i| i + 1);
            crate::msg!(
                "the key is given twice (first on line {first}); keep one",
                "此键重复（第 {first} 行已有）；请只保留一处"
            )
        });
        let msg = if let Some(twice) = twice {
            twice
        } else if on_password {
            crate::msg!(
                "the password must be a quoted string (password = \"…\"); its value is not shown",
                "密码须为带引号的字符串（password = \"…\"）；其值不予显示"
            )
        } else if !crate::i18n::zh() && msg.starts_with("unknown field") {
            // The reader lists the keys too; the line's end lists them once.
            "not a key tracker reads".to_string()
        } else if !crate::i18n::zh() && msg.starts_with("invalid type: map") {
            "a table ([name] or { … }) where a setting was expected: write key = value".to_string()
        } else {
            // In English the TOML reader's own words; in Chinese the same complaint in Chinese.
            crate::i18n::serde_message(&msg, "TOML")
        };
        anyhow!(crate::msg!(
            "config file {file}, line {line}{key}: {msg} (keys: db, password, lang, due_soon_days, actor, report_format, network_share, stale_days, report_every, pace_amber, pace_red, unit_weeks, office, first_issue, tongbao_items)",
            "配置文件 {file} 第 {line} 行{key}：{msg}（可用的键：db、password、lang、due_soon_days、actor、report_format、network_share、stale_days、report_every、pace_amber、pace_red、unit_weeks、office、first_issue、tongbao_items）"
        ))
    })?;
    let bad = |key: &str, why: String| {
        let line = key_line(key).map_or(1, |i| i + 1);
        anyhow!(crate::msg!(
            "config file {file}, line {line}, key {key}: {why}",
            "配置文件 {file} 第 {line} 行，键 {key}：{why}"
        ))
    };
    let lang = raw
        .lang
        .as_deref()
        .map(|l| l.parse::<Lang>().map_err(|e| bad("lang", e)))
        .transpose()?;
    let due_soon_days = raw
        .due_soon_days
        .map(|d| {
            u32::try_from(d).ok().filter(|d| *d <= 365).ok_or_else(|| {
                bad(
                    "due_soon_days",
                    crate::msg!(
                        "{d} is not a number of days from 0 to 365",
                        "{d} 不是 0 到 365 之间的天数"
                    ),
                )
            })
        })
        .transpose()?;
    let stale_days = raw
        .stale_days
        .map(|d| {
            u32::try_from(d)
                .ok()
                .filter(|d| (1..=365).contains(d))
                .ok_or_else(|| {
                    bad(
                        "stale_days",
                        crate::msg!(
                            "{d} is not a number of days from 1 to 365",
                            "{d} 不是 1 到 365 之间的天数"
                        ),
                    )
                })
        })
        .transpose()?;
    let ranged = |key: &str,
                  v: Option<i64>,
                  range: std::ops::RangeInclusive<u32>,
                  (what, unit): (&str, &str)| {
        v.map(|n| {
            u32::try_from(n)
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| {
                    let (lo, hi) = (range.start(), range.end());
                    bad(
                        key,
                        crate::msg!(
                            "{n} is not a number of {what} from {lo} to {hi}",
                            "{n} 不是 {lo} 到 {hi} 之间的{unit}数"
                        ),
                    )
                })
        })
        .transpose()
    };
    let report_every = ranged("report_every", raw.report_every, 1..=365, ("days", "天"))?;
    let pace_amber = ranged("pace_amber", raw.pace_amber, 0..=100, ("points", "百分点"))?;
    let pace_red = ranged("pace_red", raw.pace_red, 0..=100, ("points", "百分点"))?;
    let unit_weeks = ranged("unit_weeks", raw.unit_weeks, 1..=520, ("weeks", "周"))?;
    let tongbao_items = ranged("tongbao_items", raw.tongbao_items, 1..=100, ("items", "项"))?;
    let (amber, red) = (
        pace_amber.unwrap_or(crate::report::followup::DEFAULT_PACE_AMBER),
        pace_red.unwrap_or(crate::report::followup::DEFAULT_PACE_RED),
    );
    // The key to blame is the one written: a pace_amber alone above the default pace_red is
    // pace_amber's mistake, and the message says which value was the default.
    if red < amber {
        return Err(match (pace_amber, pace_red) {
            (Some(_), None) => bad(
                "pace_amber",
                crate::msg!(
                    "pace_amber {amber} must not be above pace_red (default {red}): red means further behind than amber; set pace_red too",
                    "pace_amber {amber} 不能大于 pace_red（默认 {red}）：红灯应比黄灯落后得更多；请同时设置 pace_red"
                ),
            ),
            (None, _) => bad(
                "pace_red",
                crate::msg!(
                    "pace_red {red} must not be below pace_amber (default {amber}): red means further behind than amber; set pace_amber too",
                    "pace_red {red} 不能小于 pace_amber（默认 {amber}）：红灯应比黄灯落后得更多；请同时设置 pace_amber"
                ),
            ),
            _ => bad(
                "pace_red",
                crate::msg!(
                    "{red} is below pace_amber {amber}: red means further behind than amber",
                    "{red} 小于 pace_amber 的 {amber}：红灯应比黄灯落后得更多"
                ),
            ),
        });
    }
    let first_issue = raw
        .first_issue
        .map(|n| {
            u32::try_from(n)
                .ok()
                .filter(|n| (1..=9999).contains(n))
                .ok_or_else(|| {
                    bad(
                        "first_issue",
                        crate::msg!(
                            "{n} is not a number from 1 to 9999",
                            "{n} 不是 1 到 9999 之间的数"
                        ),
                    )
                })
        })
        .transpose()?;
    let office = raw
        .office
        .as_deref()
        .map(|o| clean_text(TextKind::Unit, o).map_err(|e| bad("office", e)))
        .transpose()?;
    let actor = raw
        .actor
        .as_deref()
        .map(|a| clean_text(TextKind::Actor, a).map_err(|e| bad("actor", e)))
        .transpose()?;
    let report_format = raw
        .report_format
        .as_deref()
        .map(|f| {
            ReportFormat::from_str(f, true).map_err(|_| {
                bad(
                    "report_format",
                    crate::msg!(
                        "'{f}' is not one of table, markdown, csv, json, html",
                        "'{f}' 不是 table、markdown、csv、json、html 之一"
                    ),
                )
            })
        })
        .transpose()?;
    let folder = path.parent().unwrap_or(Path::new("."));
    // A URL names a server; anything else is a file's path.
    let (url, file) = match raw.db {
        Some(db) if crate::store::postgres::conn::Target::is_url(&db) => (Some(db), None),
        other => (None, other.map(PathBuf::from)),
    };
    let server = url
        .map(|u| {
            crate::store::postgres::conn::Target::parse(&u).map_err(|e| bad("db", format!("{e:#}")))
        })
        .transpose()?;
    let password = raw.password.filter(|p| !p.is_empty());
    if password.is_some() || server.as_ref().is_some_and(|s| s.has_url_password()) {
        crate::store::postgres::conn::check_private(path)?;
    }
    let server = server.map(|s| s.with_config_password(password.clone()));
    let db = file.map(expand_home).map(|db| {
        if db.is_relative() {
            folder.join(db)
        } else {
            db
        }
    });
    Ok(Config {
        db,
        server,
        password,
        network_share: raw.network_share,
        lang,
        due_soon_days,
        actor,
        report_format,
        stale_days,
        report_every,
        pace_amber,
        pace_red,
        unit_weeks,
        tongbao_items,
        office,
        first_issue,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_parses() {
        let c = parse("db = \"/tmp/x.db\"\nlang = \"zh\"\ndue_soon_days = 7\nactor = \"张三\"\nreport_format = \"html\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(c.db, Some(PathBuf::from("/tmp/x.db")));
        assert_eq!(c.lang, Some(Lang::Zh));
        assert_eq!(c.due_soon_days, Some(7));
        assert_eq!(c.actor.as_deref(), Some("张三"));
        assert_eq!(c.report_format, Some(ReportFormat::Html));
    }

    #[test]
    fn stale_days_is_a_number_of_days_from_1_to_365() {
        let c = parse("stale_days = 21\n", Path::new("c.toml")).unwrap();
        assert_eq!(c.stale_days, Some(21));
        for bad in ["0", "366", "-14", "\"14d\""] {
            let e = parse(&format!("\nstale_days = {bad}\n"), Path::new("c.toml"))
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("line 2") && e.contains("stale_days"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn a_relative_db_is_beside_the_config_file() {
        let c = parse("db = \"督办/x.db\"\n", Path::new("/etc/tracker/c.toml")).unwrap();
        assert_eq!(c.db, Some(PathBuf::from("/etc/tracker/督办/x.db")));
    }

    #[test]
    fn a_password_of_the_wrong_kind_is_refused_without_its_value() {
        for text in [
            "password = 20261130\n",
            "password = 2026.1130\n",
            "password = 2026-11-30\n",
            "password = [20261130]\n",
            "password = { v = 20261130 }\n",
            "lang = \"zh\"\npassword = 20261130\n",
            "password = \"20261130\"\npassword = 20261130\n",
            "password = 20261130 20261130\n",
        ] {
            let e = format!("{:#}", parse(text, Path::new("c.toml")).unwrap_err());
            assert!(!e.contains("2026") && !e.contains('\n'), "{text}: {e}");
            assert!(e.contains("c.toml, line"), "{text}: {e}");
        }
    }

    #[test]
    fn mistakes_name_the_file_line_and_key() {
        let e = parse("lang = \"zh\"\ncolour = \"red\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("c.toml, line 2") && e.contains("colour"), "{e}");
        let e = parse("# comment\n\ndue_soon_days = -3\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3, key due_soon_days"), "{e}");
        let e = parse("lang = \"fr\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("line 1, key lang") && e.contains("zh or en"),
            "{e}"
        );
        let e = parse("lang = zh\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("c.toml, line 1"), "{e}");
    }
}
