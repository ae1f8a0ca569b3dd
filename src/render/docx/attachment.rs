//! The 通报's attachment: the progress table (督办事项进展情况表) on landscape pages, the
//! terminal table's columns that a printed page has room for, its header row repeated on
//! every page and no row split across two.

use docx_rs::Table;

use super::table::{Column, Fit, table};
use super::{line, prose};
use crate::model::Lang;
use crate::render::Medium;
use crate::render::followup::pace_cell;
use crate::render::news::{note_text, week_text};
use crate::report::{Report, Row};

/// The landscape type area's width in twips (225 mm), the table's whole width.
const LANDSCAPE_TYPE_AREA: usize = 12_756;

/// The columns. 健康 (the deadline light) and 序时进度 (the pace light) stand side by side as
/// in the terminal's table; 最新进展 is the latest note, also in a week without news. Ids,
/// dates, statuses, progress and the lights are measured from the rows (never broken inside);
/// the text columns share the rest by these weights: the unit columns as wide as their
/// headers, and the week's news and the latest note, the point of the table for a leader,
/// the most (17j #5: they had five or six characters a line beside a half-empty date).
const COLUMNS: [Column<'static>; 11] = [
    Column {
        header: "序号",
        fit: Fit::Whole,
    },
    Column {
        header: "工作任务",
        fit: Fit::Text(12),
    },
    Column {
        header: "牵头单位",
        fit: Fit::Text(1),
    },
    Column {
        header: "配合单位",
        fit: Fit::Text(1),
    },
    Column {
        header: "完成时限",
        fit: Fit::Whole,
    },
    Column {
        header: "状态",
        fit: Fit::Whole,
    },
    Column {
        header: "进度",
        fit: Fit::Whole,
    },
    Column {
        header: "健康",
        fit: Fit::Whole,
    },
    Column {
        header: "序时进度",
        fit: Fit::Whole,
    },
    Column {
        header: "本周进展",
        fit: Fit::Text(16),
    },
    Column {
        header: "最新进展",
        fit: Fit::Text(14),
    },
];

/// The header for a custom period's news column.
const PERIOD_NEWS: &str = "本期进展";

/// The table of `r.rows` (already cut to `--limit`), in Chinese.
pub fn progress_table(r: &Report) -> Table {
    let mut columns = COLUMNS;
    if r.week.is_none() {
        columns[9].header = PERIOD_NEWS;
    }
    let year = chrono::Datelike::year(&r.as_of);
    let rows: Vec<Vec<String>> = r.rows.iter().map(|row| cells(row, year).to_vec()).collect();
    // A cut's count follows the table: its last row keeps with it (in Word).
    table(&columns, &rows, LANDSCAPE_TYPE_AREA, true)
}

/// The cells of `row` in a document of `year`.
fn cells(row: &Row, year: i32) -> [String; 11] {
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
        // The news columns are prose in a cell: their dates as the body writes them
        // (`11月25日 进度由…`, as wide as `11-25` and never broken at a hyphen).
        prose::dates(&week_text(&row.this_week, Lang::Zh, Medium::Document, true)).into_owned(),
        row.latest
            .as_ref()
            .map(|l| {
                let note = note_text(&crate::returns::brief_source(&l.note), Medium::Document);
                // The note's day in prose, with its year where it is not the document's.
                match chrono::NaiveDate::parse_from_str(&l.date, "%Y-%m-%d") {
                    Ok(d) => format!(
                        "{}，{}",
                        crate::model::prose_day_in(d, year),
                        prose::dates(&note)
                    ),
                    Err(_) => {
                        let text = format!("{} {note}", l.date.get(5..).unwrap_or_default());
                        prose::dates(&text).into_owned()
                    }
                }
            })
            .unwrap_or_default(),
    ]
}

/// The pace legend of the table (above it, under its title), as the terminal report gives it.
pub fn legend(r: &Report) -> String {
    crate::render::followup::pace_legend(r.pace_amber, r.pace_red, Lang::Zh)
}
