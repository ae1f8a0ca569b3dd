//! The everyday commands: init, list, show, update, note, add, history.

use crate::support::{Ledger, assert_aligned, dump, run, table_part};

#[test]
fn the_first_command_creates_and_seeds_the_ledger_and_says_so() {
    // At the default path of a file; a server's URL never creates (pg_backend's
    // a_missing_ledger_on_a_server_is_one_line_without_the_password).
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::new("2026-03-02");
    let out = l.run(&["list"]).ok();
    assert!(
        out.stderr.contains("created") && out.stderr.contains("16 tasks"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1);
    assert!(
        out.stdout.contains("1.4") && out.stdout.contains("建立非公有制"),
        "{}",
        out.stdout
    );
    // Second run: nothing created, nothing said.
    let again = l.run(&["list"]).ok();
    assert!(again.stderr.is_empty(), "{}", again.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&l.db).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "ledger readable by its owner only");
    }
}

#[test]
fn the_default_ledger_lives_in_the_data_dir() {
    let l = Ledger::new("2026-03-02");
    let out = crate::support::run(l.cmd().env_remove("TRACKER_DB").args(["list"])).ok();
    let expected = l.dir.path().join("data").join("tracker").join("tracker.db");
    assert!(expected.exists(), "{}", out.stderr);
    assert!(out.stderr.contains(&expected.display().to_string()));
}

#[test]
fn db_flag_beats_the_environment() {
    let l = Ledger::new("2026-03-02");
    let other = l.dir.path().join("other.db");
    l.run(&["--db", other.to_str().unwrap(), "init"]).ok();
    l.run(&["--db", other.to_str().unwrap(), "list"]).ok();
    assert!(other.exists());
    assert!(!l.db.exists());
}

#[test]
fn init_refuses_an_existing_ledger_unless_forced_and_keeps_the_old_file() {
    // The old file moved aside; on a server init never replaces (pg_backend's
    // init_makes_a_schema_named_tracker_unless_the_url_sets_a_search_path).
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--status", "done"]).ok();
    let before = l.dump();
    l.run(&["init"]).fails(1, &["already exists", "--force"]);
    assert_eq!(l.dump(), before);
    let out = l.run(&["init", "--force", "--start", "2026-04-01"]).ok();
    assert!(
        out.stdout.contains("kept the previous ledger"),
        "{}",
        out.stdout
    );
    let kept: Vec<_> = std::fs::read_dir(l.db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".replaced-"))
        .filter(|p| {
            !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert!(dump(&kept[0]).contains("'done'") || dump(&kept[0]).contains("\"done\""));
    let v = l.run(&["show", "1.4", "--format", "json"]).ok().json();
    assert_eq!(v["status"], "not-started");
    assert_eq!(v["deadline"], "2026-10-01");
}

#[test]
fn init_empty_creates_a_ledger_without_tasks() {
    let l = Ledger::new("2026-03-02");
    l.run(&["init", "--empty"]).ok();
    assert_eq!(
        l.run(&["list", "--all", "--format", "json"]).ok().json(),
        serde_json::json!([])
    );
    l.run(&["show", "1.1"])
        .fails(1, &["no task 1.1", "no tasks yet"]);
}

#[test]
fn init_start_defaults_to_today() {
    let l = Ledger::new("2026-05-04");
    l.run(&["init"]).ok();
    let v = l.run(&["show", "1.2", "--format", "json"]).ok().json();
    assert_eq!(v["deadline"], "2026-08-04");
}

#[test]
fn list_shows_open_tasks_and_counts_the_hidden_ones() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.4", "--status", "done"]).ok();
    l.run(&["update", "2.2", "--status", "cancelled"]).ok();
    let out = l.run(&["list"]).ok();
    assert!(!out.stdout.contains("\n1.4 "), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("14 tasks; 2 done or cancelled not shown"),
        "{}",
        out.stdout
    );
    let all = l.run(&["list", "--all", "--format", "json"]).ok().json();
    assert_eq!(all.as_array().unwrap().len(), 16);
    let done = l
        .run(&["list", "--status", "done", "--format", "json"])
        .ok()
        .json();
    assert_eq!(done[0]["id"], "1.4");
    assert_eq!(done[0]["health"], serde_json::Value::Null);
}

