//! The whole ledger as one value: what `export` writes, `restore` reads, and `dev synth`
//! generates. The JSON shape is versioned; field order and event order are fixed, so export →
//! restore → export gives the same bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a restore accepts, part by part.
pub mod check;
/// An export streamed into a load, and the fingerprint that checks a copy.
pub mod pipe;

pub const FORMAT: &str = "tracker-ledger";
/// The export format's version. 1: the first release; 2 (issue 14): `imports`, and events may
/// carry `entered`, `undoes` and `position`; 3 (issue 16): `sheets_issued` and
/// `sheets_collected`, the return sheets written and collected; 4 (issue 17): `notices`, the
/// register of 督办通知单 serials given (written after the events it names). Older exports
/// still restore (no imports, sheets or notices register, and the three event fields unknown,
/// as in a ledger from before them; a ledger restored without the register numbers on from
/// the highest serial its history holds).
pub const VERSION: u32 = 4;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dump {
    /// Always `tracker-ledger`.
    pub format: String,
    pub version: u32,
    /// Plan-wide settings, such as `start`.
    pub meta: BTreeMap<String, String>,
    pub recommendations: Vec<DumpRecommendation>,
    /// Every unit named by a task.
    pub units: Vec<String>,
    /// The reports `tracker import` read (since version 2; absent from version 1).
    #[serde(default)]
    pub imports: Vec<DumpImport>,
    /// The return sheets `tracker sheets` wrote (since version 3).
    #[serde(default)]
    pub sheets_issued: Vec<DumpSheetIssued>,
    /// The returned files `tracker collect` applied (since version 3).
    #[serde(default)]
    pub sheets_collected: Vec<DumpSheetCollected>,
    /// Every task in its current state, in id order.
    pub tasks: Vec<DumpTask>,
    /// The full history, oldest first.
    pub events: Vec<DumpEvent>,
    /// The 督办通知单 issued, by year and number (since version 4). After the events, whose
    /// `notice` events each one must match.
    #[serde(default)]
    pub notices: Vec<DumpNotice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpRecommendation {
    pub number: u32,
    pub headline: String,
    pub text: String,
}

/// A report `tracker import` read, so that the same report is not imported twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpImport {
    /// SHA-256 of the report, 64 lowercase hex digits.
    pub hash: String,
    /// The file's name as it was imported.
    pub file: String,
    /// The recommendations it became: `4`, or `4-6`.
    pub recommendations: String,
    pub actor: String,
    /// RFC 3339 local time.
    pub at: String,
}

/// A return sheet issued to a unit for a week (`sheets_issued`; one per week and unit, the
/// latest written).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpSheetIssued {
    /// ISO week, `2026-W48`.
    pub week: String,
    pub unit: String,
    /// The file name it was written as (`组织科-2026-W48.xlsx`).
    pub file: String,
    /// How many tasks it listed.
    pub tasks: u64,
    pub actor: String,
    /// RFC 3339 local time.
    pub at: String,
}

/// A returned sheet `collect` applied (`sheets_collected`), so the same file is not applied
/// twice and `collect --missing` knows the unit answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpSheetCollected {
    /// SHA-256 of the file's bytes, 64 lowercase hex digits.
    pub hash: String,
    pub week: String,
    pub unit: String,
    /// The file's name as collected.
    pub file: String,
    pub actor: String,
    /// RFC 3339 local time.
    pub at: String,
    /// The change that applied the file; absent when it changed nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_id: Option<i64>,
    /// Who ran the collect: their `undo` takes the sheet back, though the change is the unit's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collector: Option<String>,
    /// The undo change that released the sheet; absent while it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<i64>,
}

