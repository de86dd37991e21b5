//! Percent-encoding and the parts of a URL the engine rewrites: the query string (and the
//! fragment, which the `url` action removes).

/// Percent-decodes `s` (with `plus`, a `+` is a space, as in form bodies). `None` when a `%` escape
/// is malformed or the bytes are not UTF-8: such input is not readable, so it is not passed on.
pub fn decode(s: &str, plus: bool) -> Option<String> {
    if !s.contains(['%', '+']) {
        return Some(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = |c: u8| (c as char).to_digit(16);
                let hi = hex(*b.get(i + 1)?)?;
                let lo = hex(*b.get(i + 2)?)?;
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes like JavaScript's `encodeURIComponent`.
pub fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &c in s.as_bytes() {
        if c.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&c) {
            out.push(c as char);
        } else {
            out.push('%');
            out.push(HEX[(c >> 4) as usize] as char);
            out.push(HEX[(c & 15) as usize] as char);
        }
    }
    out
}

/// A URL cut at its query and fragment: `base?query#fragment` (each part without its marker).
pub struct Parts<'a> {
    pub base: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

pub fn split(url: &str) -> Parts<'_> {
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    let (base, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    Parts {
        base,
        query,
        fragment,
    }
}

/// The path of an absolute or relative URL (`/g/collect` in `https://h/g/collect?x`).
pub fn path(url: &str) -> &str {
    let base = split(url).base;
    let after_scheme = match super::find(base, "://") {
        Some(i) => super::sub(base, i + 3, base.len()),
        None if base.starts_with("//") => super::sub(base, 2, base.len()),
        None => return base,
    };
    after_scheme
        .find('/')
        .map_or("/", |i| super::sub(after_scheme, i, after_scheme.len()))
}

/// One `name=value` pair of a query string or form body: the raw text and the decoded parts.
pub struct Pair<'a> {
    pub raw: &'a str,
    pub name: String,
    pub value: String,
}

/// Splits a query string or form body into pairs. `None` if a pair is unreadable (bad escapes,
/// not UTF-8, or, with `strict`, a pair without `=` or a name with spaces or control characters:
/// text that is not form-encoded).
pub fn pairs(q: &str, strict: bool) -> Option<Vec<Pair<'_>>> {
    let mut out = Vec::new();
    for raw in q.split('&').filter(|p| !p.is_empty()) {
        let (n, v) = match raw.split_once('=') {
            Some(x) => x,
            None if strict => return None,
            None => (raw, ""),
        };
        if strict && (n.is_empty() || n.bytes().any(|c| c <= b' ' || c == 0x7f)) {
            return None;
        }
        out.push(Pair {
            raw,
            name: decode(n, true)?,
            value: decode(v, true)?,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(decode("a%40b.com+x", true).as_deref(), Some("a@b.com x"));
        assert_eq!(decode("a+b", false).as_deref(), Some("a+b"));
        assert_eq!(decode("%zz", true), None);
        assert_eq!(decode("%ff", true), None);
        assert_eq!(encode("a b@c/é"), "a%20b%40c%2F%C3%A9");
        assert_eq!(path("https://h.test:8/g/collect?v=2#x"), "/g/collect");
        assert_eq!(path("https://h.test"), "/");
        assert_eq!(path("/rel?x"), "/rel");
        assert!(pairs("a=1&b", true).is_none());
        assert!(pairs("hello world", true).is_none());
        assert_eq!(pairs("a=1&b=x%20y", true).unwrap()[1].value, "x y");
    }
}
