//! Finds a report's recommendations in clean text. Pure.
//!
//! The text is read into an outline (`outline`): numbered paragraphs, and items numbered
//! inside a paragraph, arranged into nested lists. The recommendations are the last list led
//! in by a paragraph about plans (建议, 意见, 措施, 对策, 打算, 下一步, 整改, 议定, 要点, 任务…:
//! a heading such as 三、几点建议 above it, or a lead-in sentence just before it), so numbered
//! findings earlier in the report are passed over; a list led in that way inside another such
//! list is part of it; without any, the last list at the outermost level.
//!
//! The list becomes tasks in one of two shapes:
//! - its items hold lists of their own (`一、教育项目` / `1、一中…`, `1、加强培训。一是…二是…`):
//!   each item is a recommendation, headed by its first sentence, and its inner items are the
//!   tasks (an item without any is one task, the text after its heading);
//! - its items are flat (`一是…二是…`, `1、增设减速带。因路口…`): one recommendation, headed by
//!   the lead-in, with one task per item, the whole item as its text.
//!
//! A task's title comes from its heading (`title`); its text is the report's own words.

use serde::Serialize;

use super::marker::Style;
use super::outline::Outline;
use super::title::{cut, title};

/// Words of a paragraph that leads in the plans, in Simplified and Traditional characters.
const KEYWORDS: [&str; 26] = [
    "建议",
    "意见",
    "措施",
    "对策",
    "打算",
    "下一步",
    "下步",
    "整改",
    "议定",
    "要点",
    "任务",
    "举措",
    "计划",
    "安排",
    "建議",
    "意見",
    "對策",
    "整改",
    "議定",
    "要點",
    "任務",
    "舉措",
    "計劃",
    "下一步",
    "事项",
    "事項",
];

/// Words that look ahead, where a heading also says 情况.
const FORWARD: [&str; 5] = ["下一步", "下步", "打算", "建议", "计划"];

/// Words of a section heading that reports what is, not what is to be done.
const FINDINGS: [&str; 10] = [
    "问题", "情况", "原因", "成效", "做法", "经验", "不足", "成绩", "现状", "特点",
];

/// Headings of the sections that support a plan rather than state its tasks.
const SUPPORTING: [&str; 6] = [
    "保障措施",
    "保障机制",
    "组织保障",
    "工作要求",
    "组织实施",
    "实施保障",
];

/// A heading of a section that supports the plan (保障措施, 工作要求), not one that looks
/// ahead in those words (`三、下步工作要求` of a 督查通报 lists the tasks).
fn supporting_heading(heading: &str) -> bool {
    SUPPORTING.iter().any(|w| heading.contains(w)) && !FORWARD.iter().any(|w| heading.contains(w))
}

/// At most this many characters of a recommendation's headline, then `…`.
pub(super) const HEADLINE_CHARS: usize = 120;

/// A recommendation found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundRecommendation {
    pub headline: String,
    /// The recommendation's full text, its number removed.
    pub text: String,
    pub items: Vec<FoundItem>,
}

/// A task found in the text: a short title and the report's words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundItem {
    pub title: String,
    pub text: String,
    /// The item's own numbered sub-items (`（1）…（2）…`, `①…`, Word's next level), each as a
    /// task would be read; `from_report` makes them the tasks where they state their own
    /// units or deadlines. Empty for an item without any.
    #[serde(skip)]
    pub steps: Vec<FoundItem>,
}

fn mentions_plans(p: &str) -> bool {
    KEYWORDS.iter().any(|k| p.contains(k))
}

/// A paragraph that leads in the plans: one that speaks of them, unnumbered or a short
/// numbered heading (三、对策建议), not a long numbered item that happens to say 措施.
fn is_lead_in(o: &Outline, i: usize) -> bool {
    let p = &o.paras[i];
    // `以上建议，供领导参考。` closes a list; it leads in nothing.
    if p.stop && !p.soft {
        return false;
    }
    let Some(_) = p.mark else {
        return mentions_plans(&p.text);
    };
    // 一、整改落实情况 reports what was done; 三、下一步工作打算 what will be.
    let status = p.text.contains("情况") && !FORWARD.iter().any(|w| p.text.contains(w));
    mentions_plans(&p.text) && p.body().chars().count() <= 30 && !status
}

/// How a list is led in: by its parent's heading, or by a paragraph just before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum LeadIn {
    Heading(usize),
    Before(usize),
}

