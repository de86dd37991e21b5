//! Every body form is read or blocked, never passed unread: base64 JSON in a form field
//! (mixpanel-browser's `data=`), gzip and zlib bodies (posthog-js `?compression=gzip-js`), UTF-8 bytes,
//! and binary that is none of these.
use consent_sieve::core::minimize::codec::{self, Wrap};
use consent_sieve::core::minimize::{url, Ctx, Verdict};
use consent_sieve::core::Config;

mod common;
use common::NOW;

fn config() -> Config {
    Config::from_json(
        r#"{"policyVersion":"1","purposes":[{"id":"analytics","label":"A"}],
          "vendors":[{"id":"mp","name":"M","purposes":["analytics"],"hosts":["shop.test"],"paths":["/collect/*"],
            "minimize":{"fields":{"properties.token":"keep","properties.email":{"action":"hash","profile":"google.email"}},"detect":["email","phone"]}}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

const URL: &str = "https://shop.test/collect/track/?verbose=1";
const EVENT: &str = r#"[{"event":"Signed up","properties":{"token":"abc","email":"Jane.Doe@Example.com","note":"call +44 20 7946 0958"}}]"#;

fn text(body: &str) -> Verdict {
    let (c, s) = (config(), common::analytics_granted("mp"));
    let ctx = Ctx {
        config: &c,
        state: &s,
        now: NOW,
    };
    ctx.request("shop.test", URL, Some(body), false, &[])
}

fn bytes(body: &[u8]) -> Verdict {
    let (c, s) = (config(), common::analytics_granted("mp"));
    let ctx = Ctx {
        config: &c,
        state: &s,
        now: NOW,
    };
    ctx.request_bytes("shop.test", URL, body, &[])
}

fn assert_minimized(json: &str) {
    assert!(json.contains("\"event\":\"Signed up\""), "{json}");
    assert!(!json.contains("Jane.Doe"), "raw email: {json}");
    assert!(!json.contains("7946"), "raw phone: {json}");
}

#[test]
fn base64_json_in_a_form_field_is_decoded_minimized_and_encoded_the_same_way() {
    for url_safe in [false, true] {
        let mut b64 = codec::b64_encode(
            EVENT.as_bytes(),
            codec::b64_decode(if url_safe {
                "eyJhIjoiPz8-In0"
            } else {
                "eyJhIjoiPz8+In0="
            })
            .unwrap()
            .1,
        );
        if url_safe {
            assert!(!b64.contains(['+', '/', '=']));
        } else {
            b64 = b64
                .replace('/', "%2F")
                .replace('+', "%2B")
                .replace('=', "%3D");
        }
        let Verdict::Send(_, Some(body)) = text(&format!("data={b64}&ip=1")) else {
            panic!("not sent")
        };
        let value = body
            .strip_prefix("data=")
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        let value = url::decode(value, true).unwrap();
        // The same alphabet as it came in.
        if url_safe {
            assert!(!value.contains(['+', '/', '=']), "{value}");
        } else {
            assert!(!value.contains(['-', '_']), "{value}");
        }
        let (json, _) = codec::b64_decode(&value).expect("still base64");
        assert_minimized(std::str::from_utf8(&json).unwrap());
    }
}

#[test]
fn a_field_that_looks_like_base64_json_but_does_not_decode_blocks_the_request() {
    for bad in [
        "eyJldmVudCI6!!",
        "eyJldmVudCI6IlNpZ25lZCB1cCIsInByb3BlcnRp",
        "W3sibm90IGpzb24",
    ] {
        assert_eq!(
            text(&format!("data={bad}")),
            Verdict::Block("mp".into(), "cannot read the body"),
            "{bad}"
        );
    }
    // Plain text that only starts like it is still an ordinary value.
    assert!(matches!(text("q=eyJ"), Verdict::Send(..)));
}

#[test]
fn gzip_and_zlib_bodies_are_inflated_minimized_and_compressed_again() {
    for how in [Wrap::Gzip, Wrap::Zlib] {
        let Verdict::SendBytes(u, out) = bytes(&codec::wrap(EVENT.as_bytes(), how)) else {
            panic!("not sent")
        };
        assert_eq!(u, URL);
        assert_eq!(codec::wrapped(&out), Some(how));
        let json = codec::unwrap(&out, how, 1 << 20).expect("valid again");
        assert_minimized(std::str::from_utf8(&json).unwrap());
    }
    // A real compressor's output (Node's zlib, level 9).
    let Verdict::SendBytes(_, out) = bytes(include_bytes!("fixtures/events-level9.gz")) else {
        panic!("not sent")
    };
    let json = codec::unwrap(&out, Wrap::Gzip, 1 << 20).unwrap();
    let json = std::str::from_utf8(&json).unwrap();
    assert!(
        json.contains("$pageview") && !json.contains("@mail.example"),
        "{json}"
    );
}

#[test]
fn unreadable_binary_and_compression_bombs_are_blocked() {
    assert_eq!(
        bytes(&[0xff, 0xfe, 0x00, 0x81]),
        Verdict::Block("mp".into(), "cannot read the body")
    );
    let bomb = codec::wrap(&vec![b' '; 5 << 20], Wrap::Gzip);
    assert_eq!(
        bytes(&bomb),
        Verdict::Block("mp".into(), "cannot read the compressed body")
    );
    let mut broken = codec::wrap(EVENT.as_bytes(), Wrap::Zlib);
    broken.truncate(broken.len() - 1);
    assert_eq!(
        bytes(&broken),
        Verdict::Block("mp".into(), "cannot read the compressed body")
    );
    // UTF-8 bytes are read as text.
    let Verdict::SendBytes(_, out) = bytes(EVENT.as_bytes()) else {
        panic!()
    };
    assert_minimized(std::str::from_utf8(&out).unwrap());
    // Not a destination's URL: judged by host as before.
    let (c, s) = (config(), common::analytics_granted("mp"));
    let ctx = Ctx {
        config: &c,
        state: &s,
        now: NOW,
    };
    assert_eq!(
        ctx.request_bytes("shop.test", "/api/cart", &[0xff], &[]),
        Verdict::Pass
    );
}
