//! `tracker`: a ledger (督办台账) that follows up a report's recommendations.
//!
//! Layers, top to bottom: `cli` (clap types) → `cmd` (one module per subcommand) → `store`
//! (all SQL) and `render` (all formatting), over the pure domain in `model` and `task`.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod ctx;
pub mod dump;
pub mod file_names;
pub mod i18n;
pub mod import;
pub mod model;
pub mod output;
pub mod par;
pub mod render;
pub mod report;
pub mod returns;
pub mod seed;
pub mod store;
pub mod synth;
pub mod task;
pub mod undo;
