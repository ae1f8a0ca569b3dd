//! A plain table laid out in one pass, for the tables that can be long: `list` (every task of
//! the ledger) and the weekly report's sections. It looks like the comfy-table tables
//! (`table.rs`): ASCII rules above and below the header and at the bottom, two spaces between
//! columns, widths in display columns (two per Chinese character), colour around the padded
//! text so escapes never shift a column; headers and cells may hold several lines. What it
//! leaves out is comfy-table's general width solver, whose cost grows with every cell it
//! measures again.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

/// The display width of `text`, as `unicode-width` gives it, without its table lookups for the
/// characters a ledger is made of: printable ASCII (one column), CJK ideographs, CJK
/// punctuation and fullwidth forms (two columns). Anything else is measured by
/// `unicode-width`, whole, so that its rules for character sequences still apply.
pub fn display_width(text: &str) -> usize {
    quick_width(text).unwrap_or_else(|| text.width())
}

/// The width of `text` if it is made only of the characters `display_width` knows without
/// tables: then it is also one line with no control characters.
fn quick_width(text: &str) -> Option<usize> {
    let mut w = 0;
    for c in text.chars() {
        w += match c {
            ' '..='~' => 1,
            '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{3029}' | '\u{FF01}'..='\u{FF60}' => 2,
            _ => return None,
        };
    }
    Some(w)
}

/// How a column takes its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// As wide as its widest cell; never wraps (ids, dates, statuses, percentages).
    Content,
    /// Wraps when the table would be wider than allowed; never narrower than `min` columns
    /// (if its content is that wide) nor wider than `max`.
    Wrap { min: usize, max: Option<usize> },
}

#[derive(Debug, Clone, Copy)]
pub struct Col<'a> {
    pub header: &'a str,
    pub fit: Fit,
    pub right: bool,
}

/// One cell: its text (lines separated by `\n`), its display width (of its widest line), and
/// in colour its 256-colour code, the same for every line unless `then` gives the lines after
/// the first their own.
#[derive(Debug, Clone)]
pub struct Cell<'a> {
    text: Cow<'a, str>,
    width: usize,
    multiline: bool,
    color: Option<u8>,
    rest: Option<u8>,
    /// Lines at the top left without colour (a date over the lights folded under it).
    plain: usize,
}

impl<'a> Cell<'a> {
    pub fn new(text: impl Into<Cow<'a, str>>, color: Option<u8>) -> Self {
        let text = text.into();
        let (width, multiline) = match quick_width(&text) {
            Some(width) => (width, false),
            None if text.contains('\n') => {
                (text.lines().map(display_width).max().unwrap_or(0), true)
            }
            None => (text.width(), false),
        };
        Cell {
            text,
            width,
            multiline,
            color,
            rest: color,
            plain: 0,
        }
    }

    /// The cell with its first `lines` lines plain, its colours starting below them.
    pub fn below(mut self, lines: usize) -> Self {
        self.plain = lines;
        self
    }

    /// The cell with its second and later lines in `code` (a folded cell holding two values,
    /// each with its own colour: the health light over the pace light).
    pub fn then(mut self, code: Option<u8>) -> Self {
        self.rest = code;
        self
    }

    pub fn plain(text: impl Into<Cow<'a, str>>) -> Self {
        Cell::new(text, None)
    }

    /// A cell of text as typed, control characters made visible (`render::shown`): measured
    /// once when, as nearly always, it has none (`quick_width` takes no control character).
    pub fn shown(text: &'a str) -> Self {
        match quick_width(text) {
            Some(width) => Cell {
                text: Cow::Borrowed(text),
                width,
                multiline: false,
                color: None,
                rest: None,
                plain: 0,
            },
            None => Cell::plain(super::shown(text)),
        }
    }
}

