//! Deadlines (完成时限) as Chinese documents write them, to dates. Pure.
//!
//! Absolute: `2024年6月30日`, `2024-06-30`, `2024年6月底前`, `2024年6月下旬`, `2024年底`,
//! `2025年上半年`, `2024年第三季度`, `到2025年`. Relative to a base year: `6月30日前`,
//! `12月底前`, `年底前`, `年内`, `明年上半年`, `第三季度`. `立即` resolves to the day of import,
//! `长期坚持` / `持续推进` / `常态化` to no deadline (said so), `尽快` / `适时` / `近期` are
//! ambiguous (left empty, flagged). `月底前`, `本月内`, `本周内`, `15日内`, `3个月内` count
//! from the document's date (`Meaning::FromDocument`), resolved by the caller when the
//! document states one. A month means its last day, a quarter its last day, a
//! half-year 30 June or 31 December, 上/中/下旬 the 10th, 20th or last day.
//!
//! This file reads dates; `span.rs` the words that are no date of their own (spans and
//! periods from the document's date, now, ongoing, unclear, recurring, a period of work).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// What a deadline phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// A date; `relative` when the phrase named no year (resolved against the base year).
    Date { date: NaiveDate, relative: bool },
    /// `立即`, `即日起`: now.
    Now,
    /// `长期坚持`, `持续推进`: ongoing work with no deadline.
    Ongoing,
    /// `尽快`, `适时`: a deadline that names no time.
    Unclear,
    /// `2月30日前`, `13月底`, `10000年底前`: written as a deadline, but no such date.
    Invalid,
    /// `每月25日前`, `每季度末`: a deadline that recurs, so no one date.
    Recurring,
    /// `在5月至10月期间开展`: a period the work fills, not a deadline to finish by.
    Period,
    /// `月底前`, `本周内`, `15日内`: counted from the document's own date (its 落款 or 印发
    /// date), which only the whole document gives; unresolved without one.
    FromDocument(Rel),
    /// `2027年春季学期结束前`: a day of a school's term or break, from the usual school
    /// calendar (`named.rs`), so a guess.
    Nominal(NaiveDate),
    /// `验收后15日内`: a span counted from an event the text does not date; unresolved.
    AfterEvent,
}

/// A deadline phrase found in a text: its byte range and meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub start: usize,
    pub end: usize,
    pub meaning: Meaning,
}

const N: &str = r"[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}";
const Y: &str = r"20[0-9]{2}|二[〇○零]二[〇○零一二三四五六七八九]";

static ABS_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:({Y})\s*年\s*({N})\s*月\s*({N})\s*[日号])|(?:({Y})[-/.．]({N})[-/.．]({N}))"
    ))
    .expect("valid pattern")
});
static ABS_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"({Y})\s*年\s*({N})\s*月(?:份)?\s*(底|末|上旬|中旬|下旬|前|以前|之前|内)?"
    ))
    .expect("valid pattern")
});
static ABS_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"({Y})\s*年\s*(?:度\s*)?(年底|年末|底|末|内|全年|上半年|下半年|前三季度|第?([一二三四1-4])季度(?:末|底)?|前)?"
    ))
    .expect("valid pattern")
});
static REL_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(今年|本年|当年|明年|次年|后年)?\s*({N})\s*月\s*({N})\s*[日号]"
    ))
    .expect("valid pattern")
});
static REL_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(今年|本年|当年|明年|次年|后年)?\s*({N})\s*月(?:份)?\s*(底|末|上旬|中旬|下旬|前|以前|之前|内)?"
    ))
    .expect("valid pattern")
});
static REL_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(今年|本年|当年|明年|次年|后年)?\s*(年底|年末|年内|年中|上半年|下半年|前三季度|第?([一二三四1-4])季度(?:末|底)?)",
    )
    .expect("valid pattern")
});
static YEAR_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(今年|本年|当年|明年|次年|后年)(?:内|底|末)?").expect("valid pattern")
});
/// Words after a bare date or month that make it a deadline rather than a date in the story.
const COMPLETION: [&str; 19] = [
    "报送",
    "上报",
    "整改",
    "前",
    "之前",
    "以前",
    "完成",
    "全面完成",
    "基本完成",
    "办结",
    "到位",
    "建成",
    "实现",
    "落实",
    "见效",
    "出台",
    "上线",
    "投用",
    "交付",
];

