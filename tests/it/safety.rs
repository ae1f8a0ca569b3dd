//! Nothing lost: concurrent writers, crashes, upgrades, backups, round trips, undo, and
//! hostile input.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{Ledger, dump, run};

fn count(db: &std::path::Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn integrity(db: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// SQLite's own check of a ledger file; on a server, which keeps its own pages, nothing.
fn file_intact(l: &Ledger) {
    if l.pg.is_none() {
        assert_eq!(integrity(&l.db), "ok");
    }
}

/// How many events the ledger holds and how many changes they make, as its export lists them.
fn events_and_changes(l: &Ledger) -> (usize, usize) {
    let v = l.export();
    let events = v["events"].as_array().unwrap();
    let changes: std::collections::HashSet<i64> = events
        .iter()
        .map(|e| e["change"].as_i64().unwrap())
        .collect();
    (events.len(), changes.len())
}

/// Runs `commands` processes side by side, one thread of them per worker, each worker's in
/// turn; returns what failed (a non-zero exit or anything on stderr).
fn run_side_by_side(l: &Ledger, workers: Vec<Vec<Vec<String>>>) -> Vec<String> {
    let cmd = l.cmd();
    let (program, envs): (OsString, Vec<(OsString, OsString)>) = (
        cmd.get_program().to_os_string(),
        cmd.get_envs()
            .filter_map(|(k, v)| v.map(|v| (k.to_os_string(), v.to_os_string())))
            .collect(),
    );
    let threads: Vec<_> = workers
        .into_iter()
        .map(|cmds| {
            let (program, envs) = (program.clone(), envs.clone());
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for args in cmds {
                    let out = std::process::Command::new(&program)
                        .env_clear()
                        .envs(envs.clone())
                        .args(&args)
                        .output()
                        .unwrap();
                    if !out.status.success() || !out.stderr.is_empty() {
                        failures.push(format!(
                            "{args:?}: {}",
                            String::from_utf8_lossy(&out.stderr)
                        ));
                    }
                }
                failures
            })
        })
        .collect();
    threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect()
}

/// Finding F4: a change's `entered` (when it was really recorded) is read once the write holds
/// the ledger's lock, not when the process started, so with many writers at once the entered
/// times follow the change numbers (commit order): a process that started first but waited
/// for the lock is entered after the one that overtook it.
#[test]
fn entered_times_follow_change_numbers_with_many_writers() {
    let l = Ledger::seeded("2026-03-02");
    let ids = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3"];
    let workers = (0..8)
        .map(|w| {
            (0..30)
                .map(|i| {
                    let id = ids[w].to_string();
                    if i % 3 == 2 {
                        vec![
                            "update".into(),
                            id,
                            "--progress".into(),
                            (i + 1).to_string(),
                        ]
                    } else {
                        vec!["note".into(), id, format!("进程{w}第{i}条")]
                    }
                })
                .collect()
        })
        .collect();
    let failures = run_side_by_side(&l, workers);
    assert!(failures.is_empty(), "{failures:#?}");
    let export = l.export();
    let mut changes: Vec<(i64, chrono::DateTime<chrono::FixedOffset>)> = export["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let entered = e["entered"].as_str().expect("every event has entered");
            assert!(entered.ends_with('Z'), "{entered}");
            (
                e["change"].as_i64().unwrap(),
                chrono::DateTime::parse_from_rfc3339(entered).unwrap(),
            )
        })
        .collect();
    changes.sort();
    changes.dedup_by_key(|c| c.0);
    assert_eq!(
        changes.len(),
        1 + 8 * 30,
        "the seed and every command's change"
    );
    for pair in changes.windows(2) {
        assert!(
            pair[0].1 <= pair[1].1,
            "change #{} entered {} after change #{} entered {}",
            pair[0].0,
            pair[0].1,
            pair[1].0,
            pair[1].1
        );
    }
}

/// The tasks unit `name` is named in (leads or supports), as `units` counts them.
fn named_in(l: &Ledger, name: &str) -> u64 {
    let units = l.run(&["units", "--format", "json"]).ok().json();
    units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == name)
        .map_or(0, |u| {
            u["lead"].as_u64().unwrap() + u["support"].as_u64().unwrap()
        })
}

