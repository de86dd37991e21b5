//! The IAB Global Vendor List (GVL v3, `vendor-list.json`): a strict, linear reader of the site's own
//! copy, keeping only what the config's vendors need (the vendor subset), the subset written back as
//! GVL JSON (what the browser caches), and the cache entry's rules (URL, version, age, the vendor ids).
//!
//! Limits (past one it fails closed with `gvl.too_large`): [`MAX_BYTES`] of text, [`MAX_DEPTH`]
//! levels of nesting, [`MAX_VENDORS`] vendors, and the JSON reader's 500,000 keys and values. Every
//! other problem is `gvl.invalid` with the path of the field (`vendors.755.purposes[0]`). Fields the
//! reader does not use are ignored (the GVL grows), fields it uses must have their type and range;
//! vendors the config does not name are only counted.
use crate::core::error::{cat, item, join, num, ConsentError};
use crate::core::json::{Json, Writer};
use crate::core::policy::Config;

/// Bytes of GVL text read (4 MiB; the IAB's list is about 1 MiB).
pub const MAX_BYTES: usize = 4 << 20;
/// Levels of nesting (the GVL uses 5).
pub const MAX_DEPTH: usize = 8;
/// Vendors in the list (the IAB's has about 1,000 entries).
pub const MAX_VENDORS: usize = 10_000;
/// The GVL format read: `gvlSpecificationVersion` 3 (TCF v2.2 and later).
pub const SPEC_VERSION: i64 = 3;
/// How long a cached copy is used before it is fetched again (a day; the IAB publishes weekly).
pub const CACHE_MAX_AGE_MS: u64 = 24 * 60 * 60 * 1000;

/// A purpose, special purpose, feature or special feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: u8,
    pub name: String,
    pub description: String,
    pub illustrations: Vec<String>,
    /// `consentable` (default true): false ⇒ no consent choice is offered.
    pub consentable: bool,
    /// `rightToObject` (default true): false ⇒ no objection is offered.
    pub right_to_object: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stack {
    pub id: u8,
    pub name: String,
    pub description: String,
    pub purposes: Vec<u8>,
    pub special_features: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataCategory {
    pub id: u8,
    pub name: String,
    pub description: String,
}

/// One of a vendor's `urls`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorUrl {
    pub lang_id: String,
    pub privacy: String,
    pub leg_int_claim: Option<String>,
}

/// `dataRetention`: days, standard and per (special) purpose.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Retention {
    pub std: Option<u32>,
    pub purposes: Vec<(u8, u32)>,
    pub special_purposes: Vec<(u8, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vendor {
    pub id: u16,
    pub name: String,
    pub purposes: Vec<u8>,
    pub leg_int_purposes: Vec<u8>,
    pub flexible_purposes: Vec<u8>,
    pub special_purposes: Vec<u8>,
    pub features: Vec<u8>,
    pub special_features: Vec<u8>,
    pub data_declaration: Vec<u8>,
    /// `deletedDate` as given: a deleted vendor is never disclosed nor consented.
    pub deleted_date: Option<String>,
    pub urls: Vec<VendorUrl>,
    pub retention: Option<Retention>,
    pub uses_cookies: bool,
    /// Seconds; ≤ 0 means session cookies; `None` when not given (or null: no cookies).
    pub cookie_max_age_seconds: Option<i64>,
    pub uses_non_cookie_access: bool,
    pub device_storage_disclosure_url: Option<String>,
}

/// The GVL, with the vendors the config names (those in the list, deleted ones included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gvl {
    pub vendor_list_version: u16,
    pub tcf_policy_version: u8,
    pub last_updated: String,
    pub purposes: Vec<Item>,
    pub special_purposes: Vec<Item>,
    pub features: Vec<Item>,
    pub special_features: Vec<Item>,
    pub stacks: Vec<Stack>,
    pub data_categories: Vec<DataCategory>,
    /// Ascending by id.
    pub vendors: Vec<Vendor>,
}

