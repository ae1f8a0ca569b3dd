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

/// The lines of a page's EXAMPLES block (`.EX` … `.EE`), as typed: roff escapes undone.
fn examples(page: &str) -> Vec<String> {
    let start = page
        .find(".SH EXAMPLES\n.EX\n")
        .expect("an EXAMPLES section set as code");
    let block = &page[start..];
    let end = block.find("\n.EE").expect(".EX closed by .EE");
    block[..end]
        .lines()
        .skip(2)
        .map(|l| {
            l.trim_start_matches("\\&")
                .replace("\\-", "-")
                .replace("\\e", "\\")
        })
        .collect()
}

/// Every page, main and nested alike, has the sections the issue names, its examples set as
/// code, and the values of the options it has (and not those it lacks).
#[test]
fn every_page_has_exit_status_environment_files_and_examples_and_its_own_values() {
    let l = Ledger::new("2026-11-30");
    let dir = l.dir.path().join("pages");
    l.run(&["man", "--dir", dir.to_str().unwrap()]).ok();
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let page = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for section in [
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH EXAMPLES\n.EX\n",
            "TRACKER_DB",
            "postgres://ROLE@HOST/DB",
            "PGPASSFILE",
            "TRACKER_LANG",
            "TRACKER_TODAY",
            "TRACKER_USER",
            "NO_COLOR",
            "XDG_CONFIG_HOME",
            "tracker.db",
            "config.toml",
        ] {
            assert!(page.contains(section), "{name} lacks {section:?}");
        }
        // Exit codes as main gives them.
        for code in ["\n0\nsuccess", "\n1\nrefused", "\n2\nusage"] {
            assert!(page.contains(code), "{name} lacks exit code {code:?}");
        }
        assert!(!examples(&page).is_empty(), "{name}: no examples");
        count += 1;
    }
    assert!(count >= 19, "only {count} pages");
    let page = |cmd: &[&str]| l.run(&[&["man"], cmd].concat()).ok().stdout;
    // (page, values it must list, values it must not)
    let cases: &[(&[&str], &[&str], &[&str])] = &[
        (
            &["update"],
            &[
                "\\fBids\\fR",
                "\\fBstatuses\\fR",
                "办结",
                "暂缓",
                "撤销",
                "\\fBprogress\\fR",
                "\\fBdates\\fR",
                "下月15日",
                "\\fBunits\\fR",
            ],
            &["\\fBweeks\\fR", "\\fBspans\\fR"],
        ),
        (
            &["list"],
            &[
                "\\fBstatuses\\fR",
                "\\fBspans\\fR",
                "14d",
                "2w",
                "\\fBunits\\fR",
            ],
            &["\\fBids\\fR", "\\fBdates\\fR"],
        ),
        (
            &["report"],
            &[
                "\\fBweeks\\fR",
                "2026\\-W48",
                "上周",
                "\\fBdates\\fR",
                "\\fBunits\\fR",
            ],
            &["\\fBids\\fR", "\\fBstatuses\\fR"],
        ),
        (
            &["show"],
            &["\\fBids\\fR", "１．４"],
            &["\\fBdates\\fR", "\\fBstatuses\\fR"],
        ),
        (
            &["history"],
            &["\\fBids\\fR", "\\fBdates\\fR"],
            &["\\fBstatuses\\fR"],
        ),
        (
            &["import"],
            &["\\fBspans\\fR", "\\fBdates\\fR", "\\fBunits\\fR"],
            &["\\fBids\\fR"],
        ),
        (&["units", "rename"], &[], &[".SH VALUES"]),
        (&["backup"], &[], &[".SH VALUES"]),
    ];
    for (cmd, has, lacks) in cases {
        let text = page(cmd);
        for h in *has {
            assert!(text.contains(h), "{cmd:?} page lacks {h}");
        }
        for x in *lacks {
            assert!(
                !text.contains(x),
                "{cmd:?} page lists {x}, which it has no option for"
            );
        }
    }
}

/// The examples on the pages work: each one that needs no file is run, in page order,
/// against a seeded ledger.
#[test]
fn the_examples_on_the_pages_run() {
    let l = Ledger::new("2026-11-30");
    let mut ran = 0;
    for cmd in [
        "",
        "list",
        "show",
        "update",
        "note",
        "add",
        "history",
        "report",
        "units",
        "units rename",
        "undo",
    ] {
        let args: Vec<&str> = std::iter::once("man")
            .chain(cmd.split_whitespace())
            .collect();
        let page = l.run(&args).ok().stdout;
        for ex in examples(&page) {
            let ex = ex.split(" # ").next().unwrap().trim().to_string();
            let words: Vec<&str> = ex.split_whitespace().collect();
            if words.first() != Some(&"tracker")
                || ["--out", "man", "|", ">", ".db"]
                    .iter()
                    .any(|w| ex.contains(w))
            {
                continue;
            }
            let out = l.run(&words[1..]);
            assert_eq!(out.code, 0, "{ex}: {}", out.stderr);
            ran += 1;
        }
    }
    assert!(ran >= 25, "only {ran} examples ran");
}

