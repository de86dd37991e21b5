//! The data inventory of a config, for a site's privacy page: for each vendor, what it is for, where
//! its requests go, what it stores, how long it keeps data and, for a destination, what each field
//! becomes after minimization, in plain English words. Three renderings of one model: JSON (a stable
//! shape, docs/inventory.md), Markdown and an HTML fragment (every text escaped).
//!
//! Without the `minimize` feature a policy is only reported as present (the engine's types are there,
//! not its reading of a rule into words).
use crate::core::error::cat;
use crate::core::json::Writer;
use crate::core::minimize::Minimize;
use crate::core::policy::texts::{Key, Texts};
use crate::core::policy::{Config, Vendor};

/// The `schema` field of the JSON inventory; bumped when its shape changes incompatibly.
pub const SCHEMA: &str = "consent-sieve-inventory/1";

/// One vendor, as the inventory shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub retired: bool,
    /// Purpose ids with their English labels.
    pub purposes: Vec<(String, String)>,
    pub hosts: Vec<String>,
    pub paths: Vec<String>,
    pub cookies: Vec<String>,
    pub storage_keys: Vec<String>,
    pub retention: Option<String>,
    pub privacy_policy_url: Option<String>,
    /// `None`: no minimization policy (what the vendor's tags send is not rewritten).
    pub minimization: Option<Minimization>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Minimization {
    /// A policy is configured, but this build cannot describe it (no `minimize` feature).
    Present,
    /// The policy while the vendor is granted, and the one while it is not (`None`: nothing is sent).
    Described {
        granted: PolicyView,
        denied: Option<PolicyView>,
    },
}

/// One policy in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyView {
    /// `"allow"` (fields not listed are dropped) or `"deny"` (fields not listed are kept).
    pub mode: &'static str,
    pub unlisted: &'static str,
    /// The detectors that scan what is kept, by their `detect` names.
    pub detectors: Vec<&'static str>,
    /// What a detector does with a match: `"redact"` or `"hash"`.
    pub found: &'static str,
    pub fields: Vec<FieldView>,
}

/// One rule: its field pattern, the action and its words, and what changes when a purpose is denied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldView {
    pub pattern: String,
    pub action: &'static str,
    pub words: String,
    /// Purpose ids the rule needs (`when`); empty: always.
    pub when: Vec<String>,
    /// When a `when` purpose is denied: the `else` action and its words.
    pub otherwise: Option<(&'static str, String)>,
    /// The whole rule in one sentence (action, `when` and `else`).
    pub summary: String,
}

/// The plain words for each action of `minimize::policy::ACTIONS`, by name: how a rule's result is
/// described when its options add nothing (`tests/inventory.rs` checks every action has a row).
pub const ACTION_WORDS: &[(&str, &str)] = &[
    ("keep", "kept"),
    ("drop", "dropped"),
    ("hash", "hashed"),
    ("hmac", "HMAC'd with the site's key (a pseudonym)"),
    ("truncate", "truncated"),
    ("generalize", "generalized"),
    ("url", "URL filtered"),
    ("redact", "redacted (replaced by \"[redacted]\")"),
];

/// The plain words of an action name, `None` for a name not in the table.
pub fn action_words(name: &str) -> Option<&'static str> {
    ACTION_WORDS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, w)| *w)
}

/// English label of a purpose id (the id itself when the config does not declare it).
fn label<'a>(config: &'a Config, id: &'a str) -> &'a str {
    config.purpose(id).map_or(id, |p| p.label.get("en"))
}

/// The inventory model of every vendor, in config order.
pub fn entries(config: &Config) -> Vec<Entry> {
    config.vendors.iter().map(|v| entry(config, v)).collect()
}

fn entry(config: &Config, v: &Vendor) -> Entry {
    Entry {
        id: v.id.clone(),
        name: v.name.clone(),
        retired: v.retired,
        purposes: v
            .purposes
            .iter()
            .map(|p| (p.clone(), label(config, p).to_string()))
            .collect(),
        hosts: v.hosts.clone(),
        paths: v.paths.clone(),
        cookies: v.cookies.clone(),
        storage_keys: v.storage_keys.clone(),
        retention: v.retention.clone(),
        privacy_policy_url: v.privacy_policy_url.clone(),
        minimization: v.minimize.as_ref().map(|m| describe(config, m)),
    }
}

#[cfg(not(feature = "minimize"))]
fn describe(_: &Config, _: &Minimize) -> Minimization {
    Minimization::Present
}

