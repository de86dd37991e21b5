//! Google Consent Mode v2 commands built by the core, and their config.
use consent_sieve::core::consent::Choice;
use consent_sieve::core::json::Json;
use consent_sieve::core::{consent_mode, Config, Machine, Source};

const TYPES: [&str; 7] = [
    "ad_storage",
    "analytics_storage",
    "ad_user_data",
    "ad_personalization",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

fn config(consent_mode: &str) -> Config {
    let json = format!(
        r#"{{"policyVersion":"1","purposes":[
            {{"id":"necessary","required":true,"label":"N"}},
            {{"id":"analytics","label":"A"}},{{"id":"marketing","label":"M"}},
            {{"id":"functional","label":"F"}}]{consent_mode}}}"#
    );
    Config::from_json(&json).unwrap_or_else(|e| panic!("{e}"))
}

fn commands(m: &Machine, kind: &str) -> Json {
    Json::parse(&consent_mode::commands(m, kind).expect("configured")).unwrap()
}

/// The `{type: "granted"|"denied"}` object of the first command.
fn types(v: &Json) -> Vec<(String, String)> {
    let Some(Json::Arr(cmds)) = v.get("commands") else {
        panic!("no commands")
    };
    let Json::Arr(first) = &cmds[0] else {
        panic!("not a command")
    };
    let Json::Obj(fields) = &first[2] else {
        panic!("no types object")
    };
    fields
        .iter()
        .filter(|(k, _)| TYPES.contains(&k.as_str()))
        .map(|(k, v)| match v {
            Json::Str(s) => (k.clone(), s.clone()),
            _ => panic!("{k} is not a string"),
        })
        .collect()
}

fn value(pairs: &[(String, String)], ty: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == ty)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

#[test]
fn without_consent_mode_there_are_no_commands() {
    let m = Machine::new(config(""));
    assert_eq!(consent_mode::commands(&m, "default"), None);
}

