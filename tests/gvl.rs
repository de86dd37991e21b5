//! The Global Vendor List (core::tcf::gvl): a valid GVL read into the config's vendor subset, every
//! error class with its field path, the limits, deleted and unlisted vendors in the TC string, the
//! cache entry's rules, and the re-ask rule (a stored choice made under another TCF policy version).
#![cfg(feature = "iab")]
use consent_sieve::core::consent::{RecordProblem, Restore};
use consent_sieve::core::json::Json;
use consent_sieve::core::tcf::gvl::{self, Gvl};
use consent_sieve::core::tcf::{self, signal};
use consent_sieve::core::{Config, Machine, Source};

const FIXTURE: &str = include_str!("fixtures/gvl.json");
/// 2026-11-22T00:04:05.123Z
const NOW: u64 = 1_795_305_845_123;
const R: [u8; 16] = [7; 16];

/// Vendors: stats (10), ads (32), video (4, special purposes only), old (52, deleted), gone (77, not
/// in the GVL), cdn (no GVL id).
fn config(tcf: &str) -> Config {
    Config::from_json(&format!(
        r#"{{"policyVersion":"1","purposes":[
            {{"id":"necessary","required":true,"label":"N"}},
            {{"id":"analytics","label":"A","tcfPurposes":[7,8,9,10]}},
            {{"id":"marketing","label":"M","tcfPurposes":[1,2,3,4]}}],
          "vendors":[
            {{"id":"stats","name":"S","purposes":["analytics"],"gvlId":10}},
            {{"id":"ads","name":"A","purposes":["marketing"],"gvlId":32}},
            {{"id":"video","name":"V","purposes":["marketing"],"gvlId":4}},
            {{"id":"old","name":"O","purposes":["marketing"],"gvlId":52}},
            {{"id":"gone","name":"G","purposes":["marketing"],"gvlId":77}},
            {{"id":"cdn","name":"C","purposes":["necessary"]}}],
          "tcf":{tcf}}}"#
    ))
    .unwrap()
}

const WITH_URL: &str = r#"{"cmpId":300,"cmpVersion":4,"gvlUrl":"/gvl/vendor-list.json"}"#;

fn gvl_of(c: &Config) -> Gvl {
    Gvl::parse(FIXTURE, &gvl::wanted(c)).unwrap()
}

fn err(text: &str) -> (String, String, String) {
    let e = Gvl::parse(text, &[10, 32]).unwrap_err();
    (e.code.to_string(), e.path, e.reason)
}

/// The fixture with `from` replaced by `to` (once; the text must be there).
fn edit(from: &str, to: &str) -> String {
    assert!(FIXTURE.contains(from), "{from}");
    FIXTURE.replacen(from, to, 1)
}

#[test]
fn a_valid_gvl_is_read_into_the_vendor_subset() {
    let c = config(WITH_URL);
    assert_eq!(gvl::wanted(&c), [4, 10, 32, 52, 77]);
    let g = gvl_of(&c);
    assert_eq!((g.vendor_list_version, g.tcf_policy_version), (142, 5));
    assert_eq!(g.last_updated, "2026-11-26T16:00:00Z");
    assert_eq!(g.purposes.len(), 9);
    assert_eq!(g.purposes[1].name, "Use limited data to select advertising");
    assert_eq!(g.purposes[1].illustrations.len(), 1);
    assert!(!g.special_purposes[0].consentable && !g.special_purposes[0].right_to_object);
    assert_eq!((g.features.len(), g.special_features.len()), (3, 2));
    assert_eq!(g.stacks[1].id, 42);
    assert_eq!(g.stacks[1].purposes, [2, 3, 4, 7]);
    assert_eq!(g.stacks[0].special_features, [1, 2]);
    assert_eq!(g.data_categories.len(), 3);
    // Only the config's vendors that the list has (77 is not in it, 999 not in the config).
    let ids: Vec<u16> = g.vendors.iter().map(|v| v.id).collect();
    assert_eq!(ids, [4, 10, 32, 52]);
    let stats = &g.vendors[1];
    assert_eq!(stats.name, "Fern Stats");
    assert_eq!(
        (
            &stats.purposes[..],
            &stats.leg_int_purposes[..],
            &stats.flexible_purposes[..]
        ),
        (&[1u8, 7, 8, 9][..], &[10u8][..], &[10u8][..])
    );
    assert_eq!(stats.urls.len(), 2);
    assert_eq!(
        stats.urls[0].leg_int_claim.as_deref(),
        Some("https://stats.example/legint")
    );
    let r = stats.retention.as_ref().unwrap();
    assert_eq!((r.std, &r.purposes[..]), (Some(395), &[(7u8, 30u32)][..]));
    assert_eq!(
        (stats.uses_cookies, stats.cookie_max_age_seconds),
        (true, Some(34_164_000))
    );
    assert_eq!(
        g.vendors[2].cookie_max_age_seconds, None,
        "null: no cookies"
    );
    assert_eq!(
        g.vendors[0].device_storage_disclosure_url.as_deref(),
        Some("https://video.example/devicestorage.json")
    );
    assert!(g.vendors[3].deleted_date.is_some());
    assert!(g.vendor(52).is_none(), "deleted");
    assert!(g.vendor(77).is_none(), "not listed");
    assert!(g.vendor(32).is_some());
}

