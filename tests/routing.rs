//! The routing rule (host and path, most specific wins, the page's own host claimed only by path):
//! every case of tests/fixtures/routes.json through the core, the same file js/early.js is checked
//! against.
use consent_sieve::core::hosts::{self, route};
use consent_sieve::core::json::Json;
use consent_sieve::core::Config;

fn fixture() -> Json {
    Json::parse(include_str!("fixtures/routes.json")).expect("routes.json parses")
}

fn list<'a>(j: &'a Json, k: &str) -> &'a [Json] {
    match j.get(k) {
        Some(Json::Arr(a)) => a,
        other => panic!("{k}: {other:?}"),
    }
}

fn text<'a>(j: &'a Json, k: &str) -> &'a str {
    match j.get(k) {
        Some(Json::Str(s)) => s,
        other => panic!("{k}: {other:?}"),
    }
}

/// A config holding the case's vendors as written (a destination gets an empty minimize policy).
fn config(vendors: &[Json]) -> Result<Config, consent_sieve::core::ConsentError> {
    let vendors: Vec<String> = vendors
        .iter()
        .map(|v| {
            let mut fields = vec![
                ("id".to_string(), v.get("id").cloned().expect("id")),
                ("name".into(), v.get("id").cloned().expect("id")),
                ("purposes".into(), Json::Arr(vec![Json::Str("a".into())])),
                ("hosts".into(), v.get("hosts").cloned().expect("hosts")),
            ];
            if let Some(p) = v.get("paths") {
                fields.push(("paths".into(), p.clone()));
            }
            if v.get("destination") == Some(&Json::Bool(true)) {
                fields.push(("minimize".into(), Json::Obj(Vec::new())));
            }
            Json::Obj(fields).to_text()
        })
        .collect();
    Config::from_json(&format!(
        r#"{{"policyVersion":"1","purposes":[{{"id":"a","label":"A"}}],"vendors":[{}]}}"#,
        vendors.join(",")
    ))
}

#[test]
fn every_routing_case_of_the_shared_fixture() {
    let f = fixture();
    let cases = list(&f, "cases");
    assert!(cases.len() >= 20);
    for case in cases {
        let name = text(case, "name");
        let c = config(list(case, "vendors")).unwrap_or_else(|e| panic!("{name}: {e}"));
        let page = hosts::host_of(text(case, "page")).expect("page host");
        let got = route(&c, &page, text(case, "url")).map(|r| (r.vendor.id.clone(), r.destination));
        let want = match case.get("expect") {
            Some(Json::Null) => None,
            Some(e) => Some((
                text(e, "vendor").to_string(),
                e.get("destination") == Some(&Json::Bool(true)),
            )),
            None => panic!("{name}: no expect"),
        };
        assert_eq!(got, want, "{name}");
        // The other entry points follow the same rule.
        assert_eq!(
            hosts::vendor_for_url(&c, &page, text(case, "url")).map(|v| v.id.clone()),
            want.as_ref().map(|w| w.0.clone()),
            "{name}: vendor_for_url"
        );
    }
}

#[test]
fn every_ambiguous_config_of_the_shared_fixture_is_refused_at_its_path() {
    let f = fixture();
    let cases = list(&f, "ambiguous");
    assert!(!cases.is_empty());
    for case in cases {
        let name = text(case, "name");
        let e = config(list(case, "vendors")).expect_err(name);
        let want = case.get("error").expect("error");
        assert_eq!(
            (e.code, e.path.as_str()),
            (text(want, "code"), text(want, "path")),
            "{name}: {e}"
        );
    }
}

#[test]
fn the_fixture_configs_that_route_are_accepted() {
    // Distinct specificities on one host, a path over a pathless vendor, two gated pathless vendors.
    for case in list(&fixture(), "cases") {
        config(list(case, "vendors")).unwrap_or_else(|e| panic!("{}: {e}", text(case, "name")));
    }
}
