//! What the core needs from the browser: a clock, randomness, languages, Global Privacy Control,
//! and the console.
use wasm_bindgen::{JsCast, JsValue};

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window().and_then(|w| w.document())
}

pub fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// 16 random bytes from `crypto.getRandomValues` (through getrandom). Should that fail, the bytes
/// come from `Math.random` mixed with the clock: an id must still be produced, and it is not a secret.
pub fn random16() -> [u8; 16] {
    let mut buf = [0u8; 16];
    if getrandom::fill(&mut buf).is_err() {
        let t = now();
        for (i, b) in buf.iter_mut().enumerate() {
            *b = ((js_sys::Math::random() * 256.0) as u8) ^ (t >> ((i % 8) * 8)) as u8;
        }
    }
    buf
}

/// `navigator.languages`, then `<html lang>`, in order of preference.
pub fn languages() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(w) = window() {
        let langs = w.navigator().languages();
        for v in langs.iter() {
            if let Some(s) = v.as_string() {
                out.push(s);
            }
        }
        if out.is_empty() {
            if let Some(l) = w.navigator().language() {
                out.push(l);
            }
        }
    }
    if let Some(lang) = document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
    {
        out.push(lang);
    }
    out
}

/// `<html data-consent-sieve-mode="…">`: the jurisdiction the site's server wrote into the page.
pub fn mode_hint() -> Option<String> {
    window()?
        .document()?
        .document_element()?
        .get_attribute("data-consent-sieve-mode")
}

/// `navigator.globalPrivacyControl === true` (anything else, including a throwing getter, is false).
pub fn gpc() -> bool {
    window()
        .and_then(|w| {
            js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("globalPrivacyControl")).ok()
        })
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

pub fn is_https() -> bool {
    window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}

pub fn host() -> String {
    window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default()
}

pub fn path() -> String {
    window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".into())
}

pub fn warn(msg: &str) {
    web_sys::console::warn_1(&JsValue::from_str(msg));
}

#[cfg(feature = "iab")]
pub fn error(msg: &str) {
    web_sys::console::error_1(&JsValue::from_str(msg));
}

pub fn html_document() -> Option<web_sys::HtmlDocument> {
    document().and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
}
