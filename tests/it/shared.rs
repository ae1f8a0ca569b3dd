//! Several clerks on one machine (`init --shared GROUP`): the modes and groups of the ledger,
//! its folder and SQLite's side files, two users writing through the group, and refusals that
//! name the owner, the group or the folder in the way.
//!
//! Permissions only mean something to a user who is not root, so each test creates
//! throwaway users and groups (`useradd`, `groupadd`; names unique to the test, removed when it
//! ends, even on failure) and runs the binary as them with `setpriv`. Not root: each test says
//! it was skipped and passes.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::opening::ledger_from_fixture;
use crate::support::{Output, dump, run};

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n")
        && Command::new("setpriv").arg("--version").output().is_ok()
}

/// `useradd`/`groupadd`/`usermod` retry while another process holds `/etc/passwd`'s lock
/// (exit 10), as another test creating its own users may.
fn admin(args: &[&str]) {
    for _ in 0..100 {
        let out = Command::new(args[0]).args(&args[1..]).output().unwrap();
        match out.status.code() {
            Some(0) => return,
            Some(10) => std::thread::sleep(std::time::Duration::from_millis(50)),
            _ => panic!("{args:?}: {}", String::from_utf8_lossy(&out.stderr)),
        }
    }
    panic!("{args:?}: /etc/passwd stayed locked");
}

/// Throwaway users and groups for one test, removed on drop; and a folder they may all
/// enter and create in (like `/tmp`), holding the test's files.
struct Office {
    tag: String,
    users: Vec<String>,
    groups: Vec<String>,
    root: tempfile::TempDir,
}

impl Office {
    fn new() -> Option<Office> {
        if !is_root() {
            eprintln!("note: skipped: not root, so no throwaway users can be made");
            return None;
        }
        static N: AtomicU32 = AtomicU32::new(0);
        let tag = format!(
            "trk{}x{}",
            std::process::id() % 1_000_000,
            N.fetch_add(1, Ordering::SeqCst)
        );
        let root = tempfile::Builder::new().prefix("shared").tempdir().unwrap();
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
        Some(Office {
            tag,
            users: Vec::new(),
            groups: Vec::new(),
            root,
        })
    }

    fn group(&mut self, name: &str) -> String {
        let g = format!("{}{name}", self.tag);
        admin(&["groupadd", &g]);
        self.groups.push(g.clone());
        g
    }

    /// A user whose own group is a new private one, and who is also in `groups`.
    fn user(&mut self, name: &str, groups: &[&str]) -> String {
        let u = format!("{}{name}", self.tag);
        let own = self.group(&format!("{name}own"));
        let mut args = vec!["useradd", "-M", "-N", "-g", &own];
        let list = groups.join(",");
        if !groups.is_empty() {
            args.extend(["-G", &list]);
        }
        args.push(&u);
        admin(&args);
        self.users.push(u.clone());
        u
    }

    fn dir(&self) -> &Path {
        self.root.path()
    }

    /// Runs tracker as `user` with the groups the group database gives them.
    fn run_as(&self, user: &str, db: &Path, args: &[&str]) -> Output {
        run(self.cmd(user, db, true).args(args))
    }

