//! One module per subcommand, each `run(ctx, args, out)`: arguments in, store calls, rendered
//! text out. No SQL here and no formatting rules: those live in `store` and `render`.

pub mod add;
pub mod collect;
pub mod complete;
pub mod copy;
pub mod dashboard;
pub mod dev;
pub mod history;
pub mod import;
pub mod init;
pub mod list;
pub mod manual;
pub mod meta;
pub mod note;
pub mod notice;
pub mod out_format;
pub mod report;
pub mod safety;
pub mod sheets;
pub mod show;
pub mod units;
pub mod update;

use crate::msg;
use std::io::Write;

use anyhow::{Result, anyhow, bail};

use crate::cli::{Cli, Command};
use crate::ctx::Ctx;
use crate::model::{TaskId, id_list, nearest_ids};
use crate::store::Store;

pub fn run(cli: &Cli, out: &mut dyn Write) -> Result<()> {
    // Printing help for the shell needs no ledger and no settings.
    match &cli.command {
        Some(Command::Completions { shell }) => return complete::script(*shell, out),
        // Completion never fails where a user would see it: it settles its own ledger path.
        Some(Command::Complete(a)) => return complete::run(a, out),
        Some(Command::Man { cmd, dir: None }) => return meta::man(cmd, out),
        _ => {}
    }
    let ctx = Ctx::from_cli(cli)?;
    dispatch(cli, &ctx, out).map_err(|e| crate::store::friendly(e, &ctx.db))
}

/// Leaves a command's large results to the end of the process rather than freeing them: the
/// process exits as soon as its output is written, and handing back ten thousand strings one
/// by one, or a buffer big enough to make glibc merge its free lists, costs more than writing
/// them did (about 5% of the instructions of `list` and of the weekly report at 10,000 tasks).
/// Only for values whose drop does nothing but free memory: never a store, a file or a lock.
pub(crate) fn free_at_exit<T>(value: T) {
    std::mem::forget(value);
}

fn dispatch(cli: &Cli, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    match &cli.command {
        None => dashboard::run(ctx, cli.format.unwrap_or(crate::cli::Format::Table), out),
        Some(Command::Init(a)) => init::run(ctx, a, out),
        Some(Command::List(a)) => list::run(ctx, a, out),
        Some(Command::Show(a)) => show::run(ctx, a, out),
        Some(Command::Update(a)) => update::run(ctx, a, out),
        Some(Command::Note(a)) => note::run(ctx, a, out),
        Some(Command::Add(a)) => add::run(ctx, a, out),
        Some(Command::History(a)) => history::run(ctx, a, out),
        Some(Command::Report(a)) => report::run(ctx, a, out),
        Some(Command::Units(a)) => units::run(ctx, a, out),
        Some(Command::Import(a)) => import::run(ctx, a, out),
        Some(Command::Backup { file }) => safety::backup(ctx, file, out),
        Some(Command::Export {
            format: crate::cli::ExportFormat::Xlsx,
            out: file,
        }) => sheets::export_xlsx(ctx, file.as_deref(), out),
        Some(Command::Export {
            format: _,
            out: file,
        }) => safety::export(ctx, file.as_deref(), out),
        Some(Command::Sheets(a)) => sheets::run(ctx, a, out),
        Some(Command::Collect(a)) => collect::run(ctx, a, out),
        Some(Command::Notice(a)) => notice::run(ctx, a, out),
        Some(Command::Restore { file }) => safety::restore(ctx, file, out),
        Some(Command::Copy(a)) => copy::run(ctx, a, out),
        Some(Command::Undo { any, actor }) => safety::undo(ctx, *any, actor, out),
        Some(Command::Dev { action }) => dev::run(ctx, action, out),
        Some(Command::Man { dir: Some(dir), .. }) => meta::man_dir(ctx, dir, out),
        Some(
            Command::Completions { .. } | Command::Complete(_) | Command::Man { dir: None, .. },
        ) => {
            unreachable!("handled above")
        }
    }
}

