//! `tracker import`: any report's numbered recommendations, or a task table, as tasks.
//! `text` cleans the bytes into Simplified Chinese; `docx` reads a Word file's paragraphs and
//! tables; `lines` sorts out trailing matter and broken headings, `marker` reads numbering,
//! `outline` arranges the paragraphs into nested lists, `parse` picks the recommendations and
//! their tasks, and `title` names each task; `table` reads task tables and existing 台账 (text,
//! csv, spreadsheets); `fields` reads each item's units and deadline (`deadline`, `units`). All
//! pure but `docx` and `table`'s workbook reader, which take bytes; the command
//! (`cmd::import`) reads the file and writes the result. `headline` names a flat list,
//! `minutes` reads 会议纪要, `leftout` names numbered lines left out after the list and knows
//! the closing matter after it, `sections` tells a report's sections that look back (work
//! done, problems) from those that plan.

pub mod columns;
pub mod deadline;
pub mod docx;
pub mod fields;
mod headline;
pub mod input;
pub mod layout;
pub mod leftout;
pub mod lines;
pub mod marker;
mod minutes;
pub mod notice;
pub mod ods;
pub mod outline;
pub mod parse;
pub mod same;
mod sections;
pub mod sheet;
pub mod table;
mod taiwan;
pub mod text;
pub mod title;
pub mod units;
pub mod years;

use crate::model::Status;
use fields::Fields;

/// A recommendation as read from a file, ready to preview and store.
#[derive(Debug, Clone)]
pub struct Group {
    /// The number the file gives it (a 台账's 序号 `1.4` → 1); `None`: numbered on import.
    pub number: Option<u32>,
    pub headline: String,
    pub text: String,
    pub items: Vec<Item>,
    /// Read from a table's columns (else from a report's words).
    pub table: bool,
}

/// A task as read from a file.
#[derive(Debug, Clone)]
pub struct Item {
    /// The item number the file gives it (`1.4` → 4); `None`: counted on import.
    pub number: Option<u32>,
    pub title: String,
    pub text: String,
    pub fields: Fields,
    /// A 台账's 状态, 进展情况 and progress, when the file has them.
    pub status: Option<Status>,
    /// The status was not in the file but follows from its progress (above 0%: in
    /// progress; 100%: done).
    pub status_inferred: bool,
    pub progress: Option<u8>,
    pub note: Option<String>,
}

/// The groups of a report's recommendations: each item's units and deadline read from its
/// words, and its title taken from the text without the label notes. An item that is only a
/// note (`（牵头单位：…；2024年6月底前完成）` after the sentence it belongs to) gives its fields
/// to the item before it, or to the recommendation's headline as its item, and is no task.
/// `ctx.year` is the title's or the document date's year; a heading's comes before it.
pub fn from_report(found: &[parse::FoundRecommendation], ctx: &fields::Context) -> Vec<Group> {
    // Each recommendation's items are read on their own (their fields, by the clause), so
    // they are read on every core, in order.
    crate::par::map(found, |r| group_of(r, ctx))
}

/// One recommendation of `from_report`, with its items and their fields.
fn group_of(r: &parse::FoundRecommendation, ctx: &fields::Context) -> Group {
    // Under a heading that states a year (`一、2025年重点工作`), its items' relative
    // deadlines fall in it, before the title's or the document date's year.
    let ctx = &fields::Context {
        year: years::at_level(&r.headline).unwrap_or(ctx.year),
        ..*ctx
    };
    let mut items: Vec<Item> = Vec::new();
    for i in r.items.iter().flat_map(|i| own_steps(i, ctx)) {
        let mut fields = fields::extract(&i.text, ctx);
        minutes::assigned_lead(&i.text, ctx.units, &mut fields);
        let only_note = fields.rest.chars().all(|c| !c.is_alphanumeric())
            && (fields.lead.is_some() || fields.deadline.is_some());
        if only_note {
            match items.last_mut() {
                Some(prev) => {
                    merge(&mut prev.fields, fields);
                    prev.text = format!("{}{}", prev.text, i.text);
                }
                None => items.push(Item {
                    number: None,
                    title: parse::title_of(&r.headline),
                    text: format!("{}。{}", r.headline, i.text),
                    fields: fields::extract(&format!("{}。{}", r.headline, i.text), ctx),
                    status: None,
                    status_inferred: false,
                    progress: None,
                    note: None,
                }),
            }
            continue;
        }
        // A title taken from the item's heading, which its text leaves out (`1、规范专项
        // 资金使用。` over `对挪用的资金…（责任股室：财务股）`), stays: the text's
        // first words are no title.
        let headed = !i.text.contains(i.title.trim_end_matches('…'));
        let title = if headed || fields.rest.trim() == i.text.trim() || fields.rest.is_empty() {
            i.title.clone()
        } else {
            parse::title_of(&fields.rest)
        };
        items.push(Item {
            number: None,
            title,
            text: i.text.clone(),
            fields,
            status: None,
            status_inferred: false,
            progress: None,
            note: None,
        });
    }
    Group {
        number: None,
        table: false,
        headline: r.headline.clone(),
        text: r.text.clone(),
        items,
    }
}

/// The tasks an item gives: its numbered sub-items when one of them states its own unit or
/// deadline (`2、加强固定资产管理。（1）11月底前完成资产盘点；（2）由办公室负责，年底前完成数据
/// 更新。`: two tasks, each with what it says; the parent's sentence stays in the
/// recommendation's text), else the item itself, its sub-items part of its text as steps.
fn own_steps<'a>(item: &'a parse::FoundItem, ctx: &fields::Context) -> Vec<&'a parse::FoundItem> {
    // A note closing the last step (`二是推行红色物业。（责任单位：各街道）`) is the whole
    // item's, as the layout puts it after the last words: it makes no step a task.
    let last = item.steps.len().saturating_sub(1);
    let states_own = |(k, s): (usize, &parse::FoundItem)| {
        let text = s.text.trim_end();
        let text = match text.rfind(['（', '【', '(', '[']) {
            Some(at) if k == last && text.ends_with(['）', '】', ')', ']']) => &text[..at],
            _ => text,
        };
        let f = fields::extract(text, ctx);
        f.lead.is_some() || f.deadline.is_some_and(|d| d.value.date().is_some())
    };
    if item.steps.iter().enumerate().any(states_own) {
        item.steps.iter().collect()
    } else {
        vec![item]
    }
}

/// Fields found in a later note fill what the item's own words left empty.
fn merge(into: &mut Fields, from: Fields) {
    if into.lead.is_none() {
        into.lead = from.lead;
    }
    for s in from.support {
        if !into.support.iter().any(|x| x.value == s.value)
            && into.lead.as_ref().is_none_or(|l| l.value != s.value)
        {
            into.support.push(s);
        }
    }
    if into.deadline.is_none() {
        into.deadline = from.deadline;
        into.deadline_note = from.deadline_note;
    }
}
