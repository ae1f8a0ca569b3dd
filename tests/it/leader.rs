//! Issue 17 §5: the weekly report as a leader reads it, in every format.

use unicode_width::UnicodeWidthStr;

use crate::support::Ledger;
use crate::zh_messages::english_words;

/// A plan seeded on Monday 2026-11-16 (W47), and in W48 (Nov 23–29):
/// 1.1 40% then 60% with a two-line note; 1.2 30% and that taken back the next day; 1.3's
/// deadline moved into the week (Nov 27); 1.4 a note in W47 only; 2.1 a supporting unit
/// added; a new task 1.6 due on Nov 29.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-11-16");
    let at = |t: &str, args: &[&str]| {
        l.run_on(t, args).ok();
    };
    at("2026-11-18T09:00:00", &["note", "1.4", "上周已摸底"]);
    at(
        "2026-11-24T09:00:00",
        &[
            "update",
            "1.1",
            "--progress",
            "40",
            "--note",
            "第一行\n第二行",
        ],
    );
    at(
        "2026-11-25T09:00:00",
        &["update", "1.1", "--progress", "60"],
    );
    at(
        "2026-11-25T10:00:00",
        &["update", "1.2", "--progress", "30"],
    );
    at("2026-11-26T09:00:00", &["undo"]);
    at(
        "2026-11-26T10:00:00",
        &["update", "1.3", "--deadline", "2026-11-27"],
    );
    at(
        "2026-11-26T11:00:00",
        &[
            "update",
            "2.1",
            "--support",
            "市委组织部",
            "--support",
            "人才工作科",
        ],
    );
    at(
        "2026-11-26T12:00:00",
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "新任务",
            "--lead",
            "组织科",
            "--deadline",
            "2026-11-29",
        ],
    );
    l
}

fn report(l: &Ledger, today: &str, args: &[&str]) -> String {
    let mut full = vec!["--lang", "zh", "report"];
    full.extend_from_slice(args);
    l.run_on(today, &full).ok().stdout
}

fn json(l: &Ledger, today: &str, args: &[&str]) -> serde_json::Value {
    let mut full = vec!["report", "--format", "json"];
    full.extend_from_slice(args);
    l.run_on(today, &full).ok().json()
}

fn row<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn the_weeks_news_reads_as_chinese_sentences_in_every_text_format() {
    let l = ledger();
    // (The terminal table wraps its cells: its words are checked below.)
    for format in ["markdown", "csv", "html"] {
        let out = report(
            &l,
            "2026-11-30",
            &["--week", "2026-W48", "--format", format],
        );
        // Changes as sentences, progress before the status it brings.
        assert!(
            out.contains("11-24 进度由0%提高到40%；状态改为进行中；第一行"),
            "{format}:\n{out}"
        );
        assert!(out.contains("11-25 进度由40%提高到60%"), "{format}");
        assert!(
            out.contains("11-26 完成时限由2027-11-16调整为2026-11-27"),
            "{format}"
        );
        assert!(out.contains("增加配合单位人才工作科"), "{format}");
        // The note's second line is a line of its own.
        let second = match format {
            "markdown" => "第一行<br>第二行",
            "html" => "第一行<br>第二行",
            _ => "第一行\n",
        };
        assert!(out.contains(second), "{format}:\n{out}");
        // 1.2's change and its undo cancel out; no machine words anywhere.
        assert!(
            !out.contains("30%"),
            "{format}: the undone change shows:\n{out}"
        );
        for english in ["undo", "seeded", "progress", "status", "note"] {
            assert!(!out.contains(english), "{format}: {english} in\n{out}");
        }
    }
    for format in ["table", "markdown", "csv"] {
        let out = report(
            &l,
            "2026-11-30",
            &["--week", "2026-W48", "--format", format],
        );
        let words = english_words(&out, &[]);
        assert!(
            words.is_empty(),
            "{format}: English in a zh report: {words:?}\n{out}"
        );
    }
    // English reports say the same in English.
    let en = l
        .run_on(
            "2026-11-30",
            &["report", "--week", "2026-W48", "--format", "csv"],
        )
        .ok()
        .stdout;
    assert!(en.contains("progress raised from 40% to 60%"), "{en}");
    assert!(en.contains("supporting unit 人才工作科 added"), "{en}");
}

