//! `ConsentManager`, the one class the JS facade talks to (see docs/wasm-abi.md). It wires the core
//! machine to storage, the DOM and gating; every decision is the core's.
use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::{Action, Ui};
use super::gate::Gate;
use super::storage::{Erased, Store};
use super::{env, error};
use crate::core::consent::{Change, Choice, Restore};
use crate::core::error::cat;
use crate::core::json::Writer;
#[cfg(feature = "minimize")]
use crate::core::minimize::{Ctx, Verdict};
use crate::core::policy::texts::{Key, Texts};
use crate::core::{hosts, receipt, signals, Config, ConsentState, Machine, Source};

struct Inner {
    machine: RefCell<Machine>,
    texts: Texts,
    store: Store,
    ui: RefCell<Option<Rc<Ui>>>,
    gate: Rc<Gate>,
    on_change: js_sys::Function,
    started: std::cell::Cell<bool>,
    /// Destinations with an adapter that minimizes in the page, and which (see `trust`).
    #[cfg(feature = "minimize")]
    trusted: RefCell<Vec<(String, crate::core::minimize::Adapter)>>,
}

#[wasm_bindgen]
pub struct ConsentManager {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl ConsentManager {
    /// Validates the config (JSON). Throws a `ConsentError` naming the field and the reason.
    /// `host(kind, value)`: Trusted Types for released tags and their problems (see `gate`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        config_json: &str,
        on_change: js_sys::Function,
        host: Option<js_sys::Function>,
    ) -> Result<ConsentManager, JsValue> {
        let mut config = Config::from_json(config_json).map_err(|e| error::to_js(&e))?;
        config.apply_mode_hint(env::mode_hint().as_deref());
        let texts = config.resolve_texts(&env::languages());
        let store = Store::open(config.cookie_domain.clone());
        #[allow(unused_mut)]
        let mut machine = Machine::new(config);
        #[cfg(feature = "iab")]
        machine.set_language(&texts.lang);
        Ok(ConsentManager {
            inner: Rc::new(Inner {
                machine: RefCell::new(machine),
                texts,
                store,
                ui: RefCell::new(None),
                gate: Rc::new(Gate::new(host)),
                on_change,
                started: std::cell::Cell::new(false),
                #[cfg(feature = "minimize")]
                trusted: RefCell::new(Vec::new()),
            }),
        })
    }

    /// TCF with `tcf.gvlUrl`: loads the Global Vendor List (a fresh cached copy, else one fetch) into
    /// the core, then calls `done()`. Never throws: when it cannot be loaded or is invalid, the
    /// console says why (`gvl.unavailable`, `gvl.invalid`, `gvl.too_large`) and TCF fails closed
    /// (`cmpStatus: "error"`). Call it before `start()`; a GVL arriving after `start()` is only cached
    /// (for the next page).
    #[cfg(feature = "iab")]
    #[wasm_bindgen(js_name = loadGvl)]
    pub fn load_gvl(&self, done: js_sys::Function) {
        Inner::load_gvl(&self.inner, done);
    }

    /// Restores the stored choice, renders the (hidden) UI and shows the banner when a choice is
    /// needed. Runs once. Releases nothing: the facade first pushes the Consent Mode state for
    /// this load, then calls `release()`, so tags never run ahead of their consent signals.
    pub fn start(&self) -> Result<(), JsValue> {
        let inner = &self.inner;
        if inner.started.replace(true) {
            return Ok(());
        }
        let now = env::now();
        let restored = {
            let mut m = inner.machine.borrow_mut();
            m.set_gpc(env::gpc());
            let stored = inner.store.load();
            m.restore(stored.as_deref(), now)
        };
        if let Restore::Rejected(problem) = restored {
            // Unreadable or stale: it counts as no decision; cleared (unless merely expired) so
            // nothing half-trusts it later.
            if problem.clears_storage() {
                inner.store.clear();
            }
        }
        // Opt-out mode with Global Privacy Control and no choice on record: the signal is the choice,
        // stored like one; this once the banner says so (with the way to change it).
        let honoured = {
            let mut m = inner.machine.borrow_mut();
            let expires_at = m.honour_gpc(now, env::random16()).map(|d| d.expires_at);
            expires_at.zip(m.record_json())
        };
        if let Some((expires_at, record)) = &honoured {
            inner
                .store
                .save(record, expires_at.saturating_sub(now) / 1000);
            inner.append_receipt(now);
        }
        inner.retire_vendors(now);
        let ui = Inner::ui(inner)?;
        if honoured.is_some() {
            ui.show_banner_saying(inner.texts.get(Key::GpcHonoured));
        } else if inner.machine.borrow().needs_prompt() {
            ui.show_banner();
        } else {
            // A returning visitor: no banner, but the way back to the choice is there.
            ui.hide_banner();
        }
        Inner::listen_placeholders(inner)?;
        Ok(())
    }

