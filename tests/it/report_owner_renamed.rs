//! `report --owner UNIT` for a unit renamed or merged since (tester 18l, finding 1): the unit is
//! judged at the report's end (the period's last day, or `--today` if earlier), as `list
//! --owner` judges a past `--today`. Its name of then is accepted, its name of now finds it too
//! (a rename is never a hand-over), and the report is headed with its name of then. A unit
//! merged into another since is itself until the merge; the unit merged into is its own tasks
//! until then. A name of now made by merging two units after the end, an old name asked for a
//! period ending after its rename, and a name never borne are refused in one line, the ledger
//! untouched.

use crate::support::Ledger;

/// The seeded plan (from 2026-09-01); 人才工作科 renamed 人才科 on 11-19 (W47), 1.4 handed from
/// 组织科 to 干部科 on 11-20, 人事局 merged into 县区 on 11-21; then 组织科 renamed 组工科 on
/// 12-03, 干部科 merged into it on 12-04, and 人才工作协调小组 renamed 组织 on 12-05 (W49); 1.6
/// added on 12-08 (W50), led by a new unit, 宣传部.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    let changes: [(&str, &[&str]); 7] = [
        (
            "2026-11-19",
            &["units", "rename", "人才工作科", "人才科", "--new-unit"],
        ),
        ("2026-11-20", &["update", "1.4", "--lead", "干部科"]),
        ("2026-11-21", &["units", "rename", "人事局", "县区"]),
        (
            "2026-12-03",
            &["units", "rename", "组织科", "组工科", "--new-unit"],
        ),
        ("2026-12-04", &["units", "rename", "干部科", "组工科"]),
        (
            "2026-12-05",
            &["units", "rename", "人才工作协调小组", "组织", "--new-unit"],
        ),
        (
            "2026-12-08",
            &[
                "add",
                "--rec",
                "1",
                "--title",
                "宣传工作",
                "--lead",
                "宣传部",
                "--new-unit",
            ],
        ),
    ];
    for (day, args) in changes {
        l.run_on(day, args).ok();
    }
    l
}

/// The unit `report --week WEEK --owner OWNER --format json` is scoped by on `today`, and the
/// ids of its rows.
fn scoped(l: &Ledger, today: &str, week: &str, owner: &str) -> (String, Vec<String>) {
    let args = [
        "report", "--week", week, "--owner", owner, "--format", "json",
    ];
    let v = l.run_on(today, &args).ok().json();
    let ids = (v["rows"].as_array().unwrap().iter())
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    (v["scope"]["unit"].as_str().unwrap().to_string(), ids)
}

