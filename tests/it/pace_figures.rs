//! The pace figure beside its light (issue 17, finding 9): the light is judged on the figure
//! as printed (one decimal), and `show` says 滞后 / 超前 rather than a signed 差. Every table
//! writes the figure as the files do (the last tester's finding 2): one decimal, signed, a
//! space after the light (`green +15.1`, `红 -93.1`), the terminal's folded column too, never
//! whole points rounded away from zero (`+16` for 15.1).

use crate::support::{Ledger, run};

/// An empty ledger made on 2026-01-05 with, as 1.1…: a task whose gap on 2026-07-23 is
/// -30.005 points (199 of 201 days gone, 69% done), one far behind, one ahead.
fn ledger() -> Ledger {
    let l = Ledger::new("2026-01-05");
    l.run(&["init", "--empty"]).ok();
    for (k, deadline) in ["2026-07-25", "2026-07-25", "2028-01-05"]
        .iter()
        .enumerate()
    {
        let title = format!("序时数字{}", k + 1);
        let mut args = vec!["add", "--rec", "1", "--title", &title, "--lead", "组织科"];
        args.extend(["--deadline", deadline]);
        if k == 0 {
            args.extend(["--headline", "序时"]);
        }
        l.run(&args).ok();
    }
    l.run_on("2026-07-20", &["update", "1.1", "--progress", "69"])
        .ok();
    l.run_on("2026-07-20", &["update", "1.3", "--progress", "50"])
        .ok();
    l
}

/// The light the legend gives a gap as printed: red beyond 30 points behind, amber beyond 10.
fn legend(gap: f64) -> &'static str {
    if gap < -30.0 {
        "red"
    } else if gap < -10.0 {
        "amber"
    } else {
        "green"
    }
}

fn zh(light: &str) -> &'static str {
    match light {
        "red" => "红",
        "amber" | "yellow" => "黄",
        _ => "绿",
    }
}

#[test]
fn the_pace_light_agrees_with_its_printed_figure_and_show_says_behind_or_ahead() {
    let l = ledger();
    for today in [
        "2026-02-02",
        "2026-03-17",
        "2026-05-06",
        "2026-07-23",
        "2026-07-24",
    ] {
        let json: serde_json::Value = serde_json::from_str(
            &l.run_on(today, &["report", "--week", "this", "--format", "json"])
                .ok()
                .stdout,
        )
        .unwrap();
        // (lang, COLUMNS): wide, folded under the health light, and under the deadline.
        let tables: Vec<(&str, &str, String)> = [
            ("zh", "130"),
            ("zh", "100"),
            ("zh", "60"),
            ("en", "130"),
            ("en", "80"),
            ("en", "60"),
        ]
        .into_iter()
        .map(|(lang, columns)| {
            let mut c = l.cmd();
            c.env("COLUMNS", columns)
                .args(["--lang", lang, "report", "--week", "this", "--today", today]);
            (lang, columns, run(&mut c).ok().stdout)
        })
        .collect();
        let markdown = l
            .run_on(today, &["report", "--week", "this", "--format", "markdown"])
            .ok()
            .stdout;
        for row in json["rows"].as_array().unwrap() {
            let (Some(gap), Some(light)) =
                (row["pace"]["gap"].as_f64(), row["pace"]["light"].as_str())
            else {
                continue;
            };
            let id = row["id"].as_str().unwrap();
            assert_eq!(light, legend(gap), "{id} on {today}: {gap}");
            // One decimal and signed, as the json's figure: the same in every table.
            let figure = if gap == 0.0 {
                "0.0".to_string()
            } else {
                format!("{gap:+.1}")
            };
            for (lang, columns, table) in &tables {
                let word = if *lang == "zh" { zh(light) } else { light };
                let shown = format!("{word} {figure}");
                assert!(
                    table.contains(&shown),
                    "{id} on {today}, {lang} at {columns} columns: no {shown} in\n{table}"
                );
                assert!(
                    !table.contains(&format!("{word}{}", &figure[..1])),
                    "{table}"
                );
            }
            assert!(
                markdown.contains(&format!("{light} {figure}")),
                "{id} on {today}: {markdown}"
            );
        }
    }
    // The boundary itself: -30.005 prints -30.0, so amber, not red; 黄-30 in the terminal.
    let json: serde_json::Value = serde_json::from_str(
        &l.run_on(
            "2026-07-23",
            &["report", "--week", "this", "--format", "json"],
        )
        .ok()
        .stdout,
    )
    .unwrap();
    let first = &json["rows"][0]["pace"];
    assert_eq!(
        (first["gap"].as_f64(), first["light"].as_str()),
        (Some(-30.0), Some("amber"))
    );

    let show = |id: &str| {
        l.run_on("2026-07-23", &["--lang", "zh", "show", id])
            .ok()
            .stdout
    };
    let behind = show("1.2");
    assert!(
        behind.contains("红（应完成 99.0%，滞后 99.0 个百分点）"),
        "{behind}"
    );
    let ahead = show("1.3");
    assert!(ahead.contains("超前 22.7 个百分点"), "{ahead}");
    for out in [behind, ahead, show("1.1")] {
        assert!(!out.contains("差 "), "{out}");
    }
    // In English the figure is signed as in the tables.
    let en = l.run_on("2026-07-23", &["show", "1.3"]).ok().stdout;
    assert!(en.contains("green (expected 27.3%, +22.7 points)"), "{en}");
}
