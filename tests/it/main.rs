//! Integration tests: the real `tracker` binary against a temporary ledger.

mod cli;
mod errors;
mod ledger;
mod report;
mod seed;
mod support;
