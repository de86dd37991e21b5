//! Audit mode (for site owners): what the live page holds and contacts, judged against the config.
//! The facade observes cookies, storage keys and request URLs (with the time and, where the browser
//! says, the script that did it); [`report`] says which of them no configured vendor declares, and
//! which a declared vendor set or sent while it was not granted. Pure: the observations and the
//! consent state come in as arguments. A site owner's tool, so it is compiled into the tools core
//! (`consent_sieve_tools`, loaded by audit mode on demand), never into what visitors download.
//!
//! Bounded: at most [`MAX_SEEN`] observations (more is an error naming the limit); each is matched
//! against every vendor's patterns, so the work is linear in observations × patterns.
use crate::core::error::{cat, num, ConsentError};
use crate::core::hosts;
use crate::core::json::{Json, Writer};
use crate::core::map::Map;
use crate::core::pattern;
use crate::core::policy::{Config, Vendor};

/// The most observations one report reads.
pub const MAX_SEEN: usize = 10_000;

/// What the SDK itself keeps (web/storage.rs writes them, the probe only for a moment): never
/// undeclared.
pub const OWN: [&str; 3] = ["consent_sieve", "consent-sieve", "consent-sieve-probe"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Cookie,
    LocalStorage,
    SessionStorage,
    Request,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "cookie" => Kind::Cookie,
            "localStorage" => Kind::LocalStorage,
            "sessionStorage" => Kind::SessionStorage,
            "request" => Kind::Request,
            _ => return None,
        })
    }
    fn as_str(self) -> &'static str {
        match self {
            Kind::Cookie => "cookie",
            Kind::LocalStorage => "localStorage",
            Kind::SessionStorage => "sessionStorage",
            Kind::Request => "request",
        }
    }
}

/// One thing the page was seen holding or contacting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub kind: Kind,
    /// A cookie or key name, or a request's URL.
    pub name: String,
    /// Epoch milliseconds when it was first seen.
    pub at: u64,
    /// The script that set or sent it, when the browser said.
    pub script: Option<String>,
}

/// Reads `[{kind, name, at, script?}, …]`. Errors name the item and field.
pub fn parse_seen(json: &str) -> Result<Vec<Seen>, ConsentError> {
    let bad = |path: String, why: &str| ConsentError::new("api.invalid_argument", path, why);
    let v = Json::parse(json).map_err(|e| bad("seen".into(), e.reason))?;
    let Json::Arr(items) = v else {
        return Err(bad("seen".into(), "expected an array"));
    };
    if items.len() > MAX_SEEN {
        return Err(ConsentError::new(
            "api.invalid_argument",
            "seen",
            cat(&["more than ", &num(MAX_SEEN as u64, 1), " observations"]),
        ));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = |k: &str| cat(&["seen[", &num(i as u64, 1), "].", k]);
        let kind = match item.get("kind") {
            Some(Json::Str(s)) => Kind::parse(s),
            _ => None,
        }
        .ok_or_else(|| {
            bad(
                at("kind"),
                "must be cookie, localStorage, sessionStorage or request",
            )
        })?;
        let Some(Json::Str(name)) = item.get("name") else {
            return Err(bad(at("name"), "must be a string"));
        };
        let time = match item.get("at") {
            Some(Json::Int(n)) if *n >= 0 => *n as u64,
            _ => return Err(bad(at("at"), "must be epoch milliseconds")),
        };
        let script = match item.get("script") {
            None | Some(Json::Null) => None,
            Some(Json::Str(s)) => Some(s.clone()),
            Some(_) => return Err(bad(at("script"), "must be a URL or null")),
        };
        out.push(Seen {
            kind,
            name: name.clone(),
            at: time,
            script,
        });
    }
    Ok(out)
}

/// The vendor that declares `seen` (its cookie or key patterns, or the URL's route), if any.
fn declared_by<'a>(config: &'a Config, page_host: &str, seen: &Seen) -> Option<&'a Vendor> {
    match seen.kind {
        Kind::Cookie => config
            .vendors
            .iter()
            .find(|v| v.cookies.iter().any(|p| pattern::matches(p, &seen.name))),
        Kind::LocalStorage | Kind::SessionStorage => config.vendors.iter().find(|v| {
            v.storage_keys
                .iter()
                .any(|p| pattern::matches(p, &seen.name))
        }),
        Kind::Request => hosts::vendor_for_url(config, page_host, &seen.name),
    }
}

/// The audit as JSON: `{undeclared: [{kind, name, at, script}], beforeConsent: [{kind, name, vendor,
/// at, script}], declared: n}`. A request counts as undeclared when it goes to another host than the
/// page's and no vendor claims it (listed once per host, at its first time); a declared item counts as
/// before consent when it was seen while its vendor was not granted (now, or before the decision).
///
/// `vendors`: the vendors granted now (`state().vendors`); `decided_at`: when the choice in force was
/// made (none: undecided).
pub fn report(
    config: &Config,
    vendors: &Map<bool>,
    decided_at: Option<u64>,
    page_host: &str,
    seen: &[Seen],
) -> String {
    let mut w = Writer::new();
    let mut hosts_seen: Vec<String> = Vec::new();
    let mut before = Vec::new();
    let mut declared = 0u64;
    w.obj().key("undeclared").arr();
    for s in seen {
        if s.kind != Kind::Request && OWN.contains(&s.name.as_str()) {
            continue;
        }
        match declared_by(config, page_host, s) {
            Some(v) => {
                declared += 1;
                let granted = vendors.get(&v.id) == Some(&true);
                let since = decided_at.unwrap_or(u64::MAX);
                if !granted || s.at < since {
                    before.push((s, v));
                }
            }
            None => {
                let name = if s.kind == Kind::Request {
                    match hosts::host_of(&s.name) {
                        // First-party requests are the site's own business.
                        Some(h) if h != page_host && !hosts_seen.contains(&h) => {
                            hosts_seen.push(h.clone());
                            h
                        }
                        _ => continue,
                    }
                } else {
                    s.name.clone()
                };
                item(&mut w, s, &name, None);
            }
        }
    }
    w.end_arr().key("beforeConsent").arr();
    for (s, v) in before {
        let name = match s.kind {
            Kind::Request => hosts::host_of(&s.name).unwrap_or_default(),
            _ => s.name.clone(),
        };
        item(&mut w, s, &name, Some(&v.id));
    }
    w.end_arr().key("declared").int(declared).end_obj();
    w.finish()
}

fn item(w: &mut Writer, s: &Seen, name: &str, vendor: Option<&str>) {
    w.obj()
        .key("kind")
        .str(s.kind.as_str())
        .key("name")
        .str(name);
    if let Some(v) = vendor {
        w.key("vendor").str(v);
    }
    w.key("at")
        .int(s.at)
        .key("script")
        .opt_str(s.script.as_deref())
        .end_obj();
}
