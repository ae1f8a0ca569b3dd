//! Terminal tables (comfy-table). Borders are ASCII so that terminals which draw box-drawing
//! characters two columns wide (common with CJK fonts) still line up; widths are display widths,
//! two columns per Chinese character. Ids, dates, statuses and percentages never wrap; titles,
//! unit names and notes do.

use comfy_table::{
    Cell, CellAlignment, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle, Width,
};

use super::{deadline_text, describe, safe, short_time};
use crate::model::{Health, Lang};
use crate::task::{Event, Recommendation, Task};

/// Horizontal rules only: under the header and at the bottom.
pub const STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('-').junction('-'))
    .header_separator(LineStyle::none().fill('-').junction('-'))
    .bottom_border(LineStyle::none().fill('-').junction('-'));

/// A table at most `width` columns wide; no header row when every header is empty.
fn table(headers: &[&str], width: u16) -> Table {
    let mut t = Table::new();
    t.load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .force_no_tty();
    if headers.iter().any(|h| !h.is_empty()) {
        t.set_header(headers.to_vec());
    }
    t
}

/// Renders a filled table; the `fixed` columns keep their content width (never wrap).
fn render(mut t: Table, fixed: &[usize]) -> String {
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

pub fn health_label(h: Option<Health>, lang: Lang) -> String {
    h.map(|h| h.label(lang).to_string()).unwrap_or_default()
}

/// `list`: one row per task.
pub fn task_list(rows: &[(&Task, Option<Health>)], lang: Lang, width: u16) -> String {
    let headers = match lang {
        Lang::Zh => [
            "编号",
            "工作任务",
            "牵头单位",
            "完成时限",
            "状态",
            "进度",
            "健康",
        ],
        Lang::En => ["ID", "Task", "Lead", "Deadline", "Status", "%", "Health"],
    };
    let mut t = table(&headers, width);
    for (task, health) in rows {
        t.add_row(vec![
            Cell::new(task.id),
            Cell::new(safe(&task.title, false)),
            Cell::new(lead_text(task, lang)),
            Cell::new(deadline_text(task.deadline)),
            Cell::new(task.status.label(lang)),
            Cell::new(format!("{}%", task.progress)).set_alignment(CellAlignment::Right),
            Cell::new(health_label(*health, lang)),
        ]);
    }
    // Unit names are short; leave the room to the title.
    if let Some(col) = t.column_mut(2) {
        col.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(12)));
    }
    render(t, &[0, 3, 4, 5, 6])
}

fn lead_text(task: &Task, lang: Lang) -> String {
    task.lead
        .as_deref()
        .map(|l| safe(l, false))
        .unwrap_or_else(|| lang.pick("（未指定）", "(unassigned)").to_string())
}

/// `show`: the task's fields, then its history.
pub fn task_detail(
    task: &Task,
    rec: Option<&Recommendation>,
    health: Option<Health>,
    days_left: Option<i64>,
    history: &[Event],
    lang: Lang,
    width: u16,
) -> String {
    let z = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut t = table(&[], width);
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
            (Lang::Zh, d) => format!("（剩余 {d} 天）"),
            (Lang::En, d) if d < 0 => format!(" ({} days overdue)", -d),
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
        (z("牵头单位", "Lead"), lead_text(task, lang)),
        (z("配合单位", "Support"), support),
        (z("完成时限", "Deadline"), deadline),
        (z("状态", "Status"), task.status.label(lang).to_string()),
        (z("进度", "Progress"), format!("{}%", task.progress)),
        (z("健康", "Health"), health_label(health, lang)),
    ];
    for (k, v) in rows {
        t.add_row(vec![k.to_string(), v]);
    }
    let mut out = render(t, &[0]);
    out.push('\n');
    out.push_str(z("历史\n", "History\n"));
    out.push_str(&history_table(history, false, lang, width));
    out
}

/// `history`: one row per recorded change, oldest first.
pub fn history_table(events: &[Event], with_task: bool, lang: Lang, width: u16) -> String {
    let mut headers = vec![lang.pick("时间", "When")];
    if with_task {
        headers.push(lang.pick("编号", "ID"));
    }
    headers.extend([
        lang.pick("变更", "Change"),
        lang.pick("备注", "Note"),
        lang.pick("操作人", "By"),
    ]);
    let fixed: &[usize] = if with_task { &[0, 1] } else { &[0] };
    let mut t = table(&headers, width);
    for e in events {
        let mut row = vec![short_time(&e.at)];
        if with_task {
            row.push(e.task.to_string());
        }
        row.push(describe(e, lang));
        row.push(e.note.as_deref().map(|n| safe(n, true)).unwrap_or_default());
        row.push(safe(&e.actor, false));
        t.add_row(row);
    }
    render(t, fixed)
}
