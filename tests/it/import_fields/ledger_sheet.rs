//! An existing Excel 台账 taken in as the plan: headers by name, merged headlines, ids kept,
//! dates as serials or text, statuses in Chinese or English, errors naming the cell.

use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use super::{empty, show, write};

const HEAD: [&str; 9] = [
    "序号",
    "督办事项",
    "具体内容",
    "牵头单位",
    "配合单位",
    "完成时限",
    "进展情况",
    "状态",
    "进度",
];

/// A 台账 as offices keep it: a title row, headers, a headline merged down over its tasks'
/// rows, a group row merged across, ids as text and as numbers, dates typed three ways.
fn workbook(bad_status: Option<&str>) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("台账").unwrap();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let pct = Format::new().set_num_format("0%");
    ws.merge_range(0, 0, 0, 8, "2026年重点工作督办台账", &plain)
        .unwrap();
    for (c, h) in HEAD.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.merge_range(2, 1, 3, 1, "优化营商环境", &plain).unwrap();
    let rows: [[&str; 9]; 2] = [
        [
            "1.1",
            "",
            "压缩企业开办时间至1个工作日。",
            "县市场监管局",
            "县税务局、县公安局",
            "",
            "已全部实现",
            "已完成",
            "",
        ],
        [
            "1.2",
            "",
            "推行工程建设项目审批告知承诺制。",
            "县住建局",
            "",
            "2026年6月底前",
            "已起草方案",
            "in progress",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(2 + r as u32, c as u16, *v).unwrap();
            }
        }
    }
    ws.write_number_with_format(2, 5, 46112.0, &date).unwrap(); // 2026-03-31
    ws.write_number_with_format(3, 8, 0.4, &pct).unwrap();
    ws.merge_range(4, 0, 4, 8, "二、民生保障", &plain).unwrap();
    ws.write_number(5, 0, 1).unwrap();
    ws.write_string(5, 1, "新增城镇就业").unwrap();
    ws.write_string(5, 2, "全年新增城镇就业1万人。").unwrap();
    ws.write_string(5, 3, "县人社局").unwrap();
    ws.write_number(5, 5, 46203).unwrap(); // a serial without a date format: 2026-06-30
    ws.write_string(5, 7, bad_status.unwrap_or("未开始"))
        .unwrap();
    ws.write_number(6, 0, 4).unwrap();
    ws.write_string(6, 1, "改造老旧小区").unwrap();
    ws.write_string(6, 3, "县住建局").unwrap();
    ws.write_string(6, 5, "年底前").unwrap();
    ws.write_string(6, 7, "进行中").unwrap();
    ws.write_number(6, 8, 30).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn an_excel_ledger_becomes_the_plan_with_its_ids_and_states() {
    let l = empty();
    let file = write(&l, "台账.xlsx", &workbook(None));
    let p = l
        .run(&["import", &file, "--dry-run", "--format", "json"])
        .ok()
        .json();
    let heads: Vec<&str> = p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["headline"].as_str().unwrap())
        .collect();
    assert_eq!(heads, ["优化营商环境", "民生保障"]);
    l.run(&["import", &file]).ok();
    let list = l.run(&["list", "--all", "--format", "json"]).ok().json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1.1", "1.2", "2.1", "2.4"]);
    let t = show(&l, "1.1");
    assert_eq!(t["title"], "压缩企业开办时间至1个工作日");
    assert_eq!(t["lead"], "县市场监管局");
    assert_eq!(t["support"], serde_json::json!(["县税务局", "县公安局"]));
    assert_eq!(t["deadline"], "2026-03-31");
    assert_eq!(t["status"], "done");
    assert_eq!(t["progress"], 100);
    let notes: Vec<&Value> = t["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["note"] == "已全部实现")
        .collect();
    assert_eq!(notes.len(), 1, "{}", t["history"]);
    let t = show(&l, "1.2");
    assert_eq!(
        (t["status"].as_str(), t["progress"].as_u64()),
        (Some("in-progress"), Some(40))
    );
    assert_eq!(t["deadline"], "2026-06-30");
    let t = show(&l, "2.1");
    assert_eq!(t["title"], "新增城镇就业");
    assert_eq!(t["text"], "全年新增城镇就业1万人。");
    assert_eq!(t["deadline"], "2026-06-30");
    assert_eq!(t["status"], "not-started");
    let t = show(&l, "2.4");
    assert_eq!(t["deadline"], "2026-12-31");
    assert_eq!(
        (t["status"].as_str(), t["progress"].as_u64()),
        (Some("in-progress"), Some(30))
    );
    assert_eq!(show(&l, "2.4")["recommendation_headline"], "民生保障");
}

#[test]
fn a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written() {
    let l = empty();
    let before = l.dump();
    let file = write(&l, "台账.xlsx", &workbook(Some("差不多")));
    l.run(&["import", &file])
        .fails(1, &["台账!H6", "状态", "差不多", "未开始"]);
    assert_eq!(l.dump(), before);
}

#[test]
fn a_csv_ledger_with_english_statuses_keeps_its_ids() {
    let l = empty();
    let csv = "编号,工作任务,责任单位,时间节点,状态,进展情况\n3-1,完善考核办法,县委组织部,2026/9/30,done,已印发\n3-2,开展专项督查,县委督查室、县纪委监委,第四季度,blocked,等待批复\n";
    let file = write(&l, "ledger.csv", csv.as_bytes());
    l.run(&["import", &file]).ok();
    let t = show(&l, "3.2");
    assert_eq!(t["lead"], "县委督查室");
    assert_eq!(t["support"], serde_json::json!(["县纪委监委"]));
    assert_eq!(t["status"], "blocked");
    assert_eq!(show(&l, "3.1")["deadline"], "2026-09-30");
    assert_eq!(show(&l, "3.1")["status"], "done");
}
