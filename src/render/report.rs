//! Lays a computed report out as a document: a title, a few lines of context, and sections of
//! rows, with every header and label in the chosen language. The format writers (terminal
//! table, markdown, csv, html) render any document the same way, so they agree on content.

use chrono::NaiveDate;

use super::Medium;
use super::followup::{light_health, pace_cell, pace_cells, pace_legend, unreported_rows};
use crate::model::{Lang, ymd};
use crate::report::{Counts, Due, PeriodDue, Report, Row, SeriesRow, SummaryRow};

/// The progress table's columns, by place (the writers colour, align and wrap by them).
pub mod col {
    pub const ID: usize = 0;
    pub const TITLE: usize = 1;
    pub const LEAD: usize = 2;
    pub const SUPPORT: usize = 3;
    pub const DEADLINE: usize = 4;
    pub const STATUS: usize = 5;
    pub const PROGRESS: usize = 6;
    pub const HEALTH: usize = 7;
    pub const PACE: usize = 8;
    pub const UNREPORTED: usize = 9;
    pub const NEWS: usize = 10;
    pub const LATEST: usize = 11;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Summary,
    Progress,
    Overdue,
    /// Open tasks due during the period itself.
    DueNow,
    Upcoming,
    Trend,
    Series,
    /// Progress against time and reports missed, by recommendation (issue 17).
    Pace,
    /// 未按时反馈: the open tasks not reported on in time, grouped by lead unit.
    Unreported,
    /// 各单位反馈情况: each lead unit's shares reported on time and overdue (issue 17 §1).
    Units,
}

/// A table of text cells. Cells may hold line breaks (one entry per line).
#[derive(Debug, Clone)]
pub struct Section {
    pub kind: Kind,
    pub heading: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Shown instead of the table when there are no rows.
    pub empty: String,
    /// Columns that hold numbers (right-aligned).
    pub numeric: Vec<usize>,
    /// The health of each row, for colouring (progress table only).
    pub health: Vec<Option<crate::model::Health>>,
    /// The pace light of each row as the health colour of the same name (progress table only).
    pub pace: Vec<Option<crate::model::Health>>,
    /// For the trend: per week (label, done in week, cumulative).
    pub chart: Vec<(String, i64, usize)>,
    /// Said between the heading and the table (section 七: every silent unit with its count,
    /// whatever the limit leaves out of the rows).
    pub intro: Option<String>,
    /// Said under the table when rows were left out (`--limit`).
    pub more: Option<String>,
    /// The progress table folded for a narrow terminal (`formats::table`).
    pub narrow: bool,
}

