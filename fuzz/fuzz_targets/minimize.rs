//! The minimizer's promise: nothing under a drop or hash rule, nothing a detector matches, appears
//! raw in the output's values.
#![no_main]
use consent_sieve::core::json::Json;
use consent_sieve::core::minimize::{detect, Ctx};
use libfuzzer_sys::fuzz_target;

mod common;

/// Every string leaf, with whether a drop/hash rule names it (`secret`, `email` at any depth).
fn leaves(v: &Json, protected: bool, out: &mut Vec<(String, bool)>, keys: &mut Vec<String>) {
    match v {
        Json::Obj(f) => {
            for (k, c) in f {
                keys.push(k.clone());
                leaves(c, protected || k == "secret" || k == "email", out, keys);
            }
        }
        Json::Arr(a) => a.iter().for_each(|c| leaves(c, protected, out, keys)),
        Json::Str(s) => out.push((s.clone(), protected)),
        Json::Int(_) | Json::Num(_) | Json::Bool(_) | Json::Null => {
            if protected {
                out.push((v.to_text(), true));
            }
        }
    }
}

/// Whether `sus` occurs in the unprotected value `o` somewhere no detection covers (then the same
/// text legitimately stays in `o`'s output: `2001:db8::1` inside `942001:db8::1203…` is no address).
fn uncovered(o: &str, sus: &str) -> bool {
    let spans = detect::find(o, detect::ALL);
    o.match_indices(sus)
        .any(|(i, _)| !spans.iter().any(|s| s.start <= i && i + sus.len() <= s.end))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(event @ Json::Obj(_)) = Json::parse(text) else {
        return;
    };
    let state = common::granted();
    let ctx = Ctx {
        config: common::config(),
        state: &state,
        now: common::NOW,
    };
    let Some(out) = ctx.event_json("d", text).expect("an object is read") else {
        return;
    };
    let out = Json::parse(&out).expect("the output is JSON");
    let (mut inp, mut keys) = (Vec::new(), Vec::new());
    leaves(&event, false, &mut inp, &mut keys);
    let (mut values, mut out_keys) = (Vec::new(), Vec::new());
    leaves(&out, false, &mut values, &mut out_keys);
    // A raw text may legitimately show up when it is also part of something left as it is: a key,
    // or an unprotected value holding it. Short or hex texts may be parts of placeholders/digests.
    let free = |raw: &str| {
        raw.len() < 6
            || raw.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
            || keys.iter().chain(&out_keys).any(|k| k.contains(raw))
            || "[redacted][email][phone][card][iban][ssn][ip][token]".contains(raw)
    };
    for (raw, protected) in &inp {
        let mut suspects: Vec<&str> = Vec::new();
        if *protected {
            suspects.push(raw);
        }
        for s in detect::find(raw, detect::ALL) {
            suspects.push(raw.get(s.start..s.end).unwrap_or(""));
        }
        for sus in suspects {
            if free(sus) || inp.iter().any(|(o, p)| !p && uncovered(o, sus)) {
                continue;
            }
            for (v, _) in &values {
                assert!(
                    !v.contains(sus),
                    "{sus:?} appears raw in the output value {v:?}"
                );
            }
        }
    }
});
