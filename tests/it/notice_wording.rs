//! The notice's words (issue 17): a clause for each kind of task a unit has and none for a
//! kind it has not (never `尚有0项`), the overdue request only when something is overdue, one
//! serial named alone, English counts in the singular for one; and `notice`'s stdout lined up
//! by display width whatever the units' names.

use std::path::Path;

use crate::support::{Ledger, Output};

/// Four units as of 2026-11-30: 甲科 leads an overdue task that 乙科 supports; 乙科 also
/// leads one that ABC科 supports; 市委组织部干部监督科 leads one on track.
fn ledger() -> Ledger {
    let l = Ledger::new("2026-11-30");
    l.run(&["init", "--empty", "--start", "2026-09-01"]).ok();
    let adds: [&[&str]; 3] = [
        &[
            "add",
            "--rec",
            "1",
            "--headline",
            "理顺关系",
            "--title",
            "甲任务",
            "--lead",
            "甲科",
            "--support",
            "乙科",
            "--deadline",
            "2026-11-01",
        ],
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "丙任务",
            "--lead",
            "市委组织部干部监督科",
            "--deadline",
            "2027-06-30",
        ],
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "乙任务",
            "--lead",
            "乙科",
            "--support",
            "ABC科",
            "--deadline",
            "2027-06-30",
        ],
    ];
    for a in adds {
        l.run(a).ok();
    }
    l
}

fn notice(l: &Ledger, lang: &str, out: &Path, more: &[&str]) -> Output {
    let mut args = vec![
        "--lang",
        lang,
        "notice",
        "--reply-by",
        "12月4日",
        "--format",
        "markdown",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(more);
    l.run(&args).ok()
}

/// The markdown notice of `unit` in `dir`.
fn text_of(dir: &Path, unit: &str) -> String {
    let entry = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{unit}-"))
        })
        .unwrap_or_else(|| panic!("no notice for {unit}"));
    std::fs::read_to_string(entry).unwrap()
}

#[test]
fn each_clause_is_there_only_for_what_the_unit_has() {
    let l = ledger();
    let dir = l.dir.path().join("n");
    notice(&l, "en", &dir, &[]);
    // (unit, sentences its opening and reply hold, words they must not hold)
    let cases: [(&str, &[&str], &[&str]); 4] = [
        (
            "甲科",
            &[
                "你单位牵头的督办事项尚有1项未办结（其中已逾期1项）。",
                "；已逾期的事项，请一并说明原因及下步措施。",
            ],
            &["配合"],
        ),
        (
            "乙科",
            &[
                "你单位牵头的督办事项尚有1项未办结，配合的尚有1项未办结（其中已逾期1项）。",
                "已逾期的事项，请一并说明原因及下步措施。",
            ],
            &[],
        ),
        (
            "ABC科",
            &[
                "你单位配合的督办事项尚有1项未办结。",
                "书面反馈督办工作办公室。\n",
            ],
            &["牵头的督办事项", "已逾期"],
        ),
        (
            "市委组织部干部监督科",
            &[
                "你单位牵头的督办事项尚有1项未办结。",
                "书面反馈督办工作办公室。\n",
            ],
            &["配合的尚有", "已逾期", "临近"],
        ),
    ];
    for (unit, has, lacks) in cases {
        let text = text_of(&dir, unit);
        assert!(!text.contains("尚有0项"), "{unit}:\n{text}");
        for h in has {
            assert!(text.contains(h), "{unit} should say {h:?}:\n{text}");
        }
        let body: String = text
            .lines()
            .filter(|l| l.contains("截至") || l.contains("请于"))
            .collect();
        for w in lacks {
            assert!(!body.contains(w), "{unit} should not say {w:?}:\n{body}");
        }
    }
}

