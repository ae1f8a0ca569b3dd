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

/// Words that open the thanks closing a reply to a 建议 or 提案 (`再次感谢您对…的关心和支持`).
const THANKS: [&str; 8] = [
    "再次感谢",
    "感谢您",
    "感谢你",
    "衷心感谢",
    "非常感谢",
    "十分感谢",
    "诚挚感谢",
    "谢谢",
];

/// How a report to a 人大 or 政协 standing committee, or a speech, turns to its hearers as it
/// closes (`主任、各位副主任、各位委员，我们将…`).
const ADDRESS: [&str; 9] = [
    "主任、",
    "主任，",
    "主席、",
    "主席，",
    "各位代表",
    "各位委员",
    "各位领导",
    "同志们",
    "各位同志",
];

/// What a paragraph after the list opens with when it tells what follows the work as a whole
/// (`整改完成后，由县生态环境局组织验收`, `上述任务…`), not one item's.
const AFTERWARDS: [&str; 8] = [
    "整改完成后",
    "整改到位后",
    "整改结束后",
    "全部完成后",
    "任务完成后",
    "项目完成后",
    "上述",
    "待整改完成后",
];

/// Words after which an exhortation says what everyone must do (`各科室要对照…`).
const MUST: [&str; 5] = ["要", "务必", "必须", "应当", "需"];

/// A paragraph after the last item that closes the document rather than continuing the item:
/// thanks, the address to the hearers, a 验收 or summing-up paragraph about the work as a
/// whole, or an exhortation to everyone (`各科室要…`, `各单位要…`). The exhortation closes only
/// after an item that is a sentence of its own: under a bare heading (`（三）强化督导考核` /
/// `各单位要…`) it is that heading's explanation. `last` is the last numbered paragraph's text.
pub fn closes_after_list(p: &str, last: &str) -> bool {
    let p = p.trim_start_matches(['（', '(']);
    if THANKS.iter().any(|w| p.starts_with(w))
        || ADDRESS.iter().any(|w| p.starts_with(w))
        || AFTERWARDS.iter().any(|w| p.starts_with(w))
    {
        return true;
    }
    let Some(rest) = p.strip_prefix('各').or_else(|| p.strip_prefix("全体")) else {
        return false;
    };
    let clause = rest.split(['，', '。', '；', ',']).next().unwrap_or(rest);
    let exhorts = MUST
        .iter()
        .filter_map(|w| clause.find(w))
        .min()
        .is_some_and(|at| clause[..at].chars().count() <= 12);
    let body = super::marker::at_start(last).map_or(last, |m| &last[m.len..]);
    let sentence = body
        .trim_end_matches(['。', '；', '：', ':'])
        .contains(['，', '。', '；', '】', '）', ',']);
    exhorts && sentence
}

/// Labels of the lines signed under a form or a table (`填表人：王丽`, `联系电话：…`,
/// `审核人：`), the table's counterpart of a text's `联系人：…电话` line.
const SIGNED: [&str; 17] = [
    "填表人",
    "填报人",
    "制表人",
    "制表",
    "审核人",
    "审核",
    "联系人",
    "联系电话",
    "电话",
    "填报单位",
    "填表单位",
    "填报日期",
    "填表日期",
    "制表日期",
    "单位负责人",
    "负责人签字",
    "单位（盖章）",
];

/// A table's cell that is one of the lines signed under it (`填表人：王丽`, `联系电话：0731-
/// 6612345`, `审核人：`): a row of these alone is no task.
pub fn signed_under_table(cell: &str) -> bool {
    let c = cell.trim();
    SIGNED.iter().any(|w| {
        c.strip_prefix(w).is_some_and(|rest| {
            let rest = rest.trim_start_matches([' ', '　']);
            rest.is_empty() || rest.starts_with(['：', ':'])
        })
    })
}
