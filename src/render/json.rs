//! JSON shapes: stable field names for scripts. Statuses and health use their English names.

use std::cell::RefCell;
use std::io::Write as _;

use serde::Serialize;

use crate::model::{Health, Status, TaskId, ymd};
use crate::report::{Due, Pick, Picks, Report, dues_of, rows_of};
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

/// `list --format json`: a task as [`TaskJson`] gives it, with what the table's 序时 column
/// shows and the day it was last reported on (末次反馈: a note, a status or progress change,
/// or its creation), as `show --format json` gives them: `pace` (`expected`, `gap`,
/// `standing`, `light`; null for done and cancelled tasks, and for an open task without a
/// start or a deadline that is not blocked) and `last_report` (`YYYY-MM-DD` or null); and
/// `days_since_report` (a whole number of days, or null) and `done_late` (true or false).
#[derive(Debug, Serialize)]
pub struct ListItemJson<'a> {
    #[serde(flatten)]
    pub task: TaskJson<'a>,
    pub pace: Option<crate::report::followup::Pace>,
    pub last_report: Option<chrono::NaiveDate>,
    /// Days from its last report (or, never reported, its creation) to today; null for a
    /// done or cancelled task (未反馈天数, as `list --stale` shows it).
    pub days_since_report: Option<i64>,
    /// Done after its deadline (逾期完成).
    pub done_late: bool,
}

/// `show --format json`: the task, its recommendation's headline, and its history.
#[derive(Debug, Serialize)]
pub struct TaskDetailJson<'a> {
    #[serde(flatten)]
    pub task: TaskJson<'a>,
    pub recommendation_headline: Option<&'a str>,
    #[serde(flatten)]
    pub follow: crate::report::followup::TaskFollow,
    pub history: &'a [Event],
}

/// A unit in `units --format json`: its counts and its reporting record over `weeks` weeks.
#[derive(Debug, Serialize)]
pub struct UnitJson<'a> {
    #[serde(flatten)]
    pub stats: &'a crate::store::UnitStats,
    pub weeks: u32,
    /// Checks counted: (open task it leads, week end) pairs.
    pub checks: usize,
    /// Percent of the checks reported on time (null without checks).
    pub reported_on_time: Option<f64>,
    /// Percent of the checks overdue (null without checks).
    pub overdue_share: Option<f64>,
}

/// Every unit of `stats` with its share from `shares` (both in name order; a unit leading no
/// open task has none).
pub fn units<'a>(
    stats: &'a [crate::store::UnitStats],
    shares: &[crate::report::units::UnitShare],
    weeks: u32,
) -> Vec<UnitJson<'a>> {
    stats
        .iter()
        .map(|s| {
            let share = shares
                .binary_search_by(|x| x.unit.as_str().cmp(&s.unit))
                .ok()
                .map(|k| &shares[k]);
            UnitJson {
                stats: s,
                weeks,
                checks: share.map_or(0, |x| x.checks),
                reported_on_time: share.and_then(|x| x.reported_on_time),
                overdue_share: share.and_then(|x| x.overdue_share),
            }
        })
        .collect()
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

