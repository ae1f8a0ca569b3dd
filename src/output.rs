//! The one place that writes a file tracker was told to write (`report --out`, `export --out`,
//! `backup`, the copy taken before an upgrade), so that every such file gets the same care:
//!
//! - never the ledger itself, nor its `-wal`, `-shm` or `-journal` (judged by device and inode
//!   after following links, and by name for a side file not there yet);
//! - a character device or a FIFO (`/dev/null`, `/dev/tty`, a named pipe) is written straight
//!   into, never replaced by a regular file; `/dev/stdout` is standard output;
//! - a symlink's target is written, beside the target, so the link stays a link;
//! - a regular file is written into a randomly named, exclusively created temporary file in
//!   the target's folder (`tempfile`, removed on every failure and, by
//!   [`interrupt`], on Ctrl-C, SIGTERM or SIGHUP), synced, then renamed over the
//!   target: a reader, or a kill at any moment, sees the old file or the whole new one;
//! - an existing file keeps its mode; a new one is 0600 and a new folder 0700 (unix), as the
//!   README promises for everything tracker writes but a shared ledger: a report or a notice
//!   names units and their lapses, which is not for every account on the machine. Only files
//!   that hold nothing from the ledger and exist to be read by everyone (the manual pages,
//!   [`Privacy::Published`]) are 0644 in a new folder 0755.

use std::fs::{self, File, OpenOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

pub mod interrupt;

pub use interrupt::{TempFile, TempFolder};

/// What a new file holds, which decides who may read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// A report, a notice, a return sheet: readable by its owner only (0600), as the README
    /// promises; the owner shares it by sending it.
    Shared,
    /// Everything in the ledger (an export, a backup): readable by its owner only (0600).
    Owner,
    /// Nothing from the ledger, made for every account on the machine to read (the manual
    /// pages `man --dir` writes): 0644, and 0755 for a folder made for it, whatever the
    /// umask, so `man tracker-update` works for colleagues too.
    Published,
}

/// Whether an existing regular file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    Yes,
    /// Never: a backup refuses a name that exists.
    Never,
}

/// Where the bytes end up once links are followed.
#[derive(Debug)]
pub enum Dest {
    /// This process's standard output (`/dev/stdout`).
    Stdout,
    /// A character device or FIFO, written in place.
    Stream(PathBuf),
    /// A regular file (existing or not), replaced atomically.
    File(PathBuf),
}

impl Dest {
    /// Finds where `path` really leads, and refuses the ledger and its side files.
    ///
    /// Errors: a URL ([`refuse_url`]); a folder; a dangling chain of more than 40 links; the ledger or one of its side
    /// files; anything other than a regular file, a character device or a FIFO.
    pub fn resolve(path: &Path, ledger: &Path) -> Result<Dest> {
        if is_stdout(path) {
            return Ok(Dest::Stdout);
        }
        refuse_url(path)?;
        let target = follow_links(path)?;
        refuse_ledger(&target, path, ledger)?;
        match fs::metadata(&target) {
            Ok(m) if m.is_dir() => {
                bail!(crate::msg!(
                    "{} is a folder: give a file name to write",
                    "{} 是文件夹：请给出要写入的文件名",
                    path.display()
                ))
            }
            Ok(m) if m.is_file() => Ok(Dest::File(target)),
            Ok(m) if is_stream(&m) => Ok(Dest::Stream(target)),
            Ok(_) => bail!(crate::msg!(
                "{} is a socket or another special file: give a regular file, a device or a FIFO",
                "{} 是套接字或其他特殊文件：请给出普通文件、设备或管道",
                path.display()
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Dest::File(target)),
            Err(e) => Err(anyhow!(crate::msg!(
                "cannot write {}: {e}",
                "无法写入 {}：{e}",
                path.display()
            ))),
        }
    }

    /// Whether text written here reaches a terminal (for `--color auto`).
    pub fn is_terminal(&self) -> bool {
        match self {
            Dest::Stdout => std::io::stdout().is_terminal(),
            // Only a character device can be a terminal; opening a FIFO to ask would be
            // taken by its reader for the whole output.
            Dest::Stream(p) => {
                is_char_device(p)
                    && OpenOptions::new()
                        .write(true)
                        .open(p)
                        .is_ok_and(|f| f.is_terminal())
            }
            Dest::File(_) => false,
        }
    }
}

/// Writes `path` through `write` as the module explains; `stdout` is used for `/dev/stdout`.
///
/// Errors: as `Dest::resolve`; a name that exists with `Replace::Never`; any I/O failure
/// (then the temporary file is gone and the target unchanged).
pub fn write_file(
    path: &Path,
    ledger: &Path,
    privacy: Privacy,
    replace: Replace,
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dest = Dest::resolve(path, ledger)?;
    write_to(&dest, path, privacy, replace, stdout, write)
}

/// `write_file` for a destination already resolved (to decide colour first).
pub fn write_to(
    dest: &Dest,
    shown: &Path,
    privacy: Privacy,
    replace: Replace,
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    match dest {
        Dest::Stdout => {
            write(stdout)?;
            Ok(stdout.flush()?)
        }
        Dest::Stream(target) => {
            let cannot = || crate::msg!("cannot write {}", "无法写入 {}", shown.display());
            let f = OpenOptions::new()
                .write(true)
                .open(target)
                .with_context(cannot)?;
            let mut f = PipeWatch {
                inner: f,
                closed: false,
            };
            // A reader that closes a FIFO early (`head -c 50 fifo`) is not a failure, as a
            // closed standard output is not: whatever the error was wrapped in on its way up
            // (JSON, a workbook), the end is quiet.
            match write(&mut f).and_then(|()| Ok(f.flush()?)) {
                Err(_) if f.closed => Ok(()),
                r => r.map_err(|e| about_file(e, shown)),
            }
        }
        Dest::File(target) => {
            let mut tmp = temp_beside(target, shown)?;
            write(tmp.as_file_mut()).map_err(|e| about_file(e, shown))?;
            commit(tmp, target, shown, privacy, replace)
        }
    }
}

/// A failure while writing `shown`, as "cannot write FILE: …", unless the ledger failed (the
/// server refused, was busy or went away while the document was made), which its own line
/// says: the file is not what failed.
fn about_file(e: anyhow::Error, shown: &Path) -> anyhow::Error {
    if crate::store::is_ledger_failure(&e) {
        e
    } else {
        e.context(crate::msg!(
            "cannot write {}",
            "无法写入 {}",
            shown.display()
        ))
    }
}

/// A writer that remembers whether its reader went away (a broken pipe).
struct PipeWatch<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> PipeWatch<W> {
    fn watch<T>(&mut self, r: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &r
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            self.closed = true;
        }
        r
    }
}

