//! Lines of plain text before they are read as an outline: which end a sentence, which are
//! trailing matter (links, attachments, dates, signatures, closing remarks), and which are the
//! second half of a heading broken across two lines. Pure.

use super::marker;

/// Characters that end a sentence or a lead-in.
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '；' | '！' | '？' | '：' | ':' | ';' | '!' | '?' | '”' | '）' | ')' | '…'
    )
}

fn has_inner_punct(s: &str) -> bool {
    let body = s.trim_end_matches(ends_sentence);
    body.contains(['，', '、', '。', '；', '：', ',', ';', ':', '！', '？'])
}

/// A line of its own date: `2024年3月5日`, `二〇二四年三月五日`, `2024-03-05`,
/// `（2024年3月5日印发）`.
fn is_date(s: &str) -> bool {
    let s = s.trim_matches(|c: char| c == '（' || c == '）' || c == '(' || c == ')');
    let s = ["印发", "发布", "起施行"]
        .iter()
        .find_map(|w| s.strip_suffix(w))
        .unwrap_or(s);
    s.chars().count() <= 16
        && s.chars().any(|c| c == '年' || c == '-' || c == '/')
        && s.chars()
            .all(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十年月日号-/. ".contains(c))
}

/// Words that start trailing matter: links, attachments, bylines, circulation lists, and the
/// attendance of minutes. (Conclusions are `ASIDES`.)
const STOP_PREFIXES: &[&str] = &[
    "以上",
    "特此",
    "妥否",
    "当否",
    "此致",
    "此复",
    "此件",
    "请审阅",
    "相关链接",
    "链接",
    "相关阅读",
    "延伸阅读",
    "附件",
    "附表",
    "附：",
    "附:",
    "来源",
    "原标题",
    "责任编辑",
    "编辑",
    "审核",
    "校对",
    "记者",
    "本报记者",
    "通讯员",
    "抄送",
    "抄报",
    "印发",
    "主题词",
    "关键词",
    "联系人",
    "联系电话",
    "出席",
    "列席",
    "参加",
    "参会",
    "请假",
    "记录",
    "（完）",
    "作者",
    "供稿",
    "撰稿",
    "执笔",
    "文/",
    "文／",
    "本文来源",
    "信息来源",
    "稿件来源",
];

/// Words that start a one-line aside in a list (a conclusion, `总之，要高度重视。`): it closes
/// the list unless the next numbered line continues it (`3、` after `2、`), as a running header
/// between pages does; it is never part of the item before it.
const ASIDES: [&str; 5] = ["总之", "综上", "总而言之", "綜上", "總之"];

/// How a byline in brackets ends (`（县交通运输局 供稿）`, `（张三 摄）`): who wrote it, not a
/// unit that leads anything.
const BYLINE_ENDS: [&str; 6] = ["供稿", "供图", "撰稿", "摄", "报道", "整理"];

/// A byline: `（作者单位：县交通运输局）`, `作者：张三`, `来源：…`, `通讯员 李四`, `（县交通运输局
/// 供稿）`. Trailing matter: no item's text, no lead.
fn is_byline(s: &str) -> bool {
    let bracketed = s.starts_with(['（', '(', '【', '[']) && s.ends_with(['）', ')', '】', ']']);
    let inner = s.trim_matches(['（', '(', '【', '[', '）', ')', '】', ']', ' ', '　']);
    bracketed
        && inner.chars().count() <= 40
        && !inner.contains(['。', '；', ';'])
        && BYLINE_ENDS.iter().any(|w| inner.ends_with(w))
}

/// Labels of who wrote a report (`（执笔：张三）`, `（执笔人：李四 王五）`, `（撰稿：…）`,
/// `（供稿：县农业农村局）`), after its title or at its end.
const BYLINE_LABELS: [&str; 8] = [
    "执笔人",
    "执笔",
    "撰稿人",
    "撰稿",
    "供稿人",
    "供稿",
    "作者",
    "整理人",
];

/// A byline in brackets by its label: `（执笔：张三）`, `（撰稿人：李四）`.
fn is_labelled_byline(s: &str) -> bool {
    let bracketed = s.starts_with(['（', '(']) && s.ends_with(['）', ')']);
    let inner = s.trim_matches(['（', '(', '）', ')', ' ', '　']);
    bracketed
        && inner.chars().count() <= 40
        && !inner.contains(['。', '；', ';'])
        && BYLINE_LABELS.iter().any(|w| {
            inner
                .strip_prefix(w)
                .is_some_and(|r| r.trim_start().starts_with(['：', ':']))
        })
}

/// `line` without a byline written at its end (`强化人才支撑。（撰稿：李四）` → `强化人才
/// 支撑。`): who wrote the report is never part of an item. A line that is only a byline is
/// kept whole (trailing matter, `is_hard_stop`).
pub fn without_byline(line: &str) -> &str {
    let Some(open) = line.rfind(['（', '(']).filter(|&k| k > 0) else {
        return line;
    };
    let tail = &line[open..];
    if is_byline(tail) || is_labelled_byline(tail) {
        line[..open].trim_end()
    } else {
        line
    }
}

/// A web page's navigation after the article (related articles, previous and next, share and
/// print buttons): nothing after it belongs to the report, numbered or not.
const PAGE_END: [&str; 11] = [
    "相关阅读",
    "相关新闻",
    "相关文章",
    "推荐阅读",
    "热点推荐",
    "上一篇",
    "下一篇",
    "分享到",
    "打印本页",
    "关闭窗口",
    "扫一扫",
];

/// Is `s` where a web page's article ends?
pub fn ends_page(s: &str) -> bool {
    let s = s.trim_start_matches(['（', '(', '【', '[']);
    PAGE_END.iter().any(|p| s.starts_with(p))
}

/// How a unit's name ends: a signature line (`县防汛办`, `中共某县委办公室  某县人民政府办公室`)
/// is only names like these.
const UNIT_ENDS: [&str; 16] = [
    "办公室",
    "委员会",
    "人民政府",
    "政府",
    "指挥部",
    "领导小组",
    "小组",
    "中心",
    "局",
    "委",
    "办",
    "厅",
    "部",
    "院",
    "街道办事处",
    "组",
];

/// What the title of another document ends with (`关于…的通知`, `…实施方案`).
const DOCUMENT_KINDS: [&str; 16] = [
    "通知",
    "意见",
    "方案",
    "报告",
    "纪要",
    "决定",
    "办法",
    "要点",
    "讲话",
    "规划",
    "细则",
    "公告",
    "通报",
    "函",
    "征求意见稿）",
    "通讯",
];

/// The words of a closing instruction to every unit addressed (`请各单位于6月20日前报送…`,
/// `请认真贯彻执行`): what to send back and how, not a task of the plan.
const CLOSING: [&str; 10] = [
    "报送",
    "上报",
    "报至",
    "报送至",
    "反馈至",
    "发送至",
    "贯彻执行",
    "遵照执行",
    "贯彻落实",
    "认真执行",
];

/// A closing line: an instruction to those addressed (`请各…报送`), or a contact line
/// anywhere in it (`联系人：张三，电话：…`).
pub fn is_closing(s: &str) -> bool {
    let s = s.trim_start_matches(['（', '(', '【', '[']);
    let contact = [
        "联系人：",
        "联系人:",
        "联系电话",
        "联 系 人",
        "咨询电话",
        "电子邮箱：",
        "邮箱：",
    ]
    .iter()
    .any(|w| s.contains(w));
    let asks = (s.starts_with("请各")
        || s.starts_with("请你")
        || s.starts_with("请认真")
        || s.starts_with("请结合"))
        && CLOSING.iter().any(|w| s.contains(w));
    contact || asks
}

/// A signature (unit names, with spaces between them or none) or the title of another
/// document: longer than the short lines `is_stop` takes, but without a sentence's
/// punctuation.
fn is_signature_or_title(s: &str) -> bool {
    let bare = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let chars = bare.chars().count();
    if chars > 60 || has_inner_punct(bare) || bare.ends_with(ends_sentence) {
        return false;
    }
    let names = bare
        .split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|w| !w.is_empty())
        .all(|w| UNIT_ENDS.iter().any(|e| w.ends_with(e)));
    let title = bare.starts_with("关于") || DOCUMENT_KINDS.iter().any(|k| bare.ends_with(k));
    names || title
}

