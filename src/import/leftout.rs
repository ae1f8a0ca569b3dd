//! Numbered lines the import leaves out after the end of the recommendations, named on
//! stderr so that no item is dropped silently. Pure.

use super::lines::is_closing;
use super::marker::Style;
use super::outline::{Outline, Para};

/// Numbered lines after the end of the recommendations that were not imported: the dry run
/// and the import say so, so that an item is never dropped silently.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftOut {
    /// How many numbered paragraphs (inline items included) were left out.
    pub count: usize,
    /// The file's line (1-based) that ended the list.
    pub after_line: usize,
    /// The first few left out, their opening characters.
    pub first: Vec<String>,
}

pub(super) fn left_out(o: &Outline, used: &[usize]) -> Option<LeftOut> {
    let end = used.iter().map(|&n| o.nodes[n].end).max()?;
    let ending = o.paras.get(end).filter(|p| p.stop)?;
    let mut first = Vec::new();
    let mut count = 0;
    let mut note = |p: &Para| {
        count += 1;
        if first.len() < 3 {
            first.push(p.text.chars().take(16).collect());
        }
    };
    if ending.soft {
        // A short line read as the end (a signature, a title): every numbered line after it,
        // up to whatever ends the document.
        for p in &o.paras[end + 1..] {
            if p.stop && !p.soft || p.mark.is_none() && is_closing(&p.text) {
                break;
            }
            if p.mark.is_some() {
                note(p);
            }
        }
    } else {
        // An ending by its words (以上建议…, 附件：, 相关链接：, a date): numbered lines after it
        // that go on counting a list it closed (`3、` after `2、`) were written as more items;
        // a list that starts again (`1、某市经验`) is what the ending introduced.
        let mut open: Vec<(Style, usize)> = o
            .lists
            .iter()
            .filter_map(|l| {
                let last = *l.items.last()?;
                let n = o.nodes[last].end == end;
                let m = o.paras[o.nodes[last].para].mark?;
                n.then_some((m.style, m.n))
            })
            .collect();
        for p in &o.paras[end + 1..] {
            if p.stop && !p.soft {
                break;
            }
            let Some(m) = p.mark else { continue };
            if !open
                .iter()
                .any(|&(s, n)| s == m.style && m.n > n && m.n <= n + 3)
            {
                break;
            }
            open = vec![(m.style, m.n)];
            note(p);
        }
    }
    (count > 0).then_some(LeftOut {
        count,
        after_line: ending.line,
        first,
    })
}
