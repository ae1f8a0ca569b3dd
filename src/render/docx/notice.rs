//! The 督办通知单 as a Word document, on the 通报's page and styles (GB/T 9704-2012): the title
//! 督办通知单 in 小标宋, the serial right-aligned under it (§7.2.4 places a 发文字号 under the
//! 版头; a notice has no 版头, so it stands at the right), the unit as addressee (主送机关,
//! flush left, §7.3.2), the body in 仿宋, a table of tasks per part, the reply-by sentence, and
//! the office and date at the bottom right (§7.3.5).

use docx_rs::{AlignmentType, Paragraph, SpecialIndentType, Table};

use super::table::{Column, Fit};
use super::{STYLE_BODY, STYLE_H1, STYLE_TITLE, para};
use crate::render::for_document;
use crate::render::notice::{
    NoticeDoc, NoticeLine, cells, columns, opening, parts, reply_sentence,
};

/// The 156 mm of the portrait text block, in twips: the table's whole width.
const PORTRAIT_TYPE_AREA: usize = 8844;

/// How each of `columns`' seven gets its width: the id, date, status, progress and the
/// overdue mark (`已逾期230天`) measured from the rows, the title and the other units sharing
/// the rest (the title the larger part).
const FITS: [Fit; 7] = [
    Fit::Whole,
    Fit::Text(24),
    Fit::Text(13),
    Fit::Whole,
    Fit::Whole,
    Fit::Whole,
    Fit::Whole,
];

/// The notice's bytes (.docx). Errors: only a failure to pack the zip.
pub fn notice(d: &NoticeDoc) -> anyhow::Result<Vec<u8>> {
    let flush = |p: Paragraph| p.indent(None, Some(SpecialIndentType::FirstLine(0)), None, None);
    let mut doc = super::page::portrait(super::document());
    doc = doc.add_paragraph(para(STYLE_TITLE, "督办通知单"));
    doc =
        doc.add_paragraph(flush(para(STYLE_BODY, &d.notice.serial())).align(AlignmentType::Right));
    doc = doc.add_paragraph(flush(para(STYLE_BODY, "")));
    doc = doc.add_paragraph(flush(para(
        STYLE_BODY,
        &format!("{}：", for_document(&d.unit, false)),
    )));
    doc = doc.add_paragraph(para(STYLE_BODY, &opening(d)));
    for (heading, others, lines) in parts(d) {
        doc = doc.add_paragraph(para(STYLE_H1, &heading));
        if lines.is_empty() {
            doc = doc.add_paragraph(para(STYLE_BODY, "无。"));
        } else {
            doc = doc.add_table(table(columns(others), lines));
        }
    }
    // The reply-by sentence keeps with the signature, so a page never holds the 落款 alone.
    doc = doc.add_paragraph(para(STYLE_BODY, &reply_sentence(d)).keep_next(true));
    for p in super::signature(&d.office, d.date) {
        doc = doc.add_paragraph(p);
    }
    super::pack(doc)
}

fn table(cols: [&str; 7], lines: &[NoticeLine]) -> Table {
    let columns: Vec<Column<'_>> = cols
        .iter()
        .zip(FITS)
        .map(|(&header, fit)| Column { header, fit })
        .collect();
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            cells(l)
                .iter()
                .map(|c| for_document(c, false).into_owned())
                .collect()
        })
        .collect();
    super::table::table(&columns, &rows, PORTRAIT_TYPE_AREA, false)
}
