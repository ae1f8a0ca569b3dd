//! Report periods: an inclusive range of dates, ISO weeks, and weeks as people name them on
//! the command line (`--week`), turned into dates once today is known.

use chrono::{Datelike, Days, IsoWeek, NaiveDate};
use serde::Serialize;

use crate::model::week_start;

/// An inclusive range of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn week_of(d: NaiveDate) -> Period {
        let from = week_start(d);
        Period {
            from,
            to: from + Days::new(6),
        }
    }

    /// The period of the same length just before this one.
    pub fn previous(self) -> Period {
        let len = (self.to - self.from).num_days() + 1;
        Period {
            from: self.from - chrono::Duration::days(len),
            to: self.from - Days::new(1),
        }
    }

    /// `2026-W48` when the period is exactly one ISO week.
    pub fn iso_week(self) -> Option<String> {
        (self.from.weekday() == chrono::Weekday::Mon && (self.to - self.from).num_days() == 6)
            .then(|| week_label(self.from.iso_week()))
    }
}

pub fn week_label(w: IsoWeek) -> String {
    format!("{}-W{:02}", w.year(), w.week())
}

/// Parses an ISO week (`2026-W48`, `2026W48`, `2026-w48`).
pub fn parse_week(s: &str) -> Result<Period, String> {
    let t = s.trim().to_ascii_uppercase();
    let err = |why: &str| {
        crate::msg!(
            "invalid week '{s}': {why}expected {WEEK_SPEC_HELP}",
            "无效的周“{s}”：{why}应为 YYYY-Www 形式的 ISO 周（如 2026-W48）、last、this、next、上周、本周、下周，或某个日期"
        )
    };
    let (y, w) = t
        .split_once("-W")
        .or_else(|| t.split_once('W'))
        .ok_or_else(|| err(""))?;
    let ok =
        |p: &str, n: usize| !p.is_empty() && p.len() <= n && p.bytes().all(|b| b.is_ascii_digit());
    if !ok(y, 4) || y.len() != 4 || !ok(w, 2) {
        return Err(err(""));
    }
    let (year, week): (i32, u32) = (
        y.parse().map_err(|_| err(""))?,
        w.parse().map_err(|_| err(""))?,
    );
    iso_week_period(year, week, s)
}

/// ISO week `week` of week year `year`, named `s` in an error: a year the ledger's dates can
/// hold, and a week that year has.
fn iso_week_period(year: i32, week: u32, s: &str) -> Result<Period, String> {
    let err = |why: &str| {
        crate::msg!(
            "invalid week '{s}': {why}expected {WEEK_SPEC_HELP}",
            "无效的周“{s}”：{why}应为 YYYY-Www 形式的 ISO 周（如 2026-W48）、2026年第48周、第48周、W48、last、this、next、上周、本周、下周、上上周，或某个日期"
        )
    };
    // Week years the ledger's dates can hold (`model::DATE_RANGE`), as every date typed is.
    if !crate::model::DATE_RANGE.contains(&year) {
        return Err(err(&crate::msg!(
            "week years run from {} to {}; ",
            "周所在的年份应在 {} 到 {} 之间；",
            crate::model::DATE_RANGE.start(),
            crate::model::DATE_RANGE.end()
        )));
    }
    let weeks = NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week());
    match NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon) {
        Some(from) if week >= 1 => within_dates(
            Period {
                from,
                to: from + Days::new(6),
            },
            s,
        ),
        _ => Err(err(&crate::msg!(
            "{year} has weeks 1 to {weeks}; ",
            "{year} 年只有第 1 到第 {weeks} 周；"
        ))),
    }
}

