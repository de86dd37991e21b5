//! IAB TCF v2.3 TC strings: [`encode`] and [`decode`] the core segment, the DisclosedVendors segment
//! (mandatory with TcfPolicyVersion 5) and the Publisher TC segment; [`build`] makes a model from
//! plain choices. Pure: the caller passes the time.
//!
//! Limits (documented, enforced, all errors name the field): a string is at most [`MAX_LEN`] bytes;
//! ids are 16-bit (vendors) or 6-bit (restricted purposes); the range entries of one vendor section
//! may not cover more ids than its MaxVendorId (that only happens when they overlap), so decoding is
//! linear in the input plus one table of at most 65 536 entries per vendor section. Decoding accepts
//! the optional segments in any order after the core, the deprecated VendorsAllowed segment (ignored)
//! and any trailing bits; it refuses everything else that is not a valid v2 string.
pub mod bits;
pub mod gvl;
pub mod layers;
pub mod signal;

use bits::{CodecError, Reader, Writer};

/// The longest TC string [`decode`] reads, in bytes.
pub const MAX_LEN: usize = 65_536;
/// TCF v2.3 (`TcfPolicyVersion` 5): the DisclosedVendors segment is mandatory.
pub const POLICY_VERSION: u8 = 5;
/// Deciseconds in a day: Created and LastUpdated carry the day of the last update (midnight UTC).
pub const DAY_DS: u64 = 864_000;
/// Purposes 1, 3, 4, 5 and 6 cannot rest on legitimate interest (TCF v2.2): their LI bits are 0.
pub const NO_LI_PURPOSES: u32 = 0b11_1101;

/// One TC string. Bit sets (`purposes_*`, `special_feature_opt_ins`, `custom_*`): bit `i - 1` is id
/// `i`. Vendor lists: ascending, unique, ≥ 1.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TcString {
    /// Deciseconds since the Unix epoch (see [`DAY_DS`]).
    pub created: u64,
    pub last_updated: u64,
    pub cmp_id: u16,
    pub cmp_version: u16,
    pub consent_screen: u8,
    /// Two uppercase ASCII letters (ISO 639-1), e.g. `*b"EN"`.
    pub consent_language: [u8; 2],
    pub vendor_list_version: u16,
    pub policy_version: u8,
    pub is_service_specific: bool,
    pub use_non_standard_texts: bool,
    /// 12 bits.
    pub special_feature_opt_ins: u16,
    /// 24 bits each.
    pub purposes_consent: u32,
    pub purposes_li: u32,
    pub purpose_one_treatment: bool,
    /// Two uppercase ASCII letters (ISO 3166-1 alpha-2).
    pub publisher_cc: [u8; 2],
    pub vendor_consents: Vec<u16>,
    pub vendor_li: Vec<u16>,
    pub restrictions: Vec<Restriction>,
    /// The DisclosedVendors segment (required when `policy_version` ≥ 5).
    pub disclosed_vendors: Option<Vec<u16>>,
    pub publisher: Option<PublisherTc>,
}

/// A publisher restriction: for `purpose`, `kind` 0 (not allowed), 1 (require consent) or 2 (require
/// legitimate interest) applies to the vendors in `vendors`, inclusive ranges, ascending, disjoint and
/// not adjacent (the decoder merges them so; the encoder does the same).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restriction {
    pub purpose: u8,
    pub kind: u8,
    pub vendors: Vec<(u16, u16)>,
}

/// The Publisher TC segment. `custom_count` ≤ 63 custom purposes; their bits above it are 0.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PublisherTc {
    pub consents: u32,
    pub li: u32,
    pub custom_count: u8,
    pub custom_consents: u64,
    pub custom_li: u64,
}

const fn err<T>(field: &'static str, reason: &'static str) -> Result<T, CodecError> {
    Err(CodecError::new(field, reason))
}

fn check_max(v: u64, bits: u32, field: &'static str) -> Result<u64, CodecError> {
    if v >> bits != 0 {
        return err(field, "does not fit its bit width");
    }
    Ok(v)
}

