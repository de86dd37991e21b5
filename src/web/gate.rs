//! Releases inert `<script type="text/plain" data-consent="…">` tags once `core::gate::allowed`
//! says so: in document order, each exactly once, and an external script finishes loading (or
//! fails) before the next released script runs, so order holds across inline and external tags.
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use crate::core::{gate, ConsentState};

/// Marks a held tag already queued for release, so a second pass never queues it twice.
const QUEUED: &str = "data-cs-queued";
const SELECTOR: &str = "script[type='text/plain'][data-consent]:not([data-cs-queued])";

#[derive(Default)]
pub struct Gate {
    queue: RefCell<VecDeque<Element>>,
    waiting: Cell<bool>,
}

impl Gate {
    /// Queues every held tag the state allows (document order) and runs what can run now.
    pub fn run(self: &Rc<Self>, doc: &Document, state: &ConsentState) {
        let Ok(list) = doc.query_selector_all(SELECTOR) else {
            return;
        };
        for i in 0..list.length() {
            let Some(el) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let attr = el.get_attribute("data-consent").unwrap_or_default();
            if gate::allowed(&attr, state) && el.set_attribute(QUEUED, "").is_ok() {
                self.queue.borrow_mut().push_back(el);
            }
        }
        self.pump(doc);
    }

    fn pump(self: &Rc<Self>, doc: &Document) {
        while !self.waiting.get() {
            let Some(held) = self.queue.borrow_mut().pop_front() else {
                return;
            };
            let Ok(live) = activate(doc, &held) else {
                continue;
            };
            if live.has_attribute("src") {
                self.waiting.set(true);
                let this = Rc::clone(self);
                let doc2 = doc.clone();
                let done = Closure::once_into_js(move || {
                    this.waiting.set(false);
                    this.pump(&doc2);
                });
                let f = done.unchecked_ref::<js_sys::Function>();
                let _ = live.add_event_listener_with_callback("load", f);
                let _ = live.add_event_listener_with_callback("error", f);
            }
            // Replacing the held tag inserts the live one where it stood: an inline script runs now.
            if held.replace_with_with_node_1(&live).is_err() {
                self.waiting.set(false);
            }
        }
    }
}

/// A live `<script>` copying the held one: its attributes (minus the inert `type`), `data-type` as
/// the real type, `data-src` as `src`, the nonce (which browsers hide from attributes) and the code.
fn activate(doc: &Document, held: &Element) -> Result<Element, JsValue> {
    let live = doc.create_element("script")?;
    for name in held
        .get_attribute_names()
        .iter()
        .filter_map(|n| n.as_string())
    {
        if matches!(
            name.as_str(),
            "type" | "data-type" | "data-src" | QUEUED | "nonce"
        ) {
            continue;
        }
        if let Some(v) = held.get_attribute(&name) {
            live.set_attribute(&name, &v)?;
        }
    }
    if let Some(t) = held.get_attribute("data-type") {
        live.set_attribute("type", &t)?;
    }
    if let Some(src) = held.get_attribute("data-src") {
        live.set_attribute("src", &src)?;
    }
    let nonce = js_sys::Reflect::get(held, &"nonce".into())?;
    if nonce.as_string().is_some_and(|n| !n.is_empty()) {
        js_sys::Reflect::set(&live, &"nonce".into(), &nonce)?;
    }
    if !live.has_attribute("src") {
        live.set_text_content(held.text_content().as_deref());
    } else {
        // Dynamically inserted external scripts are async by default; keep insertion order.
        js_sys::Reflect::set(&live, &"async".into(), &JsValue::FALSE)?;
    }
    live.set_attribute("data-consent-released", "")?;
    Ok(live)
}
