//! From a report's bytes to clean text: decoding (UTF-8, GB18030/GBK or Big5), the artefacts of
//! copying from the web (pinyin after every character, half-width punctuation, stray spaces),
//! and Traditional → Simplified with OpenCC's dictionaries (ferrous-opencc, Apache-2.0).

use std::sync::{LazyLock, OnceLock};

use anyhow::{Result, anyhow, bail};

/// The encodings `--encoding` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gb18030,
    /// Traditional Chinese as Taiwan and Hong Kong save it (Big5 with the HKSCS additions,
    /// as encoding_rs and the WHATWG Encoding Standard define it).
    Big5,
}

/// Every name `--encoding` accepts and the encoding it reads as: the one list parsing, the
/// messages that list the accepted names ([`accepted`]) and completion go by. Case, `-` and
/// `_` do not count (`UTF8`, `big5_hkscs`). The names marked `true` are the ones people are
/// told; the others are aliases other tools print (`gb2312`, `cp936`, `cp950`).
pub const NAMES: &[(&str, Encoding, bool)] = &[
    ("utf-8", Encoding::Utf8, true),
    ("gb18030", Encoding::Gb18030, true),
    ("gbk", Encoding::Gb18030, true),
    ("gb2312", Encoding::Gb18030, false),
    ("cp936", Encoding::Gb18030, false),
    ("big5", Encoding::Big5, true),
    ("big5-hkscs", Encoding::Big5, false),
    ("cp950", Encoding::Big5, false),
];

/// The names [`NAMES`] tells people, in its order.
pub fn told() -> impl Iterator<Item = &'static str> {
    NAMES.iter().filter(|n| n.2).map(|n| n.0)
}

/// The names people are told, as a message lists them: `utf-8, gb18030, gbk or big5`
/// (`utf-8、gb18030、gbk 或 big5`).
pub fn accepted() -> String {
    let names: Vec<&str> = told().collect();
    let (last, rest) = names.split_last().expect("NAMES tells at least one name");
    let rest = crate::i18n::list(rest);
    crate::msg!("{rest} or {last}", "{rest} 或 {last}")
}

/// A name as compared: trimmed, lower case, without `-` and `_`.
fn name_key(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace(['-', '_'], "")
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let key = name_key(s);
        match NAMES.iter().find(|n| name_key(n.0) == key) {
            Some(&(_, e, _)) => Ok(e),
            None => {
                let accepted = accepted();
                Err(crate::msg!(
                    "invalid encoding '{s}': expected {accepted}",
                    "无效的编码“{s}”：应为 {accepted}"
                ))
            }
        }
    }
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GB18030",
            Encoding::Big5 => "Big5",
        }
    }
}

/// How many two-byte characters of `body`, read as GBK/GB18030, fall outside the common
/// ground of a Simplified text: GB2312's punctuation rows (lead byte A1–A3) and its level-1
/// characters (B0–D7, the 3,755 in everyday use; GB 2312-1980). Big5 text read as GBK lands
/// mostly elsewhere (kana, Greek, user-defined areas, GBK's rare extension), which is how
/// the two are told apart.
fn gb_rare(body: &[u8]) -> usize {
    let mut rare = 0;
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let t = body.get(i + 1).copied().unwrap_or(0);
        if (0x30..=0x39).contains(&t) {
            // A four-byte GB18030 sequence: a character outside GBK altogether.
            rare += 1;
            i += 4;
            continue;
        }
        if !(matches!(b, 0xA1..=0xA3 | 0xB0..=0xD7) && t >= 0xA1) {
            rare += 1;
        }
        i += 2;
    }
    rare
}

/// The same count for `body` read as Big5: common are its symbol rows (lead A1–A3) and its
/// level-1 characters (A4–C6, the 5,401 frequently used; the Big5 standard's 常用字).
fn big5_rare(body: &[u8]) -> usize {
    let mut rare = 0;
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if !matches!(b, 0xA1..=0xC6) {
            rare += 1;
        }
        i += 2;
    }
    rare
}

/// The encoding of bytes that are not UTF-8: Big5 when they decode as Big5 without error and
/// give fewer uncommon characters that way than as GB18030; else GB18030 (ties included, as
/// mainland offices save GBK far more often).
fn guess_legacy(body: &[u8]) -> Encoding {
    let (_, _, big5_errors) = encoding_rs::BIG5.decode(body);
    if !big5_errors && big5_rare(body) < gb_rare(body) {
        Encoding::Big5
    } else {
        Encoding::Gb18030
    }
}

