//! Dates in a document's prose as official documents write them (`model::prose_date`):
//! `2026年11月25日`, and a change's day `11月25日`, never `2026-11-25` or `11-25`, which a line may break at the
//! hyphen (`11-` / `25`) and which a leader does not read as a date in running Chinese text.
//! Where the words come from other writers (the week's news, shared with the terminal and
//! the files), this is the one place a document turns their dates into prose.
//!
//! Only a date standing alone is rewritten: one inside a path, a file name or a longer
//! number (`plan-2026-11-25.docx`, `/srv/2026-11-25/`, `2026-11-25T09:00`) is left as
//! written, so nothing a unit typed changes meaning.

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::model::{prose_date, prose_day};

/// Characters that make a date part of something longer when they touch it.
fn joins(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '\\' | '_' | '~' | ':' | '.' | '+')
}

/// `s` with every ISO date standing alone (`2026-11-25`) written `2026年11月25日`, and a line
/// that starts with a day of the year (`11-25 进度由…`, as the week's news dates a change)
/// starting `11月25日，进度由…`. A date that names no day (`2026-02-30`) is left as it is.
pub fn dates(s: &str) -> Cow<'_, str> {
    if !s.contains('-') {
        return Cow::Borrowed(s);
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut k = 0;
    let mut changed = false;
    while k < chars.len() {
        let before = k.checked_sub(1).map(|j| chars[j].1);
        if before.is_none_or(|c| !joins(c))
            && let Some((text, len)) = date_at(&chars, k, before)
        {
            out.push_str(&text);
            k += len;
            changed = true;
            continue;
        }
        out.push(chars[k].1);
        k += 1;
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// The date starting at `chars[k]` in prose, and how many characters it takes: `YYYY-MM-DD`
/// anywhere, `MM-DD` only at a line's start and followed by a space or the line's end.
fn date_at(chars: &[(usize, char)], k: usize, before: Option<char>) -> Option<(String, usize)> {
    let shape = |pattern: &str| -> bool {
        pattern.chars().enumerate().all(|(j, p)| {
            chars.get(k + j).is_some_and(|&(_, c)| match p {
                'd' => c.is_ascii_digit(),
                _ => c == p,
            })
        })
    };
    let number = |from: usize, len: usize| -> u32 {
        chars[k + from..k + from + len]
            .iter()
            .fold(0, |n, &(_, c)| n * 10 + c.to_digit(10).unwrap_or(0))
    };
    // After the date: the end, or a character that does not continue it (a full stop ending
    // the sentence is one, a dot before more letters is not: `2026-11-25.docx`).
    let stands_alone = |len: usize| match chars.get(k + len).map(|c| c.1) {
        None => true,
        Some('.') => chars
            .get(k + len + 1)
            .is_none_or(|&(_, c)| !c.is_ascii_alphanumeric()),
        Some(c) => !joins(c),
    };
    if shape("dddd-dd-dd") && stands_alone(10) {
        let d = NaiveDate::from_ymd_opt(number(0, 4) as i32, number(5, 2), number(8, 2))?;
        return Some((prose_date(d), 10));
    }
    let line_start = before.is_none_or(|c| c == '\n');
    let then = chars.get(k + 5).map(|c| c.1);
    if line_start && shape("dd-dd") && then.is_none_or(|c| c == ' ' || c == '\n') {
        // Any year's day: 2000 is a leap year, so 02-29 is one.
        let d = NaiveDate::from_ymd_opt(2000, number(0, 2), number(3, 2))?;
        // The space that set the day apart becomes the comma prose puts after it.
        return Some(match then {
            Some(' ') => (format!("{}，", prose_day(d)), 6),
            _ => (prose_day(d), 5),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_standing_alone_become_chinese_and_others_stay() {
        let cases = [
            (
                "完成时限2026-11-25，已逾期4天",
                "完成时限2026年11月25日，已逾期4天",
            ),
            (
                "11-24 完成时限由2027-01-05调整为2026-11-25",
                "11月24日，完成时限由2027年1月5日调整为2026年11月25日",
            ),
            (
                "11-24 已拟定方案\n12-01 第二行",
                "11月24日，已拟定方案\n12月1日，第二行",
            ),
            ("02-29", "2月29日"),
            (
                "见 /srv/2026-11-25/plan.docx",
                "见 /srv/2026-11-25/plan.docx",
            ),
            ("plan-2026-11-25.docx", "plan-2026-11-25.docx"),
            ("2026-11-25.docx", "2026-11-25.docx"),
            ("于2026-11-25.", "于2026年11月25日."),
            ("2026-11-25T09:00", "2026-11-25T09:00"),
            ("12026-11-25", "12026-11-25"),
            ("2026-13-01 与 2026-02-30", "2026-13-01 与 2026-02-30"),
            ("编号 11-24 不是日期", "编号 11-24 不是日期"),
            ("11-24号楼", "11-24号楼"),
            ("13-01 x", "13-01 x"),
            ("11-24\n下一行", "11月24日\n下一行"),
            ("没有日期", "没有日期"),
        ];
        for (input, want) in cases {
            assert_eq!(dates(input), want, "{input}");
        }
    }
}
