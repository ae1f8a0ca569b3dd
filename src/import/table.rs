//! Task tables and existing 台账 as recommendations and tasks. Pure.
//!
//! Columns are recognised by their headers (the first row among the first ten that names a
//! task column and one other): 序号/编号, 督办事项/工作任务/重点任务/任务, 具体内容/工作要求,
//! 牵头单位/责任单位, 配合单位/协办单位, 完成时限/时间节点, 进展情况/完成情况, 状态, 进度.
//! A row with one value across it (`一、教育项目`, or a merged cell) starts a group; a task
//! cell merged down over several rows is its rows' headline. 序号 `1.4` or `1-4` is kept as
//! the task's id; `4` under a group is item 4 of that group. Bad cells are errors naming the
//! sheet, the row and the column, as a spreadsheet shows them (`台账!H7`).

use anyhow::{Result, bail};

use crate::model::{TextKind, clean_text};

use super::columns::{
    Col, HEADERS, column_name, extra_columns, header, id_of, progress, status, with_extras,
};
use super::fields::{self, Context};
pub use super::layout::not_a_ledger;
use super::layout::{category_column, fraction_column};
use super::sheet::{Cell, Sheet};
use super::years;
use super::{Group, Item, parse};
use crate::model::Status;

/// The header row and each column's meaning, or `None` when no row names the tasks.
fn columns(sheet: &Sheet) -> Option<(usize, Vec<Option<Col>>)> {
    for (r, row) in sheet.rows.iter().enumerate().take(10) {
        let mut cols: Vec<Option<Col>> = Vec::new();
        for c in row {
            let col = header(&c.text()).filter(|col| !cols.contains(&Some(*col)));
            cols.push(col);
        }
        let named = cols.iter().flatten().count();
        let tasks = cols.contains(&Some(Col::Title)) || cols.contains(&Some(Col::Text));
        if named >= 2 && tasks {
            return Some((r, cols));
        }
    }
    None
}

/// The cells with each merged range's value copied into every cell it covers.
fn filled(sheet: &Sheet) -> Vec<Vec<Cell>> {
    let mut rows = sheet.rows.clone();
    for &(r0, c0, r1, c1) in &sheet.merges {
        let v = rows
            .get(r0)
            .and_then(|r| r.get(c0))
            .cloned()
            .unwrap_or(Cell::Empty);
        for row in rows.iter_mut().take(r1 + 1).skip(r0) {
            if row.len() <= c1 {
                row.resize(c1 + 1, Cell::Empty);
            }
            for cell in row.iter_mut().take(c1 + 1).skip(c0) {
                *cell = v.clone();
            }
        }
    }
    rows
}

