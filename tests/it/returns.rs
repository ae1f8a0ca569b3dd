//! Return sheets as a fresh user broke them (issue 16 §2–3): file names that meet or run
//! long, a returned file in the folder, long and multi-line answers, several files at once,
//! undo of a collected sheet, damaged or foreign rows, and both languages.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use calamine::Data;
use proptest::prelude::*;

use crate::answer::*;
use crate::books::{Book, text};
use crate::support::Ledger;

/// Every file in a folder, by name, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap_or_default(),
                )
            })
            .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The unit each workbook in `dir` was issued to, read from its hidden identity.
fn units_of(dir: &Path) -> Vec<String> {
    files(dir)
        .iter()
        .map(|(name, _)| {
            let book = Book::open(&dir.join(name));
            let id = text(&book.sheets[0].1, 0, 9);
            id.rsplit('|').next().unwrap().to_string()
        })
        .collect()
}

fn sheets(l: &Ledger, dir: &Path) -> crate::support::Output {
    l.run_on(TODAY, &["sheets", "--out", dir.to_str().unwrap()])
}

#[test]
fn units_whose_names_meet_or_run_long_each_get_their_own_file() {
    let l = Ledger::seeded("2026-03-02");
    let long = "很".repeat(99) + "甲";
    let long2 = "很".repeat(99) + "乙";
    // Pairs that meet once made file names: by an unsafe character, by case, by length.
    for (id, unit) in [
        ("1.1", "a/b"),
        ("1.2", "a_b"),
        ("1.3", "ABC科"),
        ("1.4", "abc科"),
        ("1.5", long.as_str()),
        ("2.2", long2.as_str()),
        ("2.3", ".隐藏"),
        ("2.4", "-rf"),
        ("2.5", "a:b*c?"),
    ] {
        // Names close to each other on purpose: `--new-unit` says so.
        l.run_on(
            TODAY,
            &["update", id, &format!("--lead={unit}"), "--new-unit"],
        )
        .ok();
    }
    let dir = l.dir.path().join("out");
    sheets(&l, &dir).ok();
    let mut units = units_of(&dir);
    units.sort();
    let unique: BTreeSet<&String> = units.iter().collect();
    assert_eq!(
        unique.len(),
        units.len(),
        "two files for one unit: {units:?}"
    );
    for u in [
        "a/b", "a_b", "ABC科", "abc科", &long, &long2, ".隐藏", "-rf", "a:b*c?",
    ] {
        assert!(units.iter().any(|x| x == u), "{u} has no sheet: {units:?}");
    }
    let names: Vec<String> = files(&dir).into_iter().map(|(n, _)| n).collect();
    let lower: BTreeSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(lower.len(), names.len(), "names meet when case is ignored");
    for n in &names {
        // Room for the writer's temporary name (12 bytes more) within 255.
        assert!(n.len() <= 200, "{n} is {} bytes", n.len());
        assert!(!n.starts_with('.') && !n.starts_with('-'), "{n}");
        assert!(n.ends_with("-2026-W48.xlsx"), "{n}");
        assert!(!n.contains(['/', '\\', ':', '*', '?']), "{n}");
    }
    // The names are the same next time (a unit keeps its file from run to run).
    let again = l.dir.path().join("again");
    sheets(&l, &again).ok();
    let names2: Vec<String> = files(&again).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, names2);
}

#[test]
fn a_run_that_cannot_write_every_sheet_writes_none() {
    let (l, _) = issued("zh");
    let dir = l.dir.path().join("half");
    std::fs::create_dir_all(&dir).unwrap();
    // A folder where one sheet goes: found before anything is written.
    std::fs::create_dir(dir.join(format!("组织科-{WEEK}.xlsx"))).unwrap();
    let before = files(&dir);
    sheets(&l, &dir).fails(
        1,
        &[
            "组织科-2026-W48.xlsx",
            "is not a return sheet file",
            "nothing written",
        ],
    );
    assert_eq!(files(&dir), before, "no sheet written");
    // A folder that cannot be made leaves nothing either.
    let blocker = l.dir.path().join("blocker");
    std::fs::write(&blocker, "x").unwrap();
    sheets(&l, &blocker.join("sub")).fails(1, &["blocker"]);
    assert_eq!(std::fs::read(&blocker).unwrap(), b"x");
}