/// Turns what the user typed into the id of an existing task, or an error that names it and
/// suggests the nearest ids.
pub fn resolve_id(store: &Store, input: &str) -> Result<TaskId> {
    crate::model::refuse_hidden(&msg!("task id", "任务序号"), input)
        .map_err(crate::model::bad_value)?;
    let parsed = input.parse::<TaskId>();
    if let Ok(id) = parsed
        && store.has_task(id)?
    {
        return Ok(id);
    }
    let ids = store.task_ids()?;
    let near = nearest_ids(input, &ids, 3);
    let hint = if near.is_empty() {
        msg!(
            "the ledger has no tasks yet; add one with 'tracker add'",
            "台账中还没有任务；可用 'tracker add' 添加"
        )
    } else {
        msg!(
            "did you mean {}? see 'tracker list'",
            "是否要找 {}？见 'tracker list'",
            id_list(&near)
        )
    };
    let shown = crate::render::safe(input, false);
    match parsed {
        Ok(id) => bail!(msg!("no task {id} ({hint})", "没有任务 {id}（{hint}）")),
        // Not an id at all: a refused typed value (exit 2), not a task the ledger lacks.
        Err(_) => Err(crate::model::bad_value(msg!(
            "invalid task id '{shown}': expected RECOMMENDATION.ITEM such as 1.4 ({hint})",
            "无效的任务序号 '{shown}'：应为“建议号.事项号”，如 1.4（{hint}）"
        ))),
    }
}

/// Finds the unit a user means: its full name, or a part of the name that fits one unit only.
pub fn resolve_unit(store: &Store, input: &str) -> Result<String> {
    crate::model::refuse_hidden(&msg!("unit", "单位"), input).map_err(crate::model::bad_value)?;
    let units = store.units()?;
    if let Some(u) = unit_among(&units, input)? {
        return Ok(u);
    }
    let wanted = crate::model::normalise_name(input);
    let wanted = wanted.as_ref();
    let shown = crate::render::safe(input, false);
    if units.is_empty() {
        bail!(msg!(
            "unknown unit '{shown}': the ledger has no units yet",
            "没有单位 '{shown}'：台账中还没有单位"
        ));
    }
    let near = crate::model::near_names(wanted, &units, 3);
    if !near.is_empty() {
        // A slip (组织课 for 组织科) gets the units it is near first, not the whole list.
        let near = crate::i18n::list(near);
        bail!(msg!(
            "unknown unit '{shown}' (did you mean {near}? see 'tracker units')",
            "没有单位 '{shown}'（是否要找 {near}？见 'tracker units'）"
        ));
    }
    bail!(msg!(
        "unknown unit '{shown}' (known units: {})",
        "没有单位 '{shown}'（现有单位：{}）",
        crate::i18n::list(&units)
    ))
}

/// The unit a user means among `units`, by [`resolve_unit`]'s rule: the name as typed, in the
/// form names are stored in, or spaced otherwise, else a part of one name only. `None` where
/// nothing fits; a part of several names is refused as ambiguous.
fn unit_among(units: &[String], input: &str) -> Result<Option<String>> {
    if let Some(u) = exact_among(units, input) {
        return Ok(Some(u));
    }
    let wanted = crate::model::normalise_name(input);
    let wanted = wanted.as_ref();
    let matches: Vec<&String> = units
        .iter()
        .filter(|u| !wanted.is_empty() && u.contains(wanted))
        .collect();
    let shown = crate::render::safe(input, false);
    match matches.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some((*one).clone())),
        many => Err(anyhow!(msg!(
            "ambiguous unit '{shown}': it is part of {}; give the full name",
            "单位 '{shown}' 不明确：它是 {} 的一部分；请写全称",
            many.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(crate::i18n::lang().pick("、", ", "))
        ))),
    }
}

/// The name among `units` that `input` is, by [`unit_among`]'s rule for a whole name: as
/// typed, in the form names are stored in, or spaced otherwise.
fn exact_among(units: &[String], input: &str) -> Option<String> {
    // Matched in the form names are stored in: `县(区)` finds 县（区）.
    let wanted = crate::model::normalise_name(input);
    let wanted = wanted.as_ref();
    // A ledger written before names were normalised may hold a name as typed then (县(区)
    // beside 县（区）): the name exactly as typed wins, so that it can be renamed.
    let key = crate::model::name_key(input);
    units
        .iter()
        .find(|u| *u == input.trim())
        .or_else(|| units.iter().find(|u| *u == wanted))
        .or_else(|| units.iter().find(|u| crate::model::name_key(u) == key))
        .cloned()
}

/// The unit `--owner` names in a view of a past day (`list --today D`), as the user may know it
/// then or now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerOn {
    /// A name a task bore on that day, as lead or support (`tasks`): that day's tasks are
    /// picked by their units of that day, so a unit renamed or merged since is found under
    /// the name it had.
    Then(String),
    /// Only a unit's name now (it had none of that day's names): the tasks it leads or
    /// supports now, as they stood that day.
    Now(String),
}

