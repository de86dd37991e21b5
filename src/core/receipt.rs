//! Consent receipts: a JSON document of the current choice for the person to keep, shaped after the
//! minimal ISO/IEC TS 27560 record (header, processing, parties, event) and the Kantara receipt.
//!
//! A history of receipts is a chain, one receipt a line (NDJSON): each carries `previous`, the
//! SHA-256 of the previous line's text (null for the first), inside the text its own `integrity`
//! covers. [`verify_chain`] checks both, bounded by [`MAX_CHAIN_LINES`] and [`MAX_CHAIN_BYTES`].
use crate::core::consent::{Machine, Source};
use crate::core::error::{cat, num, ConsentError};
use crate::core::hash::{sha256_hex, uuid_v4};
use crate::core::json::{Json, Writer};
use crate::core::policy::texts::Texts;
use crate::core::policy::{Config, Mode};
use crate::core::time::iso8601;

pub const SCHEMA: &str = "consent-sieve-receipt/1";
/// The `collectionMethod` of a receipt the site records itself, not the person: the erasure of a
/// retired vendor's cookies and storage ([`erasure`]). The choice's sources are [`Source`]'s.
pub const INCIDENT: &str = "incident";
/// Lines [`verify_chain`] reads (a blank last line, the file's final newline, is not counted).
pub const MAX_CHAIN_LINES: usize = 10_000;
/// Bytes of NDJSON [`verify_chain`] reads (1 MiB).
pub const MAX_CHAIN_BYTES: usize = 1 << 20;

/// The SHA-256 of what the person was asked about: policy version, purposes (with their required
/// flag) and vendors (with their purposes). Copy edits do not change it; a new purpose or vendor does.
pub fn notice_hash(machine: &Machine) -> String {
    notice_hash_of(machine.config())
}

/// [`notice_hash`] of a config.
pub fn notice_hash_of(config: &Config) -> String {
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
        w.arr().str(&v.id).strs(&v.purposes).end_arr();
    }
    w.end_arr().end_obj();
    sha256_hex(w.finish().as_bytes())
}

/// Builds the receipt of the machine's current state as JSON. Its last field, `integrity`, is the
/// SHA-256 of the text before it (`{…}` without that field), so a kept copy can be checked for edits.
pub fn build(machine: &Machine, texts: &Texts, now: u64) -> String {
    write(machine, texts, now, None)
}

/// The receipt of the machine's current state as the next line of a chain: like [`build`], with
/// `previous`, the SHA-256 of `previous_text` (the chain's last line, exactly as kept), or null for
/// the first receipt of a chain.
pub fn build_linked(
    machine: &Machine,
    texts: &Texts,
    now: u64,
    previous_text: Option<&str>,
) -> String {
    write(machine, texts, now, Some(previous_text))
}

/// `"previous"`: the SHA-256 of the previous line, or null.
fn link(w: &mut Writer, previous: Option<Option<&str>>) {
    if let Some(prev) = previous {
        w.key("previous")
            .opt_str(prev.map(|t| sha256_hex(t.as_bytes())).as_deref());
    }
}

/// Closes a receipt: `body` ends with '}': the integrity field is spliced in before it.
fn seal(body: String) -> String {
    let integrity = sha256_hex(body.as_bytes());
    let mut out = body;
    out.pop();
    out.push_str(",\"integrity\":\"");
    out.push_str(&integrity);
    out.push_str("\"}");
    out
}

fn jurisdiction(config: &Config) -> &'static str {
    match config.mode {
        Mode::OptIn => "opt-in",
        Mode::OptOut => "opt-out",
    }
}

fn write(machine: &Machine, texts: &Texts, now: u64, previous: Option<Option<&str>>) -> String {
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
    w.key("jurisdictionMode").str(jurisdiction(config));
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
            .strs(&v.purposes);
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
    w.key("sdk").str(SDK);
    link(&mut w, previous);
    w.end_obj();
    seal(w.finish())
}

const SDK: &str = concat!("consent-sieve ", env!("CARGO_PKG_VERSION"));

