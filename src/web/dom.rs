//! The banner and the preferences dialog, built with text nodes only (config text never goes
//! through `innerHTML`). Layout and look come from the stylesheet; this file sets structure,
//! roles, labels, focus and the keyboard. It reports what the person did and decides nothing.
use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, KeyboardEvent};

use crate::core::error::cat;
use crate::core::inventory;
use crate::core::map::Map;
use crate::core::policy::texts::{Key, Texts};
use crate::core::Config;

/// What the person did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    AcceptAll,
    RejectAll,
    Preferences,
    Save,
    Close,
    Download,
}

impl Action {
    fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "accept-all" => Action::AcceptAll,
            "reject-all" => Action::RejectAll,
            "preferences" => Action::Preferences,
            "save" => Action::Save,
            "download" => Action::Download,
            "close" => Action::Close,
            _ => return None,
        })
    }
}

pub struct Ui {
    /// The banner blocks the page until a choice (forced mode or the modal layout).
    blocking: bool,
    /// The floating re-open button, when the page has no re-open link of its own.
    reopen: Option<Element>,
    /// A polite live region inside the banner: the banner is announced when it appears.
    announce: Element,
    /// Elements this UI made `inert` (and only those are released again).
    inerted: RefCell<Vec<Element>>,
    banner: Element,
    overlay: Element,
    dialog: HtmlElement,
    /// Optional purposes' switches.
    switches: Vec<(String, HtmlInputElement)>,
    /// Vendor switches (a vendor appears under each of its purposes), with the vendor's purposes.
    vendor_switches: Rc<Vec<VendorSwitch>>,
    return_focus: RefCell<Option<HtmlElement>>,
    /// The TCF layers' switches (full core, with a GVL).
    #[cfg(feature = "iab")]
    tcf: super::tcf::Switches,
}

struct VendorSwitch {
    vendor: String,
    purposes: Vec<String>,
    input: HtmlInputElement,
}

/// Marks a vendor switch the person changed themselves: only those become explicit choices.
const TOUCHED: &str = "data-touched";

type Handler = Rc<dyn Fn(Action)>;

/// `(id, on)` pairs read off the switches.
pub type Flags = Vec<(String, bool)>;

pub(super) fn el(doc: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

pub(super) fn with_text(
    doc: &Document,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<Element, JsValue> {
    let e = el(doc, tag, class)?;
    e.append_child(&doc.create_text_node(text))?;
    Ok(e)
}

pub(super) fn append(parent: &Element, child: &Element) -> Result<(), JsValue> {
    parent.append_child(child)?;
    Ok(())
}

pub(super) fn attrs(e: &Element, pairs: &[(&str, &str)]) -> Result<(), JsValue> {
    for (k, v) in pairs {
        e.set_attribute(k, v)?;
    }
    Ok(())
}

fn button(doc: &Document, action: &str, text: &str) -> Result<Element, JsValue> {
    let b = with_text(doc, "button", "cs-btn", text)?;
    attrs(&b, &[("type", "button"), ("data-action", action)])?;
    Ok(b)
}

pub(super) fn link(doc: &Document, href: &str, text: &str) -> Result<Element, JsValue> {
    let a = with_text(doc, "a", "cs-link", text)?;
    attrs(
        &a,
        &[
            ("href", href),
            ("target", "_blank"),
            ("rel", "noopener noreferrer"),
        ],
    )?;
    Ok(a)
}

/// "What is shared" under a vendor: a disclosure with the core's rows (`inventory::shared`) as a
/// description list; a row of several lines is a list.
fn shared(
    doc: &Document,
    config: &Config,
    v: &crate::core::policy::Vendor,
    texts: &Texts,
) -> Result<Element, JsValue> {
    let details = el(doc, "details", "cs-shared")?;
    let summary = with_text(doc, "summary", "", texts.get(Key::WhatIsShared))?;
    summary.set_attribute(
        "aria-label",
        &cat(&[&v.name, ": ", texts.get(Key::WhatIsShared)]),
    )?;
    append(&details, &summary)?;
    let dl = el(doc, "dl", "")?;
    for (term, lines) in inventory::shared(config, v, texts) {
        append(&dl, &with_text(doc, "dt", "", &term)?)?;
        let dd = el(doc, "dd", "")?;
        if let [one] = lines.as_slice() {
            dd.append_child(&doc.create_text_node(one))?;
        } else {
            let ul = el(doc, "ul", "")?;
            for line in &lines {
                append(&ul, &with_text(doc, "li", "", line)?)?;
            }
            append(&dd, &ul)?;
        }
        append(&dl, &dd)?;
    }
    append(&details, &dl)?;
    Ok(details)
}

/// Routes clicks on `[data-action]` inside `root` to the handler.
fn listen_clicks(root: &Element, on: &Handler) -> Result<(), JsValue> {
    let on = on.clone();
    let cb = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let action = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-action]").ok().flatten())
            .and_then(|b| b.get_attribute("data-action"))
            .and_then(|a| Action::parse(&a));
        if let Some(a) = action {
            ev.prevent_default();
            on(a);
        }
    });
    root.add_event_listener_with_callback("click", cb.as_ref().unchecked_ref())?;
    cb.forget();
    Ok(())
}

