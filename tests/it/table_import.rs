//! Task tables a fresh user imported (issues 15 §6 and 16 §4): rows whose status and progress
//! disagree, a 序号 twice, a row without its task, a year the table states, tracker's own
//! other workbooks, errors named by the sheet's own headers and in Chinese with `--lang zh`.

use std::path::PathBuf;

use proptest::prelude::*;

use crate::support::Ledger;

const TODAY: &str = "2026-11-26";

/// A ledger without tasks and a csv file `name` holding `body` beside it.
fn with_csv(name: &str, body: &str) -> (Ledger, PathBuf) {
    let l = Ledger::new(TODAY);
    l.run(&["init", "--empty"]).ok();
    let path = l.dir.path().join(name);
    std::fs::write(&path, body).unwrap();
    (l, path)
}

const HEAD: &str = "序号,工作任务,牵头单位,时间节点,状态,进度\n";

/// The status and progress stored, or `None` when the row is refused.
type Stored = Option<(&'static str, u64)>;

/// (status cell, progress cell, what is stored).
const PAIRS: &[(&str, &str, Stored)] = &[
    ("未开始", "60", None),
    ("not-started", "5%", None),
    ("已完成", "50", None),
    ("完成", "0", None),
    ("done", "99%", None),
    ("进行中", "100", None),
    ("在办", "100%", None),
    ("受阻", "100", None),
    ("未开始", "0", Some(("not-started", 0))),
    ("未开始", "", Some(("not-started", 0))),
    ("已完成", "100", Some(("done", 100))),
    ("已完成", "", Some(("done", 100))),
    ("办结", "100%", Some(("done", 100))),
    ("进行中", "40", Some(("in-progress", 40))),
    ("进行中", "0", Some(("in-progress", 0))),
    ("受阻", "30", Some(("blocked", 30))),
    ("已取消", "20", Some(("cancelled", 20))),
    ("已取消", "100", Some(("cancelled", 100))),
    ("", "100", Some(("done", 100))),
    ("", "60", Some(("in-progress", 60))),
    ("", "", Some(("not-started", 0))),
];

#[test]
fn a_row_whose_status_and_progress_contradict_is_refused_and_the_dry_run_shows_what_is_stored() {
    for &(status, progress, want) in PAIRS {
        let body = format!("{HEAD}1,建立联系制度,组织科,2026年12月底前,{status},{progress}\n");
        let (l, path) = with_csv("inv.csv", &body);
        let file = path.to_str().unwrap();
        let before = l.dump();
        match want {
            None => {
                for args in [vec!["import", file, "--dry-run"], vec!["import", file]] {
                    l.run(&args).fails(
                        1,
                        &["inv.csv: inv!E2 (状态)", "inv!F2 (进度)", "contradicts"],
                    );
                }
                let zh = l
                    .run(&["--lang", "zh", "import", file])
                    .fails(1, &["错误：inv.csv：inv!E2 (状态)：", "矛盾"]);
                assert!(!zh.contains("status"), "{zh}");
                assert_eq!(l.dump(), before, "{status}/{progress}: nothing written");
            }
            Some((st, p)) => {
                let dry = l
                    .run(&["import", file, "--dry-run", "--format", "json"])
                    .ok()
                    .json();
                let item = &dry["recommendations"][0]["items"][0];
                l.run(&["import", file]).ok();
                let list = l.run(&["list", "--all", "--format", "json"]).ok().json();
                let t = &list[0];
                assert_eq!(
                    (
                        t["status"].as_str().unwrap(),
                        t["progress"].as_u64().unwrap()
                    ),
                    (st, p),
                    "{status}/{progress} stored"
                );
                // The dry run shows what the import stores (an empty progress of a task not
                // started is shown as none, stored as 0).
                assert_eq!(
                    item["status"].as_str().unwrap_or("not-started"),
                    st,
                    "{status}/{progress} dry run: {item}"
                );
                assert_eq!(
                    item["progress"].as_u64().unwrap_or(0),
                    p,
                    "{status}/{progress} dry run: {item}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    /// Any status word with any progress: either refused with nothing written, or stored so
    /// that done goes with 100% and not started with 0%.
    #[test]
    fn what_is_stored_keeps_done_with_100_and_not_started_with_0(
        status in prop::sample::select(vec!["", "未开始", "进行中", "受阻", "已完成", "已取消", "办结", "推进中"]),
        progress in prop::option::of(0u8..=100),
    ) {
        let p = progress.map(|p| p.to_string()).unwrap_or_default();
        let body = format!("{HEAD}1,建立联系制度,组织科,2026年12月底前,{status},{p}\n");
        let (l, path) = with_csv("p.csv", &body);
        let out = l.run(&["import", path.to_str().unwrap()]);
        if out.code == 0 {
            let list = l.run(&["list", "--all", "--format", "json"]).ok().json();
            let st = list[0]["status"].as_str().unwrap().to_string();
            let pr = list[0]["progress"].as_u64().unwrap();
            prop_assert!(st != "done" || pr == 100, "{st} {pr}");
            prop_assert!(st != "not-started" || pr == 0, "{st} {pr}");
            prop_assert!(pr != 100 || st == "done" || st == "cancelled", "{st} {pr}");
        } else {
            out.fails(1, &["p!E2 (状态)"]);
        }
    }
}

/// (file body, the error's cells and words). Each is refused, dry run or not, in either
/// language, with nothing written.
const REFUSED: &[(&str, &[&str], &[&str])] = &[
    // 序号 twice, dotted.
    (
        "序号,工作任务,牵头单位,时间节点\n2.1,甲,组织科,2026年6月底前\n2.1,乙,宣传科,2026年9月底前\n",
        &["t!A3 (序号)", "t!A2 (序号)", "2.1"],
        &["序号“2.1”已在"],
    ),
    // 序号 twice, plain, not next to each other.
    (
        "编号,重点任务,责任单位\n1,甲,组织科\n2,乙,宣传科\n1,丙,组织科\n",
        &["t!A4 (编号)", "t!A2 (编号)"],
        &["已在"],
    ),
    // A row with its units and deadline but no task.
    (
        "序号,工作任务,牵头单位,时间节点\n1,甲,组织科,2026年6月底前\n2,,宣传科,2026年9月底前\n",
        &["t!B3 (工作任务)", "no task", "宣传科"],
        &["没有工作任务"],
    ),
    // The task column headed by the sheet's own word.
    (
        "序号,督办事项,牵头单位\n1,甲,组织科\n,,宣传科\n",
        &["t!B3 (督办事项)"],
        &["t!B3 (督办事项)"],
    ),
    // A bad date, named by the sheet's own header.
    (
        "序号,工作任务,牵头单位,完成时间\n1,甲,组织科,2026年13月底前\n",
        &["t!D2 (完成时间)", "invalid date"],
        &["无效的日期"],
    ),
    // A bad status, named by the sheet's own header.
    (
        "序号,工作任务,牵头单位,推进状态\n1,甲,组织科,差不多\n",
        &["t!D2 (推进状态)"],
        &["推进状态)：状态"],
    ),
    // A bad progress.
    (
        "序号,工作任务,牵头单位,完成进度\n1,甲,组织科,120\n",
        &["t!D2 (完成进度)"],
        &["完成进度)：无效的进度"],
    ),
];

#[test]
fn bad_rows_are_refused_naming_their_cells_by_the_sheets_own_headers() {
    for &(body, en, zh) in REFUSED {
        let (l, path) = with_csv("t.csv", body);
        let file = path.to_str().unwrap();
        let before = l.dump();
        l.run(&["import", file, "--dry-run"]).fails(1, en);
        l.run(&["import", file]).fails(1, en);
        let msg = l.run(&["--lang", "zh", "import", file]).fails(1, zh);
        assert!(msg.starts_with("错误：t.csv："), "{msg}");
        // No English words in a Chinese message (the accepted status names aside).
        for w in ["invalid", "expected", "the row", "already", "contradicts"] {
            assert!(!msg.contains(w), "{w} in {msg}");
        }
        assert_eq!(l.dump(), before, "{body}: nothing written");
    }
}

/// (rows, the deadlines stored): a relative date takes the one year the table states.
const YEARS: &[(&str, &[&str])] = &[
    (
        "1,甲,组织科,2025年6月底前\n2,乙,宣传科,12月底前\n",
        &["2025-06-30", "2025-12-31"],
    ),
    (
        "1,甲,组织科,年底前\n2,乙,宣传科,2025年3月31日\n",
        &["2025-12-31", "2025-03-31"],
    ),
    (
        "1,甲,组织科,9月底前\n2,乙,宣传科,2025-06-30\n",
        &["2025-09-30", "2025-06-30"],
    ),
];

#[test]
fn a_relative_deadline_takes_the_year_the_table_states() {
    for &(rows, want) in YEARS {
        let body = format!("序号,工作任务,牵头单位,完成时限\n{rows}");
        let (l, path) = with_csv("y.csv", &body);
        l.run(&["import", path.to_str().unwrap()]).ok();
        let list = l.run(&["list", "--all", "--format", "json"]).ok().json();
        let got: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["deadline"].as_str().unwrap())
            .collect();
        assert_eq!(got, want, "{rows}");
    }
    // Two years stated: the title row's year decides; without one, nothing is guessed
    // from the rows.
    let body = "2026年重点任务\n序号,工作任务,牵头单位,完成时限\n1,甲,组织科,2025年6月底前\n2,乙,宣传科,12月底前\n3,丙,宣传科,2027年1月底前\n";
    let (l, path) = with_csv("y2.csv", body);
    l.run(&["import", path.to_str().unwrap()]).ok();
    let list = l.run(&["list", "--all", "--format", "json"]).ok().json();
    assert_eq!(list[1]["deadline"], "2026-12-31");
}

#[test]
fn tracker_s_own_return_sheets_and_weekly_reports_are_not_taken_as_a_ledger() {
    let l = Ledger::seeded("2026-03-02");
    let out = l.dir.path().join("sheets");
    l.run(&[
        "sheets",
        "--owner",
        "组织科",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let sheet = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .expect("a return sheet");
    let report = l.dir.path().join("周报.xlsx");
    l.run(&[
        "report",
        "--format",
        "xlsx",
        "--out",
        report.to_str().unwrap(),
    ])
    .ok();
    let db = l.dir.path().join("new.db");
    l.run_in(&db, &["init", "--empty"]).ok();
    let before = crate::support::dump(&db);
    for dry in [true, false] {
        let mut args = vec!["import", sheet.to_str().unwrap()];
        if dry {
            args.push("--dry-run");
        }
        l.run_in(&db, &args)
            .fails(1, &["return sheet", "use 'tracker collect"]);
        args[1] = report.to_str().unwrap();
        l.run_in(&db, &args)
            .fails(1, &["weekly report", "not a 台账"]);
    }
    let zh: Vec<&str> = vec!["--lang", "zh", "import", sheet.to_str().unwrap()];
    l.run_in(&db, &zh).fails(1, &["反馈表", "tracker collect"]);
    assert_eq!(crate::support::dump(&db), before);
}

/// A cell of a test workbook: (row, col, value, rows spanned, cols spanned).
type At = (u32, u16, &'static str, u32, u16);

fn book(path: &std::path::Path, cells: &[At]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let plain = rust_xlsxwriter::Format::new();
    for &(r, c, v, rs, cs) in cells {
        if rs > 1 || cs > 1 {
            sheet
                .merge_range(r, c, r + rs - 1, c + cs - 1, v, &plain)
                .unwrap();
        } else {
            sheet.write_string(r, c, v).unwrap();
        }
    }
    book.save(path).unwrap();
}

/// A header row, then one row per task from row 1 on: (序号, task, content, lead).
fn rows(head: [&'static str; 4], first: u32, tasks: &[[&'static str; 4]]) -> Vec<At> {
    let mut out: Vec<At> = (0..4).map(|c| (0, c as u16, head[c], 1, 1)).collect();
    for (k, t) in tasks.iter().enumerate() {
        for (c, v) in t.iter().enumerate() {
            if !v.is_empty() {
                out.push((first + k as u32, c as u16, v, 1, 1));
            }
        }
    }
    out
}

/// (cells, the headlines read, each task's id and title).
type Case = (
    Vec<At>,
    Vec<&'static str>,
    Vec<(&'static str, &'static str)>,
);

fn merged_cases() -> Vec<Case> {
    // (a) a group row across the table above tasks whose 重点任务 is merged over two rows.
    let mut a = rows(
        ["序号", "重点任务", "工作要求", "责任单位"],
        2,
        &[
            ["1", "", "建设一网通办平台", "县数据局"],
            ["2", "", "压缩审批时限", "县政务办"],
            ["3", "减税降费", "落实减税政策", "县税务局"],
        ],
    );
    a.push((1, 0, "一、优化营商环境", 1, 4));
    a.push((2, 1, "推进政务服务改革", 2, 1));
    let mut a2 = a.clone();
    a2.retain(|c| c.0 != 1);
    a2.push((1, 0, "一、优化营商环境", 1, 1));
    // (b) a first column 类别 merged down over each group's rows.
    let mut b = rows(
        ["类别", "序号", "工作任务", "牵头单位"],
        1,
        &[
            ["", "1", "建设一网通办平台", "县数据局"],
            ["", "2", "压缩审批时限", "县政务办"],
            ["", "3", "新建养老服务中心", "县民政局"],
            ["", "4", "改造老旧小区", "县住建局"],
            ["科技创新", "5", "建设孵化器", "县科技局"],
        ],
    );
    b.retain(|c| c.1 != 0 || c.0 == 0 || c.0 == 5);
    b.push((1, 0, "优化营商环境", 2, 1));
    b.push((3, 0, "民生保障", 2, 1));
    let mut b2 = b.clone();
    for c in &mut b2 {
        if c.0 == 0 && c.1 == 0 {
            c.2 = "领域";
        }
    }
    let both = vec![
        ("1.1", "建设一网通办平台"),
        ("1.2", "压缩审批时限"),
        ("2.1", "新建养老服务中心"),
        ("2.2", "改造老旧小区"),
        ("3.1", "建设孵化器"),
    ];
    let grouped = vec![
        ("1.1", "推进政务服务改革"),
        ("1.2", "推进政务服务改革"),
        ("1.3", "减税降费"),
    ];
    vec![
        (a, vec!["优化营商环境"], grouped.clone()),
        (a2, vec!["优化营商环境"], grouped),
        (
            b,
            vec!["优化营商环境", "民生保障", "科技创新"],
            both.clone(),
        ),
        (b2, vec!["优化营商环境", "民生保障", "科技创新"], both),
    ]
}

#[test]
fn merged_cells_keep_the_group_rows_and_category_columns_as_headlines() {
    for (k, (cells, heads, items)) in merged_cases().into_iter().enumerate() {
        let l = Ledger::new(TODAY);
        l.run(&["init", "--empty"]).ok();
        let path = l.dir.path().join("台账.xlsx");
        book(&path, &cells);
        let file = path.to_str().unwrap();
        let dry = l
            .run(&["import", file, "--dry-run", "--format", "json"])
            .ok()
            .json();
        let recs = dry["recommendations"].as_array().unwrap();
        let got: Vec<&str> = recs
            .iter()
            .map(|r| r["headline"].as_str().unwrap())
            .collect();
        assert_eq!(got, heads, "case {k}: {dry}");
        let got: Vec<(&str, &str)> = recs
            .iter()
            .flat_map(|r| r["items"].as_array().unwrap())
            .map(|i| (i["id"].as_str().unwrap(), i["title"].as_str().unwrap()))
            .collect();
        assert_eq!(got, items, "case {k}: {dry}");
        l.run(&["import", file]).ok();
        let list = l.run(&["list", "--all", "--format", "json"]).ok().json();
        assert_eq!(list.as_array().unwrap().len(), items.len(), "case {k}");
    }
}

/// The same cells as a Word table (issue 15, second round §1): a merged range's first cell
/// spans its columns (`w:gridSpan`) and starts a vertical merge (`w:vMerge w:val="restart"`);
/// the cells under it continue it (`w:vMerge`, empty), as Word and WPS write them.
fn docx_of(path: &std::path::Path, cells: &[At]) {
    use std::io::Write;
    let rows = cells.iter().map(|c| c.0 + c.3).max().unwrap_or(0);
    let cols = cells.iter().map(|c| c.1 + c.4).max().unwrap_or(0);
    let p = |t: &str| format!(r#"<w:p><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p>"#);
    let mut body = String::from(&p("任务分解表")[..]);
    body.push_str("<w:tbl>");
    for r in 0..rows {
        body.push_str("<w:tr>");
        let mut c = 0;
        while c < cols {
            let owner = cells
                .iter()
                .find(|m| m.0 <= r && r < m.0 + m.3 && m.1 <= c && c < m.1 + m.4);
            match owner {
                Some(&(r0, c0, v, rs, cs)) if c0 == c => {
                    let mut pr = String::new();
                    if cs > 1 {
                        pr.push_str(&format!(r#"<w:gridSpan w:val="{cs}"/>"#));
                    }
                    if rs > 1 {
                        pr.push_str(if r == r0 {
                            r#"<w:vMerge w:val="restart"/>"#
                        } else {
                            "<w:vMerge/>"
                        });
                    }
                    let text = if r == r0 { p(v) } else { "<w:p/>".to_string() };
                    body.push_str(&format!("<w:tc><w:tcPr>{pr}</w:tcPr>{text}</w:tc>"));
                    c += cs;
                }
                _ => {
                    body.push_str(&format!("<w:tc>{}</w:tc>", p("")));
                    c += 1;
                }
            }
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#).unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    z.write_all(doc.as_bytes()).unwrap();
    z.finish().unwrap();
}

/// More merged tables: a lead column merged down over the two tasks it leads, a deadline
/// merged over three, and a 类别 column merged down beside a horizontally merged note row.
fn more_merged_cases() -> Vec<Case> {
    let mut c = rows(
        ["序号", "工作任务", "牵头单位", "完成时限"],
        1,
        &[
            ["1", "新增城镇就业", "", "12月底前"],
            ["2", "开展技能培训", "", "9月底前"],
            ["3", "治理城区河道", "县水利局", "6月底前"],
        ],
    );
    c.push((1, 2, "县人社局", 2, 1));
    let mut d = rows(
        ["序号", "重点任务", "责任单位", "时间节点"],
        1,
        &[
            ["1", "修缮校舍", "县教育局", ""],
            ["2", "改造卫生院", "县卫健局", ""],
            ["3", "硬化村道", "县交通局", ""],
        ],
    );
    d.push((1, 3, "年底前", 3, 1));
    let mut e = rows(
        ["类别", "序号", "工作任务", "牵头单位"],
        1,
        &[
            ["", "1", "整治农村人居环境", "县农业农村局"],
            ["", "2", "推进厕所改造", "县卫健局"],
            ["", "3", "建设污水管网", "县住建局"],
        ],
    );
    e.retain(|c| c.1 != 0 || c.0 == 0);
    e.push((1, 0, "乡村振兴", 2, 1));
    e.push((3, 0, "城市更新", 1, 1));
    let one = |ids: &[(&'static str, &'static str)]| ids.to_vec();
    vec![
        (
            c,
            vec![],
            one(&[
                ("", "新增城镇就业"),
                ("", "开展技能培训"),
                ("", "治理城区河道"),
            ]),
        ),
        (
            d,
            vec![],
            one(&[("", "修缮校舍"), ("", "改造卫生院"), ("", "硬化村道")]),
        ),
        (
            e,
            vec!["乡村振兴", "城市更新"],
            one(&[
                ("1.1", "整治农村人居环境"),
                ("1.2", "推进厕所改造"),
                ("2.1", "建设污水管网"),
            ]),
        ),
    ]
}

/// Each task's (id, title, lead, support, deadline) and the headlines, from a dry run.
fn read_back(l: &Ledger, file: &str) -> serde_json::Value {
    let dry = l
        .run(&["import", file, "--dry-run", "--format", "json"])
        .ok()
        .json();
    let recs = dry["recommendations"].as_array().unwrap();
    let heads: Vec<&serde_json::Value> = recs.iter().map(|r| &r["headline"]).collect();
    let items: Vec<serde_json::Value> = recs
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap())
        .map(|i| serde_json::json!([i["id"], i["title"], i["lead"], i["support"], i["deadline"]]))
        .collect();
    serde_json::json!({ "heads": heads, "items": items })
}

#[test]
fn a_word_table_with_merged_cells_reads_as_the_same_table_in_a_workbook() {
    let all: Vec<Case> = merged_cases()
        .into_iter()
        .chain(more_merged_cases())
        .collect();
    for (k, (cells, heads, items)) in all.into_iter().enumerate() {
        let l = Ledger::new(TODAY);
        l.run(&["init", "--empty"]).ok();
        let xlsx = l.dir.path().join("台账.xlsx");
        let docx = l.dir.path().join("台账.docx");
        book(&xlsx, &cells);
        docx_of(&docx, &cells);
        let from_book = read_back(&l, xlsx.to_str().unwrap());
        let from_word = read_back(&l, docx.to_str().unwrap());
        // A table without groups is headed by the sheet's name or the line above the table.
        assert_eq!(from_word["items"], from_book["items"], "case {k}");
        if !heads.is_empty() {
            assert_eq!(from_word["heads"], from_book["heads"], "case {k}");
        }
        // And what both read is the table: no unit as a title, every task in its group.
        let titles: Vec<&str> = from_word["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i[1].as_str().unwrap())
            .collect();
        let want: Vec<&str> = items.iter().map(|i| i.1).collect();
        assert_eq!(titles, want, "case {k}: {from_word}");
        for (i, (id, _)) in items.iter().enumerate() {
            if !id.is_empty() {
                assert_eq!(from_word["items"][i][0], *id, "case {k}");
            }
        }
        if !heads.is_empty() {
            assert_eq!(from_word["heads"], serde_json::json!(heads), "case {k}");
        }
        let leads: Vec<&str> = from_word["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i[2].as_str().unwrap_or(""))
            .collect();
        assert!(
            leads
                .iter()
                .all(|u| u.starts_with('县') && !u.contains('底')),
            "case {k}: {leads:?}"
        );
        l.run(&["import", docx.to_str().unwrap()]).ok();
        let list = l.run(&["list", "--all", "--format", "json"]).ok().json();
        assert_eq!(list.as_array().unwrap().len(), items.len(), "case {k}");
    }
}
