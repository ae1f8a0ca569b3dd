//! What a cut keeps is the most urgent first (issue 17i, findings 3 and 4): `report --limit N`
//! keeps the overdue tasks first, then the blocked or red-pace ones, then those with news, then
//! those due soon, in every format that cuts and in the 通报's 附件; the 通报's 二 names its
//! tasks with news by the same order; and 四(二) never says only 另有N项 naming nothing.

use crate::support::Ledger;
use crate::tongbao::{Body, body};

fn config(l: &Ledger, text: &str) {
    let dir = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

fn docx(l: &Ledger, today: &str, extra: &[&str]) -> Body {
    let out = l.dir.path().join("通报.docx");
    let _ = std::fs::remove_file(&out);
    let mut args = vec!["report", "--format", "docx", "--draft"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--out", out.to_str().unwrap()]);
    l.run_on(today, &args).ok();
    body(&out)
}

/// The ids in the first column of the markdown's progress table (二、任务进展).
fn markdown_ids(out: &str) -> Vec<String> {
    out.lines()
        .skip_while(|l| !l.starts_with("## 二"))
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| 序号") && !l.starts_with("| ---"))
        .map(|l| l.split('|').nth(1).unwrap().trim().to_string())
        .collect()
}

/// 3.4 overdue (no news in W48), 2.3 blocked (no news), 1.1, 1.2 and 2.1 with news in W48,
/// 1.3 due soon and on pace; the rest quiet.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-11-02");
    for (day, args) in [
        (
            "2026-11-02",
            &["update", "3.4", "--deadline", "2026-11-20"][..],
        ),
        ("2026-11-02", &["update", "1.3", "--deadline", "2026-12-08"]),
        ("2026-11-10", &["update", "2.3", "--status", "blocked"]),
        // (On pace, so due soon only.)
        ("2026-11-20", &["update", "1.3", "--progress", "80"]),
        ("2026-11-24", &["note", "1.1", "已走访"]),
        ("2026-11-24", &["note", "1.2", "已开会"]),
        ("2026-11-25", &["update", "2.1", "--progress", "50"]),
    ] {
        l.run_on(day, args).ok();
    }
    l
}

#[test]
fn the_limit_keeps_the_most_urgent_rows_first() {
    let l = ledger();
    // (limit, the rows kept, in id order)
    let cases: [(&str, &[&str]); 6] = [
        ("1", &["3.4"]),
        ("2", &["2.3", "3.4"]),
        ("3", &["1.1", "2.3", "3.4"]),
        ("5", &["1.1", "1.2", "2.1", "2.3", "3.4"]),
        ("6", &["1.1", "1.2", "1.3", "2.1", "2.3", "3.4"]),
        ("7", &["1.1", "1.2", "1.3", "1.4", "2.1", "2.3", "3.4"]),
    ];
    for (limit, want) in cases {
        let out = l
            .run_on(
                "2026-12-02",
                &[
                    "--lang", "zh", "report", "--week", "2026-W48", "--format", "markdown",
                    "--limit", limit,
                ],
            )
            .ok()
            .stdout;
        assert_eq!(markdown_ids(&out), want, "--limit {limit}");
        // The 通报's 附件 cuts the same way.
        let b = docx(&l, "2026-12-02", &["--week", "2026-W48", "--limit", limit]);
        let attached: Vec<&str> = (b.tables[0].1[1..].iter()).map(|r| r[0].as_str()).collect();
        assert_eq!(attached, want, "通报 附件, --limit {limit}");
    }
}

#[test]
fn the_tongbao_names_the_most_urgent_news_first_whatever_the_limit() {
    let l = ledger();
    // News for the overdue and the blocked task too, in W48.
    l.run_on("2026-11-26", &["note", "3.4", "正在推进"]).ok();
    l.run_on("2026-11-26", &["note", "2.3", "待研究"]).ok();
    config(&l, "tongbao_items = 2\n");
    let two = |limit: &str| -> Vec<String> {
        let b = docx(&l, "2026-12-02", &["--week", "2026-W48", "--limit", limit]);
        (b.paras.iter())
            .map(|(_, t)| t.clone())
            .skip_while(|t| t != "二、本周进展")
            .skip(1)
            .take_while(|t| !t.starts_with("三、"))
            .collect()
    };
    for limit in ["0", "1", "3"] {
        let said = two(limit);
        assert_eq!(said.len(), 3, "--limit {limit}: {said:?}");
        assert!(said[0].starts_with("3.4 "), "overdue first: {said:?}");
        assert!(said[1].starts_with("2.3 "), "blocked next: {said:?}");
        assert!(said[2].starts_with("另有3项有新进展"), "{said:?}");
    }
}

#[test]
fn each_part_of_section_four_names_its_own_first_task() {
    let l = Ledger::seeded("2026-11-02");
    for (id, deadline) in [
        ("1.3", "2026-11-27"),
        ("1.4", "2026-12-01"),
        ("1.5", "2026-12-03"),
    ] {
        l.run_on("2026-11-02", &["update", id, "--deadline", deadline])
            .ok();
    }
    config(&l, "tongbao_items = 1\n");
    let b = docx(&l, "2026-12-02", &["--week", "2026-W48"]);
    let four: Vec<&str> = (b.paras.iter())
        .map(|(_, t)| t.as_str())
        .skip_while(|t| !t.starts_with("四、"))
        .skip(1)
        .take_while(|t| !t.starts_with("五、"))
        .collect();
    let next = four
        .iter()
        .position(|t| t.starts_with("（二）下周到期事项"))
        .unwrap_or_else(|| panic!("{four:?}"));
    assert!(four[next + 1].starts_with("1.4 "), "{four:?}");
    assert!(four[next + 2].starts_with("另有1项即将到期"), "{four:?}");
}
