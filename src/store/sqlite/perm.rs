//! Who may use a ledger file: sharing one with a group of clerks on one machine
//! (`init --shared GROUP`), and saying, when a ledger cannot be opened or written, which of its
//! owner, its group or its folder stands in the way.
//!
//! A shared ledger is the file at mode 0660 and its folder at 2770, both of the group: SQLite
//! creates the `-wal`, `-shm` and `-journal` files in the folder with the database file's own
//! permission bits (its unix VFS, `findCreateFileMode`, fchmod'ing past the umask), and the
//! folder's setgid bit gives them the folder's group rather than the writer's, so every clerk
//! of the group can open the side files another one created. Others get nothing.

use std::fs::Metadata;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use nix::unistd::{AccessFlags, Gid, Uid};

/// The mode of a shared ledger file: read and write for its owner and group, nothing else.
pub const SHARED_FILE_MODE: u32 = 0o660;
/// The mode of a shared ledger's folder: setgid (new files take the folder's group), and
/// read, write and search for its owner and group.
pub const SHARED_DIR_MODE: u32 = 0o2770;

/// The side files SQLite keeps beside a ledger.
const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// A group of this machine (`/etc/group` or whatever NSS serves).
#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    pub gid: u32,
}

fn shown(s: &str) -> String {
    crate::render::safe(s, false)
}

/// A user's login name, else their number.
pub fn user_name(uid: u32) -> String {
    match nix::unistd::User::from_uid(Uid::from_raw(uid)) {
        Ok(Some(u)) => shown(&u.name),
        _ => uid.to_string(),
    }
}

/// A group's name, else its number.
pub fn group_name(gid: u32) -> String {
    match nix::unistd::Group::from_gid(Gid::from_raw(gid)) {
        Ok(Some(g)) => shown(&g.name),
        _ => gid.to_string(),
    }
}

fn me() -> String {
    user_name(nix::unistd::geteuid().as_raw())
}

/// Whether this process acts with group `gid` (its effective or a supplementary group).
fn acts_in(gid: u32) -> bool {
    nix::unistd::getegid().as_raw() == gid
        || nix::unistd::getgroups().is_ok_and(|gs| gs.iter().any(|g| g.as_raw() == gid))
}

/// Whether the group database lists this user in group `gid` (perhaps only since this login
/// session began, so that the process does not act in it yet).
fn listed_in(gid: u32) -> bool {
    let uid = nix::unistd::geteuid();
    let Ok(Some(user)) = nix::unistd::User::from_uid(uid) else {
        return false;
    };
    user.gid.as_raw() == gid
        || nix::unistd::Group::from_gid(Gid::from_raw(gid))
            .is_ok_and(|g| g.is_some_and(|g| g.mem.contains(&user.name)))
}

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// Why this user is not in group `name`, as the part of a message after a colon: either they
/// are listed but this login session predates it, or they are not in it at all.
fn not_in_group(name: &str, gid: u32) -> String {
    let user = me();
    if listed_in(gid) {
        crate::msg!(
            "you were added to group {name} after this login session began: log out and in again (or run 'newgrp {name}'), then retry",
            "你是在本次登录之后才加入组 {name} 的：请注销后重新登录（或运行 'newgrp {name}'），再重试"
        )
    } else {
        crate::msg!(
            "ask an administrator to add you ('usermod -aG {name} {user}'), then log in again",
            "请管理员把你加入该组（'usermod -aG {name} {user}'），然后重新登录"
        )
    }
}

/// The group a ledger is to be shared with, by name (or number). Errors: no such group; a
/// group this user does not act in (root may give a file to any group).
pub fn group_for_sharing(name: &str) -> Result<Group> {
    let show = shown(name);
    let found = if name.is_empty() || name.contains('\0') {
        None
    } else {
        match nix::unistd::Group::from_name(name) {
            Ok(Some(g)) => Some(g),
            _ => name.parse::<u32>().ok().and_then(|n| {
                nix::unistd::Group::from_gid(Gid::from_raw(n))
                    .ok()
                    .flatten()
            }),
        }
    };
    let Some(g) = found else {
        bail!(crate::msg!(
            "no group '{show}' on this machine: --shared takes a group the clerks are all in (list them with 'getent group'; an administrator creates one with 'groupadd {show}')",
            "本机没有组 '{show}'：--shared 应为各位经办人共同所在的组（可用 'getent group' 查看；管理员可用 'groupadd {show}' 创建）"
        ));
    };
    let group = Group {
        name: shown(&g.name),
        gid: g.gid.as_raw(),
    };
    if !is_root() && !acts_in(group.gid) {
        let gname = &group.name;
        let why = not_in_group(gname, group.gid);
        bail!(crate::msg!(
            "you are not in group {gname}, so you cannot share the ledger with it: {why}",
            "你不在组 {gname} 中，不能把台账共享给该组：{why}"
        ));
    }
    Ok(group)
}