impl Section {
    fn new(kind: Kind, heading: String, headers: Vec<&str>, empty: &str) -> Section {
        Section {
            kind,
            heading,
            headers: headers.into_iter().map(String::from).collect(),
            rows: Vec::new(),
            empty: empty.to_string(),
            numeric: Vec::new(),
            health: Vec::new(),
            pace: Vec::new(),
            chart: Vec::new(),
            intro: None,
            more: None,
            narrow: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Doc {
    pub lang: Lang,
    pub title: String,
    /// Lines under the title: period, as-of, scope.
    pub context: Vec<String>,
    pub sections: Vec<Section>,
    /// A closing line (the health legend).
    pub footer: String,
}

/// A lead unit's name made safe for `medium`, or 未指定.
pub(super) fn lead(lead: &Option<String>, lang: Lang, medium: Medium) -> String {
    lead.as_deref()
        .map(|l| medium.text(l, false))
        .unwrap_or_else(|| lang.pick("（未指定）", "(unassigned)").into())
}

fn period_text(from: NaiveDate, to: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{} 至 {}", ymd(from), ymd(to)),
        Lang::En => format!("{} to {}", ymd(from), ymd(to)),
    }
}

/// A week as people name it: `2026年第48周（11月23日—11月29日）` (the ISO week's year and
/// number, ISO 8601; a date in another year names it, `report::week_dates_zh`).
pub fn zh_week(from: NaiveDate, to: NaiveDate) -> String {
    use chrono::Datelike;
    let w = from.iso_week();
    format!(
        "{}年第{}周（{}）",
        w.year(),
        w.week(),
        crate::report::week_dates_zh(from, to)
    )
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

pub use super::news::week_text;

/// A recommendation's short name: its headline's first clause (理顺关系), at most 12 characters.
fn short_headline(headline: &str, medium: Medium) -> String {
    let first = headline
        .split(['，', ',', '。', '；'])
        .next()
        .unwrap_or(headline);
    medium.text(&first.chars().take(12).collect::<String>(), false)
}

fn counts_cells(c: &Counts) -> Vec<String> {
    vec![
        c.tasks.to_string(),
        c.done.to_string(),
        c.in_progress.to_string(),
        c.blocked.to_string(),
        c.not_started.to_string(),
        c.cancelled.to_string(),
        c.overdue.to_string(),
        format!("{:.1}%", c.percent_done),
        format!("{:.1}%", c.percent_progress),
    ]
}

fn summary_row(s: &SummaryRow, lang: Lang, medium: Medium) -> Vec<String> {
    let name = match s.recommendation {
        Some(n) => format!("{n} {}", short_headline(&s.headline, medium)),
        None => lang.pick("合计", "Total").to_string(),
    };
    let mut row = vec![name];
    row.extend(counts_cells(&s.counts));
    row.push(signed(s.done_change));
    row
}

/// The progress table's headers.
pub fn progress_headers(r: &Report, lang: Lang) -> Vec<&'static str> {
    let z = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    vec![
        z("序号", "ID"),
        z("工作任务", "Task"),
        z("牵头单位", "Lead"),
        z("配合单位", "Support"),
        z("完成时限", "Deadline"),
        z("状态", "Status"),
        z("进度", "%"),
        z("健康", "Health"),
        z("序时", "Pace"),
        z("未反馈天数", "Days unreported"),
        if r.week.is_some() {
            z("本周进展", "This week")
        } else {
            z("本期进展", "This period")
        },
        z("最新进展", "Latest note"),
    ]
}

/// One row of the progress table, its stored text made safe for `medium`.
pub fn progress_row(r: &Row, lang: Lang, medium: Medium) -> Vec<String> {
    vec![
        r.id.to_string(),
        medium.text(&r.title, false),
        lead(&r.lead, lang, medium),
        r.support
            .iter()
            .map(|u| medium.text(u, false))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", ")),
        r.deadline.clone().unwrap_or_else(|| "-".into()),
        r.status.label(lang).to_string(),
        format!("{}%", r.progress),
        r.health
            .map(|h| h.label(lang).to_string())
            .unwrap_or_default(),
        pace_cell(r, lang),
        r.unreported_days.map(|d| d.to_string()).unwrap_or_default(),
        week_text(&r.this_week, lang, medium, false),
        r.latest
            .as_ref()
            .map(|l| {
                format!(
                    "{} {}",
                    l.date.get(5..).unwrap_or_default(),
                    super::news::note_text(&crate::returns::brief_source(&l.note), medium)
                )
            })
            .unwrap_or_default(),
    ]
}

/// A row of 本期到期: what became of a deadline of the period, and the day it was done.
fn period_due_row(d: &PeriodDue, lang: Lang, medium: Medium) -> Vec<String> {
    vec![
        d.due.id.to_string(),
        medium.text(&d.due.title, false),
        lead(&d.due.lead, lang, medium),
        d.due.deadline.clone(),
        d.state.label(lang).to_string(),
        d.done_on.map(ymd).unwrap_or_default(),
        format!("{}%", d.due.progress),
    ]
}

fn due_row(d: &Due, lang: Lang, medium: Medium) -> Vec<String> {
    vec![
        d.id.to_string(),
        medium.text(&d.title, false),
        lead(&d.lead, lang, medium),
        d.deadline.clone(),
        d.days.to_string(),
        d.status.label(lang).to_string(),
        format!("{}%", d.progress),
    ]
}

