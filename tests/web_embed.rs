//! Browser tests of embeds with placeholders, per-vendor switches, late tags released by
//! `release()`, and the URL decisions used by the network interception.
#![cfg(target_arch = "wasm32")]

mod web;

use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

const CFG: &str = r#"{
  "policyVersion": "3",
  "purposes": [
    {"id": "necessary", "required": true, "label": "Necessary"},
    {"id": "analytics", "label": "Analytics"},
    {"id": "marketing", "label": "Marketing"}
  ],
  "vendors": [
    {"id": "video", "name": "Vidly", "purposes": ["marketing"], "hosts": ["*.vidly.test"]},
    {"id": "ads", "name": "Ads Co", "purposes": ["marketing"], "hosts": ["ads.test"]},
    {"id": "stats", "name": "Stats Co", "purposes": ["analytics"], "hosts": ["stats.test"]}
  ],
  "consentMode": {"waitForUpdate": 500}
}"#;

/// Two video embeds, one ad embed, and a pixel, as a page would write them.
fn add_embeds() {
    js(r#"(() => {
      const mk = (tag, attrs) => { const e = document.createElement(tag); e.className = 't-fixture';
        for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); document.body.appendChild(e); return e; };
      mk('iframe', {id: 'v1', 'data-consent': 'marketing', 'data-consent-vendor': 'video', 'data-src': 'about:blank#v1'});
      mk('iframe', {id: 'v2', 'data-consent': 'marketing', 'data-src': 'https://player.vidly.test/embed/2'});
      mk('iframe', {id: 'a1', 'data-consent': 'marketing', 'data-consent-vendor': 'ads', 'data-src': 'about:blank#a1'});
      mk('img', {id: 'px', 'data-consent': 'analytics', 'data-src': 'data:image/gif;base64,R0lGODlhAQABAAAAACw='});
      return true; })()"#);
}

fn src(id: &str) -> String {
    js_string(&format!(
        "document.getElementById('{id}').getAttribute('src') || ''"
    ))
}

fn has_placeholder(id: &str) -> bool {
    js_bool(&format!(
        "(() => {{ const p = document.getElementById('{id}').previousElementSibling; return !!p && p.dataset.consentSieve === 'placeholder'; }})()"
    ))
}

#[wasm_bindgen_test]
fn embeds_wait_behind_a_placeholder_naming_the_vendor() {
    fresh();
    add_embeds();
    let m = manager(CFG);
    m.start().unwrap();
    m.release();
    for id in ["v1", "v2", "a1", "px"] {
        assert_eq!(src(id), "", "{id} must not load before consent");
        assert!(
            js_bool(&format!("document.getElementById('{id}').hidden")),
            "{id} hidden"
        );
    }
    assert!(has_placeholder("v1") && has_placeholder("v2") && has_placeholder("a1"));
    assert!(!has_placeholder("px"), "pixels get no placeholder");
    let text = js_string("document.getElementById('v1').previousElementSibling.textContent");
    assert!(text.contains("Vidly"), "names the vendor: {text}");
    // v2 has no data-consent-vendor: the vendor comes from its host.
    let v2 = js_string("document.getElementById('v2').previousElementSibling.textContent");
    assert!(v2.contains("Always allow Vidly"), "{v2}");
    assert_eq!(
        js_string("[...document.getElementById('v1').previousElementSibling.querySelectorAll('button')].map(b => b.type + ':' + b.dataset.action).join(',')"),
        "button:load-once,button:allow-vendor"
    );
    // A second gating pass does not add a second placeholder.
    m.release();
    assert_eq!(
        js_f64("document.querySelectorAll('[data-consent-sieve=placeholder]').length"),
        3.0
    );
}

#[wasm_bindgen_test]
fn load_this_once_loads_only_that_embed_and_stores_nothing() {
    fresh();
    add_embeds();
    let m = manager(CFG);
    m.start().unwrap();
    m.release();
    click("[data-consent-sieve=placeholder]:has(+ #v1) [data-action=load-once]");
    assert_eq!(src("v1"), "about:blank#v1");
    assert!(!has_placeholder("v1"));
    assert!(js_bool("!document.getElementById('v1').hidden"));
    assert_eq!(src("v2"), "", "the other video stays held");
    assert_eq!(get(&state(&m), "decided").as_bool(), Some(false));
    assert!(
        js_bool("localStorage.getItem('consent-sieve') === null"),
        "nothing stored"
    );
}

#[wasm_bindgen_test]
fn always_allow_grants_the_vendor_and_loads_all_its_embeds_only() {
    fresh();
    add_embeds();
    let m = manager(CFG);
    m.start().unwrap();
    m.release();
    click("[data-consent-sieve=placeholder]:has(+ #v2) [data-action=allow-vendor]");
    let s = state(&m);
    assert_eq!(get(&s, "vendors.video").as_bool(), Some(true));
    assert_eq!(get(&s, "vendors.ads").as_bool(), Some(false));
    assert_eq!(
        get(&s, "purposes.marketing").as_bool(),
        Some(false),
        "the purpose is not granted"
    );
    assert_eq!(get(&s, "source").as_string().as_deref(), Some("banner"));
    assert_eq!(src("v1"), "about:blank#v1");
    assert_eq!(src("v2"), "https://player.vidly.test/embed/2");
    assert_eq!(src("a1"), "", "another marketing vendor stays held");
    assert!(has_placeholder("a1"));
    assert!(
        js_bool("JSON.parse(localStorage.getItem('consent-sieve')).vc.video === true"),
        "persisted"
    );
}

