//! The report's follow-up cells (issue 17): the 序时 cell, the pace counts, the 未按时反馈
//! rows grouped by lead unit, and the pace legend, in the document's language.

use super::Medium;
use super::report::lead;
use crate::model::Lang;
use crate::report::reminders::Reminders;
use crate::report::{Due, Light, PaceCounts, Row};

/// The progress table's 序时 cell: the pace light and the points behind or ahead (`黄 -15`),
/// `红 受阻` for a blocked task without dates, `逾期完成` for a task done late.
pub fn pace_cell(r: &Row, lang: Lang) -> String {
    if r.done_late {
        return lang.pick("逾期完成", "done late").to_string();
    }
    let Some(p) = r.pace else {
        return String::new();
    };
    match p.gap {
        Some(gap) if gap > 0.0 => format!("{} +{gap:.1}", p.light.label(lang)),
        Some(gap) => format!("{} {gap:.1}", p.light.label(lang)),
        None => format!("{} {}", p.light.label(lang), lang.pick("受阻", "blocked")),
    }
}

/// The colour of a pace light, as the health light of the same name.
pub fn light_health(l: Light) -> crate::model::Health {
    match l {
        Light::Green => crate::model::Health::OnTrack,
        Light::Amber => crate::model::Health::DueSoon,
        Light::Red => crate::model::Health::Overdue,
    }
}

pub(super) fn pace_cells(p: &PaceCounts) -> Vec<String> {
    [
        p.ahead,
        p.on_pace,
        p.behind,
        p.pace_amber,
        p.pace_red,
        p.done_late,
        p.unreported,
    ]
    .iter()
    .map(|n| n.to_string())
    .collect()
}

/// The unreported tasks grouped by lead unit (units in name order, the longest silent of each
/// first), the unit and its 催办次数 (`in period/to date`, from `reminders`) on its first row
/// only.
pub(super) fn unreported_rows(
    list: &[Due],
    reminders: &[Reminders],
    lang: Lang,
    medium: Medium,
) -> Vec<Vec<String>> {
    let mut rows = Vec::with_capacity(list.len());
    for (unit, tasks) in crate::report::followup::unreported_by_lead(list) {
        let sent = unit
            .and_then(|u| crate::report::reminders::of(reminders, u))
            .map_or((0, 0), |r| (r.in_period, r.to_date));
        for (k, d) in tasks.into_iter().enumerate() {
            rows.push(vec![
                if k == 0 {
                    lead(&unit.map(String::from), lang, medium)
                } else {
                    String::new()
                },
                d.id.to_string(),
                medium.text(&d.title, false),
                d.days.to_string(),
                d.status.label(lang).to_string(),
                format!("{}%", d.progress),
                if k == 0 {
                    format!("{}/{}", sent.0, sent.1)
                } else {
                    String::new()
                },
            ]);
        }
    }
    rows
}

pub(super) fn pace_legend(amber: u32, red: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "序时：应完成进度 = 自任务列入台账至完成时限已过时间的比例；落后超过 {amber} 个百分点为黄，超过 {red} 个为红，受阻一律为红；与应完成进度相差不超过 {amber} 个百分点为达进度。"
        ),
        Lang::En => format!(
            "Pace: the share of a task's time (from entry to deadline) elapsed is the progress expected; behind by more than {amber} points is amber, more than {red} red, blocked always red; within ±{amber} is on pace."
        ),
    }
}
