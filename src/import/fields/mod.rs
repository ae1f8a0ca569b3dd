//! An item's lead unit (牵头单位), supporting units (配合单位) and deadline (完成时限), read from
//! its words. Pure.
//!
//! Reports give them in a note after the item, `（牵头单位：县住建局；配合单位：各乡镇；2024年6月底前
//! 完成）`, in 【】 or [], or as labels after the item (`责任单位：A、B`, where the first leads and
//! the rest support); or in the sentence: `由县交通局牵头，县财政局配合`, `县住建局负责`.
//! 责任领导 and 责任人 name people, not units: they are never taken as units. The note is
//! not part of the title ([`Fields::rest`]); the task's text keeps the report's words.
//! Every value carries the words it came from and whether it is a guess, for the dry run.

use chrono::NaiveDate;
use serde::Serialize;

use super::deadline::{self, Phrase};
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
    /// The slips already matched against `units` ([`units::NearMemo`]); one per `units`.
    pub near: &'a units::NearMemo,
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
mod when;

use when::{base_year, choose};

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
    let own = years::in_item(text);
    let own_year = own.is_some();
    let ctx = &Context {
        year: own.unwrap_or(ctx.year),
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
        own_year,
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
    near_units(&mut f, ctx);
    f
}

/// A name not in the ledger but close to one unit of it (`县农业局` beside `县农业农村局`,
/// `units::near`) is taken as that unit, marked as a guess for the dry run: a slip or an old
/// name should not silently become a new unit.
fn near_units(f: &mut Fields, ctx: &Context) {
    for u in f.lead.iter_mut().chain(f.support.iter_mut()) {
        if let Some(k) = ctx.near.near(&u.value, ctx.units) {
            u.value = k;
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
    let own = years::at_level(when).or_else(|| years::in_item(text));
    let own_year = own.is_some();
    let ctx = &Context {
        year: own.unwrap_or(ctx.year),
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
    near_units(&mut f, ctx);
    if !when.trim().is_empty() {
        let found: Vec<(Phrase, String)> = deadline::find(when, base, true)
            .into_iter()
            .map(|p| {
                let words = when[p.start..p.end].to_string();
                (p, words)
            })
            .collect();
        let (chosen, note) = choose(&found, ctx, own_year);
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

#[cfg(test)]
mod tests;
