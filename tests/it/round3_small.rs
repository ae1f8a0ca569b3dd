//! Small findings of issue 17's third round: an empty ledger's 通报 says it has no task, and
//! Chinese lines join a subject to what follows with `：`, never an ASCII colon.

use crate::support::Ledger;

#[test]
fn an_empty_ledger_refuses_a_numbered_tongbao_saying_it_has_no_task() {
    let l = Ledger::new("2026-11-30");
    l.run(&["init", "--empty"]).ok();
    let out = l.dir.path().join("通报.docx");
    let path = out.to_str().unwrap();
    // (language, words the line must hold)
    for (lang, words) in [
        ("en", ["no task yet", "--draft"]),
        ("zh", ["还没有任何任务", "--draft"]),
    ] {
        let err = l
            .run(&["--lang", lang, "report", "--format", "docx", "--out", path])
            .fails(1, &words);
        assert!(
            !err.contains("首次变更") && !err.contains("came later"),
            "{err}"
        );
        assert!(!out.exists());
    }
}

#[test]
fn chinese_lines_use_the_full_width_colon_after_a_subject() {
    let l = Ledger::seeded("2026-09-01");
    // (args, the start of the zh line)
    let cases: [(&[&str], &str); 3] = [
        (&["update", "1.1", "--progress", "20"], "1.1：状态："),
        (&["update", "1.2", "--status", "blocked"], "1.2：状态："),
        (
            &[
                "update",
                "1.3",
                "--deadline",
                "2027-01-31",
                "--progress",
                "5",
            ],
            "1.3：",
        ),
    ];
    for (args, start) in cases {
        let mut a = vec!["--lang", "zh"];
        a.extend_from_slice(args);
        let out = l.run(&a).ok().stdout;
        assert!(out.starts_with(start) && !out.contains(": "), "{out}");
    }
    let missing = l.dir.path().join("没有的反馈表.xlsx");
    let err = l
        .run(&["--lang", "zh", "collect", missing.to_str().unwrap()])
        .fails(1, &["无法读取", "没有这个文件"]);
    assert!(!err.contains(": "), "{err}");
    assert!(err.contains("：没有这个文件"), "{err}");
}
