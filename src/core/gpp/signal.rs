//! The GPP signal: the GPP string of the current state and its parsed sections, for js/iab.js's
//! `__gpp`. The sections are the configured ones (`gpp.sections`), in ascending id order:
//!
//! - `tcfeuv2` (2): the TC string `__tcfapi` reports ([`tcf::signal::tc_string`]), in opt-in mode
//!   once there is a choice; before a choice (and in opt-out mode, where GDPR does not apply) the
//!   section is absent, as a CMP without a TC string writes none.
//! - `uspv1` (6): `1Y?N`: version 1, notice given, opted out of sale (`Y`) or not (`N`), not an
//!   LSPA-covered transaction.
//! - US sections (usnat, usca, the states): one rule, [`super::us_section`]: the visitor is
//!   opted out of sale, sharing and targeted advertising when no purpose an opt-out refuses (the
//!   `sale` purposes, see `Config::refused_by_opt_out`) is granted; the notices are given (the
//!   banner and the "Do Not Sell or Share" link). SensitiveDataProcessing, per category a purpose
//!   lists in `sensitive` for the section ([`sensitive`]); 0 for the others. Known children's data
//!   and the MSPA fields as `gpp.knownChildData` and `gpp.mspa` declare. The GPC sub-section,
//!   where the section has one, carries what the browser sent.
//!
//! `applicableSections`: `[2]` in opt-in mode when `tcfeuv2` is configured; in opt-out mode the
//! configured sections other than 2 (js/iab.js writes the spec's `[-1]`, none applies, when that
//! leaves none); otherwise the configured ones.
use super::{encode_own, us_layout, us_section, Section, UsChoices, TCFEUV2, USPV1};
use crate::core::consent::{Machine, Source};
use crate::core::json::Writer;
use crate::core::policy::iab::GPP_SECTIONS;
use crate::core::policy::Mode;
use crate::core::policy::TcfConfig;
use crate::core::signals::{Moment, Signal};
use crate::core::tcf;
use crate::core::time::DAY_MS;

pub struct GppSignal;

impl Signal for GppSignal {
    fn name(&self) -> &'static str {
        "gpp"
    }
    fn output(&self, machine: &Machine, moment: Moment) -> Option<String> {
        machine.config().gpp.as_ref()?;
        (moment != Moment::Default).then(|| output(machine))
    }
}

/// Whether the state opts out of sale, sharing and targeted advertising.
pub fn opted_out(machine: &Machine) -> bool {
    let config = machine.config();
    let state = machine.state();
    config
        .purposes
        .iter()
        .filter(|p| config.refused_by_opt_out(p))
        .all(|p| state.purposes.get(&p.id) != Some(&true))
}

/// SensitiveDataProcessing of section `id`, one value per category up to the last one a purpose
/// lists (0: no purpose processes it). In the opt-out sections (usca, usut, usia: see
/// `SENSITIVE_OPT_OUT`) 2 (did not opt out) while every purpose listing the category is granted,
/// else 1 (opted out). In the consent sections 2 (consent) when every such purpose is granted by
/// the visitor's own decision (source banner or api), in either mode, else 1 (no consent). A purpose
/// listing a category of a consent section is never granted by default (see
/// `Purpose::needs_sensitive_consent`) nor by Global Privacy Control, so such a grant is the
/// visitor's; a `gpc` decision (or none) never claims consent.
pub fn sensitive(machine: &Machine, id: u16) -> Vec<u8> {
    let config = machine.config();
    let state = machine.state();
    let consent_needed = !crate::core::policy::iab::SENSITIVE_OPT_OUT.contains(&id);
    let chosen = machine
        .decision()
        .is_some_and(|d| matches!(d.source, Source::Banner | Source::Api));
    let may = chosen || !consent_needed;
    let mut out: Vec<u8> = Vec::new();
    for p in &config.purposes {
        let granted = may && state.purposes.get(&p.id) == Some(&true);
        for (_, cats) in p.sensitive.iter().filter(|s| s.0 == id) {
            for &c in cats {
                let i = usize::from(c) - 1;
                if out.len() <= i {
                    out.resize(i + 1, 0);
                }
                // 1 wins: every purpose processing the category must allow it.
                out[i] = if granted && out[i] != 1 { 2 } else { 1 };
            }
        }
    }
    out
}

