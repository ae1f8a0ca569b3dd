//! Deadline words that are not a date of their own: spans and periods counted from the
//! document's date (`15日内`, `月底前`, `本周内`), `立即`, ongoing work (`长期坚持`), phrases
//! that name no time (`尽快`), recurring deadlines (`每月25日前报送`, `每季度末`) and periods
//! of work (`在5月至10月期间开展`). The last two are found before any date, so the dates
//! inside them are never read as the item's deadline. Pure.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::{Meaning, Phrase, Present, followed_by_completion, month_end, number, preceded_by};

/// A deadline counted from the document's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// The last day of the document's month, or of the month `n` after it (`下月底前`).
    MonthEnd(u32),
    /// The Sunday of the document's week, or of the week `n` after it (`下周内`).
    WeekEnd(u32),
    /// `n` days after the document's date (`15日内`, `两周内` = 14).
    Days(u32),
    /// `n` months after the document's date (`3个月内`).
    Months(u32),
    /// `n` working days (`10个工作日内`): holidays are not known here, so never resolved.
    WorkingDays(u32),
    /// Day `day` of the document's month, or of the month `n` after it (`下月10日前`); a day
    /// the month lacks (`下月31日` in a 30-day month) is its last.
    MonthDay(u32, u32),
    /// A festival on a fixed day of the Gregorian calendar, `(month, day)` (`国庆节前`: 1
    /// October): the day before the next one after the document's date (30 September: work
    /// is due before the holiday). The import reads it in the document's year as it reads
    /// `10月1日前` (`fields::festival`).
    Before(u32, u32),
}

impl Rel {
    /// The date this phrase means for a document dated `doc`; `None` for working days (which
    /// need the holiday calendar) or past 9999.
    pub fn from(self, doc: NaiveDate) -> Option<NaiveDate> {
        use chrono::{Days, Months};
        match self {
            Rel::MonthEnd(n) => {
                let d = doc.with_day(1)?.checked_add_months(Months::new(n))?;
                month_end(d.year(), d.month())
            }
            Rel::WeekEnd(n) => {
                let to_sunday = 6 - doc.weekday().num_days_from_monday();
                doc.checked_add_days(Days::new(u64::from(to_sunday) + 7 * u64::from(n)))
            }
            Rel::Days(n) => doc.checked_add_days(Days::new(n.into())),
            Rel::Months(n) => doc.checked_add_months(Months::new(n)),
            Rel::WorkingDays(_) => None,
            Rel::MonthDay(n, day) => {
                let first = doc.with_day(1)?.checked_add_months(Months::new(n))?;
                let last = month_end(first.year(), first.month())?;
                first.with_day(day.min(last.day()))
            }
            Rel::Before(month, day) => {
                let this = NaiveDate::from_ymd_opt(doc.year(), month, day)?;
                let next = if this > doc {
                    Some(this)
                } else {
                    NaiveDate::from_ymd_opt(doc.year() + 1, month, day)
                };
                next?.pred_opt()
            }
        }
    }
}

