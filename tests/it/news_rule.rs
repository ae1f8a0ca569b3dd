//! One rule for what is news in a period (issue 17, tester 17h finding 1): the progress
//! table's "news first" order, `left_out.news` under `--limit`, and the 通报's 二
//! (`另有N项有新进展`) all count only what 本周进展 says. A notice, a task's creation, a
//! rename, a withdrawn note and a change cancelled by its undo are no news of a task.

use crate::support::Ledger;
use crate::tongbao::{body, is_item, section};

const START: &str = "2026-11-02";
/// A day of week 49 (2026-11-30 — 12-06), after the plan's first weeks.
const DAY: &str = "2026-12-02";

/// A seeded ledger where, in week 49, three tasks have news (1.1 a note, 1.2 progress, 3.1 a
/// status), and every other kind of event that is no news happened too.
fn ledger() -> Ledger {
    let l = Ledger::seeded(START);
    let on = |args: &[&str]| l.run_on(DAY, args).ok();
    on(&["note", "1.1", "已召开专题会议"]);
    on(&["update", "1.2", "--progress", "30"]);
    on(&[
        "update",
        "3.1",
        "--status",
        "blocked",
        "--note",
        "等待编制批复",
    ]);
    // A notice to every unit: an event on every open task.
    let dir = l.dir.path().join("notices");
    on(&[
        "notice",
        "--all",
        "--reply-by",
        "2026-12-04",
        "--out",
        dir.to_str().unwrap(),
    ]);
    // A rename of a unit that leads tasks with no other news.
    on(&["units", "rename", "干部教育科", "干部培训科"]);
    // A note withdrawn by undo, and a change cancelled by its undo.
    on(&["note", "2.4", "误记的进展"]);
    on(&["undo"]);
    on(&["update", "2.2", "--progress", "50"]);
    on(&["undo"]);
    // A task created in the week.
    on(&[
        "add",
        "--rec",
        "1",
        "--title",
        "建立党建指导员制度",
        "--lead",
        "组织科",
        "--deadline",
        "2027-03-01",
    ]);
    l
}

fn report_json(l: &Ledger, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "--lang", "zh", "report", "--week", "2026-W49", "--format", "json",
    ];
    args.extend_from_slice(extra);
    l.run_on(DAY, &args).ok().json()
}

/// The ids of the rows whose 本周进展 says something other than a rename.
fn rows_with_news(json: &serde_json::Value) -> Vec<String> {
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["this_week"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| !e["rename"].as_bool().unwrap())
        })
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn only_what_the_week_says_counts_as_news_everywhere() {
    let l = ledger();
    let all = report_json(&l, &[]);
    let mut news = rows_with_news(&all);
    news.sort();
    assert_eq!(news, ["1.1", "1.2", "3.1"], "{:#}", all["rows"]);

    let named_news = |two: &[&str]| {
        two.iter()
            .filter(|t| is_item(t))
            .all(|t| news.iter().any(|id| t.starts_with(&format!("{id} "))))
    };
    // Whatever --limit cuts of the attachment, 二 names the three with news (the cap is
    // `tongbao_items`, issue 17i finding 4), never the fourteen tasks the notice listed.
    for limit in ["1", "2", "3"] {
        let out = l.dir.path().join(format!("通报-{limit}.docx"));
        l.run_on(
            DAY,
            &[
                "--lang",
                "zh",
                "report",
                "--week",
                "2026-W49",
                "--limit",
                limit,
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        let b = body(&out);
        let more: Vec<&str> = (b.paras.iter())
            .map(|(_, t)| t.as_str())
            .filter(|t| t.contains("有新进展"))
            .collect();
        assert!(more.is_empty(), "limit {limit}: {more:?}");
        let two = section(&b, "二、");
        let named = two.iter().filter(|t| is_item(t)).count();
        assert_eq!(named, 3, "{two:?}");
        assert!(named_news(&two), "{two:?}");
    }
}

#[test]
fn a_week_of_notices_alone_has_no_news() {
    let l = Ledger::seeded(START);
    let dir = l.dir.path().join("notices");
    l.run_on(
        DAY,
        &[
            "notice",
            "--all",
            "--reply-by",
            "2026-12-04",
            "--out",
            dir.to_str().unwrap(),
        ],
    )
    .ok();
    let json = report_json(&l, &[]);
    assert!(rows_with_news(&json).is_empty(), "{:#}", json["rows"]);
    let out = l.dir.path().join("通报.docx");
    l.run_on(
        DAY,
        &[
            "--lang",
            "zh",
            "report",
            "--week",
            "2026-W49",
            "--limit",
            "1",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let b = body(&out);
    assert!(
        !b.paras.iter().any(|(_, t)| t.contains("有新进展")),
        "{:?}",
        b.paras
    );
}
