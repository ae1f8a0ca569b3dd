//! 序时进度 counts from a task's start (issue 17i, finding 9): a task seeded by `init` starts
//! at the plan's start (what its deadlines count from), even when `init --start` names a day
//! before init ran; a task added or imported later starts at its creation. One rule, in the
//! report, `show` and `list`.

use crate::support::Ledger;

/// 1.2's expected share (应完成) on 2026-12-08 in the report's JSON, and the 序时 line `show`
/// prints.
fn expected(l: &Ledger, id: &str) -> (f64, String) {
    let v = l
        .run_on(
            "2026-12-08",
            &["report", "--format", "json", "--limit", "0"],
        )
        .ok()
        .json();
    let row = (v["rows"].as_array().unwrap().iter())
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
        .clone();
    let show = l
        .run_on("2026-12-08", &["--lang", "zh", "show", id])
        .ok()
        .stdout;
    let line = show
        .lines()
        .find(|s| s.starts_with("序时"))
        .unwrap_or_default()
        .trim_end()
        .to_string();
    (row["pace"]["expected"].as_f64().unwrap(), line)
}

#[test]
fn a_seeded_task_starts_at_the_plan_s_start_and_a_later_one_at_its_creation() {
    // (how the ledger is made, the task, its expected share on 12-08, from which start)
    type Make = fn(&Ledger);
    let cases: [(&str, Make, &str, f64); 4] = [
        (
            // Seeded on 12-02 for a plan started 11-02: 1.2 is due 2027-02-02, three months
            // from the plan's start; 36 of 92 days gone.
            "init on 12-02 --start 11-02",
            |l| {
                l.run_on("2026-12-02", &["init", "--start", "2026-11-02"])
                    .ok();
            },
            "1.2",
            39.1,
        ),
        (
            "init on 11-02 --start 11-02",
            |l| {
                l.run_on("2026-11-02", &["init", "--start", "2026-11-02"])
                    .ok();
            },
            "1.2",
            39.1,
        ),
        (
            // Added on 12-02 to that plan: 6 of 62 days.
            "add on 12-02 after init on 12-02 --start 11-02",
            |l| {
                l.run_on("2026-12-02", &["init", "--start", "2026-11-02"])
                    .ok();
                l.run_on(
                    "2026-12-02",
                    &[
                        "add",
                        "--rec",
                        "1",
                        "--title",
                        "新任务",
                        "--lead",
                        "组织科",
                        "--deadline",
                        "2027-02-02",
                    ],
                )
                .ok();
            },
            "1.6",
            9.7,
        ),
        (
            // No plan seeded: the first task added starts at its creation too.
            "add on 12-02 after init --empty --start 11-02",
            |l| {
                l.run_on("2026-12-02", &["init", "--empty", "--start", "2026-11-02"])
                    .ok();
                l.run_on(
                    "2026-12-02",
                    &[
                        "add",
                        "--rec",
                        "1",
                        "--headline",
                        "测试",
                        "--title",
                        "新任务",
                        "--lead",
                        "组织科",
                        "--deadline",
                        "2027-02-02",
                    ],
                )
                .ok();
            },
            "1.1",
            9.7,
        ),
    ];
    for (how, make, id, want) in cases {
        let l = Ledger::new("2026-12-02");
        make(&l);
        let (got, line) = expected(&l, id);
        assert_eq!(got, want, "{how}");
        assert!(line.contains(&format!("应完成 {want}%")), "{how}: {line}");
    }
}
