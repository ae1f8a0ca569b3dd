//! Word documents laid out as Chinese official documents are (党政机关公文格式, GB/T 9704-2012):
//! the page, margins, fonts and line pitch in one place, and the styles every document shares.
//! Fonts are named, not embedded: Word and WPS on an office machine supply them.

mod attachment;
pub mod notice;
mod page;
pub mod prose;
mod table;
mod tongbao;

pub use page::{PAGE_NUM_BELOW_MM, PAGE_NUM_FONT, PAGE_NUM_SIZE};
pub use tongbao::{BODY_ITEMS, Issue, Tongbao, Unreported, tongbao};

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, Paragraph, Run, RunFonts, SpecialIndentType,
    Style, StyleType,
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
pub const STYLE_PAGE_NUM: &str = "GwPageNumber";

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

/// A new document with the page of GB/T 9704, its page numbers (odd pages right, even pages
/// left) and its styles: title, body, the two headings, table text and the page number. The
/// last section (`Docx`'s own) is the landscape attachment; the portrait body ends with a
/// paragraph carrying [`body_end`].
pub fn document() -> Docx {
    let style = |id: &str, name: &str, font: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .fonts(fonts(font))
            .size(size)
            .line_spacing(fixed(LINE_PITCH))
    };
    page::numbered(page::landscape(Docx::new()))
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
        .add_style(
            Style::new(STYLE_PAGE_NUM, StyleType::Paragraph)
                .name("页码")
                .fonts(fonts(PAGE_NUM_FONT))
                .size(PAGE_NUM_SIZE)
                .line_spacing(fixed(page::PAGE_NUM_LINE)),
        )
}

pub use page::body_end;

/// One body character (3号, 16 pt) in twips.
const ONE_CHAR: i32 = INDENT_2_CHARS / 2;
/// The characters of a body line (GB/T 9704-2012 §5.2.4: 28 to a line).
const LINE_CHARS: i32 = 28;

/// The right indents, in twips, of the signature's two lines (发文机关署名 above 成文日期),
/// after GB/T 9704-2012 §7.3.5.1: the date 右空四字 with the office centred over it; where
/// the office is the longer, the office 右空二字 and the date centred under it. Widths in
/// body characters (a narrow character is half of one); an office too long for its line
/// gets no indent and wraps within its own line.
pub fn signature_indents(office: &str, date: &str) -> (i32, i32) {
    use unicode_width::UnicodeWidthStr;
    // In half characters, so a centring off by half a character is kept.
    let (o, d) = (office.width() as i32, date.width() as i32);
    let (office_half, date_half) = if o <= d {
        (8 + (d - o) / 2, 8)
    } else if o + 4 <= 2 * LINE_CHARS {
        (4, 4 + (o - d) / 2)
    } else {
        // It wraps whatever its indent: nothing to centre the date under.
        (0, 8)
    };
    (office_half * ONE_CHAR / 2, date_half * ONE_CHAR / 2)
}

/// The signature of every document (the 通报's, the 督办通知单's; GB/T 9704-2012 §7.3.5): a
/// blank line, the office (`office`, as stored) centred over the 成文日期 (`date` in Chinese
/// numerals), the date four characters in (`signature_indents`). The blank line and the office
/// keep with the next, so the date never stands alone at the top of a page (issue 17i,
/// finding 1); a caller keeps the paragraph before with it too.
pub fn signature(office: &str, date: chrono::NaiveDate) -> [Paragraph; 3] {
    let office = line(office);
    let date = crate::model::chinese_date(date);
    let (office_right, date_right) = signature_indents(&office, &date);
    let at_right = |text: &str, right: i32| {
        para(STYLE_BODY, text).align(AlignmentType::Right).indent(
            None,
            Some(SpecialIndentType::FirstLine(0)),
            Some(right),
            None,
        )
    };
    [
        para(STYLE_BODY, "").keep_next(true),
        at_right(&office, office_right).keep_next(true),
        at_right(&date, date_right),
    ]
}

