//! Issue 19: a manual page for every command. `tracker man CMD` prints one, `--dir` writes them
//! all so `man tracker-update` finds them, and each renders without a warning.

use crate::support::Ledger;

/// Renders a page file with `MANWIDTH=80 man --warnings -l`; `None` when `man` is absent.
fn render(page: &std::path::Path) -> Option<(String, String)> {
    let out = std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(page)
        .env("MANWIDTH", "80")
        .env("MAN_KEEP_FORMATTING", "0")
        .env("LANG", "C.UTF-8")
        .env("PAGER", "cat")
        .output()
        .ok()?;
    Some((
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn every_command_has_a_page_written_by_dir_and_each_renders_without_warnings() {
    let l = Ledger::new("2026-11-30");
    let dir = l.dir.path().join("man").join("man1");
    let out = l.run(&["man", "--dir", dir.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("manual pages"), "{}", out.stdout);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for want in [
        "tracker.1",
        "tracker-update.1",
        "tracker-add.1",
        "tracker-units-rename.1",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} missing: {names:?}");
    }
    assert!(
        !names.iter().any(|n| n.contains("dev")),
        "hidden dev got a page: {names:?}"
    );
    // The page printed for a command is the one written for it.
    let update = l.run(&["man", "update"]).ok().stdout;
    assert_eq!(
        update,
        std::fs::read_to_string(dir.join("tracker-update.1")).unwrap()
    );
    assert!(
        update.contains("remove\\-support"),
        "update page lacks its options"
    );
    let main = std::fs::read_to_string(dir.join("tracker.1")).unwrap();
    for section in [
        "VALUES",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "EXAMPLES",
        "办结",
    ] {
        assert!(main.contains(section), "main page lacks {section}");
    }
    if render(&dir.join("tracker.1")).is_none() {
        eprintln!("skipped: no man command to render the pages with");
        return;
    }
    for name in &names {
        let (text, warnings) = render(&dir.join(name)).unwrap();
        assert!(warnings.trim().is_empty(), "{name}: {warnings}");
        assert!(!text.trim().is_empty(), "{name} rendered empty");
    }
    // `man tracker-update` finds the page once the folder is on the manual path.
    let found = std::process::Command::new("man")
        .args(["-w", "tracker-update"])
        .env("MANPATH", l.dir.path().join("man"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&found.stdout).trim(),
        dir.join("tracker-update.1").to_str().unwrap()
    );
}

#[test]
fn a_command_without_a_page_is_refused_naming_the_pages() {
    let l = Ledger::new("2026-11-30");
    l.run(&["man", "nope"])
        .fails(1, &["no manual page for 'nope'", "update"]);
    l.run(&["man", "dev"])
        .fails(1, &["no manual page for 'dev'"]);
    l.run(&["man", "update", "--dir", "x"]).fails(2, &["--dir"]);
}
