//! What 未按时反馈 says when it lists nobody (issue 17, finding 8): a unit cannot be late
//! before its first report on a task is due, so a week in which no open task owed a report yet
//! says so (本期尚无到期应反馈事项), never 各单位均已按时反馈; and the week a plan was created
//! says the tasks were added, never that nothing moved (本期各事项无新进展记录). The same
//! judgement in every format (table, markdown, html, json, docx).

use proptest::prelude::*;

use crate::support::{Ledger, zip_part};

const NONE_DUE_ZH: &str = "本期尚无到期应反馈事项";
const NONE_DUE_EN: &str = "no reports were due yet this period";
const ON_TIME_ZH: &str = "各单位均已按时反馈";
const ON_TIME_EN: &str = "every unit reported in time";

/// The 通报's text, a paragraph a line (runs joined, so a sentence is found whole).
fn docx_text(l: &Ledger, today: &str, week: &str) -> String {
    let file = l.dir.path().join(format!("{week}.docx"));
    let _ = std::fs::remove_file(&file);
    l.run_on(
        today,
        &[
            "report",
            "--week",
            week,
            "--draft",
            "--out",
            file.to_str().unwrap(),
        ],
    )
    .ok();
    let xml = zip_part(&file, "word/document.xml");
    xml.split("</w:p>")
        .map(|p| {
            p.split("<w:t")
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(_, r)| r))
                .map(|r| r.split("</w:t>").next().unwrap_or(""))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paragraphs of the 通报 from `heading` to the next section's heading.
fn section(doc: &str, heading: &str, next: &str) -> String {
    let from = doc
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} in {doc}"));
    let rest = &doc[from + heading.len()..];
    rest[..rest.find(next).unwrap_or(rest.len())].to_string()
}

