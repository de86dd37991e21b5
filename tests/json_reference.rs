//! The core's JSON reader and writer against a reference parser, serde_json (a dev-dependency: it
//! costs the wasm nothing). Generated documents (integers, floats, strings with escapes and any
//! Unicode, nesting) parse to the same value in both; what the core writes, serde_json reads back
//! unchanged; and on damaged text (cut short, a byte changed) both accept or both refuse. (serde_json
//! with `float_roundtrip`: its default float parsing can be one unit off in the last place.)
use consent_sieve::core::json::Json;
use proptest::prelude::*;
use serde_json::Value;

/// The core's value as serde_json's: integers exactly, other numbers by their float value.
fn to_value(j: &Json) -> Value {
    match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Int(n) => Value::from(*n),
        Json::Num(t) => {
            let f: f64 = t.parse().expect("the reader keeps only number text");
            serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
        }
        Json::Str(s) => Value::String(s.clone()),
        Json::Arr(items) => Value::Array(items.iter().map(to_value).collect()),
        Json::Obj(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), to_value(v)))
                .collect(),
        ),
    }
}

/// serde_json's value with every number as the core reads it: an integer that fits in i64 stays one,
/// anything else is compared as a float.
fn normalize(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.as_i64().is_some() => v.clone(),
        Value::Number(n) => {
            serde_json::Number::from_f64(n.as_f64().unwrap()).map_or(Value::Null, Value::Number)
        }
        Value::Array(a) => Value::Array(a.iter().map(normalize).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        other => other.clone(),
    }
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 _.-]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(16).collect()),
        Just("\"\\/\u{0}\u{1f}\u{7f}\u{2028}é😀".to_string()),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1.0e12f64..1.0e12).prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn what_serde_json_writes_the_core_reads_to_the_same_value(v in value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }.unwrap();
        let ours = Json::parse(&text).map_err(|e| TestCaseError::fail(format!("{e:?} on {text}")))?;
        prop_assert_eq!(to_value(&ours), normalize(&v));
    }

    #[test]
    fn what_the_core_writes_serde_json_reads_back_unchanged(v in value()) {
        let ours = Json::parse(&serde_json::to_string(&v).unwrap()).unwrap();
        let written = ours.to_text();
        let back: Value = serde_json::from_str(&written).map_err(|e| TestCaseError::fail(format!("{e} on {written}")))?;
        prop_assert_eq!(normalize(&back), to_value(&ours));
    }

    #[test]
    fn on_damaged_text_both_accept_or_both_refuse(v in value(), cut in any::<prop::sample::Index>(), byte in any::<u8>(), mode in 0u8..3) {
        let mut bytes = serde_json::to_string(&v).unwrap().into_bytes();
        let at = cut.index(bytes.len() + 1);
        match mode {
            0 => bytes.truncate(at),
            1 => bytes.insert(at, byte),
            _ => if at < bytes.len() { bytes[at] = byte },
        }
        // The core reads &str: text that is not UTF-8 never reaches it.
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        let reference = serde_json::from_str::<Value>(&text);
        let ours = Json::parse(&text);
        // serde_json keeps the last of duplicate keys; the core refuses them (documented).
        if let (Err(e), Ok(_)) = (&ours, &reference) {
            prop_assume!(e.reason != "duplicate key");
        }
        // A number too big for a float (9E999): valid JSON the core keeps as its text (a reader then
        // says "must be a whole number"); serde_json refuses it.
        if let (Ok(_), Err(e)) = (&ours, &reference) {
            prop_assume!(!e.to_string().starts_with("number out of range"));
        }
        prop_assert_eq!(ours.is_ok(), reference.is_ok(), "core {:?} vs serde_json {:?} on {:?}", ours.as_ref().err(), reference.as_ref().err(), text);
    }
}

#[test]
fn known_differences_are_the_documented_ones() {
    // Duplicate keys: refused, not silently overwritten.
    assert!(serde_json::from_str::<Value>(r#"{"a":1,"a":2}"#).is_ok());
    assert!(Json::parse(r#"{"a":1,"a":2}"#).is_err());
    // Deeper than 64 levels: past the core's limit, flagged as such.
    let deep = "[".repeat(100) + &"]".repeat(100);
    assert!(serde_json::from_str::<Value>(&deep).is_ok());
    // A number past a float's range is kept as text.
    assert_eq!(Json::parse("9E999").unwrap(), Json::Num("9E999".into()));
    assert!(serde_json::from_str::<Value>("9E999").is_err());
    assert!(Json::parse(&deep).unwrap_err().limit);
}
