//! `tracker notice`: one 督办通知单 per unit (issue 17 §3). Serials per year, never reused;
//! the notice recorded on its tasks, shown, undone whole, not counted as a report; the docx
//! unzipped and read; html and markdown; refusals that leave the ledger as it was.

use std::path::Path;

use crate::support::{Ledger, zip_part};

/// A ledger seeded on 2026-09-01, looked at on 2026-11-30.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    Ledger {
        today: "2026-11-30".into(),
        ..l
    }
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The serials printed on stdout, in order.
fn serials(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("督办〔"))
                .map(str::to_string)
        })
        .collect()
}

/// The text of every `w:t`, paragraphs on lines of their own.
fn docx_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        let j = rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
        let tag = &rest[i..j];
        if tag.starts_with("<w:t>") || tag.starts_with("<w:t ") {
            let end = rest[j..].find("</w:t>").unwrap() + j;
            out.push_str(&rest[j..end]);
            rest = &rest[end..];
            continue;
        }
        if tag == "</w:p>" {
            out.push('\n');
        }
        rest = &rest[j..];
    }
    out
}

#[test]
fn serials_are_numbered_per_year_and_never_given_twice_even_after_undo() {
    let l = ledger();
    let out = l.dir.path().join("通知单");
    let before = l.dump();
    let dry = l
        .run(&[
            "notice",
            "--reply-by",
            "12月4日",
            "--out",
            out.to_str().unwrap(),
            "--dry-run",
        ])
        .ok();
    assert_eq!(l.dump(), before, "a dry run records nothing");
    assert!(!out.exists(), "a dry run writes nothing");
    let want = serials(&dry.stdout);
    assert!(want.len() > 5, "{}", dry.stdout);
    assert_eq!(want[0], "督办〔2026〕1号");
    let run = l
        .run(&[
            "notice",
            "--reply-by",
            "12月4日",
            "--out",
            out.to_str().unwrap(),
        ])
        .ok();
    assert_eq!(
        serials(&run.stdout),
        want,
        "the dry run names what the run writes"
    );
    assert_eq!(files(&out).len(), want.len());
    for serial in &want {
        assert!(
            files(&out)
                .iter()
                .any(|f| f.ends_with(&format!("-{serial}.docx"))),
            "{serial}: {:?}",
            files(&out)
        );
    }
    let n = want.len();
    l.run(&["undo"]).ok();
    let again = l.dir.path().join("again");
    let run = l
        .run(&[
            "notice",
            "--owner",
            "组织科",
            "--reply-by",
            "2026-12-04",
            "--out",
            again.to_str().unwrap(),
        ])
        .ok();
    assert_eq!(
        serials(&run.stdout),
        [format!("督办〔2026〕{}号", n + 1)],
        "a withdrawn number stays taken"
    );
    let next_year = l.dir.path().join("next");
    let run = l
        .run_on(
            "2027-01-05",
            &[
                "notice",
                "--owner",
                "组织科",
                "--reply-by",
                "1月8日",
                "--out",
                next_year.to_str().unwrap(),
            ],
        )
        .ok();
    assert_eq!(
        serials(&run.stdout),
        ["督办〔2027〕1号"],
        "numbering starts again each year"
    );
}

