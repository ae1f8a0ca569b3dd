//! The collective a lead's own clause goes on to (`X牵头，组织各乡镇…`, `X负责，各乡镇配合`,
//! `由X牵头，各单位具体实施`) supports it (issue 15, eleventh round); alone, or in a sentence
//! of its own, it is still nobody's support.

fn check(cases: &[super::WhoActs]) {
    super::check_who_acts("下步工作安排：", cases);
}

#[test]
fn a_collective_after_the_leads_clause_supports() {
    check(&[
        (
            "市民政局牵头，组织各区县开展养老机构安全检查。",
            "组织各区县开展养老机构安全检查",
            "市民政局",
            &["各区县"],
        ),
        (
            "县卫健局牵头，组织各县（市、区）落实家庭医生签约。",
            "组织各县（市、区）落实家庭医生签约",
            "县卫健局",
            &["各县（市、区）"],
        ),
        (
            "区城管局牵头，会同各街道整治背街小巷。",
            "整治背街小巷",
            "区城管局",
            &["各街道"],
        ),
        (
            "县水利局负责，各镇（街道）配合，汛期前完成山塘水库巡查。",
            "完成山塘水库巡查",
            "县水利局",
            &["各镇（街道）"],
        ),
        (
            "县民政局负责，各村配合，完成低保对象复核。",
            "完成低保对象复核",
            "县民政局",
            &["各村"],
        ),
        (
            "县商务局负责，各单位配合，完善消费券发放办法。",
            "完善消费券发放办法",
            "县商务局",
            &["各单位"],
        ),
        (
            "由县教育局牵头，指导各学校做好课后延时服务。",
            "指导各学校做好课后延时服务",
            "县教育局",
            &["各学校"],
        ),
        (
            "县司法局牵头组织各乡镇开展法律明白人培训。",
            "组织各乡镇开展法律明白人培训",
            "县司法局",
            &["各乡镇"],
        ),
    ]);
}

#[test]
fn a_collective_not_after_a_lead_is_no_support() {
    check(&[
        // An exhortation on its own names nobody's support.
        (
            "加强安全生产宣传，各单位要高度重视。",
            "加强安全生产宣传",
            "",
            &[],
        ),
        // A new sentence after the lead's clause is not the lead's clause going on.
        (
            "县农业农村局负责。各乡镇要做好秸秆禁烧宣传。",
            "做好秸秆禁烧宣传",
            "县农业农村局",
            &[],
        ),
        // The collective after an action (not the lead's clause) is whom the work serves.
        (
            "县财政局负责拨付各乡镇补助资金。",
            "拨付各乡镇补助资金",
            "县财政局",
            &[],
        ),
    ]);
}
