//! `report --out` with an extension naming no format is refused, not written as a table; and
//! `list --format json` carries the pace (序时) and the last report (末次反馈) the table and
//! `show` know.

use crate::support::Ledger;

#[test]
fn an_out_file_whose_extension_names_no_format_is_refused_unless_format_is_given() {
    let l = Ledger::seeded("2026-09-01");
    let before = l.dump();
    for name in ["x.tmp", "周报.out", "r.TMP", "x.pdf", "x.doc"] {
        let out = l.dir.path().join(name);
        let err = l
            .run(&["report", "--out", out.to_str().unwrap()])
            .fails(1, &[".md .csv .json .html .xlsx .docx", "--format"]);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: report --out "), "{err}");
        assert!(!out.exists(), "{name} not written");
        let zh = l
            .run(&["--lang", "zh", "report", "--out", out.to_str().unwrap()])
            .fails(1, &["错误：", "--format"]);
        assert!(!zh.contains("tracker does not"), "{zh}");
    }
    assert_eq!(l.dump(), before, "nothing written to the ledger");
    // With --format the name is the user's; .txt and no extension hold the table.
    for (args, name) in [
        (&["--format", "markdown"][..], "x.tmp"),
        (&[][..], "x.txt"),
        (&[][..], "周报"),
    ] {
        let out = l.dir.path().join(name);
        let mut all = vec!["report"];
        all.extend_from_slice(args);
        all.extend(["--out", out.to_str().unwrap()]);
        l.run(&all).ok();
        assert!(std::fs::metadata(&out).unwrap().len() > 0, "{name}");
    }
}

#[test]
fn list_json_has_the_pace_and_last_report_of_each_task() {
    let l = Ledger::seeded("2026-09-01");
    l.run_on("2026-10-10", &["update", "1.1", "--progress", "30"])
        .ok();
    l.run_on("2026-10-12", &["note", "1.2", "会议方案已报审"])
        .ok();
    l.run_on("2026-10-20", &["update", "1.4", "--status", "done"])
        .ok();
    l.run_on("2026-10-21", &["update", "1.3", "--status", "blocked"])
        .ok();
    let today = "2026-11-30";
    let list = l
        .run_on(today, &["list", "--all", "--format", "json"])
        .ok()
        .json();
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 16);
    let item = |id: &str| items.iter().find(|t| t["id"] == id).unwrap().clone();
    // (id, last report, light): a task never reported on has none (its creation is not a
    // report), as `show` says 从未反馈.
    let cases = [
        ("1.1", Some("2026-10-10"), Some("amber")),
        ("1.2", Some("2026-10-12"), Some("red")),
        ("1.3", Some("2026-10-21"), Some("red")),
        ("1.4", Some("2026-10-20"), None),
        ("2.1", None, Some("amber")),
    ];
    for (id, last, light) in cases {
        let t = item(id);
        assert_eq!(t["last_report"].as_str(), last, "{id}: {t}");
        assert_eq!(t["pace"]["light"].as_str(), light, "{id}: {t}");
    }
    // The same as `show` gives, task by task.
    for t in items {
        let id = t["id"].as_str().unwrap();
        let show = l
            .run_on(today, &["show", id, "--format", "json"])
            .ok()
            .json();
        assert_eq!(t["pace"], show["pace"], "{id}");
        assert_eq!(t["last_report"], show["last_report"], "{id}");
    }
}
