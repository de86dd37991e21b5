//! Cross-checks with the IAB reference libraries, over two shared fixtures (the node side is
//! tests/e2e/iab-reference.test.mjs):
//! - tests/fixtures/tcf-strings.json: strings our encoders write for the choices beside them. Here:
//!   our encoders still write exactly them. There: @iabtechlabtcf/core and @iabgpp/cmpapi decode
//!   each to the same choices.
//! - tests/fixtures/tcf-reference-strings.json: strings the reference libraries write for the
//!   choices beside them (the node side checks they still do). Here: our decoders read each to the
//!   same choices, and our encoders write the same string byte for byte.
//!
//! After a deliberate change of our encoders: `UPDATE_FIXTURES=1 cargo test --test iab_reference`.
use std::path::PathBuf;

use consent_sieve::core::gpp::{self, Gpp, Section, UsSection};
use consent_sieve::core::json::Json;
use consent_sieve::core::policy::iab::GPP_SECTIONS;
use consent_sieve::core::tcf::{self, PublisherTc, Restriction, TcString};

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn fixture(name: &str) -> Json {
    Json::parse(&std::fs::read_to_string(path(name)).unwrap()).unwrap()
}

fn arr(v: &Json) -> &[Json] {
    match v {
        Json::Arr(a) => a,
        other => panic!("not an array: {other:?}"),
    }
}

fn int(v: &Json) -> i64 {
    match v {
        Json::Int(n) => *n,
        other => panic!("not an integer: {other:?}"),
    }
}

fn str_of(v: &Json) -> &str {
    match v {
        Json::Str(s) => s,
        other => panic!("not a string: {other:?}"),
    }
}

fn ids(v: &Json) -> Vec<u16> {
    arr(v).iter().map(|i| int(i) as u16).collect()
}

fn small(v: &Json) -> Vec<u8> {
    arr(v).iter().map(|i| int(i) as u8).collect()
}

fn mask(v: &Json, bits: u32) -> u64 {
    tcf::mask(&small(v), bits, "fixture").unwrap()
}

fn letters(v: &Json) -> [u8; 2] {
    str_of(v).as_bytes().try_into().unwrap()
}

fn runs(ids: &[u16]) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = Vec::new();
    for &id in ids {
        match out.last_mut() {
            Some((_, b)) if *b + 1 == id => *b = id,
            _ => out.push((id, id)),
        }
    }
    out
}

/// The model a fixture case's fields describe (`defaults` fill what the case leaves out).
fn tc_model(defaults: &Json, fields: &Json) -> TcString {
    let f = |k: &str| {
        fields
            .get(k)
            .or_else(|| defaults.get(k))
            .unwrap_or_else(|| panic!("no {k}"))
    };
    let b = |k: &str| f(k) == &Json::Bool(true);
    let mut restrictions: Vec<Restriction> = arr(f("publisherRestrictions"))
        .iter()
        .map(|r| Restriction {
            purpose: int(r.get("purposeId").unwrap()) as u8,
            kind: int(r.get("restrictionType").unwrap()) as u8,
            vendors: runs(&ids(r.get("vendors").unwrap())),
        })
        .collect();
    restrictions.sort_by_key(|r| (r.purpose, r.kind));
    TcString {
        created: int(f("created")) as u64 / 100,
        last_updated: int(f("lastUpdated")) as u64 / 100,
        cmp_id: int(f("cmpId")) as u16,
        cmp_version: int(f("cmpVersion")) as u16,
        consent_screen: int(f("consentScreen")) as u8,
        consent_language: letters(f("consentLanguage")),
        vendor_list_version: int(f("vendorListVersion")) as u16,
        policy_version: int(f("policyVersion")) as u8,
        is_service_specific: b("isServiceSpecific"),
        use_non_standard_texts: b("useNonStandardTexts"),
        special_feature_opt_ins: mask(f("specialFeatureOptins"), 12) as u16,
        purposes_consent: mask(f("purposeConsents"), 24) as u32,
        purposes_li: mask(f("purposeLegitimateInterests"), 24) as u32,
        purpose_one_treatment: b("purposeOneTreatment"),
        publisher_cc: letters(f("publisherCountryCode")),
        vendor_consents: ids(f("vendorConsents")),
        vendor_li: ids(f("vendorLegitimateInterests")),
        restrictions,
        disclosed_vendors: match f("vendorsDisclosed") {
            Json::Null => None,
            v => Some(ids(v)),
        },
        publisher: match f("publisher") {
            Json::Null => None,
            p => Some(PublisherTc {
                consents: mask(p.get("consents").unwrap(), 24) as u32,
                li: mask(p.get("legitimateInterests").unwrap(), 24) as u32,
                custom_count: int(p.get("numCustomPurposes").unwrap()) as u8,
                custom_consents: mask(p.get("customConsents").unwrap(), 63),
                custom_li: mask(p.get("customLegitimateInterests").unwrap(), 63),
            }),
        },
    }
}

