//! `restore`: an export read part by part (`dump::stream`), each part checked
//! (`dump::check`) before `Store::bulk`'s loader writes it, and the whole checked once more at
//! the end: every task created by its first event, the status, progress and title each event
//! starts from equal to where the one before it left them, and the task's stored state where
//! its last event left it (what weekly reports replay), change numbers no higher than the
//! number of events (a command numbers each change one past the highest).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash};

use anyhow::{Result, anyhow, bail};

use super::Store;
use super::loader::Loader;
use crate::dump::check::{self, limits, quote};
use crate::dump::{
    DumpEvent, DumpImport, DumpNotice, DumpRecommendation, DumpSheetCollected, DumpSheetIssued,
    DumpTask, Sink, StreamError,
};
use crate::model::{Status, TaskId};
use crate::task::Field;

impl Store {
    /// Restores an export into this ledger, which must hold no plan yet, reading it part by
    /// part (`dump::stream`): each part is checked, then written, in one transaction, so a
    /// file refused half-way leaves nothing behind. Returns how many tasks and events it held.
    ///
    /// Errors: `StreamError::Malformed` for a file that is not an export (with line and
    /// column); `StreamError::Refused` for a part no command could have written (naming the
    /// part, with line and column) or a ledger that is not empty.
    pub fn restore(&mut self, reader: impl std::io::Read) -> Result<(usize, usize), StreamError> {
        let mut counts = (0, 0);
        let result = self.bulk(|l| {
            let mut r = Restorer {
                loader: l,
                recommendations: HashSet::new(),
                imports: HashSet::new(),
                issued: HashSet::new(),
                collected: HashSet::new(),
                notices: HashSet::new(),
                notices_listed: Vec::new(),
                notice_events: HashMap::new(),
                units: 0,
                unit_names: HashSet::new(),
                tasks: Vec::new(),
                first_row: None,
                events: 0,
                highest_change: 0,
                last_change: None,
                renames: ChangeShape::default(),
                hasher: std::hash::RandomState::new(),
            };
            match crate::dump::stream(reader, &mut r) {
                Ok(n) => {
                    counts = n;
                    r.finish()
                }
                Err(StreamError::Refused(e)) => Err(e),
                Err(StreamError::Malformed(m)) => Err(anyhow::Error::new(Malformed(m))),
            }
        });
        match result {
            Ok(()) => Ok(counts),
            Err(e) => match e.downcast::<Malformed>() {
                Ok(Malformed(m)) => Err(StreamError::Malformed(m)),
                Err(e) => Err(StreamError::Refused(e)),
            },
        }
    }
}

/// A malformed export, carried through `bulk` as an error.
#[derive(Debug)]
struct Malformed(String);

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Malformed {}

/// What the events of one task have shown so far, and what they must end with: a few bytes
/// per task (titles kept as hashes), so a million tasks cost tens of MB at most.
struct Chain {
    id: TaskId,
    created: bool,
    status: Status,
    progress: u8,
    title: u64,
    end_status: Status,
    end_progress: u8,
    end_title: u64,
}

/// The events of one change seen so far, as far as they tell a unit rename apart. Only
/// `units rename` (and an undo of it) writes a supporting unit's event with both an old and a
/// new name: a change of one unit's name, in lead and supporting unit events only. An update
/// adds and removes supporting units one value at a time; a change that mixes those with a
/// renamed one, or renames two names at once, is no command's.
#[derive(Default)]
struct ChangeShape {
    /// The one `(old, new)` pair of the change's two-valued unit events.
    pair: Option<(String, String)>,
    renamed_support: bool,
    /// Seen a field other than lead and support, or (outside an undo) a unit added alone.
    not_a_rename: bool,
}

