//! The whole ledger as one value: what `export` writes, `restore` reads, and `dev synth`
//! generates. The JSON shape is versioned; field order and event order are fixed, so export →
//! restore → export gives the same bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "tracker-ledger";
pub const VERSION: u32 = 1;

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
    /// Every task in its current state, in id order.
    pub tasks: Vec<DumpTask>,
    /// The full history, oldest first.
    pub events: Vec<DumpEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpRecommendation {
    pub number: u32,
    pub headline: String,
    pub text: String,
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
}

impl Dump {
    pub fn new() -> Dump {
        Dump {
            format: FORMAT.into(),
            version: VERSION,
            meta: BTreeMap::new(),
            recommendations: Vec::new(),
            units: Vec::new(),
            tasks: Vec::new(),
            events: Vec::new(),
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
        let mut st = serde::Serializer::serialize_struct(&mut ser, "Dump", 7)?;
        st.serialize_field("format", FORMAT)?;
        st.serialize_field("version", &VERSION)?;
        st.serialize_field("meta", &head.meta)?;
        st.serialize_field("recommendations", &head.recommendations)?;
        st.serialize_field("units", &head.units)?;
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
/// recommendations, units, tasks, then events).
pub trait Sink {
    fn meta(&mut self, key: String, value: String) -> anyhow::Result<()>;
    fn recommendation(&mut self, r: DumpRecommendation) -> anyhow::Result<()>;
    fn unit(&mut self, name: String) -> anyhow::Result<()>;
    fn task(&mut self, t: DumpTask) -> anyhow::Result<()>;
    fn event(&mut self, e: DumpEvent) -> anyhow::Result<()>;
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
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut visit = DumpVisitor {
        sink,
        refused: None,
        format: false,
        tasks: 0,
        events: 0,
    };
    let read = (&mut visit).deserialize(&mut de).and_then(|()| de.end());
    match (read, visit.refused.take()) {
        (_, Some(e)) => Err(StreamError::Refused(e)),
        (Err(e), None) => Err(StreamError::Malformed(format!(
            "{e}{}",
            if e.line() > 0 {
                String::new()
            } else {
                " (line 1)".into()
            }
        ))),
        (Ok(()), None) if !visit.format => Err(StreamError::Malformed(format!(
            "no \"format\": \"{FORMAT}\""
        ))),
        (Ok(()), None) => Ok((visit.tasks, visit.events)),
    }
}

struct DumpVisitor<'s> {
    sink: &'s mut dyn Sink,
    refused: Option<anyhow::Error>,
    format: bool,
    tasks: usize,
    events: usize,
}

impl<'de> serde::de::DeserializeSeed<'de> for &mut DumpVisitor<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for &mut DumpVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a tracker export (a JSON object)")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        use serde::de::Error;
        // Each list is read element by element; a part the sink refuses stops the reading.
        macro_rules! each {
            ($ty:ty, $call:ident, $count:expr) => {{
                let sink = &mut *self.sink;
                let refused = &mut self.refused;
                let count = &mut $count;
                map.next_value_seed(Each::<$ty, _>::new(|item| {
                    *count += 1;
                    sink.$call(item).map_err(|e| *refused = Some(e))
                }))?
            }};
        }
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let f: String = map.next_value()?;
                    if f != FORMAT {
                        return Err(A::Error::custom(format!(
                            "format is '{f}', expected '{FORMAT}'"
                        )));
                    }
                    self.format = true;
                }
                "version" => {
                    let v: u32 = map.next_value()?;
                    if v > VERSION {
                        return Err(A::Error::custom(format!(
                            "export version {v} is newer than this tracker reads ({VERSION}): upgrade tracker"
                        )));
                    }
                }
                "meta" => {
                    let meta: BTreeMap<String, String> = map.next_value()?;
                    for (k, v) in meta {
                        if let Err(e) = self.sink.meta(k, v) {
                            self.refused = Some(e);
                            return Err(A::Error::custom("refused"));
                        }
                    }
                }
                "recommendations" => {
                    let mut n = 0;
                    each!(DumpRecommendation, recommendation, n)
                }
                "units" => {
                    let mut n = 0;
                    each!(String, unit, n)
                }
                "tasks" => each!(DumpTask, task, self.tasks),
                "events" => each!(DumpEvent, event, self.events),
                other => {
                    return Err(A::Error::unknown_field(
                        other,
                        &[
                            "format",
                            "version",
                            "meta",
                            "recommendations",
                            "units",
                            "tasks",
                            "events",
                        ],
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Reads a JSON array element by element, handing each to `f`.
struct Each<T, F> {
    f: F,
    _item: std::marker::PhantomData<T>,
}

impl<T, F> Each<T, F> {
    fn new(f: F) -> Self {
        Each {
            f,
            _item: std::marker::PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de>, F: FnMut(T) -> Result<(), ()>> serde::de::DeserializeSeed<'de>
    for Each<T, F>
{
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>, F: FnMut(T) -> Result<(), ()>> serde::de::Visitor<'de>
    for Each<T, F>
{
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            if (self.f)(item).is_err() {
                return Err(serde::de::Error::custom("refused"));
            }
        }
        Ok(())
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
        fn task(&mut self, t: DumpTask) -> anyhow::Result<()> {
            self.0.tasks.push(t);
            Ok(())
        }
        fn event(&mut self, e: DumpEvent) -> anyhow::Result<()> {
            self.0.events.push(e);
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

    #[test]
    fn a_failing_row_stops_the_writing_with_its_error() {
        let mut out = Vec::new();
        let head = Head {
            meta: BTreeMap::new(),
            recommendations: vec![],
            units: vec![],
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
