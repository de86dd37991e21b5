//! The consent state machine: undecided → decided (accept all, reject all, granular save), the
//! versioned stored record, expiry and re-prompting.
mod machine;
mod record;
mod state;

pub use machine::{effective_vendors, Choice, Machine, Restore};
pub use record::{Record, RecordProblem, RECORD_VERSION};
pub use state::{ConsentState, Decision, Source};
