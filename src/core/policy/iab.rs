//! The IAB parts of the config: `tcf` (TCF v2.3 CMP settings), `gpp` (the US sections to write),
//! a purpose's `tcfPurposes` and a vendor's `gvlId`. Only the full build (the `iab` feature) reads
//! them; to the consent-only build they are unknown fields (`config.unknown_field` at their path: the
//! loader picks the full build for a config with `tcf` or `gpp`, and `tcfPurposes` and `gvlId` need
//! `tcf`). That costs the consent-only core nothing.
#[cfg(feature = "iab")]
use crate::core::error::{cat, item, ConsentError};
#[cfg(feature = "iab")]
use crate::core::json::Json;
#[cfg(feature = "iab")]
use crate::core::read::{self, object, Family::Config as C};

/// `tcf`: what an IAB-registered CMP writes into every TC string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcfConfig {
    /// The CMP id the IAB assigned (2..=4095: 0 and 1 are no registered CMP's, and the reference
    /// library refuses them).
    pub cmp_id: u16,
    /// The CMP's own version (0..=4095).
    pub cmp_version: u16,
    /// The Global Vendor List version the disclosed vendors were taken from (1..=4095). Required
    /// without `gvl_url`; with it, optional (the loaded GVL's version is encoded) and, when given, the
    /// version a cached copy must have.
    pub vendor_list_version: Option<u16>,
    /// `gvlUrl`: where the site serves its own copy of the Global Vendor List (a path on the site,
    /// `/…`, or an https URL, never under consensu.org: browsers must not fetch the IAB's list directly).
    pub gvl_url: Option<String>,
    /// The country of the publisher's legislation of reference; `AA` (the reference library's
    /// default, a code ISO 3166 never assigns) when not given.
    pub publisher_cc: String,
    /// The CMP's screen number (0..=63).
    pub consent_screen: u8,
    /// `legIntPurposes`: the TCF purposes (2, 7-11) on which the site lets its vendors rely on
    /// legitimate interest, ascending. Empty (the default): no legitimate interest is signalled.
    pub leg_int_purposes: Vec<u8>,
    /// `stacks`: GVL stack ids the first layer shows instead of the purposes they combine.
    pub stacks: Vec<u8>,
}

/// `gpp`: the section ids written, ascending (see [`GPP_SECTIONS`]), and what the site declares
/// about children's data and the MSPA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GppConfig {
    pub sections: Vec<u16>,
    /// `knownChildData`: the site processes sensitive data of known children. The SDK obtains no
    /// parental consent, so every KnownChildSensitiveDataConsents value is 1 (no consent); without
    /// it 0 (not applicable).
    pub known_child: bool,
    /// `mspa`: the site is an MSPA signatory and declares the transaction a Covered Transaction,
    /// in this mode; `None`: not covered (MspaCoveredTransaction 2, the modes 0).
    pub mspa: Option<Mspa>,
}

/// The MSPA mode of a Covered Transaction (`gpp.mspa.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mspa {
    /// `"optOut"`: Opt-Out Option Mode.
    OptOut,
    /// `"serviceProvider"`: Service Provider Mode.
    ServiceProvider,
}

/// The GPP section ids by API prefix (what `gpp.sections` may name): `tcfeuv2` (needs `tcf`),
/// `uspv1` and the US sections of `core::gpp::US`.
pub const GPP_SECTIONS: &[(&str, u16)] = &[
    ("tcfeuv2", 2),
    ("uspv1", 6),
    ("usnat", 7),
    ("usca", 8),
    ("usva", 9),
    ("usco", 10),
    ("usut", 11),
    ("usct", 12),
    ("usfl", 13),
    ("usmt", 14),
    ("usor", 15),
    ("ustx", 16),
    ("usde", 17),
    ("usia", 18),
    ("usne", 19),
    ("usnh", 20),
    ("usnj", 21),
    ("ustn", 22),
    ("usmn", 23),
    ("usmd", 24),
    ("usin", 25),
    ("usky", 26),
    ("usri", 27),
];

/// The US sections whose SensitiveDataProcessing is an opt-out (1 opted out, 2 did not opt out):
/// usca, usut and usia. In every other section with the field it is a consent (1 no consent, 2
/// consent), as each section's specification says.
pub const SENSITIVE_OPT_OUT: [u16; 3] = [8, 11, 18];

