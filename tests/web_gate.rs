//! Browser tests: inert `<script type="text/plain" data-consent>` tags run when allowed, in
//! document order, exactly once.
#![cfg(target_arch = "wasm32")]

mod web;

use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Adds held tags to the body: inline ones push their name to `window.__ran`; `ext:` ones are
/// external (a data: URL doing the same).
fn add_tags(tags: &[(&str, &str)]) {
    for (purposes, name) in tags {
        let code = format!("window.__ran.push('{}')", name.trim_start_matches("ext:"));
        let script = if name.starts_with("ext:") {
            format!(
                "s.setAttribute('data-src', 'data:text/javascript,' + encodeURIComponent(\"{code}\"));"
            )
        } else {
            format!("s.textContent = \"{code}\";")
        };
        js(&format!(
            "(() => {{ const s = document.createElement('script'); s.type = 'text/plain'; s.className = 't-fixture'; s.setAttribute('data-consent', '{purposes}'); {script} document.body.appendChild(s); return true; }})()"
        ));
    }
}

fn ran() -> String {
    js_string("window.__ran.join(',')")
}

#[wasm_bindgen_test]
fn nothing_runs_before_consent_or_after_reject() {
    fresh();
    add_tags(&[
        ("analytics", "a1"),
        ("marketing", "m1"),
        ("necessary", "n1"),
    ]);
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    assert_eq!(
        ran(),
        "n1",
        "only the required purpose's tag runs before a choice"
    );
    m.reject_all();
    assert_eq!(ran(), "n1");
}

