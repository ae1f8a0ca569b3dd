//! The candidates for each kind of value: fixed words (statuses, weeks, languages), the
//! clap definition (subcommands, flags, possible values) and the ledger (task ids with their
//! titles, unit names), read through one read-only look ([`Store::peek`]).

use chrono::{Datelike, Days, NaiveDate};
use clap::Command;

use super::{Kind, Reading, Want};
use crate::store::{Access, Store};

/// What the shell should offer.
#[derive(Debug, Default)]
pub struct Found {
    /// Paths, completed by the shell itself.
    pub files: bool,
    /// Folders only.
    pub dirs: bool,
    /// Values and their descriptions (empty where there is none).
    pub items: Vec<(String, String)>,
}

/// The candidates for `reading`, matched against the word typed so far.
pub fn candidates(root: &Command, reading: &Reading) -> Found {
    let mut found = Found::default();
    let all = match &reading.want {
        Want::Nothing => Vec::new(),
        Want::Subcommands => subcommands(root, reading),
        Want::Flags => flags(root, reading),
        Want::Value(Kind::File) => {
            found.files = true;
            Vec::new()
        }
        Want::Value(Kind::Dir) => {
            found.dirs = true;
            Vec::new()
        }
        Want::Value(kind) => values(root, kind, reading),
    };
    found.items = matching(all, &reading.word, matches!(reading.want, Want::Value(_)));
    found
}

/// The candidates that start with `typed`; failing any, for values, those that hold it
/// (`组织` finds 市委组织部) or whose description does (a title's words find its id).
fn matching(all: Vec<(String, String)>, typed: &str, loose: bool) -> Vec<(String, String)> {
    let narrow = crate::model::narrow(typed);
    let starts: Vec<_> = all
        .iter()
        .filter(|(v, _)| v.starts_with(typed) || v.starts_with(narrow.as_ref()))
        .cloned()
        .collect();
    if !starts.is_empty() || !loose || typed.is_empty() {
        return starts;
    }
    all.into_iter()
        .filter(|(v, d)| v.contains(typed) || d.contains(typed))
        .collect()
}

/// The command the reading reached, by the subcommand names on its path.
fn reached<'a>(root: &'a Command, reading: &Reading) -> &'a Command {
    let mut cmd = root;
    for name in &reading.path {
        match cmd.find_subcommand(name) {
            Some(sub) => cmd = sub,
            None => break,
        }
    }
    cmd
}

fn subcommands(root: &Command, reading: &Reading) -> Vec<(String, String)> {
    reached(root, reading)
        .get_subcommands()
        // `help CMD` is clap's twin of `CMD --help`, which the flags offer.
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .map(|s| (s.get_name().to_string(), about(s)))
        .collect()
}

fn about(cmd: &Command) -> String {
    cmd.get_about().map(|a| a.to_string()).unwrap_or_default()
}

/// The flags of the command reached and the global flags above it, long names only (the
/// short `-h` and `-V` have long twins), hidden ones never.
fn flags(root: &Command, reading: &Reading) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut cmd = root;
    let mut chain = vec![root];
    for name in &reading.path {
        match cmd.find_subcommand(name) {
            Some(sub) => {
                cmd = sub;
                chain.push(sub);
            }
            None => break,
        }
    }
    for (depth, c) in chain.iter().enumerate().rev() {
        let last = depth + 1 == chain.len();
        for arg in c.get_arguments() {
            if arg.is_hide_set() || arg.is_positional() || !(last || arg.is_global_set()) {
                continue;
            }
            if let Some(long) = arg.get_long() {
                let flag = format!("--{long}");
                if !out.iter().any(|(f, _)| *f == flag) {
                    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                    out.push((flag, help));
                }
            }
        }
    }
    out
}

fn values(root: &Command, kind: &Kind, reading: &Reading) -> Vec<(String, String)> {
    let pair = |v: &str, d: &str| (v.to_string(), d.to_string());
    match kind {
        Kind::Listed(list) => list.clone(),
        Kind::Status => crate::model::offered_words()
            .map(|(st, w)| {
                let d = if w == st.name() { st.zh() } else { st.name() };
                pair(w, d)
            })
            .collect(),
        Kind::Lang => vec![pair("zh", "中文"), pair("en", "English")],
        Kind::Encoding => crate::import::text::told().map(|n| pair(n, "")).collect(),
        Kind::Week => weeks(today(reading)),
        Kind::Date => dates(today(reading)),
        Kind::PastDate => past_dates(today(reading)),
        Kind::Span => spans(),
        Kind::ManPage => man_pages(root),
        Kind::TaskId => match peek(reading) {
            Some(store) => store
                .task_titles()
                .unwrap_or_default()
                .into_iter()
                .map(|(id, title)| (id.to_string(), title))
                .collect(),
            None => Vec::new(),
        },
        Kind::Unit => match peek(reading) {
            Some(store) => units(&store, reading)
                .into_iter()
                .map(|u| (u, String::new()))
                .collect(),
            None => Vec::new(),
        },
        Kind::File | Kind::Dir | Kind::Free => Vec::new(),
    }
}

/// The arguments whose values are units (`cli.rs` ids): a unit given to one of them is not
/// offered again on the same line.
const UNIT_ARGS: [&str; 6] = [
    "lead",
    "support",
    "add_support",
    "remove_support",
    "owner",
    "old",
];