/// A list as `write` writes it, its items handed over one at a time by `each` (which calls
/// the function it is given for every item), so that they need not all be held.
pub fn write_each<T: Serialize>(
    each: impl FnOnce(&mut dyn FnMut(T) -> anyhow::Result<()>) -> anyhow::Result<()>,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    use serde::ser::{SerializeSeq, Serializer};
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut ser = serde_json::Serializer::pretty(&mut out);
    let mut seq = ser.serialize_seq(None)?;
    each(&mut |item| Ok(seq.serialize_element(&item)?))?;
    seq.end()?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

pub fn to_string<T: Serialize>(value: &T) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

/// Reads the words of picked tasks: their titles and units as of the report's end (sorted by
/// id) and their events since the report needs them (oldest first).
pub type Words<'a> = dyn FnMut(&[Pick]) -> anyhow::Result<(Vec<Task>, Vec<Event>)> + 'a;

/// How many picked tasks get their words in one read while a report is written.
pub(crate) const CHUNK: usize = 2048;

/// The weekly report (`report`, its lists empty, and `picks`) as `write` writes a filled one,
/// byte for byte; the rows get their words from `words` a chunk at a time, as they are written,
/// so that a report of 100,000 rows never holds them all. The deadline lists take theirs from
/// the rows as they pass (every task is a row when nothing is left out), else read them too.
pub fn write_report(
    report: &Report,
    picks: &Picks,
    words: &mut Words<'_>,
    lang: crate::model::Lang,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let due: Vec<Pick> = picks
        .overdue
        .iter()
        .chain(&picks.upcoming)
        .chain(&picks.unreported)
        .chain(&picks.due_in_period)
        .copied()
        .collect();
    let mut due_by_id: Vec<(TaskId, usize)> =
        due.iter().enumerate().map(|(k, p)| (p.id, k)).collect();
    due_by_id.sort_unstable();
    let streamed = Streamed {
        report,
        picks,
        lang,
        words: RefCell::new(words),
        failure: RefCell::new(None),
        kept: RefCell::new(DueWords {
            text: String::new(),
            spans: vec![None; due.len()],
        }),
        due,
        due_by_id,
    };
    let written = write(&streamed, out);
    match streamed.failure.into_inner() {
        Some(e) => Err(e),
        None => written,
    }
}

struct Streamed<'a, 'w> {
    report: &'a Report,
    picks: &'a Picks,
    /// The language of `summary_text` (the figures are the same in both).
    lang: crate::model::Lang,
    words: RefCell<&'a mut Words<'w>>,
    /// Why reading the words failed, if it did.
    failure: RefCell<Option<anyhow::Error>>,
    /// The overdue, the upcoming, the unreported tasks then the period's deadlines; where
    /// each is, by id (a task may be in several lists); and each one's words, once
    /// they have passed by in the rows.
    due: Vec<Pick>,
    due_by_id: Vec<(TaskId, usize)>,
    kept: RefCell<DueWords>,
}

/// The titles and leads of deadline entries, end to end in one text (tens of thousands of
/// overdue tasks take a few MB this way, several times less than as entries).
struct DueWords {
    text: String,
    /// Per entry: where its title starts, where it ends and its lead starts, where that ends
    /// (no lead: an empty one; a unit's name is never empty).
    spans: Vec<Option<(usize, usize, usize)>>,
}

impl DueWords {
    fn keep(&mut self, k: usize, title: &str, lead: Option<&str>) {
        let start = self.text.len();
        self.text.push_str(title);
        let mid = self.text.len();
        self.text.push_str(lead.unwrap_or_default());
        self.spans[k] = Some((start, mid, self.text.len()));
    }

    /// The entry for `pick`, at `k`, if its words are kept.
    fn entry(&self, k: usize, pick: &Pick) -> Option<Due> {
        let (start, mid, end) = self.spans[k]?;
        let lead = (mid < end).then(|| self.text[mid..end].to_string());
        Some(pick.due(self.text[start..mid].to_string(), lead))
    }
}

impl Streamed<'_, '_> {
    fn words<E: serde::ser::Error>(&self, picked: &[Pick]) -> Result<(Vec<Task>, Vec<Event>), E> {
        let read = (self.words.borrow_mut())(picked);
        read.map_err(|e| {
            *self.failure.borrow_mut() = Some(e);
            E::custom("reading the ledger failed")
        })
    }

    /// Keeps the words of the deadline entries whose tasks are in `tasks` (sorted by id).
    fn keep_dues(&self, tasks: &[Task]) {
        let (Some(first), Some(last)) = (tasks.first(), tasks.last()) else {
            return;
        };
        let start = self.due_by_id.partition_point(|(id, _)| *id < first.id);
        let mut kept = self.kept.borrow_mut();
        for &(id, k) in self.due_by_id[start..]
            .iter()
            .take_while(|(id, _)| *id <= last.id)
        {
            if let Ok(t) = tasks.binary_search_by_key(&id, |t| t.id) {
                kept.keep(k, &tasks[t].title, tasks[t].lead.as_deref());
            }
        }
    }
}

/// One of the report's lists, written chunk by chunk: the progress table, or the deadline
/// entries `due[range]`.
struct Listed<'s, 'a, 'w> {
    streamed: &'s Streamed<'a, 'w>,
    list: List,
}

enum List {
    Rows,
    Due(std::ops::Range<usize>),
    /// The period's deadlines (本期到期), each with its state.
    Period(std::ops::Range<usize>),
}