fn lead_in(o: &Outline, list: usize) -> Option<LeadIn> {
    let l = &o.lists[list];
    let first = o.nodes[l.items[0]].para;
    if let Some(p) = l.parent {
        let para = o.nodes[p].para;
        if first - para <= 3 && is_lead_in(o, para) {
            return Some(LeadIn::Heading(para));
        }
    }
    (first.saturating_sub(2)..first)
        .rev()
        .find(|&i| is_lead_in(o, i))
        .map(LeadIn::Before)
}

pub use super::leftout::LeftOut;

/// Finds the recommendations, or `None` when the text has no numbered list.
pub fn find(text: &str) -> Option<Vec<FoundRecommendation>> {
    find_reporting(text).0
}

/// Finds the recommendations (as `find`), and the numbered lines after the line that ended
/// them that were left out, up to whatever ends the document (附件, 以上…, 抄送, a date).
pub fn find_reporting(text: &str) -> (Option<Vec<FoundRecommendation>>, Option<LeftOut>) {
    let o = Outline::read(text);
    let (found, used) = choose(&o);
    let left = found
        .as_ref()
        .and_then(|_| super::leftout::left_out(&o, &used));
    (found, left)
}

/// The recommendations of an outline, and the items at the top of the list they came from.
fn choose(o: &Outline) -> (Option<Vec<FoundRecommendation>>, Vec<usize>) {
    let leads: Vec<Option<LeadIn>> = (0..o.lists.len()).map(|l| lead_in(o, l)).collect();
    // The closing 保障措施 / 工作要求 of an implementation plan (加强组织领导, 强化督查…) give way
    // to the tasks before them.
    let supporting = |l: usize| match leads[l] {
        Some(LeadIn::Heading(p)) => supporting_heading(&o.paras[p].text),
        _ => false,
    };
    let led: Vec<usize> = (0..o.lists.len()).filter(|&l| leads[l].is_some()).collect();
    let last = led
        .iter()
        .rev()
        .find(|&&l| !supporting(l))
        .or(led.last())
        .copied();
    let chosen = match last {
        Some(mut l) => {
            // Items of a recommendation are not recommendations: a list led in inside another
            // led-in list is part of it, unless its own heading names the plans (二、整改措施
            // under a title 关于…的整改方案).
            // Nor is a list written inside an item's own paragraph (`2.实施骨干教师培养计划：
            // （1）…；（2）…`): those are the item's steps, whatever its heading says.
            let inline = |l: usize| o.paras[o.nodes[o.lists[l].items[0]].para].glued;
            let mut at = l;
            while (!matches!(leads[l], Some(LeadIn::Heading(_))) || inline(l))
                && let Some(p) = o.lists[at].parent
            {
                let up = o
                    .lists
                    .iter()
                    .position(|x| x.items.contains(&p))
                    .expect("every node is in a list");
                if leads[up].is_some() {
                    l = up;
                }
                at = up;
            }
            l
        }
        None => match (0..o.lists.len())
            .rev()
            .find(|&l| o.lists[l].parent.is_none())
        {
            Some(l) => l,
            None => return (super::minutes::minutes(o), Vec::new()),
        },
    };
    // A plan led in as a whole (2025年工作要点, 现提出如下意见) whose sections all hold tasks and
    // none reports findings: one section's heading saying 任务 does not make it the only one.
    let mut chosen = chosen;
    if let Some(LeadIn::Heading(_)) = leads[chosen]
        && let Some(parent) = o.lists[chosen].parent
        && let Some(up) = o.lists.iter().position(|x| x.items.contains(&parent))
        && let Some(LeadIn::Before(_)) = leads[up]
    {
        let items = &o.lists[up].items;
        let holding = items
            .iter()
            .filter(|&&n| !o.nodes[n].lists.is_empty())
            .count();
        let findings = items.iter().any(|&n| {
            let heading = &o.paras[o.nodes[n].para].text;
            FINDINGS.iter().any(|w| heading.contains(w))
        });
        if holding >= 3 && !findings {
            chosen = up;
        }
    }
    // Several sections each headed as plans (一、关于…问题的整改 / 二、关于…问题的整改, each
    // with its measures): all of them, one recommendation each.
    if let Some(LeadIn::Heading(_)) = leads[chosen]
        && let Some(parent) = o.lists[chosen].parent
    {
        let outer = o
            .lists
            .iter()
            .find(|x| x.items.contains(&parent))
            .expect("every node is in a list");
        let sections: Vec<usize> = outer
            .items
            .iter()
            .copied()
            .filter(|&n| {
                let para = o.nodes[n].para;
                !o.nodes[n].lists.is_empty()
                    && is_lead_in(o, para)
                    && !supporting_heading(&o.paras[para].text)
                    && !super::sections::looks_back(o, n)
            })
            .collect();
        if sections.len() >= 2 {
            return (non_empty(recommendations(o, &sections, None)), sections);
        }
    }
    // Sections that tell what was done or found (上半年工作开展情况, 存在的问题) give way to
    // those that plan, whatever the title or lead-in says for the whole document.
    let items = super::sections::ahead(o, o.lists[chosen].items.clone());
    (non_empty(recommendations(o, &items, leads[chosen])), items)
}

