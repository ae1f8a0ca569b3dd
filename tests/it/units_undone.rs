//! `units` after `undo` of an import: a unit that only the undone import's tasks name is not
//! listed (the tasks stay in the history, cancelled by the undo), and those tasks count for
//! no unit; a task a clerk cancelled (`update --status cancelled`) still counts, as before;
//! undoing the undo brings the units back.

use serde_json::Value;

use crate::support::{Ledger, empty, write};

/// (unit, leads, supports, open) as `units --format json` lists them.
fn listed(l: &Ledger) -> Vec<(String, u64, u64, u64)> {
    let v = l.run(&["units", "--format", "json"]).ok().json();
    v.as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let n = |k: &str| u[k].as_u64().unwrap();
            let name = |v: &Value| v.as_str().unwrap().to_string();
            (name(&u["unit"]), n("lead"), n("support"), n("open"))
        })
        .collect()
}

fn row(u: &str, lead: u64, support: u64, open: u64) -> (String, u64, u64, u64) {
    (u.to_string(), lead, support, open)
}

#[test]
fn units_only_an_undone_import_named_are_not_listed() {
    let l = empty();
    // Before the import: a unit with an open task, and one whose only task a clerk cancelled.
    l.run(&[
        "add",
        "--rec",
        "1",
        "--headline",
        "既有",
        "--title",
        "整理档案",
        "--lead",
        "县档案馆",
    ])
    .ok();
    l.run(&["add", "--rec", "1", "--title", "清淤", "--lead", "县水利局"])
        .ok();
    l.run(&["update", "1.2", "--status", "cancelled"]).ok();
    let before = vec![row("县档案馆", 1, 0, 1), row("县水利局", 1, 0, 0)];
    assert_eq!(listed(&l), before);
    // (report, what `units` lists after it is imported)
    type Case = (&'static str, &'static [(&'static str, u64, u64, u64)]);
    let cases: &[Case] = &[
        // Label notes: two new units, two known ones as support.
        (
            "措施：\n1、开展培训。（牵头单位：县教育局；配合单位：县档案馆）\n2、发放补贴。（牵头单位：县卫健委；配合单位：县水利局）\n",
            &[
                ("县卫健委", 1, 0, 1),
                ("县教育局", 1, 0, 1),
                ("县档案馆", 1, 1, 2),
                ("县水利局", 1, 1, 1),
            ],
        ),
        // A task table: a new unit leads and supports.
        (
            "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n1\t建设书屋\t县文旅局\t县档案馆\t2026年12月31日\n2\t修缮祠堂\t县档案馆\t县文旅局\t2026年12月31日\n",
            &[
                ("县文旅局", 1, 1, 2),
                ("县档案馆", 2, 1, 3),
                ("县水利局", 1, 0, 0),
            ],
        ),
    ];
    for (k, (report, imported)) in cases.iter().enumerate() {
        let f = write(&l, &format!("r{k}.txt"), report.as_bytes());
        l.run(&["import", &f]).ok();
        let want: Vec<_> = imported
            .iter()
            .map(|(u, a, b, c)| row(u, *a, *b, *c))
            .collect();
        let mut got = listed(&l);
        got.sort();
        let mut want_sorted = want.clone();
        want_sorted.sort();
        assert_eq!(got, want_sorted, "case {k}: after import");
        l.run(&["undo"]).ok();
        assert_eq!(listed(&l), before, "case {k}: after undo");
        // The tasks are still there, cancelled, and the table says the same.
        let all = l.run(&["list", "--all", "--format", "json"]).ok().json();
        assert!(
            all.as_array()
                .unwrap()
                .iter()
                .any(|t| t["status"] == "cancelled" && t["recommendation"].as_u64() != Some(1)),
            "{all}"
        );
        let table = l.run(&["units"]).ok().stdout;
        for (u, ..) in imported
            .iter()
            .filter(|r| !before.iter().any(|b| b.0 == r.0))
        {
            assert!(!table.contains(u), "case {k}: {u} in\n{table}");
        }
    }
}

#[test]
fn undoing_the_undo_lists_the_units_again() {
    let l = empty();
    let f = write(
        &l,
        "r.txt",
        "措施：\n1、开展培训。（牵头单位：县教育局；配合单位：县科协）\n".as_bytes(),
    );
    l.run(&["import", &f]).ok();
    let imported = listed(&l);
    assert_eq!(
        imported,
        vec![row("县教育局", 1, 0, 1), row("县科协", 0, 1, 1)]
    );
    l.run(&["undo"]).ok();
    assert!(listed(&l).is_empty());
    l.run(&["undo"]).ok();
    assert_eq!(listed(&l), imported);
    // A clerk's cancel of the same task keeps the units listed, with nothing open.
    l.run(&["update", "1.1", "--status", "cancelled"]).ok();
    assert_eq!(
        listed(&l),
        vec![row("县教育局", 1, 0, 0), row("县科协", 0, 1, 0)]
    );
}
