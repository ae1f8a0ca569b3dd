//! The pages of a 公文 (GB/T 9704-2012): the portrait A4 page of the body, the landscape page
//! of an attached table, and the page numbers on both (§7.5).
//!
//! docx-rs 0.4.22 drops all but the last header or footer given to one `Section`, so the body
//! does not use one: its last paragraph carries the portrait `sectPr` (as Word itself writes a
//! section break), pointing at the same two footers as the document's own, landscape section.

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, PageMargin, PageSize,
    Paragraph, Run, SectionProperty, SpecialIndentType, create_footer_rid,
};

use super::{A4_MM, LANDSCAPE_MARGINS_MM, MARGINS_MM, STYLE_PAGE_NUM, mm};

/// GB/T 9704-2012 §7.5: page numbers in 4号 (14 pt, `PAGE_NUM_SIZE` in half-points) 半角宋体
/// Arabic numerals, an em dash (一字线) on each side.
pub const PAGE_NUM_FONT: &str = "宋体";
pub const PAGE_NUM_SIZE: usize = 28;
/// §7.5: the number's line starts 7 mm below the type area (版心下边缘).
pub const PAGE_NUM_BELOW_MM: f64 = 7.0;
/// The number's line, exactly 14 pt (in twips), so the footer's height is known.
pub(super) const PAGE_NUM_LINE: i32 = 280;
/// §7.5: odd pages' numbers sit one 全角 space (one 14 pt character, in twips) in from the
/// right edge of the type area, even pages' from the left.
const ONE_CHAR: i32 = 280;

/// Page margins with the footer placed for the page number: Word measures the footer from
/// the page's bottom edge to the footer's bottom, so the number's line (`PAGE_NUM_LINE`) ends
/// `bottom − 7 mm − its height` above the edge and begins 7 mm under the type area.
fn margins((top, bottom, left, right): (f64, f64, f64, f64)) -> PageMargin {
    PageMargin::new()
        .top(mm(top))
        .bottom(mm(bottom))
        .left(mm(left))
        .right(mm(right))
        .header(mm(15.0))
        .footer(mm(bottom - PAGE_NUM_BELOW_MM) - PAGE_NUM_LINE)
}

/// The body's page: portrait A4 with the standard margins, numbered. Put it on the body's
/// last paragraph (`Paragraph::section_property`): the attachment starts on a new page.
pub fn body_end() -> SectionProperty {
    let (w, h) = A4_MM;
    let mut p = SectionProperty::new()
        .page_size(PageSize::new().size(mm(w) as u32, mm(h) as u32))
        .page_margin(margins(MARGINS_MM));
    // The footers `numbered` gave the document, by the ids it gave them.
    p = p.footer(number_footer(true), &create_footer_rid(1));
    p.even_footer(number_footer(false), &create_footer_rid(2))
}

/// The landscape page of the attachment, as the document's last section: A4 turned, so a
/// table gets the 297 mm side, the margins turned with it.
pub fn landscape(doc: Docx) -> Docx {
    let (w, h) = A4_MM;
    doc.page_size(mm(h) as u32, mm(w) as u32)
        .page_orient(docx_rs::PageOrientationType::Landscape)
        .page_margin(margins(LANDSCAPE_MARGINS_MM))
}

/// `doc` on portrait A4 throughout, for a document without an attachment (a 督办通知单): the
/// document's own, last section turned back from [`landscape`].
pub fn portrait(doc: Docx) -> Docx {
    let (w, h) = A4_MM;
    doc.page_size(mm(w) as u32, mm(h) as u32)
        .page_orient(docx_rs::PageOrientationType::Portrait)
        .page_margin(margins(MARGINS_MM))
}

/// `doc` with its page numbers: a footer for odd pages (`rIdFooter1`) and one for even pages
/// (`rIdFooter2`, which also turns on different odd and even footers). Call it first on a
/// new document, before any other footer, so the ids are those `body_end` names.
pub fn numbered(doc: Docx) -> Docx {
    doc.footer(number_footer(true))
        .even_footer(number_footer(false))
}

/// `— 7 —`: the page number as a PAGE field between em dashes, right on odd pages and left on
/// even pages, one character in.
fn number_footer(odd: bool) -> Footer {
    let p = Paragraph::new().style(STYLE_PAGE_NUM);
    let p = if odd {
        p.align(AlignmentType::Right).indent(
            None,
            Some(SpecialIndentType::FirstLine(0)),
            Some(ONE_CHAR),
            None,
        )
    } else {
        p.align(AlignmentType::Left).indent(
            Some(ONE_CHAR),
            Some(SpecialIndentType::FirstLine(0)),
            None,
            None,
        )
    };
    let p = p
        .add_run(Run::new().add_text("— "))
        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        .add_run(Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(Run::new().add_text("1"))
        .add_run(Run::new().add_field_char(FieldCharType::End, false))
        .add_run(Run::new().add_text(" —"));
    Footer::new().add_paragraph(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_line_starts_seven_mm_under_the_type_area() {
        // Portrait: 35 mm bottom margin, so the line's top is 28 mm above the page's edge.
        let m = margins(MARGINS_MM);
        assert_eq!(m.footer + PAGE_NUM_LINE, mm(28.0));
        let m = margins(LANDSCAPE_MARGINS_MM);
        assert_eq!(m.footer + PAGE_NUM_LINE, mm(19.0));
    }
}