#[test]
fn a_notice_is_recorded_on_each_task_shown_as_a_sentence_and_undone_whole() {
    let l = ledger();
    let out = l.dir.path().join("n");
    l.run(&[
        "notice",
        "--owner",
        "组织科",
        "--reply-by",
        "2026-12-04",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let hist = l.run(&["history", "--format", "json"]).ok().json();
    let notices: Vec<&serde_json::Value> = hist
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["field"] == "notice")
        .collect();
    let led: Vec<String> = l
        .run(&["list", "--owner", "组织科", "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(notices.len(), led.len(), "one event per task listed");
    for e in &notices {
        assert_eq!(e["new"], "督办〔2026〕1号 2026-12-04");
        assert!(e["note"].is_null());
        assert_eq!(e["change"], notices[0]["change"], "one change");
    }
    let wide = |args: &[&str]| {
        crate::support::run(l.cmd().env("COLUMNS", "200").args(args))
            .ok()
            .stdout
    };
    let zh = wide(&["--lang", "zh", "show", &led[0]]);
    assert!(
        zh.contains("督办通知单 督办〔2026〕1号，限12月4日前反馈"),
        "{zh}"
    );
    let en = wide(&["history", &led[0]]);
    assert!(
        en.contains("notice 督办〔2026〕1号, reply by 2026-12-04"),
        "{en}"
    );
    l.run(&["undo"]).ok();
    let en = wide(&["history", &led[0]]);
    assert!(en.contains("notice 督办〔2026〕1号 withdrawn"), "{en}");
    // Undoing the undo issues it again, under the same serial.
    l.run(&["undo"]).ok();
    let hist = l.run(&["history", &led[0], "--format", "json"]).ok().json();
    let last = hist.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["field"], "notice");
    assert_eq!(last["new"], "督办〔2026〕1号 2026-12-04");
}

#[test]
fn a_notice_is_not_a_report_by_the_unit() {
    let l = ledger();
    let stale = |l: &Ledger| {
        l.run(&["list", "--stale", "14d", "--format", "json"])
            .ok()
            .json()
    };
    let before = stale(&l);
    assert!(!before.as_array().unwrap().is_empty());
    let out = l.dir.path().join("n");
    l.run(&[
        "notice",
        "--reply-by",
        "+1w",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(stale(&l), before, "still unreported after a notice");
    let r = l.run(&["report", "--format", "json"]).ok().json();
    let rows = r["rows"].as_array().unwrap();
    // The news says a notice once per unit, not on every task it listed.
    for row in rows {
        let news = row["this_week"].as_array().unwrap();
        assert!(news.iter().all(|e| e["field"] != "notice"), "{row}");
    }
    assert_eq!(
        r["unreported"].as_array().unwrap().len(),
        before.as_array().unwrap().len()
    );
}

#[test]
fn the_docx_is_laid_out_as_the_tongbao_with_a_row_per_task() {
    let l = ledger();
    l.run(&["update", "1.1", "--deadline", "2026-11-20"]).ok();
    l.run(&["update", "1.2", "--deadline", "2026-12-05"]).ok();
    let out = l.dir.path().join("n");
    let run = l
        .run(&[
            "notice",
            "--owner",
            "组织科",
            "--reply-by",
            "12月4日",
            "--out",
            out.to_str().unwrap(),
        ])
        .ok();
    let name = files(&out).pop().unwrap();
    assert_eq!(name, "组织科-督办〔2026〕1号.docx", "{}", run.stdout);
    let path = out.join(&name);
    let xml = zip_part(&path, "word/document.xml");
    let text = docx_text(&xml);
    let tasks = l
        .run(&["list", "--owner", "组织科", "--format", "json"])
        .ok()
        .json();
    let n = tasks.as_array().unwrap().len();
    for want in [
        "督办通知单\n",
        "督办〔2026〕1号\n",
        "组织科：\n",
        "一、牵头事项（5项）",
        "二、配合事项（0项）",
        "请于12月4日前将上述事项的办理进展书面反馈督办工作办公室",
        "督办工作办公室\n",
        "二〇二六年十一月三十日\n",
        "已逾期10天",
        "临期，5天后到期",
    ] {
        assert!(text.contains(want), "{want:?} in:\n{text}");
    }
    assert_eq!(
        xml.matches("<w:tr>").count() + xml.matches("<w:tr ").count(),
        n + 1,
        "a header and a row per task"
    );
    assert!(
        xml.contains("w:val=\"right\"") || xml.contains("w:val=\"end\""),
        "serial and signature right-aligned"
    );
    let styles = zip_part(&path, "word/styles.xml");
    for font in ["方正小标宋简体", "仿宋_GB2312", "黑体"] {
        assert!(styles.contains(font), "{font}");
    }
    assert!(
        xml.contains("w:w=\"11906\"") && xml.contains("w:h=\"16838\""),
        "A4 portrait"
    );
}

#[test]
fn html_and_markdown_come_from_the_same_notice() {
    let l = ledger();
    for (format, ext) in [("html", "html"), ("markdown", "md")] {
        let out = l.dir.path().join(format);
        l.run(&[
            "notice",
            "--owner",
            "组织科",
            "--reply-by",
            "2026-12-04",
            "--out",
            out.to_str().unwrap(),
            "--format",
            format,
        ])
        .ok();
        let name = files(&out).pop().unwrap();
        assert!(
            name.starts_with("组织科-督办〔2026〕") && name.ends_with(&format!(".{ext}")),
            "{name}"
        );
        let text = std::fs::read_to_string(out.join(&name)).unwrap();
        for want in [
            "督办通知单",
            "组织科：",
            "一、牵头事项（5项）",
            "二〇二六年十一月三十日",
            "12月4日前",
        ] {
            assert!(text.contains(want), "{format}: {want:?}\n{text}");
        }
        let rows = if format == "html" {
            text.matches("<tr").count() - 1
        } else {
            text.lines().filter(|r| r.starts_with("| 1.")).count()
        };
        assert_eq!(rows, 5, "{format}");
    }
    // The second run wrote the same notice in another format: it keeps its serial (issue 17,
    // finding 11; see notice_again.rs).
    assert!(files(&l.dir.path().join("markdown"))[0].contains("〕1号"));
}

#[test]
fn refusals_leave_the_ledger_and_the_folder_untouched() {
    let l = ledger();
    let out = l.dir.path().join("n");
    let o = out.to_str().unwrap();
    let before = l.dump();
    let file = l.dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["--owner", "组织课", "--reply-by", "12月4日", "--out", o],
            vec!["did you mean 组织科"],
        ),
        (
            vec![
                "--owner",
                "不存在的单位",
                "--reply-by",
                "12月4日",
                "--out",
                o,
            ],
            vec!["unknown unit"],
        ),
        (
            vec!["--reply-by", "2026-11-29", "--out", o],
            vec!["before today"],
        ),
        (
            vec!["--reply-by", "明年某天", "--out", o],
            vec!["--reply-by", "YYYY-MM-DD"],
        ),
        (
            vec!["--reply-by", "2026-12-04", "--out", file.to_str().unwrap()],
            vec!["not a folder"],
        ),
    ];
    for (args, needles) in cases {
        let mut all = vec!["notice"];
        all.extend(args);
        // A date that cannot be read is a refused value (exit 2); the rest are refusals.
        let code = if needles.contains(&"YYYY-MM-DD") {
            2
        } else {
            1
        };
        l.run(&all).fails(code, &needles);
        assert_eq!(l.dump(), before, "{all:?}");
        assert!(!out.exists());
    }
    // A file already at a notice's place is never overwritten: nothing written at all.
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("组织科-督办〔2026〕1号.docx"), "mine").unwrap();
    l.run(&[
        "notice",
        "--owner",
        "组织科",
        "--reply-by",
        "12月4日",
        "--out",
        o,
    ])
    .fails(1, &["already exists"]);
    assert_eq!(l.dump(), before);
    assert_eq!(
        std::fs::read(out.join("组织科-督办〔2026〕1号.docx")).unwrap(),
        b"mine"
    );
    // A unit with no open tasks gets none, and is told so.
    for id in ["1.1", "1.2", "1.3", "1.4", "1.5"] {
        l.run(&["update", id, "--status", "done"]).ok();
    }
    let before = l.dump();
    l.run(&[
        "notice",
        "--owner",
        "组织科",
        "--reply-by",
        "12月4日",
        "--out",
        l.dir.path().join("m").to_str().unwrap(),
    ])
    .fails(1, &["no open tasks"]);
    assert_eq!(l.dump(), before);
    let zh = l
        .run(&[
            "--lang",
            "zh",
            "notice",
            "--owner",
            "组织科",
            "--reply-by",
            "12月4日",
            "--out",
            o,
        ])
        .fails(1, &["错误：", "没有未办结的任务"]);
    assert!(!zh.contains("error"));
    let all = l
        .run(&[
            "notice",
            "--reply-by",
            "12月4日",
            "--out",
            l.dir.path().join("all").to_str().unwrap(),
        ])
        .ok();
    let said = all
        .stderr
        .lines()
        .find(|l| l.contains("no notice for"))
        .unwrap_or_default();
    assert!(
        said.contains("组织科") && said.ends_with("(no open tasks)"),
        "{}",
        all.stderr
    );
    assert!(!all.stdout.contains("组织科-"));
}

#[test]
fn notice_events_survive_export_and_restore_and_their_serials_stay_taken() {
    let l = ledger();
    let out = l.dir.path().join("n");
    let run = l
        .run(&[
            "notice",
            "--reply-by",
            "12月4日",
            "--out",
            out.to_str().unwrap(),
        ])
        .ok();
    let issued = serials(&run.stdout).len();
    let export = l.dir.path().join("ledger.json");
    l.run(&["export", "--out", export.to_str().unwrap()]).ok();
    let copy = l.dir.path().join("copy.db");
    l.run_in(&copy, &["restore", export.to_str().unwrap()]).ok();
    // The same history, notice events included, and an identical export again.
    let again = l.dir.path().join("again.json");
    l.run_in(&copy, &["export", "--out", again.to_str().unwrap()])
        .ok();
    assert_eq!(
        std::fs::read(&export).unwrap(),
        std::fs::read(&again).unwrap()
    );
    let hist = crate::support::run(
        l.cmd()
            .env("TRACKER_DB", &copy)
            .args(["history", "1.1", "--format", "json"]),
    )
    .ok()
    .json();
    assert!(
        hist.as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "notice")
    );
    // The restored ledger goes on after the serials it holds.
    let more = l.dir.path().join("more");
    let run = l
        .run_in(
            &copy,
            &[
                "notice",
                "--owner",
                "组织科",
                // Another reply-by date: a new notice (the same one would keep its serial).
                "--reply-by",
                "12月5日",
                "--out",
                more.to_str().unwrap(),
            ],
        )
        .ok();
    assert_eq!(
        serials(&run.stdout),
        [format!("督办〔2026〕{}号", issued + 1)]
    );
}

