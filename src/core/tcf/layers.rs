//! The TCF layers of the banner and the dialog (TCF v2.3 Policy, Appendix B) as data, built from the
//! Global Vendor List subset, the config and the current choice; `web/dom.rs` renders it as it is.
//!
//! - **Disclosed vendors**: the config's vendors whose `gvlId` the GVL lists (not deleted), in
//!   config order. Their count is the first layer's "We and our N partners".
//! - **Purposes** shown: those a disclosed vendor declares (consent or legitimate interest), with the
//!   site purposes whose grant is their consent (`tcfPurposes`) and, where legitimate interest is
//!   established, whether it stands. Legitimate interest is established for a TCF purpose when the
//!   site allows it (`tcf.legIntPurposes`) and a disclosed vendor declares it in `legIntPurposes`;
//!   for a vendor, on the purposes of its `legIntPurposes` so established.
//! - **Special purposes** and **features**: those the disclosed vendors declare; no choice.
//! - **Special features**: those the disclosed vendors declare and the GVL has; opt-in only.
//! - **Stacks**: the configured ones (`tcf.stacks`) the GVL has; the first layer names them instead
//!   of the purposes and special features they combine.
use super::gvl::{Gvl, Item, Stack, Vendor};
use crate::core::consent::TcfChoice;
use crate::core::error::num;
use crate::core::policy::Config;

/// One TCF purpose of the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purpose<'a> {
    pub item: &'a Item,
    /// The site purposes (ids) whose grant is this purpose's consent; empty: the site asks no
    /// consent for it, so none is signalled.
    pub site_purposes: Vec<&'a str>,
    /// Legitimate interest established for it: `Some(true)` stands, `Some(false)` objected.
    pub li: Option<bool>,
    /// Named on the first layer by a configured stack instead.
    pub in_stack: bool,
}

/// One disclosed vendor of the dialog's vendor list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorRow<'a> {
    /// The config vendor id (its consent switch is the site vendor's).
    pub id: &'a str,
    pub gvl: &'a Vendor,
    /// Purposes on consent (GVL `purposes`).
    pub consent: Vec<&'a Item>,
    /// Purposes on legitimate interest as established here.
    pub li: Vec<&'a Item>,
    pub special_purposes: Vec<&'a Item>,
    pub features: Vec<&'a Item>,
    pub special_features: Vec<&'a Item>,
    /// The person objected to its legitimate interest.
    pub objected: bool,
    /// Names of its data categories (`dataDeclaration`).
    pub data_categories: Vec<&'a str>,
    /// Days kept per purpose and special purpose it uses (the purpose's or the standard period),
    /// when the GVL says.
    pub retention: Vec<(&'a Item, u32)>,
    /// Privacy policy and legitimate-interest claim in the page's language, else English, else the first.
    pub privacy: Option<&'a str>,
    pub leg_int_claim: Option<&'a str>,
    /// Cookies: their longest lifetime in whole days, rounded up (`Some(0)`: session cookies only;
    /// `None`: no cookies). Other device storage is `gvl.uses_non_cookie_access`.
    pub cookie_days: Option<u64>,
}

/// The TCF layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layers<'a> {
    pub vendor_count: usize,
    pub stacks: Vec<&'a Stack>,
    pub purposes: Vec<Purpose<'a>>,
    pub special_purposes: Vec<&'a Item>,
    pub features: Vec<&'a Item>,
    /// With whether the person opted in.
    pub special_features: Vec<(&'a Item, bool)>,
    pub vendors: Vec<VendorRow<'a>>,
}

/// The config's vendors the GVL discloses, in config order: (config id, GVL entry).
pub fn disclosed<'a>(config: &'a Config, gvl: &'a Gvl) -> Vec<(&'a str, &'a Vendor)> {
    config
        .vendors
        .iter()
        .filter_map(|v| Some((v.id.as_str(), gvl.vendor(v.gvl_id?)?)))
        .collect()
}

/// The TCF purposes with legitimate interest established (ascending).
pub fn li_purposes(config: &Config, gvl: &Gvl) -> Vec<u8> {
    let vendors = disclosed(config, gvl);
    config.tcf.as_ref().map_or(Vec::new(), |t| {
        t.leg_int_purposes
            .iter()
            .copied()
            .filter(|p| vendors.iter().any(|(_, v)| v.leg_int_purposes.contains(p)))
            .collect()
    })
}

/// The special features the disclosed vendors declare and the GVL has (ascending).
pub fn special_features(config: &Config, gvl: &Gvl) -> Vec<u8> {
    let vendors = disclosed(config, gvl);
    gvl.special_features
        .iter()
        .map(|f| f.id)
        .filter(|id| vendors.iter().any(|(_, v)| v.special_features.contains(id)))
        .collect()
}

/// The legitimate-interest signals of `choice`: the purposes where it stands (established and not
/// objected) and the vendors (GVL ids, ascending) not objected to with one of those purposes.
pub fn li_signals(config: &Config, gvl: &Gvl, choice: &TcfChoice) -> (Vec<u8>, Vec<u16>) {
    let purposes: Vec<u8> = li_purposes(config, gvl)
        .into_iter()
        .filter(|p| choice.li_purposes.get(&num((*p).into(), 1)) == Some(&true))
        .collect();
    let mut vendors: Vec<u16> = disclosed(config, gvl)
        .into_iter()
        .filter(|(id, v)| {
            choice.li_vendors.get(id) != Some(&false)
                && v.leg_int_purposes.iter().any(|p| purposes.contains(p))
        })
        .map(|(_, v)| v.id)
        .collect();
    crate::core::sort::sort(&mut vendors);
    (purposes, vendors)
}

