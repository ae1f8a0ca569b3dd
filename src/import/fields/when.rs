//! Which deadline an item has, among the phrases its words give: the year relative phrases
//! fall in, festivals and named times read in that year, dates counted from the document's,
//! and the note the dry run shows on how each was read. Pure.

use chrono::{Datelike, NaiveDate};

use super::super::deadline::{self, Meaning, Phrase};
use super::super::years::Year;
use super::{Context, Deadline, Found};

/// The year `deadline::find` places relative phrases in: the stated one, else the plan
/// start's. `choose` moves them when the year is open.
pub(super) fn base_year(ctx: &Context) -> i32 {
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
///
/// `own_year`: the item's own words state a year (`years::in_item`); else a month and day
/// already behind the document's date, in the document's year, is the next year's (`1月20日前`
/// in a notice dated 2026-11-26 is 2027-01-20), said in the note.
pub(super) fn choose(
    found: &[(Phrase, String)],
    ctx: &Context,
    own_year: bool,
) -> (Option<Found<Deadline>>, Option<String>) {
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
                        Year::Stated(_) => match ctx.document_date {
                            Some(doc) if !own_year && date < doc && date.year() == doc.year() => {
                                let next = deadline::with_year(date, doc.year() + 1);
                                let note = crate::msg!(
                                    "before the document's date {doc}: the next year's",
                                    "早于文件日期 {doc}，按次年计"
                                );
                                dates.push((next.unwrap_or(date), false, words, Some(note)));
                            }
                            _ => dates.push((date, false, words, None)),
                        },
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
            Meaning::Nominal(date) => {
                dates.push((date, true, words, Some(deadline::named::school_note())))
            }
            Meaning::AfterEvent => open.push((
                words,
                crate::msg!(
                    "counted from an event the text does not date",
                    "自某一事件起算，但文中未注明该事件的日期"
                ),
                Deadline::Relative,
            )),
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
