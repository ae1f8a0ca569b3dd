//! Deadlines named by a time of the year rather than a date: school terms and breaks
//! (`2027年春季学期结束前`, `秋季开学前`, `暑假期间`, `寒假前`) and fixed-day festivals after a
//! year (`2027年国庆节前`), and spans counted from such a time (`2027年春季学期开学后一个月内`).
//! Pure.
//!
//! A year before the name makes it that day of that year, never the whole year (`2027年` alone
//! would be 31 December). Without a year a name is read as the festivals are
//! ([`Rel::Before`]: in the year the item falls in, the next one if already behind the
//! document's date). A span after an event the text does not date (`验收后15日内`) is left
//! empty and flagged ([`Meaning::AfterEvent`]), never counted from the document's date.
//!
//! School terms have no date fixed by law; each school's calendar (校历) sets its own, so the
//! usual calendar of Chinese schools is taken, and a date read from it is marked a guess:
//! 春季学期 1 March – 30 June, 暑假 1 July – 31 August, 秋季学期 1 September – 19 January,
//! 寒假 20 January – the end of February.

use std::sync::LazyLock;

use chrono::{Months, NaiveDate};
use regex::Regex;

use super::{Meaning, Phrase, Rel, number};

/// A named time (its end written after it: `春季学期结束前`, `春季学期末`): the day before which work is due (`before`: the day after the deadline,
/// `(month, day, years after the one written)`), and the day a span after it counts from.
struct Named {
    names: &'static [&'static str],
    /// For `X前`, `X之前`.
    before: (u32, u32, i32),
    /// For `X期间`, `X内`, `X结束前`, `X末` (a term or break: by its last day); `None` for a
    /// festival, which is one day.
    during: Option<(u32, u32, i32)>,
    /// For `X后N个月内`: the day the span counts from.
    anchor: (u32, u32, i32),
    /// A school's term or break: nominal dates, marked a guess.
    school: bool,
}

const NAMED: [Named; 8] = [
    Named {
        names: &["春季学期开学", "春季开学"],
        before: (3, 1, 0),
        during: None,
        anchor: (3, 1, 0),
        school: true,
    },
    Named {
        names: &["秋季学期开学", "秋季开学"],
        before: (9, 1, 0),
        during: None,
        anchor: (9, 1, 0),
        school: true,
    },
    Named {
        names: &["春季学期"],
        before: (3, 1, 0),
        during: Some((7, 1, 0)),
        anchor: (7, 1, 0),
        school: true,
    },
    Named {
        names: &["秋季学期"],
        before: (9, 1, 0),
        during: Some((1, 20, 1)),
        anchor: (1, 20, 1),
        school: true,
    },
    Named {
        names: &["暑假", "暑期"],
        before: (7, 1, 0),
        during: Some((9, 1, 0)),
        anchor: (9, 1, 0),
        school: true,
    },
    Named {
        names: &["寒假"],
        before: (1, 20, 0),
        during: Some((3, 1, 0)),
        anchor: (3, 1, 0),
        school: true,
    },
    Named {
        names: &["国庆节", "国庆"],
        before: (10, 1, 0),
        during: None,
        anchor: (10, 1, 0),
        school: false,
    },
    Named {
        names: &["元旦节", "元旦"],
        before: (1, 1, 0),
        during: None,
        anchor: (1, 1, 0),
        school: false,
    },
];

const Y: &str = r"20[0-9]{2}|二[〇○零]二[〇○零一二三四五六七八九]";

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = NAMED.iter().flat_map(|n| n.names.iter().copied()).collect();
    // The longest name first, so `春季学期开学` is never read as `春季学期`.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    Regex::new(&format!(
        r"(?:(?P<year>{Y})\s*年\s*(?:度\s*)?(?:的)?)?(?P<name>{})(?P<when>结束之前|结束以前|结束前|之前|以前|前|期间|之内|内|末|(?:结束)?后\s*(?P<n>[0-9０-９]{{1,3}}|[一二三四五六七八九十两半]{{1,3}})\s*个?\s*(?P<unit>日|天|周|星期|月)\s*(?:之内|内))",
        names.join("|")
    ))
    .expect("valid pattern")
});

/// `X后N个月内` with its X: the date a span after a dated event falls on.
fn after(anchor: NaiveDate, n: Option<u32>, unit: &str) -> Option<NaiveDate> {
    match (unit, n) {
        ("月", Some(n)) => anchor.checked_add_months(Months::new(n)),
        ("月", None) => anchor.checked_add_days(chrono::Days::new(15)),
        ("周" | "星期", Some(n)) => anchor.checked_add_days(chrono::Days::new(7 * u64::from(n))),
        (_, Some(n)) => anchor.checked_add_days(chrono::Days::new(n.into())),
        _ => None,
    }
}

fn day(y: i32, (m, d, off): (u32, u32, i32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y + off, m, d)
}

/// Whether `text` may hold a named time (one of the characters every name has).
pub(super) fn may_hold(text: &str) -> bool {
    text.contains(['学', '暑', '寒', '国', '旦'])
}

