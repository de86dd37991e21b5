//! The shared cases of tests/fixtures/languages.json through core::policy::texts::resolve (js's
//! twin, js/choose-language.js, is checked against the same file by tests/e2e/early-twins.test.mjs).
mod common;
use common::{fixture_cases, strings};
use consent_sieve::core::json::Json;
use consent_sieve::core::lang::BUNDLED;
use consent_sieve::core::map::Map;
use consent_sieve::core::policy::texts;

#[test]
fn the_language_shown_matches_the_shared_fixture() {
    let cases = fixture_cases("languages.json");
    assert!(cases.len() >= 10);
    for case in &cases {
        let name = case.get("name").unwrap().to_text();
        // The site's own texts, and every bundled language as the facade would have merged it.
        let mut overrides: texts::Overrides = Map::new();
        for key in strings(case.get("own"))
            .into_iter()
            .chain(BUNDLED[1..].iter().map(|s| s.to_string()))
        {
            let mut t = Map::new();
            t.insert("acceptAll".to_string(), key.clone());
            overrides.insert(key, t);
        }
        let language = match case.get("language") {
            Some(Json::Str(s)) => Some(s.as_str()),
            _ => None,
        };
        let shown = texts::resolve(language, &overrides, false, &strings(case.get("browser")));
        assert_eq!(
            Json::Str(shown.lang.clone()),
            *case.get("shown").unwrap(),
            "{name}"
        );
    }
}
