//! IAB GPP strings: [`encode`] and [`decode`] the header (type 3, version 1, section ids as a
//! Fibonacci range) and the sections `tcfeuv2` (id 2, a TC string, checked with [`tcf::decode`]),
//! `usnat` (id 7, versions 1 and 2) and `usca` (id 8, version 1), each with the optional GPC
//! sub-section. Other sections are kept as their text. US sections are one layout table per
//! section and version ([`layout`]), so a state is one more row.
//!
//! Limits (enforced, errors name the field): a string is at most [`MAX_LEN`] bytes and names at most
//! [`MAX_SECTIONS`] sections, each id at most 65 535; decoding is linear in the input. Decoding
//! ignores trailing bits and reads the version from the Version field (never from the length).
pub mod signal;

use crate::core::tcf::{
    self,
    bits::{CodecError, Reader, Writer},
};

/// The longest GPP string [`decode`] reads, in bytes.
pub const MAX_LEN: usize = 65_536;
/// The most sections one string may name.
pub const MAX_SECTIONS: usize = 64;

pub const TCFEUV2: u16 = 2;
pub const USNAT: u16 = 7;
pub const USCA: u16 = 8;

/// One GPP string: its sections in ascending id order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gpp {
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// Section 2: a TC string.
    TcfEuV2(String),
    /// Sections 7 (usnat) and 8 (usca).
    Us(UsSection),
    /// Any other section id, kept as its text (base64url sub-segments joined by `.`).
    Other(u16, String),
}

impl Section {
    pub fn id(&self) -> u16 {
        match self {
            Section::TcfEuV2(_) => TCFEUV2,
            Section::Us(u) => u.id,
            Section::Other(id, _) => *id,
        }
    }
}

/// A US section: after the 6-bit Version, 2-bit values in the order of [`layout`]`(id, version)`
/// (lists flattened), then the optional GPC sub-section. Values: 0 not applicable, 1 and 2 as the
/// field defines (notice given / opted out / no consent; MspaCoveredTransaction only 1 or 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsSection {
    pub id: u16,
    pub version: u8,
    pub values: Vec<u8>,
    /// The GPC sub-section: `Some(true)` when the browser sent Global Privacy Control.
    pub gpc: Option<bool>,
}

type Layout = &'static [(&'static str, usize)];

const USNAT_V1: Layout = &[
    ("usnat.SharingNotice", 1),
    ("usnat.SaleOptOutNotice", 1),
    ("usnat.SharingOptOutNotice", 1),
    ("usnat.TargetedAdvertisingOptOutNotice", 1),
    ("usnat.SensitiveDataProcessingOptOutNotice", 1),
    ("usnat.SensitiveDataLimitUseNotice", 1),
    ("usnat.SaleOptOut", 1),
    ("usnat.SharingOptOut", 1),
    ("usnat.TargetedAdvertisingOptOut", 1),
    ("usnat.SensitiveDataProcessing", 12),
    ("usnat.KnownChildSensitiveDataConsents", 2),
    ("usnat.PersonalDataConsents", 1),
    ("usnat.MspaCoveredTransaction", 1),
    ("usnat.MspaOptOutOptionMode", 1),
    ("usnat.MspaServiceProviderMode", 1),
];

const USNAT_V2: Layout = &[
    ("usnat.SharingNotice", 1),
    ("usnat.SaleOptOutNotice", 1),
    ("usnat.SharingOptOutNotice", 1),
    ("usnat.TargetedAdvertisingOptOutNotice", 1),
    ("usnat.SensitiveDataProcessingOptOutNotice", 1),
    ("usnat.SensitiveDataLimitUseNotice", 1),
    ("usnat.SaleOptOut", 1),
    ("usnat.SharingOptOut", 1),
    ("usnat.TargetedAdvertisingOptOut", 1),
    ("usnat.SensitiveDataProcessing", 16),
    ("usnat.KnownChildSensitiveDataConsents", 3),
    ("usnat.PersonalDataConsents", 1),
    ("usnat.MspaCoveredTransaction", 1),
    ("usnat.MspaOptOutOptionMode", 1),
    ("usnat.MspaServiceProviderMode", 1),
];

const USCA_V1: Layout = &[
    ("usca.SaleOptOutNotice", 1),
    ("usca.SharingOptOutNotice", 1),
    ("usca.SensitiveDataLimitUseNotice", 1),
    ("usca.SaleOptOut", 1),
    ("usca.SharingOptOut", 1),
    ("usca.SensitiveDataProcessing", 9),
    ("usca.KnownChildSensitiveDataConsents", 2),
    ("usca.PersonalDataConsents", 1),
    ("usca.MspaCoveredTransaction", 1),
    ("usca.MspaOptOutOptionMode", 1),
    ("usca.MspaServiceProviderMode", 1),
];

