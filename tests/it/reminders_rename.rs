//! 催办次数 follow a unit across `units rename` (issue 17, finding 3): a notice issued to 干部科
//! counts for 干部监督科 once it is renamed so, in the JSON `reminders` and the 通报, with no
//! row left for the old name; a report of a week before the rename keeps the old name, and a
//! new unit that takes the old name later starts from nothing.

use crate::support::Ledger;

/// (unit, in the period, to date) for every unit in the report of `week`, seen on 11-30.
fn reminders(l: &Ledger, week: &str) -> Vec<(String, u64, u64)> {
    let json = l
        .run_on(
            "2026-11-30",
            &["report", "--week", week, "--format", "json"],
        )
        .ok()
        .json();
    json["reminders"]
        .as_array()
        .expect("reminders")
        .iter()
        .map(|r| {
            (
                r["unit"].as_str().unwrap().to_string(),
                r["in_period"].as_u64().unwrap(),
                r["to_date"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn row(unit: &str, in_period: u64, to_date: u64) -> (String, u64, u64) {
    (unit.to_string(), in_period, to_date)
}

#[test]
fn a_notice_counts_for_the_unit_under_its_new_name() {
    let l = Ledger::seeded("2026-10-05");
    let add = |title: &str, lead: &str, day: &str| {
        l.run_on(
            day,
            &[
                "add",
                "--rec",
                "1",
                "--title",
                title,
                "--lead",
                lead,
                "--deadline",
                "2026-11-10",
            ],
        )
        .ok();
    };
    let notice = |unit: &str, day: &str, dir: &str| {
        let out = l.dir.path().join(dir);
        l.run_on(
            day,
            &[
                "notice",
                "--owner",
                unit,
                "--reply-by",
                "2026-12-04",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
    };
    add("完善干部监督工作机制", "干部科", "2026-10-05");
    notice("干部科", "2026-11-12", "n1");
    assert_eq!(reminders(&l, "2026-W46"), [row("干部科", 1, 1)]);
    l.run_on("2026-11-20", &["units", "rename", "干部科", "干部监督科"])
        .ok();
    // After the rename: the notice is the renamed unit's, and no row names 干部科.
    assert_eq!(reminders(&l, "2026-W47"), [row("干部监督科", 0, 1)]);
    // A week before the rename still says what was true then.
    assert_eq!(reminders(&l, "2026-W46"), [row("干部科", 1, 1)]);
    // One more notice under the new name adds to the same count.
    notice("干部监督科", "2026-11-24", "n2");
    // A new unit given the old name afterwards is another unit: its notice is its own.
    add("建立干部档案专项审核制度", "干部科", "2026-11-24");
    notice("干部科", "2026-11-25", "n3");
    assert_eq!(
        reminders(&l, "2026-W48"),
        [row("干部监督科", 1, 2), row("干部科", 1, 1)]
    );
    // The 通报 says the same: scoped to the renamed unit, its two notices.
    let owner = l
        .run_on(
            "2026-11-30",
            &[
                "report",
                "--week",
                "2026-W48",
                "--owner",
                "干部监督科",
                "--format",
                "json",
            ],
        )
        .ok()
        .json();
    assert_eq!(
        owner["reminders"][0]["to_date"], 2,
        "{}",
        owner["reminders"]
    );
    let zh = l
        .run_on(
            "2026-11-30",
            &["--lang", "zh", "report", "--week", "2026-W48"],
        )
        .ok()
        .stdout;
    let line = zh
        .lines()
        .find(|s| s.contains("干部监督科") && s.contains("1/2"))
        .unwrap_or_else(|| panic!("干部监督科 1/2 in section 七:\n{zh}"));
    assert!(!line.contains("0/0"), "{line}");
}

#[test]
fn an_undone_rename_gives_the_count_back_to_the_old_name() {
    let l = Ledger::seeded("2026-10-05");
    l.run_on(
        "2026-10-05",
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "督查工作计划",
            "--lead",
            "督查科",
            "--deadline",
            "2026-11-10",
        ],
    )
    .ok();
    let out = l.dir.path().join("n");
    l.run_on(
        "2026-11-12",
        &[
            "notice",
            "--owner",
            "督查科",
            "--reply-by",
            "2026-12-04",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    l.run_on("2026-11-20", &["units", "rename", "督查科", "督查督办科"])
        .ok();
    assert_eq!(reminders(&l, "2026-W47"), [row("督查督办科", 0, 1)]);
    l.run_on("2026-11-24", &["undo"]).ok();
    // Undone in W48: W48 says the old name again, W47 (before the undo) the new one.
    assert_eq!(reminders(&l, "2026-W48"), [row("督查科", 0, 1)]);
    assert_eq!(reminders(&l, "2026-W47"), [row("督查督办科", 0, 1)]);
}
