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
pub fn bash_in(l: &Ledger, cwd: &Path, env: &[(&str, &str)], words: &[&str]) -> Vec<String> {
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

pub fn bash(l: &Ledger, words: &[&str]) -> Vec<String> {
    bash_in(l, l.dir.path(), &[], words)
}

/// A command line cut as bash and its readline cut it for completion, with the default
/// `COMP_WORDBREAKS`: the words `COMP_WORDS` gets (blanks end a word outside quotes and
/// backslashes; an `=` or `:` there is a word of its own), and the byte offset where the text
/// readline replaces begins (after the last of those breaks, or after a quote left open).
pub fn comp_words(line: &str) -> (Vec<String>, usize) {
    let mut words = vec![String::new()];
    let mut quote: Option<char> = None;
    let mut text_start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let last = words.last_mut().expect("one word at least");
        match (quote, c) {
            (None, '\\') => {
                last.push(c);
                if let Some((_, n)) = chars.next() {
                    last.push(n);
                }
            }
            (Some('"'), '\\') => {
                last.push(c);
                if let Some((_, n)) = chars.next() {
                    last.push(n);
                }
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                text_start = i + 1;
                last.push(c);
            }
            (Some(q), c) if c == q => {
                quote = None;
                last.push(c);
            }
            (None, ' ') => {
                if !last.is_empty() {
                    words.push(String::new());
                }
                text_start = i + 1;
            }
            (None, '=' | ':') => {
                if !last.is_empty() && !last.ends_with(['=', ':']) {
                    words.push(String::new());
                }
                words.last_mut().expect("one word").push(c);
                if !matches!(chars.peek(), Some((_, '=' | ':'))) {
                    words.push(String::new());
                }
                text_start = i + 1;
            }
            _ => last.push(c),
        }
    }
    // An `=` at the very end is the word under the cursor; the empty word after it is not.
    if line.ends_with(['=', ':']) && words.last().is_some_and(String::is_empty) {
        words.pop();
    }
    (words, text_start)
}

/// What pressing Tab at the end of `line` (after `tracker `) gives: the candidates bash
/// offers, and the line as readline leaves it: one candidate replaces the text it replaces
/// (closing a quote left open, then a space), several their longest common start.
pub fn tab_in(l: &Ledger, cwd: &Path, line: &str) -> (Vec<String>, String) {
    let full = format!("tracker {line}");
    let (words, start) = comp_words(&full);
    let refs: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    let offered = bash_in(l, cwd, &[], &refs);
    let head = &full[..start];
    let open = comp_words_open_quote(&full);
    let after = match offered.as_slice() {
        [] => full.clone(),
        [one] => format!("{head}{one}{} ", open.map(String::from).unwrap_or_default()),
        many => {
            let mut common = many[0].clone();
            for m in many {
                while !m.starts_with(&common) {
                    common.pop();
                }
            }
            if common.len() > full.len() - start {
                format!("{head}{common}")
            } else {
                full.clone()
            }
        }
    };
    (offered, after)
}

pub fn tab(l: &Ledger, line: &str) -> (Vec<String>, String) {
    tab_in(l, l.dir.path(), line)
}

/// The quote `line` leaves open at its end, if any.
fn comp_words_open_quote(line: &str) -> Option<char> {
    let mut quote = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\\') | (Some('"'), '\\') => {
                chars.next();
            }
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    quote
}

