//! The IAB parts of the config (`tcf`, `gpp`, `tcfPurposes`, `gvlId`): what is accepted, the
//! defaults, and the exact `code` and `path` of every rejection.
use consent_sieve::core::{Config, ConsentError};

const TCF: &str = r#""tcf":{"cmpId":300,"cmpVersion":2,"vendorListVersion":120}"#;

/// A config with purposes `analytics` (TCF 7, 8, 9) and `ads` (1..4), a vendor, and `extra`.
fn cfg(extra: &str) -> String {
    let sep = if extra.is_empty() { "" } else { "," };
    format!(
        r#"{{"policyVersion":"1","purposes":[
            {{"id":"necessary","required":true,"label":"N"}},
            {{"id":"analytics","label":"A","tcfPurposes":[7,8,9]}},
            {{"id":"ads","label":"M","sale":true,"tcfPurposes":[1,2,3,4]}}],
          "vendors":[{{"id":"ga","name":"G","purposes":["analytics"],"gvlId":755}}]{sep}{extra}}}"#
    )
}

#[track_caller]
fn rejects(json: &str, code: &str, path: &str) -> ConsentError {
    let e = Config::from_json(json).expect_err(json);
    assert_eq!((e.code, e.path.as_str()), (code, path), "{}", e.reason);
    e
}

#[test]
fn a_tcf_and_gpp_config_is_read_with_its_defaults() {
    let c = Config::from_json(&cfg(&format!(
        r#"{TCF},"gpp":{{"sections":["usca","usnat"]}}"#
    )))
    .unwrap();
    let t = c.tcf.as_ref().unwrap();
    assert_eq!(
        (t.cmp_id, t.cmp_version, t.vendor_list_version),
        (300, 2, Some(120))
    );
    assert_eq!((t.publisher_cc.as_str(), t.consent_screen), ("AA", 0));
    assert_eq!(c.gpp.as_ref().unwrap().sections, [7, 8], "ascending ids");
    assert_eq!(c.purposes[1].tcf_purposes, [7, 8, 9]);
    assert_eq!(c.vendors[0].gvl_id, Some(755));
    let t = Config::from_json(&cfg(
        r#""tcf":{"cmpId":2,"cmpVersion":0,"vendorListVersion":1,"publisherCC":"DE","consentScreen":63}"#,
    ))
    .unwrap()
    .tcf
    .unwrap();
    assert_eq!((t.publisher_cc.as_str(), t.consent_screen), ("DE", 63));
    // Neither: nothing IAB.
    let plain = r#"{"policyVersion":"1","purposes":[{"id":"a","label":"A"}]}"#;
    let c = Config::from_json(plain).unwrap();
    assert!(c.tcf.is_none() && c.gpp.is_none());
}