impl ChangeShape {
    fn add(&mut self, field: Field, e: &DumpEvent) -> std::result::Result<(), String> {
        let unit = matches!(field, Field::Lead | Field::Support);
        match (unit, &e.old, &e.new) {
            (true, Some(old), Some(new)) => {
                if old == new {
                    return Err(crate::msg!(
                        "a {field} event changes {} to itself",
                        "{field} 事件把 {} 改成了它自己",
                        quote(old)
                    ));
                }
                let pair = (old.clone(), new.clone());
                if self.pair.get_or_insert_with(|| pair.clone()) != &pair {
                    return Err(crate::msg!(
                        "it renames more than one unit",
                        "它同时改名了不止一个单位"
                    ));
                }
                // A lead event marked as a rename (`task::RENAMED_LEAD`) is held to the same.
                self.renamed_support |=
                    field == Field::Support || e.position == Some(crate::task::RENAMED_LEAD);
            }
            (true, None, Some(_)) if field == Field::Support && e.undoes.is_none() => {
                self.not_a_rename = true;
            }
            (true, _, _) => {}
            (false, _, _) => self.not_a_rename = true,
        }
        if self.renamed_support && self.not_a_rename {
            return Err(crate::msg!(
                "a supporting unit's event with both an old and a new name is a rename ('units rename'), which changes only units, one name at a time",
                "既有旧名又有新名的配合单位事件是改名（'units rename'），只改单位，一次一个名称"
            ));
        }
        Ok(())
    }
}

/// Checks each part of an export as it is read, then writes it.
struct Restorer<'l, 't> {
    loader: &'l mut Loader<'t>,
    recommendations: HashSet<u32>,
    imports: HashSet<String>,
    /// Sheets issued by (week, unit), and collected files by hash: each once, as the
    /// tables' keys hold them.
    issued: HashSet<(String, String)>,
    collected: HashSet<String>,
    /// Notices by (year, number): each serial once, as the register's key holds it.
    notices: HashSet<(i32, u32)>,
    /// Each notice as its events must show it: (its place in the list, change, event text,
    /// tasks), matched in `finish`, when the whole history has been read.
    notices_listed: Vec<(usize, i64, String, u32)>,
    /// How many `notice` events each (change, text) issued.
    notice_events: HashMap<(i64, String), u32>,
    units: usize,
    /// The units' names as the export writes them.
    unit_names: HashSet<String>,
    /// By storage row, from `first_row` (the loader numbers tasks one after another).
    tasks: Vec<Chain>,
    first_row: Option<i64>,
    events: usize,
    highest_change: i64,
    /// The previous event's change, actor and time: one command's events share them.
    last_change: Option<(i64, String, String)>,
    /// What the current change's events have shown of a rename.
    renames: ChangeShape,
    hasher: std::hash::RandomState,
}

impl Restorer<'_, '_> {
    fn hash(&self, s: &str) -> u64 {
        let mut h = self.hasher.build_hasher();
        s.hash(&mut h);
        std::hash::Hasher::finish(&h)
    }

    /// The checks that need the whole file.
    fn finish(&self) -> Result<()> {
        for c in &self.tasks {
            let id = c.id;
            if !c.created {
                bail!(crate::msg!(
                    "task {id} has no created event: every task's history starts with one",
                    "任务 {id} 没有 created 事件：每个任务的历史都从它开始"
                ));
            }
            // What reports replay backwards from the stored state must lead to the creation.
            if c.status != c.end_status {
                bail!(crate::msg!(
                    "task {id}: its status is {} but its events leave it {}: it is not where its last event left it",
                    "任务 {id}：状态为 {}，但其事件留下的是 {}：与最后一个事件留下的不符",
                    c.end_status,
                    c.status
                ));
            }
            if c.progress != c.end_progress {
                bail!(crate::msg!(
                    "task {id}: its progress is {}% but its events leave it at {}%: it is not where its last event left it",
                    "任务 {id}：进度为 {}%，但其事件留下的是 {}%：与最后一个事件留下的不符",
                    c.end_progress,
                    c.progress
                ));
            }
            if c.title != c.end_title {
                bail!(crate::msg!(
                    "task {id}: its title is not the one its events leave: it is not where its last event left it",
                    "任务 {id}：标题不是其事件留下的标题：与最后一个事件留下的不符"
                ));
            }
        }
        for (n, change, text, tasks) in &self.notices_listed {
            let found = self
                .notice_events
                .get(&(*change, text.clone()))
                .copied()
                .unwrap_or(0);
            if found != *tasks {
                bail!(crate::msg!(
                    "notices {n}: {} lists {tasks} tasks, but change #{change} issued it on {found}: a notice is recorded on every task it lists",
                    "notices 第 {n} 项：{} 列有 {tasks} 项任务，但变更 #{change} 只在 {found} 项任务上记录了它：通知单应记入所列的每项任务",
                    text.split(' ').next().unwrap_or_default()
                ));
            }
        }
        if self.highest_change > self.events as i64 {
            bail!(crate::msg!(
                "change number {} is higher than the number of events ({}): each change is numbered one past the highest before it",
                "变更号 {} 大于事件数（{}）：每个变更的编号是此前最大编号加一",
                self.highest_change,
                self.events
            ));
        }
        Ok(())
    }
}

