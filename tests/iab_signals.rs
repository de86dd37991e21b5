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
    with_sections(mode, r#""usnat","usca""#, extra)
}

/// [`config`] with `gpp.sections` = `[sections]`.
fn with_sections(mode: &str, sections: &str, extra: &str) -> Config {
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
          "gpp":{{"sections":[{sections}]}}{extra}}}"#
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

fn tcf_string(m: &Machine) -> String {
    let Json::Str(s) = at(&signal(m, "tcf", Moment::Update).unwrap(), "tcString").clone() else {
        panic!()
    };
    s
}

#[test]
fn tcfeuv2_carries_the_tc_string_of_tcfapi_and_applies_in_opt_in_mode() {
    let mut m = Machine::new(with_sections("opt-in", r#""usnat","tcfeuv2""#, ""));
    // Before a choice there is no TC string, so no section 2 (as a CMP without one writes none).
    let (out, g) = gpp_of(&m);
    assert_eq!(at(&out, "sectionList").to_text(), "[7]");
    assert_eq!(at(&out, "applicableSections").to_text(), "[2]");
    assert!(out.get("parsedSections").unwrap().get("tcfeuv2").is_none());
    assert_eq!(g.sections.len(), 1);
    assert_eq!(
        at(&out, "supportedAPIs").to_text(),
        r#"["2:tcfeuv2","7:usnat"]"#
    );
    m.save(
        &Choice::from_json(r#"{"purposes":{"analytics":true,"ads":true}}"#).unwrap(),
        Source::Banner,
        NOW,
        R,
    )
    .unwrap();
    let (out, g) = gpp_of(&m);
    assert_eq!(at(&out, "sectionList").to_text(), "[2,7]");
    assert_eq!(
        g.sections[0],
        Section::TcfEuV2(tcf_string(&m)),
        "the TCData's string"
    );
    let Json::Arr(p) = at(&out, "parsedSections.tcfeuv2") else {
        panic!()
    };
    assert_eq!(at(&p[0], "CmpId"), &Json::Int(300));
    assert_eq!(
        at(&p[0], "Created"),
        &Json::Str("2026-11-22T00:00:00.000Z".into())
    );
    let on: Vec<usize> = match at(&p[0], "PurposeConsents") {
        Json::Arr(a) => (1..)
            .zip(a)
            .filter(|(_, b)| **b == Json::Bool(true))
            .map(|x| x.0)
            .collect(),
        _ => panic!(),
    };
    assert_eq!(on, [2, 4, 7, 8, 9]);
    assert_eq!(at(&p[0], "VendorConsents").to_text(), "[32,755]");
    assert_eq!(at(&p[1], "VendorsDisclosed").to_text(), "[32,755]");
    assert_eq!(at(&p[1], "VendorsDisclosedSegmentType"), &Json::Int(1));
    // The parsed fields are built from the choices, not decoded: they say what the string says.
    let tc = tcf::decode(&tcf_string(&m)).unwrap();
    let bits = |key: &str, mask: u64, n: u8| {
        let want: Vec<String> = (0..n).map(|i| (mask >> i & 1 == 1).to_string()).collect();
        assert_eq!(
            at(&p[0], key).to_text(),
            format!("[{}]", want.join(",")),
            "{key}"
        );
    };
    bits("PurposeConsents", tc.purposes_consent.into(), 24);
    bits("PurposeLegitimateInterests", tc.purposes_li.into(), 24);
    bits(
        "SpecialFeatureOptins",
        tc.special_feature_opt_ins.into(),
        12,
    );
    let list = |v: &[u16]| {
        format!(
            "[{}]",
            v.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    assert_eq!(
        at(&p[0], "VendorConsents").to_text(),
        list(&tc.vendor_consents)
    );
    assert_eq!(
        at(&p[0], "VendorLegitimateInterests").to_text(),
        list(&tc.vendor_li)
    );
    assert_eq!(
        at(&p[1], "VendorsDisclosed").to_text(),
        list(tc.disclosed_vendors.as_deref().unwrap())
    );
    for (key, v) in [
        ("CmpVersion", tc.cmp_version.into()),
        ("ConsentScreen", tc.consent_screen.into()),
        ("VendorListVersion", tc.vendor_list_version.into()),
        ("PolicyVersion", tc.policy_version.into()),
    ] {
        assert_eq!(at(&p[0], key), &Json::Int(v), "{key}");
    }
    assert_eq!(
        at(&p[0], "ConsentLanguage"),
        &Json::Str(String::from_utf8(tc.consent_language.to_vec()).unwrap())
    );
    assert_eq!(at(&p[0], "PublisherCountryCode"), &Json::Str("DE".into()));
    assert_eq!(
        at(&p[0], "IsServiceSpecific"),
        &Json::Bool(tc.is_service_specific)
    );
    assert_eq!(tc.created, DAY_DS);
    // Opt-out mode: GDPR does not apply, no TC string, the US sections apply.
    let mut m = Machine::new(with_sections("opt-out", r#""tcfeuv2","usnat""#, ""));
    m.accept_all(Source::Banner, NOW, R);
    let (out, _) = gpp_of(&m);
    assert_eq!(at(&out, "sectionList").to_text(), "[7]");
    assert_eq!(at(&out, "applicableSections").to_text(), "[7]");
    let mut m = Machine::new(with_sections("opt-out", r#""tcfeuv2""#, ""));
    m.accept_all(Source::Banner, NOW, R);
    let (out, _) = gpp_of(&m);
    assert_eq!(
        at(&out, "applicableSections").to_text(),
        "[]",
        "iab.js says [-1]"
    );
}

/// Every US section the config can name, in one string: the one opt-out rule in each layout.
#[test]
fn every_state_section_says_the_opt_out_with_its_own_fields() {
    let names: Vec<&str> = consent_sieve::core::policy::iab::GPP_SECTIONS
        .iter()
        .filter(|s| gpp::is_us(s.1))
        .map(|s| s.0)
        .collect();
    assert_eq!(names.len(), 21);
    let list = names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(",");
    for (opted_out, gpc) in [(true, true), (false, false)] {
        let mut m = Machine::new(with_sections("opt-out", &list, ""));
        m.set_gpc(gpc);
        if opted_out {
            m.reject_all(Source::Banner, NOW, R);
        } else {
            m.accept_all(Source::Banner, NOW, R);
        }
        let (out, g) = gpp_of(&m);
        assert_eq!(g.sections.len(), 21);
        let want = if opted_out { 1 } else { 2 };
        for (s, name) in g.sections.iter().zip(&names) {
            let Section::Us(u) = s else { panic!() };
            let row = gpp::us_layout(u.id, u.version).unwrap();
            assert_eq!(Some(u.version), gpp::current_version(u.id));
            assert_eq!(row.prefix(), *name);
            let mut opt_outs = 0;
            for (full, n) in row.fields() {
                let field = full.split_once('.').unwrap().1;
                let v = u.get(field).unwrap();
                let expect: &[u8] = match field {
                    "SaleOptOut" | "SharingOptOut" | "TargetedAdvertisingOptOut" => {
                        opt_outs += 1;
                        &[want]
                    }
                    "SharingNotice"
                    | "ProcessingNotice"
                    | "SaleOptOutNotice"
                    | "SharingOptOutNotice"
                    | "TargetedAdvertisingOptOutNotice" => &[1],
                    "MspaCoveredTransaction" => &[2],
                    _ => &[0; 16][..n],
                };
                assert_eq!(v, expect, "{full}");
            }
            assert!(opt_outs >= 2, "{name}: sale and one more opt-out");
            assert_eq!(u.gpc, row.gpc.then_some(gpc), "{name}: GPC sub-section");
            let Json::Arr(p) = at(&out, &format!("parsedSections.{name}")) else {
                panic!()
            };
            assert_eq!(p.len(), if row.gpc || row.sensitive { 2 } else { 1 });
            let version = row.version_field().split_once('.').unwrap().1;
            assert_eq!(p[0].get(version), Some(&Json::Int(u.version.into())));
            assert_eq!(p[0].get("SaleOptOut"), Some(&Json::Int(want.into())));
        }
    }
}

#[test]
fn uspv1_is_the_ccpa_string_of_the_same_rule() {
    let mut m = Machine::new(with_sections("opt-out", r#""uspv1","usca""#, ""));
    let (out, g) = gpp_of(&m);
    assert_eq!(g.sections[0], Section::Other(6, "1YNN".into()));
    assert_eq!(
        at(&out, "parsedSections.uspv1").to_text(),
        r#"[{"Version":1,"Notice":"Y","OptOutSale":"N","LspaCovered":"N"}]"#
    );
    assert_eq!(
        at(&out, "uspString"),
        &Json::Str("1YNN".into()),
        "for __uspapi"
    );
    m.reject_all(Source::Banner, NOW, R);
    let (out, g) = gpp_of(&m);
    assert_eq!(g.sections[0], Section::Other(6, "1YYN".into()));
    assert_eq!(at(&out, "uspString"), &Json::Str("1YYN".into()));
    // Without uspv1 there is no uspString (and no __uspapi).
    let (out, _) = gpp_of(&Machine::new(with_sections("opt-out", r#""usca""#, "")));
    assert!(out.get("uspString").is_none());
}

#[test]
fn the_signal_encoder_writes_what_the_general_one_does() {
    let mut m = Machine::new(config("opt-in", ""));
    m.accept_all(Source::Banner, NOW, R);
    let parts = vec![
        Section::TcfEuV2(tcf_string(&m)),
        Section::Other(6, "1YYN".into()),
        Section::Us(gpp::opt_out_section(7, true, Some(true)).unwrap()),
        Section::Us(gpp::opt_out_section(8, false, Some(false)).unwrap()),
        Section::Us(gpp::opt_out_section(12, true, Some(true)).unwrap()),
    ];
    let general = gpp::encode(&gpp::Gpp {
        sections: parts.clone(),
    })
    .unwrap();
    assert_eq!(gpp::encode_own(&parts).unwrap(), general);
    let mut reversed = parts;
    reversed.reverse();
    assert!(gpp::encode_own(&reversed).is_err(), "ascending ids only");
}

/// [`with_sections`] with `health` (a sensitive purpose: usnat 3 and 8, usva 3, usca 4, usin 1),
/// `geo` (usnat 8 too) and `gpp` extra fields.
fn sensitive_config(mode: &str, gpp: &str) -> Config {
    Config::from_json(&format!(
        r#"{{"policyVersion":"1","mode":"{mode}","purposes":[
            {{"id":"necessary","required":true,"label":"N"}},
            {{"id":"ads","label":"M","sale":true}},
            {{"id":"health","label":"H","sensitive":{{"usnat":[3,8],"usva":[3],"usca":[4],"usin":[1]}}}},
            {{"id":"geo","label":"G","sensitive":{{"usnat":[8]}}}}],
          "gpp":{{"sections":["usnat","usca","usva","usin","usmd"]{gpp}}}}}"#
    ))
    .unwrap()
}

fn section(g: &gpp::Gpp, id: u16) -> &gpp::UsSection {
    g.sections
        .iter()
        .find_map(|s| match s {
            Section::Us(u) if u.id == id => Some(u),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no section {id}"))
}

fn choose(m: &mut Machine, json: &str) {
    m.save(&Choice::from_json(json).unwrap(), Source::Banner, NOW, R)
        .unwrap();
}

#[test]
fn sensitive_data_is_written_from_the_choice_with_each_sections_semantics() {
    // Opt-in mode: every grant is the visitor's own, so consent sections say 2 (consent) for a
    // granted sensitive purpose, 1 (no consent) for a denied one.
    let mut m = Machine::new(sensitive_config("opt-in", ""));
    choose(&mut m, r#"{"purposes":{"health":true}}"#);
    let (out, g) = gpp_of(&m);
    let nat = section(&g, 7);
    let mut want = [0u8; 16];
    want[2] = 2; // health alone
    want[7] = 1; // health granted but geo denied: every purpose processing it must allow it
    assert_eq!(nat.get("SensitiveDataProcessing"), Some(&want[..]));
    assert_eq!(
        nat.get("SensitiveDataProcessingOptOutNotice"),
        Some(&[1][..])
    );
    assert_eq!(nat.get("SensitiveDataLimitUseNotice"), Some(&[1][..]));
    assert_eq!(
        section(&g, 9).get("SensitiveDataProcessing"),
        Some(&[0, 0, 2, 0, 0, 0, 0, 0][..])
    );
    // usca is an opt-out of sensitive data: 2 = did not opt out.
    let ca = section(&g, 8);
    assert_eq!(
        ca.get("SensitiveDataProcessing"),
        Some(&[0, 0, 0, 2, 0, 0, 0, 0, 0][..])
    );
    assert_eq!(ca.get("SensitiveDataLimitUseNotice"), Some(&[1][..]));
    // usin: the category in the second segment, and its own segment object in parsedSections.
    let usin = section(&g, 25);
    assert_eq!(
        usin.get("SensitiveDataProcessing"),
        Some(&[2, 0, 0, 0, 0, 0, 0, 0][..])
    );
    let Json::Arr(p) = at(&out, "parsedSections.usin") else {
        panic!()
    };
    assert_eq!(
        p[1].to_text(),
        r#"{"SensitiveDataProcessing":[2,0,0,0,0,0,0,0]}"#
    );
    assert_eq!(at(&p[0], "MspaVersion"), &Json::Int(1));
    // usmd has no sensitive-data field; no purpose lists it.
    assert_eq!(section(&g, 24).get("SensitiveDataProcessing"), None);
    // Withdrawn: 1 everywhere it is processed (no consent / opted out).
    choose(&mut m, r#"{"purposes":{"health":false,"geo":true}}"#);
    let (_, g) = gpp_of(&m);
    let mut want = [0u8; 16];
    want[2] = 1;
    want[7] = 1;
    assert_eq!(
        section(&g, 7).get("SensitiveDataProcessing"),
        Some(&want[..])
    );
    assert_eq!(section(&g, 8).get("SensitiveDataProcessing").unwrap()[3], 1);
    m.accept_all(Source::Banner, NOW, R);
    let (_, g) = gpp_of(&m);
    assert_eq!(section(&g, 7).get("SensitiveDataProcessing").unwrap()[7], 2);

    // Opt-out mode: health needs consent (usnat, usva), so it is denied by default: no consent (1)
    // in the consent sections, and not processed under the usca opt-out either (1, opted out).
    // The visitor's grant is consent (2) there too; "Opt out of all" withdraws it.
    let mut m = Machine::new(sensitive_config("opt-out", ""));
    let (_, g) = gpp_of(&m);
    assert_eq!(section(&g, 7).get("SensitiveDataProcessing").unwrap()[2], 1);
    assert_eq!(section(&g, 9).get("SensitiveDataProcessing").unwrap()[2], 1);
    assert_eq!(section(&g, 8).get("SensitiveDataProcessing").unwrap()[3], 1);
    choose(&mut m, r#"{"purposes":{"health":true}}"#);
    let (_, g) = gpp_of(&m);
    assert_eq!(section(&g, 7).get("SensitiveDataProcessing").unwrap()[2], 2);
    assert_eq!(section(&g, 9).get("SensitiveDataProcessing").unwrap()[2], 2);
    assert_eq!(section(&g, 8).get("SensitiveDataProcessing").unwrap()[3], 2);
    m.reject_all(Source::Banner, NOW, R);
    let (_, g) = gpp_of(&m);
    assert_eq!(section(&g, 7).get("SensitiveDataProcessing").unwrap()[2], 1);
    assert_eq!(section(&g, 8).get("SensitiveDataProcessing").unwrap()[3], 1);

    // No sensitive purposes, no children, no MSPA: all 0, MspaCoveredTransaction 2.
    let m = Machine::new(with_sections("opt-in", r#""usnat","usin""#, ""));
    let (_, g) = gpp_of(&m);
    let nat = section(&g, 7);
    assert_eq!(nat.get("SensitiveDataProcessing"), Some(&[0; 16][..]));
    assert_eq!(
        nat.get("SensitiveDataProcessingOptOutNotice"),
        Some(&[0][..])
    );
    assert_eq!(
        nat.get("KnownChildSensitiveDataConsents"),
        Some(&[0; 3][..])
    );
    assert_eq!(section(&g, 25).get("MspaMode"), Some(&[0][..]));
}

#[test]
fn known_children_and_the_mspa_are_what_the_site_declares() {
    for (mspa, covered, opt_out_mode, sp_mode, mode) in [
        (r#","mspa":{"covered":true,"mode":"optOut"}"#, 1, 1, 2, 1),
        (
            r#","mspa":{"covered":true,"mode":"serviceProvider"}"#,
            1,
            2,
            1,
            2,
        ),
        (r#","mspa":{"covered":false}"#, 2, 0, 0, 0),
        ("", 2, 0, 0, 0),
    ] {
        let m = Machine::new(sensitive_config(
            "opt-in",
            &format!(r#","knownChildData":true{mspa}"#),
        ));
        let (_, g) = gpp_of(&m);
        let nat = section(&g, 7);
        assert_eq!(
            nat.get("KnownChildSensitiveDataConsents"),
            Some(&[1; 3][..])
        );
        assert_eq!(
            section(&g, 8).get("KnownChildSensitiveDataConsents"),
            Some(&[1; 2][..])
        );
        assert_eq!(
            section(&g, 25).get("KnownChildSensitiveDataConsents"),
            Some(&[1][..])
        );
        assert_eq!(
            nat.get("MspaCoveredTransaction"),
            Some(&[covered][..]),
            "{mspa}"
        );
        assert_eq!(
            nat.get("MspaOptOutOptionMode"),
            Some(&[opt_out_mode][..]),
            "{mspa}"
        );
        assert_eq!(
            nat.get("MspaServiceProviderMode"),
            Some(&[sp_mode][..]),
            "{mspa}"
        );
        for id in [24, 25] {
            let s = section(&g, id);
            assert_eq!(
                s.get("MspaCoveredTransaction"),
                Some(&[covered][..]),
                "{id} {mspa}"
            );
            assert_eq!(s.get("MspaMode"), Some(&[mode][..]), "{id} {mspa}");
        }
        // Every string still decodes to what was built.
        let s = gpp::encode(&g).unwrap();
        assert_eq!(gpp::decode(&s).unwrap(), g);
    }
}
