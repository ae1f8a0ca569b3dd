//! An item's lead unit (牵头单位), supporting units (配合单位) and deadline (完成时限), read from
//! its words. Pure.
//!
//! Reports give them in a note after the item, `（牵头单位：县住建局；配合单位：各乡镇；2024年6月底前
//! 完成）`, in 【】 or [], or as labels after the item (`责任单位：A、B`, where the first leads and
//! the rest support); or in the sentence: `由县交通局牵头，县财政局配合`, `县住建局负责`.
//! 责任领导 and 责任人 name people, not units: they are never taken as units. The note is
//! not part of the title ([`Fields::rest`]); the task's text keeps the report's words.
//! Every value carries the words it came from and whether it is a guess, for the dry run.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::Serialize;

use super::deadline::{self, Meaning, Phrase};
use super::units;

/// What the item is read against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The year the document states (`deadline::document_year`), for relative deadlines.
    pub year: Option<i32>,
    /// The ledger's plan start: relative deadlines fall in its year when the document names
    /// none (marked as guesses).
    pub plan_start: NaiveDate,
    /// The day of the import, for `立即`.
    pub today: NaiveDate,
    /// The ledger's units, to which names are matched (`units::resolve`).
    pub units: &'a [String],
}

/// A value read from the text: the words it came from, and whether it is a guess (a name
/// not in the ledger taken from `X负责`, a deadline whose year was not stated, one of several
/// dates, a co-lead listed as support).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found<T> {
    pub value: T,
    pub words: String,
    pub guess: bool,
}

/// A deadline as the text gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "date")]
pub enum Deadline {
    Date(NaiveDate),
    /// `长期坚持`: ongoing work, no deadline.
    Ongoing,
    /// `尽快`, or a phrase that names no time: left empty.
    Unclear,
}

impl Deadline {
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Deadline::Date(d) => Some(d),
            _ => None,
        }
    }
}

/// What [`extract`] found in an item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fields {
    pub lead: Option<Found<String>>,
    pub support: Vec<Found<String>>,
    pub deadline: Option<Found<Deadline>>,
    /// The item's text without its label notes and unit clauses, for the title.
    pub rest: String,
}

const LEAD: &[&str] = &[
    "牵头单位",
    "责任单位",
    "主责单位",
    "牵头部门",
    "责任部门",
    "主责部门",
    "主办单位",
    "承办单位",
    "责任主体",
    "牵头",
];
const SUPPORT: &[&str] = &[
    "配合单位",
    "协办单位",
    "配合部门",
    "协办部门",
    "参与单位",
    "协同单位",
    "配合",
];
const WHEN: &[&str] = &[
    "完成时限",
    "完成时间",
    "时间节点",
    "完成期限",
    "办结时限",
    "时限要求",
    "时限",
    "期限",
];
const PEOPLE: &[&str] = &[
    "责任领导",
    "牵头领导",
    "分管领导",
    "包抓领导",
    "督办领导",
    "责任人",
    "联系人",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Lead,
    Support,
    When,
    People,
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let all: Vec<&str> = [PEOPLE, LEAD, SUPPORT, WHEN].concat();
    let alt = all.join("|");
    Regex::new(&format!(r"[【\[]({alt})[】\]]\s*[：:]?|({alt})\s*[：:]")).expect("valid pattern")
});
static LED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"由([^，。；：,;:\s]{2,60}?)(牵头|负责|承办|主办)").expect("valid pattern")
});
static CLAUSE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[，。；,;\s（(【\[])([^，。；：,;:\s由（(【\[]{2,60}?)(牵头|负责)(?:[，。；,;）)】\]]|$)")
        .expect("valid pattern")
});
static CLAUSE_SUPPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[，。；、,;\s（(【\[])([^，。；：,;:\s（(【\[]{2,60}?)(?:等单位|等部门)?(配合|协助|协同|参与)(?:[，。；,;）)】\]]|$)",
    )
    .expect("valid pattern")
});

