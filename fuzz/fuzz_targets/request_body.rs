//! Request bodies, as text and as bytes (gzip, zlib, base64 fields): a verdict, never a panic; what
//! is sent is readable again (compressed bodies unwrap, text bodies are UTF-8).
#![no_main]
use consent_sieve::core::consent::ConsentState;
use consent_sieve::core::minimize::codec;
use consent_sieve::core::minimize::{Ctx, Verdict};
use consent_sieve::core::Config;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let config: &Config = common::config();
    let state: ConsentState = common::granted();
    let ctx = Ctx {
        config,
        state: &state,
        now: common::NOW,
    };
    let url = "https://shop.test/collect/e/?ip=1&data=eyJ";
    match ctx.request_bytes("shop.test", url, data, &[]) {
        Verdict::SendBytes(_, out) => {
            if let Some(how) = codec::wrapped(data) {
                assert!(
                    codec::unwrap(&out, how, usize::MAX).is_some(),
                    "re-wrapped body reads back"
                );
            }
        }
        Verdict::Block(..) => {}
        v => panic!("unexpected verdict {v:?}"),
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = ctx.request("shop.test", url, Some(text), false, &[]);
    }
});
