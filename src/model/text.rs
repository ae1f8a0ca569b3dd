//! The rules for text people type or paste.

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
    fn name(self) -> &'static str {
        match self {
            TextKind::Title => "title",
            TextKind::Text => "text",
            TextKind::Note => "note",
            TextKind::Unit => "unit name",
            TextKind::Actor => "name",
            TextKind::Headline => "headline",
        }
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

/// Checks text a user typed. Notes and texts are kept exactly as typed; names and titles
/// (which are matched and shown in narrow columns) lose surrounding spaces. Refused: blank
/// text, text longer than the kind allows, control characters (line breaks and tabs are
/// allowed in notes and texts).
pub fn clean_text(kind: TextKind, s: &str) -> Result<String, String> {
    check_text(kind, s).map(str::to_string)
}

/// `clean_text` without the copy: the text as it would be stored, as a slice of `s`.
pub fn check_text(kind: TextKind, s: &str) -> Result<&str, String> {
    let name = kind.name();
    let t = if kind.multiline() { s } else { s.trim() };
    if t.trim().is_empty() {
        return Err(format!("empty {name}: give some text"));
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
        return Err(format!(
            "{name} too long: {count} characters, at most {} accepted",
            kind.max_chars()
        ));
    }
    if let Some(c) = control {
        let lines = if kind.multiline() {
            " (line breaks and tabs are)"
        } else {
            ""
        };
        return Err(format!(
            "{name} contains the control character U+{:04X}: control characters are not accepted{lines}",
            c as u32
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