/// `15日内`, `两周内`, `3个月内`, `10个工作日内`: a span from the document's date.
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([0-9０-９]{1,3}|[一二三四五六七八九十两半]{1,3})\s*个?\s*(工作日|日|天|周|星期|月)\s*(?:内|之内)",
    )
    .expect("valid pattern")
});
/// `月底前`, `本月内`, `下月底`, `本周内`: the document's month or week.
static THIS_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(本月|当月|下个月|下月|本周|下周|本星期|下星期|月|周)\s*(底|末|之内|内)")
        .expect("valid pattern")
});
/// `下月10日前`, `本月20日`: a day of the document's month or the next.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(本月|当月|下个月|下月)\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]")
        .expect("valid pattern")
});
/// Festivals before which work is due (`春节前`, `国庆节前`), with the day each falls on when
/// that day is fixed in the Gregorian calendar; the lunar ones (春节, 端午, 中秋…) and seasons
/// (汛期) move from year to year, so their deadline is flagged for the clerk, not guessed.
const FESTIVALS: [(&str, Option<(u32, u32)>); 16] = [
    ("元旦", Some((1, 1))),
    ("五一", Some((5, 1))),
    ("劳动节", Some((5, 1))),
    ("七一", Some((7, 1))),
    ("建党节", Some((7, 1))),
    ("八一", Some((8, 1))),
    ("建军节", Some((8, 1))),
    ("国庆节", Some((10, 1))),
    ("国庆", Some((10, 1))),
    ("春节", None),
    ("元宵节", None),
    ("清明节", None),
    ("端午节", None),
    ("中秋节", None),
    ("汛期", None),
    ("汛前", None),
];
static FESTIVAL: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<&str> = FESTIVALS.iter().map(|f| f.0).collect();
    Regex::new(&format!(r"(?:{})(?:节)?(?:之前|以前|前)", names.join("|"))).expect("valid pattern")
});
/// `X前完成`, `X前到位`: a deadline in words none of the phrases above read (`开学前完成`,
/// `秋收前到位`); flagged as unclear, so it is never silently left empty.
static BEFORE_DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[^，。；;,\s（(【\[]{1,12}?(?:之前|以前|前)(?:全面|基本|全部|如期)?(?:完成|到位|报送|上报|办结|建成|落实|投用|投入使用|交付|实现|整改|竣工|完工|开业|启用|上线)")
        .expect("valid pattern")
});
/// A year written out (`2027年`), where a deadline in words starts.
static YEAR_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:20[0-9]{2}|二[〇○零]二[〇○零一二三四五六七八九])年").expect("valid pattern")
});
static NOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"立即|即日起|立行立改|马上").expect("valid pattern"));
static ONGOING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"长期坚持|长期推进|长期开展|长期执行|持续推进|持续开展|常态化|长期|持续")
        .expect("valid pattern")
});
static UNCLEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"尽快|尽早|适时|近期").expect("valid pattern"));

/// Where a span after an event starts (`验收后15日内` from `验收`): its clause's start, when
/// the span follows `后`/`之后` and the event is not the document itself (`接到通知后3日内`,
/// `本方案印发后30日内` count from the document's date, as a span alone does).
fn after_event(text: &str, start: usize) -> Option<usize> {
    let before = text[..start].trim_end();
    let event = before
        .strip_suffix("之后")
        .or_else(|| before.strip_suffix('后'))?;
    let from = event
        .rfind(['，', '。', '；', ';', ',', '、', '（', '(', '：'])
        .map_or(0, |i| {
            i + event[i..].chars().next().map_or(1, char::len_utf8)
        });
    let words = &event[from..];
    let document = [
        "通知",
        "文件",
        "印发",
        "下发",
        "发布",
        "本方案",
        "本意见",
        "本办法",
        "收到",
        "接到",
    ];
    if words.is_empty() || document.iter().any(|w| words.contains(w)) {
        return None;
    }
    // The quote starts at the event's first word, past a leading `在`/`于`/`要`.
    let lead = ["要在", "在", "于", "要"]
        .iter()
        .find(|w| words.starts_with(**w))
        .map_or(0, |w| w.len());
    Some(from + lead)
}

/// Words a span (`30日内`) follows when it is a standard of service (`压缩至3个工作日内`),
/// not a deadline.
const SERVICE: [&str; 6] = ["至", "到", "控制在", "缩短为", "时限为", "不超过"];

/// `每月25日前`, `每季度末`, `每周五`, `每年12月底前`, `每年年底前`: a deadline that comes back, so no one
/// date. Only with a point in the period (a day, 底/末/初, a weekday): `每季度召开一次` says how
/// often, not by when.
static RECURRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"每(?:年(?:年底|年末|年初)|(?:个)?(?:(?:月|季度|季|半年|年|旬)(?:的)?(?:[0-9０-９]{1,2}\s*月\s*)?(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?\s*(?:[日号]|底|末|初|最后一天|第[一二三四五1-5]个工作日)|(?:周|星期)[一二三四五六日天]))(?:之前|以前|前)?",
    )
    .expect("valid pattern")
});
/// `在5月至10月期间`, `于2025年6月到9月期间`, `7—8月期间`: a period the work fills, whose end
/// is not a deadline to finish by.
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<from>[^，。；;、：:（）()]{1,24}?)(?:至|到|—|－|-|~|～)[^，。；;、：:（）()]{1,24}?期间",
    )
        .expect("valid pattern")
});

