//! `tracker collect` (issue 16 §3): answered sheets (rewritten here as a unit's spreadsheet
//! program would save them) collected into the ledger, and every refusal.

use std::path::PathBuf;

use proptest::prelude::*;

use crate::answer::*;
use crate::support::Ledger;

#[test]
fn a_returned_sheet_becomes_one_change_per_task_by_the_unit_with_a_labelled_note() {
    let (l, dir) = issued("zh");
    let (grid, name) = answered(&sheet_of(&dir, "组织科"), &answers_for_1_4_and_1_2());
    let back = l.dir.path().join(format!("组织科-{WEEK}.xlsx"));
    save_xlsx(&grid, &name, &back);
    let hash = sha256(&back);
    let before_11 = history(&l, "1.1").len();

    // A dry run shows per task what would change, and writes nothing.
    let before = l.dump();
    let dry = l
        .run_on(
            "2026-11-27T09:00:00",
            &[
                "--lang",
                "zh",
                "collect",
                back.to_str().unwrap(),
                "--dry-run",
            ],
        )
        .ok()
        .stdout;
    assert!(l.dump() == before, "a dry run writes nothing");
    let line = |id: &str| {
        dry.lines()
            .find(|l| l.trim_start().starts_with(id))
            .unwrap()
    };
    assert!(line("1.4").contains("0% -> 60%"), "{dry}");
    assert!(
        line("1.4").contains("【本周进展】已完成调研报告初稿"),
        "{dry}"
    );
    assert!(line("1.2").contains("已完成"), "{dry}");
    assert!(line("1.1").contains("无变化"), "{dry}");
    assert!(line("1.5").contains("无变化"), "{dry}");

    let out = l
        .run_on(
            "2026-11-27T09:00:00",
            &["--lang", "zh", "collect", back.to_str().unwrap()],
        )
        .ok();
    // A Chinese list is joined with 、 (issue 17 §6).
    assert!(out.stdout.contains("1.2、1.4"), "{}", out.stdout);

    let h14 = history(&l, "1.4");
    let new: Vec<&serde_json::Value> = h14.iter().filter(|e| e["actor"] == "组织科").collect();
    let fields: Vec<&str> = new.iter().map(|e| e["field"].as_str().unwrap()).collect();
    // The answers are a note event of their own in the same change (so an undo withdraws it).
    assert_eq!(fields, ["status", "progress", "note"], "{new:?}");
    assert_eq!(new[1]["new"], "60");
    assert_eq!(new[0]["new"], "in-progress");
    assert_eq!(new[0]["change"], new[1]["change"]);
    assert_eq!(new[0]["change"], new[2]["change"]);
    let note = new[2]["note"].as_str().unwrap();
    assert_eq!(
        note,
        format!(
            "【本周进展】已完成调研报告初稿 【存在问题】部分县区数据未报 【下步打算】12月上旬报审 【来源】组织科-{WEEK}.xlsx SHA-256 {hash}"
        )
    );
    let h12 = history(&l, "1.2");
    let new12: Vec<&serde_json::Value> = h12.iter().filter(|e| e["actor"] == "组织科").collect();
    assert_eq!(new12.len(), 3, "done, progress to 100, the note: {new12:?}");
    assert_eq!(new12[0]["new"], "done");
    assert_eq!(new12[1]["new"], "100");
    assert!(
        new12[2]["note"]
            .as_str()
            .unwrap()
            .starts_with("【本周进展】会议已召开 【来源】")
    );
    assert_eq!(
        history(&l, "1.1").len(),
        before_11,
        "an untouched task is unchanged"
    );

    // show and the report give the note in its labelled parts.
    // (show wraps the note at its spaces, so each part starts a line of the cell.)
    let show = crate::support::run(
        l.cmd()
            .env("COLUMNS", "200")
            .args(["--lang", "zh", "show", "1.4"]),
    )
    .ok()
    .stdout;
    for part in [
        "【本周进展】已完成调研报告初稿",
        "【存在问题】部分县区数据未报",
        "【下步打算】12月上旬报审",
    ] {
        assert!(show.contains(part), "{part} in {show}");
    }
    let report = l
        .run_on("2026-11-27", &["report", "--format", "json"])
        .ok()
        .json();
    let row = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "1.4")
        .unwrap();
    assert!(
        row["this_week"]
            .to_string()
            .contains("【下步打算】12月上旬报审")
    );

    // The unit has answered; the others have not.
    let missing = l
        .run_on(TODAY, &["collect", "--missing", "--week", WEEK])
        .ok()
        .stdout;
    assert!(!missing.contains("组织科"), "{missing}");
    assert!(
        missing.contains("县区") && missing.contains("人事局"),
        "{missing}"
    );
    assert_eq!(missing.lines().count(), 10);
}

