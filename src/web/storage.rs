//! Where the record lives: localStorage `consent-sieve` and the first-party cookie `consent_sieve`
//! (same record, percent-encoded, so a server can read it). Every access is guarded: when storage is
//! blocked or throws, the record is kept in memory for this page and the console says so once.
use std::cell::{Cell, RefCell};

use super::env;
use crate::core::error::{cat, num};
use crate::core::pattern;

pub const KEY: &str = "consent-sieve";
pub const COOKIE: &str = "consent_sieve";
/// The visitor's receipts, one a line (core::receipt::append_kept keeps the newest).
pub const RECEIPTS: &str = "consent-sieve-receipts";

/// The cached Global Vendor List (core::tcf::gvl::cache_entry), TCF with `tcf.gvlUrl` only.
#[cfg(feature = "iab")]
pub const GVL: &str = "consent-sieve-gvl";

/// What an erasure removed, by name.
#[derive(Default)]
pub struct Erased {
    pub cookies: Vec<String>,
    pub local: Vec<String>,
    pub session: Vec<String>,
}

pub struct Store {
    local: Option<web_sys::Storage>,
    cookies: bool,
    memory: RefCell<Option<String>>,
    receipts: RefCell<String>,
    degraded: Cell<bool>,
    cookie_domain: Option<String>,
}

impl Store {
    /// Probes localStorage (a write and a delete) and `document.cookie` without letting either throw.
    pub fn open(cookie_domain: Option<String>) -> Store {
        let local = env::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .filter(|s| {
                let probe = "consent-sieve-probe";
                s.set_item(probe, "1").is_ok() && s.remove_item(probe).is_ok()
            });
        let cookies = env::html_document().is_some_and(|d| d.cookie().is_ok());
        let store = Store {
            local,
            cookies,
            memory: RefCell::new(None),
            receipts: RefCell::new(String::new()),
            degraded: Cell::new(false),
            cookie_domain,
        };
        if store.local.is_none() || !store.cookies {
            store.degrade();
        }
        store
    }

    fn degrade(&self) {
        if !self.degraded.replace(true) {
            env::warn("consent-sieve: browser storage is blocked or failing; the choice is kept in memory for this page only and the banner will ask again on the next page.");
        }
    }

