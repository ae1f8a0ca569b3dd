//! Finds a report's recommendations in clean text. Pure.
//!
//! A report is paragraphs; some start with a number: `1、` `1.` `一、` `（一）` `(1)` `第一，`.
//! Numbers of one style that count 1, 2, 3… form a list. The recommendations are the list that
//! follows a paragraph speaking of 建议, 意见, 措施, 对策, 打算 or 下一步 (a heading such as
//! 三、几点建议, or a lead-in sentence), searching from the end, so numbered findings earlier in
//! the report are passed over; without such a paragraph, the last list. Each recommendation's
//! headline is its first sentence; its items are the next list inside it (numbered paragraphs),
//! else its inline sub-items (一是…, 第一，…, （1）…, ①…), else one item per sentence.

use serde::Serialize;

const NUMERALS: [&str; 20] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六", "十七", "十八", "十九", "二十",
];
const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
const KEYWORDS: [&str; 7] = ["建议", "意见", "措施", "对策", "打算", "下一步", "整改"];

/// How a paragraph is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `1、` `1.` `1．`
    Arabic,
    /// `一、`
    Chinese,
    /// `（一）` `(一)`
    ChineseParen,
    /// `（1）` `(1)`
    ArabicParen,
    /// `第一，` `第一、`
    Ordinal,
    /// `①`
    Circled,
}

/// A recommendation found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundRecommendation {
    pub headline: String,
    /// The recommendation's full text, its number removed.
    pub text: String,
    pub items: Vec<FoundItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundItem {
    pub title: String,
    pub text: String,
}

fn numeral(n: usize) -> Option<&'static str> {
    NUMERALS.get(n.wrapping_sub(1)).copied()
}

/// The paragraph's number and the text after it.
fn marker(p: &str) -> Option<(Style, usize, &str)> {
    let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && digits.len() <= 2 {
        let rest = &p[digits.len()..];
        for sep in ['、', '.', '．'] {
            if let Some(after) = rest.strip_prefix(sep)
                && !after.starts_with(|c: char| c.is_ascii_digit())
            {
                return Some((Style::Arabic, digits.parse().ok()?, after.trim_start()));
            }
        }
    }
    for open in ['（', '('] {
        if let Some(inner) = p.strip_prefix(open) {
            let close = inner.find(['）', ')'])?;
            let (num, after) = (&inner[..close], &inner[close..]);
            let after = after.trim_start_matches(['）', ')']);
            if let Some(n) = (1..=20).find(|&n| numeral(n) == Some(num)) {
                return Some((Style::ChineseParen, n, after));
            }
            if let Ok(n) = num.parse::<usize>() {
                return Some((Style::ArabicParen, n, after));
            }
            return None;
        }
    }
    for n in (1..=20).rev() {
        let name = numeral(n)?;
        if let Some(after) = p.strip_prefix(name).and_then(|r| r.strip_prefix('、')) {
            return Some((Style::Chinese, n, after));
        }
        if let Some(after) = p
            .strip_prefix("第")
            .and_then(|r| r.strip_prefix(name))
            .and_then(|r| r.strip_prefix(['，', '、', '：']))
        {
            return Some((Style::Ordinal, n, after));
        }
    }
    let first = p.chars().next()?;
    CIRCLED
        .chars()
        .position(|c| c == first)
        .map(|i| (Style::Circled, i + 1, &p[first.len_utf8()..]))
}

/// A numbered list: the paragraph indexes of items 1, 2, 3…, and where its last item ends.
#[derive(Debug)]
struct List {
    items: Vec<usize>,
    end: usize,
}

