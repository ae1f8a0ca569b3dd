//! `tracker import` on report text: what a fresh user found lost or wrong (issue 15, third
//! round). Page furniture between items, findings before plans in one paragraph, an 附件 list
//! after the closing line, inline sub-steps, broken headings, tabs, unit labels, 由X牵头,
//! undoing an import, hidden Word text, and the plurals of the summary.

use serde_json::Value;

use crate::support::{Ledger, empty, write};

/// The dry run's JSON and its stderr.
fn dry(l: &Ledger, text: &str) -> (Value, String) {
    let f = write(l, "r.txt", text.as_bytes());
    let out = l.run(&["import", &f, "--dry-run", "--format", "json"]).ok();
    (out.json(), out.stderr)
}

fn tasks(p: &Value) -> Vec<Value> {
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .collect()
}

fn titles(p: &Value) -> Vec<String> {
    tasks(p)
        .iter()
        .map(|t| t["title"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn page_furniture_between_items_is_skipped_not_the_end_of_the_list() {
    let furniture = [
        "— 3 —",
        "- 3 -",
        "－ 12 －",
        "第3页 共5页",
        "第 3 页",
        "共5页第3页",
        "3",
        "3/5",
        "图1 项目分布图",
        "图 2 全县农村公路现状示意图",
        "表1 2024年资金使用情况统计表",
        "附表",
        "续表",
        "内部资料",
        "内部资料 注意保存",
        "某某县人民政府办公室",
        "县委改革办",
    ];
    let l = empty();
    for f in furniture {
        let text = format!("对策建议\n1、加强宣传。\n{f}\n2、完善制度。\n3、强化考核。\n");
        let (p, err) = dry(&l, &text);
        assert_eq!(
            titles(&p),
            ["加强宣传", "完善制度", "强化考核"],
            "with {f:?} between items"
        );
        // Furniture is not part of the item before it.
        assert_eq!(tasks(&p)[0]["text"], "加强宣传。", "with {f:?}");
        assert!(err.is_empty(), "with {f:?}: {err}");
    }
    // The import itself writes all three.
    let f = write(
        &l,
        "p.txt",
        "对策建议\n1、加强宣传。\n— 3 —\n2、完善制度。\n3、强化考核。\n".as_bytes(),
    );
    l.run(&["import", &f]).ok();
    let list = l.run(&["list", "--format", "json"]).ok().json();
    assert_eq!(list.as_array().map(Vec::len), Some(3));
}

#[test]
fn numbered_lines_left_out_after_an_ending_are_named_on_stderr() {
    let l = empty();
    // A line the importer reads as the end of the list, then items it does not continue.
    let cases: &[(&str, usize, usize)] = &[
        (
            "对策建议\n1、加强宣传。\n某某同志\n5、完善制度。\n6、强化考核。\n",
            2,
            3,
        ),
        (
            "几点建议\n一是加强领导。\n二是健全机制。\n县委组织部\n（一）开展培训。\n",
            1,
            4,
        ),
    ];
    for &(text, count, line) in cases {
        let (_, err) = dry(&l, text);
        let want = if count == 1 {
            format!("1 numbered line after line {line} was left out")
        } else {
            format!("{count} numbered lines after line {line} were left out")
        };
        assert!(err.contains(&want), "{text:?}: {err}");
        let f = write(&l, "left.txt", text.as_bytes());
        let out = l.run(&["import", &f]).ok();
        assert!(out.stderr.contains(&want), "{}", out.stderr);
        l.run(&["undo"]).ok();
        let zh = l.run(&["--lang", "zh", "import", &f, "--dry-run"]).ok();
        assert!(zh.stderr.contains("未导入"), "{}", zh.stderr);
    }
    // An 附件 list after the closing line is the end of the document: nothing to warn about.
    let (_, err) = dry(
        &l,
        "对策建议\n1、加强宣传。\n2、完善制度。\n以上建议，供领导参考。\n附件：1.路口清单\n2.事故统计\n",
    );
    assert!(err.is_empty(), "{err}");
}

/// (document, headline, task titles)
type Case = (&'static str, &'static str, &'static [&'static str]);

fn check(l: &Ledger, cases: &[Case]) {
    for &(text, headline, want) in cases {
        let (p, _) = dry(l, text);
        assert_eq!(titles(&p), want, "{text:?}");
        let heads: Vec<&str> = p["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["headline"].as_str().unwrap())
            .collect();
        assert_eq!(heads, [headline], "{text:?}");
    }
}

#[test]
fn findings_then_plans_in_one_paragraph_give_the_plans() {
    let l = empty();
    check(
        &l,
        &[
            (
                "一、存在问题：（一）宣传不到位。（二）制度不健全。下步措施：（一）加大宣传力度。（二）完善制度建设。",
                "下步措施",
                &["加大宣传力度", "完善制度建设"],
            ),
            (
                "工作中还存在一些问题：一是宣传不到位；二是制度不健全。下一步，我们将：一是加大宣传；二是完善制度。",
                "下一步，我们将",
                &["加大宣传", "完善制度"],
            ),
            (
                "检查发现的问题：1、台账不全；2、记录缺失；3、隐患未整改。整改措施：1、补齐台账；2、规范记录。",
                "整改措施",
                &["补齐台账", "规范记录"],
            ),
            // On separate lines, the findings' lead-in is no headline.
            (
                "但也存在一些问题：\n一是宣传不到位。\n二是制度不健全。\n下一步，我们将：\n一是加大宣传。\n二是完善制度。",
                "下一步，我们将",
                &["加大宣传", "完善制度"],
            ),
        ],
    );
}

#[test]
fn a_closing_line_and_its_attachment_list_end_the_document() {
    let l = empty();
    check(
        &l,
        &[
            (
                "对策建议\n1、加强宣传。\n2、完善制度。\n以上建议，供领导参考。\n附件：1.路口清单\n2.事故统计",
                "对策建议",
                &["加强宣传", "完善制度"],
            ),
            (
                "几点建议\n一、增设减速带。\n二、规范停放。\n特此报告。\n附件：\n1.路口清单\n2.事故统计表",
                "几点建议",
                &["增设减速带", "规范停放"],
            ),
            (
                "下步打算\n（一）完善机制。\n（二）强化督查。\n某某县交通运输局\n2024年5月6日\n附件：1、隐患点位清单",
                "下步打算",
                &["完善机制", "强化督查"],
            ),
        ],
    );
}

#[test]
fn a_tab_in_the_text_is_spacing_not_a_refused_control_character() {
    let l = empty();
    for text in [
        "对策建议\n1、加强\t宣传。\n2、完善制度。",
        "对策建议\n1、加强\u{b}宣传。\n2、完善\u{c}制度。",
        "对策建议\n1、推进\tABC\t工程。\n2、完善制度。",
    ] {
        let (p, _) = dry(&l, text);
        assert_eq!(tasks(&p).len(), 2, "{text:?}");
        let t = &tasks(&p)[0]["title"];
        assert!(!t.as_str().unwrap().contains(char::is_control), "{t}");
    }
    // A control character that is not spacing is refused, shown as U+0007 in either language.
    let f = write(&l, "bell.txt", "对策建议\n1、加强\u{7}宣传。\n".as_bytes());
    l.run(&["import", &f, "--dry-run"])
        .fails(1, &["U+0007", "line 2, column 5"]);
    l.run(&["--lang", "zh", "import", &f, "--dry-run"])
        .fails(1, &["U+0007", "第 2 行"]);
}

#[test]
fn undoing_an_import_releases_its_file() {
    let l = empty();
    let f = write(
        &l,
        "r.txt",
        "对策建议\n1、加强宣传。\n2、完善制度。\n".as_bytes(),
    );
    l.run(&["import", &f]).ok();
    let twice = l.run(&["import", &f]).ok();
    assert!(
        twice.stdout.contains("already imported"),
        "{}",
        twice.stdout
    );
    l.run(&["undo"]).ok();
    let again = l.run(&["import", &f]).ok();
    assert!(again.stdout.contains("2 tasks"), "{}", again.stdout);
    let open = l.run(&["list", "--format", "json"]).ok().json();
    assert_eq!(open.as_array().map(Vec::len), Some(2));
    // Imported again and not undone, it holds the file once more.
    let held = l.run(&["import", &f]).ok();
    assert!(held.stdout.contains("already imported"), "{}", held.stdout);
}

#[test]
fn the_summary_says_one_recommendation_and_one_task() {
    let l = empty();
    let f = write(&l, "one.txt", "对策建议\n1、加强宣传。\n".as_bytes());
    let out = l.run(&["import", &f, "--dry-run"]).ok();
    assert!(
        out.stdout.contains("1 recommendation, 1 task ("),
        "{}",
        out.stdout
    );
    let f = write(
        &l,
        "two.txt",
        "对策建议\n1、加强宣传。\n2、完善制度。\n".as_bytes(),
    );
    let out = l.run(&["import", &f, "--dry-run"]).ok();
    assert!(
        out.stdout.contains("1 recommendation, 2 tasks"),
        "{}",
        out.stdout
    );
}

/// (document, the task titles, and a piece of the first task's text that must stay in it)
type StepCase = (&'static str, &'static [&'static str], &'static str);

#[test]
fn steps_inside_one_item_of_a_flat_list_stay_in_that_items_text() {
    let cases: &[StepCase] = &[
        (
            "对策建议\n1、加强宣传引导。一是开展进社区活动；二是制作宣传手册。\n2、完善制度建设。\n3、强化考核问责。",
            &["加强宣传引导", "完善制度建设", "强化考核问责"],
            "二是制作宣传手册",
        ),
        (
            "下一步措施：\n（一）压实整改责任。首先，逐项明确责任人；其次，建立销号台账；最后，定期通报。\n（二）规范资金使用。\n（三）健全长效机制。\n（四）加强监督检查。",
            &[
                "压实整改责任",
                "规范资金使用",
                "健全长效机制",
                "加强监督检查",
            ],
            "其次，建立销号台账",
        ),
        (
            "几点建议\n1. 优化审批流程。\n2. 提升窗口服务。第一，推行预约办理。第二，开展延时服务。\n3. 推进数据共享。",
            &["优化审批流程", "提升窗口服务", "推进数据共享"],
            "",
        ),
        (
            "整改措施：\n1、更新消防器材。\n2、清理安全通道，一要清除杂物，二要设置标识。",
            &["更新消防器材", "清理安全通道"],
            "",
        ),
        // Steps on lines of their own under one item of four are still that item's.
        (
            "下步打算：\n1、加强队伍建设。\n一是开展业务培训；\n二是充实基层力量。\n2、推进信息化建设。\n3、强化督查考核。\n4、加大资金保障。",
            &[
                "加强队伍建设",
                "推进信息化建设",
                "强化督查考核",
                "加大资金保障",
            ],
            "二是充实基层力量",
        ),
        (
            "对策建议\n（一）健全工作机制。\n首先，建立联席会议制度；\n其次，完善信息通报。\n（二）加强经费保障。\n（三）强化人才支撑。",
            &["健全工作机制", "加强经费保障", "强化人才支撑"],
            "其次，完善信息通报",
        ),
    ];
    let l = empty();
    for &(text, want, kept) in cases {
        let (p, _) = dry(&l, text);
        assert_eq!(titles(&p), want, "{text:?}");
        let all: Vec<String> = tasks(&p)
            .iter()
            .map(|t| t["text"].as_str().unwrap().to_string())
            .collect();
        assert!(
            all.iter().any(|t| t.contains(kept)),
            "{kept} kept in its item: {all:?}"
        );
    }
}

#[test]
fn a_heading_cut_in_the_middle_of_a_word_is_one_title() {
    let cases: &[(&str, &[&str])] = &[
        (
            "对策建议\n（一）加强农村基础设施\n建设。加快推进道路硬化。\n（二）完善\n体制机制。",
            &["加强农村基础设施建设", "完善体制机制"],
        ),
        (
            "整改措施：\n1、完善财务报销\n机制，规范审批流程。\n2、加强固定资产管理。",
            &["完善财务报销机制", "加强固定资产管理"],
        ),
        (
            "工作建议\n一、全面推进农村生活垃圾\n分类处理工作。\n二、加快改厕步伐。",
            &["全面推进农村生活垃圾分类处理工作", "加快改厕步伐"],
        ),
        // A complete heading keeps the short sentence under it as its text, not its title.
        (
            "保障措施\n（一）加强组织领导\n各单位要高度重视。\n（二）强化督查问责\n加强调度。",
            &["加强组织领导", "强化督查问责"],
        ),
    ];
    let l = empty();
    for &(text, want) in cases {
        let (p, _) = dry(&l, text);
        assert_eq!(titles(&p), want, "{text:?}");
    }
    // The text keeps every word, the cut closed up.
    let (p, _) = dry(&l, cases[0].0);
    assert_eq!(
        tasks(&p)[0]["text"],
        "加强农村基础设施建设。加快推进道路硬化。"
    );
}