/// The words bash makes of a finished `line`: what the program would receive.
pub fn argv(l: &Ledger, line: &str) -> Vec<String> {
    let mut sh = in_env(l, "bash");
    sh.args([
        "--norc",
        "--noprofile",
        "-c",
        r#"eval "set -- $1" && printf '%s\0' "$@""#,
        "bash",
        line,
    ]);
    let out = run(&mut sh);
    assert_eq!(out.code, 0, "bash could not read {line:?}: {}", out.stderr);
    out.stdout
        .split('\0')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
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

pub fn units(l: &Ledger) -> Vec<String> {
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
    // Every word offered is one the command accepts (`list` writes nothing, so one ledger
    // serves every word).
    for word in bash(&l, &["update", "1.4", "--status", ""]) {
        let out = l.run(&["list", "--status", &word]);
        assert_eq!(out.code, 0, "{word} offered but refused: {}", out.stderr);
    }
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
fn completing_writes_nothing() {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    // A file's bytes too (a server's rows are all `dump` can see).
    let bytes = l.pg.is_none().then(|| std::fs::read(&l.db).unwrap());
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
    if let Some(bytes) = bytes {
        assert_eq!(std::fs::read(&l.db).unwrap(), bytes);
    }
    assert_eq!(l.run(&["history", "--format", "json"]).ok().json(), events);
}

#[test]
fn a_unit_name_with_spaces_and_quotes_comes_back_typed_for_bash() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--lead", "Office A's (east)", "--new-unit"])
        .ok();
    let got = bash(&l, &["update", "1.4", "--lead", "Off"]);
    assert_eq!(got, vec![r"Office\ A\'s\ \(east\)".to_string()]);
}

/// Bash cuts `--status=d` at the `=` and readline replaces only `d`: the candidates are bare
/// values, so the line becomes `--status=done`, never `--status==done`, for every option
/// written with `=`, values and paths alike.
#[test]
fn an_option_written_with_equals_completes_its_value_once() {
    let l = Ledger::seeded("2026-03-02");
    let work = l.dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("调研报告.txt"), "一、建议\n").unwrap();
    let cases: &[(&str, &str)] = &[
        ("list --status=do", "list --status=done "),
        ("list --status=", "list --status="),
        ("update 1.4 --status=in", "update 1.4 --status=in-progress "),
        ("report --format=m", "report --format=markdown "),
        ("list --owner=干部教", "list --owner=干部教育科 "),
        ("update 1.4 --support=县", "update 1.4 --support=县区 "),
        (
            "update 1.4 --add-support=人事",
            "update 1.4 --add-support=人事局 ",
        ),
        ("report --week=2026-W1", "report --week=2026-W1"),
        (
            "--today=2026-11-25 report --week=2026-W4",
            "--today=2026-11-25 report --week=2026-W4",
        ),
        ("--lang=z", "--lang=zh "),
        ("report --out=调", "report --out=调研报告.txt "),
        ("import x --encoding=gb1", "import x --encoding=gb18030 "),
    ];
    for (typed, want) in cases {
        let (offered, after) = tab_in(&l, &work, typed);
        assert!(
            offered.iter().all(|c| !c.starts_with('=')),
            "{typed}: {offered:?}"
        );
        assert_eq!(after, format!("tracker {want}"), "{typed}: {offered:?}");
    }
    // With nothing after the `=`, every value is offered bare.
    let (offered, _) = tab(&l, "list --status=");
    assert!(offered.contains(&"done".to_string()), "{offered:?}");
    let (offered, _) = tab(&l, "report --week=");
    assert!(offered.contains(&"this".to_string()), "{offered:?}");
    // What the completed line hands the program.
    let (_, after) = tab(&l, "list --status=do");
    assert_eq!(argv(&l, &after)[2], "--status=done");
}

/// Inside a quote left open (`--lead "组织`, `'干部`), readline inserts a candidate as given:
/// it comes back written for that quote, unescaped; outside quotes, with backslashes. Either
/// way the finished line hands the program the unit's exact name.
#[test]
fn a_unit_completed_inside_or_outside_quotes_reaches_the_program_whole() {
    let l = Ledger::seeded("2026-03-02");
    let names = [
        "Office A's (east)",
        "二处 “干部” 科",
        "财务 & 审计 $1",
        r#"督查"室" `x`"#,
        "宣传 科（东）",
    ];
    // Each leads a task of its own, so each stays a unit of the ledger.
    for (name, id) in names.iter().zip(["1.1", "1.2", "1.3", "1.4", "1.5"]) {
        l.run(&["update", id, "--lead", name, "--new-unit"]).ok();
    }
    for name in names {
        let start: String = name.chars().take(2).collect();
        for (open, close) in [("", ""), ("\"", "\""), ("'", "'")] {
            let typed = format!("update 1.4 --lead {open}{start}");
            let (offered, after) = tab(&l, &typed);
            assert_eq!(offered.len(), 1, "{typed}: {offered:?}");
            if !open.is_empty() {
                assert!(!offered[0].contains("\\ "), "{typed}: {offered:?}");
                assert!(after.trim_end().ends_with(close), "{after}");
            }
            let args = argv(&l, &after);
            assert_eq!(args.last().unwrap(), name, "{typed} -> {after}");
        }
    }
    // A quote opened inside the word: readline keeps what precedes it.
    let (_, after) = tab(&l, "update 1.4 --lead Off'ice A");
    assert_eq!(argv(&l, &after).last().unwrap(), "Office A's (east)");
    // The same after `=`.
    let (_, after) = tab(&l, "update 1.4 --lead=\"二处");
    assert_eq!(argv(&l, &after).last().unwrap(), "--lead=二处 “干部” 科");
}
