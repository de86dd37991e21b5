//! Releases held tags and embeds once `core::gate::allowed` says so.
//! - Scripts: `<script type="text/plain" data-consent="…" | data-consent-vendor="…">`, in document
//!   order, each exactly once; an external script finishes loading (or fails) before the next
//!   released script runs, so order holds across inline and external tags.
//! - Embeds: `<iframe|img data-src data-consent… >` stay `hidden` until allowed; an iframe gets a
//!   placeholder before it offering "Load this once" and "Always allow <vendor>".
//! - Trusted Types: a released script's URL and code come from the facade's
//!   `host("createScriptURL" | "createScript", value)` (its policy `consent-sieve`); a tag that
//!   cannot run goes to `host("tag.blocked" | "tag.load_failed", element)`, once.
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use crate::core::policy::texts::{Key, Texts};
use crate::core::{gate, hosts, Config, ConsentState};

/// Marks a held tag already queued for release, so a second pass never queues it twice.
const QUEUED: &str = "data-cs-queued";
const RELEASED: &str = "data-consent-released";
const SCRIPTS: &str = "script[type='text/plain'][data-consent]:not([data-cs-queued]),script[type='text/plain'][data-consent-vendor]:not([data-cs-queued])";
const EMBEDS: &str = "iframe[data-src][data-consent]:not([data-consent-released]),iframe[data-src][data-consent-vendor]:not([data-consent-released]),img[data-src][data-consent]:not([data-consent-released]),img[data-src][data-consent-vendor]:not([data-consent-released])";

#[derive(Default)]
pub struct Gate {
    queue: RefCell<VecDeque<Element>>,
    waiting: Cell<bool>,
    /// The facade's `host(kind, value)`: Trusted Types and problem reports (see above).
    host: Option<js_sys::Function>,
}

/// The vendor a held element belongs to: its `data-consent-vendor`, else the vendor whose host
/// serves its `data-src`/`src` (so a refused vendor stays blocked even on a purpose-only tag).
fn vendor_of(config: &Config, el: &Element) -> Option<String> {
    el.get_attribute("data-consent-vendor").or_else(|| {
        let src = el
            .get_attribute("data-src")
            .or_else(|| el.get_attribute("src"))?;
        hosts::vendor_for_url(config, &super::env::host(), &src).map(|v| v.id.clone())
    })
}

fn is_allowed(config: &Config, state: &ConsentState, el: &Element) -> bool {
    let vendor = vendor_of(config, el);
    gate::allowed(
        config,
        state,
        el.get_attribute("data-consent").as_deref(),
        vendor.as_deref(),
    )
}

fn elements(doc: &Document, selector: &str) -> Vec<Element> {
    let Ok(list) = doc.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i).and_then(|n| n.dyn_into::<Element>().ok()))
        .collect()
}

impl Gate {
    pub fn new(host: Option<js_sys::Function>) -> Gate {
        Gate {
            host,
            ..Gate::default()
        }
    }

    /// Queues every held tag the state allows (document order), runs what can run now, and
    /// releases or holds (with a placeholder) every gated embed.
    pub fn run(
        self: &Rc<Self>,
        doc: &Document,
        config: &Config,
        state: &ConsentState,
        texts: &Texts,
    ) {
        for el in elements(doc, SCRIPTS) {
            if is_allowed(config, state, &el) && el.set_attribute(QUEUED, "").is_ok() {
                self.queue.borrow_mut().push_back(el);
            }
        }
        self.pump(doc);
        for el in elements(doc, EMBEDS) {
            if is_allowed(config, state, &el) {
                load_embed(&el);
            } else {
                let _ = hold_embed(doc, config, texts, &el);
            }
        }
    }

