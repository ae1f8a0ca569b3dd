//! `tracker report`: the weekly table as of any week, in every format and both languages.

use crate::support::{Ledger, assert_aligned};

/// A plan started 2026-03-02 (W10) with a history spread over several weeks:
/// W11: 1.2 started (50%), 1.4 done. W12: 2.4 blocked, a note on 3.1. W13: 1.2's deadline
/// moved from 2026-06-02 to 2026-03-20, 1.1 done. W14: 1.2 done; 3.5 cancelled.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-03-02");
    let at = |t: &str, args: &[&str]| {
        l.run_on(t, args).ok();
    };
    at(
        "2026-03-10T09:00:00",
        &[
            "update",
            "1.2",
            "--progress",
            "50",
            "--note",
            "会议方案已报批",
        ],
    );
    at(
        "2026-03-11T15:30:00",
        &[
            "update",
            "1.4",
            "--status",
            "done",
            "--note",
            "已建立10个联系点",
        ],
    );
    at(
        "2026-03-18T10:00:00",
        &[
            "update",
            "2.4",
            "--status",
            "blocked",
            "--note",
            "等待各单位报送计划",
        ],
    );
    at("2026-03-19T10:00:00", &["note", "3.1", "调研提纲已印发"]);
    at(
        "2026-03-24T10:00:00",
        &["update", "1.2", "--deadline", "2026-03-20"],
    );
    at(
        "2026-03-26T10:00:00",
        &["update", "1.1", "--status", "done"],
    );
    at(
        "2026-04-01T10:00:00",
        &["update", "1.2", "--status", "done"],
    );
    at(
        "2026-04-02T10:00:00",
        &["update", "3.5", "--status", "cancelled"],
    );
    l
}

fn report(l: &Ledger, today: &str, args: &[&str]) -> serde_json::Value {
    let mut full = vec!["report", "--format", "json"];
    full.extend_from_slice(args);
    l.run_on(today, &full).ok().json()
}

fn row<'a>(r: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn each_past_week_shows_the_state_at_its_end_not_today() {
    let l = ledger();
    let today = "2026-04-20";
    let w10 = report(&l, today, &["--week", "2026-W10"]);
    assert_eq!(w10["total"]["done"], 0);
    assert_eq!(row(&w10, "1.4")["status"], "not-started");
    assert_eq!(row(&w10, "1.2")["progress"], 0);

    let w11 = report(&l, today, &["--week", "2026-W11"]);
    assert_eq!(w11["total"]["done"], 1);
    assert_eq!(w11["total"]["done_change"], 1);
    assert_eq!(row(&w11, "1.4")["status"], "done");
    assert_eq!(row(&w11, "1.2")["status"], "in-progress");
    assert_eq!(row(&w11, "1.2")["progress"], 50);
    assert_eq!(
        row(&w11, "1.1")["status"],
        "not-started",
        "1.1 is done only in W13"
    );
    assert_eq!(
        row(&w11, "2.4")["status"],
        "not-started",
        "2.4 is blocked only in W12"
    );

    let w12 = report(&l, today, &["--week", "2026-W12"]);
    assert_eq!(w12["total"]["blocked"], 1);
    assert_eq!(w12["total"]["done_change"], 0);
    // The deadline changed in W13 shows its old value in W12.
    assert_eq!(row(&w12, "1.2")["deadline"], "2026-06-02");
    assert_eq!(row(&w12, "1.2")["health"], "on-track");

    let w13 = report(&l, today, &["--week", "2026-W13"]);
    assert_eq!(row(&w13, "1.2")["deadline"], "2026-03-20");
    assert_eq!(row(&w13, "1.2")["health"], "overdue");
    assert_eq!(w13["total"]["done"], 2);
    assert_eq!(w13["total"]["overdue"], 1);
    let overdue: Vec<&str> = w13["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(overdue, ["1.2"]);
    assert_eq!(w13["overdue"][0]["days"], 9);

    let w14 = report(&l, today, &["--week", "2026-W14"]);
    assert_eq!(w14["total"]["done"], 3);
    assert_eq!(w14["total"]["cancelled"], 1);
    assert_eq!(w14["total"]["done_change"], 1);
    assert!(w14["overdue"].as_array().unwrap().is_empty());
    // done / non-cancelled: 3 / 15.
    assert_eq!(w14["total"]["percent_done"], 20.0);
}