#[cfg(feature = "minimize")]
fn describe(config: &Config, m: &Minimize) -> Minimization {
    Minimization::Described {
        granted: words::policy(config, &m.granted),
        denied: m.denied.as_ref().map(|p| words::policy(config, p)),
    }
}

#[cfg(feature = "minimize")]
mod words {
    use super::{action_words, label, FieldView, PolicyView};
    use crate::core::error::{cat, num};
    use crate::core::minimize::detect;
    use crate::core::minimize::policy::{Act, Policy};
    use crate::core::policy::Config;

    pub fn policy(config: &Config, p: &Policy) -> PolicyView {
        let detectors: Vec<&'static str> = detect::NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| p.detect & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect();
        let scanning = !detectors.is_empty();
        PolicyView {
            mode: if p.allow { "allow" } else { "deny" },
            unlisted: if p.allow {
                "fields not listed are dropped"
            } else if scanning {
                "fields not listed are kept, after scanning for personal data"
            } else {
                "fields not listed are kept"
            },
            detectors,
            found: if p.hash_found { "hash" } else { "redact" },
            fields: p
                .rules
                .iter()
                .map(|r| {
                    let (action, words) = act(config, &r.act, scanning);
                    let otherwise =
                        (!r.when.is_empty()).then(|| act(config, &r.otherwise, scanning));
                    let summary = match &otherwise {
                        None => words.clone(),
                        Some((_, other)) => cat(&[
                            &words,
                            ", only while ",
                            &labels(config, &r.when),
                            if r.when.len() == 1 { " is" } else { " are" },
                            " granted; otherwise ",
                            other,
                        ]),
                    };
                    FieldView {
                        pattern: r.segs.join("."),
                        action,
                        words,
                        when: r.when.clone(),
                        otherwise,
                        summary,
                    }
                })
                .collect(),
        }
    }

    /// "Analytics and Marketing".
    fn labels(config: &Config, ids: &[String]) -> String {
        let names: Vec<&str> = ids.iter().map(|id| label(config, id)).collect();
        names.join(" and ")
    }

    /// The action's name in `minimize::policy::ACTIONS`.
    pub fn name(a: &Act) -> &'static str {
        match a {
            Act::Keep { .. } => "keep",
            Act::Drop => "drop",
            Act::Hash(..) => "hash",
            Act::Hmac => "hmac",
            Act::TruncIp | Act::TruncTime(_) | Act::TruncStep(_) => "truncate",
            Act::GenYear | Act::GenAge(_) | Act::GenZip(_) => "generalize",
            Act::Url { .. } => "url",
            Act::Redact => "redact",
        }
    }

    /// The action's name and its words with this rule's options.
    pub fn act(config: &Config, a: &Act, scanning: bool) -> (&'static str, String) {
        let name = name(a);
        let base = action_words(name).unwrap_or(name);
        let detail = match a {
            Act::Keep { scan: true } if scanning => "after scanning for personal data".to_string(),
            Act::Keep { scan: false } if scanning => "as is, not scanned".to_string(),
            Act::Hash(profile, _) => cat(&["SHA-256, profile ", profile]),
            Act::TruncIp => "IP address to its /24 (IPv4) or /48 (IPv6) network".to_string(),
            Act::TruncTime(3_600_000) => "to the hour".to_string(),
            Act::TruncTime(_) => "to the day".to_string(),
            Act::TruncStep(n) => cat(&["down to a multiple of ", &num(*n, 1)]),
            Act::GenYear => "to the year".to_string(),
            Act::GenAge(b) => cat(&["to an age band of ", &num(*b, 1), " years"]),
            Act::GenZip(d) => cat(&[
                "to the first ",
                &num(*d as u64, 1),
                " digits of the postal code",
            ]),
            Act::Url { keep, fragment } => {
                let params: Vec<String> = keep
                    .iter()
                    .map(|k| {
                        if k.when.is_empty() {
                            k.name.clone()
                        } else {
                            cat(&[
                                &k.name,
                                " (only while ",
                                &labels(config, &k.when),
                                " granted)",
                            ])
                        }
                    })
                    .collect();
                cat(&[
                    if params.is_empty() {
                        "no query parameters kept"
                    } else {
                        "query parameters kept: "
                    },
                    &params.join(", "),
                    if *fragment {
                        "; fragment kept"
                    } else {
                        "; fragment removed"
                    },
                ])
            }
            _ => String::new(),
        };
        let words = if detail.is_empty() {
            base.to_string()
        } else {
            cat(&[base, " (", &detail, ")"])
        };
        (name, words)
    }
}

