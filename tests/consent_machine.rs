//! The consent state machine: undecided defaults per mode, accept/reject/save, vendor rules,
//! errors that leave the state untouched, GPC, forget and expiry.
use consent_sieve::core::consent::Choice;
use consent_sieve::core::json::Json;
use consent_sieve::core::map::Map;
use consent_sieve::core::{Config, ConsentError, ConsentState, Machine, Source};
use proptest::prelude::*;

const DAY_MS: u64 = 86_400_000;
/// 2026-11-22T00:04:05.123Z
const NOW: u64 = 1_795_305_845_123;
const RAND: [u8; 16] = [
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
];

/// necessary (required), analytics, marketing; vendors ga → analytics, ads → marketing,
/// mix → analytics + marketing, cdn → necessary.
fn config_json(mode: &str, extra: &str) -> String {
    format!(
        r#"{{"policyVersion":"v1","mode":"{mode}"{extra},
        "purposes":[
          {{"id":"necessary","required":true,"label":"Necessary"}},
          {{"id":"analytics","label":"Analytics"}},
          {{"id":"marketing","label":"Marketing"}}],
        "vendors":[
          {{"id":"ga","name":"GA","purposes":["analytics"]}},
          {{"id":"ads","name":"Ads","purposes":["marketing"]}},
          {{"id":"mix","name":"Mix","purposes":["analytics","marketing"]}},
          {{"id":"cdn","name":"CDN","purposes":["necessary"]}}]}}"#
    )
}

fn machine(mode: &str) -> Machine {
    Machine::new(Config::from_json(&config_json(mode, "")).expect("test config is valid"))
}

fn opt_in() -> Machine {
    machine("opt-in")
}

fn choice(json: &str) -> Choice {
    Choice::from_json(json).expect("test choice is valid")
}

fn map(pairs: &[(&str, bool)]) -> Map<bool> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[track_caller]
fn assert_purposes(s: &ConsentState, necessary: bool, analytics: bool, marketing: bool) {
    assert_eq!(
        s.purposes,
        map(&[
            ("necessary", necessary),
            ("analytics", analytics),
            ("marketing", marketing)
        ]),
        "purposes"
    );
}

#[track_caller]
fn assert_vendors(s: &ConsentState, ga: bool, ads: bool, mix: bool, cdn: bool) {
    assert_eq!(
        s.vendors,
        map(&[("ga", ga), ("ads", ads), ("mix", mix), ("cdn", cdn)]),
        "vendors"
    );
}

