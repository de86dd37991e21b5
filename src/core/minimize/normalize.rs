//! Normalisation before hashing, per destination: Google (enhanced conversions, user-provided data)
//! and Meta (advanced matching, CAPI) differ, and a digest only matches theirs when the input was
//! normalised their way. `None` = the value cannot be normalised (e.g. not an email): it is dropped.

/// The profiles `hash` accepts.
pub const PROFILES: [&str; 19] = [
    "trim",
    "raw",
    "google.email",
    "google.phone",
    "google.name",
    "google.street",
    "google.city",
    "google.region",
    "google.zip",
    "google.country",
    "meta.email",
    "meta.phone",
    "meta.name",
    "meta.gender",
    "meta.dob",
    "meta.city",
    "meta.state",
    "meta.zip",
    "meta.country",
];

/// Calling codes for national phone numbers (`hash` option `country`).
pub const CALLING: [(&str, &str); 32] = [
    ("US", "1"),
    ("CA", "1"),
    ("GB", "44"),
    ("IE", "353"),
    ("DE", "49"),
    ("AT", "43"),
    ("CH", "41"),
    ("FR", "33"),
    ("BE", "32"),
    ("NL", "31"),
    ("LU", "352"),
    ("ES", "34"),
    ("PT", "351"),
    ("IT", "39"),
    ("SE", "46"),
    ("NO", "47"),
    ("DK", "45"),
    ("FI", "358"),
    ("PL", "48"),
    ("CZ", "420"),
    ("GR", "30"),
    ("IL", "972"),
    ("AE", "971"),
    ("IN", "91"),
    ("JP", "81"),
    ("KR", "82"),
    ("CN", "86"),
    ("SG", "65"),
    ("AU", "61"),
    ("NZ", "64"),
    ("BR", "55"),
    ("MX", "52"),
];

pub fn calling_code(country: &str) -> Option<&'static str> {
    CALLING
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(country))
        .map(|(_, code)| *code)
}

/// A value that is already a SHA-256 digest (both Google and Meta accept those as they are).
pub fn is_hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}

/// Normalises `raw` for `profile`; `code` is the calling code for national phone numbers.
pub fn normalize(profile: &str, raw: &str, code: &str) -> Option<String> {
    let t = raw.trim();
    let lower = super::lower(t);
    if is_hex64(&lower) && profile != "raw" {
        return Some(lower);
    }
    let keep = |f: fn(char) -> bool| -> String { lower.chars().filter(|c| f(*c)).collect() };
    let out = match profile {
        "raw" => raw.to_string(),
        "google.email" => {
            let (local, domain) = email_parts(&lower)?;
            if domain == "gmail.com" || domain == "googlemail.com" {
                super::cat(&[&local.replace('.', ""), "@", domain])
            } else {
                lower
            }
        }
        "meta.email" => {
            email_parts(&lower)?;
            lower
        }
        "google.phone" => super::cat(&["+", &e164_digits(t, code)?]),
        "meta.phone" => e164_digits(t, code)?,
        "google.country" => {
            let c = t.to_ascii_uppercase();
            (c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic())).then_some(c)?
        }
        "meta.country" => {
            let c = keep(super::letter);
            (c.len() == 2).then_some(c)?
        }
        "google.zip" => t.to_string(),
        "meta.name" => keep(|c| !c.is_ascii_punctuation()),
        "meta.gender" => match lower.chars().next()? {
            'f' | 'w' => "f".into(),
            'm' => "m".into(),
            _ => return None,
        },
        "meta.dob" => {
            let d: String = t.chars().filter(char::is_ascii_digit).collect();
            (d.len() == 8 && t.starts_with(|c: char| c.is_ascii_digit())).then_some(d)?
        }
        "meta.city" => keep(super::letter),
        "meta.state" => keep(|c| super::letter(c) || c.is_ascii_digit()),
        "meta.zip" => {
            let z: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
            let z = z.split('-').next().unwrap_or("");
            let z: String = z
                .chars()
                .filter(|c| super::letter(*c) || c.is_ascii_digit())
                .collect();
            let digits = z.bytes().take_while(u8::is_ascii_digit).count();
            if digits >= 5 {
                super::sub(&z, 0, 5).to_string()
            } else {
                z
            }
        }
        // trim, google.name, google.street, google.city, google.region
        _ => lower,
    };
    (!out.is_empty()).then_some(out)
}

fn email_parts(s: &str) -> Option<(&str, &str)> {
    let (local, domain) = s.rsplit_once('@')?;
    (!local.is_empty() && domain.contains('.') && !domain.contains(char::is_whitespace))
        .then_some((local, domain))
}

/// E.164 digits (no `+`): an international number as written (`+…` or `00…`), else a national one
/// with its trunk `0` removed and the calling code put in front. 8–15 digits, or `None`.
fn e164_digits(t: &str, code: &str) -> Option<String> {
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let intl = t.starts_with('+');
    let d = if intl {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if code == "1" && digits.len() == 11 && digits.starts_with('1') {
        digits
    } else {
        super::cat(&[code, digits.strip_prefix('0').unwrap_or(&digits)])
    };
    ((8..=15).contains(&d.len()) && !d.starts_with('0')).then_some(d)
}
