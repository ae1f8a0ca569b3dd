//! Integration tests: the real `tracker` binary against a temporary ledger.

mod cli;
mod errors;
mod import;
mod ledger;
mod report;
mod restore;
mod restore_fuzz;
mod restore_refused;
mod safety;
mod seed;
mod support;
mod text;
