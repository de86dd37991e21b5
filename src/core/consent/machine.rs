use std::rc::Rc;

use crate::core::map::Map;

use super::record::{Record, RecordProblem};
use super::state::{ConsentState, Decision, Source};
use crate::core::error::{cat, ConsentError};
use crate::core::hash::uuid_v4;
use crate::core::policy::{Config, Mode};
use crate::core::read::{self, object, Family::Update as U};

/// What `restore` found in storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restore {
    /// A valid decision was restored; no banner.
    Valid,
    /// Nothing stored.
    Missing,
    /// Something stored that does not count; the banner asks again.
    Rejected(RecordProblem),
}

/// A (partial) choice: `{ "purposes": {id: bool}, "vendors": {id: bool} }`. Ids left out keep
/// their current value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    pub purposes: Map<bool>,
    pub vendors: Map<bool>,
    /// The dialog's TCF choices (legitimate interest, special features); `None` keeps what is in
    /// force (`update()` has no TCF fields).
    #[cfg(feature = "iab")]
    pub tcf: Option<TcfChoice>,
}

#[cfg(feature = "iab")]
use super::state::TcfChoice;
/// What a decision carries besides consent: the TCF choices in the full core, nothing otherwise.
#[cfg(feature = "iab")]
type Extra = TcfChoice;
/// Without the IAB code a decision carries nothing beyond consent.
#[cfg(not(feature = "iab"))]
struct Extra;

impl Choice {
    pub fn from_json(json: &str) -> Result<Choice, ConsentError> {
        let root = read::parse(U, json)?;
        let f = object(U, &root, "", &["purposes", "vendors"])?;
        Ok(Choice {
            purposes: f.opt_bool_map("purposes")?,
            vendors: f.opt_bool_map("vendors")?,
            #[cfg(feature = "iab")]
            tcf: None,
        })
    }
}

/// The consent state machine for one page view. Pure: time and randomness are arguments.
///
/// Undecided (mode defaults apply) → decided by `accept_all`, `reject_all` or `save`; `forget` goes
/// back to undecided. Required purposes are always granted. A vendor is granted only when all of its
/// purposes are granted and the person has not turned that vendor off.
#[derive(Debug, Clone)]
pub struct Machine {
    config: Rc<Config>,
    decision: Option<Decision>,
    gpc: bool,
    /// The language the UI is shown in (primary subtag), for a TC string's ConsentLanguage.
    #[cfg(feature = "iab")]
    language: String,
    /// The Global Vendor List (the config's vendor subset), once loaded (`tcf.gvlUrl`).
    #[cfg(feature = "iab")]
    gvl: Option<Rc<crate::core::tcf::gvl::Gvl>>,
}

