//! Consent receipts: a JSON document of the current choice for the person to keep, after the
//! minimal ISO/IEC TS 27560 record (header, processing, parties, event) with a Kantara-style shape.
use serde::Serialize;

use crate::core::consent::{Machine, Source};
use crate::core::hash::sha256_hex;
use crate::core::policy::texts::Texts;
use crate::core::policy::Mode;
use crate::core::time::iso8601;

pub const SCHEMA: &str = "consent-sieve-receipt/1";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Receipt<'a> {
    schema_version: &'static str,
    receipt_id: Option<&'a str>,
    generated_at: String,
    event_time: Option<String>,
    expires_at: Option<String>,
    /// `given` (all optional purposes), `partial`, `refused`, or `none` (no choice yet).
    event_state: &'static str,
    collection_method: &'static str,
    jurisdiction_mode: &'static str,
    policy_version: &'a str,
    language: &'a str,
    notice_url: Option<&'a str>,
    /// SHA-256 of what the person was shown and chose about: purposes, vendors, policy version.
    notice_hash: String,
    purposes: Vec<PurposeEntry<'a>>,
    vendors: Vec<VendorEntry<'a>>,
    signals: Signals,
    withdrawal_method: &'static str,
    sdk: &'static str,
}

#[derive(Serialize)]
struct PurposeEntry<'a> {
    id: &'a str,
    label: &'a str,
    required: bool,
    granted: bool,
}

#[derive(Serialize)]
struct VendorEntry<'a> {
    id: &'a str,
    name: &'a str,
    purposes: &'a [String],
    granted: bool,
}

#[derive(Serialize)]
struct Signals {
    gpc: bool,
}

/// Builds the receipt of the machine's current state, as JSON, with an `integrity` field: the
/// SHA-256 of the receipt without it, so a copy can be checked for edits.
pub fn build(machine: &Machine, texts: &Texts, now: u64) -> String {
    let config = machine.config();
    let state = machine.state();
    let optional: Vec<bool> = config
        .purposes
        .iter()
        .filter(|p| !p.required)
        .map(|p| state.purposes.get(&p.id) == Some(&true))
        .collect();
    let event_state = if !state.decided && state.source != Source::Gpc {
        "none"
    } else if optional.iter().all(|g| *g) {
        "given"
    } else if optional.iter().any(|g| *g) {
        "partial"
    } else {
        "refused"
    };
    let notice = serde_json::json!({
        "policyVersion": config.policy_version,
        "purposes": config.purposes.iter().map(|p| (&p.id, p.required)).collect::<Vec<_>>(),
        "vendors": config.vendors.iter().map(|v| (&v.id, &v.purposes)).collect::<Vec<_>>(),
    });
    let receipt = Receipt {
        schema_version: SCHEMA,
        receipt_id: state.id.as_deref(),
        generated_at: iso8601(now),
        event_time: state.decided_at.map(iso8601),
        expires_at: state.expires_at.map(iso8601),
        event_state,
        collection_method: state.source.as_str(),
        jurisdiction_mode: match config.mode {
            Mode::OptIn => "opt-in",
            Mode::OptOut => "opt-out",
        },
        policy_version: &config.policy_version,
        language: &texts.lang,
        notice_url: config.privacy_policy_url.as_deref(),
        notice_hash: sha256_hex(notice.to_string().as_bytes()),
        purposes: config
            .purposes
            .iter()
            .map(|p| PurposeEntry {
                id: &p.id,
                label: p.label.get(&texts.lang),
                required: p.required,
                granted: state.purposes.get(&p.id) == Some(&true),
            })
            .collect(),
        vendors: config
            .vendors
            .iter()
            .map(|v| VendorEntry {
                id: &v.id,
                name: &v.name,
                purposes: &v.purposes,
                granted: state.vendors.get(&v.id) == Some(&true),
            })
            .collect(),
        signals: Signals { gpc: machine.gpc() },
        withdrawal_method: "the site's \"Privacy settings\" link or button reopens the preferences at any time",
        sdk: concat!("consent-sieve ", env!("CARGO_PKG_VERSION")),
    };
    let mut value = serde_json::to_value(&receipt).unwrap_or_default();
    let integrity = sha256_hex(value.to_string().as_bytes());
    if let Some(obj) = value.as_object_mut() {
        obj.insert("integrity".into(), integrity.into());
    }
    value.to_string()
}
