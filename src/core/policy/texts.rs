//! UI texts: built-in English, German and French, chosen from the browser's languages and
//! overridable per key and per language in the config.
use super::config::{is_lang, Config, Mode};

/// Every text key, in the order of the tables below.
pub const TEXT_KEYS: [&str; 15] = [
    "bannerTitle",
    "bannerText",
    "acceptAll",
    "rejectAll",
    "preferences",
    "privacyPolicy",
    "prefsTitle",
    "prefsText",
    "save",
    "close",
    "alwaysActive",
    "vendors",
    "placeholderText",
    "loadOnce",
    "allowVendor",
];

/// Index of each key in a table; `Texts::get(Key::AcceptAll)` reads well and cannot be misspelt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    BannerTitle,
    BannerText,
    AcceptAll,
    RejectAll,
    Preferences,
    PrivacyPolicy,
    PrefsTitle,
    PrefsText,
    Save,
    Close,
    AlwaysActive,
    Vendors,
    /// Embed placeholder; `{vendor}` is replaced by the vendor's name.
    PlaceholderText,
    LoadOnce,
    /// `{vendor}` is replaced by the vendor's name.
    AllowVendor,
}

const EN: [&str; 15] = [
    "Your privacy choices",
    "We use cookies and similar technologies for the purposes below. Optional ones stay off unless you accept them. You can change your mind at any time under “Privacy settings”.",
    "Accept all",
    "Reject all",
    "Preferences",
    "Privacy policy",
    "Privacy preferences",
    "Choose which purposes you allow. Required ones keep the site working and cannot be turned off.",
    "Save choices",
    "Close",
    "Always active",
    "Vendors",
    "This content from {vendor} is blocked until you allow it. Loading it lets {vendor} set cookies and learn that you visited this page.",
    "Load this once",
    "Always allow {vendor}",
];

const DE: [&str; 15] = [
    "Ihre Datenschutz-Einstellungen",
    "Wir verwenden Cookies und ähnliche Technologien für die unten genannten Zwecke. Optionale bleiben aus, solange Sie nicht zustimmen. Sie können Ihre Wahl jederzeit unter „Datenschutz-Einstellungen“ ändern.",
    "Alle akzeptieren",
    "Alle ablehnen",
    "Einstellungen",
    "Datenschutzerklärung",
    "Datenschutz-Einstellungen",
    "Wählen Sie, welche Zwecke Sie erlauben. Notwendige halten die Website am Laufen und lassen sich nicht abschalten.",
    "Auswahl speichern",
    "Schließen",
    "Immer aktiv",
    "Anbieter",
    "Dieser Inhalt von {vendor} ist blockiert, bis Sie ihn erlauben. Beim Laden kann {vendor} Cookies setzen und erfährt, dass Sie diese Seite besucht haben.",
    "Einmal laden",
    "{vendor} immer erlauben",
];

const FR: [&str; 15] = [
    "Vos choix de confidentialité",
    "Nous utilisons des cookies et des technologies similaires pour les finalités ci-dessous. Celles qui sont facultatives restent désactivées tant que vous ne les acceptez pas. Vous pouvez changer d’avis à tout moment dans « Paramètres de confidentialité ».",
    "Tout accepter",
    "Tout refuser",
    "Personnaliser",
    "Politique de confidentialité",
    "Préférences de confidentialité",
    "Choisissez les finalités que vous autorisez. Celles qui sont nécessaires font fonctionner le site et ne peuvent pas être désactivées.",
    "Enregistrer mes choix",
    "Fermer",
    "Toujours actif",
    "Partenaires",
    "Ce contenu de {vendor} est bloqué tant que vous ne l’autorisez pas. Le charger permet à {vendor} de déposer des cookies et de savoir que vous avez consulté cette page.",
    "Charger une seule fois",
    "Toujours autoriser {vendor}",
];

const BUILT_IN: [(&str, &[&str; 15]); 3] = [("en", &EN), ("de", &DE), ("fr", &FR)];

