//! The data inventory (core::inventory): its JSON shape, the plain words of every action (the whole
//! `minimize::policy::ACTIONS` table), what `when`/`else` and `denied` change, and escaping in the
//! Markdown and HTML renderings.
#![cfg(feature = "minimize")]
use consent_sieve::core::inventory::{self, action_words, ACTION_WORDS, SHARED_KEYS};
use consent_sieve::core::json::Json;
use consent_sieve::core::minimize::policy::ACTIONS;
use consent_sieve::core::Config;

const PURPOSES: &str = r#"[
    {"id":"necessary","required":true,"label":{"en":"Necessary","de":"Notwendig"}},
    {"id":"analytics","label":{"de":"Statistik","en":"Analytics"}},
    {"id":"marketing","label":"Marketing"}]"#;

fn config(vendors: &str) -> Config {
    let json = format!(
        r#"{{"policyVersion":"2026-03","hashKey":"a-site-secret-of-16+","privacyPolicyUrl":"/privacy",
        "purposes":{PURPOSES},"vendors":{vendors}}}"#
    );
    Config::from_json(&json).unwrap_or_else(|e| panic!("{}: {}\n{json}", e.path, e.reason))
}

fn one(minimize: &str) -> Config {
    config(&format!(
        r#"[{{"id":"dest","name":"Dest","purposes":["analytics"],"hosts":["d.example"],"minimize":{minimize}}}]"#
    ))
}

fn json(c: &Config) -> Json {
    let text = inventory::inventory_json(c);
    Json::parse(&text).unwrap_or_else(|e| panic!("not JSON ({e:?}):\n{text}"))
}

fn s<'a>(v: &'a Json, key: &str) -> &'a str {
    match v.get(key) {
        Some(Json::Str(s)) => s,
        other => panic!("{key} is not a string: {other:?}"),
    }
}

fn a<'a>(v: &'a Json, key: &str) -> &'a [Json] {
    match v.get(key) {
        Some(Json::Arr(a)) => a,
        other => panic!("{key} is not an array: {other:?}"),
    }
}

fn strs(v: &Json, key: &str) -> Vec<String> {
    a(v, key)
        .iter()
        .map(|x| match x {
            Json::Str(s) => s.clone(),
            other => panic!("{key} holds {other:?}"),
        })
        .collect()
}

/// The granted policy's fields of the first vendor.
fn fields(c: &Config) -> Vec<Json> {
    let v = json(c);
    let m = a(&v, "vendors")[0].get("minimization").unwrap().clone();
    a(m.get("granted").unwrap(), "fields").to_vec()
}

fn summary_of(c: &Config, pattern: &str) -> String {
    fields(c)
        .iter()
        .find(|f| s(f, "pattern") == pattern)
        .map(|f| s(f, "summary").to_string())
        .unwrap_or_else(|| panic!("no field {pattern}"))
}

