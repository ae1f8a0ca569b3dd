//! 未按时反馈单位 names every silent unit (issue 17, tester 17g, finding 3): in every format the
//! report has, section 五 of the 通报 and 七 of the others first name each unit owing reports with
//! its count of unreported tasks, whatever cut then applies to the list of tasks; the task list
//! is cut one way everywhere (units in their order, the first N tasks walking them), and a unit
//! named in part says `…等M项`, never `；等M项`.

use crate::books::{Book, text};
use crate::support::Ledger;
use crate::tongbao::body;

const TODAY: &str = "2026-12-06";

/// The seeded plan (seven lead units) and eight county bureaus with one to four tasks each,
/// nobody reporting since September: fifteen silent units.
fn silent_ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    let bureaus = [
        ("县交通运输局", 4),
        ("县人社局", 3),
        ("县住建局", 2),
        ("县农业农村局", 1),
        ("县卫健局", 2),
        ("县发改局", 1),
        ("县财政局", 3),
        ("县教育局", 1),
    ];
    for (unit, n) in bureaus {
        for k in 0..n {
            let title = format!("{unit}落实事项{}", k + 1);
            l.run_on(
                "2026-09-01",
                &[
                    "add",
                    "--rec",
                    "3",
                    "--title",
                    &title,
                    "--lead",
                    unit,
                    "--new-unit",
                    "--deadline",
                    "2027-06-30",
                ],
            )
            .ok();
        }
    }
    l
}