#[test]
fn a_report_finds_a_unit_by_its_name_at_the_reports_end_or_now() {
    let l = ledger();
    const TALENT: &[&str] = &["3.1", "3.3", "3.4", "3.5"];
    // (--today, --week, --owner, the unit the report is scoped by and headed with, its rows)
    let cases: &[(&str, &str, &str, &str, &[&str])] = &[
        // Renamed on 11-19: a week before, by its old name and by its name now; the week of
        // the rename and a week after, by its name now.
        ("2026-12-10", "2026-W46", "人才工作科", "人才工作科", TALENT),
        ("2026-12-10", "2026-W46", "人才科", "人才工作科", TALENT),
        ("2026-12-10", "2026-W47", "人才科", "人才科", TALENT),
        ("2026-12-10", "2026-W48", "人才科", "人才科", TALENT),
        // --today before the period's last day (and the rename) ends the report.
        ("2026-11-18", "2026-W47", "人才工作科", "人才工作科", TALENT),
        ("2026-11-18", "2026-W47", "人才科", "人才工作科", TALENT),
        // Merged into 县区 on 11-21: before, each is its own; after, 县区 has both.
        ("2026-12-10", "2026-W46", "人事局", "人事局", &["3.2"]),
        ("2026-12-10", "2026-W46", "县区", "县区", &["1.3", "1.5"]),
        (
            "2026-12-10",
            "2026-W47",
            "县区",
            "县区",
            &["1.3", "1.5", "3.2"],
        ),
        // Handed over on 11-20: the task is its unit's of the report's end.
        ("2026-12-10", "2026-W46", "干部科", "干部科", &["3.4"]),
        (
            "2026-12-10",
            "2026-W47",
            "干部科",
            "干部科",
            &["1.4", "3.4"],
        ),
        // 组织科 renamed 组工科 on 12-03, and 干部科 merged into it on 12-04: each by its name
        // then before; 组工科 once both are in it.
        (
            "2026-12-10",
            "2026-W48",
            "组织科",
            "组织科",
            &["1.1", "1.2", "1.3", "1.5"],
        ),
        (
            "2026-12-10",
            "2026-W48",
            "干部科",
            "干部科",
            &["1.4", "3.4"],
        ),
        (
            "2026-12-10",
            "2026-W49",
            "组工科",
            "组工科",
            &["1.1", "1.2", "1.3", "1.4", "1.5", "3.4"],
        ),
        // A whole name of now before a part of names of then (组织科, 市委组织部).
        (
            "2026-12-10",
            "2026-W48",
            "组织",
            "人才工作协调小组",
            &["3.2", "3.5"],
        ),
    ];
    for (today, week, owner, unit, rows) in cases {
        assert_eq!(
            scoped(&l, today, week, owner),
            (
                unit.to_string(),
                rows.iter().map(|s| s.to_string()).collect()
            ),
            "report --week {week} --owner {owner} --today {today}"
        );
    }
    // Only a unit that bore no name at the report's end is warned of.
    let warned = |week: &str, owner: &str| {
        let args = ["report", "--week", week, "--owner", owner];
        l.run_on("2026-12-10", &args).ok().stderr
    };
    assert!(
        warned("2026-W48", "宣传部")
            .contains("宣传部 led or supported no task on 2026-11-29, the report's end")
    );
    assert_eq!(warned("2026-W50", "宣传部"), "");
    assert_eq!(warned("2026-W46", "人才科"), "");
    // `list` with a past --today, by the same rule: 组织 is the unit of that name now.
    let v = (l
        .run_on(
            "2026-12-10",
            &[
                "list",
                "--today",
                "2026-11-25",
                "--owner",
                "组织",
                "--all",
                "--format",
                "json",
            ],
        )
        .ok())
    .json();
    let ids: Vec<&str> = (v.as_array().unwrap().iter())
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["3.2", "3.5"]);
    // The table is headed with the name of then, and counts the unit's task.
    let out = l
        .run_on(
            "2026-12-10",
            &["report", "--week", "2026-W46", "--owner", "人事局"],
        )
        .ok();
    assert!(
        out.stdout.contains("(tasks 人事局 leads or supports)")
            && out.stdout.contains("Scope: unit 人事局")
            && !out.stdout.contains("(no tasks)"),
        "{}",
        out.stdout
    );
    // The weekly series judges the unit at its end too.
    let v = l
        .run_on(
            "2026-12-10",
            &[
                "report",
                "--series",
                "weekly",
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-15",
                "--owner",
                "人才科",
                "--format",
                "json",
            ],
        )
        .ok()
        .json();
    assert_eq!(v["scope"]["unit"], "人才工作科");
    assert_eq!(v["weeks"][1]["open"], 4, "{v}");
}

#[test]
fn a_name_the_unit_did_not_bear_at_the_reports_end_is_refused() {
    let l = ledger();
    let before = l.dump();
    // (--today, --week, --owner, what the one line says)
    let cases = [
        // An old name, for a period ending after the rename or merge.
        (
            "2026-12-10",
            "2026-W47",
            "人才工作科",
            "'人才工作科' was renamed on 2026-11-19 and is 人才科 by 2026-11-22",
        ),
        (
            "2026-12-10",
            "2026-W48",
            "人事局",
            "'人事局' was renamed on 2026-11-21 and is 县区 by 2026-11-29",
        ),
        // A name of now that was two units at the report's end.
        (
            "2026-12-10",
            "2026-W48",
            "组工科",
            "'组工科' is the units 干部科, 组织科 merged after 2026-11-29",
        ),
        // Never a unit.
        ("2026-12-10", "2026-W46", "宣传科", "unknown unit '宣传科'"),
    ];
    for (today, week, owner, said) in cases {
        l.run_on(today, &["report", "--week", week, "--owner", owner])
            .fails(1, &[said]);
    }
    assert_eq!(l.dump(), before, "ledger untouched");
}
