//! Turning data into text for people and programs. Pure functions from values to strings: no
//! queries, no I/O. Stored text passes through `safe` before it reaches a terminal.

pub mod deadlines;
pub mod docx;
pub mod followup;
pub mod formats;
pub mod grid;
pub mod header;
pub mod history;
pub mod import;
pub mod json;
pub mod list;
pub mod news;
pub mod notice;
pub mod report;
pub mod table;
pub mod terminal;
pub mod wrap;
pub mod xlsx;

use crate::model::{Lang, Status, ymd};
use crate::task::{Event, Field};

/// Stored text as a terminal may show it: control, direction-control and invisible-space
/// characters written as `\u{..}` (`model::escape_for_terminal`, the one rule for this). Line
/// breaks survive where `multiline` is set.
pub fn safe(s: &str, multiline: bool) -> String {
    crate::model::escape_for_terminal(s, multiline).into_owned()
}

/// `safe(s, false)` without a copy when there is nothing to replace.
pub fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    crate::model::escape_for_terminal(s, false)
}

/// Stored text as a document people print and sign (the .docx 通报) carries it: the characters
/// a terminal shows as `\u{..}` ([`crate::model::needs_escape`], the same judgement) are left
/// out, since a leader should read neither an escape nor text a U+202E turned around, and XML
/// 1.0 (the file Word opens) cannot hold a control character or U+FFFE/U+FFFF at all. Line
/// breaks (LF, CR LF, CR, U+2028, U+2029) are kept as LF where `multiline` is set and become a
/// space where it is not, as a tab always does; a joiner or variation selector inside an
/// emoji is part of what is seen and stays. Borrowed when nothing changes.
pub fn for_document(s: &str, multiline: bool) -> std::borrow::Cow<'_, str> {
    use crate::model::{joins_emoji, needs_escape};
    let emoji_part = |c: char| matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}');
    let not_xml = |c: char| matches!(c, '\u{FFFE}' | '\u{FFFF}');
    if !s
        .chars()
        .any(|c| needs_escape(c) || emoji_part(c) || not_xml(c))
    {
        return std::borrow::Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let line_break = if multiline { '\n' } else { ' ' };
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\r' if chars.get(i + 1) == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(line_break),
            '\t' => out.push(' '),
            c if emoji_part(c) && joins_emoji(&chars, i) => out.push(c),
            c if needs_escape(c) || emoji_part(c) || not_xml(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How stored text is made safe for where it goes: a terminal, html, csv and the workbooks
/// show hidden characters as `\u{..}` ([`safe`]); a document leaves them out
/// ([`for_document`]). Renderers shared by both take one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    Screen,
    Document,
}

impl Medium {
    /// `s` made safe for this medium; line breaks kept where `multiline` is set.
    pub fn text(self, s: &str, multiline: bool) -> String {
        match self {
            Medium::Screen => safe(s, multiline),
            Medium::Document => for_document(s, multiline).into_owned(),
        }
    }
}

/// A field's value as people read it.
pub(crate) fn value(field: Field, v: Option<&str>, lang: Lang) -> String {
    match (field, v) {
        (_, None) => lang.pick("无", "none").to_string(),
        (Field::Status, Some(s)) => s
            .parse::<Status>()
            .map(|s| s.label(lang).to_string())
            .unwrap_or_else(|_| safe(s, false)),
        (Field::Progress, Some(p)) => format!("{p}%"),
        (Field::SupportOrder, Some(s)) => match crate::task::support::decode(s) {
            Some(list) => list
                .iter()
                .map(|u| safe(u, false))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", ")),
            None => safe(s, false),
        },
        (_, Some(s)) => safe(s, false),
    }
}

