//! What a restore accepts, part by part: each value as strictly as the command that writes it
//! (ids, statuses, progress, dates and names through `model`), and each event only in a shape
//! some command could have recorded (`task::plan_update`, `plan_rename`, `plan_undo`, notes and
//! creation). Pure: no I/O, no SQL. Messages quote input through `render::shown`, so an escape
//! sequence in an export is shown, never run, and keep each quote short.

use chrono::{DateTime, Datelike};

use super::{
    DumpEvent, DumpImport, DumpNotice, DumpRecommendation, DumpSheetCollected, DumpSheetIssued,
    DumpTask,
};
use crate::model::{
    DATE_RANGE_HELP, Status, TaskId, TextKind, check_text, clean_text, date_in_range,
    normalise_input, parse_rec, parse_ymd,
};
use crate::task::Field;

/// The most a restore accepts. An export of the largest ledger we measure (100,000 tasks, 1.1
/// million events) is far inside them; they bound the memory and time a hostile file can take.
pub mod limits {
    /// Bytes of one JSON value read at once (a task, an event, the whole `meta` object). A task
    /// with a 20,000-character text written as `\uXXXX` escapes is under 0.5 MiB.
    pub const VALUE_BYTES: usize = 4 << 20;
    /// Entries in `meta`, characters of a key, characters of a value.
    pub const META_ENTRIES: usize = 64;
    pub const META_KEY_CHARS: usize = 64;
    pub const META_VALUE_CHARS: usize = 1000;
    /// Units in `units`.
    pub const UNITS: usize = 1_000_000;
    /// Tasks (the restore keeps a few dozen bytes per task in memory while it checks events).
    pub const TASKS: usize = 2_000_000;
    /// Events in the history.
    pub const EVENTS: usize = 100_000_000;
    /// Records of imported reports, and characters of a recorded file name.
    pub const IMPORTS: usize = 100_000;
    pub const FILE_NAME_CHARS: usize = 1000;
    /// Records of return sheets issued, and of sheets collected (each).
    pub const SHEETS: usize = 1_000_000;
    /// Supporting units of one task.
    pub const SUPPORT: usize = 1000;
    /// Characters of an RFC 3339 time (`2026-03-02T09:00:00.123456789+08:00` has 35).
    pub const TIME_CHARS: usize = 40;
}

/// Input quoted in a message: control characters escaped, cut after 40 characters.
pub fn quote(s: &str) -> String {
    const MAX: usize = 40;
    let cut: String = s.chars().take(MAX).collect();
    let more = if s.chars().nth(MAX).is_some() {
        "…"
    } else {
        ""
    };
    format!("'{}{more}'", crate::render::shown(&cut))
}

/// A task id exactly as the ledger writes it (`1.4`): `model`'s parser, but none of the forms
/// people type (`1-4`, `#1.4`, full-width digits).
pub fn task_id(s: &str) -> Result<TaskId, String> {
    let plain = s.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    match s.parse::<TaskId>() {
        Ok(id) if plain => Ok(id),
        _ => Err(crate::msg!(
            "{} is not a task id like 1.4",
            "{} 不是形如 1.4 的任务编号",
            quote(s)
        )),
    }
}

/// A meta entry: a lowercase key of letters, digits and `_`; a short one-line value; `start`
/// a date.
pub fn meta(key: &str, value: &str) -> Result<(), String> {
    let key_ok = !key.is_empty()
        && key.len() <= limits::META_KEY_CHARS
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !key_ok {
        return Err(crate::msg!(
            "meta key {} is not a name of at most {} lowercase letters, digits and _",
            "meta 键 {} 不是至多 {} 个小写字母、数字和 _ 组成的名称",
            quote(key),
            limits::META_KEY_CHARS
        ));
    }
    let chars = value.chars().count();
    if chars > limits::META_VALUE_CHARS {
        return Err(crate::msg!(
            "meta {key}: value of {chars} characters, at most {} accepted",
            "meta {key}：值有 {chars} 个字符，最多接受 {} 个",
            limits::META_VALUE_CHARS
        ));
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(crate::msg!(
            "meta {key}: value contains the control character U+{:04X}",
            "meta {key}：值含有控制字符 U+{:04X}",
            c as u32
        ));
    }
    if key == "start" {
        date(value).map_err(|e| crate::msg!("meta start: {e}", "meta start：{e}"))?;
    }
    Ok(())
}

