//! `tracker sheets` (issue 16 §2): the return sheets read back with calamine and from their
//! XML.

use calamine::Data;

use crate::answer::{R14, TODAY, WEEK, issued, ledger_id, sheet_of};
use crate::books::{Book, attr, cell_xml, part, style_of, text};

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
    // Task rows have no set height, so a long answer grows its row instead of being clipped;
    // the answer cells wrap.
    for r in 4..=8 {
        let row = xml
            .split("<row ")
            .find(|x| x.starts_with(&format!("r=\"{r}\"")))
            .unwrap();
        let tag = &row[..row.find('>').unwrap()];
        assert!(
            !tag.contains("customHeight") && !tag.contains("ht="),
            "{tag}"
        );
    }
    for c in ["G7", "H7", "I7"] {
        let (_, _, xf) = style_of(&sheet_of(&dir, "组织科"), "xl/worksheets/sheet1.xml", c);
        assert!(xf.contains("wrapText=\"1\""), "{c}: {xf}");
    }

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
