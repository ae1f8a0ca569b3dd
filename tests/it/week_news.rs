//! 本周进展 as a leader reads it (issue 17, tester 17g, findings 5 and 6): a task's several
//! changes in the period are one entry, joined with `；` in date order and ended with `。`, a
//! note's lines kept, in the 通报 and in every table's column; a unit's rename is one line for
//! the report, not one per task, and the notices sentence names units as of the report's end.

use crate::books::{Book, row_of, text};
use crate::support::Ledger;
use crate::tongbao::body;

/// The tester's month, in short: 1.2 changed on three days of one week, a two-line note on
/// 2.4, notices to every unit, then 人才工作科 renamed 人才科 (lead of 3.1 and 3.3, supporting
/// 3.4 and 3.5).
fn month() -> Ledger {
    let l = Ledger::seeded("2026-11-02");
    let steps: &[(&str, &[&str])] = &[
        (
            "2026-11-03",
            &[
                "update",
                "1.2",
                "--progress",
                "20",
                "--note",
                "已拟定会议方案",
            ],
        ),
        ("2026-11-04", &["note", "2.4", "计划已报审\n下周印发"]),
        ("2026-11-06", &["update", "1.2", "--deadline", "2026-11-20"]),
        ("2026-11-07", &["update", "1.2", "--progress", "50"]),
    ];
    for (day, args) in steps {
        l.run_on(day, args).ok();
    }
    let out = l.dir.path().join("n");
    l.run_on(
        "2026-11-18",
        &[
            "notice",
            "--all",
            "--reply-by",
            "2026-11-25",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    l.run_on(
        "2026-11-19",
        &["units", "rename", "人才工作科", "人才科", "--by", "办公室"],
    )
    .ok();
    l
}

fn docx(l: &Ledger, today: &str, week: &str) -> Vec<String> {
    let out = l.dir.path().join(format!("{week}.docx"));
    l.run_on(
        today,
        &[
            "report",
            "--week",
            week,
            "--format",
            "docx",
            "--draft",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let b = body(&out);
    let k = (b.paras.iter())
        .position(|(_, t)| t.starts_with("二、"))
        .unwrap();
    b.paras[k + 1..]
        .iter()
        .map(|(_, t)| t.clone())
        .take_while(|t| !t.starts_with("三、"))
        .collect()
}

fn report(l: &Ledger, today: &str, week: &str, lang: &str, format: &str) -> String {
    l.run_on(
        today,
        &[
            "--lang", lang, "report", "--week", week, "--format", format, "--limit", "0",
        ],
    )
    .ok()
    .stdout
}

#[test]
fn a_task_s_changes_are_one_entry_joined_in_date_order_in_the_tongbao() {
    let l = month();
    let two = docx(&l, "2026-11-09", "2026-W45");
    let one_two = two.iter().find(|t| t.starts_with("1.2 ")).unwrap();
    assert_eq!(
        one_two,
        "1.2 召开全市非公有制企业党建工作会议（组织科）：11月3日，进度由0%提高到20%；状态改为进行中；已拟定会议方案；11月6日，完成时限由2027年2月2日调整为2026年11月20日；11月7日，进度由20%提高到50%。"
    );
    // A note's own lines are kept, the entry still ends with 。.
    let two_four = two.iter().find(|t| t.starts_with("2.4 ")).unwrap();
    assert!(
        two_four.ends_with("：11月4日，计划已报审\n下周印发。"),
        "{two_four:?}"
    );
}

#[test]
fn every_table_s_news_column_joins_a_task_s_changes_the_same_way() {
    let l = month();
    let zh = "11-03 进度由0%提高到20%；状态改为进行中；已拟定会议方案；11-06 完成时限由2027-02-02调整为2026-11-20；11-07 进度由20%提高到50%。";
    let en = "11-03 progress raised from 0% to 20%; status set to in-progress; 已拟定会议方案; 11-06 deadline moved from 2027-02-02 to 2026-11-20; 11-07 progress raised from 20% to 50%.";
    for (lang, want) in [("zh", zh), ("en", en)] {
        let md = report(&l, "2026-11-09", "2026-W45", lang, "markdown");
        let row = (md.lines()).find(|r| r.starts_with("| 1.2 |")).unwrap();
        assert!(row.contains(&format!("| {want} |")), "{lang}: {row}");
        let md_note = (md.lines()).find(|r| r.starts_with("| 2.4 |")).unwrap();
        assert!(
            md_note.contains("计划已报审<br>下周印发"),
            "{lang}: {md_note}"
        );
        let html = report(&l, "2026-11-09", "2026-W45", lang, "html");
        assert!(html.contains(want), "{lang}: html");
    }
    let path = l.dir.path().join("W45.xlsx");
    l.run_on(
        "2026-11-09",
        &[
            "--lang",
            "zh",
            "report",
            "--week",
            "2026-W45",
            "--out",
            path.to_str().unwrap(),
        ],
    )
    .ok();
    let book = Book::open(&path);
    let sheet = book.sheet("任务进展");
    let r = row_of(sheet, 0, "1.2");
    assert_eq!(text(sheet, r, 10), zh);
}

#[test]
fn a_rename_is_one_line_of_the_report_not_one_per_task() {
    let l = month();
    let two = docx(&l, "2026-11-23", "2026-W47");
    let renamed: Vec<&String> = two.iter().filter(|t| t.contains("更名")).collect();
    assert_eq!(
        renamed,
        ["11月19日，人才工作科更名为人才科（涉及3.1、3.3、3.4、3.5等4项）。"],
        "{two:?}"
    );
    let v = l
        .run_on(
            "2026-11-23",
            &["report", "--week", "2026-W47", "--format", "json"],
        )
        .ok()
        .json();
    assert_eq!(
        v["renames"].as_array().unwrap().len(),
        1,
        "{}",
        v["renames"]
    );
    assert_eq!(
        v["renames"][0]["tasks"],
        serde_json::json!(["3.1", "3.3", "3.4", "3.5"])
    );
    for (lang, want) in [
        (
            "zh",
            "11-19 人才工作科更名为人才科（涉及3.1、3.3、3.4、3.5等4项）",
        ),
        (
            "en",
            "11-19 人才工作科 renamed 人才科 (3.1, 3.3, 3.4, 3.5: 4 tasks)",
        ),
    ] {
        for format in ["markdown", "html", "table"] {
            let out = report(&l, "2026-11-23", "2026-W47", lang, format);
            let bare = |s: &str| s.split_whitespace().collect::<String>();
            assert_eq!(
                bare(&out).matches(&bare(want)).count(),
                1,
                "{lang} {format}: {out}"
            );
            // Nowhere else: no task's news says it again.
            assert_eq!(
                out.matches("人才工作科").count(),
                1,
                "{lang} {format}: {out}"
            );
        }
    }
}

#[test]
fn the_notices_sentence_names_units_as_of_the_report_s_end() {
    let l = month();
    // Every unit named.
    let dir = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "tongbao_items = 50\n").unwrap();
    let md = report(&l, "2026-11-23", "2026-W47", "zh", "markdown");
    let line = (md.lines()).find(|r| r.contains("本期督办")).unwrap();
    assert!(
        line.contains("、人才科") || line.contains("向人才科"),
        "{line}"
    );
    assert!(!line.contains("人才工作科"), "{line}");
    // Before the rename the week's report names the unit as it was then.
    let md = report(&l, "2026-11-18", "2026-W47", "zh", "markdown");
    let line = (md.lines()).find(|r| r.contains("本期督办")).unwrap();
    assert!(line.contains("人才工作科"), "{line}");
}

/// The last tester's finding 3: a task changed by several commands on one day carries that
/// day's date once (`11-20 进度由…；状态改为…`), in every table's column and in the 通报's
/// prose and attachment; a note's lines are kept and the next day is dated again.
#[test]
fn a_day_s_changes_of_one_task_carry_the_date_once() {
    let l = Ledger::seeded("2026-11-02");
    let steps: &[(&str, &[&str])] = &[
        (
            "2026-11-17T09:00:00",
            &["update", "1.1", "--progress", "40"],
        ),
        (
            "2026-11-17T10:00:00",
            &["update", "1.1", "--status", "blocked"],
        ),
        ("2026-11-17T11:00:00", &["note", "1.1", "待协调\n场地"]),
        (
            "2026-11-17T12:00:00",
            &["update", "1.1", "--status", "in-progress"],
        ),
        (
            "2026-11-18T09:00:00",
            &["update", "1.1", "--progress", "60"],
        ),
    ];
    for (at, args) in steps {
        l.run_on(at, args).ok();
    }
    let zh = "11-17 进度由0%提高到40%；状态改为进行中；状态改为受阻；待协调\n场地；状态改为进行中；11-18 进度由40%提高到60%。";
    let en = "11-17 progress raised from 0% to 40%; status set to in-progress; status set to blocked; 待协调\n场地; status set to in-progress; 11-18 progress raised from 40% to 60%.";
    let today = "2026-11-23";
    // (format, lang, how that format writes a line break in a cell, the column as written)
    let cases: &[(&str, &str, &str)] = &[
        ("markdown", "zh", "<br>"),
        ("markdown", "en", "<br>"),
        ("html", "zh", "<br>"),
        ("html", "en", "<br>"),
        ("csv", "zh", "\n"),
        ("csv", "en", "\n"),
    ];
    for &(format, lang, br) in cases {
        let want = if lang == "zh" { zh } else { en }.replace('\n', br);
        let out = report(&l, today, "2026-W47", lang, format);
        assert!(
            out.contains(&want),
            "{format} {lang}: no {want:?} in\n{out}"
        );
    }
    // The terminal, whose news column wraps at 30 columns (never inside a date): in 1.1's
    // lines 11-17 stands twice, once dating the news and once the latest note (最新进展).
    for lang in ["zh", "en"] {
        let mut c = l.cmd();
        c.env("COLUMNS", "160").env("TRACKER_TODAY", today);
        c.args(["--lang", lang, "report", "--week", "2026-W47"]);
        let out = crate::support::run(&mut c).ok().stdout;
        let row: String = (out.lines())
            .skip_while(|r| !r.starts_with("1.1 "))
            .take_while(|r| !r.starts_with("1.2 "))
            .collect();
        assert_eq!(row.matches("11-17").count(), 2, "table {lang}:\n{out}");
        assert_eq!(row.matches("11-18").count(), 1, "table {lang}:\n{out}");
    }
    // The 通报: the prose of 二 and the attachment's cell, each day dated once as prose.
    let prose = "11月17日，进度由0%提高到40%；状态改为进行中；状态改为受阻；待协调\n场地；状态改为进行中；11月18日，进度由40%提高到60%。";
    let two = docx(&l, today, "2026-W47");
    let entry = two.iter().find(|t| t.starts_with("1.1 ")).unwrap();
    assert!(entry.ends_with(&format!("：{prose}")), "{entry:?}");
    let out = l.dir.path().join("2026-W47.docx");
    let rows = &body(&out).tables[0].1;
    let r11 = rows.iter().find(|r| r[0] == "1.1").unwrap();
    assert!(r11.iter().any(|c| c == prose), "{r11:?}");
}
