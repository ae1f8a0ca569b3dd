//! Integration tests: the real `tracker` binary against a temporary ledger.

mod answer;
mod books;
mod cli;
mod collect;
mod errors;
mod files;
mod import;
mod import_corpus;
mod import_styles;
mod kills;
mod ledger;
mod opening;
mod refused;
mod report;
mod restore;
mod restore_fuzz;
mod restore_refused;
mod safety;
mod seed;
mod sheets;
mod streams;
mod support;
mod text;
mod time;
mod undo;
mod workbook;
