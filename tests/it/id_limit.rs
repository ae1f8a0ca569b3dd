//! Every id the ledger creates parses, or the command is refused: ids have at most 6 digits a
//! part (1 to 999999), so no creator (import with and without --as, a table's own 序号, add,
//! add --headline, restore) may make `1000000.1` or `1.1000000`.

use crate::support::Ledger;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/000_c74ad4d4a80dbc28.txt");

/// A ledger whose highest task is 999999.999999 (a 台账 numbered so, imported).
fn at_the_limit() -> Ledger {
    let l = Ledger::new("2026-11-26");
    l.run(&["init", "--empty"]).ok();
    let dir = l.dir.path().join("limit.csv");
    std::fs::write(
        &dir,
        "序号,工作任务,牵头单位\n999999.999999,甲任务,办公室\n",
    )
    .unwrap();
    l.run(&["import", dir.to_str().unwrap()]).ok();
    l
}

fn file(l: &Ledger, name: &str, body: &str) -> String {
    let p = l.dir.path().join(name);
    std::fs::write(&p, body).unwrap();
    p.to_str().unwrap().to_string()
}

/// Every id `list` shows is one `show` accepts.
fn every_id_parses(l: &Ledger) {
    let list = l.run(&["list", "--all", "--format", "json"]).ok().json();
    for t in list.as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        l.run(&["show", id]).ok();
    }
}

#[test]
fn creators_past_the_id_limit_are_refused_and_change_nothing() {
    // (what, the command's arguments given the ledger, words the one-line error must hold)
    type Case = (
        &'static str,
        fn(&Ledger) -> Vec<String>,
        &'static [&'static str],
    );
    let cases: &[Case] = &[
        (
            "import of a report after 999999",
            |l| {
                vec![
                    "import".into(),
                    file(l, "r.txt", "关于报告\n\n一、加强管理。\n"),
                ]
            },
            &["recommendation 1000000", "999999", "--as"],
        ),
        (
            "import --as running past 999999",
            |_| vec!["import".into(), SEED.into(), "--as".into(), "999998".into()],
            &["1000000", "999999", "--as"],
        ),
        (
            "a table's own 序号 past the limit",
            |l| {
                vec![
                    "import".into(),
                    file(
                        l,
                        "t.csv",
                        "序号,工作任务,牵头单位\n1000000.1,乙任务,办公室\n",
                    ),
                ]
            },
            &["1000000", "999999"],
        ),
        (
            "a table's own item number past the limit",
            |l| {
                vec![
                    "import".into(),
                    file(
                        l,
                        "t.csv",
                        "序号,工作任务,牵头单位\n7.1000000,乙任务,办公室\n",
                    ),
                ]
            },
            &["7.1000000", "999999"],
        ),
        (
            "add after item 999999",
            |_| {
                [
                    "add",
                    "--rec",
                    "999999",
                    "--title",
                    "乙任务",
                    "--lead",
                    "办公室",
                ]
                .map(String::from)
                .to_vec()
            },
            &["999999.1000000", "another recommendation"],
        ),
    ];
    for (what, args, needles) in cases {
        let l = at_the_limit();
        let before = l.dump();
        let args = args(&l);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = l.run(&args).fails(1, needles);
        assert_eq!(err.lines().count(), 1, "{what}: one line: {err}");
        assert_eq!(l.dump(), before, "{what} changed the ledger");
        every_id_parses(&l);
    }
}

#[test]
fn creators_up_to_the_limit_make_ids_every_command_accepts() {
    let cases: &[(&str, &[&str])] = &[
        (
            "import --as at the top",
            &["import", SEED, "--as", "999997"],
        ),
        (
            "add --headline at 999999",
            &[
                "add",
                "--rec",
                "999999",
                "--headline",
                "新建议",
                "--title",
                "乙任务",
                "--lead",
                "办公室",
            ],
        ),
    ];
    for (what, args) in cases {
        let l = Ledger::new("2026-11-26");
        l.run(&["init", "--empty"]).ok();
        l.run(args).ok();
        every_id_parses(&l);
        let list = l.run(&["list", "--all", "--format", "json"]).ok().json();
        assert!(
            list.as_array()
                .unwrap()
                .iter()
                .any(|t| t["id"].as_str().unwrap().starts_with("999999.")),
            "{what}: {list}"
        );
    }
    every_id_parses(&at_the_limit());
}

#[test]
fn restore_refuses_an_export_holding_an_id_past_the_limit() {
    let l = at_the_limit();
    let out = l.run(&["export"]).ok().stdout;
    for bad in [
        out.replace("999999.999999", "1000000.1"),
        out.replace("999999.999999", "999999.1000000"),
        out.replace("\"number\": 999999", "\"number\": 1000000")
            .replace("\"number\":999999", "\"number\":1000000"),
    ] {
        assert_ne!(bad, out);
        let path = file(&l, "bad.json", &bad);
        let fresh = Ledger::new("2026-11-26");
        fresh
            .run(&["restore", &path])
            .fails(1, &["1000000", "nothing was written"]);
    }
}
