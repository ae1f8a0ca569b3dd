//! Undo's pure rules: which field changes take a recorded change back, whole, or why they
//! cannot. The store reads the change and the tasks inside its write transaction
//! (`Store::undo_latest`) and writes what this plans.

use anyhow::{Result, bail};

use crate::model::{Status, ymd};
use crate::task::{Event, Field, FieldChange, Task, apply_change};

/// A field's current value, as events record it (`None` for supporting units, which are a list).
fn current(task: &Task, field: Field) -> Option<String> {
    match field {
        Field::Title => Some(task.title.clone()),
        Field::Text => Some(task.text.clone()),
        Field::Status => Some(task.status.name().into()),
        Field::Progress => Some(task.progress.to_string()),
        Field::Deadline => task.deadline.map(ymd),
        Field::Lead => task.lead.clone(),
        Field::SupportOrder => Some(crate::task::support::encode(&task.support)),
        Field::Support | Field::Created | Field::Note | Field::Notice => None,
    }
}

/// The changes that take back `events` (one recorded change, as it touched `task`), newest
/// first, so that the task is as it was before; writing them is itself a change, so undoing
/// that redoes.
///
/// Each kind of change is taken back whole: a field gets its old value (a supporting unit its
/// old place in the list); a note is withdrawn (a `note` change whose `old` is the note, kept
/// in the history), and a withdrawn note is posted again; a created task is cancelled (refused
/// if it has been started since: cancelling would overwrite that work).
/// Refused, in words, when a field has changed again since (undoing would silently overwrite
/// that later change), or when the result would name one unit as both lead and supporting
/// unit.
pub fn plan_undo(task: &Task, events: &[Event]) -> Result<Vec<FieldChange>> {
    let mut state = task.clone();
    let mut out = Vec::new();
    let id = task.id;
    for e in events.iter().rev() {
        let change = e.change_id;
        let revert = match e.field {
            Field::Note => match &e.old {
                // A withdrawal, undone: the note it withdrew is posted again.
                Some(text) => FieldChange::new(Field::Note, None, Some(text.clone())),
                None => {
                    FieldChange::new(Field::Note, Some(e.note.clone().unwrap_or_default()), None)
                }
            },
            // A notice is withdrawn as a note is (its text kept as `old`), and posted again when
            // that withdrawal is undone. Its serial stays taken: the `notices` table keeps it.
            Field::Notice => match &e.old {
                Some(text) => FieldChange::new(Field::Notice, None, Some(text.clone())),
                None => FieldChange::new(Field::Notice, e.new.clone(), None),
            },
            Field::Created => {
                match state.status {
                    Status::Cancelled => continue,
                    Status::NotStarted => {}
                    // Someone has worked on it since: cancelling would overwrite that.
                    st => {
                        let zh = st.label(crate::model::Lang::Zh);
                        bail!(crate::msg!(
                            "cannot undo change #{change}: it added {id}, which has been worked on since (now {st}); cancel it with 'tracker update {id} --status cancelled' if it is not wanted",
                            "无法撤销第 {change} 号变更：它新增了 {id}，而该任务此后已有进展（现为{zh}）；如不需要，可用 'tracker update {id} --status cancelled' 取消它"
                        ))
                    }
                }
                FieldChange::new(
                    Field::Status,
                    Some(state.status.name().into()),
                    Some(Status::Cancelled.name().into()),
                )
            }
            field => {
                let still = match field {
                    Field::Support => {
                        let has = |u: &Option<String>| {
                            u.as_ref().is_none_or(|u| state.support.contains(u))
                        };
                        let gone = |u: &Option<String>| {
                            u.as_ref().is_none_or(|u| !state.support.contains(u))
                        };
                        has(&e.new) && (e.new == e.old || gone(&e.old))
                    }
                    // Compared as lists: an order restored from an export may be spelled
                    // with other spacing.
                    Field::SupportOrder => {
                        e.new.as_deref().and_then(crate::task::support::decode)
                            == Some(state.support.clone())
                    }
                    f => current(&state, f) == e.new,
                };
                if !still {
                    let zh = field.zh();
                    bail!(crate::msg!(
                        "cannot undo change #{change} on {id}: its {field} has changed again since; change it back with 'tracker update'",
                        "无法撤销第 {change} 号变更（{id}）：其{zh}此后又有变化；请用 'tracker update' 改回"
                    ));
                }
                let mut revert = FieldChange::new(field, e.new.clone(), e.old.clone());
                if field == Field::Support && e.new.is_none() {
                    revert.position = e.position;
                }
                // The undo of a rename is a rename back, and reads as one.
                if field == Field::Lead && e.is_rename() {
                    revert.position = e.position;
                }
                revert
            }
        };
        apply_change(
            &mut state,
            revert.field,
            revert.new.as_deref(),
            revert.old.as_deref(),
            revert.position,
        );
        out.push(revert);
    }
    // One unit cannot hold both roles: it has changed role since the change being undone.
    if let Some(lead) = &state.lead
        && state.support.contains(lead)
    {
        let change = events.first().map_or(0, |e| e.change_id);
        let why = if task.lead.as_ref() == Some(lead) {
            crate::msg!(
                "it would make {lead} a supporting unit again, but {lead} is now the lead",
                "这会让 {lead} 重新成为配合单位，但 {lead} 现在是牵头单位"
            )
        } else {
            crate::msg!(
                "it would make {lead} the lead again, but {lead} is now one of its supporting units",
                "这会让 {lead} 重新成为牵头单位，但 {lead} 现在是配合单位之一"
            )
        };
        bail!(crate::msg!(
            "cannot undo change #{change} on {id}: {why}; change the units with 'tracker update {id} --lead UNIT --support UNIT…'",
            "无法撤销第 {change} 号变更（{id}）：{why}；请用 'tracker update {id} --lead 单位 --support 单位…' 调整单位"
        ));
    }
    Ok(out)
}

