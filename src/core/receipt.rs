//! Consent receipts: a JSON document of the current choice for the person to keep, shaped after the
//! minimal ISO/IEC TS 27560 record (header, processing, parties, event) and the Kantara receipt.
use crate::core::consent::{Machine, Source};
use crate::core::hash::sha256_hex;
use crate::core::json::Writer;
use crate::core::policy::texts::Texts;
use crate::core::policy::Mode;
use crate::core::time::iso8601;

pub const SCHEMA: &str = "consent-sieve-receipt/1";

/// The SHA-256 of what the person was asked about: policy version, purposes (with their required
/// flag) and vendors (with their purposes). Copy edits do not change it; a new purpose or vendor does.
pub fn notice_hash(machine: &Machine) -> String {
    let config = machine.config();
    let mut w = Writer::new();
    w.obj()
        .key("policyVersion")
        .str(&config.policy_version)
        .key("purposes")
        .arr();
    for p in &config.purposes {
        w.arr().str(&p.id).bool(p.required).end_arr();
    }
    w.end_arr().key("vendors").arr();
    for v in &config.vendors {
        w.arr().str(&v.id).arr();
        for p in &v.purposes {
            w.str(p);
        }
        w.end_arr().end_arr();
    }
    w.end_arr().end_obj();
    sha256_hex(w.finish().as_bytes())
}

/// Builds the receipt of the machine's current state as JSON. Its last field, `integrity`, is the
/// SHA-256 of the text before it (`{…}` without that field), so a kept copy can be checked for edits.
pub fn build(machine: &Machine, texts: &Texts, now: u64) -> String {
    let config = machine.config();
    let state = machine.state();
    let optional: Vec<bool> = config
        .purposes
        .iter()
        .filter(|p| !p.required)
        .map(|p| state.purposes.get(&p.id) == Some(&true))
        .collect();
    let event_state = if !state.decided && state.source != Source::Gpc {
        "none"
    } else if optional.iter().all(|g| *g) {
        "given"
    } else if optional.iter().any(|g| *g) {
        "partial"
    } else {
        "refused"
    };
    let mut w = Writer::new();
    w.obj().key("schemaVersion").str(SCHEMA);
    w.key("receiptId").opt_str(state.id.as_deref());
    w.key("generatedAt").str(&iso8601(now));
    w.key("eventTime")
        .opt_str(state.decided_at.map(iso8601).as_deref());
    w.key("expiresAt")
        .opt_str(state.expires_at.map(iso8601).as_deref());
    w.key("eventState").str(event_state);
    w.key("collectionMethod").str(state.source.as_str());
    w.key("jurisdictionMode").str(match config.mode {
        Mode::OptIn => "opt-in",
        Mode::OptOut => "opt-out",
    });
    w.key("policyVersion").str(&config.policy_version);
    w.key("language").str(&texts.lang);
    w.key("noticeUrl")
        .opt_str(config.privacy_policy_url.as_deref());
    w.key("noticeHash").str(&notice_hash(machine));
    w.key("purposes").arr();
    for p in &config.purposes {
        w.obj()
            .key("id")
            .str(&p.id)
            .key("label")
            .str(p.label.get(&texts.lang));
        w.key("required").bool(p.required);
        w.key("granted")
            .bool(state.purposes.get(&p.id) == Some(&true));
        w.end_obj();
    }
    w.end_arr().key("vendors").arr();
    for v in &config.vendors {
        w.obj()
            .key("id")
            .str(&v.id)
            .key("name")
            .str(&v.name)
            .key("purposes")
            .arr();
        for p in &v.purposes {
            w.str(p);
        }
        w.end_arr();
        w.key("granted")
            .bool(state.vendors.get(&v.id) == Some(&true));
        w.end_obj();
    }
    w.end_arr();
    w.key("signals")
        .obj()
        .key("gpc")
        .bool(machine.gpc())
        .end_obj();
    w.key("withdrawalMethod")
        .str("the site's \"Privacy settings\" link reopens the preferences at any time");
    w.key("sdk")
        .str(concat!("consent-sieve ", env!("CARGO_PKG_VERSION")));
    w.end_obj();
    let body = w.finish();
    // `body` ends with '}': splice the integrity field in before it.
    let integrity = sha256_hex(body.as_bytes());
    let mut out = body;
    out.pop();
    out.push_str(",\"integrity\":\"");
    out.push_str(&integrity);
    out.push_str("\"}");
    out
}
