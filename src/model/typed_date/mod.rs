//! Dates as people type them: `2026-12-31` and its spellings (`2026/12/31`, `2026.12.31`,
//! `2026年12月31日`, `20261231`, full-width digits), dates without a year (`12月31日`,
//! `12/31`), words (`今天`, `月底`, `年底`, `下周五`, `下月15日`) and spans (`+2w`).
//!
//! Order of a date's parts: year, month, day, as Chinese writes them (GB/T 7408-2005 and the
//! everyday `12月31日`). Two or three numbers without the year first (`4/3`, `4-3`, `4.3`,
//! `04/03/2026`) are read by one rule whatever the separator (`/`, `-` or `.`): month first
//! and day first are both tried; when both give a real day (and not the same one) the date is
//! refused with both readings, as the same person could mean either (the American and the
//! European order); when only one does (`12/31`, `31.12`, `13/04/2026`) it is taken, and the
//! reader is told which reading was taken.

mod words;

use chrono::{Datelike, Days, NaiveDate};

use super::date::{DATE_RANGE, Span, date_in_range};
use super::typed::narrow;
use crate::msg;

/// The accepted forms, for error messages and `--help`.
pub fn date_help() -> &'static str {
    if crate::i18n::zh() {
        "YYYY-MM-DD（或 2026/12/31、2026.12.31、2026年12月31日）、12月31日、12/31、今天、明天、月底、年底、下周五、下月15日，或 +2w、+3m 这样的“+ 数字 + d（天）、w（周）或 m（月）”"
    } else {
        "YYYY-MM-DD (or 2026/12/31, 2026.12.31, 2026年12月31日), 12月31日, 12/31, today, tomorrow, friday, next friday, 月底, 年底, 下周五, 下月15日, or +N[dwm] such as +2w"
    }
}

/// A date read from what was typed, with what the reader should be told about it (on
/// standard error): which year a date without one was given, that a deadline has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedDate {
    pub date: NaiveDate,
    pub notes: Vec<String>,
}

/// Parses a calendar date as people type it (see the module). Relative forms count from
/// `today`; a date without a year is in today's year. Errors: one line naming the input and
/// the accepted forms (every message holds `YYYY-MM-DD`).
pub fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    read(s, today, false).map(|t| t.date)
}

/// Parses a deadline: as [`parse_date`], but a date without a year that has already passed
/// this year is next year's (a deadline lies ahead), and a deadline before `today` is
/// accepted with a note saying it has passed.
pub fn parse_deadline(s: &str, today: NaiveDate) -> Result<TypedDate, String> {
    let mut t = read(s, today, true)?;
    if t.date < today {
        let days = (today - t.date).num_days();
        let d = super::ymd(t.date);
        let en_days = if days == 1 {
            "1 day".to_string()
        } else {
            format!("{days} days")
        };
        t.notes.push(msg!(
            "the deadline {d} has already passed ({en_days} before today); recorded as given",
            "完成时限 {d} 已过（早于今天 {days} 天），照录",
        ));
    }
    Ok(t)
}

