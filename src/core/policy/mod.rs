//! The site's policy: purposes, vendors, lifetimes, mode and texts, parsed from JSON and validated.
mod config;
pub mod iab;
pub mod texts;

pub use config::{
    Config, ConsentModeConfig, Layout, Localized, Mode, Purpose, Theme, Ui, Vendor, CONSENT_TYPES,
    MAX_LIFETIME_DAYS,
};
pub use iab::{GppConfig, TcfConfig};
