//! Tasks and their history as the rest of the program sees them, and the pure rules that turn a
//! requested update into the list of field changes the history records. No I/O.

use std::fmt;
use std::str::FromStr;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Status, TaskId, ymd};

pub mod support;

/// A recommendation (建议) from the report: the parent of tasks `N.1`, `N.2`…
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    pub number: u32,
    pub headline: String,
    pub text: String,
}

/// A task's current state.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: TaskId,
    pub title: String,
    pub text: String,
    /// `None` while no unit leads it.
    pub lead: Option<String>,
    pub support: Vec<String>,
    pub deadline: Option<NaiveDate>,
    pub status: Status,
    pub progress: u8,
}

/// What an event changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Created,
    Title,
    Text,
    Status,
    Progress,
    Deadline,
    Lead,
    Support,
    /// The supporting units that stayed were put in another order (issue 19): `old` and `new`
    /// are the whole list before and after, as [`support::encode`] writes them.
    SupportOrder,
    Note,
    /// A 督办通知单 listed the task (issue 17 §3): `new` is [`NoticeRef`]'s text; an undo
    /// withdraws it with the same text as `old`. A reminder sent, not a report by the unit.
    Notice,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Created,
        Field::Title,
        Field::Text,
        Field::Status,
        Field::Progress,
        Field::Deadline,
        Field::Lead,
        Field::Support,
        Field::SupportOrder,
        Field::Note,
        Field::Notice,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Created => "created",
            Field::Title => "title",
            Field::Text => "text",
            Field::Status => "status",
            Field::Progress => "progress",
            Field::Deadline => "deadline",
            Field::Lead => "lead",
            Field::Support => "support",
            Field::SupportOrder => "support_order",
            Field::Note => "note",
            Field::Notice => "notice",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Field::Created => "创建",
            Field::Title => "标题",
            Field::Text => "内容",
            Field::Status => "状态",
            Field::Progress => "进度",
            Field::Deadline => "完成时限",
            Field::Lead => "牵头单位",
            Field::Support => "配合单位",
            Field::SupportOrder => "配合单位顺序",
            Field::Note => "进展",
            Field::Notice => "督办通知单",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Field {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Field::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown event field '{s}'"))
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One recorded change to one field of one task. In JSON (`history`, `show`, the report's
/// `this_week`) as `change`, `task`, `field`, `old`, `new`, `note`, `actor`, `at`, `entered`,
/// `undoes`, `withdrawn` and `rename` (see [`Event::is_rename`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: i64,
    pub change_id: i64,
    pub task: TaskId,
    pub field: Field,
    pub old: Option<String>,
    pub new: Option<String>,
    pub note: Option<String>,
    pub actor: String,
    pub at: String,
    /// When it was really recorded (UTC, RFC 3339); `None` for events older than schema 4.
    pub entered: Option<String>,
    /// The change this event takes back, for an event written by `undo`.
    pub undoes: Option<i64>,
    /// For `support`: the unit's place in the list (0 = first) when added or removed. For
    /// `lead`: [`RENAMED_LEAD`] on a rename, else `None`.
    pub position: Option<i64>,
    /// A note taken back by `undo` (kept in the history, left out of reports), or the
    /// withdrawal itself.
    pub withdrawn: bool,
}

/// The `position` that `units rename` (and an undo of it) writes on a lead event: the lead
/// keeps its place under its new name. `update --lead` writes none, so the history tells a
/// rename (更名) from a task handed to another unit without a schema change (issue 17,
/// finding 13). A supporting unit needs no mark: only a rename writes a `support` event with
/// both an old and a new name.
pub const RENAMED_LEAD: i64 = 0;

impl Event {
    /// Whether this event is a unit's rename (`units rename`, or an undo of one) rather than a
    /// task given to another unit: a lead or supporting unit's event with an old and a new
    /// name, a lead one marked [`RENAMED_LEAD`]. A rename is never a report by the unit.
    pub fn is_rename(&self) -> bool {
        is_rename(
            self.field,
            self.old.is_some() && self.new.is_some(),
            self.position,
        )
    }
}

/// [`Event::is_rename`] of an event with `field`, whether it has both an old and a new value,
/// and `position`: for reads that take only these columns (`Store::period_news`).
pub fn is_rename(field: Field, old_and_new: bool, position: Option<i64>) -> bool {
    old_and_new
        && match field {
            Field::Support => true,
            Field::Lead => position == Some(RENAMED_LEAD),
            _ => false,
        }
}

impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            change: i64,
            task: TaskId,
            field: Field,
            old: &'a Option<String>,
            new: &'a Option<String>,
            note: &'a Option<String>,
            actor: &'a str,
            at: &'a str,
            entered: &'a Option<String>,
            undoes: Option<i64>,
            withdrawn: bool,
            rename: bool,
        }
        Json {
            change: self.change_id,
            task: self.task,
            field: self.field,
            old: &self.old,
            new: &self.new,
            note: &self.note,
            actor: &self.actor,
            at: &self.at,
            entered: &self.entered,
            undoes: self.undoes,
            withdrawn: self.withdrawn,
            rename: self.is_rename(),
        }
        .serialize(s)
    }
}