#[test]
fn nested_pages_are_asked_for_in_words_and_a_file_is_not_a_folder() {
    let l = Ledger::new("2026-11-30");
    let nested = l.run(&["man", "units", "rename"]).ok().stdout;
    assert!(nested.contains(".TH tracker-units-rename 1"), "{nested}");
    for other in [
        &["man", "units-rename"][..],
        &["man", "tracker-units-rename"],
        &["man", " units ", "rename"],
        &["man", "UNITS", "Rename"],
    ] {
        assert_eq!(l.run(other).ok().stdout, nested, "{other:?}");
    }
    l.run(&["man", "units", "nope"])
        .fails(1, &["no manual page for 'units nope'", "units rename"]);
    let file = l.dir.path().join("pages.txt");
    std::fs::write(&file, "kept").unwrap();
    l.run(&["man", "--dir", file.to_str().unwrap()])
        .fails(1, &["is a file, not a folder", "pages.txt"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
    let zh = l.run(&["--lang", "zh", "man", "--dir", file.to_str().unwrap()]);
    let msg = zh.fails(1, &["错误：", "不是文件夹"]);
    assert!(!msg.contains("folder"), "{msg}");
}

#[test]
fn pages_hold_one_examples_section_and_say_what_the_environment_takes() {
    let l = Ledger::new("2026-11-30");
    let dir = l.dir.path().join("man1");
    l.run(&["man", "--dir", dir.to_str().unwrap()]).ok();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let page = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!page.contains(".SH EXTRA"), "{page}");
        assert_eq!(page.matches(".SH EXAMPLES").count(), 1, "{page}");
        assert!(!page.contains("Examples:"), "{page}");
        if page.contains("TRACKER_REPORT_FORMAT") {
            assert!(page.contains("xlsx or docx"), "{page}");
        }
    }
    let rename = l.run(&["man", "units", "rename"]).ok().stdout;
    assert!(rename.contains("one recorded change"), "{rename}");
    assert!(!rename.contains("per task"), "{rename}");
    l.cmd()
        .env("TRACKER_REPORT_FORMAT", "pdf")
        .arg("report")
        .output()
        .map(|o| {
            let e = String::from_utf8_lossy(&o.stderr).into_owned();
            assert!(e.contains("html, xlsx or docx"), "{e}");
        })
        .unwrap();
}

/// The SYNOPSIS of a rendered page, on one line, spaces collapsed; man's overstrike for bold
/// and underline (`X\bX`, `_\bX`) taken out.
fn synopsis_of(rendered: &str) -> String {
    let mut plain = String::new();
    for c in rendered.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    let body: Vec<&str> = plain
        .lines()
        .skip_while(|l| l.trim() != "SYNOPSIS")
        .skip(1)
        .take_while(|l| l.starts_with(' ') || l.is_empty())
        .collect();
    body.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every page's SYNOPSIS says what each option takes: an option that takes a value (by its
/// `--help`: `--status <STATUS>`) shows it (`[--status STATUS]...`), a switch shows none
/// (`[--all]`), and the named forms below appear exactly, rendered at 80 columns with no
/// warning and no word hyphenated.
#[test]
fn every_synopsis_gives_each_options_value() {
    let l = Ledger::new("2026-11-30");
    let dir = l.dir.path().join("man1");
    l.run(&["man", "--dir", dir.to_str().unwrap()]).ok();
    if render(&dir.join("tracker.1")).is_none() {
        eprintln!("skipped: no man command to render the pages with");
        return;
    }
    let pages: &[(&[&str], &[&str])] = &[
        (
            &[],
            &[
                "[--today DATE]",
                "[--db PATH|URL]",
                "[--format table|json]",
                "[COMMAND]",
            ],
        ),
        (
            &["list"],
            &[
                "tracker list [--status STATUS]...",
                "[--stale [SPAN]]",
                "[--owner UNIT]",
                "[--sort id|deadline|status]",
                "[--all]",
                "[-h|--help]",
            ],
        ),
        (
            &["update"],
            &[
                "[--add-support UNIT]...",
                "[--deadline DATE]",
                "[--no-support]",
                " ID",
            ],
        ),
        (
            &["report"],
            &[
                "[--out FILE]",
                "[--week WEEK]",
                "[--color auto|always|never]",
            ],
        ),
        (&["units", "rename"], &["tracker units rename", "OLD NEW"]),
        (&["notice"], &["[-h|--help] --reply-by DATE --out DIR"]),
        (&["collect"], &["[FILE]..."]),
        (&["man"], &["[CMD]...", "[--dir DIR]"]),
    ];
    for (cmd, want) in pages {
        let name = if cmd.is_empty() {
            "tracker.1".to_string()
        } else {
            format!("tracker-{}.1", cmd.join("-"))
        };
        let (text, warnings) = render(&dir.join(&name)).unwrap();
        assert!(warnings.trim().is_empty(), "{name}: {warnings}");
        let synopsis = synopsis_of(&text);
        assert!(!synopsis.is_empty(), "{name}: no SYNOPSIS in {text:?}");
        for w in *want {
            assert!(synopsis.contains(w), "{name} lacks {w:?}: {synopsis}");
        }
        assert!(
            !synopsis.contains('‐'),
            "{name} hyphenated a word: {synopsis}"
        );
        // Each option of `--help`, with or without its value as `--help` shows it.
        let mut args: Vec<&str> = cmd.to_vec();
        args.push("--help");
        let help = l.run(&args).ok().stdout;
        for line in help.lines().map(str::trim).filter(|l| l.starts_with('-')) {
            let mut words = line.split_whitespace();
            let Some(flag) = words.find(|w| w.starts_with("--")) else {
                continue;
            };
            let flag = flag.trim_end_matches(',');
            let takes = words.next().is_some_and(|w| w.starts_with(['<', '[']));
            let at = synopsis
                .find(&format!("{flag} "))
                .or_else(|| synopsis.find(&format!("{flag}]")))
                .unwrap_or_else(|| panic!("{name} lacks {flag}: {synopsis}"));
            let after = synopsis[at + flag.len()..].chars().next();
            if takes {
                assert_eq!(
                    after,
                    Some(' '),
                    "{name}: {flag} without its value: {synopsis}"
                );
            } else {
                assert_eq!(
                    after,
                    Some(']'),
                    "{name}: switch {flag} given a value: {synopsis}"
                );
            }
        }
    }
}
