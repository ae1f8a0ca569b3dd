//! The same commands on a server ledger as on a file (issue 18): byte-for-byte output, the
//! schema, the append-only history, the messages that name the server. Skipped unless
//! `TRACKER_TEST_PG` names the test server.

use std::path::PathBuf;

use crate::support::{Ledger, Output, pg_base, pg_url_with, run};

/// A direct connection to the server, as tracker connects (socket folders, options).
fn client(url: &str) -> postgres::Client {
    use tracker::store::postgres::conn::{Target, connect};
    connect(&Target::parse(url).unwrap()).unwrap()
}

/// A script of commands that touches every kind of write and read the office uses weekly.
const SCRIPT: &[&[&str]] = &[
    &["update", "1.4", "--progress", "40", "--note", "已拟定方案"],
    &["note", "2.1", "召开座谈会"],
    &["update", "1.2", "--status", "done"],
    &["update", "3.1", "--status", "blocked", "--note", "等待批复"],
    &[
        "add",
        "--rec",
        "1",
        "--title",
        "新增任务",
        "--lead",
        "宣传科",
        "--support",
        "组织科",
    ],
    &["update", "2.2", "--add-support", "宣传科"],
    &["units", "rename", "组织科", "组织部", "--new-unit"],
    &["undo"],
    &["units", "rename", "宣传科", "宣传部", "--new-unit"],
    &[
        "update",
        "3.2",
        "--deadline",
        "2026-04-30",
        "--title",
        "改过的标题",
    ],
    &["list", "--all"],
    &["list", "--all", "--format", "json"],
    &["list", "--owner", "宣传部"],
    &["list", "--overdue"],
    &["list", "--stale", "1d"],
    &["show", "1.4"],
    &["show", "2.2", "--format", "json"],
    &["history"],
    &["history", "--format", "json"],
    &["history", "1.4"],
    &["report"],
    &["report", "--format", "json"],
    &["report", "--format", "markdown", "--owner", "宣传部"],
    &["report", "--series", "weekly"],
    &["units"],
    &["units", "--format", "json"],
    &[],
    &["--lang", "zh", "report"],
    &["update", "9.9", "--progress", "10"],
    &["undo", "--any"],
    &["history", "--since", "2026-03-20"],
];

