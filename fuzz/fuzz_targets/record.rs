//! The stored record: whatever a page (or an attacker) left in storage is a decision or a
//! RecordProblem, never a panic; a decision read back always matches the config.
#![no_main]
use consent_sieve::core::consent::Record;
use consent_sieve::core::Config;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn config() -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    C.get_or_init(|| {
        Config::from_json(
            r#"{"policyVersion":"1","purposes":[{"id":"necessary","required":true,"label":"N"},{"id":"analytics","label":"A"}],
              "vendors":[{"id":"ga","name":"GA","purposes":["analytics"],"hosts":["ga.test"]}]}"#,
        )
        .expect("config")
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(d) = Record::parse(text, config(), 1_795_305_845_123) {
            assert_eq!(d.purposes.get("necessary"), Some(&true));
            assert!(d.vendors.keys().all(|k| config().vendor(k).is_some()));
        }
    }
});
