//! Whose request is this: the one routing rule (host and path, the most specific claim wins), used
//! everywhere the SDK asks which vendor a URL belongs to, and whether a request there may leave the
//! page. js/early.js implements the same rule before the wasm exists; both are checked against
//! tests/fixtures/routes.json.
use crate::core::consent::ConsentState;
use crate::core::pattern;
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

/// The host and path a URL is sent to, seen from a page on `page_host`: a relative URL is the page's
/// own; `None` for URLs with a scheme but no host (`data:`, `blob:`, `about:`).
fn target<'u>(page_host: &str, url: &'u str) -> Option<(String, &'u str)> {
    let url = url.trim();
    let (host, rest) = match host_of(url) {
        Some(h) => {
            // The path starts at the first '/', '?', '#' or '\\' after the authority.
            let from = url
                .as_bytes()
                .windows(2)
                .position(|w| w == b"//")
                .map_or(0, |i| i + 2);
            let tail = url.get(from..).unwrap_or("");
            let at = upto(tail, b"/?#\\");
            (h, tail.get(at..).unwrap_or(""))
        }
        None if has_scheme(url) => return None,
        None => (page_host.trim_end_matches('.').to_ascii_lowercase(), url),
    };
    let path = rest.get(..upto(rest, b"?#")).unwrap_or("");
    Some((host, if path.is_empty() { "/" } else { path }))
}

/// The path a URL is sent to (no query or fragment; `/` when empty), seen from a page on `page_host`.
pub fn path_of<'u>(page_host: &str, url: &'u str) -> Option<&'u str> {
    target(page_host, url).map(|t| t.1)
}

/// Where the first of `stops` is in `s` (its length if none is).
fn upto(s: &str, stops: &[u8]) -> usize {
    s.bytes()
        .position(|b| stops.contains(&b))
        .unwrap_or(s.len())
}

/// Whether `url` starts with a scheme (`x:` before any `/`, `?` or `#`).
fn has_scheme(url: &str) -> bool {
    let b = url.as_bytes();
    let n = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        .count();
    n > 0 && b.get(n) == Some(&b':') && b[0].is_ascii_alphabetic()
}

/// Characters of a path pattern other than `*`: how specific it is.
pub fn specificity(pattern: &str) -> usize {
    pattern.bytes().filter(|b| *b != b'*').count()
}

/// Who a request belongs to: the vendor, and whether it goes to it as a destination (its payload
/// minimized) rather than only gated by consent.
pub struct Route<'a> {
    pub vendor: &'a Vendor,
    pub destination: bool,
}

/// The routing rule. A vendor claims a URL whose host one of its `hosts` matches: by path when one
/// of its `paths` matches the URL's path (specificity: the non-`*` characters of the most specific
/// matching pattern), else by host alone (specificity below any path) unless the host is the page's
/// own: there a vendor claims only by path, so the site's own files and requests are nobody's. The
/// most specific claim wins; a tie goes to the vendor listed first. A destination (a vendor with a
/// `minimize` policy) receives the request as one when it claimed by path or lists no paths.
pub fn route<'a>(config: &'a Config, page_host: &str, url: &str) -> Option<Route<'a>> {
    let (host, path) = target(page_host, url)?;
    let own = host.eq_ignore_ascii_case(page_host.trim_end_matches('.'));
    let mut best: Option<(isize, &Vendor)> = None;
    for v in &config.vendors {
        if !v.hosts.iter().any(|p| host_matches(p, &host)) {
            continue;
        }
        let by_path = v
            .paths
            .iter()
            .filter(|p| pattern::matches(p, path))
            .map(|p| specificity(p) as isize)
            .max();
        let Some(spec) = by_path.or((!own).then_some(-1)) else {
            continue;
        };
        if best.is_none_or(|(b, _)| spec > b) {
            best = Some((spec, v));
        }
    }
    best.map(|(spec, v)| Route {
        vendor: v,
        destination: v.minimize.is_some() && (spec >= 0 || v.paths.is_empty()),
    })
}

/// The vendor a URL belongs to (see [`route`]).
pub fn vendor_for_url<'a>(config: &'a Config, page_host: &str, url: &str) -> Option<&'a Vendor> {
    route(config, page_host, url).map(|r| r.vendor)
}

/// A request may leave the page unless it belongs to a vendor that is not granted. The state is
/// asked for only when the URL is a vendor's (this runs for every intercepted request).
pub fn url_allowed(
    config: &Config,
    page_host: &str,
    url: &str,
    state: impl FnOnce() -> ConsentState,
) -> bool {
    vendor_for_url(config, page_host, url).is_none_or(|v| state().vendors.get(&v.id) == Some(&true))
}

/// A host pattern's base and whether it is a `*.` wildcard.
fn wild(p: &str) -> (&str, bool) {
    match p.strip_prefix("*.") {
        Some(b) => (b, true),
        None => (p, false),
    }
}

/// Whether one host (both `x.com` or `*.x.com` patterns) can match a request both patterns match.
pub fn hosts_overlap(a: &str, b: &str) -> bool {
    let ((ab, aw), (bb, bw)) = (wild(a), wild(b));
    (aw && host_matches(a, bb)) || (bw && host_matches(b, ab)) || ab.eq_ignore_ascii_case(bb)
}

/// Whether some text matches both `*`-patterns (`*` = any run of characters). A walk over pairs of
/// positions (at most |a|·|b| states, each visited once), so the cost is bounded whatever the input.
pub fn patterns_intersect(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let w = b.len() + 1;
    let mut seen = vec![false; (a.len() + 1) * w];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        if std::mem::replace(&mut seen[i * w + j], true) {
            continue;
        }
        let (x, y) = (a.get(i), b.get(j));
        if x.is_none() && y.is_none() {
            return true;
        }
        // A star may match nothing (skip it) or eat one character the other side produces.
        if x == Some(&b'*') {
            stack.push((i + 1, j));
            if y.is_some() {
                stack.push((i, j + 1));
            }
        }
        if y == Some(&b'*') {
            stack.push((i, j + 1));
            if x.is_some() {
                stack.push((i + 1, j));
            }
        }
        if let (Some(p), Some(q)) = (x, y) {
            if p == q && *p != b'*' {
                stack.push((i + 1, j + 1));
            }
        }
    }
    false
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
        assert!(hosts_overlap("*.x.com", "a.x.com"));
        assert!(hosts_overlap("a.x.com", "*.x.com"));
        assert!(hosts_overlap("*.a.x.com", "*.x.com"));
        assert!(!hosts_overlap("a.x.com", "b.x.com"));
        assert!(!hosts_overlap("*.a.x.com", "b.x.com"));
    }

    #[test]
    fn pattern_intersections() {
        assert!(patterns_intersect("/c/*", "/*/e"));
        assert!(patterns_intersect("/collect*", "/collect*"));
        assert!(patterns_intersect("/a*", "*b"));
        assert!(!patterns_intersect("/ingest/*", "/g/collect"));
        assert!(!patterns_intersect("/a", "/b"));
        assert!(!patterns_intersect("/a*", "/b*"));
        assert!(patterns_intersect("*", "/x"));
        assert!(!patterns_intersect("/x*y", "/x"));
    }
}
