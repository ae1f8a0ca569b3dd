//! `list --owner UNIT` with a past `--today` names the unit as it was named that day: a unit
//! renamed or merged since is found under its old name, and the tasks are picked by their
//! units of that day (a task reassigned since is its old unit's, not its new one's), as the
//! rest of the row is replayed. A name of now that the unit did not bear then still finds the
//! tasks it leads or supports now, as they stood; a name neither then nor now is refused in
//! one line, the ledger untouched.

use crate::support::Ledger;

/// The seeded plan (from 2026-09-01); 人才工作科 renamed 人才科 on 11-19, 1.4 handed from 组织科
/// to 干部科 on 11-20, 人事局 merged into 县区 on 11-21.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    let changes: [(&str, &[&str]); 3] = [
        (
            "2026-11-19",
            &["units", "rename", "人才工作科", "人才科", "--new-unit"],
        ),
        ("2026-11-20", &["update", "1.4", "--lead", "干部科"]),
        ("2026-11-21", &["units", "rename", "人事局", "县区"]),
    ];
    for (day, args) in changes {
        l.run_on(day, args).ok();
    }
    l
}

/// The ids `list --all --format json --owner OWNER` gives on `today`, with `extra` arguments.
fn ids(l: &Ledger, today: &str, owner: &str, extra: &[&str]) -> Vec<String> {
    let args = [
        &["list", "--all", "--format", "json", "--owner", owner],
        extra,
    ]
    .concat();
    let v = l.run_on(today, &args).ok().json();
    (v.as_array().unwrap().iter())
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_past_day_finds_a_unit_by_the_name_it_had_then() {
    let l = ledger();
    // (--today, --owner, extra arguments, the ids listed)
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        // Renamed since: the old name is that day's, the new one is found as today's.
        (
            "2026-11-10",
            "人才工作科",
            &[],
            &["3.1", "3.3", "3.4", "3.5"],
        ),
        ("2026-11-10", "人才科", &[], &["3.1", "3.3", "3.4", "3.5"]),
        ("2026-11-19", "人才科", &[], &["3.1", "3.3", "3.4", "3.5"]),
        (
            "2026-11-10",
            "人才工作科",
            &["--rec", "3", "--stale", "14d"],
            &["3.1", "3.3", "3.4", "3.5"],
        ),
        ("2026-11-10", "人才工作科", &["--rec", "1"], &[]),
        // Reassigned since: the task is its unit's of that day.
        (
            "2026-11-10",
            "组织科",
            &[],
            &["1.1", "1.2", "1.3", "1.4", "1.5"],
        ),
        ("2026-11-10", "干部科", &[], &["3.4"]),
        ("2026-11-20", "组织科", &[], &["1.1", "1.2", "1.3", "1.5"]),
        ("2026-11-20", "干部科", &[], &["1.4", "3.4"]),
        // Merged since: the merged unit by its name that day; the unit merged into has its
        // own tasks until the merge, then both.
        ("2026-11-20", "人事局", &[], &["3.2"]),
        ("2026-11-20", "县区", &[], &["1.3", "1.5"]),
        ("2026-11-21", "县区", &[], &["1.3", "1.5", "3.2"]),
        // Today: the names of today, as ever.
        ("2026-11-26", "人才科", &[], &["3.1", "3.3", "3.4", "3.5"]),
    ];
    for (today, owner, extra, want) in cases {
        assert_eq!(
            ids(&l, today, owner, extra),
            *want,
            "list --owner {owner} {extra:?} --today {today}"
        );
    }
    // The table names the unit as it was that day.
    let out = l
        .run_on(
            "2026-11-10",
            &["--lang", "zh", "list", "--owner", "人才工作科"],
        )
        .ok();
    assert!(
        out.stdout.contains("人才工作") && !out.stdout.contains("人才科 "),
        "{}",
        out.stdout
    );
}

#[test]
fn a_name_neither_of_that_day_nor_of_now_is_refused() {
    let l = ledger();
    let before = l.dump();
    // (--today, --owner, what the one line says)
    let cases = [
        // Gone by that day (merged on 11-21) and not a unit now.
        ("2026-11-21", "人事局", "unknown unit '人事局'"),
        ("2026-11-26", "人才工作科", "unknown unit '人才工作科'"),
        // A part of two names that day.
        ("2026-11-10", "人才工作", "ambiguous unit '人才工作'"),
        ("2026-11-10", "宣传科", "unknown unit '宣传科'"),
    ];
    for (today, owner, said) in cases {
        l.run_on(today, &["list", "--owner", owner])
            .fails(1, &[said]);
    }
    assert_eq!(l.dump(), before, "ledger untouched");
}
