//! `tracker import`: the structure a fresh tester found still failing (issue 15, fourth
//! round): numbering that goes on after an aside or an ending, bylines, addressee lines and an
//! attached table, numbered 议定事项 of minutes, label lines, and numbering styles refused
//! before. Each kind is a table of documents in several styles.

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

fn headlines(p: &Value) -> Vec<String> {
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["headline"].as_str().unwrap().to_string())
        .collect()
}

fn lead(t: &Value) -> Option<String> {
    t["lead"].as_str().map(str::to_string)
}

#[test]
fn a_number_that_goes_on_after_a_one_line_aside_is_still_the_list() {
    let l = empty();
    let cases: &[(&str, &[&str])] = &[
        (
            "几点建议\n1、充实基层力量。\n2、提高补助标准。\n总之，基层治理是一项长期任务。\n3、健全考核办法。\n4、开展业务轮训。\n",
            &[
                "充实基层力量",
                "提高补助标准",
                "健全考核办法",
                "开展业务轮训",
            ],
        ),
        (
            "下步措施\n一、排查危险路段。\n综上所述，安全形势不容乐观。\n二、增设警示标志。\n",
            &["排查危险路段", "增设警示标志"],
        ),
        (
            "整改措施：\n（一）清理河道垃圾。\n同时，要发动群众参与。\n（二）修复破损堤岸。\n",
            &["清理河道垃圾", "修复破损堤岸"],
        ),
        (
            "对策建议\n1、加快项目审批。\n总而言之，效率是关键。\n2、压缩办理时限。\n",
            &["加快项目审批", "压缩办理时限"],
        ),
    ];
    for &(text, want) in cases {
        let (p, err) = dry(&l, text);
        assert_eq!(titles(&p), want, "{text:?}");
        assert!(err.is_empty(), "{text:?}: {err}");
        // The aside is no part of the item before it.
        for t in tasks(&p) {
            let text = t["text"].as_str().unwrap();
            assert!(!text.contains("总之") && !text.contains("综上"), "{text}");
        }
    }
}

#[test]
fn a_number_that_goes_on_after_an_ending_is_named_on_stderr_never_dropped_silently() {
    let l = empty();
    // (document, items kept, lines named on stderr, the ending's line)
    let cases: &[(&str, usize, usize, usize)] = &[
        (
            "对策建议\n1、充实基层力量。\n2、提高补助标准。\n以上建议，供参考。\n3、健全考核办法。\n",
            2,
            1,
            4,
        ),
        (
            "对策建议\n1、充实基层力量。\n2、提高补助标准。\n附件：\n3、健全考核办法。\n4、开展业务轮训。\n",
            2,
            2,
            4,
        ),
        (
            "几点建议\n一、排查危险路段。\n相关链接：记者走访了城区路口。\n二、增设警示标志。\n",
            1,
            1,
            3,
        ),
        (
            "对策建议\n（一）充实基层力量。\n（二）提高补助标准。\n2025年5月20日\n（三）健全考核办法。\n",
            2,
            1,
            4,
        ),
        (
            "整改措施\n1、清理河道。\n特此报告。\n2、修复堤岸。\n",
            1,
            1,
            3,
        ),
    ];
    for &(text, kept, count, line) in cases {
        let (p, err) = dry(&l, text);
        assert_eq!(tasks(&p).len(), kept, "{text:?}");
        let want = if count == 1 {
            format!("1 numbered line after line {line} was left out")
        } else {
            format!("{count} numbered lines after line {line} were left out")
        };
        assert!(err.contains(&want), "{text:?}: {err}");
    }
    // A list the ending introduces starts again at 1: links, not items, and no warning.
    for text in [
        "对策建议\n1、充实基层力量。\n2、提高补助标准。\n相关链接：\n1、某市经验\n2、某县经验\n",
        "对策建议\n1、充实基层力量。\n2、提高补助标准。\n附件：1.路口清单\n2.事故统计\n",
    ] {
        let (p, err) = dry(&l, text);
        assert_eq!(tasks(&p).len(), 2, "{text:?}");
        assert!(err.is_empty(), "{text:?}: {err}");
    }
}

