//! Which year a relative deadline (`年底前`, `6月底前`) falls in, and the document's own date
//! (for `月底前`, `本周内`). Pure.
//!
//! The year is the one stated nearest the item: in the item's own sentence, else in its
//! heading, else in the document's title, else by the document's date (its 落款 or 印发
//! date), else the ledger's plan start (a guess). Two different years stated at the nearest
//! level that states any (`2024—2025年`, `2024年…2025年…`) leave it open: the deadline is
//! left empty and flagged in the dry run, as a clerk would ask rather than pick one.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::deadline;

/// The year relative deadlines fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Year {
    /// One year stated at the nearest level that states any.
    Stated(i32),
    /// Two different years at that level (the first two named): left open.
    Ambiguous(i32, i32),
    /// No heading, title or date states one, but the document names one year only: used,
    /// marked as a guess.
    Inferred(i32),
    /// No level states one: the plan start's year is used, marked as a guess.
    Unstated,
}

const Y: &str = r"20[0-9]{2}|二[〇○零]二[〇○零一二三四五六七八九]";

static STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"({Y})\s*(?:年|[-—–~～至到]\s*({Y})\s*年)(以来|来|起|开始|以后|之后)?"
    ))
    .expect("valid pattern")
});

/// `2024` or `二〇二四`.
fn year(s: &str) -> Option<i32> {
    let digits: String = s
        .chars()
        .map(|c| match c {
            '〇' | '○' | '零' => '0',
            _ => "一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .and_then(|p| char::from_digit(p as u32 + 1, 10))
                .unwrap_or(c),
        })
        .collect();
    digits.parse().ok()
}

/// The distinct years `text` states (`2025年`, `二〇二五年`, both ends of `2024—2026年`), in
/// order. `2023年以来` looks back, and `2027年起` (开始, 以后) names when a later phase starts:
/// neither is a year the text plans its deadlines in.
pub fn stated(text: &str) -> Vec<i32> {
    let mut out = Vec::new();
    for c in STATED.captures_iter(text) {
        if c.get(3).is_some() {
            continue;
        }
        for y in [c.get(1), c.get(2)].into_iter().flatten() {
            if let Some(y) = year(y.as_str())
                && !out.contains(&y)
            {
                out.push(y);
            }
        }
    }
    out
}

/// What one level says: one year, two, or none.
pub fn at_level(text: &str) -> Option<Year> {
    match stated(text).as_slice() {
        [] => None,
        [y] => Some(Year::Stated(*y)),
        [a, b, ..] => Some(Year::Ambiguous(*a, *b)),
    }
}

/// The year an item's own words state for its relative deadlines (`2025年3月启动，6月底前
/// 完成`): a year in the clause of its first relative deadline or before it. A year stated
/// only in a later clause belongs to that clause (`12月31日前完成，2027年起常态化开展`: the
/// deadline is not in 2027), so it leaves the year to the heading, title or date.
pub fn in_item(text: &str) -> Option<Year> {
    // Most items state no year: nothing more to read.
    let whole = at_level(text)?;
    let first = deadline::find(text, 2000, false).into_iter().find(|p| {
        matches!(
            p.meaning,
            deadline::Meaning::Date { relative: true, .. } | deadline::Meaning::FromDocument(_)
        )
    });
    let Some(p) = first else {
        return Some(whole);
    };
    let end = text[p.end..]
        .find(['，', '。', '；', ';', ',', '\n'])
        .map_or(text.len(), |i| p.end + i);
    at_level(&text[..end])
}

/// The year for items under `heading` in a document titled `title` and dated `date`.
pub fn nearest(heading: &str, title: &str, date: Option<NaiveDate>) -> Year {
    at_level(heading)
        .or_else(|| at_level(title))
        .or_else(|| date.map(|d| Year::Stated(d.year())))
        .unwrap_or(Year::Unstated)
}

/// Where neither heading, title nor date states a year: the one year the whole document
/// names (`第一，…2025年6月底前完成` / `第三，年底前实现…`), as an inference, before the plan
/// start's. Two or more years named there leave it open. A year named after `today`'s is
/// not the year the document was written in (it is not written after it is imported), but
/// one it plans for (`2027年6月底前…` in a report imported on 2026-11-18): its `年底前` is
/// this year's end, as the office reads it, so such a year is no inference (18k, aside).
/// A status date (`截至…`, [`status_year`]) says when it was written outright, and stands.
pub fn inferred(document: &str, today: NaiveDate) -> Option<Year> {
    if let Some(y) = status_year(document) {
        return Some(Year::Inferred(y));
    }
    match at_level(document)? {
        Year::Stated(y) if y <= today.year() => Some(Year::Inferred(y)),
        Year::Stated(_) => None,
        other => Some(other),
    }
}

