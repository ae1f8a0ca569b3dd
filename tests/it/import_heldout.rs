//! What a held-out tester found in units and deadlines (findings of issue 15): `立行立改，长期
//! 坚持` is ongoing work, never the day of import; an explicit `2027年底前` is no guess beside
//! a year the story happens in (`在2026年…招聘中`); words quoted for a deadline keep the
//! number they start with; 各单位 (everybody) is no unit to lead; a table cell's `（牵头）`
//! names the lead among several units.

use crate::support::{empty, import_dry as dry, planned_tasks as items, write};

#[test]
fn deadline_words_found_by_the_tester() {
    // (item, deadline, guess, kind, words)
    type Case = (
        &'static str,
        Option<&'static str>,
        bool,
        Option<&'static str>,
        &'static str,
    );
    let cases: &[Case] = &[
        (
            "落实整改责任。完成时限：立行立改，长期坚持",
            None,
            false,
            Some("ongoing"),
            "完成时限：长期坚持",
        ),
        (
            "清理违规资金，立即整改，长期坚持。",
            None,
            false,
            Some("ongoing"),
            "长期坚持",
        ),
        (
            "在2026年教师招聘中单列计划，力争2027年底前实现全覆盖。",
            Some("2027-12-31"),
            false,
            None,
            "2027年底前",
        ),
        (
            "在2025年完成，确保达标。",
            Some("2025-12-31"),
            false,
            None,
            "2025年",
        ),
        (
            "2026年春季学期前完成结对全覆盖。",
            Some("2026-02-28"),
            true,
            None,
            "2026年春季学期前",
        ),
    ];
    let l = empty();
    for (item, date, guess, kind, words) in cases {
        let (p, err) = dry(&l, &format!("下一步措施：\n1、{item}\n"));
        let t = &items(&p)[0];
        assert_eq!(t["deadline"].as_str(), *date, "{item}: {t:#}");
        let src = &t["sources"]["deadline"];
        assert_eq!(src["guess"], *guess, "{item}: {t:#}");
        assert_eq!(src["kind"].as_str(), *kind, "{item}: {t:#}");
        assert_eq!(src["words"], *words, "{item}: {t:#}");
        assert!(
            !err.contains("026年春季") || err.contains("2026年春季"),
            "{err}"
        );
    }
}

#[test]
fn everybody_is_no_unit_and_a_marked_cell_names_the_lead() {
    let l = empty();
    let (p, _) = dry(
        &l,
        "会议纪要\n一、议定事项\n1、各单位要严格落实安全生产责任。\n2、各有关部门要加强值班值守。\n",
    );
    for t in items(&p) {
        assert!(t["lead"].is_null(), "{t:#}");
    }
    assert_eq!(p["new_units"], serde_json::json!([]), "{p:#}");
    let csv = "序号,工作任务,责任单位,完成时限\n1,整治无证经营,县市场监管局（牵头）、县司法局,2026年12月31日\n2,规范执法程序,县司法局、县市场监管局(牵头),2026年12月31日\n";
    let f = write(&l, "t.csv", csv.as_bytes());
    let p = l
        .run(&["import", &f, "--dry-run", "--format", "json"])
        .ok()
        .json();
    for t in items(&p) {
        assert_eq!(t["lead"], "县市场监管局", "{t:#}");
        assert_eq!(t["support"], serde_json::json!(["县司法局"]), "{t:#}");
    }
}
