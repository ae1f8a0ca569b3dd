//! The 通报's number (第N期): issued ones count up, previews and parts are drafts; bad
//! requests write nothing; a custom period is titled in Chinese dates.

use crate::support::Ledger;
use crate::tongbao::{ledger, texts, tongbao};

#[test]
fn issue_numbers_count_up_and_a_reissue_keeps_its_number() {
    let l = ledger();
    let number = |week: &str, today: &str| -> String {
        let (b, _) = tongbao(&l, today, &["--week", week]);
        b.paras
            .iter()
            .find(|(_, t)| t.starts_with('第') && t.ends_with('期'))
            .map(|(_, t)| t.clone())
            .expect("第N期")
    };
    assert_eq!(number("2026-W48", "2026-11-30"), "第12期");
    assert_eq!(number("2026-W48", "2026-11-30"), "第12期");
    assert_eq!(number("2026-W49", "2026-12-07"), "第13期");
    assert_eq!(number("2026-W48", "2026-12-07"), "第12期");
    assert_eq!(number("2026-W50", "2026-12-14"), "第14期");
    // The office and the date in Chinese numerals, in the 版头 and the signature.
    let (b, _) = tongbao(&l, "2026-11-30", &["--week", "2026-W48"]);
    // Each on a line of its own (GB/T 9704: the office above the date), in both places.
    assert_eq!(b.paras[2].1, "中共某市委组织部督查室");
    assert_eq!(b.paras[3].1, "二〇二六年十一月三十日");
    let dated: Vec<usize> = (b.paras.iter().enumerate())
        .filter(|(_, (_, t))| t == "二〇二六年十一月三十日")
        .map(|(k, _)| k)
        .collect();
    assert_eq!(dated.len(), 2, "{:?}", b.paras);
    assert_eq!(b.paras[dated[1] - 1].1, "中共某市委组织部督查室");
    // The numbers travel with an export.
    let dump = l.run(&["export"]).ok().json();
    assert_eq!(dump["meta"]["tongbao_last"], "14");
}

#[test]
fn bad_requests_are_one_line_and_write_nothing() {
    let l = ledger();
    let before = l.dump();
    l.run(&["report", "--format", "docx"])
        .fails(1, &["--out", "docx"]);
    let out = l.dir.path().join("s.docx");
    l.run(&[
        "report",
        "--series",
        "weekly",
        "--format",
        "docx",
        "--out",
        out.to_str().unwrap(),
    ])
    .fails(1, &["--series", "docx"]);
    assert!(!out.exists());
    let zh = l
        .run(&["--lang", "zh", "report", "--format", "docx"])
        .fails(1, &["错误："]);
    assert!(!zh.contains("give"), "{zh}");
    assert_eq!(l.dump(), before);
    // A document that cannot be written takes no issue number.
    let nowhere = l.dir.path().join("无此目录").join("通报.docx");
    l.run(&[
        "report",
        "--format",
        "docx",
        "--week",
        "2026-W36",
        "--out",
        nowhere.to_str().unwrap(),
    ])
    .fails(1, &["无此目录"]);
    assert_eq!(l.dump(), before);
    let config = l
        .dir
        .path()
        .join("config")
        .join("tracker")
        .join("config.toml");
    for (bad, key) in [
        ("first_issue = 0", "first_issue"),
        ("first_issue = \"七\"", "first_issue"),
        ("office = \"\\u202e督查室\"", "office"),
    ] {
        std::fs::write(&config, format!("{bad}\n")).unwrap();
        l.run(&["report", "--format", "docx", "--out", out.to_str().unwrap()])
            .fails(1, &[key]);
        assert!(!out.exists(), "{bad}");
    }
    assert_eq!(l.dump(), before);
    std::fs::remove_file(&config).unwrap();
    let (b, _) = tongbao(&l, "2026-11-30", &["--week", "2026-W45"]);
    assert!(
        b.paras.iter().any(|(_, t)| t == "第1期"),
        "the first number (config gone: 1), not a later one: {:?}",
        &b.paras[..3]
    );
}