fn read(s: &str, today: NaiveDate, forward: bool) -> Result<TypedDate, String> {
    // Spaces an input method leaves between a date's parts (`12 月 31 日`, `2026 - 12 - 31`)
    // mean nothing in any accepted form.
    // `。` is what a Chinese input method types for `.` (2026。12。31), as in ids (1。4).
    let t: String = narrow(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '。' { '.' } else { c })
        .collect();
    let t = t.as_str();
    let plain = |d: Option<NaiveDate>| -> Result<TypedDate, String> {
        in_range(s, d).map(|date| TypedDate {
            date,
            notes: Vec::new(),
        })
    };
    match t.to_ascii_lowercase().as_str() {
        "today" | "今天" | "今日" => return plain(Some(today)),
        "tomorrow" | "明天" | "明日" => return plain(today.checked_add_days(Days::new(1))),
        "yesterday" | "昨天" | "昨日" => return plain(today.checked_sub_days(Days::new(1))),
        "后天" => return plain(today.checked_add_days(Days::new(2))),
        "前天" | "前日" => return plain(today.checked_sub_days(Days::new(2))),
        _ => {}
    }
    if let Some(rest) = t.strip_prefix('+') {
        // A span too long says so; anything else is not a date.
        // A span too long is named whole, as typed (`+99999m`), not by its tail.
        let span: Span = rest.parse().map_err(|e: String| {
            if e.contains("longer than") || e.contains("100 年") {
                msg!(
                    "invalid date '{s}': too far ahead, longer than 100 years (a span after + is at most +36500d, +5200w or +1200m); for a later date write YYYY-MM-DD",
                    "日期 '{s}' 无效：太远，超过 100 年（+ 后的时长至多 +36500d、+5200w 或 +1200m）；更晚的日期请写成 YYYY-MM-DD",
                )
            } else {
                date_error(s, None)
            }
        })?;
        return plain(span.after(today));
    }
    if let Some(d) = words::words(t, today) {
        return plain(d.map_err(|why| date_error(s, Some(&why)))?);
    }
    match parse_parts(t).map_err(|why| match why {
        Why::Ambiguous(a, b) => ambiguous(s, a, b),
        Why::Bad(why) => date_error(s, why.as_deref()),
    })? {
        Parts::Full(d, order) => {
            let mut t = plain(Some(d))?;
            t.notes.extend(reading_note(s, order, super::ymd(d)));
            Ok(t)
        }
        Parts::NoYear(m, d, order) => no_year(s, m, d, order, today, forward),
    }
}

/// What the reader is told about a date read day first (`31.12`, `13/04/2026`): the one
/// reading that is a date. Month first is the everyday Chinese order and needs no word.
fn reading_note(s: &str, order: Order, shown: String) -> Option<String> {
    (order == Order::DayFirst).then(|| {
        msg!(
            "'{s}' is read day first (month first names no date): {shown}",
            "'{s}' 按先日后月读作 {shown}（先月后日不成日期）",
        )
    })
}

/// A computed date, if the ledger can hold it.
fn in_range(s: &str, d: Option<NaiveDate>) -> Result<NaiveDate, String> {
    d.filter(|d| date_in_range(*d)).ok_or_else(|| {
        msg!(
            "invalid date '{s}': it falls outside the {} that the ledger holds",
            "日期 '{s}' 无效：超出台账可记的{}",
            super::date_range_help(),
        )
    })
}

fn date_error(s: &str, why: Option<&str>) -> String {
    let help = date_help();
    match why {
        Some(why) => msg!(
            "invalid date '{s}': {why}; expected {help}",
            "日期 '{s}' 无效：{why}；可用 {help}",
        ),
        None => msg!(
            "invalid date '{s}': expected {help}",
            "日期 '{s}' 无效：可用 {help}"
        ),
    }
}

fn ambiguous(s: &str, a: String, b: String) -> String {
    msg!(
        "ambiguous date '{s}': it reads as {a} (month first) or {b} (day first); write it as YYYY-MM-DD",
        "日期 '{s}' 有两种读法：{a}（先月后日）或 {b}（先日后月）；请写成 YYYY-MM-DD",
    )
}

/// A date without a year: this year's, or (for a deadline) the next one that has not passed
/// (2月29日 waits for the next leap year).
fn no_year(
    s: &str,
    m: u32,
    d: u32,
    order: Order,
    today: NaiveDate,
    forward: bool,
) -> Result<TypedDate, String> {
    let this = today.year();
    let date = if forward {
        (this..=this + 8)
            .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
            .find(|d| *d >= today)
    } else {
        NaiveDate::from_ymd_opt(this, m, d)
    }
    .ok_or_else(|| date_error(s, Some(&no_such_day())))?;
    let date = in_range(s, Some(date))?;
    let shown = super::ymd(date);
    let note = if date.year() == this {
        msg!(
            "'{s}' is taken as {shown}, this year",
            "'{s}' 按今年的 {shown} 记"
        )
    } else if NaiveDate::from_ymd_opt(this, m, d).is_none() {
        msg!(
            "'{s}' is not a day this year, so it is taken as {shown}",
            "今年没有 '{s}' 这一天，按 {shown} 记",
        )
    } else {
        msg!(
            "'{s}' has passed this year, so it is taken as {shown}",
            "'{s}' 今年已过，按 {shown} 记",
        )
    };
    // One note: which reading was taken, inside the note on the year.
    let note = match order {
        // (In Chinese the bracket closes up to the words after it: no space between.)
        Order::DayFirst => note.replacen(
            &msg!("'{s}'", "'{s}' "),
            &msg!(
                "'{s}' (read day first: month first names no date)",
                "'{s}'（按先日后月读，先月后日不成日期）"
            ),
            1,
        ),
        Order::MonthFirst => note,
    };
    Ok(TypedDate {
        date,
        notes: vec![note],
    })
}