    /// Runs the core's side of Accept all and of Reject all once, on a copy of the machine, and
    /// drops the results: V8 compiles a wasm function on its first call, so the first click would
    /// otherwise pay for compiling the decision, record, receipt and gating code (compiled lazily,
    /// the click took 0.6 ms longer to stored and 1.4 ms to the gated tag at CPU x1 than with the
    /// whole module compiled ahead; this warm-up wins back 0.26 and 0.4 of it, the rest is the
    /// page-side code, which cannot run without its effects). Stores, shows, releases and tells nothing.
    /// The facade calls it when the page is idle and a banner is waiting for a choice.
    pub fn warm(&self) {
        self.inner.warm();
    }

    /// The current state as JSON.
    pub fn state(&self) -> String {
        Inner::lapse(&self.inner);
        self.inner.machine.borrow().state().to_json()
    }

    pub fn granted(&self, purpose: &str) -> bool {
        Inner::lapse(&self.inner);
        self.inner.machine.borrow().granted(purpose)
    }

    #[wasm_bindgen(js_name = acceptAll)]
    pub fn accept_all(&self) -> String {
        self.inner
            .decide(Decide::AcceptAll, Source::Api)
            .unwrap_or_default()
    }

    #[wasm_bindgen(js_name = rejectAll)]
    pub fn reject_all(&self) -> String {
        self.inner
            .decide(Decide::RejectAll, Source::Api)
            .unwrap_or_default()
    }

    /// The "Do Not Sell or Share My Personal Information" link: the purposes an opt-out refuses
    /// are denied (see `Config::refused_by_opt_out`), the rest kept.
    #[wasm_bindgen(js_name = optOutOfSale)]
    pub fn opt_out_of_sale(&self) -> String {
        self.inner
            .decide(Decide::OptOutOfSale, Source::Banner)
            .unwrap_or_default()
    }

    /// A partial choice `{purposes, vendors}` as JSON. Throws a `ConsentError` on unknown ids.
    pub fn update(&self, choice_json: &str) -> Result<String, JsValue> {
        let choice = Choice::from_json(choice_json).map_err(|e| error::to_js(&e))?;
        self.inner
            .decide(Decide::Save(choice), Source::Api)
            .map_err(|e| error::to_js(&e))
    }

    #[wasm_bindgen(js_name = showBanner)]
    pub fn show_banner(&self) -> Result<(), JsValue> {
        Inner::ui(&self.inner)?.show_banner();
        Ok(())
    }

    #[wasm_bindgen(js_name = showPreferences)]
    pub fn show_preferences(&self) -> Result<(), JsValue> {
        let ui = Inner::ui(&self.inner)?;
        self.inner.open_preferences(&ui);
        Ok(())
    }

    /// Re-runs gating for the current state: held tags and embeds added since the last run.
    pub fn release(&self) {
        let state = self.inner.machine.borrow().state();
        self.inner.release(&state);
    }

    /// Whether a request to `url` may leave the page (its host is no vendor's, or a granted one's).
    #[wasm_bindgen(js_name = urlAllowed)]
    pub fn url_allowed(&self, url: &str) -> bool {
        Inner::lapse(&self.inner);
        let m = self.inner.machine.borrow();
        hosts::url_allowed(m.config(), &env::host(), url, || m.state())
    }

    /// `minimize(event, {destination})` on JSON text: the minimized copy as JSON text, or undefined
    /// when the policy drops the event. Throws a `ConsentError` for an unknown destination or bad JSON.
    #[cfg(feature = "minimize")]
    pub fn minimize(&self, destination: &str, event_json: &str) -> Result<Option<String>, JsValue> {
        self.inner
            .with_ctx(|ctx| ctx.event_json(destination, event_json))
            .map_err(|e| error::to_js(&e))
    }

