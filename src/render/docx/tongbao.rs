//! The weekly 通报 as a Word document: 版头 (issuing office, 第N期, date), the title, the opening
//! sentences, sections 一 to 五, the signature, and the progress table as an attachment on
//! landscape pages (a section break before it).

use chrono::{Datelike, NaiveDate};
use docx_rs::{AlignmentType, Docx, Paragraph, Run, SpecialIndentType};

use super::{STYLE_BODY, STYLE_H1, STYLE_H2, STYLE_TABLE, STYLE_TITLE, line, para, prose};
use crate::model::{Lang, chinese_date, prose_date, prose_day};
use crate::render::Medium;
use crate::render::news::{notices_summary, week_text};
use crate::report::{Counts, Due, PaceCounts, Report, Row};

/// A unit leading open tasks with no report on them in the period (issue 17 §1), as section
/// 五 lists it.
#[derive(Debug, Clone)]
pub struct Unreported {
    pub unit: String,
    /// (task id, title, days since it was last reported on).
    pub tasks: Vec<(String, String, i64)>,
    /// 督办通知单 sent to it (issue 17 §3): in the period, and up to its end.
    pub notices: (u32, u32),
}

/// What the 通报 says beyond the report's figures.
pub struct Tongbao<'a> {
    pub report: &'a Report,
    /// `report::summary_text`, the same words as the json's `summary_text`.
    pub summary: &'a str,
    /// The issuing office (config `office`).
    pub office: &'a str,
    /// 第N期, or a draft.
    pub issue: Issue,
    /// The date it is issued (today), written in Chinese numerals.
    pub date: NaiveDate,
    /// Section 五; `None` where the ledger cannot tell yet (said so in the section).
    pub unreported: Option<Vec<Unreported>>,
    /// The lead of every overdue task, earliest deadline first (`report.overdue`'s first,
    /// then those the limit left out), `None` for a task without one: section 三 counts the
    /// overdue tasks it does not name by these units.
    pub overdue_leads: &'a [Option<&'a str>],
    /// The most items each of sections 一 (recommendations), 二 (tasks; the notices sent are
    /// one sentence naming at most this many units), 三 (overdue, then lagging or blocked, in
    /// all), 四 and 五 (tasks, unit by unit) names (config `tongbao_items`, default
    /// [`BODY_ITEMS`]); the rest are counted in one sentence.
    pub body_cap: usize,
    /// Unreported tasks the report's limit left out of `unreported` (counted in 五).
    pub unreported_left_out: usize,
}

/// The most items a section of the 通报's body names by default. A 通报 is read by a leader in
/// two to four pages (22 lines each, GB/T 9704-2012 §5.2.2): three sections of ten items of
/// two or three lines each fill about that; the rest are counted, by lead unit where they are
/// overdue, and listed in the attachment.
pub const BODY_ITEMS: u32 = 10;

/// How many lead units the count of unnamed overdue items names before 其余N个单位.
const COUNTED_UNITS: usize = 5;

/// The number line of the 版头.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issue {
    /// Issued as 第N期.
    Issued(u32),
    /// A draft (草稿) that took no number: `Some(n)` is the number the week's 通报 will get
    /// (a draft of the whole ledger for a week), `None` for a document never issued (one
    /// unit's or recommendation's part, a custom period).
    Draft(Option<u32>),
}

impl Issue {
    /// `第12期`, `第12期（草稿）`, or `草稿`.
    pub fn line(self) -> String {
        match self {
            Issue::Issued(n) => format!("第{n}期"),
            Issue::Draft(Some(n)) => format!("第{n}期（草稿）"),
            Issue::Draft(None) => "草稿".to_string(),
        }
    }
}

