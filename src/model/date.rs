//! Dates and spans as people type them, progress percentages, and the stored `YYYY-MM-DD` form.

use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::typed::narrow;
use crate::msg;

/// The dates the ledger holds: four-digit years, as its `YYYY-MM-DD` text orders them. A date
/// typed or computed outside this range is refused where it is parsed.
pub const DATE_RANGE: std::ops::RangeInclusive<i32> = 1000..=9999;

/// The accepted range, in English words, for messages made outside this module.
pub const DATE_RANGE_HELP: &str = "dates from 1000-01-01 to 9999-12-31";

/// The accepted range, in words in the language of messages.
pub fn date_range_help() -> &'static str {
    if crate::i18n::zh() {
        "1000-01-01 至 9999-12-31 的日期"
    } else {
        "dates from 1000-01-01 to 9999-12-31"
    }
}

/// Whether `d` is a date the ledger can hold.
pub fn date_in_range(d: NaiveDate) -> bool {
    DATE_RANGE.contains(&d.year())
}

/// The first date the ledger can hold.
pub fn first_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(*DATE_RANGE.start(), 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The last date the ledger can hold.
pub fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(*DATE_RANGE.end(), 12, 31).unwrap_or(NaiveDate::MAX)
}

/// A length of time counted in days, weeks or months: `14d`, `2w`, `3m` (a bare number is days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Days(u32),
    Weeks(u32),
    Months(u32),
}

pub const SPAN_HELP: &str = "a number of days, weeks or months such as 14d, 2w or 3m, at most 100 years (36500d, 5200w, 1200m)";

/// [`SPAN_HELP`] in the language of messages.
pub fn span_help() -> &'static str {
    if crate::i18n::zh() {
        "天数、周数或月数，如 14d、2w、3m（或 14天、2周、3个月），最多 100 年（36500d、5200w、1200m）"
    } else {
        SPAN_HELP
    }
}

/// The longest span accepted, in days, weeks and months: 100 years, far beyond any plan, and
/// small enough that no date arithmetic on it can overflow.
const SPAN_MAX: (u32, u32, u32) = (36_500, 5_200, 1_200);

impl FromStr for Span {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let help = span_help();
        let err = || {
            msg!(
                "invalid span '{s}': expected {help}",
                "时间跨度 '{s}' 无效：可用 {help}"
            )
        };
        let t = narrow(s);
        let t = t.as_ref();
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
            return Err(msg!(
                "invalid span '{s}': longer than 100 years; expected {help}",
                "时间跨度 '{s}' 无效：超过 100 年；可用 {help}",
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

    /// The date this span before `end`; a month end past a short month clamps to its last day.
    /// `None` before the first date the ledger holds (`DATE_RANGE`).
    pub fn before(self, end: NaiveDate) -> Option<NaiveDate> {
        match self {
            Span::Days(n) => end.checked_sub_days(Days::new(n.into())),
            Span::Weeks(n) => end.checked_sub_days(Days::new(u64::from(n) * 7)),
            Span::Months(n) => end.checked_sub_months(Months::new(n)),
        }
        .filter(|d| date_in_range(*d))
    }

    /// The span as a number of days from `today` (months counted on the calendar).
    pub fn days_from(self, today: NaiveDate) -> i64 {
        self.after(today)
            .map_or(i64::MAX, |d| (d - today).num_days())
    }
}

/// Parses a progress percentage: a whole number 0–100, optionally followed by `%`, in ASCII
/// or full-width digits (`50`, `50%`, `５０`, `５０％`). Errors: one line naming the input and
/// what is accepted.
pub fn parse_progress(s: &str) -> Result<u8, String> {
    let n = narrow(s);
    let t = n.strip_suffix('%').unwrap_or(&n).trim_end();
    let ok = !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit());
    match t.parse::<u8>() {
        Ok(n) if ok && n <= 100 => Ok(n),
        _ => Err(msg!(
            "invalid progress '{s}': expected a whole number from 0 to 100",
            "进度 '{s}' 无效：可用 0 到 100 的整数（50、50%、５０％）",
        )),
    }
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
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn progress_accepts_exactly_0_to_100(n in -1000i64..1000) {
            let parsed = parse_progress(&n.to_string());
            prop_assert_eq!(parsed.is_ok(), (0..=100).contains(&n));
        }
    }

    #[test]
    fn a_span_before_a_date_counts_back_as_after_counts_forward() {
        let d = |s: &str| parse_ymd(s).unwrap();
        let end = d("2026-11-29");
        assert_eq!(Span::Days(14).before(end), Some(d("2026-11-15")));
        assert_eq!(Span::Weeks(2).before(end), Some(d("2026-11-15")));
        // A month back from the 31st clamps to the shorter month's last day.
        assert_eq!(
            Span::Months(1).before(d("2026-03-31")),
            Some(d("2026-02-28"))
        );
        assert_eq!(Span::Days(1).before(first_date()), None);
    }
}