#[test]
fn a_sheet_saved_as_csv_in_utf8_or_gb18030_is_collected_too() {
    let (l, dir) = issued("zh");
    let (grid, _) = answered(&sheet_of(&dir, "组织科"), &answers_for_1_4_and_1_2());
    let utf8 = l.dir.path().join("组织科.csv");
    save_csv(&grid, &utf8, false);
    l.run_on(TODAY, &["collect", utf8.to_str().unwrap()]).ok();
    let show = l
        .run_on(TODAY, &["show", "1.4", "--format", "json"])
        .ok()
        .json();
    assert_eq!(show["progress"], 60);

    let (grid, _) = answered(
        &sheet_of(&dir, "县区"),
        &[(3, STATUS, V::T("受阻")), (3, 7, V::T("缺少经费"))],
    );
    let gbk = l.dir.path().join("县区.csv");
    save_csv(&grid, &gbk, true);
    l.run_on(TODAY, &["collect", gbk.to_str().unwrap()]).ok();
    let h = history(&l, "1.3");
    let (status, last) = (&h[h.len() - 2], h.last().unwrap());
    assert_eq!(last["actor"], "县区");
    assert_eq!(status["new"], "blocked");
    assert!(
        last["note"]
            .as_str()
            .unwrap()
            .starts_with("【存在问题】缺少经费 【来源】县区.csv")
    );
}

/// Every refusal leaves the ledger as it was, on one line naming the file.
#[test]
fn refused_sheets_write_nothing_and_say_why() {
    let (l, dir) = issued("zh");
    let save = |edits: &[Edit], name: &str| -> PathBuf {
        let (grid, sheet) = answered(&sheet_of(&dir, "组织科"), edits);
        let p = l.dir.path().join(name);
        save_xlsx(&grid, &sheet, &p);
        p
    };
    let before = l.dump();
    let file = format!("组织科-{WEEK}.xlsx");
    // English messages name the column as the sheet does (the issue's form); zh ones are
    // Chinese throughout.
    let bad_progress = (
        format!("{file}!F7: 进度 must be a whole number 0–100"),
        format!("{file}!F7：进度须为 0–100 的整数"),
    );
    let cases: Vec<(Vec<Edit>, (String, String))> = vec![
        (vec![(R14, PROGRESS, V::N(101.0))], bad_progress.clone()),
        (vec![(R14, PROGRESS, V::N(4.5))], bad_progress.clone()),
        (vec![(R14, PROGRESS, V::N(-1.0))], bad_progress.clone()),
        (
            vec![(R14, PROGRESS, V::T("大约一半"))],
            bad_progress.clone(),
        ),
        (vec![(R14, PROGRESS, V::T("40.5%"))], bad_progress.clone()),
        (
            vec![(R14, STATUS, V::T("差不多了"))],
            (
                format!("{file}!E7: 状态 must be one of 未开始、进行中、受阻、已完成、已取消"),
                format!("{file}!E7：状态须为以下之一：未开始、进行中、受阻、已完成、已取消"),
            ),
        ),
        (
            vec![(R12, STATUS, V::T("已完成")), (R12, PROGRESS, V::N(40.0))],
            (
                format!("{file}!A5: task 1.2"),
                format!("{file}!A5：任务 1.2"),
            ),
        ),
    ];
    for (i, (edits, (en, zh))) in cases.iter().enumerate() {
        let sub = l.dir.path().join(format!("case{i}"));
        std::fs::create_dir_all(&sub).unwrap();
        let p = save(edits, &format!("case{i}/{file}"));
        let msg = l
            .run_on(TODAY, &["collect", p.to_str().unwrap()])
            .fails(1, &[&format!("error: {en}")]);
        assert!(!msg.contains("SQLite") && !msg.contains('\u{1b}'), "{msg}");
        l.run_on(TODAY, &["--lang", "zh", "collect", p.to_str().unwrap()])
            .fails(1, &[&format!("错误：{zh}")]);
        assert!(l.dump() == before, "case {i} wrote something");
    }

    // A task's row copied: answered twice.
    let (mut grid, sheet) = answered(&sheet_of(&dir, "组织科"), &[]);
    let copied = grid[R14 as usize].clone();
    grid.push(copied);
    let twice = l.dir.path().join("twice.xlsx");
    save_xlsx(&grid, &sheet, &twice);
    l.run_on(TODAY, &["collect", twice.to_str().unwrap()])
        .fails(1, &["twice.xlsx", "1.4", "twice", "rows 7 and 9"]);
    assert!(l.dump() == before);

    // Another ledger did not issue it.
    let other = Ledger::seeded("2026-03-02");
    let good = save(&answers_for_1_4_and_1_2(), &file);
    let other_before = other.dump();
    other
        .run_on(TODAY, &["collect", good.to_str().unwrap()])
        .fails(1, &[&file, "another ledger"]);
    assert!(other.dump() == other_before);

    // A task changed in the ledger since the sheet was issued: named; --force applies.
    l.run_on(
        "2026-11-26T15:00:00",
        &["update", "1.4", "--progress", "10"],
    )
    .ok();
    let changed = l.dump();
    l.run_on(TODAY, &["collect", good.to_str().unwrap()])
        .fails(1, &[&file, "1.4", "--force"]);
    assert!(l.dump() == changed);
    l.run_on(TODAY, &["collect", good.to_str().unwrap(), "--force"])
        .ok();
    let show = l
        .run_on(TODAY, &["show", "1.4", "--format", "json"])
        .ok()
        .json();
    assert_eq!(show["progress"], 60);

    // The same content again: refused, even under another name.
    let applied = l.dump();
    l.run_on(TODAY, &["collect", good.to_str().unwrap()])
        .fails(1, &["already collected"]);
    let copy = l.dir.path().join("副本.xlsx");
    std::fs::copy(&good, &copy).unwrap();
    l.run_on(TODAY, &["collect", copy.to_str().unwrap()])
        .fails(1, &["副本.xlsx", "already collected"]);
    assert!(l.dump() == applied);

    // Not a return sheet; not a spreadsheet at all.
    let ledger_book = l.dir.path().join("台账.xlsx");
    l.run_on(
        TODAY,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            ledger_book.to_str().unwrap(),
        ],
    )
    .ok();
    l.run_on(TODAY, &["collect", ledger_book.to_str().unwrap()])
        .fails(1, &["台账.xlsx", "not a return sheet"]);
    let junk = l.dir.path().join("junk.xlsx");
    std::fs::write(&junk, "hello").unwrap();
    l.run_on(TODAY, &["collect", junk.to_str().unwrap()])
        .fails(1, &["junk.xlsx", "damaged"]);
    l.run_on(TODAY, &["collect", "/nonexistent/x.xlsx"])
        .fails(1, &["cannot read"]);
    assert!(l.dump() == applied);
}

