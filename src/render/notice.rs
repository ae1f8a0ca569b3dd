//! The 督办通知单 (issue 17 §3) as the office sends it to one unit: the model every format is
//! written from, and its markdown and html. The docx is `render::docx::notice`. Its words are
//! Chinese whatever `--lang`: it is the office's document, as the 通报 is.

use chrono::NaiveDate;

use super::formats::{html_escape, md_cell};
use crate::model::{Health, NoticeRef, Status, TaskId, chinese_date, prose_date, ymd};

/// One task a notice lists.
#[derive(Debug, Clone)]
pub struct NoticeLine {
    pub id: TaskId,
    pub title: String,
    pub deadline: Option<NaiveDate>,
    pub status: Status,
    pub progress: u8,
    /// As `list` and the report judge it on the day of issue (config `due_soon_days`).
    pub health: Option<Health>,
    /// For a task led: its supporting units; for a task supported: its lead.
    pub others: Vec<String>,
    /// Days overdue (health overdue) or left (due soon), counted from the day of issue.
    pub days: i64,
}

/// One unit's notice.
#[derive(Debug, Clone)]
pub struct NoticeDoc {
    pub notice: NoticeRef,
    pub unit: String,
    /// The issuing office (config `office`).
    pub office: String,
    /// The day of issue, written in Chinese numerals at the bottom.
    pub date: NaiveDate,
    /// Open tasks the unit leads, in id order.
    pub lead: Vec<NoticeLine>,
    /// Open tasks it supports, in id order.
    pub support: Vec<NoticeLine>,
}

