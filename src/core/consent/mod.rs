//! The consent state machine: undecided → decided (accept all, reject all, granular save), the
//! versioned stored record (a storage codec) and its judge, expiry and re-prompting, and what a
//! decision changed. `grants.rs` holds the one vendor-grant rule (`Config::vendor_grants`).
mod change;
mod grants;
mod machine;
mod record;
mod state;

pub use change::Change;
pub use machine::{judge, Choice, Machine, Restore};
pub use record::{Record, RecordProblem, RECORD_VERSION};
#[cfg(feature = "iab")]
pub use state::TcfChoice;
pub use state::{ConsentState, Decision, Source};