fn kind(label: &str) -> Label {
    let name = label.trim_matches(|c: char| "【】[]：: ".contains(c));
    if PEOPLE.contains(&name) {
        Label::People
    } else if LEAD.contains(&name) {
        Label::Lead
    } else if SUPPORT.contains(&name) {
        Label::Support
    } else {
        Label::When
    }
}

/// What the notes and clauses of one item say, before a deadline is chosen.
#[derive(Default)]
struct Reading {
    leads: Vec<Found<String>>,
    support: Vec<Found<String>>,
    /// Deadline phrases of the notes (labelled) and of the sentence, with their words.
    noted: Vec<(Phrase, String)>,
    said: Vec<(Phrase, String)>,
    /// Byte ranges of the item left out of the title.
    cut: Vec<(usize, usize)>,
}

/// Reads an item's units and deadline. Never fails: what cannot be read is left empty.
pub fn extract(text: &str, ctx: &Context) -> Fields {
    // A year the item states itself (`2025年3月启动，6月底前完成`) places its relative phrases.
    let own = deadline::document_year(text).filter(|y| ctx.year.is_none_or(|d| *y >= d));
    let base = own.or(ctx.year).unwrap_or(ctx.plan_start.year());
    let ctx = &Context {
        year: own.or(ctx.year),
        ..*ctx
    };
    let mut r = Reading::default();
    notes(text, ctx, base, &mut r);
    clauses(text, ctx, &mut r);
    let body: String = kept(text, &r.cut);
    for p in deadline::find(&body, base, false) {
        let words = body[p.start..p.end].to_string();
        r.said.push((p, words));
    }
    let deadline = choose(
        if r.noted.is_empty() {
            &r.said
        } else {
            &r.noted
        },
        text,
        ctx,
    );
    let mut leads = r.leads.into_iter();
    let lead = leads.next();
    let mut support: Vec<Found<String>> = leads
        .map(|f| Found { guess: true, ..f })
        .chain(r.support)
        .collect();
    let mut seen: Vec<String> = lead.iter().map(|l| l.value.clone()).collect();
    support.retain(|s| {
        let new = !seen.contains(&s.value);
        seen.push(s.value.clone());
        new
    });
    Fields {
        lead,
        support,
        deadline,
        rest: title_text(&body),
    }
}

/// The fields of a table's row: the unit and deadline columns (`lead`, `support`,
/// `deadline`: the cells' text, dates as `YYYY-MM-DD`) where they are filled, else what the
/// task's `text` says. A lead cell naming several units: the first leads, the rest support.
/// A deadline cell that names no time (`尽快`, `按要求`) is left empty and flagged.
pub fn from_columns(text: &str, lead: &str, support: &str, when: &str, ctx: &Context) -> Fields {
    let mut f = extract(text, ctx);
    let base = ctx.year.unwrap_or(ctx.plan_start.year());
    let cell = |s: &str| -> Vec<Found<String>> {
        units::split(s, ctx.units)
            .into_iter()
            .map(|n| Found {
                value: units::resolve(&n, ctx.units).0,
                words: s.trim().to_string(),
                guess: false,
            })
            .collect()
    };
    if !lead.trim().is_empty() {
        let mut names = cell(lead).into_iter();
        f.lead = names.next();
        let rest: Vec<_> = names.collect();
        if support.trim().is_empty() {
            f.support = rest;
        } else {
            f.support = rest.into_iter().chain(cell(support)).collect();
        }
    } else if !support.trim().is_empty() {
        f.support = cell(support);
    }
    let mut seen: Vec<String> = f.lead.iter().map(|l| l.value.clone()).collect();
    f.support.retain(|s| {
        let new = !seen.contains(&s.value);
        seen.push(s.value.clone());
        new
    });
    if !when.trim().is_empty() {
        let found: Vec<(Phrase, String)> = deadline::find(when, base, true)
            .into_iter()
            .map(|p| {
                let words = when[p.start..p.end].to_string();
                (p, words)
            })
            .collect();
        f.deadline = choose(&found, when, ctx).or(Some(Found {
            value: Deadline::Unclear,
            words: when.trim().to_string(),
            guess: true,
        }));
    }
    f
}

