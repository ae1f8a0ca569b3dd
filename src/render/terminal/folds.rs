//! The folds of the terminal report for a narrow terminal: which columns go into which, by
//! width and by measure, so that ids, dates, statuses and figures stay whole and the task's
//! title keeps its room.

use super::super::grid;
use super::super::header::header_line;
use super::super::report::{Kind, Section, col};
use super::wrapping_columns;
use crate::model::Lang;

/// Below this many columns the terminal's progress table folds its ten columns into eight, so
/// that the task's title keeps room at 80 columns.
pub(super) const WIDE: usize = 120;

/// The progress table for a narrow terminal: the supporting units under the lead
/// (`配合：…`), and the latest note under the week's news when it is not among them
/// (`最新：11-18 …`); the columns the writers look up by place keep theirs up to 本周进展.
pub(super) fn narrow_progress(s: &Section, lang: Lang) -> Section {
    let mut n = s.clone();
    let fold = |row: &[String]| -> Vec<String> {
        let mut row = row.to_vec();
        let latest = row.remove(col::LATEST);
        row.remove(col::UNREPORTED);
        let pace = row.remove(col::PACE);
        let support = row.remove(col::SUPPORT);
        if !support.is_empty() {
            row[col::LEAD] = format!(
                "{}\n{}{support}",
                row[col::LEAD],
                lang.pick("配合：", "with ")
            );
        }
        let health = col::HEALTH - 1;
        // The 序时 cell as every format writes it (`红 -30.2`, `followup::pace_cell`).
        if !pace.is_empty() {
            let sep = if row[health].is_empty() { "" } else { "\n" };
            row[health] = format!("{}{sep}{pace}", row[health]);
        }
        let news = NARROW_NEWS;
        let latest_day = latest.split(' ').next().unwrap_or_default();
        if !latest.is_empty() && !row[news].lines().any(|l| l.starts_with(latest_day)) {
            let sep = if row[news].is_empty() { "" } else { "\n" };
            row[news] = format!(
                "{}{sep}{}{latest}",
                row[news],
                lang.pick("最新：", "latest: ")
            );
        }
        row
    };
    n.headers = fold(&s.headers);
    n.headers[col::LEAD] = lang.pick("单位", "Units").to_string();
    n.headers[col::HEALTH - 1] = lang.pick("健康\n序时", "Health\npace").to_string();
    n.headers[NARROW_NEWS] = s.headers[col::NEWS].clone();
    n.rows = s.rows.iter().map(|r| fold(r)).collect();
    n.numeric = vec![col::PROGRESS - 1];
    n.narrow = true;
    n
}

/// Below this many columns the summary and the pace table drop or fold columns: their ten and
/// seven figures, each as wide as its header, do not fit 60 columns otherwise.
pub(super) const NARROW_FIGURES: usize = 80;

/// The summary or the pace table for a narrow terminal. The summary keeps tasks, done,
/// overdue, the two rates and the change, and gives the counts in progress, blocked, not
/// started and cancelled of the total in a line under it; the pace table breaks its two
/// long headers in two.
pub(super) fn narrow_figures(s: &Section, lang: Lang) -> Section {
    let mut n = s.clone();
    if s.kind == Kind::Pace {
        for h in &mut n.headers {
            match h.as_str() {
                "逾期完成" => *h = "逾期\n完成".into(),
                "未按时反馈" => *h = "未按时\n反馈".into(),
                _ => {}
            }
        }
        return n;
    }
    // Columns 3 to 6: 进行中, 受阻, 未开始, 取消 (`report::report_doc`).
    const FOLDED: std::ops::RangeInclusive<usize> = 3..=6;
    let keep = |row: &[String]| -> Vec<String> {
        (row.iter().enumerate())
            .filter(|(i, _)| !FOLDED.contains(i))
            .map(|(_, c)| c.clone())
            .collect()
    };
    n.headers = keep(&s.headers);
    n.rows = s.rows.iter().map(|r| keep(r)).collect();
    n.numeric = (1..n.headers.len()).collect();
    if let Some(total) = s.rows.last() {
        let named: Vec<String> = FOLDED
            .filter_map(|i| {
                Some(format!(
                    "{} {}",
                    header_line(s.headers.get(i)?),
                    total.get(i)?
                ))
            })
            .collect();
        let line = match lang {
            Lang::Zh => format!("合计：{}（终端较窄，各建议的这四列从略）", named.join("，")),
            Lang::En => format!(
                "Total: {} (a narrow terminal leaves these four columns out per recommendation)",
                named.join(", ")
            ),
        };
        n.more = Some(match &s.more {
            Some(m) => format!("{m}\n{line}"),
            None => line,
        });
    }
    n
}

/// The place of the week's news in the folded progress table: supporting units, pace, days
/// unreported and the latest note are folded into other cells or left out.
pub(super) const NARROW_NEWS: usize = col::HEALTH;

/// A folded progress table's column at its place in the full table (for colours); `tight`:
/// folded further by `narrow_status`.
pub(super) fn widened(i: usize, tight: bool) -> usize {
    match i {
        _ if i <= col::LEAD => i,
        _ if tight && i < col::STATUS => i + 1,
        _ if tight && i == col::STATUS => col::HEALTH,
        _ if tight => col::NEWS,
        _ if i < NARROW_NEWS => i + 1,
        _ => col::NEWS,
    }
}

