//! The ledger's vocabulary: task ids (`1.4`), statuses, health, dates, spans and the limits on
//! text people type. Pure: no I/O, no clock (today is always an argument), no SQL.

mod chinese;
mod date;
mod id;
mod notice;
mod status;
pub mod text;
mod typed;
mod typed_date;

pub use chinese::*;
pub use date::*;
pub use id::*;
pub use notice::{NoticeRef, serial_runs};
pub use status::*;
pub use text::*;
pub use typed::*;
pub use typed_date::*;

/// Days before a deadline from which an open task counts as "due soon".
pub const DEFAULT_DUE_SOON_DAYS: u32 = 14;
