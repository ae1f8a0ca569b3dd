//! What users of good command-line tools take for granted: completions, a man page, colour
//! that knows when to stay off, a config file with a clear precedence, units, id forms, exit
//! codes, quiet broken pipes, and a dashboard.

use std::io::Read;
use std::process::Stdio;

use crate::support::{Ledger, assert_aligned, run, table_part};

#[test]
fn completions_are_generated_for_every_shell_and_bash_loads_them() {
    let l = Ledger::new("2026-03-02");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = l.run(&["completions", shell]).ok().stdout;
        assert!(
            out.contains("tracker") && out.contains("__complete"),
            "{shell}"
        );
    }
    let script = l.dir.path().join("tracker.bash");
    std::fs::write(&script, l.run(&["completions", "bash"]).ok().stdout).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(!l.db.exists(), "printing completions touches no ledger");
}

#[test]
fn the_man_page_is_roff_with_every_command() {
    let out = Ledger::new("2026-03-02").run(&["man"]).ok().stdout;
    assert!(
        out.starts_with(".ie") || out.contains(".TH tracker"),
        "{}",
        &out[..200.min(out.len())]
    );
    for cmd in ["list", "update", "report", "units", "EXIT STATUS"] {
        assert!(out.contains(cmd), "man page lacks {cmd}");
    }
}

#[test]
fn every_subcommand_has_help_with_examples() {
    let l = Ledger::new("2026-03-02");
    for cmd in [
        "init",
        "list",
        "show",
        "update",
        "note",
        "add",
        "report",
        "history",
        "units",
        "completions",
        "man",
    ] {
        let out = l.run(&[cmd, "--help"]).ok().stdout;
        assert!(
            out.contains("Examples:\n  tracker"),
            "{cmd} --help lacks examples:\n{out}"
        );
    }
    assert!(
        l.run(&["update", "--help"])
            .ok()
            .stdout
            .contains("tracker update 1.4 --status done")
    );
}

#[test]
fn colour_only_on_a_terminal_or_when_forced() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.2", "--status", "in-progress"]).ok();
    let plain = l.run(&["list"]).ok().stdout;
    assert!(!plain.contains('\u{1b}'), "no colour when piped");
    let forced = l.run(&["--color", "always", "list"]).ok().stdout;
    assert!(
        forced.contains("\u{1b}[38;5;10mon track"),
        "green health:\n{forced}"
    );
    assert!(
        forced.contains("\u{1b}[38;5;14min-progress"),
        "coloured status"
    );
    let zh = l
        .run(&["--color", "always", "--lang", "zh", "list"])
        .ok()
        .stdout;
    assert!(zh.contains("\u{1b}[38;5;10m绿"));
    assert!(
        !l.run(&["--color", "never", "list"])
            .ok()
            .stdout
            .contains('\u{1b}')
    );
    let no_color = run(l.cmd().env("NO_COLOR", "1").args(["list"])).ok().stdout;
    assert!(!no_color.contains('\u{1b}'));
    // Still aligned with colour on: strip the escapes and measure.
    let stripped = strip_ansi(&table_part(&forced));
    assert_aligned(&stripped, 80);
    let report = l.run(&["--color", "always", "report"]).ok().stdout;
    assert!(report.contains("\u{1b}[38;5;10m"));
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn config_file_settings_and_their_precedence() {
    let l = Ledger::seeded("2026-03-02");
    let cfg_dir = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&cfg_dir).unwrap();
    let other = l.dir.path().join("from-config.db");
    std::fs::write(
        cfg_dir.join("config.toml"),
        format!(
            "db = \"{}\"\nlang = \"zh\"\ndue_soon_days = 200\nactor = \"配置中的人\"\nreport_format = \"markdown\"\n",
            other.display()
        ),
    )
    .unwrap();
    // db: the environment (TRACKER_DB) beats the config file; without it the config applies.
    l.run(&["--db", other.to_str().unwrap(), "init"]).ok();
    l.run(&["note", "1.1", "x"]).ok();
    let out = run(l.cmd().env_remove("TRACKER_DB").args(["list"])).ok();
    assert!(other.exists(), "{}", out.stderr);
    // lang: config beats the locale default, TRACKER_LANG beats config, --lang beats both.
    assert!(l.run(&["list"]).ok().stdout.contains("工作任务"));
    assert!(
        run(l.cmd().env("TRACKER_LANG", "en").arg("list"))
            .ok()
            .stdout
            .contains("Task")
    );
    assert!(
        run(l
            .cmd()
            .env("TRACKER_LANG", "en")
            .args(["--lang", "zh", "list"]))
        .ok()
        .stdout
        .contains("工作任务")
    );
    // due_soon_days: 200 days makes 1.1 (due 2026-09-02) due soon.
    let v = l.run(&["list", "--format", "json"]).ok().json();
    assert_eq!(v[0]["health"], "due-soon");
    let v = run(l
        .cmd()
        .env("TRACKER_DUE_SOON_DAYS", "14")
        .args(["list", "--format", "json"]))
    .ok()
    .json();
    assert_eq!(v[0]["health"], "on-track");
    // actor: TRACKER_USER beats config; without it the config applies; --by beats both.
    run(l
        .cmd()
        .env_remove("TRACKER_USER")
        .args(["note", "1.1", "y"]))
    .ok();
    l.run(&["note", "1.1", "z", "--by", "旗标"]).ok();
    let h = l.run(&["history", "1.1", "--format", "json"]).ok().json();
    let actors: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(actors, ["测试员", "配置中的人", "旗标"]);
    // report_format: config markdown; the flag wins.
    assert!(
        l.run(&["report"])
            .ok()
            .stdout
            .starts_with("# 督办事项进展周报")
    );
    assert!(
        l.run(&["report", "--format", "json"])
            .ok()
            .stdout
            .starts_with('{')
    );
    assert!(
        run(l.cmd().env("TRACKER_REPORT_FORMAT", "csv").arg("report"))
            .ok()
            .stdout
            .starts_with("序号,")
    );
}

