//! The minimization engine: a destination's policy applied to an analytics event (a JSON tree) or to
//! a whole request (URL query, JSON / form / GA4 batch body), under the current consent. Pure: the
//! time (for age bands) and the consent state come in as arguments. Fails closed: a value a rule
//! cannot handle is dropped, a body that cannot be read is blocked.
// Without the feature (the consent-only wasm) only the policy types remain: `policy::parse` refuses
// every policy, and the engine (`Ctx::event_json`, `Ctx::event`, `Ctx::request`) is not compiled.
#![cfg_attr(not(feature = "minimize"), allow(dead_code, unused_imports))]
pub mod codec;
pub mod detect;
pub mod normalize;
pub mod policy;
pub mod url;

use crate::core::consent::ConsentState;
use crate::core::error::{cat, num, ConsentError};
use crate::core::hash::{hmac_sha256_hex, sha256_hex};
use crate::core::hosts;
use crate::core::json::Json;
use crate::core::pattern;
use crate::core::policy::{Config, Vendor};
pub use policy::{Act, Minimize, Policy};

/// What a request to a destination becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The URL is not a destination's: vendor gating applies as usual.
    Pass,
    /// It must not leave the page (the destination and the reason).
    Block(String, &'static str),
    /// Send this instead.
    Send(String, Option<String>),
    /// Send this URL and these bytes (a binary body: `Ctx::request_bytes`).
    SendBytes(String, Vec<u8>),
}

/// An in-page adapter (js/adapters.js) that minimizes a client's events before they are sent: its
/// destination's requests to the client's *event endpoints* are then only gated by consent, not
/// rewritten a second time. Every other request to the destination (posthog's `/flags/`, which
/// carries person properties `before_send` never sees; session recordings; logs) is minimized on the
/// wire as if there were no adapter, or blocked when it cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adapter {
    /// posthog-js `before_send`: events go to `/e/` (or `/i/v0/e/`, `/batch/`, `/capture/`).
    Posthog,
    /// @segment/analytics-next plugin: `/t`, `/i`, `/p`, `/g`, `/a`, `/s` (one event) or `/b` (a batch).
    Segment,
}

impl Adapter {
    /// The adapter named `name` (`"posthog"`, `"segment"`); `None` for any other (no trust).
    pub fn named(name: &str) -> Option<Adapter> {
        match name {
            "posthog" => Some(Adapter::Posthog),
            "segment" => Some(Adapter::Segment),
            _ => None,
        }
    }

    /// The last path segments the client posts its events to, behind any proxy prefix.
    fn endpoints(self) -> &'static [&'static str] {
        match self {
            Adapter::Posthog => &["e", "i/v0/e", "batch", "capture"],
            Adapter::Segment => &["t", "i", "p", "g", "a", "s", "b"],
        }
    }

    /// Whether `path` (a URL path, no query) is one of the client's event endpoints: it ends with
    /// `/{endpoint}` or `/{endpoint}/`.
    pub fn covers(self, path: &str) -> bool {
        let p = path.strip_suffix('/').unwrap_or(path);
        self.endpoints()
            .iter()
            .any(|e| p.strip_suffix(e).is_some_and(|head| head.ends_with('/')))
    }
}

/// Whether a request to destination `vendor` at `url` is one an adapter minimized in the page.
fn adapted(trusted: &[(String, Adapter)], vendor: &str, page_host: &str, url: &str) -> bool {
    let Some(path) = hosts::path_of(page_host, url) else {
        return false;
    };
    trusted.iter().any(|(d, a)| d == vendor && a.covers(path))
}

/// The consent and time a policy is applied under.
pub struct Ctx<'a> {
    pub config: &'a Config,
    pub state: &'a ConsentState,
    /// Epoch milliseconds (age bands are computed at this instant).
    pub now: u64,
}

