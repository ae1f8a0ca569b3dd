//! A report's outline: its paragraphs, the numbered ones arranged into nested lists. Pure.
//!
//! Plain text loses the document's structure, so it is rebuilt from the markers alone:
//! - a heading broken across two lines (copied from a PDF or a narrow column) is joined;
//! - items written inside one paragraph (`…工作：（一）…。（二）…`, `一是…；二是…`) become
//!   paragraphs of their own, children of the paragraph they were in when it is numbered;
//! - a marker of a style already open continues that list (gaps such as 一、三、 allowed) or,
//!   counting from the start again, begins a new list beside it; a style not open begins a
//!   list inside the current item (`一、教育项目` / `1、一中…`);
//! - trailing matter (相关链接, 附件, a date, a signature, the title of a second article, 总之…)
//!   closes every open list, so it never becomes part of the last item.
//!
//! Each step is linear in the text, bar the inline search, which scans a paragraph once per style.

use super::lines::{
    ends_page, is_closing, is_furniture, is_hard_stop, is_label_line, is_stop, join_broken,
};
use super::marker::{self, LAST, Mark, Style};

/// A paragraph, or an item cut out of one.
#[derive(Debug, Clone)]
pub struct Para {
    /// The whole paragraph, its marker included.
    pub text: String,
    /// Its number, if it starts with one.
    pub mark: Option<Mark>,
    /// Cut out of the paragraph before it (an inline item): joined to it without a line break.
    pub glued: bool,
    /// Trailing matter: closes every list.
    pub stop: bool,
    /// Trailing matter by its shape only (a short unpunctuated line, a unit's name): a running
    /// header left between two items of one list, when the next item continues it.
    pub soft: bool,
    /// The line of the file it starts on (1-based).
    pub line: usize,
    /// An inline item of this numbered paragraph (an index into the paragraphs).
    parent: Option<usize>,
}

impl Para {
    /// The text after the marker.
    pub fn body(&self) -> &str {
        let from = self.mark.map_or(0, |m| m.len);
        self.text[from..].trim_start()
    }
}

/// A numbered paragraph in a list, with what it holds.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its paragraph (an index into `Outline::paras`).
    pub para: usize,
    pub style: Style,
    /// Where its text ends: the paragraph index of the next item at its level or above.
    pub end: usize,
    /// The item it is inside (an index into `Outline::nodes`), `None` at the outermost level.
    pub parent: Option<usize>,
    /// Lists inside it, in order.
    pub lists: Vec<usize>,
}

/// Sibling items of one style.
#[derive(Debug, Clone)]
pub struct List {
    /// The item it is inside, `None` at the outermost level.
    pub parent: Option<usize>,
    /// Its items in order (indexes into `Outline::nodes`), counting up from where it starts.
    pub items: Vec<usize>,
}

/// A report read as paragraphs, numbered items and lists, each referring to the others by
/// index. Lists come in the order of their first item.
#[derive(Debug, Default)]
pub struct Outline {
    pub paras: Vec<Para>,
    pub nodes: Vec<Node>,
    pub lists: Vec<List>,
}

/// Styles searched for items written inside a paragraph, in no particular order: the earliest
/// list found wins.
const INLINE: [Style; 9] = [
    Style::ChineseParen,
    Style::ArabicParen,
    Style::Shi,
    Style::Ordinal,
    Style::Sequence,
    Style::Circled,
    Style::Arabic,
    Style::ArabicClose,
    Style::Chinese,
];

/// Words of a clause that turns from findings to plans (`下步措施：`, `下一步，我们将：`).
const PLANS_TURN: [&str; 12] = [
    "下一步",
    "下步",
    "措施",
    "建议",
    "打算",
    "我们将",
    "今后",
    "对策",
    "整改",
    "计划",
    "举措",
    "思路",
];