#[test]
fn list_filters_by_status_in_english_or_chinese_and_repeats() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "1.1", "--status", "in-progress"]).ok();
    l.run(&["update", "2.3", "--status", "受阻"]).ok();
    l.run(&["update", "3.1", "--status", "進行中"]).ok();
    let ids = |args: &[&str]| -> Vec<String> {
        let v = l.run(args).ok().json();
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&["list", "--status", "进行中", "--format", "json"]),
        ["1.1", "3.1"]
    );
    assert_eq!(
        ids(&[
            "list",
            "--status",
            "blocked",
            "--status",
            "in-progress",
            "--format",
            "json"
        ]),
        ["1.1", "2.3", "3.1"]
    );
    assert_eq!(
        ids(&[
            "list", "--rec", "2", "--status", "blocked", "--format", "json"
        ]),
        ["2.3"]
    );
}

#[test]
fn list_filters_by_owner_lead_or_support() {
    let l = Ledger::seeded("2026-03-02");
    let ids = |owner: &str| -> Vec<String> {
        let v = l
            .run(&["list", "--owner", owner, "--format", "json"])
            .ok()
            .json();
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("人才工作科"), ["3.1", "3.3", "3.4", "3.5"]);
    assert_eq!(ids("人事局"), ["3.2"]);
    // A unique part of a name is enough.
    assert_eq!(ids("党校"), ["2.6"]);
    l.run(&["list", "--owner", "组织"])
        .fails(1, &["ambiguous unit '组织'", "市委组织部", "组织科"]);
    l.run(&["list", "--owner", "财政局"])
        .fails(1, &["unknown unit '财政局'", "人事局"]);
}

#[test]
fn list_overdue_and_due_within_follow_today() {
    let l = Ledger::seeded("2026-03-02");
    // 1.2 and 2.4 are due 2026-06-02; 1.1, 1.4, 2.3, 3.1 on 2026-09-02.
    let ids = |today: &str, args: &[&str]| -> Vec<String> {
        let mut full = vec!["list", "--format", "json"];
        full.extend_from_slice(args);
        let v = l.run_on(today, &full).ok().json();
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(ids("2026-06-02", &["--overdue"]).is_empty());
    assert_eq!(ids("2026-06-03", &["--overdue"]), ["1.2", "2.4"]);
    assert_eq!(ids("2026-05-20", &["--due-within", "14d"]), ["1.2", "2.4"]);
    assert!(ids("2026-05-18", &["--due-within", "14d"]).is_empty());
    assert_eq!(
        ids("2026-08-20", &["--due-within", "2w"]),
        ["1.1", "1.2", "1.4", "2.3", "2.4", "3.1"]
    );
    l.run_on("2026-06-03", &["update", "1.2", "--status", "done"])
        .ok();
    assert_eq!(ids("2026-06-03", &["--overdue"]), ["2.4"]);
    let v = l
        .run_on("2026-06-03", &["list", "--format", "json"])
        .ok()
        .json();
    let health = |id: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()["health"]
            .clone()
    };
    assert_eq!(health("2.4"), "overdue");
    assert_eq!(health("1.1"), "on-track");
    let v = l
        .run_on("2026-08-25", &["list", "--format", "json"])
        .ok()
        .json();
    let health = |id: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()["health"]
            .clone()
    };
    assert_eq!(health("1.1"), "due-soon");
}