#[test]
fn a_returned_sheet_in_the_folder_is_never_overwritten() {
    let (l, dir) = issued("zh");
    let mine = sheet_of(&dir, "组织科");
    // Opened and saved again without an answer: replaced on the next run.
    let (grid, sheet) = answered(&mine, &[]);
    save_xlsx(&grid, &sheet, &mine);
    sheets(&l, &dir).ok();
    // Filled in: kept, named, and nothing of the run written.
    let (grid, sheet) = answered(&mine, &answers_for_1_4_and_1_2());
    save_xlsx(&grid, &sheet, &mine);
    let other = sheet_of(&dir, "县区");
    std::fs::write(&other, "not a sheet").unwrap();
    let before = files(&dir);
    let msg = sheets(&l, &dir).fails(
        1,
        &[
            "组织科-2026-W48.xlsx",
            "县区-2026-W48.xlsx",
            "answers",
            "nothing written",
        ],
    );
    assert!(
        !msg.contains("人事局"),
        "only the kept files are named: {msg}"
    );
    assert_eq!(files(&dir), before, "no file of the run written");
    l.run_on(
        TODAY,
        &["--lang", "zh", "sheets", "--out", dir.to_str().unwrap()],
    )
    .fails(1, &["错误：未写入任何文件", "组织科-2026-W48.xlsx"]);
    // The filled-in file is still collected as returned.
    l.run_on(TODAY, &["collect", mine.to_str().unwrap()]).ok();
}

/// Answers longer than a note holds, or than a spreadsheet cell holds, are refused by their
/// cells when collected, so that later workbooks of the ledger can still be written.
#[test]
fn answers_too_long_for_a_note_are_refused_by_their_cells() {
    let (l, dir) = issued("zh");
    let before = l.dump();
    let file = format!("组织科-{WEEK}.xlsx");
    let long = |n: usize| "长".repeat(n);
    // (cells, csv? (a cell past xlsx's 32,767 can only come as csv), the cells named)
    type Case = (Vec<(u16, String)>, bool, String);
    let cases: Vec<Case> = vec![
        (
            vec![(6, long(20_001))],
            false,
            format!("{file}!G7: 本周进展"),
        ),
        (
            vec![(8, long(40_000))],
            true,
            format!("{file}!I7: 下步打算"),
        ),
        (
            vec![(6, long(7_000)), (7, long(7_000)), (8, long(6_000))],
            false,
            format!("{file}!G7:I7"),
        ),
    ];
    for (i, (cells, csv, needle)) in cases.iter().enumerate() {
        let (mut grid, sheet) = answered(&sheet_of(&dir, "组织科"), &[]);
        for (c, t) in cells {
            grid[R14 as usize][*c as usize] = Data::String(t.clone());
        }
        let sub = l.dir.path().join(format!("long{i}"));
        std::fs::create_dir_all(&sub).unwrap();
        let p = if *csv {
            let p = sub.join(&file);
            let p = p.with_extension("csv");
            save_csv(&grid, &p, false);
            p
        } else {
            let p = sub.join(&file);
            save_xlsx(&grid, &sheet, &p);
            p
        };
        let needle = if *csv {
            needle.replace(".xlsx", ".csv")
        } else {
            needle.clone()
        };
        l.run_on(TODAY, &["collect", p.to_str().unwrap()])
            .fails(1, &[&needle, "too long"]);
        assert!(l.dump() == before, "case {i} wrote something");
    }
    // Just within the bound: collected, and the ledger's workbooks are still written.
    let (mut grid, sheet) = answered(&sheet_of(&dir, "组织科"), &[]);
    grid[R14 as usize][6] = Data::String(long(19_800));
    let p = l.dir.path().join("ok.xlsx");
    save_xlsx(&grid, &sheet, &p);
    l.run_on(TODAY, &["collect", p.to_str().unwrap()]).ok();
    let book = l.dir.path().join("台账.xlsx");
    l.run_on(
        TODAY,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            book.to_str().unwrap(),
        ],
    )
    .ok();
    let report = l.dir.path().join("周报.xlsx");
    l.run_on(
        TODAY,
        &[
            "report",
            "--format",
            "xlsx",
            "--out",
            report.to_str().unwrap(),
        ],
    )
    .ok();
}