#[test]
fn eight_concurrent_writers_lose_nothing() {
    let l = Ledger::seeded("2026-03-02");
    let (before, _) = events_and_changes(&l);
    let ids = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3"];
    let workers: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(w, id)| {
            let mut cmds = Vec::new();
            for i in 0..50 {
                let args: Vec<String> = if i % 2 == 0 {
                    vec!["note".into(), id.to_string(), format!("进程{w}第{i}条")]
                } else {
                    vec![
                        "update".into(),
                        id.to_string(),
                        "--progress".into(),
                        (i + 1).to_string(),
                    ]
                };
                cmds.push(args);
            }
            cmds
        })
        .collect();
    let failures = run_side_by_side(&l, workers);
    assert!(failures.is_empty(), "{failures:#?}");
    // 25 notes and 25 updates per process; each update is a progress change (plus, on the
    // first, the status change it implies): at least 400 changes, one per command.
    let (events, changes) = events_and_changes(&l);
    assert_eq!(changes - 1, 400);
    assert_eq!(
        events - before,
        400 + 8,
        "400 commands, and 8 first updates that also start their task"
    );
    file_intact(&l);
}

#[test]
fn a_read_during_a_long_write_returns_the_last_committed_state() {
    let l = Ledger::seeded("2026-03-02");
    let writer = l.hold_uncommitted("UPDATE tasks SET status = 'done', progress = 100");
    let started = Instant::now();
    let v = l.run(&["list", "--all", "--format", "json"]).ok().json();
    let took = started.elapsed();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] == "not-started"),
        "uncommitted writes are not seen"
    );
    assert!(
        took < Duration::from_secs(10),
        "the read waited for the writer ({took:?})"
    );
    drop(writer);
}