/// One row of "What is shared" under a vendor in the preferences dialog: a term and its lines, in the
/// visitor's language (the dialog shows one line as text, several as a list).
pub type SharedRow = (String, Vec<String>);

/// "What is shared" for one vendor, in the page's texts: where its requests go, what it stores on
/// the device, how long it keeps data, and what it receives while allowed and while not (the
/// minimization policy's fields grouped by what happens to them). The dialog renders the rows as
/// they are; the privacy page's inventory (`inventory_markdown`) says the same in more detail.
pub fn shared(config: &Config, v: &Vendor, t: &Texts) -> Vec<SharedRow> {
    let mut rows: Vec<SharedRow> = Vec::new();
    let mut listed = |key: Key, items: &mut dyn Iterator<Item = &String>| {
        let mut names = String::new();
        for s in items {
            if !names.is_empty() {
                names.push_str(", ");
            }
            names.push_str(s);
        }
        if !names.is_empty() {
            rows.push((t.get(key).to_string(), vec![names]));
        }
    };
    listed(Key::SharedSentTo, &mut v.hosts.iter().chain(&v.paths));
    listed(
        Key::SharedStored,
        &mut v.cookies.iter().chain(&v.storage_keys),
    );
    if let Some(r) = &v.retention {
        rows.push((t.get(Key::SharedRetention).to_string(), vec![r.clone()]));
    }
    let on = match &v.minimize {
        None => vec![t.get(Key::SharedAsCollected).to_string()],
        Some(m) => sent(config, &m.granted, t),
    };
    rows.push((t.get(Key::SharedWhileOn).to_string(), on));
    if !config.required_only(v) {
        let off = match v.minimize.as_ref().and_then(|m| m.denied.as_ref()) {
            None => vec![t.get(Key::SharedNothing).to_string()],
            Some(p) => sent(config, p, t),
        };
        rows.push((t.get(Key::SharedWhileOff).to_string(), off));
    }
    rows
}

/// The lines for one policy: a line per action that has fields, in a fixed order, then what happens
/// to the fields no rule names. A rule that needs other purposes lists its field under both of its
/// actions, "with" and "without" them.
#[cfg(feature = "minimize")]
fn sent(config: &Config, p: &crate::core::minimize::Policy, t: &Texts) -> Vec<String> {
    let mut groups: Vec<Vec<String>> = vec![Vec::new(); SHARED_KEYS.len()];
    let mut add = |a: &crate::core::minimize::Act, field: String| {
        let name = words::name(a);
        if let Some(i) = SHARED_KEYS.iter().position(|(n, _)| *n == name) {
            groups[i].push(field);
        }
    };
    for r in &p.rules {
        let field = r.segs.join(".");
        if r.when.is_empty() {
            add(&r.act, field);
            continue;
        }
        let labels: Vec<&str> = r
            .when
            .iter()
            .map(|id| {
                config
                    .purpose(id)
                    .map_or(id.as_str(), |p| p.label.get(&t.lang))
            })
            .collect();
        let labels = labels.join(", ");
        let with = t.fill(Key::SharedWith, "purposes}", &labels);
        let without = t.fill(Key::SharedWithout, "purposes}", &labels);
        add(&r.act, cat(&[&field, " (", &with, ")"]));
        add(&r.otherwise, cat(&[&field, " (", &without, ")"]));
    }
    let mut lines: Vec<String> = SHARED_KEYS
        .iter()
        .zip(&groups)
        .filter(|(_, g)| !g.is_empty())
        .map(|((_, key), g)| cat(&[t.get(*key), ": ", &g.join(", ")]))
        .collect();
    lines.push(
        t.get(if p.allow {
            Key::SharedOthersDropped
        } else if p.detect != 0 {
            Key::SharedOthersScanned
        } else {
            Key::SharedOthersKept
        })
        .to_string(),
    );
    lines
}

/// Without the engine a policy is not read into words: the dialog says only what is certain.
#[cfg(not(feature = "minimize"))]
fn sent(_: &Config, _: &crate::core::minimize::Policy, _: &Texts) -> Vec<String> {
    Vec::new()
}

