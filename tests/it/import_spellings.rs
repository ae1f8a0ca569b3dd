//! One import never makes two units of one: names that the tool's own rule for a unit's
//! spellings treats alike (the alias table, Traditional characters, full width, letter case,
//! spaces) are one unit, named as the ledger names it, else as the document first writes
//! it; in a report's notes and clauses, in a table's columns, and against the ledger.

use proptest::prelude::*;
use serde_json::Value;

use crate::support::{Ledger, empty, import_dry as dry, planned_tasks as items, write};

/// (lead, support) of each planned task.
fn units(p: &Value) -> Vec<(String, Vec<String>)> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    items(p)
        .iter()
        .map(|i| {
            let support = i["support"].as_array().unwrap().iter().map(s).collect();
            (s(&i["lead"]), support)
        })
        .collect()
}

fn new_units(p: &Value) -> Vec<String> {
    p["new_units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn spellings_of_one_unit_in_one_report_make_one_unit_named_as_first_written() {
    // (the report's items, the units each task gets, the new units in order)
    type Case = (
        &'static str,
        &'static [(&'static str, &'static [&'static str])],
        &'static [&'static str],
    );
    let cases: &[Case] = &[
        // The alias table, both ways, in label notes.
        (
            "1、开展技能培训。（牵头单位：县人力资源和社会保障局）\n2、发放就业补贴。（牵头单位：县人社局）\n",
            &[
                ("县人力资源和社会保障局", &[]),
                ("县人力资源和社会保障局", &[]),
            ],
            &["县人力资源和社会保障局"],
        ),
        (
            "1、清理欠薪台账。由县人社局牵头，县财政局配合。\n2、建设零工市场。由县人力资源和社会保障局牵头。\n",
            &[("县人社局", &["县财政局"]), ("县人社局", &[])],
            &["县人社局", "县财政局"],
        ),
        // Traditional and Simplified characters, lead in one item and support in another.
        (
            "1、加强资金监管。（牵头单位：县财政局）\n2、规范政府采购。（牵头单位：县审计局；配合单位：县財政局）\n",
            &[("县财政局", &[]), ("县审计局", &["县财政局"])],
            &["县财政局", "县审计局"],
        ),
        (
            "1、核实补贴对象。县財政局负责。\n2、拨付补贴资金。县财政局负责，年底前完成。\n",
            &[("县財政局", &[]), ("县財政局", &[])],
            &["县財政局"],
        ),
        // Full width and letter case.
        (
            "1、上线审批系统。（牵头单位：县ＡＢＣ局）\n2、迁移历史数据。（牵头单位：县abc局；配合单位：县ABC局、县数据中心）\n",
            &[("县ＡＢＣ局", &[]), ("县ＡＢＣ局", &["县数据中心"])],
            &["县ＡＢＣ局", "县数据中心"],
        ),
        // Within one item: a supporting unit that is the lead spelled otherwise goes.
        (
            "1、整治农村公路。（牵头单位：县交通运输局；配合单位：县交通局、各乡镇）\n",
            &[("县交通运输局", &["各乡镇"])],
            &["县交通运输局", "各乡镇"],
        ),
        // Two supporting units, one spelled twice.
        (
            "1、推进垃圾分类。（牵头单位：县城管局；配合单位：县住建局、县住房和城乡建设局）\n",
            &[("县城管局", &["县住建局"])],
            &["县城管局", "县住建局"],
        ),
        // Different offices stay different: another level, another office.
        (
            "1、开展联合执法。（牵头单位：县财政局；配合单位：市财政局、县财政所）\n",
            &[("县财政局", &["市财政局", "县财政所"])],
            &["县财政局", "市财政局", "县财政所"],
        ),
    ];
    for (body, want, new) in cases {
        let l = empty();
        let (p, err) = dry(&l, &format!("下一步措施：\n{body}"));
        let got = units(&p);
        let want: Vec<(String, Vec<String>)> = want
            .iter()
            .map(|(l, s)| (l.to_string(), s.iter().map(|x| x.to_string()).collect()))
            .collect();
        assert_eq!(got, want, "{body}");
        assert_eq!(new_units(&p), *new, "{body}");
        let listed = format!("new unit{}", if new.len() == 1 { "" } else { "s" });
        assert!(
            err.contains(&format!("{} {listed}", new.len())),
            "{body}: {err}"
        );
    }
}

