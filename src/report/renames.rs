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