/// Where a paragraph that lists findings turns to a list of plans (`存在问题：（一）…（二）…
/// 下步措施：（一）…`, `…问题：一是…；二是…。下一步，我们将：一是…`): the byte offset of the
/// clause that leads in the plans, when a list of two items or more comes before it and its
/// own list starts at 1 right after its colon.
fn plans_turn(text: &str) -> Option<usize> {
    for (colon, c) in text.char_indices().filter(|&(_, c)| c == '：' || c == ':') {
        let start = text[..colon]
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '。' | '；' | ';' | '！' | '？'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        if start == 0 || !PLANS_TURN.iter().any(|w| text[start..colon].contains(w)) {
            continue;
        }
        let after = text[colon + c.len_utf8()..].trim_start();
        let opens = marker::at_start(after).is_some_and(|m| m.n == 1)
            || marker::inline(after, Style::Shi, 0)
                .first()
                .is_some_and(|(at, _)| *at == 0);
        let before = marker::Scan::of(&text[..start]);
        let listed = INLINE.iter().any(|&s| before.inline(s, 0).len() >= 2);
        if opens && listed {
            return Some(start);
        }
    }
    None
}

/// Adds `text` as paragraphs: itself, or the items written inside it.
fn push(
    out: &mut Vec<Para>,
    text: &str,
    line: usize,
    parent: Option<usize>,
    glued: bool,
    depth: usize,
) {
    if depth == 0
        && let Some(at) = plans_turn(text)
    {
        push(out, &text[..at], line, parent, glued, depth);
        push(out, &text[at..], line, parent, false, depth);
        return;
    }
    let mark = marker::at_start(text);
    // Further items of its own list, inside it: `一是…。二是…。` on one line.
    if let Some(m) = mark.filter(|m| m.n != LAST && depth < 4) {
        let mut more = marker::inline(text, m.style, m.n);
        // `首先，…；二是…；三是…` (or `首先…第二…`): 首先 is item 1 of a 一是 or 第一 list
        // that goes on inside the same paragraph; `inline` counts 首先 as that list's 1.
        if more.is_empty() && m.style == Style::Sequence && m.n == 1 {
            let scan = marker::Scan::of(text);
            more = [Style::Shi, Style::Ordinal]
                .iter()
                .map(|&s| scan.inline(s, 0))
                .filter(|f| f.len() >= 2 && f[0].0 == 0)
                .max_by_key(|f| f.len())
                .map(|f| f[1..].to_vec())
                .unwrap_or_default();
        }
        if !more.is_empty() {
            let mut cuts: Vec<usize> = vec![0];
            cuts.extend(more.iter().map(|(at, _)| *at));
            for (k, &at) in cuts.iter().enumerate() {
                let stop = cuts.get(k + 1).copied().unwrap_or(text.len());
                push(
                    out,
                    &text[at..stop],
                    line,
                    parent,
                    glued || k > 0,
                    depth + 1,
                );
            }
            return;
        }
    }
    let body_from = mark.map_or(0, |m| m.len);
    let inner = (depth < 4)
        .then(|| {
            let scan = marker::Scan::of(&text[body_from..]);
            INLINE
                .iter()
                .filter(|&&s| mark.is_none_or(|m| m.style != s))
                .map(|&s| scan.inline(s, 0))
                .filter(|found| found.len() >= 2)
                .min_by_key(|found| found[0].0)
        })
        .flatten();
    let index = out.len();
    let Some(found) = inner else {
        let stop = mark.is_none() && is_stop(text);
        out.push(Para {
            text: text.to_string(),
            mark,
            glued,
            stop,
            soft: stop && !is_hard_stop(text),
            line,
            parent,
        });
        return;
    };
    let head = text[..body_from + found[0].0].trim_end();
    out.push(Para {
        text: head.to_string(),
        mark,
        glued,
        stop: false,
        soft: false,
        line,
        parent,
    });
    // Items inside a numbered paragraph are its children; after an unnumbered lead-in they
    // are a list of their own.
    let child_of = if mark.is_some() { Some(index) } else { parent };
    for (k, (at, _)) in found.iter().enumerate() {
        let start = body_from + at;
        let stop = found.get(k + 1).map_or(text.len(), |(n, _)| body_from + n);
        push(out, &text[start..stop], line, child_of, true, depth + 1);
    }
}