/// How a found phrase is recorded: `(found, start, end, meaning)`, keeping the first phrase
/// that claims a range.
pub(super) type Take<'a> = &'a dyn Fn(&mut Vec<Phrase>, usize, usize, Meaning);

/// Recurring deadlines and periods of work, claimed before the dates inside them are read.
pub(super) fn claims(text: &str, has: &Present, found: &mut Vec<Phrase>, taken: Take) {
    for m in has
        .mei
        .then(|| RECURRING.find_iter(text))
        .into_iter()
        .flatten()
    {
        taken(found, m.start(), m.end(), Meaning::Recurring);
    }
    for c in has
        .qi
        .then(|| PERIOD.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let (m, from) = (c.get(0).expect("whole match"), &c["from"]);
        // The period starts at its 在/于, else where its first date starts.
        let lead = from.rfind(['在', '于']).or_else(|| {
            from.find(|c: char| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || "一二三四五六七八九十".contains(c)
            })
        });
        taken(
            found,
            m.start() + lead.unwrap_or(0),
            m.end(),
            Meaning::Period,
        );
    }
}

/// Spans, the document's month or week, `立即`, ongoing work and phrases naming no time.
pub(super) fn find(
    text: &str,
    has: &Present,
    labelled: bool,
    found: &mut Vec<Phrase>,
    taken: Take,
    story: &dyn Fn(usize, usize) -> bool,
) {
    for c in has
        .nei
        .then(|| SPAN.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let m = c.get(0).expect("whole match");
        let n = match &c[1] {
            "两" => Some(2),
            "半" => None,
            n => number(n),
        };
        let rel = match (&c[2], n) {
            ("工作日", Some(n)) => Rel::WorkingDays(n),
            ("日" | "天", Some(n)) => Rel::Days(n),
            ("周" | "星期", Some(n)) => Rel::Days(7 * n),
            ("月", Some(n)) => Rel::Months(n),
            ("月", None) => Rel::Days(15),
            _ => continue,
        };
        // `压缩至3个工作日内` is a standard of service, not a deadline; before an action
        // (`15日内完成整改`, `30日内拨付资金`) or as a label's value a span is one.
        let acts = text[m.end()..]
            .chars()
            .next()
            .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if !story(m.start(), m.end())
            && !preceded_by(text, m.start(), &SERVICE)
            && (labelled || acts || followed_by_completion(text, m.end()))
        {
            let meaning = match after_event(text, m.start()) {
                Some(from) => {
                    taken(found, from, m.end(), Meaning::AfterEvent);
                    continue;
                }
                None => Meaning::FromDocument(rel),
            };
            taken(found, m.start(), m.end(), meaning);
        }
    }
    for c in (has.yue || has.week)
        .then(|| THIS_PERIOD.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let m = c.get(0).expect("whole match");
        let (word, part) = (&c[1], &c[2]);
        let bare = word == "月" || word == "周";
        // `6月底`, `3个月内`, `每月底`, `年月底` belong to other phrases or repeat; `周末` is
        // a weekend; a bare `月底` is a deadline only with 前 or a completion word.
        let before = text[..m.start()].chars().next_back();
        if bare
            && (before.is_some_and(|b| {
                b.is_ascii_digit()
                    || "０１２３４５６７８９〇零一二三四五六七八九十两半个年每当本下上月"
                        .contains(b)
            }) || (word == "周" && part != "内" && part != "之内")
                || (part != "内"
                    && part != "之内"
                    && !labelled
                    && !followed_by_completion(text, m.end())))
        {
            continue;
        }
        let ahead = if word.starts_with('下') { 1 } else { 0 };
        let rel = if word.contains('周') || word.contains("星期") {
            Rel::WeekEnd(ahead)
        } else {
            Rel::MonthEnd(ahead)
        };
        if !story(m.start(), m.end()) {
            taken(found, m.start(), m.end(), Meaning::FromDocument(rel));
        }
    }
    for c in has
        .yue
        .then(|| MONTH_DAY.captures_iter(text))
        .into_iter()
        .flatten()
    {
        let m = c.get(0).expect("whole match");
        let ahead = u32::from(c[1].starts_with('下'));
        let day = number(&c[2]).filter(|d| (1..=31).contains(d));
        if story(m.start(), m.end()) || !(labelled || followed_by_completion(text, m.end())) {
            continue;
        }
        let meaning = day.map_or(Meaning::Invalid, |d| {
            Meaning::FromDocument(Rel::MonthDay(ahead, d))
        });
        taken(found, m.start(), m.end(), meaning);
    }
    for m in has
        .qian
        .then(|| FESTIVAL.find_iter(text))
        .into_iter()
        .flatten()
    {
        let day = FESTIVALS
            .iter()
            .find(|f| m.as_str().starts_with(f.0))
            .and_then(|f| f.1);
        let meaning = match day {
            Some((mo, d)) => Meaning::FromDocument(Rel::Before(mo, d)),
            None => Meaning::Unclear,
        };
        taken(found, m.start(), m.end(), meaning);
    }
    for m in has.now.then(|| NOW.find_iter(text)).into_iter().flatten() {
        taken(found, m.start(), m.end(), Meaning::Now);
    }
    for m in has
        .ongoing
        .then(|| ONGOING.find_iter(text))
        .into_iter()
        .flatten()
    {
        // `长期` and `持续` alone say ongoing only as a label's value (完成时限：长期).
        let strong = m.as_str().chars().count() > 2;
        if labelled || strong {
            taken(found, m.start(), m.end(), Meaning::Ongoing);
        }
    }
    for m in has
        .unclear
        .then(|| UNCLEAR.find_iter(text))
        .into_iter()
        .flatten()
    {
        // 尽快 and 尽早 always ask for a time they do not name; 适时, 近期 only as a deadline.
        let strong = m.as_str().starts_with('尽') || text[m.end()..].starts_with('内');
        if labelled || strong || followed_by_completion(text, m.end()) {
            taken(found, m.start(), m.end(), Meaning::Unclear);
        }
    }
    if found.is_empty() && has.qian {
        for m in BEFORE_DONE.find_iter(text) {
            let at = m
                .as_str()
                .rfind('前')
                .map_or(m.end(), |i| m.start() + i + '前'.len_utf8());
            // The words quoted start with the number they cut into (`2026年春季学期前`,
            // longer than the pattern's reach, keeps its `2`), and at the year when one is
            // written (`加快推进2027年秋季开学前投用` quotes `2027年秋季开学前`).
            let start = text[..m.start()]
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c))
                .last()
                .map_or(m.start(), |(i, _)| i);
            let start = YEAR_IN
                .find(&text[start..at])
                .map_or(start, |y| start + y.start());
            taken(found, start, at, Meaning::Unclear);
        }
    }
}

/// Whether every pattern here that matches `text` is one [`find`] and [`claims`] search given
/// `has`: the gates only ever skip a search that could find nothing.
#[cfg(test)]
pub(super) fn gates_hold(text: &str, has: &Present) -> bool {
    (!RECURRING.is_match(text) || has.mei)
        && (!PERIOD.is_match(text) || has.qi)
        && (!SPAN.is_match(text) || has.nei)
        && (!THIS_PERIOD.is_match(text) || has.yue || has.week)
        && (!MONTH_DAY.is_match(text) || has.yue)
        && (!FESTIVAL.is_match(text) || has.qian)
        && (!NOW.is_match(text) || has.now)
        && (!ONGOING.is_match(text) || has.ongoing)
        && (!UNCLEAR.is_match(text) || has.unclear)
        && (!BEFORE_DONE.is_match(text) || has.qian)
}