fn letters(l: [u8; 2], field: &'static str) -> Result<u64, CodecError> {
    if !l.iter().all(u8::is_ascii_uppercase) {
        return err(field, "not two letters A-Z");
    }
    Ok(u64::from(l[0] - b'A') << 6 | u64::from(l[1] - b'A'))
}

fn read_letters(r: &mut Reader, field: &'static str) -> Result<[u8; 2], CodecError> {
    let (a, b) = (r.int(6, field)?, r.int(6, field)?);
    if a > 25 || b > 25 {
        return err(field, "a letter outside A-Z");
    }
    Ok([b'A' + a as u8, b'A' + b as u8])
}

/// Field names of one vendor section.
struct Names {
    max: &'static str,
    is_range: &'static str,
    bitfield: &'static str,
    entries: &'static str,
    is_a_range: &'static str,
    start: &'static str,
    end: &'static str,
}

macro_rules! names {
    ($p:literal) => {
        Names {
            max: concat!($p, ".MaxVendorId"),
            is_range: concat!($p, ".IsRangeEncoding"),
            bitfield: concat!($p, ".BitField"),
            entries: concat!($p, ".NumEntries"),
            is_a_range: concat!($p, ".IsARange"),
            start: concat!($p, ".StartOrOnlyVendorId"),
            end: concat!($p, ".EndVendorId"),
        }
    };
}

const CONSENTS: Names = names!("core.VendorConsents");
const LI: Names = names!("core.VendorLegitimateInterests");
const DISCLOSED: Names = names!("DisclosedVendors");

/// Runs of consecutive ids, `(first, last)`.
fn runs(ids: &[u16]) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = Vec::new();
    for &id in ids {
        match out.last_mut() {
            Some((_, last)) if u32::from(*last) + 1 == u32::from(id) => *last = id,
            _ => out.push((id, id)),
        }
    }
    out
}

fn write_ranges(w: &mut Writer, ranges: &[(u16, u16)]) {
    w.int(ranges.len() as u64, 12);
    for &(a, b) in ranges {
        w.bit(a != b);
        w.int(a.into(), 16);
        if a != b {
            w.int(b.into(), 16);
        }
    }
}

/// The bits of range entries for `ranges` (after MaxVendorId and IsRangeEncoding).
pub fn range_bits(ranges: &[(u16, u16)]) -> usize {
    12 + ranges
        .iter()
        .map(|(a, b)| if a == b { 17 } else { 33 })
        .sum::<usize>()
}

/// A vendor section in whichever encoding is shorter (the bitfield on a tie).
fn write_vendors(w: &mut Writer, ids: &[u16], n: &Names) -> Result<(), CodecError> {
    if matches!(ids.first(), Some(0)) || ids.windows(2).any(|p| p[0] >= p[1]) {
        return err(n.max, "vendor ids must be ascending, unique and at least 1");
    }
    let max = ids.last().copied().unwrap_or(0);
    w.int(max.into(), 16);
    let ranges = runs(ids);
    if range_bits(&ranges) < usize::from(max) {
        w.bit(true);
        write_ranges(w, &ranges);
    } else {
        w.bit(false);
        let mut next = ids.iter().peekable();
        for id in 1..=max {
            let set = next.peek().is_some_and(|&&x| x == id);
            if set {
                next.next();
            }
            w.bit(set);
        }
    }
    Ok(())
}

fn read_entry(
    r: &mut Reader,
    is_a_range: &'static str,
    start: &'static str,
    end: &'static str,
) -> Result<(u16, u16), CodecError> {
    let range = r.bit(is_a_range)?;
    let a = r.int(16, start)? as u16;
    let b = if range { r.int(16, end)? as u16 } else { a };
    if a == 0 {
        return err(start, "vendor id 0 (ids start at 1)");
    }
    if b < a {
        return err(end, "smaller than StartOrOnlyVendorId");
    }
    Ok((a, b))
}

