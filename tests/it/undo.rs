//! `undo` takes back the actor's latest change, whatever it was, whole (issue 14, sections 6
//! and 7), and a past week keeps its supporting units and their order.

use crate::support::{Ledger, Output};

fn show(l: &Ledger, id: &str) -> serde_json::Value {
    l.run(&["show", id, "--format", "json"]).ok().json()
}

fn units(l: &Ledger, id: &str) -> (String, Vec<String>) {
    let v = show(l, id);
    let support = v["support"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_string())
        .collect();
    (v["lead"].as_str().unwrap_or_default().to_string(), support)
}

/// Every field of every task, as `list --all` gives them.
fn state(l: &Ledger) -> serde_json::Value {
    l.run(&["list", "--all", "--format", "json"]).ok().json()
}

#[test]
fn a_note_is_withdrawn_kept_in_the_history_and_left_out_of_reports() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on("2026-03-03", &["update", "1.1", "--progress", "20"])
        .ok();
    l.run_on("2026-03-04", &["note", "1.1", "写错了的进展"])
        .ok();
    let before = state(&l);
    // The note is the latest change: it is what undo takes back, not the progress before it.
    let out = l.run_on("2026-03-04", &["undo"]).ok();
    assert!(out.stdout.contains("note withdrawn"), "{}", out.stdout);
    assert_eq!(state(&l), before, "only the note was taken back");
    // Kept in the history, marked in show.
    let v = show(&l, "1.1");
    let h = v["history"].as_array().unwrap();
    let note = h.iter().find(|e| e["note"] == "写错了的进展").unwrap();
    assert_eq!(note["withdrawn"], true);
    let table = l.run(&["show", "1.1"]).ok().stdout;
    assert!(table.contains("note (withdrawn)"), "{table}");
    // Left out of the week's report.
    let week = |l: &Ledger| {
        l.run_on(
            "2026-03-10",
            &["report", "--week", "2026-W10", "--format", "json"],
        )
        .ok()
        .stdout
    };
    assert!(!week(&l).contains("写错了的进展"));
    // Undoing the undo posts the note again.
    l.run_on("2026-03-04", &["undo"]).ok();
    assert!(week(&l).contains("写错了的进展"));
}

#[test]
fn undo_never_takes_back_a_different_change_instead() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.2", "--status", "blocked", "--by", "甲"])
        .ok();
    l.run(&["update", "2.1", "--status", "blocked", "--by", "乙"])
        .ok();
    l.run(&["note", "1.2", "甲的备注", "--by", "甲"]).ok();
    // 甲's latest change is the note: the status stays.
    l.run(&["undo", "--by", "甲"]).ok();
    assert_eq!(show(&l, "1.2")["status"], "blocked");
    // Added a task: its undo cancels that task, not 1.2's status.
    l.run(&[
        "add",
        "--rec",
        "1",
        "--title",
        "新任务",
        "--lead",
        "组织科",
        "--by",
        "甲",
    ])
    .ok();
    let out = l.run(&["undo", "--by", "甲"]).ok();
    assert!(out.stdout.contains("1.6"), "{}", out.stdout);
    assert_eq!(show(&l, "1.6")["status"], "cancelled");
    assert_eq!(show(&l, "1.2")["status"], "blocked");
    assert_eq!(show(&l, "2.1")["status"], "blocked");
}

#[test]
fn a_rename_and_an_import_are_undone_as_one_step() {
    let l = Ledger::seeded("2026-03-02");
    let before = state(&l);
    let out = l.run(&["units", "rename", "人才工作科", "人才科"]).ok();
    assert!(out.stdout.contains("in 4 tasks"), "{}", out.stdout);
    let out = l.run(&["undo"]).ok();
    assert_eq!(out.stdout.lines().count(), 4, "{}", out.stdout);
    assert_eq!(state(&l), before, "one undo takes back the whole rename");
    // Undoing twice redoes, whole.
    l.run(&["undo"]).ok();
    let renamed = state(&l).to_string();
    assert!(renamed.contains("人才科") && !renamed.contains("人才工作科"));

    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/nested.txt"
    );
    let out = l.run(&["import", file]).ok();
    assert!(out.stdout.contains("with 7 tasks"), "{}", out.stdout);
    let out = l.run(&["undo"]).ok();
    assert_eq!(out.stdout.lines().count(), 7, "{}", out.stdout);
    let all = state(&l);
    let imported: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["recommendation"].as_u64() > Some(3))
        .collect();
    assert_eq!(imported.len(), 7);
    assert!(imported.iter().all(|t| t["status"] == "cancelled"));
    // An import someone has since worked on is not cancelled behind their back: refused whole.
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/chinese-numerals.txt"
    );
    let out = l.run(&["import", file]).ok();
    assert!(out.stdout.contains("recommendations 7"), "{}", out.stdout);
    l.run(&["update", "7.1", "--progress", "10", "--by", "乙"])
        .ok();
    let before = l.dump();
    l.run(&["undo", "--by", "测试员"])
        .fails(1, &["cannot undo", "7.1", "worked on since"]);
    assert_eq!(l.dump(), before);
}