#[test]
fn a_change_undone_within_the_week_leaves_no_news_but_one_undone_later_does() {
    let l = ledger();
    let w48 = json(&l, "2026-11-30", &["--week", "2026-W48"]);
    assert!(row(&w48, "1.2")["this_week"].as_array().unwrap().is_empty());
    // Undone in the following week: W48 still shows the change, W49 shows the undo.
    l.run_on(
        "2026-11-28T09:00:00",
        &["update", "1.5", "--progress", "20"],
    )
    .ok();
    l.run_on("2026-12-01T09:00:00", &["undo"]).ok();
    let w48 = report(&l, "2026-12-08", &["--week", "2026-W48", "--format", "csv"]);
    assert!(w48.contains("11-28 进度由0%提高到20%"), "{w48}");
    let w49 = report(&l, "2026-12-08", &["--week", "2026-W49", "--format", "csv"]);
    assert!(
        w49.contains("12-01 撤销此前的变更：进度由20%降低到0%"),
        "{w49}"
    );
    assert!(!w49.contains("undo of") && !w49.contains("撤销第"), "{w49}");
}

#[test]
fn a_plan_seeded_in_the_week_is_one_line_not_one_per_task() {
    let l = ledger();
    let w47 = report(&l, "2026-11-22", &["--week", "2026-W47"]);
    assert!(w47.contains("本期新增任务：11-16 16 项"), "{w47}");
    assert!(
        !w47.contains("新增任务\n") && !w47.contains("创建"),
        "{w47}"
    );
    let v = json(&l, "2026-11-22", &["--week", "2026-W47"]);
    assert_eq!(
        v["added"],
        serde_json::json!([{"date": "2026-11-16", "tasks": 16}])
    );
    // The task added by hand in W48 is counted there, once.
    let w48 = report(&l, "2026-11-30", &["--week", "2026-W48"]);
    assert!(w48.contains("本期新增任务：11-26 1 项"), "{w48}");
}

#[test]
fn the_latest_note_is_shown_also_in_a_week_without_news() {
    let l = ledger();
    let v = json(&l, "2026-11-30", &["--week", "2026-W48"]);
    // 1.4's only note is from W47.
    assert!(row(&v, "1.4")["this_week"].as_array().unwrap().is_empty());
    assert_eq!(
        row(&v, "1.4")["latest"],
        serde_json::json!({"date": "2026-11-18", "note": "上周已摸底"})
    );
    assert_eq!(row(&v, "1.1")["latest"]["note"], "第一行\n第二行");
    assert!(row(&v, "2.2")["latest"].is_null());
    // A week before the note: none yet.
    let w46 = json(&l, "2026-11-30", &["--week", "2026-W46"]);
    assert!(w46["rows"].as_array().unwrap().is_empty() || row(&w46, "1.4")["latest"].is_null());
    for format in ["csv", "markdown", "html"] {
        let out = report(
            &l,
            "2026-11-30",
            &["--week", "2026-W48", "--format", format],
        );
        assert!(out.contains("最新进展"), "{format}");
        assert!(out.contains("11-18 上周已摸底"), "{format}:\n{out}");
    }
    // In a narrow terminal the latest note folds under the week's news.
    let table = report(&l, "2026-11-30", &["--week", "2026-W48"]);
    assert!(table.contains("最新："), "{table}");
}