fn read_vendors(r: &mut Reader, n: &Names) -> Result<Vec<u16>, CodecError> {
    let max = r.int(16, n.max)? as usize;
    if !r.bit(n.is_range)? {
        if r.remaining() < max {
            return err(n.bitfield, "the string ends inside this field");
        }
        let mut ids = Vec::new();
        for id in 1..=max {
            if r.bit(n.bitfield)? {
                ids.push(id as u16);
            }
        }
        return Ok(ids);
    }
    let count = r.int(12, n.entries)?;
    let mut seen = vec![false; max + 1];
    let mut covered = 0;
    for _ in 0..count {
        let (a, b) = read_entry(r, n.is_a_range, n.start, n.end)?;
        if usize::from(a) > max {
            return err(n.start, "greater than MaxVendorId");
        }
        if usize::from(b) > max {
            return err(n.end, "greater than MaxVendorId");
        }
        covered += usize::from(b - a) + 1;
        if covered > max {
            return err(
                n.entries,
                "the entries overlap (they cover more ids than MaxVendorId)",
            );
        }
        seen[usize::from(a)..=usize::from(b)].fill(true);
    }
    Ok((1..=max).filter(|&i| seen[i]).map(|i| i as u16).collect())
}

/// Sorts and merges overlapping or adjacent ranges.
fn normalize(mut ranges: Vec<(u16, u16)>) -> Vec<(u16, u16)> {
    crate::core::sort::sort(&mut ranges);
    let mut out: Vec<(u16, u16)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match out.last_mut() {
            Some((_, last)) if u32::from(a) <= u32::from(*last) + 1 => *last = (*last).max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The TC string of `tc`, each segment padded to 24 bits as the IAB reference encoder does.
/// Refuses a model that no valid string carries (the field and the reason).
pub fn encode(tc: &TcString) -> Result<String, CodecError> {
    if tc.cmp_id < 2 {
        return err("core.CmpId", "0 and 1 are not IAB-assigned CMP ids");
    }
    if !tc.is_service_specific {
        return err(
            "core.IsServiceSpecific",
            "must be 1 (global scope is deprecated)",
        );
    }
    if tc.purposes_li & NO_LI_PURPOSES != 0 {
        return err(
            "core.PurposesLITransparency",
            "purposes 1 and 3-6 cannot rest on legitimate interest",
        );
    }
    if tc.policy_version >= POLICY_VERSION && tc.disclosed_vendors.is_none() {
        return err(
            "DisclosedVendors",
            "mandatory from TcfPolicyVersion 5 (TCF v2.3)",
        );
    }
    let mut w = Writer::new();
    w.int(2, 6);
    w.int(check_max(tc.created, 36, "core.Created")?, 36);
    w.int(check_max(tc.last_updated, 36, "core.LastUpdated")?, 36);
    w.int(check_max(tc.cmp_id.into(), 12, "core.CmpId")?, 12);
    w.int(check_max(tc.cmp_version.into(), 12, "core.CmpVersion")?, 12);
    w.int(
        check_max(tc.consent_screen.into(), 6, "core.ConsentScreen")?,
        6,
    );
    w.int(letters(tc.consent_language, "core.ConsentLanguage")?, 12);
    let vlv = check_max(tc.vendor_list_version.into(), 12, "core.VendorListVersion")?;
    w.int(vlv, 12);
    w.int(
        check_max(tc.policy_version.into(), 6, "core.TcfPolicyVersion")?,
        6,
    );
    w.bit(tc.is_service_specific);
    w.bit(tc.use_non_standard_texts);
    let sf = check_max(
        tc.special_feature_opt_ins.into(),
        12,
        "core.SpecialFeatureOptIns",
    )?;
    write_set(&mut w, sf, 12);
    let pc = check_max(tc.purposes_consent.into(), 24, "core.PurposesConsent")?;
    write_set(&mut w, pc, 24);
    let pli = check_max(tc.purposes_li.into(), 24, "core.PurposesLITransparency")?;
    write_set(&mut w, pli, 24);
    w.bit(tc.purpose_one_treatment);
    w.int(letters(tc.publisher_cc, "core.PublisherCC")?, 12);
    write_vendors(&mut w, &tc.vendor_consents, &CONSENTS)?;
    write_vendors(&mut w, &tc.vendor_li, &LI)?;
    if tc.restrictions.len() > 4095 {
        return err("core.NumPubRestrictions", "more than 4095 restrictions");
    }
    w.int(tc.restrictions.len() as u64, 12);
    for r in &tc.restrictions {
        if r.purpose == 0 || r.purpose > 63 {
            return err("core.PubRestrictionEntry.PurposeId", "not 1-63");
        }
        if r.kind > 2 {
            return err("core.PubRestrictionEntry.RestrictionType", "not 0, 1 or 2");
        }
        if r.vendors.iter().any(|&(a, b)| a == 0 || b < a) {
            return err(
                "core.PubRestrictionEntry.StartOrOnlyVendorId",
                "a range with vendor id 0 or ending before it starts",
            );
        }
        let ranges = normalize(r.vendors.clone());
        if ranges.len() > 4095 {
            return err(
                "core.PubRestrictionEntry.NumEntries",
                "more than 4095 ranges",
            );
        }
        w.int(r.purpose.into(), 6);
        w.int(r.kind.into(), 2);
        write_ranges(&mut w, &ranges);
    }
    let mut out = w.base64(24);
    if let Some(dv) = &tc.disclosed_vendors {
        let mut w = Writer::new();
        w.int(1, 3);
        write_vendors(&mut w, dv, &DISCLOSED)?;
        out.push('.');
        out.push_str(&w.base64(24));
    }
    if let Some(p) = &tc.publisher {
        if p.custom_count > 63 {
            return err("PublisherTC.NumCustomPurposes", "more than 63");
        }
        let n = u32::from(p.custom_count);
        let mut w = Writer::new();
        w.int(3, 3);
        let pc = check_max(p.consents.into(), 24, "PublisherTC.PubPurposesConsent")?;
        write_set(&mut w, pc, 24);
        let pli = check_max(p.li.into(), 24, "PublisherTC.PubPurposesLITransparency")?;
        write_set(&mut w, pli, 24);
        w.int(n.into(), 6);
        let custom = check_max(p.custom_consents, n, "PublisherTC.CustomPurposesConsent")?;
        write_set(&mut w, custom, n);
        let custom_li = check_max(p.custom_li, n, "PublisherTC.CustomPurposesLITransparency")?;
        write_set(&mut w, custom_li, n);
        out.push('.');
        out.push_str(&w.base64(24));
    }
    Ok(out)
}

/// Writes an `n`-bit set, id 1 (bit 0 of `v`) first.
fn write_set(w: &mut Writer, v: u64, n: u32) {
    for i in 0..n {
        w.bit(v >> i & 1 == 1);
    }
}

/// Reads an `n`-bit set where the first bit is id 1 (bit 0 of the result).
fn read_set(r: &mut Reader, n: u32, field: &'static str) -> Result<u64, CodecError> {
    let v = r.int(n, field)?;
    Ok(if n == 0 {
        0
    } else {
        v.reverse_bits() >> (64 - n)
    })
}

/// The TC string `s`, or the first thing that makes it invalid.
pub fn decode(s: &str) -> Result<TcString, CodecError> {
    if s.len() > MAX_LEN {
        return err("TCString", "longer than 65536 bytes");
    }
    let mut segments = s.split('.');
    let mut r = Reader::base64(segments.next().unwrap_or(""), "core")?;
    if r.int(6, "core.Version")? != 2 {
        return err("core.Version", "not 2 (only TCF v2 strings are read)");
    }
    let mut tc = TcString {
        created: r.int(36, "core.Created")?,
        last_updated: r.int(36, "core.LastUpdated")?,
        cmp_id: r.int(12, "core.CmpId")? as u16,
        cmp_version: r.int(12, "core.CmpVersion")? as u16,
        consent_screen: r.int(6, "core.ConsentScreen")? as u8,
        consent_language: read_letters(&mut r, "core.ConsentLanguage")?,
        vendor_list_version: r.int(12, "core.VendorListVersion")? as u16,
        policy_version: r.int(6, "core.TcfPolicyVersion")? as u8,
        is_service_specific: r.bit("core.IsServiceSpecific")?,
        use_non_standard_texts: r.bit("core.UseNonStandardTexts")?,
        special_feature_opt_ins: read_set(&mut r, 12, "core.SpecialFeatureOptIns")? as u16,
        purposes_consent: read_set(&mut r, 24, "core.PurposesConsent")? as u32,
        purposes_li: read_set(&mut r, 24, "core.PurposesLITransparency")? as u32,
        purpose_one_treatment: r.bit("core.PurposeOneTreatment")?,
        publisher_cc: read_letters(&mut r, "core.PublisherCC")?,
        ..TcString::default()
    };
    tc.vendor_consents = read_vendors(&mut r, &CONSENTS)?;
    tc.vendor_li = read_vendors(&mut r, &LI)?;
    let count = r.int(12, "core.NumPubRestrictions")?;
    for _ in 0..count {
        let purpose = r.int(6, "core.PubRestrictionEntry.PurposeId")? as u8;
        if purpose == 0 {
            return err(
                "core.PubRestrictionEntry.PurposeId",
                "purpose 0 (ids start at 1)",
            );
        }
        let kind = r.int(2, "core.PubRestrictionEntry.RestrictionType")? as u8;
        if kind == 3 {
            return err("core.PubRestrictionEntry.RestrictionType", "3 is undefined");
        }
        let entries = r.int(12, "core.PubRestrictionEntry.NumEntries")?;
        let mut vendors = Vec::new();
        for _ in 0..entries {
            vendors.push(read_entry(
                &mut r,
                "core.PubRestrictionEntry.IsARange",
                "core.PubRestrictionEntry.StartOrOnlyVendorId",
                "core.PubRestrictionEntry.EndVendorId",
            )?);
        }
        let vendors = normalize(vendors);
        tc.restrictions.push(Restriction {
            purpose,
            kind,
            vendors,
        });
    }
    if tc.cmp_id < 2 {
        return err("core.CmpId", "0 and 1 are not IAB-assigned CMP ids");
    }
    if !tc.is_service_specific {
        return err(
            "core.IsServiceSpecific",
            "0 (global scope is deprecated; must be 1)",
        );
    }
    if tc.purposes_li & NO_LI_PURPOSES != 0 {
        return err(
            "core.PurposesLITransparency",
            "purposes 1 and 3-6 cannot rest on legitimate interest",
        );
    }
    let mut vendors_allowed = false;
    for seg in segments {
        let mut r = Reader::base64(seg, "segment")?;
        match r.int(3, "SegmentType")? {
            1 if tc.disclosed_vendors.is_none() => {
                tc.disclosed_vendors = Some(read_vendors(&mut r, &DISCLOSED)?)
            }
            2 if !vendors_allowed => vendors_allowed = true, // deprecated since 2021: ignored
            3 if tc.publisher.is_none() => {
                let consents = read_set(&mut r, 24, "PublisherTC.PubPurposesConsent")? as u32;
                let li = read_set(&mut r, 24, "PublisherTC.PubPurposesLITransparency")? as u32;
                let n = r.int(6, "PublisherTC.NumCustomPurposes")? as u32;
                tc.publisher = Some(PublisherTc {
                    consents,
                    li,
                    custom_count: n as u8,
                    custom_consents: read_set(&mut r, n, "PublisherTC.CustomPurposesConsent")?,
                    custom_li: read_set(&mut r, n, "PublisherTC.CustomPurposesLITransparency")?,
                });
            }
            1..=3 => return err("SegmentType", "the same segment appears twice"),
            0 => return err("SegmentType", "a second core segment"),
            _ => return err("SegmentType", "unknown segment type (not 1, 2 or 3)"),
        }
    }
    if tc.policy_version >= POLICY_VERSION && tc.disclosed_vendors.is_none() {
        return err(
            "DisclosedVendors",
            "missing (mandatory from TcfPolicyVersion 5, TCF v2.3)",
        );
    }
    Ok(tc)
}

/// Plain choices for [`build`]: ids as lists.
#[derive(Debug, Clone, Default)]
pub struct Choices<'a> {
    /// Epoch milliseconds of the decision; the string carries its day (midnight UTC).
    pub now_ms: u64,
    pub cmp_id: u16,
    pub cmp_version: u16,
    pub consent_screen: u8,
    /// A language tag; its first two letters are used (`pt-BR` ⇒ `PT`).
    pub language: &'a str,
    /// The country of the publisher's legislation of reference, two letters.
    pub publisher_cc: &'a str,
    pub vendor_list_version: u16,
    pub purposes_consent: &'a [u8],
    /// Legitimate-interest purposes; purposes 1 and 3-6 are dropped (they cannot rest on it).
    pub purposes_li: &'a [u8],
    pub special_features: &'a [u8],
    pub vendors_consent: &'a [u16],
    pub vendors_li: &'a [u16],
    /// Every vendor shown to the person (the DisclosedVendors segment).
    pub vendors_disclosed: &'a [u16],
}

/// A bit set (bit `i - 1` = id `i`) of ids in `1..=bits`.
pub fn mask(ids: &[u8], bits: u32, field: &'static str) -> Result<u64, CodecError> {
    let mut m = 0;
    for &i in ids {
        if i == 0 || u32::from(i) > bits {
            return err(field, "an id outside 1..bit width");
        }
        m |= 1 << (i - 1);
    }
    Ok(m)
}

/// The ids in a bit set (bit `i - 1` = id `i`), ascending.
pub fn ids(mask: u64) -> Vec<u8> {
    (1..=64u8).filter(|i| mask >> (i - 1) & 1 == 1).collect()
}

fn two_letters(s: &str, field: &'static str) -> Result<[u8; 2], CodecError> {
    match s.as_bytes() {
        [a, b, ..] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            Ok([a.to_ascii_uppercase(), b.to_ascii_uppercase()])
        }
        _ => err(field, "does not start with two letters"),
    }
}