impl Ctx<'_> {
    fn granted(&self, purposes: &[String]) -> bool {
        purposes
            .iter()
            .all(|p| self.state.purposes.get(p) == Some(&true))
    }

    /// The policy in force for a destination, or `None` when its events are dropped.
    pub fn policy<'v>(&self, vendor: &'v Vendor) -> Option<&'v Policy> {
        let m = vendor.minimize.as_ref()?;
        if self.state.vendors.get(&vendor.id) == Some(&true) {
            Some(&m.granted)
        } else {
            m.denied.as_ref()
        }
    }

    /// `minimize(event, { destination })`: the event as JSON text in, the minimized copy out
    /// (`None`: dropped). Errors name the argument: an unknown destination, or text that is not a
    /// JSON object or array.
    #[cfg(feature = "minimize")]
    pub fn event_json(
        &self,
        destination: &str,
        text: &str,
    ) -> Result<Option<String>, ConsentError> {
        let Some(v) = self
            .config
            .vendor(destination)
            .filter(|v| v.minimize.is_some())
        else {
            return Err(ConsentError::new(
                "minimize.unknown_destination",
                "destination",
                cat(&[
                    "\"",
                    destination,
                    "\" is not a vendor with a minimize policy",
                ]),
            ));
        };
        let event = match Json::parse(text) {
            Ok(j @ (Json::Obj(_) | Json::Arr(_))) => j,
            Err(e) if e.limit => {
                return Err(ConsentError::new(
                    "minimize.too_large",
                    "event",
                    cat(&["is too large to read: ", e.reason]),
                ))
            }
            _ => {
                return Err(ConsentError::new(
                    "minimize.invalid_event",
                    "event",
                    "must be a plain JSON object or array",
                ))
            }
        };
        Ok(self.event(v, event).map(|j| j.to_text_sized(text.len())))
    }

    /// `event` minimized for `vendor` (which must have a policy); `None` = dropped.
    #[cfg(feature = "minimize")]
    pub fn event(&self, vendor: &Vendor, event: Json) -> Option<Json> {
        let p = self.policy(vendor)?;
        Run { ctx: self, p }.walk(event, &mut Vec::new(), None, true)
    }

    /// A request to `url` with `body` (`opaque`: a body that is not text). `trusted`: destinations
    /// with an in-page adapter; a request to one of that adapter's event endpoints was minimized in
    /// the page already (only consent is checked for it), see [`Adapter`].
    #[cfg(feature = "minimize")]
    /// `page_host`: the host of the page the request is made from (see [`hosts::route`]).
    pub fn request(
        &self,
        page_host: &str,
        url: &str,
        body: Option<&str>,
        opaque: bool,
        trusted: &[(String, Adapter)],
    ) -> Verdict {
        let (v, p) = match self.destination(page_host, url) {
            Ok(x) => x,
            Err(verdict) => return verdict,
        };
        if adapted(trusted, &v.id, page_host, url) {
            return Verdict::Send(url.to_string(), body.map(String::from));
        }
        if opaque {
            return Verdict::Block(v.id.clone(), "cannot read the body");
        }
        Run { ctx: self, p }.request(&v.id, url, body)
    }

    /// A request to `url` with a binary body (bytes from a `Uint8Array`, `ArrayBuffer` or `Blob`):
    /// gzip or zlib is inflated (at most 4 MiB), minimized as text and wrapped the same way again;
    /// UTF-8 text is read as `request` reads it; anything else is blocked.
    #[cfg(feature = "minimize")]
    pub fn request_bytes(
        &self,
        page_host: &str,
        url: &str,
        body: &[u8],
        trusted: &[(String, Adapter)],
    ) -> Verdict {
        let (v, p) = match self.destination(page_host, url) {
            Ok(x) => x,
            Err(verdict) => return verdict,
        };
        if adapted(trusted, &v.id, page_host, url) {
            return Verdict::SendBytes(url.to_string(), body.to_vec());
        }
        let block = |why| Verdict::Block(v.id.clone(), why);
        let how = codec::wrapped(body);
        let text = match how {
            Some(how) => match codec::unwrap(body, how, crate::core::json::MAX_BYTES) {
                Some(t) => t,
                None => return block("cannot read the compressed body"),
            },
            None => body.to_vec(),
        };
        let Ok(text) = String::from_utf8(text) else {
            return block("cannot read the body");
        };
        match (Run { ctx: self, p }.request(&v.id, url, Some(&text)), how) {
            (Verdict::Send(u, b), Some(how)) => {
                Verdict::SendBytes(u, codec::wrap(b.unwrap_or_default().as_bytes(), how))
            }
            (Verdict::Send(u, b), None) => {
                Verdict::SendBytes(u, b.unwrap_or_default().into_bytes())
            }
            (other, _) => other,
        }
    }

    /// The destination a request goes to and its policy in force; else the verdict: `Pass` (not
    /// a destination's request) or blocked (its events are not sent under this consent).
    fn destination(&self, page_host: &str, url: &str) -> Result<(&Vendor, &Policy), Verdict> {
        let v = hosts::route(self.config, page_host, url)
            .filter(|r| r.destination)
            .ok_or(Verdict::Pass)?
            .vendor;
        let p = self
            .policy(v)
            .ok_or_else(|| Verdict::Block(v.id.clone(), "not granted"))?;
        Ok((v, p))
    }
}

