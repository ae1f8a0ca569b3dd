//! Statuses (with their Chinese names), health against a deadline, and the language of labels.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, NaiveDate};
use serde::Serialize;

/// The states a task moves through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    NotStarted,
    InProgress,
    Blocked,
    Done,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Blocked,
        Status::Done,
        Status::Cancelled,
    ];

    /// The stored and JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::InProgress => "in-progress",
            Status::Blocked => "blocked",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Status::NotStarted => "未开始",
            Status::InProgress => "进行中",
            Status::Blocked => "受阻",
            Status::Done => "已完成",
            Status::Cancelled => "已取消",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.name(),
            Lang::Zh => self.zh(),
        }
    }

    /// Done and cancelled tasks are closed: no health, not counted as overdue.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Done | Status::Cancelled)
    }

    pub(crate) fn traditional(self) -> &'static str {
        match self {
            Status::NotStarted => "未開始",
            Status::InProgress => "進行中",
            Status::Blocked => "受阻",
            Status::Done => "已完成",
            Status::Cancelled => "已取消",
        }
    }
}

impl Status {
    /// The status whose stored name (`not-started`, …) is `name`, byte for byte.
    pub fn from_name(name: &[u8]) -> Option<Status> {
        Some(match name {
            b"not-started" => Status::NotStarted,
            b"in-progress" => Status::InProgress,
            b"blocked" => Status::Blocked,
            b"done" => Status::Done,
            b"cancelled" => Status::Cancelled,
            _ => return None,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

pub const STATUS_HELP: &str =
    "not-started, in-progress, blocked, done, cancelled (or 未开始, 进行中, 受阻, 已完成, 已取消)";

/// [`STATUS_HELP`] as a Chinese message gives it: the Chinese words first, the English values
/// quoted (they are values to type, not prose), lists joined with 、.
const STATUS_HELP_ZH: &str = "未开始、进行中、受阻、已完成、已取消（或英文值 'not-started'、'in-progress'、'blocked'、'done'、'cancelled'）";

/// The words an office uses for each status besides the five names, in Simplified and
/// Traditional characters: 办结 is the 督办 word for a closed matter, 在办 for one in hand,
/// 暂缓 for one put off, 撤销 for one withdrawn.
const WORDS: [(Status, &[&str]); 5] = [
    (
        Status::NotStarted,
        &[
            "notstarted",
            "todo",
            "未启动",
            "未开展",
            "待办",
            "尚未开始",
            "未办",
        ],
    ),
    (
        Status::InProgress,
        &[
            "inprogress",
            "started",
            "进行",
            "在办",
            "推进中",
            "办理中",
            "正在进行",
            "正在办理",
            "已开始",
            "开始",
            "已启动",
            "启动",
        ],
    ),
    (Status::Blocked, &["阻塞", "暂缓", "受阻中"]),
    (
        Status::Done,
        &["完成", "已办结", "办结", "已完结", "完结", "已办完", "办完"],
    ),
    (Status::Cancelled, &["canceled", "取消", "撤销", "已撤销"]),
];

/// Every word a status may be typed as: the names, the Chinese labels, then [`WORDS`].
fn all_words() -> impl Iterator<Item = (Status, &'static str)> {
    Status::ALL
        .into_iter()
        .flat_map(|st| [(st, st.name()), (st, st.zh()), (st, st.traditional())])
        .chain(
            WORDS
                .into_iter()
                .flat_map(|(st, words)| words.iter().map(move |w| (st, *w))),
        )
}

/// The words worth offering where a status is typed (shell completion): each status's name
/// and Chinese label, then the office words of [`WORDS`] written in Chinese. Every one is
/// accepted by `Status::from_str`; the Traditional forms and the ASCII spellings without a
/// hyphen (`notstarted`) are accepted too but not offered, as no one needs them suggested.
pub fn offered_words() -> impl Iterator<Item = (Status, &'static str)> {
    Status::ALL
        .into_iter()
        .flat_map(|st| [(st, st.name()), (st, st.zh())])
        .chain(WORDS.into_iter().flat_map(|(st, words)| {
            words
                .iter()
                .filter(|w| !w.is_ascii())
                .map(move |w| (st, *w))
        }))
}

/// The accepted words, for `--help` (whatever the language of messages: help is generated
/// before a language is known), from the one table the parser reads ([`WORDS`]), so the two
/// cannot drift: the five names, then per status its Chinese label and office words.
/// Shape: `not-started, …, cancelled; or 未开始, 未启动, … (not started); 进行中, … (in progress);
/// …; Traditional forms too`.
pub fn arg_help() -> &'static str {
    static HELP: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let names: Vec<&str> = Status::ALL.iter().map(|st| st.name()).collect();
        let groups: Vec<String> = Status::ALL
            .iter()
            .map(|&st| {
                let words: Vec<&str> = std::iter::once(st.zh())
                    .chain(
                        WORDS
                            .iter()
                            .filter(|(s, _)| *s == st)
                            .flat_map(|(_, w)| w.iter().copied())
                            .filter(|w| !w.is_ascii()),
                    )
                    .collect();
                format!("{} ({})", words.join(", "), st.name().replace('-', " "))
            })
            .collect();
        format!(
            "{}; or {}; Traditional forms too",
            names.join(", "),
            groups.join("; ")
        )
    });
    &HELP
}

/// `--status`'s help for a command: `lead` then the accepted words in brackets.
pub fn status_help(lead: &str) -> String {
    format!("{lead} [{}]", arg_help())
}

impl FromStr for Status {
    type Err = String;

