//! The dashboard (`tracker` with no command) with a past `--today` counts and lists the ledger
//! as it stood at the end of that day (issue 17, finding 17j-2), as `list` does: a status set
//! later is not there yet, a task added later is not counted, and a task open and due that
//! week is under 本周到期 (or 逾期 once its deadline passed), in the table and the JSON.

use crate::support::Ledger;

/// The seeded plan from 11-02; 2.4 due 11-13 and done on 11-16; a task added on 11-20.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-11-02");
    l.run_on("2026-11-02", &["update", "2.4", "--deadline", "2026-11-13"])
        .ok();
    l.run_on("2026-11-16", &["update", "2.4", "--status", "done"])
        .ok();
    l.run_on(
        "2026-11-20",
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "新任务",
            "--lead",
            "组织科",
            "--deadline",
            "2026-12-31",
        ],
    )
    .ok();
    l
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_dashboard_replays_a_past_day() {
    let l = ledger();
    // (day, tasks then, not started, done, overdue, due this week)
    type Case = (
        &'static str,
        usize,
        u64,
        u64,
        &'static [&'static str],
        &'static [&'static str],
    );
    let cases: &[Case] = &[
        ("2026-10-01", 0, 0, 0, &[], &[]),
        ("2026-11-12", 16, 16, 0, &[], &["2.4"]),
        ("2026-11-14", 16, 16, 0, &["2.4"], &[]),
        ("2026-11-18", 16, 15, 1, &[], &[]),
        ("2026-11-25", 17, 16, 1, &[], &[]),
    ];
    for &(day, total, not_started, done, overdue, due) in cases {
        let json = l.run_on(day, &["--format", "json"]).ok().json();
        assert_eq!(json["today"], day);
        let counts = &json["counts"];
        assert_eq!(counts["not-started"], not_started, "{day}: {counts}");
        assert_eq!(counts["done"], done, "{day}: {counts}");
        let sum: u64 = counts
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(sum as usize, total, "{day}: {counts}");
        assert_eq!(ids(&json["overdue"]), overdue, "{day}: overdue");
        assert_eq!(ids(&json["due_this_week"]), due, "{day}: due this week");
        // The table says the same: its title's total and its two lists' headings.
        let text = l
            .cmd()
            .env("TRACKER_TODAY", day)
            .env("TRACKER_LANG", "zh")
            .output()
            .unwrap();
        assert!(text.status.success());
        let text = String::from_utf8(text.stdout).unwrap();
        assert!(
            text.starts_with(&format!("督办台账概况（{day}）：共 {total} 项\n")),
            "{day}:\n{text}"
        );
        assert!(
            text.contains(&format!("逾期任务（{}）", overdue.len())),
            "{day}:\n{text}"
        );
        assert!(
            text.contains(&format!("本周到期（{}）", due.len())),
            "{day}:\n{text}"
        );
        for id in overdue.iter().chain(due) {
            assert!(
                text.lines().any(|line| line.starts_with(&format!("{id} "))),
                "{day}: {id} not listed:\n{text}"
            );
        }
    }
}