#[test]
fn missing_sheets_need_issued_ones() {
    let l = Ledger::seeded("2026-03-02");
    l.run_on(TODAY, &["collect", "--missing"])
        .fails(1, &["no sheets were issued", WEEK]);
    // A missing argument is named, in the run's language.
    // In Chinese a flag is named alone and a positional argument quoted (issue 17 §6).
    let cases: [(&[&str], &str, &str, &str); 2] = [
        (&["collect"], "<FILE>...", "'<FILE>...'", "collect"),
        (&["sheets"], "--out <DIR>", "--out（", "sheets"),
    ];
    for (args, missing, missing_zh, what) in cases {
        let en = l.run_on(TODAY, args).fails(
            2,
            &[&format!(
                "error: missing {missing}, which this command requires"
            )],
        );
        assert_eq!(en.trim().lines().count(), 1, "{what}: {en}");
        let mut zh_args = vec!["--lang", "zh"];
        zh_args.extend(args);
        let zh = l
            .run_on(TODAY, &zh_args)
            .fails(2, &[&format!("错误：缺少必需的参数 {missing_zh}")]);
        assert!(!zh.contains("required") && !zh.contains("provided"), "{zh}");
    }
    l.run_on(TODAY, &["collect", "--week", WEEK, "x.xlsx"])
        .fails(1, &["--week goes with --missing"]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A progress cell holding any number is accepted exactly when it is a whole number from
    /// 0 to 100, and otherwise refused by its cell.
    #[test]
    fn progress_cells_are_accepted_exactly_when_whole_and_within_0_to_100(
        n in prop_oneof![-200i32..300, 0i32..=100].prop_map(f64::from),
        frac in prop_oneof![Just(0.0), Just(0.5), Just(0.25)],
    ) {
        let (l, dir) = cached();
        let value = n + frac;
        let (grid, sheet) = answered(&sheet_of(dir, "组织科"), &[(R14, PROGRESS, V::N(value))]);
        let p = l.dir.path().join(format!("p{value}.xlsx"));
        save_xlsx(&grid, &sheet, &p);
        let out = l.run_on(TODAY, &["collect", p.to_str().unwrap(), "--dry-run"]);
        let ok = frac == 0.0 && (0.0..=100.0).contains(&value);
        prop_assert_eq!(out.code == 0, ok, "{} {}", value, out.stderr);
        if !ok {
            prop_assert!(out.stderr.contains("!F7: 进度 must be a whole number 0–100"), "{}", out.stderr);
        }
    }
}

/// One issued ledger shared by the property's cases (they only dry-run).
fn cached() -> &'static (Ledger, PathBuf) {
    static CELL: std::sync::OnceLock<(Ledger, PathBuf)> = std::sync::OnceLock::new();
    CELL.get_or_init(|| issued("zh"))
}

