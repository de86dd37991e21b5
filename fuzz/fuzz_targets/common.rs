//! The destination the request and minimizer targets use: drop and hash rules, every detector.
use consent_sieve::core::consent::ConsentState;
use consent_sieve::core::map::Map;
use consent_sieve::core::{Config, Source};
use std::sync::OnceLock;

pub const NOW: u64 = 1_795_305_845_123;

pub fn config() -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    C.get_or_init(|| {
        Config::from_json(
            r#"{"policyVersion":"1","purposes":[{"id":"analytics","label":"A"}],
              "vendors":[{"id":"d","name":"D","purposes":["analytics"],"hosts":["shop.test"],"paths":["/collect/*"],
                "minimize":{"fields":{"secret":"drop","email":{"action":"hash","profile":"google.email"},"ip":"truncate"},
                  "detect":["email","phone","card","iban","ssn","ip","url"]}}]}"#,
        )
        .expect("config")
    })
}

pub fn granted() -> ConsentState {
    let mut purposes = Map::new();
    purposes.insert("analytics".into(), true);
    let mut vendors = Map::new();
    vendors.insert("d".into(), true);
    ConsentState {
        decided: true,
        purposes,
        vendors,
        policy_version: "1".into(),
        decided_at: Some(NOW),
        expires_at: None,
        source: Source::Api,
        id: None,
    }
}