    /// English names in any case with `-`, `_` or a space, full-width letters too; the Chinese
    /// labels and office words ([`WORDS`]), Simplified or Traditional. A slip of a letter or
    /// two gets a did-you-mean (`doen`: done).
    fn from_str(s: &str) -> Result<Self, String> {
        // The stored names, read for every task and event, need no normalising.
        if let Some(st) = Status::from_name(s.as_bytes()) {
            return Ok(st);
        }
        // Traditional forms (已完結, 進行中) are read as their Simplified words.
        let key: String = super::simplified(&super::narrow(s))
            .chars()
            .map(|c| {
                if c == '_' || c == ' ' {
                    '-'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        if let Some((st, _)) = all_words().find(|(_, w)| *w == key || w.replace('-', "") == key) {
            return Ok(st);
        }
        let mut near: Vec<&str> = Vec::new();
        // A slip never turns a word into its opposite: 已开始 is one character from 未开始, but
        // a negation (未, 不, 没, 无, 非) typed or dropped is a different meaning, not a slip.
        let negated = |w: &str| w.contains(['未', '不', '没', '无', '非', '尚']);
        let candidates = all_words()
            .map(|(_, w)| w)
            .filter(|w| negated(w) == negated(&key));
        for w in super::nearest_words(&key, candidates) {
            let st: Status = all_words()
                .find(|(_, x)| *x == w)
                .map_or(Status::Done, |p| p.0);
            if !near.contains(&st.name()) {
                near.push(st.name());
            }
        }
        let shown = super::escape_for_terminal(s, false);
        if near.is_empty() {
            Err(crate::msg!(
                "invalid status '{shown}': expected one of {STATUS_HELP}, or office words such as 办结, 在办, 暂缓, 撤销",
                "状态 '{shown}' 无效：可用 {STATUS_HELP_ZH}，或 办结、在办、暂缓、撤销 等",
            ))
        } else {
            // In Chinese each suggestion is its word, with the English value quoted beside it.
            let near = if crate::i18n::zh() {
                crate::i18n::list(near.iter().map(|n| {
                    let label = n
                        .parse::<Status>()
                        .map_or("", |st| st.label(crate::model::Lang::Zh));
                    format!("{label}（'{n}'）")
                }))
            } else {
                crate::i18n::list(&near)
            };
            Err(crate::msg!(
                "invalid status '{shown}': did you mean {near}? expected one of {STATUS_HELP}, or office words such as 办结, 在办, 暂缓, 撤销",
                "状态 '{shown}' 无效：是不是 {near}？可用 {STATUS_HELP_ZH}，或 办结、在办、暂缓、撤销 等",
            ))
        }
    }
}

/// How an open task stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    Overdue,
    DueSoon,
    OnTrack,
}

impl Health {
    /// `None` for closed tasks. A task without a deadline is on track.
    pub fn of(
        status: Status,
        deadline: Option<NaiveDate>,
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Option<Health> {
        Health::judge(today, due_soon_days)(status, deadline)
    }

    /// `of` for many tasks on one day: the last day that counts as due soon is worked out once.
    pub fn judge(
        today: NaiveDate,
        due_soon_days: u32,
    ) -> impl Fn(Status, Option<NaiveDate>) -> Option<Health> + Copy {
        // `None`: past the last date there is, so every later deadline is due soon.
        let soon = today.checked_add_days(Days::new(u64::from(due_soon_days)));
        move |status, deadline| {
            if !status.is_open() {
                return None;
            }
            Some(match deadline {
                Some(d) if d < today => Health::Overdue,
                Some(d) if soon.is_none_or(|last| d <= last) => Health::DueSoon,
                _ => Health::OnTrack,
            })
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Health::Overdue => "overdue",
            Health::DueSoon => "due-soon",
            Health::OnTrack => "on-track",
        }
    }

    /// What a reader sees: the traffic light 红/黄/绿 in Chinese, words in English.
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, Health::Overdue) => "overdue",
            (Lang::En, Health::DueSoon) => "due soon",
            (Lang::En, Health::OnTrack) => "on track",
            (Lang::Zh, Health::Overdue) => "红",
            (Lang::Zh, Health::DueSoon) => "黄",
            (Lang::Zh, Health::OnTrack) => "绿",
        }
    }
}

impl Serialize for Health {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The language of headers and labels; content is always shown as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// From a POSIX locale value such as `zh_CN.UTF-8`: Chinese for `zh*`, else English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" | "中文" => Ok(Lang::Zh),
            "en" | "en-us" | "en_us" | "english" => Ok(Lang::En),
            _ => Err(crate::msg!(
                "invalid language '{s}': expected zh or en",
                "语言 '{s}' 无效：可用 zh 或 en",
            )),
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn statuses_round_trip_and_accept_chinese() {
        for st in Status::ALL {
            assert_eq!(st.name().parse::<Status>(), Ok(st));
            assert_eq!(st.zh().parse::<Status>(), Ok(st));
            assert_eq!(st.traditional().parse::<Status>(), Ok(st));
        }
        assert_eq!("In Progress".parse::<Status>(), Ok(Status::InProgress));
        assert_eq!("not_started".parse::<Status>(), Ok(Status::NotStarted));
        assert_eq!("進行中".parse::<Status>(), Ok(Status::InProgress));
        for (typed, st) in [
            ("完成", Status::Done),
            ("已办结", Status::Done),
            ("办结", Status::Done),
            ("进行", Status::InProgress),
            ("在办", Status::InProgress),
            ("推进中", Status::InProgress),
            ("阻塞", Status::Blocked),
            ("暂缓", Status::Blocked),
            ("取消", Status::Cancelled),
            ("撤销", Status::Cancelled),
            ("ＤＯＮＥ", Status::Done),
            (" in progress ", Status::InProgress),
        ] {
            assert_eq!(typed.parse::<Status>(), Ok(st), "{typed}");
        }
        let err = "doen".parse::<Status>().unwrap_err();
        assert!(err.contains("did you mean done?"), "{err}");
        let err = "finished".parse::<Status>().unwrap_err();
        assert!(
            err.contains("'finished'") && err.contains("not-started") && err.contains("已完成"),
            "{err}"
        );
    }

