//! Streamed output: colour decided per destination on a real terminal (a pty through
//! `script`), and a reader that goes away early ends every streamed output quietly.

use std::io::Read;
use std::process::Stdio;

use crate::support::Ledger;

/// Runs `cmd` under a pseudo-terminal (`script`), so standard output is a terminal.
fn in_terminal(l: &Ledger, cmd: &str, no_color: bool) -> String {
    let bin = env!("CARGO_BIN_EXE_tracker");
    let mut c = l.cmd();
    c.env("TERM", "xterm");
    if no_color {
        c.env("NO_COLOR", "1");
    }
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &format!("{bin} {cmd}"), "/dev/null"])
        .env_clear();
    for (k, v) in c.get_envs() {
        if let Some(v) = v {
            script.env(k, v);
        }
    }
    let out = script.output().expect("run script");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn colour_on_a_real_terminal_and_never_into_a_file() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.1", "--status", "blocked"]).ok();
    let shown = in_terminal(&l, "list", false);
    assert!(shown.contains('\x1b'), "a terminal gets colour:\n{shown}");
    let plain = in_terminal(&l, "list", true);
    assert!(!plain.contains('\x1b'), "NO_COLOR turns it off:\n{plain}");
    assert!(plain.contains("1.1"));
    let week = l.dir.path().join("week.txt");
    in_terminal(&l, &format!("report --out {}", week.display()), false);
    let text = std::fs::read_to_string(&week).unwrap();
    assert!(
        text.contains("1.1") && !text.contains('\x1b'),
        "no colour in a file:\n{text}"
    );
    // The same report on the terminal is coloured.
    assert!(in_terminal(&l, "report", false).contains('\x1b'));
}

/// A ledger big enough that every streamed output overflows a pipe's buffer.
fn big_ledger() -> Ledger {
    let l = Ledger::new("2026-11-26");
    l.run(&["dev", "synth", "--tasks", "1500", "--events-per-task", "4"])
        .ok();
    l
}

#[test]
fn a_reader_that_goes_away_ends_every_streamed_output_quietly() {
    let l = big_ledger();
    let cases: &[&[&str]] = &[
        &["export"],
        &["export", "--out", "/dev/stdout"],
        &["report", "--format", "json"],
        &["report", "--format", "csv"],
        &["report", "--format", "html", "--limit", "0"],
        &["report", "--series", "weekly", "--format", "json"],
        &["history", "--format", "json"],
        &["history"],
        &["list", "--all"],
        &["list", "--all", "--format", "json"],
        &["units", "--format", "json"],
        &["backup", "/dev/stdout"],
        &["man"],
    ];
    for args in cases {
        let mut child = l
            .cmd()
            .args(*args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 1];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe is closed here, with the rest unread.
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("error") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
    }
}
