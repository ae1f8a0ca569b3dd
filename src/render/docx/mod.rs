//! Word documents laid out as Chinese official documents are (党政机关公文格式, GB/T 9704-2012):
//! the page, margins, fonts and line pitch in one place, and the styles every document shares.
//! Fonts are named, not embedded: Word and WPS on an office machine supply them.

pub mod notice;
mod tongbao;

pub use tongbao::{Tongbao, Unreported, tongbao};

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run, RunFonts,
    SpecialIndentType, Style, StyleType,
};

/// Twips (1/20 pt) in a millimetre, for the sizes GB/T 9704 gives in millimetres.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// GB/T 9704-2012 §5.2.1: A4, 210 × 297 mm.
pub const A4_MM: (f64, f64) = (210.0, 297.0);
/// GB/T 9704-2012 §5.2.2 (天头 37 mm; the 156 × 225 mm text block centred by the others):
/// top, bottom, left (订口), right, in millimetres.
pub const MARGINS_MM: (f64, f64, f64, f64) = (37.0, 35.0, 28.0, 26.0);
/// The attachment's landscape pages: the same margins turned with the page, so the table gets
/// the 297 mm side.
pub const LANDSCAPE_MARGINS_MM: (f64, f64, f64, f64) = (28.0, 26.0, 37.0, 35.0);

/// GB/T 9704-2012 §7.3.1: the title in 2号小标宋 (22 pt).
pub const TITLE_FONT: &str = "方正小标宋简体";
/// §5.2.3 / §7.3.3: the body in 3号仿宋 (16 pt).
pub const BODY_FONT: &str = "仿宋_GB2312";
/// §7.3.3: first-level headings (一、) in 黑体.
pub const HEADING1_FONT: &str = "黑体";
/// §7.3.3: second-level headings (（一）) in 楷体.
pub const HEADING2_FONT: &str = "楷体_GB2312";
/// Font sizes in half-points, as Word stores them: 2号 22 pt, 3号 16 pt; the attachment's
/// table in 5号 (10.5 pt), so a date and a status fit their columns.
pub const TITLE_SIZE: usize = 44;
pub const BODY_SIZE: usize = 32;
pub const TABLE_SIZE: usize = 21;
/// §5.2.4: 22 lines of text in the 225 mm block, a pitch of about 28.95 pt; fixed, in twips.
pub const LINE_PITCH: i32 = 579;
/// Two body characters (16 pt each): the first-line indent of a paragraph.
pub const INDENT_2_CHARS: i32 = 640;

/// Style ids, as `word/styles.xml` names them.
pub const STYLE_TITLE: &str = "GwTitle";
pub const STYLE_BODY: &str = "GwBody";
pub const STYLE_H1: &str = "GwHeading1";
pub const STYLE_H2: &str = "GwHeading2";
pub const STYLE_TABLE: &str = "GwTable";

fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
}

fn fixed(pitch: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(pitch)
        .before(0)
        .after(0)
}

/// A new document with the page of GB/T 9704 and its styles: title, body, the two headings
/// and table text.
pub fn document() -> Docx {
    let (w, h) = A4_MM;
    let (top, bottom, left, right) = MARGINS_MM;
    let style = |id: &str, name: &str, font: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .fonts(fonts(font))
            .size(size)
            .line_spacing(fixed(LINE_PITCH))
    };
    Docx::new()
        .page_size(mm(w) as u32, mm(h) as u32)
        .page_margin(
            PageMargin::new()
                .top(mm(top))
                .bottom(mm(bottom))
                .left(mm(left))
                .right(mm(right)),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(BODY_SIZE)
        .add_style(
            style(STYLE_TITLE, "公文标题", TITLE_FONT, TITLE_SIZE)
                .align(AlignmentType::Center)
                .line_spacing(fixed(700)),
        )
        .add_style(
            style(STYLE_BODY, "公文正文", BODY_FONT, BODY_SIZE)
                .align(AlignmentType::Both)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(INDENT_2_CHARS)),
                    None,
                    None,
                ),
        )
        .add_style(
            style(STYLE_H1, "一级标题", HEADING1_FONT, BODY_SIZE)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(INDENT_2_CHARS)),
                    None,
                    None,
                )
                .outline_lvl(0),
        )
        .add_style(
            style(STYLE_H2, "二级标题", HEADING2_FONT, BODY_SIZE)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(INDENT_2_CHARS)),
                    None,
                    None,
                )
                .outline_lvl(1),
        )
        .add_style(
            Style::new(STYLE_TABLE, StyleType::Paragraph)
                .name("表格文字")
                .fonts(fonts(BODY_FONT))
                .size(TABLE_SIZE)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Auto)
                        .line(240)
                        .before(0)
                        .after(0),
                ),
        )
}

/// Text as XML 1.0 can carry it: the ledger refuses control characters where people type, but a
/// restored or imported text could still hold one, and Word refuses a file with one in it.
fn xml_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// A paragraph in `style`, each line of `text` its own line (a break between).
pub fn para(style: &str, text: &str) -> Paragraph {
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(xml_safe(line));
    }
    Paragraph::new().style(style).add_run(run)
}

/// The page of the landscape attachment, for the section that holds it.
pub fn landscape(doc: Docx) -> Docx {
    let (w, h) = A4_MM;
    let (top, bottom, left, right) = LANDSCAPE_MARGINS_MM;
    doc.page_size(mm(h) as u32, mm(w) as u32)
        .page_orient(docx_rs::PageOrientationType::Landscape)
        .page_margin(
            PageMargin::new()
                .top(mm(top))
                .bottom(mm(bottom))
                .left(mm(left))
                .right(mm(right)),
        )
}

/// The portrait page of GB/T 9704 for a section that ends before the attachment.
pub fn portrait_section() -> docx_rs::Section {
    let (w, h) = A4_MM;
    let (top, bottom, left, right) = MARGINS_MM;
    docx_rs::Section::new()
        .page_size(docx_rs::PageSize::new().size(mm(w) as u32, mm(h) as u32))
        .page_margin(
            PageMargin::new()
                .top(mm(top))
                .bottom(mm(bottom))
                .left(mm(left))
                .right(mm(right)),
        )
}

/// The document packed as a .docx file's bytes.
pub fn pack(doc: Docx) -> anyhow::Result<Vec<u8>> {
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut buf)
        .map_err(|e| anyhow::anyhow!("cannot write the Word document: {e}"))?;
    Ok(buf.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_a4_with_the_standard_margins_in_twips() {
        assert_eq!((mm(210.0), mm(297.0)), (11906, 16838));
        assert_eq!(mm(37.0), 2098);
        assert_eq!(mm(26.0), 1474);
    }

    #[test]
    fn control_characters_never_reach_the_xml() {
        assert_eq!(xml_safe("a\u{1b}b\u{0}c\td"), "a\u{FFFD}b\u{FFFD}c\td");
    }
}