/// The answers of `edits` in 组织科's issued sheet, saved under `name` in the ledger's folder.
fn returned(l: &Ledger, dir: &std::path::Path, edits: &[Edit], name: &str) -> PathBuf {
    let (grid, sheet) = answered(&sheet_of(dir, "组织科"), edits);
    let p = l.dir.path().join(name);
    save_xlsx(&grid, &sheet, &p);
    p
}

#[test]
fn a_dry_run_refuses_what_the_collect_would_refuse() {
    let (l, dir) = issued("en");
    // 1.4 changed on a later day than the collect is dated: the change may not go before it.
    l.run_on("2026-11-28", &["update", "1.4", "--progress", "10"])
        .ok();
    let back = returned(&l, &dir, &answers_for_1_4_and_1_2(), "组织科-back.xlsx");
    let before = l.dump();
    for extra in [&["--dry-run", "--force"][..], &["--force"][..]] {
        let mut args = vec!["collect", back.to_str().unwrap()];
        args.extend(extra);
        l.run_on("2026-11-27", &args)
            .fails(1, &["cannot record a change to 1.4", "--today 2026-11-28"]);
        assert!(l.dump() == before, "{extra:?} wrote something");
    }
    // Dated on that day, both pass, and the dry run still writes nothing.
    let dry = l
        .run_on(
            "2026-11-28",
            &["collect", back.to_str().unwrap(), "--dry-run", "--force"],
        )
        .ok();
    assert!(dry.stdout.contains("10% -> 60%"), "{}", dry.stdout);
    assert!(l.dump() == before);
    l.run_on(
        "2026-11-28",
        &["collect", back.to_str().unwrap(), "--force"],
    )
    .ok();
}

#[test]
fn a_collect_by_the_clock_follows_a_change_later_the_same_day() {
    // No --today: the clock dates the sheets, the collect and its change.
    let (l, _) = issued("en");
    let clock = |args: &[&str]| crate::support::run(l.cmd().env_remove("TRACKER_TODAY").args(args));
    let dir = l.dir.path().join("now");
    clock(&[
        "sheets",
        "--owner",
        "组织科",
        "--out",
        dir.to_str().unwrap(),
    ])
    .ok();
    let sheet = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    // Another writer typed a time later today for 1.4.
    let day = chrono_free_today();
    let later = format!("{day}T23:59:59");
    clock(&["--today", &later, "update", "1.4", "--progress", "10"]).ok();
    let (grid, name) = answered(&sheet, &[(R14, PROGRESS, V::N(60.0))]);
    let back = l.dir.path().join("back.xlsx");
    save_xlsx(&grid, &name, &back);
    let out = clock(&["collect", back.to_str().unwrap(), "--force"]).ok();
    assert!(out.stdout.contains("1 task updated: 1.4"), "{}", out.stdout);
    let h = history(&l, "1.4");
    let last = h.last().unwrap();
    assert_eq!(last["actor"], "组织科");
    assert!(
        last["at"].as_str().unwrap().starts_with(&later),
        "moved up to the later change: {last}"
    );
}

