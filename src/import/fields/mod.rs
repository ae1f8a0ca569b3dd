//! An item's lead unit (牵头单位), supporting units (配合单位) and deadline (完成时限), read from
//! its words. Pure.
//!
//! Reports give them in a note after the item, `（牵头单位：县住建局；配合单位：各乡镇；2024年6月底前
//! 完成）`, in 【】 or [], or as labels after the item (`责任单位：A、B`, where the first leads and
//! the rest support); or in the sentence: `由县交通局牵头，县财政局配合`, `县住建局负责`.
//! 责任领导 and 责任人 name people, not units: they are never taken as units. The note is
//! not part of the title ([`Fields::rest`]); the task's text keeps the report's words.
//! Every value carries the words it came from and whether it is a guess, for the dry run.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::deadline::{self, Meaning, Phrase};
use super::units;
use super::years::{self, Year};

/// What the item is read against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The year relative deadlines fall in when the item states none (`years::nearest`: its
    /// heading's, the title's, the document date's).
    pub year: Year,
    /// The document's own date (`years::document_date`), for `月底前`, `本周内`, `15日内`.
    pub document_date: Option<NaiveDate>,
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
    /// `每月25日前报送`, `每季度末`: a deadline that recurs, so no one date; left empty.
    Recurring,
    /// `在5月至10月期间开展`: a period the work fills, whose end is no deadline; left empty.
    Period,
    /// `30日内`, `月底前` with no date of the document to count from: left empty.
    Relative,
    /// `2月30日前`, `13月底`: no such date, left empty.
    Invalid,
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
    /// How the deadline was read, where the words alone do not say (`of 2024 or 2025?`,
    /// `no such date`, `counted from the document's date 2025-04-08`): the tool's words,
    /// never the document's.
    pub deadline_note: Option<String>,
    /// The item's text without its label notes and unit clauses, for the title.
    pub rest: String,
}

mod clauses;
mod names;
mod notes;

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
    // A year the item states itself (`2025年3月启动，6月底前完成`) places its relative
    // phrases before any heading's or title's.
    let ctx = &Context {
        year: years::in_item(text).unwrap_or(ctx.year),
        ..*ctx
    };
    let base = base_year(ctx);
    let mut r = Reading::default();
    notes::notes(text, ctx, base, &mut r);
    clauses::clauses(text, ctx, &mut r);
    let body: String = kept(text, &r.cut);
    let found = deadline::find(&body, base, false);
    // The title drops a deadline that opens the body: found here once, not again.
    let opening = found.first().map(|p| (p.start, p.end));
    for p in found {
        let words = body[p.start..p.end].to_string();
        r.said.push((p, words));
    }
    let (deadline, deadline_note) = choose(
        if r.noted.is_empty() {
            &r.said
        } else {
            &r.noted
        },
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
    let mut f = Fields {
        lead,
        support,
        deadline,
        deadline_note,
        rest: title_text(&body, opening),
    };
    near_units(&mut f, ctx.units);
    f
}

/// A name not in the ledger but close to one unit of it (`县农业局` beside `县农业农村局`,
/// `units::near`) is taken as that unit, marked as a guess for the dry run: a slip or an old
/// name should not silently become a new unit.
fn near_units(f: &mut Fields, known: &[String]) {
    for u in f.lead.iter_mut().chain(f.support.iter_mut()) {
        if let Some(k) = units::near(&u.value, known) {
            u.value = k.clone();
            u.guess = true;
        }
    }
    let lead = f.lead.as_ref().map(|l| l.value.clone());
    let mut seen: Vec<String> = lead.into_iter().collect();
    f.support.retain(|s| {
        let new = !seen.contains(&s.value);
        seen.push(s.value.clone());
        new
    });
}