#[cfg(feature = "iab")]
impl super::config::Purpose {
    /// Whether the purpose processes sensitive data for a section whose law requires consent for it
    /// (`sensitive` names a section other than the opt-out ones, [`SENSITIVE_OPT_OUT`]; every section
    /// it names is configured). Such a purpose is never granted by default, in either mode: in
    /// opt-out mode too it waits for the visitor's own choice (Accept all, its switch, `update()`),
    /// and Global Privacy Control, "Opt out of all" and the opt-out link keep it denied.
    pub fn needs_sensitive_consent(&self) -> bool {
        self.sensitive
            .iter()
            .any(|(id, _)| !SENSITIVE_OPT_OUT.contains(id))
    }
}

#[cfg(feature = "iab")]
fn bad(path: &str, reason: &str) -> ConsentError {
    ConsentError::new("config.invalid_value", path, reason)
}

#[cfg(feature = "iab")]
fn ranged(
    f: &read::Fields,
    key: &str,
    range: std::ops::RangeInclusive<i64>,
    default: Option<i64>,
) -> Result<i64, ConsentError> {
    let v = match (f.opt_int(key)?, default) {
        (Some(v), _) => v,
        (None, Some(d)) => d,
        (None, None) => f.need(key).map(|_| 0)?,
    };
    if !range.contains(&v) {
        return Err(ConsentError::new(
            "config.out_of_range",
            f.path(key),
            cat(&[
                "must be a whole number from ",
                &crate::core::error::num(*range.start() as u64, 1),
                " to ",
                &crate::core::error::num(*range.end() as u64, 1),
            ]),
        ));
    }
    Ok(v)
}

/// Reads `tcf`.
#[cfg(feature = "iab")]
pub fn tcf(v: &Json, path: &str) -> Result<TcfConfig, ConsentError> {
    let f = object(
        C,
        v,
        path,
        &[
            "cmpId",
            "cmpVersion",
            "vendorListVersion",
            "publisherCC",
            "consentScreen",
            "gvlUrl",
            "legIntPurposes",
            "stacks",
        ],
    )?;
    let li_at = f.path("legIntPurposes");
    let mut leg_int_purposes = tcf_purposes(f.opt("legIntPurposes"), &li_at)?;
    if let Some(i) = leg_int_purposes
        .iter()
        .position(|p| (crate::core::tcf::NO_LI_PURPOSES >> (p - 1)) & 1 == 1)
    {
        return Err(bad(
            &item(&li_at, i),
            "purposes 1 and 3 to 6 cannot rest on legitimate interest (TCF v2.2): only 2 and 7 to 11",
        ));
    }
    crate::core::sort::sort(&mut leg_int_purposes);
    let stacks_at = f.path("stacks");
    let mut stacks = Vec::new();
    for (i, x) in f.opt_array("stacks")?.iter().enumerate() {
        match x {
            Json::Int(n) if (1..=255).contains(n) && !stacks.contains(&(*n as u8)) => {
                stacks.push(*n as u8)
            }
            _ => {
                return Err(bad(
                    &item(&stacks_at, i),
                    "must be a Global Vendor List stack id from 1 to 255, each once",
                ))
            }
        }
    }
    let gvl_url = f.opt_string("gvlUrl")?;
    if let Some(u) = &gvl_url {
        gvl_url_ok(&f.path("gvlUrl"), u)?;
    }
    let publisher_cc = f.opt_string("publisherCC")?.unwrap_or_else(|| "AA".into());
    if publisher_cc.len() != 2 || !publisher_cc.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(bad(
            &f.path("publisherCC"),
            "must be two uppercase letters, the ISO 3166-1 country of the publisher's legislation (\"DE\")",
        ));
    }
    Ok(TcfConfig {
        cmp_id: ranged(&f, "cmpId", 2..=4095, None)? as u16,
        cmp_version: ranged(&f, "cmpVersion", 0..=4095, None)? as u16,
        vendor_list_version: if gvl_url.is_some() && f.opt("vendorListVersion").is_none() {
            None
        } else {
            Some(ranged(&f, "vendorListVersion", 1..=4095, None)? as u16)
        },
        gvl_url,
        publisher_cc,
        consent_screen: ranged(&f, "consentScreen", 0..=63, Some(0))? as u8,
        leg_int_purposes,
        stacks,
    })
}