/// The 版头's number line of a docx written with `args`.
fn number_line(l: &Ledger, today: &str, args: &[&str]) -> String {
    let (b, _) = tongbao(l, today, args);
    b.paras[1].1.clone()
}

#[test]
fn only_the_issued_tongbao_takes_a_number_previews_are_drafts() {
    let l = ledger();
    let before = l.dump();
    // (arguments, the number line): a part of the ledger or a custom period is never issued
    // and shows no number; a draft of the whole week shows the number it will get.
    let previews: [(&[&str], &str); 6] = [
        (&["--week", "2026-W48", "--owner", "组织科"], "草稿"),
        (&["--week", "2026-W48", "--rec", "2"], "草稿"),
        (&["--from", "2026-11-01", "--to", "2026-11-30"], "草稿"),
        (&["--from", "2026-11-23", "--to", "2026-11-28"], "草稿"),
        (&["--week", "2026-W48", "--draft"], "第12期（草稿）"),
        (
            &["--week", "2026-W48", "--draft", "--limit", "3"],
            "第12期（草稿）",
        ),
    ];
    for (args, want) in previews {
        assert_eq!(number_line(&l, "2026-11-30", args), want, "{args:?}");
    }
    assert_eq!(l.dump(), before, "previews leave the ledger as it was");
    // Numbers follow the order of issue, whatever the weeks; a re-issue keeps its number, and
    // a draft then shows that number.
    assert_eq!(
        number_line(&l, "2026-12-14", &["--week", "2026-W50"]),
        "第12期"
    );
    assert_eq!(
        number_line(&l, "2026-12-14", &["--week", "2026-W48"]),
        "第13期"
    );
    assert_eq!(
        number_line(&l, "2026-12-14", &["--week", "2026-W49", "--draft"]),
        "第14期（草稿）"
    );
    assert_eq!(
        number_line(&l, "2026-12-14", &["--week", "2026-W50", "--draft"]),
        "第12期（草稿）"
    );
    assert_eq!(
        number_line(&l, "2026-12-15", &["--week", "2026-W50"]),
        "第12期"
    );
    assert_eq!(
        number_line(
            &l,
            "2026-12-15",
            &["--week", "2026-W50", "--owner", "组织科"]
        ),
        "草稿"
    );
    assert_eq!(
        number_line(&l, "2026-12-15", &["--week", "2026-W49"]),
        "第14期"
    );
    // --draft belongs to the 通报.
    l.run(&["report", "--draft"]).fails(1, &["--draft", "docx"]);
    let zh = l
        .run(&["--lang", "zh", "report", "--draft"])
        .fails(1, &["错误："]);
    assert!(!zh.contains("use it"), "{zh}");
}

#[test]
fn a_custom_period_is_titled_in_chinese_dates() {
    let l = ledger();
    // (from, to, title, news heading)
    let cases = [
        (
            "2026-11-01",
            "2026-11-30",
            "关于2026年11月1日—11月30日\n督办事项进展情况的通报",
        ),
        (
            "2026-12-25",
            "2027-01-05",
            "关于2026年12月25日—2027年1月5日\n督办事项进展情况的通报",
        ),
        (
            "2026-11-03",
            "2026-11-03",
            "关于2026年11月3日督办事项\n进展情况的通报",
        ),
        (
            "2026-09-01",
            "2026-11-29",
            "关于2026年9月1日—11月29日\n督办事项进展情况的通报",
        ),
    ];
    for (from, to, want) in cases {
        let (b, _) = tongbao(&l, "2027-01-06", &["--from", from, "--to", to]);
        let title = texts(&b, "GwTitle")[1];
        assert_eq!(title, want);
        assert!(!title.contains('-') && !title.contains('至'), "{title}");
        assert!(b.paras.iter().any(|(_, t)| t == "二、本期进展"));
        assert_eq!(b.tables[0].1[0][9], "本期进展");
    }
}
