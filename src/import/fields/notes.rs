//! Labelled notes: `（牵头单位：…；配合单位：…；完成时限：…）` in （）【】[], or labels after the
//! item. 责任领导 and 责任人 are labels too, so the names after them are never read as units.

use std::sync::LazyLock;

use regex::Regex;

use super::super::deadline;
use super::super::units;
use super::{Context, Found, Reading};

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
    // Inside one office, its sections (股室, 科室, 处室) carry the work.
    "责任股室",
    "责任科室",
    "责任处室",
    "牵头股室",
    "牵头科室",
    "牵头处室",
    "责任股",
    "责任科",
    "牵头",
    // `（牵头：X；责任：Y）`: a work plan's short labels; after 牵头 the units 责任 names
    // carry the work under the lead (support, as a second lead is); alone, they lead. Only
    // where it opens a note (`BARE`), never `主体责任：` inside a sentence.
    "责任",
];

/// Labels read only where a note opens with them (after a bracket or a separator): as words
/// they end longer phrases (`压实主体责任：…`).
const BARE: &[&str] = &["责任"];
const SUPPORT: &[&str] = &[
    "配合单位",
    "协办单位",
    "配合部门",
    "协办部门",
    "参与单位",
    "协同单位",
    "配合股室",
    "配合科室",
    "配合处室",
    "配合",
];
const WHEN: &[&str] = &[
    "完成时限",
    "整改时限",
    "整改期限",
    "办理时限",
    "整改时间",
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

/// Bracketed notes with labels or a deadline, and labels after the item.
pub(super) fn notes(text: &str, ctx: &Context, base: i32, r: &mut Reading) {
    let labels: Vec<(usize, usize, Label)> = LABEL
        .find_iter(text)
        .filter(|m| {
            let name = m.as_str().trim_matches(|c: char| "【】[]：: ".contains(c));
            !BARE.contains(&name)
                || text[..m.start()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| "（(【[；;，, \n".contains(c))
        })
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
        } else if let Some((names, when, words)) =
            // Before a deadline alone: `（人社局，12月底前）` is mostly its deadline's words.
            unit_note(text, (open, inner.0, inner.1, end), ctx, base)
        {
            for (s, e) in when {
                free_deadline(text, (s, e), base, r);
            }
            // `县城管局牵头` leads, `县自然资源局配合` supports; a bare name leads if it is
            // the note's first and no name leads yet.
            let said_lead = names.iter().any(|n| n.1 == Some(true));
            for (i, (name, role)) in names.iter().enumerate() {
                let found = Found {
                    value: units::resolve(name, ctx.units).0,
                    words: words.clone(),
                    guess: false,
                };
                let lead = match role {
                    Some(lead) => *lead,
                    None => i == 0 && !said_lead,
                };
                if lead && r.leads.is_empty() {
                    r.leads.push(found);
                } else {
                    r.support.push(found);
                }
            }
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

/// A bracket holding only units' names, without a label (`【县市场监管局】`, `[县住建局、
/// 县自然资源局]`, and `（县商务局）` at the item's end): lists of the units that carry the
/// item, as task lists write them; the first leads, the rest support. `None` when any
/// name does not read as a unit, or a （） note stands inside the sentence (an explanation).
fn bare_units(
    text: &str,
    (open, from, to, end): (usize, usize, usize, usize),
    ctx: &Context,
) -> Option<Vec<String>> {
    let inner = text[from..to].trim();
    if inner.is_empty() || inner.chars().count() > 40 {
        return None;
    }
    let square = text[open..].starts_with(['【', '[']);
    // `清理小广告（县城管局），尽快完成`: a deadline after the note is the item's end too.
    // (Read only for a round bracket: a square one holds units wherever it stands.)
    if !square {
        let after = text[end..].trim_matches(|c: char| c.is_whitespace() || "。；;，,".contains(c));
        if !(after.is_empty() || deadline_only(after, 2000)) {
            return None;
        }
    }
    let names = units::split(inner, ctx.units);
    (!names.is_empty() && names.iter().all(|n| units::looks_like_unit(n, ctx.units)))
        .then_some(names)
}

/// A bracket of units without a label, maybe with a deadline beside them (`（县人社局，12月底
/// 前）`, `【县水利局，6月底前完成】`): the units as [`bare_units`] reads them, and the byte
/// ranges of the pieces (split at ，；) that are deadlines. A piece may say its units' role
/// (`县农业农村局牵头`, `县财政局配合`): `Some(true)` leads, `Some(false)` supports. `None`
/// unless every piece is one or the other and some piece names units; with the units'
/// words, for the dry run.
#[allow(clippy::type_complexity)]
fn unit_note(
    text: &str,
    (open, from, to, end): (usize, usize, usize, usize),
    ctx: &Context,
    base: i32,
) -> Option<(Vec<(String, Option<bool>)>, Vec<(usize, usize)>, String)> {
    let mut words: Vec<&str> = Vec::new();
    let mut names = Vec::new();
    let mut when = Vec::new();
    let mut at = from;
    for piece in text[from..to].split_inclusive(['，', ',', '；', ';']) {
        let bare = piece.trim_end_matches(['，', ',', '；', ';']);
        let (s, e) = (at, at + bare.len());
        at += piece.len();
        if bare.trim().is_empty() {
            continue;
        }
        if deadline_only(bare, base) {
            when.push((s, e));
        } else {
            // `县农业农村局牵头`, `县财政局配合`: the piece says the role (Some(true): leads).
            let said = [
                ("牵头", true),
                ("负责", true),
                ("主责", true),
                ("配合", false),
                ("协办", false),
                ("协助", false),
            ]
            .iter()
            .find(|(w, _)| bare.trim_end().ends_with(w));
            let (e, role) = match said {
                Some((w, lead)) => (s + bare.trim_end().len() - w.len(), Some(*lead)),
                None => (e, None),
            };
            let found = bare_units(text, (open, s, e, end), ctx)?;
            names.extend(found.into_iter().map(|n| (n, role)));
            words.push(bare.trim());
        }
    }
    (!names.is_empty()).then_some((names, when, words.join("，")))
}

/// Longer than this, a text is never a deadline alone (`deadline_only`): two phrases joined
/// (`2025年6月底前启动，12月底前全面完成`) stay well within it.
const DEADLINE_ONLY_MAX_CHARS: usize = 48;

/// A bracket's content is a deadline alone (`（2024年6月底前完成）`) when the phrases cover all
/// but a few characters.
fn deadline_only(inner: &str, base: i32) -> bool {
    // The longest deadline phrases (`2026年12月31日24时前全面完成`) are under 20 characters, and
    // a text that is one must be all of it but four: a long clause, the rest of an item after
    // its note, is never one, and is not searched through for all twenty-odd forms.
    if inner.chars().nth(DEADLINE_ONLY_MAX_CHARS).is_some() {
        return false;
    }
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
                    if bare.is_empty() || split.iter().any(|u| !units::labelled_unit(u, ctx.units))
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
