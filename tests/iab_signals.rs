//! The TCF and GPP signals (core::tcf::signal, core::gpp::signal): each output, decoded with our
//! decoders, says exactly the state's choices; time comes from the decision, never a clock.
use consent_sieve::core::consent::Choice;
use consent_sieve::core::gpp::{self, Section};
use consent_sieve::core::json::Json;
use consent_sieve::core::signals::{outputs, Moment};
use consent_sieve::core::tcf;
use consent_sieve::core::{Config, Machine, Source};

/// 2026-11-22T00:04:05.123Z
const NOW: u64 = 1_795_305_845_123;
const DAY_DS: u64 = 17_953_056_000; // 2026-11-22T00:00Z in deciseconds
const R: [u8; 16] = [7; 16];

/// analytics (TCF 7, 8, 9), ads (sale; TCF 1, 2, 3, 4) and profile (TCF 1, 3): TCF purpose 1 and 3
/// need both ads and profile. Vendors: ga (755, analytics), adx (32, ads), cdn (no GVL id).
fn config(mode: &str, extra: &str) -> Config {
    Config::from_json(&format!(
        r#"{{"policyVersion":"1","mode":"{mode}","purposes":[
            {{"id":"necessary","required":true,"label":"N"}},
            {{"id":"analytics","label":"A","tcfPurposes":[7,8,9]}},
            {{"id":"ads","label":"M","sale":true,"tcfPurposes":[1,2,3,4]}},
            {{"id":"profile","label":"P","tcfPurposes":[1,3]}}],
          "vendors":[
            {{"id":"ga","name":"G","purposes":["analytics"],"gvlId":755}},
            {{"id":"adx","name":"X","purposes":["ads"],"gvlId":32}},
            {{"id":"cdn","name":"C","purposes":["necessary"]}}],
          "tcf":{{"cmpId":300,"cmpVersion":4,"vendorListVersion":120,"publisherCC":"DE","consentScreen":2}},
          "gpp":{{"sections":["usnat","usca"]}}{extra}}}"#
    ))
    .unwrap()
}

/// The outputs of every signal at `moment`, by name.
fn signals(m: &Machine, moment: Moment) -> Vec<(String, Json)> {
    let Json::Arr(list) = Json::parse(&outputs(m, moment)).unwrap() else {
        panic!("not an array")
    };
    list.into_iter()
        .map(|pair| {
            let Json::Arr(mut p) = pair else { panic!() };
            let out = p.pop().unwrap();
            let Json::Str(name) = p.pop().unwrap() else {
                panic!()
            };
            (name, out)
        })
        .collect()
}

fn signal(m: &Machine, name: &str, moment: Moment) -> Option<Json> {
    signals(m, moment)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|s| s.1)
}

fn at<'a>(j: &'a Json, path: &str) -> &'a Json {
    path.split('.').fold(j, |j, k| {
        j.get(k).unwrap_or_else(|| panic!("{path}: no {k}"))
    })
}

fn ids(mask: u32) -> Vec<u8> {
    (1..=24).filter(|i| mask >> (i - 1) & 1 == 1).collect()
}

fn decoded(tc: &Json) -> tcf::TcString {
    let Json::Str(s) = at(tc, "tcString") else {
        panic!("tcString is no string")
    };
    tcf::decode(s).unwrap()
}