struct Run<'a> {
    ctx: &'a Ctx<'a>,
    p: &'a Policy,
}

/// Whether `segs` (a rule pattern) matches `path` exactly, `**` matching any number of segments.
/// Row by row over the pattern (`reach[j]`: the pattern so far matches `path[..j]`), so the cost is
/// |segs|·|path| whatever the number of `**`.
fn segs_match(segs: &[String], path: &[String]) -> bool {
    // Without `**` (most rules): one segment per segment, last first (where names differ most), and
    // no allocation; this runs for every rule at every node of every event.
    if !segs.iter().any(|s| s == "**") {
        return segs.len() == path.len()
            && segs
                .iter()
                .rev()
                .zip(path.iter().rev())
                .all(|(s, p)| pattern::matches(s, p));
    }
    let mut reach = vec![false; path.len() + 1];
    reach[0] = true;
    for s in segs {
        if s == "**" {
            let mut any = false;
            for r in reach.iter_mut() {
                any |= *r;
                *r = any;
            }
        } else {
            for j in (1..=path.len()).rev() {
                reach[j] = reach[j - 1] && pattern::matches(s, &path[j - 1]);
            }
            reach[0] = false;
        }
    }
    reach[path.len()]
}

impl Run<'_> {
    /// A text body (or none) and the URL, rewritten under the policy.
    #[cfg(feature = "minimize")]
    fn request(&self, id: &str, url: &str, body: Option<&str>) -> Verdict {
        let block = |why| Verdict::Block(id.to_string(), why);
        let Some(new_url) = self.url(url) else {
            return block("cannot read the URL");
        };
        let new_body = match body.map(str::trim) {
            None => None,
            Some("") => body.map(String::from),
            Some(b) if b.starts_with(['{', '[']) => {
                let j = match Json::parse(b) {
                    Ok(j) => j,
                    Err(e) if e.limit => return block("body too large to read"),
                    Err(_) => return block("cannot read the body"),
                };
                Some(
                    self.batch(j)
                        .map_or_else(|| "{}".into(), |j| j.to_text_sized(b.len())),
                )
            }
            Some(b) => {
                let mut lines = Vec::new();
                for line in b.split('\n') {
                    let Some(l) = self.form(line.trim_end_matches('\r'), true) else {
                        return block("cannot read the body");
                    };
                    lines.push(l);
                }
                Some(lines.join("\n"))
            }
        };
        Verdict::Send(new_url, new_body)
    }

    /// A form value holding base64 of JSON (mixpanel-browser's `data=`): decoded, minimized as a
    /// body of events and encoded the same way again. `None` when it does not decode to JSON.
    fn b64_json(&self, value: &str) -> Option<String> {
        let (bytes, how) = codec::b64_decode(value)?;
        let j = Json::parse(std::str::from_utf8(&bytes).ok()?).ok()?;
        let out = self.batch(j).map_or_else(|| "{}".into(), |j| j.to_text());
        Some(codec::b64_encode(out.as_bytes(), how))
    }

    /// The action of the first rule naming this node, with its `when` resolved.
    fn own(&self, path: &[String]) -> Option<&Act> {
        let r = self.p.rules.iter().find(|r| {
            if r.anywhere {
                path.last() == r.segs.first()
            } else {
                segs_match(&r.segs, path)
            }
        })?;
        Some(if self.ctx.granted(&r.when) {
            &r.act
        } else {
            &r.otherwise
        })
    }

    /// The deepest rule for a flat field (`ep.email` → segments `ep`, `email`).
    fn field_rule(&self, path: &[String]) -> Option<&Act> {
        (1..=path.len()).rev().find_map(|n| self.own(&path[..n]))
    }

    fn walk<'s>(
        &'s self,
        v: Json,
        path: &mut Vec<String>,
        up: Option<&'s Act>,
        root: bool,
    ) -> Option<Json> {
        let act = if root { up } else { self.own(path).or(up) };
        match v {
            Json::Obj(fields) => {
                let had = !fields.is_empty();
                let mut out = Vec::with_capacity(fields.len());
                for (k, c) in fields {
                    path.push(k);
                    let r = self.walk(c, path, act, false);
                    let k = path.pop().unwrap_or_default();
                    if let Some(r) = r {
                        out.push((k, r));
                    }
                }
                (root || self.keep_container(had, out.is_empty(), act)).then_some(Json::Obj(out))
            }
            Json::Arr(items) => {
                let had = !items.is_empty();
                let mut out = Vec::with_capacity(items.len());
                for (i, c) in items.into_iter().enumerate() {
                    path.push(num(i as u64, 1));
                    if let Some(r) = self.walk(c, path, act, false) {
                        out.push(r);
                    }
                    path.pop();
                }
                (root || self.keep_container(had, out.is_empty(), act)).then_some(Json::Arr(out))
            }
            scalar => self.leaf(scalar, act),
        }
    }

    /// Whether a container stays after its fields were minimized: not when it had fields and all
    /// went, nor when it is empty and a drop rule (or, in allow mode, no rule) applies to it.
    fn keep_container(&self, had: bool, empty: bool, act: Option<&Act>) -> bool {
        !(empty && (had || act == Some(&Act::Drop) || (self.p.allow && act.is_none())))
    }

    fn scan(&self, s: String) -> Json {
        if self.p.detect == 0 {
            return Json::Str(s);
        }
        Json::Str(detect::scrub(&s, self.p.detect, self.p.hash_found).unwrap_or(s))
    }

    /// A scalar under an action (`None`: no rule names it).
    fn leaf(&self, v: Json, act: Option<&Act>) -> Option<Json> {
        let act = match act {
            None if self.p.allow => return None,
            None => &Act::Keep { scan: true },
            Some(a) => a,
        };
        if v == Json::Null {
            return (*act != Act::Drop).then_some(v);
        }
        // The commonest cases first, without copying the value's text.
        match (act, v) {
            (Act::Drop, _) => None,
            (Act::Keep { scan: true }, Json::Str(s)) => Some(self.scan(s)),
            (Act::Keep { scan: true }, Json::Int(n)) if self.p.detect != 0 => {
                let text = Json::Int(n).to_text();
                Some(
                    match detect::scrub(&text, self.p.detect, self.p.hash_found) {
                        Some(s) => Json::Str(s),
                        None => Json::Int(n),
                    },
                )
            }
            (Act::Keep { .. }, v) => Some(v),
            (_, v) => self.transform(v, act),
        }
    }

    /// A scalar under an action that rewrites it.
    fn transform(&self, v: Json, act: &Act) -> Option<Json> {
        let str_only = matches!(v, Json::Str(_));
        let text = match &v {
            Json::Str(s) => s.clone(),
            Json::Int(n) => Json::Int(*n).to_text(),
            Json::Num(t) => t.clone(),
            Json::Bool(b) => (if *b { "true" } else { "false" }).into(),
            _ => return None,
        };
        Some(match act {
            Act::Hash(profile, code) => {
                let n = normalize::normalize(profile, &text, code)?;
                // Already a digest (both platforms accept pre-hashed values): not hashed twice.
                Json::Str(if normalize::is_hex64(&n) {
                    n
                } else {
                    sha256_hex(n.as_bytes())
                })
            }
            Act::Hmac => Json::Str(hmac_sha256_hex(
                self.ctx.config.hash_key.as_deref()?.as_bytes(),
                text.as_bytes(),
            )),
            Act::Redact => Json::Str("[redacted]".into()),
            Act::TruncIp if str_only => Json::Str(truncate_ip(&text)?),
            Act::TruncTime(unit) => match v {
                Json::Int(n) => Json::Int(floor_epoch(n, *unit)),
                Json::Str(s) => match s.parse::<i64>() {
                    Ok(n) if !s.starts_with(['+', '-']) => {
                        Json::Str(num(floor_epoch(n, *unit) as u64, 1))
                    }
                    _ => Json::Str(floor_iso(&s, *unit)?),
                },
                _ => return None,
            },
            Act::TruncStep(step) => {
                let n = floor_number(&text, *step)?;
                if str_only {
                    Json::Str(Json::Int(n).to_text())
                } else {
                    Json::Int(n)
                }
            }
            Act::GenYear => Json::Str(date_parts(&text)?.0.to_string()),
            Act::GenAge(band) => Json::Str(age_band(&text, self.ctx.now, *band)?),
            Act::GenZip(digits) => {
                let z: String = text
                    .chars()
                    .filter(|c| letter(*c) || c.is_ascii_digit())
                    .take(*digits)
                    .collect();
                if z.is_empty() {
                    return None;
                }
                Json::Str(z)
            }
            Act::Url { keep, fragment } if str_only => {
                self.scan(self.strip_url(&text, keep, *fragment))
            }
            _ => return None,
        })
    }

    /// The `url` action: query parameters not in `keep` (or whose `when` does not hold) removed, and
    /// the fragment unless `fragment`.
    fn strip_url(&self, u: &str, keep: &[policy::Param], fragment: bool) -> String {
        let parts = url::split(u);
        let mut out = parts.base.to_string();
        let kept: Vec<&str> = parts
            .query
            .unwrap_or("")
            .split('&')
            .filter(|pair| {
                let name = pair.split('=').next().unwrap_or("");
                let name = url::decode(name, true).unwrap_or_default();
                !name.is_empty()
                    && keep
                        .iter()
                        .any(|k| pattern::matches(&k.name, &name) && self.ctx.granted(&k.when))
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
        if let (true, Some(f)) = (fragment, parts.fragment) {
            out.push('#');
            out.push_str(f);
        }
        out
    }

    /// A flat `a=1&b=2` text (query or form body) under the policy; `None` if unreadable.
    fn form(&self, text: &str, strict: bool) -> Option<String> {
        let mut out: Vec<String> = Vec::new();
        for pair in url::pairs(text, strict)? {
            let path: Vec<String> = pair.name.split('.').map(String::from).collect();
            // As deep as JSON may nest, no deeper: a longer dotted name is not read.
            if path.len() > crate::core::json::MAX_DEPTH {
                return None;
            }
            let act = self.field_rule(&path);
            let dropped = act == Some(&Act::Drop) || (act.is_none() && self.p.allow);
            let value = if !dropped && codec::looks_b64_json(&pair.value) {
                // Encoded events are decoded and minimized (or the body is not read), never passed.
                Some(Json::Str(self.b64_json(&pair.value)?))
            } else {
                self.leaf(Json::Str(pair.value.clone()), act)
            };
            match value {
                None => {}
                Some(Json::Str(s)) if s == pair.value => out.push(pair.raw.to_string()),
                Some(v) => {
                    let s = match v {
                        Json::Str(s) => s,
                        other => other.to_text(),
                    };
                    let name = pair.raw.split('=').next().unwrap_or("");
                    out.push(cat(&[name, "=", &url::encode(&s)]));
                }
            }
        }
        Some(out.join("&"))
    }

    /// The request URL: its query under the policy, its path checked by the detectors.
    fn url(&self, u: &str) -> Option<String> {
        let parts = url::split(u);
        let path_start = parts.base.len() - url::path(u).len().min(parts.base.len());
        let (origin, path) = parts.base.split_at_checked(path_start)?;
        let mut out = origin.to_string();
        let decoded = url::decode(path, false)?;
        match detect::scrub(&decoded, self.p.detect & !detect::URL, self.p.hash_found) {
            Some(clean) => out.push_str(
                &clean
                    .split('/')
                    .map(url::encode)
                    .collect::<Vec<_>>()
                    .join("/"),
            ),
            None => out.push_str(path),
        }
        if let Some(q) = parts.query {
            let q = self.form(q, false)?;
            if !q.is_empty() {
                out.push('?');
                out.push_str(&q);
            }
        }
        if let Some(f) = parts.fragment {
            out.push('#');
            out.push_str(f);
        }
        Some(out)
    }

    /// A JSON body: an event, an array of events, or an envelope with a `batch` (Segment,
    /// RudderStack, PostHog) or `events` (Amplitude) array of events (its other fields are only
    /// scanned by the detectors).
    fn batch(&self, j: Json) -> Option<Json> {
        match j {
            Json::Arr(items) => Some(Json::Arr(
                items
                    .into_iter()
                    .filter_map(|e| self.walk(e, &mut Vec::new(), None, true))
                    .collect(),
            )),
            Json::Obj(fields)
                if fields
                    .iter()
                    .any(|(k, v)| envelope_key(k) && matches!(v, Json::Arr(_))) =>
            {
                let envelope = Run {
                    ctx: self.ctx,
                    p: &Policy {
                        allow: false,
                        rules: Vec::new(),
                        ..*self.p
                    },
                };
                Some(Json::Obj(
                    fields
                        .into_iter()
                        .filter_map(|(k, v)| {
                            let v = if envelope_key(&k) && matches!(v, Json::Arr(_)) {
                                self.batch(v)?
                            } else {
                                envelope.walk(v, &mut Vec::new(), None, true)?
                            };
                            Some((k, v))
                        })
                        .collect(),
                ))
            }
            other => self.walk(other, &mut Vec::new(), None, true),
        }
    }
}

/// The keys of a JSON envelope whose array holds the events.
fn envelope_key(k: &str) -> bool {
    k == "batch" || k == "events"
}

/// `s[a..b]`, or "" when that is not a range of `s` (never a panic: the panic path would pull
/// string formatting into the wasm).
pub fn sub(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).unwrap_or("")
}

