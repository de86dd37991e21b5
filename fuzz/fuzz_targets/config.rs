//! Config parsing: any text is a Config or a ConsentError with a known code family, never a panic.
#![no_main]
use consent_sieve::core::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = Config::from_json(text) {
            assert!(
                e.code.starts_with("config.") || e.code.starts_with("minimize."),
                "{}",
                e.code
            );
        }
    }
});