/// A week named by its number as the report titles it: `2026年第48周`, with or without the
/// report's dates after it (`2026年第48周（11月23日—11月29日）`); `第48周` or `W48` (this
/// year's). Spaces and 週 for 周 are allowed. Gives the year (None: this year), the week and
/// the bracketed dates, if any; None for any other shape.
fn numbered_week(t: &str) -> Option<(Option<i32>, u32, Option<String>)> {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let (head, dates) = match compact.strip_suffix(['）', ')']) {
        Some(inner) => {
            let open = inner.rfind(['（', '('])?;
            let bracket = &inner[open..];
            let bracket = bracket.trim_start_matches(['（', '(']);
            (&compact[..open], Some(bracket.to_string()))
        }
        None => (compact.as_str(), None),
    };
    let digits = |d: &str| -> Option<u32> {
        (!d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()))
            .then(|| d.parse().ok())
            .flatten()
    };
    if let Some(n) = head.strip_prefix(['W', 'w']) {
        return Some((None, digits(n)?, dates));
    }
    let body = head.strip_suffix(['周', '週'])?;
    let (year, n) = body.split_once('第')?;
    let year = match year {
        "" => None,
        y => {
            let y = y.strip_suffix('年')?;
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then_some(())?;
            Some(y.parse().ok()?)
        }
    };
    Some((year, digits(n)?, dates))
}

/// The dates of a week as the zh report prints them in brackets: `11月23日—11月29日`; a date
/// in another calendar year than the week's ISO year names its year (week 53 of 2026:
/// `12月28日—2027年1月3日`; week 1 of 2026: `2025年12月29日—1月4日`), so the title never reads
/// as a week running backwards (issue 17, finding 11).
pub fn week_dates_zh(from: NaiveDate, to: NaiveDate) -> String {
    let year = from.iso_week().year();
    let day = |d: NaiveDate| {
        if d.year() == year {
            crate::model::prose_day(d)
        } else {
            crate::model::prose_date(d)
        }
    };
    format!("{}—{}", day(from), day(to))
}

/// Refuses a label whose bracketed dates (`11月23日—11月29日`, as the report prints them) are
/// not week `p`'s: a label edited by hand names two weeks, and neither is guessed.
fn dates_agree(p: Period, dates: Option<&str>, s: &str) -> Result<Period, String> {
    let Some(d) = dates else { return Ok(p) };
    let plain: String = d
        .chars()
        .filter(|c| !matches!(c, '—' | '–' | '-' | '~' | '～' | '至'))
        .collect();
    let strip = |t: String| -> String {
        t.chars()
            .filter(|c| !matches!(c, '—' | '–' | '-' | '~' | '～' | '至'))
            .collect()
    };
    // As printed now (a year on a date outside the week's ISO year), or as printed before,
    // without years.
    let want = strip(week_dates_zh(p.from, p.to));
    let bare = format!(
        "{}月{}日{}月{}日",
        p.from.month(),
        p.from.day(),
        p.to.month(),
        p.to.day()
    );
    if plain == want || plain == bare {
        return Ok(p);
    }
    let (f, t) = (p.from, p.to);
    Err(crate::msg!(
        "invalid week '{s}': that week runs from {f} to {t}, not {d}; give the week alone (such as 2026年第48周) or its dates as the report prints them",
        "无效的周“{s}”：该周为 {f} 至 {t}，而不是 {d}；请只写周（如 2026年第48周），或照报告所印写出日期"
    ))
}

/// A week as people name it on the command line (`--week`): an ISO week, a week counted from
/// today (`last`, `this`, `next`, 上周, 本周, 下周), or any date (the week containing it).
/// Parsed where the command line is read; turned into dates by [`WeekSpec::resolve`] once
/// today is known (`--today`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeekSpec {
    Iso(Period),
    /// Weeks after the one containing today (−1: last week).
    FromToday(i64),
    /// A date as `model::parse_date` reads it (`2026-11-25`, `2026年11月25日`, `+2w`).
    Containing(String),
    /// Week `week` of today's calendar year (`第48周`, `W48`), with the label's bracketed
    /// dates to check, if given; `label` is the text typed, for errors.
    ThisYear {
        week: u32,
        dates: Option<String>,
        label: String,
    },
}

/// What `--week` accepts, for its error message.
pub const WEEK_SPEC_HELP: &str = "YYYY-Www such as 2026-W48, the report's label 2026年第48周, 第48周 or W48 (this year), last, this, next, 上周, 本周, 下周, 上上周, or a date such as 2026-11-25 (the week containing it)";