/// 首先 opens a 一是 or 第一 list when the next item is 二是 or 第二.
fn settle_sequences(paras: &mut [Para]) {
    let marked: Vec<usize> = (0..paras.len())
        .filter(|&i| paras[i].mark.is_some())
        .collect();
    for w in marked.windows(2) {
        let (a, b) = (w[0], w[1]);
        if let (Some(ma), Some(mb)) = (paras[a].mark, paras[b].mark)
            && ma.style == Style::Sequence
            && ma.n == 1
            && mb.n == 2
            && matches!(mb.style, Style::Shi | Style::Ordinal)
        {
            paras[a].mark = Some(Mark {
                style: mb.style,
                ..ma
            });
        }
    }
}

/// `1 加强…` (a number and a space) is an item only in a run that counts on (`1 `, `2 `…): a
/// lone one is a quantity, a year's tail or a table's 序号 in running text.
fn settle_spaced(paras: &mut [Para]) {
    let spaced: Vec<usize> = (0..paras.len())
        .filter(|&i| paras[i].mark.is_some_and(|m| m.style == Style::ArabicSpace))
        .collect();
    let n = |i: usize| paras[i].mark.map_or(0, |m| m.n);
    let lone: Vec<usize> = spaced
        .iter()
        .enumerate()
        .filter(|&(k, &i)| {
            let before = k.checked_sub(1).is_some_and(|j| n(spaced[j]) + 1 == n(i));
            let after = spaced.get(k + 1).is_some_and(|&j| n(j) == n(i) + 1);
            !before && !after
        })
        .map(|(_, &i)| i)
        .collect();
    for i in lone {
        paras[i].mark = None;
    }
}

/// `2，完善制度。` (a full-width comma after the number) is an item only where it continues a
/// run of `1、` items or of its own kind: the numbered paragraph before it of that style counts
/// one less, or the one after it one more.
fn settle_commas(paras: &mut [Para]) {
    let arabic: Vec<usize> = (0..paras.len())
        .filter(|&i| paras[i].mark.is_some_and(|m| m.style == Style::Arabic))
        .collect();
    let n = |i: usize| paras[i].mark.map_or(0, |m| m.n);
    let lone: Vec<usize> = arabic
        .iter()
        .enumerate()
        .filter(|&(_, &i)| {
            paras[i]
                .mark
                .is_some_and(|m| marker::comma_numbered(&paras[i].text, m))
        })
        .filter(|&(k, &i)| {
            let before = k.checked_sub(1).is_some_and(|j| n(arabic[j]) + 1 == n(i));
            let after = arabic.get(k + 1).is_some_and(|&j| n(j) == n(i) + 1);
            !before && !after
        })
        .map(|(_, &i)| i)
        .collect();
    for i in lone {
        paras[i].mark = None;
    }
}

/// `1.2 加强…` is an item when it opens its list (its last number is 1) or has a sibling
/// (`1.1` or `1.3`, anywhere in the text); alone and numbered higher it is a date
/// (`3.15前完成`) or a figure at the start of a line.
fn settle_dotted(paras: &mut [Para]) {
    let key = |m: &Mark| match m.style {
        Style::Dotted(d) => Some((d, m.within, m.n)),
        _ => None,
    };
    let seen: std::collections::HashSet<(u8, usize, usize)> = paras
        .iter()
        .filter_map(|p| p.mark.as_ref().and_then(key))
        .collect();
    for p in paras.iter_mut() {
        if let Some((d, w, n)) = p.mark.as_ref().and_then(key)
            && n != 1
            && !seen.contains(&(d, w, n - 1))
            && !seen.contains(&(d, w, n + 1))
        {
            p.mark = None;
        }
    }
}

