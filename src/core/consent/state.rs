use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where a choice came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The person clicked in the banner or the preferences dialog.
    Banner,
    /// The site called `acceptAll()`/`rejectAll()`/`update()`.
    Api,
    /// Global Privacy Control (opt-out mode).
    Gpc,
    /// Nobody chose: the mode's defaults apply.
    Default,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Banner => "banner",
            Source::Api => "api",
            Source::Gpc => "gpc",
            Source::Default => "default",
        }
    }
}

/// One decision, as made and as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Random UUID v4, also the receipt id.
    pub id: String,
    pub decided_at: u64,
    pub expires_at: u64,
    pub policy_version: String,
    pub source: Source,
    /// Every configured purpose, required ones always true.
    pub purposes: BTreeMap<String, bool>,
    /// The person's per-vendor choice (a vendor is only granted when its purposes are, too).
    pub vendors: BTreeMap<String, bool>,
}

/// The state handed to the page (`state()` in JS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentState {
    pub decided: bool,
    pub purposes: BTreeMap<String, bool>,
    pub vendors: BTreeMap<String, bool>,
    pub policy_version: String,
    pub decided_at: Option<u64>,
    pub expires_at: Option<u64>,
    pub source: Source,
    pub id: Option<String>,
}

impl ConsentState {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "null".into())
    }
}
