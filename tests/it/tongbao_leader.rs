//! The 通报 as a leader reads it (issue 17 §4–5, second round): section 三 lists every overdue
//! task and then every task behind pace beyond `pace_red` or blocked, each once; 四's heading
//! says the window its list covers; 五 is capped like the others; a note's lines stay lines;
//! the attachment has 最新进展 and a 进度 column that holds `100%`; a week outside the
//! ledger's life takes no number.

use crate::support::Ledger;
use crate::tongbao::{Body, body, part};

fn config(l: &Ledger, text: &str) {
    let dir = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

fn docx(l: &Ledger, today: &str, extra: &[&str]) -> Body {
    let out = l.dir.path().join("通报.docx");
    let mut args = vec!["report", "--format", "docx", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    l.run_on(today, &args).ok();
    body(&out)
}

/// The paragraphs from the heading starting with `start` up to the next heading.
fn section<'a>(b: &'a Body, start: &str) -> Vec<&'a str> {
    let k = (b.paras.iter())
        .position(|(s, t)| s == "GwHeading1" && t.starts_with(start))
        .unwrap_or_else(|| panic!("no section {start}: {:?}", b.paras));
    b.paras[k + 1..]
        .iter()
        .take_while(|(s, _)| s != "GwHeading1")
        .map(|(_, t)| t.as_str())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The task id an item of a section starts with (`1.3 扩大…`).
fn item_id(t: &str) -> Option<&str> {
    let id = t.split(' ').next()?;
    let (a, b) = id.split_once('.')?;
    (!a.is_empty() && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())).then_some(id)
}

/// A seeded ledger (deadlines 3, 6 and 12 months from 09-01) three months on: most tasks are
/// behind pace, one overdue and blocked, one blocked on time, one ahead.
fn behind() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    l.run_on("2026-11-20", &["update", "1.3", "--deadline", "2026-11-10"])
        .ok();
    l.run_on("2026-11-21", &["update", "1.3", "--status", "blocked"])
        .ok();
    l.run_on("2026-11-22", &["update", "3.1", "--status", "blocked"])
        .ok();
    l.run_on("2026-11-23", &["update", "2.1", "--progress", "90"])
        .ok();
    l
}

#[test]
fn section_three_lists_overdue_then_red_pace_and_blocked_tasks_once_each() {
    let l = behind();
    config(&l, "tongbao_items = 50\n");
    let b = docx(&l, "2026-11-30", &["--week", "2026-W48"]);
    let json = l
        .run_on(
            "2026-11-30",
            &["report", "--week", "2026-W48", "--format", "json"],
        )
        .ok()
        .json();
    let rows = json["rows"].as_array().unwrap();
    let overdue: Vec<&str> = (json["overdue"].as_array().unwrap().iter())
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    let mut lagging: Vec<&str> = rows
        .iter()
        .filter(|r| r["health"] != "overdue" && r["pace"]["light"] == "red")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(lagging.contains(&"3.1") && lagging.len() > 2, "{lagging:?}");
    let three = section(&b, "三、");
    let ids: Vec<&str> = three.iter().filter_map(|t| item_id(t)).collect();
    // Overdue first, in the json's order; then the lagging ones; each once.
    assert_eq!(ids[..overdue.len()], overdue[..], "{three:?}");
    let mut rest = ids[overdue.len()..].to_vec();
    rest.sort_unstable();
    lagging.sort_unstable();
    assert_eq!(rest, lagging, "{three:?}");
    // 1.3 is overdue and blocked: said once, as overdue.
    assert_eq!(ids.iter().filter(|i| **i == "1.3").count(), 1);
    let item = |id: &str| three.iter().find(|t| item_id(t) == Some(id)).unwrap();
    assert!(item("1.3").contains("已逾期"), "{}", item("1.3"));
    assert!(item("3.1").contains("推进受阻"), "{}", item("3.1"));
    // A task behind pace says by how much, as the json's gap.
    let red = rows
        .iter()
        .find(|r| r["status"] != "blocked" && lagging.contains(&r["id"].as_str().unwrap()))
        .unwrap();
    let gap = -red["pace"]["gap"].as_f64().unwrap();
    let said = item(red["id"].as_str().unwrap());
    assert!(said.contains(&format!("滞后{gap:.1}个百分点")), "{said}");
    // 2.1 is ahead: not in 三.
    assert!(!ids.contains(&"2.1"));
}