    /// The network layer's verdict on a request: `[]` (not a destination's), `["block", vendor,
    /// reason]` or `["send", url, body?]`. `opaque`: the body exists but is not text.
    #[cfg(feature = "minimize")]
    pub fn request(&self, url: &str, body: Option<String>, opaque: bool) -> Vec<String> {
        Inner::lapse(&self.inner);
        let trusted = self.inner.trusted.borrow();
        match self
            .inner
            .with_ctx(|ctx| ctx.request(&env::host(), url, body.as_deref(), opaque, &trusted))
        {
            Verdict::Pass => Vec::new(),
            Verdict::Block(v, why) => vec!["block".into(), v, why.into()],
            Verdict::Send(u, b) => ["send".into(), u].into_iter().chain(b).collect(),
            Verdict::SendBytes(..) => Vec::new(),
        }
    }

    /// The verdict on a request with a binary body (`Uint8Array`): `[]` (not a destination's),
    /// `["block", vendor, reason]` or `["send", url, Uint8Array]` (gzip/zlib inflated, minimized and
    /// wrapped again; UTF-8 read as text; other binary blocked).
    #[cfg(feature = "minimize")]
    #[wasm_bindgen(js_name = requestBytes)]
    pub fn request_bytes(&self, url: &str, body: &[u8]) -> Vec<JsValue> {
        let trusted = self.inner.trusted.borrow();
        let s = |t: &str| JsValue::from_str(t);
        match self
            .inner
            .with_ctx(|ctx| ctx.request_bytes(&env::host(), url, body, &trusted))
        {
            Verdict::Block(v, why) => vec![s("block"), s(&v), s(why)],
            Verdict::SendBytes(u, b) => {
                vec![s("send"), s(&u), js_sys::Uint8Array::from(&b[..]).into()]
            }
            _ => Vec::new(),
        }
    }

    /// An adapter (`"posthog"`: posthog-js `before_send`, `"segment"`: the analytics-next plugin)
    /// minimizes this destination's events in the page: its requests to that client's event
    /// endpoints are then only gated, not rewritten again (`core::minimize::Adapter`). An unknown
    /// adapter name trusts nothing.
    #[cfg(feature = "minimize")]
    pub fn trust(&self, destination: &str, adapter: &str) {
        let Some(a) = crate::core::minimize::Adapter::named(adapter) else {
            return;
        };
        let mut t = self.inner.trusted.borrow_mut();
        if !t.iter().any(|(d, b)| d == destination && *b == a) {
            t.push((destination.into(), a));
        }
    }

    /// The id of the vendor `url` belongs to (by host and path, from this page: `hosts::route`).
    #[wasm_bindgen(js_name = vendorForUrl)]
    pub fn vendor_for_url(&self, url: &str) -> Option<String> {
        let m = self.inner.machine.borrow();
        hosts::vendor_for_url(m.config(), &env::host(), url).map(|v| v.id.clone())
    }

    /// Every configured signal's output for `"default"`, `"load"` or `"update"`: `[[name, output], …]`
    /// as JSON (see `core::signals`); the facade hands each to the early layer's handler.
    pub fn signals(&self, moment: &str) -> String {
        match signals::Moment::parse(moment) {
            Some(m) => signals::outputs(&self.inner.machine.borrow(), m),
            None => "[]".into(),
        }
    }

    /// Closes banner and dialog without deciding anything.
    pub fn hide(&self) {
        if let Some(ui) = self.inner.ui.borrow().clone() {
            ui.hide_banner();
            ui.close_preferences();
        }
    }

    /// Erases the stored choice and what the configured vendors stored, then asks again. Returns what
    /// it erased as JSON, `{record, cookies, localStorage, sessionStorage, receiptsKept}` (names; the
    /// receipts the visitor keeps are not erased); the new state follows from `state()`.
    pub fn forget(&self) -> String {
        let inner = &self.inner;
        let all: Vec<String> = {
            let mut m = inner.machine.borrow_mut();
            m.forget();
            m.config().vendors.iter().map(|v| v.id.clone()).collect()
        };
        let record = inner.store.clear();
        let erased = inner.erase_vendors(&all);
        if let Ok(ui) = Inner::ui(inner) {
            ui.close_preferences();
            if inner.machine.borrow().needs_prompt() {
                ui.show_banner();
            }
        }
        inner.changed();
        let kept = inner.store.receipts().lines().count() as u64;
        let mut w = Writer::new();
        w.obj().key("record").bool(record);
        for (key, names) in [
            ("cookies", &erased.cookies),
            ("localStorage", &erased.local),
            ("sessionStorage", &erased.session),
        ] {
            w.key(key).strs(names);
        }
        w.key("receiptsKept").int(kept).end_obj();
        w.finish()
    }