/// The receipt of the site erasing what retired vendors left behind (their configured cookies and
/// storage keys), as the next line of a chain: `collectionMethod` [`INCIDENT`], `eventState`
/// `"erased"`, each vendor with what was erased. Every id must name a vendor with `retired: true`
/// (`receipt.not_retired` at `vendors[i]` otherwise). `rand` makes the receipt id.
pub fn erasure(
    config: &Config,
    vendors: &[&str],
    now: u64,
    rand: [u8; 16],
    previous_text: Option<&str>,
) -> Result<String, ConsentError> {
    let mut erased = Vec::new();
    for (i, id) in vendors.iter().enumerate() {
        match config.vendor(id) {
            Some(v) if v.retired => erased.push(v),
            found => {
                return Err(ConsentError::new(
                    "receipt.not_retired",
                    crate::core::error::item("vendors", i),
                    cat(&[
                        "\"",
                        id,
                        if found.is_some() {
                            "\" is not a retired vendor (set \"retired\": true first)"
                        } else {
                            "\" is not the id of a configured vendor"
                        },
                    ]),
                ))
            }
        }
    }
    let mut w = Writer::new();
    w.obj().key("schemaVersion").str(SCHEMA);
    w.key("receiptId").str(&uuid_v4(rand));
    w.key("generatedAt").str(&iso8601(now));
    w.key("eventTime").str(&iso8601(now));
    w.key("expiresAt").null();
    w.key("eventState").str("erased");
    w.key("collectionMethod").str(INCIDENT);
    w.key("jurisdictionMode").str(jurisdiction(config));
    w.key("policyVersion").str(&config.policy_version);
    w.key("language").str("en");
    w.key("noticeUrl")
        .opt_str(config.privacy_policy_url.as_deref());
    w.key("noticeHash").str(&notice_hash_of(config));
    w.key("purposes").arr().end_arr();
    w.key("vendors").arr();
    for v in erased {
        w.obj().key("id").str(&v.id).key("name").str(&v.name);
        w.key("purposes")
            .strs(&v.purposes)
            .key("granted")
            .bool(false);
        w.key("erased").obj().key("cookies").strs(&v.cookies);
        w.key("storageKeys")
            .strs(&v.storage_keys)
            .end_obj()
            .end_obj();
    }
    w.end_arr();
    w.key("sdk").str(SDK);
    link(&mut w, Some(previous_text));
    w.end_obj();
    Ok(seal(w.finish()))
}

/// One problem [`verify_chain`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// 1-based line number in the NDJSON text.
    pub line: usize,
    /// The line's `receiptId`, when it could be read.
    pub receipt_id: Option<String>,
    /// `"empty"`, `"syntax"` (not a JSON object), `"integrity"` (missing or not matching: the
    /// receipt was edited) or `"previous"` (a broken link: a receipt removed, inserted or changed).
    pub kind: &'static str,
    pub reason: String,
}

/// What [`verify_chain`] found: the receipts read and every break, in line order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChainReport {
    pub lines: usize,
    pub receipts: usize,
    pub breaks: Vec<ChainBreak>,
}

impl ChainReport {
    pub fn ok(&self) -> bool {
        self.breaks.is_empty()
    }

    /// `{ok, lines, receipts, breaks: [{line, receiptId, kind, reason}]}`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.obj().key("ok").bool(self.ok());
        w.key("lines").int(self.lines as u64);
        w.key("receipts").int(self.receipts as u64);
        w.key("breaks").arr();
        for b in &self.breaks {
            w.obj().key("line").int(b.line as u64);
            w.key("receiptId").opt_str(b.receipt_id.as_deref());
            w.key("kind").str(b.kind).key("reason").str(&b.reason);
            w.end_obj();
        }
        w.end_arr().end_obj();
        w.finish()
    }
}

/// The integrity of one receipt's text: `Some(true)` when its last field `integrity` is the SHA-256
/// of the text before it (with the closing `}`), `Some(false)` when it is not, `None` when the text
/// does not end with `,"integrity":"<64 hex digits>"}` as consent-sieve writes it.
pub fn integrity_holds(text: &str) -> Option<bool> {
    let at = text.rfind(",\"integrity\":\"")?;
    let stored = text
        .get(at..)?
        .strip_prefix(",\"integrity\":\"")?
        .strip_suffix("\"}")?;
    if stored.len() != 64 || !stored.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let body = cat(&[text.get(..at)?, "}"]);
    Some(sha256_hex(body.as_bytes()) == stored)
}

fn too_large(reason: &str) -> ConsentError {
    ConsentError::new("receipt.too_large", "", reason)
}