#[test]
fn section_three_caps_the_lagging_tasks_and_counts_the_rest() {
    let l = behind();
    config(&l, "tongbao_items = 2\n");
    let b = docx(&l, "2026-11-30", &["--week", "2026-W48"]);
    let json = l
        .run_on(
            "2026-11-30",
            &["report", "--week", "2026-W48", "--format", "json"],
        )
        .ok()
        .json();
    let lagging = (json["rows"].as_array().unwrap().iter())
        .filter(|r| r["health"] != "overdue" && r["pace"]["light"] == "red")
        .count();
    let three = section(&b, "三、");
    let named = three.iter().filter(|t| item_id(t).is_some()).count();
    let overdue = json["overdue"].as_array().unwrap().len();
    // The cap is the section's: the lagging tasks get what the overdue ones leave.
    let lagging_named = lagging.min(2 - overdue.min(2));
    assert_eq!(named, (overdue + lagging).min(2), "{three:?}");
    let more = format!(
        "另有{}项滞后或受阻事项，详见附件。",
        lagging - lagging_named
    );
    assert!(three.contains(&more.as_str()), "{more} in {three:?}");
}

#[test]
fn section_four_says_its_window_and_lists_what_falls_in_it() {
    let l = Ledger::seeded("2026-09-01");
    // Due this week (after the as-of day), next week, and in the week after.
    l.run_on("2026-11-20", &["update", "2.2", "--deadline", "2026-11-28"])
        .ok();
    l.run_on("2026-11-20", &["update", "2.3", "--deadline", "2026-12-04"])
        .ok();
    l.run_on("2026-11-20", &["update", "2.5", "--deadline", "2026-12-10"])
        .ok();
    config(&l, "tongbao_items = 50\n");
    // During the week and after it: the week's deadlines (what became of them) in （一）, the
    // open tasks due next week in （二）, each part headed with its window.
    for today in ["2026-11-30", "2026-11-26"] {
        let b = docx(&l, today, &["--week", "2026-W48", "--draft"]);
        let four = section(&b, "四、");
        let h = b
            .paras
            .iter()
            .find(|(s, t)| s == "GwHeading1" && t.starts_with("四、"))
            .unwrap();
        assert_eq!(h.1, "四、本周及下周到期事项");
        let one = (four.iter())
            .position(|t| *t == "（一）本周到期事项（11月23日—11月29日）")
            .unwrap_or_else(|| panic!("{four:?}"));
        let two = (four.iter())
            .position(|t| *t == "（二）下周到期事项（11月30日—12月6日）")
            .unwrap_or_else(|| panic!("{four:?}"));
        let ids = |part: &[&str]| {
            let mut ids: Vec<String> = part
                .iter()
                .filter_map(|t| item_id(t))
                .map(String::from)
                .collect();
            ids.sort_unstable();
            ids
        };
        let json = l
            .run_on(today, &["report", "--week", "2026-W48", "--format", "json"])
            .ok()
            .json();
        let list = |key: &str, keep: &dyn Fn(&str) -> bool| {
            let mut ids: Vec<String> = (json[key].as_array().unwrap().iter())
                .filter(|d| keep(d["deadline"].as_str().unwrap()))
                .map(|d| d["id"].as_str().unwrap().to_string())
                .collect();
            ids.sort_unstable();
            ids
        };
        let this_week = list("due_in_period", &|_| true);
        assert_eq!(ids(&four[one..two]), this_week, "{today}: {four:?}");
        assert!(this_week.contains(&"2.2".to_string()), "{today}: {four:?}");
        let next = list("upcoming", &|d| ("2026-11-30"..="2026-12-06").contains(&d));
        assert_eq!(ids(&four[two..]), next, "{today}: {four:?}");
        assert!(next.contains(&"2.3".to_string()), "{today}: {four:?}");
        assert!(
            !ids(&four).contains(&"2.5".to_string()),
            "12-10 is after the window"
        );
    }
}

#[test]
fn section_five_names_at_most_the_cap_and_counts_the_rest() {
    // Three months without a report: every open task is unreported.
    let l = Ledger::seeded("2026-09-01");
    config(&l, "tongbao_items = 3\n");
    let b = docx(&l, "2026-11-30", &["--week", "2026-W48"]);
    let json = l
        .run_on(
            "2026-11-30",
            &["report", "--week", "2026-W48", "--format", "json"],
        )
        .ok()
        .json();
    let unreported = json["unreported"].as_array().unwrap().len();
    assert!(unreported > 3);
    let five = section(&b, "五、");
    let named: usize = five.iter().map(|t| t.matches("天未反馈").count()).sum();
    assert_eq!(named, 3, "{five:?}");
    // Every unit named first with its count; the tasks of the units not reached counted last.
    let units = json["unreported_units"].as_array().unwrap();
    assert!(
        five[0].starts_with(&format!(
            "{}个单位{unreported}项事项未按时反馈：",
            units.len()
        )),
        "{five:?}"
    );
    let at = (five.iter().position(|t| t.contains("不再逐项列出"))).unwrap();
    let reached = at - 1;
    let rest: u64 = units[reached..]
        .iter()
        .map(|u| u["tasks"].as_u64().unwrap())
        .sum();
    assert_eq!(
        five[at],
        format!(
            "其余{}个单位的{rest}项不再逐项列出，详见附件。",
            units.len() - reached
        ),
        "{five:?}"
    );
}

