//! 本周进展 in words: the period's changes of one task as sentences a leader reads
//! (`进度由40%提高到60%；状态改为已完成`), in the report's language, one line per change, a
//! note's own line breaks kept. Which events are news (a change and its undo cancel out; a
//! task's creation is counted once for the report) is decided in `report::weekly::rows_of`.

use super::Medium;
use crate::model::{Lang, Status};
use crate::task::{Event, Field};

/// A task's 本周进展 as one entry (issue 17g, finding 5): its changes in the period, each
/// dated and in words (`进度由40%提高到60%；状态改为已完成；` then the note), joined with `；` in
/// date order and ended with `。` (en `; ` and `.`), a note's own further lines kept as lines:
/// `11-06 完成时限由2027-02-02调整为2026-11-20；11-10 进度由20%提高到50%。`. A day's changes
/// carry their date once (`11-20 进度由0%提高到40%；状态改为受阻`; the last tester's finding 3):
/// a change is dated only where its day differs from the change before it. `prose` dates a
/// day as a document's prose does (`11月6日，`), else `11-06 `. `events` are one task's,
/// oldest first; stored text in them is made safe for `medium` (`render::safe` for a screen).
/// Empty for no news.
pub fn week_text(events: &[Event], lang: Lang, medium: Medium, prose: bool) -> String {
    let sep = lang.pick("；", "; ");
    let mut out = String::new();
    // The day of the change last written: the next one of that day is not dated again.
    let mut dated: Option<&str> = None;
    let mut i = 0;
    while i < events.len() {
        let n = events[i..]
            .iter()
            .take_while(|e| e.change_id == events[i].change_id)
            .count();
        // A rename is said once for the report (`rename_sentence`), not as each task's news.
        let mut group: Vec<&Event> = events[i..i + n]
            .iter()
            .filter(|e| crate::report::news::NewsMark::from(*e).is_news())
            .collect();
        i += n;
        let Some(first) = group.first() else {
            continue;
        };
        let date = first.at.get(5..10).unwrap_or_default();
        // Progress before status: the status follows from it (进度提高到100%；状态改为已完成).
        group.sort_by_key(|e| (e.field != Field::Progress, e.id));
        let mut parts: Vec<String> = group
            .iter()
            .filter_map(|e| sentence(e, lang, medium))
            .collect();
        let undo = group.iter().any(|e| e.undoes.is_some());
        if undo && !parts.is_empty() {
            parts[0] = format!(
                "{}{}",
                lang.pick("撤销此前的变更：", "taken back: "),
                parts[0]
            );
            // The note the change taken back carried is withdrawn with it (the report gives
            // it as the undo's note, `report::news::name_withdrawn_notes`): said on its first
            // line, in the same sentence (issue 17i, finding 8).
            let withdrawn = (group.iter())
                .filter(|e| e.undoes.is_some() && e.field != Field::Note)
                .find_map(|e| e.note.as_deref());
            if let Some(n) = withdrawn {
                let n = note_text(&crate::returns::brief_source(n), medium);
                let first = n.lines().next().unwrap_or_default();
                let last = parts.len() - 1;
                parts[last].push_str(&match lang {
                    Lang::Zh => format!("，撤回进展“{first}”"),
                    Lang::En => format!(", withdrawing the note \"{first}\""),
                });
            }
        }
        // An undo's own note is the machine's (`undo of change #9`), not the unit's words.
        let note = group
            .iter()
            .filter(|e| e.undoes.is_none() && e.field != Field::Created)
            .find_map(|e| e.note.as_deref());
        let note = note.map(|n| note_text(&crate::returns::brief_source(n), medium));
        let mut note_lines = note.as_deref().unwrap_or_default().lines();
        if let Some(first) = note_lines.next() {
            parts.push(first.to_string());
        }
        if parts.is_empty() {
            continue;
        }
        // A change ending in its own stop (a note `…已召开。`) needs no separator; the text a
        // unit wrote is never changed.
        if !out.is_empty() && !out.ends_with(['。', '！', '？', '；']) {
            out.push_str(sep);
        }
        if dated != Some(date) {
            out.push_str(&day(date, prose));
            dated = Some(date);
        }
        out.push_str(&parts.join(sep));
        for line in note_lines {
            out.push('\n');
            out.push_str(line);
        }
    }
    if !out.is_empty() && !out.ends_with(['。', '！', '？', '.', '!', '?', '…']) {
        out.push_str(lang.pick("。", "."));
    }
    out
}