    /// Every receipt kept on this device, oldest first, one a line (NDJSON): a chain, each linking to
    /// the one before (core::receipt::build_linked; `npx consent-sieve verify` checks it).
    pub fn receipts(&self) -> String {
        self.inner.store.receipts()
    }

    /// The consent receipt of the current choice (JSON).
    pub fn receipt(&self) -> String {
        receipt::build(&self.inner.machine.borrow(), &self.inner.texts, env::now())
    }

    /// `"persistent"` or `"memory"` (storage blocked: the choice lasts for this page only).
    #[wasm_bindgen(js_name = storageMode)]
    pub fn storage_mode(&self) -> String {
        self.inner.store.mode().into()
    }
}

/// One GVL fetch in flight: what it is for, and `done` to call once.
#[cfg(feature = "iab")]
struct GvlFetch {
    inner: Weak<Inner>,
    url: String,
    ids: Vec<u16>,
    version: Option<u16>,
    done: js_sys::Function,
    finished: std::cell::Cell<bool>,
}

#[cfg(feature = "iab")]
impl GvlFetch {
    /// The fetch's outcome: the GVL text, or why there is none.
    fn finish(&self, got: Result<String, String>) {
        if self.finished.replace(true) {
            return;
        }
        use crate::core::tcf::gvl;
        if let Some(inner) = self.inner.upgrade() {
            let read = got
                .map_err(|why| gvl::unavailable(&self.url, &why))
                .and_then(|text| gvl::Gvl::parse_subset(&text, &self.ids))
                .and_then(|(g, subset)| Ok((gvl::check_version(g, self.version)?, subset)));
            match read {
                Ok((g, subset)) => {
                    // Cached even when late: the next page has it at once.
                    inner.store.save_gvl_cache(&gvl::cache_entry(
                        &subset,
                        &self.url,
                        &self.ids,
                        env::now(),
                    ));
                    if inner.started.get() {
                        env::warn("consent-sieve: the Global Vendor List arrived late (after 5 s): cached for the next page");
                    } else {
                        inner.use_gvl(g);
                    }
                }
                Err(e) => env::error(&gvl::refused(&self.url, &e)),
            }
        }
        let _ = self.done.call0(&JsValue::NULL);
    }
}

/// A promise callback that ends `fetch` with `why` (a rejected fetch or body).
#[cfg(feature = "iab")]
fn gvl_failed(fetch: &Rc<GvlFetch>, why: &'static str) -> Closure<dyn FnMut(JsValue)> {
    let fetch = fetch.clone();
    Closure::new(move |_: JsValue| fetch.finish(Err(why.into())))
}

enum Decide {
    AcceptAll,
    RejectAll,
    OptOutOfSale,
    Save(Choice),
}