/// `tcf.gvlUrl`: a path on the site's own host (`/…`) or an https URL, not under consensu.org.
#[cfg(feature = "iab")]
fn gvl_url_ok(path: &str, url: &str) -> Result<(), ConsentError> {
    super::config::check_url(path, url)?;
    let lower = url.trim().to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if lower.starts_with("//") || !lower.starts_with('/') {
        // A path-relative URL ("gvl.json") would name another list on every directory, under one
        // cache key: an absolute path ("/iab/vendor-list.json") names one per site.
        return Err(ConsentError::new(
            "config.unsafe_url",
            path,
            "must be a path on this site starting with / (\"/iab/vendor-list.json\") or an https URL: your own copy of the GVL",
        ));
    } else {
        return Ok(());
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    let host = host
        .split(':')
        .next()
        .unwrap_or_default()
        .trim_end_matches('.');
    if host == "consensu.org" || host.ends_with(".consensu.org") {
        return Err(bad(
            path,
            "must be your own copy of the Global Vendor List: browsers may not fetch it from consensu.org (the IAB requires a server-side copy, and it sends no CORS headers)",
        ));
    }
    Ok(())
}

/// Reads `gpp`.
#[cfg(feature = "iab")]
pub fn gpp(v: &Json, path: &str) -> Result<GppConfig, ConsentError> {
    let f = object(C, v, path, &["sections", "knownChildData", "mspa"])?;
    let known_child = f.opt_bool("knownChildData")?.unwrap_or(false);
    let mspa = match f.opt("mspa") {
        None => None,
        Some(m) => {
            let at = f.path("mspa");
            let m = object(C, m, &at, &["covered", "mode"])?;
            m.need("covered")?;
            let covered = m.opt_bool("covered")?.unwrap_or(false);
            match (covered, m.opt_string("mode")?.as_deref()) {
                (false, None) => None,
                (false, Some(_)) => {
                    return Err(bad(
                        &m.path("mode"),
                        "applies only to a Covered Transaction (\"covered\": true)",
                    ))
                }
                (true, None) => {
                    return Err(ConsentError::new(
                        "config.missing_field",
                        m.path("mode"),
                        "is required with \"covered\": true: \"optOut\" (Opt-Out Option Mode) or \"serviceProvider\" (Service Provider Mode)",
                    ))
                }
                (true, Some("optOut")) => Some(Mspa::OptOut),
                (true, Some("serviceProvider")) => Some(Mspa::ServiceProvider),
                (true, Some(_)) => {
                    return Err(bad(
                        &m.path("mode"),
                        "must be \"optOut\" (Opt-Out Option Mode) or \"serviceProvider\" (Service Provider Mode)",
                    ))
                }
            }
        }
    };
    let at = f.path("sections");
    f.need("sections")?;
    let names = f.opt_strings("sections")?;
    if names.is_empty() {
        return Err(bad(
            &at,
            "must name at least one section (\"usnat\", \"usca\", \"tcfeuv2\", …)",
        ));
    }
    let mut sections = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let Some(&(_, id)) = GPP_SECTIONS.iter().find(|(p, _)| p == n) else {
            return Err(bad(
                &item(&at, i),
                "is not a GPP section this SDK writes (tcfeuv2, uspv1, usnat, usca or a state: README, IAB TCF and GPP)",
            ));
        };
        if sections.contains(&id) {
            return Err(ConsentError::new(
                "config.duplicate_id",
                item(&at, i),
                cat(&["\"", n, "\" is used twice"]),
            ));
        }
        sections.push(id);
    }
    crate::core::sort::sort(&mut sections);
    Ok(GppConfig {
        sections,
        known_child,
        mspa,
    })
}

/// Reads a purpose's `sensitive`: `{ "usnat": [3, 8], "usva": [3] }`, the categories of sensitive
/// data the purpose processes, by section and by the category numbers of that section's
/// SensitiveDataProcessing (1-based, as its IAB specification numbers them). `gpp.sections` must
/// name each section (checked by the config, which knows it).
#[cfg(feature = "iab")]
pub fn sensitive(v: Option<&Json>, path: &str) -> Result<Vec<(u16, Vec<u8>)>, ConsentError> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    let Json::Obj(entries) = v else {
        return Err(ConsentError::new(
            "config.invalid_type",
            path,
            cat(&[
                "must be an object of sensitive-data categories by GPP section ({\"usnat\": [3]}), not ",
                v.kind(),
            ]),
        ));
    };
    let mut out: Vec<(u16, Vec<u8>)> = Vec::new();
    for (name, list) in entries {
        let at = cat(&[path, ".", name]);
        let id = GPP_SECTIONS.iter().find(|s| s.0 == name).map(|s| s.1);
        let n = id
            .and_then(|id| {
                let l = crate::core::gpp::us_layout(id, crate::core::gpp::current_version(id)?)?;
                l.fields()
                    .find(|f| f.0.ends_with(".SensitiveDataProcessing"))
                    .map(|f| f.1)
            })
            .unwrap_or(0);
        let Some(id) = id.filter(|_| n > 0) else {
            return Err(bad(
                &at,
                "is not a GPP section with sensitive-data categories (usnat, usca or a state other than usmd)",
            ));
        };
        let Json::Arr(items) = list else {
            return Err(ConsentError::new(
                "config.invalid_type",
                at,
                cat(&["must be an array of category numbers, not ", list.kind()]),
            ));
        };
        if items.is_empty() {
            return Err(bad(&at, "must name at least one category"));
        }
        let range = cat(&[
            "must be a category of this section's SensitiveDataProcessing, 1 to ",
            &crate::core::error::num(n as u64, 1),
        ]);
        let cats = small_ids(
            items,
            &at,
            n as i64,
            &range,
            "this category is listed twice",
        )?;
        out.push((id, cats));
    }
    Ok(out)
}

