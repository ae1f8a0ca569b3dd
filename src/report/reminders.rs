//! 催办次数 (issue 17 §3): how many 督办通知单 each unit was sent in a report's period and in
//! all up to its end, replayed from what was recorded by then, so a past week shows what was
//! true that week. Pure: the store gives the notices and the undo links with their days.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{NoticeRef, ymd};

/// A notice as recorded: the unit it went to, the change that recorded it, and the local day
/// it was issued (the first ten characters of its `at`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub unit: String,
    pub change: i64,
    pub day: NaiveDate,
    /// Its serial and reply-by date.
    pub notice: NoticeRef,
}

/// An undo event: the change it belongs to, the change it takes back, and its local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UndoLink {
    pub undo: i64,
    pub target: i64,
    pub day: NaiveDate,
}

/// A unit renamed (`units rename`, or an undo of one, which renames it back): the change that
/// recorded it, its local day, and the names before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    pub change: i64,
    pub day: NaiveDate,
    pub old: String,
    pub new: String,
    /// The rename this one takes back, when it is an undo of one.
    pub undoes: Option<i64>,
    /// For an undo: the rename it takes back was a merge (onto a unit already known;
    /// `report::renames::merges`), so it splits the tasks the merge moved back off rather
    /// than renaming the unit (17j #1).
    pub merge: bool,
}

/// The name a notice's unit goes by on `as_of`: its name at issue, followed through every
/// rename recorded after the notice and by `as_of`, in change order (a notice to 干部科 counts
/// for 干部监督科 once 干部科 is renamed so; issue 17, finding 3). A rename undone by
/// `as_of` is followed back by its undo, itself a rename back. `renames` in change order.
pub fn name_on<'a>(
    unit: &'a str,
    change: i64,
    renames: &'a [Renamed],
    as_of: NaiveDate,
) -> &'a str {
    follow(
        unit,
        renames
            .iter()
            .filter(|r| r.change > change && r.day <= as_of),
    )
}

/// The name a unit known as `unit` at the end of `since` goes by on `as_of`: followed through
/// the renames recorded after `since` and by `as_of` (`renames` in change order), by the rule
/// of [`name_on`]. Each unit's reporting record (`units`, report 各单位反馈情况) is checked
/// at week ends and named so for its as-of day: a unit renamed on a Monday keeps the weeks
/// before under its new name at once (issue 17, finding 17g-1).
pub fn name_since<'a>(
    unit: &'a str,
    since: NaiveDate,
    renames: &'a [Renamed],
    as_of: NaiveDate,
) -> &'a str {
    follow(
        unit,
        renames.iter().filter(|r| r.day > since && r.day <= as_of),
    )
}

/// `unit` carried through `renames` in order: each rename of the name it has reached moves it.
/// An undo of a rename followed here moves only a name that rename brought (issue 17, 17j-1):
/// undoing a merge of A into B (B known before it) gives A back only the tasks the merge
/// moved, so B's own name and record stay B's. An undo of a rename recorded before the first
/// one followed moves the name (a unit renamed earlier and renamed back now), unless that
/// rename was a merge: the merged-into unit keeps its name.
fn follow<'a>(unit: &'a str, renames: impl Iterator<Item = &'a Renamed>) -> &'a str {
    let mut seen = std::collections::HashSet::new();
    let mut name = unit;
    // The followed rename that gave `name`, if one did.
    let mut via: Option<i64> = None;
    for r in renames {
        seen.insert(r.change);
        if r.old != name {
            continue;
        }
        if let Some(target) = r.undoes
            && via != Some(target)
            && (seen.contains(&target) || r.merge)
        {
            continue;
        }
        name = &r.new;
        via = Some(r.change);
    }
    name
}

/// One unit's reminders: notices issued to it in the period (`in_period`) and from the first
/// up to the period's end (`to_date`), withdrawn ones left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminders {
    pub unit: String,
    pub in_period: u32,
    pub to_date: u32,
}

