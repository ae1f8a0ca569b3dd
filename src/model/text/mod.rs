//! The rules for text people type or paste, in one place: every way text comes in (arguments,
//! standard input, files, exports) and every way it goes out to a terminal passes through here
//! (`name`: what comes in; `display`: what goes out).
//!
//! - Line endings and a leading byte-order mark: CRLF and CR become LF and a leading U+FEFF is
//!   dropped, for every kind of text ([`normalise_input`], [`strip_bom`]).
//! - Names and titles (units, people, task titles, headlines) are matched and shown in narrow
//!   columns, so one look means one value: Unicode NFC (which also maps the CJK compatibility
//!   ideographs such as U+F90A to their unified forms, Unicode Standard Annex #15), surrounding
//!   white space trimmed (full-width U+3000 included), ASCII round brackets made full-width in
//!   Chinese names (`县(区)` → `县（区）`, as GB/T 15834-2011 writes brackets in Chinese text), and
//!   zero-width and direction-control characters refused, naming the character
//!   ([`normalise_name`], [`hidden_char`]).
//! - Notes and texts are kept as typed, but for the line endings and trailing line breaks.
//! - Printing: [`escape_for_terminal`] shows control, direction-control and invisible-space
//!   characters as `\u{..}`, so stored or typed text cannot move a cursor, recolour a terminal,
//!   or reverse the order a line is read in (the "Trojan Source" attack, CVE-2021-42574).

mod display;
mod name;

pub use display::*;
pub use name::*;

use std::borrow::Cow;

/// Which kind of text is being checked, with its length limit in characters.
#[derive(Debug, Clone, Copy)]
pub enum TextKind {
    Title,
    Text,
    Note,
    Unit,
    Actor,
    Headline,
}

impl TextKind {
    /// The kind's name in messages, in the language of the run.
    fn name(self) -> &'static str {
        let (en, zh) = match self {
            TextKind::Title => ("title", "标题"),
            TextKind::Text => ("text", "内容"),
            TextKind::Note => ("note", "备注"),
            TextKind::Unit => ("unit name", "单位名称"),
            TextKind::Actor => ("name", "姓名"),
            TextKind::Headline => ("headline", "建议标题"),
        };
        crate::i18n::lang().pick(zh, en)
    }

    fn max_chars(self) -> usize {
        match self {
            TextKind::Title | TextKind::Unit | TextKind::Actor => 100,
            TextKind::Headline => 500,
            TextKind::Text | TextKind::Note => 20_000,
        }
    }

    fn multiline(self) -> bool {
        matches!(self, TextKind::Text | TextKind::Note)
    }
}

/// Checks text a user typed and gives it in its stored form (see the module's rules). Refused:
/// blank text, text longer than the kind allows, control characters (line breaks and tabs are
/// allowed in notes and texts), and in names and titles zero-width and direction-control
/// characters. Errors are one line that names the kind of text and the character (`U+200B`).
pub fn clean_text(kind: TextKind, s: &str) -> Result<String, String> {
    check_text(kind, s).map(Cow::into_owned)
}

/// `clean_text` without a copy when the text is already in its stored form (as nearly always
/// in an export being restored).
pub fn check_text(kind: TextKind, s: &str) -> Result<Cow<'_, str>, String> {
    let name = kind.name();
    let t: Cow<str> = if kind.multiline() {
        // Text read from standard input or a file ends with a line break nobody typed as
        // part of the note; other spaces stay as typed.
        let end = |t: &str| t.trim_end_matches('\n').len();
        match normalise_input(s) {
            Cow::Borrowed(b) => Cow::Borrowed(&b[..end(b)]),
            Cow::Owned(o) if end(&o) == o.len() => Cow::Owned(o),
            Cow::Owned(o) => Cow::Owned(o[..end(&o)].to_string()),
        }
    } else {
        normalise_name(s)
    };
    if t.trim().is_empty() {
        return Err(crate::msg!(
            "empty {name}: give some text",
            "{name}为空：请填写内容"
        ));
    }
    let allowed = |c: char| kind.multiline() && (c == '\n' || c == '\t');
    // One pass: the length, and the first control character that is not allowed.
    let mut count = 0;
    let mut control = None;
    for c in t.chars() {
        count += 1;
        if control.is_none() && c.is_control() && !allowed(c) {
            control = Some(c);
        }
    }
    if count > kind.max_chars() {
        return Err(crate::msg!(
            "{name} too long: {count} characters, at most {} accepted",
            "{name}过长：{count} 个字符，最多 {} 个",
            kind.max_chars()
        ));
    }
    if let Some(c) = control {
        let lines = if kind.multiline() {
            crate::msg!(" (line breaks and tabs are)", "（换行和制表符除外）")
        } else {
            String::new()
        };
        return Err(crate::msg!(
            "{name} contains the control character U+{:04X}: control characters are not accepted{lines}",
            "{name}含有控制字符 U+{:04X}：不接受控制字符{lines}",
            c as u32
        ));
    }
    if !kind.multiline()
        && let Some(c) = hidden_char(&t)
    {
        return Err(crate::msg!(
            "{name} contains {}: invisible and direction-control characters are not accepted in names and titles",
            "{name}含有 {}：名称和标题中不接受看不见的字符和文字方向控制字符",
            char_label(c)
        ));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_checked() {
        assert_eq!(
            clean_text(TextKind::Title, "  标题 "),
            Ok("标题".to_string())
        );
        assert!(
            clean_text(TextKind::Title, "   ")
                .unwrap_err()
                .contains("empty title")
        );
        assert!(
            clean_text(TextKind::Title, "a\u{1b}[31m")
                .unwrap_err()
                .contains("U+001B")
        );
        assert!(
            clean_text(TextKind::Note, "a\0b")
                .unwrap_err()
                .contains("U+0000")
        );
        assert_eq!(
            clean_text(TextKind::Note, "第一行\n第二行"),
            Ok("第一行\n第二行".to_string())
        );
        assert!(clean_text(TextKind::Title, "a\nb").is_err());
        assert!(
            clean_text(TextKind::Note, &"长".repeat(20_001))
                .unwrap_err()
                .contains("at most 20000")
        );
    }
}
