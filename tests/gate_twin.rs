//! When a held tag may run (`core::gate::allowed`): every case of tests/fixtures/gate.json through the
//! core, the same file js/early.js's twin (`tagAllowed`, which releases a returning visitor's tags
//! before the core exists) is checked against in tests/e2e/early-twins.test.mjs.
use consent_sieve::core::json::Json;
use consent_sieve::core::map::Map;
use consent_sieve::core::{gate, Config, ConsentState, Source};

fn bools(j: Option<&Json>) -> Map<bool> {
    match j {
        Some(Json::Obj(fields)) => fields
            .iter()
            .map(|(k, v)| (k.clone(), matches!(v, Json::Bool(true))))
            .collect(),
        other => panic!("expected an object of booleans: {other:?}"),
    }
}

fn opt_str(j: Option<&Json>) -> Option<&str> {
    match j {
        Some(Json::Str(s)) => Some(s),
        Some(Json::Null) | None => None,
        other => panic!("expected a string or null: {other:?}"),
    }
}

#[test]
fn every_case_of_the_fixture_as_the_core_decides() {
    let fixture = Json::parse(include_str!("fixtures/gate.json")).expect("gate.json parses");
    let config = Config::from_json(&fixture.get("config").expect("config").to_text())
        .expect("the fixture's config is valid");
    let states = fixture.get("states").expect("states");
    let Some(Json::Arr(cases)) = fixture.get("cases") else {
        panic!("cases")
    };
    assert!(cases.len() >= 30, "the fixture covers the rule");
    let (mut yes, mut no) = (0, 0);
    for case in cases {
        let name = opt_str(case.get("state")).expect("state");
        let s = states.get(name).expect("a named state");
        let state = ConsentState {
            decided: true,
            purposes: bools(s.get("purposes")),
            vendors: bools(s.get("vendors")),
            policy_version: "1".into(),
            decided_at: Some(1),
            expires_at: Some(2),
            source: Source::Banner,
            id: None,
        };
        let (purposes, vendor) = (opt_str(case.get("consent")), opt_str(case.get("vendor")));
        let want = matches!(case.get("allowed"), Some(Json::Bool(true)));
        let got = gate::allowed(&config, &state, purposes, vendor);
        assert_eq!(
            got, want,
            "{name}: data-consent {purposes:?}, vendor {vendor:?}"
        );
        if want {
            yes += 1;
        } else {
            no += 1;
        }
    }
    assert!(
        yes >= 10 && no >= 10,
        "both answers are exercised ({yes} yes, {no} no)"
    );
}