fn too_many(what: &str, max: usize) -> anyhow::Error {
    anyhow!(crate::msg!(
        "more than {max} {what}: more than a restore accepts",
        "超过 {max} {what}：超出恢复所能接受的数量"
    ))
}

impl Sink for Restorer<'_, '_> {
    fn meta(&mut self, key: String, value: String) -> Result<()> {
        check::meta(&key, &value).map_err(|e| anyhow!(crate::msg!("{e}", "{e}")))?;
        self.loader.meta(&key, &value)
    }

    fn recommendation(&mut self, mut r: DumpRecommendation) -> Result<()> {
        let n = r.number;
        check::recommendation(&mut r)
            .map_err(|e| anyhow!(crate::msg!("recommendation {n}: {e}", "建议 {n}：{e}")))?;
        if !self.recommendations.insert(n) {
            bail!(crate::msg!(
                "recommendation {n} appears twice",
                "建议 {n} 出现两次"
            ));
        }
        self.loader.recommendation(&r)
    }

    fn unit(&mut self, name: String) -> Result<()> {
        let clean =
            check::unit(&name).map_err(|e| anyhow!(crate::msg!("units: {e}", "units：{e}")))?;
        // Listed twice as written is a fault; two names that only look alike, which an
        // older tracker kept apart, become one unit.
        if !self.unit_names.insert(name) {
            bail!(crate::msg!(
                "units: {} appears twice",
                "units：{} 出现两次",
                quote(&clean)
            ));
        }
        if self.loader.has_unit(&clean) {
            return Ok(());
        }
        self.units += 1;
        if self.units > limits::UNITS {
            return Err(too_many(&crate::msg!("units", "个单位"), limits::UNITS));
        }
        self.loader.unit(&clean).map(|_| ())
    }

    fn import(&mut self, i: DumpImport) -> Result<()> {
        check::import(&i, |n| self.recommendations.contains(&n)).map_err(|e| {
            anyhow!(crate::msg!(
                "import of {}: {e}",
                "导入记录 {}：{e}",
                quote(&i.file)
            ))
        })?;
        if self.imports.len() >= limits::IMPORTS {
            return Err(too_many(
                &crate::msg!("imports", "条导入记录"),
                limits::IMPORTS,
            ));
        }
        if !self.imports.insert(i.hash.clone()) {
            bail!(crate::msg!(
                "import of {}: its hash appears twice",
                "导入记录 {}：其哈希出现两次",
                quote(&i.file)
            ));
        }
        self.loader.import(&i)
    }

