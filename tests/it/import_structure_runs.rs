//! `tracker import`: structure a fresh tester found failing (issue 15, third round): a flat
//! list opened by 首先 inside one paragraph, a document title glued onto the section heading
//! below it, and `1，` numbering. Each kind is a table of documents in several styles.

use serde_json::Value;

use crate::support::Ledger;

fn empty() -> Ledger {
    let l = Ledger::new("2026-11-26");
    l.run(&["init", "--empty", "--start", "2026-03-02"]).ok();
    l
}

/// The dry run's JSON of `text` saved as a .txt file.
fn dry(l: &Ledger, text: &str) -> Value {
    let p = l.dir.path().join("r.txt");
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

fn titles(p: &Value) -> Vec<String> {
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
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

#[test]
fn a_paragraph_opened_by_shouxian_lists_every_item_of_its_run() {
    let l = empty();
    let cases: &[(&str, &[&str])] = &[
        (
            "首先，将任务落实到人；二是强化督查；三是严肃问责。\n",
            &["将任务落实到人", "强化督查", "严肃问责"],
        ),
        (
            "下步工作措施\n首先，把责任压实到岗位；二是开展交叉检查；三是通报典型案例。\n",
            &["把责任压实到岗位", "开展交叉检查", "通报典型案例"],
        ),
        (
            "整改措施\n首先，清点库存物资。第二，补齐台账记录。第三，建立月度盘点制度。\n",
            &["清点库存物资", "补齐台账记录", "建立月度盘点制度"],
        ),
        (
            "下步打算\n首先要修订议事规则；其次，公开会议纪要；最后，接受群众评议。\n",
            &["修订议事规则", "公开会议纪要", "接受群众评议"],
        ),
        (
            "第一，排查老旧小区燃气管道；第二，更换破损阀门；第三，开展入户宣传。\n",
            &["排查老旧小区燃气管道", "更换破损阀门", "开展入户宣传"],
        ),
    ];
    for &(text, want) in cases {
        let p = dry(&l, text);
        let got = titles(&p);
        assert_eq!(got.len(), want.len(), "{text:?}: {got:?}");
        for (g, w) in got.iter().zip(want.iter()) {
            assert!(g.contains(w), "{text:?}: {g} should hold {w}");
        }
    }
}

#[test]
fn a_document_title_is_never_glued_onto_the_section_heading_below_it() {
    let l = empty();
    let cases: &[(&str, &str)] = &[
        (
            "2025年工作要点\n\n整改措施\n1、加强巡查。\n2、完善预案。\n",
            "整改措施",
        ),
        (
            "关于加强安全生产的实施方案\n工作措施\n1、加强巡查。\n2、完善预案。\n",
            "工作措施",
        ),
        (
            "县安委会\n工作措施\n1、加强巡查。\n2、完善预案。\n",
            "工作措施",
        ),
        (
            "关于学校食堂问题的整改报告\n下步打算\n一是更换冷藏设备。\n二是公示每周食谱。\n",
            "下步打算",
        ),
        (
            "城区防汛专项检查\n\n主要任务\n（一）疏通排水管网。\n（二）储备抢险物资。\n",
            "主要任务",
        ),
    ];
    for &(text, want) in cases {
        let p = dry(&l, text);
        assert_eq!(headlines(&p), [want], "{text:?}");
        assert_eq!(titles(&p).len(), 2, "{text:?}");
    }
}

#[test]
fn a_title_broken_across_two_lines_is_still_joined() {
    let l = empty();
    let text = "关于进一步加强\n农村公路管护的意见\n1、加强巡查。\n2、完善预案。\n";
    let p = dry(&l, text);
    assert_eq!(headlines(&p), ["关于进一步加强农村公路管护的意见"]);
}
