//! Issue 14 findings, kind 4: messages about files say what went wrong in plain words, name the
//! file (or standard output), and never carry the system's "(os error N)"; a workbook cut short
//! is called damaged, not of the wrong kind.

use crate::support::Ledger;

#[test]
fn a_missing_file_is_named_in_plain_words_by_every_reader() {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    let cases: [(&[&str], &str); 4] = [
        (
            &["import", "nonexist.txt"],
            "cannot read nonexist.txt: no such file",
        ),
        (&["restore", "nonexist.json"], "nonexist.json"),
        (&["collect", "nonexist.xlsx"], "nonexist.xlsx"),
        (&["import", "/nonexistent-dir/a.txt"], "no such file"),
    ];
    for (args, want) in cases {
        let msg = l.run(args).fails(1, &[want]);
        assert!(!msg.contains("os error"), "{args:?}: {msg}");
        assert!(
            !msg.contains("No such file or directory"),
            "{args:?}: {msg}"
        );
    }
    assert_eq!(l.dump(), before);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_standard_output_is_named() {
    let l = Ledger::seeded("2026-03-02");
    for args in [
        &["export"][..],
        &["list", "--all"],
        &["report", "--format", "json"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = crate::support::run(l.cmd().args(args).stdout(full));
        assert_eq!(out.code, 1, "{args:?}");
        let msg = out.stderr.trim_end();
        assert_eq!(
            msg, "error: cannot write standard output: the disk is full",
            "{args:?}"
        );
    }
}

#[test]
fn a_workbook_cut_short_is_called_damaged() {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    let dir = l.dir.path();
    let cases: [(&str, &[u8]); 4] = [
        ("cut.xlsx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00cut short"),
        ("junk.xlsx", b"not a workbook at all"),
        (
            "old.xls",
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        ),
        ("renamed.dat", b"PK\x03\x04\x14\x00 truncated zip"),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let msg = l
            .run(&["collect", path.to_str().unwrap()])
            .fails(1, &["damaged"]);
        assert!(!msg.contains("expected .xlsx"), "{name}: {msg}");
    }
    assert_eq!(l.dump(), before);
}

/// (environment, extra flags, the source the message names, one it must not name)
type Source<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str], &'a str, &'a str);

/// Kind 5: a bad value is blamed on where it came from, the environment or a flag.
#[test]
fn a_bad_value_names_its_source() {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    let update = ["update", "1.1", "--progress", "5"];
    let cases: [Source; 8] = [
        (
            &[("TRACKER_TODAY", "bad")],
            &[],
            "invalid TRACKER_TODAY 'bad'",
            "--today",
        ),
        (
            &[("TRACKER_TODAY", "2026-02-30")],
            &[],
            "invalid TRACKER_TODAY",
            "--today",
        ),
        (
            &[("TRACKER_TODAY", "2026-13-01")],
            &[],
            "invalid TRACKER_TODAY",
            "--today",
        ),
        (
            &[],
            &["--today", "bad"],
            "invalid --today 'bad'",
            "TRACKER_TODAY",
        ),
        (
            &[("TRACKER_USER", "\u{1b}")],
            &[],
            "invalid TRACKER_USER",
            "--by",
        ),
        (
            &[("TRACKER_USER", "甲\u{200B}乙")],
            &[],
            "invalid TRACKER_USER",
            "--by",
        ),
        (
            &[("TRACKER_USER", "李四")],
            &["--by", "\u{1b}[2J"],
            "invalid --by",
            "TRACKER_USER",
        ),
        (
            &[("TRACKER_USER", "\u{1b}")],
            &["--by", "甲\u{202E}"],
            "invalid --by",
            "TRACKER_USER",
        ),
    ];
    for (env, flags, named, not_named) in cases {
        let mut c = l.cmd();
        c.envs(env.iter().copied()).args(update).args(flags);
        // A value typed (a flag or a variable) that cannot be read: exit 2.
        let msg = crate::support::run(&mut c).fails(2, &[named]);
        assert!(!msg.contains(not_named), "{env:?} {flags:?}: {msg}");
        assert!(!msg.contains('\u{1b}'), "{msg}");
    }
    // A flag wins over a bad environment value, which is then not read at all.
    let mut c = l.cmd();
    c.env("TRACKER_TODAY", "bad").env("TRACKER_USER", "\u{1b}");
    c.args(["show", "1.1", "--today", "2026-03-03"]);
    crate::support::run(&mut c).ok();
    assert_eq!(l.dump(), before);
}