    fn sheet_issued(&mut self, s: DumpSheetIssued) -> Result<()> {
        let n = self.issued.len() + 1;
        check::sheet_issued(&s).map_err(|e| {
            anyhow!(crate::msg!(
                "sheets_issued {n}: {e}",
                "sheets_issued 第 {n} 项：{e}"
            ))
        })?;
        if self.issued.len() >= limits::SHEETS {
            return Err(too_many(
                &crate::msg!("issued sheets", "张已发反馈表"),
                limits::SHEETS,
            ));
        }
        if !self.issued.insert((s.week.clone(), s.unit.clone())) {
            bail!(crate::msg!(
                "sheets_issued {n}: the sheet of {} for {} appears twice",
                "sheets_issued 第 {n} 项：{} 的 {} 反馈表出现两次",
                quote(&s.unit),
                s.week
            ));
        }
        self.loader.sheet_issued(&s)
    }

    fn sheet_collected(&mut self, c: DumpSheetCollected) -> Result<()> {
        let n = self.collected.len() + 1;
        check::sheet_collected(&c).map_err(|e| {
            anyhow!(crate::msg!(
                "sheets_collected {n}: {e}",
                "sheets_collected 第 {n} 项：{e}"
            ))
        })?;
        if self.collected.len() >= limits::SHEETS {
            return Err(too_many(
                &crate::msg!("collected sheets", "张已收反馈表"),
                limits::SHEETS,
            ));
        }
        if !self.collected.insert(c.hash.clone()) {
            bail!(crate::msg!(
                "sheets_collected {n}: its hash appears twice",
                "sheets_collected 第 {n} 项：其哈希出现两次"
            ));
        }
        self.loader.sheet_collected(&c)
    }

    fn task(&mut self, mut t: DumpTask) -> Result<()> {
        let id = check::task(&mut t)
            .map_err(|e| anyhow!(crate::msg!("task {}: {e}", "任务 {}：{e}", quote(&t.id))))?;
        if !self.recommendations.contains(&id.rec) {
            bail!(crate::msg!(
                "task {id}: its recommendation {} is not in the export (before the tasks)",
                "任务 {id}：其建议 {} 不在导出中（应在任务之前）",
                id.rec
            ));
        }
        if self.loader.has_task(id) {
            bail!(crate::msg!("task {id} appears twice", "任务 {id} 出现两次"));
        }
        if let Some(u) = t
            .lead
            .iter()
            .chain(&t.support)
            .find(|u| !self.loader.has_unit(u))
        {
            bail!(crate::msg!(
                "task {id}: unit {} is not in the export's units",
                "任务 {id}：单位 {} 不在导出的 units 中",
                quote(u)
            ));
        }
        if self.tasks.len() >= limits::TASKS {
            return Err(too_many(&crate::msg!("tasks", "个任务"), limits::TASKS));
        }
        let row = self.loader.task_as(id, &t)?;
        self.first_row.get_or_insert(row);
        let end_title = self.hash(&t.title);
        self.tasks.push(Chain {
            id,
            created: false,
            status: Status::NotStarted,
            progress: 0,
            title: 0,
            end_status: check::status(&t.status)
                .map_err(|e| anyhow!(crate::msg!("task {id}: {e}", "任务 {id}：{e}")))?,
            end_progress: t.progress,
            end_title,
        });
        Ok(())
    }