/// The folder holding `path` (`.` for a bare file name).
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the folder already has a shared ledger folder's shape for `gid`: of the group,
/// setgid, group read/write/search, nothing for others.
fn folder_shared(m: &Metadata, gid: u32) -> bool {
    let mode = m.mode();
    m.gid() == gid && mode & 0o2070 == 0o2070 && mode & 0o007 == 0
}

/// Checks, before anything is created or changed, that the folder of `ledger` may become a
/// shared ledger's folder for `group`: it is already one, or it is missing (it will be
/// made), or it is this user's own and holds nothing but this ledger and its own files
/// (its side files, the copies tracker keeps beside it); a folder holding other files is
/// not opened to the group.
pub fn check_folder(ledger: &Path, group: &Group) -> Result<()> {
    let dir = folder_of(ledger);
    let d = dir.display();
    let Ok(m) = std::fs::metadata(dir) else {
        return Ok(());
    };
    if folder_shared(&m, group.gid) {
        return Ok(());
    }
    if let Some(home) = holds_home(dir) {
        let h = home.display();
        let name = ledger
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        bail!(crate::msg!(
            "the folder {d} is (or holds) your home folder {h}, which is never opened to a group: give --db a path in a separate folder, e.g. {h}/督办/{name}",
            "文件夹 {d} 是（或包含）你的主文件夹 {h}，不能开放给组：请用 --db 指定单独文件夹中的路径，如 {h}/督办/{name}"
        ));
    }
    if !is_root() && m.uid() != nix::unistd::geteuid().as_raw() {
        let owner = user_name(m.uid());
        let g = &group.name;
        bail!(crate::msg!(
            "the folder {d} belongs to user {owner}, so you cannot open it to group {g}: ask {owner} (or an administrator) to run 'chgrp {g} {d} && chmod 2770 {d}', or keep the shared ledger in a folder of your own",
            "文件夹 {d} 属于用户 {owner}，你不能把它开放给组 {g}：请 {owner}（或管理员）运行 'chgrp {g} {d} && chmod 2770 {d}'，或把共享台账放在你自己的文件夹中"
        ));
    }
    let name = ledger
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let own = |entry: &str| {
        entry == name
            || SIDE_FILES.iter().any(|s| entry == format!("{name}{s}"))
            || entry.starts_with(&format!(".{name}."))
            || entry.starts_with(&format!("{name}.v"))
            || entry.starts_with(&format!("{name}.replaced-"))
    };
    let entries = std::fs::read_dir(dir)
        .with_context(|| crate::msg!("reading the folder {d}", "读取文件夹 {d}"))?;
    let others = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|e| !own(e))
        .count();
    if others > 0 {
        bail!(crate::msg!(
            "the folder {d} holds {others} other file(s) besides the ledger: a shared ledger needs a folder of its own, which the group may write (SQLite creates the ledger's side files there); give --db a path in a new folder, e.g. {d}/督办/{name}",
            "文件夹 {d} 中除台账外还有 {others} 个其他文件：共享台账需要单独的文件夹，供该组写入（SQLite 在其中创建台账的附属文件）；请用 --db 指定新文件夹中的路径，如 {d}/督办/{name}"
        ));
    }
    Ok(())
}

