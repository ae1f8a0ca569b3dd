//! The report's follow-up cells (issue 17): the 序时 cell, the pace counts, the 未按时反馈
//! rows grouped by lead unit, and the pace legend, in the document's language.

use super::Medium;
use super::report::lead;
use crate::model::Lang;
use crate::report::reminders::Reminders;
use crate::report::{Due, Light, PaceCounts, Row};

/// The progress table's 序时 cell: the pace light, a space, and the points behind or ahead
/// as [`pace_figure`] writes them (`黄 -15.0`, `green +15.1`), `红 受阻` for a blocked task
/// without dates, `逾期完成` for a task done late. Every format writes this cell, the
/// terminal too, folded or not.
pub fn pace_cell(r: &Row, lang: Lang) -> String {
    if r.done_late {
        return lang.pick("逾期完成", "done late").to_string();
    }
    let Some(p) = r.pace else {
        return String::new();
    };
    match p.gap {
        Some(gap) => format!("{} {}", p.light.label(lang), pace_figure(gap)),
        None => format!("{} {}", p.light.label(lang), lang.pick("受阻", "blocked")),
    }
}

/// A pace gap (points ahead or behind, `report::Pace::gap`) as every table and file writes it:
/// signed, one decimal, the figure the light was judged on (`+15.1`, `-93.1`; no gap `0.0`,
/// never `-0.0`). The json's `gap` is the same number.
pub fn pace_figure(gap: f64) -> String {
    if gap == 0.0 {
        "0.0".to_string()
    } else {
        format!("{gap:+.1}")
    }
}

/// Why a task stands in section 三 (overdue and lagging), in the words of the 通报:
/// `已逾期12天`; for a lagging task `推进受阻` (blocked), `按序时应达45.0%，滞后34.5个百分点`
/// (behind pace by `pace_red` points or more), or `进度滞后` where no expected share is known.
pub fn situation(d: &crate::report::Due, overdue: bool, lang: Lang) -> String {
    if overdue {
        return match lang {
            Lang::Zh => format!("已逾期{}天", d.days),
            Lang::En => format!("{} days overdue", d.days),
        };
    }
    let pace = d.pace.and_then(|p| p.expected.zip(p.gap));
    match (d.status == crate::model::Status::Blocked, pace, lang) {
        (true, _, Lang::Zh) => "推进受阻".into(),
        (true, _, Lang::En) => "blocked".into(),
        (false, Some((e, gap)), Lang::Zh) => {
            format!("按序时应达{e:.1}%，滞后{:.1}个百分点", -gap)
        }
        (false, Some((e, gap)), Lang::En) => {
            format!("expected {e:.1}%, {:.1} points behind", -gap)
        }
        (false, None, Lang::Zh) => "进度滞后".into(),
        (false, None, Lang::En) => "behind pace".into(),
    }
}

/// What 未按时反馈 says when it lists no task, by the report's judgement
/// (`report::Reporting`): that no report was due yet (every open task created within
/// `report_every` days of the report's end: nobody could be late), or that all came in time.
/// A sentence of the 通报 (`。`) or, bracketed, a table's empty section; `None` when tasks are
/// late (the section lists them).
pub fn reporting_sentence(
    r: crate::report::Reporting,
    lang: Lang,
    sentence: bool,
) -> Option<&'static str> {
    use crate::report::Reporting;
    Some(match (r, lang, sentence) {
        (Reporting::Late, ..) => return None,
        (Reporting::NoneDue, Lang::Zh, true) => "本期尚无到期应反馈事项。",
        (Reporting::NoneDue, Lang::Zh, false) => "（本期尚无到期应反馈事项）",
        (Reporting::NoneDue, Lang::En, true) => "No reports were due yet this period.",
        (Reporting::NoneDue, Lang::En, false) => "(no reports were due yet this period)",
        (Reporting::AllOnTime, Lang::Zh, true) => "各单位均已按时反馈。",
        (Reporting::AllOnTime, Lang::Zh, false) => "（各单位均已按时反馈）",
        (Reporting::AllOnTime, Lang::En, true) => "Every unit reported in time.",
        (Reporting::AllOnTime, Lang::En, false) => "(every unit reported in time)",
    })
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
            "序时：应完成进度 = 自任务起始（随计划列入的任务自计划开始，其余自列入台账）至完成时限已过时间的比例；落后超过 {amber} 个百分点为黄，超过 {red} 个为红，受阻一律为红；受阻事项计入欠进度和红灯；与应完成进度相差不超过 {amber} 个百分点为达进度。"
        ),
        Lang::En => format!(
            "Pace: the share of a task's time (from its start: the plan's for a task seeded with the plan, else its entry; to its deadline) elapsed is the progress expected; behind by more than {amber} points is amber, more than {red} red, blocked always red; blocked tasks count as behind and red; within ±{amber} is on pace."
        ),
    }
}

/// 未按时反馈单位 in one sentence, every unit with its count of unreported tasks, in the order
/// the section then lists the tasks (`report::Report::unreported_units`), whatever cuts that
/// list: `2个单位13项事项未按时反馈：县交通运输局10项、县人社局3项。` (en: `13 tasks of 2
/// units not reported on in time: 县交通运输局 10, 县人社局 3.`); tasks without a lead are
/// counted as 未明确牵头单位. `None` for no unit. With a `cap` (the 通报's `tongbao_items`),
/// at most that many are named and the sentence closes `等N个单位` with all of them counted
/// (en `and N more`), as the notice run's sentence does (17j #7: 50 units, 17 lines).
pub fn silent_units_sentence(
    units: &[crate::report::SilentUnit],
    lang: Lang,
    medium: Medium,
    cap: Option<usize>,
) -> Option<String> {
    if units.is_empty() {
        return None;
    }
    let tasks: usize = units.iter().map(|u| u.tasks).sum();
    let led = units.iter().filter(|u| u.unit.is_some()).count();
    let named = cap.map_or(units.len(), |c| c.max(1).min(units.len()));
    let mut each: Vec<String> = units[..named]
        .iter()
        .map(|u| {
            let name = u.unit.as_deref().map(|n| medium.text(n, false));
            match (lang, name) {
                (Lang::Zh, Some(n)) => format!("{n}{}项", u.tasks),
                (Lang::Zh, None) => format!("未明确牵头单位{}项", u.tasks),
                (Lang::En, Some(n)) => format!("{n} {}", u.tasks),
                (Lang::En, None) => format!("no lead unit {}", u.tasks),
            }
        })
        .collect();
    let rest = units.len() - named;
    if rest > 0 {
        let last = each.pop().unwrap_or_default();
        each.push(match lang {
            Lang::Zh => format!("{last}等{}个单位", units.len()),
            Lang::En => format!("{last} and {rest} more"),
        });
    }
    Some(match lang {
        Lang::Zh if led == 0 => format!("{tasks}项事项未按时反馈：{}。", each.join("、")),
        Lang::Zh => format!("{led}个单位{tasks}项事项未按时反馈：{}。", each.join("、")),
        Lang::En => format!(
            "{tasks} {} of {led} {} not reported on in time: {}.",
            if tasks == 1 { "task" } else { "tasks" },
            if led == 1 { "unit" } else { "units" },
            each.join(", ")
        ),
    })
}

/// A task's last report (末次反馈) as `show` and `list --stale` both write it: its day, or
/// 从未反馈 (en `never reported`) for a task never reported on (issue 17g, finding 7).
pub fn last_report_text(day: Option<chrono::NaiveDate>, lang: Lang) -> String {
    match day {
        Some(d) => crate::model::ymd(d),
        None => lang.pick("从未反馈", "never reported").to_string(),
    }
}
