//! The JSON reader/writer (properties and edge cases) and the small helpers: text resolution,
//! the gating decision, cookie-name patterns and SHA-256.
use consent_sieve::core::consent::Choice;
use consent_sieve::core::gate;
use consent_sieve::core::hash::sha256_hex;
use consent_sieve::core::json::{Json, Writer};
use consent_sieve::core::pattern;
use consent_sieve::core::policy::texts::Key;
use consent_sieve::core::{Config, Machine, Source};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// JSON: properties
// ---------------------------------------------------------------------------------------------

/// Writes a tree with the `Writer` (no `Num`: the writer only has unsigned integers).
fn write(w: &mut Writer, v: &Json) {
    match v {
        Json::Null => {
            w.null();
        }
        Json::Bool(b) => {
            w.bool(*b);
        }
        Json::Int(n) => {
            w.int(u64::try_from(*n).expect("non-negative"));
        }
        Json::Num(_) => unreachable!("not generated"),
        Json::Str(s) => {
            w.str(s);
        }
        Json::Arr(items) => {
            w.arr();
            for item in items {
                write(w, item);
            }
            w.end_arr();
        }
        Json::Obj(fields) => {
            w.obj();
            for (k, v) in fields {
                w.key(k);
                write(w, v);
            }
            w.end_obj();
        }
    }
}