/// The dialog's line for each action of `minimize::policy::ACTIONS`, in the order shown
/// (`tests/inventory.rs` checks every action has one).
#[cfg(feature = "minimize")]
pub const SHARED_KEYS: &[(&str, Key)] = &[
    ("keep", Key::SharedKept),
    ("hash", Key::SharedHashed),
    ("hmac", Key::SharedPseudonym),
    ("truncate", Key::SharedShortened),
    ("generalize", Key::SharedGeneralized),
    ("url", Key::SharedCleanUrl),
    ("redact", Key::SharedRedacted),
    ("drop", Key::SharedDropped),
];

const NOTHING_SENT: &str = "nothing is sent";
const PRESENT: &str = "minimization policy present";

/// The inventory as JSON: `{schema, policyVersion, privacyPolicyUrl, purposes, vendors}`, the shape
/// documented in docs/inventory.md.
pub fn inventory_json(config: &Config) -> String {
    let mut w = Writer::new();
    w.obj().key("schema").str(SCHEMA);
    w.key("policyVersion").str(&config.policy_version);
    w.key("privacyPolicyUrl")
        .opt_str(config.privacy_policy_url.as_deref());
    w.key("purposes").arr();
    for p in &config.purposes {
        w.obj()
            .key("id")
            .str(&p.id)
            .key("label")
            .str(p.label.get("en"))
            .key("required")
            .bool(p.required)
            .end_obj();
    }
    w.end_arr().key("vendors").arr();
    for e in entries(config) {
        w.obj().key("id").str(&e.id).key("name").str(&e.name);
        w.key("retired").bool(e.retired);
        w.key("purposes").arr();
        for (id, l) in &e.purposes {
            w.obj().key("id").str(id).key("label").str(l).end_obj();
        }
        w.end_arr();
        for (key, list) in [
            ("hosts", &e.hosts),
            ("paths", &e.paths),
            ("cookies", &e.cookies),
            ("storageKeys", &e.storage_keys),
        ] {
            w.key(key).strs(list);
        }
        w.key("retention").opt_str(e.retention.as_deref());
        w.key("privacyPolicyUrl")
            .opt_str(e.privacy_policy_url.as_deref());
        w.key("minimization");
        match &e.minimization {
            None => {
                w.null();
            }
            Some(Minimization::Present) => {
                w.obj()
                    .key("described")
                    .bool(false)
                    .key("summary")
                    .str(PRESENT)
                    .end_obj();
            }
            Some(Minimization::Described { granted, denied }) => {
                w.obj().key("described").bool(true);
                w.key("granted");
                policy_json(&mut w, granted);
                w.key("denied");
                match denied {
                    None => {
                        w.null();
                    }
                    Some(p) => policy_json(&mut w, p),
                }
                w.key("deniedSummary").str(match denied {
                    None => NOTHING_SENT,
                    Some(p) => p.unlisted,
                });
                w.end_obj();
            }
        }
        w.end_obj();
    }
    w.end_arr().end_obj();
    w.finish()
}

fn policy_json(w: &mut Writer, p: &PolicyView) {
    w.obj()
        .key("mode")
        .str(p.mode)
        .key("unlisted")
        .str(p.unlisted);
    w.key("detectors").strs(&p.detectors);
    w.key("found").str(p.found);
    w.key("fields").arr();
    for f in &p.fields {
        w.obj().key("pattern").str(&f.pattern);
        w.key("action").str(f.action).key("words").str(&f.words);
        w.key("when").strs(&f.when).key("else");
        match &f.otherwise {
            None => w.null(),
            Some((a, words)) => w
                .obj()
                .key("action")
                .str(a)
                .key("words")
                .str(words)
                .end_obj(),
        };
        w.key("summary").str(&f.summary).end_obj();
    }
    w.end_arr().end_obj();
}

/// What detectors do, in one sentence fragment.
fn detectors_words(p: &PolicyView) -> String {
    if p.detectors.is_empty() {
        return "no personal-data detectors".to_string();
    }
    cat(&[
        "personal data found by the detectors (",
        &p.detectors.join(", "),
        ") is ",
        if p.found == "hash" {
            "replaced by its SHA-256"
        } else {
            "replaced by a placeholder such as [email]"
        },
    ])
}

/// Text escaped for Markdown: the characters that could start markup are backslash-escaped, and
/// `<`, `>` and `&` become entities (so no raw HTML reaches a renderer).
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A code span (`|` escaped for tables), or escaped text when the value holds a backtick.
fn md_code(s: &str) -> String {
    if s.contains('`') || s.contains('\n') {
        return md(s);
    }
    cat(&["`", &s.replace('|', "\\|"), "`"])
}

