//! `tracker import`: units and deadlines from the words, the dry run's sources, .docx input,
//! task tables (text, csv, xlsx) and an existing Excel 台账 taken in as the plan.

use std::io::Write as _;

use serde_json::Value;

use crate::support::{Ledger, empty, write};

fn show(l: &Ledger, id: &str) -> Value {
    l.run(&["show", id, "--format", "json"]).ok().json()
}

/// Every task of a dry run: (id, title, lead, support, deadline).
fn items(p: &Value) -> Vec<(String, String, String, Vec<String>, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .map(|i| {
            (
                s(&i["id"]),
                s(&i["title"]),
                s(&i["lead"]),
                i["support"].as_array().unwrap().iter().map(s).collect(),
                s(&i["deadline"]),
            )
        })
        .collect()
}

fn dry(l: &Ledger, file: &str) -> Value {
    l.run(&["import", file, "--dry-run", "--format", "json"])
        .ok()
        .json()
}

const NOTES: &str = "关于2024年农村人居环境整治的实施方案
一、存在问题
1、危房底数不清。
2、管护机制缺失。
二、下一步措施
1、完成危房改造摸底，建立台账。（牵头单位：县住建局，2024年6月底前完成）
2、建立长效管护机制。（牵头单位：县农业农村局；配合单位：各乡镇）
3、由县交通局牵头，县财政局配合，年底前完成农村公路养护招标。
4、推进垃圾分类【主责单位：县城管局；协办单位：县商务局】
5、开展河道清理，长期坚持。（责任单位：县水利局、县人社局；责任领导：张三）
6、加强宣传引导，尽快印发宣传手册。
";

#[test]
fn units_and_deadlines_in_the_words_become_fields() {
    let l = empty();
    let file = write(&l, "方案.txt", NOTES.as_bytes());
    let p = dry(&l, &file);
    let got = items(&p);
    let want: &[(&str, &str, &[&str], &str)] = &[
        ("完成危房改造摸底", "县住建局", &[], "2024-06-30"),
        ("建立长效管护机制", "县农业农村局", &["各乡镇"], ""),
        (
            "完成农村公路养护招标",
            "县交通局",
            &["县财政局"],
            "2024-12-31",
        ),
        ("推进垃圾分类", "县城管局", &["县商务局"], ""),
        ("开展河道清理", "县水利局", &["县人社局"], ""),
        ("加强宣传引导", "", &[], ""),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g.1, w.0, "title of {g:?}");
        assert_eq!(g.2, w.1, "lead of {g:?}");
        assert_eq!(g.3, w.2, "support of {g:?}");
        assert_eq!(g.4, w.3, "deadline of {g:?}");
    }
    // The sources: the words each field came from, and the kind of an empty deadline.
    let item = |n: usize| {
        p["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["items"].as_array().unwrap().clone())
            .nth(n)
            .unwrap()
    };
    assert_eq!(item(0)["sources"]["lead"]["words"], "牵头单位：县住建局");
    assert_eq!(item(0)["sources"]["deadline"]["words"], "2024年6月底前");
    assert_eq!(item(2)["sources"]["lead"]["words"], "由县交通局牵头");
    assert_eq!(item(4)["sources"]["deadline"]["kind"], "ongoing");
    assert_eq!(item(5)["sources"]["deadline"]["kind"], "unclear");
    assert_eq!(item(5)["sources"]["deadline"]["guess"], true);

    // Stored as the dry run showed; the task text keeps the report's words.
    l.run(&["import", &file]).ok();
    let t = show(&l, "1.1");
    assert_eq!(t["lead"], "县住建局");
    assert_eq!(t["deadline"], "2024-06-30");
    assert!(t["text"].as_str().unwrap().contains("（牵头单位：县住建局"));
    let third = &items(&p)[2].0;
    assert_eq!(show(&l, third)["support"], serde_json::json!(["县财政局"]));
}

#[test]
fn the_dry_run_table_shows_each_field_its_words_and_guesses() {
    let l = empty();
    let file = write(
        &l,
        "a.txt",
        "下一步措施：\n1、完成摸底。（牵头单位：县住建局；12月底前完成）\n2、县应急局负责，开展安全检查。\n".as_bytes(),
    );
    let out = l
        .run(&["--lang", "zh", "import", &file, "--dry-run"])
        .ok()
        .stdout;
    assert!(
        out.contains("牵头单位  县住建局  ← 牵头单位：县住建局"),
        "{out}"
    );
    // No year in the document: 12月底前 falls in the plan's year, marked as a guess.
    assert!(out.contains("完成时限  2026-12-31？  ← 12月底前"), "{out}");
    // `X负责` says the unit leads: a firm lead, in the ledger or not.
    assert!(out.contains("牵头单位  县应急局  ← 县应急局负责"), "{out}");
    assert!(out.contains("（试运行：未写入）"), "{out}");
}

