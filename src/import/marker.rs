//! Numbering markers: the `1、` `一、` `（一）` `(1)` `第一，` `①` `一是` `首先，` that start a
//! paragraph, and the same markers found inside a paragraph (`…：（一）…。（二）…`). Pure.
//!
//! Only the marker is read here; which markers form a list, and which list holds the
//! recommendations, is `outline`'s and `parse`'s business.

/// How an item is numbered. Each style is its own list: `1、` items never continue a `（1）` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `1、` `1.` `1．` `１、` `⒈`; `1，` where it continues a run (`outline` drops a lone one)
    Arabic,
    /// `1.1` `1.1.` `1.1、` `1.2.3 ` (a section's number and its own): the depth is the count
    /// of numbers before the last (1 for `1.2`), so `1.1` items nest inside `1.` items and
    /// `1.1.1` inside `1.1`. `Mark::within` holds the numbers before the last.
    Dotted(u8),
    /// `1）` `1)` (a closing bracket only)
    ArabicClose,
    /// `1 加强…`: a number and a space. Also a quantity (`3 个乡镇`) or a table's 序号, so an
    /// item only where several lines count on (`outline` drops a lone one).
    ArabicSpace,
    /// `一、` `一．`
    Chinese,
    /// `一）` `一)` (a closing bracket only)
    ChineseClose,
    /// `（一）` `(一)` `㈠`
    ChineseParen,
    /// `（1）` `(1)` `⑴`
    ArabicParen,
    /// `第一，` `第一、` `第一：` `其一，` `第一 加强`
    Ordinal,
    /// `第一条 …` (a regulation's or a plan's articles)
    Article,
    /// `①`…`⑳`
    Circled,
    /// `一是` `二是` (the 下步打算 style), `一要` `二要`
    Shi,
    /// `首先` `其次` `再次` `最后`, followed by a comma or the action
    Sequence,
}

/// `最后` carries no number: it continues whatever `Sequence` list is open.
pub const LAST: usize = 0;

/// A marker: its style, its number (`LAST` for 最后) and its length in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub style: Style,
    pub n: usize,
    pub len: usize,
    /// A dotted number's numbers before its last (`2.3` → 2, `1.2.3` → 1002: 1000 per
    /// place), so a run of siblings is told from a new section's; 0 for every other style.
    pub within: usize,
}

impl Mark {
    fn new(style: Style, n: usize, len: usize) -> Mark {
        Mark {
            style,
            n,
            len,
            within: 0,
        }
    }
}

const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/// Numbers as one character, as Word and some input methods write them (Unicode's
/// Enclosed Alphanumerics and Enclosed CJK blocks): `⑴`…`⒇` read as `(1)`…`(20)`,
/// `⒈`…`⒛` as `1.`…`20.`, `㈠`…`㈩` as `（一）`…`（十）`.
const ENCLOSED: [(char, char, Style); 3] = [
    ('\u{2474}', '\u{2487}', Style::ArabicParen),
    ('\u{2488}', '\u{249B}', Style::Arabic),
    ('\u{3220}', '\u{3229}', Style::ChineseParen),
];

/// The style and number of a one-character enclosed number (`⑴` → `(1)`).
fn enclosed(c: char) -> Option<(Style, usize)> {
    ENCLOSED
        .iter()
        .find(|(lo, hi, _)| (*lo..=*hi).contains(&c))
        .map(|&(lo, _, style)| (style, c as usize - lo as usize + 1))
}

/// What a number followed by a space counts (`3 个乡镇`, `2 万元`), or a time, a size or a
/// place: such a line is running text, not an item `1 加强…`.
const MEASURES: &str = "个项家名人户万亿千百元角米吨次所座条件年月日天时分秒周季台辆批处类期届级层亩倍位份套栋间张本部篇场轮号点段片支只股种起例宗笔册余多组村镇乡区县市省岁斤公平克升度成";

/// A number and one space (`1 加强…`, `1　加强…`) then a Chinese word that is no measure:
/// the space's length in bytes. A line with a wider gap or a tab further on is a table's row.
fn arabic_space(rest: &str) -> Option<usize> {
    let sep = rest
        .chars()
        .next()
        .filter(|&c| c == ' ' || c == '\u{3000}')?;
    let body = &rest[sep.len_utf8()..];
    let next = body.chars().next()?;
    let table =
        body.contains(['\t', '|', '｜']) || body.contains("  ") || body.contains('\u{3000}');
    (('\u{4e00}'..='\u{9fff}').contains(&next) && !MEASURES.contains(next) && !table)
        .then_some(sep.len_utf8())
}