#[test]
fn undoing_twice_redoes_and_any_takes_anyones_latest() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&[
        "update",
        "1.4",
        "--status",
        "in-progress",
        "--progress",
        "40",
        "--by",
        "甲",
    ])
    .ok();
    let after = state(&l);
    l.run(&["update", "3.1", "--deadline", "2027-01-01", "--by", "乙"])
        .ok();
    let with_b = state(&l);
    // --any: 乙's change, the latest of anyone's.
    let out = l.run(&["undo", "--any", "--by", "丙"]).ok();
    assert!(out.stdout.contains("3.1"), "{}", out.stdout);
    assert_eq!(state(&l), after);
    // Twice: 丙's undo is now the latest change, and undoing it redoes 乙's.
    l.run(&["undo", "--any", "--by", "丙"]).ok();
    assert_eq!(state(&l), with_b);
    // 甲's own latest is still the status change.
    l.run(&["undo", "--by", "甲"]).ok();
    assert_eq!(show(&l, "1.4")["status"], "not-started");
    l.run(&["undo", "--by", "甲"]).ok();
    assert_eq!(show(&l, "1.4")["progress"], 40);
}

#[test]
fn two_undos_at_once_never_take_back_the_same_change() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--status", "blocked"]).ok();
    let before = state(&l);
    let spawn = || {
        l.cmd()
            .args(["undo", "--any"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let outs: Vec<Output> = [a, b]
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            Output {
                code: o.status.code().unwrap_or(-1),
                stdout: String::from_utf8(o.stdout).unwrap(),
                stderr: String::from_utf8(o.stderr).unwrap(),
            }
        })
        .collect();
    let changes: Vec<String> = outs
        .into_iter()
        .map(|o| {
            let o = o.ok();
            o.stdout.split_whitespace().nth(2).unwrap().to_string()
        })
        .collect();
    assert_ne!(changes[0], changes[1], "both undid {}", changes[0]);
    // One undid the status change, the other undid that undo.
    assert_eq!(state(&l), before);
}

#[test]
fn undo_handles_lead_and_supporting_units_together() {
    let l = Ledger::seeded("2026-03-02");
    // 1.3: led by 组织科, supported by 县区.
    assert_eq!(units(&l, "1.3"), ("组织科".into(), vec!["县区".into()]));
    // 甲 hands the lead to 宣传科; then 乙 makes 组织科 a supporting unit.
    l.run(&["update", "1.3", "--lead", "宣传科", "--by", "甲"])
        .ok();
    l.run(&[
        "update",
        "1.3",
        "--support",
        "组织科",
        "--support",
        "县区",
        "--by",
        "乙",
    ])
    .ok();
    let before = l.dump();
    // Taking back 甲's change would make 组织科 lead and support: refused in words.
    let msg = l
        .run(&["undo", "--by", "甲"])
        .fails(1, &["cannot undo", "组织科", "supporting unit"]);
    assert!(!msg.to_lowercase().contains("unique"), "{msg}");
    assert_eq!(l.dump(), before);

    // The other way round: a unit removed from support has since become the lead.
    l.run(&[
        "update",
        "1.5",
        "--support",
        "党校",
        "--new-unit",
        "--by",
        "丙",
    ])
    .ok();
    l.run(&["update", "1.5", "--no-support", "--by", "丙"]).ok();
    l.run(&[
        "update",
        "1.5",
        "--lead",
        "党校",
        "--new-unit",
        "--by",
        "丁",
    ])
    .ok();
    let before = l.dump();
    l.run(&["undo", "--by", "丙"])
        .fails(1, &["党校 a supporting unit again", "now the lead"]);
    assert_eq!(l.dump(), before);

    // A change that moved a supporting unit to the lead is undone whole: the lead goes back
    // and the unit returns to its place in the list.
    l.run(&[
        "update",
        "1.4",
        "--support",
        "甲科",
        "--support",
        "乙科",
        "--support",
        "丙科",
    ])
    .ok();
    l.run(&["update", "1.4", "--lead", "乙科"]).ok();
    assert_eq!(
        units(&l, "1.4"),
        ("乙科".into(), vec!["甲科".into(), "丙科".into()])
    );
    l.run(&["undo"]).ok();
    assert_eq!(
        units(&l, "1.4"),
        (
            "组织科".into(),
            vec!["甲科".into(), "乙科".into(), "丙科".into()]
        )
    );
    // Undo's marks and the units' places survive export -> restore -> export.
    let export = l.run(&["export"]).ok().stdout;
    assert!(export.contains("\"undoes\"") && export.contains("\"position\""));
    let file = l.dir.path().join("e.json");
    std::fs::write(&file, &export).unwrap();
    let copy = l.dir.path().join("copy.db");
    l.run_in(&copy, &["restore", file.to_str().unwrap()]).ok();
    assert_eq!(l.run_in(&copy, &["export"]).ok().stdout, export);
}

