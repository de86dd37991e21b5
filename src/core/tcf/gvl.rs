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

fn fields<'a>(v: &'a Json, path: &str) -> Result<&'a [(String, Json)], ConsentError> {
    match v {
        Json::Obj(f) => Ok(f),
        _ => Err(invalid(
            path,
            cat(&["must be an object, not ", v.kind()]).as_str(),
        )),
    }
}

/// A present, non-null field.
fn opt<'a>(obj: &'a [(String, Json)], key: &str) -> Option<&'a Json> {
    obj.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .filter(|v| **v != Json::Null)
}

fn need<'a>(obj: &'a [(String, Json)], path: &str, key: &str) -> Result<&'a Json, ConsentError> {
    opt(obj, key).ok_or_else(|| invalid(&join(path, key), "is required"))
}

fn int_in(v: &Json, path: &str, lo: i64, hi: i64) -> Result<i64, ConsentError> {
    match v {
        Json::Int(n) if (lo..=hi).contains(n) => Ok(*n),
        Json::Int(_) => Err(invalid(
            path,
            &cat(&[
                "must be a whole number from ",
                &num(lo as u64, 1),
                " to ",
                &num(hi as u64, 1),
            ]),
        )),
        _ => Err(invalid(
            path,
            &cat(&["must be a whole number, not ", v.kind()]),
        )),
    }
}

fn text(v: &Json, path: &str) -> Result<String, ConsentError> {
    match v {
        Json::Str(s) => Ok(s.clone()),
        _ => Err(invalid(path, &cat(&["must be a string, not ", v.kind()]))),
    }
}

fn opt_text(obj: &[(String, Json)], path: &str, key: &str) -> Result<Option<String>, ConsentError> {
    opt(obj, key).map(|v| text(v, &join(path, key))).transpose()
}

fn opt_bool(
    obj: &[(String, Json)],
    path: &str,
    key: &str,
    default: bool,
) -> Result<bool, ConsentError> {
    match opt(obj, key) {
        None => Ok(default),
        Some(Json::Bool(b)) => Ok(*b),
        Some(v) => Err(invalid(
            &join(path, key),
            &cat(&["must be true or false, not ", v.kind()]),
        )),
    }
}

/// An array of ids in `1..=max` (absent: empty), each once.
fn ids(obj: &[(String, Json)], path: &str, key: &str, max: i64) -> Result<Vec<u8>, ConsentError> {
    let at = join(path, key);
    let items = match opt(obj, key) {
        None => return Ok(Vec::new()),
        Some(Json::Arr(items)) => items,
        Some(v) => return Err(invalid(&at, &cat(&["must be an array, not ", v.kind()]))),
    };
    let mut out: Vec<u8> = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        let id = int_in(v, &item(&at, i), 1, max)? as u8;
        if out.contains(&id) {
            return Err(invalid(&item(&at, i), "is listed twice"));
        }
        out.push(id);
    }
    Ok(out)
}

/// One entry of an id-keyed map: its id, its path and its fields.
type Entry<'a> = (u16, String, &'a [(String, Json)]);

/// A map keyed by id (`{"1": {"id": 1, …}}`): each entry's key must be its `id`, in `1..=max`.
fn entries<'a>(
    root: &'a [(String, Json)],
    key: &str,
    max: i64,
    required: bool,
) -> Result<Vec<Entry<'a>>, ConsentError> {
    let v = match opt(root, key) {
        None if !required => return Ok(Vec::new()),
        None => return Err(invalid(key, "is required")),
        Some(v) => v,
    };
    let mut out = Vec::new();
    for (k, e) in fields(v, key)? {
        let at = join(key, k);
        let obj = fields(e, &at)?;
        let id = int_in(need(obj, &at, "id")?, &join(&at, "id"), 1, max)?;
        if num(id as u64, 1) != *k {
            return Err(invalid(
                &join(&at, "id"),
                "must be the same number as its key",
            ));
        }
        out.push((id as u16, at, obj));
    }
    Ok(out)
}

