//! "欠进度N项，其中黄灯a项、红灯b项" (issue 17, finding 2): the lights counted are parts of
//! 欠进度, so a ≤ N and b ≤ N (and a + b ≤ N) in every row of every format, over random ledgers;
//! a blocked task ahead of or on pace is red but counted among the blocked (受阻N项), not
//! among 欠进度's lights.

use proptest::prelude::*;

use crate::support::Ledger;
use crate::tongbao::body;

/// What is done to one of the seeded plan's tasks on 2026-11-10.
#[derive(Debug, Clone)]
enum Act {
    Nothing,
    Progress(u8),
    Blocked(u8),
    Deadline(&'static str, u8),
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![
        Just(Act::Nothing),
        (1u8..100).prop_map(Act::Progress),
        (0u8..100).prop_map(Act::Blocked),
        (
            prop_oneof![Just("2026-11-12"), Just("2026-11-25"), Just("2027-03-01")],
            0u8..100
        )
            .prop_map(|(d, p)| Act::Deadline(d, p)),
    ]
}

const IDS: [&str; 16] = [
    "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2",
    "3.3", "3.4", "3.5",
];

fn ledger(acts: &[Act]) -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    for (id, a) in IDS.iter().zip(acts) {
        let mut args: Vec<String> = vec!["update".into(), id.to_string()];
        match a {
            Act::Nothing => continue,
            Act::Progress(p) => args.extend(["--progress".into(), p.to_string()]),
            Act::Blocked(p) => {
                args.extend(["--status".into(), "blocked".into()]);
                if *p > 0 {
                    args.extend(["--progress".into(), p.to_string()]);
                }
            }
            Act::Deadline(d, p) => {
                args.extend(["--deadline".into(), d.to_string()]);
                if *p > 0 {
                    args.extend(["--progress".into(), p.to_string()]);
                }
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        l.run_on("2026-11-10", &args).ok();
    }
    l
}

/// (behind, amber, red) of each json summary row and the total.
fn json_parts(v: &serde_json::Value) -> Vec<(i64, i64, i64)> {
    let n = |r: &serde_json::Value, k: &str| r[k].as_i64().unwrap();
    (v["summary"].as_array().unwrap().iter())
        .chain([&v["total"]])
        .map(|r| (n(r, "behind"), n(r, "pace_amber"), n(r, "pace_red")))
        .collect()
}

/// (behind, amber, red) of every 欠进度 sentence of the 通报.
fn docx_parts(l: &Ledger) -> Vec<(i64, i64, i64)> {
    let out = l.dir.path().join("通报.docx");
    let o = out.to_str().unwrap();
    l.run_on(
        "2026-11-20",
        &["report", "--week", "2026-W47", "--draft", "--out", o],
    )
    .ok();
    let num = |s: &str, after: &str| -> i64 {
        let rest = s.split(after).nth(1).unwrap();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().unwrap()
    };
    (body(&out).paras.iter())
        .filter(|(_, t)| t.contains("其中黄灯"))
        .map(|(_, t)| (num(t, "欠进度"), num(t, "黄灯"), num(t, "红灯")))
        .collect()
}

/// (behind, amber, red) of each row of the markdown's 序时进度与反馈 table (columns 超进度,
/// 达进度, 欠进度, 黄灯, 红灯, 逾期完成, 未按时反馈 end each row).
fn markdown_parts(l: &Ledger) -> Vec<(i64, i64, i64)> {
    let md = l
        .run_on(
            "2026-11-20",
            &[
                "--lang", "zh", "report", "--week", "2026-W47", "--format", "markdown",
            ],
        )
        .ok()
        .stdout;
    let part = md.split("## 序时进度与反馈").nth(1).unwrap();
    let part = part.split("\n## ").next().unwrap();
    (part.lines())
        .filter(|r| r.starts_with('|') && !r.contains("---"))
        .skip(1)
        .map(|r| {
            let cells: Vec<i64> = (r.split('|').map(str::trim))
                .filter_map(|c| c.parse().ok())
                .collect();
            let k = cells.len() - 7;
            (cells[k + 2], cells[k + 3], cells[k + 4])
        })
        .collect()
}

fn check(parts: &[(i64, i64, i64)], what: &str) {
    assert!(!parts.is_empty(), "{what}: no rows");
    for &(behind, amber, red) in parts {
        assert!(
            amber + red <= behind,
            "{what}: 欠进度{behind}，其中黄灯{amber}、红灯{red}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn the_lights_of_the_tasks_behind_never_exceed_them_in_any_format(
        acts in proptest::collection::vec(act(), 16)
    ) {
        let l = ledger(&acts);
        let v = l
            .run_on("2026-11-20", &["report", "--week", "2026-W47", "--format", "json"])
            .ok()
            .json();
        let json = json_parts(&v);
        check(&json, "json");
        let docx = docx_parts(&l);
        check(&docx, "docx");
        // The 通报's total sentence is the json's total.
        prop_assert_eq!(docx[0], *json.last().unwrap());
        let md = markdown_parts(&l);
        check(&md, "markdown");
        prop_assert_eq!(md.last(), json.last());
    }
}

#[test]
fn a_blocked_task_ahead_of_pace_is_red_but_counted_as_blocked_not_behind() {
    let mut acts = vec![Act::Nothing; 16];
    acts[0] = Act::Blocked(90); // 1.1: far ahead of pace, blocked
    acts[1] = Act::Progress(95); // 1.2: ahead
    let l = ledger(&acts);
    let v = l
        .run_on(
            "2026-11-20",
            &["report", "--week", "2026-W47", "--format", "json"],
        )
        .ok()
        .json();
    let row = (v["rows"].as_array().unwrap().iter())
        .find(|r| r["id"] == "1.1")
        .unwrap();
    assert_eq!(row["pace"]["light"], "red", "{row}");
    assert_eq!(row["pace"]["standing"], "ahead", "{row}");
    let rec1 = &v["summary"][0];
    assert_eq!(rec1["blocked"], 1, "{rec1}");
    check(&json_parts(&v), "json");
    // The 通报 says 受阻1项 in rec 1's sentence, and its lights stay within 欠进度.
    check(&docx_parts(&l), "docx");
}
