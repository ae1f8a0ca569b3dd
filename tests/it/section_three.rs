//! Section 三 (overdue, then lagging or blocked) says the same in every format: the docx's
//! sentences, the markdown's and html's table and the terminal's table list the same tasks in
//! the same order, from the report's one computed list, with the same words for why.

use crate::support::{Ledger, run, zip_part};

fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    l.run_on("2026-10-01", &["update", "2.2", "--deadline", "2026-11-01"])
        .ok();
    l.run_on("2026-10-01", &["update", "3.3", "--deadline", "2026-11-20"])
        .ok();
    l.run_on("2026-10-02", &["update", "1.3", "--status", "blocked"])
        .ok();
    l.run_on("2026-10-10", &["update", "1.1", "--progress", "30"])
        .ok();
    l
}

/// Task ids in the order they first appear in `text`, each standing at the start of a cell
/// or a paragraph (after a line break, `|`, `>` or a space, before a space, `|` or `<`), so
/// that figures such as 49.7 in 滞后49.7个百分点 are not taken for ids.
fn ids(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        let before = if k == 0 { '\n' } else { chars[k - 1] };
        if chars[k].is_ascii_digit() && matches!(before, '\n' | '|' | '>' | ' ') {
            let mut e = k;
            while e < chars.len() && (chars[e].is_ascii_digit() || chars[e] == '.') {
                e += 1;
            }
            let word: String = chars[k..e].iter().collect();
            let after = chars.get(e).copied().unwrap_or(' ');
            let parts: Vec<&str> = word.split('.').collect();
            if parts.len() == 2
                && parts.iter().all(|p| !p.is_empty())
                && matches!(after, ' ' | '|' | '<')
                && !out.contains(&word)
            {
                out.push(word);
            }
            k = e.max(k + 1);
            continue;
        }
        k += 1;
    }
    out
}

fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let a = text
        .find(from)
        .unwrap_or_else(|| panic!("{from} in\n{text}"));
    let rest = &text[a..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn section_three_lists_the_same_tasks_with_the_same_words_in_every_format() {
    let l = ledger();
    let today = "2026-11-30";
    let file = |name: &str| l.dir.path().join(name);
    let write = |format: &str, name: &str| {
        let out = file(name);
        l.run_on(
            today,
            &[
                "--lang",
                "zh",
                "report",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        out
    };
    let md = std::fs::read_to_string(write("markdown", "r.md")).unwrap();
    let html = std::fs::read_to_string(write("html", "r.html")).unwrap();
    let docx = zip_part(&write("docx", "r.docx"), "word/document.xml");
    let term = run(l
        .cmd()
        .env("TRACKER_TODAY", today)
        .env("COLUMNS", "200")
        .args(["--lang", "zh", "report"]))
    .ok()
    .stdout;

    let md3 = between(&md, "## 三、逾期及滞后事项", "## 四");
    let want = ids(md3);
    // Overdue first (2.2 before 3.3, earliest deadline first), then the lagging and blocked.
    assert_eq!(&want[..2], ["2.2", "3.3"], "{md3}");
    assert!(want.contains(&"1.3".to_string()), "the blocked task: {md3}");
    assert!(want.len() > 3, "lagging tasks too: {md3}");
    assert_eq!(
        ids(between(&html, "三、逾期及滞后事项", "四、")),
        want,
        "html"
    );
    assert_eq!(
        ids(between(&term, "三、逾期及滞后事项", "四、")),
        want,
        "terminal"
    );
    assert_eq!(
        ids(between(&docx, "三、逾期及滞后事项", "四、")),
        want,
        "docx"
    );
    // The same words for why, in each.
    for words in ["已逾期29天", "推进受阻", "按序时应达"] {
        for (name, text) in [("md", md3), ("docx", between(&docx, "三、", "四、"))] {
            assert!(text.contains(words), "{name}: {words}");
        }
    }
}

#[test]
fn section_three_says_when_there_is_nothing_to_list() {
    let l = Ledger::seeded("2026-09-01");
    // A week after the plan's start nothing is late or behind.
    let md = l
        .run_on(
            "2026-09-02",
            &["--lang", "zh", "report", "--format", "markdown"],
        )
        .ok()
        .stdout;
    assert!(
        md.contains("## 三、逾期及滞后事项\n\n（无逾期及滞后事项）"),
        "{md}"
    );
    let en = l
        .run_on(
            "2026-09-02",
            &["--lang", "en", "report", "--format", "markdown"],
        )
        .ok()
        .stdout;
    assert!(
        en.contains("## 3. Overdue and lagging\n\n(none overdue or lagging)"),
        "{en}"
    );
}
