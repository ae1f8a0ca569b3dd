//! The 通报's attachment: the progress table (督办事项进展情况表) on landscape pages, the
//! terminal table's columns that a printed page has room for, its header row repeated on
//! every page and no row split across two.

use docx_rs::{AlignmentType, Paragraph, Run, Table, TableCell, TableRow, WidthType};

use super::{STYLE_TABLE, line, para};
use crate::model::Lang;
use crate::render::Medium;
use crate::render::followup::pace_cell;
use crate::render::news::{note_text, week_lines_in};
use crate::report::{Report, Row};

/// Column headers and widths (twips; together within the 225 mm, 12,756 twips, of the
/// landscape type area). 健康 (the deadline light) and 序时进度 (the pace light) stand side
/// by side as in the terminal's table; 最新进展 is the latest note, also in a week without news.
const COLUMNS: [(&str, usize); 11] = [
    ("序号", 650),
    ("工作任务", 1600),
    ("牵头单位", 1150),
    ("配合单位", 950),
    ("完成时限", 1550),
    ("状态", 900),
    // `100%` at 5号 is about 2.7 em (three digits and a per-mille-wide `%` in 仿宋) plus the
    // cell's margins: 1,000 twips holds it on one line.
    ("进度", 1000),
    ("健康", 650),
    ("序时进度", 1300),
    ("本周进展", 1600),
    ("最新进展", 1350),
];

/// The header for a custom period's news column.
const PERIOD_NEWS: &str = "本期进展";

/// A date (2026-11-30), 进行中, 100%, 序号, 干部教育科 and `绿 +15.6` each hold one line at
/// 5号 (10.5 pt) with Word's 0.19 cm cell margins, in a font whose digits are 0.55 em wide
/// (checked by eye in LibreOffice with Noto fonts standing in for 仿宋).
const _WIDTHS_FIT: () = {
    let mut sum = 0;
    let mut i = 0;
    while i < COLUMNS.len() {
        sum += COLUMNS[i].1;
        i += 1;
    }
    assert!(sum <= 12_756, "wider than the landscape type area");
};

/// The table of `r.rows` (already cut to `--limit`), in Chinese.
pub fn progress_table(r: &Report) -> Table {
    let cell = |text: &str, w: usize| {
        TableCell::new()
            .width(w, WidthType::Dxa)
            .add_paragraph(para(STYLE_TABLE, text))
    };
    let header = TableRow::new(
        COLUMNS
            .iter()
            .map(|(h, w)| {
                let h = if *h == "本周进展" && r.week.is_none() {
                    PERIOD_NEWS
                } else {
                    h
                };
                TableCell::new().width(*w, WidthType::Dxa).add_paragraph(
                    Paragraph::new()
                        .style(STYLE_TABLE)
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text(h).bold()),
                )
            })
            .collect(),
    )
    .cant_split();
    let mut rows = Vec::with_capacity(r.rows.len() + 1);
    rows.push(header);
    for row in &r.rows {
        let cells = cells(row);
        rows.push(
            TableRow::new(
                cells
                    .iter()
                    .zip(COLUMNS)
                    .map(|(c, (_, w))| cell(c, w))
                    .collect(),
            )
            .cant_split(),
        );
    }
    // Fixed: the widths hold whatever the cells say, so a date or 进行中 never wraps.
    Table::new(rows)
        .layout(docx_rs::TableLayoutType::Fixed)
        .set_grid(COLUMNS.iter().map(|c| c.1).collect())
}

fn cells(row: &Row) -> [String; 11] {
    let support: Vec<String> = row.support.iter().map(|u| line(u)).collect();
    [
        row.id.to_string(),
        line(&row.title),
        super::tongbao::lead_of(&row.lead),
        support.join("、"),
        row.deadline.clone().unwrap_or_else(|| "—".into()),
        row.status.label(Lang::Zh).to_string(),
        format!("{}%", row.progress),
        row.health
            .map(|h| h.label(Lang::Zh).to_string())
            .unwrap_or_default(),
        pace_cell(row, Lang::Zh),
        week_lines_in(&row.this_week, Lang::Zh, Medium::Document).join("\n"),
        row.latest
            .as_ref()
            .map(|l| {
                format!(
                    "{} {}",
                    l.date.get(5..).unwrap_or_default(),
                    note_text(&crate::returns::brief_source(&l.note), Medium::Document)
                )
            })
            .unwrap_or_default(),
    ]
}

/// The pace legend under the table, as the terminal report gives it.
pub fn legend(r: &Report) -> String {
    crate::render::followup::pace_legend(r.pace_amber, r.pace_red, Lang::Zh)
}
