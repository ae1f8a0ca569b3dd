//! Prose dates (the last tester's finding 4): every date in a sentence of the 通报 and of a
//! notice is written `2026年11月30日` (or `12月4日` where the sentence gives the year), as the
//! README says; only the 成文日期, the date line under the issuing office, is in Chinese
//! numerals (二〇二六年十一月三十日).

use regex::Regex;

use crate::support::Ledger;
use crate::tongbao::body;

/// A date in Chinese numerals anywhere in a line.
fn numerals() -> Regex {
    Regex::new(r"[〇一二三四五六七八九]{4}年[一二三四五六七八九十]+月[一二三四五六七八九十]+日")
        .unwrap()
}

/// The notice written for 组织科 in `format`, as lines of text (a docx's paragraphs and table
/// cells, an html page without its tags, the markdown as it is).
fn notice(l: &Ledger, today: &str, reply_by: &str, format: &str) -> Vec<String> {
    let dir = l.dir.path().join(format!("{format}-{reply_by}"));
    l.run_on(
        today,
        &[
            "notice",
            "--owner",
            "组织科",
            "--reply-by",
            reply_by,
            "--format",
            format,
            "--out",
            dir.to_str().unwrap(),
        ],
    )
    .ok();
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    match format {
        "docx" => {
            let b = body(&file);
            let cells = b.tables.iter().flat_map(|t| t.1.iter().flatten().cloned());
            b.paras.iter().map(|p| p.1.clone()).chain(cells).collect()
        }
        "html" => {
            let html = std::fs::read_to_string(&file).unwrap();
            let tags = Regex::new(r"<[^>]*>").unwrap();
            let text = tags
                .replace_all(&html.replace("<br>", "\n"), "\n")
                .into_owned();
            text.lines().map(String::from).collect()
        }
        _ => (std::fs::read_to_string(&file).unwrap().lines())
            .map(String::from)
            .collect(),
    }
}

#[test]
fn a_notice_s_sentences_write_dates_in_digits_and_only_its_date_line_in_numerals() {
    let l = Ledger::seeded("2026-11-02");
    // (day of issue, --reply-by, the opening's as-of date, the reply-by as the sentence says it,
    // the date line)
    let cases = [
        (
            "2026-11-30",
            "2026-12-04",
            "截至2026年11月30日，你单位",
            "请于12月4日前",
            "二〇二六年十一月三十日",
        ),
        (
            "2026-12-28",
            "2027-01-04",
            "截至2026年12月28日，你单位",
            "请于2027年1月4日前",
            "二〇二六年十二月二十八日",
        ),
    ];
    for (today, reply_by, as_of, reply, signed) in cases {
        for format in ["docx", "html", "markdown"] {
            let lines = notice(&l, today, reply_by, format);
            let text = lines.join("\n");
            for want in [as_of, reply] {
                assert!(
                    text.contains(want),
                    "{format} {today}: no {want:?} in\n{text}"
                );
            }
            // Chinese numerals on the date line alone, which holds nothing else.
            let dated: Vec<&String> = lines.iter().filter(|t| numerals().is_match(t)).collect();
            assert_eq!(dated.len(), 1, "{format} {today}: {dated:?}");
            assert_eq!(dated[0].trim(), signed, "{format} {today}");
        }
    }
}

#[test]
fn the_tongbao_s_sentences_write_dates_in_digits_whatever_the_language() {
    let l = crate::tongbao::ledger();
    for lang in ["zh", "en"] {
        let out = l.dir.path().join(format!("{lang}.docx"));
        l.run_on(
            "2026-11-30",
            &[
                "--lang",
                lang,
                "report",
                "--week",
                "2026-W48",
                "--format",
                "docx",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        let b = body(&out);
        // The as-of date opening 一's figures: the end of the week reported.
        assert!(
            b.paras
                .iter()
                .any(|p| p.1.starts_with("截至2026年11月29日，共")),
            "{lang}: {:?}",
            b.paras
        );
        // The date under the office at the top and in the signature, nowhere else.
        let dated: Vec<&str> = (b.paras.iter())
            .map(|p| p.1.as_str())
            .chain(
                b.tables
                    .iter()
                    .flat_map(|t| t.1.iter().flatten().map(String::as_str)),
            )
            .filter(|t| numerals().is_match(t))
            .collect();
        assert_eq!(dated, ["二〇二六年十一月三十日"; 2], "{lang}");
    }
}