/// Does `s` hold only an ordinal that a space would follow as its separator (`第一`, `第十二条`)?
/// Normalising text drops a space between Chinese characters, but not this one: it is the
/// marker's separator (`第一 加强组织领导`).
pub fn ordinal_before_space(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('第') else {
        return false;
    };
    chinese(rest).is_some_and(|(_, len)| matches!(&rest[len..], "" | "条"))
}
const SEQUENCE: [(&str, usize); 4] = [("首先", 1), ("其次", 2), ("再次", 3), ("最后", LAST)];

fn digit(c: char) -> Option<usize> {
    match c {
        '0'..='9' => Some(c as usize - '0' as usize),
        '０'..='９' => Some(c as usize - '０' as usize),
        _ => None,
    }
}

/// Does `s` open with a month or a year (`11月底前完成…`, `2027年6月…`)? After `1.` that is
/// the item's first words, not a second number of the marker (`1.11` is no section here).
fn dated(s: &str) -> bool {
    let digits: Vec<usize> = s.chars().map_while(digit).collect();
    let rest = s.chars().nth(digits.len());
    let value = digits.iter().fold(0, |v, d| v * 10 + d);
    match (digits.len(), rest) {
        (1 | 2, Some('月')) => (1..=12).contains(&value),
        (4, Some('年')) => true,
        _ => false,
    }
}

/// An Arabic number of one to three digits (half- or full-width) at the start: (value, bytes).
fn arabic(s: &str) -> Option<(usize, usize)> {
    let mut n = 0;
    let mut len = 0;
    for (k, c) in s.chars().enumerate() {
        match digit(c) {
            Some(d) if k < 3 => {
                n = n * 10 + d;
                len += c.len_utf8();
            }
            Some(_) => return None,
            None => break,
        }
    }
    (len > 0 && n > 0).then_some((n, len))
}

