//! The seeded plan: 16 tasks, faithful to the report, in Simplified Chinese without pinyin.

use std::collections::HashMap;

use crate::support::Ledger;

const REPORT: &str = include_str!("../../seed/000_c74ad4d4a80dbc28.txt");

/// The report's recommendations section with the pinyin annotations removed and the
/// half-width commas and semicolons made full-width, as the seed file says it did.
fn report_section() -> Vec<char> {
    let start = REPORT.find("通過考察學").expect("section start");
    let mut out = Vec::new();
    let chars: Vec<char> = REPORT[start..].chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // A pinyin annotation: "(" right after a Chinese character, lowercase latin letters
        // with tone marks, ")".
        if c == '('
            && i > 0
            && is_cjk(chars[i - 1])
            && let Some(len) = chars[i + 1..].iter().position(|&d| d == ')')
        {
            let inner = &chars[i + 1..i + 1 + len];
            if !inner.is_empty() && inner.iter().all(|d| d.is_lowercase() || *d == ' ') {
                i += len + 2;
                continue;
            }
        }
        out.push(match c {
            ',' => '，',
            ';' => '；',
            c => c,
        });
        i += 1;
    }
    out
}

fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c)
}

#[test]
fn the_seeded_plan_has_sixteen_tasks_with_units_deadlines_and_no_progress() {
    let l = Ledger::seeded("2026-03-02");
    let v = l.run(&["list", "--all", "--format", "json"]).ok().json();
    let tasks = v.as_array().unwrap();
    let ids: Vec<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1",
            "3.2", "3.3", "3.4", "3.5"
        ]
    );
    for t in tasks {
        assert_eq!(t["status"], "not-started");
        assert_eq!(t["progress"], 0);
        assert!(!t["lead"].as_str().unwrap().is_empty());
        assert!(t["title"].as_str().unwrap().chars().count() <= 20);
        assert_eq!(
            t["recommendation"].as_u64().unwrap().to_string(),
            t["id"].as_str().unwrap()[..1]
        );
    }
    let by_id = |id: &str| tasks.iter().find(|t| t["id"] == id).unwrap();
    // Units named in the text are used.
    assert_eq!(by_id("3.2")["lead"], "市委组织部");
    assert_eq!(
        by_id("3.2")["support"],
        serde_json::json!(["人事局", "人才工作协调小组"])
    );
    assert_eq!(by_id("2.1")["lead"], "市委干部教育培训工作领导小组");
    assert_eq!(by_id("1.3")["support"], serde_json::json!(["县区"]));
    // Deadlines count from the start: 3 months for the conference, a year for ongoing work.
    assert_eq!(by_id("1.2")["deadline"], "2026-06-02");
    assert_eq!(by_id("1.3")["deadline"], "2027-03-02");
    assert_eq!(by_id("1.4")["title"], "建立非公有制企业党建工作联系点");
}

#[test]
fn recommendations_keep_their_headlines() {
    let l = Ledger::seeded("2026-03-02");
    let v = l.run(&["show", "1.4", "--format", "json"]).ok().json();
    assert_eq!(
        v["recommendation_headline"],
        "理顺关系，加大组建力度，推动非公有制经济党建工作的深入开展"
    );
    let v = l.run(&["show", "2.6", "--format", "json"]).ok().json();
    assert_eq!(
        v["recommendation_headline"],
        "强化领导，突出重点，切实加强干部教育培训工作"
    );
}

/// Every task text is a run of the report's own characters: the same length, each character
/// either the report's or its Simplified form, the Traditional→Simplified pairs consistent
/// across the whole plan, and no Traditional form left. Consecutive tasks follow each other
/// in the report (nothing skipped inside a recommendation but the 一是…五是 markers).
#[test]
fn task_texts_are_the_reports_sentences_converted_to_simplified() {
    let l = Ledger::seeded("2026-03-02");
    let v = l.run(&["list", "--all", "--format", "json"]).ok().json();
    let section = report_section();
    let mut pairs: HashMap<char, char> = HashMap::new();
    let mut texts = Vec::new();
    let mut last_end = 0;
    for t in v.as_array().unwrap() {
        let text: Vec<char> = t["text"].as_str().unwrap().chars().collect();
        assert!(
            !text.iter().any(|c| c.is_ascii_alphabetic()),
            "pinyin left in {}",
            t["id"]
        );
        let fits = |at: usize| {
            at + text.len() <= section.len()
                && text
                    .iter()
                    .zip(&section[at..])
                    .all(|(s, r)| s == r || (is_cjk(*s) && is_cjk(*r)))
        };
        let at = (0..section.len())
            .find(|&at| fits(at))
            .unwrap_or_else(|| panic!("text of {} not found in the report", t["id"]));
        assert!(
            at >= last_end,
            "{} comes before the previous task in the report",
            t["id"]
        );
        let gap: String = section[last_end..at].iter().collect();
        if last_end > 0 && !gap.contains('、') {
            // Within a recommendation only a marker (一是…) or nothing separates two tasks.
            assert!(
                gap.is_empty() || gap.ends_with('是') && gap.chars().count() == 2,
                "{} skips {gap:?}",
                t["id"]
            );
        }
        last_end = at + text.len();
        for (s, r) in text.iter().zip(&section[at..]) {
            if s != r {
                let prev = pairs.insert(*r, *s);
                assert!(prev.is_none_or(|p| p == *s), "{r} converted two ways");
            }
        }
        texts.push(text);
    }
    assert!(
        pairs.len() > 50,
        "the report's Traditional characters are converted ({} pairs)",
        pairs.len()
    );
    for (i, text) in texts.iter().enumerate() {
        if let Some(c) = text
            .iter()
            .find(|c| pairs.contains_key(c) && !pairs.values().any(|v| v == *c))
        {
            panic!("task #{i} still holds the Traditional character {c}");
        }
    }
}