/// A `notice` event as `show` and `history` say it: `督办通知单 督办〔2026〕3号，限12月4日前反馈`
/// (`notice 督办〔2026〕3号, reply by 2026-12-04`); withdrawn by an undo, `撤回督办通知单 …`.
pub fn notice_sentence(e: &Event, lang: Lang) -> String {
    let (text, withdrawn) = match (&e.new, &e.old) {
        (Some(t), _) => (t.as_str(), false),
        (None, Some(t)) => (t.as_str(), true),
        (None, None) => ("", false),
    };
    let Ok(n) = text.parse::<crate::model::NoticeRef>() else {
        return format!(
            "{} {}",
            lang.pick("督办通知单", "notice"),
            safe(text, false)
        );
    };
    let serial = n.serial();
    match (lang, withdrawn) {
        (Lang::Zh, false) => format!("督办通知单 {serial}，限{}前反馈", n.reply_by_zh()),
        (Lang::Zh, true) => format!("撤回督办通知单 {serial}"),
        (Lang::En, false) => format!("notice {serial}, reply by {}", ymd(n.reply_by)),
        (Lang::En, true) => format!("notice {serial} withdrawn"),
    }
}

/// A field's name before its values in `show` and `history` (`配合单位顺序`, `supporting units
/// order`); the English one is the field's own name except where that reads as code.
pub(crate) fn field_label(field: Field, lang: Lang) -> &'static str {
    match (lang, field) {
        (Lang::Zh, f) => f.zh(),
        (Lang::En, Field::SupportOrder) => "supporting units order",
        (Lang::En, f) => f.name(),
    }
}

/// The label of event `e`'s field, a unit's rename named so (`牵头单位更名`, `lead renamed`):
/// a rename must not read as the task handed to another unit.
/// A rename that `merged` a unit into one already known is named so (`牵头单位并入`,
/// `lead merged`; 17j #7).
pub(crate) fn event_label_as(e: &Event, lang: Lang, merged: bool) -> &'static str {
    match (e.is_rename(), e.field, lang) {
        (true, Field::Lead, Lang::Zh) if merged => "牵头单位并入",
        (true, Field::Lead, Lang::En) if merged => "lead merged",
        (true, Field::Support, Lang::Zh) if merged => "配合单位并入",
        (true, Field::Support, Lang::En) if merged => "supporting unit merged",
        (true, Field::Lead, Lang::Zh) => "牵头单位更名",
        (true, Field::Lead, Lang::En) => "lead renamed",
        (true, Field::Support, Lang::Zh) => "配合单位更名",
        (true, Field::Support, Lang::En) => "supporting unit renamed",
        _ => field_label(e.field, lang),
    }
}

/// One event as a short phrase: `状态：未开始 -> 进行中`, `progress: 0% -> 30%`,
/// `牵头单位更名：人才工作科 -> 人才科`.
pub fn describe(e: &Event, lang: Lang) -> String {
    describe_as(e, lang, false)
}

/// [`describe`], a rename that `merged` a unit into one already known said so
/// ([`event_label_as`]).
pub(crate) fn describe_as(e: &Event, lang: Lang, merged: bool) -> String {
    let name = event_label_as(e, lang, merged);
    let colon = lang.pick("：", ": ");
    match e.field {
        Field::Created => format!(
            "{}{colon}{}",
            lang.pick("创建", "created"),
            value(e.field, e.new.as_deref(), lang)
        ),
        Field::Note if e.old.is_some() => lang.pick("撤回进展", "note withdrawn").to_string(),
        Field::Note if e.new.is_some() => lang.pick("恢复进展", "note restored").to_string(),
        Field::Note if e.withdrawn => lang.pick("进展（已撤回）", "note (withdrawn)").to_string(),
        Field::Note => lang.pick("进展", "note").to_string(),
        Field::Text => lang.pick("修改了内容", "text changed").to_string(),
        Field::Notice => notice_sentence(e, lang),
        Field::Support => match (&e.old, &e.new) {
            (None, Some(added)) => format!("{name}{colon}+{}", safe(added, false)),
            (Some(removed), None) => format!("{name}{colon}-{}", safe(removed, false)),
            _ => format!(
                "{name}{colon}{} -> {}",
                value(e.field, e.old.as_deref(), lang),
                value(e.field, e.new.as_deref(), lang)
            ),
        },
        _ => format!(
            "{name}{colon}{} -> {}",
            value(e.field, e.old.as_deref(), lang),
            value(e.field, e.new.as_deref(), lang)
        ),
    }
}

