//! The minimization engine: every action, detector and hashing profile, request rewriting, and
//! config validation. Vectors: tests/fixtures/pii-vectors.json (a copy of the standards digest's).
use consent_sieve::core::consent::ConsentState;
use consent_sieve::core::hash::{hmac_sha256_hex, sha256_hex};
use consent_sieve::core::json::Json;
use consent_sieve::core::minimize::{
    detect, normalize::normalize, truncate_ip, Adapter, Ctx, Verdict,
};
use consent_sieve::core::Config;

mod common;
use common::NOW;
const KEY: &str = "site-secret-0123456789";

fn vectors() -> Json {
    Json::parse(include_str!("fixtures/pii-vectors.json")).expect("vectors parse")
}

fn s<'a>(j: &'a Json, k: &str) -> &'a str {
    match j.get(k) {
        Some(Json::Str(s)) => s,
        other => panic!("{k}: {other:?}"),
    }
}

fn arr<'a>(j: &'a Json, k: &str) -> &'a [Json] {
    match j.get(k) {
        Some(Json::Arr(a)) => a,
        other => panic!("{k}: {other:?}"),
    }
}

/// A config with vendor `d` (purpose analytics) holding `policy`, and vendor `plain` without one.
fn config(policy: &str) -> Config {
    let json = format!(
        r#"{{"policyVersion":"1","hashKey":"{KEY}","purposes":[
            {{"id":"necessary","required":true,"label":"N"}},
            {{"id":"analytics","label":"A"}},{{"id":"marketing","label":"M"}}],
          "vendors":[
            {{"id":"d","name":"D","purposes":["analytics"],"hosts":["collect.test"],"paths":["/e/*","/g/collect*","/flags/*","/ingest/*","/v1/*"],"minimize":{policy}}},
            {{"id":"plain","name":"P","purposes":["marketing"],"hosts":["ads.test"]}}]}}"#
    );
    Config::from_json(&json).unwrap_or_else(|e| panic!("{e}"))
}

fn state(analytics: bool, marketing: bool) -> ConsentState {
    common::decided(
        &[
            ("necessary", true),
            ("analytics", analytics),
            ("marketing", marketing),
        ],
        &[("d", analytics), ("plain", marketing)],
    )
}

/// The event minimized under `policy` with analytics (and marketing as given) granted.
fn run_with(policy: &str, event: &str, analytics: bool, marketing: bool) -> Option<String> {
    let c = config(policy);
    let st = state(analytics, marketing);
    let ctx = Ctx {
        config: &c,
        state: &st,
        now: NOW,
    };
    ctx.event_json("d", event).expect("valid")
}

fn run(policy: &str, event: &str) -> String {
    run_with(policy, event, true, false).expect("not dropped")
}

fn field(out: &str, path: &str) -> Option<Json> {
    let mut j = Json::parse(out).expect("output is JSON");
    for k in path.split('.') {
        j = match j {
            Json::Obj(f) => f.into_iter().find(|(n, _)| n == k)?.1,
            Json::Arr(a) => a.into_iter().nth(k.parse().ok()?)?,
            _ => return None,
        };
    }
    Some(j)
}

