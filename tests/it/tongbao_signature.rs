//! The 通报's signature (issuing office and date) never stands alone on a page (GB/T
//! 9704-2012 §7.3.5; issue 17, finding 7): the last paragraph of 五, the 附件 line and the
//! office line keep with the next paragraph, so Word breaks the page before them instead.

use crate::support::{Ledger, zip_part};
use crate::tongbao::ledger;

/// Each paragraph of the body, outside tables: (its text, whether it keeps with the next).
fn paragraphs(docx: &std::path::Path) -> Vec<(String, bool)> {
    let xml = zip_part(docx, "word/document.xml");
    let mut out = Vec::new();
    for chunk in xml.split("</w:p>") {
        let Some(start) = chunk.rfind("<w:p>").or_else(|| chunk.rfind("<w:p ")) else {
            continue;
        };
        let p = &chunk[start..];
        let mut text = String::new();
        for piece in p.split("<w:t").skip(1) {
            let Some(open) = piece.find('>') else {
                continue;
            };
            let body = &piece[open + 1..];
            text.push_str(&body[..body.find("</w:t>").unwrap_or(0)]);
        }
        out.push((text, p.contains("<w:keepNext")));
    }
    out
}

fn signature_keeps_with_text(l: &Ledger, today: &str, week: &str, office: &str) {
    let out = l.dir.path().join(format!("sig-{week}.docx"));
    let run = l
        .run_on(
            today,
            &["report", "--week", week, "--out", out.to_str().unwrap()],
        )
        .ok();
    assert!(run.stderr.contains("wrote"), "{}", run.stderr);
    let ps = paragraphs(&out);
    let heading = ps
        .iter()
        .position(|(t, _)| t == "五、未按时反馈单位")
        .expect("section 五");
    let o = ps
        .iter()
        .rposition(|(t, _)| t == office)
        .expect("the office line of the signature");
    assert!(o >= heading + 5, "{week}: {:?}", &ps[heading..]);
    assert!(ps[o + 1].0.starts_with("二〇"), "{week}: {:?}", ps[o + 1]);
    // The text before the signature: 五's last paragraph, blank, 附件, blank, office.
    let tail = &ps[o - 4..=o];
    assert!(!tail[0].0.is_empty(), "{week}: {tail:?}");
    assert_eq!(tail[2].0, "附件：督办事项进展情况表");
    for (text, keep) in tail {
        assert!(
            keep,
            "{week}: '{text}' does not keep with the next paragraph"
        );
    }
}

#[test]
fn the_signature_keeps_with_the_last_paragraph_in_every_kind_of_section_five() {
    // Units behind (named, notices counted); a week before anything was due; the default
    // office name.
    let l = ledger();
    for week in ["2026-W48", "2026-W36"] {
        signature_keeps_with_text(&l, "2026-11-30", week, "中共某市委组织部督查室");
    }
    let plain = Ledger::seeded("2026-09-01");
    plain
        .run_on("2026-10-20", &["update", "1.1", "--progress", "30"])
        .ok();
    for week in ["2026-W43", "2026-W48"] {
        signature_keeps_with_text(&plain, "2026-11-30", week, "督办工作办公室");
    }
}

#[test]
fn the_notice_s_signature_keeps_together_with_its_last_sentence() {
    // (issue 17i, finding 1: the 督办通知单's date fell alone onto page 2.) One task or many,
    // one part or two (led and supported), the default office or a configured one.
    let l = Ledger::seeded("2026-11-02");
    l.run_on("2026-11-02", &["update", "1.2", "--deadline", "2026-11-20"])
        .ok();
    let configured = "中共某市委组织部督查室";
    let cases = [
        ("组织科", None),
        ("人才工作科", Some(configured)),
        ("市委组织部", Some(configured)),
    ];
    for (k, (unit, office)) in cases.into_iter().enumerate() {
        let dir = l.dir.path().join("config").join("tracker");
        std::fs::create_dir_all(&dir).unwrap();
        let text = office.map(|o| format!("office = \"{o}\"\n"));
        std::fs::write(dir.join("config.toml"), text.unwrap_or_default()).unwrap();
        let out = l.dir.path().join(format!("n{k}"));
        l.run_on(
            "2026-11-14",
            &[
                "notice",
                "--owner",
                unit,
                "--reply-by",
                "2026-11-20",
                "--format",
                "docx",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        let file = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap();
        let ps = paragraphs(&file.path());
        let office = office.unwrap_or("督办工作办公室");
        let o = (ps.iter())
            .rposition(|(t, _)| t == office)
            .unwrap_or_else(|| panic!("{unit}: no office line in {ps:?}"));
        assert_eq!(o + 2, ps.len(), "{unit}: the date ends the notice: {ps:?}");
        assert!(ps[o + 1].0.starts_with("二〇二六年"), "{unit}: {ps:?}");
        // The reply-by sentence, the blank line and the office keep with the next.
        let tail = &ps[o - 2..=o];
        assert!(tail[0].0.starts_with("请于"), "{unit}: {tail:?}");
        assert!(tail[1].0.is_empty(), "{unit}: {tail:?}");
        for (text, keep) in tail {
            assert!(
                keep,
                "{unit}: '{text}' does not keep with the next paragraph"
            );
        }
    }
}
