//! 本期到期 lists what became of the period's deadlines; a done task is due where its deadline
//! was when it was done (the one 逾期完成 is judged against), whatever it was moved to since
//! (issue 17i, finding 6: a later week read 完成时限2026年12月31日，逾期完成（12月1日办结）).
//! And the 通报's 四 names the year of a window's date in another year, as its title does.

use crate::support::Ledger;
use crate::tongbao::body;

/// (id, deadline) of the week's `due_in_period`.
fn due_ids(l: &Ledger, today: &str, week: &str) -> Vec<(String, String)> {
    let v = l
        .run_on(today, &["report", "--week", week, "--format", "json"])
        .ok()
        .json();
    (v["due_in_period"].as_array().unwrap().iter())
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap().to_string();
            (s("id"), s("deadline"))
        })
        .collect()
}

#[test]
fn a_done_task_is_due_where_its_deadline_was_when_it_was_done() {
    let l = Ledger::seeded("2026-11-02");
    for (day, args) in [
        // 1.4: done late on 12-01 (deadline 11-30), its deadline then moved into W53.
        (
            "2026-11-02",
            &["update", "1.4", "--deadline", "2026-11-30"][..],
        ),
        ("2026-12-01", &["update", "1.4", "--status", "done"]),
        ("2026-12-09", &["update", "1.4", "--deadline", "2026-12-31"]),
        // 1.5: done early on 12-01, due in W53.
        ("2026-11-02", &["update", "1.5", "--deadline", "2026-12-30"]),
        ("2026-12-01", &["update", "1.5", "--status", "done"]),
        // 2.1: done within W53, on its deadline.
        ("2026-11-02", &["update", "2.1", "--deadline", "2026-12-29"]),
        ("2026-12-29", &["update", "2.1", "--status", "done"]),
        // 2.2: done late within W53 (deadline 12-28).
        ("2026-11-02", &["update", "2.2", "--deadline", "2026-12-28"]),
        ("2026-12-30", &["update", "2.2", "--status", "done"]),
        // 2.3: open, due in W53.
        ("2026-11-02", &["update", "2.3", "--deadline", "2027-01-02"]),
    ] {
        l.run_on(day, args).ok();
    }
    // (week, the tasks due in it with the deadline each is listed with)
    let cases: [(&str, &[(&str, &str)]); 3] = [
        (
            "2026-W53",
            &[
                ("2.2", "2026-12-28"),
                ("2.1", "2026-12-29"),
                ("1.5", "2026-12-30"),
                ("2.3", "2027-01-02"),
            ],
        ),
        // 1.4 was due on 11-30 when it was done, late, on 12-01: in W49, with that deadline.
        ("2026-W49", &[("1.4", "2026-11-30")]),
        ("2026-W52", &[]),
    ];
    for (week, want) in cases {
        let want: Vec<(String, String)> = (want.iter())
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(due_ids(&l, "2027-01-05", week), want, "{week}");
    }
    // The 通报 does not list 1.4 in W53, and its window carries the second year.
    let out = l.dir.path().join("w53.docx");
    l.run_on(
        "2027-01-05",
        &[
            "report",
            "--week",
            "2026-W53",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let b = body(&out);
    let four: Vec<&str> = (b.paras.iter())
        .map(|(_, t)| t.as_str())
        .skip_while(|t| !t.starts_with("四、"))
        .take_while(|t| !t.starts_with("五、"))
        .collect();
    assert!(
        four.contains(&"（一）本周到期事项（12月28日—2027年1月3日）"),
        "{four:?}"
    );
    assert!(
        four.contains(&"（二）下周到期事项（1月4日—1月10日）"),
        "{four:?}"
    );
    assert!(four.iter().all(|t| !t.starts_with("1.4")), "{four:?}");
}

#[test]
fn the_windows_of_section_four_name_a_second_year() {
    // (week, the date the task is due, the heading that must be in 四)
    let cases = [
        (
            "2026-W53",
            "2026-12-30",
            "（一）本周到期事项（12月28日—2027年1月3日）",
        ),
        (
            "2026-W01",
            "2025-12-30",
            "（一）本周到期事项（2025年12月29日—1月4日）",
        ),
        (
            "2026-W52",
            "2026-12-22",
            "（二）下周到期事项（12月28日—2027年1月3日）",
        ),
        (
            "2026-W48",
            "2026-11-25",
            "（二）下周到期事项（11月30日—12月6日）",
        ),
    ];
    for (week, deadline, heading) in cases {
        let l = Ledger::seeded("2025-12-01");
        l.run_on("2025-12-01", &["update", "1.1", "--deadline", deadline])
            .ok();
        let out = l.dir.path().join("t.docx");
        l.run_on(
            "2027-01-20",
            &[
                "report",
                "--week",
                week,
                "--draft",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        let b = body(&out);
        assert!(
            b.paras.iter().any(|(_, t)| t == heading),
            "{week}: {heading} not in {:?}",
            b.paras
        );
    }
}
