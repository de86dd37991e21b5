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

/// Turns a serde_json error (with the path tracked by serde_path_to_error) into a [`ConsentError`].
/// `prefix` is the error-code family (`config` or `update`).
pub(crate) fn from_serde(
    prefix: &'static str,
    err: serde_path_to_error::Error<serde_json::Error>,
) -> ConsentError {
    let mut path = err.path().to_string();
    if path == "." {
        path.clear();
    }
    let inner = err.into_inner();
    let mut reason = inner.to_string();
    if let Some(cut) = reason.find(" at line ") {
        reason.truncate(cut);
    }
    let syntax = matches!(
        inner.classify(),
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof
    );
    let kind = if syntax {
        "syntax"
    } else if reason.starts_with("unknown field") {
        if let Some(name) = between_backticks(&reason) {
            path = join(&path, name);
        }
        "unknown_field"
    } else if reason.starts_with("missing field") {
        if let Some(name) = between_backticks(&reason) {
            path = join(&path, name);
        }
        "missing_field"
    } else if reason.starts_with("invalid type") || reason.starts_with("data did not match") {
        "invalid_type"
    } else {
        "invalid_value"
    };
    ConsentError::new(code(prefix, kind), path, reason)
}

fn between_backticks(s: &str) -> Option<&str> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some(&s[start..start + len])
}

pub(crate) fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// Codes are `&'static str` so they cost nothing to hand out; this maps family + kind to one.
pub(crate) fn code(prefix: &'static str, kind: &'static str) -> &'static str {
    match (prefix, kind) {
        ("config", "syntax") => "config.syntax",
        ("config", "unknown_field") => "config.unknown_field",
        ("config", "missing_field") => "config.missing_field",
        ("config", "invalid_type") => "config.invalid_type",
        ("update", "syntax") => "update.invalid",
        ("update", "unknown_field") => "update.unknown_field",
        ("update", "missing_field") => "update.invalid",
        ("update", "invalid_type") => "update.invalid",
        ("update", _) => "update.invalid",
        _ => "config.invalid_value",
    }
}
