//! The weekly 通报 as a Word document: 版头 (issuing office, 第N期, date), the title, the opening
//! sentences, sections 一 to 五, the signature, and the progress table as an attachment on
//! landscape pages (a section break before it).

use chrono::NaiveDate;
use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

use super::{STYLE_BODY, STYLE_H1, STYLE_H2, STYLE_TABLE, STYLE_TITLE, para};
use crate::model::{Lang, chinese_date};
use crate::render::report::week_lines;
use crate::render::safe;
use crate::report::{Counts, Due, Report, Row};

/// A unit leading open tasks with no report on them in the period (issue 17 §1), as section
/// 五 lists it.
#[derive(Debug, Clone)]
pub struct Unreported {
    pub unit: String,
    /// (task id, title, days since it was last reported on).
    pub tasks: Vec<(String, String, i64)>,
}

/// What the 通报 says beyond the report's figures.
pub struct Tongbao<'a> {
    pub report: &'a Report,
    /// `report::summary_text`, the same words as the json's `summary_text`.
    pub summary: &'a str,
    /// The issuing office (config `office`).
    pub office: &'a str,
    /// 第N期.
    pub issue: u32,
    /// The date it is issued (today), written in Chinese numerals.
    pub date: NaiveDate,
    /// Section 五; `None` where the ledger cannot tell yet (said so in the section).
    pub unreported: Option<Vec<Unreported>>,
}

/// The 通报's bytes (.docx). Its words are Chinese whatever `--lang`: it is the office's
/// document. Errors: only a failure to pack the zip.
pub fn tongbao(t: &Tongbao<'_>) -> anyhow::Result<Vec<u8>> {
    let r = t.report;
    let mut body = super::portrait_section();
    let mut add = |p: Paragraph| body = std::mem::take(&mut body).add_paragraph(p);
    // 版头: the name of the bulletin, its number, the office and the date.
    add(para(STYLE_TITLE, "督办工作通报"));
    add(para(STYLE_BODY, &format!("第{}期", t.issue))
        .align(AlignmentType::Center)
        .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None));
    add(para(
        STYLE_BODY,
        &format!("{}　　　　{}", safe(t.office, false), chinese_date(t.date)),
    )
    .align(AlignmentType::Center)
    .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None));
    add(para(STYLE_BODY, "").indent(None, Some(SpecialIndentType::FirstLine(0)), None, None));
    add(para(STYLE_TITLE, &title(&period_name(r))));
    add(para(STYLE_BODY, ""));
    add(para(STYLE_BODY, t.summary));

    add(para(STYLE_H1, "一、总体进展"));
    add(para(
        STYLE_BODY,
        &counts_sentence("截至", &r.total.counts, r),
    ));
    for (k, s) in r.summary.iter().enumerate() {
        add(para(
            STYLE_H2,
            &format!("（{}）{}", ordinal(k + 1), safe(&s.headline, false)),
        ));
        add(para(STYLE_BODY, &counts_sentence("", &s.counts, r)));
    }
    if r.left_out.summary > 0 {
        add(para(
            STYLE_BODY,
            &format!("另有{}条建议未列出。", r.left_out.summary),
        ));
    }

    add(para(STYLE_H1, "二、本周进展"));
    let news: Vec<&Row> = r
        .rows
        .iter()
        .filter(|row| !row.this_week.is_empty())
        .collect();
    if news.is_empty() {
        add(para(STYLE_BODY, "本期各事项无新进展记录。"));
    }
    for row in news {
        add(para(
            STYLE_BODY,
            &format!(
                "{} {}（{}）：{}",
                row.id,
                safe(&row.title, false),
                lead_of(&row.lead),
                week_lines(&row.this_week, Lang::Zh).join("；")
            ),
        ));
    }

    add(para(STYLE_H1, "三、逾期及滞后事项"));
    if r.overdue.is_empty() {
        add(para(STYLE_BODY, "无逾期事项。"));
    }
    for d in &r.overdue {
        add(para(STYLE_BODY, &due_sentence(d, "已逾期")));
    }
    if r.left_out.overdue > 0 {
        add(para(
            STYLE_BODY,
            &format!("另有{}项逾期事项未列出。", r.left_out.overdue),
        ));
    }
    let blocked: Vec<&Row> = r
        .rows
        .iter()
        .filter(|row| row.status == crate::model::Status::Blocked)
        .collect();
    for row in blocked {
        add(para(
            STYLE_BODY,
            &format!(
                "{} {}，牵头单位{}，推进受阻，当前进度{}%。",
                row.id,
                safe(&row.title, false),
                lead_of(&row.lead),
                row.progress
            ),
        ));
    }

    add(para(STYLE_H1, "四、下周到期事项"));
    if r.upcoming.is_empty() {
        add(para(
            STYLE_BODY,
            &format!("未来{}天内无到期事项。", r.due_soon_days),
        ));
    }
    for d in &r.upcoming {
        add(para(STYLE_BODY, &due_sentence(d, "距完成时限")));
    }
    if r.left_out.upcoming > 0 {
        add(para(
            STYLE_BODY,
            &format!("另有{}项到期事项未列出。", r.left_out.upcoming),
        ));
    }

    add(para(STYLE_H1, "五、未按时反馈单位"));
    match &t.unreported {
        None => add(para(STYLE_BODY, "本期未统计各单位反馈情况。")),
        Some(list) if list.is_empty() => add(para(STYLE_BODY, "各单位均已按时反馈。")),
        Some(list) => {
            for u in list {
                let tasks: Vec<String> = u
                    .tasks
                    .iter()
                    .map(|(id, title, days)| {
                        format!("{id} {}（{days}天未反馈）", safe(title, false))
                    })
                    .collect();
                add(para(
                    STYLE_BODY,
                    &format!("{}：{}。", safe(&u.unit, false), tasks.join("；")),
                ));
            }
        }
    }

    add(para(STYLE_BODY, ""));
    add(para(STYLE_BODY, "附件：督办事项进展情况表"));
    add(para(STYLE_BODY, ""));
    add(para(STYLE_BODY, &safe(t.office, false))
        .align(AlignmentType::Right)
        .indent(None, None, Some(super::INDENT_2_CHARS * 2), None));
    add(para(STYLE_BODY, &chinese_date(t.date))
        .align(AlignmentType::Right)
        .indent(None, None, Some(super::INDENT_2_CHARS * 2), None));

    // The attachment: its own section, landscape, after a section break.
    let mut doc: Docx = super::document().add_section(body);
    doc = super::landscape(doc)
        .add_paragraph(
            Paragraph::new()
                .style(STYLE_H1)
                .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                .add_run(Run::new().add_text("附件")),
        )
        .add_paragraph(para(STYLE_TITLE, "督办事项进展情况表"))
        .add_table(progress_table(r));
    if r.left_out.rows > 0 {
        doc = doc.add_paragraph(para(
            STYLE_TABLE,
            &format!("另有{}项未列入本表。", r.left_out.rows),
        ));
    }
    super::pack(doc)
}

