//! Helpers shared by the wasm-bindgen browser tests.
#![allow(dead_code)]
use consent_sieve::web::ConsentManager;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub const CONFIG: &str = r#"{
  "policyVersion": "2026-11",
  "privacyPolicyUrl": "/privacy",
  "purposes": [
    {"id": "necessary", "required": true, "label": "Necessary", "description": "Keeps the site working."},
    {"id": "analytics", "label": {"en": "Analytics", "de": "Statistik"}, "description": "Counts visits."},
    {"id": "marketing", "label": "Marketing"}
  ],
  "vendors": [
    {"id": "stats", "name": "Stats Co", "purposes": ["analytics"], "cookies": ["_st*"], "storageKeys": ["st_*"]},
    {"id": "ads", "name": "Ads Co", "purposes": ["marketing"], "cookies": ["_ad"], "privacyPolicyUrl": "https://ads.example/privacy"}
  ]
}"#;

/// Runs JavaScript in the test page and returns its value.
pub fn js(code: &str) -> JsValue {
    js_sys::eval(code).unwrap_or_else(|e| panic!("JS failed: {code}: {e:?}"))
}

pub fn js_bool(code: &str) -> bool {
    js(code)
        .as_bool()
        .unwrap_or_else(|| panic!("not a boolean: {code}"))
}

pub fn js_string(code: &str) -> String {
    js(code)
        .as_string()
        .unwrap_or_else(|| panic!("not a string: {code}"))
}

pub fn js_f64(code: &str) -> f64 {
    js(code)
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {code}"))
}

/// Clears what earlier tests left: our DOM, storage, cookies, held scripts, counters.
pub fn fresh() {
    js(r#"
      document.querySelectorAll('[data-consent-sieve],script[data-consent],script[data-consent-released],.t-fixture,[inert]')
        .forEach(e => e.remove());
      document.documentElement.classList.remove('cs-lock');
      try { localStorage.clear(); sessionStorage.clear(); } catch (e) {}
      for (const c of document.cookie.split(';')) {
        const n = c.split('=')[0].trim();
        if (n) document.cookie = n + '=; Max-Age=0; Path=/';
      }
      window.__ran = [];
      window.__changes = [];
      true
    "#);
}

/// A manager whose change callback records each state into `window.__changes`.
pub fn manager(config: &str) -> ConsentManager {
    let on_change: js_sys::Function =
        js("(s) => window.__changes.push(JSON.parse(s))").unchecked_into();
    ConsentManager::new(config, on_change, None)
        .unwrap_or_else(|e| panic!("config rejected: {e:?}"))
}

pub fn click(selector: &str) {
    let sel = selector.replace('\'', "\\'");
    js(&format!(
        "(() => {{ const e = document.querySelector('{sel}'); if (!e) throw new Error('no element {sel}'); e.click(); return true; }})()"
    ));
}

pub fn visible(selector: &str) -> bool {
    let sel = selector.replace('\'', "\\'");
    js_bool(&format!(
        "(() => {{ const e = document.querySelector('{sel}'); return !!e && !e.hidden; }})()"
    ))
}

pub fn state(m: &ConsentManager) -> js_sys::Object {
    js_sys::JSON::parse(&m.state())
        .expect("state is JSON")
        .unchecked_into()
}

pub fn get(obj: &JsValue, path: &str) -> JsValue {
    let mut v = obj.clone();
    for key in path.split('.') {
        v = js_sys::Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    }
    v
}

/// Waits for `ms` milliseconds (lets script loads and events happen).
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}