/// A cell's lines run on: joined without a space between Chinese characters, with one
/// between Latin words.
fn join_lines(t: &str) -> String {
    if !t.contains('\n') {
        return t.to_string();
    }
    let mut out = String::with_capacity(t.len());
    for line in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let latin = |c: char| c.is_ascii_alphanumeric();
        if out.chars().next_back().is_some_and(latin) && line.starts_with(latin) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Reads the task table in `sheet`: `None` when no header row names its columns.
pub fn groups(sheet: &Sheet, ctx: &Context) -> Result<Option<Vec<Group>>> {
    let Some((head, cols)) = columns(sheet) else {
        return Ok(None);
    };
    let rows = filled(sheet);
    // A cell typed over several lines (Alt+Enter in a spreadsheet, a line break in a csv
    // cell) is one value: a title's, a unit's or a date's lines are joined, as the cell
    // shows them run on; the text and progress columns keep their line breaks.
    let at = |row: &[Cell], col: Col| -> String {
        let t = cols
            .iter()
            .position(|c| *c == Some(col))
            .and_then(|i| row.get(i))
            .map(Cell::text)
            .unwrap_or_default();
        if matches!(col, Col::Text | Col::Note) {
            t
        } else {
            join_lines(&t)
        }
    };
    let has = |col: Col| cols.contains(&Some(col));
    // A deadline typed as a number is a spreadsheet date serial shown without a date format.
    let when = |row: &[Cell]| -> String {
        let cell = cols
            .iter()
            .position(|c| *c == Some(Col::When))
            .and_then(|i| row.get(i));
        match cell {
            Some(Cell::Number(n)) => {
                super::sheet::serial_date(*n).map_or_else(|| n.to_string(), |d| d.to_string())
            }
            Some(c) => c.text(),
            None => String::new(),
        }
    };
    // A cell is named as the sheet names its column (`F5 (时间节点)`), so the person who
    // typed the table finds it; a column the table lacks falls back to tracker's name.
    let place = |r: usize, col: Col| {
        let i = cols.iter().position(|c| *c == Some(col)).unwrap_or(0);
        let own = sheet
            .rows
            .get(head)
            .and_then(|row| row.get(i))
            .map(|c| join_lines(&c.text()).trim().to_string())
            .filter(|t| !t.is_empty() && cols.get(i) == Some(&Some(col)));
        let name = own.unwrap_or_else(|| {
            HEADERS
                .iter()
                .find(|(c, _)| *c == col)
                .map_or("", |(_, n)| n[0])
                .to_string()
        });
        format!("{}!{}{} ({name})", sheet.name, column_name(i), r + 1)
    };
    // A task cell merged down over rows that each have their own text is a headline.
    let headline_span = |r: usize| -> Option<(usize, usize)> {
        let i = cols.iter().position(|c| *c == Some(Col::Title))?;
        sheet
            .merges
            .iter()
            .find(|m| m.1 <= i && i <= m.3 && m.0 <= r && r <= m.2 && m.2 > m.0)
            .map(|m| (m.0, m.2))
    };
    // Tasks numbered `N.M` (tracker's own 台账, and most offices'): a row with a bare `N` in
    // 序号 and nothing but a headline beside it is recommendation N's headline row.
    let dotted = rows
        .iter()
        .skip(head + 1)
        .any(|row| matches!(id_of(&at(row, Col::Id)), Some((_, Some(_)))));
    let only_headline = |row: &[Cell]| {
        [
            Col::Text,
            Col::Lead,
            Col::Support,
            Col::When,
            Col::Note,
            Col::Status,
            Col::Progress,
        ]
        .into_iter()
        .all(|c| at(row, c).is_empty())
    };
    let fractions = fraction_column(
        &rows[head + 1..],
        cols.iter().position(|c| *c == Some(Col::Progress)),
    );
    // A table without group rows is one recommendation: its title above the header row
    // (`2024年重点工作任务分解表`), else the sheet's name.
    let caption = rows[..head]
        .iter()
        .rev()
        .flat_map(|r| r.iter().map(Cell::text))
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| sheet.name.clone());
    // The one year the table's deadlines state (`2025年6月底前`, a date cell in 2025), as
    // text import takes a document's single year: `12月底前` elsewhere in it falls in that
    // year, not the plan's. Two years or none: no such year.
    let table_year = {
        let mut found: Vec<i32> = Vec::new();
        for row in &rows[head + 1..] {
            let t = when(row);
            let mut ys = years::stated(&t);
            if ys.is_empty()
                && let Some(d) = crate::model::parse_ymd(t.trim())
            {
                ys.push(chrono::Datelike::year(&d));
            }
            for y in ys {
                if !found.contains(&y) {
                    found.push(y);
                }
            }
        }
        match found.as_slice() {
            [y] => Some(years::Year::Stated(*y)),
            _ => None,
        }
    };
    let mut groups: Vec<Group> = Vec::new();
    // Whether a row's 序号 (`1.4`, a 台账's) numbers a group: only then are the groups'
    // numbers the ledger's (see the end).
    let mut ids_number = false;
    let mut open_span: Option<(usize, usize)> = None;
    // A group row (`一、优化营商环境`) heads the rows below it: a task cell merged down under
    // it is that task's title over several rows, not a second headline.
    let mut under_group_row = false;
    // The category column's value the current group was made for.
    let mut open_category: Option<String> = None;
    let category = category_column(sheet, head, &cols);
    // Columns that are no field (存在问题, 责任人, 备注…): kept in each task's text.
    let header_row: Vec<String> = sheet
        .rows
        .get(head)
        .map(|row| row.iter().map(|c| join_lines(&c.text())).collect())
        .unwrap_or_default();
    let extras = extra_columns(&header_row, &cols, category);
    let mut numbered: std::collections::HashMap<(bool, usize, u32), usize> =
        std::collections::HashMap::new();
    let mut pending: Vec<Pending> = Vec::new();
    for (r, row) in rows.iter().enumerate().skip(head + 1) {
        let values: Vec<String> = row
            .iter()
            .map(Cell::text)
            .filter(|t| !t.is_empty())
            .collect();
        // `填表人：王丽,联系电话：…` signed under the table is no task.
        if values.is_empty() || values.iter().all(|v| super::leftout::signed_under_table(v)) {
            continue;
        }
        let title = at(row, Col::Title);
        let text = at(row, Col::Text);
        let all_same = values.iter().all(|v| *v == values[0]);
        let id = at(row, Col::Id);
        // A group row: one value across the row (merged over three or more columns, or typed
        // once with no units or dates), numbered like a heading or outside the task columns.
        let raw: &[Cell] = sheet.rows.get(r).map_or(&[], Vec::as_slice);
        let raw_values = raw.iter().filter(|c| !c.is_empty()).count();
        let across = sheet
            .merges
            .iter()
            .any(|m| m.0 <= r && r <= m.2 && m.0 == m.2 && m.3 >= m.1 + 2);
        let bare = id.chars().all(|c| c.is_ascii_digit());
        // Only above its own tasks: a lone row without them stays a task, never lost.
        let heads = |n: u32| {
            rows.iter()
                .skip(r + 1)
                .map(|row| at(row, Col::Id))
                .find(|i| !i.is_empty())
                .and_then(|i| id_of(&i))
                .is_some_and(|(g, item)| g == n && item.is_some())
        };
        if dotted
            && bare
            && !title.is_empty()
            && only_headline(row)
            && let Some((n, None)) = id_of(&id)
            && heads(n)
        {
            let headline = if title.chars().count() <= HEADLINE_MAX {
                title.clone()
            } else {
                parse::title_of(&title)
            };
            groups.push(Group {
                number: Some(n),
                headline,
                text: title,
                items: Vec::new(),
                table: true,
            });
            under_group_row = true;
            continue;
        }
        let marked = parse::split_marker(&values[0]).is_some();
        let lone = at(raw, Col::Title).is_empty() && at(raw, Col::Text).is_empty();
        if all_same
            && (across
                || raw_values == 1
                    && at(raw, Col::Lead).is_empty()
                    && when(raw).is_empty()
                    && (marked || lone))
        {
            let line = &values[0];
            let (number, headline) = match parse::split_marker(line) {
                Some((n, rest)) => (Some(n), rest.to_string()),
                None => (None, line.clone()),
            };
            groups.push(Group {
                number,
                headline: parse::title_of(&headline),
                text: headline,
                items: Vec::new(),
                table: true,
            });
            under_group_row = true;
            continue;
        }
        let span = if has(Col::Text) && !under_group_row && category.is_none() {
            headline_span(r)
        } else {
            None
        };
        let parsed = id_of(&id);
        // 序号 merged down with the headline numbers the group; else each row's numbers it.
        let id_merged = cols
            .iter()
            .position(|c| *c == Some(Col::Id))
            .is_some_and(|i| {
                sheet
                    .merges
                    .iter()
                    .any(|m| m.1 <= i && i <= m.3 && m.0 <= r && r <= m.2 && m.2 > m.0)
            });
        let (title, text) = match span {
            Some(s) => {
                if open_span != Some(s) {
                    let number = match parsed {
                        Some((g, Some(_))) => Some(g),
                        Some((n, None)) if id_merged => Some(n),
                        _ => None,
                    };
                    ids_number |= number.is_some();
                    groups.push(Group {
                        number,
                        headline: parse::title_of(&title),
                        text: title.clone(),
                        items: Vec::new(),
                        table: true,
                    });
                    open_span = Some(s);
                }
                (parse::title_of(&text), text)
            }
            None if title.is_empty() => (parse::title_of(&text), text),
            None if text.is_empty() => (title.clone(), title),
            None => (title, text),
        };
        // A row with something in it but no task would be lost without a word: refused,
        // named, so the office fills in the task or deletes the row.
        if text.is_empty() {
            let at = place(
                r,
                if has(Col::Title) {
                    Col::Title
                } else {
                    Col::Text
                },
            );
            let shown: Vec<String> = values
                .iter()
                .take(3)
                .map(|v| crate::model::escape_for_terminal(v, false).to_string())
                .collect();
            let shown = shown.join("、");
            bail!(crate::msg!(
                "{at}: the row has no task ({shown}): fill in the task or delete the row",
                "{at}：该行没有工作任务（{shown}）：请填写任务或删除该行"
            ));
        }
        // A value that cannot be stored is named by its cell, not by the task it would be.
        let title_col = if at(row, Col::Title).is_empty() {
            Col::Text
        } else {
            Col::Title
        };
        let check = |kind: TextKind, value: &str, col: Col| -> Result<()> {
            if value.is_empty() {
                return Ok(());
            }
            clean_text(kind, value)
                .map(|_| ())
                .map_err(|e| anyhow::anyhow!(crate::msg!("{}: {e}", "{}：{e}", place(r, col))))
        };
        check(TextKind::Title, &title, title_col)?;
        check(TextKind::Text, &text, Col::Text)?;
        let mut kept: Vec<(String, String)> = Vec::with_capacity(extras.len());
        for (i, label) in &extras {
            let value = row.get(*i).map(Cell::text).unwrap_or_default();
            if !value.is_empty() {
                clean_text(TextKind::Text, &value).map_err(|e| {
                    let at = format!("{}!{}{} ({label})", sheet.name, column_name(*i), r + 1);
                    anyhow::anyhow!(crate::msg!("{at}: {e}", "{at}：{e}"))
                })?;
            }
            kept.push((label.clone(), value));
        }
        for u in super::units::split(&at(row, Col::Lead), ctx.units) {
            check(TextKind::Unit, &u, Col::Lead)?;
        }
        for u in super::units::split(&at(row, Col::Support), ctx.units) {
            check(TextKind::Unit, &u, Col::Support)?;
        }
        // Under a group row, a 序号 merged down with its task numbers neither row.
        let parsed = if span.is_none() && id_merged && matches!(parsed, Some((_, None))) {
            None
        } else {
            parsed
        };
        let (group_no, item_no) = match (span, parsed) {
            (Some(_), Some((_, Some(i)))) => (None, Some(i)),
            (Some(_), Some((n, None))) if !id_merged => (None, Some(n)),
            (Some(_), _) => (None, None),
            (None, Some((g, Some(i)))) => (Some(g), Some(i)),
            (None, Some((i, None))) => (None, Some(i)),
            (None, None) => (None, None),
        };
        // A first column 类别 merged down over each group's rows: a recommendation per value.
        if let Some(c) = category {
            let value = row.get(c).map(Cell::text).unwrap_or_default();
            let value = join_lines(&value);
            if !value.is_empty() && open_category.as_deref() != Some(value.as_str()) {
                groups.push(Group {
                    number: None,
                    headline: parse::title_of(&value),
                    text: value.clone(),
                    items: Vec::new(),
                    table: true,
                });
                open_category = Some(value);
            }
        }
        // The same 序号 twice (2.1 and 2.1 again) is a slip the office must settle: counting
        // them again would give one of them another task's number.
        if let Some(i) = item_no {
            let key = match group_no {
                Some(g) => (true, g as usize, i),
                None => (false, groups.len().max(1), i),
            };
            if let Some(first) = numbered.insert(key, r) {
                let a = place(first, Col::Id);
                let b = place(r, Col::Id);
                let id = crate::model::escape_for_terminal(&id, false);
                bail!(crate::msg!(
                    "{b}: 序号 '{id}' is already used in {a}: each task needs its own number",
                    "{b}：序号“{id}”已在 {a} 用过：每项任务须有自己的序号"
                ));
            }
        }
        ids_number |= group_no.is_some();
        if let Some(g) = group_no
            && groups.last().is_none_or(|l| l.number != Some(g))
        {
            groups.push(Group {
                number: Some(g),
                headline: String::new(),
                text: String::new(),
                items: Vec::new(),
                table: true,
            });
        }
        if groups.is_empty() {
            groups.push(Group {
                number: None,
                headline: String::new(),
                text: String::new(),
                items: Vec::new(),
                table: true,
            });
        }
        let at_status = at(row, Col::Status);
        let status = match at_status.clone() {
            s if s.is_empty() => None,
            s => Some(status(&s).map_err(|e| {
                anyhow::anyhow!(crate::msg!("{}: {e}", "{}：{e}", place(r, Col::Status)))
            })?),
        };
        let progress = match progress_cell(row, &cols, fractions) {
            s if s.is_empty() => None,
            s => Some(progress(&s).map_err(|e| {
                anyhow::anyhow!(crate::msg!("{}: {e}", "{}：{e}", place(r, Col::Progress)))
            })?),
        };
        // Done goes with 100% and not started with 0%, as for `update`: a row whose status
        // and progress say otherwise is refused, for a guess either way would store
        // something the office did not write.
        if let (Some(st), Some(p)) = (status, progress) {
            let clash = match st {
                Status::Done => p != 100,
                Status::NotStarted => p > 0,
                Status::InProgress | Status::Blocked => p == 100,
                Status::Cancelled => false,
            };
            if clash {
                let at = place(r, Col::Status);
                let pat = place(r, Col::Progress);
                let shown = crate::model::escape_for_terminal(&at_status, false);
                bail!(crate::msg!(
                    "{at}: status '{shown}' contradicts progress {p}% in {pat}: done goes with 100%, not started with 0%, in progress or blocked below 100%; correct one of them",
                    "{at}：状态“{shown}”与 {pat} 的进度 {p}% 矛盾：已完成须为 100%，未开始须为 0%，进行中或受阻须低于 100%；请改正其一"
                ));
            }
        }
        // Done and no progress is done at 100%, shown and stored so.
        let progress = match (status, progress) {
            (Some(Status::Done), None) => Some(100),
            (_, p) => p,
        };
        // A row that gives progress but no status is as far as its progress says: started
        // above 0%, done at 100% (the ledger's rule for `update --progress`).
        let inferred = status.is_none() && progress.is_some_and(|p| p > 0);
        let status = match (status, progress) {
            (None, Some(100)) => Some(Status::Done),
            (None, Some(p)) if p > 0 => Some(Status::InProgress),
            (s, _) => s,
        };
        let when_text = when(row);
        // A date that is no date (`2025-02-30`, `2025年13月`) is an error, not a guess; words
        // without digits (`按要求`) are read as an unclear deadline.
        if when_text.chars().any(|c| c.is_ascii_digit())
            && super::deadline::find(&when_text, 2000, true)
                .iter()
                .all(|p| p.meaning == super::deadline::Meaning::Invalid)
        {
            let at = place(r, Col::When);
            bail!(crate::msg!(
                "{at}: invalid date '{when_text}': expected a date such as 2024-06-30, 2024年6月30日 or 2024年6月底前",
                "{at}：无效的日期“{when_text}”：应为 2024-06-30、2024年6月30日 或 2024年6月底前 这样的日期"
            ));
        }
        // A relative deadline's year: the row's own, else its group's heading's, else the
        // table's caption's (`years`), else the one the document's title or date states,
        // else the one year the table's deadline cells state, else the plan's.
        let g = groups.last().expect("a group was just made");
        let stated = Some(ctx.year).filter(|y| matches!(y, years::Year::Stated(_)));
        let year = years::at_level(&g.text)
            .or_else(|| years::at_level(&caption))
            .or(stated)
            .or(table_year)
            .unwrap_or(ctx.year);
        // The fields come from the task's own words; the other columns follow them. Each
        // row's are read after the loop, on every core (`pending`).
        let note = Some(at(row, Col::Note)).filter(|n| !n.is_empty());
        let g_at = groups.len() - 1;
        let g = groups.last_mut().expect("a group was just made");
        pending.push(Pending {
            at: (g_at, g.items.len()),
            lead: at(row, Col::Lead),
            support: at(row, Col::Support),
            when: when_text,
            year,
            text: text.clone(),
        });
        let text = with_extras(text, &kept);
        g.items.push(Item {
            number: item_no,
            title,
            text,
            fields: fields::Fields::default(),
            status,
            status_inferred: inferred,
            progress,
            note,
        });
    }
    let read = crate::par::map(&pending, |p| {
        let row_ctx = Context {
            year: p.year,
            ..*ctx
        };
        fields::from_columns(&p.text, &p.lead, &p.support, &p.when, &row_ctx)
    });
    for (p, fields) in pending.iter().zip(read) {
        groups[p.at.0].items[p.at.1].fields = fields;
    }
    groups.retain(|g| !g.items.is_empty());
    // Ids that repeat or are missing within a group are counted again from 1; group numbers
    // that repeat are left to the import to give.
    for g in &mut groups {
        if g.headline.is_empty() {
            g.headline = parse::title_of(&caption);
            g.text = caption.clone();
        }
        let mut seen = std::collections::HashSet::new();
        if g.items
            .iter()
            .any(|i| i.number.is_none_or(|n| n == 0 || !seen.insert(n)))
        {
            for (k, i) in g.items.iter_mut().enumerate() {
                i.number = Some(k as u32 + 1);
            }
        }
    }
    // A group row's own marker (`一、优化营商环境,,,,`) is the document's outline, as a
    // report's heading (`三、对策建议`) is: the import numbers such groups from the next free
    // number, as it does a report's (`from_report`), so a table and the same outline as text
    // give the same ids. Only a 台账's ids (`1.4`) say which recommendation a row is.
    let mut seen = std::collections::HashSet::new();
    if !ids_number
        || groups
            .iter()
            .any(|g| g.number.is_none_or(|n| n == 0 || !seen.insert(n)))
    {
        for g in &mut groups {
            g.number = None;
        }
    }
    if groups.is_empty() {
        let name = &sheet.name;
        bail!(crate::msg!(
            "{name}: the table has headers but no task rows",
            "{name}：表格有表头但没有任务行"
        ));
    }
    Ok(Some(groups))
}