/// Asserts every format of `week`'s report says `state` of 未按时反馈 (`none_due`,
/// `all_on_time` or `late`); returns the docx's text.
#[track_caller]
fn says(l: &Ledger, today: &str, week: &str, state: &str) -> String {
    let json = l
        .run_on(today, &["report", "--week", week, "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["reporting"], state, "{week}: {}", json["reporting"]);
    let late = json["unreported"].as_array().unwrap().len();
    assert_eq!(late > 0, state == "late", "{week}: {late} unreported");
    if state == "none_due" {
        assert_eq!(json["reports_due"], 0, "{week}");
    } else {
        assert!(json["reports_due"].as_u64().unwrap() > 0, "{week}");
    }
    let (zh, en) = match state {
        "none_due" => (Some(NONE_DUE_ZH), Some(NONE_DUE_EN)),
        "all_on_time" => (Some(ON_TIME_ZH), Some(ON_TIME_EN)),
        _ => (None, None),
    };
    for (lang, want, other) in [
        ("zh", zh, [NONE_DUE_ZH, ON_TIME_ZH]),
        ("en", en, [NONE_DUE_EN, ON_TIME_EN]),
    ] {
        for format in ["table", "markdown", "html"] {
            let out = l
                .run_on(
                    today,
                    &["--lang", lang, "report", "--week", week, "--format", format],
                )
                .ok()
                .stdout;
            for phrase in other {
                assert_eq!(
                    out.contains(phrase),
                    want == Some(phrase),
                    "{week} {lang} {format}: {phrase:?} in\n{out}"
                );
            }
        }
    }
    let doc = docx_text(l, today, week);
    let five = section(&doc, "五、未按时反馈单位", "附件");
    match zh {
        Some(phrase) => assert!(five.trim() == format!("{phrase}。"), "{week}: {five}"),
        None => assert!(five.contains("天未反馈"), "{week}: {five}"),
    }
    for phrase in [NONE_DUE_ZH, ON_TIME_ZH] {
        if zh != Some(phrase) {
            assert!(!five.contains(phrase), "{week}: {five}");
        }
    }
    doc
}

#[test]
fn a_week_before_any_report_was_due_says_so_in_every_format() {
    // Created on Tuesday: at Sunday's end no task is older than 7 days.
    let l = Ledger::seeded("2026-11-03");
    says(&l, "2026-11-10", "2026-W45", "none_due");
    // The next week, every task owed one and none came: late, listed.
    says(&l, "2026-11-17", "2026-W46", "late");
}

#[test]
fn the_first_report_falls_due_report_every_days_after_the_creation() {
    // (created, state at the end of W45, Sunday 11-08): 7 days is still in time, 8 is late.
    let cases = [
        ("2026-11-08", "none_due"),
        ("2026-11-02", "none_due"),
        ("2026-11-01", "none_due"),
        ("2026-10-31", "late"),
        ("2026-10-20", "late"),
    ];
    for (created, state) in cases {
        let l = Ledger::seeded(created);
        let r = l
            .run_on(
                "2026-11-10",
                &["report", "--week", "2026-W45", "--format", "json"],
            )
            .ok()
            .json();
        assert_eq!(r["reporting"], state, "created {created}");
    }
}

#[test]
fn reports_due_and_all_in_time_say_every_unit_reported() {
    let l = Ledger::seeded("2026-11-01");
    let ids: Vec<String> = l
        .run(&["list", "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    for id in &ids {
        l.run_on("2026-11-12", &["note", id, "已部署推进"]).ok();
    }
    says(&l, "2026-11-16", "2026-W46", "all_on_time");
    // One task done: it owes nothing, the rest still reported in time.
    l.run_on("2026-11-13", &["update", "1.1", "--status", "done"])
        .ok();
    says(&l, "2026-11-16", "2026-W46", "all_on_time");
}

#[test]
fn the_week_a_plan_was_created_says_the_tasks_were_added_not_that_nothing_moved() {
    let l = Ledger::seeded("2026-11-03");
    let doc = says(&l, "2026-11-10", "2026-W45", "none_due");
    let two = section(&doc, "二、本周进展", "三、");
    assert!(two.contains("本周新增督办事项16项（11月3日）"), "{two}");
    assert!(!two.contains("无新进展"), "{two}");
    // The table, markdown and html say it in their context line, in both languages.
    for (lang, want) in [
        ("zh", "本期新增任务：11-03 16 项"),
        ("en", "Tasks added: 11-03 16"),
    ] {
        for format in ["table", "markdown", "html"] {
            let out = l
                .run_on(
                    "2026-11-10",
                    &[
                        "--lang", lang, "report", "--week", "2026-W45", "--format", format,
                    ],
                )
                .ok()
                .stdout;
            assert!(out.contains(want), "{lang} {format}:\n{out}");
        }
    }
    let json = l
        .run_on(
            "2026-11-10",
            &["report", "--week", "2026-W45", "--format", "json"],
        )
        .ok()
        .json();
    assert_eq!(json["added"][0]["tasks"], 16);
    // Tasks added on two days of a week: each day with its count.
    l.run_on(
        "2026-11-05",
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "建立党建指导员制度",
            "--lead",
            "组织科",
        ],
    )
    .ok();
    let doc = docx_text(&l, "2026-11-10", "2026-W45");
    let two = section(&doc, "二、本周进展", "三、");
    assert!(
        two.contains("本周新增督办事项17项（11月3日16项、11月5日1项）"),
        "{two}"
    );
    // A later week with no news and nothing added still says there was none.
    let doc = docx_text(&l, "2026-11-17", "2026-W46");
    let two = section(&doc, "二、本周进展", "三、");
    assert!(two.contains("本期各事项无新进展记录"), "{two}");
    assert!(!two.contains("新增督办事项"), "{two}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever `report_every` and however long before the week's end the plan was created,
    /// with no report since: nothing is due while the plan is at most `report_every` days old,
    /// and every open task is late after that; the json and the table say the same.
    #[test]
    fn nothing_is_due_until_the_first_report_is(age in 0u64..30, every in 1u32..15) {
        let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let created = (end - chrono::Days::new(age)).to_string();
        let l = Ledger::seeded(&created);
        let cfg = l.dir.path().join("config").join("tracker");
        std::fs::create_dir_all(&cfg).unwrap();
        std::fs::write(cfg.join("config.toml"), format!("report_every = {every}\n")).unwrap();
        let r = l
            .run_on("2026-11-30", &["report", "--week", "2026-W48", "--format", "json"])
            .ok()
            .json();
        let want = if age > u64::from(every) { "late" } else { "none_due" };
        prop_assert_eq!(&r["report_every"], every);
        prop_assert_eq!(&r["reporting"], want);
        let table = l
            .run_on("2026-11-30", &["--lang", "zh", "report", "--week", "2026-W48"])
            .ok()
            .stdout;
        prop_assert_eq!(table.contains(NONE_DUE_ZH), want == "none_due");
        prop_assert!(!table.contains(ON_TIME_ZH));
    }
}
