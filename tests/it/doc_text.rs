//! Text in the markdown and html reports: `&` kept as typed, headers the terminal breaks in
//! two lines joined as words are (平均进度, not 平均 进度).

use crate::support::Ledger;

#[test]
fn markdown_keeps_an_ampersand_and_joins_chinese_headers_without_a_space() {
    let l = Ledger::seeded("2026-09-01");
    l.run_on(
        "2026-09-02",
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "<b>粗体</b>&amp;和&",
            "--lead",
            "组织科",
        ],
    )
    .ok();
    let md = l
        .run_on(
            "2026-09-03",
            &["--lang", "zh", "report", "--format", "markdown"],
        )
        .ok()
        .stdout;
    let row = md
        .lines()
        .find(|s| s.starts_with("| 1.6 |"))
        .expect("the new task");
    assert!(row.contains("&lt;b>粗体&lt;/b>&amp;amp;和&amp;"), "{row}");
    assert!(md.contains("| 平均进度 |"), "{md}");
    assert!(!md.contains("平均 进度"), "{md}");
    let html = l
        .run_on(
            "2026-09-03",
            &["--lang", "zh", "report", "--format", "html"],
        )
        .ok()
        .stdout;
    assert!(html.contains(">平均进度<"), "html");
    let en = l
        .run_on(
            "2026-09-03",
            &["--lang", "en", "report", "--format", "markdown"],
        )
        .ok()
        .stdout;
    assert!(en.contains("vs last week"), "{en}");
}
