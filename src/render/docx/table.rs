//! A table in an office document, one rule for every table the documents hold (the 通报's
//! attachment, the 督办通知单's two parts): its column widths measured from the cells it
//! holds, its header row repeated on every page (`w:tblHeader`, added by [`super::pack`]),
//! no row split across two pages (`w:cantSplit`), a fixed layout so Word and LibreOffice
//! lay it out alike.
//!
//! Why measure: a fixed width that held `1.4` breaks `2.10` into `2.1` / `0` and
//! `已逾期230天` into `已逾期230` / `天` (found in LibreOffice renders). A column of values
//! that must stay whole (ids, dates, day counts, progress) gets the width of its widest value
//! at the table's font size; the text columns share what is left.

use docx_rs::{
    AlignmentType, Paragraph, Run, Table, TableCell, TableCellMargins, TableRow, WidthType,
};
use unicode_width::UnicodeWidthChar;

use super::{STYLE_TABLE, TABLE_SIZE, para};

/// Left and right cell margins in twips: Word's default 0.19 cm, written out so that every
/// program leaves the same room (LibreOffice's own default differs).
pub const CELL_MARGIN: usize = 108;

/// Twips of slack per measured column, for a font a little wider than the estimate below.
const SLACK: usize = 40;

/// The narrowest a text column gets: four characters of 5号, plus its margins.
const TEXT_FLOOR_CHARS: usize = 4;

/// How a column gets its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Values that must not break (an id, a date, `已逾期230天`): as wide as the widest
    /// line in the column. Where the page has no room for that, it narrows to the widest
    /// part between the places a line may break (after `，`, `、`, `；` or a space), and
    /// its cells break there, never inside a part.
    Whole,
    /// Running text (a title, units, news): a share of what the measured columns leave, by
    /// this weight, at least four characters.
    Text(usize),
}

/// A column: its header and how it gets its width.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub header: &'a str,
    pub fit: Fit,
}

/// Twips per em at the table's size (5号, 10.5 pt: `TABLE_SIZE` half-points × 10).
fn em() -> usize {
    TABLE_SIZE * 10
}

/// The width of `text` on one line, in twips, at the table's size. A wide character (CJK,
/// full-width) is one em; `%`, `W`, `M`, `m`, `w` and `@` about one em in the sans fonts a
/// missing 仿宋 falls back to; a hyphen half an em; any other narrow character 0.64 em (DejaVu Sans's digits, the
/// widest of the common fallbacks; 仿宋_GB2312's own digits are 0.5 em). Where wide and
/// narrow letters meet (`逾期230天`), Word and LibreOffice add a quarter em of space
/// (`w:autoSpaceDN`, on by default), counted too.
pub fn text_twips(text: &str) -> usize {
    let em = em();
    let mut last: Option<bool> = None;
    let mut sum = 0;
    for c in text.chars() {
        let width = c.width().unwrap_or(0);
        if width == 0 {
            continue;
        }
        let wide = width == 2;
        if last.is_some_and(|w| w != wide) && c != ' ' {
            sum += em / 4;
        }
        last = if c == ' ' { None } else { Some(wide) };
        sum += match c {
            _ if wide => em,
            '%' | 'W' | 'M' | 'm' | 'w' | '@' => em,
            // A date's hyphens: 0.36 em in DejaVu Sans, 0.5 em in 仿宋 (17j #5: `2026-11-27`
            // was given half as much room again as it takes).
            '-' => em / 2,
            _ => em * 64 / 100,
        };
    }
    sum
}

