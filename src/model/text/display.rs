//! What goes out: the escaping of stored and typed text for a terminal, and the marks the
//! Chinese line-breaking rules keep off the start or end of a line.

use std::borrow::Cow;

use super::{is_direction_control, is_invisible, joins_emoji};

/// Whether [`escape_for_terminal`] shows `c` as `\u{..}` wherever it stands: control
/// characters (C0, DEL, C1), direction controls, the line and paragraph separators, and the
/// invisible characters ([`is_invisible`]) but the joiner (U+200D) and the emoji variation
/// selectors (U+FE0E, U+FE0F), which are escaped only outside an emoji ([`joins_emoji`]).
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || is_direction_control(c)
        || (is_invisible(c) && !matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}'))
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The characters that [`needs_escape`] lets pass alone but that are escaped outside an emoji.
fn emoji_part(c: char) -> bool {
    matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}')
}

/// Stored or typed text made safe to print to a terminal: every character [`needs_escape`]
/// names is written `\u{1b}`, except that a line break is kept where `multiline` is set and
/// made a space (as a tab is) where it is not. The one function every table cell, history
/// time and error message that quotes input goes through. Borrowed when nothing changes.
pub fn escape_for_terminal(s: &str, multiline: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_escape(c) || emoji_part(c)) {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let escaped = |i: usize| {
        let c = chars[i];
        needs_escape(c) || (emoji_part(c) && !joins_emoji(&chars, i))
    };
    if !(0..chars.len()).any(escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\n' if multiline => out.push('\n'),
            '\n' | '\t' => out.push(' '),
            c if escaped(i) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Closing marks that the basic rules of Chinese line breaking keep off the head of a line
/// (行首禁则, after GB/T 15834-2011's punctuation and W3C's "Requirements for Chinese Text
/// Layout"): full-width and ASCII commas, stops, colons, semicolons, question and exclamation
/// marks, closing brackets and quotes, the ellipsis and the iteration marks.
pub fn no_line_start(g: &str) -> bool {
    let mut chars = g.chars();
    let Some(c) = chars.next() else { return false };
    chars.next().is_none()
        && matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '）'
                | '】'
                | '」'
                | '』'
                | '》'
                | '〉'
                | '〕'
                | '〗'
                | '〙'
                | '”'
                | '’'
                | '…'
                | '‥'
                | '·'
                | '・'
                | '％'
                | '～'
                | '々'
                | '〆'
                | 'ー'
                | '﹚'
                | '﹜'
                | '﹞'
                | '．'
                | '｝'
                | '］'
                | ','
                | '.'
                | ';'
                | ':'
                | '?'
                | '!'
                | ')'
                | ']'
                | '}'
                | '%'
        )
}

/// Opening marks that the same rules keep off the end of a line (行尾禁则): opening brackets and
/// quotes, full-width and ASCII.
pub fn no_line_end(g: &str) -> bool {
    let mut chars = g.chars();
    let Some(c) = chars.next() else { return false };
    chars.next().is_none()
        && matches!(
            c,
            '（' | '【'
                | '「'
                | '『'
                | '《'
                | '〈'
                | '〔'
                | '〖'
                | '〘'
                | '“'
                | '‘'
                | '﹙'
                | '﹛'
                | '﹝'
                | '｛'
                | '［'
                | '('
                | '['
                | '{'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_shows_what_could_move_or_reorder_a_terminal() {
        let cases = [
            ("a\u{1b}[31mb", false, "a\\u{1b}[31mb"),
            ("一\n二", true, "一\n二"),
            ("一\n二\t三", false, "一 二 三"),
            ("a\u{202e}b", false, "a\\u{202e}b"),
            ("a\u{2067}b\u{2069}", false, "a\\u{2067}b\\u{2069}"),
            ("a\u{200b}b", false, "a\\u{200b}b"),
            ("a\u{9b}b", false, "a\\u{9b}b"),
            ("a\u{2028}b", false, "a\\u{2028}b"),
            ("家庭👨‍👩‍👧‍👦", false, "家庭👨‍👩‍👧‍👦"),
            ("普通文本", false, "普通文本"),
        ];
        for (input, multiline, want) in cases {
            assert_eq!(escape_for_terminal(input, multiline), want, "{input:?}");
        }
    }

    #[test]
    fn line_breaking_marks() {
        for g in ["，", "。", "、", "）", "」", "”", "》", "!", ")"] {
            assert!(no_line_start(g), "{g}");
        }
        for g in ["（", "「", "“", "《", "("] {
            assert!(no_line_end(g), "{g}");
        }
        for g in ["字", "a", "👨‍👩‍👧‍👦", ""] {
            assert!(!no_line_start(g) && !no_line_end(g), "{g}");
        }
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Escaped text holds nothing that needs escaping, and plain text is left alone (a
        /// joiner or emoji variation selector out of an emoji is escaped too).
        #[test]
        fn escaping_leaves_nothing_to_escape(s in "\\PC{0,10}|.{0,10}|[\u{0}-\u{9f}\u{200b}-\u{206f}]{0,10}") {
            let out = escape_for_terminal(&s, false);
            prop_assert!(!out.chars().any(needs_escape) && !out.contains('\n'));
            if !s.chars().any(|c| needs_escape(c) || emoji_part(c) || c == '\n' || c == '\t') {
                prop_assert_eq!(out.as_ref(), s.as_str());
            }
        }
    }
}