#[wasm_bindgen_test]
async fn accept_runs_every_tag_once_in_document_order() {
    fresh();
    add_tags(&[
        ("analytics", "a1"),
        ("marketing", "ext:m1"),
        ("analytics marketing", "am1"),
        ("analytics", "ext:a2"),
        ("analytics", "a3"),
    ]);
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    assert_eq!(ran(), "");
    m.accept_all();
    for _ in 0..50 {
        if ran().split(',').count() == 5 {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(
        ran(),
        "a1,m1,am1,a2,a3",
        "document order across inline and external tags"
    );
    // Deciding again (or re-running the gate) never runs a tag twice.
    m.accept_all();
    m.update(r#"{"purposes":{"marketing":false}}"#).unwrap();
    m.accept_all();
    sleep(50).await;
    assert_eq!(ran(), "a1,m1,am1,a2,a3");
}

#[wasm_bindgen_test]
fn every_listed_purpose_must_be_granted() {
    fresh();
    add_tags(&[
        ("analytics marketing", "both"),
        ("analytics", "a"),
        ("unknown", "u"),
        ("", "empty"),
    ]);
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    m.update(r#"{"purposes":{"analytics":true}}"#).unwrap();
    assert_eq!(ran(), "a");
    m.update(r#"{"purposes":{"marketing":true}}"#).unwrap();
    assert_eq!(
        ran(),
        "a,both",
        "released when the last of its purposes is granted"
    );
}

#[wasm_bindgen_test]
fn stored_consent_releases_tags_at_start() {
    fresh();
    let first = manager(CONFIG);
    first.start().unwrap();
    first.release();
    first.update(r#"{"purposes":{"marketing":true}}"#).unwrap();
    js("document.querySelectorAll('[data-consent-sieve]').forEach(e => e.remove()); true");
    add_tags(&[("analytics", "a"), ("marketing", "m")]);
    let second = manager(CONFIG);
    second.start().unwrap();
    second.release();
    assert_eq!(ran(), "m");
}

#[wasm_bindgen_test]
fn released_scripts_keep_their_attributes() {
    fresh();
    js("(() => { const s = document.createElement('script'); s.type = 'text/plain'; s.className = 't-fixture'; s.id = 'tag-x'; s.setAttribute('data-consent', 'analytics'); s.setAttribute('data-vendor', 'stats'); s.textContent = 'window.__ran.push(document.currentScript.id)'; document.body.appendChild(s); return true; })()");
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    m.accept_all();
    assert_eq!(ran(), "tag-x");
    assert!(js_bool("document.getElementById('tag-x').type === '' && document.getElementById('tag-x').dataset.vendor === 'stats'"));
    assert!(js_bool("document.querySelectorAll('script[type=\"text/plain\"][data-consent=analytics]').length === 0"));
}

#[wasm_bindgen_test]
fn start_releases_nothing_until_release_is_called() {
    fresh();
    let first = manager(CONFIG);
    first.start().unwrap();
    first.accept_all();
    js("document.querySelectorAll('[data-consent-sieve]').forEach(e => e.remove()); true");
    add_tags(&[("analytics", "a")]);
    let second = manager(CONFIG);
    second.start().unwrap();
    assert_eq!(ran(), "", "the facade pushes Consent Mode before tags run");
    second.release();
    assert_eq!(ran(), "a");
}

#[wasm_bindgen_test]
fn the_page_hears_of_a_change_before_the_tags_it_allows_run() {
    fresh();
    add_tags(&[("analytics", "tag")]);
    // The facade pushes the Consent Mode update inside this callback.
    let on_change: js_sys::Function = js("(s) => window.__ran.push('change')").into();
    let m = consent_sieve::web::ConsentManager::new(CONFIG, on_change, None).unwrap();
    m.start().unwrap();
    m.release();
    m.accept_all();
    assert_eq!(ran(), "change,tag");
}

/// A manager whose `host` records each call in `window.__host` (kind and value or tag name); `make`
/// is its body for `createScript*` (JS, with `k`, `v`): what the gate sets on the script.
fn manager_with_host(make: &str) -> consent_sieve::web::ConsentManager {
    js("window.__host = []; true");
    let on_change: js_sys::Function = js("(s) => {}").into();
    let host: js_sys::Function = js(&format!(
        "(k, v) => {{ window.__host.push(k + ' ' + (typeof v === 'string' ? v : v.tagName)); if (k.startsWith('tag.')) return; {make} }}"
    ))
    .into();
    consent_sieve::web::ConsentManager::new(CONFIG, on_change, Some(host)).unwrap()
}

#[wasm_bindgen_test]
async fn released_urls_and_code_come_from_the_host_as_trusted_values() {
    fresh();
    add_tags(&[("analytics", "a1"), ("analytics", "ext:a2")]);
    // The host wraps values in an object (as a Trusted Types policy does): the gate passes it on as is.
    let m = manager_with_host("return { toString: () => v };");
    m.start().unwrap();
    m.release();
    m.accept_all();
    for _ in 0..50 {
        if ran() == "a1,a2" {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(ran(), "a1,a2");
    let calls = js_string("window.__host.map(c => c.slice(0, 40)).join('|')");
    assert!(
        calls.starts_with(
            "createScript window.__ran.push('a1')|createScriptURL data:text/javascript,"
        ),
        "one call per tag, code then URL: {calls}"
    );
    assert_eq!(js_f64("window.__host.length"), 2.0);
}

#[wasm_bindgen_test]
async fn a_tag_the_host_cannot_make_trusted_or_that_fails_to_load_is_reported_once() {
    fresh();
    add_tags(&[("analytics", "a1"), ("analytics", "a2")]);
    js("(() => { const s = document.createElement('script'); s.type = 'text/plain'; s.className = 't-fixture'; s.setAttribute('data-consent', 'analytics'); s.setAttribute('data-src', '/no-such-tag.js'); document.body.appendChild(s); return true; })()");
    add_tags(&[("analytics", "a3")]);
    // The host refuses a2's code, as a browser refuses a script its policy did not make.
    let m = manager_with_host("if (v.includes('a2')) throw new TypeError('refused'); return v;");
    m.start().unwrap();
    m.release();
    m.accept_all();
    for _ in 0..100 {
        if js_bool("window.__host.some(c => c.startsWith('tag.load_failed'))") && ran() == "a1,a3" {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(ran(), "a1,a3", "the others still run, in order");
    let reports = || js_string("window.__host.filter(c => c.startsWith('tag.')).join('|')");
    assert_eq!(reports(), "tag.blocked SCRIPT|tag.load_failed SCRIPT");
    m.reject_all();
    m.accept_all();
    m.release();
    sleep(100).await;
    assert_eq!(
        reports(),
        "tag.blocked SCRIPT|tag.load_failed SCRIPT",
        "once"
    );
}
