//! Meeting minutes (会议纪要): which paragraphs record a decision, and where a numbered
//! item's decision starts after what the meeting heard. Pure.

use super::headline::heading_like;
use super::outline::Outline;
use super::parse::{FoundItem, FoundRecommendation, HEADLINE_CHARS, item_titled, non_empty};
use super::title::{DECIDED, cut};

/// Minutes with no numbers: each paragraph that records a decision (会议要求，…, 会议决定，…,
/// 会议同意…) is a task, when there are at least two. What the meeting heard or thought
/// (会议听取, 会议认为) is narration.
pub(super) fn minutes(o: &Outline) -> Option<Vec<FoundRecommendation>> {
    let decisions: Vec<&str> = o
        .paras
        .iter()
        .map(|p| p.text.as_str())
        .filter(|t| DECIDED.iter().any(|w| t.starts_with(w)))
        .collect();
    if decisions.len() < 2 {
        return None;
    }
    let items: Vec<FoundItem> = decisions
        .iter()
        .map(|t| {
            let said = DECIDED.iter().find_map(|w| t.strip_prefix(w)).unwrap_or(t);
            item_titled(said, t)
        })
        .collect();
    let headline = o
        .paras
        .first()
        .filter(|t| heading_like(&t.text))
        .map_or_else(
            || "会议议定事项".to_string(),
            |t| cut(&t.text, HEADLINE_CHARS),
        );
    non_empty(vec![FoundRecommendation {
        headline,
        text: decisions.join("\n"),
        items,
    }])
}

/// How minutes tell what the meeting heard or discussed before what it decided
/// (`会议听取了…的汇报。会议要求，…`): narration, never a title.
const NARRATION: [&str; 9] = [
    "会议听取",
    "会议研究",
    "会议审议",
    "会议讨论",
    "会议传达",
    "会议学习",
    "会议通报",
    "会议认为",
    "会议指出",
];

/// Where the first decision of a numbered item starts, when the item opens with what the
/// meeting heard (`会议听取了…的汇报。会议要求，县住建局要加快…` → `会议要求，…`): the title
/// comes from it; the text stays whole.
pub(super) fn decision(text: &str) -> Option<&str> {
    if !NARRATION.iter().any(|w| text.starts_with(w)) {
        return None;
    }
    let after = || {
        text.match_indices(['。', '；'])
            .map(|(at, c)| text[at + c.len()..].trim_start())
            .filter(|rest| !rest.is_empty())
    };
    // A decision said as such; else the first sentence that is no narration (`会议研究了
    // 搬迁问题。明确由县商务局牵头…`).
    after()
        .find(|rest| DECIDED.iter().any(|w| rest.starts_with(w)))
        .or_else(|| after().find(|rest| !NARRATION.iter().any(|w| rest.starts_with(w))))
}
