//! The fresh tester's small findings (issue 17, tester 17g, finding 7): the notice's opening
//! says whose overdue tasks it counts; the report workbook's 七 header fits its column; `list
//! --stale` and `show` say 从未反馈 alike; English weekday names are dates as the Chinese ones
//! are; the English json's `summary_text` is English.

use crate::support::{Ledger, zip_part};

/// 2.1 and 2.2 overdue (市委干部教育培训工作领导小组 leads 2.1, 市委组织部 2.2); 组织科 leads 1.1–1.5
/// and is made to support 2.2 too.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    l.run_on(
        "2026-11-02",
        &[
            "update",
            "2.2",
            "--deadline",
            "2026-11-20",
            "--add-support",
            "组织科",
        ],
    )
    .ok();
    l.run_on("2026-11-02", &["update", "1.1", "--deadline", "2026-11-10"])
        .ok();
    l
}

#[test]
fn the_notice_opening_says_whose_overdue_tasks_it_counts() {
    let l = ledger();
    let dir = l.dir.path().join("n");
    l.run_on(
        "2026-11-25",
        &[
            "notice",
            "--owner",
            "组织科",
            "--reply-by",
            "2026-12-04",
            "--out",
            dir.to_str().unwrap(),
        ],
    )
    .ok();
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let xml = zip_part(&file, "word/document.xml");
    let text: String = xml
        .split("<w:t")
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(_, r)| r))
        .map(|r| r.split("</w:t>").next().unwrap_or(""))
        .collect();
    assert!(
        text.contains("你单位牵头的督办事项尚有5项未办结（其中已逾期1项、临近完成时限1项），配合的尚有1项未办结（其中已逾期1项）。"),
        "{text}"
    );
}

#[test]
fn the_workbook_s_reminders_header_fits_its_column() {
    let l = ledger();
    let path = l.dir.path().join("r.xlsx");
    l.run_on(
        "2026-11-25",
        &["--lang", "zh", "report", "--out", path.to_str().unwrap()],
    )
    .ok();
    // 未按时反馈 is the eighth sheet; 催办次数（本期/累计） its seventh column (21 columns wide).
    let xml = zip_part(&path, "xl/worksheets/sheet8.xml");
    let col = xml
        .split("<col ")
        .skip(1)
        .find(|c| c.contains("min=\"7\""))
        .unwrap_or_else(|| panic!("{xml}"));
    let width: f64 = col
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap();
    assert!(width >= 21.0, "{col}");
}

#[test]
fn list_stale_says_never_reported_as_show_does() {
    let l = ledger();
    for (lang, never) in [("zh", "从未反馈"), ("en", "never reported")] {
        let list = l
            .run_on("2026-11-25", &["--lang", lang, "list", "--stale", "14d"])
            .ok()
            .stdout;
        let row = (list.lines())
            .find(|r| r.trim_start().starts_with("1.2 "))
            .unwrap_or_else(|| panic!("{list}"));
        assert!(row.contains(never), "{lang}: {row}");
        let show = l
            .run_on("2026-11-25", &["--lang", lang, "show", "1.2"])
            .ok()
            .stdout;
        assert!(show.contains(never), "{lang}: {show}");
    }
}

#[test]
fn english_weekday_names_are_dates_as_the_chinese_ones_are() {
    // 2026-11-25 is a Wednesday.
    let cases = [
        ("friday", "周五"),
        ("Friday", "星期五"),
        ("FRI", "周五"),
        ("wednesday", "周三"),
        ("next friday", "下周五"),
        ("Next Monday", "下周一"),
        ("this sunday", "本周日"),
        ("last friday", "上周五"),
        ("tues", "周二"),
    ];
    let l = Ledger::seeded("2026-09-01");
    let deadline = |typed: &str| {
        l.run_on("2026-11-25", &["update", "1.4", "--deadline", typed])
            .ok();
        l.run_on("2026-11-25", &["show", "1.4", "--format", "json"])
            .ok()
            .json()["deadline"]
            .clone()
    };
    for (en, zh) in cases {
        assert_eq!(deadline(en), deadline(zh), "{en} / {zh}");
    }
    // And where a notice's reply-by date is typed.
    let dir = l.dir.path().join("n");
    l.run_on(
        "2026-11-25",
        &[
            "--lang",
            "en",
            "notice",
            "--owner",
            "组织科",
            "--reply-by",
            "friday",
            "--out",
            dir.to_str().unwrap(),
            "--dry-run",
        ],
    )
    .ok();
    // Not a weekday: still refused (a usage error), saying what is accepted.
    l.run_on("2026-11-25", &["update", "1.4", "--deadline", "fridays"])
        .fails(2, &["error: invalid date 'fridays'", "friday"]);
}

#[test]
fn the_english_json_summary_text_is_english() {
    let l = ledger();
    let text = |lang: &str| {
        l.run_on(
            "2026-11-25",
            &["--lang", lang, "report", "--format", "json"],
        )
        .ok()
        .json()["summary_text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let zh = text("zh");
    assert!(zh.starts_with("共16项，已办结0项"), "{zh}");
    let en = text("en");
    assert_eq!(
        en,
        "16 tasks, 0 done (0.0%); 0 newly done this week; 2 overdue, led by 组织科 and 市委组织部."
    );
}
