//! The PostgreSQL backend: a ledger shared on a server.

pub mod conn;