fn text(out: &str, path: &str) -> String {
    match field(out, path) {
        Some(Json::Str(s)) => s,
        other => panic!("{path}: {other:?} in {out}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Normalisation profiles against the vectors.

#[test]
fn google_profiles_match_the_vectors() {
    let v = vectors();
    let mut checked = 0;
    for e in arr(&v, "google") {
        let Some(Json::Str(digest)) = e.get("sha256") else {
            continue;
        };
        let profile = match s(e, "field") {
            "email" => "google.email",
            "phone_number" => "google.phone",
            "address.first_name" | "address.last_name" => "google.name",
            "address.street" => "google.street",
            f => panic!("unmapped {f}"),
        };
        let n = normalize(profile, s(e, "raw"), "1").expect("normalises");
        assert_eq!(n, s(e, "normalised"), "{profile} {:?}", s(e, "raw"));
        assert_eq!(&sha256_hex(n.as_bytes()), digest);
        checked += 1;
    }
    assert_eq!(checked, 7);
    // City, region, zip and country are sent plain (normalised, not hashed) by Google's rules.
    assert_eq!(
        normalize("google.city", " Mountain View ", "1").as_deref(),
        Some("mountain view")
    );
    assert_eq!(normalize("google.region", "CA", "1").as_deref(), Some("ca"));
    assert_eq!(
        normalize("google.zip", " 94043 ", "1").as_deref(),
        Some("94043")
    );
    assert_eq!(
        normalize("google.country", "us", "1").as_deref(),
        Some("US")
    );
}

#[test]
fn meta_profiles_match_the_vectors() {
    let v = vectors();
    let mut checked = 0;
    for e in arr(&v, "meta") {
        let profile = match s(e, "field") {
            "em" => "meta.email",
            "ph" => "meta.phone",
            "fn" | "ln" => "meta.name",
            "ge" => "meta.gender",
            "db" => "meta.dob",
            "ct" => "meta.city",
            "st" => "meta.state",
            "zp" => "meta.zip",
            "country" => "meta.country",
            f => panic!("unmapped {f}"),
        };
        let n = normalize(profile, s(e, "raw"), "1").expect("normalises");
        assert_eq!(n, s(e, "normalised"), "{profile} {:?}", s(e, "raw"));
        assert_eq!(sha256_hex(n.as_bytes()), s(e, "sha256"));
        checked += 1;
    }
    assert_eq!(checked, 11);
}

#[test]
fn profiles_edge_cases() {
    let h = sha256_hex(b"x");
    let upper = h.to_uppercase();
    // (profile, raw, calling code, normalised or None: nothing to hash, the field is dropped)
    let cases: [(&str, &str, &str, Option<&str>); 15] = [
        // Google strips dots in gmail/googlemail local parts only; Meta never does.
        (
            "google.email",
            "a.b@googlemail.com",
            "1",
            Some("ab@googlemail.com"),
        ),
        (
            "google.email",
            "a.b@example.com",
            "1",
            Some("a.b@example.com"),
        ),
        ("meta.email", "A.B@GMAIL.com", "1", Some("a.b@gmail.com")),
        // Not an email / phone.
        ("google.email", "no-at-sign", "1", None),
        ("google.phone", "12", "1", None),
        // National numbers take the configured country's calling code; the trunk 0 goes.
        ("google.phone", "020 7946 0958", "44", Some("+442079460958")),
        ("meta.phone", "020 7946 0958", "44", Some("442079460958")),
        ("google.phone", "1-650-555-1234", "1", Some("+16505551234")),
        // A value that is already a digest passes through (both platforms accept pre-hashed values).
        ("meta.email", &upper, "1", Some(&h)),
        ("meta.gender", "Male", "1", Some("m")),
        ("meta.gender", "x", "1", None),
        ("meta.name", "O'Brien-Smith", "1", Some("obriensmith")),
        ("meta.city", "Zürich 8001", "1", Some("zürich")),
        ("raw", " As Is ", "1", Some(" As Is ")),
        ("trim", " ÉCOLE ", "1", Some("école")),
    ];
    for (profile, raw, code, want) in cases {
        assert_eq!(
            normalize(profile, raw, code).as_deref(),
            want,
            "{profile} {raw:?}"
        );
    }
}

#[test]
fn hmac_matches_rfc_4231() {
    // RFC 4231 test case 2.
    assert_eq!(
        hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    // Test case 6: a key longer than the block is hashed first.
    assert_eq!(
        hmac_sha256_hex(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First"
        ),
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    );
}

// ---------------------------------------------------------------------------------------------
// Detectors against the vectors.

#[test]
fn detector_vectors() {
    let v = vectors();
    let d = v.get("detectors").expect("detectors");
    let digits = |x: &str| x.bytes().filter(u8::is_ascii_digit).collect::<Vec<u8>>();
    for e in arr(d, "luhn") {
        let want = e.get("luhn") == Some(&Json::Bool(true));
        assert_eq!(
            detect::luhn(&digits(s(e, "input"))),
            want,
            "luhn {}",
            s(e, "input")
        );
        // As free text: a Luhn-valid number in a card range is found; the others are not.
        let found = detect::find(&format!("pay {} now", s(e, "input")), detect::CARD);
        assert_eq!(!found.is_empty(), want, "card in text {}", s(e, "input"));
    }
    for e in arr(d, "iban") {
        let Some(Json::Int(r)) = e.get("remainder") else {
            panic!()
        };
        assert_eq!(
            detect::iban_remainder(s(e, "input")),
            Some(*r as u32),
            "{}",
            s(e, "input")
        );
        let found = detect::find(&format!("iban: {}.", s(e, "input")), detect::IBAN);
        assert_eq!(found.len(), usize::from(*r == 1), "{}", s(e, "input"));
    }
    for e in arr(d, "ssn") {
        let want = e.get("plausible") == Some(&Json::Bool(true));
        assert_eq!(
            detect::ssn(&digits(s(e, "input"))),
            want,
            "ssn {}",
            s(e, "input")
        );
        let found = detect::find(&format!("ssn {} on file", s(e, "input")), detect::SSN);
        assert_eq!(!found.is_empty(), want, "ssn in text {}", s(e, "input"));
    }
    for e in arr(d, "ipTruncation") {
        assert_eq!(
            truncate_ip(s(e, "input")).as_deref(),
            Some(s(e, "truncated")),
            "{}",
            s(e, "input")
        );
    }
}

#[test]
fn detectors_edge_cases() {
    let kinds = |t: &str| -> Vec<(String, u8)> {
        detect::find(t, detect::ALL)
            .into_iter()
            .map(|x| (t[x.start..x.end].to_string(), x.kind))
            .collect()
    };
    // Mastercard 2-series, Amex, Discover, JCB, UnionPay, Diners; dashes as separators.
    for card in [
        "2223003122003222",
        "378282246310005",
        "6011111111111117",
        "3530111333300000",
        "6200000000000005",
        "30569309025904",
        "5555-5555-5555-4444",
    ] {
        assert_eq!(
            kinds(&format!("x {card} y")),
            vec![(card.to_string(), detect::CARD)],
            "{card}"
        );
    }
    // Luhn-valid but no IIN range (a 1-prefixed number) is not a card.
    assert!(kinds("1234567812345670")
        .iter()
        .all(|(_, k)| *k != detect::CARD));
    // Phones: E.164, national with trunk 0, international 00, NANP grouped; not dates or prices.
    for p in [
        "+16505551234",
        "+44 20 7946 0958",
        "020 7946 0958",
        "0044 20 7946 0958",
        "(650) 555-1234",
        "650-555-1234",
        "650.555.1234",
    ] {
        assert_eq!(
            kinds(&format!("call {p} today")),
            vec![(p.to_string(), detect::PHONE)],
            "{p}"
        );
    }
    for not in [
        "2024-05-01",
        "on 05/01/2024",
        "total 1234.56",
        "ref 123-456",
        "v2.3.10.4.5",
        "+1 2",
    ] {
        assert!(
            kinds(not).iter().all(|(_, k)| *k != detect::PHONE),
            "{not}: {:?}",
            kinds(not)
        );
    }
    // SSN: invalid groups and advertising numbers are not SSNs; nor are longer digit runs.
    for not in ["078-05-1120", "219-09-9999", "123-45-67890", "900-12-3456"] {
        assert!(kinds(not).iter().all(|(_, k)| *k != detect::SSN), "{not}");
    }
    // IPs: leading zeros (octal ambiguity) and out-of-range octets are not IPv4; IPv6 forms.
    assert!(kinds("10.01.2.3").is_empty());
    assert!(kinds("256.1.1.1").iter().all(|(_, k)| *k != detect::IP));
    for ip in [
        "::ffff:192.0.2.1",
        "fe80::1",
        "2001:0db8:0000:0000:0000:ff00:0042:8329",
    ] {
        assert_eq!(
            kinds(&format!("from {ip}")),
            vec![(ip.to_string(), detect::IP)],
            "{ip}"
        );
    }
    assert_eq!(
        truncate_ip("::ffff:192.0.2.77").as_deref(),
        Some("192.0.2.0")
    );
    assert_eq!(
        truncate_ip("2001:0db8:0000:0000:0000:ff00:0042:8329").as_deref(),
        Some("2001:db8::")
    );
    assert_eq!(truncate_ip("not an ip"), None);
    // Emails: a trailing dot is not part of it; no TLD, no email.
    assert_eq!(
        kinds("write to a.b@c.example."),
        vec![("a.b@c.example".to_string(), detect::EMAIL)]
    );
    assert!(kinds("user@localhost").is_empty());
    // Browser versions in user agents are not IPs; an address after "//" still is.
    assert!(kinds("Mozilla/5.0 HeadlessChrome/156.0.0.0 Safari/537.36").is_empty());
    assert_eq!(
        kinds("http://203.0.113.5/x"),
        vec![("203.0.113.5".to_string(), detect::IP)]
    );
    // A JWT anywhere; emails and tokens inside URL query values, percent-encoded or not.
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    assert_eq!(
        kinds(&format!("t={jwt}")),
        vec![(jwt.to_string(), detect::URL)]
    );
    let url = "https://shop.test/p?email=jane%40example.com&token=abc123&utm_source=x";
    assert_eq!(
        detect::scrub(url, detect::ALL, false).as_deref(),
        Some("https://shop.test/p?email=%5Bemail%5D&token=%5Btoken%5D&utm_source=x")
    );
    // A sensitive parameter loses its whole value, whatever part of it a detector recognised.
    assert_eq!(
        detect::scrub(
            "https://x.example/p?name=Jane+Doe+jane%40example.com&ok=1",
            detect::ALL,
            false
        )
        .as_deref(),
        Some("https://x.example/p?name=%5Btoken%5D&ok=1")
    );
    assert_eq!(
        detect::scrub("(10.0.0.1)", detect::ALL, false).as_deref(),
        Some("([ip])")
    );
    // Found text hashed instead of redacted: SHA-256 of the lowercased email.
    assert_eq!(
        detect::scrub("hi Jane@Example.com", detect::EMAIL, true),
        Some(format!("hi {}", sha256_hex(b"jane@example.com")))
    );
    // Only the chosen detectors run.
    assert_eq!(
        detect::scrub("a@b.co +16505551234", detect::PHONE, false).as_deref(),
        Some("a@b.co [phone]")
    );
}

// ---------------------------------------------------------------------------------------------
// Actions.

#[test]
fn keep_drop_and_detectors_in_deny_mode() {
    let out = run(
        r#"{"fields":{"properties.secret":"drop","properties.sku":{"action":"keep","scan":false}}}"#,
        r#"{"event":"buy","properties":{"secret":"x","sku":"650-555-1234","note":"mail me at jo@x.io","n":4111111111111111,"ok":true,"nil":null}}"#,
    );
    assert_eq!(field(&out, "properties.secret"), None);
    assert_eq!(text(&out, "properties.sku"), "650-555-1234", "scan: false");
    assert_eq!(text(&out, "properties.note"), "mail me at [email]");
    assert_eq!(
        text(&out, "properties.n"),
        "[card]",
        "integers are scanned too"
    );
    assert_eq!(field(&out, "properties.ok"), Some(Json::Bool(true)));
    assert_eq!(field(&out, "properties.nil"), Some(Json::Null));
    assert_eq!(text(&out, "event"), "buy");
}

#[test]
fn hash_and_hmac() {
    let out = run(
        r#"{"fields":{"user.email":{"action":"hash","profile":"google.email"},"user.phone":{"action":"hash","profile":"google.phone","country":"GB"},"user.id":"hmac","user.bad":{"action":"hash","profile":"google.email"}}}"#,
        r#"{"user":{"email":" John.Doe+promo@GMail.com ","phone":"020 7946 0958","id":12345,"bad":"not an email"}}"#,
    );
    assert_eq!(
        text(&out, "user.email"),
        "4dfee298ccfab85c3c2369440292b9a1e57795b008fe3d680add19dcd4414b64"
    );
    assert_eq!(
        text(&out, "user.phone"),
        "f0bf0228144d9fe2bdf1da2d8ca698f17bf1410ee688b075c27062e47b6f0b6d"
    );
    assert_eq!(
        text(&out, "user.id"),
        hmac_sha256_hex(KEY.as_bytes(), b"12345")
    );
    assert_eq!(
        field(&out, "user.bad"),
        None,
        "a value the profile cannot normalise is dropped"
    );
    let digest = sha256_hex(b"jo@x.io");
    let pre = run(
        r#"{"fields":{"email":{"action":"hash","profile":"google.email"}}}"#,
        &format!(r#"{{"email":"{}"}}"#, digest.to_uppercase()),
    );
    assert_eq!(
        text(&pre, "email"),
        digest,
        "an already hashed value is not hashed again"
    );
}

#[test]
fn truncate_ip_time_and_numbers() {
    let out = run(
        r#"{"fields":{"ip":"truncate","ip6":"truncate","notip":"truncate","ts":{"action":"truncate","to":"hour"},"day":{"action":"truncate","to":"day"},"ms":{"action":"truncate","to":"hour"},"sec":{"action":"truncate","to":"day"},"price":{"action":"truncate","step":10},"neg":{"action":"truncate","step":10}}}"#,
        r#"{"ip":"203.0.113.195","ip6":"2001:db8:85a3:8d3:1319:8a2e:370:7348","notip":"hello","ts":"2024-03-05T14:23:45.123Z","day":"2024-03-05T14:23:45+02:00","ms":1709648625123,"sec":1709648625,"price":37.5,"neg":-3.2}"#,
    );
    assert_eq!(text(&out, "ip"), "203.0.113.0");
    assert_eq!(text(&out, "ip6"), "2001:db8:85a3::");
    assert_eq!(
        field(&out, "notip"),
        None,
        "not an IP: dropped, not passed through"
    );
    assert_eq!(text(&out, "ts"), "2024-03-05T14:00:00.000Z");
    assert_eq!(text(&out, "day"), "2024-03-05T00:00:00+02:00");
    assert_eq!(field(&out, "ms"), Some(Json::Int(1_709_647_200_000)));
    assert_eq!(field(&out, "sec"), Some(Json::Int(1_709_596_800)));
    assert_eq!(field(&out, "price"), Some(Json::Int(30)));
    assert_eq!(field(&out, "neg"), Some(Json::Int(-10)));
}

#[test]
fn generalize_year_age_and_zip() {
    let out = run(
        r#"{"fields":{"born":{"action":"generalize","to":"year"},"age":{"action":"generalize","to":"age"},"age5":{"action":"generalize","to":"age","band":5},"old":{"action":"generalize","to":"age"},"zip":{"action":"generalize","to":"zip","digits":2},"bad":{"action":"generalize","to":"year"}}}"#,
        r#"{"born":"1991-05-26","age":"1991-05-26","age5":"19911123","old":"1930-01-01","zip":"94025-1234","bad":"someday"}"#,
    );
    assert_eq!(text(&out, "born"), "1991");
    assert_eq!(text(&out, "age"), "30-39", "35 on 2026-11-22");
    assert_eq!(text(&out, "age5"), "30-34", "34: the birthday is tomorrow");
    assert_eq!(text(&out, "old"), "90+");
    assert_eq!(text(&out, "zip"), "94");
    assert_eq!(field(&out, "bad"), None);
}

#[test]
fn url_keeps_only_the_allow_list_and_gclid_needs_marketing() {
    let policy = r#"{"fields":{"page":{"action":"url","keep":["utm_*",{"name":"gclid","when":"marketing"}]}}}"#;
    let event =
        r#"{"page":"https://shop.test/p?utm_source=news&email=a%40b.co&gclid=XYZ&q=shoes#frag"}"#;
    let denied = run_with(policy, event, true, false).unwrap();
    assert_eq!(text(&denied, "page"), "https://shop.test/p?utm_source=news");
    let granted = run_with(policy, event, true, true).unwrap();
    assert_eq!(
        text(&granted, "page"),
        "https://shop.test/p?utm_source=news&gclid=XYZ"
    );
    // The fragment is kept only when asked; emails in the path are still redacted by the detectors.
    let f = run(
        r#"{"fields":{"u":{"action":"url","fragment":true}}}"#,
        r#"{"u":"/users/a@b.co/x?y=1#top"}"#,
    );
    assert_eq!(text(&f, "u"), "/users/[email]/x#top");
}

#[test]
fn redact_when_else_and_objects() {
    let out = run_with(
        r#"{"fields":{"msg":"redact","cid":{"action":"keep","when":"marketing","else":"hmac"},"$set.*":{"action":"hash"}}}"#,
        r#"{"msg":"hello","cid":"abc","$set":{"name":"Jo","tags":["A","B"]}}"#,
        true,
        false,
    )
    .unwrap();
    assert_eq!(text(&out, "msg"), "[redacted]");
    assert_eq!(
        text(&out, "cid"),
        hmac_sha256_hex(KEY.as_bytes(), b"abc"),
        "marketing denied: else"
    );
    assert_eq!(text(&out, "$set.name"), sha256_hex(b"jo"));
    assert_eq!(
        text(&out, "$set.tags.1"),
        sha256_hex(b"b"),
        "an action on a container applies to every scalar"
    );
    let granted = run_with(
        r#"{"fields":{"cid":{"action":"keep","when":"marketing"}}}"#,
        r#"{"cid":"abc"}"#,
        true,
        true,
    )
    .unwrap();
    assert_eq!(text(&granted, "cid"), "abc");
    let dropped = run_with(
        r#"{"fields":{"cid":{"action":"keep","when":"marketing"}}}"#,
        r#"{"cid":"abc"}"#,
        true,
        false,
    )
    .unwrap();
    assert_eq!(field(&dropped, "cid"), None, "the default else is drop");
}

#[test]
fn patterns_globs_any_depth_and_precedence() {
    let out = run(
        r#"{"fields":{"properties.*.email":"drop","email":"redact","items.*.price":{"action":"truncate","step":5},"**.secret":"drop","properties":"keep","properties.keep_me":"keep","a.*":"drop","a.b":"keep"}}"#,
        r#"{"properties":{"x":{"email":"p@q.io"},"email":"top@q.io","keep_me":1},"user":{"email":"u@q.io"},"items":[{"price":12},{"price":7}],"deep":{"er":{"secret":1}},"a":{"b":1,"c":2}}"#,
    );
    assert_eq!(field(&out, "properties.x.email"), None, "glob segment");
    assert_eq!(
        text(&out, "user.email"),
        "[redacted]",
        "a bare key matches at any depth"
    );
    assert_eq!(
        text(&out, "properties.email"),
        "[redacted]",
        "the deeper rule beats the container's keep"
    );
    assert_eq!(field(&out, "items.0.price"), Some(Json::Int(10)));
    assert_eq!(field(&out, "items.1.price"), Some(Json::Int(5)));
    assert_eq!(field(&out, "deep.er.secret"), None, "** spans segments");
    assert_eq!(
        field(&out, "a.b"),
        None,
        "same depth: the first written wins (a.* before a.b)"
    );
    assert_eq!(
        field(&out, "a"),
        None,
        "a container whose every field was dropped goes too"
    );
}

#[test]
fn allow_list_mode_drops_what_is_not_named() {
    let out = run(
        r#"{"mode":"allow","fields":{"event":"keep","properties.path":"keep","properties.email":{"action":"hash","profile":"meta.email"}}}"#,
        r#"{"event":"view","distinct_id":"u1","properties":{"path":"/a","email":"A@B.co","other":"x"},"empty":{}}"#,
    );
    assert_eq!(
        out,
        format!(
            r#"{{"event":"view","properties":{{"path":"/a","email":"{}"}}}}"#,
            sha256_hex(b"a@b.co")
        )
    );
}

#[test]
fn denied_drops_or_sends_anonymous_as_the_policy_says() {
    let dropped = run_with(r#"{"fields":{}}"#, r#"{"event":"x"}"#, false, false);
    assert_eq!(dropped, None, "default: denied = drop");
    let anon = run_with(
        r#"{"fields":{"user.id":"hmac"},"denied":{"mode":"allow","fields":{"event":"keep"}}}"#,
        r#"{"event":"x","user":{"id":"u1"}}"#,
        false,
        false,
    );
    assert_eq!(anon.as_deref(), Some(r#"{"event":"x"}"#));
}

#[test]
fn minimize_rejects_bad_arguments() {
    let c = config(r#"{}"#);
    let st = state(true, false);
    let ctx = Ctx {
        config: &c,
        state: &st,
        now: NOW,
    };
    assert_eq!(
        ctx.event_json("plain", "{}").unwrap_err().code,
        "minimize.unknown_destination"
    );
    assert_eq!(
        ctx.event_json("nope", "{}").unwrap_err().path,
        "destination"
    );
    assert_eq!(
        ctx.event_json("d", "42").unwrap_err().code,
        "minimize.invalid_event"
    );
    assert_eq!(
        ctx.event_json("d", "{").unwrap_err().code,
        "minimize.invalid_event"
    );
}

// ---------------------------------------------------------------------------------------------
// Requests.

fn request(policy: &str, url: &str, body: Option<&str>, analytics: bool) -> Verdict {
    let c = config(policy);
    let st = state(analytics, false);
    let ctx = Ctx {
        config: &c,
        state: &st,
        now: NOW,
    };
    ctx.request("shop.test", url, body, false, &[])
}

const P: &str = r#"{"fields":{"properties.email":{"action":"hash","profile":"google.email"},"ep.email":{"action":"hash","profile":"google.email"},"dl":{"action":"url","keep":["utm_*"]}}}"#;

#[test]
fn requests_by_format() {
    // Not a destination: another vendor, another path, or no vendor at all.
    assert_eq!(
        request(P, "https://ads.test/e/", Some("{}"), true),
        Verdict::Pass
    );
    assert_eq!(
        request(P, "https://collect.test/static/x.js", None, true),
        Verdict::Pass
    );
    assert_eq!(
        request(P, "https://shop.test/api", Some("x"), true),
        Verdict::Pass
    );
    let h = sha256_hex(b"ab@gmail.com");
    // JSON: an event, an array, and a {batch: [...]} or {events: [...]} envelope.
    let Verdict::Send(u, Some(b)) = request(
        P,
        "https://collect.test/e/?v=1",
        Some(r#"{"properties":{"email":"A.B@gmail.com"}}"#),
        true,
    ) else {
        panic!()
    };
    assert_eq!(u, "https://collect.test/e/?v=1");
    assert_eq!(b, format!(r#"{{"properties":{{"email":"{h}"}}}}"#));
    let Verdict::Send(_, Some(b)) = request(
        P,
        "https://collect.test/e/",
        Some(
            r#"{"api_key":"k","batch":[{"properties":{"email":"A.B@gmail.com"}},{"properties":{"note":"+16505551234"}}]}"#,
        ),
        true,
    ) else {
        panic!()
    };
    assert_eq!(
        b,
        format!(
            r#"{{"api_key":"k","batch":[{{"properties":{{"email":"{h}"}}}},{{"properties":{{"note":"[phone]"}}}}]}}"#
        )
    );
    // Amplitude's envelope: {api_key, events: [...]}; rule paths are relative to each event.
    let Verdict::Send(_, Some(b)) = request(
        P,
        "https://collect.test/e/",
        Some(
            r#"{"api_key":"k","events":[{"properties":{"email":"A.B@gmail.com"}}],"options":{"min_id_length":1}}"#,
        ),
        true,
    ) else {
        panic!()
    };
    assert_eq!(
        b,
        format!(
            r#"{{"api_key":"k","events":[{{"properties":{{"email":"{h}"}}}}],"options":{{"min_id_length":1}}}}"#
        )
    );
    // An `events` key that is not an array is an ordinary field of one event.
    let Verdict::Send(_, Some(b)) = request(
        P,
        "https://collect.test/e/",
        Some(r#"{"events":"x","properties":{"email":"A.B@gmail.com"}}"#),
        true,
    ) else {
        panic!()
    };
    assert_eq!(
        b,
        format!(r#"{{"events":"x","properties":{{"email":"{h}"}}}}"#)
    );
    // GA4: the URL query and each line of the body are form-encoded events.
    let Verdict::Send(u, Some(b)) = request(
        P,
        "https://collect.test/g/collect?v=2&tid=G-1&dl=https%3A%2F%2Fshop.test%2F%3Futm_source%3Da%26email%3Dx%2540y.co&uip=203.0.113.9",
        Some("en=page_view&ep.email=A.B%40gmail.com\nen=buy&ep.note=call%20%2B16505551234"),
        true,
    ) else { panic!() };
    assert_eq!(u, "https://collect.test/g/collect?v=2&tid=G-1&dl=https%3A%2F%2Fshop.test%2F%3Futm_source%3Da&uip=%5Bip%5D");
    assert_eq!(
        b,
        format!("en=page_view&ep.email={h}\nen=buy&ep.note=call%20%5Bphone%5D")
    );
    // A form body.
    let Verdict::Send(_, Some(b)) = request(
        P,
        "https://collect.test/e/",
        Some("a=1&mail=jo%40x.io"),
        true,
    ) else {
        panic!()
    };
    assert_eq!(b, "a=1&mail=%5Bemail%5D");
}

#[test]
fn requests_fail_closed() {
    assert_eq!(
        request(P, "https://collect.test/e/", Some("{}"), false),
        Verdict::Block("d".into(), "not granted")
    );
    assert_eq!(
        request(P, "https://collect.test/e/", Some("{not json"), true),
        Verdict::Block("d".into(), "cannot read the body")
    );
    assert_eq!(
        request(
            P,
            "https://collect.test/e/",
            Some("plain text, not a form"),
            true
        ),
        Verdict::Block("d".into(), "cannot read the body")
    );
    assert_eq!(
        request(P, "https://collect.test/e/", Some("a=%zz"), true),
        Verdict::Block("d".into(), "cannot read the body")
    );
    let c = config(P);
    let st = state(true, false);
    let ctx = Ctx {
        config: &c,
        state: &st,
        now: NOW,
    };
    assert_eq!(
        ctx.request("shop.test", "https://collect.test/e/", None, true, &[]),
        Verdict::Block("d".into(), "cannot read the body")
    );
    // An adapter minimized in the page: only consent is checked, the bytes go as they are.
    assert_eq!(
        ctx.request(
            "shop.test",
            "https://collect.test/e/?compression=gzip-js",
            Some("\u{1f}binary"),
            true,
            &[("d".into(), Adapter::Posthog)]
        ),
        Verdict::Send(
            "https://collect.test/e/?compression=gzip-js".into(),
            Some("\u{1f}binary".into())
        )
    );
    let st = state(false, false);
    let ctx = Ctx {
        config: &c,
        state: &st,
        now: NOW,
    };
    assert_eq!(
        ctx.request(
            "shop.test",
            "https://collect.test/e/",
            None,
            true,
            &[("d".into(), Adapter::Posthog)]
        ),
        Verdict::Block("d".into(), "not granted")
    );
}

#[test]
fn an_adapter_is_trusted_only_on_its_clients_event_endpoints() {
    // posthog-js's /flags/ carries the raw person properties ($set email, phone) that before_send
    // never sees: with an adapter it is still minimized on the wire (here: the bare-key email rule),
    // before consent (the denied policy) as after.
    let policy = r#"{"fields":{"email":{"action":"hash","profile":"google.email"}},
        "denied":{"mode":"allow","fields":{"event":"keep"}}}"#;
    let c = config(policy);
    let posthog = [("d".to_string(), Adapter::Posthog)];
    let segment = [("d".to_string(), Adapter::Segment)];
    let body = r#"{"token":"k","person_properties":{"email":"Jane.Doe@example.com"}}"#;
    let digest = sha256_hex(b"jane.doe@example.com");
    for granted in [true, false] {
        let st = state(granted, false);
        let ctx = Ctx {
            config: &c,
            state: &st,
            now: NOW,
        };
        let ask = |url: &str, trusted: &[(String, Adapter)]| {
            ctx.request("shop.test", url, Some(body), false, trusted)
        };
        for url in [
            "https://collect.test/flags/?v=2",
            "https://collect.test/e/flags",
            "https://collect.test/ingest/decide/",
        ] {
            let Verdict::Send(_, Some(b)) = ask(url, &posthog) else {
                panic!("{url}: expected a minimized body");
            };
            assert!(!b.contains("Jane"), "{url} (granted {granted}): {b}");
            assert_eq!(b.contains(&digest), granted, "{url}: {b}");
        }
        // The client's event endpoints, also behind a proxy prefix: sent as the adapter made them.
        for url in [
            "https://collect.test/e/?ip=1",
            "https://collect.test/ingest/e",
            "https://collect.test/ingest/i/v0/e/",
            "https://collect.test/ingest/batch/",
        ] {
            assert_eq!(
                ask(url, &posthog),
                Verdict::Send(url.into(), Some(body.into())),
                "{url}"
            );
            // Another adapter's trust does not cover posthog's endpoints (nor no trust at all).
            assert_ne!(
                ask(url, &segment),
                Verdict::Send(url.into(), Some(body.into()))
            );
            assert_ne!(ask(url, &[]), Verdict::Send(url.into(), Some(body.into())));
        }
        for url in ["https://collect.test/v1/t", "https://collect.test/v1/b"] {
            assert_eq!(
                ask(url, &segment),
                Verdict::Send(url.into(), Some(body.into())),
                "{url}"
            );
        }
        let settings = "https://collect.test/v1/projects/key/settings";
        assert_ne!(
            ask(settings, &segment),
            Verdict::Send(settings.into(), Some(body.into()))
        );
        // Trust for another destination covers nothing here.
        let other = [("plain".to_string(), Adapter::Posthog)];
        assert_ne!(
            ask("https://collect.test/e/", &other),
            Verdict::Send("https://collect.test/e/".into(), Some(body.into()))
        );
    }
    assert_eq!(Adapter::named("posthog"), Some(Adapter::Posthog));
    assert_eq!(Adapter::named("Posthog"), None);
    assert!(!Adapter::Posthog.covers("/de/"));
    assert!(!Adapter::Segment.covers("/"));
}

// ---------------------------------------------------------------------------------------------
// Config validation: each error names the field and the reason.

#[test]
fn invalid_policies_are_named() {
    let err = |policy: &str| {
        let json = format!(
            r#"{{"policyVersion":"1","purposes":[{{"id":"analytics","label":"A"}}],"vendors":[{{"id":"d","name":"D","purposes":["analytics"],"minimize":{policy}}}]}}"#
        );
        let e = Config::from_json(&json).unwrap_err();
        (e.code, e.path, e.reason)
    };
    let (code, path, reason) = err(r#"{"fields":{"a":"shred"}}"#);
    assert_eq!(
        (code, path.as_str()),
        ("config.invalid_value", r#"vendors[0].minimize.fields["a"]"#)
    );
    assert!(reason.contains("unknown action \"shred\""), "{reason}");
    let (code, path, _) = err(r#"{"fields":{"a":{"action":"hash","profile":"tiktok.email"}}}"#);
    assert_eq!(
        (code, path.as_str()),
        (
            "config.invalid_value",
            r#"vendors[0].minimize.fields["a"].profile"#
        )
    );
    let (code, path, _) = err(r#"{"fields":{"a":{"action":"keep","when":"marketing"}}}"#);
    assert_eq!(
        (code, path.as_str()),
        (
            "config.unknown_purpose",
            r#"vendors[0].minimize.fields["a"].when"#
        )
    );
    let (code, path, _) =
        err(r#"{"fields":{"u":{"action":"url","keep":[{"name":"gclid","when":["marketing"]}]}}}"#);
    assert_eq!(
        (code, path.as_str()),
        (
            "config.unknown_purpose",
            r#"vendors[0].minimize.fields["u"].keep[0].when[0]"#
        )
    );
    let (code, path, _) = err(r#"{"fields":{"a":"hmac"}}"#);
    assert_eq!((code, path.as_str()), ("config.missing_field", "hashKey"));
    let (code, path, _) = err(r#"{"detect":["email","dna"]}"#);
    assert_eq!(
        (code, path.as_str()),
        ("config.invalid_value", "vendors[0].minimize.detect[1]")
    );
    let (code, path, _) = err(r#"{"fields":{"a":{"action":"truncate","digits":3}}}"#);
    assert_eq!(
        (code, path.as_str()),
        (
            "config.unknown_field",
            r#"vendors[0].minimize.fields["a"].digits"#
        )
    );
    let (code, path, _) = err(r#"{"fields":{"a..b":"drop"}}"#);
    assert_eq!(
        (code, path.as_str()),
        (
            "config.invalid_value",
            r#"vendors[0].minimize.fields["a..b"]"#
        )
    );
    let (code, path, _) = err(r#"{"denied":"keep"}"#);
    assert_eq!(
        (code, path.as_str()),
        ("config.invalid_type", "vendors[0].minimize.denied")
    );
    let (code, path, _) = err(r#"{"mode":"maybe"}"#);
    assert_eq!(
        (code, path.as_str()),
        ("config.invalid_value", "vendors[0].minimize.mode")
    );
    let short = Config::from_json(
        r#"{"policyVersion":"1","hashKey":"short","purposes":[{"id":"a","label":"A"}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        (short.code, short.path.as_str()),
        ("config.invalid_value", "hashKey")
    );
    let path = Config::from_json(
        r#"{"policyVersion":"1","purposes":[{"id":"a","label":"A"}],"vendors":[{"id":"d","name":"D","purposes":["a"],"paths":["e/*"]}]}"#,
    )
    .unwrap_err();
    assert_eq!(path.path, "vendors[0].paths[0]");
}