#[test]
fn list_sorts_by_deadline_and_status() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "3.5", "--status", "blocked"]).ok();
    l.run(&["update", "1.3", "--progress", "10"]).ok();
    let v = l
        .run(&["list", "--sort", "deadline", "--format", "json"])
        .ok()
        .json();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(&ids[..2], ["1.2", "2.4"]);
    let deadlines: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["deadline"].as_str().unwrap())
        .collect();
    assert!(deadlines.windows(2).all(|w| w[0] <= w[1]));
    let v = l
        .run(&["list", "--sort", "status", "--format", "json"])
        .ok()
        .json();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 16);
    // not-started first, then in-progress (1.3), then blocked (3.5).
    assert_eq!(&ids[14..], ["1.3", "3.5"]);
}

#[test]
fn list_json_has_the_documented_fields() {
    let l = Ledger::seeded("2026-03-02");
    let v = l.run(&["list", "--format", "json"]).ok().json();
    let t = &v[0];
    for key in [
        "id",
        "recommendation",
        "title",
        "text",
        "lead",
        "support",
        "deadline",
        "status",
        "progress",
        "health",
    ] {
        assert!(t.get(key).is_some(), "missing {key}: {t}");
    }
    assert_eq!(t["id"], "1.1");
    assert_eq!(t["recommendation"], 1);
    assert!(t["support"].is_array());
    assert_eq!(t["health"], "on-track");
}

#[test]
fn list_wraps_long_titles_to_the_terminal_keeping_every_character_and_word() {
    let l = Ledger::seeded("2026-03-02");
    let title = "Convene the city-wide conference on Party building in private enterprises";
    l.run(&[
        "update",
        "1.2",
        "--title",
        title,
        "--lead",
        "非公有制经济组织和社会组织党工委",
    ])
    .ok();
    // At 60 columns the fixed columns leave a title 6 columns: words longer are cut, but the
    // table still lines up.
    let narrow = run(l.cmd().env("COLUMNS", "60").args(["--lang", "en", "list"])).ok();
    assert_aligned(&table_part(&narrow.stdout), 60);
    for width in ["80", "100", "120"] {
        let out = run(l.cmd().env("COLUMNS", width).args(["--lang", "en", "list"])).ok();
        let table = table_part(&out.stdout);
        assert_aligned(&table, width.parse().unwrap());
        // 1.2's lines: the title's words in order, none cut; the lead's characters all there.
        let start = table.lines().position(|x| x.starts_with("1.2 ")).unwrap();
        let lines: Vec<&str> = table
            .lines()
            .skip(start)
            .take_while(|x| x.starts_with("1.2 ") || x.starts_with("    "))
            .collect();
        // The header is ASCII, and so is everything left of the lead on 1.2's lines.
        let header = table.lines().nth(1).unwrap();
        let (task, lead) = (header.find("Task").unwrap(), header.find("Lead").unwrap());
        let words: Vec<&str> = lines
            .iter()
            .map(|x| x[task..lead].trim())
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(words.join(" "), title, "{table}");
        let chinese: String = lines
            .iter()
            .flat_map(|x| x[lead..].chars())
            .filter(|c| !c.is_ascii())
            .collect();
        assert_eq!(chinese, "非公有制经济组织和社会组织党工委", "{table}");
    }
}

#[test]
fn list_table_lines_up_with_chinese_text_at_80_columns() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&[
        "update",
        "2.1",
        "--progress",
        "90",
        "--support",
        "市委组织部",
        "--support",
        "市委党校",
    ])
    .ok();
    for lang in ["zh", "en"] {
        let out = l.run(&["--lang", lang, "list"]).ok();
        let table = table_part(&out.stdout);
        assert_aligned(&table, 80);
        // Dates are never split across lines.
        assert_eq!(table.matches("2027-03-02").count(), 10, "{table}");
    }
    let zh = l.run(&["--lang", "zh", "list"]).ok().stdout;
    assert!(
        zh.contains("编号")
            && zh.contains("牵头单位")
            && zh.contains("未开始")
            && zh.contains("绿"),
        "{zh}"
    );
    let en = l.run(&["--lang", "en", "list"]).ok().stdout;
    assert!(
        en.contains("Deadline") && en.contains("not-started") && en.contains("on track"),
        "{en}"
    );
}

