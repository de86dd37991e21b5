use crate::core::map::Map;

use crate::core::json::Writer;

/// Where a choice came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The person clicked in the banner or the preferences dialog.
    Banner,
    /// The site called `acceptAll()`/`rejectAll()`/`update()`.
    Api,
    /// Global Privacy Control (opt-out mode).
    Gpc,
    /// Nobody chose: the mode's defaults apply.
    Default,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Banner => "banner",
            Source::Api => "api",
            Source::Gpc => "gpc",
            Source::Default => "default",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        Some(match s {
            "banner" => Source::Banner,
            "api" => Source::Api,
            "gpc" => Source::Gpc,
            "default" => Source::Default,
            _ => return None,
        })
    }
}

/// One decision, as made and as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Random UUID v4, also the receipt id.
    pub id: String,
    pub decided_at: u64,
    pub expires_at: u64,
    pub policy_version: String,
    pub source: Source,
    /// Every configured purpose, required ones always true.
    pub purposes: Map<bool>,
    /// Effective vendor grants (see [`crate::core::Config::vendor_grants`]).
    pub vendors: Map<bool>,
    /// The person's explicit per-vendor choices ("always allow X", "not X"). Kept apart from
    /// `vendors` so a choice survives its purposes being denied and granted again.
    pub choices: Map<bool>,
    /// The TCF policy version of the Global Vendor List the choice was made under (`tp` in the
    /// record; only with a loaded GVL). Another version in a newer GVL asks again.
    pub tcf_policy: Option<u8>,
    /// Legitimate interest and special features (TCF, full core only).
    #[cfg(feature = "iab")]
    pub tcf: TcfChoice,
    /// The purposes held back for sensitive-data consent when the choice was made (`sd` in the
    /// record; IAB cores only): a grant of such a purpose is the visitor's own. A stored grant of a
    /// purpose that needs that consent now but was not held back then came from the opt-out defaults.
    #[cfg(feature = "iab")]
    pub held: Map<bool>,
}

/// The TCF choices beyond consent (full core only; consent to TCF purposes and vendors follows the
/// site's purposes and vendors). Keys are decimal TCF ids or config vendor ids.
#[cfg(feature = "iab")]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TcfChoice {
    /// Every purpose of `tcf.legIntPurposes` when the choice was made → legitimate interest stands
    /// (true) or the person objected (false). `tl` in the record.
    pub li_purposes: Map<bool>,
    /// Config vendor id → false: the person objected to that vendor's legitimate interest (only
    /// objections are kept). `tv` in the record.
    pub li_vendors: Map<bool>,
    /// Special feature id → true: opted in (only opt-ins are kept). `ts` in the record.
    pub special_features: Map<bool>,
}

/// The state handed to the page (`state()` in JS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentState {
    pub decided: bool,
    pub purposes: Map<bool>,
    pub vendors: Map<bool>,
    pub policy_version: String,
    pub decided_at: Option<u64>,
    pub expires_at: Option<u64>,
    pub source: Source,
    pub id: Option<String>,
}

impl ConsentState {
    /// `{decided, purposes, vendors, policyVersion, decidedAt, expiresAt, source, id}`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.obj().key("decided").bool(self.decided);
        w.key("purposes").bool_map(&self.purposes);
        w.key("vendors").bool_map(&self.vendors);
        w.key("policyVersion").str(&self.policy_version);
        w.key("decidedAt").opt_int(self.decided_at);
        w.key("expiresAt").opt_int(self.expires_at);
        w.key("source").str(self.source.as_str());
        w.key("id").opt_str(self.id.as_deref());
        w.end_obj();
        w.finish()
    }
}
