//! Sensitive data that a section's law asks consent for is never granted by default (the IAB cores):
//! in opt-out mode a purpose whose `sensitive` names a consent section (every US section but usca,
//! usut and usia) is denied until the visitor turns it on, whatever Global Privacy Control says; then
//! the consent sections write SensitiveDataProcessing 2 (consent) for it, since the grant can only be
//! the visitor's. See core::consent::Machine::purposes and core::gpp::signal::sensitive.
use consent_sieve::core::consent::{Choice, Decision, Record, RecordProblem, Restore};
use consent_sieve::core::gpp::{self, Section};
use consent_sieve::core::json::Json;
use consent_sieve::core::signals::{outputs, Moment};
use consent_sieve::core::{consent_mode, Config, Machine, Source};

/// 2026-11-22T00:04:05.123Z
const NOW: u64 = 1_795_305_845_123;
const R: [u8; 16] = [9; 16];

/// `ads` (a sale), `health` (usnat 3, usca 8: consent in usnat), `precise` (usca 1 only: an
/// opt-out), `stats` (nothing sensitive); a vendor per purpose; Consent Mode maps
/// personalization_storage to health and analytics_storage to stats.
fn config(mode: &str) -> Config {
    Config::from_json(&format!(
        r#"{{"policyVersion":"1","mode":"{mode}","purposes":[
            {{"id":"necessary","required":true,"label":"N"}},
            {{"id":"ads","label":"Ads","sale":true}},
            {{"id":"health","label":"Health","sensitive":{{"usnat":[3],"usca":[8]}}}},
            {{"id":"precise","label":"Geo","sensitive":{{"usca":[1]}}}},
            {{"id":"stats","label":"Stats"}}],
          "vendors":[
            {{"id":"adx","name":"X","purposes":["ads"]}},
            {{"id":"care","name":"C","purposes":["health"]}},
            {{"id":"map","name":"M","purposes":["precise"]}},
            {{"id":"count","name":"S","purposes":["stats"]}}],
          "consentMode":{{"types":{{"personalization_storage":["health"],"analytics_storage":["stats"]}}}},
          "gpp":{{"sections":["usnat","usca"]}}}}"#
    ))
    .unwrap()
}

fn purposes(m: &Machine) -> Vec<(&'static str, bool)> {
    let s = m.state();
    ["necessary", "ads", "health", "precise", "stats"]
        .into_iter()
        .map(|id| (id, s.purposes.get(id) == Some(&true)))
        .collect()
}

/// usnat's and usca's SensitiveDataProcessing, decoded from the signal's GPP string.
fn sensitive(m: &Machine) -> (Vec<u8>, Vec<u8>) {
    let Json::Arr(list) = Json::parse(&outputs(m, Moment::Update)).unwrap() else {
        panic!()
    };
    let gpp_out = list
        .into_iter()
        .find_map(|pair| match pair {
            Json::Arr(p) if p.first() == Some(&Json::Str("gpp".into())) => p.into_iter().nth(1),
            _ => None,
        })
        .expect("the gpp signal");
    let Some(Json::Str(s)) = gpp_out.get("gppString") else {
        panic!()
    };
    let g = gpp::decode(s).unwrap();
    let field = |id: u16| {
        g.sections
            .iter()
            .find_map(|s| match s {
                Section::Us(u) if u.id == id => {
                    u.get("SensitiveDataProcessing").map(<[u8]>::to_vec)
                }
                _ => None,
            })
            .unwrap()
    };
    (field(7), field(8))
}

/// usnat category 3 (health), usca category 8 (health) and 1 (precise).
fn health_and_precise(m: &Machine) -> (u8, u8, u8) {
    let (nat, ca) = sensitive(m);
    (nat[2], ca[7], ca[0])
}

fn choose(m: &mut Machine, json: &str, source: Source) {
    m.save(&Choice::from_json(json).unwrap(), source, NOW, R)
        .unwrap();
}