/// The API prefix of section `id` (`""` for one `gpp.sections` cannot name).
pub fn prefix(id: u16) -> &'static str {
    GPP_SECTIONS.iter().find(|s| s.1 == id).map_or("", |s| s.0)
}

/// The sections of the state, ascending (see the module docs).
pub fn sections(machine: &Machine) -> Vec<Section> {
    let config = machine.config();
    let ids = config.gpp.as_ref().map_or(&[][..], |g| &g.sections[..]);
    let out = opted_out(machine);
    let mut sections = Vec::new();
    for &id in ids {
        if id == TCFEUV2 {
            let tc = config
                .tcf
                .as_ref()
                .filter(|_| config.mode == Mode::OptIn)
                .and_then(|t| tcf::signal::tc_string(machine, t));
            sections.extend(tc.map(Section::TcfEuV2));
        } else if id == USPV1 {
            let v = if out { "1YYN" } else { "1YNN" };
            sections.push(Section::Other(USPV1, v.into()));
        } else {
            let g = config.gpp.as_ref();
            let choices = UsChoices {
                opted_out: out,
                gpc: Some(machine.gpc()),
                sensitive: sensitive(machine, id),
                known_child: g.is_some_and(|g| g.known_child),
                mspa: g.and_then(|g| g.mspa),
            };
            sections.extend(us_section(id, &choices).map(Section::Us));
        }
    }
    sections
}

/// The fields of the state's TC string as `@iabgpp/cmpapi` names them: the core segment, then the
/// DisclosedVendors segment. Like the TCData (`tcf::signal::tc_data`), they come from the choices
/// the string is built from (`tcf::signal::purposes` and `vendors`, the decision's day), not from
/// decoding it, so the TC decoder stays out of the wasm; tests/e2e/iab.test.mjs checks them against
/// cmpapi's decoding of the string. The signal never sets legitimate interests, special features,
/// restrictions or publisher purposes.
fn tc_fields(w: &mut Writer, machine: &Machine, t: &TcfConfig) {
    // The versions and vendors the TC string was built with (the GVL's, when `gvlUrl` is set);
    // without them there is no TC string, hence no tcfeuv2 section to describe.
    let Some((vendor_list_version, policy_version, gvl)) = tcf::signal::versions(machine, t) else {
        return;
    };
    let config = machine.config();
    let state = machine.state();
    let purposes = tcf::signal::purposes(config, &state);
    let vendors = tcf::signal::vendors(config, &state, gvl);
    let list = |w: &mut Writer, key: &str, all: bool| {
        w.key(key).arr();
        for &(id, on) in &vendors {
            if on || all {
                w.int(id.into());
            }
        }
        w.end_arr();
    };
    let day = machine
        .decision()
        .map_or(0, |d| d.decided_at / DAY_MS * DAY_MS);
    let iso = crate::core::time::iso8601(day);
    let lang = machine
        .language()
        .get(..2)
        .unwrap_or("EN")
        .to_ascii_uppercase();
    w.obj().key("Version").int(2);
    w.key("Created").str(&iso).key("LastUpdated").str(&iso);
    w.key("CmpId").int(t.cmp_id.into());
    w.key("CmpVersion").int(t.cmp_version.into());
    w.key("ConsentScreen").int(t.consent_screen.into());
    w.key("ConsentLanguage").str(&lang);
    w.key("VendorListVersion").int(vendor_list_version.into());
    w.key("PolicyVersion").int(policy_version.into());
    w.key("IsServiceSpecific").bool(true);
    w.key("UseNonStandardStacks").bool(false);
    for (key, n) in [
        ("SpecialFeatureOptins", 12),
        ("PurposeConsents", 24),
        ("PurposeLegitimateInterests", 24),
    ] {
        w.key(key).arr();
        for id in 1..=n {
            let on = key == "PurposeConsents" && purposes.contains(&(id, true));
            w.bool(on);
        }
        w.end_arr();
    }
    w.key("PurposeOneTreatment").bool(false);
    w.key("PublisherCountryCode").str(&t.publisher_cc);
    list(w, "VendorConsents", false);
    w.key("VendorLegitimateInterests").arr().end_arr();
    w.key("PublisherRestrictions").arr().end_arr();
    w.end_obj();
    w.obj().key("VendorsDisclosedSegmentType").int(1);
    list(w, "VendorsDisclosed", true);
    w.end_obj();
}

