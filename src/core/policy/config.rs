use crate::core::map::Map;

#[cfg(feature = "iab")]
use super::iab::{self, GppConfig, TcfConfig};
use super::texts::TEXT_KEYS;
use crate::core::error::{cat, item, ConsentError};
use crate::core::json::Json;
use crate::core::read::{self, object, Family::Config as C};

/// Default consent lifetime: about six months, the CNIL recommendation for both consent and refusal.
pub const DEFAULT_LIFETIME_DAYS: u32 = 180;
/// Upper bound: 13 months (the CNIL/TCF re-ask ceiling).
pub const MAX_LIFETIME_DAYS: u32 = 395;
/// Longest `vendors[i].retention` text, in characters.
pub const MAX_RETENTION_CHARS: usize = 100;

/// Jurisdiction mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// GDPR/ePrivacy style: nothing non-essential before an affirmative choice.
    #[default]
    OptIn,
    /// CCPA style: purposes run until the user opts out (or Global Privacy Control says so).
    OptOut,
}

/// A text given once or per language: `"Analytics"` or `{ "en": "Analytics", "de": "Statistik" }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Localized {
    One(String),
    Many(Map<String>),
}

impl Localized {
    /// The text in `lang` (a key `de` or `de-AT` serves `de`), else English, else the first given.
    pub fn get(&self, lang: &str) -> &str {
        let same = |k: &String, l: &str| crate::core::lang::same_primary(k, l);
        match self {
            Localized::One(s) => s,
            Localized::Many(m) => m
                .get(lang)
                .or_else(|| m.iter().find(|(k, _)| same(k, lang)).map(|(_, v)| v))
                .or_else(|| m.iter().find(|(k, _)| same(k, "en")).map(|(_, v)| v))
                .or_else(|| m.values().next())
                .map(String::as_str)
                .unwrap_or(""),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purpose {
    pub id: String,
    pub required: bool,
    /// A sale or sharing of personal information, or targeted advertising: what US opt-out rights and
    /// Global Privacy Control refuse (in opt-out mode). When no purpose says so, they refuse every
    /// optional purpose.
    pub sale: bool,
    pub label: Localized,
    pub description: Option<Localized>,
    /// The IAB TCF purposes (1..=11) this purpose covers: each is consented in the TC string when
    /// every purpose listing it is granted.
    #[cfg(feature = "iab")]
    pub tcf_purposes: Vec<u8>,
    /// `sensitive`: the GPP sections' sensitive-data categories this purpose processes (section
    /// id, 1-based category numbers of its SensitiveDataProcessing); see `core::gpp::signal`.
    #[cfg(feature = "iab")]
    pub sensitive: Vec<(u16, Vec<u8>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vendor {
    pub id: String,
    pub name: String,
    pub purposes: Vec<String>,
    /// Cookie name patterns (`*` matches any run of characters), deleted on withdrawal and `forget()`.
    pub cookies: Vec<String>,
    /// localStorage/sessionStorage key patterns, deleted like cookies.
    pub storage_keys: Vec<String>,
    /// Hosts the vendor's tags and requests go to.
    pub hosts: Vec<String>,
    /// URL path patterns (`*` = any run of characters) that make a request to the hosts one of this
    /// destination's; empty = every request to the hosts.
    pub paths: Vec<String>,
    /// The minimization policy: with it the vendor is a destination whose payloads are rewritten.
    pub minimize: Option<crate::core::minimize::Minimize>,
    pub privacy_policy_url: Option<String>,
    /// How long the vendor keeps what it receives, in words (`"13 months"`): shown in the inventory.
    pub retention: Option<String>,
    /// The site no longer uses this vendor: it is kept in the config so what it left behind can be
    /// erased and that erasure recorded (a receipt with source `incident`).
    pub retired: bool,
    /// The vendor's id in the IAB Global Vendor List: it is disclosed in the TC string, and
    /// consented when the vendor is granted.
    #[cfg(feature = "iab")]
    pub gvl_id: Option<u16>,
}

/// The validated configuration. Build it with [`Config::from_json`]; every value in it has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub policy_version: String,
    /// Days a choice lasts (1..=395).
    pub lifetime_days: i64,
    pub mode: Mode,
    /// `"mode": "auto"`: the page says which (see [`Config::apply_mode_hint`]); `mode` is opt-in until then.
    pub mode_from_page: bool,
    pub language: Option<String>,
    pub privacy_policy_url: Option<String>,
    pub cookie_domain: Option<String>,
    pub purposes: Vec<Purpose>,
    pub vendors: Vec<Vendor>,
    /// Per-language overrides of the UI texts: `{ "de": { "acceptAll": "Alle akzeptieren" } }`.
    pub texts: Map<Map<String>>,
    /// Reload the page after a choice withdraws something that was granted, so code that already
    /// ran stops too.
    pub reload_on_withdraw: bool,
    /// The site's key for `hmac` minimization rules.
    pub hash_key: Option<String>,
    /// Google Consent Mode v2 signals; `None` sends none.
    pub consent_mode: Option<ConsentModeConfig>,
    /// Layout, theme and behaviour of the banner.
    pub ui: Ui,
    /// IAB TCF v2.3: the CMP settings of the TC string; `None` writes none.
    #[cfg(feature = "iab")]
    pub tcf: Option<TcfConfig>,
    /// IAB GPP: the US sections written; `None` writes no GPP string.
    #[cfg(feature = "iab")]
    pub gpp: Option<GppConfig>,
}

/// How the banner looks and behaves. Every combination keeps Reject all beside Accept all, equal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ui {
    /// `bar` (bottom bar, default), `box` (corner box) or `modal` (centred; blocks the page).
    pub layout: Layout,
    /// `light`, `dark` or `auto` (follows `prefers-color-scheme`, the default).
    pub theme: Theme,
    /// Block the page until a choice: the rest of the page is `inert` (out of reach of the mouse,
    /// the keyboard and a screen reader's virtual cursor). Always on with the `modal` layout.
    pub forced: bool,
    /// The floating re-open button: shown `auto`matically when the page has no
    /// `[data-consent-sieve-open]` link (so there is always a way back), or `always`.
    pub reopen_always: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    Bar,
    Box,
    Modal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    Light,
    Dark,
    #[default]
    Auto,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Bar => "bar",
            Layout::Box => "box",
            Layout::Modal => "modal",
        }
    }
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

impl Ui {
    /// Whether the banner blocks the page until a choice.
    pub fn blocking(&self) -> bool {
        self.forced || self.layout == Layout::Modal
    }
}

/// The seven Google Consent Mode v2 types.
pub const CONSENT_TYPES: [&str; 7] = [
    "ad_storage",
    "analytics_storage",
    "ad_user_data",
    "ad_personalization",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentModeConfig {
    /// Consent type → purpose ids that must all be granted; types not listed use the defaults.
    pub types: Map<Vec<String>>,
    /// ISO 3166 region codes the default command is limited to.
    pub region: Vec<String>,
    pub wait_for_update: Option<i64>,
    pub ads_data_redaction: bool,
    pub url_passthrough: bool,
    /// Name of the dataLayer event pushed after each update; `None` pushes none.
    pub data_layer_event: Option<String>,
    pub data_layer_name: String,
}

impl Config {
    /// Parses and validates a config given as JSON. Any problem is a [`ConsentError`] naming the
    /// field path and the reason; no partial config is ever returned.
    pub fn from_json(json: &str) -> Result<Config, ConsentError> {
        Self::read(json)
    }

    fn read(json: &str) -> Result<Config, ConsentError> {
        let root = read::parse(C, json)?;
        let f = object(
            C,
            &root,
            "",
            &[
                "policyVersion",
                "lifetimeDays",
                "mode",
                "language",
                "privacyPolicyUrl",
                "cookieDomain",
                "purposes",
                "vendors",
                "texts",
                "reloadOnWithdraw",
                "hashKey",
                "consentMode",
                "ui",
                #[cfg(feature = "iab")]
                "tcf",
                #[cfg(feature = "iab")]
                "gpp",
            ],
        )?;
        let (mode, mode_from_page) = match f.opt_string("mode")?.as_deref() {
            None | Some("opt-in") => (Mode::OptIn, false),
            Some("opt-out") => (Mode::OptOut, false),
            Some("auto") => (Mode::OptIn, true),
            Some(_) => {
                return Err(bad_value(
                    "mode",
                    "must be \"opt-in\", \"opt-out\" or \"auto\"",
                ))
            }
        };
        let purposes_json = f.need("purposes")?;
        let Json::Arr(purposes_json) = purposes_json else {
            return Err(read::want_type(C, "purposes", "an array", purposes_json));
        };
        let mut purposes = Vec::new();
        for (i, p) in purposes_json.iter().enumerate() {
            let at = read::item("purposes", i);
            let pf = object(
                C,
                p,
                &at,
                &[
                    "id",
                    "required",
                    "sale",
                    "label",
                    "description",
                    #[cfg(feature = "iab")]
                    "tcfPurposes",
                    #[cfg(feature = "iab")]
                    "sensitive",
                ],
            )?;
            purposes.push(Purpose {
                id: pf.string("id")?,
                required: pf.opt_bool("required")?.unwrap_or(false),
                sale: pf.opt_bool("sale")?.unwrap_or(false),
                label: localized(pf.need("label")?, &pf.path("label"))?,
                description: pf
                    .opt("description")
                    .map(|d| localized(d, &pf.path("description")))
                    .transpose()?,
                #[cfg(feature = "iab")]
                tcf_purposes: iab::tcf_purposes(pf.opt("tcfPurposes"), &pf.path("tcfPurposes"))?,
                #[cfg(feature = "iab")]
                sensitive: iab::sensitive(pf.opt("sensitive"), &pf.path("sensitive"))?,
            });
        }
        let mut vendors = Vec::new();
        for (i, v) in f.opt_array("vendors")?.iter().enumerate() {
            let at = read::item("vendors", i);
            let vf = object(
                C,
                v,
                &at,
                &[
                    "id",
                    "name",
                    "purposes",
                    "cookies",
                    "storageKeys",
                    "hosts",
                    "paths",
                    "minimize",
                    "privacyPolicyUrl",
                    "retention",
                    "retired",
                    #[cfg(feature = "iab")]
                    "gvlId",
                ],
            )?;
            let ids: Vec<&str> = purposes.iter().map(|p: &Purpose| p.id.as_str()).collect();
            vf.need("purposes")?;
            vendors.push(Vendor {
                id: vf.string("id")?,
                name: vf.string("name")?,
                purposes: vf.opt_strings("purposes")?,
                cookies: vf.opt_strings("cookies")?,
                storage_keys: vf.opt_strings("storageKeys")?,
                hosts: vf.opt_strings("hosts")?,
                paths: vf.opt_strings("paths")?,
                minimize: vf
                    .opt("minimize")
                    .map(|m| crate::core::minimize::policy::parse(m, &vf.path("minimize"), &ids))
                    .transpose()?,
                privacy_policy_url: vf.opt_string("privacyPolicyUrl")?,
                retention: vf.opt_string("retention")?,
                retired: vf.opt_bool("retired")?.unwrap_or(false),
                #[cfg(feature = "iab")]
                gvl_id: iab::gvl_id(vf.opt("gvlId"), &vf.path("gvlId"))?,
            });
        }
        let mut texts = Map::new();
        if let Some(t) = f.opt("texts") {
            let Json::Obj(langs) = t else {
                return Err(read::want_type(C, "texts", "an object", t));
            };
            for (lang, table) in langs {
                texts.insert(
                    lang.clone(),
                    read::string_map(C, table, &cat(&["texts.", lang]))?,
                );
            }
        }
        let consent_mode = f
            .opt("consentMode")
            .map(|cm| consent_mode(cm, &f.path("consentMode")))
            .transpose()?;
        let config = Config {
            policy_version: f.string("policyVersion")?,
            lifetime_days: f
                .opt_int("lifetimeDays")?
                .unwrap_or(DEFAULT_LIFETIME_DAYS as i64),
            mode,
            mode_from_page,
            language: f.opt_string("language")?,
            privacy_policy_url: f.opt_string("privacyPolicyUrl")?,
            cookie_domain: f.opt_string("cookieDomain")?,
            purposes,
            vendors,
            texts,
            reload_on_withdraw: f.opt_bool("reloadOnWithdraw")?.unwrap_or(false),
            hash_key: f.opt_string("hashKey")?,
            consent_mode,
            ui: f
                .opt("ui")
                .map(|u| ui(u, "ui"))
                .transpose()?
                .unwrap_or_default(),
            #[cfg(feature = "iab")]
            tcf: f
                .opt("tcf")
                .map(|t| iab::tcf(t, &f.path("tcf")))
                .transpose()?,
            #[cfg(feature = "iab")]
            gpp: f
                .opt("gpp")
                .map(|g| iab::gpp(g, &f.path("gpp")))
                .transpose()?,
        };
        config.validate()?;
        Ok(config)
    }

    pub fn purpose(&self, id: &str) -> Option<&Purpose> {
        self.purposes.iter().find(|p| p.id == id)
    }

    pub fn vendor(&self, id: &str) -> Option<&Vendor> {
        self.vendors.iter().find(|v| v.id == id)
    }

    pub fn lifetime_ms(&self) -> u64 {
        self.lifetime_days as u64 * 86_400_000
    }

    /// Whether a vendor serves only required purposes: it is always granted, and no choice is
    /// asked or stored for it.
    pub fn required_only(&self, vendor: &Vendor) -> bool {
        vendor
            .purposes
            .iter()
            .all(|p| self.purpose(p).is_some_and(|p| p.required))
    }

    /// The vendors that serve a purpose, in config order.
    pub fn vendors_of<'a>(&'a self, purpose: &'a str) -> impl Iterator<Item = &'a Vendor> + 'a {
        self.vendors
            .iter()
            .filter(move |v| v.purposes.iter().any(|p| p == purpose))
    }

    fn validate(&self) -> Result<(), ConsentError> {
        if let Some(k) = &self.hash_key {
            if k.len() < 16 {
                return Err(bad_value(
                    "hashKey",
                    "must be at least 16 characters (a site secret)",
                ));
            }
        }
        check_text("policyVersion", &self.policy_version, 64)?;
        if !(1..=MAX_LIFETIME_DAYS as i64).contains(&self.lifetime_days) {
            return Err(ConsentError::new(
                "config.out_of_range",
                "lifetimeDays",
                "must be a whole number of days from 1 to 395 (13 months)",
            ));
        }
        if let Some(lang) = &self.language {
            if lang != "auto" && !is_lang(lang) {
                return Err(bad_value(
                    "language",
                    "must be \"auto\" or a language code such as \"de\"",
                ));
            }
            let primary = crate::core::lang::primary(lang);
            let bundled = crate::core::lang::is_bundled(&primary);
            if lang != "auto" && !bundled && !super::texts::available(&self.texts, &primary) {
                return Err(bad_value(
                    "language",
                    &cat(&[
                        "has no texts: use a bundled language (",
                        &crate::core::lang::BUNDLED.join(", "),
                        ") or add them under \"texts\"",
                    ]),
                ));
            }
        }
        if let Some(url) = &self.privacy_policy_url {
            check_url("privacyPolicyUrl", url)?;
        }
        if let Some(domain) = &self.cookie_domain {
            if !is_host(domain.strip_prefix('.').unwrap_or(domain)) {
                return Err(bad_value(
                    "cookieDomain",
                    "must be a host name such as \"example.com\"",
                ));
            }
        }
        if self.purposes.is_empty() {
            return Err(ConsentError::new(
                "config.invalid_value",
                "purposes",
                "must name at least one purpose",
            ));
        }
        let mut ids = Vec::<&str>::new();
        for (i, p) in self.purposes.iter().enumerate() {
            let at = item("purposes", i);
            check_id(&cat(&[&at, ".id"]), &p.id)?;
            if ids.contains(&p.id.as_str()) {
                return Err(duplicate(&cat(&[&at, ".id"]), &p.id));
            }
            ids.push(&p.id);
            check_localized(&cat(&[&at, ".label"]), &p.label, 200)?;
            if let Some(d) = &p.description {
                check_localized(&cat(&[&at, ".description"]), d, 2000)?;
            }
        }
        let mut vendor_ids = Vec::<&str>::new();
        for (i, v) in self.vendors.iter().enumerate() {
            let at = item("vendors", i);
            check_id(&cat(&[&at, ".id"]), &v.id)?;
            if vendor_ids.contains(&v.id.as_str()) {
                return Err(duplicate(&cat(&[&at, ".id"]), &v.id));
            }
            vendor_ids.push(&v.id);
            check_text(&cat(&[&at, ".name"]), &v.name, 200)?;
            if v.purposes.is_empty() {
                return Err(bad_value(
                    &cat(&[&at, ".purposes"]),
                    "must name at least one purpose",
                ));
            }
            let mut seen = Vec::<&str>::new();
            for (j, p) in v.purposes.iter().enumerate() {
                let path = item(&cat(&[&at, ".purposes"]), j);
                if !ids.contains(&p.as_str()) {
                    return Err(ConsentError::new(
                        "config.unknown_purpose",
                        path,
                        cat(&["\"", p, "\" is not the id of a configured purpose"]),
                    ));
                }
                if seen.contains(&p.as_str()) {
                    return Err(duplicate(&path, p));
                }
                seen.push(p);
            }
            for (j, c) in v.cookies.iter().enumerate() {
                check_pattern(&item(&cat(&[&at, ".cookies"]), j), c)?;
            }
            for (j, k) in v.storage_keys.iter().enumerate() {
                check_pattern(&item(&cat(&[&at, ".storageKeys"]), j), k)?;
            }
            for (j, h) in v.hosts.iter().enumerate() {
                let bare = h.strip_prefix("*.").unwrap_or(h);
                if !is_host(bare) {
                    return Err(bad_value(
                        &item(&cat(&[&at, ".hosts"]), j),
                        "must be a host name such as \"cdn.vendor.com\" or \"*.vendor.com\" (no scheme, path or port)",
                    ));
                }
            }
            if let Some(url) = &v.privacy_policy_url {
                check_url(&cat(&[&at, ".privacyPolicyUrl"]), url)?;
            }
            if let Some(r) = &v.retention {
                check_text(&cat(&[&at, ".retention"]), r, MAX_RETENTION_CHARS)?;
                if r.contains('\n') {
                    return Err(bad_value(
                        &cat(&[&at, ".retention"]),
                        "must be one line, e.g. \"13 months\"",
                    ));
                }
            }
            for (j, p) in v.paths.iter().enumerate() {
                if !p.starts_with('/') {
                    return Err(bad_value(
                        &item(&cat(&[&at, ".paths"]), j),
                        "must be a URL path starting with \"/\" (\"*\" matches any run of characters)",
                    ));
                }
            }
            if v.minimize.as_ref().is_some_and(|m| m.uses_hmac()) && self.hash_key.is_none() {
                return Err(ConsentError::new(
                    "config.missing_field",
                    "hashKey",
                    cat(&["is required: ", &at, ".minimize has an \"hmac\" rule"]),
                ));
            }
        }
        self.check_routes()?;
        #[cfg(feature = "iab")]
        self.check_iab()?;
        if let Some(cm) = &self.consent_mode {
            for (ty, ids) in cm.types.iter() {
                for (i, id) in ids.iter().enumerate() {
                    if self.purpose(id).is_none() {
                        return Err(ConsentError::new(
                            "config.unknown_purpose",
                            item(&cat(&["consentMode.types.", ty]), i),
                            cat(&["\"", id, "\" is not the id of a configured purpose"]),
                        ));
                    }
                }
            }
        }
        for (lang, table) in &self.texts {
            if !is_lang(lang) {
                return Err(bad_value(
                    &cat(&["texts.", lang]),
                    "must be keyed by a language code such as \"de\"",
                ));
            }
            for (key, value) in table {
                let path = cat(&["texts.", lang, ".", key]);
                #[cfg(feature = "iab")]
                let tcf_key = super::texts::TCF_TEXT_KEYS.contains(&key.as_str());
                #[cfg(not(feature = "iab"))]
                let tcf_key = false;
                if !TEXT_KEYS.contains(&key.as_str()) && !tcf_key {
                    return Err(ConsentError::new(
                        "config.unknown_field",
                        path,
                        cat(&["unknown text key; known keys: ", &TEXT_KEYS.join(", ")]),
                    ));
                }
                check_text(&path, value, 2000)?;
            }
        }
        Ok(())
    }
}

impl Config {
    /// `tcfPurposes`, `gvlId` and the GPP section `tcfeuv2` mean something only with a TC string:
    /// they need `tcf`. A GVL id names
    /// one vendor. (Without the `iab` feature the reader refused all of them already.)
    #[cfg(feature = "iab")]
    fn check_iab(&self) -> Result<(), ConsentError> {
        let needs_tcf = |at: String, what: &str| {
            ConsentError::new(
                "config.missing_field",
                "tcf",
                cat(&["is required: ", &at, " ", what]),
            )
        };
        if self.tcf.is_none() {
            if let Some(i) = self
                .purposes
                .iter()
                .position(|p| !p.tcf_purposes.is_empty())
            {
                return Err(needs_tcf(
                    cat(&[&item("purposes", i), ".tcfPurposes"]),
                    "names TCF purposes",
                ));
            }
            if let Some(i) = self.vendors.iter().position(|v| v.gvl_id.is_some()) {
                return Err(needs_tcf(
                    cat(&[&item("vendors", i), ".gvlId"]),
                    "names an IAB vendor",
                ));
            }
            if let Some(g) = &self.gpp {
                // The section ids are sorted: tcfeuv2 (2) comes first when named.
                if g.sections.first() == Some(&2) {
                    return Err(needs_tcf(
                        "gpp.sections".into(),
                        "names tcfeuv2 (the TC string inside the GPP string)",
                    ));
                }
            }
        }
        // A purpose's sensitive-data categories are written into the sections gpp.sections names.
        let sections = self.gpp.as_ref().map_or(&[][..], |g| &g.sections[..]);
        for (i, p) in self.purposes.iter().enumerate() {
            for (id, _) in &p.sensitive {
                if !sections.contains(id) {
                    let name = super::iab::GPP_SECTIONS
                        .iter()
                        .find(|s| s.1 == *id)
                        .map_or("", |s| s.0);
                    return Err(ConsentError::new(
                        "config.missing_field",
                        "gpp.sections",
                        cat(&[
                            "must name \"",
                            name,
                            "\": ",
                            &item("purposes", i),
                            ".sensitive names its categories",
                        ]),
                    ));
                }
            }
            if p.required && !p.sensitive.is_empty() {
                return Err(ConsentError::new(
                    "config.invalid_value",
                    cat(&[&item("purposes", i), ".sensitive"]),
                    "a required purpose cannot process sensitive data: the visitor must be able to refuse it",
                ));
            }
        }
        for (i, v) in self.vendors.iter().enumerate() {
            let Some(id) = v.gvl_id else { continue };
            if self.vendors[..i].iter().any(|u| u.gvl_id == Some(id)) {
                return Err(ConsentError::new(
                    "config.duplicate_id",
                    cat(&[&item("vendors", i), ".gvlId"]),
                    cat(&[
                        "IAB vendor ",
                        &crate::core::error::num(id.into(), 1),
                        " is used twice",
                    ]),
                ));
            }
        }
        Ok(())
    }

    /// Two vendors, one of them a destination, must never be able to claim the same request with
    /// equal specificity (the router would pick the first listed, silently): overlapping hosts and
    /// either two path patterns of equal specificity that one path can match, or no paths on either.
    /// The error names the later vendor's pattern (or host).
    fn check_routes(&self) -> Result<(), ConsentError> {
        use crate::core::hosts::{hosts_overlap, patterns_intersect, specificity};
        for (i, v) in self.vendors.iter().enumerate() {
            for (k, u) in self.vendors[..i].iter().enumerate() {
                let Some(j) = v
                    .hosts
                    .iter()
                    .position(|h| u.hosts.iter().any(|g| hosts_overlap(h, g)))
                else {
                    continue;
                };
                if v.minimize.is_none() && u.minimize.is_none() {
                    continue;
                }
                let at = item("vendors", i);
                let clash = if v.paths.is_empty() && u.paths.is_empty() {
                    Some(item(&cat(&[&at, ".hosts"]), j))
                } else {
                    v.paths
                        .iter()
                        .position(|p| {
                            u.paths.iter().any(|q| {
                                specificity(p) == specificity(q) && patterns_intersect(p, q)
                            })
                        })
                        .map(|n| item(&cat(&[&at, ".paths"]), n))
                };
                if let Some(path) = clash {
                    return Err(ConsentError::new(
                        "config.ambiguous_route",
                        path,
                        cat(&[
                            "could claim the same requests as ",
                            &item("vendors", k),
                            " (\"",
                            &u.id,
                            "\"); make one path more specific",
                        ]),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn ui(v: &Json, path: &str) -> Result<Ui, ConsentError> {
    let f = object(C, v, path, &["layout", "theme", "forced", "reopenButton"])?;
    let pick = |key: &str, options: &[&str], reason: &str| -> Result<Option<usize>, ConsentError> {
        match f.opt_string(key)? {
            None => Ok(None),
            Some(s) => options
                .iter()
                .position(|o| *o == s)
                .map(Some)
                .ok_or_else(|| bad_value(&f.path(key), reason)),
        }
    };
    let layout = match pick(
        "layout",
        &["bar", "box", "modal"],
        "must be \"bar\", \"box\" or \"modal\"",
    )? {
        Some(1) => Layout::Box,
        Some(2) => Layout::Modal,
        _ => Layout::Bar,
    };
    let theme = match pick(
        "theme",
        &["light", "dark", "auto"],
        "must be \"light\", \"dark\" or \"auto\"",
    )? {
        Some(0) => Theme::Light,
        Some(1) => Theme::Dark,
        _ => Theme::Auto,
    };
    let reopen = pick(
        "reopenButton",
        &["auto", "always"],
        "must be \"auto\" (shown when the page has no re-open link) or \"always\"; a way to change the choice is always offered",
    )?;
    Ok(Ui {
        layout,
        theme,
        forced: f.opt_bool("forced")?.unwrap_or(false),
        reopen_always: reopen == Some(1),
    })
}

fn consent_mode(v: &Json, path: &str) -> Result<ConsentModeConfig, ConsentError> {
    let f = object(
        C,
        v,
        path,
        &[
            "types",
            "region",
            "waitForUpdate",
            "adsDataRedaction",
            "urlPassthrough",
            "dataLayerEvent",
            "dataLayerName",
        ],
    )?;
    let mut types = Map::new();
    if let Some(t) = f.opt("types") {
        let Json::Obj(entries) = t else {
            return Err(read::want_type(C, &f.path("types"), "an object", t));
        };
        for (ty, purposes) in entries {
            let at = cat(&[&f.path("types"), ".", ty]);
            if !CONSENT_TYPES.contains(&ty.as_str()) {
                return Err(ConsentError::new(
                    "config.unknown_field",
                    at,
                    cat(&[
                        "not a Consent Mode type; known types: ",
                        &CONSENT_TYPES.join(", "),
                    ]),
                ));
            }
            let Json::Arr(items) = purposes else {
                return Err(read::want_type(C, &at, "an array of purpose ids", purposes));
            };
            let ids = items
                .iter()
                .enumerate()
                .map(|(i, p)| read::string(C, p, &read::item(&at, i)))
                .collect::<Result<Vec<_>, _>>()?;
            types.insert(ty.clone(), ids);
        }
    }
    let wait = f.opt_int("waitForUpdate")?;
    if wait.is_some_and(|w| !(0..=10_000).contains(&w)) {
        return Err(ConsentError::new(
            "config.out_of_range",
            f.path("waitForUpdate"),
            "must be 0 to 10000 milliseconds",
        ));
    }
    let region = f.opt_strings("region")?;
    for (i, r) in region.iter().enumerate() {
        let ok = {
            let mut parts = r.split('-');
            let country = parts.next().unwrap_or("");
            let sub = parts.next();
            country.len() == 2
                && country.bytes().all(|b| b.is_ascii_uppercase())
                && sub.is_none_or(|s| {
                    (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
                })
                && parts.next().is_none()
        };
        if !ok {
            return Err(bad_value(
                &read::item(&f.path("region"), i),
                "must be an ISO 3166-1 country (\"DE\") or ISO 3166-2 subdivision (\"US-CA\")",
            ));
        }
    }
    let data_layer_event = match f.opt("dataLayerEvent") {
        None => Some("consent-sieve-update".to_string()),
        Some(Json::Bool(false)) => None,
        Some(Json::Str(s)) if !s.trim().is_empty() && s.len() <= 100 => Some(s.clone()),
        Some(other) => {
            return Err(read::want_type(
                C,
                &f.path("dataLayerEvent"),
                "an event name or false",
                other,
            ))
        }
    };
    let data_layer_name = f
        .opt_string("dataLayerName")?
        .unwrap_or_else(|| "dataLayer".into());
    let js_ident = data_layer_name.bytes().enumerate().all(|(i, b)| {
        b == b'_' || b == b'$' || b.is_ascii_alphabetic() || (i > 0 && b.is_ascii_digit())
    });
    if data_layer_name.is_empty() || data_layer_name.len() > 64 || !js_ident {
        return Err(bad_value(
            &f.path("dataLayerName"),
            "must be a JavaScript identifier such as \"dataLayer\"",
        ));
    }
    Ok(ConsentModeConfig {
        types,
        region,
        wait_for_update: wait,
        ads_data_redaction: f.opt_bool("adsDataRedaction")?.unwrap_or(false),
        url_passthrough: f.opt_bool("urlPassthrough")?.unwrap_or(false),
        data_layer_event,
        data_layer_name,
    })
}

fn localized(v: &Json, path: &str) -> Result<Localized, ConsentError> {
    match v {
        Json::Str(s) => Ok(Localized::One(s.clone())),
        Json::Obj(_) => Ok(Localized::Many(read::string_map(C, v, path)?)),
        _ => Err(read::want_type(
            C,
            path,
            "a string or an object of strings by language",
            v,
        )),
    }
}

fn bad_value(path: &str, reason: &str) -> ConsentError {
    ConsentError::new("config.invalid_value", path, reason)
}

fn duplicate(path: &str, id: &str) -> ConsentError {
    ConsentError::new(
        "config.duplicate_id",
        path,
        cat(&["\"", id, "\" is used twice"]),
    )
}

fn check_text(path: &str, s: &str, max: usize) -> Result<(), ConsentError> {
    if s.trim().is_empty() {
        return Err(bad_value(path, "must not be empty"));
    }
    // Characters counted as UTF-8 lead bytes (`chars().count()` links a 700-byte counting routine).
    if s.bytes().filter(|b| b & 0xC0 != 0x80).count() > max {
        return Err(ConsentError::new(
            "config.out_of_range",
            path,
            cat(&[
                "is longer than ",
                &crate::core::error::num(max as u64, 1),
                " characters",
            ]),
        ));
    }
    if s.chars().any(|c| c.is_control() && c != '\n') {
        return Err(bad_value(path, "must not contain control characters"));
    }
    Ok(())
}

fn check_localized(path: &str, l: &Localized, max: usize) -> Result<(), ConsentError> {
    match l {
        Localized::One(s) => check_text(path, s, max),
        Localized::Many(m) => {
            if m.is_empty() {
                return Err(bad_value(path, "must give at least one language"));
            }
            for (lang, s) in m {
                let p = cat(&[path, ".", lang]);
                if !is_lang(lang) {
                    return Err(bad_value(
                        &p,
                        "must be keyed by a language code such as \"de\"",
                    ));
                }
                check_text(&p, s, max)?;
            }
            Ok(())
        }
    }
}

/// Ids are used in attributes, cookie values and CSS selectors: keep them plain.
fn check_id(path: &str, id: &str) -> Result<(), ConsentError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ConsentError::new(
            "config.invalid_id",
            path,
            "must be 1-64 characters of letters, digits, '_' or '-', starting with a letter or digit",
        ))
    }
}

fn check_pattern(path: &str, p: &str) -> Result<(), ConsentError> {
    if p.is_empty()
        || p.len() > 200
        || p.bytes()
            .any(|b| b <= b' ' || b == b';' || b == b'=' || b == 0x7f)
    {
        return Err(bad_value(
            path,
            "must be a non-empty name pattern without spaces, ';' or '='",
        ));
    }
    Ok(())
}

/// Only http(s), mailto and relative URLs. Browsers ignore leading spaces and strip tabs and
/// newlines anywhere, so those are removed before the scheme is read (`java\tscript:` is javascript:).
pub(crate) fn check_url(path: &str, url: &str) -> Result<(), ConsentError> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.is_empty() || cleaned.len() > 2048 {
        return Err(bad_value(path, "must be a URL of 1 to 2048 characters"));
    }
    let scheme_end = cleaned.find(':');
    let first_delim = cleaned.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, first_delim) {
        (Some(c), Some(d)) => c < d,
        (Some(_), None) => true,
        _ => false,
    };
    if has_scheme {
        let scheme = cleaned
            .get(..scheme_end.unwrap_or(0))
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !matches!(scheme.as_str(), "http" | "https" | "mailto") {
            return Err(ConsentError::new(
                "config.unsafe_url",
                path,
                cat(&[
                    "the \"",
                    &scheme,
                    ":\" scheme is not allowed; use an http(s) or relative URL",
                ]),
            ));
        }
    }
    if cleaned
        .chars()
        .any(|c| c.is_control() || c == ' ' || c == '"' || c == '<' || c == '>')
    {
        return Err(bad_value(
            path,
            "must not contain spaces, quotes or angle brackets",
        ));
    }
    Ok(())
}

pub(crate) use crate::core::lang::is_lang;

pub(crate) fn is_host(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

impl Config {
    /// `"mode": "auto"`: the jurisdiction the page names (`<html data-consent-sieve-mode="opt-out">`,
    /// written by the site's server, e.g. from the visitor's region) decides. Anything but `opt-out`
    /// (missing, misspelt) is opt-in, the stricter one. Without `auto` the hint is ignored.
    pub fn apply_mode_hint(&mut self, hint: Option<&str>) {
        if self.mode_from_page {
            self.mode = match hint.map(str::trim) {
                Some(h) if h.eq_ignore_ascii_case("opt-out") => Mode::OptOut,
                _ => Mode::OptIn,
            };
        }
    }

    /// Purposes that Global Privacy Control and the opt-out link refuse: those marked `sale`, or
    /// every optional purpose when none is.
    pub fn refused_by_opt_out(&self, p: &Purpose) -> bool {
        !p.required && (p.sale || !self.purposes.iter().any(|q| q.sale))
    }

    /// The UI texts for this config and the browser's languages (see [`super::texts::resolve`]).
    pub fn resolve_texts(&self, browser: &[String]) -> super::texts::Texts {
        super::texts::resolve(
            self.language.as_deref(),
            &self.texts,
            self.mode == Mode::OptOut,
            browser,
        )
    }
}