    fn event(&mut self, mut e: DumpEvent) -> Result<()> {
        self.events += 1;
        let n = self.events;
        if n > limits::EVENTS {
            return Err(too_many(&crate::msg!("events", "个事件"), limits::EVENTS));
        }
        let (id, field) = check::event(&mut e)
            .map_err(|err| anyhow!(crate::msg!("event {n}: {err}", "事件 {n}：{err}")))?;
        let Some(row) = self.loader.row_of(id) else {
            bail!(crate::msg!(
                "event {n}: task {id} is not in the export (before the events)",
                "事件 {n}：任务 {id} 不在导出中（应在事件之前）"
            ));
        };
        // One command's events come together, under one actor and time.
        match &self.last_change {
            Some((change, actor, at)) if *change == e.change => {
                if *actor != e.actor || *at != e.at {
                    bail!(crate::msg!(
                        "event {n}: change #{} has events by different actors or at different times",
                        "事件 {n}：变更 #{} 的事件来自不同操作人或不同时间",
                        e.change
                    ));
                }
            }
            _ => {
                self.last_change = Some((e.change, e.actor.clone(), e.at.clone()));
                self.renames = ChangeShape::default();
            }
        }
        self.renames.add(field, &e).map_err(|why| {
            anyhow!(crate::msg!(
                "event {n}: change #{}: {why}",
                "事件 {n}：变更 #{}：{why}",
                e.change
            ))
        })?;
        self.highest_change = self.highest_change.max(e.change);
        let index = (row - self.first_row.unwrap_or(row)) as usize;
        let new_title = match field {
            Field::Created | Field::Title => e.new.as_deref().map(|t| self.hash(t)),
            _ => None,
        };
        let old_title = match field {
            Field::Title => e.old.as_deref().map(|t| self.hash(t)),
            _ => None,
        };
        let Some(chain) = self.tasks.get_mut(index) else {
            bail!(crate::msg!(
                "event {n}: task {id} was not numbered as the tasks were read",
                "事件 {n}：任务 {id} 的编号与读入任务时不符"
            ));
        };
        let follows = |what: &str| {
            anyhow!(crate::msg!(
                "event {n}: the old {what} of task {id} is not what its previous event left (change #{})",
                "事件 {n}：任务 {id} 的旧 {what} 不是上一个事件留下的（变更 #{}）",
                e.change
            ))
        };
        match field {
            _ if !chain.created && field != Field::Created => bail!(crate::msg!(
                "event {n}: task {id}'s history starts with a {field} event, not its created event",
                "事件 {n}：任务 {id} 的历史以 {field} 事件开始，而不是 created 事件"
            )),
            Field::Created if chain.created => bail!(crate::msg!(
                "event {n}: task {id} is created twice",
                "事件 {n}：任务 {id} 被创建两次"
            )),
            Field::Created => {
                chain.created = true;
                chain.title = new_title.unwrap_or_default();
            }
            Field::Title => {
                if old_title != Some(chain.title) {
                    return Err(follows("title"));
                }
                chain.title = new_title.unwrap_or_default();
            }
            Field::Status => {
                let (old, new) = (e.old.as_deref(), e.new.as_deref());
                if old != Some(chain.status.name()) {
                    return Err(follows("status"));
                }
                chain.status = new
                    .and_then(|s| Status::from_name(s.as_bytes()))
                    .unwrap_or(chain.status);
            }
            Field::Progress => {
                if e.old.as_deref().and_then(|p| p.parse::<u8>().ok()) != Some(chain.progress) {
                    return Err(follows("progress"));
                }
                chain.progress = e.new.as_deref().and_then(|p| p.parse().ok()).unwrap_or(0);
            }
            _ => {}
        }
        if field == Field::Notice
            && e.undoes.is_none()
            && let Some(text) = &e.new
        {
            *self
                .notice_events
                .entry((e.change, text.clone()))
                .or_default() += 1;
        }
        self.loader.event_at(row, &e)
    }

    fn notice(&mut self, n: DumpNotice) -> Result<()> {
        let place = self.notices.len() + 1;
        let text = check::notice(&n).map_err(|e| {
            anyhow!(crate::msg!(
                "notices {place}: {e}",
                "notices 第 {place} 项：{e}"
            ))
        })?;
        if self.notices.len() >= limits::SHEETS {
            return Err(too_many(
                &crate::msg!("notices", "份督办通知单"),
                limits::SHEETS,
            ));
        }
        if !self.notices.insert((n.year, n.number)) {
            bail!(crate::msg!(
                "notices {place}: serial 督办〔{}〕{}号 appears twice",
                "notices 第 {place} 项：文号 督办〔{}〕{}号 出现两次",
                n.year,
                n.number
            ));
        }
        self.notices_listed.push((place, n.change, text, n.tasks));
        self.loader.notice(&n)
    }
}
