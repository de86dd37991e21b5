use crate::core::map::Map;

use super::state::{Decision, Source};
use crate::core::hash::{is_uuid, sha256_hex};
use crate::core::json::{Json, Writer};
use crate::core::policy::MAX_LIFETIME_DAYS;
use crate::core::time::DAY_MS;

/// Version of the stored record format. A record of another version counts as no decision.
pub const RECORD_VERSION: u32 = 1;

/// The persisted form, identical in localStorage (`consent-sieve`) and, percent-encoded, in the
/// first-party cookie (`consent_sieve`), so a server can read the choice.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub p: Map<bool>,
    /// Vendor id → effective grant (what a server reading the cookie wants).
    pub vn: Map<bool>,
    /// The person's explicit vendor choices.
    pub vc: Map<bool>,
    /// The TCF policy version of the GVL the choice was made under (absent without one; older
    /// records have none).
    pub tp: Option<u8>,
    /// TCF: legitimate interest per purpose, objections per vendor, special feature opt-ins (see
    /// `TcfChoice`; absent when empty, so older records read as no objection and no opt-in).
    #[cfg(feature = "iab")]
    pub tl: Map<bool>,
    #[cfg(feature = "iab")]
    pub tv: Map<bool>,
    #[cfg(feature = "iab")]
    pub ts: Map<bool>,
    /// The purposes held back for sensitive-data consent at the choice (`Decision::held`; absent
    /// when none).
    #[cfg(feature = "iab")]
    pub sd: Map<bool>,
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
    /// Whether storage is cleared: everything but an expired record, which stays until the next
    /// choice overwrites it (it is still a true account of what was decided, and when).
    pub fn clears_storage(self) -> bool {
        self != RecordProblem::Expired
    }

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

#[cfg(not(feature = "iab"))]
const FIELDS: [&str; 11] = [
    "v", "id", "pv", "at", "exp", "src", "p", "vn", "vc", "tp", "h",
];
#[cfg(feature = "iab")]
const FIELDS: [&str; 15] = [
    "v", "id", "pv", "at", "exp", "src", "p", "vn", "vc", "tp", "tl", "tv", "ts", "sd", "h",
];

impl Record {
    /// The record as JSON; `with_h` false gives the text the checksum covers.
    fn write(&self, with_h: bool) -> String {
        let mut w = Writer::new();
        w.obj().key("v").int(self.v as u64).key("id").str(&self.id);
        w.key("pv")
            .str(&self.pv)
            .key("at")
            .int(self.at)
            .key("exp")
            .int(self.exp);
        w.key("src").str(self.src.as_str());
        w.key("p")
            .bool_map(&self.p)
            .key("vn")
            .bool_map(&self.vn)
            .key("vc")
            .bool_map(&self.vc);
        if let Some(tp) = self.tp {
            w.key("tp").int(tp.into());
        }
        #[cfg(feature = "iab")]
        for (k, m) in [
            ("tl", &self.tl),
            ("tv", &self.tv),
            ("ts", &self.ts),
            ("sd", &self.sd),
        ] {
            if !m.is_empty() {
                w.key(k).bool_map(m);
            }
        }
        if with_h {
            w.key("h").str(&self.h);
        }
        w.end_obj();
        w.finish()
    }

    fn checksum(&self) -> String {
        let mut h = sha256_hex(self.write(false).as_bytes());
        h.truncate(16);
        h
    }

    /// Reads the record's fields; `None` for anything that is not exactly our shape.
    fn read(v: &Json) -> Option<Record> {
        let Json::Obj(fields) = v else { return None };
        if fields.iter().any(|(k, _)| !FIELDS.contains(&k.as_str())) {
            return None;
        }
        let s = |k| match v.get(k) {
            Some(Json::Str(s)) => Some(s.clone()),
            _ => None,
        };
        let n = |k| match v.get(k) {
            Some(Json::Int(n)) if *n >= 0 => Some(*n as u64),
            _ => None,
        };
        let map = |k| match v.get(k) {
            Some(Json::Obj(f)) => f
                .iter()
                .map(|(k, v)| match v {
                    Json::Bool(b) => Some((k.clone(), *b)),
                    _ => None,
                })
                .collect::<Option<Map<bool>>>(),
            _ => None,
        };
        // Absent is empty; present, it must be a map of booleans.
        #[cfg(feature = "iab")]
        let opt_map = |k| match v.get(k) {
            None => Some(Map::new()),
            Some(_) => map(k),
        };
        Some(Record {
            v: n("v")? as u32,
            id: s("id")?,
            pv: s("pv")?,
            at: n("at")?,
            exp: n("exp")?,
            src: Source::parse(&s("src")?)?,
            p: map("p")?,
            vn: map("vn")?,
            vc: map("vc")?,
            tp: match v.get("tp") {
                None => None,
                Some(Json::Int(n)) if (0..=63).contains(n) => Some(*n as u8),
                Some(_) => return None,
            },
            #[cfg(feature = "iab")]
            tl: opt_map("tl")?,
            #[cfg(feature = "iab")]
            tv: opt_map("tv")?,
            #[cfg(feature = "iab")]
            ts: opt_map("ts")?,
            #[cfg(feature = "iab")]
            sd: opt_map("sd")?,
            h: s("h")?,
        })
    }
}

impl Record {
    pub fn from_decision(d: &Decision) -> Record {
        let mut r = Record {
            v: RECORD_VERSION,
            id: d.id.clone(),
            pv: d.policy_version.clone(),
            at: d.decided_at,
            exp: d.expires_at,
            src: d.source,
            p: d.purposes.clone(),
            vn: d.vendors.clone(),
            vc: d.choices.clone(),
            tp: d.tcf_policy,
            #[cfg(feature = "iab")]
            tl: d.tcf.li_purposes.clone(),
            #[cfg(feature = "iab")]
            tv: d.tcf.li_vendors.clone(),
            #[cfg(feature = "iab")]
            ts: d.tcf.special_features.clone(),
            #[cfg(feature = "iab")]
            sd: d.held.clone(),
            h: String::new(),
        };
        r.h = r.checksum();
        r
    }

    pub fn to_json(&self) -> String {
        self.write(true)
    }

    /// Reads a stored record: the storage codec only (size, JSON, format version, shape, integrity
    /// check, internal consistency). Never panics, whatever the input. Whether the record still
    /// holds under the current config and clock is [`crate::core::consent::judge`]'s question.
    pub fn parse(text: &str) -> Result<Record, RecordProblem> {
        if text.len() > 16 * 1024 {
            return Err(RecordProblem::Garbage);
        }
        let json = Json::parse(text).map_err(|_| RecordProblem::Garbage)?;
        // Look at the version first, so a future format reads as "wrong version", not "garbage".
        match json.get("v") {
            Some(Json::Int(v)) if *v == RECORD_VERSION as i64 => {}
            Some(Json::Int(_)) => return Err(RecordProblem::WrongVersion),
            _ => return Err(RecordProblem::Garbage),
        }
        let r = Record::read(&json).ok_or(RecordProblem::Garbage)?;
        let expected = r.checksum();
        let max_span = MAX_LIFETIME_DAYS as u64 * DAY_MS;
        if r.h != expected
            || !is_uuid(&r.id)
            || r.exp <= r.at
            || r.exp - r.at > max_span
            || r.src == Source::Default
        {
            return Err(RecordProblem::Tampered);
        }
        Ok(r)
    }
}