#[test]
fn the_tc_string_says_the_choice_dated_by_the_decision() {
    let mut m = Machine::new(config("opt-in", ""));
    m.set_language("de");
    m.save(
        &Choice::from_json(r#"{"purposes":{"analytics":true,"ads":true}}"#).unwrap(),
        Source::Banner,
        NOW,
        R,
    )
    .unwrap();
    let out = signal(&m, "tcf", Moment::Update).expect("tcf speaks on update");
    let tc = decoded(&out);
    assert_eq!(
        ids(tc.purposes_consent),
        [2, 4, 7, 8, 9],
        "1 and 3 need profile too"
    );
    assert_eq!(tc.purposes_li, 0);
    assert_eq!(tc.vendor_consents, [32, 755]);
    assert!(tc.vendor_li.is_empty());
    assert_eq!(tc.disclosed_vendors, Some(vec![32, 755]));
    assert_eq!((tc.cmp_id, tc.cmp_version, tc.consent_screen), (300, 4, 2));
    assert_eq!(tc.vendor_list_version, 120);
    assert_eq!((&tc.consent_language, &tc.publisher_cc), (b"DE", b"DE"));
    assert_eq!((tc.created, tc.last_updated), (DAY_DS, DAY_DS));
    assert_eq!((tc.policy_version, tc.is_service_specific), (5, true));
    // The TCData beside the string says the same.
    assert_eq!(at(&out, "gdprApplies"), &Json::Bool(true));
    assert_eq!(
        at(&out, "purpose.consents").to_text(),
        r#"{"1":false,"2":true,"3":false,"4":true,"7":true,"8":true,"9":true}"#
    );
    assert_eq!(
        at(&out, "vendor.consents").to_text(),
        r#"{"32":true,"755":true}"#
    );
    assert_eq!(
        at(&out, "vendor.disclosedVendors").to_text(),
        r#"{"32":true,"755":true}"#
    );
    assert_eq!(at(&out, "publisherCC"), &Json::Str("DE".into()));
    assert_eq!(at(&out, "cmpId"), &Json::Int(300));
    assert_eq!(at(&out, "tcfPolicyVersion"), &Json::Int(5));
    assert_eq!(at(&out, "purpose.legitimateInterests").to_text(), "{}");
    assert_eq!(at(&out, "publisher.restrictions").to_text(), "{}");

    // Reject all: nothing consented, every GVL vendor still disclosed; the same day, whatever the clock.
    m.reject_all(Source::Banner, NOW + 3_600_000, R);
    let out = signal(&m, "tcf", Moment::Update).unwrap();
    let tc = decoded(&out);
    assert_eq!((tc.purposes_consent, tc.vendor_consents.len()), (0, 0));
    assert_eq!(tc.disclosed_vendors, Some(vec![32, 755]));
    assert_eq!(tc.created, DAY_DS);
    // Accept all: every listed TCF purpose, both vendors.
    m.accept_all(Source::Banner, NOW, R);
    let tc = decoded(&signal(&m, "tcf", Moment::Load).unwrap());
    assert_eq!(ids(tc.purposes_consent), [1, 2, 3, 4, 7, 8, 9]);
    assert_eq!(tc.vendor_consents, [32, 755]);
}

#[test]
fn before_a_choice_there_is_no_string_and_in_opt_out_mode_gdpr_does_not_apply() {
    let m = Machine::new(config("opt-in", ""));
    assert!(
        signal(&m, "tcf", Moment::Default).is_none(),
        "the stub speaks for default"
    );
    let out = signal(&m, "tcf", Moment::Load).unwrap();
    assert_eq!(at(&out, "tcString"), &Json::Str(String::new()));
    assert_eq!(at(&out, "gdprApplies"), &Json::Bool(true));
    assert_eq!(
        at(&out, "vendor.consents").to_text(),
        r#"{"32":false,"755":false}"#
    );
    let mut m = Machine::new(config("opt-out", ""));
    m.accept_all(Source::Banner, NOW, R);
    let out = signal(&m, "tcf", Moment::Update).unwrap();
    assert_eq!(
        out.to_text(),
        r#"{"gdprApplies":false,"tcfPolicyVersion":5,"cmpId":300,"cmpVersion":4,"cmpStatus":"loaded","gvlVersion":120}"#,
        "the TCData's four fields, and cmpStatus and gvlVersion for ping (js/iab.js takes gvlVersion out)"
    );
    // Without tcf and gpp only Consent Mode may speak.
    let plain =
        Config::from_json(r#"{"policyVersion":"1","purposes":[{"id":"a","label":"A"}]}"#).unwrap();
    assert_eq!(outputs(&Machine::new(plain), Moment::Update), "[]");
}

fn us(g: &gpp::Gpp, i: usize) -> &gpp::UsSection {
    match &g.sections[i] {
        Section::Us(u) => u,
        other => panic!("not a US section: {other:?}"),
    }
}

fn gpp_of(m: &Machine) -> (Json, gpp::Gpp) {
    let out = signal(m, "gpp", Moment::Update).expect("gpp speaks on update");
    let Json::Str(s) = at(&out, "gppString") else {
        panic!()
    };
    let g = gpp::decode(s).unwrap();
    (out, g)
}

#[test]
fn the_gpp_string_opts_out_of_sale_exactly_when_the_sale_purposes_are_denied() {
    let mut m = Machine::new(config("opt-out", ""));
    m.set_gpc(true);
    assert!(m.honour_gpc(NOW, R).is_some());
    let (out, g) = gpp_of(&m);
    assert_eq!(g.sections.len(), 2);
    let (nat, ca) = (us(&g, 0), us(&g, 1));
    assert_eq!((nat.id, nat.version, ca.id, ca.version), (7, 2, 8, 1));
    for f in ["SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut"] {
        assert_eq!(nat.get(f), Some(&[1][..]), "usnat.{f}: opted out");
    }
    for f in ["SaleOptOut", "SharingOptOut"] {
        assert_eq!(ca.get(f), Some(&[1][..]), "usca.{f}: opted out");
    }
    for f in [
        "SharingNotice",
        "SaleOptOutNotice",
        "SharingOptOutNotice",
        "TargetedAdvertisingOptOutNotice",
    ] {
        assert_eq!(nat.get(f), Some(&[1][..]), "usnat.{f}: notice given");
    }
    assert_eq!(nat.get("SensitiveDataProcessing"), Some(&[0; 16][..]));
    assert_eq!(nat.get("MspaCoveredTransaction"), Some(&[2][..]));
    assert_eq!((nat.gpc, ca.gpc), (Some(true), Some(true)));
    assert_eq!(at(&out, "applicableSections").to_text(), "[7,8]");
    assert_eq!(at(&out, "sectionList").to_text(), "[7,8]");
    // The parsed sections are the decoded string, by the specification's field names.
    let Json::Arr(parsed) = at(&out, "parsedSections.usnat") else {
        panic!()
    };
    assert_eq!(at(&parsed[0], "Version"), &Json::Int(2));
    assert_eq!(at(&parsed[0], "SaleOptOut"), &Json::Int(1));
    assert_eq!(at(&parsed[0], "SharingNotice"), &Json::Int(1));
    assert_eq!(
        at(&parsed[0], "KnownChildSensitiveDataConsents").to_text(),
        "[0,0,0]"
    );
    assert_eq!(parsed[1].to_text(), r#"{"SubsectionType":1,"Gpc":true}"#);
    let Json::Arr(parsed) = at(&out, "parsedSections.usca") else {
        panic!()
    };
    assert_eq!(at(&parsed[0], "SharingOptOut"), &Json::Int(1));
    assert!(parsed[0].get("TargetedAdvertisingOptOut").is_none());

    // Accept all: not opted out (2), GPC still reported as sent.
    m.accept_all(Source::Banner, NOW, R);
    let (_, g) = gpp_of(&m);
    assert_eq!(us(&g, 0).get("SaleOptOut"), Some(&[2][..]));
    assert_eq!(us(&g, 1).get("SharingOptOut"), Some(&[2][..]));
    assert_eq!(us(&g, 0).gpc, Some(true));
    // Granting only a non-sale purpose keeps the opt-out; granting a sale one ends it.
    m.reject_all(Source::Banner, NOW, R);
    m.set_gpc(false);
    m.save(
        &Choice::from_json(r#"{"purposes":{"analytics":true}}"#).unwrap(),
        Source::Banner,
        NOW,
        R,
    )
    .unwrap();
    let (_, g) = gpp_of(&m);
    assert_eq!(us(&g, 0).get("SaleOptOut"), Some(&[1][..]));
    assert_eq!(us(&g, 0).gpc, Some(false));
    m.save(
        &Choice::from_json(r#"{"purposes":{"ads":true}}"#).unwrap(),
        Source::Banner,
        NOW,
        R,
    )
    .unwrap();
    assert_eq!(us(&gpp_of(&m).1, 0).get("SaleOptOut"), Some(&[2][..]));
}

#[test]
fn one_section_alone() {
    let c = Config::from_json(
        r#"{"policyVersion":"1","mode":"opt-out","purposes":[{"id":"a","label":"A","sale":true}],
        "gpp":{"sections":["usca"]}}"#,
    )
    .unwrap();
    let mut m = Machine::new(c);
    assert!(signal(&m, "tcf", Moment::Update).is_none(), "no tcf config");
    let (out, g) = gpp_of(&m);
    assert_eq!(
        us(&g, 0).get("SaleOptOut"),
        Some(&[2][..]),
        "opt-out mode grants"
    );
    assert_eq!(at(&out, "sectionList").to_text(), "[8]");
    m.reject_all(Source::Banner, NOW, R);
    assert_eq!(us(&gpp_of(&m).1, 0).get("SaleOptOut"), Some(&[1][..]));
}

#[test]
fn the_us_only_encoder_writes_what_the_general_one_does() {
    let a = gpp::signal::section(7, true, true);
    let b = gpp::signal::section(8, false, false);
    let general = gpp::encode(&gpp::Gpp {
        sections: vec![Section::Us(a.clone()), Section::Us(b.clone())],
    })
    .unwrap();
    assert_eq!(
        gpp::encode_us_only(&[a.clone(), b.clone()]).unwrap(),
        general
    );
    assert!(gpp::encode_us_only(&[b, a]).is_err(), "ascending ids only");
}
