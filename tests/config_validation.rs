//! `Config::from_json`: what a site may write in its config, and the exact `code` and `path` of
//! every rejection (these are public: they reach the page as `ConsentError.code` / `.path`).
use consent_sieve::core::policy::Localized;
use consent_sieve::core::{Config, ConsentError, Mode};

const DAY_MS: u64 = 86_400_000;

const PURPOSES: &str = r#"[
    {"id":"necessary","required":true,"label":"Necessary"},
    {"id":"analytics","label":"Analytics"},
    {"id":"marketing","label":"Marketing"}
]"#;

/// A valid minimal config with `extra` top-level members appended.
fn cfg(extra: &str) -> String {
    let mut s = format!(r#"{{"policyVersion":"2024-06","purposes":{PURPOSES}"#);
    if !extra.is_empty() {
        s.push(',');
        s.push_str(extra);
    }
    s.push('}');
    s
}

/// A config whose purposes array is `purposes` (JSON text).
fn cfg_purposes(purposes: &str) -> String {
    format!(r#"{{"policyVersion":"1","purposes":{purposes}}}"#)
}

/// A config with one vendor `ga` (purpose analytics) plus `extra` members in that vendor.
fn cfg_vendor(extra: &str) -> String {
    let sep = if extra.is_empty() { "" } else { "," };
    cfg(&format!(
        r#""vendors":[{{"id":"ga","name":"Google Analytics","purposes":["analytics"]{sep}{extra}}}]"#
    ))
}

/// A config with the vendors array `vendors` (JSON text).
fn cfg_vendors(vendors: &str) -> String {
    cfg(&format!(r#""vendors":{vendors}"#))
}

fn parses(json: &str) -> Config {
    match Config::from_json(json) {
        Ok(c) => c,
        Err(e) => panic!(
            "expected a valid config, got {} at {:?}: {}\n{json}",
            e.code, e.path, e.reason
        ),
    }
}

#[track_caller]
fn rejects(json: &str, code: &str, path: &str) -> ConsentError {
    let e = match Config::from_json(json) {
        Ok(_) => panic!("expected {code} at {path:?}, but the config was accepted:\n{json}"),
        Err(e) => e,
    };
    assert_eq!(
        (e.code, e.path.as_str()),
        (code, path),
        "wrong error for config:\n{json}\n(reason: {})",
        e.reason
    );
    assert!(!e.reason.trim().is_empty(), "an error must say why");
    e
}

/// JSON string literal for test inputs (only what the cases below need).
fn jstr(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// Valid configs
// ---------------------------------------------------------------------------------------------

const FULL: &str = r##"{
  "policyVersion": "2025-01-15",
  "lifetimeDays": 90,
  "mode": "opt-out",
  "language": "de",
  "privacyPolicyUrl": "https://example.com/privacy",
  "cookieDomain": ".example.com",
  "purposes": [
    {"id": "necessary", "required": true, "label": {"en": "Necessary", "de": "Notwendig"},
     "description": "Keeps the site working."},
    {"id": "analytics", "required": false, "label": {"en": "Analytics", "de": "Statistik"},
     "description": {"en": "Counts visits.", "de": "Zählt Besuche."}},
    {"id": "marketing", "label": "Marketing"}
  ],
  "vendors": [
    {"id": "ga", "name": "Google Analytics", "purposes": ["analytics"],
     "cookies": ["_ga", "_ga_*"], "storageKeys": ["ga:*"],
     "hosts": ["www.google-analytics.com", "*.googletagmanager.com"],
     "privacyPolicyUrl": "https://policies.google.com/privacy"},
    {"id": "ads-net", "name": "Ads Net", "purposes": ["analytics", "marketing"]},
    {"id": "cdn", "name": "CDN", "purposes": ["necessary"], "privacyPolicyUrl": "/cdn-privacy"}
  ],
  "texts": {
    "de": {"acceptAll": "Alles erlauben", "bannerTitle": "Datenschutz"},
    "en": {"rejectAll": "No thanks"}
  }
}"##;

#[test]
fn full_config_parses_every_field() {
    let c = parses(FULL);
    assert_eq!(c.policy_version, "2025-01-15");
    assert_eq!(c.lifetime_days, 90);
    assert_eq!(c.lifetime_ms(), 90 * DAY_MS);
    assert_eq!(c.mode, Mode::OptOut);
    assert_eq!(c.language.as_deref(), Some("de"));
    assert_eq!(
        c.privacy_policy_url.as_deref(),
        Some("https://example.com/privacy")
    );
    assert_eq!(c.cookie_domain.as_deref(), Some(".example.com"));

    let ids: Vec<&str> = c.purposes.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["necessary", "analytics", "marketing"],
        "config order is kept"
    );
    let required: Vec<bool> = c.purposes.iter().map(|p| p.required).collect();
    assert_eq!(
        required,
        [true, false, false],
        "`required` defaults to false"
    );

    let necessary = c.purpose("necessary").unwrap();
    assert_eq!(necessary.label.get("de"), "Notwendig");
    assert_eq!(necessary.label.get("en"), "Necessary");
    assert_eq!(
        necessary.description,
        Some(Localized::One("Keeps the site working.".into()))
    );
    let analytics = c.purpose("analytics").unwrap();
    assert_eq!(
        analytics.description.as_ref().unwrap().get("de"),
        "Zählt Besuche."
    );
    assert_eq!(
        c.purpose("marketing").unwrap().label,
        Localized::One("Marketing".into())
    );
    assert_eq!(c.purpose("marketing").unwrap().description, None);
    assert!(c.purpose("nope").is_none());

    assert_eq!(c.vendors.len(), 3);
    let ga = c.vendor("ga").unwrap();
    assert_eq!(ga.name, "Google Analytics");
    assert_eq!(ga.purposes, ["analytics"]);
    assert_eq!(ga.cookies, ["_ga", "_ga_*"]);
    assert_eq!(ga.storage_keys, ["ga:*"]);
    assert_eq!(
        ga.hosts,
        ["www.google-analytics.com", "*.googletagmanager.com"]
    );
    assert_eq!(
        ga.privacy_policy_url.as_deref(),
        Some("https://policies.google.com/privacy")
    );
    let ads = c.vendor("ads-net").unwrap();
    assert_eq!(ads.purposes, ["analytics", "marketing"]);
    assert!(ads.cookies.is_empty() && ads.storage_keys.is_empty() && ads.hosts.is_empty());
    assert_eq!(ads.privacy_policy_url, None);
    assert_eq!(
        c.vendor("cdn").unwrap().privacy_policy_url.as_deref(),
        Some("/cdn-privacy")
    );

    let of_analytics: Vec<&str> = c.vendors_of("analytics").map(|v| v.id.as_str()).collect();
    assert_eq!(of_analytics, ["ga", "ads-net"]);

    assert_eq!(
        c.texts
            .get("de")
            .and_then(|t| t.get("acceptAll"))
            .map(String::as_str),
        Some("Alles erlauben")
    );
    assert_eq!(
        c.texts
            .get("en")
            .and_then(|t| t.get("rejectAll"))
            .map(String::as_str),
        Some("No thanks")
    );
}

#[test]
fn localized_label_falls_back_to_english_then_first_given() {
    let c = parses(&cfg_purposes(
        r#"[{"id":"a","label":{"de":"Statistik","en":"Analytics"}},
            {"id":"b","label":{"fr":"Publicité","de":"Werbung"}}]"#,
    ));
    assert_eq!(
        c.purposes[0].label.get("fr"),
        "Analytics",
        "missing language → English"
    );
    assert_eq!(
        c.purposes[1].label.get("it"),
        "Publicité",
        "no English → first given"
    );
    assert_eq!(c.purposes[1].label.get("de"), "Werbung");
}

#[test]
fn defaults_are_180_days_opt_in_and_no_extras() {
    let c = parses(&cfg(""));
    assert_eq!(c.lifetime_days, 180);
    assert_eq!(c.lifetime_ms(), 180 * DAY_MS);
    assert_eq!(c.mode, Mode::OptIn);
    assert_eq!(c.language, None);
    assert_eq!(c.privacy_policy_url, None);
    assert_eq!(c.cookie_domain, None);
    assert!(c.vendors.is_empty());
    assert!(c.texts.is_empty());
}

#[test]
fn explicit_opt_in_mode_and_auto_language_are_accepted() {
    let c = parses(&cfg(r#""mode":"opt-in","language":"auto""#));
    assert_eq!(c.mode, Mode::OptIn);
    assert_eq!(c.language.as_deref(), Some("auto"));
}

#[test]
fn vendor_without_optional_lists_is_valid() {
    let c = parses(&cfg_vendor(""));
    let ga = c.vendor("ga").unwrap();
    assert!(ga.cookies.is_empty() && ga.storage_keys.is_empty() && ga.hosts.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Unknown and missing fields
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_top_level_field_is_named_by_its_path() {
    let e = rejects(&cfg(r#""colour":"blue""#), "config.unknown_field", "colour");
    assert!(e.message().contains("colour"), "{}", e.message());
    // A typo of a real field is still unknown.
    rejects(
        &cfg(r#""lifetimeDay":30"#),
        "config.unknown_field",
        "lifetimeDay",
    );
    rejects(
        &cfg(r#""PolicyVersion":"1""#),
        "config.unknown_field",
        "PolicyVersion",
    );
}

#[test]
fn unknown_field_inside_a_purpose_is_named_with_its_index() {
    rejects(
        &cfg_purposes(
            r#"[{"id":"necessary","required":true,"label":"N"},{"id":"analytics","label":"A","colour":"red"}]"#,
        ),
        "config.unknown_field",
        "purposes[1].colour",
    );
}

#[test]
fn unknown_field_inside_a_vendor_is_named_with_its_index() {
    rejects(
        &cfg_vendor(r#""tracking":true"#),
        "config.unknown_field",
        "vendors[0].tracking",
    );
}

#[test]
fn missing_policy_version_is_reported() {
    rejects(
        &format!(r#"{{"purposes":{PURPOSES}}}"#),
        "config.missing_field",
        "policyVersion",
    );
    // null counts as missing
    rejects(
        &format!(r#"{{"policyVersion":null,"purposes":{PURPOSES}}}"#),
        "config.missing_field",
        "policyVersion",
    );
}

#[test]
fn missing_purposes_is_reported() {
    rejects(
        r#"{"policyVersion":"1"}"#,
        "config.missing_field",
        "purposes",
    );
}

#[test]
fn missing_fields_inside_purposes_and_vendors_are_reported() {
    rejects(
        &cfg_purposes(r#"[{"label":"A"}]"#),
        "config.missing_field",
        "purposes[0].id",
    );
    rejects(
        &cfg_purposes(r#"[{"id":"a"}]"#),
        "config.missing_field",
        "purposes[0].label",
    );
    rejects(
        &cfg_vendors(r#"[{"id":"ga","purposes":["analytics"]}]"#),
        "config.missing_field",
        "vendors[0].name",
    );
    rejects(
        &cfg_vendors(r#"[{"id":"ga","name":"GA"}]"#),
        "config.missing_field",
        "vendors[0].purposes",
    );
    rejects(
        &cfg_vendors(r#"[{"name":"GA","purposes":["analytics"]}]"#),
        "config.missing_field",
        "vendors[0].id",
    );
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

#[test]
fn purposes_must_be_an_array() {
    rejects(
        r#"{"policyVersion":"1","purposes":"analytics"}"#,
        "config.invalid_type",
        "purposes",
    );
    rejects(
        r#"{"policyVersion":"1","purposes":{"id":"a","label":"A"}}"#,
        "config.invalid_type",
        "purposes",
    );
}

#[test]
fn required_must_be_a_boolean() {
    rejects(
        &cfg_purposes(r#"[{"id":"a","label":"A"},{"id":"b","label":"B","required":"true"}]"#),
        "config.invalid_type",
        "purposes[1].required",
    );
    rejects(
        &cfg_purposes(r#"[{"id":"a","label":"A","required":1}]"#),
        "config.invalid_type",
        "purposes[0].required",
    );
}

#[test]
fn lifetime_days_must_be_a_whole_number() {
    for bad in ["1.5", r#""30""#, "true", "[30]", "3e1", "1e400"] {
        rejects(
            &cfg(&format!(r#""lifetimeDays":{bad}"#)),
            "config.invalid_type",
            "lifetimeDays",
        );
    }
}

#[test]
fn other_wrong_types_name_their_field() {
    rejects(
        &format!(r#"{{"policyVersion":1,"purposes":{PURPOSES}}}"#),
        "config.invalid_type",
        "policyVersion",
    );
    rejects(&cfg(r#""mode":1"#), "config.invalid_type", "mode");
    rejects(
        &cfg(r#""language":["de"]"#),
        "config.invalid_type",
        "language",
    );
    rejects(&cfg(r#""vendors":{}"#), "config.invalid_type", "vendors");
    rejects(
        &cfg(r#""vendors":["ga"]"#),
        "config.invalid_type",
        "vendors[0]",
    );
    rejects(&cfg(r#""texts":"de""#), "config.invalid_type", "texts");
    rejects(
        &cfg(r#""texts":{"de":"Hallo"}"#),
        "config.invalid_type",
        "texts.de",
    );
    rejects(
        &cfg(r#""texts":{"de":{"acceptAll":true}}"#),
        "config.invalid_type",
        "texts.de.acceptAll",
    );
    rejects(
        &cfg_purposes(r#"["analytics"]"#),
        "config.invalid_type",
        "purposes[0]",
    );
    rejects(
        &cfg_purposes(r#"[{"id":7,"label":"A"}]"#),
        "config.invalid_type",
        "purposes[0].id",
    );
    rejects(
        &cfg_purposes(r#"[{"id":"a","label":5}]"#),
        "config.invalid_type",
        "purposes[0].label",
    );
    rejects(
        &cfg_purposes(r#"[{"id":"a","label":{"en":5}}]"#),
        "config.invalid_type",
        "purposes[0].label.en",
    );
    rejects(
        &cfg_vendor(r#""cookies":"_ga""#),
        "config.invalid_type",
        "vendors[0].cookies",
    );
    rejects(
        &cfg_vendor(r#""cookies":["_ga",1]"#),
        "config.invalid_type",
        "vendors[0].cookies[1]",
    );
    rejects(
        &cfg_vendors(r#"[{"id":"ga","name":"GA","purposes":"analytics"}]"#),
        "config.invalid_type",
        "vendors[0].purposes",
    );
    rejects(
        &cfg_vendor(r#""hosts":[true]"#),
        "config.invalid_type",
        "vendors[0].hosts[0]",
    );
}

#[test]
fn root_must_be_an_object() {
    for root in ["[]", "null", "\"config\"", "42", "true"] {
        rejects(root, "config.invalid_type", "");
    }
}

// ---------------------------------------------------------------------------------------------
// Ids and cross references
// ---------------------------------------------------------------------------------------------

#[test]
fn duplicate_purpose_id_is_reported_at_the_second_occurrence() {
    rejects(
        &cfg_purposes(
            r#"[{"id":"necessary","required":true,"label":"N"},{"id":"analytics","label":"A"},{"id":"necessary","label":"N2"}]"#,
        ),
        "config.duplicate_id",
        "purposes[2].id",
    );
}

#[test]
fn duplicate_vendor_id_is_reported_at_the_second_occurrence() {
    rejects(
        &cfg_vendors(
            r#"[{"id":"ga","name":"GA","purposes":["analytics"]},
                {"id":"ads","name":"Ads","purposes":["marketing"]},
                {"id":"ga","name":"GA again","purposes":["marketing"]}]"#,
        ),
        "config.duplicate_id",
        "vendors[2].id",
    );
}

#[test]
fn vendor_naming_an_unknown_purpose_is_reported() {
    let e = rejects(
        &cfg_vendors(r#"[{"id":"ga","name":"GA","purposes":["analytics","statistics"]}]"#),
        "config.unknown_purpose",
        "vendors[0].purposes[1]",
    );
    assert!(
        e.reason.contains("statistics"),
        "the reason names the id: {}",
        e.reason
    );
    rejects(
        &cfg_vendors(
            r#"[{"id":"ga","name":"GA","purposes":["analytics"]},{"id":"x","name":"X","purposes":["Analytics"]}]"#,
        ),
        "config.unknown_purpose",
        "vendors[1].purposes[0]",
    );
}

#[test]
fn vendor_naming_a_purpose_twice_is_a_duplicate() {
    rejects(
        &cfg_vendors(r#"[{"id":"ga","name":"GA","purposes":["analytics","analytics"]}]"#),
        "config.duplicate_id",
        "vendors[0].purposes[1]",
    );
}

#[test]
fn vendor_with_no_purposes_is_invalid() {
    rejects(
        &cfg_vendors(r#"[{"id":"ga","name":"GA","purposes":[]}]"#),
        "config.invalid_value",
        "vendors[0].purposes",
    );
}

#[test]
fn invalid_purpose_ids_are_rejected() {
    let long = "a".repeat(65);
    for bad in [
        "",
        "has space",
        "<script>",
        long.as_str(),
        "-lead",
        "_lead",
        "ümlaut",
        "a.b",
        "a\"b",
    ] {
        rejects(
            &cfg_purposes(&format!(r#"[{{"id":{},"label":"A"}}]"#, jstr(bad))),
            "config.invalid_id",
            "purposes[0].id",
        );
    }
}

#[test]
fn invalid_vendor_ids_are_rejected() {
    let long = "v".repeat(65);
    for bad in ["", "two words", "<script>", long.as_str()] {
        rejects(
            &cfg_vendors(&format!(
                r#"[{{"id":{},"name":"V","purposes":["analytics"]}}]"#,
                jstr(bad)
            )),
            "config.invalid_id",
            "vendors[0].id",
        );
    }
}

#[test]
fn ids_of_64_plain_characters_are_accepted() {
    let max = "b".repeat(64);
    for good in ["a", "A-b_9", "9lives", max.as_str()] {
        let c = parses(&cfg_purposes(&format!(
            r#"[{{"id":{},"label":"A"}}]"#,
            jstr(good)
        )));
        assert_eq!(c.purposes[0].id, good);
    }
}

#[test]
fn empty_purposes_array_is_invalid() {
    rejects(
        r#"{"policyVersion":"1","purposes":[]}"#,
        "config.invalid_value",
        "purposes",
    );
}

#[test]
fn empty_policy_version_is_invalid() {
    rejects(
        &format!(r#"{{"policyVersion":"  ","purposes":{PURPOSES}}}"#),
        "config.invalid_value",
        "policyVersion",
    );
}

#[test]
fn empty_label_is_invalid() {
    rejects(
        &cfg_purposes(r#"[{"id":"a","label":""}]"#),
        "config.invalid_value",
        "purposes[0].label",
    );
    rejects(
        &cfg_purposes(r#"[{"id":"a","label":{}}]"#),
        "config.invalid_value",
        "purposes[0].label",
    );
}

// ---------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------

const UNSAFE_URLS: [&str; 12] = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "\u{1}javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "javascript:alert(1)//https://example.com",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
];

const SAFE_URLS: [&str; 9] = [
    "https://example.com/privacy",
    "http://example.com/privacy?lang=de#top",
    "HTTPS://EXAMPLE.COM/",
    "/privacy",
    "#x",
    "privacy.html",
    "//example.com/privacy",
    "/wiki/Privacy:Policy",
    "mailto:dpo@example.com",
];

#[test]
fn unsafe_url_schemes_are_rejected_in_the_top_level_privacy_policy_url() {
    for url in UNSAFE_URLS {
        rejects(
            &cfg(&format!(r#""privacyPolicyUrl":{}"#, jstr(url))),
            "config.unsafe_url",
            "privacyPolicyUrl",
        );
    }
}

#[test]
fn unsafe_url_schemes_are_rejected_in_vendor_privacy_policy_urls() {
    for url in UNSAFE_URLS {
        rejects(
            &cfg_vendors(&format!(
                r#"[{{"id":"ok","name":"OK","purposes":["analytics"],"privacyPolicyUrl":"/ok"}},
                    {{"id":"ga","name":"GA","purposes":["analytics"],"privacyPolicyUrl":{}}}]"#,
                jstr(url)
            )),
            "config.unsafe_url",
            "vendors[1].privacyPolicyUrl",
        );
    }
}

#[test]
fn http_relative_fragment_and_mailto_urls_are_accepted_everywhere() {
    for url in SAFE_URLS {
        let c = parses(&cfg(&format!(
            r#""privacyPolicyUrl":{u},"vendors":[{{"id":"ga","name":"GA","purposes":["analytics"],"privacyPolicyUrl":{u}}}]"#,
            u = jstr(url)
        )));
        assert_eq!(c.privacy_policy_url.as_deref(), Some(url));
        assert_eq!(c.vendors[0].privacy_policy_url.as_deref(), Some(url));
    }
}

#[test]
fn empty_url_is_invalid() {
    rejects(
        &cfg(r#""privacyPolicyUrl":"""#),
        "config.invalid_value",
        "privacyPolicyUrl",
    );
    rejects(
        &cfg(r#""privacyPolicyUrl":"   ""#),
        "config.invalid_value",
        "privacyPolicyUrl",
    );
}

#[test]
fn url_with_quotes_or_angle_brackets_is_invalid() {
    for url in [
        "https://example.com/\"onmouseover=\"x",
        "https://example.com/<b>",
    ] {
        rejects(
            &cfg(&format!(r#""privacyPolicyUrl":{}"#, jstr(url))),
            "config.invalid_value",
            "privacyPolicyUrl",
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Ranges and enumerations
// ---------------------------------------------------------------------------------------------

#[test]
fn lifetime_days_outside_1_to_395_is_out_of_range() {
    for bad in [
        "0",
        "-1",
        "396",
        "400",
        "-9223372036854775808",
        "9223372036854775807",
    ] {
        rejects(
            &cfg(&format!(r#""lifetimeDays":{bad}"#)),
            "config.out_of_range",
            "lifetimeDays",
        );
    }
}

#[test]
fn lifetime_days_bounds_1_and_395_are_accepted() {
    assert_eq!(parses(&cfg(r#""lifetimeDays":1"#)).lifetime_ms(), DAY_MS);
    assert_eq!(
        parses(&cfg(r#""lifetimeDays":395"#)).lifetime_ms(),
        395 * DAY_MS
    );
}

#[test]
fn unknown_mode_is_invalid() {
    for bad in ["optin", "OPT-IN", "opt_out", ""] {
        rejects(
            &cfg(&format!(r#""mode":{}"#, jstr(bad))),
            "config.invalid_value",
            "mode",
        );
    }
}

#[test]
fn bad_language_is_invalid() {
    for bad in ["english", "d", "de_DE", "", "12", "de-", "de-toolongsubtag"] {
        rejects(
            &cfg(&format!(r#""language":{}"#, jstr(bad))),
            "config.invalid_value",
            "language",
        );
    }
    for good in ["de", "fr", "en", "de-AT"] {
        assert_eq!(
            parses(&cfg(&format!(r#""language":"{good}""#)))
                .language
                .as_deref(),
            Some(good)
        );
    }
    // A language that is not built in needs texts of its own.
    for (lang, texts) in [("pt-BR", "pt"), ("zh-Hant", "zh"), ("fil", "fil")] {
        let c = parses(&cfg(&format!(
            r#""language":"{lang}","texts":{{"{texts}":{{"acceptAll":"OK"}}}}"#
        )));
        assert_eq!(c.language.as_deref(), Some(lang));
    }
}

#[test]
fn a_forced_language_without_texts_is_rejected() {
    let e = rejects(
        &cfg(r#""language":"ko""#),
        "config.invalid_value",
        "language",
    );
    assert!(e.reason.contains("texts"), "{}", e.reason);
}

#[test]
fn unknown_text_key_is_named_by_its_path() {
    let e = rejects(
        &cfg(r#""texts":{"de":{"acceptAl":"Alle akzeptieren"}}"#),
        "config.unknown_field",
        "texts.de.acceptAl",
    );
    assert!(
        e.reason.contains("acceptAll"),
        "the reason lists the known keys: {}",
        e.reason
    );
}

#[test]
fn texts_must_be_keyed_by_language_codes() {
    rejects(
        &cfg(r#""texts":{"german":{"acceptAll":"Ja"}}"#),
        "config.invalid_value",
        "texts.german",
    );
}

#[test]
fn empty_text_override_is_invalid() {
    rejects(
        &cfg(r#""texts":{"de":{"save":""}}"#),
        "config.invalid_value",
        "texts.de.save",
    );
}

#[test]
fn vendor_host_with_scheme_path_or_port_is_invalid() {
    for bad in [
        "https://cdn.vendor.com",
        "cdn.vendor.com/path",
        "cdn.vendor.com:8080",
        "",
        "cdn..vendor.com",
        "-cdn.vendor.com",
        "cdn vendor.com",
        "*",
        "user@cdn.vendor.com",
    ] {
        rejects(
            &cfg_vendor(&format!(r#""hosts":[{}]"#, jstr(bad))),
            "config.invalid_value",
            "vendors[0].hosts[0]",
        );
    }
    // The index of the bad host is in the path.
    rejects(
        &cfg_vendor(r#""hosts":["ok.vendor.com","https://bad.vendor.com"]"#),
        "config.invalid_value",
        "vendors[0].hosts[1]",
    );
}

#[test]
fn vendor_hosts_and_wildcard_subdomains_are_accepted() {
    let c = parses(&cfg_vendor(
        r#""hosts":["cdn.vendor.com","*.vendor.com","localhost","10.0.0.1"]"#,
    ));
    assert_eq!(c.vendors[0].hosts.len(), 4);
}

#[test]
fn cookie_and_storage_key_patterns_must_be_plain_names() {
    for bad in ["", "a b", "a;b", "a=b", "a\tb"] {
        rejects(
            &cfg_vendor(&format!(r#""cookies":[{}]"#, jstr(bad))),
            "config.invalid_value",
            "vendors[0].cookies[0]",
        );
        rejects(
            &cfg_vendor(&format!(r#""storageKeys":["ok",{}]"#, jstr(bad))),
            "config.invalid_value",
            "vendors[0].storageKeys[1]",
        );
    }
}

#[test]
fn cookie_domain_must_be_a_host() {
    rejects(
        &cfg(r#""cookieDomain":"https://example.com""#),
        "config.invalid_value",
        "cookieDomain",
    );
    assert_eq!(
        parses(&cfg(r#""cookieDomain":"example.com""#))
            .cookie_domain
            .as_deref(),
        Some("example.com")
    );
}

// ---------------------------------------------------------------------------------------------
// JSON syntax
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_json_is_a_syntax_error_at_the_root() {
    let full = cfg("");
    let truncated = &full[..full.len() - 1];
    for bad in [
        "",
        "{",
        "{\"policyVersion\":}",
        "{'policyVersion':'1'}",
        "{\"policyVersion\":\"1\",}",
        truncated,
        "{} {}",
    ] {
        let e = rejects(bad, "config.syntax", "");
        assert!(e.message().contains(&e.reason));
    }
}

#[test]
fn duplicate_json_keys_are_a_syntax_error() {
    rejects(
        &format!(r#"{{"policyVersion":"1","policyVersion":"2","purposes":{PURPOSES}}}"#),
        "config.syntax",
        "",
    );
    // Also inside nested objects: a second "required" must not silently win.
    rejects(
        &cfg_purposes(r#"[{"id":"a","label":"A","required":true,"required":false}]"#),
        "config.syntax",
        "",
    );
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

#[test]
fn error_message_names_the_path_and_the_reason() {
    let e = rejects(
        &cfg_vendors(r#"[{"id":"ga","name":"GA","purposes":["analytics","nope"]}]"#),
        "config.unknown_purpose",
        "vendors[0].purposes[1]",
    );
    let msg = e.message();
    assert!(msg.contains("vendors[0].purposes[1]"), "{msg}");
    assert!(msg.contains(&e.reason), "{msg}");
    assert!(msg.contains("nope"), "{msg}");
    assert_eq!(e.to_string(), msg, "Display is the message");
    let as_std: &dyn std::error::Error = &e;
    assert_eq!(as_std.to_string(), msg);

    let e = rejects(
        &cfg(r#""lifetimeDays":0"#),
        "config.out_of_range",
        "lifetimeDays",
    );
    assert!(e.message().contains("lifetimeDays") && e.message().contains(&e.reason));
}

#[test]
fn ui_options_parse_and_default() {
    use consent_sieve::core::policy::{Layout, Theme};
    let plain = parses(&cfg(""));
    assert_eq!(
        (plain.ui.layout, plain.ui.theme),
        (Layout::Bar, Theme::Auto)
    );
    assert!(!plain.ui.blocking() && !plain.ui.reopen_always);
    let c = parses(&cfg(
        r#""ui":{"layout":"modal","theme":"dark","reopenButton":"always"}"#,
    ));
    assert_eq!((c.ui.layout, c.ui.theme), (Layout::Modal, Theme::Dark));
    assert!(c.ui.blocking(), "the modal layout blocks");
    assert!(c.ui.reopen_always);
    assert!(parses(&cfg(r#""ui":{"forced":true}"#)).ui.blocking());
}

#[test]
fn ui_errors_name_the_field() {
    rejects(
        &cfg(r#""ui":{"layout":"popup"}"#),
        "config.invalid_value",
        "ui.layout",
    );
    rejects(
        &cfg(r#""ui":{"theme":"blue"}"#),
        "config.invalid_value",
        "ui.theme",
    );
    rejects(
        &cfg(r#""ui":{"forced":"yes"}"#),
        "config.invalid_type",
        "ui.forced",
    );
    rejects(
        &cfg(r#""ui":{"colour":"red"}"#),
        "config.unknown_field",
        "ui.colour",
    );
    let e = rejects(
        &cfg(r#""ui":{"reopenButton":"never"}"#),
        "config.invalid_value",
        "ui.reopenButton",
    );
    assert!(e.reason.contains("always offered"), "{}", e.reason);
}

#[test]
fn vendor_retention_and_retired_are_read() {
    let c = parses(&cfg_vendor(r#""retention":"13 months","retired":true"#));
    assert_eq!(c.vendors[0].retention.as_deref(), Some("13 months"));
    assert!(c.vendors[0].retired);
    let c = parses(&cfg_vendor(""));
    assert_eq!(c.vendors[0].retention, None);
    assert!(!c.vendors[0].retired, "retired defaults to false");
}

#[test]
fn vendor_retention_is_a_short_non_empty_line() {
    rejects(
        &cfg_vendor(r#""retention":"""#),
        "config.invalid_value",
        "vendors[0].retention",
    );
    rejects(
        &cfg_vendor(r#""retention":"   ""#),
        "config.invalid_value",
        "vendors[0].retention",
    );
    rejects(
        &cfg_vendor(r#""retention":"13\nmonths""#),
        "config.invalid_value",
        "vendors[0].retention",
    );
    rejects(
        &cfg_vendor(r#""retention":{"months":13}"#),
        "config.invalid_type",
        "vendors[0].retention",
    );
    let hundred = "é".repeat(100);
    parses(&cfg_vendor(&format!(r#""retention":"{hundred}""#)));
    let e = rejects(
        &cfg_vendor(&format!(r#""retention":"{hundred}x""#)),
        "config.out_of_range",
        "vendors[0].retention",
    );
    assert!(e.reason.contains("100"), "{}", e.reason);
}

#[test]
fn vendor_retired_must_be_a_boolean() {
    rejects(
        &cfg_vendor(r#""retired":"yes""#),
        "config.invalid_type",
        "vendors[0].retired",
    );
}