/// The other legacy encoding when `body`, given as `given`, reads as that one instead: it
/// decodes that way without error, and either not as `given` or as fewer uncommon characters
/// (`gb_rare`, `big5_rare`). `None` when `given` reads as well: a short Big5 file the
/// detection would take for GBK is what `--encoding big5` is for.
fn other_legacy(body: &[u8], given: Encoding) -> Option<Encoding> {
    let (_, _, gb_errors) = encoding_rs::GB18030.decode(body);
    let (_, _, big5_errors) = encoding_rs::BIG5.decode(body);
    match given {
        Encoding::Big5 if !gb_errors && (big5_errors || gb_rare(body) < big5_rare(body)) => {
            Some(Encoding::Gb18030)
        }
        Encoding::Gb18030 if !big5_errors && gb_errors => Some(Encoding::Big5),
        _ => None,
    }
}

/// Decodes a report: the given encoding, else UTF-8 if the bytes are valid UTF-8, else GB18030
/// (a superset of GBK and GB2312) or Big5, whichever reads as the more common characters
/// (`guess_legacy`). Refuses empty and binary files, bytes that do not decode, and a UTF-8
/// file given `--encoding gbk` or `big5`.
pub fn decode(bytes: &[u8], encoding: Option<Encoding>) -> Result<(String, Encoding)> {
    let body = crate::model::strip_bom(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        bail!(crate::msg!(
            "the file is empty: expected a report in plain text (UTF-8 or GB18030)",
            "文件是空的：应为纯文本报告（UTF-8 或 GB18030 编码）"
        ));
    }
    let controls = body
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    // A few control characters in text are named where they stand (`control_at`); many
    // (one byte in a hundred) or a NUL say the file is no text at all.
    if body.contains(&0) || (controls >= 4 && controls * 100 > body.len()) {
        bail!(crate::msg!(
            "the file looks binary, not text: expected a report in plain text (UTF-8 or GB18030), or a .docx, .xlsx, .ods or .csv file named so",
            "文件像是二进制文件而非文本：应为纯文本报告（UTF-8 或 GB18030），或以 .docx、.xlsx、.ods、.csv 为扩展名的文件"
        ));
    }
    let utf8 = std::str::from_utf8(body).is_ok();
    let encoding = match encoding {
        // Valid UTF-8 with Chinese in it is, in practice, never GBK or Big5 that happens to
        // decode: reading it as the flag says would only give garbage.
        Some(e @ (Encoding::Gb18030 | Encoding::Big5)) if utf8 && !body.is_ascii() => {
            let name = match e {
                Encoding::Big5 => "Big5",
                _ => "GBK/GB18030",
            };
            bail!(crate::msg!(
                "the file is not {name}: it reads as UTF-8; drop --encoding",
                "文件不是 {name} 编码：它是 UTF-8 文本；请去掉 --encoding"
            ));
        }
        // Bytes that read as the other legacy encoding, and clearly better so, are not what
        // the flag says: reading them so would give garbage or refuse them without a word on
        // what they are.
        Some(e @ (Encoding::Gb18030 | Encoding::Big5)) if !utf8 => {
            if let Some(other) = other_legacy(body, e) {
                let (name, reads, flag) = match other {
                    Encoding::Big5 => ("GBK/GB18030", "Big5", "big5"),
                    _ => ("Big5", "GBK/GB18030", "gbk"),
                };
                bail!(crate::msg!(
                    "the file is not {name}: it reads as {reads}; drop --encoding (it is detected) or give --encoding {flag}",
                    "文件不是 {name} 编码：它是 {reads} 文本；请去掉 --encoding（可自动识别）或改用 --encoding {flag}"
                ));
            }
            e
        }
        Some(e) => e,
        None if utf8 => Encoding::Utf8,
        None => guess_legacy(body),
    };
    let text = match encoding {
        Encoding::Utf8 => std::str::from_utf8(body).map(str::to_string).map_err(|e| {
            let at = e.valid_up_to();
            let accepted = accepted();
            anyhow!(crate::msg!(
                "the file is not valid UTF-8 (byte {at}): --encoding accepts {accepted}; try --encoding gb18030",
                "文件不是有效的 UTF-8（第 {at} 字节）：--encoding 可取 {accepted}；可试 --encoding gb18030"
            ))
        })?,
        Encoding::Gb18030 => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(body);
            if had_errors {
                let accepted = accepted();
                bail!(crate::msg!(
                    "the file's bytes are neither UTF-8 nor GB18030/GBK text: convert it to UTF-8 (--encoding accepts {accepted})",
                    "文件内容既不是 UTF-8 也不是 GB18030/GBK 文本：请转换为 UTF-8（--encoding 可取 {accepted}）"
                ));
            }
            text.into_owned()
        }
        Encoding::Big5 => {
            let (text, had_errors) = encoding_rs::BIG5.decode_without_bom_handling(body);
            if had_errors {
                let accepted = accepted();
                bail!(crate::msg!(
                    "the file's bytes are not Big5 text: --encoding accepts {accepted}; without it the encoding is detected",
                    "文件内容不是 Big5 文本：--encoding 可取 {accepted}；不加该选项则自动识别"
                ));
            }
            text.into_owned()
        }
    };
    // A page break (form feed, as text saved from a PDF has) is a line break; any other
    // control character is refused where it stands, as an editor shows it.
    let text = text.replace('\u{c}', "\n");
    let text = crate::model::normalise_input(&text).into_owned();
    control_at(&text)?;
    Ok((text, encoding))
}

