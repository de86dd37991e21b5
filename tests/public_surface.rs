//! The public surface the TypeScript types must match, derived from the core itself and written as
//! type assertions to tests/types/surface.ts: the config fields each object accepts (asked of the
//! validator, which lists them when it refuses an unknown one), the text keys, hash profiles,
//! detectors, actions, Consent Mode types and every error code in the sources. This test fails when
//! the file is out of date with the core; `tsc` (scripts/test's type step) fails when js/index.d.ts
//! disagrees with the file. So neither side can drift without a failing test.
//! After a deliberate change: `UPDATE_SURFACE=1 cargo test --test public_surface`.
use std::collections::BTreeSet;
use std::path::Path;

use consent_sieve::core::error::CODES;
use consent_sieve::core::minimize::{detect, normalize};
use consent_sieve::core::policy::iab::GPP_SECTIONS;
use consent_sieve::core::policy::texts::{TCF_TEXT_KEYS, TEXT_KEYS};
use consent_sieve::core::policy::CONSENT_TYPES;
use consent_sieve::core::Config;

const BASE: &str = r#"{"policyVersion":"1","purposes":[{"id":"p","label":"P"}],
  "vendors":[{"id":"v","name":"V","purposes":["p"],"minimize":{"fields":{"a":"drop"}}}],
  "consentMode":{},"ui":{},"tcf":{"cmpId":10,"cmpVersion":1,"vendorListVersion":1},
  "gpp":{"sections":["usnat"]}}"#;

/// The field names the validator accepts where `probe` (a JSON pointer-ish edit) puts an unknown one.
fn accepted(edit: impl Fn(&mut String)) -> Vec<String> {
    let mut json = BASE.to_string();
    edit(&mut json);
    let err = Config::from_json(&json).expect_err("the probe field must be refused");
    assert_eq!(err.code, "config.unknown_field", "{err:?}");
    let list = err
        .reason
        .split("expected one of: ")
        .nth(1)
        .unwrap_or_else(|| panic!("the refusal lists the known fields: {err:?}"));
    list.split(", ").map(String::from).collect()
}

fn probe_at(json: &mut String, marker: &str) {
    let at = json.find(marker).expect("the marker is in BASE") + marker.len();
    let sep = if json[at..].starts_with('}') { "" } else { "," };
    json.insert_str(at, &format!("\"zzProbe\":1{sep}"));
}

fn error_codes() -> Vec<String> {
    let mut codes = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    fn walk(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, ext, out);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    walk(&root.join("src"), "rs", &mut files);
    for f in ["index.js", "auto.js", "adapters.js", "early.js"] {
        files.push(root.join("js").join(f));
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for part in text.split('"').skip(1).step_by(2) {
            let Some((family, name)) = part.split_once('.') else {
                continue;
            };
            let known = [
                "config", "update", "api", "minimize", "env", "record", "request", "receipt", "gvl",
            ];
            if known.contains(&family)
                && !name.is_empty()
                && !matches!(name, "js" | "rs" | "json")
                && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            {
                codes.insert(part.to_string());
            }
        }
    }
    codes.into_iter().collect()
}

fn actions() -> Vec<String> {
    let json = BASE.replace(r#""a":"drop""#, r#""a":"zzProbe""#);
    let err = Config::from_json(&json).expect_err("an unknown action is refused");
    let list = err.reason.rsplit(": ").next().unwrap();
    list.split(", ").map(String::from).collect()
}

fn surface() -> String {
    let union = |v: &[String]| {
        let items: Vec<String> = v.iter().map(|s| format!("\"{s}\"")).collect();
        items.join(" | ")
    };
    let own = |v: &[&str]| union(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let fields = [
        (
            "Exclude<keyof ConsentConfig, JsOnly>",
            accepted(|j| probe_at(j, "{")),
        ),
        ("keyof PurposeConfig", accepted(|j| probe_at(j, r#"[{"#))),
        (
            "keyof VendorConfig",
            accepted(|j| probe_at(j, r#""vendors":[{"#)),
        ),
        (
            "keyof VendorMinimizePolicy",
            accepted(|j| probe_at(j, r#""minimize":{"#)),
        ),
        (
            "keyof ConsentModeConfig",
            accepted(|j| probe_at(j, r#""consentMode":{"#)),
        ),
        ("keyof UiConfig", accepted(|j| probe_at(j, r#""ui":{"#))),
        ("keyof TcfConfig", accepted(|j| probe_at(j, r#""tcf":{"#))),
        ("keyof GppConfig", accepted(|j| probe_at(j, r#""gpp":{"#))),
        (
            "AllKeys<Extract<MinimizeAction, object>>",
            accepted(|j| *j = j.replace(r#""a":"drop""#, r#""a":{"action":"drop","zzProbe":1}"#)),
        ),
    ];
    let mut out = String::from(
        "// Generated by tests/public_surface.rs from the Rust core: do not edit. tsc checks that\n\
         // js/index.d.ts matches the core (UPDATE_SURFACE=1 cargo test --test public_surface rewrites it).\n\
         import type { ConsentConfig, ConsentErrorCode, ConsentModeConfig, ConsentModeType, Detector, GppConfig, GppSection, HashProfile, \
         MinimizeAction, MinimizeActionName, PurposeConfig, TcfConfig, TcfTextKey, TextKey, UiConfig, VendorConfig, VendorMinimizePolicy } from \"../../js/index.js\";\n\n\
         type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;\n\
         type AllKeys<T> = T extends unknown ? keyof T : never;\n\
         /** Options the facade reads and strips before the config reaches the core. */\n\
         type JsOnly = \"stylesheet\" | \"nonce\" | \"wasmUrl\" | \"audit\" | \"receiptEndpoint\";\n\
         const same = <T extends true>(_: T) => _;\n\n",
    );
    let mut check = |ts: &str, values: String| {
        out += &format!("same<Equal<{ts}, {values}>>(true);\n");
    };
    for (ts, keys) in fields {
        check(ts, union(&keys));
    }
    check("TextKey", own(TEXT_KEYS));
    check("TcfTextKey", own(TCF_TEXT_KEYS));
    check("HashProfile", own(&normalize::PROFILES));
    check("Detector", own(&detect::NAMES));
    check("MinimizeActionName", union(&actions()));
    check("ConsentModeType", own(&CONSENT_TYPES));
    let sections: Vec<&str> = GPP_SECTIONS.iter().map(|(p, _)| *p).collect();
    check("GppSection", own(&sections));
    let registry: Vec<String> = CODES.iter().map(|(c, _)| c.to_string()).collect();
    check("ConsentErrorCode", union(&registry));
    out
}

#[test]
fn js_surface_json_matches_the_core() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/types/surface.ts");
    let now = surface();
    if std::env::var_os("UPDATE_SURFACE").is_some() {
        std::fs::write(&path, &now).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == now,
        "tests/types/surface.ts is out of date with the core: run `UPDATE_SURFACE=1 cargo test --test public_surface`, \
         then fix js/index.d.ts until `tsc --noEmit -p js` passes.\n--- now:\n{now}"
    );
}

#[test]
fn the_sources_use_exactly_the_registered_error_codes() {
    let mut registry: Vec<String> = CODES.iter().map(|(c, _)| c.to_string()).collect();
    registry.sort();
    assert_eq!(
        error_codes(),
        registry,
        "a code used in src/ or js/ is missing from core::error::CODES, or a registered one is used nowhere"
    );
    assert!(CODES.iter().all(|(_, meaning)| !meaning.is_empty()));
}