#[test]
fn this_weeks_progress_lists_the_notes_and_changes_of_the_week() {
    let l = ledger();
    let w11 = report(&l, "2026-04-20", &["--week", "2026-W11"]);
    let fields: Vec<&str> = row(&w11, "1.2")["this_week"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["status", "progress"]);
    assert_eq!(row(&w11, "1.2")["this_week"][0]["note"], "会议方案已报批");
    assert!(row(&w11, "3.1")["this_week"].as_array().unwrap().is_empty());
    let w12 = report(&l, "2026-04-20", &["--week", "2026-W12"]);
    assert_eq!(row(&w12, "3.1")["this_week"][0]["note"], "调研提纲已印发");
    let md = l
        .run_on(
            "2026-04-20",
            &[
                "--lang", "zh", "report", "--week", "2026-W11", "--format", "markdown",
            ],
        )
        .ok()
        .stdout;
    assert!(
        md.contains("03-10 进度由0%提高到50%；状态改为进行中；会议方案已报批"),
        "{md}"
    );
    assert!(
        md.contains("03-11 进度由0%提高到100%；状态改为已完成；已建立10个联系点"),
        "{md}"
    );
}

#[test]
fn summary_is_per_recommendation_and_in_total() {
    let l = ledger();
    let w14 = report(&l, "2026-04-20", &["--week", "2026-W14"]);
    let recs: Vec<(u64, u64, u64)> = w14["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["recommendation"].as_u64().unwrap(),
                s["tasks"].as_u64().unwrap(),
                s["done"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(recs, [(1, 5, 3), (2, 6, 0), (3, 5, 0)]);
    assert_eq!(w14["summary"][0]["percent_done"], 60.0);
    assert_eq!(w14["summary"][0]["percent_progress"], 60.0);
    assert_eq!(w14["summary"][1]["blocked"], 1);
    assert_eq!(w14["summary"][2]["cancelled"], 1);
    assert_eq!(w14["total"]["tasks"], 16);
}

#[test]
fn upcoming_lists_open_tasks_due_in_the_14_days_after_the_week() {
    let l = ledger();
    // W21 ends 2026-05-24; 1.2 (done) and 2.4 are due 2026-06-02.
    let r = report(&l, "2026-06-30", &["--week", "2026-W21"]);
    let ids: Vec<&str> = r["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["2.4"]);
    assert_eq!(r["upcoming"][0]["days"], 9);
}

#[test]
fn the_trend_runs_from_the_plan_start_to_the_week() {
    let l = ledger();
    let r = report(&l, "2026-04-20", &["--week", "2026-W14"]);
    let trend: Vec<(String, i64, u64)> = r["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["week"].as_str().unwrap().to_string(),
                p["done"].as_i64().unwrap(),
                p["cumulative"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, i64, u64)> = [
        ("2026-W10", 0, 0),
        ("2026-W11", 1, 1),
        ("2026-W12", 0, 1),
        ("2026-W13", 1, 2),
        ("2026-W14", 1, 3),
    ]
    .iter()
    .map(|(w, d, c)| (w.to_string(), *d, *c))
    .collect();
    assert_eq!(trend, expected);
    let table = l
        .run_on("2026-04-20", &["report", "--week", "2026-W14"])
        .ok()
        .stdout;
    assert!(table.contains("█"), "{table}");
}

fn trend(r: &serde_json::Value) -> Vec<(String, i64, u64)> {
    r["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["week"].as_str().unwrap().to_string(),
                p["done"].as_i64().unwrap(),
                p["cumulative"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_trend_shows_the_last_weeks_each_with_its_own_net_change() {
    let l = ledger();
    // Two weeks: W13's done is its own change (+1), not the two done by its end.
    let r = report(
        &l,
        "2026-04-20",
        &["--week", "2026-W14", "--trend-weeks", "2"],
    );
    let expected = [("2026-W13", 1, 2), ("2026-W14", 1, 3)];
    assert_eq!(
        trend(&r),
        expected.map(|(w, d, c)| (w.to_string(), d, c)).to_vec()
    );
    // By default twelve weeks, ending with the reported one: W25–W36, nothing done in them.
    let r = report(&l, "2026-09-01", &[]);
    let t = trend(&r);
    assert_eq!(t.len(), 12);
    assert_eq!(t[0].0, "2026-W25");
    assert_eq!(t[11].0, "2026-W36");
    assert!(t.iter().all(|(_, d, c)| *d == 0 && *c == 3), "{t:?}");
    // 0: every week since the plan started.
    let r = report(&l, "2026-09-01", &["--trend-weeks", "0"]);
    let t = trend(&r);
    assert_eq!((t.len(), t[0].0.as_str()), (27, "2026-W10"));
    assert_eq!(t.iter().map(|p| p.1).sum::<i64>(), 3);
    l.run(&["report", "--trend-weeks", "x"])
        .fails(2, &["--trend-weeks", "x"]);
}

#[test]
fn a_past_week_shows_the_titles_and_units_of_that_week_even_when_cut_to_a_limit() {
    let l = ledger();
    l.run_on(
        "2026-04-10T10:00:00",
        &["update", "1.2", "--title", "新标题", "--lead", "宣传科"],
    )
    .ok();
    for limit in ["0", "3"] {
        let md = l
            .run_on(
                "2026-04-20",
                &[
                    "report", "--week", "2026-W13", "--format", "markdown", "--limit", limit,
                ],
            )
            .ok()
            .stdout;
        let line = md
            .lines()
            .find(|x| x.starts_with("| 1.2 |"))
            .unwrap_or_else(|| panic!("1.2 shown with --limit {limit}:\n{md}"));
        assert!(
            line.contains("召开全市非公有制企业党建工作会议") && line.contains("组织科"),
            "{line}"
        );
        assert!(!md.contains("新标题") && !md.contains("宣传科"), "{md}");
    }
    let now = l
        .run_on("2026-04-20", &["report", "--format", "markdown"])
        .ok()
        .stdout;
    assert!(now.contains("| 1.2 | 新标题 | 宣传科 |"), "{now}");
}

#[test]
fn the_default_week_is_the_one_containing_today() {
    let l = ledger();
    let r = report(&l, "2026-03-25", &[]);
    assert_eq!(r["week"], "2026-W13");
    assert_eq!(r["as_of"], "2026-03-25");
    assert_eq!(
        r["total"]["done"], 1,
        "1.1 is done on the 26th, after today"
    );
}

#[test]
fn a_custom_period_compares_with_the_period_before() {
    let l = ledger();
    let r = report(
        &l,
        "2026-04-20",
        &["--from", "2026-03-16", "--to", "2026-03-31"],
    );
    assert_eq!(r["week"], serde_json::Value::Null);
    assert_eq!(r["previous"]["from"], "2026-02-28");
    assert_eq!(r["previous"]["to"], "2026-03-15");
    assert_eq!(r["total"]["done"], 2);
    assert_eq!(r["total"]["done_change"], 1);
}

#[test]
fn scope_by_recommendation_and_owner() {
    let l = ledger();
    let r = report(&l, "2026-04-20", &["--week", "2026-W14", "--rec", "2"]);
    assert_eq!(r["total"]["tasks"], 6);
    assert_eq!(r["summary"].as_array().unwrap().len(), 1);
    let r = report(
        &l,
        "2026-04-20",
        &["--week", "2026-W14", "--owner", "人事局"],
    );
    let ids: Vec<&str> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["3.2"]);
}

#[test]
fn the_table_lines_up_at_100_columns_in_both_languages() {
    let l = ledger();
    for lang in ["zh", "en"] {
        let out = crate::support::run(
            l.cmd()
                .env("COLUMNS", "100")
                .env("TRACKER_TODAY", "2026-04-20")
                .args(["--lang", lang, "report", "--week", "2026-W13"]),
        )
        .ok()
        .stdout;
        for block in out.split("\n\n") {
            let table: Vec<&str> = block
                .lines()
                .skip_while(|l| !l.starts_with("---"))
                .collect();
            if !table.is_empty() {
                assert_aligned(&table.join("\n"), 100);
            }
        }
        for date in ["2026-03-20", "2026-09-02"] {
            assert!(out.contains(date), "{lang}: dates are never split:\n{out}");
        }
    }
    let zh = l
        .run_on(
            "2026-04-20",
            &["--lang", "zh", "report", "--week", "2026-W13"],
        )
        .ok()
        .stdout;
    for word in [
        "督办事项进展周报 2026年第13周（3月23日—3月29日）",
        "序号",
        "工作任务",
        "牵头单位",
        "完成时限",
        "状态",
        "进度",
        "本周进展",
        "已完成",
        "进行中",
        "受阻",
        "红",
        "绿",
    ] {
        assert!(zh.contains(word), "zh report lacks {word}:\n{zh}");
    }
    let en = l
        .run_on(
            "2026-04-20",
            &["--lang", "en", "report", "--week", "2026-W13"],
        )
        .ok()
        .stdout;
    for word in [
        "Weekly progress report 2026-W13",
        "Task",
        "Lead",
        "Deadline",
        "This week",
        "overdue",
        "on track",
        "blocked",
    ] {
        assert!(en.contains(word), "en report lacks {word}:\n{en}");
    }
}

#[test]
fn markdown_is_a_gfm_table_per_section() {
    let l = ledger();
    l.run_on(
        "2026-03-12T10:00:00",
        &["note", "2.1", "议题 | 待定\n第二行"],
    )
    .ok();
    let md = l
        .run_on(
            "2026-04-20",
            &[
                "--lang", "zh", "report", "--week", "2026-W11", "--format", "markdown",
            ],
        )
        .ok()
        .stdout;
    assert!(md.starts_with("# 督办事项进展周报 2026年第11周（3月9日—3月15日）\n"));
    for heading in [
        "## 一、总体进展",
        "## 二、任务进展",
        "## 三、逾期及滞后事项",
        "## 四、本周到期",
        "## 五、未来 14 天内到期",
        "## 六、完成趋势",
    ] {
        assert!(md.contains(heading), "{heading}");
    }
    // Every table line has as many unescaped pipes as its header.
    for table in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let pipes = |line: &str| line.replace("\\|", "").matches('|').count();
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[1].contains("---"));
        for line in &lines {
            assert_eq!(pipes(line), pipes(lines[0]), "{line}");
        }
    }
    // A note's own line break stays a line of the cell (issue 16: answers typed on several
    // lines keep them).
    assert!(md.contains("03-12 议题 \\| 待定<br>第二行"), "{md}");
}

/// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF records.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_is_rfc_4180_with_optional_bom_and_no_formulas() {
    let l = ledger();
    l.run_on(
        "2026-03-12T10:00:00",
        &["note", "2.1", "=HYPERLINK(\"http://x\",\"点击\")"],
    )
    .ok();
    l.run_on(
        "2026-03-12T11:00:00",
        &["update", "2.2", "--title", "+协调, 督导"],
    )
    .ok();
    let out = l
        .run_on(
            "2026-04-20",
            &[
                "--lang", "zh", "report", "--week", "2026-W11", "--format", "csv",
            ],
        )
        .ok()
        .stdout;
    assert!(out.contains("\r\n") && !out.starts_with('\u{feff}'));
    let rows = parse_csv(&out);
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
            "序时",
            "未反馈天数",
            "本周进展",
            "最新进展"
        ]
    );
    assert_eq!(rows.len(), 17);
    assert!(rows.iter().all(|r| r.len() == 12));
    let r21 = rows.iter().find(|r| r[0] == "2.1").unwrap();
    assert_eq!(r21[10], "03-12 =HYPERLINK(\"http://x\",\"点击\")。");
    let r22 = rows.iter().find(|r| r[0] == "2.2").unwrap();
    assert_eq!(
        r22[1], "'+协调, 督导",
        "a cell starting with + is neutralised"
    );
    let bom = l
        .run_on(
            "2026-04-20",
            &["report", "--week", "2026-W11", "--format", "csv", "--bom"],
        )
        .ok()
        .stdout;
    assert!(bom.starts_with('\u{feff}'));
}

#[test]
fn html_is_one_self_contained_file_with_an_svg_chart() {
    let l = ledger();
    l.run_on(
        "2026-03-12T10:00:00",
        &["note", "2.1", "<script>alert(1)</script>"],
    )
    .ok();
    let out_path = l.dir.path().join("周报.html");
    let out = l
        .run_on(
            "2026-04-20",
            &[
                "--lang",
                "zh",
                "report",
                "--week",
                "2026-W13",
                "--format",
                "html",
                "--out",
                out_path.to_str().unwrap(),
            ],
        )
        .ok();
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&out_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"zh-CN\">") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("<svg") && html.contains("<polyline"));
    assert!(html.contains("@page { size: A4"));
    for forbidden in ["<script", "src=", "href=", "url(", "@import", "@font-face"] {
        assert!(
            !html.contains(forbidden),
            "html must not contain {forbidden}"
        );
    }
    let w11 = l
        .run_on(
            "2026-04-20",
            &["report", "--week", "2026-W11", "--format", "html"],
        )
        .ok()
        .stdout;
    assert!(w11.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(w11.contains("<html lang=\"en\">"));
    // Written atomically: no temporary file is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(l.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn the_weekly_series_has_one_row_per_week() {
    let l = ledger();
    let v = l
        .run_on(
            "2026-04-20",
            &[
                "report",
                "--series",
                "weekly",
                "--from",
                "2026-03-02",
                "--to",
                "2026-04-05",
                "--format",
                "json",
            ],
        )
        .ok()
        .json();
    let weeks: Vec<(String, i64, u64, u64, u64)> = v["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["week"].as_str().unwrap().to_string(),
                w["done"].as_i64().unwrap(),
                w["open"].as_u64().unwrap(),
                w["overdue"].as_u64().unwrap(),
                w["cumulative"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, i64, u64, u64, u64)> = [
        ("2026-W10", 0, 16, 0, 0),
        ("2026-W11", 1, 15, 0, 1),
        ("2026-W12", 0, 15, 0, 1),
        ("2026-W13", 1, 14, 1, 2),
        ("2026-W14", 1, 12, 0, 3),
    ]
    .iter()
    .map(|(w, d, o, od, c)| (w.to_string(), *d, *o, *od, *c))
    .collect();
    assert_eq!(weeks, expected);
    for format in ["table", "markdown", "csv", "html"] {
        let out = l
            .run_on(
                "2026-04-20",
                &[
                    "--lang",
                    "zh",
                    "report",
                    "--series",
                    "weekly",
                    "--from",
                    "2026-03-02",
                    "--to",
                    "2026-04-05",
                    "--format",
                    format,
                ],
            )
            .ok()
            .stdout;
        assert!(
            out.contains("2026-W13") && out.contains("累计完成"),
            "{format}:\n{out}"
        );
    }
}

#[test]
fn bad_report_arguments_are_refused() {
    let l = ledger();
    let before = l.dump();
    l.run(&["report", "--week", "2026-W54"])
        .fails(2, &["'2026-W54'", "1 to 53", "YYYY-Www"]);
    l.run(&["report", "--week", "48"]).fails(2, &["YYYY-Www"]);
    l.run(&["report", "--from", "2026-03-10", "--to", "2026-03-01"])
        .fails(1, &["--from 2026-03-10 is after --to 2026-03-01"]);
    l.run(&["report", "--from", "2026-03-10"])
        .fails(1, &["both --from and --to"]);
    l.run(&["report", "--rec", "9"])
        .fails(1, &["no recommendation 9", "1, 2, 3"]);
    l.run(&["report", "--owner", "财政局"])
        .fails(1, &["unknown unit '财政局'"]);
    l.run(&["report", "--format", "pdf"]).fails(2, &["'pdf'"]);
    l.run(&[
        "report",
        "--week",
        "2026-W10",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-02",
    ])
    .fails(2, &["--week"]);
    assert_eq!(l.dump(), before);
}

#[test]
fn long_lists_are_cut_to_the_limit_with_attention_first_but_csv_and_json_keep_all() {
    let l = Ledger::new("2026-11-26");
    l.run(&["dev", "synth", "--tasks", "300", "--events-per-task", "4"])
        .ok();
    l.run(&["update", "29.10", "--progress", "5", "--note", "本周新进展"])
        .ok();
    let md = l
        .run(&[
            "--lang", "en", "report", "--format", "markdown", "--limit", "10",
        ])
        .ok()
        .stdout;
    let progress = md
        .split("## 2. Progress by task")
        .nth(1)
        .unwrap()
        .split("## 3.")
        .next()
        .unwrap();
    let rows = progress
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ID") && !l.starts_with("| ---"))
        .count();
    assert_eq!(rows, 10, "{progress}");
    // The most urgent kept (issue 17i, finding 3): overdue, then blocked or red pace, then
    // news; the task with news this week is kept unless ten more urgent fill the cut.
    let all = l
        .run(&["report", "--format", "json", "--limit", "0"])
        .ok()
        .json();
    let urgent: Vec<String> = (all["rows"].as_array().unwrap().iter())
        .filter(|r| {
            r["health"] == "overdue" || r["status"] == "blocked" || r["pace"]["light"] == "red"
        })
        .map(|r| format!("| {} |", r["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        progress.contains("| 29.10 |"),
        urgent.len() < 10,
        "{urgent:?}\n{progress}"
    );
    let kept_urgent = urgent
        .iter()
        .filter(|id| progress.contains(id.as_str()))
        .count();
    assert_eq!(kept_urgent, urgent.len().min(10), "{progress}");
    assert!(
        progress.contains("290 more rows not shown (--limit 0 shows all"),
        "{progress}"
    );
    // The rows kept have their words: a title and a lead in every task row of every list.
    let is_id = |c: &str| {
        c.split_once('.').is_some_and(|(a, b)| {
            [a, b]
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|x| x.is_ascii_digit()))
        })
    };
    let kept: Vec<Vec<&str>> = md
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .map(|l| l.split(" | ").collect::<Vec<_>>())
        .filter(|c| is_id(c[0]))
        .collect();
    assert!(
        kept.len() >= 20,
        "progress, overdue and upcoming rows expected:\n{md}"
    );
    for c in &kept {
        assert!(!c[1].trim().is_empty() && !c[2].trim().is_empty(), "{c:?}");
    }
    assert!(md.contains("more rows not shown"), "{md}");
    let all = l
        .run(&["report", "--format", "markdown", "--limit", "0"])
        .ok()
        .stdout;
    assert!(!all.contains("more rows not shown"));
    let csv = l
        .run(&["report", "--format", "csv", "--limit", "10"])
        .ok()
        .stdout;
    assert_eq!(csv.lines().count(), 301);
    let json = l
        .run(&["report", "--format", "json", "--limit", "10"])
        .ok()
        .json();
    assert_eq!(json["rows"].as_array().unwrap().len(), 300);

    // The summary keeps the 10 recommendations furthest behind (most overdue, then least
    // done, then by number), in number order, as the full summary in json ranks them.
    let mut ranked: Vec<(i64, f64, u64)> = json["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["overdue"].as_i64().unwrap(),
                s["percent_done"].as_f64().unwrap(),
                s["recommendation"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(ranked.len(), 30);
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut behind: Vec<u64> = ranked[..10].iter().map(|r| r.2).collect();
    behind.sort_unstable();
    let summary = md
        .split("## 1. Summary")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let shown: Vec<u64> = summary
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next()?.parse().ok())
        .collect();
    assert_eq!(shown, behind, "{summary}");
    assert!(summary.contains("20 more rows not shown"), "{summary}");
}

#[test]
fn a_week_that_has_not_started_compares_with_today() {
    // Today is Thursday of W13 (1.1 was done today); W14's figures are today's, and W13, the
    // week before it, has not ended: nothing has changed since.
    let l = ledger();
    let next = report(&l, "2026-03-26", &["--week", "2026-W14"]);
    assert_eq!(next["as_of"], "2026-03-26");
    assert_eq!(next["total"]["done"], 2);
    assert_eq!(next["total"]["done_change"], 0);
    let this = report(&l, "2026-03-26", &["--week", "2026-W13"]);
    assert_eq!(this["total"]["done_change"], 1, "1.1, done this week");
}

/// `report --series weekly` on a day before the plan starts says there is nothing yet, naming
/// the plan's start, not a misuse of --from and --to (17j #7); the ledger is untouched.
#[test]
fn the_weekly_series_before_the_plan_starts_says_there_is_nothing_yet() {
    let l = Ledger::seeded("2026-11-02");
    let before = l.dump();
    let cases: [(&str, &[&str]); 2] = [
        ("zh", &["2026-11-02", "2026-10-01", "尚未开始", "--to"]),
        (
            "en",
            &["2026-11-02", "2026-10-01", "nothing to count yet", "--to"],
        ),
    ];
    for (lang, needles) in cases {
        let msg = l
            .run_on(
                "2026-10-01",
                &["--lang", lang, "report", "--series", "weekly"],
            )
            .fails(1, needles);
        assert!(!msg.contains("--from"), "{lang}: {msg}");
    }
    assert_eq!(l.dump(), before);
}
