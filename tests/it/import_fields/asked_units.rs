//! Who acts, as the held-out tester's remaining kinds write it (issue 15): a recommendation
//! verb before the unit (`建议X牵头`), a department named by its field alone (`市财政要…`),
//! `X、Y等部门要…`, a passive `由X按程序拨付`, `由X、Y联合…`, section labels (责任股室),
//! a unit opening a later sentence, a second unit that supports, a committee's office
//! (`区安委办将提请…`), and everybody addressed (`各单位`) leading only work with a date.

use proptest::prelude::*;

fn check(cases: &[super::WhoActs]) {
    super::check_who_acts("几点建议：", cases);
}

#[test]
fn a_recommendation_verb_before_the_unit_is_not_its_name() {
    check(&[
        (
            "建议县农业农村局牵头，开展撂荒地复耕。",
            "开展撂荒地复耕",
            "县农业农村局",
            &[],
        ),
        (
            "建议由市教育局负责，统筹校外培训监管。",
            "统筹校外培训监管",
            "市教育局",
            &[],
        ),
        (
            "责成区城管局牵头，清理占道经营。",
            "清理占道经营",
            "区城管局",
            &[],
        ),
        (
            "建议市文旅局要挖掘红色旅游资源。",
            "挖掘红色旅游资源",
            "市文旅局",
            &[],
        ),
    ]);
}

#[test]
fn a_department_named_by_its_field_is_its_bureau() {
    check(&[
        (
            "市财政要保障公交运营补贴。",
            "保障公交运营补贴",
            "市财政局",
            &[],
        ),
        (
            "县财政按程序拨付以奖代补资金。",
            "按程序拨付以奖代补资金",
            "县财政局",
            &[],
        ),
        (
            "区审计要对专项资金开展跟踪审计。",
            "对专项资金开展跟踪审计",
            "区审计局",
            &[],
        ),
        // A field that opens other phrases too stays words (县教育系统 is no unit).
        (
            "县教育系统要开展师德专项整治。",
            "县教育系统要开展师德专项整治",
            "",
            &[],
        ),
    ]);
}

#[test]
fn units_and_others_lead_in_order_without_the_others() {
    check(&[
        (
            "县林业局、县公安局、县应急局等部门要加强森林防火巡查。",
            "加强森林防火巡查",
            "县林业局",
            &["县公安局", "县应急局"],
        ),
        (
            "市卫健委、市医保局等单位要推进分级诊疗。",
            "推进分级诊疗",
            "市卫健委",
            &["市医保局"],
        ),
        (
            "县委宣传部等部门要做好正面宣传。",
            "做好正面宣传",
            "县委宣传部",
            &[],
        ),
    ]);
}

#[test]
fn a_passive_or_joint_you_names_who_acts() {
    check(&[
        (
            "补助资金由县财政局按程序拨付到村。",
            "补助资金按程序拨付到村",
            "县财政局",
            &[],
        ),
        (
            "完善应急预案。由县应急局负责，年底前完成修订。",
            "完善应急预案",
            "县应急局",
            &[],
        ),
        (
            "由市人社局、市总工会联合举办技能竞赛。",
            "联合举办技能竞赛",
            "市人社局",
            &["市总工会"],
        ),
        // 由于 says why: no unit.
        (
            "由于县城区停车位不足，新建停车场两处。",
            "由于县城区停车位不足",
            "",
            &[],
        ),
    ]);
}

#[test]
fn a_later_clause_or_sentence_names_who_leads_and_who_supports() {
    check(&[
        (
            "提升农贸市场环境。县商务局要在年内完成改造。",
            "提升农贸市场环境",
            "县商务局",
            &[],
        ),
        (
            "治理校园周边交通。县公安局牵头制定疏导方案。",
            "治理校园周边交通",
            "县公安局",
            &[],
        ),
        (
            "整治河道乱占，县水利局负责，县自然资源局配合。",
            "整治河道乱占",
            "县水利局",
            &["县自然资源局"],
        ),
        (
            "县住建局要加快安置房建设；县财政局要保障建设资金。",
            "加快安置房建设",
            "县住建局",
            &["县财政局"],
        ),
        (
            "对问题较多的乡镇，县安委办将提请县纪委监委约谈。",
            "对问题较多的乡镇",
            "县安委办",
            &[],
        ),
    ]);
}

