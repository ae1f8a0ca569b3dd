//! `restore` under random edits of a real export: refused in one line with nothing written,
//! or restored into a ledger that passes `integrity_check`, `foreign_key_check` and still
//! reports.

use proptest::prelude::*;

use super::restore::{export, integrity, refused, restore};
use crate::support::Ledger;

/// One random edit of a pretty-printed export: a scalar replaced by a hostile value, a line
/// dropped, doubled or swapped with another.
#[derive(Debug, Clone)]
enum Change {
    Replace(prop::sample::Index, usize),
    Drop(prop::sample::Index),
    Double(prop::sample::Index),
    Swap(prop::sample::Index, prop::sample::Index),
}

/// Values an attacker or a careless hand might put anywhere.
const HOSTILE: &[&str] = &[
    "\"\"",
    "\"  \"",
    "\"hacked\"",
    "\"done\"",
    "\"Done\"",
    "\"not-started\"",
    "\"100\"",
    "\"1000\"",
    "\"-5\"",
    "\"abc\"",
    "\"2026/3/1\"",
    "\"2026-02-30\"",
    "\"2026-03-01\"",
    "\"2026-03-01T09:00:00+08:00\"",
    "\"yesterday\"",
    "\"0.1\"",
    "\"1.1\"",
    "\"9.9\"",
    "\"1-1\"",
    "\"\\u001b[2J\"",
    "\"组织科\\u001b]0;x\\u0007\"",
    "\"a\\u0000b\"",
    "\"组织科\"",
    "\"created\"",
    "\"note\"",
    "\"support\"",
    "null",
    "0",
    "-1",
    "1",
    "2",
    "101",
    "255",
    "9223372036854775807",
    "-9223372036854775808",
    "1e309",
    "true",
    "[]",
    "{}",
    "\"\\ud800\"",
];

fn apply(text: &str, change: &Change) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match change {
        Change::Replace(at, value) => {
            // Lines that end in a scalar: `"key": value,` or a list's `value,`.
            let scalar: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    let t = l.trim_end_matches(',');
                    !(t.ends_with('{') || t.ends_with('[') || t.trim().starts_with(['}', ']']))
                })
                .map(|(i, _)| i)
                .collect();
            let i = scalar[at.index(scalar.len())];
            let line = &lines[i];
            let comma = if line.ends_with(',') { "," } else { "" };
            let body = line.trim_end_matches(',');
            let head = match body.find("\": ") {
                Some(k) if body.trim_start().starts_with('"') => &body[..k + 3],
                _ => &body[..body.len() - body.trim_start().len()],
            };
            lines[i] = format!("{head}{}{comma}", HOSTILE[value % HOSTILE.len()]);
        }
        Change::Drop(at) => {
            let i = at.index(lines.len());
            lines.remove(i);
        }
        Change::Double(at) => {
            let i = at.index(lines.len());
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        Change::Swap(a, b) => {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
        }
    }
    lines.join("\n") + "\n"
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        6 => (any::<prop::sample::Index>(), any::<usize>()).prop_map(|(a, v)| Change::Replace(a, v)),
        1 => any::<prop::sample::Index>().prop_map(Change::Drop),
        1 => any::<prop::sample::Index>().prop_map(Change::Double),
        1 => (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(a, b)| Change::Swap(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random edits of a real export: refused in one line with nothing written, or restored
    /// into a ledger that passes integrity_check and foreign_key_check and still reports.
    #[test]
    fn a_randomly_edited_export_is_refused_cleanly_or_restored_whole(
        changes in prop::collection::vec(change(), 1..3)
    ) {
        let mut text = export().to_string();
        for c in &changes {
            text = apply(&text, c);
        }
        let l = Ledger::new("2026-03-20");
        let (out, db) = restore(&l, "edited", &text);
        if out.code == 0 {
            prop_assert_eq!(integrity(&db), ("ok".to_string(), 0));
            l.run_in(&db, &["report", "--week", "2026-W11", "--format", "json"]).ok();
            l.run_in(&db, &["history", "--format", "json"]).ok();
        } else {
            refused(out, &db, &[]);
        }
    }
}