fn md_list(items: &[String]) -> String {
    if items.is_empty() {
        return "none".to_string();
    }
    items
        .iter()
        .map(|s| md_code(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The inventory as Markdown for a privacy page: one section per vendor, a table of fields for
/// each minimization policy. Every config text is escaped.
pub fn inventory_markdown(config: &Config) -> String {
    let mut o = String::new();
    o.push_str("# What this site shares, and with whom\n\n");
    o.push_str(&cat(&[
        "Policy version ",
        &md_code(&config.policy_version),
        ". Each service below receives data only for the purposes listed, and only once they are allowed (required purposes are always on).\n",
    ]));
    for e in entries(config) {
        o.push_str(&cat(&[
            "\n## ",
            &md(&e.name),
            " (",
            &md_code(&e.id),
            ")\n\n",
        ]));
        if e.retired {
            o.push_str("*No longer used: what it stored is erased.*\n\n");
        }
        let purposes: Vec<String> = e
            .purposes
            .iter()
            .map(|(id, l)| cat(&[&md(l), " (", &md_code(id), ")"]))
            .collect();
        o.push_str(&cat(&["- Purposes: ", &purposes.join(", "), "\n"]));
        o.push_str(&cat(&["- Hosts: ", &md_list(&e.hosts), "\n"]));
        if !e.paths.is_empty() {
            o.push_str(&cat(&["- Paths: ", &md_list(&e.paths), "\n"]));
        }
        o.push_str(&cat(&["- Cookies: ", &md_list(&e.cookies), "\n"]));
        o.push_str(&cat(&["- Storage keys: ", &md_list(&e.storage_keys), "\n"]));
        o.push_str(&cat(&[
            "- Retention: ",
            &e.retention.as_deref().map_or("not stated".to_string(), md),
            "\n",
        ]));
        o.push_str(&cat(&[
            "- Privacy policy: ",
            &e.privacy_policy_url
                .as_deref()
                .map_or("not stated".to_string(), |u| {
                    // `check_url` refused spaces, quotes and angle brackets: safe in `(<…>)`.
                    cat(&["[", &md(u), "](<", u, ">)"])
                }),
            "\n",
        ]));
        match &e.minimization {
            None => o.push_str("- Minimization: none (what its tags send is not rewritten)\n"),
            Some(Minimization::Present) => {
                o.push_str(&cat(&["- Minimization: ", PRESENT, "\n"]));
            }
            Some(Minimization::Described { granted, denied }) => {
                o.push_str(&cat(&[
                    "\n**What it receives while allowed** (",
                    granted.unlisted,
                    "; ",
                    &md(&detectors_words(granted)),
                    "):\n\n",
                ]));
                md_fields(&mut o, granted);
                match denied {
                    None => o.push_str(&cat(&["\n**While not allowed:** ", NOTHING_SENT, ".\n"])),
                    Some(p) => {
                        o.push_str(&cat(&[
                            "\n**While not allowed** (",
                            p.unlisted,
                            "; ",
                            &md(&detectors_words(p)),
                            "):\n\n",
                        ]));
                        md_fields(&mut o, p);
                    }
                }
            }
        }
    }
    o
}

fn md_fields(o: &mut String, p: &PolicyView) {
    if p.fields.is_empty() {
        o.push_str("No field is named.\n");
        return;
    }
    o.push_str("| field | what it receives |\n| --- | --- |\n");
    for f in &p.fields {
        o.push_str(&cat(&[
            "| ",
            &md_code(&f.pattern),
            " | ",
            &md(&f.summary),
            " |\n",
        ]));
    }
}

/// Text escaped for HTML text and double-quoted attribute values.
fn h(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn h_list(items: &[String]) -> String {
    if items.is_empty() {
        return "none".to_string();
    }
    let codes: Vec<String> = items
        .iter()
        .map(|s| cat(&["<code>", &h(s), "</code>"]))
        .collect();
    codes.join(", ")
}

/// The inventory as an HTML fragment (`<section class="cs-inventory">`), every config text escaped.
pub fn inventory_html(config: &Config) -> String {
    let mut o = String::from(
        "<section class=\"cs-inventory\">\n<h2>What this site shares, and with whom</h2>\n",
    );
    o.push_str(&cat(&[
        "<p>Policy version <code>",
        &h(&config.policy_version),
        "</code>. Each service below receives data only for the purposes listed, and only once they are allowed (required purposes are always on).</p>\n",
    ]));
    for e in entries(config) {
        o.push_str(&cat(&[
            "<article id=\"cs-vendor-",
            &h(&e.id),
            "\">\n<h3>",
            &h(&e.name),
            " (<code>",
            &h(&e.id),
            "</code>)</h3>\n",
        ]));
        if e.retired {
            o.push_str("<p><em>No longer used: what it stored is erased.</em></p>\n");
        }
        let purposes: Vec<String> = e
            .purposes
            .iter()
            .map(|(id, l)| cat(&[&h(l), " (<code>", &h(id), "</code>)"]))
            .collect();
        o.push_str(&cat(&[
            "<ul>\n<li>Purposes: ",
            &purposes.join(", "),
            "</li>\n",
        ]));
        o.push_str(&cat(&["<li>Hosts: ", &h_list(&e.hosts), "</li>\n"]));
        if !e.paths.is_empty() {
            o.push_str(&cat(&["<li>Paths: ", &h_list(&e.paths), "</li>\n"]));
        }
        o.push_str(&cat(&["<li>Cookies: ", &h_list(&e.cookies), "</li>\n"]));
        o.push_str(&cat(&[
            "<li>Storage keys: ",
            &h_list(&e.storage_keys),
            "</li>\n",
        ]));
        o.push_str(&cat(&[
            "<li>Retention: ",
            &e.retention.as_deref().map_or("not stated".to_string(), h),
            "</li>\n",
        ]));
        o.push_str(&cat(&[
            "<li>Privacy policy: ",
            &e.privacy_policy_url
                .as_deref()
                .map_or("not stated".to_string(), |u| {
                    cat(&["<a href=\"", &h(u), "\">", &h(u), "</a>"])
                }),
            "</li>\n",
        ]));
        match &e.minimization {
            None => o.push_str(
                "<li>Minimization: none (what its tags send is not rewritten)</li>\n</ul>\n",
            ),
            Some(Minimization::Present) => {
                o.push_str(&cat(&["<li>Minimization: ", PRESENT, "</li>\n</ul>\n"]));
            }
            Some(Minimization::Described { granted, denied }) => {
                o.push_str("</ul>\n");
                o.push_str(&cat(&[
                    "<p><strong>What it receives while allowed</strong> (",
                    granted.unlisted,
                    "; ",
                    &h(&detectors_words(granted)),
                    "):</p>\n",
                ]));
                html_fields(&mut o, granted);
                match denied {
                    None => o.push_str(&cat(&[
                        "<p><strong>While not allowed:</strong> ",
                        NOTHING_SENT,
                        ".</p>\n",
                    ])),
                    Some(p) => {
                        o.push_str(&cat(&[
                            "<p><strong>While not allowed</strong> (",
                            p.unlisted,
                            "; ",
                            &h(&detectors_words(p)),
                            "):</p>\n",
                        ]));
                        html_fields(&mut o, p);
                    }
                }
            }
        }
        o.push_str("</article>\n");
    }
    o.push_str("</section>\n");
    o
}

fn html_fields(o: &mut String, p: &PolicyView) {
    if p.fields.is_empty() {
        o.push_str("<p>No field is named.</p>\n");
        return;
    }
    o.push_str(
        "<table>\n<thead><tr><th>field</th><th>what it receives</th></tr></thead>\n<tbody>\n",
    );
    for f in &p.fields {
        o.push_str(&cat(&[
            "<tr><td><code>",
            &h(&f.pattern),
            "</code></td><td>",
            &h(&f.summary),
            "</td></tr>\n",
        ]));
    }
    o.push_str("</tbody>\n</table>\n");
}

#[cfg(all(test, not(feature = "minimize")))]
mod tests {
    use super::*;
    use crate::core::minimize::Policy;

    #[test]
    fn without_the_engine_a_policy_is_only_reported_present() {
        let mut config = Config::from_json(
            r#"{"policyVersion":"1","purposes":[{"id":"a","label":"A"}],
                "vendors":[{"id":"v","name":"V","purposes":["a"]}]}"#,
        )
        .unwrap();
        let empty = Policy {
            allow: false,
            rules: Vec::new(),
            detect: 0,
            hash_found: false,
        };
        config.vendors[0].minimize = Some(Minimize {
            granted: empty,
            denied: None,
        });
        let json = inventory_json(&config);
        assert!(
            json.contains(
                r#""minimization":{"described":false,"summary":"minimization policy present"}"#
            ),
            "{json}"
        );
        assert!(inventory_markdown(&config).contains("- Minimization: minimization policy present"));
        assert!(
            inventory_html(&config).contains("<li>Minimization: minimization policy present</li>")
        );
    }
}
