//! Taking in an Excel 台账 (issue 16 §4): tracker's own `export --format xlsx` imports back
//! into an empty ledger unchanged, in both languages; progress cells read by how the sheet
//! shows them; a status that only the progress gives is inferred and said so; merged cells
//! in .ods read as in .xlsx.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::Ledger;

const TODAY: &str = "2026-11-26";

/// The seeded plan moved on: a tenth task under 2 (2.10), one without a deadline, several
/// supporting units, a task blocked at 30%, one cancelled at 20%, one done, one at 55%, a
/// text over several lines.
fn busy() -> Ledger {
    let l = Ledger::seeded("2026-03-02");
    for t in ["调研", "座谈", "培训", "总结"] {
        l.run_on(
            "2026-11-20T09:00:00",
            &["add", "--rec", "2", "--title", t, "--lead", "组织科"],
        )
        .ok();
    }
    let steps: &[&[&str]] = &[
        &[
            "update",
            "2.10",
            "--deadline",
            "2026-12-05",
            "--support",
            "宣传科",
            "--support",
            "县区",
        ],
        &["update", "1.2", "--progress", "55", "--note", "已拟定方案"],
        &["update", "1.3", "--status", "blocked", "--progress", "30"],
        &["update", "1.5", "--progress", "20"],
        &["update", "1.5", "--status", "cancelled"],
        &["update", "3.1", "--status", "done"],
        &["update", "3.2", "--text", "第一行\n第二行：落实“三个一”"],
    ];
    for s in steps {
        l.run_on("2026-11-24T10:00:00", s).ok();
    }
    l
}

fn export(l: &Ledger, lang: &str) -> PathBuf {
    let path = l.dir.path().join(format!("台账-{lang}.xlsx"));
    l.run_on(
        TODAY,
        &[
            "--lang",
            lang,
            "export",
            "--format",
            "xlsx",
            "--out",
            path.to_str().unwrap(),
        ],
    )
    .ok();
    path
}

