//! Who leads and who supports, as an item's words say it (issue 15, fourth round): a unit
//! after a label keeps whatever its name ends with; `由X牵头抓好…`, a unit opening the item,
//! `会同Y`; and titles that keep none of those words.

fn check(cases: &[super::WhoActs]) {
    super::check_who_acts("下一步措施：", cases);
}

#[test]
fn a_unit_after_a_label_is_kept_whatever_its_name_ends_with() {
    check(&[
        (
            "清点办公用品。（责任单位：总务股）",
            "清点办公用品",
            "总务股",
            &[],
        ),
        (
            "更新网站栏目。责任单位：信息课",
            "更新网站栏目",
            "信息课",
            &[],
        ),
        (
            "规范公文流转。（牵头单位：办公室；配合单位：各村（社区））",
            "规范公文流转",
            "办公室",
            &["各村（社区）"],
        ),
        (
            "整理档案资料。【责任单位：档案室、信息课】",
            "整理档案资料",
            "档案室",
            &["信息课"],
        ),
        (
            "开展环境整治。（责任单位：各村（社区）、财务股，2027年3月底前完成）",
            "开展环境整治",
            "各村（社区）",
            &["财务股"],
        ),
        // 股 ends a unit's name anywhere, as 科 does.
        ("由征收股牵头，清理欠费。", "清理欠费", "征收股", &[]),
        // A person after a people's label is still no unit.
        ("核对台账。（责任人：张三）", "核对台账", "", &[]),
    ]);
}

#[test]
fn who_acts_is_read_from_the_sentence_and_left_out_of_the_title() {
    check(&[
        (
            "由县水利局牵头抓好防汛工作。",
            "抓好防汛工作",
            "县水利局",
            &[],
        ),
        (
            "由县住建局负责完成危房改造。",
            "完成危房改造",
            "县住建局",
            &[],
        ),
        (
            "县财政局年底前拨付补助资金。",
            "拨付补助资金",
            "县财政局",
            &[],
        ),
        (
            "各乡镇做好人员转移准备。",
            "做好人员转移准备",
            "各乡镇",
            &[],
        ),
        ("年底前由县财政局拨付资金。", "拨付资金", "县财政局", &[]),
        (
            "县人社局要会同县财政局，做好技能培训。",
            "做好技能培训",
            "县人社局",
            &["县财政局"],
        ),
        (
            "由县教育局牵头，会同县卫健局、团县委制定工作方案。",
            "制定工作方案",
            "县教育局",
            &["县卫健局", "团县委"],
        ),
        (
            "因此，由县交通局负责完成路面修补。",
            "完成路面修补",
            "县交通局",
            &[],
        ),
        // An item that only opens with a place, not who acts, keeps its words.
        (
            "县城建成区全面推行垃圾分类。",
            "县城建成区全面推行垃圾分类",
            "",
            &[],
        ),
    ]);
}