/// Issues notices on `day` (to `owner`, or every unit), asking for a reply four days on.
fn issue_on(l: &Ledger, day: &str, owner: Option<&str>) {
    issue_on_by(l, day, owner, "+4d");
}

/// `issue_on` with another reply-by date: the same unit's notice again the same day with the
/// same date would be the same notice, not another one.
fn issue_on_by(l: &Ledger, day: &str, owner: Option<&str>, reply_by: &str) {
    let out = l
        .dir
        .path()
        .join(format!("n-{day}-{}-{reply_by}", owner.unwrap_or("all")));
    let mut args = vec!["notice", "--reply-by", reply_by];
    match owner {
        Some(o) => args.extend(["--owner", o]),
        None => args.push("--all"),
    }
    args.extend(["--out", out.to_str().unwrap()]);
    l.run_on(day, &args).ok();
    std::fs::remove_dir_all(out).unwrap();
}

/// 催办次数 of each unit in a report's JSON, read on 2026-12-07: unit → (in the period, to
/// date).
fn reminders(l: &Ledger, week: &str) -> std::collections::BTreeMap<String, (u64, u64)> {
    let r = l
        .run_on(
            "2026-12-07",
            &["report", "--week", week, "--format", "json"],
        )
        .ok()
        .json();
    r["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let n = |k: &str| u[k].as_u64().unwrap();
            (
                u["unit"].as_str().unwrap().to_string(),
                (n("in_period"), n("to_date")),
            )
        })
        .collect()
}

