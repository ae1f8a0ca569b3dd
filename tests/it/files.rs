//! Files tracker writes (`report --out`, `export --out`, `backup`, the copy before an upgrade):
//! never the ledger, devices and FIFOs written in place, links followed, modes kept, a
//! damaged ledger gives no backup, and a failure names the file. Kills: `kills.rs`; colour and
//! closed pipes: `streams.rs`.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

use proptest::prelude::Strategy;

use crate::support::Ledger;

/// Every way of writing a file: the command line with the file name at the end.
const WRITERS: &[&[&str]] = &[
    &["report", "--out"],
    &["report", "--format", "html", "--out"],
    &["report", "--format", "csv", "--out"],
    &["export", "--out"],
    &["backup"],
];

fn with_file<'a>(cmd: &[&'a str], file: &'a str) -> Vec<&'a str> {
    let mut v = cmd.to_vec();
    v.push(file);
    v
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn no_command_writes_over_the_ledger_or_its_side_files() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    l.run(&["note", "1.1", "已报送"]).ok();
    let dir = l.dir.path();
    let db = l.db.to_str().unwrap().to_string();
    // Side files that exist (made here so they can be compared by inode) and names beside it.
    let side = |s: &str| format!("{db}{s}");
    std::fs::write(side("-journal"), b"").unwrap();
    let link = dir.join("link-to-ledger");
    std::os::unix::fs::symlink(&l.db, &link).unwrap();
    let hard = dir.join("hard-link");
    std::fs::hard_link(&l.db, &hard).unwrap();
    let relative = format!("{}/data/../data/tracker/./tracker.db", dir.display());
    let targets = [
        db.clone(),
        side("-wal"),
        side("-shm"),
        side("-journal"),
        link.to_str().unwrap().to_string(),
        hard.to_str().unwrap().to_string(),
        relative,
    ];
    let bytes = std::fs::read(&l.db).unwrap();
    let before = l.dump();
    for cmd in WRITERS {
        for t in &targets {
            let out = l.run(&with_file(cmd, t));
            let msg = out.fails(1, &["ledger"]);
            assert!(!msg.contains("panicked"), "{cmd:?} {t}: {msg}");
            assert_eq!(
                std::fs::read(&l.db).unwrap(),
                bytes,
                "{cmd:?} {t} changed the ledger"
            );
        }
    }
    assert_eq!(l.dump(), before);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
}

#[test]
fn devices_and_fifos_are_written_in_place_and_stdout_works() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    for cmd in WRITERS {
        l.run(&with_file(cmd, "/dev/null")).ok();
        let m = std::fs::metadata("/dev/null").unwrap();
        assert!(m.file_type().is_char_device(), "{cmd:?} replaced /dev/null");
        // A FIFO gets the bytes and stays a FIFO.
        let fifo = l.dir.path().join("pipe");
        let _ = std::fs::remove_file(&fifo);
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut v = Vec::new();
                std::fs::File::open(&fifo)
                    .unwrap()
                    .read_to_end(&mut v)
                    .unwrap();
                v
            })
        };
        l.run(&with_file(cmd, fifo.to_str().unwrap())).ok();
        let got = reader.join().unwrap();
        assert!(
            got.len() > 100,
            "{cmd:?}: {} bytes through the FIFO",
            got.len()
        );
        assert!(
            std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
            "{cmd:?}"
        );
    }
    // /dev/stdout is standard output, for reports and exports alike.
    let out = l
        .run(&["report", "--format", "json", "--out", "/dev/stdout"])
        .ok();
    assert!(out.json()["rows"].is_array());
    let out = l.run(&["export", "--out", "/dev/stdout"]).ok();
    assert!(out.json()["tasks"].is_array());
    let out = l.cmd().args(["backup", "/dev/stdout"]).output().unwrap();
    assert!(out.status.success());
    assert!(
        out.stdout.starts_with(b"SQLite format 3\0"),
        "a backup streams the database bytes"
    );
}

#[test]
fn a_symlink_keeps_pointing_at_its_target_which_is_replaced() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path();
    std::fs::create_dir(dir.join("shared")).unwrap();
    for (i, cmd) in WRITERS.iter().enumerate().filter(|(_, c)| c[0] != "backup") {
        let target = dir.join("shared").join(format!("t{i}.txt"));
        std::fs::write(&target, "old").unwrap();
        let link = dir.join(format!("link{i}"));
        std::os::unix::fs::symlink(&target, &link).unwrap();
        l.run(&with_file(cmd, link.to_str().unwrap())).ok();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_ne!(std::fs::read_to_string(&target).unwrap(), "old", "{cmd:?}");
        // A link to a file not there yet: the file is made where the link points.
        let dangling = dir.join(format!("dangling{i}"));
        let later = dir.join("shared").join(format!("new{i}.txt"));
        std::os::unix::fs::symlink(&later, &dangling).unwrap();
        l.run(&with_file(cmd, dangling.to_str().unwrap())).ok();
        assert!(later.metadata().unwrap().len() > 0, "{cmd:?}");
    }
    // Nothing temporary is left behind, beside the link or the target.
    assert!(
        listing(&dir.join("shared"))
            .iter()
            .all(|n| !n.starts_with('.')),
        "{:?}",
        listing(&dir.join("shared"))
    );
    assert!(
        listing(dir).iter().all(|n| !n.starts_with('.')),
        "{:?}",
        listing(dir)
    );
}