#[test]
fn the_subset_written_back_reads_the_same() {
    let c = config(WITH_URL);
    let (g, text) = Gvl::parse_subset(FIXTURE, &gvl::wanted(&c)).unwrap();
    assert_eq!(g, gvl_of(&c));
    Json::parse(&text).expect("JSON");
    assert_eq!(Gvl::parse(&text, &gvl::wanted(&c)).unwrap(), g);
    assert!(text.len() < FIXTURE.len());
    assert!(!text.contains("Unrelated Vendor"));
}

#[test]
fn every_error_names_the_field() {
    for (text, code, path) in [
        ("{".to_string(), "gvl.invalid", ""),
        ("[]".to_string(), "gvl.invalid", ""),
        (
            edit(
                r#""gvlSpecificationVersion": 3"#,
                r#""gvlSpecificationVersion": 2"#,
            ),
            "gvl.invalid",
            "gvlSpecificationVersion",
        ),
        (
            edit(r#""vendorListVersion": 142,"#, ""),
            "gvl.invalid",
            "vendorListVersion",
        ),
        (
            edit(
                r#""vendorListVersion": 142"#,
                r#""vendorListVersion": 4096"#,
            ),
            "gvl.invalid",
            "vendorListVersion",
        ),
        (
            edit(r#""tcfPolicyVersion": 5"#, r#""tcfPolicyVersion": "5""#),
            "gvl.invalid",
            "tcfPolicyVersion",
        ),
        (
            edit(
                r#""lastUpdated": "2026-11-26T16:00:00Z""#,
                r#""lastUpdated": 1"#,
            ),
            "gvl.invalid",
            "lastUpdated",
        ),
        (
            edit(
                r#""2": { "id": 2, "name": "Use limited"#,
                r#""2": { "id": 3, "name": "Use limited"#,
            ),
            "gvl.invalid",
            "purposes.2.id",
        ),
        (
            edit(
                r#"{ "id": 1, "name": "Use precise geolocation data""#,
                r#"{ "id": 1, "name": 7"#,
            ),
            "gvl.invalid",
            "specialFeatures.1.name",
        ),
        (
            edit(
                r#""purposes": [1, 2, 3, 4, 7]"#,
                r#""purposes": [1, 2, 25]"#,
            ),
            "gvl.invalid",
            "vendors.32.purposes[2]",
        ),
        (
            edit(r#""purposes": [1, 2, 3, 4, 7]"#, r#""purposes": [1, 1]"#),
            "gvl.invalid",
            "vendors.32.purposes[1]",
        ),
        (
            edit(r#""flexiblePurposes": [10]"#, r#""flexiblePurposes": [2]"#),
            "gvl.invalid",
            "vendors.10.flexiblePurposes[0]",
        ),
        (
            edit(
                r#"{ "langId": "en", "privacy": "https://ads.example/privacy" }"#,
                r#"{ "langId": "en" }"#,
            ),
            "gvl.invalid",
            "vendors.32.urls[0].privacy",
        ),
        (
            edit(r#""stdRetention": 365"#, r#""stdRetention": -1"#),
            "gvl.invalid",
            "vendors.32.dataRetention.stdRetention",
        ),
        (
            edit(r#""purposes": { "7": 30 }"#, r#""purposes": { "x": 30 }"#),
            "gvl.invalid",
            "vendors.10.dataRetention.purposes.x",
        ),
        (
            edit(
                r#""usesCookies": false, "cookieRefresh": false, "usesNonCookieAccess": true"#,
                r#""usesCookies": "no", "usesNonCookieAccess": true"#,
            ),
            "gvl.invalid",
            "vendors.32.usesCookies",
        ),
        (
            edit(r#""32": { "id": 32,"#, r#""32": { "id": 33,"#),
            "gvl.invalid",
            "vendors.32.id",
        ),
        (
            edit(r#""999": {"#, r#""abc": {"#),
            "gvl.invalid",
            "vendors.abc",
        ),
        (
            edit(r#""stacks": {"#, r#""stacks": 1, "x": {"#),
            "gvl.invalid",
            "stacks",
        ),
    ] {
        let (c, p, reason) = err(&text);
        assert_eq!((c.as_str(), p.as_str()), (code, path), "{reason}");
        assert!(!reason.is_empty());
    }
}

#[test]
fn vendors_outside_the_subset_are_only_counted() {
    // A broken entry of a vendor the config does not name does not matter.
    let text = edit(
        r#""name": "Unrelated Vendor", "purposes": [1]"#,
        r#""name": 5, "purposes": [99]"#,
    );
    assert!(Gvl::parse(&text, &[10, 32]).is_ok());
    assert_eq!(
        Gvl::parse(&text, &[999]).unwrap_err().path,
        "vendors.999.purposes[0]"
    );
}

#[test]
fn limits_fail_closed_with_too_large() {
    let long = format!("{} {}", FIXTURE, " ".repeat(gvl::MAX_BYTES));
    assert_eq!(err(&long).0, "gvl.too_large");
    // 9 levels under a vendor.
    let deep = edit(
        r#""deviceStorageDisclosureUrl": "https://video.example/devicestorage.json""#,
        r#""x": [[[[[[[[1]]]]]]]]"#,
    );
    assert_eq!(err(&deep).0, "gvl.too_large");
    let mut many = String::from(
        r#"{"gvlSpecificationVersion":3,"vendorListVersion":1,"tcfPolicyVersion":5,"lastUpdated":"x","purposes":{},"specialPurposes":{},"features":{},"specialFeatures":{},"vendors":{"#,
    );
    for i in 1..=gvl::MAX_VENDORS + 1 {
        if i > 1 {
            many.push(',');
        }
        many.push_str(&format!(r#""{i}":{{"id":{i},"name":"v"}}"#));
    }
    many.push_str("}}");
    let e = Gvl::parse(&many, &[1]).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), ("gvl.too_large", ""));
    // At the limit it reads.
    let at_limit = many.replacen(
        &format!(r#","{0}":{{"id":{0},"name":"v"}}"#, gvl::MAX_VENDORS + 1),
        "",
        1,
    );
    assert_eq!(Gvl::parse(&at_limit, &[1]).unwrap().vendors.len(), 1);
}

fn decided(c: Config, gvl: Option<Gvl>) -> Machine {
    let mut m = Machine::new(c);
    if let Some(g) = gvl {
        m.set_gvl(g);
    }
    m.accept_all(Source::Banner, NOW, R);
    m
}

#[test]
fn the_tc_string_follows_the_gvl() {
    let c = config(WITH_URL);
    let g = gvl_of(&c);
    let unlisted: Vec<(String, &str)> = g
        .unlisted(&c)
        .into_iter()
        .map(|e| (e.path, e.code))
        .collect();
    assert_eq!(
        unlisted,
        [
            ("vendors[3].gvlId".to_string(), "gvl.unlisted_vendor"),
            ("vendors[4].gvlId".to_string(), "gvl.unlisted_vendor")
        ]
    );
    let m = decided(c, Some(g));
    let tcf_cfg = m.config().tcf.clone().unwrap();
    let tc = tcf::decode(&signal::tc_string(&m, &tcf_cfg).unwrap()).unwrap();
    assert_eq!((tc.vendor_list_version, tc.policy_version), (142, 5));
    // 52 (deleted) and 77 (unlisted) are neither disclosed nor consented; 4 declares no consent
    // purpose: disclosed, not consented.
    assert_eq!(tc.disclosed_vendors.unwrap(), [4, 10, 32]);
    assert_eq!(tc.vendor_consents, [10, 32]);
    assert!(tc.vendor_li.is_empty() && tc.purposes_li == 0);
    // The TCData says the same, with the GVL's versions.
    let data = Json::parse(&signal::tc_data(&m, &tcf_cfg)).unwrap();
    assert_eq!(data.get("cmpStatus"), Some(&Json::Str("loaded".into())));
    assert_eq!(data.get("gvlVersion"), Some(&Json::Int(142)));
    let vendor = data.get("vendor").unwrap();
    assert_eq!(
        vendor.get("disclosedVendors").unwrap().to_text(),
        r#"{"4":true,"10":true,"32":true}"#
    );
    assert_eq!(
        vendor.get("consents").unwrap().to_text(),
        r#"{"4":false,"10":true,"32":true}"#
    );
}

#[test]
fn the_gvl_policy_version_is_encoded() {
    let c = config(WITH_URL);
    let text = edit(r#""tcfPolicyVersion": 5"#, r#""tcfPolicyVersion": 4"#);
    let g = Gvl::parse(&text, &gvl::wanted(&c)).unwrap();
    let m = decided(c, Some(g));
    let tcf_cfg = m.config().tcf.clone().unwrap();
    let tc = tcf::decode(&signal::tc_string(&m, &tcf_cfg).unwrap()).unwrap();
    assert_eq!(tc.policy_version, 4);
}

#[test]
fn without_the_gvl_tcf_fails_closed() {
    // gvlUrl configured, the GVL not loaded (404, invalid, timeout): no string, nothing consented.
    let m = decided(config(WITH_URL), None);
    let tcf_cfg = m.config().tcf.clone().unwrap();
    assert_eq!(signal::tc_string(&m, &tcf_cfg), None);
    let data = Json::parse(&signal::tc_data(&m, &tcf_cfg)).unwrap();
    assert_eq!(data.get("cmpStatus"), Some(&Json::Str("error".into())));
    assert_eq!(data.get("tcString"), Some(&Json::Str(String::new())));
    assert_eq!(data.get("gvlVersion"), None);
    let purposes = data.get("purpose").unwrap().get("consents").unwrap();
    assert!(
        !purposes.to_text().contains("true"),
        "{}",
        purposes.to_text()
    );
    assert_eq!(
        data.get("vendor")
            .unwrap()
            .get("consents")
            .unwrap()
            .to_text(),
        "{}"
    );
    // The site's own consent is untouched: the choice stands for its own gating.
    assert!(m.state().vendors.get("stats") == Some(&true));
}

#[test]
fn without_gvl_url_nothing_changes() {
    let c = config(r#"{"cmpId":300,"cmpVersion":4,"vendorListVersion":120}"#);
    let m = decided(c, None);
    let tcf_cfg = m.config().tcf.clone().unwrap();
    let tc = tcf::decode(&signal::tc_string(&m, &tcf_cfg).unwrap()).unwrap();
    assert_eq!((tc.vendor_list_version, tc.policy_version), (120, 5));
    assert_eq!(tc.vendor_consents, [4, 10, 32, 52, 77]);
    assert!(
        !m.record_json().unwrap().contains("\"tp\""),
        "no policy version stored"
    );
}

#[test]
fn a_changed_tcf_policy_version_asks_again() {
    let c = config(WITH_URL);
    let g5 = gvl_of(&c);
    let m = decided(c.clone(), Some(g5.clone()));
    let record = m.record_json().unwrap();
    assert!(record.contains(r#""tp":5"#), "{record}");
    // Same policy version (another vendorListVersion): the choice holds.
    let mut next = g5.clone();
    next.vendor_list_version = 143;
    let mut same = Machine::new(c.clone());
    same.set_gvl(next);
    assert_eq!(same.restore(Some(&record), NOW + 1000), Restore::Valid);
    // A GVL with another policy version: discarded, the banner asks.
    let mut g6 = g5.clone();
    g6.tcf_policy_version = 6;
    let mut other = Machine::new(c.clone());
    other.set_gvl(g6);
    assert_eq!(
        other.restore(Some(&record), NOW + 1000),
        Restore::Rejected(RecordProblem::Outdated)
    );
    assert!(other.needs_prompt());
    // A record from before gvlUrl (no `tp`) is asked again too: its policy version is unknown.
    let old = decided(
        config(r#"{"cmpId":300,"cmpVersion":4,"vendorListVersion":120}"#),
        None,
    )
    .record_json()
    .unwrap();
    let mut m = Machine::new(c.clone());
    m.set_gvl(g5);
    assert_eq!(
        m.restore(Some(&old), NOW + 1000),
        Restore::Rejected(RecordProblem::Outdated)
    );
    // Without a loaded GVL the record is judged as before (TCF itself signals an error).
    let mut plain = Machine::new(c);
    assert_eq!(plain.restore(Some(&record), NOW + 1000), Restore::Valid);
}

#[test]
fn a_tampered_tp_is_caught_by_the_checksum() {
    let c = config(WITH_URL);
    let m = decided(c.clone(), Some(gvl_of(&c)));
    let record = m.record_json().unwrap();
    let edited = record.replace(r#""tp":5"#, r#""tp":6"#);
    let mut again = Machine::new(c.clone());
    again.set_gvl(gvl_of(&c));
    assert_eq!(
        again.restore(Some(&edited), NOW + 1000),
        Restore::Rejected(RecordProblem::Tampered)
    );
    let bad = record.replace(r#""tp":5"#, r#""tp":"5""#);
    assert_eq!(
        again.restore(Some(&bad), NOW + 1000),
        Restore::Rejected(RecordProblem::Garbage)
    );
}

#[test]
fn the_cache_entry_is_used_only_when_it_matches() {
    let c = config(WITH_URL);
    let ids = gvl::wanted(&c);
    let (g, subset) = Gvl::parse_subset(FIXTURE, &ids).unwrap();
    let url = "https://site.example/gvl/vendor-list.json";
    let entry = gvl::cache_entry(&subset, url, &ids, NOW);
    Json::parse(&entry).expect("JSON");
    assert_eq!(
        gvl::from_cache(&entry, url, &ids, None, NOW + 1),
        Some(g.clone())
    );
    assert_eq!(
        gvl::from_cache(&entry, url, &ids, Some(142), NOW + 1),
        Some(g.clone())
    );
    // Another version asked for, another URL, another vendor subset, too old, from the future,
    // corrupted: fetched again.
    assert_eq!(gvl::from_cache(&entry, url, &ids, Some(143), NOW), None);
    assert_eq!(
        gvl::from_cache(&entry, "/other.json", &ids, None, NOW),
        None
    );
    assert_eq!(gvl::from_cache(&entry, url, &[10], None, NOW), None);
    assert_eq!(
        gvl::from_cache(&entry, url, &ids, None, NOW + gvl::CACHE_MAX_AGE_MS),
        None
    );
    assert_eq!(
        gvl::from_cache(&entry, url, &ids, None, NOW - 10 * 60 * 1000),
        None
    );
    for cut in [1, entry.len() / 2, entry.len() - 1] {
        assert_eq!(gvl::from_cache(&entry[..cut], url, &ids, None, NOW), None);
    }
    let broken = entry.replace(r#""vendorListVersion":142"#, r#""vendorListVersion":0"#);
    assert_ne!(broken, entry);
    assert_eq!(gvl::from_cache(&broken, url, &ids, None, NOW), None);
    assert_eq!(gvl::from_cache("not json", url, &ids, None, NOW), None);
}

#[test]
fn a_pinned_vendor_list_version_must_match() {
    let g = gvl_of(&config(WITH_URL));
    assert_eq!(gvl::check_version(g.clone(), None).unwrap(), g);
    assert_eq!(gvl::check_version(g.clone(), Some(142)).unwrap(), g);
    let e = gvl::check_version(g, Some(120)).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        ("gvl.invalid", "vendorListVersion")
    );
    assert!(
        e.reason.contains("142") && e.reason.contains("120"),
        "{}",
        e.reason
    );
    // Pinned in the config: read, with gvlUrl.
    let c = config(r#"{"cmpId":300,"cmpVersion":4,"vendorListVersion":120,"gvlUrl":"/gvl.json"}"#);
    let t = c.tcf.as_ref().unwrap();
    assert_eq!(
        (t.vendor_list_version, t.gvl_url.as_deref()),
        (Some(120), Some("/gvl.json"))
    );
}

#[test]
fn the_console_message_names_the_url_the_code_and_the_field() {
    let e = err(&edit(
        r#""tcfPolicyVersion": 5"#,
        r#""tcfPolicyVersion": 3"#,
    ));
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        ("gvl.invalid", "tcfPolicyVersion")
    );
    let e = Gvl::parse(
        &edit(r#""tcfPolicyVersion": 5"#, r#""tcfPolicyVersion": 3"#),
        &[10],
    )
    .unwrap_err();
    let m = gvl::refused("/gvl.json", &e);
    for part in [
        "/gvl.json",
        "tcf.gvlUrl",
        "gvl.invalid",
        "tcfPolicyVersion",
        "cmpStatus \"error\"",
    ] {
        assert!(m.contains(part), "{m}");
    }
    let u = gvl::unavailable("/gvl.json", "HTTP status 404");
    assert_eq!((u.code, u.path.as_str()), ("gvl.unavailable", "tcf.gvlUrl"));
    assert_eq!(gvl::refused("/gvl.json", &u), u.message());
}

#[test]
fn gvl_url_is_a_site_path_or_https() {
    for url in [
        "/gvl.json",
        "/iab/vendor-list.json?v=3",
        "https://cdn.site.example/gvl.json",
    ] {
        let c = config(&format!(
            r#"{{"cmpId":300,"cmpVersion":4,"gvlUrl":"{url}"}}"#
        ));
        assert_eq!(c.tcf.unwrap().gvl_url.as_deref(), Some(url));
    }
}
