//! The 通报's opening sentences, generated from the report's figures. `report --format json`
//! gives the same words as `summary_text`, so the document and the data never disagree.

use super::{Pick, SummaryRow};
use crate::task::Task;

/// At most this many lead units are named; more are counted (等N个单位).
const NAMED_UNITS: usize = 5;

/// The opening sentences, in Chinese whatever `--lang` (they are the 通报's own words):
/// `共16项，已办结3项，占18.8%；本周新办结1项；逾期2项，分别由组织科、干部教育科牵头。`
///
/// `total` is the report's total row; `weekly` says the period is one ISO week (本周) rather
/// than a custom one (本期); `overdue_leads` are the leads of the overdue tasks, earliest
/// deadline first, `None` for a task without one. Units are named once each, in that order.
pub fn summary_text(total: &SummaryRow, weekly: bool, overdue_leads: &[Option<&str>]) -> String {
    let c = &total.counts;
    let mut s = format!("共{}项", c.tasks);
    if c.cancelled > 0 {
        s.push_str(&format!("（已取消{}项）", c.cancelled));
    }
    s.push_str(&format!("，已办结{}项，占{:.1}%；", c.done, c.percent_done));
    let period = if weekly { "本周" } else { "本期" };
    s.push_str(&match total.done_change {
        n if n >= 0 => format!("{period}新办结{n}项；"),
        n => format!("{period}办结数减少{}项（已办结事项重新打开）；", -n),
    });
    if c.overdue == 0 {
        s.push_str("无逾期事项。");
        return s;
    }
    s.push_str(&format!("逾期{}项", c.overdue));
    let (units, unled) = overdue_units(overdue_leads);
    if !units.is_empty() {
        let named = units[..units.len().min(NAMED_UNITS)].join("、");
        // 分别 only for several units; several tasks of one unit are 均由 it.
        let led = overdue_leads.len() - unled;
        let by = match (units.len(), led) {
            (1, 1) => "由",
            (1, _) => "均由",
            _ => "分别由",
        };
        if units.len() > NAMED_UNITS {
            s.push_str(&format!("，{by}{named}等{}个单位牵头", units.len()));
        } else {
            s.push_str(&format!("，{by}{named}牵头"));
        }
    }
    if unled > 0 {
        s.push_str(&format!("，{unled}项未明确牵头单位"));
    }
    s.push('。');
    s
}

/// `summary_text` in the report's language: the same figures in English for `Lang::En`
/// (`16 tasks, 3 done (18.8%); 1 newly done this week; 2 overdue, led by 组织科 and 干部教育科.`),
/// as json's `summary_text` gives them in an English report (issue 17g, finding 7). The
/// 通报 is Chinese whatever the language and uses `summary_text`.
pub fn summary_text_in(
    total: &SummaryRow,
    weekly: bool,
    overdue_leads: &[Option<&str>],
    lang: crate::model::Lang,
) -> String {
    if lang == crate::model::Lang::Zh {
        return summary_text(total, weekly, overdue_leads);
    }
    let c = &total.counts;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut s = plural(c.tasks, "task", "tasks");
    if c.cancelled > 0 {
        s.push_str(&format!(" ({} cancelled)", c.cancelled));
    }
    s.push_str(&format!(", {} done ({:.1}%); ", c.done, c.percent_done));
    let period = if weekly { "this week" } else { "in the period" };
    s.push_str(&match total.done_change {
        n if n >= 0 => format!("{n} newly done {period}; "),
        n => format!("{} fewer done {period} (done tasks reopened); ", -n),
    });
    if c.overdue == 0 {
        s.push_str("none overdue.");
        return s;
    }
    s.push_str(&format!("{} overdue", c.overdue));
    let (units, unled) = overdue_units(overdue_leads);
    if !units.is_empty() {
        let named = &units[..units.len().min(NAMED_UNITS)];
        let list = match named {
            [one] => one.to_string(),
            [rest @ .., last] if units.len() <= NAMED_UNITS => {
                format!("{} and {last}", rest.join(", "))
            }
            _ => named.join(", "),
        };
        s.push_str(&format!(", led by {list}"));
        if units.len() > NAMED_UNITS {
            s.push_str(&format!(" and {} other units", units.len() - NAMED_UNITS));
        }
    }
    if unled > 0 {
        s.push_str(&format!(", {unled} without a lead unit"));
    }
    s.push('.');
    s
}

/// The lead of each of `picks` as of the report's end, from `tasks` (sorted by id, as `fill`
/// gets them), in the order of `picks`; `None` for a task without one (or not in `tasks`).
/// The overdue tasks' lead units, each once, in the order given, and the number of overdue
/// tasks without a lead.
fn overdue_units<'a>(overdue_leads: &[Option<&'a str>]) -> (Vec<&'a str>, usize) {
    let mut units: Vec<&str> = Vec::new();
    let mut unled = 0;
    for lead in overdue_leads {
        match lead {
            Some(u) if !units.contains(u) => units.push(u),
            Some(_) => {}
            None => unled += 1,
        }
    }
    (units, unled)
}

