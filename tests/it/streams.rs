//! Streamed output: colour decided per destination on a real terminal (a pty through
//! `script`), and a reader that goes away early ends every streamed output quietly.

use std::io::Read;
#[cfg(unix)]
use std::os::unix::fs::FileTypeExt;
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

#[test]
fn a_file_never_gets_colour_whatever_color_says() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.1", "--status", "blocked"]).ok();
    for (i, color) in ["always", "auto", "never"].iter().enumerate() {
        // On a terminal and off one, the file is plain.
        let on_tty = l.dir.path().join(format!("tty{i}.txt"));
        in_terminal(
            &l,
            &format!("--color {color} report --out {}", on_tty.display()),
            false,
        );
        let piped = l.dir.path().join(format!("pipe{i}.txt"));
        l.run(&["--color", color, "report", "--out", piped.to_str().unwrap()])
            .ok();
        for f in [on_tty, piped] {
            let text = std::fs::read_to_string(&f).unwrap();
            assert!(
                text.contains("1.1") && !text.contains('\x1b'),
                "--color {color}: escapes in {}:\n{text}",
                f.display()
            );
        }
    }
    // Standard output keeps the rule: `always` colours even a pipe, and so does `--out
    // /dev/stdout` (a device, not a file).
    let forced = l.run(&["--color", "always", "report"]).ok().stdout;
    assert!(forced.contains('\x1b'), "{forced}");
    let dev = l
        .run(&["--color", "always", "report", "--out", "/dev/stdout"])
        .ok()
        .stdout;
    assert!(dev.contains('\x1b'), "{dev}");
    assert!(!l.run(&["report"]).ok().stdout.contains('\x1b'));
}

#[cfg(unix)]
#[test]
fn a_reader_that_closes_a_fifo_given_to_out_ends_it_quietly() {
    let l = big_ledger();
    let cases: &[&[&str]] = &[
        &["export", "--out"],
        &["report", "--format", "json", "--out"],
        &["report", "--out"],
        &["backup"],
    ];
    for (i, args) in cases.iter().enumerate() {
        let fifo = l.dir.path().join(format!("f{i}"));
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let path = fifo.clone();
        // Like `head -c 50 f`: read a little, then close.
        let reader = std::thread::spawn(move || {
            let mut f = std::fs::File::open(&path).unwrap();
            let mut first = [0u8; 50];
            f.read_exact(&mut first).is_ok()
        });
        let mut full: Vec<&str> = args.to_vec();
        full.push(fifo.to_str().unwrap());
        let out = l.run(&full);
        // Should tracker never open the FIFO, the reader would wait for ever: open it here
        // (without waiting) so the reader's open returns and the failure below is seen.
        use std::os::unix::fs::OpenOptionsExt;
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc_nonblock())
            .open(&fifo);
        let read = reader.join().unwrap();
        assert_eq!(out.code, 0, "{full:?}: {}", out.stderr);
        assert!(
            !out.stderr.contains("error") && !out.stderr.contains("Broken pipe"),
            "{full:?}: {}",
            out.stderr
        );
        assert!(read, "{full:?}: the reader got less than 50 bytes");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }
}

/// O_NONBLOCK on Linux and the BSDs/macOS.
#[cfg(unix)]
fn libc_nonblock() -> i32 {
    if cfg!(target_os = "linux") {
        0o4000
    } else {
        0x0004
    }
}
