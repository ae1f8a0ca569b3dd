//! Which sections of a report look back (work done, findings, problems and their causes) and
//! which look ahead (plans, measures, next steps). Pure.
//!
//! A 工作总结, an 整改情况的报告 or a reply to a 建议/提案 tells what was done and what is wrong
//! before what will be done, in sections numbered like the plan's own (一、上半年工作开展情况 /
//! 二、存在的问题 / 三、下半年工作打算). Its title and lead-in speak of the plans for the whole
//! document (`…总结及下半年工作打算`, `现将…整改情况报告如下`, `关于…建议的答复`), so they
//! cannot tell the sections apart: each section is judged by its own heading and, where the
//! heading says nothing or looks back, by the words of what it holds.

use super::outline::Outline;
use super::title::DECIDED;

/// Words of a heading that look ahead, whatever else it says (四、下一步工作打算).
const AHEAD: [&str; 12] = [
    "下一步",
    "下步",
    "打算",
    "今后",
    "下半年",
    "明年",
    "思路",
    "对策",
    "计划",
    "安排",
    "展望",
    "努力方向",
];

/// Words of a heading that look ahead unless it also looks back (三、整改措施, but not
/// 二、整改措施落实情况).
const AHEAD_WEAK: [&str; 7] = ["措施", "任务", "目标", "重点", "举措", "要点", "建议"];

/// Words of a heading that report what is or was: findings, causes, work done.
const BACK: [&str; 20] = [
    "情况", "问题", "原因", "成效", "做法", "经验", "不足", "成绩", "现状", "特点", "困难", "回顾",
    "总结", "进展", "短板", "差距", "教训", "概况", "成果", "亮点",
];

/// Words that tell of work done or of a state found: `已整改`, `共排查…126起`, `截至…`.
const DONE: [&str; 16] = [
    "已",
    "完成了",
    "取得了",
    "开展了",
    "出台了",
    "建成了",
    "实现了",
    "截至",
    "截止",
    "累计",
    "先后",
    "共排查",
    "共开展",
    "共召开",
    "共计",
    "同比",
];

/// Words that tell of a problem found: `存在…问题`, `不够`, `滞后`.
const PROBLEM: [&str; 16] = [
    "存在",
    "不够",
    "不足",
    "滞后",
    "偏低",
    "偏高",
    "不到位",
    "不平衡",
    "薄弱",
    "难以",
    "仍需",
    "有待",
    "时有发生",
    "缓慢",
    "不稳定",
    "不强",
];

/// Words that tell of work to be done: who will do it, by when, or that it is to be done.
const TO_DO: [&str; 21] = [
    "负责",
    "牵头",
    "配合",
    "会同",
    "前完成",
    "底前",
    "日前",
    "年内",
    "之前",
    "确保",
    "力争",
    "将",
    "长期坚持",
    "计划",
    "拟",
    "下一步",
    "持续",
    "继续",
    "进一步",
    "争取",
    "推动",
];

/// How a section's heading reads.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Heading {
    Ahead,
    Back,
    Silent,
}

fn heading_reads(h: &str) -> Heading {
    let back = BACK.iter().any(|w| h.contains(w));
    // 建议 looks ahead only as what the heading names (三、对策建议), not in
    // 一、建议办理情况, a reply's account of what was done with one.
    let weak = AHEAD_WEAK
        .iter()
        .any(|w| h.contains(w) && (*w != "建议" || h.trim_end_matches(['：', ':']).ends_with(w)));
    // 一、关于…问题的整改: what is to be put right.
    let rectify = h.trim_end_matches(['：', ':']).ends_with("整改");
    if rectify || AHEAD.iter().any(|w| h.contains(w)) {
        Heading::Ahead
    } else if back {
        Heading::Back
    } else if weak {
        Heading::Ahead
    } else {
        Heading::Silent
    }
}

/// Does a piece of a section (an item, or a paragraph) tell of work to be done? A decision of
/// minutes (会议要求，…) always does; otherwise a word of work to do and none of work done.
fn to_do(p: &str) -> bool {
    if DECIDED.iter().any(|w| p.starts_with(w)) {
        return true;
    }
    // `已整改`, `县财政局已督促…将…缴库`: told as done, whatever verbs it uses.
    !p.contains('已') && (TO_DO.iter().any(|w| p.contains(w)) || must(p))
}

/// `要` as the verb of what is to be done (`各乡镇要…`), not inside 主要, 重要, 需要, 要素.
fn must(p: &str) -> bool {
    let chars: Vec<char> = p.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        c == '要'
            && !i
                .checked_sub(1)
                .is_some_and(|j| "主重需纪摘提简概只想必".contains(chars[j]))
            && !chars
                .get(i + 1)
                .is_some_and(|n| "素点闻件害求".contains(*n))
    })
}

