//! PII detectors over free text, written by hand (no regex crate: it would cost more than the whole
//! engine in bytes). Each pass finds candidate spans; overlapping spans keep the earliest, longest.
//! Digits glued to letters (`id4111…`, hex digests) are not candidates: only whole tokens are.
use super::normalize::is_hex64;
use super::sub;
use crate::core::hash::sha256_hex;

/// Detector bits, in the order of [`NAMES`].
pub const EMAIL: u8 = 1;
pub const PHONE: u8 = 2;
pub const CARD: u8 = 4;
pub const IBAN: u8 = 8;
pub const SSN: u8 = 16;
pub const IP: u8 = 32;
pub const URL: u8 = 64;
pub const ALL: u8 = 127;
/// The names used in `minimize.detect`, one per bit.
pub const NAMES: [&str; 7] = ["email", "phone", "card", "iban", "ssn", "ip", "url"];

/// The placeholder for a kind (a detector bit; `URL` stands for a token).
pub fn label(kind: u8) -> &'static str {
    match kind {
        EMAIL => "[email]",
        PHONE => "[phone]",
        CARD => "[card]",
        IBAN => "[iban]",
        SSN => "[ssn]",
        IP => "[ip]",
        _ => "[token]",
    }
}

/// Query parameter names whose values are personal or secret whatever they look like.
const SENSITIVE: [&str; 18] = [
    "email",
    "e",
    "mail",
    "name",
    "phone",
    "tel",
    "token",
    "access_token",
    "id_token",
    "password",
    "pass",
    "pwd",
    "ssn",
    "auth",
    "key",
    "secret",
    "session",
    "code",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: u8,
}

fn alnum(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_alphanumeric)
}

/// Every detected span in `text`, sorted and non-overlapping.
pub fn find(text: &str, mask: u8) -> Vec<Span> {
    let b = text.as_bytes();
    let mut all = Vec::new();
    if mask & EMAIL != 0 {
        emails(b, &mut all);
    }
    if mask & URL != 0 {
        jwts(b, &mut all);
    }
    if mask & (PHONE | CARD | SSN | IP) != 0 {
        digit_runs(b, mask, &mut all);
    }
    if mask & IP != 0 {
        ipv6s(text, &mut all);
    }
    if mask & IBAN != 0 {
        ibans(b, &mut all);
    }
    all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Span> = Vec::with_capacity(all.len());
    for s in all {
        if out.last().is_none_or(|l| s.start >= l.end) {
            out.push(s);
        }
    }
    out
}

/// `text` with every detection replaced (a placeholder, or with `hash` the SHA-256 hex of the
/// normalised match), and query values inside URLs checked decoded (with the `URL` bit). `None` when
/// nothing was found.
pub fn scrub(text: &str, mask: u8, hash: bool) -> Option<String> {
    let pre = if mask & URL != 0 {
        scrub_queries(text, mask, hash)
    } else {
        None
    };
    let t = pre.as_deref().unwrap_or(text);
    let spans = find(t, mask);
    if spans.is_empty() {
        return pre;
    }
    let mut out = String::with_capacity(t.len());
    let mut at = 0;
    for s in spans {
        out.push_str(sub(t, at, s.start));
        out.push_str(&replacement(sub(t, s.start, s.end), s.kind, hash));
        at = s.end;
    }
    out.push_str(sub(t, at, t.len()));
    Some(out)
}

fn replacement(m: &str, kind: u8, hash: bool) -> String {
    if !hash {
        return label(kind).to_string();
    }
    let norm: String = match kind {
        EMAIL => m.trim().to_ascii_lowercase(),
        PHONE | CARD | SSN => m
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect(),
        IBAN => m
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase(),
        _ => m.to_string(),
    };
    sha256_hex(norm.as_bytes())
}

// ---------------------------------------------------------------------------------------------
// Emails: around each '@', the common local-part characters and a domain of valid labels with an
// alphabetic top-level label of two or more letters.

fn local_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn emails(b: &[u8], out: &mut Vec<Span>) {
    for (at, _) in b.iter().enumerate().filter(|(_, c)| **c == b'@') {
        let mut s = at;
        while s > 0 && local_char(b[s - 1]) && at - s < 64 {
            s -= 1;
        }
        while s < at && b[s] == b'.' {
            s += 1;
        }
        let mut e = at + 1;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || matches!(b[e], b'.' | b'-')) {
            e += 1;
        }
        while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        if s < at && e - s <= 254 && valid_domain(&b[at + 1..e]) {
            out.push(Span {
                start: s,
                end: e,
                kind: EMAIL,
            });
        }
    }
}