#[test]
fn every_action_in_the_table_has_plain_words_and_is_described_by_name() {
    assert_eq!(
        ACTION_WORDS.len(),
        ACTIONS.len(),
        "one row per action, no extra"
    );
    for action in ACTIONS {
        let words = action_words(action.name)
            .unwrap_or_else(|| panic!("action {:?} has no plain words", action.name));
        assert!(!words.trim().is_empty(), "{}", action.name);
        // A rule naming the action (generalize needs its required `to`).
        let rule = match action.name {
            "generalize" => r#"{"action":"generalize","to":"year"}"#.to_string(),
            n => format!(r#""{n}""#),
        };
        let c = one(&format!(r#"{{"fields":{{"f":{rule}}}}}"#));
        let f = &fields(&c)[0];
        assert_eq!(s(f, "action"), action.name);
        assert!(
            s(f, "words").starts_with(words),
            "{}: {:?} does not start with {words:?}",
            action.name,
            s(f, "words")
        );
    }
}

#[test]
fn json_lists_each_vendor_with_purposes_in_english_and_where_its_data_goes() {
    let c = config(
        r#"[{"id":"ga","name":"Google Analytics","purposes":["analytics","marketing"],
             "hosts":["www.google-analytics.com"],"paths":["/g/collect*"],"cookies":["_ga*"],
             "storageKeys":["ga-id"],"retention":"14 months","privacyPolicyUrl":"https://policies.google.com/privacy"},
            {"id":"old","name":"Old Ads","purposes":["marketing"],"retired":true}]"#,
    );
    let v = json(&c);
    assert_eq!(s(&v, "schema"), inventory::SCHEMA);
    assert_eq!(s(&v, "policyVersion"), "2026-03");
    assert_eq!(s(&v, "privacyPolicyUrl"), "/privacy");
    let labels: Vec<&str> = a(&v, "purposes").iter().map(|p| s(p, "label")).collect();
    assert_eq!(
        labels,
        ["Necessary", "Analytics", "Marketing"],
        "English labels"
    );
    let vendors = a(&v, "vendors");
    assert_eq!(vendors.len(), 2);
    let ga = &vendors[0];
    assert_eq!((s(ga, "id"), s(ga, "name")), ("ga", "Google Analytics"));
    let purposes: Vec<(&str, &str)> = a(ga, "purposes")
        .iter()
        .map(|p| (s(p, "id"), s(p, "label")))
        .collect();
    assert_eq!(
        purposes,
        [("analytics", "Analytics"), ("marketing", "Marketing")]
    );
    assert_eq!(strs(ga, "hosts"), ["www.google-analytics.com"]);
    assert_eq!(strs(ga, "paths"), ["/g/collect*"]);
    assert_eq!(strs(ga, "cookies"), ["_ga*"]);
    assert_eq!(strs(ga, "storageKeys"), ["ga-id"]);
    assert_eq!(s(ga, "retention"), "14 months");
    assert_eq!(
        s(ga, "privacyPolicyUrl"),
        "https://policies.google.com/privacy"
    );
    assert_eq!(ga.get("retired"), Some(&Json::Bool(false)));
    assert_eq!(ga.get("minimization"), Some(&Json::Null), "no policy: null");
    let old = &vendors[1];
    assert_eq!(old.get("retired"), Some(&Json::Bool(true)));
    assert_eq!(old.get("retention"), Some(&Json::Null));
    assert_eq!(old.get("privacyPolicyUrl"), Some(&Json::Null));
    assert!(strs(old, "hosts").is_empty());
}

#[test]
fn options_say_to_what_a_value_is_truncated_generalized_or_filtered() {
    let c = one(r#"{"fields":{
            "ip":"truncate","t":{"action":"truncate","to":"hour"},"d":{"action":"truncate","to":"day"},
            "n":{"action":"truncate","step":10},"y":{"action":"generalize","to":"year"},
            "age":{"action":"generalize","to":"age","band":5},"zip":{"action":"generalize","to":"zip","digits":2},
            "url":{"action":"url","keep":["utm_*",{"name":"gclid","when":"marketing"}]},
            "bare":"url","email":{"action":"hash","profile":"google.email"},"id":"hmac",
            "k":"keep","raw":{"action":"keep","scan":false},"msg":"redact","x":"drop"}}"#);
    let cases = [
        ("ip", "truncated (IP address to its /24 (IPv4) or /48 (IPv6) network)"),
        ("t", "truncated (to the hour)"),
        ("d", "truncated (to the day)"),
        ("n", "truncated (down to a multiple of 10)"),
        ("y", "generalized (to the year)"),
        ("age", "generalized (to an age band of 5 years)"),
        ("zip", "generalized (to the first 2 digits of the postal code)"),
        (
            "url",
            "URL filtered (query parameters kept: utm_*, gclid (only while Marketing granted); fragment removed)",
        ),
        ("bare", "URL filtered (no query parameters kept; fragment removed)"),
        ("email", "hashed (SHA-256, profile google.email)"),
        ("id", "HMAC'd with the site's key (a pseudonym)"),
        ("k", "kept (after scanning for personal data)"),
        ("raw", "kept (as is, not scanned)"),
        ("msg", "redacted (replaced by \"[redacted]\")"),
        ("x", "dropped"),
    ];
    for (pattern, want) in cases {
        assert_eq!(summary_of(&c, pattern), want, "{pattern}");
    }
}

