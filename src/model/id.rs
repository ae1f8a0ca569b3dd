//! Task ids as people type them (`1.4`, `1-4`, `#1.4`, `１.４`) and the nearest real ids for
//! a message when one does not exist.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A task id: the recommendation number and the item within it, written `1.4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId {
    pub rec: u32,
    pub item: u32,
}

impl TaskId {
    pub fn new(rec: u32, item: u32) -> Self {
        TaskId { rec, item }
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.rec, self.item)
    }
}

impl Serialize for TaskId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a string is not a task id; the caller adds the nearest existing ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadId(pub String);

impl FromStr for TaskId {
    type Err = BadId;

    /// Accepts the forms people type: `1.4`, `1-4`, `#1.4`, full-width digits, points and
    /// dashes (`１．４`, `1。4`), and surrounding spaces (a cell pasted from a spreadsheet).
    fn from_str(s: &str) -> Result<Self, BadId> {
        let bad = || BadId(s.to_string());
        let narrow = super::narrow(s);
        let normal: String = narrow
            .strip_prefix('#')
            .unwrap_or(&narrow)
            .chars()
            .map(|c| match c {
                // 、 is the list comma a Chinese input method types where a point was meant.
                '。' | '、' | '-' => '.',
                _ => c,
            })
            .collect();
        let (rec, item) = normal.split_once('.').ok_or_else(bad)?;
        Ok(TaskId::new(
            parse_number(rec).ok_or_else(bad)?,
            parse_number(item).ok_or_else(bad)?,
        ))
    }
}

/// The highest recommendation or item number an id can have: ids are typed with at most 6
/// digits a part, so a ledger that made `1000000.1` would hold a task no command can name.
pub const MAX_NUMBER: u32 = 999_999;

/// Refuses a number the ledger is about to give a recommendation or an item when no command
/// would accept it back (0, or past [`MAX_NUMBER`]). `what` names it for the message
/// (`recommendation 1000000`, `task 4.1000000`); `hint` says what to do instead.
pub fn check_new_number(n: u32, what: &str, hint: &str) -> Result<(), String> {
    if (1..=MAX_NUMBER).contains(&n) {
        Ok(())
    } else {
        Err(crate::msg!(
            "{what} would get an id no command accepts (numbers run from 1 to {MAX_NUMBER}): {hint}",
            "{what} 将得到任何命令都不接受的编号（编号为 1 到 {MAX_NUMBER}）：{hint}",
        ))
    }
}

/// A positive number of at most 6 ASCII digits, no sign, no leading zero.
fn parse_number(s: &str) -> Option<u32> {
    let ok = !s.is_empty()
        && s.len() <= 6
        && s.bytes().all(|b| b.is_ascii_digit())
        && !s.starts_with('0');
    if ok { s.parse().ok() } else { None }
}

/// Parses a recommendation number (`--rec 2`).
pub fn parse_rec(s: &str) -> Result<u32, String> {
    parse_number(super::narrow(s).trim_start_matches('#')).ok_or_else(|| {
        crate::msg!(
            "invalid recommendation '{s}': expected a number such as 1, 2 or 3",
            "建议编号 '{s}' 无效：可用 1、2、3 这样的数字",
        )
    })
}

/// The existing ids closest to what was typed, best first, at most `max`.
///
/// Closeness follows the numbers in the input: the same recommendation if it exists (else the
/// nearest number), then the nearest item. Input without numbers gets the first ids. Digits
/// typed without their point (`14`, `210`) first get the ids they spell with one put back
/// (1.4; 2.10 then 21.0), where those exist.
pub fn nearest_ids(input: &str, existing: &[TaskId], max: usize) -> Vec<TaskId> {
    let mut near = point_left_out(input, existing);
    near.extend(zeros_added(input, existing));
    // Then the neighbours of the id it most likely means.
    let around = near.first().map_or(input.to_string(), ToString::to_string);
    for id in by_numbers(&around, existing, max + near.len()) {
        if !near.contains(&id) {
            near.push(id);
        }
    }
    near.truncate(max);
    near
}

/// The existing ids that `input`, a run of digits, spells with a point put back.
fn point_left_out(input: &str, existing: &[TaskId]) -> Vec<TaskId> {
    let t = super::narrow(input);
    let t = t.trim_start_matches('#');
    if t.len() < 2 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    (1..t.len())
        .filter_map(|k| Some(TaskId::new(parse_number(&t[..k])?, parse_number(&t[k..])?)))
        .filter(|id| existing.contains(id))
        .collect()
}