impl<W: Write> Write for PipeWatch<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.watch(r)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.watch(r)
    }
}

/// A randomly named temporary file, created exclusively (O_EXCL, mode 0600) beside `target`,
/// registered so that Ctrl-C, SIGTERM or SIGHUP removes it too ([`interrupt`]).
pub fn temp_beside(target: &Path, shown: &Path) -> Result<TempFile> {
    let dir = folder_of(target);
    let name = target.file_name().ok_or_else(|| {
        anyhow!(crate::msg!(
            "{} needs a file name",
            "{} 需要一个文件名",
            shown.display()
        ))
    })?;
    if !dir.is_dir() {
        bail!(crate::msg!(
            "cannot write {}: the folder {} does not exist",
            "无法写入 {}：文件夹 {} 不存在",
            shown.display(),
            dir.display()
        ));
    }
    refuse_unsafe_name(target, shown)?;
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    TempFile::create_in(tempfile::Builder::new().prefix(&prefix).suffix(".tmp"), dir)
        // The temporary name would only confuse: the error is about the file asked for.
        .map_err(|e| {
            anyhow!(crate::msg!(
                "cannot write {}: {}",
                "无法写入 {}：{}",
                shown.display(),
                plain_io(&e)
            ))
        })
}

/// A private folder (0700, whatever the umask) named `prefix` and random characters in
/// `folder`, removed with all it holds when dropped, and registered so that Ctrl-C, SIGTERM or
/// SIGHUP removes it too ([`interrupt`]; register the files made in it with
/// [`TempFolder::file`]).
pub fn temp_folder_in(folder: &Path, prefix: &str) -> Result<TempFolder> {
    TempFolder::create_in(folder, prefix).map_err(|e| {
        anyhow!(crate::msg!(
            "cannot make a temporary folder in {}: {}",
            "无法在 {} 中建立临时文件夹：{}",
            folder.display(),
            plain_io(&e)
        ))
    })
}

/// Gives a finished temporary file its mode, syncs it, and renames it to `target` (never over
/// an existing file with `Replace::Never`); the folder is synced so the new name survives a
/// power cut. Dropping `tmp` on any failure removes it.
pub fn commit(
    tmp: TempFile,
    target: &Path,
    shown: &Path,
    privacy: Privacy,
    replace: Replace,
) -> Result<()> {
    ready(&tmp, target, shown, privacy)?;
    tmp.as_file().sync_all().with_context(cannot(shown))?;
    test_pause("before-rename");
    place(tmp, target, shown, replace)?;
    sync_folder(folder_of(target));
    Ok(())
}