/// Where `needle` first occurs in `s` (a byte search: `str::find` with a string pattern links a
/// searcher whose panic path pulls in string formatting).
pub fn find(s: &str, needle: &str) -> Option<usize> {
    s.as_bytes()
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

/// Lowercase for the scripts names and places are written in: ASCII, Latin-1, Latin Extended-A,
/// Greek and Cyrillic (Rust's full Unicode case tables would cost about 10 KB of wasm).
pub fn lower_char(c: char) -> char {
    let u = c as u32;
    let l = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            u + 32
        }
        0x400..=0x40F => u + 80,
        0x100..=0x137 | 0x14A..=0x177 | 0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F
            if u % 2 == 0 =>
        {
            u + 1
        }
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => u + 1,
        0x178 => 0xFF,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

pub fn lower(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// A letter: ASCII letters, and non-ASCII characters outside the symbol and punctuation blocks.
pub fn letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (c as u32 >= 0xC0
            && !matches!(c as u32, 0xD7 | 0xF7 | 0x2000..=0x2BFF | 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF00..=0xFF20))
}

/// IPv4 → /24, IPv6 → /48 (RFC 5952 text), IPv4-mapped IPv6 → its IPv4 /24.
pub fn truncate_ip(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(v4) = detect::ipv4(s.as_bytes()) {
        return Some(v4_text([v4[0], v4[1], v4[2], 0]));
    }
    let g = detect::ipv6(s.trim_start_matches('[').trim_end_matches(']'))?;
    if g[..5] == [0; 5] && g[5] == 0xffff {
        let [a, b] = g[6].to_be_bytes();
        let [c, _] = g[7].to_be_bytes();
        return Some(v4_text([a, b, c, 0]));
    }
    Some(v6_text([g[0], g[1], g[2], 0, 0, 0, 0, 0]))
}

fn v4_text(o: [u8; 4]) -> String {
    o.iter()
        .map(|b| num(u64::from(*b), 1))
        .collect::<Vec<_>>()
        .join(".")
}

/// RFC 5952: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as `::`.
fn v6_text(g: [u16; 8]) -> String {
    let (mut best, mut best_len, mut i) = (8, 0, 0);
    while i < 8 {
        let start = i;
        while i < 8 && g[i] == 0 {
            i += 1;
        }
        if i - start > best_len && i - start >= 2 {
            best = start;
            best_len = i - start;
        }
        i += 1;
    }
    let hex = |v: u16| {
        let h = crate::core::hash::hex(&v.to_be_bytes());
        let t = h.trim_start_matches('0');
        if t.is_empty() {
            "0".to_string()
        } else {
            t.to_string()
        }
    };
    let join = |r: &[u16]| r.iter().map(|v| hex(*v)).collect::<Vec<_>>().join(":");
    if best_len == 0 {
        return join(&g);
    }
    cat(&[&join(&g[..best]), "::", &join(&g[best + best_len..])])
}

/// Epoch seconds or milliseconds (ms when above 10^11) floored to `unit` milliseconds.
fn floor_epoch(n: i64, unit: u64) -> i64 {
    let unit = unit as i64;
    if n.unsigned_abs() > 100_000_000_000 {
        n.div_euclid(unit) * unit
    } else {
        let u = unit / 1000;
        n.div_euclid(u) * u
    }
}

/// An ISO 8601 `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]]…` text with its time floored (digits zeroed), the
/// format and zone kept; a date alone is already floored.
fn floor_iso(s: &str, unit: u64) -> Option<String> {
    date_parts(s)?;
    let b = s.as_bytes();
    if b.len() == 10 {
        return Some(s.to_string());
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(11..16).is_none_or(|t| t[2] != b':')
    {
        return None;
    }
    // Keep the hour (or not, by day); zero every later digit up to the zone.
    let keep = if unit >= crate::core::time::DAY_MS {
        11
    } else {
        13
    };
    let zone = b
        .iter()
        .skip(11)
        .position(|c| matches!(c, b'Z' | b'z' | b'+' | b'-'))
        .map_or(b.len(), |p| p + 11);
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        let in_time = i >= keep && i < zone;
        out.push(if in_time && c.is_ascii_digit() {
            '0'
        } else {
            c
        });
    }
    Some(out)
}

/// `YYYY-MM-DD…`, `YYYY/MM/DD…` or `YYYYMMDD` → (year, month, day), checked.
fn date_parts(s: &str) -> Option<(u64, u64, u64)> {
    let b = s.trim().as_bytes();
    let d = |r: std::ops::Range<usize>| -> Option<u64> {
        let p = b.get(r)?;
        p.iter()
            .all(u8::is_ascii_digit)
            .then(|| p.iter().fold(0, |a, c| a * 10 + u64::from(c - b'0')))
    };
    let (y, m, day) = if b.get(4).is_some_and(|c| matches!(c, b'-' | b'/')) && b.get(7) == b.get(4)
    {
        (d(0..4)?, d(5..7)?, d(8..10)?)
    } else if b.len() == 8 {
        (d(0..4)?, d(4..6)?, d(6..8)?)
    } else {
        return None;
    };
    ((1..=12).contains(&m) && (1..=31).contains(&day) && y >= 1800).then_some((y, m, day))
}

/// The age band (`30-39`; `90+` from 90) of someone born on `s` at `now`.
fn age_band(s: &str, now: u64, band: u64) -> Option<String> {
    let (y, m, d) = date_parts(s)?;
    let (ny, nm, nd) = crate::core::time::civil(now);
    let (ny, nm, nd) = (ny as u64, u64::from(nm), u64::from(nd));
    if (y, m, d) > (ny, nm, nd) {
        return None;
    }
    let age = ny - y - u64::from((nm, nd) < (m, d));
    if age >= 90 {
        return Some("90+".into());
    }
    if band == 1 {
        return Some(num(age, 1));
    }
    let lo = age / band * band;
    Some(cat(&[&num(lo, 1), "-", &num((lo + band - 1).min(89), 1)]))
}

/// A JSON number's text floored to a multiple of `step` (no float code: the integer part is read,
/// and a negative number with a fraction rounds down). `None` for exponents or non-numbers.
fn floor_number(t: &str, step: u64) -> Option<i64> {
    let t = t.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty()
        || int.len() > 18
        || !int.bytes().all(|c| c.is_ascii_digit())
        || !frac.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut n: i64 = int.bytes().fold(0, |a, c| a * 10 + i64::from(c - b'0'));
    if neg {
        n = -n - i64::from(frac.bytes().any(|c| c != b'0'));
    }
    let step = step as i64;
    Some(n.div_euclid(step) * step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(floor_number("37.5", 10), Some(30));
        assert_eq!(floor_number("-37.5", 10), Some(-40));
        assert_eq!(floor_number("1e3", 10), None);
        assert_eq!(
            floor_iso("2024-03-05T14:23:45.123Z", 3_600_000).as_deref(),
            Some("2024-03-05T14:00:00.000Z")
        );
        assert_eq!(
            floor_iso("2024-03-05T14:23:45+02:00", crate::core::time::DAY_MS).as_deref(),
            Some("2024-03-05T00:00:00+02:00")
        );
        assert_eq!(
            v6_text([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]),
            "2001:db8::1:0:0:1"
        );
    }
}
