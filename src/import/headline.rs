//! A flat list's headline: its heading, the document's title, or the sentence that leads it
//! in; never the line a notice is addressed to. Pure.

use super::outline::Outline;
use super::parse::{HEADLINE_CHARS, LeadIn};
use super::title::cut;

/// How the name of those a notice is sent to ends (`各乡镇：`, `县直各单位：`, `各县（市、区）
/// 人民政府：`).
const ADDRESSEES: [&str; 12] = [
    "单位",
    "部门",
    "政府",
    "委员会",
    "办公室",
    "乡镇",
    "街道",
    "同志",
    "局",
    "委",
    "办",
    "处",
];

/// The line a notice is addressed to (主送机关, GB/T 9704-2012 7.3.1): those it is sent to,
/// ending with a colon. It heads no recommendation.
fn is_addressee(p: &str) -> bool {
    let Some(names) = p.strip_suffix(['：', ':']) else {
        return false;
    };
    !names.is_empty()
        && names.chars().count() <= 60
        && !names.contains(['。', '；', '！', '？'])
        && names
            .split(['，', '、', ',', '；'])
            .filter(|n| !n.is_empty())
            .all(|n| {
                let n = n.trim_end_matches(['）', ')']);
                n.contains('各') || ADDRESSEES.iter().any(|e| n.ends_with(e))
            })
}

/// A heading-like paragraph: short, no punctuation inside.
pub(super) fn heading_like(p: &str) -> bool {
    let p = p.trim_end_matches(['：', ':', '。']);
    p.chars().count() <= 40 && !p.contains(['，', '。', '；', '：', ',', ';', ':', '！', '？'])
}

/// The headline of a flat list: its heading (三、几点建议, 下步工作打算); after a lead-in
/// sentence, the document's title (关于…的通知, …会议纪要) when it has one, else that sentence.
pub(super) fn flat_headline(o: &Outline, first: usize, lead: Option<LeadIn>) -> String {
    let before = match lead {
        Some(LeadIn::Heading(p)) => {
            return cut(
                o.paras[p].body().trim_end_matches(['：', ':']),
                HEADLINE_CHARS,
            );
        }
        Some(LeadIn::Before(p)) => Some(p),
        None => first.checked_sub(1),
    };
    let before = before.filter(|&p| !is_addressee(&o.paras[p].text));
    if let Some(p) = before.filter(|&p| heading_like(o.paras[p].body())) {
        return cut(
            o.paras[p].body().trim_end_matches(['：', ':', '。']),
            HEADLINE_CHARS,
        );
    }
    // A first line that leads in a list of its own (`但也存在一些问题：`) is no title.
    if let Some(title) = o
        .paras
        .first()
        .filter(|t| t.mark.is_none() && heading_like(&t.text) && !t.text.ends_with(['：', ':']))
    {
        return cut(&title.text, HEADLINE_CHARS);
    }
    before
        .map(|p| {
            let body = o.paras[p].body().trim_end_matches(['：', ':', '。']);
            let last = body.rsplit(['。', '！', '？']).next().unwrap_or(body);
            cut(last, HEADLINE_CHARS)
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "导入事项".to_string())
}
