//! How an import is written (the store's side of issue 15's speed work): each task exactly as
//! the dry run said, its units in their order, its recorded state as changes of the one import
//! change, and the time-order rule still guarding the tasks afterwards. The import writes
//! task units and first changes without reading each task back; these tests hold it to what
//! reading back gave.

use proptest::prelude::*;
use serde_json::Value;

use crate::support::Ledger;

const UNITS: [&str; 6] = [
    "县住建局",
    "县财政局",
    "县交通局",
    "县人社局",
    "各乡镇",
    "县商务局",
];
const STATUSES: [&str; 6] = ["", "未开始", "进行中", "受阻", "已完成", "已取消"];

/// One row of a task table: lead (index into UNITS), supports, status, progress, note.
#[derive(Debug, Clone)]
struct Row {
    lead: usize,
    support: Vec<usize>,
    status: usize,
    progress: Option<u8>,
    note: bool,
}

fn row() -> impl Strategy<Value = Row> {
    (
        0..UNITS.len(),
        proptest::sample::subsequence((0..UNITS.len()).collect::<Vec<_>>(), 0..4).prop_shuffle(),
        0..STATUSES.len(),
        proptest::option::of(0u8..=100),
        any::<bool>(),
    )
        .prop_map(|(lead, support, status, progress, note)| Row {
            support: support.into_iter().filter(|&s| s != lead).collect(),
            lead,
            status,
            // A row whose status and progress contradict is refused (`table_import`); here
            // every row agrees with itself: not started at 0%, done at 100%, open below.
            progress: match (STATUSES[status], progress) {
                ("未开始", Some(_)) => Some(0),
                ("已完成", Some(_)) => Some(100),
                ("进行中" | "受阻", Some(100)) => Some(99),
                (_, p) => p,
            },
            note,
        })
}

fn csv(rows: &[Row]) -> String {
    let mut out = String::from("序号,工作任务,牵头单位,配合单位,完成时限,状态,进度,进展情况\n");
    for (k, r) in rows.iter().enumerate() {
        let support: Vec<&str> = r.support.iter().map(|&s| UNITS[s]).collect();
        out.push_str(&format!(
            "1.{},第{}项任务,{},{},2027-0{}-15,{},{},{}\n",
            k + 1,
            k + 1,
            UNITS[r.lead],
            support.join("、"),
            k % 9 + 1,
            STATUSES[r.status],
            r.progress.map(|p| p.to_string()).unwrap_or_default(),
            if r.note {
                format!("第{}项已部署", k + 1)
            } else {
                String::new()
            },
        ));
    }
    out
}

fn ledger_with(table: &str) -> (Ledger, String) {
    let l = Ledger::new("2026-11-26");
    l.run(&["init", "--empty", "--start", "2026-03-02"]).ok();
    let file = l.dir.path().join("任务表.csv");
    std::fs::write(&file, table).unwrap();
    (l, file.to_str().unwrap().to_string())
}

