//! Name patterns for vendor cookies and storage keys: `*` matches any run of characters.

/// Whether `name` matches `pattern`, where `*` stands for any (possibly empty) run of characters.
/// Iterative with one backtrack point, so it is linear-ish and cannot blow up on hostile input.
pub fn matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == name;
    }
    let (p, n) = (pattern.as_bytes(), name.as_bytes());
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ni));
            pi += 1;
        } else if pi < p.len() && p[pi] == n[ni] {
            pi += 1;
            ni += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&b| b == b'*')
}

/// Where a cookie named on this page may have been set, so that deleting it reaches every copy the
/// page can see: domains (`None` = host-only, then the host and each parent domain) and paths (`/`
/// and each prefix of the page's path, with and without a trailing slash).
pub fn cookie_scopes(host: &str, path: &str) -> (Vec<Option<String>>, Vec<String>) {
    let mut domains = vec![None];
    let is_ip = host.contains(':') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if !host.is_empty() && !is_ip {
        let labels: Vec<&str> = host.split('.').collect();
        // Every suffix with at least two labels; a single label (a TLD) is never a valid Domain.
        for i in 0..labels.len().saturating_sub(1) {
            domains.push(Some(labels[i..].join(".")));
        }
        if labels.len() == 1 {
            domains.push(Some(host.to_string()));
        }
    }
    let mut paths = vec!["/".to_string()];
    let mut acc = String::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        acc.push('/');
        acc.push_str(seg);
        paths.push(acc.clone());
        paths.push(crate::core::error::cat(&[&acc, "/"]));
    }
    (domains, paths)
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards() {
        assert!(matches("_ga", "_ga"));
        assert!(!matches("_ga", "_gat"));
        assert!(matches("_ga*", "_ga_ABC123"));
        assert!(matches("*_id", "plausible_id"));
        assert!(matches("a*b*c", "a-x-b-y-c"));
        assert!(!matches("a*b*c", "a-x-b-y"));
        assert!(matches("*", ""));
        assert!(!matches("x", ""));
    }

    #[test]
    fn scopes_cover_parents_and_paths() {
        let (d, p) = super::cookie_scopes("shop.example.co.uk", "/a/b");
        assert_eq!(
            d,
            vec![
                None,
                Some("shop.example.co.uk".into()),
                Some("example.co.uk".into()),
                Some("co.uk".into())
            ]
        );
        assert_eq!(p, vec!["/", "/a", "/a/", "/a/b", "/a/b/"]);
        let (d, _) = super::cookie_scopes("127.0.0.1", "/");
        assert_eq!(d, vec![None]);
        let (d, _) = super::cookie_scopes("localhost", "/");
        assert_eq!(d, vec![None, Some("localhost".into())]);
    }
}