/// Which of the characters the patterns of [`find`] cannot match without occur in a text,
/// found in one pass over it: a pattern whose characters are all absent is not searched.
/// Most clauses a report's items are cut into name no time at all, and each search is a
/// scan of the text (with some twenty patterns, most of the import's reading was spent here).
/// Each flag's comment names the patterns it gates; a pattern's words are its own, so a
/// flag only ever says "cannot match", never changes what a match means.
#[derive(Debug, Default, Clone, Copy)]
struct Present {
    /// 年: every pattern with a year (ABS_*, YEAR_WORD) and REL_PART's 年底, 上半年….
    nian: bool,
    /// 月: ABS_DAY, ABS_MONTH, REL_DAY, REL_MONTH, MONTH_DAY, THIS_PERIOD.
    yue: bool,
    /// 日 or 号: REL_DAY (and ABS_DAY's first form).
    ri: bool,
    /// `-` `/` `.` `．`: ABS_DAY's `2024-06-30` form.
    sep: bool,
    /// 季: REL_PART's quarters (`第三季度`).
    ji: bool,
    /// 内: SPAN (`15日内`, `3个月之内`).
    nei: bool,
    /// 周 or 星: THIS_PERIOD's weeks (`本周内`, `下星期内`).
    week: bool,
    /// 前: FESTIVAL (`国庆节前`), BEFORE_DONE (`开学前完成`).
    qian: bool,
    /// 每: RECURRING.
    mei: bool,
    /// 期: PERIOD (`…期间`).
    qi: bool,
    /// 立, 即 or 马: NOW (立即, 即日起, 立行立改, 马上).
    now: bool,
    /// 长, 持 or 常: ONGOING (长期…, 持续…, 常态化).
    ongoing: bool,
    /// 尽, 适 or 近: UNCLEAR (尽快, 尽早, 适时, 近期).
    unclear: bool,
}

impl Present {
    fn of(text: &str) -> Present {
        let mut p = Present::default();
        for c in text.chars() {
            match c {
                '年' => p.nian = true,
                '月' => p.yue = true,
                '日' | '号' => p.ri = true,
                '-' | '/' | '.' | '．' => p.sep = true,
                '季' => p.ji = true,
                '内' => p.nei = true,
                '周' | '星' => p.week = true,
                '前' => p.qian = true,
                '每' => p.mei = true,
                '期' => p.qi = true,
                '立' | '即' | '马' => p.now = true,
                '长' | '持' | '常' => p.ongoing = true,
                '尽' | '适' | '近' => p.unclear = true,
                _ => {}
            }
        }
        p
    }

    /// ABS_DAY: `2024年6月30日` (年, 月 and 日 or 号) or `2024-06-30` (a separator).
    fn abs_day(&self) -> bool {
        (self.nian && self.yue && self.ri) || self.sep
    }
}

/// A number written in digits (half or full width) or Chinese numerals, 1–99.
pub fn number(s: &str) -> Option<u32> {
    let digits: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    if let Ok(n) = digits.parse() {
        return Some(n);
    }
    let value = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32 + 1)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => value(*a),
        ['十', b] => Some(10 + value(*b)?),
        [a, '十'] => Some(value(*a)? * 10),
        [a, '十', b] => Some(value(*a)? * 10 + value(*b)?),
        _ => None,
    }
}

/// `2024` or `二〇二四`.
fn year(s: &str) -> Option<i32> {
    if let Ok(y) = s.parse() {
        return Some(y);
    }
    let digits: Option<String> = s
        .chars()
        .map(|c| match c {
            '〇' | '○' | '零' => Some('0'),
            _ => "一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .and_then(|p| char::from_digit(p as u32 + 1, 10)),
        })
        .collect();
    digits?.parse().ok()
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// The date a month phrase means: `底/末/下旬` and none its last day, 上旬 the 10th, 中旬 the
/// 20th; `前` (before the month) the last day of the month before.
fn in_month(y: i32, m: u32, part: Option<&str>) -> Option<NaiveDate> {
    if !(1..=12).contains(&m) {
        return None;
    }
    match part {
        Some("上旬") => NaiveDate::from_ymd_opt(y, m, 10),
        Some("中旬") => NaiveDate::from_ymd_opt(y, m, 20),
        Some("前" | "以前" | "之前") => NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt(),
        _ => month_end(y, m),
    }
}

/// The date a part of a year means: 年底 31 December, 上半年 30 June, a quarter its last day.
fn in_year(y: i32, part: Option<&str>, quarter: Option<&str>) -> Option<NaiveDate> {
    if let Some(q) = quarter {
        let q = number(q)?;
        return (1..=4).contains(&q).then(|| month_end(y, q * 3)).flatten();
    }
    match part {
        Some("上半年" | "年中") => NaiveDate::from_ymd_opt(y, 6, 30),
        Some("前三季度") => NaiveDate::from_ymd_opt(y, 9, 30),
        // `2025年前`: before 2025.
        Some("前") => NaiveDate::from_ymd_opt(y - 1, 12, 31),
        _ => NaiveDate::from_ymd_opt(y, 12, 31),
    }
}

fn shift(word: Option<&str>) -> i32 {
    match word {
        Some("明年" | "次年") => 1,
        Some("后年") => 2,
        _ => 0,
    }
}

fn followed_by_completion(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start();
    // `12月31日24时前`, `6月30日下班前`: an hour of that day.
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
        .trim_start_matches(['时', '点']);
    let rest = rest.strip_prefix("下班").unwrap_or(rest);
    COMPLETION.iter().any(|w| rest.starts_with(w))
}

/// The year written in digits right before `start` (`10000` of `10000年底前`), if any.
fn digits_before(text: &str, start: usize) -> Option<(usize, &str)> {
    let before = &text[..start];
    let from = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, _)| i)?;
    Some((from, &before[from..]))
}