/// Reads a purpose's `tcfPurposes` (TCF purpose ids 1..=11, each once).
#[cfg(feature = "iab")]
pub fn tcf_purposes(v: Option<&Json>, path: &str) -> Result<Vec<u8>, ConsentError> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    let Json::Arr(items) = v else {
        return Err(ConsentError::new(
            "config.invalid_type",
            path,
            cat(&["must be an array of TCF purpose ids, not ", v.kind()]),
        ));
    };
    small_ids(
        items,
        path,
        11,
        "must be a TCF purpose id from 1 to 11",
        "this TCF purpose is listed twice",
    )
}

/// The ids 1..=`max` of `items`, each once: else the error at the item (`range`, `twice`, or the type).
#[cfg(feature = "iab")]
fn small_ids(
    items: &[Json],
    path: &str,
    max: i64,
    range: &str,
    twice: &str,
) -> Result<Vec<u8>, ConsentError> {
    let mut out = Vec::new();
    for (i, x) in items.iter().enumerate() {
        let at = item(path, i);
        let (code, why) = match x {
            Json::Int(n) if (1..=max).contains(n) && !out.contains(&(*n as u8)) => {
                out.push(*n as u8);
                continue;
            }
            Json::Int(n) if (1..=max).contains(n) => ("config.duplicate_id", twice.to_string()),
            Json::Int(_) => ("config.out_of_range", range.to_string()),
            _ => (
                "config.invalid_type",
                cat(&["must be a whole number, not ", x.kind()]),
            ),
        };
        return Err(ConsentError::new(code, at, why));
    }
    Ok(out)
}

/// Reads a vendor's `gvlId` (its id in the IAB Global Vendor List, 1..=65535).
#[cfg(feature = "iab")]
pub fn gvl_id(v: Option<&Json>, path: &str) -> Result<Option<u16>, ConsentError> {
    match v {
        None => Ok(None),
        Some(Json::Int(n)) if (1..=65_535).contains(n) => Ok(Some(*n as u16)),
        Some(Json::Int(_)) => Err(ConsentError::new(
            "config.out_of_range",
            path,
            "must be an IAB Global Vendor List id from 1 to 65535",
        )),
        Some(x) => Err(ConsentError::new(
            "config.invalid_type",
            path,
            cat(&["must be a whole number, not ", x.kind()]),
        )),
    }
}

#[cfg(all(test, not(feature = "iab")))]
mod consent_build {
    use crate::core::Config;

    /// The consent-only core does not know the IAB fields (the loader never gives it a config with
    /// `tcf` or `gpp`): each is refused as an unknown field at its path.
    #[test]
    fn the_consent_build_refuses_every_iab_field() {
        let p = r#"{"id":"a","label":"A"}"#;
        for (json, path) in [
            (
                format!(r#"{{"policyVersion":"1","purposes":[{p}],"tcf":{{}}}}"#),
                "tcf",
            ),
            (
                format!(r#"{{"policyVersion":"1","purposes":[{p}],"gpp":{{}}}}"#),
                "gpp",
            ),
            (
                r#"{"policyVersion":"1","purposes":[{"id":"a","label":"A","tcfPurposes":[1]}]}"#
                    .into(),
                "purposes[0].tcfPurposes",
            ),
            (
                format!(
                    r#"{{"policyVersion":"1","purposes":[{p}],"vendors":[{{"id":"v","name":"V","purposes":["a"],"gvlId":1}}]}}"#
                ),
                "vendors[0].gvlId",
            ),
        ] {
            let e = Config::from_json(&json).unwrap_err();
            assert_eq!((e.code, e.path.as_str()), ("config.unknown_field", path));
        }
    }
}