    #[test]
    fn health_comes_from_deadline_and_today() {
        let today = d("2026-03-10");
        let h = |st, dl: Option<&str>| Health::of(st, dl.map(d), today, 14);
        assert_eq!(
            h(Status::InProgress, Some("2026-03-09")),
            Some(Health::Overdue)
        );
        assert_eq!(
            h(Status::InProgress, Some("2026-03-10")),
            Some(Health::DueSoon)
        );
        assert_eq!(
            h(Status::NotStarted, Some("2026-03-24")),
            Some(Health::DueSoon)
        );
        assert_eq!(
            h(Status::NotStarted, Some("2026-03-25")),
            Some(Health::OnTrack)
        );
        assert_eq!(h(Status::Blocked, None), Some(Health::OnTrack));
        assert_eq!(h(Status::Done, Some("2026-01-01")), None);
        assert_eq!(h(Status::Cancelled, Some("2026-01-01")), None);
        // Near the last date there is, every later deadline is due soon.
        let last = NaiveDate::MAX;
        assert_eq!(
            Health::of(Status::Blocked, Some(last), last - Days::new(3), u32::MAX),
            Some(Health::DueSoon)
        );
    }

    #[test]
    fn lang_follows_the_locale() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_string_parses_as_a_status_or_lists_the_accepted_ones(s in "\\PC{0,14}") {
            if let Err(e) = s.parse::<Status>() {
                prop_assert!(e.contains("not-started") && e.contains("已完成"));
            }
        }

    }
}
