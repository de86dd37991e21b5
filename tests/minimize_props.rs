//! Property tests of the minimization engine over arbitrary nested events: no value under a drop or
//! hash rule, and no string a detector matches, ever appears raw in the output.
use consent_sieve::core::json::Json;
use consent_sieve::core::minimize::{Ctx, Verdict};
use consent_sieve::core::Config;
use proptest::prelude::*;
mod common;

fn config() -> Config {
    Config::from_json(
        r#"{"policyVersion":"1","hashKey":"site-secret-0123456789","purposes":[{"id":"analytics","label":"A"}],
        "vendors":[{"id":"d","name":"D","purposes":["analytics"],"hosts":["collect.test"],"minimize":{
          "fields":{"secret":"drop","email":{"action":"hash","profile":"google.email"},"**.token":"hmac",
                    "props.*.raw":{"action":"hash","profile":"raw"},"page":{"action":"url","keep":["utm_*"]}}}}]}"#,
    )
    .expect("config")
}

fn luhn_complete(prefix: &[u8]) -> String {
    // The check digit that makes prefix + d pass Luhn.
    let sum: u32 = prefix
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(*d);
            if i % 2 == 0 {
                let x = v * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                v
            }
        })
        .sum();
    let check = (10 - sum % 10) % 10;
    prefix
        .iter()
        .map(|d| char::from(b'0' + d))
        .chain([char::from_digit(check, 10).unwrap()])
        .collect()
}

fn card() -> impl Strategy<Value = String> {
    let iins: Vec<(&'static str, usize)> = vec![
        ("4", 16),
        ("51", 16),
        ("55", 16),
        ("2221", 16),
        ("2720", 16),
        ("34", 15),
        ("37", 15),
        ("6011", 16),
        ("65", 16),
        ("3528", 16),
        ("36", 14),
        ("62", 16),
    ];
    (
        proptest::sample::select(iins),
        proptest::collection::vec(0u8..10, 19),
        any::<bool>(),
    )
        .prop_map(|((iin, len), rest, spaced)| {
            let mut d: Vec<u8> = iin.bytes().map(|b| b - b'0').collect();
            d.extend(rest.into_iter().take(len - 1 - d.len()));
            let n = luhn_complete(&d);
            if spaced {
                n.as_bytes()
                    .chunks(4)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                n
            }
        })
}

fn email() -> impl Strategy<Value = String> {
    (
        "[a-z][a-z0-9]{0,7}(\\.[a-z]{1,5})?",
        "[a-z]{2,8}",
        proptest::sample::select(vec!["com", "io", "co.uk", "de"]),
    )
        .prop_map(|(l, d, t)| format!("{l}@{d}.{t}"))
}

fn phone() -> impl Strategy<Value = String> {
    prop_oneof![
        ("[1-9][0-9]{1,2}", "[0-9]{3}", "[0-9]{3}", "[0-9]{4}")
            .prop_map(|(c, a, b, d)| format!("+{c} {a} {b} {d}")),
        ("[2-9][0-9]{2}", "[2-9][0-9]{2}", "[0-9]{4}")
            .prop_map(|(a, b, c)| format!("({a}) {b}-{c}")),
        ("[2-9][0-9]{2}", "[2-9][0-9]{2}", "[0-9]{4}").prop_map(|(a, b, c)| format!("{a}-{b}-{c}")),
        ("0[1-9][0-9]", "[0-9]{4}", "[0-9]{4}").prop_map(|(a, b, c)| format!("{a} {b} {c}")),
    ]
}

fn ssn() -> impl Strategy<Value = String> {
    (1u32..900, 1u32..100, 1u32..10000)
        .prop_filter("valid area", |(a, g, s)| {
            *a != 666
                && !(*a == 78 && *g == 5 && *s == 1120)
                && !(*a == 219 && *g == 9 && *s == 9999)
        })
        .prop_map(|(a, g, s)| format!("{a:03}-{g:02}-{s:04}"))
}

fn iban() -> impl Strategy<Value = String> {
    "[0-9]{14}".prop_map(|acct| {
        let bban = format!("WEST{acct}");
        // Check digits: 98 - (BBAN + "GB00" as digits) mod 97.
        let digits: String = format!("{bban}GB00")
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    c.to_string()
                } else {
                    (c as u32 - 'A' as u32 + 10).to_string()
                }
            })
            .collect();
        let r = digits
            .bytes()
            .fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97);
        format!("GB{:02}{bban}", 98 - r)
    })
}

fn ipv4() -> impl Strategy<Value = String> {
    (1u8..=255, any::<u8>(), any::<u8>(), 1u8..=255)
        .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}"))
}

fn pii() -> impl Strategy<Value = String> {
    prop_oneof![email(), card(), phone(), ssn(), iban(), ipv4()]
}