/// Below this many columns the folded progress table folds once more (`narrow_status`): its
/// eight columns, dates and statuses whole, do not fit 60 columns otherwise.
pub(super) const TIGHT: usize = 72;

/// The folded progress table (`narrow_progress`) for a terminal of fewer than [`TIGHT`]
/// columns: the progress under the status (`进行中` over `30%`).
pub(super) fn narrow_status(mut n: Section, lang: Lang) -> Section {
    let status = col::STATUS - 1;
    let fold = |row: &mut Vec<String>| {
        let progress = row.remove(status + 1);
        if !progress.is_empty() {
            row[status] = format!("{}\n{progress}", row[status]);
        }
    };
    fold(&mut n.headers);
    n.headers[status] = lang.pick("状态\n进度", "Status\nprogress").to_string();
    n.rows.iter_mut().for_each(fold);
    n.numeric = Vec::new();
    n
}

/// Whether a folded progress table leaves its three text columns too little: the title at
/// least `title` columns, the units as wide as their widest line up to the 10 they wrap at
/// (at least 6) and the news `news` (the floor the grid gives it), beside
/// the `fixed` columns (measured from their widest lines, header included) and the gaps
/// between all the columns.
pub(super) fn crowded(
    n: &Section,
    width: usize,
    fixed: &[usize],
    title: usize,
    news: usize,
) -> bool {
    let widest = |i: usize| {
        (n.rows.iter().map(|r| r[i].as_str()))
            .chain(std::iter::once(n.headers[i].as_str()))
            .flat_map(str::lines)
            .map(grid::display_width)
            .max()
            .unwrap_or(0)
    };
    let fixed: usize = fixed.iter().map(|&i| widest(i)).sum();
    let units = widest(col::LEAD).clamp(6, 10);
    fixed + 2 * (n.headers.len() - 1) + title + units + news > width
}

/// The tightest progress table (`narrow_status`'s) with the health and pace lights under the
/// deadline (`2027-04-05` over `on track` over `red -30.2`): in English the status and the lights
/// are words as wide as a date, and four such columns leave the title no room at 60 columns.
pub(super) fn narrow_lights(mut n: Section, lang: Lang) -> Section {
    let (deadline, lights) = (col::LEAD + 1, col::LEAD + 3);
    let fold = |row: &mut Vec<String>| {
        let light = row.remove(lights);
        if !light.is_empty() {
            row[deadline] = format!("{}\n{light}", row[deadline]);
        }
    };
    fold(&mut n.headers);
    n.headers[deadline] = lang
        .pick("完成时限\n健康\n序时", "Deadline\nhealth\npace")
        .to_string();
    n.rows.iter_mut().for_each(fold);
    n
}

/// A `narrow_lights` table's column at its place in the full table (for colours).
pub(super) fn widened_lights(i: usize) -> usize {
    match i {
        _ if i <= col::LEAD => i,
        3 => col::DEADLINE,
        4 => col::STATUS,
        _ => col::NEWS,
    }
}

/// 三 (overdue and lagging), the tasks due after the period and 未按时反馈 for a terminal of
/// fewer than [`TIGHT`] columns: the progress under the status (`not-started` over `0%`), and
/// in 三 no days-overdue column, since its 情况 says the same (`4 days overdue`); the columns
/// that may wrap, at their new places.
pub(super) fn narrow_list(s: &Section, lang: Lang) -> (Section, Vec<usize>) {
    let mut n = s.clone();
    // (status's place, the column left out)
    let (status, drop) = match s.kind {
        Kind::Overdue => (5, Some(4)),
        Kind::Upcoming => (5, None),
        _ => (4, None),
    };
    let fold = |row: &mut Vec<String>| {
        let progress = row.remove(status + 1);
        if !progress.is_empty() {
            row[status] = format!("{}\n{progress}", row[status]);
        }
        if let Some(d) = drop {
            row.remove(d);
        }
    };
    fold(&mut n.headers);
    let at = status - usize::from(drop.is_some());
    n.headers[at] = lang.pick("状态\n进度", "Status\nprogress").to_string();
    n.rows.iter_mut().for_each(fold);
    // The numbers left in their own columns keep to the right: days since the last report.
    n.numeric = match s.kind {
        Kind::Unreported => vec![3, 5],
        Kind::Upcoming => vec![4],
        _ => Vec::new(),
    };
    let wraps = match s.kind {
        Kind::Overdue => vec![1, 2, 5],
        _ => wrapping_columns(s.kind).to_vec(),
    };
    (n, wraps)
}

/// 四 (due in the period) for a terminal of fewer than [`TIGHT`] columns: the day a task was
/// done under its outcome (`done late` over `2026-12-01`), so that the title keeps its room
/// at 60 columns where English outcomes (`not yet due`) are as wide as a date.
pub(super) fn narrow_due(s: &Section, lang: Lang) -> Section {
    let mut n = s.clone();
    // Columns 4 and 5: 完成情况, 完成日期 (`report::report_doc`).
    let (outcome, done_on) = (4, 5);
    let fold = |row: &mut Vec<String>| {
        let day = row.remove(done_on);
        if !day.is_empty() {
            row[outcome] = format!("{}\n{day}", row[outcome]);
        }
    };
    fold(&mut n.headers);
    n.headers[outcome] = lang
        .pick("完成情况\n完成日期", "Outcome\ndone on")
        .to_string();
    n.rows.iter_mut().for_each(fold);
    // The progress, now at the done day's place, keeps to the right.
    n.numeric = vec![done_on];
    n
}