#[test]
fn a_byline_is_trailing_matter_not_a_lead_nor_text_nor_an_item() {
    let l = empty();
    for byline in [
        "（作者单位：县交通运输局）",
        "作者：张三",
        "（作者：县委党校 李四）",
        "来源：县融媒体中心",
        "通讯员：王五",
        "供稿：县农业农村局",
        "（县交通运输局 供稿）",
        "【县水利局供稿】",
        "本文来源：某某日报",
        "（文/县委政研室 赵六）",
    ] {
        let text = format!("几点建议\n1、增设减速带。\n2、规范非机动车停放。\n{byline}\n");
        let (p, err) = dry(&l, &text);
        assert_eq!(
            titles(&p),
            ["增设减速带", "规范非机动车停放"],
            "with {byline}"
        );
        let last = &tasks(&p)[1];
        assert_eq!(last["text"], "规范非机动车停放。", "with {byline}");
        assert_eq!(lead(last), None, "with {byline}");
        assert!(err.is_empty(), "with {byline}: {err}");
    }
}

#[test]
fn an_addressee_line_heads_no_recommendation() {
    let l = empty();
    for addressee in [
        "各乡镇：",
        "各有关单位：",
        "各县（市、区）人民政府：",
        "各乡镇人民政府，县直各单位：",
        "市政府各部门：",
        "各街道办事处、县直有关部门：",
    ] {
        for list in [
            "一、开展隐患排查。\n二、加强值班值守。",
            "一是开展隐患排查。\n二是加强值班值守。",
        ] {
            let text = format!("关于做好防汛工作的紧急通知\n{addressee}\n{list}\n县防汛办\n");
            let (p, _) = dry(&l, &text);
            assert_eq!(headlines(&p), ["关于做好防汛工作的紧急通知"], "{text:?}");
            assert_eq!(titles(&p), ["开展隐患排查", "加强值班值守"], "{text:?}");
        }
    }
}

#[test]
fn an_attached_table_does_not_make_the_items_before_it_vanish() {
    let l = empty();
    // The table's rows come after the items, as a recommendation of their own
    // (import_structure_tables.rs has more).
    for (table, row) in [
        ("序号 | 工作任务 | 责任单位\n1 | 甲 | 县财政局\n", "甲"),
        (
            "序号\t重点任务\t牵头单位\t完成时限\n1\t乙\t县住建局\t年底前\n",
            "乙",
        ),
        (
            "序号  工作任务      责任单位\n1     丙            县财政局\n",
            "丙",
        ),
    ] {
        for ending in ["", "\n县委办公室\n2025年3月1日\n"] {
            let text = format!(
                "下步工作打算：\n一是加大宣传力度。\n二是完善工作机制。\n{ending}附件：任务清单\n{table}"
            );
            let (p, _) = dry(&l, &text);
            assert_eq!(
                titles(&p),
                ["加大宣传力度", "完善工作机制", row],
                "{text:?}"
            );
        }
    }
    // A task table alone is still read as one.
    let (p, _) = dry(
        &l,
        "序号 | 工作任务 | 责任单位\n1 | 新增就业 | 县人社局\n2 | 改造小区 | 县住建局\n",
    );
    assert_eq!(titles(&p), ["新增就业", "改造小区"]);
}

#[test]
fn numbered_decisions_of_minutes_are_tasks_titled_after_their_lead_in() {
    let l = empty();
    // (document, [(title, text starts with, lead)])
    type Want = &'static [(&'static str, &'static str, Option<&'static str>)];
    let cases: &[(&str, Want)] = &[
        (
            "县长办公会议纪要\n会议议定事项如下：\n一、会议要求，县住建局要加快老旧小区改造。\n二、会议决定，由县交通局牵头，县财政局配合，6月底前完成招标。\n三、会议明确，县卫健委为疫情防控牵头单位，负责制定防控方案。\n",
            &[
                ("加快老旧小区改造", "会议要求，", Some("县住建局")),
                ("完成招标", "会议决定，", Some("县交通局")),
                ("负责制定防控方案", "会议明确，", Some("县卫健委")),
            ],
        ),
        (
            "专题会议纪要\n1．会议听取了县住建局的汇报。会议要求，县住建局要加快推进棚户区改造。\n2．会议决定，明确县城管局为牵头单位，年内建成两个停车场。\n3．会议明确由县教育局牵头，做好秋季开学准备。\n",
            &[
                ("加快推进棚户区改造", "会议听取", Some("县住建局")),
                ("建成两个停车场", "会议决定，", Some("县城管局")),
                ("做好秋季开学准备", "会议明确", Some("县教育局")),
            ],
        ),
    ];
    for &(text, want) in cases {
        let (p, _) = dry(&l, text);
        let got = tasks(&p);
        assert_eq!(got.len(), want.len(), "{text:?}");
        for (t, &(title, start, who)) in got.iter().zip(want) {
            assert_eq!(t["title"], title, "{text:?}");
            assert!(t["text"].as_str().unwrap().starts_with(start), "{t}");
            assert_eq!(lead(t).as_deref(), who, "{t}");
        }
    }
}