/// [`commit`] for many files at once (a folder of notices), keeping its promise for each:
/// every file gets its mode and is synced before any is renamed, then each is renamed in
/// order, then each folder is synced once. The syncs run side by side: one after another,
/// 50 files took 0.6–1.9 s of waiting on a busy disk (each its own journal commit), side by
/// side 0.2–0.4 s, the file system joining them into a few commits. On a failure the files
/// not yet renamed are removed; those renamed before it stay, as with [`commit`] in a loop.
pub fn commit_all(
    files: Vec<(TempFile, PathBuf, PathBuf)>,
    privacy: Privacy,
    replace: Replace,
) -> Result<()> {
    for (tmp, target, shown) in &files {
        ready(tmp, target, shown, privacy)?;
    }
    // A few threads are enough for the file system to batch the syncs.
    let per = files.len().div_ceil(8).max(1);
    std::thread::scope(|s| {
        let jobs: Vec<_> = files
            .chunks(per)
            .map(|chunk| {
                s.spawn(move || -> Result<()> {
                    for (tmp, _, shown) in chunk {
                        tmp.as_file().sync_all().with_context(cannot(shown))?;
                    }
                    Ok(())
                })
            })
            .collect();
        jobs.into_iter().try_for_each(|j| {
            j.join()
                .unwrap_or_else(|_| Err(anyhow!("a file sync thread failed")))
        })
    })?;
    test_pause("before-rename");
    let mut folders: Vec<PathBuf> = Vec::new();
    for (tmp, target, shown) in files {
        place(tmp, &target, &shown, replace)?;
        let folder = folder_of(&target);
        if !folders.iter().any(|f| f == folder) {
            folders.push(folder.to_path_buf());
        }
    }
    for folder in &folders {
        sync_folder(folder);
    }
    Ok(())
}

fn cannot(shown: &Path) -> impl Fn() -> String + '_ {
    move || crate::msg!("cannot write {}", "无法写入 {}", shown.display())
}

/// A finished temporary file flushed and given the mode its target will have: the
/// existing file's, else `privacy`'s.
fn ready(tmp: &TempFile, target: &Path, shown: &Path, privacy: Privacy) -> Result<()> {
    let mode = match fs::metadata(target) {
        Ok(m) => permissions_of(&m),
        Err(_) => new_mode(privacy),
    };
    tmp.as_file().flush().with_context(cannot(shown))?;
    set_mode(tmp.as_file(), mode).with_context(cannot(shown))?;
    Ok(())
}

/// Renames a synced temporary file to `target` (never over an existing file with
/// `Replace::Never`).
fn place(tmp: TempFile, target: &Path, shown: &Path, replace: Replace) -> Result<()> {
    match replace {
        Replace::Yes => {
            refuse_database(target, shown)?;
            tmp.persist(target).with_context(cannot(shown))?;
        }
        Replace::Never => {
            tmp.persist_noclobber(target).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    anyhow!(crate::msg!(
                        "{} already exists: give a new file name (a backup never overwrites)",
                        "{} 已存在：请给出新的文件名（备份从不覆盖已有文件）",
                        shown.display()
                    ))
                } else {
                    anyhow::Error::new(e).context(cannot(shown)())
                }
            })?;
        }
    }
    Ok(())
}

/// Syncs a folder, so the names just renamed into it survive a power cut (best effort: not
/// every system can open a folder to sync it).
fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// For the kill tests only: with `TRACKER_TEST_PAUSE` naming this point, says so on stderr
/// and waits, so a test can kill the process at a known moment and know the kill landed there.
pub fn test_pause(point: &str) {
    if std::env::var("TRACKER_TEST_PAUSE").is_ok_and(|p| p == point) {
        eprintln!("tracker: paused at {point}");
        std::thread::sleep(std::time::Duration::from_secs(30));
    }
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn is_stdout(path: &Path) -> bool {
    ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "-"]
        .iter()
        .any(|s| path == Path::new(s))
}

#[cfg(unix)]
fn is_stream(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    m.file_type().is_char_device() || m.file_type().is_fifo()
}

#[cfg(unix)]
fn is_char_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    fs::metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

#[cfg(not(unix))]
fn is_char_device(_: &Path) -> bool {
    false
}

#[cfg(not(unix))]
fn is_stream(_: &fs::Metadata) -> bool {
    false
}

/// Follows `path` through symlinks (at most 40, as Linux does) to the name that will be
/// written, which need not exist yet.
fn follow_links(path: &Path) -> Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = fs::read_link(&current).with_context(|| {
                    crate::msg!(
                        "cannot follow the link {}",
                        "无法跟随链接 {}",
                        current.display()
                    )
                })?;
                current = folder_of(&current).join(next);
            }
            _ => return Ok(current),
        }
    }
    bail!(crate::msg!(
        "{} is a chain of too many links: give the file itself",
        "{} 经过的链接太多：请直接给出文件本身",
        path.display()
    ))
}

/// The ledger and the files SQLite keeps beside it.
pub fn ledger_files(ledger: &Path) -> Vec<PathBuf> {
    let mut all = vec![ledger.to_path_buf()];
    for side in ["-wal", "-shm", "-journal"] {
        let mut name = ledger.as_os_str().to_os_string();
        name.push(side);
        all.push(PathBuf::from(name));
    }
    all
}