    fn pump(self: &Rc<Self>, doc: &Document) {
        while !self.waiting.get() {
            let Some(held) = self.queue.borrow_mut().pop_front() else {
                return;
            };
            let live = match self.activate(doc, &held) {
                Ok(live) => live,
                Err(_) => {
                    let _ = self.host("tag.blocked", &held);
                    continue;
                }
            };
            if live.has_attribute("src") {
                self.waiting.set(true);
                let this = Rc::clone(self);
                let doc2 = doc.clone();
                let el = live.clone();
                // Fn(Event), as the UI's listeners: one closure type in the glue. Called once (load
                // or error), then leaked like a once-closure.
                let done = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
                    if ev.type_() == "error" {
                        let _ = this.host("tag.load_failed", &el);
                    }
                    this.waiting.set(false);
                    this.pump(&doc2);
                });
                let f = done.as_ref().unchecked_ref::<js_sys::Function>();
                let _ = live.add_event_listener_with_callback("load", f);
                let _ = live.add_event_listener_with_callback("error", f);
                done.forget();
            }
            // Replacing the held tag inserts the live one where it stood: an inline script runs now.
            if held.replace_with_with_node_1(&live).is_err() {
                self.waiting.set(false);
            }
        }
    }

    /// `host(kind, value)`, or `value` itself without a host (no Trusted Types, nothing reported).
    fn host(&self, kind: &str, value: &JsValue) -> Result<JsValue, JsValue> {
        match &self.host {
            Some(f) => f.call2(&JsValue::NULL, &kind.into(), value),
            None => Ok(value.clone()),
        }
    }

    /// A live `<script>` copying the held one: its attributes (minus the inert `type`), `data-type`
    /// as the real type, `data-src` (or `src`) as `src`, the nonce (which browsers hide from
    /// attributes) and the code; URL and code as Trusted Types.
    fn activate(&self, doc: &Document, held: &Element) -> Result<Element, JsValue> {
        let live = doc.create_element("script")?;
        for name in held
            .get_attribute_names()
            .iter()
            .filter_map(|n| n.as_string())
        {
            if matches!(
                name.as_str(),
                "type" | "data-type" | "src" | "data-src" | QUEUED | "nonce"
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
        let nonce = js_sys::Reflect::get(held, &"nonce".into())?;
        if nonce.as_string().is_some_and(|n| !n.is_empty()) {
            js_sys::Reflect::set(&live, &"nonce".into(), &nonce)?;
        }
        match held
            .get_attribute("data-src")
            .or_else(|| held.get_attribute("src"))
        {
            Some(src) => {
                js_sys::Reflect::set(
                    &live,
                    &"src".into(),
                    &self.host("createScriptURL", &src.into())?,
                )?;
                // Dynamically inserted external scripts are async by default; keep insertion order.
                js_sys::Reflect::set(&live, &"async".into(), &JsValue::FALSE)?;
            }
            None => {
                let code = held.text_content().unwrap_or_default();
                js_sys::Reflect::set(
                    &live,
                    &"text".into(),
                    &self.host("createScript", &code.into())?,
                )?;
            }
        }
        live.set_attribute(RELEASED, "")?;
        Ok(live)
    }
}

/// The placeholder right before `el`, if it has one.
fn placeholder_of(el: &Element) -> Option<Element> {
    el.previous_element_sibling()
        .filter(|p| p.get_attribute("data-consent-sieve").as_deref() == Some("placeholder"))
}

/// Loads one embed: `src` from `data-src`, visible, placeholder gone. Nothing is stored.
pub fn load_embed(el: &Element) {
    if let Some(p) = placeholder_of(el) {
        p.remove();
    }
    if let Some(src) = el.get_attribute("data-src") {
        let _ = el.set_attribute(RELEASED, "");
        let _ = el.remove_attribute("hidden");
        let _ = el.set_attribute("src", &src);
    }
}

fn hold_embed(doc: &Document, config: &Config, texts: &Texts, el: &Element) -> Result<(), JsValue> {
    el.set_attribute("hidden", "")?;
    if el.tag_name() != "IFRAME" || placeholder_of(el).is_some() {
        return Ok(());
    }
    let vendor = vendor_of(config, el).and_then(|id| config.vendor(&id));
    let src = el.get_attribute("data-src").unwrap_or_default();
    let name = vendor
        .map(|v| v.name.clone())
        .or_else(|| hosts::host_of(&src))
        .unwrap_or_default();
    let p = doc.create_element("div")?;
    p.set_class_name(&crate::core::error::cat(&[
        "cs-placeholder cs-theme-",
        config.ui.theme.as_str(),
    ]));
    p.set_attribute("data-consent-sieve", "placeholder")?;
    p.set_attribute("role", "group")?;
    p.set_attribute("lang", &texts.lang)?;
    p.set_attribute("dir", texts.dir)?;
    p.set_attribute("aria-label", &name)?;
    let text = doc.create_element("p")?;
    text.set_class_name("cs-placeholder-text");
    text.set_text_content(Some(&texts.with_vendor(Key::PlaceholderText, &name)));
    p.append_child(&text)?;
    let actions = doc.create_element("div")?;
    actions.set_class_name("cs-actions");
    let mut buttons = vec![("load-once", texts.get(Key::LoadOnce).to_string())];
    if let Some(v) = vendor {
        p.set_attribute("data-vendor", &v.id)?;
        buttons.push(("allow-vendor", texts.with_vendor(Key::AllowVendor, &v.name)));
    }
    for (action, label) in buttons {
        let b = doc.create_element("button")?;
        b.set_class_name("cs-btn");
        b.set_attribute("type", "button")?;
        b.set_attribute("data-action", action)?;
        b.set_text_content(Some(&label));
        actions.append_child(&b)?;
    }
    p.append_child(&actions)?;
    el.before_with_node_1(&p)?;
    Ok(())
}