impl Serialize for Streamed<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // `Report`'s fields in its order (a test compares the two).
        let r = self.report;
        let mut st = s.serialize_struct("Report", 25)?;
        st.serialize_field("period", &r.period)?;
        st.serialize_field("week", &r.week)?;
        st.serialize_field("as_of", &r.as_of)?;
        st.serialize_field("entered_later", &r.entered_later)?;
        st.serialize_field("previous", &r.previous)?;
        st.serialize_field("scope", &r.scope)?;
        st.serialize_field("due_soon_days", &r.due_soon_days)?;
        st.serialize_field("summary", &r.summary)?;
        st.serialize_field("total", &r.total)?;
        let list = |list| Listed {
            streamed: self,
            list,
        };
        let overdue = self.picks.overdue.len();
        let upcoming = overdue + self.picks.upcoming.len();
        let unreported = upcoming + self.picks.unreported.len();
        st.serialize_field("rows", &list(List::Rows))?;
        st.serialize_field("overdue", &list(List::Due(0..overdue)))?;
        st.serialize_field("upcoming", &list(List::Due(overdue..upcoming)))?;
        st.serialize_field(
            "due_in_period",
            &list(List::Period(unreported..self.due.len())),
        )?;
        st.serialize_field("pace_amber", &r.pace_amber)?;
        st.serialize_field("pace_red", &r.pace_red)?;
        st.serialize_field("report_every", &r.report_every)?;
        st.serialize_field("unreported", &list(List::Due(upcoming..unreported)))?;
        // Every unreported entry's words were kept as the list was written.
        let silent: Vec<_> = {
            let kept = self.kept.borrow();
            (upcoming..unreported)
                .map(|k| {
                    (kept.entry(k, &self.due[k]))
                        .unwrap_or_else(|| dues_of(&self.due[k..=k], &[]).remove(0))
                })
                .collect()
        };
        st.serialize_field(
            "unreported_units",
            &crate::report::followup::silent_units(&silent),
        )?;
        st.serialize_field("reports_due", &r.reports_due)?;
        st.serialize_field("reporting", &r.reporting)?;
        st.serialize_field("trend", &r.trend)?;
        st.serialize_field("added", &r.added)?;
        st.serialize_field("units", &r.units)?;
        st.serialize_field("unit_weeks", &r.unit_weeks)?;
        st.serialize_field("reminders", &r.reminders)?;
        st.serialize_field("notices", &r.notices)?;
        st.serialize_field("renames", &r.renames)?;
        // Last: by now every overdue entry's lead has been read (kept as it passed by).
        let kept = self.kept.borrow();
        let leads: Vec<Option<&str>> = (0..overdue)
            .map(|k| {
                kept.spans[k]
                    .filter(|(_, mid, end)| mid < end)
                    .map(|(_, mid, end)| &kept.text[mid..end])
            })
            .collect();
        let text = crate::report::summary_text_in(&r.total, r.week.is_some(), &leads, self.lang);
        st.serialize_field("summary_text", &text)?;
        st.end()
    }
}

impl Serialize for Listed<'_, '_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let st = self.streamed;
        match &self.list {
            List::Rows => {
                let mut seq = s.serialize_seq(Some(st.picks.rows.len()))?;
                for chunk in st.picks.rows.chunks(CHUNK) {
                    let (mut tasks, events) = st.words(chunk)?;
                    st.keep_dues(&tasks);
                    for row in rows_of(st.report, chunk, &mut tasks, &events) {
                        seq.serialize_element(&row)?;
                    }
                }
                seq.end()
            }
            List::Due(range) | List::Period(range) => {
                let period = matches!(self.list, List::Period(_));
                let mut seq = s.serialize_seq(Some(range.len()))?;
                for start in range.clone().step_by(CHUNK) {
                    let end = (start + CHUNK).min(range.end);
                    let missing: Vec<Pick> = (start..end)
                        .filter(|&k| st.kept.borrow().spans[k].is_none())
                        .map(|k| st.due[k])
                        .collect();
                    if !missing.is_empty() {
                        let (tasks, _) = st.words(&missing)?;
                        st.keep_dues(&tasks);
                    }
                    for k in start..end {
                        let due = st.kept.borrow().entry(k, &st.due[k]);
                        let due = due.unwrap_or_else(|| dues_of(&st.due[k..=k], &[]).remove(0));
                        if period {
                            let as_of = st.report.as_of;
                            if let Some(d) = st.due[k].period_due(due.title, due.lead, as_of) {
                                seq.serialize_element(&d)?;
                            }
                        } else {
                            seq.serialize_element(&due)?;
                        }
                    }
                }
                seq.end()
            }
        }
    }
}
