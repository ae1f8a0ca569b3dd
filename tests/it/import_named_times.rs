//! Deadlines named by a time of the year (issue 15, held-out round f): a year then a festival
//! or a school term (`2027年国庆节前`, `2027年春季学期结束前`, `2027年暑假期间`) is that day,
//! never the whole year; a month and day already behind the document's date is the next
//! year's; a span after an event (`开学后一个月内`) counts from the event when the text dates
//! it, and is left empty and flagged when it does not, never counted from the document's date.

use proptest::prelude::*;
use serde_json::Value;

use crate::support::{empty, import_dry as dry, planned_tasks as items};

/// Each task's deadline (`""` for none) and its source, in task order.
fn deadlines(p: &Value) -> Vec<(String, Value)> {
    items(p)
        .iter()
        .map(|i| {
            (
                i["deadline"].as_str().unwrap_or("").to_string(),
                i["sources"]["deadline"].clone(),
            )
        })
        .collect()
}

fn listed(items: &[&str]) -> String {
    let mut text = String::from("下一步工作措施：\n");
    for (k, i) in items.iter().enumerate() {
        text.push_str(&format!("{}、{i}\n", k + 1));
    }
    text
}

#[test]
fn a_year_then_a_festival_or_a_school_term_is_that_day() {
    // (item, deadline, marked a guess). Festivals are due the day before, as `国庆节前` alone
    // is; school terms on the usual calendar (a guess, with a note saying so).
    let cases: &[(&str, &str, bool)] = &[
        (
            "完善院区标识系统，2027年国庆节前完成。",
            "2027-09-30",
            false,
        ),
        (
            "建成文化广场，力争2028年国庆前投入使用。",
            "2028-09-30",
            false,
        ),
        (
            "发放困难职工慰问金，2027年元旦前发放到位。",
            "2026-12-31",
            false,
        ),
        (
            "清理往来款项，2027年春季学期结束前全部清理完毕。",
            "2027-06-30",
            true,
        ),
        ("修订学生手册，2027年春季学期末完成。", "2027-06-30", true),
        (
            "完成教师招聘，2027年春季学期开学前到岗。",
            "2027-02-28",
            true,
        ),
        ("完成校舍维修，2028年秋季开学前交付。", "2028-08-31", true),
        (
            "完成宿舍改造，2026年秋季学期结束前完成。",
            "2027-01-19",
            true,
        ),
        (
            "开展安全教育，2027年暑假前覆盖全体学生。",
            "2027-06-30",
            true,
        ),
        ("完成食堂改造，2027年寒假前完成招标。", "2027-01-19", true),
        (
            "组织班主任培训，在2027年暑假期间完成一轮轮训。",
            "2027-08-31",
            true,
        ),
        (
            "各校要在2027年春季学期开学后一个月内完成学生体检。",
            "2027-04-01",
            true,
        ),
        (
            "完成新生建档，2027年秋季开学后15日内完成。",
            "2027-09-16",
            true,
        ),
    ];
    let l = empty();
    let lines: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let (p, err) = dry(&l, &listed(&lines));
    let got = deadlines(&p);
    assert_eq!(got.len(), cases.len(), "{err}\n{p:#}");
    for ((item, want, guess), (date, src)) in cases.iter().zip(&got) {
        assert_eq!(date, want, "{item}: {src}");
        assert_eq!(src["guess"], *guess, "{item}: {src}");
        if *guess {
            assert!(
                src["note"].as_str().is_some_and(|n| n.contains("school")),
                "{item}: {src}"
            );
        }
    }
}

#[test]
fn a_month_and_day_behind_the_documents_date_is_the_next_years() {
    // A notice dated 2026-11-26 (its 落款): January and February are the coming ones; a day
    // still ahead stays in 2026; an item stating its own year keeps it.
    let text = "关于做好冬春火灾防控工作的通知\n一、工作任务\n1、开展消防安全检查，1月20日前完成一轮全面检查。\n2、排查燃气管线，2月底前报送排查台账。\n3、整治电动车充电隐患，12月20日前完成。\n4、修订应急预案，二月十日前印发。\n5、2026年3月启动排查，3月底前完成。\n县应急管理局\n2026年11月26日\n";
    let l = empty();
    let (p, err) = dry(&l, text);
    let got = deadlines(&p);
    let want = [
        "2027-01-20",
        "2027-02-28",
        "2026-12-20",
        "2027-02-10",
        "2026-03-31",
    ];
    assert_eq!(
        got.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(),
        want,
        "{err}\n{p:#}"
    );
    for (date, src) in &got[..2] {
        assert_eq!(src["guess"], false, "{date}: {src}");
        assert!(
            src["note"]
                .as_str()
                .is_some_and(|n| n.contains("2026-11-26") && n.contains("next year")),
            "{date}: {src}"
        );
    }
    assert!(got[2].1["note"].is_null(), "{:?}", got[2]);
    // The dry run's table says it too, and no stderr line calls the date already past.
    let out = l
        .run(&[
            "import",
            &crate::support::write(&l, "n.txt", text.as_bytes()),
            "--dry-run",
        ])
        .ok();
    assert!(out.stdout.contains("2027-01-20"), "{}", out.stdout);
    assert!(!out.stderr.contains("2026-01-20"), "{}", out.stderr);
}

