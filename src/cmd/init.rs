//! `tracker init`: create the ledger, seeded with the report's plan unless `--empty`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cli::InitArgs;
use crate::ctx::Ctx;
use crate::model::parse_date;
use crate::seed::{Plan, Seeding};
use crate::store::{Stamp, Store, perm};

pub fn run(ctx: &Ctx, args: &InitArgs, out: &mut dyn Write) -> Result<()> {
    let start = match &args.start {
        Some(s) => parse_date(s, ctx.today()).map_err(crate::model::bad_value)?,
        None => ctx.today(),
    };
    let stamp = ctx.stamp(&args.actor)?;
    let plan = if args.empty {
        None
    } else {
        Some(Plan::builtin()?)
    };
    let path = &ctx.db;
    // The group is checked before anything is created or moved.
    let group = match &args.shared {
        Some(g) => Some(perm::group_for_sharing(g)?),
        None => None,
    };
    if crate::store::is_server_url(path) && (args.shared.is_some() || args.force) {
        bail!(crate::msg!(
            "--shared and --force are for a ledger file: a server's ledger is shared by its roles, and init never replaces one",
            "--shared 和 --force 只用于台账文件：服务器上的台账由其角色共享，init 也不会替换已有台账"
        ));
    }
    let mut moved = None;
    if std::fs::symlink_metadata(path).is_ok() {
        if let (Some(group), false) = (&group, args.force) {
            return convert(ctx, args, group, out);
        }
        if !args.force {
            bail!(crate::msg!(
                "{} already exists: use 'tracker init --force' to replace it (the old file is kept), or --db for another file",
                "{} 已存在：用 'tracker init --force' 替换它（旧文件会保留），或用 --db 指定另一个文件",
                path.display()
            ));
        }
        if path.is_dir() {
            bail!(crate::msg!(
                "{} is a directory, not a ledger file",
                "{} 是文件夹，不是台账文件",
                path.display()
            ));
        }
        if path.exists() && !path.is_file() {
            bail!(crate::msg!(
                "{} is not a regular file (a device, FIFO or socket): give a ledger file path with --db",
                "{} 不是普通文件（而是设备、管道或套接字）：请用 --db 指定台账文件路径",
                path.display()
            ));
        }
        // A group member may write a shared ledger but not replace it: the new file would be
        // theirs and private, locking the group out of the ledger they share.
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        perm::check_owner(&real, perm::OwnerOnly::Replace)?;
        if let Some(g) = &group {
            perm::check_folder(path, g)?;
        }
        moved = Some(move_aside(path, &stamp)?);
    } else if let Some(g) = &group {
        perm::check_folder(path, g)?;
    }
    // The folder is opened to the group before the ledger is born in it, so that the new
    // file takes the group from the folder's setgid bit; the file itself is private (0600)
    // until it is whole, and 0660 after.
    if let Some(g) = &group {
        let dir = perm::folder_of(path);
        std::fs::create_dir_all(dir).with_context(|| {
            crate::msg!("creating the folder {}", "创建文件夹 {}", dir.display())
        })?;
        perm::share_folder(path, g)?;
    }
    let seeding = match &plan {
        Some(plan) => plan.seeding(start)?,
        None => Seeding {
            start,
            recs: Vec::new(),
            tasks: Vec::new(),
            note: String::new(),
        },
    };
    let count = seeding.tasks.len();
    let (store, created) = ctx.create(Some(&seeding.seed(&stamp)))?;
    // A server's URL as messages name it: without its password.
    let shown = store.path().to_path_buf();
    drop(store);
    let path = shown.as_path();
    if !created {
        bail!(crate::msg!(
            "{} was created by another tracker just now: use it, or 'tracker init --force' to replace it",
            "{} 刚被另一个 tracker 创建：请直接使用，或用 'tracker init --force' 替换",
            path.display()
        ));
    }
    if let Some(old) = moved {
        writeln!(
            out,
            "{}",
            crate::msg!(
                "kept the previous ledger as {}",
                "原台账已保留为 {}",
                crate::output::shown(&old)
            )
        )?;
    }
    writeln!(
        out,
        "{}",
        crate::msg!(
            "created {} with {count} tasks, plan starting {start}",
            "已创建 {}，共 {count} 项任务，计划自 {start} 起",
            crate::output::shown(path)
        )
    )?;
    if let Some((role, found)) = crate::store::postgres::writer_role() {
        writeln!(out, "{}", writer_line(&role, &found))?;
    }
    if let Some(g) = &group {
        perm::share_file(path, g)?;
        say_shared(path, g, out)?;
    }
    Ok(())
}