fn invalid(path: &str, reason: &str) -> ConsentError {
    ConsentError::new("gvl.invalid", path, reason)
}

fn too_large(reason: &str) -> ConsentError {
    ConsentError::new("gvl.too_large", "", reason)
}

fn depth(v: &Json) -> usize {
    match v {
        Json::Arr(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Json::Obj(fields) => 1 + fields.iter().map(|(_, v)| depth(v)).max().unwrap_or(0),
        _ => 0,
    }
}

/// A present, non-null field.
fn opt<'a>(obj: &'a [(String, Json)], key: &str) -> Option<&'a Json> {
    obj.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .filter(|v| **v != Json::Null)
}

/// An id written as an object key: decimal, no sign or leading zero, `1..=max`.
fn id_key(k: &str, max: u32) -> Option<u32> {
    let b = k.as_bytes();
    if b.is_empty() || b.len() > 5 || b[0] == b'0' || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = b.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    (n <= max).then_some(n)
}

static NULL: Json = Json::Null;

/// One object-keyed entry: its id, its path and its fields.
type Entry<'a> = (u16, String, &'a [(String, Json)]);

/// The reader: every field read goes through it, and the first problem is kept (what is read after
/// one is thrown away). One sink instead of a `?` per field keeps the wasm small: no ladder of
/// clean-ups for the half-built structs on every early return.
struct Rd {
    err: Option<ConsentError>,
}

impl Rd {
    fn fail(&mut self, path: &str, reason: &str) {
        if self.err.is_none() {
            self.err = Some(invalid(path, reason));
        }
    }

    fn kind(&mut self, path: &str, want: &str, v: &Json) {
        self.fail(path, &cat(&["must be ", want, ", not ", v.kind()]));
    }

