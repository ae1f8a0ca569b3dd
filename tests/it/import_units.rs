//! Unit names an imported report writes short (`人社局`, `住建局`, `市场监管局`) find the
//! ledger's full ones (`县人力资源和社会保障局`); a near miss (`县农业局` beside
//! `县农业农村局`) is a guess the dry run marks, never a silent new unit; and every new unit
//! the import would create is listed, in the dry run and on stderr.

use serde_json::Value;

use crate::support::Ledger;

/// A ledger whose units are written in full, with the county's level in front.
fn ledger() -> Ledger {
    let l = Ledger::new("2026-11-26");
    l.run(&["init", "--empty", "--start", "2026-01-05"]).ok();
    let units = [
        "县人力资源和社会保障局",
        "县住房和城乡建设局",
        "县农业农村局",
        "县发展和改革局",
        "县市场监督管理局",
        "县自然资源和规划局",
        "县卫生健康局",
        "县交通运输局",
        "县城市管理局",
        "县应急管理局",
    ];
    for (k, u) in units.iter().enumerate() {
        let mut args = vec!["add", "--rec", "1"];
        if k == 0 {
            args.extend(["--headline", "既有任务"]);
        }
        let title = format!("既有任务{k}");
        args.extend(["--title", &title, "--lead", u, "--new-unit"]);
        l.run(&args).ok();
    }
    l
}

fn dry(l: &Ledger, text: &str) -> (Value, String) {
    let p = l.dir.path().join("r.txt");
    std::fs::write(&p, text).unwrap();
    let out = l
        .run(&[
            "import",
            p.to_str().unwrap(),
            "--dry-run",
            "--format",
            "json",
        ])
        .ok();
    (out.json(), out.stderr)
}

fn items(p: &Value) -> Vec<Value> {
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn short_names_find_the_ledgers_full_units() {
    let l = ledger();
    // (the item, its lead as the ledger names it)
    let cases: &[(&str, &str)] = &[
        (
            "开展技能培训（人社局，12月底前）。",
            "县人力资源和社会保障局",
        ),
        ("住建局负责危房改造。", "县住房和城乡建设局"),
        ("由发改局牵头编制专项规划。", "县发展和改革局"),
        ("整治无证经营（市场监管局）。", "县市场监督管理局"),
        ("完成确权颁证【自然资源局】", "县自然资源和规划局"),
        ("开展农技服务（农业农村局）。", "县农业农村局"),
        ("推进家庭医生签约（责任单位：卫健局）", "县卫生健康局"),
        ("县交通局负责农村公路养护。", "县交通运输局"),
        ("清理占道经营（县城管局）。", "县城市管理局"),
        ("开展应急演练（牵头单位：应急局）", "县应急管理局"),
        ("更新执法记录仪（县市监局）。", "县市场监督管理局"),
    ];
    let mut text = String::from("几点建议\n");
    for (k, c) in cases.iter().enumerate() {
        text.push_str(&format!("{}、{}\n", k + 1, c.0));
    }
    let (p, err) = dry(&l, &text);
    let got = items(&p);
    assert_eq!(got.len(), cases.len(), "{p:#}");
    for (item, (line, lead)) in got.iter().zip(cases) {
        assert_eq!(item["lead"], *lead, "{line}: {item:#}");
        assert_eq!(item["sources"]["lead"]["guess"], false, "{line}: {item:#}");
    }
    assert_eq!(p["new_units"], serde_json::json!([]), "{p:#}");
    assert!(!err.contains("new unit"), "{err}");
}

#[test]
fn a_near_miss_is_a_marked_guess_and_new_units_are_listed() {
    let l = ledger();
    let text = "几点建议\n1、县农业局负责秸秆禁烧。\n2、整治建筑工地扬尘（县住房城乡建设局）。\n3、完成粮库改造（县粮食和物资储备局，10月底前）。\n4、开展林下经济试点（牵头单位：县林业中心；配合单位：县粮食和物资储备局、各乡镇）\n";
    let (p, err) = dry(&l, text);
    let got = items(&p);
    assert_eq!(got.len(), 4, "{p:#}");
    // Near misses: the ledger's unit, marked as a guess, the report's words kept.
    for (k, unit, words) in [
        (0, "县农业农村局", "县农业局负责"),
        (1, "县住房和城乡建设局", "县住房城乡建设局"),
    ] {
        assert_eq!(got[k]["lead"], unit, "{:#}", got[k]);
        assert_eq!(got[k]["sources"]["lead"]["guess"], true, "{:#}", got[k]);
        assert_eq!(got[k]["sources"]["lead"]["words"], words, "{:#}", got[k]);
    }
    let new = serde_json::json!(["县粮食和物资储备局", "县林业中心", "各乡镇"]);
    assert_eq!(p["new_units"], new, "{p:#}");
    assert!(
        err.contains(
            "3 new units (not in the ledger; check the names): 县粮食和物资储备局, 县林业中心, 各乡镇"
        ),
        "{err}"
    );
    // The table and the Chinese messages say the same.
    let f = l.dir.path().join("r.txt");
    let f = f.to_str().unwrap();
    let zh = l.run(&["--lang", "zh", "import", f, "--dry-run"]).ok();
    assert!(
        zh.stdout
            .contains("新单位（3 个）：县粮食和物资储备局、县林业中心、各乡镇"),
        "{}",
        zh.stdout
    );
    assert!(
        zh.stdout.contains("县农业农村局？  ← 县农业局负责"),
        "{}",
        zh.stdout
    );
    assert!(
        zh.stderr.contains(
            "3 个新单位（台账中没有，请核对名称）：县粮食和物资储备局、县林业中心、各乡镇"
        ),
        "{}",
        zh.stderr
    );
    // The real import says it on stderr too.
    let out = l.run(&["import", f]).ok();
    assert!(out.stderr.contains("3 new units"), "{}", out.stderr);
    // One new unit: singular.
    let (_, err) = dry(&l, "几点建议\n1、开展试点（县档案馆）。\n");
    assert!(
        err.contains("1 new unit (not in the ledger; check the names): 县档案馆"),
        "{err}"
    );
}
