//! One error type for everything a caller can get wrong, with a stable machine-readable code,
//! the path of the offending field and a human reason.
use std::fmt;

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
    digits[at..].iter().map(|&b| b as char).collect()
}

/// `path[i]`.
pub(crate) fn item(path: &str, i: usize) -> String {
    cat(&[path, "[", &num(i as u64, 1), "]"])
}
