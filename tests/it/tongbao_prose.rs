//! The 通报 as a leader reads it (issue 17, finding 8): dates in the body written as official
//! documents write them (2026年11月10日, 11月25日; never ISO or `11-25`, which break at the
//! hyphen), a path or file name in a note left whole, the office and the date on lines of
//! their own with the office centred over the date, and every heading kept with what follows.

use regex::Regex;

use crate::support::{Ledger, zip_part};
use crate::tongbao::{body, ledger};

fn docx(l: &Ledger, name: &str, config: &str) -> std::path::PathBuf {
    let dir = l.dir.path().join("config").join("tracker");
    std::fs::write(dir.join("config.toml"), config).unwrap();
    let out = l.dir.path().join(name);
    l.run_on(
        "2026-11-30",
        &[
            "report",
            "--week",
            "2026-W48",
            "--format",
            "docx",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    out
}

/// The tongbao ledger, with a note naming a dated path and a deadline moved this week.
fn dated_ledger() -> Ledger {
    let l = ledger();
    l.run_on(
        "2026-11-26",
        &[
            "note",
            "2.2",
            "纪要见 /srv/2026-11-25/会议.docx 与 plan-2026-11-25.xlsx",
        ],
    )
    .ok();
    l.run_on("2026-11-27", &["update", "3.2", "--deadline", "2026-12-03"])
        .ok();
    l
}

#[test]
fn dates_in_the_body_read_as_official_prose_and_paths_stay_whole() {
    let l = dated_ledger();
    let path = docx(&l, "a.docx", "office = \"督办室\"\n");
    let b = body(&path);
    let iso = Regex::new(r"\d{4}-\d{1,2}-\d{1,2}").unwrap();
    let short = Regex::new(r"(^|[^\d/.-])\d{2}-\d{2}([^\d/.-]|$)").unwrap();
    let mut prose = String::new();
    for (style, text) in &b.paras {
        // The path and the file name the unit typed are kept as typed.
        let kept = text
            .replace("/srv/2026-11-25/会议.docx", "")
            .replace("plan-2026-11-25.xlsx", "");
        assert!(!iso.is_match(&kept), "{style}: {text}");
        assert!(!short.is_match(&kept), "{style}: {text}");
        prose.push_str(text);
        prose.push('\n');
    }
    for want in [
        // 三: an overdue task's deadline, and 四: a deadline moved this week.
        "1.3 ",
        "完成时限2026年11月10日",
        "2.2 ",
        "11月26日，纪要见 /srv/2026-11-25/会议.docx 与 plan-2026-11-25.xlsx",
        "完成时限由2027年9月1日调整为2026年12月3日",
        "11月25日，进度由0%提高到40%",
    ] {
        assert!(prose.contains(want), "no {want:?} in\n{prose}");
    }
    // The attachment's news cells are prose too; its date column stays a column of dates.
    let rows = &b.tables[0].1;
    let r22 = rows.iter().find(|r| r[0] == "2.2").unwrap();
    assert!(r22[9].contains("；11月26日，纪要见"), "{r22:?}");
    assert_eq!(r22[4], "2026-11-15");
}

/// The right indent (`w:right`, twips) and alignment of the last paragraph whose text is
/// exactly `text` in `document.xml`.
fn placed(xml: &str, text: &str) -> (String, i32) {
    let p = Regex::new(r"(?s)<w:p[ >].*?</w:p>").unwrap();
    let para = p
        .find_iter(xml)
        .map(|m| m.as_str())
        .filter(|p| {
            let t: String = Regex::new(r"<w:t[^>]*>([^<]*)</w:t>")
                .unwrap()
                .captures_iter(p)
                .map(|c| c[1].to_string())
                .collect();
            t == text
        })
        .last()
        .unwrap_or_else(|| panic!("no paragraph {text}"));
    let jc = Regex::new(r#"<w:jc w:val="(\w+)""#).unwrap().captures(para);
    let right = Regex::new(r#"w:right="(\d+)""#).unwrap().captures(para);
    (
        jc.map(|c| c[1].to_string()).unwrap_or_default(),
        right.map(|c| c[1].parse().unwrap()).unwrap_or(0),
    )
}

#[test]
fn the_office_stands_above_the_date_centred_over_it() {
    let l = ledger();
    // One 3号 character is 320 twips; the date (11 characters) ends four characters in.
    let date = "二〇二六年十一月三十日";
    let cases = [
        // (office, its right indent in characters, the date's)
        ("督办室", 8.0, 4.0),
        ("市委督查室", 7.0, 4.0),
        ("中共某市委组织部", 5.5, 4.0),
        ("中共某市委组织部干部监督工作督查室", 2.0, 5.0),
        // Wider than a line: no indent, it wraps on its own line; the date in its place.
        (&"很长的单位名称".repeat(5), 0.0, 4.0),
    ];
    for (k, (office, o, d)) in cases.iter().enumerate() {
        let path = docx(
            &l,
            &format!("o{k}.docx"),
            &format!("office = \"{office}\"\n"),
        );
        let b = body(&path);
        // The 版头: the office, then the date, each centred on its own line.
        let at = b.paras.iter().position(|(_, t)| t == office).unwrap();
        assert_eq!(b.paras[at + 1].1, date, "{office}");
        // The signature: the office right above the date, both set from the right.
        let xml = zip_part(&path, "word/document.xml");
        let (jc_o, right_o) = placed(&xml, office);
        let (jc_d, right_d) = placed(&xml, date);
        assert_eq!(
            (jc_o.as_str(), jc_d.as_str()),
            ("right", "right"),
            "{office}"
        );
        assert_eq!(right_o, (o * 320.0) as i32, "{office}");
        assert_eq!(right_d, (d * 320.0) as i32, "{office}");
        let sig = b.paras.iter().rposition(|(_, t)| t == office).unwrap();
        assert!(sig > at + 1 && b.paras[sig + 1].1 == date, "{:?}", b.paras);
    }
}

#[test]
fn every_heading_is_kept_with_what_follows() {
    let l = dated_ledger();
    let path = docx(&l, "k.docx", "office = \"督办室\"\n");
    let xml = zip_part(&path, "word/document.xml");
    let p = Regex::new(r"(?s)<w:p[ >].*?</w:p>").unwrap();
    let mut headings = 0;
    for para in p.find_iter(&xml).map(|m| m.as_str()) {
        if ["GwHeading1", "GwHeading2", "GwTitle"]
            .iter()
            .any(|s| para.contains(&format!("w:pStyle w:val=\"{s}\"")))
        {
            headings += 1;
            assert!(para.contains("<w:keepNext"), "{para}");
        }
    }
    // 一 to 五, a recommendation's (一), the two titles and the attachment's.
    assert!(headings >= 9, "{headings}");
}

/// A latest note of an earlier year than the 通报's carries its year in the attachment
/// (17j #7: `11月12日` in a 2027 通报 was 2026's); one of the document's own year does not.
#[test]
fn a_latest_note_of_an_earlier_year_carries_its_year() {
    let l = Ledger::seeded("2026-10-05");
    l.run_on("2026-11-12", &["note", "1.1", "已走访20家非公企业"])
        .ok();
    // (the week, the day it is issued, the note's day as the cell opens, what it must not be)
    let cases = [
        (
            "2026-W48",
            "2026-11-30",
            "11月12日，已走访20家非公企业",
            "2026年11月12日",
        ),
        (
            "2027-W02",
            "2027-01-18",
            "2026年11月12日，已走访20家非公企业",
            ">11月12日",
        ),
    ];
    for (week, today, want, not) in cases {
        let out = l.dir.path().join(format!("{week}.docx"));
        l.run_on(
            today,
            &[
                "report",
                "--week",
                week,
                "--format",
                "docx",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        let xml = zip_part(&out, "word/document.xml");
        assert!(xml.contains(want), "{week}: no {want:?}");
        assert!(!xml.contains(not), "{week}: {not:?}");
    }
}