    fn obj<'a>(&mut self, v: &'a Json, path: &str) -> &'a [(String, Json)] {
        match v {
            Json::Obj(f) => f,
            _ => {
                self.kind(path, "an object", v);
                &[]
            }
        }
    }

    fn need<'a>(&mut self, o: &'a [(String, Json)], path: &str, key: &str) -> &'a Json {
        match opt(o, key) {
            Some(v) => v,
            None => {
                self.fail(&join(path, key), "is required");
                &NULL
            }
        }
    }

    fn int(&mut self, v: &Json, path: &str, lo: i64, hi: i64) -> i64 {
        match v {
            Json::Int(n) if (lo..=hi).contains(n) => *n,
            Json::Int(_) => {
                self.fail(
                    path,
                    &cat(&[
                        "must be a whole number from ",
                        &num(lo as u64, 1),
                        " to ",
                        &num(hi as u64, 1),
                    ]),
                );
                lo
            }
            _ => {
                self.kind(path, "a whole number", v);
                lo
            }
        }
    }

    fn need_int(&mut self, o: &[(String, Json)], path: &str, key: &str, lo: i64, hi: i64) -> i64 {
        let v = self.need(o, path, key);
        self.int(v, &join(path, key), lo, hi)
    }

    fn text(&mut self, v: &Json, path: &str) -> String {
        match v {
            Json::Str(s) => s.clone(),
            _ => {
                self.kind(path, "a string", v);
                String::new()
            }
        }
    }

    fn need_text(&mut self, o: &[(String, Json)], path: &str, key: &str) -> String {
        let v = self.need(o, path, key);
        self.text(v, &join(path, key))
    }

    fn opt_text(&mut self, o: &[(String, Json)], path: &str, key: &str) -> Option<String> {
        let v = opt(o, key)?;
        Some(self.text(v, &join(path, key)))
    }

    fn flag(&mut self, o: &[(String, Json)], path: &str, key: &str, default: bool) -> bool {
        match opt(o, key) {
            None => default,
            Some(Json::Bool(b)) => *b,
            Some(v) => {
                self.kind(&join(path, key), "true or false", v);
                default
            }
        }
    }

    fn arr<'a>(&mut self, o: &'a [(String, Json)], path: &str, key: &str) -> &'a [Json] {
        match opt(o, key) {
            None => &[],
            Some(Json::Arr(a)) => a,
            Some(v) => {
                self.kind(&join(path, key), "an array", v);
                &[]
            }
        }
    }

    /// An array of ids in `1..=max` (absent: empty), each once.
    fn ids(&mut self, o: &[(String, Json)], path: &str, key: &str, max: i64) -> Vec<u8> {
        let at = join(path, key);
        let mut out: Vec<u8> = Vec::new();
        for (i, v) in self.arr(o, path, key).iter().enumerate() {
            let p = item(&at, i);
            let id = self.int(v, &p, 1, max) as u8;
            if out.contains(&id) {
                self.fail(&p, "is listed twice");
            }
            out.push(id);
        }
        out
    }

    /// A map keyed by id (`{"1": {"id": 1, …}}`): each entry's key must be its `id`, in `1..=max`.
    fn entries<'a>(
        &mut self,
        root: &'a [(String, Json)],
        key: &str,
        max: i64,
        required: bool,
    ) -> Vec<Entry<'a>> {
        let mut out = Vec::new();
        let Some(v) = opt(root, key) else {
            if required {
                self.fail(key, "is required");
            }
            return out;
        };
        for (k, e) in self.obj(v, key) {
            let at = join(key, k);
            let o = self.obj(e, &at);
            let id = self.need_int(o, &at, "id", 1, max);
            if num(id as u64, 1) != *k {
                self.fail(&join(&at, "id"), "must be the same number as its key");
            }
            out.push((id as u16, at, o));
        }
        out
    }

    fn items(&mut self, root: &[(String, Json)], key: &str, max: i64) -> Vec<Item> {
        let mut out = Vec::new();
        for (id, at, o) in self.entries(root, key, max, true) {
            let ip = join(&at, "illustrations");
            let mut illustrations = Vec::new();
            for (i, x) in self.arr(o, &at, "illustrations").iter().enumerate() {
                illustrations.push(self.text(x, &item(&ip, i)));
            }
            out.push(Item {
                id: id as u8,
                name: self.need_text(o, &at, "name"),
                description: self.opt_text(o, &at, "description").unwrap_or_default(),
                illustrations,
                consentable: self.flag(o, &at, "consentable", true),
                right_to_object: self.flag(o, &at, "rightToObject", true),
            });
        }
        out
    }

    /// `{purposeId: days}`.
    fn days(&mut self, o: &[(String, Json)], path: &str, key: &str) -> Vec<(u8, u32)> {
        let at = join(path, key);
        let mut out = Vec::new();
        let Some(v) = opt(o, key) else {
            return out;
        };
        for (k, d) in self.obj(v, &at) {
            let p = join(&at, k);
            let id = id_key(k, 24).unwrap_or_else(|| {
                self.fail(&p, "must be keyed by a purpose id");
                0
            });
            out.push((id as u8, self.int(d, &p, 0, u32::MAX.into()) as u32));
        }
        out
    }

    fn vendor(&mut self, id: u16, at: &str, o: &[(String, Json)]) -> Vendor {
        let uat = join(at, "urls");
        let list = self.arr(o, at, "urls");
        if list.len() > 40 {
            self.fail(&uat, "has more than 40 entries");
        }
        let mut urls = Vec::new();
        for (i, x) in list.iter().enumerate() {
            let p = item(&uat, i);
            let u = self.obj(x, &p);
            urls.push(VendorUrl {
                lang_id: self.need_text(u, &p, "langId"),
                privacy: self.need_text(u, &p, "privacy"),
                leg_int_claim: self.opt_text(u, &p, "legIntClaim"),
            });
        }
        let retention = match opt(o, "dataRetention") {
            None => None,
            Some(v) => {
                let rat = join(at, "dataRetention");
                let r = self.obj(v, &rat);
                let std = opt(r, "stdRetention")
                    .map(|d| self.int(d, &join(&rat, "stdRetention"), 0, u32::MAX.into()) as u32);
                Some(Retention {
                    std,
                    purposes: self.days(r, &rat, "purposes"),
                    special_purposes: self.days(r, &rat, "specialPurposes"),
                })
            }
        };
        let purposes = self.ids(o, at, "purposes", 24);
        let leg_int_purposes = self.ids(o, at, "legIntPurposes", 24);
        let flexible_purposes = self.ids(o, at, "flexiblePurposes", 24);
        if let Some(i) = flexible_purposes
            .iter()
            .position(|p| !purposes.contains(p) && !leg_int_purposes.contains(p))
        {
            self.fail(
                &item(&join(at, "flexiblePurposes"), i),
                "must be one of the vendor's purposes or legIntPurposes",
            );
        }
        let cookie_max_age_seconds = match opt(o, "cookieMaxAgeSeconds") {
            None => None,
            Some(Json::Int(n)) => Some(*n),
            Some(v) => {
                self.kind(
                    &join(at, "cookieMaxAgeSeconds"),
                    "a whole number or null",
                    v,
                );
                None
            }
        };
        Vendor {
            id,
            name: self.need_text(o, at, "name"),
            purposes,
            leg_int_purposes,
            flexible_purposes,
            special_purposes: self.ids(o, at, "specialPurposes", 24),
            features: self.ids(o, at, "features", 24),
            special_features: self.ids(o, at, "specialFeatures", 12),
            data_declaration: self.ids(o, at, "dataDeclaration", 255),
            deleted_date: self.opt_text(o, at, "deletedDate"),
            urls,
            retention,
            uses_cookies: self.flag(o, at, "usesCookies", false),
            cookie_max_age_seconds,
            uses_non_cookie_access: self.flag(o, at, "usesNonCookieAccess", false),
            device_storage_disclosure_url: self.opt_text(o, at, "deviceStorageDisclosureUrl"),
        }
    }
}