/// The GPP model a fixture case's sections describe: US fields not named are 0, except
/// MspaCoveredTransaction, which every case names.
fn gpp_model(sections: &Json) -> Gpp {
    let sections = arr(sections)
        .iter()
        .map(|s| {
            let name = str_of(s.get("section").unwrap());
            if name == "tcfeuv2" {
                return Section::TcfEuV2(str_of(s.get("string").unwrap()).to_string());
            }
            if name == "uspv1" {
                return Section::Other(gpp::USPV1, str_of(s.get("string").unwrap()).to_string());
            }
            let id = GPP_SECTIONS
                .iter()
                .find(|p| p.0 == name)
                .unwrap_or_else(|| panic!("section {name}"))
                .1;
            let version = int(s.get("version").unwrap()) as u8;
            let n = gpp::layout(id, version).unwrap().iter().map(|f| f.1).sum();
            let mut u = UsSection {
                id,
                version,
                values: vec![0; n],
                gpc: match s.get("gpc") {
                    Some(Json::Bool(b)) => Some(*b),
                    _ => None,
                },
            };
            assert!(s
                .get("fields")
                .unwrap()
                .get("MspaCoveredTransaction")
                .is_some());
            let Some(Json::Obj(fields)) = s.get("fields") else {
                panic!("fields")
            };
            for (k, v) in fields {
                let values = match v {
                    Json::Arr(_) => small(v),
                    v => vec![int(v) as u8],
                };
                assert!(u.set(k, &values), "{name}.{k}");
            }
            Section::Us(u)
        })
        .collect();
    Gpp { sections }
}

fn cases<'a>(f: &'a Json, key: &str) -> &'a [Json] {
    arr(f.get(key).unwrap())
}

#[test]
fn our_encoders_still_write_the_fixture_strings() {
    let f = fixture("tcf-strings.json");
    let defaults = f.get("tcfDefaults").unwrap();
    let mut now = Vec::new();
    for c in cases(&f, "tcf") {
        let tc = tc_model(defaults, c.get("fields").unwrap());
        let s = tcf::encode(&tc).unwrap();
        assert_eq!(tcf::decode(&s).unwrap(), tc, "round trip");
        now.push((c, s));
    }
    for c in cases(&f, "gpp") {
        let g = gpp_model(c.get("sections").unwrap());
        let s = gpp::encode(&g).unwrap();
        assert_eq!(gpp::decode(&s).unwrap(), g, "round trip");
        now.push((c, s));
    }
    assert!(now.len() >= 10);
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        // Each case is one line of the file, in order: replace its string in place.
        let text = std::fs::read_to_string(path("tcf-strings.json")).unwrap();
        let mut next = now.iter();
        let lines: Vec<String> = text
            .lines()
            .map(|line| {
                if !line.trim_start().starts_with("{\"name\"") {
                    return line.to_string();
                }
                let s = &next.next().expect("a case per line").1;
                let at = line.rfind("\"string\": \"").unwrap() + 11;
                let end = at + line[at..].find('"').unwrap();
                format!("{}{s}{}", &line[..at], &line[end..])
            })
            .collect();
        std::fs::write(path("tcf-strings.json"), lines.join("\n") + "\n").unwrap();
        return;
    }
    for (c, s) in now {
        let name = str_of(c.get("name").unwrap());
        assert_eq!(
            str_of(c.get("string").unwrap()),
            s,
            "{name}: our encoder now writes {s}"
        );
    }
}

#[test]
fn our_decoders_read_what_the_reference_libraries_wrote() {
    let f = fixture("tcf-reference-strings.json");
    let defaults = f.get("tcfDefaults").unwrap();
    let tcf_cases = cases(&f, "tcf");
    let gpp_cases = cases(&f, "gpp");
    assert!(tcf_cases.len() >= 4 && gpp_cases.len() >= 20);
    for c in tcf_cases {
        let name = str_of(c.get("name").unwrap());
        let s = str_of(c.get("string").unwrap());
        assert!(
            s.starts_with('C'),
            "{name}: the node test writes the strings"
        );
        let mut tc = tcf::decode(s).unwrap_or_else(|e| panic!("{name}: {e}"));
        tc.restrictions.sort_by_key(|r| (r.purpose, r.kind));
        let expected = tc_model(defaults, c.get("fields").unwrap());
        assert_eq!(tc, expected, "{name}");
        // Same padding (24 bits), same vendor-encoding choice and field order: for these choices
        // our encoder writes the reference library's string byte for byte.
        assert_eq!(tcf::encode(&expected).unwrap(), s, "{name}: byte-identical");
    }
    for c in gpp_cases {
        let name = str_of(c.get("name").unwrap());
        let s = str_of(c.get("string").unwrap());
        let g = gpp::decode(s).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(g, gpp_model(c.get("sections").unwrap()), "{name}");
        assert_eq!(gpp::encode(&g).unwrap(), s, "{name}: byte-identical");
    }
}