/// What a round trip must keep of every task (listed on `TODAY`: a list of an earlier day
/// reads the ledger of that day).
fn tasks(l: &Ledger, db: &Path) -> Vec<Value> {
    let list = l
        .run_in(db, &["list", "--all", "--format", "json", "--today", TODAY])
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

fn headlines(l: &Ledger, db: &Path, ids: &[&str]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            l.run_in(db, &["show", id, "--format", "json"]).ok().json()["recommendation_headline"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn the_own_ledger_workbook_imports_back_unchanged_in_both_languages() {
    let l = busy();
    // The ledger itself, a file or a server's URL.
    let own = PathBuf::from(l.ledger());
    let want = tasks(&l, &own);
    assert_eq!(want.len(), 20);
    let heads = headlines(&l, &own, &["1.1", "2.10", "3.1"]);
    for lang in ["zh", "en"] {
        let book = export(&l, lang);
        let db = l.dir.path().join(format!("back-{lang}.db"));
        l.run_in(&db, &["init", "--empty"]).ok();
        let dry = l
            .run_in(
                &db,
                &[
                    "import",
                    book.to_str().unwrap(),
                    "--dry-run",
                    "--format",
                    "json",
                ],
            )
            .ok()
            .json();
        assert_eq!(
            dry["recommendations"].as_array().unwrap().len(),
            3,
            "{lang}"
        );
        l.run_in(&db, &["import", book.to_str().unwrap()]).ok();
        assert_eq!(
            tasks(&l, &db),
            want,
            "{lang}: tasks after export xlsx → import"
        );
        assert_eq!(headlines(&l, &db, &["1.1", "2.10", "3.1"]), heads, "{lang}");
    }
}

/// A one-sheet 台账 with 序号, 工作任务, 牵头单位, 状态 and 进度, each progress cell written
/// as given.
enum P {
    /// A number under a number format (`0%`, `0.0%`, or none).
    Num(f64, Option<&'static str>),
    Text(&'static str),
}

fn progress_book(path: &Path, cells: &[(P, &str)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["序号", "工作任务", "牵头单位", "状态", "进度"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (p, status)) in cells.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, format!("1.{}", i + 1)).unwrap();
        sheet.write_string(r, 1, format!("任务{}", i + 1)).unwrap();
        sheet.write_string(r, 2, "组织科").unwrap();
        if !status.is_empty() {
            sheet.write_string(r, 3, *status).unwrap();
        }
        match p {
            P::Num(n, Some(f)) => {
                let fmt = rust_xlsxwriter::Format::new().set_num_format(*f);
                sheet.write_number_with_format(r, 4, *n, &fmt).unwrap();
            }
            P::Num(n, None) => {
                sheet.write_number(r, 4, *n).unwrap();
            }
            P::Text(t) => {
                sheet.write_string(r, 4, *t).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn dry_items(l: &Ledger, file: &Path) -> Vec<Value> {
    let db = l.dir.path().join("dry.db");
    if !db.exists() {
        l.run_in(&db, &["init", "--empty"]).ok();
    }
    let p = l
        .run_in(
            &db,
            &[
                "import",
                file.to_str().unwrap(),
                "--dry-run",
                "--format",
                "json",
            ],
        )
        .ok()
        .json();
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn progress_cells_read_as_the_sheet_shows_them() {
    // (cell, status typed, progress read, status read, inferred)
    let cases: Vec<(P, &str, u64, &str, bool)> = vec![
        (P::Num(0.6, Some("0%")), "进行中", 60, "in-progress", false),
        (P::Num(1.0, Some("0%")), "已完成", 100, "done", false),
        (P::Num(1.0, Some("0%")), "", 100, "done", true),
        (
            P::Num(0.555, Some("0.0%")),
            "进行中",
            56,
            "in-progress",
            false,
        ),
        (P::Num(0.0, Some("0%")), "未开始", 0, "not-started", false),
        (P::Text("60%"), "", 60, "in-progress", true),
        (P::Text("60％"), "进行中", 60, "in-progress", false),
        (P::Num(60.0, None), "", 60, "in-progress", true),
        (P::Num(1.0, None), "进行中", 1, "in-progress", false),
        (P::Text("40"), "受阻", 40, "blocked", false),
        (P::Num(100.0, None), "", 100, "done", true),
    ];
    let l = Ledger::new(TODAY);
    let path = l.dir.path().join("进度.xlsx");
    let cells: Vec<(P, &str)> = cases
        .iter()
        .map(|(p, s, ..)| {
            (
                match p {
                    P::Num(n, f) => P::Num(*n, *f),
                    P::Text(t) => P::Text(t),
                },
                *s,
            )
        })
        .collect();
    progress_book(&path, &cells);
    let items = dry_items(&l, &path);
    assert_eq!(items.len(), cases.len());
    for (k, ((_, typed, progress, status, inferred), item)) in cases.iter().zip(&items).enumerate()
    {
        assert_eq!(item["progress"], *progress, "row {k} ({typed:?}): {item}");
        assert_eq!(item["status"], *status, "row {k}: {item}");
        assert_eq!(
            item.get("status_inferred")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            *inferred,
            "row {k}: {item}"
        );
    }
}

/// In a column of plain numbers all within 0–1 (an .xls or a sheet that lost its format),
/// the numbers are fractions: 1 is 100%, not 1%.
#[test]
fn a_column_of_plain_fractions_reads_as_percentages() {
    let l = Ledger::new(TODAY);
    let path = l.dir.path().join("比例.xlsx");
    progress_book(
        &path,
        &[
            (P::Num(0.5, None), "进行中"),
            (P::Num(1.0, None), "已完成"),
            (P::Num(0.0, None), "未开始"),
        ],
    );
    let p: Vec<u64> = dry_items(&l, &path)
        .iter()
        .map(|i| i["progress"].as_u64().unwrap())
        .collect();
    assert_eq!(p, [50, 100, 0]);
    // The same column in a .csv, where every cell is text, reads the same (1 is done at
    // 100%, not 1% against 已完成); and a column with no fraction between 0 and 1 stays
    // whole percentages there too.
    for (rows, want) in [
        (
            &[("0.5", "进行中"), ("1", "已完成"), ("0", "未开始")][..],
            [50, 100, 0],
        ),
        (
            &[("0.35", "进行中"), ("1.0", "已完成"), ("0", "未开始")][..],
            [35, 100, 0],
        ),
        (
            &[("45", "进行中"), ("1", "进行中"), ("0", "未开始")][..],
            [45, 1, 0],
        ),
    ] {
        let csv = l.dir.path().join("比例.csv");
        let mut text = String::from("序号,工作任务,牵头单位,状态,进度\n");
        for (i, (p, st)) in rows.iter().enumerate() {
            text.push_str(&format!("1.{},任务{},组织科,{st},{p}\n", i + 1, i + 1));
        }
        std::fs::write(&csv, text).unwrap();
        let p: Vec<u64> = dry_items(&l, &csv)
            .iter()
            .map(|i| i["progress"].as_u64().unwrap())
            .collect();
        assert_eq!(p, want, "{rows:?}");
    }
}

#[test]
fn a_status_inferred_from_progress_is_said_in_the_dry_run_and_stored() {
    let l = Ledger::new(TODAY);
    let path = l.dir.path().join("推断.xlsx");
    progress_book(
        &path,
        &[
            (P::Text("60%"), ""),
            (P::Num(1.0, Some("0%")), ""),
            (P::Text("0"), ""),
            (P::Text("30%"), "受阻"),
        ],
    );
    let db = l.dir.path().join("l.db");
    l.run_in(&db, &["init", "--empty"]).ok();
    let file = path.to_str().unwrap();
    let en = l.run_in(&db, &["import", file, "--dry-run"]).ok().stdout;
    let lines: Vec<&str> = en.lines().filter(|s| s.contains("status")).collect();
    assert_eq!(
        lines,
        [
            "      status    in-progress 60% (inferred from progress)",
            "      status    done 100% (inferred from progress)",
            "      status    blocked 30%",
        ],
        "{en}"
    );
    let zh = l
        .run_in(&db, &["--lang", "zh", "import", file, "--dry-run"])
        .ok()
        .stdout;
    assert!(zh.contains("进行中 60%（由进度推断）"), "{zh}");
    l.run_in(&db, &["import", file]).ok();
    let list = l
        .run_in(&db, &["list", "--all", "--format", "json"])
        .ok()
        .json();
    let got: Vec<(String, u64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["status"].as_str().unwrap().to_string(),
                t["progress"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("in-progress".to_string(), 60),
            ("done".to_string(), 100),
            ("not-started".to_string(), 0),
            ("blocked".to_string(), 30),
        ]
    );
}

/// One table written both as .xlsx (rust_xlsxwriter) and as .ods (OpenDocument XML, as
/// LibreOffice writes it): a group row merged across, a headline merged down over its tasks'
/// rows in the task column, a 序号 merged down with it, and a percentage cell.
struct Grid {
    /// (row, col, value, rows spanned, cols spanned)
    cells: Vec<(u32, u16, &'static str, u32, u16)>,
    /// (row, col, fraction) shown as a percentage
    percents: Vec<(u32, u16, f64)>,
}

fn grid() -> Grid {
    let head = [
        "序号",
        "督办事项",
        "具体内容",
        "牵头单位",
        "完成时限",
        "进度",
    ];
    let mut cells: Vec<(u32, u16, &'static str, u32, u16)> = head
        .iter()
        .enumerate()
        .map(|(c, h)| (0, c as u16, *h, 1, 1))
        .collect();
    cells.extend([
        (1, 0, "一、民生保障", 1, 6),
        (2, 0, "1", 2, 1),
        (2, 1, "稳定就业", 2, 1),
        (2, 2, "新增城镇就业1000人", 1, 1),
        (2, 3, "县人社局", 1, 1),
        (2, 4, "2026年6月底前", 1, 1),
        (3, 2, "开展技能培训500人次", 1, 1),
        (3, 3, "县人社局", 1, 1),
        (3, 4, "2026年12月底前", 1, 1),
        (4, 0, "2", 2, 1),
        (4, 1, "改善住房", 2, 1),
        (4, 2, "完成老旧小区改造3个", 1, 1),
        (4, 3, "县住建局", 1, 1),
        (4, 4, "年底前", 1, 1),
        (5, 2, "发放租赁补贴", 1, 1),
        (5, 3, "县住建局", 1, 1),
    ]);
    Grid {
        cells,
        percents: vec![(2, 5, 0.6), (3, 5, 1.0), (4, 5, 0.25)],
    }
}

fn xlsx_of(g: &Grid, path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("台账").unwrap();
    let plain = rust_xlsxwriter::Format::new();
    for &(r, c, v, rs, cs) in &g.cells {
        if rs > 1 || cs > 1 {
            sheet
                .merge_range(r, c, r + rs - 1, c + cs - 1, v, &plain)
                .unwrap();
        } else {
            sheet.write_string(r, c, v).unwrap();
        }
    }
    let pct = rust_xlsxwriter::Format::new().set_num_format("0%");
    for &(r, c, f) in &g.percents {
        sheet.write_number_with_format(r, c, f, &pct).unwrap();
    }
    book.save(path).unwrap();
}

fn ods_of(g: &Grid, path: &Path) {
    let rows = g.cells.iter().map(|c| c.0).max().unwrap() + 1;
    let cols = 6u16;
    let mut covered = std::collections::HashSet::new();
    for &(r, c, _, rs, cs) in &g.cells {
        for rr in r..r + rs {
            for cc in c..c + cs {
                if (rr, cc) != (r, c) {
                    covered.insert((rr, cc));
                }
            }
        }
    }
    let mut body = String::new();
    for r in 0..rows {
        body.push_str("<table:table-row>");
        for c in 0..cols {
            if covered.contains(&(r, c)) {
                body.push_str("<table:covered-table-cell/>");
            } else if let Some(&(_, _, v, rs, cs)) = g.cells.iter().find(|x| (x.0, x.1) == (r, c)) {
                body.push_str(&format!(
                    r#"<table:table-cell office:value-type="string" table:number-rows-spanned="{rs}" table:number-columns-spanned="{cs}"><text:p>{v}</text:p></table:table-cell>"#
                ));
            } else if let Some(&(_, _, f)) = g.percents.iter().find(|x| (x.0, x.1) == (r, c)) {
                body.push_str(&format!(
                    r#"<table:table-cell office:value-type="percentage" office:value="{f}"><text:p>{}%</text:p></table:table-cell>"#,
                    f * 100.0
                ));
            } else {
                body.push_str("<table:table-cell/>");
            }
        }
        body.push_str("</table:table-row>");
    }
    // LibreOffice ends a sheet with a million repeated empty rows.
    body.push_str(r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#);
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="台账"><table:table-column table:number-columns-repeated="6"/>{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        z.start_file("mimetype", stored).unwrap();
        z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        let opts = zip::write::SimpleFileOptions::default();
        for (name, text) in [
            ("META-INF/manifest.xml", manifest),
            ("content.xml", &content),
        ] {
            z.start_file(name, opts).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    std::fs::write(path, buf.into_inner()).unwrap();
}

#[test]
fn merged_cells_in_ods_read_as_in_xlsx() {
    let l = Ledger::new(TODAY);
    let g = grid();
    let (x, o) = (
        l.dir.path().join("台账.xlsx"),
        l.dir.path().join("台账.ods"),
    );
    xlsx_of(&g, &x);
    ods_of(&g, &o);
    let shape = |file: &Path| -> Value {
        let db = l.dir.path().join("m.db");
        if !db.exists() {
            l.run_in(&db, &["init", "--empty"]).ok();
        }
        let mut p = l
            .run_in(
                &db,
                &[
                    "import",
                    file.to_str().unwrap(),
                    "--dry-run",
                    "--format",
                    "json",
                ],
            )
            .ok()
            .json();
        for k in ["file", "encoding"] {
            p.as_object_mut().unwrap().remove(k);
        }
        p
    };
    let (from_xlsx, from_ods) = (shape(&x), shape(&o));
    assert_eq!(from_ods, from_xlsx);
    let recs = from_ods["recommendations"].as_array().unwrap();
    let heads: Vec<&str> = recs
        .iter()
        .map(|r| r["headline"].as_str().unwrap())
        .collect();
    // The group row above stays the headline; the task cell merged down over two rows is
    // each row's title (issue 16, a fresh user's finding: it used to replace the headline).
    assert_eq!(heads, ["民生保障"], "{from_ods}");
    let items: Vec<(&str, &str, u64)> = recs
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap())
        .map(|i| {
            (
                i["id"].as_str().unwrap(),
                i["title"].as_str().unwrap(),
                i["progress"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        items.iter().map(|i| (i.0, i.1)).collect::<Vec<_>>(),
        [
            ("1.1", "稳定就业"),
            ("1.2", "稳定就业"),
            ("1.3", "改善住房"),
            ("1.4", "改善住房")
        ],
        "{from_ods}"
    );
    assert_eq!(
        items.iter().map(|i| i.2).collect::<Vec<_>>(),
        [60, 100, 25, 0],
        "{from_ods}"
    );
}

/// A row with a bare number and only a title is a headline only above its own `N.M` tasks:
/// a task row that happens to have no other cells stays a task, never dropped.
#[test]
fn a_headline_row_needs_its_tasks_below_it() {
    let l = Ledger::new(TODAY);
    let path = l.dir.path().join("孤行.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows: &[&[&str]] = &[
        &["序号", "工作任务", "牵头单位"],
        &["1", "稳定就业"],
        &["1.1", "新增就业", "县人社局"],
        &["1.2", "技能培训", "县人社局"],
        &["2", "完善台账"],
        &["3.1", "改造小区", "县住建局"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    book.save(&path).unwrap();
    let db = l.dir.path().join("d.db");
    l.run_in(&db, &["init", "--empty"]).ok();
    let p = l
        .run_in(
            &db,
            &[
                "import",
                path.to_str().unwrap(),
                "--dry-run",
                "--format",
                "json",
            ],
        )
        .ok()
        .json();
    let recs = p["recommendations"].as_array().unwrap();
    assert_eq!(recs[0]["headline"], "稳定就业", "{p}");
    let titles: Vec<&str> = recs
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap())
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["新增就业", "技能培训", "完善台账", "改造小区"],
        "{p}"
    );
}