/// Finds the unit a user means on a past day: first among the names `tasks` (the tasks as
/// they stood that day) bear as lead or support, by [`resolve_unit`]'s rule, then among the
/// ledger's units now, with [`resolve_unit`]'s refusals. A whole name of now comes before a
/// part of a name of then (党校, a unit now, is not 市委党校 of then).
pub fn resolve_unit_on(store: &Store, tasks: &[crate::task::Task], input: &str) -> Result<OwnerOn> {
    let mut then: Vec<String> = tasks
        .iter()
        .flat_map(|t| t.lead.iter().chain(&t.support).cloned())
        .collect();
    then.sort();
    then.dedup();
    unit_on(store, &then, input)
}

/// [`resolve_unit_on`] among `then`, the names borne that day.
fn unit_on(store: &Store, then: &[String], input: &str) -> Result<OwnerOn> {
    crate::model::refuse_hidden(&msg!("unit", "单位"), input).map_err(crate::model::bad_value)?;
    if let Some(name) = exact_among(then, input) {
        return Ok(OwnerOn::Then(name));
    }
    if let Some(name) = exact_among(&store.units()?, input) {
        return Ok(OwnerOn::Now(name));
    }
    match unit_among(then, input)? {
        Some(name) => Ok(OwnerOn::Then(name)),
        None => resolve_unit(store, input).map(OwnerOn::Now),
    }
}

/// The unit a report's `--owner` names, by the name the unit bore at the report's `end` (the
/// period's last day, or `--today` if earlier; 18l finding 1): the report is scoped by it and
/// headed with it. A name some task bore as lead or support at the end is that unit, found by
/// [`resolve_unit_on`]'s rule (an old name of a unit renamed since; a unit merged since into
/// another is still itself, and the unit merged into is its own tasks of then). A name of now
/// only is followed back through the renames recorded after the end to the name the unit had
/// then (a rename is never a hand-over), and refused when two units of then were merged into
/// it since (give either's name of then). A unit now that bore no name of then (new since)
/// keeps its name now, with a warning: its tasks as of the end are none. A name neither then
/// nor now is refused by [`resolve_unit`]. With no task added and no unit changed after the
/// end, the names of now are those of then, and nothing is replayed.
pub fn resolve_unit_at_end(store: &Store, input: &str, end: chrono::NaiveDate) -> Result<String> {
    unit_at_end(store, input, end).map_err(|e| renamed_by(store, input, end).unwrap_or(e))
}

/// A refusal saying what the unit `input` named was renamed to by `end`, when it was (the old
/// name of a unit, asked for a period ending after its rename); `None` otherwise.
fn renamed_by(store: &Store, input: &str, end: chrono::NaiveDate) -> Option<anyhow::Error> {
    let typed = crate::model::normalise_name(input);
    let renames = unit_renames(store).ok()?;
    let first = renames
        .iter()
        .find(|r| r.day <= end && r.old == typed.as_ref())?;
    let named =
        crate::report::reminders::name_since(typed.as_ref(), chrono::NaiveDate::MIN, &renames, end);
    if named == typed.as_ref() {
        return None;
    }
    Some(anyhow!(msg!(
        "'{0}' was renamed on {1} and is {2} by {end}, the report's end: give --owner {2}, or a period that ends before {1}",
        "'{0}' 已于 {1} 更名，至报告截止日 {end} 名为 {2}：请用 --owner {2}，或选在 {1} 之前结束的期间",
        crate::render::safe(input, false),
        first.day,
        crate::render::safe(named, false),
    )))
}

/// [`resolve_unit_at_end`] but for the refusal of a name renamed by the end.
fn unit_at_end(store: &Store, input: &str, end: chrono::NaiveDate) -> Result<String> {
    let later = store.unit_changes(end.checked_add_days(chrono::Days::new(1)))?;
    if later.is_empty() {
        return resolve_unit(store, input);
    }
    let then = store.unit_names_on(end)?;
    let now = match unit_on(store, &then, input)? {
        OwnerOn::Then(name) => return Ok(name),
        OwnerOn::Now(name) => name,
    };
    let renames = unit_renames(store)?;
    let was: Vec<&String> = then
        .iter()
        .filter(|u| {
            crate::report::reminders::name_since(u, end, &renames, chrono::NaiveDate::MAX) == now
        })
        .collect();
    match was.as_slice() {
        [] => {
            // A unit whose tasks all came to it later: its report is rightly empty, said so.
            crate::i18n::warn(&msg!(
                "{0} led or supported no task on {end}, the report's end: its tasks came to it later",
                "{end}（报告截止日）时 {0} 尚未牵头或配合任何任务：其任务是之后才有的",
                crate::render::safe(&now, false)
            ));
            Ok(now)
        }
        [one] => Ok((*one).clone()),
        many => {
            let many: Vec<String> = many.iter().map(|u| crate::render::safe(u, false)).collect();
            bail!(msg!(
                "'{}' is the units {} merged after {end}: give the name one of them had then",
                "'{}' 是 {end} 之后由 {} 合并而成的：请写其中一个单位在 {end} 时的名称",
                crate::render::safe(&now, false),
                crate::i18n::list(&many)
            ))
        }
    }
}

