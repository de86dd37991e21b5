use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::state::{Decision, Source};
use crate::core::hash::{is_uuid, sha256_hex};
use crate::core::policy::{Config, MAX_LIFETIME_DAYS};
use crate::core::time::DAY_MS;

/// Version of the stored record format. A record of another version counts as no decision.
pub const RECORD_VERSION: u32 = 1;

/// How far in the future a record's decision time may lie (clock skew between tabs/devices).
const FUTURE_SKEW_MS: u64 = 5 * 60 * 1000;

/// The persisted form, identical in localStorage (`consent-sieve`) and, percent-encoded, in the
/// first-party cookie (`consent_sieve`), so a server can read the choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Format version.
    pub v: u32,
    /// Decision id (UUID v4).
    pub id: String,
    /// Policy version the choice was made under.
    pub pv: String,
    /// Decided at, epoch ms.
    pub at: u64,
    /// Expires at, epoch ms.
    pub exp: u64,
    /// Source of the choice.
    pub src: Source,
    /// Purpose id → granted.
    pub p: BTreeMap<String, bool>,
    /// Vendor id → the person's choice.
    pub vn: BTreeMap<String, bool>,
    /// Integrity check: the first 16 hex digits of the SHA-256 of the record without `h`.
    /// It does not stop a person editing their own browser; it makes any edit, truncation or
    /// corruption count as no decision instead of a silent grant.
    pub h: String,
}

/// Why a stored record does not count as a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordProblem {
    /// Not JSON, wrong shape, or not our format.
    Garbage,
    /// Another format version.
    WrongVersion,
    /// The integrity check or a consistency rule failed.
    Tampered,
    /// Decided in the future.
    FutureDated,
    /// Made under another policy version, or the config has purposes the person never saw.
    Outdated,
    /// Past its expiry (or past the current config's lifetime).
    Expired,
}

impl RecordProblem {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordProblem::Garbage => "garbage",
            RecordProblem::WrongVersion => "wrong_version",
            RecordProblem::Tampered => "tampered",
            RecordProblem::FutureDated => "future_dated",
            RecordProblem::Outdated => "outdated",
            RecordProblem::Expired => "expired",
        }
    }
}

#[derive(Serialize)]
struct Unsigned<'a> {
    v: u32,
    id: &'a str,
    pv: &'a str,
    at: u64,
    exp: u64,
    src: Source,
    p: &'a BTreeMap<String, bool>,
    vn: &'a BTreeMap<String, bool>,
}

fn checksum(u: &Unsigned<'_>) -> String {
    let body = serde_json::to_string(u).unwrap_or_default();
    sha256_hex(body.as_bytes())[..16].to_string()
}

impl Record {
    pub fn from_decision(d: &Decision) -> Record {
        let h = checksum(&Unsigned {
            v: RECORD_VERSION,
            id: &d.id,
            pv: &d.policy_version,
            at: d.decided_at,
            exp: d.expires_at,
            src: d.source,
            p: &d.purposes,
            vn: &d.vendors,
        });
        Record {
            v: RECORD_VERSION,
            id: d.id.clone(),
            pv: d.policy_version.clone(),
            at: d.decided_at,
            exp: d.expires_at,
            src: d.source,
            p: d.purposes.clone(),
            vn: d.vendors.clone(),
            h,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses a stored record and checks it against the config and the clock. Never panics, whatever
    /// the input: anything wrong is a [`RecordProblem`], which the caller treats as no decision.
    pub fn parse(text: &str, config: &Config, now: u64) -> Result<Decision, RecordProblem> {
        if text.len() > 16 * 1024 {
            return Err(RecordProblem::Garbage);
        }
        // Look at the version first, so a future format reads as "wrong version", not "garbage".
        #[derive(Deserialize)]
        struct Versioned {
            v: Option<serde_json::Value>,
        }
        let versioned: Versioned = serde_json::from_str(text).map_err(|_| RecordProblem::Garbage)?;
        match versioned.v.as_ref().and_then(|v| v.as_u64()) {
            Some(v) if v == RECORD_VERSION as u64 => {}
            Some(_) => return Err(RecordProblem::WrongVersion),
            None => return Err(RecordProblem::Garbage),
        }
        let r: Record = serde_json::from_str(text).map_err(|_| RecordProblem::Garbage)?;
        let expected = checksum(&Unsigned {
            v: r.v,
            id: &r.id,
            pv: &r.pv,
            at: r.at,
            exp: r.exp,
            src: r.src,
            p: &r.p,
            vn: &r.vn,
        });
        let max_span = MAX_LIFETIME_DAYS as u64 * DAY_MS;
        if r.h != expected
            || !is_uuid(&r.id)
            || r.exp <= r.at
            || r.exp - r.at > max_span
            || matches!(r.src, Source::Default | Source::Gpc)
        {
            return Err(RecordProblem::Tampered);
        }
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
        let optional_vendor = |v: &crate::core::policy::Vendor| {
            v.purposes
                .iter()
                .any(|p| config.purpose(p).is_some_and(|p| !p.required))
        };
        if r.pv != config.policy_version
            || config
                .purposes
                .iter()
                .any(|p| !p.required && !r.p.contains_key(&p.id))
            || config
                .vendors
                .iter()
                .any(|v| optional_vendor(v) && !r.vn.contains_key(&v.id))
        {
            return Err(RecordProblem::Outdated);
        }
        let expires_at = r.exp.min(r.at.saturating_add(config.lifetime_ms()));
        if now >= expires_at {
            return Err(RecordProblem::Expired);
        }
        // Keep only what the current config knows; required purposes are always granted.
        let purposes: BTreeMap<String, bool> = config
            .purposes
            .iter()
            .map(|p| (p.id.clone(), p.required || r.p.get(&p.id) == Some(&true)))
            .collect();
        // Stored vendor grants are effective grants: never more than their purposes allow.
        let vendors = config
            .vendors
            .iter()
            .map(|v| {
                let purposes_ok = v.purposes.iter().all(|p| purposes.get(p) == Some(&true));
                let stored = r.vn.get(&v.id).copied().unwrap_or(true);
                (v.id.clone(), purposes_ok && stored)
            })
            .collect();
        Ok(Decision {
            id: r.id,
            decided_at: r.at,
            expires_at,
            policy_version: r.pv,
            source: r.src,
            purposes,
            vendors,
        })
    }
}
