//! `tracker sheets` and `tracker collect` (issue 16 §2 and §3): the return sheets read back
//! with calamine and from their XML, and answered sheets (rewritten here as a unit's
//! spreadsheet program would save them: xlsx or csv) collected into the ledger.

use std::path::{Path, PathBuf};

use calamine::Data;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

use crate::books::{Book, attr, cell_xml, part, style_of, text};
use crate::support::Ledger;

const TODAY: &str = "2026-11-26";
const WEEK: &str = "2026-W48";

/// A seeded ledger and the sheets it issued for this week, in `sheets/`.
fn issued(lang: &str) -> (Ledger, PathBuf) {
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path().join("sheets");
    l.run_on(
        TODAY,
        &["--lang", lang, "sheets", "--out", dir.to_str().unwrap()],
    )
    .ok();
    (l, dir)
}

fn sheet_of(dir: &Path, unit: &str) -> PathBuf {
    dir.join(format!("{unit}-{WEEK}.xlsx"))
}

fn ledger_id(l: &Ledger) -> String {
    rusqlite::Connection::open(&l.db)
        .unwrap()
        .query_row("SELECT value FROM meta WHERE key = 'ledger_id'", [], |r| {
            r.get(0)
        })
        .unwrap()
}

/// A value typed into a cell.
#[derive(Clone, Debug)]
enum V {
    T(&'static str),
    N(f64),
    Blank,
}

/// A cell (0-based row, column) and what the unit typed into it.
type Edit = (u32, u16, V);

/// The first sheet's cells of an issued workbook with `edits` applied, as a grid of values.
fn answered(src: &Path, edits: &[Edit]) -> (Vec<Vec<Data>>, String) {
    let book = Book::open(src);
    let (name, cells) = &book.sheets[0];
    let rows = cells.keys().map(|(r, _)| *r).max().unwrap() + 1;
    let mut grid = vec![vec![Data::Empty; 10]; rows as usize];
    for ((r, c), d) in cells {
        grid[*r as usize][*c as usize] = d.clone();
    }
    for (r, c, v) in edits {
        grid[*r as usize][*c as usize] = match v {
            V::T(s) => Data::String(s.to_string()),
            V::N(n) => Data::Float(*n),
            V::Blank => Data::Empty,
        };
    }
    (grid, name.clone())
}

/// Writes the answered grid as an xlsx (as Excel or WPS would save it).
fn save_xlsx(grid: &[Vec<Data>], sheet: &str, dst: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in grid.iter().enumerate() {
        for (c, d) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match d {
                Data::String(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    ws.write_number(r, c, *f).unwrap();
                }
                Data::Int(i) => {
                    ws.write_number(r, c, *i as f64).unwrap();
                }
                Data::DateTime(d) => {
                    ws.write_number(r, c, d.as_f64()).unwrap();
                }
                _ => {}
            }
        }
    }
    book.save(dst).unwrap();
}

/// Writes the answered grid as csv (RFC 4180), UTF-8 with a byte-order mark or GB18030.
fn save_csv(grid: &[Vec<Data>], dst: &Path, gb18030: bool) {
    let mut s = String::new();
    for row in grid {
        let cells: Vec<String> = row
            .iter()
            .map(|d| {
                let t = match d {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::DateTime(d) => d.as_f64().to_string(),
                    d => d.to_string(),
                };
                if t.contains([',', '"', '\n']) {
                    format!("\"{}\"", t.replace('"', "\"\""))
                } else {
                    t
                }
            })
            .collect();
        s.push_str(&cells.join(","));
        s.push_str("\r\n");
    }
    let bytes = if gb18030 {
        encoding_rs::GB18030.encode(&s).0.into_owned()
    } else {
        let mut b = "\u{feff}".as_bytes().to_vec();
        b.extend(s.as_bytes());
        b
    };
    std::fs::write(dst, bytes).unwrap();
}

