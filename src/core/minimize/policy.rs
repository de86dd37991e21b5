//! The minimization policy of one destination (a vendor's `minimize`), read and validated from the
//! config. Every error names the field path and the reason.
use super::detect;
use super::normalize::{calling_code, PROFILES};
use crate::core::error::{cat, ConsentError};
use crate::core::json::Json;
use crate::core::read::{self, object, Family};

const C: Family = Family::Config;

/// What happens to a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    Keep {
        scan: bool,
    },
    Drop,
    /// Profile name and the calling code for national phone numbers.
    Hash(&'static str, &'static str),
    Hmac,
    TruncIp,
    /// Floor timestamps to this many milliseconds (an hour or a day).
    TruncTime(u64),
    TruncStep(u64),
    GenYear,
    GenAge(u64),
    GenZip(usize),
    Url {
        keep: Vec<Param>,
        fragment: bool,
    },
    Redact,
}

/// A query parameter the `url` action keeps: a name pattern, and purposes that must be granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub when: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Pattern segments (split on `.`); with `anywhere`, one key matched at any depth.
    pub segs: Vec<String>,
    pub anywhere: bool,
    pub act: Act,
    pub when: Vec<String>,
    pub otherwise: Act,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Allow-list mode: a field no rule names is dropped.
    pub allow: bool,
    pub rules: Vec<Rule>,
    /// Detector bits (see `detect`).
    pub detect: u8,
    /// Detections are hashed instead of replaced by a placeholder.
    pub hash_found: bool,
}

/// A destination's policies: one while its vendor is granted, and one (or none: drop) while not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Minimize {
    pub granted: Policy,
    pub denied: Option<Policy>,
}

impl Minimize {
    /// Whether any rule needs the site's `hashKey`.
    pub fn uses_hmac(&self) -> bool {
        let uses = |p: &Policy| {
            p.rules
                .iter()
                .any(|r| r.act == Act::Hmac || r.otherwise == Act::Hmac)
        };
        uses(&self.granted) || self.denied.as_ref().is_some_and(uses)
    }
}

/// Without the `minimize` feature (the consent-only wasm) every policy is refused.
#[cfg(not(feature = "minimize"))]
pub fn parse(_: &Json, path: &str, _: &[&str]) -> Result<Minimize, ConsentError> {
    Err(bad(
        path,
        "needs the minimization build (the loader picks it for a minimize policy)",
    ))
}

/// Reads `vendors[i].minimize`. `purposes` are the configured purpose ids (for `when`).
#[cfg(feature = "minimize")]
pub fn parse(v: &Json, path: &str, purposes: &[&str]) -> Result<Minimize, ConsentError> {
    let granted = policy(v, path, purposes, true)?;
    let f = object(C, v, path, POLICY_KEYS)?;
    let denied = match f.opt("denied") {
        None => None,
        Some(Json::Str(s)) if s == "drop" => None,
        Some(d @ Json::Obj(_)) => Some(policy(d, &f.path("denied"), purposes, false)?),
        Some(d) => {
            return Err(read::want_type(
                C,
                &f.path("denied"),
                "\"drop\" or a policy object",
                d,
            ))
        }
    };
    Ok(Minimize { granted, denied })
}

const POLICY_KEYS: &[&str] = &["mode", "fields", "detect", "found", "denied"];

fn bad(path: &str, reason: &str) -> ConsentError {
    ConsentError::new("config.invalid_value", path, reason)
}