#[cfg(feature = "iab")]
impl Inner {
    fn load_gvl(this: &Rc<Inner>, done: js_sys::Function) {
        use crate::core::tcf::gvl;
        let want = {
            let m = this.machine.borrow();
            m.config()
                .tcf
                .as_ref()
                .and_then(|t| Some((t.gvl_url.clone()?, t.vendor_list_version)))
                .map(|(url, version)| (url, version, gvl::wanted(m.config())))
        };
        let Some((url, version, ids)) = want else {
            let _ = done.call0(&JsValue::NULL);
            return;
        };
        // A fresh copy for this URL, vendor subset and version: no request at all.
        if let Some(g) = this
            .store
            .gvl_cache()
            .and_then(|e| gvl::from_cache(&e, &url, &ids, version, env::now()))
        {
            this.use_gvl(g);
            let _ = done.call0(&JsValue::NULL);
            return;
        }
        let fetch = Rc::new(GvlFetch {
            inner: Rc::downgrade(this),
            url,
            ids,
            version,
            done,
            finished: std::cell::Cell::new(false),
        });
        let Some(w) = env::window() else {
            fetch.finish(Err("no window".into()));
            return;
        };
        let on_text = {
            let f = fetch.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |t: JsValue| {
                f.finish(t.as_string().ok_or_else(|| "the body is not text".into()))
            })
        };
        let body_failed = gvl_failed(&fetch, "the body could not be read");
        let on_response = {
            let f = fetch.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |r: JsValue| {
                let r: web_sys::Response = r.unchecked_into();
                if !r.ok() {
                    f.finish(Err(cat(&[
                        "HTTP status ",
                        &crate::core::error::num(r.status().into(), 1),
                    ])));
                    return;
                }
                match r.text() {
                    Ok(p) => {
                        let _ = p.then2(&on_text, &body_failed);
                    }
                    Err(_) => f.finish(Err("the body could not be read".into())),
                }
            })
        };
        let failed = gvl_failed(
            &fetch,
            "the request failed (network error, blocked or not allowed by CORS)",
        );
        let _ = w.fetch_with_str(&fetch.url).then2(&on_response, &failed);
        // Called at most once each, once per page: kept alive for good.
        on_response.forget();
        failed.forget();
    }

    /// Hands the GVL to the core; the config's vendors it lacks (or marks deleted) are named once.
    fn use_gvl(&self, g: crate::core::tcf::gvl::Gvl) {
        let mut m = self.machine.borrow_mut();
        for e in g.unlisted(m.config()) {
            env::warn(&e.message());
        }
        m.set_gvl(g);
    }
}

impl Inner {
    /// The minimization context: the config and the current consent, now.
    #[cfg(feature = "minimize")]
    fn with_ctx<T>(&self, f: impl FnOnce(&Ctx) -> T) -> T {
        let m = self.machine.borrow();
        let state = m.state();
        f(&Ctx {
            config: m.config(),
            state: &state,
            now: env::now(),
        })
    }

    /// The UI, built on first use. Click handlers hold a weak reference, so they do nothing once
    /// the manager is gone.
    fn ui(this: &Rc<Inner>) -> Result<Rc<Ui>, JsValue> {
        if let Some(ui) = this.ui.borrow().as_ref() {
            return Ok(ui.clone());
        }
        let doc = env::document().ok_or_else(|| JsValue::from_str("no document"))?;
        let weak: Weak<Inner> = Rc::downgrade(this);
        let on = Rc::new(move |action: Action| {
            if let Some(inner) = weak.upgrade() {
                inner.on_action(action);
            }
        });
        // No borrow of the machine while the DOM is built: page code can run inside (the early
        // layer's wrappers of the insertion methods and setAttribute), and may ask the core about a
        // request, which borrows the machine again.
        let config = this.machine.borrow().shared_config();
        #[cfg(feature = "iab")]
        let gvl = this.machine.borrow().shared_gvl();
        #[cfg(feature = "iab")]
        let layers = gvl.as_deref().map(|g| {
            crate::core::tcf::layers::Layers::build(
                &config,
                g,
                &Default::default(),
                &this.texts.lang,
            )
        });
        let ui = Rc::new(Ui::build(
            &doc,
            &config,
            &this.texts,
            #[cfg(feature = "iab")]
            layers.as_ref(),
            on,
        )?);
        *this.ui.borrow_mut() = Some(ui.clone());
        Ok(ui)
    }

    fn open_preferences(&self, ui: &Ui) {
        #[cfg(feature = "iab")]
        ui.show_tcf(&self.machine.borrow().tcf_choice());
        let state = self.machine.borrow().state();
        ui.open_preferences(
            |id| state.purposes.get(id) == Some(&true),
            |id| state.vendors.get(id) == Some(&true),
        );
    }

