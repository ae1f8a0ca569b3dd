//! Units and deadlines an item's words give, read by `tracker import`: a unit and a deadline
//! in one bracket without labels, `X负责` as a firm lead, deadlines in words (下月10日前,
//! 三季度末, 元旦前, 春节前, 开学前完成) read or flagged, never silently empty; and titles that
//! never keep a bracket open.

use proptest::prelude::*;
use serde_json::Value;

use crate::support::Ledger;

fn empty() -> Ledger {
    let l = Ledger::new("2026-11-26");
    l.run(&["init", "--empty", "--start", "2026-01-05"]).ok();
    l
}

fn dry(l: &Ledger, name: &str, text: &str) -> Value {
    let p = l.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    l.run(&[
        "import",
        p.to_str().unwrap(),
        "--dry-run",
        "--format",
        "json",
    ])
    .ok()
    .json()
}

fn all_items(p: &Value) -> Vec<Value> {
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .collect()
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

/// One document dated 2026-03-10 holding every case as an item; checks each item's title,
/// lead, support, deadline, and whether its lead is marked as a guess.
#[track_caller]
fn check(cases: &[(&str, &str, &str, &[&str], &str)]) {
    let l = empty();
    let mut text = String::from("某县2026年重点工作任务分解\n几点措施\n");
    for (k, c) in cases.iter().enumerate() {
        text.push_str(&format!("{}、{}\n", k + 1, c.0));
    }
    text.push_str("某县人民政府办公室\n2026年3月10日\n");
    let p = dry(&l, "t.txt", &text);
    let items = all_items(&p);
    assert_eq!(items.len(), cases.len(), "{p:#}");
    for (i, (item, (_, title, lead, support, deadline))) in items.iter().zip(cases).enumerate() {
        let got_support: Vec<String> = item["support"].as_array().unwrap().iter().map(s).collect();
        assert_eq!(s(&item["title"]), *title, "{i}: {}", title);
        assert_eq!(s(&item["lead"]), *lead, "{i} lead: {item:#}");
        assert_eq!(got_support, *support, "{i} support: {item:#}");
        assert_eq!(s(&item["deadline"]), *deadline, "{i} deadline: {item:#}");
        if !lead.is_empty() {
            assert_eq!(
                item["sources"]["lead"]["guess"], false,
                "{i} a firm lead: {item:#}"
            );
        }
    }
}

#[test]
fn a_unit_and_a_deadline_in_one_bracket_fill_both_fields_and_leave_the_title() {
    check(&[
        (
            "新增城镇就业岗位800个（县人社局，12月底前）。",
            "新增城镇就业岗位800个",
            "县人社局",
            &[],
            "2026-12-31",
        ),
        (
            "完成水毁堤防修复【县水利局，6月底前完成】",
            "完成水毁堤防修复",
            "县水利局",
            &[],
            "2026-06-30",
        ),
        (
            "推进薄弱学校改造（责任单位：县教育局，时限：9月底）",
            "推进薄弱学校改造",
            "县教育局",
            &[],
            "2026-09-30",
        ),
        (
            "组织汛前隐患排查。（县应急管理局，5月底前）",
            "组织汛前隐患排查",
            "县应急管理局",
            &[],
            "2026-05-31",
        ),
        (
            "清理背街小巷小广告（县城管局），尽快完成。",
            "清理背街小巷小广告",
            "县城管局",
            &[],
            "",
        ),
        (
            "整治农贸市场周边秩序（县市场监管局、各乡镇；10月底前）",
            "整治农贸市场周边秩序",
            "县市场监管局",
            &["各乡镇"],
            "2026-10-31",
        ),
        (
            "更新老旧供水管网[县住建局,11月30日前]",
            "更新老旧供水管网",
            "县住建局",
            &[],
            "2026-11-30",
        ),
        (
            "推进数字乡村试点（县农业农村局牵头，12月底前完成）",
            "推进数字乡村试点",
            "县农业农村局",
            &[],
            "2026-12-31",
        ),
        (
            "整治违法建设（县城管局，县自然资源局配合，9月底）",
            "整治违法建设",
            "县城管局",
            &["县自然资源局"],
            "2026-09-30",
        ),
        (
            "完成秋粮收购（县粮食局 第三季度末）",
            "完成秋粮收购",
            "",
            &[],
            "2026-09-30",
        ),
    ]);
}

#[test]
fn a_unit_that_is_said_to_be_responsible_leads_firmly() {
    check(&[
        (
            "县城管局负责清理占道经营。",
            "清理占道经营",
            "县城管局",
            &[],
            "",
        ),
        (
            "由县卫健局负责组织义诊进村。",
            "组织义诊进村",
            "县卫健局",
            &[],
            "",
        ),
        (
            "开展秸秆禁烧巡查，县生态环境分局负责。",
            "开展秸秆禁烧巡查",
            "县生态环境分局",
            &[],
            "",
        ),
        (
            "各乡镇负责摸清留守儿童底数，6月底前完成。",
            "摸清留守儿童底数",
            "各乡镇",
            &[],
            "2026-06-30",
        ),
    ]);
}

#[test]
fn deadlines_in_words_are_read_where_a_date_follows() {
    // The document is dated 2026-03-10: next month is April.
    check(&[
        (
            "监控设备下月10日前到位。",
            "监控设备下月10日前到位",
            "",
            &[],
            "2026-04-10",
        ),
        (
            "本月20日前报送摸底表。",
            "报送摸底表",
            "",
            &[],
            "2026-03-20",
        ),
        (
            "下半年建成社区食堂。",
            "建成社区食堂",
            "",
            &[],
            "2026-12-31",
        ),
        (
            "三季度末完成竣工验收。",
            "完成竣工验收",
            "",
            &[],
            "2026-09-30",
        ),
        (
            "第四季度底前完成审计整改。",
            "完成审计整改",
            "",
            &[],
            "2026-12-31",
        ),
        (
            "元旦前发放困难群众救助金。",
            "发放困难群众救助金",
            "",
            &[],
            "2026-12-31",
        ),
        (
            "国庆节前完成景区提升。",
            "完成景区提升",
            "",
            &[],
            "2026-09-30",
        ),
    ]);
}

/// An item whose deadline words name no date: the field is empty, the words kept and the
/// dry run says why (a kind, marked as a guess), in both output formats.
#[test]
fn deadlines_in_words_without_a_date_are_flagged_never_silently_empty() {
    let l = empty();
    let cases: &[(&str, &str)] = &[
        ("春节前发放慰问金。", "春节前"),
        ("端午节前完成龙舟赛道清障。", "端午节前"),
        ("汛期前完成水库除险。", "汛期前"),
        ("开学前完成校舍安全排查。", "开学前"),
        ("秋收前到位烘干设备。", "秋收前"),
        ("每月底前报送项目进度。", "每月底前"),
        ("每季度末前报送监测数据。", "每季度末前"),
    ];
    let mut text = String::from("几点措施\n");
    for (k, c) in cases.iter().enumerate() {
        text.push_str(&format!("{}、{}\n", k + 1, c.0));
    }
    let p = dry(&l, "w.txt", &text);
    let items = all_items(&p);
    assert_eq!(items.len(), cases.len(), "{p:#}");
    for (item, (line, words)) in items.iter().zip(cases) {
        assert!(item["deadline"].is_null(), "{line}: {item:#}");
        let src = &item["sources"]["deadline"];
        assert_eq!(s(&src["words"]), *words, "{line}: {item:#}");
        let kind = s(&src["kind"]);
        assert!(kind == "unclear" || kind == "recurring", "{line}: {item:#}");
    }
    let p = l.dir.path().join("w.txt");
    let table = l
        .run(&["import", p.to_str().unwrap(), "--dry-run"])
        .ok()
        .stdout;
    assert_eq!(table.matches("empty (unclear)?  ← ").count(), 5, "{table}");
    assert_eq!(
        table.matches("none (recurring)  ← 每").count(),
        2,
        "{table}"
    );
    assert!(table.contains("recurring: it comes back"), "{table}");
}

/// Pieces an item is built from: actions, notes of units and deadlines in every bracket, and
/// brackets left open or closed alone, as pasted text has them.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "完善工作机制",
        "加强督查",
        "（县人社局，12月底前）",
        "【县水利局，6月底前完成】",
        "（责任单位：县教育局，时限：9月底）",
        "（县城管局）",
        "（",
        "）",
        "【",
        "】",
        "[",
        "(",
        "《",
        "《实施方案",
        "，",
        "。",
        "；",
        "县住建局负责",
        "尽快完成",
        "（试行",
        "含村（社区",
        "县农业农村局、县财政局",
    ])
}