#[test]
fn a_note_keeps_its_lines_in_the_body_and_the_attachment() {
    let l = Ledger::seeded("2026-09-01");
    // (separator as typed or pasted)
    let breaks = ["\n", "\r\n", "\r", "\u{2028}", "\u{2029}"];
    for (k, br) in breaks.iter().enumerate() {
        let id = format!("2.{}", k + 1);
        l.run_on(
            "2026-11-25",
            &["note", &id, &format!("第一行{k}{br}第二行{k}")],
        )
        .ok();
    }
    let b = docx(&l, "2026-11-30", &["--week", "2026-W48"]);
    let two = section(&b, "二、");
    let rows = &b.tables[0].1;
    for k in 0..breaks.len() {
        let id = format!("2.{}", k + 1);
        let item = two.iter().find(|t| item_id(t) == Some(&id)).unwrap();
        assert!(
            item.ends_with(&format!("11月25日，第一行{k}\n第二行{k}。")),
            "{item:?}"
        );
        let row = rows.iter().find(|r| r[0] == id).unwrap();
        // (本周进展 ends its sentence; 最新进展 is the note as written.)
        assert_eq!(row[9], format!("11月25日，第一行{k}\n第二行{k}。"));
        assert_eq!(row[10], format!("11月25日，第一行{k}\n第二行{k}"));
    }
}

#[test]
fn the_attachment_has_the_latest_note_and_room_for_100_percent() {
    let l = Ledger::seeded("2026-09-01");
    l.run_on("2026-11-10", &["note", "1.2", "会议方案已报审"])
        .ok();
    l.run_on("2026-11-24", &["update", "1.4", "--status", "done"])
        .ok();
    let out = l.dir.path().join("通报.docx");
    let b = docx(&l, "2026-11-30", &["--week", "2026-W48"]);
    let rows = &b.tables[0].1;
    assert_eq!(rows[0].last().unwrap(), "最新进展");
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap();
    // A week without news still shows the latest note.
    assert_eq!(row("1.2")[9], "");
    assert_eq!(row("1.2")[10], "11月10日，会议方案已报审");
    assert_eq!(row("1.4")[6], "100%");
    // The 进度 column holds `100%` at 5号 (10.5 pt): four characters, digits and the sign
    // about 0.55 and 1 em wide, plus Word's 0.19 cm cell margins each side, in twips.
    let xml = part(&out, "word/document.xml");
    let grid: Vec<u32> = xml
        .split("<w:gridCol w:w=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect();
    let k = rows[0].iter().position(|h| h == "进度").unwrap();
    let needed = ((3.0 * 0.55 + 1.0) * 10.5 * 20.0 + 2.0 * 108.0) as u32;
    assert!(grid[k] >= needed, "进度 {} twips < {needed}", grid[k]);
    assert!(grid.iter().sum::<u32>() <= 12_756, "{grid:?}");
}

#[test]
fn weeks_outside_the_ledgers_life_take_no_number() {
    let l = Ledger::seeded("2026-09-01");
    config(&l, "first_issue = 7\n");
    let out = l.dir.path().join("x.docx");
    let before = l.dump();
    // (week, what the one line says)
    let cases = [
        ("2027-W10", "has not begun"),
        ("2026-W50", "has not begun"),
        ("2026-W20", "had no task by the end of 2026-W20"),
        ("2026-W35", "had no task by the end of 2026-W35"),
    ];
    for (week, why) in cases {
        let err = l
            .run_on(
                "2026-11-30",
                &["report", "--week", week, "--out", out.to_str().unwrap()],
            )
            .fails(1, &[why, "--draft"]);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!out.exists(), "{week}: nothing written");
        // A draft is written, numbered nothing.
        let b = docx(&l, "2026-11-30", &["--week", week, "--draft"]);
        assert_eq!(b.paras[1].1, "草稿", "{week}");
    }
    assert_eq!(l.dump(), before, "the ledger is untouched");
    // The ledger's first week and the current one are issued, from the first number on.
    for (week, n) in [("2026-W36", 7), ("2026-W49", 8)] {
        let b = docx(&l, "2026-11-30", &["--week", week]);
        assert_eq!(b.paras[1].1, format!("第{n}期"), "{week}");
    }
    // In Chinese too, one line.
    let err = l
        .run_on(
            "2026-11-30",
            &[
                "--lang",
                "zh",
                "report",
                "--week",
                "2027-W01",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .fails(1, &["错误：", "尚未开始", "--draft"]);
    assert_eq!(err.lines().count(), 1);
}