/// A stored date: `YYYY-MM-DD` exactly, a real day, in the years commands accept
/// (`model::date_in_range`: 1000 to 9999).
pub fn date(s: &str) -> Result<chrono::NaiveDate, String> {
    parse_ymd(s).filter(|d| date_in_range(*d)).ok_or_else(|| {
        crate::msg!(
            "{} is not a date like 2026-03-01 ({DATE_RANGE_HELP})",
            "{} 不是形如 2026-03-01 的日期（{DATE_RANGE_HELP}）",
            quote(s)
        )
    })
}

/// A recommendation: its number as `--rec` accepts it, a headline, an optional text. The
/// headline is cleaned as `add --headline` cleans it.
pub fn recommendation(r: &mut DumpRecommendation) -> Result<(), String> {
    parse_rec(&r.number.to_string()).map_err(|_| {
        crate::msg!(
            "number {} is not from 1 to 999999",
            "编号 {} 不在 1 到 999999 之间",
            r.number
        )
    })?;
    r.headline = clean_text(TextKind::Headline, &r.headline)?;
    text(&mut r.text)
}

/// A task's full text: empty (a task added without `--text`) or a text `check_text` accepts.
fn text(s: &mut String) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    multiline(TextKind::Text, s)
}

/// A text or note as `check_text` accepts it, put in the form text comes in as (a leading BOM
/// dropped, CRLF and CR made LF) without trimming it, so that what an older tracker stored
/// comes back as it was.
fn multiline(kind: TextKind, s: &mut String) -> Result<(), String> {
    check_text(kind, s)?;
    if let std::borrow::Cow::Owned(o) = normalise_input(s) {
        *s = o;
    }
    Ok(())
}

/// A unit name, cleaned as `--lead`/`--support` clean it.
pub fn unit(s: &str) -> Result<String, String> {
    clean_text(TextKind::Unit, s).map_err(|e| crate::msg!("{e} ({})", "{e}（{}）", quote(s)))
}

/// A `support_order` value: a JSON array of at most `limits::SUPPORT` unit names, each clean
/// and none twice; rewritten in the form `tracker` writes (`support::encode`).
fn unit_list(s: &str) -> Result<String, String> {
    let bad = || {
        crate::msg!(
            "{} is not a JSON array of unit names such as [\"县区\",\"人事局\"]",
            "{} 不是形如 [\"县区\",\"人事局\"] 的单位名称 JSON 数组",
            quote(s)
        )
    };
    let list = crate::task::support::decode(s).ok_or_else(bad)?;
    if list.len() > limits::SUPPORT {
        return Err(crate::msg!(
            "{} supporting units, at most {} accepted",
            "{} 个配合单位，最多接受 {} 个",
            list.len(),
            limits::SUPPORT
        ));
    }
    let mut clean: Vec<String> = Vec::with_capacity(list.len());
    for raw in &list {
        let name = unit(raw)?;
        if clean.contains(&name) {
            return Err(crate::msg!(
                "unit {} is named twice",
                "单位 {} 出现了两次",
                quote(&name)
            ));
        }
        clean.push(name);
    }
    Ok(crate::task::support::encode(&clean))
}

