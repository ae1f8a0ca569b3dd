//! The ledger's vocabulary: task ids (`1.4`), statuses, health, dates, spans and the limits on
//! text people type. Pure: no I/O, no clock (today is always an argument), no SQL.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

/// Days before a deadline from which an open task counts as "due soon".
pub const DEFAULT_DUE_SOON_DAYS: u32 = 14;

/// A task id: the recommendation number and the item within it, written `1.4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId {
    pub rec: u32,
    pub item: u32,
}

impl TaskId {
    pub fn new(rec: u32, item: u32) -> Self {
        TaskId { rec, item }
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.rec, self.item)
    }
}

impl Serialize for TaskId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a string is not a task id; the caller adds the nearest existing ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadId(pub String);

impl FromStr for TaskId {
    type Err = BadId;

    /// Accepts the forms people type: `1.4`, `1-4`, `#1.4`, and full-width digits and dots
    /// (`１.４`, `1。4`). Anything else, including surrounding spaces, is refused.
    fn from_str(s: &str) -> Result<Self, BadId> {
        let bad = || BadId(s.to_string());
        let normal: String = s
            .strip_prefix('#')
            .or_else(|| s.strip_prefix('＃'))
            .unwrap_or(s)
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '．' | '。' | '-' | '－' => '.',
                _ => c,
            })
            .collect();
        let (rec, item) = normal.split_once('.').ok_or_else(bad)?;
        Ok(TaskId::new(
            parse_number(rec).ok_or_else(bad)?,
            parse_number(item).ok_or_else(bad)?,
        ))
    }
}

/// A positive number of at most 6 ASCII digits, no sign, no leading zero.
fn parse_number(s: &str) -> Option<u32> {
    let ok = !s.is_empty()
        && s.len() <= 6
        && s.bytes().all(|b| b.is_ascii_digit())
        && !s.starts_with('0');
    if ok { s.parse().ok() } else { None }
}

/// Parses a recommendation number (`--rec 2`).
pub fn parse_rec(s: &str) -> Result<u32, String> {
    parse_number(s.trim_start_matches('#'))
        .ok_or_else(|| format!("invalid recommendation '{s}': expected a number such as 1, 2 or 3"))
}

/// The existing ids closest to what was typed, best first, at most `max`.
///
/// Closeness follows the numbers in the input: the same recommendation if it exists (else the
/// nearest number), then the nearest item. Input without numbers gets the first ids.
pub fn nearest_ids(input: &str, existing: &[TaskId], max: usize) -> Vec<TaskId> {
    let numbers: Vec<u64> = input
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u64>().unwrap_or(u64::MAX))
        .collect();
    let mut ids = existing.to_vec();
    ids.sort();
    ids.dedup();
    let Some(&rec) = numbers.first() else {
        ids.truncate(max);
        return ids;
    };
    let item = numbers.get(1).copied().unwrap_or(0);
    let rec_distance = |id: &TaskId| u64::from(id.rec).abs_diff(rec);
    let Some(best_rec) = ids.iter().map(rec_distance).min() else {
        return Vec::new();
    };
    let mut near: Vec<TaskId> = ids
        .into_iter()
        .filter(|id| rec_distance(id) == best_rec)
        .collect();
    near.sort_by_key(|id| (u64::from(id.item).abs_diff(item), id.rec, id.item));
    near.truncate(max);
    near
}

