//! The pure core: everything that decides. No browser APIs; time and randomness are parameters.
// A site owner's tool: in the tools core only (see audit.rs), always on the host.
#[cfg(any(feature = "tools", not(target_arch = "wasm32")))]
pub mod audit;
pub mod consent;
pub mod consent_mode;
pub mod error;
pub mod gate;
#[cfg(feature = "iab")]
pub mod gpp;
pub mod hash;
pub mod hosts;
pub mod inventory;
pub mod json;
pub mod lang;
pub mod map;
pub mod minimize;
pub mod pattern;
pub mod policy;
pub mod read;
pub mod receipt;
pub mod signals;
#[cfg(feature = "iab")]
pub mod sort;
#[cfg(feature = "iab")]
pub mod tcf;
pub mod time;

pub use consent::{ConsentState, Decision, Machine, Restore, Source};
pub use error::ConsentError;
pub use policy::{Config, Mode};
