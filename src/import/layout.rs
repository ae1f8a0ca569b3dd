//! What a sheet's layout says before its rows are read as tasks: whether the workbook is a
//! 台账 at all (not one of tracker's own return sheets or weekly reports), which column groups
//! the tasks, and whether the progress column holds fractions. Pure.

use super::columns::Col;
use super::sheet::{Cell, Sheet};

/// Why a workbook is not a 台账 to import, when it is one of tracker's own other workbooks: a
/// return sheet (its hidden identity cell, `returns::MARK`) belongs to `tracker collect`; a
/// weekly report (`report --format xlsx`, sheets 总体进展 and 任务进展 or Summary and Progress)
/// is figures drawn from a ledger, not a plan. `None` for anything else.
pub fn not_a_ledger(name: &str, sheets: &[Sheet]) -> Option<String> {
    let returned = sheets.iter().any(|s| {
        s.rows.iter().take(10).any(|row| {
            row.iter()
                .any(|c| c.text().trim_start().starts_with(crate::returns::MARK))
        })
    });
    if returned {
        return Some(crate::msg!(
            "{name}: this is a return sheet (反馈表) issued by tracker, not a 台账: use 'tracker collect {name}' to take in its answers",
            "{name}：这是 tracker 发出的反馈表，不是台账：请用 'tracker collect {name}' 收回其中的填报"
        ));
    }
    let has = |names: [&str; 2]| sheets.iter().any(|s| names.contains(&s.name.as_str()));
    if has(["总体进展", "Summary"]) && has(["任务进展", "Progress"]) {
        return Some(crate::msg!(
            "{name}: this is a weekly report written by 'tracker report', not a 台账: import the 台账 itself ('tracker export --format xlsx' writes one)",
            "{name}：这是 'tracker report' 写出的周报，不是台账：请导入台账本身（'tracker export --format xlsx' 可写出台账）"
        ));
    }
    None
}

/// The column that groups the tasks when it is not one tracker reads: a column whose header
/// names a category (类别, 分类, 领域, 板块, 方面) or none of tracker's, and whose cells are
/// merged down over several task rows. `None` when no column is so.
pub fn category_column(sheet: &Sheet, head: usize, cols: &[Option<Col>]) -> Option<usize> {
    const WORDS: [&str; 6] = ["类别", "分类", "类型", "领域", "板块", "方面"];
    (0..cols.len()).find(|&c| {
        let named = sheet
            .rows
            .get(head)
            .and_then(|r| r.get(c))
            .map(|h| h.text())
            .is_some_and(|h| WORDS.iter().any(|w| h.contains(w)));
        cols[c].is_none()
            && (named || c == 0)
            && sheet
                .merges
                .iter()
                .any(|m| m.1 == c && m.3 == c && m.0 > head && m.2 > m.0)
    })
}

/// A cell holding a plain number: a number cell, or text that is one (a .csv has only text,
/// so `0.6` and `1` there are what a workbook's number cells are). A percentage (`60%`, or
/// a cell formatted so) is no plain number.
pub fn plain_number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(*n),
        Cell::Text(t) => t.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        _ => None,
    }
}

/// Whether the plain numbers of the progress column are fractions (0.6 for 60%): when every
/// number there lies within 0–1 and one lies strictly between. For workbooks whose number
/// formats are not read (.xls); a cell formatted as a percentage says so itself.
pub fn fraction_column(rows: &[Vec<Cell>], col: Option<usize>) -> bool {
    let Some(col) = col else { return false };
    let numbers: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.get(col).and_then(plain_number))
        .collect();
    numbers.iter().all(|n| (0.0..=1.0).contains(n)) && numbers.iter().any(|n| *n > 0.0 && *n < 1.0)
}