/// A change about to be written: one field, its value before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: Field,
    pub old: Option<String>,
    pub new: Option<String>,
    /// For a supporting unit added: its place in the list (0 = first); `None` puts it last.
    /// (For a removal the store records where the unit was.)
    pub position: Option<i64>,
}

impl FieldChange {
    pub fn new(field: Field, old: Option<String>, new: Option<String>) -> Self {
        FieldChange {
            field,
            old,
            new,
            position: None,
        }
    }

    /// The change as an unsaved event on task `id`, for describing it.
    pub fn as_event(&self, id: TaskId) -> Event {
        Event {
            id: 0,
            change_id: 0,
            task: id,
            field: self.field,
            old: self.old.clone(),
            new: self.new.clone(),
            note: None,
            actor: String::new(),
            at: String::new(),
            entered: None,
            undoes: None,
            position: self.position,
            withdrawn: false,
        }
    }
}

/// What `tracker update` was asked to change; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct UpdateRequest {
    pub title: Option<String>,
    pub text: Option<String>,
    pub status: Option<Status>,
    pub progress: Option<u8>,
    pub deadline: Option<Option<NaiveDate>>,
    pub lead: Option<String>,
    /// The new list of supporting units, replacing the old one (the same units in another
    /// order reorder it).
    pub support: Option<Vec<String>>,
    /// Supporting units to add at the end of the list (`--add-support`).
    pub add_support: Vec<String>,
    /// Supporting units to take off the list (`--remove-support`); each must be on it.
    pub remove_support: Vec<String>,
}

impl UpdateRequest {
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.text.is_none()
            && self.status.is_none()
            && self.progress.is_none()
            && self.deadline.is_none()
            && self.lead.is_none()
            && self.support.is_none()
            && self.add_support.is_empty()
            && self.remove_support.is_empty()
    }
}