/// The weekly report as a document; under each list cut to `--limit` (by `report::outline`),
/// how many rows were left out. Stored text is made safe for `medium`: a terminal shows hidden
/// and direction characters as `\u{..}`, a document (markdown, html, csv, xlsx) leaves them out
/// (`render::for_document`). `cap`: the most units the 本期督办 line names (config
/// `tongbao_items`, as the 通报 does).
/// What a report of part of the ledger covers, for its title: `（第2条建议）`,
/// `（干部科牵头及配合事项）` (`--owner` takes the tasks a unit leads or supports), both
/// `（第2条建议中干部科牵头及配合事项）`; in English ` (recommendation 2)`, ` (tasks 干部科
/// leads or supports)`. `None` for the whole ledger. The terminal's 范围 line says the same.
pub fn scope_phrase(scope: &crate::report::Scope, lang: Lang, medium: Medium) -> Option<String> {
    let unit = scope.unit.as_deref().map(|u| medium.text(u, false));
    Some(match (scope.recommendation, unit, lang) {
        (None, None, _) => return None,
        (Some(n), None, Lang::Zh) => format!("（第{n}条建议）"),
        (None, Some(u), Lang::Zh) => format!("（{u}牵头及配合事项）"),
        (Some(n), Some(u), Lang::Zh) => format!("（第{n}条建议中{u}牵头及配合事项）"),
        (Some(n), None, Lang::En) => format!(" (recommendation {n})"),
        (None, Some(u), Lang::En) => format!(" (tasks {u} leads or supports)"),
        (Some(n), Some(u), Lang::En) => {
            format!(" (recommendation {n}: tasks {u} leads or supports)")
        }
    })
}