/// The changes taken back among `links`, each (change, the change it undoes), one per undo
/// event: the rule for undo chains, the same as the store's (`store/read.rs`, `taken_back!`).
///
/// An undo can itself be undone (undoing twice redoes), so a change stands when the chain of
/// undos over it (U1 undoes it, U2 undoes U1, …) is of even length and is taken back when it
/// is odd; where two undos name one change, the longest chain decides. An undo always has a
/// later change number than the change it names, so the chains are measured newest first.
pub fn taken_back(links: impl IntoIterator<Item = (i64, i64)>) -> std::collections::HashSet<i64> {
    use std::collections::{BTreeSet, HashMap};
    let mut over: HashMap<i64, BTreeSet<i64>> = HashMap::new();
    for (undo, target) in links {
        over.entry(target).or_default().insert(undo);
    }
    let mut targets: Vec<i64> = over.keys().copied().collect();
    targets.sort_unstable_by(|a, b| b.cmp(a));
    // depth[c]: the longest chain of undos over c (0 when nothing undoes it).
    let mut depth: HashMap<i64, usize> = HashMap::new();
    for c in targets {
        let d = over[&c]
            .iter()
            .map(|u| 1 + depth.get(u).copied().unwrap_or(0))
            .max()
            .unwrap_or(0);
        depth.insert(c, d);
    }
    depth
        .into_iter()
        .filter(|(_, d)| d % 2 == 1)
        .map(|(c, _)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_change_stands_when_the_undos_over_it_are_even() {
        // (undo, undone) links, and the changes taken back.
        type Links = &'static [(i64, i64)];
        let cases: &[(Links, &[i64])] = &[
            (&[], &[]),
            (&[(2, 1)], &[1]),
            (&[(2, 1), (3, 2)], &[2]),
            (&[(2, 1), (3, 2), (4, 3)], &[1, 3]),
            (&[(2, 1), (3, 2), (4, 3), (5, 4)], &[2, 4]),
            // Two chains side by side, and a link told twice (an undo of two events).
            (&[(5, 1), (6, 5), (7, 3), (7, 3)], &[3, 5]),
            // Two undos of one change: the longer chain decides.
            (&[(4, 1), (5, 1), (6, 5)], &[5]),
        ];
        for (links, want) in cases {
            let mut got: Vec<i64> = super::taken_back(links.iter().copied())
                .into_iter()
                .collect();
            got.sort_unstable();
            assert_eq!(&got, want, "{links:?}");
        }
    }

    use super::*;
    use crate::model::TaskId;

    fn task() -> Task {
        Task {
            id: TaskId::new(1, 3),
            title: "题".into(),
            text: String::new(),
            lead: Some("宣传科".into()),
            support: vec!["县区".into(), "组织科".into()],
            deadline: None,
            status: Status::InProgress,
            progress: 20,
        }
    }

    fn event(field: Field, old: Option<&str>, new: Option<&str>, note: Option<&str>) -> Event {
        Event {
            id: 1,
            change_id: 7,
            task: TaskId::new(1, 3),
            field,
            old: old.map(Into::into),
            new: new.map(Into::into),
            note: note.map(Into::into),
            actor: "甲".into(),
            at: "2026-03-02T09:00:00+08:00".into(),
            entered: None,
            undoes: None,
            position: None,
            withdrawn: false,
        }
    }

    #[test]
    fn a_note_is_withdrawn_and_a_withdrawal_posts_it_again() {
        let note = event(Field::Note, None, None, Some("进展"));
        let out = plan_undo(&task(), &[note]).unwrap();
        assert_eq!(
            out,
            [FieldChange::new(Field::Note, Some("进展".into()), None)]
        );
        let withdrawal = event(Field::Note, Some("进展"), None, None);
        let out = plan_undo(&task(), &[withdrawal]).unwrap();
        assert_eq!(
            out,
            [FieldChange::new(Field::Note, None, Some("进展".into()))]
        );
    }

    #[test]
    fn a_created_task_is_cancelled_once_unless_started_since() {
        let created = event(Field::Created, None, Some("题"), None);
        let mut fresh = task();
        fresh.status = Status::NotStarted;
        let out = plan_undo(&fresh, std::slice::from_ref(&created)).unwrap();
        assert_eq!(out[0].new.as_deref(), Some("cancelled"));
        let mut cancelled = task();
        cancelled.status = Status::Cancelled;
        assert!(
            plan_undo(&cancelled, std::slice::from_ref(&created))
                .unwrap()
                .is_empty()
        );
        let err = plan_undo(&task(), &[created]).unwrap_err().to_string();
        assert!(err.contains("worked on since"), "{err}");
    }

    #[test]
    fn a_lead_that_is_now_supporting_is_refused_in_words() {
        let lead = event(Field::Lead, Some("组织科"), Some("宣传科"), None);
        let err = plan_undo(&task(), &[lead]).unwrap_err().to_string();
        assert!(
            err.contains("组织科 is now one of its supporting units"),
            "{err}"
        );
    }

    #[test]
    fn a_removed_supporting_unit_goes_back_to_its_place() {
        let mut removed = event(Field::Support, Some("党校"), None, None);
        removed.position = Some(1);
        let out = plan_undo(&task(), &[removed]).unwrap();
        let mut t = task();
        for c in &out {
            apply_change(
                &mut t,
                c.field,
                c.new.as_deref(),
                c.old.as_deref(),
                c.position,
            );
        }
        assert_eq!(t.support, ["县区", "党校", "组织科"]);
    }
}