/// A row's cells that its fields are read from (`fields::from_columns`), and where its item
/// sits (group, item), kept while the rows are walked in order.
struct Pending {
    at: (usize, usize),
    text: String,
    lead: String,
    support: String,
    when: String,
    year: years::Year,
}

/// The longest headline the ledger stores (`TextKind::Headline`); a longer headline row
/// gives its first clause.
const HEADLINE_MAX: usize = 500;

/// The progress cell as text for `columns::progress`: a percentage cell shows `60%`; a
/// plain number is the percentage itself (`60`), or in a column of fractions the fraction.
fn progress_cell(row: &[Cell], cols: &[Option<Col>], fractions: bool) -> String {
    let cell = cols
        .iter()
        .position(|c| *c == Some(Col::Progress))
        .and_then(|i| row.get(i));
    match cell {
        Some(c) if fractions && let Some(n) = super::layout::plain_number(c) => {
            Cell::Percent(n).text()
        }
        Some(c) => c.text(),
        None => String::new(),
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            Just(Cell::Empty),
            "(序号|工作任务|督办事项|具体内容|牵头单位|配合单位|完成时限|状态|进度|进展情况)"
                .prop_map(Cell::Text),
            "([0-9]{1,2}([.-][0-9]{1,2})?|[一二三]、\\PC{0,6})".prop_map(Cell::Text),
            "(县[一-龥]{1,4}局|各乡镇|[一-龥]{0,6})(、县[一-龥]{1,3}局)?".prop_map(Cell::Text),
            "(已完成|进行中|done|[0-9]{1,3}%?|年底前|20[0-9]{2}年[0-9]{1,2}月底前|\\PC{0,8})"
                .prop_map(Cell::Text),
            (-1e6f64..1e6).prop_map(Cell::Number),
            (0u32..40_000).prop_map(|d| Cell::Date(
                NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(d.into())
            )),
        ]
    }

    proptest! {
        /// Any grid of cells, with any merged ranges (even ones outside the grid), is read
        /// without a panic; every group read has tasks with text.
        #[test]
        fn any_sheet_is_read_without_panic(
            rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..8), 0..10),
            merges in proptest::collection::vec((0usize..12, 0usize..9, 0usize..12, 0usize..9), 0..4),
        ) {
            let merges = merges.into_iter().map(|(a, b, c, d)| (a, b, a.max(c), b.max(d))).collect();
            let sheet = Sheet { name: "s".into(), rows, merges };
            let ctx = Context {
                year: crate::import::years::Year::Unstated,
                document_date: None,
                plan_start: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                today: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                units: &[],
                near: &crate::import::units::NearMemo::default(),
            };
            if let Ok(Some(groups)) = groups(&sheet, &ctx) {
                for g in groups {
                    prop_assert!(!g.items.is_empty());
                    for i in g.items {
                        prop_assert!(!i.text.is_empty());
                    }
                }
            }
        }
    }
}
