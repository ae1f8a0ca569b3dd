//! Integration tests: the real `tracker` binary against a temporary ledger.

mod errors;
mod ledger;
mod report;
mod seed;
mod support;