impl Gvl {
    /// Reads GVL v3 JSON, keeping the vendors whose ids are in `wanted` (the config's `gvlId`s).
    pub fn parse(text_in: &str, wanted: &[u16]) -> Result<Gvl, ConsentError> {
        Gvl::parse_subset(text_in, wanted).map(|(g, _)| g)
    }

    /// [`Gvl::parse`], and the GVL JSON of the subset: the list as given with only the `wanted`
    /// vendors (what the browser caches; [`Gvl::parse`] reads it back to the same `Gvl`).
    pub fn parse_subset(text_in: &str, wanted: &[u16]) -> Result<(Gvl, String), ConsentError> {
        if text_in.len() > MAX_BYTES {
            return Err(too_large("the Global Vendor List is longer than 4 MiB"));
        }
        let root = Json::parse(text_in).map_err(|e| {
            if e.limit {
                too_large(&cat(&[
                    "the Global Vendor List is too large to read: ",
                    e.reason,
                ]))
            } else {
                invalid(
                    "",
                    &cat(&[
                        "the Global Vendor List is not valid JSON: ",
                        e.reason,
                        " at character ",
                        &num(e.offset as u64, 1),
                    ]),
                )
            }
        })?;
        if depth(&root) > MAX_DEPTH + 1 {
            return Err(too_large(
                "the Global Vendor List is nested more than 8 levels deep",
            ));
        }
        let rd = &mut Rd { err: None };
        let r = rd.obj(&root, "");
        if rd.need_int(r, "", "gvlSpecificationVersion", 0, 255) != SPEC_VERSION {
            rd.fail(
                "gvlSpecificationVersion",
                "must be 3 (the GVL of TCF v2.2 and later, vendor-list.json under /v3/)",
            );
        }
        let vendors_v = rd.need(r, "", "vendors");
        let listed = rd.obj(vendors_v, "vendors");
        if rd.err.is_none() && listed.len() > MAX_VENDORS {
            return Err(too_large(
                "the Global Vendor List has more than 10,000 vendors",
            ));
        }
        let vendor_list_version = rd.need_int(r, "", "vendorListVersion", 1, 4095) as u16;
        let tcf_policy_version = rd.need_int(r, "", "tcfPolicyVersion", 4, 63) as u8;
        let last_updated = rd.need_text(r, "", "lastUpdated");
        let purposes = rd.items(r, "purposes", 24);
        let special_purposes = rd.items(r, "specialPurposes", 24);
        let features = rd.items(r, "features", 24);
        let special_features = rd.items(r, "specialFeatures", 12);
        let mut stacks = Vec::new();
        for (id, at, o) in rd.entries(r, "stacks", 255, false) {
            stacks.push(Stack {
                id: id as u8,
                name: rd.need_text(o, &at, "name"),
                description: rd.opt_text(o, &at, "description").unwrap_or_default(),
                purposes: rd.ids(o, &at, "purposes", 24),
                special_features: rd.ids(o, &at, "specialFeatures", 12),
            });
        }
        let mut data_categories = Vec::new();
        for (id, at, o) in rd.entries(r, "dataCategories", 255, false) {
            data_categories.push(DataCategory {
                id: id as u8,
                name: rd.need_text(o, &at, "name"),
                description: rd.opt_text(o, &at, "description").unwrap_or_default(),
            });
        }
        let mut vendors: Vec<Vendor> = Vec::new();
        let mut kept: Vec<(String, Json)> = Vec::new();
        for (k, v) in listed {
            let at = join("vendors", k);
            let Some(id) = id_key(k, 65_535) else {
                rd.fail(&at, "must be keyed by a vendor id from 1 to 65535");
                continue;
            };
            let id = id as u16;
            if !wanted.contains(&id) {
                continue;
            }
            let o = rd.obj(v, &at);
            if rd.need_int(o, &at, "id", 1, 65_535) != i64::from(id) {
                rd.fail(&join(&at, "id"), "must be the same number as its key");
            }
            let parsed = rd.vendor(id, &at, o);
            vendors.insert(vendors.partition_point(|u| u.id < id), parsed);
            kept.push((k.clone(), v.clone()));
        }
        if let Some(e) = rd.err.take() {
            return Err(e);
        }
        let subset = Json::Obj(
            r.iter()
                .map(|(k, v)| match k.as_str() {
                    "vendors" => (k.clone(), Json::Obj(std::mem::take(&mut kept))),
                    _ => (k.clone(), v.clone()),
                })
                .collect(),
        )
        .to_text();
        let gvl = Gvl {
            vendor_list_version,
            tcf_policy_version,
            last_updated,
            purposes,
            special_purposes,
            features,
            special_features,
            stacks,
            data_categories,
            vendors,
        };
        Ok((gvl, subset))
    }