/// Refuses the first control character other than spacing (line breaks, tabs, form feeds),
/// naming its line and column (counted in characters, from 1) and the character as `U+0007`.
pub fn control_at(text: &str) -> Result<()> {
    for (l, line) in text.lines().enumerate() {
        if let Some((col, c)) = line
            .chars()
            .enumerate()
            .find(|&(_, c)| c.is_control() && !c.is_whitespace())
        {
            // U+0007 as the Unicode charts name it, not Rust's `\u{7}`.
            let (line, col, shown) = (l + 1, col + 1, format!("U+{:04X}", u32::from(c)));
            bail!(crate::msg!(
                "line {line}, column {col}: a control character ({shown}) is not text: remove it and import again",
                "第 {line} 行第 {col} 列：控制字符（{shown}）不是文本：请删去后重新导入"
            ));
        }
    }
    Ok(())
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase()
        || matches!(c, 'à'..='ü' | 'ā'..='ǜ' | '\u{0300}'..='\u{036F}' | 'ɑ' | 'ɡ')
            && c.is_lowercase()
}

/// Removes pinyin written after characters, as web pages annotate them: `學(xué)習(xí)` → `學習`.
/// Returns the text and how many annotations were removed.
pub fn strip_pinyin(text: &str) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == '(' || c == '（') && i > 0 && is_cjk(chars[i - 1]) {
            let close = if c == '(' { ')' } else { '）' };
            if let Some(len) = chars[i + 1..]
                .iter()
                .take(12)
                .position(|&d| d == close || d == ')' || d == '）')
            {
                let inner = &chars[i + 1..i + 1 + len];
                let letters = inner.iter().filter(|d| !d.is_whitespace()).count();
                if letters > 0
                    && inner.iter().all(|&d| is_pinyin_letter(d) || d == ' ')
                    && inner.iter().any(|&d| d.is_ascii_lowercase())
                {
                    removed += 1;
                    i += len + 2;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    (out, removed)
}

/// Half-width punctuation between Chinese text made full-width, stray spaces between Chinese
/// characters removed, ideographic indentation trimmed. Digits and Latin text are left alone.
pub fn normalise(text: &str) -> String {
    use crate::model::{is_direction_control, is_invisible, is_variation_selector};
    let mut lines = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            .chars()
            // A tab (or a vertical tab, a form feed) between words is spacing a word processor
            // or a spreadsheet left, not a character of the text: read as a space.
            .map(|c| {
                if c.is_control() && c.is_whitespace() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let mut out = String::with_capacity(line.len());
        for (i, &c) in chars.iter().enumerate() {
            // Web pages and word processors leave invisible characters in copied text (zero-width
            // spaces, soft hyphens, direction marks); typed into a name they are refused, in a
            // report they are noise. The joiner and the variation selectors are kept: they hold
            // emoji sequences together.
            if (is_invisible(c) && c != '\u{200D}' && !is_variation_selector(c))
                || is_direction_control(c)
            {
                continue;
            }
            // The previous character as written out (already full-width if it was mapped).
            let prev = out
                .chars()
                .last()
                .or_else(|| i.checked_sub(1).map(|j| chars[j]));
            let next = chars.get(i + 1).copied();
            let near_cjk = prev.is_some_and(|p| is_cjk(p) || is_full_punct(p))
                || next.is_some_and(|n| is_cjk(n) || is_full_punct(n));
            let digits_around = prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            let mapped = match c {
                ',' if near_cjk && !digits_around => '，',
                ';' if near_cjk => '；',
                ':' if near_cjk && !digits_around => '：',
                '?' if near_cjk => '？',
                '!' if near_cjk => '！',
                '(' if near_cjk => '（',
                ')' if near_cjk => '）',
                // `第一 加强…`: the space is the ordinal's separator, not a stray one.
                ' ' | '\u{3000}'
                    if prev.is_some_and(is_cjk)
                        && next.is_some_and(is_cjk)
                        && !super::marker::ordinal_before_space(&out) =>
                {
                    continue;
                }
                c => c,
            };
            out.push(mapped);
        }
        lines.push(out);
    }
    lines.join("\n")
}

fn is_full_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | '“' | '”' | '（' | '）' | '《' | '》'
    )
}

/// Which OpenCC conversion to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// Characters only, with OpenCC's t2s phrases: for the web's mechanical Traditional
    /// rendering of a Simplified original, whose wording is already mainland.
    Characters,
    /// Taiwan phrases to mainland ones first (網際網路 → 互联网, 軟體 → 软件, 資訊 → 信息), then
    /// characters: OpenCC's tw2sp, for text written in Traditional characters.
    TaiwanPhrases,
}

