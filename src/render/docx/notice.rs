//! The 督办通知单 as a Word document, on the 通报's page and styles (GB/T 9704-2012): the title
//! 督办通知单 in 小标宋, the serial right-aligned under it (§7.2.4 places a 发文字号 under the
//! 版头; a notice has no 版头, so it stands at the right), the unit as addressee (主送机关,
//! flush left, §7.3.2), the body in 仿宋, a table of tasks per part, the reply-by sentence, and
//! the office and date at the bottom right (§7.3.5).

use docx_rs::{
    AlignmentType, Paragraph, Run, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

use super::{STYLE_BODY, STYLE_H1, STYLE_TABLE, STYLE_TITLE, para};
use crate::model::chinese_date;
use crate::render::for_document;
use crate::render::notice::{
    NoticeDoc, NoticeLine, cells, columns, opening, parts, reply_sentence,
};

/// Column widths in twips, together the 156 mm of the portrait text block (8844 twips).
const WIDTHS: [usize; 7] = [700, 2400, 1300, 1450, 900, 700, 1394];

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
    doc = doc.add_paragraph(para(STYLE_BODY, &reply_sentence(d)));
    doc = doc.add_paragraph(flush(para(STYLE_BODY, "")));
    for line in [
        for_document(&d.office, false).into_owned(),
        chinese_date(d.date),
    ] {
        doc = doc.add_paragraph(flush(para(STYLE_BODY, &line)).align(AlignmentType::Right));
    }
    super::pack(doc)
}

fn table(cols: [&str; 7], lines: &[NoticeLine]) -> Table {
    let header = TableRow::new(
        cols.iter()
            .zip(WIDTHS)
            .map(|(h, w)| {
                TableCell::new().width(w, WidthType::Dxa).add_paragraph(
                    Paragraph::new()
                        .style(STYLE_TABLE)
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text(*h).bold()),
                )
            })
            .collect(),
    );
    let mut rows = vec![header];
    for l in lines {
        rows.push(TableRow::new(
            cells(l)
                .iter()
                .zip(WIDTHS)
                .map(|(c, w)| {
                    TableCell::new()
                        .width(w, WidthType::Dxa)
                        .add_paragraph(para(STYLE_TABLE, &for_document(c, false)))
                })
                .collect(),
        ));
    }
    Table::new(rows)
        .layout(docx_rs::TableLayoutType::Fixed)
        .set_grid(WIDTHS.to_vec())
}