/// Every unit sent a notice up to `as_of` that still stood on that day, by the unit's name on
/// `as_of` ([`name_on`] through `renames`, in change order). A notice is withdrawn when its
/// change is taken back by the undos recorded up to `as_of`, by the one rule for undo chains
/// (`undo::taken_back`): an undo made after the period does not change what the period's
/// report says.
pub fn reminders(
    sent: &[Sent],
    undos: &[UndoLink],
    renames: &[Renamed],
    from: NaiveDate,
    as_of: NaiveDate,
) -> Vec<Reminders> {
    let taken = crate::undo::taken_back(
        undos
            .iter()
            .filter(|u| u.day <= as_of)
            .map(|u| (u.undo, u.target)),
    );
    let mut by_unit: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for s in sent {
        if s.day > as_of || taken.contains(&s.change) {
            continue;
        }
        let e = by_unit
            .entry(name_on(&s.unit, s.change, renames, as_of))
            .or_default();
        e.1 += 1;
        if s.day >= from {
            e.0 += 1;
        }
    }
    by_unit
        .into_iter()
        .map(|(unit, (in_period, to_date))| Reminders {
            unit: unit.to_string(),
            in_period,
            to_date,
        })
        .collect()
}

/// A notice issued in a report's period (本周进展 says it once per unit, `render::news`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeNews {
    /// `YYYY-MM-DD`, the local day it was issued.
    pub day: String,
    pub unit: String,
    /// `督办〔2026〕3号`.
    pub serial: String,
    /// `YYYY-MM-DD`.
    pub reply_by: String,
    #[serde(skip)]
    pub notice: NoticeRef,
}

/// The notices issued from `from` to `as_of` that still stood on `as_of` (the same undo rule
/// as [`reminders`]), by day, then serial; each unit under its name on `as_of` (`renames` in
/// change order, followed as [`name_on`] does).
pub fn issued_in(
    sent: &[Sent],
    undos: &[UndoLink],
    renames: &[Renamed],
    from: NaiveDate,
    as_of: NaiveDate,
) -> Vec<NoticeNews> {
    let taken = crate::undo::taken_back(
        undos
            .iter()
            .filter(|u| u.day <= as_of)
            .map(|u| (u.undo, u.target)),
    );
    let mut out: Vec<NoticeNews> = sent
        .iter()
        .filter(|s| s.day >= from && s.day <= as_of && !taken.contains(&s.change))
        .map(|s| NoticeNews {
            day: ymd(s.day),
            // Named as of `as_of`, as the rest of the report names units (issue 17g, #6).
            unit: name_on(&s.unit, s.change, renames, as_of).to_string(),
            serial: s.notice.serial(),
            reply_by: ymd(s.notice.reply_by),
            notice: s.notice,
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.day, a.notice.year, a.notice.number).cmp(&(&b.day, b.notice.year, b.notice.number))
    });
    out
}

/// The reminders of `unit`, none when it was never sent a notice.
pub fn of<'a>(list: &'a [Reminders], unit: &str) -> Option<&'a Reminders> {
    list.iter().find(|r| r.unit == unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn sent(unit: &str, change: i64, day: u32) -> Sent {
        Sent {
            unit: unit.into(),
            change,
            day: d(day),
            notice: NoticeRef {
                year: 2026,
                number: change as u32,
                reply_by: d(30),
            },
        }
    }

    #[test]
    fn counts_the_period_and_to_date_and_judges_undos_as_of_the_end() {
        let sent = [
            sent("组织科", 5, 20),
            sent("组织科", 8, 24),
            sent("宣传科", 8, 24),
            sent("组织科", 9, 25),
        ];
        // 9 undone on the 26th; 8 undone on the 27th and redone on the 28th.
        let undos = [
            UndoLink {
                undo: 10,
                target: 9,
                day: d(26),
            },
            UndoLink {
                undo: 11,
                target: 8,
                day: d(27),
            },
            UndoLink {
                undo: 12,
                target: 11,
                day: d(28),
            },
        ];
        let r = reminders(&sent, &undos, &[], d(23), d(29));
        assert_eq!(
            of(&r, "组织科").map(|r| (r.in_period, r.to_date)),
            Some((1, 2))
        );
        assert_eq!(
            of(&r, "宣传科").map(|r| (r.in_period, r.to_date)),
            Some((1, 1))
        );
        let on_27th = reminders(&sent, &undos, &[], d(23), d(27));
        assert_eq!(
            of(&on_27th, "组织科").map(|r| (r.in_period, r.to_date)),
            Some((0, 1))
        );
        assert_eq!(of(&on_27th, "宣传科"), None);
        let before = reminders(&sent, &undos, &[], d(16), d(22));
        assert_eq!(
            of(&before, "组织科").map(|r| (r.in_period, r.to_date)),
            Some((1, 1))
        );
    }
}
