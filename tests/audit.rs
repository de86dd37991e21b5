//! Audit mode's judgement: what no vendor declares, and what a declared vendor set or sent while it
//! was not granted.
use consent_sieve::core::audit::{parse_seen, report, MAX_SEEN};
use consent_sieve::core::json::Json;
use consent_sieve::core::{Config, Machine, Source};

mod common;
use common::NOW;

fn machine() -> Machine {
    Machine::new(
        Config::from_json(
            r#"{"policyVersion":"1","purposes":[{"id":"analytics","label":"A"},{"id":"marketing","label":"M"}],
              "vendors":[{"id":"stats","name":"S","purposes":["analytics"],"hosts":["stats.test"],"cookies":["_st*"],"storageKeys":["st-*"]},
                         {"id":"ads","name":"A","purposes":["marketing"],"hosts":["*.ads.test"],"cookies":["_ads"]}]}"#,
        )
        .unwrap(),
    )
}

fn audit(m: &Machine, seen: &str) -> Json {
    let seen = parse_seen(seen).unwrap();
    let s = m.state();
    Json::parse(&report(
        m.config(),
        &s.vendors,
        s.decided_at,
        "shop.test",
        &seen,
    ))
    .unwrap()
}

fn names(j: &Json, list: &str) -> Vec<String> {
    let Some(Json::Arr(items)) = j.get(list) else {
        panic!("{list}")
    };
    items
        .iter()
        .map(|i| {
            let s = |k| match i.get(k) {
                Some(Json::Str(s)) => s.clone(),
                _ => "-".into(),
            };
            format!("{} {} {}", s("kind"), s("name"), s("vendor"))
        })
        .collect()
}

const SEEN: &str = r#"[
  {"kind":"cookie","name":"_st_id","at":1000,"script":"https://stats.test/s.js"},
  {"kind":"cookie","name":"_mystery","at":1000,"script":"https://cdn.other.test/x.js"},
  {"kind":"cookie","name":"consent_sieve","at":1000},
  {"kind":"localStorage","name":"consent-sieve","at":1000},
  {"kind":"localStorage","name":"st-visits","at":1000},
  {"kind":"sessionStorage","name":"tracker-id","at":1000},
  {"kind":"request","name":"https://stats.test/collect?e=1","at":1000},
  {"kind":"request","name":"https://pixel.unknown.test/p.gif","at":1000},
  {"kind":"request","name":"https://pixel.unknown.test/p2.gif","at":1200},
  {"kind":"request","name":"https://shop.test/api/cart","at":1000},
  {"kind":"request","name":"https://eu.ads.test/t","at":1000}
]"#;

#[test]
fn undeclared_cookies_keys_and_hosts_are_found_and_the_sdks_own_are_not() {
    let m = machine();
    let j = audit(&m, SEEN);
    assert_eq!(
        names(&j, "undeclared"),
        [
            "cookie _mystery -",
            "sessionStorage tracker-id -",
            "request pixel.unknown.test -"
        ],
        "one entry per host; the page's own host and the SDK's record are not findings"
    );
    assert_eq!(j.get("declared"), Some(&Json::Int(4)));
}

#[test]
fn declared_vendors_that_set_or_send_before_consent_are_reported() {
    let mut m = machine();
    // Nothing decided: every declared vendor acted before consent.
    let j = audit(&m, SEEN);
    assert_eq!(
        names(&j, "beforeConsent"),
        [
            "cookie _st_id stats",
            "localStorage st-visits stats",
            "request stats.test stats",
            "request eu.ads.test ads"
        ]
    );
    // Analytics granted at NOW: stats' items seen before NOW still count; ads (not granted) too.
    m.save(
        &consent_sieve::core::consent::Choice::from_json(r#"{"purposes":{"analytics":true}}"#)
            .unwrap(),
        Source::Banner,
        NOW,
        [7; 16],
    )
    .unwrap();
    let later = SEEN.replace("\"at\":1000", &format!("\"at\":{}", NOW + 5));
    assert_eq!(
        names(&audit(&m, &later), "beforeConsent"),
        ["request eu.ads.test ads"]
    );
    assert_eq!(
        names(&audit(&m, SEEN), "beforeConsent").len(),
        4,
        "seen before the decision"
    );
}

#[test]
fn bad_observations_are_refused_naming_the_item_and_field() {
    let err = |s: &str| parse_seen(s).unwrap_err();
    assert_eq!(err("{}").path, "seen");
    assert_eq!(
        err(r#"[{"kind":"cookie","name":"a","at":1},{"kind":"dom","name":"a","at":1}]"#).path,
        "seen[1].kind"
    );
    assert_eq!(err(r#"[{"kind":"cookie","at":1}]"#).path, "seen[0].name");
    assert_eq!(
        err(r#"[{"kind":"cookie","name":"a","at":-1}]"#).path,
        "seen[0].at"
    );
    assert_eq!(
        err(r#"[{"kind":"cookie","name":"a","at":1,"script":5}]"#).path,
        "seen[0].script"
    );
    let many = format!(
        "[{}]",
        vec![r#"{"kind":"cookie","name":"a","at":1}"#; MAX_SEEN + 1].join(",")
    );
    let e = err(&many);
    assert_eq!((e.code, e.path.as_str()), ("api.invalid_argument", "seen"));
    assert!(
        e.reason.contains("10000") || e.reason.contains("10,000"),
        "{}",
        e.reason
    );
}