/// A paragraph in `style`, each line of `text` its own line (a break between). Text from the
/// ledger passes `render::for_document` (here again, so nothing a document cannot hold reaches
/// the XML, whoever built the string). Outside tables it is prose: its dates are written as
/// official documents write them ([`prose::dates`]: `2026年11月25日`, never `2026-11-25`).
pub fn para(style: &str, text: &str) -> Paragraph {
    let mut run = Run::new();
    let safe = crate::render::for_document(text, true);
    let text = if style == STYLE_TABLE {
        safe
    } else {
        std::borrow::Cow::Owned(prose::dates(&safe).into_owned())
    };
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    let p = Paragraph::new().style(style).add_run(run);
    // A heading or title never stands alone at the foot of a page, apart from what it heads.
    if matches!(style, STYLE_TITLE | STYLE_H1 | STYLE_H2) {
        p.keep_next(true)
    } else {
        p
    }
}

/// Stored text for one line of a document (`render::for_document`, line breaks as spaces).
pub fn line(s: &str) -> String {
    crate::render::for_document(s, false).into_owned()
}

/// The document packed as a .docx file's bytes, each table's first row made its header row
/// (`w:tblHeader`, repeated at the top of every page the table runs onto), which docx-rs
/// 0.4.22 has no call for.
pub fn pack(doc: Docx) -> anyhow::Result<Vec<u8>> {
    let mut xml = doc.build();
    xml.document = repeat_header_rows(&xml.document);
    let mut buf = std::io::Cursor::new(Vec::new());
    xml.pack(&mut buf)
        .map_err(|e| anyhow::anyhow!("cannot write the Word document: {e}"))?;
    Ok(buf.into_inner())
}

/// `document.xml` with `<w:tblHeader />` in the properties of each table's first row (ECMA-376
/// §17.4.49). Every row docx-rs writes for us has a `<w:trPr>` (rows are `cant_split`), so
/// the mark goes right after the first one that follows each `<w:tbl>`; text never holds a
/// raw `<`, so the tags found are tags.
fn repeat_header_rows(xml: &[u8]) -> Vec<u8> {
    const TABLE: &[u8] = b"<w:tbl>";
    const ROW_PROPS: &[u8] = b"<w:trPr>";
    const HEADER: &[u8] = b"<w:tblHeader />";
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut out = Vec::with_capacity(xml.len() + 64);
    let mut rest = xml;
    while let Some(t) = find(rest, TABLE) {
        let after = t + TABLE.len();
        match find(&rest[after..], ROW_PROPS) {
            Some(p) => {
                let at = after + p + ROW_PROPS.len();
                out.extend_from_slice(&rest[..at]);
                out.extend_from_slice(HEADER);
                rest = &rest[at..];
            }
            None => break,
        }
    }
    out.extend_from_slice(rest);
    out
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
    fn the_office_is_centred_over_the_date_four_characters_in() {
        // 7 characters over 11: the date four in, the office two more.
        assert_eq!(
            signature_indents("督办工作办公室", "二〇二六年十一月三十日"),
            (6 * ONE_CHAR, 4 * ONE_CHAR)
        );
        // An office longer than the date: two in, the date centred under it.
        let long = "中共某市委组织部干部监督工作督查室";
        assert_eq!(
            signature_indents(long, "二〇二六年十月一日"),
            (2 * ONE_CHAR, 2 * ONE_CHAR + 4 * ONE_CHAR)
        );
        // Longer than a line: no indent, it wraps on its own line.
        assert_eq!(
            signature_indents(&"科".repeat(30), "二〇二六年十月一日").0,
            0
        );
    }

    #[test]
    fn each_table_gets_its_first_row_as_header() {
        let xml = b"<w:p /><w:tbl><w:tblPr /><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>\
<w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr></w:trPr></w:tr></w:tbl>";
        let got = String::from_utf8(repeat_header_rows(xml)).unwrap();
        assert_eq!(got.matches("<w:tblHeader />").count(), 2, "{got}");
        assert!(
            got.starts_with(
                "<w:p /><w:tbl><w:tblPr /><w:tr><w:trPr><w:tblHeader /><w:cantSplit />"
            )
        );
        assert_eq!(repeat_header_rows(b"<w:p />"), b"<w:p />");
    }
}
