//! JSON shapes: stable field names for scripts. Statuses and health use their English names.

use std::io::Write as _;

use serde::Serialize;

use crate::model::{Health, Status, TaskId, ymd};
use crate::task::{Event, Task};

/// A task in `list --format json` and `show --format json`.
#[derive(Debug, Serialize)]
pub struct TaskJson<'a> {
    pub id: TaskId,
    pub recommendation: u32,
    pub title: &'a str,
    pub text: &'a str,
    pub lead: Option<&'a str>,
    pub support: &'a [String],
    pub deadline: Option<String>,
    pub status: Status,
    pub progress: u8,
    /// `overdue`, `due-soon` or `on-track`; null for done and cancelled tasks.
    pub health: Option<Health>,
}

impl<'a> TaskJson<'a> {
    pub fn new(task: &'a Task, health: Option<Health>) -> Self {
        TaskJson {
            id: task.id,
            recommendation: task.id.rec,
            title: &task.title,
            text: &task.text,
            lead: task.lead.as_deref(),
            support: &task.support,
            deadline: task.deadline.map(ymd),
            status: task.status,
            progress: task.progress,
            health,
        }
    }
}

/// `show --format json`: the task, its recommendation's headline, and its history.
#[derive(Debug, Serialize)]
pub struct TaskDetailJson<'a> {
    #[serde(flatten)]
    pub task: TaskJson<'a>,
    pub recommendation_headline: Option<&'a str>,
    pub history: &'a [Event],
}

/// Pretty JSON followed by a newline.
/// `to_string`, written to `out` as it is made (a report of 100,000 rows is tens of MB).
pub fn write<T: Serialize>(value: &T, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, value)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

pub fn to_string<T: Serialize>(value: &T) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}