/// Traditional Chinese → Simplified with OpenCC's dictionaries (t2s or tw2sp; with tw2sp the
/// words [`super::taiwan`] keeps are simplified by character only).
pub fn to_simplified(text: &str, how: Conversion) -> Result<String> {
    let cc = converter(how)?;
    if how == Conversion::TaiwanPhrases {
        let converted = cc.convert(&super::taiwan::mask(text));
        let chars = converter(Conversion::Characters)?;
        return Ok(super::taiwan::unmask(&converted, |w| chars.convert(w)));
    }
    Ok(cc.convert(text))
}

/// The converter for `how`, loaded once.
fn converter(how: Conversion) -> Result<&'static ferrous_opencc::OpenCC> {
    type Loaded = OnceLock<Result<ferrous_opencc::OpenCC, String>>;
    static CHARACTERS: Loaded = OnceLock::new();
    static TAIWAN: Loaded = OnceLock::new();
    use ferrous_opencc::config::BuiltinConfig;
    let (cell, config) = match how {
        Conversion::Characters => (&CHARACTERS, BuiltinConfig::T2s),
        Conversion::TaiwanPhrases => (&TAIWAN, BuiltinConfig::Tw2sp),
    };
    cell.get_or_init(|| ferrous_opencc::OpenCC::from_config(config).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| {
            anyhow!(crate::msg!(
                "the Traditional → Simplified converter failed to load: {e}",
                "繁简转换器加载失败：{e}"
            ))
        })
}

/// Characters written only in Traditional text (their Simplified forms differ, and none of
/// them is used in Simplified writing), among the most frequent in official documents.
const TRADITIONAL_ONLY: &str = "們這個為來說對會與發進經實現機關國區縣點問題應業產動當學將從開時車長門東書見議處務辦設員導總計劃體網際訊資軟護強環險規範檢質數據擴鄉鎮農電營稅財項幹權級組織統籌構價衛醫療廣層專傳責費運結線類歸畫執錄審批準勵習辦態點確認續優園";

/// Is `text` written in Traditional characters? At least three characters of
/// [`TRADITIONAL_ONLY`], and at least one in fifty of its Chinese characters: a Simplified
/// report quoting a Traditional name now and then is not.
pub fn is_traditional(text: &str) -> bool {
    let (cjk, traditional) = traditional_counts(text);
    traditional_enough(cjk, traditional)
}

