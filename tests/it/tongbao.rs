//! `report --format docx`: the weekly 通报 as a Word document. Each test unzips
//! `word/document.xml` (and `word/styles.xml`) and reads it with quick-xml: text, styles,
//! section order, the landscape attachment, and the figures against `report --format json`.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::{Ledger, zip_part};

/// What the document holds, in order.
#[derive(Debug, Default)]
pub(crate) struct Body {
    /// (style id, text) of every paragraph outside tables.
    pub(crate) paras: Vec<(String, String)>,
    /// Per section: (paragraphs before its end, page width, page height, orientation,
    /// margins top/bottom/left/right).
    sections: Vec<(usize, String, String, String, [String; 4])>,
    /// Rows of each table, with the number of paragraphs before it.
    pub(crate) tables: Vec<(usize, Vec<Vec<String>>)>,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
        .unwrap_or_default()
}

pub(crate) fn body(path: &Path) -> Body {
    let xml = zip_part(path, "word/document.xml");
    let mut r = Reader::from_str(&xml);
    let mut b = Body::default();
    let (mut style, mut text) = (String::new(), String::new());
    let (mut in_t, mut depth_tbl) = (false, 0);
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    loop {
        match r.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if !matches!(e.name().as_ref(), "w:t") => {
                match e.name().as_ref() {
                    "w:p" => {
                        style.clear();
                        text.clear();
                    }
                    "w:pStyle" => style = attr(&e, "w:val"),
                    "w:br" if depth_tbl > 0 => cell.push('\n'),
                    "w:br" => text.push('\n'),
                    "w:tbl" => {
                        depth_tbl += 1;
                        b.tables.push((b.paras.len(), Vec::new()));
                    }
                    "w:tr" => row.clear(),
                    "w:tc" => cell.clear(),
                    "w:pgSz" => b.sections.push((
                        b.paras.len(),
                        attr(&e, "w:w"),
                        attr(&e, "w:h"),
                        attr(&e, "w:orient"),
                        Default::default(),
                    )),
                    "w:pgMar" => {
                        let last = b.sections.last_mut().unwrap();
                        last.4 = ["w:top", "w:bottom", "w:left", "w:right"].map(|k| attr(&e, k));
                    }
                    _ => {}
                }
            }
            Event::Start(_) => in_t = true,
            Event::Text(t) if in_t => {
                let s = t.xml10_content().into_owned();
                if depth_tbl > 0 {
                    cell.push_str(&s);
                } else {
                    text.push_str(&s);
                }
            }
            Event::GeneralRef(g) if in_t => {
                let name = g.xml10_content().into_owned();
                let s = quick_xml::escape::resolve_xml_entity(&name).unwrap_or("?");
                if depth_tbl > 0 {
                    cell.push_str(s);
                } else {
                    text.push_str(s);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_t = false,
                "w:p" if depth_tbl == 0 => b.paras.push((style.clone(), text.clone())),
                "w:tc" => row.push(std::mem::take(&mut cell)),
                "w:tr" => b
                    .tables
                    .last_mut()
                    .unwrap()
                    .1
                    .push(std::mem::take(&mut row)),
                "w:tbl" => depth_tbl -= 1,
                _ => {}
            },
            _ => {}
        }
    }
    b
}

/// A ledger with a month of work: one task done this week, notes, two overdue tasks led by
/// two units, and a config naming the office and the first issue number.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    let config = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "office = \"中共某市委组织部督查室\"\nfirst_issue = 12\n",
    )
    .unwrap();
    l.run_on("2026-11-20", &["update", "1.1", "--status", "done"])
        .ok();
    l.run_on("2026-11-24", &["update", "1.2", "--status", "done"])
        .ok();
    l.run_on(
        "2026-11-25",
        &[
            "update",
            "2.1",
            "--progress",
            "40",
            "--note",
            "已拟定会议方案\n报部领导审定",
        ],
    )
    .ok();
    l.run_on("2026-11-25", &["update", "1.3", "--deadline", "2026-11-10"])
        .ok();
    l.run_on("2026-11-25", &["update", "2.2", "--deadline", "2026-11-15"])
        .ok();
    l.run_on("2026-11-26", &["update", "3.1", "--status", "blocked"])
        .ok();
    l
}

