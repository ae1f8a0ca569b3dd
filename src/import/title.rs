//! A task's title: its heading's first clause that names an action, never a numbering marker,
//! a connective (因此, 同时…) or a note of who leads (由县交通局牵头, （牵头单位：…）). Pure.

use super::{deadline, marker};

/// Words that join sentences and never name an action.
const CONNECTIVES: [&str; 26] = [
    "因此",
    "所以",
    "比如",
    "例如",
    "同时",
    "另外",
    "此外",
    "其中",
    "总之",
    "然而",
    "但是",
    "为此",
    "对此",
    "据此",
    "特别是",
    "尤其是",
    "一方面",
    "另一方面",
    "同時",
    "總之",
    "為此",
    "對此",
    "還要",
    "并且",
    "而且",
    "进而",
];

/// How minutes record a decision (会议要求，…): the words that say a paragraph is a task
/// (`parse`), never part of its title.
pub const DECIDED: [&str; 8] = [
    "会议要求",
    "会议决定",
    "会议同意",
    "会议明确",
    "会议强调",
    "会议议定",
    "会议责成",
    "会议原则同意",
];

/// Words that lead in what a report proposes or a meeting asks (`我们建议，加强…`,
/// `力争…`): they say a task follows, they are never one. Stripped from a clause's front;
/// a clause of nothing else is passed over.
const LEAD_INS: [&str; 12] = [
    "我们建议",
    "我们认为",
    "我们将",
    "我们要",
    "建议",
    "会议强调",
    "会议指出",
    "会议提出",
    "会议认为",
    "力争",
    "争取",
    "具体如下",
];

/// Labels that head a part of an item (`目标：…`, `主要任务：…`), not who does it.
const PART_LABELS: [&str; 12] = [
    "目标", "任务", "要求", "措施", "内容", "时间", "时限", "标准", "重点", "举措", "路径", "方式",
];

/// At most this many characters of a title, then `…`.
pub const TITLE_CHARS: usize = 24;
/// `s` trimmed, cut to `max` characters with `…`.
pub fn cut(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max).collect();
    t.push('…');
    t
}

/// Strips markers, connectives and 要 from the front of a clause.
fn strip_front(mut c: &str) -> &str {
    // A clause `strip_deadline` left as it was: the loop's last round asks about the same
    // words again, and the deadline search is the costliest step.
    let mut no_deadline: Option<&str> = None;
    loop {
        let before = c;
        c = c.trim_start_matches([' ', '　', '，', '、', '：']);
        if let Some(m) = marker::at_start(c) {
            c = &c[m.len..];
        }
        for w in CONNECTIVES.iter().chain(&DECIDED).chain(&LEAD_INS) {
            c = c.strip_prefix(w).unwrap_or(c);
        }
        // 明确由县商务局牵头，… / 明确年底前完成…: who leads or when, said as a decision.
        if let Some(r) = c.strip_prefix("明确")
            && (r.starts_with('由') || strip_deadline(r) != r)
        {
            c = r;
        }
        // 区城管局要完成清理 → 完成清理: who acts is a field, not the title.
        if let Some(at) = c.find('要')
            && c[..at].chars().count() <= 12
            && c[..at]
                .chars()
                .next_back()
                .is_some_and(|u| UNIT_ENDS.contains(u))
        {
            c = &c[at..];
        }
        if let Some(r) = c.strip_prefix('要')
            && !r.starts_with(['素', '求', '点', '害', '件', '闻', '务'])
            && r.chars().count() >= 2
        {
            c = r;
        }
        if no_deadline != Some(c) {
            let d = strip_deadline(c);
            if d == c {
                no_deadline = Some(c);
            }
            c = d;
        }
        if c == before {
            return c;
        }
    }
}

/// `c` without a deadline in front (`在11月底前完成清理` → `完成清理`): the deadline is a
/// field of its own, and the text keeps it. Kept when too little would be left to title.
fn strip_deadline(c: &str) -> &str {
    let lead_in = ["在", "于"]
        .iter()
        .find(|w| c.starts_with(**w))
        .map_or(0, |w| w.len());
    match deadline::find(c, 2000, false).first() {
        Some(p) if p.start == lead_in && c[p.end..].chars().count() >= 4 => {
            c[p.end..].trim_start_matches([' ', '　', '，', '、'])
        }
        _ => c,
    }
}

/// The last character of a unit's name: 县住建局, 区政府, 各乡镇, 各项目单位.
const UNIT_ENDS: &str = "局委办部厅府科处室院所站队司组镇乡街村位";

