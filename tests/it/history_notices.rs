//! `history` after notices (issue 17, finding 10): a notice is a change of several parts (the
//! words, the serial, the reply-by date), each kept whole but free to break between, so the
//! change column does not take the note's room; a note's path or serial is never broken.

use crate::support::{Ledger, run};

fn history(l: &Ledger, lang: &str, columns: usize, id: &str) -> String {
    let mut c = l.cmd();
    c.env("COLUMNS", columns.to_string());
    c.args(["--lang", lang, "history", id]);
    run(&mut c).ok().stdout
}

#[test]
fn the_note_keeps_room_beside_notices_and_nothing_breaks_inside_a_path_or_serial() {
    let l = Ledger::seeded("2026-09-01");
    let out = l.dir.path().join("n");
    let out = out.to_str().unwrap();
    l.run_on(
        "2026-11-26",
        &[
            "note",
            "3.4",
            "材料见 /srv/db/plan-v2.docx，督办〔2026〕1号已收到",
        ],
    )
    .ok();
    for reply in ["2026-12-04", "2027-01-08"] {
        l.run_on(
            "2026-11-26",
            &["notice", "--all", "--reply-by", reply, "--out", out],
        )
        .ok();
        std::fs::remove_dir_all(out).unwrap();
    }
    l.run_on("2026-11-27", &["undo"]).ok();
    let serial = regex::Regex::new(r"督办〔2026〕\d+号").unwrap();
    for lang in ["zh", "en"] {
        for columns in [72, 80, 100] {
            let table = history(&l, lang, columns, "3.4");
            let lines: Vec<&str> = table.lines().collect();
            for line in &lines {
                let w = unicode_width::UnicodeWidthStr::width(*line);
                assert!(w <= columns, "{lang} {columns}: {line:?}\n{table}");
            }
            for whole in ["seed/plan.toml", "/srv/db/plan-v2.docx", "督办〔2026〕1号"] {
                assert!(
                    lines.iter().any(|l| l.contains(whole)),
                    "{lang} {columns}: {whole}\n{table}"
                );
            }
            // Two notices sent and one withdrawn, the note's serial: each serial whole.
            let whole: usize = lines.iter().map(|l| serial.find_iter(l).count()).sum();
            assert!(
                whole >= 4,
                "{lang} {columns}: {whole} serials whole\n{table}"
            );
            // The note's column: at least as wide as its header and the path it holds, from
            // the rule over the headers (`Note`/`备注` starts it, `By`/`操作人` ends it).
            let head = lines[1];
            let start = head
                .find(if lang == "zh" { "备注" } else { "Note" })
                .unwrap();
            let end = head
                .find(if lang == "zh" { "操作人" } else { "By" })
                .unwrap();
            let note = unicode_width::UnicodeWidthStr::width(&head[start..end]) - 2;
            assert!(note >= 14, "{lang} {columns}: note {note} wide\n{table}");
        }
    }
}
