//! `list`'s table: one row per task, laid out by `grid` row by row (a list can hold every
//! task of the ledger), with the rule for a narrow terminal: the title keeps its room and the
//! optional columns give way.

use super::table::{health_color, pace_color, status_color};
use crate::model::{Health, Lang, push_ymd};
use crate::task::Task;

/// `list`: one row per task, laid out by `grid` (a list can hold every task of the ledger).
pub fn task_list(rows: &[(&Task, Option<Health>)], lang: Lang, color: bool, width: u16) -> String {
    task_list_paced(rows, None, lang, color, width)
}

/// What `list`'s 序时 column says of a task: its pace light, 逾期完成 for a task done after
/// its deadline (issue 17 §2), or nothing (cancelled, done in time, no start or deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaceMark {
    None,
    Light(crate::report::Light),
    DoneLate,
}

/// The follow-up columns of `list`: `pace[i]` for `rows[i]`; with `--stale`, `reports[i]`: the
/// day of its last report (末次反馈; `None`: never reported) and the days since it, or since
/// the task was created where it never was (未反馈天数).
pub struct ListFollow<'a> {
    pub pace: &'a [PaceMark],
    pub reports: Option<&'a [(Option<chrono::NaiveDate>, i64)]>,
}

/// [`task_list`] with a pace light (序时, `report::followup::pace`, or 逾期完成) beside the
/// health light, and with `--stale` the last report's day and the days since
/// ([`ListFollow`]). `None`: no follow-up columns.
///
/// The title keeps at least [`TITLE_MIN`] display columns (or its whole width, if less): in
/// a terminal too narrow for every column (62–80 columns with the pace light), the optional
/// columns go first, in the order of [`OPTIONAL`] (pace, then progress, then health); only
/// where they are all gone may the table grow past the terminal's edge.
pub fn task_list_paced(
    rows: &[(&Task, Option<Health>)],
    follow: Option<&ListFollow<'_>>,
    lang: Lang,
    color: bool,
    width: u16,
) -> String {
    use super::grid::{Cell, Col, Fit, ansi};
    let mut headers = match lang {
        Lang::Zh => vec![
            "编号",
            "工作任务",
            "牵头单位",
            "完成时限",
            "状态",
            "进度",
            "健康",
        ],
        Lang::En => vec!["ID", "Task", "Lead", "Deadline", "Status", "%", "Health"],
    };
    if follow.is_some() {
        headers.push(lang.pick("序时", "Pace"));
    }
    let reports = follow.and_then(|f| f.reports);
    if reports.is_some() {
        headers.push(lang.pick("末次反馈", "Last report"));
        headers.push(lang.pick("未反馈天数", "Days since report"));
    }
    let fits = [
        Fit::Content,
        Fit::Wrap {
            min: TITLE_MIN,
            max: None,
        },
        // Unit names are short; leave the room to the title. The placeholder of a task no
        // unit leads is one word, never broken (`(unass` / `igned)`).
        Fit::Wrap {
            min: if rows.iter().any(|(t, _)| t.lead.is_none()) {
                super::grid::display_width(lang.pick("（未指定）", "(unassigned)"))
            } else {
                0
            },
            max: Some(12),
        },
        Fit::Content,
        Fit::Content,
        Fit::Content,
        Fit::Content,
        Fit::Content,
        Fit::Content,
        Fit::Content,
    ];
    let cols: Vec<Col> = headers
        .iter()
        .zip(fits)
        .enumerate()
        .map(|(k, (header, fit))| Col {
            header,
            fit,
            right: k == 5 || k == 9,
        })
        .collect();
    // Ids, deadlines and percentages are written into one buffer that the cells borrow:
    // a list can hold tens of thousands of rows.
    let mut short = String::with_capacity(rows.len() * 20);
    let mut ends = Vec::with_capacity(rows.len() * 3);
    for (task, _) in rows {
        push_number(&mut short, task.id.rec);
        short.push('.');
        push_number(&mut short, task.id.item);
        ends.push(short.len());
        match task.deadline {
            Some(d) => push_ymd(&mut short, d),
            None => short.push('-'),
        }
        ends.push(short.len());
        push_number(&mut short, u32::from(task.progress));
        short.push('%');
        ends.push(short.len());
    }
    let piece = |k: usize| &short[if k == 0 { 0 } else { ends[k - 1] }..ends[k]];
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .enumerate()
        .map(|(i, (task, health))| {
            let mut row = vec![
                Cell::plain(piece(3 * i)),
                Cell::shown(&task.title),
                match &task.lead {
                    Some(lead) => Cell::shown(lead),
                    None => Cell::plain(lang.pick("（未指定）", "(unassigned)")),
                },
                Cell::plain(piece(3 * i + 1)),
                Cell::new(
                    task.status.label(lang),
                    status_color(task.status).and_then(ansi),
                ),
                Cell::plain(piece(3 * i + 2)),
                Cell::new(
                    health.map(|h| h.label(lang)).unwrap_or_default(),
                    health.and_then(|h| ansi(health_color(h))),
                ),
            ];
            if let Some(f) = follow {
                row.push(match f.pace.get(i).copied().unwrap_or(PaceMark::None) {
                    PaceMark::None => Cell::plain(""),
                    PaceMark::Light(l) => Cell::new(l.label(lang), ansi(pace_color(l))),
                    PaceMark::DoneLate => Cell::new(
                        lang.pick("逾期完成", "done late"),
                        ansi(pace_color(crate::report::Light::Red)),
                    ),
                });
            }
            if let Some(&(day, days)) = reports.and_then(|r| r.get(i)) {
                row.push(Cell::plain(super::followup::last_report_text(day, lang)));
                row.push(Cell::plain(days.to_string()));
            }
            row
        })
        .collect();
    let width = usize::from(width);
    let mut measure = super::grid::Measure::new(&cols);
    for row in &cells {
        measure.add(row);
    }
    let mut keep: Vec<usize> = (0..cols.len()).collect();
    for drop in OPTIONAL {
        let kept = measure.keep(&keep);
        let picked: Vec<Col> = keep.iter().map(|&k| cols[k]).collect();
        let w = kept.layout(&picked, width);
        if w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1) <= width {
            break;
        }
        keep.retain(|&k| k != drop);
    }
    if keep.len() == cols.len() {
        return super::grid::render(&cols, &cells, width, color);
    }
    // Every optional column gone and still too wide: the folds, one at a time while the
    // table is wider than the terminal (`folded`).
    let picked: Vec<Col> = keep.iter().map(|&k| cols[k]).collect();
    let w = measure.keep(&keep).layout(&picked, width);
    if w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1) > width {
        return folded(rows, reports, lang, color, width);
    }
    let picked: Vec<Col> = keep.iter().map(|&k| cols[k]).collect();
    let rows: Vec<Vec<Cell>> = cells
        .into_iter()
        .map(|row| {
            row.into_iter()
                .enumerate()
                .filter(|(k, _)| keep.contains(k))
                .map(|(_, c)| c)
                .collect()
        })
        .collect();
    super::grid::render(&picked, &rows, width, color)
}