/// Runs `SCRIPT` against `db`, one command a minute apart on the clock, and returns every
/// command's output, the `entered` stamps (the machine's clock) left out.
fn script_output(l: &Ledger, db: &PathBuf) -> Vec<String> {
    let init = run(l
        .cmd()
        .env("TRACKER_DB", db)
        .env("TRACKER_TODAY", "2026-03-02T08:00:00")
        .args(["init", "--start", "2026-03-02"]));
    assert_eq!(init.code, 0, "{}", init.stderr);
    let entered = regex_lite(r#""entered": "[^"]*""#);
    SCRIPT
        .iter()
        .enumerate()
        .map(|(i, args)| {
            let today = format!("2026-03-20T09:{:02}:00", i);
            let out: Output = run(l
                .cmd()
                .env("TRACKER_DB", db)
                .env("TRACKER_TODAY", &today)
                .args(*args));
            let text = format!("{args:?} -> {}\n{}{}", out.code, out.stdout, out.stderr);
            entered(&text)
        })
        .collect()
}

/// Replaces every match of a simple `"entered": "…"` pattern (the one the JSON has).
fn regex_lite(_: &str) -> impl Fn(&str) -> String {
    |s: &str| {
        s.lines()
            .map(|l| match l.find("\"entered\": \"") {
                Some(i) => format!("{}\"entered\": …", &l[..i]),
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[test]
fn every_command_prints_the_same_bytes_on_a_server_as_on_a_file() {
    let Some(_) = pg_base() else {
        return;
    };
    let l = Ledger::new("2026-03-02");
    let file = l.dir.path().join("file.db");
    let on_file = script_output(&l, &file);
    let on_server = script_output(&l, &PathBuf::from(l.ledger()));
    // The script ran (its clock once was a form TRACKER_TODAY refuses, and every command
    // failed alike on both): all but the one meant to fail succeed.
    let failed: Vec<&String> = on_file.iter().filter(|o| !o.contains("-> 0\n")).collect();
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert!(failed[0].contains("9.9"), "{}", failed[0]);
    for (i, (f, s)) in on_file.iter().zip(&on_server).enumerate() {
        assert_eq!(s, f, "command {i} differs");
    }
}

#[test]
fn init_makes_a_schema_named_tracker_unless_the_url_sets_a_search_path() {
    let Some(base) = pg_base() else {
        return;
    };
    // A database of its own, so that `tracker` is free.
    let name = format!("trk_init_{}", std::process::id());
    let mut admin = client(&base);
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let url = pg_url_with(&base, Some(&name), None, None);
    let l = Ledger::new("2026-03-02");
    let out = run(l.cmd().env("TRACKER_DB", &url).args(["init"])).ok();
    assert!(out.stdout.contains("with 16 tasks"), "{}", out.stdout);
    let mut c = client(&url);
    let schemas: Vec<String> = c
        .query(
            "SELECT table_schema::text FROM information_schema.tables WHERE table_name = 'events'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(schemas, ["tracker"]);
    // A second init refuses, and names the ledger.
    let again = run(l.cmd().env("TRACKER_DB", &url).args(["init"]));
    again.fails(1, &["already holds a ledger", &name]);
    drop(c);
    admin
        .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .unwrap();
}

#[test]
fn the_history_is_append_only_by_trigger_and_by_grant() {
    let Some(_) = pg_base() else {
        return;
    };
    let l = Ledger::seeded("2026-03-02");
    let url = l.ledger().to_string_lossy().into_owned();
    let mut c = client(&url);
    for sql in [
        "UPDATE events SET note = 'x'",
        "DELETE FROM events",
        "TRUNCATE events CASCADE",
    ] {
        let err = c.batch_execute(sql).unwrap_err();
        assert!(
            err.as_db_error()
                .is_some_and(|e| e.message().contains("append-only")),
            "{sql}: {err}"
        );
    }
    // The ledger's writing role may add to the history, never change or remove it.
    let writer = tracker::store::postgres::writers::role_name(
        &tracker::store::postgres::conn::Target::parse(&url)
            .unwrap()
            .dbname,
        &l.pg.as_ref().unwrap().schema,
    );
    let may = |privilege: &str| -> bool {
        client(&url)
            .query_one(
                "SELECT has_table_privilege($2, format('%I.events', current_schema()), $1)",
                &[&privilege, &writer],
            )
            .unwrap()
            .get(0)
    };
    assert!(may("INSERT") && may("SELECT"));
    assert!(!may("UPDATE") && !may("DELETE") && !may("TRUNCATE"));
    let tasks: bool = c
        .query_one(
            "SELECT has_table_privilege($1, format('%I.tasks', current_schema()), 'UPDATE')",
            &[&writer],
        )
        .unwrap()
        .get(0);
    assert!(tasks, "tasks may be changed");
}

#[test]
fn a_missing_ledger_on_a_server_is_one_line_without_the_password() {
    let Some(base) = pg_base() else {
        return;
    };
    let l = Ledger::new("2026-03-02");
    // The URL with a password the trust-authenticated test server ignores.
    let schema = format!("none_here_{}", std::process::id());
    let url = pg_url_with(&base, None, Some("s3cr3t"), Some(&schema));
    let out = run(l.cmd().env("TRACKER_DB", &url).args(["list"]));
    let msg = out.fails(1, &["no ledger at", "init"]);
    assert!(!msg.contains("s3cr3t"), "{msg}");
}

#[test]
fn a_backup_of_a_server_ledger_is_a_ledger_file_that_exports_the_same_bytes() {
    let Some(_) = pg_base() else {
        return;
    };
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--progress", "40", "--note", "已拟定"])
        .ok();
    l.run(&["note", "2.1", "召开座谈会"]).ok();
    let copy = l.dir.path().join("备份.db");
    let out = l.run(&["backup", copy.to_str().unwrap()]).ok();
    assert!(
        out.stdout.starts_with("backed up postgres://"),
        "{}",
        out.stdout
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a backup is its owner's only");
    // One file: no journal or work folder left beside it.
    let left: Vec<_> = std::fs::read_dir(l.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("备份") || n.starts_with(".tracker-backup"))
        .collect();
    assert_eq!(left, ["备份.db"]);
    let from_file = run(l.cmd().env("TRACKER_DB", &copy).args(["export"]))
        .ok()
        .stdout;
    assert_eq!(from_file, l.run(&["export"]).ok().stdout);
    // A backup never overwrites, in either language, in one line.
    l.run(&["backup", copy.to_str().unwrap()])
        .fails(1, &["already exists"]);
    let zh = l.run(&["--lang", "zh", "backup", copy.to_str().unwrap()]);
    let msg = zh.fails(1, &["已存在"]);
    assert!(!msg.contains("exists"), "{msg}");
}

#[test]
fn completion_offers_nothing_and_says_nothing_when_the_server_does_not_answer() {
    let l = Ledger::new("2026-03-02");
    let home = l.dir.path().to_path_buf();
    let url = "postgres://postgres@%2Fno%2Fsuch%2Fsocket/tracker";
    let got = crate::completion::bash_in(&l, &home, &[("TRACKER_DB", url)], &["update", ""]);
    assert!(got.is_empty(), "{got:?}");
    // Subcommands need no ledger.
    let sub = crate::completion::bash_in(&l, &home, &[("TRACKER_DB", url)], &["up"]);
    assert!(sub.contains(&"update".to_string()), "{sub:?}");
}

#[test]
fn an_export_of_a_server_ledger_restores_into_a_file_and_back_byte_for_byte() {
    let Some(_) = pg_base() else {
        return;
    };
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--progress", "40", "--note", "已拟定"])
        .ok();
    l.run(&["units", "rename", "组织科", "组织部", "--new-unit"])
        .ok();
    let export = l.run(&["export"]).ok().stdout;
    let json = l.dir.path().join("e.json");
    std::fs::write(&json, &export).unwrap();
    let file = l.dir.path().join("restored.db");
    run(l
        .cmd()
        .env("TRACKER_DB", &file)
        .args(["restore", json.to_str().unwrap()]))
    .ok();
    let again = run(l.cmd().env("TRACKER_DB", &file).args(["export"]))
        .ok()
        .stdout;
    assert_eq!(again, export);
    // And into a fresh server ledger.
    let other = Ledger::new("2026-03-02");
    run(other.cmd().args(["restore", json.to_str().unwrap()])).ok();
    let third = other.run(&["export"]).ok().stdout;
    assert_eq!(third, export);
}

#[test]
fn copy_and_restore_into_an_empty_server_ledger_succeed() {
    let Some(_) = pg_base() else {
        return;
    };
    let l = Ledger::seeded("2026-03-02");
    l.run(&["note", "2.1", "召开座谈会"]).ok();
    let export = l.run(&["export"]).ok().stdout;
    let json = l.dir.path().join("e.json");
    std::fs::write(&json, &export).unwrap();
    // `init --empty` on the server first, then `copy --to` and `restore` into it.
    let to = Ledger::new("2026-03-02");
    to.run(&["init", "--empty"]).ok();
    let url = to.ledger();
    let out = l.run(&["copy", "--to", url.to_str().unwrap()]).ok();
    assert!(out.stdout.starts_with("copied 16 tasks"), "{}", out.stdout);
    assert_eq!(to.run(&["export"]).ok().stdout, export);
    let again = Ledger::new("2026-03-02");
    again.run(&["init", "--empty"]).ok();
    let out = again.run(&["restore", json.to_str().unwrap()]).ok();
    assert!(
        out.stdout.starts_with("restored 16 tasks"),
        "{}",
        out.stdout
    );
    assert_eq!(again.run(&["export"]).ok().stdout, export);
    // A server ledger holding a plan is still refused, and left as it was.
    let before = l.dump();
    l.run(&["restore", json.to_str().unwrap()])
        .fails(1, &["cannot restore"]);
    assert_eq!(l.dump(), before);
}

/// Asserts two exports equal, showing the first lines where they part (a whole export of
/// thousands of tasks is too long to read in a failure).
fn same_export(got: &str, want: &str, what: &str) {
    if got == want {
        return;
    }
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    let at = g
        .iter()
        .zip(&w)
        .position(|(a, b)| a != b)
        .unwrap_or(g.len().min(w.len()));
    let from = at.saturating_sub(12);
    panic!(
        "{what}: the exports part at line {at}:\n--- got\n{}\n--- want\n{}",
        g[from..(at + 6).min(g.len())].join("\n"),
        w[from..(at + 6).min(w.len())].join("\n")
    );
}

/// The export with every `entered` stamp (the machine's clock) masked.
fn export_masked(l: &Ledger, db: &std::ffi::OsStr) -> String {
    let out = run(l.cmd().env("TRACKER_DB", db).args(["export"])).ok();
    regex_lite("")(&out.stdout)
}

#[test]
fn a_ledger_of_thousands_copied_into_a_server_and_back_is_the_same_through_a_rename_and_its_undo() {
    let Some(_) = pg_base() else {
        return;
    };
    // A file of 3,000 tasks, with text COPY must escape (a backslash, `\N`, a tab-like `\t`).
    let l = Ledger::new("2026-03-02");
    let file = l.dir.path().join("big.db");
    let on_file = |args: &[&str]| run(l.cmd().env("TRACKER_DB", &file).args(args)).ok();
    on_file(&["init", "--empty"]);
    on_file(&["dev", "synth", "--tasks", "3000", "--events-per-task", "3"]);
    on_file(&["note", "1.1", r"见 C:\共享\N 与 \t 目录"]);
    on_file(&["units", "rename", "干部科", r"干部\科", "--new-unit"]);
    let url = l.ledger();
    let out = l.run(&[
        "copy",
        "--from",
        file.to_str().unwrap(),
        "--to",
        url.to_str().unwrap(),
    ]);
    let out = out.ok();
    assert!(
        out.stdout.starts_with("copied 3000 tasks"),
        "{}",
        out.stdout
    );
    same_export(
        &export_masked(&l, &url),
        &export_masked(&l, file.as_os_str()),
        "copied",
    );
    // The same rename and its undo on both: the server's set-based writes leave what the
    // file's row-by-row ones leave, and the ids go on from the copied ones.
    for (i, args) in [
        &["units", "rename", "组织科", "组织部", "--new-unit"][..],
        &["undo"],
        &["units", "rename", "人事局", "财政局"],
        &[
            "add",
            "--rec",
            "1",
            "--title",
            "复制后新增",
            "--lead",
            "组织科",
        ],
    ]
    .iter()
    .enumerate()
    {
        let at = format!("2026-03-03T10:0{i}:00");
        let server = l.run_on(&at, args);
        let local = run(l
            .cmd()
            .env("TRACKER_DB", &file)
            .env("TRACKER_TODAY", &at)
            .args(*args));
        assert_eq!(
            (server.code, &server.stdout, &server.stderr),
            (local.code, &local.stdout, &local.stderr),
            "{args:?}"
        );
        assert_eq!(server.code, 0, "{args:?}: {}", server.stderr);
    }
    same_export(
        &export_masked(&l, &url),
        &export_masked(&l, file.as_os_str()),
        "renamed",
    );
    // And back out of the server into a new file.
    let back = l.dir.path().join("back.db");
    l.run(&["copy", "--to", back.to_str().unwrap()]).ok();
    same_export(
        &export_masked(&l, back.as_os_str()),
        &export_masked(&l, &url),
        "back",
    );
}

/// A 台账 to import: new and known units, a task led by one unit and supported by several, and
/// rows with a status, a progress and a note.
const TABLE: &str = "序号,工作任务,牵头单位,配合单位,完成时限,状态,进度,进展情况\n\
1,建立联席会议制度,组织科,宣传科、县区,2026年6月30日前,进行中,40,已召开首次会议\n\
2,完善考核办法,宣传科,组织科,2026年9月30日前,,,\n\
3,开展专项督查,县区,宣传科、组织科、财政局,2026年5月31日前,已完成,,督查报告已报送\n\
4,建立工作台账,财政局,,2026年12月31日前,,20,\n";

/// `import` and `notice` on a server are a few statements however many tasks they touch
/// (issue 18): the same ledger and the same output as on a file, through an import of new
/// and known units with recorded states, notices to one unit while a later change stands
/// elsewhere, a notice run refused by the time-order rule, one written again the same day,
/// its undo, and a task listed by several units' notices.
#[test]
fn import_and_notices_record_on_a_server_what_they_record_in_a_file() {
    let Some(_) = pg_base() else {
        return;
    };
    let l = Ledger::new("2026-03-02");
    let steps: &[(&str, &[&str])] = &[
        ("2026-03-02T08:00:00", &["init", "--start", "2026-03-02"]),
        ("2026-03-10T09:00:00", &["import", "t.csv"]),
        ("2026-03-25T10:00:00", &["note", "2.1", "已落实"]),
        (
            "2026-03-25T11:00:00",
            &[
                "notice",
                "--owner",
                "组织科",
                "--reply-by",
                "2026-03-27",
                "--out",
                "n1",
            ],
        ),
        (
            "2026-03-24T09:01:00",
            &["notice", "--all", "--reply-by", "2026-03-27", "--out", "n2"],
        ),
        (
            "2026-03-26T09:00:00",
            &["notice", "--all", "--reply-by", "2026-04-02", "--out", "n3"],
        ),
        (
            "2026-03-26T09:30:00",
            &["notice", "--all", "--reply-by", "2026-04-02", "--out", "n4"],
        ),
        ("2026-03-26T10:00:00", &["undo"]),
        (
            "2026-03-26T10:30:00",
            &["notice", "--all", "--reply-by", "2026-04-03", "--out", "n5"],
        ),
        ("2026-03-26T11:00:00", &["history", "--format", "json"]),
        ("2026-03-26T11:00:00", &["list", "--all"]),
        ("2026-03-26T11:00:00", &["report", "--format", "json"]),
        ("2026-03-26T11:00:00", &["export"]),
    ];
    let outputs = |db: &std::ffi::OsStr, dir: &std::path::Path| -> Vec<String> {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("t.csv"), TABLE).unwrap();
        steps
            .iter()
            .map(|(today, args)| {
                let out = run(l
                    .cmd()
                    .current_dir(dir)
                    .env("TRACKER_DB", db)
                    .env("TRACKER_TODAY", today)
                    .args(*args));
                let text = format!("{args:?} -> {}\n{}{}", out.code, out.stdout, out.stderr);
                regex_lite("")(&text)
            })
            .collect()
    };
    let file = l.dir.path().join("file.db");
    let on_file = outputs(file.as_os_str(), &l.dir.path().join("f"));
    let on_server = outputs(&l.ledger(), &l.dir.path().join("s"));
    // The run went where it was meant to: imported, notices issued and one refused.
    assert!(on_file[1].contains("with 4 tasks"), "{}", on_file[1]);
    assert!(on_file[3].contains("-> 0"), "{}", on_file[3]);
    assert!(
        on_file[4].contains("-> 1") && on_file[4].contains("2026-03-25"),
        "{}",
        on_file[4]
    );
    // Every step after `init` (which names the ledger).
    for (i, (s, f)) in on_server.iter().zip(&on_file).enumerate().skip(1) {
        same_export(s, f, &format!("step {i}"));
    }
    // The documents too, byte for byte.
    for n in ["n1", "n3", "n4", "n5"] {
        let names = |side: &str| -> Vec<std::path::PathBuf> {
            let mut v: Vec<_> = std::fs::read_dir(l.dir.path().join(side).join(n))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            v.sort();
            v
        };
        let (f, s) = (names("f"), names("s"));
        assert_eq!(f.len(), s.len(), "{n}");
        assert!(!f.is_empty(), "{n}");
        for (a, b) in f.iter().zip(&s) {
            assert_eq!(
                std::fs::read(a).unwrap(),
                std::fs::read(b).unwrap(),
                "{a:?}"
            );
        }
    }
}