impl Machine {
    pub fn new(config: Config) -> Machine {
        Machine {
            config: Rc::new(config),
            decision: None,
            gpc: false,
            #[cfg(feature = "iab")]
            language: "en".into(),
            #[cfg(feature = "iab")]
            gvl: None,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The config, shared: for callers that must not hold a borrow of the machine while they work.
    pub fn shared_config(&self) -> Rc<Config> {
        Rc::clone(&self.config)
    }

    pub fn decision(&self) -> Option<&Decision> {
        self.decision.as_ref()
    }

    /// Global Privacy Control as the browser reports it. In opt-out mode it denies the purposes an
    /// opt-out refuses until the person explicitly chooses otherwise (purposes needing consent for
    /// sensitive data are denied anyway); in opt-in mode nothing is granted
    /// without a choice anyway, and the signal is recorded in receipts.
    pub fn set_gpc(&mut self, gpc: bool) {
        self.gpc = gpc;
    }

    pub fn gpc(&self) -> bool {
        self.gpc
    }

    /// The language the UI is shown in (the web layer sets it from the resolved texts).
    #[cfg(feature = "iab")]
    pub fn set_language(&mut self, lang: &str) {
        self.language = lang.into();
    }

    #[cfg(feature = "iab")]
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The loaded Global Vendor List. Set it before [`Machine::restore`]: a stored choice made under
    /// another TCF policy version then counts as no decision.
    #[cfg(feature = "iab")]
    pub fn set_gvl(&mut self, gvl: crate::core::tcf::gvl::Gvl) {
        self.gvl = Some(Rc::new(gvl));
    }

    #[cfg(feature = "iab")]
    pub fn gvl(&self) -> Option<&crate::core::tcf::gvl::Gvl> {
        self.gvl.as_deref()
    }

    /// The loaded GVL, shared (as [`Machine::shared_config`]).
    #[cfg(feature = "iab")]
    pub fn shared_gvl(&self) -> Option<Rc<crate::core::tcf::gvl::Gvl>> {
        self.gvl.clone()
    }

    /// The TCF policy version a new decision is made under: the loaded GVL's.
    fn tcf_policy(&self) -> Option<u8> {
        #[cfg(feature = "iab")]
        return self.gvl.as_ref().map(|g| g.tcf_policy_version);
        #[cfg(not(feature = "iab"))]
        None
    }

    /// Loads a stored record. Anything unreadable, tampered, outdated or expired counts as no decision.
    pub fn restore(&mut self, stored: Option<&str>, now: u64) -> Restore {
        self.decision = None;
        match stored {
            None => Restore::Missing,
            Some(text) => match judge(&self.config, text, now) {
                // TCF: a choice made under another policy version than the GVL's is discarded
                // (no migration), and the visitor is asked again.
                Ok(d) if self.tcf_policy().is_some() && d.tcf_policy != self.tcf_policy() => {
                    Restore::Rejected(RecordProblem::Outdated)
                }
                Ok(d) => {
                    self.decision = Some(d);
                    Restore::Valid
                }
                Err(problem) => Restore::Rejected(problem),
            },
        }
    }

    /// Global Privacy Control is an opt-out here: the signal is on and the mode is opt-out.
    fn gpc_opts_out(&self) -> bool {
        self.config.mode == Mode::OptOut && self.gpc
    }

    /// Whether the banner must ask: no valid decision, unless opt-out mode already has the answer
    /// from Global Privacy Control.
    pub fn needs_prompt(&self) -> bool {
        self.decision.is_none() && !self.gpc_opts_out()
    }

    /// Drops a decision whose time has run out while the page stayed open. Returns true if it did.
    pub fn expire(&mut self, now: u64) -> bool {
        if self.decision.as_ref().is_some_and(|d| now >= d.expires_at) {
            self.decision = None;
            return true;
        }
        false
    }

    fn default_source(&self) -> Source {
        if self.gpc_opts_out() {
            Source::Gpc
        } else {
            Source::Default
        }
    }

    /// Purposes in force: the decision's, or the mode's defaults: required ones only in opt-in mode;
    /// in opt-out mode every purpose but those Global Privacy Control refuses (when it is on) and,
    /// in the IAB cores, those processing sensitive data a section asks consent for
    /// ([`crate::core::policy::Purpose::needs_sensitive_consent`]), which wait for the visitor.
    fn purposes(&self) -> Map<bool> {
        if let Some(d) = &self.decision {
            return d.purposes.clone();
        }
        let opt_out = self.config.mode == Mode::OptOut;
        self.config
            .purposes
            .iter()
            .map(|p| {
                let refused = self.gpc && self.config.refused_by_opt_out(p);
                // Sensitive data where the law asks for consent: off until the visitor turns it on.
                #[cfg(feature = "iab")]
                let refused = refused || p.needs_sensitive_consent();
                (p.id.clone(), p.required || (opt_out && !refused))
            })
            .collect()
    }

    fn choices(&self) -> Map<bool> {
        self.decision
            .as_ref()
            .map_or_else(Map::new, |d| d.choices.clone())
    }

    pub fn state(&self) -> ConsentState {
        let purposes = self.purposes();
        let vendors = self.config.vendor_grants(&purposes, &self.choices());
        match &self.decision {
            Some(d) => ConsentState {
                decided: true,
                purposes,
                vendors,
                policy_version: d.policy_version.clone(),
                decided_at: Some(d.decided_at),
                expires_at: Some(d.expires_at),
                source: d.source,
                id: Some(d.id.clone()),
            },
            None => ConsentState {
                decided: false,
                purposes,
                vendors,
                policy_version: self.config.policy_version.clone(),
                decided_at: None,
                expires_at: None,
                source: self.default_source(),
                id: None,
            },
        }
    }

    pub fn granted(&self, purpose: &str) -> bool {
        match &self.decision {
            Some(d) => d.purposes.get(purpose) == Some(&true),
            None => self.purposes().get(purpose) == Some(&true),
        }
    }

    #[cfg_attr(not(feature = "iab"), allow(unused_variables))]
    fn decide(
        &mut self,
        purposes: Map<bool>,
        choices: Map<bool>,
        source: Source,
        now: u64,
        random: [u8; 16],
        extra: Extra,
    ) -> &Decision {
        let vendors = self.config.vendor_grants(&purposes, &choices);
        let decision = Decision {
            id: uuid_v4(random),
            decided_at: now,
            expires_at: now + self.config.lifetime_ms(),
            policy_version: self.config.policy_version.clone(),
            source,
            purposes,
            vendors,
            choices,
            tcf_policy: self.tcf_policy(),
            #[cfg(feature = "iab")]
            tcf: extra,
            #[cfg(feature = "iab")]
            held: self
                .config
                .purposes
                .iter()
                .filter(|p| p.needs_sensitive_consent())
                .map(|p| (p.id.clone(), true))
                .collect(),
        };
        self.decision.insert(decision)
    }

    /// Everything, every vendor included (earlier vendor refusals are lifted).
    pub fn accept_all(&mut self, source: Source, now: u64, random: [u8; 16]) -> &Decision {
        let purposes = self
            .config
            .purposes
            .iter()
            .map(|p| (p.id.clone(), true))
            .collect();
        self.decide(
            purposes,
            Map::new(),
            source,
            now,
            random,
            self.extra_all(true),
        )
    }

    /// Required purposes only. Vendor refusals are kept, so they still hold if purposes are
    /// granted later.
    pub fn reject_all(&mut self, source: Source, now: u64, random: [u8; 16]) -> &Decision {
        let purposes = self
            .config
            .purposes
            .iter()
            .map(|p| (p.id.clone(), p.required))
            .collect();
        // Nothing optional: explicit "always allow" choices go, explicit refusals stay.
        let choices = self.choices().into_iter().filter(|(_, v)| !v).collect();
        self.decide(
            purposes,
            choices,
            source,
            now,
            random,
            self.extra_all(false),
        )
    }

    /// A granular choice on top of what is in force now. Unknown ids and attempts to deny a
    /// required purpose are errors naming the field; nothing changes then.
    pub fn save(
        &mut self,
        choice: &Choice,
        source: Source,
        now: u64,
        random: [u8; 16],
    ) -> Result<&Decision, ConsentError> {
        for (id, granted) in &choice.purposes {
            match self.config.purpose(id) {
                None => {
                    return Err(ConsentError::new(
                        "update.unknown_purpose",
                        cat(&["purposes.", id]),
                        "is not a configured purpose",
                    ))
                }
                Some(p) if p.required && !granted => {
                    return Err(ConsentError::new(
                        "update.required_purpose",
                        cat(&["purposes.", id]),
                        "is required and cannot be denied",
                    ))
                }
                Some(_) => {}
            }
        }
        if let Some(id) = choice
            .vendors
            .keys()
            .find(|id| self.config.vendor(id).is_none())
        {
            return Err(ConsentError::new(
                "update.unknown_vendor",
                cat(&["vendors.", id]),
                "is not a configured vendor",
            ));
        }
        let mut purposes = self.purposes();
        for (id, granted) in &choice.purposes {
            purposes.insert(id.clone(), *granted);
        }
        let mut choices = self.choices();
        for (id, granted) in &choice.vendors {
            choices.insert(id.clone(), *granted);
        }
        #[cfg(feature = "iab")]
        return Ok(self.decide(
            purposes,
            choices,
            source,
            now,
            random,
            self.extra(choice.tcf.as_ref()),
        ));
        #[cfg(not(feature = "iab"))]
        Ok(self.decide(purposes, choices, source, now, random, Extra))
    }

    /// In opt-out mode, a Global Privacy Control signal with no choice on record becomes the choice:
    /// the purposes it refuses (see [`Config::refused_by_opt_out`]) are denied, the rest stay as the
    /// mode grants them, and the decision's source is `gpc`, stored and in receipts like any other.
    /// An explicit choice on record wins (the person can change it in Preferences). `None` when the
    /// signal does not apply.
    pub fn honour_gpc(&mut self, now: u64, random: [u8; 16]) -> Option<&Decision> {
        if self.decision.is_some() || !self.gpc_opts_out() {
            return None;
        }
        let purposes = self.purposes();
        Some(self.decide(
            purposes,
            Map::new(),
            Source::Gpc,
            now,
            random,
            self.extra_kept(),
        ))
    }

    /// The "Do Not Sell or Share My Personal Information" link: the purposes an opt-out refuses are
    /// denied on top of what is in force (the rest unchanged), as the person's own choice.
    pub fn opt_out_of_sale(&mut self, now: u64, random: [u8; 16]) -> &Decision {
        let config = &self.config;
        let purposes = self
            .purposes()
            .into_iter()
            .map(|(id, on)| {
                let refused = config
                    .purpose(&id)
                    .is_some_and(|p| config.refused_by_opt_out(p));
                (id, on && !refused)
            })
            .collect();
        let choices = self.choices();
        self.decide(
            purposes,
            choices,
            Source::Banner,
            now,
            random,
            self.extra_kept(),
        )
    }

    /// The TCF choices in force (none before a decision: no objection, no opt-in).
    #[cfg(feature = "iab")]
    pub fn tcf_choice(&self) -> TcfChoice {
        self.decision
            .as_ref()
            .map(|d| d.tcf.clone())
            .unwrap_or_default()
    }

    /// The TCF choices of a decision, normalized: every purpose of `tcf.legIntPurposes` has its
    /// entry (legitimate interest stands only where `given` says so), objections only for config
    /// vendors, opt-ins only for special features the dialog shows. `None`: what is in force.
    #[cfg(feature = "iab")]
    fn extra(&self, given: Option<&TcfChoice>) -> TcfChoice {
        use crate::core::error::num;
        let current = self.tcf_choice();
        let from = given.unwrap_or(&current);
        let shown = match self.gvl() {
            Some(g) => crate::core::tcf::layers::special_features(&self.config, g),
            None => Vec::new(),
        };
        let li = self
            .config
            .tcf
            .as_ref()
            .map_or(&[][..], |t| &t.leg_int_purposes[..]);
        TcfChoice {
            li_purposes: li
                .iter()
                .map(|p| {
                    let k = num((*p).into(), 1);
                    let on = from.li_purposes.get(&k) == Some(&true);
                    (k, on)
                })
                .collect(),
            li_vendors: from
                .li_vendors
                .iter()
                .filter(|(id, on)| !**on && self.config.vendor(id).is_some())
                .map(|(id, _)| (id.clone(), false))
                .collect(),
            special_features: shown
                .iter()
                .map(|f| num((*f).into(), 1))
                .filter(|k| from.special_features.get(k) == Some(&true))
                .map(|k| (k, true))
                .collect(),
        }
    }

    /// Accept all (`on`): legitimate interest stands for every purpose and vendor and every shown
    /// special feature is opted in. Reject all: objects to legitimate interest for every purpose
    /// (vendor objections kept) and opts in to nothing.
    #[cfg(feature = "iab")]
    fn extra_all(&self, on: bool) -> Extra {
        let mut all = self.tcf_choice();
        all.li_purposes = all.li_purposes.into_iter().map(|(k, _)| (k, on)).collect();
        if let Some(t) = &self.config.tcf {
            for p in &t.leg_int_purposes {
                all.li_purposes
                    .insert(crate::core::error::num((*p).into(), 1), on);
            }
        }
        if on {
            all.li_vendors = Map::new();
            if let Some(g) = self.gvl() {
                for f in crate::core::tcf::layers::special_features(&self.config, g) {
                    all.special_features
                        .insert(crate::core::error::num(f.into(), 1), true);
                }
            }
        } else {
            all.special_features = Map::new();
        }
        self.extra(Some(&all))
    }

    #[cfg(not(feature = "iab"))]
    fn extra_all(&self, _on: bool) -> Extra {
        Extra
    }

    /// What is in force, for decisions that do not touch the TCF choices.
    #[cfg(feature = "iab")]
    fn extra_kept(&self) -> Extra {
        self.extra(None)
    }

    #[cfg(not(feature = "iab"))]
    fn extra_kept(&self) -> Extra {
        Extra
    }

    /// Back to undecided (the caller erases storage).
    pub fn forget(&mut self) {
        self.decision = None;
    }

    /// The stored form of the current decision, if any.
    pub fn record_json(&self) -> Option<String> {
        self.decision
            .as_ref()
            .map(|d| Record::from_decision(d).to_json())
    }
}

/// A stored record (text) judged against the config and the clock: the decision it still stands
/// for, or why it does not count (see [`RecordProblem`]).
pub fn judge(config: &Config, text: &str, now: u64) -> Result<Decision, RecordProblem> {
    let r = Record::parse(text)?;
    if r.at > now.saturating_add(FUTURE_SKEW_MS) {
        return Err(RecordProblem::FutureDated);
    }
    // A required purpose stored as denied cannot come from this SDK.
    if config
        .purposes
        .iter()
        .any(|p| p.required && r.p.get(&p.id) == Some(&false))
    {
        return Err(RecordProblem::Tampered);
    }
    if r.pv != config.policy_version
        || config
            .purposes
            .iter()
            .any(|p| !p.required && !r.p.contains_key(&p.id))
        || config
            .vendors
            .iter()
            .any(|v| !config.required_only(v) && !r.vn.contains_key(&v.id))
    {
        return Err(RecordProblem::Outdated);
    }
    // A Global Privacy Control decision is made only in opt-out mode and keeps that mode's defaults
    // (every purpose it does not refuse granted): on an opt-in page (`mode: "auto"` resolved to opt-in
    // for this visit) none of those grants was chosen by the visitor. Ask.
    if r.src == Source::Gpc && config.mode == Mode::OptIn {
        return Err(RecordProblem::Outdated);
    }
    // Sensitive data that needs consent is held back from the opt-out defaults, and the record says
    // which purposes were (`sd`). A stored grant of such a purpose the record does not list came from
    // those defaults before the rule or before the site added `sensitive` (keeping its policy
    // version), whatever the source (GPC, "Do Not Sell", a placeholder's "Always allow"): it is no
    // choice of the visitor's. Ask again.
    #[cfg(feature = "iab")]
    if config.purposes.iter().any(|p| {
        p.needs_sensitive_consent()
            && r.p.get(&p.id) == Some(&true)
            && r.sd.get(&p.id) != Some(&true)
    }) {
        return Err(RecordProblem::Outdated);
    }
    // TCF: a purpose newly on legitimate interest was never disclosed to this person: ask again.
    #[cfg(feature = "iab")]
    if config.tcf.as_ref().is_some_and(|t| {
        t.leg_int_purposes
            .iter()
            .any(|p| !r.tl.contains_key(&crate::core::error::num((*p).into(), 1)))
    }) {
        return Err(RecordProblem::Outdated);
    }
    let expires_at = r.exp.min(r.at.saturating_add(config.lifetime_ms()));
    if now >= expires_at {
        return Err(RecordProblem::Expired);
    }
    // Keep only what the current config knows; required purposes are always granted.
    let purposes: Map<bool> = config
        .purposes
        .iter()
        .map(|p| (p.id.clone(), p.required || r.p.get(&p.id) == Some(&true)))
        .collect();
    // Effective grants are derived again from purposes and refusals, never taken on trust.
    let choices: Map<bool> =
        r.vc.into_iter()
            .filter(|(id, _)| config.vendor(id).is_some())
            .collect();
    let vendors = config.vendor_grants(&purposes, &choices);
    Ok(Decision {
        id: r.id,
        decided_at: r.at,
        expires_at,
        policy_version: r.pv,
        source: r.src,
        purposes,
        vendors,
        choices,
        tcf_policy: r.tp,
        #[cfg(feature = "iab")]
        held: r.sd.clone(),
        #[cfg(feature = "iab")]
        tcf: TcfChoice {
            li_purposes: r
                .tl
                .into_iter()
                .filter(|(k, _)| {
                    config.tcf.as_ref().is_some_and(|t| {
                        t.leg_int_purposes
                            .iter()
                            .any(|p| crate::core::error::num((*p).into(), 1) == *k)
                    })
                })
                .collect(),
            li_vendors: r
                .tv
                .into_iter()
                .filter(|(id, on)| !on && config.vendor(id).is_some())
                .collect(),
            special_features: r.ts.into_iter().filter(|(_, on)| *on).collect(),
        },
    })
}

/// How far in the future a record's decision time may lie (clock skew between tabs/devices).
const FUTURE_SKEW_MS: u64 = 5 * 60 * 1000;
