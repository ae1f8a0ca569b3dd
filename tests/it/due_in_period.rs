//! 本期到期 (issue 17 §5, found again by fresh testers): every task whose deadline falls in the
//! reported period is listed with what became of it — done on time, done late, overdue, due
//! on the last day, not yet due — in every format, also once the period has ended (the
//! tasks due on its Monday were then only "overdue", and one done on time nowhere).

use crate::support::{Ledger, zip_part};
use crate::tongbao::body;

/// A seeded ledger whose week W49 (2026-11-30 to 12-06) holds seven deadlines: (task,
/// deadline, what happens to it and when).
fn week_of_deadlines() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    let deadlines = [
        ("1.1", "2026-11-30"),
        ("1.2", "2026-12-01"),
        ("2.3", "2026-12-02"),
        ("2.4", "2026-12-03"),
        ("3.1", "2026-12-04"),
        ("3.2", "2026-12-06"),
        ("2.6", "2026-12-05"),
        // Outside the week: before it and after it.
        ("1.4", "2026-11-29"),
        ("1.5", "2026-12-07"),
    ];
    for (id, d) in deadlines {
        l.run_on("2026-11-20", &["update", id, "--deadline", d])
            .ok();
    }
    // Done on time (before, and on the deadline), done late, blocked, cancelled.
    l.run_on("2026-11-28", &["update", "1.1", "--status", "done"])
        .ok();
    l.run_on("2026-12-01", &["update", "1.2", "--status", "done"])
        .ok();
    l.run_on("2026-12-04", &["update", "2.3", "--status", "done"])
        .ok();
    l.run_on("2026-12-02", &["update", "3.1", "--status", "blocked"])
        .ok();
    l.run_on("2026-12-02", &["update", "2.6", "--status", "cancelled"])
        .ok();
    l
}

fn json(l: &Ledger, today: &str) -> serde_json::Value {
    l.run_on(today, &["report", "--week", "2026-W49", "--format", "json"])
        .ok()
        .json()
}