/// Free text with one PII value inside: (text, the PII).
fn text_with_pii() -> impl Strategy<Value = (String, String)> {
    (
        "[a-z]{1,8}( [a-z]{1,8}){0,3}",
        pii(),
        "[a-z]{1,8}( [a-z]{1,8}){0,2}",
        proptest::sample::select(vec![" ", ": ", " (", ", "]),
    )
        .prop_map(|(a, p, b, sep)| (format!("{a}{sep}{p} {b}"), p))
}

/// A marker that cannot occur in hex digests, placeholders or the other generated text.
fn marker() -> impl Strategy<Value = String> {
    "zq[g-z]{12}"
}

#[derive(Debug, Clone)]
struct Event {
    json: Json,
    pii: Vec<String>,
    hidden: Vec<String>,
}

fn leaf() -> impl Strategy<Value = (Json, Vec<String>, Vec<String>)> {
    prop_oneof![
        text_with_pii().prop_map(|(t, p)| (Json::Str(t), vec![p], vec![])),
        "[a-z ]{0,12}".prop_map(|t| (Json::Str(t), vec![], vec![])),
        any::<i32>().prop_map(|n| (Json::Int(i64::from(n)), vec![], vec![])),
        any::<bool>().prop_map(|b| (Json::Bool(b), vec![], vec![])),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    let keys = proptest::sample::select(vec![
        "a", "b", "note", "name", "props", "items", "x", "$set", "page",
    ]);
    let hidden_keys = proptest::sample::select(vec!["secret", "email", "token"]);
    let node = leaf().prop_recursive(4, 40, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec((keys.clone(), inner.clone()), 0..6).prop_map(|kv| {
                let mut fields: Vec<(String, Json)> = Vec::new();
                let (mut p, mut h) = (vec![], vec![]);
                for (k, (v, vp, vh)) in kv {
                    if fields.iter().any(|(n, _)| n == k) {
                        continue;
                    }
                    fields.push((k.to_string(), v));
                    p.extend(vp);
                    h.extend(vh);
                }
                (Json::Obj(fields), p, h)
            }),
            proptest::collection::vec(inner.clone(), 0..4).prop_map(|items| {
                let (mut p, mut h) = (vec![], vec![]);
                let items = items
                    .into_iter()
                    .map(|(v, vp, vh)| {
                        p.extend(vp);
                        h.extend(vh);
                        v
                    })
                    .collect();
                (Json::Arr(items), p, h)
            }),
            // A field under a drop / hash / hmac rule, holding a unique marker.
            (hidden_keys.clone(), marker(), inner).prop_map(|(k, m, (v, vp, vh))| {
                let mut h = vh;
                h.push(m.clone());
                (
                    Json::Obj(vec![
                        (k.to_string(), Json::Str(m)),
                        (
                            "props".into(),
                            Json::Obj(vec![("q".into(), Json::Obj(vec![("raw".into(), v)]))]),
                        ),
                    ]),
                    vp,
                    h,
                )
            }),
        ]
    });
    node.prop_map(|(json, pii, hidden)| {
        let json = match json {
            j @ Json::Obj(_) => j,
            other => Json::Obj(vec![("v".into(), other)]),
        };
        Event { json, pii, hidden }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn no_pii_and_no_hidden_value_survives(e in event()) {
        let c = config();
        let st = common::analytics_granted("d");
        let ctx = Ctx { config: &c, state: &st, now: 0 };
        let input = e.json.to_text();
        let out = ctx.event_json("d", &input).expect("valid").expect("granted: not dropped");
        prop_assert!(Json::parse(&out).is_ok(), "output is JSON: {}", out);
        for p in &e.pii {
            prop_assert!(!out.contains(p.as_str()), "raw PII {:?} in {}", p, out);
        }
        for h in &e.hidden {
            prop_assert!(!out.contains(h.as_str()), "hidden value {:?} in {}", h, out);
        }
    }

    #[test]
    fn request_bodies_never_carry_raw_pii(e in event()) {
        let c = config();
        let st = common::analytics_granted("d");
        let ctx = Ctx { config: &c, state: &st, now: 0 };
        let body = e.json.to_text();
        match ctx.request("shop.test", "https://collect.test/e/", Some(&body), false, &[]) {
            Verdict::Send(_, Some(out)) => {
                for p in e.pii.iter().chain(&e.hidden) {
                    prop_assert!(!out.contains(p.as_str()), "{:?} in {}", p, out);
                }
            }
            other => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    #[test]
    fn any_text_is_handled_without_panicking(t in "\\PC{0,80}") {
        let c = config();
        let st = common::analytics_granted("d");
        let ctx = Ctx { config: &c, state: &st, now: 0 };
        let _ = ctx.request("shop.test", "https://collect.test/e/?x=1", Some(&t), false, &[]);
        let _ = consent_sieve::core::minimize::detect::scrub(&t, consent_sieve::core::minimize::detect::ALL, false);
        let ev = Json::Obj(vec![("note".into(), Json::Str(t))]).to_text();
        prop_assert!(ctx.event_json("d", &ev).is_ok());
    }
}
