//! The import corpus: documents written for the test in the styles offices receive, each
//! `NAME.txt` (or a Word file, `NAME.docx`) beside `NAME.expected.toml` listing the tasks a careful clerk would list (each
//! task's title start and, where the text gives them, lead, support and deadline). The test
//! imports every document with `--dry-run --format json` and prints the shares found.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::support::Ledger;

#[derive(Deserialize)]
struct Expected {
    /// Extra arguments for the import (`--to-simplified`).
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    item: Vec<ExpectedItem>,
}

#[derive(Deserialize)]
struct ExpectedItem {
    title: String,
    /// How the task's text starts, where the title leaves out the item's first words (a
    /// deadline, who acts): the text must still start where the item starts.
    text: Option<String>,
    lead: Option<String>,
    #[serde(default)]
    support: Vec<String>,
    deadline: Option<String>,
}

/// Counts over the corpus.
#[derive(Default, Debug)]
struct Score {
    expected: usize,
    found: usize,
    tasks: usize,
    fields: usize,
    fields_landed: usize,
    misses: Vec<String>,
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/corpus");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "docx"))
        .collect();
    docs.sort();
    docs
}

/// Does a found title match an expected title start? A found title cut with `…` matches when
/// what it keeps is the start of the expected one.
fn matches(found: &str, expected: &str) -> bool {
    let kept = found.trim_end_matches('…');
    found.starts_with(expected) || (found.ends_with('…') && expected.starts_with(kept))
}

/// The corpus scored once per test run: both tests read the same counts, and an import of
/// every document (seventy-odd processes) is the slowest thing in the suite.
fn score() -> &'static Score {
    static SCORE: OnceLock<Score> = OnceLock::new();
    SCORE.get_or_init(scored)
}

fn scored() -> Score {
    let l = Ledger::new("2026-11-26");
    let mut s = Score::default();
    let docs = corpus();
    assert!(docs.len() >= 25, "the corpus has {} documents", docs.len());
    for doc in docs {
        let name = doc.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Expected = toml::from_str(
            &std::fs::read_to_string(doc.with_extension("expected.toml"))
                .unwrap_or_else(|e| panic!("{name}: no expected file: {e}")),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut args = vec![
            "import",
            doc.to_str().unwrap(),
            "--dry-run",
            "--format",
            "json",
        ];
        args.extend(expected.args.iter().map(String::as_str));
        let out = l.run(&args);
        let tasks: Vec<serde_json::Value> = if out.code == 0 {
            out.json()["recommendations"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|r| r["items"].as_array().unwrap().clone())
                .collect()
        } else {
            s.misses
                .push(format!("{name}: refused: {}", out.stderr.trim()));
            Vec::new()
        };
        s.tasks += tasks.len();
        s.expected += expected.item.len();
        // In order: each expected task is looked for after the last one found.
        let mut from = 0;
        for e in &expected.item {
            let at = tasks[from..].iter().position(|t| {
                matches(t["title"].as_str().unwrap_or(""), &e.title)
                    && e.text.as_ref().is_none_or(|want| {
                        t["text"].as_str().unwrap_or("").starts_with(want.as_str())
                    })
            });
            let Some(at) = at.map(|k| from + k) else {
                s.misses
                    .push(format!("{name}: no task titled {}…", e.title));
                s.fields += usize::from(e.lead.is_some())
                    + e.support.len()
                    + usize::from(e.deadline.is_some());
                continue;
            };
            from = at + 1;
            s.found += 1;
            let t = &tasks[at];
            if let Some(lead) = &e.lead {
                s.fields += 1;
                s.fields_landed += usize::from(t["lead"].as_str() == Some(lead));
            }
            for unit in &e.support {
                s.fields += 1;
                let support = t["support"].as_array().cloned().unwrap_or_default();
                s.fields_landed += usize::from(support.iter().any(|u| u.as_str() == Some(unit)));
            }
            if let Some(deadline) = &e.deadline {
                s.fields += 1;
                s.fields_landed += usize::from(t["deadline"].as_str() == Some(deadline));
            }
        }
    }
    let share = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    eprintln!(
        "import corpus: {}/{} items found ({:.1}%); {} of {} tasks are expected items ({:.1}%); units and deadlines landed {}/{} ({:.1}%)",
        s.found,
        s.expected,
        share(s.found, s.expected),
        s.found,
        s.tasks,
        share(s.found, s.tasks),
        s.fields_landed,
        s.fields,
        share(s.fields_landed, s.fields)
    );
    for m in &s.misses {
        eprintln!("  missed: {m}");
    }
    s
}

#[test]
fn the_corpus_finds_nine_in_ten_items_and_nothing_else() {
    let s = score();
    assert!(s.expected >= 100, "only {} expected items", s.expected);
    assert!(
        s.found * 10 >= s.expected * 9,
        "{} of {} items found: {:#?}",
        s.found,
        s.expected,
        s.misses
    );
    // No reason, narration, connective or trailing matter becomes a task.
    assert!(
        s.found * 10 >= s.tasks * 9,
        "{} tasks, only {} of them expected",
        s.tasks,
        s.found
    );
}

#[test]
fn the_corpus_lands_four_in_five_units_and_deadlines() {
    let s = score();
    assert!(
        s.fields_landed * 5 >= s.fields * 4,
        "{} of {} units and deadlines landed",
        s.fields_landed,
        s.fields
    );
}