/// A task as `add`, `import` and `update` leave it: id, title, text, units (none twice, the
/// lead not also supporting), deadline, status and progress. Names and the title are cleaned.
pub fn task(t: &mut DumpTask) -> Result<TaskId, String> {
    let id = task_id(&t.id)?;
    t.title = clean_text(TextKind::Title, &t.title)?;
    text(&mut t.text)?;
    let raw_lead = t.lead.clone();
    if let Some(lead) = &mut t.lead {
        *lead = unit(lead)?;
    }
    if t.support.len() > limits::SUPPORT {
        return Err(crate::msg!(
            "{} supporting units, at most {} accepted",
            "{} 个配合单位，最多接受 {} 个",
            t.support.len(),
            limits::SUPPORT
        ));
    }
    // A name written exactly as an earlier one is a fault no command makes; names that only
    // look alike (县(区) and 县（区）, a composed and a decomposed letter) were told apart by
    // older trackers and are one unit now, kept at its first place.
    let raw_lead = raw_lead.as_deref();
    let mut kept: Vec<String> = Vec::with_capacity(t.support.len());
    for (i, raw) in t.support.iter().enumerate() {
        if raw_lead == Some(raw.as_str()) || t.support[..i].contains(raw) {
            return Err(crate::msg!(
                "unit {} is named twice",
                "单位 {} 出现两次",
                quote(raw)
            ));
        }
        let name = unit(raw)?;
        if t.lead.as_ref() != Some(&name) && !kept.contains(&name) {
            kept.push(name);
        }
    }
    t.support = kept;
    if let Some(d) = &t.deadline {
        date(d).map_err(|e| crate::msg!("deadline {e}", "完成时限 {e}"))?;
    }
    status(&t.status)?;
    if t.progress > 100 {
        return Err(crate::msg!(
            "progress {} is not a whole number from 0 to 100",
            "进度 {} 不是 0 到 100 的整数",
            t.progress
        ));
    }
    Ok(id)
}

/// A status by its stored name (`not-started`…), not the aliases people type.
pub fn status(s: &str) -> Result<Status, String> {
    Status::from_name(s.as_bytes()).ok_or_else(|| {
        crate::msg!(
            "status {} is not one of not-started, in-progress, blocked, done, cancelled",
            "状态 {} 不是 not-started、in-progress、blocked、done、cancelled 之一",
            quote(s)
        )
    })
}

/// A stored progress: `0` to `100`, digits only, no leading zero.
pub fn progress(s: &str) -> Result<u8, String> {
    let canonical = !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    match s.parse::<u8>() {
        Ok(p) if canonical && p <= 100 && p.to_string() == s => Ok(p),
        _ => Err(crate::msg!(
            "progress {} is not a whole number from 0 to 100",
            "进度 {} 不是 0 到 100 的整数",
            quote(s)
        )),
    }
}

/// When a change was made: RFC 3339 with `T` and an offset, as the ledger writes it (its first
/// ten characters are the local date that reports group by).
pub fn time(s: &str) -> Result<(), String> {
    let shaped = s.len() <= limits::TIME_CHARS && s.as_bytes().get(10) == Some(&b'T');
    if shaped && DateTime::parse_from_rfc3339(s).is_ok() && date(&s[..10]).is_ok() {
        Ok(())
    } else {
        Err(crate::msg!(
            "time {} is not an RFC 3339 time like 2026-03-02T09:00:00+08:00",
            "时间 {} 不是形如 2026-03-02T09:00:00+08:00 的 RFC 3339 时间",
            quote(s)
        ))
    }
}

/// Who made a change, as `--by` accepts it (already cleaned: the ledger stores it so).
pub fn actor(s: &str) -> Result<(), String> {
    match check_text(TextKind::Actor, s) {
        Ok(clean) if clean == s => Ok(()),
        Ok(_) => Err(crate::msg!(
            "actor {} has spaces around it",
            "操作人 {} 前后有空格",
            quote(s)
        )),
        Err(e) => Err(crate::msg!("actor: {e}", "操作人：{e}")),
    }
}

/// One value of an event's `old` or `new`, in the shape its field stores.
fn value(field: Field, v: &mut String) -> Result<(), String> {
    match field {
        Field::Created | Field::Title => *v = clean_text(TextKind::Title, v)?,
        Field::Text => text(v)?,
        Field::Status => status(v).map(|_| ())?,
        Field::Progress => progress(v).map(|_| ())?,
        Field::Deadline => date(v).map(|_| ())?,
        Field::Lead | Field::Support => *v = unit(v)?,
        Field::SupportOrder => *v = unit_list(v)?,
        // A withdrawn note's text, kept on the withdrawal so undoing it can post it again.
        Field::Note => multiline(TextKind::Note, v)?,
        Field::Notice => v.parse::<crate::model::NoticeRef>().map(|_| ())?,
    }
    Ok(())
}