impl Ui {
    pub fn build(
        doc: &Document,
        config: &Rc<Config>,
        texts: &Texts,
        #[cfg(feature = "iab")] layers: Option<&crate::core::tcf::layers::Layers>,
        on: Handler,
    ) -> Result<Ui, JsValue> {
        let body = doc.body().ok_or_else(|| JsValue::from_str("no <body>"))?;
        let t = |k: Key| texts.get(k);

        // First layer.
        let banner = el(doc, "div", &theme_class("cs-banner", config))?;
        attrs(
            &banner,
            &[
                ("data-consent-sieve", "banner"),
                ("role", "dialog"),
                (
                    "aria-modal",
                    if config.ui.blocking() {
                        "true"
                    } else {
                        "false"
                    },
                ),
                ("aria-labelledby", "cs-banner-title"),
                ("aria-describedby", "cs-banner-desc"),
                ("lang", &texts.lang),
                ("dir", texts.dir),
                ("hidden", ""),
                // Focusable by script only: a blocking banner takes focus itself, so no choice is
                // the highlighted one.
                ("tabindex", "-1"),
            ],
        )?;
        let announce = el(doc, "p", "cs-sr-only")?;
        attrs(&announce, &[("role", "status"), ("aria-live", "polite")])?;
        banner.append_child(&announce)?;
        let inner = el(doc, "div", "cs-banner-inner")?;
        let title = with_text(doc, "h2", "cs-title", t(Key::BannerTitle))?;
        title.set_id("cs-banner-title");
        let desc = with_text(doc, "p", "cs-text", t(Key::BannerText))?;
        desc.set_id("cs-banner-desc");
        if let Some(url) = &config.privacy_policy_url {
            desc.append_child(&doc.create_text_node(" "))?;
            append(&desc, &link(doc, url, t(Key::PrivacyPolicy))?)?;
        }
        #[cfg(feature = "iab")]
        if let Some(l) = layers {
            super::tcf::first_layer(doc, &desc, l, texts)?;
        }
        let actions = el(doc, "div", "cs-actions")?;
        append(&actions, &button(doc, "accept-all", t(Key::AcceptAll))?)?;
        append(&actions, &button(doc, "reject-all", t(Key::RejectAll))?)?;
        append(&actions, &button(doc, "preferences", t(Key::Preferences))?)?;
        inner.append_child(&title)?;
        inner.append_child(&desc)?;
        inner.append_child(&actions)?;
        banner.append_child(&inner)?;

        // Preferences dialog.
        let overlay = el(doc, "div", &theme_class("cs-overlay", config))?;
        attrs(
            &overlay,
            &[
                ("data-consent-sieve", "preferences"),
                ("lang", &texts.lang),
                ("dir", texts.dir),
                ("hidden", ""),
            ],
        )?;
        let dialog = el(doc, "div", "cs-dialog")?;
        attrs(
            &dialog,
            &[
                ("role", "dialog"),
                ("aria-modal", "true"),
                ("aria-labelledby", "cs-prefs-title"),
                ("aria-describedby", "cs-prefs-desc"),
                ("tabindex", "-1"),
            ],
        )?;
        let head = el(doc, "div", "cs-dialog-head")?;
        let ptitle = with_text(doc, "h2", "cs-title", t(Key::PrefsTitle))?;
        ptitle.set_id("cs-prefs-title");
        let close = with_text(doc, "button", "cs-close", "×")?;
        attrs(
            &close,
            &[
                ("type", "button"),
                ("data-action", "close"),
                ("aria-label", t(Key::Close)),
            ],
        )?;
        head.append_child(&ptitle)?;
        head.append_child(&close)?;
        let pdesc = with_text(doc, "p", "cs-text", t(Key::PrefsText))?;
        pdesc.set_id("cs-prefs-desc");
        let list = el(doc, "ul", "cs-purposes")?;
        let mut switches = Vec::new();
        let mut vendor_switches = Vec::new();
        let mut required: Vec<String> = Vec::new();
        for p in &config.purposes {
            let item = el(doc, "li", "cs-purpose")?;
            let row = el(doc, "div", "cs-purpose-head")?;
            let input: HtmlInputElement = doc.create_element("input")?.unchecked_into();
            let input_id = cat(&["cs-p-", &p.id]);
            let desc_id = cat(&["cs-pd-", &p.id]);
            attrs(
                &input,
                &[
                    ("type", "checkbox"),
                    ("role", "switch"),
                    ("class", "cs-switch"),
                    ("id", &input_id),
                    ("data-purpose", &p.id),
                ],
            )?;
            if p.required {
                input.set_checked(true);
                input.set_disabled(true);
            }
            let label = with_text(doc, "label", "cs-purpose-label", p.label.get(&texts.lang))?;
            label.set_attribute("for", &input_id)?;
            row.append_child(&input)?;
            row.append_child(&label)?;
            if p.required {
                append(
                    &row,
                    &with_text(doc, "span", "cs-badge", t(Key::AlwaysActive))?,
                )?;
            }
            item.append_child(&row)?;
            if let Some(d) = &p.description {
                let pd = with_text(doc, "p", "cs-purpose-desc", d.get(&texts.lang))?;
                pd.set_id(&desc_id);
                input.set_attribute("aria-describedby", &desc_id)?;
                item.append_child(&pd)?;
            }
            let vendors: Vec<_> = config.vendors_of(&p.id).collect();
            if !vendors.is_empty() {
                append(
                    &item,
                    &with_text(doc, "p", "cs-vendors-title", t(Key::Vendors))?,
                )?;
                let vl = el(doc, "ul", "cs-vendors")?;
                for v in vendors {
                    let li = el(doc, "li", "cs-vendor")?;
                    let vin: HtmlInputElement = doc.create_element("input")?.unchecked_into();
                    let vid = cat(&["cs-v-", &p.id, "-", &v.id]);
                    attrs(
                        &vin,
                        &[
                            ("type", "checkbox"),
                            ("role", "switch"),
                            ("class", "cs-switch cs-switch-sm"),
                            ("id", &vid),
                            ("data-vendor", &v.id),
                        ],
                    )?;
                    let required_only = config.required_only(v);
                    if required_only {
                        vin.set_checked(true);
                        vin.set_disabled(true);
                    }
                    let vlabel = with_text(doc, "label", "cs-vendor-label", &v.name)?;
                    vlabel.set_attribute("for", &vid)?;
                    li.append_child(&vin)?;
                    li.append_child(&vlabel)?;
                    if let Some(url) = &v.privacy_policy_url {
                        li.append_child(&doc.create_text_node(" "))?;
                        let policy = link(doc, url, t(Key::PrivacyPolicy))?;
                        policy.set_attribute(
                            "aria-label",
                            &cat(&[&v.name, ": ", t(Key::PrivacyPolicy)]),
                        )?;
                        append(&li, &policy)?;
                    }
                    append(&li, &shared(doc, config, v, texts)?)?;
                    vl.append_child(&li)?;
                    if !required_only {
                        vendor_switches.push(VendorSwitch {
                            vendor: v.id.clone(),
                            purposes: v.purposes.clone(),
                            input: vin,
                        });
                    }
                }
                item.append_child(&vl)?;
            }
            list.append_child(&item)?;
            if p.required {
                required.push(p.id.clone());
            } else {
                switches.push((p.id.clone(), input));
            }
        }
        #[cfg(feature = "iab")]
        let (tcf_section, tcf) = match layers {
            Some(l) => {
                let (section, sw) = super::tcf::section(doc, config, l, texts)?;
                for (id, input) in &sw.consent {
                    if let Some(v) = config.vendor(id) {
                        vendor_switches.push(VendorSwitch {
                            vendor: id.clone(),
                            purposes: v.purposes.clone(),
                            input: input.clone(),
                        });
                    }
                }
                (Some(section), sw)
            }
            None => (None, super::tcf::Switches::default()),
        };
        let vendor_switches = Rc::new(vendor_switches);
        Self::sync_switches(
            &dialog,
            Rc::clone(config),
            &switches,
            &vendor_switches,
            required,
        )?;
        let dactions = el(doc, "div", "cs-actions")?;
        append(&dactions, &button(doc, "save", t(Key::Save))?)?;
        append(&dactions, &button(doc, "accept-all", t(Key::AcceptAll))?)?;
        append(&dactions, &button(doc, "reject-all", t(Key::RejectAll))?)?;
        dialog.append_child(&head)?;
        dialog.append_child(&pdesc)?;
        dialog.append_child(&list)?;
        #[cfg(feature = "iab")]
        if let Some(section) = &tcf_section {
            dialog.append_child(section)?;
        }
        // Secondary, after the purposes and above the sticky choices: the visitor's receipts as a
        // file (a link-styled button).
        let keep = el(doc, "p", "cs-keep")?;
        let download = with_text(doc, "button", "cs-link", t(Key::DownloadChoices))?;
        attrs(
            &download,
            &[("type", "button"), ("data-action", "download")],
        )?;
        keep.append_child(&download)?;
        dialog.append_child(&keep)?;
        dialog.append_child(&dactions)?;
        overlay.append_child(&dialog)?;

        listen_clicks(&banner, &on)?;
        listen_clicks(&overlay, &on)?;
        let dialog: HtmlElement = dialog.unchecked_into();
        Self::listen_keys(&overlay, &dialog, Some(Action::Close), on.clone())?;
        let blocking = config.ui.blocking();
        if blocking {
            // A blocking banner is a modal dialog: focus stays in it, and Escape does not dismiss it.
            let b: HtmlElement = banner.clone().unchecked_into();
            Self::listen_keys(&banner, &b, None, on.clone())?;
        }
        // Opt-out links the page left empty get the translated "Do Not Sell or Share…" text.
        if let Ok(links) = doc.query_selector_all("[data-consent-sieve-open=\"do-not-sell\"]") {
            for i in 0..links.length() {
                if let Some(l) = links.item(i) {
                    if l.text_content().unwrap_or_default().trim().is_empty() {
                        l.set_text_content(Some(t(Key::DoNotSell)));
                    }
                }
            }
        }
        // A way back to the choice on every page: the floating button, unless the page has its own link.
        let reopen = if config.ui.reopen_always
            || doc
                .query_selector("[data-consent-sieve-open]")
                .ok()
                .flatten()
                .is_none()
        {
            let r = with_text(
                doc,
                "button",
                &theme_class("cs-reopen", config),
                t(Key::PrivacySettings),
            )?;
            attrs(
                &r,
                &[
                    ("type", "button"),
                    ("data-consent-sieve", "reopen"),
                    ("data-action", "preferences"),
                    ("lang", &texts.lang),
                    ("dir", texts.dir),
                    ("hidden", ""),
                ],
            )?;
            listen_clicks(&r, &on)?;
            body.append_child(&r)?;
            Some(r)
        } else {
            None
        };

        // First in tab order; fixed position, so nothing on the page moves.
        body.insert_before(&overlay, body.first_child().as_ref())?;
        body.insert_before(&banner, Some(&overlay))?;
        keep_focus_visible(doc, &banner, reopen.as_ref())?;
        Ok(Ui {
            blocking,
            reopen,
            announce,
            inerted: RefCell::new(Vec::new()),
            banner,
            overlay,
            dialog,
            switches,
            vendor_switches,
            return_focus: RefCell::new(None),
            #[cfg(feature = "iab")]
            tcf,
        })
    }