/// The fields of US section `id` at `version` (`None`: not supported).
pub fn layout(id: u16, version: u8) -> Option<Layout> {
    match (id, version) {
        (USNAT, 1) => Some(USNAT_V1),
        (USNAT, 2) => Some(USNAT_V2),
        (USCA, 1) => Some(USCA_V1),
        _ => None,
    }
}

/// The current version of US section `id`.
pub fn current_version(id: u16) -> Option<u8> {
    match id {
        USNAT => Some(2),
        USCA => Some(1),
        _ => None,
    }
}

fn version_field(id: u16) -> &'static str {
    if id == USCA {
        "usca.Version"
    } else {
        "usnat.Version"
    }
}

fn gpc_fields(id: u16) -> (&'static str, &'static str) {
    if id == USCA {
        ("usca.SubsectionType", "usca.Gpc")
    } else {
        ("usnat.SubsectionType", "usnat.Gpc")
    }
}

impl UsSection {
    /// Section `id` at its current version, every value 0 except MspaCoveredTransaction = 2 (no).
    pub fn new(id: u16) -> Option<UsSection> {
        let version = current_version(id)?;
        let fields = layout(id, version)?;
        let mut s = UsSection {
            id,
            version,
            values: vec![0; fields.iter().map(|f| f.1).sum()],
            gpc: None,
        };
        s.set("MspaCoveredTransaction", &[2]);
        Some(s)
    }

    fn span(&self, name: &str) -> Option<(usize, usize)> {
        let mut at = 0;
        for &(full, n) in layout(self.id, self.version)? {
            if full.split_once('.').is_some_and(|p| p.1 == name) {
                return Some((at, n));
            }
            at += n;
        }
        None
    }

    /// The value(s) of field `name` (IAB name without the prefix, e.g. `SaleOptOut`).
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        let (at, n) = self.span(name)?;
        self.values.get(at..at + n)
    }

    /// Sets field `name`; false when the section has no such field or `v` has the wrong length.
    pub fn set(&mut self, name: &str, v: &[u8]) -> bool {
        match self.span(name) {
            Some((at, n)) if n == v.len() && at + n <= self.values.len() => {
                self.values[at..at + n].copy_from_slice(v);
                true
            }
            _ => false,
        }
    }
}

/// Section `id` (usnat or usca) at its current version for a site that gave notice of sale, sharing
/// and targeted advertising and the person's choice: `opted_out` (1) or not (2) for each, and the GPC
/// sub-section. Not an MSPA-covered transaction (MspaCoveredTransaction 2, the modes 0).
pub fn opt_out_section(id: u16, opted_out: bool, gpc: Option<bool>) -> Option<UsSection> {
    let mut s = UsSection::new(id)?;
    for notice in [
        "SharingNotice",
        "SaleOptOutNotice",
        "SharingOptOutNotice",
        "TargetedAdvertisingOptOutNotice",
    ] {
        s.set(notice, &[1]); // usca has no SharingNotice nor targeted advertising: skipped
    }
    for choice in ["SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut"] {
        s.set(choice, &[if opted_out { 1 } else { 2 }]);
    }
    s.gpc = gpc;
    Some(s)
}

const fn err<T>(field: &'static str, reason: &'static str) -> Result<T, CodecError> {
    Err(CodecError::new(field, reason))
}

fn check_value(v: u8, field: &'static str) -> Result<(), CodecError> {
    if matches!(
        field,
        "usnat.MspaCoveredTransaction" | "usca.MspaCoveredTransaction"
    ) {
        if v == 0 || v > 2 {
            return err(field, "not 1 (yes) or 2 (no)");
        }
    } else if v > 2 {
        return err(field, "3 is not a valid value (0 not applicable, 1, 2)");
    }
    Ok(())
}

/// 1, 2, 3, 5, 8, … up to the first above 65 535.
fn fibs() -> [u32; 24] {
    let mut f = [1u32; 24];
    f[1] = 2;
    for i in 2..24 {
        f[i] = f[i - 1] + f[i - 2];
    }
    f
}

/// A Fibonacci (Zeckendorf, LSB first, terminated by an extra 1) integer, `v` ≥ 1.
fn write_fib(w: &mut Writer, v: u32) {
    let f = fibs();
    let top = f.iter().rposition(|&x| x <= v).unwrap_or(0);
    let mut bits = [false; 24];
    let mut rest = v;
    for i in (0..=top).rev() {
        if f[i] <= rest {
            bits[i] = true;
            rest -= f[i];
        }
    }
    for &b in &bits[..=top] {
        w.bit(b);
    }
    w.bit(true);
}