/// `{gppString, uspString (with uspv1), applicableSections, sectionList, supportedAPIs, parsedSections: {prefix:
/// [segment objects]}}`; field names as the section specifications and `@iabgpp/cmpapi` spell them.
pub fn output(machine: &Machine) -> String {
    let config = machine.config();
    let ids = config.gpp.as_ref().map_or(&[][..], |g| &g.sections[..]);
    let sections = sections(machine);
    let string = encode_own(&sections).unwrap_or_default();
    let mut w = Writer::new();
    w.obj().key("gppString").str(&string);
    // `__uspapi`'s string (js/iab.js installs it only with `uspv1` configured).
    for s in &sections {
        if let Section::Other(USPV1, text) = s {
            w.key("uspString").str(text);
        }
    }
    w.key("applicableSections").arr();
    let opt_in = config.mode == Mode::OptIn;
    if opt_in && ids.contains(&TCFEUV2) {
        w.int(TCFEUV2.into());
    } else {
        let us: Vec<u16> = ids
            .iter()
            .copied()
            .filter(|&id| opt_in || id != TCFEUV2)
            .collect();
        for id in us {
            w.int(id.into());
        }
    }
    w.end_arr();
    w.key("sectionList").arr();
    for s in &sections {
        w.int(s.id().into());
    }
    w.end_arr();
    w.key("supportedAPIs").arr();
    for &id in ids {
        w.str(&crate::core::error::cat(&[
            &crate::core::error::num(id.into(), 1),
            ":",
            prefix(id),
        ]));
    }
    w.end_arr();
    w.key("parsedSections").obj();
    for s in &sections {
        w.key(prefix(s.id())).arr();
        match s {
            Section::TcfEuV2(_) => {
                if let Some(t) = &config.tcf {
                    tc_fields(&mut w, machine, t);
                }
            }
            Section::Other(_, text) => {
                let b = text.as_bytes();
                let c =
                    |i: usize| String::from_utf8_lossy(b.get(i..=i).unwrap_or(b"-")).into_owned();
                w.obj().key("Version").int(1);
                w.key("Notice").str(&c(1));
                w.key("OptOutSale").str(&c(2));
                w.key("LspaCovered").str(&c(3));
                w.end_obj();
            }
            Section::Us(u) => {
                let Some(l) = us_layout(u.id, u.version) else {
                    w.end_arr();
                    continue; // never: the signal writes only rows of the table
                };
                let bare = |full: &'static str| full.split_once('.').map_or(full, |p| p.1);
                w.obj().key(bare(l.version_field())).int(u.version.into());
                let mut at = 0;
                for (full, n) in l.fields() {
                    if l.sensitive && at + n == u.values.len() {
                        w.end_obj().obj(); // the sensitive-data segment is a segment of its own
                    }
                    w.key(bare(full));
                    let vals = u.values.get(at..at + n).unwrap_or(&[]);
                    if n == 1 {
                        w.int(vals.first().copied().unwrap_or(0).into());
                    } else {
                        w.arr();
                        for &v in vals {
                            w.int(v.into());
                        }
                        w.end_arr();
                    }
                    at += n;
                }
                w.end_obj();
                if let Some(gpc) = u.gpc {
                    w.obj()
                        .key("SubsectionType")
                        .int(1)
                        .key("Gpc")
                        .bool(gpc)
                        .end_obj();
                }
            }
        }
        w.end_arr();
    }
    w.end_obj().end_obj();
    w.finish()
}
