//! The stored record: what restores, and everything that must count as "no decision" without
//! panicking (garbage, other versions, edits, future dates, outdated policies, expiry).
use consent_sieve::core::consent::{Choice, Record, RecordProblem, RECORD_VERSION};
use consent_sieve::core::hash::sha256_hex;
use consent_sieve::core::json::Json;
use consent_sieve::core::{Config, Decision, Machine, Restore, Source};
use proptest::prelude::*;

const DAY_MS: u64 = 86_400_000;
const MINUTE_MS: u64 = 60_000;
const NOW: u64 = 1_795_305_845_123;
const RAND: [u8; 16] = [
    0x3c, 0x91, 0x5e, 0x07, 0xaa, 0x12, 0xf4, 0x60, 0xd9, 0x21, 0x08, 0x77, 0x4b, 0xe0, 0x19, 0xc5,
];

const PURPOSES: &str = r#"
  {"id":"necessary","required":true,"label":"Necessary"},
  {"id":"analytics","label":"Analytics"},
  {"id":"marketing","label":"Marketing"}"#;
const VENDORS: &str = r#"
  {"id":"ga","name":"GA","purposes":["analytics"]},
  {"id":"ads","name":"Ads","purposes":["marketing"]},
  {"id":"cdn","name":"CDN","purposes":["necessary"]}"#;

fn config_with(policy: &str, extra_purposes: &str, extra_vendors: &str, extra: &str) -> Config {
    let json = format!(
        r#"{{"policyVersion":"{policy}"{extra},"purposes":[{PURPOSES}{extra_purposes}],"vendors":[{VENDORS}{extra_vendors}]}}"#
    );
    Config::from_json(&json).expect("test config is valid")
}

fn config() -> Config {
    config_with("v1", "", "", "")
}

