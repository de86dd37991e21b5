//! Builders the native test files share (`mod common;`): the clock they run at and decided consent
//! states. Each file uses what it needs.
#![allow(dead_code)]

use consent_sieve::core::consent::ConsentState;
use consent_sieve::core::{Config, Source};

/// 2026-11-22T00:04:05.123Z
pub const NOW: u64 = 1_795_305_845_123;

/// A decided state (policy "1", source api, decided at [`NOW`]) with exactly these purposes and
/// vendors granted or denied.
pub fn decided(purposes: &[(&str, bool)], vendors: &[(&str, bool)]) -> ConsentState {
    ConsentState {
        decided: true,
        purposes: purposes.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        vendors: vendors.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        policy_version: "1".into(),
        decided_at: Some(NOW),
        expires_at: None,
        source: Source::Api,
        id: None,
    }
}

/// Analytics and the one vendor `vendor` granted: the state the minimization tests run under.
pub fn analytics_granted(vendor: &str) -> ConsentState {
    decided(&[("analytics", true)], &[(vendor, true)])
}

/// A config the test knows is valid (panics with the error otherwise).
pub fn config(json: &str) -> Config {
    Config::from_json(json).unwrap_or_else(|e| panic!("{e}"))
}

/// The `cases` of the shared fixture `tests/fixtures/<name>` (checked by a twin on the other side too).
pub fn fixture_cases(name: &str) -> Vec<consent_sieve::core::json::Json> {
    use consent_sieve::core::json::Json;
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match Json::parse(&text).unwrap().get("cases") {
        Some(Json::Arr(cases)) => cases.clone(),
        _ => panic!("{path}: no cases"),
    }
}

/// A fixture's array of strings (none when absent).
pub fn strings(v: Option<&consent_sieve::core::json::Json>) -> Vec<String> {
    use consent_sieve::core::json::Json;
    match v {
        Some(Json::Arr(a)) => a
            .iter()
            .map(|s| match s {
                Json::Str(s) => s.clone(),
                _ => panic!("a string"),
            })
            .collect(),
        _ => Vec::new(),
    }
}
