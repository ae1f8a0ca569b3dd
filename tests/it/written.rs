//! Files tracker writes (issue 17, second round): the format named by `--out`'s extension,
//! the modes of new files and folders, and Chinese I/O reasons.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::{Ledger, run};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Runs tracker under `umask 022`, as a usual login shell has it.
fn with_umask_022(l: &Ledger, args: &[&str]) -> crate::support::Output {
    let c = l.cmd();
    let bin = c.get_program().to_owned();
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c")
        .arg("umask 022 && exec \"$@\"")
        .arg("sh")
        .arg(bin)
        .args(args);
    for (k, v) in c.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    run(&mut sh)
}

#[test]
fn new_files_are_0600_and_new_folders_0700_under_a_usual_umask() {
    let l = Ledger::seeded("2026-09-01");
    let d = l.dir.path();
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let report = d.join("周报.txt");
    with_umask_022(&l, &["report", "--out", &s(&report)]).ok();
    assert_eq!(mode(&report), 0o600, "report");
    let html = d.join("周报.html");
    with_umask_022(&l, &["report", "--out", &s(&html)]).ok();
    assert_eq!(mode(&html), 0o600, "report html");
    let sheets = d.join("反馈表").join("本周");
    with_umask_022(&l, &["sheets", "--out", &s(&sheets)]).ok();
    assert_eq!(mode(&sheets), 0o700, "sheets folder");
    assert_eq!(mode(sheets.parent().unwrap()), 0o700, "its new parent");
    for f in std::fs::read_dir(&sheets).unwrap() {
        assert_eq!(mode(&f.unwrap().path()), 0o600, "a return sheet");
    }
    let notices = d.join("通知单");
    with_umask_022(
        &l,
        &[
            "notice",
            "--all",
            "--reply-by",
            "2026-12-10",
            "--out",
            &s(&notices),
        ],
    )
    .ok();
    assert_eq!(mode(&notices), 0o700, "notice folder");
    let mut n = 0;
    for f in std::fs::read_dir(&notices).unwrap() {
        assert_eq!(mode(&f.unwrap().path()), 0o600, "a notice");
        n += 1;
    }
    assert!(n > 0);
    // An existing folder and an existing file keep their modes.
    let open = d.join("open");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
    let kept = open.join("r.md");
    std::fs::write(&kept, "old").unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o644)).unwrap();
    with_umask_022(&l, &["report", "--out", &s(&kept)]).ok();
    assert_eq!((mode(&open), mode(&kept)), (0o755, 0o644));
}

/// Whether a file's bytes are of the format wanted.
type Holds = fn(&[u8]) -> bool;

#[test]
fn the_extension_of_out_names_the_format_when_format_is_not_given() {
    let l = Ledger::seeded("2026-09-01");
    let d = l.dir.path();
    let cases: &[(&str, Holds)] = &[
        ("y.docx", |b| {
            b.starts_with(b"PK") && b.windows(17).any(|w| w == b"word/document.xml")
        }),
        ("y.DOCX", |b| {
            b.starts_with(b"PK") && b.windows(17).any(|w| w == b"word/document.xml")
        }),
        ("y.xlsx", |b| {
            b.starts_with(b"PK") && b.windows(3).any(|w| w == b"xl/")
        }),
        ("y.html", |b| String::from_utf8_lossy(b).contains("<table")),
        ("y.htm", |b| String::from_utf8_lossy(b).contains("<table")),
        ("y.md", |b| {
            String::from_utf8_lossy(b).contains("| --- |")
                || String::from_utf8_lossy(b).contains("|---")
        }),
        ("y.json", |b| {
            serde_json::from_slice::<serde_json::Value>(b).is_ok()
        }),
        ("y.csv", |b| {
            let t = String::from_utf8_lossy(b);
            t.lines().next().is_some_and(|l| l.contains(','))
        }),
        ("y.txt", |b| {
            String::from_utf8_lossy(b).contains('─') || String::from_utf8_lossy(b).contains('-')
        }),
    ];
    for (name, is) in cases {
        let p = d.join(name);
        l.run(&["report", "--out", p.to_str().unwrap()]).ok();
        let bytes = std::fs::read(&p).unwrap();
        assert!(is(&bytes), "{name} holds another format");
        std::fs::remove_file(&p).unwrap();
    }
    // The format given and the name agreeing is fine, in any case of letters.
    let p = d.join("z.Md");
    l.run(&[
        "report",
        "--format",
        "markdown",
        "--out",
        p.to_str().unwrap(),
    ])
    .ok();
    assert!(p.exists());
}