#[test]
fn the_report_counts_the_notices_each_unit_was_sent_as_the_history_stood_then() {
    let l = ledger();
    // Week 48 (11-23 … 11-29): 组织科 once on the 24th, 干部科 on the 25th.
    issue_on(&l, "2026-11-24", Some("组织科"));
    issue_on(&l, "2026-11-25", Some("干部科"));
    // Week 49: every unit on the 30th; a second run for 组织科 withdrawn at once (never
    // counted).
    issue_on(&l, "2026-11-30", None);
    issue_on_by(&l, "2026-11-30", Some("组织科"), "+5d");
    l.run_on("2026-11-30", &["undo"]).ok();

    let w49 = reminders(&l, "2026-W49");
    assert_eq!(w49.get("组织科"), Some(&(1, 2)), "{w49:?}");
    assert_eq!(w49.get("干部科"), Some(&(1, 2)), "{w49:?}");
    assert_eq!(w49.get("干部教育科"), Some(&(1, 1)), "{w49:?}");
    // A past week shows what was true then: the 30th's notices are not in it.
    let w48 = reminders(&l, "2026-W48");
    let want: std::collections::BTreeMap<String, (u64, u64)> = [
        ("干部科".to_string(), (1, 1)),
        ("组织科".to_string(), (1, 1)),
    ]
    .into();
    assert_eq!(w48, want);
    let w47 = reminders(&l, "2026-W47");
    assert!(w47.is_empty(), "{w47:?}");
}

#[test]
fn a_withdrawn_notice_counts_until_the_day_it_was_withdrawn() {
    let l = ledger();
    issue_on(&l, "2026-11-25", Some("组织科"));
    l.run_on("2026-12-01", &["undo"]).ok();
    // Week 48 was reported with the notice standing: it still counts there.
    assert_eq!(reminders(&l, "2026-W48").get("组织科"), Some(&(1, 1)));
    // From the week it was withdrawn on, it does not.
    assert!(reminders(&l, "2026-W49").is_empty());
    // Undoing the undo puts it back: it counts again, as issued on the 25th.
    l.run_on("2026-12-02", &["undo"]).ok();
    assert_eq!(reminders(&l, "2026-W49").get("组织科"), Some(&(0, 1)));
}