    /// The vendor `id` if the list has it and it is not deleted.
    pub fn vendor(&self, id: u16) -> Option<&Vendor> {
        self.vendors
            .iter()
            .find(|v| v.id == id && v.deleted_date.is_none())
    }

    /// The config's vendors whose `gvlId` the list lacks or marks deleted, as the warnings the
    /// console shows (`gvl.unlisted_vendor`). They are never disclosed nor consented in a TC string.
    pub fn unlisted(&self, config: &Config) -> Vec<ConsentError> {
        config
            .vendors
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((i, v, v.gvl_id?)))
            .filter(|(_, _, id)| self.vendor(*id).is_none())
            .map(|(i, v, id)| unlisted_error(&v.id, id, i))
            .collect()
    }
}

/// The config's GVL ids, ascending: the vendor subset kept.
pub fn wanted(config: &Config) -> Vec<u16> {
    let mut ids: Vec<u16> = config.vendors.iter().filter_map(|v| v.gvl_id).collect();
    crate::core::sort::sort(&mut ids);
    ids
}

/// The cache entry (localStorage `consent-sieve-gvl`) for the GVL `subset` (JSON, from
/// [`Gvl::parse_subset`]) fetched from `url` at `now`: `{"url", "at", "ids", "gvl"}`, the ids being the
/// subset kept.
pub fn cache_entry(subset: &str, url: &str, ids: &[u16], now: u64) -> String {
    let mut w = Writer::new();
    w.obj()
        .key("url")
        .str(url)
        .key("at")
        .int(now)
        .key("ids")
        .arr();
    for &i in ids {
        w.int(i.into());
    }
    w.end_arr().key("gvl");
    let mut out = w.finish();
    // The subset is JSON text already: spliced in, then the entry closed.
    out.push_str(subset);
    out.push('}');
    out
}

