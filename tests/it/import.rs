//! `tracker import`: reports in every numbering style, encodings, idempotence, bad files.

use crate::support::{Ledger, run};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/000_c74ad4d4a80dbc28.txt");

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn empty() -> Ledger {
    let l = Ledger::new("2026-11-26");
    l.run(&["init", "--empty"]).ok();
    l
}

fn tasks(l: &Ledger) -> Vec<serde_json::Value> {
    l.run(&["list", "--all", "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn the_seed_report_imports_as_the_seeded_plan() {
    let l = empty();
    let out = l.run(&["import", SEED]).ok();
    assert!(
        out.stdout.contains("imported recommendations 1–3"),
        "{}",
        out.stdout
    );
    let imported = tasks(&l);
    let seeded = tasks(&Ledger::seeded("2026-11-26"));
    let text = |list: &[serde_json::Value], id: &str| {
        list.iter()
            .find(|t| t["id"] == id)
            .map(|t| t["text"].clone())
    };
    for id in [
        "1.1", "1.2", "1.3", "1.4", "1.5", "3.1", "3.2", "3.3", "3.4", "3.5",
    ] {
        assert_eq!(text(&imported, id), text(&seeded, id), "task {id}");
    }
    let recs: Vec<u64> = imported
        .iter()
        .map(|t| t["recommendation"].as_u64().unwrap())
        .collect();
    assert!(recs.iter().all(|r| (1..=3).contains(r)));
    let v = l.run(&["show", "1.4", "--format", "json"]).ok().json();
    assert_eq!(
        v["recommendation_headline"],
        "理顺关系，加大组建力度，推动非公有制经济党建工作的深入开展"
    );
    assert_eq!(v["lead"], serde_json::Value::Null, "unassigned by default");
    let created = &v["history"][0];
    assert!(
        created["note"]
            .as_str()
            .unwrap()
            .starts_with("imported from 000_c74ad4d4a80dbc28.txt (sha256 "),
        "{created}"
    );
    let table = l.run(&["--lang", "zh", "list"]).ok().stdout;
    assert!(
        table.contains("（未指定）"),
        "unassigned is shown as such:\n{table}"
    );
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let l = empty();
    l.run(&["import", SEED]).ok();
    let before = l.dump();
    let out = l.run(&["import", SEED]).ok();
    assert!(
        out.stdout.contains("already imported") && out.stdout.contains("nothing changed"),
        "{}",
        out.stdout
    );
    assert_eq!(l.dump(), before);
}

#[test]
fn new_recommendations_take_the_next_free_numbers_or_as() {
    let l = Ledger::seeded("2026-11-26");
    let out = l
        .run(&[
            "import",
            &fixture("nested.txt"),
            "--lead",
            "组织科",
            "--within",
            "3m",
        ])
        .ok();
    assert!(
        out.stdout
            .contains("imported recommendations 4–6 with 7 tasks"),
        "{}",
        out.stdout
    );
    let v = l.run(&["show", "5.2", "--format", "json"]).ok().json();
    assert_eq!(v["text"], "完善“三会一课”制度，按月通报执行情况。");
    assert_eq!(v["lead"], "组织科");
    assert_eq!(v["deadline"], "2027-02-26");
    let out = l
        .run(&[
            "import",
            &fixture("sentences.txt"),
            "--as",
            "10",
            "--deadline",
            "2026-12-31",
        ])
        .ok();
    assert!(
        out.stdout.contains("recommendation 10 with 2 tasks"),
        "{}",
        out.stdout
    );
    assert_eq!(
        l.run(&["show", "10.1", "--format", "json"]).ok().json()["deadline"],
        "2026-12-31"
    );
    let before = l.dump();
    l.run(&["import", &fixture("circled.txt"), "--as", "2"])
        .fails(
            1,
            &["recommendation 2 already exists", "next free number is 11"],
        );
    assert_eq!(l.dump(), before);
}

fn preview(l: &Ledger, file: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["import", file, "--dry-run", "--format", "json"];
    args.extend_from_slice(extra);
    l.run(&args).ok().json()
}

fn items(p: &serde_json::Value) -> Vec<(String, String)> {
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["items"].as_array().unwrap().iter().map(|i| {
                (
                    i["id"].as_str().unwrap().to_string(),
                    i["text"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect()
}

#[test]
fn every_numbering_style_is_found_and_findings_are_passed_over() {
    let l = empty();
    // 一、二、三、 sections with numbered findings (（一）（二）) before 三、对策建议, whose
    // （一）（二）（三） hold numbered paragraphs 1. 2.
    let p = preview(&l, &fixture("nested.txt"), &[]);
    let heads: Vec<&str> = p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["headline"].as_str().unwrap())
        .collect();
    assert_eq!(
        heads,
        ["优化组织设置，扩大覆盖面", "规范党员教育管理", "强化保障"]
    );
    assert_eq!(items(&p).len(), 7);
    assert_eq!(
        items(&p)[2],
        (
            "2.1".to_string(),
            "建立流动党员信息库，实行动态管理。".to_string()
        )
    );
    // Findings （一）（二）, then a lead-in, then 一、二、三、 with 第一，第二， inside.
    let p = preview(&l, &fixture("chinese-numerals.txt"), &[]);
    assert_eq!(p["recommendations"].as_array().unwrap().len(), 3);
    assert_eq!(
        items(&p)[0],
        (
            "1.1".to_string(),
            "每年召开一次领导小组会议，研究部署重大问题。".to_string()
        )
    );
    assert_eq!(
        items(&p)[5],
        (
            "3.1".to_string(),
            "严格考勤制度，建立学员档案。".to_string()
        )
    );
    // (1)(2) under a heading, ①② inside.
    let p = preview(&l, &fixture("circled.txt"), &[]);
    let ids: Vec<String> = items(&p).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["1.1", "1.2", "1.3", "2.1", "2.2"]);
    // A flat list under a lead-in (the title 几点意见): one recommendation, each numbered
    // heading a task with its explanation as text (issue 15, kind 4).
    let p = preview(&l, &fixture("sentences.txt"), &[]);
    assert_eq!(
        p["recommendations"][0]["headline"],
        "关于机关作风建设的几点意见"
    );
    let texts: Vec<String> = items(&p).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        texts,
        [
            "严格执行首问负责制。窗口单位要公开办事流程。群众投诉要限时办结。",
            "开展作风建设专项督查。每季度通报一次督查结果。"
        ]
    );
    assert_eq!(
        p["recommendations"][0]["items"][1]["title"],
        "开展作风建设专项督查"
    );
}

#[test]
fn a_dry_run_writes_nothing_not_even_a_ledger() {
    let l = Ledger::new("2026-11-26");
    let out = l.run(&["import", SEED, "--dry-run"]).ok();
    assert!(
        out.stdout.contains("dry run: nothing written")
            && out.stdout.contains("1.4  建立非公有制企业党建工作联系点"),
        "{}",
        out.stdout
    );
    assert!(!l.db.exists());
    let l = empty();
    let before = l.dump();
    l.run(&["import", SEED, "--dry-run"]).ok();
    assert_eq!(l.dump(), before);
}

#[test]
fn traditional_text_is_converted_when_annotated_detected_or_asked() {
    let l = empty();
    // Traditional text is detected and converted, Taiwan wording to mainland terms.
    let p = preview(&l, &fixture("traditional.txt"), &[]);
    assert_eq!(p["converted_to_simplified"], true);
    assert_eq!(items(&p)[0].1, "制定年度培训计划。");
    let p = preview(&l, &fixture("traditional.txt"), &["--to-simplified"]);
    assert_eq!(p["converted_to_simplified"], true);
    assert_eq!(items(&p)[0].1, "制定年度培训计划。");
    assert_eq!(p["recommendations"][1]["headline"], "完善考核评价机制");
    // The seed is the annotated kind: converted without asking.
    assert_eq!(preview(&l, SEED, &[])["converted_to_simplified"], true);
}

#[test]
fn gbk_files_are_detected_or_named() {
    let l = empty();
    let utf8 = std::fs::read_to_string(fixture("chinese-numerals.txt")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&utf8);
    let file = l.dir.path().join("gbk.txt");
    std::fs::write(&file, &gbk).unwrap();
    let p = preview(&l, file.to_str().unwrap(), &[]);
    assert_eq!(p["encoding"], "GB18030");
    assert_eq!(
        items(&p)[0].1,
        "每年召开一次领导小组会议，研究部署重大问题。"
    );
    let p = preview(&l, file.to_str().unwrap(), &["--encoding", "gbk"]);
    assert_eq!(p["recommendations"].as_array().unwrap().len(), 3);
    l.run(&["import", file.to_str().unwrap(), "--encoding", "utf-8"])
        .fails(1, &["not valid UTF-8", "--encoding gb18030"]);
    l.run(&["import", file.to_str().unwrap(), "--encoding", "latin1"])
        .fails(2, &["utf-8, gb18030, gbk or big5"]);
}

#[test]
fn bad_files_are_refused_and_nothing_is_written() {
    let l = empty();
    let before = l.dump();
    let write = |name: &str, bytes: &[u8]| {
        let p = l.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    l.run(&["import", &write("empty.txt", b"  \n\n")])
        .fails(1, &["empty.txt", "empty"]);
    l.run(&[
        "import",
        &write("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
    ])
    .fails(1, &["picture", ".docx or .txt"]);
    l.run(&["import", &write("bad.txt", b"\xff\xfe\x81\x20\xfa")])
        .fails(1, &["neither UTF-8 nor GB18030"]);
    l.run(&["import", &fixture("no-recommendations.txt")])
        .fails(1, &["no numbered recommendations found", "1、 一、"]);
    l.run(&["import", "/nonexistent/report.txt"])
        .fails(1, &["cannot read"]);
    l.run(&["import", l.dir.path().to_str().unwrap()])
        .fails(1, &["is a folder"]);
    assert_eq!(l.dump(), before);
}

#[test]
fn a_flat_list_is_one_recommendation_of_its_items() {
    let l = empty();
    let file = l.dir.path().join("short.txt");
    std::fs::write(&file, "几点建议\n1、加强领导。\n2、落实责任，定期督查。\n").unwrap();
    let p = preview(&l, file.to_str().unwrap(), &[]);
    assert_eq!(
        items(&p),
        [
            ("1.1".to_string(), "加强领导。".to_string()),
            ("1.2".to_string(), "落实责任，定期督查。".to_string())
        ]
    );
    let out = run(l.cmd().args(["import", file.to_str().unwrap()])).ok();
    assert!(out.stdout.contains("2 tasks"));
}
