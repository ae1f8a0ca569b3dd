//! What `tracker import` itself prints: counts with the right number (`1 task`), the zh
//! warning's list joined with 、, the dry-run table's columns past id 1.10 and beside
//! Chinese titles; and `list --all`, where a task no unit leads keeps `(unassigned)` whole.

use unicode_width::UnicodeWidthStr;

use crate::support::{Ledger, run};

fn empty() -> Ledger {
    let l = Ledger::new("2026-11-30");
    l.run(&["init", "--empty", "--start", "2026-01-05"]).ok();
    l
}

fn write(l: &Ledger, name: &str, text: &str) -> String {
    let p = l.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// A list of `n` numbered items, each titled from `titles` in turn.
fn numbered(n: usize, titles: &[&str]) -> String {
    let mut s = String::from("几点建议\n");
    for k in 0..n {
        s.push_str(&format!("{}、{}。\n", k + 1, titles[k % titles.len()]));
    }
    s
}

#[test]
fn counts_the_import_prints_are_singular_for_one() {
    // (items in the file, the count as the import says it)
    let cases: &[(usize, &str)] = &[
        (1, "with 1 task from"),
        (2, "with 2 tasks from"),
        (11, "with 11 tasks from"),
    ];
    for &(n, want) in cases {
        let l = empty();
        let f = write(&l, "n.txt", &numbered(n, &["修缮校舍", "疏浚河道"]));
        let out = l.run(&["import", &f]).ok();
        assert!(out.stdout.contains(want), "{n}: {}", out.stdout);
        // The dry run's header on a fresh ledger.
        let l2 = empty();
        let f2 = write(&l2, "n.txt", &numbered(n, &["修缮校舍"]));
        let head = l2.run(&["import", &f2, "--dry-run"]).ok().stdout;
        let first = head.lines().next().unwrap().to_string();
        let noun = if n == 1 { "task" } else { "tasks" };
        assert!(first.contains(&format!(", {n} {noun} (")), "{n}: {first}");
    }
    // A file with one paragraph and nothing numbered: `its 1 paragraph`.
    let l = empty();
    let f = write(&l, "p.txt", "今天天气很好，大家都来开会。\n");
    let msg = l.run(&["import", &f]).fails(1, &["in its 1 paragraph ("]);
    assert!(!msg.contains("1 paragraphs"), "{msg}");
    // One deadline already past: `1 deadline is`, not `1 deadlines are`.
    let f = write(
        &l,
        "d.txt",
        "几点建议\n1、修缮校舍（2026年3月底前完成）。\n",
    );
    let err = l.run(&["import", &f, "--dry-run"]).ok().stderr;
    assert!(err.contains("1 deadline is already past"), "{err}");
}

#[test]
fn the_zh_past_deadline_warning_joins_its_ids_with_the_enumeration_comma() {
    let l = empty();
    let text = "几点建议\n1、修缮校舍（2026年3月底前完成）。\n2、疏浚河道（2026年5月底前完成）。\n3、更换路灯（2026年6月底前完成）。\n4、新建公厕（2026年7月底前完成）。\n";
    let f = write(&l, "d.txt", text);
    let zh = l.run(&["--lang", "zh", "import", &f, "--dry-run"]).ok();
    let line = zh.stderr.lines().find(|l| l.contains("早于今天")).unwrap();
    assert!(
        line.contains("1.1 2026-03-31、1.2 2026-05-31、1.3 2026-06-30……")
            || line.contains("1.1 2026-03-31、1.2 2026-05-31、1.3 2026-06-30…"),
        "{line}"
    );
    assert!(!line.contains(", "), "{line}");
    let en = l.run(&["import", &f, "--dry-run"]).ok();
    assert!(
        en.stderr
            .contains("4 deadlines are already past today (2026-11-30), recorded as given: 1.1 2026-03-31, 1.2 2026-05-31, 1.3 2026-06-30…"),
        "{}",
        en.stderr
    );
}

/// The column each task line's title starts at, in display columns.
fn title_columns(table: &str) -> Vec<usize> {
    table
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
        .map(|l| {
            let body = l.trim_start();
            let id_end = body.find(' ').unwrap();
            let after = &body[id_end..];
            let title_at = l.len() - after.trim_start().len();
            UnicodeWidthStr::width(&l[..title_at])
        })
        .collect()
}

#[test]
fn the_dry_run_table_keeps_titles_in_one_column_past_id_1_10() {
    let titles = [
        "修缮校舍",
        "Repair the 校舍 roof",
        "疏浚河道、清理淤泥",
        "A",
    ];
    for (n, lang) in [(9, "en"), (10, "en"), (12, "zh"), (23, "zh")] {
        let l = empty();
        let f = write(&l, "n.txt", &numbered(n, &titles));
        let out = l.run(&["--lang", lang, "import", &f, "--dry-run"]).ok();
        let cols = title_columns(&out.stdout);
        assert_eq!(cols.len(), n, "{}", out.stdout);
        assert!(
            cols.iter().all(|c| *c == cols[0]),
            "{n} {lang}: {cols:?}\n{}",
            out.stdout
        );
        // Field labels line up under each other too.
        let fields: Vec<usize> = out
            .stdout
            .lines()
            .filter(|l| l.starts_with("      "))
            .map(|l| {
                let label_end = l.trim_start().find(' ').unwrap();
                let rest = &l.trim_start()[label_end..];
                UnicodeWidthStr::width(&l[..l.len() - rest.trim_start().len()])
            })
            .collect();
        assert!(fields.iter().all(|c| *c == fields[0]), "{}", out.stdout);
    }
}

#[test]
fn list_all_never_breaks_the_unassigned_placeholder() {
    let l = empty();
    let long = "一项没有牵头单位而且标题相当长相当长相当长相当长相当长相当长的任务";
    let f = write(
        &l,
        "u.txt",
        &format!("几点建议\n1、{long}。\n2、另一项任务。\n3、第三项（县住建局）。\n"),
    );
    l.run(&["import", &f]).ok();
    for cols in ["60", "66", "72", "80", "100"] {
        for lang in ["en", "zh"] {
            let out = run(l
                .cmd()
                .env("COLUMNS", cols)
                .args(["--lang", lang, "list", "--all"]));
            assert_eq!(out.code, 0, "{}", out.stderr);
            let word = if lang == "en" {
                "(unassigned)"
            } else {
                "（未指定）"
            };
            assert_eq!(
                out.stdout.matches(word).count(),
                2,
                "{cols} {lang}:\n{}",
                out.stdout
            );
        }
    }
}