/// A note tracker itself wrote in English when it made a change (`seeded from FILE`,
/// `imported from FILE (sha256 HASH)`), said in `lang`; `None` for a note people wrote, shown
/// as it is. The stored text stays as written, so exports and old ledgers keep it.
pub fn machine_note(note: &str, lang: Lang) -> Option<String> {
    if lang != Lang::Zh {
        return None;
    }
    if let Some(file) = note.strip_prefix("seeded from ") {
        return Some(format!("由 {} 载入计划", safe(file, false)));
    }
    let rest = note.strip_prefix("imported from ")?;
    let (file, hash) = rest.rsplit_once(" (sha256 ")?;
    let hash = hash.strip_suffix(')')?;
    Some(format!(
        "导入自 {}（SHA-256 {}）",
        safe(file, false),
        safe(hash, false)
    ))
}

/// `2026-03-02T09:30:00+08:00` → `2026-03-02 09:30`.
/// A stored time that is not of that shape (an edited export) is shown whole, escaped.
pub fn short_time(at: &str) -> String {
    if at.chars().any(crate::model::needs_escape) {
        return safe(at, false);
    }
    match (at.get(..10), at.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t}"),
        _ => safe(at, false),
    }
}

pub fn deadline_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(ymd).unwrap_or_else(|| "-".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_leaves_out_what_a_terminal_escapes() {
        // (stored text, one line, multiline)
        let cases = [
            ("普通文本", "普通文本", "普通文本"),
            ("a\u{202e}cba", "acba", "acba"),
            ("\u{2067}隔离\u{2069}", "隔离", "隔离"),
            ("\u{1b}[31m红\u{1b}[0m", "[31m红[0m", "[31m红[0m"),
            ("响铃\u{7}", "响铃", "响铃"),
            ("零\u{200b}宽\u{feff}", "零宽", "零宽"),
            ("C1\u{9b}31m\u{85}", "C131m", "C131m"),
            ("删\u{7f}除", "删除", "删除"),
            ("一\n二", "一 二", "一\n二"),
            ("一\r\n二\r三", "一 二 三", "一\n二\n三"),
            ("行\u{2028}分隔\u{2029}段", "行 分隔 段", "行\n分隔\n段"),
            ("甲\t乙", "甲 乙", "甲 乙"),
            ("非\u{fffe}字符\u{ffff}", "非字符", "非字符"),
            ("变体\u{fe00}选择", "变体选择", "变体选择"),
            // What is part of an emoji stays; a lone joiner does not.
            (
                "👨\u{200d}👩\u{200d}👧",
                "👨\u{200d}👩\u{200d}👧",
                "👨\u{200d}👩\u{200d}👧",
            ),
            ("❤\u{fe0f}", "❤\u{fe0f}", "❤\u{fe0f}"),
            ("a\u{200d}b", "ab", "ab"),
            ("", "", ""),
        ];
        for (stored, line, lines) in cases {
            assert_eq!(for_document(stored, false), line, "{stored:?}");
            assert_eq!(for_document(stored, true), lines, "{stored:?}");
            assert_eq!(Medium::Document.text(stored, true), lines);
        }
    }

    proptest::proptest! {
        /// Whatever is stored, a document gets nothing a terminal would escape, nothing XML
        /// 1.0 refuses, and the same text twice over (the rule is idempotent, so text already
        /// made safe can pass through it again).
        #[test]
        fn document_text_is_clean_and_stable(s in "\\PC*|[\\x00-\\x{a0}\\u{200b}-\\u{206f}\\u{fe00}-\\u{ffff}a-z一二]{0,40}") {
            for multiline in [false, true] {
                let t = for_document(&s, multiline);
                let chars: Vec<char> = t.chars().collect();
                for (i, &c) in chars.iter().enumerate() {
                    let allowed_emoji = matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}')
                        && crate::model::joins_emoji(&chars, i);
                    proptest::prop_assert!(
                        (c == '\n' && multiline)
                            || !(crate::model::needs_escape(c) || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
                            || allowed_emoji,
                        "{:?} kept in {:?}", c, t
                    );
                }
                proptest::prop_assert_eq!(for_document(&t, multiline), t.clone());
            }
        }
    }

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(safe("a\u{1b}[31mb", false), "a\\u{1b}[31mb");
        assert_eq!(safe("一\n二", true), "一\n二");
        assert_eq!(safe("一\n二", false), "一 二");
        assert_eq!(safe("普通文本", false), "普通文本");
    }
}