#[test]
fn a_planted_link_at_a_temporary_name_is_never_written_through() {
    if crate::support::sqlite_only() {
        return;
    }
    // The old scheme's temporary name was `.NAME.tmp-PID`: plant links at every such name a
    // child could get soon, pointing at a file that must stay as it is.
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path();
    let victim = dir.join("victim");
    std::fs::write(&victim, "keep").unwrap();
    let me = std::process::id();
    for pid in me..me + 200 {
        let _ = std::os::unix::fs::symlink(&victim, dir.join(format!(".week.txt.tmp-{pid}")));
    }
    let week = dir.join("week.txt");
    l.run(&["report", "--out", week.to_str().unwrap()]).ok();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert!(std::fs::read_to_string(&week).unwrap().contains("2026-W10"));
}

#[test]
fn modes_are_kept_and_whole_ledger_copies_are_private() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path();
    for m in [0o600, 0o640, 0o604] {
        let f = dir.join(format!("kept{m:o}.txt"));
        std::fs::write(&f, "old").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(m)).unwrap();
        l.run(&["report", "--out", f.to_str().unwrap()]).ok();
        assert_eq!(mode(&f), m, "report over a {m:o} file");
        l.run(&["export", "--out", f.to_str().unwrap()]).ok();
        assert_eq!(mode(&f), m, "export over a {m:o} file");
    }
    let export = dir.join("all.json");
    l.run(&["export", "--out", export.to_str().unwrap()]).ok();
    assert_eq!(mode(&export), 0o600);
    let backup = dir.join("copy.db");
    l.run(&["backup", backup.to_str().unwrap()]).ok();
    assert_eq!(mode(&backup), 0o600);
    // A new report gets what any new file gets here (the umask is the test's own).
    let report = dir.join("new.txt");
    l.run(&["report", "--out", report.to_str().unwrap()]).ok();
    assert_eq!(mode(&report) & 0o600, 0o600);
}

/// Damages the b-tree headers of two indexes' root pages: the ledger still opens (its schema
/// is whole), but `PRAGMA integrity_check` fails.
fn damage(db: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let roots: Vec<u64> = {
        let c = rusqlite::Connection::open(db).unwrap();
        let mut s = c
            .prepare(
                "SELECT rootpage FROM sqlite_master WHERE name IN ('events_at', 'tasks_deadline')",
            )
            .unwrap();
        s.query_map([], |r| r.get::<_, i64>(0))
            .unwrap()
            .map(|r| r.unwrap() as u64)
            .collect()
    };
    assert_eq!(roots.len(), 2);
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    for page in roots {
        f.seek(SeekFrom::Start((page - 1) * 4096 + 3)).unwrap();
        f.write_all(&[0x7f, 0x7f]).unwrap();
    }
}

#[test]
fn a_damaged_ledger_gives_no_backup_and_says_so() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    damage(&l.db);
    let dest = l.dir.path().join("copy.db");
    let said = l
        .run(&["backup", dest.to_str().unwrap()])
        .fails(1, &["integrity", "damaged", "no copy", "tracker export"]);
    // In plain words: never SQLite's list of damaged pages.
    assert_eq!(said.trim_end().lines().count(), 1, "{said}");
    for raw in ["***", "Tree ", "page ", "btree"] {
        assert!(!said.contains(raw), "{said}");
    }
    l.run(&["--lang", "zh", "backup", dest.to_str().unwrap()])
        .fails(1, &["已损坏", "完整性检查", "未保留副本"]);
    assert!(!dest.exists());
    assert!(
        listing(l.dir.path()).iter().all(|n| !n.contains("copy")),
        "{:?}",
        listing(l.dir.path())
    );
}

#[test]
fn a_write_that_fails_names_the_file_in_one_line_and_leaves_nothing() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let dir = l.dir.path();
    let missing = dir.join("没有的文件夹").join("周报.txt");
    for cmd in WRITERS {
        let m = missing.to_str().unwrap();
        l.run(&with_file(cmd, m)).fails(1, &[m, "does not exist"]);
        l.run(&with_file(cmd, "/dev/full"))
            .fails(1, &["/dev/full", "the disk is full"]);
        l.run(&with_file(cmd, dir.to_str().unwrap()))
            .fails(1, &["folder"]);
    }
    assert!(!missing.parent().unwrap().exists());
    assert!(
        listing(dir).iter().all(|n| !n.starts_with('.')),
        "{:?}",
        listing(dir)
    );
}

