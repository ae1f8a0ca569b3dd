//! `notice --all` for many units at once: the files are synced side by side and renamed
//! together (`output::commit_all`), with the notices recorded in one transaction whose cache is
//! sized for it. Every unit still gets its whole notice, under its own name, 0600, with no
//! temporary file left behind, and every listed task its `notice` event.

use std::io::Read;
use std::path::Path;

use crate::support::Ledger;

/// A seeded ledger plus one task led by each of `n` new units, each supported by the next.
fn ledger_with_units(n: usize) -> (Ledger, Vec<String>) {
    let l = Ledger::seeded("2026-09-01");
    let l = Ledger {
        today: "2026-11-30".into(),
        ..l
    };
    let units: Vec<String> = (1..=n).map(|i| format!("第{i}督查组")).collect();
    for (i, u) in units.iter().enumerate() {
        let next = &units[(i + 1) % n];
        l.run(&[
            "add",
            "--rec",
            "3",
            "--title",
            &format!("整改事项{i}"),
            "--lead",
            u,
            "--support",
            next,
            "--new-unit",
            "--deadline",
            "2026-12-31",
        ])
        .ok();
    }
    (l, units)
}

fn document_xml(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap())
        .unwrap_or_else(|e| panic!("{} is not a whole docx: {e}", path.display()));
    let mut s = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn every_unit_of_many_gets_its_whole_notice_and_no_temporary_file_is_left() {
    // More units than the writer's sync threads, so several files share a thread.
    let (l, units) = ledger_with_units(23);
    let out = l.dir.path().join("通知单");
    let run = l
        .run(&[
            "notice",
            "--all",
            "--reply-by",
            "2026-12-10",
            "--out",
            out.to_str().unwrap(),
        ])
        .ok();
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "a temporary file was left: {names:?}"
    );
    let printed = run.stdout.lines().count();
    assert_eq!(
        names.len(),
        printed,
        "one file per notice printed:\n{}",
        run.stdout
    );
    for u in &units {
        let mine: Vec<&String> = names
            .iter()
            .filter(|n| n.starts_with(&format!("{u}-督办〔2026〕")) && n.ends_with("号.docx"))
            .collect();
        assert_eq!(mine.len(), 1, "{u}: {names:?}");
        let path = out.join(mine[0]);
        let xml = document_xml(&path);
        assert!(xml.contains(&format!("{u}：")), "{u} is the addressee");
        assert!(xml.contains("督办通知单"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", path.display());
        }
    }
    // Each new unit's task is listed twice (its lead's notice and its supporter's), each
    // time recorded on it.
    let history = l.run(&["history", "--format", "json"]).ok().json();
    let tasks = l.run(&["list", "--format", "json"]).ok().json();
    for i in 0..units.len() {
        let title = format!("整改事项{i}");
        let id = tasks
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["title"] == title.as_str())
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let notices = history
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["task"] == id.as_str() && e["field"] == "notice")
            .count();
        assert_eq!(notices, 2, "{id} ({title})");
    }
}

#[test]
fn a_second_run_into_the_same_folder_writes_new_serials_beside_the_first() {
    let (l, _) = ledger_with_units(12);
    let out = l.dir.path().join("n");
    let args = [
        "notice",
        "--all",
        "--reply-by",
        "2026-12-10",
        "--out",
        out.to_str().unwrap(),
    ];
    let first = l.run(&args).ok().stdout.lines().count();
    // Another reply-by date: new notices (the same ones again would keep their serials).
    let mut again = args;
    again[3] = "2026-12-11";
    let second = l.run(&again).ok().stdout.lines().count();
    assert_eq!(first, second);
    let n = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(
        n,
        first + second,
        "the first run's files are all still there"
    );
}

/// The notices are made on every core: the files are byte for byte those made on one
/// (`TRACKER_THREADS=1`), each under its own unit's name and serial.
#[test]
fn notices_made_on_many_threads_are_those_made_on_one() {
    let (l, units) = ledger_with_units(9);
    let files = |threads: &str, folder: &str| -> Vec<(String, Vec<u8>)> {
        let out = l.dir.path().join(folder);
        let run = crate::support::run(
            l.cmd()
                .env("TRACKER_THREADS", threads)
                .args(["notice", "--all", "--reply-by", "2026-12-07", "--out"])
                .arg(&out),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut got: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, document_xml(&p).into_bytes())
            })
            .collect();
        got.sort();
        got
    };
    let one = files("1", "一");
    // The same notices again the same day keep their serials (nothing recorded twice).
    let many = files("4", "四");
    assert!(one.len() > units.len(), "one per unit with open tasks");
    assert_eq!(one, many);
    for u in &units {
        assert!(one.iter().any(|(name, xml)| name.starts_with(u.as_str())
            && String::from_utf8_lossy(xml).contains(&format!("{u}："))));
    }
}

/// A notice run dated before a task's latest change is refused (it is judged on the ledger as
/// it stands, `notice_as_of`), naming that change's day, although a run after every change
/// skips reading each task's latest change.
#[test]
fn a_notice_dated_before_a_later_change_is_refused_and_records_nothing() {
    let (l, _) = ledger_with_units(3);
    l.run(&[
        "note",
        "3.1",
        "已完成初稿",
        "--today",
        "2026-12-02T10:00:00",
    ])
    .ok();
    let before = l.run(&["history", "--format", "json"]).ok().stdout;
    let out = l.dir.path().join("早");
    let run = l.run(&[
        "notice",
        "--all",
        "--reply-by",
        "2026-12-07",
        "--today",
        "2026-12-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(run.stderr.contains("--today 2026-12-02"), "{}", run.stderr);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    assert_eq!(l.run(&["history", "--format", "json"]).ok().stdout, before);
    assert!(!out.exists(), "no notice written");
}