#[test]
fn tasks_due_in_the_week_are_listed_and_days_count_from_the_as_of_date() {
    let l = ledger();
    // Wednesday of W48: 1.3 (Nov 27) and 1.6 (Nov 29) are due later this week.
    let v = json(&l, "2026-11-26", &["--week", "2026-W48"]);
    let due: Vec<(String, i64)> = v["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["days"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(due, [("1.3".to_string(), 1), ("1.6".to_string(), 3)]);
    let zh = report(
        &l,
        "2026-11-26",
        &["--week", "2026-W48", "--format", "markdown"],
    );
    let now = zh.split("## 四、本周到期").nth(1).unwrap();
    let now = now.split("## 五").next().unwrap();
    assert!(now.contains("| 1.3 |") && now.contains("| 1.6 |"), "{zh}");
    // After the week: 1.3 is overdue by 3 days counted from Sunday the 29th (the as-of date),
    // and 1.6, due that Sunday, is listed as due in the week with 0 days left.
    let after = json(&l, "2026-12-02", &["--week", "2026-W48"]);
    assert_eq!(after["as_of"], "2026-11-29");
    assert_eq!(after["overdue"][0]["id"], "1.3");
    assert_eq!(after["overdue"][0]["days"], 2);
    assert_eq!(after["upcoming"][0]["id"], "1.6");
    assert_eq!(after["upcoming"][0]["days"], 0);
}

#[test]
fn the_progress_table_has_a_supporting_units_column() {
    let l = ledger();
    let csv = report(&l, "2026-11-30", &["--week", "2026-W48", "--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "序号,工作任务,牵头单位,配合单位,完成时限,状态,进度,健康,序时,未反馈天数,本周进展,最新进展"
    );
    let r21 = csv.lines().find(|r| r.starts_with("2.1,")).unwrap();
    assert!(r21.contains(",市委组织部、人才工作科,"), "{r21}");
    let v = json(&l, "2026-11-30", &["--week", "2026-W48"]);
    assert_eq!(
        row(&v, "2.1")["support"],
        serde_json::json!(["市委组织部", "人才工作科"])
    );
}

#[test]
fn weeks_are_named_as_people_name_them() {
    let l = ledger();
    let period = |today: &str, week: &str| {
        let v = json(&l, today, &["--week", week]);
        (
            v["period"]["from"].as_str().unwrap().to_string(),
            v["week"].clone(),
        )
    };
    // Today is Wednesday 2026-11-25 (W48).
    let cases = [
        ("last", "2026-11-16"),
        ("上周", "2026-11-16"),
        ("this", "2026-11-23"),
        ("本周", "2026-11-23"),
        ("next", "2026-11-30"),
        ("下周", "2026-11-30"),
        ("2026-W48", "2026-11-23"),
        ("2026-11-29", "2026-11-23"),
        ("2026-11-30", "2026-11-30"),
        ("2026年11月18日", "2026-11-16"),
        ("today", "2026-11-23"),
    ];
    for (week, from) in cases {
        assert_eq!(period("2026-11-25", week).0, from, "--week {week}");
    }
    // Relative to the real today: on Monday 2026-01-05 (W02), last week is 2026-W01.
    assert_eq!(period("2026-01-05", "last").1, "2026-W01");
    // The zh title names the week and its days.
    let zh = report(&l, "2026-11-25", &["--week", "上周"]);
    assert!(
        zh.starts_with("督办事项进展周报 2026年第47周（11月16日—11月22日）\n"),
        "{zh}"
    );
    let before = l.dump();
    // 上上周 and W48 are weeks since issue 19 (finding 6); three 上 are not.
    for bad in ["lastweek", "W99", "2026-W60", "2026-13-01", "上上上周"] {
        l.run_on("2026-11-25", &["report", "--week", bad])
            .fails(2, &["last", "上周"]);
        let zh = l
            .run_on("2026-11-25", &["--lang", "zh", "report", "--week", bad])
            .fails(2, &["上周"]);
        assert!(zh.starts_with("错误："), "{zh}");
    }
    assert_eq!(l.dump(), before);
}

#[test]
fn the_terminal_report_fits_80_columns_and_the_task_gets_the_room() {
    let l = ledger();
    for lang in ["zh", "en"] {
        let out = l
            .run_on(
                "2026-11-30",
                &["--lang", lang, "report", "--week", "2026-W48"],
            )
            .ok()
            .stdout;
        // Every line, the legends below the tables too.
        for line in out.lines() {
            assert!(
                line.width() <= 80,
                "{lang}: {} columns: {line}",
                line.width()
            );
        }
        // 1.1's title keeps more room than the units beside it: at least eight characters
        // on its first line in zh, five in en (whose statuses and health take more room).
        let first = out.lines().find(|l| l.starts_with("1.1 ")).unwrap();
        let title = if lang == "zh" {
            "加强非公有制企业"
        } else {
            "加强非公有"
        };
        assert!(first.contains(title), "{lang}: {first}");
    }
}

#[test]
fn html_and_markdown_have_no_broken_headers_statuses_or_empty_columns() {
    let l = ledger();
    for lang in ["zh", "en"] {
        let html = l
            .run_on(
                "2026-11-30",
                &[
                    "--lang", lang, "report", "--week", "2026-W48", "--format", "html",
                ],
            )
            .ok()
            .stdout;
        assert!(!html.contains("Can-") && !html.contains("-\n"), "{lang}");
        let status = if lang == "zh" {
            "未开始"
        } else {
            "not-started"
        };
        assert!(
            html.contains(&format!("<td class=\"nowrap\">{status}</td>")),
            "{lang}: a status may break"
        );
        let md = l
            .run_on(
                "2026-11-30",
                &[
                    "--lang", lang, "report", "--week", "2026-W48", "--format", "markdown",
                ],
            )
            .ok()
            .stdout;
        let trend = md
            .split(if lang == "zh" {
                "完成趋势"
            } else {
                "Trend"
            })
            .nth(1)
            .unwrap();
        // Up to the next section (未按时反馈 follows the trend).
        let trend = trend.split("\n## ").next().unwrap();
        assert!(trend.contains('|'), "{lang}: no trend table");
        for line in trend.lines().filter(|l| l.starts_with('|')) {
            assert!(
                !line.contains("|  |") && !line.contains("| |"),
                "{lang}: {line}"
            );
            assert!(!line.ends_with("|  |"), "{lang}: {line}");
        }
    }
}

/// On a narrow terminal the pace light is folded under the health light: one colour for the
/// cell only when both lights agree, so a red pace is never painted green.
#[test]
fn a_folded_pace_light_keeps_its_own_colour_beside_the_health_light() {
    let l = Ledger::seeded("2026-03-02");
    let mut differ = 0;
    for today in ["2026-06-01", "2026-11-30", "2027-03-01"] {
        let out = l
            .run_on(today, &["--color", "always", "--lang", "zh", "report"])
            .ok()
            .stdout;
        let lines: Vec<&str> = out.lines().collect();
        let light = |s: &str| ["红", "黄", "绿"].into_iter().find(|c| s.contains(c));
        for (k, line) in lines.iter().enumerate() {
            let Some(next) = lines.get(k + 1) else { break };
            // A task's first line, its pace light (红 -50.0, 绿 +3.2) on the line below.
            let pace_here = next.contains("红 -") || next.contains("黄 -") || next.contains("绿");
            if !line.chars().next().is_some_and(|c| c.is_ascii_digit()) || !pace_here {
                continue;
            }
            let (Some(health), Some(pace)) = (light(line), light(next)) else {
                continue;
            };
            // Each light in its own colour (red 9, yellow 11, green 10), never the other's.
            let code = |light: &str| match light {
                "红" => "\u{1b}[38;5;9m",
                "黄" => "\u{1b}[38;5;11m",
                _ => "\u{1b}[38;5;10m",
            };
            if health != pace {
                differ += 1;
                assert!(next.contains(code(pace)), "{today}: {next:?}");
                assert!(!next.contains(code(health)), "{today}: {next:?}");
                assert!(line.contains(code(health)), "{today}: {line:?}");
            }
        }
    }
    assert!(
        differ > 0,
        "no row with a pace light other than its health light"
    );
}