/// An event in a shape some command writes: a known field; `created` with the title as new
/// value; `note` with a note and no values, or, undoing a change, with the withdrawn note as
/// old value and no note; title, text, status and progress with both values;
/// deadline, lead and support with at least one; a clean actor, an RFC 3339 time and a
/// change number from 1. Returns its task and field.
pub fn event(e: &mut DumpEvent) -> Result<(TaskId, Field), String> {
    let id = task_id(&e.task)?;
    let field: Field = e.field.parse().map_err(|_| {
        crate::msg!(
            "field {} is not one of created, title, text, status, progress, deadline, lead, support, support_order, note, notice",
            "字段 {} 不是 created、title、text、status、progress、deadline、lead、support、support_order、note、notice 之一",
            quote(&e.field)
        )
    })?;
    if e.change < 1 {
        return Err(crate::msg!(
            "change number {} is not 1 or more",
            "变更号 {} 小于 1",
            e.change
        ));
    }
    let (old, new) = match field {
        Field::Created => (false, true),
        // `record_changes`: a note alone has neither value; an undo withdraws one (`old`: its
        // text, no note) or posts it again (its text as the note), and says which change.
        Field::Note => (e.undoes.is_some() && e.note.is_none(), false),
        Field::Title | Field::Text | Field::Status | Field::Progress => (true, true),
        Field::Deadline | Field::Lead | Field::Support => (e.old.is_some(), e.new.is_some()),
        Field::SupportOrder => (true, true),
        // Issued: the notice as `new`; withdrawn by an undo: as `old`; posted again: `new`.
        Field::Notice => {
            let withdrawn = e.undoes.is_some() && e.old.is_some();
            (withdrawn, !withdrawn)
        }
    };
    for (name, want, v) in [("old", old, &mut e.old), ("new", new, &mut e.new)] {
        match (want, v) {
            (true, Some(v)) => value(field, v).map_err(|m| {
                crate::msg!("{field} {name} value: {m}", "{field} 的 {name} 值：{m}")
            })?,
            (true, None) => {
                let article = if name == "old" { "an" } else { "a" };
                return Err(crate::msg!(
                    "a {field} change needs {article} {name} value",
                    "{field} 变更需要 {name} 值"
                ));
            }
            (false, Some(_)) => {
                return Err(crate::msg!(
                    "a {field} event has no {name} value",
                    "{field} 事件没有 {name} 值"
                ));
            }
            (false, None) => {}
        }
    }
    if e.old.is_none() && e.new.is_none() && field != Field::Note {
        return Err(crate::msg!(
            "a {field} change needs an old or a new value",
            "{field} 变更需要 old 或 new 值"
        ));
    }
    match &mut e.note {
        Some(_) if field == Field::Notice => {
            return Err(crate::msg!(
                "a notice event has no note",
                "notice 事件没有备注"
            ));
        }
        Some(note) => multiline(TextKind::Note, note)?,
        None if field == Field::Note && e.old.is_none() => {
            return Err(crate::msg!(
                "a note event needs its note",
                "note 事件需要其内容"
            ));
        }
        None => {}
    }
    actor(&e.actor)?;
    time(&e.at)?;
    // What export version 2 adds to an event, in the shapes `tracker` writes them.
    if let Some(t) = &e.entered
        && !(t.ends_with('Z') && DateTime::parse_from_rfc3339(t).is_ok())
    {
        return Err(crate::msg!(
            "entered is not a UTC time such as 2026-03-02T01:00:05Z: {}",
            "entered 不是形如 2026-03-02T01:00:05Z 的 UTC 时间：{}",
            quote(t)
        ));
    }
    if e.undoes.is_some_and(|c| c < 1 || c >= e.change) {
        return Err(crate::msg!(
            "undoes must name an earlier change",
            "undoes 必须指向更早的变更"
        ));
    }
    // A lead event's only position is a rename's mark (`task::RENAMED_LEAD`), on an event
    // with both names; exports before it never carry one there.
    let rename_mark = field == Field::Lead
        && e.position == Some(crate::task::RENAMED_LEAD)
        && e.old.is_some()
        && e.new.is_some();
    if e.position.is_some_and(|p| !(0..=10_000).contains(&p))
        || (e.position.is_some() && field != Field::Support && !rename_mark)
    {
        return Err(crate::msg!(
            "position is a supporting unit's place in its list (0 to 10000), on support events only, or 0 on a lead event that renames its unit",
            "position 是配合单位在列表中的位置（0 到 10000），只用于 support 事件，或在改名的 lead 事件上为 0"
        ));
    }
    if field == Field::SupportOrder {
        let set = |v: &Option<String>| {
            let mut l = v
                .as_deref()
                .and_then(crate::task::support::decode)
                .unwrap_or_default();
            l.sort();
            l
        };
        if set(&e.old) != set(&e.new) {
            return Err(crate::msg!(
                "a support_order change puts the same units in another order: old and new must name the same units",
                "support_order 变更只调整顺序：old 与 new 必须是同一组单位"
            ));
        }
    }
    Ok((id, field))
}