fn read_fib(r: &mut Reader, field: &'static str) -> Result<u32, CodecError> {
    let f = fibs();
    let (mut v, mut prev) = (0u32, false);
    for &fib in &f {
        let b = r.bit(field)?;
        if b && prev {
            return Ok(v);
        }
        if b {
            v += fib;
        }
        prev = b;
    }
    if r.bit(field)? && prev {
        return Ok(v);
    }
    err(
        field,
        "a Fibonacci integer above 65535 or without its terminating 11",
    )
}

fn encode_header(ids: &[u16]) -> String {
    let mut w = Writer::new();
    w.int(3, 6);
    w.int(1, 6);
    let mut groups: Vec<(u16, u16)> = Vec::new();
    for &id in ids {
        match groups.last_mut() {
            Some((_, last)) if *last + 1 == id => *last = id,
            _ => groups.push((id, id)),
        }
    }
    w.int(groups.len() as u64, 12);
    let mut offset = 0;
    for (a, b) in groups {
        w.bit(a != b);
        write_fib(&mut w, u32::from(a - offset));
        if a != b {
            write_fib(&mut w, u32::from(b - a));
        }
        offset = b;
    }
    w.pad(8);
    w.base64(6)
}

/// The section ids of a GPP header (the part before the first `~`).
pub fn decode_header(text: &str) -> Result<Vec<u16>, CodecError> {
    let mut r = Reader::base64(text, "header")?;
    if r.int(6, "header.Type")? != 3 {
        return err("header.Type", "not 3 (not a GPP header)");
    }
    if r.int(6, "header.Version")? != 1 {
        return err("header.Version", "not 1");
    }
    let count = r.int(12, "header.SectionIds")?;
    let mut ids: Vec<u16> = Vec::new();
    let mut offset = 0u32;
    for _ in 0..count {
        let group = r.bit("header.SectionIds")?;
        let start = offset + read_fib(&mut r, "header.SectionIds")?;
        let end = if group {
            start + read_fib(&mut r, "header.SectionIds")?
        } else {
            start
        };
        if end > 65_535 {
            return err("header.SectionIds", "a section id above 65535");
        }
        if ids.len() + (end - start) as usize + 1 > MAX_SECTIONS {
            return err("header.SectionIds", "more than 64 sections");
        }
        ids.extend((start..=end).map(|i| i as u16));
        offset = end;
    }
    Ok(ids)
}

fn encode_us(s: &UsSection) -> Result<String, CodecError> {
    let vf = version_field(s.id);
    let Some(fields) = layout(s.id, s.version) else {
        return err(vf, "unsupported version");
    };
    if s.values.len() != fields.iter().map(|f| f.1).sum::<usize>() {
        return err(
            vf,
            "the number of values does not match this version's fields",
        );
    }
    let mut w = Writer::new();
    w.int(s.version.into(), 6);
    let mut values = s.values.iter();
    for &(name, n) in fields {
        for v in values.by_ref().take(n) {
            check_value(*v, name)?;
            w.int((*v).into(), 2);
        }
    }
    w.pad(8);
    let mut out = w.base64(6);
    if let Some(gpc) = s.gpc {
        let mut w = Writer::new();
        w.int(1, 2);
        w.bit(gpc);
        w.pad(8);
        out.push('.');
        out.push_str(&w.base64(6));
    }
    Ok(out)
}

fn decode_us(id: u16, text: &str) -> Result<UsSection, CodecError> {
    let vf = version_field(id);
    let mut parts = text.split('.');
    let mut r = Reader::base64(parts.next().unwrap_or(""), vf)?;
    let version = r.int(6, vf)? as u8;
    let Some(fields) = layout(id, version) else {
        return err(vf, "unsupported version");
    };
    let mut values = Vec::new();
    for &(name, n) in fields {
        for _ in 0..n {
            let v = r.int(2, name)? as u8;
            check_value(v, name)?;
            values.push(v);
        }
    }
    let mut gpc = None;
    let (type_field, gpc_field) = gpc_fields(id);
    for sub in parts {
        let mut r = Reader::base64(sub, type_field)?;
        match r.int(2, type_field)? {
            1 if gpc.is_none() => gpc = Some(r.bit(gpc_field)?),
            1 => return err(type_field, "the GPC sub-section appears twice"),
            _ => return err(type_field, "unknown sub-section type (only 1, GPC)"),
        }
    }
    Ok(UsSection {
        id,
        version,
        values,
        gpc,
    })
}