#[test]
fn an_invalid_config_file_names_the_file_line_and_key() {
    let l = Ledger::seeded("2026-03-02");
    let cfg = l.dir.path().join("my.toml");
    std::fs::write(&cfg, "lang = \"zh\"\n\ndue_soon_days = \"soon\"\n").unwrap();
    let msg = run(l.cmd().env("TRACKER_CONFIG", &cfg).arg("list")).fails(1, &["my.toml", "line 3"]);
    assert!(
        msg.contains("due_soon_days") || msg.contains("integer"),
        "{msg}"
    );
    std::fs::write(&cfg, "lang = \"zh\"\ncolor = \"red\"\n").unwrap();
    run(l.cmd().env("TRACKER_CONFIG", &cfg).arg("list")).fails(1, &["my.toml", "line 2", "color"]);
    std::fs::write(&cfg, "report_format = \"pdf\"\n").unwrap();
    run(l.cmd().env("TRACKER_CONFIG", &cfg).arg("list"))
        .fails(1, &["my.toml", "line 1", "key report_format", "'pdf'"]);
    let missing = l.dir.path().join("missing.toml");
    run(l.cmd().env("TRACKER_CONFIG", &missing).arg("list")).fails(1, &["missing.toml"]);
}

#[test]
fn units_are_listed_with_their_counts() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on("2026-07-01", &["update", "1.4", "--status", "done"])
        .ok();
    let v = l
        .run_on("2026-07-01", &["units", "--format", "json"])
        .ok()
        .json();
    let unit = |name: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit"] == name)
            .unwrap()
            .clone()
    };
    let org = unit("组织科");
    assert_eq!(
        (org["lead"].as_u64(), org["support"].as_u64()),
        (Some(5), Some(0))
    );
    assert_eq!(
        (
            org["open"].as_u64(),
            org["overdue"].as_u64(),
            org["done"].as_u64()
        ),
        (Some(4), Some(1), Some(1))
    );
    assert_eq!(unit("人事局")["support"], 1);
    let table = l
        .run_on("2026-07-01", &["--lang", "zh", "units"])
        .ok()
        .stdout;
    assert_aligned(&crate::support::table_part(&table), 80);
    // With the two shares (issue 17) the longest name wraps at 80 columns; whole at 100.
    let wide = crate::support::run(
        l.cmd()
            .env("COLUMNS", "100")
            .env("TRACKER_TODAY", "2026-07-01")
            .args(["--lang", "zh", "units"]),
    )
    .ok()
    .stdout;
    assert!(wide.contains("牵头") && wide.contains("市委干部教育培训工作领导小组"));
    assert_aligned(&crate::support::table_part(&wide), 100);
}

