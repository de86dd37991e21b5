//! Browser tests: persistence in localStorage and the first-party cookie, hostile records, and
//! blocked storage. Run with `cargo test --target wasm32-unknown-unknown` (headless Chromium).
#![cfg(target_arch = "wasm32")]

mod web;

use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn reject_all_is_stored_in_local_storage_and_cookie() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    m.reject_all();
    let stored = js_string("localStorage.getItem('consent-sieve')");
    let cookie = js_string(
        "decodeURIComponent(document.cookie.split('; ').find(c => c.startsWith('consent_sieve=')).slice(14))",
    );
    assert_eq!(
        stored, cookie,
        "cookie and localStorage hold the same record"
    );
    let rec = js_sys::JSON::parse(&stored).unwrap();
    assert_eq!(get(&rec, "v").as_f64(), Some(1.0));
    assert_eq!(get(&rec, "p.analytics").as_bool(), Some(false));
    assert_eq!(get(&rec, "p.marketing").as_bool(), Some(false));
    assert_eq!(get(&rec, "p.necessary").as_bool(), Some(true));
    assert_eq!(get(&rec, "src").as_string().as_deref(), Some("api"));
}

#[wasm_bindgen_test]
fn a_stored_choice_is_restored_by_the_next_page() {
    fresh();
    let first = manager(CONFIG);
    first.start().unwrap();
    first.release();
    first.accept_all();
    let id = get(&state(&first), "id").as_string().unwrap();
    // A second page view: drop the first UI and start again from storage.
    js("document.querySelectorAll('[data-consent-sieve]').forEach(e => e.remove()); true");
    let second = manager(CONFIG);
    second.start().unwrap();
    second.release();
    let s = state(&second);
    assert_eq!(get(&s, "decided").as_bool(), Some(true));
    assert_eq!(get(&s, "id").as_string(), Some(id));
    assert!(second.granted("marketing"));
    assert!(
        !visible("[data-consent-sieve='banner']"),
        "no banner after a stored decision"
    );
}

#[wasm_bindgen_test]
fn hostile_records_count_as_no_decision() {
    let future = "JSON.stringify({v:1,id:'00000000-0000-4000-8000-000000000000',pv:'2026-11',at:Date.now()+86400000*30,exp:Date.now()+86400000*60,src:'banner',p:{necessary:true,analytics:true,marketing:true},vn:{stats:true,ads:true},h:'0000000000000000'})";
    let cases = [
        "'garbage'",
        "'{\"v\":1'",
        "JSON.stringify({v:2})",
        "JSON.stringify({v:1,id:'x',pv:'2026-11',at:1,exp:2,src:'banner',p:{analytics:true,marketing:true},vn:{},h:'abc'})",
        future,
        "'\\u0000'.repeat(20000)",
    ];
    for case in cases {
        fresh();
        js(&format!(
            "localStorage.setItem('consent-sieve', {case}); true"
        ));
        let m = manager(CONFIG);
        m.start().unwrap();
        m.release();
        assert!(
            !m.granted("analytics"),
            "granted from hostile record {case}"
        );
        assert!(
            !m.granted("marketing"),
            "granted from hostile record {case}"
        );
        assert!(
            visible("[data-consent-sieve='banner']"),
            "banner must ask again for {case}"
        );
        assert!(
            js_bool("localStorage.getItem('consent-sieve') === null"),
            "the unusable record is cleared ({case})"
        );
    }
}

#[wasm_bindgen_test]
fn tampering_with_a_real_record_is_detected() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    m.reject_all();
    // Flip marketing to true in the stored record, keeping everything else (and the checksum).
    js("localStorage.setItem('consent-sieve', localStorage.getItem('consent-sieve').replace('\"marketing\":false', '\"marketing\":true')); true");
    js("document.querySelectorAll('[data-consent-sieve]').forEach(e => e.remove()); true");
    let again = manager(CONFIG);
    again.start().unwrap();
    again.release();
    assert!(!again.granted("marketing"));
    assert!(visible("[data-consent-sieve='banner']"));
}