/// The 通报's bytes (.docx). Its words are Chinese whatever `--lang`: it is the office's
/// document. Errors: only a failure to pack the zip.
pub fn tongbao(t: &Tongbao<'_>) -> anyhow::Result<Vec<u8>> {
    let r = t.report;
    let mut body: Vec<Paragraph> = Vec::with_capacity(64);
    let mut add = |p: Paragraph| body.push(p);
    // 版头: the name of the bulletin, its number, the office and the date.
    add(para(STYLE_TITLE, "督办工作通报"));
    add(para(STYLE_BODY, &t.issue.line())
        .align(AlignmentType::Center)
        .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None));
    // The office and the date each on a line of its own: a long office name wraps within its
    // line and never pushes the date apart (二〇二六年十一月 / 三十日).
    for text in [line(t.office), chinese_date(t.date)] {
        add(para(STYLE_BODY, &text).align(AlignmentType::Center).indent(
            None,
            Some(SpecialIndentType::FirstLine(0)),
            None,
            None,
        ));
    }
    add(para(STYLE_BODY, "").indent(None, Some(SpecialIndentType::FirstLine(0)), None, None));
    add(para(STYLE_TITLE, &title(&period_name(r))));
    // Part of the ledger: the title's last line and the opening say which part.
    let scope = crate::render::report::scope_phrase(&r.scope, Lang::Zh, Medium::Document);
    if let Some(p) = &scope {
        add(para(STYLE_TITLE, p));
    }
    add(para(STYLE_BODY, ""));
    if let Some(p) = &scope {
        let inner = p.trim_start_matches('（').trim_end_matches('）');
        add(para(STYLE_BODY, &format!("本通报范围：{inner}。")));
    }
    add(para(STYLE_BODY, t.summary));

    add(para(STYLE_H1, "一、总体进展"));
    add(para(
        STYLE_BODY,
        &counts_sentence("截至", &r.total.counts, r),
    ));
    add(para(STYLE_BODY, &pace_sentence(&r.total.pace)));
    // Recommendations too: at most the cap, those furthest behind first (most overdue, then
    // least done: `report::worst_first`), so a leader reads the worst before the cut.
    let cap = t.body_cap.max(1);
    for (k, s) in crate::report::worst_first(&r.summary)
        .into_iter()
        .take(cap)
        .enumerate()
    {
        // Ordered by need, so the heading names the recommendation's own number too (issue
        // 17, finding 10: a leader reads （一） as recommendation 1).
        let number = s
            .recommendation
            .map(|n| format!("建议{n}："))
            .unwrap_or_default();
        add(para(
            STYLE_H2,
            &format!("（{}）{number}{}", ordinal(k + 1), line(&s.headline)),
        ));
        add(para(
            STYLE_BODY,
            &format!(
                "{}{}",
                counts_sentence("", &s.counts, r),
                pace_sentence(&s.pace)
            ),
        ));
    }
    let more_recs = r.summary.len().saturating_sub(cap) + r.left_out.summary;
    if more_recs > 0 {
        add(para(STYLE_BODY, &format!("另有{more_recs}条建议未列出。")));
    }

    add(para(
        STYLE_H1,
        if r.week.is_some() {
            "二、本周进展"
        } else {
            "二、本期进展"
        },
    ));
    // The tasks with news the 通报 names: the most urgent first (overdue, then blocked or red
    // pace), ties in id order, picked from every task whatever `--limit` cuts of the
    // attachment (`Report::news`; issue 17i, finding 4).
    let news: &[Row] = &r.news;
    // The week a plan was seeded or a report imported says so (本周新增督办事项N项), never
    // that nothing moved.
    let added = crate::render::news::added_sentence(&r.added, r.week.is_some(), Lang::Zh);
    if let Some(a) = &added {
        add(para(STYLE_BODY, &format!("{a}。")));
    }
    if r.news_count == 0 && r.notices.is_empty() && r.renames.is_empty() && added.is_none() {
        add(para(STYLE_BODY, "本期各事项无新进展记录。"));
    }
    let named = news.len().min(cap);
    let more_news = r.news_count.saturating_sub(named);
    // One paragraph per task, its changes joined with `；` in date order (a note written in
    // several lines keeps its lines: breaks inside the paragraph).
    for row in news.iter().take(cap) {
        add(para(
            STYLE_BODY,
            &format!(
                "{} {}（{}）：{}",
                row.id,
                line(&row.title),
                lead_of(&row.lead),
                // Each line dated as prose before they follow the colon (11月24日 进度由…).
                prose::dates(&week_text(&row.this_week, Lang::Zh, Medium::Document, true))
            ),
        ));
    }

    if more_news > 0 {
        // "另有" only after a task named; a cut that named none says how many had news.
        let other = if named > 0 { "另有" } else { "本期" };
        add(para(
            STYLE_BODY,
            &format!("{other}{more_news}项有新进展{}。", see_attachment(r)),
        ));
    }
    // Each unit renamed, once, after the tasks' news (not as news of each task).
    for n in &r.renames {
        let said = crate::render::news::rename_sentence(n, cap, Lang::Zh, Medium::Document, true);
        add(para(STYLE_BODY, &format!("{said}。")));
    }
    // The notices sent, however many, in one sentence after the tasks' news.
    if !r.notices.is_empty() {
        let sent = notices_summary(
            &r.notices,
            cap,
            r.week.is_some(),
            Lang::Zh,
            Medium::Document,
        );
        add(para(STYLE_BODY, &format!("{sent}。")));
    }

    // 三: the overdue tasks, then those behind pace beyond `pace_red` or blocked (滞后), each
    // task once (an overdue blocked task is an overdue one); each list at most the cap.
    add(para(STYLE_H1, "三、逾期及滞后事项"));
    // (A list the limit cut is never empty: it keeps the first `limit`.)
    if r.overdue.is_empty() && r.lagging.is_empty() {
        add(para(STYLE_BODY, "无逾期及滞后事项。"));
    } else if r.overdue.is_empty() {
        add(para(STYLE_BODY, "无逾期事项。"));
    }
    let listed = r.overdue.len().min(cap);
    for d in &r.overdue[..listed] {
        add(para(STYLE_BODY, &due_sentence(d, "已逾期")));
    }
    let more_overdue = r.overdue.len() + r.left_out.overdue - listed;
    if more_overdue > 0 {
        let rest = t.overdue_leads.get(listed..).unwrap_or_default();
        add(para(
            STYLE_BODY,
            &format!(
                "另有{more_overdue}项逾期事项{}{}。",
                by_unit(rest),
                see_attachment(r)
            ),
        ));
    }
    // The cap holds for the section as a whole: the lagging tasks get the room the overdue
    // ones leave.
    let listed = r.lagging.len().min(cap - listed);
    for d in &r.lagging[..listed] {
        add(para(STYLE_BODY, &lagging_sentence(d)));
    }
    let more_lagging = r.lagging.len() + r.left_out.lagging - listed;
    if more_lagging > 0 {
        add(para(
            STYLE_BODY,
            &format!("另有{more_lagging}项滞后或受阻事项{}。", see_attachment(r)),
        ));
    }

    // 四: what became of the period's own deadlines (本周到期, done or not), then the open
    // tasks due in the week after the period; each part headed with its window, so that
    // heading and list agree. The cap holds for the section as a whole.
    let after = crate::model::ymd(r.period.to);
    let next_end = crate::model::ymd(r.period.to + chrono::Days::new(7));
    let due: Vec<&Due> = (r.upcoming.iter())
        .filter(|d| d.deadline > after && d.deadline <= next_end)
        .collect();
    let in_period = !r.due_in_period.is_empty();
    add(para(STYLE_H1, &due_heading(r, in_period)));
    let mut room = cap;
    if in_period {
        add(para(STYLE_H2, &format!("（一）{}", due_window(r, true))));
        let more = r.left_out.due_in_period;
        add(para(
            STYLE_BODY,
            &crate::render::deadlines::tally_sentence(&r.due_in_period, more, r.week.is_some()),
        ));
        let listed = r.due_in_period.len().min(room);
        for d in &r.due_in_period[..listed] {
            let sentence = crate::render::deadlines::due_sentence(
                d,
                &line(&d.due.title),
                &lead_of(&d.due.lead),
            );
            add(para(STYLE_BODY, &sentence));
        }
        room -= listed;
        let rest = r.due_in_period.len() + more - listed;
        if rest > 0 {
            let when = if r.week.is_some() { "本周" } else { "本期" };
            add(para(
                STYLE_BODY,
                &format!("另有{rest}项{when}到期事项{}。", see_attachment(r)),
            ));
        }
        add(para(STYLE_H2, &format!("（二）{}", due_window(r, false))));
    }
    if due.is_empty() && r.due_next == 0 {
        add(para(
            STYLE_BODY,
            match (in_period, r.week.is_some()) {
                (false, _) => "无到期事项。",
                (true, true) => "无下周到期事项。",
                (true, false) => "无近期到期事项。",
            },
        ));
    }
    // Each part names at least its own first task, whatever (一) took of the cap, so that
    // (二) never reads 另有N项 after naming none (issue 17i, finding 4).
    let listed = due.len().min(room.max(1));
    for d in &due[..listed] {
        add(para(STYLE_BODY, &due_sentence(d, "距完成时限")));
    }
    let more_upcoming = r.due_next.max(due.len()) - listed;
    if more_upcoming > 0 {
        let other = if listed > 0 { "另有" } else { "共有" };
        add(para(
            STYLE_BODY,
            &format!("{other}{more_upcoming}项即将到期{}。", see_attachment(r)),
        ));
    }

    add(para(STYLE_H1, "五、未按时反馈单位"));
    match &t.unreported {
        None => add(para(STYLE_BODY, "本期未统计各单位反馈情况。")),
        Some(list) if list.is_empty() => add(para(
            STYLE_BODY,
            crate::render::followup::reporting_sentence(r.reporting, Lang::Zh, true)
                .unwrap_or("各单位均已按时反馈。"),
        )),
        Some(list) => {
            // The silent units with their counts first (issue 17g, finding 3; at most the cap
            // named, 17j #7), then at most the
            // cap of tasks named, unit by unit; a unit named in part says its whole count
            // (`…等M项`), the units not reached are counted once more at the end.
            if let Some(all) = crate::render::followup::silent_units_sentence(
                &r.unreported_units,
                Lang::Zh,
                Medium::Document,
                Some(cap),
            ) {
                add(para(STYLE_BODY, &all));
            }
            let sizes: Vec<usize> = list.iter().map(|u| u.tasks.len()).collect();
            let cut = crate::report::cut::cut_unreported(&sizes, cap, t.unreported_left_out);
            for (u, &named) in list.iter().zip(&cut.named) {
                let tasks: Vec<String> = u.tasks[..named]
                    .iter()
                    .map(|(id, title, days)| format!("{id} {}（{days}天未反馈）", line(title)))
                    .collect();
                let more = if named < u.tasks.len() {
                    format!("等{}项", u.tasks.len())
                } else {
                    String::new()
                };
                let sent = match u.notices {
                    (0, 0) => String::new(),
                    (0, all) => format!("累计已发督办通知单{all}份。"),
                    (n, all) if n == all => format!("已发督办通知单{n}份。"),
                    (n, all) => format!("已发督办通知单{n}份（累计{all}份）。"),
                };
                add(para(
                    STYLE_BODY,
                    &format!("{}：{}{more}。{sent}", line(&u.unit), tasks.join("；")),
                ));
            }
            if cut.rest_tasks > 0 {
                let units = match cut.rest_units.len() {
                    0 => "另有".to_string(),
                    k => format!("其余{k}个单位的"),
                };
                add(para(
                    STYLE_BODY,
                    &format!(
                        "{units}{}项不再逐项列出{}。",
                        cut.rest_tasks,
                        see_attachment(r)
                    ),
                ));
            }
        }
    }

    // The signature keeps with the text (GB/T 9704-2012 §7.3.5: the 成文日期 never stands
    // alone on a page): the last paragraph of 五, the 附件 line between and the office line
    // each keep with the next, so a page break falls before them, never before the signature.
    if let Some(last) = body.pop() {
        body.push(last.keep_next(true));
    }
    let mut add = |p: Paragraph| body.push(p.keep_next(true));
    add(para(STYLE_BODY, ""));
    add(para(STYLE_BODY, "附件：督办事项进展情况表"));
    let [blank, office, date] = super::signature(t.office, t.date);
    body.push(blank);
    body.push(office);
    // The date ends the body and its portrait section; the attachment starts a new page.
    body.push(date.section_property(super::body_end()));

    let mut doc: Docx = super::document();
    for p in body {
        doc = doc.add_paragraph(p);
    }
    // The attachment: the document's last section, landscape.
    doc = doc
        .add_paragraph(
            Paragraph::new()
                .style(STYLE_H1)
                .keep_next(true)
                .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                .add_run(Run::new().add_text("附件")),
        )
        .add_paragraph(para(STYLE_TITLE, "督办事项进展情况表"))
        // The legend before the table it explains, kept with it: under the table it fell
        // alone on a last page where the table ended flush with a page (issue 17i, finding
        // 10; LibreOffice ignores keepNext in a table's last row).
        .add_paragraph(para(STYLE_TABLE, &super::attachment::legend(r)).keep_next(true))
        .add_table(super::attachment::progress_table(r));
    if r.left_out.rows > 0 {
        doc = doc.add_paragraph(
            para(
                STYLE_TABLE,
                &format!("另有{}项未列入本表。", r.left_out.rows),
            )
            .keep_next(true),
        );
    }
    super::pack(doc)
}

