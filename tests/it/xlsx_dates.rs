//! A workbook is dated by the day the command speaks for, not the moment it is written (18l,
//! finding 4): `dcterms:created` and `modified` in docProps/core.xml are `--today` at 00:00
//! UTC, so the same ledger on the same day gives the same bytes, on a file or a server, for the
//! weekly report, the 台账 export and the return sheets alike.

use crate::support::{Ledger, zip_part};

/// Every workbook tracker writes, made into `dir` on `today`: (what, path).
fn workbooks(l: &Ledger, today: &str, dir: &str) -> Vec<(&'static str, std::path::PathBuf)> {
    let root = l.dir.path().join(dir);
    std::fs::create_dir_all(&root).unwrap();
    let report = root.join("周报.xlsx");
    l.run_on(
        today,
        &[
            "report",
            "--format",
            "xlsx",
            "--out",
            report.to_str().unwrap(),
        ],
    )
    .ok();
    let ledger = root.join("台账.xlsx");
    l.run_on(
        today,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            ledger.to_str().unwrap(),
        ],
    )
    .ok();
    let sheets = root.join("sheets");
    l.run_on(today, &["sheets", "--out", sheets.to_str().unwrap()])
        .ok();
    let mut sheet: Vec<_> = std::fs::read_dir(&sheets)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    sheet.sort();
    assert!(!sheet.is_empty(), "sheets wrote no workbook");
    vec![
        ("report", report),
        ("export", ledger),
        ("return sheet", sheet.swap_remove(0)),
    ]
}

#[test]
fn every_workbook_is_dated_by_its_day_and_the_same_day_gives_the_same_bytes() {
    let l = Ledger::seeded("2026-11-02");
    l.run_on("2026-11-20", &["note", "1.1", "已召开专题会议"])
        .ok();
    for (today, want) in [
        ("2026-12-16", "2026-12-16T00:00:00Z"),
        ("2027-01-04", "2027-01-04T00:00:00Z"),
    ] {
        let first = workbooks(&l, today, &format!("a{today}"));
        // A second later, the same day: the same bytes.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let again = workbooks(&l, today, &format!("b{today}"));
        for ((what, a), (_, b)) in first.iter().zip(&again) {
            let core = zip_part(a, "docProps/core.xml");
            for tag in ["dcterms:created", "dcterms:modified"] {
                let value = core
                    .split(&format!("<{tag} xsi:type=\"dcterms:W3CDTF\">"))
                    .nth(1)
                    .and_then(|rest| rest.split('<').next())
                    .unwrap_or_else(|| panic!("{what}: no {tag} in {core}"));
                assert_eq!(value, want, "{what} on {today}: {tag}");
            }
            assert!(
                std::fs::read(a).unwrap() == std::fs::read(b).unwrap(),
                "{what} on {today}: two runs gave different bytes"
            );
        }
    }
}