#[test]
fn flags_are_defaults_for_items_that_name_none() {
    let l = empty();
    let file = write(
        &l,
        "b.txt",
        "整改措施：\n1、更换老化线路。（牵头单位：县供电公司）\n2、清理蓄水池淤泥。\n".as_bytes(),
    );
    let p = l
        .run(&[
            "import",
            &file,
            "--dry-run",
            "--format",
            "json",
            "--lead",
            "县水务局",
            "--deadline",
            "2027-01-31",
        ])
        .ok()
        .json();
    let got = items(&p);
    assert_eq!(got[0].2, "县供电公司");
    assert_eq!(got[1].2, "县水务局");
    assert_eq!(got[1].4, "2027-01-31");
    let all: Vec<Value> = p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .collect();
    assert_eq!(all[0]["sources"]["lead"]["from"], "text");
    assert_eq!(all[1]["sources"]["lead"]["from"], "flag");
    assert_eq!(
        all[1]["sources"]["deadline"]["words"],
        "--deadline 2027-01-31"
    );
}

#[test]
fn names_match_the_ledgers_units_through_aliases() {
    let l = empty();
    l.run(&[
        "add",
        "--rec",
        "1",
        "--headline",
        "就业",
        "--title",
        "稳岗",
        "--lead",
        "县人力资源和社会保障局",
    ])
    .ok();
    let file = write(
        &l,
        "c.txt",
        "下步打算：\n1、新增城镇就业1000人。（牵头单位：县人社局）\n2、开展技能培训。（牵头单位：县人社局）\n".as_bytes(),
    );
    let p = dry(&l, &file);
    for i in items(&p) {
        assert_eq!(i.2, "县人力资源和社会保障局");
    }
}

