//! `tracker import`: any report's numbered recommendations, as tasks. `text` cleans the bytes
//! into Simplified Chinese; `lines` sorts out trailing matter and broken headings, `marker`
//! reads numbering, `outline` arranges the paragraphs into nested lists, `parse` picks the
//! recommendations and their tasks, and `title` names each task. All are pure; the command
//! (`cmd::import`) reads the file and writes the result.

pub mod lines;
pub mod marker;
pub mod outline;
pub mod parse;
pub mod text;
pub mod title;
