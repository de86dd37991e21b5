//! The TCF layers (full core only): renders `core::tcf::layers::Layers` into the banner (the vendor
//! count and what the partners do) and the dialog (purposes, special purposes, features, special
//! features, the vendor list), with text nodes only. Its switches are read back as a `TcfChoice`;
//! it decides nothing.
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

use super::dom::{append, attrs, el, link, with_text};
use crate::core::consent::TcfChoice;
use crate::core::error::{cat, num};
use crate::core::policy::texts::{Key, TcfKey, Texts};
use crate::core::tcf::gvl::Item;
use crate::core::tcf::layers::Layers;
use crate::core::Config;

type Inputs = Vec<(String, HtmlInputElement)>;

/// The TCF switches of the dialog.
#[derive(Default)]
pub struct Switches {
    /// TCF purpose id → "Object to legitimate interest".
    li_purposes: Inputs,
    /// Config vendor id → "Object to legitimate interest".
    li_vendors: Inputs,
    /// Special feature id → opt-in.
    special_features: Inputs,
    /// Config vendor id → the vendor's consent switch in the vendor list (a twin of its switches
    /// under the site's purposes).
    pub consent: Inputs,
    shown: bool,
}

impl Switches {
    /// The dialog's TCF choices; `None` without TCF layers.
    pub fn choice(&self) -> Option<TcfChoice> {
        if !self.shown {
            return None;
        }
        Some(TcfChoice {
            li_purposes: self
                .li_purposes
                .iter()
                .map(|(id, i)| (id.clone(), !i.checked()))
                .collect(),
            li_vendors: self
                .li_vendors
                .iter()
                .filter(|(_, i)| i.checked())
                .map(|(id, _)| (id.clone(), false))
                .collect(),
            special_features: self
                .special_features
                .iter()
                .filter(|(_, i)| i.checked())
                .map(|(id, _)| (id.clone(), true))
                .collect(),
        })
    }

    /// Shows `choice` on the switches (when the dialog opens).
    pub fn show(&self, choice: &TcfChoice) {
        for (id, i) in &self.li_purposes {
            i.set_checked(choice.li_purposes.get(id) == Some(&false));
        }
        for (id, i) in &self.li_vendors {
            i.set_checked(choice.li_vendors.get(id) == Some(&false));
        }
        for (id, i) in &self.special_features {
            i.set_checked(choice.special_features.get(id) == Some(&true));
        }
    }
}

/// A labelled switch: `<div class="cs-tcf-row"><input role=switch …><label>…</label></div>`.
/// `name` (what it is about) prefixes the accessible name when the visible label is generic.
fn switch(
    doc: &Document,
    id: &str,
    data: (&str, &str),
    label: &str,
    name: Option<&str>,
) -> Result<(Element, HtmlInputElement), JsValue> {
    let row = el(doc, "div", "cs-vendor cs-tcf-row")?;
    let input: HtmlInputElement = doc.create_element("input")?.unchecked_into();
    attrs(
        &input,
        &[
            ("type", "checkbox"),
            ("role", "switch"),
            ("class", "cs-switch cs-switch-sm"),
            ("id", id),
            (data.0, data.1),
        ],
    )?;
    if let Some(n) = name {
        input.set_attribute("aria-label", &cat(&[n, ": ", label]))?;
    }
    let l = with_text(doc, "label", "cs-vendor-label", label)?;
    l.set_attribute("for", id)?;
    row.append_child(&input)?;
    row.append_child(&l)?;
    Ok((row, input))
}

/// An item of the GVL as a disclosure: its name, then its description and illustrations.
fn item(doc: &Document, it: &Item, texts: &Texts) -> Result<Element, JsValue> {
    let d = el(doc, "details", "cs-shared cs-tcf-item")?;
    append(&d, &with_text(doc, "summary", "", &it.name)?)?;
    if !it.description.is_empty() {
        append(&d, &with_text(doc, "p", "", &it.description)?)?;
    }
    if !it.illustrations.is_empty() {
        append(
            &d,
            &with_text(doc, "p", "cs-tcf-sub", texts.tcf(TcfKey::TcfExamples))?,
        )?;
        let ul = el(doc, "ul", "")?;
        for x in &it.illustrations {
            append(&ul, &with_text(doc, "li", "", x)?)?;
        }
        append(&d, &ul)?;
    }
    Ok(d)
}

/// A heading, a note and a list of items; nothing when `items` is empty.
fn group(
    doc: &Document,
    parent: &Element,
    title: TcfKey,
    note: TcfKey,
    items: &[&Item],
    texts: &Texts,
) -> Result<(), JsValue> {
    if items.is_empty() {
        return Ok(());
    }
    append(
        parent,
        &with_text(doc, "h4", "cs-vendors-title cs-tcf-head", texts.tcf(title))?,
    )?;
    append(
        parent,
        &with_text(doc, "p", "cs-purpose-desc", texts.tcf(note))?,
    )?;
    let ul = el(doc, "ul", "cs-vendors cs-tcf-list")?;
    for it in items {
        let li = el(doc, "li", "")?;
        append(&li, &item(doc, it, texts)?)?;
        append(&ul, &li)?;
    }
    append(parent, &ul)
}

