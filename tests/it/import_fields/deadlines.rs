//! Deadlines as an item's words give them (issue 15, fourth round): spans before any action
//! counted from the document's date or left empty as relative, dates that do not exist
//! flagged, a period with no deadline, deadlines already past warned of, and the tool's notes
//! kept apart from the document's words.

use serde_json::Value;

use super::{empty, write};

fn sources(p: &Value) -> Vec<Value> {
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .collect()
}

/// (an item, its deadline or "", the source's kind or "", the source's words or "")
type Case = (&'static str, &'static str, &'static str, &'static str);

fn check(doc_end: &str, cases: &[Case]) {
    let l = empty();
    let mut doc = String::from("整改方案\n整改措施：\n");
    for (k, c) in cases.iter().enumerate() {
        doc.push_str(&format!("{}、{}\n", k + 1, c.0));
    }
    doc.push_str(doc_end);
    let file = write(&l, "dl.txt", doc.as_bytes());
    let out = l
        .run(&["import", &file, "--dry-run", "--format", "json"])
        .ok();
    let got = sources(&out.json());
    assert_eq!(got.len(), cases.len(), "{}", out.stdout);
    for (g, c) in got.iter().zip(cases) {
        let src = &g["sources"]["deadline"];
        assert_eq!(g["deadline"].as_str().unwrap_or(""), c.1, "{:?}: {g}", c.0);
        assert_eq!(src["kind"].as_str().unwrap_or(""), c.2, "{:?}: {g}", c.0);
        // The words are the document's own, never a note of the tool's.
        assert_eq!(src["words"].as_str().unwrap_or(""), c.3, "{:?}: {g}", c.0);
        if !c.2.is_empty() {
            assert!(src["note"].as_str().is_some_and(|n| !n.is_empty()), "{g}");
        }
    }
}

#[test]
fn spans_before_an_action_count_from_the_documents_date() {
    check(
        "县水务局\n2025年4月8日\n",
        &[
            ("30日内拨付整改资金。", "2025-05-08", "", "30日内"),
            ("3个月内拨付到位。", "2025-07-08", "", "3个月内"),
            ("两周内上报方案。", "2025-04-22", "", "两周内"),
            ("10个工作日内完成整改。", "", "relative", "10个工作日内"),
            // A standard of service is no deadline.
            ("审批时间压缩至3个工作日内。", "", "", ""),
        ],
    );
}

#[test]
fn spans_with_no_date_to_count_from_are_left_empty_as_relative() {
    check(
        "",
        &[
            ("30日内拨付整改资金。", "", "relative", "30日内"),
            ("一个月内完成验收。", "", "relative", "一个月内"),
            ("月底前报送台账。", "", "relative", "月底前"),
        ],
    );
}

#[test]
fn a_date_that_does_not_exist_is_flagged_not_taken() {
    check(
        "",
        &[
            (
                "完成线路改造。（2027年2月30日前完成）",
                "",
                "invalid",
                "2027年2月30日前",
            ),
            ("2027年13月底前完成清淤。", "", "invalid", "2027年13月底前"),
            (
                "完成验收，2027年6月31日前报送。",
                "",
                "invalid",
                "2027年6月31日前",
            ),
            (
                "完成评估。（完成时限：2027年2月29日）",
                "",
                "invalid",
                "完成时限：2027年2月29日",
            ),
            ("10000年底前完成整治。", "", "invalid", "10000年底前"),
            // Real ones beside them are taken, the hour of the day read as that day.
            ("2028年2月29日前完成。", "2028-02-29", "", "2028年2月29日前"),
            (
                "2027年12月31日24时前办结。",
                "2027-12-31",
                "",
                "2027年12月31日",
            ),
            // A period of work has no deadline, and says so.
            (
                "在2027年5月1日至6月30日期间开展专项整治。",
                "",
                "period",
                "在2027年5月1日至6月30日期间",
            ),
        ],
    );
}