/// Turns a request into the field changes to record, in the order they apply.
///
/// Rules: done and 100% go together, always (a cancelled task keeps the progress it had), and
/// so do not started and 0% (a task at 30% has started; setting it not started needs
/// `--progress 0` given with it):
/// `done` sets 100%, progress 100 on an open task makes it done, and a done task is reopened
/// only by giving its new status and a progress below 100 together. Progress on a task not yet
/// started starts it; a unit that becomes the lead stops being a supporting unit; fields that
/// would not change are left out.
pub fn plan_update(task: &Task, req: &UpdateRequest) -> Result<Vec<FieldChange>> {
    let mut status = req.status;
    let mut progress = req.progress;
    let id = task.id;
    let reopen = crate::msg!(
        "to reopen it, give its new status and progress together, e.g. 'tracker update {id} --status in-progress --progress 80'",
        "要重新打开它，请同时给出新的状态和进度，如 'tracker update {id} --status in-progress --progress 80'"
    );
    match (status, progress) {
        (Some(Status::Done), Some(p)) if p != 100 => {
            bail!(crate::msg!(
                "conflicting values: status done means progress 100, not {p}",
                "取值矛盾：状态为已完成，进度应为 100，而不是 {p}"
            ))
        }
        (Some(Status::Done), _) => progress = Some(100),
        (Some(s), Some(100)) if s.is_open() => {
            let zh = s.label(crate::model::Lang::Zh);
            bail!(crate::msg!(
                "conflicting values: progress 100 means done, not {s}: give --status done, or a progress below 100",
                "取值矛盾：进度 100 即已完成，而不是{zh}：请给出 --status done，或低于 100 的进度"
            ))
        }
        (Some(s), None) if s.is_open() && task.status == Status::Done => {
            bail!(crate::msg!(
                "{id} is done, so its progress is 100: {reopen}",
                "{id} 已完成，进度为 100：{reopen}"
            ))
        }
        (None, Some(p)) if p < 100 && task.status == Status::Done => {
            bail!(crate::msg!(
                "{id} is done, so its progress stays 100 (not {p}): {reopen}",
                "{id} 已完成，进度保持 100（不能改为 {p}）：{reopen}"
            ))
        }
        (None, Some(100)) if task.status.is_open() => status = Some(Status::Done),
        (Some(Status::NotStarted), Some(p)) if p > 0 => bail!(crate::msg!(
            "conflicting values: status not-started means progress 0, not {p}: give --status in-progress, or --progress 0",
            "取值矛盾：状态为未开始，进度应为 0，而不是 {p}：请给出 --status 进行中，或 --progress 0"
        )),
        (Some(Status::NotStarted), None) if task.progress > 0 => bail!(crate::msg!(
            "{id} is at {}%, so it has started: to mark it not started, give --progress 0 too, e.g. 'tracker update {id} --status not-started --progress 0'",
            "{id} 进度已为 {}%，说明已经开始：要标为未开始，请同时给出 --progress 0，如 'tracker update {id} --status not-started --progress 0'",
            task.progress
        )),
        _ => {}
    }
    if status.is_none() && task.status == Status::NotStarted && progress.is_some_and(|p| p > 0) {
        status = Some(Status::InProgress);
    }

    let mut changes = Vec::new();
    let mut push = |field, old: Option<String>, new: Option<String>| {
        if old != new {
            changes.push(FieldChange::new(field, old, new));
        }
    };
    if let Some(title) = &req.title {
        push(Field::Title, Some(task.title.clone()), Some(title.clone()));
    }
    if let Some(text) = &req.text {
        push(Field::Text, Some(task.text.clone()), Some(text.clone()));
    }
    if let Some(st) = status {
        push(
            Field::Status,
            Some(task.status.name().into()),
            Some(st.name().into()),
        );
    }
    if let Some(p) = progress {
        push(
            Field::Progress,
            Some(task.progress.to_string()),
            Some(p.to_string()),
        );
    }
    if let Some(deadline) = req.deadline {
        push(Field::Deadline, task.deadline.map(ymd), deadline.map(ymd));
    }

    let lead = req.lead.clone().or_else(|| task.lead.clone());
    let mut support = req.support.clone().unwrap_or_else(|| task.support.clone());
    // Adding and removing one unit in one command asks for two opposite things: which one
    // was meant cannot be guessed, so neither is done.
    if let Some(both) = req
        .add_support
        .iter()
        .find(|u| req.remove_support.contains(u))
    {
        let shown = crate::model::escape_for_terminal(both, false);
        bail!(crate::msg!(
            "--add-support {shown} and --remove-support {shown} contradict each other: give one of them",
            "--add-support {shown} 与 --remove-support {shown} 互相矛盾：只能给其中一个",
        ));
    }
    for gone in &req.remove_support {
        if !support.contains(gone) {
            let near = crate::i18n::list(crate::model::near_names(gone, &task.support, 3));
            let hint = match (near.is_empty(), task.support.is_empty()) {
                (false, _) => crate::msg!("did you mean {near}?", "是不是 {near}？"),
                (true, true) => crate::msg!("it has none", "它没有配合单位"),
                (true, false) => {
                    let all = crate::i18n::list(&task.support);
                    crate::msg!("its supporting units: {all}", "其配合单位：{all}")
                }
            };
            let shown = crate::model::escape_for_terminal(gone, false);
            bail!(crate::msg!(
                "{shown} is not a supporting unit of {id} ({hint})",
                "{shown} 不是 {id} 的配合单位（{hint}）",
            ));
        }
        support.retain(|u| u != gone);
    }
    support.extend(req.add_support.iter().cloned());
    support.retain(|u| Some(u) != lead.as_ref());
    let mut seen = Vec::new();
    support.retain(|u| {
        let first = !seen.contains(u);
        seen.push(u.clone());
        first
    });
    // Only what changed (issue 19): the units that left, then the lead, then one order event
    // if the units that stayed moved, then the units that came, each at its place.
    let plan = support::plan(&task.support, &support);
    for gone in plan.removed {
        push(Field::Support, Some(gone), None);
    }
    push(Field::Lead, task.lead.clone(), lead.clone());
    if let Some((before, after)) = plan.order {
        changes.push(FieldChange::new(
            Field::SupportOrder,
            Some(support::encode(&before)),
            Some(support::encode(&after)),
        ));
    }
    for (at, added) in plan.added {
        let mut c = FieldChange::new(Field::Support, None, Some(added));
        c.position = Some(at as i64);
        changes.push(c);
    }
    Ok(changes)
}

