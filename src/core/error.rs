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
            format!("consent-sieve: {}", self.reason)
        } else {
            format!("consent-sieve: {}: {}", self.path, self.reason)
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
        format!("{path}.{field}")
    }
}