/// The text with the cut ranges removed.
fn kept(text: &str, cut: &[(usize, usize)]) -> String {
    let mut cut = cut.to_vec();
    cut.sort();
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in cut {
        if s >= at {
            out.push_str(&text[at..s]);
        }
        at = at.max(e);
    }
    out.push_str(&text[at.min(text.len())..]);
    out
}

/// The title's text: a leading deadline (`年底前完成…` → `完成…`) and stray separators removed.
fn title_text(body: &str) -> String {
    let t = body.trim_matches(|c: char| c.is_whitespace() || "，,；;、".contains(c));
    let mut t = t.to_string();
    if let Some(p) = deadline::find(&t, 2000, false).first()
        && p.start == 0
        && t[p.end..].chars().count() >= 4
    {
        t = t[p.end..]
            .trim_start_matches(|c: char| c.is_whitespace() || "，,、".contains(c))
            .to_string();
    }
    t
}

/// Bracketed notes with labels or a deadline, and labels after the item.
fn notes(text: &str, ctx: &Context, base: i32, r: &mut Reading) {
    let labels: Vec<(usize, usize, Label)> = LABEL
        .find_iter(text)
        .map(|m| (m.start(), m.end(), kind(m.as_str())))
        .collect();
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for (open, close) in brackets(text) {
        let inner = (
            open + text[open..].chars().next().map_or(1, char::len_utf8),
            close,
        );
        let inside: Vec<_> = labels
            .iter()
            .filter(|l| l.0 >= inner.0 && l.1 <= inner.1)
            .copied()
            .collect();
        // `【牵头单位】县住建局`: the bracket is the label itself, read with the labels after.
        if inside.len() == 1 && inside[0].0 == open {
            continue;
        }
        let end = close + text[close..].chars().next().map_or(1, char::len_utf8);
        if !inside.is_empty() {
            read_note(text, inner, &inside, ctx, base, r);
        } else if deadline_only(&text[inner.0..inner.1], base) {
            for p in deadline::find(&text[inner.0..inner.1], base, true) {
                let words = text[inner.0 + p.start..inner.0 + p.end].to_string();
                r.noted.push((p, words));
            }
        } else {
            continue;
        }
        covered.push((open, end));
        r.cut.push((open, end));
    }
    // Labels outside any bracket: from the first to the end of the item.
    let outside: Vec<_> = labels
        .iter()
        .filter(|l| !covered.iter().any(|c| l.0 >= c.0 && l.0 < c.1))
        .copied()
        .collect();
    if let Some(first) = outside.first() {
        read_note(text, (first.0, text.len()), &outside, ctx, base, r);
        r.cut.push((first.0, text.len()));
    }
}

/// A bracket's content is a deadline alone (`（2024年6月底前完成）`) when the phrases cover all
/// but a few characters.
fn deadline_only(inner: &str, base: i32) -> bool {
    let found = deadline::find(inner, base, true);
    let covered: usize = found
        .iter()
        .map(|p| inner[p.start..p.end].chars().count())
        .sum();
    !found.is_empty() && inner.chars().count() <= covered + 4
}