fn cn_digit(c: char) -> Option<usize> {
    // A match, not a search of a string: `inline` asks this of every character of a report.
    Some(match c {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A Chinese number from 一 to 九十九 at the start (一, 十, 十二, 二十, 二十三): (value, bytes).
pub fn chinese(s: &str) -> Option<(usize, usize)> {
    let mut chars = s.chars();
    let a = chars.next()?;
    let b = chars.next();
    let c = chars.next();
    let ten = |c: Option<char>| c == Some('十');
    let w = '一'.len_utf8();
    match (a, cn_digit(a)) {
        ('十', _) => match b.and_then(cn_digit) {
            Some(d) => Some((10 + d, 2 * w)),
            None => Some((10, w)),
        },
        (_, Some(d)) if ten(b) => match c.and_then(cn_digit) {
            Some(e) => Some((d * 10 + e, 3 * w)),
            None => Some((d * 10, 2 * w)),
        },
        (_, Some(d)) => Some((d, w)),
        _ => None,
    }
}

/// The Chinese numeral for `n` (1 to 99), as the markers write it.
pub fn numeral(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => String::new(),
    }
}

/// A dotted number at the start of `p` (`1.2`, `1.2.3`, `１．２`, at most four numbers of at
/// most two digits each), `first` being its first number of `len` bytes. It must be followed
/// by a separator (`.` `．` `、` a space) or by a Chinese word that is no measure: `1.5倍`,
/// `2.5万元`, `3.15%` are quantities, `1.2.3.4.5` a version.
fn dotted(p: &str, first: usize, len: usize) -> Option<Mark> {
    let mut at = len;
    let mut numbers = vec![first];
    while let Some(sep) = p[at..].chars().next().filter(|c| matches!(c, '.' | '．')) {
        let Some((n, l)) = arabic(&p[at + sep.len_utf8()..]) else {
            break;
        };
        if l > 2 * '０'.len_utf8() || n > 99 || numbers.len() == 4 {
            return None;
        }
        at += sep.len_utf8() + l;
        numbers.push(n);
    }
    if numbers.len() < 2 || first > 99 {
        return None;
    }
    let mut end = at;
    match p[at..].chars().next() {
        Some(c @ ('.' | '．' | '、' | ' ' | '\u{3000}' | '\t')) => {
            end += c.len_utf8();
            // `1.2 5万元` is a quantity; `1.2 11月底前完成…` an item that opens with its
            // deadline (Word's `%1.%2` before such a paragraph).
            let rest = p[end..].trim_start();
            let next = rest.chars().next();
            if next.is_some_and(|c| digit(c).is_some() || c == '%' || c == '％') && !dated(rest) {
                return None;
            }
        }
        Some(c) if ('\u{4e00}'..='\u{9fff}').contains(&c) && !MEASURES.contains(c) => {}
        Some('“' | '《' | '（' | '(' | '【') => {}
        _ => return None,
    }
    let n = numbers.pop()?;
    let within = numbers.iter().fold(0, |w, k| w * 1000 + k);
    Some(Mark {
        within,
        ..Mark::new(Style::Dotted(numbers.len() as u8), n, end)
    })
}

/// The marker that starts `p`, if any. A number must be followed by its separator, and an
/// Arabic one not by another digit (`1.5倍`, `2026年` are not markers).
pub fn at_start(p: &str) -> Option<Mark> {
    let first = p.chars().next()?;
    if let Some((style, n)) = enclosed(first) {
        return Some(Mark {
            style,
            n,
            len: first.len_utf8(),
            within: 0,
        });
    }
    if let Some((n, len)) = arabic(p) {
        let rest = &p[len..];
        if let Some(m) = dotted(p, n, len) {
            return Some(m);
        }
        let after = |sep: usize| rest[sep..].chars().next().and_then(digit).is_none();
        let sep = rest.chars().next()?;
        let style = match sep {
            '、' | '．' => Style::Arabic,
            '.' if after(1) || dated(&rest[1..]) => Style::Arabic,
            // `2，完善制度。` is typed for `2、`; the outline keeps it only where it continues
            // a run of numbered lines (`settle_commas`): a count (`1，2，3`) is none.
            '，' if n <= 99 && after('，'.len_utf8()) => Style::Arabic,
            '）' | ')' => Style::ArabicClose,
            ' ' | '\u{3000}' if n <= 99 => {
                return arabic_space(rest).map(|sep| Mark {
                    style: Style::ArabicSpace,
                    n,
                    len: len + sep,
                    within: 0,
                });
            }
            _ => return None,
        };
        return Some(Mark {
            style,
            n,
            len: len + sep.len_utf8(),
            within: 0,
        });
    }
    if first == '（' || first == '(' {
        let inner = &p[first.len_utf8()..];
        let (style, (n, len)) = match (chinese(inner), arabic(inner)) {
            (Some(c), _) => (Style::ChineseParen, c),
            (_, Some(a)) => (Style::ArabicParen, a),
            _ => return None,
        };
        let close = inner[len..].chars().next()?;
        if close != '）' && close != ')' {
            return None;
        }
        return Some(Mark {
            style,
            n,
            len: first.len_utf8() + len + close.len_utf8(),
            within: 0,
        });
    }
    if let Some(i) = CIRCLED.chars().position(|c| c == first) {
        return Some(Mark {
            style: Style::Circled,
            n: i + 1,
            len: first.len_utf8(),
            within: 0,
        });
    }
    // 第一，… and its literary form 其一，…; 第一 加强… with a space; 第一条 … articles.
    if let Some(rest) = p.strip_prefix('第').or_else(|| p.strip_prefix('其'))
        && let Some((n, len)) = chinese(rest)
    {
        let spaced = |c: char| matches!(c, ' ' | '\u{3000}');
        let after = &rest[len..];
        if first == '第'
            && let Some(body) = after.strip_prefix('条')
        {
            let sep = body.chars().next()?;
            return (matches!(sep, '，' | '、' | '：' | ',') || spaced(sep)).then_some(Mark {
                style: Style::Article,
                n,
                len: '第'.len_utf8() + len + '条'.len_utf8() + sep.len_utf8(),
                within: 0,
            });
        }
        let sep = after.chars().next()?;
        let word = after[sep.len_utf8()..].chars().next();
        let spaced_word = first == '第'
            && spaced(sep)
            && word.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        return (matches!(sep, '，' | '、' | '：' | ',') || spaced_word).then_some(Mark {
            style: Style::Ordinal,
            n,
            len: '第'.len_utf8() + len + sep.len_utf8(),
            within: 0,
        });
    }
    for (word, n) in SEQUENCE {
        if let Some(rest) = p.strip_prefix(word) {
            let next = rest.chars().next()?;
            let len = word.len()
                + if matches!(next, '，' | '、' | '：' | ',') {
                    next.len_utf8()
                } else {
                    0
                };
            return matches!(
                next,
                '，' | '、' | '：' | ',' | '要' | '是' | '在' | '对' | '把' | '将'
            )
            .then_some(Mark {
                style: Style::Sequence,
                n,
                len,
                within: 0,
            });
        }
    }
    let (n, len) = chinese(p)?;
    let rest = &p[len..];
    if let Some(sep) = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '、' | '．' | '.' | '）' | ')'))
    {
        let style = if matches!(sep, '）' | ')') {
            Style::ChineseClose
        } else {
            Style::Chinese
        };
        return Some(Mark {
            style,
            n,
            len: len + sep.len_utf8(),
            within: 0,
        });
    }
    // 一是… and the spoken 一要…
    let word = rest.chars().next().filter(|&c| c == '是' || c == '要')?;
    if word == '要' && rest[word.len_utf8()..].starts_with(['素', '求', '点', '害', '件', '闻'])
    {
        return None;
    }
    Some(Mark {
        style: Style::Shi,
        n,
        len: len + word.len_utf8(),
        within: 0,
    })
}