    fn cmd(&self, user: &str, db: &Path, init_groups: bool) -> Command {
        let mut c = Command::new("setpriv");
        c.args(["--reuid", user, "--regid", &gid_of_user(user).to_string()]);
        c.arg(if init_groups {
            "--init-groups"
        } else {
            "--clear-groups"
        });
        c.arg(env!("CARGO_BIN_EXE_tracker"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TZ", "UTC")
            .env("LANG", "C")
            .env("TRACKER_USER", user)
            .env("HOME", self.dir())
            .env("XDG_CONFIG_HOME", self.dir().join("no-config"))
            .env("TRACKER_TODAY", "2026-03-09")
            .env("TRACKER_DB", db)
            .env("COLUMNS", "80");
        c
    }
}

impl Drop for Office {
    fn drop(&mut self) {
        // Retried like `admin`, but never panicking in a drop.
        let remove = |tool: &str, name: &str| {
            for _ in 0..100 {
                match Command::new(tool).arg(name).status().map(|s| s.code()) {
                    Ok(Some(10)) => std::thread::sleep(std::time::Duration::from_millis(50)),
                    _ => return,
                }
            }
        };
        for u in &self.users {
            remove("userdel", u);
        }
        for g in self.groups.iter().rev() {
            remove("groupdel", g);
        }
    }
}

fn id(flag: &str, name: &str) -> u32 {
    let out = Command::new("id").args([flag, name]).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn gid_of_user(user: &str) -> u32 {
    id("-g", user)
}

fn gid_of(group: &str) -> u32 {
    let out = Command::new("getent")
        .args(["group", group])
        .output()
        .unwrap();
    let line = String::from_utf8(out.stdout).unwrap();
    line.split(':').nth(2).unwrap().trim().parse().unwrap()
}

/// Mode bits (with setgid) and group of `path`.
fn mode_group(path: &Path) -> (u32, u32) {
    let m = std::fs::metadata(path).unwrap();
    (m.mode() & 0o7777, m.gid())
}

fn side(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

/// A tracker paused with the ledger open; killed when dropped (a failed assertion included),
/// so that its user can be removed.
struct Paused(std::process::Child);

impl Drop for Paused {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `args` as `user`, paused at `point` (`TRACKER_TEST_PAUSE`) with the ledger open.
fn paused(o: &Office, user: &str, db: &Path, point: &str, args: &[&str]) -> Paused {
    let mut child = o
        .cmd(user, db, true)
        .env("TRACKER_TEST_PAUSE", point)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let reached = BufReader::new(child.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .any(|l| l.contains(&format!("paused at {point}")));
    let child = Paused(child);
    assert!(reached, "{args:?} never reached {point}");
    child
}

#[test]
fn shared_init_gives_the_file_its_folder_and_the_write_ahead_log_to_the_group_only() {
    if crate::support::sqlite_only() {
        return;
    }
    let Some(mut o) = Office::new() else { return };
    let g = o.group("clerks");
    let a = o.user("a", &[&g]);
    let gid = gid_of(&g);
    let db = o.dir().join("督办").join("tracker.db");
    let out = o.run_as(&a, &db, &["init", "--shared", &g]).ok();
    assert!(out.stdout.contains("created"), "{}", out.stdout);
    assert!(
        out.stdout.contains(&format!("shared with group {g}")),
        "{}",
        out.stdout
    );
    assert_eq!(mode_group(&db), (0o660, gid), "the ledger");
    assert_eq!(std::fs::metadata(&db).unwrap().uid(), id("-u", &a));
    assert_eq!(
        mode_group(db.parent().unwrap()),
        (0o2770, gid),
        "its folder"
    );
    // During a write (paused before its commit), SQLite's side files exist, made by the
    // writer: the ledger's mode, and the folder's group (not the writer's own group).
    let child = paused(
        &o,
        &a,
        &db,
        "before-commit",
        &["units", "rename", "组织科", "组织处"],
    );
    for suffix in ["-wal", "-shm"] {
        let f = side(&db, suffix);
        assert_eq!(mode_group(&f), (0o660, gid), "{suffix}");
        assert_ne!(gid, gid_of_user(&a), "the writer's own group differs");
    }
    drop(child);
    // A folder above the ledger's that the group cannot pass through is pointed out.
    let home = o.dir().join("a-home");
    std::fs::create_dir(&home).unwrap();
    std::os::unix::fs::chown(&home, Some(id("-u", &a)), None).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
    let inner = home.join("督办").join("tracker.db");
    let out = o
        .run_as(&a, &inner, &["init", "--shared", &g, "--empty"])
        .ok();
    let note = format!(
        "the folder {} (mode 0700) does not let group {g} through",
        home.display()
    );
    assert!(out.stderr.contains(&note), "{}", out.stderr);
    // Without --shared nothing changes: a private ledger, 0600, of the user's own group.
    let private = o.dir().join("a-own").join("tracker.db");
    o.run_as(&a, &private, &["init"]).ok();
    assert_eq!(mode_group(&private).0, 0o600);
    assert_eq!(mode_group(&private).1, gid_of_user(&a));
}

#[test]
fn two_clerks_of_the_group_both_write_even_while_the_other_has_it_open() {
    if crate::support::sqlite_only() {
        return;
    }
    let Some(mut o) = Office::new() else { return };
    let g = o.group("clerks");
    let a = o.user("a", &[&g]);
    let b = o.user("b", &[&g]);
    let db = o.dir().join("台账").join("tracker.db");
    o.run_as(&a, &db, &["init", "--shared", &g]).ok();
    o.run_as(&a, &db, &["note", "1.1", "甲的备注"]).ok();
    o.run_as(&b, &db, &["update", "1.2", "--progress", "30"])
        .ok();
    // a keeps the ledger open (a backup paused after its copy): b writes into the WAL a made.
    let child = paused(
        &o,
        &a,
        &db,
        "backup-copied",
        &["backup", db.with_file_name("copy.db").to_str().unwrap()],
    );
    assert!(side(&db, "-wal").exists() && side(&db, "-shm").exists());
    o.run_as(&b, &db, &["note", "1.3", "乙的备注"]).ok();
    // b's change is in the WAL a's process made (a holds it open, so it is not folded back
    // into the file and removed): still the group's, 0660.
    let gid = gid_of(&g);
    for suffix in ["-wal", "-shm"] {
        assert_eq!(mode_group(&side(&db, suffix)), (0o660, gid), "{suffix}");
    }
    assert!(std::fs::metadata(side(&db, "-wal")).unwrap().len() > 0);
    drop(child);
    o.run_as(&a, &db, &["update", "1.3", "--status", "done"])
        .ok();
    let h = o.run_as(&b, &db, &["history", "--format", "json"]).ok();
    let actors: Vec<(String, String)> = h
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["field"] != "created")
        .map(|e| {
            (
                e["task"].as_str().unwrap().to_string(),
                e["actor"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for want in [("1.1", &a), ("1.2", &b), ("1.3", &b), ("1.3", &a)] {
        assert!(
            actors.contains(&(want.0.to_string(), want.1.clone())),
            "{want:?} in {actors:?}"
        );
    }
}

#[test]
fn an_outsider_is_refused_with_the_group_named() {
    if crate::support::sqlite_only() {
        return;
    }
    let Some(mut o) = Office::new() else { return };
    let g = o.group("clerks");
    let a = o.user("a", &[&g]);
    let c = o.user("c", &[]);
    let db = o.dir().join("shared").join("tracker.db");
    o.run_as(&a, &db, &["init", "--shared", &g]).ok();
    let before = dump(&db);
    for args in [&["list"][..], &["note", "1.1", "x"]] {
        o.run_as(&c, &db, args).fails(
            1,
            &[&format!("open to group {g} only"), "not in", "usermod -aG"],
        );
    }
    let zh = o.run_as(&c, &db, &["--lang", "zh", "list"]).fails(1, &[]);
    assert!(
        zh.starts_with("错误：") && zh.contains(&format!("组 {g}")),
        "{zh}"
    );
    // The folder let through (as an administrator might leave it), the file still says it.
    std::fs::set_permissions(
        db.parent().unwrap(),
        std::fs::Permissions::from_mode(0o2771),
    )
    .unwrap();
    o.run_as(&c, &db, &["list"]).fails(
        1,
        &[&format!("is shared with group {g}, which you are not in")],
    );
    // Nor may c share a ledger with a group c is not in; nothing is made.
    let own = o.dir().join("c-own").join("tracker.db");
    o.run_as(&c, &own, &["init", "--shared", &g])
        .fails(1, &[&format!("you are not in group {g}")]);
    assert!(!own.parent().unwrap().exists());
    // An unknown group, likewise.
    let msg = o
        .run_as(&a, &own, &["init", "--shared", "no-such-group-zz"])
        .fails(1, &["no group 'no-such-group-zz'"]);
    assert!(msg.contains("getent group"), "{msg}");
    assert!(!own.parent().unwrap().exists());
    // Added to the group after this session began: told to log in again.
    admin(&["usermod", "-aG", &g, &c]);
    let out = run(o.cmd(&c, &db, false).arg("list"));
    out.fails(1, &["log out and in again"]);
    assert_eq!(dump(&db), before);
}

#[test]
fn a_colleagues_private_ledger_is_refused_naming_its_owner() {
    if crate::support::sqlite_only() {
        return;
    }
    let Some(mut o) = Office::new() else { return };
    let a = o.user("a", &[]);
    let b = o.user("b", &[]);
    let db = o.dir().join("a-folder").join("tracker.db");
    o.run_as(&a, &db, &["init"]).ok();
    // The folder open to all (as a home often is): the file itself is what stops b.
    std::fs::set_permissions(db.parent().unwrap(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let before = dump(&db);
    for args in [&["list"][..], &["update", "1.1", "--progress", "5"], &[]] {
        let msg = o.run_as(&b, &db, args).fails(
            1,
            &[
                &format!("belongs to user {a} and is not shared"),
                "init --shared",
            ],
        );
        assert!(!msg.contains("check that its folder exists"), "{msg}");
    }
    let zh = o.run_as(&b, &db, &["--lang", "zh", "list"]).fails(1, &[]);
    assert!(zh.contains(&format!("属于用户 {a}，未共享")), "{zh}");
    // A folder b cannot enter: named, with its owner.
    std::fs::set_permissions(db.parent().unwrap(), std::fs::Permissions::from_mode(0o700)).unwrap();
    o.run_as(&b, &db, &["list"]).fails(
        1,
        &[
            &format!(
                "may not enter the folder {}",
                db.parent().unwrap().display()
            ),
            &format!("owner {a}"),
        ],
    );
    // Nor may b share a's ledger.
    let g = o.group("clerks");
    admin(&["usermod", "-aG", &g, &b]);
    std::fs::set_permissions(db.parent().unwrap(), std::fs::Permissions::from_mode(0o755)).unwrap();
    o.run_as(&b, &db, &["init", "--shared", &g])
        .fails(1, &[&format!("belongs to user {a}: only {a}")]);
    assert_eq!(dump(&db), before);
    assert_eq!(mode_group(&db).0, 0o600);
}

#[test]
fn a_read_only_folder_is_named_with_what_it_stops() {
    if crate::support::sqlite_only() {
        return;
    }
    let Some(mut o) = Office::new() else { return };
    let g = o.group("clerks");
    let a = o.user("a", &[&g]);
    let b = o.user("b", &[&g]);
    let db = o.dir().join("ro").join("tracker.db");
    o.run_as(&a, &db, &["init", "--shared", &g]).ok();
    let dir = db.parent().unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o2750)).unwrap();
    let before = dump(&db);
    // Reading still works; a write names the folder and the write-ahead log it cannot hold.
    o.run_as(&b, &db, &["list"]).ok();
    for args in [
        &["note", "1.1", "x"][..],
        &["update", "1.1", "--progress", "5"],
    ] {
        o.run_as(&b, &db, args).fails(
            1,
            &[
                &format!("the folder {} is not writable for you", dir.display()),
                "write-ahead log",
            ],
        );
    }
    assert_eq!(dump(&db), before);
}

#[test]
fn an_existing_ledger_is_converted_by_its_owner_alone_and_keeps_its_tasks() {
    if crate::support::sqlite_only() {
        return;
    }
    let Some(mut o) = Office::new() else { return };
    let g = o.group("clerks");
    let a = o.user("a", &[&g]);
    let b = o.user("b", &[&g]);
    let gid = gid_of(&g);
    let db = o.dir().join("a-ledger").join("tracker.db");
    o.run_as(&a, &db, &["init"]).ok();
    o.run_as(&a, &db, &["note", "1.1", "转换前"]).ok();
    let before = dump(&db);
    // A folder holding other files is not opened to the group.
    let other = db.with_file_name("私人笔记.txt");
    std::fs::write(&other, "x").unwrap();
    o.run_as(&a, &db, &["init", "--shared", &g])
        .fails(1, &["holds 1 other file", "folder of its own"]);
    assert_eq!(mode_group(&db).0, 0o600);
    std::fs::remove_file(&other).unwrap();
    // --start and --empty shape a new ledger: refused with a conversion.
    o.run_as(&a, &db, &["init", "--shared", &g, "--empty"])
        .fails(1, &["already exists", "--force"]);
    let out = o.run_as(&a, &db, &["init", "--shared", &g]).ok();
    assert!(
        out.stdout.contains("converted") && out.stdout.contains("it was private"),
        "{}",
        out.stdout
    );
    assert_eq!(mode_group(&db), (0o660, gid));
    assert_eq!(mode_group(db.parent().unwrap()), (0o2770, gid));
    assert_eq!(dump(&db), before, "tasks and history unchanged");
    o.run_as(&b, &db, &["note", "1.1", "转换后"]).ok();
    // Again: said, and harmless; through a link, the target and its folder are meant, not
    // the folder the link sits in.
    let link = o.dir().join("link.db");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let again = o.run_as(&a, &link, &["init", "--shared", &g]).ok();
    assert!(again.stdout.contains("already shared"), "{}", again.stdout);
    assert_eq!(mode_group(o.dir()).0, 0o1777);
    assert_eq!(mode_group(&db), (0o660, gid));
}

#[test]
fn the_copy_before_an_upgrade_of_a_shared_ledger_keeps_the_group() {
    if crate::support::sqlite_only() {
        return;
    }
    let Some(mut o) = Office::new() else { return };
    let g = o.group("clerks");
    let a = o.user("a", &[&g]);
    let b = o.user("b", &[&g]);
    let gid = gid_of(&g);
    let dir = o.dir().join("old");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("tracker.db");
    ledger_from_fixture(&db, 3);
    // As `init --shared` leaves an older ledger: a's, shared with the group.
    std::os::unix::fs::chown(&db, Some(id("-u", &a)), Some(gid)).unwrap();
    std::os::unix::fs::chown(&dir, Some(id("-u", &a)), Some(gid)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o660)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let out = o.run_as(&b, &db, &["list"]).ok();
    assert!(out.stderr.contains("upgraded"), "{}", out.stderr);
    let copy = side(&db, ".v3.bak");
    assert_eq!(mode_group(&copy), (0o660, gid));
    // a, who did not take it, may read it.
    let read = Command::new("setpriv")
        .args(["--reuid", &a, "--regid", &gid_of_user(&a).to_string()])
        .arg("--init-groups")
        .args(["head", "-c", "16"])
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(read.stdout, b"SQLite format 3\0");
}

/// A folder owned by `user` at `mode`, made under the office's folder.
fn own_folder(o: &Office, user: &str, name: &str, mode: u32) -> PathBuf {
    let d = o.dir().join(name);
    std::fs::create_dir_all(&d).unwrap();
    std::os::unix::fs::chown(&d, Some(id("-u", user)), None).unwrap();
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(mode)).unwrap();
    d
}

#[test]
fn a_home_folder_or_one_above_it_is_never_opened_to_the_group() {
    if crate::support::sqlite_only() {
        return;
    }
    let Some(mut o) = Office::new() else { return };
    let g = o.group("clerks");
    let a = o.user("a", &[&g]);
    // The passwd entry's home: empty, as a fresh account's is.
    let homes = own_folder(&o, &a, "homes", 0o755);
    let home = own_folder(&o, &a, &format!("homes/{a}"), 0o700);
    admin(&["usermod", "-d", home.to_str().unwrap(), &a]);
    // $HOME naming another folder (a login that set it elsewhere).
    let env_home = own_folder(&o, &a, "env-home", 0o700);
    let cases: Vec<(PathBuf, &Path, &Path)> = vec![
        // (ledger, $HOME, the home the message names)
        (home.join("tracker.db"), o.dir(), &home),
        (homes.join("tracker.db"), o.dir(), &home),
        (env_home.join("tracker.db"), &env_home, &env_home),
    ];
    for (db, env, named) in &cases {
        let dir = db.parent().unwrap();
        let mode_before = mode_group(dir);
        let out = run(o
            .cmd(&a, db, true)
            .env("HOME", env)
            .args(["init", "--shared", &g]));
        let msg = out.fails(
            1,
            &[
                &format!("your home folder {}", named.display()),
                "never opened to a group",
                "--db",
            ],
        );
        assert!(!msg.contains('\n'), "{msg}");
        assert_eq!(
            mode_group(dir),
            mode_before,
            "{} left as it was",
            dir.display()
        );
        assert!(!db.exists(), "no ledger made in {}", dir.display());
    }
    let zh = run(o
        .cmd(&a, &home.join("tracker.db"), true)
        .args(["--lang", "zh", "init", "--shared", &g]))
    .fails(1, &[]);
    assert!(zh.contains("主文件夹"), "{zh}");
    // A folder of its own inside the home is what the message suggests, and it works.
    let inner = home.join("督办").join("tracker.db");
    run(o
        .cmd(&a, &inner, true)
        .args(["init", "--shared", &g, "--empty"]))
    .ok();
    assert_eq!(mode_group(inner.parent().unwrap()).0, 0o2770);
    assert_eq!(mode_group(&home).0, 0o700, "the home itself is untouched");
    // Without --shared a ledger may live in the home as before.
    run(o
        .cmd(&a, &home.join("private.db"), true)
        .args(["init", "--empty"]))
    .ok();
}

#[test]
fn a_folder_above_a_shared_ledger_that_colleagues_cannot_pass_is_named_with_its_chmod() {
    if crate::support::sqlite_only() {
        return;
    }
    let Some(mut o) = Office::new() else { return };
    let g = o.group("clerks");
    let a = o.user("a", &[&g]);
    let b = o.user("b", &[&g]);
    // Above the shared folder: of the group, but closed to it (g+x missing).
    let above = own_folder(&o, &a, "ha", 0o700);
    std::os::unix::fs::chown(&above, None, Some(gid_of(&g))).unwrap();
    let db = above.join("台账").join("tracker.db");
    o.run_as(&a, &db, &["init", "--shared", &g]).ok();
    for args in [&["list"][..], &["note", "1.1", "x"]] {
        let msg = o.run_as(&b, &db, args).fails(
            1,
            &[
                &format!("ask {a} to run 'chmod g+x {}'", above.display()),
                &format!("the folder {} above it", above.display()),
            ],
        );
        assert!(!msg.contains("init --shared"), "{msg}");
    }
    // Of a group the colleague is not in: everyone must be let through.
    std::os::unix::fs::chown(&above, None, Some(gid_of_user(&a))).unwrap();
    o.run_as(&b, &db, &["list"])
        .fails(1, &[&format!("'chmod o+x {}'", above.display())]);
    // Opened as said, the colleague reads it.
    std::fs::set_permissions(&above, std::fs::Permissions::from_mode(0o701)).unwrap();
    o.run_as(&b, &db, &["list"]).ok();
}

/// Finding 1 of issue 19: a member of the group may write the shared ledger but not replace
/// it, with or without `--shared`, in either language; its owner still may. A refusal moves
/// nothing aside and leaves the ledger, its mode and its group as they were.
#[test]
fn init_force_on_a_shared_ledger_is_its_owners_alone() {
    if crate::support::sqlite_only() {
        return;
    }
    let Some(mut o) = Office::new() else { return };
    let g = o.group("clerks");
    let a = o.user("a", &[&g]);
    let b = o.user("b", &[&g]);
    let gid = gid_of(&g);
    let db = o.dir().join("shared").join("tracker.db");
    o.run_as(&a, &db, &["init", "--shared", &g]).ok();
    o.run_as(&b, &db, &["note", "1.1", "同事的进展"]).ok();
    let before = dump(&db);
    let owner_named = format!("belongs to user {a}");
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["init", "--force"],
            &[&owner_named, "init --force", "--db"],
        ),
        (
            &["init", "--force", "--empty"],
            &[&owner_named, "init --force"],
        ),
        (
            &["init", "--force", "--shared", &g],
            &[&owner_named, "init --force"],
        ),
        (
            &["--lang", "zh", "init", "--force"],
            &["属于用户", "init --force", "--db"],
        ),
    ];
    for (args, said) in cases {
        o.run_as(&b, &db, args).fails(1, said);
        assert_eq!(dump(&db), before, "{args:?} changed the ledger");
        assert_eq!(mode_group(&db), (0o660, gid), "{args:?}");
        let aside = std::fs::read_dir(db.parent().unwrap())
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().contains(".replaced-"));
        assert!(!aside, "{args:?} moved the ledger aside");
    }
    // Its owner still may: the old one is kept aside, and sharing it again is a choice.
    let out = o.run_as(&a, &db, &["init", "--force", "--shared", &g]).ok();
    assert!(
        out.stdout.contains("kept the previous ledger"),
        "{}",
        out.stdout
    );
    assert_eq!(mode_group(&db), (0o660, gid));
}