/// Page furniture a PDF or a printed page leaves in the text: a page number (`— 3 —`, `- 3 -`,
/// `3`, `第3页 共5页`, `3/5`), a figure or table caption (`图1 项目分布图`, `表2 资金统计表`,
/// `附表`, `续表`), or a classification mark (`内部资料`, `注意保存`). It is no text of the
/// report: dropped before the outline is read, so it never ends a list.
pub fn is_furniture(s: &str) -> bool {
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if s.is_empty() {
        return false;
    }
    let digitish = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    // A page number, bare or between dashes, possibly `3/5` or `- 3 / 5 -`.
    let core = s.trim_matches(|c: char| matches!(c, '—' | '-' | '–' | '－' | '─' | ' ' | '·'));
    if !core.is_empty()
        && core.chars().count() <= 9
        && core.chars().any(digitish)
        && core
            .chars()
            .all(|c| digitish(c) || matches!(c, '/' | ' ' | '／'))
    {
        return true;
    }
    // 第3页 共5页, 第 3 页, 共5页第3页.
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let pages = compact.replace(['，', ','], "");
    if pages.chars().count() <= 14
        && pages.contains('页')
        && (pages.starts_with('第') || pages.starts_with('共'))
        && pages
            .chars()
            .all(|c| digitish(c) || "第页共〇零一二三四五六七八九十".contains(c))
    {
        return true;
    }
    // Captions: 图1 …, 表1 …, 图 1-2 …, 附表, 续表, 附图; short and unpunctuated.
    let chars = compact.chars().count();
    let caption = ["图", "表", "附表", "附图", "续表"].iter().any(|w| {
        compact.strip_prefix(w).is_some_and(|rest| {
            rest.is_empty()
                || rest
                    .chars()
                    .next()
                    .is_some_and(|c| digitish(c) || "一二三四五六七八九十".contains(c))
        })
    });
    if caption && chars <= 30 && !has_inner_punct(s) && !s.ends_with(ends_sentence) {
        return true;
    }
    const MARKS: [&str; 8] = [
        "内部资料",
        "内部资料注意保存",
        "注意保存",
        "内部文件",
        "内部刊物",
        "仅供参考",
        "秘密",
        "机密",
    ];
    let bare = compact.trim_matches(|c: char| "（）()【】[]★*".contains(c));
    MARKS.iter().any(|m| {
        bare == *m || (bare.starts_with(m) && bare.chars().count() <= 12 && !has_inner_punct(bare))
    })
}