fn policy(v: &Json, path: &str, purposes: &[&str], top: bool) -> Result<Policy, ConsentError> {
    let keys = if top { POLICY_KEYS } else { &POLICY_KEYS[..4] };
    let f = object(C, v, path, keys)?;
    let allow = match f.opt_string("mode")?.as_deref() {
        None | Some("deny") => false,
        Some("allow") => true,
        Some(_) => return Err(bad(&f.path("mode"), "must be \"deny\" or \"allow\"")),
    };
    let hash_found = match f.opt_string("found")?.as_deref() {
        None | Some("redact") => false,
        Some("hash") => true,
        Some(_) => return Err(bad(&f.path("found"), "must be \"redact\" or \"hash\"")),
    };
    let detect = match f.opt("detect") {
        None => detect::ALL,
        Some(_) => {
            let mut bits = 0;
            for (i, name) in f.opt_strings("detect")?.iter().enumerate() {
                let Some(n) = detect::NAMES.iter().position(|d| d == name) else {
                    return Err(bad(
                        &read::item(&f.path("detect"), i),
                        &cat(&[
                            "unknown detector; expected one of: ",
                            &detect::NAMES.join(", "),
                        ]),
                    ));
                };
                bits |= 1 << n;
            }
            bits
        }
    };
    let mut rules = Vec::new();
    if let Some(fields) = f.opt("fields") {
        let Json::Obj(fields) = fields else {
            return Err(read::want_type(C, &f.path("fields"), "an object", fields));
        };
        for (pattern, spec) in fields {
            let at = cat(&[path, ".fields[\"", pattern, "\"]"]);
            if pattern.is_empty() || pattern.split('.').any(str::is_empty) {
                return Err(bad(
                    &at,
                    "a field pattern needs non-empty segments between dots",
                ));
            }
            let segs: Vec<String> = pattern.split('.').map(String::from).collect();
            let anywhere = segs.len() == 1 && !pattern.contains('*');
            let (act, when, otherwise) = rule(spec, &at, purposes)?;
            rules.push(Rule {
                segs,
                anywhere,
                act,
                when,
                otherwise,
            });
        }
    }
    Ok(Policy {
        allow,
        rules,
        detect,
        hash_found,
    })
}

/// One rule: a string action, or `{action, …options, when?, else?}`.
fn rule(v: &Json, at: &str, purposes: &[&str]) -> Result<(Act, Vec<String>, Act), ConsentError> {
    if let Json::Str(_) = v {
        return Ok((act(v, at, purposes)?, Vec::new(), Act::Drop));
    }
    let f = object(C, v, at, &rule_keys())?;
    let when = when(&f, purposes)?;
    let otherwise = match f.opt("else") {
        None => Act::Drop,
        Some(e) => {
            if !when.is_empty() {
                act(e, &f.path("else"), purposes)?
            } else {
                return Err(bad(&f.path("else"), "only means something with \"when\""));
            }
        }
    };
    Ok((act(v, at, purposes)?, when, otherwise))
}

/// Every key a rule object may have: the options of every action, `action`, `when` and `else` (each
/// action then refuses the options that are not its own).
fn rule_keys() -> Vec<&'static str> {
    let mut keys = vec!["action", "when", "else"];
    for o in ACTIONS.iter().flat_map(|a| a.options) {
        if !keys.contains(o) {
            keys.push(o);
        }
    }
    keys
}

/// A `when`: one purpose id or a list, each a configured purpose.
fn when(f: &read::Fields, purposes: &[&str]) -> Result<Vec<String>, ConsentError> {
    let list = match f.opt("when") {
        None => return Ok(Vec::new()),
        Some(Json::Str(s)) => vec![s.clone()],
        Some(_) => f.opt_strings("when")?,
    };
    let single = matches!(f.opt("when"), Some(Json::Str(_)));
    for (i, p) in list.iter().enumerate() {
        if !purposes.contains(&p.as_str()) {
            return Err(ConsentError::new(
                "config.unknown_purpose",
                if single {
                    f.path("when")
                } else {
                    read::item(&f.path("when"), i)
                },
                cat(&["\"", p, "\" is not a configured purpose"]),
            ));
        }
    }
    Ok(list)
}

