//! The rules for text people type or paste, in one place: every way text comes in (arguments,
//! standard input, files, exports) and every way it goes out to a terminal passes through here.
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
//! - Notes and texts are kept as typed (after the line endings).
//! - Printing: [`escape_for_terminal`] shows control, direction-control and invisible-space
//!   characters as `\u{..}`, so stored or typed text cannot move a cursor, recolour a terminal,
//!   or reverse the order a line is read in (the "Trojan Source" attack, CVE-2021-42574).

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

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
    if !kind.multiline()
        && let Some(c) = hidden_char(&t)
    {
        return Err(format!(
            "{name} contains {}: invisible and direction-control characters are not accepted in names and titles",
            char_label(c)
        ));
    }
    Ok(t)
}

/// Text as received from anywhere (an argument, standard input, a file, an export): a leading
/// byte-order mark dropped, CRLF and lone CR made LF. Borrowed when there is nothing to change.
pub fn normalise_input(s: &str) -> Cow<'_, str> {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    if !s.contains('\r') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The bytes of a file or stream without a leading UTF-8 byte-order mark (EF BB BF), which
/// Windows editors and Excel put in front of UTF-8 text.
pub fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

/// A name or title in the one form it is stored and matched in: [`normalise_input`], NFC,
/// surrounding white space (ASCII, U+3000 and the other Unicode spaces) trimmed, and ASCII
/// round brackets made full-width when the name holds Chinese characters. Zero-width and
/// direction-control characters are left in: [`hidden_char`] finds them so the caller can
/// refuse them by name. Borrowed when the text is already in that form.
pub fn normalise_name(s: &str) -> Cow<'_, str> {
    let s = normalise_input(s);
    let nfc = is_nfc_quick(s.chars()) == IsNormalized::Yes;
    let chinese = s.chars().any(is_han);
    let brackets = chinese && s.contains(['(', ')']);
    if nfc && !brackets {
        return match s {
            Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
            Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
        };
    }
    let composed: String = if nfc {
        s.into_owned()
    } else {
        s.nfc().collect()
    };
    let out: String = composed
        .trim()
        .chars()
        .map(|c| match c {
            '(' if chinese => '（',
            ')' if chinese => '）',
            c => c,
        })
        .collect();
    Cow::Owned(out)
}

/// A CJK ideograph (the unified blocks and their extensions, and the compatibility block).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Characters that change how the text around them is laid out or ordered (the bidirectional
/// controls of Unicode Standard Annex #9: LRM, RLM, ALM, the embeddings, overrides and
/// isolates).
pub fn is_direction_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Characters that take no room and show nothing: zero-width space, non-joiner and joiner,
/// word joiner, the invisible operators, a byte-order mark inside text, the Mongolian vowel
/// separator, the soft hyphen and the combining grapheme joiner.
pub fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// The first character that would make two names look the same while they differ: a
/// zero-width or direction-control character. A zero-width joiner between two emoji (as in
/// 👨‍👩‍👧‍👦) is part of what is seen and is allowed.
pub fn hidden_char(s: &str) -> Option<char> {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().find_map(|(i, &c)| {
        let joins_emoji = c == '\u{200D}'
            && i > 0
            && chars.get(i + 1).is_some_and(|&n| is_emoji(n))
            && is_emoji(chars[i - 1]);
        ((is_zero_width(c) && !joins_emoji) || is_direction_control(c)).then_some(c)
    })
}

/// Emoji and the modifiers inside an emoji sequence (variation selector 16, skin tones).
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{FE0F}' | '\u{1F000}'..='\u{1FAFF}')
}

/// A character as messages name it: `U+200B (zero-width space)`.
pub fn char_label(c: char) -> String {
    let name = match c {
        '\u{00AD}' => "soft hyphen",
        '\u{034F}' => "combining grapheme joiner",
        '\u{061C}' => "Arabic letter mark",
        '\u{180E}' => "Mongolian vowel separator",
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2060}' => "word joiner",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{FEFF}' => "zero-width no-break space (byte-order mark)",
        c if c.is_control() => "control character",
        _ => return format!("U+{:04X}", c as u32),
    };
    format!("U+{:04X} ({name})", c as u32)
}

/// Refuses an id, a flag value or any other token typed to name something when it holds a
/// zero-width or direction-control character, naming it: such a token looks right and matches
/// nothing. `what` names the token in the message (`task id`).
pub fn refuse_hidden(what: &str, s: &str) -> Result<(), String> {
    match s
        .chars()
        .find(|&c| is_zero_width(c) || is_direction_control(c))
    {
        Some(c) => Err(format!(
            "invalid {what} '{}': it contains {}, an invisible character; type it again without it",
            // The joiner too: here it is the character being pointed at.
            escape_for_terminal(s, false).replace('\u{200D}', "\\u{200d}"),
            char_label(c)
        )),
        None => Ok(()),
    }
}

/// Whether [`escape_for_terminal`] shows `c` as `\u{..}`: control characters (C0, DEL, C1),
/// direction controls, the line and paragraph separators, and the zero-width characters but
/// the joiner (U+200D), which holds emoji sequences such as 👨‍👩‍👧‍👦 together.
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || is_direction_control(c)
        || (is_zero_width(c) && c != '\u{200D}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Stored or typed text made safe to print to a terminal: every character [`needs_escape`]
/// names is written `\u{1b}`, except that a line break is kept where `multiline` is set and
/// made a space (as a tab is) where it is not. The one function every table cell, history
/// time and error message that quotes input goes through. Borrowed when nothing changes.
pub fn escape_for_terminal(s: &str, multiline: bool) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' if multiline => out.push('\n'),
            '\n' | '\t' => out.push(' '),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
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

/// The key under which names that differ only by width or compatibility forms (`ＡＢＣ科` and
/// `ABC科`, `㈠` and `(一)`) fall together: their NFKC form, with the brackets rule of
/// [`normalise_name`] applied after it.
pub fn lookalike_key(s: &str) -> String {
    let nfkc: String = s.nfkc().collect();
    normalise_name(&nfkc).into_owned()
}

/// Groups of two or more names (in the order given) that differ but share a
/// [`lookalike_key`]: the same unit typed in two widths, most likely.
pub fn lookalikes<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Vec<&'a str>> {
    let mut index = std::collections::HashMap::new();
    let mut groups: Vec<Vec<&'a str>> = Vec::new();
    for name in names {
        let k = *index.entry(lookalike_key(name)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        if !groups[k].contains(&name) {
            groups[k].push(name);
        }
    }
    groups.retain(|g| g.len() > 1);
    groups
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