/// `list`'s table where even without its optional columns it is wider than `width` (English
/// statuses are as wide as a date; `--stale` adds two columns): the days since the last report
/// fold under it (`2026-11-17` over `15天`, `never` / `reported` over `30 days`: the column
/// wraps, never inside a date), then, if still too wide, the status under the deadline
/// (`2027-11-02` over `not-started`, in the status's colour). Id, title, lead, deadline,
/// status and the last report stay whole; the title keeps [`TITLE_MIN`].
fn folded(
    rows: &[(&Task, Option<Health>)],
    reports: Option<&[(Option<chrono::NaiveDate>, i64)]>,
    lang: Lang,
    color: bool,
    width: usize,
) -> String {
    use super::grid::{Cell, Col, Fit, Measure, ansi};
    let fits = |cols: &[Col], cells: &[Vec<Cell>]| {
        let mut m = Measure::new(cols);
        cells.iter().for_each(|r| m.add(r));
        let w = m.layout(cols, width);
        w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1) <= width
    };
    let unassigned = lang.pick("（未指定）", "(unassigned)");
    let lead_min = if rows.iter().any(|(t, _)| t.lead.is_none()) {
        super::grid::display_width(unassigned)
    } else {
        0
    };
    let build = |fold_status: bool| -> (Vec<Col<'static>>, Vec<Vec<Cell<'_>>>) {
        let text = |header: &'static str, fit: Fit| Col {
            header,
            fit,
            right: false,
        };
        let mut cols = vec![
            text(lang.pick("编号", "ID"), Fit::Content),
            text(
                lang.pick("工作任务", "Task"),
                Fit::Wrap {
                    min: TITLE_MIN,
                    max: None,
                },
            ),
            text(
                lang.pick("牵头单位", "Lead"),
                Fit::Wrap {
                    min: lead_min,
                    max: Some(12),
                },
            ),
        ];
        if fold_status {
            cols.push(text(
                lang.pick("完成时限\n状态", "Deadline\nstatus"),
                Fit::Content,
            ));
        } else {
            cols.push(text(lang.pick("完成时限", "Deadline"), Fit::Content));
            cols.push(text(lang.pick("状态", "Status"), Fit::Content));
        }
        if reports.is_some() {
            // As wide as a date at least, so a date never breaks; 从未反馈 or the days wrap.
            cols.push(text(
                lang.pick("末次反馈\n未反馈天数", "Last report\ndays since"),
                Fit::Wrap {
                    min: 10,
                    max: Some(14),
                },
            ));
        }
        let cells = rows
            .iter()
            .enumerate()
            .map(|(i, (task, _))| {
                let deadline = task
                    .deadline
                    .map_or_else(|| "-".to_string(), crate::model::ymd);
                let status = task.status.label(lang);
                let code = status_color(task.status).and_then(ansi);
                let mut row = vec![
                    Cell::plain(task.id.to_string()),
                    Cell::shown(&task.title),
                    match &task.lead {
                        Some(lead) => Cell::shown(lead),
                        None => Cell::plain(unassigned),
                    },
                ];
                if fold_status {
                    row.push(Cell::new(format!("{deadline}\n{status}"), code).below(1));
                } else {
                    row.push(Cell::plain(deadline));
                    row.push(Cell::new(status, code));
                }
                if let Some(&(day, days)) = reports.and_then(|r| r.get(i)) {
                    let since = match lang {
                        Lang::Zh => format!("{days}天"),
                        Lang::En if days == 1 => "1 day".to_string(),
                        Lang::En => format!("{days} days"),
                    };
                    row.push(Cell::plain(format!(
                        "{}\n{since}",
                        super::followup::last_report_text(day, lang)
                    )));
                }
                row
            })
            .collect();
        (cols, cells)
    };
    let (mut cols, mut cells) = build(false);
    if !fits(&cols, &cells) {
        (cols, cells) = build(true);
    }
    super::grid::render(&cols, &cells, width, color)
}

/// The fewest display columns `list` leaves a title (a title narrower keeps its own width):
/// at ten, five Chinese characters, a title still reads as words; below it the optional
/// columns give way.
pub const TITLE_MIN: usize = 10;

/// `list`'s optional columns, by index, in the order they give way to the title: the pace
/// light (序时), the progress percentage, the health light. Id, title, lead, deadline and
/// status always stay, and so do `--stale`'s last report and days since (what it is asked for).
const OPTIONAL: [usize; 3] = [7, 5, 6];

/// `n` in decimal, onto the end of `out`.
fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut k = digits.len();
    let mut n = n;
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[k..].iter().map(|&d| char::from(d)));
}