/// A change's day as it opens its sentence: `11月6日，` in prose, else `11-06 ` (from the
/// recorded `MM-DD`; anything else as it is).
fn day(mm_dd: &str, prose: bool) -> String {
    // Any year's day: 2000 is a leap year, so 02-29 is one.
    let parsed = mm_dd
        .split_once('-')
        .and_then(|(m, d)| chrono::NaiveDate::from_ymd_opt(2000, m.parse().ok()?, d.parse().ok()?));
    match (prose, parsed) {
        (true, Some(d)) => format!("{}，", crate::model::prose_day(d)),
        _ => format!("{mm_dd} "),
    }
}

/// A unit's rename in the period, said once (issue 17g, finding 6):
/// `11月19日，人才工作科更名为人才科（涉及3.1、3.3、3.4、3.5等4项）` in prose, `11-19 人才工作科更名为
/// 人才科（…）` in a table; en `11-19 人才工作科 renamed 人才科 (3.1, 3.3: 2 tasks)`; a merge reads
/// `人才工作协调小组并入人才科` / `merged into` (17j #7). At most `cap`
/// ids are named (config `tongbao_items`), the count is of them all. No closing stop.
pub fn rename_sentence(
    r: &crate::report::renames::RenameNews,
    cap: usize,
    lang: Lang,
    medium: Medium,
    prose: bool,
) -> String {
    let date = day(&r.day.format("%m-%d").to_string(), prose);
    let (old, new) = (medium.text(&r.old, false), medium.text(&r.new, false));
    let ids: Vec<String> = r
        .tasks
        .iter()
        .take(cap.max(1))
        .map(|t| t.to_string())
        .collect();
    let n = r.tasks.len();
    match lang {
        Lang::Zh if r.merge => format!("{date}{old}并入{new}（涉及{}等{n}项）", ids.join("、")),
        Lang::Zh => format!("{date}{old}更名为{new}（涉及{}等{n}项）", ids.join("、")),
        Lang::En => format!(
            "{date}{old} {} {new} ({}{}: {n} task{})",
            if r.merge { "merged into" } else { "renamed" },
            ids.join(", "),
            if n > ids.len() { ", …" } else { "" },
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// A note as people wrote it, made safe for `medium` with each of its lines kept as a line
/// (`\n`), whichever break separates them: LF, CR LF, a lone CR, or U+2028/U+2029 (a line and
/// paragraph separator, as a pasted Word or web text brings them; a terminal would otherwise
/// show those as `\u{2028}` and run the lines together).
pub fn note_text(note: &str, medium: Medium) -> String {
    if !note.contains(['\r', '\u{2028}', '\u{2029}']) {
        return medium.text(note, true);
    }
    let unified = note
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    medium.text(&unified, true)
}

fn status(v: Option<&str>, lang: Lang, medium: Medium) -> String {
    match v {
        Some(s) => s
            .parse::<Status>()
            .map(|s| s.label(lang).to_string())
            .unwrap_or_else(|_| medium.text(s, false)),
        None => lang.pick("无", "none").to_string(),
    }
}

/// The tasks added in the period in one sentence, as the 通报's 二 says the week a plan was
/// seeded or a report imported (issue 17, finding 8: that week is not one without progress):
/// `本周新增督办事项16项（11月3日）`, several days `本周新增督办事项19项（11月1日16项、11月3日3项）`;
/// English `16 tasks added this week (11-03)`. `week`: the period is a week (本周) rather than
/// a custom period (本期). `None` when none were added.
pub fn added_sentence(added: &[crate::report::Added], week: bool, lang: Lang) -> Option<String> {
    let total: usize = added.iter().map(|a| a.tasks).sum();
    if total == 0 {
        return None;
    }
    // One day: the day alone; several: each day with its count.
    let day = |a: &crate::report::Added| match lang {
        Lang::Zh => crate::model::prose_day(a.date),
        Lang::En => a.date.format("%m-%d").to_string(),
    };
    let days: Vec<String> = match added {
        [one] => vec![day(one)],
        _ => (added.iter())
            .map(|a| match lang {
                Lang::Zh => format!("{}{}项", day(a), a.tasks),
                Lang::En => format!("{}: {}", day(a), a.tasks),
            })
            .collect(),
    };
    Some(match lang {
        Lang::Zh => format!(
            "{}新增督办事项{total}项（{}）",
            if week { "本周" } else { "本期" },
            days.join("、")
        ),
        Lang::En => format!(
            "{total} task{} added {} ({})",
            if total == 1 { "" } else { "s" },
            if week { "this week" } else { "in the period" },
            days.join(", ")
        ),
    })
}

/// The period's notices in one sentence, however many were sent (a notice is news once per
/// unit, but 50 units' notices are 50 lines a leader does not read):
/// `本周向组织科、宣传科等2个单位发出督办通知单3份（督办〔2026〕3号至5号），限12月4日前反馈`,
/// naming at most `cap` units (the first to get one; config `tongbao_items`), the serials as
/// runs (`督办〔2026〕1号至11号、23号`, `model::serial_runs`), and the reply-by date where all share one. `week`: the period is a
/// week (本周) rather than a custom period (本期). English:
/// `3 notices sent to 2 units (组织科, 宣传科): 督办〔2026〕3号 to 5号, reply by 2026-12-04`.
/// Empty for no notice.
pub fn notices_summary(
    notices: &[crate::report::reminders::NoticeNews],
    cap: usize,
    week: bool,
    lang: Lang,
    medium: Medium,
) -> String {
    let Some(first) = notices.first() else {
        return String::new();
    };
    let mut units: Vec<&str> = Vec::new();
    for n in notices {
        if !units.contains(&n.unit.as_str()) {
            units.push(&n.unit);
        }
    }
    let named: Vec<String> = (units.iter().take(cap.max(1)))
        .map(|u| medium.text(u, false))
        .collect();
    // Runs of serials, not first to last: numbers withdrawn inside the range are not issued.
    let serials = crate::model::serial_runs(notices.iter().map(|n| n.notice), lang);
    let one_reply = notices.iter().all(|n| n.reply_by == first.reply_by);
    let (count, unit_count) = (notices.len(), units.len());
    match lang {
        Lang::Zh => {
            // 等 only where units were left out of the names; all named: 共N个单位.
            let whom = if unit_count == 1 {
                named.join("")
            } else if named.len() < unit_count {
                format!("{}等{unit_count}个单位", named.join("、"))
            } else {
                format!("{}共{unit_count}个单位", named.join("、"))
            };
            let reply = if one_reply {
                format!("，限{}前反馈", first.notice.reply_by_zh())
            } else {
                String::new()
            };
            format!(
                "{}向{whom}发出督办通知单{count}份（{serials}）{reply}",
                if week { "本周" } else { "本期" }
            )
        }
        Lang::En => {
            let more = unit_count - named.len();
            let whom = if more > 0 {
                format!("{} and {more} more", named.join(", "))
            } else {
                named.join(", ")
            };
            let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
            let reply = if one_reply {
                format!(", reply by {}", first.reply_by)
            } else {
                String::new()
            };
            format!(
                "{} sent to {} ({whom}): {serials}{reply}",
                plural(count, "notice"),
                plural(unit_count, "unit")
            )
        }
    }
}

/// One event as a sentence; `None` for a plain note (its text is the news) and a creation.
fn sentence(e: &Event, lang: Lang, medium: Medium) -> Option<String> {
    let (old, new) = (
        e.old.as_deref().map(|s| medium.text(s, false)),
        e.new.as_deref().map(|s| medium.text(s, false)),
    );
    let zh = lang == Lang::Zh;
    Some(match e.field {
        Field::Created => return None,
        // A notice lists many tasks of one unit: the report says it once per unit
        // (`news::notices_summary`), not on every task it listed.
        Field::Notice => return None,
        Field::Note => match (&old, &new) {
            (Some(_), _) => lang.pick("撤回一条进展", "a note withdrawn").to_string(),
            (None, Some(_)) => lang.pick("恢复一条进展", "a note restored").to_string(),
            (None, None) => return None,
        },
        Field::Status => {
            let to = status(e.new.as_deref(), lang, medium);
            if zh {
                format!("状态改为{to}")
            } else {
                format!("status set to {to}")
            }
        }
        Field::Progress => {
            let num = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<u32>().ok());
            match (num(&old), num(&new)) {
                (Some(a), Some(b)) if zh => {
                    let verb = if b >= a { "提高到" } else { "降低到" };
                    format!("进度由{a}%{verb}{b}%")
                }
                (Some(a), Some(b)) => {
                    let verb = if b >= a { "raised" } else { "lowered" };
                    format!("progress {verb} from {a}% to {b}%")
                }
                (_, Some(b)) if zh => format!("进度为{b}%"),
                (_, Some(b)) => format!("progress {b}%"),
                _ => lang.pick("进度有变", "progress changed").to_string(),
            }
        }
        Field::Deadline => match (old, new) {
            (Some(a), Some(b)) if zh => format!("完成时限由{a}调整为{b}"),
            (Some(a), Some(b)) => format!("deadline moved from {a} to {b}"),
            (None, Some(b)) if zh => format!("完成时限定为{b}"),
            (None, Some(b)) => format!("deadline set to {b}"),
            _ => lang.pick("取消完成时限", "deadline removed").to_string(),
        },
        Field::Lead => match (old, new) {
            // The same unit under a new name, not the task handed to another unit.
            (Some(a), Some(b)) if zh && e.is_rename() => format!("牵头单位{a}更名为{b}"),
            (Some(a), Some(b)) if e.is_rename() => format!("lead unit {a} renamed {b}"),
            (Some(a), Some(b)) if zh => format!("牵头单位由{a}改为{b}"),
            (Some(a), Some(b)) => format!("lead changed from {a} to {b}"),
            (None, Some(b)) if zh => format!("牵头单位定为{b}"),
            (None, Some(b)) => format!("lead set to {b}"),
            _ => lang.pick("不再指定牵头单位", "lead removed").to_string(),
        },
        Field::Support => match (old, new) {
            (None, Some(b)) if zh => format!("增加配合单位{b}"),
            (None, Some(b)) => format!("supporting unit {b} added"),
            (Some(a), None) if zh => format!("{a}不再作为配合单位"),
            (Some(a), None) => format!("supporting unit {a} removed"),
            (Some(a), Some(b)) if zh => format!("配合单位{a}更名为{b}"),
            (Some(a), Some(b)) => format!("supporting unit {a} renamed {b}"),
            (None, None) => return None,
        },
        Field::SupportOrder => {
            let list = e
                .new
                .as_deref()
                .and_then(crate::task::support::decode)
                .unwrap_or_default()
                .iter()
                .map(|u| medium.text(u, false))
                .collect::<Vec<_>>();
            if zh {
                format!("配合单位顺序调整为{}", list.join("、"))
            } else {
                format!("supporting units reordered: {}", list.join(", "))
            }
        }
        Field::Title => match new {
            Some(b) if zh => format!("任务名称改为“{b}”"),
            Some(b) => format!("title changed to \"{b}\""),
            None => lang.pick("任务名称有变", "title changed").to_string(),
        },
        Field::Text => lang.pick("修改了具体内容", "text changed").to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TaskId;

    fn ev(id: i64, change: i64, field: Field, old: Option<&str>, new: Option<&str>) -> Event {
        Event {
            id,
            change_id: change,
            task: TaskId::new(1, 1),
            field,
            old: old.map(Into::into),
            new: new.map(Into::into),
            note: None,
            actor: "t".into(),
            at: "2026-11-24T09:00:00+08:00".into(),
            entered: None,
            undoes: None,
            position: None,
            withdrawn: false,
        }
    }

    #[test]
    fn a_change_reads_as_a_sentence_progress_first() {
        let mut status = ev(1, 1, Field::Status, Some("in-progress"), Some("done"));
        status.note = Some("验收\n通过".into());
        let progress = ev(2, 1, Field::Progress, Some("40"), Some("100"));
        let zh = week_text(
            &[status.clone(), progress.clone()],
            Lang::Zh,
            Medium::Screen,
            false,
        );
        assert_eq!(
            zh,
            "11-24 进度由40%提高到100%；状态改为已完成；验收\n通过。"
        );
        let en = week_text(&[status, progress], Lang::En, Medium::Screen, false);
        assert_eq!(
            en,
            "11-24 progress raised from 40% to 100%; status set to done; 验收\n通过."
        );
    }

    #[test]
    fn several_changes_are_one_entry_in_date_order() {
        let deadline = ev(
            1,
            1,
            Field::Deadline,
            Some("2027-02-02"),
            Some("2026-11-20"),
        );
        let mut progress = ev(2, 2, Field::Progress, Some("20"), Some("50"));
        progress.at = "2026-11-30T09:00:00+08:00".into();
        let text = week_text(&[deadline, progress], Lang::Zh, Medium::Document, true);
        assert_eq!(
            text,
            "11月24日，完成时限由2027-02-02调整为2026-11-20；11月30日，进度由20%提高到50%。"
        );
    }

    #[test]
    fn a_days_changes_carry_the_date_once() {
        let progress = ev(1, 1, Field::Progress, Some("0"), Some("40"));
        let mut status = ev(2, 2, Field::Status, Some("in-progress"), Some("blocked"));
        status.at = "2026-11-24T15:00:00+08:00".into();
        let mut later = ev(3, 3, Field::Progress, Some("40"), Some("50"));
        later.at = "2026-11-25T09:00:00+08:00".into();
        let events = [progress, status, later];
        assert_eq!(
            week_text(&events, Lang::Zh, Medium::Screen, false),
            "11-24 进度由0%提高到40%；状态改为受阻；11-25 进度由40%提高到50%。"
        );
        assert_eq!(
            week_text(&events, Lang::Zh, Medium::Document, true),
            "11月24日，进度由0%提高到40%；状态改为受阻；11月25日，进度由40%提高到50%。"
        );
    }
}