#[test]
fn renaming_a_unit_records_one_change_over_its_tasks() {
    let l = Ledger::seeded("2026-03-02");
    let out = l.run(&["units", "rename", "人才工作科", "人才科"]).ok();
    assert_eq!(out.stdout.trim(), "renamed 人才工作科 to 人才科 in 4 tasks");
    let v = l.run(&["show", "3.1", "--format", "json"]).ok().json();
    assert_eq!(v["lead"], "人才科");
    let v = l.run(&["show", "3.5", "--format", "json"]).ok().json();
    assert_eq!(v["support"], serde_json::json!(["人才科"]));
    let events = l
        .run(&["history", "--since", "2026-03-02", "--format", "json"])
        .ok()
        .json();
    let renames: Vec<&serde_json::Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["field"] != "created")
        .collect();
    assert_eq!(renames.len(), 4);
    let ids: std::collections::HashSet<u64> = renames
        .iter()
        .map(|e| e["change"].as_u64().unwrap())
        .collect();
    assert_eq!(
        ids.len(),
        1,
        "one change for the whole rename, so undo takes it back whole"
    );
    let units = l.run(&["units", "--format", "json"]).ok().json();
    assert!(
        units
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["unit"] != "人才工作科")
    );
    // Renaming into an existing unit merges: 3.5 is led by 人才工作协调小组 and supported by 人才科.
    l.run(&["units", "rename", "人才科", "人才工作协调小组"])
        .ok();
    let v = l.run(&["show", "3.5", "--format", "json"]).ok().json();
    assert_eq!(v["lead"], "人才工作协调小组");
    assert_eq!(v["support"], serde_json::json!([]));
    let before = l.dump();
    l.run(&["units", "rename", "财政局", "x"])
        .fails(1, &["unknown unit '财政局'"]);
    l.run(&["units", "rename", "组织科", ""])
        .fails(2, &["empty unit name"]);
    assert_eq!(l.dump(), before);
}

#[test]
fn ids_accept_the_forms_people_type() {
    let l = Ledger::seeded("2026-03-02");
    for id in ["1.4", "1-4", "１.４", "#1.4", "１．４"] {
        let v = l.run(&["show", id, "--format", "json"]).ok().json();
        assert_eq!(v["id"], "1.4", "{id}");
    }
    l.run(&["update", "#2-1", "--progress", "10"]).ok();
    assert_eq!(
        l.run(&["show", "2.1", "--format", "json"]).ok().json()["progress"],
        10
    );
}

#[test]
fn errors_go_to_stderr_and_data_to_stdout_with_documented_exit_codes() {
    let l = Ledger::seeded("2026-03-02");
    let ok = l.run(&["list", "--format", "json"]).ok();
    assert!(ok.stderr.is_empty());
    l.run(&["show", "9.9"]).fails(1, &["no task 9.9"]);
    l.run(&["list", "--bogus"]).fails(2, &["--bogus"]);
    let help = l.run(&["--help"]).ok().stdout;
    assert!(help.contains("Exit codes: 0 success, 1 error") && help.contains("2 usage"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let l = Ledger::seeded("2026-03-02");
    for _ in 0..30 {
        l.run(&[
            "note",
            "1.1",
            "一条很长的进展说明，用来让输出超过管道的缓冲区。",
        ])
        .ok();
    }
    let mut child = l
        .cmd()
        .args(["history"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    let mut stdout = child.stdout.take().unwrap();
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn no_command_prints_a_dashboard() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on("2026-06-01", &["update", "1.4", "--status", "done"])
        .ok();
    l.run_on("2026-06-01", &["update", "2.3", "--status", "blocked"])
        .ok();
    let v = l.run_on("2026-06-03", &["--format", "json"]).ok().json();
    assert_eq!(v["counts"]["done"], 1);
    assert_eq!(v["counts"]["blocked"], 1);
    assert_eq!(v["counts"]["not-started"], 14);
    let overdue: Vec<&str> = v["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(overdue, ["1.2", "2.4"]);
    // 2026-06-01 is a Monday: its week (to 06-07) holds 1.2 and 2.4, due 06-02.
    let v = l.run_on("2026-06-01", &["--format", "json"]).ok().json();
    let due: Vec<&str> = v["due_this_week"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(due, ["1.2", "2.4"]);
    let table = l.run_on("2026-06-03", &["--lang", "zh"]).ok().stdout;
    assert!(
        table.contains("督办台账概况（2026-06-03）：共 16 项")
            && table.contains("逾期任务（2）")
            && table.contains("本周到期（0）"),
        "{table}"
    );
}