/// Whether the phrase at `start` follows a year (`2026年` of `截至2026年9月底`): the month
/// or day then belongs to the absolute phrase, judged there (a status date too), and is never
/// read again on its own as a relative deadline.
fn after_year(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].trim_end().strip_suffix('年') else {
        return false;
    };
    let digits = before
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || "〇○零一二三四五六七八九".contains(*c))
        .count();
    digits >= 4
}

fn preceded_by(text: &str, start: usize, words: &[&str]) -> bool {
    let before = text[..start].trim_end();
    words.iter().any(|w| before.ends_with(w))
}

/// Every deadline phrase in `text`, in order, resolved against `base` (the year relative
/// phrases belong to). `labelled`: the text is the value of a deadline label (完成时限：…),
/// so a bare date or month is a deadline without a word like 前 or 完成 after it.
pub fn find(text: &str, base: i32, labelled: bool) -> Vec<Phrase> {
    let mut found: Vec<Phrase> = Vec::new();
    let has = Present::of(text);
    let taken = |found: &mut Vec<Phrase>, start: usize, end: usize, meaning: Meaning| {
        // The phrase's words include a 前 after it: `年底前`, `6月30日之前`.
        let end = end
            + ["之前", "以前", "前"]
                .iter()
                .find(|w| text[end..].starts_with(*w))
                .map_or(0, |w| w.len());
        if found.iter().all(|p| end <= p.start || start >= p.end) {
            found.push(Phrase {
                start,
                end,
                meaning,
            });
        }
    };
    // Narration: `截至2024年6月` is a date in the story, never a deadline.
    // `于2024年6月召开` is narration too, but `于9月底前上报` is a deadline: the 前 decides.
    // `截止2026年10月31日前全部清理` gives a deadline as 截止日期 does: 截止 with 前 is one.
    let story = |s: usize, e: usize| {
        let before = ["之前", "以前", "前"]
            .iter()
            .any(|w| text[e..].starts_with(w));
        (preceded_by(text, s, &["截至", "截止到", "自", "从"])
            || (preceded_by(text, s, &["截止"]) && !before))
            || (preceded_by(text, s, &["于"]) && !before)
    };
    named::claims(text, &mut found, &taken);
    span::claims(text, &has, &mut found, &taken);
    for c in has
        .abs_day()
        .then(|| ABS_DAY.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let m = c.get(0).expect("whole match");
        let (y, mo, d) = if c.get(1).is_some() {
            (&c[1], &c[2], &c[3])
        } else {
            (&c[4], &c[5], &c[6])
        };
        let date = year(y).and_then(|y| NaiveDate::from_ymd_opt(y, number(mo)?, number(d)?));
        if !story(m.start(), m.end()) && (labelled || followed_by_completion(text, m.end())) {
            let meaning = date.map_or(Meaning::Invalid, |date| Meaning::Date {
                date,
                relative: false,
            });
            taken(&mut found, m.start(), m.end(), meaning);
        }
    }
    for c in (has.nian && has.yue)
        .then(|| ABS_MONTH.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let m = c.get(0).expect("whole match");
        let part = c.get(3).map(|p| p.as_str());
        let date = year(&c[1]).and_then(|y| in_month(y, number(&c[2])?, part));
        if !story(m.start(), m.end())
            && (labelled || part.is_some() || followed_by_completion(text, m.end()))
        {
            let meaning = date.map_or(Meaning::Invalid, |date| Meaning::Date {
                date,
                relative: false,
            });
            taken(&mut found, m.start(), m.end(), meaning);
        }
    }
    for c in has
        .nian
        .then(|| ABS_PART.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let m = c.get(0).expect("whole match");
        let part = c.get(2).map(|p| p.as_str());
        // `2025年13月`: a year whose month cannot be read is no deadline either.
        let month_follows = part.is_none()
            && text[m.end()..].trim_start().starts_with(|c: char| {
                c.is_ascii_digit() || "一二三四五六七八九十０１２３４５６７８９".contains(c)
            });
        if month_follows {
            continue;
        }
        // `到2025年`, `在2025年完成`; not `在2026年教师招聘中`, a year the story happens in.
        let strong = part.is_some()
            || preceded_by(text, m.start(), &["到", "至"])
            || (preceded_by(text, m.start(), &["在"])
                && text[m.end()..]
                    .chars()
                    .next()
                    .is_none_or(|c| "，。；,;）)".contains(c)));
        let date = year(&c[1]).and_then(|y| in_year(y, part, c.get(3).map(|q| q.as_str())));
        if let Some(date) = date
            && !story(m.start(), m.end())
            && (labelled || strong || followed_by_completion(text, m.end()))
        {
            taken(
                &mut found,
                m.start(),
                m.end(),
                Meaning::Date {
                    date,
                    relative: false,
                },
            );
        }
    }
    for c in (has.yue && has.ri)
        .then(|| REL_DAY.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let m = c.get(0).expect("whole match");
        if after_year(text, m.start()) {
            continue;
        }
        let y = base + shift(c.get(1).map(|w| w.as_str()));
        let date =
            NaiveDate::from_ymd_opt(y, number(&c[2]).unwrap_or(0), number(&c[3]).unwrap_or(0));
        if !story(m.start(), m.end()) && (labelled || followed_by_completion(text, m.end())) {
            let meaning = date.map_or(Meaning::Invalid, |date| Meaning::Date {
                date,
                relative: true,
            });
            taken(&mut found, m.start(), m.end(), meaning);
        }
    }
    for c in has
        .yue
        .then(|| REL_MONTH.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let m = c.get(0).expect("whole match");
        if after_year(text, m.start()) {
            continue;
        }
        let part = c.get(3).map(|p| p.as_str());
        let y = base + shift(c.get(1).map(|w| w.as_str()));
        let date = number(&c[2]).and_then(|mo| in_month(y, mo, part));
        // `3个月`, `6月份以来` are not deadlines; a month needs 底/末/旬/前 or a completion word.
        if !story(m.start(), m.end())
            && !text[m.end()..].starts_with(['个', '以'])
            && (labelled || part.is_some() || followed_by_completion(text, m.end()))
        {
            let meaning = date.map_or(Meaning::Invalid, |date| Meaning::Date {
                date,
                relative: true,
            });
            taken(&mut found, m.start(), m.end(), meaning);
        }
    }
    for m in has
        .nian
        .then(|| YEAR_WORD.find_iter(text))
        .into_iter()
        .flatten()
    {
        let word = &text[m.start()..m.start() + "今年".len()];
        let strong = m.as_str().chars().count() > 2 || followed_by_completion(text, m.end());
        if let Some(date) = NaiveDate::from_ymd_opt(base + shift(Some(word)), 12, 31)
            && (labelled || strong)
            && !story(m.start(), m.end())
        {
            taken(
                &mut found,
                m.start(),
                m.end(),
                Meaning::Date {
                    date,
                    relative: true,
                },
            );
        }
    }
    for c in (has.nian || has.ji)
        .then(|| REL_PART.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let m = c.get(0).expect("whole match");
        // `10000年底前`, `0999年底`: a year in digits the ledger cannot hold (or no year).
        if let Some((from, digits)) = digits_before(text, m.start()).filter(|(_, d)| d.len() >= 3) {
            let held = digits
                .parse::<i32>()
                .ok()
                .filter(|y| digits.len() == 4 && (1000..=9999).contains(y));
            let meaning = held
                .and_then(|y| in_year(y, Some(&c[2]), c.get(3).map(|q| q.as_str())))
                .map_or(Meaning::Invalid, |date| Meaning::Date {
                    date,
                    relative: false,
                });
            taken(&mut found, from, m.end(), meaning);
            continue;
        }
        let y = base + shift(c.get(1).map(|w| w.as_str()));
        let part = Some(&c[2]);
        // `截至年底，已完成…`: how far the work had come, not when it is due.
        if story(m.start(), m.end()) {
            continue;
        }
        if let Some(date) = in_year(y, part, c.get(3).map(|q| q.as_str())) {
            taken(
                &mut found,
                m.start(),
                m.end(),
                Meaning::Date {
                    date,
                    relative: true,
                },
            );
        }
    }
    span::find(text, &has, labelled, &mut found, &taken, &story);
    found.sort_by_key(|p| p.start);
    found
}

/// Shifts `d` by whole years, keeping the month and day (29 February becomes the 28th).
pub fn with_year(d: NaiveDate, y: i32) -> Option<NaiveDate> {
    d.with_year(y)
        .or_else(|| NaiveDate::from_ymd_opt(y, d.month(), d.day() - 1))
}

pub mod named;
mod span;
pub use span::Rel;

#[cfg(test)]
mod tests;