static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    let n = "[0-9]{1,2}|[一二三四五六七八九十]{1,3}";
    Regex::new(&format!(
        r"(?:截至|截止到|截止|到目前)\s*({Y})\s*年\s*(?:({n})\s*月\s*(?:({n})\s*[日号])?)?\s*(底|末)?"
    ))
    .expect("valid pattern")
});

/// The year a document without a date was written in, as its latest status date tells it
/// (`截至2026年6月底，全市…`: a report counts up to when it is written, so it is written in
/// that year; `截至2026年底` or `截至2026年12月31日` in the next). `今年`, `明年`, `年底前` in
/// its plans count from the year it is written, not from a year it plans for (`2027年底前
/// 完成`). `None` when no status date is given (`截止2026年12月31日前` is a deadline).
pub fn status_year(document: &str) -> Option<i32> {
    STATUS
        .captures_iter(document)
        .filter(|c| {
            let end = c.get(0).expect("whole match").end();
            let rest = document[end..].trim_start();
            !["前", "之前", "以前"].iter().any(|w| rest.starts_with(w))
        })
        .filter_map(|c| {
            let y = year(&c[1])?;
            let month = c.get(2).and_then(|m| deadline::number(m.as_str()));
            let day = c.get(3).and_then(|d| deadline::number(d.as_str()));
            let closed = c.get(4).is_some();
            let year_end = match month {
                None => closed,
                Some(12) => closed || day.is_none_or(|d| d >= 31),
                Some(_) => false,
            };
            Some(if year_end { y + 1 } else { y })
        })
        .max()
}

/// A document's title: its first line with words, unless that line is already a numbered
/// item or a salutation (`各乡镇：`).
pub fn title(text: &str) -> &str {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    first
        .filter(|l| super::marker::at_start(l).is_none() && !l.ends_with(['：', ':']))
        .unwrap_or("")
}

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[（(]?(?:(?:日期|时间|印发日期|发文日期|成文日期)[：:]\s*)?({Y})\s*年\s*([0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月\s*([0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日(?:\s*(?:印发|发布|起施行|通过))?[）)]?$"
    ))
    .expect("valid pattern")
});

/// The document's own date: a line that is only a date, as a 落款 or a date under the
/// title writes it (`2025年6月3日`, `二〇二五年六月三日`, `（2025年6月3日印发）`,
/// `时间：2025年6月3日`). The last such line wins: the 落款 at the end is the date the
/// document was issued. `None` when no line is one.
pub fn document_date(text: &str) -> Option<NaiveDate> {
    text.lines()
        // A date line has 年 and 日 (`DATE_LINE`): only such lines are copied and read.
        .filter(|l| l.contains('年') && l.contains('日'))
        .filter_map(|l| {
            let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            let c = DATE_LINE.captures(&l)?;
            NaiveDate::from_ymd_opt(
                year(&c[1])?,
                deadline::number(&c[2])?,
                deadline::number(&c[3])?,
            )
        })
        .next_back()
        .or_else(|| opening_date(text))
}

static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"({Y})\s*年\s*([0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月\s*([0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日"
    ))
    .expect("valid pattern")
});

