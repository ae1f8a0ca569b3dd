//! A report of part of the ledger (`--rec`, `--owner`) says which part in its title, in every
//! format, and the 通报 in its opening, as the terminal's 范围 line does.

use crate::support::{Ledger, run};

fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    l.run_on("2026-11-24", &["update", "1.4", "--status", "done"])
        .ok();
    l
}

fn at(l: &Ledger, width: usize, args: &[&str]) -> String {
    run(l
        .cmd()
        .env("TRACKER_TODAY", "2026-11-30")
        .env("COLUMNS", width.to_string())
        .args(args))
    .ok()
    .stdout
}

#[test]
fn a_report_of_part_of_the_ledger_says_which_part_in_every_format() {
    let l = ledger();
    let path = |name: &str| l.dir.path().join(name);
    let cases: [(&[&str], &str); 3] = [
        (&["--rec", "2"], "（第2条建议）"),
        (&["--owner", "干部科"], "（干部科牵头及配合事项）"),
        (
            &["--rec", "3", "--owner", "干部科"],
            "（第3条建议中干部科牵头及配合事项）",
        ),
    ];
    for (scope, phrase) in cases {
        for (format, file) in [("markdown", "r.md"), ("html", "r.html")] {
            let out = path(file);
            let mut args = vec!["--lang", "zh", "report", "--format", format];
            args.extend_from_slice(scope);
            args.extend(["--out", out.to_str().unwrap()]);
            at(&l, 80, &args);
            let text = std::fs::read_to_string(&out).unwrap();
            let title = match format {
                "markdown" => text.lines().next().unwrap().to_string(),
                _ => text[text.find("<h1>").unwrap()..text.find("</h1>").unwrap()].to_string(),
            };
            assert!(title.contains(phrase), "{format} {scope:?}: {title}");
        }
        let out = path("r.docx");
        let mut args = vec!["report", "--format", "docx", "--draft"];
        args.extend_from_slice(scope);
        args.extend(["--out", out.to_str().unwrap()]);
        at(&l, 80, &args);
        let xml = crate::support::zip_part(&out, "word/document.xml");
        assert!(xml.contains(phrase), "docx {scope:?}");
        let inner = phrase.trim_start_matches('（').trim_end_matches('）');
        assert!(
            xml.contains(&format!("本通报范围：{inner}。")),
            "docx {scope:?}"
        );
        // The terminal says it in its title too.
        let mut args = vec!["--lang", "zh", "report"];
        args.extend_from_slice(scope);
        let term = at(&l, 80, &args);
        assert!(term.lines().next().unwrap().ends_with(phrase), "{term}");
    }
    // The whole ledger: no scope in the title.
    let out = path("all.md");
    at(
        &l,
        80,
        &["--lang", "zh", "report", "--out", out.to_str().unwrap()],
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.lines().next().unwrap().contains("（第"), "{text}");
    let en = at(
        &l,
        80,
        &[
            "--lang", "en", "report", "--rec", "2", "--format", "markdown",
        ],
    );
    assert!(
        en.lines().next().unwrap().ends_with("(recommendation 2)"),
        "{en}"
    );
}