/// The 256-colour code comfy-table writes for a colour.
pub fn ansi(c: comfy_table::Color) -> Option<u8> {
    use comfy_table::Color;
    match c {
        Color::DarkGrey => Some(8),
        Color::Red => Some(9),
        Color::Green => Some(10),
        Color::Yellow => Some(11),
        Color::Magenta => Some(13),
        Color::Cyan => Some(14),
        _ => None,
    }
}

const GAP: usize = 2;
/// The narrowest a wrapping column is made.
const MIN_WRAP: usize = 6;

/// The widest content of each column (its header and every cell), measured row by row; and
/// how narrow each header can be made by wrapping it (`header_floor`).
#[derive(Debug, Clone)]
pub struct Measure {
    full: Vec<usize>,
    cells: Vec<usize>,
    heads: Vec<usize>,
    /// Whether a column's cells stack several lines (`Deadline\nhealth\npace` over a date, a
    /// light and a figure): its header's lines name them and are never joined.
    tall: Vec<bool>,
}

impl Measure {
    pub fn new(cols: &[Col]) -> Self {
        // A header is measured on one line (`Cancelled`, not `Can-` over `celled`): it breaks
        // only where the table has no room for it (`layout`, `one_line`).
        let full: Vec<usize> = cols
            .iter()
            .map(|c| display_width(&super::header::header_line(c.header)))
            .collect();
        Measure {
            cells: vec![0; full.len()],
            heads: cols.iter().map(|c| header_floor(c.header)).collect(),
            tall: vec![false; full.len()],
            full,
        }
    }

    pub fn add(&mut self, row: &[Cell]) {
        for (k, cell) in row.iter().enumerate().take(self.full.len()) {
            self.full[k] = self.full[k].max(cell.width);
            self.cells[k] = self.cells[k].max(cell.width);
            self.tall[k] |= cell.multiline;
        }
    }

    /// The width column `k`'s header takes when it is not broken: on one line, or, where the
    /// column's cells stack lines, as its lines stand.
    fn unbroken(&self, cols: &[Col], k: usize) -> usize {
        let h = cols[k].header;
        if self.tall[k] {
            h.lines().map(display_width).max().unwrap_or(0)
        } else {
            display_width(&super::header::header_line(h))
        }
    }

    /// The measure of the columns `keep` (indexes, in order) alone: a table laying out fewer
    /// columns need not measure its rows again.
    pub fn keep(&self, keep: &[usize]) -> Measure {
        let pick = |v: &[usize]| -> Vec<usize> {
            keep.iter().filter_map(|&k| v.get(k).copied()).collect()
        };
        Measure {
            full: pick(&self.full),
            cells: pick(&self.cells),
            heads: pick(&self.heads),
            tall: keep
                .iter()
                .filter_map(|&k| self.tall.get(k).copied())
                .collect(),
        }
    }

    /// Column widths: content widths, then wrapping columns capped at their `max`, then, if
    /// the table is still wider than `width`, the wrapping columns share what the others leave
    /// (each keeps its content width if that is less than its share). Where that is still too
    /// wide, the headers wider than their columns' cells wrap (`Sup-ports` under a count of
    /// two digits, `未反馈天数` as `未反馈` over `天数`) before any cell is squeezed further,
    /// and the wrapping columns get the room that gives; what room is then left unbreaks
    /// headers again, left to right (17j #6: `Can-celled` at 200 columns).
    pub fn layout(&self, cols: &[Col], width: usize) -> Vec<usize> {
        // Each column's width with its header on one line, and with the header's lines as
        // they are written (`Can-` over `celled`).
        let full: Vec<usize> = (0..cols.len())
            .map(|k| self.cells[k].max(self.unbroken(cols, k)))
            .collect();
        let lines: Vec<usize> = (0..cols.len())
            .map(|k| {
                let h = cols[k].header.lines().map(display_width).max().unwrap_or(0);
                self.cells[k].max(h).min(full[k])
            })
            .collect();
        let w = fit(cols, full.clone(), width);
        if total(&w) <= width {
            return w;
        }
        let (mut w, toward) = {
            let w = fit(cols, lines.clone(), width);
            if total(&w) <= width {
                (w, vec![&full])
            } else {
                let narrow: Vec<usize> = (0..cols.len())
                    .map(|k| match cols[k].fit {
                        Fit::Content => self.cells[k].max(self.heads[k]),
                        Fit::Wrap { .. } => full[k],
                    })
                    .collect();
                (fit(cols, narrow, width), vec![&lines, &full])
            }
        };
        // Room left over unbreaks headers, left to right: first to their written lines, then
        // to one line (17j #6: `Can-celled` at 200 columns).
        for goal in toward {
            for k in 0..cols.len() {
                if matches!(cols[k].fit, Fit::Content) && w[k] < goal[k] {
                    let more = goal[k] - w[k];
                    if total(&w) + more <= width {
                        w[k] = goal[k];
                    }
                }
            }
        }
        w
    }
}

