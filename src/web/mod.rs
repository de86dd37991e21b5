//! The browser layer (wasm32 only). It converts, renders and delegates; every decision is made by
//! `crate::core`. No `unwrap`/`expect` here: a failure must never become a trap that leaves the page
//! in a half-granted state.
#![deny(clippy::unwrap_used, clippy::expect_used)]

/// A small free-list allocator instead of dlmalloc: about 5 KB less wasm. The SDK allocates
/// little and only on the main thread.
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without threads: there is only one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

mod api;
mod dom;
mod env;
mod error;
mod gate;
mod storage;

pub use api::ConsentManager;
