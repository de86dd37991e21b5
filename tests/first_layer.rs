//! The shared cases of tests/fixtures/first-layer.json through the core: the first layer it shows to a
//! visitor with no record (js/early.js paints the same before the wasm arrives; its `view` is checked
//! against the same file by tests/e2e/early-twins.test.mjs, and the painted markup against the core's
//! by tests/e2e/first-layer.test.mjs). Where the fixture says early.js leaves it to the core, the
//! reason it gives must hold here.
mod common;
use common::{fixture_cases, strings};
use consent_sieve::core::json::Json;
use consent_sieve::core::lang::{primary, BUNDLED};
use consent_sieve::core::map::Map;
use consent_sieve::core::policy::texts::Key;
use consent_sieve::core::{Config, Machine};

fn text<'a>(v: &'a Json, key: &str) -> Option<&'a str> {
    match v.get(key) {
        Some(Json::Str(s)) => Some(s),
        _ => None,
    }
}

#[test]
fn the_first_layer_matches_the_shared_fixture() {
    let cases = fixture_cases("first-layer.json");
    assert!(cases.len() >= 30);
    let mut painted = 0;
    for case in &cases {
        let name = case.get("name").unwrap().to_text();
        let browser = strings(case.get("browser"));
        let gpc = matches!(case.get("gpc"), Some(Json::Bool(true)));
        let merged = matches!(case.get("merged"), Some(Json::Bool(true)));
        let config = Config::from_json(&case.get("config").unwrap().to_text());
        let view = case.get("view").filter(|v| !matches!(v, Json::Null));
        let why = text(case, "why");
        if why == Some("refused") {
            assert!(config.is_err(), "{name}: the core refuses it");
            assert!(view.is_none(), "{name}");
            continue;
        }
        let mut config = config.unwrap_or_else(|e| panic!("{name}: {e:?}"));
        config.apply_mode_hint(text(case, "hint"));
        let texts = config.resolve_texts(&browser);
        // What the facade would show once it merged the bundled language chosen (every one, here).
        let mut all = config.clone();
        for code in &BUNDLED[1..] {
            if !all.texts.keys().any(|k| primary(k) == *code) {
                all.texts.insert(code.to_string(), Map::new());
            }
        }
        let after_merge = all.resolve_texts(&browser).lang;
        let blocking = config.ui.blocking();
        let iab = config.tcf.is_some() || config.gpp.is_some();
        let keys = config
            .texts
            .keys()
            .filter(|k| primary(k) == texts.lang)
            .count();
        let ui = config.ui.clone();
        let url = config.privacy_policy_url.clone();
        let mut machine = Machine::new(config);
        machine.set_gpc(gpc);
        let prompts = machine.needs_prompt();
        match (view, why) {
            (Some(v), None) => {
                painted += 1;
                assert!(
                    prompts && !blocking && !iab,
                    "{name}: the core shows its banner"
                );
                assert_eq!(text(v, "layout"), Some(ui.layout.as_str()), "{name}");
                assert_eq!(text(v, "theme"), Some(ui.theme.as_str()), "{name}");
                assert_eq!(text(v, "href"), url.as_deref(), "{name}");
                assert_eq!(text(v, "lang"), Some(texts.lang.as_str()), "{name}");
                if !merged {
                    assert_eq!(after_merge, texts.lang, "{name}: no merge changes it");
                }
                assert_eq!(text(v, "dir"), Some(texts.dir), "{name}");
                let t = v.get("texts").unwrap();
                for (key, k) in [
                    ("bannerTitle", Key::BannerTitle),
                    ("bannerText", Key::BannerText),
                    ("acceptAll", Key::AcceptAll),
                    ("rejectAll", Key::RejectAll),
                    ("preferences", Key::Preferences),
                    ("privacyPolicy", Key::PrivacyPolicy),
                ] {
                    assert_eq!(text(t, key), Some(texts.get(k)), "{name}: {key}");
                }
            }
            (None, Some("blocking")) => assert!(blocking, "{name}"),
            (None, Some("iab")) => assert!(iab, "{name}"),
            (None, Some("gpc")) => assert!(!prompts, "{name}: GPC is the answer"),
            // Before the facade merged a bundled language, the core would show that language.
            (None, Some("unmerged")) => {
                assert!(
                    !merged && BUNDLED[1..].contains(&after_merge.as_str()),
                    "{name}: {after_merge}"
                );
            }
            (None, Some("ambiguous")) => assert!(keys > 1, "{name}"),
            other => panic!("{name}: a view or a reason, not {other:?}"),
        }
    }
    assert!(painted >= 15);
}
