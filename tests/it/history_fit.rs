//! `history` and `show` fit the terminal with notice sentences in them (issue 17): no line
//! wider than the width, a serial (督办〔2026〕12号), a Chinese date and an escape
//! (`\u{202e}`) never split across lines, in both languages, at widths from 60 to 100.

use unicode_width::UnicodeWidthStr;

use crate::support::Ledger;

/// A seeded ledger with twelve notices issued to 组织科 (serials of one and two digits), one
/// asking for a reply in the far future (限9999年12月31日前反馈), and a note with an
/// escape-worthy character on 1.1.
fn ledger() -> Ledger {
    let l = Ledger::seeded("2026-09-01");
    // Each its own reply-by date (12-04, 12-05, …): the same notice again the same day would
    // keep its serial (issue 17, finding 11).
    let replies: Vec<String> = (0..11)
        .map(|i| format!("+{}d", 4 + i))
        .chain(["9999-12-31".to_string()])
        .collect();
    for (i, reply) in replies.iter().enumerate() {
        let out = l.dir.path().join(format!("n{i}"));
        l.run_on(
            "2026-11-30",
            &[
                "notice",
                "--owner",
                "组织科",
                "--reply-by",
                reply.as_str(),
                "--out",
                out.to_str().unwrap(),
                "--format",
                "markdown",
            ],
        )
        .ok();
    }
    l.run_on(
        "2026-11-30",
        &[
            "note",
            "1.1",
            "已报送\u{202e}材料，督办〔2026〕3号所列事项正在办理，限2027年1月4日前完成",
        ],
    )
    .ok();
    l
}

/// What must stay whole, found in `line`'s neighbourhood: each is either on one line whole or
/// not there at all.
const WHOLE: &[&str] = &["\\u{202e}", "2027年1月4日", "9999年12月31日", "12月4日"];

#[test]
fn history_and_show_fit_and_keep_serials_dates_and_escapes_whole() {
    let l = ledger();
    let task = "1.1";
    for width in [60u16, 66, 72, 78, 80, 84, 90, 100] {
        for lang in ["zh", "en"] {
            for args in [vec!["history", task], vec!["show", task]] {
                let mut cmd = l.cmd();
                cmd.env("COLUMNS", width.to_string())
                    .env("TRACKER_TODAY", "2026-12-02")
                    .args(["--lang", lang])
                    .args(&args);
                let out = crate::support::run(&mut cmd).ok().stdout;
                let what = format!("{lang} {} at {width}", args[0]);
                for line in out.lines() {
                    assert!(
                        line.width() <= usize::from(width),
                        "{what}: {} columns: {line:?}",
                        line.width()
                    );
                }
                // Every serial 1 to 12 is on one line whole: 督办〔2026〕N号 in full, never a
                // line ending inside one.
                for n in 1..=12 {
                    let serial = format!("督办〔2026〕{n}号");
                    assert!(
                        out.lines().any(|l| l.contains(&serial)),
                        "{what}: {serial} not whole:\n{out}"
                    );
                }
                for line in out.lines() {
                    let t = line.trim_end();
                    assert!(
                        !(t.ends_with("督办") || t.ends_with("〔2026") || t.ends_with("〔2026〕")),
                        "{what}: a serial split at {t:?}"
                    );
                    if let Some(at) = t.rfind("\\u{") {
                        assert!(t[at..].contains('}'), "{what}: an escape split at {t:?}");
                    }
                }
                let joined: String = out.lines().map(str::trim).collect();
                for w in WHOLE {
                    if joined.contains(w) {
                        assert!(
                            out.lines().any(|l| l.contains(w)),
                            "{what}: {w} split:\n{out}"
                        );
                    }
                }
            }
        }
    }
}