/// Every list in the paragraphs: items of one style counting up from 1. A paragraph of a
/// style that encloses the list (one seen before the list began) ends it.
fn lists(marks: &[Option<(Style, usize)>]) -> Vec<List> {
    let mut found = Vec::new();
    for (start, m) in marks.iter().enumerate() {
        let Some((style, 1)) = m else { continue };
        let mut items = vec![start];
        let mut end = marks.len();
        let enclosing: Vec<Style> = marks[..start]
            .iter()
            .flatten()
            .map(|(s, _)| *s)
            .filter(|s| s != style)
            .collect();
        for (i, m) in marks.iter().enumerate().skip(start + 1) {
            match m {
                Some((s, n)) if s == style && *n == items.len() + 1 => items.push(i),
                Some((s, _)) if s == style || enclosing.contains(s) => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        found.push(List { items, end });
    }
    found
}

fn mentions_plans(p: &str) -> bool {
    KEYWORDS.iter().any(|k| p.contains(k))
}

/// Finds the recommendations, or `None` when the text has no numbered list.
pub fn find(text: &str) -> Option<Vec<FoundRecommendation>> {
    let paras: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let marks: Vec<Option<(Style, usize)>> = paras
        .iter()
        .map(|p| marker(p).map(|(s, n, _)| (s, n)))
        .collect();
    let all = lists(&marks);
    // A list qualifies when one of the two paragraphs before it speaks of plans and is a
    // lead-in: unnumbered, or a short numbered heading (三、对策建议).
    let lead_in = |i: usize| {
        mentions_plans(paras[i])
            && marker(paras[i]).is_none_or(|(_, _, rest)| rest.chars().count() <= 25)
    };
    let qualifying: Vec<&List> = all
        .iter()
        .filter(|l| (l.items[0].saturating_sub(2)..l.items[0]).any(lead_in))
        .collect();
    // The last qualifying list, unless it lies inside another qualifying list: then that one
    // (items of a recommendation are not recommendations). Without any, the last list.
    let mut chosen = qualifying
        .last()
        .copied()
        .or_else(|| all.iter().max_by_key(|l| l.items[0]))?;
    while let Some(outer) = qualifying
        .iter()
        .find(|o| o.items[0] < chosen.items[0] && o.end > chosen.items[0])
    {
        chosen = outer;
    }
    let bounds: Vec<(usize, usize)> = chosen
        .items
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            (
                start,
                chosen.items.get(k + 1).copied().unwrap_or(chosen.end),
            )
        })
        .collect();
    Some(
        bounds
            .into_iter()
            .map(|(start, stop)| recommendation(&paras[start..stop], &marks[start..stop]))
            .collect(),
    )
}

fn recommendation(paras: &[&str], marks: &[Option<(Style, usize)>]) -> FoundRecommendation {
    let (_, _, first) = marker(paras[0]).expect("a list item has a marker");
    let (headline, rest) = first_sentence(first);
    let mut text = first.to_string();
    for p in &paras[1..] {
        text.push('\n');
        text.push_str(p);
    }
    // Numbered paragraphs inside: each, with the unnumbered paragraphs after it, is an item.
    let inner = lists(&marks[1..]);
    let items = if let Some(list) = inner
        .iter()
        .max_by_key(|l| l.items.len())
        .filter(|l| l.items.len() >= 2)
    {
        let starts: Vec<usize> = list.items.iter().map(|i| i + 1).collect();
        starts
            .iter()
            .enumerate()
            .map(|(k, &s)| {
                let stop = starts.get(k + 1).copied().unwrap_or(paras.len());
                let (_, _, body) = marker(paras[s]).expect("a list item has a marker");
                let mut t = body.to_string();
                for p in &paras[s + 1..stop] {
                    t.push_str(p);
                }
                item(&t)
            })
            .collect()
    } else {
        let body: String = std::iter::once(rest)
            .chain(paras[1..].iter().copied())
            .collect();
        inline_items(&body)
            .unwrap_or_else(|| sentences(&body).into_iter().map(|s| item(&s)).collect())
    };
    // A recommendation that is one sentence is its own single item.
    let items = if items.is_empty() {
        vec![item(first)]
    } else {
        items
    };
    FoundRecommendation {
        headline: headline.to_string(),
        text,
        items,
    }
}

/// `理顺关系，加大力度。一是…` → (`理顺关系，加大力度`, `一是…`).
fn first_sentence(p: &str) -> (&str, &str) {
    match p.find(['。', '！', '？']) {
        Some(i) => {
            let stop = p[i..].chars().next().map_or(0, char::len_utf8);
            (&p[..i], &p[i + stop..])
        }
        None => (p.trim_end_matches(['：', ':']), ""),
    }
}

