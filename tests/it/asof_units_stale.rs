//! Issue 17, findings 4 and 5: `units --today D` and `list --stale SPAN --today D` read the
//! ledger as it stood at the end of D (events recorded after D do not exist yet), by the one
//! replay the report uses: `units --today D` gives the figures and names of the report's
//! summary by unit for the week ending D.

use crate::support::Ledger;
use serde_json::Value;

/// (unit, checks, on time, overdue share) of every unit with checks in `units`' JSON, or in
/// the report's `units`.
fn shares(list: &Value) -> Vec<(String, u64, Value, Value)> {
    let mut v: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["checks"].as_u64().unwrap() > 0)
        .map(|u| {
            (
                u["unit"].as_str().unwrap().to_string(),
                u["checks"].as_u64().unwrap(),
                u["reported_on_time"].clone(),
                u["overdue_share"].clone(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn names(units: &Value) -> Vec<String> {
    units
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn units_on_a_past_day_match_the_reports_summary_by_unit_for_that_week() {
    // Changes made after the Sunday that ends W48 (11-29), each a kind that moves a figure
    // or a name: a lead changed, a unit renamed, a task added, a task done, a report.
    let later: &[(&str, &[&str])] = &[
        ("2026-12-01", &["update", "2.2", "--lead", "干部教育科"]),
        (
            "2026-12-01",
            &["units", "rename", "人才工作科", "人才科", "--new-unit"],
        ),
        (
            "2026-12-02",
            &[
                "add",
                "--rec",
                "1",
                "--title",
                "新增的任务",
                "--lead",
                "新设科",
                "--new-unit",
            ],
        ),
        ("2026-12-02", &["update", "1.1", "--status", "done"]),
        ("2026-12-03", &["note", "3.2", "已反馈"]),
        (
            "2026-12-03",
            &["update", "3.5", "--support", "宣传科", "--new-unit"],
        ),
    ];
    let l = Ledger::seeded("2026-10-05");
    l.run_on("2026-11-10", &["update", "1.3", "--progress", "30"])
        .ok();
    l.run_on("2026-11-25", &["note", "2.1", "进行中"]).ok();
    let units_then = |today: &str| {
        l.run_on(
            today,
            &["units", "--today", "2026-11-29", "--format", "json"],
        )
        .ok()
        .json()
    };
    let report_then = |today: &str| {
        l.run_on(today, &["report", "--week", "2026-W48", "--format", "json"])
            .ok()
            .json()
    };
    let before_units = units_then("2026-11-29");
    let before_report = report_then("2026-11-29");
    assert_eq!(shares(&before_units), shares(&before_report["units"]));
    for (k, (day, args)) in later.iter().enumerate() {
        l.run_on(day, args).ok();
        let u = units_then("2026-12-04");
        let r = report_then("2026-12-04");
        assert_eq!(
            shares(&u),
            shares(&r["units"]),
            "after {args:?}: units --today vs the report's 八"
        );
        assert_eq!(
            u, before_units,
            "after step {k} {args:?}: units as of 11-29 moved"
        );
    }
    let now = names(&units_then("2026-12-04"));
    assert!(now.contains(&"人才工作科".to_string()), "{now:?}");
    for absent in ["人才科", "新设科"] {
        assert!(!now.contains(&absent.to_string()), "{absent} in {now:?}");
    }
    // Today the later names are there.
    let today = names(
        &l.run_on("2026-12-04", &["units", "--format", "json"])
            .ok()
            .json(),
    );
    assert!(today.contains(&"人才科".to_string()) && today.contains(&"新设科".to_string()));
    assert!(!today.contains(&"人才工作科".to_string()), "{today:?}");
}

#[test]
fn stale_on_a_past_day_ignores_what_happened_after_it() {
    // Plan created 2026-10-05 (every task's creation counts as its first report). Each case:
    // what happens to 1.3 and when; the list asked as of 2026-11-01 with --stale 14d; whether
    // 1.3 is in it. Asked after all the steps, on 2026-12-10.
    type Step<'a> = (&'a str, &'a [&'a str]);
    let cases: &[(&str, &[Step], bool)] = &[
        ("nothing ever", &[], true),
        (
            "reported after the day",
            &[("2026-11-05", &["note", "1.3", "已部署"])],
            true,
        ),
        (
            "done after the day",
            &[("2026-11-05", &["update", "1.3", "--status", "done"])],
            true,
        ),
        (
            "reported within the span",
            &[("2026-10-25", &["note", "1.3", "已部署"])],
            false,
        ),
        (
            "reported within the span, undone after the day",
            &[
                ("2026-10-25", &["note", "1.3", "已部署"]),
                ("2026-11-03", &["undo"]),
            ],
            false,
        ),
        (
            "reported within the span, undone within it",
            &[
                ("2026-10-25", &["note", "1.3", "已部署"]),
                ("2026-10-26", &["undo"]),
            ],
            true,
        ),
        (
            "done before the day",
            &[("2026-10-10", &["update", "1.3", "--status", "done"])],
            false,
        ),
    ];
    for (name, steps, listed) in cases {
        let l = Ledger::seeded("2026-10-05");
        for (day, args) in *steps {
            l.run_on(day, args).ok();
        }
        for format in ["json", "table"] {
            let out = l
                .run_on(
                    "2026-12-10",
                    &[
                        "list",
                        "--stale",
                        "14d",
                        "--today",
                        "2026-11-01",
                        "--format",
                        format,
                    ],
                )
                .ok()
                .stdout;
            let has = if format == "json" {
                serde_json::from_str::<Value>(&out)
                    .unwrap()
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t["id"] == "1.3")
            } else {
                out.lines().any(|l| l.trim_start().starts_with("1.3 "))
            };
            assert_eq!(has, *listed, "{name} ({format}):\n{out}");
        }
    }
    // A task added after the day is not in its list; nor is a later status shown.
    let l = Ledger::seeded("2026-10-05");
    l.run_on("2026-11-05", &["update", "1.3", "--status", "done"])
        .ok();
    l.run_on(
        "2026-11-20",
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "后来的任务",
            "--lead",
            "组织科",
        ],
    )
    .ok();
    let list = l
        .run_on(
            "2026-12-10",
            &[
                "list",
                "--stale",
                "14d",
                "--today",
                "2026-11-01",
                "--format",
                "json",
            ],
        )
        .ok()
        .json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 16, "{ids:?}");
    assert!(!ids.contains(&"1.6"), "{ids:?}");
    let t13 = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "1.3")
        .unwrap();
    assert_eq!(t13["status"], "not-started", "{t13}");
    // As of today (nothing later): the 15 seeded tasks still open and 1.6, added 20 days
    // before and never reported on since.
    let now = l
        .run_on(
            "2026-12-10",
            &["list", "--stale", "14d", "--format", "json"],
        )
        .ok()
        .json();
    let ids: Vec<&str> = (now.as_array().unwrap().iter())
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 16, "{ids:?}");
    assert!(ids.contains(&"1.6") && !ids.contains(&"1.3"), "{ids:?}");
}
