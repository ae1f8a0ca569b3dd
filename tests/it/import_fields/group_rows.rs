//! A task table's group rows (`一、优化营商环境,,,,`) are numbered as a report's headings are
//! (issue 15): from the ledger's next free number, so a table imported into a ledger that
//! already holds recommendations 1–3 is not refused, and gives the ids the same outline as
//! text gives. A 台账's own ids (`1.4`) still say which recommendation a row is.

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::support::{Ledger, write};

/// The ids and titles of a dry run's tasks, and the recommendations' headlines.
fn ids(p: &Value) -> (Vec<String>, Vec<(String, String)>) {
    let recs = p["recommendations"].as_array().unwrap();
    let heads = recs
        .iter()
        .map(|r| r["headline"].as_str().unwrap_or("").to_string())
        .collect();
    let items = recs
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_string(),
                i["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (heads, items)
}

fn dry(l: &Ledger, file: &str) -> Value {
    l.run(&["import", file, "--dry-run", "--format", "json"])
        .ok()
        .json()
}

const ROWS: [[&str; 4]; 5] = [
    ["一、稳住农业生产", "", "", ""],
    ["1", "落实耕地保护责任", "县自然资源局", "2027年3月底前"],
    ["2", "推进高标准农田建设", "县农业农村局", "2027年6月底前"],
    ["二、改善人居环境", "", "", ""],
    ["1", "开展村庄清洁行动", "各乡镇", "2027年4月底前"],
];

const HEAD: [&str; 4] = ["序号", "重点任务", "牵头单位", "完成时限"];

fn csv() -> String {
    std::iter::once(HEAD.join(","))
        .chain(ROWS.iter().map(|r| r.join(",")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn xlsx(path: &str) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEAD.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in ROWS.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn group_rows_are_numbered_from_the_next_free_number_as_headings_are() {
    // The seeded plan holds recommendations 1 to 3.
    let l = Ledger::seeded("2026-11-02");
    let text = "稳农业改环境工作方案\n一、稳住农业生产\n1、落实耕地保护责任。\n2、推进高标准农田建设。\n二、改善人居环境\n1、开展村庄清洁行动。\n";
    let as_text = write(&l, "plan.txt", text.as_bytes());
    let as_csv = write(&l, "plan.csv", csv().as_bytes());
    let as_xlsx = l.dir.path().join("plan.xlsx");
    xlsx(as_xlsx.to_str().unwrap());
    let want: Vec<(String, String)> = [
        ("4.1", "落实耕地保护责任"),
        ("4.2", "推进高标准农田建设"),
        ("5.1", "开展村庄清洁行动"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    for file in [as_text.as_str(), &as_csv, as_xlsx.to_str().unwrap()] {
        let (heads, got) = ids(&dry(&l, file));
        assert_eq!(heads, ["稳住农业生产", "改善人居环境"], "{file}");
        assert_eq!(got, want, "{file}");
    }
    // Imported for real, the table's groups are recommendations 4 and 5.
    l.run(&["import", &as_csv]).ok();
    let t = l.run(&["show", "5.1", "--format", "json"]).ok().json();
    assert_eq!(t["lead"], "各乡镇");
    assert_eq!(t["deadline"], "2027-04-30");
}

#[test]
fn a_ledgers_own_ids_still_name_its_recommendations() {
    let l = Ledger::new("2026-11-02");
    l.run(&["init", "--empty"]).ok();
    let csv = "序号,督办事项,牵头单位\n一、优化营商环境,,\n2.1,压减审批时限,县政务办\n2.2,推行一网通办,县数据局\n";
    let f = write(&l, "ledger.csv", csv.as_bytes());
    let (_, got) = ids(&dry(&l, &f));
    let got: Vec<&str> = got.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(got, ["2.1", "2.2"]);
}
