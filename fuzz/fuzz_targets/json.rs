//! The JSON reader: never panics; what it reads it writes back as text that reads the same.
#![no_main]
use consent_sieve::core::json::Json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(v) = Json::parse(text) {
            let again = Json::parse(&v.to_text()).expect("written JSON reads back");
            assert_eq!(v, again);
        }
    }
});
