//! Browser tests for the banner's Rust side: layout and theme classes, the live announcement, blocking
//! (forced) mode with the rest of the page inert, and the floating re-open control.
#![cfg(target_arch = "wasm32")]

mod web;

use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

fn config_with(ui: &str) -> String {
    CONFIG.replace("\"vendors\":", &format!("\"ui\": {ui}, \"vendors\":"))
}

/// Page content the banner must be able to cover, and our counter of clicks on it.
fn page_content() {
    js("(() => { const m = document.createElement('main'); m.className = 't-fixture'; m.innerHTML = '<a href=\"#x\" id=\"page-link\">page link</a>'; document.body.appendChild(m); return true; })()");
}

#[wasm_bindgen_test]
fn layout_and_theme_become_classes_everywhere() {
    fresh();
    let m = manager(&config_with(r#"{"layout": "box", "theme": "dark"}"#));
    m.start().unwrap();
    let class = |sel: &str| js_string(&format!("document.querySelector('{sel}').className"));
    assert_eq!(
        class("[data-consent-sieve=banner]"),
        "cs-banner cs-layout-box cs-theme-dark"
    );
    assert_eq!(
        class("[data-consent-sieve=preferences]"),
        "cs-overlay cs-layout-box cs-theme-dark"
    );
    let plain = manager(CONFIG);
    fresh();
    plain.start().unwrap();
    assert_eq!(
        class("[data-consent-sieve=banner]"),
        "cs-banner cs-layout-bar cs-theme-auto",
        "defaults: bottom bar, following the system colour scheme"
    );
}

#[wasm_bindgen_test]
fn the_banner_is_announced_politely_when_shown() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    let region = "document.querySelector('[data-consent-sieve=banner] [role=status]')";
    assert_eq!(
        js_string(&format!("{region}.getAttribute('aria-live')")),
        "polite"
    );
    assert_eq!(
        js_string(&format!("{region}.textContent")),
        "Your privacy choices"
    );
    m.reject_all();
    assert_eq!(
        js_string(&format!("{region}.textContent")),
        "",
        "silent once hidden"
    );
    m.show_banner().unwrap();
    assert_eq!(
        js_string(&format!("{region}.textContent")),
        "Your privacy choices",
        "announced again"
    );
}

#[wasm_bindgen_test]
fn a_forced_banner_makes_the_rest_of_the_page_inert_until_a_choice() {
    fresh();
    page_content();
    js("(() => { const already = document.createElement('div'); already.className = 't-fixture'; already.id = 'already-inert'; already.setAttribute('inert', ''); document.body.appendChild(already); return true; })()");
    let m = manager(&config_with(r#"{"forced": true}"#));
    m.start().unwrap();
    assert_eq!(
        js_string(
            "document.querySelector('[data-consent-sieve=banner]').getAttribute('aria-modal')"
        ),
        "true"
    );
    assert!(
        js_bool("document.querySelector('main.t-fixture').inert"),
        "page content is inert"
    );
    assert!(js_bool(
        "!document.querySelector('[data-consent-sieve=banner]').inert"
    ));
    assert!(
        js_bool("!document.querySelector('[data-consent-sieve=preferences]').inert"),
        "the dialog stays usable"
    );
    assert_eq!(
        js_string("document.activeElement.dataset.consentSieve || ''"),
        "banner",
        "focus moves to the banner itself, not to a choice"
    );
    // From the banner itself, Shift+Tab wraps to its last control.
    js("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Tab', shiftKey: true, bubbles: true, cancelable: true})); true");
    assert_eq!(
        js_string("document.activeElement.dataset.action || ''"),
        "preferences"
    );
    // Escape does not dismiss a forced banner; Tab wraps inside it.
    js("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})); true");
    assert!(visible("[data-consent-sieve='banner']"));
    js("document.querySelector('[data-consent-sieve=banner] [data-action=accept-all]').dispatchEvent(new KeyboardEvent('keydown', {key: 'Tab', shiftKey: true, bubbles: true, cancelable: true})); true");
    assert_eq!(
        js_string(
            "document.activeElement.closest('[data-consent-sieve]')?.dataset.consentSieve || ''"
        ),
        "banner"
    );
    m.reject_all();
    assert!(
        js_bool("!document.querySelector('main.t-fixture').inert"),
        "released after the choice"
    );
    assert!(
        js_bool("document.getElementById('already-inert').inert"),
        "what the page made inert stays inert"
    );
}

#[wasm_bindgen_test]
fn the_modal_layout_blocks_like_forced_mode() {
    fresh();
    page_content();
    let m = manager(&config_with(r#"{"layout": "modal"}"#));
    m.start().unwrap();
    assert!(js_bool("document.querySelector('main.t-fixture').inert"));
    m.accept_all();
    assert!(js_bool("!document.querySelector('main.t-fixture').inert"));
}

#[wasm_bindgen_test]
fn a_bar_that_is_not_forced_leaves_the_page_alone() {
    fresh();
    page_content();
    let m = manager(CONFIG);
    m.start().unwrap();
    assert!(js_bool("!document.querySelector('main.t-fixture').inert"));
    assert_eq!(
        js_string(
            "document.querySelector('[data-consent-sieve=banner]').getAttribute('aria-modal')"
        ),
        "false"
    );
}

#[wasm_bindgen_test]
fn a_reopen_button_appears_after_a_choice_when_the_page_has_no_link() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    assert!(
        !visible("[data-consent-sieve='reopen']"),
        "hidden while the banner asks"
    );
    m.reject_all();
    assert!(visible("[data-consent-sieve='reopen']"));
    assert_eq!(
        js_string("document.querySelector('[data-consent-sieve=reopen]').textContent"),
        "Privacy settings"
    );
    click("[data-consent-sieve='reopen']");
    assert!(
        visible("[data-consent-sieve='preferences']"),
        "it opens the preferences"
    );
}

#[wasm_bindgen_test]
fn a_page_link_replaces_the_button_unless_always_is_asked() {
    fresh();
    js("(() => { const a = document.createElement('a'); a.className = 't-fixture'; a.href = '#'; a.dataset.consentSieveOpen = 'preferences'; document.body.appendChild(a); return true; })()");
    let m = manager(CONFIG);
    m.start().unwrap();
    m.reject_all();
    assert!(js_bool(
        "document.querySelector('[data-consent-sieve=reopen]') === null"
    ));
    js("document.querySelectorAll('[data-consent-sieve]').forEach(e => e.remove()); true");
    let always = manager(&config_with(r#"{"reopenButton": "always"}"#));
    always.start().unwrap();
    always.reject_all();
    assert!(visible("[data-consent-sieve='reopen']"));
}

#[wasm_bindgen_test]
fn a_returning_visitor_gets_the_reopen_button_and_focus_comes_back_to_it() {
    fresh();
    let first = manager(CONFIG);
    first.start().unwrap();
    first.reject_all();
    js("document.querySelectorAll('[data-consent-sieve]').forEach(e => e.remove()); true");
    let next_page = manager(CONFIG);
    next_page.start().unwrap();
    assert!(!visible("[data-consent-sieve='banner']"));
    assert!(
        visible("[data-consent-sieve='reopen']"),
        "there on the next page too"
    );
    js("document.querySelector('[data-consent-sieve=reopen]').focus(); true");
    click("[data-consent-sieve='reopen']");
    js("document.querySelector('[data-consent-sieve=preferences]').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})); true");
    assert_eq!(
        js_string("document.activeElement.dataset.consentSieve || ''"),
        "reopen",
        "focus returns to the (fixed-position) button"
    );
}