/// A record of an imported report: the SHA-256 of its bytes (64 lowercase hex digits), its file
/// name (at most `limits::FILE_NAME_CHARS`), the recommendations it became (`4` or `4-6`, each in `known`), who imported it, when.
pub fn import(i: &DumpImport, known: impl Fn(u32) -> bool) -> Result<(), String> {
    sha256(&i.hash)?;
    file_name(&i.file)?;
    let range = match i.recommendations.split_once('-') {
        Some((a, b)) => parse_rec(a).and_then(|a| parse_rec(b).map(|b| (a, b))),
        None => parse_rec(&i.recommendations).map(|a| (a, a)),
    };
    let bad = || {
        crate::msg!(
            "recommendations {} is not a number or a range like 4-6 of recommendations in the export",
            "recommendations {} 不是导出中建议的编号或形如 4-6 的范围",
            quote(&i.recommendations)
        )
    };
    let (a, b) = range.map_err(|_| bad())?;
    let dashed = i.recommendations.contains('-');
    if a > b || (dashed && a == b) || !(a..=b).all(known) {
        return Err(bad());
    }
    actor(&i.actor)?;
    time(&i.at)
}

/// A SHA-256 as the ledger records it: 64 lowercase hex digits.
fn sha256(hash: &str) -> Result<(), String> {
    let hex = hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if hex {
        Ok(())
    } else {
        Err(crate::msg!(
            "hash {} is not 64 lowercase hex digits (SHA-256)",
            "哈希 {} 不是 64 位小写十六进制数（SHA-256）",
            quote(hash)
        ))
    }
}

/// A recorded file name: any name a command could have taken from a path (even one with
/// control characters, which are escaped wherever it is shown), up to a length.
fn file_name(name: &str) -> Result<(), String> {
    let chars = name.chars().count();
    if chars > limits::FILE_NAME_CHARS {
        return Err(crate::msg!(
            "file name of {chars} characters, at most {} accepted",
            "文件名有 {chars} 个字符，最多接受 {} 个",
            limits::FILE_NAME_CHARS
        ));
    }
    Ok(())
}

/// A sheet's file name: never empty (`sheets` and `collect` name every file they handle).
fn sheet_file(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(crate::msg!("file name is empty", "文件名为空"));
    }
    file_name(name)
}

/// An ISO week exactly as the ledger writes it (`2026-W48`, a week that exists).
pub fn week(s: &str) -> Result<(), String> {
    match crate::report::parse_week(s) {
        Ok(p) if crate::report::week_label(p.from.iso_week()) == s => Ok(()),
        _ => Err(crate::msg!(
            "week {} is not an ISO week like 2026-W48",
            "周 {} 不是形如 2026-W48 的 ISO 周",
            quote(s)
        )),
    }
}