/// `，详见附件` where the attachment lists every task (no `--limit` cut); else nothing, since
/// the tasks a section does not name may be among those the attachment leaves out too.
fn see_attachment(r: &Report) -> &'static str {
    if r.left_out.rows == 0 {
        "，详见附件"
    } else {
        ""
    }
}

/// The unnamed overdue tasks counted by their lead, the units with most first:
/// `，其中组织科12项、宣传科9项，其余3个单位共5项，2项未明确牵头单位`, or `，均由组织科牵头`
/// where one unit leads them all; empty for none.
fn by_unit(leads: &[Option<&str>]) -> String {
    let counts = crate::report::count_by_lead(leads);
    let led: Vec<(&str, usize)> = counts
        .iter()
        .filter_map(|(u, n)| u.map(|u| (u, *n)))
        .collect();
    let unled: usize = counts
        .iter()
        .filter(|(u, _)| u.is_none())
        .map(|c| c.1)
        .sum();
    let mut s = String::new();
    if let [(unit, n)] = led[..] {
        s.push_str(&format!(
            "，{}{}牵头",
            if n == 1 { "由" } else { "均由" },
            line(unit)
        ));
    } else if !led.is_empty() {
        let named: Vec<String> = led
            .iter()
            .take(COUNTED_UNITS)
            .map(|(u, n)| format!("{}{n}项", line(u)))
            .collect();
        s.push_str(&format!("，其中{}", named.join("、")));
        if led.len() > COUNTED_UNITS {
            let others: usize = led[COUNTED_UNITS..].iter().map(|c| c.1).sum();
            s.push_str(&format!(
                "，其余{}个单位共{others}项",
                led.len() - COUNTED_UNITS
            ));
        }
    }
    if unled > 0 {
        s.push_str(&format!("，{unled}项未明确牵头单位"));
    }
    s
}