fn no_such_day() -> String {
    msg!("no such day in that month", "该月没有这一天")
}

fn no_such_month() -> String {
    msg!("no such month", "没有这个月份")
}

/// Which order a date's two leading numbers were read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Year first, or month then day: the everyday order, or the only one written
    /// (`2026-12-31`, `12月31日`).
    MonthFirst,
    /// Day then month (`31.12`): the only reading that names a day.
    DayFirst,
}

#[derive(PartialEq)]
enum Parts {
    Full(NaiveDate, Order),
    NoYear(u32, u32, Order),
}

enum Why {
    Bad(Option<String>),
    /// The two readings, month first and day first.
    Ambiguous(String, String),
}

/// A number of `min` to `max` ASCII digits.
fn digits(p: &str, min: usize, max: usize) -> Option<u32> {
    ((min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        .then(|| p.parse().ok())
        .flatten()
}

fn full(y: u32, m: u32, d: u32) -> Result<NaiveDate, Why> {
    if !(1..=12).contains(&m) {
        return Err(Why::Bad(Some(no_such_month())));
    }
    if !DATE_RANGE.contains(&(y as i32)) {
        return Err(Why::Bad(Some(msg!(
            "the year is outside 1000 to 9999",
            "年份不在 1000 到 9999 之间"
        ))));
    }
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| Why::Bad(Some(no_such_day())))
}

fn month_day(m: u32, d: u32) -> Result<Parts, Why> {
    if !(1..=12).contains(&m) {
        return Err(Why::Bad(Some(no_such_month())));
    }
    // 2000 is a leap year: a day that exists in some year.
    NaiveDate::from_ymd_opt(2000, m, d)
        .map(|_| Parts::NoYear(m, d, Order::MonthFirst))
        .ok_or_else(|| Why::Bad(Some(no_such_day())))
}

/// The numbered forms: `Y-M-D` with `-`, `/` or `.`, `Y年M月D日`, `YYYYMMDD`, `M月D日`,
/// `M/D`, `M-D`, `M.D`, and `A/B/YYYY` when only one reading is a date.
fn parse_parts(t: &str) -> Result<Parts, Why> {
    let bad = || Why::Bad(None);
    let t = t
        .strip_suffix('号')
        .map_or(t.to_string(), |b| format!("{b}日"));
    // `2026年12月31` and `12月31`: the day's 日 left off after a month's 月.
    let t = match t.rsplit_once('月') {
        Some((_, day)) if !day.is_empty() && day.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{t}日")
        }
        _ => t,
    };
    if let Some(body) = t.strip_suffix('日') {
        let (y, md) = match body.split_once('年') {
            Some((y, md)) => (Some(digits(y, 4, 4).ok_or_else(bad)?), md),
            None => (None, body),
        };
        let (m, d) = md.split_once('月').ok_or_else(bad)?;
        let (m, d) = (
            digits(m, 1, 2).ok_or_else(bad)?,
            digits(d, 1, 2).ok_or_else(bad)?,
        );
        return match y {
            Some(y) => full(y, m, d).map(|d| Parts::Full(d, Order::MonthFirst)),
            None => month_day(m, d),
        };
    }
    if t.len() == 8
        && let Some(n) = digits(&t, 8, 8)
    {
        return full(n / 10_000, n / 100 % 100, n % 100).map(|d| Parts::Full(d, Order::MonthFirst));
    }
    let sep = ['-', '/', '.']
        .into_iter()
        .find(|c| t.contains(*c))
        .ok_or_else(bad)?;
    let parts: Vec<&str> = t.split(sep).collect();
    if parts.iter().any(|p| p.contains(['-', '/', '.'])) {
        return Err(bad());
    }
    match parts[..] {
        [y, m, d] if y.len() == 4 => full(
            digits(y, 4, 4).ok_or_else(bad)?,
            digits(m, 1, 2).ok_or_else(bad)?,
            digits(d, 1, 2).ok_or_else(bad)?,
        )
        .map(|d| Parts::Full(d, Order::MonthFirst)),
        [a, b, y] if y.len() == 4 => {
            let (a, b, y) = (
                digits(a, 1, 2).ok_or_else(bad)?,
                digits(b, 1, 2).ok_or_else(bad)?,
                digits(y, 4, 4).ok_or_else(bad)?,
            );
            either(full(y, a, b), full(y, b, a), super::ymd, |d, order| {
                Parts::Full(d, order)
            })
        }
        [a, b] => {
            let (a, b) = (
                digits(a, 1, 2).ok_or_else(bad)?,
                digits(b, 1, 2).ok_or_else(bad)?,
            );
            let shown = |p: Parts| match p {
                Parts::NoYear(m, d, _) => msg!("{m:02}-{d:02}", "{m}月{d}日"),
                Parts::Full(d, _) => super::ymd(d),
            };
            either(
                month_day(a, b),
                month_day(b, a),
                shown,
                |p, order| match p {
                    Parts::NoYear(m, d, _) => Parts::NoYear(m, d, order),
                    full => full,
                },
            )
        }
        _ => Err(bad()),
    }
}

