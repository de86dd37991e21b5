//! The GPP signal: the GPP string of the current state and its parsed sections, for js/iab.js's
//! `__gpp`. One rule: the visitor is opted out of sale, sharing and targeted advertising when no
//! purpose an opt-out refuses (the `sale` purposes, see `Config::refused_by_opt_out`) is granted.
//! The notices are given (the banner and the "Do Not Sell or Share" link); sensitive data, known
//! children's data and MSPA are not applicable (0, MspaCoveredTransaction 2: no). The GPC
//! sub-section carries what the browser sent.
use super::{encode_us_only, UsSection, USCA};
use crate::core::consent::Machine;
use crate::core::json::Writer;
use crate::core::policy::iab::GPP_SECTIONS;
use crate::core::signals::{Moment, Signal};

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

/// Section `id` (usnat or usca) for the state.
pub fn section(id: u16, opted_out: bool, gpc: bool) -> UsSection {
    let mut s = UsSection::new(id).unwrap_or(UsSection {
        id,
        version: 1,
        values: Vec::new(),
        gpc: None,
    });
    let out = if opted_out { 1 } else { 2 };
    let notices: &[&str] = if id == USCA {
        &["SaleOptOutNotice", "SharingOptOutNotice"]
    } else {
        &[
            "SharingNotice",
            "SaleOptOutNotice",
            "SharingOptOutNotice",
            "TargetedAdvertisingOptOutNotice",
        ]
    };
    for n in notices {
        s.set(n, &[1]);
    }
    for n in ["SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut"] {
        s.set(n, &[out]); // usca has no TargetedAdvertisingOptOut: `set` refuses it
    }
    s.gpc = Some(gpc);
    s
}

fn prefix(id: u16) -> &'static str {
    GPP_SECTIONS.iter().find(|s| s.1 == id).map_or("", |s| s.0)
}

/// `{gppString, applicableSections, sectionList, parsedSections: {prefix: [core, gpc]}}`; field
/// names as the section specifications spell them.
pub fn output(machine: &Machine) -> String {
    let ids = machine
        .config()
        .gpp
        .as_ref()
        .map_or(&[][..], |g| &g.sections[..]);
    let out = opted_out(machine);
    let sections: Vec<UsSection> = ids
        .iter()
        .map(|&id| section(id, out, machine.gpc()))
        .collect();
    let string = encode_us_only(&sections).unwrap_or_default();
    let mut w = Writer::new();
    w.obj().key("gppString").str(&string);
    for key in ["applicableSections", "sectionList"] {
        w.key(key).arr();
        for &id in ids {
            w.int(id.into());
        }
        w.end_arr();
    }
    w.key("parsedSections").obj();
    for s in &sections {
        w.key(prefix(s.id)).arr().obj();
        w.key("Version").int(s.version.into());
        let mut at = 0;
        for &(full, n) in super::layout(s.id, s.version).unwrap_or(&[]) {
            let name = full.split_once('.').map_or(full, |p| p.1);
            w.key(name);
            let vals = s.values.get(at..at + n).unwrap_or(&[]);
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
        if let Some(gpc) = s.gpc {
            w.obj()
                .key("SubsectionType")
                .int(1)
                .key("Gpc")
                .bool(gpc)
                .end_obj();
        }
        w.end_arr();
    }
    w.end_obj().end_obj();
    w.finish()
}