/// Column headers and widths (twips; together the 225 mm of the landscape text block).
const COLUMNS: [(&str, usize); 8] = [
    ("序号", 700),
    ("工作任务", 2800),
    ("牵头单位", 1500),
    ("配合单位", 1500),
    ("完成时限", 1600),
    ("状态", 1000),
    ("进度", 900),
    ("本周进展", 2700),
];

fn progress_table(r: &Report) -> Table {
    let cell = |text: &str, w: usize| {
        TableCell::new()
            .width(w, WidthType::Dxa)
            .add_paragraph(para(STYLE_TABLE, text))
    };
    let header = TableRow::new(
        COLUMNS
            .iter()
            .map(|(h, w)| {
                TableCell::new().width(*w, WidthType::Dxa).add_paragraph(
                    Paragraph::new()
                        .style(STYLE_TABLE)
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text(*h).bold()),
                )
            })
            .collect(),
    );
    let mut rows = vec![header];
    for row in &r.rows {
        let support: Vec<String> = row.support.iter().map(|u| safe(u, false)).collect();
        let cells = [
            row.id.to_string(),
            safe(&row.title, false),
            lead_of(&row.lead),
            support.join("、"),
            row.deadline.clone().unwrap_or_else(|| "—".into()),
            row.status.label(Lang::Zh).to_string(),
            format!("{}%", row.progress),
            week_lines(&row.this_week, Lang::Zh).join("\n"),
        ];
        rows.push(TableRow::new(
            cells
                .iter()
                .zip(COLUMNS)
                .map(|(c, (_, w))| cell(c, w))
                .collect(),
        ));
    }
    // Fixed: the widths hold whatever the cells say, so a date or 进行中 never wraps.
    Table::new(rows)
        .layout(docx_rs::TableLayoutType::Fixed)
        .set_grid(COLUMNS.iter().map(|c| c.1).collect())
}

/// 2026年第48周 for an ISO week, else 2026-11-01至2026-11-29.
fn period_name(r: &Report) -> String {
    use chrono::Datelike;
    match r.week {
        Some(_) => {
            let w = r.period.from.iso_week();
            format!("{}年第{}周", w.year(), w.week())
        }
        None => format!("{}至{}", r.period.from, r.period.to),
    }
}

fn counts_sentence(lead_in: &str, c: &Counts, r: &Report) -> String {
    let when = if lead_in.is_empty() {
        String::new()
    } else {
        format!("{lead_in}{}，", chinese_date(r.as_of))
    };
    format!(
        "{when}共{}项，已办结{}项，进行中{}项，受阻{}项，未开始{}项，已取消{}项；逾期{}项；办结率{:.1}%，平均进度{:.1}%。",
        c.tasks,
        c.done,
        c.in_progress,
        c.blocked,
        c.not_started,
        c.cancelled,
        c.overdue,
        c.percent_done,
        c.percent_progress
    )
}

fn due_sentence(d: &Due, how: &str) -> String {
    format!(
        "{} {}，牵头单位{}，完成时限{}，{how}{}天，当前进度{}%（{}）。",
        d.id,
        safe(&d.title, false),
        lead_of(&d.lead),
        d.deadline,
        d.days,
        d.progress,
        d.status.label(Lang::Zh)
    )
}

fn lead_of(lead: &Option<String>) -> String {
    lead.as_deref()
        .map(|l| safe(l, false))
        .unwrap_or_else(|| "未明确".into())
}

/// 一, 二 … 九十九 for the second-level headings (（一）); past that, the number itself.
fn ordinal(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].into(),
        10..=99 => format!(
            "{}十{}",
            if n / 10 == 1 { "" } else { D[n / 10] },
            D[n % 10]
        ),
        _ => n.to_string(),
    }
}

/// The title, in two lines where one would not fit: GB/T 9704-2012 §7.3.3 wants a title that
/// wraps to break between words, its lines in a trapezoid, never one character alone. A line
/// of the type area (156 mm) holds 20 characters of 2号 (22 pt), fewer where digits are set in
/// a font wider than half a character: past 16, two lines.
fn title(period: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let one = format!("关于{period}督办事项进展情况的通报");
    if one.width() <= 2 * 16 {
        one
    } else {
        format!("关于{period}督办事项\n进展情况的通报")
    }
}