fn valid_domain(d: &[u8]) -> bool {
    let labels: Vec<&[u8]> = d.split(|c| *c == b'.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l[0].is_ascii_alphanumeric()
                && l[l.len() - 1].is_ascii_alphanumeric()
        })
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.iter().all(u8::is_ascii_alphabetic))
}

// ---------------------------------------------------------------------------------------------
// JSON Web Tokens: three base64url segments, the first starting `eyJ` (`{"`).

fn b64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

fn jwts(b: &[u8], out: &mut Vec<Span>) {
    let mut i = 0;
    while i + 3 <= b.len() {
        if &b[i..i + 3] == b"eyJ" && !(i > 0 && b64url(b[i - 1])) {
            let mut e = i;
            let mut parts = [0usize; 3];
            for (n, part) in parts.iter_mut().enumerate() {
                let s = e;
                while e < b.len() && b64url(b[e]) {
                    e += 1;
                }
                *part = e - s;
                if n < 2 {
                    if e < b.len() && b[e] == b'.' {
                        e += 1;
                    } else {
                        break;
                    }
                }
            }
            if parts[0] >= 10 && parts[1] >= 10 && parts[2] > 0 {
                out.push(Span {
                    start: i,
                    end: e,
                    kind: URL,
                });
                i = e;
                continue;
            }
        }
        i += 1;
    }
}

// ---------------------------------------------------------------------------------------------
// Digit runs: digits joined by single separators (space - . / ( ) and ") "), optionally led by
// '+' or '('. A run is classified whole, else its longest classifiable prefixes, piece by piece.

fn sep(c: u8) -> bool {
    matches!(c, b' ' | b'-' | b'.' | b'/' | b'(' | b')')
}