fn json_tree() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        (0..=i64::MAX).prop_map(Json::Int),
        any::<String>().prop_map(Json::Str),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Json::Arr),
            proptest::collection::vec((any::<String>(), inner), 0..6).prop_map(|fields| {
                // Duplicate keys are (rightly) a parse error, so generate distinct ones.
                let mut seen = Vec::new();
                Json::Obj(
                    fields
                        .into_iter()
                        .filter(|(k, _)| {
                            let fresh = !seen.contains(k);
                            seen.push(k.clone());
                            fresh
                        })
                        .collect(),
                )
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_string_written_with_writer_str_parses_back_equal(s in any::<String>()) {
        let mut w = Writer::new();
        w.str(&s);
        let text = w.finish();
        prop_assert_eq!(Json::parse(&text), Ok(Json::Str(s.clone())), "{}", text);
    }

    #[test]
    fn written_strings_are_safe_inside_a_script_block(s in any::<String>()) {
        let mut w = Writer::new();
        w.str(&s);
        let text = w.finish();
        prop_assert!(!text.contains('<'), "{}", text);
        let separators = text.contains('\u{2028}') || text.contains('\u{2029}');
        prop_assert!(!separators, "raw line/paragraph separator");
        prop_assert!(!text.chars().any(|c| (c as u32) < 0x20), "raw control character");
    }

    #[test]
    fn any_string_used_as_a_key_parses_back_equal(k in any::<String>(), n in any::<u32>()) {
        let mut w = Writer::new();
        w.obj().key(&k).int(u64::from(n)).end_obj();
        prop_assert_eq!(
            Json::parse(&w.finish()),
            Ok(Json::Obj(vec![(k.clone(), Json::Int(i64::from(n)))]))
        );
    }

    #[test]
    fn any_tree_written_with_writer_parses_back_equal(v in json_tree()) {
        let mut w = Writer::new();
        write(&mut w, &v);
        let text = w.finish();
        prop_assert_eq!(Json::parse(&text), Ok(v), "{}", text);
    }

    #[test]
    fn parse_never_panics_on_arbitrary_input(s in any::<String>()) {
        let _ = Json::parse(&s);
    }

    #[test]
    fn parse_never_panics_on_json_like_input(s in r#"[\[\]{}":,0-9eE.+\-tfrunlas\\/ ]{0,200}"#) {
        let _ = Json::parse(&s);
    }

    #[test]
    fn parse_never_panics_on_truncated_or_extended_valid_json(v in json_tree(), cut in any::<prop::sample::Index>(), tail in ".{0,4}") {
        let mut w = Writer::new();
        write(&mut w, &v);
        let text = w.finish();
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let _ = Json::parse(&text[..at]);
        let _ = Json::parse(&format!("{text}{tail}"));
    }

    #[test]
    fn any_u64_written_parses_back_as_a_number(n in any::<u64>()) {
        let mut w = Writer::new();
        w.int(n);
        let parsed = Json::parse(&w.finish()).unwrap();
        match i64::try_from(n) {
            Ok(i) => prop_assert_eq!(parsed, Json::Int(i)),
            Err(_) => prop_assert_eq!(parsed, Json::Num(n.to_string())),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON: edge cases
// ---------------------------------------------------------------------------------------------

#[test]
fn writer_places_commas_and_colons() {
    let mut w = Writer::new();
    w.obj().key("a").arr().int(1).bool(false).null().end_arr();
    w.key("b")
        .obj()
        .end_obj()
        .key("c")
        .opt_str(None)
        .key("d")
        .opt_int(Some(7));
    w.end_obj();
    assert_eq!(w.finish(), r#"{"a":[1,false,null],"b":{},"c":null,"d":7}"#);
}

#[test]
fn integers_fit_i64_and_everything_else_is_kept_as_text() {
    let cases = [
        ("0", Json::Int(0)),
        ("-0", Json::Int(0)),
        ("9223372036854775807", Json::Int(i64::MAX)),
        ("-9223372036854775808", Json::Int(i64::MIN)),
        (
            "9223372036854775808",
            Json::Num("9223372036854775808".into()),
        ),
        ("1.5", Json::Num("1.5".into())),
        ("1e3", Json::Num("1e3".into())),
        ("-2.5E-3", Json::Num("-2.5E-3".into())),
    ];
    for (text, want) in cases {
        assert_eq!(Json::parse(text), Ok(want), "{text}");
    }
}

#[test]
fn escapes_decode() {
    assert_eq!(
        Json::parse(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\u20ac\ud83d\ude00""#),
        Ok(Json::Str("a\"b\\c/d\u{8}\u{c}\n\r\té€😀".into()))
    );
    assert_eq!(Json::parse(" \t\r\n[ ] \n"), Ok(Json::Arr(vec![])));
}

#[test]
fn malformed_json_is_rejected() {
    for bad in [
        "",
        " ",
        "01",
        "1.",
        ".5",
        "+1",
        "--1",
        "1e",
        "NaN",
        "Infinity",
        "'a'",
        "[1,]",
        "[,1]",
        "{\"a\"}",
        "{\"a\":1,}",
        "{a:1}",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"tab\there\"",
        "\"unterminated",
        "nul",
        "True",
        "[1] [2]",
        "{\"a\":1,\"a\":1}",
    ] {
        assert!(Json::parse(bad).is_err(), "{bad:?} should be rejected");
    }
}

#[test]
fn duplicate_keys_are_rejected_at_any_depth() {
    let e = Json::parse(r#"{"a":{"b":1,"b":2}}"#).unwrap_err();
    assert_eq!(e.offset, 12, "offset of the second key");
    assert!(
        Json::parse(r#"[{"x":1},{"x":1}]"#).is_ok(),
        "same key in sibling objects is fine"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let ok = "[".repeat(32) + &"]".repeat(32);
    assert!(Json::parse(&ok).is_ok());
    for n in [1_000, 100_000] {
        assert!(Json::parse(&"[".repeat(n)).is_err());
        assert!(Json::parse(&(r#"{"a":"#.repeat(n) + "1" + &"}".repeat(n))).is_err());
    }
}

#[test]
fn json_get_reads_object_fields_only() {
    let v = Json::parse(r#"{"a":1,"b":null}"#).unwrap();
    assert_eq!(v.get("a"), Some(&Json::Int(1)));
    assert_eq!(v.get("b"), Some(&Json::Null));
    assert_eq!(v.get("c"), None);
    assert_eq!(Json::parse(r#"["a"]"#).unwrap().get("a"), None);
}

// ---------------------------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------------------------

/// The package's bundled language files as `"texts"`, as the facade merges them into the config.
fn bundled_texts() -> String {
    let file = |l: &str| {
        std::fs::read_to_string(format!("{}/js/lang/{l}.json", env!("CARGO_MANIFEST_DIR")))
            .expect("bundled language file")
    };
    format!(r#","texts":{{"de":{},"fr":{}}}"#, file("de"), file("fr"))
}

fn config(extra: &str) -> Config {
    let texts = if extra.contains("\"texts\"") {
        String::new()
    } else {
        bundled_texts()
    };
    Config::from_json(&format!(
        r#"{{"policyVersion":"1"{extra}{texts},"purposes":[{{"id":"analytics","label":{{"en":"Analytics","de":"Statistik"}}}}]}}"#
    ))
    .expect("test config is valid")
}

fn langs(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn browser_languages_pick_the_first_available_one() {
    let c = config("");
    let en = Config::resolve_texts(&c, &langs(&["en"]));
    let de = Config::resolve_texts(&c, &langs(&["de-DE", "en"]));
    assert_eq!(de.lang, "de");
    assert_eq!(de.dir, "ltr");
    assert_ne!(
        de.get(Key::AcceptAll),
        en.get(Key::AcceptAll),
        "German texts, not English"
    );
    assert_eq!(
        Config::resolve_texts(&c, &langs(&["xx", "fr-CA", "de"])).lang,
        "fr"
    );
    assert_eq!(
        Config::resolve_texts(&c, &langs(&["DE-at"])).lang,
        "de",
        "case-insensitive"
    );
    assert_eq!(
        Config::resolve_texts(&c, &langs(&["en-US", "de"])).lang,
        "en"
    );
}

#[test]
fn unavailable_or_no_browser_language_falls_back_to_english() {
    let c = config("");
    let en = Config::resolve_texts(&c, &langs(&["en"]));
    for browser in [langs(&["xx"]), langs(&[]), langs(&["", "*", "not a tag"])] {
        let t = Config::resolve_texts(&c, &browser);
        assert_eq!(t.lang, "en", "{browser:?}");
        assert_eq!(t, en);
    }
}

#[test]
fn forced_language_wins_over_the_browser() {
    let t = Config::resolve_texts(&config(r#","language":"fr""#), &langs(&["de-DE", "en"]));
    assert_eq!(t.lang, "fr");
    let auto = Config::resolve_texts(&config(r#","language":"auto""#), &langs(&["de-DE"]));
    assert_eq!(auto.lang, "de", "auto follows the browser");
    let regional = Config::resolve_texts(&config(r#","language":"de-AT""#), &langs(&["fr"]));
    assert_eq!(regional.lang, "de");
}

#[test]
fn per_key_overrides_apply_only_to_their_language() {
    // What the facade hands the core: the bundled German file with the site's key on top.
    let de_file =
        std::fs::read_to_string(format!("{}/js/lang/de.json", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .replace(
                r#""acceptAll": "Alle akzeptieren""#,
                r#""acceptAll": "Passt schon""#,
            );
    let c = config(&format!(
        r#","texts":{{"de":{de_file},"en":{{"save":"Keep"}}}}"#
    ));
    let plain = config("");
    let de = Config::resolve_texts(&c, &langs(&["de"]));
    let de_plain = Config::resolve_texts(&plain, &langs(&["de"]));
    assert_eq!(de.get(Key::AcceptAll), "Passt schon");
    assert_eq!(
        de.get(Key::RejectAll),
        de_plain.get(Key::RejectAll),
        "other keys stay built in"
    );
    assert_eq!(
        de.get(Key::Save),
        de_plain.get(Key::Save),
        "the en override is not used for de"
    );
    let en = Config::resolve_texts(&c, &langs(&["en"]));
    let en_plain = Config::resolve_texts(&plain, &langs(&["en"]));
    assert_eq!(en.get(Key::Save), "Keep");
    assert_eq!(en.get(Key::AcceptAll), en_plain.get(Key::AcceptAll));
}

#[test]
fn a_language_given_only_in_texts_is_available_with_english_for_the_rest() {
    let c = config(r#","texts":{"es":{"acceptAll":"Aceptar todo"}}"#);
    let es = Config::resolve_texts(&c, &langs(&["es-MX", "en"]));
    let en = Config::resolve_texts(&config(""), &langs(&["en"]));
    assert_eq!(es.lang, "es");
    assert_eq!(es.get(Key::AcceptAll), "Aceptar todo");
    assert_eq!(es.get(Key::BannerTitle), en.get(Key::BannerTitle));
}

#[test]
fn right_to_left_languages_get_dir_rtl() {
    let ar_config = config(r#","language":"ar","texts":{"ar":{"acceptAll":"قبول الكل"}}"#);
    let ar = Config::resolve_texts(&ar_config, &langs(&["en"]));
    assert_eq!((ar.lang.as_str(), ar.dir), ("ar", "rtl"));
    assert_eq!(ar.get(Key::AcceptAll), "قبول الكل");
    let ar_browser = Config::resolve_texts(
        &config(r#","texts":{"ar":{"acceptAll":"قبول الكل"}}"#),
        &langs(&["ar-EG", "en"]),
    );
    assert_eq!((ar_browser.lang.as_str(), ar_browser.dir), ("ar", "rtl"));
    let he = Config::resolve_texts(
        &config(r#","texts":{"he":{"save":"שמור"}}"#),
        &langs(&["he-IL"]),
    );
    assert_eq!((he.lang.as_str(), he.dir), ("he", "rtl"));
    assert_eq!(he.get(Key::Save), "שמור");
    assert_eq!(
        Config::resolve_texts(&config(""), &langs(&["de"])).dir,
        "ltr"
    );
}

#[test]

fn labels_keyed_by_a_regional_tag_are_used_for_that_language() {
    let c = Config::from_json(&format!(
        r#"{{"policyVersion":"1"{},"purposes":[{{"id":"analytics","label":{{"en":"Analytics","de-DE":"Statistik"}}}}]}}"#,
        bundled_texts()
    ))
    .expect("a regional label key is accepted by validation");
    let t = Config::resolve_texts(&c, &langs(&["de-DE"]));
    assert_eq!(t.lang, "de");
    assert_eq!(c.purposes[0].label.get(&t.lang), "Statistik");
}

// ---------------------------------------------------------------------------------------------
// Gating
// ---------------------------------------------------------------------------------------------

#[test]
fn gate_allows_only_when_every_named_purpose_is_granted() {
    let c = Config::from_json(
        r#"{"policyVersion":"1","purposes":[
            {"id":"necessary","required":true,"label":"N"},
            {"id":"analytics","label":"A"},{"id":"marketing","label":"M"}]}"#,
    )
    .unwrap();
    let mut m = Machine::new(c.clone());
    let ok =
        |attr: &str, s: &consent_sieve::core::ConsentState| gate::allowed(&c, s, Some(attr), None);
    let undecided = m.state();
    assert!(ok("necessary", &undecided));
    assert!(!ok("analytics", &undecided));
    m.save(
        &Choice::from_json(r#"{"purposes":{"analytics":true}}"#).unwrap(),
        Source::Banner,
        1,
        [0; 16],
    )
    .unwrap();
    let s = m.state();
    assert!(ok("analytics", &s));
    assert!(ok("analytics necessary", &s));
    assert!(
        ok("  analytics\tnecessary\n", &s),
        "any ASCII whitespace separates"
    );
    assert!(!ok("analytics marketing", &s));
    assert!(!ok("marketing analytics", &s));
    assert!(!ok("marketing", &s));
    assert!(!ok("", &s), "empty fails closed");
    assert!(!ok("   ", &s), "blank fails closed");
    assert!(!ok("statistics", &s), "unknown fails closed");
    assert!(!ok("analytics statistics", &s));
    assert!(!ok("Analytics", &s), "ids are case-sensitive");
    assert!(!ok("analytics,necessary", &s), "commas do not separate");
}

#[test]
fn gate_with_a_vendor_needs_that_vendor_and_covers_its_own_purposes() {
    let c = Config::from_json(
        r#"{"policyVersion":"1","purposes":[
            {"id":"necessary","required":true,"label":"N"},
            {"id":"analytics","label":"A"},{"id":"marketing","label":"M"}],
          "vendors":[{"id":"video","name":"V","purposes":["marketing"]},
                     {"id":"ads","name":"Ads","purposes":["marketing"]}]}"#,
    )
    .unwrap();
    let mut m = Machine::new(c.clone());
    let ok = |p: Option<&str>, v: &str, s: &consent_sieve::core::ConsentState| {
        gate::allowed(&c, s, p, Some(v))
    };
    assert!(
        !ok(Some("marketing"), "video", &m.state()),
        "nothing before consent"
    );
    assert!(!ok(None, "video", &m.state()));
    // "Always allow video": the vendor, not the purpose.
    m.save(
        &Choice::from_json(r#"{"vendors":{"video":true}}"#).unwrap(),
        Source::Banner,
        1,
        [0; 16],
    )
    .unwrap();
    let s = m.state();
    assert!(
        ok(Some("marketing"), "video", &s),
        "its own purpose is covered by the vendor grant"
    );
    assert!(ok(None, "video", &s));
    assert!(
        !ok(Some("analytics"), "video", &s),
        "another purpose still needs its own grant"
    );
    assert!(
        !ok(Some("marketing"), "ads", &s),
        "other vendors of the purpose stay held"
    );
    assert!(
        !gate::allowed(&c, &s, Some("marketing"), None),
        "purpose-only tags stay held"
    );
    assert!(!ok(None, "nobody", &s), "an unknown vendor fails closed");
    // Granting the purpose while refusing one vendor.
    m.save(
        &Choice::from_json(r#"{"purposes":{"marketing":true},"vendors":{"ads":false}}"#).unwrap(),
        Source::Banner,
        2,
        [0; 16],
    )
    .unwrap();
    let s = m.state();
    assert!(gate::allowed(&c, &s, Some("marketing"), None));
    assert!(
        !ok(Some("marketing"), "ads", &s),
        "a refused vendor stays held"
    );
    assert!(ok(Some("marketing"), "video", &s));
}

// ---------------------------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------------------------

#[test]
fn pattern_edge_cases() {
    let cases = [
        ("", "", true),
        ("", "a", false),
        ("a", "", false),
        ("*", "", true),
        ("*", "anything at all", true),
        ("**", "", true),
        ("a*", "a", true),
        ("*a", "a", true),
        ("*a", "ba", true),
        ("*a", "ab", false),
        ("a*b", "ab", true),
        ("a*b", "aXbYb", true),
        ("a*b", "aXbY", false),
        ("*ab", "aab", true),
        ("*aab", "aaab", true),
        ("a*a", "a", false),
        ("x*y*z", "xyz", true),
        ("x*y*z", "xzy", false),
        ("_ga_*", "_ga_", true),
        ("_ga_*", "_ga", false),
        ("_ga", "_ga_X", false),
        ("_GA", "_ga", false),
        ("é*", "éclair", true),
    ];
    for (p, n, want) in cases {
        assert_eq!(pattern::matches(p, n), want, "matches({p:?}, {n:?})");
    }
}

#[test]
fn pattern_matching_is_fast_on_hostile_input() {
    let name = "a".repeat(20_000);
    let hostile = "*a".repeat(30) + "b";
    let started = std::time::Instant::now();
    assert!(!pattern::matches(&hostile, &name));
    assert!(pattern::matches(&("*a".repeat(30) + "*"), &name));
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
}

/// Obvious exponential reference matcher, for tiny inputs.
fn naive(p: &[u8], n: &[u8]) -> bool {
    match (p.first(), n.first()) {
        (None, _) => n.is_empty(),
        (Some(b'*'), _) => naive(&p[1..], n) || (!n.is_empty() && naive(p, &n[1..])),
        (Some(c), Some(d)) => c == d && naive(&p[1..], &n[1..]),
        (Some(_), None) => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn pattern_agrees_with_a_reference_matcher(p in "[ab*]{0,8}", n in "[ab]{0,10}") {
        prop_assert_eq!(pattern::matches(&p, &n), naive(p.as_bytes(), n.as_bytes()));
    }

    #[test]
    fn a_name_matches_itself_and_star_matches_everything(n in "[^*]{0,30}") {
        prop_assert!(pattern::matches(&n, &n));
        prop_assert!(pattern::matches("*", &n));
        let prefix: String = n.chars().take(3).collect();
        let prefix_star = format!("{prefix}*");
        prop_assert!(pattern::matches(&prefix_star, &n));
    }
}

// ---------------------------------------------------------------------------------------------
// SHA-256 (FIPS 180-2 / NIST CAVP example vectors)
// ---------------------------------------------------------------------------------------------

#[test]
fn sha256_matches_nist_vectors() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        sha256_hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        sha256_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    );
    assert_eq!(
        sha256_hex(&vec![b'a'; 1_000_000]),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    );
}
