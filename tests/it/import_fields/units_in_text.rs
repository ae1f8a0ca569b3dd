//! Who acts, as a sentence names it without a label (issue 15, the held-out tester's units):
//! several units before 要, a unit with a bracket (`各镇（街道）`), units followed straight by
//! what they are to do, and 会同 / 联合 lists that end where the unit's name ends.

use super::{dry, empty, items, write};

/// (an item after `下一步工作安排：`, its title, lead, support)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

fn check(cases: &[Case]) {
    let l = empty();
    let doc: String = std::iter::once("下一步工作安排：".to_string())
        .chain(
            cases
                .iter()
                .enumerate()
                .map(|(k, c)| format!("{}、{}", k + 1, c.0)),
        )
        .collect::<Vec<_>>()
        .join("\n");
    let file = write(&l, "units.txt", doc.as_bytes());
    let got = items(&dry(&l, &file));
    assert_eq!(got.len(), cases.len(), "{got:?}");
    for (g, c) in got.iter().zip(cases) {
        assert_eq!(g.1, c.1, "title of {:?}", c.0);
        assert_eq!(g.2, c.2, "lead of {:?}", c.0);
        assert_eq!(g.3, c.3, "support of {:?}", c.0);
    }
}

#[test]
fn several_units_before_yao_lead_and_support_in_order() {
    check(&[
        (
            "区司法局、区信访局要建立矛盾纠纷联合调处机制。",
            "建立矛盾纠纷联合调处机制",
            "区司法局",
            &["区信访局"],
        ),
        (
            "县纪委监委、县审计局、县财政局要开展专项资金使用情况检查。",
            "开展专项资金使用情况检查",
            "县纪委监委",
            &["县审计局", "县财政局"],
        ),
        (
            "市委网信办、市公安局要加大网络谣言整治力度，年内开展两次专项行动。",
            "加大网络谣言整治力度",
            "市委网信办",
            &["市公安局"],
        ),
        // One unit before 要 still leads alone.
        (
            "县水利局要完成小型水库除险加固。",
            "完成小型水库除险加固",
            "县水利局",
            &[],
        ),
    ]);
}

#[test]
fn a_unit_with_a_bracket_is_one_name() {
    check(&[
        (
            "各镇（街道）要落实河湖长巡河制度。",
            "落实河湖长巡河制度",
            "各镇（街道）",
            &[],
        ),
        (
            "各乡（镇）、县农业农村局要摸清撂荒耕地底数。",
            "摸清撂荒耕地底数",
            "各乡（镇）",
            &["县农业农村局"],
        ),
        (
            "各村（社区）做好独居老人走访登记。",
            "做好独居老人走访登记",
            "各村（社区）",
            &[],
        ),
    ]);
}

#[test]
fn units_followed_straight_by_the_action_lead_and_leave_the_title() {
    check(&[
        (
            "县财政局按照工程进度分期拨付补助资金。",
            "按照工程进度分期拨付补助资金",
            "县财政局",
            &[],
        ),
        (
            "区生态环境局督促砂石企业安装除尘设备。",
            "督促砂石企业安装除尘设备",
            "区生态环境局",
            &[],
        ),
        (
            "县城管局、县交警大队做好校园周边交通疏导。",
            "做好校园周边交通疏导",
            "县城管局",
            &["县交警大队"],
        ),
        (
            "市发展改革委、市财政局按照年度计划统筹安排债券资金。",
            "按照年度计划统筹安排债券资金",
            "市发展改革委",
            &["市财政局"],
        ),
        (
            "县教育局将课后服务经费列入年度预算。",
            "将课后服务经费列入年度预算",
            "县教育局",
            &[],
        ),
    ]);
}

#[test]
fn a_unit_after_a_decision_lead_in_acts_as_at_the_start() {
    check(&[
        (
            "会议要求，县人社局按照招聘计划组织岗前培训。",
            "按照招聘计划组织岗前培训",
            "县人社局",
            &[],
        ),
        (
            "会议明确，县商务局、县市场监管局督促商超落实明码标价。",
            "督促商超落实明码标价",
            "县商务局",
            &["县市场监管局"],
        ),
    ]);
}

#[test]
fn together_and_jointly_name_support_up_to_the_units_end() {
    check(&[
        (
            "区住建局会同各街道通过入户宣讲、张贴海报等方式普及燃气安全知识。",
            "通过入户宣讲、张贴海报等方式普及燃气安全知识",
            "区住建局",
            &["各街道"],
        ),
        (
            "县卫健局会同县医保局、县财政局制定家庭医生签约服务包。",
            "制定家庭医生签约服务包",
            "县卫健局",
            &["县医保局", "县财政局"],
        ),
        (
            "联合区妇联、团区委开展“爱心妈妈”结对活动。",
            "开展“爱心妈妈”结对活动",
            "",
            &["区妇联", "团区委"],
        ),
        // 联合会 is part of a name, not the verb.
        (
            "县残疾人联合会要开展残疾人就业培训。",
            "开展残疾人就业培训",
            "县残疾人联合会",
            &[],
        ),
    ]);
}
