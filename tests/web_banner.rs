//! Browser tests: the banner and the preferences dialog rendered from Rust.
#![cfg(target_arch = "wasm32")]

mod web;

use consent_sieve::web::ConsentManager;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn first_visit_shows_a_banner_with_three_equal_choices() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    assert!(visible("[data-consent-sieve='banner']"));
    assert!(!visible("[data-consent-sieve='preferences']"));
    let labels = js_string(
        "[...document.querySelectorAll('[data-consent-sieve=banner] button')].map(b => b.dataset.action + ':' + b.textContent + ':' + b.className).join('|')",
    );
    assert_eq!(
        labels,
        "accept-all:Accept all:cs-btn|reject-all:Reject all:cs-btn|preferences:Preferences:cs-btn"
    );
    assert!(
        js_bool("document.body.firstElementChild.dataset.consentSieve === 'banner'"),
        "first in tab order"
    );
    assert_eq!(
        js_string("document.querySelector('[data-consent-sieve=banner]').getAttribute('role')"),
        "dialog"
    );
    assert!(js_bool("document.getElementById(document.querySelector('[data-consent-sieve=banner]').getAttribute('aria-labelledby')).textContent.length > 0"));
}

#[wasm_bindgen_test]
fn config_text_is_rendered_as_text_never_as_markup() {
    fresh();
    let hostile = CONFIG.replace(
        "\"label\": \"Marketing\"",
        "\"label\": \"<img src=x onerror=window.__pwned=1>Marketing\"",
    );
    let m = manager(&hostile);
    m.start().unwrap();
    m.release();
    m.show_preferences().unwrap();
    assert!(js_bool(
        "document.querySelector('[data-consent-sieve=preferences] img') === null"
    ));
    assert!(js_bool(
        "document.querySelector('label[for=cs-p-marketing]').textContent.startsWith('<img')"
    ));
    assert!(js_bool("window.__pwned === undefined"));
}

#[wasm_bindgen_test]
fn the_dialog_has_one_switch_per_purpose_and_required_is_locked() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    click("[data-consent-sieve='banner'] [data-action='preferences']");
    assert!(visible("[data-consent-sieve='preferences']"));
    assert!(js_bool(
        "document.documentElement.classList.contains('cs-lock')"
    ));
    let dialog = "document.querySelector('[data-consent-sieve=preferences] [role=dialog]')";
    assert_eq!(
        js_string(&format!("{dialog}.getAttribute('aria-modal')")),
        "true"
    );
    let necessary = "document.querySelector('input[data-purpose=necessary]')";
    assert!(js_bool(&format!(
        "{necessary}.checked && {necessary}.disabled"
    )));
    assert!(
        js_bool("!document.querySelector('input[data-purpose=analytics]').checked"),
        "nothing pre-ticked"
    );
    assert!(
        js_bool("!document.querySelector('input[data-purpose=marketing]').checked"),
        "nothing pre-ticked"
    );
    assert_eq!(
        js_string("document.activeElement.dataset.purpose || ''"),
        "analytics",
        "focus moves into the dialog"
    );
    // Vendors are listed under their purpose.
    assert!(js_bool("document.querySelector('input[data-purpose=analytics]').closest('li').textContent.includes('Stats Co')"));
    // Save with only analytics.
    click("input[data-purpose='analytics']");
    click("[data-consent-sieve='preferences'] [data-action='save']");
    assert!(m.granted("analytics"));
    assert!(!m.granted("marketing"));
    assert!(!visible("[data-consent-sieve='preferences']"));
    assert!(!visible("[data-consent-sieve='banner']"));
    let s = state(&m);
    assert_eq!(get(&s, "source").as_string().as_deref(), Some("banner"));
    assert_eq!(get(&s, "vendors.stats").as_bool(), Some(true));
    assert_eq!(get(&s, "vendors.ads").as_bool(), Some(false));
    assert_eq!(js_f64("window.__changes.length"), 1.0, "one change event");
}

#[wasm_bindgen_test]
fn escape_closes_the_dialog_without_granting_and_returns_focus() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    js("document.querySelector('[data-consent-sieve=banner] [data-action=preferences]').focus(); true");
    click("[data-consent-sieve='banner'] [data-action='preferences']");
    click("input[data-purpose='marketing']");
    js("document.querySelector('[data-consent-sieve=preferences]').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})); true");
    assert!(!visible("[data-consent-sieve='preferences']"));
    assert!(!m.granted("marketing"), "Escape grants nothing");
    assert_eq!(get(&state(&m), "decided").as_bool(), Some(false));
    assert!(
        visible("[data-consent-sieve='banner']"),
        "the banner still asks"
    );
    assert_eq!(
        js_string("document.activeElement.dataset.action || ''"),
        "preferences",
        "focus returns"
    );
    assert!(js_bool(
        "!document.documentElement.classList.contains('cs-lock')"
    ));
}