#[test]
fn an_extension_that_contradicts_the_format_is_refused_naming_both() {
    let l = Ledger::seeded("2026-09-01");
    let d = l.dir.path();
    let before = l.dump();
    let cases: &[(&[&str], &str, &[&str])] = &[
        (&["--format", "docx"], "x.pdf", &["docx", ".pdf"]),
        (&["--format", "csv"], "x.xlsx", &["csv", ".xlsx"]),
        (&["--format", "html"], "x.md", &["html", ".md"]),
        (&["--format", "xlsx"], "x.docx", &["xlsx", ".docx"]),
        (&[], "x.pdf", &[".pdf", ".docx"]),
        (&[], "x.doc", &[".doc", ".docx"]),
    ];
    for (flags, name, needles) in cases {
        let p = d.join(name);
        let mut args = vec!["report"];
        args.extend_from_slice(flags);
        args.extend(["--out", p.to_str().unwrap()]);
        l.run(&args).fails(1, needles);
        assert!(!p.exists(), "{name} written");
        let mut zh = vec!["--lang", "zh"];
        zh.extend(args);
        let m = l.run(&zh).fails(1, needles);
        assert!(m.starts_with("错误："), "{m}");
    }
    assert_eq!(l.dump(), before);
}

#[test]
fn an_os_reason_is_said_in_chinese_after_a_full_width_colon() {
    let l = Ledger::seeded("2026-09-01");
    let blocker = l.dir.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let inside = blocker.join("sub");
    let cases: &[(Vec<&str>, &str)] = &[
        // /sys refuses new files even to root.
        (vec!["report", "--out", "/sys/x.txt"], "没有权限"),
        (
            vec![
                "notice",
                "--all",
                "--reply-by",
                "2026-12-10",
                "--out",
                inside.to_str().unwrap(),
            ],
            "不是文件夹",
        ),
        (
            vec!["sheets", "--out", inside.to_str().unwrap()],
            "不是文件夹",
        ),
    ];
    for (args, reason) in cases {
        let mut zh = vec!["--lang", "zh"];
        zh.extend(args.iter().copied());
        let m = l.run(&zh).fails(1, &["错误：", reason]);
        assert!(
            !m.contains(": "),
            "an ASCII colon in a Chinese message: {m}"
        );
        let words = m
            .replace("/sys/x.txt", "")
            .replace(inside.to_str().unwrap(), "");
        let words = words.replace(".xlsx", "").replace(".docx", "");
        assert!(
            !words
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.len() > 3 && w != "tracker"),
            "English in a Chinese message: {m}"
        );
        // English stays English.
        l.run(args).fails(1, &["error: "]);
    }
}

#[test]
fn a_stale_span_of_nothing_is_refused() {
    let l = Ledger::seeded("2026-09-01");
    // A bad value, as clap's parsers refuse them: exit 2 (issue 17).
    for span in ["0", "0d", "0w", "0m", "０ｄ"] {
        l.run(&["list", "--stale", span])
            .fails(2, &["--stale", "at least 1 day"]);
        l.run(&["--lang", "zh", "list", "--stale", span])
            .fails(2, &["--stale", "至少 1 天"]);
    }
    l.run(&["list", "--stale", "1d"]).ok();
}
