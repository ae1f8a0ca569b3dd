//! `report --format docx`: the weekly 通报 as a Word document. Each test unzips
//! `word/document.xml` (and `word/styles.xml`) and reads it with quick-xml: text, styles,
//! section order, the landscape attachment, and the figures against `report --format json`.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::{Ledger, zip_part};

pub(crate) use crate::support::zip_part as part;

/// What the document holds, in order.
#[derive(Debug, Default)]
pub(crate) struct Body {
    /// (style id, text) of every paragraph outside tables.
    pub(crate) paras: Vec<(String, String)>,
    /// Per section: (paragraphs before its end, page width, page height, orientation,
    /// margins top/bottom/left/right).
    pub(crate) sections: Vec<(usize, String, String, String, [String; 4])>,
    /// Rows of each table, with the number of paragraphs before it.
    pub(crate) tables: Vec<(usize, Vec<Vec<String>>)>,
}

pub(crate) fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> String {
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
pub(crate) fn ledger() -> Ledger {
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

pub(crate) fn tongbao(l: &Ledger, today: &str, extra: &[&str]) -> (Body, serde_json::Value) {
    let out = l.dir.path().join(format!("通报{}.docx", extra.join("_")));
    let mut args = vec!["report", "--format", "docx", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = l.run_on(today, &args).ok();
    assert!(run.stderr.contains("wrote"), "{}", run.stderr);
    // (In Chinese: the 通报's opening sentences are the zh json's `summary_text`.)
    let mut json_args = vec!["--lang", "zh", "report", "--format", "json"];
    json_args.extend(
        extra
            .iter()
            .filter(|a| a.starts_with("2026-W") || a.starts_with("--week")),
    );
    let json = l.run_on(today, &json_args).ok().json();
    (body(&out), json)
}

pub(crate) fn texts<'a>(b: &'a Body, style: &str) -> Vec<&'a str> {
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
            "四、下周到期事项（11月30日—12月6日）",
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

/// The paragraphs of the body section whose heading starts with `head`, up to the next.
pub(crate) fn section<'a>(b: &'a Body, head: &str) -> Vec<&'a str> {
    let start = b
        .paras
        .iter()
        .position(|(s, t)| s == "GwHeading1" && t.starts_with(head))
        .unwrap_or_else(|| panic!("no section {head}"));
    b.paras[start + 1..]
        .iter()
        .take_while(|(s, _)| s != "GwHeading1")
        .map(|(_, t)| t.as_str())
        .collect()
}

/// A paragraph naming one task: it starts with its id (`12.3 标题…`).
pub(crate) fn is_item(t: &str) -> bool {
    let id = t.split(' ').next().unwrap_or_default();
    id.split_once('.').is_some_and(|(a, b)| {
        !a.is_empty() && !b.is_empty() && (a.to_owned() + b).chars().all(|c| c.is_ascii_digit())
    })
}
