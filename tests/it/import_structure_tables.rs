//! `tracker import`: a report's numbered list followed by a task table (issue 15, fourth
//! round). Both are the file's tasks, in document order: the list's items, then the table's
//! rows as a recommendation of their own; a caption between them (`附表：任务分解`) is in
//! neither, and names the table's recommendation.

use std::io::Write;

use serde_json::Value;

use crate::support::{empty, import_dry, planned_tasks, write};

/// (headline, [(title, text)]) of each recommendation.
fn shape(p: &Value) -> Vec<(String, Vec<(String, String)>)> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                s(&r["headline"]),
                r["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| (s(&i["title"]), s(&i["text"])))
                    .collect(),
            )
        })
        .collect()
}

const LIST: &str = "关于加强农村公路管护的整改方案\n二、整改措施\n1、完成危房改造摸底。\n2、建立长效管护机制。\n3、完成农村公路养护招标。\n";

#[test]
fn a_table_after_a_numbered_list_adds_its_rows_after_the_items() {
    let l = empty();
    // (what stands between the list and the table, the table, the table's headline)
    let cases: &[(&str, &str, Option<&str>)] = &[
        (
            "",
            "序号 | 工作任务 | 牵头单位 | 完成时限\n1 | 新增城镇就业1万人 | 县人社局 | 12月底前\n",
            None,
        ),
        (
            "附表：任务分解\n",
            "序号 | 工作任务 | 牵头单位 | 完成时限\n1 | 新增城镇就业1万人 | 县人社局 | 12月底前\n",
            Some("任务分解"),
        ),
        (
            "附件2：重点任务清单\n\n",
            "序号\t重点任务\t责任单位\n1\t新增城镇就业1万人\t县人社局\n2\t改造老旧小区\t县住建局\n",
            Some("重点任务清单"),
        ),
        (
            "2025年重点任务分解表\n",
            "序号    工作任务            牵头单位\n1       新增城镇就业1万人   县人社局\n",
            Some("2025年重点任务分解表"),
        ),
        (
            "表1 整改任务\n",
            "| 序号 | 具体内容 | 责任单位 | 时间节点 |\n|---|---|---|---|\n| 1 | 新增城镇就业1万人 | 县人社局 | 年底前 |\n",
            Some("整改任务"),
        ),
    ];
    for &(between, table, caption) in cases {
        let text = format!("{LIST}{between}{table}");
        let (p, _) = import_dry(&l, &text);
        let got = shape(&p);
        assert_eq!(got.len(), 2, "{text:?}: {got:?}");
        assert_eq!(got[0].0, "整改措施", "{text:?}");
        let titles: Vec<&str> = got[0].1.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(
            titles,
            [
                "完成危房改造摸底",
                "建立长效管护机制",
                "完成农村公路养护招标"
            ],
            "{text:?}"
        );
        assert_eq!(got[1].1[0].0, "新增城镇就业1万人", "{text:?}");
        if let Some(c) = caption {
            assert_eq!(got[1].0, c, "{text:?}");
        }
        // The caption is in no task's text, and the last item ends where it ends.
        for t in planned_tasks(&p) {
            let body = t["text"].as_str().unwrap();
            assert!(
                !body.contains("附表") && !body.contains("附件") && !body.contains("序号"),
                "{text:?}: {body}"
            );
        }
        assert_eq!(got[0].1[2].1, "完成农村公路养护招标。", "{text:?}");
    }
}

#[test]
fn a_table_alone_or_a_list_alone_is_read_as_before() {
    let l = empty();
    let (p, _) = import_dry(
        &l,
        "2025年重点任务分解表\n序号 | 工作任务 | 责任单位\n1 | 新增就业 | 县人社局\n2 | 改造小区 | 县住建局\n",
    );
    assert_eq!(shape(&p).len(), 1);
    assert_eq!(planned_tasks(&p).len(), 2);
    // A list whose last item is followed by an 附表 line and no table: the line is not
    // the item's text.
    let (p, _) = import_dry(&l, &format!("{LIST}附表：任务分解（另行印发）\n"));
    let got = shape(&p);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1[2].1, "完成农村公路养护招标。");
}

#[test]
fn a_docx_with_a_list_then_a_table_gives_both_in_order() {
    let l = empty();
    let p = |t: &str| format!(r#"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>"#);
    let row = |cells: &[&str]| {
        let cs: String = cells
            .iter()
            .map(|c| format!("<w:tc>{}</w:tc>", p(c)))
            .collect();
        format!("<w:tr>{cs}</w:tr>")
    };
    let body = [
        p("关于改善营商环境的整改方案"),
        p("二、整改措施"),
        p("1、压减审批时限。"),
        p("2、推行一网通办。"),
        p("附表：任务分解"),
        format!(
            "<w:tbl>{}{}{}</w:tbl>",
            row(&["序号", "工作任务", "牵头单位", "完成时限"]),
            row(&["1", "清理证明事项", "县司法局", "6月底前"]),
            row(&["2", "建设帮办窗口", "县行政服务中心", "年底前"]),
        ),
        p("2025年3月1日"),
    ]
    .concat();
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("word/document.xml", opts).unwrap();
        write!(
            z,
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
        .unwrap();
        z.finish().unwrap();
    }
    let file = write(&l, "方案.docx", &buf.into_inner());
    let v = l
        .run(&["import", &file, "--dry-run", "--format", "json"])
        .ok()
        .json();
    let got = shape(&v);
    let titles: Vec<Vec<&str>> = got
        .iter()
        .map(|r| r.1.iter().map(|t| t.0.as_str()).collect())
        .collect();
    assert_eq!(
        titles,
        [
            vec!["压减审批时限", "推行一网通办"],
            vec!["清理证明事项", "建设帮办窗口"]
        ]
    );
    assert_eq!(got[1].0, "任务分解");
    assert_eq!(planned_tasks(&v)[2]["lead"], "县司法局");
}