/// The home folder (`$HOME`, or the passwd entry's) that `dir` is or lies above, if any.
/// Opening a home to a group (2770) would hand every member the user's own files, dot files
/// and keys included, however empty the home looks today; so such a folder is never shared.
fn holds_home(dir: &Path) -> Option<PathBuf> {
    let dir = std::fs::canonicalize(dir).ok()?;
    let from_env = std::env::var_os("HOME").map(PathBuf::from);
    let from_passwd = nix::unistd::User::from_uid(nix::unistd::geteuid())
        .ok()
        .flatten()
        .map(|u| u.dir);
    [from_env, from_passwd]
        .into_iter()
        .flatten()
        .filter(|h| !h.as_os_str().is_empty())
        .find_map(|h| {
            let real = std::fs::canonicalize(&h).ok()?;
            real.starts_with(&dir).then_some(real)
        })
}

/// Opens the folder of `ledger` to `group` (2770, of the group), unless it already is such
/// a folder; run before the ledger is created, so that the new file takes the group.
pub fn share_folder(ledger: &Path, group: &Group) -> Result<()> {
    let dir = folder_of(ledger);
    let m = std::fs::metadata(dir)?;
    if folder_shared(&m, group.gid) {
        return Ok(());
    }
    let cannot = || crate::msg!("sharing the folder {}", "共享文件夹 {}", dir.display());
    std::os::unix::fs::chown(dir, None, Some(group.gid)).with_context(cannot)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(SHARED_DIR_MODE))
        .with_context(cannot)
}

/// Gives the ledger file and its side files to `group` at 0660.
pub fn share_file(ledger: &Path, group: &Group) -> Result<()> {
    let mut files = vec![ledger.to_path_buf()];
    files.extend(
        SIDE_FILES
            .iter()
            .map(|s| with_suffix(ledger, s))
            .filter(|p| p.exists()),
    );
    for f in files {
        let cannot = || crate::msg!("sharing {}", "共享 {}", f.display());
        std::os::unix::fs::chown(&f, None, Some(group.gid)).with_context(cannot)?;
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(SHARED_FILE_MODE))
            .with_context(cannot)?;
    }
    Ok(())
}

/// The group an existing ledger file is shared with (group read and write), if any.
pub fn shared_with(ledger: &Path) -> Option<String> {
    let m = std::fs::metadata(ledger).ok()?;
    (m.mode() & 0o060 == 0o060).then(|| group_name(m.gid()))
}

/// What only a ledger's owner may do to it: change its mode (`init --shared`), or move it
/// aside for a new one (`init --force`, which would leave a group's shared ledger replaced by
/// a private one that locks the group out).
#[derive(Clone, Copy, Debug)]
pub enum OwnerOnly {
    /// `init --shared` on an existing ledger.
    Share,
    /// `init --force` on an existing ledger.
    Replace,
}

/// Refuses `deed` on a ledger this user does not own (root may). A file that cannot be
/// looked at passes: opening it explains why.
pub fn check_owner(ledger: &Path, deed: OwnerOnly) -> Result<()> {
    let Ok(m) = std::fs::metadata(ledger) else {
        return Ok(());
    };
    if is_root() || m.uid() == nix::unistd::geteuid().as_raw() {
        return Ok(());
    }
    let owner = user_name(m.uid());
    let p = ledger.display();
    match deed {
        OwnerOnly::Share => bail!(crate::msg!(
            "{p} belongs to user {owner}: only {owner} (or an administrator) can share it",
            "{p} 属于用户 {owner}：只有 {owner}（或管理员）能共享它"
        )),
        OwnerOnly::Replace => bail!(crate::msg!(
            "{p} belongs to user {owner}: only {owner} (or an administrator) can replace it with 'init --force'; to start a ledger of your own, give another file with --db",
            "{p} 属于用户 {owner}：只有 {owner}（或管理员）能用 'init --force' 替换它；要另建自己的台账，请用 --db 指定另一个文件"
        )),
    }
}

/// The first folder above the ledger's own that members of `gid` cannot pass through
/// (neither others nor, being of the group, the group may search it), with its mode: they
/// could not reach the ledger, however it is shared. ACLs are not read, so this is a note,
/// not a refusal.
pub fn blocked_ancestor(ledger: &Path, gid: u32) -> Option<(PathBuf, u32)> {
    let dir = std::fs::canonicalize(folder_of(ledger)).ok()?;
    dir.ancestors().skip(1).find_map(|a| {
        let m = std::fs::metadata(a).ok()?;
        let mode = m.mode();
        let passable = mode & 0o001 != 0 || (m.gid() == gid && mode & 0o010 != 0);
        (!passable).then(|| (a.to_path_buf(), mode & 0o7777))
    })
}