/// Trailing matter by its words (附件, 以上…, 抄送, a date, a web page's navigation), not by its
/// shape: what follows it is another part of the document, even when it is numbered.
pub fn is_hard_stop(s: &str) -> bool {
    let unbracketed = s.trim_start_matches(['（', '(', '【', '[']);
    STOP_PREFIXES.iter().any(|p| unbracketed.starts_with(p))
        || is_date(s)
        || ends_page(s)
        || is_byline(s)
        || is_labelled_byline(s)
}

/// A one-line aside (`总之，…`, `综上所述，…`): see `ASIDES`.
pub fn is_aside(s: &str) -> bool {
    ASIDES.iter().any(|p| s.starts_with(p))
}

/// Trailing matter: closes every open list. A short line without punctuation after the list
/// is a signature, a date or another article's title; lines of dots (an elision) are not.
pub fn is_stop(s: &str) -> bool {
    if is_hard_stop(s) || is_aside(s) || is_signature_or_title(s) {
        return true;
    }
    let elision = s
        .chars()
        .all(|c| matches!(c, '…' | '.' | '。' | '·' | '-' | '—' | '*' | ' '));
    let chars = s.chars().count();
    !elision
        && !is_label_line(s)
        && chars <= 25
        && !has_inner_punct(s)
        && !s.ends_with(ends_sentence)
}

/// How a sentence under a heading starts (a verb, an adverb, who acts, a connective): such
/// a line is the heading's explanation, not the rest of a word cut off at the line's end.
pub(super) const SENTENCE_STARTS: [&str; 53] = [
    "会议",
    "加强",
    "完善",
    "健全",
    "建立",
    "推进",
    "推动",
    "强化",
    "落实",
    "开展",
    "提升",
    "提高",
    "加快",
    "做好",
    "抓好",
    "优化",
    "深化",
    "规范",
    "严格",
    "实施",
    "组织",
    "成立",
    "制定",
    "坚持",
    "确保",
    "加大",
    "全面",
    "切实",
    "进一步",
    "积极",
    "认真",
    "持续",
    "扎实",
    "着力",
    "大力",
    "各",
    "要",
    "我",
    "请",
    "由",
    "对",
    "在",
    "将",
    "把",
    "按",
    "根据",
    "围绕",
    "同时",
    "因此",
    "为此",
    "目前",
    "当前",
    "今年",
];

