//! A unit's return sheet (反馈表, `tracker sheets`), laid out as `crate::returns` defines:
//! the unit answers 状态 (a drop-down), 进度 (a whole number 0–100), 本周进展, 存在问题 and
//! 下步打算; every other cell is locked by sheet protection without a password (it guards
//! against slips, not against attackers). A hidden column carries the sheet's identity and
//! each task's state at issue.

use anyhow::Result;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, ProtectionOptions,
};

use super::{Styles, Widths, err, excel_date, print_setup, write_headers, z};
use crate::model::{Lang, Status};
use crate::render::safe;
use crate::returns::{HEADER_ROW, Identity, Issued, col};
use crate::task::Task;

/// Whether the unit leads a task or supports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Lead,
    Support,
}

impl Role {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Lead => z(lang, "牵头", "lead"),
            Role::Support => z(lang, "配合", "supporting"),
        }
    }
}

/// The headers of the answer sheet, by `returns::col`.
pub fn sheet_headers(lang: Lang) -> [&'static str; col::IDENTITY as usize] {
    let z = |a, b| z(lang, a, b);
    [
        z("序号", "ID"),
        z("督办事项", "Task"),
        z("职责", "Role"),
        z("完成时限", "Deadline"),
        z("状态", "Status"),
        z("进度(%)", "Progress (%)"),
        z("本周进展", "This week"),
        z("存在问题", "Problems"),
        z("下步打算", "Next steps"),
    ]
}

/// The workbook's bytes: one sheet named after the unit's answers, its tasks in id order
/// (led and supported together, the role column saying which).
pub fn return_sheet(
    identity: &Identity,
    tasks: &[(&Task, Role)],
    lang: Lang,
    day: chrono::NaiveDate,
) -> Result<Vec<u8>> {
    let s = Styles::new();
    let answer = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top)
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF))
        .set_background_color(Color::RGB(0xFFF9DB));
    let mut book = super::workbook(day)?;
    let sheet = book.add_worksheet();
    sheet
        .set_name(z(lang, "进展反馈", "Progress return"))
        .map_err(err)?;
    let headers = sheet_headers(lang);
    let mut widths = Widths::new(&headers, 6.0, 40.0);
    for (t, role) in tasks {
        widths.see(col::ID as usize, &t.id.to_string());
        widths.see(col::TITLE as usize, &t.title);
        widths.see(col::ROLE as usize, role.label(lang));
    }
    widths.see(col::DEADLINE as usize, "2026-12-31");
    widths.see(col::STATUS as usize, "in-progress  ");
    for c in [col::THIS_WEEK, col::PROBLEMS, col::NEXT] {
        widths.see(c as usize, &"中".repeat(13));
    }
    widths.cap(col::TITLE as usize, 26.0);
    widths.apply(sheet)?;
    sheet.set_column_hidden(col::IDENTITY).map_err(err)?;

    let title = match lang {
        Lang::Zh => format!("{} 督办事项进展反馈表（{}）", identity.unit, identity.week),
        Lang::En => format!("{}: progress return, {}", identity.unit, identity.week),
    };
    sheet
        .write_string_with_format(0, 0, safe(&title, false), &s.title)
        .map_err(err)?;
    sheet
        .write_string(0, col::IDENTITY, identity.encode())
        .map_err(err)?;
    let help = z(
        lang,
        "请在浅黄色单元格填写：状态（下拉选择）、进度（0–100 的整数）、本周进展、存在问题、下步打算。其他单元格已锁定，请勿改动。",
        "Fill in the yellow cells: status (choose from the list), progress (a whole number 0-100), this week, problems, next steps. Other cells are locked.",
    );
    sheet.write_string(1, 0, help).map_err(err)?;
    sheet.set_row_height(0, 22.0).map_err(err)?;
    write_headers(sheet, HEADER_ROW, &headers, &s)?;

    let first = HEADER_ROW + 1;
    for (i, (t, role)) in tasks.iter().enumerate() {
        let row = first + i as u32;
        // No set height: a fixed (custom) height clips a long answer, while a row left to
        // the program grows with its wrapped cells as the unit types.
        sheet
            .write_string_with_format(row, col::ID, t.id.to_string(), &s.text)
            .map_err(err)?;
        sheet
            .write_string_with_format(row, col::TITLE, safe(&t.title, false), &s.wrap)
            .map_err(err)?;
        sheet
            .write_string_with_format(row, col::ROLE, role.label(lang), &s.text)
            .map_err(err)?;
        match t.deadline {
            Some(d) => {
                sheet.write_datetime_with_format(row, col::DEADLINE, excel_date(d)?, &s.date)
            }
            None => sheet.write_blank(row, col::DEADLINE, &s.date),
        }
        .map_err(err)?;
        sheet
            .write_string_with_format(row, col::STATUS, t.status.label(lang), &answer)
            .map_err(err)?;
        sheet
            .write_number_with_format(row, col::PROGRESS, f64::from(t.progress), &answer)
            .map_err(err)?;
        for c in [col::THIS_WEEK, col::PROBLEMS, col::NEXT] {
            sheet.write_blank(row, c, &answer).map_err(err)?;
        }
        let issued = Issued {
            id: t.id,
            status: t.status,
            progress: t.progress,
        };
        sheet
            .write_string(row, col::IDENTITY, issued.encode())
            .map_err(err)?;
    }
    if !tasks.is_empty() {
        let last = first + tasks.len() as u32 - 1;
        let labels: Vec<&str> = Status::ALL.iter().map(|s| s.label(lang)).collect();
        let status = DataValidation::new()
            .allow_list_strings(&labels)
            .map_err(err)?
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title(z(lang, "状态", "Status"))
            .map_err(err)?
            .set_error_message(z(
                lang,
                "请从列表中选择状态。",
                "Choose a status from the list.",
            ))
            .map_err(err)?;
        sheet
            .add_data_validation(first, col::STATUS, last, col::STATUS, &status)
            .map_err(err)?;
        let progress = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(0, 100))
            .set_error_title(z(lang, "进度", "Progress"))
            .map_err(err)?
            .set_error_message(z(
                lang,
                "进度须为 0 到 100 的整数。",
                "Progress must be a whole number from 0 to 100.",
            ))
            .map_err(err)?;
        sheet
            .add_data_validation(first, col::PROGRESS, last, col::PROGRESS, &progress)
            .map_err(err)?;
    }
    sheet.set_freeze_panes(first, 2).map_err(err)?;
    print_setup(sheet, (HEADER_ROW, HEADER_ROW))?;
    // No password: the protection stops slips (typing over an id), and a unit that needs a
    // wider column may still resize it.
    let mut protection = ProtectionOptions::new();
    protection.format_columns = true;
    protection.format_rows = true;
    sheet.protect_with_options(&protection);
    book.save_to_buffer().map_err(err)
}
