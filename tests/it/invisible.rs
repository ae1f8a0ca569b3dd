//! Issue 14 findings, kind 1: characters that show as nothing or as blank space (variation
//! selectors out of an emoji, Hangul fillers, interlinear annotation marks, tag characters,
//! the Mongolian vowel separator, the word joiner and invisible operators, the combining
//! grapheme joiner) are refused in names like the zero-width space, and shown escaped.

use crate::support::Ledger;

/// Each hidden character, the words its refusal names it by, and where it stands.
const HIDDEN: [(char, &str); 19] = [
    ('\u{FE0F}', "variation selector"),
    ('\u{FE00}', "variation selector"),
    ('\u{FE0E}', "variation selector"),
    ('\u{E0100}', "variation selector"),
    ('\u{E01EF}', "variation selector"),
    ('\u{115F}', "Hangul filler"),
    ('\u{1160}', "Hangul filler"),
    ('\u{3164}', "Hangul filler"),
    ('\u{FFA0}', "Hangul filler"),
    ('\u{FFF9}', "interlinear annotation"),
    ('\u{FFFA}', "interlinear annotation"),
    ('\u{FFFB}', "interlinear annotation"),
    ('\u{E0001}', "tag character"),
    ('\u{E0041}', "tag character"),
    ('\u{E007F}', "tag character"),
    ('\u{180E}', "Mongolian vowel separator"),
    ('\u{2060}', "word joiner"),
    ('\u{2063}', "invisible operator"),
    ('\u{034F}', "combining grapheme joiner"),
];

#[test]
fn look_alike_making_characters_are_refused_in_names_wherever_they_stand() {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    for (c, label) in HIDDEN {
        let code = format!("U+{:04X}", c as u32);
        let lead = format!("{c}组织科");
        let inside = format!("组织{c}科");
        let end = format!("干部科{c}");
        let id = format!("1.1{c}");
        let cases: [&[&str]; 7] = [
            &["update", "1.4", "--lead", &lead],
            &["update", "1.4", "--support", &inside],
            &["update", "1.4", "--title", &end],
            &["units", "rename", "组织科", &inside],
            &["note", "1.1", "进展", "--by", &lead],
            &["list", "--owner", &end],
            &["show", &id],
        ];
        for args in cases {
            let msg = l.run(args).fails(2, &[&code, label]);
            assert!(!msg.contains(c), "{args:?}: shown raw: {msg}");
        }
    }
    assert_eq!(l.dump(), before, "a refused name changed the ledger");
}

#[test]
fn a_variation_selector_belongs_to_an_emoji_and_nowhere_else() {
    let l = Ledger::seeded("2026-03-02");
    // Seen as part of the emoji: accepted, and shown as typed.
    for title in ["爱心❤️行动", "第1️⃣项", "⭐️评选", "☎︎热线", "家庭👨‍👩‍👧‍👦"]
    {
        l.run(&["update", "1.1", "--title", title]).ok();
        let shown = l.run(&["show", "1.1", "--format", "json"]).ok().json();
        assert_eq!(shown["title"], title);
        assert!(
            l.run(&["show", "1.1"]).ok().stdout.contains(title),
            "{title}"
        );
    }
    // After a Chinese character, a digit without a keycap, another selector or at the start:
    // hidden.
    for name in [
        "组\u{FE0F}织科",
        "组织科1\u{FE0F}",
        "❤\u{FE0F}\u{FE0F}科",
        "\u{FE0F}❤科",
    ] {
        l.run(&["update", "1.2", "--lead", name])
            .fails(2, &["U+FE0F", "variation selector"]);
    }
}

#[test]
fn hidden_characters_kept_in_notes_are_shown_escaped() {
    let l = Ledger::seeded("2026-03-02");
    for (c, _) in HIDDEN {
        let note = format!("进{c}展");
        l.run(&["note", "1.1", &note]).ok();
        let shown = l.run(&["history", "1.1"]).ok().stdout;
        let escaped = format!("\\u{{{:x}}}", c as u32);
        assert!(shown.contains(&escaped), "{c:?} not escaped:\n{shown}");
        assert!(!shown.contains(c), "{c:?} shown raw");
    }
    // Out of an emoji, the joiner is escaped too; inside one it is what is seen.
    l.run(&["note", "1.2", "甲\u{200D}乙 👨‍👩‍👧"]).ok();
    let shown = l.run(&["history", "1.2"]).ok().stdout;
    assert!(
        shown.contains("甲\\u{200d}乙") && shown.contains("👨‍👩‍👧"),
        "{shown}"
    );
}
