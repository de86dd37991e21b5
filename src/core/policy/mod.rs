//! The site's policy: purposes, vendors, lifetimes, mode and texts, parsed from JSON and validated.
mod config;
pub mod texts;

pub use config::{Config, Localized, Mode, Purpose, Vendor, MAX_LIFETIME_DAYS};