/// Formats ids as `1.3, 1.4` for messages.
pub fn id_list(ids: &[TaskId]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

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

    fn traditional(self) -> &'static str {
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

impl FromStr for Status {
    type Err = String;

    /// English names in any case with `-`, `_` or a space; Simplified or Traditional Chinese.
    fn from_str(s: &str) -> Result<Self, String> {
        // The stored names, read for every task and event, need no normalising.
        if let Some(st) = Status::from_name(s.as_bytes()) {
            return Ok(st);
        }
        let key: String = s
            .trim()
            .chars()
            .map(|c| {
                if c == '_' || c == ' ' {
                    '-'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        let key = match key.as_str() {
            "notstarted" | "todo" => "not-started",
            "inprogress" | "started" => "in-progress",
            "canceled" => "cancelled",
            other => other,
        };
        Status::ALL
            .into_iter()
            .find(|st| key == st.name() || key == st.zh() || key == st.traditional())
            .ok_or_else(|| format!("invalid status '{s}': expected one of {STATUS_HELP}"))
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
            _ => Err(format!("invalid language '{s}': expected zh or en")),
        }
    }
}

/// The dates the ledger holds: four-digit years, as its `YYYY-MM-DD` text orders them. A date
/// typed or computed outside this range is refused where it is parsed.
pub const DATE_RANGE: std::ops::RangeInclusive<i32> = 1000..=9999;

/// The accepted range, in words, for error messages.
pub const DATE_RANGE_HELP: &str = "dates from 1000-01-01 to 9999-12-31";

/// Whether `d` is a date the ledger can hold.
pub fn date_in_range(d: NaiveDate) -> bool {
    DATE_RANGE.contains(&d.year())
}

/// The last date the ledger can hold.
pub fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(*DATE_RANGE.end(), 12, 31).unwrap_or(NaiveDate::MAX)
}

pub const DATE_HELP: &str =
    "YYYY-MM-DD (or YYYY/MM/DD, YYYY年M月D日), today, tomorrow, yesterday, or +N[dwm] such as +2w";

/// Parses a calendar date as people type it. Relative forms count from `today`.
pub fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = s.trim();
    match t.to_ascii_lowercase().as_str() {
        "today" | "今天" => return in_range(s, Some(today)),
        "tomorrow" | "明天" => return in_range(s, today.checked_add_days(Days::new(1))),
        "yesterday" | "昨天" => return in_range(s, today.checked_sub_days(Days::new(1))),
        _ => {}
    }
    if let Some(rest) = t.strip_prefix('+') {
        // A span too long says so; anything else is not a date.
        let span: Span = rest.parse().map_err(|e: String| {
            if e.contains("longer than") {
                e
            } else {
                date_error(s, None)
            }
        })?;
        return in_range(s, span.after(today));
    }
    parse_absolute_date(t).map_err(|why| date_error(s, why))
}

/// A computed date, if the ledger can hold it.
fn in_range(s: &str, d: Option<NaiveDate>) -> Result<NaiveDate, String> {
    d.filter(|d| date_in_range(*d)).ok_or_else(|| {
        format!("invalid date '{s}': it falls outside the {DATE_RANGE_HELP} that the ledger holds")
    })
}

fn date_error(s: &str, why: Option<&str>) -> String {
    match why {
        Some(why) => format!("invalid date '{s}': {why}; expected {DATE_HELP}"),
        None => format!("invalid date '{s}': expected {DATE_HELP}"),
    }
}

/// A strict calendar date: four-digit year, month and day, with `-`, `/` or 年月日.
pub fn parse_absolute_date(t: &str) -> Result<NaiveDate, Option<&'static str>> {
    let parts: Vec<&str> = if let Some(body) = t.strip_suffix('日') {
        body.split(['年', '月']).collect()
    } else if t.contains('/') {
        t.split('/').collect()
    } else {
        t.split('-').collect()
    };
    let [y, m, d] = parts[..] else {
        return Err(None);
    };
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(y, 4, 4) || !digits(m, 1, 2) || !digits(d, 1, 2) {
        return Err(None);
    }
    let (y, m, d): (i32, u32, u32) = (
        y.parse().map_err(|_| None)?,
        m.parse().map_err(|_| None)?,
        d.parse().map_err(|_| None)?,
    );
    if !(1..=12).contains(&m) {
        return Err(Some("no such month"));
    }
    if !DATE_RANGE.contains(&y) {
        return Err(Some("the year is outside 1000 to 9999"));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or(Some("no such day in that month"))
}

/// A length of time counted in days, weeks or months: `14d`, `2w`, `3m` (a bare number is days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Days(u32),
    Weeks(u32),
    Months(u32),
}

pub const SPAN_HELP: &str = "a number of days, weeks or months such as 14d, 2w or 3m, at most 100 years (36500d, 5200w, 1200m)";

/// The longest span accepted, in days, weeks and months: 100 years, far beyond any plan, and
/// small enough that no date arithmetic on it can overflow.
const SPAN_MAX: (u32, u32, u32) = (36_500, 5_200, 1_200);