fn tongbao(l: &Ledger, today: &str, extra: &[&str]) -> (Body, serde_json::Value) {
    let out = l.dir.path().join(format!("通报{}.docx", extra.join("_")));
    let mut args = vec!["report", "--format", "docx", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = l.run_on(today, &args).ok();
    assert!(run.stderr.contains("wrote"), "{}", run.stderr);
    let mut json_args = vec!["report", "--format", "json"];
    json_args.extend(
        extra
            .iter()
            .filter(|a| a.starts_with("2026-W") || a.starts_with("--week")),
    );
    let json = l.run_on(today, &json_args).ok().json();
    (body(&out), json)
}

fn texts<'a>(b: &'a Body, style: &str) -> Vec<&'a str> {
    b.paras
        .iter()
        .filter(|(s, _)| s == style)
        .map(|(_, t)| t.as_str())
        .collect()
}

#[test]
fn sections_come_in_order_in_their_heading_styles() {
    let l = ledger();
    let (b, _) = tongbao(&l, "2026-11-30", &["--week", "2026-W48"]);
    assert_eq!(
        texts(&b, "GwHeading1"),
        [
            "一、总体进展",
            "二、本周进展",
            "三、逾期及滞后事项",
            "四、下周到期事项",
            "五、未按时反馈单位",
            "附件"
        ]
    );
    // Second-level headings are the recommendations, （一） on.
    let h2 = texts(&b, "GwHeading2");
    assert_eq!(h2.len(), 3, "{h2:?}");
    assert!(
        h2[0].starts_with("（一）") && h2[2].starts_with("（三）"),
        "{h2:?}"
    );
    let titles = texts(&b, "GwTitle");
    assert_eq!(titles[0], "督办工作通报");
    // Too long for one line of 2号: two lines, broken between words (GB/T 9704 §7.3.3).
    assert_eq!(titles[1], "关于2026年第48周督办事项\n进展情况的通报");
    assert_eq!(titles[2], "督办事项进展情况表");
}

#[test]
fn styles_carry_the_official_fonts_sizes_and_line_pitch() {
    let l = ledger();
    let out = l.dir.path().join("t.docx");
    l.run(&["report", "--format", "docx", "--out", out.to_str().unwrap()])
        .ok();
    let styles = zip_part(&out, "word/styles.xml");
    for (id, font, size) in [
        ("GwTitle", "方正小标宋简体", "44"),
        ("GwBody", "仿宋_GB2312", "32"),
        ("GwHeading1", "黑体", "32"),
        ("GwHeading2", "楷体_GB2312", "32"),
    ] {
        let start = styles
            .find(&format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("style {id}"));
        let style = &styles[start..start + styles[start..].find("</w:style>").unwrap()];
        assert!(
            style.contains(&format!("w:eastAsia=\"{font}\"")),
            "{id}: {style}"
        );
        assert!(
            style.contains(&format!("<w:sz w:val=\"{size}\"")),
            "{id}: {style}"
        );
        assert!(style.contains("w:lineRule=\"exact\""), "{id}: {style}");
    }
    assert!(styles.contains("w:line=\"579\""), "28.95 pt pitch");
}

#[test]
fn the_body_is_portrait_a4_and_the_attachment_landscape() {
    let l = ledger();
    let (b, json) = tongbao(&l, "2026-11-30", &["--week", "2026-W48"]);
    assert_eq!(b.sections.len(), 2, "{:?}", b.sections);
    let (body_end, w, h, orient, margins) = &b.sections[0];
    assert_eq!(
        (w.as_str(), h.as_str(), orient.as_str()),
        ("11906", "16838", "")
    );
    // 37, 35, 28, 26 mm in twips.
    assert_eq!(margins, &["2098", "1984", "1587", "1474"].map(String::from));
    let (_, w, h, orient, _) = &b.sections[1];
    assert_eq!(
        (w.as_str(), h.as_str(), orient.as_str()),
        ("16838", "11906", "landscape")
    );
    // The table is the attachment: after the first section ends, one row per task shown.
    assert_eq!(b.tables.len(), 1);
    let (at, rows) = &b.tables[0];
    assert!(
        at >= body_end,
        "table at paragraph {at}, body ends at {body_end}"
    );
    assert_eq!(
        rows[0],
        [
            "序号",
            "工作任务",
            "牵头单位",
            "配合单位",
            "完成时限",
            "状态",
            "进度",
            "健康",
            "序时进度",
            "本周进展"
        ]
    );
    let want = json["rows"].as_array().unwrap();
    assert_eq!(rows.len() - 1, want.len());
    for (row, task) in rows[1..].iter().zip(want) {
        assert_eq!(row[0], task["id"].as_str().unwrap());
        assert_eq!(row[1], task["title"].as_str().unwrap());
        assert_eq!(row[6], format!("{}%", task["progress"]));
    }
    // The week's news is the report's: the change and its note, as json's events say.
    let r21 = rows.iter().find(|r| r[0] == "2.1").unwrap();
    assert!(r21[9].starts_with("11-25 "), "{:?}", r21[9]);
    assert!(
        r21[9].contains("进度由0%提高到40%") && r21[9].contains("已拟定会议方案"),
        "{:?}",
        r21[9]
    );
}