/// The suffixes SQLite gives a database's side files: write-ahead log, its shared memory, the
/// rollback journal (<https://www.sqlite.org/tempfiles.html>).
const SIDE_SUFFIXES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// What no file tracker writes may do, whatever it is (a ledger, a backup, an export, a
/// report), each a refusal naming the file:
/// - take a name SQLite gives a side file (`X-wal`, `X-shm`, `X-journal`): SQLite would take
///   the bytes for `X`'s log or journal, delete them on `X`'s next open, or find a journal it
///   cannot roll back and leave `X` refused;
/// - be written as a new file where such side files already lie (left by a ledger of that
///   name that was killed and then moved away): SQLite would replay them onto the new file on
///   its first open. Side files beside a file that is there are that file's own (a ledger in
///   use, or one another tracker has just made: the race of first uses), and what may be
///   written over an existing file is [`refuse_database`]'s to say.
fn refuse_unsafe_name(target: &Path, shown: &Path) -> Result<()> {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned());
    if let Some(side) = name.as_deref().and_then(|n| {
        SIDE_SUFFIXES
            .iter()
            .find(|s| n.ends_with(*s) && n.len() > s.len())
    }) {
        bail!(crate::msg!(
            "{} ends in {side}, a name SQLite gives a ledger's side file: writing there could damage a ledger or be deleted by it; give another file name",
            "{} 以 {side} 结尾，这是 SQLite 给台账附属文件用的名字：写入可能损坏台账或被其删除；请换一个文件名",
            shown.display()
        ));
    }
    let there = || fs::symlink_metadata(target).is_ok();
    if there() {
        return Ok(());
    }
    for side in SIDE_SUFFIXES {
        let mut beside = target.as_os_str().to_os_string();
        beside.push(side);
        let beside = PathBuf::from(beside);
        // Looked at again once a side file is found: a file made meanwhile owns it.
        if fs::symlink_metadata(&beside).is_ok() && !there() {
            bail!(crate::msg!(
                "{} lies beside {} (a side file SQLite left there): a file written under that name could be damaged by it; move it away first, or give another file name",
                "{} 位于 {} 旁边（SQLite 留下的附属文件）：以该名字写入的文件可能被它损坏；请先移走它，或换一个文件名",
                beside.display(),
                shown.display()
            ));
        }
    }
    Ok(())
}

/// Whether `path` begins with SQLite's file header, `SQLite format 3\0`
/// (<https://www.sqlite.org/fileformat.html>, 1.3): a database, whatever its name.
fn is_sqlite_database(path: &Path) -> bool {
    let mut head = [0u8; 16];
    fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && &head == b"SQLite format 3\0"
}

/// Refuses to run with standard output opened on an SQLite database that holds something (a
/// ledger or a backup, reached by `1<>ledger.db` or a descriptor a script handed down): any
/// command's output would be written over it, which no `--out` check sees. A file the shell
/// has just truncated (`> new.db`, as for `backup /dev/stdout`) is empty and passes. Linux
/// (`/proc/self/fd/1`); elsewhere nothing is checked.
///
/// Errors: standard output an SQLite database.
pub fn refuse_database_on_stdout() -> Result<()> {
    let fd1 = Path::new("/proc/self/fd/1");
    match fs::metadata(fd1) {
        Ok(m) if m.is_file() && m.len() >= 16 => {}
        _ => return Ok(()),
    }
    if is_sqlite_database(fd1) {
        bail!(crate::msg!(
            "standard output is a ledger or another SQLite database: writing there would destroy it; send the output to another file",
            "标准输出是台账或其他 SQLite 数据库：写入会毁掉它；请把输出写到别的文件"
        ));
    }
    Ok(())
}

/// Refuses to replace an SQLite database (another ledger, a backup) with an output: its whole
/// history would be gone. Asked just before the rename that would replace it.
fn refuse_database(target: &Path, shown: &Path) -> Result<()> {
    if is_sqlite_database(target) {
        bail!(crate::msg!(
            "{} is a ledger or another SQLite database: writing there would destroy it; give another file name",
            "{} 是台账或其他 SQLite 数据库：写入会毁掉它；请换一个文件名",
            shown.display()
        ));
    }
    Ok(())
}

/// Refuses a target that is the ledger or one of its side files: the same file (device and
/// inode) if it exists, else the same name in the same folder.
fn refuse_ledger(target: &Path, shown: &Path, ledger: &Path) -> Result<()> {
    let refuse = || {
        anyhow!(crate::msg!(
            "{} is the ledger {} or one of its files: writing there would destroy it; give another file name",
            "{} 是台账 {} 或其附属文件：写入会毁掉台账；请换一个文件名",
            shown.display(),
            ledger.display()
        ))
    };
    let target_id = file_id(target);
    let target_name = canonical_name(target);
    // SQLite names the side files after the ledger's real path when it is reached by a link.
    let mut files = ledger_files(ledger);
    if let Ok(real) = fs::canonicalize(ledger) {
        files.extend(ledger_files(&real));
    }
    for f in files {
        if target_id.is_some() && target_id == file_id(&f) {
            return Err(refuse());
        }
        if target_name.is_some() && target_name == canonical_name(&f) {
            return Err(refuse());
        }
    }
    Ok(())
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &Path) -> Option<(u64, u64)> {
    None
}

/// The file's folder, resolved, with its own name: comparable even if the file is not there.
fn canonical_name(path: &Path) -> Option<PathBuf> {
    let dir = fs::canonicalize(folder_of(path)).ok()?;
    Some(dir.join(path.file_name()?))
}