fn sha256(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// 组织科's sheet: 1.1 … 1.5 in rows 4 … 8 (0-based 3 … 7); 1.4 is row 7.
const R14: u32 = 6;
const R12: u32 = 4;
const STATUS: u16 = 4;
const PROGRESS: u16 = 5;

fn answers_for_1_4_and_1_2() -> Vec<Edit> {
    vec![
        (R14, PROGRESS, V::N(60.0)),
        (R14, 6, V::T("已完成调研报告初稿")),
        (R14, 7, V::T("部分县区数据未报")),
        (R14, 8, V::T("12月上旬报审")),
        (R12, STATUS, V::T("已完成")),
        (R12, 6, V::T("会议已召开")),
        // A progress cleared: left as it is.
        (7, PROGRESS, V::Blank),
    ]
}

fn history(l: &Ledger, id: &str) -> Vec<serde_json::Value> {
    l.run_on(TODAY, &["history", id, "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn each_unit_gets_a_workbook_of_the_tasks_it_leads_and_supports() {
    let (l, dir) = issued("zh");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 11, "{files:?}");
    assert!(files.contains(&format!("组织科-{WEEK}.xlsx")));

    let book = Book::open(&sheet_of(&dir, "组织科"));
    assert_eq!(book.names(), ["进展反馈"]);
    let s = book.sheet("进展反馈");
    assert!(text(s, 0, 0).contains("组织科") && text(s, 0, 0).contains(WEEK));
    let headers: Vec<String> = (0..9).map(|c| text(s, 2, c)).collect();
    assert_eq!(
        headers,
        [
            "序号",
            "督办事项",
            "职责",
            "完成时限",
            "状态",
            "进度(%)",
            "本周进展",
            "存在问题",
            "下步打算"
        ]
    );
    let ids: Vec<String> = (3..8).map(|r| text(s, r, 0)).collect();
    assert_eq!(ids, ["1.1", "1.2", "1.3", "1.4", "1.5"]);
    assert_eq!(text(s, R14, 2), "牵头");
    assert_eq!(text(s, R14, 4), "未开始");
    assert_eq!(s[&(R14, 5)], Data::Float(0.0));
    assert!(matches!(s[&(R14, 3)], Data::DateTime(_)));
    // The hidden identity: this ledger, the week, the unit; each task's state at issue.
    assert_eq!(
        text(s, 0, 9),
        format!("tracker-return-sheet|1|{}|{WEEK}|组织科", ledger_id(&l))
    );
    assert_eq!(text(s, R14, 9), "1.4|not-started|0");
    let xml = part(&sheet_of(&dir, "组织科"), "xl/worksheets/sheet1.xml");
    let col_j = xml
        .split("<col ")
        .find(|c| c.starts_with("min=\"10\""))
        .unwrap();
    assert!(col_j.contains("hidden=\"1\""), "{col_j}");

    // Supported tasks are there too, marked.
    let s = Book::open(&sheet_of(&dir, "人才工作科"));
    let s = s.sheet("进展反馈");
    let rows: Vec<(String, String)> = (3..7).map(|r| (text(s, r, 0), text(s, r, 2))).collect();
    assert_eq!(
        rows,
        [
            ("3.1".into(), "牵头".into()),
            ("3.3".into(), "牵头".into()),
            ("3.4".into(), "配合".into()),
            ("3.5".into(), "配合".into())
        ]
    );
    let s = Book::open(&sheet_of(&dir, "县区"));
    let s = s.sheet("进展反馈");
    assert_eq!(text(s, 3, 0), "1.3");
    assert_eq!(text(s, 3, 2), "配合");

    // --owner: one unit's sheet; done tasks are not asked about.
    l.run_on(
        "2026-11-26T10:00:00",
        &["update", "3.1", "--status", "done"],
    )
    .ok();
    let one = l.dir.path().join("one");
    let out = l
        .run_on(
            TODAY,
            &[
                "sheets",
                "--owner",
                "人才工作科",
                "--out",
                one.to_str().unwrap(),
            ],
        )
        .ok();
    assert!(out.stdout.contains("人才工作科"), "{}", out.stdout);
    let book = Book::open(&sheet_of(&one, "人才工作科"));
    let s = book.sheet("Progress return");
    assert_eq!(text(s, 3, 0), "3.3");
    assert_eq!(std::fs::read_dir(&one).unwrap().count(), 1);
}

#[test]
fn only_the_answer_cells_are_editable_with_a_status_list_and_a_whole_number_check() {
    let (_l, dir) = issued("zh");
    let path = sheet_of(&dir, "组织科");
    let xml = part(&path, "xl/worksheets/sheet1.xml");
    let protection = xml
        .split("<sheetProtection")
        .nth(1)
        .expect("the sheet is protected");
    let protection = &protection[..protection.find("/>").unwrap()];
    assert!(
        !protection.contains("password"),
        "no password: {protection}"
    );
    // Answer cells unlocked; the others keep the default lock.
    for cell in ["E7", "F7", "G7", "H7", "I7"] {
        let (_, _, xf) = style_of(&path, "xl/worksheets/sheet1.xml", cell);
        assert!(xf.contains("locked=\"0\""), "{cell} unlocked: {xf}");
    }
    for cell in ["A7", "B7", "C7", "D7"] {
        let (_, _, xf) = style_of(&path, "xl/worksheets/sheet1.xml", cell);
        assert!(!xf.contains("locked=\"0\""), "{cell} locked: {xf}");
    }
    let dv: Vec<&str> = xml.split("<dataValidation ").skip(1).collect();
    let list = dv.iter().find(|d| d.contains("type=\"list\"")).unwrap();
    assert_eq!(attr(&format!(" {list}"), "sqref").unwrap(), "E4:E8");
    assert!(
        list.contains("<formula1>\"未开始,进行中,受阻,已完成,已取消\"</formula1>"),
        "{list}"
    );
    let whole = dv.iter().find(|d| d.contains("type=\"whole\"")).unwrap();
    assert_eq!(attr(&format!(" {whole}"), "sqref").unwrap(), "F4:F8");
    assert!(whole.contains("<formula1>0</formula1><formula2>100</formula2>"));
    // In English, the list is in English.
    let (_l, dir) = issued("en");
    let xml = part(&sheet_of(&dir, "组织科"), "xl/worksheets/sheet1.xml");
    assert!(xml.contains("\"not-started,in-progress,blocked,done,cancelled\""));
    assert!(cell_xml(&xml, "J1").contains("t=\"s\"") || cell_xml(&xml, "J1").contains("t=\"str\""));
}

#[test]
fn a_returned_sheet_becomes_one_change_per_task_by_the_unit_with_a_labelled_note() {
    let (l, dir) = issued("zh");
    let (grid, name) = answered(&sheet_of(&dir, "组织科"), &answers_for_1_4_and_1_2());
    let back = l.dir.path().join(format!("组织科-{WEEK}.xlsx"));
    save_xlsx(&grid, &name, &back);
    let hash = sha256(&back);
    let before_11 = history(&l, "1.1").len();

    // A dry run shows per task what would change, and writes nothing.
    let before = l.dump();
    let dry = l
        .run_on(
            "2026-11-27T09:00:00",
            &[
                "--lang",
                "zh",
                "collect",
                back.to_str().unwrap(),
                "--dry-run",
            ],
        )
        .ok()
        .stdout;
    assert!(l.dump() == before, "a dry run writes nothing");
    let line = |id: &str| {
        dry.lines()
            .find(|l| l.trim_start().starts_with(id))
            .unwrap()
    };
    assert!(line("1.4").contains("0% -> 60%"), "{dry}");
    assert!(
        line("1.4").contains("【本周进展】已完成调研报告初稿"),
        "{dry}"
    );
    assert!(line("1.2").contains("已完成"), "{dry}");
    assert!(line("1.1").contains("无变化"), "{dry}");
    assert!(line("1.5").contains("无变化"), "{dry}");

    let out = l
        .run_on(
            "2026-11-27T09:00:00",
            &["--lang", "zh", "collect", back.to_str().unwrap()],
        )
        .ok();
    assert!(out.stdout.contains("1.2, 1.4"), "{}", out.stdout);

    let h14 = history(&l, "1.4");
    let new: Vec<&serde_json::Value> = h14.iter().filter(|e| e["actor"] == "组织科").collect();
    let fields: Vec<&str> = new.iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["status", "progress"], "{new:?}");
    assert_eq!(new[1]["new"], "60");
    assert_eq!(new[0]["new"], "in-progress");
    assert_eq!(new[0]["change"], new[1]["change"]);
    let note = new[0]["note"].as_str().unwrap();
    assert_eq!(
        note,
        format!(
            "【本周进展】已完成调研报告初稿 【存在问题】部分县区数据未报 【下步打算】12月上旬报审 【来源】组织科-{WEEK}.xlsx SHA-256 {hash}"
        )
    );
    let h12 = history(&l, "1.2");
    let new12: Vec<&serde_json::Value> = h12.iter().filter(|e| e["actor"] == "组织科").collect();
    assert_eq!(new12.len(), 2, "done, and progress to 100: {new12:?}");
    assert_eq!(new12[0]["new"], "done");
    assert_eq!(new12[1]["new"], "100");
    assert!(
        new12[0]["note"]
            .as_str()
            .unwrap()
            .starts_with("【本周进展】会议已召开 【来源】")
    );
    assert_eq!(
        history(&l, "1.1").len(),
        before_11,
        "an untouched task is unchanged"
    );

    // show and the report give the note in its labelled parts.
    // (show wraps the note at its spaces, so each part starts a line of the cell.)
    let show = crate::support::run(
        l.cmd()
            .env("COLUMNS", "200")
            .args(["--lang", "zh", "show", "1.4"]),
    )
    .ok()
    .stdout;
    for part in [
        "【本周进展】已完成调研报告初稿",
        "【存在问题】部分县区数据未报",
        "【下步打算】12月上旬报审",
    ] {
        assert!(show.contains(part), "{part} in {show}");
    }
    let report = l
        .run_on("2026-11-27", &["report", "--format", "json"])
        .ok()
        .json();
    let row = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "1.4")
        .unwrap();
    assert!(
        row["this_week"]
            .to_string()
            .contains("【下步打算】12月上旬报审")
    );

    // The unit has answered; the others have not.
    let missing = l
        .run_on(TODAY, &["collect", "--missing", "--week", WEEK])
        .ok()
        .stdout;
    assert!(!missing.contains("组织科"), "{missing}");
    assert!(
        missing.contains("县区") && missing.contains("人事局"),
        "{missing}"
    );
    assert_eq!(missing.lines().count(), 10);
}

