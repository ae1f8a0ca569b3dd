//! Shapes of plans the eleventh round of issue 15 found missed: a 督查通报 whose 下步工作要求
//! come after its findings, a work plan's short `（牵头：…；责任：…）` notes, and a 整改台账
//! table under section headings that hold no tasks of their own.

use serde_json::Value;

use crate::support::{docx_table, empty, import_dry, planned_tasks, write};

/// (title, lead, support) of every planned task.
fn tasks(p: &Value) -> Vec<(String, String, Vec<String>)> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    planned_tasks(p)
        .iter()
        .map(|t| {
            (
                s(&t["title"]),
                s(&t["lead"]),
                t["support"].as_array().unwrap().iter().map(s).collect(),
            )
        })
        .collect()
}

fn titles(p: &Value) -> Vec<String> {
    tasks(p).into_iter().map(|t| t.0).collect()
}

#[test]
fn requirements_that_look_ahead_are_the_tasks_not_the_findings_before_them() {
    for heading in [
        "三、下步工作要求",
        "三、下一步工作要求",
        "三、下步工作打算及要求",
    ] {
        let doc = format!(
            "关于汛前检查情况的通报\n各乡镇：\n一、检查情况\n共检查水库12座。\n二、存在的问题\n（一）部分水库巡查记录缺失。\n（二）防汛物资储备不足。\n{heading}\n（一）补齐巡查记录。县水利局负责，5月底前完成。\n（二）充实防汛物资。各乡镇负责。"
        );
        let l = empty();
        let (p, _) = import_dry(&l, &doc);
        assert_eq!(titles(&p), ["补齐巡查记录", "充实防汛物资"], "{heading}");
    }
    // A plan's closing 工作要求 still gives way to its tasks.
    let l = empty();
    let (p, _) = import_dry(
        &l,
        "实施方案\n一、重点任务\n（一）建设智慧停车平台。\n（二）新增公共泊位500个。\n二、工作要求\n（一）加强组织领导。\n（二）强化督查考核。",
    );
    assert_eq!(titles(&p), ["建设智慧停车平台", "新增公共泊位500个"]);
}

#[test]
fn short_lead_and_responsibility_labels_name_the_units() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "开展普法宣传。（牵头：普法科；责任：各司法所）",
            "普法科",
            &["各司法所"],
        ),
        (
            "开展普法宣传。【牵头：普法科；责任：各司法所、律师所】",
            "普法科",
            &["各司法所", "律师所"],
        ),
        ("开展普法宣传。（责任：普法科）", "普法科", &[]),
        ("开展普法宣传，压实主体责任：落实到人。", "", &[]),
    ];
    for (item, lead, support) in cases {
        let l = empty();
        let (p, _) = import_dry(&l, &format!("2026年工作要点\n1.{item}\n2.加强队伍建设。"));
        let got = &tasks(&p)[0];
        assert_eq!(got.0, "开展普法宣传", "{item}");
        assert_eq!(got.1, *lead, "{item}");
        assert_eq!(got.2, *support, "{item}");
    }
}

const ROWS: [&str; 3] = [
    "序号|审计发现问题|整改措施|责任科室|配合科室|完成时限",
    "1|票据管理不规范|建立票据领用登记制度|财务科|办公室|2026年12月31日前",
    "2|合同审核缺位|修订合同管理办法|法规科||2027年3月底前",
];

#[test]
fn a_ledger_table_under_section_headings_gives_only_its_rows() {
    let before = "关于审计发现问题整改情况的报告\n一、整改工作开展情况\n我局成立整改领导小组，逐条研究。\n二、整改台账";
    let after = "三、下一步工作\n持续跟踪，确保整改到位。";
    let want = vec![
        (
            "建立票据领用登记制度".to_string(),
            "财务科".to_string(),
            vec!["办公室".to_string()],
        ),
        ("修订合同管理办法".to_string(), "法规科".to_string(), vec![]),
    ];
    // In text, tab-aligned.
    let text = format!(
        "{before}\n{}\n{after}",
        ROWS.iter()
            .map(|r| r.replace('|', "\t"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let l = empty();
    let (p, _) = import_dry(&l, &text);
    assert_eq!(tasks(&p), want);
    // As Word writes it.
    let l = empty();
    let file = write(&l, "台账.docx", &docx_table(before, &ROWS, after));
    let p = l
        .run(&["import", &file, "--dry-run", "--format", "json"])
        .ok()
        .json();
    assert_eq!(tasks(&p), want);
    // Items that are sentences before the table are still tasks of their own.
    let l = empty();
    let (p, _) = import_dry(
        &l,
        &format!(
            "整改方案\n二、整改措施\n1、健全内控制度。\n2、加强业务培训。\n附表：整改台账\n{}",
            ROWS.iter()
                .map(|r| r.replace('|', "\t"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    );
    assert_eq!(
        titles(&p),
        [
            "健全内控制度",
            "加强业务培训",
            "建立票据领用登记制度",
            "修订合同管理办法"
        ]
    );
}
