//! `ConsentError` (core) → a JS `Error` with `name = "ConsentError"`, `code` and `path`.
use wasm_bindgen::JsValue;

use crate::core::ConsentError;

pub fn to_js(err: &ConsentError) -> JsValue {
    let e = js_sys::Error::new(&err.message());
    e.set_name("ConsentError");
    let _ = js_sys::Reflect::set(&e, &"code".into(), &JsValue::from_str(err.code));
    let _ = js_sys::Reflect::set(&e, &"path".into(), &JsValue::from_str(&err.path));
    e.into()
}