/// A machine with a partial decision: analytics granted, marketing refused.
fn decided() -> Machine {
    let mut m = Machine::new(config());
    let c = Choice::from_json(r#"{"purposes":{"analytics":true}}"#).unwrap();
    m.save(&c, Source::Banner, NOW, RAND).unwrap();
    m
}

fn stored() -> String {
    decided()
        .record_json()
        .expect("a decided machine has a record")
}

fn restore_with(config: Config, text: &str, now: u64) -> (Machine, Restore) {
    let mut m = Machine::new(config);
    let r = m.restore(Some(text), now);
    (m, r)
}

#[track_caller]
fn assert_rejected(text: &str, now: u64, want: RecordProblem) {
    assert_rejected_with(config(), text, now, &[want]);
}

#[track_caller]
fn assert_rejected_with(config: Config, text: &str, now: u64, allowed: &[RecordProblem]) {
    match consent_sieve::core::consent::judge(&config, text, now) {
        Ok(d) => panic!("record accepted as {d:?}:\n{text}"),
        Err(p) => assert!(
            allowed.contains(&p),
            "got {p:?}, want one of {allowed:?}:\n{text}"
        ),
    }
    let (m, r) = restore_with(config, text, now);
    match r {
        Restore::Rejected(p) => assert!(allowed.contains(&p), "restore gave {p:?}"),
        other => panic!("restore gave {other:?}"),
    }
    assert!(m.decision().is_none(), "a rejected record is no decision");
    assert!(!m.state().decided);
    assert!(m.needs_prompt(), "a rejected record means asking again");
    assert!(!m.granted("analytics"));
}

/// Signs a decision the way the SDK stores it.
fn sign(d: &Decision) -> String {
    Record::from_decision(d).to_json()
}

// ---------------------------------------------------------------------------------------------
// Valid records
// ---------------------------------------------------------------------------------------------

#[test]
fn a_written_record_restores_to_the_same_state() {
    let original = decided();
    let text = original.record_json().unwrap();
    let (m, r) = restore_with(config(), &text, NOW + DAY_MS);
    assert_eq!(r, Restore::Valid);
    assert_eq!(m.state(), original.state());
    assert_eq!(m.decision(), original.decision());
    assert!(!m.needs_prompt());
    assert!(m.granted("analytics") && !m.granted("marketing"));
}

#[test]
fn accept_reject_and_vendor_choices_all_survive_a_round_trip() {
    let mut cases = Vec::new();
    let mut m = Machine::new(config());
    m.accept_all(Source::Banner, NOW, RAND);
    cases.push(m.clone());
    m.reject_all(Source::Api, NOW, [1; 16]);
    cases.push(m.clone());
    m.accept_all(Source::Api, NOW, [2; 16]);
    m.save(
        &Choice::from_json(r#"{"vendors":{"ga":false}}"#).unwrap(),
        Source::Banner,
        NOW,
        [3; 16],
    )
    .unwrap();
    cases.push(m.clone());
    for original in cases {
        let text = original.record_json().unwrap();
        let (restored, r) = restore_with(config(), &text, NOW);
        assert_eq!(r, Restore::Valid, "{text}");
        assert_eq!(restored.state(), original.state(), "{text}");
        assert_eq!(restored.record_json(), Some(text));
    }
}

#[test]
fn record_parse_returns_the_original_decision() {
    let m = decided();
    let d = consent_sieve::core::consent::judge(&config(), &m.record_json().unwrap(), NOW).unwrap();
    assert_eq!(Some(&d), m.decision());
}

#[test]
fn the_record_has_the_documented_fields_and_checksum() {
    let m = decided();
    let text = m.record_json().unwrap();
    let v = Json::parse(&text).unwrap();
    let Json::Obj(fields) = &v else {
        panic!("not an object")
    };
    let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["v", "id", "pv", "at", "exp", "src", "p", "vn", "vc", "h"]
    );
    assert_eq!(
        v.get("vc"),
        Some(&Json::Obj(vec![])),
        "no vendor refused in this decision"
    );
    assert_eq!(v.get("v"), Some(&Json::Int(RECORD_VERSION as i64)));
    assert_eq!(v.get("pv"), Some(&Json::Str("v1".into())));
    assert_eq!(v.get("at"), Some(&Json::Int(NOW as i64)));
    assert_eq!(v.get("exp"), Some(&Json::Int((NOW + 180 * DAY_MS) as i64)));
    assert_eq!(v.get("src"), Some(&Json::Str("banner".into())));
    // h: the first 16 hex digits of the SHA-256 of the record without `h`.
    let Some(Json::Str(h)) = v.get("h") else {
        panic!("no h")
    };
    let at = text.find(",\"h\":").expect("h is last");
    let unsigned = format!("{}}}", &text[..at]);
    assert_eq!(h, &sha256_hex(unsigned.as_bytes())[..16]);
}

#[test]
fn nothing_stored_is_missing() {
    let mut m = decided();
    assert_eq!(m.restore(None, NOW), Restore::Missing);
    assert!(
        m.decision().is_none(),
        "restore replaces whatever was in force"
    );
    assert!(m.needs_prompt());
}

#[test]
fn a_rejected_record_replaces_the_current_decision() {
    let mut m = decided();
    assert_eq!(
        m.restore(Some("x"), NOW),
        Restore::Rejected(RecordProblem::Garbage)
    );
    assert!(m.decision().is_none());
}

#[test]
fn restore_at_a_later_time_within_the_lifetime_is_valid() {
    let text = stored();
    let (_, r) = restore_with(config(), &text, NOW + 179 * DAY_MS);
    assert_eq!(r, Restore::Valid);
    // A clock a few minutes behind the one that wrote the record is fine too.
    let (_, r) = restore_with(config(), &text, NOW - 4 * MINUTE_MS);
    assert_eq!(r, Restore::Valid);
}

// ---------------------------------------------------------------------------------------------
// Garbage
// ---------------------------------------------------------------------------------------------

#[test]
fn garbage_is_no_decision() {
    let junk = "\u{1F600}junk{[\"".repeat(20 * 1024 / 8);
    let x20k = "x".repeat(20 * 1024);
    let deep = "[".repeat(10_000);
    let deep_obj = "{\"v\":".repeat(5_000);
    for text in [
        "",
        "x",
        "{}",
        "null",
        "[]",
        "true",
        "1",
        "\"record\"",
        "{\"v\":\"1\"}",
        "{\"v\":1}",
        "{\"v\":1.0}",
        "[{\"v\":1}]",
        x20k.as_str(),
        junk.as_str(),
        deep.as_str(),
        deep_obj.as_str(),
    ] {
        assert_rejected(text, NOW, RecordProblem::Garbage);
    }
}

#[test]
fn every_truncation_of_a_record_is_garbage() {
    let text = stored();
    assert!(text.is_ascii());
    for len in 0..text.len() {
        assert_rejected(&text[..len], NOW, RecordProblem::Garbage);
    }
}

#[test]
fn another_format_version_is_wrong_version() {
    let text = stored();
    assert!(text.starts_with("{\"v\":1,"));
    for v in ["2", "0", "99", "-1"] {
        let other = text.replacen("{\"v\":1,", &format!("{{\"v\":{v},"), 1);
        assert_rejected(&other, NOW, RecordProblem::WrongVersion);
    }
    // Even when the rest is not our shape: the version is what tells.
    assert_rejected(
        r#"{"v":2,"whatever":true}"#,
        NOW,
        RecordProblem::WrongVersion,
    );
}

// ---------------------------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------------------------

const EDITED: [RecordProblem; 2] = [RecordProblem::Tampered, RecordProblem::Garbage];

#[test]
fn flipping_a_purpose_to_true_is_tampering() {
    let text = stored();
    let edited = text.replacen("\"marketing\":false", "\"marketing\":true", 1);
    assert_ne!(edited, text);
    assert_rejected(&edited, NOW, RecordProblem::Tampered);
}

#[test]
fn flipping_a_vendor_to_true_is_tampering() {
    let text = stored();
    let edited = text.replacen("\"ads\":false", "\"ads\":true", 1);
    assert_ne!(edited, text);
    assert_rejected(&edited, NOW, RecordProblem::Tampered);
}

#[test]
fn changing_the_expiry_is_tampering() {
    let text = stored();
    let exp = (NOW + 180 * DAY_MS).to_string();
    let later = (NOW + 300 * DAY_MS).to_string();
    let edited = text.replacen(&exp, &later, 1);
    assert_ne!(edited, text);
    assert_rejected(&edited, NOW + 200 * DAY_MS, RecordProblem::Tampered);
    assert_rejected(&edited, NOW, RecordProblem::Tampered);
}

#[test]
fn changing_the_source_is_tampering() {
    let text = stored();
    let edited = text.replacen("\"src\":\"banner\"", "\"src\":\"api\"", 1);
    assert_ne!(edited, text);
    assert_rejected(&edited, NOW, RecordProblem::Tampered);
}

#[test]
fn dropping_the_checksum_is_rejected() {
    let text = stored();
    let at = text.find(",\"h\":").unwrap();
    let edited = format!("{}}}", &text[..at]);
    assert_rejected_with(config(), &edited, NOW, &EDITED);
    let blank = format!("{},\"h\":\"\"}}", &text[..at]);
    assert_rejected_with(config(), &blank, NOW, &EDITED);
}

#[test]
fn an_extra_field_is_rejected() {
    let text = stored();
    let edited = format!("{},\"admin\":true}}", &text[..text.len() - 1]);
    assert_rejected_with(config(), &edited, NOW, &EDITED);
    let first = text.replacen("{\"v\":1,", "{\"v\":1,\"x\":null,", 1);
    assert_rejected_with(config(), &first, NOW, &EDITED);
}

#[test]
fn wrong_field_types_are_rejected() {
    let text = stored();
    for (from, to) in [
        ("\"analytics\":true", "\"analytics\":1"),
        ("\"src\":\"banner\"", "\"src\":\"BANNER\""),
        (&format!("\"at\":{NOW}"), &format!("\"at\":\"{NOW}\"")),
        ("\"p\":{", "\"p\":[{"),
    ] {
        let edited = text.replacen(from, to, 1);
        assert_ne!(edited, text, "{from}");
        assert_rejected_with(config(), &edited, NOW, &EDITED);
    }
}

#[test]
fn a_re_signed_record_with_a_non_uuid_id_is_tampering() {
    let mut d = decided().decision().unwrap().clone();
    d.id = "not-a-uuid".into();
    assert_rejected(&sign(&d), NOW, RecordProblem::Tampered);
}

#[test]
fn a_required_purpose_stored_as_denied_is_tampering() {
    let mut d = decided().decision().unwrap().clone();
    d.purposes.insert("necessary".into(), false);
    assert_rejected(&sign(&d), NOW, RecordProblem::Tampered);
}

#[test]
fn a_re_signed_record_whose_expiry_is_not_after_its_decision_is_tampering() {
    let mut d = decided().decision().unwrap().clone();
    d.expires_at = d.decided_at;
    assert_rejected(&sign(&d), NOW, RecordProblem::Tampered);
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

#[test]
fn a_decision_dated_more_than_five_minutes_ahead_is_future_dated() {
    let mut d = decided().decision().unwrap().clone();
    d.decided_at = NOW + 5 * MINUTE_MS + 1;
    d.expires_at = d.decided_at + 180 * DAY_MS;
    assert_rejected(&sign(&d), NOW, RecordProblem::FutureDated);
    d.decided_at = NOW + 30 * DAY_MS;
    d.expires_at = d.decided_at + 180 * DAY_MS;
    assert_rejected(&sign(&d), NOW, RecordProblem::FutureDated);
}

#[test]
fn a_decision_up_to_five_minutes_ahead_is_clock_skew_and_valid() {
    let mut d = decided().decision().unwrap().clone();
    d.decided_at = NOW + 5 * MINUTE_MS;
    d.expires_at = d.decided_at + 180 * DAY_MS;
    let (m, r) = restore_with(config(), &sign(&d), NOW);
    assert_eq!(r, Restore::Valid);
    assert_eq!(m.decision(), Some(&d));
}

#[test]
fn an_expired_record_is_expired() {
    let text = stored();
    let exp = NOW + 180 * DAY_MS;
    let (_, r) = restore_with(config(), &text, exp - 1);
    assert_eq!(r, Restore::Valid, "one millisecond before expiry");
    assert_rejected(&text, exp, RecordProblem::Expired);
    assert_rejected(&text, exp + 365 * DAY_MS, RecordProblem::Expired);
}

#[test]
fn a_shortened_lifetime_expires_records_earlier() {
    let text = stored(); // made under the 180-day default
    let short = || config_with("v1", "", "", r#","lifetimeDays":30"#);
    let (m, r) = restore_with(short(), &text, NOW + 29 * DAY_MS);
    assert_eq!(r, Restore::Valid);
    assert_eq!(
        m.state().expires_at,
        Some(NOW + 30 * DAY_MS),
        "the shorter lifetime is the one in force"
    );
    assert_rejected_with(short(), &text, NOW + 30 * DAY_MS, &[RecordProblem::Expired]);
    assert_rejected_with(short(), &text, NOW + 31 * DAY_MS, &[RecordProblem::Expired]);
}

#[test]
fn a_longer_lifetime_does_not_extend_a_stored_record() {
    let text = stored();
    let long = config_with("v1", "", "", r#","lifetimeDays":395"#);
    assert_rejected_with(long, &text, NOW + 181 * DAY_MS, &[RecordProblem::Expired]);
}

// ---------------------------------------------------------------------------------------------
// Policy changes
// ---------------------------------------------------------------------------------------------

#[test]
fn another_policy_version_is_outdated() {
    let text = stored();
    assert_rejected_with(
        config_with("v2", "", "", ""),
        &text,
        NOW,
        &[RecordProblem::Outdated],
    );
}

#[test]
fn a_new_optional_purpose_makes_the_record_outdated() {
    let text = stored();
    let grown = config_with("v1", r#",{"id":"social","label":"Social"}"#, "", "");
    assert_rejected_with(grown, &text, NOW, &[RecordProblem::Outdated]);
}

#[test]
fn a_new_vendor_makes_the_record_outdated() {
    let text = stored();
    let grown = config_with(
        "v1",
        "",
        r#",{"id":"fb","name":"FB","purposes":["marketing"]}"#,
        "",
    );
    assert_rejected_with(grown, &text, NOW, &[RecordProblem::Outdated]);
    // Even one for a purpose the person granted: they never saw that vendor.
    let grown = config_with(
        "v1",
        "",
        r#",{"id":"hotjar","name":"HJ","purposes":["analytics"]}"#,
        "",
    );
    assert_rejected_with(grown, &text, NOW, &[RecordProblem::Outdated]);
}

#[test]
fn a_new_required_purpose_keeps_the_record_and_is_granted() {
    let text = stored();
    let grown = config_with(
        "v1",
        r#",{"id":"security","required":true,"label":"Security"}"#,
        "",
        "",
    );
    let (m, r) = restore_with(grown, &text, NOW);
    assert_eq!(r, Restore::Valid);
    assert!(m.granted("security"));
    assert!(m.granted("analytics") && !m.granted("marketing"));
}

#[test]
fn a_removed_purpose_and_vendor_are_dropped_from_the_restored_decision() {
    let text = stored();
    let smaller = Config::from_json(
        r#"{"policyVersion":"v1","purposes":[
            {"id":"necessary","required":true,"label":"N"},{"id":"analytics","label":"A"}],
            "vendors":[{"id":"ga","name":"GA","purposes":["analytics"]}]}"#,
    )
    .unwrap();
    let (m, r) = restore_with(smaller, &text, NOW);
    assert_eq!(r, Restore::Valid);
    let s = m.state();
    assert_eq!(
        s.purposes.keys().collect::<Vec<_>>(),
        ["necessary", "analytics"]
    );
    assert_eq!(s.vendors.keys().collect::<Vec<_>>(), ["ga"]);
    assert!(m.granted("analytics"));
    assert!(!m.granted("marketing"));
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn granted_count(d: &Decision) -> usize {
    d.purposes.values().filter(|g| **g).count() + d.vendors.values().filter(|g| **g).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parse_and_restore_never_panic_on_arbitrary_strings(text in any::<String>()) {
        let c = config();
        prop_assert!(consent_sieve::core::consent::judge(&c, &text, NOW).is_err());
        let mut m = Machine::new(c);
        let r = m.restore(Some(&text), NOW);
        prop_assert!(matches!(r, Restore::Rejected(_)));
        prop_assert!(m.needs_prompt());
    }

    #[test]
    fn parse_never_panics_on_json_like_strings(text in r#"[{}\[\]":,0-9a-z\\ .\-]{0,300}"#) {
        let _ = consent_sieve::core::consent::judge(&config(), &text, NOW);
        let _ = Machine::new(config()).restore(Some(&text), NOW);
    }

    #[test]
    fn mutated_records_are_rejected_or_restore_exactly_the_original(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4),
    ) {
        let m = decided();
        let original = m.decision().unwrap().clone();
        let mut bytes = m.record_json().unwrap().into_bytes();
        for (at, mask) in &flips {
            let i = at.index(bytes.len());
            bytes[i] ^= mask;
        }
        let text = String::from_utf8_lossy(&bytes);
        let c = config();
        match consent_sieve::core::consent::judge(&c, &text, NOW) {
            Err(_) => {}
            Ok(d) => {
                prop_assert!(granted_count(&d) <= granted_count(&original), "{}", text);
                prop_assert_eq!(d, original.clone(), "{}", text);
            }
        }
        let mut restored = Machine::new(c);
        match restored.restore(Some(&text), NOW) {
            Restore::Valid => prop_assert_eq!(restored.decision(), Some(&original)),
            Restore::Rejected(_) => prop_assert!(restored.decision().is_none()),
            Restore::Missing => prop_assert!(false, "Missing for a stored text"),
        }
    }

    #[test]
    fn single_ascii_replacements_are_rejected_or_restore_exactly_the_original(
        at in any::<prop::sample::Index>(),
        byte in 0x20u8..0x7f,
    ) {
        let m = decided();
        let original = m.decision().unwrap().clone();
        let mut bytes = m.record_json().unwrap().into_bytes();
        let i = at.index(bytes.len());
        let unchanged = bytes[i] == byte;
        bytes[i] = byte;
        let text = String::from_utf8(bytes).unwrap();
        match consent_sieve::core::consent::judge(&config(), &text, NOW) {
            Err(p) => prop_assert!(!unchanged, "the untouched record was rejected: {:?}", p),
            Ok(d) => prop_assert_eq!(d, original, "{}", text),
        }
    }

    #[test]
    fn any_choice_round_trips_through_the_record(
        analytics in any::<Option<bool>>(),
        marketing in any::<Option<bool>>(),
        ga in any::<Option<bool>>(),
        ads in any::<Option<bool>>(),
        accept_first in any::<bool>(),
        rand in any::<[u8; 16]>(),
        age in 0u64..180 * DAY_MS,
    ) {
        let mut m = Machine::new(config());
        if accept_first {
            m.accept_all(Source::Banner, NOW, rand);
        }
        let field = |k: &str, v: Option<bool>| v.map(|b| format!("\"{k}\":{b}"));
        let ps: Vec<String> = [field("analytics", analytics), field("marketing", marketing)]
            .into_iter().flatten().collect();
        let vs: Vec<String> = [field("ga", ga), field("ads", ads)].into_iter().flatten().collect();
        let json = format!(r#"{{"purposes":{{{}}},"vendors":{{{}}}}}"#, ps.join(","), vs.join(","));
        m.save(&Choice::from_json(&json).unwrap(), Source::Api, NOW, rand).unwrap();
        let text = m.record_json().unwrap();
        let (restored, r) = restore_with(config(), &text, NOW + age);
        prop_assert_eq!(r, Restore::Valid);
        prop_assert_eq!(restored.state(), m.state());
    }
}