#[test]
fn section_labels_name_the_sections_of_one_office() {
    check(&[
        (
            "规范票据管理。责任股室：财务股；整改时限：2027年1月底前。",
            "规范票据管理",
            "财务股",
            &[],
        ),
        (
            "完善合同审查。（责任科室：法规科，配合科室：办公室）",
            "完善合同审查",
            "法规科",
            &["办公室"],
        ),
        (
            "清理闲置资产。【责任股：资产股；配合：后勤股】",
            "清理闲置资产",
            "资产股",
            &["后勤股"],
        ),
    ]);
}

#[test]
fn everybody_leads_work_they_must_finish_by_a_date() {
    check(&[
        (
            "各单位要逐项核查问题清单，11月25日前整改到位。",
            "逐项核查问题清单",
            "各单位",
            &[],
        ),
        (
            "各有关部门要在12月底前报送年度总结。",
            "报送年度总结",
            "各有关部门",
            &[],
        ),
        // An exhortation with no date is nobody's task to chase.
        ("各单位要切实提高思想认识。", "切实提高思想认识", "", &[]),
    ]);
}

/// Levels, fields whose bureau is a 局, and the verbs a report asks a unit with.
fn asked_item() -> impl Strategy<Value = (String, String, String)> {
    (
        prop::sample::select(vec!["市", "县", "区"]),
        prop::sample::select(vec!["财政", "审计", "民政", "司法", "商务", "应急"]),
        prop::sample::select(vec!["建议", "建议由", "责成", "由", ""]),
        prop::sample::select(vec!["局", ""]),
        prop::sample::select(vec!["牵头", "负责", "要"]),
    )
        .prop_filter("由 asks with 牵头 or 负责", |(_, _, verb, _, role)| {
            !verb.ends_with('由') || *role != "要"
        })
        .prop_map(|(level, field, verb, end, role)| {
            let written = format!("{level}{field}{end}");
            let unit = format!("{level}{field}局");
            let sep = if role == "要" { "" } else { "，" };
            (
                format!("{verb}{written}{role}{sep}开展专项检查。"),
                unit,
                written,
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// However a report asks a unit to act and however it shortens the bureau's name, the
    /// lead is the bureau, with no asking word in it.
    #[test]
    fn the_lead_is_the_bureau_whatever_asks_it(items in prop::collection::vec(asked_item(), 1..6)) {
        let l = crate::support::empty();
        let mut doc = String::from("对策建议：\n");
        for (k, (text, _, _)) in items.iter().enumerate() {
            doc.push_str(&format!("{}、{}\n", k + 1, text));
        }
        let file = crate::support::write(&l, "p.txt", doc.as_bytes());
        let got = super::items(&super::dry(&l, &file));
        prop_assert_eq!(got.len(), items.len());
        for (g, (text, unit, _)) in got.iter().zip(&items) {
            prop_assert_eq!(&g.2, unit, "{}", text);
            // `县财政要…` leaves its 要 to the title's own rule; nothing of who acts stays.
            prop_assert_eq!(&g.1, "开展专项检查", "{}", text);
        }
    }
}

#[test]
fn a_unit_of_another_level_is_no_slip_for_the_ledgers() {
    // The seeded plan has 市委组织部 and 人才工作科.
    let l = crate::support::Ledger::seeded("2026-11-02");
    let doc = "几点建议：\n1、修订干部考核办法。（党委组织部）\n2、开展党员轮训。（区委组织部）\n3、整顿软弱涣散党组织。（市委组织部）\n4、建立人才档案。（人才工作课）\n";
    let file = crate::support::write(&l, "levels.txt", doc.as_bytes());
    let got = super::items(&super::dry(&l, &file));
    let leads: Vec<&str> = got.iter().map(|g| g.2.as_str()).collect();
    // A slip of one character at the same level still finds the ledger's unit.
    assert_eq!(
        leads,
        ["党委组织部", "区委组织部", "市委组织部", "人才工作科"]
    );
}
