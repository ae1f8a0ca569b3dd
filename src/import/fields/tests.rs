//! Cases for `fields::extract`: a table of items in the styles reports use, and a property
//! test that no text makes it panic.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn read(text: &str, year: Option<i32>, units: &[String]) -> Fields {
    let ctx = Context {
        year: year.map_or(Year::Unstated, Year::Stated),
        document_date: None,
        plan_start: d("2026-03-02"),
        today: d("2026-03-10"),
        units,
        near: &super::units::NearMemo::default(),
    };
    extract(text, &ctx)
}

/// (item, lead, support, deadline, title text starts with)
type Case = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
);

#[test]
fn units_and_deadlines_of_every_style() {
    let cases: &[Case] = &[
        (
            "完成危房改造摸底。（牵头单位：县住建局，2024年6月底前完成）",
            "县住建局",
            &[],
            "2024-06-30",
            "完成危房改造摸底",
        ),
        (
            "建立长效管护机制。（牵头单位：县农业农村局；配合单位：各乡镇）",
            "县农业农村局",
            &["各乡镇"],
            "",
            "建立长效管护机制",
        ),
        (
            "由县交通局牵头，县财政局配合，年底前完成农村公路养护招标。",
            "县交通局",
            &["县财政局"],
            "2024-12-31",
            "完成农村公路养护招标",
        ),
        // The unit an action is asked of, where no 牵头 or 负责 says who leads (minutes).
        (
            "会议要求，县市场监管局要在10月底前完成校园食堂检查。",
            "县市场监管局",
            &[],
            "2024-10-31",
            "会议要求",
        ),
        (
            "由市财政局统筹安排配套资金500万元，用于管网改造。",
            "市财政局",
            &[],
            "",
            "统筹安排配套资金500万元",
        ),
        (
            "会议原则同意项目方案，请县发改局抓紧办理立项手续。",
            "县发改局",
            &[],
            "",
            "会议原则同意项目方案",
        ),
        (
            "请各乡镇于9月底前上报排查台账。",
            "各乡镇",
            &[],
            "2024-09-30",
            "请各乡镇于9月底前上报排查台账",
        ),
        // Units in brackets without a label: the first leads.
        (
            "深化审批制度改革，9月底前完成。【县住建局、县自然资源局】",
            "县住建局",
            &["县自然资源局"],
            "2024-09-30",
            "深化审批制度改革",
        ),
        (
            "落实减税降费政策。（县税务局）",
            "县税务局",
            &[],
            "",
            "落实减税降费政策",
        ),
        // A unit that leads an action it names: 负责督办, 负责汇总.
        (
            "整改发现的问题，县水利局负责督办。",
            "县水利局",
            &[],
            "",
            "整改发现的问题",
        ),
        (
            "建立响应机制。牵头单位：县发改局；配合单位：县工商联、县科协",
            "县发改局",
            &["县工商联", "县科协"],
            "",
            "建立响应机制",
        ),
        // Not a unit: an explanation in （） inside the sentence, a story's 【】.
        (
            "推行帮办代办（含县政务服务中心）服务。",
            "",
            &[],
            "",
            "推行帮办代办",
        ),
        // Not a unit: the verb after 由 or 请 names no office.
        (
            "由此带来的安全隐患要逐一整改。",
            "",
            &[],
            "",
            "由此带来的安全隐患要逐一整改",
        ),
        (
            "加强就业服务。责任单位：县人社局、县财政局、各乡镇；完成时限：2024年12月底",
            "县人社局",
            &["县财政局", "各乡镇"],
            "2024-12-31",
            "加强就业服务",
        ),
        (
            "推进垃圾分类【主责单位：县城管局；协办单位：县商务局】（6月30日前）",
            "县城管局",
            &["县商务局"],
            "2024-06-30",
            "推进垃圾分类",
        ),
        (
            "开展安全生产大检查[责任单位：县应急局][时限：第三季度]",
            "县应急局",
            &[],
            "2024-09-30",
            "开展安全生产大检查",
        ),
        (
            "县市场监管局负责，立即开展食品安全专项整治。",
            "县市场监管局",
            &[],
            "2026-03-10",
            "开展食品安全专项整治",
        ),
        (
            "完善考核办法（责任领导：张三；责任单位：县委组织部；明年上半年完成）",
            "县委组织部",
            &[],
            "2025-06-30",
            "完善考核办法",
        ),
        (
            "落实河长制，长期坚持。（牵头单位：县水利局）",
            "县水利局",
            &[],
            "ongoing",
            "落实河长制",
        ),
        (
            "由县教育局牵头，县财政局、县发改局配合，2025年9月前建成新校区。",
            "县教育局",
            &["县财政局", "县发改局"],
            "2025-08-31",
            "建成新校区",
        ),
        (
            "优化营商环境，年内出台实施细则。",
            "",
            &[],
            "2024-12-31",
            "优化营商环境",
        ),
        (
            "抓好项目建设（牵头单位：县发改局；完成时限：尽快）",
            "县发改局",
            &[],
            "unclear",
            "抓好项目建设",
        ),
        ("责任人：李四。做好档案整理。", "", &[], "", ""),
        ("2024年以来，全县新增就业1万人。", "", &[], "", "2024年以来"),
    ];
    for &(text, lead, support, deadline, title) in cases {
        let f = read(text, Some(2024), &[]);
        assert_eq!(
            f.lead.as_ref().map_or("", |l| l.value.as_str()),
            lead,
            "lead of {text}"
        );
        let got: Vec<&str> = f.support.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(got, support, "support of {text}");
        let dl = match f.deadline.as_ref().map(|x| x.value) {
            Some(Deadline::Date(x)) => x.to_string(),
            Some(Deadline::Ongoing) => "ongoing".into(),
            Some(Deadline::Unclear) => "unclear".into(),
            Some(Deadline::Relative) => "relative".into(),
            Some(Deadline::Invalid) => "invalid".into(),
            Some(Deadline::Recurring) => "recurring".into(),
            Some(Deadline::Period) => "period".into(),
            None => String::new(),
        };
        assert_eq!(dl, deadline, "deadline of {text}");
        assert!(
            f.rest.starts_with(title),
            "title text of {text}: {}",
            f.rest
        );
        for l in f.lead.iter().chain(&f.support) {
            assert!(
                text.contains(&l.words) || l.words.contains('：'),
                "{}",
                l.words
            );
        }
    }
}