/// Whether the permissions let this user at `path` as `flags` asks. Only a refusal
/// (`EACCES`, `EPERM`, `EROFS`) says no: a file gone since it was looked at (SQLite deletes
/// the write-ahead log when the last connection closes, at any moment another process may
/// do so) stands in no one's way, and must not be blamed on its mode.
fn may(path: &Path, flags: AccessFlags) -> bool {
    use nix::errno::Errno;
    !matches!(
        nix::unistd::access(path, flags),
        Err(Errno::EACCES | Errno::EPERM | Errno::EROFS)
    )
}

/// Who stands in the way of `need` (read or write) on the file `what` (the ledger or a side
/// file), as a whole sentence about it: not shared and someone else's, shared with a group
/// this user is not in, or (a generic fallback) its mode, owner and group.
fn blame_file(what: &Path, m: &Metadata, write: bool) -> String {
    let p = what.display();
    let mode = m.mode() & 0o7777;
    let owner = user_name(m.uid());
    let group = group_name(m.gid());
    let group_bits = if write { 0o020 } else { 0o040 };
    let mine = m.uid() == nix::unistd::geteuid().as_raw();
    if !mine && mode & group_bits == 0 && mode & 0o060 == 0 {
        return crate::msg!(
            "{p} belongs to user {owner} and is not shared (mode {mode:04o}): ask {owner} to run 'tracker --db {p} init --shared GROUP' with a group you are both in",
            "{p} 属于用户 {owner}，未共享（权限 {mode:04o}）：请 {owner} 用你们共同所在的组运行 'tracker --db {p} init --shared 组名'"
        );
    }
    if !mine && mode & group_bits != 0 && !acts_in(m.gid()) {
        let why = not_in_group(&group, m.gid());
        return crate::msg!(
            "{p} is shared with group {group}, which you are not in: {why}",
            "{p} 共享给了组 {group}，而你不在该组中：{why}"
        );
    }
    if write {
        crate::msg!(
            "{p} is not writable for you (mode {mode:04o}, owner {owner}, group {group})",
            "{p} 对你不可写（权限 {mode:04o}，所有者 {owner}，组 {group}）"
        )
    } else {
        crate::msg!(
            "{p} is not readable for you (mode {mode:04o}, owner {owner}, group {group})",
            "{p} 对你不可读（权限 {mode:04o}，所有者 {owner}，组 {group}）"
        )
    }
}

/// The first folder on the way to `path` this user cannot enter, as a sentence.
fn blame_path(path: &Path) -> Option<String> {
    let abs = std::path::absolute(path).ok()?;
    let mut dirs: Vec<&Path> = abs.ancestors().skip(1).collect();
    dirs.reverse();
    let d = dirs.into_iter().find(|d| !may(d, AccessFlags::X_OK))?;
    let m = std::fs::metadata(d).ok()?;
    let mode = m.mode() & 0o7777;
    let owner = user_name(m.uid());
    let group = group_name(m.gid());
    let dd = d.display();
    let p = path.display();
    Some(
        if m.mode() & 0o010 != 0 && !acts_in(m.gid()) && m.uid() != nix::unistd::geteuid().as_raw()
        {
            let why = not_in_group(&group, m.gid());
            crate::msg!(
                "cannot reach {p}: its folder {dd} is open to group {group} only, which you are not in: {why}",
                "无法访问 {p}：其文件夹 {dd} 只对组 {group} 开放，而你不在该组中：{why}"
            )
        } else if abs.parent().is_some_and(|own| own != d) {
            // A folder above the ledger's own: sharing the ledger again would not open it;
            // its owner must let the group (or, not being of its group, everyone) pass.
            let who = if acts_in(m.gid()) { "g" } else { "o" };
            crate::msg!(
                "cannot reach {p}: you may not pass through the folder {dd} above it (mode {mode:04o}, owner {owner}, group {group}); ask {owner} to run 'chmod {who}+x {dd}'",
                "无法访问 {p}：你无权通过其上层文件夹 {dd}（权限 {mode:04o}，所有者 {owner}，组 {group}）；请 {owner} 运行 'chmod {who}+x {dd}'"
            )
        } else {
            crate::msg!(
                "cannot reach {p}: you may not enter the folder {dd} (mode {mode:04o}, owner {owner}, group {group}); ask {owner} to share the ledger with 'tracker --db {p} init --shared GROUP'",
                "无法访问 {p}：你无权进入文件夹 {dd}（权限 {mode:04o}，所有者 {owner}，组 {group}）；请 {owner} 用 'tracker --db {p} init --shared 组名' 共享台账"
            )
        },
    )
}