/// Words a section's heading ends with (三、对策建议, （一）加强组织领导): a complete heading,
/// whatever short line follows it.
const HEADING_ENDS: [&str; 19] = [
    "建议",
    "措施",
    "要求",
    "任务",
    "情况",
    "问题",
    "打算",
    "目标",
    "意见",
    "原则",
    "思想",
    "对策",
    "安排",
    "要点",
    "事项",
    "保障",
    "领导",
    "重点工作",
    "主要工作",
];

/// Is `line` the rest of a word that `heading` (a numbered heading's body, without a
/// sentence's end) was cut in? Its first clause is a short run of characters (`建设。`,
/// `体制机制。`, `机制，规范…`; up to 8 when it is the whole line) that starts no sentence, and the heading does not end as a
/// complete section heading does.
fn rest_of_word(heading: &str, line: &str) -> bool {
    let clause: &str = line
        .split(['，', '。', '；', '：', '、', '！', '？', ',', ';', ':'])
        .next()
        .unwrap_or("");
    let n = clause.chars().count();
    // A line that is only that clause (`分类处理工作。`) may be a longer tail.
    let alone = line[clause.len()..].chars().count() == 1;
    !heading.is_empty()
        && (1..=if alone { 8 } else { 4 }).contains(&n)
        && clause.len() < line.len()
        && clause
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !SENTENCE_STARTS.iter().any(|w| clause.starts_with(w))
        && !HEADING_ENDS.iter().any(|w| heading.ends_with(w))
}