/// Drops items with no words (`1、` alone on a line) and recommendations left without items:
/// an empty numbered line is nothing to do, and should not refuse the whole report.
pub(super) fn non_empty(recs: Vec<FoundRecommendation>) -> Option<Vec<FoundRecommendation>> {
    let words = |s: &str| s.chars().any(|c| c.is_alphanumeric());
    let recs: Vec<FoundRecommendation> = recs
        .into_iter()
        .map(|mut r| {
            r.items.retain(|i| words(&i.text) && words(&i.title));
            r
        })
        .filter(|r| !r.items.is_empty())
        .collect();
    (!recs.is_empty()).then_some(recs)
}

fn recommendations(o: &Outline, items: &[usize], lead: Option<LeadIn>) -> Vec<FoundRecommendation> {
    // A numbered list on lines of its own under an item (`一、教育项目` / `1、一中…`) always
    // makes the items recommendations. Steps (`1、加强宣传。一是…；二是…`, or 一是/首先/第一
    // lines under the item) do so only when most items have them: one item explaining itself
    // that way in a flat `1、2、3、` list is still one task, its steps its text.
    let on_lines = items
        .iter()
        .any(|&n| o.nodes[n].lists.iter().any(|&l| !steps_list(o, l)));
    let with_steps = items
        .iter()
        .filter(|&&n| !o.nodes[n].lists.is_empty())
        .count();
    // Minutes whose topics are numbered headings (`一、关于…` / `会议要求，…`): each topic a
    // recommendation, its decisions the tasks.
    let topics = items
        .iter()
        .any(|&n| super::minutes::topic_of(o, n).is_some_and(|t| !t.is_empty()));
    let nested = on_lines || with_steps * 2 > items.len() || topics;
    // Three levels (一、/（一）/1. in a 工作要点): the middle items are the recommendations
    // and the innermost the tasks, as two levels hold them; a closing 保障措施 with no list
    // of its own is no recommendation.
    let inner: Vec<usize> = items
        .iter()
        .flat_map(|&n| &o.nodes[n].lists)
        .flat_map(|&l| o.lists[l].items.iter().copied())
        .collect();
    let holding = inner
        .iter()
        .filter(|&&c| o.nodes[c].lists.iter().any(|&l| !inline_list(o, l)))
        .count();
    if holding >= 2 && holding * 2 >= inner.len() {
        let mut middle: Vec<usize> = Vec::new();
        for &n in items {
            if o.nodes[n].lists.is_empty() {
                let heading = &o.paras[o.nodes[n].para].text;
                if !supporting_heading(heading) {
                    middle.push(n);
                }
            } else {
                middle.extend(
                    o.nodes[n]
                        .lists
                        .iter()
                        .flat_map(|&l| o.lists[l].items.iter().copied()),
                );
            }
        }
        return recommendations(o, &middle, lead);
    }
    if nested {
        return items
            .iter()
            .map(|&n| {
                let text = o.text(n);
                let (headline, rest) = first_sentence(&text);
                let inner: Vec<FoundItem> = o.nodes[n]
                    .lists
                    .iter()
                    .flat_map(|&l| &o.lists[l].items)
                    .map(|&c| stepped(o, c, item(&o.text(c))))
                    .collect();
                // A topic of minutes holds its decisions as paragraphs, each a task.
                let topic = super::minutes::topic_of(o, n);
                let items = if let Some(decided) = topic {
                    decided
                } else if inner.is_empty() {
                    let rest = rest.trim();
                    vec![if rest.is_empty() {
                        item(&text)
                    } else {
                        item_titled(headline, rest)
                    }]
                } else {
                    inner
                };
                FoundRecommendation {
                    headline: cut(headline.trim_end_matches(['：', ':']), HEADLINE_CHARS),
                    text,
                    items,
                }
            })
            .collect();
    }
    let headline = super::headline::flat_headline(o, o.nodes[items[0]].para, lead);
    let tasks: Vec<FoundItem> = items
        .iter()
        .map(|&n| stepped(o, n, item(&o.text(n))))
        .collect();
    let text = tasks
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    vec![FoundRecommendation {
        headline,
        text,
        items: tasks,
    }]
}