/// The narrowest `header` wraps to: its widest word where it has spaces or no Chinese
/// (`Days since report`: 6; `Progress`: 8, a word never cut), else half its width, a little more where the Chinese line-breaking rules
/// want it (`（本期/累计）`), never more than its width.
fn header_floor(header: &str) -> usize {
    header
        .lines()
        .map(|line| {
            let whole = display_width(line);
            if line.contains(' ') || !line.chars().any(super::wrap::is_wide) {
                return line.split(' ').map(display_width).max().unwrap_or(0);
            }
            (whole.div_ceil(2)..whole)
                .find(|&w| {
                    let mut lines = Vec::new();
                    super::wrap::wrap_into(line, w, &mut lines);
                    lines.len() <= 2 && lines.iter().all(|l| display_width(l) <= w)
                })
                .unwrap_or(whole)
        })
        .max()
        .unwrap_or(0)
}

fn total(w: &[usize]) -> usize {
    w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1)
}

fn fit(cols: &[Col], mut w: Vec<usize>, width: usize) -> Vec<usize> {
    for (k, c) in cols.iter().enumerate() {
        if let Fit::Wrap { max: Some(m), .. } = c.fit {
            w[k] = w[k].min(m.max(MIN_WRAP));
        }
    }
    if total(&w) <= width {
        return w;
    }
    let wrapping: Vec<usize> = (0..cols.len())
        .filter(|&k| matches!(cols[k].fit, Fit::Wrap { .. }))
        .collect();
    let fixed: usize = (0..cols.len())
        .filter(|k| !wrapping.contains(k))
        .map(|k| w[k])
        .sum();
    let mut room = width.saturating_sub(fixed + GAP * cols.len().saturating_sub(1));
    // The narrowest a wrapping column is made.
    let floor = |k: usize| match cols[k].fit {
        Fit::Wrap { min, .. } => min.max(MIN_WRAP),
        Fit::Content => MIN_WRAP,
    };
    // Capped columns (short names) take at most a third of the room; narrow columns keep
    // their width; the rest share what is left.
    let mut order = wrapping.clone();
    order.sort_by_key(|&k| (matches!(cols[k].fit, Fit::Wrap { max: None, .. }), w[k]));
    let mut left = order.len();
    for k in order {
        let mut share = room / left.max(1);
        if matches!(cols[k].fit, Fit::Wrap { max: Some(_), .. }) {
            share = share.min(room / 3);
        }
        w[k] = w[k].min(share.max(floor(k)));
        room = room.saturating_sub(w[k]);
        left -= 1;
    }
    // A floor may have pushed the table past `width`: take it back from the widest columns
    // above their floors.
    let mut excess = total(&w).saturating_sub(width);
    let mut order = wrapping;
    order.sort_by_key(|&k| std::cmp::Reverse(w[k]));
    for k in order {
        let take = excess.min(w[k].saturating_sub(floor(k)));
        w[k] -= take;
        excess -= take;
    }
    w
}