/// The parts of `text` between the places a line may break: after `，`, `、`, `；`, or at a
/// space (the space kept at the end of its part).
fn parts(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '，' | '、' | '；' | ' ') {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The column widths in twips for `columns` holding `rows` (each row one cell per column,
/// lines split by `\n`), together exactly `total` where the text columns get at least their
/// floor; wider (overflowing the type area) only where even the measured columns' parts do
/// not fit.
pub fn widths(columns: &[Column<'_>], rows: &[Vec<String>], total: usize) -> Vec<usize> {
    let pad = 2 * CELL_MARGIN + SLACK;
    // The narrowest a measured column gets: two characters.
    let floor = 2 * em() + pad;
    // Every header on one line (配合单位 never 配合单/位): bold is about 5% wider.
    let head = |c: &Column<'_>| text_twips(c.header) * 105 / 100 + pad;
    let measure = |k: usize, piece: &dyn Fn(&str) -> usize| {
        rows.iter()
            .filter_map(|r| r.get(k))
            .flat_map(|c| c.split('\n'))
            .map(piece)
            .max()
            .unwrap_or(0)
    };
    let mut w = vec![0; columns.len()];
    let mut least = vec![0; columns.len()];
    let mut texts = 0;
    for (k, c) in columns.iter().enumerate() {
        match c.fit {
            Fit::Whole => {
                w[k] = (measure(k, &text_twips) + pad).max(floor).max(head(c));
                least[k] = (measure(k, &|line| {
                    parts(line).into_iter().map(text_twips).max().unwrap_or(0)
                }) + pad)
                    .max(floor)
                    .min(w[k]);
            }
            Fit::Text(_) => texts += 1,
        }
    }
    let text_floor = TEXT_FLOOR_CHARS * em() + 2 * CELL_MARGIN;

    let measured: usize = w.iter().sum();
    let wanted = measured + texts * text_floor;
    if wanted > total {
        // Narrow the measured columns towards their parts, each by its share of the slack.
        let need = wanted - total;
        let give: usize = w.iter().zip(&least).map(|(a, b)| a - b).sum();
        for k in 0..w.len() {
            if give > 0 && w[k] > least[k] {
                let cut = ((w[k] - least[k]) * need.min(give)).div_ceil(give);
                w[k] -= cut.min(w[k] - least[k]);
            }
        }
    }
    // The text columns share what is left by weight; a column whose share is below its floor
    // (four characters, or its header on one line) takes the floor, and the others share
    // the rest again, so a light weight (a unit column) never starves a heavy one (17j #5).
    let left = total.saturating_sub(w.iter().sum());
    let text: Vec<usize> = (0..columns.len())
        .filter(|&k| matches!(columns[k].fit, Fit::Text(_)))
        .collect();
    let weight = |k: usize| match columns[k].fit {
        Fit::Text(n) => n.max(1),
        Fit::Whole => 0,
    };
    let keep = |k: usize| text_floor.max(head(&columns[k]));
    let mut floored = vec![false; columns.len()];
    loop {
        let fixed: usize = text.iter().filter(|&&k| floored[k]).map(|&k| keep(k)).sum();
        let room = left.saturating_sub(fixed);
        let weights: usize = text
            .iter()
            .filter(|&&k| !floored[k])
            .map(|&k| weight(k))
            .sum();
        let below: Vec<usize> = text
            .iter()
            .copied()
            .filter(|&k| !floored[k] && room * weight(k) / weights.max(1) < keep(k))
            .collect();
        if below.is_empty() {
            let free: Vec<usize> = text.iter().copied().filter(|&k| !floored[k]).collect();
            let mut given = 0;
            for (n, &k) in free.iter().enumerate() {
                w[k] = if n + 1 == free.len() {
                    room.saturating_sub(given)
                } else {
                    room * weight(k) / weights.max(1)
                };
                given += w[k];
            }
            for &k in &text {
                if floored[k] {
                    w[k] = keep(k);
                }
            }
            break;
        }
        for k in below {
            floored[k] = true;
        }
    }
    // A floor may have pushed the text columns past `total`: take it back from the widest
    // of them above their floors.
    let mut over = w.iter().sum::<usize>().saturating_sub(total);
    let mut order: Vec<usize> = (0..columns.len())
        .filter(|&k| matches!(columns[k].fit, Fit::Text(_)))
        .collect();
    order.sort_by_key(|&k| std::cmp::Reverse(w[k]));
    for k in order {
        let keep = text_floor.max(head(&columns[k]));
        let take = over.min(w[k].saturating_sub(keep));
        w[k] -= take;
        over -= take;
    }
    w
}

/// `text` with a line break before each part (see [`Fit::Whole`]) that would not fit on the
/// line in `width` twips of cell: a value narrowed below its whole width breaks only between
/// its parts.
fn break_between_parts(text: &str, width: usize) -> String {
    let room = width.saturating_sub(2 * CELL_MARGIN);
    let mut out = String::with_capacity(text.len() + 4);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut used = 0;
        for p in parts(line) {
            let pw = text_twips(p);
            if used > 0 && used + pw > room {
                // The space a part ends with is not carried to the next line.
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push('\n');
                used = 0;
            }
            out.push_str(p);
            used += pw;
        }
    }
    out
}

/// The table: a bold, centred header row, then `rows` (text as each cell shows it; `\n`
/// starts a new line in the cell), widths from [`widths`] within `total` twips, every row
/// kept whole on a page and the header repeated on each. With `keep_end`, the last row keeps
/// with the paragraph after the table (its paragraphs `keepNext`; Word honours it, LibreOffice
/// does not), so a note under the table stays with its end.
pub fn table(columns: &[Column<'_>], rows: &[Vec<String>], total: usize, keep_end: bool) -> Table {
    let w = widths(columns, rows, total);
    let header = TableRow::new(
        columns
            .iter()
            .zip(&w)
            .map(|(c, &w)| {
                TableCell::new().width(w, WidthType::Dxa).add_paragraph(
                    Paragraph::new()
                        .style(STYLE_TABLE)
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text(c.header).bold()),
                )
            })
            .collect(),
    )
    .cant_split();
    let mut out = Vec::with_capacity(rows.len() + 1);
    out.push(header);
    for (k, row) in rows.iter().enumerate() {
        let keep = keep_end && k + 1 == rows.len();
        out.push(
            TableRow::new(
                row.iter()
                    .zip(columns.iter().zip(&w))
                    .map(|(text, (c, &w))| {
                        let text = match c.fit {
                            Fit::Whole if text_twips(text) + 2 * CELL_MARGIN > w => {
                                break_between_parts(text, w)
                            }
                            _ => text.clone(),
                        };
                        TableCell::new()
                            .width(w, WidthType::Dxa)
                            .add_paragraph(para(STYLE_TABLE, &text).keep_next(keep))
                    })
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(out)
        .layout(docx_rs::TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN))
        .set_grid(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> [Column<'static>; 3] {
        [
            Column {
                header: "序号",
                fit: Fit::Whole,
            },
            Column {
                header: "事项",
                fit: Fit::Text(1),
            },
            Column {
                header: "提示",
                fit: Fit::Whole,
            },
        ]
    }

    #[test]
    fn a_measured_column_holds_its_widest_value_and_the_rest_goes_to_text() {
        let rows = vec![
            vec!["1.4".into(), "甲".into(), "".into()],
            vec!["110.30".into(), "乙".into(), "已逾期230天".into()],
        ];
        let w = widths(&cols(), &rows, 8844);
        assert!(w[0] >= text_twips("110.30") + 2 * CELL_MARGIN, "{w:?}");
        assert!(w[2] >= text_twips("已逾期230天") + 2 * CELL_MARGIN, "{w:?}");
        assert_eq!(w.iter().sum::<usize>(), 8844);
    }

    #[test]
    fn a_narrowed_value_breaks_only_between_its_parts() {
        let rows = vec![vec!["1.1".into(), "甲".into(), "临期，5天后到期".into()]];
        // Room for the parts, not for the whole: the text column keeps its floor.
        let w = widths(&cols(), &rows, 3600);
        assert!(
            w[2] < text_twips("临期，5天后到期") + 2 * CELL_MARGIN,
            "{w:?}"
        );
        assert_eq!(
            break_between_parts("临期，5天后到期", w[2]),
            "临期，\n5天后到期"
        );
        assert_eq!(break_between_parts("红 -54.3", 500), "红\n-54.3");
        assert_eq!(parts("2.10"), ["2.10"]);
    }
}