    /// Keeps the switches consistent while the person works: a purpose switch sets the vendors it
    /// serves (unless the person set that vendor themselves); a vendor switch sets its twins under
    /// the vendor's other purposes and counts as the person's own choice.
    /// The vendor a purpose switch sets follows the core's one rule, `Config::vendor_grants`.
    fn sync_switches(
        dialog: &Element,
        config: Rc<Config>,
        switches: &[(String, HtmlInputElement)],
        vendors: &Rc<Vec<VendorSwitch>>,
        required: Vec<String>,
    ) -> Result<(), JsValue> {
        let purposes: Vec<(String, HtmlInputElement)> = switches.to_vec();
        let vendors = vendors.clone();
        let cb = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let Some(target) = ev
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(vendor) = target.get_attribute("data-vendor") {
                for s in vendors.iter().filter(|s| s.vendor == vendor) {
                    s.input.set_checked(target.checked());
                    let _ = s.input.set_attribute(TOUCHED, "");
                }
            } else if let Some(purpose) = target.get_attribute("data-purpose") {
                let on: Map<bool> = required
                    .iter()
                    .map(|r| (r.clone(), true))
                    .chain(purposes.iter().map(|(p, i)| (p.clone(), i.checked())))
                    .collect();
                let own: Map<bool> = vendors
                    .iter()
                    .filter(|s| s.input.has_attribute(TOUCHED))
                    .map(|s| (s.vendor.clone(), s.input.checked()))
                    .collect();
                let grants = config.vendor_grants(&on, &own);
                for s in vendors.iter() {
                    if s.purposes.contains(&purpose) && !s.input.has_attribute(TOUCHED) {
                        s.input.set_checked(grants.get(&s.vendor) == Some(&true));
                    }
                }
            }
        });
        dialog.add_event_listener_with_callback("change", cb.as_ref().unchecked_ref())?;
        cb.forget();
        Ok(())
    }

    /// Escape closes the dialog; Tab and Shift+Tab cycle inside it (modal focus trap).
    /// Tab and Shift+Tab cycle inside `dialog` (a modal focus trap); Escape reports `escape` if given.
    fn listen_keys(
        root: &Element,
        dialog: &HtmlElement,
        escape: Option<Action>,
        on: Handler,
    ) -> Result<(), JsValue> {
        let dialog = dialog.clone();
        let cb = Closure::<dyn Fn(KeyboardEvent)>::new(move |ev: KeyboardEvent| {
            match ev.key().as_str() {
                "Escape" => {
                    if let Some(action) = escape {
                        ev.prevent_default();
                        on(action);
                    }
                }
                "Tab" => {
                    let Ok(list) = dialog.query_selector_all(
                        "button:not([disabled]),input:not([disabled]),a[href],[tabindex]:not([tabindex='-1'])",
                    ) else {
                        return;
                    };
                    let (Some(first), Some(last)) =
                        (list.get(0), list.get(list.length().saturating_sub(1)))
                    else {
                        return;
                    };
                    let active: Option<web_sys::Node> = dialog
                        .owner_document()
                        .and_then(|d| d.active_element())
                        .map(Into::into);
                    let at_first =
                        active.as_ref() == Some(&first) || active.as_ref() == Some(dialog.as_ref());
                    let target = if ev.shift_key() && at_first {
                        Some(last)
                    } else if !ev.shift_key() && active.as_ref() == Some(&last) {
                        Some(first)
                    } else {
                        None
                    };
                    if let Some(t) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                        ev.prevent_default();
                        let _ = t.focus();
                    }
                }
                _ => {}
            }
        });
        root.add_event_listener_with_callback("keydown", cb.as_ref().unchecked_ref())?;
        cb.forget();
        Ok(())
    }

    pub fn banner_visible(&self) -> bool {
        !self.banner.has_attribute("hidden")
    }

    pub fn dialog_open(&self) -> bool {
        !self.overlay.has_attribute("hidden")
    }

    pub fn show_banner(&self) {
        let _ = self.banner.remove_attribute("hidden");
        if let Some(r) = &self.reopen {
            let _ = r.set_attribute("hidden", "");
        }
        // Announced by screen readers: the live region's text changes after the banner is shown.
        self.announce.set_text_content(None);
        if let Some(title) = self.banner.query_selector(".cs-title").ok().flatten() {
            self.announce
                .set_text_content(title.text_content().as_deref());
        }
        if self.blocking {
            self.set_page_inert(true);
            // The banner itself, not a button: a focus ring on Accept all would highlight it.
            let _ = self.banner.unchecked_ref::<HtmlElement>().focus();
        }
    }

    /// The banner with `text` instead of its usual one (the Global Privacy Control notice).
    pub fn show_banner_saying(&self, text: &str) {
        if let Some(desc) = self.banner.query_selector(".cs-text").ok().flatten() {
            if let Some(first) = desc.first_child() {
                first.set_text_content(Some(text));
            }
        }
        self.show_banner();
    }

    /// Saves `json` as a file named `name` (a link with `download`, clicked once).
    pub fn download(&self, name: &str, json: &str) {
        let Some(doc) = self.banner.owner_document() else {
            return;
        };
        if let Ok(a) = doc.create_element("a") {
            let href = cat(&[
                "data:application/json;charset=utf-8,",
                &String::from(js_sys::encode_uri_component(json)),
            ]);
            let _ = a.set_attribute("href", &href);
            let _ = a.set_attribute("download", name);
            a.unchecked_ref::<HtmlElement>().click();
        }
    }

    pub fn hide_banner(&self) {
        let _ = self.banner.set_attribute("hidden", "");
        self.announce.set_text_content(None);
        if let Some(r) = &self.reopen {
            let _ = r.remove_attribute("hidden");
        }
        self.set_page_inert(false);
    }

    /// Makes everything in `<body>` but our own UI `inert` (no clicks, no focus, and out of a
    /// screen reader's virtual cursor), or releases exactly what it made inert.
    fn set_page_inert(&self, on: bool) {
        if !on {
            for e in self.inerted.borrow_mut().drain(..) {
                let _ = e.remove_attribute("inert");
            }
            return;
        }
        let Some(body) = self.banner.parent_element() else {
            return;
        };
        let children = body.children();
        let mut made = self.inerted.borrow_mut();
        for i in 0..children.length() {
            let Some(c) = children.item(i) else { continue };
            let ours = c == self.banner || c == self.overlay;
            if !ours && !c.has_attribute("inert") && c.tag_name() != "SCRIPT" {
                let _ = c.set_attribute("inert", "");
                made.push(c);
            }
        }
    }

    /// Opens the dialog with the switches showing `granted`, remembering where focus was.
    pub fn open_preferences(
        &self,
        granted: impl Fn(&str) -> bool,
        vendor_granted: impl Fn(&str) -> bool,
    ) {
        for (id, input) in &self.switches {
            input.set_checked(granted(id));
        }
        for s in self.vendor_switches.iter() {
            s.input.set_checked(vendor_granted(&s.vendor));
            let _ = s.input.remove_attribute(TOUCHED);
        }
        if !self.dialog_open() {
            let active = self
                .dialog
                .owner_document()
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            *self.return_focus.borrow_mut() = active;
        }
        let _ = self.overlay.remove_attribute("hidden");
        lock_scroll(&self.dialog, true);
        let first = self
            .switches
            .first()
            .map(|(_, i)| i.clone().unchecked_into::<HtmlElement>())
            .unwrap_or_else(|| self.dialog.clone());
        let _ = first.focus();
    }

    /// Closes the dialog (deciding nothing) and gives focus back to where it was, or to the
    /// banner's Preferences button if the banner is still up.
    pub fn close_preferences(&self) {
        if !self.dialog_open() {
            return;
        }
        let _ = self.overlay.set_attribute("hidden", "");
        lock_scroll(&self.dialog, false);
        let back = self.return_focus.borrow_mut().take();
        let target = back
            // Still in the page and not inside something hidden (a fixed-position control has
            // no offsetParent, so that is no test of visibility).
            .filter(|e| e.is_connected() && e.closest("[hidden]").ok().flatten().is_none())
            .or_else(|| {
                self.banner_visible()
                    .then(|| {
                        self.banner
                            .query_selector("[data-action='preferences']")
                            .ok()
                            .flatten()
                    })
                    .flatten()
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            });
        if let Some(t) = target {
            let _ = t.focus();
        }
    }

    /// The TCF switches as the person left them (`None` without TCF layers).
    #[cfg(feature = "iab")]
    pub fn tcf_choice(&self) -> Option<crate::core::consent::TcfChoice> {
        self.tcf.choice()
    }

    /// Shows the TCF choice in force on the switches (before the dialog opens).
    #[cfg(feature = "iab")]
    pub fn show_tcf(&self, choice: &crate::core::consent::TcfChoice) {
        self.tcf.show(choice);
    }

    /// The switches as the person left them.
    pub fn choices(&self) -> (Flags, Flags) {
        let purposes = self
            .switches
            .iter()
            .map(|(id, i)| (id.clone(), i.checked()))
            .collect();
        let mut vendors: Vec<(String, bool)> = Vec::new();
        for s in self.vendor_switches.iter() {
            if s.input.has_attribute(TOUCHED) && !vendors.iter().any(|(v, _)| *v == s.vendor) {
                vendors.push((s.vendor.clone(), s.input.checked()));
            }
        }
        (purposes, vendors)
    }
}