/// Each name in `names` as the ledger spells the unit it names under
/// [`name_key`](crate::model::name_key) (`Party  Office` → `Party Office`), so a doubled or
/// full-width space never starts a second unit.
pub fn known_units(store: &Store, names: &mut [&mut String]) -> Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    let units = store.units()?;
    for name in names.iter_mut() {
        let known = crate::model::known_name(name, &units).to_string();
        **name = known;
    }
    Ok(())
}

/// Refuses unit names (lead or supporting, as stored) that are not units yet but are close to
/// one that is (组织课 beside 组织科; 组织 inside 组织科): most likely a slip that would start a
/// second, empty unit. `new_unit` (`--new-unit`) says they are new on purpose. A name unlike
/// every known one is a new unit as before: offices do take on new units.
pub fn refuse_near_units(store: &Store, names: &[&str], new_unit: bool) -> Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    refuse_near_units_in(&store.units()?, names, new_unit)
}

/// [`refuse_near_units`] against the names `units` (for `units rename`: the ledger's units
/// but the one being renamed).
pub fn refuse_near_units_in(units: &[String], names: &[&str], new_unit: bool) -> Result<()> {
    // A name of marks alone (`-`, `--`, `/`) is a forgotten value or a placeholder, never a
    // unit, whatever --new-unit says.
    if let Some(name) = names.iter().find(|n| !n.chars().any(char::is_alphanumeric)) {
        let shown = crate::render::safe(name, false);
        bail!(crate::msg!(
            "'{shown}' is not a unit name: a unit's name has letters, digits or Chinese characters, such as 组织科",
            "“{shown}”不是单位名称：单位名称应含文字或数字，如 组织科",
        ));
    }
    if new_unit {
        return Ok(());
    }
    for name in names {
        let near = crate::model::near_names(name, units, 3);
        if near.is_empty() {
            continue;
        }
        let shown = crate::render::safe(name, false);
        let near = crate::i18n::list(&near);
        bail!(crate::msg!(
            "unknown unit '{shown}': did you mean {near}? (to add '{shown}' as a new unit, give --new-unit)",
            "单位 '{shown}' 尚不存在：是不是 {near}？（确要新增该单位，请加 --new-unit）",
        ));
    }
    Ok(())
}

/// Prints the notes a typed date came with (which year `12/31` is, a deadline already past)
/// on standard error, as warnings: the value stands.
pub fn warn_date_notes(date: &crate::model::TypedDate) {
    for note in &date.notes {
        crate::i18n::warn(note);
    }
}

/// After a write that named units: a note on standard error for each name that differs from
/// another unit only by width or compatibility forms (`ＡＢＣ科` beside `ABC科`), which is most
/// likely the same unit typed another way. The write stands; `tracker units` lists such pairs
/// and the rename that merges them.
pub fn point_out_lookalikes(store: &Store, names: &[String]) {
    // A hint after the write: a failure to read for it is no failure of the command.
    if names.is_empty() {
        return;
    }
    let Ok(units) = store.units() else {
        return;
    };
    for name in names {
        let key = crate::model::lookalike_key(name);
        for other in units
            .iter()
            .filter(|u| *u != name && crate::model::lookalike_key(u) == key)
        {
            // The command to run is set off by 「」 in Chinese: quotes inside quotes would not
            // say where the command ends.
            crate::i18n::warn(&msg!(
                "'{}' differs from the unit '{}' only in width or compatibility forms; if they are one unit: tracker units rename '{}' '{}'",
                "'{}' 与单位 '{}' 仅有全角半角或兼容字形之别；如为同一单位，可运行「tracker units rename '{}' '{}'」",
                crate::render::safe(name, false),
                crate::render::safe(other, false),
                crate::render::safe(name, false),
                crate::render::safe(other, false),
            ));
        }
    }
}

/// Checks a recommendation number against the ledger.
pub fn check_rec(store: &Store, rec: u32) -> Result<()> {
    if store.recommendation(rec)?.is_some() {
        return Ok(());
    }
    let numbers: Vec<u32> = store.recommendations()?.iter().map(|r| r.number).collect();
    let known = match numbers.as_slice() {
        [] => msg!("none yet", "尚无"),
        few if few.len() <= 10 => crate::i18n::list(few.iter().map(u32::to_string)),
        many => msg!(
            "{} recommendations, {} to {}",
            "共 {} 条建议，{} 至 {}",
            many.len(),
            many[0],
            many[many.len() - 1]
        ),
    };
    bail!(msg!(
        "no recommendation {rec} (existing: {known})",
        "没有建议 {rec}（现有：{known}）"
    ))
}