fn is_balanced(t: &str) -> bool {
    let mut stack = Vec::new();
    for c in t.chars() {
        match c {
            '（' | '(' | '【' | '[' | '《' | '〔' | '「' => stack.push(c),
            '）' | ')' if !matches!(stack.pop(), Some('（' | '(')) => return false,
            '）' | ')' => {}
            '】' | ']' | '》' | '〕' | '」' => {
                let want = match c {
                    '】' => '【',
                    ']' => '[',
                    '》' => '《',
                    '〕' => '〔',
                    _ => '「',
                };
                if stack.pop() != Some(want) {
                    return false;
                }
            }
            _ => {}
        }
    }
    stack.is_empty()
}

proptest! {
    // 12 cases a run; PROPTEST_CASES (which an explicit count would shadow) asks for more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12),
        ..ProptestConfig::default()
    })]

    /// Whatever the brackets in an item, its title never keeps one open or closes one alone.
    #[test]
    fn no_title_keeps_a_bracket_open(items in prop::collection::vec(
        prop::collection::vec(piece(), 1..7), 1..10)
    ) {
        let l = empty();
        let mut text = String::from("几点措施\n");
        for (k, parts) in items.iter().enumerate() {
            text.push_str(&format!("{}、开展{}\n", k + 1, parts.concat()));
        }
        let p = dry(&l, "p.txt", &text);
        for item in all_items(&p) {
            let title = s(&item["title"]);
            prop_assert!(is_balanced(&title), "{title:?} from {text:?}");
        }
    }
}
