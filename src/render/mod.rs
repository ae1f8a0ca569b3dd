//! Turning data into text for people and programs. Pure functions from values to strings: no
//! queries, no I/O. Stored text passes through `safe` before it reaches a terminal.

pub mod formats;
pub mod grid;
pub mod import;
pub mod json;
pub mod report;
pub mod table;

use crate::model::{Lang, Status, ymd};
use crate::task::{Event, Field};

/// Replaces control characters (escape sequences, NUL, carriage returns…) with visible `\u{..}`
/// forms, so stored text cannot move the cursor or recolour a terminal. Line breaks survive
/// where `multiline` is set.
pub fn safe(s: &str, multiline: bool) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '\n' if multiline => "\n".to_string(),
            '\n' | '\t' => " ".to_string(),
            c if c.is_control() => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// `safe(s, false)` without a copy when there is nothing to replace.
pub fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        safe(s, false).into()
    } else {
        s.into()
    }
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
        Field::Note => lang.pick("进展", "note").to_string(),
        Field::Text => lang.pick("修改了内容", "text changed").to_string(),
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

/// `2026-03-02T09:30:00+08:00` → `2026-03-02 09:30`.
pub fn short_time(at: &str) -> String {
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
