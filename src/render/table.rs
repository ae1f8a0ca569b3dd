//! Terminal tables (comfy-table). Borders are ASCII so that terminals which draw box-drawing
//! characters two columns wide (common with CJK fonts) still line up; widths are display widths,
//! two columns per Chinese character. Ids, dates, statuses and percentages never wrap; titles,
//! unit names and notes do.

use comfy_table::{
    Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle,
};

pub use super::list::{ListFollow, PaceMark, TITLE_MIN, task_list, task_list_paced};
use super::{deadline_text, grid, safe};
use crate::model::{Health, Lang, Status, ymd};
use crate::store::UnitStats;
use crate::task::{Event, Recommendation, Task};

/// Horizontal rules only: under the header and at the bottom.
pub const STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('-').junction('-'))
    .header_separator(LineStyle::none().fill('-').junction('-'))
    .bottom_border(LineStyle::none().fill('-').junction('-'));

/// The colour of a status in a terminal.
pub fn status_color(s: Status) -> Option<Color> {
    match s {
        Status::NotStarted => None,
        Status::InProgress => Some(Color::Cyan),
        Status::Blocked => Some(Color::Magenta),
        Status::Done => Some(Color::Green),
        Status::Cancelled => Some(Color::DarkGrey),
    }
}

/// Traffic-light colours for health.
/// A pace light's colour: the health light's for the same word (红 red, 黄 yellow, 绿 green).
pub fn pace_color(l: crate::report::Light) -> Color {
    use crate::report::Light;
    match l {
        Light::Red => Color::Red,
        Light::Amber => Color::Yellow,
        Light::Green => Color::Green,
    }
}

pub fn health_color(h: Health) -> Color {
    match h {
        Health::Overdue => Color::Red,
        Health::DueSoon => Color::Yellow,
        Health::OnTrack => Color::Green,
    }
}

pub fn status_cell(s: Status, lang: Lang) -> Cell {
    let cell = Cell::new(s.label(lang));
    match status_color(s) {
        Some(c) => cell.fg(c),
        None => cell,
    }
}

pub fn health_cell(h: Option<Health>, lang: Lang) -> Cell {
    match h {
        Some(h) => Cell::new(h.label(lang)).fg(health_color(h)),
        None => Cell::new(""),
    }
}

/// A table at most `width` columns wide; no header row when every header is empty. Cell
/// colours show only with `color` (comfy-table measures widths without the escape codes).
pub fn new_table(headers: &[&str], width: u16, color: bool) -> Table {
    let mut t = Table::new();
    t.load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .force_no_tty();
    if color {
        t.enforce_styling();
    }
    if headers.iter().any(|h| !h.is_empty()) {
        t.set_header(headers.to_vec());
    }
    t
}

