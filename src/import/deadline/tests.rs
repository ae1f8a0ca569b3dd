//! Cases for `deadline::find`: a table of phrases of every kind.

use super::*;

fn one(text: &str) -> Option<Meaning> {
    let f = find(text, 2024, false);
    f.last().map(|p| p.meaning)
}
fn date(text: &str) -> Option<String> {
    match one(text) {
        Some(Meaning::Date { date, .. }) => Some(date.to_string()),
        _ => None,
    }
}

#[test]
fn phrases_of_every_kind_resolve() {
    let cases: &[(&str, Option<&str>)] = &[
        ("2024年6月底前完成", Some("2024-06-30")),
        ("2025年6月30日前", Some("2025-06-30")),
        ("6月30日前完成", Some("2024-06-30")),
        ("12月底前", Some("2024-12-31")),
        ("二月底前", Some("2024-02-29")),
        ("十二月底前", Some("2024-12-31")),
        ("年底前完成招标", Some("2024-12-31")),
        ("年内完成", Some("2024-12-31")),
        ("明年上半年", Some("2025-06-30")),
        ("第三季度", Some("2024-09-30")),
        ("三季度完成", Some("2024-09-30")),
        ("2025年第一季度", Some("2025-03-31")),
        ("2025年上半年", Some("2025-06-30")),
        ("2024年底", Some("2024-12-31")),
        ("到2026年，全面建成", Some("2026-12-31")),
        ("2024年9月下旬", Some("2024-09-30")),
        ("2024年9月上旬", Some("2024-09-10")),
        ("2024-10-15前", Some("2024-10-15")),
        ("二〇二五年三月底前", Some("2025-03-31")),
        ("今年底前", Some("2024-12-31")),
        ("截至2024年6月，已完成", None),
        ("3个月内完成", None),
        ("2023年以来，共新建", None),
        ("2024年6月，省委召开会议", None),
        ("2025年13月底前", None),
        ("各乡镇于9月底前上报", Some("2024-09-30")),
        ("于2025年3月31日前报送", Some("2025-03-31")),
        ("于2024年5月12日召开推进会", None),
        ("于6月完成验收", None),
    ];
    for (text, want) in cases {
        assert_eq!(date(text).as_deref(), *want, "{text}");
    }
}

#[test]
fn now_ongoing_and_unclear() {
    assert_eq!(one("立即整改"), Some(Meaning::Now));
    assert_eq!(one("长期坚持"), Some(Meaning::Ongoing));
    assert_eq!(one("尽快完成"), Some(Meaning::Unclear));
    assert_eq!(find("长期", 2024, true)[0].meaning, Meaning::Ongoing);
    assert!(find("长期以来", 2024, false).is_empty());
}

#[test]
fn phrases_counted_from_the_document_date() {
    let doc = NaiveDate::from_ymd_opt(2025, 6, 3).unwrap(); // a Tuesday
    let cases: &[(&str, Option<&str>)] = &[
        ("月底前完成排查", Some("2025-06-30")),
        ("本月底前上报", Some("2025-06-30")),
        ("本月内完成", Some("2025-06-30")),
        ("月内完成", Some("2025-06-30")),
        ("下月底前完成", Some("2025-07-31")),
        ("本周内完成", Some("2025-06-08")),
        ("下周内报送", Some("2025-06-15")),
        ("15日内完成整改", Some("2025-06-18")),
        ("两周内完成", Some("2025-06-17")),
        ("3个月内完成", Some("2025-09-03")),
        ("半个月内完成", Some("2025-06-18")),
        ("10个工作日内办结", None),
    ];
    for (text, want) in cases {
        let found = find(text, 2025, false);
        let rel = found.iter().find_map(|p| match p.meaning {
            Meaning::FromDocument(r) => Some(r),
            _ => None,
        });
        let rel = rel.unwrap_or_else(|| panic!("{text}: {found:?}"));
        assert_eq!(
            rel.from(doc).map(|d| d.to_string()).as_deref(),
            *want,
            "{text}"
        );
    }
    // Not counted from the document: a month named, a weekend, a month-end routine.
    for text in ["6月内完成", "利用周末开展", "每月月底报送", "6月底前完成"] {
        assert!(
            find(text, 2025, false)
                .iter()
                .all(|p| !matches!(p.meaning, Meaning::FromDocument(_))),
            "{text}"
        );
    }
    assert_eq!(date("6月内完成").as_deref(), Some("2024-06-30"));
}

mod gates {
    use super::*;
    use proptest::prelude::*;

    /// Words and characters deadlines are written with, and running text between them.
    const PIECES: &[&str] = &[
        "2024",
        "二〇二四",
        "6",
        "３０",
        "十二",
        "年",
        "月",
        "日",
        "号",
        "-",
        "/",
        ".",
        "．",
        "第三",
        "季度",
        "上半年",
        "年底",
        "内",
        "之内",
        "个",
        "工作日",
        "天",
        "周",
        "星期",
        "本",
        "下",
        "当",
        "底",
        "末",
        "前",
        "之前",
        "每",
        "期间",
        "至",
        "立即",
        "即日起",
        "立行立改",
        "马上",
        "长期",
        "持续",
        "常态化",
        "尽快",
        "尽早",
        "适时",
        "近期",
        "国庆",
        "节",
        "元旦",
        "春季",
        "学期",
        "开学",
        "暑假",
        "寒假",
        "结束",
        "后",
        "一个月内",
        "完成",
        "办结",
        "今年",
        "明年",
        "，",
        "。",
        " ",
        "加强管理",
        "由县局",
    ];

    proptest! {
        /// A pattern skipped for want of its characters ([`Present`]) could have matched
        /// nothing: the gates change how much is searched, never what is found.
        #[test]
        fn a_skipped_pattern_could_match_nothing(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..14)
        ) {
            let text = pieces.concat();
            let has = Present::of(&text);
            prop_assert!(!ABS_DAY.is_match(&text) || has.abs_day(), "ABS_DAY {text}");
            prop_assert!(!ABS_MONTH.is_match(&text) || (has.nian && has.yue), "ABS_MONTH {text}");
            prop_assert!(!ABS_PART.is_match(&text) || has.nian, "ABS_PART {text}");
            prop_assert!(!REL_DAY.is_match(&text) || (has.yue && has.ri), "REL_DAY {text}");
            prop_assert!(!REL_MONTH.is_match(&text) || has.yue, "REL_MONTH {text}");
            prop_assert!(!YEAR_WORD.is_match(&text) || has.nian, "YEAR_WORD {text}");
            prop_assert!(!REL_PART.is_match(&text) || has.nian || has.ji, "REL_PART {text}");
            prop_assert!(span::gates_hold(&text, &has), "span {text}");
            prop_assert!(named::gate_holds(&text), "named {text}");
        }
    }
}