#[test]
fn people_are_never_units() {
    let f = read("完善制度（责任领导：王五；责任人：赵六）", Some(2024), &[]);
    assert!(f.lead.is_none() && f.support.is_empty());
}

#[test]
fn names_match_the_ledger_and_its_aliases() {
    let known = vec!["县人力资源和社会保障局".to_string()];
    let f = read("新增城镇就业。（牵头单位：县人社局）", None, &known);
    assert_eq!(f.lead.unwrap().value, "县人力资源和社会保障局");
}

#[test]
fn a_year_not_stated_falls_in_the_plan_start_year_as_a_guess() {
    let f = read("年底前完成招标。", None, &[]);
    let dl = f.deadline.unwrap();
    assert_eq!(dl.value, Deadline::Date(d("2026-12-31")));
    assert!(dl.guess);
    let f = read("年底前完成招标。", Some(2024), &[]);
    assert!(!f.deadline.unwrap().guess);
}

#[test]
fn a_year_earlier_in_the_item_places_a_later_month() {
    let f = read("2025年3月启动，6月底前全面完成。", Some(2024), &[]);
    assert_eq!(f.deadline.unwrap().value, Deadline::Date(d("2025-06-30")));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The item's own year places its relative deadline, whatever the heading's or
        /// title's; two years in the item leave a relative one unclear.
        #[test]
        fn the_sentence_year_comes_before_the_context(y in 2000i32..2100, other in 2000i32..2100) {
            let f = read(&format!("{y}年启动，年底前完成。"), Some(other), &[]);
            let dl = f.deadline.unwrap();
            prop_assert_eq!(dl.value, Deadline::Date(NaiveDate::from_ymd_opt(y, 12, 31).unwrap()));
            prop_assert!(!dl.guess);
            if y != other {
                let f = read(&format!("{y}年、{other}年两年内，年底前完成。"), None, &[]);
                let dl = f.deadline.unwrap();
                prop_assert_eq!(dl.value, Deadline::Unclear);
                prop_assert!(dl.guess);
            }
        }

        /// No text makes extraction panic, and what it finds comes from the text's words.
        #[test]
        fn any_text_is_read_without_panic(parts in proptest::collection::vec(
            prop_oneof![
                "\\PC{0,20}",
                "[（【\\[(]?(牵头单位|配合单位|责任单位|责任人|完成时限|时限)[：:]?[县市各]?[^（）]{0,8}[局委办镇]?[）】\\])]?",
                "由[县市]?[一-龥]{0,6}(牵头|负责)[，,]?",
                "(20[0-9]{2}年)?[0-9一二十]{0,3}月?[0-9]{0,2}[日底末]?前?",
                "(年底前|年内|明年上半年|第[一二三四五]季度|立即|长期坚持|尽快)",
            ],
            0..8,
        )) {
            let text = parts.concat();
            let f = read(&text, None, &[]);
            for l in f.lead.iter().chain(&f.support) {
                prop_assert!(!l.value.is_empty());
            }
            prop_assert!(f.rest.len() <= text.len());
        }
    }
}