fn vendor_list(v: &[u16]) -> Vec<u16> {
    let mut v: Vec<u16> = v.iter().copied().filter(|&i| i > 0).collect();
    crate::core::sort::sort(&mut v);
    v.dedup();
    v
}

/// A TCF v2.3 model (policy version 5, service-specific, with DisclosedVendors) from plain choices.
/// Vendor lists are sorted, deduplicated, id 0 dropped; vendors consented but not disclosed are
/// added to the disclosed ones (a vendor is only treated as disclosed when listed there).
pub fn build(c: &Choices) -> Result<TcString, CodecError> {
    let day = c.now_ms / 100 / DAY_DS * DAY_DS;
    let mut disclosed = vendor_list(c.vendors_disclosed);
    disclosed.extend(c.vendors_consent.iter().chain(c.vendors_li));
    let tc = TcString {
        created: day,
        last_updated: day,
        cmp_id: c.cmp_id,
        cmp_version: c.cmp_version,
        consent_screen: c.consent_screen,
        consent_language: two_letters(c.language, "core.ConsentLanguage")?,
        vendor_list_version: c.vendor_list_version,
        policy_version: POLICY_VERSION,
        is_service_specific: true,
        use_non_standard_texts: false,
        special_feature_opt_ins: mask(c.special_features, 12, "core.SpecialFeatureOptIns")? as u16,
        purposes_consent: mask(c.purposes_consent, 24, "core.PurposesConsent")? as u32,
        purposes_li: mask(c.purposes_li, 24, "core.PurposesLITransparency")? as u32
            & !NO_LI_PURPOSES,
        purpose_one_treatment: false,
        publisher_cc: two_letters(c.publisher_cc, "core.PublisherCC")?,
        vendor_consents: vendor_list(c.vendors_consent),
        vendor_li: vendor_list(c.vendors_li),
        restrictions: Vec::new(),
        disclosed_vendors: Some(vendor_list(&disclosed)),
        publisher: None,
    };
    // Checks the widths (CMP id, screen, list version) the same way the encoder does.
    encode(&tc)?;
    Ok(tc)
}
