//! `tracker import`: what is not an action item (issue 15, held-out round d): the sections of
//! a summary, a rectification report or a reply that tell what was done or found; closing
//! paragraphs after the last item (thanks, the address to a standing committee, an
//! exhortation to everyone, a 验收 paragraph); and the narration of minutes whose topics are
//! numbered, each decision of which is a task of its own. Each kind is a table of documents
//! in several styles, written for the test.

use proptest::prelude::*;
use serde_json::Value;

use crate::support::{Ledger, import_dry as dry, planned_tasks as tasks};

fn empty() -> Ledger {
    let l = Ledger::new("2026-11-26");
    l.run(&["init", "--empty", "--start", "2026-03-02"]).ok();
    l
}

fn titles(p: &Value) -> Vec<String> {
    tasks(p)
        .iter()
        .map(|t| t["title"].as_str().unwrap_or("").to_string())
        .collect()
}

fn texts(p: &Value) -> Vec<String> {
    tasks(p)
        .iter()
        .map(|t| t["text"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Summaries, rectification reports and replies: the sections that tell what was done, what
/// is wrong and why are passed over, whatever the title or lead-in says for the whole
/// document; the sections that plan give the tasks.
#[test]
fn done_work_and_problem_sections_give_no_tasks() {
    let l = empty();
    let cases: &[(&str, &[&str])] = &[
        (
            // A 总结 whose title names the plans too, sections numbered 一、 with （一） inside.
            "城关镇2025年安全生产工作总结及2026年工作打算\n现将全年工作总结如下：\n一、主要工作及成效\n（一）隐患排查扎实开展。全年共排查企业214家，整改隐患389处。\n（二）宣传培训不断深入。先后举办培训班6期，培训人员900余人次。\n二、存在的不足\n（一）部分企业主体责任落实不够。\n（三）基层监管力量薄弱，专业人员不足。\n三、2026年工作打算\n（一）深化隐患排查治理。由镇应急办负责，6月底前完成一轮全覆盖检查。\n（二）加强执法队伍建设。年内配齐专职安全员。",
            &["深化隐患排查治理", "加强执法队伍建设"],
        ),
        (
            // A rectification report: 整改 in the title and the lead-in, done items 已整改.
            "关于巡察反馈意见整改情况的报告\n现将巡察反馈意见整改落实情况报告如下：\n一、整改工作开展情况\n收到反馈意见后，局党组先后召开3次专题会议，已制定整改方案。截至10月底，22个问题已整改到位18个。\n二、反馈问题整改落实情况\n1.公务用车管理不规范。已整改。已收回违规使用车辆2台。\n2.财务报销审核把关不严。已整改。已修订报销制度。\n三、下一步整改措施\n1.加强制度执行监督，由办公室牵头，每季度开展一次自查。\n2.建立整改长效机制，12月底前完成制度汇编。",
            &["加强制度执行监督", "建立整改长效机制"],
        ),
        (
            // A reply to a 建议: 建议 is in every heading, done work in 一是/二是.
            "对市人大十六届三次会议第0158号建议的答复\n王明代表：\n您提出的《关于加强城区停车管理的建议》收悉。现将办理情况答复如下：\n一、建议办理情况\n我局高度重视，一是新增公共停车泊位1200个。二是已上线智慧停车平台。三是开展了违停专项整治。\n二、存在的困难\n主要是老城区用地紧张，建设停车场难度较大。\n三、下一步工作措施\n（一）推进立体停车场建设。市住建局会同各区，年底前建成3处立体停车场。\n（二）完善停车收费政策。\n感谢您对城市管理工作的关心和支持！",
            &["推进立体停车场建设", "完善停车收费政策"],
        ),
        (
            // A heading of problems whose items say who will finish what by when: still plans.
            "关于审计查出问题整改情况的报告\n一、审计查出问题整改总体情况\n截至11月底，已整改问题25个。\n二、尚未整改到位的问题及原因\n（一）专项资金闲置问题。由县农业农村局负责，2026年3月底前完成资金支出。\n（二）资产底数不清问题。县财政局牵头，6月底前完成资产清查。\n三、下一步工作打算\n一是压实整改责任。二是健全长效机制。",
            &[
                "专项资金闲置问题",
                "资产底数不清问题",
                "压实整改责任",
                "健全长效机制",
            ],
        ),
        (
            // Sections whose headings say nothing, the first one all numbers achieved.
            "某街道2025年上半年工作总结\n一、经济发展\n上半年共完成固定资产投资3.2亿元，同比增长12%，已引进项目4个。\n二、社会治理\n累计化解矛盾纠纷86起，已实现“零上访”。\n三、下半年工作计划\n1、加快项目落地。确保四季度开工2个项目。\n2、深化网格治理。",
            &["加快项目落地", "深化网格治理"],
        ),
    ];
    for (text, want) in cases {
        let (p, _) = dry(&l, text);
        assert_eq!(titles(&p), *want, "{text}");
    }
}

/// Findings written as numbered problems and then plans in one outline, generated: only the
/// plans become tasks, however many findings come first.
#[test]
fn any_number_of_findings_before_the_plans_is_passed_over() {
    let l = empty();
    let done = [
        "（一）完成了村级道路硬化12公里。",
        "（二）共开展文艺下乡演出36场。",
        "（三）已建成便民服务中心2个。",
    ];
    let problems = [
        "一是资金保障不足。",
        "二是项目推进滞后。",
        "三是群众参与度不够高。",
    ];
    let plans = [
        ("抓好项目建设", "1、抓好项目建设，年底前完成3个项目。"),
        ("强化资金保障", "2、强化资金保障，由镇财政所负责。"),
        ("提升群众参与", "3、提升群众参与，每季度开展一次议事活动。"),
    ];
    proptest!(ProptestConfig::with_cases(12), |(d in 1..=3usize, q in 1..=3usize, n in 2..=3usize)| {
        let text = format!(
            "某镇2025年工作总结和2026年工作计划\n一、2025年工作完成情况\n{}\n二、存在的问题\n{}\n三、2026年工作计划\n{}",
            done[..d].join("\n"),
            problems[..q].join(""),
            plans[..n].iter().map(|p| p.1).collect::<Vec<_>>().join("\n"),
        );
        let (p, _) = dry(&l, &text);
        let want: Vec<String> = plans[..n].iter().map(|p| p.0.to_string()).collect();
        prop_assert_eq!(titles(&p), want);
    });
}

/// A paragraph after the last item that closes the document is not part of that item: thanks
/// in a reply, the address to a standing committee, an exhortation to everyone, a 验收 or
/// summing-up paragraph, in lists numbered on lines, in （一） headings and inline.
#[test]
fn closing_paragraphs_are_not_part_of_the_last_item() {
    let l = empty();
    let closings = [
        "再次感谢您对教育工作的关心和支持，欢迎继续提出宝贵意见。",
        "感谢你们对交通工作的理解和支持！",
        "主任、各位副主任、各位委员，我们将以此次审议为契机，自觉接受监督。",
        "各位代表，我们将认真落实代表意见，持续改进工作。",
        "各科室要对照工作要点，逐项细化分解，确保件件有着落。",
        "各有关单位要高度重视，加强协调配合，确保按期完成。",
        "整改完成后，由县生态环境局组织验收，验收合格后方可恢复生产。",
        "上述任务完成情况将纳入年度考核。",
    ];
    let lists = [
        "下一步工作措施\n1、加强宣传引导，提高群众知晓率。\n2、完善工作机制，落实责任分工。\n3、强化督查考核，定期通报进展。",
        "三、下步打算\n（一）加强宣传引导。提高群众知晓率。\n（二）完善工作机制。落实责任分工。\n（三）强化督查考核。定期通报进展。",
        "整改措施：1、加强宣传引导，提高群众知晓率；2、完善工作机制，落实责任分工；3、强化督查考核，定期通报进展。",
    ];
    for list in lists {
        for closing in closings {
            let text = format!("{list}\n{closing}");
            let (p, _) = dry(&l, &text);
            let t = texts(&p);
            assert_eq!(t.len(), 3, "{text}");
            assert!(t[2].contains("定期通报进展"), "{text}");
            let start: String = closing.chars().take(6).collect();
            assert!(
                t.iter().all(|x| !x.contains(&start)),
                "{text}: closing kept in {t:?}"
            );
        }
    }
    // A paragraph of its own after a list written inside one paragraph is no part of its last
    // item, whatever it says.
    let (p, _) = dry(
        &l,
        "下步整改措施：1、督促企业完成料场封闭改造；2、修复喷淋设施，7月15日前完成。\n我们将在门户网站公开办理结果，接受群众监督。",
    );
    let t = texts(&p);
    assert_eq!(t.len(), 2);
    assert!(!t[1].contains("门户网站"), "{t:?}");
}

/// An exhortation under a bare heading is that heading's explanation, not a closing
/// paragraph: the last item keeps it.
#[test]
fn an_exhortation_under_a_bare_last_heading_is_its_text() {
    let l = empty();
    let (p, _) = dry(
        &l,
        "四、保障措施\n（一）加强组织领导\n成立工作专班，统筹推进。\n（二）强化督查考核\n各单位要建立工作台账，每月报告进展。",
    );
    let t = texts(&p);
    assert_eq!(t.len(), 2, "{t:?}");
    assert!(t[1].contains("建立工作台账"), "{t:?}");
}

/// Minutes whose topics are numbered: what the meeting heard or noted is no task; each
/// decision paragraph (会议要求 / 会议明确 / 会议强调 / 会议决定, or `…汇报，同意…`) is a task
/// of its own in that topic's recommendation; a topic of 其他事项 with nothing decided gives
/// none.
/// A topic's headline and the starts of its tasks' titles.
type Topic = (&'static str, &'static [&'static str]);

#[test]
fn each_decision_of_a_numbered_topic_is_a_task_and_narration_none() {
    let l = empty();
    let cases: &[(&str, &[Topic])] = &[
        (
            "县人民政府常务会议纪要\n现纪要如下：\n一、关于三季度财政收支情况\n会议指出，三季度财政收入增长平稳，但支出压力较大。\n会议要求，县财政局要加强收入征管，每月报送一次收支分析。\n会议强调，要严格控制一般性支出。\n二、关于农村饮水安全工作\n会议听取了县水务局的汇报。\n会议明确，由县水务局牵头，11月底前完成12处供水站改造。\n三、其他事项\n会议还研究了其他事项。",
            &[
                (
                    "关于三季度财政收支情况",
                    &["加强收入征管", "严格控制一般性支出"],
                ),
                ("关于农村饮水安全工作", &["完成12处供水站改造"]),
            ],
        ),
        (
            // （一） topics, a decision told after the narration, and 会议决定.
            "专题会议纪要\n（一）关于城区停车场建设\n会议听取了县住建局关于停车场选址的汇报，原则同意选址方案。\n会议决定，成立停车场建设工作专班。\n（二）关于背街小巷照明改造\n会议认为，照明改造群众期盼强烈。\n会议要求，县城管局于10月底前完成路灯安装。",
            &[
                (
                    "关于城区停车场建设",
                    &["原则同意选址方案", "成立停车场建设工作专班"],
                ),
                ("关于背街小巷照明改造", &["完成路灯安装"]),
            ],
        ),
    ];
    for (text, want) in cases {
        let (p, _) = dry(&l, text);
        let got: Vec<(String, Vec<String>)> = p["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["headline"].as_str().unwrap().to_string(),
                    r["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| t["title"].as_str().unwrap().to_string())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(got.len(), want.len(), "{text}: {got:?}");
        for ((h, ts), (wh, wts)) in got.iter().zip(want.iter()) {
            assert_eq!(h, wh, "{text}");
            assert_eq!(ts.len(), wts.len(), "{text}: {got:?}");
            for (t, w) in ts.iter().zip(wts.iter()) {
                // Who acts may stay in the title (`县城管局于…`): the decision's words are
                // what counts here.
                assert!(t.contains(w), "{text}: {t} is not {w}");
            }
        }
        for t in texts(&p) {
            assert!(
                !t.starts_with("会议指出") && !t.starts_with("会议认为"),
                "{t}"
            );
        }
    }
}

/// A paragraph of minutes that assigns work to a unit by name and colon is a task led by that
/// unit, numbered minutes or not; a label (`责任单位：`) or the attendance is not.
#[test]
fn a_unit_and_colon_paragraph_of_minutes_is_a_task_with_that_lead() {
    let l = empty();
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "专题会议纪要\n会议要求，县住建局加快推进二期工程。\n会议强调，各单位要落实安全生产责任。\n县自然资源和规划局：于9月底前完成设计方案审查。\n县财政局：10月10日前拨付首批资金。\n参加会议人员：张三、李四\n记录：王五",
            &[
                ("县自然资源和规划局", "2026-09-30"),
                ("县财政局", "2026-10-10"),
            ],
        ),
        (
            "县政府常务会议纪要\n一、关于农贸市场改造\n会议听取了县商务局的汇报。\n县商务局：牵头制定改造方案，12月底前报县政府审定。\n会议要求，各乡镇要配合做好摊位调整。",
            &[("县商务局", "2026-12-31")],
        ),
    ];
    for (text, want) in cases {
        let (p, _) = dry(&l, text);
        for (unit, deadline) in *want {
            let t = tasks(&p)
                .into_iter()
                .find(|t| t["text"].as_str().unwrap().starts_with(unit))
                .unwrap_or_else(|| panic!("{text}: no task for {unit}: {p}"));
            assert_eq!(t["lead"].as_str(), Some(*unit), "{text}");
            assert_eq!(t["deadline"].as_str(), Some(*deadline), "{text}");
            assert!(!t["title"].as_str().unwrap().starts_with(unit), "{t}");
        }
        for t in texts(&p) {
            assert!(!t.starts_with("参加") && !t.starts_with("记录"), "{t}");
        }
    }
}

/// The lines signed under a task table (`填表人：…`, `联系电话：…`, `审核人：`) are no task, in
/// several layouts; the table's own rows all are.
#[test]
fn a_tables_signature_rows_are_no_task() {
    let l = empty();
    let signed = [
        "填表人：王丽,联系电话：0731-6612345,,",
        ",审核人：李明,,",
        "联系人：赵强,电话：13800000000,填报日期：2026年3月1日,",
        "制表人： 孙芳,,,",
    ];
    for sign in signed {
        let csv = format!(
            "序号,工作任务,牵头单位,完成时限\n1,完成危房改造摸底,县住建局,2026年6月30日\n2,建立长效管护机制,县农业农村局,2026年12月31日\n,,,\n{sign}\n"
        );
        let file = crate::support::write(&l, "t.csv", csv.as_bytes());
        let out = l
            .run(&["import", &file, "--dry-run", "--format", "json"])
            .ok();
        assert_eq!(
            titles(&out.json()),
            ["完成危房改造摸底", "建立长效管护机制"],
            "{sign}"
        );
    }
}
