//! Issue 14 findings, kind 6: a unit has one role in a task. A command naming the same unit as
//! lead and as support is refused in one line, and the ledger is left as it was.

use crate::support::Ledger;

#[test]
fn a_unit_named_as_both_lead_and_support_is_refused() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.3", "--lead", "组织科"]).ok();
    let before = l.dump();
    let cases: [&[&str]; 5] = [
        // The current lead, named as support.
        &[
            "update",
            "1.3",
            "--support",
            "组织科",
            "--support",
            "干部科",
        ],
        &["update", "1.3", "--support", "组织科"],
        // The lead given in the same command.
        &["update", "1.1", "--lead", "组织科", "--support", "组织科"],
        &[
            "update",
            "1.2",
            "--lead",
            "宣传科",
            "--support",
            "干部科",
            "--support",
            "宣传科",
        ],
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "新任务",
            "--lead",
            "组织科",
            "--support",
            "组织科",
        ],
    ];
    for args in cases {
        l.run(args)
            .fails(1, &["cannot both lead and support", "name it once"]);
    }
    assert_eq!(l.dump(), before, "a refused command changed the ledger");
    // A new lead may take the old lead as support: two roles, two units.
    l.run(&["update", "1.3", "--lead", "干部科", "--support", "组织科"])
        .ok();
}