const SPACES: &str = "                                                                ";

fn spaces(out: &mut String, mut n: usize) {
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// Writes `text` (`used` columns wide) padded to `width`, in colour if `code` is given.
fn put(out: &mut String, text: &str, used: usize, width: usize, right: bool, code: Option<u8>) {
    let fill = width.saturating_sub(used);
    if let Some(c) = code {
        out.push_str("\u{1b}[38;5;");
        out.push_str(&c.to_string());
        out.push('m');
    }
    if right {
        spaces(out, fill);
        out.push_str(text);
    } else {
        out.push_str(text);
        spaces(out, fill);
    }
    if code.is_some() {
        out.push_str("\u{1b}[39m");
    }
}

/// The table, at most `width` columns wide when its fixed columns allow.
pub fn render<'a, R: AsRef<[Cell<'a>]>>(
    cols: &[Col],
    rows: &[R],
    width: usize,
    color: bool,
) -> String {
    let mut m = Measure::new(cols);
    for row in rows {
        m.add(row.as_ref());
    }
    let w = m.layout(cols, width);
    let total = w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1);
    // Room for a Chinese line (three bytes per two columns) and some wrapped rows, so that a
    // long table is not copied as it grows; pages not written are never touched.
    let mut out = String::with_capacity((rows.len() + 4) * (total * 2 + 16));
    head(cols, &w, &m, &mut out);
    for row in rows {
        write_row(cols, &w, row.as_ref(), color, &mut out);
    }
    foot(&w, &mut out);
    out
}

fn rule(w: &[usize], out: &mut String) {
    let total = w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1);
    for _ in 0..total {
        out.push('-');
    }
    out.push('\n');
}

/// The rule, the headers and the rule under them, for columns `w` wide (`Measure::layout`
/// of `m`).
pub fn head(cols: &[Col], w: &[usize], m: &Measure, out: &mut String) {
    let one_line: Vec<bool> = (0..cols.len())
        .map(|k| !m.tall.get(k).copied().unwrap_or(false))
        .collect();
    rule(w, out);
    // A header wider than its column (工作任务 in a narrow terminal) wraps as cells do, so
    // the columns after it stay in place.
    // A header shown on one line where its column holds it (`Can-\ncelled` as `Cancelled`),
    // unless its lines name stacked cells (`one_line`).
    let joined: Vec<Option<String>> = cols
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let line = super::header::header_line(c.header);
            (one_line.get(k).copied().unwrap_or(false)
                && c.header.contains('\n')
                && display_width(&line) <= w[k])
                .then_some(line)
        })
        .collect();
    let wrapped: Vec<Vec<&str>> = cols
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let mut lines = Vec::new();
            match &joined[k] {
                Some(line) => lines.push(line.as_str()),
                None => c
                    .header
                    .lines()
                    .for_each(|l| super::wrap::wrap_into(l, w[k], &mut lines)),
            }
            lines
        })
        .collect();
    let header_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    for n in 0..header_lines.max(1) {
        for (k, c) in cols.iter().enumerate() {
            if k > 0 {
                out.push_str("  ");
            }
            let text = wrapped[k].get(n).copied().unwrap_or("");
            put(out, text, display_width(text), w[k], c.right, None);
        }
        out.push('\n');
    }
    rule(w, out);
}

/// The closing rule.
pub fn foot(w: &[usize], out: &mut String) {
    rule(w, out);
}