#[test]
fn opt_out_mode_denies_a_purpose_needing_consent_for_sensitive_data_until_the_visitor_grants_it() {
    let mut m = Machine::new(config("opt-out"));
    assert_eq!(
        purposes(&m),
        [
            ("necessary", true),
            ("ads", true),
            ("health", false),
            ("precise", true),
            ("stats", true)
        ],
        "health needs consent (usnat); precise is sensitive only under usca, an opt-out"
    );
    assert!(!m.granted("health"));
    let st = m.state();
    assert_eq!(st.vendors.get("care"), Some(&false), "its vendor is held");
    assert_eq!(st.vendors.get("map"), Some(&true));
    assert!(m.needs_prompt(), "the banner asks");
    // No consent (1) in usnat; not processed under the usca opt-out (1, opted out) while denied;
    // precise did not opt out (2).
    assert_eq!(health_and_precise(&m), (1, 1, 2));

    // The visitor turns it on: consent (2), stored as the visitor's.
    choose(&mut m, r#"{"purposes":{"health":true}}"#, Source::Banner);
    assert!(m.granted("health"));
    assert_eq!(m.state().vendors.get("care"), Some(&true));
    assert_eq!(health_and_precise(&m), (2, 2, 2));

    // A save that does not name it keeps the default: denied, 1.
    let mut m = Machine::new(config("opt-out"));
    choose(&mut m, r#"{"purposes":{"stats":false}}"#, Source::Banner);
    assert_eq!(m.decision().unwrap().purposes.get("health"), Some(&false));
    assert_eq!(health_and_precise(&m), (1, 1, 2));
}

#[test]
fn mode_auto_resolving_to_opt_out_denies_it_too_and_opt_in_mode_is_unchanged() {
    let mut c = Config::from_json(
        r#"{"policyVersion":"1","mode":"auto","purposes":[
            {"id":"ads","label":"Ads","sale":true},
            {"id":"health","label":"Health","sensitive":{"usva":[3]}}],
          "gpp":{"sections":["usva"]}}"#,
    )
    .unwrap();
    c.apply_mode_hint(Some("opt-out"));
    let m = Machine::new(c);
    let s = m.state();
    assert_eq!(
        (s.purposes.get("ads"), s.purposes.get("health")),
        (Some(&true), Some(&false))
    );
    let m = Machine::new(config("opt-in"));
    assert!(
        purposes(&m)[1..].iter().all(|(_, on)| !on),
        "opt-in: nothing optional"
    );
    assert_eq!(health_and_precise(&m), (1, 1, 1));
}