/// A clause that only says who leads or when: 由县交通局牵头, （牵头单位：…）.
fn is_note(c: &str) -> bool {
    let c = c.trim_start_matches(['（', '(', '【', '[']);
    [
        "牵头单位",
        "责任单位",
        "主责单位",
        "配合单位",
        "协办单位",
        "责任领导",
        "责任人",
        "完成时限",
        "时间节点",
    ]
    .iter()
    .any(|w| c.starts_with(w))
        // 会议明确，县卫健委为疫情防控牵头单位: who leads, said as a decision.
        || (c.chars().count() <= 24 && (c.ends_with("牵头单位") || c.ends_with("牵头部门")))
        || (c.chars().count() <= 16
            && ["牵头", "配合", "负责", "协办"]
                .iter()
                .any(|w| c.ends_with(w))
            && c.contains(|ch: char| UNIT_ENDS.contains(ch)))
}

/// A clause that says only when (`到2025年`, `年底前`, `今年上半年`): never a title alone.
fn is_time_only(c: &str) -> bool {
    let c = c.trim_start_matches(['到', '至', '在', '于']);
    c.contains(['年', '月', '日', '季'])
        && c.chars().all(|ch| {
            ch.is_ascii_digit()
                || ('０'..='９').contains(&ch)
                || "〇零一二三四五六七八九十年月日号底前内末初中季度上下半期间以后起止今明本当每"
                    .contains(ch)
        })
}

/// `一中：抓紧办理前期手续`: a short name before the colon (a school, a project, a place)
/// is who or what the item is about, and stays in its title; a label (`目标：`), a note
/// (`责任单位：`) or an action (`加强学习：…`) does not.
fn subject_before_colon(heading: &str) -> Option<&str> {
    let (name, rest) = heading.split_once(['：', ':'])?;
    let name = strip_front(name).trim();
    let n = name.chars().count();
    let action = super::lines::SENTENCE_STARTS
        .iter()
        .any(|w| name.starts_with(w));
    let label = PART_LABELS.iter().any(|w| name.ends_with(w)) || is_note(name);
    let words = name
        .chars()
        .all(|c| c.is_alphanumeric() || "（）()".contains(c));
    let rest = rest.trim_start();
    ((2..=6).contains(&n) && words && !action && !label && !rest.is_empty()).then(|| {
        let end = rest
            .find(['。', '；', '！', '？', '\n', '，'])
            .unwrap_or(rest.len());
        &heading[..heading.len() - rest.len() + end]
    })
}

/// Does the clause hold a word (not only marks and brackets)?
fn words(c: &str) -> bool {
    c.chars().any(char::is_alphanumeric)
}

/// The title for a task headed by `heading`: at most `TITLE_CHARS` characters.
pub fn title(heading: &str) -> String {
    // What a meeting heard or studied (`会议研究了…。明确由…`) gives way to what it decided.
    let heading = super::minutes::decision(heading.trim()).unwrap_or(heading);
    if let Some(whole) = subject_before_colon(heading.trim()) {
        let from = marker::at_start(whole).map_or(0, |m| m.len);
        return balanced(&cut(&whole[from..], TITLE_CHARS));
    }
    let clause = heading
        .split(['，', '。', '；', '：', '！', '？', '\n', ',', ';'])
        .map(strip_front)
        .map(|c| c.trim_end_matches(['（', '(', '【']).trim())
        // A clause of marks alone (`）` of `…负责，）`, a note the layout cut) names nothing.
        .find(|c| words(c) && !is_note(c) && !CONNECTIVES.contains(c));
    // A time alone opens the sentence: the action after it is the title (`年底前，完成全部
    // 改造` → 完成全部改造); a state to reach (`力争到2025年，全县覆盖率达到90%`) needs the
    // time, so the title is the whole sentence.
    if let Some(c) = clause.filter(|c| is_time_only(c))
        && let Some(at) = heading.find(c)
    {
        let start = heading[..at]
            .rfind(['。', '；', '！', '？', '\n'])
            .map_or(0, |i| {
                i + heading[i..].chars().next().map_or(0, char::len_utf8)
            });
        let end = heading[at..]
            .find(['。', '；', '！', '？', '\n'])
            .map_or(heading.len(), |e| at + e);
        let after = heading[at + c.len()..end].trim_start_matches(['，', ',', ' ', '　']);
        let acts = ["完成", "实现", "建成", "启动", "出台"]
            .iter()
            .chain(super::lines::SENTENCE_STARTS.iter())
            .any(|w| after.starts_with(w));
        let sentence = heading[start..end].trim();
        let from = marker::at_start(sentence).map_or(0, |m| m.len);
        let whole = if acts { after } else { &sentence[from..] };
        return balanced(&cut(
            whole
                .split(['，', ','])
                .next()
                .filter(|_| acts)
                .unwrap_or(whole),
            TITLE_CHARS,
        ));
    }
    let clause = clause
        .or_else(|| {
            heading
                .split(['，', '。', '；', '\n'])
                .map(str::trim)
                .find(|c| words(c))
        })
        .unwrap_or_else(|| heading.trim());
    balanced(&cut(clause, TITLE_CHARS))
}