fn items(root: &[(String, Json)], key: &str, max: i64) -> Result<Vec<Item>, ConsentError> {
    entries(root, key, max, true)?
        .into_iter()
        .map(|(id, at, obj)| {
            let illustrations = match opt(obj, "illustrations") {
                None => Vec::new(),
                Some(Json::Arr(xs)) => xs
                    .iter()
                    .enumerate()
                    .map(|(i, x)| text(x, &item(&join(&at, "illustrations"), i)))
                    .collect::<Result<_, _>>()?,
                Some(v) => {
                    return Err(invalid(
                        &join(&at, "illustrations"),
                        &cat(&["must be an array, not ", v.kind()]),
                    ))
                }
            };
            Ok(Item {
                id: id as u8,
                name: text(need(obj, &at, "name")?, &join(&at, "name"))?,
                description: opt_text(obj, &at, "description")?.unwrap_or_default(),
                illustrations,
                consentable: opt_bool(obj, &at, "consentable", true)?,
                right_to_object: opt_bool(obj, &at, "rightToObject", true)?,
            })
        })
        .collect()
}

fn days(obj: &[(String, Json)], path: &str, key: &str) -> Result<Vec<(u8, u32)>, ConsentError> {
    let at = join(path, key);
    let Some(v) = opt(obj, key) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (k, d) in fields(v, &at)? {
        let id = k
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=24).contains(n) && num(u64::from(*n), 1) == *k)
            .ok_or_else(|| invalid(&join(&at, k), "must be keyed by a purpose id"))?;
        out.push((id, int_in(d, &join(&at, k), 0, u32::MAX.into())? as u32));
    }
    Ok(out)
}

