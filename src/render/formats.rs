//! Writers for report documents (the terminal's table is `terminal.rs`): GFM markdown, RFC 4180 csv, and one
//! self-contained html page (inline CSS and SVG, nothing fetched, printable on A4).

use super::header::header_line;
use super::json::{CHUNK, Words};
use super::report::{Doc, Kind, Section, col, progress_headers, progress_row};
use crate::model::{Health, Lang};
use crate::report::{Picks, Report, rows_of};

pub use super::terminal::table;

/// Escapes a markdown table cell: pipes and markup characters, HTML, and line breaks.
pub fn md_cell(s: &str) -> String {
    // A document: control, direction-control and invisible characters left out
    // (`render::for_document`), never shown as `\u{..}`.
    let s = super::for_document(s, true);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // `<` would open raw HTML; `&` would start an entity (`&amp;` typed in a title
            // would show as `&`), so it is written as one.
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn markdown(doc: &Doc) -> String {
    let mut out = format!("# {}\n\n", md_cell(&doc.title));
    for line in &doc.context {
        out.push_str(&md_cell(line));
        out.push_str("  \n");
    }
    for s in &doc.sections {
        out.push_str(&format!("\n## {}\n\n", md_cell(&s.heading)));
        if let Some(intro) = &s.intro {
            out.push_str(&format!("{}\n\n", md_cell(intro)));
        }
        if s.rows.is_empty() {
            out.push_str(&md_cell(&s.empty));
            out.push('\n');
            continue;
        }
        // The trend's bar column is the terminal's picture, not a column of figures.
        let shown = shown_columns(s);
        let headers: Vec<String> = shown
            .iter()
            .map(|&i| md_cell(&header_line(&s.headers[i])))
            .collect();
        out.push_str(&format!("| {} |\n", headers.join(" | ")));
        let rule: Vec<&str> = shown
            .iter()
            .map(|&i| {
                if s.numeric.contains(&i) {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", rule.join(" | ")));
        for row in &s.rows {
            let cells: Vec<String> = shown.iter().map(|&i| md_cell(&row[i])).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        if let Some(more) = &s.more {
            out.push_str(&format!("\n{}\n", md_cell(more)));
        }
    }
    if !doc.footer.is_empty() {
        out.push_str(&format!("\n{}\n", md_cell(&doc.footer)));
    }
    out
}

/// A csv field: quoted when needed (RFC 4180), and neutralised with a leading `'` when a
/// spreadsheet would read it as a formula.
pub fn csv_field(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let s = if risky {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A figure tracker computed, as a script wants it: `40%` → `40`, `+1` → `1`, no deadline
/// (`-`) → empty. Never guarded against formulas: it is tracker's, not typed by anyone, and a
/// spreadsheet should read `-3` as a number.
pub fn csv_plain(s: &str) -> String {
    let s = s.strip_suffix('%').unwrap_or(s);
    let s = s.strip_prefix('+').unwrap_or(s);
    if s == "-" {
        String::new()
    } else {
        s.to_string()
    }
}

/// The progress table's columns tracker computes (id, deadline, status, progress, health,
/// pace, days unreported);
/// the others (title, lead, the week's notes) hold text people typed.
const PROGRESS_FIGURES: &[usize] = &[
    col::ID,
    col::DEADLINE,
    col::STATUS,
    col::PROGRESS,
    col::HEALTH,
];

/// The columns of a section that csv writes as plain figures.
fn figures(kind: Kind, columns: usize) -> Vec<usize> {
    match kind {
        Kind::Progress => PROGRESS_FIGURES.to_vec(),
        _ => (0..columns).collect(),
    }
}

/// The csv file: the progress table (or the series), one header line, CRLF line ends.
/// Figures are plain values (`40`, `1`, an empty deadline empty); the formula guard applies
/// to text people typed (titles, units, notes) only.
pub fn csv(doc: &Doc, bom: bool) -> String {
    let mut out = String::new();
    if bom {
        out.push('\u{feff}');
    }
    let Some(s) = doc
        .sections
        .iter()
        .find(|s| matches!(s.kind, Kind::Progress | Kind::Series))
    else {
        return out;
    };
    out.push_str(&csv_line(&s.headers, &[]));
    let plain = figures(s.kind, s.headers.len());
    for row in &s.rows {
        out.push_str(&csv_line(row, &plain));
    }
    out
}

/// One csv line, CRLF ended; the columns in `plain` are figures (see `csv_plain`).
fn csv_line<S: AsRef<str>>(cells: &[S], plain: &[usize]) -> String {
    cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if plain.contains(&i) {
                csv_field_unguarded(&csv_plain(c.as_ref()))
            } else {
                csv_field(c.as_ref())
            }
        })
        .collect::<Vec<_>>()
        .join(",")
        + "\r\n"
}

/// RFC 4180 quoting without the formula guard.
fn csv_field_unguarded(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The weekly report's csv as `csv` writes it from the filled report's document, byte for
/// byte, with its rows (`picks`) given their words by `words` a chunk at a time as they are
/// written, so that 100,000 rows are never held at once.
pub fn write_csv_report(
    report: &Report,
    picks: &Picks,
    words: &mut Words<'_>,
    lang: Lang,
    bom: bool,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, out);
    if bom {
        w.write_all("\u{feff}".as_bytes())?;
    }
    w.write_all(csv_line(&progress_headers(report, lang), &[]).as_bytes())?;
    for chunk in picks.rows.chunks(CHUNK) {
        let (mut tasks, events) = words(chunk)?;
        for row in rows_of(report, chunk, &mut tasks, &events) {
            w.write_all(
                csv_line(
                    &progress_row(&row, lang, super::Medium::Document),
                    PROGRESS_FIGURES,
                )
                .as_bytes(),
            )?;
        }
    }
    w.flush()?;
    Ok(())
}

/// Text for an html page: markup characters as entities, and control, direction-control and
/// zero-width characters left out (`render::for_document`, as every document does), since a
/// browser would otherwise reorder the text around a U+202E as a terminal does, and a reader
/// should not see `\u{202e}` either. Line breaks are kept.
pub fn html_escape(s: &str) -> String {
    let s = super::for_document(s, true);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
       font-size: 10.5pt; color: #1a1a1a; margin: 24px auto; max-width: 1100px; padding: 0 16px; line-height: 1.45; }
h1 { font-size: 17pt; margin: 0 0 4px; }
h2 { font-size: 12.5pt; margin: 22px 0 6px; border-bottom: 2px solid #1f4e79; padding-bottom: 2px; color: #1f4e79; }
p.context { margin: 2px 0; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border: 1px solid #9aa5b1; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #e8eef5; font-weight: 600; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
tr.total td { font-weight: 600; background: #f4f6f8; }
td.h-overdue { background: #f8d7da; color: #842029; font-weight: 600; text-align: center; }
td.h-due-soon { background: #fff3cd; color: #664d03; font-weight: 600; text-align: center; }
td.h-on-track { background: #d1e7dd; color: #0f5132; text-align: center; }
p.empty, p.footer { color: #555; }
svg { width: 100%; height: auto; max-height: 260px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  h2 { break-after: avoid; }
  tr, svg { break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

/// One self-contained html page.
pub fn html(doc: &Doc) -> String {
    let lang = match doc.lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        html_escape(&doc.title),
        html_escape(&doc.title)
    );
    for line in &doc.context {
        out.push_str(&format!("<p class=\"context\">{}</p>\n", html_escape(line)));
    }
    for s in &doc.sections {
        out.push_str(&format!("<h2>{}</h2>\n", html_escape(&s.heading)));
        if let Some(intro) = &s.intro {
            out.push_str(&format!("<p>{}</p>\n", html_escape(intro)));
        }
        if matches!(s.kind, Kind::Trend | Kind::Series) && !s.chart.is_empty() {
            out.push_str(&svg_chart(&s.chart, doc.lang));
        }
        if s.rows.is_empty() {
            out.push_str(&format!(
                "<p class=\"empty\">{}</p>\n",
                html_escape(&s.empty)
            ));
            continue;
        }
        out.push_str(&html_table(s));
        if let Some(more) = &s.more {
            out.push_str(&format!("<p class=\"empty\">{}</p>\n", html_escape(more)));
        }
    }
    if !doc.footer.is_empty() {
        out.push_str(&format!(
            "<p class=\"footer\">{}</p>\n",
            html_escape(&doc.footer)
        ));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The columns a document format shows: all but the trend's bar column (the terminal's
/// picture; html draws a chart instead).
fn shown_columns(s: &Section) -> Vec<usize> {
    (0..s.headers.len())
        .filter(|&i| !(s.kind == Kind::Trend && i == 4))
        .collect()
}

/// Columns whose words never break (ids, dates, statuses: 未开始 is one word).
fn unbroken(s: &Section, i: usize) -> bool {
    match s.kind {
        Kind::Progress => matches!(i, col::ID | col::DEADLINE | col::STATUS | col::PROGRESS),
        Kind::Overdue | Kind::Upcoming => matches!(i, 0 | 3 | 5),
        // The outcome (已按期完成) is one phrase; the day done a date.
        Kind::DueNow => matches!(i, 0 | 3 | 4 | 5),
        _ => i == 0,
    }
}

fn html_table(s: &Section) -> String {
    let shown = shown_columns(s);
    let mut out = String::from("<table>\n<thead><tr>");
    // A header is one phrase (已取消, Cancelled): the terminal's line breaks become spaces.
    for &i in &shown {
        out.push_str(&format!(
            "<th>{}</th>",
            html_escape(&header_line(&s.headers[i]))
        ));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let last = s.rows.len().saturating_sub(1);
    for (r, row) in s.rows.iter().enumerate() {
        let total = matches!(s.kind, Kind::Summary | Kind::Pace) && r == last;
        out.push_str(if total {
            "<tr class=\"total\">"
        } else {
            "<tr>"
        });
        for &i in &shown {
            let text = html_escape(&row[i]).replace('\n', "<br>");
            let class = if s.kind == Kind::Progress && (i == col::HEALTH || i == col::PACE) {
                let lights = if i == col::HEALTH { &s.health } else { &s.pace };
                match lights.get(r).copied().flatten() {
                    Some(Health::Overdue) => " class=\"h-overdue\"",
                    Some(Health::DueSoon) => " class=\"h-due-soon\"",
                    Some(Health::OnTrack) => " class=\"h-on-track\"",
                    None => "",
                }
            } else if s.numeric.contains(&i) {
                " class=\"num\""
            } else if unbroken(s, i) {
                " class=\"nowrap\""
            } else {
                ""
            };
            out.push_str(&format!("<td{class}>{text}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// Bars for tasks done each week, a line for the cumulative count.
fn svg_chart(points: &[(String, i64, usize)], lang: Lang) -> String {
    let (w, h, left, right, top, bottom) = (720.0_f64, 240.0_f64, 44.0, 16.0, 16.0, 46.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let max = points
        .iter()
        .map(|p| p.2 as i64)
        .chain(points.iter().map(|p| p.1))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = points.len().max(1) as f64;
    let step = plot_w / n;
    let y = |v: f64| top + plot_h - v / max * plot_h;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">\n",
        html_escape(lang.pick(
            "每周完成数与累计完成数",
            "Tasks done per week and cumulative"
        ))
    );
    // Whole-number gridlines: counts of tasks have no fractions.
    let tick = (max / 4.0).ceil().max(1.0);
    let mut v = 0.0;
    while v <= max {
        let yy = y(v);
        svg.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#dde3ea\" stroke-width=\"1\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">{v}</text>\n",
            w - right,
            left - 6.0,
            yy + 3.5,
        ));
        v += tick;
    }
    let label_every = (points.len() / 12).max(1);
    let mut line = Vec::new();
    for (i, (week, done, cum)) in points.iter().enumerate() {
        let x = left + step * i as f64;
        if *done > 0 {
            let bh = *done as f64 / max * plot_h;
            svg.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#5b9bd5\"><title>{} {}</title></rect>\n",
                x + step * 0.15,
                y(*done as f64),
                step * 0.7,
                html_escape(week),
                done
            ));
        }
        line.push(format!("{:.1},{:.1}", x + step / 2.0, y(*cum as f64)));
        if i % label_every == 0 {
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#555\">{}</text>\n",
                x + step / 2.0,
                h - bottom + 14.0,
                html_escape(week.split_once('-').map_or(week.as_str(), |(_, w)| w))
            ));
        }
    }
    svg.push_str(&format!(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#c0504d\" stroke-width=\"2\"/>\n",
        line.join(" ")
    ));
    let (bars, cum) = (
        lang.pick("每周完成", "done per week"),
        lang.pick("累计完成", "cumulative"),
    );
    svg.push_str(&format!(
        "<rect x=\"{left}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"#5b9bd5\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{bars}</text>\n<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c0504d\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{cum}</text>\n",
        h - 16.0,
        left + 14.0,
        h - 7.0,
        left + 110.0,
        h - 11.0,
        left + 126.0,
        h - 11.0,
        left + 130.0,
        h - 7.0
    ));
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_neutralises_formulas() {
        assert_eq!(csv_field("普通"), "普通");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-1,2"), "\"'-1,2\"");
        assert_eq!(csv_field("@cmd"), "'@cmd");
        assert_eq!(csv_field("一\n二"), "\"一\n二\"");
    }

    #[test]
    fn markdown_cells_escape_pipes_newlines_and_html() {
        assert_eq!(md_cell("a|b"), "a\\|b");
        assert_eq!(md_cell("一\n二"), "一<br>二");
        assert_eq!(md_cell("<script>"), "&lt;script>");
        assert_eq!(md_cell("0% -> 30%"), "0% -> 30%");
        assert_eq!(md_cell("*x*"), "\\*x\\*");
    }

    #[test]
    fn html_escapes_markup() {
        assert_eq!(
            html_escape("<b>\"a\" & 'b'</b>"),
            "&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;"
        );
    }
}
