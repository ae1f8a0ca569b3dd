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

/// A line of its own date: `2024年3月5日`, `二〇二四年三月五日`, `2024-03-05`.
fn is_date(s: &str) -> bool {
    let s = s.trim_matches(|c: char| c == '（' || c == '）' || c == '(' || c == ')');
    s.chars().count() <= 16
        && s.chars().any(|c| c == '年' || c == '-' || c == '/')
        && s.chars()
            .all(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十年月日号-/. ".contains(c))
}

/// Words that start trailing matter: links, attachments, bylines, circulation lists, the
/// attendance of minutes, and conclusions.
const STOP_PREFIXES: [&str; 41] = [
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
    "总之",
    "综上",
    "总而言之",
    "（完）",
];

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

/// Trailing matter: closes every open list. A short line without punctuation after the list
/// is a signature, a date or another article's title; lines of dots (an elision) are not.
pub fn is_stop(s: &str) -> bool {
    let unbracketed = s.trim_start_matches(['（', '(', '【', '[']);
    if STOP_PREFIXES.iter().any(|p| unbracketed.starts_with(p)) || is_date(s) || ends_page(s) {
        return true;
    }
    let elision = s
        .chars()
        .all(|c| matches!(c, '…' | '.' | '。' | '·' | '-' | '—' | '*' | ' '));
    let chars = s.chars().count();
    !elision && chars <= 25 && !has_inner_punct(s) && !s.ends_with(ends_sentence)
}

/// Joins a heading broken across lines: a line not ending a sentence, and a short next line
/// that is not numbered and is a fragment (no punctuation inside, unless the first line was
/// broken mid-sentence).
pub fn join_broken(lines: Vec<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut open = false; // the last line may continue
    for line in lines {
        if open && let Some(prev) = out.last_mut() {
            // 核对机制 after （一）健全…经济状况 is the rest of a heading; 各单位要高度重视。 after
            // （一）加强组织领导 is the first sentence under it; 年内完成。 after …，确保 ends a
            // sentence broken in the middle.
            let fragment = (!has_inner_punct(line) && !line.ends_with(['。', '！', '？']))
                || has_inner_punct(prev);
            if line.chars().count() <= 20
                && fragment
                && !line.ends_with(['：', ':'])
                && marker::at_start(line).is_none()
                && !is_date(line)
                && !STOP_PREFIXES.iter().any(|p| line.starts_with(p))
                && prev.chars().count() + line.chars().count() <= 60
            {
                prev.push_str(line);
                open = false;
                continue;
            }
        }
        open = !line.ends_with(ends_sentence) && line.chars().count() <= 40;
        out.push(line.to_string());
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
        let joined = |t: &str| join_broken(t.lines().collect());
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
        ] {
            assert!(is_stop(stop), "{stop}");
        }
        assert!(ends_page("上一篇：我市召开秋季农业生产现场会"));
        assert!(ends_page("【打印本页】【关闭窗口】"));
        for not in [
            "…………",
            "检查覆盖全部在建工地。",
            "理顺市、区、街道三级城管职责，推动管理重心下移。",
        ] {
            assert!(!is_stop(not), "{not}");
        }
    }
}