#[test]
fn the_attachment_is_cut_as_limit_cuts_the_table() {
    let l = ledger();
    let (b, json) = tongbao(&l, "2026-11-30", &["--week", "2026-W48", "--limit", "3"]);
    let rows = &b.tables[0].1;
    assert_eq!(rows.len() - 1, 3);
    let total = json["rows"].as_array().unwrap().len();
    let note = format!("另有{}项未列入本表。", total - 3);
    assert!(b.paras.iter().any(|(_, t)| *t == note), "{note}");
    // The opening sentences still name every overdue task's lead, also when the limit cuts
    // the overdue list itself (two overdue tasks, one shown).
    let summary = json["summary_text"].as_str().unwrap();
    assert!(b.paras.iter().any(|(_, t)| t == summary));
    let (b, _) = tongbao(&l, "2026-11-30", &["--week", "2026-W48", "--limit", "1"]);
    assert!(summary.contains("分别由"), "{summary}");
    assert!(b.paras.iter().any(|(_, t)| t == summary), "{summary}");
    // The one not named is counted by its lead (the json's second overdue task).
    let rest = format!(
        "另有1项逾期事项，由{}牵头。",
        json["overdue"][1]["lead"].as_str().unwrap()
    );
    assert!(b.paras.iter().any(|(_, t)| *t == rest), "{rest}");
}