/// Today by the machine's clock, as the ledger reads it (TZ=UTC in tests).
fn chrono_free_today() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = now.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn rows_of_tasks_reassigned_since_issue_are_passed_over_or_taken_with_force() {
    let (l, dir) = issued("en");
    l.run_on(
        "2026-11-26T10:00:00",
        &["update", "1.5", "--lead", "干部科"],
    )
    .ok();
    // Unanswered, 1.5's row is passed over: the rest of the sheet is collected.
    let plain = returned(&l, &dir, &answers_for_1_4_and_1_2(), "a.xlsx");
    let out = l.run_on(TODAY, &["collect", plain.to_str().unwrap()]).ok();
    assert!(
        out.stdout.contains("2 tasks updated: 1.2, 1.4"),
        "{}",
        out.stdout
    );

    // Answered, it is refused by its cell (nothing written), unless --force, which says so.
    let (l, dir) = issued("en");
    l.run_on(
        "2026-11-26T10:00:00",
        &["update", "1.5", "--lead", "干部科"],
    )
    .ok();
    let mut edits = answers_for_1_4_and_1_2();
    edits.push((7, 6, V::T("已移交干部科")));
    let answered_15 = returned(&l, &dir, &edits, "b.xlsx");
    let before = l.dump();
    let msg = l
        .run_on(
            TODAY,
            &["collect", answered_15.to_str().unwrap(), "--dry-run"],
        )
        .fails(
            1,
            &["b.xlsx!A8", "1.5", "no longer a task of 组织科", "--force"],
        );
    assert!(!msg.contains("SQLite"), "{msg}");
    l.run_on(
        TODAY,
        &["--lang", "zh", "collect", answered_15.to_str().unwrap()],
    )
    .fails(1, &["b.xlsx!A8：任务 1.5 已不属于 组织科"]);
    assert!(l.dump() == before);
    let out = l
        .run_on(
            TODAY,
            &["collect", answered_15.to_str().unwrap(), "--force"],
        )
        .ok();
    assert!(out.stdout.contains("1.2, 1.4, 1.5"), "{}", out.stdout);
    assert!(
        out.stderr
            .contains("applied to 1.5 with --force, though 组织科 no longer leads or supports it"),
        "{}",
        out.stderr
    );
    let h = history(&l, "1.5");
    assert!(
        h.last().unwrap()["note"]
            .as_str()
            .unwrap()
            .starts_with("【本周进展】已移交干部科"),
        "{h:?}"
    );
}

#[test]
fn a_sheet_whose_identity_names_a_week_not_issued_to_its_unit_is_refused() {
    let (l, dir) = issued("en");
    let (mut grid, sheet) = answered(&sheet_of(&dir, "组织科"), &answers_for_1_4_and_1_2());
    for (week, zh) in [("2026-W47", false), ("2026-W49", true)] {
        let calamine::Data::String(id) = &grid[0][9] else {
            panic!("identity cell")
        };
        let id = id.replace(WEEK, week).replace("2026-W47", week);
        grid[0][9] = calamine::Data::String(id);
        let p = l.dir.path().join(format!("{week}.xlsx"));
        save_xlsx(&grid, &sheet, &p);
        let before = l.dump();
        let mut args = vec!["collect", p.to_str().unwrap()];
        if zh {
            args.splice(0..0, ["--lang", "zh"]);
            l.run_on(TODAY, &args).fails(
                1,
                &[&format!("{week}.xlsx!J1："), "没有向该单位发出过反馈表"],
            );
        } else {
            l.run_on(TODAY, &args).fails(
                1,
                &[
                    &format!("{week}.xlsx!J1: the hidden identity names week {week} for 组织科"),
                    "no sheet was issued",
                ],
            );
        }
        assert!(l.dump() == before);
    }
}

