//! Bounded work: large and hostile inputs are read in linear (or n·log n) time, and past the JSON
//! reader's limits they fail closed with an error saying so. Durations are printed (`--nocapture`),
//! never asserted; what is asserted is the output.
use std::time::Instant;

use consent_sieve::core::json::{self, Json};
use consent_sieve::core::minimize::{Ctx, Verdict};
use consent_sieve::core::Config;

mod common;
use common::NOW;
const POLICY: &str = r#"{"mode":"deny","fields":{"properties.email":{"action":"hash","profile":"google.email"},
  "distinct_id":"hmac","properties.$ip":"truncate","properties.ts":{"action":"truncate","to":"hour"},
  "properties.*_token":"drop","**.deep.**.x":"drop","properties.*":"keep"},
  "detect":["email","phone","card","iban","ssn","ip","url"],"found":"redact"}"#;

fn config() -> Config {
    let json = format!(
        r#"{{"policyVersion":"1","hashKey":"site-secret-0123456789","purposes":[{{"id":"analytics","label":"A"}}],
          "vendors":[{{"id":"d","name":"D","purposes":["analytics"],"hosts":["collect.test"],"minimize":{POLICY}}}]}}"#
    );
    Config::from_json(&json).unwrap_or_else(|e| panic!("{e}"))
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let r = f();
    eprintln!("{what}: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    r
}

fn request(body: &str) -> Verdict {
    let (c, st) = (config(), common::analytics_granted("d"));
    let ctx = Ctx {
        config: &c,
        state: &st,
        now: NOW,
    };
    ctx.request(
        "shop.test",
        "https://collect.test/e/",
        Some(body),
        false,
        &[],
    )
}

#[test]
fn a_flat_event_of_50000_keys_is_minimized() {
    let fields: Vec<String> = (0..50_000)
        .map(|i| format!(r#""k{i}":"user{i}@mail.example.com""#))
        .collect();
    let event = format!(r#"{{"event":"e","properties":{{{}}}}}"#, fields.join(","));
    let (c, st) = (config(), common::analytics_granted("d"));
    let ctx = Ctx {
        config: &c,
        state: &st,
        now: NOW,
    };
    let out = timed("50,000-key event", || ctx.event_json("d", &event))
        .expect("read")
        .expect("kept");
    assert!(!out.contains("@mail.example.com"), "an email left raw");
    let Some(Json::Obj(props)) = Json::parse(&out).unwrap().get("properties").cloned() else {
        panic!("no properties")
    };
    assert_eq!(props.len(), 50_000);
}

#[test]
fn a_one_megabyte_batch_body_is_minimized() {
    let event = |i: usize| {
        format!(
            r#"{{"event":"$pageview","distinct_id":"u{i}","properties":{{"email":"p{i}@shop.example","$ip":"198.51.100.{}","ts":"2026-11-22T14:23:45Z","note":"call +1 650 555 {:04} or mail a{i}@x.example","ref_token":"secret{i}","$current_url":"https://shop.example/?email=a{i}%40x.example&utm_source=n"}}}}"#,
            i % 250,
            i % 10_000
        )
    };
    let mut events = Vec::new();
    let mut len = 0;
    while len < 1 << 20 {
        let e = event(events.len());
        len += e.len() + 1;
        events.push(e);
    }
    let body = format!(r#"{{"api_key":"k","batch":[{}]}}"#, events.join(","));
    let v = timed("1 MB request body", || request(&body));
    let Verdict::Send(_, Some(out)) = v else {
        panic!("{v:?}")
    };
    for raw in [
        "@shop.example",
        "@x.example",
        "secret1",
        "555 00",
        "198.51.100.7\"",
    ] {
        assert!(!out.contains(raw), "{raw} left raw");
    }
}

#[test]
fn hostile_texts_stay_linear() {
    let (c, st) = (config(), common::analytics_granted("d"));
    let ctx = Ctx {
        config: &c,
        state: &st,
        now: NOW,
    };
    let cases = [
        ("a run of 256 KB of digits and spaces", "1 ".repeat(1 << 17)),
        ("256 KB of '?a=1 '", "?a=1 ".repeat(50_000)),
        ("256 KB of IBAN-like starts", "DE12".repeat(1 << 16)),
        ("256 KB of '@a.'", "@a.".repeat(90_000)),
        ("256 KB of 'eyJ.'", "eyJ.".repeat(1 << 16)),
        ("256 KB of hex and colons", "a:".repeat(1 << 17)),
    ];
    for (what, text) in cases {
        let event = Json::Obj(vec![(
            "properties".into(),
            Json::Obj(vec![("note".into(), Json::Str(text))]),
        )])
        .to_text();
        let out = timed(what, || ctx.event_json("d", &event)).expect("read");
        assert!(out.is_some(), "{what}: dropped");
    }
    // A time truncation on a long text after a date.
    let ts = format!("2026-11-22T14:23:45{}", "1".repeat(1 << 20));
    let event = Json::Obj(vec![(
        "properties".into(),
        Json::Obj(vec![("ts".into(), Json::Str(ts))]),
    )])
    .to_text();
    timed("a 1 MB time value", || ctx.event_json("d", &event)).expect("read");
    // Deep paths under a rule with two `**`.
    let mut deep = String::from("1");
    for i in 0..60 {
        deep = format!(r#"{{"deep{}":{deep}}}"#, i % 3);
    }
    timed("60 levels under `**.deep.**.x`", || {
        ctx.event_json("d", &deep)
    })
    .expect("read");
}

#[test]
fn a_form_field_named_deeper_than_json_may_nest_is_not_read() {
    let name = vec!["a"; json::MAX_DEPTH + 1].join(".");
    let v = request(&format!("{name}=1"));
    assert_eq!(v, Verdict::Block("d".into(), "cannot read the body"));
    let name = vec!["a"; json::MAX_DEPTH].join(".");
    assert!(matches!(request(&format!("{name}=1")), Verdict::Send(..)));
}

#[test]
fn past_the_reader_limits_inputs_fail_closed_with_a_clear_error() {
    let (c, st) = (config(), common::analytics_granted("d"));
    let ctx = Ctx {
        config: &c,
        state: &st,
        now: NOW,
    };
    let deep = "[".repeat(json::MAX_DEPTH + 2) + &"]".repeat(json::MAX_DEPTH + 2);
    let e = ctx.event_json("d", &deep).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), ("minimize.too_large", "event"));
    assert!(e.reason.contains("nested too deeply"), "{}", e.reason);
    let many = format!("[{}]", vec!["0"; json::MAX_VALUES].join(","));
    let e = ctx.event_json("d", &many).unwrap_err();
    assert_eq!(e.code, "minimize.too_large");
    assert_eq!(
        request(&many),
        Verdict::Block("d".into(), "body too large to read")
    );
    let e = Config::from_json(&deep).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), ("config.too_large", ""));
}