/// Whether a marker of `style` may start after the character `before` inside a paragraph. The
/// numbered styles that also occur in running text (`1、`, `一、`) need a sentence boundary;
/// the others a clause boundary too.
fn may_follow(style: Style, before: Option<char>) -> bool {
    let Some(b) = before else { return true };
    let sentence = matches!(b, '：' | ':' | '。' | '；' | ';' | '！' | '？' | ' ' | '\t');
    match style {
        Style::Circled => true,
        Style::Arabic
        | Style::Dotted(_)
        | Style::Chinese
        | Style::ArabicClose
        | Style::ChineseClose => sentence,
        _ => sentence || matches!(b, '，' | ',' | '）' | ')'),
    }
}

/// Is `m`, read at the start of `p`, a number followed by a full-width comma (`1，加强…`)?
/// Such a mark is never found inside running text, and starts a line only in a run.
pub fn comma_numbered(p: &str, m: Mark) -> bool {
    m.style == Style::Arabic && p.get(..m.len).is_some_and(|s| s.ends_with('，'))
}

/// Inline markers of one style in `p`, in order, counting on from `after` (0 to start a new
/// list with 1): (byte offset, mark). 首先 stands for 1 of 一是 and 第一 lists
/// (`首先，…；二是…`). Gaps of up to two numbers are allowed, as in paragraphs. A caller
/// asking for several styles of one text scans it once with [`Scan`].
pub fn inline(p: &str, style: Style, after: usize) -> Vec<(usize, Mark)> {
    Scan::of(p).inline(style, after)
}

/// Where a marker of any style could start inside a paragraph, found in one pass: each
/// position after a boundary (`may_follow`, never after a digit) whose character can open a
/// marker, with the marker read there (`at_start`), if any. The outline asks a paragraph
/// for its inline lists in nine styles; each style's list is then a walk over these few
/// candidates, not another scan of the text and another reading at every position.
pub struct Scan<'a> {
    p: &'a str,
    candidates: Vec<Candidate>,
}

/// A position of [`Scan`]: its byte offset, the character before it, and the marker read
/// there (any style; `inline` keeps those of the style it is asked for).
struct Candidate {
    at: usize,
    before: Option<char>,
    mark: Option<Mark>,
}

/// Can `c` open a marker of some style (the union of `Scan::inline`'s `plausible`)?
fn opens_marker(c: char) -> bool {
    digit(c).is_some()
        || enclosed(c).is_some()
        || cn_digit(c).is_some()
        || matches!(c, '（' | '(' | '第' | '其' | '首' | '再' | '最' | '十')
        || ('①'..='⑳').contains(&c)
}