fn check_other(id: u16, text: &str) -> Result<(), CodecError> {
    if matches!(id, 0 | 3 | TCFEUV2 | USNAT | USCA) {
        return err(
            "header.SectionIds",
            "section id 0 or 3, or one with a typed variant",
        );
    }
    let ok = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if !text.split('.').all(ok) {
        return err("section", "an empty or non-base64url sub-segment");
    }
    Ok(())
}

/// The GPP string of US sections only, given in ascending id order: what the signal writes, without
/// linking the checks of other sections (a `tcfeuv2` section is decoded to be checked).
pub fn encode_us_only(sections: &[UsSection]) -> Result<String, CodecError> {
    if sections.windows(2).any(|p| p[0].id >= p[1].id) {
        return err("header.SectionIds", "not in ascending order");
    }
    let ids: Vec<u16> = sections.iter().map(|s| s.id).collect();
    let mut out = encode_header(&ids);
    for u in sections {
        if layout(u.id, 1).is_none() {
            return err("header.SectionIds", "not a US section this codec knows");
        }
        out.push('~');
        out.push_str(&encode_us(u)?);
    }
    Ok(out)
}

/// The GPP string of `gpp`; sections are written in ascending id order.
pub fn encode(gpp: &Gpp) -> Result<String, CodecError> {
    let mut sections: Vec<&Section> = gpp.sections.iter().collect();
    crate::core::sort::sort_by_key(&mut sections, |s| s.id());
    if sections.windows(2).any(|p| p[0].id() == p[1].id()) {
        return err("header.SectionIds", "the same section twice");
    }
    if sections.len() > MAX_SECTIONS {
        return err("header.SectionIds", "more than 64 sections");
    }
    let ids: Vec<u16> = sections.iter().map(|s| s.id()).collect();
    let mut out = encode_header(&ids);
    for s in sections {
        out.push('~');
        match s {
            Section::TcfEuV2(tc) => {
                tcf::decode(tc)?;
                out.push_str(tc);
            }
            Section::Us(u) => {
                if layout(u.id, 1).is_none() {
                    return err("header.SectionIds", "not a US section this codec knows");
                }
                out.push_str(&encode_us(u)?);
            }
            Section::Other(id, text) => {
                check_other(*id, text)?;
                out.push_str(text);
            }
        }
    }
    Ok(out)
}

/// The GPP string `s`, or the first thing that makes it invalid.
pub fn decode(s: &str) -> Result<Gpp, CodecError> {
    if s.len() > MAX_LEN {
        return err("GppString", "longer than 65536 bytes");
    }
    let mut parts = s.split('~');
    let ids = decode_header(parts.next().unwrap_or(""))?;
    let texts: Vec<&str> = parts.collect();
    if texts.len() != ids.len() {
        return err(
            "header.SectionIds",
            "the number of ids differs from the number of sections",
        );
    }
    let mut sections = Vec::with_capacity(ids.len());
    for (&id, text) in ids.iter().zip(texts) {
        sections.push(match id {
            TCFEUV2 => {
                tcf::decode(text)?;
                Section::TcfEuV2(text.to_string())
            }
            USNAT | USCA => Section::Us(decode_us(id, text)?),
            _ => {
                check_other(id, text)?;
                Section::Other(id, text.to_string())
            }
        });
    }
    Ok(Gpp { sections })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fib_bits(v: u32) -> String {
        let mut w = Writer::new();
        write_fib(&mut w, v);
        let n = w.len();
        let s = w.base64(6);
        let mut r = Reader::base64(&s, "t").unwrap();
        (0..n)
            .map(|_| if r.bit("t").unwrap() { '1' } else { '0' })
            .collect()
    }

    #[test]
    fn fibonacci_codes_match_the_spec() {
        let spec = ["11", "011", "0011", "1011", "00011", "10011", "01011"];
        for (v, code) in (1..).zip(spec) {
            assert_eq!(fib_bits(v), code, "{v}");
        }
        for v in [1, 2, 12, 89, 1000, 65_535] {
            let mut w = Writer::new();
            write_fib(&mut w, v);
            let mut r = Reader::base64(&w.base64(6), "t").unwrap();
            assert_eq!(read_fib(&mut r, "t"), Ok(v));
        }
        // 25 digits without the terminating 11.
        let mut r = Reader::base64("qqqqq", "t").unwrap();
        assert_eq!(read_fib(&mut r, "t").unwrap_err().field, "t");
    }
}
