//! A unit's rename in the period said once (issue 17g, finding 6): `units rename` is one
//! recorded change however many tasks name the unit, as seeding a plan is one line, so the
//! report says `11月19日，人才工作科更名为人才科（涉及3.1、3.3、3.4、3.5等4项）` once rather than as
//! news of each task (`render::news::week_text` leaves renames out of a task's 本周进展 in
//! words; the rows' events, json's `this_week`, keep them).

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{TaskId, parse_ymd};
use crate::task::Event;

/// One rename recorded in the period: its local day, the names before and after, and the
/// tasks (in scope) naming the unit then, as lead or support, in id order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenameNews {
    pub day: NaiveDate,
    pub old: String,
    pub new: String,
    pub tasks: Vec<TaskId>,
    /// The new name was a unit already known (a task named it just before): the old unit
    /// merged into it (`A并入B`), not a new name for it (17j #7). Set by [`merges`].
    pub merge: bool,
}

/// The renames among `events` (the period's events, any order), each change once, in change
/// order; a rename and the undo that takes it back, both among them, cancel out (as a change
/// and its undo do in 本周进展). An undo standing alone is a rename back, said as one.
pub fn renamed_in(events: &[Event]) -> Vec<RenameNews> {
    let renames: Vec<&Event> = events.iter().filter(|e| e.is_rename()).collect();
    let ids: std::collections::HashSet<i64> = renames.iter().map(|e| e.change_id).collect();
    let taken = crate::undo::taken_back(
        renames
            .iter()
            .filter_map(|e| Some((e.change_id, e.undoes?)))
            .filter(|(_, target)| ids.contains(target)),
    );
    let cancelled: std::collections::HashSet<i64> = renames
        .iter()
        .filter(|e| !taken.contains(&e.change_id))
        .filter_map(|e| {
            e.undoes
                .filter(|c| ids.contains(c))
                .map(|c| [e.change_id, c])
        })
        .flatten()
        .collect();
    let mut by_change: std::collections::BTreeMap<i64, RenameNews> = Default::default();
    for e in renames.iter().filter(|e| !cancelled.contains(&e.change_id)) {
        let (Some(old), Some(new)) = (&e.old, &e.new) else {
            continue;
        };
        let Some(day) = e.at.get(..10).and_then(parse_ymd) else {
            continue;
        };
        let r = by_change.entry(e.change_id).or_insert_with(|| RenameNews {
            day,
            old: old.clone(),
            new: new.clone(),
            tasks: Vec::new(),
            merge: false,
        });
        r.tasks.push(e.task);
    }
    by_change
        .into_values()
        .map(|mut r| {
            r.tasks.sort_unstable();
            r.tasks.dedup();
            r
        })
        .collect()
}

/// Which of `renames` (each a change and the name it gave) were merges: a task named the new
/// name, as lead or support, just before that change (issue 17, 17j #7: `units rename A B`
/// onto a known B merges A into it). `tasks` are the tasks now; `later` every event of the
/// changes from the first of `renames` on, oldest first, reverted newest first to reach the
/// ledger before each change (`rewind_tasks`' rule: a task created later is not there).
pub fn merges(
    mut tasks: Vec<crate::task::Task>,
    later: &[Event],
    renames: &[(i64, String)],
) -> std::collections::HashSet<i64> {
    let place: std::collections::HashMap<TaskId, usize> =
        tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut gone = vec![false; tasks.len()];
    let mut order: Vec<&(i64, String)> = renames.iter().collect();
    order.sort_by_key(|(c, _)| std::cmp::Reverse(*c));
    let mut events = later.iter().rev().peekable();
    let mut out = std::collections::HashSet::new();
    for (change, new) in order {
        while let Some(e) = events.next_if(|e| e.change_id >= *change) {
            let Some(&i) = place.get(&e.task) else {
                continue;
            };
            if e.field == crate::task::Field::Created {
                gone[i] = true;
            } else {
                e.revert(&mut tasks[i]);
            }
        }
        let named = tasks.iter().zip(&gone).any(|(t, g)| {
            !g && (t.lead.as_deref() == Some(new.as_str()) || t.support.iter().any(|u| u == new))
        });
        if named {
            out.insert(*change);
        }
    }
    out
}