#[test]
fn default_denies_everything_but_security_and_sets_every_type_explicitly() {
    let m = Machine::new(config(r#","consentMode":{}"#));
    let v = commands(&m, "default");
    let Some(Json::Arr(cmds)) = v.get("commands") else {
        panic!()
    };
    let Json::Arr(first) = &cmds[0] else { panic!() };
    assert_eq!(first[0], Json::Str("consent".into()));
    assert_eq!(first[1], Json::Str("default".into()));
    let t = types(&v);
    assert_eq!(
        t.len(),
        7,
        "all seven types, explicitly (unset types count as granted)"
    );
    for ty in TYPES {
        let want = if ty == "security_storage" {
            "granted"
        } else {
            "denied"
        };
        assert_eq!(value(&t, ty), want, "{ty}");
    }
    assert_eq!(
        v.get("event"),
        Some(&Json::Null),
        "no event with the default"
    );
    assert_eq!(v.get("dataLayer"), Some(&Json::Str("dataLayer".into())));
}

#[test]
fn default_carries_wait_for_update_region_and_the_settings() {
    let m = Machine::new(config(
        r#","consentMode":{"waitForUpdate":500,"region":["DE","US-CA"],"adsDataRedaction":true,"urlPassthrough":true,"dataLayerName":"dl2"}"#,
    ));
    let v = commands(&m, "default");
    let Some(Json::Arr(cmds)) = v.get("commands") else {
        panic!()
    };
    let Json::Arr(first) = &cmds[0] else { panic!() };
    assert_eq!(first[2].get("wait_for_update"), Some(&Json::Int(500)));
    assert_eq!(
        first[2].get("region"),
        Some(&Json::Arr(vec![
            Json::Str("DE".into()),
            Json::Str("US-CA".into())
        ]))
    );
    assert_eq!(
        cmds[1],
        Json::Arr(vec![
            Json::Str("set".into()),
            Json::Str("ads_data_redaction".into()),
            Json::Bool(true)
        ])
    );
    assert_eq!(
        cmds[2],
        Json::Arr(vec![
            Json::Str("set".into()),
            Json::Str("url_passthrough".into()),
            Json::Bool(true)
        ])
    );
    assert_eq!(v.get("dataLayer"), Some(&Json::Str("dl2".into())));
}

#[test]
fn update_follows_the_default_mapping() {
    let mut m = Machine::new(config(r#","consentMode":{}"#));
    m.save(
        &Choice::from_json(r#"{"purposes":{"analytics":true}}"#).unwrap(),
        Source::Banner,
        1,
        [1; 16],
    )
    .unwrap();
    let v = commands(&m, "update");
    let t = types(&v);
    assert_eq!(value(&t, "analytics_storage"), "granted");
    for ty in [
        "ad_storage",
        "ad_user_data",
        "ad_personalization",
        "functionality_storage",
        "personalization_storage",
    ] {
        assert_eq!(value(&t, ty), "denied", "{ty}");
    }
    m.accept_all(Source::Banner, 2, [2; 16]);
    let t = types(&commands(&m, "update"));
    for ty in [
        "ad_storage",
        "ad_user_data",
        "ad_personalization",
        "analytics_storage",
        "functionality_storage",
    ] {
        assert_eq!(value(&t, ty), "granted", "{ty}");
    }
    assert_eq!(
        value(&t, "personalization_storage"),
        "denied",
        "no `personalization` purpose configured: denied even after accept all"
    );
    let event = commands(&m, "update").get("event").cloned().unwrap();
    assert_eq!(
        event.get("event"),
        Some(&Json::Str("consent-sieve-update".into()))
    );
    let payload = event.get("consentSieve").unwrap();
    assert_eq!(payload.get("decided"), Some(&Json::Bool(true)));
    assert_eq!(
        payload.get("purposes"),
        Some(&Json::Arr(
            ["necessary", "analytics", "marketing", "functional"]
                .iter()
                .map(|s| Json::Str(s.to_string()))
                .collect()
        ))
    );
}

#[test]
fn a_custom_mapping_needs_every_listed_purpose() {
    let mut m = Machine::new(config(
        r#","consentMode":{"types":{"ad_storage":["marketing","functional"],"personalization_storage":["necessary"],"analytics_storage":[]}}"#,
    ));
    let t = types(&commands(&m, "default"));
    assert_eq!(
        value(&t, "personalization_storage"),
        "granted",
        "mapped to a required purpose"
    );
    assert_eq!(
        value(&t, "analytics_storage"),
        "granted",
        "an empty list means always"
    );
    m.save(
        &Choice::from_json(r#"{"purposes":{"marketing":true}}"#).unwrap(),
        Source::Banner,
        1,
        [1; 16],
    )
    .unwrap();
    assert_eq!(
        value(&types(&commands(&m, "update")), "ad_storage"),
        "denied"
    );
    m.save(
        &Choice::from_json(r#"{"purposes":{"functional":true}}"#).unwrap(),
        Source::Banner,
        2,
        [1; 16],
    )
    .unwrap();
    assert_eq!(
        value(&types(&commands(&m, "update")), "ad_storage"),
        "granted"
    );
    // Types left out keep the default mapping.
    assert_eq!(
        value(&types(&commands(&m, "update")), "ad_user_data"),
        "granted"
    );
}

#[test]
fn load_pushes_an_update_only_when_the_state_differs_from_the_default() {
    let m = Machine::new(config(r#","consentMode":{}"#));
    let v = commands(&m, "load");
    assert_eq!(
        v.get("commands"),
        Some(&Json::Arr(vec![])),
        "undecided opt-in: the default says it all"
    );
    assert_eq!(v.get("event"), Some(&Json::Null));
    let mut decided = Machine::new(config(r#","consentMode":{}"#));
    decided.reject_all(Source::Banner, 1, [0; 16]);
    let v = commands(&decided, "load");
    assert!(
        matches!(v.get("commands"), Some(Json::Arr(c)) if c.len() == 1),
        "a stored choice is re-sent on load"
    );
    let opt_out = Machine::new(config(r#","mode":"opt-out","consentMode":{}"#));
    let t = types(&commands(&opt_out, "load"));
    assert_eq!(
        value(&t, "ad_storage"),
        "granted",
        "opt-out mode grants until the person opts out"
    );
}

#[test]
fn the_event_can_be_renamed_or_turned_off() {
    let mut m = Machine::new(config(r#","consentMode":{"dataLayerEvent":"cmp_update"}"#));
    m.accept_all(Source::Api, 1, [0; 16]);
    let e = commands(&m, "update").get("event").cloned().unwrap();
    assert_eq!(e.get("event"), Some(&Json::Str("cmp_update".into())));
    let mut off = Machine::new(config(r#","consentMode":{"dataLayerEvent":false}"#));
    off.accept_all(Source::Api, 1, [0; 16]);
    assert_eq!(commands(&off, "update").get("event"), Some(&Json::Null));
}

#[test]
fn consent_mode_config_errors_name_the_field() {
    let cases = [
        (
            r#","consentMode":{"types":{"ad_storag":["marketing"]}}"#,
            "config.unknown_field",
            "consentMode.types.ad_storag",
        ),
        (
            r#","consentMode":{"types":{"ad_storage":["ads"]}}"#,
            "config.unknown_purpose",
            "consentMode.types.ad_storage[0]",
        ),
        (
            r#","consentMode":{"types":{"ad_storage":"marketing"}}"#,
            "config.invalid_type",
            "consentMode.types.ad_storage",
        ),
        (
            r#","consentMode":{"waitForUpdate":20000}"#,
            "config.out_of_range",
            "consentMode.waitForUpdate",
        ),
        (
            r#","consentMode":{"region":["de"]}"#,
            "config.invalid_value",
            "consentMode.region[0]",
        ),
        (
            r#","consentMode":{"region":["US-CA-X"]}"#,
            "config.invalid_value",
            "consentMode.region[0]",
        ),
        (
            r#","consentMode":{"dataLayerName":"data layer"}"#,
            "config.invalid_value",
            "consentMode.dataLayerName",
        ),
        (
            r#","consentMode":{"dataLayerEvent":true}"#,
            "config.invalid_type",
            "consentMode.dataLayerEvent",
        ),
        (
            r#","consentMode":{"urlPassthru":true}"#,
            "config.unknown_field",
            "consentMode.urlPassthru",
        ),
        (
            r#","reloadOnWithdraw":"yes""#,
            "config.invalid_type",
            "reloadOnWithdraw",
        ),
    ];
    for (extra, code, path) in cases {
        let json = format!(
            r#"{{"policyVersion":"1","purposes":[{{"id":"marketing","label":"M"}}]{extra}}}"#
        );
        let e = Config::from_json(&json).expect_err(extra);
        assert_eq!(
            (e.code, e.path.as_str()),
            (code, path),
            "{extra}: {}",
            e.reason
        );
    }
}

/// The shared cases of tests/fixtures/consent-mode-default.json (early.js is checked against the same
/// file by tests/e2e/early-twins.test.mjs): the default command, type by type.
#[test]
fn the_default_command_matches_the_shared_fixture() {
    use consent_sieve::core::json::Json;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/consent-mode-default.json"
    ))
    .unwrap();
    let fixture = Json::parse(&text).unwrap();
    let Some(Json::Arr(cases)) = fixture.get("cases") else {
        panic!("cases")
    };
    assert!(cases.len() >= 5);
    // Objects compared as sorted key/value lists (the fixture's key order is not the writer's).
    fn norm(j: &Json) -> String {
        match j {
            Json::Obj(f) => {
                let mut parts: Vec<String> = f
                    .iter()
                    .map(|(k, v)| format!("{k:?}:{}", norm(v)))
                    .collect();
                parts.sort();
                format!("{{{}}}", parts.join(","))
            }
            Json::Arr(a) => format!("[{}]", a.iter().map(norm).collect::<Vec<_>>().join(",")),
            other => other.to_text(),
        }
    }
    for case in cases {
        let name = case.get("name").unwrap().to_text();
        let config = Config::from_json(&case.get("config").unwrap().to_text()).unwrap();
        let out = consent_mode::commands(&Machine::new(config), "default").unwrap();
        let got = Json::parse(&out).unwrap();
        assert_eq!(
            norm(got.get("commands").unwrap()),
            norm(case.get("commands").unwrap()),
            "{name}"
        );
    }
}
