//! Dates named in words rather than numbers: the ends and starts of months and years (`月底`,
//! `年底`, `月初`), weekdays (`下周五`, `上周五`), and a day of last, this or next month
//! (`下月15日`, `上月1日`). The past forms are what `history --since` and `report --from` need.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::{digits, no_such_day};

/// Dates named in words: `月底`, `年底`, `下周五`, `下月15日`… `None`: not such a word;
/// `Some(Err)`: such a word naming no day (`下月31日` in a month of 30).
pub(super) fn words(t: &str, today: NaiveDate) -> Option<Result<Option<NaiveDate>, String>> {
    // Months from this one (−1: last month).
    let month_start = |months: i32| {
        let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)?;
        if months >= 0 {
            first.checked_add_months(Months::new(months.unsigned_abs()))
        } else {
            first.checked_sub_months(Months::new(months.unsigned_abs()))
        }
    };
    let month_end =
        |months: i32| month_start(months + 1).and_then(|d| d.checked_sub_days(Days::new(1)));
    let year_end = |years: i32| NaiveDate::from_ymd_opt(today.year() + years, 12, 31);
    let year_start = |years: i32| NaiveDate::from_ymd_opt(today.year() + years, 1, 1);
    let found = match t {
        "月底" | "月末" | "本月底" | "本月末" | "这个月底" | "当月底" => {
            month_end(0)
        }
        "下月底" | "下月末" | "下个月底" | "下个月末" => month_end(1),
        "年底" | "年末" | "本年底" | "今年底" | "今年年底" | "本年末" | "今年末" => {
            year_end(0)
        }
        "明年底" | "明年年底" | "明年末" => year_end(1),
        "上月底" | "上月末" | "上个月底" | "上个月末" => month_end(-1),
        "月初" | "本月初" | "这个月初" | "当月初" => month_start(0),
        "上月初" | "上个月初" => month_start(-1),
        "下月初" | "下个月初" => month_start(1),
        "年初" | "本年初" | "今年初" | "今年年初" => year_start(0),
        "去年底" | "去年年底" | "去年末" => year_end(-1),
        _ => return weekday(t, today).or_else(|| day_of_month(t, month_start)),
    };
    Some(Ok(found))
}

/// `下周五` (Friday of next week, weeks starting on Monday), `上周五` (last week's),
/// `本周五` / `这周五` (this week's), `周五` / `星期五` (the next Friday, today included).
fn weekday(t: &str, today: NaiveDate) -> Option<Result<Option<NaiveDate>, String>> {
    if let Some(found) = english_weekday(t, today) {
        return Some(Ok(found));
    }
    let (week, rest) = [
        ("下周", Some(1)),
        ("下星期", Some(1)),
        ("下礼拜", Some(1)),
        ("上周", Some(-1)),
        ("上星期", Some(-1)),
        ("上礼拜", Some(-1)),
        ("本周", Some(0)),
        ("这周", Some(0)),
        ("本星期", Some(0)),
        ("这星期", Some(0)),
        ("周", None),
        ("星期", None),
        ("礼拜", None),
    ]
    .into_iter()
    .find_map(|(p, w)| t.strip_prefix(p).map(|r| (w, r)))?;
    let day = match rest {
        "一" | "1" => Weekday::Mon,
        "二" | "2" => Weekday::Tue,
        "三" | "3" => Weekday::Wed,
        "四" | "4" => Weekday::Thu,
        "五" | "5" => Weekday::Fri,
        "六" | "6" => Weekday::Sat,
        "日" | "天" | "七" | "7" => Weekday::Sun,
        _ => return None,
    };
    let monday = crate::model::week_start(today);
    let offset = u64::from(day.num_days_from_monday());
    Some(Ok(match week {
        Some(w) => {
            let day = w * 7 + i64::from(day.num_days_from_monday());
            if day >= 0 {
                monday.checked_add_days(Days::new(day.unsigned_abs()))
            } else {
                monday.checked_sub_days(Days::new(day.unsigned_abs()))
            }
        }
        None => {
            let ahead = (7 + offset - u64::from(today.weekday().num_days_from_monday())) % 7;
            today.checked_add_days(Days::new(ahead))
        }
    }))
}

/// The English weekday names, as the Chinese ones, in any case (issue 17g, finding 7):
/// `friday` / `fri` (the next Friday, today included, as 周五), `next friday` (下周五),
/// `this friday` (本周五), `last friday` (上周五). `None`: not such a name.
fn english_weekday(t: &str, today: NaiveDate) -> Option<Option<NaiveDate>> {
    // (Spaces may already be gone: `next friday` arrives as `nextfriday`.)
    let t: String = t
        .split_whitespace()
        .collect::<String>()
        .to_ascii_lowercase();
    let (week, name) = [("next", 1), ("this", 0), ("last", -1)]
        .into_iter()
        .find_map(|(p, w)| t.strip_prefix(p).map(|n| (Some(w), n)))
        .unwrap_or((None, t.as_str()));
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    // The whole name, or its first three letters (`fri`); `tues`, `thur`, `thurs` too.
    let day = NAMES
        .iter()
        .find(|(full, _)| *full == name || (name.len() >= 3 && full.starts_with(name)))
        .map(|(_, d)| *d)?;
    let monday = crate::model::week_start(today);
    Some(match week {
        Some(w) => {
            let day = w * 7 + i64::from(day.num_days_from_monday());
            if day >= 0 {
                monday.checked_add_days(Days::new(day.unsigned_abs()))
            } else {
                monday.checked_sub_days(Days::new(day.unsigned_abs()))
            }
        }
        None => {
            let offset = u64::from(day.num_days_from_monday());
            let ahead = (7 + offset - u64::from(today.weekday().num_days_from_monday())) % 7;
            today.checked_add_days(Days::new(ahead))
        }
    })
}

/// `下月15日` / `下个月15号`, `本月20日`, `上月1日`: a day of last, this or next month.
fn day_of_month(
    t: &str,
    month_start: impl Fn(i32) -> Option<NaiveDate>,
) -> Option<Result<Option<NaiveDate>, String>> {
    let (months, rest) = [
        ("下个月", 1),
        ("下月", 1),
        ("本月", 0),
        ("这个月", 0),
        ("当月", 0),
        ("上个月", -1),
        ("上月", -1),
    ]
    .into_iter()
    .find_map(|(p, n)| t.strip_prefix(p).map(|r| (n, r)))?;
    let day = rest
        .strip_suffix('日')
        .or_else(|| rest.strip_suffix('号'))?;
    let day: u32 = digits(day, 1, 2)?;
    let start = month_start(months)?;
    Some(
        NaiveDate::from_ymd_opt(start.year(), start.month(), day)
            .map(Some)
            .ok_or_else(no_such_day),
    )
}