/// A 督办通知单 issued (`notices`): its serial, kept even when `undo` withdrew it, because a
/// register of document numbers never gives a number twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpNotice {
    /// The year of the serial 督办〔2026〕3号, 1000–9999.
    pub year: i32,
    /// The number within the year, from 1.
    pub number: u32,
    /// The unit it was addressed to, as the ledger stores it.
    pub unit: String,
    /// `YYYY-MM-DD`, the date it asked for a reply by.
    pub reply_by: String,
    /// How many tasks it listed (each has a `notice` event of `change`), 1 or more.
    pub tasks: u32,
    /// The change that recorded it on its tasks.
    pub change: i64,
    pub actor: String,
    /// RFC 3339 local time, as events' `at`.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpTask {
    pub id: String,
    pub title: String,
    pub text: String,
    pub lead: Option<String>,
    pub support: Vec<String>,
    pub deadline: Option<String>,
    pub status: String,
    pub progress: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpEvent {
    pub change: i64,
    pub task: String,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub note: Option<String>,
    pub actor: String,
    pub at: String,
    /// When the event was really recorded (UTC); absent for events from before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered: Option<String>,
    /// The change an undo event takes back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<i64>,
    /// A supporting unit's place in the list when it was added or removed (0 = first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
}

impl Dump {
    pub fn new() -> Dump {
        Dump {
            format: FORMAT.into(),
            version: VERSION,
            meta: BTreeMap::new(),
            recommendations: Vec::new(),
            units: Vec::new(),
            imports: Vec::new(),
            sheets_issued: Vec::new(),
            sheets_collected: Vec::new(),
            tasks: Vec::new(),
            events: Vec::new(),
            notices: Vec::new(),
        }
    }
}

impl Default for Dump {
    fn default() -> Self {
        Dump::new()
    }
}

/// A dump's small parts, written before its tasks and events.
pub struct Head {
    pub meta: BTreeMap<String, String>,
    pub recommendations: Vec<DumpRecommendation>,
    pub units: Vec<String>,
    pub imports: Vec<DumpImport>,
    pub sheets_issued: Vec<DumpSheetIssued>,
    pub sheets_collected: Vec<DumpSheetCollected>,
    /// Written after the events.
    pub notices: Vec<DumpNotice>,
}

/// Writes a dump as pretty JSON (the shape of `Dump`, byte for byte) from its head and two
/// streams of rows, so that a ledger of a million events is never all in memory. Returns how
/// many tasks and events were written.
pub fn write(
    out: &mut dyn std::io::Write,
    head: Head,
    tasks: &mut dyn Iterator<Item = anyhow::Result<DumpTask>>,
    events: &mut dyn Iterator<Item = anyhow::Result<DumpEvent>>,
) -> anyhow::Result<(usize, usize)> {
    use serde::ser::SerializeStruct;
    let counts = std::cell::Cell::new((0, 0));
    let failure = std::cell::RefCell::new(None);
    struct Rows<'a, T> {
        rows: std::cell::RefCell<&'a mut dyn Iterator<Item = anyhow::Result<T>>>,
        failure: &'a std::cell::RefCell<Option<anyhow::Error>>,
        count: &'a dyn Fn(),
    }
    impl<T: Serialize> Serialize for Rows<'_, T> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::{Error, SerializeSeq};
            let mut seq = s.serialize_seq(None)?;
            for row in &mut **self.rows.borrow_mut() {
                match row {
                    Ok(item) => {
                        seq.serialize_element(&item)?;
                        (self.count)();
                    }
                    Err(e) => {
                        *self.failure.borrow_mut() = Some(e);
                        return Err(S::Error::custom("reading the ledger failed"));
                    }
                }
            }
            seq.end()
        }
    }
    let mut w = std::io::BufWriter::new(out);
    let mut ser = serde_json::Serializer::pretty(&mut w);
    let result = (|| -> Result<(), serde_json::Error> {
        let mut st = serde::Serializer::serialize_struct(&mut ser, "Dump", 11)?;
        st.serialize_field("format", FORMAT)?;
        st.serialize_field("version", &VERSION)?;
        st.serialize_field("meta", &head.meta)?;
        st.serialize_field("recommendations", &head.recommendations)?;
        st.serialize_field("units", &head.units)?;
        st.serialize_field("imports", &head.imports)?;
        st.serialize_field("sheets_issued", &head.sheets_issued)?;
        st.serialize_field("sheets_collected", &head.sheets_collected)?;
        let count_task = || counts.set((counts.get().0 + 1, counts.get().1));
        let count_event = || counts.set((counts.get().0, counts.get().1 + 1));
        st.serialize_field(
            "tasks",
            &Rows {
                rows: std::cell::RefCell::new(tasks),
                failure: &failure,
                count: &count_task,
            },
        )?;
        st.serialize_field(
            "events",
            &Rows {
                rows: std::cell::RefCell::new(events),
                failure: &failure,
                count: &count_event,
            },
        )?;
        st.serialize_field("notices", &head.notices)?;
        st.end()
    })();
    if let Some(e) = failure.into_inner() {
        return Err(e);
    }
    result?;
    std::io::Write::write_all(&mut w, b"\n")?;
    std::io::Write::flush(&mut w)?;
    Ok(counts.get())
}