fn vendor(id: u16, at: &str, obj: &[(String, Json)]) -> Result<Vendor, ConsentError> {
    let urls = match opt(obj, "urls") {
        None => Vec::new(),
        Some(Json::Arr(xs)) => {
            let uat = join(at, "urls");
            if xs.len() > 40 {
                return Err(invalid(&uat, "has more than 40 entries"));
            }
            xs.iter()
                .enumerate()
                .map(|(i, x)| {
                    let p = item(&uat, i);
                    let u = fields(x, &p)?;
                    Ok(VendorUrl {
                        lang_id: text(need(u, &p, "langId")?, &join(&p, "langId"))?,
                        privacy: text(need(u, &p, "privacy")?, &join(&p, "privacy"))?,
                        leg_int_claim: opt_text(u, &p, "legIntClaim")?,
                    })
                })
                .collect::<Result<_, ConsentError>>()?
        }
        Some(v) => {
            return Err(invalid(
                &join(at, "urls"),
                &cat(&["must be an array, not ", v.kind()]),
            ))
        }
    };
    let retention = match opt(obj, "dataRetention") {
        None => None,
        Some(v) => {
            let rat = join(at, "dataRetention");
            let r = fields(v, &rat)?;
            Some(Retention {
                std: opt(r, "stdRetention")
                    .map(|d| int_in(d, &join(&rat, "stdRetention"), 0, u32::MAX.into()))
                    .transpose()?
                    .map(|d| d as u32),
                purposes: days(r, &rat, "purposes")?,
                special_purposes: days(r, &rat, "specialPurposes")?,
            })
        }
    };
    let purposes = ids(obj, at, "purposes", 24)?;
    let leg_int_purposes = ids(obj, at, "legIntPurposes", 24)?;
    let flexible_purposes = ids(obj, at, "flexiblePurposes", 24)?;
    if let Some(i) = flexible_purposes
        .iter()
        .position(|p| !purposes.contains(p) && !leg_int_purposes.contains(p))
    {
        return Err(invalid(
            &item(&join(at, "flexiblePurposes"), i),
            "must be one of the vendor's purposes or legIntPurposes",
        ));
    }
    Ok(Vendor {
        id,
        name: text(need(obj, at, "name")?, &join(at, "name"))?,
        purposes,
        leg_int_purposes,
        flexible_purposes,
        special_purposes: ids(obj, at, "specialPurposes", 24)?,
        features: ids(obj, at, "features", 24)?,
        special_features: ids(obj, at, "specialFeatures", 12)?,
        data_declaration: ids(obj, at, "dataDeclaration", 255)?,
        deleted_date: opt_text(obj, at, "deletedDate")?,
        urls,
        retention,
        uses_cookies: opt_bool(obj, at, "usesCookies", false)?,
        cookie_max_age_seconds: opt(obj, "cookieMaxAgeSeconds")
            .map(|v| match v {
                Json::Int(n) => Ok(*n),
                _ => Err(invalid(
                    &join(at, "cookieMaxAgeSeconds"),
                    &cat(&["must be a whole number or null, not ", v.kind()]),
                )),
            })
            .transpose()?,
        uses_non_cookie_access: opt_bool(obj, at, "usesNonCookieAccess", false)?,
        device_storage_disclosure_url: opt_text(obj, at, "deviceStorageDisclosureUrl")?,
    })
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
        let r = fields(&root, "")?;
        let spec = int_in(
            need(r, "", "gvlSpecificationVersion")?,
            "gvlSpecificationVersion",
            0,
            255,
        )?;
        if spec != SPEC_VERSION {
            return Err(invalid(
                "gvlSpecificationVersion",
                "must be 3 (the GVL of TCF v2.2 and later, vendor-list.json under /v3/)",
            ));
        }
        let vendors_v = need(r, "", "vendors")?;
        if fields(vendors_v, "vendors")?.len() > MAX_VENDORS {
            return Err(too_large(
                "the Global Vendor List has more than 10,000 vendors",
            ));
        }
        let mut vendors = Vec::new();
        let mut kept: Vec<(String, Json)> = Vec::new();
        for (k, v) in fields(vendors_v, "vendors")? {
            let at = join("vendors", k);
            let Some(id) = k
                .parse::<u16>()
                .ok()
                .filter(|n| *n > 0 && num(u64::from(*n), 1) == *k)
            else {
                return Err(invalid(&at, "must be keyed by a vendor id from 1 to 65535"));
            };
            if !wanted.contains(&id) {
                continue;
            }
            let obj = fields(v, &at)?;
            if int_in(need(obj, &at, "id")?, &join(&at, "id"), 1, 65_535)? != i64::from(id) {
                return Err(invalid(
                    &join(&at, "id"),
                    "must be the same number as its key",
                ));
            }
            let parsed = vendor(id, &at, obj)?;
            vendors.insert(vendors.partition_point(|u: &Vendor| u.id < id), parsed);
            kept.push((k.clone(), v.clone()));
        }
        let stacks = entries(r, "stacks", 255, false)?
            .into_iter()
            .map(|(id, at, obj)| {
                Ok(Stack {
                    id: id as u8,
                    name: text(need(obj, &at, "name")?, &join(&at, "name"))?,
                    description: opt_text(obj, &at, "description")?.unwrap_or_default(),
                    purposes: ids(obj, &at, "purposes", 24)?,
                    special_features: ids(obj, &at, "specialFeatures", 12)?,
                })
            })
            .collect::<Result<_, ConsentError>>()?;
        let data_categories = entries(r, "dataCategories", 255, false)?
            .into_iter()
            .map(|(id, at, obj)| {
                Ok(DataCategory {
                    id: id as u8,
                    name: text(need(obj, &at, "name")?, &join(&at, "name"))?,
                    description: opt_text(obj, &at, "description")?.unwrap_or_default(),
                })
            })
            .collect::<Result<_, ConsentError>>()?;
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
            vendor_list_version: int_in(
                need(r, "", "vendorListVersion")?,
                "vendorListVersion",
                1,
                4095,
            )? as u16,
            tcf_policy_version: int_in(need(r, "", "tcfPolicyVersion")?, "tcfPolicyVersion", 4, 63)?
                as u8,
            last_updated: text(need(r, "", "lastUpdated")?, "lastUpdated")?,
            purposes: items(r, "purposes", 24)?,
            special_purposes: items(r, "specialPurposes", 24)?,
            features: items(r, "features", 24)?,
            special_features: items(r, "specialFeatures", 12)?,
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
