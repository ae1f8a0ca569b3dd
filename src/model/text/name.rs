//! What comes in: line endings and byte-order marks, the one stored form of a name, the
//! characters refused in names and ids, and names that differ only by width.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::escape_for_terminal;

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
    let brackets = s.contains(['(', ')']) && s.chars().any(is_han);
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
            '(' if brackets => '（',
            ')' if brackets => '）',
            c => c,
        })
        .collect();
    Cow::Owned(out)
}

/// The key a typed name is matched under: its [`normalise_name`] form with every inner run of
/// white space (ASCII, U+3000 and the other Unicode spaces, doubled or not) made one ASCII
/// space, so `Party  Office` and `Party　Office` find the unit `Party Office`. Only for
/// matching: a name is still stored as [`normalise_name`] gives it.
pub fn name_key(s: &str) -> String {
    let n = normalise_name(s);
    let mut out = String::with_capacity(n.len());
    let mut space = false;
    for c in n.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// The name among `known` that `typed` names under [`name_key`] (the known name itself when
/// it matches exactly), else `typed` unchanged: a unit typed with a doubled or full-width
/// space is the unit, not a second one.
pub fn known_name<'a>(typed: &'a str, known: &'a [String]) -> &'a str {
    if known.iter().any(|k| k == typed) {
        return typed;
    }
    let key = name_key(typed);
    known
        .iter()
        .find(|k| name_key(k) == key)
        .map_or(typed, String::as_str)
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

/// Variation selectors: VS1–VS16 (U+FE00–FE0F) and the supplement VS17–VS256
/// (U+E0100–E01EF). Seen only as a change to the character before them, and only an emoji
/// has a variant people choose (Unicode emoji presentation sequences, UTS #51); anywhere else
/// they make a name that looks like another.
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Characters that show as nothing or as blank space although they are not spaces: the
/// [`is_zero_width`] ones, the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), the
/// interlinear annotation marks (U+FFF9–FFFB), the tag characters (U+E0000–E007F) and the
/// variation selectors ([`is_variation_selector`]).
pub fn is_invisible(c: char) -> bool {
    is_zero_width(c)
        || is_variation_selector(c)
        || matches!(
            c,
            '\u{115F}'
                | '\u{1160}'
                | '\u{3164}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// Whether the invisible character at `chars[i]` is part of what is seen: a zero-width joiner
/// between two emoji (as in 👨‍👩‍👧‍👦), or a variation selector after an emoji (❤️) or in a
/// keycap (1️⃣). Everything else [`is_invisible`] names is hidden wherever it stands.
pub fn joins_emoji(chars: &[char], i: usize) -> bool {
    let Some(&c) = chars.get(i) else { return false };
    let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
    let next = chars.get(i + 1).copied();
    match c {
        '\u{200D}' => prev.is_some_and(is_emoji) && next.is_some_and(is_emoji),
        '\u{FE0E}' | '\u{FE0F}' => {
            prev.is_some_and(|p| is_emoji(p) && !is_variation_selector(p))
                || (prev.is_some_and(|p| matches!(p, '0'..='9' | '#' | '*'))
                    && next == Some('\u{20E3}'))
        }
        _ => false,
    }
}

/// The first character that would make two names look the same while they differ: an
/// [`is_invisible`] or direction-control character, unless [`joins_emoji`] allows it there.
pub fn hidden_char(s: &str) -> Option<char> {
    // Names are read by the thousand in a restore: most have none of these.
    if !s
        .chars()
        .any(|c| is_invisible(c) || is_direction_control(c))
    {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().find_map(|(i, &c)| {
        ((is_invisible(c) && !joins_emoji(&chars, i)) || is_direction_control(c)).then_some(c)
    })
}

/// Emoji and the modifiers inside an emoji sequence (variation selector 16, skin tones): the
/// blocks that hold the emoji of Unicode's emoji-data.txt, and the older symbols that take an
/// emoji form (©, ®, ‼, ⁉, ™, arrows, ⌚, ⏩, ▶, ⬛, ⭐, 〰, 〽, ㊗, ㊙).
fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{00A9}' | '\u{00AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}' | '\u{2139}'
        | '\u{2194}'..='\u{21AA}'
        | '\u{231A}'..='\u{23FF}'
        | '\u{24C2}'
        | '\u{25AA}'..='\u{25FE}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2934}' | '\u{2935}'
        | '\u{2B05}'..='\u{2B55}'
        | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}'
        | '\u{FE0F}'
        | '\u{1F000}'..='\u{1FAFF}')
}

/// A character as messages name it: `U+200B (zero-width space)`.
pub fn char_label(c: char) -> String {
    let name = match c {
        '\u{00AD}' => ("soft hyphen", "软连字符"),
        '\u{034F}' => ("combining grapheme joiner", "组合字形连接符"),
        '\u{061C}' => ("Arabic letter mark", "阿拉伯字母标记"),
        '\u{180E}' => ("Mongolian vowel separator", "蒙古文元音分隔符"),
        '\u{200B}' => ("zero-width space", "零宽空格"),
        '\u{200C}' => ("zero-width non-joiner", "零宽不连字"),
        '\u{200D}' => ("zero-width joiner", "零宽连字"),
        '\u{200E}' => ("left-to-right mark", "从左到右标记"),
        '\u{200F}' => ("right-to-left mark", "从右到左标记"),
        '\u{202A}' => ("left-to-right embedding", "从左到右嵌入"),
        '\u{202B}' => ("right-to-left embedding", "从右到左嵌入"),
        '\u{202C}' => ("pop directional formatting", "方向格式结束符"),
        '\u{202D}' => ("left-to-right override", "从左到右强制"),
        '\u{202E}' => ("right-to-left override", "从右到左强制"),
        '\u{2060}' => ("word joiner", "词连接符"),
        '\u{2061}'..='\u{2064}' => ("invisible operator", "不可见运算符"),
        '\u{2066}' => ("left-to-right isolate", "从左到右隔离"),
        '\u{2067}' => ("right-to-left isolate", "从右到左隔离"),
        '\u{2068}' => ("first strong isolate", "首强隔离"),
        '\u{2069}' => ("pop directional isolate", "方向隔离结束符"),
        '\u{FEFF}' => (
            "zero-width no-break space (byte-order mark)",
            "零宽不换行空格（字节顺序标记）",
        ),
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => ("Hangul filler", "谚文填充符"),
        '\u{FFF9}'..='\u{FFFB}' => ("interlinear annotation", "行间注释符"),
        '\u{E0000}'..='\u{E007F}' => ("tag character", "标签字符"),
        c if is_variation_selector(c) => ("variation selector", "异体字选择符"),
        c if c.is_control() => ("control character", "控制字符"),
        _ => return format!("U+{:04X}", c as u32),
    };
    let (en, zh) = name;
    let code = c as u32;
    crate::msg!("U+{code:04X} ({en})", "U+{code:04X}（{zh}）")
}

/// Refuses an id, a flag value or any other token typed to name something when it holds an
/// [`is_invisible`] or direction-control character (an emoji's joiner too), naming it: such a token looks right and matches
/// nothing. `what` names the token in the message (`task id`).
pub fn refuse_hidden(what: &str, s: &str) -> Result<(), String> {
    match s
        .chars()
        .find(|&c| is_invisible(c) || is_direction_control(c))
    {
        Some(c) => Err(crate::msg!(
            "invalid {what} '{}': it contains {}, an invisible character; type it again without it",
            "{what} '{}' 无效：其中含有 {}，一个看不见的字符；请去掉它重新输入",
            // Every one, the joiner too: here it is the character being pointed at.
            s.chars()
                .map(|c| if is_invisible(c) {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    escape_for_terminal(&c.to_string(), false).into_owned()
                })
                .collect::<String>(),
            char_label(c)
        )),
        None => Ok(()),
    }
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
    use crate::model::text::{TextKind, clean_text};

    #[test]
    fn names_take_one_form() {
        let cases = [
            ("  组织科  ", "组织科"),
            ("\u{3000}组织科\u{3000}", "组织科"),
            ("\u{feff}组织科\r\n", "组织科"),
            ("县(区)委", "县（区）委"),
            ("县(区", "县（区"),
            ("Team (A)", "Team (A)"),
            ("Cafe\u{301}", "Café"),
            ("\u{F90A}融办", "金融办"),
            ("\u{F900}", "\u{8C48}"),
            ("ＡＢＣ科", "ＡＢＣ科"),
            ("㈠组", "㈠组"),
        ];
        for (typed, stored) in cases {
            assert_eq!(normalise_name(typed), stored, "{typed:?}");
            assert_eq!(clean_text(TextKind::Unit, typed).as_deref(), Ok(stored));
        }
        assert!(matches!(normalise_name("组织科"), Cow::Borrowed(_)));
    }

    #[test]
    fn inner_runs_of_any_space_match_as_one() {
        let cases = [
            ("Party  Office", "Party Office"),
            ("Party\u{3000}Office", "Party Office"),
            ("Party \u{00A0}\u{2003}Office", "Party Office"),
            (" 组织  科 ", "组织 科"),
            ("组织科", "组织科"),
        ];
        for (typed, key) in cases {
            assert_eq!(name_key(typed), key, "{typed:?}");
        }
        let known = vec!["Party Office".to_string(), "组织科".to_string()];
        assert_eq!(
            known_name("Party\u{3000}\u{3000}Office", &known),
            "Party Office"
        );
        assert_eq!(known_name("PartyOffice", &known), "PartyOffice");
    }

    #[test]
    fn line_endings_and_a_leading_bom_become_lf_and_nothing() {
        let cases = [
            ("a\r\nb", "a\nb"),
            ("a\rb", "a\nb"),
            ("a\r\r\nb", "a\n\nb"),
            ("\u{feff}a", "a"),
            ("\u{feff}\u{feff}a", "\u{feff}a"),
            ("a\u{feff}", "a\u{feff}"),
            ("无变化", "无变化"),
        ];
        for (input, want) in cases {
            assert_eq!(normalise_input(input), want, "{input:?}");
        }
        assert_eq!(strip_bom(b"\xEF\xBB\xBF{}"), b"{}");
        assert_eq!(strip_bom(b"{}"), b"{}");
        assert_eq!(
            clean_text(TextKind::Note, "已报送\r\n").as_deref(),
            Ok("已报送")
        );
        assert_eq!(
            clean_text(TextKind::Note, "  缩进\r\n保留  \n\n").as_deref(),
            Ok("  缩进\n保留  ")
        );
    }

    #[test]
    fn hidden_characters_are_refused_in_names_by_name() {
        for (c, name) in [
            ('\u{200B}', "zero-width space"),
            ('\u{200D}', "zero-width joiner"),
            ('\u{202E}', "right-to-left override"),
            ('\u{2066}', "left-to-right isolate"),
            ('\u{FEFF}', "byte-order mark"),
            ('\u{00AD}', "soft hyphen"),
        ] {
            let err = clean_text(TextKind::Unit, &format!("组织{c}科")).unwrap_err();
            let code = format!("U+{:04X}", c as u32);
            assert!(err.contains(&code) && err.contains(name), "{err}");
            let err = refuse_hidden("task id", &format!("1.1{c}")).unwrap_err();
            assert!(err.contains(&code) && !err.contains(c), "{err}");
            // Notes keep them as typed.
            assert!(clean_text(TextKind::Note, &format!("a{c}b")).is_ok());
        }
        assert!(clean_text(TextKind::Title, "家庭👨‍👩‍👧‍👦").is_ok());
        assert_eq!(hidden_char("a\u{200D}👍"), Some('\u{200D}'));
    }

    #[test]
    fn lookalikes_group_names_equal_under_nfkc() {
        let names = [
            "ABC科",
            "组织科",
            "ＡＢＣ科",
            "㈠组",
            "（一）组",
            "(一)组",
            "第2科",
        ];
        assert_eq!(
            lookalikes(names),
            vec![
                vec!["ABC科", "ＡＢＣ科"],
                vec!["㈠组", "（一）组", "(一)组"]
            ]
        );
        assert!(lookalikes(["组织科", "组织一科"]).is_empty());
    }
}

#[cfg(test)]
mod props {
    use crate::model::text::{TextKind, clean_text, needs_escape};
    use proptest::prelude::*;

    proptest! {
        /// An invisible character between two visible ones is refused in a name, whatever
        /// it is and whatever surrounds it, and the escaped form never shows it raw.
        #[test]
        fn an_invisible_character_inside_a_name_is_refused(
            a in "[组织科ABC1]{1,4}",
            b in "[组织科ABC]{1,4}",
            c in prop::sample::select(vec![
                '\u{FE00}', '\u{FE0F}', '\u{E0100}', '\u{115F}', '\u{1160}', '\u{3164}',
                '\u{FFA0}', '\u{FFF9}', '\u{FFFB}', '\u{E0000}', '\u{E0041}', '\u{E007F}',
                '\u{180E}', '\u{2060}', '\u{2064}', '\u{034F}', '\u{200B}',
            ]),
        ) {
            let name = format!("{a}{c}{b}");
            prop_assert!(clean_text(TextKind::Unit, &name).is_err());
            prop_assert!(!crate::model::text::escape_for_terminal(&name, false).contains(c));
        }

        /// The stored form of a name is its own stored form, and carries no character that
        /// would be escaped or refused.
        #[test]
        fn the_stored_form_is_stable(s in "[组织科 \u{3000}()（）\r\n\u{feff}\u{301}e\u{F90A}A-Ｚ]{0,16}") {
            if let Ok(once) = clean_text(TextKind::Unit, &s) {
                prop_assert_eq!(clean_text(TextKind::Unit, &once), Ok(once.clone()));
                prop_assert!(!once.chars().any(needs_escape));
                prop_assert_eq!(once.trim(), once.as_str());
            }
        }
    }
}