/// One minimization action: its name in a policy, the options a rule object may give it, and how a
/// rule naming it is read into an [`Act`]. The one table of actions: adding one is a row here, its `Act`
/// variant and that variant's arm in `transform` (minimize/mod.rs: what it does to a value), then
/// `MinimizeActionName` and the rule options in `index.d.ts` (tests/public_surface.rs fails until they
/// say the same) and docs/minimize.md.
pub struct Action {
    pub name: &'static str,
    pub options: &'static [&'static str],
    read: fn(&Opts) -> Result<Act, ConsentError>,
}

/// Every action, in the order error messages list them.
pub const ACTIONS: &[Action] = &[
    Action {
        name: "keep",
        options: &["scan"],
        read: |o| {
            Ok(Act::Keep {
                scan: o.bool("scan")?.unwrap_or(true),
            })
        },
    },
    Action {
        name: "drop",
        options: &[],
        read: |_| Ok(Act::Drop),
    },
    Action {
        name: "hash",
        options: &["profile", "country"],
        read: read_hash,
    },
    Action {
        name: "hmac",
        options: &[],
        read: |_| Ok(Act::Hmac),
    },
    Action {
        name: "truncate",
        options: &["to", "step"],
        read: read_truncate,
    },
    Action {
        name: "generalize",
        options: &["to", "band", "digits"],
        read: read_generalize,
    },
    Action {
        name: "url",
        options: &["keep", "fragment"],
        read: read_url,
    },
    Action {
        name: "redact",
        options: &[],
        read: |_| Ok(Act::Redact),
    },
];

/// A rule's options as an action reads them: the rule object (none for a bare action name), its path
/// and the configured purposes.
struct Opts<'a> {
    f: Option<&'a read::Fields<'a>>,
    at: &'a str,
    purposes: &'a [&'a str],
}

impl Opts<'_> {
    fn path(&self, k: &str) -> String {
        self.f
            .map_or_else(|| cat(&[self.at, ".", k]), |f| f.path(k))
    }
    fn str(&self, k: &str) -> Result<Option<String>, ConsentError> {
        self.f
            .map(|f| f.opt_string(k))
            .transpose()
            .map(Option::flatten)
    }
    fn int(&self, k: &str) -> Result<Option<i64>, ConsentError> {
        self.f
            .map(|f| f.opt_int(k))
            .transpose()
            .map(Option::flatten)
    }
    fn bool(&self, k: &str) -> Result<Option<bool>, ConsentError> {
        self.f
            .map(|f| f.opt_bool(k))
            .transpose()
            .map(Option::flatten)
    }
    /// A whole number from 1 to `max`, `default` when absent.
    fn positive(&self, k: &str, default: i64, max: i64) -> Result<u64, ConsentError> {
        let n = self.int(k)?.unwrap_or(default);
        if n < 1 || n > max {
            return Err(bad(
                &self.path(k),
                &cat(&[
                    "must be a whole number from 1 to ",
                    &crate::core::error::num(max as u64, 1),
                ]),
            ));
        }
        Ok(n as u64)
    }
}

fn read_hash(o: &Opts) -> Result<Act, ConsentError> {
    let profile = o.str("profile")?.unwrap_or_else(|| "trim".into());
    let Some(profile) = PROFILES.iter().find(|x| **x == profile) else {
        return Err(bad(
            &o.path("profile"),
            &cat(&["unknown profile; expected one of: ", &PROFILES.join(", ")]),
        ));
    };
    let country = o.str("country")?.unwrap_or_else(|| "US".into());
    let Some(code) = calling_code(&country) else {
        return Err(bad(
            &o.path("country"),
            "is not a country with a known calling code (ISO 3166 alpha-2, e.g. \"GB\")",
        ));
    };
    Ok(Act::Hash(profile, code))
}