/// Receives a dump's parts as `stream` reads them, in the file's order (an export writes meta,
/// recommendations, units, imports, issued and collected sheets, tasks, events, then notices).
pub trait Sink {
    fn meta(&mut self, key: String, value: String) -> anyhow::Result<()>;
    fn recommendation(&mut self, r: DumpRecommendation) -> anyhow::Result<()>;
    fn unit(&mut self, name: String) -> anyhow::Result<()>;
    fn import(&mut self, i: DumpImport) -> anyhow::Result<()>;
    fn sheet_issued(&mut self, s: DumpSheetIssued) -> anyhow::Result<()>;
    fn sheet_collected(&mut self, s: DumpSheetCollected) -> anyhow::Result<()>;
    fn task(&mut self, t: DumpTask) -> anyhow::Result<()>;
    fn event(&mut self, e: DumpEvent) -> anyhow::Result<()>;
    fn notice(&mut self, n: DumpNotice) -> anyhow::Result<()>;
}

/// Why `stream` stopped.
#[derive(Debug)]
pub enum StreamError {
    /// The sink refused a part (its error says which and why).
    Refused(anyhow::Error),
    /// Not a tracker export: not JSON, a wrong shape, or another format or a newer version.
    Malformed(String),
}

/// Reads a dump from `reader` one part at a time, handing each to `sink`, so that a ledger of
/// a million events is never all in memory. Returns how many tasks and events were read.
pub fn stream(
    reader: impl std::io::Read,
    sink: &mut dyn Sink,
) -> Result<(usize, usize), StreamError> {
    stream_through(Window::new(reader), sink)
}

fn stream_through<R: std::io::Read>(
    mut input: Window<R>,
    sink: &mut dyn Sink,
) -> Result<(usize, usize), StreamError> {
    let mut counts = (0, 0);
    let format = read_dump(&mut input, sink, &mut counts)?;
    if !format {
        return Err(StreamError::Malformed(crate::msg!(
            "no \"format\": \"{FORMAT}\"",
            "没有 \"format\": \"{FORMAT}\""
        )));
    }
    Ok(counts)
}

const FIELDS: &[&str] = &[
    "format",
    "version",
    "meta",
    "recommendations",
    "units",
    "imports",
    "sheets_issued",
    "sheets_collected",
    "tasks",
    "events",
    "notices",
];