#[test]
fn a_killed_bulk_write_leaves_all_or_nothing() {
    // A kill after the commit proves nothing: count the ones that landed while the load ran.
    let mut before_commit = 0;
    for delay_ms in [30, 150, 400, 900] {
        let l = Ledger::new("2026-11-26");
        let mut child = l
            .cmd()
            .args(["dev", "synth", "--tasks", "6000", "--events-per-task", "6"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let running = child.try_wait().unwrap().is_none();
        let _ = child.kill();
        let _ = child.wait();
        let (tasks, events) = match &l.pg {
            None => {
                if !l.db.exists() {
                    continue;
                }
                assert_eq!(integrity(&l.db), "ok", "after a kill at {delay_ms} ms");
                // Killed after the file was made but before its schema (a busy machine can
                // take 30 ms to get there): nothing was written, and the next command creates
                // the ledger.
                if count(&l.db, "SELECT count(*) FROM sqlite_master") == 0 {
                    l.run(&["list", "--all", "--format", "json"]).ok();
                    continue;
                }
                (
                    count(&l.db, "SELECT count(*) FROM tasks"),
                    count(&l.db, "SELECT count(*) FROM events"),
                )
            }
            Some(_) => {
                // Straight to the binary: the harness would make a ledger a first use finds.
                let out = l.cmd().arg("export").output().unwrap();
                if !out.status.success() {
                    // Killed before the schema's commit: not even the schema is left.
                    assert!(!l.holds_schema(), "after a kill at {delay_ms} ms");
                    continue;
                }
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                let len = |k: &str| v[k].as_array().unwrap().len() as i64;
                (len("tasks"), len("events"))
            }
        };
        assert!(
            tasks == 0 || tasks == 6000,
            "{tasks} tasks after a kill at {delay_ms} ms"
        );
        assert!(
            (tasks == 0) == (events == 0),
            "{events} events with {tasks} tasks"
        );
        if running && tasks == 0 {
            before_commit += 1;
        }
        // The ledger still works.
        let list = l.cmd().args(["list", "--all", "--format", "json"]).output();
        assert!(list.unwrap().status.success());
    }
    assert!(before_commit > 0, "no kill landed before the commit");
}

#[test]
fn a_killed_bulk_rename_leaves_all_or_nothing() {
    let l = Ledger::new("2026-11-26");
    l.run(&["dev", "synth", "--tasks", "4000", "--events-per-task", "2"])
        .ok();
    let total = named_in(&l, "组织科");
    assert!(total > 50);
    for delay_ms in [20, 80, 200] {
        let mut child = l
            .cmd()
            .args(["units", "rename", "组织科", "组织一科"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        file_intact(&l);
        let renamed = named_in(&l, "组织一科");
        assert!(
            renamed == 0 || renamed == total,
            "{renamed} of {total} renamed after a kill at {delay_ms} ms"
        );
        if finished || renamed == total {
            l.run(&["units", "rename", "组织一科", "组织科"]).ok();
        }
    }
    // Once more, killed where it is known to be: every row changed, the commit not yet made.
    let before = l.dump();
    crate::kills::kill_at(
        &l,
        std::path::Path::new(&l.ledger()),
        "before-commit",
        &["units", "rename", "组织科", "组织一科"],
    );
    file_intact(&l);
    assert_eq!(l.dump(), before, "nothing of the killed rename is kept");
}

#[test]
fn a_ledger_from_a_newer_tracker_is_refused_and_left_untouched() {
    let l = Ledger::seeded("2026-03-02");
    // Where each backend keeps its schema's version.
    match l.pg {
        None => l.edit("PRAGMA user_version = 99", &[]),
        Some(_) => l.edit("UPDATE schema_version SET version = 99", &[]),
    }
    let before = (l.dump(), std::fs::read(&l.db).ok());
    l.run(&["list"]).fails(
        1,
        &["newer tracker", "schema version 99", "upgrade tracker"],
    );
    l.run(&["note", "1.1", "x"]).fails(1, &["newer tracker"]);
    assert!((l.dump(), std::fs::read(&l.db).ok()) == before);
}

#[test]
fn backup_copies_a_consistent_ledger_and_never_overwrites() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--status", "done"]).ok();
    let copy = l.dir.path().join("备份.db");
    l.run(&["backup", copy.to_str().unwrap()]).ok();
    // The copy is a ledger file whatever the ledger is: the same ledger, as exports compare.
    assert_eq!(
        l.run_in(&copy, &["export"]).ok().stdout,
        l.run(&["export"]).ok().stdout
    );
    if l.pg.is_none() {
        assert_eq!(dump(&copy), l.dump());
    }
    assert_eq!(integrity(&copy), "ok");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let before = std::fs::read(&copy).unwrap();
    l.run(&["backup", copy.to_str().unwrap()])
        .fails(1, &["already exists", "never overwrites"]);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

#[test]
fn backup_is_safe_while_others_write() {
    let l = Ledger::seeded("2026-03-02");
    let writer = {
        let cmd = l.cmd();
        let program = cmd.get_program().to_os_string();
        let envs: Vec<(OsString, OsString)> = cmd
            .get_envs()
            .filter_map(|(k, v)| v.map(|v| (k.to_os_string(), v.to_os_string())))
            .collect();
        std::thread::spawn(move || {
            for i in 0..40 {
                let out = std::process::Command::new(&program)
                    .env_clear()
                    .envs(envs.clone())
                    .args(["note", "2.1", &format!("写入{i}")])
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "note {i}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        })
    };
    for i in 0..5 {
        let copy = l.dir.path().join(format!("b{i}.db"));
        l.run(&["backup", copy.to_str().unwrap()]).ok();
        assert_eq!(integrity(&copy), "ok");
        let out = l
            .run_in(&copy, &["history", "2.1", "--format", "json"])
            .ok()
            .json();
        assert!(!out.as_array().unwrap().is_empty());
    }
    writer.join().unwrap();
}

/// SQLite deletes the write-ahead log when the last connection closes, at any moment for
/// another process. A ledger's `-wal` that exists when it is looked at and is gone a
/// moment later is no one's fault: opening the ledger must not blame its mode (CI saw
/// "tracker.db-wal is not readable for you (mode 0600, owner root)" once among writers).
#[test]
fn a_write_ahead_log_that_comes_and_goes_is_never_blamed() {
    let l = Ledger::seeded("2026-03-02");
    if l.pg.is_some() {
        return; // a server's ledger has no files beside it
    }
    l.run(&["list"]).ok();
    let wal = {
        let mut p = l.db.clone().into_os_string();
        p.push("-wal");
        std::path::PathBuf::from(p)
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flicker = {
        let (stop, wal) = (stop.clone(), wal.clone());
        // An empty log is no log to SQLite; its coming and going is the race to meet.
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&wal);
                let _ = std::fs::remove_file(&wal);
            }
        })
    };
    let failures: Vec<String> = (0..200)
        .filter_map(|_| {
            let out = l.run(&["list", "--format", "json"]);
            (out.code != 0).then_some(out.stderr)
        })
        .collect();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    flicker.join().unwrap();
    assert!(
        failures.is_empty(),
        "{} of 200 failed: {:?}",
        failures.len(),
        failures.first()
    );
    // And the ledger is whole after it all.
    assert_eq!(integrity(&l.db), "ok");
}

#[test]
fn export_restore_export_gives_identical_bytes() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on(
        "2026-03-10T09:00:00",
        &[
            "update",
            "1.4",
            "--status",
            "done",
            "--note",
            "含\"引号\"、逗号,和\n换行",
        ],
    )
    .ok();
    l.run_on(
        "2026-03-11T09:00:00",
        &["units", "rename", "人事局", "人社局"],
    )
    .ok();
    l.run_on(
        "2026-03-12T09:00:00",
        &[
            "add",
            "--rec",
            "4",
            "--headline",
            "新建议",
            "--title",
            "新任务",
            "--lead",
            "组织科",
            "--deadline",
            "2026-05-01",
        ],
    )
    .ok();
    l.run_on(
        "2026-03-13T09:00:00",
        &["update", "3.2", "--no-support", "--deadline", "none"],
    )
    .ok();
    let first = l.run(&["export", "--format", "json"]).ok().stdout;
    let file = l.dir.path().join("ledger.json");
    std::fs::write(&file, &first).unwrap();
    let restored = l.dir.path().join("restored.db");
    let out = l
        .run_in(&restored, &["restore", file.to_str().unwrap()])
        .ok();
    assert!(out.stdout.contains("restored 17 tasks"), "{}", out.stdout);
    // The load runs with a rollback journal; the ledger is left in WAL mode, whole.
    let mode: String = rusqlite::Connection::open(&restored)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert!(!l.dir.path().join("restored.db-journal").exists());
    assert_eq!(integrity(&restored), "ok");
    let second = l
        .run_in(&restored, &["export", "--format", "json"])
        .ok()
        .stdout;
    assert_eq!(first, second);
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    for key in [
        "format",
        "version",
        "meta",
        "recommendations",
        "units",
        "tasks",
        "events",
    ] {
        assert!(v.get(key).is_some(), "export lacks {key}");
    }
    assert_eq!(v["meta"]["start"], "2026-03-02");
    // And the restored ledger reports the same past weeks.
    let week = |db: &std::path::Path| {
        l.run_in(db, &["report", "--week", "2026-W11", "--format", "json"])
            .ok()
            .stdout
    };
    assert_eq!(week(&l.db), week(&restored));
}

#[test]
fn an_export_of_several_mebibytes_restores_to_the_same_bytes() {
    // Larger than the 1 MiB window `restore` reads through, so values cross its edge.
    let l = Ledger::new("2026-11-26");
    l.run(&["dev", "synth", "--tasks", "3000", "--events-per-task", "2"])
        .ok();
    let file = l.dir.path().join("big.json");
    l.run(&["export", "--out", file.to_str().unwrap()]).ok();
    let first = std::fs::read(&file).unwrap();
    assert!(first.len() > 3 << 20, "{} bytes", first.len());
    let restored = l.dir.path().join("restored.db");
    let out = l
        .run_in(&restored, &["restore", file.to_str().unwrap()])
        .ok();
    assert!(out.stdout.contains("restored 3000 tasks"), "{}", out.stdout);
    let again = l.dir.path().join("again.json");
    l.run_in(&restored, &["export", "--out", again.to_str().unwrap()])
        .ok();
    assert!(
        std::fs::read(&again).unwrap() == first,
        "the round trip changed the export"
    );
    // A fault deep in the file is placed by line and column in the whole file.
    let text = String::from_utf8(first).unwrap();
    let at = text.rfind("\"progress\": ").unwrap() + "\"progress\": ".len();
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').unwrap();
    std::fs::write(&file, format!("{}x{}", &text[..at], &text[at..])).unwrap();
    l.run_in(
        &l.dir.path().join("bad.db"),
        &["restore", file.to_str().unwrap()],
    )
    .fails(
        1,
        &[
            "not a tracker export",
            &format!("at line {line} column {column}"),
        ],
    );
}

#[test]
fn restore_refuses_a_used_ledger_and_bad_files() {
    let l = Ledger::seeded("2026-03-02");
    let file = l.dir.path().join("ledger.json");
    std::fs::write(&file, l.run(&["export"]).ok().stdout).unwrap();
    let before = l.dump();
    l.run(&["restore", file.to_str().unwrap()])
        .fails(1, &["already holds a plan"]);
    assert_eq!(l.dump(), before);
    let fresh = l.dir.path().join("fresh.db");
    let restore = |content: &str, needles: &[&str]| {
        std::fs::write(&file, content).unwrap();
        l.run_in(&fresh, &["restore", file.to_str().unwrap()])
            .fails(1, needles);
    };
    restore("not json", &["not a tracker export", "line 1"]);
    restore("{\"format\": \"other\"}", &["not a tracker export"]);
    let good = l.run(&["export"]).ok().stdout;
    restore(
        &good.replace("\"status\": \"not-started\"", "\"status\": \"finished\""),
        &["task '1.1'", "status 'finished'", "line 42"],
    );
    restore(
        &good.replacen("建立非公有制企业党建工作联系点", "联系点\\u0000", 1),
        &["control character"],
    );
    // Read part by part: a bad part late in the file still leaves nothing behind.
    let events_at = good.find("\"events\"").unwrap();
    let late = format!(
        "{}{}",
        &good[..events_at],
        good[events_at..].replacen("\"task\": \"3.5\"", "\"task\": \"9.9\"", 1)
    );
    restore(&late, &["event", "task 9.9 is not in the export"]);
    restore(
        &good.replacen("\"units\"", "\"unitz\"", 1),
        &["not a tracker export", "unknown field `unitz`"],
    );
    restore(
        &good.replacen("\"version\": 4", "\"version\": 7", 1),
        &["export version 7 is newer"],
    );
    restore(
        "{\"version\": 1}",
        &["not a tracker export", "no \"format\""],
    );
    if fresh.exists() {
        assert_eq!(count(&fresh, "SELECT count(*) FROM tasks"), 0);
    }
}

#[test]
fn undo_reverts_the_latest_change_of_that_actor() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--status", "done", "--by", "甲"])
        .ok();
    l.run(&["update", "2.1", "--progress", "30", "--by", "乙"])
        .ok();
    let out = l.run(&["undo", "--by", "甲"]).ok();
    assert!(
        out.stdout.contains("1.4") && out.stdout.contains("done -> not-started"),
        "{}",
        out.stdout
    );
    let v = l.run(&["show", "1.4", "--format", "json"]).ok().json();
    assert_eq!(
        (v["status"].as_str(), v["progress"].as_u64()),
        (Some("not-started"), Some(0))
    );
    // History is never deleted: the undo is a new change that names the one it takes back.
    let h = v["history"].as_array().unwrap();
    assert_eq!(h.len(), 1 + 2 + 2);
    let first_change = h[1]["change"].as_i64().unwrap();
    assert!(h[3..].iter().all(|e| e["undoes"] == first_change), "{h:?}");
    // 乙's change is untouched until 乙 undoes it.
    assert_eq!(
        l.run(&["show", "2.1", "--format", "json"]).ok().json()["progress"],
        30
    );
    l.run(&["undo", "--by", "乙"]).ok();
    assert_eq!(
        l.run(&["show", "2.1", "--format", "json"]).ok().json()["progress"],
        0
    );
    l.run(&["undo", "--by", "丙"])
        .fails(1, &["nothing to undo", "丙"]);
}

#[test]
fn undo_refuses_to_overwrite_a_later_change() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--status", "blocked", "--by", "甲"])
        .ok();
    l.run(&["update", "1.4", "--status", "in-progress", "--by", "乙"])
        .ok();
    let before = l.dump();
    l.run(&["undo", "--by", "甲"])
        .fails(1, &["cannot undo", "status has changed again"]);
    assert_eq!(l.dump(), before);
}

#[test]
fn text_is_stored_exactly_and_shown_safely() {
    let l = Ledger::seeded("2026-03-02");
    let note = "  第一行 | *强调* <b>标签</b>\n\t=SUM(A1)  ";
    l.run_on("2026-03-03T10:00:00", &["note", "1.1", note]).ok();
    let h = l.run(&["history", "1.1", "--format", "json"]).ok().json();
    assert_eq!(h[1]["note"], note, "stored exactly as typed");
    let table = l.run(&["history", "1.1"]).ok().stdout;
    assert!(!table.contains('\u{1b}') && !table.contains('\t'));
    let md = l
        .run_on("2026-03-05", &["report", "--format", "markdown"])
        .ok()
        .stdout;
    assert!(md.contains("\\| \\*强调\\* &lt;b>标签&lt;/b>"), "{md}");
    let html = l
        .run_on("2026-03-05", &["report", "--format", "html"])
        .ok()
        .stdout;
    assert!(html.contains("&lt;b&gt;标签&lt;/b&gt;"));
}

/// At least 40 malformed invocations: each exits non-zero with one line on stderr, no panic,
/// and the ledger is exactly as it was.
#[test]
fn hostile_invocations_are_refused_without_a_trace() {
    let l = Ledger::seeded("2026-03-02");
    // Linux caps one argument at 128 KiB; 40,000 characters is as long as an argument gets
    // (and twice the limit for a note). A 1 MB note comes through standard input below.
    let big = "长".repeat(40_000);
    let cases: Vec<Vec<&str>> = vec![
        vec!["show", "1."],
        vec!["show", "0.0"],
        vec!["show", "1.4.2"],
        vec!["show", "١.٤"],
        vec!["show", "99999999999999999999.1"],
        vec!["show", ""],
        vec!["show", "-1.4"],
        vec!["show", "1 .4"],
        vec!["show", "1.4 2"],
        vec!["show", "9.9"],
        vec!["update", "1..4", "--status", "done"],
        vec!["update", "abc", "--note", "x"],
        vec!["update", "1.4", "--deadline", "2026-02-30"],
        vec!["update", "1.4", "--deadline", "26-1-1"],
        vec!["update", "1.4", "--deadline", "tomorrow?"],
        vec!["update", "1.4", "--deadline", "2026-1"],
        vec!["update", "1.4", "--deadline", "2026-00-10"],
        vec!["update", "1.4", "--progress", "101"],
        vec!["update", "1.4", "--progress", "-1"],
        vec!["update", "1.4", "--progress", "1e3"],
        vec!["update", "1.4", "--progress", "NaN"],
        vec!["update", "1.4", "--progress", "٥٠"],
        vec!["update", "1.4", "--status", "finished"],
        vec!["update", "1.4", "--status", ""],
        vec!["update", "1.4", "--status", "done", "--progress", "10"],
        vec!["update", "1.4"],
        vec!["update", "1.4", "--title", ""],
        vec!["update", "1.4", "--title", "a\u{1b}[31mred"],
        vec!["update", "1.4", "--lead", "组织科\u{7}"],
        vec!["update", "1.4", "--note", &big],
        vec!["note", "1.4", &big],
        vec!["note", "1.4", "  "],
        vec!["note", "1.4", "bell\u{7}"],
        vec!["note", "1.4", "esc\u{1b}]0;title\u{7}"],
        vec!["add", "--rec", "1", "--title", "", "--lead", "组织科"],
        vec!["add", "--rec", "0", "--title", "t", "--lead", "组织科"],
        vec!["add", "--rec", "-1", "--title", "t", "--lead", "组织科"],
        vec![
            "add",
            "--rec",
            "99999999999",
            "--title",
            "t",
            "--lead",
            "组织科",
        ],
        vec!["add", "--rec", "9", "--title", "t", "--lead", "组织科"],
        vec!["list", "--status", "closed"],
        vec!["list", "--due-within", "-3d"],
        vec!["list", "--rec", "1.5"],
        vec!["list", "--owner", ""],
        vec!["history", "--since", "yesterday!"],
        vec!["report", "--week", "2026-W54"],
        vec!["report", "--week", "2026-W0"],
        vec!["report", "--from", "2026-04-01", "--to", "2026-03-01"],
        vec!["--today", "2026-13-01", "list"],
        vec!["--lang", "fr", "list"],
        vec!["init", "--start", "2026-02-29"],
        vec!["units", "rename", "不存在", "x"],
        vec!["restore", "/nonexistent/file.json"],
    ];
    assert!(cases.len() >= 40);
    let before = l.dump();
    for args in &cases {
        let out = l.run(args);
        assert_ne!(out.code, 0, "{args:?} should fail");
        let msg = out.stderr.trim_end();
        assert!(
            !msg.is_empty() && !msg.contains('\n'),
            "{args:?}: one line expected, got {:?}",
            out.stderr
        );
        assert!(
            !msg.contains("panicked") && !msg.to_lowercase().contains("sqlite"),
            "{args:?}: {msg}"
        );
        assert!(
            !msg.contains('\u{1b}'),
            "{args:?}: escape sequence in the message"
        );
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
    }
    // A 1 MB note on standard input.
    let mut child = l
        .cmd()
        .args(["note", "1.4", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all("长".repeat(350_000).as_bytes());
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(
        msg.contains("too long") && msg.trim_end().lines().count() == 1,
        "{msg}"
    );
    // Invalid UTF-8 in an argument.
    let mut c = l.cmd();
    c.arg("note")
        .arg("1.4")
        .arg(OsString::from_vec(vec![0xff, 0xfe, b'a']));
    let out = run(&mut c);
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.trim_end().lines().count(), 1);
    assert_eq!(l.dump(), before);
}

#[test]
fn a_directory_a_foreign_file_or_a_read_only_ledger_is_refused() {
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path().join("sub");
    std::fs::create_dir(&dir).unwrap();
    l.run(&["--db", dir.to_str().unwrap(), "note", "1.1", "x"])
        .fails(1, &["is a directory"]);
    let foreign = l.dir.path().join("other.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = std::fs::read(&foreign).unwrap();
    l.run(&["--db", foreign.to_str().unwrap(), "list"])
        .fails(1, &["not a tracker ledger"]);
    assert!(
        std::fs::read(&foreign).unwrap() == before,
        "the foreign file was changed"
    );
    // Read-only: as root, file modes do not stop writes, so run as nobody where we are root.
    let ro = tempfile::Builder::new().prefix("ro").tempdir().unwrap();
    let db = ro.path().join("ledger.db");
    // A ledger file, whichever backend the suite runs on: file modes are a file's.
    l.run_in(&db, &["init", "--start", "2026-03-02"]).ok();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(ro.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = dump(&db);
    let out = crate::support::as_user(&db, ro.path(), &["note", "1.1", "x"]);
    assert_ne!(out.code, 0);
    let msg = out.stderr.trim_end();
    assert!(
        msg.contains("read-only") || msg.contains("cannot open"),
        "{msg}"
    );
    assert_eq!(msg.lines().count(), 1, "{msg}");
    assert_eq!(dump(&db), before);
}
