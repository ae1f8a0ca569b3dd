//! Unit names an imported report writes short (`人社局`, `住建局`, `市场监管局`) find the
//! ledger's full ones (`县人力资源和社会保障局`); a near miss (`县农业局` beside
//! `县农业农村局`) is a guess the dry run marks, never a silent new unit; and every new unit
//! the import would create is listed, in the dry run and on stderr.

use serde_json::Value;

use crate::support::{Ledger, import_dry as dry, planned_tasks as items};

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

/// Lead and support of each item of a one-list report, read from the dry run's JSON.
fn units_of(l: &Ledger, body: &str) -> Vec<(String, Vec<String>)> {
    let text = format!("今后工作措施：\n{body}");
    let (p, _) = dry(l, &text);
    items(&p)
        .iter()
        .map(|i| {
            let s = |v: &Value| v.as_str().unwrap_or("").to_string();
            (
                s(&i["lead"]),
                i["support"].as_array().unwrap().iter().map(s).collect(),
            )
        })
        .collect()
}

#[test]
fn a_lead_clause_joined_by_a_pause_mark_keeps_its_supporting_units() {
    let l = ledger();
    // (item, lead, support): the lead's clause and the support's joined by 、 or ，, one or
    // several supporting units, 配合 / 参与 / 协助, with and without 由.
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "1、硬化通组道路。由县交通局牵头、县财政局配合，明年6月底前完成。",
            "县交通运输局",
            &["县财政局"],
        ),
        (
            "1、疏浚灌溉渠系。由县水利局牵头、县财政局、县农业农村局配合。",
            "县水利局",
            &["县财政局", "县农业农村局"],
        ),
        (
            "1、建设冷链仓储。县商务局牵头，县财政局、县市场监管局配合。",
            "县商务局",
            &["县财政局", "县市场监督管理局"],
        ),
        (
            "1、推广节水技术。县农业农村局牵头、各乡镇参与。",
            "县农业农村局",
            &["各乡镇"],
        ),
        (
            "1、整治违建。县城管局负责、县自然资源局协助。",
            "县城市管理局",
            &["县自然资源和规划局"],
        ),
        (
            "1、由县应急局牵头、县消防大队和各乡镇配合，开展隐患排查。",
            "县应急管理局",
            &["县消防大队", "各乡镇"],
        ),
    ];
    for (item, lead, support) in cases {
        let got = units_of(&l, item);
        assert_eq!(got.len(), 1, "{item}: {got:?}");
        assert_eq!(got[0].0, *lead, "lead of {item}");
        assert_eq!(got[0].1, *support, "support of {item}");
    }
}

#[test]
fn role_words_after_a_unit_are_not_part_of_its_name() {
    let l = ledger();
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "1、培育特色产业（县农业农村局牵头，各乡镇具体实施）。",
            "县农业农村局",
            &["各乡镇"],
        ),
        (
            "1、落实奖补资金。县农业农村局牵头，县财政局等部门配合。",
            "县农业农村局",
            &["县财政局"],
        ),
        ("1、核查低保对象。责任单位：县民政局等", "县民政局", &[]),
        (
            "1、修复水毁工程。县财政局、县水利局按职责分工负责。",
            "县财政局",
            &["县水利局"],
        ),
        ("1、推进农村改厕。各乡镇负责实施。", "各乡镇", &[]),
        (
            "1、清理河道垃圾。（牵头单位：县住建局；配合单位：县城管局等单位）",
            "县住房和城乡建设局",
            &["县城市管理局"],
        ),
        (
            "1、排查燃气隐患。（责任单位：县应急局、各乡镇组织实施）",
            "县应急管理局",
            &["各乡镇"],
        ),
    ];
    for (item, lead, support) in cases {
        let got = units_of(&l, item);
        assert_eq!(got.len(), 1, "{item}: {got:?}");
        assert_eq!(got[0].0, *lead, "lead of {item}");
        assert_eq!(got[0].1, *support, "support of {item}");
    }
    // None of the role words becomes a unit of its own.
    let (_, err) = dry(
        &l,
        "今后工作措施：\n1、培育特色产业（县农业农村局牵头，各乡镇具体实施）。\n2、落实奖补。县农业农村局牵头，县财政局等部门配合。\n",
    );
    for w in ["具体实施", "等部门", "负责"] {
        assert!(!err.contains(w), "{err}");
    }
}

#[test]
fn the_dry_run_table_marks_each_guessed_supporting_unit_itself() {
    let l = ledger();
    let p = l.dir.path().join("g.txt");
    std::fs::write(
        &p,
        "今后工作措施：\n1、修缮村道。（牵头单位：县交通局；配合单位：县财政局、县农业局）\n2、修缮水渠。（牵头单位：县交通局；配合单位：县农业局、县财政局）\n",
    )
    .unwrap();
    let out = l.run(&["import", p.to_str().unwrap(), "--dry-run"]).ok();
    let support: Vec<&str> = out
        .stdout
        .lines()
        .filter(|s| s.trim_start().starts_with("support"))
        .collect();
    assert_eq!(support.len(), 2, "{}", out.stdout);
    assert!(
        support[0].contains("县财政局, 县农业农村局?  ←"),
        "{}",
        support[0]
    );
    assert!(
        support[1].contains("县农业农村局?, 县财政局  ←"),
        "{}",
        support[1]
    );
}

#[test]
fn an_import_names_the_deadlines_it_left_empty() {
    let l = ledger();
    let p = l.dir.path().join("d.txt");
    std::fs::write(
        &p,
        "今后工作措施：\n1、春节前走访困难群众。\n2、汛期前完成河道清淤。\n3、尽快修订管理办法。\n4、2月30日前报送统计表。\n5、12月31日前完成验收。\n",
    )
    .unwrap();
    let out = l.run(&["import", p.to_str().unwrap()]).ok();
    let lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|s| s.contains("left empty"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", out.stderr);
    for want in [
        "2.1 春节前",
        "2.2 汛期前",
        "2.3 尽快",
        "2.4 2月30日前 (no such date)",
    ] {
        assert!(lines[0].contains(want), "{want}: {}", lines[0]);
    }
    assert!(!lines[0].contains("2.5"), "{}", lines[0]);
    // The words stay in the task's text, the deadline empty.
    let show = l.run(&["show", "2.1", "--format", "json"]).ok().json();
    assert!(show["text"].as_str().unwrap().contains("春节前"), "{show}");
    assert!(show["deadline"].is_null(), "{show}");
    // In Chinese too.
    std::fs::write(
        &p,
        "今后工作措施：\n1、国庆节前夕开展慰问。\n2、适时启动评估。\n3、尽快落实。\n",
    )
    .unwrap();
    let out = l.run(&["--lang", "zh", "import", p.to_str().unwrap()]).ok();
    assert!(out.stderr.contains("项完成时限未填"), "{}", out.stderr);
}
