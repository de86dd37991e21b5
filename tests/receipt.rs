//! Consent receipts: valid JSON, the right event state per choice, and integrity/notice hashes that
//! a kept copy can be checked against.
use consent_sieve::core::consent::Choice;
use consent_sieve::core::hash::sha256_hex;
use consent_sieve::core::json::Json;
use consent_sieve::core::policy::texts::Texts;
use consent_sieve::core::receipt;
use consent_sieve::core::{Config, Machine, Source};

const DAY_MS: u64 = 86_400_000;
/// 2026-11-22T00:04:05.123Z (day 20779 since the epoch, plus 4 min 5.123 s).
const NOW: u64 = 1_795_305_845_123;
const RAND: [u8; 16] = [0xab; 16];

fn config_json(mode: &str, analytics_label: &str, extra_purpose: &str) -> String {
    format!(
        r#"{{"policyVersion":"2025-01","mode":"{mode}","privacyPolicyUrl":"https://example.com/privacy",
        "purposes":[
          {{"id":"necessary","required":true,"label":{{"en":"Necessary","de":"Notwendig"}}}},
          {{"id":"analytics","label":{analytics_label}}},
          {{"id":"marketing","label":"Marketing","description":"Ads"}}{extra_purpose}],
        "vendors":[
          {{"id":"ga","name":"Google Analytics","purposes":["analytics"]}},
          {{"id":"ads","name":"Ads Inc","purposes":["marketing","analytics"]}}]}}"#
    )
}

fn config_in(mode: &str) -> Config {
    Config::from_json(&config_json(
        mode,
        r#"{"en":"Analytics","de":"Statistik"}"#,
        "",
    ))
    .unwrap()
}

fn opt_in() -> Machine {
    Machine::new(config_in("opt-in"))
}

fn english(m: &Machine) -> Texts {
    Config::resolve_texts(m.config(), &["en".to_string()])
}

fn build(m: &Machine) -> (String, Json) {
    let text = receipt::build(m, &english(m), NOW);
    let json =
        Json::parse(&text).unwrap_or_else(|e| panic!("receipt is not JSON ({e:?}):\n{text}"));
    (text, json)
}

fn str_field<'a>(v: &'a Json, key: &str) -> &'a str {
    match v.get(key) {
        Some(Json::Str(s)) => s,
        other => panic!("{key} is not a string: {other:?}"),
    }
}

fn arr<'a>(v: &'a Json, key: &str) -> &'a [Json] {
    match v.get(key) {
        Some(Json::Arr(a)) => a,
        other => panic!("{key} is not an array: {other:?}"),
    }
}

fn granted_of(v: &Json, list: &str, id: &str) -> bool {
    let item = arr(v, list)
        .iter()
        .find(|p| p.get("id") == Some(&Json::Str(id.into())))
        .unwrap_or_else(|| panic!("{list} has no {id}"));
    match item.get("granted") {
        Some(Json::Bool(b)) => *b,
        other => panic!("{list}.{id}.granted is {other:?}"),
    }
}

fn event_state(m: &Machine) -> String {
    str_field(&build(m).1, "eventState").to_string()
}

fn save(m: &mut Machine, json: &str) {
    m.save(&Choice::from_json(json).unwrap(), Source::Banner, NOW, RAND)
        .unwrap();
}