#[test]
fn section_seven_and_the_tongbao_show_the_reminders_beside_each_unit() {
    let l = ledger();
    issue_on(&l, "2026-11-24", Some("组织科"));
    issue_on(&l, "2026-11-30", Some("组织科"));
    issue_on(&l, "2026-11-30", Some("干部科"));
    let md = l
        .run(&[
            "--lang", "zh", "report", "--week", "2026-W49", "--format", "markdown",
        ])
        .ok()
        .stdout;
    let seven = md
        .split("七、")
        .nth(1)
        .unwrap()
        .split("八、")
        .next()
        .unwrap();
    assert!(seven.contains("催办次数"), "{seven}");
    let row = |unit: &str| -> String {
        seven
            .lines()
            .find(|r| r.starts_with(&format!("| {unit} ")))
            .unwrap_or_else(|| panic!("{unit} in {seven}"))
            .to_string()
    };
    assert!(
        row("组织科").trim_end().ends_with("| 1/2 |"),
        "{}",
        row("组织科")
    );
    assert!(
        row("干部科").trim_end().ends_with("| 1/1 |"),
        "{}",
        row("干部科")
    );
    assert!(
        row("干部教育科").trim_end().ends_with("| 0/0 |"),
        "{}",
        row("干部教育科")
    );
    let en = l
        .run(&["report", "--week", "2026-W49", "--format", "html"])
        .ok()
        .stdout;
    assert!(en.contains("Reminders"), "html has the column");

    let docx = l.dir.path().join("通报.docx");
    // Every unit named in 五: its cap (tongbao_items) is above the tasks unreported.
    let config = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "tongbao_items = 100\n").unwrap();
    l.run(&[
        "report",
        "--week",
        "2026-W49",
        "--format",
        "docx",
        "--draft",
        "--out",
        docx.to_str().unwrap(),
    ])
    .ok();
    let text = docx_text(&zip_part(&docx, "word/document.xml"));
    let five = text.split("五、未按时反馈单位").nth(1).unwrap();
    let line = |unit: &str| {
        five.lines()
            .find(|p| p.starts_with(unit))
            .unwrap()
            .to_string()
    };
    assert!(
        line("组织科").ends_with("已发督办通知单1份（累计2份）。"),
        "{}",
        line("组织科")
    );
    assert!(
        line("干部科").ends_with("已发督办通知单1份。"),
        "{}",
        line("干部科")
    );
    assert!(
        !line("干部教育科").contains("督办通知单"),
        "{}",
        line("干部教育科")
    );
    std::fs::remove_file(docx).unwrap();
}

#[test]
fn the_weeks_news_says_each_notice_once_per_unit_in_the_reports_language() {
    let l = ledger();
    issue_on(&l, "2026-11-30", Some("组织科"));
    issue_on(&l, "2026-11-30", Some("干部科"));
    // A withdrawn one is not news.
    issue_on(&l, "2026-11-30", Some("人才工作科"));
    l.run_on("2026-11-30", &["undo"]).ok();
    let zh = l
        .run(&["--lang", "zh", "report", "--format", "markdown"])
        .ok()
        .stdout;
    // The period's notices are one sentence (the withdrawn third is not in it).
    let line =
        "本周向组织科、干部科共2个单位发出督办通知单2份（督办〔2026〕1号至2号），限12月4日前反馈";
    assert_eq!(zh.matches(line).count(), 1, "{zh}");
    assert!(!zh.contains("人才工作科发出"), "{zh}");
    // Not on each task the notice listed.
    assert_eq!(zh.matches("督办〔2026〕1号").count(), 1, "{zh}");
    let en = l.run(&["report", "--format", "markdown"]).ok().stdout;
    assert_eq!(
        en.matches("2 notices sent to 2 units (组织科, 干部科): 督办〔2026〕1号 to 2号, reply by 2026-12-04")
            .count(),
        1,
        "{en}"
    );
    assert!(!en.contains("发出"), "{en}");
    let json = l.run(&["report", "--format", "json"]).ok().json();
    let units: Vec<&str> = json["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["unit"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["组织科", "干部科"]);
    assert_eq!(json["notices"][0]["serial"], "督办〔2026〕1号");
    assert_eq!(json["notices"][0]["reply_by"], "2026-12-04");
    // The 通报's 二、本周进展 says it once, as a sentence.
    let docx = l.dir.path().join("通报.docx");
    l.run(&[
        "report",
        "--format",
        "docx",
        "--draft",
        "--out",
        docx.to_str().unwrap(),
    ])
    .ok();
    let text = docx_text(&zip_part(&docx, "word/document.xml"));
    let two = text
        .split("二、")
        .nth(1)
        .unwrap()
        .split("三、")
        .next()
        .unwrap();
    assert_eq!(two.matches(&format!("{line}。")).count(), 1, "{two}");
    std::fs::remove_file(docx).unwrap();
}