/// A deadline that recurs (每月25日前报送, 每季度末) gives no date but the kind `recurring`;
/// how often alone (每季度召开一次) is no deadline at all; a date of its own beside it wins.
#[test]
fn a_recurring_deadline_gets_no_date_but_says_it_recurs() {
    check(
        "",
        &[
            ("每月25日前报送工作进展。", "", "recurring", "每月25日前"),
            ("每季度末报送整改台账。", "", "recurring", "每季度末"),
            ("每月底前报送统计数据。", "", "recurring", "每月底前"),
            ("每周五前报送值班信息。", "", "recurring", "每周五前"),
            (
                "每年12月底前完成年度考核。",
                "",
                "recurring",
                "每年12月底前",
            ),
            ("每个月5号前上报安全隐患。", "", "recurring", "每个月5号前"),
            ("每季度召开一次联席会议。", "", "", ""),
            (
                "2027年6月底前建成平台，此后每月10日前报送数据。",
                "2027-06-30",
                "",
                "2027年6月底前",
            ),
        ],
    );
}

/// 在…至…期间开展: the period's end is not a deadline; the dry run says why none is given.
#[test]
fn a_period_of_work_gives_no_deadline_and_says_why() {
    check(
        "",
        &[
            (
                "于2027年7月至9月期间组织集中排查。",
                "",
                "period",
                "于2027年7月至9月期间",
            ),
            (
                "在5月到10月期间开展防汛巡查。",
                "",
                "period",
                "在5月到10月期间",
            ),
            (
                "2027年3月—5月期间开展业务培训。",
                "",
                "period",
                "2027年3月—5月期间",
            ),
            (
                "在2027年3月至5月期间开展培训，2027年6月底前完成验收。",
                "2027-06-30",
                "",
                "2027年6月底前",
            ),
        ],
    );
    // The dry-run table names the reason in both languages.
    let l = empty();
    let file = write(
        &l,
        "p.txt",
        "整改措施：\n1、在2027年5月至9月期间开展专项整治。\n2、每月25日前报送进展。\n".as_bytes(),
    );
    let en = l.run(&["import", &file, "--dry-run"]).ok();
    assert!(en.stdout.contains("none (a period)"), "{}", en.stdout);
    assert!(en.stdout.contains("none (recurring)"), "{}", en.stdout);
    let zh = l.run(&["--lang", "zh", "import", &file, "--dry-run"]).ok();
    assert!(zh.stdout.contains("无（期间）"), "{}", zh.stdout);
    assert!(zh.stdout.contains("无（定期）"), "{}", zh.stdout);
    assert!(
        zh.stdout.contains("工作开展的期间，不是完成时限"),
        "{}",
        zh.stdout
    );
}

#[test]
fn a_deadline_already_past_is_warned_of_in_the_dry_run_and_the_import() {
    let l = empty(); // today 2026-11-26
    let doc = "下一步措施：\n1、完成摸底。（牵头单位：县住建局，2025年6月底前完成）\n2、建立机制，2027年3月底前完成。\n3、修缮校舍，2026年9月底前完成。\n";
    let file = write(&l, "past.txt", doc.as_bytes());
    let dry = l.run(&["import", &file, "--dry-run"]).ok();
    assert!(
        dry.stdout.contains("2025-06-30 (already past)"),
        "{}",
        dry.stdout
    );
    assert!(
        !dry.stdout.contains("2027-03-31 (already past)"),
        "{}",
        dry.stdout
    );
    let warn = "2 deadlines are already past today (2026-11-26), recorded as given: 1.1 2025-06-30, 1.3 2026-09-30";
    assert!(dry.stderr.contains(warn), "{}", dry.stderr);
    let zh = l.run(&["--lang", "zh", "import", &file, "--dry-run"]).ok();
    assert!(zh.stdout.contains("2025-06-30（已过）"), "{}", zh.stdout);
    assert!(zh.stderr.contains("2 项完成时限早于今天"), "{}", zh.stderr);
    let done = l.run(&["import", &file]).ok();
    assert_eq!(
        done.stderr
            .lines()
            .filter(|x| x.contains("already past"))
            .count(),
        1
    );
    assert!(done.stderr.contains(warn), "{}", done.stderr);
    // Recorded as given.
    let t = l.run(&["show", "1.1", "--format", "json"]).ok().json();
    assert_eq!(t["deadline"], "2025-06-30");
}

