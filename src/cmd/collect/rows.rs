//! A returned sheet's rows read as answers, every cell checked: the first bad one refuses the
//! file, named as the sheet names it (`组织科-2026-W48.xlsx!F7: 进度 must be a whole number
//! 0–100`). The column is named by its header in the sheet's own language (the language it
//! was issued in), the rest of the message in the language of this run.

use anyhow::{Result, anyhow, bail};
use calamine::Data;

use super::grid::{Grid, text};
use crate::model::{Lang, Status, TaskId, TextKind, clean_text, parse_progress};
use crate::msg;
use crate::render::safe;
use crate::render::xlsx::sheet::sheet_headers;
use crate::report::parse_week;
use crate::returns::{HEADER_ROW, Identity, Issued, answer_note, cell_name, col};

/// One task's answer as read from its row.
pub struct Answer {
    pub issued: Issued,
    /// The sheet's row (0-based), to name its cells.
    pub row: u32,
    /// `None` where the cell was left empty.
    pub status: Option<Status>,
    pub progress: Option<u8>,
    /// The three answers as one labelled note (lines kept), without the source.
    pub note: Option<String>,
}

impl Answer {
    /// Whether the unit answered anything for this task.
    pub fn touches(&self) -> bool {
        self.note.is_some() || self.moves()
    }

    /// Whether the answer changes status or progress from what the sheet was issued with.
    pub fn moves(&self) -> bool {
        self.status.is_some_and(|s| s != self.issued.status)
            || self.progress.is_some_and(|p| p != self.issued.progress)
    }
}

/// Where a sheet's columns are and what it calls them.
pub struct Layout<'a> {
    /// The file's name as messages show it.
    pub name: &'a str,
    /// The column the identity is in; the others are where the layout puts them relative to
    /// it (a csv saved from the sheet keeps them all).
    pub id_col: u16,
    /// The language the sheet was issued in, told by its headers.
    pub sheet_lang: Lang,
}

impl Layout<'_> {
    /// A sheet's layout, or why its columns cannot be found.
    pub fn of<'a>(name: &'a str, grid: &Grid, id_col: u16) -> Result<Layout<'a>> {
        if id_col < col::IDENTITY {
            bail!(msg!(
                "{name}: columns were removed from the sheet; issue it again with 'tracker sheets'",
                "{name}：表中的列被删除了；请用 'tracker sheets' 重新发出"
            ));
        }
        let base = id_col - col::IDENTITY;
        let first = text(grid.get(HEADER_ROW, base + col::ID));
        let sheet_lang = if first == sheet_headers(Lang::Zh)[0] {
            Lang::Zh
        } else if first == sheet_headers(Lang::En)[0] {
            Lang::En
        } else {
            crate::i18n::lang()
        };
        Ok(Layout {
            name,
            id_col,
            sheet_lang,
        })
    }

    fn col(&self, c: u16) -> u16 {
        self.id_col - col::IDENTITY + c
    }

    /// `FILE!A7`: the row's 序号, to name the task a row answers.
    pub fn id_cell(&self, row: u32) -> String {
        self.cell(row, col::ID)
    }

    /// `FILE!F7`.
    fn cell(&self, row: u32, c: u16) -> String {
        format!("{}!{}", self.name, cell_name(row, self.col(c)))
    }

    /// A column's header as the sheet shows it, without its unit (`进度`, not `进度(%)`).
    fn header(&self, c: u16) -> &'static str {
        let h = sheet_headers(self.sheet_lang)[c as usize];
        h.split_once(['(', '（']).map_or(h, |(a, _)| a.trim_end())
    }
}

/// Checks the identity's week (`2026-W48`, a week that exists) naming its cell.
pub fn check_week(name: &str, identity: &Identity, id_col: u16) -> Result<()> {
    let cell = format!("{name}!{}", cell_name(0, id_col));
    match parse_week(&identity.week) {
        Ok(p) if p.iso_week().as_deref() == Some(identity.week.as_str()) => Ok(()),
        _ => bail!(msg!(
            "{cell}: the sheet's week '{}' is not a week of the calendar (expected such as 2026-W48); the hidden identity is damaged: issue the sheet again with 'tracker sheets'",
            "{cell}：表中记录的周次“{}”不是有效的周（应如 2026-W48）；隐藏的表格标识已损坏，请用 'tracker sheets' 重新发出",
            safe(&identity.week, false)
        )),
    }
}