/// The Chinese characters of `text`, and those of them in [`TRADITIONAL_ONLY`].
fn traditional_counts(text: &str) -> (usize, usize) {
    // Asked of every Chinese character of a report: a sorted table searched by halves, not
    // a scan of the string per character.
    static SORTED: LazyLock<Vec<char>> = LazyLock::new(|| {
        let mut v: Vec<char> = TRADITIONAL_ONLY.chars().collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    let (mut cjk, mut traditional) = (0usize, 0usize);
    for c in text.chars() {
        if is_cjk(c) {
            cjk += 1;
            if SORTED.binary_search(&c).is_ok() {
                traditional += 1;
            }
        }
    }
    (cjk, traditional)
}

/// [`is_traditional`]'s rule on its two counts.
fn traditional_enough(cjk: usize, traditional: usize) -> bool {
    traditional >= 3 && traditional * 50 >= cjk
}

/// The whole clean-up. Text annotated with pinyin is the web's Traditional rendering of a
/// Simplified original, so it is converted back character by character (t2s: its wording is
/// already mainland). Other Traditional text (detected, [`is_traditional`], or any text with
/// `to_simplified`) is converted with Taiwan phrases made mainland ones (tw2sp: 網際網路 →
/// 互联网, 軟體 → 软件, 資訊 → 信息, 品質 → 质量), as an office filing it would write it.
pub fn clean(text: &str, to_simplified_always: bool) -> Result<(String, bool)> {
    clean_in_pieces(text, to_simplified_always, PIECE)
}

/// The size (bytes, at least) of the pieces of whole lines [`clean`] shares out.
const PIECE: usize = 32 * 1024;

/// [`clean`] on pieces of whole lines of at least `piece` bytes, on every core (`par::map`).
/// Every rule reads within a line (pinyin follows its character; OpenCC's phrases and
/// [`normalise`]'s rules never cross a line break), and the counts that decide the
/// conversion add up over the pieces, so the result is the whole text's.
fn clean_in_pieces(text: &str, to_simplified_always: bool, piece: usize) -> Result<(String, bool)> {
    // A cell or a short text: one piece, as it stands.
    if text.len() <= piece {
        return clean_piece(text, to_simplified_always);
    }
    let pieces = line_pieces(text, piece);
    let stripped = crate::par::map(&pieces, |p| {
        let (s, annotations) = strip_pinyin(p);
        let counts = traditional_counts(&s);
        (s, annotations, counts)
    });
    let annotations: usize = stripped.iter().map(|p| p.1).sum();
    let (cjk, traditional) = stripped
        .iter()
        .fold((0, 0), |(a, b), p| (a + p.2.0, b + p.2.1));
    let how = conversion(
        annotations,
        to_simplified_always || traditional_enough(cjk, traditional),
    );
    let done = crate::par::map(&stripped, |(s, _, _)| -> Result<String> {
        Ok(match how {
            Some(how) => normalise(&to_simplified(s, how)?),
            None => normalise(s),
        })
    });
    let done = done.into_iter().collect::<Result<Vec<_>>>()?;
    Ok((done.join("\n"), how.is_some()))
}

/// The conversion [`clean`] applies: character by character for a text with pinyin notes
/// (three or more), Taiwan phrases for other Traditional text (`traditional`), else none.
fn conversion(annotations: usize, traditional: bool) -> Option<Conversion> {
    if annotations >= 3 {
        Some(Conversion::Characters)
    } else if traditional {
        Some(Conversion::TaiwanPhrases)
    } else {
        None
    }
}

/// [`clean`] of a text taken whole.
fn clean_piece(text: &str, to_simplified_always: bool) -> Result<(String, bool)> {
    let (text, annotations) = strip_pinyin(text);
    let how = conversion(annotations, to_simplified_always || is_traditional(&text));
    let text = match how {
        Some(how) => to_simplified(&text, how)?,
        None => text,
    };
    Ok((normalise(&text), how.is_some()))
}

/// `text` cut at line breaks into pieces of at least `piece` bytes, the breaks left out: a
/// cut only where the line before it is not empty and text follows, so that the pieces'
/// lines are exactly the text's (`str::lines`) and joining the cleaned pieces with `\n`
/// gives the whole text cleaned.
fn line_pieces(text: &str, piece: usize) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0usize;
    let mut at = piece.max(1);
    while at < bytes.len() {
        let Some(nl) = bytes[at..].iter().position(|&b| b == b'\n').map(|i| at + i) else {
            break;
        };
        if nl > start && !matches!(bytes[nl - 1], b'\n' | b'\r') && nl + 1 < bytes.len() {
            pieces.push(&text[start..nl]);
            start = nl + 1;
            at = start.saturating_add(piece.max(1));
        } else {
            at = nl + 1;
        }
    }
    pieces.push(&text[start..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Cleaned in pieces of any size, a text comes out as cleaned whole: lines of
        /// Chinese with pinyin, Traditional words, half-width punctuation, spaces, blank
        /// lines, CRLF and trailing breaks.
        #[test]
        fn pieces_clean_as_the_whole(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "學(xué)", "習(xí)", "網際網路", "軟體", "加强", "工作", ",", ";", "(一)",
                        " ", "　　", "1,000", "a", "\r", "", "資訊", "組織", "們",
                    ]),
                    0..8,
                ),
                0..40,
            ),
            piece in 1usize..64,
            always in any::<bool>(),
            ending in proptest::sample::select(vec!["", "\n", "\n\n", "\r\n"]),
        ) {
            let text = lines.iter().map(|l| l.concat()).collect::<Vec<_>>().join("\n") + ending;
            let whole = clean_in_pieces(&text, always, usize::MAX).unwrap();
            prop_assert_eq!(clean_in_pieces(&text, always, piece).unwrap(), whole);
        }
    }

    #[test]
    fn pinyin_after_characters_is_removed() {
        assert_eq!(
            strip_pinyin("學(xué)習(xí)考察"),
            ("學習考察".to_string(), 2)
        );
        assert_eq!(
            strip_pinyin("總?cè)丝?43萬"),
            ("總?cè)丝?43萬".to_string(), 0)
        );
        // Not pinyin: numbering and ordinary brackets stay.
        assert_eq!(strip_pinyin("(一)突破(试行)").1, 0);
        assert_eq!(strip_pinyin("单位(ABC)").1, 0);
    }

    #[test]
    fn punctuation_and_spaces_are_normalised() {
        assert_eq!(
            normalise("理顺关系,加大力度;推动:工作(试点)?"),
            "理顺关系，加大力度；推动：工作（试点）？"
        );
        assert_eq!(normalise("1,000 人, 时间 10:30"), "1,000 人， 时间 10:30");
        assert_eq!(normalise("　　加强 党建 工作"), "加强党建工作");
    }

    #[test]
    fn traditional_becomes_simplified() {
        assert_eq!(
            to_simplified("學習幹部教育培訓", Conversion::Characters).unwrap(),
            "学习干部教育培训"
        );
        assert_eq!(
            to_simplified(
                "推動網際網路與軟體產業，加強資訊安全",
                Conversion::TaiwanPhrases
            )
            .unwrap(),
            "推动互联网与软件产业，加强信息安全"
        );
    }

    #[test]
    fn traditional_text_is_detected_and_simplified_is_not() {
        // (text, Traditional?, cleaned)
        let cases: &[(&str, bool, &str)] = &[
            (
                "推動網際網路與軟體產業發展，提升資訊服務品質。",
                true,
                "推动互联网与软件产业发展，提升信息服务质量。",
            ),
            (
                "加強資訊安全，完善個人資料保護。",
                true,
                "加强信息安全，完善个人数据保护。",
            ),
            (
                "推动互联网与软件产业发展，提升服务质量。",
                false,
                "推动互联网与软件产业发展，提升服务质量。",
            ),
            // One Traditional name in a Simplified report converts nothing.
            (
                "学习借鉴台湾“國立”大学的做法，推进高校建设。",
                false,
                "学习借鉴台湾“國立”大学的做法，推进高校建设。",
            ),
        ];
        for (text, traditional, want) in cases {
            assert_eq!(is_traditional(text), *traditional, "{text}");
            assert_eq!(clean(text, false).unwrap().0, *want, "{text}");
        }
    }

    #[test]
    fn gbk_text_is_decoded_and_binary_refused() {
        let (gbk, _, _) = encoding_rs::GBK.encode("加强党建工作");
        assert_eq!(
            decode(&gbk, None).unwrap(),
            ("加强党建工作".to_string(), Encoding::Gb18030)
        );
        assert_eq!(decode("加强".as_bytes(), None).unwrap().1, Encoding::Utf8);
        assert!(decode(b"", None).unwrap_err().to_string().contains("empty"));
        assert!(
            decode(b"\x00\x01\x02binary", None)
                .unwrap_err()
                .to_string()
                .contains("binary")
        );
        assert!(
            decode(b"\x81\x20\xff\xfe", None)
                .unwrap_err()
                .to_string()
                .contains("neither UTF-8 nor GB18030")
        );
    }
}