#[test]
fn several_files_are_collected_all_or_none() {
    let (l, dir) = issued("zh");
    let save = |unit: &str, edits: &[Edit], name: &str| -> PathBuf {
        let (grid, sheet) = answered(&sheet_of(&dir, unit), edits);
        let p = l.dir.path().join(name);
        save_xlsx(&grid, &sheet, &p);
        p
    };
    let a = save("组织科", &answers_for_1_4_and_1_2(), "A.xlsx");
    let b = save("县区", &[(3, PROGRESS, V::N(150.0))], "B.xlsx");
    let c = save("人才工作科", &[(3, 6, V::T("已起草方案"))], "C.xlsx");
    let d = save("干部科", &[(3, PROGRESS, V::T("很多"))], "D.xlsx");
    let p = |x: &PathBuf| x.to_str().unwrap().to_string();
    let before = l.dump();
    // One refused: none applied, the refused file named, the others said to be fine.
    let msg = l.run_on(TODAY, &["collect", &p(&a), &p(&b), &p(&c)]).fails(
        1,
        &[
            "B.xlsx!F4: 进度 must be a whole number 0–100",
            "nothing collected",
            "2 files were fine",
        ],
    );
    assert!(!msg.contains("A.xlsx") && !msg.contains("C.xlsx"), "{msg}");
    assert!(l.dump() == before, "nothing applied");
    // Two refused: both named on the one line.
    l.run_on(TODAY, &["collect", &p(&a), &p(&b), &p(&d)]).fails(
        1,
        &[
            "2 of 3 files refused, nothing collected",
            "B.xlsx!F4",
            "D.xlsx!F4",
        ],
    );
    l.run_on(TODAY, &["--lang", "zh", "collect", &p(&a), &p(&b), &p(&d)])
        .fails(
            1,
            &[
                "错误：3 个文件中 2 个被拒绝，未回收任何文件",
                "B.xlsx!F4：进度",
            ],
        );
    // The same file twice.
    let copy = l.dir.path().join("A副本.xlsx");
    std::fs::copy(&a, &copy).unwrap();
    l.run_on(TODAY, &["collect", &p(&a), &p(&copy)])
        .fails(1, &["A副本.xlsx is the same file as A.xlsx"]);
    assert!(l.dump() == before);
    // All good: all applied, each named in the summary, each its own change.
    let out = l.run_on(TODAY, &["collect", &p(&a), &p(&c)]).ok();
    assert!(
        out.stdout
            .contains("A.xlsx: collected (组织科), 2 tasks updated: 1.2, 1.4"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("C.xlsx: collected (人才工作科), 1 task updated: 3.1"),
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("2 files collected"), "{}", out.stderr);
    let changes = |id: &str, actor: &str| -> BTreeSet<i64> {
        history(&l, id)
            .iter()
            .filter(|e| e["actor"] == actor)
            .map(|e| e["change"].as_i64().unwrap())
            .collect()
    };
    let ca = changes("1.4", "组织科");
    let cc = changes("3.1", "人才工作科");
    assert_eq!(ca.len(), 1);
    assert_eq!(cc.len(), 1);
    assert_ne!(ca, cc, "one change per file");
}

/// The lead's and a supporting unit's sheets name the same task: collected together, the
/// second is checked against the ledger as the first leaves it.
#[test]
fn a_task_on_two_sheets_is_checked_against_the_first_in_one_collect() {
    let (l, dir) = issued("zh");
    let save = |unit: &str, edits: &[Edit], name: &str| -> String {
        let (grid, sheet) = answered(&sheet_of(&dir, unit), edits);
        let p = l.dir.path().join(name);
        save_xlsx(&grid, &sheet, &p);
        p.to_str().unwrap().to_string()
    };
    // 1.3 is 组织科's (row 6) and 县区's (row 4).
    let lead = save("组织科", &[(5, PROGRESS, V::N(50.0))], "lead.xlsx");
    let note_only = save("县区", &[(3, 6, V::T("已报送数据"))], "support.xlsx");
    let moves = save("县区", &[(3, PROGRESS, V::N(30.0))], "support2.xlsx");
    let before = l.dump();
    l.run_on(TODAY, &["collect", &lead, &moves]).fails(
        1,
        &[
            "support2.xlsx: 1.3 changed",
            "by lead.xlsx in this same collect",
            "--force",
        ],
    );
    assert!(l.dump() == before);
    // A note alone overwrites nothing: both collected.
    l.run_on(TODAY, &["collect", &lead, &note_only]).ok();
    let show = l
        .run_on(TODAY, &["show", "1.3", "--format", "json"])
        .ok()
        .json();
    assert_eq!(show["progress"], 50);
    assert!(history(&l, "1.3").iter().any(|e| {
        e["actor"] == "县区"
            && e["note"]
                .as_str()
                .unwrap_or("")
                .starts_with("【本周进展】已报送数据")
    }));
}

#[test]
fn undo_takes_a_collected_sheet_back_whole_and_releases_it() {
    for who in ["office", "unit"] {
        let (l, dir) = issued("zh");
        let (grid, sheet) = answered(&sheet_of(&dir, "组织科"), &answers_for_1_4_and_1_2());
        let back = l.dir.path().join("back.xlsx");
        save_xlsx(&grid, &sheet, &back);
        // The office's own earlier change, which an undo must not take instead.
        l.run_on("2026-11-25", &["note", "2.1", "办公室的记录"])
            .ok();
        let before = l
            .run_on(TODAY, &["list", "--all", "--format", "json"])
            .ok()
            .stdout;
        l.run_on(TODAY, &["collect", back.to_str().unwrap()]).ok();
        let missing = || l.run_on(TODAY, &["collect", "--missing"]).ok().stdout;
        assert!(!missing().contains("组织科"));
        let undo: &[&str] = match who {
            "office" => &["undo"],
            _ => &["undo", "--by", "组织科"],
        };
        l.run_on(TODAY, undo).ok();
        let after = l
            .run_on(TODAY, &["list", "--all", "--format", "json"])
            .ok()
            .stdout;
        assert_eq!(after, before, "{who}: status and progress restored");
        // The notes are withdrawn: kept in the history, out of the report.
        let h = history(&l, "1.4");
        assert!(
            h.iter()
                .any(|e| e["withdrawn"] == true || e["undoes"].is_i64()),
            "{h:?}"
        );
        let report = l.run_on(TODAY, &["report", "--format", "json"]).ok().stdout;
        assert!(
            !report.contains("已完成调研报告初稿"),
            "{who}: note left in the report"
        );
        assert!(
            report.contains("办公室的记录") || who == "unit",
            "the office's note stays"
        );
        // Released: listed as missing, and the same file may be collected again.
        assert!(missing().contains("组织科"), "{who}: {}", missing());
        l.run_on(TODAY, &["collect", back.to_str().unwrap()]).ok();
        assert!(!missing().contains("组织科"));
        let show = l
            .run_on(TODAY, &["show", "1.4", "--format", "json"])
            .ok()
            .json();
        assert_eq!(show["progress"], 60);
    }
    // Undoing the undo (a redo) counts the sheet as collected again.
    let (l, dir) = issued("zh");
    let (grid, sheet) = answered(&sheet_of(&dir, "组织科"), &answers_for_1_4_and_1_2());
    let back = l.dir.path().join("back.xlsx");
    save_xlsx(&grid, &sheet, &back);
    l.run_on(TODAY, &["collect", back.to_str().unwrap()]).ok();
    l.run_on(TODAY, &["undo"]).ok();
    l.run_on(TODAY, &["undo"]).ok();
    let missing = l.run_on(TODAY, &["collect", "--missing"]).ok().stdout;
    assert!(!missing.contains("组织科"), "{missing}");
    l.run_on(TODAY, &["collect", back.to_str().unwrap()])
        .fails(1, &["already collected"]);
    let show = l
        .run_on(TODAY, &["show", "1.4", "--format", "json"])
        .ok()
        .json();
    assert_eq!(show["progress"], 60);
}

/// Rows a unit (or its spreadsheet program) damaged: each refused by the cell, nothing written.
#[test]
fn damaged_or_foreign_rows_are_refused_by_their_cell() {
    let (l, dir) = issued("zh");
    let file = format!("组织科-{WEEK}.xlsx");
    let mine = sheet_of(&dir, "组织科");
    let (foreign, _) = answered(&sheet_of(&dir, "干部科"), &[(3, 6, V::T("外单位"))]);
    let before = l.dump();
    type Damage = Box<dyn Fn(&mut Vec<Vec<Data>>)>;
    let set = |r: u32, c: u16, v: &'static str| -> Damage {
        Box::new(move |g: &mut Vec<Vec<Data>>| g[r as usize][c as usize] = Data::String(v.into()))
    };
    let cases: Vec<(&str, Damage, Vec<String>)> = vec![
        (
            "state damaged",
            set(R14, 9, "1.4|进行|xx"),
            vec![format!(
                "{file}!J7: the hidden task state of row 7 is damaged"
            )],
        ),
        (
            "state emptied, row answered",
            Box::new(|g: &mut Vec<Vec<Data>>| {
                g[R14 as usize][9] = Data::Empty;
                g[R14 as usize][6] = Data::String("进展".into());
            }),
            vec![format!("{file}!A7: row 7 is not one of the sheet's tasks")],
        ),
        (
            "a row added",
            Box::new(|g: &mut Vec<Vec<Data>>| {
                let mut row = vec![Data::Empty; 10];
                row[6] = Data::String("另起一行".into());
                g.push(row);
            }),
            vec![format!("{file}!G9: row 9 is not one of the sheet's tasks")],
        ),
        (
            "序号 retyped",
            set(R14, 0, "1.5"),
            vec![format!(
                "{file}!A7: 序号 says 1.5 but the row was issued for task 1.4"
            )],
        ),
        (
            "another unit's row",
            Box::new(move |g: &mut Vec<Vec<Data>>| g.push(foreign[3].clone())),
            vec![format!("{file}!A9: task 3.4 is no longer a task of 组织科")],
        ),
        (
            "week 99",
            Box::new(|g: &mut Vec<Vec<Data>>| {
                let id = match &g[0][9] {
                    Data::String(s) => s.replace("2026-W48", "2026-W99"),
                    _ => unreachable!(),
                };
                g[0][9] = Data::String(id);
            }),
            vec![format!(
                "{file}!J1: the sheet's week '2026-W99' is not a week"
            )],
        ),
        (
            "week 53 of a 52-week year",
            Box::new(|g: &mut Vec<Vec<Data>>| {
                let id = match &g[0][9] {
                    Data::String(s) => s.replace("2026-W48", "2027-W53"),
                    _ => unreachable!(),
                };
                g[0][9] = Data::String(id);
            }),
            vec![format!("{file}!J1: the sheet's week '2027-W53'")],
        ),
        (
            "week written otherwise",
            Box::new(|g: &mut Vec<Vec<Data>>| {
                let id = match &g[0][9] {
                    Data::String(s) => s.replace("2026-W48", "2026w48"),
                    _ => unreachable!(),
                };
                g[0][9] = Data::String(id);
            }),
            vec![format!("{file}!J1")],
        ),
    ];
    for (i, (what, damage, needles)) in cases.iter().enumerate() {
        let (mut grid, sheet) = answered(&mine, &answers_for_1_4_and_1_2());
        damage(&mut grid);
        let sub = l.dir.path().join(format!("d{i}"));
        std::fs::create_dir_all(&sub).unwrap();
        let p = sub.join(&file);
        save_xlsx(&grid, &sheet, &p);
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        let out = l.run_on(TODAY, &["collect", p.to_str().unwrap()]);
        assert_eq!(out.code, 1, "{what}: {}", out.stderr);
        out.fails(1, &needles);
        assert!(l.dump() == before, "{what} wrote something");
        // Chinese too, naming the same cell.
        let zh = l
            .run_on(TODAY, &["--lang", "zh", "collect", p.to_str().unwrap()])
            .fails(1, &["错误："]);
        let cell = needles[0].split(':').next().unwrap();
        assert!(zh.contains(cell), "{what}: {zh}");
        assert!(
            !zh.contains(" is ") && !zh.contains(" not "),
            "{what}: English in {zh}"
        );
    }
    // A number a spreadsheet made of 序号 is still the same task; an emptied 序号 is left alone.
    for v in [Data::Float(1.4), Data::Empty] {
        let (mut grid, sheet) = answered(&mine, &[(R14, 6, V::T("进展"))]);
        grid[R14 as usize][0] = v;
        let p = l.dir.path().join("num.xlsx");
        save_xlsx(&grid, &sheet, &p);
        l.run_on(TODAY, &["collect", p.to_str().unwrap(), "--dry-run"])
            .ok();
    }
}