/// Every task row's answer, in sheet order. Refused, naming the cell: a row with content but
/// no task state at issue (a damaged hidden cell, or a row added), a row whose 序号 is not the
/// task it was issued for, a task answered twice, a status or progress not accepted, an answer
/// that is not text a note may hold or longer than a note may be.
pub fn answers(l: &Layout<'_>, grid: &Grid) -> Result<Vec<Answer>> {
    let name = l.name;
    let mut out: Vec<Answer> = Vec::new();
    for row in HEADER_ROW + 1..grid.rows.len() as u32 {
        let hidden = text(grid.get(row, l.id_col));
        let Some(issued) = Issued::decode(&hidden) else {
            let shown = [
                col::ID,
                col::TITLE,
                col::STATUS,
                col::PROGRESS,
                col::THIS_WEEK,
                col::PROBLEMS,
                col::NEXT,
            ]
            .into_iter()
            .find(|&c| !text(grid.get(row, l.col(c))).is_empty());
            if !hidden.is_empty() {
                bail!(msg!(
                    "{}: the hidden task state of row {} is damaged ('{}', expected such as 1.4|in-progress|40); issue the sheet again with 'tracker sheets'",
                    "{}：第 {} 行隐藏的任务状态已损坏（“{}”，应如 1.4|in-progress|40）；请用 'tracker sheets' 重新发出",
                    l.cell(row, col::IDENTITY),
                    row + 1,
                    safe(&cut(&hidden), false)
                ));
            }
            if let Some(c) = shown {
                bail!(msg!(
                    "{}: row {} is not one of the sheet's tasks (its hidden task state in {} is empty); answer only in the rows issued",
                    "{}：第 {} 行不是表中发出的任务（隐藏的任务状态 {} 为空）；请只在发出的行中填写",
                    l.cell(row, c),
                    row + 1,
                    cell_name(row, l.id_col)
                ));
            }
            continue;
        };
        // A row copied in a csv would answer a task twice: which answer counts is unclear.
        if let Some(first) = out.iter().find(|a| a.issued.id == issued.id) {
            bail!(msg!(
                "{name}: task {} is answered twice (rows {} and {}); keep one row per task",
                "{name}：任务 {} 出现了两次（第 {} 行和第 {} 行）；每项任务只保留一行",
                issued.id,
                first.row + 1,
                row + 1
            ));
        }
        check_id(l, grid, row, issued.id)?;
        let status = status(l, grid.get(row, l.col(col::STATUS)), row)?;
        let progress = progress(l, grid.get(row, l.col(col::PROGRESS)), row)?;
        let mut parts = [String::new(), String::new(), String::new()];
        for (i, c) in [col::THIS_WEEK, col::PROBLEMS, col::NEXT]
            .into_iter()
            .enumerate()
        {
            let t = text(grid.get(row, l.col(c)));
            if t.is_empty() {
                continue;
            }
            parts[i] = clean_text(TextKind::Note, &t).map_err(|e| {
                anyhow!(msg!(
                    "{}: {}: {e}",
                    "{}：{}：{e}",
                    l.cell(row, c),
                    l.header(c)
                ))
            })?;
        }
        out.push(Answer {
            issued,
            row,
            status,
            progress,
            note: answer_note([&parts[0], &parts[1], &parts[2]]),
        });
    }
    Ok(out)
}

/// Refuses a note (answers and source) longer than a note may be, naming the row's answer
/// cells: each cell passed alone, together they do not.
pub fn check_note_length(l: &Layout<'_>, a: &Answer, note: &str) -> Result<()> {
    clean_text(TextKind::Note, note).map_err(|e| {
        anyhow!(msg!(
            "{}:{}: the answers for {} with their source make a note that is too long ({e}): shorten them",
            "{}:{}：任务 {} 的答复连同来源超出一条进展的长度（{e}），请删减",
            l.cell(a.row, col::THIS_WEEK),
            cell_name(a.row, l.col(col::NEXT)),
            a.issued.id
        ))
    })?;
    Ok(())
}

/// The visible 序号 must still be the task the row was issued for (empty is left alone). A
/// number a spreadsheet made of it (2.10 read as 2.1) is the same task.
fn check_id(l: &Layout<'_>, grid: &Grid, row: u32, id: TaskId) -> Result<()> {
    let cell = grid.get(row, l.col(col::ID));
    let shown = text(cell);
    let same = match cell {
        Data::Empty => true,
        Data::Float(f) => format!("{id}").parse::<f64>().ok() == Some(*f),
        Data::Int(i) => id.item == 0 && i64::from(id.rec) == *i,
        _ => shown.is_empty() || shown.parse::<TaskId>().ok() == Some(id),
    };
    if !same {
        bail!(msg!(
            "{}: {} says {} but the row was issued for task {id} (its hidden state); rows must not be moved or retyped: issue the sheet again with 'tracker sheets'",
            "{}：{}为 {}，但该行发出时是任务 {id}（见隐藏的任务状态）；请勿移动或改写行，请用 'tracker sheets' 重新发出",
            l.cell(row, col::ID),
            l.header(col::ID),
            safe(&cut(&shown), false)
        ));
    }
    Ok(())
}

fn status(l: &Layout<'_>, cell: &Data, row: u32) -> Result<Option<Status>> {
    let t = text(cell);
    if t.is_empty() {
        return Ok(None);
    }
    let labels = |lang: Lang| {
        Status::ALL
            .iter()
            .map(|s| s.label(lang))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))
    };
    t.parse::<Status>().map(Some).map_err(|_| {
        anyhow!(msg!(
            "{}: {} must be one of {}",
            "{}：{}须为以下之一：{}",
            l.cell(row, col::STATUS),
            l.header(col::STATUS),
            labels(l.sheet_lang)
        ))
    })
}

fn progress(l: &Layout<'_>, cell: &Data, row: u32) -> Result<Option<u8>> {
    let bad = || {
        anyhow!(msg!(
            "{}: {} must be a whole number 0–100",
            "{}：{}须为 0–100 的整数",
            l.cell(row, col::PROGRESS),
            l.header(col::PROGRESS)
        ))
    };
    Ok(match cell {
        Data::Empty => None,
        Data::Float(f) if f.fract() == 0.0 && (0.0..=100.0).contains(f) => Some(*f as u8),
        Data::Int(i) if (0..=100).contains(i) => Some(*i as u8),
        Data::String(s) if s.trim().is_empty() => None,
        Data::String(s) => Some(parse_progress(s).map_err(|_| bad())?),
        _ => return Err(bad()),
    })
}

/// A cell's text quoted in a message: at most 40 characters.
fn cut(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