/// Byte offsets of each outermost bracket pair: （）, 【】, [], ().
fn brackets(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, char)> = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '（' | '【' | '[' | '(' => stack.push((i, c)),
            '）' | '】' | ']' | ')' => {
                let want = match c {
                    '）' => ['（', '('],
                    ')' => ['(', '（'],
                    '】' => ['【', '【'],
                    _ => ['[', '['],
                };
                if let Some(pos) = stack.iter().rposition(|(_, o)| want.contains(o)) {
                    let (open, _) = stack[pos];
                    stack.truncate(pos);
                    if stack.is_empty() {
                        out.push((open, i));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Reads the labelled values in `range` of `text`; `labels` are the label matches inside.
fn read_note(
    text: &str,
    range: (usize, usize),
    labels: &[(usize, usize, Label)],
    ctx: &Context,
    base: i32,
    r: &mut Reading,
) {
    // Words before the first label (`（2024年底前完成，牵头单位：…）`) may hold a deadline.
    let head = (range.0, labels.first().map_or(range.1, |l| l.0));
    free_deadline(text, head, base, r);
    for (k, &(start, end, label)) in labels.iter().enumerate() {
        let stop = labels.get(k + 1).map_or(range.1, |l| l.0);
        let value = &text[end..stop];
        match label {
            Label::People => {
                // A person's name, then maybe more: only a deadline is looked for after it.
                if let Some(i) = value.find(['；', ';', '。']) {
                    free_deadline(text, (end + i, stop), base, r);
                }
            }
            Label::When => {
                for p in deadline::find(value, base, true) {
                    let words = format!("{}{}", &text[start..end], &value[p.start..p.end]);
                    r.noted.push((p, words));
                }
            }
            Label::Lead | Label::Support => {
                // Units until a piece that is not one; the rest may hold a deadline.
                let mut names = Vec::new();
                let mut used = 0;
                for piece in value.split_inclusive(['，', ',', '；', ';', '。', '\n']) {
                    let bare = piece
                        .trim_end_matches(['，', ',', '；', ';', '。', '\n'])
                        .trim();
                    let split = units::split(bare, ctx.units);
                    if bare.is_empty()
                        || split.iter().any(|u| !units::looks_like_unit(u, ctx.units))
                    {
                        break;
                    }
                    names.extend(split);
                    used += piece.len();
                }
                let words = format!(
                    "{}{}",
                    &text[start..end],
                    value[..used].trim_end_matches(['，', ',', '；', ';', '。', '\n'])
                );
                // 责任单位：A、B — the first leads, the rest support; under 牵头单位 a second
                // name is a co-lead, which the ledger keeps as support (a guess).
                let co_lead = label == Label::Lead && !text[start..end].contains("责任");
                for (i, name) in names.iter().enumerate() {
                    let (value, _) = units::resolve(name, ctx.units);
                    let found = Found {
                        value,
                        words: words.clone(),
                        guess: co_lead && i > 0,
                    };
                    if label == Label::Lead && i == 0 {
                        r.leads.push(found);
                    } else {
                        r.support.push(found);
                    }
                }
                free_deadline(text, (end + used, stop), base, r);
            }
        }
    }
}

fn free_deadline(text: &str, (s, e): (usize, usize), base: i32, r: &mut Reading) {
    if s >= e {
        return;
    }
    for p in deadline::find(&text[s..e], base, false) {
        let words = text[s + p.start..s + p.end].to_string();
        r.noted.push((p, words));
    }
}

/// `由X牵头`, `X牵头`, `X负责`, `Y配合` in the item's sentences (outside the notes).
fn clauses(text: &str, ctx: &Context, r: &mut Reading) {
    let in_cut = |s: usize, cut: &[(usize, usize)]| cut.iter().any(|c| s >= c.0 && s < c.1);
    let all_units = |list: &str| {
        let names = units::split(list, ctx.units);
        (!names.is_empty() && names.iter().all(|u| units::looks_like_unit(u, ctx.units)))
            .then_some(names)
    };
    let push_clause = |r: &mut Reading, m: regex::Match, names: Vec<String>, lead: bool| {
        let words = m
            .as_str()
            .trim_matches(|c: char| "，。；,; ".contains(c))
            .to_string();
        for (i, name) in names.iter().enumerate() {
            let (value, known) = units::resolve(name, ctx.units);
            let guess = !known && words.ends_with("负责") && !words.starts_with('由');
            let f = Found {
                value,
                words: words.clone(),
                guess,
            };
            if lead && i == 0 {
                r.leads.push(f);
            } else {
                r.support.push(f);
            }
        }
        // A clause that is only `由X牵头，` leaves the title.
        let tail = &text[m.end()..];
        let end = m.end()
            + tail
                .chars()
                .next()
                .filter(|c| "，,、；;".contains(*c))
                .map_or(0, char::len_utf8);
        let start = m.start()
            + m.as_str()
                .chars()
                .next()
                .filter(|c| "，。；,; ".contains(*c))
                .map_or(0, char::len_utf8);
        r.cut.push((start, end));
    };
    let mut had_lead = !r.leads.is_empty();
    for c in LED_BY.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        if in_cut(m.start(), &r.cut) || had_lead {
            continue;
        }
        if let Some(names) = all_units(&c[1]) {
            let clause_end = text[m.end()..]
                .chars()
                .next()
                .is_none_or(|c| "，,、；;。".contains(c));
            if clause_end {
                push_clause(r, m, names, true);
            } else {
                let words = m.as_str().to_string();
                let (value, _) = units::resolve(&names[0], ctx.units);
                r.leads.push(Found {
                    value,
                    words,
                    guess: false,
                });
            }
            had_lead = true;
        }
    }
    if !had_lead {
        for c in CLAUSE_LEAD.captures_iter(text) {
            let m = c.get(1).expect("unit group");
            if in_cut(m.start(), &r.cut) {
                continue;
            }
            if let Some(names) = all_units(&c[1]) {
                let whole = c.get(0).expect("whole match");
                push_clause(r, whole, names, true);
                had_lead = true;
                break;
            }
        }
    }
    if had_lead {
        for c in CLAUSE_SUPPORT.captures_iter(text) {
            let m = c.get(1).expect("unit group");
            if in_cut(m.start(), &r.cut) {
                continue;
            }
            if let Some(names) = all_units(&c[1]) {
                push_clause(r, c.get(0).expect("whole match"), names, false);
            }
        }
    }
}

/// The deadline among the phrases found: the latest date (a guess when several differ or
/// the year was not stated); else 立即 (the day of import, a guess), 长期坚持, or an unclear
/// phrase (left empty, flagged).
fn choose(found: &[(Phrase, String)], _text: &str, ctx: &Context) -> Option<Found<Deadline>> {
    // A year stated earlier in the item places the relative phrases after it
    // (`2024年3月启动，6月底前完成`).
    let mut year: Option<i32> = None;
    let mut dates: Vec<(NaiveDate, bool, &str)> = Vec::new();
    for (p, words) in found {
        if let Meaning::Date { date, relative } = p.meaning {
            if !relative {
                year = Some(date.year());
                dates.push((date, false, words));
            } else if let Some(y) = year {
                let d = deadline::with_year(date, y).unwrap_or(date);
                dates.push((d, false, words));
            } else {
                dates.push((date, ctx.year.is_none(), words));
            }
        }
    }
    if let Some(&(date, guess, words)) = dates.iter().max_by_key(|d| d.0) {
        let several = dates.iter().any(|d| d.0 != date);
        return Some(Found {
            value: Deadline::Date(date),
            words: words.to_string(),
            guess: guess || several,
        });
    }
    let first = |m: Meaning| found.iter().find(|(p, _)| p.meaning == m);
    if let Some((_, words)) = first(Meaning::Now) {
        return Some(Found {
            value: Deadline::Date(ctx.today),
            words: words.clone(),
            guess: true,
        });
    }
    if let Some((_, words)) = first(Meaning::Ongoing) {
        return Some(Found {
            value: Deadline::Ongoing,
            words: words.clone(),
            guess: false,
        });
    }
    first(Meaning::Unclear).map(|(_, words)| Found {
        value: Deadline::Unclear,
        words: words.clone(),
        guess: true,
    })
}

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;