/// The changes that rename unit `old` to `new` in one task. A unit named twice after the
/// rename (already the lead, or already supporting) is kept once, in its stronger role.
pub fn plan_rename(task: &Task, old: &str, new: &str) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let supports = |u: &str| task.support.iter().any(|s| s == u);
    if task.lead.as_deref() == Some(old) {
        if supports(new) {
            out.push(FieldChange::new(Field::Support, Some(new.into()), None));
        }
        let mut lead = FieldChange::new(Field::Lead, Some(old.into()), Some(new.into()));
        lead.position = Some(RENAMED_LEAD);
        out.push(lead);
    } else if supports(old) {
        let already = task.lead.as_deref() == Some(new) || supports(new);
        out.push(FieldChange::new(
            Field::Support,
            Some(old.into()),
            (!already).then(|| new.into()),
        ));
    }
    out
}

/// Applies one recorded change to a task, forwards (`new`) or backwards (`old`). Reports use
/// this to replay the history to any past moment. A supporting unit added with a `position`
/// goes to that place in the list (0 = first), else to the end.
pub fn apply_change(
    task: &mut Task,
    field: Field,
    value: Option<&str>,
    removed: Option<&str>,
    position: Option<i64>,
) {
    match field {
        Field::Title => task.title = value.unwrap_or_default().to_string(),
        Field::Text => task.text = value.unwrap_or_default().to_string(),
        Field::Status => {
            if let Some(st) = value.and_then(|v| v.parse().ok()) {
                task.status = st;
            }
        }
        Field::Progress => {
            if let Some(p) = value.and_then(|v| v.parse().ok()) {
                task.progress = p;
            }
        }
        Field::Deadline => task.deadline = value.and_then(crate::model::parse_ymd),
        Field::Lead => task.lead = value.map(str::to_string),
        Field::Support => {
            if let Some(gone) = removed {
                task.support.retain(|u| u != gone);
            }
            if let Some(added) = value
                && !task.support.iter().any(|u| u == added)
            {
                let at = position
                    .and_then(|p| usize::try_from(p).ok())
                    .map_or(task.support.len(), |p| p.min(task.support.len()));
                task.support.insert(at, added.to_string());
            }
        }
        Field::SupportOrder => {
            if let Some(list) = value.and_then(support::decode) {
                task.support = support::reorder(&task.support, &list);
            }
        }
        // A notice or a note changes no field of the task.
        Field::Created | Field::Note | Field::Notice => {}
    }
}

impl Event {
    /// Undoes this event on `task` (the task's state just after the event becomes its state
    /// just before it).
    pub fn revert(&self, task: &mut Task) {
        apply_change(
            task,
            self.field,
            self.old.as_deref(),
            self.new.as_deref(),
            self.position,
        );
    }