/// The one rule for two numbers that may be month and day or day and month, whatever their
/// separator: `md` is the month-first reading, `dm` the day-first one. Both real and different:
/// ambiguous, with both shown by `show`; one: that one, tagged with its order by `tag`; none:
/// the month-first reading's reason (`no such month`, `no such day`).
fn either<T: PartialEq>(
    md: Result<T, Why>,
    dm: Result<T, Why>,
    show: impl Fn(T) -> String,
    tag: impl Fn(T, Order) -> Parts,
) -> Result<Parts, Why> {
    match (md, dm) {
        (Ok(a), Ok(b)) if a != b => Err(Why::Ambiguous(show(a), show(b))),
        (Ok(a), _) => Ok(tag(a, Order::MonthFirst)),
        (Err(_), Ok(b)) => Ok(tag(b, Order::DayFirst)),
        (Err(why), Err(_)) => Err(why),
    }
}

/// A strict calendar date: four-digit year, month and day, with `-`, `/`, `.`, 年月日 or
/// none (`20261231`), in ASCII or full-width digits. Errors: `Some(why)` when the shape is a
/// date's but the date does not exist.
pub fn parse_absolute_date(t: &str) -> Result<NaiveDate, Option<String>> {
    match parse_parts(&narrow(t)) {
        Ok(Parts::Full(d, _)) => Ok(d),
        Ok(Parts::NoYear(..)) | Err(Why::Ambiguous(..)) => Err(None),
        Err(Why::Bad(why)) => Err(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ymd;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
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
            "2026-1/1",
            "4.3",
            "04/03/2026",
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
    fn dates_as_offices_write_them() {
        let today = d("2026-11-30"); // a Monday
        for (typed, want) in [
            ("2026.12.31", "2026-12-31"),
            ("２０２６-１２-３１", "2026-12-31"),
            ("２０２６．１２．３１", "2026-12-31"),
            ("20261231", "2026-12-31"),
            ("2026年12月31日", "2026-12-31"),
            ("2026年12月31号", "2026-12-31"),
            ("12月31日", "2026-12-31"),
            ("12/31", "2026-12-31"),
            ("3/14", "2026-03-14"),
            ("14-3", "2026-03-14"),
            ("12.31", "2026-12-31"),
            ("31.12", "2026-12-31"),
            ("月底", "2026-11-30"),
            ("本月底", "2026-11-30"),
            ("下月底", "2026-12-31"),
            ("年底", "2026-12-31"),
            ("下周五", "2026-12-11"),
            ("本周五", "2026-12-04"),
            ("周一", "2026-11-30"),
            ("下月15日", "2026-12-15"),
            ("下个月15号", "2026-12-15"),
            ("13/04/2026", "2026-04-13"),
            ("后天", "2026-12-02"),
        ] {
            assert_eq!(
                parse_date(typed, today).map(ymd),
                Ok(want.into()),
                "{typed}"
            );
        }
    }

    #[test]
    fn a_deadline_without_a_year_lies_ahead_and_says_which_year() {
        let today = d("2026-11-30");
        let t = parse_deadline("3/14", today).unwrap();
        assert_eq!(t.date, d("2027-03-14"));
        assert!(t.notes[0].contains("2027-03-14"), "{:?}", t.notes);
        let t = parse_deadline("12月31日", today).unwrap();
        assert_eq!(t.date, d("2026-12-31"));
        assert!(t.notes[0].contains("this year"), "{:?}", t.notes);
        let leap = parse_deadline("2月29日", today).unwrap();
        assert_eq!(leap.date, d("2028-02-29"));
        assert!(
            leap.notes[0].contains("not a day this year"),
            "{:?}",
            leap.notes
        );
        let past = parse_deadline("2026-01-01", today).unwrap();
        assert!(past.notes[0].contains("already passed"), "{:?}", past.notes);
        assert!(
            parse_deadline("2026-12-01", today)
                .unwrap()
                .notes
                .is_empty()
        );
    }

    #[test]
    fn two_readings_are_refused_with_both() {
        let today = d("2026-11-30");
        let e = parse_date("04/03/2026", today).unwrap_err();
        assert!(e.contains("2026-04-03") && e.contains("2026-03-04"), "{e}");
        let e = parse_date("4.3", today).unwrap_err();
        assert!(e.contains("04-03") && e.contains("03-04"), "{e}");
        assert_eq!(parse_date("4.4", today), Ok(d("2026-04-04")));
        // One rule whatever the separator: both readings real is refused, one is taken.
        for sep in ["/", "-", "."] {
            let e = parse_date(&format!("4{sep}3"), today).unwrap_err();
            assert!(e.contains("04-03") && e.contains("03-04"), "{e}");
            assert_eq!(
                parse_date(&format!("31{sep}12"), today),
                Ok(d("2026-12-31"))
            );
            assert_eq!(
                parse_date(&format!("12{sep}31"), today),
                Ok(d("2026-12-31"))
            );
            assert!(parse_date(&format!("13{sep}13"), today).is_err());
        }
        let t = parse_deadline("31.12", today).unwrap();
        assert!(t.notes[0].contains("day first"), "{:?}", t.notes);
        let t = parse_deadline("12/31", today).unwrap();
        assert!(
            !t.notes.iter().any(|n| n.contains("day first")),
            "{:?}",
            t.notes
        );
        assert_eq!(parse_date("04/04/2026", today), Ok(d("2026-04-04")));
    }

    #[test]
    fn words_naming_no_day_are_refused() {
        let today = d("2026-01-31");
        assert!(
            parse_date("下月30日", today)
                .unwrap_err()
                .contains("no such day")
        );
        assert!(parse_date("下周八", today).is_err());
        assert!(
            parse_date("13/13", today)
                .unwrap_err()
                .contains("no such month")
        );
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use crate::model::ymd;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_string_parses_as_a_date_or_says_what_is_accepted(s in "\\PC{0,16}") {
            let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
            match parse_date(&s, today) {
                Ok(d) => prop_assert!(date_in_range(d)),
                Err(e) => prop_assert!(e.contains("YYYY-MM-DD"), "{}", e),
            }
        }

        #[test]
        fn valid_dates_round_trip_in_every_full_spelling(days in 0u64..3_000_000, pick in 0usize..6) {
            let d = NaiveDate::from_ymd_opt(1000, 1, 1).unwrap() + Days::new(days);
            prop_assume!(d.year() <= 9999);
            let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
            let (y, m, day) = (d.year(), d.month(), d.day());
            let typed = [
                ymd(d),
                format!("{y}/{m}/{day}"),
                format!("{y}.{m:02}.{day:02}"),
                format!("{y}年{m}月{day}日"),
                format!("{y}{m:02}{day:02}"),
                ymd(d).chars().map(|c| match c {
                    '0'..='9' => char::from_u32(c as u32 + 0xfee0).unwrap(),
                    '-' => '－',
                    c => c,
                }).collect(),
            ];
            prop_assert_eq!(parse_date(&typed[pick], today), Ok(d));
        }
    }
}
