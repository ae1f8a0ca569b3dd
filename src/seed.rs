//! The seeded plan: `seed/plan.toml`, compiled into the binary so a new ledger needs no files.
//! Reads and checks the file, and turns its deadline offsets into dates for a start date.

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::model::{Span, TaskId, TextKind, clean_text};

pub const PLAN_TOML: &str = include_str!("../seed/plan.toml");
pub const PLAN_FILE: &str = "seed/plan.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub plan: PlanInfo,
    #[serde(rename = "recommendation")]
    pub recommendations: Vec<SeedRecommendation>,
    #[serde(rename = "task")]
    pub tasks: Vec<SeedTask>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInfo {
    pub title: String,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRecommendation {
    pub number: u32,
    pub headline: String,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedTask {
    pub id: String,
    pub title: String,
    pub text: String,
    pub lead: String,
    #[serde(default)]
    pub support: Vec<String>,
    /// An offset from the plan's start: `3m`, `6m`, `12m`, `2w`, `30d`.
    pub deadline: String,
}

/// A task ready to be stored: ids parsed, deadline resolved.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub id: TaskId,
    pub title: String,
    pub text: String,
    /// `None`: no unit leads it yet (shown as unassigned).
    pub lead: Option<String>,
    pub support: Vec<String>,
    pub deadline: Option<NaiveDate>,
}

/// A plan made ready for a new ledger: its recommendations, its tasks with deadlines counted
/// from `start`, and the note each task's `created` event carries (`seeded from …`).
pub struct Seeding {
    pub start: NaiveDate,
    pub recs: Vec<crate::task::Recommendation>,
    pub tasks: Vec<NewTask>,
    pub note: String,
}

impl Seeding {
    /// What `Store::create` writes into a new ledger, as one change by `stamp`.
    pub fn seed<'a>(&'a self, stamp: &'a crate::store::Stamp) -> crate::store::Seed<'a> {
        crate::store::Seed {
            start: self.start,
            recs: &self.recs,
            tasks: &self.tasks,
            stamp,
            note: &self.note,
        }
    }
}

impl Plan {
    /// The plan made ready for a new ledger starting `start` (errors: `tasks_from`'s).
    pub fn seeding(&self, start: NaiveDate) -> Result<Seeding> {
        let tasks = self.tasks_from(start)?;
        let recs = self
            .recommendations
            .iter()
            .map(|r| crate::task::Recommendation {
                number: r.number,
                headline: r.headline.clone(),
                text: r.text.clone(),
            })
            .collect();
        Ok(Seeding {
            start,
            recs,
            tasks,
            note: format!("seeded from {PLAN_FILE}"),
        })
    }

    /// The plan compiled into the binary.
    pub fn builtin() -> Result<Plan> {
        Plan::parse(PLAN_TOML, PLAN_FILE)
    }

    pub fn parse(toml_text: &str, file: &str) -> Result<Plan> {
        let plan: Plan = toml::from_str(toml_text).map_err(|e| {
            let msg = e.message().to_string();
            let line = e
                .span()
                .map(|s| toml_text[..s.start].lines().count().max(1));
            match line {
                Some(line) => anyhow::anyhow!("{file}, line {line}: {msg}"),
                None => anyhow::anyhow!("{file}: {msg}"),
            }
        })?;
        plan.check()
            .with_context(|| format!("{file}: invalid plan"))?;
        Ok(plan)
    }

    fn check(&self) -> Result<()> {
        let mut ids = Vec::new();
        for rec in &self.recommendations {
            clean_text(TextKind::Headline, &rec.headline).map_err(anyhow::Error::msg)?;
        }
        for task in &self.tasks {
            let id: TaskId = task
                .id
                .parse()
                .map_err(|_| anyhow::anyhow!("task id '{}' is not like 1.4", task.id))?;
            if !self.recommendations.iter().any(|r| r.number == id.rec) {
                bail!(
                    "task {id} belongs to recommendation {}, which the plan does not define",
                    id.rec
                );
            }
            if ids.contains(&id) {
                bail!("task {id} is defined twice");
            }
            ids.push(id);
            task.deadline
                .parse::<Span>()
                .map_err(|e| anyhow::anyhow!("task {id}: {e}"))?;
            for (kind, s) in [
                (TextKind::Title, &task.title),
                (TextKind::Text, &task.text),
                (TextKind::Unit, &task.lead),
            ] {
                clean_text(kind, s).map_err(|e| anyhow::anyhow!("task {id}: {e}"))?;
            }
            for unit in &task.support {
                clean_text(TextKind::Unit, unit).map_err(|e| anyhow::anyhow!("task {id}: {e}"))?;
            }
        }
        Ok(())
    }

    /// The tasks with deadlines counted from `start`, in id order.
    pub fn tasks_from(&self, start: NaiveDate) -> Result<Vec<NewTask>> {
        let mut tasks = self
            .tasks
            .iter()
            .map(|t| {
                let id: TaskId =
                    t.id.parse()
                        .map_err(|_| anyhow::anyhow!("task id '{}' is not like 1.4", t.id))?;
                let span: Span = t.deadline.parse().map_err(anyhow::Error::msg)?;
                let deadline = span.after(start).with_context(|| {
                    format!(
                        "the plan's start {start} puts task {id}'s deadline ({} later) after 9999-12-31, the last date the ledger holds: give an earlier --start",
                        t.deadline
                    )
                })?;
                Ok(NewTask {
                    id,
                    title: t.title.clone(),
                    text: t.text.clone(),
                    lead: Some(t.lead.clone()),
                    support: t.support.clone(),
                    deadline: Some(deadline),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        tasks.sort_by_key(|t| t.id);
        Ok(tasks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_plan_has_sixteen_tasks_under_three_recommendations() {
        let plan = Plan::builtin().unwrap();
        assert_eq!(plan.recommendations.len(), 3);
        let start = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let tasks = plan.tasks_from(start).unwrap();
        let ids: Vec<String> = tasks.iter().map(|t| t.id.to_string()).collect();
        assert_eq!(
            ids,
            [
                "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1",
                "3.2", "3.3", "3.4", "3.5"
            ]
        );
        let conference = tasks.iter().find(|t| t.id == TaskId::new(1, 2)).unwrap();
        assert_eq!(conference.deadline, NaiveDate::from_ymd_opt(2026, 6, 2));
    }

    #[test]
    fn titles_are_short() {
        for t in Plan::builtin().unwrap().tasks {
            assert!(t.title.chars().count() <= 20, "{}: {}", t.id, t.title);
        }
    }

    #[test]
    fn a_broken_plan_names_the_file_and_line() {
        let err = Plan::parse("[plan]\ntitle = \"x\"\nsource = 3\n", "plan.toml").unwrap_err();
        assert!(
            format!("{err:#}").starts_with("plan.toml, line 3"),
            "{err:#}"
        );
        let text = "[plan]\ntitle='t'\nsource='s'\n[[recommendation]]\nnumber=1\nheadline='h'\n[[task]]\nid='2.1'\ntitle='t'\ntext='t'\nlead='l'\ndeadline='3m'\n";
        let err = Plan::parse(text, "plan.toml").unwrap_err();
        assert!(format!("{err:#}").contains("recommendation 2"), "{err:#}");
    }
}