    /// Applies this event to `task`.
    pub fn replay(&self, task: &mut Task) {
        apply_change(
            task,
            self.field,
            self.new.as_deref(),
            self.old.as_deref(),
            self.position,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task() -> Task {
        Task {
            id: TaskId::new(1, 4),
            title: "建立联系点".into(),
            text: "全文".into(),
            lead: Some("组织科".into()),
            support: vec!["县区".into(), "人事局".into()],
            deadline: NaiveDate::from_ymd_opt(2026, 6, 1),
            status: Status::NotStarted,
            progress: 0,
        }
    }

    fn fields(changes: &[FieldChange]) -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                format!(
                    "{}:{}>{}",
                    c.field,
                    c.old.as_deref().unwrap_or("-"),
                    c.new.as_deref().unwrap_or("-")
                )
            })
            .collect()
    }

    #[test]
    fn done_sets_progress_to_100() {
        let req = UpdateRequest {
            status: Some(Status::Done),
            ..Default::default()
        };
        assert_eq!(
            fields(&plan_update(&task(), &req).unwrap()),
            ["status:not-started>done", "progress:0>100"]
        );
    }

    #[test]
    fn done_with_other_progress_is_refused() {
        let req = UpdateRequest {
            status: Some(Status::Done),
            progress: Some(50),
            ..Default::default()
        };
        assert!(
            plan_update(&task(), &req)
                .unwrap_err()
                .to_string()
                .contains("progress 100")
        );
    }

    #[test]
    fn progress_starts_a_task_not_yet_started() {
        let req = UpdateRequest {
            progress: Some(30),
            ..Default::default()
        };
        assert_eq!(
            fields(&plan_update(&task(), &req).unwrap()),
            ["status:not-started>in-progress", "progress:0>30"]
        );
    }

    #[test]
    fn unchanged_values_record_nothing() {
        let t = task();
        let req = UpdateRequest {
            status: Some(t.status),
            progress: Some(0),
            lead: t.lead.clone(),
            support: Some(t.support.clone()),
            deadline: Some(t.deadline),
            ..Default::default()
        };
        assert!(plan_update(&t, &req).unwrap().is_empty());
    }

    #[test]
    fn a_supporting_unit_that_becomes_lead_leaves_support_first() {
        let req = UpdateRequest {
            lead: Some("县区".into()),
            ..Default::default()
        };
        assert_eq!(
            fields(&plan_update(&task(), &req).unwrap()),
            ["support:县区>-", "lead:组织科>县区"]
        );
    }

    #[test]
    fn replacing_support_removes_then_adds() {
        let req = UpdateRequest {
            support: Some(vec!["人事局".into(), "党校".into(), "党校".into()]),
            ..Default::default()
        };
        assert_eq!(
            fields(&plan_update(&task(), &req).unwrap()),
            ["support:县区>-", "support:->党校"]
        );
    }

    #[test]
    fn the_same_units_in_another_order_reorder_the_list() {
        let req = UpdateRequest {
            support: Some(vec!["人事局".into(), "县区".into()]),
            ..Default::default()
        };
        assert_eq!(
            fields(&plan_update(&task(), &req).unwrap()),
            [r#"support_order:["县区","人事局"]>["人事局","县区"]"#]
        );
    }

    #[test]
    fn one_unit_added_or_removed_leaves_the_others() {
        let req = UpdateRequest {
            add_support: vec!["党校".into()],
            remove_support: vec!["县区".into()],
            ..Default::default()
        };
        assert_eq!(
            fields(&plan_update(&task(), &req).unwrap()),
            ["support:县区>-", "support:->党校"]
        );
        let req = UpdateRequest {
            remove_support: vec!["县委".into()],
            ..Default::default()
        };
        let err = plan_update(&task(), &req).unwrap_err().to_string();
        assert!(
            err.contains("not a supporting unit") && err.contains("县区"),
            "{err}"
        );
    }

    #[test]
    fn replaying_and_reverting_events_round_trip() {
        let before = task();
        let req = UpdateRequest {
            status: Some(Status::Done),
            lead: Some("县区".into()),
            support: Some(vec!["党校".into()]),
            deadline: Some(None),
            title: Some("新标题".into()),
            ..Default::default()
        };
        let events: Vec<Event> = plan_update(&before, &req)
            .unwrap()
            .into_iter()
            .enumerate()
            .map(|(i, c)| Event {
                id: i as i64,
                change_id: 1,
                task: before.id,
                field: c.field,
                old: c.old,
                new: c.new,
                note: None,
                actor: "a".into(),
                at: "t".into(),
                entered: None,
                undoes: None,
                position: None,
                withdrawn: false,
            })
            .collect();
        let mut after = before.clone();
        events.iter().for_each(|e| e.replay(&mut after));
        assert_eq!(after.status, Status::Done);
        assert_eq!(after.progress, 100);
        assert_eq!(after.lead.as_deref(), Some("县区"));
        assert_eq!(after.support, ["党校"]);
        assert_eq!(after.deadline, None);
        events.iter().rev().for_each(|e| e.revert(&mut after));
        // A removed supporting unit comes back at the end of the list.
        after.support.sort();
        let mut expected = before.clone();
        expected.support.sort();
        assert_eq!(after, expected);
    }
}