/// Does a piece tell of work done or a problem found, and of nothing to do?
fn looks_back_at(p: &str) -> bool {
    !to_do(p) && (DONE.iter().any(|w| p.contains(w)) || PROBLEM.iter().any(|w| p.contains(w)))
}

/// The pieces a section holds: the items of its lists, else its paragraphs after the heading.
fn pieces(o: &Outline, n: usize) -> Vec<String> {
    let node = &o.nodes[n];
    let items: Vec<String> = node
        .lists
        .iter()
        .flat_map(|&l| &o.lists[l].items)
        .map(|&c| o.text(c))
        .collect();
    if !items.is_empty() {
        return items;
    }
    let text = o.text(n);
    let mut lines = text.lines();
    let head = lines.next().unwrap_or("");
    let rest: Vec<String> = lines.map(str::to_string).collect();
    if rest.is_empty() {
        // `一、矛盾纠纷排查化解扎实有效。上半年共排查…`: the sentences after its heading.
        return head
            .split_once(['。', '！', '？'])
            .map(|(_, r)| vec![r.to_string()])
            .filter(|r| !r[0].trim().is_empty())
            .unwrap_or_default();
    }
    rest
}

/// A section: an item that holds a list of its own, or a bare heading with its account on
/// the lines below (一、整改工作总体情况 / 县政府高度重视…). An item that is one sentence
/// (`（二）总结推广经验。`) is a task, whatever its words.
fn is_section(o: &Outline, n: usize) -> bool {
    let node = &o.nodes[n];
    let body = o.paras[node.para]
        .body()
        .trim_end_matches(['：', ':', '。']);
    let below = o.text(n).contains('\n');
    !node.lists.is_empty()
        || below && body.chars().count() <= 30 && !body.contains(['，', '。', '；', '：', ',', ';'])
}

/// Does section `n` look back: a heading of findings or work done whose pieces are not, for
/// the most part, work to do (三、尚未整改到位的问题及原因 listing who will finish what by when
/// looks ahead); or a heading that says neither whose pieces all tell of work done or
/// problems found?
pub(super) fn looks_back(o: &Outline, n: usize) -> bool {
    let heading = o.paras[o.nodes[n].para].body();
    let heading = heading
        .split_once(['。', '！', '？'])
        .map_or(heading, |(h, _)| h);
    let pieces = pieces(o, n);
    let ahead = pieces.iter().filter(|p| to_do(p)).count();
    match heading_reads(heading) {
        Heading::Ahead => false,
        Heading::Back => !pieces.is_empty() && ahead * 2 < pieces.len(),
        Heading::Silent => {
            !pieces.is_empty() && ahead == 0 && pieces.iter().all(|p| looks_back_at(p))
        }
    }
}

/// The items of a list of sections that look ahead: a summary's 工作开展情况 and 存在的问题,
/// before its 下步打算, give way to it whatever its title says. A list that is not one of
/// sections, or that has no section headed as plans, is kept whole.
pub(super) fn ahead(o: &Outline, items: Vec<usize>) -> Vec<usize> {
    let sections: Vec<bool> = items.iter().map(|&n| is_section(o, n)).collect();
    // Only what comes before a section headed as plans (三、下半年工作打算) is passed over:
    // a list of recommendations with no such heading is kept whole.
    let Some(plans) = items.iter().zip(&sections).rposition(|(&n, &s)| {
        s && heading_reads(o.paras[o.nodes[n].para].body()) == Heading::Ahead
    }) else {
        return items;
    };
    if sections.iter().filter(|&&s| s).count() < 2 {
        return items;
    }
    items
        .iter()
        .enumerate()
        .filter(|&(k, &n)| k >= plans || !sections[k] || !looks_back(o, n))
        .map(|(_, &n)| n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_read_ahead_or_back() {
        for h in [
            "下一步工作打算",
            "三、对策建议",
            "整改措施",
            "2024年工作计划",
        ] {
            assert_eq!(heading_reads(h), Heading::Ahead, "{h}");
        }
        for h in [
            "上半年工作开展情况",
            "存在的问题",
            "建议办理情况",
            "整改措施落实情况",
            "主要做法",
        ] {
            assert_eq!(heading_reads(h), Heading::Back, "{h}");
        }
        assert_eq!(heading_reads("关于城区供水管网改造项目"), Heading::Silent);
    }
}