pub fn report_doc(r: &Report, lang: Lang, medium: Medium, cap: usize) -> Doc {
    let z = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let title = match (&r.week, lang) {
        (Some(_), Lang::Zh) => format!("督办事项进展周报 {}", zh_week(r.period.from, r.period.to)),
        (Some(w), Lang::En) => format!("Weekly progress report {w}"),
        (None, Lang::Zh) => "督办事项进展报告".to_string(),
        (None, Lang::En) => "Progress report".to_string(),
    };
    // A part of the ledger says so in its title, in every format.
    let title = match scope_phrase(&r.scope, lang, medium) {
        Some(p) => format!("{title}{p}"),
        None => title,
    };
    let mut context = vec![format!(
        "{}{}",
        z("报告期：", "Period: "),
        period_text(r.period.from, r.period.to, lang)
    )];
    if r.as_of < r.period.to {
        context.push(format!(
            "{}{}",
            z("数据截至：", "Figures as of: "),
            ymd(r.as_of)
        ));
    }
    if let Some(n) = r.entered_later {
        context.push(match lang {
            Lang::Zh => format!("本期结束后补录的变更：{n} 条"),
            Lang::En => format!("Changes entered after the period ended: {n}"),
        });
    }
    if !r.added.is_empty() {
        let days: Vec<String> = r
            .added
            .iter()
            .map(|a| match lang {
                Lang::Zh => format!("{} {} 项", a.date.format("%m-%d"), a.tasks),
                Lang::En => format!("{} {}", a.date.format("%m-%d"), a.tasks),
            })
            .collect();
        context.push(format!(
            "{}{}",
            z("本期新增任务：", "Tasks added: "),
            days.join(z("，", ", "))
        ));
    }
    if !r.renames.is_empty() {
        // A rename is one change, said once, not as news of each task it touched.
        let said: Vec<String> = (r.renames.iter())
            .map(|n| super::news::rename_sentence(n, cap, lang, medium, false))
            .collect();
        context.push(format!(
            "{}{}",
            z("本期单位更名：", "Units renamed: "),
            said.join(z("；", "; "))
        ));
    }
    if !r.notices.is_empty() {
        // One sentence however many were sent, as the 通报 says it (not a line per unit).
        let sent = super::news::notices_summary(&r.notices, cap, r.week.is_some(), lang, medium);
        context.push(format!("{}{sent}", z("本期督办：", "Notices sent: ")));
    }
    let mut scope = Vec::new();
    if let Some(n) = r.scope.recommendation {
        scope.push(format!("{}{n}", z("建议 ", "recommendation ")));
    }
    if let Some(u) = &r.scope.unit {
        scope.push(format!("{}{}", z("单位 ", "unit "), medium.text(u, false)));
    }
    if !scope.is_empty() {
        context.push(format!(
            "{}{}",
            z("范围：", "Scope: "),
            scope.join(z("，", ", "))
        ));
    }
    let previous = if r.week.is_some() {
        z("较上周", "vs last\nweek")
    } else {
        z("较上期", "vs last\nperiod")
    };

    let mut summary = Section::new(
        Kind::Summary,
        z("一、总体进展", "1. Summary").into(),
        vec![
            z("建议", "Rec."),
            z("任务数", "Tasks"),
            z("已完成", "Done"),
            z("进行中", "Doing"),
            z("受阻", "Blocked"),
            z("未开始", "To\nstart"),
            z("取消", "Can-\ncelled"),
            z("逾期", "Over-\ndue"),
            z("完成率", "Done\n%"),
            z("平均\n进度", "Avg\n%"),
            previous,
        ],
        z("（无任务）", "(no tasks)"),
    );
    summary.numeric = (1..=10).collect();
    // `report::outline` keeps at most `--limit` recommendations, those furthest behind.
    summary.more = more(r.left_out.summary, lang);
    summary.rows = r
        .summary
        .iter()
        .chain([&r.total])
        .map(|s| summary_row(s, lang, medium))
        .collect();

    let mut progress = Section::new(
        Kind::Progress,
        z("二、任务进展", "2. Progress by task").into(),
        progress_headers(r, lang),
        z("（无任务）", "(no tasks)"),
    );
    progress.numeric = vec![col::PROGRESS, col::UNREPORTED];
    // The report picked its rows (those needing attention first) and counted the rest.
    progress.rows = r
        .rows
        .iter()
        .map(|row| progress_row(row, lang, medium))
        .collect();
    progress.health = r.rows.iter().map(|row| row.health).collect();
    progress.pace = (r.rows.iter())
        .map(|row| row.pace.map(|p| light_health(p.light)))
        .collect();
    progress.more = more(r.left_out.rows, lang);

    let due_headers = |days: &'static str, days_en: &'static str| {
        vec![
            z("序号", "ID"),
            z("工作任务", "Task"),
            z("牵头单位", "Lead"),
            z("完成时限", "Deadline"),
            lang.pick(days, days_en),
            z("状态", "Status"),
            z("进度", "Progress"),
        ]
    };
    // 三 as the 通报 has it: the overdue tasks, then those lagging (red pace) or blocked,
    // from the report's two lists, each with the words the 通报 uses (`followup::situation`).
    let mut headers = due_headers("逾期天数", "Days overdue");
    headers.push(z("情况", "Situation"));
    let mut overdue = Section::new(
        Kind::Overdue,
        z("三、逾期及滞后事项", "3. Overdue and lagging").into(),
        headers,
        z("（无逾期及滞后事项）", "(none overdue or lagging)"),
    );
    overdue.numeric = vec![4, 6];
    let situated = |d: &Due, overdue: bool| {
        let mut row = due_row(d, lang, medium);
        if !overdue {
            row[4] = String::new();
        }
        row.push(super::followup::situation(d, overdue, lang));
        row
    };
    overdue.rows = (r.overdue.iter().map(|d| situated(d, true)))
        .chain(r.lagging.iter().map(|d| situated(d, false)))
        .collect();
    overdue.more = more(r.left_out.overdue + r.left_out.lagging, lang);
    // Every deadline of the period (本周到期), done or not, with what became of it; then the
    // open tasks due in the days after it.
    let after: Vec<&Due> = (r.upcoming.iter())
        .filter(|d| d.deadline.as_str() > ymd(r.period.to).as_str())
        .collect();
    let mut due_now = Section::new(
        Kind::DueNow,
        if r.week.is_some() {
            z("四、本周到期", "4. Due this week")
        } else {
            z("四、本期到期", "4. Due in the period")
        }
        .into(),
        vec![
            z("序号", "ID"),
            z("工作任务", "Task"),
            z("牵头单位", "Lead"),
            z("完成时限", "Deadline"),
            z("完成情况", "Outcome"),
            z("完成日期", "Done on"),
            z("进度", "Progress"),
        ],
        z("（无）", "(none)"),
    );
    due_now.numeric = vec![6];
    due_now.rows = (r.due_in_period.iter())
        .map(|d| period_due_row(d, lang, medium))
        .collect();
    due_now.more = more(r.left_out.due_in_period, lang);
    let upcoming_heading = match lang {
        Lang::Zh => format!("五、未来 {} 天内到期", r.due_soon_days),
        Lang::En => format!("5. Due in the {} days after the period", r.due_soon_days),
    };
    let mut upcoming = Section::new(
        Kind::Upcoming,
        upcoming_heading,
        due_headers("剩余天数", "Days left"),
        z("（无）", "(none)"),
    );
    upcoming.numeric = vec![4, 6];
    upcoming.rows = after.iter().map(|d| due_row(d, lang, medium)).collect();
    upcoming.more = more(r.left_out.upcoming, lang);

    let mut trend = Section::new(
        Kind::Trend,
        z("六、完成趋势", "6. Trend").into(),
        vec![
            z("周", "Week"),
            z("起止", "Dates"),
            z("本周完成", "Done"),
            z("累计完成", "Cumulative"),
            "",
        ],
        z("（无数据）", "(no data)"),
    );
    trend.numeric = vec![2, 3];
    let max = r.trend.iter().map(|p| p.cumulative).max().unwrap_or(0);
    trend.rows = r
        .trend
        .iter()
        .map(|p| {
            vec![
                p.week.clone(),
                format!("{}~{}", p.from.format("%m-%d"), p.to.format("%m-%d")),
                signed(p.done),
                p.cumulative.to_string(),
                bar(p.cumulative, max, 30),
            ]
        })
        .collect();
    trend.chart = r
        .trend
        .iter()
        .map(|p| (p.week.clone(), p.done, p.cumulative))
        .collect();

    let mut pace = Section::new(
        Kind::Pace,
        z("序时进度与反馈", "Pace and reports").into(),
        vec![
            z("建议", "Rec."),
            z("超进度", "Ahead"),
            z("达进度", "On\npace"),
            z("欠进度", "Behind"),
            z("黄灯", "Amber"),
            z("红灯", "Red"),
            z("逾期完成", "Done\nlate"),
            z("未按时反馈", "Unre-\nported"),
        ],
        z("（无任务）", "(no tasks)"),
    );
    pace.numeric = (1..=7).collect();
    pace.more = more(r.left_out.summary, lang);
    pace.rows = r
        .summary
        .iter()
        .chain([&r.total])
        .map(|s| {
            let mut row = vec![summary_row(s, lang, medium).remove(0)];
            row.extend(pace_cells(&s.pace));
            row
        })
        .collect();

    let unreported_heading = match lang {
        Lang::Zh => format!("七、未按时反馈（{} 天内无反馈）", r.report_every),
        Lang::En => format!("7. Unreported (no report in {} days)", r.report_every),
    };
    let mut unreported = Section::new(
        Kind::Unreported,
        unreported_heading,
        vec![
            z("牵头单位", "Lead"),
            z("序号", "ID"),
            z("工作任务", "Task"),
            z("未反馈天数", "Days since report"),
            z("状态", "Status"),
            z("进度", "Progress"),
            z("催办次数\n（本期/累计）", "Reminders\n(period/to date)"),
        ],
        super::followup::reporting_sentence(r.reporting, lang, false)
            .unwrap_or(z("（无）", "(none)")),
    );
    unreported.numeric = vec![3, 5, 6];
    unreported.rows = unreported_rows(&r.unreported, &r.reminders, lang, medium);
    unreported.more = more(r.left_out.unreported, lang);
    unreported.intro =
        super::followup::silent_units_sentence(&r.unreported_units, lang, medium, None);

    let units_heading = match lang {
        Lang::Zh => format!(
            "八、各单位反馈情况（近 {} 周，每周末按 {} 天内有无反馈计）",
            r.unit_weeks, r.report_every
        ),
        Lang::En => format!(
            "8. Reporting by unit (last {} week ends, a report within {} days each)",
            r.unit_weeks, r.report_every
        ),
    };
    // No unit led a task yet at the report's end (`report::units::unit_shares`): a week
    // before the ledger's first task says so plainly, a part of the ledger that no unit led
    // yet says that.
    let whole = r.scope.recommendation.is_none() && r.scope.unit.is_none();
    let no_units = match (whole && r.total.counts.tasks == 0, lang) {
        (true, Lang::Zh) => "（截至本期末台账中尚无任务，无可统计）",
        (true, Lang::En) => {
            "(the ledger had no tasks yet by the end of the period: nothing to count)"
        }
        (false, Lang::Zh) => "（截至本期末尚无由单位牵头的任务，无可统计）",
        (false, Lang::En) => {
            "(no task had a lead unit yet by the end of the period: nothing to count)"
        }
    };
    let mut units = Section::new(
        Kind::Units,
        units_heading,
        vec![
            z("牵头单位", "Lead"),
            z("按时反馈", "On time"),
            z("逾期", "Overdue"),
        ],
        no_units,
    );
    units.numeric = vec![1, 2];
    let percent = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |p| format!("{p:.1}%"));
    units.rows = r
        .units
        .iter()
        .map(|u| {
            vec![
                medium.text(&u.unit, false),
                percent(u.reported_on_time),
                percent(u.overdue_share),
            ]
        })
        .collect();

    Doc {
        lang,
        title,
        context,
        sections: vec![
            summary, pace, progress, overdue, due_now, upcoming, trend, unreported, units,
        ],
        footer: format!(
            "{}\n{}",
            health_legend(r.due_soon_days, lang),
            pace_legend(r.pace_amber, r.pace_red, lang)
        ),
    }
}