/// A .docx with Word's generated numbering (一、 and 1、 lists), a paragraph style that
/// numbers, and a table, written as Word writes them.
fn docx(body: &str, numbering: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
            ),
            (
                "word/document.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
                ),
            ),
            (
                "word/numbering.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{numbering}</w:numbering>"#
                ),
            ),
        ];
        for (name, text) in parts {
            z.start_file(name, opts).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn numbered(num: u32, level: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

const NUMBERING: &str = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2、"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#;

#[test]
fn a_docx_with_generated_numbering_is_read_in_order() {
    let l = empty();
    let body = [
        p("关于2025年教育工作的整改方案"),
        p("针对上述问题，提出以下整改措施："),
        numbered(1, 0, "加强校舍安全"),
        numbered(
            1,
            1,
            "抓好校舍维修。（牵头单位：县教育局；完成时限：2025年8月底前）",
        ),
        numbered(
            1,
            1,
            "补充教师队伍&amp;加强培训。由县人社局牵头，县教育局配合，年底前完成。",
        ),
        numbered(1, 0, "提升师资水平"),
        // The second-level list restarts under each first-level paragraph, as Word numbers it.
        numbered(1, 1, "开展教师轮训。"),
        numbered(1, 1, "完善激励机制。"),
    ]
    .concat();
    let file = write(&l, "方案.docx", &docx(&body, NUMBERING));
    let v = dry(&l, &file);
    assert_eq!(v["encoding"], "docx");
    let heads: Vec<&str> = v["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["headline"].as_str().unwrap())
        .collect();
    assert_eq!(heads, ["加强校舍安全", "提升师资水平"]);
    let got = items(&v);
    let ids: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(ids, ["1.1", "1.2", "2.1", "2.2"], "{got:?}");
    assert!(
        v["recommendations"][1]["text"]
            .as_str()
            .unwrap()
            .contains("1、开展教师轮训")
    );
    assert_eq!(got[0].1, "抓好校舍维修");
    assert_eq!(
        (got[0].2.as_str(), got[0].4.as_str()),
        ("县教育局", "2025-08-31")
    );
    assert_eq!(got[1].1, "补充教师队伍&加强培训");
    assert_eq!(got[1].2, "县人社局");
    assert_eq!(got[1].3, ["县教育局"]);
    assert_eq!(got[1].4, "2025-12-31");
    assert_eq!(got[2].1, "开展教师轮训");
}

#[test]
fn a_task_table_in_a_docx_is_read_by_its_headers() {
    let l = empty();
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", p(t));
    let row = |cells: &[&str]| {
        format!(
            "<w:tr>{}</w:tr>",
            cells.iter().map(|c| cell(c)).collect::<String>()
        )
    };
    let body = format!(
        "{}<w:tbl>{}{}{}</w:tbl>",
        p("2025年重点工作任务分解表"),
        row(&["序号", "重点任务", "责任单位", "完成时限"]),
        row(&["1", "新增城镇就业1万人", "县人社局", "12月底前"]),
        row(&["2", "建成农贸市场", "县商务局、各乡镇", "2025年第三季度"]),
    );
    let file = write(&l, "分解表.docx", &docx(&body, ""));
    let got = items(&dry(&l, &file));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].2, "县人社局");
    assert_eq!(got[0].4, "2025-12-31");
    assert_eq!(
        (got[1].2.as_str(), got[1].3.clone()),
        ("县商务局", vec!["各乡镇".to_string()])
    );
    assert_eq!(got[1].4, "2025-09-30");
}

#[test]
fn task_tables_as_text_and_csv_are_one_task_per_row() {
    let l = empty();
    let cases: &[(&str, &str)] = &[
        (
            "tabs.txt",
            "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n1\t新增城镇就业1万人\t县人社局\t\t2025年12月底前\n2\t建成农贸市场\t县商务局\t各乡镇\t2025年6月30日\n",
        ),
        (
            "spaces.txt",
            "序号  工作任务            牵头单位    配合单位  完成时限\n1     新增城镇就业1万人   县人社局    —         2025年12月底前\n2     建成农贸市场        县商务局    各乡镇    2025年6月30日\n",
        ),
        (
            "bars.txt",
            "| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |\n| 1 | 新增城镇就业1万人 | 县人社局 | | 2025年12月底前 |\n| 2 | 建成农贸市场 | 县商务局 | 各乡镇 | 2025年6月30日 |\n",
        ),
        (
            "table.csv",
            "序号,工作任务,牵头单位,配合单位,完成时限\r\n1,新增城镇就业1万人,县人社局,,2025年12月底前\r\n2,\"建成农贸市场，改善供应\",县商务局,各乡镇,2025-06-30\r\n",
        ),
    ];
    for (name, text) in cases {
        let file = write(&l, name, text.as_bytes());
        let got = items(&dry(&l, &file));
        assert_eq!(got.len(), 2, "{name}: {got:?}");
        assert_eq!(got[0].1, "新增城镇就业1万人", "{name}");
        assert_eq!(got[0].2, "县人社局", "{name}");
        assert_eq!(got[0].4, "2025-12-31", "{name}");
        assert_eq!(got[1].2, "县商务局", "{name}");
        assert_eq!(got[1].3, ["各乡镇"], "{name}");
        assert_eq!(got[1].4, "2025-06-30", "{name}");
    }
}

#[test]
fn files_that_cannot_be_read_say_what_to_save_them_as() {
    let l = empty();
    let before = l.dump();
    let cases: &[(&str, &[u8], &[&str])] = &[
        ("old.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", &[".docx"]),
        ("report.pdf", b"%PDF-1.7\n", &["PDF", ".txt"]),
        ("scan.jpg", b"\xFF\xD8\xFF\xE0", &["picture", ".docx"]),
        ("noext", b"%PDF-1.4\n", &["PDF"]),
        (
            "broken.docx",
            b"PK\x03\x04garbage",
            &["broken.docx", ".docx"],
        ),
        ("broken.xlsx", b"not a workbook", &["broken.xlsx", ".xlsx"]),
        ("empty.csv", b"a,b\n1,2\n", &["no task table found", "序号"]),
    ];
    for (name, bytes, needles) in cases {
        let file = write(&l, name, bytes);
        l.run(&["import", &file]).fails(1, needles);
    }
    // A Word file whose XML is broken, a date that is no date, a control character in a cell.
    let file = write(&l, "damaged.docx", &docx("<w:p><w:r></w:x></w:p>", ""));
    l.run(&["import", &file])
        .fails(1, &["damaged.docx", "damaged", ".docx"]);
    let bad: &[(&str, &str, &[&str])] = &[
        (
            "date.csv",
            "序号,工作任务,完成时限\n1,甲,2025-02-30\n",
            &["date!C2", "完成时限", "2025-02-30"],
        ),
        (
            "ctl.csv",
            "序号,工作任务,牵头单位\n1,甲\u{1b}[31m,县局\n",
            &["line 2, column 4", "U+001B", "remove it"],
        ),
        (
            "pct.csv",
            "序号,工作任务,进度\n1,甲,150%\n",
            &["pct!C2", "进度", "0 to 100"],
        ),
    ];
    for (name, text, needles) in bad {
        let file = write(&l, name, text.as_bytes());
        l.run(&["import", &file]).fails(1, needles);
    }
    assert_eq!(l.dump(), before);
}

/// An item's words, and the title, lead and support the dry run should give it.
type WhoActs = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

/// Imports (dry run) `cases` as a numbered list under `heading` into an empty ledger and
/// checks each item's title, lead and support, in order.
fn check_who_acts(heading: &str, cases: &[WhoActs]) {
    let l = empty();
    let doc: String = std::iter::once(heading.to_string())
        .chain(
            cases
                .iter()
                .enumerate()
                .map(|(k, c)| format!("{}、{}", k + 1, c.0)),
        )
        .collect::<Vec<_>>()
        .join("\n");
    let file = write(&l, "who.txt", doc.as_bytes());
    let got = items(&dry(&l, &file));
    assert_eq!(got.len(), cases.len(), "{got:?}");
    for (g, c) in got.iter().zip(cases) {
        assert_eq!(g.1, c.1, "title of {:?}", c.0);
        assert_eq!(g.2, c.2, "lead of {:?}", c.0);
        assert_eq!(g.3, c.3, "support of {:?}", c.0);
    }
}

mod asked_units;
mod deadlines;
mod everyone_supports;
mod group_rows;
mod ledger_sheet;
mod status_dates;
mod units_in_text;
mod who_acts;