#[test]
fn lang_defaults_from_the_locale() {
    let l = Ledger::seeded("2026-03-02");
    let zh = crate::support::run(l.cmd().env("LANG", "zh_CN.UTF-8").arg("list"))
        .ok()
        .stdout;
    assert!(zh.contains("工作任务"), "{zh}");
    let en = crate::support::run(l.cmd().env("LANG", "en_US.UTF-8").arg("list"))
        .ok()
        .stdout;
    assert!(en.contains("Task"), "{en}");
}

#[test]
fn show_prints_every_field_units_and_history() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on(
        "2026-03-10T09:00:00",
        &[
            "update",
            "3.2",
            "--progress",
            "30",
            "--note",
            "已组建课题组",
            "--by",
            "李四",
        ],
    )
    .ok();
    let out = l
        .run_on("2026-03-10", &["--lang", "zh", "show", "3.2"])
        .ok();
    for needle in [
        "3.2",
        "开展人才发展战略课题研究",
        "有组织部、人事局牵头",
        "市委组织部",
        "人事局、人才工作协调小组",
        "2027-03-02",
        "进行中",
        "30%",
        "绿",
        "立足服务",
        "已组建课题组",
        "李四",
        "2026-03-10 09:00",
        "进度：0% -> 30%",
    ] {
        assert!(
            out.stdout.contains(needle),
            "missing {needle}:\n{}",
            out.stdout
        );
    }
    for part in out.stdout.split("\n\n") {
        assert_aligned(&table_part(part.trim_start_matches("历史\n")), 80);
    }
    let v = l.run(&["show", "3.2", "--format", "json"]).ok().json();
    assert_eq!(v["id"], "3.2");
    assert_eq!(v["status"], "in-progress");
    assert_eq!(v["lead"], "市委组织部");
    let history = v["history"].as_array().unwrap();
    let fields: Vec<&str> = history
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["created", "status", "progress"]);
    assert_eq!(history[1]["note"], "已组建课题组");
    assert_eq!(history[1]["actor"], "李四");
    assert_eq!(history[1]["at"], "2026-03-10T09:00:00+00:00");
}

#[test]
fn update_done_sets_progress_to_100_and_records_each_change() {
    let l = Ledger::seeded("2026-03-02");
    let out = l
        .run(&[
            "update",
            "1.4",
            "--status",
            "done",
            "--note",
            "10个联系点已建立",
        ])
        .ok();
    assert!(
        out.stdout.contains("status: not-started -> done")
            && out.stdout.contains("progress: 0% -> 100%"),
        "{}",
        out.stdout
    );
    let v = l.run(&["show", "1.4", "--format", "json"]).ok().json();
    assert_eq!(v["status"], "done");
    assert_eq!(v["progress"], 100);
    assert_eq!(v["health"], serde_json::Value::Null);
    let events = l.run(&["history", "1.4", "--format", "json"]).ok().json();
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(
        (
            events[1]["field"].as_str(),
            events[1]["old"].as_str(),
            events[1]["new"].as_str()
        ),
        (Some("status"), Some("not-started"), Some("done"))
    );
    assert_eq!(
        (
            events[2]["field"].as_str(),
            events[2]["old"].as_str(),
            events[2]["new"].as_str()
        ),
        (Some("progress"), Some("0"), Some("100"))
    );
    assert_eq!(events[1]["note"], "10个联系点已建立");
    assert_eq!(events[1]["actor"], "测试员");
    assert_eq!(events[1]["change"], events[2]["change"]);
}