    /// One listener for every embed placeholder on the page: "Load this once" loads that embed
    /// only; "Always allow <vendor>" grants the vendor (a choice, persisted like any other).
    fn listen_placeholders(this: &Rc<Inner>) -> Result<(), JsValue> {
        let doc = env::document().ok_or_else(|| JsValue::from_str("no document"))?;
        let weak: Weak<Inner> = Rc::downgrade(this);
        let cb = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let Some(button) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| {
                    t.closest("[data-consent-sieve='placeholder'] [data-action]")
                        .ok()
                        .flatten()
                })
            else {
                return;
            };
            let Some(placeholder) = button
                .closest("[data-consent-sieve='placeholder']")
                .ok()
                .flatten()
            else {
                return;
            };
            ev.prevent_default();
            match button.get_attribute("data-action").as_deref() {
                Some("load-once") => {
                    if let Some(embed) = placeholder.next_element_sibling() {
                        super::gate::load_embed(&embed);
                    }
                }
                Some("allow-vendor") => {
                    if let (Some(inner), Some(vendor)) =
                        (weak.upgrade(), placeholder.get_attribute("data-vendor"))
                    {
                        let mut choice = Choice::default();
                        choice.vendors.insert(vendor, true);
                        let _ = inner.decide(Decide::Save(choice), Source::Banner);
                    }
                }
                _ => {}
            }
        });
        doc.add_event_listener_with_callback("click", cb.as_ref().unchecked_ref())?;
        cb.forget();
        Ok(())
    }

    fn on_action(self: Rc<Self>, action: Action) {
        let _ = match action {
            Action::AcceptAll => self.decide(Decide::AcceptAll, Source::Banner),
            Action::RejectAll => self.decide(Decide::RejectAll, Source::Banner),
            Action::Save => {
                let (purposes, vendors) = self
                    .ui
                    .borrow()
                    .as_ref()
                    .map(|ui| ui.choices())
                    .unwrap_or_default();
                let choice = Choice {
                    purposes: purposes.into_iter().collect(),
                    vendors: vendors.into_iter().collect(),
                    #[cfg(feature = "iab")]
                    tcf: self.ui.borrow().as_ref().and_then(|ui| ui.tcf_choice()),
                };
                self.decide(Decide::Save(choice), Source::Banner)
            }
            Action::Download => {
                let chain = self.store.receipts();
                let json = cat(&["[", &chain.lines().collect::<Vec<_>>().join(","), "]"]);
                if let Some(ui) = self.ui.borrow().as_ref() {
                    ui.download("consent-receipts.json", &json);
                }
                Ok(String::new())
            }
            Action::Preferences => {
                if let Some(ui) = self.ui.borrow().clone() {
                    self.open_preferences(&ui);
                }
                Ok(String::new())
            }
            Action::Close => {
                if let Some(ui) = self.ui.borrow().as_ref() {
                    ui.close_preferences();
                }
                Ok(String::new())
            }
        };
    }

    /// A decision whose time ran out while the page stayed open lapses (`Machine::expire`): the page
    /// is told, requests to vendors stop, and the banner asks again. Checked whenever the page asks
    /// about the state or a request.
    fn lapse(inner: &Rc<Inner>) {
        if !inner.started.get() || !inner.machine.borrow_mut().expire(env::now()) {
            return;
        }
        inner.changed();
        if let Ok(ui) = Inner::ui(inner) {
            ui.show_banner();
        }
    }

    /// Applies a decision: persist, close the UI, erase what withdrawn vendors stored, release the
    /// tags now allowed, tell the page. No borrow is held while page code (tags, listeners) runs.
    fn decide(&self, what: Decide, source: Source) -> Result<String, crate::core::ConsentError> {
        let now = env::now();
        let random = env::random16();
        let (before, record, expires_at) = {
            let mut m = self.machine.borrow_mut();
            let before = m.state();
            let decision = match what {
                Decide::AcceptAll => m.accept_all(source, now, random),
                Decide::RejectAll => m.reject_all(source, now, random),
                Decide::OptOutOfSale => m.opt_out_of_sale(now, random),
                Decide::Save(choice) => m.save(&choice, source, now, random)?,
            };
            let expires_at = decision.expires_at;
            (before, m.record_json(), expires_at)
        };
        if let Some(record) = record {
            self.store
                .save(&record, expires_at.saturating_sub(now) / 1000);
            self.append_receipt(now);
        }
        if let Some(ui) = self.ui.borrow().clone() {
            ui.hide_banner();
            ui.close_preferences();
        }
        let change = Change {
            before,
            after: self.machine.borrow().state(),
        };
        self.erase_vendors(&change.withdrawn_vendors());
        let reload = change.reloads(self.machine.borrow().config());
        let after = change.after;
        // Tell the page first (the facade pushes the Consent Mode update synchronously), then
        // release what the choice allows, so tags never run ahead of their consent signals.
        let json = self.changed();
        self.release(&after);
        if reload {
            // Code that already ran can only be stopped by a new page.
            if let Some(w) = env::window() {
                let _ = w.location().reload();
            }
        }
        Ok(json)
    }

    /// `ConsentManager::warm`: the pure part of `decide`, on a copy, for both first-layer choices.
    fn warm(&self) {
        let now = env::now();
        // No page code runs below: the borrow is held throughout, and only copies are decided.
        let m = self.machine.borrow();
        let before = m.state();
        let config = m.shared_config();
        let chain = self.store.receipts();
        for accept in [true, false] {
            let mut m = m.clone();
            if accept {
                m.accept_all(Source::Banner, now, [0; 16]);
            } else {
                m.reject_all(Source::Banner, now, [0; 16]);
            }
            let _ = m.record_json();
            let _ = receipt::build_linked(&m, &self.texts, now, receipt::last_line(&chain));
            let change = Change {
                before: before.clone(),
                after: m.state(),
            };
            let _ = change.withdrawn_vendors();
            let _ = change.reloads(&config);
            let _ = change.after.to_json();
            // The gating rule for one purpose and for several (any ids: the code is what is warmed).
            for p in ["analytics", "marketing analytics"] {
                let _ = crate::core::gate::allowed(&config, &change.after, Some(p), None);
            }
        }
    }

    /// Appends the line `line` makes from the kept chain (none: nothing to append) to it. `line`
    /// may borrow the machine: the borrow ends before storage is written (page code can run there).
    fn append_to_chain(&self, line: impl FnOnce(&str) -> Option<String>) {
        let chain = self.store.receipts();
        if let Some(line) = line(&chain) {
            self.store
                .save_receipts(&receipt::append_kept(&chain, &line));
        }
    }

    /// Appends the receipt of the decision now in force to the kept chain.
    fn append_receipt(&self, now: u64) {
        self.append_to_chain(|chain| {
            let m = self.machine.borrow();
            Some(receipt::build_linked(
                &m,
                &self.texts,
                now,
                receipt::last_line(chain),
            ))
        });
    }

    /// Incident response: what `retired` vendors stored is erased on every load (they are never
    /// granted, so their tags and requests stay blocked); the chain records the erasure once.
    fn retire_vendors(&self, now: u64) {
        let retired: Vec<String> = {
            let m = self.machine.borrow();
            m.config()
                .vendors
                .iter()
                .filter(|v| v.retired)
                .map(|v| v.id.clone())
                .collect()
        };
        if retired.is_empty() {
            return;
        }
        self.erase_vendors(&retired);
        let random = env::random16();
        self.append_to_chain(|chain| {
            let m = self.machine.borrow();
            let todo = receipt::unrecorded_retirements(m.config(), chain);
            if todo.is_empty() {
                return None;
            }
            let last = receipt::last_line(chain);
            receipt::erasure(m.config(), &todo, now, random, last).ok()
        });
    }

    fn erase_vendors(&self, ids: &[String]) -> Erased {
        let m = self.machine.borrow();
        let vendors: Vec<_> = ids.iter().filter_map(|id| m.config().vendor(id)).collect();
        let cookies: Vec<&str> = vendors
            .iter()
            .flat_map(|v| v.cookies.iter().map(String::as_str))
            .collect();
        let keys: Vec<&str> = vendors
            .iter()
            .flat_map(|v| v.storage_keys.iter().map(String::as_str))
            .collect();
        self.store.erase_matching(&cookies, &keys)
    }

    fn release(&self, state: &ConsentState) {
        if let Some(doc) = env::document() {
            // Shared, so tags that call back into the SDK while they run find nothing borrowed.
            let config = self.machine.borrow().shared_config();
            self.gate.run(&doc, &config, state, &self.texts);
        }
    }

    /// Calls the facade's change callback with the new state; a throwing listener is its problem.
    fn changed(&self) -> String {
        let json = self.machine.borrow().state().to_json();
        let _ = self
            .on_change
            .call1(&JsValue::NULL, &JsValue::from_str(&json));
        json
    }
}