/// Opt-out (CCPA-style) mode: purposes run until the person opts out, so the notice says so, and
/// the refusal button names what it does. (bannerText, rejectAll) per language.
const OPT_OUT: [(&str, &str, &str); 3] = [
    (
        "en",
        "We and our partners use cookies and similar technologies for the purposes below, including to personalise ads, which may count as selling or sharing personal information. You can opt out of all of them or choose in Preferences, at any time.",
        "Opt out of all",
    ),
    (
        "de",
        "Wir und unsere Partner verwenden Cookies und ähnliche Technologien für die unten genannten Zwecke, auch für personalisierte Werbung, was als Verkauf oder Weitergabe personenbezogener Daten gelten kann. Sie können jederzeit allen widersprechen oder in den Einstellungen wählen.",
        "Allen widersprechen",
    ),
    (
        "fr",
        "Nos partenaires et nous utilisons des cookies et des technologies similaires pour les finalités ci-dessous, y compris pour personnaliser la publicité, ce qui peut constituer une vente ou un partage de données personnelles. Vous pouvez vous y opposer à tout moment, en bloc ou dans Personnaliser.",
        "Tout refuser",
    ),
];

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
}

impl Texts {
    pub fn get(&self, key: Key) -> &str {
        &self.strings[key as usize]
    }

    /// The text with `{vendor}` replaced.
    pub fn with_vendor(&self, key: Key, vendor: &str) -> String {
        // By hand: `str::replace` links a substring searcher and a panic path (~4 KB of wasm).
        let mut out = String::new();
        let mut rest = self.get(key);
        while let Some((head, tail)) = rest.split_once('{') {
            out.push_str(head);
            match tail.strip_prefix("vendor}") {
                Some(after) => {
                    out.push_str(vendor);
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
}

/// Whether texts exist for a primary language: built in, or given in the config's `texts`.
pub fn available(config: &Config, lang: &str) -> bool {
    BUILT_IN.iter().any(|(l, _)| *l == lang) || config.texts.keys().any(|k| primary(k) == lang)
}

/// Picks the language: the config's `language` unless it is `auto`, else the first of the browser's
/// languages (`navigator.languages`, then `<html lang>`) that is built in or given in `texts`,
/// else English. Then applies the config's per-key overrides on top of the built-in table.
pub fn resolve(config: &Config, browser: &[String]) -> Texts {
    let forced = config
        .language
        .as_deref()
        .filter(|l| *l != "auto")
        .map(primary);
    let lang = forced
        .or_else(|| {
            browser
                .iter()
                .filter(|l| is_lang(l))
                .map(|l| primary(l))
                .find(|l| available(config, l))
        })
        .unwrap_or_else(|| "en".to_string());
    let base = BUILT_IN
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, t)| *t)
        .unwrap_or(&EN);
    let opt_out = OPT_OUT
        .iter()
        .find(|(l, _, _)| config.mode == Mode::OptOut && *l == lang);
    let overrides = config
        .texts
        .iter()
        .find(|(k, _)| primary(k) == lang)
        .map(|(_, table)| table);
    let strings = TEXT_KEYS
        .iter()
        .zip(base.iter())
        .map(|(key, default)| {
            let default = match (opt_out, *key) {
                (Some((_, text, _)), "bannerText") => text,
                (Some((_, _, reject)), "rejectAll") => reject,
                _ => default,
            };
            overrides
                .and_then(|o| o.get(key))
                .cloned()
                .unwrap_or_else(|| default.to_string())
        })
        .collect();
    let dir = if RTL.contains(&lang.as_str()) {
        "rtl"
    } else {
        "ltr"
    };
    Texts { lang, dir, strings }
}

fn primary(tag: &str) -> String {
    tag.split('-').next().unwrap_or(tag).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let de = resolve(&config(r#","mode":"opt-out""#), &["de".into()]);
        assert_eq!(de.get(Key::RejectAll), "Allen widersprechen");
        // A site's own text still wins.
        let custom = resolve(
            &config(r#","mode":"opt-out","texts":{"en":{"rejectAll":"Do not sell or share"}}"#),
            &["en".into()],
        );
        assert_eq!(custom.get(Key::RejectAll), "Do not sell or share");
    }

    #[test]
    fn every_built_in_table_is_complete() {
        for (lang, table) in BUILT_IN {
            for (key, text) in TEXT_KEYS.iter().zip(table.iter()) {
                assert!(!text.trim().is_empty(), "{lang}.{key} is empty");
            }
        }
    }
}