/// A line that opens with a short label and its colon (`完成时限：9月底`, `责任单位：县财政局`,
/// `【牵头单位】县住建局`): a field of its own, never the rest of the line before it.
pub fn is_label_line(line: &str) -> bool {
    let line = line.trim_start_matches(['（', '(', '【', '[']);
    let Some(at) = line.find(['：', ':', '】', ']']) else {
        return false;
    };
    let label = &line[..at];
    (2..=6).contains(&label.chars().count())
        && label
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// How a document's title ends (GB/T 9704-2012 kinds of 公文, and the plans offices write):
/// a complete title, never the first half of a heading.
const TITLE_ENDS: [&str; 22] = [
    "方案", "要点", "报告", "意见", "通知", "纪要", "规划", "计划", "决定", "办法", "细则", "通报",
    "请示", "批复", "总结", "清单", "台账", "函", "公告", "通告", "建议", "安排",
];

/// An unnumbered line that is a whole title (`关于加强安全生产的实施方案`, `2025年工作要点`).
fn is_title(line: &str) -> bool {
    !line.ends_with(ends_sentence)
        && !line.ends_with(['：', ':'])
        && line.chars().count() >= 4
        && TITLE_ENDS.iter().any(|w| line.ends_with(w))
}

/// A short unnumbered line that is a section's heading on its own (`工作措施`, `整改措施`,
/// `主要任务`): it starts a section, it does not finish the line above.
fn is_section_heading(line: &str) -> bool {
    let line = line.trim_end_matches(['：', ':']);
    let n = line.chars().count();
    (4..=10).contains(&n)
        && !has_inner_punct(line)
        // `农村公路管护的意见` under `关于进一步加强` is the rest of a title.
        && !line.contains('的')
        && !line.ends_with(ends_sentence)
        && marker::at_start(line).is_none()
        && HEADING_ENDS.iter().any(|w| line.ends_with(w))
}

/// Joins a heading broken across lines: a line not ending a sentence, and a short next line
/// that is not numbered and is a fragment (no punctuation inside, unless the first line was
/// broken mid-sentence).
///
/// Each line comes with its number in the file, and each joined line keeps its first line's.
pub fn join_broken(lines: Vec<(usize, &str)>) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::with_capacity(lines.len());
    let mut open = false; // the last line may continue
    let mut last_number = 0;
    for (number, line) in lines {
        // A blank line between them, a complete title above (…实施方案, 2025年工作要点) or a
        // section's own heading below (工作措施): two lines, not one heading broken in two.
        let apart = number > last_number + 1;
        last_number = number;
        if open
            && !apart
            && let Some((_, prev)) = out.last_mut()
            && !(marker::at_start(prev).is_none() && (is_title(prev) || is_section_heading(line)))
        {
            // 核对机制 after （一）健全…经济状况 is the rest of a heading; 各单位要高度重视。 after
            // （一）加强组织领导 is the first sentence under it; 年内完成。 after …，确保 ends a
            // sentence broken in the middle.
            let body = marker::at_start(prev).map_or(prev.as_str(), |m| &prev[m.len..]);
            let fragment = (!has_inner_punct(line) && !line.ends_with(['。', '！', '？']))
                || has_inner_punct(body);
            // `（一）加强农村基础设施` / `建设。加快…`: the next line starts with the word the
            // heading was cut in (建设, 体制机制), then goes on as the item's text.
            let word_cut = marker::at_start(prev).is_some() && rest_of_word(body, line);
            if (word_cut
                || line.chars().count() <= 20
                    && fragment
                    && prev.chars().count() + line.chars().count() <= 60)
                && !line.ends_with(['：', ':'])
                && marker::at_start(line).is_none()
                && !is_date(line)
                && !STOP_PREFIXES.iter().any(|p| line.starts_with(p))
                && !is_aside(line)
                && !is_label_line(line)
            {
                prev.push_str(line);
                open = false;
                continue;
            }
        }
        open = !line.ends_with(ends_sentence) && line.chars().count() <= 40;
        out.push((number, line.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::outline::Outline;
    use super::*;

    #[test]
    fn broken_headings_are_joined_and_trailing_matter_closes_lists() {
        let o = Outline::read(
            "（一）关于进一步加强农村人居\n环境整治的建议\n1、增设减速带。\n相关链接：记者走访。\n2024年3月5日",
        );
        assert_eq!(
            o.paras[0].text,
            "（一）关于进一步加强农村人居环境整治的建议"
        );
        assert_eq!(o.text(1), "增设减速带。");
        let o = Outline::read("一、甲。\n…………\n三、丙。");
        assert_eq!(o.lists.len(), 1);
        assert_eq!(o.lists[0].items.len(), 2);
    }

    #[test]
    fn a_short_sentence_under_a_heading_is_not_joined_to_it() {
        let joined = |t: &str| -> Vec<String> {
            join_broken(t.lines().enumerate().collect())
                .into_iter()
                .map(|(_, l)| l)
                .collect()
        };
        assert_eq!(
            joined("（一）加强组织领导\n各单位要高度重视。"),
            ["（一）加强组织领导", "各单位要高度重视。"]
        );
        assert_eq!(
            joined("1、完成危房改造摸底，确保\n年内完成。"),
            ["1、完成危房改造摸底，确保年内完成。"]
        );
    }

    #[test]
    fn trailing_matter_is_recognised() {
        for stop in [
            "相关链接：本报记者走访",
            "2024年3月5日",
            "二〇二四年三月五日",
            "附件：1.名单",
            "县住建局",
            "（此件公开发布）",
            "以上建议，供参考。",
            "抄送：市委办",
            "特此通知。",
            "中共某某县委办公室　　某某县人民政府办公室",
            "某某县发展和改革局某某县财政局某某县住房和城乡建设局",
            "关于进一步加强全县农村人居环境整治工作的实施意见",
            "2025年6月3日印发",
            "附件2：重点任务分解表",
        ] {
            assert!(is_stop(stop), "{stop}");
        }
        for closing in [
            "请各单位于6月20日前将工作情况报送县防汛办。",
            "请各乡镇结合实际认真贯彻执行。",
            "联系人：张三，电话：12345678。",
            "（联系人：李四；联系电话：87654321）",
        ] {
            assert!(is_closing(closing), "{closing}");
        }
        assert!(!is_closing("请县发改局抓紧办理立项手续。"));
        assert!(ends_page("上一篇：我市召开秋季农业生产现场会"));
        assert!(ends_page("【打印本页】【关闭窗口】"));
        for not in [
            "…………",
            "检查覆盖全部在建工地。",
            "理顺市、区、街道三级城管职责，推动管理重心下移。",
            "请县发改局抓紧办理立项手续。",
            "建立联系人制度，每个村确定一名联络员。",
            "各单位要高度重视，切实加强组织领导。",
        ] {
            assert!(!is_stop(not), "{not}");
        }
    }
}