/// The width tables are fitted to: the terminal's, else `COLUMNS`, else 80.
pub fn width() -> u16 {
    width_or(80)
}

/// The terminal's width, else `COLUMNS`, else `default`.
pub fn width_or(default: u16) -> u16 {
    if let Some(w) = comfy_table::Table::new().width() {
        return w.max(40);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(default)
}

/// The tasks `filter` selects (by what they are, not by state: give no status, deadline or
/// report filter) as they stood at the end of `today`: rewound through the events recorded
/// after it (`report::rewind_tasks`: a task added later is not there, a later status,
/// deadline or unit is not yet). `list` and the dashboard read a past `--today` so, the one
/// replay for both (issue 17, findings 17i-2, 17j-2).
pub(crate) fn tasks_on(
    s: &Store,
    filter: &crate::store::TaskFilter,
    today: chrono::NaiveDate,
) -> Result<Vec<crate::task::Task>> {
    let later = s.events(&crate::store::EventFilter {
        since: today.checked_add_days(chrono::Days::new(1)),
        tasks: Some(filter.clone()),
        ..Default::default()
    })?;
    Ok(crate::report::rewind_tasks(s.tasks(filter)?, &later))
}

/// The rename changes among those `keep` picks that were merges (`report::renames::merges`:
/// the new name already known just before), read from `s`, with every rename: the one place
/// a rename is told from a merge, for the report and `history`.
pub(crate) fn merge_changes(
    s: &Store,
    keep: impl Fn(&crate::report::reminders::Renamed) -> bool,
) -> Result<(
    Vec<crate::report::reminders::Renamed>,
    std::collections::HashSet<i64>,
)> {
    let changes = s.unit_renames()?;
    let wanted: Vec<(i64, String)> = changes
        .iter()
        .filter(|c| keep(c))
        .map(|c| (c.change, c.new.clone()))
        .collect();
    let Some(first) = wanted.iter().map(|(c, _)| *c).min() else {
        return Ok((changes, Default::default()));
    };
    let mut later = s.events(&crate::store::EventFilter::default())?;
    later.retain(|e| e.change_id >= first);
    let merged = crate::report::renames::merges(
        s.tasks(&crate::store::TaskFilter::default())?,
        &later,
        &wanted,
    );
    Ok((changes, merged))
}

/// Every rename of a unit (`Store::unit_renames`), an undo of a merge marked so (`merge`,
/// by [`merge_changes`]): what 催办次数 and the units' records follow names through. The
/// ledger is replayed only when a rename was undone.
pub(crate) fn unit_renames(s: &Store) -> Result<Vec<crate::report::reminders::Renamed>> {
    let mut all = s.unit_renames()?;
    let undone: std::collections::HashSet<i64> = all.iter().filter_map(|r| r.undoes).collect();
    if undone.is_empty() {
        return Ok(all);
    }
    let (_, merged) = merge_changes(s, |c| undone.contains(&c.change))?;
    for r in &mut all {
        r.merge = r.undoes.is_some_and(|t| merged.contains(&t));
    }
    Ok(all)
}

/// Marks the renames in `renames` that were merges ([`merge_changes`]).
pub(crate) fn mark_merges(
    s: &Store,
    renames: &mut [crate::report::renames::RenameNews],
) -> Result<()> {
    if renames.is_empty() {
        return Ok(());
    }
    let same = |r: &crate::report::renames::RenameNews, c: &crate::report::reminders::Renamed| {
        r.old == c.old && r.new == c.new && r.day == c.day
    };
    let (changes, merged) = merge_changes(s, |c| renames.iter().any(|r| same(r, c)))?;
    for r in renames.iter_mut() {
        r.merge = changes
            .iter()
            .any(|c| merged.contains(&c.change) && same(r, c));
    }
    Ok(())
}

/// Whether the ledger holds a change dated after `today` (its latest change's date, in its own
/// offset, as `EventFilter::since` reads dates): then `list` reads the ledger as it stood that
/// day (`as_of`), as `--stale`, `units` and the report do.
pub(crate) fn changed_after(s: &Store, today: chrono::NaiveDate) -> Result<bool> {
    let day = crate::model::ymd(today);
    Ok(s.latest_change_at()?
        .is_some_and(|at| at.get(..10).is_some_and(|d| d > day.as_str())))
}