/// The named times in `text`, claimed before the dates and spans inside them are read
/// (`2027年` of `2027年国庆节前` is no deadline of its own, nor is `一个月内` of
/// `开学后一个月内` counted from the document's date).
pub(super) fn claims(text: &str, found: &mut Vec<Phrase>, taken: super::span::Take) {
    if !may_hold(text) {
        return;
    }
    for c in PATTERN.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        let name = &c["name"];
        let Some(named) = NAMED.iter().find(|n| n.names.contains(&name)) else {
            continue;
        };
        let when = &c["when"];
        let year = c.get(1).and_then(|y| super::year(y.as_str()));
        let span = c.name("unit").map(|u| {
            let n = match &c["n"] {
                "两" => Some(2),
                "半" => None,
                n => number(n),
            };
            (n, u.as_str())
        });
        // A start (开学) has no `期间`; a festival is one day.
        let point = match when {
            "期间" | "之内" | "内" | "末" if named.during.is_none() => continue,
            "期间" | "之内" | "内" | "末" | "结束前" | "结束之前" | "结束以前" => {
                named.during.expect("checked")
            }
            _ if span.is_some() => named.anchor,
            _ => named.before,
        };
        let meaning = match (year, span) {
            (Some(y), Some((n, unit))) => day(y, named.anchor)
                .and_then(|a| after(a, n, unit))
                .map_or(Meaning::Invalid, Meaning::Nominal),
            (None, Some(_)) => Meaning::AfterEvent,
            (Some(y), None) => match day(y, point).and_then(|d| d.pred_opt()) {
                Some(date) if named.school => Meaning::Nominal(date),
                Some(date) => Meaning::Date {
                    date,
                    relative: false,
                },
                None => Meaning::Invalid,
            },
            // In the year the item falls in, as a fixed-day festival is.
            (None, None) => Meaning::FromDocument(Rel::Before(point.0, point.1)),
        };
        taken(found, m.start(), m.end(), meaning);
    }
}

/// The usual school calendar, for the dry run's note.
pub fn school_note() -> String {
    crate::msg!(
        "a school calendar's nominal dates (春季学期 1 March–30 June, 暑假 July–August, 秋季学期 1 September–19 January, 寒假 20 January–end of February); a school's own may differ",
        "按通常校历推算（春季学期3月1日—6月30日，暑假7—8月，秋季学期9月1日—次年1月19日，寒假1月20日—2月底），各校校历可能不同"
    )
}

/// Whether the days a phrase's words name are a school's (for the note).
pub fn is_school(words: &str) -> bool {
    ["学期", "开学", "暑假", "暑期", "寒假"]
        .iter()
        .any(|w| words.contains(w))
}

#[cfg(test)]
pub(super) fn gate_holds(text: &str) -> bool {
    !PATTERN.is_match(text) || may_hold(text)
}

#[cfg(test)]
mod tests {
    use super::super::{Meaning, find};

    fn when(text: &str) -> Option<String> {
        find(text, 2026, false)
            .iter()
            .find_map(|p| match p.meaning {
                Meaning::Nominal(d) | Meaning::Date { date: d, .. } => Some(d.to_string()),
                _ => None,
            })
    }

    #[test]
    fn a_year_then_a_named_time_is_that_day_never_the_whole_year() {
        let cases = [
            ("2027年国庆节前完成", "2027-09-30"),
            ("2028年国庆前投用", "2028-09-30"),
            ("2027年元旦前发放", "2026-12-31"),
            ("2027年春季学期结束前", "2027-06-30"),
            ("2027年春季学期末完成", "2027-06-30"),
            ("2027年春季学期开学前到位", "2027-02-28"),
            ("2028年春季开学前到位", "2028-02-29"),
            ("2027年秋季开学前投入使用", "2027-08-31"),
            ("2026年秋季学期结束前", "2027-01-19"),
            ("2027年暑假前完成", "2027-06-30"),
            ("2027年寒假前完成", "2027-01-19"),
            ("在2027年暑假期间开展培训", "2027-08-31"),
            ("2027年寒假期间完成", "2027-02-28"),
            ("2027年春季学期开学后一个月内完成筛查", "2027-04-01"),
            ("2027年秋季开学后15日内完成", "2027-09-16"),
            ("2027年暑假后两周内完成", "2027-09-15"),
        ];
        for (text, want) in cases {
            assert_eq!(when(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn a_span_after_an_undated_event_is_flagged_never_counted_from_the_document() {
        for text in [
            "验收后15日内完成整改",
            "项目竣工后3个月内完成审计",
            "春季开学后一个月内完成筛查",
        ] {
            let f = find(text, 2026, false);
            assert!(
                f.iter().any(|p| p.meaning == Meaning::AfterEvent)
                    && f.iter()
                        .all(|p| !matches!(p.meaning, Meaning::FromDocument(_))),
                "{text}: {f:?}"
            );
        }
    }
}