/// The export's outer object, key by key; the lists element by element. Returns whether it
/// named its format.
fn read_dump<R: std::io::Read>(
    input: &mut Window<R>,
    sink: &mut dyn Sink,
    counts: &mut (usize, usize),
) -> Result<bool, StreamError> {
    input.skip_bom()?;
    input.expect(
        b'{',
        &crate::msg!(
            "a tracker export (a JSON object)",
            "tracker 导出（一个 JSON 对象）"
        ),
    )?;
    let mut format = false;
    let mut more = input.peek()? != Some(b'}');
    if !more {
        input.pos += 1;
    }
    while more {
        if input.peek()? != Some(b'"') {
            return Err(input.malformed(&crate::msg!("expected a key in quotes", "应为带引号的键")));
        }
        let key: String = input.value()?;
        input.expect(b':', "`:`")?;
        match key.as_str() {
            "format" => {
                let f: String = input.value()?;
                if f != FORMAT {
                    return Err(input.malformed(&crate::msg!(
                        "format is '{f}', expected '{FORMAT}'",
                        "format 为 '{f}'，应为 '{FORMAT}'"
                    )));
                }
                format = true;
            }
            "version" => {
                let v: u32 = input.value()?;
                if v == 0 {
                    return Err(input.malformed(&crate::msg!(
                        "export version 0 does not exist (1 or more)",
                        "不存在导出版本 0（应为 1 或以上）"
                    )));
                }
                if v > VERSION {
                    return Err(input.malformed(&crate::msg!(
                        "export version {v} is newer than this tracker reads ({VERSION}): upgrade tracker",
                        "导出版本 {v} 比本 tracker 能读的（{VERSION}）新：请升级 tracker"
                    )));
                }
            }
            "meta" => {
                let (meta, start): (BTreeMap<String, String>, usize) = input.value_at()?;
                if meta.len() > check::limits::META_ENTRIES {
                    return Err(input.refused(
                        start,
                        anyhow::anyhow!(crate::msg!(
                            "meta: {} entries, at most {} accepted",
                            "meta：{} 项，最多接受 {} 项",
                            meta.len(),
                            check::limits::META_ENTRIES
                        )),
                    ));
                }
                for (k, v) in meta {
                    sink.meta(k, v).map_err(|e| input.refused(start, e))?;
                }
            }
            "recommendations" => {
                input.each(|r| sink.recommendation(r))?;
            }
            "units" => {
                input.each(|u| sink.unit(u))?;
            }
            "imports" => {
                input.each(|i| sink.import(i))?;
            }
            "sheets_issued" => {
                input.each(|i| sink.sheet_issued(i))?;
            }
            "sheets_collected" => {
                input.each(|c| sink.sheet_collected(c))?;
            }
            "tasks" => counts.0 += input.each(|t| sink.task(t))?,
            "events" => counts.1 += input.each(|e| sink.event(e))?,
            "notices" => {
                input.each(|n| sink.notice(n))?;
            }
            other => {
                let e = <serde_json::Error as serde::de::Error>::unknown_field(other, FIELDS);
                return Err(input.malformed(&crate::i18n::serde_message(&e.to_string(), "JSON")));
            }
        }
        more = match input.peek()? {
            Some(b',') => true,
            Some(b'}') => false,
            _ => {
                return Err(
                    input.malformed(&crate::msg!("expected `,` or `}}`", "应为 `,` 或 `}}`"))
                );
            }
        };
        input.pos += 1;
    }
    if input.peek()?.is_some() {
        return Err(input.malformed(&crate::msg!("trailing characters", "结尾有多余字符")));
    }
    Ok(format)
}

