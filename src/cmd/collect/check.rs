//! One returned file read and checked whole before anything is written: whose it is, whether
//! it came before (in the ledger or earlier in the same collect), every cell, and every task
//! against the ledger as the files before it leave it.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use sha2::{Digest, Sha256};

use super::grid::read_sheet;
use super::rows::{Answer, Layout, answers, check_note_length, check_week};
use crate::cli::CollectArgs;
use crate::ctx::Ctx;
use crate::model::TaskId;
use crate::msg;
use crate::render::safe;
use crate::returns::{Identity, cell_name, sourced_note};
use crate::store::Store;
use crate::task::{FieldChange, Task, UpdateRequest, plan_update};

/// A file read and checked, ready to apply.
pub struct Checked {
    pub name: String,
    pub hash: String,
    pub identity: Identity,
    pub answers: Vec<Answer>,
    /// What each task would get, as the ledger stood when checked (with the files before it).
    pub plans: Vec<(TaskId, Vec<FieldChange>)>,
    /// Answered tasks the unit no longer leads or supports, taken with `--force`.
    pub not_its: Vec<TaskId>,
}

impl Checked {
    pub fn note_of(&self, a: &Answer) -> String {
        sourced_note(a.note.as_deref(), &self.name, &self.hash)
    }
}

/// Reads and checks one file: whose it is, whether it came before, every cell, every task.
pub fn check_file(
    ctx: &Ctx,
    tasks: &HashMap<TaskId, Task>,
    ledger: Option<&str>,
    path: &Path,
    args: &CollectArgs,
    before: &[Checked],
    store: &Store,
) -> Result<Checked> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let name = safe(&name, false);
    let bytes = std::fs::read(path)
        .with_context(|| msg!("cannot read {}", "无法读取 {}", path.display()))?;
    let hash: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (grid, identity, id_col) = read_sheet(&name, path, &bytes)?;
    if ledger != Some(identity.ledger.as_str()) {
        bail!(msg!(
            "{name} was issued by another ledger, not {}: collect it into the ledger that issued it",
            "{name} 由另一个台账发出，不是 {}：请回收到发出它的台账",
            ctx.db.display()
        ));
    }
    check_week(&name, &identity, id_col)?;
    if !store.was_issued(&identity.week, &identity.unit)? {
        bail!(msg!(
            "{name}!{}: the hidden identity names week {} for {}, but no sheet was issued to that unit for that week: collect the sheet issued to it, or issue one with 'tracker sheets --week {}'",
            "{name}!{}：隐藏的表格标识写的是 {} 的 {}，但该周没有向该单位发出过反馈表：请回收发给它的表，或用 'tracker sheets --week {}' 发出",
            cell_name(0, id_col),
            safe(&identity.week, false),
            safe(&identity.unit, false),
            safe(&identity.week, false)
        ));
    }
    if let Some((file, at)) = store.collected(&hash)? {
        bail!(msg!(
            "{name} was already collected on {} (as {}; same content, SHA-256 {hash}): nothing to do",
            "{name} 已于 {} 回收过（文件名 {}；内容相同，SHA-256 {hash}）：无需再回收",
            at.get(..10).unwrap_or(&at),
            safe(&file, false)
        ));
    }
    if let Some(first) = before.iter().find(|c| c.hash == hash) {
        bail!(msg!(
            "{name} is the same file as {} (same content) given twice: collect it once",
            "{name} 与 {} 内容相同，重复给出：只需回收一次",
            first.name
        ));
    }
    let layout = Layout::of(&name, &grid, id_col)?;
    let all = answers(&layout, &grid)?;
    let unit = &identity.unit;
    let mut conflicts = Vec::new();
    let mut plans = Vec::new();
    let mut answers = Vec::new();
    let mut not_its = Vec::new();
    for a in all {
        let id = a.issued.id;
        let Some(task) = tasks.get(&id) else {
            bail!(msg!(
                "{}: task {id} is no longer in the ledger",
                "{}：台账中已没有任务 {id}",
                layout.id_cell(a.row)
            ));
        };
        // A task reassigned since issue (or a row from another unit's sheet): a row the unit
        // left unanswered is passed over; an answer is the unit's word on a task no longer
        // its own, taken only with --force (and then said).
        if task.lead.as_ref() != Some(unit) && !task.support.contains(unit) {
            if !a.touches() {
                continue;
            }
            if !args.force {
                bail!(msg!(
                    "{}: task {id} is no longer a task of {} (the unit this sheet was issued to): it was reassigned since, or the row comes from another unit's sheet; check with 'tracker show {id}', then --force applies the answer anyway",
                    "{}：任务 {id} 已不属于 {}（本表发给的单位）：任务已改派，或该行来自其他单位的表；请用 'tracker show {id}' 核对，确认后用 --force 仍然回收",
                    layout.id_cell(a.row),
                    safe(unit, false)
                ));
            }
            not_its.push(id);
        }
        if a.moves() && changed_since(task, &a) {
            conflicts.push(id);
        }
        // A bad combination (such as done at 40%) is refused before anything is written.
        let changes = plan(task, &a).map_err(|e| {
            let e = crate::i18n::error_chain(&e);
            anyhow!(msg!(
                "{}: task {id}: {e}",
                "{}：任务 {id}：{e}",
                layout.id_cell(a.row)
            ))
        })?;
        if a.touches() {
            check_note_length(&layout, &a, &sourced_note(a.note.as_deref(), &name, &hash))?;
        }
        plans.push((id, changes));
        answers.push(a);
    }
    if !conflicts.is_empty() && !args.force {
        let by = before
            .iter()
            .filter(|c| {
                c.plans
                    .iter()
                    .any(|(id, ch)| conflicts.contains(id) && !ch.is_empty())
            })
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>();
        let by = if by.is_empty() {
            String::new()
        } else {
            msg!(
                " (by {} in this same collect)",
                "（由本次同时回收的 {} 改动）",
                crate::i18n::list(&by)
            )
        };
        bail!(msg!(
            "{name}: {} changed in the ledger since the sheet was issued (status or progress){by}; check with 'tracker show', then --force applies the sheet anyway",
            "{name}：{} 在发出反馈表后已在台账中改动（状态或进度）{by}；请用 'tracker show' 核对，确认后用 --force 仍然回收",
            crate::model::id_list(&conflicts)
        ));
    }
    Ok(Checked {
        name,
        hash,
        identity,
        answers,
        plans,
        not_its,
    })
}

/// The changes an answer makes to the task as it is now. A value the unit left as issued
/// changes nothing (so `--force` never reverts a newer change the unit did not answer).
pub fn plan(task: &Task, a: &Answer) -> Result<Vec<FieldChange>> {
    let req = UpdateRequest {
        status: a
            .status
            .filter(|s| *s != a.issued.status && *s != task.status),
        progress: a
            .progress
            .filter(|p| *p != a.issued.progress && *p != task.progress),
        ..Default::default()
    };
    if req.is_empty() {
        return Ok(Vec::new());
    }
    plan_update(task, &req)
}

/// Whether the ledger changed the task's status or progress since the sheet was issued.
pub fn changed_since(task: &Task, a: &Answer) -> bool {
    task.status != a.issued.status || task.progress != a.issued.progress
}