/// Section 一's pace figures (issue 17 §2), the json's `ahead`, `on_pace`, `behind`,
/// `pace_amber`, `pace_red`, `pace_blocked` and `done_late`: the red lights are those the
/// attachment's 序时 column shows, the blocked tasks among them said once (`红灯15项（含受阻3项）`).
fn pace_sentence(p: &PaceCounts) -> String {
    let blocked = match p.pace_blocked {
        0 => String::new(),
        n => format!("（含受阻{n}项）"),
    };
    format!(
        "按序时进度，超进度{}项，达进度{}项，欠进度{}项，其中黄灯{}项、红灯{}项{blocked}；逾期完成{}项。",
        p.ahead, p.on_pace, p.behind, p.pace_amber, p.pace_red, p.done_late
    )
}

/// 2026年第48周 for an ISO week, else the period in Chinese dates: 2026年11月1日—11月30日
/// (the year again only where it changes, 2026年12月28日—2027年1月3日; one day alone,
/// 2026年11月1日).
fn period_name(r: &Report) -> String {
    let (from, to) = (r.period.from, r.period.to);
    if r.week.is_some() {
        let w = from.iso_week();
        return format!("{}年第{}周", w.year(), w.week());
    }
    let day = prose_day;
    let first = prose_date(from);
    if from == to {
        first
    } else if from.year() == to.year() {
        format!("{first}—{}", day(to))
    } else {
        format!("{first}—{}年{}", to.year(), day(to))
    }
}