/// `t` with no bracket left open or closed alone: a clause cut at a comma inside a note
/// (`新增就业（县人社局` of `新增就业（县人社局，12月底前）`), or a title cut to length inside
/// one, ends before the bracket that stays open (`…` kept when it was cut); a closing bracket
/// without its opening one is dropped. An opening bracket at the very start (nothing before
/// it to keep) is dropped instead.
pub fn balanced(t: &str) -> String {
    let pair = |c: char| match c {
        '）' | ')' => Some(['（', '(']),
        '】' => Some(['【', '【']),
        ']' => Some(['[', '[']),
        '〕' => Some(['〔', '〔']),
        '」' => Some(['「', '「']),
        '》' => Some(['《', '《']),
        _ => None,
    };
    let opens = |c: char| "（(【[〔「《".contains(c);
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut stray: Vec<usize> = Vec::new();
    for (i, c) in t.char_indices() {
        if opens(c) {
            stack.push((i, c));
        } else if let Some(want) = pair(c) {
            match stack.last() {
                Some((_, o)) if want.contains(o) => {
                    stack.pop();
                }
                _ => stray.push(i),
            }
        }
    }
    let ellipsis = t.ends_with('…');
    let (end, mut drop) = match stack.first() {
        Some(&(i, _)) if !t[..i].trim().is_empty() => (i, stray),
        // Nothing before the open bracket: keep its words, drop the brackets left open.
        Some(_) => (
            t.len(),
            stray.into_iter().chain(stack.iter().map(|s| s.0)).collect(),
        ),
        None => (t.len(), stray),
    };
    drop.sort_unstable();
    let kept: String = t[..end]
        .char_indices()
        .filter(|(i, _)| drop.binary_search(i).is_err())
        .map(|(_, c)| c)
        .collect();
    let mut out = kept
        .trim_end_matches([' ', '　', '，', '、', '：', ',', ';', '；'])
        .to_string();
    if ellipsis && !out.ends_with('…') {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_skip_markers_connectives_and_notes() {
        assert_eq!(title("2、加强领导"), "加强领导");
        assert_eq!(title("因此，增设减速带很有必要"), "增设减速带很有必要");
        assert_eq!(title("要加大宣传力度，提高知晓率"), "加大宣传力度");
        assert_eq!(
            title("由县交通局牵头，县财政局配合，年底前完成招标"),
            "完成招标"
        );
        assert_eq!(title("要素保障"), "要素保障");
        assert_eq!(title("区城管局要完成占道经营清理"), "完成占道经营清理");
        assert_eq!(title("各项目单位要对照年度计划，倒排工期"), "对照年度计划");
        assert_eq!(title("加强要素保障"), "加强要素保障");
        assert_eq!(
            title("区城管局要在11月底前完成占道经营清理"),
            "完成占道经营清理"
        );
        assert_eq!(title("年底前完成农村公路养护招标"), "完成农村公路养护招标");
        assert_eq!(title("于6月30日前报送方案材料"), "报送方案材料");
        assert_eq!(title("年内完成"), "年内完成");
        assert_eq!(title("会议决定，安排专项资金50万元"), "安排专项资金50万元");
        assert_eq!(title("会议原则同意修编方案"), "修编方案");
        assert_eq!(title("强化市民参与。"), "强化市民参与");
        assert_eq!(title("加强部门配合。"), "加强部门配合");
        assert_eq!(title("县住建局负责，完成摸底"), "完成摸底");
    }

    #[test]
    fn lead_ins_and_times_alone_are_never_titles() {
        assert_eq!(title("我们建议，加强学习培训。"), "加强学习培训");
        assert_eq!(title("建议，完善考核办法"), "完善考核办法");
        assert_eq!(title("会议强调，要压实安全责任"), "压实安全责任");
        assert_eq!(
            title("力争到2025年，全县覆盖率达到90%。"),
            "力争到2025年，全县覆盖率达到90%"
        );
        assert_eq!(title("3、到2026年底，全面完成改造。"), "全面完成改造");
        assert_eq!(title("今年底前，完成全部改造。"), "完成全部改造");
        assert_eq!(title("一中：抓紧办理前期手续。"), "一中：抓紧办理前期手续");
        assert_eq!(title("五金城：确保年内开业"), "五金城：确保年内开业");
        assert_eq!(title("加强学习：每月集中学习一次"), "加强学习");
        assert_eq!(title("明确由县商务局牵头，年底前完成搬迁"), "完成搬迁");
    }
}
