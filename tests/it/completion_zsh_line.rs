//! zsh completion in a real interactive zsh (issue 19): the script is loaded with `compinit`,
//! a line is typed with Tab into a zsh on a pseudo-terminal (zsh's own `zpty`), and the line as
//! zsh left it is read back. Typing part of a title (`tracker show 基地<Tab>`) must put the
//! task's id in place of the word: tracker matches by title, and the script must not let
//! `_describe` drop a candidate that does not start with the word typed.

use crate::completion::in_env;
use crate::support::{Ledger, run};

/// Drives `zsh -f -i` on a pty: loads completion from the folder `$1`, types `$2` and a Tab,
/// then turns the line into `print -r -- BUF:<line>` and runs it, and prints what it printed.
/// Each step waits for the text it expects, never for a time.
const DRIVE: &str = r#"zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PS1='> '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; print READY"
local out all
zpty -r z out '*READY*READY*'
zpty -w -n z "$2"$'\t'
zpty -w -n z $'\C-aprint -r -- BUF:\C-e\n'
zpty -w z 'print DONE'
while zpty -r z out; do all+=$out; [[ $all == *DONE*DONE* ]] && break; done
zpty -d z
print -r -- "$all"
"#;

fn have_zsh_with_zpty() -> bool {
    std::process::Command::new("zsh")
        .args(["-f", "-c", "zmodload zsh/zpty"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The line zsh leaves after `typed` and one Tab.
fn after_tab(l: &Ledger, folder: &std::path::Path, typed: &str) -> String {
    let mut z = in_env(l, "timeout");
    z.args(["60", "zsh", "-f"])
        .arg(folder.join("drive.zsh"))
        .arg(folder)
        .arg(typed)
        .env("LANG", "C.UTF-8");
    let out = run(&mut z);
    assert_eq!(out.code, 0, "{typed}: {}", out.stderr);
    // The last BUF: is the printed line (the ones before are zle drawing the line edited).
    let at = out
        .stdout
        .rfind("BUF:")
        .unwrap_or_else(|| panic!("{typed}: no line read back: {:?}", out.stdout));
    let line = &out.stdout[at + 4..];
    let end = line.find(['\r', '\n']).unwrap_or(line.len());
    line[..end].trim_end().to_string()
}

#[test]
fn a_word_from_a_title_becomes_the_tasks_id_in_a_real_zsh() {
    if !have_zsh_with_zpty() {
        eprintln!("skipped: no zsh with zpty");
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let folder = l.dir.path().join("zfunc");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("_tracker"),
        l.run(&["completions", "zsh"]).ok().stdout,
    )
    .unwrap();
    std::fs::write(folder.join("drive.zsh"), DRIVE).unwrap();
    let title = |id: &str| {
        l.run(&["show", id, "--format", "json"]).ok().json()["title"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Words from one task's title only: the id replaces the word.
    let t26: Vec<char> = title("2.6").chars().collect();
    let part: String = t26[t26.len() - 4..t26.len() - 2].iter().collect();
    let cases: Vec<(String, String)> = vec![
        (format!("tracker show {part}"), "tracker show 2.6".into()),
        (
            format!("tracker update {}", title("1.4")),
            "tracker update 1.4".into(),
        ),
        // A prefix of the id still completes as before.
        ("tracker show 2.6".into(), "tracker show 2.6".into()),
        // Statuses and units by their start, as before.
        (
            "tracker update 1.1 --status 办结".into(),
            "tracker update 1.1 --status 办结".into(),
        ),
        (
            "tracker list --owner 人事".into(),
            "tracker list --owner 人事局".into(),
        ),
    ];
    for (typed, want) in cases {
        assert_eq!(after_tab(&l, &folder, &typed), want, "{typed}");
    }
}