#[test]
fn update_units_deadline_and_wording() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&[
        "update",
        "3.2",
        "--lead",
        "人事局",
        "--support",
        "市委组织部",
        "--deadline",
        "2026-12-31",
        "--title",
        "人才发展战略研究",
    ])
    .ok();
    let v = l.run(&["show", "3.2", "--format", "json"]).ok().json();
    assert_eq!(v["lead"], "人事局");
    assert_eq!(v["support"], serde_json::json!(["市委组织部"]));
    assert_eq!(v["deadline"], "2026-12-31");
    assert_eq!(v["title"], "人才发展战略研究");
    let fields: Vec<String> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}:{}>{}", e["field"], e["old"], e["new"]))
        .collect();
    assert_eq!(
        fields,
        [
            r#""created":null>"开展人才发展战略课题研究""#,
            r#""title":"开展人才发展战略课题研究">"人才发展战略研究""#,
            r#""deadline":"2027-03-02">"2026-12-31""#,
            r#""support":"人事局">null"#,
            r#""support":"人才工作协调小组">null"#,
            r#""lead":"市委组织部">"人事局""#,
            r#""support":null>"市委组织部""#,
        ]
    );
    l.run(&["update", "3.2", "--no-support", "--deadline", "none"])
        .ok();
    let v = l.run(&["show", "3.2", "--format", "json"]).ok().json();
    assert_eq!(v["support"], serde_json::json!([]));
    assert_eq!(v["deadline"], serde_json::Value::Null);
    assert_eq!(v["health"], "on-track");
}

#[test]
fn update_with_current_values_records_nothing() {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    let out = l
        .run(&[
            "update",
            "1.1",
            "--status",
            "not-started",
            "--progress",
            "0",
            "--lead",
            "组织科",
        ])
        .ok();
    assert!(out.stdout.contains("nothing changed"), "{}", out.stdout);
    assert_eq!(l.dump(), before);
}

#[test]
fn update_progress_starts_a_task() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["update", "2.1", "--progress", "40%"]).ok();
    let v = l.run(&["show", "2.1", "--format", "json"]).ok().json();
    assert_eq!(
        (v["status"].as_str(), v["progress"].as_u64()),
        (Some("in-progress"), Some(40))
    );
}

#[test]
fn note_records_progress_without_other_change() {
    let l = Ledger::seeded("2026-03-02");
    let out = l
        .run(&["note", "1.2", "已完成会议筹备方案初稿", "--by", "王五"])
        .ok();
    assert!(out.stdout.contains("1.2: note recorded"));
    let v = l.run(&["show", "1.2", "--format", "json"]).ok().json();
    assert_eq!(v["status"], "not-started");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["field"], "note");
    assert_eq!(last["note"], "已完成会议筹备方案初稿");
    assert_eq!(last["actor"], "王五");
    assert_eq!(last["old"], serde_json::Value::Null);
}

#[test]
fn add_takes_the_next_free_id() {
    let l = Ledger::seeded("2026-03-02");
    let out = l
        .run(&[
            "add",
            "--rec",
            "1",
            "--title",
            "建立党建指导员制度",
            "--lead",
            "组织科",
            "--support",
            "县区",
            "--deadline",
            "+3m",
        ])
        .ok();
    assert_eq!(out.stdout.trim(), "added 1.6");
    let v = l.run(&["show", "1.6", "--format", "json"]).ok().json();
    assert_eq!(v["title"], "建立党建指导员制度");
    assert_eq!(v["text"], "建立党建指导员制度");
    assert_eq!(v["deadline"], "2026-06-02");
    assert_eq!(v["support"], serde_json::json!(["县区"]));
    assert_eq!(v["history"][0]["field"], "created");
    let out = l
        .run(&["add", "--rec", "1", "--title", "第二项", "--lead", "组织科"])
        .ok();
    assert_eq!(out.stdout.trim(), "added 1.7");
    let v = l.run(&["show", "1.7", "--format", "json"]).ok().json();
    assert_eq!(v["deadline"], serde_json::Value::Null);
}