fn items(dry: &Value) -> Vec<Value> {
    dry["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .collect()
}

fn support_of(l: &Ledger, id: &str) -> Value {
    l.run(&["show", id, "--format", "json"]).ok().json()["support"].clone()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever the rows hold, the ledger holds what the dry run showed: lead, supporting
    /// units in their order, deadline, and the state (done with 100%, a progress above 0
    /// starting a task), all of it one change whose events undo takes back whole.
    #[test]
    fn an_imported_table_is_stored_as_its_dry_run_says(rows in proptest::collection::vec(row(), 1..8)) {
        let (l, file) = ledger_with(&csv(&rows));
        let dry = l.run(&["import", &file, "--dry-run", "--format", "json"]).ok().json();
        l.run(&["import", &file]).ok();
        let list = l.run(&["list", "--all", "--format", "json"]).ok().json();
        let list = list.as_array().unwrap();
        let want = items(&dry);
        prop_assert_eq!(list.len(), want.len());
        for (got, want) in list.iter().zip(&want) {
            let id = want["id"].as_str().unwrap();
            prop_assert_eq!(&got["id"], &want["id"]);
            prop_assert_eq!(&got["title"], &want["title"]);
            prop_assert_eq!(&got["lead"], &want["lead"], "lead of {}", id);
            prop_assert_eq!(&got["support"], &want["support"], "support of {}", id);
            prop_assert_eq!(&got["deadline"], &want["deadline"]);
            // The dry run shows the state stored, as it is stored: done with 100%.
            let progress = want["progress"].as_u64().unwrap_or(0);
            let status = want["status"].as_str().unwrap_or("not-started");
            prop_assert_eq!(got["status"].as_str(), Some(status), "status of {}", id);
            prop_assert_eq!(got["progress"].as_u64(), Some(progress), "progress of {}", id);
            prop_assert!(status != "done" || progress == 100, "done at 100%: {}", id);
            let history = l.run(&["history", id, "--format", "json"]).ok().json();
            let history = history.as_array().unwrap();
            prop_assert_eq!(history[0]["field"].as_str(), Some("created"));
            let changes: std::collections::BTreeSet<i64> =
                history.iter().map(|e| e["change"].as_i64().unwrap()).collect();
            prop_assert_eq!(changes.len(), 1, "one change for the whole import: {:?}", history);
            let noted = history.iter().any(|e| e["note"] == want["note"]);
            prop_assert!(want["note"].is_null() || noted, "note of {} kept: {:?}", id, history);
        }
        l.run(&["undo"]).ok();
        let left = l.run(&["list", "--all", "--format", "json"]).ok().json();
        prop_assert!(left.as_array().unwrap().iter().all(|t| t["status"] == "cancelled"));
    }
}

/// The supporting units an import wrote keep their places when people change them later:
/// `--support` gives the list in the order typed, and undo puts each removed unit back in
/// the place the import gave it.
#[test]
fn supporting_units_an_import_wrote_keep_their_places_through_updates_and_undo() {
    let (l, file) = ledger_with(
        "序号,工作任务,牵头单位,配合单位\n1.1,甲任务,县住建局,县财政局、县交通局、各乡镇\n1.2,乙任务,县财政局,\n",
    );
    l.run(&["import", &file]).ok();
    let imported = serde_json::json!(["县财政局", "县交通局", "各乡镇"]);
    assert_eq!(support_of(&l, "1.1"), imported);
    // (--support given, the list after it)
    let cases: &[(&[&str], &[&str])] = &[
        (&["县财政局", "县人社局"], &["县财政局", "县人社局"]),
        (
            &["各乡镇", "县人社局", "县交通局", "县财政局"],
            &["各乡镇", "县人社局", "县交通局", "县财政局"],
        ),
        (&["各乡镇"], &["各乡镇"]),
        (&["县交通局"], &["县交通局"]),
    ];
    for (given, want) in cases {
        let mut args = vec!["update", "1.1"];
        for u in *given {
            args.extend(["--support", u]);
        }
        l.run(&args).ok();
        assert_eq!(support_of(&l, "1.1"), serde_json::json!(want), "{given:?}");
        l.run(&["undo"]).ok();
        assert_eq!(support_of(&l, "1.1"), imported, "undo of {given:?}");
    }
    // A task imported without supporting units takes one after its lead.
    l.run(&[
        "update",
        "1.2",
        "--support",
        "县商务局",
        "--support",
        "县住建局",
    ])
    .ok();
    assert_eq!(
        support_of(&l, "1.2"),
        serde_json::json!(["县商务局", "县住建局"])
    );
    let units = l.run(&["units", "--format", "json"]).ok().stdout;
    for u in ["县住建局", "县财政局", "县交通局", "各乡镇", "县商务局"] {
        assert!(units.contains(u), "{u} in units: {units}");
    }
}

/// An imported task's recorded state is dated the day of the import, so the rule that no
/// change is dated before a task's latest holds for it as for any task.
#[test]
fn tasks_an_import_created_refuse_changes_dated_before_it() {
    let (l, file) = ledger_with(
        "序号,工作任务,牵头单位,状态,进度,进展情况\n1.1,甲任务,县住建局,进行中,40,已部署\n1.2,乙任务,县财政局,,,\n",
    );
    l.run(&["import", &file]).ok();
    for id in ["1.1", "1.2"] {
        let before = l.dump();
        l.run_on("2026-11-20", &["update", id, "--progress", "50"])
            .fails(1, &[id, "2026-11-26", "--today"]);
        assert_eq!(before, l.dump(), "{id}: nothing written");
        l.run_on("2026-11-26", &["note", id, "同日的进展"]).ok();
        l.run_on("2026-11-27", &["update", id, "--progress", "60"])
            .ok();
    }
}