fn more(left_out: usize, lang: Lang) -> Option<String> {
    (left_out > 0).then(|| match lang {
        Lang::Zh => format!("……另有 {left_out} 行未列出（--limit 0 全部列出；csv 和 json 总是包含全部）"),
        Lang::En => format!("… {left_out} more rows not shown (--limit 0 shows all; csv and json always hold every row)"),
    })
}

fn health_legend(days: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "健康：红 = 已逾期，黄 = {days} 天内到期，绿 = 正常；已完成、已取消的任务不标。"
        ),
        Lang::En => format!(
            "Health: overdue = past the deadline, due soon = within {days} days, on track otherwise; none for done or cancelled tasks."
        ),
    }
}

/// A bar of full blocks, `value / max` of `width` (at least one block for a non-zero value).
pub fn bar(value: usize, max: usize, width: usize) -> String {
    if value == 0 || max == 0 {
        return String::new();
    }
    let n = (value * width).div_ceil(max).clamp(1, width);
    "█".repeat(n)
}

/// `report --series weekly` as a document.
pub fn series_doc(rows: &[SeriesRow], from: NaiveDate, to: NaiveDate, lang: Lang) -> Doc {
    let z = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut s = Section::new(
        Kind::Series,
        z("逐周进展", "Week by week").into(),
        vec![
            z("周", "Week"),
            z("开始", "From"),
            z("结束", "To"),
            z("本周完成", "Done"),
            z("未完成", "Open"),
            z("逾期", "Overdue"),
            z("累计完成", "Cumulative done"),
        ],
        z("（无数据）", "(no data)"),
    );
    s.numeric = vec![3, 4, 5, 6];
    s.rows = rows
        .iter()
        .map(|r| {
            vec![
                r.week.clone(),
                ymd(r.from),
                ymd(r.to),
                signed(r.done),
                r.open.to_string(),
                r.overdue.to_string(),
                r.cumulative.to_string(),
            ]
        })
        .collect();
    s.chart = rows
        .iter()
        .map(|r| (r.week.clone(), r.done, r.cumulative))
        .collect();
    Doc {
        lang,
        title: z("督办事项逐周统计", "Weekly series").into(),
        context: vec![format!(
            "{}{}",
            z("期间：", "Period: "),
            period_text(from, to, lang)
        )],
        sections: vec![s],
        footer: String::new(),
    }
}
