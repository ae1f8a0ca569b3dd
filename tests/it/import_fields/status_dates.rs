//! Deadlines the held-out tester still found wrong (issue 15): `立行立改，长期坚持` is no
//! deadline and never a unit; a status date (`截至…`) is no deadline, but tells the year a
//! document without a date was written in, from which `年底前` and `明年` count; a deadline
//! with its year written out is no guess; a quoted deadline keeps every digit.

use serde_json::Value;

use crate::support::{empty, import_dry, planned_tasks};

/// (item, deadline or "", guess, kind or "", words or "")
type Case = (&'static str, &'static str, bool, &'static str, &'static str);

/// Dry-runs `head`, then `cases` as a numbered list under 下一步措施, into an empty ledger
/// (plan start 2026-03-02); checks each item's deadline and its source.
fn check(head: &str, cases: &[Case]) -> Vec<Value> {
    let l = empty();
    let mut doc = format!("{head}\n下一步措施：\n");
    for (k, c) in cases.iter().enumerate() {
        doc.push_str(&format!("{}、{}\n", k + 1, c.0));
    }
    let (p, _) = import_dry(&l, &doc);
    let got = planned_tasks(&p);
    assert_eq!(got.len(), cases.len(), "{p:#}");
    for (g, c) in got.iter().zip(cases) {
        let src = &g["sources"]["deadline"];
        assert_eq!(g["deadline"].as_str().unwrap_or(""), c.1, "{:?}: {g}", c.0);
        if !c.1.is_empty() || !c.3.is_empty() {
            assert_eq!(src["guess"], c.2, "{:?}: {g}", c.0);
        }
        assert_eq!(src["kind"].as_str().unwrap_or(""), c.3, "{:?}: {g}", c.0);
        assert_eq!(src["words"].as_str().unwrap_or(""), c.4, "{:?}: {g}", c.0);
    }
    got
}

#[test]
fn kept_up_work_has_no_deadline_and_no_unit_of_its_words() {
    let got = check(
        "关于巡察反馈意见的整改方案",
        &[
            (
                "严格执行请销假制度。（责任单位：办公室；长期坚持）",
                "",
                false,
                "ongoing",
                "长期坚持",
            ),
            (
                "规范会议记录。（责任单位：党建办；完成时限：立行立改、长期坚持）",
                "",
                false,
                "ongoing",
                "完成时限：长期坚持",
            ),
            (
                "落实谈心谈话制度，立行立改，长期坚持。（牵头单位：机关党委）",
                "",
                false,
                "ongoing",
                "长期坚持",
            ),
            (
                "开展警示教育。【责任单位：纪检组，持续推进】",
                "",
                false,
                "ongoing",
                "持续推进",
            ),
        ],
    );
    let leads = ["办公室", "党建办", "机关党委", "纪检组"];
    for (g, lead) in got.iter().zip(leads) {
        assert_eq!(g["lead"], lead, "{g}");
        assert_eq!(g["support"], serde_json::json!([]), "{g}");
    }
}

#[test]
fn a_status_date_is_no_deadline() {
    check(
        "2026年城区道路整治方案",
        &[
            (
                "推进背街小巷改造。截至9月底，已完成改造21条，剩余路段12月底前完工。",
                "2026-12-31",
                false,
                "",
                "12月底前",
            ),
            (
                "加快污水管网建设。截至2026年8月，累计铺设管网36公里。",
                "",
                false,
                "",
                "",
            ),
            (
                "整治占道经营。截止到年底，已取缔流动摊点80处。",
                "",
                false,
                "",
                "",
            ),
            // 截止…前 is a deadline, as a clerk reads it.
            (
                "清理僵尸车辆。截止2026年10月31日前全部清理。",
                "2026-10-31",
                false,
                "",
                "2026年10月31日前",
            ),
        ],
    );
}

#[test]
fn a_status_date_tells_the_year_an_undated_report_was_written_in() {
    // Written in 2027 (the status is at the end of 2026): 年底前 is 2027's, 明年 is 2028.
    check(
        "关于农村饮水安全的调研报告\n截至2026年底，全县农村自来水普及率达到92%。",
        &[
            (
                "实施水源地保护，年底前完成划定。",
                "2027-12-31",
                true,
                "",
                "年底前",
            ),
            (
                "推进管网延伸，明年上半年实现全覆盖。",
                "2028-06-30",
                true,
                "",
                "明年上半年",
            ),
        ],
    );
    // Written in 2025 (the status is mid-year), though its plans reach into 2026.
    check(
        "关于社区养老服务的调研报告\n截至2025年6月底，全区共有养老机构14家。",
        &[
            (
                "推进医养结合，明年上半年前实现签约全覆盖。",
                "2026-06-30",
                true,
                "",
                "明年上半年前",
            ),
            (
                "完善设施布局，2026年底前完成规划修编。",
                "2026-12-31",
                false,
                "",
                "2026年底前",
            ),
            (
                "加强队伍建设，年底前完成首轮培训。",
                "2025-12-31",
                true,
                "",
                "年底前",
            ),
        ],
    );
}

#[test]
fn a_deadline_with_its_year_written_is_no_guess_and_keeps_its_digits() {
    check(
        "关于教育设施建设的实施意见",
        &[
            (
                "新建学校两所，6月底前完成选址，2027年底前建成投用。",
                "2027-12-31",
                false,
                "",
                "2027年底前",
            ),
            (
                // A term's start on the usual school calendar (a guess).
                "完成校舍抗震加固，2027年秋季开学前投入使用。",
                "2027-08-31",
                true,
                "",
                "2027年秋季开学前",
            ),
            (
                "更新课桌椅，2028年春季学期前全部到位。",
                "2028-02-29",
                true,
                "",
                "2028年春季学期前",
            ),
        ],
    );
}
