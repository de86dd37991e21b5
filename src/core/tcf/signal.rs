//! The TCF signal: the `TCData` the page's `__tcfapi` hands out (js/iab.js adds `eventStatus`,
//! `cmpStatus` and `listenerId`), with the TC string of the current state.
//!
//! - A TCF purpose is consented when every purpose that lists it in `tcfPurposes` is granted; a
//!   vendor with a `gvlId` when it is granted; every vendor with a `gvlId` is disclosed.
//! - With a GVL, legitimate interest and special features as `tcf::layers` says: a purpose's LI bit
//!   where it is established (`tcf.legIntPurposes` and a disclosed vendor declaring it) and the
//!   person did not object, a vendor's where it is not objected to and has such a purpose; special
//!   features only as opted in. Without a GVL none of them; never a publisher purpose.
//! - The string is dated by the decision (`decidedAt`), never by a clock: before a choice there is
//!   no string (`tcString` is `""`, and nothing is consented).
//! - With `tcf.gvlUrl` the Global Vendor List decides too (`tcf::gvl`): the string carries the GVL's
//!   `vendorListVersion` and `tcfPolicyVersion`, and a vendor the GVL lacks or marks deleted is
//!   neither disclosed nor consented; a vendor's consent bit needs a consent purpose in the GVL. Until
//!   the GVL is loaded (or when it could not be) the TCData says `cmpStatus: "error"`, with no string
//!   and nothing consented.
//! - `gdprApplies` is the mode: opt-in. In opt-out mode the TCData is only `gdprApplies: false`,
//!   `tcfPolicyVersion`, `cmpId` and `cmpVersion`, as the CMP API says.
use super::gvl::Gvl;
use super::{build, encode, Choices, POLICY_VERSION};
use crate::core::consent::{ConsentState, Machine};
use crate::core::json::Writer;
use crate::core::policy::{Config, Mode, TcfConfig};
use crate::core::signals::{Moment, Signal};

pub struct Tcf;

impl Signal for Tcf {
    fn name(&self) -> &'static str {
        "tcf"
    }
    fn output(&self, machine: &Machine, moment: Moment) -> Option<String> {
        let tcf = machine.config().tcf.as_ref()?;
        (moment != Moment::Default).then(|| tc_data(machine, tcf))
    }
}

/// The TCF purposes (ascending) and whether each is consented in `state`.
pub fn purposes(config: &Config, state: &ConsentState) -> Vec<(u8, bool)> {
    let mut out: Vec<(u8, bool)> = Vec::new();
    for id in 1..=11u8 {
        let mut listed = config
            .purposes
            .iter()
            .filter(|p| p.tcf_purposes.contains(&id))
            .peekable();
        if listed.peek().is_none() {
            continue;
        }
        let all = listed.all(|p| state.purposes.get(&p.id) == Some(&true));
        out.push((id, all));
    }
    out
}

/// The vendors with a GVL id (ascending) and whether each is granted in `state`. With a GVL, only
/// those it lists (not deleted), each consented only if it declares a consent purpose there.
pub fn vendors(config: &Config, state: &ConsentState, gvl: Option<&Gvl>) -> Vec<(u16, bool)> {
    let mut out: Vec<(u16, bool)> = config
        .vendors
        .iter()
        .filter_map(|v| {
            let id = v.gvl_id?;
            let granted = state.vendors.get(&v.id) == Some(&true);
            match gvl {
                None => Some((id, granted)),
                Some(g) => g
                    .vendor(id)
                    .map(|gv| (id, granted && !gv.purposes.is_empty())),
            }
        })
        .collect();
    crate::core::sort::sort(&mut out);
    out
}

/// What the string's versions come from: the GVL (`gvlUrl`) or the config. `None`: a GVL is
/// configured but not loaded, so TCF fails closed.
pub fn versions<'a>(machine: &'a Machine, tcf: &TcfConfig) -> Option<(u16, u8, Option<&'a Gvl>)> {
    match (&tcf.gvl_url, machine.gvl()) {
        (Some(_), Some(g)) => Some((g.vendor_list_version, g.tcf_policy_version, Some(g))),
        (Some(_), None) => None,
        (None, _) => Some((tcf.vendor_list_version?, POLICY_VERSION, None)),
    }
}