/// Where a chain of links ends: the ledger, one of its side files, another file, or a name
/// not there yet.
#[derive(Debug, Clone, Copy)]
enum End {
    Ledger(usize),
    Other,
    New,
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]
    /// Random chains of links (relative or absolute, through `sub/..`) to the ledger, a side
    /// file, another file or a new one: refused exactly when they end at the ledger's files.
    #[test]
    fn any_chain_of_links_to_the_ledger_is_refused(
        end in proptest::prop_oneof![
            (0usize..4).prop_map(End::Ledger),
            proptest::strategy::Just(End::Other),
            proptest::strategy::Just(End::New),
        ],
        hops in proptest::collection::vec(proptest::bool::ANY, 0..4),
        detour in proptest::bool::ANY,
    ) {
        // The ledger's own files and their side files: a server ledger has none.
        if crate::support::sqlite_only() {
            return Ok(());
        }
        let l = Ledger::seeded("2026-03-02");
        let dir = l.dir.path();
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let db = l.db.display().to_string();
        for s in ["-wal", "-shm", "-journal"] {
            let p = format!("{db}{s}");
            if !Path::new(&p).exists() {
                std::fs::write(&p, b"").unwrap();
            }
        }
        let other = dir.join("other.txt");
        std::fs::write(&other, "old").unwrap();
        let mut target: PathBuf = match end {
            End::Ledger(0) => l.db.clone(),
            End::Ledger(i) => PathBuf::from(format!("{db}{}", ["", "-wal", "-shm", "-journal"][i])),
            End::Other => other.clone(),
            End::New => dir.join("new.txt"),
        };
        for (i, absolute) in hops.iter().enumerate() {
            let link = dir.join(format!("hop{i}"));
            if *absolute {
                std::os::unix::fs::symlink(&target, &link).unwrap();
            } else {
                let rel = pathdiff(&target, dir);
                std::os::unix::fs::symlink(rel, &link).unwrap();
            }
            target = link;
        }
        let name = if detour {
            let t = target.strip_prefix(dir).unwrap().to_path_buf();
            dir.join("sub").join("..").join(t)
        } else {
            target
        };
        let bytes = std::fs::read(&l.db).unwrap();
        let out = l.run(&["report", "--out", name.to_str().unwrap()]);
        match end {
            End::Ledger(_) => {
                out.fails(1, &["ledger"]);
                proptest::prop_assert_eq!(std::fs::read(&l.db).unwrap(), bytes);
            }
            End::Other => {
                out.ok();
                proptest::prop_assert!(std::fs::read_to_string(&other).unwrap().contains("2026-W10"));
            }
            End::New => {
                out.ok();
                proptest::prop_assert!(dir.join("new.txt").exists());
            }
        }
    }
}

/// `target` relative to `dir` when it is inside it, else as it is.
fn pathdiff(target: &Path, dir: &Path) -> PathBuf {
    target
        .strip_prefix(dir)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| target.to_path_buf())
}

#[test]
fn a_ledger_reached_by_a_link_is_protected_under_its_real_name() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    let link = l.dir.path().join("台账链接.db");
    std::os::unix::fs::symlink(&l.db, &link).unwrap();
    let before = std::fs::read(&l.db).unwrap();
    for side in ["", "-wal", "-shm", "-journal"] {
        let target = format!("{}{side}", l.db.display());
        for cmd in WRITERS {
            let mut c = l.cmd();
            c.env("TRACKER_DB", &link).args(with_file(cmd, &target));
            crate::support::run(&mut c).fails(1, &["ledger"]);
        }
    }
    assert_eq!(std::fs::read(&l.db).unwrap(), before);
}

/// The line that names a file written shows its name escaped, as errors do: a name with an
/// escape sequence or a line break neither acts on the terminal nor splits the line.
#[test]
fn the_written_file_is_named_escaped() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::seeded("2026-03-02");
    for (args, name) in [
        (
            &["report", "--format", "html", "--out"][..],
            "a\u{1b}[31mred.html",
        ),
        (&["report", "--format", "docx", "--out"], "b\nx.docx"),
        (&["export", "--out"], "c\u{202e}d.json"),
    ] {
        let path = l.dir.path().join(name);
        let mut full = args.to_vec();
        full.push(path.to_str().unwrap());
        let out = l.run(&full).ok();
        assert!(path.exists(), "{name:?}");
        let err = out.stderr.trim_end();
        assert_eq!(err.lines().count(), 1, "{err:?}");
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{202e}'),
            "{err:?}"
        );
    }
}

/// The folders `init` makes for a new ledger, named or at the default path, are 0700 whatever
/// the umask, as every folder tracker makes (18l #6).
#[test]
fn the_folders_a_new_ledger_is_made_in_are_private() {
    if crate::support::sqlite_only() {
        return;
    }
    let l = Ledger::new("2026-11-30");
    let named = l.dir.path().join("new").join("sub");
    crate::support::run(l.cmd().arg("--db").arg(named.join("x.db")).arg("init")).ok();
    let xdg = l.dir.path().join("xdg-new");
    crate::support::run(
        l.cmd()
            .env_remove("TRACKER_DB")
            .env("XDG_DATA_HOME", &xdg)
            .arg("init"),
    )
    .ok();
    assert!(xdg.join("tracker").join("tracker.db").is_file());
    for folder in [
        l.dir.path().join("new"),
        named,
        xdg.clone(),
        xdg.join("tracker"),
    ] {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
    }
}
