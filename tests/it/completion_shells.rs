//! Completion in zsh, fish and PowerShell (issue 19): the scripts parse, fish completes from
//! the ledger in a real fish, each shell gets the protocol it reads, and no command line
//! makes `tracker __complete` fail or speak on stderr.

use std::process::Command;

use proptest::prelude::*;

use crate::completion::in_env;
use crate::support::{Ledger, run};

#[test]
fn zsh_fish_and_powershell_get_ids_with_their_titles() {
    let l = Ledger::seeded("2026-03-02");
    let title = l.run(&["show", "1.4", "--format", "json"]).ok().json()["title"]
        .as_str()
        .unwrap()
        .to_string();
    let ask = |shell: &str, words: &[&str]| {
        let mut args = vec!["__complete", shell, "--"];
        args.extend_from_slice(words);
        let out = l.run(&args).ok();
        assert_eq!(out.stderr, "");
        out.stdout
    };
    let zsh = ask("zsh", &["tracker", "update", "1.4"]);
    assert!(zsh.starts_with("values\n\n1.4\n"), "{zsh}");
    assert!(zsh.contains(&format!("1.4:{title}\n")), "{zsh}");
    let fish = ask("fish", &["tracker", "update", "1.4"]);
    assert!(fish.contains(&format!("1.4\t{title}\n")), "{fish}");
    let ps = ask("powershell", &["tracker", "report", "--format=m"]);
    assert!(
        ps.lines().any(|l| l.starts_with("--format=markdown\t")),
        "{ps}"
    );
    let zsh = ask("zsh", &["tracker", "report", "--format=m"]);
    assert!(
        zsh.lines().nth(1) == Some("--format=") && zsh.contains("\nmarkdown"),
        "{zsh}"
    );
    assert!(ask("zsh", &["tracker", "import", "x"]).starts_with("files\n"));
    assert!(ask("fish", &["tracker", "sheets", "--out", ""]).starts_with("dirs\n"));
}

fn have(shell: &str) -> bool {
    let found = Command::new(shell)
        .arg("-c")
        .arg("exit 0")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        println!("note: {shell} is not installed; its completion test is skipped");
    }
    found
}

#[test]
fn the_zsh_and_fish_scripts_parse() {
    let l = Ledger::new("2026-03-02");
    for (shell, ext) in [("zsh", "zsh"), ("fish", "fish")] {
        if !have(shell) {
            continue;
        }
        let script = l.dir.path().join(format!("tracker.{ext}"));
        std::fs::write(&script, l.run(&["completions", shell]).ok().stdout).unwrap();
        let check = Command::new(shell).arg("-n").arg(&script).output().unwrap();
        assert!(
            check.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

#[test]
fn fish_completes_from_the_ledger_in_a_real_fish() {
    if !have("fish") {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let script = l.dir.path().join("tracker.fish");
    std::fs::write(&script, l.run(&["completions", "fish"]).ok().stdout).unwrap();
    let fish = |line: &str| {
        let mut f = in_env(&l, "fish");
        f.arg("--no-config")
            .arg("-c")
            .arg(format!("source {}; complete -C'{line}'", script.display()));
        let out = run(&mut f);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let title = l.run(&["show", "1.4", "--format", "json"]).ok().json()["title"]
        .as_str()
        .unwrap()
        .to_string();
    let got = fish("tracker update 1.");
    assert!(got.contains(&format!("1.4\t{title}")), "{got}");
    let got = fish("tracker update 1.4 --status 办");
    assert!(got.lines().any(|l| l.starts_with("办结")), "{got}");
    let got = fish("tracker ");
    assert!(
        got.contains("update") && !got.lines().any(|l| l.starts_with("dev")),
        "{got}"
    );
    let got = fish("tracker update 1.4 --lead ");
    assert!(got.contains("组织科"), "{got}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Whatever the line, completion answers with the protocol's three lines first, exits 0
    /// and prints nothing on stderr.
    #[test]
    fn any_line_gets_an_answer_and_never_an_error(
        words in proptest::collection::vec(
            prop_oneof![
                Just("update".to_string()), Just("--status".to_string()), Just("--db".to_string()),
                Just("=".to_string()), Just("--".to_string()), Just("-".to_string()),
                Just("units".to_string()), Just("rename".to_string()), Just("dev".to_string()),
                Just("--format=".to_string()), Just("'组织".to_string()), Just("\"".to_string()),
                Just("1.4".to_string()), Just(String::new()), "[-=a-z一-鿿'\"\\\\ ]{0,6}",
            ],
            0..6,
        ),
        shell in prop_oneof![Just("bash"), Just("zsh"), Just("fish"), Just("powershell")],
        index in proptest::option::of(0usize..8),
    ) {
        let l = Ledger::new("2026-03-02");
        let index = index.map(|i| i.to_string());
        let mut args = vec!["__complete", shell];
        if let Some(i) = &index {
            args.extend(["--index", i.as_str()]);
        }
        args.push("--");
        args.push("tracker");
        args.extend(words.iter().map(String::as_str));
        let out = l.run(&args);
        prop_assert_eq!(out.code, 0, "{}", out.stderr);
        prop_assert_eq!(out.stderr.as_str(), "");
        let kind = out.stdout.lines().next().unwrap_or_default();
        prop_assert!(["values", "files", "dirs"].contains(&kind), "{}", out.stdout);
        prop_assert!(!l.db.exists());
    }
}

/// zsh's completion builtins only work inside a completion widget, which needs a terminal:
/// here they are stood in for (`_describe` prints its candidates, `_files` and `compset` say
/// they were called), and the script's function runs in a real zsh with `words` and
/// `CURRENT` set as zsh sets them, so what it sends and reads back is checked.
#[test]
fn zsh_completes_from_the_ledger_through_its_script() {
    if !have("zsh") {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let script = l.dir.path().join("_tracker");
    std::fs::write(&script, l.run(&["completions", "zsh"]).ok().stdout).unwrap();
    let zsh = |words: &str, current: usize| {
        let body = format!(
            r#"_describe() {{ shift 2; print -rl -- "${{(@P)2}}" }}
_files() {{ print -r -- "FILES $*" }}
compset() {{ print -r -- "COMPSET $*" }}
compdef() {{ : }}
source {}
words=({words}); CURRENT={current}; _tracker"#,
            script.display()
        );
        let mut z = in_env(&l, "zsh");
        z.arg("-f").arg("-c").arg(body);
        let out = run(&mut z);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let title = l.run(&["show", "1.4", "--format", "json"]).ok().json()["title"]
        .as_str()
        .unwrap()
        .to_string();
    let got = zsh("tracker update 1.", 3);
    assert_eq!(got.lines().count(), 5, "{got}");
    assert!(got.contains(&format!("1.4:{title}\n")), "{got}");
    let got = zsh("tracker update 1.4 --status 办", 5);
    assert_eq!(got, "办理中:in-progress\n办结:done\n办完:done\n");
    assert_eq!(zsh("tracker import x", 3), "FILES \n");
    assert_eq!(zsh("tracker sheets --out x", 4), "FILES -/\n");
    assert_eq!(
        zsh("tracker report --format=m", 3),
        "COMPSET -P *=\nmarkdown\n"
    );
    assert!(!zsh("tracker ''", 2).lines().any(|l| l.starts_with("dev")));
}
