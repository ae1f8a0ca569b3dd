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
