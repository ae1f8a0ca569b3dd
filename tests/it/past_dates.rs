//! Days looked back to (issue 19, finding 7): `history --since` and `report --from` take the
//! past forms people say (上周五, 上月底, 上月1日, 前天, 月初…), read by the one date parser,
//! so every other date option takes them too.

use crate::support::Ledger;

/// The first day `report --from TYPED --to TO --format json` covers, on `today`.
fn from(l: &Ledger, today: &str, typed: &str, to: &str) -> String {
    l.run_on(
        today,
        &["report", "--from", typed, "--to", to, "--format", "json"],
    )
    .ok()
    .json()["period"]["from"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn past_words_name_the_day_they_say() {
    let l = Ledger::seeded("2025-06-02");
    // (today, typed, the day meant); 2026-11-30 is a Monday, 2026-01-10 a Saturday.
    let cases = [
        ("2026-11-30", "上周五", "2026-11-27"),
        ("2026-11-30", "上周一", "2026-11-23"),
        ("2026-11-30", "上星期日", "2026-11-29"),
        ("2026-11-30", "上礼拜三", "2026-11-25"),
        ("2026-11-30", "上月底", "2026-10-31"),
        ("2026-11-30", "上个月末", "2026-10-31"),
        ("2026-11-30", "上月1日", "2026-10-01"),
        ("2026-11-30", "上个月15号", "2026-10-15"),
        ("2026-11-30", "前天", "2026-11-28"),
        ("2026-11-30", "月初", "2026-11-01"),
        ("2026-11-30", "本月初", "2026-11-01"),
        ("2026-11-30", "上月初", "2026-10-01"),
        ("2026-11-30", "年初", "2026-01-01"),
        ("2026-11-30", "去年底", "2025-12-31"),
        ("2026-11-30", " 上月 1 日 ", "2026-10-01"),
        ("2026-11-30", "上月１日", "2026-10-01"),
        ("2026-01-10", "上周五", "2026-01-02"),
        ("2026-01-10", "上月底", "2025-12-31"),
        ("2026-01-10", "上月1日", "2025-12-01"),
        ("2026-03-31", "上月底", "2026-02-28"),
    ];
    for (today, typed, want) in cases {
        assert_eq!(from(&l, today, typed, today), want, "{typed} on {today}");
    }
}

#[test]
fn history_since_a_past_word_keeps_the_changes_from_that_day() {
    let l = Ledger::seeded("2026-10-12");
    l.run_on("2026-10-20", &["note", "1.1", "十月的进展"]).ok();
    l.run_on("2026-11-26", &["note", "1.2", "上周四的进展"])
        .ok();
    l.run_on("2026-11-28", &["note", "1.3", "前天的进展"]).ok();
    let notes = |since: &str| -> Vec<String> {
        let v = l
            .run_on(
                "2026-11-30",
                &["history", "--since", since, "--format", "json"],
            )
            .ok()
            .json();
        v.as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["note"].as_str().map(str::to_string))
            .filter(|n| n.contains("进展"))
            .collect()
    };
    let cases: &[(&str, &[&str])] = &[
        ("上周五", &["前天的进展"]),
        ("前天", &["前天的进展"]),
        ("上周一", &["上周四的进展", "前天的进展"]),
        ("月初", &["上周四的进展", "前天的进展"]),
        ("上月1日", &["十月的进展", "上周四的进展", "前天的进展"]),
        ("上月底", &["上周四的进展", "前天的进展"]),
    ];
    for (since, want) in cases {
        assert_eq!(notes(since), *want, "--since {since}");
    }
}

#[test]
fn a_past_word_naming_no_day_is_refused_in_one_line() {
    let l = Ledger::seeded("2026-11-02");
    let before = l.dump();
    for typed in ["上月31日", "上周八", "上上月底"] {
        let err = l
            .run_on("2026-12-05", &["history", "--since", typed])
            .stderr;
        assert!(
            err.starts_with("error: ") && err.trim_end().lines().count() == 1,
            "{typed}: {err}"
        );
        assert!(err.contains(typed.trim()), "{typed}: {err}");
    }
    assert_eq!(l.dump(), before);
}
