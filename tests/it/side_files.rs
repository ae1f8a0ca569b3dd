//! No file tracker writes may take the name of SQLite's side file of another file beside it
//! (`X-wal`, `X-shm`, `X-journal`): SQLite would delete it on X's next open, or find a
//! journal it cannot roll back and leave X refused as read-only.

use crate::support::Ledger;

#[test]
fn a_side_file_name_of_a_file_beside_is_refused_for_every_kind_of_output() {
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path();
    // Another ledger in the folder, the one a mistyped name would damage.
    let other = dir.join("other.db");
    l.run_in(&other, &["init"]).ok();
    l.run_in(&other, &["note", "1.1", "另一本台账"]).ok();
    let other_export = l.run_in(&other, &["export"]).ok().stdout;
    for side in ["-wal", "-shm", "-journal"] {
        let name = format!("other.db{side}");
        let target = dir.join(&name);
        let t = target.to_str().unwrap();
        let commands: [Vec<&str>; 5] = [
            vec!["copy", "--to", t],
            vec!["export", "--out", t],
            vec!["backup", t],
            vec!["report", "--format", "html", "--out", t],
            vec!["report", "--format", "xlsx", "--out", t],
        ];
        for args in commands {
            let said = l
                .run(&args)
                .fails(1, &[&name, "other.db", side, "another file name"]);
            assert_eq!(said.lines().count(), 1, "{args:?}: {said}");
            assert!(!target.exists(), "{args:?} left {name}");
            let zh: Vec<&str> = ["--lang", "zh"].into_iter().chain(args.clone()).collect();
            l.run(&zh).fails(1, &["附属文件", "请换一个文件名"]);
        }
        // The other ledger still opens for writing, and holds what it held.
        assert_eq!(l.run_in(&other, &["export"]).ok().stdout, other_export);
    }
    // The same suffix with nothing beside it is an ordinary name.
    let lone = dir.join("lone.json-journal");
    l.run(&["export", "--out", lone.to_str().unwrap()]).ok();
    assert!(lone.exists());
}
