//! Integration tests: the real `tracker` binary against a temporary ledger.

mod cli;
mod errors;
mod import;
mod import_fields;
mod ledger;
mod report;
mod safety;
mod seed;
mod support;