/// A closing line (`以上建议，供领导参考。`, `特此报告。`, a signature or a date) followed by an
/// 附件 line ends the document: the list of attachments (`附件：1.路口清单` / `2.事故统计`) and
/// whatever is appended after it are no recommendations.
fn until_attachments(lines: Vec<(usize, &str)>) -> Vec<(usize, &str)> {
    let end = lines.windows(2).position(|w| {
        let (closing, next) = (w[0].1, w[1].1);
        let attachment = ["附件", "附：", "附:"].iter().any(|a| next.starts_with(a));
        attachment
            && marker::at_start(closing).is_none()
            && (is_stop(closing) || is_closing(closing))
            && !["附件", "附：", "附:"]
                .iter()
                .any(|a| closing.starts_with(a))
    });
    match end {
        Some(at) => lines[..=at].to_vec(),
        None => lines,
    }
}

struct Open {
    style: Style,
    node: usize,
    list: usize,
    last: usize,
}

impl Outline {
    /// The outline of clean text (one paragraph a line).
    pub fn read(text: &str) -> Outline {
        let lines: Vec<(usize, &str)> = text
            .lines()
            .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
            .map(super::lines::without_byline)
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .filter(|(_, l)| !l.is_empty() && !is_furniture(l))
            .take_while(|(_, l)| !ends_page(l))
            .collect();
        let lines = until_attachments(lines);
        let mut paras = Vec::new();
        for (number, line) in join_broken(lines) {
            push(&mut paras, &line, number, None, false, 0);
        }
        settle_sequences(&mut paras);
        settle_spaced(&mut paras);
        settle_commas(&mut paras);
        settle_dotted(&mut paras);
        // A closing instruction (`请各单位…报送`, `联系人：…`) ends the last item; before the
        // last numbered paragraph it is an item's own explanation (`（三）报送情况` / `请各
        // 乡镇于每月5日前报送…`) and closes nothing.
        // So do thanks, an address to the hearers, a 验收 paragraph about the work as a whole
        // and an exhortation to everyone (`leftout::closes_after_list`).
        if let Some(last) = paras.iter().rposition(|p| p.mark.is_some()) {
            let (before, after) = paras.split_at_mut(last + 1);
            let last = &before[last].text;
            for p in after {
                if p.mark.is_none()
                    && !p.glued
                    && (is_closing(&p.text) || super::leftout::closes_after_list(&p.text, last))
                {
                    p.stop = true;
                }
            }
        }
        let mut o = Outline {
            paras,
            ..Outline::default()
        };
        o.build();
        o
    }

    fn build(&mut self) {
        let mut stack: Vec<Open> = Vec::new();
        let mut node_of: Vec<Option<usize>> = vec![None; self.paras.len()];
        for i in 0..self.paras.len() {
            if self.paras[i].stop {
                if !(self.paras[i].soft && self.continued(&stack, i)) {
                    self.close(&mut stack, 0, i);
                }
                continue;
            }
            let Some(m) = self.paras[i].mark else {
                continue;
            };
            // An inline item sits right under its paragraph; anything else looks up the stack.
            let forced = self.paras[i]
                .parent
                .and_then(|p| node_of[p])
                .and_then(|n| stack.iter().position(|o| o.node == n));
            let same = match forced {
                Some(p) => (stack.len() > p + 1 && stack[p + 1].style == m.style).then_some(p + 1),
                None => stack.iter().rposition(|o| o.style == m.style),
            };
            let mut n = m.n;
            let mut sibling_of = None;
            if let Some(j) = same {
                let last = stack[j].last;
                if n == LAST {
                    n = last + 1;
                }
                if n > last && n <= last + 5 {
                    sibling_of = Some(stack[j].list);
                }
                self.close(&mut stack, j, i);
            } else if let Some(p) = forced {
                self.close(&mut stack, p + 1, i);
            }
            if n == LAST {
                self.paras[i].mark = None; // 最后 without a list before it is running text
                continue;
            }
            let parent = stack.last().map(|o| o.node);
            let list = sibling_of.unwrap_or_else(|| {
                self.lists.push(List {
                    parent,
                    items: Vec::new(),
                });
                if let Some(p) = parent {
                    self.nodes[p].lists.push(self.lists.len() - 1);
                }
                self.lists.len() - 1
            });
            let node = self.nodes.len();
            self.nodes.push(Node {
                para: i,
                style: m.style,
                end: self.paras.len(),
                parent,
                lists: Vec::new(),
            });
            self.lists[list].items.push(node);
            node_of[i] = Some(node);
            stack.push(Open {
                style: m.style,
                node,
                list,
                last: n,
            });
        }
    }