/// Why this user cannot open `path` for reading (the folders on the way, the ledger, then
/// its side files), or `None` if nothing in the permissions explains it.
pub fn why_unreadable(path: &Path) -> Option<String> {
    let m = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => return blame_path(path),
        Err(_) => return None,
    };
    if !may(path, AccessFlags::R_OK) {
        return Some(blame_file(path, &m, false));
    }
    blame_side_files(path, false)
}

/// The first side file (`-wal`, `-shm`, `-journal`) this user may not read, or write.
fn blame_side_files(path: &Path, write: bool) -> Option<String> {
    let flags = if write {
        AccessFlags::W_OK
    } else {
        AccessFlags::R_OK
    };
    SIDE_FILES.iter().find_map(|s| {
        let side = with_suffix(path, s);
        let sm = std::fs::metadata(&side).ok()?;
        (!may(&side, flags)).then(|| blame_file(&side, &sm, write))
    })
}

/// Why changes to `path` cannot be recorded: the file or a side file not writable, or its
/// folder (where SQLite must create the write-ahead log); `None` if all may be written.
pub fn why_unwritable(path: &Path) -> Option<String> {
    if let Some(why) = why_unreadable(path) {
        return Some(why);
    }
    let m = std::fs::metadata(path).ok()?;
    if !may(path, AccessFlags::W_OK) {
        return Some(blame_file(path, &m, true));
    }
    if let Some(why) = blame_side_files(path, true) {
        return Some(why);
    }
    let dir = folder_of(path);
    if may(dir, AccessFlags::W_OK | AccessFlags::X_OK) {
        return None;
    }
    let dm = std::fs::metadata(dir).ok()?;
    let mode = dm.mode() & 0o7777;
    let owner = user_name(dm.uid());
    let group = group_name(dm.gid());
    let d = dir.display();
    let p = path.display();
    Some(crate::msg!(
        "the folder {d} is not writable for you (mode {mode:04o}, owner {owner}, group {group}), and SQLite must create the ledger's write-ahead log ({p}-wal) there",
        "文件夹 {d} 对你不可写（权限 {mode:04o}，所有者 {owner}，组 {group}），而 SQLite 须在其中创建台账的预写日志（{p}-wal）"
    ))
}

/// Gives a copy of a shared ledger (the backup taken before an upgrade) the ledger's group
/// and group access, since it holds the same data the group already reads; a private
/// ledger's copy stays 0600.
pub fn share_copy_like(ledger: &Path, copy: &Path) -> Result<()> {
    let m = std::fs::metadata(ledger)?;
    // Shared means group read and write (as `init --shared` leaves it); a ledger merely
    // readable by others (0644) is not shared, and its copy stays 0600.
    if m.mode() & 0o060 != 0o060 {
        return Ok(());
    }
    let cannot = || anyhow!(crate::msg!("sharing {}", "共享 {}", copy.display()));
    std::os::unix::fs::chown(copy, None, Some(m.gid())).map_err(|_| cannot())?;
    std::fs::set_permissions(copy, std::fs::Permissions::from_mode(m.mode() & 0o660))
        .map_err(|_| cannot())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gone_since_it_was_looked_at_is_not_blamed_on_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("tracker.db-wal");
        assert!(may(&gone, AccessFlags::R_OK));
        assert!(may(&gone, AccessFlags::R_OK | AccessFlags::W_OK));
        // A ledger whose write-ahead log is deleted between the look and the check (the
        // last connection closing elsewhere) explains nothing: no side file to blame.
        let ledger = dir.path().join("tracker.db");
        std::fs::write(&ledger, b"x").unwrap();
        std::fs::set_permissions(&ledger, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(blame_side_files(&ledger, false), None);
        assert_eq!(why_unreadable(&ledger), None);
    }
}