#[test]
fn receipt_is_valid_json_with_schema_and_decision_fields() {
    let mut m = opt_in();
    let id = m.accept_all(Source::Banner, NOW, RAND).id.clone();
    let (_, v) = build(&m);
    assert_eq!(str_field(&v, "schemaVersion"), receipt::SCHEMA);
    assert!(receipt::SCHEMA.starts_with("consent-sieve-receipt/"));
    assert_eq!(str_field(&v, "receiptId"), id);
    assert_eq!(str_field(&v, "generatedAt"), "2026-11-22T00:04:05.123Z");
    assert_eq!(str_field(&v, "eventTime"), "2026-11-22T00:04:05.123Z");
    // + 180 days: day 20959 = 2027-05-21
    assert_eq!(str_field(&v, "expiresAt"), "2027-05-21T00:04:05.123Z");
    assert_eq!(str_field(&v, "collectionMethod"), "banner");
    assert_eq!(str_field(&v, "jurisdictionMode"), "opt-in");
    assert_eq!(str_field(&v, "policyVersion"), "2025-01");
    assert_eq!(str_field(&v, "language"), "en");
    assert_eq!(str_field(&v, "noticeUrl"), "https://example.com/privacy");
    assert_eq!(str_field(&v, "noticeHash"), receipt::notice_hash(&m));
    let hash = str_field(&v, "noticeHash");
    assert_eq!(hash.len(), 64);
    assert!(hash
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
}

#[test]
fn receipt_without_a_decision_has_null_id_and_times() {
    let m = opt_in();
    let (_, v) = build(&m);
    assert_eq!(v.get("receiptId"), Some(&Json::Null));
    assert_eq!(v.get("eventTime"), Some(&Json::Null));
    assert_eq!(v.get("expiresAt"), Some(&Json::Null));
    assert_eq!(str_field(&v, "collectionMethod"), "default");
}

#[test]
fn receipt_id_is_the_decision_id_and_changes_with_each_decision() {
    let mut m = opt_in();
    let first = m.accept_all(Source::Banner, NOW, [1; 16]).id.clone();
    assert_eq!(str_field(&build(&m).1, "receiptId"), first);
    let second = m.reject_all(Source::Api, NOW + 1, [2; 16]).id.clone();
    assert_ne!(first, second);
    let (_, v) = build(&m);
    assert_eq!(str_field(&v, "receiptId"), second);
    assert_eq!(str_field(&v, "collectionMethod"), "api");
}

#[test]
fn event_state_is_given_when_every_optional_purpose_is_granted() {
    let mut m = opt_in();
    m.accept_all(Source::Banner, NOW, RAND);
    assert_eq!(event_state(&m), "given");
    let mut m = opt_in();
    save(
        &mut m,
        r#"{"purposes":{"analytics":true,"marketing":true}}"#,
    );
    assert_eq!(event_state(&m), "given");
}

#[test]
fn event_state_is_partial_when_some_optional_purposes_are_granted() {
    let mut m = opt_in();
    save(&mut m, r#"{"purposes":{"analytics":true}}"#);
    assert_eq!(event_state(&m), "partial");
    m.accept_all(Source::Banner, NOW, RAND);
    save(&mut m, r#"{"purposes":{"analytics":false}}"#);
    assert_eq!(event_state(&m), "partial");
}

#[test]
fn event_state_is_refused_when_no_optional_purpose_is_granted() {
    let mut m = opt_in();
    m.reject_all(Source::Banner, NOW, RAND);
    assert_eq!(event_state(&m), "refused");
    let mut m = opt_in();
    save(&mut m, r#"{"purposes":{}}"#);
    assert_eq!(
        event_state(&m),
        "refused",
        "saving with nothing switched on is a refusal"
    );
}

#[test]
fn event_state_is_none_without_a_decision() {
    assert_eq!(event_state(&opt_in()), "none");
    let mut gpc_opt_in = opt_in();
    gpc_opt_in.set_gpc(true);
    assert_eq!(event_state(&gpc_opt_in), "none");
    // Opt-out defaults grant purposes, but nobody consented to anything.
    assert_eq!(event_state(&Machine::new(config_in("opt-out"))), "none");
    let mut forgotten = opt_in();
    forgotten.accept_all(Source::Banner, NOW, RAND);
    forgotten.forget();
    assert_eq!(event_state(&forgotten), "none");
}

#[test]
fn event_state_is_refused_under_gpc_in_opt_out_mode() {
    let mut m = Machine::new(config_in("opt-out"));
    m.set_gpc(true);
    let (_, v) = build(&m);
    assert_eq!(str_field(&v, "eventState"), "refused");
    assert_eq!(str_field(&v, "collectionMethod"), "gpc");
    assert_eq!(str_field(&v, "jurisdictionMode"), "opt-out");
}

#[test]
fn purposes_and_vendors_carry_their_granted_flags() {
    let mut m = opt_in();
    save(&mut m, r#"{"purposes":{"analytics":true}}"#);
    let (_, v) = build(&m);
    let ids: Vec<&str> = arr(&v, "purposes")
        .iter()
        .map(|p| str_field(p, "id"))
        .collect();
    assert_eq!(ids, ["necessary", "analytics", "marketing"]);
    assert!(granted_of(&v, "purposes", "necessary"));
    assert!(granted_of(&v, "purposes", "analytics"));
    assert!(!granted_of(&v, "purposes", "marketing"));
    let required: Vec<&Json> = arr(&v, "purposes")
        .iter()
        .map(|p| p.get("required").unwrap())
        .collect();
    assert_eq!(
        required,
        [&Json::Bool(true), &Json::Bool(false), &Json::Bool(false)]
    );
    assert!(granted_of(&v, "vendors", "ga"));
    assert!(
        !granted_of(&v, "vendors", "ads"),
        "ads also needs marketing"
    );
    let ads = &arr(&v, "vendors")[1];
    assert_eq!(str_field(ads, "name"), "Ads Inc");
    assert_eq!(
        ads.get("purposes"),
        Some(&Json::Arr(vec![
            Json::Str("marketing".into()),
            Json::Str("analytics".into())
        ]))
    );

    m.accept_all(Source::Banner, NOW, RAND);
    let (_, v) = build(&m);
    for id in ["necessary", "analytics", "marketing"] {
        assert!(granted_of(&v, "purposes", id), "{id}");
    }
    assert!(granted_of(&v, "vendors", "ga") && granted_of(&v, "vendors", "ads"));
}

#[test]
fn labels_are_in_the_receipt_language() {
    let m = opt_in();
    // German texts arrive in the config (the facade merges the bundled lang/de.json).
    let mut with_de = m.config().clone();
    let mut table = consent_sieve::core::map::Map::new();
    table.insert("save".to_string(), "Speichern".to_string());
    with_de.texts.insert("de".to_string(), table);
    let de = Config::resolve_texts(&with_de, &["de-DE".to_string()]);
    let v = Json::parse(&receipt::build(&m, &de, NOW)).unwrap();
    assert_eq!(str_field(&v, "language"), "de");
    let labels: Vec<&str> = arr(&v, "purposes")
        .iter()
        .map(|p| str_field(p, "label"))
        .collect();
    assert_eq!(labels, ["Notwendig", "Statistik", "Marketing"]);
    let (_, v) = build(&m);
    let labels: Vec<&str> = arr(&v, "purposes")
        .iter()
        .map(|p| str_field(p, "label"))
        .collect();
    assert_eq!(labels, ["Necessary", "Analytics", "Marketing"]);
}

#[test]
fn signals_report_gpc() {
    let mut m = opt_in();
    let (_, v) = build(&m);
    assert_eq!(
        v.get("signals").and_then(|s| s.get("gpc")),
        Some(&Json::Bool(false))
    );
    m.set_gpc(true);
    m.reject_all(Source::Banner, NOW, RAND);
    let (_, v) = build(&m);
    assert_eq!(
        v.get("signals").and_then(|s| s.get("gpc")),
        Some(&Json::Bool(true))
    );
}

/// Recomputes the integrity hash the way a person checking a kept copy would: SHA-256 of the
/// text before `,"integrity"` with the closing `}`.
fn check_integrity(text: &str) -> bool {
    let Some(at) = text.rfind(",\"integrity\":\"") else {
        return false;
    };
    let tail = &text[at..];
    let Some(stored) = tail
        .strip_prefix(",\"integrity\":\"")
        .and_then(|t| t.strip_suffix("\"}"))
    else {
        return false;
    };
    let body = format!("{}}}", &text[..at]);
    sha256_hex(body.as_bytes()) == stored
}

#[test]
fn integrity_is_the_sha256_of_the_receipt_before_it() {
    let mut m = opt_in();
    save(&mut m, r#"{"purposes":{"analytics":true}}"#);
    let (text, v) = build(&m);
    let Json::Obj(fields) = &v else { panic!() };
    assert_eq!(
        fields.last().map(|(k, _)| k.as_str()),
        Some("integrity"),
        "integrity is last"
    );
    let integrity = str_field(&v, "integrity");
    assert_eq!(integrity.len(), 64);
    let at = text.rfind(",\"integrity\"").unwrap();
    assert_eq!(
        sha256_hex(format!("{}}}", &text[..at]).as_bytes()),
        integrity
    );
    assert!(check_integrity(&text));
}

#[test]
fn integrity_holds_for_every_state_and_detects_an_edit() {
    let mut machines = vec![opt_in()];
    let mut m = opt_in();
    m.accept_all(Source::Api, NOW, RAND);
    machines.push(m);
    let mut m = Machine::new(config_in("opt-out"));
    m.set_gpc(true);
    machines.push(m);
    for m in &machines {
        let (text, _) = build(m);
        assert!(check_integrity(&text), "{text}");
        let edited = text.replacen("\"granted\":false", "\"granted\":true", 1);
        if edited != text {
            assert!(
                !check_integrity(&edited),
                "an edit must break the integrity hash"
            );
        }
        let edited = text.replacen("\"eventState\":\"", "\"eventState\":\"x", 1);
        assert!(!check_integrity(&edited));
    }
}

#[test]
fn receipt_stays_valid_json_with_hostile_labels() {
    let hostile = r#""Ana\"lytics </script><b>\\ \u2028 é""#;
    let m = Machine::new(Config::from_json(&config_json("opt-in", hostile, "")).unwrap());
    let (text, v) = build(&m);
    assert!(
        !text.contains("</script>"),
        "receipt can be embedded in a script block"
    );
    let label = str_field(&arr(&v, "purposes")[1], "label");
    assert_eq!(label, "Ana\"lytics </script><b>\\ \u{2028} é");
    assert!(check_integrity(&text));
}

#[test]
fn notice_hash_is_stable_across_copy_edits() {
    let a = Machine::new(config_in("opt-in"));
    let relabelled = Machine::new(
        Config::from_json(&config_json("opt-in", r#""Audience measurement""#, "")).unwrap(),
    );
    assert_eq!(receipt::notice_hash(&a), receipt::notice_hash(&relabelled));
    let renamed_vendor = Machine::new(
        Config::from_json(
            &config_json("opt-in", r#""Analytics""#, "").replace("Google Analytics", "GA4"),
        )
        .unwrap(),
    );
    assert_eq!(
        receipt::notice_hash(&a),
        receipt::notice_hash(&renamed_vendor)
    );
    // Not part of the notice either: the state, the language, the time, the mode's defaults.
    let mut decided = Machine::new(config_in("opt-in"));
    decided.accept_all(Source::Banner, NOW + 7 * DAY_MS, RAND);
    assert_eq!(
        str_field(&build(&a).1, "noticeHash"),
        str_field(&build(&decided).1, "noticeHash")
    );
}

#[test]
fn notice_hash_changes_when_what_is_asked_changes() {
    let base = receipt::notice_hash(&opt_in());
    let with =
        |json: String| receipt::notice_hash(&Machine::new(Config::from_json(&json).unwrap()));
    let label = r#"{"en":"Analytics","de":"Statistik"}"#;
    let added_purpose = with(config_json(
        "opt-in",
        label,
        r#",{"id":"social","label":"Social"}"#,
    ));
    assert_ne!(base, added_purpose, "a new purpose");
    let new_version = with(config_json("opt-in", label, "").replace("2025-01", "2025-02"));
    assert_ne!(base, new_version, "a new policy version");
    let now_required = with(config_json("opt-in", label, "").replace(
        r#""id":"marketing","label""#,
        r#""id":"marketing","required":true,"label""#,
    ));
    assert_ne!(base, now_required, "a purpose became required");
    let added_vendor = with(config_json("opt-in", label, "").replace(
        r#"]}]}"#,
        r#"]},{"id":"fb","name":"FB","purposes":["marketing"]}]}"#,
    ));
    assert_ne!(base, added_vendor, "a new vendor");
    let vendor_purposes = with(
        config_json("opt-in", label, "")
            .replace(r#"["marketing","analytics"]"#, r#"["marketing"]"#),
    );
    assert_ne!(base, vendor_purposes, "a vendor's purposes changed");
}

#[test]
fn receipt_is_deterministic_for_the_same_inputs() {
    let mut m = opt_in();
    m.accept_all(Source::Banner, NOW, RAND);
    let t = english(&m);
    assert_eq!(receipt::build(&m, &t, NOW), receipt::build(&m, &t, NOW));
    assert_ne!(
        receipt::build(&m, &t, NOW),
        receipt::build(&m, &t, NOW + 1),
        "generatedAt"
    );
    let expires = m.state().expires_at.unwrap();
    assert_eq!(expires, NOW + 180 * DAY_MS);
}

// ---- The chain: build_linked, erasure, verify_chain ----

fn retired_config() -> Config {
    Config::from_json(&config_json("opt-in", r#""Analytics""#, "").replace(
        r#"]}]}"#,
        r#"]},{"id":"old","name":"Old Ads","purposes":["marketing"],"retired":true,
                "cookies":["_old_*"],"storageKeys":["old-id"]}]}"#,
    ))
    .unwrap()
}

/// A chain of four: accept all, reject all (api), a partial save, the erasure of a retired vendor.
fn chain() -> Vec<String> {
    let mut m = Machine::new(retired_config());
    let t = english(&m);
    let mut lines: Vec<String> = Vec::new();
    m.accept_all(Source::Banner, NOW, [1; 16]);
    lines.push(receipt::build_linked(&m, &t, NOW, None));
    m.reject_all(Source::Api, NOW + 1000, [2; 16]);
    lines.push(receipt::build_linked(
        &m,
        &t,
        NOW + 1000,
        lines.last().map(String::as_str),
    ));
    m.save(
        &Choice::from_json(r#"{"purposes":{"analytics":true}}"#).unwrap(),
        Source::Banner,
        NOW + 2000,
        [3; 16],
    )
    .unwrap();
    lines.push(receipt::build_linked(
        &m,
        &t,
        NOW + 2000,
        lines.last().map(String::as_str),
    ));
    let erased = receipt::erasure(
        m.config(),
        &["old"],
        NOW + 3000,
        [4; 16],
        lines.last().map(String::as_str),
    )
    .unwrap();
    lines.push(erased);
    lines
}

fn verify(lines: &[String]) -> receipt::ChainReport {
    receipt::verify_chain(&(lines.join("\n") + "\n")).unwrap()
}

fn breaks(r: &receipt::ChainReport) -> Vec<(usize, &'static str)> {
    r.breaks.iter().map(|b| (b.line, b.kind)).collect()
}

#[test]
fn a_linked_receipt_carries_previous_inside_its_integrity() {
    let lines = chain();
    let first = Json::parse(&lines[0]).unwrap();
    assert_eq!(
        first.get("previous"),
        Some(&Json::Null),
        "the first links to nothing"
    );
    for pair in lines.windows(2) {
        let next = Json::parse(&pair[1]).unwrap();
        assert_eq!(str_field(&next, "previous"), sha256_hex(pair[0].as_bytes()));
    }
    for l in &lines {
        assert!(check_integrity(l), "{l}");
        assert_eq!(receipt::integrity_holds(l), Some(true));
        let Json::Obj(fields) = Json::parse(l).unwrap() else {
            panic!()
        };
        let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys[keys.len() - 2..], ["previous", "integrity"], "{l}");
    }
    // The fields of a decision: id, times, version, notice, purposes and vendors each granted or not,
    // the source, the mode.
    let second = Json::parse(&lines[1]).unwrap();
    assert_eq!(str_field(&second, "collectionMethod"), "api");
    assert_eq!(str_field(&second, "eventState"), "refused");
    assert_eq!(str_field(&second, "jurisdictionMode"), "opt-in");
    assert_eq!(str_field(&second, "policyVersion"), "2025-01");
    assert_eq!(str_field(&second, "eventTime"), "2026-11-22T00:04:06.123Z");
    assert_eq!(str_field(&second, "noticeHash").len(), 64);
    assert!(!granted_of(&second, "purposes", "analytics"));
    assert!(!granted_of(&second, "vendors", "ga"));
    let third = Json::parse(&lines[2]).unwrap();
    assert!(granted_of(&third, "purposes", "analytics") && granted_of(&third, "vendors", "ga"));
    // build keeps its single-receipt shape: no previous.
    let m = opt_in();
    assert_eq!(
        Json::parse(&receipt::build(&m, &english(&m), NOW))
            .unwrap()
            .get("previous"),
        None
    );
}

#[test]
fn an_erasure_is_an_incident_receipt_naming_what_was_erased() {
    let lines = chain();
    let v = Json::parse(&lines[3]).unwrap();
    assert_eq!(str_field(&v, "collectionMethod"), receipt::INCIDENT);
    assert_eq!(receipt::INCIDENT, "incident");
    assert_eq!(str_field(&v, "eventState"), "erased");
    assert_eq!(str_field(&v, "eventTime"), "2026-11-22T00:04:08.123Z");
    assert_eq!(str_field(&v, "receiptId").len(), 36);
    let vendors = arr(&v, "vendors");
    assert_eq!(vendors.len(), 1);
    assert_eq!(str_field(&vendors[0], "id"), "old");
    let erased = vendors[0].get("erased").unwrap();
    assert_eq!(
        erased.get("cookies"),
        Some(&Json::Arr(vec![Json::Str("_old_*".into())]))
    );
    assert_eq!(
        erased.get("storageKeys"),
        Some(&Json::Arr(vec![Json::Str("old-id".into())]))
    );
    let c = retired_config();
    let e = receipt::erasure(&c, &["old", "ga"], NOW, RAND, None).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        ("receipt.not_retired", "vendors[1]")
    );
    assert!(e.reason.contains("not a retired vendor"), "{}", e.reason);
    let e = receipt::erasure(&c, &["nope"], NOW, RAND, None).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        ("receipt.not_retired", "vendors[0]")
    );
}

#[test]
fn a_good_chain_verifies() {
    let lines = chain();
    let r = verify(&lines);
    assert!(r.ok(), "{:?}", r.breaks);
    assert_eq!((r.lines, r.receipts), (4, 4));
    // Without the final newline, and with CRLF line ends, the same.
    assert!(receipt::verify_chain(&lines.join("\n")).unwrap().ok());
    assert!(receipt::verify_chain(&(lines.join("\r\n") + "\r\n"))
        .unwrap()
        .ok());
    assert_eq!(receipt::verify_chain("").unwrap().receipts, 0);
    let json = Json::parse(&r.to_json()).unwrap();
    assert_eq!(json.get("ok"), Some(&Json::Bool(true)));
    assert_eq!(json.get("breaks"), Some(&Json::Arr(vec![])));
}

#[test]
fn a_changed_field_breaks_its_integrity_and_the_next_link() {
    let mut lines = chain();
    lines[1] = lines[1].replacen("\"granted\":false", "\"granted\":true", 1);
    let r = verify(&lines);
    assert_eq!(breaks(&r), [(2, "integrity"), (3, "previous")]);
    assert!(r.breaks[0].reason.contains("edited"));
    assert!(
        r.breaks[1].reason.contains("line 2"),
        "{}",
        r.breaks[1].reason
    );
    assert_eq!(
        r.breaks[0].receipt_id.as_deref(),
        str_field(&Json::parse(&lines[1]).unwrap(), "receiptId").into()
    );
    let json = Json::parse(&r.to_json()).unwrap();
    assert_eq!(json.get("ok"), Some(&Json::Bool(false)));
    // Edited and re-sealed (a new integrity): only the link to it breaks.
    let mut lines = chain();
    let at = lines[1].rfind(",\"integrity\"").unwrap();
    let edited = format!("{}}}", &lines[1][..at]).replacen("\"api\"", "\"banner\"", 1);
    let body_end = edited.len() - 1;
    lines[1] = format!(
        "{},\"integrity\":\"{}\"}}",
        &edited[..body_end],
        sha256_hex(edited.as_bytes())
    );
    assert_eq!(breaks(&verify(&lines)), [(3, "previous")]);
}

#[test]
fn a_removed_inserted_or_reordered_line_breaks_a_link() {
    let lines = chain();
    let mut removed = lines.clone();
    removed.remove(1);
    assert_eq!(breaks(&verify(&removed)), [(2, "previous")]);
    let first_removed = lines[1..].to_vec();
    let r = verify(&first_removed);
    assert_eq!(breaks(&r), [(1, "previous")]);
    assert!(r.breaks[0].reason.contains("must be null"));
    let mut swapped = lines.clone();
    swapped.swap(1, 2);
    assert_eq!(
        breaks(&verify(&swapped)),
        [(2, "previous"), (3, "previous"), (4, "previous")]
    );
    let mut restarted = lines.clone();
    restarted.insert(2, lines[0].clone());
    let r = verify(&restarted);
    assert_eq!(breaks(&r), [(3, "previous"), (4, "previous")]);
    assert!(
        r.breaks[0].reason.contains("null"),
        "{}",
        r.breaks[0].reason
    );
}

#[test]
fn lines_that_are_not_receipts_are_reported_by_number() {
    let lines = chain();
    let mut bad = lines.clone();
    bad.insert(1, "{not json".to_string());
    bad.insert(2, String::new());
    bad.insert(3, "[1]".to_string());
    let r = verify(&bad);
    assert_eq!(
        breaks(&r)[..3],
        [(2, "syntax"), (3, "empty"), (4, "syntax")],
        "{:?}",
        r.breaks
    );
    assert!(r.breaks[0].reason.starts_with("not JSON"));
    // The receipt after them still links to line 1: fine.
    assert_eq!(breaks(&r).len(), 3);
    let single = receipt::build(&opt_in(), &english(&opt_in()), NOW);
    let r = verify(&[single]);
    assert_eq!(
        breaks(&r),
        [(1, "previous")],
        "a lone build() receipt is no chain link"
    );
    let r = verify(&[r#"{"a":1}"#.to_string()]);
    assert_eq!(breaks(&r), [(1, "integrity"), (1, "previous")]);
}

#[test]
fn verify_chain_refuses_input_past_its_limits() {
    let big = "x".repeat(receipt::MAX_CHAIN_BYTES + 1);
    let e = receipt::verify_chain(&big).unwrap_err();
    assert_eq!(e.code, "receipt.too_large");
    assert!(e.reason.contains("1 MiB"));
    let many = "{}\n".repeat(receipt::MAX_CHAIN_LINES + 1);
    let e = receipt::verify_chain(&many).unwrap_err();
    assert_eq!(e.code, "receipt.too_large");
    assert!(e.reason.contains("10,000 lines"));
    // Exactly at the line limit is read.
    let r = receipt::verify_chain(&"{}\n".repeat(receipt::MAX_CHAIN_LINES)).unwrap();
    assert_eq!(r.lines, receipt::MAX_CHAIN_LINES);
}

/// tests/fixtures/receipt-chain.ndjson is the chain above, for the CLI's end-to-end test (which
/// tampers with it): regenerate with `UPDATE_FIXTURES=1 cargo test --test receipt`.
#[test]
fn the_chain_fixture_is_the_chain_the_core_builds() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/receipt-chain.ndjson");
    let now = chain().join("\n") + "\n";
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &now).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == now,
        "tests/fixtures/receipt-chain.ndjson is out of date: UPDATE_FIXTURES=1 cargo test --test receipt"
    );
    assert!(receipt::verify_chain(&committed).unwrap().ok());
}

mod chain_props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any text is a report or a `receipt.too_large` error, never a panic.
        #[test]
        fn any_text_gets_a_report(text in "(\\PC|\n|\r){0,400}") {
            if let Ok(r) = receipt::verify_chain(&text) {
                prop_assert!(r.receipts <= r.lines);
                prop_assert!(r.breaks.iter().all(|b| b.line >= 1 && b.line <= r.lines));
                prop_assert!(Json::parse(&r.to_json()).is_ok());
            }
        }

        /// Changing any one byte of any receipt (to another ASCII byte) is reported as a break.
        #[test]
        fn any_one_byte_edit_breaks_the_chain(which in 0usize..4, at in any::<prop::sample::Index>(), to in 0x20u8..0x7f) {
            let mut lines = chain();
            let line = lines[which].clone().into_bytes();
            let i = at.index(line.len());
            prop_assume!(line[i] != to);
            let mut edited = line;
            edited[i] = to;
            lines[which] = String::from_utf8(edited).unwrap();
            let r = verify(&lines);
            prop_assert!(!r.ok(), "edit at line {} byte {} went unnoticed", which + 1, i);
            prop_assert!(r.breaks.iter().any(|b| b.line == which + 1 || b.line == which + 2));
        }
    }
}

#[test]
fn a_retired_vendor_is_never_granted_and_its_erasure_is_recorded_once() {
    let c = retired_config();
    let mut m = Machine::new(c.clone());
    m.accept_all(Source::Banner, NOW, [1; 16]);
    assert_eq!(
        m.state().vendors.get("old"),
        Some(&false),
        "accept all does not revive it"
    );
    let chain = "";
    assert_eq!(receipt::unrecorded_retirements(&c, chain), ["old"]);
    let line = receipt::erasure(&c, &["old"], NOW, [2; 16], receipt::last_line(chain)).unwrap();
    let chain = receipt::append_kept(chain, &line);
    assert!(
        receipt::unrecorded_retirements(&c, &chain).is_empty(),
        "recorded: not again"
    );
    let next = receipt::build_linked(
        &m,
        &m.config().resolve_texts(&[]),
        NOW + 1,
        receipt::last_line(&chain),
    );
    let chain = receipt::append_kept(&chain, &next);
    let report = receipt::verify_chain(&chain).unwrap();
    assert!(report.breaks.is_empty(), "{:?}", report.breaks);
}

#[test]
fn the_kept_chain_holds_the_newest_receipts() {
    let mut chain = String::new();
    for i in 0..(receipt::MAX_KEPT + 5) {
        chain = receipt::append_kept(&chain, &format!("{{\"n\":{i}}}"));
    }
    let lines: Vec<&str> = chain.lines().collect();
    assert_eq!(lines.len(), receipt::MAX_KEPT);
    assert_eq!(lines[0], "{\"n\":5}");
    assert_eq!(
        receipt::last_line(&chain),
        Some(format!("{{\"n\":{}}}", receipt::MAX_KEPT + 4).as_str())
    );
}