#[wasm_bindgen_test]
fn accept_all_loads_every_embed_and_pixel() {
    fresh();
    add_embeds();
    let m = manager(CFG);
    m.start().unwrap();
    m.release();
    m.accept_all();
    assert_eq!(src("a1"), "about:blank#a1");
    assert!(src("px").starts_with("data:image/gif"));
    assert_eq!(
        js_f64("document.querySelectorAll('[data-consent-sieve=placeholder]').length"),
        0.0
    );
}

#[wasm_bindgen_test]
fn tags_added_after_start_are_released_by_release() {
    fresh();
    let m = manager(CFG);
    m.start().unwrap();
    m.release();
    m.update(r#"{"purposes":{"analytics":true}}"#).unwrap();
    js("(() => { for (const [p, n] of [['analytics','late-a'], ['marketing','late-m']]) { const s = document.createElement('script'); s.type = 'text/plain'; s.className = 't-fixture'; s.dataset.consent = p; s.textContent = `window.__ran.push('${n}')`; document.body.appendChild(s); } return true; })()");
    assert_eq!(
        js_string("window.__ran.join(',')"),
        "",
        "nothing runs by itself"
    );
    m.release();
    assert_eq!(js_string("window.__ran.join(',')"), "late-a");
    m.release();
    assert_eq!(js_string("window.__ran.join(',')"), "late-a", "never twice");
}

#[wasm_bindgen_test]
fn a_neutralised_vendor_script_runs_only_when_its_vendor_is_granted() {
    fresh();
    // What the early layer does to `<script src="https://ads.test/tag.js">`.
    js("(() => { const s = document.createElement('script'); s.type = 'text/plain'; s.className = 't-fixture'; s.dataset.consentVendor = 'ads'; s.textContent = `window.__ran.push('ads-tag')`; document.body.appendChild(s); return true; })()");
    let m = manager(CFG);
    m.start().unwrap();
    m.release();
    m.update(r#"{"purposes":{"marketing":true},"vendors":{"ads":false}}"#)
        .unwrap();
    assert_eq!(js_string("window.__ran.join(',')"), "", "refused vendor");
    m.update(r#"{"vendors":{"ads":true}}"#).unwrap();
    assert_eq!(js_string("window.__ran.join(',')"), "ads-tag");
}

#[wasm_bindgen_test]
fn url_decisions_follow_vendor_grants() {
    fresh();
    let m = manager(CFG);
    m.start().unwrap();
    m.release();
    assert!(!m.url_allowed("https://ads.test/pixel?x=1"));
    assert!(!m.url_allowed("https://cdn.vidly.test/a.js"));
    assert!(!m.url_allowed("//vidly.test/a.js"));
    assert!(
        m.url_allowed("https://unrelated.test/a.js"),
        "hosts of no vendor pass"
    );
    assert!(m.url_allowed("/same-origin/path"));
    assert_eq!(
        m.vendor_for_url("https://www.vidly.test/x").as_deref(),
        Some("video")
    );
    assert_eq!(m.vendor_for_url("https://notvidly.test/x"), None);
    m.update(r#"{"purposes":{"marketing":true}}"#).unwrap();
    assert!(m.url_allowed("https://ads.test/pixel?x=1"));
    m.update(r#"{"vendors":{"ads":false}}"#).unwrap();
    assert!(
        !m.url_allowed("https://ads.test/pixel?x=1"),
        "blocked again once refused"
    );
    assert!(m.url_allowed("https://cdn.vidly.test/a.js"));
}

#[wasm_bindgen_test]
fn consent_mode_commands_come_from_the_managers_signals() {
    fresh();
    let m = manager(CFG);
    m.start().unwrap();
    m.release();
    let d = js_sys::JSON::parse(&m.signals("default")).unwrap();
    assert_eq!(get(&d, "0.0").as_string().as_deref(), Some("consentMode"));
    assert_eq!(
        get(&d, "0.1.commands.0.2.ad_storage")
            .as_string()
            .as_deref(),
        Some("denied")
    );
    assert_eq!(
        get(&d, "0.1.commands.0.2.wait_for_update").as_f64(),
        Some(500.0)
    );
    m.accept_all();
    let u = js_sys::JSON::parse(&m.signals("update")).unwrap();
    assert_eq!(
        get(&u, "0.1.commands.0.1").as_string().as_deref(),
        Some("update")
    );
    assert_eq!(
        get(&u, "0.1.commands.0.2.ad_storage")
            .as_string()
            .as_deref(),
        Some("granted")
    );
    assert_eq!(
        get(&u, "0.1.event.event").as_string().as_deref(),
        Some("consent-sieve-update")
    );
    let none = manager(CONFIG);
    assert_eq!(
        none.signals("update"),
        "[]",
        "no signal configured, none speaks"
    );
}

#[wasm_bindgen_test]
fn vendor_switches_follow_their_purpose_and_can_refuse_one_vendor() {
    fresh();
    let m = manager(CFG);
    m.start().unwrap();
    m.release();
    m.show_preferences().unwrap();
    let checked = |v: &str| {
        js_bool(&format!(
            "document.querySelector('input[data-vendor={v}]').checked"
        ))
    };
    assert!(!checked("video") && !checked("ads"), "nothing pre-ticked");
    click("input[data-purpose='marketing']");
    assert!(
        checked("video") && checked("ads"),
        "turning the purpose on turns its vendors on"
    );
    click("input[data-vendor='ads']");
    assert!(!checked("ads"));
    click("[data-consent-sieve='preferences'] [data-action='save']");
    let s = state(&m);
    assert_eq!(get(&s, "purposes.marketing").as_bool(), Some(true));
    assert_eq!(get(&s, "vendors.video").as_bool(), Some(true));
    assert_eq!(
        get(&s, "vendors.ads").as_bool(),
        Some(false),
        "the refused vendor stays off"
    );
    // Reopening shows the stored choice.
    m.show_preferences().unwrap();
    assert!(checked("video") && !checked("ads"));
}
