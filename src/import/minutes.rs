//! Meeting minutes (会议纪要): which paragraphs record a decision, and where a numbered
//! item's decision starts after what the meeting heard. Pure.

use super::headline::heading_like;
use super::outline::Outline;
use super::parse::{FoundItem, FoundRecommendation, HEADLINE_CHARS, item_titled, non_empty};
use super::title::{DECIDED, cut};

/// Minutes with no numbers: each paragraph that records a decision (会议要求，…, 会议决定，…,
/// 会议同意…) is a task, when there are at least two, and so is each paragraph that assigns
/// work to a unit by name and colon (`县财政局：…前拨付到位。`). What the meeting heard or
/// thought (会议听取, 会议认为) is narration.
pub(super) fn minutes(o: &Outline) -> Option<Vec<FoundRecommendation>> {
    let decided = o
        .paras
        .iter()
        .filter(|p| DECIDED.iter().any(|w| p.text.starts_with(w)))
        .count();
    if decided < 2 {
        return None;
    }
    // Beside the decisions, `县自然资源和规划局：于9月底前完成…` assigns work to a unit.
    let decisions: Vec<&str> = o
        .paras
        .iter()
        .map(|p| p.text.as_str())
        .filter(|t| DECIDED.iter().any(|w| t.starts_with(w)) || assigned(t))
        .collect();
    let items: Vec<FoundItem> = decisions.iter().map(|t| decided_item(t)).collect();
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
const NARRATION: [&str; 13] = [
    "会议还",
    "会上",
    "会议首先",
    "会议集体",
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

/// A decision's task: titled from after the words that record it (`会议要求，`), or, in a
/// paragraph that opens with what the meeting heard (`会议听取了…汇报，同意《…方案》。`), from
/// the decision; the text is the paragraph whole.
fn decided_item(t: &str) -> FoundItem {
    let said = DECIDED
        .iter()
        .find_map(|w| t.strip_prefix(w))
        .or_else(|| heard_then_decided(t))
        .or_else(|| assigned(t).then(|| t.split_once(['：', ':']).map(|(_, r)| r))?)
        .unwrap_or(t);
    item_titled(said, t)
}

/// Words that open a decision inside a paragraph of narration (`…的汇报，同意…`).
const AGREED: [&str; 6] = ["原则同意", "同意", "决定", "要求", "明确", "责成"];

/// In a paragraph of narration, the clause that records a decision (`会议听取了县教育体育局的
/// 汇报，同意《…方案》。` → `同意《…方案》。`), if any.
fn heard_then_decided(t: &str) -> Option<&str> {
    if !NARRATION.iter().any(|w| t.starts_with(w)) {
        return None;
    }
    t.match_indices(['，', '。', '；'])
        .map(|(at, c)| &t[at + c.len()..])
        .find(|rest| {
            DECIDED.iter().any(|w| rest.starts_with(w))
                || AGREED.iter().any(|w| rest.starts_with(w))
        })
}

/// Words of a label that names a role, not a unit (`责任单位：`, `配合单位（部门）：`).
const ROLE_LABELS: [&str; 5] = ["单位", "科室", "部门", "处室", "股室"];

/// A paragraph that assigns work to a unit by its name and a colon (`县自然资源和规划局：按照
/// …于9月底前完成…`), a common form of 议定事项 in 专题会议纪要; not a label line
/// (`责任单位：…`, `参会单位：…`).
pub(super) fn assigned(t: &str) -> bool {
    let Some((unit, rest)) = t.split_once(['：', ':']) else {
        return false;
    };
    let n = unit.chars().count();
    (2..=20).contains(&n)
        && !unit.contains(['，', '。', '、', '；', ' ', '　'])
        && !ROLE_LABELS.iter().any(|w| unit.contains(w))
        && super::units::looks_like_unit(unit, &[])
        && rest.chars().filter(|c| c.is_alphanumeric()).count() >= 6
}

/// The tasks of one topic of numbered minutes (`一、关于上半年经济运行情况` / `会议指出，…` /
/// `会议要求，…` / `会议强调，…`), from the paragraphs under its heading: each decision, and
/// each paragraph that assigns work to a unit, is a task of its own; what the meeting heard or
/// noted is none (`四、其他事项` / `会议还研究了其他事项。` gives no task). `None` when the
/// item is not a bare heading over paragraphs, or no paragraph reads as minutes: the section
/// is an ordinary item.
pub(super) fn topic_of(o: &Outline, n: usize) -> Option<Vec<FoundItem>> {
    let node = &o.nodes[n];
    if !node.lists.is_empty() || !heading_like(o.paras[node.para].body()) {
        return None;
    }
    let text = o.text(n);
    topic(text.split_once('\n')?.1)
}

fn topic(rest: &str) -> Option<Vec<FoundItem>> {
    let paras: Vec<&str> = rest
        .lines()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let minutes = paras.iter().any(|p| {
        DECIDED.iter().any(|w| p.starts_with(w)) || NARRATION.iter().any(|w| p.starts_with(w))
    });
    if !minutes {
        return None;
    }
    Some(
        paras
            .iter()
            .filter(|p| {
                DECIDED.iter().any(|w| p.starts_with(w))
                    || heard_then_decided(p).is_some()
                    || assigned(p)
            })
            .map(|p| decided_item(p))
            .collect(),
    )
}

/// The lead of a paragraph that assigns work to a unit by name and colon (`县财政局：…`),
/// when its words name no other: the unit before the colon, as the ledger spells it.
pub(super) fn assigned_lead(text: &str, known: &[String], fields: &mut super::fields::Fields) {
    if fields.lead.is_some() || !assigned(text) {
        return;
    }
    let Some((unit, _)) = text.split_once(['：', ':']) else {
        return;
    };
    let (value, _) = super::units::resolve(unit, known);
    fields.support.retain(|s| s.value != value);
    fields.lead = Some(super::fields::Found {
        value,
        words: format!("{unit}："),
        guess: false,
    });
}