/// The lead of each of `picks`: from `known` (id, lead, sorted by id: `Picks::leads`) when it
/// holds the task, else from its words in `tasks` (sorted by id); `None` for neither.
pub fn leads_of<'a>(
    picks: &'a [Pick],
    tasks: &'a [Task],
    known: &'a [(crate::model::TaskId, Option<String>)],
) -> impl Iterator<Item = Option<&'a str>> {
    picks.iter().map(move |p| {
        if let Ok(k) = known.binary_search_by_key(&p.id, |(id, _)| *id) {
            return known[k].1.as_deref();
        }
        let k = tasks.binary_search_by_key(&p.id, |t| t.id).ok()?;
        tasks[k].lead.as_deref()
    })
}

/// `leads` counted per unit: each unit once, with its number of tasks, most first (ties in
/// the order of `leads`, i.e. earliest deadline first); tasks without a lead last, as `None`.
pub fn count_by_lead<'a>(leads: &[Option<&'a str>]) -> Vec<(Option<&'a str>, usize)> {
    let mut counts: Vec<(Option<&'a str>, usize)> = Vec::new();
    let mut at: std::collections::HashMap<Option<&str>, usize> = std::collections::HashMap::new();
    for lead in leads {
        match at.get(lead) {
            Some(&k) => counts[k].1 += 1,
            None => {
                at.insert(*lead, counts.len());
                counts.push((*lead, 1));
            }
        }
    }
    // Stable: equal counts keep their first appearance.
    counts.sort_by_key(|(lead, n)| (lead.is_none(), std::cmp::Reverse(*n)));
    counts
}

/// The order of urgency among recommendations: the most overdue tasks first, then the least
/// done (办结率), ties in number order. The report's limit keeps the first ones, and the
/// 通报's 一 names them in this order (`worst_first`).
pub fn furthest_behind(a: (u32, &super::Counts), b: (u32, &super::Counts)) -> std::cmp::Ordering {
    (b.1.overdue)
        .cmp(&a.1.overdue)
        .then(a.1.percent_done.total_cmp(&b.1.percent_done))
        .then(a.0.cmp(&b.0))
}

/// The summary's recommendations, those furthest behind first (`furthest_behind`); the total
/// (no number) is never among them.
pub fn worst_first(rows: &[super::SummaryRow]) -> Vec<&super::SummaryRow> {
    let mut out: Vec<&super::SummaryRow> =
        rows.iter().filter(|r| r.recommendation.is_some()).collect();
    out.sort_by(|a, b| {
        furthest_behind(
            (a.recommendation.unwrap_or(0), &a.counts),
            (b.recommendation.unwrap_or(0), &b.counts),
        )
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Counts;

    fn total(
        tasks: usize,
        done: usize,
        cancelled: usize,
        overdue: usize,
        change: i64,
    ) -> SummaryRow {
        let active = tasks - cancelled;
        SummaryRow {
            recommendation: None,
            headline: String::new(),
            counts: Counts {
                tasks,
                done,
                cancelled,
                overdue,
                percent_done: if active == 0 {
                    0.0
                } else {
                    (done as f64 * 1000.0 / active as f64).round() / 10.0
                },
                ..Default::default()
            },
            done_change: change,
            pace: Default::default(),
        }
    }

    #[test]
    fn sentences_from_the_figures() {
        let cases: Vec<(SummaryRow, bool, Vec<Option<&str>>, &str)> = vec![
            (
                total(16, 3, 0, 2, 1),
                true,
                vec![Some("组织科"), Some("干部教育科")],
                "共16项，已办结3项，占18.8%；本周新办结1项；逾期2项，分别由组织科、干部教育科牵头。",
            ),
            (
                total(16, 3, 0, 0, 0),
                true,
                vec![],
                "共16项，已办结3项，占18.8%；本周新办结0项；无逾期事项。",
            ),
            (
                total(10, 1, 2, 1, 0),
                false,
                vec![Some("组织科")],
                "共10项（已取消2项），已办结1项，占12.5%；本期新办结0项；逾期1项，由组织科牵头。",
            ),
            (
                total(5, 0, 0, 3, -1),
                true,
                vec![Some("组织科"), None, Some("组织科")],
                "共5项，已办结0项，占0.0%；本周办结数减少1项（已办结事项重新打开）；逾期3项，均由组织科牵头，1项未明确牵头单位。",
            ),
            (
                total(9, 0, 0, 7, 0),
                true,
                ["甲", "乙", "丙", "丁", "戊", "己", "甲"]
                    .map(Some)
                    .to_vec(),
                "共9项，已办结0项，占0.0%；本周新办结0项；逾期7项，分别由甲、乙、丙、丁、戊等6个单位牵头。",
            ),
            (
                total(0, 0, 0, 0, 0),
                true,
                vec![],
                "共0项，已办结0项，占0.0%；本周新办结0项；无逾期事项。",
            ),
        ];
        for (t, weekly, leads, want) in cases {
            assert_eq!(summary_text(&t, weekly, &leads), want);
        }
    }
}