/// The units worth offering for the argument being completed: after `--remove-support`, the
/// task's supporting units; after `--add-support` or `--support`, every unit but the task's
/// lead (the command refuses a lead as support) and, for `--add-support`, its supports;
/// elsewhere every unit. Never one already named on the line.
fn units(store: &Store, reading: &Reading) -> Vec<String> {
    let arg = reading.arg.as_deref().unwrap_or_default();
    let on_line = |u: &String| {
        reading
            .given
            .iter()
            .any(|(a, v)| UNIT_ARGS.contains(&a.as_str()) && v.trim() == u)
    };
    // `update ID`: the task the units belong to, if it is one.
    let task = (reading.path.first().map(String::as_str) == Some("update"))
        .then(|| reading.given.iter().find(|(a, _)| a == "id"))
        .flatten()
        .and_then(|(_, id)| id.parse::<crate::model::TaskId>().ok())
        .and_then(|id| store.task(id).ok().flatten());
    let lead = reading
        .given
        .iter()
        .find(|(a, _)| a == "lead")
        .map(|(_, v)| v.trim().to_string())
        .or_else(|| task.as_ref().and_then(|t| t.lead.clone()));
    let all = match (arg, &task) {
        ("remove_support", Some(t)) => t.support.clone(),
        _ => store.units().unwrap_or_default(),
    };
    all.into_iter()
        .filter(|u| !on_line(u))
        .filter(|u| match arg {
            "add_support" => {
                lead.as_ref() != Some(u) && !task.as_ref().is_some_and(|t| t.support.contains(u))
            }
            "support" => lead.as_ref() != Some(u),
            _ => true,
        })
        .collect()
}

/// The words and offsets a date option takes, each described by the day it gives from
/// `today`; only those the date parser reads (so every one offered is accepted), then today
/// written out.
pub fn dates(today: NaiveDate) -> Vec<(String, String)> {
    let words = [
        "today",
        "tomorrow",
        "本周五",
        "下周五",
        "月底",
        "下月底",
        "年底",
        "+1w",
        "+2w",
        "+1m",
        "+3m",
    ];
    offered(&words, today)
}

/// The past days a start option (`history --since`, `report --from`) takes, as [`dates`]
/// offers future ones: each described by the day it gives, then today written out.
pub fn past_dates(today: NaiveDate) -> Vec<(String, String)> {
    let words = [
        "today",
        "yesterday",
        "前天",
        "本周一",
        "上周一",
        "上周五",
        "月初",
        "上月1日",
        "上月底",
        "年初",
    ];
    offered(&words, today)
}

fn offered(words: &[&str], today: NaiveDate) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = words
        .iter()
        .filter_map(|w| {
            let day = crate::model::parse_date(w, today).ok()?;
            Some((w.to_string(), day.format("%Y-%m-%d").to_string()))
        })
        .collect();
    out.push((today.format("%Y-%m-%d").to_string(), "today".to_string()));
    out
}

/// The spans people type most (`--due-within`, `--stale`, `--within`), with what each means.
pub fn spans() -> Vec<(String, String)> {
    [
        ("7d", "7 天"),
        ("14d", "14 天"),
        ("30d", "30 天"),
        ("1w", "1 周"),
        ("2w", "2 周"),
        ("4w", "4 周"),
        ("1m", "1 个月"),
        ("3m", "3 个月"),
    ]
    .iter()
    .map(|(v, d)| (v.to_string(), d.to_string()))
    .collect()
}

/// The ledger, read-only, if it is there and of this version.
fn peek(reading: &Reading) -> Option<Store> {
    let path = super::ledger(reading)?;
    // The config's network-share opt-in, as every command honours it.
    let access = Access {
        network_share: crate::config::load()
            .ok()
            .and_then(|c| c.network_share)
            .unwrap_or(false),
        assume_fs: std::env::var("TRACKER_ASSUME_FS")
            .ok()
            .filter(|v| !v.is_empty()),
    };
    Store::peek(&path, &access)
}

/// `--today` on the line, else `TRACKER_TODAY`, else the clock.
fn today(reading: &Reading) -> NaiveDate {
    reading
        .today
        .clone()
        .or_else(|| std::env::var("TRACKER_TODAY").ok())
        .and_then(|t| crate::model::parse_absolute_date(t.trim().get(..10).unwrap_or(&t)).ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The words `--week` takes, then the ISO weeks from next week back over the last twelve,
/// each described by its Monday and Sunday.
pub fn weeks(today: NaiveDate) -> Vec<(String, String)> {
    let pair = |v: &str, d: &str| (v.to_string(), d.to_string());
    let mut out = vec![
        pair("this", "本周"),
        pair("last", "上周"),
        pair("next", "下周"),
        pair("本周", "this"),
        pair("上周", "last"),
        pair("下周", "next"),
    ];
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    for back in -1i64..=12 {
        let Some(start) = monday.checked_sub_signed(chrono::TimeDelta::weeks(back)) else {
            continue;
        };
        let week = start.iso_week();
        let end = start + Days::new(6);
        out.push((
            format!("{}-W{:02}", week.year(), week.week()),
            format!("{}—{}", start.format("%m-%d"), end.format("%m-%d")),
        ));
    }
    out
}

/// The pages `tracker man CMD` prints: every visible command, `units-rename` for a nested one.
fn man_pages(root: &Command) -> Vec<(String, String)> {
    fn walk(cmd: &Command, prefix: &str, out: &mut Vec<(String, String)>) {
        for sub in cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        {
            let name = format!("{prefix}{}", sub.get_name());
            out.push((name.clone(), about(sub)));
            walk(sub, &format!("{name}-"), out);
        }
    }
    let mut out = Vec::new();
    walk(root, "", &mut out);
    out
}