/// The special features `choice` opts in to, of those shown (ascending).
pub fn special_feature_signals(config: &Config, gvl: &Gvl, choice: &TcfChoice) -> Vec<u8> {
    special_features(config, gvl)
        .into_iter()
        .filter(|f| choice.special_features.get(&num((*f).into(), 1)) == Some(&true))
        .collect()
}

fn pick<'a>(items: &'a [Item], ids: &[u8]) -> Vec<&'a Item> {
    items.iter().filter(|i| ids.contains(&i.id)).collect()
}

/// A vendor's URL entry for `lang`: that language, else English, else the first.
fn urls<'a>(v: &'a Vendor, lang: &str) -> Option<&'a super::gvl::VendorUrl> {
    let primary = |u: &&super::gvl::VendorUrl| crate::core::lang::primary(&u.lang_id);
    v.urls
        .iter()
        .find(|u| primary(u) == lang)
        .or_else(|| v.urls.iter().find(|u| primary(u) == "en"))
        .or_else(|| v.urls.first())
}

impl<'a> Layers<'a> {
    /// The layers for the page's language `lang` and the choice in force.
    pub fn build(config: &'a Config, gvl: &'a Gvl, choice: &TcfChoice, lang: &str) -> Layers<'a> {
        let vendors = disclosed(config, gvl);
        let li = li_purposes(config, gvl);
        let declared = |f: &dyn Fn(&Vendor) -> &[u8]| -> Vec<u8> {
            let mut ids: Vec<u8> = vendors.iter().flat_map(|(_, v)| f(v)).copied().collect();
            crate::core::sort::sort(&mut ids);
            ids.dedup();
            ids
        };
        let wanted = config.tcf.as_ref().map_or(&[][..], |t| &t.stacks[..]);
        let stacks: Vec<&Stack> = wanted
            .iter()
            .filter_map(|id| gvl.stacks.iter().find(|s| s.id == *id))
            .collect();
        let used = declared(&|v| &v.purposes);
        let purposes = gvl
            .purposes
            .iter()
            .filter(|p| used.contains(&p.id) || li.contains(&p.id))
            .map(|item| Purpose {
                item,
                site_purposes: config
                    .purposes
                    .iter()
                    .filter(|sp| sp.tcf_purposes.contains(&item.id))
                    .map(|sp| sp.id.as_str())
                    .collect(),
                li: li
                    .contains(&item.id)
                    .then(|| choice.li_purposes.get(&num(item.id.into(), 1)) != Some(&false)),
                in_stack: stacks.iter().any(|s| s.purposes.contains(&item.id)),
            })
            .collect();
        let shown_sf = special_features(config, gvl);
        let rows = vendors
            .iter()
            .map(|&(id, v)| {
                let u = urls(v, lang);
                let vli: Vec<u8> = v
                    .leg_int_purposes
                    .iter()
                    .copied()
                    .filter(|p| li.contains(p))
                    .collect();
                let mut retention = Vec::new();
                if let Some(r) = &v.retention {
                    let days = |own: &[(u8, u32)], id: u8| {
                        own.iter().find(|(p, _)| *p == id).map(|d| d.1).or(r.std)
                    };
                    for p in pick(&gvl.purposes, &v.purposes)
                        .into_iter()
                        .chain(pick(&gvl.purposes, &vli))
                    {
                        if let Some(d) = days(&r.purposes, p.id) {
                            retention.push((p, d));
                        }
                    }
                    for p in pick(&gvl.special_purposes, &v.special_purposes) {
                        if let Some(d) = days(&r.special_purposes, p.id) {
                            retention.push((p, d));
                        }
                    }
                }
                VendorRow {
                    id,
                    gvl: v,
                    consent: pick(&gvl.purposes, &v.purposes),
                    li: pick(&gvl.purposes, &vli),
                    special_purposes: pick(&gvl.special_purposes, &v.special_purposes),
                    features: pick(&gvl.features, &v.features),
                    special_features: pick(&gvl.special_features, &v.special_features),
                    objected: choice.li_vendors.get(id) == Some(&false),
                    data_categories: gvl
                        .data_categories
                        .iter()
                        .filter(|c| v.data_declaration.contains(&c.id))
                        .map(|c| c.name.as_str())
                        .collect(),
                    retention,
                    privacy: u.map(|u| u.privacy.as_str()),
                    leg_int_claim: u.and_then(|u| u.leg_int_claim.as_deref()),
                    cookie_days: v.uses_cookies.then(|| {
                        v.cookie_max_age_seconds
                            .map_or(0, |s| u64::try_from(s).unwrap_or(0).div_ceil(86_400))
                    }),
                }
            })
            .collect();
        Layers {
            vendor_count: vendors.len(),
            stacks,
            purposes,
            special_purposes: pick(&gvl.special_purposes, &declared(&|v| &v.special_purposes)),
            features: pick(&gvl.features, &declared(&|v| &v.features)),
            special_features: gvl
                .special_features
                .iter()
                .filter(|f| shown_sf.contains(&f.id))
                .map(|f| {
                    let on = choice.special_features.get(&num(f.id.into(), 1)) == Some(&true);
                    (f, on)
                })
                .collect(),
            vendors: rows,
        }
    }

    /// What the first layer names: the configured stacks, then the purposes and special features
    /// no stack covers.
    pub fn first_layer(&self) -> Vec<&'a str> {
        let in_stack = |id: u8| self.stacks.iter().any(|s| s.special_features.contains(&id));
        self.stacks
            .iter()
            .map(|s| s.name.as_str())
            .chain(
                self.purposes
                    .iter()
                    .filter(|p| !p.in_stack)
                    .map(|p| p.item.name.as_str()),
            )
            .chain(
                self.special_features
                    .iter()
                    .filter(|(f, _)| !in_stack(f.id))
                    .map(|(f, _)| f.name.as_str()),
            )
            .collect()
    }
}