#[test]
fn a_sheet_saved_as_csv_in_utf8_or_gb18030_is_collected_too() {
    let (l, dir) = issued("zh");
    let (grid, _) = answered(&sheet_of(&dir, "组织科"), &answers_for_1_4_and_1_2());
    let utf8 = l.dir.path().join("组织科.csv");
    save_csv(&grid, &utf8, false);
    l.run_on(TODAY, &["collect", utf8.to_str().unwrap()]).ok();
    let show = l
        .run_on(TODAY, &["show", "1.4", "--format", "json"])
        .ok()
        .json();
    assert_eq!(show["progress"], 60);

    let (grid, _) = answered(
        &sheet_of(&dir, "县区"),
        &[(3, STATUS, V::T("受阻")), (3, 7, V::T("缺少经费"))],
    );
    let gbk = l.dir.path().join("县区.csv");
    save_csv(&grid, &gbk, true);
    l.run_on(TODAY, &["collect", gbk.to_str().unwrap()]).ok();
    let h = history(&l, "1.3");
    let last = h.last().unwrap();
    assert_eq!(last["actor"], "县区");
    assert_eq!(last["new"], "blocked");
    assert!(
        last["note"]
            .as_str()
            .unwrap()
            .starts_with("【存在问题】缺少经费 【来源】县区.csv")
    );
}