/// `init --shared GROUP` on an existing ledger: shares it as it is (nothing in it changes,
/// so no `--force` is needed); only its owner may. `--start` and `--empty`, which shape a
/// new ledger, are refused with it.
fn convert(ctx: &Ctx, args: &InitArgs, group: &perm::Group, out: &mut dyn Write) -> Result<()> {
    let path = &ctx.db;
    let p = path.display();
    if args.start.is_some() || args.empty {
        bail!(crate::msg!(
            "{p} already exists, and --start and --empty shape a new ledger: to share it as it is, leave them out; to replace it, add --force",
            "{p} 已存在，而 --start 和 --empty 用于新建台账：要按原样共享，请去掉它们；要替换，请加 --force"
        ));
    }
    // A link is followed: the file and the folder SQLite writes beside are the target's.
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
    perm::check_owner(&real, perm::OwnerOnly::Share)?;
    // Only a ledger is shared: anything else is refused as opening it would refuse it.
    drop(Store::open(path, &ctx.access)?);
    let path = real.as_path();
    perm::check_folder(path, group)?;
    let before = perm::shared_with(path);
    perm::share_folder(path, group)?;
    perm::share_file(path, group)?;
    let g = &group.name;
    let said = match before {
        None => crate::msg!(
            "converted {p} to a shared ledger, its tasks and history unchanged (it was private)",
            "已将 {p} 转为共享台账，任务和历史不变（此前为私有）"
        ),
        Some(h) if h == *g => crate::msg!(
            "{p} is already shared with group {g}; its permissions were set again",
            "{p} 已共享给组 {g}；权限已重新设置"
        ),
        Some(h) => crate::msg!(
            "converted {p} to a ledger shared with group {g}, its tasks and history unchanged (it was shared with group {h})",
            "已将 {p} 改为共享给组 {g}，任务和历史不变（此前共享给组 {h}）"
        ),
    };
    writeln!(out, "{said}")?;
    say_shared(path, group, out)
}

/// Says who may now use the ledger, and notes a folder above it the group cannot pass.
fn say_shared(path: &Path, group: &perm::Group, out: &mut dyn Write) -> Result<()> {
    let g = &group.name;
    let d = perm::folder_of(path).display();
    writeln!(
        out,
        "{}",
        crate::msg!(
            "shared with group {g}: the ledger is 0660 and its folder {d} 2770 (setgid), both of group {g}; others have no access",
            "已共享给组 {g}：台账权限 0660，其文件夹 {d} 权限 2770（setgid），均属组 {g}；其他人无权访问"
        )
    )?;
    if let Some((a, mode)) = perm::blocked_ancestor(path, group.gid) {
        let a = a.display();
        crate::i18n::warn(&crate::msg!(
            "the folder {a} (mode {mode:04o}) does not let group {g} through, so colleagues cannot reach the ledger: open it ('chmod o+x {a}'), or keep the ledger in a folder they can reach, such as /srv/督办",
            "文件夹 {a}（权限 {mode:04o}）不允许组 {g} 通过，同事无法访问台账：请开放它（'chmod o+x {a}'），或把台账放在他们能访问的文件夹中，如 /srv/督办"
        ));
    }
    Ok(())
}

/// Renames an existing ledger (and its WAL files) out of the way: nothing is deleted.
fn move_aside(path: &Path, stamp: &Stamp) -> Result<PathBuf> {
    let suffix: String = stamp
        .at
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    let target = with_suffix(path, &format!(".replaced-{suffix}"));
    if target.exists() {
        bail!(crate::msg!(
            "{} already exists: move it away first",
            "{} 已存在：请先把它移走",
            target.display()
        ));
    }
    for ext in ["-wal", "-shm"] {
        let side = with_suffix(path, ext);
        if side.exists() {
            std::fs::rename(&side, with_suffix(&target, ext))
                .with_context(|| crate::msg!("moving {}", "移动 {}", side.display()))?;
        }
    }
    std::fs::rename(path, &target).with_context(|| {
        crate::msg!(
            "moving {} to {}",
            "把 {} 移到 {}",
            path.display(),
            target.display()
        )
    })?;
    Ok(target)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// The line after a server ledger's "created": the writer role clerks are granted, as the
/// GRANT the administrator runs; for a role found already there, who its members are, since
/// they may write the new ledger at once.
fn writer_line(role: &str, found: &crate::store::postgres::writers::Writer) -> String {
    use crate::store::postgres::writers::Writer;
    let role = crate::render::safe(role, false);
    let grant = crate::msg!(
        "clerks write through the role {role}: GRANT {role} TO each clerk's login role",
        "职员通过角色 {role} 写入：请对每个职员的登录角色运行 GRANT {role} TO 该角色"
    );
    match found {
        Writer::Existing(members) if members.is_empty() => crate::msg!(
            "{grant} (the role was there already, with no members)",
            "{grant}（该角色原已存在，尚无成员）"
        ),
        Writer::Existing(members) => {
            let who = crate::render::safe(&members.join(", "), false);
            crate::msg!(
                "{grant} (the role was there already: {who} may write this ledger now)",
                "{grant}（该角色原已存在：{who} 现在即可写入本台账）"
            )
        }
        _ => grant,
    }
}