fn read_truncate(o: &Opts) -> Result<Act, ConsentError> {
    Ok(match (o.str("to")?.as_deref(), o.int("step")?) {
        (None, None) => Act::TruncIp,
        (Some("hour"), None) => Act::TruncTime(3_600_000),
        (Some("day"), None) => Act::TruncTime(crate::core::time::DAY_MS),
        (None, Some(_)) => Act::TruncStep(o.positive("step", 1, 1 << 40)?),
        (Some(_), None) => {
            return Err(bad(
                &o.path("to"),
                "must be \"hour\" or \"day\" (or leave it out for IP addresses)",
            ))
        }
        (Some(_), Some(_)) => return Err(bad(&o.path("step"), "cannot be combined with \"to\"")),
    })
}

fn read_generalize(o: &Opts) -> Result<Act, ConsentError> {
    Ok(match o.str("to")?.as_deref() {
        Some("year") => Act::GenYear,
        Some("age") => Act::GenAge(o.positive("band", 10, 100)?),
        Some("zip") => Act::GenZip(o.positive("digits", 3, 10)? as usize),
        Some(_) => return Err(bad(&o.path("to"), "must be \"year\", \"age\" or \"zip\"")),
        None => {
            return Err(ConsentError::new(
                "config.missing_field",
                o.path("to"),
                "is required (\"year\", \"age\" or \"zip\")",
            ))
        }
    })
}

fn read_url(o: &Opts) -> Result<Act, ConsentError> {
    let mut keep = Vec::new();
    if let Some(f) = o.f {
        for (i, k) in f.opt_array("keep")?.iter().enumerate() {
            let kp = read::item(&f.path("keep"), i);
            keep.push(match k {
                Json::Str(s) => Param {
                    name: s.clone(),
                    when: Vec::new(),
                },
                Json::Obj(_) => {
                    let kf = object(C, k, &kp, &["name", "when"])?;
                    Param {
                        name: kf.string("name")?,
                        when: when(&kf, o.purposes)?,
                    }
                }
                _ => {
                    return Err(read::want_type(
                        C,
                        &kp,
                        "a parameter name or {name, when}",
                        k,
                    ))
                }
            });
        }
    }
    Ok(Act::Url {
        keep,
        fragment: o.bool("fragment")?.unwrap_or(false),
    })
}

/// Reads one rule's action: a name, or an object with `action` and that action's options.
fn act(v: &Json, at: &str, purposes: &[&str]) -> Result<Act, ConsentError> {
    let keys = rule_keys();
    let (name, f) = match v {
        Json::Str(s) => (s.as_str(), None),
        Json::Obj(_) => {
            let f = object(C, v, at, &keys)?;
            let Some(Json::Str(name)) = f.opt("action") else {
                return Err(match f.opt("action") {
                    None => {
                        ConsentError::new("config.missing_field", f.path("action"), "is required")
                    }
                    Some(a) => read::want_type(C, &f.path("action"), "a string", a),
                });
            };
            (name.as_str(), Some(f))
        }
        _ => return Err(read::want_type(C, at, "an action name or an object", v)),
    };
    let f = f.as_ref();
    let Some(action) = ACTIONS.iter().find(|a| a.name == name) else {
        let names: Vec<&str> = ACTIONS.iter().map(|a| a.name).collect();
        return Err(bad(
            &f.map_or_else(|| at.to_string(), |f| f.path("action")),
            &cat(&[
                "unknown action \"",
                name,
                "\"; expected one of: ",
                &names.join(", "),
            ]),
        ));
    };
    let opts = Opts { f, at, purposes };
    // Options that do not belong to the action are errors, not silently ignored.
    if let Some(Json::Obj(fields)) = f.map(|_| v) {
        if let Some((k, _)) = fields.iter().find(|(k, _)| {
            !matches!(k.as_str(), "action" | "when" | "else")
                && !action.options.contains(&k.as_str())
        }) {
            return Err(ConsentError::new(
                "config.unknown_field",
                opts.path(k),
                cat(&["is not an option of \"", name, "\""]),
            ));
        }
    }
    (action.read)(&opts)
}