/// Every refusal leaves the ledger as it was, on one line naming the file.
#[test]
fn refused_sheets_write_nothing_and_say_why() {
    let (l, dir) = issued("zh");
    let save = |edits: &[Edit], name: &str| -> PathBuf {
        let (grid, sheet) = answered(&sheet_of(&dir, "组织科"), edits);
        let p = l.dir.path().join(name);
        save_xlsx(&grid, &sheet, &p);
        p
    };
    let before = l.dump();
    let file = format!("组织科-{WEEK}.xlsx");
    let bad_progress = format!("{file}!F7: 进度 must be a whole number 0–100");
    let cases: Vec<(Vec<Edit>, String)> = vec![
        (vec![(R14, PROGRESS, V::N(101.0))], bad_progress.clone()),
        (vec![(R14, PROGRESS, V::N(4.5))], bad_progress.clone()),
        (vec![(R14, PROGRESS, V::N(-1.0))], bad_progress.clone()),
        (
            vec![(R14, PROGRESS, V::T("大约一半"))],
            bad_progress.clone(),
        ),
        (vec![(R14, PROGRESS, V::T("40.5%"))], bad_progress.clone()),
        (
            vec![(R14, STATUS, V::T("差不多了"))],
            format!("{file}!E7: 状态 must be one of 未开始、进行中、受阻、已完成、已取消"),
        ),
        (
            vec![(R12, STATUS, V::T("已完成")), (R12, PROGRESS, V::N(40.0))],
            "1.2".to_string(),
        ),
    ];
    for (i, (edits, needle)) in cases.iter().enumerate() {
        let sub = l.dir.path().join(format!("case{i}"));
        std::fs::create_dir_all(&sub).unwrap();
        let p = save(edits, &format!("case{i}/{file}"));
        let msg = l
            .run_on(TODAY, &["--lang", "zh", "collect", p.to_str().unwrap()])
            .fails(1, &[needle]);
        assert!(!msg.contains("SQLite") && !msg.contains('\u{1b}'), "{msg}");
        assert!(l.dump() == before, "case {i} wrote something");
    }

    // A task's row copied: answered twice.
    let (mut grid, sheet) = answered(&sheet_of(&dir, "组织科"), &[]);
    let copied = grid[R14 as usize].clone();
    grid.push(copied);
    let twice = l.dir.path().join("twice.xlsx");
    save_xlsx(&grid, &sheet, &twice);
    l.run_on(TODAY, &["collect", twice.to_str().unwrap()])
        .fails(1, &["twice.xlsx", "1.4", "twice", "rows 7 and 9"]);
    assert!(l.dump() == before);

    // Another ledger did not issue it.
    let other = Ledger::seeded("2026-03-02");
    let good = save(&answers_for_1_4_and_1_2(), &file);
    let other_before = other.dump();
    other
        .run_on(TODAY, &["collect", good.to_str().unwrap()])
        .fails(1, &[&file, "another ledger"]);
    assert!(other.dump() == other_before);

    // A task changed in the ledger since the sheet was issued: named; --force applies.
    l.run_on(
        "2026-11-26T15:00:00",
        &["update", "1.4", "--progress", "10"],
    )
    .ok();
    let changed = l.dump();
    l.run_on(TODAY, &["collect", good.to_str().unwrap()])
        .fails(1, &[&file, "1.4", "--force"]);
    assert!(l.dump() == changed);
    l.run_on(TODAY, &["collect", good.to_str().unwrap(), "--force"])
        .ok();
    let show = l
        .run_on(TODAY, &["show", "1.4", "--format", "json"])
        .ok()
        .json();
    assert_eq!(show["progress"], 60);

    // The same content again: refused, even under another name.
    let applied = l.dump();
    l.run_on(TODAY, &["collect", good.to_str().unwrap()])
        .fails(1, &["already collected"]);
    let copy = l.dir.path().join("副本.xlsx");
    std::fs::copy(&good, &copy).unwrap();
    l.run_on(TODAY, &["collect", copy.to_str().unwrap()])
        .fails(1, &["副本.xlsx", "already collected"]);
    assert!(l.dump() == applied);

    // Not a return sheet; not a spreadsheet at all.
    let ledger_book = l.dir.path().join("台账.xlsx");
    l.run_on(
        TODAY,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            ledger_book.to_str().unwrap(),
        ],
    )
    .ok();
    l.run_on(TODAY, &["collect", ledger_book.to_str().unwrap()])
        .fails(1, &["台账.xlsx", "not a return sheet"]);
    let junk = l.dir.path().join("junk.xlsx");
    std::fs::write(&junk, "hello").unwrap();
    l.run_on(TODAY, &["collect", junk.to_str().unwrap()])
        .fails(1, &["junk.xlsx", "cannot be read"]);
    l.run_on(TODAY, &["collect", "/nonexistent/x.xlsx"])
        .fails(1, &["cannot read"]);
    assert!(l.dump() == applied);
}

