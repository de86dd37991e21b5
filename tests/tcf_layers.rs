//! The TCF layers (core::tcf::layers) built from the fixture GVL and a config: what the first layer
//! counts and names, what the dialog lists per purpose and per vendor, and the choices beyond consent
//! (legitimate interest with its objections, special features) as they reach the TC string and the
//! stored record.
#![cfg(feature = "iab")]
use consent_sieve::core::consent::{Choice, Restore, TcfChoice};
use consent_sieve::core::map::Map;
use consent_sieve::core::tcf::gvl::{self, Gvl};
use consent_sieve::core::tcf::layers::Layers;
use consent_sieve::core::tcf::{self, signal};
use consent_sieve::core::{Config, Machine, Source};

const FIXTURE: &str = include_str!("fixtures/gvl.json");
const NOW: u64 = 1_795_305_845_123;
const R: [u8; 16] = [9; 16];

/// stats (10: consent 1,7,8,9; LI 10), ads (32: consent 1,2,3,4,7; special feature 1), video (4:
/// special purposes only), old (52, deleted), gone (77, unlisted), cdn (no GVL id).
fn config(tcf_extra: &str) -> Config {
    Config::from_json(&format!(
        r#"{{"policyVersion":"1","purposes":[
            {{"id":"necessary","required":true,"label":"N"}},
            {{"id":"analytics","label":"Analytics","tcfPurposes":[7,8,9]}},
            {{"id":"marketing","label":"Marketing","tcfPurposes":[1,2,3,4]}}],
          "vendors":[
            {{"id":"stats","name":"S","purposes":["analytics"],"gvlId":10}},
            {{"id":"ads","name":"A","purposes":["marketing"],"gvlId":32}},
            {{"id":"video","name":"V","purposes":["marketing"],"gvlId":4}},
            {{"id":"old","name":"O","purposes":["marketing"],"gvlId":52}},
            {{"id":"gone","name":"G","purposes":["marketing"],"gvlId":77}},
            {{"id":"cdn","name":"C","purposes":["necessary"]}}],
          "tcf":{{"cmpId":300,"cmpVersion":4,"gvlUrl":"/gvl.json"{tcf_extra}}}}}"#
    ))
    .unwrap()
}

const LI: &str = r#","legIntPurposes":[7,10]"#;

fn machine(c: Config) -> Machine {
    let g = Gvl::parse(FIXTURE, &gvl::wanted(&c)).unwrap();
    let mut m = Machine::new(c);
    m.set_gvl(g);
    m
}

fn decoded(m: &Machine) -> tcf::TcString {
    let t = m.config().tcf.clone().unwrap();
    tcf::decode(&signal::tc_string(m, &t).unwrap()).unwrap()
}

fn bits(mask: u32) -> Vec<u8> {
    (1..=24u8).filter(|i| mask >> (i - 1) & 1 == 1).collect()
}