fn config(l: &Ledger, text: &str) {
    let dir = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

fn json(l: &Ledger) -> serde_json::Value {
    l.run_on(TODAY, &["report", "--week", "2026-W49", "--format", "json"])
        .ok()
        .json()
}

/// (unit, tasks) of the json's `unreported_units`.
fn units(v: &serde_json::Value) -> Vec<(String, u64)> {
    (v["unreported_units"].as_array().unwrap().iter())
        .map(|u| {
            (
                u["unit"].as_str().unwrap().to_string(),
                u["tasks"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// `A10项、B8项…` in zh, `A 10, B 8…` in en.
fn naming(units: &[(String, u64)], zh: bool) -> String {
    let each: Vec<String> = units
        .iter()
        .map(|(u, n)| {
            if zh {
                format!("{u}{n}项")
            } else {
                format!("{u} {n}")
            }
        })
        .collect();
    each.join(if zh { "、" } else { ", " })
}

#[test]
fn the_json_lists_every_silent_unit_with_its_count_agreeing_with_the_tasks() {
    let l = silent_ledger();
    let v = json(&l);
    let units = units(&v);
    assert_eq!(units.len(), 15, "{units:?}");
    let listed = v["unreported"].as_array().unwrap();
    for (u, n) in &units {
        let of_unit = listed.iter().filter(|d| d["lead"] == u.as_str()).count();
        assert_eq!(of_unit as u64, *n, "{u}");
    }
    let sum: u64 = units.iter().map(|u| u.1).sum();
    assert_eq!(sum as usize, listed.len());
    assert_eq!(v["total"]["unreported"].as_u64().unwrap(), sum);
}

/// The 通报's naming of the silent units: at most `cap` of them, the rest counted with
/// `等N个单位` (N all of them; 17j #7).
fn capped_naming(units: &[(String, u64)], cap: usize) -> String {
    let named = cap.min(units.len());
    let mut s = naming(&units[..named], true);
    if named < units.len() {
        s.push_str(&format!("等{}个单位", units.len()));
    }
    s
}

#[test]
fn the_tongbao_names_at_most_the_cap_of_silent_units_before_its_cut_list_of_tasks() {
    let l = silent_ledger();
    let v = json(&l);
    let units = units(&v);
    let total: u64 = units.iter().map(|u| u.1).sum();
    for cap in [1usize, 2, 3, 5, 6, 12, 50] {
        config(&l, &format!("tongbao_items = {cap}\n"));
        let out = l.dir.path().join(format!("通报{cap}.docx"));
        l.run_on(
            TODAY,
            &[
                "report",
                "--week",
                "2026-W49",
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
            .position(|(_, t)| t == "五、未按时反馈单位")
            .unwrap();
        let five: Vec<&str> = b.paras[k + 1..]
            .iter()
            .map(|(_, t)| t.as_str())
            .take_while(|t| !t.starts_with("附件："))
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            five[0],
            format!(
                "15个单位{total}项事项未按时反馈：{}。",
                capped_naming(&units, cap)
            ),
            "cap {cap}"
        );
        // Then the tasks, unit by unit in the same order, at most `cap` of them named.
        let mut named = 0;
        let mut covered = 0u64;
        let mut order = units.iter();
        let mut rest = None;
        for p in &five[1..] {
            assert!(!p.contains("；等"), "cap {cap}: {p}");
            if let Some((unit, tasks)) = p.split_once('：') {
                let (want, n) = order.next().unwrap();
                assert_eq!(unit, want, "cap {cap}: {five:?}");
                let shown = tasks.matches("天未反馈）").count();
                named += shown;
                covered += *n;
                if shown < *n as usize {
                    assert!(tasks.contains(&format!("天未反馈）等{n}项。")), "{p}");
                }
            } else {
                rest = Some(*p);
            }
        }
        assert!(named <= cap, "cap {cap}: {five:?}");
        match rest {
            None => assert_eq!(covered, total, "cap {cap}: {five:?}"),
            Some(r) => {
                let shown_units = five.len() - 2;
                let want = format!(
                    "其余{}个单位的{}项不再逐项列出，详见附件。",
                    units.len() - shown_units,
                    total - covered
                );
                assert_eq!(r, want, "cap {cap}: {five:?}");
            }
        }
    }
}

#[test]
fn every_format_names_every_silent_unit_before_the_limited_list() {
    let l = silent_ledger();
    let units = units(&json(&l));
    let total: u64 = units.iter().map(|u| u.1).sum();
    let zh = format!(
        "15个单位{total}项事项未按时反馈：{}。",
        naming(&units, true)
    );
    let en = format!(
        "{total} tasks of 15 units not reported on in time: {}.",
        naming(&units, false)
    );
    for limit in ["1", "3", "7", "0"] {
        for (lang, line) in [("zh", &zh), ("en", &en)] {
            for format in ["markdown", "html", "table"] {
                let out = l
                    .run_on(
                        TODAY,
                        &[
                            "--lang", lang, "report", "--week", "2026-W49", "--limit", limit,
                            "--format", format,
                        ],
                    )
                    .ok()
                    .stdout;
                let seven = out
                    .split(if lang == "zh" {
                        "七、"
                    } else {
                        "7. Unreported"
                    })
                    .nth(1)
                    .unwrap();
                // The terminal wraps the sentence: compared without its spaces and breaks.
                let bare = |s: &str| s.split_whitespace().collect::<String>();
                let flat = bare(&seven.lines().take(8).collect::<Vec<_>>().concat());
                assert!(
                    flat.contains(&bare(line)),
                    "{lang} {format} --limit {limit}: {seven}"
                );
            }
        }
        // The markdown's task rows: the first `limit` tasks walking the units in order.
        let md = l
            .run_on(
                TODAY,
                &[
                    "--lang", "zh", "report", "--week", "2026-W49", "--limit", limit, "--format",
                    "markdown",
                ],
            )
            .ok()
            .stdout;
        let seven = md.split("## 七、").nth(1).unwrap();
        let seven = seven.split("## 八").next().unwrap();
        let rows: Vec<Vec<&str>> = (seven.lines())
            .filter(|r| {
                r.starts_with("| ") && !r.starts_with("| 牵头单位") && !r.starts_with("| ---")
            })
            .map(|r| r.split('|').map(str::trim).collect())
            .collect();
        let want = match limit.parse::<u64>().unwrap() {
            0 => total,
            n => n,
        };
        assert_eq!(rows.len() as u64, want, "--limit {limit}: {seven}");
        // Each unit's first row names it, in the order of the json's units.
        let leads: Vec<&str> = rows
            .iter()
            .map(|r| r[1])
            .filter(|u| !u.is_empty())
            .collect();
        let first: Vec<&str> = units
            .iter()
            .take(leads.len())
            .map(|u| u.0.as_str())
            .collect();
        assert_eq!(leads, first, "--limit {limit}: {seven}");
    }
}

#[test]
fn the_workbook_names_every_silent_unit_above_the_tasks() {
    let l = silent_ledger();
    let units = units(&json(&l));
    let total: u64 = units.iter().map(|u| u.1).sum();
    let path = l.dir.path().join("周报.xlsx");
    l.run_on(
        TODAY,
        &[
            "--lang",
            "zh",
            "report",
            "--week",
            "2026-W49",
            "--out",
            path.to_str().unwrap(),
        ],
    )
    .ok();
    let book = Book::open(&path);
    let sheet = book.sheet("未按时反馈");
    let lines: Vec<String> = (0..6).map(|r| text(sheet, r, 0)).collect();
    let want = format!(
        "15个单位{total}项事项未按时反馈：{}。",
        naming(&units, true)
    );
    assert!(lines.contains(&want), "{lines:?}");
}

/// A past week's silent units when leads changed after it (a rename, a task handed over): a
/// `--limit` that leaves tasks out names their units from the leads as they stood at the
/// week's end (`Store::leads_at`), exactly as the unlimited json does from the tasks' words,
/// and the 通报's opening names the leads of every overdue task likewise.
#[test]
fn a_limited_past_week_names_its_silent_units_as_they_stood_then() {
    let l = silent_ledger();
    let before = units(&json(&l));
    // After W49: one unit renamed, one task handed to another unit, one lead merged away.
    let later = "2026-12-09";
    l.run_on(later, &["units", "rename", "县教育局", "县教体局"])
        .ok();
    let tasks = l
        .run_on(later, &["list", "--owner", "县人社局", "--format", "json"])
        .ok()
        .json();
    let id = tasks.as_array().unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    l.run_on(later, &["update", &id, "--lead", "县财政局"]).ok();
    l.run_on(later, &["units", "rename", "县发改局", "县住建局"])
        .ok();
    let day = "2026-12-10";
    let past = |extra: &[&str]| {
        let mut args = vec!["report", "--week", "2026-W49"];
        args.extend_from_slice(extra);
        l.run_on(day, &args).ok().stdout
    };
    let v: serde_json::Value = serde_json::from_str(&past(&["--format", "json"])).unwrap();
    let then = units(&v);
    assert_eq!(then, before, "the week's units as they stood at its end");
    let total: u64 = then.iter().map(|u| u.1).sum();
    let en = format!(
        "{total} tasks of 15 units not reported on in time: {}.",
        naming(&then, false)
    );
    let bare = |s: &str| s.split_whitespace().collect::<String>();
    for limit in ["1", "4", "9", "0"] {
        for format in ["markdown", "table"] {
            let out = past(&["--limit", limit, "--format", format]);
            let seven = out.split("7. Unreported").nth(1).unwrap();
            let flat = bare(&seven.lines().take(8).collect::<Vec<_>>().concat());
            assert!(
                flat.contains(&bare(&en)),
                "{format} --limit {limit}: {seven}"
            );
            assert!(
                !seven.contains("县教体局"),
                "{format} --limit {limit}: {seven}"
            );
        }
    }
}
