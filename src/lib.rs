//! consent-sieve: a consent and data-minimization SDK for the web.
//!
//! [`core`] is pure Rust (no wasm-bindgen, no web-sys): the policy model, the consent state machine,
//! the stored record, receipts and the gating decision. Time and randomness come in as arguments, so
//! `cargo test` covers it on the host. `web` (wasm32 only) converts, renders and delegates.
pub mod core;

/// The browser layer. Public only so the wasm-bindgen tests in `tests/web_*.rs` can drive it; the
/// supported API is the npm package's.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod web;
