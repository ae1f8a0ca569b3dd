//! Integration tests: the real `tracker` binary against a temporary ledger.

mod answer;
mod books;
mod cli;
mod collect;
mod errors;
mod import;
mod ledger;
mod report;
mod safety;
mod seed;
mod sheets;
mod support;
mod workbook;
