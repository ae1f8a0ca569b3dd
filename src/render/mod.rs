//! Turning data into text for people and programs. Pure functions from values to strings: no
//! queries, no I/O. Stored text passes through `safe` before it reaches a terminal.

pub mod docx;
pub mod followup;
pub mod formats;
pub mod grid;
pub mod import;
pub mod json;
pub mod news;
pub mod notice;
pub mod report;
pub mod table;
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

/// A field's value as people read it.
fn value(field: Field, v: Option<&str>, lang: Lang) -> String {
    match (field, v) {
        (_, None) => lang.pick("无", "none").to_string(),
        (Field::Status, Some(s)) => s
            .parse::<Status>()
            .map(|s| s.label(lang).to_string())
            .unwrap_or_else(|_| safe(s, false)),
        (Field::Progress, Some(p)) => format!("{p}%"),
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

/// One event as a short phrase: `状态：未开始 -> 进行中`, `progress: 0% -> 30%`.
pub fn describe(e: &Event, lang: Lang) -> String {
    let name = match lang {
        Lang::Zh => e.field.zh(),
        Lang::En => e.field.name(),
    };
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
    fn control_characters_are_made_visible() {
        assert_eq!(safe("a\u{1b}[31mb", false), "a\\u{1b}[31mb");
        assert_eq!(safe("一\n二", true), "一\n二");
        assert_eq!(safe("一\n二", false), "一 二");
        assert_eq!(safe("普通文本", false), "普通文本");
    }
}