#[test]
fn a_span_after_an_event_counts_from_it_only_when_the_text_dates_it() {
    let cases: &[(&str, &str, &str)] = &[
        // Dated events: from the event.
        (
            "完成学生心理筛查，2027年春季学期开学后一个月内完成。",
            "2027-04-01",
            "",
        ),
        (
            "完成宿舍安全检查，2027年秋季开学后两周内完成。",
            "2027-09-15",
            "",
        ),
        // Undated events: empty and flagged, never from the document's date.
        ("项目竣工验收后3个月内完成审计。", "", "relative"),
        ("设备到货后15日内完成安装调试。", "", "relative"),
        ("春季开学后一个月内完成学生体检。", "", "relative"),
        // The document itself is the event: from its date (2026-11-26).
        ("接到本通知后10日内上报排查情况。", "2026-12-06", ""),
    ];
    let l = empty();
    let lines: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let text = format!("{}县教育局\n2026年11月26日\n", listed(&lines));
    let (p, err) = dry(&l, &text);
    let got = deadlines(&p);
    assert_eq!(got.len(), cases.len(), "{err}\n{p:#}");
    for ((item, want, kind), (date, src)) in cases.iter().zip(&got) {
        assert_eq!(date, want, "{item}: {src}");
        if !kind.is_empty() {
            assert_eq!(src["kind"].as_str(), Some(*kind), "{item}: {src}");
            assert_eq!(src["guess"], true, "{item}: {src}");
            assert!(
                src["note"].as_str().is_some_and(|n| n.contains("event")),
                "{item}: {src}"
            );
        }
    }
}

/// The named times a year can go before, with the words after each.
const NAMED: &[&str] = &[
    "国庆节前",
    "国庆前",
    "元旦前",
    "春季学期结束前",
    "春季学期开学前",
    "秋季开学前",
    "秋季学期结束前",
    "暑假前",
    "寒假前",
    "暑假期间",
    "寒假期间",
    "春季学期开学后一个月内",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Whatever the year and the named time, the deadline moves with the year written before
    /// it (a year later, the same day a year later) and is never that year's 31 December.
    #[test]
    fn a_named_times_deadline_moves_with_its_year(
        year in 2025i32..2040,
        picks in proptest::collection::vec(proptest::sample::select(NAMED), 1..5),
    ) {
        let mut lines = Vec::new();
        for name in &picks {
            lines.push(format!("完成此项工作，{year}年{name}完成。"));
            lines.push(format!("完成此项工作，{}年{name}完成。", year + 1));
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let l = empty();
        let (p, err) = dry(&l, &listed(&refs));
        let got = deadlines(&p);
        prop_assert_eq!(got.len(), lines.len(), "{}", err);
        for (k, pair) in got.chunks(2).enumerate() {
            let a = chrono::NaiveDate::parse_from_str(&pair[0].0, "%Y-%m-%d");
            let b = chrono::NaiveDate::parse_from_str(&pair[1].0, "%Y-%m-%d");
            prop_assert!(a.is_ok() && b.is_ok(), "{}: {:?}", lines[2 * k], pair);
            let (a, b) = (a.unwrap(), b.unwrap());
            use chrono::Datelike;
            prop_assert_eq!(b.year(), a.year() + 1, "{}", lines[2 * k]);
            prop_assert_eq!(b.month(), a.month(), "{}", lines[2 * k]);
            prop_assert!(a.day().abs_diff(b.day()) <= 1, "{}", lines[2 * k]);
            prop_assert!(
                pair[0].0 != format!("{year}-12-31"),
                "{}: the whole year", lines[2 * k]
            );
        }
    }
}
