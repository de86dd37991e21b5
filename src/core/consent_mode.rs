//! Google Consent Mode v2: which of the seven consent types the current state grants, and the gtag
//! commands that say so. The facade pushes them (as Arguments objects) to the page's `dataLayer`.
use crate::core::consent::{ConsentState, Machine};
use crate::core::json::Writer;
use crate::core::policy::{Config, ConsentModeConfig, CONSENT_TYPES};

/// The purposes a type needs when the config does not map it.
fn default_mapping(ty: &str) -> &'static [&'static str] {
    match ty {
        "analytics_storage" => &["analytics"],
        "ad_storage" | "ad_user_data" | "ad_personalization" => &["marketing"],
        "functionality_storage" => &["functional"],
        "personalization_storage" => &["personalization"],
        _ => &[], // security_storage: strictly necessary, always granted
    }
}

/// Whether `ty` is granted: every purpose it maps to is granted (an empty list means always).
/// A default mapping to a purpose the site does not have means denied.
pub fn granted(cm: &ConsentModeConfig, ty: &str, state: &ConsentState) -> bool {
    let is = |id: &str| state.purposes.get(id) == Some(&true);
    match cm.types.get(ty) {
        Some(ids) => ids.iter().all(|id| is(id)),
        None => default_mapping(ty).iter().all(|id| is(id)),
    }
}

/// What the default command grants with nothing decided: only types whose purposes are all required.
fn granted_by_default(config: &Config, cm: &ConsentModeConfig, ty: &str) -> bool {
    let required = |id: &str| config.purpose(id).is_some_and(|p| p.required);
    match cm.types.get(ty) {
        Some(ids) => ids.iter().all(|id| required(id)),
        None => default_mapping(ty).iter().all(|id| required(id)),
    }
}

fn types_object(w: &mut Writer, granted: impl Fn(&str) -> bool) {
    w.obj();
    for ty in CONSENT_TYPES {
        w.key(ty)
            .str(if granted(ty) { "granted" } else { "denied" });
    }
}

/// What to push, as JSON: `{"dataLayer": name, "commands": [[gtag args]…], "event": {…} | null}`,
/// or `None` when Consent Mode is not configured.
///
/// - `default`: `consent default` with every type denied unless only required purposes back it,
///   plus `wait_for_update`/`region` and the `ads_data_redaction`/`url_passthrough` settings.
///   Pushed before any gated tag can run.
/// - `update`: `consent update` with the current state, and the dataLayer event.
/// - `load`: the same as `update` when the state at page load differs from the default (a stored
///   choice, or opt-out mode); otherwise no commands and no event.
pub fn commands(machine: &Machine, kind: &str) -> Option<String> {
    let config = machine.config();
    let cm = config.consent_mode.as_ref()?;
    let state = machine.state();
    let mut w = Writer::new();
    w.obj()
        .key("dataLayer")
        .str(&cm.data_layer_name)
        .key("commands")
        .arr();
    let mut event = false;
    match kind {
        "default" => {
            w.arr().str("consent").str("default");
            types_object(&mut w, |ty| granted_by_default(config, cm, ty));
            if let Some(ms) = cm.wait_for_update {
                w.key("wait_for_update").int(ms as u64);
            }
            if !cm.region.is_empty() {
                w.key("region").strs(&cm.region);
            }
            w.end_obj().end_arr();
            if cm.ads_data_redaction {
                w.arr()
                    .str("set")
                    .str("ads_data_redaction")
                    .bool(true)
                    .end_arr();
            }
            if cm.url_passthrough {
                w.arr()
                    .str("set")
                    .str("url_passthrough")
                    .bool(true)
                    .end_arr();
            }
        }
        _ => {
            let differs = CONSENT_TYPES
                .iter()
                .any(|ty| granted(cm, ty, &state) != granted_by_default(config, cm, ty));
            if kind == "update" || state.decided || differs {
                w.arr().str("consent").str("update");
                types_object(&mut w, |ty| granted(cm, ty, &state));
                w.end_obj().end_arr();
                event = cm.data_layer_event.is_some();
            }
        }
    }
    w.end_arr().key("event");
    match (&cm.data_layer_event, event) {
        (Some(name), true) => {
            w.obj().key("event").str(name).key("consentSieve").obj();
            w.key("decided")
                .bool(state.decided)
                .key("source")
                .str(state.source.as_str());
            w.key("purposes").arr();
            for (id, g) in &state.purposes {
                if *g {
                    w.str(id);
                }
            }
            w.end_arr().key("vendors").arr();
            for (id, g) in &state.vendors {
                if *g {
                    w.str(id);
                }
            }
            w.end_arr().end_obj().end_obj();
        }
        _ => {
            w.null();
        }
    }
    w.end_obj();
    Some(w.finish())
}