/// The fields of a table's row: the unit and deadline columns (`lead`, `support`,
/// `deadline`: the cells' text, dates as `YYYY-MM-DD`) where they are filled, else what the
/// task's `text` says. A lead cell naming several units: the first leads, the rest support.
/// A deadline cell that names no time (`尽快`, `按要求`) is left empty and flagged.
pub fn from_columns(text: &str, lead: &str, support: &str, when: &str, ctx: &Context) -> Fields {
    // The lead and deadline cells, where both are filled, replace all that the text would
    // say (lead, support and deadline), so the text is not read: in a table of thousands of
    // rows, reading it was a fifth of the import. A table's title is its own column, so
    // `rest` is the text as it stands.
    let mut f = if lead.trim().is_empty() || when.trim().is_empty() {
        extract(text, ctx)
    } else {
        Fields {
            lead: None,
            support: Vec::new(),
            deadline: None,
            deadline_note: None,
            rest: text.to_string(),
        }
    };
    // The row's own words (its text and the deadline cell) state a year before the table's.
    let ctx = &Context {
        year: years::at_level(when)
            .or_else(|| years::in_item(text))
            .unwrap_or(ctx.year),
        ..*ctx
    };
    let base = base_year(ctx);
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
    near_units(&mut f, ctx.units);
    if !when.trim().is_empty() {
        let found: Vec<(Phrase, String)> = deadline::find(when, base, true)
            .into_iter()
            .map(|p| {
                let words = when[p.start..p.end].to_string();
                (p, words)
            })
            .collect();
        let (chosen, note) = choose(&found, ctx);
        f.deadline = chosen.or(Some(Found {
            value: Deadline::Unclear,
            words: when.trim().to_string(),
            guess: true,
        }));
        f.deadline_note = note;
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

/// The title's text: a leading deadline (`年底前完成…`, `在11月底前完成…` → `完成…`) and stray
/// separators removed.
///
/// `first` is the first deadline phrase of `body` (byte range), as `deadline::find` gave
/// it: finding it again here doubled the phrase search of every item.
fn title_text(body: &str, first: Option<(usize, usize)>) -> String {
    let edge = |c: char| c.is_whitespace() || "，,；;、".contains(c);
    let from = body.len() - body.trim_start_matches(edge).len();
    let t = body.trim_matches(edge);
    // `在…前` and `于…前` put the same deadline behind a preposition.
    let lead_in = ["在", "于"]
        .iter()
        .find(|w| t.starts_with(**w))
        .map_or(0, |w| w.len());
    if let Some((start, end)) = first
        && start == from + lead_in
        && let Some(after) = t.get(end - from..)
        && after.chars().count() >= 4
    {
        return after
            .trim_start_matches(|c: char| c.is_whitespace() || "，,、".contains(c))
            .to_string();
    }
    t.to_string()
}

/// The year `deadline::find` places relative phrases in: the stated one, else the plan
/// start's. `choose` moves them when the year is open.
fn base_year(ctx: &Context) -> i32 {
    match ctx.year {
        Year::Stated(y) | Year::Inferred(y) => y,
        _ => ctx.plan_start.year(),
    }
}

/// A festival on a fixed day (`国庆节前`, `元旦前`) read as the day before it (`9月30日`,
/// `12月31日`: work is due before the holiday, as a clerk writes it in the 台账), in the
/// year `10月1日前` would fall: one the item, its heading,
/// the title or the document's date states, else the plan start's (a guess). A day that
/// year which is already behind the document's own date (or, in the plan start's year,
/// behind the plan start) is the next year's: `元旦前` in a document dated March is next
/// January. Other meanings pass as they are.
fn festival(meaning: Meaning, ctx: &Context) -> Meaning {
    let Meaning::FromDocument(deadline::Rel::Before(month, day)) = meaning else {
        return meaning;
    };
    let base = base_year(ctx);
    let Some(mut date) = NaiveDate::from_ymd_opt(base, month, day) else {
        return Meaning::Invalid;
    };
    let from = ctx.document_date.or(match ctx.year {
        Year::Stated(_) | Year::Inferred(_) => None,
        _ => Some(ctx.plan_start),
    });
    if let Some(from) = from
        && date < from
        && let Some(next) = deadline::with_year(date, base + 1)
    {
        date = next;
    }
    Meaning::Date {
        date: date.pred_opt().unwrap_or(date),
        relative: true,
    }
}

/// The deadline among the phrases found, and a note on how it was read (for the dry run,
/// apart from the document's words): the latest date (a guess when several differ or the
/// year was not stated); else 立即 (the day of import, a guess), a phrase left empty and
/// flagged (a relative one with nothing to count from, one whose year is open, a date that
/// does not exist), 长期坚持, or an unclear phrase (尽快).
fn choose(found: &[(Phrase, String)], ctx: &Context) -> (Option<Found<Deadline>>, Option<String>) {
    // A year stated earlier in the item places the relative phrases after it
    // (`2024年3月启动，6月底前完成`).
    let mut year: Option<i32> = None;
    let mut dates: Vec<(NaiveDate, bool, String, Option<String>)> = Vec::new();
    let mut open: Vec<(String, String, Deadline)> = Vec::new();
    for (p, words) in found {
        let words = words.clone();
        match festival(p.meaning, ctx) {
            Meaning::Date { date, relative } => {
                if !relative {
                    year = Some(date.year());
                    dates.push((date, false, words, None));
                } else if let Some(y) = year {
                    let d = deadline::with_year(date, y).unwrap_or(date);
                    dates.push((d, false, words, None));
                } else {
                    match ctx.year {
                        Year::Stated(_) => dates.push((date, false, words, None)),
                        Year::Unstated | Year::Inferred(_) => dates.push((date, true, words, None)),
                        Year::Ambiguous(a, b) => open.push((
                            words,
                            crate::msg!("of {a} or {b}?", "{a}年还是{b}年？"),
                            Deadline::Unclear,
                        )),
                    }
                }
            }
            Meaning::FromDocument(rel) => match ctx.document_date {
                Some(doc) => match rel.from(doc) {
                    Some(date) => dates.push((
                        date,
                        false,
                        words,
                        Some(crate::msg!(
                            "counted from the document's date {doc}",
                            "自文件日期 {doc} 起算"
                        )),
                    )),
                    None => open.push((
                        words,
                        crate::msg!(
                            "working days from {doc}: holidays are not known here",
                            "自 {doc} 起的工作日：此处不知节假日"
                        ),
                        Deadline::Relative,
                    )),
                },
                None => open.push((
                    words,
                    crate::msg!(
                        "relative: counted from the document's date, which it does not state",
                        "相对时限：自文件日期起算，但文件未注明日期"
                    ),
                    Deadline::Relative,
                )),
            },
            Meaning::Invalid => open.push((
                words,
                crate::msg!("no such date", "没有这一天"),
                Deadline::Invalid,
            )),
            _ => {}
        }
    }
    if let Some((date, guess, words, note)) = dates.iter().max_by_key(|d| d.0) {
        let several = dates.iter().any(|d| d.0 != *date) || !open.is_empty();
        // `6月底前完成摸底，2027年底前全面完成`: the latest date, with its year written out,
        // is the item's own end, not one pick among several.
        let explicit = found.iter().any(|(p, w)| {
            w == words
                && matches!(
                    p.meaning,
                    Meaning::Date {
                        relative: false,
                        ..
                    }
                )
        });
        return (
            Some(Found {
                value: Deadline::Date(*date),
                words: words.clone(),
                guess: *guess || (several && !explicit),
            }),
            note.clone(),
        );
    }
    let first = |m: Meaning| found.iter().find(|(p, _)| p.meaning == m);
    // `立行立改，长期坚持`: begun now and kept up, so no one date; never the day of import.
    if first(Meaning::Now).is_some()
        && let Some((_, words)) = first(Meaning::Ongoing)
    {
        let found = Found {
            value: Deadline::Ongoing,
            words: words.clone(),
            guess: false,
        };
        return (Some(found), None);
    }
    if let Some((_, words)) = first(Meaning::Now) {
        let found = Found {
            value: Deadline::Date(ctx.today),
            words: words.clone(),
            guess: true,
        };
        return (Some(found), None);
    }
    if let Some((words, note, value)) = open.into_iter().next() {
        let found = Found {
            value,
            words,
            guess: true,
        };
        return (Some(found), Some(note));
    }
    if let Some((_, words)) = first(Meaning::Recurring) {
        let found = Found {
            value: Deadline::Recurring,
            words: words.clone(),
            guess: false,
        };
        let note = crate::msg!(
            "recurring: it comes back, so no one date",
            "定期事项：按期重复，没有单一时限"
        );
        return (Some(found), Some(note));
    }
    if let Some((_, words)) = first(Meaning::Period) {
        let found = Found {
            value: Deadline::Period,
            words: words.clone(),
            guess: false,
        };
        let note = crate::msg!(
            "a period the work fills, not a date to finish by",
            "工作开展的期间，不是完成时限"
        );
        return (Some(found), Some(note));
    }
    if let Some((_, words)) = first(Meaning::Ongoing) {
        let found = Found {
            value: Deadline::Ongoing,
            words: words.clone(),
            guess: false,
        };
        return (Some(found), None);
    }
    let unclear = first(Meaning::Unclear).map(|(_, words)| Found {
        value: Deadline::Unclear,
        words: words.clone(),
        guess: true,
    });
    (unclear, None)
}

#[cfg(test)]
mod tests;