/// The two parts of a notice: heading, the column naming the other units, and the lines.
pub fn parts(d: &NoticeDoc) -> [(String, &'static str, &[NoticeLine]); 2] {
    [
        (
            format!("一、牵头事项（{}项）", d.lead.len()),
            "配合单位",
            &d.lead,
        ),
        (
            format!("二、配合事项（{}项）", d.support.len()),
            "牵头单位",
            &d.support,
        ),
    ]
}

/// The table's columns, the other units' column named by the part.
pub fn columns(others: &'static str) -> [&'static str; 7] {
    [
        "序号",
        "督办事项",
        others,
        "完成时限",
        "状态",
        "进度",
        "提示",
    ]
}

/// A line's cells, in `columns` order; text as stored (each writer escapes it).
pub fn cells(l: &NoticeLine) -> [String; 7] {
    [
        l.id.to_string(),
        l.title.clone(),
        l.others.join("、"),
        l.deadline.map(ymd).unwrap_or_else(|| "未定".into()),
        l.status.label(crate::model::Lang::Zh).to_string(),
        format!("{}%", l.progress),
        mark(l),
    ]
}

/// `已逾期3天`, `临期，5天后到期`, `今日到期`, or empty for a task on track.
pub fn mark(l: &NoticeLine) -> String {
    match l.health {
        Some(Health::Overdue) => format!("已逾期{}天", l.days),
        Some(Health::DueSoon) if l.days == 0 => "临期，今日到期".into(),
        Some(Health::DueSoon) => format!("临期，{}天后到期", l.days),
        _ => String::new(),
    }
}

/// The opening sentence under the addressee: each kind of task the unit has, with its own
/// overdue and due-soon ones in brackets, so that no count can be read as the other kind's
/// (issue 17g, finding 7): `你单位牵头的督办事项尚有17项未办结（其中已逾期4项），配合的尚有16项未办结`.
pub fn opening(d: &NoticeDoc) -> String {
    let clause = |lines: &[NoticeLine]| {
        let count = |h: Health| lines.iter().filter(|l| l.health == Some(h)).count();
        let (overdue, soon) = (count(Health::Overdue), count(Health::DueSoon));
        let mut parts = Vec::new();
        if overdue > 0 {
            parts.push(format!("已逾期{overdue}项"));
        }
        if soon > 0 {
            parts.push(format!("临近完成时限{soon}项"));
        }
        let marks = if parts.is_empty() {
            String::new()
        } else {
            format!("（其中{}）", parts.join("、"))
        };
        format!("尚有{}项未办结{marks}", lines.len())
    };
    // A clause for each kind of task the unit has; a kind it has none of is left out (a
    // notice goes only to a unit with at least one).
    let mut s = format!("截至{}，你单位", prose_date(d.date));
    match (d.lead.len(), d.support.len()) {
        (_, 0) => s.push_str(&format!("牵头的督办事项{}", clause(&d.lead))),
        (0, _) => s.push_str(&format!("配合的督办事项{}", clause(&d.support))),
        _ => s.push_str(&format!(
            "牵头的督办事项{}，配合的{}",
            clause(&d.lead),
            clause(&d.support)
        )),
    }
    s.push_str("。现将有关事项通知如下，请抓紧推进。");
    s
}

/// The reply-by sentence; its request about overdue tasks only when the notice lists one.
pub fn reply_sentence(d: &NoticeDoc) -> String {
    let overdue = d
        .lead
        .iter()
        .chain(&d.support)
        .any(|l| l.health == Some(Health::Overdue));
    format!(
        "请于{}前将上述事项的办理进展书面反馈{}{}",
        d.notice.reply_by_zh(),
        d.office,
        if overdue {
            "；已逾期的事项，请一并说明原因及下步措施。"
        } else {
            "。"
        }
    )
}

/// The notice as GitHub-flavoured markdown.
pub fn markdown(d: &NoticeDoc) -> String {
    let mut out = String::new();
    out.push_str("# 督办通知单\n\n");
    out.push_str(&format!("{}\n\n", d.notice.serial()));
    out.push_str(&format!("{}：\n\n", md_cell(&d.unit)));
    out.push_str(&format!("{}\n\n", opening(d)));
    for (heading, others, lines) in parts(d) {
        out.push_str(&format!("## {heading}\n\n"));
        if lines.is_empty() {
            out.push_str("无。\n\n");
            continue;
        }
        let cols = columns(others);
        out.push_str(&format!("| {} |\n", cols.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(cols.len())));
        for l in lines {
            let cells: Vec<String> = cells(l).iter().map(|c| md_cell(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out.push('\n');
    }
    out.push_str(&format!("{}\n\n", reply_sentence(d)));
    out.push_str(&format!(
        "{}  \n{}\n",
        md_cell(&d.office),
        chinese_date(d.date)
    ));
    out
}

/// The notice as one self-contained html page (inline CSS, A4 print styles, nothing fetched).
pub fn html(d: &NoticeDoc) -> String {
    let e = html_escape;
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>督办通知单 {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        e(&d.notice.serial())
    ));
    out.push_str("<h1>督办通知单</h1>\n");
    out.push_str(&format!(
        "<p class=\"serial\">{}</p>\n",
        e(&d.notice.serial())
    ));
    out.push_str(&format!("<p class=\"to\">{}：</p>\n", e(&d.unit)));
    out.push_str(&format!("<p>{}</p>\n", e(&opening(d))));
    for (heading, others, lines) in parts(d) {
        out.push_str(&format!("<h2>{}</h2>\n", e(&heading)));
        if lines.is_empty() {
            out.push_str("<p>无。</p>\n");
            continue;
        }
        out.push_str("<table>\n<thead><tr>");
        for c in columns(others) {
            out.push_str(&format!("<th>{c}</th>"));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for l in lines {
            let class = match l.health {
                Some(Health::Overdue) => " class=\"overdue\"",
                Some(Health::DueSoon) => " class=\"soon\"",
                _ => "",
            };
            out.push_str(&format!("<tr{class}>"));
            for c in cells(l) {
                out.push_str(&format!("<td>{}</td>", e(&c)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str(&format!("<p>{}</p>\n", e(&reply_sentence(d))));
    out.push_str(&format!(
        "<p class=\"sign\">{}<br>{}</p>\n</body>\n</html>\n",
        e(&d.office),
        e(&chinese_date(d.date))
    ));
    out
}

const CSS: &str = "
body { font-family: 'FangSong', '仿宋_GB2312', '仿宋', serif; font-size: 16pt; max-width: 156mm; margin: 2em auto; line-height: 1.8; }
h1 { font-family: '方正小标宋简体', 'SimSun', serif; font-size: 22pt; text-align: center; font-weight: normal; margin-bottom: 0; }
h2 { font-family: '黑体', 'SimHei', sans-serif; font-size: 16pt; font-weight: normal; }
p { text-indent: 2em; margin: 0; }
p.serial, p.sign { text-align: right; text-indent: 0; }
p.to { text-indent: 0; }
table { border-collapse: collapse; width: 100%; font-size: 10.5pt; line-height: 1.4; }
th, td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; }
tr.overdue td:last-child { color: #b00; font-weight: bold; }
tr.soon td:last-child { color: #a60; }
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
";
