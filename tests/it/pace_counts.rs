//! The pace counts are the lights the rows show (issue 17, tester 17g, finding 4): a blocked
//! task shows red, so it is counted in 红灯 and in 欠进度 (never in 达进度 or 超进度, whatever its
//! gap), and the 通报's sentence says how many of the red ones are blocked, once.

use crate::support::Ledger;
use crate::tongbao::body;

const TODAY: &str = "2026-12-06";

/// The seeded plan with tasks blocked far ahead of, on, and behind pace, one without a
/// deadline, and some progress elsewhere.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    for (id, progress) in [("1.1", "90"), ("1.3", "40"), ("2.1", "5"), ("3.2", "60")] {
        l.run_on(
            "2026-11-20",
            &["update", id, "--progress", progress, "--note", "推进中"],
        )
        .ok();
    }
    for id in ["1.1", "1.3", "2.1"] {
        l.run_on("2026-11-25", &["update", id, "--status", "blocked"])
            .ok();
    }
    l.run_on(
        "2026-11-25",
        &["update", "2.2", "--status", "blocked", "--deadline", "none"],
    )
    .ok();
    l.run_on("2026-11-26", &["update", "1.2", "--progress", "95"])
        .ok();
    l
}

fn json(l: &Ledger, lang: &str) -> serde_json::Value {
    l.run_on(
        TODAY,
        &[
            "--lang", lang, "report", "--week", "2026-W49", "--format", "json",
        ],
    )
    .ok()
    .json()
}

#[test]
fn the_red_lights_of_the_rows_are_the_total_s_red_count_blocked_ones_included() {
    let l = ledger();
    for lang in ["zh", "en"] {
        let v = json(&l, lang);
        let rows = v["rows"].as_array().unwrap();
        let light = |r: &serde_json::Value| r["pace"]["light"].as_str().map(str::to_string);
        let red = rows
            .iter()
            .filter(|r| light(r).as_deref() == Some("red"))
            .count();
        let amber = rows
            .iter()
            .filter(|r| light(r).as_deref() == Some("amber"))
            .count();
        let blocked = rows
            .iter()
            .filter(|r| r["status"] == "blocked" && light(r).as_deref() == Some("red"))
            .count();
        let with_light = rows.iter().filter(|r| light(r).is_some()).count();
        let t = &v["total"];
        assert_eq!(blocked, 4, "{rows:?}");
        assert_eq!(t["pace_red"].as_u64().unwrap() as usize, red, "{t}");
        assert_eq!(t["pace_amber"].as_u64().unwrap() as usize, amber, "{t}");
        assert_eq!(t["pace_blocked"].as_u64().unwrap() as usize, blocked, "{t}");
        // Every light is counted once in 超/达/欠, and a blocked one in 欠进度 only.
        let (ahead, on, behind) = (
            t["ahead"].as_u64().unwrap() as usize,
            t["on_pace"].as_u64().unwrap() as usize,
            t["behind"].as_u64().unwrap() as usize,
        );
        assert_eq!(ahead + on + behind, with_light, "{t}");
        let open_by = |standing: &str| {
            rows.iter()
                .filter(|r| r["status"] != "blocked" && r["pace"]["standing"] == standing)
                .count()
        };
        assert_eq!(ahead, open_by("ahead"), "{t}");
        assert_eq!(on, open_by("on"), "{t}");
        assert_eq!(behind, open_by("behind") + blocked, "{t}");
        assert!(amber + red <= behind, "{t}");
        // Each recommendation's counts add up to the total.
        let sum = |k: &str| -> u64 {
            (v["summary"].as_array().unwrap().iter())
                .map(|s| s[k].as_u64().unwrap())
                .sum()
        };
        for k in ["ahead", "on_pace", "behind", "pace_red", "pace_blocked"] {
            assert_eq!(sum(k), t[k].as_u64().unwrap(), "{k}");
        }
    }
}

#[test]
fn the_tongbao_and_the_tables_give_the_same_red_count_as_the_lights() {
    let l = ledger();
    let t = json(&l, "zh")["total"].clone();
    let (red, blocked, behind) = (
        t["pace_red"].as_u64().unwrap(),
        t["pace_blocked"].as_u64().unwrap(),
        t["behind"].as_u64().unwrap(),
    );
    let out = l.dir.path().join("通报.docx");
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
    let sentence = (b.paras.iter())
        .map(|(_, t)| t.as_str())
        .find(|t| t.starts_with("按序时进度"))
        .unwrap();
    assert!(
        sentence.contains(&format!("欠进度{behind}项，其中黄灯"))
            && sentence.contains(&format!("红灯{red}项（含受阻{blocked}项）；")),
        "{sentence}"
    );
    assert_eq!(sentence.matches("受阻").count(), 1, "{sentence}");
    // The attachment's 序时 column: as many 红 as the sentence says.
    let reds: usize = (b.tables.iter())
        .flat_map(|(_, rows)| rows.iter())
        .flat_map(|r| r.iter())
        .filter(|c| c.starts_with("红 "))
        .count();
    assert_eq!(reds as u64, red);
    // The markdown's pace table: the total row's 欠进度 and 红灯.
    let md = l
        .run_on(
            TODAY,
            &[
                "--lang", "zh", "report", "--week", "2026-W49", "--format", "markdown",
            ],
        )
        .ok()
        .stdout;
    let total = (md.lines())
        .filter(|r| r.starts_with("| 合计"))
        .nth(1)
        .unwrap_or_else(|| panic!("{md}"));
    let cells: Vec<&str> = total.split('|').map(str::trim).collect();
    assert_eq!(cells[4], behind.to_string(), "{total}");
    assert_eq!(cells[6], red.to_string(), "{total}");
    assert!(md.contains("受阻事项计入欠进度和红灯"), "{md}");
}
