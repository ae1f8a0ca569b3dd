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

/// The byte ranges of `s` that a line break must not split, in order: each escape
/// `escape_for_terminal` writes (`\u{202e}`: split, it reads as two pieces of text, neither
/// of them the character it names), and each document number a 督办通知单 is given
/// (`督办〔2026〕12号`, `NoticeRef::serial`, GB/T 9704-2012 §7.2.4: one number, read and
/// quoted as one), and each date written in Chinese (`2027年1月4日`, `12月11日`, as a
/// notice's reply-by date reads); and, since a leader reads "10 / 0%" as two figures, each
/// figure of two or more characters: digits joined by `-./:,` with a sign before and a `%`
/// after (`100%`, `-30.2`, `2026-12-03`, `11-30`), and each status word (`已完成`, `未开始`,
/// `Status::zh`, also in traditional characters; `in-progress`, `not-started`, `Status::name`,
/// where no letter or digit joins it on either side), in Chinese and English alike (17j #4:
/// `in-progres` / `s.`). A break still falls inside one that is wider than the line.
pub fn kept_whole(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let words: Vec<&str> = super::super::Status::ALL
        .iter()
        .flat_map(|st| [st.zh(), st.traditional(), st.name()])
        .collect();
    if !s.bytes().any(|c| c.is_ascii_digit())
        && !s.contains("\\u{")
        && !words.iter().any(|w| s.contains(w))
    {
        return spans;
    }
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"\\u{") {
            let hex = b[i + 3..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if (1..=6).contains(&hex) && b.get(i + 3 + hex) == Some(&b'}') {
                spans.push(i..i + 4 + hex);
                i += 4 + hex;
                continue;
            }
        } else if s[i..].starts_with('〔') {
            // 〔 digits 〕 digits 号, with the 督办 before it when it is there.
            let open = '〔'.len_utf8();
            let year = digits(i + open);
            let close = i + open + year;
            if year > 0 && s[close..].starts_with('〕') {
                let number_at = close + '〕'.len_utf8();
                let number = digits(number_at);
                if number > 0 && s[number_at + number..].starts_with('号') {
                    let start = if s[..i].ends_with("督办") {
                        i - "督办".len()
                    } else {
                        i
                    };
                    let end = number_at + number + '号'.len_utf8();
                    spans.push(start..end);
                    i = end;
                    continue;
                }
            }
        } else if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
            // digits 年 digits 月 digits 日, or digits 月 digits 日.
            let unit = |at: usize, mark: char| {
                let n = digits(at);
                (n > 0 && s[at + n..].starts_with(mark)).then(|| at + n + mark.len_utf8())
            };
            let day = |at: usize| unit(at, '月').and_then(|d| unit(d, '日'));
            if let Some(end) = unit(i, '年').and_then(day).or_else(|| day(i)) {
                spans.push(i..end);
                i = end;
                continue;
            }
        }
        if let Some(end) = figure_end(b, i) {
            if end - i >= 2 {
                spans.push(i..end);
            }
            i = end;
            continue;
        }
        // An English name is a word of its own, not the `done` of `undone`.
        let alone = |w: &str| {
            let joins = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            !w.is_ascii()
                || !(joins(s[..i].chars().next_back()) || joins(s[i + w.len()..].chars().next()))
        };
        if let Some(w) = words.iter().find(|w| s[i..].starts_with(**w) && alone(w)) {
            spans.push(i..i + w.len());
            i += w.len();
            continue;
        }
        i += s[i..].chars().next().map_or(1, char::len_utf8);
    }
    spans
}

/// Where the figure starting at byte `i` of `b` ends: ASCII digits, joined by single `-./:,`
/// between digits, after a `+` or `-` sign that follows no letter or digit, with a `%` after.
/// `None` where no figure starts at `i` (or `i` is inside one: the caller starts at its head).
fn figure_end(b: &[u8], i: usize) -> Option<usize> {
    let word = |k: usize| k > 0 && b[k - 1].is_ascii_alphanumeric();
    let mut j = i;
    if matches!(b[i], b'+' | b'-') && !word(i) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        j += 1;
    }
    if !b[j].is_ascii_digit() || word(i) {
        return None;
    }
    loop {
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        let joined = b.get(j).is_some_and(|c| b"-./:,".contains(c))
            && b.get(j + 1).is_some_and(u8::is_ascii_digit);
        if !joined {
            break;
        }
        j += 1;
    }
    if b.get(j) == Some(&b'%') {
        j += 1;
    }
    Some(j)
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
    fn kept_whole_finds_escapes_serials_and_chinese_dates() {
        let spans = |s: &str| -> Vec<String> {
            kept_whole(s)
                .into_iter()
                .map(|r| s[r].to_string())
                .collect()
        };
        let cases: [(&str, &[&str]); 17] = [
            (
                "督办通知单 督办〔2026〕12号，限12月11日前反馈",
                &["督办〔2026〕12号", "12月11日"],
            ),
            ("限2027年1月4日前", &["2027年1月4日"]),
            ("a\\u{202e}b\\u{1b}", &["\\u{202e}", "\\u{1b}"]),
            ("〔2026〕3号", &["〔2026〕3号"]),
            // Not a serial: no digits, no closing mark, no 号, an escape without its brace;
            // what is left are figures (one digit alone needs no keeping).
            ("督办〔〕3号", &[]),
            ("〔2026 3号", &["2026"]),
            ("〔2026〕3", &["2026"]),
            ("\\u{202e", &["202"]),
            ("12月 与 3日", &["12"]),
            // Figures and status words.
            (
                "11-30 进度由60%提高到100%；状态改为已完成",
                &["11-30", "60%", "100%", "已完成"],
            ),
            ("红-30.2 绿+9.8", &["-30.2", "+9.8"]),
            ("时限2026-12-03，共1,200项", &["2026-12-03", "1,200"]),
            ("未开始 進行中 受阻", &["未开始", "進行中", "受阻"]),
            // English status names, as words of their own only.
            ("status set to in-progress.", &["in-progress"]),
            ("undone redone done", &["done"]),
            // A letter before the digits makes a name, not a figure; a lone sign is no figure.
            ("W48 a-1 - 5", &[]),
            ("1.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(spans(text), want.to_vec(), "{text}");
        }
    }

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