    /// Does the next numbered paragraph after `i` continue an open list with its next number
    /// (`2、` after `1、`), before anything that ends the document? Then what stands at `i`
    /// is a running header or an office's name between two pages, not the end of the list.
    fn continued(&self, stack: &[Open], i: usize) -> bool {
        let next = self.paras[i + 1..]
            .iter()
            .take_while(|p| !p.stop || p.soft)
            .find_map(|p| p.mark);
        next.is_some_and(|m| {
            stack
                .iter()
                .any(|o| o.style == m.style && (m.n == o.last + 1 || m.n == LAST))
        })
    }

    fn close(&mut self, stack: &mut Vec<Open>, from: usize, at: usize) {
        for o in stack.drain(from..) {
            self.nodes[o.node].end = at;
        }
    }

    /// A node's text: its paragraph after the marker and everything up to its end, real
    /// paragraphs on their own lines, inline items run on.
    pub fn text(&self, node: usize) -> String {
        let n = &self.nodes[node];
        let mut t = self.paras[n.para].body().to_string();
        // An item written inside a paragraph ends with it: the next paragraph of its own
        // (`整改措施：1、…；4、…。` / `整改完成后，由…组织验收。`) is not the last item's
        // words, bar a label line that notes its fields.
        let inline = self.paras[n.para].glued;
        for p in &self.paras[n.para + 1..n.end] {
            if inline && !p.glued && !is_label_line(&p.text) {
                break;
            }
            if p.stop {
                continue;
            }
            if !p.glued {
                t.push('\n');
            }
            t.push_str(&p.text);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Vec<(usize, Option<usize>, String)> {
        let o = Outline::read(text);
        o.nodes
            .iter()
            .map(|n| {
                (
                    n.para,
                    n.parent,
                    o.paras[n.para].body().chars().take(4).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn nested_lists_restart_under_each_group() {
        let s = shape(
            "一、教育项目\n1、一中：办手续。\n2、二中：开工。\n二、商业项目\n1、五金城：开业。",
        );
        assert_eq!(
            s,
            [
                (0, None, "教育项目".into()),
                (1, Some(0), "一中：办".into()),
                (2, Some(0), "二中：开".into()),
                (3, None, "商业项目".into()),
                (4, Some(3), "五金城：".into()),
            ]
        );
    }

    #[test]
    fn inline_items_become_paragraphs() {
        let o = Outline::read(
            "会议提出，重点做好三方面工作：（一）抓好项目建设。（二）优化营商环境。（三）改善民生保障。",
        );
        assert_eq!(o.paras.len(), 4);
        assert_eq!(o.paras[0].text, "会议提出，重点做好三方面工作：");
        assert_eq!(o.lists.len(), 1);
        assert_eq!(o.lists[0].items.len(), 3);
        let o = Outline::read("1、加强培训。一是制定计划。二是建设基地。\n2、完善考核。");
        assert_eq!(o.lists.len(), 2);
        assert_eq!(o.lists[0].items.len(), 2);
        assert_eq!(o.lists[1].parent, Some(0));
    }
}
