//! What an import would do, checked before anything is written: the earlier import of the
//! same content, and the numbers its recommendations get (free, unique, within the ids the
//! commands accept). `Store::import` runs the same check inside its write transaction and a
//! dry run runs it on a read, so a dry run refuses exactly what the import refuses.

use anyhow::{Context, Result, bail};

use super::db::{Db, args};
use super::{ImportOutcome, ImportSource, Imported, Store};

/// The numbers the recommendations of `recs` get: from `first` (`--as N`) one after another,
/// whatever numbers the file gives; else the file's own numbers where it gives them and the
/// next after `highest` for the others. Refused past the highest number ids take, or when
/// a number repeats.
pub fn number_imports(recs: &[Imported], first: Option<u32>, highest: u32) -> Result<Vec<u32>> {
    let mut next = first.unwrap_or(highest.saturating_add(1));
    let numbers: Vec<u32> = recs
        .iter()
        .map(|r| match r.number.filter(|_| first.is_none()) {
            Some(n) => n,
            None => {
                next = next.saturating_add(1);
                next - 1
            }
        })
        .collect();
    let start = numbers.first().copied().unwrap_or(next);
    if let Some(&n) = numbers.iter().find(|&&n| n > crate::model::MAX_NUMBER) {
        bail!(crate::msg!(
            "recommendation {n} would get ids no command accepts (numbers run from 1 to {}): importing {} recommendations from {start} goes past it; give --as N with a lower free number",
            "建议 {n} 的编号超出范围（编号为 1 至 {}）：从 {start} 起导入 {} 条建议会超出；请用 --as N 指定较小的空闲编号",
            crate::model::MAX_NUMBER,
            recs.len()
        ));
    }
    for (k, n) in numbers.iter().enumerate() {
        if numbers[..k].contains(n) {
            bail!(crate::msg!(
                "recommendation {n} appears twice in the file: give each group its own number, or --as N to number them from N",
                "文件中建议 {n} 出现两次：请给每组不同的编号，或用 --as N 从 N 起编号"
            ));
        }
    }
    Ok(numbers)
}

/// The import of `recs` checked against the ledger `conn` reads: `Err` with the earlier
/// import when this content came in before, else the numbers (`number_imports`), each
/// checked to be free.
pub(super) fn check(
    conn: &Db<'_>,
    recs: &[Imported],
    first: Option<u32>,
    source: &ImportSource,
) -> Result<std::result::Result<Vec<u32>, ImportOutcome>> {
    let earlier: Option<(String, String, String)> = conn
        .query_opt(
            "SELECT file, recommendations, at FROM imports WHERE hash IN (?1, ?2) ORDER BY at LIMIT 1",
            args![&source.hash, &source.bytes_hash],
        )
        .context("looking up earlier imports")?
        .map(|r| Ok::<_, anyhow::Error>((r.get(0)?, r.get(1)?, r.get(2)?)))
        .transpose()?;
    if let Some((file, numbers, at)) = earlier
        && !released(conn, &numbers)?
    {
        return Ok(Err(ImportOutcome::AlreadyImported { file, numbers, at }));
    }
    let highest: u32 = conn
        .value("SELECT COALESCE(MAX(number), 0) FROM recommendations", &[])
        .context("finding the highest recommendation")?;
    let numbers = number_imports(recs, first, highest)?;
    let start = numbers.first().copied().unwrap_or(highest + 1);
    // One statement for every number, not one each: over a network each is a round trip.
    let list = serde_json::to_string(&numbers).expect("a list of numbers is JSON");
    let taken: Option<u32> = conn
        .value(
            &format!(
                "SELECT min(number) FROM recommendations WHERE number IN {}",
                conn.dialect().json_ids("?1")
            ),
            args![list],
        )
        .context("looking up a recommendation's number")?;
    if let Some(n) = taken {
        let free = if highest < crate::model::MAX_NUMBER {
            crate::msg!(
                "the next free number is {}",
                "下一个空闲编号是 {}",
                highest + 1
            )
        } else {
            crate::msg!(
                "no number after {highest} is free: ids go up to {}",
                "{highest} 之后没有空闲编号：编号最大为 {}",
                crate::model::MAX_NUMBER
            )
        };
        bail!(crate::msg!(
            "recommendation {n} already exists: importing {} recommendations from {start} needs {start}–{} free ({free}; --as N numbers them from N)",
            "建议 {n} 已存在：从 {start} 起导入 {} 条建议需要 {start}–{} 空闲（{free}；--as N 从 N 起编号）",
            recs.len(),
            start + recs.len() as u32 - 1,
        ));
    }
    Ok(Ok(numbers))
}