/// A unit name as the ledger stores it (already cleaned: `sheets` and `collect` record the
/// ledger's own names).
fn stored_unit(s: &str) -> Result<(), String> {
    match check_text(TextKind::Unit, s) {
        Ok(clean) if clean == s => Ok(()),
        Ok(_) => Err(crate::msg!(
            "unit {} is not in its stored form",
            "单位 {} 不是其存储形式",
            quote(s)
        )),
        Err(e) => Err(crate::msg!("unit: {e} ({})", "单位：{e}（{}）", quote(s))),
    }
}

/// A return sheet as `sheets` records it: an ISO week, a unit, the file name, the number of
/// tasks it listed (1 or more: a unit without open tasks gets no sheet), who wrote it, when.
pub fn sheet_issued(s: &DumpSheetIssued) -> Result<(), String> {
    week(&s.week)?;
    stored_unit(&s.unit)?;
    sheet_file(&s.file)?;
    if s.tasks == 0 || s.tasks > limits::TASKS as u64 {
        return Err(crate::msg!(
            "tasks {} is not from 1 to {}",
            "任务数 {} 不在 1 到 {} 之间",
            s.tasks,
            limits::TASKS
        ));
    }
    actor(&s.actor)?;
    time(&s.at)
}

/// A collected file as `collect` records it: the SHA-256 of its bytes, its sheet's week and
/// unit, its name, who applied it (the unit), when.
pub fn sheet_collected(s: &DumpSheetCollected) -> Result<(), String> {
    sha256(&s.hash)?;
    week(&s.week)?;
    stored_unit(&s.unit)?;
    sheet_file(&s.file)?;
    actor(&s.actor)?;
    if let Some(c) = &s.collector {
        actor(c)?;
    }
    for (name, change) in [("change_id", s.change_id), ("released", s.released)] {
        if change.is_some_and(|c| c < 1) {
            return Err(crate::msg!(
                "{name} must be a change number from 1",
                "{name} 须为从 1 起的变更号"
            ));
        }
    }
    if s.released.is_some() && s.change_id.is_none() {
        return Err(crate::msg!(
            "released names an undo, but no change applied the sheet",
            "released 指向撤销，但没有变更应用过该表"
        ));
    }
    time(&s.at)
}

/// A 督办通知单 as `notice` records it: a serial a year 1000–9999 and a number from 1 can
/// make, the unit in its stored form, a reply-by date, the number of tasks it listed (1 or
/// more: a unit without open tasks gets none), its change, who issued it, when. Returns the
/// text its tasks' `notice` events carry (`督办〔2026〕3号 2026-12-04`), which the restore
/// matches against the history once it has read it all.
pub fn notice(n: &DumpNotice) -> Result<String, String> {
    if !(1000..=9999).contains(&n.year) || n.number == 0 {
        return Err(crate::msg!(
            "serial 〔{}〕{} is not a year from 1000 to 9999 and a number from 1",
            "文号〔{}〕{} 不是 1000 到 9999 的年份加从 1 起的序号",
            n.year,
            n.number
        ));
    }
    stored_unit(&n.unit)?;
    let reply_by = date(&n.reply_by).map_err(|e| crate::msg!("reply_by: {e}", "reply_by：{e}"))?;
    if n.tasks == 0 || n.tasks as usize > limits::TASKS {
        return Err(crate::msg!(
            "tasks {} is not from 1 to {}",
            "任务数 {} 不在 1 到 {} 之间",
            n.tasks,
            limits::TASKS
        ));
    }
    if n.change < 1 {
        return Err(crate::msg!(
            "change must be a change number from 1",
            "change 须为从 1 起的变更号"
        ));
    }
    actor(&n.actor)?;
    time(&n.at)?;
    Ok(crate::model::NoticeRef {
        year: n.year,
        number: n.number,
        reply_by,
    }
    .to_string())
}

#[cfg(test)]
mod tests;