#[test]
fn multi_line_answers_keep_their_lines_in_show_and_the_report() {
    let (l, dir) = issued("zh");
    let (grid, sheet) = answered(
        &sheet_of(&dir, "组织科"),
        &[
            (R14, 6, V::T("一、完成调研\n二、起草报告")),
            (R14, 8, V::T("报审\r\n定稿")),
        ],
    );
    let p = l.dir.path().join("lines.xlsx");
    save_xlsx(&grid, &sheet, &p);
    l.run_on(TODAY, &["collect", p.to_str().unwrap()]).ok();
    let note = history(&l, "1.4")
        .iter()
        .rev()
        .find_map(|e| e["note"].as_str().map(String::from))
        .unwrap();
    assert!(
        note.starts_with(
            "【本周进展】一、完成调研\n二、起草报告\n【下步打算】报审\n定稿\n【来源】lines.xlsx"
        ),
        "{note:?}"
    );
    let show = crate::support::run(l.cmd().env("COLUMNS", "200").args(["show", "1.4"]))
        .ok()
        .stdout;
    for line in [
        "【本周进展】一、完成调研",
        "二、起草报告",
        "【下步打算】报审",
        "定稿",
    ] {
        assert!(
            show.lines()
                .any(|l| l.contains(line) && !l.contains("二、起草报告【")),
            "{line} on a line of its own in:\n{show}"
        );
    }
    let md = l
        .run_on(TODAY, &["report", "--format", "markdown"])
        .ok()
        .stdout;
    let row = md
        .lines()
        .find(|l| l.contains("| 1.4 "))
        .unwrap_or_default()
        .to_string();
    assert!(
        row.contains("一、完成调研<br>二、起草报告<br>【下步打算】报审<br>定稿"),
        "lines flattened: {row}"
    );
    // The terminal table too: each line of the answer starts a line of the cell.
    let table = crate::support::run(
        l.cmd()
            .env("COLUMNS", "200")
            .env("TRACKER_TODAY", TODAY)
            .args(["report"]),
    )
    .ok()
    .stdout;
    assert!(
        table
            .lines()
            .any(|l| l.contains("二、起草报告") && !l.contains("一、完成调研")),
        "{table}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any set of unit names gives files that never meet (case ignored), each short enough.
    #[test]
    fn file_names_never_meet_and_stay_short(
        units in proptest::collection::btree_set("[a-cA-C/_:. 科很-]{1,4}|很{30,100}", 1..12)
    ) {
        let units: Vec<&str> = units.iter().map(String::as_str).collect();
        let names = tracker::returns::file_names(&units, "2026-W48");
        let lower: BTreeSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
        prop_assert_eq!(lower.len(), names.len(), "{:?}", names);
        for n in &names {
            prop_assert!(n.len() <= 200 && !n.starts_with(['.', '-']) && !n.contains(['/', ':']), "{}", n);
        }
    }
}