#[test]
fn mode_detectors_and_found_are_in_words() {
    let v = json(&one(
        r#"{"mode":"allow","detect":["email","ip"],"found":"hash","fields":{"a":"keep"}}"#,
    ));
    let g = a(&v, "vendors")[0]
        .get("minimization")
        .unwrap()
        .get("granted")
        .unwrap()
        .clone();
    assert_eq!(s(&g, "mode"), "allow");
    assert_eq!(s(&g, "unlisted"), "fields not listed are dropped");
    assert_eq!(strs(&g, "detectors"), ["email", "ip"]);
    assert_eq!(s(&g, "found"), "hash");
    let v = json(&one(r#"{"detect":[],"fields":{"a":"keep"}}"#));
    let g = a(&v, "vendors")[0]
        .get("minimization")
        .unwrap()
        .get("granted")
        .unwrap()
        .clone();
    assert_eq!(s(&g, "mode"), "deny");
    assert_eq!(s(&g, "unlisted"), "fields not listed are kept");
    assert!(strs(&g, "detectors").is_empty());
    assert_eq!(
        s(&a(&g, "fields")[0], "words"),
        "kept",
        "no detectors: nothing to scan"
    );
    let v = json(&one(r#"{"fields":{}}"#));
    let g = a(&v, "vendors")[0]
        .get("minimization")
        .unwrap()
        .get("granted")
        .unwrap()
        .clone();
    assert_eq!(
        s(&g, "unlisted"),
        "fields not listed are kept, after scanning for personal data"
    );
    assert_eq!(strs(&g, "detectors").len(), 7, "all seven by default");
}

#[test]
fn when_and_else_say_what_changes_when_a_purpose_is_denied() {
    let c = one(r#"{"fields":{"gclid":{"action":"keep","when":"marketing"},
            "uid":{"action":"hmac","when":["analytics","marketing"],"else":"redact"}}}"#);
    let f = fields(&c);
    assert_eq!(strs(&f[0], "when"), ["marketing"]);
    let otherwise = f[0].get("else").unwrap();
    assert_eq!(
        (s(otherwise, "action"), s(otherwise, "words")),
        ("drop", "dropped")
    );
    assert_eq!(
        s(&f[0], "summary"),
        "kept (after scanning for personal data), only while Marketing is granted; otherwise dropped"
    );
    assert_eq!(s(f[1].get("else").unwrap(), "action"), "redact");
    assert_eq!(
        s(&f[1], "summary"),
        "HMAC'd with the site's key (a pseudonym), only while Analytics and Marketing are granted; otherwise redacted (replaced by \"[redacted]\")"
    );
    let plain = one(r#"{"fields":{"a":"keep"}}"#);
    assert_eq!(fields(&plain)[0].get("else"), Some(&Json::Null));
    assert!(strs(&fields(&plain)[0], "when").is_empty());
}

#[test]
fn denied_is_nothing_sent_or_its_own_policy() {
    for m in [
        r#"{"fields":{"a":"keep"}}"#,
        r#"{"fields":{"a":"keep"},"denied":"drop"}"#,
    ] {
        let v = json(&one(m));
        let min = a(&v, "vendors")[0].get("minimization").unwrap().clone();
        assert_eq!(min.get("described"), Some(&Json::Bool(true)));
        assert_eq!(min.get("denied"), Some(&Json::Null));
        assert_eq!(s(&min, "deniedSummary"), "nothing is sent");
        assert!(inventory::inventory_markdown(&one(m))
            .contains("**While not allowed:** nothing is sent."));
    }
    let c = one(r#"{"fields":{"a":"keep"},"denied":{"mode":"allow","fields":{"event":"keep"}}}"#);
    let v = json(&c);
    let min = a(&v, "vendors")[0].get("minimization").unwrap().clone();
    let d = min.get("denied").unwrap();
    assert_eq!(s(d, "unlisted"), "fields not listed are dropped");
    assert_eq!(s(&a(d, "fields")[0], "pattern"), "event");
    assert_eq!(s(&min, "deniedSummary"), "fields not listed are dropped");
    let md = inventory::inventory_markdown(&c);
    assert!(
        md.contains("**While not allowed** (fields not listed are dropped;"),
        "{md}"
    );
    assert!(!md.contains("nothing is sent"), "{md}");
}

#[test]
fn markdown_names_every_vendor_its_fields_and_escapes_config_text() {
    let c = config(
        r#"[{"id":"ads","name":"Ads | <b>Co</b> *bold*","purposes":["marketing"],"cookies":["_ads_*"],
             "retention":"13 months","privacyPolicyUrl":"https://ads.example/privacy"},
            {"id":"dest","name":"Dest","purposes":["analytics"],"hosts":["d.example"],"paths":["/e/*"],
             "minimize":{"fields":{"user.email":{"action":"hash","profile":"google.email"},"a|b":"drop"}}}]"#,
    );
    let md = inventory::inventory_markdown(&c);
    assert!(
        md.contains("## Ads \\| &lt;b&gt;Co&lt;/b&gt; \\*bold\\* (`ads`)"),
        "{md}"
    );
    assert!(!md.contains("<b>"), "no raw HTML: {md}");
    assert!(md.contains("## Dest (`dest`)"));
    assert!(md.contains("- Purposes: Marketing (`marketing`)"));
    assert!(md.contains("- Cookies: `_ads_*`"));
    assert!(md.contains("- Retention: 13 months"));
    assert!(md.contains(
        "- Privacy policy: [https://ads.example/privacy](<https://ads.example/privacy>)"
    ));
    assert!(md.contains("- Minimization: none"));
    assert!(md.contains("- Paths: `/e/*`"));
    assert!(
        md.contains("| `user.email` | hashed (SHA\u{2d}256, profile google\u{2e}email) |"),
        "{md}"
    );
    assert!(
        md.contains("| `a\\|b` | dropped |"),
        "a pipe in a pattern must not split the row: {md}"
    );
    assert!(md.contains("- Retention: not stated"));
}

#[test]
fn html_is_escaped_and_names_every_vendor() {
    let c = config(
        r#"[{"id":"x","name":"<script>alert(\"x\")</script> & 'co'","purposes":["marketing"],
             "cookies":["<img>"],"retention":"<b>forever</b>","privacyPolicyUrl":"https://x.example/p?a=1&b=2"},
            {"id":"dest","name":"Dest","purposes":["analytics"],
             "minimize":{"fields":{"<i>":"redact"},"denied":{"fields":{"e":"keep"}}}}]"#,
    );
    let html = inventory::inventory_html(&c);
    assert!(html.starts_with("<section class=\"cs-inventory\">"));
    assert!(html.trim_end().ends_with("</section>"));
    for raw in ["<script>", "<img>", "<b>", "<i>", "'co'"] {
        assert!(!html.contains(raw), "{raw} must be escaped:\n{html}");
    }
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"));
    assert!(html.contains("<a href=\"https://x.example/p?a=1&amp;b=2\">"));
    assert!(html.contains(
        "<td><code>&lt;i&gt;</code></td><td>redacted (replaced by &quot;[redacted]&quot;)</td>"
    ));
    assert!(html.contains("<h3>Dest (<code>dest</code>)</h3>"));
    assert!(html.contains("<strong>While not allowed</strong>"));
    // Balanced: every article and table is closed.
    assert_eq!(html.matches("<article").count(), 2);
    assert_eq!(html.matches("</article>").count(), 2);
    assert_eq!(
        html.matches("<table>").count(),
        html.matches("</table>").count()
    );
}

#[test]
fn inventory_is_deterministic_and_follows_config_order() {
    let c = config(
        r#"[{"id":"b","name":"B","purposes":["analytics"]},{"id":"a","name":"A","purposes":["marketing"]}]"#,
    );
    assert_eq!(inventory::inventory_json(&c), inventory::inventory_json(&c));
    let ids: Vec<String> = a(&json(&c), "vendors")
        .iter()
        .map(|v| s(v, "id").to_string())
        .collect();
    assert_eq!(ids, ["b", "a"]);
    let md = inventory::inventory_markdown(&c);
    assert!(md.find("## B").unwrap() < md.find("## A").unwrap());
}

fn shared_rows(c: &Config, lang: &str) -> Vec<(String, Vec<String>)> {
    let t = c.resolve_texts(&[lang.into()]);
    inventory::shared(c, &c.vendors[0], &t)
}

#[test]
fn every_action_has_a_line_in_what_is_shared() {
    assert_eq!(SHARED_KEYS.len(), ACTIONS.len(), "one line per action");
    for action in ACTIONS {
        assert!(
            SHARED_KEYS.iter().any(|(n, _)| *n == action.name),
            "{} has no line in the dialog",
            action.name
        );
    }
}

const DEST: &str = r#"[{"id":"dest","name":"Dest","purposes":["analytics"],"hosts":["d.example"],
    "paths":["/collect"],"cookies":["_d*"],"storageKeys":["d-id"],"retention":"13 months",
    "minimize":{"fields":{"email":"hash","ip":"truncate","page":"keep","secret":"drop",
        "gclid":{"action":"keep","when":"marketing"}},
      "denied":{"mode":"allow","fields":{"event":"keep"}}}}]"#;