#[test]
fn one_notice_is_named_alone_and_counted_in_the_singular() {
    // (language, --owner or all, what stderr says, what it must not)
    let cases: [(&str, Option<&str>, &str, &[&str]); 4] = [
        (
            "en",
            Some("甲科"),
            "wrote 1 notice (督办〔2026〕1号) to",
            &["1 notices", " to 督办", "withdraws them"],
        ),
        (
            "zh",
            Some("甲科"),
            "已写出督办通知单 1 份（督办〔2026〕1号），在",
            &["至"],
        ),
        (
            "en",
            None,
            "wrote 4 notices (督办〔2026〕1号 to 督办〔2026〕4号) to",
            &[],
        ),
        (
            "zh",
            None,
            "已写出督办通知单 4 份（督办〔2026〕1号 至 督办〔2026〕4号），在",
            &[],
        ),
    ];
    for (i, (lang, owner, says, never)) in cases.into_iter().enumerate() {
        let l = ledger();
        let owner_args: Vec<&str> = owner.map(|o| vec!["--owner", o]).unwrap_or_default();
        // The dry run counts as the run would.
        let dry = notice(
            &l,
            lang,
            &l.dir.path().join(format!("d{i}")),
            &[&owner_args[..], &["--dry-run"]].concat(),
        );
        let run = notice(&l, lang, &l.dir.path().join(format!("n{i}")), &owner_args);
        assert!(
            run.stderr.contains(says),
            "{lang} {owner:?}: {}",
            run.stderr
        );
        let (n, serials) = if owner.is_some() {
            (1, "督办〔2026〕1号".to_string())
        } else {
            (4, "督办〔2026〕1号".to_string())
        };
        let dry_says = if lang == "en" {
            format!(
                "dry run: {n} notice{} ({serials}",
                if n == 1 { "" } else { "s" }
            )
        } else {
            format!("将写出督办通知单 {n} 份（{serials}")
        };
        assert!(dry.stderr.contains(&dry_says), "{}", dry.stderr);
        for w in never {
            assert!(!run.stderr.contains(w), "{lang}: {w:?} in {}", run.stderr);
            assert!(!dry.stderr.contains(w), "{lang}: {w:?} in {}", dry.stderr);
        }
    }
}

/// The display column at which the last `needle` starts in `line` (two per Chinese
/// character; the serial is also in the file's name, before its column).
fn column_of(line: &str, needle: &str) -> usize {
    let at = line
        .rfind(needle)
        .unwrap_or_else(|| panic!("{needle:?} in {line:?}"));
    unicode_width::UnicodeWidthStr::width(&line[..at])
}

#[test]
fn stdout_lines_up_by_display_width_with_chinese_and_latin_names() {
    let l = ledger();
    // Serials of one and two digits in one run: 9 notices before, then 10 to 13.
    for i in 0..2 {
        notice(&l, "en", &l.dir.path().join(format!("pre{i}")), &[]);
    }
    notice(&l, "en", &l.dir.path().join("pre2"), &["--owner", "甲科"]);
    for lang in ["en", "zh"] {
        for dry in [true, false] {
            let dir = l.dir.path().join(format!("{lang}{dry}"));
            let extra: &[&str] = if dry { &["--dry-run"] } else { &[] };
            let out = notice(&l, lang, &dir, extra);
            let lines: Vec<&str> = out.stdout.lines().collect();
            assert_eq!(lines.len(), 4, "{}", out.stdout);
            let counts = if lang == "en" {
                " led,"
            } else {
                "项，配合"
            };
            let end = if lang == "en" { " supported" } else { " 项" };
            for needle in ["督办〔", counts, end] {
                let cols: Vec<usize> = lines.iter().map(|l| column_of(l, needle)).collect();
                assert!(
                    cols.windows(2).all(|w| w[0] == w[1]),
                    "{lang} dry={dry}: {needle:?} at {cols:?}\n{}",
                    out.stdout
                );
            }
            // Two digits and one in the serial column: the counts still line up (above),
            // and each line names its own file and serial.
            for line in &lines {
                let serial = line
                    .split_whitespace()
                    .find(|w| w.starts_with("督办〔"))
                    .unwrap();
                assert!(line.contains(&format!("-{serial}.md")), "{line}");
            }
        }
    }
}
