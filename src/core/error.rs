//! One error type for everything a caller can get wrong, with a stable machine-readable code,
//! the path of the offending field and a human reason.
use std::fmt;

/// Every error code the SDK can give (the core's and the facade's), with what it means: the one
/// registry. `tests/public_surface.rs` checks that the sources use exactly these codes and writes them
/// into the type assertions that `tsc` checks `ConsentErrorCode` in js/index.d.ts against.
pub const CODES: &[(&str, &str)] = &[
    (
        "api.invalid_argument",
        "an API call got an argument of the wrong kind",
    ),
    (
        "api.unknown_event",
        "on() was asked for an event other than \"change\"",
    ),
    (
        "config.ambiguous_route",
        "two vendors, one a destination, could claim the same request",
    ),
    (
        "config.duplicate_id",
        "two purposes or two vendors share an id",
    ),
    ("config.invalid_id", "an id is not of the allowed form"),
    (
        "config.invalid_type",
        "a field has the wrong JSON type, or the config is not plain JSON",
    ),
    (
        "config.invalid_value",
        "a field has a value outside its allowed set",
    ),
    (
        "config.missing_field",
        "a required field is missing (or no config was given)",
    ),
    (
        "config.out_of_range",
        "a number, list or nesting is outside its limits",
    ),
    ("config.syntax", "the config text is not valid JSON"),
    (
        "config.too_large",
        "the config is larger than the reader's limits",
    ),
    (
        "config.unknown_field",
        "a field the SDK does not know (often a misspelling)",
    ),
    (
        "config.unknown_purpose",
        "a vendor or rule names a purpose the config does not declare",
    ),
    ("config.unsafe_url", "a URL is not http(s) or relative"),
    (
        "env.no_browser",
        "init ran outside a browser: the instance grants nothing",
    ),
    (
        "gvl.invalid",
        "the Global Vendor List (tcf.gvlUrl) is not a valid GVL v3; the path names the field",
    ),
    (
        "gvl.too_large",
        "the Global Vendor List is past a limit (4 MiB, 8 levels, 10,000 vendors)",
    ),
    (
        "gvl.unavailable",
        "the Global Vendor List could not be fetched (network, HTTP status, timeout)",
    ),
    (
        "gvl.unlisted_vendor",
        "a vendor's gvlId is not in the Global Vendor List or was deleted: it is not in the TC string",
    ),
    (
        "minimize.invalid_event",
        "minimize() got something that is not a plain JSON object or array",
    ),
    (
        "minimize.too_large",
        "an event is larger than the reader's limits",
    ),
    (
        "minimize.unknown_destination",
        "minimize() named a vendor without a minimize policy",
    ),
    (
        "receipt.not_retired",
        "an erasure receipt named a vendor that is not retired",
    ),
    (
        "receipt.too_large",
        "verifyReceipts() got more than 10,000 lines or 1 MiB",
    ),
    (
        "update.invalid",
        "update() got something that is not { purposes, vendors }",
    ),
    (
        "update.required_purpose",
        "update() tried to deny a required purpose",
    ),
    (
        "update.unknown_field",
        "update() got a field other than purposes and vendors",
    ),
    (
        "update.unknown_purpose",
        "update() named a purpose the config does not declare",
    ),
    (
        "update.unknown_vendor",
        "update() named a vendor the config does not declare",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentError {
    /// Stable code, e.g. `config.unknown_purpose`. Part of the public API.
    pub code: &'static str,
    /// Path of the offending field in the input, e.g. `vendors[1].purposes[0]`; empty for the root.
    pub path: String,
    /// What is wrong, in words.
    pub reason: String,
}

impl ConsentError {
    pub fn new(code: &'static str, path: impl Into<String>, reason: impl Into<String>) -> Self {
        ConsentError {
            code,
            path: path.into(),
            reason: reason.into(),
        }
    }

    /// The message shown to developers: names the field and the reason.
    pub fn message(&self) -> String {
        if self.path.is_empty() {
            cat(&["consent-sieve: ", &self.reason])
        } else {
            cat(&["consent-sieve: ", &self.path, ": ", &self.reason])
        }
    }
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ConsentError {}

pub(crate) fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        cat(&[path, ".", field])
    }
}

/// Concatenates parts. One shared function instead of a `format!` per call site: each `format!`
/// costs its own argument-building code in the wasm.
pub fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// Decimal digits of `n`, at least `width` of them (zero-padded).
pub fn num(n: u64, width: usize) -> String {
    let mut out = String::new();
    num_into(&mut out, n, width);
    out
}

/// [`num`], appended to `out` (no allocation of its own: the JSON writer's integers).
pub fn num_into(out: &mut String, n: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut n = n;
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let at = at.min(digits.len().saturating_sub(width));
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or("0"));
}

/// `path[i]`.
pub(crate) fn item(path: &str, i: usize) -> String {
    cat(&[path, "[", &num(i as u64, 1), "]"])
}
