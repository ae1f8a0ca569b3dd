//! `tracker import` on every structure issue 15 names: flat 一是/首先/第一 lists, items
//! numbered inside one paragraph, nested, restarting and skipping lists, numbered headings with
//! their explanation, trailing matter, broken headings, markers and connectives kept out of
//! titles, Taiwan wording. Each case drives the real binary with `--dry-run --format json`.

use proptest::prelude::*;

use crate::support::Ledger;

/// The tasks of a dry run, as (recommendation headline, title, text).
fn tasks(l: &Ledger, text: &str, extra: &[&str]) -> Vec<(String, String, String)> {
    let file = l.dir.path().join("report.txt");
    std::fs::write(&file, text).unwrap();
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--dry-run",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let v = l.run(&args).ok().json();
    let mut out = Vec::new();
    for r in v["recommendations"].as_array().unwrap() {
        for i in r["items"].as_array().unwrap() {
            out.push((
                r["headline"].as_str().unwrap().to_string(),
                i["title"].as_str().unwrap().to_string(),
                i["text"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

fn titles(l: &Ledger, text: &str) -> Vec<String> {
    tasks(l, text, &[]).into_iter().map(|t| t.1).collect()
}

#[test]
fn each_structure_gives_the_items_a_clerk_would_list() {
    let l = Ledger::new("2026-11-26");
    let cases: [(&str, &str, &[&str]); 15] = [
        (
            "kind 4: a web page's related articles after the report are not its list",
            "社区养老调研\n近期走访发现不少问题。\n1、扩大助餐服务。\n2、培育护理队伍。\n上一篇：我市召开农业现场会\n相关新闻\n1. 市委召开常委会\n2. 全市经济运行平稳",
            &["扩大助餐服务", "培育护理队伍"],
        ),
        (
            "kind 1: 一是 a line after an unnumbered heading",
            "下步工作打算：\n一是加大宣传力度，提高群众知晓率。\n二是完善工作机制，落实责任分工。",
            &["加大宣传力度", "完善工作机制"],
        ),
        (
            "kind 1: 首先 is item 1 of an inline 一是 list",
            "对此提出以下措施：首先，将任务落实到人；二是强化日常督查；三是严格年终考核。",
            &["将任务落实到人", "强化日常督查", "严格年终考核"],
        ),
        (
            "kind 1: 首先…其次…最后 a line",
            "几点打算\n首先，要摸清底数。\n其次，要制定计划。\n最后，要抓好落实。",
            &["摸清底数", "制定计划", "抓好落实"],
        ),
        (
            "kind 1: 第一，第二， inline",
            "会议要求：第一，压实属地责任。第二，做好应急值守。",
            &["压实属地责任", "做好应急值守"],
        ),
        (
            "kind 2: （一）（二）（三） inside one paragraph",
            "会议提出，重点做好三方面工作：（一）抓好项目建设。（二）优化营商环境。（三）改善民生保障。",
            &["抓好项目建设", "优化营商环境", "改善民生保障"],
        ),
        (
            "kind 2: 1、2、3、 inside one paragraph",
            "整改措施：1、更换老化线路；2、清理蓄水池淤泥；3、维修水泵。",
            &["更换老化线路", "清理蓄水池淤泥", "维修水泵"],
        ),
        (
            "kind 3: numbering restarts under each group",
            "一、教育项目\n1、一中：抓紧办理前期手续。\n2、二中：力争年内开工。\n二、商业项目\n1、五金城：确保年内开业。",
            &[
                "一中：抓紧办理前期手续",
                "二中：力争年内开工",
                "五金城：确保年内开业",
            ],
        ),
        (
            "kind 3: gaps and an elision do not end a list",
            "下一步措施\n（一）建立台账。\n（二）定期调度。\n…………\n（四）严格问责。",
            &["建立台账", "定期调度", "严格问责"],
        ),
        (
            "kind 4: a heading with its explanation, then a link",
            "三、几点建议\n1、增设减速带。因路口车辆转弯多，极易发生事故。因此，增设减速带很有必要。\n2、规范非机动车停放。\n相关链接：本报记者走访了三个路口。",
            &["增设减速带", "规范非机动车停放"],
        ),
        (
            "kind 4: explanation paragraphs, then a signature and a date",
            "下步工作安排\n1、开展专项检查。\n检查覆盖全部在建工地。\n2、通报检查结果。\n县住建局\n2024年5月6日",
            &["开展专项检查", "通报检查结果"],
        ),
        (
            "kind 4: a conclusion is not part of the last item",
            "建议如下：\n（一）扩大试点范围。\n（二）总结推广经验。\n总之，只要各方共同努力，就一定能取得实效。",
            &["扩大试点范围", "总结推广经验"],
        ),
        (
            "kind 7: a heading broken across two lines",
            "整改措施\n（一）建立健全农村集体资产\n监督管理制度\n由县农业农村局牵头。\n（二）开展清产核资。",
            &["建立健全农村集体资产监督管理制度", "开展清产核资"],
        ),
        (
            "kind 7: findings before the recommendations are passed over",
            "存在问题：\n1、台账不全。\n2、督办不力。\n为此建议：\n1、完善台账。\n2、加强督办。",
            &["完善台账", "加强督办"],
        ),
        (
            "kind 7: the tasks of a plan, not its 保障措施",
            "实施方案\n一、主要任务\n（一）完善基础设施。\n（二）提升服务功能。\n二、保障措施\n（一）加强组织领导。",
            &["完善基础设施", "提升服务功能"],
        ),
    ];
    for (what, text, want) in cases {
        assert_eq!(titles(&l, text), want, "{what}");
    }
}

#[test]
fn a_heading_is_the_title_and_the_whole_paragraph_the_text() {
    let l = Ledger::new("2026-11-26");
    let t = tasks(
        &l,
        "三、几点建议\n1、增设减速带。因路口车辆转弯多，极易发生事故。因此，增设减速带很有必要。\n2、规范非机动车停放。\n相关链接：本报记者走访了三个路口。",
        &[],
    );
    assert_eq!(t[0].0, "几点建议");
    assert_eq!(
        t[0].2,
        "增设减速带。因路口车辆转弯多，极易发生事故。因此，增设减速带很有必要。"
    );
    assert_eq!(t[1].2, "规范非机动车停放。", "the link stays out");
}

#[test]
fn nested_lists_become_one_recommendation_per_group() {
    let l = Ledger::new("2026-11-26");
    let file = l.dir.path().join("projects.txt");
    std::fs::write(
        &file,
        "一、教育项目\n1、一中：抓紧办理前期手续。\n2、二中：力争年内开工。\n三、商业项目\n1、五金城：确保年内开业。",
    )
    .unwrap();
    let v = l
        .run(&[
            "import",
            file.to_str().unwrap(),
            "--dry-run",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let ids: Vec<&str> = v["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap())
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1.1", "1.2", "2.1"]);
    assert_eq!(v["recommendations"][1]["headline"], "商业项目");
}

#[test]
fn no_title_keeps_a_marker_or_starts_with_a_connective() {
    let l = Ledger::new("2026-11-26");
    let text = "下步打算：\n一是要加大宣传力度。\n二是同时加强监督检查。\n三是因此，建立长效机制。\n四是由县民政局牵头，强化市民参与。\n以上意见，请审阅。";
    assert_eq!(
        titles(&l, text),
        [
            "加大宣传力度",
            "加强监督检查",
            "建立长效机制",
            "强化市民参与"
        ]
    );
}

#[test]
fn taiwan_wording_comes_out_in_mainland_terms() {
    let l = Ledger::new("2026-11-26");
    let text = "建議事項\n1、建置網際網路服務平臺。\n2、推廣軟體產業應用。";
    let t = tasks(&l, text, &["--to-simplified"]);
    let got: Vec<&str> = t.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(got, ["建置互联网服务平台", "推广软件产业应用"]);
}

/// The ways a flat list of actions is written.
fn numbered(style: usize, n: usize) -> String {
    const CN: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match style {
        0 => format!("{n}、"),
        1 => format!("（{}）", CN[n - 1]),
        2 => format!("{}是", CN[n - 1]),
        3 => format!("第{}，", CN[n - 1]),
        4 => format!("({n})"),
        _ => ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨"][n - 1].to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any flat list, in any marker style, one item a line or all in one paragraph, after a
    /// lead-in and before a date: one task per item, titled with the item's action.
    #[test]
    fn any_flat_list_gives_one_task_per_item(
        style in 0usize..6,
        actions in proptest::collection::vec("(加强|完善|推进|落实|建立)(宣传|台账|机制|制度|考核)(工作|管理)", 2..9),
        inline in any::<bool>(),
        explained in any::<bool>(),
    ) {
        let l = Ledger::new("2026-11-26");
        let items: Vec<String> = actions
            .iter()
            .enumerate()
            .map(|(k, a)| {
                let why = if explained { "因此，这项工作很有必要。" } else { "" };
                format!("{}{a}。{why}", numbered(style, k + 1))
            })
            .collect();
        let body = if inline { items.join("") } else { items.join("\n") };
        let text = format!("关于做好下步工作的意见\n下一步工作措施如下：\n{body}\n2024年6月1日\n");
        prop_assert_eq!(titles(&l, &text), actions);
    }
}

#[test]
fn an_empty_numbered_line_is_dropped_and_a_lone_marker_refused() {
    let l = Ledger::new("2026-11-26");
    assert_eq!(titles(&l, "建议如下：\n1、\n2、加强管理。"), ["加强管理"]);
    let file = l.dir.path().join("lone.txt");
    std::fs::write(&file, "下步打算：一是\n").unwrap();
    l.run(&["import", file.to_str().unwrap()])
        .fails(1, &["no numbered recommendations found", "一是/首先"]);
    assert!(!l.db.exists(), "nothing written");
}

#[test]
fn unnumbered_minutes_give_one_task_per_decision() {
    let l = Ledger::new("2026-11-26");
    let t = tasks(
        &l,
        "专题会议纪要\n会议听取了区城管局的汇报。会议认为，工作推进有序。\n会议要求，区城管局要完成占道经营清理。\n会议决定，由区财政局安排专项资金。\n参加：区城管局",
        &[],
    );
    let texts: Vec<&str> = t.iter().map(|t| t.2.as_str()).collect();
    assert_eq!(
        texts,
        [
            "会议要求，区城管局要完成占道经营清理。",
            "会议决定，由区财政局安排专项资金。"
        ]
    );
    assert_eq!(t[0].0, "专题会议纪要");
    // One decision is not a list: refused as before.
    let file = l.dir.path().join("one.txt");
    std::fs::write(&file, "会议纪要\n会议要求，抓好落实。\n").unwrap();
    l.run(&["import", file.to_str().unwrap(), "--dry-run"])
        .fails(1, &["no numbered recommendations found"]);
}