#[test]
fn label_lines_keep_their_line_breaks_in_the_text() {
    let l = empty();
    for (labels, want) in [
        (
            "责任单位：县政务服务中心\n完成时限：9月底",
            "推行一网通办。\n责任单位：县政务服务中心\n完成时限：9月底",
        ),
        (
            "牵头单位：县政务服务中心\n配合单位：县财政局\n时间节点：年底前",
            "推行一网通办。\n牵头单位：县政务服务中心\n配合单位：县财政局\n时间节点：年底前",
        ),
        (
            "责任单位：县政务服务中心、县大数据局\n完成时间：2025年9月",
            "推行一网通办。\n责任单位：县政务服务中心、县大数据局\n完成时间：2025年9月",
        ),
    ] {
        let text = format!("工作建议：\n1、推行一网通办。\n{labels}\n2、规范涉企收费。\n");
        let (p, _) = dry(&l, &text);
        assert_eq!(titles(&p), ["推行一网通办", "规范涉企收费"], "{text:?}");
        assert_eq!(tasks(&p)[0]["text"], want, "{text:?}");
    }
}

#[test]
fn numbering_styles_refused_before_are_read() {
    let l = empty();
    let want = ["加强组织领导", "强化要素保障", "严格督查考核"];
    for numbered in [
        "⑴加强组织领导。\n⑵强化要素保障。\n⑶严格督查考核。",
        "⑴加强组织领导。⑵强化要素保障。⑶严格督查考核。",
        "⒈加强组织领导。\n⒉强化要素保障。\n⒊严格督查考核。",
        "①加强组织领导。\n②强化要素保障。\n③严格督查考核。",
        "㈠加强组织领导。\n㈡强化要素保障。\n㈢严格督查考核。",
        "一）加强组织领导。\n二）强化要素保障。\n三）严格督查考核。",
        "一)加强组织领导。\n二)强化要素保障。\n三)严格督查考核。",
        "第一 加强组织领导\n第二 强化要素保障\n第三 严格督查考核",
        "第一　加强组织领导\n第二　强化要素保障\n第三　严格督查考核",
        "第一条 加强组织领导。\n第二条 强化要素保障。\n第三条 严格督查考核。",
        "第一条、加强组织领导。\n第二条、强化要素保障。\n第三条、严格督查考核。",
        "1 加强组织领导。\n2 强化要素保障。\n3 严格督查考核。",
        "1　加强组织领导。\n2　强化要素保障。\n3　严格督查考核。",
    ] {
        let text = format!("2025年工作要点\n{numbered}\n");
        let (p, _) = dry(&l, &text);
        assert_eq!(titles(&p), want, "{numbered:?}");
    }
}

#[test]
fn a_number_and_a_space_is_an_item_only_in_a_run() {
    let l = empty();
    // Quantities, years and a lone `1 ` are running text of the item they stand in.
    let (p, _) = dry(
        &l,
        "对策建议\n1、加强培训。\n3 个乡镇已完成试点。\n2、增加经费。\n",
    );
    assert_eq!(titles(&p), ["加强培训", "增加经费"]);
    assert_eq!(tasks(&p)[0]["text"], "加强培训。\n3 个乡镇已完成试点。");
    let f = l.dir.path().join("lone.txt");
    std::fs::write(&f, "对策建议\n1 加强培训。\n其他工作照常。\n").unwrap();
    l.run(&["import", f.to_str().unwrap(), "--dry-run"])
        .fails(1, &["no numbered recommendations"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    /// Whatever one-line aside stands between two items of a list, the numbers that go on
    /// after it are items: none is dropped.
    #[test]
    fn any_aside_keeps_the_list(
        word in prop::sample::select(vec!["总之", "综上", "综上所述", "总而言之"]),
        rest in "[一-龥]{2,10}",
        n in 3usize..6,
    ) {
        let l = empty();
        let mut text = String::from("对策建议\n1、加强培训。\n2、增加经费。\n");
        text.push_str(&format!("{word}，{rest}。\n"));
        for k in 3..=n {
            text.push_str(&format!("{k}、完成第{k}项。\n"));
        }
        let (p, err) = dry(&l, &text);
        prop_assert_eq!(tasks(&p).len(), n);
        prop_assert!(err.is_empty());
    }
}