/// Checks a receipt history, one receipt a line (NDJSON, `\n` or `\r\n`; a final newline is
/// optional): each line's `integrity`, and its `previous` against the SHA-256 of the line before
/// (null for the first). Reports each break with its line number and reason. Bounded: more than
/// [`MAX_CHAIN_BYTES`] of text or [`MAX_CHAIN_LINES`] lines is a `receipt.too_large` error, not a
/// partial report. Linear: each line is hashed twice and parsed once.
pub fn verify_chain(ndjson: &str) -> Result<ChainReport, ConsentError> {
    if ndjson.len() > MAX_CHAIN_BYTES {
        return Err(too_large(
            "the receipts are larger than 1 MiB (1,048,576 bytes)",
        ));
    }
    let text = ndjson.strip_suffix('\n').unwrap_or(ndjson);
    let mut report = ChainReport::default();
    if text.is_empty() {
        return Ok(report);
    }
    // The last receipt line seen: its number and the SHA-256 of its text.
    let mut prev: Option<(usize, String)> = None;
    for (i, raw) in text.split('\n').enumerate() {
        if i >= MAX_CHAIN_LINES {
            return Err(too_large("more than 10,000 lines of receipts"));
        }
        let n = i + 1;
        report.lines = n;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let mut brk = |receipt_id: Option<String>, kind, reason: String| {
            report.breaks.push(ChainBreak {
                line: n,
                receipt_id,
                kind,
                reason,
            })
        };
        if line.trim().is_empty() {
            brk(None, "empty", "an empty line, not a receipt".to_string());
            continue;
        }
        let fields = match Json::parse(line) {
            Ok(Json::Obj(fields)) => fields,
            Ok(other) => {
                brk(
                    None,
                    "syntax",
                    cat(&["not a receipt: ", other.kind(), ", not an object"]),
                );
                continue;
            }
            Err(e) => {
                brk(
                    None,
                    "syntax",
                    cat(&[
                        "not JSON: ",
                        e.reason,
                        " at character ",
                        &num(e.offset as u64, 1),
                    ]),
                );
                continue;
            }
        };
        let get = |k: &str| fields.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        let id = match get("receiptId") {
            Some(Json::Str(s)) => Some(s.clone()),
            _ => None,
        };
        match integrity_holds(line) {
            Some(true) => {}
            Some(false) => brk(
                id.clone(),
                "integrity",
                "the integrity hash does not match the receipt: it was edited".to_string(),
            ),
            None => brk(
                id.clone(),
                "integrity",
                "no integrity hash: a receipt ends with ,\"integrity\":\"<SHA-256>\"} as written"
                    .to_string(),
            ),
        }
        let own = sha256_hex(line.as_bytes());
        match (get("previous"), &prev) {
            (Some(Json::Null), None) => {}
            (Some(Json::Str(h)), Some((_, want))) if h == want => {}
            (Some(Json::Null), Some((k, _))) => brk(
                id,
                "previous",
                cat(&["previous is null, but the receipt follows line ", &num(*k as u64, 1)]),
            ),
            (Some(Json::Str(_)), None) => brk(
                id,
                "previous",
                "previous names a receipt that is not in the file: the first receipt's previous must be null (lines before it are missing)"
                    .to_string(),
            ),
            (Some(Json::Str(_)), Some((k, _))) => brk(
                id,
                "previous",
                cat(&[
                    "previous is not the SHA-256 of line ",
                    &num(*k as u64, 1),
                    ": a receipt was removed, inserted or changed in between",
                ]),
            ),
            (None, _) => brk(
                id,
                "previous",
                "no previous field: not a receipt of a chain".to_string(),
            ),
            (Some(other), _) => brk(
                id,
                "previous",
                cat(&["previous must be a SHA-256 or null, not ", other.kind()]),
            ),
        }
        report.receipts += 1;
        prev = Some((n, own));
    }
    Ok(report)
}

/// Receipts a page keeps, the newest (older ones live at the site's `receiptEndpoint`, if it has one):
/// about 100 KB of localStorage at most. The first kept line may then link to one no longer kept.
pub const MAX_KEPT: usize = 100;

/// The last receipt line of a kept chain.
pub fn last_line(chain: &str) -> Option<&str> {
    chain.lines().rev().find(|l| !l.trim().is_empty())
}

/// `chain` with `line` appended, keeping the newest [`MAX_KEPT`] lines.
pub fn append_kept(chain: &str, line: &str) -> String {
    let mut lines: Vec<&str> = chain.lines().filter(|l| !l.trim().is_empty()).collect();
    lines.push(line);
    let from = lines.len().saturating_sub(MAX_KEPT);
    lines[from..].join("\n")
}

/// The retired vendors whose erasure no `incident` receipt in `chain` records yet (each is erased on
/// every load; the receipt is written once). Linear in the chain (at most [`MAX_KEPT`] lines kept).
pub fn unrecorded_retirements<'a>(config: &'a Config, chain: &str) -> Vec<&'a str> {
    let mut recorded: Vec<String> = Vec::new();
    for line in chain.lines().take(MAX_CHAIN_LINES) {
        let Ok(j) = Json::parse(line) else { continue };
        if j.get("collectionMethod") != Some(&Json::Str(INCIDENT.into())) {
            continue;
        }
        if let Some(Json::Arr(vendors)) = j.get("vendors") {
            for v in vendors {
                if let Some(Json::Str(id)) = v.get("id") {
                    recorded.push(id.clone());
                }
            }
        }
    }
    config
        .vendors
        .iter()
        .filter(|v| v.retired && !recorded.contains(&v.id))
        .map(|v| v.id.as_str())
        .collect()
}