#[wasm_bindgen_test]
fn a_new_policy_version_asks_again() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    m.accept_all();
    js("document.querySelectorAll('[data-consent-sieve]').forEach(e => e.remove()); true");
    let bumped = CONFIG.replace("\"2026-11\"", "\"2026-12\"");
    let again = manager(&bumped);
    again.start().unwrap();
    again.release();
    assert!(!again.granted("analytics"));
    assert!(visible("[data-consent-sieve='banner']"));
}

#[wasm_bindgen_test]
fn blocked_storage_falls_back_to_memory_and_warns_once() {
    fresh();
    js(r#"
      window.__warns = [];
      window.__origWarn = console.warn;
      console.warn = (...a) => { window.__warns.push(a.join(' ')); };
      window.__lsDesc = Object.getOwnPropertyDescriptor(window, 'localStorage');
      window.__ckDesc = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
      Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('blocked', 'SecurityError'); } });
      Object.defineProperty(Document.prototype, 'cookie', { configurable: true,
        get() { throw new DOMException('blocked', 'SecurityError'); },
        set(v) { throw new DOMException('blocked', 'SecurityError'); } });
      true
    "#);
    let m = manager(CONFIG);
    let started = m.start();
    let mode = m.storage_mode();
    m.accept_all();
    m.reject_all();
    let warns = js_f64("window.__warns.filter(w => w.includes('consent-sieve')).length");
    let granted_after = m.granted("analytics");
    js(r#"
      console.warn = window.__origWarn;
      Object.defineProperty(window, 'localStorage', window.__lsDesc);
      Object.defineProperty(Document.prototype, 'cookie', window.__ckDesc);
      true
    "#);
    assert!(
        started.is_ok(),
        "start must not throw when storage is blocked"
    );
    assert_eq!(mode, "memory");
    assert_eq!(warns, 1.0, "exactly one console warning");
    assert!(
        !granted_after,
        "the in-memory choice (reject) holds for the page"
    );
    assert_eq!(get(&state(&m), "decided").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn forget_erases_the_record_and_vendor_storage() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    m.accept_all();
    js("document.cookie = '_st_id=1; Path=/'; document.cookie = '_ad=1; Path=/'; document.cookie = 'keep=1; Path=/'; localStorage.setItem('st_user', 'u'); sessionStorage.setItem('st_s', 's'); localStorage.setItem('other', 'o'); true");
    m.forget();
    assert!(js_bool("localStorage.getItem('consent-sieve') === null"));
    assert!(js_bool("!document.cookie.includes('consent_sieve=')"));
    assert!(js_bool(
        "!document.cookie.includes('_st_id=') && !document.cookie.includes('_ad=')"
    ));
    assert!(
        js_bool("document.cookie.includes('keep=1')"),
        "cookies of no vendor are kept"
    );
    assert!(js_bool(
        "localStorage.getItem('st_user') === null && sessionStorage.getItem('st_s') === null"
    ));
    assert!(js_bool("localStorage.getItem('other') === 'o'"));
    assert_eq!(get(&state(&m), "decided").as_bool(), Some(false));
    assert!(visible("[data-consent-sieve='banner']"));
}

#[wasm_bindgen_test]
fn withdrawing_a_purpose_erases_its_vendor_cookies_only() {
    fresh();
    let m = manager(CONFIG);
    m.start().unwrap();
    m.release();
    m.accept_all();
    js("document.cookie = '_st_a=1; Path=/'; document.cookie = '_ad=1; Path=/'; true");
    m.update(r#"{"purposes":{"analytics":false}}"#).unwrap();
    assert!(js_bool("!document.cookie.includes('_st_a=')"));
    assert!(
        js_bool("document.cookie.includes('_ad=1')"),
        "marketing is still granted"
    );
}
