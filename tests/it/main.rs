//! Integration tests: the real `tracker` binary against a temporary ledger.

mod cli;
mod errors;
mod files;
mod import;
mod ledger;
mod opening;
mod report;
mod safety;
mod seed;
mod support;