fn digit_runs(b: &[u8], mask: u8, out: &mut Vec<Span>) {
    let mut i = 0;
    while i < b.len() {
        let lead = matches!(b[i], b'+' | b'(') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !(b[i].is_ascii_digit() || lead) || alnum(i.checked_sub(1).and_then(|p| b.get(p))) {
            i += 1;
            continue;
        }
        let mut j = i + usize::from(lead);
        let mut end = j;
        while j < b.len() {
            if b[j].is_ascii_digit() {
                j += 1;
                end = j;
            } else if sep(b[j]) {
                // At most two separators in a row, then a digit.
                let k = if b.get(j + 1).is_some_and(|c| sep(*c)) {
                    j + 2
                } else {
                    j + 1
                };
                if b.get(k).is_some_and(u8::is_ascii_digit) {
                    j = k;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        if alnum(b.get(end)) {
            // Glued to letters: a code, not a number on its own.
            i = end;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        // After "Word/" a dotted number is a product version (`Chrome/156.0.0.0`), not an address.
        let version = i >= 2 && b[i - 1] == b'/' && b[i - 2].is_ascii_alphabetic();
        classify_run(b, i, end, if version { mask & !IP } else { mask }, out);
        i = end.max(i + 1);
    }
}

fn classify_run(b: &[u8], start: usize, end: usize, mask: u8, out: &mut Vec<Span>) {
    let mut s = start;
    while s < end {
        // Candidate ends: the run's end, then each point just before a separator, longest first.
        // Candidate pieces hold 4 to 19 digits (an IPv4 address to a card number), so at most 19
        // ends are tried from each start, and a long run stays linear.
        let mut ends: Vec<usize> = Vec::new();
        let mut digits = 0;
        for e in s + 1..=end {
            digits += usize::from(b[e - 1].is_ascii_digit());
            if digits > 19 {
                break;
            }
            if digits >= 4 && b[e - 1].is_ascii_digit() && (e == end || sep(b[e])) {
                ends.push(e);
            }
        }
        let hit = ends
            .iter()
            .rev()
            .find_map(|&e| classify(&b[s..e], mask).map(|k| (e, k)));
        match hit {
            Some((e, kind)) => {
                // A '(' leading anything but a phone number is punctuation around it.
                let start = s + usize::from(kind != PHONE && b[s] == b'(');
                out.push(Span {
                    start,
                    end: e,
                    kind,
                });
                s = e;
            }
            None => {
                // Skip this piece (at least one byte): up to the next separator, then past separators.
                s += 1;
                while s < end && !sep(b[s]) {
                    s += 1;
                }
                while s < end && !(b[s].is_ascii_digit() || matches!(b[s], b'+' | b'(')) {
                    s += 1;
                }
            }
        }
        while s < end
            && sep(b[s])
            && !(b[s] == b'(' && b.get(s + 1).is_some_and(u8::is_ascii_digit))
        {
            s += 1;
        }
    }
}

/// What a whole piece is, if anything.
fn classify(p: &[u8], mask: u8) -> Option<u8> {
    let whole = p;
    // Only a phone number's area code is led by '(' ("(650) 555-1234"): the others start after it.
    let p = p.strip_prefix(b"(").unwrap_or(p);
    // At most 19 digits (classify_run's candidates): kept on the stack, no allocation per piece.
    let mut buf = [0u8; 19];
    let mut n = 0;
    for &c in p.iter().filter(|c| c.is_ascii_digit()) {
        if n == buf.len() {
            return None;
        }
        buf[n] = c;
        n += 1;
    }
    let digits = &buf[..n];
    let seps = p.iter().filter(|c| !c.is_ascii_digit());
    if mask & IP != 0 && p.iter().all(|c| c.is_ascii_digit() || *c == b'.') && ipv4(p).is_some() {
        return Some(IP);
    }
    if mask & CARD != 0
        && (12..=19).contains(&digits.len())
        && { seps }.all(|c| matches!(c, b' ' | b'-'))
        && card(digits)
    {
        return Some(CARD);
    }
    if mask & SSN != 0 && ssn_shape(p) && ssn(digits) {
        return Some(SSN);
    }
    if mask & PHONE != 0 && phone(whole, digits) {
        return Some(PHONE);
    }
    None
}

/// Luhn mod 10 over ASCII digits.
pub fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(d - b'0');
            if i % 2 == 1 {
                let x = v * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                v
            }
        })
        .sum();
    !digits.is_empty() && sum % 10 == 0
}

fn prefix_num(d: &[u8], n: usize) -> u32 {
    d.iter()
        .take(n)
        .fold(0, |a, c| a * 10 + u32::from(c - b'0'))
}

/// A payment card number: a current IIN range with one of its lengths, and Luhn.
pub fn card(d: &[u8]) -> bool {
    let (len, p1, p2, p3, p4) = (
        d.len(),
        prefix_num(d, 1),
        prefix_num(d, 2),
        prefix_num(d, 3),
        prefix_num(d, 4),
    );
    let iin = match p1 {
        4 => matches!(len, 13 | 16 | 19),              // Visa
        5 => (51..=55).contains(&p2) && len == 16,     // Mastercard
        2 => (2221..=2720).contains(&p4) && len == 16, // Mastercard 2-series
        3 => {
            ((p2 == 34 || p2 == 37) && len == 15)                              // Amex
                || (((300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39)
                    && (14..=19).contains(&len))                               // Diners
                || ((3528..=3589).contains(&p4) && (16..=19).contains(&len)) // JCB
        }
        6 => {
            (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 || p2 == 62)
                && (16..=19).contains(&len) // Discover, UnionPay
        }
        _ => false,
    };
    iin && luhn(d)
}

fn ssn_shape(p: &[u8]) -> bool {
    match p.len() {
        9 => p.iter().all(u8::is_ascii_digit),
        11 => p.iter().enumerate().all(|(i, c)| {
            if i == 3 || i == 6 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        }),
        _ => false,
    }
}

/// A US Social Security number that could be issued: not area 000, 666 or 9xx, not group 00, not
/// serial 0000, and not one of the numbers printed on sample cards.
pub fn ssn(d: &[u8]) -> bool {
    if d.len() != 9 {
        return false;
    }
    let (area, group, serial) = (
        prefix_num(d, 3),
        prefix_num(&d[3..], 2),
        prefix_num(&d[5..], 4),
    );
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        && d != b"078051120"
        && d != b"219099999"
}

/// A phone number: `+` and 7–15 digits (E.164); or a national number led by its trunk `0` (or
/// `00` and a country code), 9–15 digits; or a North American number NXX NXX XXXX (optionally led by
/// 1), bare or grouped 3-3-4.
fn phone(p: &[u8], d: &[u8]) -> bool {
    let n = d.len();
    if p[0] == b'+' {
        return (7..=15).contains(&n) && d[0] != b'0';
    }
    if d[0] == b'0' {
        return (9..=15).contains(&n);
    }
    let nanp = |d: &[u8]| d.len() == 10 && d[0] >= b'2' && d[3] >= b'2';
    let ten = if n == 11 && d[0] == b'1' { &d[1..] } else { d };
    if !nanp(ten) {
        return false;
    }
    // Grouping: the digit counts between separators must be (1,)3,3,4 (or no separators at all).
    let groups: Vec<usize> = p
        .split(|c| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(<[u8]>::len)
        .collect();
    matches!(
        groups.as_slice(),
        [10] | [11] | [3, 3, 4] | [1, 3, 3, 4] | [3, 7] | [1, 10]
    )
}

/// Dotted-quad IPv4 (no leading zeros) → the four octets.
pub fn ipv4(s: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut n = 0;
    for part in s.split(|c| *c == b'.') {
        if n == 4
            || part.is_empty()
            || part.len() > 3
            || (part.len() > 1 && part[0] == b'0')
            || !part.iter().all(u8::is_ascii_digit)
        {
            return None;
        }
        let v = prefix_num(part, 3);
        out[n] = u8::try_from(v).ok()?;
        n += 1;
    }
    (n == 4).then_some(out)
}

/// RFC 4291 text forms (with `::` and an embedded IPv4 tail) → the eight groups.
pub fn ipv6(s: &str) -> Option<[u16; 8]> {
    if !s.contains(':') || s.len() > 45 {
        return None;
    }
    let (head, tail) = match super::find(s, "::") {
        Some(i) => (sub(s, 0, i), Some(sub(s, i + 2, s.len()))),
        None => (s, None),
    };
    let mut groups: Vec<u16> = Vec::new();
    let parse = |part: &str, groups: &mut Vec<u16>, last: bool| -> Option<()> {
        if part.is_empty() {
            return Some(());
        }
        let pieces: Vec<&str> = part.split(':').collect();
        for (i, g) in pieces.iter().enumerate() {
            if last && i == pieces.len() - 1 && g.contains('.') {
                let v4 = ipv4(g.as_bytes())?;
                groups.push(u16::from_be_bytes([v4[0], v4[1]]));
                groups.push(u16::from_be_bytes([v4[2], v4[3]]));
            } else {
                if g.is_empty() || g.len() > 4 {
                    return None;
                }
                groups.push(u16::from_str_radix(g, 16).ok()?);
            }
        }
        Some(())
    };
    parse(head, &mut groups, tail.is_none())?;
    let split = groups.len();
    if let Some(t) = tail {
        if super::find(t, "::").is_some() {
            return None;
        }
        parse(t, &mut groups, true)?;
        if groups.len() > 7 {
            return None;
        }
    } else if groups.len() != 8 {
        return None;
    }
    let mut out = [0u16; 8];
    let back = groups.len() - split;
    out[..split].copy_from_slice(&groups[..split]);
    out[8 - back..].copy_from_slice(&groups[split..]);
    Some(out)
}

fn ipv6s(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let ok = |c: u8| c.is_ascii_hexdigit() || c == b':' || c == b'.';
    let mut i = 0;
    while i < b.len() {
        if !ok(b[i]) || (i > 0 && (ok(b[i - 1]) || b[i - 1].is_ascii_alphanumeric())) {
            i += 1;
            continue;
        }
        let mut e = i;
        while e < b.len() && ok(b[e]) {
            e += 1;
        }
        let mut end = e;
        while end > i && b[end - 1] == b'.' {
            end -= 1;
        }
        let cand = sub(text, i, end);
        if !alnum(b.get(e))
            && cand.bytes().filter(|c| *c == b':').count() >= 2
            && ipv6(cand).is_some()
        {
            out.push(Span {
                start: i,
                end,
                kind: IP,
            });
        }
        i = e;
    }
}

// ---------------------------------------------------------------------------------------------
// IBAN: two letters, two check digits, then letters/digits (single spaces allowed, as printed in
// groups of four); 15–34 characters, mod 97 = 1. Tried longest first at each group boundary.

pub fn iban_remainder(s: &str) -> Option<u32> {
    let c: Vec<u8> = s
        .bytes()
        .filter(|c| *c != b' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !(15..=34).contains(&c.len())
        || !c[..2].iter().all(u8::is_ascii_alphabetic)
        || !c[2..4].iter().all(u8::is_ascii_digit)
        || !c.iter().all(u8::is_ascii_alphanumeric)
    {
        return None;
    }
    let mut r: u32 = 0;
    for ch in c[4..].iter().chain(&c[..4]) {
        if ch.is_ascii_digit() {
            r = (r * 10 + u32::from(ch - b'0')) % 97;
        } else {
            r = (r * 100 + u32::from(ch - b'A') + 10) % 97;
        }
    }
    Some(r)
}

fn ibans(b: &[u8], out: &mut Vec<Span>) {
    let mut i = 0;
    while i + 4 <= b.len() {
        let start_ok = b[i].is_ascii_alphabetic()
            && b[i + 1].is_ascii_alphabetic()
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit()
            && !alnum(i.checked_sub(1).and_then(|p| b.get(p)));
        if !start_ok {
            i += 1;
            continue;
        }
        let mut e = i;
        let mut ends = Vec::new();
        let mut count = 0;
        while e < b.len() && count < 34 {
            if b[e].is_ascii_alphanumeric() {
                e += 1;
                count += 1;
                if !alnum(b.get(e)) {
                    ends.push(e);
                }
            } else if b[e] == b' ' && alnum(b.get(e + 1)) {
                e += 1;
            } else {
                break;
            }
        }
        // Only what was scanned (ASCII letters, digits and spaces), not the rest of the text.
        let text = std::str::from_utf8(&b[i..e]).unwrap_or("");
        let hit = ends
            .iter()
            .rev()
            .find(|&&e| text.get(..e - i).and_then(iban_remainder) == Some(1));
        match hit {
            Some(&e) => {
                out.push(Span {
                    start: i,
                    end: e,
                    kind: IBAN,
                });
                i = e;
            }
            None => i += 1,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// URLs: every query string in the text (from '?' to whitespace or '#'), each value percent-decoded
// and checked; a sensitive parameter name redacts its value whatever it holds.

fn scrub_queries(text: &str, mask: u8, hash: bool) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut rest = text;
    // One query at a time, left to right (a loop: a text of many '?' must not recurse per query).
    while let Some(q) = rest.find('?') {
        out.push_str(sub(rest, 0, q + 1));
        rest = sub(rest, q + 1, rest.len());
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '#')
            .unwrap_or(rest.len());
        for (i, pair) in sub(rest, 0, end).split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            match scrub_pair(pair, mask, hash) {
                Some(p) => {
                    out.push_str(&p);
                    changed = true;
                }
                None => out.push_str(pair),
            }
        }
        rest = sub(rest, end, rest.len());
    }
    out.push_str(rest);
    changed.then_some(out)
}

fn scrub_pair(pair: &str, mask: u8, hash: bool) -> Option<String> {
    let (name, value) = pair.split_once('=')?;
    let dn = super::url::decode(name, true)?.to_ascii_lowercase();
    let dv = super::url::decode(value, true)?;
    if dv.is_empty() || is_hex64(&dv) || dv.starts_with('[') && dv.ends_with(']') {
        return None;
    }
    let new = if SENSITIVE.contains(&dn.as_str()) {
        // The whole value goes: its kind's placeholder when one detection covers it, else [token].
        match find(&dv, mask & !URL).as_slice() {
            [one] if one.start == 0 && one.end == dv.len() => replacement(&dv, one.kind, hash),
            _ => replacement(&dv, URL, hash),
        }
    } else {
        scrub(&dv, mask & !URL, hash)?
    };
    Some(super::cat(&[name, "=", &super::url::encode(&new)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(t: &str) -> Vec<(String, u8)> {
        find(t, ALL)
            .into_iter()
            .map(|s| (t[s.start..s.end].to_string(), s.kind))
            .collect()
    }

    #[test]
    fn finds_each_kind_in_text() {
        assert_eq!(
            kinds("mail john.doe+x@mail.example.com, or call +44 20 7946 0958."),
            vec![
                ("john.doe+x@mail.example.com".into(), EMAIL),
                ("+44 20 7946 0958".into(), PHONE)
            ]
        );
        assert_eq!(
            kinds("card 4111 1111 1111 1111 ok"),
            vec![("4111 1111 1111 1111".into(), CARD)]
        );
        assert_eq!(kinds("ssn 123-45-6789"), vec![("123-45-6789".into(), SSN)]);
        assert_eq!(
            kinds("from 203.0.113.195."),
            vec![("203.0.113.195".into(), IP)]
        );
        assert_eq!(
            kinds("v6 2001:db8::1 here"),
            vec![("2001:db8::1".into(), IP)]
        );
        assert_eq!(
            kinds("pay GB82 WEST 1234 5698 7654 32 now"),
            vec![("GB82 WEST 1234 5698 7654 32".into(), IBAN)]
        );
        assert_eq!(
            kinds("(650) 555-1234"),
            vec![("(650) 555-1234".into(), PHONE)]
        );
    }

    #[test]
    fn leaves_ordinary_text() {
        for t in [
            "2024-01-05T10:00:00.000Z",
            "order 12345 for 3 items at 19.99",
            "version 1.2.3",
            "a2996076d3ad4af5dc818b908b3d8e354f26ededf7df0e0aa6ac354143805ee0",
            "id4111111111111111",
            "10:30:00",
            "user@localhost",
            "4111111111111112",
            "1700000000000",
        ] {
            assert_eq!(kinds(t), vec![], "{t}");
        }
    }
}