/// Renders a filled table; the `fixed` columns keep their content width (never wrap).
pub fn render(mut t: Table, fixed: &[usize]) -> String {
    let last = t.column_count().saturating_sub(1);
    for (i, col) in t.column_iter_mut().enumerate() {
        // Two spaces between columns, none at the edges.
        col.set_padding((0, if i == last { 0 } else { 2 }));
        if fixed.contains(&i) {
            col.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    let mut out = String::new();
    for line in t.lines() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn lead_text(task: &Task, lang: Lang) -> std::borrow::Cow<'_, str> {
    match task.lead.as_deref() {
        Some(l) => super::shown(l),
        None => lang.pick("（未指定）", "(unassigned)").into(),
    }
}

/// `show`: the task's fields, then its history.
/// How a table is shown: its language, whether in colour, and how wide.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub lang: Lang,
    pub color: bool,
    pub width: u16,
}

pub fn task_detail(
    task: &Task,
    rec: Option<&Recommendation>,
    health: Option<Health>,
    days_left: Option<i64>,
    follow: &crate::report::followup::TaskFollow,
    history: &[Event],
    look: Look,
) -> String {
    let Look { lang, color, width } = look;
    let z = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut t = new_table(&[], width, color);
    let support = if task.support.is_empty() {
        z("无", "none").to_string()
    } else {
        task.support
            .iter()
            .map(|u| safe(u, false))
            .collect::<Vec<_>>()
            .join(z("、", ", "))
    };
    let mut deadline = deadline_text(task.deadline);
    if let (Some(days), true) = (days_left, task.status.is_open()) {
        let extra = match (lang, days) {
            (Lang::Zh, d) if d < 0 => format!("（逾期 {} 天）", -d),
            // The notice's words for the same day (`render::notice::mark`).
            (Lang::Zh, 0) => "（今日到期）".to_string(),
            (Lang::Zh, d) => format!("（剩余 {d} 天）"),
            (Lang::En, d) if d < 0 => format!(" ({} days overdue)", -d),
            (Lang::En, 0) => " (due today)".to_string(),
            (Lang::En, d) => format!(" ({d} days left)"),
        };
        deadline.push_str(&extra);
    }
    let rec_text = rec
        .map(|r| format!("{} {}", r.number, safe(&r.headline, false)))
        .unwrap_or_default();
    let rows = [
        (z("编号", "ID"), task.id.to_string()),
        (z("建议", "Recommendation"), rec_text),
        (z("工作任务", "Title"), safe(&task.title, false)),
        (z("内容", "Text"), safe(&task.text, true)),
        (z("牵头单位", "Lead"), lead_text(task, lang).into_owned()),
        (z("配合单位", "Support"), support),
        (z("完成时限", "Deadline"), deadline),
    ];
    // The values are wrapped here, a column narrower than comfy-table would make them, so
    // that the Chinese line-breaking rules hold (`wrap::wrap_text`).
    let label = rows
        .iter()
        .map(|(k, _)| grid::display_width(k))
        .max()
        .unwrap_or(0);
    let room = usize::from(width).saturating_sub(label + 3).max(10);
    for (k, v) in rows {
        t.add_row(vec![k.to_string(), super::wrap::wrap_text(&v, room)]);
    }
    t.add_row(vec![
        Cell::new(z("状态", "Status")),
        status_cell(task.status, lang),
    ]);
    t.add_row(vec![
        z("进度", "Progress").to_string(),
        format!("{}%", task.progress),
    ]);
    t.add_row(vec![
        Cell::new(z("健康", "Health")),
        health_cell(health, lang),
    ]);
    if let Some(pace) = follow_pace_text(follow, lang) {
        t.add_row(vec![z("序时", "Pace").to_string(), pace]);
    }
    let mut text = super::followup::last_report_text(follow.last_report, lang);
    if let Some(n) = follow.unreported_days {
        text.push_str(&match (lang, follow.last_report.is_some()) {
            (Lang::Zh, true) => format!("（{n} 天未反馈）"),
            (Lang::En, true) => format!(" ({n} days without a report)"),
            (Lang::Zh, false) => format!("（立项已 {n} 天）"),
            (Lang::En, false) => format!(" ({n} days since it was added)"),
        });
    }
    t.add_row(vec![z("末次反馈", "Last report").to_string(), text]);
    let mut out = render(t, &[0]);
    out.push('\n');
    out.push_str(z("历史\n", "History\n"));
    out.push_str(&history_table(history, false, lang, width));
    out
}

/// `show`'s 序时 line: the light with the expected share and the gap, `逾期完成`, or none.
fn follow_pace_text(f: &crate::report::followup::TaskFollow, lang: Lang) -> Option<String> {
    if f.done_late {
        return Some(lang.pick("逾期完成", "done late").to_string());
    }
    let p = f.pace?;
    let light = p.light.label(lang);
    Some(match (p.expected, p.gap, lang) {
        // Behind or ahead in words: a signed `差 +13.6` reads as a shortfall either way.
        (Some(e), Some(g), Lang::Zh) if g < 0.0 => {
            format!("{light}（应完成 {e:.1}%，滞后 {:.1} 个百分点）", -g)
        }
        (Some(e), Some(g), Lang::Zh) if g > 0.0 => {
            format!("{light}（应完成 {e:.1}%，超前 {g:.1} 个百分点）")
        }
        (Some(e), Some(_), Lang::Zh) => format!("{light}（应完成 {e:.1}%，与序时持平）"),
        (Some(e), Some(g), Lang::En) => format!(
            "{light} (expected {e:.1}%, {} points)",
            super::followup::pace_figure(g)
        ),
        (_, _, Lang::Zh) => format!("{light}（受阻）"),
        (_, _, Lang::En) => format!("{light} (blocked)"),
    })
}

pub use super::history::{HistoryTable, history_table};

/// The narrowest the unit's name gets in `units` (display columns): four Chinese characters,
/// so a name wraps over a few lines rather than one character a line.
pub const UNIT_MIN: usize = 8;

/// `units`: each unit with its lead and support counts and the state of its tasks, at most
/// `width` columns wide where the unit keeps [`UNIT_MIN`]: the headers give way first
/// (`Supports` as `Sup-`/`ports`, `未完成` as `未完`/`成`), then the unit's name wraps.
pub fn units(
    stats: &[UnitStats],
    shares: &[crate::report::units::UnitShare],
    lang: Lang,
    width: u16,
) -> String {
    let full = match lang {
        Lang::Zh => [
            "单位",
            "牵头",
            "配合",
            "未完成",
            "逾期",
            "已完成",
            "按时率",
            "逾期率",
        ],
        Lang::En => [
            "Unit", "Leads", "Supports", "Open", "Overdue", "Done", "On time", "Overdue%",
        ],
    };
    // English words do not break between letters: hyphenated, by hand.
    let short = match lang {
        Lang::Zh => full,
        Lang::En => [
            "Unit",
            "Leads",
            "Sup-\nports",
            "Open",
            "Over-\ndue",
            "Done",
            "On\ntime",
            "Over-\ndue%",
        ],
    };
    let percent = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |p| format!("{p:.1}%"));
    let rows: Vec<Vec<grid::Cell>> = stats
        .iter()
        .map(|s| {
            let mut row = vec![grid::Cell::plain(safe(&s.unit, false))];
            for n in [s.lead, s.support, s.open, s.overdue, s.done] {
                row.push(grid::Cell::plain(n.to_string()));
            }
            let share = shares
                .binary_search_by(|x| x.unit.as_str().cmp(&s.unit))
                .ok()
                .map(|k| &shares[k]);
            for v in [
                share.and_then(|x| x.reported_on_time),
                share.and_then(|x| x.overdue_share),
            ] {
                row.push(grid::Cell::plain(percent(v)));
            }
            row
        })
        .collect();
    let cols = |headers: [&'static str; 8]| -> Vec<grid::Col<'static>> {
        headers
            .iter()
            .enumerate()
            .map(|(k, header)| grid::Col {
                header,
                fit: if k == 0 {
                    grid::Fit::Wrap {
                        min: UNIT_MIN,
                        max: None,
                    }
                } else {
                    grid::Fit::Content
                },
                right: k > 0,
            })
            .collect()
    };
    let width = usize::from(width);
    let mut m = grid::Measure::new(&cols(full));
    rows.iter().for_each(|r| m.add(r));
    let mut c = cols(full);
    let mut w = m.layout(&c, width);
    if w[0] < m.layout(&c, usize::MAX)[0] && short != full {
        m = grid::Measure::new(&cols(short));
        rows.iter().for_each(|r| m.add(r));
        c = cols(short);
        w = m.layout(&c, width);
    }
    let mut out = String::new();
    grid::head(&c, &w, &m, &mut out);
    for r in &rows {
        grid::write_row(&c, &w, r, false, &mut out);
    }
    grid::foot(&w, &mut out);
    out
}

/// What `units` says instead of an empty table (issue 17i, finding 10), as the report's 八
/// does: the ledger had no task yet on `day` (`tasks` false), or no task named a unit yet.
pub fn units_none(day: chrono::NaiveDate, tasks: bool, lang: Lang) -> String {
    let day = crate::model::ymd(day);
    match (tasks, lang) {
        (false, Lang::Zh) => format!("截至 {day} 台账中尚无任务，无可统计。\n"),
        (false, Lang::En) => format!("The ledger had no tasks yet on {day}: nothing to count.\n"),
        (true, Lang::Zh) => format!("截至 {day} 尚无由单位牵头或配合的任务，无可统计。\n"),
        (true, Lang::En) => format!("No task named a unit yet on {day}: nothing to count.\n"),
    }
}

/// What the `units` table's two shares mean, wrapped to `width` columns: checked at the ends
/// of the last `weeks` weeks (Sundays, the weeks the report names), the latest `last`.
pub fn units_legend(
    weeks: u32,
    report_every: u32,
    last: chrono::NaiveDate,
    lang: Lang,
    width: u16,
) -> String {
    let text = match lang {
        Lang::Zh => format!(
            "按时率、逾期率：近 {weeks} 周每周末（周日，最近为 {last}），单位牵头的未完成任务中 {report_every} 天内有反馈的、已过完成时限的比例（\"-\" 表示无此类任务）。"
        ),
        Lang::En => format!(
            "On time, Overdue%: at each of the last {weeks} week ends (Sundays, the latest {last}), the share of the open tasks a unit leads that were reported on within {report_every} days, and that were past their deadline (\"-\": none)."
        ),
    };
    format!(
        "{}\n",
        super::wrap::wrap_text(&text, usize::from(width).max(20))
    )
}

/// One line per group of unit names that differ only by width or compatibility forms
/// (`model::lookalikes`), suggesting the rename that merges them into the group's plain form
/// (the name that is its own NFKC form, else the first).
pub fn lookalike_units(groups: &[Vec<&str>], lang: Lang) -> String {
    let mut out = String::new();
    for g in groups {
        let target = g
            .iter()
            .find(|n| crate::model::lookalike_key(n) == **n)
            .unwrap_or(&g[0]);
        let shown: Vec<String> = g.iter().map(|n| safe(n, false)).collect();
        let others = g.iter().filter(|n| *n != target);
        let renames: Vec<String> = others
            .map(|o| {
                format!(
                    "tracker units rename '{}' '{}'",
                    safe(o, false),
                    safe(target, false)
                )
            })
            .collect();
        let line = match lang {
            Lang::Zh => format!(
                "注意：{} 仅全角/半角或兼容字形不同，可能是同一单位；如需合并：{}\n",
                shown
                    .iter()
                    .map(|n| format!("“{n}”"))
                    .collect::<Vec<_>>()
                    .join("、"),
                renames.join("；")
            ),
            Lang::En => format!(
                "note: {} differ only in width or compatibility forms and may be one unit; to merge them: {}\n",
                shown
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                renames.join("; ")
            ),
        };
        out.push_str(&line);
    }
    out
}

/// The dashboard: counts by status, then the overdue tasks and those due this week.
pub fn dashboard(
    today: chrono::NaiveDate,
    counts: &[(Status, usize)],
    overdue: &[(&Task, Option<Health>)],
    due: &[(&Task, Option<Health>)],
    lang: Lang,
    color: bool,
    width: u16,
) -> String {
    let count = |s: Status| counts.iter().find(|(c, _)| *c == s).map_or(0, |(_, n)| *n);
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let mut out = match lang {
        Lang::Zh => format!("督办台账概况（{}）：共 {total} 项\n", ymd(today)),
        Lang::En => format!("Ledger on {}: {total} tasks\n", ymd(today)),
    };
    let mut t = new_table(&[], width, color);
    t.add_row(
        Status::ALL
            .iter()
            .map(|&s| status_cell(s, lang))
            .collect::<Vec<_>>(),
    );
    t.add_row(
        Status::ALL
            .iter()
            .map(|&s| Cell::new(count(s)).set_alignment(CellAlignment::Right))
            .collect::<Vec<_>>(),
    );
    out.push_str(&render(t, &[0, 1, 2, 3, 4]));
    let section = |title: String, rows: &[(&Task, Option<Health>)], empty: &str| {
        let mut s = format!("\n{title}\n");
        if rows.is_empty() {
            s.push_str(empty);
            s.push('\n');
        } else {
            s.push_str(&task_list(rows, lang, color, width));
        }
        s
    };
    let ids = |rows: &[(&Task, Option<Health>)]| rows.len();
    out.push_str(&section(
        match lang {
            Lang::Zh => format!("逾期任务（{}）", ids(overdue)),
            Lang::En => format!("Overdue ({})", ids(overdue)),
        },
        overdue,
        lang.pick("（无）", "(none)"),
    ));
    out.push_str(&section(
        match lang {
            Lang::Zh => format!("本周到期（{}）", ids(due)),
            Lang::En => format!("Due this week ({})", ids(due)),
        },
        due,
        lang.pick("（无）", "(none)"),
    ));
    out
}