/// `found` (node `n`'s task) with the items of the lists inside `n` as its steps.
fn stepped(o: &Outline, n: usize, mut found: FoundItem) -> FoundItem {
    found.steps = o.nodes[n]
        .lists
        .iter()
        .flat_map(|&l| &o.lists[l].items)
        .map(|&c| item(&o.text(c)))
        .collect();
    found
}

/// A list written inside its item's own paragraph (`计划：（1）…；（2）…`).
fn inline_list(o: &Outline, l: usize) -> bool {
    o.paras[o.nodes[o.lists[l].items[0]].para].glued
}

/// A list of an item's steps: written inside its paragraph, or in the words that pace an
/// explanation (`一是` `首先` `第一，`) rather than numbers.
fn steps_list(o: &Outline, l: usize) -> bool {
    inline_list(o, l)
        || matches!(
            o.nodes[o.lists[l].items[0]].style,
            Style::Shi | Style::Sequence | Style::Ordinal
        )
}

/// `理顺关系，加大力度。一是…` → (`理顺关系，加大力度`, `一是…`).
fn first_sentence(p: &str) -> (&str, &str) {
    match p.find(['。', '！', '？', '\n']) {
        Some(i) => {
            let stop = p[i..].chars().next().map_or(0, char::len_utf8);
            (&p[..i], &p[i + stop..])
        }
        None => (p.trim_end_matches(['：', ':']), ""),
    }
}

/// A numbered paragraph's number and the text after it (`一、教育项目` → (1, `教育项目`)), by
/// the outline's own marker rules (`marker::at_start`).
pub fn split_marker(p: &str) -> Option<(u32, &str)> {
    let p = p.trim();
    let m = super::marker::at_start(p)?;
    let n = u32::try_from(m.n).ok()?;
    Some((n, p[m.len..].trim_start()))
}

/// The title an item with this text gets, by the rules every task's title follows
/// (`title::title`): for callers that remove notes from an item's text before titling it
/// (`fields::extract`), and for task tables.
pub fn title_of(text: &str) -> String {
    super::title::title(text)
}

/// A task from its text: the title is its first clause that names an action; in minutes, the
/// first decision's (`会议听取…。会议要求，县住建局要加快…` → `加快…`), the text kept whole.
fn item(text: &str) -> FoundItem {
    let text = text.trim().trim_end_matches(['；', ';', '，', ',']);
    item_titled(super::minutes::decision(text).unwrap_or(text), text)
}

/// A task whose title comes from `heading` and whose text is `text`.
pub(super) fn item_titled(heading: &str, text: &str) -> FoundItem {
    FoundItem {
        title: title(heading),
        text: text.trim().to_string(),
        steps: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tasks(text: &str) -> Vec<(String, String)> {
        find(text)
            .unwrap()
            .into_iter()
            .flat_map(|r| r.items)
            .map(|i| (i.title, i.text))
            .collect()
    }

    #[test]
    fn a_numbered_heading_with_its_explanation_is_one_task() {
        let t = tasks(
            "三、几点建议\n1、增设减速带。因路口车辆转弯多，极易发生事故。因此，增设减速带很有必要。\n2、规范非机动车停放。\n相关链接：本报记者走访了三个路口。",
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].0, "增设减速带");
        assert!(t[0].1.ends_with("很有必要。"));
        assert_eq!(
            t[1],
            ("规范非机动车停放".into(), "规范非机动车停放。".into())
        );
    }

    #[test]
    fn inline_sub_items_are_split_in_order() {
        let t =
            tasks("几点建议\n1、加强领导。一是加强领导，健全组织。二是召开会议。三是扩大覆盖面。");
        let texts: Vec<&str> = t.iter().map(|i| i.1.as_str()).collect();
        assert_eq!(
            texts,
            ["加强领导，健全组织。", "召开会议。", "扩大覆盖面。"]
        );
        assert_eq!(t[0].0, "加强领导");
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text, including half-numbered lines and odd markers, is read without a panic,
        /// and every recommendation found has at least one item with a title.
        #[test]
        fn any_text_is_read_without_panic(lines in proptest::collection::vec(
            prop_oneof![
                "\\PC{0,30}",
                "[1-9]、[一二三是，。；]{0,12}",
                "[一二三四]、\\PC{0,10}",
                "（[一二三]）\\PC{0,10}",
                "\\([1-3]\\)[①②③一是二是首先其次最后，。：]{0,12}",
                "第[一二三][，、]\\PC{0,8}",
                "[首其最][先次后]，[一二三是，。]{0,8}",
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
