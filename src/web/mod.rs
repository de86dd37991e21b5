//! The browser layer (wasm32 only). It converts, renders and delegates; every decision is made by
//! `crate::core`. No `unwrap`/`expect` here: a failure must never become a trap that leaves the page
//! in a half-granted state.
#![deny(clippy::unwrap_used, clippy::expect_used)]

/// A size-class allocator of our own instead of dlmalloc (about 5 KB less wasm) or lol_alloc
/// (whose free list made large inputs slow): see `alloc.rs`.
#[global_allocator]
static ALLOCATOR: alloc::Classes = alloc::Classes::new();

mod alloc;
mod api;
mod dom;
mod env;
mod error;
mod gate;
mod storage;
/// The TCF layers of the banner and dialog: only in the full core (cargo feature `iab`).
#[cfg(feature = "iab")]
mod tcf;
/// Inventory and receipt-chain checks for JavaScript without a page: only in the third core,
/// consent_sieve_tools (cargo feature `tools`), which the command line loads; no page downloads it.
#[cfg(feature = "tools")]
mod tools;

pub use api::ConsentManager;
