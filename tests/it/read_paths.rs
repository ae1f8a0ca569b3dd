//! Issue 17 (speed): the follow-up dates of most tasks (each task's start, day set done and last
//! report) and their latest notes are read in one pass over the history, and those of a few
//! tasks through the per-task index. Both must give every task the same figures, whatever the
//! order the history was written in (tasks' changes interleaved), the undos and redos in it,
//! and the day the figures are judged at (an undo made after it does not count yet).

use proptest::prelude::*;

use crate::support::Ledger;

/// One dated step on the seeded ledger.
#[derive(Debug, Clone)]
enum Step {
    Note(usize),
    Progress(usize, u8),
    Done(usize),
    Blocked(usize),
    /// Takes back the latest change (an undo of an undo redoes).
    Undo,
}

/// The seeded tasks the steps touch: two of each recommendation.
const TASKS: [&str; 6] = ["1.1", "1.4", "2.2", "2.5", "3.1", "3.3"];

fn apply(l: &Ledger, day: &str, step: &Step) {
    let out = match step {
        Step::Note(t) => l.run_on(day, &["note", TASKS[*t], "已推进"]),
        Step::Progress(t, p) => l.run_on(
            day,
            &[
                "update",
                TASKS[*t],
                "--progress",
                &p.to_string(),
                "--note",
                "进度更新",
            ],
        ),
        Step::Done(t) => l.run_on(day, &["update", TASKS[*t], "--status", "done"]),
        Step::Blocked(t) => l.run_on(day, &["update", TASKS[*t], "--status", "blocked"]),
        Step::Undo => l.run_on(day, &["undo", "--any"]),
    };
    // A step the rules refuse (a lower progress on a done task, nothing left to undo) changes
    // nothing; the comparison below holds either way.
    let _ = out;
}

/// Per task id: the fields `keys` of each object in `items`, as one JSON value.
fn by_id(items: &serde_json::Value, keys: &[&str]) -> Vec<(String, serde_json::Value)> {
    let mut rows: Vec<(String, serde_json::Value)> = items
        .as_array()
        .unwrap_or_else(|| panic!("a list: {items}"))
        .iter()
        .map(|t| {
            let picked: serde_json::Map<String, serde_json::Value> = keys
                .iter()
                .map(|k| (k.to_string(), t[*k].clone()))
                .collect();
            (t["id"].as_str().unwrap().to_string(), picked.into())
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

/// `list`'s and the report's follow-up figures of every task on `today`, read for the whole
/// ledger (one pass), and again one recommendation at a time (the index): they must agree.
fn same_either_way(l: &Ledger, today: &str) -> Result<(), TestCaseError> {
    const LIST: &[&str] = &["last_report", "pace", "health"];
    const ROWS: &[&str] = &["latest", "unreported_days", "pace", "done_late"];
    let whole = l
        .run_on(today, &["list", "--all", "--format", "json"])
        .ok()
        .json();
    let report = l.run_on(today, &["report", "--format", "json"]).ok().json();
    let (mut list_parts, mut row_parts) = (serde_json::json!([]), serde_json::json!([]));
    for rec in ["1", "2", "3"] {
        let part = l
            .run_on(today, &["list", "--all", "--rec", rec, "--format", "json"])
            .ok()
            .json();
        list_parts
            .as_array_mut()
            .unwrap()
            .extend(part.as_array().unwrap().iter().cloned());
        let part = l
            .run_on(today, &["report", "--rec", rec, "--format", "json"])
            .ok()
            .json();
        row_parts
            .as_array_mut()
            .unwrap()
            .extend(part["rows"].as_array().unwrap().iter().cloned());
    }
    prop_assert_eq!(
        by_id(&whole, LIST),
        by_id(&list_parts, LIST),
        "list on {}",
        today
    );
    prop_assert_eq!(
        by_id(&report["rows"], ROWS),
        by_id(&row_parts, ROWS),
        "report rows on {}",
        today
    );
    Ok(())
}

fn step() -> impl Strategy<Value = Step> {
    let task = 0..TASKS.len();
    prop_oneof![
        3 => task.clone().prop_map(Step::Note),
        2 => (task.clone(), 1u8..100).prop_map(|(t, p)| Step::Progress(t, p)),
        1 => task.clone().prop_map(Step::Done),
        1 => task.prop_map(Step::Blocked),
        2 => Just(Step::Undo),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5))]
    /// Steps on days from 11-02 on, two a day at most; judged on a day in the middle (later
    /// steps and undos not yet made) and on the last day.
    #[test]
    fn one_pass_and_per_task_reads_agree(steps in proptest::collection::vec(step(), 4..12)) {
        let l = Ledger::seeded("2026-09-01");
        for (i, s) in steps.iter().enumerate() {
            apply(&l, &format!("2026-11-{:02}", 2 + i / 2), s);
        }
        let middle = format!("2026-11-{:02}", 2 + steps.len() / 4);
        same_either_way(&l, &middle)?;
        same_either_way(&l, "2026-11-30")?;
    }
}

/// The steps that most often went wrong in a replay, in one history: changes of several tasks
/// interleaved, a note undone and redone, a done status undone after the day judged.
#[test]
fn undone_and_redone_changes_agree_either_way() {
    let l = Ledger::seeded("2026-09-01");
    let steps: &[(&str, Step)] = &[
        ("2026-11-02", Step::Note(0)),
        ("2026-11-02", Step::Progress(2, 30)),
        ("2026-11-03", Step::Note(4)),
        ("2026-11-03", Step::Undo),
        ("2026-11-04", Step::Undo),
        ("2026-11-05", Step::Done(1)),
        ("2026-11-06", Step::Blocked(3)),
        ("2026-11-09", Step::Note(5)),
        ("2026-11-10", Step::Undo),
        ("2026-11-12", Step::Done(5)),
    ];
    for (day, s) in steps {
        apply(&l, day, s);
    }
    for today in ["2026-11-03", "2026-11-04", "2026-11-09", "2026-11-30"] {
        same_either_way(&l, today).unwrap();
    }
    // And the figures are those of the history: 3.1's note undone and redone stands on its
    // own day, 3.3's note of the 9th was undone on the 10th and it was done on the 12th.
    let list = l
        .run_on("2026-11-30", &["list", "--all", "--format", "json"])
        .ok()
        .json();
    let last = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()["last_report"]
            .clone()
    };
    assert_eq!(last("1.1"), "2026-11-02");
    assert_eq!(last("3.1"), "2026-11-03");
    assert_eq!(last("1.4"), "2026-11-05");
    assert_eq!(last("3.3"), "2026-11-12");
    assert_eq!(last("1.2"), serde_json::Value::Null);
}
