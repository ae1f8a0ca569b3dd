//! The 通报 names what needs attention first (issue 17, found by fresh testers): 一 names the
//! recommendations furthest behind first; 五 (and the terminal's 七) the units silent longest
//! first, and after its cut names the units it left out; 三 names a blocked task before those
//! merely behind pace, with or without a deadline. And a report scoped to a recommendation
//! counts only the notices about its tasks.

use std::collections::BTreeMap;

use crate::support::Ledger;
use crate::tongbao::{Body, body};

fn config(l: &Ledger, text: &str) {
    let dir = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

fn docx(l: &Ledger, today: &str, extra: &[&str]) -> Body {
    let out = l.dir.path().join("通报.docx");
    let mut args = vec!["report", "--format", "docx", "--draft"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--out", out.to_str().unwrap()]);
    l.run_on(today, &args).ok();
    body(&out)
}

fn json(l: &Ledger, today: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    l.run_on(today, &args).ok().json()
}

/// The paragraphs (style, text) from the heading starting with `start` to the next one.
fn section<'a>(b: &'a Body, start: &str) -> Vec<(&'a str, &'a str)> {
    let k = (b.paras.iter())
        .position(|(s, t)| s == "GwHeading1" && t.starts_with(start))
        .unwrap_or_else(|| panic!("no section {start}: {:?}", b.paras));
    b.paras[k + 1..]
        .iter()
        // (五 is followed by the note of the attachment, not by a heading.)
        .take_while(|(s, t)| s != "GwHeading1" && !t.starts_with("附件："))
        .map(|(s, t)| (s.as_str(), t.as_str()))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// The recommendations of the json's summary, furthest behind first: most overdue, then least
/// done, then by number.
fn furthest_behind(v: &serde_json::Value) -> Vec<String> {
    let mut recs: Vec<(i64, f64, i64, String)> = (v["summary"].as_array().unwrap().iter())
        .map(|s| {
            (
                -s["overdue"].as_i64().unwrap(),
                s["percent_done"].as_f64().unwrap(),
                s["recommendation"].as_i64().unwrap(),
                s["headline"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    recs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    recs.into_iter().map(|r| r.3).collect()
}

#[test]
fn section_one_names_the_recommendations_furthest_behind_first() {
    // (what is done to the seeded plan, the order 一 must name them in by number)
    type Step = (&'static str, &'static [&'static str]);
    let cases: [(&[Step], [u32; 3]); 3] = [
        // Rec 3 has two overdue tasks, rec 2 one, rec 1 none.
        (
            &[
                ("2026-11-20", &["update", "3.1", "--deadline", "2026-11-25"]),
                ("2026-11-20", &["update", "3.3", "--deadline", "2026-11-26"]),
                ("2026-11-20", &["update", "2.4", "--deadline", "2026-11-26"]),
            ],
            [3, 2, 1],
        ),
        // None overdue: the least done first (rec 1 has two of five done, rec 2 one of six).
        (
            &[
                ("2026-11-20", &["update", "1.1", "--status", "done"]),
                ("2026-11-20", &["update", "1.2", "--status", "done"]),
                ("2026-11-20", &["update", "2.1", "--status", "done"]),
            ],
            [3, 2, 1],
        ),
        // One overdue in rec 1 outweighs any share done.
        (
            &[
                ("2026-11-20", &["update", "3.1", "--status", "done"]),
                ("2026-11-20", &["update", "1.5", "--deadline", "2026-11-25"]),
            ],
            [1, 2, 3],
        ),
    ];
    for (steps, want) in cases {
        let l = Ledger::seeded("2026-09-01");
        for (day, args) in steps {
            l.run_on(day, args).ok();
        }
        let v = json(&l, "2026-11-30", &["--week", "2026-W48"]);
        let headline = |n: u32| {
            (v["summary"].as_array().unwrap().iter())
                .find(|s| s["recommendation"] == n)
                .unwrap()["headline"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let wanted = want;
        let want: Vec<String> = want.iter().map(|n| headline(*n)).collect();
        assert_eq!(furthest_behind(&v), want, "{steps:?}");
        let b = docx(&l, "2026-11-30", &["--week", "2026-W48"]);
        let named: Vec<String> = (section(&b, "一、").iter())
            .filter(|(s, _)| *s == "GwHeading2")
            .map(|(_, t)| t.split_once('）').unwrap().1.to_string())
            .collect();
        // Each heading names its recommendation's number before the headline.
        let numbered: Vec<String> = (want.iter().zip(&wanted))
            .map(|(h, n)| format!("建议{n}：{h}"))
            .collect();
        assert_eq!(named, numbered, "{steps:?}");
    }
}

/// A seeded ledger in which the units fell silent at different times: 组织科 reported on
/// 11-20, 干部教育科 on 10-15, 人才工作科 on one task on 11-25; the rest never since 09-01.
fn silences() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    for id in ["1.1", "1.2", "1.3", "1.4", "1.5"] {
        l.run_on("2026-11-20", &["note", id, "已推进"]).ok();
    }
    for id in ["2.3", "2.4", "2.5", "2.6"] {
        l.run_on("2026-10-15", &["note", id, "已推进"]).ok();
    }
    l.run_on("2026-11-25", &["note", "3.1", "已推进"]).ok();
    l
}

/// Each lead unit's longest silence in the json's unreported list, the longest first (ties by
/// name).
fn units_by_silence(v: &serde_json::Value) -> Vec<String> {
    let mut most: BTreeMap<String, i64> = BTreeMap::new();
    for d in v["unreported"].as_array().unwrap() {
        let e = most
            .entry(d["lead"].as_str().unwrap().to_string())
            .or_default();
        *e = (*e).max(d["days"].as_i64().unwrap());
    }
    let mut units: Vec<(i64, String)> = most.into_iter().map(|(u, d)| (-d, u)).collect();
    units.sort();
    units.into_iter().map(|(_, u)| u).collect()
}

#[test]
fn section_five_names_the_units_silent_longest_first_and_the_ones_left_after_the_cut() {
    let l = silences();
    let v = json(&l, "2026-12-06", &["--week", "2026-W49"]);
    let order = units_by_silence(&v);
    // Those silent since September first (人才工作科 too: its 3.3 is), then 干部教育科 (52
    // days), then 组织科 (16).
    assert_eq!(order.last().unwrap(), "组织科", "{order:?}");
    assert_eq!(order[order.len() - 2], "干部教育科", "{order:?}");
    config(&l, "tongbao_items = 50\n");
    let b = docx(&l, "2026-12-06", &["--week", "2026-W49"]);
    // (After the sentence naming every unit with its count.)
    let named: Vec<&str> = (section(&b, "五、").iter().skip(1))
        .filter_map(|(_, t)| t.split_once('：').map(|(u, _)| u))
        .collect();
    assert_eq!(named, order);
    // The terminal's 七 in the same order: the lead column of each unit's first row.
    let table = l
        .run_on(
            "2026-12-06",
            &[
                "--lang", "zh", "report", "--week", "2026-W49", "--format", "markdown",
            ],
        )
        .ok()
        .stdout;
    let seven = table.split("## 七、").nth(1).unwrap();
    let seven = seven.split("## 八").next().unwrap();
    let leads: Vec<&str> = (seven.lines().skip(4))
        .filter(|r| r.starts_with("| ") && !r.starts_with("| ---") && !r.starts_with("| 牵头"))
        .filter_map(|r| r.split('|').nth(1).map(str::trim))
        .filter(|u| !u.is_empty())
        .collect();
    assert_eq!(leads, order, "{seven}");

    // Cut after a few tasks: every unit is named first with its count, in the same order;
    // the units the cut did not reach are counted at the end, with their tasks.
    let count = |u: &str| {
        (v["unreported"].as_array().unwrap().iter())
            .filter(|d| d["lead"] == u)
            .count()
    };
    let all: Vec<String> = order.iter().map(|u| format!("{u}{}项", count(u))).collect();
    for cap in [1, 2, 3, 4, 6, 9] {
        config(&l, &format!("tongbao_items = {cap}\n"));
        let b = docx(&l, "2026-12-06", &["--week", "2026-W49"]);
        let five = section(&b, "五、");
        let total = v["unreported"].as_array().unwrap().len();
        assert_eq!(
            five[0].1,
            format!(
                "{}个单位{total}项事项未按时反馈：{}{}。",
                order.len(),
                all[..cap.min(all.len())].join("、"),
                if cap < all.len() {
                    format!("等{}个单位", all.len())
                } else {
                    String::new()
                }
            ),
            "cap {cap}"
        );
        let first: Vec<&str> = (five[1..].iter())
            .filter_map(|(_, t)| t.split_once('：'))
            .map(|(u, _)| u)
            .collect();
        assert_eq!(first, order[..first.len()], "cap {cap}: {five:?}");
        let left = &order[first.len()..];
        let n: usize = left.iter().map(|u| count(u)).sum();
        let last = five.last().unwrap().1;
        if left.is_empty() {
            assert!(last.contains("天未反馈）"), "cap {cap}: {five:?}");
        } else {
            assert_eq!(
                last,
                format!("其余{}个单位的{n}项不再逐项列出，详见附件。", left.len()),
                "cap {cap}: {five:?}"
            );
        }
    }
}

#[test]
fn section_three_names_a_blocked_task_before_those_merely_behind_pace() {
    let l = Ledger::seeded("2026-09-01");
    // Blocked without a deadline, blocked with a late one; the rest are behind pace (no
    // progress in three months) with earlier deadlines.
    l.run_on("2026-11-20", &["update", "3.5", "--deadline", "none"])
        .ok();
    l.run_on("2026-11-21", &["update", "3.5", "--status", "blocked"])
        .ok();
    l.run_on("2026-11-21", &["update", "2.6", "--status", "blocked"])
        .ok();
    l.run_on("2026-11-22", &["update", "1.2", "--deadline", "2026-11-25"])
        .ok();
    config(&l, "tongbao_items = 50\n");
    let b = docx(&l, "2026-12-01", &["--week", "2026-W49"]);
    let three: Vec<&str> = section(&b, "三、").into_iter().map(|(_, t)| t).collect();
    let ids: Vec<&str> = three.iter().filter_map(|t| t.split(' ').next()).collect();
    // The overdue one first, then the two blocked ones (the one with a deadline first),
    // then those behind pace.
    assert_eq!(ids[0], "1.2", "{three:?}");
    assert_eq!(&ids[1..3], ["2.6", "3.5"], "{three:?}");
    assert!(three[1].contains("推进受阻") && three[2].contains("推进受阻"));
    assert!(
        ids.len() > 3 && three[3..].iter().all(|t| t.contains("按序时应达")),
        "{three:?}"
    );
    // Cut to two: the blocked one is named, not a task merely behind pace.
    config(&l, "tongbao_items = 2\n");
    let b = docx(&l, "2026-12-01", &["--week", "2026-W49"]);
    let three: Vec<&str> = section(&b, "三、").into_iter().map(|(_, t)| t).collect();
    assert!(three[1].starts_with("2.6 "), "{three:?}");
}

#[test]
fn a_report_on_one_recommendation_counts_only_the_notices_about_its_tasks() {
    let l = Ledger::seeded("2026-09-01");
    let dir = l.dir.path().join("notices");
    // 组织科 leads only rec 1's tasks; 市委组织部 leads 2.2 and 3.2 and supports 2.1.
    for unit in ["组织科", "市委组织部"] {
        l.run_on(
            "2026-12-01",
            &[
                "notice",
                "--owner",
                unit,
                "--reply-by",
                "2026-12-10",
                "--out",
                dir.to_str().unwrap(),
            ],
        )
        .ok();
    }
    for (rec, units) in [
        ("1", &["组织科"][..]),
        ("2", &["市委组织部"][..]),
        ("3", &["市委组织部"][..]),
    ] {
        let v = json(&l, "2026-12-03", &["--week", "2026-W49", "--rec", rec]);
        let sent: Vec<&str> = (v["notices"].as_array().unwrap().iter())
            .map(|n| n["unit"].as_str().unwrap())
            .collect();
        assert_eq!(sent, units, "--rec {rec}");
        let reminded: Vec<&str> = (v["reminders"].as_array().unwrap().iter())
            .map(|n| n["unit"].as_str().unwrap())
            .collect();
        assert_eq!(reminded, units, "--rec {rec}");
        // The terminal's 本期督办 line and the 通报's sentence name the same units only.
        let table = l
            .run_on(
                "2026-12-03",
                &["--lang", "zh", "report", "--week", "2026-W49", "--rec", rec],
            )
            .ok()
            .stdout;
        let line = table.lines().find(|t| t.starts_with("本期督办：")).unwrap();
        for unit in ["组织科", "市委组织部"] {
            assert_eq!(
                line.contains(unit),
                units.contains(&unit),
                "--rec {rec}: {line}"
            );
        }
        let b = docx(&l, "2026-12-03", &["--week", "2026-W49", "--rec", rec]);
        let sentence = (b.paras.iter())
            .find(|(_, t)| t.contains("督办通知单"))
            .unwrap()
            .1
            .clone();
        for unit in ["组织科", "市委组织部"] {
            assert_eq!(
                sentence.contains(unit),
                units.contains(&unit),
                "--rec {rec}: {sentence}"
            );
        }
    }
    // The whole ledger counts both.
    let v = json(&l, "2026-12-03", &["--week", "2026-W49"]);
    assert_eq!(v["notices"].as_array().unwrap().len(), 2);
}

#[test]
fn the_tongbao_s_body_is_the_same_whatever_limit_cuts_its_attachment() {
    let l = Ledger::seeded("2026-09-01");
    l.run_on("2026-11-20", &["update", "1.3", "--deadline", "2026-11-10"])
        .ok();
    l.run_on("2026-11-21", &["update", "3.1", "--status", "blocked"])
        .ok();
    l.run_on("2026-11-23", &["note", "2.1", "已召开"]).ok();
    config(&l, "tongbao_items = 3\n");
    let body_of = |limit: &str| {
        let b = docx(&l, "2026-12-03", &["--week", "2026-W49", "--limit", limit]);
        let end = (b.paras.iter())
            .position(|(_, t)| t == "附件：督办事项进展情况表")
            .unwrap();
        // (The body points to the attachment only where that lists every task.)
        let body: Vec<(String, String)> = (b.paras[..end].iter())
            .map(|(s, t)| (s.clone(), t.replace("，详见附件", "")))
            .collect();
        (body, b.tables[0].1.len())
    };
    let (whole, rows) = body_of("0");
    assert_eq!(rows, 17, "every task in the attachment");
    for limit in ["1", "2", "5", "200"] {
        let (cut, rows) = body_of(limit);
        assert_eq!(cut, whole, "--limit {limit}");
        let n: usize = limit.parse().unwrap();
        assert_eq!(rows, n.min(16) + 1, "--limit {limit} cuts the attachment");
    }
    // 五 counts every unreported task, unit by unit, as the json does.
    let v = json(&l, "2026-12-03", &["--week", "2026-W49"]);
    let unreported = v["unreported"].as_array().unwrap().len();
    let five: Vec<String> = whole
        .iter()
        .skip_while(|(_, t)| !t.starts_with("五、"))
        .map(|(_, t)| t.clone())
        .collect();
    assert!(
        five[1].contains(&format!("{unreported}项事项未按时反馈：")),
        "{five:?}"
    );
    assert!(
        five.iter().any(|t| t.ends_with("项不再逐项列出。")),
        "{five:?}"
    );
}

#[test]
fn stale_goes_with_open_statuses_only() {
    let l = Ledger::seeded("2026-09-01");
    let before = l.dump();
    for status in ["done", "cancelled", "已完成", "办结", "撤销"] {
        let err = l
            .run_on(
                "2026-12-03",
                &["list", "--stale", "14d", "--status", status],
            )
            .fails(1, &["--stale", "--status"]);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: "), "{err}");
    }
    let zh = l
        .run_on(
            "2026-12-03",
            &["--lang", "zh", "list", "--stale", "--status", "done"],
        )
        .fails(1, &["--stale"]);
    assert!(zh.starts_with("错误："), "{zh}");
    assert_eq!(l.dump(), before);
    // Open statuses still go with it.
    for status in ["blocked", "in-progress", "not-started"] {
        l.run_on(
            "2026-12-03",
            &[
                "list", "--stale", "14d", "--status", status, "--format", "json",
            ],
        )
        .ok();
    }
}