#[wasm_bindgen_test]
fn tab_is_trapped_inside_the_open_dialog() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    m.show_preferences().unwrap();
    let tab = |shift: bool| {
        js(&format!(
            "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {{key: 'Tab', shiftKey: {shift}, bubbles: true, cancelable: true}})); true"
        ));
    };
    // From the first focusable, Shift+Tab wraps to the last and Tab wraps back to the first.
    js("document.querySelector('[data-consent-sieve=preferences] [data-action=close]').focus(); true");
    tab(true);
    assert_eq!(
        js_string("document.activeElement.dataset.action || ''"),
        "reject-all",
        "the last focusable: the choices stay last (Download my choices sits above them)"
    );
    tab(false);
    assert_eq!(
        js_string("document.activeElement.dataset.action || ''"),
        "close"
    );
}

#[wasm_bindgen_test]
fn german_browsers_get_german_texts_and_the_config_can_override_them() {
    fresh();
    js("window.__langs = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages'); Object.defineProperty(Navigator.prototype, 'languages', {configurable: true, get: () => ['de-AT', 'en']}); true");
    // The facade merges the bundled lang/de.json, with the site's own keys on top.
    let de = include_str!("../js/lang/de.json").replace(
        "\"rejectAll\": \"Alle ablehnen\"",
        "\"rejectAll\": \"Nur notwendige\"",
    );
    let cfg = CONFIG.replace(
        "\"vendors\":",
        &format!("\"texts\": {{\"de\": {de}}}, \"vendors\":"),
    );
    let m = manager(&cfg);
    let started = m.start();
    let accept = js_string("document.querySelector('[data-consent-sieve=banner] [data-action=accept-all]').textContent");
    let reject = js_string("document.querySelector('[data-consent-sieve=banner] [data-action=reject-all]').textContent");
    let lang = js_string("document.querySelector('[data-consent-sieve=banner]').lang");
    let label = js_string("document.querySelector('label[for=cs-p-analytics]').textContent");
    js("Object.defineProperty(Navigator.prototype, 'languages', window.__langs); true");
    started.unwrap();
    assert_eq!(accept, "Alle akzeptieren");
    assert_eq!(reject, "Nur notwendige");
    assert_eq!(lang, "de");
    assert_eq!(label, "Statistik");
}

#[wasm_bindgen_test]
fn an_invalid_config_throws_a_consent_error_and_renders_nothing() {
    fresh();
    let bad = CONFIG.replace(
        "\"purposes\": [\"marketing\"]",
        "\"purposes\": [\"marketing\", \"nope\"]",
    );
    let on_change = js_sys::Function::new_no_args("");
    let err = match ConsentManager::new(&bad, on_change, None) {
        Ok(_) => panic!("must reject"),
        Err(e) => e,
    };
    assert_eq!(
        get(&err, "name").as_string().as_deref(),
        Some("ConsentError")
    );
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("config.unknown_purpose")
    );
    assert_eq!(
        get(&err, "path").as_string().as_deref(),
        Some("vendors[1].purposes[1]")
    );
    assert!(get(&err, "message")
        .as_string()
        .unwrap()
        .contains("vendors[1].purposes[1]"));
    assert!(js_bool(
        "document.querySelector('[data-consent-sieve]') === null"
    ));
    let _ = JsValue::NULL;
}

#[wasm_bindgen_test]
fn update_rejects_unknown_ids_with_a_path() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    let err = m.update(r#"{"purposes":{"analytcs":true}}"#).unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("update.unknown_purpose")
    );
    assert_eq!(
        get(&err, "path").as_string().as_deref(),
        Some("purposes.analytcs")
    );
    assert_eq!(
        get(&state(&m), "decided").as_bool(),
        Some(false),
        "nothing changed"
    );
}

#[wasm_bindgen_test]
fn receipt_describes_the_choice() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    m.update(r#"{"purposes":{"analytics":true}}"#).unwrap();
    let r = js_sys::JSON::parse(&m.receipt()).unwrap();
    assert_eq!(
        get(&r, "eventState").as_string().as_deref(),
        Some("partial")
    );
    assert_eq!(
        get(&r, "receiptId").as_string(),
        get(&state(&m), "id").as_string()
    );
    assert_eq!(
        get(&r, "collectionMethod").as_string().as_deref(),
        Some("api")
    );
}