/// (id, state) of `due_in_period`, in its order.
fn states(v: &serde_json::Value) -> Vec<(String, String)> {
    (v["due_in_period"].as_array().unwrap().iter())
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_deadline_of_the_week_is_listed_with_what_became_of_it() {
    let l = week_of_deadlines();
    // (today, the list as of then): after the week, on its last day, mid-week, before it.
    let cases: [(&str, &[(&str, &str)]); 4] = [
        (
            "2026-12-09",
            &[
                ("1.1", "done_on_time"),
                ("1.2", "done_on_time"),
                ("2.3", "done_late"),
                ("2.4", "overdue"),
                ("3.1", "overdue"),
                ("3.2", "due_today"),
            ],
        ),
        (
            "2026-12-06",
            &[
                ("1.1", "done_on_time"),
                ("1.2", "done_on_time"),
                ("2.3", "done_late"),
                ("2.4", "overdue"),
                ("3.1", "overdue"),
                ("3.2", "due_today"),
            ],
        ),
        (
            // 2.3 is not done yet on the 3rd (done on the 4th), 2.6 not cancelled yet on the 1st.
            "2026-12-03",
            &[
                ("1.1", "done_on_time"),
                ("1.2", "done_on_time"),
                ("2.3", "overdue"),
                ("2.4", "due_today"),
                ("3.1", "not_yet_due"),
                ("3.2", "not_yet_due"),
            ],
        ),
        (
            "2026-12-01",
            &[
                ("1.1", "done_on_time"),
                ("1.2", "done_on_time"),
                ("2.3", "not_yet_due"),
                ("2.4", "not_yet_due"),
                ("3.1", "not_yet_due"),
                ("2.6", "not_yet_due"),
                ("3.2", "not_yet_due"),
            ],
        ),
    ];
    for (today, want) in cases {
        let v = json(&l, today);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(states(&v), want, "as of {today}");
        for d in v["due_in_period"].as_array().unwrap() {
            // Days count to the deadline from the as-of day (the week's end once it is over).
            let as_of = v["as_of"].as_str().unwrap();
            let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
            let days = (day(d["deadline"].as_str().unwrap()) - day(as_of)).num_days();
            assert_eq!(d["days"], days, "{today}: {d}");
            let done = d["state"].as_str().unwrap().starts_with("done");
            assert_eq!(d["done_on"].is_string(), done, "{today}: {d}");
        }
    }
    // The day each was done, as recorded.
    let v = json(&l, "2026-12-09");
    let done_on: Vec<&str> = (v["due_in_period"].as_array().unwrap().iter())
        .filter_map(|d| d["done_on"].as_str())
        .collect();
    assert_eq!(done_on, ["2026-11-28", "2026-12-01", "2026-12-04"]);
}

#[test]
fn the_text_formats_list_the_week_s_deadlines_in_section_four() {
    let l = week_of_deadlines();
    let md = l
        .run_on(
            "2026-12-09",
            &[
                "--lang", "zh", "report", "--week", "上周", "--format", "markdown",
            ],
        )
        .ok()
        .stdout;
    let four = md.split("## 四、本周到期").nth(1).unwrap();
    let four = four.split("## 五").next().unwrap();
    assert!(
        four.contains("| 序号 | 工作任务 | 牵头单位 | 完成时限 | 完成情况 | 完成日期 | 进度 |"),
        "{four}"
    );
    for (id, state) in [
        ("1.1", "| 已按期完成 | 2026-11-28 |"),
        ("1.2", "| 已按期完成 | 2026-12-01 |"),
        ("2.3", "| 逾期完成 | 2026-12-04 |"),
        ("2.4", "| 逾期未完成 |  |"),
        ("3.2", "| 到期未完成 |  |"),
    ] {
        let line = four
            .lines()
            .find(|t| t.starts_with(&format!("| {id} |")))
            .unwrap_or_else(|| panic!("{id} in {four}"));
        assert!(line.contains(state), "{line}");
    }
    // Neither the task due the week before, nor the one after, nor the one cancelled.
    for id in ["1.4", "1.5", "2.6"] {
        assert!(!four.contains(&format!("| {id} |")), "{id}: {four}");
    }
    // The terminal, html and English say the same.
    let table = l
        .run_on("2026-12-09", &["report", "--week", "2026-W49"])
        .ok()
        .stdout;
    let four = table.split("4. Due this week").nth(1).unwrap();
    let four = four.split("5. Due").next().unwrap();
    for (id, state) in [
        ("1.1", "done on time"),
        ("2.3", "done late"),
        ("2.4", "overdue"),
    ] {
        let line = four.lines().find(|t| t.starts_with(id)).unwrap();
        assert!(line.contains(state), "{line}");
    }
    let html = l
        .run_on(
            "2026-12-09",
            &[
                "--lang", "zh", "report", "--week", "2026-W49", "--format", "html",
            ],
        )
        .ok()
        .stdout;
    let four = html.split("四、本周到期").nth(1).unwrap();
    let four = four.split("五、").next().unwrap();
    assert_eq!(four.matches("已按期完成").count(), 2, "{four}");
    assert_eq!(four.matches("逾期未完成").count(), 2, "{four}");
}

#[test]
fn the_workbook_has_the_week_s_deadlines_on_their_own_sheet() {
    let l = week_of_deadlines();
    let out = l.dir.path().join("周报.xlsx");
    l.run_on(
        "2026-12-09",
        &[
            "--lang",
            "zh",
            "report",
            "--week",
            "2026-W49",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let book = zip_part(&out, "xl/workbook.xml");
    assert!(book.contains("本期到期"), "{book}");
    let strings = zip_part(&out, "xl/sharedStrings.xml");
    for word in [
        "完成情况",
        "已按期完成",
        "逾期完成",
        "逾期未完成",
        "到期未完成",
    ] {
        assert!(strings.contains(word), "{word}");
    }
}

#[test]
fn the_tongbao_says_what_became_of_the_week_s_deadlines_under_four() {
    let l = week_of_deadlines();
    let out = l.dir.path().join("通报.docx");
    l.run_on(
        "2026-12-09",
        &[
            "report",
            "--week",
            "2026-W49",
            "--draft",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let b = body(&out);
    let texts: Vec<(&str, &str)> = (b.paras.iter())
        .map(|(s, t)| (s.as_str(), t.as_str()))
        .collect();
    let at = |t: &str| {
        texts
            .iter()
            .position(|p| p.1 == t)
            .unwrap_or_else(|| panic!("{t}: {texts:?}"))
    };
    let four = at("四、本周及下周到期事项");
    let one = at("（一）本周到期事项（11月30日—12月6日）");
    let two = at("（二）下周到期事项（12月7日—12月13日）");
    let five = (texts.iter())
        .position(|p| p.1.starts_with("五、"))
        .unwrap();
    assert!(four < one && one < two && two < five);
    assert_eq!(texts[four].0, "GwHeading1");
    assert_eq!(texts[one].0, texts[two].0);
    assert_ne!(texts[one].0, "GwHeading1");
    assert_eq!(
        texts[one + 1].1,
        "本周到期6项，其中已按期完成2项、逾期完成1项、逾期未完成2项、到期未完成1项。"
    );
    let part: Vec<&str> = texts[one + 2..two].iter().map(|p| p.1).collect();
    let ids: Vec<&str> = part.iter().filter_map(|t| t.split(' ').next()).collect();
    assert_eq!(ids, ["1.1", "1.2", "2.3", "2.4", "3.1", "3.2"], "{part:?}");
    assert!(
        part[0].ends_with("已按期完成（11月28日办结）。"),
        "{}",
        part[0]
    );
    assert!(
        part[2].ends_with("逾期完成（12月4日办结）。"),
        "{}",
        part[2]
    );
    assert!(
        part[4].contains("逾期未完成，当前进度0%（受阻）"),
        "{}",
        part[4]
    );
    // The task due the day after the week is next week's.
    let next: Vec<&str> = texts[two + 1..five].iter().map(|p| p.1).collect();
    assert!(next.iter().any(|t| t.starts_with("1.5 ")), "{next:?}");
    // A week without deadlines keeps the one heading with its window.
    l.run_on(
        "2026-12-09",
        &[
            "report",
            "--week",
            "2026-W47",
            "--draft",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let b = body(&out);
    assert!(
        b.paras
            .iter()
            .any(|(s, t)| s == "GwHeading1" && t == "四、下周到期事项（11月23日—11月29日）"),
        "{:?}",
        b.paras
    );
}

#[test]
fn the_limit_cuts_the_list_and_says_how_many_were_left_out() {
    let l = week_of_deadlines();
    let md = l
        .run_on(
            "2026-12-09",
            &[
                "--lang", "zh", "report", "--week", "2026-W49", "--format", "markdown", "--limit",
                "2",
            ],
        )
        .ok()
        .stdout;
    let four = md.split("## 四、本周到期").nth(1).unwrap();
    let four = four.split("## 五").next().unwrap();
    let rows = four
        .lines()
        .filter(|t| t.starts_with("| 1.") || t.starts_with("| 2.") || t.starts_with("| 3."))
        .count();
    assert_eq!(rows, 2, "{four}");
    assert!(four.contains("另有 4 行未列出"), "{four}");
    // json is never cut.
    assert_eq!(states(&json(&l, "2026-12-09")).len(), 6);
}