#[test]
fn missing_sheets_need_issued_ones() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on(TODAY, &["collect", "--missing"])
        .fails(1, &["no sheets were issued", WEEK]);
    l.run_on(TODAY, &["collect"]).fails(2, &["required"]);
    l.run_on(TODAY, &["collect", "--week", WEEK, "x.xlsx"])
        .fails(1, &["--week goes with --missing"]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A progress cell holding any number is accepted exactly when it is a whole number from
    /// 0 to 100, and otherwise refused by its cell.
    #[test]
    fn progress_cells_are_accepted_exactly_when_whole_and_within_0_to_100(
        n in prop_oneof![-200i32..300, 0i32..=100].prop_map(f64::from),
        frac in prop_oneof![Just(0.0), Just(0.5), Just(0.25)],
    ) {
        let (l, dir) = cached();
        let value = n + frac;
        let (grid, sheet) = answered(&sheet_of(dir, "组织科"), &[(R14, PROGRESS, V::N(value))]);
        let p = l.dir.path().join(format!("p{value}.xlsx"));
        save_xlsx(&grid, &sheet, &p);
        let out = l.run_on(TODAY, &["--lang", "zh", "collect", p.to_str().unwrap(), "--dry-run"]);
        let ok = frac == 0.0 && (0.0..=100.0).contains(&value);
        prop_assert_eq!(out.code == 0, ok, "{} {}", value, out.stderr);
        if !ok {
            prop_assert!(out.stderr.contains("!F7: 进度 must be a whole number 0–100"), "{}", out.stderr);
        }
    }
}

/// One issued ledger shared by the property's cases (they only dry-run).
fn cached() -> &'static (Ledger, PathBuf) {
    static CELL: std::sync::OnceLock<(Ledger, PathBuf)> = std::sync::OnceLock::new();
    CELL.get_or_init(|| issued("zh"))
}