/// The existing id that `input` names once the zeros after its item are dropped: `1.40`
/// and `1.400` are 1.4 written as a decimal (a spreadsheet cell formatted with two places).
fn zeros_added(input: &str, existing: &[TaskId]) -> Option<TaskId> {
    let typed: TaskId = input.parse().ok()?;
    let t = super::narrow(input);
    let item_digits = t.trim().rsplit(|c: char| !c.is_ascii_digit()).next()?;
    let kept = item_digits.trim_end_matches('0');
    if kept.len() == item_digits.len() || kept.is_empty() {
        return None;
    }
    let id = TaskId::new(typed.rec, parse_number(kept)?);
    (id != typed && existing.contains(&id)).then_some(id)
}

fn by_numbers(input: &str, existing: &[TaskId], max: usize) -> Vec<TaskId> {
    let input = super::narrow(input);
    let numbers: Vec<u64> = input
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u64>().unwrap_or(u64::MAX))
        .collect();
    let mut ids = existing.to_vec();
    ids.sort();
    ids.dedup();
    let Some(&rec) = numbers.first() else {
        ids.truncate(max);
        return ids;
    };
    let item = numbers.get(1).copied().unwrap_or(0);
    let rec_distance = |id: &TaskId| u64::from(id.rec).abs_diff(rec);
    let Some(best_rec) = ids.iter().map(rec_distance).min() else {
        return Vec::new();
    };
    let mut near: Vec<TaskId> = ids
        .into_iter()
        .filter(|id| rec_distance(id) == best_rec)
        .collect();
    near.sort_by_key(|id| (u64::from(id.item).abs_diff(item), id.rec, id.item));
    near.truncate(max);
    near
}

/// Formats ids as `1.3, 1.4` for messages (`1.3、1.4` in Chinese, `i18n::list`).
pub fn id_list(ids: &[TaskId]) -> String {
    crate::i18n::list(ids.iter().map(ToString::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_in_the_forms_people_type() {
        for s in [
            "1.4",
            "1-4",
            "#1.4",
            "１.４",
            "１．４",
            "1。4",
            "＃1.4",
            " 1.4",
            "1.4\t",
            "　１．４　",
        ] {
            assert_eq!(s.parse::<TaskId>(), Ok(TaskId::new(1, 4)), "{s}");
        }
        assert_eq!("12.10".parse::<TaskId>().unwrap().to_string(), "12.10");
    }

    #[test]
    fn malformed_ids_are_refused() {
        for s in [
            "",
            "1",
            "1.",
            ".4",
            "1.4.2",
            "abc",
            "0.1",
            "1.0",
            "01.4",
            "-1.4",
            "+1.4",
            "١.٤",
            "99999999999999999999.1",
            "1.4a",
            "1..4",
        ] {
            assert!(s.parse::<TaskId>().is_err(), "{s:?} should be refused");
        }
    }

    #[test]
    fn nearest_ids_prefer_the_same_recommendation_then_the_nearest_item() {
        let ids: Vec<TaskId> = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "3.5"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(id_list(&nearest_ids("1.4.2", &ids, 3)), "1.4, 1.3, 1.5");
        assert_eq!(id_list(&nearest_ids("1.9", &ids, 2)), "1.5, 1.4");
        assert_eq!(id_list(&nearest_ids("9.9", &ids, 1)), "3.5");
        assert_eq!(id_list(&nearest_ids("1.", &ids, 3)), "1.1, 1.2, 1.3");
        assert_eq!(id_list(&nearest_ids("abc", &ids, 2)), "1.1, 1.2");
        assert!(nearest_ids("1.4", &[], 3).is_empty());
        assert_eq!(id_list(&nearest_ids("14", &ids, 3)), "1.4, 1.3, 1.5");
        assert_eq!(id_list(&nearest_ids("１４", &ids, 1)), "1.4");
        assert_eq!(id_list(&nearest_ids("35", &ids, 1)), "3.5");
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_string_parses_as_an_id_or_fails_without_panic(s in "\\PC{0,12}") {
            if let Ok(id) = s.parse::<TaskId>() {
                prop_assert!(id.rec > 0 && id.item > 0);
            }
        }

        #[test]
        fn ids_round_trip(rec in 1u32..1_000_000, item in 1u32..1_000_000) {
            let id = TaskId::new(rec, item);
            prop_assert_eq!(id.to_string().parse::<TaskId>(), Ok(id));
            prop_assert_eq!(format!("#{rec}-{item}").parse::<TaskId>(), Ok(id));
        }

    }
}
