//! Integration tests: the real `tracker` binary against a temporary ledger.

mod cli;
mod errors;
mod files;
mod import;
mod kills;
mod ledger;
mod opening;
mod refused;
mod report;
mod safety;
mod seed;
mod streams;
mod support;