/// How many line feeds `s` holds: counted 255 bytes at a time in byte-wide sums, which the
/// compiler turns into vector code (a plain filtered count was a tenth of the parsing time).
fn newlines(s: &[u8]) -> usize {
    s.chunks(255)
        .map(|c| c.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')) as usize)
        .sum()
}

/// How much of the export is held at once (more only while one value is longer).
const WINDOW: usize = 1 << 20;
/// A value starts with at least this much of the file after it in the window, unless the file
/// ends first, so that a number is never cut at the window's edge.
const AHEAD: usize = 4096;

/// A window sliding over the export. Each value is parsed from a slice, which is several
/// times faster in serde_json than reading through `io::Read`; a value that runs past the
/// window's end is parsed again once more of the file is in.
struct Window<R> {
    reader: R,
    /// `WINDOW` and `AHEAD`, smaller in tests.
    size: usize,
    ahead: usize,
    buf: Vec<u8>,
    /// The next byte to read in `buf`.
    pos: usize,
    eof: bool,
    /// Lines before `buf`, and bytes since the last of them, for the positions in errors.
    lines: usize,
    column: usize,
}

impl<R: std::io::Read> Window<R> {
    fn new(reader: R) -> Self {
        Self::sized(reader, WINDOW, AHEAD)
    }

    fn sized(reader: R, size: usize, ahead: usize) -> Self {
        Window {
            reader,
            size,
            ahead,
            buf: Vec::new(),
            pos: 0,
            eof: false,
            lines: 0,
            column: 0,
        }
    }

    /// Drops what was read and reads on until the window is full (twice as large if what is
    /// left already fills it) or the file ends. Returns whether anything more came in.
    fn refill(&mut self) -> Result<bool, StreamError> {
        if self.eof {
            return Ok(false);
        }
        let done = &self.buf[..self.pos];
        match done.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                self.lines += newlines(done);
                self.column = done.len() - last - 1;
            }
            None => self.column += done.len(),
        }
        self.buf.drain(..self.pos);
        self.pos = 0;
        let kept = self.buf.len();
        // Twice what is kept, but never past the longest value accepted (`value_at` refuses
        // one that fills that much).
        let size = (kept * 2).clamp(self.size, check::limits::VALUE_BYTES.max(self.size));
        self.buf.resize(size, 0);
        let mut filled = kept;
        while filled < size {
            match self.reader.read(&mut self.buf[filled..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(StreamError::Refused(anyhow::anyhow!(crate::msg!(
                        "reading the export failed: {e}",
                        "读取导出文件失败：{e}"
                    ))));
                }
            }
        }
        self.buf.truncate(filled);
        Ok(filled > kept)
    }

    /// Steps over a UTF-8 byte-order mark at the start of the file (an export opened and saved
    /// in a Windows editor gets one), by the rule every input follows (`model::strip_bom`).
    fn skip_bom(&mut self) -> Result<(), StreamError> {
        if self.buf.is_empty() {
            self.refill()?;
        }
        if self.pos == 0 && self.lines == 0 && self.column == 0 {
            self.pos = self.buf.len() - crate::model::strip_bom(&self.buf).len();
        }
        Ok(())
    }

    /// The next byte that is not whitespace, left unread; `None` at the end of the file.
    fn peek(&mut self) -> Result<Option<u8>, StreamError> {
        loop {
            while let Some(&b) = self.buf.get(self.pos) {
                if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
            if !self.refill()? {
                return Ok(None);
            }
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), StreamError> {
        if self.peek()? == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.malformed(&crate::msg!("expected {what}", "应为{what}")))
        }
    }

    /// One JSON value, parsed from the window.
    fn value<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, StreamError> {
        self.value_at().map(|(v, _)| v)
    }

    /// One JSON value and where it starts in `buf` (valid until the next refill), for placing
    /// a refusal of it (`refused`). A value longer than `check::limits::VALUE_BYTES` is
    /// refused before more of it is read, so a hostile file cannot fill the memory.
    fn value_at<T: serde::de::DeserializeOwned>(&mut self) -> Result<(T, usize), StreamError> {
        while self.buf.len() - self.pos < self.ahead && self.refill()? {}
        loop {
            let mut values =
                serde_json::Deserializer::from_slice(&self.buf[self.pos..]).into_iter::<T>();
            match values.next() {
                Some(Ok(v)) => {
                    let start = self.pos;
                    self.pos += values.byte_offset();
                    return Ok((v, start));
                }
                Some(Err(e)) if e.is_eof() && !self.eof => {
                    if self.buf.len() - self.pos >= check::limits::VALUE_BYTES {
                        return Err(self.malformed(&crate::msg!(
                            "a value longer than {} MiB (no part of an export is)",
                            "一个值超过 {} MiB（导出中没有这样长的部分）",
                            check::limits::VALUE_BYTES >> 20
                        )));
                    }
                    self.refill()?;
                }
                Some(Err(e)) => return Err(self.malformed_json(&e)),
                None => {
                    return Err(self.malformed(&crate::msg!(
                        "expected a value, found the end of the file",
                        "应为一个值，却到了文件末尾"
                    )));
                }
            }
        }
    }

    /// A JSON list, element by element, each handed to `f` as soon as it is read. Returns
    /// how many there were.
    fn each<T: serde::de::DeserializeOwned>(
        &mut self,
        mut f: impl FnMut(T) -> anyhow::Result<()>,
    ) -> Result<usize, StreamError> {
        self.expect(b'[', &crate::msg!("a list", "一个列表"))?;
        let mut n = 0;
        let mut more = self.peek()? != Some(b']');
        if !more {
            self.pos += 1;
        }
        while more {
            let (v, start) = self.value_at()?;
            f(v).map_err(|e| self.refused(start, e))?;
            n += 1;
            more = match self.peek()? {
                Some(b',') => true,
                Some(b']') => false,
                _ => {
                    return Err(
                        self.malformed(&crate::msg!("expected `,` or `]`", "应为 `,` 或 `]`"))
                    );
                }
            };
            self.pos += 1;
        }
        Ok(n)
    }

    /// Line and column (from 1, columns in bytes, as serde_json counts) of `buf[at]`.
    fn position(&self, at: usize) -> (usize, usize) {
        let before = &self.buf[..at.min(self.buf.len())];
        match before.iter().rposition(|&b| b == b'\n') {
            Some(last) => (self.lines + 1 + newlines(before), at - last),
            None => (self.lines + 1, self.column + at + 1),
        }
    }

    /// The sink's refusal of the value that starts at `buf[start]`, placed in the whole file.
    fn refused(&self, start: usize, e: anyhow::Error) -> StreamError {
        // The server failing under the load, or the disk filling up, is no fault of this place
        // in the file: kept whole, for its own line (`store::friendly`, `load_into`).
        if crate::store::is_server_failure(&e) || crate::store::disk_full(&e) {
            return StreamError::Refused(e);
        }
        let (line, column) = self.position(start);
        // A part of the wrong shape is serde's complaint: said in the message's language.
        let e = match e.downcast_ref::<serde_json::Error>() {
            Some(json) => anyhow::anyhow!(crate::i18n::serde_message(&json.to_string(), "JSON")),
            None => e,
        };
        StreamError::Refused(anyhow::anyhow!(crate::msg!(
            "{e:#}, at line {line} column {column}",
            "{e:#}，位于第 {line} 行第 {column} 列"
        )))
    }

    fn malformed(&self, what: &str) -> StreamError {
        let (line, column) = self.position(self.pos);
        StreamError::Malformed(crate::msg!(
            "{what} at line {line} column {column}",
            "{what}，位于第 {line} 行第 {column} 列"
        ))
    }

    /// serde_json's error for a value that starts at `pos`, placed in the whole file.
    fn malformed_json(&self, e: &serde_json::Error) -> StreamError {
        let text = e.to_string();
        let what = match text.rfind(" at line ") {
            Some(i) if e.line() > 0 => &text[..i],
            _ => &text[..],
        };
        let (line, column) = self.position(self.pos);
        let (line, column) = match e.line() {
            0 | 1 => (line, column + e.column().saturating_sub(1)),
            l => (line + l - 1, e.column()),
        };
        let what = crate::i18n::serde_message(what, "JSON");
        StreamError::Malformed(crate::msg!(
            "{what} at line {line} column {column}",
            "{what}，位于第 {line} 行第 {column} 列"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Dump {
        let mut d = Dump::new();
        d.meta.insert("start".into(), "2026-03-02".into());
        d.recommendations.push(DumpRecommendation {
            number: 1,
            headline: "理顺关系".into(),
            text: String::new(),
        });
        d.units = vec!["组织科".into()];
        d.imports.push(DumpImport {
            hash: "0f".repeat(32),
            file: "报告.txt".into(),
            recommendations: "1".into(),
            actor: "甲".into(),
            at: "2026-03-02T09:00:00+08:00".into(),
        });
        d.sheets_issued.push(DumpSheetIssued {
            week: "2026-W10".into(),
            unit: "组织科".into(),
            file: "组织科-2026-W10.xlsx".into(),
            tasks: 1,
            actor: "甲".into(),
            at: "2026-03-02T09:30:00+08:00".into(),
        });
        d.sheets_collected.push(DumpSheetCollected {
            hash: "a1".repeat(32),
            week: "2026-W10".into(),
            unit: "组织科".into(),
            file: "组织科-2026-W10.xlsx".into(),
            actor: "组织科".into(),
            at: "2026-03-06T17:00:00+08:00".into(),
            change_id: Some(1),
            collector: Some("甲".into()),
            released: None,
        });
        d.tasks.push(DumpTask {
            id: "1.1".into(),
            title: "召开会议".into(),
            text: "全文\n第二行".into(),
            lead: Some("组织科".into()),
            support: vec![],
            deadline: Some("2026-06-02".into()),
            status: "done".into(),
            progress: 100,
        });
        d.events.push(DumpEvent {
            change: 1,
            task: "1.1".into(),
            field: "created".into(),
            old: None,
            new: Some("召开会议".into()),
            note: None,
            actor: "甲".into(),
            at: "2026-03-02T09:00:00+08:00".into(),
            entered: Some("2026-03-02T01:00:05Z".into()),
            undoes: None,
            position: None,
        });
        d.notices.push(DumpNotice {
            year: 2026,
            number: 3,
            unit: "组织科".into(),
            reply_by: "2026-03-06".into(),
            tasks: 1,
            change: 1,
            actor: "甲".into(),
            at: "2026-03-02T09:00:00+08:00".into(),
        });
        d
    }

    #[derive(Default)]
    struct Collect(Dump);

    impl Sink for Collect {
        fn meta(&mut self, key: String, value: String) -> anyhow::Result<()> {
            self.0.meta.insert(key, value);
            Ok(())
        }
        fn recommendation(&mut self, r: DumpRecommendation) -> anyhow::Result<()> {
            self.0.recommendations.push(r);
            Ok(())
        }
        fn unit(&mut self, name: String) -> anyhow::Result<()> {
            self.0.units.push(name);
            Ok(())
        }
        fn import(&mut self, i: DumpImport) -> anyhow::Result<()> {
            self.0.imports.push(i);
            Ok(())
        }
        fn sheet_issued(&mut self, s: DumpSheetIssued) -> anyhow::Result<()> {
            self.0.sheets_issued.push(s);
            Ok(())
        }
        fn sheet_collected(&mut self, s: DumpSheetCollected) -> anyhow::Result<()> {
            self.0.sheets_collected.push(s);
            Ok(())
        }
        fn task(&mut self, t: DumpTask) -> anyhow::Result<()> {
            self.0.tasks.push(t);
            Ok(())
        }
        fn event(&mut self, e: DumpEvent) -> anyhow::Result<()> {
            self.0.events.push(e);
            Ok(())
        }
        fn notice(&mut self, n: DumpNotice) -> anyhow::Result<()> {
            self.0.notices.push(n);
            Ok(())
        }
    }

    #[test]
    fn streamed_writing_and_reading_match_the_dump_shape() {
        let d = sample();
        let mut out = Vec::new();
        let head = Head {
            meta: d.meta.clone(),
            recommendations: d.recommendations.clone(),
            units: d.units.clone(),
            imports: d.imports.clone(),
            sheets_issued: d.sheets_issued.clone(),
            sheets_collected: d.sheets_collected.clone(),
            notices: d.notices.clone(),
        };
        let counts = write(
            &mut out,
            head,
            &mut d.tasks.clone().into_iter().map(Ok),
            &mut d.events.clone().into_iter().map(Ok),
        )
        .unwrap();
        assert_eq!(counts, (1, 1));
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, serde_json::to_string_pretty(&d).unwrap() + "\n");
        let mut back = Collect::default();
        assert_eq!(stream(text.as_bytes(), &mut back).unwrap(), (1, 1));
        assert_eq!(back.0, d);
    }

    fn pretty(d: &Dump) -> String {
        serde_json::to_string_pretty(d).unwrap() + "\n"
    }

    fn bigger_sample() -> Dump {
        let mut d = sample();
        for i in 2..40 {
            let mut t = d.tasks[0].clone();
            t.id = format!("1.{i}");
            t.title = format!("第{i}项：{}", "落实".repeat(i));
            t.support = vec!["宣传科".into(); i % 3];
            d.tasks.push(t);
            let mut e = d.events[0].clone();
            e.change = i as i64;
            e.task = format!("1.{i}");
            e.note = Some("说明\"引号\"与\\反斜杠".repeat(i % 4));
            d.events.push(e);
        }
        d
    }

    #[test]
    fn any_window_size_reads_the_same_dump() {
        let d = bigger_sample();
        let text = pretty(&d);
        // Windows smaller than one value make every value run past the edge at some point.
        for size in [1, 2, 3, 7, 16, 61, 256, 4096, 1 << 20] {
            let mut back = Collect::default();
            let counts =
                stream_through(Window::sized(text.as_bytes(), size, 8), &mut back).unwrap();
            assert_eq!(counts, (d.tasks.len(), d.events.len()), "window {size}");
            assert_eq!(back.0, d, "window {size}");
        }
    }

    #[test]
    fn errors_point_where_serde_json_points_in_the_whole_file() {
        let text = pretty(&bigger_sample());
        let broken = [
            // inside a task, far into the file
            text.replacen("\"progress\": 100", "\"progress\": 1x0", 30),
            // a string cut by a raw line break
            text.replacen("第17项", "第17\n项", 1),
            // an unknown field in an event
            text.replacen("\"actor\"", "\"actress\"", 25),
            // a wrong type
            text.replacen("\"done\"", "7", 12),
        ];
        for (i, bad) in broken.iter().enumerate() {
            let whole = serde_json::from_str::<Dump>(bad).unwrap_err();
            let at = format!("at line {} column {}", whole.line(), whole.column());
            for size in [1, 5, 64, 1 << 20] {
                let err = stream_through(
                    Window::sized(bad.as_bytes(), size, 8),
                    &mut Collect::default(),
                );
                match err {
                    Err(StreamError::Malformed(m)) => {
                        assert!(m.ends_with(&at), "case {i}, window {size}: {m} vs {whole}")
                    }
                    other => panic!("case {i}, window {size}: {other:?}"),
                }
            }
        }
        // The outer object's own faults name a place too.
        for (bad, want) in [
            (
                "not json",
                "expected a tracker export (a JSON object) at line 1 column 1",
            ),
            (
                "{\"format\": \"tracker-ledger\"\n  \"tasks\": []}",
                "expected `,` or `}` at line 2 column 3",
            ),
            (
                "{\"tasks\": [] } x",
                "trailing characters at line 1 column 16",
            ),
            ("{\"tasks\": [{}", "missing field `id` at line 1 column 13"),
            (
                "{\"tasks\": [",
                "expected a value, found the end of the file at line 1 column 12",
            ),
        ] {
            match stream(bad.as_bytes(), &mut Collect::default()) {
                Err(StreamError::Malformed(m)) => assert_eq!(m, want),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn newlines_are_counted_across_the_byte_sums() {
        let text: Vec<u8> = (0..2000)
            .map(|i| if i % 3 == 0 { b'\n' } else { b'a' })
            .collect();
        for len in [0, 1, 254, 255, 256, 764, 765, 766, 2000] {
            let want = text[..len].iter().filter(|&&b| b == b'\n').count();
            assert_eq!(newlines(&text[..len]), want, "{len}");
        }
    }

    #[test]
    fn a_failing_row_stops_the_writing_with_its_error() {
        let mut out = Vec::new();
        let head = Head {
            meta: BTreeMap::new(),
            recommendations: vec![],
            units: vec![],
            imports: vec![],
            sheets_issued: vec![],
            sheets_collected: vec![],
            notices: vec![],
        };
        let err = write(
            &mut out,
            head,
            &mut std::iter::once(Err(anyhow::anyhow!("disk on fire"))),
            &mut std::iter::empty(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "disk on fire");
    }
}
