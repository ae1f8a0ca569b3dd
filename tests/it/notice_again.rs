//! Issue 17, finding 11: the same notice written again in another format keeps its serial and
//! is not another 催办. One rule (`store::notices::plan_refs`): the same unit, the same tasks,
//! the same reply-by date, issued the same day and not withdrawn.

use crate::support::Ledger;

/// Every serial among the file names in `dir`, sorted, once.
fn serials(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().to_string();
            let start = name.find("督办").unwrap();
            let end = name.rfind('.').unwrap();
            name[start..end].to_string()
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// 催办次数 in the report of the week containing 2026-11-25: (unit, this period, all).
fn reminders(l: &Ledger, today: &str) -> serde_json::Value {
    l.run_on(today, &["report", "--format", "json"]).ok().json()["reminders"].clone()
}

#[test]
fn the_same_notice_in_another_format_keeps_its_serial_and_counts_once() {
    let l = Ledger::seeded("2026-10-05");
    let dir = |name: &str| l.dir.path().join(name);
    let notice = |today: &str, out: &str, format: &str, reply: &str, extra: &[&str]| {
        let mut args = vec![
            "notice",
            "--all",
            "--reply-by",
            reply,
            "--out",
            out,
            "--format",
            format,
        ];
        args.extend_from_slice(extra);
        l.run_on(today, &args)
    };
    let a = dir("a");
    let first = notice("2026-11-25", a.to_str().unwrap(), "docx", "2026-12-04", &[]).ok();
    let issued = serials(&a);
    assert!(!issued.is_empty());
    let counted = reminders(&l, "2026-11-25");
    let before = l.dump();
    // (folder, format, extra args, same serials and nothing recorded?)
    for (name, format, extra) in [
        ("b", "html", &[][..]),
        ("c", "markdown", &[][..]),
        ("d", "docx", &[][..]),
        ("e", "html", &["--dry-run"][..]),
    ] {
        let out = notice(
            "2026-11-25",
            dir(name).to_str().unwrap(),
            format,
            "2026-12-04",
            extra,
        )
        .ok();
        if extra.is_empty() {
            assert_eq!(serials(&dir(name)), issued, "{name} {format}");
            assert!(
                out.stderr.contains("same serial") || out.stderr.contains("keep their serials"),
                "{}",
                out.stderr
            );
        } else {
            // A dry run lists the serials it would use: the same ones.
            for s in &issued {
                assert!(out.stdout.contains(s.as_str()), "{s} in {}", out.stdout);
            }
        }
        assert_eq!(l.dump(), before, "{name} {format}: nothing recorded");
    }
    assert_eq!(reminders(&l, "2026-11-25"), counted);
    drop(first);
    // Not the same notice: another reply-by date, another day, or a task list that changed.
    let next_day = notice(
        "2026-11-26",
        dir("f").to_str().unwrap(),
        "html",
        "2026-12-04",
        &[],
    )
    .ok();
    let f = serials(&dir("f"));
    assert!(
        f.iter().all(|s| !issued.contains(s)),
        "{f:?} {issued:?}\n{}",
        next_day.stderr
    );
    let other_reply = notice(
        "2026-11-26",
        dir("g").to_str().unwrap(),
        "html",
        "2026-12-05",
        &[],
    )
    .ok();
    let g = serials(&dir("g"));
    assert!(
        g.iter().all(|s| !f.contains(s)),
        "{g:?}\n{}",
        other_reply.stderr
    );
    // 1.2 done: 组织科's notice lists other tasks; the others' stay the same.
    l.run_on("2026-11-26", &["update", "1.2", "--status", "done"])
        .ok();
    notice(
        "2026-11-26",
        dir("h").to_str().unwrap(),
        "markdown",
        "2026-12-05",
        &[],
    )
    .ok();
    let h = serials(&dir("h"));
    let new: Vec<&String> = h.iter().filter(|s| !g.contains(s)).collect();
    assert_eq!(new.len(), 1, "only 组织科's notice is new: {h:?} vs {g:?}");
    let files: Vec<String> = std::fs::read_dir(dir("h"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        files
            .iter()
            .any(|n| n.starts_with("组织科-") && n.contains(new[0].as_str())),
        "{files:?}"
    );
}

#[test]
fn a_withdrawn_notice_written_again_is_a_new_one() {
    let l = Ledger::seeded("2026-10-05");
    let run = |out: &str| {
        l.run_on(
            "2026-11-25",
            &[
                "notice",
                "--owner",
                "组织科",
                "--reply-by",
                "2026-12-04",
                "--out",
                l.dir.path().join(out).to_str().unwrap(),
            ],
        )
        .ok()
    };
    run("a");
    let a = serials(&l.dir.path().join("a"));
    l.run_on("2026-11-25", &["undo"]).ok();
    run("b");
    let b = serials(&l.dir.path().join("b"));
    assert_ne!(a, b, "a withdrawn serial is never given again");
    let before = l.dump();
    run("c");
    assert_eq!(serials(&l.dir.path().join("c")), b);
    assert_eq!(l.dump(), before);
}