#[cfg(unix)]
fn permissions_of(m: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn permissions_of(_: &fs::Metadata) -> u32 {
    0o644
}

/// 0600 for every new file, whatever the umask: the README's promise (only a ledger shared
/// with `init --shared` is opened to a group, and that is the store's business).
fn new_mode(privacy: Privacy) -> u32 {
    match privacy {
        Privacy::Owner | Privacy::Shared => 0o600,
        Privacy::Published => 0o644,
    }
}

/// Refuses a URL (`postgres://…`, any `scheme://…`) given where tracker is to write a file or
/// a folder (`--out`, `backup FILE`, `sheets --out DIR`): taken as a path, it would be made
/// into folders named after it, password and all, and the files' names in them printed. The
/// one check, in [`Dest::resolve`] and [`create_folder_for`]; the line shows the URL as every
/// message does ([`shown`]).
///
/// Errors: one line naming it and what is accepted.
pub fn refuse_url(path: &Path) -> Result<()> {
    let text = path.to_string_lossy();
    crate::store::postgres::conn::Target::refuse_missing_scheme(&text)?;
    let scheme = text.split_once("://").map(|(s, _)| s).filter(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if scheme.is_some() || crate::store::is_server_url(path) {
        let url = match crate::store::is_server_url(path) {
            true => crate::store::postgres::conn::Target::redact_text(&text),
            false => shown(path),
        };
        bail!(crate::msg!(
            "{url} is a URL, not a file or folder on this machine: give a path to write to (a ledger goes onto a server with 'tracker copy --to URL')",
            "{url} 是网址，不是本机上的文件或文件夹：请给出要写入的路径（要把台账放到服务器上，请用 'tracker copy --to 网址'）"
        ));
    }
    Ok(())
}

/// Creates `folder` and any missing parents, each new one 0700 (unix), for the files written
/// into it (`sheets --out`, `notice --out`, `man --dir`). An existing folder is left as it is.
///
/// Errors: a URL ([`refuse_url`]); one line naming the folder and the reason in the message
/// language (`无法创建文件夹 X：没有权限`).
pub fn create_folder(folder: &Path) -> Result<()> {
    create_folder_for(folder, Privacy::Owner)
}

/// [`create_folder`] for files of `privacy`: each new folder 0755 for
/// [`Privacy::Published`] (set after creating it, whatever the umask), else 0700.
///
/// Errors: as [`create_folder`].
pub fn create_folder_for(folder: &Path, privacy: Privacy) -> Result<()> {
    refuse_url(folder)?;
    let cannot = |e: std::io::Error| {
        anyhow!(crate::msg!(
            "cannot create the folder {}: {}",
            "无法创建文件夹 {}：{}",
            shown(folder),
            plain_io(&e)
        ))
    };
    // The folders missing now, innermost first: the ones this call makes.
    let missing: Vec<&Path> = folder.ancestors().take_while(|p| !p.exists()).collect();
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(folder).map_err(cannot)?;
    #[cfg(unix)]
    if privacy == Privacy::Published {
        use std::os::unix::fs::PermissionsExt;
        for made in missing.iter().rev().filter(|p| !p.as_os_str().is_empty()) {
            fs::set_permissions(made, fs::Permissions::from_mode(0o755)).map_err(cannot)?;
        }
    }
    #[cfg(not(unix))]
    let _ = (missing, privacy);
    Ok(())
}

#[cfg(unix)]
fn set_mode(f: &File, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &File, _: u32) -> std::io::Result<()> {
    Ok(())
}

/// An I/O error in the plain words messages use, without the operating system's
/// "(os error N)": `no such file`, `the disk is full`. Kinds without words of their own keep the
/// system's text, lowercased.
pub fn plain_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let z = |zh: &'static str, en: &'static str| crate::i18n::lang().pick(zh, en);
    let words = match e.kind() {
        K::NotFound => z("没有这个文件", "no such file"),
        K::PermissionDenied => z("没有权限", "permission denied"),
        K::StorageFull => z("磁盘已满", "the disk is full"),
        K::QuotaExceeded => z("磁盘配额已用完", "the disk quota is used up"),
        K::AlreadyExists => z("它已存在", "it already exists"),
        K::IsADirectory => z("它是文件夹", "it is a folder"),
        K::NotADirectory => z(
            "路径中有一部分不是文件夹",
            "a part of the path is not a folder",
        ),
        K::ReadOnlyFilesystem => z("文件系统是只读的", "the file system is read-only"),
        K::BrokenPipe => z("读取方已关闭", "the reader went away"),
        K::FileTooLarge => z("文件太大", "the file is too large"),
        K::InvalidFilename => z("名称太长或不允许", "the name is too long or not allowed"),
        K::Interrupted => z("被中断", "interrupted"),
        _ => {
            let text = e.to_string();
            let text = strip_os_code(&text);
            let mut c = text.chars();
            return match c.next() {
                Some(f) => f.to_lowercase().chain(c).collect(),
                None => "an input/output error".into(),
            };
        }
    };
    words.to_string()
}

/// `text` with every "<system message> (os error N)" made [`plain_io`]'s words: the one rule
/// for every message, whichever caller formatted an I/O error into its text.
pub fn plain_os_errors(text: &str) -> String {
    const MARK: &str = " (os error ";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        let after = &rest[at + MARK.len()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let Some(code) = digits
            .parse::<i32>()
            .ok()
            .filter(|_| after[digits.len()..].starts_with(')'))
        else {
            out.push_str(&rest[..at + MARK.len()]);
            rest = after;
            continue;
        };
        // The system's message runs back to the last ": " before the mark.
        let head = &rest[..at];
        // (or the full-width colon of a Chinese message).
        let start = (head.rfind(": ").map_or(0, |i| i + 2))
            .max(head.rfind('：').map_or(0, |i| i + '：'.len_utf8()));
        out.push_str(&head[..start]);
        out.push_str(&plain_io(&std::io::Error::from_raw_os_error(code)));
        rest = &after[digits.len() + 1..];
    }
    out.push_str(rest);
    out
}

fn strip_os_code(text: &str) -> &str {
    text.find(" (os error ").map_or(text, |i| &text[..i])
}

/// A path as a message shows it: escaped as every quoted input is
/// (`model::escape_for_terminal`), so a file named with an escape sequence or a line break
/// cannot act on the terminal or split the line.
pub fn shown(path: &Path) -> String {
    mask_secrets(&crate::model::escape_for_terminal(
        &path.display().to_string(),
        false,
    ))
}

/// `text` (a message, a path, a ledger's name) with every password-shaped part taken out.
/// The one rule every error and warning passes through (`main`, `i18n::warn`), and every
/// server ledger's name (`Target::redacted`), so no message prints a password whichever
/// caller built it. Word by word (a word ends at a space):
/// - the `:secret` of `user:secret@host` after anything scheme-like, typed right or not
///   (`postgres://`, `postgres:/`, `postgres:`, `postgres//`, `pg://`, a URL given where a
///   file is expected), or with no scheme at all; the user part ends at the word's LAST `@`,
///   so a password holding `@`, `/` or `?` goes whole (a `@` in a query value may take more
///   than the password out of what is shown, never less);
/// - a "port" that is not a number where no `@` names a user (`postgres://user:secret/db`,
///   a password typed without its `@host`);
/// - the value of every `KEY=` whose key [`is_secret_key`] (libpq's key=value text, a URL's
///   query, `pasword=` and `pwd=` too), up to a space or `&`, or the closing quote of a
///   quoted one; in a query, of `KEY:` too;
/// - after a scheme, a `;` typed for the user part's `:`, and what lies between a first and
///   a second `@` (`postgres://user@secret@host`).
pub fn mask_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        out.push_str(&mask_word(&rest[..word_end]));
        let space_end = rest[word_end..]
            .find(|c: char| !c.is_whitespace())
            .map_or(rest.len(), |i| word_end + i);
        out.push_str(&rest[word_end..space_end]);
        rest = &rest[space_end..];
    }
    mask_password_pairs(&out)
}