#[test]
fn what_is_shared_groups_fields_by_what_happens_to_them_while_allowed_and_not() {
    let rows = shared_rows(&config(DEST), "en");
    let row = |term: &str| {
        rows.iter()
            .find(|(t, _)| t == term)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| panic!("no {term:?} in {rows:?}"))
    };
    assert_eq!(row("Sent to"), ["d.example, /collect"]);
    assert_eq!(row("Stored on your device"), ["_d*, d-id"]);
    assert_eq!(row("Kept for"), ["13 months"]);
    assert_eq!(
        row("While allowed"),
        [
            "Sent: page, gclid (with Marketing)",
            "Sent as a hash: email",
            "Sent shortened: ip",
            "Never sent: secret, gclid (without Marketing)",
            "Anything else is sent once personal data such as email addresses is taken out.",
        ]
    );
    assert_eq!(
        row("While not allowed"),
        ["Sent: event", "Anything else is never sent."]
    );
    assert_eq!(rows.len(), 5);
}

#[test]
fn what_is_shared_without_a_policy_or_when_always_on() {
    let c = config(
        r#"[{"id":"t","name":"T","purposes":["analytics"],"hosts":["t.example"]},
            {"id":"cdn","name":"CDN","purposes":["necessary"]}]"#,
    );
    let t = c.resolve_texts(&["en".into()]);
    assert_eq!(
        inventory::shared(&c, &c.vendors[0], &t),
        [
            ("Sent to".to_string(), vec!["t.example".to_string()]),
            (
                "While allowed".to_string(),
                vec!["What its tags collect, as they collect it.".to_string()]
            ),
            (
                "While not allowed".to_string(),
                vec!["Nothing is sent.".to_string()]
            ),
        ]
    );
    // A vendor of required purposes only is never off: no "while not allowed".
    let cdn = inventory::shared(&c, &c.vendors[1], &t);
    assert_eq!(cdn.len(), 1, "{cdn:?}");
    assert_eq!(cdn[0].0, "While allowed");
}

#[test]
fn what_is_shared_is_in_the_visitors_language() {
    let de = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/js/lang/de.json"))
        .expect("the bundled German texts");
    let json = format!(
        r#"{{"policyVersion":"1","purposes":{PURPOSES},"texts":{{"de":{de}}},"vendors":{DEST}}}"#
    );
    let c = Config::from_json(&json).unwrap_or_else(|e| panic!("{}: {}", e.path, e.reason));
    let rows = shared_rows(&c, "de");
    let terms: Vec<&str> = rows.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        terms,
        [
            "Gesendet an",
            "Auf Ihrem Gerät gespeichert",
            "Aufbewahrt für",
            "Solange erlaubt",
            "Solange nicht erlaubt"
        ]
    );
    assert_eq!(rows[3].1[0], "Gesendet: page, gclid (mit Marketing)");
    assert_eq!(rows[3].1[3], "Nie gesendet: secret, gclid (ohne Marketing)");
}