impl FromStr for Span {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let err = || format!("invalid span '{s}': expected {SPAN_HELP}");
        let t = s.trim();
        let (num, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
            Some((i, _)) => t.split_at(i),
            None => (t, "d"),
        };
        if num.is_empty() || num.len() > 5 {
            return Err(err());
        }
        let n: u32 = num.parse().map_err(|_| err())?;
        let (span, max) = match unit {
            "d" | "day" | "days" | "天" => (Span::Days(n), SPAN_MAX.0),
            "w" | "week" | "weeks" | "周" => (Span::Weeks(n), SPAN_MAX.1),
            "m" | "month" | "months" | "个月" | "月" => (Span::Months(n), SPAN_MAX.2),
            _ => return Err(err()),
        };
        if n > max {
            return Err(format!(
                "invalid span '{s}': longer than 100 years; expected {SPAN_HELP}"
            ));
        }
        Ok(span)
    }
}

impl Span {
    /// The date this span after `start`; a month end past a short month clamps to its last day.
    /// `None` past the last date the ledger holds (`DATE_RANGE`).
    pub fn after(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Span::Days(n) => start.checked_add_days(Days::new(n.into())),
            Span::Weeks(n) => start.checked_add_days(Days::new(u64::from(n) * 7)),
            Span::Months(n) => start.checked_add_months(Months::new(n)),
        }
        .filter(|d| date_in_range(*d))
    }

    /// The span as a number of days from `today` (months counted on the calendar).
    pub fn days_from(self, today: NaiveDate) -> i64 {
        self.after(today)
            .map_or(i64::MAX, |d| (d - today).num_days())
    }
}

/// Parses a progress percentage: a whole number 0–100, optionally followed by `%`.
pub fn parse_progress(s: &str) -> Result<u8, String> {
    let t = s.trim().trim_end_matches(['%', '％']);
    let ok = !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit());
    match t.parse::<u8>() {
        Ok(n) if ok && n <= 100 => Ok(n),
        _ => Err(format!(
            "invalid progress '{s}': expected a whole number from 0 to 100"
        )),
    }
}

/// Which kind of text is being checked, with its length limit in characters.
#[derive(Debug, Clone, Copy)]
pub enum TextKind {
    Title,
    Text,
    Note,
    Unit,
    Actor,
    Headline,
}

impl TextKind {
    fn name(self) -> &'static str {
        match self {
            TextKind::Title => "title",
            TextKind::Text => "text",
            TextKind::Note => "note",
            TextKind::Unit => "unit name",
            TextKind::Actor => "name",
            TextKind::Headline => "headline",
        }
    }

    fn max_chars(self) -> usize {
        match self {
            TextKind::Title | TextKind::Unit | TextKind::Actor => 100,
            TextKind::Headline => 500,
            TextKind::Text | TextKind::Note => 20_000,
        }
    }

    fn multiline(self) -> bool {
        matches!(self, TextKind::Text | TextKind::Note)
    }
}

/// Checks text a user typed. Notes and texts are kept exactly as typed; names and titles
/// (which are matched and shown in narrow columns) lose surrounding spaces. Refused: blank
/// text, text longer than the kind allows, control characters (line breaks and tabs are
/// allowed in notes and texts).
pub fn clean_text(kind: TextKind, s: &str) -> Result<String, String> {
    check_text(kind, s).map(str::to_string)
}

/// `clean_text` without the copy: the text as it would be stored, as a slice of `s`.
pub fn check_text(kind: TextKind, s: &str) -> Result<&str, String> {
    let name = kind.name();
    let t = if kind.multiline() { s } else { s.trim() };
    if t.trim().is_empty() {
        return Err(format!("empty {name}: give some text"));
    }
    let allowed = |c: char| kind.multiline() && (c == '\n' || c == '\t');
    // One pass: the length, and the first control character that is not allowed.
    let mut count = 0;
    let mut control = None;
    for c in t.chars() {
        count += 1;
        if control.is_none() && c.is_control() && !allowed(c) {
            control = Some(c);
        }
    }
    if count > kind.max_chars() {
        return Err(format!(
            "{name} too long: {count} characters, at most {} accepted",
            kind.max_chars()
        ));
    }
    if let Some(c) = control {
        let lines = if kind.multiline() {
            " (line breaks and tabs are)"
        } else {
            ""
        };
        return Err(format!(
            "{name} contains the control character U+{:04X}: control characters are not accepted{lines}",
            c as u32
        ));
    }
    Ok(t)
}

/// Reads a stored `YYYY-MM-DD` date (fast: it runs for every task and history row).
pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    parse_ymd_bytes(s.as_bytes())
}

