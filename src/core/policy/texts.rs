//! UI texts. English is built in; every other language arrives in the config's `texts` (the facade
//! merges the package's `lang/<code>.json` for the language it picked, so a site pays only for the
//! languages its visitors use). Overridable per key and per language.
use crate::core::lang::{is_lang, primary};
use crate::core::map::Map;

/// The one table of UI texts: each key's enum variant, its name in config `texts` and the language
/// files, and its English text. `TEXT_KEYS`, `EN` and `Key` are generated from it, so an index and a
/// name cannot disagree.
macro_rules! texts_table {
    ($key:ident, $keys:ident, $en_name:ident; $($(#[doc = $doc:literal])* $variant:ident = $name:literal, $en:expr;)*) => {
        /// Index of each key in a table; `Texts::get(Key::AcceptAll)` reads well and cannot be misspelt.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $key { $($(#[doc = $doc])* $variant,)* }
        /// Keys of the texts a config may override per language.
        pub const $keys: &[&str] = &[$($name,)*];
        const $en_name: &[&str] = &[$($en,)*];
    };
}

texts_table! { Key, TEXT_KEYS, EN;
    BannerTitle = "bannerTitle", "Your privacy choices";
    BannerText = "bannerText", "We use cookies and similar technologies for the purposes below. Optional ones stay off unless you accept them. You can change your mind at any time under “Privacy settings”.";
    AcceptAll = "acceptAll", "Accept all";
    RejectAll = "rejectAll", "Reject all";
    Preferences = "preferences", "Preferences";
    PrivacyPolicy = "privacyPolicy", "Privacy policy";
    PrefsTitle = "prefsTitle", "Privacy preferences";
    PrefsText = "prefsText", "Choose which purposes you allow. Required ones keep the site working and cannot be turned off.";
    Save = "save", "Save choices";
    Close = "close", "Close";
    AlwaysActive = "alwaysActive", "Always active";
    Vendors = "vendors", "Vendors";
    /// Embed placeholder; `{vendor}` is replaced by the vendor's name.
    PlaceholderText = "placeholderText", "This content from {vendor} is blocked until you allow it. Loading it lets {vendor} set cookies and learn that you visited this page.";
    LoadOnce = "loadOnce", "Load this once";
    /// `{vendor}` is replaced by the vendor's name.
    AllowVendor = "allowVendor", "Always allow {vendor}";
    /// In opt-out mode, used instead of `bannerText`.
    BannerTextOptOut = "bannerTextOptOut", "We and our partners use cookies and similar technologies for the purposes below, including to personalise ads, which may count as selling or sharing personal information. You can opt out of all of them or choose in Preferences, at any time.";
    /// In opt-out mode, used instead of `rejectAll`.
    RejectAllOptOut = "rejectAllOptOut", "Opt out of all";
    /// The floating re-open button's label.
    PrivacySettings = "privacySettings", "Privacy settings";
    /// In opt-out mode, the banner's text on the page load where Global Privacy Control became the choice.
    GpcHonoured = "gpcHonoured", "Your browser sent a Global Privacy Control signal, so we do not sell or share your personal information or use it for targeted ads. You can change this here at any time.";
    /// The opt-out link's text (`data-consent-sieve-open="do-not-sell"` with no text of its own).
    DoNotSell = "doNotSell", "Do Not Sell or Share My Personal Information";
    /// The dialog's button that saves the visitor's receipts as a JSON file.
    DownloadChoices = "downloadChoices", "Download my choices";
    /// "What is shared" under each vendor in the dialog (`core::inventory::shared`): its summary,
    /// then the terms and the lines of each action.
    WhatIsShared = "whatIsShared", "What is shared";
    SharedSentTo = "sharedSentTo", "Sent to";
    SharedStored = "sharedStored", "Stored on your device";
    SharedRetention = "sharedRetention", "Kept for";
    SharedWhileOn = "sharedWhileOn", "While allowed";
    SharedWhileOff = "sharedWhileOff", "While not allowed";
    SharedNothing = "sharedNothing", "Nothing is sent.";
    /// A vendor without a minimization policy.
    SharedAsCollected = "sharedAsCollected", "What its tags collect, as they collect it.";
    SharedKept = "sharedKept", "Sent";
    SharedHashed = "sharedHashed", "Sent as a hash";
    SharedPseudonym = "sharedPseudonym", "Sent as a pseudonym";
    SharedShortened = "sharedShortened", "Sent shortened";
    SharedGeneralized = "sharedGeneralized", "Sent as a range";
    SharedCleanUrl = "sharedCleanUrl", "Sent with the address cleaned";
    SharedRedacted = "sharedRedacted", "Blanked out";
    SharedDropped = "sharedDropped", "Never sent";
    SharedOthersDropped = "sharedOthersDropped", "Anything else is never sent.";
    SharedOthersScanned = "sharedOthersScanned", "Anything else is sent once personal data such as email addresses is taken out.";
    SharedOthersKept = "sharedOthersKept", "Anything else is sent as it is.";
    /// A rule that needs other purposes; `{purposes}` is replaced by their labels.
    SharedWith = "sharedWith", "with {purposes}";
    SharedWithout = "sharedWithout", "without {purposes}";
}

// The TCF layers' texts: only in the IAB cores (the `iab` feature), so consent-only pages carry none
// of them. Their other languages are js/lang/tcf/<code>.json, which iab.js loads (lang/tcf-<code>.js)
// for a config with `tcf` and the facade merges into `texts` under the site's own; a key missing there
// is English. The purposes' and vendors' own texts come from the GVL.
#[cfg(feature = "iab")]
texts_table! { TcfKey, TCF_TEXT_KEYS, TCF_EN;
    /// The first layer's line with the vendor count; `{count}` is replaced by it.
    TcfBannerText = "tcfBannerText", "We and our {count} partners store and access information on your device and process personal data, such as unique identifiers and browsing data, for these purposes. Some partners do so on the basis of their legitimate interest, which you can object to in Preferences.";
    /// The dialog's TCF part: its heading and its text.
    TcfTitle = "tcfTitle", "Our partners (IAB TCF)";
    TcfText = "tcfText", "These partners take part in the IAB Transparency & Consent Framework. Your consent to their purposes is the choice above for the purpose named. Where a partner relies on its legitimate interest instead, you can object to it here.";
    TcfPurposes = "tcfPurposes", "Purposes";
    /// `{purposes}` is replaced by the site purposes' labels.
    TcfConsentFrom = "tcfConsentFrom", "Consent: your choice for {purposes}";
    TcfNoConsent = "tcfNoConsent", "Consent is not asked for on this site.";
    TcfObject = "tcfObject", "Object to legitimate interest";
    TcfExamples = "tcfExamples", "Examples";
    TcfSpecialPurposes = "tcfSpecialPurposes", "Special purposes";
    TcfSpecialPurposesText = "tcfSpecialPurposesText", "Partners may do this without your consent, and you cannot object to it.";
    TcfFeatures = "tcfFeatures", "Features";
    TcfFeaturesText = "tcfFeaturesText", "Ways partners process data for the purposes above; there is no separate choice.";
    TcfSpecialFeatures = "tcfSpecialFeatures", "Special features";
    TcfSpecialFeaturesText = "tcfSpecialFeaturesText", "Only with your opt-in: each stays off unless you turn it on.";
    /// The vendor list's heading; `{count}` is replaced by the number of vendors.
    TcfVendors = "tcfVendors", "Partners ({count})";
    TcfConsent = "tcfConsent", "Consent";
    TcfVendorConsent = "tcfVendorConsent", "Purposes (consent)";
    TcfVendorLegInt = "tcfVendorLegInt", "Purposes (legitimate interest)";
    TcfDataCategories = "tcfDataCategories", "Data collected";
    TcfRetention = "tcfRetention", "Kept for";
    /// `{days}` is replaced by a number of days.
    TcfDays = "tcfDays", "{days} days";
    TcfStorage = "tcfStorage", "Device storage";
    /// `{days}` is replaced by the cookies' longest lifetime in days.
    TcfCookies = "tcfCookies", "Cookies, kept for up to {days} days";
    TcfSessionCookies = "tcfSessionCookies", "Cookies, for the session only";
    TcfOtherStorage = "tcfOtherStorage", "Other storage on your device";
    TcfNoStorage = "tcfNoStorage", "Stores nothing on your device";
    TcfStorageDetails = "tcfStorageDetails", "Storage details";
    TcfLegIntClaim = "tcfLegIntClaim", "Legitimate interest claim";
}

/// Right-to-left scripts by primary language.
const RTL: [&str; 6] = ["ar", "he", "fa", "ur", "ps", "yi"];

/// The texts for one page view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    /// Primary language code in use, e.g. `de`.
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    strings: Vec<String>,
    #[cfg(feature = "iab")]
    tcf: Vec<String>,
}

impl Texts {
    pub fn get(&self, key: Key) -> &str {
        &self.strings[key as usize]
    }

    /// The text with `{vendor}` replaced.
    pub fn with_vendor(&self, key: Key, vendor: &str) -> String {
        self.fill(key, "vendor}", vendor)
    }

    /// The text with each `{name}` replaced (`name` given with its closing brace: `"vendor}"`).
    pub fn fill(&self, key: Key, name: &str, value: &str) -> String {
        fill(self.get(key), name, value)
    }

    /// A TCF layer text.
    #[cfg(feature = "iab")]
    pub fn tcf(&self, key: TcfKey) -> &str {
        &self.tcf[key as usize]
    }

    /// A TCF layer text with each `{name}` replaced.
    #[cfg(feature = "iab")]
    pub fn tcf_fill(&self, key: TcfKey, name: &str, value: &str) -> String {
        fill(self.tcf(key), name, value)
    }
}

/// `text` with each `{name}` replaced (`name` given with its closing brace: `"vendor}"`).
fn fill(text: &str, name: &str, value: &str) -> String {
    // By hand: `str::replace` links a substring searcher and a panic path (~4 KB of wasm).
    let mut out = String::new();
    let mut rest = text;
    while let Some((head, tail)) = rest.split_once('{') {
        out.push_str(head);
        match tail.strip_prefix(name) {
            Some(after) => {
                out.push_str(value);
                rest = after;
            }
            None => {
                out.push('{');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The config's per-language overrides (`texts`): language tag → key → text.
pub type Overrides = Map<Map<String>>;

/// Whether texts exist for a primary language: English, or given in the config's `texts`.
pub fn available(texts: &Overrides, lang: &str) -> bool {
    lang == "en" || texts.keys().any(|k| primary(k) == lang)
}

/// Picks the language: `language` unless it is `auto`, else the first of the browser's languages
/// (`navigator.languages`, then `<html lang>`) that has texts, else English; a forced language whose
/// texts did not arrive also falls back to English. Missing keys are English. In opt-out mode the
/// banner uses `bannerTextOptOut` and `rejectAllOptOut`.
pub fn resolve(
    language: Option<&str>,
    texts: &Overrides,
    opt_out: bool,
    browser: &[String],
) -> Texts {
    let forced = language
        .filter(|l| *l != "auto")
        .map(primary)
        .filter(|l| available(texts, l));
    let lang = forced
        .or_else(|| {
            browser
                .iter()
                .filter(|l| is_lang(l))
                .map(|l| primary(l))
                .find(|l| available(texts, l))
        })
        .unwrap_or_else(|| "en".to_string());
    let table = texts
        .iter()
        .find(|(k, _)| primary(k) == lang)
        .map(|(_, table)| table);
    let text = |key: &str, en: &str| {
        table
            .and_then(|t| t.get(key))
            .cloned()
            .unwrap_or_else(|| en.to_string())
    };
    let mut strings: Vec<String> = TEXT_KEYS
        .iter()
        .zip(EN)
        .map(|(k, en)| text(k, en))
        .collect();
    #[cfg(feature = "iab")]
    let tcf = TCF_TEXT_KEYS
        .iter()
        .zip(TCF_EN)
        .map(|(k, en)| text(k, en))
        .collect();
    if opt_out {
        strings[Key::BannerText as usize] = strings[Key::BannerTextOptOut as usize].clone();
        strings[Key::RejectAll as usize] = strings[Key::RejectAllOptOut as usize].clone();
    }
    let dir = if RTL.contains(&lang.as_str()) {
        "rtl"
    } else {
        "ltr"
    };
    Texts {
        lang,
        dir,
        strings,
        #[cfg(feature = "iab")]
        tcf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::lang::BUNDLED;
    use crate::core::Config;
    fn resolve(c: &Config, browser: &[String]) -> Texts {
        c.resolve_texts(browser)
    }

    fn config(extra: &str) -> Config {
        let json =
            format!(r#"{{"policyVersion":"1","purposes":[{{"id":"a","label":"A"}}]{extra}}}"#);
        Config::from_json(&json).expect("valid config")
    }

    #[test]
    fn opt_out_mode_says_what_the_default_is() {
        let opt_in = resolve(&config(""), &["en".into()]);
        let opt_out = resolve(&config(r#","mode":"opt-out""#), &["en".into()]);
        assert!(opt_in
            .get(Key::BannerText)
            .contains("stay off unless you accept"));
        assert!(!opt_out.get(Key::BannerText).contains("stay off"));
        assert!(opt_out.get(Key::BannerText).contains("opt out"));
        assert_eq!(opt_out.get(Key::RejectAll), "Opt out of all");
        let de = resolve(
            &config(
                r#","mode":"opt-out","texts":{"de":{"rejectAllOptOut":"Allen widersprechen"}}"#,
            ),
            &["de".into()],
        );
        assert_eq!(de.get(Key::RejectAll), "Allen widersprechen");
        assert_eq!(
            de.get(Key::AcceptAll),
            "Accept all",
            "missing keys fall back to English"
        );
    }

    #[test]
    fn a_forced_language_whose_texts_did_not_arrive_falls_back_to_english() {
        let t = resolve(&config(r#","language":"de""#), &["de".into()]);
        assert_eq!(
            (t.lang.as_str(), t.get(Key::AcceptAll)),
            ("en", "Accept all")
        );
    }

    #[test]
    fn every_key_has_an_english_text() {
        for (key, text) in TEXT_KEYS.iter().zip(EN.iter()) {
            assert!(!text.trim().is_empty(), "{key} is empty");
        }
    }

    #[cfg(feature = "iab")]
    #[test]
    fn tcf_texts_are_english_unless_overridden_and_never_clash() {
        assert_eq!(TCF_TEXT_KEYS.len(), TCF_EN.len());
        for key in TCF_TEXT_KEYS {
            assert!(!TEXT_KEYS.contains(key), "{key} in both tables");
        }
        let t = resolve(
            &config(r#","texts":{"de":{"tcfObject":"Widersprechen"}}"#),
            &["de".into()],
        );
        assert_eq!(t.tcf(TcfKey::TcfObject), "Widersprechen");
        assert_eq!(t.tcf(TcfKey::TcfFeatures), "Features", "English otherwise");
        assert_eq!(
            t.tcf_fill(TcfKey::TcfVendors, "count}", "3"),
            "Partners (3)"
        );
    }

    /// The bundled language files: every key present, no unknown key, placeholders kept.
    #[test]
    fn bundled_language_files_are_complete() {
        for lang in BUNDLED.iter().filter(|l| **l != "en") {
            let path = format!("{}/js/lang/{lang}.json", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).expect("bundled file exists");
            let json = crate::core::json::Json::parse(&text).expect("valid JSON");
            let crate::core::json::Json::Obj(fields) = json else {
                panic!("{lang}: not an object")
            };
            for key in TEXT_KEYS {
                let value = fields.iter().find(|(k, _)| k == key).map(|(_, v)| v);
                let Some(crate::core::json::Json::Str(s)) = value else {
                    panic!("{lang}.{key} missing")
                };
                assert!(!s.trim().is_empty(), "{lang}.{key} empty");
                let en = EN[TEXT_KEYS.iter().position(|k| k == key).unwrap_or(0)];
                for placeholder in ["{vendor}", "{purposes}"] {
                    assert_eq!(
                        s.contains(placeholder),
                        en.contains(placeholder),
                        "{lang}.{key} keeps {placeholder}"
                    );
                }
            }
            assert_eq!(fields.len(), TEXT_KEYS.len(), "{lang}: no unknown keys");
            // And a config carrying it is valid.
            let cfg = format!(
                r#"{{"policyVersion":"1","purposes":[{{"id":"a","label":"A"}}],"texts":{{"{lang}":{text}}}}}"#
            );
            Config::from_json(&cfg).unwrap_or_else(|e| panic!("{lang}: {e}"));
        }
    }
}