    pub fn mode(&self) -> &'static str {
        if self.degraded.get() {
            "memory"
        } else {
            "persistent"
        }
    }

    pub fn load(&self) -> Option<String> {
        if let Some(v) = self
            .local
            .as_ref()
            .and_then(|s| s.get_item(KEY).ok().flatten())
        {
            return Some(v);
        }
        if let Some(v) = self.cookie(COOKIE) {
            return Some(v);
        }
        self.memory.borrow().clone()
    }

    /// Writes the record everywhere it can; `max_age` is the remaining lifetime in seconds.
    pub fn save(&self, record: &str, max_age: u64) {
        *self.memory.borrow_mut() = Some(record.to_string());
        if let Some(s) = &self.local {
            if s.set_item(KEY, record).is_err() {
                self.degrade();
            }
        }
        let value = String::from(js_sys::encode_uri_component(record));
        let mut cookie = cat(&[
            COOKIE,
            "=",
            &value,
            "; Path=/; Max-Age=",
            &num(max_age, 1),
            "; SameSite=Lax",
        ]);
        if let Some(d) = &self.cookie_domain {
            cookie.push_str("; Domain=");
            cookie.push_str(d);
        }
        if env::is_https() {
            cookie.push_str("; Secure");
        }
        if !self.set_cookie(&cookie) {
            self.degrade();
        }
    }

    /// The kept receipts (NDJSON; empty when none).
    pub fn receipts(&self) -> String {
        self.local
            .as_ref()
            .and_then(|s| s.get_item(RECEIPTS).ok().flatten())
            .unwrap_or_else(|| self.receipts.borrow().clone())
    }

    pub fn save_receipts(&self, chain: &str) {
        *self.receipts.borrow_mut() = chain.to_string();
        if let Some(s) = &self.local {
            if s.set_item(RECEIPTS, chain).is_err() {
                self.degrade();
            }
        }
    }

    /// The cached GVL entry, if localStorage has one (blocked or throwing: none).
    #[cfg(feature = "iab")]
    pub fn gvl_cache(&self) -> Option<String> {
        self.local.as_ref()?.get_item(GVL).ok().flatten()
    }

    /// Caches a GVL entry; when it does not fit (quota), the old one goes, so no stale copy stays.
    #[cfg(feature = "iab")]
    pub fn save_gvl_cache(&self, entry: &str) {
        if let Some(s) = &self.local {
            if s.set_item(GVL, entry).is_err() {
                let _ = s.remove_item(GVL);
            }
        }
    }

    /// Erases the stored record (memory, localStorage, cookie); whether there was one to erase.
    pub fn clear(&self) -> bool {
        let had = self.load().is_some(); // local storage, then the cookie, then memory
        *self.memory.borrow_mut() = None;
        if let Some(s) = &self.local {
            let _ = s.remove_item(KEY);
        }
        let mut cookie = cat(&[COOKIE, "=; Path=/; Max-Age=0; SameSite=Lax"]);
        if let Some(d) = &self.cookie_domain {
            cookie.push_str("; Domain=");
            cookie.push_str(d);
        }
        self.set_cookie(&cookie);
        had
    }

    fn set_cookie(&self, cookie: &str) -> bool {
        self.cookies && env::html_document().is_some_and(|d| d.set_cookie(cookie).is_ok())
    }

    fn cookie_string(&self) -> String {
        if !self.cookies {
            return String::new();
        }
        env::html_document()
            .and_then(|d| d.cookie().ok())
            .unwrap_or_default()
    }

    fn cookie(&self, name: &str) -> Option<String> {
        self.cookie_string().split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name)
                .then(|| js_sys::decode_uri_component(v).ok().map(String::from))
                .flatten()
        })
    }

    /// Deletes the cookies whose names match any of `patterns`, on this host and every parent
    /// domain, for `/` and every path prefix of the current page; and the localStorage and
    /// sessionStorage keys matching `storage_patterns`. Returns what it erased (the cookies the page
    /// can see: an `HttpOnly` cookie is the server's to delete).
    pub fn erase_matching(&self, patterns: &[&str], storage_patterns: &[&str]) -> Erased {
        let mut erased = Erased::default();
        if !patterns.is_empty() {
            let names: Vec<String> = self
                .cookie_string()
                .split(';')
                .filter_map(|p| p.trim().split_once('=').map(|(k, _)| k.to_string()))
                .filter(|n| n != COOKIE && patterns.iter().any(|p| pattern::matches(p, n)))
                .collect();
            let (domains, paths) = pattern::cookie_scopes(&env::host(), &env::path());
            for name in &names {
                for path in &paths {
                    for domain in &domains {
                        let mut c = cat(&[name, "=; Max-Age=0; Path=", path]);
                        if let Some(d) = domain {
                            c.push_str("; Domain=");
                            c.push_str(d);
                        }
                        self.set_cookie(&c);
                    }
                }
            }
            // Only the names that are gone now: one set for a scope this page cannot reach stays.
            let left = self.cookie_string();
            let gone = |n: &String| {
                !left
                    .split(';')
                    .any(|p| p.trim().split_once('=').is_some_and(|(k, _)| k == n))
            };
            for n in names {
                if gone(&n) && !erased.cookies.contains(&n) {
                    erased.cookies.push(n);
                }
            }
        }
        if storage_patterns.is_empty() {
            return erased;
        }
        let session = env::window().and_then(|w| w.session_storage().ok().flatten());
        for (s, out) in [
            (self.local.as_ref(), &mut erased.local),
            (session.as_ref(), &mut erased.session),
        ] {
            let Some(s) = s else { continue };
            let len = s.length().unwrap_or(0);
            let keys: Vec<String> = (0..len).filter_map(|i| s.key(i).ok().flatten()).collect();
            for k in keys {
                if k != KEY
                    && k != RECEIPTS
                    && !k.starts_with("consent-sieve-")
                    && storage_patterns.iter().any(|p| pattern::matches(p, &k))
                    && s.remove_item(&k).is_ok()
                {
                    out.push(k);
                }
            }
        }
        erased
    }
}
