//! Shell completion that knows the ledger (issue 19): the script `tracker completions SHELL`
//! prints is loaded into a real shell, its registered function is called the way the shell
//! calls it on Tab, and what it offers is checked against the ledger.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Ledger, run};

/// The folder of the binary under test, put first on `PATH` so the script's `tracker` is it.
fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_tracker"))
        .parent()
        .expect("binary folder")
        .to_path_buf()
}

fn path_with_bin() -> std::ffi::OsString {
    let mut p = bin_dir().into_os_string();
    p.push(":");
    p.push(std::env::var_os("PATH").unwrap_or_default());
    p
}

/// `shell` with the ledger's environment (as `Ledger::cmd` sets it) and the binary on `PATH`.
pub fn in_env(l: &Ledger, shell: &str) -> Command {
    let c = l.cmd();
    let mut sh = Command::new(shell);
    sh.env_clear()
        .envs(c.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env("PATH", path_with_bin())
        .current_dir(l.dir.path());
    sh
}

/// The bash script, written into the ledger's home.
fn bash_script(l: &Ledger) -> PathBuf {
    let script = l.dir.path().join("tracker.bash");
    std::fs::write(&script, l.run(&["completions", "bash"]).ok().stdout).unwrap();
    script
}

/// What bash offers for `words` (the last one the word under the cursor, `""` for a fresh
/// one), run in `cwd` with the ledger's environment and `env` on top. Bash's own word
/// splitting is the caller's: `--out=x` is given as `--out`, `=`, `x`, as bash splits it.
fn bash_in(l: &Ledger, cwd: &Path, env: &[(&str, &str)], words: &[&str]) -> Vec<String> {
    let script = bash_script(l);
    // The function is the one `complete -p tracker` names, called with bash's three
    // arguments after COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT are set.
    let driver = r#"
source "$SCRIPT" || exit 9
fn=$(complete -p tracker | sed -E 's/.* -F ([^ ]+) .*/\1/')
COMP_WORDS=(tracker "$@")
COMP_CWORD=$#
COMP_LINE="tracker $*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
"$fn" tracker "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
(( ${#COMPREPLY[@]} )) && printf '%s\n' "${COMPREPLY[@]}"
exit 0
"#;
    let mut bash = in_env(l, "bash");
    bash.env("SCRIPT", &script)
        .current_dir(cwd)
        .envs(env.iter().copied())
        .args(["--norc", "--noprofile", "-c", driver, "bash"])
        .args(words);
    let out = run(&mut bash);
    assert_eq!(out.code, 0, "bash failed: {}", out.stderr);
    assert_eq!(out.stderr, "", "completion printed into the prompt");
    out.stdout.lines().map(str::to_string).collect()
}

fn bash(l: &Ledger, words: &[&str]) -> Vec<String> {
    bash_in(l, l.dir.path(), &[], words)
}

fn ids(l: &Ledger) -> Vec<String> {
    l.run(&["list", "--all", "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

fn units(l: &Ledger) -> Vec<String> {
    l.run(&["units", "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            u.get("unit")
                .or_else(|| u.get("name"))
                .and_then(|n| n.as_str())
                .expect("a unit's name")
                .to_string()
        })
        .collect()
}

#[test]
fn bash_offers_the_ledgers_task_ids_after_a_command_that_takes_one() {
    let l = Ledger::seeded("2026-03-02");
    let all = ids(&l);
    assert_eq!(all.len(), 16);
    for cmd in ["update", "show", "note", "history"] {
        assert_eq!(bash(&l, &[cmd, ""]), all, "{cmd}");
    }
    let ones: Vec<String> = all
        .iter()
        .filter(|i| i.starts_with("1."))
        .cloned()
        .collect();
    assert_eq!(bash(&l, &["update", "1."]), ones);
    // A task added today is offered at once: the ledger is read at completion time.
    l.run(&["add", "--rec", "3", "--title", "新任务", "--lead", "组织科"])
        .ok();
    assert!(bash(&l, &["show", "3."]).contains(&"3.6".to_string()) || ids(&l).len() == 17);
    assert_eq!(bash(&l, &["show", ""]).len(), 17);
    // Part of a title finds its task's id.
    let title_of = l.run(&["show", "1.4", "--format", "json"]).ok().json()["title"]
        .as_str()
        .unwrap()
        .to_string();
    let part: String = title_of.chars().take(4).collect();
    assert!(bash(&l, &["update", &part]).contains(&"1.4".to_string()));
}

#[test]
fn bash_offers_statuses_in_both_languages_after_status() {
    let l = Ledger::seeded("2026-03-02");
    for line in [
        &["update", "1.4", "--status", ""][..],
        &["list", "--status", ""],
        &["list", "--status", "done", "--status", ""],
    ] {
        let got = bash(&l, line);
        for word in [
            "done",
            "in-progress",
            "not-started",
            "blocked",
            "cancelled",
            "已完成",
            "办结",
            "已办结",
            "在办",
            "暂缓",
            "撤销",
            "未开始",
        ] {
            assert!(
                got.contains(&word.to_string()),
                "{line:?} lacks {word}: {got:?}"
            );
        }
        assert!(!got.iter().any(|w| w.contains("tracker.bash")), "no files");
    }
    let mut started = bash(&l, &["update", "1.4", "--status", "已"]);
    started.sort();
    assert!(started.iter().all(|w| w.starts_with('已')), "{started:?}");
    assert!(started.contains(&"已完成".to_string()) && started.contains(&"已取消".to_string()));
    // Every word offered is one the command accepts.
    for word in bash(&l, &["update", "1.4", "--status", ""]) {
        let scratch = Ledger::seeded("2026-03-02");
        let out = scratch.run(&["list", "--status", &word]);
        assert_eq!(out.code, 0, "{word} offered but refused: {}", out.stderr);
    }
}

#[test]
fn bash_offers_the_ledgers_units_for_unit_options() {
    let l = Ledger::seeded("2026-03-02");
    let mut want = units(&l);
    want.sort();
    assert!(want.len() > 3);
    for line in [
        &["update", "1.4", "--lead", ""][..],
        &["update", "1.4", "--support", ""],
        &["update", "1.4", "--add-support", ""],
        &["add", "--rec", "1", "--lead", ""],
        &["list", "--owner", ""],
        &["report", "--owner", ""],
        &["units", "rename", ""],
    ] {
        let mut got = bash(&l, line);
        got.sort();
        assert_eq!(got, want, "{line:?}");
    }
    // A part of a name finds the names holding it.
    let some = &want[0];
    let middle: String = some.chars().skip(1).take(2).collect();
    assert!(bash(&l, &["list", "--owner", &middle]).contains(some));
}

#[test]
fn a_unit_name_with_spaces_and_quotes_comes_back_typed_for_bash() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--lead", "Office A's (east)", "--new-unit"])
        .ok();
    let got = bash(&l, &["update", "1.4", "--lead", "Off"]);
    assert_eq!(got, vec![r"Office\ A\'s\ \(east\)".to_string()]);
}

#[test]
fn the_hidden_dev_command_and_hidden_flags_are_never_offered() {
    let l = Ledger::seeded("2026-03-02");
    let subs = bash(&l, &[""]);
    for cmd in [
        "init",
        "list",
        "update",
        "report",
        "units",
        "import",
        "completions",
        "man",
    ] {
        assert!(subs.contains(&cmd.to_string()), "lacks {cmd}: {subs:?}");
    }
    assert!(
        !subs.iter().any(|s| s == "dev" || s.starts_with("__")),
        "{subs:?}"
    );
    assert!(bash(&l, &["d"]).iter().all(|s| s != "dev"));
    assert_eq!(bash(&l, &["dev", ""]), Vec::<String>::new());
    assert_eq!(bash(&l, &["dev", "synth", "--"]), Vec::<String>::new());
    let flags = bash(&l, &["update", "1.4", "--"]);
    for f in [
        "--status",
        "--progress",
        "--lead",
        "--db",
        "--lang",
        "--help",
    ] {
        assert!(flags.contains(&f.to_string()), "lacks {f}: {flags:?}");
    }
    assert_eq!(bash(&l, &["units", ""]), vec!["rename".to_string()]);
}

#[test]
fn files_are_offered_only_where_a_file_is_wanted() {
    let l = Ledger::seeded("2026-03-02");
    let work = l.dir.path().join("work");
    std::fs::create_dir_all(work.join("反馈表")).unwrap();
    std::fs::write(work.join("调研报告.txt"), "一、建议\n").unwrap();
    let files = |words: &[&str]| {
        let mut v = bash_in(&l, &work, &[], words);
        v.sort();
        v
    };
    let both = vec!["反馈表".to_string(), "调研报告.txt".to_string()];
    for line in [
        &["import", ""][..],
        &["collect", ""],
        &["collect", "a.xlsx", ""],
        &["backup", ""],
        &["restore", ""],
        &["report", "--out", ""],
        &["export", "--out", ""],
        &["--db", ""],
    ] {
        assert_eq!(files(line), both, "{line:?}");
    }
    assert_eq!(files(&["import", "调"]), vec!["调研报告.txt".to_string()]);
    // A folder is wanted: folders only.
    assert_eq!(files(&["sheets", "--out", ""]), vec!["反馈表".to_string()]);
    // Not after a flag that takes a status, nor after a task id, nor for free text.
    for line in [
        &["update", "1.4", "--status"][..],
        &["update", "1.4", "--status", ""],
        &["update", "1.4", ""],
        &["update", "1.4", "--note", ""],
        &["note", "1.4", ""],
        &["list", "--limit", ""],
    ] {
        let got = files(line);
        assert!(
            !got.iter().any(|f| f.contains("调研") || f.contains("反馈")),
            "{line:?} offered files: {got:?}"
        );
    }
    assert_eq!(
        files(&["update", "1.4", "--status"]),
        vec!["--status".to_string()]
    );
}

#[test]
fn an_option_written_with_equals_completes_its_value() {
    let l = Ledger::seeded("2026-03-02");
    // Bash splits `--format=` into `--format` and `=`, the word under the cursor being `=`:
    // the candidates replace it, so they keep it.
    let got = bash(&l, &["report", "--format", "="]);
    assert!(got.contains(&"=markdown".to_string()), "{got:?}");
    let got = bash(&l, &["report", "--format", "=", "m"]);
    assert_eq!(got, vec!["markdown".to_string()]);
    let got = bash(&l, &["update", "1.4", "--status", "=", "in"]);
    assert_eq!(got, vec!["in-progress".to_string()]);
}

#[test]
fn weeks_formats_and_fixed_values_are_offered() {
    let l = Ledger::seeded("2026-11-25");
    let weeks = bash(&l, &["report", "--week", ""]);
    for w in [
        "last", "this", "next", "上周", "本周", "2026-W48", "2026-W47", "2026-W49", "2026-W37",
    ] {
        assert!(weeks.contains(&w.to_string()), "lacks {w}: {weeks:?}");
    }
    // Every week offered is one `report` takes.
    for w in &weeks {
        l.run(&["report", "--week", w, "--format", "json"]).ok();
    }
    assert_eq!(
        bash(&l, &["report", "--week", "2026-W4"]),
        vec![
            "2026-W49", "2026-W48", "2026-W47", "2026-W46", "2026-W45", "2026-W44", "2026-W43",
            "2026-W42", "2026-W41", "2026-W40"
        ]
        .into_iter()
        .filter(|w| w.starts_with("2026-W4"))
        .map(String::from)
        .collect::<Vec<_>>()
    );
    // `--today` earlier on the line moves the weeks.
    let moved = bash(
        &l,
        &["--today", "2026-03-04", "report", "--week", "2026-W1"],
    );
    assert!(moved.contains(&"2026-W10".to_string()), "{moved:?}");
    let formats = bash(&l, &["report", "--format", ""]);
    assert_eq!(
        formats,
        ["table", "markdown", "csv", "json", "html", "xlsx", "docx"]
    );
    assert_eq!(bash(&l, &["list", "--format", ""]), ["table", "json"]);
    assert_eq!(
        bash(&l, &["list", "--sort", ""]),
        ["id", "deadline", "status"]
    );
    assert_eq!(bash(&l, &["--lang", ""]), ["zh", "en"]);
    assert_eq!(
        bash(&l, &["completions", ""]),
        ["bash", "zsh", "fish", "powershell"]
    );
    assert_eq!(
        bash(&l, &["import", "x.txt", "--encoding", "g"]),
        ["gb18030", "gbk"]
    );
    let pages = bash(&l, &["man", "u"]);
    assert_eq!(pages, ["update", "units", "units-rename", "undo"]);
    for page in pages {
        l.run(&["man", &page]).ok();
    }
}

#[test]
fn completion_honours_db_given_on_the_line_and_in_the_environment() {
    let l = Ledger::seeded("2026-03-02");
    let other = l.dir.path().join("other.db");
    l.run_in(&other, &["init", "--empty"]).ok();
    l.run_in(
        &other,
        &[
            "add",
            "--rec",
            "7",
            "--headline",
            "另一项",
            "--title",
            "只在另一本",
            "--lead",
            "外单位",
        ],
    )
    .ok();
    let other_s = other.to_str().unwrap();
    assert_eq!(bash(&l, &["--db", other_s, "update", ""]), ["7.1"]);
    assert_eq!(bash(&l, &["update", "--db", other_s, ""]), ["7.1"]);
    assert_eq!(
        bash(&l, &["--db", other_s, "list", "--owner", ""]),
        ["外单位"]
    );
    // Written with `=` (bash splits it) and quoted.
    assert_eq!(bash(&l, &["--db", "=", other_s, "show", ""]), ["7.1"]);
    let quoted = format!("'{other_s}'");
    assert_eq!(bash(&l, &["--db", &quoted, "show", ""]), ["7.1"]);
    // TRACKER_DB alone.
    let home = l.dir.path().to_path_buf();
    assert_eq!(
        bash_in(&l, &home, &[("TRACKER_DB", other_s)], &["show", ""]),
        ["7.1"]
    );
}

#[test]
fn a_missing_broken_or_old_ledger_gives_no_values_and_no_message() {
    let l = Ledger::new("2026-03-02");
    // Missing, at the default path: nothing offered, and no ledger created.
    assert_eq!(bash(&l, &["update", ""]), Vec::<String>::new());
    assert!(!l.db.exists(), "completion created the ledger");
    // Subcommands and statuses need no ledger.
    assert!(bash(&l, &["up"]).contains(&"update".to_string()));
    assert!(bash(&l, &["update", "1.4", "--status", "d"]).contains(&"done".to_string()));
    let dir = l.dir.path();
    let not_ledger = dir.join("notes.db");
    std::fs::write(&not_ledger, "这不是台账").unwrap();
    let empty = dir.join("empty.db");
    std::fs::write(&empty, "").unwrap();
    let old = dir.join("old.db");
    crate::opening::ledger_from_fixture(&old, 1);
    let before = std::fs::read(&old).unwrap();
    for db in [
        not_ledger.as_path(),
        empty.as_path(),
        dir,
        old.as_path(),
        Path::new("/dev/null"),
    ] {
        let d = db.to_str().unwrap();
        assert_eq!(
            bash(&l, &["--db", d, "update", ""]),
            Vec::<String>::new(),
            "{d}"
        );
        assert_eq!(
            bash(&l, &["--db", d, "list", "--owner", ""]),
            Vec::<String>::new(),
            "{d}"
        );
    }
    assert_eq!(
        std::fs::read(&old).unwrap(),
        before,
        "the old ledger was not upgraded"
    );
    assert!(!dir.join("old.db.v1.bak").exists());
}

#[test]
fn a_ledger_locked_by_a_writer_gives_no_values_quickly() {
    let l = Ledger::seeded("2026-03-02");
    // Another process holds the file in exclusive locking mode (a network-share ledger does).
    let conn = rusqlite::Connection::open(&l.db).unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE tasks SET title = title WHERE 0; ")
        .ok();
    let got = bash(&l, &["update", ""]);
    assert!(got.is_empty() || got.len() == 16, "{got:?}");
    drop(conn);
}

#[test]
fn completing_writes_nothing() {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    let bytes = std::fs::read(&l.db).unwrap();
    let events = l.run(&["history", "--format", "json"]).ok().json();
    for line in [
        &["update", ""][..],
        &["update", "1.4", "--lead", ""],
        &["report", "--week", ""],
        &["update", "1.4", "--status", "done"],
    ] {
        bash(&l, line);
    }
    assert_eq!(l.dump(), before);
    assert_eq!(std::fs::read(&l.db).unwrap(), bytes);
    assert_eq!(l.run(&["history", "--format", "json"]).ok().json(), events);
}