#[test]
fn the_ledgers_spelling_wins_over_the_documents() {
    let l = empty();
    for (k, u) in ["县人力资源和社会保障局", "县财政局", "县ABC局"]
        .iter()
        .enumerate()
    {
        let mut args = vec!["add", "--rec", "1", "--title", "既有任务", "--lead", u];
        if k == 0 {
            args.extend(["--headline", "既有"]);
        }
        args.push("--new-unit");
        l.run(&args).ok();
    }
    let text = "下一步措施：\n1、发放补贴。（牵头单位：县人社局；配合单位：县財政局）\n2、上线系统。（牵头单位：县ａｂｃ局）\n3、核查名单。县財政局负责。\n";
    let (p, err) = dry(&l, text);
    assert_eq!(
        units(&p),
        vec![
            (
                "县人力资源和社会保障局".to_string(),
                vec!["县财政局".to_string()]
            ),
            ("县ABC局".to_string(), vec![]),
            ("县财政局".to_string(), vec![]),
        ]
    );
    assert!(new_units(&p).is_empty(), "{p:#}");
    assert!(!err.contains("new unit"), "{err}");
    // The import itself: `units` lists no second spelling.
    let f = l.dir.path().join("r.txt");
    l.run(&["import", f.to_str().unwrap()]).ok();
    let listed = l.run(&["units", "--format", "json"]).ok().json();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit"].as_str().or(u["name"].as_str()).unwrap())
        .collect();
    for gone in ["县人社局", "县財政局", "县ａｂｃ局"] {
        assert!(!names.contains(&gone), "{names:?}");
    }
}

#[test]
fn a_tables_columns_spell_one_unit_once() {
    let l = empty();
    let csv = "序号,工作任务,牵头单位,配合单位,完成时限\n1,新增城镇就业,县人社局,县財政局,2026年12月31日\n2,发放创业贷款,县人力资源和社会保障局,县财政局,2026年12月31日\n3,开展职业培训,县ＡＢＣ局,县abc局、县人社局,2026年12月31日\n";
    let f = write(&l, "t.csv", csv.as_bytes());
    let p = l
        .run(&["import", &f, "--dry-run", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        units(&p),
        vec![
            ("县人社局".to_string(), vec!["县財政局".to_string()]),
            ("县人社局".to_string(), vec!["县財政局".to_string()]),
            ("县ＡＢＣ局".to_string(), vec!["县人社局".to_string()]),
        ]
    );
    assert_eq!(new_units(&p), ["县人社局", "县財政局", "县ＡＢＣ局"]);
}

/// How a report may write a unit: as given, in Traditional characters, in full width, in
/// other case, under its short or full name.
fn spelled(base: &str, how: u8) -> String {
    let full = base.replace("人社局", "人力资源和社会保障局");
    match how % 5 {
        0 => base.to_string(),
        1 => base.replace('财', "財").replace('县', "縣"),
        2 => base
            .chars()
            .map(|c| match c {
                'A'..='Z' => char::from_u32(c as u32 - 'A' as u32 + 'Ａ' as u32).unwrap(),
                c => c,
            })
            .collect(),
        3 => base.to_lowercase(),
        _ => full,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// Whatever mix of spellings a report uses, each unit is one unit: every task naming
    /// it gets the same name, two units never share one, and the new units are these names
    /// in order of first mention.
    #[test]
    fn any_mix_of_spellings_makes_one_unit_each(
        picks in proptest::collection::vec((0usize..3, 0u8..5), 2..7)
    ) {
        let bases = ["县财政局", "县人社局", "县XYZ中心"];
        let l = Ledger::new("2026-11-26");
        l.run(&["init", "--empty", "--start", "2026-03-02"]).ok();
        let mut text = String::from("下一步措施：\n");
        for (k, (b, how)) in picks.iter().enumerate() {
            let name = spelled(bases[*b], *how);
            text.push_str(&format!("{}、完成第{}项工作。（牵头单位：{name}）\n", k + 1, k + 1));
        }
        let (p, _) = dry(&l, &text);
        let got = units(&p);
        prop_assert_eq!(got.len(), picks.len());
        let mut first: Vec<(usize, &String)> = Vec::new();
        for ((b, _), (lead, _)) in picks.iter().zip(&got) {
            match first.iter().find(|(x, _)| x == b) {
                Some((_, name)) => prop_assert_eq!(lead, *name),
                None => {
                    prop_assert!(first.iter().all(|(_, n)| *n != lead), "{:?}", got);
                    first.push((*b, lead));
                }
            }
        }
        let want_new: Vec<String> = first.into_iter().map(|(_, n)| n.clone()).collect();
        prop_assert_eq!(new_units(&p), want_new);
    }
}
