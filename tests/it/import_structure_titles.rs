//! `tracker import`: titles of items that open with narration (issue 15, fourth round). A
//! lead-in (我们建议, 建议, 会议强调, 力争) is never a title by itself, nor is a time alone
//! (`到2025年`); what a meeting studied (会议研究了…) gives way to the sentence that decides;
//! a short name before a colon (`一中：…`) is the item's subject and stays in its title.

use serde_json::Value;

use crate::support::{empty, import_dry, planned_tasks};

fn titles(p: &Value) -> Vec<String> {
    planned_tasks(p)
        .iter()
        .map(|t| t["title"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn narration_and_lead_ins_give_way_to_the_action() {
    let l = empty();
    let cases: &[(&str, &[&str])] = &[
        (
            "对策建议\n1、我们建议，加强学习培训。\n2、建议，完善考核办法。\n",
            &["加强学习培训", "完善考核办法"],
        ),
        (
            "几点建议\n1、力争到2025年，全县覆盖率达到90%。\n2、到2026年底，全面完成危房改造。\n",
            &["力争到2025年，全县覆盖率达到90%", "全面完成危房改造"],
        ),
        (
            "会议议定事项\n一、会议研究了农贸市场搬迁问题。明确由县商务局牵头，年底前完成搬迁。\n二、会议听取了县住建局的汇报。会议要求，加快推进棚户区改造。\n",
            &["完成搬迁", "加快推进棚户区改造"],
        ),
        (
            "下步措施\n（一）会议强调，要压实安全生产责任。\n（二）争取，年内建成应急指挥平台。\n",
            &["压实安全生产责任", "建成应急指挥平台"],
        ),
        (
            "一、教育项目\n1、一中：抓紧办理前期手续。\n2、城南小学：力争年内开工。\n二、商业项目\n1、五金城：确保年内开业。\n",
            &[
                "一中：抓紧办理前期手续",
                "城南小学：力争年内开工",
                "五金城：确保年内开业",
            ],
        ),
        (
            "整改措施\n1、加强学习：每月集中学习一次。\n2、完善制度：每季度修订一次。\n",
            &["加强学习", "完善制度"],
        ),
    ];
    for &(text, want) in cases {
        let (p, _) = import_dry(&l, text);
        assert_eq!(titles(&p), want, "{text:?}");
    }
}

#[test]
fn the_text_keeps_the_reports_words_whatever_the_title() {
    let l = empty();
    let (p, _) = import_dry(
        &l,
        "对策建议\n1、我们建议，加强学习培训。\n2、建议，完善考核办法。\n",
    );
    let texts: Vec<String> = planned_tasks(&p)
        .iter()
        .map(|t| t["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts, ["我们建议，加强学习培训。", "建议，完善考核办法。"]);
}
