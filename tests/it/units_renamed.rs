//! A unit renamed keeps its reporting record at once (issue 17, finding 17g-1): `units` names
//! each week's figures by the unit's name on the day asked, the renames since the last week end
//! followed, and the report's 各单位反馈情况 for that day gives the same rows, figure for figure,
//! on every day before and after a rename, on a Monday or mid-week, and after an undo of one.

use crate::support::Ledger;

type Row = (String, u64, Option<f64>, Option<f64>);

/// unit → (checks, on time, overdue), units with checks only (`units` lists supporting units
/// too, with none).
fn rows(v: &serde_json::Value) -> Vec<Row> {
    v.as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            u.get("checks")
                .and_then(|c| c.as_u64())
                .is_some_and(|c| c > 0)
        })
        .map(|u| {
            (
                u["unit"].as_str().unwrap().to_string(),
                u["checks"].as_u64().unwrap(),
                u["reported_on_time"].as_f64(),
                u["overdue_share"].as_f64(),
            )
        })
        .collect()
}

fn units_on(l: &Ledger, day: &str) -> Vec<Row> {
    rows(&l.run_on(day, &["units", "--format", "json"]).ok().json())
}

fn report_on(l: &Ledger, day: &str) -> Vec<Row> {
    rows(&l.run_on(day, &["report", "--format", "json"]).ok().json()["units"])
}

fn find<'a>(rows: &'a [Row], unit: &str) -> Option<&'a Row> {
    rows.iter().find(|r| r.0 == unit)
}

/// `rows` with `old` written `new`: the record a rename must carry over unchanged.
fn renamed(rows: &[Row], old: &str, new: &str) -> Vec<Row> {
    let mut v: Vec<Row> = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if r.0 == old {
                r.0 = new.to_string();
            }
            r
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn a_renamed_unit_keeps_its_weeks_at_once_and_units_agrees_with_the_report() {
    let l = Ledger::seeded("2026-11-01");
    for (day, args) in [
        ("2026-11-04", &["note", "1.1", "已部署"][..]),
        ("2026-11-10", &["update", "1.2", "--progress", "20"][..]),
        ("2026-11-12", &["note", "2.1", "已开会"][..]),
        ("2026-11-18", &["note", "1.3", "已拟方案"][..]),
        ("2026-11-19", &["note", "3.1", "已调研"][..]),
    ] {
        l.run_on(day, args).ok();
    }
    // (day, a rename that day or none): on a Monday (the day the report goes out), mid-week,
    // and an undo of the mid-week one the day after.
    let plan: [(&str, Option<(&str, &str)>); 7] = [
        ("2026-11-22", None),
        ("2026-11-23", Some(("组织科", "组织一科"))),
        ("2026-11-24", None),
        ("2026-11-25", Some(("干部教育科", "教育科"))),
        ("2026-11-26", None),
        ("2026-11-28", None),
        ("2026-11-29", None),
    ];
    let mut before = units_on(&l, "2026-11-22");
    assert!(
        find(&before, "组织科").is_some_and(|r| r.1 > 0),
        "组织科 has checks before: {before:?}"
    );
    for (day, rename) in plan {
        if let Some((old, new)) = rename {
            // The figures the day before, under the old name.
            let prior = before.clone();
            l.run_on(day, &["units", "rename", old, new]).ok();
            let now = units_on(&l, day);
            assert!(find(&now, old).is_none(), "{day}: no {old} row: {now:?}");
            // Same week end (a Sunday rename day has none before it in the week): the same
            // figures, carried to the new name.
            assert_eq!(now, renamed(&prior, old, new), "{day}: {old} → {new}");
        }
        if day == "2026-11-26" {
            l.run_on(day, &["undo"]).ok();
            let now = units_on(&l, day);
            assert!(find(&now, "教育科").is_none(), "{day}: undone: {now:?}");
            assert_eq!(
                now,
                renamed(&before, "教育科", "干部教育科"),
                "{day}: undone"
            );
        }
        let units = units_on(&l, day);
        assert_eq!(units, report_on(&l, day), "{day}: units = report 八");
        before = units;
    }
    // The next week's check (Sunday 11-29) is taken under the new name as well.
    let sunday = units_on(&l, "2026-11-29");
    assert!(
        find(&sunday, "组织一科").is_some_and(|r| r.1 > 0),
        "{sunday:?}"
    );
    // The report of a week before the rename keeps the name of that week.
    let w47 = rows(
        &l.run_on(
            "2026-11-30",
            &["report", "--week", "2026-W47", "--format", "json"],
        )
        .ok()
        .json()["units"],
    );
    assert!(find(&w47, "组织科").is_some_and(|r| r.1 > 0), "{w47:?}");
    assert!(find(&w47, "组织一科").is_none(), "{w47:?}");
}