/// Splits a body at inline sub-item markers of one family counting from 1: 一是, 第一，,
/// （1）, ①. At least two are needed.
fn inline_items(body: &str) -> Option<Vec<FoundItem>> {
    type Family = fn(usize) -> Vec<String>;
    let families: [Family; 4] = [
        |n| {
            numeral(n)
                .map(|z| vec![format!("{z}是")])
                .unwrap_or_default()
        },
        |n| {
            numeral(n)
                .map(|z| vec![format!("第{z}，"), format!("第{z}、")])
                .unwrap_or_default()
        },
        |n| vec![format!("（{n}）"), format!("({n})")],
        |n| {
            CIRCLED
                .chars()
                .nth(n - 1)
                .map(|c| vec![c.to_string()])
                .unwrap_or_default()
        },
    ];
    for family in families {
        let mut cuts: Vec<(usize, usize)> = Vec::new(); // (marker start, text start)
        let mut from = 0;
        for n in 1..=20 {
            let hit = family(n)
                .iter()
                .filter_map(|m| body[from..].find(m.as_str()).map(|i| (from + i, m.len())))
                .min();
            match hit {
                Some((at, len)) => {
                    cuts.push((at, at + len));
                    from = at + len;
                }
                None => break,
            }
        }
        if cuts.len() >= 2 {
            let items = cuts
                .iter()
                .enumerate()
                .map(|(k, &(_, start))| {
                    let stop = cuts.get(k + 1).map_or(body.len(), |c| c.0);
                    item(&body[start..stop])
                })
                .collect();
            return Some(items);
        }
    }
    None
}

/// One item per sentence (。！？ end a sentence).
fn sentences(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in body.chars() {
        current.push(c);
        if matches!(c, '。' | '！' | '？') {
            let s = current.trim().to_string();
            if s.chars().count() > 1 {
                out.push(s);
            }
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// A numbered paragraph's number and the text after it (`一、教育项目` → (1, `教育项目`)).
pub fn split_marker(p: &str) -> Option<(u32, &str)> {
    marker(p.trim()).map(|(_, n, rest)| (n as u32, rest))
}

/// The title an item with this text gets (its first clause, at most 24 characters): for
/// callers that remove notes from an item's text before titling it (`fields::extract`).
pub fn title_of(text: &str) -> String {
    item(text).title
}

/// An item from its text: the title is the first clause, at most 24 characters.
fn item(text: &str) -> FoundItem {
    let text = text.trim();
    let clause = text
        .split(['，', '。', '；', '：', '！', '？'])
        .find(|c| !c.trim().is_empty())
        .unwrap_or(text);
    let mut title: String = clause.trim().chars().take(24).collect();
    if clause.trim().chars().count() > 24 {
        title.push('…');
    }
    FoundItem {
        title,
        text: text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_of_every_style_are_read() {
        let m = |p: &str| marker(p).map(|(s, n, rest)| (s, n, rest.to_string()));
        assert_eq!(
            m("1、理顺关系"),
            Some((Style::Arabic, 1, "理顺关系".into()))
        );
        assert_eq!(m("12. 加强"), Some((Style::Arabic, 12, "加强".into())));
        assert_eq!(m("三、对策"), Some((Style::Chinese, 3, "对策".into())));
        assert_eq!(m("十二、对策"), Some((Style::Chinese, 12, "对策".into())));
        assert_eq!(
            m("（二）思路宽"),
            Some((Style::ChineseParen, 2, "思路宽".into()))
        );
        assert_eq!(m("(3)加强"), Some((Style::ArabicParen, 3, "加强".into())));
        assert_eq!(m("第二，加强"), Some((Style::Ordinal, 2, "加强".into())));
        assert_eq!(m("②加强"), Some((Style::Circled, 2, "加强".into())));
        assert_eq!(m("2026年9月下旬"), None);
        assert_eq!(m("1.5倍"), None);
        assert_eq!(m("一是加强"), None);
    }

    #[test]
    fn inline_sub_items_are_split_in_order() {
        let items = inline_items("一是加强领导，健全组织。二是召开会议。三是扩大覆盖面。").unwrap();
        let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            ["加强领导，健全组织。", "召开会议。", "扩大覆盖面。"]
        );
        assert_eq!(items[0].title, "加强领导");
        assert!(inline_items("只有一句话。").is_none());
        assert_eq!(inline_items("（1）甲。（2）乙。").unwrap().len(), 2);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text, including half-numbered lines and odd markers, is read without a panic,
        /// and every recommendation found has at least one item with text.
        #[test]
        fn any_text_is_read_without_panic(lines in proptest::collection::vec(
            prop_oneof![
                "\\PC{0,30}",
                "[1-9]、[一二三是，。]{0,12}",
                "[一二三四]、\\PC{0,10}",
                "（[一二三]）\\PC{0,10}",
                "\\([1-3]\\)[①②③一是二是，。]{0,12}",
                "第[一二三][，、]\\PC{0,8}",
            ],
            0..12,
        )) {
            let text = lines.join("\n");
            if let Some(recs) = find(&text) {
                for r in recs {
                    prop_assert!(!r.items.is_empty());
                }
            }
            let _ = crate::import::text::normalise(&text);
            let _ = crate::import::text::strip_pinyin(&text);
        }
    }
}