fn counts_sentence(lead_in: &str, c: &Counts, r: &Report) -> String {
    let when = if lead_in.is_empty() {
        String::new()
    } else {
        format!("{lead_in}{}，", prose_date(r.as_of))
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
        line(&d.title),
        lead_of(&d.lead),
        d.deadline,
        d.days,
        d.progress,
        d.status.label(Lang::Zh)
    )
}

/// A 滞后 task: blocked, or behind pace by `pace_red` points or more (the gap, one decimal).
fn lagging_sentence(d: &Due) -> String {
    let deadline = if d.deadline.is_empty() {
        String::new()
    } else {
        format!("完成时限{}，", d.deadline)
    };
    let how = crate::render::followup::situation(d, false, Lang::Zh);
    format!(
        "{} {}，牵头单位{}，{deadline}{how}，当前进度{}%（{}）。",
        d.id,
        line(&d.title),
        lead_of(&d.lead),
        d.progress,
        d.status.label(Lang::Zh)
    )
}

/// Section 四's heading: `四、下周到期事项（11月30日—12月6日）` with its window for a week
/// (`四、近期到期事项（…）` for a custom period); `四、本周及下周到期事项` (`本期及近期…`) where
/// deadlines fell within the period, its two parts then headed by [`due_window`].
fn due_heading(r: &Report, in_period: bool) -> String {
    match (r.week.is_some(), in_period) {
        (true, true) => "四、本周及下周到期事项".to_string(),
        (false, true) => "四、本期及近期到期事项".to_string(),
        (_, false) => format!("四、{}", due_window(r, false)),
    }
}