impl WeekSpec {
    /// Reads `s`; a date is checked against `2000-01-01` as today (only its shape matters
    /// here; `resolve` reads it again against the real today).
    pub fn parse(s: &str) -> Result<WeekSpec, String> {
        let t = s.trim();
        let offset = match t.to_lowercase().as_str() {
            "上上周" | "上上週" => Some(-2),
            "下下周" | "下下週" => Some(2),
            "last" | "上周" | "上週" => Some(-1),
            "this" | "本周" | "本週" | "这周" | "這週" => Some(0),
            "next" | "下周" | "下週" => Some(1),
            _ => None,
        };
        if let Some(n) = offset {
            return Ok(WeekSpec::FromToday(n));
        }
        if let Ok(p) = parse_week(t) {
            return Ok(WeekSpec::Iso(p));
        }
        match numbered_week(t) {
            Some((Some(year), week, dates)) => {
                let p = iso_week_period(year, week, t)?;
                return dates_agree(p, dates.as_deref(), t).map(WeekSpec::Iso);
            }
            // No year has a week 0 or 54: refused as the command line is read, as an ISO
            // week out of range is; 53 waits for the year today gives.
            Some((None, week, _)) if !(1..=53).contains(&week) => {
                return Err(crate::msg!(
                    "invalid week '{t}': a year has weeks 1 to 52 or 53; expected {WEEK_SPEC_HELP}",
                    "无效的周“{t}”：一年只有第 1 到第 52 或 53 周；应为 YYYY-Www 形式的 ISO 周（如 2026-W48）、2026年第48周、第48周、W48、last、this、next、上周、本周、下周、上上周，或某个日期"
                ));
            }
            Some((None, week, dates)) => {
                return Ok(WeekSpec::ThisYear {
                    week,
                    dates,
                    label: t.to_string(),
                });
            }
            None => {}
        }
        let placeholder = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real date");
        if crate::model::parse_date(t, placeholder).is_ok() {
            return Ok(WeekSpec::Containing(t.to_string()));
        }
        // A week number out of range says which weeks its year has.
        let iso_like = t
            .get(..4)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
            && t.to_ascii_uppercase().contains('W');
        Err(match parse_week(t) {
            Err(e) if iso_like => e,
            _ => crate::msg!(
                "invalid week '{s}': expected {WEEK_SPEC_HELP}",
                "无效的周“{s}”：应为 YYYY-Www 形式的 ISO 周（如 2026-W48）、报告所印的 2026年第48周、今年的 第48周 或 W48、last、this、next、上周、本周、下周、上上周，或某个日期（如 2026-11-25，取其所在的周）"
            ),
        })
    }

    /// The week meant, `today` being today.
    pub fn resolve(&self, today: NaiveDate) -> Result<Period, String> {
        match self {
            WeekSpec::Iso(p) => within_dates(*p, &week_label(p.from.iso_week())),
            WeekSpec::FromToday(n) => {
                let start = week_start(today);
                let moved = if *n >= 0 {
                    start.checked_add_days(Days::new(7 * n.unsigned_abs()))
                } else {
                    start.checked_sub_days(Days::new(7 * n.unsigned_abs()))
                };
                moved.map(Period::week_of).ok_or_else(|| {
                    crate::msg!("that week is outside the calendar", "该周超出了日历范围")
                })
            }
            WeekSpec::ThisYear { week, dates, label } => {
                let p = iso_week_period(today.year(), *week, label)?;
                dates_agree(p, dates.as_deref(), label)
            }
            WeekSpec::Containing(d) => crate::model::parse_date(d, today)
                .map(Period::week_of)
                .and_then(|p| within_dates(p, d)),
        }
    }
}

/// `p` when it lies within the dates the ledger holds (`model::DATE_RANGE`, as the README
/// says); else the error for week `s`: the last ISO week of 9999 ends on 10000-01-02, which no
/// date typed, stored or exported can be.
fn within_dates(p: Period, s: &str) -> Result<Period, String> {
    let (first, last) = (crate::model::first_date(), crate::model::last_date());
    if p.from < first || p.to > last {
        return Err(crate::msg!(
            "invalid week '{s}': it reaches past the dates the ledger holds ({first} to {last}); expected a week within them",
            "无效的周“{s}”：该周超出台账可记录的日期范围（{first} 至 {last}），应为此范围内的周"
        ));
    }
    Ok(p)
}
