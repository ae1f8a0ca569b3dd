//! Sub-items that state their own unit or deadline (issue 15, eleventh round): under a
//! numbered item, `（1）` `①` `1.` steps (inline, on lines of their own, or Word's next list
//! level) that each say who or by when are tasks of their own; steps that say nothing of their
//! own stay the parent's words. And who wrote the report (`（执笔：张三）`) is never an item's.

use serde_json::Value;

use crate::import_structure_levels::{at, dry_file, p};
use crate::support::{empty, import_dry, planned_tasks, write};

/// (title, lead, deadline) of every planned task, in order.
fn tasks(p: &Value) -> Vec<(String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    planned_tasks(p)
        .iter()
        .map(|t| (s(&t["title"]), s(&t["lead"]), s(&t["deadline"])))
        .collect()
}

fn texts(p: &Value) -> Vec<String> {
    planned_tasks(p)
        .iter()
        .map(|t| t["text"].as_str().unwrap_or("").to_string())
        .collect()
}

/// What every style below should give: the two steps are the tasks, the parent none.
fn want() -> Vec<(String, String, String)> {
    [
        ("严格执行预算", "", ""),
        ("完成仓库物资盘点", "", "2026-10-31"),
        ("完成台账系统更新", "总务科", "2026-12-31"),
        ("规范公务用车", "", ""),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect()
}

const STEP_ONE: &str = "10月底前完成仓库物资盘点";
const STEP_TWO: &str = "由总务科负责，年底前完成台账系统更新";

#[test]
fn steps_in_text_that_say_who_or_when_are_tasks() {
    let styles = [
        // Inline, after the parent's sentence.
        format!(
            "二、整改措施\n1、严格执行预算。\n2、加强物资管理。全面清点库存。（1）{STEP_ONE}；（2）{STEP_TWO}。\n3、规范公务用车。"
        ),
        // Circled numbers on lines of their own.
        format!(
            "整改措施：\n1、严格执行预算。\n2、加强物资管理。全面清点库存。\n①{STEP_ONE}。\n②{STEP_TWO}。\n3、规范公务用车。"
        ),
        // `1.` under `一、`, the step opening with its month (`1.10月底前…` is no `1.10`).
        format!(
            "整改措施\n一、严格执行预算。\n二、加强物资管理。全面清点库存。\n1.{STEP_ONE}。\n2.{STEP_TWO}。\n三、规范公务用车。"
        ),
        // `(1)` in half-width brackets on lines of their own.
        format!(
            "下一步措施\n1、严格执行预算。\n2、加强物资管理。全面清点库存。\n(1){STEP_ONE}。\n(2){STEP_TWO}。\n3、规范公务用车。"
        ),
    ];
    for doc in &styles {
        let l = empty();
        let (p, _) = import_dry(&l, doc);
        let got: Vec<_> = tasks(&p)
            .into_iter()
            .map(|(t, lead, d)| (t.replace('。', ""), lead, d))
            .collect();
        assert_eq!(got, want(), "{doc}");
        // Each step's text starts where the step starts; the parent is no task.
        let texts = texts(&p);
        assert!(texts.iter().any(|t| t.starts_with(STEP_ONE)), "{texts:?}");
        assert!(texts.iter().any(|t| t.starts_with(STEP_TWO)), "{texts:?}");
        assert!(
            !texts.iter().any(|t| t.starts_with("加强物资管理")),
            "{texts:?}"
        );
    }
}

#[test]
fn steps_that_say_nothing_of_their_own_stay_the_parents_words() {
    let l = empty();
    let (p, _) = import_dry(
        &l,
        "整改措施：\n1、严格执行预算。\n2、加强物资管理。（1）全面清点库存；（2）完善领用制度。\n3、规范公务用车。",
    );
    let got: Vec<String> = tasks(&p).into_iter().map(|t| t.0).collect();
    assert_eq!(got, ["严格执行预算", "加强物资管理", "规范公务用车"]);
    assert!(
        texts(&p)[1].contains("（2）完善领用制度"),
        "{:?}",
        texts(&p)
    );
}

/// A .docx of `body` whose list (numId 1) numbers level 0 `%1、` and level 1 as `level1`
/// (format, pattern).
fn docx(body: &str, level1: (&str, &str)) -> Vec<u8> {
    crate::import_structure_levels::docx(body, &[("decimal", "%1、"), level1])
}

#[test]
fn steps_at_words_next_list_level_that_say_who_or_when_are_tasks() {
    let body = [
        p("关于财务检查发现问题的整改报告"),
        p("三、整改措施"),
        at(0, "严格执行预算。杜绝无预算支出。"),
        at(0, "加强物资管理。全面清点库存。"),
        at(1, &format!("{STEP_ONE}。")),
        at(1, &format!("{STEP_TWO}。")),
        at(0, "规范公务用车。严格派车审批。"),
    ]
    .concat();
    // Word writes the level as `（1）`, `①` or `1.` (the last read as `2.1`, as the
    // parent's `2、` would otherwise swallow it).
    for level1 in [
        ("decimal", "（%2）"),
        ("decimalEnclosedCircle", "%2"),
        ("decimal", "%2."),
        ("decimal", "%1.%2"),
    ] {
        let l = empty();
        let file = write(&l, "整改报告.docx", &docx(&body, level1));
        let p = dry_file(&l, &file);
        let got: Vec<_> = tasks(&p);
        assert_eq!(got, want(), "{level1:?}");
        let texts = texts(&p);
        assert!(texts.iter().any(|t| t.starts_with(STEP_ONE)), "{texts:?}");
        assert!(
            !texts.iter().any(|t| t.starts_with("加强物资管理")),
            "{texts:?}"
        );
    }
}

#[test]
fn a_byline_is_never_part_of_an_item() {
    let cases = [
        "关于社区养老服务的调研报告\n（执笔：张三）\n对策建议：\n1、扩大服务供给。\n2、培育专业队伍。\n3、完善补贴政策。",
        "关于社区养老服务的调研报告\n（执笔人：张三 李四）\n对策建议：\n1、扩大服务供给。\n2、培育专业队伍。\n3、完善补贴政策。",
        "对策建议：\n1、扩大服务供给。\n2、培育专业队伍。\n3、完善补贴政策。\n（撰稿：王五）",
        "对策建议：\n1、扩大服务供给。\n2、培育专业队伍。\n3、完善补贴政策。（供稿：县民政局）",
        "对策建议：\n1、扩大服务供给。\n2、培育专业队伍。\n3、完善补贴政策。(执笔: 赵六)",
        "对策建议：\n1、扩大服务供给。\n2、培育专业队伍。\n3、完善补贴政策。\n（县民政局 供稿）",
    ];
    for doc in cases {
        let l = empty();
        let (p, _) = import_dry(&l, doc);
        let got: Vec<(String, String)> = planned_tasks(&p)
            .iter()
            .map(|t| {
                (
                    t["title"].as_str().unwrap().to_string(),
                    t["text"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("扩大服务供给".to_string(), "扩大服务供给。".to_string()),
                ("培育专业队伍".to_string(), "培育专业队伍。".to_string()),
                ("完善补贴政策".to_string(), "完善补贴政策。".to_string()),
            ],
            "{doc}"
        );
        // Who wrote it leads nothing.
        assert!(
            planned_tasks(&p).iter().all(|t| t["lead"].is_null()),
            "{doc}"
        );
    }
}

#[test]
fn an_item_ending_in_a_stray_bracket_is_kept() {
    for (line, title) in [
        ("开展排查，县住建局负责，）", "开展排查"),
        ("抓好源头治理，（见附表）", "抓好源头治理"),
        ("开展县住建局负责，）", "开展县住建局负责"),
        ("提升农村公路等级）", "提升农村公路等级"),
        ("完善基础设施，）", "完善基础设施"),
    ] {
        let l = empty();
        let (p, _) = import_dry(&l, &format!("几点措施\n1、{line}\n2、加强日常养护。"));
        let got: Vec<String> = tasks(&p).into_iter().map(|t| t.0).collect();
        assert_eq!(got, [title, "加强日常养护"], "{line}");
        assert_eq!(texts(&p)[0], line, "{line}");
    }
}