/// A part of section 四 with its window in Chinese dates: `本周到期事项（11月23日—11月29日）`
/// (the period), or `下周到期事项（11月30日—12月6日）` (the seven days after it; `近期` for a
/// custom period).
fn due_window(r: &Report, in_period: bool) -> String {
    let week = r.week.is_some();
    let (name, from, to) = if in_period {
        let name = if week {
            "本周到期事项"
        } else {
            "本期到期事项"
        };
        (name, r.period.from, r.period.to)
    } else {
        let name = if week {
            "下周到期事项"
        } else {
            "近期到期事项"
        };
        let from = r.period.to + chrono::Days::new(1);
        (name, from, r.period.to + chrono::Days::new(7))
    };
    // A window crossing a year names the year of the date in the other one, as the title
    // does (12月28日—2027年1月3日; issue 17i, finding 6).
    format!("{name}（{}）", crate::report::week_dates_zh(from, to))
}

pub(super) fn lead_of(lead: &Option<String>) -> String {
    lead.as_deref().map(line).unwrap_or_else(|| "未明确".into())
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
/// a font wider than half a character: past 16, two lines, broken after 督办事项, or after the
/// period where that first line would still be too long (a custom period in dates).
fn title(period: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let one = format!("关于{period}督办事项进展情况的通报");
    let fits = |s: &str| s.width() <= 2 * 16;
    if fits(&one) {
        one
    } else if fits(&format!("关于{period}督办事项")) {
        format!("关于{period}督办事项\n进展情况的通报")
    } else {
        format!("关于{period}\n督办事项进展情况的通报")
    }
}