/// Has an earlier import been taken back? `undo` cancels every task an import added (the
/// history keeps them), so an import whose recommendations (`3` or `3-5`, as `imports`
/// records them) hold no task that is not cancelled no longer holds its file: the same file
/// may be imported again.
fn released(conn: &Db<'_>, numbers: &str) -> Result<bool> {
    let mut ends = numbers.split('-').map(|n| n.trim().parse::<u32>());
    let (Some(Ok(from)), to) = (ends.next(), ends.next()) else {
        return Ok(false);
    };
    let to = match to {
        Some(Ok(to)) => to,
        Some(Err(_)) => return Ok(false),
        None => from,
    };
    let live: i64 = conn
        .value(
            "SELECT count(*) FROM tasks WHERE recommendation BETWEEN ?1 AND ?2 AND status != 'cancelled'",
            args![from, to],
        )
        .context("counting the tasks an earlier import added")?;
    Ok(live == 0)
}

impl Store {
    /// What `import` would do with `recs`, checked the same way, without writing: the
    /// numbers the recommendations would get, or (`Err`) the earlier import of this content.
    pub fn plan_import(
        &self,
        recs: &[Imported],
        first: Option<u32>,
        source: &ImportSource,
    ) -> Result<std::result::Result<Vec<u32>, ImportOutcome>> {
        check(&self.db(), recs, first, source)
    }
}

/// The secondary indexes of the tables an import fills, set aside while a large import
/// writes its rows and built again, from their own `CREATE INDEX` text, before it commits.
///
/// An import of a 10,000-row table appends about 40,000 events, each entered into the seven
/// indexes of `events` one seek at a time; building an index once from the finished rows
/// sorts them instead, as `restore` does (`Store::bulk`). Worth it only while the import's
/// rows outnumber the ledger's (a rebuild sorts the old rows too), so a small import into a
/// long history keeps the indexes. Unique indexes stay, so a clash still fails as it would
/// have, at the row that causes it. All inside the import's transaction: another reader
/// sees the indexes as they were, and a failed import leaves them untouched.
pub(super) struct SetAside(Vec<String>);

/// Tables an import appends to.
const FILLED: &str = "'events', 'tasks', 'task_units'";

impl SetAside {
    /// Sets the indexes aside when `new_events` (what the import will append, about) is at
    /// least `FLOOR` and at least the number of events the ledger holds; else keeps them.
    pub(super) fn when_large(tx: &Db<'_>, new_events: usize) -> Result<SetAside> {
        /// Below this an import's index updates cost less than starting a sort.
        const FLOOR: usize = 2_000;
        // SQLite's indexes, read from its catalogue; a server keeps its indexes (its writes
        // are not the bottleneck the network is).
        let Db::Sqlite(conn) = tx else {
            return Ok(SetAside(Vec::new()));
        };
        if new_events < FLOOR {
            return Ok(SetAside(Vec::new()));
        }
        let held: i64 = tx
            .value("SELECT COALESCE(MAX(id), 0) FROM events", &[])
            .context("counting the history's events")?;
        if usize::try_from(held).unwrap_or(usize::MAX) > new_events {
            return Ok(SetAside(Vec::new()));
        }
        let indexes: Vec<(String, String)> = conn
            .prepare(&format!(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
                 AND tbl_name IN ({FILLED}) AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY rowid"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()
            .context("listing the indexes")?;
        for (name, _) in &indexes {
            tx.batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))
                .context("setting an index aside for the import")?;
        }
        // The rebuilds sort with helper threads, as `restore`'s do (the process's cores,
        // `par::threads`; a setting of this connection only).
        conn.pragma_update(None, "threads", crate::par::threads() as i64)
            .context("sorting the rebuilt indexes")?;
        Ok(SetAside(indexes.into_iter().map(|(_, sql)| sql).collect()))
    }

    /// Builds the indexes set aside again (before the import commits).
    pub(super) fn restore(self, tx: &Db<'_>) -> Result<()> {
        for sql in &self.0 {
            tx.batch(sql)
                .context("rebuilding the indexes after the import")?;
        }
        Ok(())
    }
}