#[test]
fn tcf_fields_are_required_and_in_range() {
    for (tcf, code, path) in [
        (
            r#"{"cmpVersion":1,"vendorListVersion":1}"#,
            "config.missing_field",
            "tcf.cmpId",
        ),
        (
            r#"{"cmpId":10,"vendorListVersion":1}"#,
            "config.missing_field",
            "tcf.cmpVersion",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1}"#,
            "config.missing_field",
            "tcf.vendorListVersion",
        ),
        (
            r#"{"cmpId":1,"cmpVersion":1,"vendorListVersion":1}"#,
            "config.out_of_range",
            "tcf.cmpId",
        ),
        (
            r#"{"cmpId":4096,"cmpVersion":1,"vendorListVersion":1}"#,
            "config.out_of_range",
            "tcf.cmpId",
        ),
        (
            r#"{"cmpId":"10","cmpVersion":1,"vendorListVersion":1}"#,
            "config.invalid_type",
            "tcf.cmpId",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":4096,"vendorListVersion":1}"#,
            "config.out_of_range",
            "tcf.cmpVersion",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1,"vendorListVersion":0}"#,
            "config.out_of_range",
            "tcf.vendorListVersion",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1,"vendorListVersion":1,"consentScreen":64}"#,
            "config.out_of_range",
            "tcf.consentScreen",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1,"vendorListVersion":1,"publisherCC":"de"}"#,
            "config.invalid_value",
            "tcf.publisherCC",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1,"vendorListVersion":1,"publisherCC":"DEU"}"#,
            "config.invalid_value",
            "tcf.publisherCC",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1,"gvlUrl":"https://vendor-list.consensu.org/v3/vendor-list.json"}"#,
            "config.invalid_value",
            "tcf.gvlUrl",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1,"gvlUrl":"HTTPS://consensu.org./v3/vendor-list.json"}"#,
            "config.invalid_value",
            "tcf.gvlUrl",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1,"gvlUrl":"http://example.com/gvl.json"}"#,
            "config.unsafe_url",
            "tcf.gvlUrl",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1,"gvlUrl":"//example.com/gvl.json"}"#,
            "config.unsafe_url",
            "tcf.gvlUrl",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1,"gvlUrl":"javascript:alert(1)"}"#,
            "config.unsafe_url",
            "tcf.gvlUrl",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1,"gvlUrl":"gvl/vendor-list.json"}"#,
            "config.unsafe_url",
            "tcf.gvlUrl",
        ),
        (
            r#"{"cmpId":10,"cmpVersion":1,"gvlUrl":7}"#,
            "config.invalid_type",
            "tcf.gvlUrl",
        ),
        (r#"true"#, "config.invalid_type", "tcf"),
    ] {
        rejects(&cfg(&format!(r#""tcf":{tcf}"#)), code, path);
    }
}

#[test]
fn gpp_sections_are_known_sections_once() {
    for (gpp, code, path) in [
        (r#"{}"#, "config.missing_field", "gpp.sections"),
        (r#"{"sections":[]}"#, "config.invalid_value", "gpp.sections"),
        (
            r#"{"sections":["usnat","usxx"]}"#,
            "config.invalid_value",
            "gpp.sections[1]",
        ),
        (
            r#"{"sections":["usnat","tcfcav1"]}"#,
            "config.invalid_value",
            "gpp.sections[1]",
        ),
        (
            r#"{"sections":["usca","usca"]}"#,
            "config.duplicate_id",
            "gpp.sections[1]",
        ),
        (
            r#"{"sections":[7]}"#,
            "config.invalid_type",
            "gpp.sections[0]",
        ),
        (
            r#"{"sections":["usnat"],"cmpId":3}"#,
            "config.unknown_field",
            "gpp.cmpId",
        ),
    ] {
        rejects(&cfg(&format!(r#"{TCF},"gpp":{gpp}"#)), code, path);
    }
}

#[test]
fn tcf_purposes_and_gvl_ids_are_checked_and_need_tcf() {
    let purposes = |tp: &str| {
        format!(
            r#"{{"policyVersion":"1","purposes":[{{"id":"a","label":"A","tcfPurposes":{tp}}}],{TCF}}}"#
        )
    };
    rejects(
        &purposes("[0]"),
        "config.out_of_range",
        "purposes[0].tcfPurposes[0]",
    );
    rejects(
        &purposes("[12]"),
        "config.out_of_range",
        "purposes[0].tcfPurposes[0]",
    );
    rejects(
        &purposes("[3,3]"),
        "config.duplicate_id",
        "purposes[0].tcfPurposes[1]",
    );
    rejects(
        &purposes(r#"["1"]"#),
        "config.invalid_type",
        "purposes[0].tcfPurposes[0]",
    );
    rejects(
        &purposes("7"),
        "config.invalid_type",
        "purposes[0].tcfPurposes",
    );
    let vendor = |gvl: &str| {
        format!(
            r#"{{"policyVersion":"1","purposes":[{{"id":"a","label":"A"}}],{TCF},"vendors":[
            {{"id":"x","name":"X","purposes":["a"],"gvlId":10}},{{"id":"y","name":"Y","purposes":["a"],"gvlId":{gvl}}}]}}"#
        )
    };
    rejects(&vendor("0"), "config.out_of_range", "vendors[1].gvlId");
    rejects(&vendor("65536"), "config.out_of_range", "vendors[1].gvlId");
    rejects(&vendor("\"10\""), "config.invalid_type", "vendors[1].gvlId");
    rejects(&vendor("10"), "config.duplicate_id", "vendors[1].gvlId");
    // Without `tcf` they would say nothing: the config is refused, naming what needs it.
    let e = rejects(&cfg(""), "config.missing_field", "tcf");
    assert!(e.reason.contains("purposes[1].tcfPurposes"), "{}", e.reason);
    let only_gvl = r#"{"policyVersion":"1","purposes":[{"id":"a","label":"A"}],
        "vendors":[{"id":"x","name":"X","purposes":["a"],"gvlId":10}]}"#;
    let e = rejects(only_gvl, "config.missing_field", "tcf");
    assert!(e.reason.contains("vendors[0].gvlId"), "{}", e.reason);
    // A GPP-only config needs no TCF settings.
    let gpp_only = r#"{"policyVersion":"1","purposes":[{"id":"a","label":"A","sale":true}],
        "gpp":{"sections":["usnat"]}}"#;
    assert!(Config::from_json(gpp_only).unwrap().tcf.is_none());
    // ... except for the TC string inside it.
    let tcfeuv2 = gpp_only.replace(r#"["usnat"]"#, r#"["usnat","tcfeuv2"]"#);
    let e = rejects(&tcfeuv2, "config.missing_field", "tcf");
    assert!(
        e.reason.contains("gpp.sections") && e.reason.contains("tcfeuv2"),
        "{}",
        e.reason
    );
}

#[test]
fn every_gpp_section_name_is_read_to_its_id() {
    let names = consent_sieve::core::policy::iab::GPP_SECTIONS;
    let list: Vec<String> = names
        .iter()
        .rev()
        .map(|(n, _)| format!("\"{n}\""))
        .collect();
    let c = Config::from_json(&cfg(&format!(
        r#"{TCF},"gpp":{{"sections":[{}]}}"#,
        list.join(",")
    )))
    .unwrap();
    let ids: Vec<u16> = names.iter().map(|s| s.1).collect();
    assert_eq!(c.gpp.unwrap().sections, ids, "ascending");
    assert_eq!(
        ids,
        [2, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27]
    );
}

/// `gpp.knownChildData`, `gpp.mspa` and a purpose's `sensitive`, each error at its field.
#[test]
fn sensitive_data_children_and_mspa_are_read_and_checked() {
    use consent_sieve::core::policy::iab::Mspa;
    let with = |purpose: &str, gpp: &str| {
        format!(
            r#"{{"policyVersion":"1","purposes":[{{"id":"n","required":true,"label":"N"}},
            {{"id":"health","label":"H"{purpose}}}],"gpp":{{"sections":["usnat","usva","usin"]{gpp}}}}}"#
        )
    };
    let c = Config::from_json(&with(
        r#","sensitive":{"usnat":[3,16],"usin":[8]}"#,
        r#","knownChildData":true,"mspa":{"covered":true,"mode":"serviceProvider"}"#,
    ))
    .unwrap();
    assert_eq!(c.purposes[1].sensitive, [(7, vec![3, 16]), (25, vec![8])]);
    let g = c.gpp.unwrap();
    assert_eq!((g.known_child, g.mspa), (true, Some(Mspa::ServiceProvider)));
    let c = Config::from_json(&with("", r#","mspa":{"covered":false}"#)).unwrap();
    assert_eq!(c.gpp.unwrap().mspa, None);
    for (purpose, gpp, code, path) in [
        (
            r#","sensitive":[3]"#,
            "",
            "config.invalid_type",
            "purposes[1].sensitive",
        ),
        (
            r#","sensitive":{"usmd":[1]}"#,
            "",
            "config.invalid_value",
            "purposes[1].sensitive.usmd",
        ),
        (
            r#","sensitive":{"uspv1":[1]}"#,
            "",
            "config.invalid_value",
            "purposes[1].sensitive.uspv1",
        ),
        (
            r#","sensitive":{"usnat":[]}"#,
            "",
            "config.invalid_value",
            "purposes[1].sensitive.usnat",
        ),
        (
            r#","sensitive":{"usnat":[17]}"#,
            "",
            "config.out_of_range",
            "purposes[1].sensitive.usnat[0]",
        ),
        (
            r#","sensitive":{"usva":[9]}"#,
            "",
            "config.out_of_range",
            "purposes[1].sensitive.usva[0]",
        ),
        (
            r#","sensitive":{"usva":[0]}"#,
            "",
            "config.out_of_range",
            "purposes[1].sensitive.usva[0]",
        ),
        (
            r#","sensitive":{"usva":[2,2]}"#,
            "",
            "config.duplicate_id",
            "purposes[1].sensitive.usva[1]",
        ),
        (
            r#","sensitive":{"usva":["2"]}"#,
            "",
            "config.invalid_type",
            "purposes[1].sensitive.usva[0]",
        ),
        (
            r#","sensitive":{"usca":[1]}"#,
            "",
            "config.missing_field",
            "gpp.sections",
        ),
        (
            "",
            r#","knownChildData":1"#,
            "config.invalid_type",
            "gpp.knownChildData",
        ),
        (
            "",
            r#","mspa":{}"#,
            "config.missing_field",
            "gpp.mspa.covered",
        ),
        (
            "",
            r#","mspa":{"covered":true}"#,
            "config.missing_field",
            "gpp.mspa.mode",
        ),
        (
            "",
            r#","mspa":{"covered":true,"mode":"optout"}"#,
            "config.invalid_value",
            "gpp.mspa.mode",
        ),
        (
            "",
            r#","mspa":{"covered":false,"mode":"optOut"}"#,
            "config.invalid_value",
            "gpp.mspa.mode",
        ),
        (
            "",
            r#","mspa":{"covered":true,"mode":"optOut","x":1}"#,
            "config.unknown_field",
            "gpp.mspa.x",
        ),
    ] {
        rejects(&with(purpose, gpp), code, path);
    }
    // A required purpose cannot carry sensitive data: the visitor could not refuse it.
    rejects(
        r#"{"policyVersion":"1","purposes":[{"id":"n","required":true,"label":"N","sensitive":{"usnat":[1]}}],"gpp":{"sections":["usnat"]}}"#,
        "config.invalid_value",
        "purposes[0].sensitive",
    );
}

/// js/gpp-stub.js (logic-free, before any config is read) lists every section the SDK can write, as
/// `GPP_SECTIONS` says: one list, two files, checked here.
#[test]
fn the_gpp_stub_lists_every_section_gpp_sections_can_name() {
    let stub =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/js/gpp-stub.js")).unwrap();
    let at = stub.find("supportedAPIs: [").unwrap() + 16;
    let list = &stub[at..at + stub[at..].find(']').unwrap()];
    let want: Vec<String> = consent_sieve::core::policy::iab::GPP_SECTIONS
        .iter()
        .map(|(p, id)| format!("\"{id}:{p}\""))
        .collect();
    assert_eq!(list, want.join(", "));
}