#[test]
fn accept_all_grants_it_opt_out_of_all_and_the_opt_out_link_keep_it_denied() {
    let mut m = Machine::new(config("opt-out"));
    m.accept_all(Source::Banner, NOW, R);
    assert!(m.granted("health"));
    assert_eq!(health_and_precise(&m), (2, 2, 2));
    // "Opt out of all" (reject_all) withdraws it: no consent again.
    m.reject_all(Source::Banner, NOW, R);
    assert!(!m.granted("health"));
    assert_eq!(health_and_precise(&m), (1, 1, 1));

    // The "Do Not Sell or Share" link on the defaults: ads off, health still off (never granted).
    let mut m = Machine::new(config("opt-out"));
    m.opt_out_of_sale(NOW, R);
    assert_eq!(
        purposes(&m),
        [
            ("necessary", true),
            ("ads", false),
            ("health", false),
            ("precise", true),
            ("stats", true)
        ]
    );
    assert_eq!(health_and_precise(&m), (1, 1, 2));
    // A grant the visitor made stays through the link (it refuses sales, and health is none).
    choose(&mut m, r#"{"purposes":{"health":true}}"#, Source::Banner);
    m.opt_out_of_sale(NOW, R);
    assert!(m.granted("health") && !m.granted("ads"));
    assert_eq!(health_and_precise(&m), (2, 2, 2));

    // acceptAll() from the site's code (source api) is a decision too.
    let mut m = Machine::new(config("opt-out"));
    m.accept_all(Source::Api, NOW, R);
    assert_eq!(health_and_precise(&m), (2, 2, 2));
}

#[test]
fn global_privacy_control_keeps_it_denied_and_never_claims_consent() {
    let mut m = Machine::new(config("opt-out"));
    m.set_gpc(true);
    assert!(
        !m.granted("health"),
        "denied before the signal becomes the choice"
    );
    let d = m.honour_gpc(NOW, R).expect("the signal is the choice");
    assert_eq!(d.source, Source::Gpc);
    assert_eq!(d.purposes.get("health"), Some(&false));
    assert_eq!(
        d.purposes.get("ads"),
        Some(&false),
        "the sale purpose is refused"
    );
    assert_eq!(d.purposes.get("stats"), Some(&true));
    assert_eq!(health_and_precise(&m), (1, 1, 2));
    // The visitor can still grant it on top of the signal's choice.
    choose(&mut m, r#"{"purposes":{"health":true}}"#, Source::Banner);
    assert_eq!(health_and_precise(&m), (2, 2, 2));
}

/// A record whose purposes are `grants`, with `source`, as the SDK stores it.
fn record(config: &Config, source: Source, grants: &[(&str, bool)]) -> String {
    old_record(config, source, grants, false)
}

/// The same; `before_rule`: as a core stored it before purposes were held back for sensitive-data
/// consent (or before the site marked the purpose `sensitive`): no `sd` in the record.
fn old_record(
    config: &Config,
    source: Source,
    grants: &[(&str, bool)],
    before_rule: bool,
) -> String {
    let mut m = Machine::new(config.clone());
    m.reject_all(Source::Banner, NOW, R);
    let mut d: Decision = m.decision().unwrap().clone();
    d.source = source;
    for (id, on) in grants {
        d.purposes.insert((*id).into(), *on);
    }
    if before_rule {
        d.held = Default::default();
    }
    Record::from_decision(&d).to_json()
}

#[test]
fn a_stored_grant_is_consent_only_when_the_visitor_made_it() {
    let c = config("opt-out");
    // The visitor's stored grant (banner, api) is consent on the next page.
    for source in [Source::Banner, Source::Api] {
        let mut m = Machine::new(c.clone());
        let text = record(&c, source, &[("health", true), ("precise", true)]);
        assert_eq!(m.restore(Some(&text), NOW + 1), Restore::Valid);
        assert!(m.granted("health"));
        assert_eq!(health_and_precise(&m), (2, 2, 2), "{source:?}");
    }
    // A stored refusal stays a refusal.
    let mut m = Machine::new(c.clone());
    let text = record(&c, Source::Banner, &[("precise", true)]);
    assert_eq!(m.restore(Some(&text), NOW + 1), Restore::Valid);
    assert_eq!(health_and_precise(&m), (1, 1, 2));
    // A record from before the rule (no `sd`) that grants it took that grant from the opt-out
    // defaults, whatever its source: a GPC choice, "Do Not Sell" or an "Always allow" (banner), the
    // site's update() (api). No choice of the visitor's: asked again.
    for source in [Source::Gpc, Source::Banner, Source::Api] {
        let mut m = Machine::new(c.clone());
        let text = old_record(&c, source, &[("health", true), ("stats", true)], true);
        assert!(!text.contains("\"sd\""), "{text}");
        assert_eq!(
            m.restore(Some(&text), NOW + 1),
            Restore::Rejected(RecordProblem::Outdated),
            "{source:?}"
        );
        assert!(!m.granted("health"));
    }
    // Such an old record that leaves it denied is still a choice.
    let mut m = Machine::new(c.clone());
    let text = old_record(&c, Source::Banner, &[("stats", true)], true);
    assert_eq!(m.restore(Some(&text), NOW + 1), Restore::Valid);
    // A record made now says which purposes were held back, so the visitor's own grant survives.
    let text = record(&c, Source::Banner, &[("health", true)]);
    assert!(text.contains("\"sd\":{\"health\":true}"), "{text}");
    // A GPC record that leaves it denied (the current rule) is restored, and claims no consent.
    let mut m = Machine::new(c.clone());
    let text = record(&c, Source::Gpc, &[("stats", true), ("precise", true)]);
    assert_eq!(m.restore(Some(&text), NOW + 1), Restore::Valid);
    assert_eq!(health_and_precise(&m), (1, 1, 2));
    // A purpose sensitive only under an opt-out section may be granted by a gpc record.
    assert!(m.granted("precise"));
}

#[test]
fn consent_mode_says_denied_for_a_type_mapped_to_it_until_the_visitor_grants_it() {
    let types = |m: &Machine, kind: &str| {
        let out = Json::parse(&consent_mode::commands(m, kind).unwrap()).unwrap();
        let Some(Json::Arr(cmds)) = out.get("commands") else {
            panic!()
        };
        let Some(Json::Arr(first)) = cmds.first() else {
            panic!("{kind}: no command")
        };
        let t = &first[2];
        let get = |k: &str| match t.get(k) {
            Some(Json::Str(s)) => s.clone(),
            _ => panic!(),
        };
        (get("personalization_storage"), get("analytics_storage"))
    };
    let mut m = Machine::new(config("opt-out"));
    let d = |s: &str| s.to_string();
    // The default command (and its twin in js/early.js) denies every optional purpose's type in
    // either mode; the load update in opt-out mode grants stats, and keeps health denied.
    assert_eq!(types(&m, "default"), (d("denied"), d("denied")));
    assert_eq!(types(&m, "load"), (d("denied"), d("granted")));
    choose(&mut m, r#"{"purposes":{"health":true}}"#, Source::Banner);
    assert_eq!(types(&m, "update"), (d("granted"), d("granted")));
}