#[test]
fn the_within_flag_shows_its_span_and_the_date_it_gives() {
    let l = empty();
    let file = write(
        &l,
        "w.txt",
        "下一步措施：\n1、甲事项。\n2、乙事项，年底前完成。\n".as_bytes(),
    );
    let out = l
        .run(&["import", &file, "--dry-run", "--within", "30d"])
        .ok();
    assert!(
        out.stdout
            .contains("2026-12-26  ← --within 30d = 2026-12-26 (flag)"),
        "{}",
        out.stdout
    );
    let p = l
        .run(&[
            "import",
            &file,
            "--dry-run",
            "--within",
            "2w",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let items = sources(&p);
    assert_eq!(
        items[0]["sources"]["deadline"]["words"],
        "--within 2w = 2026-12-10"
    );
    assert_eq!(items[0]["deadline"], "2026-12-10");
    assert_eq!(items[1]["sources"]["deadline"]["words"], "年底前");
}

/// Word files as they arrive: hidden text is not read, a cut-off document.xml is refused as
/// damaged, and an old .doc, a PDF or a picture renamed .docx says what to save it as.
#[test]
fn word_files_hide_their_hidden_text_and_refuse_when_damaged_or_renamed() {
    let l = empty();
    let run = |t: &str, hidden: bool| {
        let props = if hidden {
            "<w:rPr><w:vanish/></w:rPr>"
        } else {
            "<w:rPr><w:vanish w:val=\"0\"/></w:rPr>"
        };
        format!("<w:r>{props}<w:t>{t}</w:t></w:r>")
    };
    let body = [
        "<w:p><w:r><w:t>下一步措施：</w:t></w:r></w:p>".to_string(),
        format!("<w:p><w:r><w:t>1、完善设施。</w:t></w:r>{}</w:p>", run("（牵头单位：县民政局）", true)),
        format!("<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>2、充实队伍。</w:t></w:r>{}</w:p>", run("内部批注", true)),
        format!("<w:p>{}</w:p>", run("3、健全机制。", false)),
    ]
    .concat();
    let file = write(&l, "h.docx", &super::docx(&body, ""));
    let p = l
        .run(&["import", &file, "--dry-run", "--format", "json"])
        .ok()
        .json();
    let items = sources(&p);
    let texts: Vec<&str> = items.iter().map(|i| i["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["完善设施。", "充实队伍。", "健全机制。"]);
    assert_eq!(items[0]["lead"], Value::Null);

    // Cut off in the middle of its XML.
    let whole = super::docx(&body, "");
    let mut cut = std::io::Cursor::new(Vec::new());
    {
        use std::io::Write as _;
        let mut z = zip::ZipWriter::new(&mut cut);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        z.write_all(b"<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>1\xe3\x80\x81\xe5\xae\x8c").unwrap();
        z.finish().unwrap();
    }
    let before = l.dump();
    let f = write(&l, "cut.docx", &cut.into_inner());
    l.run(&["import", &f])
        .fails(1, &["cut.docx", "damaged", "save it again"]);
    // The zip itself cut short.
    let f = write(&l, "short.docx", &whole[..whole.len() / 2]);
    l.run(&["import", &f]).fails(1, &["short.docx", ".docx"]);
    for (name, bytes, needle) in [
        (
            "old.docx",
            &[0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0][..],
            "old Word .doc",
        ),
        ("scan.docx", &b"%PDF-1.7\n1 0 obj"[..], "PDF"),
        ("photo.docx", &b"\x89PNG\r\n\x1a\n0000"[..], "picture"),
    ] {
        let f = write(&l, name, bytes);
        l.run(&["import", &f]).fails(1, &[name, needle, ".docx"]);
    }
    assert_eq!(l.dump(), before);
}