fn map(pairs: &[(&str, bool)]) -> Map<bool> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn the_layers_list_what_the_disclosed_vendors_declare() {
    let c = config(&format!(r#"{LI},"stacks":[42,7]"#));
    let g = Gvl::parse(FIXTURE, &gvl::wanted(&c)).unwrap();
    let l = Layers::build(&c, &g, &TcfChoice::default(), "de");
    // 52 is deleted, 77 unlisted, cdn has no GVL id: three partners.
    assert_eq!(l.vendor_count, 3);
    let ids: Vec<u16> = l.vendors.iter().map(|v| v.gvl.id).collect();
    assert_eq!(ids, [10, 32, 4], "config order");
    let purposes: Vec<(u8, Vec<&str>, Option<bool>, bool)> = l
        .purposes
        .iter()
        .map(|p| (p.item.id, p.site_purposes.clone(), p.li, p.in_stack))
        .collect();
    assert_eq!(
        purposes,
        [
            (1, vec!["marketing"], None, false),
            (2, vec!["marketing"], None, true),
            (3, vec!["marketing"], None, true),
            (4, vec!["marketing"], None, true),
            (7, vec!["analytics"], None, true),
            (8, vec!["analytics"], None, false),
            (9, vec!["analytics"], None, false),
            // LI is established for 10 (stats declares it); 7 is allowed but nobody claims LI on it.
            (10, vec![], Some(true), false),
        ]
    );
    let names = |items: &[&gvl::Item]| items.iter().map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(names(&l.special_purposes), [1, 2, 3]);
    assert_eq!(names(&l.features), [1, 2, 3]);
    assert_eq!(
        l.special_features
            .iter()
            .map(|(f, on)| (f.id, *on))
            .collect::<Vec<_>>(),
        [(1, false)],
        "only what a vendor declares, off until opted in"
    );
    // Stack 7 is not in the GVL: dropped. The first layer names stack 42, then what it does not cover.
    assert_eq!(l.stacks.len(), 1);
    assert_eq!(
        l.first_layer(),
        [
            "Personalised advertising and its measurement",
            "Store and/or access information on a device",
            "Measure content performance",
            "Understand audiences through statistics or combinations of data from different sources",
            "Develop and improve services",
            "Use precise geolocation data",
        ]
    );
}

#[test]
fn each_vendor_row_has_its_purposes_retention_categories_urls_and_storage() {
    let c = config(LI);
    let g = Gvl::parse(FIXTURE, &gvl::wanted(&c)).unwrap();
    let mut choice = TcfChoice::default();
    choice.li_vendors.insert("stats".into(), false);
    let l = Layers::build(&c, &g, &choice, "de");
    let ids = |items: &[&gvl::Item]| items.iter().map(|i| i.id).collect::<Vec<_>>();
    let stats = &l.vendors[0];
    assert_eq!(
        (stats.id, ids(&stats.consent), ids(&stats.li)),
        ("stats", vec![1, 7, 8, 9], vec![10])
    );
    assert!(stats.objected);
    assert_eq!(
        stats.data_categories,
        ["IP addresses", "Browsing and interaction data"]
    );
    let retention: Vec<(u8, u32)> = stats.retention.iter().map(|(i, d)| (i.id, *d)).collect();
    assert_eq!(
        retention,
        [(1, 395), (7, 30), (8, 395), (9, 395), (10, 395), (1, 395)]
    );
    // German page: the German URLs.
    assert_eq!(stats.privacy, Some("https://stats.example/de/privacy"));
    assert_eq!(stats.leg_int_claim, Some("https://stats.example/de/legint"));
    assert_eq!(
        stats.cookie_days,
        Some(396),
        "34164000 s, rounded up to days"
    );
    let ads = &l.vendors[1];
    assert_eq!(
        (ids(&ads.li), ids(&ads.special_features)),
        (vec![], vec![1])
    );
    assert!(!ads.objected);
    assert_eq!(
        (ads.privacy, ads.leg_int_claim),
        (Some("https://ads.example/privacy"), None)
    );
    assert_eq!(ads.cookie_days, None, "no cookies");
    let video = &l.vendors[2];
    assert_eq!(video.cookie_days, Some(0), "session cookies");
    assert_eq!(ids(&video.special_purposes), [1, 2]);
    let r: Vec<(u8, u32)> = video.retention.iter().map(|(i, d)| (i.id, *d)).collect();
    assert_eq!(
        r,
        [(1, 90), (2, 30)],
        "the special purpose's own period, else the standard one"
    );
    // Another language without URLs of its own: English.
    let fr = Layers::build(&c, &g, &choice, "fr");
    assert_eq!(fr.vendors[0].privacy, Some("https://stats.example/privacy"));
}

#[test]
fn legitimate_interest_is_signalled_where_established_and_not_objected() {
    let mut m = machine(config(LI));
    m.accept_all(Source::Banner, NOW, R);
    let tc = decoded(&m);
    assert_eq!(
        bits(tc.purposes_li),
        [10],
        "7 is allowed, but no vendor claims it"
    );
    assert_eq!(tc.vendor_li, [10]);
    assert_eq!(
        tc.special_feature_opt_ins, 0b1,
        "Accept all opts in to the shown special feature"
    );

    // The dialog: object to stats' legitimate interest, opt out of geolocation.
    let choice = Choice {
        tcf: Some(TcfChoice {
            li_purposes: map(&[("10", true)]),
            li_vendors: map(&[("stats", false)]),
            special_features: Map::new(),
        }),
        ..Choice::default()
    };
    m.save(&choice, Source::Banner, NOW, R).unwrap();
    let tc = decoded(&m);
    assert_eq!(
        (bits(tc.purposes_li), tc.vendor_li.clone()),
        (vec![10], vec![])
    );
    assert_eq!(tc.special_feature_opt_ins, 0);
    // Objecting for the purpose clears the vendors relying on it too.
    let choice = Choice {
        tcf: Some(TcfChoice {
            li_purposes: map(&[("10", false)]),
            li_vendors: Map::new(),
            special_features: map(&[("1", true), ("2", true)]),
        }),
        ..Choice::default()
    };
    m.save(&choice, Source::Banner, NOW, R).unwrap();
    let tc = decoded(&m);
    assert_eq!(
        (bits(tc.purposes_li), tc.vendor_li.clone()),
        (vec![], vec![])
    );
    assert_eq!(
        tc.special_feature_opt_ins, 0b1,
        "2 is not shown, so it cannot be opted in"
    );
    // update() has no TCF fields: it keeps the TCF choice in force.
    m.save(&Choice::default(), Source::Api, NOW, R).unwrap();
    assert_eq!(decoded(&m).special_feature_opt_ins, 0b1);

    // Reject all: no consent, objects to every legitimate interest, no special feature.
    m.reject_all(Source::Banner, NOW, R);
    let tc = decoded(&m);
    assert_eq!(
        (
            tc.purposes_consent,
            tc.purposes_li,
            tc.special_feature_opt_ins
        ),
        (0, 0, 0)
    );
    assert_eq!((tc.vendor_consents.len(), tc.vendor_li.len()), (0, 0));
}

#[test]
fn without_leg_int_purposes_nothing_but_consent_and_opt_ins_is_signalled() {
    let mut m = machine(config(""));
    m.accept_all(Source::Banner, NOW, R);
    let tc = decoded(&m);
    assert_eq!((tc.purposes_li, tc.vendor_li.len()), (0, 0));
    assert_eq!(tc.special_feature_opt_ins, 1);
    let data = signal::tc_data(&m, m.config().tcf.as_ref().unwrap());
    assert!(data.contains(r#""legitimateInterests":{}"#), "{data}");
    assert!(
        data.contains(r#""specialFeatureOptins":{"1":true}"#),
        "{data}"
    );
}

#[test]
fn the_choice_is_stored_and_read_back_and_older_records_stay_readable() {
    let c = config(LI);
    let mut m = machine(c.clone());
    let choice = Choice {
        tcf: Some(TcfChoice {
            li_purposes: map(&[("10", true)]),
            li_vendors: map(&[("stats", false), ("nobody", false)]),
            special_features: map(&[("1", true)]),
        }),
        ..Choice::default()
    };
    m.save(&choice, Source::Banner, NOW, R).unwrap();
    let record = m.record_json().unwrap();
    assert!(
        record.contains(r#""tl":{"7":false,"10":true},"tv":{"stats":false},"ts":{"1":true}"#),
        "{record}"
    );
    let mut again = machine(c.clone());
    assert_eq!(again.restore(Some(&record), NOW + 1), Restore::Valid);
    assert_eq!(again.tcf_choice(), m.tcf_choice());
    assert_eq!(decoded(&again), decoded(&m));
    // An edit of the new fields breaks the checksum.
    let edited = record.replace(r#""ts":{"1":true}"#, r#""ts":{"1":false}"#);
    assert!(matches!(
        again.restore(Some(&edited), NOW + 1),
        Restore::Rejected(_)
    ));

    // A record without the TCF fields (before legitimate interest and special features) under a
    // config without legIntPurposes: still the same choice, no objection, no opt-in.
    let plain = config("");
    let mut old = machine(plain.clone());
    old.accept_all(Source::Banner, NOW, R);
    let mut d = old.decision().unwrap().clone();
    d.tcf = TcfChoice::default();
    let reparsed = consent_sieve::core::consent::Record::from_decision(&d).to_json();
    let mut m2 = machine(plain);
    assert!(
        !reparsed.contains("\"tl\"") && !reparsed.contains("\"ts\""),
        "{reparsed}"
    );
    assert_eq!(m2.restore(Some(&reparsed), NOW + 1), Restore::Valid);
    assert_eq!(m2.tcf_choice(), TcfChoice::default());
    assert_eq!(decoded(&m2).special_feature_opt_ins, 0);
    // The same record under a config that now puts purposes on legitimate interest: never
    // disclosed to this person, so the banner asks again.
    let mut m3 = machine(c);
    assert!(matches!(
        m3.restore(Some(&reparsed), NOW + 1),
        Restore::Rejected(_)
    ));
}

#[test]
fn leg_int_purposes_refuses_purposes_that_cannot_rest_on_legitimate_interest() {
    for (extra, path) in [
        (r#","legIntPurposes":[2,3]"#, "tcf.legIntPurposes[1]"),
        (r#","legIntPurposes":[1]"#, "tcf.legIntPurposes[0]"),
        (r#","stacks":[0]"#, "tcf.stacks[0]"),
        (r#","stacks":[3,3]"#, "tcf.stacks[1]"),
    ] {
        let json = format!(
            r#"{{"policyVersion":"1","purposes":[{{"id":"a","label":"A"}}],"tcf":{{"cmpId":300,"cmpVersion":1,"gvlUrl":"/g.json"{extra}}}}}"#
        );
        let e = Config::from_json(&json).unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            ("config.invalid_value", path),
            "{extra}"
        );
    }
}