#[test]
fn counts_in_english_messages_agree_with_their_nouns() {
    let (l, dir) = issued("en");
    let one = returned(&l, &dir, &[(R14, PROGRESS, V::N(60.0))], "one.xlsx");
    let out = l.run_on(TODAY, &["collect", one.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("1 task updated: 1.4"), "{}", out.stdout);
    assert!(
        out.stderr.contains("tracker: 1 file collected"),
        "{}",
        out.stderr
    );
    let bad = returned(&l, &dir, &[(R12, PROGRESS, V::N(101.0))], "bad.xlsx");
    let other = sheet_of(&dir, "县区");
    l.run_on(
        TODAY,
        &["collect", other.to_str().unwrap(), bad.to_str().unwrap()],
    )
    .fails(1, &["the other file was fine"]);
    let two = sheet_of(&dir, "人事局");
    let out = l
        .run_on(
            TODAY,
            &["collect", other.to_str().unwrap(), two.to_str().unwrap()],
        )
        .ok();
    assert!(out.stdout.contains("0 tasks updated"), "{}", out.stdout);
    assert!(out.stderr.contains("2 files collected"), "{}", out.stderr);
}

#[test]
fn answers_refused_as_note_text_say_so_wholly_in_chinese() {
    let (l, dir) = issued("zh");
    let long: &'static str = Box::leak("进".repeat(20_001).into_boxed_str());
    let cases: [(V, &str); 3] = [
        (
            V::T("进展\u{7}顺利"),
            "备注含有控制字符 U+0007：不接受控制字符（换行和制表符除外）",
        ),
        (V::T("进展\u{1b}[31m"), "备注含有控制字符 U+001B"),
        (V::T(long), "过长"),
    ];
    for (i, (answer, needle)) in cases.into_iter().enumerate() {
        let p = returned(&l, &dir, &[(R14, 6, answer)], &format!("z{i}.xlsx"));
        let before = l.dump();
        let zh = l
            .run_on(TODAY, &["--lang", "zh", "collect", p.to_str().unwrap()])
            .fails(1, &["错误：", needle]);
        for word in [
            "note",
            "contains",
            "control",
            "character",
            "accepted",
            "too long",
        ] {
            assert!(!zh.contains(word), "{word} in {zh}");
        }
        assert!(l.dump() == before);
        // English stays as it was.
        l.run_on(TODAY, &["collect", p.to_str().unwrap()])
            .fails(1, &["note"]);
    }
}

#[test]
fn the_source_line_shows_a_short_hash_in_the_report_and_workbooks_and_the_full_one_elsewhere() {
    let (l, dir) = issued("zh");
    let back = returned(&l, &dir, &answers_for_1_4_and_1_2(), "组织科回表.xlsx");
    let hash = sha256(&back);
    let (full, short) = (
        format!("【来源】组织科回表.xlsx SHA-256 {hash}"),
        format!("【来源】组织科回表.xlsx SHA-256 {}", &hash[..8]),
    );
    l.run_on(TODAY, &["collect", back.to_str().unwrap()]).ok();
    // The report, in every text format and as a workbook: the short form only.
    for format in ["table", "markdown", "csv", "html"] {
        let out = crate::support::run(
            l.cmd()
                .env("COLUMNS", "400")
                .env("TRACKER_TODAY", TODAY)
                .args(["--lang", "zh", "report", "--format", format]),
        )
        .ok()
        .stdout;
        let flat: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&short) || out.contains(&hash[..8]),
            "{format}: {out}"
        );
        assert!(!out.contains(&hash), "{format}: the full hash in {out}");
    }
    let book_path = l.dir.path().join("台账.xlsx");
    l.run_on(
        TODAY,
        &[
            "--lang",
            "zh",
            "export",
            "--format",
            "xlsx",
            "--out",
            book_path.to_str().unwrap(),
        ],
    )
    .ok();
    let book = crate::books::Book::open(&book_path);
    let cells: Vec<String> = book
        .sheet("台账")
        .values()
        .map(|d| d.to_string())
        .filter(|t| t.contains("【来源】"))
        .collect();
    assert!(!cells.is_empty());
    for c in &cells {
        assert!(c.contains(&short) && !c.contains(&hash), "{c}");
    }
    let report_book = l.dir.path().join("周报.xlsx");
    l.run_on(
        TODAY,
        &[
            "--lang",
            "zh",
            "report",
            "--format",
            "xlsx",
            "--out",
            report_book.to_str().unwrap(),
        ],
    )
    .ok();
    let book = crate::books::Book::open(&report_book);
    let texts: Vec<String> = book
        .sheets
        .iter()
        .flat_map(|(_, c)| c.values().map(|d| d.to_string()))
        .filter(|t| t.contains("【来源】"))
        .collect();
    assert!(!texts.is_empty());
    assert!(
        texts
            .iter()
            .all(|t| t.contains(&short) && !t.contains(&hash)),
        "{texts:?}"
    );
    // show, history and the export keep the whole hash.
    let show = crate::support::run(l.cmd().env("COLUMNS", "400").args(["show", "1.4"]))
        .ok()
        .stdout;
    assert!(show.contains(&hash), "{show}");
    assert!(
        history(&l, "1.4")
            .iter()
            .any(|e| e["note"].as_str().is_some_and(|n| n.contains(&full)))
    );
    let export = l.run(&["export"]).ok().stdout;
    assert!(export.contains(&full));
}