#[test]
fn add_starts_a_new_recommendation_only_with_its_headline() {
    let l = Ledger::seeded("2026-03-02");
    let before = l.dump();
    l.run(&[
        "add",
        "--rec",
        "4",
        "--title",
        "开展调研",
        "--lead",
        "组织科",
    ])
    .fails(
        1,
        &["no recommendation 4", "existing: 1, 2, 3", "--headline"],
    );
    assert_eq!(l.dump(), before);
    let out = l
        .run(&[
            "add",
            "--rec",
            "4",
            "--headline",
            "加强基层党组织建设",
            "--title",
            "开展调研",
            "--lead",
            "组织科",
        ])
        .ok();
    assert_eq!(out.stdout.trim(), "added 4.1");
    let v = l.run(&["show", "4.1", "--format", "json"]).ok().json();
    assert_eq!(v["recommendation_headline"], "加强基层党组织建设");
}

#[test]
fn history_lists_changes_oldest_first_and_filters() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on(
        "2026-03-09T10:00:00",
        &["update", "1.1", "--status", "in-progress"],
    )
    .ok();
    l.run_on("2026-03-16T10:00:00", &["note", "2.2", "已召开协调会"])
        .ok();
    l.run_on(
        "2026-03-17T10:00:00",
        &["update", "1.1", "--progress", "50"],
    )
    .ok();
    let all = l.run(&["history", "--format", "json"]).ok().json();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 16 + 3);
    let ats: Vec<&str> = all.iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert!(ats.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    for key in ["task", "field", "old", "new", "note", "actor", "at"] {
        assert!(all[0].get(key).is_some(), "missing {key}");
    }
    let since = l
        .run(&["history", "--since", "2026-03-16", "--format", "json"])
        .ok()
        .json();
    let tasks: Vec<&str> = since
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["task"].as_str().unwrap())
        .collect();
    assert_eq!(tasks, ["2.2", "1.1"]);
    let one = l.run(&["history", "1.1", "--format", "json"]).ok().json();
    let fields: Vec<&str> = one
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["created", "status", "progress"]);
    let table = l
        .run(&["--lang", "zh", "history", "--since", "2026-03-16"])
        .ok()
        .stdout;
    assert_aligned(&table, 80);
    assert!(
        table.contains("已召开协调会") && table.contains("2026-03-17 10:00"),
        "{table}"
    );
}

#[test]
fn today_comes_from_the_flag_or_the_environment() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["--today", "2026-07-01T08:30:00", "note", "1.1", "flag"])
        .ok();
    l.run_on("2026-07-02T08:30:00", &["note", "1.1", "env"])
        .ok();
    let v = l.run(&["history", "1.1", "--format", "json"]).ok().json();
    let ats: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    assert_eq!(
        ats,
        ["2026-07-01T08:30:00+00:00", "2026-07-02T08:30:00+00:00"]
    );
}

#[test]
fn the_actor_is_by_then_tracker_user() {
    let l = Ledger::seeded("2026-03-02");
    l.run(&["note", "1.1", "a"]).ok();
    l.run(&["note", "1.1", "b", "--by", "赵六"]).ok();
    let v = l.run(&["history", "1.1", "--format", "json"]).ok().json();
    let actors: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(actors, ["测试员", "测试员", "赵六"]);
}

#[test]
fn a_long_history_is_written_as_read_and_lines_up() {
    let l = Ledger::seeded("2026-03-02");
    // More than the 64 KiB the table is written out in, with wrapped Chinese notes: 100
    // notes of four clauses each (300 one-clause notes once: more bytes in a third of the
    // processes; 88 KB in English at 90 columns).
    let clause = "已召开专题会议研究部署，正在征求相关单位意见并汇总材料";
    for i in 0..100 {
        l.run(&[
            "note",
            &format!("{}.1", i % 3 + 1),
            &format!("第{i}次进展：{clause}；{clause}；{clause}；{clause}"),
        ])
        .ok();
    }
    for lang in ["zh", "en"] {
        let out = l
            .cmd()
            .env("COLUMNS", "90")
            .args(["--lang", lang, "history"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.len() > 1 << 16, "{} bytes", text.len());
        assert_aligned(&text, 90);
        assert!(text.contains("第0次进展") && text.contains("第99次进展"));
    }
    let json = l.run(&["history", "--format", "json"]).ok().json();
    assert_eq!(json.as_array().unwrap().len(), 16 + 100);
}