/// One row, its cells wrapped to the columns' widths `w`.
pub fn write_row(cols: &[Col], w: &[usize], row: &[Cell], color: bool, out: &mut String) {
    let code = |c: &Cell, text: &str| c.color.filter(|_| color && !text.is_empty());
    let code_at = |c: &Cell, n: usize, text: &str| {
        match n.checked_sub(c.plain) {
            None => None,
            Some(0) => c.color,
            Some(_) => c.rest,
        }
        .filter(|_| color && !text.is_empty())
    };
    // Most rows fit on one line: written straight out.
    if row
        .iter()
        .zip(w)
        .all(|(c, &cw)| c.width <= cw && !c.multiline)
    {
        for (k, c) in row.iter().enumerate() {
            if k > 0 {
                out.push_str("  ");
            }
            put(out, &c.text, c.width, w[k], cols[k].right, code(c, &c.text));
        }
        out.push('\n');
        return;
    }
    let parts: Vec<Vec<&str>> = row
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let mut lines = Vec::new();
            match cols[k].fit {
                Fit::Wrap { .. } => c
                    .text
                    .split('\n')
                    .for_each(|l| super::wrap::wrap_into(l, w[k], &mut lines)),
                Fit::Content => lines.extend(c.text.split('\n')),
            }
            lines
        })
        .collect();
    let height = parts.iter().map(Vec::len).max().unwrap_or(1);
    for n in 0..height {
        for (k, c) in row.iter().enumerate() {
            if k > 0 {
                out.push_str("  ");
            }
            let text = parts[k].get(n).copied().unwrap_or("");
            put(
                out,
                text,
                display_width(text),
                w[k],
                cols[k].right,
                code_at(c, n, text),
            );
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_width_agrees_with_unicode_width() {
        let fast = (' '..='~')
            .chain('\u{3000}'..='\u{3029}')
            .chain('\u{4E00}'..='\u{9FFF}')
            .chain('\u{FF01}'..='\u{FF60}');
        for c in fast {
            let s = c.to_string();
            assert_eq!(display_width(&s), s.width(), "{c:?} (U+{:04X})", c as u32);
        }
        for s in [
            "",
            "落实“一把手”责任",
            "é",
            "👨‍👩‍👧",
            "a\u{302A}b",
            "进度 100%",
            "Ａｂ",
        ] {
            assert_eq!(display_width(s), s.width(), "{s:?}");
        }
    }

    #[test]
    fn shown_cells_measure_as_plain_cells_of_the_shown_text() {
        for s in ["加强党建", "plan A", "a\u{1b}[31mb", "一\n二", "é", "\t"] {
            let (fast, slow) = (Cell::shown(s), Cell::plain(crate::render::shown(s)));
            assert_eq!((&fast.text, fast.width), (&slow.text, slow.width), "{s:?}");
            assert!(!fast.text.contains('\u{1b}') && !fast.multiline, "{s:?}");
        }
    }

    #[test]
    fn every_line_has_the_same_display_width_and_fits() {
        let cols = [
            Col {
                header: "编号",
                fit: Fit::Content,
                right: false,
            },
            Col {
                header: "工作任务",
                fit: Fit::Wrap { min: 0, max: None },
                right: false,
            },
            Col {
                header: "进度",
                fit: Fit::Content,
                right: true,
            },
        ];
        let rows = vec![
            vec![
                Cell::plain("1.1"),
                Cell::plain("召开全市非公有制企业党建工作会议，总结经验"),
                Cell::plain("5%"),
            ],
            vec![
                Cell::plain("12.10"),
                Cell::plain("短"),
                Cell::new("100%", Some(10)),
            ],
        ];
        let out = render(&cols, &rows, 30, true);
        let plain: String = {
            let mut s = String::new();
            let mut esc = false;
            for c in out.chars() {
                match c {
                    '\u{1b}' => esc = true,
                    'm' if esc => esc = false,
                    _ if esc => {}
                    c => s.push(c),
                }
            }
            s
        };
        let widths: Vec<usize> = plain.lines().map(UnicodeWidthStr::width).collect();
        assert!(widths.iter().all(|&w| w == widths[0] && w <= 30), "{plain}");
        assert!(out.contains("\u{1b}[38;5;10m100%\u{1b}[39m"));
        assert!(plain.contains("12.10  短"));
    }
}
