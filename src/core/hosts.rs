//! Which vendor a URL belongs to, by its host, and whether a request there may leave the page.
use crate::core::consent::ConsentState;
use crate::core::policy::{Config, Vendor};

/// The lowercase host of an absolute (`https://h:1/p`) or protocol-relative (`//h/p`) URL; `None` for
/// relative URLs (same origin) and for schemes without a host (`data:`, `blob:`, `about:`).
pub fn host_of(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = if let Some(r) = url.strip_prefix("//") {
        r
    } else {
        let colon = url.find(':')?;
        let scheme = url.get(..colon)?;
        if scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        {
            return None;
        }
        url.get(colon + 1..)?.strip_prefix("//")?
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// `pattern` is `x.com` (that host) or `*.x.com` (x.com and every subdomain).
fn host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(base) => {
            host.eq_ignore_ascii_case(base)
                || (host.len() > base.len()
                    && host.as_bytes()[host.len() - base.len() - 1] == b'.'
                    && host
                        .get(host.len() - base.len()..)
                        .is_some_and(|tail| tail.eq_ignore_ascii_case(base)))
        }
        None => host.eq_ignore_ascii_case(pattern),
    }
}

/// The first configured vendor that lists a pattern matching the URL's host.
pub fn vendor_for_url<'a>(config: &'a Config, url: &str) -> Option<&'a Vendor> {
    let host = host_of(url)?;
    config
        .vendors
        .iter()
        .find(|v| v.hosts.iter().any(|p| host_matches(p, &host)))
}

/// A request may leave the page unless its host belongs to a vendor that is not granted. The
/// state is asked for only when the URL is a vendor's (this runs for every intercepted request).
pub fn url_allowed(config: &Config, url: &str, state: impl FnOnce() -> ConsentState) -> bool {
    vendor_for_url(config, url).is_none_or(|v| state().vendors.get(&v.id) == Some(&true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            host_of("https://Ads.Example.com:8443/p?q#f").as_deref(),
            Some("ads.example.com")
        );
        assert_eq!(host_of("//cdn.x.io/a.js").as_deref(), Some("cdn.x.io"));
        assert_eq!(host_of("http://user:pw@h.test/").as_deref(), Some("h.test"));
        assert_eq!(host_of("http://[::1]:80/").as_deref(), Some("::1"));
        assert_eq!(
            host_of("https://evil.test\\@good.test/").as_deref(),
            Some("evil.test")
        );
        assert_eq!(host_of("/relative/path"), None);
        assert_eq!(host_of("data:text/javascript,1"), None);
        assert_eq!(host_of("page.html"), None);
    }

    #[test]
    fn wildcard_patterns() {
        assert!(host_matches("*.x.com", "x.com"));
        assert!(host_matches("*.x.com", "a.b.x.com"));
        assert!(!host_matches("*.x.com", "evilx.com"));
        assert!(!host_matches("x.com", "a.x.com"));
        assert!(host_matches("x.com", "X.COM"));
    }
}
