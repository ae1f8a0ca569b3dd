//! "The same report" is judged on its decoded, normalised content: the same report saved with
//! CRLF, a BOM, or as GB18030, under another name, imports once; a real change imports.

use crate::support::Ledger;
use sha2::{Digest, Sha256};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/000_c74ad4d4a80dbc28.txt");

const REPORT: &str = "关于督查工作的报告\n\n一、建立健全台账制度。\n二、加强督促检查。\n";

const TABLE: &str = "序号,工作任务,牵头单位,完成时限\n1,建立健全督办台账制度,办公室,2026-12-31\n2,开展专项检查工作,组织科,2027-01-31\n";

fn empty() -> Ledger {
    let l = Ledger::new("2026-11-26");
    l.run(&["init", "--empty"]).ok();
    l
}

fn crlf(s: &str) -> String {
    s.replace('\n', "\r\n")
}

fn gb(s: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(s).0.into_owned()
}

fn bom(s: &str) -> Vec<u8> {
    [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat()
}

/// Every way of saving `text` an office sees, each with its own file name.
fn savings(text: &str) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("utf8", text.as_bytes().to_vec()),
        ("bom", bom(text)),
        ("crlf", crlf(text).into_bytes()),
        ("bom-crlf", bom(&crlf(text))),
        ("gb18030", gb(text)),
        ("gb18030-crlf", gb(&crlf(text))),
        (
            "trailing-blank-lines",
            format!("{text}\n\n  \n").into_bytes(),
        ),
        ("trailing-spaces", text.replace('\n', "  \n").into_bytes()),
    ]
}

fn same_report_imports_once(text: &str, ext: &str) {
    let l = empty();
    let dir = tempfile::tempdir().unwrap();
    let mut first = true;
    for (name, bytes) in savings(text) {
        let path = dir.path().join(format!("{name}.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        let before = l.dump();
        let out = l.run(&["import", path.to_str().unwrap()]).ok();
        if first {
            assert!(out.stdout.contains("imported"), "{name}: {}", out.stdout);
            assert!(!out.stdout.contains("already"), "{name}: {}", out.stdout);
            first = false;
        } else {
            assert!(
                out.stdout.contains("already imported") && out.stdout.contains("utf8."),
                "{name}.{ext} is the same report: {}",
                out.stdout
            );
            assert_eq!(l.dump(), before, "{name}.{ext} changed the ledger");
        }
    }
}

#[test]
fn the_same_report_in_any_encoding_or_line_ending_imports_once() {
    let text = std::fs::read_to_string(SEED).unwrap();
    same_report_imports_once(&text, "txt");
}

#[test]
fn the_same_task_table_in_any_encoding_or_line_ending_imports_once() {
    same_report_imports_once(TABLE, "csv");
    same_report_imports_once(&TABLE.replace(',', "\t"), "txt");
}

#[test]
fn a_real_change_imports_and_the_created_note_names_the_file() {
    let text = REPORT;
    let changes = [
        ("one-word", text.replacen("健全", "完善", 1)),
        ("words-added", text.replacen("。", "，并按期完成。", 1)),
        ("a-new-item", format!("{text}三、落实整改责任。\n")),
    ];
    for (name, changed) in changes {
        assert!(changed != text, "{name} changes something");
        let l = empty();
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let b = dir.path().join(format!("{name}.txt"));
        std::fs::write(&a, text).unwrap();
        std::fs::write(&b, gb(&crlf(&changed))).unwrap();
        l.run(&["import", a.to_str().unwrap()]).ok();
        let out = l.run(&["import", b.to_str().unwrap()]).ok();
        assert!(
            out.stdout.contains("imported") && !out.stdout.contains("already"),
            "{name}: {}",
            out.stdout
        );
        let list = l.run(&["list", "--all", "--format", "json"]).ok().json();
        let last = list.as_array().unwrap().last().unwrap()["id"].clone();
        let shown = l
            .run(&["show", last.as_str().unwrap(), "--format", "json"])
            .ok()
            .json();
        let note = shown["history"][0]["note"].as_str().unwrap().to_string();
        assert!(
            note.starts_with(&format!("imported from {name}.txt (sha256 ")),
            "{note}"
        );
    }
}

#[test]
fn an_older_ledgers_byte_hash_still_refuses_its_exact_file() {
    // Ledgers before content fingerprints stored the SHA-256 of the file's bytes: files only,
    // as no server ledger is that old.
    if crate::support::sqlite_only() {
        return;
    }
    let l = empty();
    let bytes = gb(&crlf(TABLE));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.csv");
    std::fs::write(&path, &bytes).unwrap();
    l.run(&["import", path.to_str().unwrap()]).ok();
    let old: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let db = rusqlite::Connection::open(&l.db).unwrap();
    db.execute("UPDATE imports SET hash = ?1", [&old]).unwrap();
    drop(db);
    let before = l.dump();
    let out = l.run(&["import", path.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("already imported"), "{}", out.stdout);
    assert_eq!(l.dump(), before);
}
