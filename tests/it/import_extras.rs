//! A task table's columns that are no field of a task (存在问题, 责任领导, 责任人, 备注, a
//! column without a header…) stay in the task's text as `label：value` lines, in column
//! order, whatever the table came in as (csv, xlsx, a Word table, columns in text); the
//! columns tracker's own tables write (健康, 序时, 未反馈天数…) do not, so its 台账 and its
//! report's csv come back in with their texts unchanged.

use proptest::prelude::*;
use serde_json::Value;

use crate::support::{Ledger, docx_table, empty, planned_tasks as items, write};

/// (title, text) of each task of a dry run of `file`.
fn texts(l: &Ledger, file: &str) -> Vec<(String, String)> {
    let p = l
        .run(&["import", file, "--dry-run", "--format", "json"])
        .ok()
        .json();
    items(&p)
        .iter()
        .map(|i| {
            let s = |v: &Value| v.as_str().unwrap().to_string();
            (s(&i["title"]), s(&i["text"]))
        })
        .collect()
}

/// A workbook of one sheet holding `rows` (cells split at `|`).
fn xlsx(rows: &[&str]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.split('|').enumerate() {
            let cell = cell.trim();
            if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn columns_that_are_no_field_stay_in_the_text_in_every_kind_of_table() {
    // One rectification table, its columns in an office's order: the problem and the aim
    // before the measure, the leader and the person beside the unit.
    let rows = [
        "序号|问题清单|整改目标|整改措施|责任领导|责任单位|责任人|整改时限",
        "1|部分路段破损|路面完好|完成破损路段修复|张县长|县交通局|李四|2026年12月底前",
        "2|路灯损坏|亮灯率100%|更换损坏路灯|王副县长|县城管局||2026年12月底前",
    ];
    let want = [
        (
            "完成破损路段修复",
            "完成破损路段修复\n问题清单：部分路段破损\n整改目标：路面完好\n责任领导：张县长\n责任人：李四",
        ),
        (
            "更换损坏路灯",
            "更换损坏路灯\n问题清单：路灯损坏\n整改目标：亮灯率100%\n责任领导：王副县长",
        ),
    ];
    let l = empty();
    let csv = rows.join("\n").replace('|', ",");
    let text_table = rows.join("\n").replace('|', "\t");
    let files = [
        write(&l, "整改.csv", csv.as_bytes()),
        write(&l, "整改.xlsx", &xlsx(&rows)),
        write(&l, "整改.docx", &docx_table("整改任务清单", &rows, "")),
        write(&l, "整改.txt", text_table.as_bytes()),
    ];
    for f in &files {
        let got = texts(&l, f);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want, "{f}");
    }
    // The fields are still read from their own columns, and the import stores the text.
    l.run(&["import", &files[0]]).ok();
    let t = l.run(&["show", "1.1", "--format", "json"]).ok().json();
    assert_eq!(t["lead"], "县交通局");
    assert_eq!(t["deadline"], "2026-12-31");
    assert_eq!(t["text"], want[0].1);
}

#[test]
fn other_shapes_of_extra_columns() {
    let l = empty();
    // (csv, (title, text) of its first task)
    let cases: &[(&str, (&str, &str))] = &[
        // A title column and a text column: the extras follow the text.
        (
            "序号,工作任务,具体内容,牵头单位,备注\n1,建设零工市场,在县城建成零工市场一处,县人社局,列入民生实事\n",
            ("建设零工市场", "在县城建成零工市场一处\n备注：列入民生实事"),
        ),
        // A column without a header keeps its value alone.
        (
            "序号,工作任务,牵头单位,,完成时限\n1,开展技能培训,县人社局,另见附件二,2026年12月底前\n",
            ("开展技能培训", "开展技能培训\n另见附件二"),
        ),
        // Empty extra cells add nothing.
        (
            "序号,工作任务,牵头单位,存在问题,备注\n1,开展技能培训,县人社局,,\n",
            ("开展技能培训", "开展技能培训"),
        ),
        // A header over two lines is one label.
        (
            "序号,工作任务,牵头单位,\"责任\n领导\"\n1,开展技能培训,县人社局,赵六\n",
            ("开展技能培训", "开展技能培训\n责任领导：赵六"),
        ),
    ];
    for (k, (csv, want)) in cases.iter().enumerate() {
        let f = write(&l, &format!("c{k}.csv"), csv.as_bytes());
        let got = texts(&l, &f);
        assert_eq!(got[0], (want.0.to_string(), want.1.to_string()), "{csv}");
    }
}

/// Title, text, units, deadline, status and progress of every task of the ledger `db`.
fn tasks(l: &Ledger, db: &std::path::Path) -> Vec<Value> {
    let list = l
        .run_in(db, &["list", "--all", "--format", "json"])
        .ok()
        .json();
    list.as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let keep = [
                "id", "title", "text", "lead", "support", "deadline", "status", "progress",
            ];
            Value::Object(
                keep.iter()
                    .map(|k| (k.to_string(), t[*k].clone()))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn trackers_own_tables_come_back_with_their_texts_unchanged() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.2", "--progress", "40", "--note", "已拟定方案"])
        .ok();
    l.run(&["update", "3.1", "--status", "done"]).ok();
    let want = tasks(&l, std::path::Path::new(&l.ledger()));
    let dir = l.dir.path();
    for lang in ["zh", "en"] {
        // The 台账, and an office's copy of it with a 备注 column added.
        let book = dir.join(format!("台账-{lang}.xlsx"));
        let book = book.to_str().unwrap();
        l.run(&["--lang", lang, "export", "--format", "xlsx", "--out", book])
            .ok();
        let db = dir.join(format!("back-{lang}.db"));
        l.run_in(&db, &["init", "--empty"]).ok();
        l.run_in(&db, &["import", book]).ok();
        assert_eq!(tasks(&l, &db), want, "{lang}: export xlsx → import");
        // The report's progress table as csv: no 健康, 序时 or 未反馈天数 in any text.
        let csv = dir.join(format!("周报-{lang}.csv"));
        let csv = csv.to_str().unwrap();
        l.run(&["--lang", lang, "report", "--format", "csv", "--out", csv])
            .ok();
        let db = dir.join(format!("report-{lang}.db"));
        l.run_in(&db, &["init", "--empty"]).ok();
        let p = l
            .run_in(&db, &["import", csv, "--dry-run", "--format", "json"])
            .ok()
            .json();
        let got = items(&p);
        assert_eq!(got.len(), want.len(), "{lang}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g["text"], w["title"], "{lang}: {g:#}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Any set of extra columns, in any order, with any cells filled: each filled one is a
    /// `label：value` line after the task's text, in the columns' order.
    #[test]
    fn extra_columns_follow_the_text_in_their_order(
        picks in proptest::sample::subsequence(vec![0usize, 1, 2, 3, 4], 0..=5).prop_shuffle(),
        filled in proptest::collection::vec(any::<bool>(), 5),
    ) {
        let labels = ["存在问题", "责任领导", "责任人", "备注", "督办要求"];
        let values = ["台账不全", "钱七", "孙八", "重点督办", "每月报告"];
        let mut head = String::from("序号,工作任务,牵头单位");
        let mut row = String::from("1,规范台账管理,县档案馆");
        let mut want = String::from("规范台账管理");
        for &k in &picks {
            head.push_str(&format!(",{}", labels[k]));
            if filled[k] {
                row.push_str(&format!(",{}", values[k]));
                want.push_str(&format!("\n{}：{}", labels[k], values[k]));
            } else {
                row.push(',');
            }
        }
        let l = empty();
        let f = write(&l, "p.csv", format!("{head}\n{row}\n").as_bytes());
        let got = texts(&l, &f);
        prop_assert_eq!(&got[0].1, &want);
    }
}
