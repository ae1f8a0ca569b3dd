//! `tracker import`: any report's numbered recommendations, as tasks. `text` cleans the bytes
//! into Simplified Chinese; `parse` finds the recommendations and their items. Both are pure;
//! the command (`cmd::import`) reads the file and writes the result.

pub mod deadline;
pub mod fields;
pub mod parse;
pub mod text;
pub mod units;
