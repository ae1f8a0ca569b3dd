//! `tracker import`: numbering by levels (issue 15, fourth round). A Word list whose inner
//! level is written in any of Word's formats (`a.`, `%1.%2`, `ii)`, `甲、`, `1.` under `1.`)
//! keeps its nesting; text numbered `1.1` (under `1.` or alone) is read as nested items; and
//! `1，` (a full-width comma after the number) is an item where it continues a run.

use std::io::Write;

use proptest::prelude::*;
use serde_json::Value;

use crate::support::{Ledger, empty, import_dry, planned_tasks, write};

fn headlines(p: &Value) -> Vec<String> {
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["headline"].as_str().unwrap().to_string())
        .collect()
}

fn titles(p: &Value) -> Vec<String> {
    planned_tasks(p)
        .iter()
        .map(|t| t["title"].as_str().unwrap_or("").to_string())
        .collect()
}

/// A .docx of `body` with one list (numId 1) whose levels are `levels` (format, pattern).
pub(crate) fn docx(body: &str, levels: &[(&str, &str)]) -> Vec<u8> {
    let lvls: String = levels
        .iter()
        .enumerate()
        .map(|(i, (fmt, text))| {
            format!(
                r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>"#
            )
        })
        .collect();
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string(),
            ),
            (
                "word/document.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
                ),
            ),
            ("word/numbering.xml", numbering),
        ];
        for (name, text) in parts {
            z.start_file(name, opts).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

pub(crate) fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

pub(crate) fn at(level: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

pub(crate) fn dry_file(l: &Ledger, file: &str) -> Value {
    l.run(&["import", file, "--dry-run", "--format", "json"])
        .ok()
        .json()
}

/// Two groups of inner items, in a list whose levels are `levels`.
fn two_groups(levels: &[(&str, &str)]) -> Vec<u8> {
    let body = [
        p("关于推进社区治理的工作方案"),
        p("重点任务"),
        at(0, "夯实基层组织"),
        at(1, "配齐社区专职工作者。"),
        at(1, "推行网格员包片联户。"),
        at(0, "优化便民服务"),
        at(1, "建成一站式服务大厅。"),
    ]
    .concat();
    docx(&body, levels)
}

#[test]
fn a_word_list_keeps_its_inner_items_in_every_level_format() {
    let l = empty();
    let cases: &[&[(&str, &str)]] = &[
        &[("decimal", "%1."), ("lowerLetter", "%2.")],
        &[("decimal", "%1."), ("decimal", "%1.%2")],
        &[("decimal", "%1."), ("decimal", "%2.")],
        &[("decimal", "%1、"), ("decimal", "%2、")],
        &[("upperRoman", "%1."), ("lowerRoman", "%2)")],
        &[("upperLetter", "%1."), ("lowerLetter", "(%2)")],
        &[("chineseCounting", "%1、"), ("decimalEnclosedCircle", "%2")],
        &[
            ("chineseCountingThousand", "%1、"),
            ("chineseCounting", "（%2）"),
        ],
        &[("ideographTraditional", "%1、"), ("decimal", "%2.")],
        &[("decimalFullWidth", "%1．"), ("decimalFullWidth", "%2．")],
        &[("chineseLegalSimplified", "%1、"), ("decimalZero", "%2.")],
        &[("decimal", "第%1条"), ("decimalEnclosedParen", "%2")],
        &[("decimal", "%1"), ("decimal", "%1.%2.")],
    ];
    for levels in cases {
        let file = write(&l, "方案.docx", &two_groups(levels));
        let v = dry_file(&l, &file);
        assert_eq!(
            headlines(&v),
            ["夯实基层组织", "优化便民服务"],
            "{levels:?}"
        );
        assert_eq!(
            titles(&v),
            [
                "配齐社区专职工作者",
                "推行网格员包片联户",
                "建成一站式服务大厅"
            ],
            "{levels:?}"
        );
    }
}

#[test]
fn a_word_list_of_three_levels_in_one_format_keeps_all_three() {
    let l = empty();
    let body = [
        p("2026年工作要点"),
        at(0, "抓好党建工作"),
        at(1, "加强班子建设"),
        at(2, "每季度召开一次民主生活会。"),
        at(2, "落实谈心谈话制度。"),
        at(1, "加强队伍建设"),
        at(2, "开展全员轮训。"),
        at(0, "抓好业务工作"),
        at(1, "提升办件质量"),
        at(2, "推行限时办结。"),
    ]
    .concat();
    for fmt in ["%1.", "%1、"] {
        let levels = [("decimal", fmt), ("decimal", fmt), ("decimal", fmt)];
        let file = write(&l, "要点.docx", &docx(&body, &levels));
        let v = dry_file(&l, &file);
        assert_eq!(
            titles(&v),
            [
                "每季度召开一次民主生活会",
                "落实谈心谈话制度",
                "开展全员轮训",
                "推行限时办结"
            ],
            "{fmt}"
        );
    }
}

#[test]
fn text_numbered_one_dot_one_is_nested_or_a_list_of_its_own() {
    let l = empty();
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "主要任务\n1. 健全组织体系\n1.1 完善村级组织。\n1.2 加强网格管理。\n2. 提升服务能力\n2.1 建设便民服务中心。\n",
            &["健全组织体系", "提升服务能力"],
            &["完善村级组织", "加强网格管理", "建设便民服务中心"],
        ),
        (
            "主要任务\n1.健全组织体系\n1.1完善村级组织。\n1.2加强网格管理。\n2.提升服务能力\n2.1建设便民服务中心。\n",
            &["健全组织体系", "提升服务能力"],
            &["完善村级组织", "加强网格管理", "建设便民服务中心"],
        ),
        (
            "学习计划\n1.1 加强学习培训，每月集中学习一次。\n1.2 开展专题研讨。\n1.3 撰写心得体会。\n",
            &["学习计划"],
            &["加强学习培训", "开展专题研讨", "撰写心得体会"],
        ),
        (
            "下一步措施\n１．１　更新消防器材。\n１．２　组织疏散演练。\n",
            &["下一步措施"],
            &["更新消防器材", "组织疏散演练"],
        ),
        (
            "整改措施\n2.1、清理占道经营。\n2.2、规范停车秩序。\n2.3、增设公共厕所。\n",
            &["整改措施"],
            &["清理占道经营", "规范停车秩序", "增设公共厕所"],
        ),
        (
            "一、工作任务\n1.1. 摸清底数。\n1.2. 建立台账。\n二、保障措施\n2.1. 加强领导。\n",
            &["工作任务"],
            &["摸清底数", "建立台账"],
        ),
        (
            "工作安排\n1.1 排查隐患，3.15前完成。\n3.15前报送排查结果。\n1.2 落实整改。\n",
            &["工作安排"],
            &["排查隐患", "落实整改"],
        ),
    ];
    for &(text, heads, want) in cases {
        let (v, _) = import_dry(&l, text);
        assert_eq!(headlines(&v), heads, "{text:?}");
        let got = titles(&v);
        assert_eq!(got.len(), want.len(), "{text:?}: {got:?}");
        for (g, w) in got.iter().zip(want.iter()) {
            assert!(g.starts_with(w), "{text:?}: {g} should start with {w}");
        }
    }
}