/// Where a URL's authority may begin in `word`: after each `:` with the slashes after it, and
/// after each `//` not just after a `:`, in order; last, the word's start.
fn authority_starts(word: &str) -> Vec<usize> {
    let bytes = word.as_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let sep = match bytes[i] {
            b':' => 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => 2,
            _ => 0,
        };
        if sep == 0 {
            i += 1;
            continue;
        }
        let mut end = i + sep;
        while bytes.get(end) == Some(&b'/') {
            end += 1;
        }
        starts.push(end);
        i = end;
    }
    starts.push(0);
    starts
}

/// One word of [`mask_secrets`] with its `user:secret@` password and any non-number port
/// taken out.
fn mask_word(word: &str) -> String {
    let starts = authority_starts(word);
    // `user:secret@`: the first place after which a user name (no `/?#@:`) and a `:` come
    // before the word's last `@`. At the word's start, a `:` followed by `/` is a scheme's.
    if let Some(at) = word.rfind(['@', '＠']) {
        for &s in &starts {
            if s >= at {
                continue;
            }
            // After a scheme, a mark typed for the `:` is one too: `;` (the same key), a
            // quote, `=`, `,`, a Chinese input method's `：`.
            let seps: &[char] = if s > 0 {
                &[':', ';', '：', '\'', '"', '=', ',']
            } else {
                &[':']
            };
            let Some(colon) = word[s..at].find(seps).map(|c| s + c) else {
                // `scheme://user/secret@host`: a `/` typed for the `:`.
                let auth = &word[s..at];
                if s > 0
                    && (word[..s].ends_with("//") || is_pg_scheme_end(&word[..s]))
                    && let Some(slash) = auth.find('/')
                    && !auth[..slash].contains(['@', '＠', '?', '#'])
                {
                    return format!("{}{}", &word[..s + slash], &word[at..]);
                }
                continue;
            };
            let user = &word[s..colon];
            if user.contains(['/', '?', '#', '@', '＠']) {
                continue;
            }
            // With no scheme before it, only a plain user name counts (`clerk:secret@h`,
            // quoted as a usage error quotes it), so that prose such as
            // `(user:password@ or …)` keeps its words.
            let plain = |c: char| c.is_ascii_alphanumeric() || "._%~+-".contains(c);
            let bare = user.trim_start_matches(['\'', '"', '`', '‘', '“']);
            if s == 0 && (word[colon + 1..].starts_with('/') || !bare.chars().all(plain)) {
                continue;
            }
            return format!("{}{}", &word[..colon], &word[at..]);
        }
    }
    // `scheme://user@secret@host`: a second `@` typed for the `:`; what lies between the
    // first and the last `@` of the authority is the password.
    for &s in &starts {
        if s == 0 || !(word[..s].ends_with("//") || is_pg_scheme_end(&word[..s])) {
            continue;
        }
        let auth_end = word[s..]
            .find(['/', '?', '#'])
            .map_or(word.len(), |i| s + i);
        let authority = &word[s..auth_end];
        if let (Some(first), Some(last)) = (authority.find('@'), authority.rfind('@'))
            && first < last
        {
            return format!("{}{}", &word[..s + first], &word[s + last..]);
        }
    }
    // `scheme://host:port` with no `@` in the authority: a port that is not a number is
    // more likely a password (`postgres://user:secret/db`).
    for &s in &starts {
        let scheme_like = s > 0 && (word[..s].ends_with("//") || is_pg_scheme_end(&word[..s]));
        if !scheme_like {
            continue;
        }
        let auth_end = word[s..]
            .find(['/', '?', '#'])
            .map_or(word.len(), |i| s + i);
        let authority = &word[s..auth_end];
        if authority.contains(['@', '[', ']']) {
            continue;
        }
        let mut masked = String::new();
        let mut changed = false;
        for (i, spec) in authority.split(',').enumerate() {
            if i > 0 {
                masked.push(',');
            }
            match spec.split_once(':') {
                Some((host, port)) => {
                    // The message's own punctuation after the word is not the port's.
                    let kept = port.trim_end_matches([':', ',', '.', ';', ')', '\'', '"']);
                    if !kept.is_empty() && !kept.bytes().all(|b| b.is_ascii_digit()) {
                        masked.push_str(host);
                        masked.push_str(&port[kept.len()..]);
                        changed = true;
                    } else {
                        masked.push_str(spec);
                    }
                }
                None => masked.push_str(spec),
            }
        }
        if changed {
            return format!("{}{masked}{}", &word[..s], &word[auth_end..]);
        }
    }
    word.to_string()
}