/// `parse_ymd` of the bytes of a text, as storage reads them.
pub fn parse_ymd_bytes(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// A date as stored and shown: `2026-03-01`.
pub fn ymd(d: NaiveDate) -> String {
    let mut s = String::with_capacity(10);
    push_ymd(&mut s, d);
    s
}

/// `ymd`, written onto the end of `out`: digit by digit, since lists write thousands.
pub fn push_ymd(out: &mut String, d: NaiveDate) {
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        out.push_str(&format!("{y:04}-{m:02}-{day:02}"));
        return;
    }
    let y = y as u32;
    for n in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
        out.push(char::from(b'0' + n as u8));
    }
    for n in [m, day] {
        out.push('-');
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    }
}

/// A stored time (`2026-03-10T09:05:00+08:00`) as seconds since 1970 UTC: the order in which
/// changes happened, whatever the time zones of their writers. Text that is not a full RFC 3339
/// time (a hand-made row) counts from the start of its date, UTC; unreadable text sorts first.
pub fn instant(at: &str) -> i64 {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => t.timestamp(),
        Err(_) => at
            .get(..10)
            .and_then(parse_ymd)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map_or(i64::MIN, |t| t.and_utc().timestamp()),
    }
}

/// Monday of the ISO week that contains `d`.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut day = d("1999-12-25");
        for _ in 0..800 {
            assert_eq!(ymd(day), day.format("%Y-%m-%d").to_string());
            day = day + Days::new(1);
        }
        for s in ["0001-01-01", "9999-12-31", "2026-03-01"] {
            assert_eq!(ymd(d(s)), s);
        }
    }

    #[test]
    fn ids_parse_in_the_forms_people_type() {
        for s in ["1.4", "1-4", "#1.4", "１.４", "１．４", "1。4", "＃1.4"] {
            assert_eq!(s.parse::<TaskId>(), Ok(TaskId::new(1, 4)), "{s}");
        }
        assert_eq!("12.10".parse::<TaskId>().unwrap().to_string(), "12.10");
    }

    #[test]
    fn malformed_ids_are_refused() {
        for s in [
            "",
            "1",
            "1.",
            ".4",
            "1.4.2",
            "abc",
            " 1.4",
            "1.4 ",
            "0.1",
            "1.0",
            "01.4",
            "-1.4",
            "+1.4",
            "١.٤",
            "99999999999999999999.1",
            "1.4a",
            "1..4",
        ] {
            assert!(s.parse::<TaskId>().is_err(), "{s:?} should be refused");
        }
    }

    #[test]
    fn nearest_ids_prefer_the_same_recommendation_then_the_nearest_item() {
        let ids: Vec<TaskId> = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "3.5"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(id_list(&nearest_ids("1.4.2", &ids, 3)), "1.4, 1.3, 1.5");
        assert_eq!(id_list(&nearest_ids("1.9", &ids, 2)), "1.5, 1.4");
        assert_eq!(id_list(&nearest_ids("9.9", &ids, 1)), "3.5");
        assert_eq!(id_list(&nearest_ids("1.", &ids, 3)), "1.1, 1.2, 1.3");
        assert_eq!(id_list(&nearest_ids("abc", &ids, 2)), "1.1, 1.2");
        assert!(nearest_ids("1.4", &[], 3).is_empty());
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
    fn dates_are_strict_and_relative_forms_count_from_today() {
        let today = d("2026-01-31");
        assert_eq!(parse_date("2026-03-01", today), Ok(d("2026-03-01")));
        assert_eq!(parse_date("2026/3/1", today), Ok(d("2026-03-01")));
        assert_eq!(parse_date("2026年3月1日", today), Ok(d("2026-03-01")));
        assert_eq!(parse_date("tomorrow", today), Ok(d("2026-02-01")));
        assert_eq!(parse_date("+2w", today), Ok(d("2026-02-14")));
        assert_eq!(parse_date("+1m", today), Ok(d("2026-02-28")));
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "26-1-1",
            "tomorrow?",
            "",
            "2026-1",
            "2026-01-01T00:00",
            "+1y",
            "+",
            "２０２６-01-01",
        ] {
            let err = parse_date(bad, today).unwrap_err();
            assert!(err.contains("YYYY-MM-DD"), "{bad}: {err}");
        }
        assert!(
            parse_date("2026-02-30", today)
                .unwrap_err()
                .contains("no such day")
        );
    }

    #[test]
    fn stored_dates_are_read_exactly() {
        assert_eq!(parse_ymd("2026-03-01"), Some(d("2026-03-01")));
        for bad in [
            "2026-02-30",
            "2026-3-01",
            "2026/03/01",
            "20260301xx",
            "",
            "２０２６-03-01",
        ] {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
    }

    #[test]
    fn spans_count_days_weeks_and_months() {
        assert_eq!("14d".parse::<Span>(), Ok(Span::Days(14)));
        assert_eq!("14".parse::<Span>(), Ok(Span::Days(14)));
        assert_eq!("2w".parse::<Span>(), Ok(Span::Weeks(2)));
        assert_eq!("3m".parse::<Span>(), Ok(Span::Months(3)));
        for bad in ["", "d", "-1d", "1y", "1.5d", "999999d"] {
            assert!(bad.parse::<Span>().is_err(), "{bad}");
        }
        assert_eq!(
            Span::Months(1).after(d("2026-01-31")),
            Some(d("2026-02-28"))
        );
        assert_eq!(
            Span::Months(12).after(d("2026-03-01")),
            Some(d("2027-03-01"))
        );
    }

    #[test]
    fn progress_is_a_whole_percentage() {
        assert_eq!(parse_progress("0"), Ok(0));
        assert_eq!(parse_progress("100"), Ok(100));
        assert_eq!(parse_progress("50%"), Ok(50));
        for bad in ["101", "-1", "1e3", "", "50.5", "abc", "0x10", "+5", "1000"] {
            assert!(
                parse_progress(bad).unwrap_err().contains("0 to 100"),
                "{bad}"
            );
        }
    }

    #[test]
    fn text_is_trimmed_and_checked() {
        assert_eq!(
            clean_text(TextKind::Title, "  标题 "),
            Ok("标题".to_string())
        );
        assert!(
            clean_text(TextKind::Title, "   ")
                .unwrap_err()
                .contains("empty title")
        );
        assert!(
            clean_text(TextKind::Title, "a\u{1b}[31m")
                .unwrap_err()
                .contains("U+001B")
        );
        assert!(
            clean_text(TextKind::Note, "a\0b")
                .unwrap_err()
                .contains("U+0000")
        );
        assert_eq!(
            clean_text(TextKind::Note, "第一行\n第二行"),
            Ok("第一行\n第二行".to_string())
        );
        assert!(clean_text(TextKind::Title, "a\nb").is_err());
        assert!(
            clean_text(TextKind::Note, &"长".repeat(20_001))
                .unwrap_err()
                .contains("at most 20000")
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
        fn any_string_parses_as_an_id_or_fails_without_panic(s in "\\PC{0,12}") {
            if let Ok(id) = s.parse::<TaskId>() {
                prop_assert!(id.rec > 0 && id.item > 0);
            }
        }

        #[test]
        fn ids_round_trip(rec in 1u32..1_000_000, item in 1u32..1_000_000) {
            let id = TaskId::new(rec, item);
            prop_assert_eq!(id.to_string().parse::<TaskId>(), Ok(id));
            prop_assert_eq!(format!("#{rec}-{item}").parse::<TaskId>(), Ok(id));
        }

        #[test]
        fn any_string_parses_as_a_date_or_says_what_is_accepted(s in "\\PC{0,16}") {
            let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
            match parse_date(&s, today) {
                Ok(d) => prop_assert!(d.year() >= 1 && d.year() <= 9999 || s.starts_with('+')),
                Err(e) => prop_assert!(e.contains("YYYY-MM-DD")),
            }
        }

        #[test]
        fn valid_dates_round_trip(days in 0u64..3_000_000) {
            let d = NaiveDate::from_ymd_opt(1000, 1, 1).unwrap() + Days::new(days);
            prop_assume!(d.year() <= 9999);
            let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
            prop_assert_eq!(parse_date(&ymd(d), today), Ok(d));
        }

        #[test]
        fn any_string_parses_as_a_status_or_lists_the_accepted_ones(s in "\\PC{0,14}") {
            if let Err(e) = s.parse::<Status>() {
                prop_assert!(e.contains("not-started") && e.contains("已完成"));
            }
        }

        #[test]
        fn progress_accepts_exactly_0_to_100(n in -1000i64..1000) {
            let parsed = parse_progress(&n.to_string());
            prop_assert_eq!(parsed.is_ok(), (0..=100).contains(&n));
        }
    }
}