/// Minutes and notices without a date line state theirs in the opening paragraph
/// (`2024年5月8日，县长主持召开…`): the first full date before the first numbered item,
/// unless it is a deadline (`…前`) or a point in a story (`截至…`, `自…`).
fn opening_date(text: &str) -> Option<NaiveDate> {
    for line in text.lines() {
        if super::marker::at_start(line.trim()).is_some() {
            return None;
        }
        for c in FULL_DATE.captures_iter(line) {
            let m = c.get(0).expect("whole match");
            let after = line[m.end()..].trim_start();
            let before = line[..m.start()].trim_end();
            if ["前", "之前", "以前"].iter().any(|w| after.starts_with(w))
                || ["截至", "截止", "自", "从", "到"]
                    .iter()
                    .any(|w| before.ends_with(w))
            {
                continue;
            }
            return NaiveDate::from_ymd_opt(
                year(&c[1])?,
                deadline::number(&c[2])?,
                deadline::number(&c[3])?,
            );
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_nearest_level_that_states_a_year_gives_it() {
        // (heading, title, date, year)
        let cases: &[(&str, &str, Option<&str>, Year)] = &[
            ("2025年重点任务", "2024年工作总结", None, Year::Stated(2025)),
            ("重点任务", "2024年工作总结", None, Year::Stated(2024)),
            (
                "重点任务",
                "工作要点",
                Some("2023-12-28"),
                Year::Stated(2023),
            ),
            ("重点任务", "工作要点", None, Year::Unstated),
            (
                "重点任务",
                "2024—2025年行动方案",
                None,
                Year::Ambiguous(2024, 2025),
            ),
            ("2023年以来的问题整改", "整改方案", None, Year::Unstated),
            ("二〇二六年工作安排", "", None, Year::Stated(2026)),
            (
                "2024年、2025年两年任务",
                "2026年",
                None,
                Year::Ambiguous(2024, 2025),
            ),
        ];
        for (heading, title, date, want) in cases {
            assert_eq!(
                nearest(heading, title, date.map(d)),
                *want,
                "{heading} / {title}"
            );
        }
    }

    #[test]
    fn the_document_date_is_its_last_date_line() {
        assert_eq!(
            document_date("关于…的通知\n一、甲。\n县防汛办\n2025年6月3日"),
            Some(d("2025-06-03"))
        );
        assert_eq!(
            document_date("通知\n（2024年3月5日印发）\n一、甲。"),
            Some(d("2024-03-05"))
        );
        assert_eq!(
            document_date("纪要\n时间：2024年3月5日\n一、甲。\n二〇二四年三月八日"),
            Some(d("2024-03-08"))
        );
        assert_eq!(document_date("一、2025年6月3日前完成。"), None);
        // Minutes state their date in the opening paragraph.
        assert_eq!(
            document_date("纪要\n2024年5月8日，县长主持召开常务会议。\n（一）甲。"),
            Some(d("2024-05-08"))
        );
        assert_eq!(
            document_date("通知\n请于2024年5月8日前报送。\n截至2024年4月1日，已完成。\n一、甲。"),
            None
        );
        let today = d("2026-11-18");
        assert_eq!(
            inferred("第一，2025年6月底前完成。第三，年底前完成。", today),
            Some(Year::Inferred(2025))
        );
        assert_eq!(
            inferred("2024年完成，2025年推进", today),
            Some(Year::Ambiguous(2024, 2025))
        );
        // A year after today's is one the document plans for, not the one it was written in.
        assert_eq!(
            inferred("第一，2027年3月底前完成。第三，年底前完成。", today),
            None
        );
        assert_eq!(
            inferred("第一，2026年3月底前完成。", today),
            Some(Year::Inferred(2026))
        );
        assert_eq!(title("各乡镇：\n一、甲"), "");
        assert_eq!(
            title("\n关于做好防汛工作的通知\n"),
            "关于做好防汛工作的通知"
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// No text makes the year and date readers panic.
            #[test]
            fn any_text_is_read_without_panic(text in "\\PC{0,80}") {
                let _ = document_date(&text);
                let _ = stated(&text);
                let _ = title(&text);
                let _ = inferred(&text, d("2026-11-18"));
            }

            /// The nearest level that states a year gives it: heading, then title, then date.
            #[test]
            fn the_nearest_stating_level_decides(
                h in proptest::option::of(2000i32..2100),
                t in proptest::option::of(2000i32..2100),
                d in proptest::option::of(2000i32..2100),
            ) {
                let heading = h.map_or("重点任务".to_string(), |y| format!("{y}年重点任务"));
                let title = t.map_or("工作要点".to_string(), |y| format!("{y}年工作要点"));
                let date = d.and_then(|y| NaiveDate::from_ymd_opt(y, 6, 1));
                let want = h.or(t).or(d).map_or(Year::Unstated, Year::Stated);
                prop_assert_eq!(nearest(&heading, &title, date), want);
            }

            /// Two different years at one level leave it open, whatever is below it.
            #[test]
            fn two_years_at_one_level_leave_it_open(a in 2000i32..2100, b in 2000i32..2100) {
                prop_assume!(a != b);
                let title = format!("{a}—{b}年行动方案");
                prop_assert_eq!(
                    nearest("主要任务", &title, NaiveDate::from_ymd_opt(2030, 1, 1)),
                    Year::Ambiguous(a, b)
                );
            }
        }
    }
}