/// The GVL in a cache entry, if the entry is for `url`, holds the subset `ids`, is younger than
/// [`CACHE_MAX_AGE_MS`] (and not from the future), has `version` when one is asked for, and reads.
/// Anything else (a corrupted, foreign or stale entry) is `None`: fetch again.
pub fn from_cache(
    entry: &str,
    url: &str,
    ids: &[u16],
    version: Option<u16>,
    now: u64,
) -> Option<Gvl> {
    if entry.len() > MAX_BYTES {
        return None;
    }
    let root = Json::parse(entry).ok()?;
    let Some(Json::Str(u)) = root.get("url") else {
        return None;
    };
    let Some(Json::Int(at)) = root.get("at") else {
        return None;
    };
    let Some(Json::Arr(kept)) = root.get("ids") else {
        return None;
    };
    let at = u64::try_from(*at).ok()?;
    let same_ids = kept.len() == ids.len()
        && kept
            .iter()
            .zip(ids)
            .all(|(k, i)| *k == Json::Int(i64::from(*i)));
    if u != url
        || !same_ids
        || at > now.saturating_add(5 * 60 * 1000)
        || now.saturating_sub(at) >= CACHE_MAX_AGE_MS
    {
        return None;
    }
    let gvl = Gvl::parse(&root.get("gvl")?.to_text(), ids).ok()?;
    if version.is_some_and(|v| v != gvl.vendor_list_version) {
        return None;
    }
    Some(gvl)
}

/// With `tcf.vendorListVersion` next to `gvlUrl`, the list must be that version (the site pinned it).
pub fn check_version(gvl: Gvl, version: Option<u16>) -> Result<Gvl, ConsentError> {
    match version {
        Some(v) if v != gvl.vendor_list_version => Err(invalid(
            "vendorListVersion",
            &cat(&[
                "is ",
                &num(gvl.vendor_list_version.into(), 1),
                ", but tcf.vendorListVersion asks for ",
                &num(v.into(), 1),
                " (leave it out to use whichever version gvlUrl serves)",
            ]),
        )),
        _ => Ok(gvl),
    }
}

/// The reason a fetched GVL could not be used, as the error the console shows.
pub fn unavailable(url: &str, why: &str) -> ConsentError {
    ConsentError::new(
        "gvl.unavailable",
        "tcf.gvlUrl",
        cat(&[
            "the Global Vendor List could not be loaded from ",
            url,
            ": ",
            why,
            "; TCF signals no consent (cmpStatus \"error\")",
        ]),
    )
}

/// The console's message for a GVL that could not be used: where from, the code, the field, why.
pub fn refused(url: &str, e: &ConsentError) -> String {
    if e.code == "gvl.unavailable" {
        return e.message();
    }
    cat(&[
        "consent-sieve: the Global Vendor List at ",
        url,
        " (tcf.gvlUrl) is refused, ",
        e.code,
        if e.path.is_empty() { "" } else { " at " },
        &e.path,
        ": ",
        &e.reason,
        "; TCF signals no consent (cmpStatus \"error\")",
    ])
}

/// The warning for a config vendor the GVL lacks or marks deleted.
pub fn unlisted_error(vendor: &str, gvl_id: u16, i: usize) -> ConsentError {
    ConsentError::new(
        "gvl.unlisted_vendor",
        cat(&[&item("vendors", i), ".gvlId"]),
        cat(&[
            "IAB vendor ",
            &num(gvl_id.into(), 1),
            " (\"",
            vendor,
            "\") is not in the Global Vendor List or was deleted from it: it is neither disclosed nor consented in the TC string",
        ]),
    )
}