#[test]
fn the_opening_sentences_and_figures_equal_the_json() {
    let l = ledger();
    let (b, json) = tongbao(&l, "2026-11-30", &["--week", "2026-W48"]);
    let summary = json["summary_text"].as_str().unwrap();
    let leads: Vec<&str> = json["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["lead"].as_str().unwrap())
        .collect();
    let t = &json["total"];
    let want = format!(
        "共{}项，已办结{}项，占{:.1}%；本周新办结{}项；逾期{}项，分别由{}牵头。",
        t["tasks"],
        t["done"],
        t["percent_done"].as_f64().unwrap(),
        t["done_change"],
        t["overdue"],
        {
            let mut seen: Vec<&str> = Vec::new();
            for u in &leads {
                if !seen.contains(u) {
                    seen.push(u);
                }
            }
            seen.join("、")
        }
    );
    assert_eq!(summary, want);
    assert_eq!(t["overdue"], 2);
    assert_eq!(t["done_change"], 1);
    // The sentence opens the body, right after the title.
    let k = b
        .paras
        .iter()
        .position(|(_, t)| t == summary)
        .expect("summary in the docx");
    assert_eq!(b.paras[k].0, "GwBody");
    assert!(
        b.paras[..k]
            .iter()
            .any(|(s, t)| s == "GwTitle" && t.starts_with("关于"))
    );
    // 总体进展 restates the total's counts.
    let overall = &b.paras[b
        .paras
        .iter()
        .position(|(_, t)| t == "一、总体进展")
        .unwrap()
        + 1]
    .1;
    assert!(
        overall.contains(&format!("共{}项，已办结{}项", t["tasks"], t["done"])),
        "{overall}"
    );
    // Every overdue task is in section 三 with its days; the blocked one too.
    let three = b
        .paras
        .iter()
        .position(|(_, t)| t == "三、逾期及滞后事项")
        .unwrap();
    let four = b
        .paras
        .iter()
        .position(|(_, t)| t == "四、下周到期事项")
        .unwrap();
    let section: Vec<&str> = b.paras[three..four]
        .iter()
        .map(|(_, t)| t.as_str())
        .collect();
    for d in json["overdue"].as_array().unwrap() {
        let line = format!(
            "{} {}，",
            d["id"].as_str().unwrap(),
            d["title"].as_str().unwrap()
        );
        let found = section.iter().find(|t| t.starts_with(&line)).expect(&line);
        assert!(found.contains(&format!("已逾期{}天", d["days"])), "{found}");
    }
    assert!(
        section
            .iter()
            .any(|t| t.starts_with("3.1 ") && t.contains("受阻")),
        "{section:?}"
    );
}

#[test]
fn a_quiet_week_says_so_in_words() {
    let l = Ledger::seeded("2026-09-01");
    let (b, json) = tongbao(&l, "2026-09-02", &[]);
    let summary = json["summary_text"].as_str().unwrap();
    assert_eq!(
        summary,
        "共16项，已办结0项，占0.0%；本周新办结0项；无逾期事项。"
    );
    assert!(b.paras.iter().any(|(_, t)| t == summary));
    assert!(b.paras.iter().any(|(_, t)| t == "无逾期事项。"));
    // Default office when the config names none.
    assert!(b.paras.iter().any(|(_, t)| t.starts_with("督办工作办公室")));
}

#[test]
fn issue_numbers_count_up_and_a_reissue_keeps_its_number() {
    let l = ledger();
    let number = |week: &str, today: &str| -> String {
        let (b, _) = tongbao(&l, today, &["--week", week]);
        b.paras
            .iter()
            .find(|(_, t)| t.starts_with('第') && t.ends_with('期'))
            .map(|(_, t)| t.clone())
            .expect("第N期")
    };
    assert_eq!(number("2026-W48", "2026-11-30"), "第12期");
    assert_eq!(number("2026-W48", "2026-11-30"), "第12期");
    assert_eq!(number("2026-W49", "2026-12-07"), "第13期");
    assert_eq!(number("2026-W48", "2026-12-07"), "第12期");
    assert_eq!(number("2026-W50", "2026-12-14"), "第14期");
    // The office and the date in Chinese numerals, in the 版头 and the signature.
    let (b, _) = tongbao(&l, "2026-11-30", &["--week", "2026-W48"]);
    let head = &b.paras[2].1;
    assert_eq!(head, "中共某市委组织部督查室　　　　二〇二六年十一月三十日");
    assert!(
        b.paras
            .iter()
            .filter(|(_, t)| t == "二〇二六年十一月三十日")
            .count()
            == 1
    );
    // The numbers travel with an export.
    let dump = l.run(&["export"]).ok().json();
    assert_eq!(dump["meta"]["tongbao_last"], "14");
}

#[test]
fn bad_requests_are_one_line_and_write_nothing() {
    let l = ledger();
    let before = l.dump();
    l.run(&["report", "--format", "docx"])
        .fails(1, &["--out", "docx"]);
    let out = l.dir.path().join("s.docx");
    l.run(&[
        "report",
        "--series",
        "weekly",
        "--format",
        "docx",
        "--out",
        out.to_str().unwrap(),
    ])
    .fails(1, &["--series", "docx"]);
    assert!(!out.exists());
    let zh = l
        .run(&["--lang", "zh", "report", "--format", "docx"])
        .fails(1, &["错误："]);
    assert!(!zh.contains("give"), "{zh}");
    assert_eq!(l.dump(), before);
    // A document that cannot be written takes no issue number.
    let nowhere = l.dir.path().join("无此目录").join("通报.docx");
    l.run(&[
        "report",
        "--format",
        "docx",
        "--week",
        "2026-W45",
        "--out",
        nowhere.to_str().unwrap(),
    ])
    .fails(1, &["无此目录"]);
    assert_eq!(l.dump(), before);
    let config = l
        .dir
        .path()
        .join("config")
        .join("tracker")
        .join("config.toml");
    for (bad, key) in [
        ("first_issue = 0", "first_issue"),
        ("first_issue = \"七\"", "first_issue"),
        ("office = \"\\u202e督查室\"", "office"),
    ] {
        std::fs::write(&config, format!("{bad}\n")).unwrap();
        l.run(&["report", "--format", "docx", "--out", out.to_str().unwrap()])
            .fails(1, &[key]);
        assert!(!out.exists(), "{bad}");
    }
    assert_eq!(l.dump(), before);
    std::fs::remove_file(&config).unwrap();
    let (b, _) = tongbao(&l, "2026-11-30", &["--week", "2026-W45"]);
    assert!(
        b.paras.iter().any(|(_, t)| t == "第1期"),
        "the first number (config gone: 1), not a later one: {:?}",
        &b.paras[..3]
    );
}

#[test]
fn markup_in_titles_and_names_is_text_in_the_document() {
    let l = Ledger::seeded("2026-09-01");
    let title = "修订<规则>&“细则”'附表'";
    l.run(&[
        "add",
        "--rec",
        "1",
        "--title",
        title,
        "--lead",
        "A&B<科>",
        "--deadline",
        "2026-10-01",
    ])
    .ok();
    l.run_on("2026-11-25", &["note", "1.6", "</w:t></w:r>&amp;"])
        .ok();
    let (b, json) = tongbao(&l, "2026-11-30", &["--week", "2026-W48"]);
    let summary = json["summary_text"].as_str().unwrap();
    assert!(summary.contains("由A&B<科>牵头"), "{summary}");
    assert!(b.paras.iter().any(|(_, t)| t == summary));
    let row = b.tables[0]
        .1
        .iter()
        .find(|r| r[0] == "1.6")
        .expect("row 1.6");
    assert_eq!(row[1], title);
    assert_eq!(row[2], "A&B<科>");
    assert!(row[9].contains("</w:t></w:r>&amp;"), "{:?}", row[9]);
}

/// The 序时 cell the terminal's table shows for a json row: the light and the gap, 红 受阻,
/// 逾期完成, or nothing.
fn pace_cell(row: &serde_json::Value) -> String {
    if row["done_late"] == true {
        return "逾期完成".into();
    }
    let pace = &row["pace"];
    if pace.is_null() {
        return String::new();
    }
    let light = match pace["light"].as_str().unwrap() {
        "green" => "绿",
        "amber" => "黄",
        _ => "红",
    };
    match pace["gap"].as_f64() {
        Some(g) if g > 0.0 => format!("{light} +{g:.1}"),
        Some(g) => format!("{light} {g:.1}"),
        None => format!("{light} 受阻"),
    }
}

#[test]
fn pace_figures_in_section_one_and_the_table_equal_the_json() {
    let l = ledger();
    // One task done after its deadline (逾期完成), one ahead of its pace.
    l.run_on("2026-11-02", &["update", "1.4", "--deadline", "2026-11-05"])
        .ok();
    l.run_on("2026-11-26", &["update", "1.4", "--status", "done"])
        .ok();
    l.run_on("2026-11-26", &["update", "3.2", "--progress", "90"])
        .ok();
    let (b, json) = tongbao(&l, "2026-11-30", &["--week", "2026-W48"]);
    let sentence = |p: &serde_json::Value| {
        format!(
            "按序时进度，超进度{}项，达进度{}项，欠进度{}项，其中黄灯{}项、红灯{}项；逾期完成{}项。",
            p["ahead"], p["on_pace"], p["behind"], p["pace_amber"], p["pace_red"], p["done_late"]
        )
    };
    let t = &json["total"];
    assert_eq!(t["done_late"], 1, "{t}");
    assert!(t["ahead"].as_u64().unwrap() >= 1, "{t}");
    let one = b
        .paras
        .iter()
        .position(|(_, t)| t == "一、总体进展")
        .unwrap();
    assert_eq!(b.paras[one + 2], ("GwBody".into(), sentence(t)));
    // Each recommendation's paragraph ends with its own figures.
    for rec in json["summary"].as_array().unwrap() {
        let want = sentence(rec);
        let headline = rec["headline"].as_str().unwrap();
        let k = b
            .paras
            .iter()
            .position(|(s, t)| s == "GwHeading2" && t.ends_with(headline))
            .expect(headline);
        assert!(b.paras[k + 1].1.ends_with(&want), "{:?}", b.paras[k + 1]);
    }
    // The attachment: 健康 and 序时进度 side by side, as json gives them.
    let rows = &b.tables[0].1;
    let want = json["rows"].as_array().unwrap();
    assert_eq!(rows.len() - 1, want.len());
    for (row, task) in rows[1..].iter().zip(want) {
        let health = match task["health"].as_str() {
            Some("overdue") => "红",
            Some("due-soon") => "黄",
            Some("on-track") => "绿",
            _ => "",
        };
        assert_eq!(
            (row[7].as_str(), &row[8]),
            (health, &pace_cell(task)),
            "{row:?}"
        );
    }
    assert!(rows.iter().any(|r| r[0] == "1.4" && r[8] == "逾期完成"));
    // The legend says what the lights mean, with the thresholds.
    assert!(
        b.paras
            .iter()
            .any(|(_, t)| t.starts_with("序时：") && t.contains("超过 10 个百分点为黄")),
        "{:?}",
        b.paras.last()
    );
}

#[test]
fn pages_are_numbered_per_gb_t_9704_odd_right_even_left() {
    let l = ledger();
    let out = l.dir.path().join("页码.docx");
    l.run_on(
        "2026-11-30",
        &["report", "--format", "docx", "--out", out.to_str().unwrap()],
    )
    .ok();
    let settings = zip_part(&out, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders"), "{settings}");
    let rels = zip_part(&out, "word/_rels/document.xml.rels");
    let target = |id: &str| {
        let at = rels.find(&format!("Id=\"{id}\"")).expect(id);
        let tag = &rels[rels[..at].rfind('<').unwrap()..];
        let tag = &tag[..tag.find('>').unwrap()];
        let t = &tag[tag.find("Target=\"").unwrap() + 8..];
        format!("word/{}", &t[..t.find('"').unwrap()])
    };
    let doc = zip_part(&out, "word/document.xml");
    // Both sections, the portrait body and the landscape attachment, point at the two footers.
    let sects: Vec<&str> = doc.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sects.len(), 2);
    for (k, sect) in sects.iter().enumerate() {
        let sect = &sect[..sect.find("</w:sectPr>").unwrap()];
        let id_of = |kind: &str| {
            let at = sect
                .find(&format!("w:type=\"{kind}\" r:id=\""))
                .unwrap_or_else(|| panic!("section {k}: no {kind} footer: {sect}"));
            let rest = &sect[at + kind.len() + 16..];
            rest[..rest.find('"').unwrap()].to_string()
        };
        let odd = zip_part(&out, &target(&id_of("default")));
        let even = zip_part(&out, &target(&id_of("even")));
        for (footer, jc, ind) in [
            (&odd, "right", "w:right=\"280\""),
            (&even, "left", "w:left=\"280\""),
        ] {
            assert!(
                footer.contains(&format!("<w:jc w:val=\"{jc}\"")),
                "{footer}"
            );
            // One 全角 space (14 pt, 280 twips) in from the edge.
            assert!(footer.contains(ind), "{footer}");
            assert!(
                footer.contains("<w:pStyle w:val=\"GwPageNumber\""),
                "{footer}"
            );
            assert!(
                footer.contains("<w:instrText>PAGE</w:instrText>"),
                "{footer}"
            );
            assert!(
                footer.contains("fldCharType=\"begin\"") && footer.contains("fldCharType=\"end\"")
            );
            let text: String = footer
                .split("<w:t xml:space=\"preserve\">")
                .skip(1)
                .map(|t| &t[..t.find("</w:t>").unwrap()])
                .collect();
            assert_eq!(text, "— 1 —", "an em dash each side of the number");
        }
        // The number's line starts 7 mm below the type area: footer distance + 14 pt line =
        // bottom margin − 7 mm (portrait 35 mm, landscape 26 mm), in twips.
        let mar = &sect[sect.find("<w:pgMar").unwrap()..];
        let val = |k: &str| -> i32 {
            let v = &mar[mar.find(&format!(" w:{k}=\"")).unwrap() + k.len() + 5..];
            v[..v.find('"').unwrap()].parse().unwrap()
        };
        let below = (val("bottom") - val("footer") - 280) as f64 * 25.4 / 1440.0;
        assert!((below - 7.0).abs() < 0.1, "section {k}: {below} mm");
    }
    // 4号 (14 pt) 宋体.
    let styles = zip_part(&out, "word/styles.xml");
    let start = styles
        .find("w:styleId=\"GwPageNumber\"")
        .expect("page number style");
    let style = &styles[start..start + styles[start..].find("</w:style>").unwrap()];
    assert!(
        style.contains("w:eastAsia=\"宋体\"") && style.contains("<w:sz w:val=\"28\""),
        "{style}"
    );
}

#[test]
fn the_attachment_repeats_its_header_row_and_never_splits_a_row() {
    let l = ledger();
    let out = l.dir.path().join("表头.docx");
    l.run_on(
        "2026-11-30",
        &[
            "report",
            "--format",
            "docx",
            "--limit",
            "0",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let doc = zip_part(&out, "word/document.xml");
    let table = &doc[doc.find("<w:tbl>").unwrap()..doc.find("</w:tbl>").unwrap()];
    let rows: Vec<&str> = table.split("<w:tr>").skip(1).collect();
    assert_eq!(rows.len(), 17, "a header and 16 tasks");
    for (k, row) in rows.iter().enumerate() {
        let props = &row[..row.find("</w:trPr>").unwrap_or_else(|| panic!("row {k}"))];
        assert!(props.contains("<w:cantSplit"), "row {k}: {props}");
        assert_eq!(props.contains("<w:tblHeader"), k == 0, "row {k}: {props}");
    }
}

/// The 版头's number line of a docx written with `args`.
fn number_line(l: &Ledger, today: &str, args: &[&str]) -> String {
    let (b, _) = tongbao(l, today, args);
    b.paras[1].1.clone()
}

#[test]
fn only_the_issued_tongbao_takes_a_number_previews_are_drafts() {
    let l = ledger();
    let before = l.dump();
    // (arguments, the number line): a part of the ledger or a custom period is never issued
    // and shows no number; a draft of the whole week shows the number it will get.
    let previews: [(&[&str], &str); 6] = [
        (&["--week", "2026-W48", "--owner", "组织科"], "草稿"),
        (&["--week", "2026-W48", "--rec", "2"], "草稿"),
        (&["--from", "2026-11-01", "--to", "2026-11-30"], "草稿"),
        (&["--from", "2026-11-23", "--to", "2026-11-28"], "草稿"),
        (&["--week", "2026-W48", "--draft"], "第12期（草稿）"),
        (
            &["--week", "2026-W48", "--draft", "--limit", "3"],
            "第12期（草稿）",
        ),
    ];
    for (args, want) in previews {
        assert_eq!(number_line(&l, "2026-11-30", args), want, "{args:?}");
    }
    assert_eq!(l.dump(), before, "previews leave the ledger as it was");
    // Numbers follow the order of issue, whatever the weeks; a re-issue keeps its number, and
    // a draft then shows that number.
    assert_eq!(
        number_line(&l, "2026-12-14", &["--week", "2026-W50"]),
        "第12期"
    );
    assert_eq!(
        number_line(&l, "2026-12-14", &["--week", "2026-W48"]),
        "第13期"
    );
    assert_eq!(
        number_line(&l, "2026-12-14", &["--week", "2026-W49", "--draft"]),
        "第14期（草稿）"
    );
    assert_eq!(
        number_line(&l, "2026-12-14", &["--week", "2026-W50", "--draft"]),
        "第12期（草稿）"
    );
    assert_eq!(
        number_line(&l, "2026-12-15", &["--week", "2026-W50"]),
        "第12期"
    );
    assert_eq!(
        number_line(
            &l,
            "2026-12-15",
            &["--week", "2026-W50", "--owner", "组织科"]
        ),
        "草稿"
    );
    assert_eq!(
        number_line(&l, "2026-12-15", &["--week", "2026-W49"]),
        "第14期"
    );
    // --draft belongs to the 通报.
    l.run(&["report", "--draft"]).fails(1, &["--draft", "docx"]);
    let zh = l
        .run(&["--lang", "zh", "report", "--draft"])
        .fails(1, &["错误："]);
    assert!(!zh.contains("use it"), "{zh}");
}

#[test]
fn a_custom_period_is_titled_in_chinese_dates() {
    let l = ledger();
    // (from, to, title, news heading)
    let cases = [
        (
            "2026-11-01",
            "2026-11-30",
            "关于2026年11月1日—11月30日\n督办事项进展情况的通报",
        ),
        (
            "2026-12-25",
            "2027-01-05",
            "关于2026年12月25日—2027年1月5日\n督办事项进展情况的通报",
        ),
        (
            "2026-11-03",
            "2026-11-03",
            "关于2026年11月3日督办事项\n进展情况的通报",
        ),
        (
            "2026-09-01",
            "2026-11-29",
            "关于2026年9月1日—11月29日\n督办事项进展情况的通报",
        ),
    ];
    for (from, to, want) in cases {
        let (b, _) = tongbao(&l, "2027-01-06", &["--from", from, "--to", to]);
        let title = texts(&b, "GwTitle")[1];
        assert_eq!(title, want);
        assert!(!title.contains('-') && !title.contains('至'), "{title}");
        assert!(b.paras.iter().any(|(_, t)| t == "二、本期进展"));
        assert_eq!(b.tables[0].1[0][9], "本期进展");
    }
}

#[test]
fn hidden_characters_in_ledger_text_are_left_out_of_the_document() {
    let l = Ledger::seeded("2026-09-01");
    // (stored text, what the document shows)
    let cases = [
        ("a\u{202e}cba", "acba"),
        ("\u{2067}隔离\u{2069}", "隔离"),
        ("零\u{200b}宽", "零宽"),
        ("\u{1b}[31m红\u{1b}[0m", "[31m红[0m"),
        ("响铃\u{7}", "响铃"),
        ("C1\u{9b}31m", "C131m"),
        ("行\u{2028}分隔", "行 分隔"),
        ("标\u{feff}记\u{fffe}", "标记"),
    ];
    // Titles and units no command accepts with these (an old ledger, a hand-edited file),
    // written straight into the file; notes as typed.
    let conn = rusqlite::Connection::open(&l.db).unwrap();
    for (i, (text, _)) in cases.iter().enumerate() {
        let (rec, item) = (1 + i as i64 / 5, i as i64 % 5 + 1);
        conn.execute(
            "UPDATE tasks SET title = ?1 WHERE recommendation = ?2 AND item = ?3",
            rusqlite::params![text, rec, item],
        )
        .unwrap();
    }
    conn.execute(
        "UPDATE units SET name = ?1 WHERE name = '组织科'",
        rusqlite::params!["组织\u{202e}科"],
    )
    .unwrap();
    drop(conn);
    for (text, _) in &cases {
        if !text.chars().any(|c| c.is_control()) {
            l.run_on("2026-11-25", &["note", "3.1", text]).ok();
        }
    }
    let (b, _) = tongbao(&l, "2026-11-30", &["--week", "2026-W48", "--limit", "0"]);
    let out = l.dir.path().join("通报--week_2026-W48_--limit_0.docx");
    let xml = zip_part(&out, "word/document.xml");
    assert!(!xml.contains("\\u{"), "escapes in the document");
    for c in xml.chars() {
        assert!(
            !(c.is_control() && c != '\n'
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{200b}' | '\u{feff}' | '\u{fffe}')),
            "raw U+{:04X} in the document",
            c as u32
        );
    }
    let rows = &b.tables[0].1;
    for (i, (_, shown)) in cases.iter().enumerate() {
        let id = format!("{}.{}", 1 + i / 5, i % 5 + 1);
        let row = rows.iter().find(|r| r[0] == id).expect(&id);
        assert_eq!(row[1], *shown, "{id}");
    }
    assert!(
        rows.iter().any(|r| r[2] == "组织科"),
        "the unit, without its override"
    );
    let news = &rows.iter().find(|r| r[0] == "3.1").unwrap()[9];
    for (text, shown) in &cases {
        if !text.chars().any(|c| c.is_control()) {
            // A note keeps its lines: U+2028 is a line break there.
            let shown = if text.contains('\u{2028}') {
                "行\n分隔"
            } else {
                shown
            };
            assert!(news.contains(shown), "{shown} in {news:?}");
        }
    }
}
