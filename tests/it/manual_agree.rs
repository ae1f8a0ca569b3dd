//! The manual pages agree with the tool and with each other (issue 19): the statuses a page
//! lists are every word `--status`'s help lists; a command's page points to its parent and
//! its own commands; the width the page gives for piped tables is the one tables get; and the
//! pages `man --dir` writes are readable by everyone (0644, a new folder 0755), while files
//! holding ledger content stay 0600.

use crate::support::Ledger;

/// The words `--help` lists for `--status` of `cmd`: the text in brackets after the flag.
fn help_status_words(l: &Ledger, cmd: &str) -> Vec<String> {
    let help = l.run(&[cmd, "--help"]).ok().stdout;
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = flat.find("--status <STATUS>").expect("--status in help");
    let open = at + flat[at..].find('[').expect("[ after --status");
    let close = open + flat[open..].find(']').expect("]");
    flat[open + 1..close]
        .split([',', ';', '(', ')'])
        .map(|w| w.trim().trim_start_matches("or ").trim())
        .filter(|w| !w.is_empty() && !w.contains(' ') && !w.contains("Traditional"))
        .map(str::to_string)
        .collect()
}

/// The words a page's VALUES lists under statuses (roff `\-` made `-`).
fn page_status_words(l: &Ledger, cmd: &str) -> Vec<String> {
    let roff = l.run(&["man", cmd]).ok().stdout;
    let at = roff.find("\\fBstatuses\\fR").expect("statuses on the page");
    let end = at + roff[at..].find(".RE").expect(".RE");
    roff[at..end]
        .lines()
        .filter(|l| l.contains(", ") && l.split(", ").all(|w| !w.contains(' ')))
        .flat_map(|l| l.split(", ").map(|w| w.replace("\\-", "-")))
        .collect()
}

#[test]
fn every_status_word_in_help_is_on_the_pages() {
    let l = Ledger::new("2026-11-30");
    for cmd in ["update", "list"] {
        let help = help_status_words(&l, cmd);
        assert!(help.len() >= 25, "{cmd}: {help:?}");
        let page = page_status_words(&l, cmd);
        for w in &help {
            assert!(
                page.contains(w),
                "{cmd}: {w} in --help, not on the page {page:?}"
            );
        }
        for w in &page {
            // Every word on the page is one the parser takes.
            l.run(&["list", "--status", w, "--format", "json"]).ok();
        }
    }
}

#[test]
fn a_command_page_points_to_its_parent_and_its_own_commands() {
    let l = Ledger::new("2026-11-30");
    let see_also = |cmd: &[&str]| {
        let mut args = vec!["man"];
        args.extend_from_slice(cmd);
        let roff = l.run(&args).ok().stdout;
        let at = roff.find(".SH \"SEE ALSO\"").expect("SEE ALSO");
        roff[at..].lines().nth(1).unwrap_or_default().to_string()
    };
    let cases: &[(&[&str], &[&str], &[&str])] = &[
        (
            &["units"],
            &["\\fBtracker\\fR(1)", "\\fBtracker\\-units\\-rename\\fR(1)"],
            &[],
        ),
        (
            &["units", "rename"],
            &["\\fBtracker\\fR(1)", "\\fBtracker\\-units\\fR(1)"],
            &["rename\\fR"],
        ),
        (
            &["update"],
            &["\\fBtracker\\fR(1)"],
            &["tracker\\-update\\fR", "units"],
        ),
    ];
    for (cmd, has, lacks) in cases {
        let line = see_also(cmd);
        for h in *has {
            assert!(line.contains(h), "{cmd:?}: {h} in {line}");
        }
        for x in *lacks {
            assert!(!line.contains(x), "{cmd:?}: {x} not in {line}");
        }
    }
}

/// The page's COLUMNS entry gives 80 for tables and 100 for the report, and piped output
/// without COLUMNS is that wide.
#[test]
fn piped_tables_are_as_wide_as_the_page_says() {
    let l = Ledger::seeded("2026-11-02");
    let roff = l.run(&["man"]).ok().stdout;
    let at = roff.find("\n.TP\nCOLUMNS\n").expect("COLUMNS entry");
    let entry = roff[at..].lines().nth(3).unwrap_or_default();
    assert!(
        entry.contains("default 80") && entry.contains("100 for the report"),
        "{entry}"
    );
    let widest = |args: &[&str]| {
        let mut c = l.cmd();
        c.env_remove("COLUMNS").args(args);
        let out = crate::support::run(&mut c).ok();
        out.stdout
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    assert_eq!(widest(&["list"]), 80);
    assert_eq!(widest(&["report"]), 100);
}

#[cfg(unix)]
#[test]
fn manual_pages_are_for_everyone_and_ledger_files_stay_private() {
    use std::os::unix::fs::PermissionsExt;
    let l = Ledger::seeded("2026-11-02");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // A folder that is there (0700) keeps its mode; the ones made for the pages are 0755.
    let kept = l.dir.path().join("home");
    std::fs::create_dir(&kept).unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o700)).unwrap();
    let dir = kept.join("share").join("man").join("man1");
    // A strict umask changes nothing: the pages are set to 0644 and their new folders 0755.
    let mut c = l.cmd();
    c.args(["man", "--dir", dir.to_str().unwrap()]);
    let out = crate::support::run(&mut umask(c, "077")).ok();
    assert!(out.stdout.contains("manual pages"), "{}", out.stdout);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        assert_eq!(mode(&p), 0o644, "{}", p.display());
    }
    for folder in [&dir, &dir.parent().unwrap().to_path_buf()] {
        assert_eq!(mode(folder), 0o755, "{}", folder.display());
    }
    assert_eq!(mode(&kept), 0o700);
    // Files with ledger content stay the owner's.
    let report = l.dir.path().join("周报.html");
    let export = l.dir.path().join("台账.json");
    l.run(&["report", "--out", report.to_str().unwrap()]).ok();
    l.run(&["export", "--out", export.to_str().unwrap()]).ok();
    assert_eq!(mode(&report), 0o600);
    assert_eq!(mode(&export), 0o600);
}

/// `c` run under `sh -c 'umask U; exec …'`, keeping its environment.
#[cfg(unix)]
fn umask(c: std::process::Command, mask: &str) -> std::process::Command {
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c")
        .arg(format!("umask {mask}; exec \"$0\" \"$@\""))
        .arg(c.get_program())
        .args(c.get_args());
    sh.env_clear();
    for (k, v) in c.get_envs() {
        if let Some(v) = v {
            sh.env(k, v);
        }
    }
    sh
}