#[track_caller]
fn save_err(m: &mut Machine, json: &str) -> ConsentError {
    match m.save(&choice(json), Source::Api, NOW, RAND) {
        Ok(d) => panic!("expected an error for {json}, got {d:?}"),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------------------------
// Undecided
// ---------------------------------------------------------------------------------------------

#[test]
fn opt_in_undecided_grants_only_required_purposes_and_prompts() {
    let m = opt_in();
    let s = m.state();
    assert!(!s.decided);
    assert_purposes(&s, true, false, false);
    // A vendor is granted only when all its purposes are: only the required-only one.
    assert_vendors(&s, false, false, false, true);
    assert_eq!(s.source, Source::Default);
    assert_eq!((s.id, s.decided_at, s.expires_at), (None, None, None));
    assert_eq!(s.policy_version, "v1");
    assert!(m.needs_prompt());
    assert!(m.decision().is_none());
    assert!(
        m.record_json().is_none(),
        "nothing to store before a decision"
    );
    assert!(m.granted("necessary"));
    assert!(!m.granted("analytics"));
    assert!(!m.granted("unknown"));
}

#[test]
fn state_json_has_the_contract_shape_before_a_decision() {
    let v = Json::parse(&opt_in().state().to_json()).expect("state JSON parses");
    assert_eq!(v.get("decided"), Some(&Json::Bool(false)));
    assert_eq!(v.get("decidedAt"), Some(&Json::Null));
    assert_eq!(v.get("expiresAt"), Some(&Json::Null));
    assert_eq!(v.get("id"), Some(&Json::Null));
    assert_eq!(v.get("source"), Some(&Json::Str("default".into())));
    assert_eq!(v.get("policyVersion"), Some(&Json::Str("v1".into())));
    let purposes = v.get("purposes").unwrap();
    assert_eq!(purposes.get("necessary"), Some(&Json::Bool(true)));
    assert_eq!(purposes.get("analytics"), Some(&Json::Bool(false)));
    assert_eq!(
        v.get("vendors").unwrap().get("ga"),
        Some(&Json::Bool(false))
    );
}

#[test]
fn state_json_has_the_contract_shape_after_a_decision() {
    let mut m = opt_in();
    m.accept_all(Source::Banner, NOW, RAND);
    let v = Json::parse(&m.state().to_json()).expect("state JSON parses");
    assert_eq!(v.get("decided"), Some(&Json::Bool(true)));
    assert_eq!(v.get("decidedAt"), Some(&Json::Int(NOW as i64)));
    assert_eq!(
        v.get("expiresAt"),
        Some(&Json::Int((NOW + 180 * DAY_MS) as i64))
    );
    assert_eq!(v.get("source"), Some(&Json::Str("banner".into())));
    assert_eq!(
        v.get("id"),
        Some(&Json::Str("00010203-0405-4607-8809-0a0b0c0d0e0f".into()))
    );
    assert_eq!(
        v.get("vendors").unwrap().get("mix"),
        Some(&Json::Bool(true))
    );
}

// ---------------------------------------------------------------------------------------------
// Accept all / reject all / save
// ---------------------------------------------------------------------------------------------

#[test]
fn accept_all_grants_every_purpose_and_vendor_and_stamps_the_decision() {
    let mut m = opt_in();
    let d = m.accept_all(Source::Banner, NOW, RAND).clone();
    assert_eq!(d.decided_at, NOW);
    assert_eq!(d.expires_at, NOW + 180 * DAY_MS);
    assert_eq!(d.policy_version, "v1");
    assert_eq!(d.source, Source::Banner);
    let s = m.state();
    assert!(s.decided);
    assert_purposes(&s, true, true, true);
    assert_vendors(&s, true, true, true, true);
    assert_eq!(s.source, Source::Banner);
    assert_eq!(s.decided_at, Some(NOW));
    assert_eq!(s.expires_at, Some(NOW + 180 * DAY_MS));
    assert_eq!(s.id.as_deref(), Some(d.id.as_str()));
    assert!(!m.needs_prompt());
    assert!(m.granted("analytics") && m.granted("marketing"));
}

#[test]
fn decision_id_is_a_uuid_v4_made_from_the_given_random_bytes() {
    // Bytes 00..0f: byte 6 gets version 4 in its high nibble (0x06 → 0x46), byte 8 gets the
    // RFC 4122 variant 10xx (0x08 → 0x88); every other bit is the caller's.
    let mut m = opt_in();
    assert_eq!(
        m.accept_all(Source::Api, NOW, RAND).id,
        "00010203-0405-4607-8809-0a0b0c0d0e0f"
    );
    assert_eq!(
        m.reject_all(Source::Api, NOW, [0xff; 16]).id,
        "ffffffff-ffff-4fff-bfff-ffffffffffff"
    );
    assert_eq!(
        m.save(&Choice::default(), Source::Api, NOW, [0; 16])
            .unwrap()
            .id,
        "00000000-0000-4000-8000-000000000000"
    );
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_random_bytes_give_a_well_formed_uuid_v4(bytes in any::<[u8; 16]>()) {
        let mut m = opt_in();
        let id = m.accept_all(Source::Api, NOW, bytes).id.clone();
        prop_assert_eq!(id.len(), 36);
        let dashes: Vec<usize> = id.match_indices('-').map(|(i, _)| i).collect();
        prop_assert_eq!(dashes, vec![8, 13, 18, 23]);
        prop_assert_eq!(&id[14..15], "4", "version nibble");
        prop_assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "variant: {}", id);
        let hex: String = id.chars().filter(|c| *c != '-').collect();
        prop_assert!(hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        let back = unhex(&hex);
        for i in 0..16 {
            let (want, got) = match i {
                6 => ((bytes[6] & 0x0f) | 0x40, back[6]),
                8 => ((bytes[8] & 0x3f) | 0x80, back[8]),
                _ => (bytes[i], back[i]),
            };
            prop_assert_eq!(want, got, "byte {}", i);
        }
    }
}

#[test]
fn reject_all_keeps_only_required_purposes_and_their_vendors() {
    let mut m = opt_in();
    let d = m.reject_all(Source::Api, NOW, RAND).clone();
    assert_eq!((d.decided_at, d.expires_at), (NOW, NOW + 180 * DAY_MS));
    let s = m.state();
    assert!(s.decided);
    assert_purposes(&s, true, false, false);
    assert_vendors(&s, false, false, false, true);
    assert_eq!(s.source, Source::Api);
    assert!(!m.needs_prompt(), "a refusal is a decision too");
}

#[test]
fn reject_all_after_accept_all_withdraws_everything_optional() {
    let mut m = opt_in();
    m.accept_all(Source::Banner, NOW, RAND);
    m.reject_all(Source::Banner, NOW + 1000, [7; 16]);
    let s = m.state();
    assert_purposes(&s, true, false, false);
    assert_vendors(&s, false, false, false, true);
    assert_eq!(s.decided_at, Some(NOW + 1000));
}

#[test]
fn save_sets_the_chosen_purposes_and_the_vendors_they_allow() {
    let mut m = opt_in();
    let d = m
        .save(
            &choice(r#"{"purposes":{"analytics":true}}"#),
            Source::Banner,
            NOW,
            RAND,
        )
        .unwrap()
        .clone();
    assert_eq!(d.source, Source::Banner);
    assert_eq!((d.decided_at, d.expires_at), (NOW, NOW + 180 * DAY_MS));
    assert_eq!(d.id, "00010203-0405-4607-8809-0a0b0c0d0e0f");
    let s = m.state();
    assert_purposes(&s, true, true, false);
    // mix also needs marketing
    assert_vendors(&s, true, false, false, true);
    assert_eq!(s.source, Source::Banner);
}

#[test]
fn save_uses_the_configured_lifetime() {
    let c = Config::from_json(&config_json("opt-in", r#","lifetimeDays":30"#)).unwrap();
    let mut m = Machine::new(c);
    let d = m.save(&Choice::default(), Source::Api, NOW, RAND).unwrap();
    assert_eq!(d.expires_at, NOW + 30 * DAY_MS);
    assert_eq!(
        m.accept_all(Source::Api, NOW + 5, RAND).expires_at,
        NOW + 5 + 30 * DAY_MS
    );
}

#[test]
fn save_keeps_unspecified_purposes_at_their_current_value() {
    let mut m = opt_in();
    m.accept_all(Source::Banner, NOW, RAND);
    m.save(
        &choice(r#"{"purposes":{"marketing":false}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    let s = m.state();
    assert_purposes(&s, true, true, false);
    assert_vendors(&s, true, false, false, true);
}

#[test]
fn save_with_required_purpose_true_is_allowed() {
    let mut m = opt_in();
    m.save(
        &choice(r#"{"purposes":{"necessary":true}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .expect("granting a required purpose is fine");
    assert_purposes(&m.state(), true, false, false);
}

// ---------------------------------------------------------------------------------------------
// Errors leave the state unchanged
// ---------------------------------------------------------------------------------------------

#[test]
fn required_purpose_cannot_be_denied() {
    let mut m = opt_in();
    let e = save_err(&mut m, r#"{"purposes":{"necessary":false}}"#);
    assert_eq!(
        (e.code, e.path.as_str()),
        ("update.required_purpose", "purposes.necessary")
    );
    assert!(m.decision().is_none(), "no decision was made");
    assert!(m.needs_prompt());
    assert_purposes(&m.state(), true, false, false);
}

#[test]
fn unknown_purpose_in_a_choice_is_an_error_naming_it() {
    let mut m = opt_in();
    let e = save_err(&mut m, r#"{"purposes":{"statistics":true}}"#);
    assert_eq!(
        (e.code, e.path.as_str()),
        ("update.unknown_purpose", "purposes.statistics")
    );
    assert!(e.message().contains("purposes.statistics"));
    assert!(m.decision().is_none());
}

#[test]
fn unknown_vendor_in_a_choice_is_an_error_naming_it() {
    let mut m = opt_in();
    let e = save_err(&mut m, r#"{"vendors":{"facebook":true}}"#);
    assert_eq!(
        (e.code, e.path.as_str()),
        ("update.unknown_vendor", "vendors.facebook")
    );
    assert!(m.decision().is_none());
}

#[test]
fn a_failed_save_changes_nothing_even_when_part_of_the_choice_was_valid() {
    let mut m = opt_in();
    m.reject_all(Source::Banner, NOW, RAND);
    let before = m.state();
    let decision_before = m.decision().cloned();
    let record_before = m.record_json();
    for bad in [
        r#"{"purposes":{"analytics":true,"statistics":true}}"#,
        r#"{"purposes":{"analytics":true,"necessary":false}}"#,
        r#"{"purposes":{"analytics":true},"vendors":{"ga":true,"facebook":true}}"#,
    ] {
        let e = m
            .save(&choice(bad), Source::Api, NOW + 60_000, [9; 16])
            .expect_err(bad);
        assert!(e.code.starts_with("update."), "{e:?}");
        assert_eq!(m.state(), before, "state changed after {bad}");
        assert_eq!(m.decision().cloned(), decision_before);
        assert_eq!(m.record_json(), record_before);
    }
}

// ---------------------------------------------------------------------------------------------
// Vendors
// ---------------------------------------------------------------------------------------------

#[test]
fn a_vendor_is_granted_only_when_all_its_purposes_are() {
    let mut m = opt_in();
    m.save(
        &choice(r#"{"purposes":{"analytics":true}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    assert_eq!(m.state().vendors.get("mix"), Some(&false));
    m.save(
        &choice(r#"{"purposes":{"marketing":true}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    assert_eq!(m.state().vendors.get("mix"), Some(&true));
    m.save(
        &choice(r#"{"purposes":{"analytics":false}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    let s = m.state();
    assert_vendors(&s, false, true, false, true);
}

#[test]
fn allowing_a_vendor_explicitly_grants_that_vendor_only_never_its_purpose() {
    // "Always allow <vendor>" on an embed placeholder: consent to that one vendor.
    let mut m = opt_in();
    m.save(
        &choice(r#"{"vendors":{"ads":true}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    assert_eq!(m.state().vendors.get("ads"), Some(&true));
    assert_eq!(
        m.state().vendors.get("mix"),
        Some(&false),
        "other vendors of the purpose are not granted"
    );
    assert!(
        !m.granted("marketing"),
        "a vendor choice never grants a purpose"
    );
    // Reject all withdraws an explicit allowance.
    m.reject_all(Source::Banner, NOW, RAND);
    assert_eq!(m.state().vendors.get("ads"), Some(&false));
}

#[test]
fn an_explicitly_refused_vendor_stays_refused_when_another_purpose_changes() {
    let mut m = opt_in();
    m.accept_all(Source::Banner, NOW, RAND);
    m.save(
        &choice(r#"{"vendors":{"ga":false}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    let s = m.state();
    assert_purposes(&s, true, true, true);
    assert_vendors(&s, false, true, true, true);

    m.save(
        &choice(r#"{"purposes":{"marketing":false}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    assert_eq!(m.state().vendors.get("ga"), Some(&false));
    m.save(
        &choice(r#"{"purposes":{"marketing":true}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    let s = m.state();
    assert_eq!(
        s.vendors.get("ga"),
        Some(&false),
        "ga was refused and never re-allowed"
    );
    assert_eq!(s.vendors.get("ads"), Some(&true));
    assert_eq!(s.vendors.get("mix"), Some(&true));
}

#[test]

fn an_explicitly_refused_vendor_stays_refused_when_its_own_purpose_is_toggled() {
    let mut m = opt_in();
    m.accept_all(Source::Banner, NOW, RAND);
    m.save(
        &choice(r#"{"vendors":{"ga":false}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    m.save(
        &choice(r#"{"purposes":{"analytics":false}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    m.save(
        &choice(r#"{"purposes":{"analytics":true}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    // The person refused ga and never changed that; re-allowing analytics must not grant it.
    assert_eq!(m.state().vendors.get("ga"), Some(&false));
}

#[test]
fn after_reject_all_granting_a_purpose_grants_its_vendors() {
    let mut m = opt_in();
    m.reject_all(Source::Banner, NOW, RAND);
    m.save(
        &choice(r#"{"purposes":{"analytics":true}}"#),
        Source::Banner,
        NOW,
        RAND,
    )
    .unwrap();
    let s = m.state();
    assert_vendors(&s, true, false, false, true);
    m.save(
        &choice(r#"{"purposes":{"marketing":true}}"#),
        Source::Banner,
        NOW,
        RAND,
    )
    .unwrap();
    assert_vendors(&m.state(), true, true, true, true);
}

#[test]
fn a_vendor_allowed_before_its_purpose_is_granted_once_the_purpose_is() {
    let mut m = opt_in();
    m.save(
        &choice(r#"{"vendors":{"ads":true}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    assert_eq!(m.state().vendors.get("ads"), Some(&true));
    m.save(
        &choice(r#"{"purposes":{"marketing":true}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    assert_vendors(&m.state(), false, true, false, true);
}

#[test]
fn a_vendor_refused_in_the_same_save_that_grants_its_purposes_stays_refused() {
    let mut m = opt_in();
    m.save(
        &choice(r#"{"purposes":{"analytics":true,"marketing":true},"vendors":{"mix":false}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    assert_vendors(&m.state(), true, true, false, true);
    m.save(
        &choice(r#"{"purposes":{"marketing":false}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    m.save(
        &choice(r#"{"vendors":{"ads":true}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    assert_eq!(m.state().vendors.get("mix"), Some(&false));
}

#[test]

fn a_vendor_refused_before_its_purposes_are_all_granted_stays_refused() {
    let mut m = opt_in();
    m.save(
        &choice(r#"{"purposes":{"marketing":true},"vendors":{"mix":false}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    assert_vendors(&m.state(), false, true, false, true);
    m.save(
        &choice(r#"{"purposes":{"analytics":true}}"#),
        Source::Api,
        NOW,
        RAND,
    )
    .unwrap();
    // The person said no to mix and never took it back.
    assert_vendors(&m.state(), true, true, false, true);
}

// ---------------------------------------------------------------------------------------------
// Choice::from_json
// ---------------------------------------------------------------------------------------------

#[test]
fn choice_from_json_reads_purposes_and_vendors() {
    let c = choice(r#"{"purposes":{"analytics":true,"marketing":false},"vendors":{"ga":false}}"#);
    assert_eq!(
        c.purposes,
        map(&[("analytics", true), ("marketing", false)])
    );
    assert_eq!(c.vendors, map(&[("ga", false)]));
    assert_eq!(choice("{}"), Choice::default());
    assert_eq!(choice(r#"{"purposes":{}}"#), Choice::default());
}

#[test]
fn choice_from_json_rejects_unknown_fields() {
    let e = Choice::from_json(r#"{"purpose":{"analytics":true}}"#).unwrap_err();
    // docs/wasm-abi.md lists update.unknown_purpose / unknown_vendor / invalid for update(); the
    // reader reports an unknown member of the choice object as update.unknown_field.
    assert_eq!(
        (e.code, e.path.as_str()),
        ("update.unknown_field", "purpose")
    );
    let e = Choice::from_json(r#"{"purposes":{},"analytics":true}"#).unwrap_err();
    assert_eq!(e.path, "analytics");
}

#[test]
fn choice_from_json_rejects_non_boolean_values() {
    for (json, path) in [
        (r#"{"purposes":{"analytics":"yes"}}"#, "purposes.analytics"),
        (r#"{"purposes":{"analytics":1}}"#, "purposes.analytics"),
        (r#"{"purposes":{"analytics":null}}"#, "purposes.analytics"),
        (r#"{"vendors":{"ga":"false"}}"#, "vendors.ga"),
        (r#"{"purposes":["analytics"]}"#, "purposes"),
        (r#"{"vendors":true}"#, "vendors"),
        (r#"["analytics"]"#, ""),
    ] {
        let e = Choice::from_json(json).expect_err(json);
        assert_eq!(
            (e.code, e.path.as_str()),
            ("update.invalid", path),
            "{json}"
        );
    }
}

#[test]
fn choice_from_json_rejects_invalid_json() {
    for bad in ["", "{", "{\"purposes\":{\"a\":true,\"a\":false}}", "nope"] {
        let e = Choice::from_json(bad).expect_err(bad);
        assert_eq!((e.code, e.path.as_str()), ("update.invalid", ""), "{bad}");
    }
}

// ---------------------------------------------------------------------------------------------
// forget / expire
// ---------------------------------------------------------------------------------------------

#[test]
fn forget_goes_back_to_undecided() {
    let mut m = opt_in();
    m.accept_all(Source::Banner, NOW, RAND);
    m.forget();
    let s = m.state();
    assert!(!s.decided);
    assert_purposes(&s, true, false, false);
    assert_vendors(&s, false, false, false, true);
    assert_eq!(
        (s.id, s.decided_at, s.source),
        (None, None, Source::Default)
    );
    assert!(m.needs_prompt());
    assert!(m.record_json().is_none());
}

#[test]
fn expire_drops_a_decision_once_its_time_is_up() {
    let mut m = opt_in();
    m.accept_all(Source::Banner, NOW, RAND);
    let end = NOW + 180 * DAY_MS;
    assert!(!m.expire(NOW), "fresh decision");
    assert!(!m.expire(end - 1), "one millisecond before expiry");
    assert!(m.state().decided);
    assert!(m.expire(end), "at expiry");
    assert!(!m.state().decided);
    assert!(m.needs_prompt());
    assert!(!m.granted("analytics"));
    assert!(!m.expire(end + 1), "nothing left to expire");
}

#[test]
fn expire_without_a_decision_does_nothing() {
    let mut m = opt_in();
    assert!(!m.expire(u64::MAX));
    assert!(m.needs_prompt());
}

// ---------------------------------------------------------------------------------------------
// Modes and Global Privacy Control
// ---------------------------------------------------------------------------------------------

#[test]
fn opt_out_undecided_grants_optional_purposes_by_default_and_still_prompts() {
    let m = machine("opt-out");
    let s = m.state();
    assert!(!s.decided);
    assert_purposes(&s, true, true, true);
    assert_vendors(&s, true, true, true, true);
    assert_eq!(s.source, Source::Default);
    assert!(m.needs_prompt(), "the person is still told and can opt out");
    assert!(m.granted("marketing"));
    assert!(m.record_json().is_none());
}

#[test]
fn opt_out_with_gpc_denies_optional_purposes_without_a_prompt() {
    let mut m = machine("opt-out");
    m.set_gpc(true);
    assert!(m.gpc());
    let s = m.state();
    assert!(!s.decided);
    assert_purposes(&s, true, false, false);
    assert_vendors(&s, false, false, false, true);
    assert_eq!(s.source, Source::Gpc);
    assert!(!m.needs_prompt());
    assert!(!m.granted("analytics"));
}

#[test]
fn opt_out_with_gpc_still_honours_an_explicit_choice() {
    let mut m = machine("opt-out");
    m.set_gpc(true);
    m.save(
        &choice(r#"{"purposes":{"analytics":true}}"#),
        Source::Banner,
        NOW,
        RAND,
    )
    .unwrap();
    let s = m.state();
    assert!(s.decided);
    assert_purposes(&s, true, true, false);
    assert_eq!(s.source, Source::Banner);
}

#[test]
fn opt_out_save_starts_from_the_granted_defaults() {
    let mut m = machine("opt-out");
    m.save(
        &choice(r#"{"purposes":{"analytics":false}}"#),
        Source::Banner,
        NOW,
        RAND,
    )
    .unwrap();
    let s = m.state();
    assert_purposes(&s, true, false, true);
    assert_vendors(&s, false, true, false, true);
}

#[test]
fn opt_in_with_gpc_still_prompts_and_grants_nothing() {
    let mut m = opt_in();
    m.set_gpc(true);
    let s = m.state();
    assert!(!s.decided);
    assert_purposes(&s, true, false, false);
    assert_vendors(&s, false, false, false, true);
    assert_eq!(s.source, Source::Default);
    assert!(m.needs_prompt());
}

#[test]
fn gpc_does_not_override_an_existing_decision() {
    let mut m = machine("opt-out");
    m.accept_all(Source::Banner, NOW, RAND);
    m.set_gpc(true);
    let s = m.state();
    assert_purposes(&s, true, true, true);
    assert_eq!(s.source, Source::Banner);
    assert!(!m.needs_prompt());
}

/// opt-out with marketing marked `sale`.
fn with_sale(mode: &str) -> Machine {
    let json = config_json(mode, "").replace(
        r#"{"id":"marketing","label":"Marketing"}"#,
        r#"{"id":"marketing","sale":true,"label":"Marketing"}"#,
    );
    Machine::new(Config::from_json(&json).expect("test config is valid"))
}

#[test]
fn gpc_in_opt_out_mode_becomes_a_stored_decision_with_source_gpc() {
    let mut m = machine("opt-out");
    m.set_gpc(true);
    let d = m.honour_gpc(NOW, RAND).expect("the signal applies");
    assert_eq!(d.source, Source::Gpc);
    let s = m.state();
    assert!(s.decided, "a decision, not a default");
    assert_eq!(s.source, Source::Gpc);
    // No purpose is marked `sale`: every optional one is refused.
    assert_purposes(&s, true, false, false);
    assert!(!m.needs_prompt());
    // Stored and restored on the next page like any choice (the record's source says gpc).
    let record = m.record_json().expect("stored");
    let mut next = machine("opt-out");
    assert_eq!(
        next.restore(Some(&record), NOW + 1000),
        consent_sieve::core::consent::Restore::Valid
    );
    assert_eq!(next.state().source, Source::Gpc);
    assert_purposes(&next.state(), true, false, false);
    // Once decided, the signal does not decide again.
    next.set_gpc(true);
    assert!(next.honour_gpc(NOW + 2000, RAND).is_none());
}

#[test]
fn gpc_refuses_only_sale_purposes_when_the_config_marks_them() {
    let mut m = with_sale("opt-out");
    m.set_gpc(true);
    let undecided = m.state();
    assert_purposes(&undecided, true, true, false);
    m.honour_gpc(NOW, RAND).unwrap();
    let s = m.state();
    assert_purposes(&s, true, true, false);
    assert_vendors(&s, true, false, false, true);
}

#[test]
fn gpc_decides_nothing_in_opt_in_mode_or_over_an_explicit_choice() {
    let mut m = with_sale("opt-in");
    m.set_gpc(true);
    assert!(m.honour_gpc(NOW, RAND).is_none());
    assert!(m.needs_prompt());
    let mut m = with_sale("opt-out");
    m.accept_all(Source::Banner, NOW, RAND);
    m.set_gpc(true);
    assert!(m.honour_gpc(NOW, RAND).is_none());
    assert_eq!(m.state().source, Source::Banner);
    let mut m = with_sale("opt-out");
    assert!(m.honour_gpc(NOW, RAND).is_none(), "no signal, no decision");
}

#[test]
fn the_opt_out_link_denies_sale_purposes_and_keeps_the_rest() {
    let mut m = with_sale("opt-out");
    m.opt_out_of_sale(NOW, RAND);
    let s = m.state();
    assert!(s.decided);
    assert_eq!(s.source, Source::Banner);
    assert_purposes(&s, true, true, false);
    // Without `sale` marks, every optional purpose.
    let mut m = machine("opt-out");
    m.opt_out_of_sale(NOW, RAND);
    assert_purposes(&m.state(), true, false, false);
    // On top of an earlier choice: analytics stays off when it was off.
    let mut m = with_sale("opt-out");
    m.save(
        &choice(r#"{"purposes":{"analytics":false}}"#),
        Source::Banner,
        NOW,
        RAND,
    )
    .unwrap();
    m.opt_out_of_sale(NOW, RAND);
    assert_purposes(&m.state(), true, false, false);
}

#[test]
fn mode_auto_takes_the_page_hint_and_is_opt_in_without_one() {
    let auto = || Config::from_json(&config_json("auto", "")).unwrap();
    let mode = |hint: Option<&str>| {
        let mut c = auto();
        c.apply_mode_hint(hint);
        c.mode
    };
    use consent_sieve::core::policy::Mode;
    assert_eq!(mode(Some("opt-out")), Mode::OptOut);
    assert_eq!(mode(Some(" OPT-OUT ")), Mode::OptOut);
    assert_eq!(mode(Some("opt-in")), Mode::OptIn);
    assert_eq!(
        mode(Some("optout")),
        Mode::OptIn,
        "misspelt: the stricter mode"
    );
    assert_eq!(mode(None), Mode::OptIn);
    let mut fixed = Config::from_json(&config_json("opt-in", "")).unwrap();
    fixed.apply_mode_hint(Some("opt-out"));
    assert_eq!(
        fixed.mode,
        Mode::OptIn,
        "without auto the page cannot loosen the mode"
    );
    let err = Config::from_json(&config_json("us", "")).unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        ("config.invalid_value", "mode")
    );
}

#[test]
fn a_gpc_decision_from_an_opt_out_page_is_no_decision_on_an_opt_in_page() {
    // mode "auto": the same visitor on an opt-out page, then on an opt-in one. The GPC decision kept
    // the opt-out defaults (the non-sale purpose granted); on the opt-in page nothing was chosen.
    let mut us = with_sale("opt-out");
    us.set_gpc(true);
    us.honour_gpc(NOW, RAND).unwrap();
    assert_purposes(&us.state(), true, true, false);
    let record = us.record_json().expect("stored");
    let mut eu = with_sale("opt-in");
    assert!(matches!(
        eu.restore(Some(&record), NOW + 1000),
        consent_sieve::core::consent::Restore::Rejected(
            consent_sieve::core::consent::RecordProblem::Outdated
        )
    ));
    assert!(eu.needs_prompt());
    assert_purposes(&eu.state(), true, false, false);
    // The visitor's own choice made on the opt-out page still counts on the opt-in page.
    let mut chose = with_sale("opt-out");
    chose.reject_all(Source::Banner, NOW, RAND);
    let mine = chose.record_json().expect("stored");
    let mut eu = with_sale("opt-in");
    assert_eq!(
        eu.restore(Some(&mine), NOW + 1000),
        consent_sieve::core::consent::Restore::Valid
    );
}
