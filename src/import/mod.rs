//! `tracker import`: any report's numbered recommendations, as tasks. `text` cleans the bytes
//! into Simplified Chinese; `marker` reads numbering, `outline` arranges the paragraphs into
//! nested lists, and `parse` picks the recommendations and their tasks. All are pure; the
//! command (`cmd::import`) reads the file and writes the result.

pub mod marker;
pub mod outline;
pub mod parse;
pub mod text;