/// The first layer's addition, inside the banner's text: the vendor count and what they do.
pub fn first_layer(
    doc: &Document,
    desc: &Element,
    l: &Layers,
    texts: &Texts,
) -> Result<(), JsValue> {
    let count = num(l.vendor_count as u64, 1);
    let line = with_text(
        doc,
        "span",
        "cs-tcf-first",
        &texts.tcf_fill(TcfKey::TcfBannerText, "count}", &count),
    )?;
    line.set_attribute("data-tcf-vendor-count", &count)?;
    desc.append_child(&doc.create_text_node(" "))?;
    append(desc, &line)?;
    let names = l.first_layer();
    if !names.is_empty() {
        desc.append_child(&doc.create_text_node(" "))?;
        append(
            desc,
            &with_text(doc, "span", "cs-tcf-first cs-tcf-names", &names.join(" · "))?,
        )?;
    }
    Ok(())
}

/// The dialog's TCF part.
pub fn section(
    doc: &Document,
    config: &Config,
    l: &Layers,
    texts: &Texts,
) -> Result<(Element, Switches), JsValue> {
    let t = |k: TcfKey| texts.tcf(k);
    let mut sw = Switches {
        shown: true,
        ..Switches::default()
    };
    let s = el(doc, "section", "cs-purpose cs-tcf")?;
    attrs(
        &s,
        &[("aria-labelledby", "cs-tcf-title"), ("data-cs-tcf", "")],
    )?;
    let h = with_text(doc, "h3", "cs-title", t(TcfKey::TcfTitle))?;
    h.set_id("cs-tcf-title");
    append(&s, &h)?;
    append(&s, &with_text(doc, "p", "cs-text", t(TcfKey::TcfText))?)?;

    // Purposes: where consent comes from, and the objection where legitimate interest stands.
    if !l.purposes.is_empty() {
        append(
            &s,
            &with_text(
                doc,
                "h4",
                "cs-vendors-title cs-tcf-head",
                t(TcfKey::TcfPurposes),
            )?,
        )?;
        let ul = el(doc, "ul", "cs-vendors cs-tcf-list")?;
        for p in &l.purposes {
            let li = el(doc, "li", "")?;
            li.set_attribute("data-tcf-purpose", &num(p.item.id.into(), 1))?;
            append(&li, &item(doc, p.item, texts)?)?;
            let labels: Vec<&str> = p
                .site_purposes
                .iter()
                .filter_map(|id| config.purpose(id))
                .map(|sp| sp.label.get(&texts.lang))
                .collect();
            let note = if labels.is_empty() {
                t(TcfKey::TcfNoConsent).to_string()
            } else {
                texts.tcf_fill(TcfKey::TcfConsentFrom, "purposes}", &labels.join(", "))
            };
            append(&li, &with_text(doc, "p", "cs-purpose-desc", &note)?)?;
            if p.li.is_some() {
                let id = num(p.item.id.into(), 1);
                let (row, input) = switch(
                    doc,
                    &cat(&["cs-tl-", &id]),
                    ("data-li-purpose", &id),
                    t(TcfKey::TcfObject),
                    Some(&p.item.name),
                )?;
                append(&li, &row)?;
                sw.li_purposes.push((id, input));
            }
            append(&ul, &li)?;
        }
        append(&s, &ul)?;
    }
    group(
        doc,
        &s,
        TcfKey::TcfSpecialPurposes,
        TcfKey::TcfSpecialPurposesText,
        &l.special_purposes,
        texts,
    )?;
    group(
        doc,
        &s,
        TcfKey::TcfFeatures,
        TcfKey::TcfFeaturesText,
        &l.features,
        texts,
    )?;
    if !l.special_features.is_empty() {
        append(
            &s,
            &with_text(
                doc,
                "h4",
                "cs-vendors-title cs-tcf-head",
                t(TcfKey::TcfSpecialFeatures),
            )?,
        )?;
        append(
            &s,
            &with_text(
                doc,
                "p",
                "cs-purpose-desc",
                t(TcfKey::TcfSpecialFeaturesText),
            )?,
        )?;
        let ul = el(doc, "ul", "cs-vendors cs-tcf-list")?;
        for (f, _) in &l.special_features {
            let id = num(f.id.into(), 1);
            let li = el(doc, "li", "")?;
            let (row, input) = switch(
                doc,
                &cat(&["cs-ts-", &id]),
                ("data-special-feature", &id),
                &f.name,
                None,
            )?;
            append(&li, &row)?;
            if !f.description.is_empty() {
                append(
                    &li,
                    &with_text(doc, "p", "cs-purpose-desc", &f.description)?,
                )?;
            }
            append(&ul, &li)?;
            sw.special_features.push((id, input));
        }
        append(&s, &ul)?;
    }

    // The vendor list.
    append(
        &s,
        &with_text(
            doc,
            "h4",
            "cs-vendors-title cs-tcf-head",
            &texts.tcf_fill(TcfKey::TcfVendors, "count}", &num(l.vendor_count as u64, 1)),
        )?,
    )?;
    let ul = el(doc, "ul", "cs-vendors cs-tcf-vendors")?;
    for v in &l.vendors {
        let li = el(doc, "li", "cs-vendor")?;
        li.set_attribute("data-tcf-vendor", &num(v.gvl.id.into(), 1))?;
        let d = el(doc, "details", "cs-shared cs-tcf-item")?;
        append(&d, &with_text(doc, "summary", "", &v.gvl.name)?)?;
        let dl = el(doc, "dl", "")?;
        let names = |items: &[&Item]| items.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
        let days = |d: u32| texts.tcf_fill(TcfKey::TcfDays, "days}", &num(d.into(), 1));
        let mut storage = Vec::new();
        match v.cookie_days {
            Some(0) => storage.push(t(TcfKey::TcfSessionCookies).to_string()),
            Some(d) => storage.push(texts.tcf_fill(TcfKey::TcfCookies, "days}", &num(d, 1))),
            None => {}
        }
        if v.gvl.uses_non_cookie_access {
            storage.push(t(TcfKey::TcfOtherStorage).to_string());
        }
        if storage.is_empty() {
            storage.push(t(TcfKey::TcfNoStorage).to_string());
        }
        let rows: [(&str, Vec<String>); 8] = [
            (t(TcfKey::TcfVendorConsent), names(&v.consent)),
            (t(TcfKey::TcfVendorLegInt), names(&v.li)),
            (t(TcfKey::TcfSpecialPurposes), names(&v.special_purposes)),
            (t(TcfKey::TcfFeatures), names(&v.features)),
            (t(TcfKey::TcfSpecialFeatures), names(&v.special_features)),
            (
                t(TcfKey::TcfDataCategories),
                v.data_categories.iter().map(|c| c.to_string()).collect(),
            ),
            (
                t(TcfKey::TcfRetention),
                v.retention
                    .iter()
                    .map(|(i, d)| cat(&[&i.name, ": ", &days(*d)]))
                    .collect(),
            ),
            (t(TcfKey::TcfStorage), storage),
        ];
        for (term, lines) in rows.iter().filter(|r| !r.1.is_empty()) {
            append(&dl, &with_text(doc, "dt", "", term)?)?;
            let dd = el(doc, "dd", "")?;
            let list = el(doc, "ul", "")?;
            for line in lines {
                append(&list, &with_text(doc, "li", "", line)?)?;
            }
            append(&dd, &list)?;
            append(&dl, &dd)?;
        }
        append(&d, &dl)?;
        for (href, label) in [
            (v.privacy, texts.get(Key::PrivacyPolicy)),
            (v.leg_int_claim, t(TcfKey::TcfLegIntClaim)),
            (
                v.gvl.device_storage_disclosure_url.as_deref(),
                t(TcfKey::TcfStorageDetails),
            ),
        ] {
            if let Some(href) = href.filter(|h| h.starts_with("https://")) {
                let a = link(doc, href, label)?;
                a.set_attribute("aria-label", &cat(&[&v.gvl.name, ": ", label]))?;
                let p = el(doc, "p", "")?;
                append(&p, &a)?;
                append(&d, &p)?;
            }
        }
        append(&li, &d)?;
        let required_only = config
            .vendor(v.id)
            .is_some_and(|cv| config.required_only(cv));
        // Its consent switch (a twin of its switches above) and its objection.
        for (shown, prefix, attr, label, into) in [
            (
                !v.consent.is_empty() && !required_only,
                "cs-tc-",
                "data-vendor",
                TcfKey::TcfConsent,
                &mut sw.consent,
            ),
            (
                !v.li.is_empty(),
                "cs-tv-",
                "data-li-vendor",
                TcfKey::TcfObject,
                &mut sw.li_vendors,
            ),
        ] {
            if shown {
                let (row, input) = switch(
                    doc,
                    &cat(&[prefix, v.id]),
                    (attr, v.id),
                    t(label),
                    Some(&v.gvl.name),
                )?;
                append(&li, &row)?;
                into.push((v.id.to_string(), input));
            }
        }
        append(&ul, &li)?;
    }
    append(&s, &ul)?;
    Ok((s, sw))
}