/// The TC string of `machine`'s decision, `None` before a choice (or if the codec refuses it,
/// which a validated config prevents).
pub fn tc_string(machine: &Machine, tcf: &TcfConfig) -> Option<String> {
    let decided_at = machine.decision()?.decided_at;
    let (vendor_list_version, policy, gvl) = versions(machine, tcf)?;
    let state = machine.state();
    let config = machine.config();
    let on = |v: &[(u8, bool)]| v.iter().filter(|p| p.1).map(|p| p.0).collect::<Vec<_>>();
    let purposes_consent = on(&purposes(config, &state));
    let (purposes_li, vendors_li, special) = extras(machine, gvl);
    let vendors = vendors(config, &state, gvl);
    let consented: Vec<u16> = vendors.iter().filter(|v| v.1).map(|v| v.0).collect();
    let disclosed: Vec<u16> = vendors.iter().map(|v| v.0).collect();
    let tc = build(&Choices {
        now_ms: decided_at,
        cmp_id: tcf.cmp_id,
        cmp_version: tcf.cmp_version,
        consent_screen: tcf.consent_screen,
        language: machine.language(),
        publisher_cc: &tcf.publisher_cc,
        vendor_list_version,
        purposes_consent: &purposes_consent,
        purposes_li: &purposes_li,
        special_features: &special,
        vendors_consent: &consented,
        vendors_li: &vendors_li,
        vendors_disclosed: &disclosed,
    })
    .ok()?;
    let tc = super::TcString {
        policy_version: policy,
        ..tc
    };
    encode(&tc).ok()
}

/// The decision's legitimate-interest purposes and vendors and its special features (none before a
/// decision or without a GVL).
fn extras(machine: &Machine, gvl: Option<&Gvl>) -> (Vec<u8>, Vec<u16>, Vec<u8>) {
    match (gvl, machine.decision()) {
        (Some(g), Some(d)) => {
            let (p, v) = super::layers::li_signals(machine.config(), g, &d.tcf);
            let sf = super::layers::special_feature_signals(machine.config(), g, &d.tcf);
            (p, v, sf)
        }
        _ => Default::default(),
    }
}

fn on_map<T: Copy + Into<u64>>(w: &mut Writer, key: &str, ids: &[T]) {
    let items: Vec<(T, bool)> = ids.iter().map(|i| (*i, true)).collect();
    w.key(key);
    id_map(w, &items, true);
}

fn id_map<T: Copy + Into<u64>>(w: &mut Writer, items: &[(T, bool)], only_on: bool) {
    w.obj();
    for &(id, on) in items {
        if on || !only_on {
            w.key(&crate::core::error::num(id.into(), 1)).bool(on);
        }
    }
    w.end_obj();
}

fn empty(w: &mut Writer, key: &str) {
    w.key(key).obj().end_obj();
}

/// The TCData of the current state (see the module docs).
pub fn tc_data(machine: &Machine, tcf: &TcfConfig) -> String {
    let config = machine.config();
    let applies = config.mode == Mode::OptIn;
    let versions = versions(machine, tcf);
    let mut w = Writer::new();
    w.obj();
    w.key("gdprApplies").bool(applies);
    w.key("tcfPolicyVersion")
        .int(versions.map_or(POLICY_VERSION, |v| v.1).into());
    w.key("cmpId").int(tcf.cmp_id.into());
    w.key("cmpVersion").int(tcf.cmp_version.into());
    // For ping (`gvlVersion`, `cmpStatus`); js/iab.js takes `gvlVersion` out of the TCData.
    w.key("cmpStatus").str(if versions.is_some() {
        "loaded"
    } else {
        "error"
    });
    if let Some(v) = versions {
        w.key("gvlVersion").int(v.0.into());
    }
    if applies {
        let mut state = machine.state();
        let decided = machine.decision().is_some();
        let tc = if decided {
            tc_string(machine, tcf)
        } else {
            None
        };
        if versions.is_none() {
            // Fail closed: without the GVL nothing is consented by TCF.
            state.purposes = Default::default();
            state.vendors = Default::default();
        }
        w.key("tcString").str(tc.as_deref().unwrap_or(""));
        w.key("isServiceSpecific").bool(true);
        w.key("useNonStandardTexts").bool(false);
        w.key("publisherCC").str(&tcf.publisher_cc);
        w.key("purposeOneTreatment").bool(false);
        let (li_p, li_v, special) = match versions {
            Some(v) => extras(machine, v.2),
            None => Default::default(),
        };
        w.key("purpose").obj().key("consents");
        id_map(&mut w, &purposes(config, &state), false);
        on_map(&mut w, "legitimateInterests", &li_p);
        w.end_obj();
        let vendors = match versions {
            Some(v) => vendors(config, &state, v.2),
            None => Vec::new(),
        };
        w.key("vendor").obj().key("consents");
        id_map(&mut w, &vendors, false);
        on_map(&mut w, "legitimateInterests", &li_v);
        w.key("disclosedVendors");
        let disclosed: Vec<(u16, bool)> = vendors.iter().map(|v| (v.0, true)).collect();
        id_map(&mut w, &disclosed, true);
        w.end_obj();
        on_map(&mut w, "specialFeatureOptins", &special);
        w.key("publisher").obj();
        empty(&mut w, "consents");
        empty(&mut w, "legitimateInterests");
        w.key("customPurpose").obj();
        empty(&mut w, "consents");
        empty(&mut w, "legitimateInterests");
        w.end_obj();
        empty(&mut w, "restrictions");
        w.end_obj();
    }
    w.end_obj();
    w.finish()
}
