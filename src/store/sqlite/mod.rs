//! What only a ledger file has: opening and creating it (file checks, journal mode, network
//! shares), who may use it, the C-API reads, online backups and completion's quick look.

/// Online backups.
mod backup;
/// Opening and creating ledger files.
pub(super) mod open;
/// The read-only look shell completion takes: no upgrade, no write, no waiting.
mod peek;
/// Who may use a ledger file: sharing it with a group, explaining refusals.
pub mod perm;
/// Reads of a hundred thousand rows through SQLite's C API.
pub(crate) mod raw;
/// The `-wal` and `-shm` a refused open leaves behind, removed.
mod sides;
