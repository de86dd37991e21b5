//! consent-sieve: a consent and data-minimization SDK for the web.
//!
//! [`core`] is pure Rust (no wasm-bindgen, no web-sys): the policy model, the consent state machine,
//! the stored record, receipts and the gating decision. Time and randomness come in as arguments, so
//! `cargo test` covers it on the host. `web` (wasm32 only) converts, renders and delegates.
pub mod core;

#[cfg(target_arch = "wasm32")]
mod web;