impl<'a> Scan<'a> {
    /// Reads `p` once for every candidate position.
    pub fn of(p: &'a str) -> Scan<'a> {
        let mut candidates = Vec::new();
        let mut before: Option<char> = None;
        for (at, c) in p.char_indices() {
            let prev = before.replace(c);
            // `Circled` may follow anything; every other style a boundary, which
            // `may_follow(Style::Sequence, …)` (the widest) accepts.
            let boundary = ('①'..='⑳').contains(&c) || may_follow(Style::Sequence, prev);
            if !boundary || prev.and_then(digit).is_some() || !opens_marker(c) {
                continue;
            }
            candidates.push(Candidate {
                at,
                before: prev,
                mark: at_start(&p[at..]),
            });
        }
        Scan { p, candidates }
    }

    /// The markers of `style`, as [`inline`] gives them.
    pub fn inline(&self, style: Style, after: usize) -> Vec<(usize, Mark)> {
        let mut found: Vec<(usize, Mark)> = Vec::new();
        // A number and a space inside running text is a quantity or a page's gap, not an item.
        if style == Style::ArabicSpace {
            return found;
        }
        let mut last = after;
        // The marker read at a candidate, when it is of `want`'s style and may stand there
        // (the rules a marker inside a paragraph keeps, asked of the reading the scan made
        // once).
        let at_of = |k: &Candidate, want: Style| {
            k.mark
                .filter(|m| m.style == want && may_follow(want, k.before))
                .filter(|m| k.at == 0 || !comma_numbered(&self.p[k.at..], *m))
        };
        for k in &self.candidates {
            let (at, prev) = (k.at, k.before);
            let c = self.p[at..].chars().next().unwrap_or_default();
            if at == 0 && after > 0 {
                continue;
            }
            if !may_follow(style, prev) {
                continue;
            }
            // 首先 is read as `Sequence`, whose boundaries are those of `Shi` and `Ordinal`.
            let candidate = match style {
                Style::Shi | Style::Ordinal if last == 0 && c == '首' => {
                    at_of(k, Style::Sequence).filter(|m| m.n == 1)
                }
                _ => None,
            };
            let m = candidate.or_else(|| {
                let plausible = match style {
                    Style::Arabic | Style::ArabicClose | Style::ArabicSpace | Style::Dotted(_) => {
                        digit(c).is_some() || enclosed(c).is_some()
                    }
                    Style::ChineseParen | Style::ArabicParen => {
                        c == '（' || c == '(' || enclosed(c).is_some()
                    }
                    Style::Ordinal | Style::Article => c == '第' || c == '其',
                    Style::Circled => ('①'..='⑳').contains(&c),
                    Style::Sequence => matches!(c, '首' | '其' | '再' | '最'),
                    Style::Chinese | Style::Shi | Style::ChineseClose => {
                        cn_digit(c).is_some() || c == '十'
                    }
                };
                if plausible { at_of(k, style) } else { None }
            });
            let Some(m) = m else { continue };
            let next = if m.n == LAST && style == Style::Sequence && last >= 1 {
                last + 1
            } else {
                m.n
            };
            let fits = if last == 0 {
                next == 1
            } else {
                next > last && next <= last + 3
            };
            if fits {
                found.push((at, Mark { n: next, ..m }));
                last = next;
                if m.n == LAST {
                    break;
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str) -> Option<(Style, usize, &str)> {
        at_start(p).map(|m| (m.style, m.n, &p[m.len..]))
    }

    #[test]
    fn markers_of_every_style_are_read() {
        assert_eq!(m("1、理顺关系"), Some((Style::Arabic, 1, "理顺关系")));
        assert_eq!(m("12. 加强"), Some((Style::Arabic, 12, " 加强")));
        assert_eq!(m("１２、加强"), Some((Style::Arabic, 12, "加强")));
        assert_eq!(m("3）加强"), Some((Style::ArabicClose, 3, "加强")));
        assert_eq!(m("三、对策"), Some((Style::Chinese, 3, "对策")));
        assert_eq!(m("十二、对策"), Some((Style::Chinese, 12, "对策")));
        assert_eq!(m("二十三．对策"), Some((Style::Chinese, 23, "对策")));
        assert_eq!(m("（二）思路宽"), Some((Style::ChineseParen, 2, "思路宽")));
        assert_eq!(
            m("（十二）思路宽"),
            Some((Style::ChineseParen, 12, "思路宽"))
        );
        assert_eq!(m("(3)加强"), Some((Style::ArabicParen, 3, "加强")));
        assert_eq!(m("第二，加强"), Some((Style::Ordinal, 2, "加强")));
        assert_eq!(m("②加强"), Some((Style::Circled, 2, "加强")));
        assert_eq!(m("一是加强"), Some((Style::Shi, 1, "加强")));
        assert_eq!(m("十是加强"), Some((Style::Shi, 10, "加强")));
        assert_eq!(m("二要加强"), Some((Style::Shi, 2, "加强")));
        assert_eq!(m("其二，加强"), Some((Style::Ordinal, 2, "加强")));
        assert_eq!(m("四.加强"), Some((Style::Chinese, 4, "加强")));
        assert_eq!(m("首先，加强"), Some((Style::Sequence, 1, "加强")));
        assert_eq!(m("其次要加强"), Some((Style::Sequence, 2, "要加强")));
        assert_eq!(m("最后，加强"), Some((Style::Sequence, LAST, "加强")));
        for not in [
            "2026年9月下旬",
            "1.5倍",
            "一中：办理",
            "最后一公里",
            "第一书记",
            "（附件）",
            "统一是",
        ] {
            assert_eq!(m(not), None, "{not}");
        }
    }

    #[test]
    fn dotted_numbers_are_markers_and_quantities_are_not() {
        fn d(p: &str) -> Option<(Style, usize, usize, &str)> {
            at_start(p).map(|m| (m.style, m.within, m.n, &p[m.len..]))
        }
        assert_eq!(
            d("1.1 加强学习"),
            Some((Style::Dotted(1), 1, 1, "加强学习"))
        );
        assert_eq!(d("2.3完善制度"), Some((Style::Dotted(1), 2, 3, "完善制度")));
        assert_eq!(d("1.2.3、建档"), Some((Style::Dotted(2), 1002, 3, "建档")));
        assert_eq!(d("１．２　建档"), Some((Style::Dotted(1), 1, 2, "建档")));
        assert_eq!(d("1.2. 建档"), Some((Style::Dotted(1), 1, 2, " 建档")));
        for not in [
            "1.5倍",
            "2.5万元",
            "3.15%",
            "1.2.3.4.5 版",
            "1.2",
            "100.1 加强",
        ] {
            assert_eq!(d(not), None, "{not}");
        }
    }

    #[test]
    fn a_month_or_year_after_the_point_opens_the_item() {
        assert_eq!(
            m("1.11月底前完成盘点"),
            Some((Style::Arabic, 1, "11月底前完成盘点"))
        );
        assert_eq!(
            m("2.2027年6月底前建成"),
            Some((Style::Arabic, 2, "2027年6月底前建成"))
        );
        assert_eq!(
            m("3.6月30日前报送"),
            Some((Style::Arabic, 3, "6月30日前报送"))
        );
        assert_eq!(
            at_start("3.1 11月底前完成盘点").map(|m| (m.style, m.n)),
            Some((Style::Dotted(1), 1))
        );
        assert_eq!(at_start("1.2 5万元"), None);
        // A month that is none, or a quantity, is no item's start.
        assert_eq!(m("1.13月"), None);
        assert_eq!(m("1.5万元"), None);
    }

    #[test]
    fn a_number_with_a_comma_is_a_marker_but_not_a_count() {
        assert_eq!(m("1，加强学习"), Some((Style::Arabic, 1, "加强学习")));
        assert_eq!(m("1，2，3"), None);
        // Inside running text a comma after a number is a count's, never an item.
        assert!(inline("一是学习。2，加强。3，完善。", Style::Arabic, 0).is_empty());
    }

    #[test]
    fn numerals_round_trip() {
        for n in 1..=99 {
            let s = numeral(n);
            assert_eq!(chinese(&s), Some((n, s.len())), "{s}");
        }
    }

    #[test]
    fn circled_numbers_are_one_run_of_characters() {
        // `inline` tests a range where `at_start` searches CIRCLED: both must agree.
        assert!(CIRCLED.chars().eq('①'..='⑳'));
    }

    #[test]
    fn inline_markers_count_on_and_skip_running_text() {
        let p = "会议提出：（一）抓好项目建设。（二）优化营商环境（试行）。（四）改善民生。";
        let ns: Vec<usize> = inline(p, Style::ChineseParen, 0)
            .iter()
            .map(|(_, m)| m.n)
            .collect();
        assert_eq!(ns, [1, 2, 4]);
        let p = "首先，将任务落实到人；二是加强督查；三是严格考核。";
        assert_eq!(inline(p, Style::Shi, 0).len(), 3);
        let p = "整改措施：1、更换线路2、3根；2、清理淤泥；3、维修水泵。";
        assert_eq!(inline(p, Style::Arabic, 0).len(), 3);
        assert!(inline("统一是关键，唯一是标准。", Style::Shi, 0).is_empty());
    }

    /// The markers of one style read at every position of `p` in turn, by the rules
    /// [`Scan::inline`] keeps (a boundary before, no digit before, the reading of that
    /// style there): the plain walk the scan must agree with.
    fn inline_at_every_position(p: &str, style: Style, after: usize) -> Vec<(usize, Mark)> {
        let mut found = Vec::new();
        if style == Style::ArabicSpace {
            return found;
        }
        let mut last = after;
        for (at, c) in p.char_indices() {
            if at == 0 && after > 0 {
                continue;
            }
            let read = |want: Style| {
                let before = p[..at].chars().next_back();
                if !may_follow(want, before) || before.and_then(digit).is_some() {
                    return None;
                }
                at_start(&p[at..])
                    .filter(|m| m.style == want)
                    .filter(|m| at == 0 || !comma_numbered(&p[at..], *m))
            };
            let first = matches!(style, Style::Shi | Style::Ordinal) && last == 0 && c == '首';
            let m = first
                .then(|| read(Style::Sequence).filter(|m| m.n == 1))
                .flatten()
                .or_else(|| read(style));
            let Some(m) = m else { continue };
            let next = if m.n == LAST && style == Style::Sequence && last >= 1 {
                last + 1
            } else {
                m.n
            };
            if (last == 0 && next == 1) || (last > 0 && next > last && next <= last + 3) {
                found.push((at, Mark { n: next, ..m }));
                last = next;
                if m.n == LAST {
                    break;
                }
            }
        }
        found
    }

    const STYLES: [Style; 13] = [
        Style::Arabic,
        Style::Dotted(1),
        Style::ArabicClose,
        Style::ArabicSpace,
        Style::Chinese,
        Style::ChineseClose,
        Style::ChineseParen,
        Style::ArabicParen,
        Style::Ordinal,
        Style::Article,
        Style::Circled,
        Style::Shi,
        Style::Sequence,
    ];

    #[test]
    fn one_scan_finds_what_a_walk_over_every_position_finds() {
        for p in [
            "存在问题：（一）制度不全；（二）落实不力。下步措施：（一）完善制度；（二）加强督查。",
            "首先，加强学习；二是完善制度；三是强化考核；最后，抓好落实。",
            "一是加强领导。二是完善机制。四是强化保障。",
            "①摸底；②建档；⑤回访。1、更换线路2、3根；2、清理淤泥；3、维修水泵。",
            "第一，统一思想；第二，明确责任；其三，狠抓落实。第一条 总则",
            "⑴加强；⑵完善；㈠学习；㈡培训。⒈一；⒉二。1.1 目标。1.2 任务。",
            "统一是关键，唯一是标准。1，加强。2，完善。一）学习；二）培训。",
        ] {
            for style in STYLES {
                for after in [0, 1, 2] {
                    assert_eq!(
                        Scan::of(p).inline(style, after),
                        inline_at_every_position(p, style, after),
                        "{p} {style:?} after {after}"
                    );
                }
            }
        }
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn one_scan_agrees_with_the_walk_on_any_text(
            p in "[一二三四五十是要首先其次再最后第条（）()、，。；：:.．1234 ①②⑴㈠⒈加强完善]{0,40}",
            after in 0usize..4,
        ) {
            let scan = Scan::of(&p);
            for style in STYLES {
                prop_assert_eq!(scan.inline(style, after), inline_at_every_position(&p, style, after));
            }
        }
    }
}