#[test]
fn quantities_with_a_point_are_no_items() {
    let l = empty();
    for text in [
        "建议\n1.5倍于去年。\n",
        "建议\n2.5万元用于修缮。\n",
        "建议\n3.15%的增长来自外贸。\n",
    ] {
        let out = l.run(&["import", &write(&l, "q.txt", text.as_bytes()), "--dry-run"]);
        assert_eq!(out.code, 1, "{text:?} should be refused: {}", out.stdout);
    }
}

#[test]
fn a_number_with_a_full_width_comma_is_an_item_where_it_continues_a_run() {
    let l = empty();
    let cases: &[(&str, &[&str])] = &[
        (
            "下一步打算\n1，加强学习。\n2，完善制度。\n3，严格考核。\n",
            &["加强学习", "完善制度", "严格考核"],
        ),
        (
            "整改措施\n1、更换老化线路。\n2，清理蓄水池淤泥。\n3、维修水泵。\n",
            &["更换老化线路", "清理蓄水池淤泥", "维修水泵"],
        ),
        (
            "几点建议\n1，加强学习。\n2，完善制度。\n附件：1，2，3号表\n",
            &["加强学习", "完善制度"],
        ),
        (
            "工作措施\n1、摸清底数。\n2、建立台账。\n3，5，7号楼另行安排。\n",
            &["摸清底数", "建立台账"],
        ),
    ];
    for &(text, want) in cases {
        let (v, _) = import_dry(&l, text);
        let got = titles(&v);
        assert_eq!(got.len(), want.len(), "{text:?}: {got:?}");
        for (g, w) in got.iter().zip(want.iter()) {
            assert!(g.starts_with(w), "{text:?}: {g} should start with {w}");
        }
    }
    // A lone one is a count in running text, not a list.
    let out = l.run(&[
        "import",
        &write(&l, "c.txt", "情况说明\n1，我们开展了调研。\n".as_bytes()),
        "--dry-run",
    ]);
    assert_eq!(out.code, 1, "{}", out.stdout);
}

const FORMATS: [&str; 12] = [
    "decimal",
    "lowerLetter",
    "upperLetter",
    "lowerRoman",
    "upperRoman",
    "chineseCounting",
    "chineseCountingThousand",
    "ideographTraditional",
    "decimalEnclosedCircle",
    "decimalFullWidth",
    "decimalZero",
    "chineseLegalSimplified",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever the two levels' formats and patterns, and however many items each group has,
    /// every inner item is a task of its own group.
    #[test]
    fn any_two_level_word_list_gives_every_inner_item(
        outer in 0..FORMATS.len(),
        inner in 0..FORMATS.len(),
        outer_sep in prop::sample::select(vec!["%1、", "%1.", "（%1）", "%1"]),
        inner_sep in prop::sample::select(vec!["%2.", "%2、", "(%2)", "%1.%2", "%2）"]),
        counts in prop::collection::vec(1usize..4, 1..4),
    ) {
        let l = empty();
        let mut body = p("关于整改工作的方案");
        body.push_str(&p("整改措施"));
        let mut want = Vec::new();
        for (g, &n) in counts.iter().enumerate() {
            body.push_str(&at(0, &format!("第{}组工作", g + 1)));
            for k in 0..n {
                let t = format!("完成第{}组第{}项任务", g + 1, k + 1);
                body.push_str(&at(1, &format!("{t}。")));
                want.push(t);
            }
        }
        let levels = [(FORMATS[outer], outer_sep), (FORMATS[inner], inner_sep)];
        let file = write(&l, "p.docx", &docx(&body, &levels));
        let v = dry_file(&l, &file);
        prop_assert_eq!(titles(&v), want, "{:?}", levels);
        prop_assert_eq!(headlines(&v).len(), counts.len());
    }
}
