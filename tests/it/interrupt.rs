//! Ctrl-C (SIGINT), SIGTERM and SIGHUP in the middle of a copy or a backup of a big ledger:
//! each case signals the real binary at a named pause point (`TRACKER_TEST_PAUSE`) or a while
//! after its first temporary file appeared, checks it was still at work and had a temporary
//! file or folder there, and then that it ended by that signal, said so in one line, and left
//! nothing in the folder: no `.*.tmp*` file, no `.tracker-backup.*` folder, no target. The
//! source's export stays the same, and a retry succeeds. On a server (`TRACKER_TEST_PG`) the
//! backup builds its copy in a private folder, which gets cases of its own.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use libc::{SIGHUP, SIGINT, SIGTERM};

use crate::support::Ledger;

/// When the signal is sent.
#[derive(Debug, Clone, Copy)]
enum At {
    /// While tracker waits at this `TRACKER_TEST_PAUSE` point.
    Pause(&'static str),
    /// This long after the first temporary file appeared in the folder.
    After(Duration),
}

/// One signal at one moment of `args` (which writes into `out`).
struct Case {
    signal: i32,
    at: At,
    /// `TRACKER_LANG` for the run: the line on stderr is in that language.
    zh: bool,
}

const EN: &str = "tracker: interrupted; no temporary file is left";
const ZH: &str = "tracker：已中断；未留下临时文件";

fn ms(n: u64) -> At {
    At::After(Duration::from_millis(n))
}

/// A ledger of 20,000 tasks and about 117,000 events (40 MB as a file), long enough to copy
/// that a signal lands mid-job; and an empty folder for what the job writes.
fn big() -> (Ledger, std::path::PathBuf) {
    let l = Ledger::new("2026-03-02");
    l.run(&["dev", "synth", "--tasks", "20000", "--events-per-task", "5"])
        .ok();
    let out = l.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    (l, out)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `args` and signals it as `case` says; asserts it was mid-job then, and what is left.
fn signal_mid_job(l: &Ledger, out: &Path, args: &[&str], case: &Case) {
    let what = format!("{args:?}, signal {} at {:?}", case.signal, case.at);
    let mut cmd = l.cmd();
    cmd.args(args)
        .env("TRACKER_LANG", if case.zh { "zh" } else { "en" })
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let At::Pause(point) = case.at {
        cmd.env("TRACKER_TEST_PAUSE", point);
    }
    // The signals as a terminal leaves them, whatever this test runs under: a shell's
    // background job (`.ci/run &`) starts with SIGINT ignored, which tracker rightly keeps.
    // SAFETY: signal(2) only, between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                libc::signal(sig, libc::SIG_DFL);
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    match case.at {
        At::Pause(point) => {
            let mut line = String::new();
            let mut said = String::new();
            while stderr.read_line(&mut line).unwrap() > 0 && !line.contains("paused at") {
                said.push_str(&line);
                line.clear();
            }
            assert!(
                line.contains(&format!("paused at {point}")),
                "{what}: never reached {point}: {said}"
            );
        }
        At::After(delay) => {
            let started = Instant::now();
            while !listing(out).iter().any(|n| n.ends_with(".tmp")) {
                assert!(
                    child.try_wait().unwrap().is_none(),
                    "{what}: ended before writing anything"
                );
                assert!(
                    started.elapsed() < Duration::from_secs(60),
                    "{what}: no temporary file"
                );
                std::thread::sleep(Duration::from_millis(2));
            }
            std::thread::sleep(delay);
        }
    }
    // Mid-job: still running, with its temporary file (and folder) there; a folder tracker
    // made is private.
    assert!(
        child.try_wait().unwrap().is_none(),
        "{what}: the job finished before the signal, which proves nothing"
    );
    let before = listing(out);
    assert!(
        before
            .iter()
            .any(|n| n.starts_with('.') && n.ends_with(".tmp")),
        "{what}: no temporary file before the signal: {before:?}"
    );
    for name in &before {
        let meta = std::fs::metadata(out.join(name));
        if let Ok(m) = meta
            && m.is_dir()
        {
            assert_eq!(m.permissions().mode() & 0o777, 0o700, "{what}: {name}");
        }
    }
    // SAFETY: a plain kill(2) of our own child, which has not been waited for.
    assert_eq!(unsafe { libc::kill(child.id() as i32, case.signal) }, 0);
    let status = child.wait().unwrap();
    let mut said = String::new();
    stderr.read_to_string(&mut said).unwrap();
    assert_eq!(
        status.signal(),
        Some(case.signal),
        "{what}: ended by the signal, not {status:?} (before it: {before:?}); stderr: {said}"
    );
    assert_eq!(
        listing(out),
        Vec::<String>::new(),
        "{what}: left behind (before the signal: {before:?})"
    );
    assert_eq!(
        said.lines().last(),
        Some(if case.zh { ZH } else { EN }),
        "{what}: stderr: {said}"
    );
}

#[test]
fn a_signal_mid_copy_leaves_no_temporary_file_and_a_retry_copies() {
    let (l, out) = big();
    let source = l.ledger().into_string().unwrap();
    let export = l.run(&["export"]).ok().stdout;
    let target = out.join("new.db");
    let args = ["copy", "--from", &source, "--to", target.to_str().unwrap()];
    let cases = [
        Case {
            signal: SIGINT,
            at: At::Pause("create-before-commit"),
            zh: false,
        },
        Case {
            signal: SIGTERM,
            at: At::Pause("before-commit"),
            zh: false,
        },
        Case {
            signal: SIGHUP,
            at: ms(0),
            zh: true,
        },
        Case {
            signal: SIGINT,
            at: ms(500),
            zh: false,
        },
        Case {
            signal: SIGTERM,
            at: ms(3000),
            zh: false,
        },
    ];
    for case in &cases {
        signal_mid_job(&l, &out, &args, case);
    }
    assert_eq!(
        l.run(&["export"]).ok().stdout,
        export,
        "the source is as it was"
    );
    // `copy` checks the new ledger exports the same bytes as its source.
    l.run(&args).ok();
    assert_eq!(listing(&out), ["new.db"]);
}

#[test]
fn a_signal_mid_backup_leaves_no_temporary_file_and_a_retry_backs_up() {
    let (l, out) = big();
    let export = l.run(&["export"]).ok().stdout;
    let target = out.join("copy.db");
    let args = ["backup", target.to_str().unwrap()];
    let cases = if l.pg.is_none() {
        // A file's backup: SQLite's online backup into `.copy.db.*.tmp`, then checked.
        vec![
            Case {
                signal: SIGINT,
                at: At::Pause("backup-copied"),
                zh: false,
            },
            Case {
                signal: SIGTERM,
                at: At::Pause("before-rename"),
                zh: true,
            },
            Case {
                signal: SIGHUP,
                at: ms(0),
                zh: false,
            },
            Case {
                signal: SIGINT,
                at: ms(150),
                zh: false,
            },
        ]
    } else {
        // A server's backup: the ledger file is built in a private `.tracker-backup.*`
        // folder (its own temporary file first), then copied into `.copy.db.*.tmp`.
        vec![
            Case {
                signal: SIGINT,
                at: At::Pause("create-before-commit"),
                zh: false,
            },
            Case {
                signal: SIGTERM,
                at: At::Pause("before-commit"),
                zh: true,
            },
            Case {
                signal: SIGHUP,
                at: At::Pause("backup-copied"),
                zh: false,
            },
            Case {
                signal: SIGINT,
                at: ms(0),
                zh: false,
            },
            Case {
                signal: SIGTERM,
                at: ms(1000),
                zh: false,
            },
        ]
    };
    for case in &cases {
        signal_mid_job(&l, &out, &args, case);
    }
    assert_eq!(
        l.run(&["export"]).ok().stdout,
        export,
        "the ledger is as it was"
    );
    l.run(&args).ok();
    assert_eq!(listing(&out), ["copy.db"]);
    let copied = crate::support::run(l.cmd().env("TRACKER_DB", &target).arg("export"))
        .ok()
        .stdout;
    assert_eq!(copied, export, "the retry's backup holds the whole ledger");
}

#[test]
fn a_signal_ignored_at_start_stays_ignored_and_the_others_still_clean_up() {
    // `nohup tracker backup …`: the hangup is not tracker's to take up; a later SIGTERM is.
    let l = Ledger::seeded("2026-03-02");
    let out = l.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let target = out.join("copy.db");
    let mut cmd = l.cmd();
    cmd.args(["backup", target.to_str().unwrap()])
        .env("TRACKER_TEST_PAUSE", "backup-copied")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: signal(2) only, between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(SIGTERM, libc::SIG_DFL);
            libc::signal(SIGHUP, libc::SIG_IGN);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.contains("paused at backup-copied"), "{line}");
    // SAFETY: kill(2) of our own child, not yet waited for.
    assert_eq!(unsafe { libc::kill(child.id() as i32, SIGHUP) }, 0);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "an ignored SIGHUP ended it"
    );
    assert!(listing(&out).iter().any(|n| n.ends_with(".tmp")));
    // SAFETY: as above.
    assert_eq!(unsafe { libc::kill(child.id() as i32, SIGTERM) }, 0);
    assert_eq!(child.wait().unwrap().signal(), Some(SIGTERM));
    assert_eq!(listing(&out), Vec::<String>::new());
}
