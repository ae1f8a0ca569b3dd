//! The 通报's words for 本期到期 (issue 17 §5, `report::deadlines`): a tally of what became of
//! the period's deadlines and one sentence per task, in Chinese as the whole 通报 is.

use crate::model::Lang;
use crate::report::{DueState, PeriodDue, deadlines::tally};

/// `本周到期4项，其中已按期完成1项、逾期完成1项、逾期未完成2项。` (`本期` for a period that is
/// not one week); `more`: tasks due in the period the report's limit left out of `list`
/// (then the tally counts only those listed, and says so).
pub fn tally_sentence(list: &[PeriodDue], more: usize, week: bool) -> String {
    let when = if week { "本周" } else { "本期" };
    let parts: Vec<String> = tally(list)
        .into_iter()
        .map(|(s, n)| format!("{}{n}项", s.label(Lang::Zh)))
        .collect();
    let all = list.len() + more;
    if more > 0 {
        format!(
            "{when}到期{all}项，所列{}项中{}。",
            list.len(),
            parts.join("、")
        )
    } else if let [(state, _)] = tally(list)[..] {
        // One outcome for all: 本周到期1项，已按期完成。/ 本周到期3项，均为逾期未完成。
        let state = state.label(Lang::Zh);
        if all == 1 {
            format!("{when}到期1项，{state}。")
        } else {
            format!("{when}到期{all}项，均为{state}。")
        }
    } else {
        format!("{when}到期{all}项，其中{}。", parts.join("、"))
    }
}

/// One task due in the period: `1.3 标题，牵头单位组织科，完成时限2026-11-27，逾期完成（12月2日
/// 办结）。` or, open, `…，逾期未完成，当前进度40%（进行中）。`
pub fn due_sentence(d: &PeriodDue, title: &str, lead: &str) -> String {
    let how = match (d.state, d.done_on) {
        (DueState::DoneOnTime | DueState::DoneLate, Some(on)) => {
            format!(
                "{}（{}办结）",
                d.state.label(Lang::Zh),
                crate::model::prose_day(on)
            )
        }
        (DueState::DoneOnTime | DueState::DoneLate, None) => d.state.label(Lang::Zh).to_string(),
        (DueState::NotYetDue, _) => format!(
            "未到期（距完成时限{}天），当前进度{}%（{}）",
            d.due.days,
            d.due.progress,
            d.due.status.label(Lang::Zh)
        ),
        (state, _) => format!(
            "{}，当前进度{}%（{}）",
            state.label(Lang::Zh),
            d.due.progress,
            d.due.status.label(Lang::Zh)
        ),
    };
    format!(
        "{} {title}，牵头单位{lead}，完成时限{}，{how}。",
        d.due.id, d.due.deadline
    )
}