#[test]
fn undo_refuses_when_someone_changed_the_supporting_units_since() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&[
        "update",
        "1.2",
        "--support",
        "县区",
        "--support",
        "党校",
        "--new-unit",
        "--by",
        "甲",
    ])
    .ok();
    // 乙 takes away the unit 甲 added.
    l.run(&["update", "1.2", "--support", "县区", "--by", "乙"])
        .ok();
    let before = l.dump();
    l.run(&["undo", "--by", "甲"])
        .fails(1, &["cannot undo", "support has changed again"]);
    assert_eq!(l.dump(), before);
    // 乙 adds one more: still refused for 甲, since 党校 is gone.
    l.run(&[
        "update",
        "1.2",
        "--support",
        "县区",
        "--support",
        "人事局",
        "--by",
        "乙",
    ])
    .ok();
    l.run(&["undo", "--by", "甲"])
        .fails(1, &["support has changed again"]);
}

#[test]
fn a_past_week_keeps_its_supporting_units_in_their_order_and_its_owner_scope() {
    let l = Ledger::seeded("2026-03-02");
    // 县区 also supports 1.3 throughout, so it stays a known unit.
    l.run_on(
        "2026-03-03",
        &[
            "update",
            "1.4",
            "--support",
            "县区",
            "--support",
            "乙科",
            "--support",
            "丙科",
        ],
    )
    .ok();
    assert_eq!(units(&l, "1.4").1, ["县区", "乙科", "丙科"]);
    // Week 12: 县区 (first in the list) leaves; week 13: 乙科 leaves and comes back last.
    l.run_on(
        "2026-03-17",
        &["update", "1.4", "--support", "乙科", "--support", "丙科"],
    )
    .ok();
    l.run_on("2026-03-24", &["update", "1.4", "--support", "丙科"])
        .ok();
    l.run_on(
        "2026-03-25",
        &["update", "1.4", "--support", "丙科", "--support", "乙科"],
    )
    .ok();
    let report = |week: &str, owner: Option<&str>| -> serde_json::Value {
        let mut args = vec!["report", "--week", week, "--format", "json"];
        if let Some(o) = owner {
            args.extend(["--owner", o]);
        }
        l.run_on("2026-03-30", &args).ok().json()
    };
    let support_in = |week: &str, owner: Option<&str>| -> Option<Vec<String>> {
        report(week, owner)["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == "1.4")
            .map(|t| {
                t["support"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u.as_str().unwrap().to_string())
                    .collect()
            })
    };
    assert_eq!(
        support_in("2026-W10", None).unwrap(),
        ["县区", "乙科", "丙科"],
        "as list showed it then"
    );
    assert_eq!(support_in("2026-W12", None).unwrap(), ["乙科", "丙科"]);
    assert_eq!(support_in("2026-W13", None).unwrap(), ["丙科", "乙科"]);
    // --owner for a past week: the units of that week. 县区 supported 1.4 in weeks 10 and 11.
    assert!(support_in("2026-W10", Some("县区")).is_some());
    assert!(support_in("2026-W11", Some("县区")).is_some());
    assert!(support_in("2026-W13", Some("县区")).is_none());
    assert!(support_in("2026-W13", Some("乙科")).is_some());
}