/// WCAG 2.4.11 (focus not obscured): `--cs-inset` on `<html>` is how far up from the bottom of
/// the viewport our fixed UI reaches (the non-blocking banner, the re-open button; 0 when
/// hidden). The stylesheet makes it the root's `scroll-padding-bottom` (the browser scrolls a
/// focused element clear of it) and `padding-bottom` (the end of the page can scroll clear too).
/// A ResizeObserver keeps it current: they change size when shown, hidden or reflowed. Set
/// through the CSSOM, which a strict CSP allows.
fn keep_focus_visible(
    doc: &Document,
    banner: &Element,
    reopen: Option<&Element>,
) -> Result<(), JsValue> {
    let Some(root) = doc.document_element() else {
        return Ok(());
    };
    let (b, r) = (banner.clone(), reopen.cloned());
    // The closure type of the UI's listeners (one type in the glue); the entries are not read.
    let cb = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
        let bottom = root.client_height() as f64;
        let reach = |e: &Element| {
            let rect = e.get_bounding_client_rect();
            if rect.height() > 0.0 {
                bottom - rect.top()
            } else {
                0.0
            }
        };
        let inset = reach(&b).max(r.as_ref().map_or(0.0, reach));
        let _ = root.unchecked_ref::<HtmlElement>().style().set_property(
            "--cs-inset",
            &cat(&[&crate::core::error::num(inset.ceil() as u64, 1), "px"]),
        );
    });
    let ro = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref())?;
    ro.observe(banner);
    if let Some(r) = reopen {
        ro.observe(r);
    }
    cb.forget();
    Ok(())
}

/// `base cs-layout-… cs-theme-…`: the stylesheet keys layout and colours off these.
fn theme_class(base: &str, config: &Config) -> String {
    cat(&[
        base,
        " cs-layout-",
        config.ui.layout.as_str(),
        " cs-theme-",
        config.ui.theme.as_str(),
    ])
}

fn lock_scroll(dialog: &HtmlElement, on: bool) {
    if let Some(root) = dialog.owner_document().and_then(|d| d.document_element()) {
        let list = root.class_list();
        let _ = if on {
            list.add_1("cs-lock")
        } else {
            list.remove_1("cs-lock")
        };
    }
}