/// Whether `head` ends with a PostgreSQL scheme and its `:` (and any slashes), typed in any
/// case: `postgres:`, `postgresql:/`.
fn is_pg_scheme_end(head: &str) -> bool {
    let head = head.trim_end_matches('/').to_ascii_lowercase();
    head.ends_with("postgres:") || head.ends_with("postgresql:")
}

/// Whether a `key=value` pair's key names a password, typed right or not: any key holding
/// `pas`, `pw`, `psw`, `word`, `secret` or `mima` (密码 in pinyin) in any case (`password`, `Password`, `pasword`,
/// `passwd`, `pass`, `pwd`, `paswd`, `pssword`), but libpq's `passfile`, a file's name. The
/// one rule for which values [`mask_secrets`] and a server ledger's name
/// (`Target::redacted`) leave out.
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key != "passfile"
        && ["pas", "pw", "psw", "word", "secret", "mima"]
            .iter()
            .any(|k| key.contains(k))
}

/// Every `KEY=VALUE` whose key [`is_secret_key`] with VALUE removed (see [`mask_secrets`]).
fn mask_password_pairs(text: &str) -> String {
    let key_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '%');
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    let mut search = 0;
    while let Some(i) = text[search..].find(['=', ':']) {
        let eq = search + i;
        search = eq + 1;
        let key_start = text[from..eq]
            .char_indices()
            .rev()
            .find(|&(_, c)| !key_char(c))
            .map_or(from, |(j, c)| from + j + c.len_utf8());
        // A `:` typed for the `=` counts in a URL's query only (`?pasword:secret`).
        let in_query = text[..key_start].ends_with(['?', '&']);
        // A query's `user=role:secret`: the role's name up to a mark a password's `:` may be
        // typed as, the rest taken out as a password.
        if in_query
            && text[eq..].starts_with('=')
            && text[key_start..eq].eq_ignore_ascii_case("user")
        {
            let tail = &text[eq + 1..];
            let end = tail
                .find(|c: char| c.is_whitespace() || c == '&')
                .unwrap_or(tail.len());
            if let Some(mark) = tail[..end].find([':', ';', '：', '@', '＠']) {
                out.push_str(&text[from..eq + 1 + mark]);
                from = eq + 1 + end;
                search = from;
            }
            continue;
        }
        if !is_secret_key(&text[key_start..eq]) || (text[eq..].starts_with(':') && !in_query) {
            continue;
        }
        let value = eq + 1;
        out.push_str(&text[from..value]);
        let tail = &text[value..];
        let len = match tail.strip_prefix('\'') {
            Some(quoted) => quoted.find('\'').map_or(tail.len(), |q| q + 2),
            None => tail
                .find(|c: char| c.is_whitespace() || c == '&')
                .unwrap_or(tail.len()),
        };
        from = value + len;
        search = from;
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_password_shaped_text_survives_a_message() {
        let cases = [
            ("no ledger at  postgres://clerk:lipw@h:5432/d (x)", "lipw"),
            ("no ledger at postgress://clerk:lipw@h/d", "lipw"),
            (
                "cannot write pg://u:s3cret@h/x: the folder pg://u:s3cret@h does not exist",
                "s3cret",
            ),
            (
                "invalid postgres://duban:Dub@n/pw?1@127.0.0.1:54339/dubanl",
                "n/pw",
            ),
            ("at host=h user=u password=lipw dbname=d", "lipw"),
            ("at host=h PASSWORD='a b c' dbname=d", "a b c"),
            ("postgres://u@h/d?sslmode=disable&password=pw9&x=1", "pw9"),
            (
                "./postgres:/clerk_li:lipw@127.0.0.1:54339/dubanl/a.xlsx",
                "lipw",
            ),
            // Typed without its `:`, or with no scheme at all.
            ("no ledger at postgres//u:lipw@%2Ftmp:5/d (x)", "lipw"),
            ("'tracker --db postgresql//u:lipw@h/d init'", "lipw"),
            ("no ledger at u:lipw@h/d", "lipw"),
            // A password typed without its `@host` reads as a port that is not a number.
            ("invalid PostgreSQL URL postgres://u:lipw/d: x", "lipw"),
            ("invalid PostgreSQL URL postgres://u:lipw: x", "lipw"),
            ("URL postgres:u:lipw 无效", "lipw"),
            ("postgresql://a:1,u:lipw/d", "lipw"),
            // 18l #3: a misspelt key, a `;` or a second `@` typed for the `:`, a usage error.
            ("postgres://u@h/d?pasword=lipw", "lipw"),
            ("postgres://u@h/d?sslmode=disable&PWD=lipw&x=1", "lipw"),
            ("postgres://u@h/d?Passwd:lipw", "lipw"),
            ("postgres://u;lipw@h/d", "lipw"),
            ("postgres://u@lipw@h/d", "lipw"),
            ("error: unexpected argument 'u:lipw@h/d' found", "lipw"),
            ("错误：--format 的值“postgres://u:lipw@h/d”无效", "lipw"),
        ];
        for (text, secret) in cases {
            let masked = mask_secrets(text);
            assert!(!masked.contains(secret), "{text} -> {masked}");
        }
        // Text with no password keeps every byte.
        for plain in [
            "cannot write /tmp/a b/报告.html",
            "postgres://u@h:5/d?sslmode=require",
            "cannot reach postgres://h:5432: nothing answers",
            "expected postgres://[user@]host[:port]/database",
            "postgres://u@h/d?application_name=a:b@c",
            "https://example.org/a:b@c",
            "at 2026-11-30T10:00:00+08:00: x",
            "the URL (user:password@host, or its password query key)",
            "URL（用户:密码@主机，或其查询参数 password）",
            "postgres://u@h/d?passfile=/x/y&connect_timeout=2",
            "keys: db, password, lang",
            "at 10:30: the password is not shown",
        ] {
            assert_eq!(mask_secrets(plain), plain);
        }
    }

    proptest::proptest! {
        #[test]
        fn a_password_in_any_url_shape_is_never_shown(
            scheme in "(postgres|postgress|pg|postgresql|https|x)",
            sep in "(://|:/|:|//|///|:///)",
            user in "[a-z_]{1,8}",
            secret in "[A-Za-z0-9@/?#!]{0,6}Z9q[A-Za-z0-9@/?!]{0,6}",
            lead in "( |  |error: no ledger at |cannot write )",
            tail in "(/d|:5432/d|/d: the folder x| \\(x\\))",
        ) {
            let text = format!("{lead}{scheme}{sep}{user}:{secret}@127.0.0.1{tail}");
            let masked = mask_secrets(&text);
            proptest::prop_assert!(!masked.contains("Z9q"), "{} -> {}", text, masked);
        }
    }

    #[test]
    fn io_errors_read_in_plain_words() {
        let cases = [
            (
                "cannot read a.txt: No such file or directory (os error 2)",
                "cannot read a.txt: no such file",
            ),
            ("No space left on device (os error 28)", "the disk is full"),
            (
                "cannot write b: Permission denied (os error 13)",
                "cannot write b: permission denied",
            ),
            ("x (os error y)", "x (os error y)"),
            ("no code here", "no code here"),
        ];
        for (raw, plain) in cases {
            assert_eq!(plain_os_errors(raw), plain, "{raw}");
        }
    }

    #[test]
    fn side_files_of_the_ledger_are_named_after_it() {
        let files = ledger_files(Path::new("/x/l.db"));
        assert_eq!(
            files,
            ["/x/l.db", "/x/l.db-wal", "/x/l.db-shm", "/x/l.db-journal"]
                .map(PathBuf::from)
                .to_vec()
        );
    }

    #[test]
    fn a_link_is_followed_to_a_target_that_need_not_exist() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("target.txt", &link).unwrap();
        assert_eq!(follow_links(&link).unwrap(), dir.path().join("target.txt"));
    }
}
