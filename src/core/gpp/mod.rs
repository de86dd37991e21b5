//! IAB GPP strings: [`encode`] and [`decode`] the header (type 3, version 1, section ids as a
//! Fibonacci range) and the sections `tcfeuv2` (id 2, a TC string, checked with [`tcf::decode`]),
//! and the US sections of [`US`], one row per section and version: `usnat` (id 7, versions 1 and
//! 2), `usca` (8) and the states 9 to 27 (usva, usco, usut, usct, usfl, usmt, usor, ustx, usde,
//! usia, usne, usnh, usnj, ustn, usmn, usmd, usin, usky, usri), each with its GPC sub-section
//! where it has one (usin, usky and usri have a sensitive-data segment instead).
//! Other sections (`uspv1`, id 6, among them) are kept as their text.
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
/// The legacy US Privacy string (`1YNN`), kept as text.
pub const USPV1: u16 = 6;

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

/// One US section at one version: its field names (`prefix.Name`, space-separated: the 6-bit
/// version field first, then each 2-bit field, then the GPC sub-section's two) and how many 2-bit
/// values each field after the version has.
pub struct UsLayout {
    pub id: u16,
    pub version: u8,
    /// Whether the section defines the GPC sub-section.
    pub gpc: bool,
    /// Whether the last field (`SensitiveDataProcessing`) is the section's second segment, the
    /// sensitive-data consent segment (usin, usky, usri), instead of a field of the core segment.
    pub sensitive: bool,
    names: &'static str,
    counts: &'static [u8],
}

impl UsLayout {
    fn names(&self) -> impl Iterator<Item = &'static str> {
        self.names.split(' ')
    }
    /// The API prefix (`usnat`).
    pub fn prefix(&self) -> &'static str {
        self.names.split_once('.').map_or("", |p| p.0)
    }
    /// `prefix.Version` (`prefix.MspaVersion` in the sections that call it so).
    pub fn version_field(&self) -> &'static str {
        self.names().next().unwrap_or("")
    }
    /// The 2-bit fields after the version with their number of values, in order.
    pub fn fields(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        self.names()
            .skip(1)
            .zip(self.counts.iter().map(|&n| usize::from(n)))
    }
    /// `prefix.SubsectionType` and `prefix.Gpc`.
    fn gpc_fields(&self) -> (&'static str, &'static str) {
        let mut tail = self.names().skip(1 + self.counts.len());
        (tail.next().unwrap_or(""), tail.next().unwrap_or(""))
    }
    /// The number of 2-bit values.
    pub fn values(&self) -> usize {
        self.counts.iter().map(|&n| usize::from(n)).sum()
    }
}

/// A row of [`US`]: `us!(prefix, id, version, has GPC, VersionField, [Field values, …])`.
macro_rules! us {
    ($p:literal, $id:literal, $v:literal, $gpc:literal, $ver:ident, [$($f:ident $n:literal),*]) => {
        UsLayout {
            id: $id,
            version: $v,
            gpc: $gpc,
            sensitive: false,
            names: concat!($p, ".", stringify!($ver), $(" ", $p, ".", stringify!($f),)* " ", $p,
                ".SubsectionType ", $p, ".Gpc"),
            counts: &[$($n),*],
        }
    };
    // A section whose second segment is `SensitiveDataProcessing` (n values), not GPC.
    ($p:literal, $id:literal, $v:literal, sensitive $sdp:literal, $ver:ident, [$($f:ident $n:literal),*]) => {
        UsLayout {
            id: $id,
            version: $v,
            gpc: false,
            sensitive: true,
            names: concat!($p, ".", stringify!($ver), $(" ", $p, ".", stringify!($f),)* " ", $p,
                ".SensitiveDataProcessing"),
            counts: &[$($n,)* $sdp],
        }
    };
}

/// Every US section this codec reads and writes, one row per section and version, with the field
/// layout of its specification (as `@iabgpp/cmpapi` 3.2.0 defines them; tests/e2e/iab-reference.test.mjs
/// checks every row against it); a section's current version is its last row. usin, usky and usri
/// (25-27) have no GPC sub-section: their second segment is `SensitiveDataProcessing` alone (no
/// sub-section type), as cmpapi 3.2.0 writes it (the Indiana, Kentucky and Rhode Island specs of
/// October 2025 describe a section header with sub-section ids that cmpapi does not write).
pub const US: &[UsLayout] = &[
    us!("usnat", 7, 1, true, Version, [SharingNotice 1, SaleOptOutNotice 1, SharingOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SensitiveDataProcessingOptOutNotice 1,
        SensitiveDataLimitUseNotice 1, SaleOptOut 1, SharingOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 12, KnownChildSensitiveDataConsents 2, PersonalDataConsents 1,
        MspaCoveredTransaction 1, MspaOptOutOptionMode 1, MspaServiceProviderMode 1]),
    us!("usnat", 7, 2, true, Version, [SharingNotice 1, SaleOptOutNotice 1, SharingOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SensitiveDataProcessingOptOutNotice 1,
        SensitiveDataLimitUseNotice 1, SaleOptOut 1, SharingOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 16, KnownChildSensitiveDataConsents 3, PersonalDataConsents 1,
        MspaCoveredTransaction 1, MspaOptOutOptionMode 1, MspaServiceProviderMode 1]),
    us!("usca", 8, 1, true, Version, [SaleOptOutNotice 1, SharingOptOutNotice 1,
        SensitiveDataLimitUseNotice 1, SaleOptOut 1, SharingOptOut 1, SensitiveDataProcessing 9,
        KnownChildSensitiveDataConsents 2, PersonalDataConsents 1, MspaCoveredTransaction 1,
        MspaOptOutOptionMode 1, MspaServiceProviderMode 1]),
    us!("usva", 9, 1, false, Version, [SharingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 8, KnownChildSensitiveDataConsents 1, MspaCoveredTransaction 1,
        MspaOptOutOptionMode 1, MspaServiceProviderMode 1]),
    us!("usco", 10, 1, true, Version, [SharingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 7, KnownChildSensitiveDataConsents 1, MspaCoveredTransaction 1,
        MspaOptOutOptionMode 1, MspaServiceProviderMode 1]),
    us!("usut", 11, 1, false, Version, [SharingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SensitiveDataProcessingOptOutNotice 1, SaleOptOut 1,
        TargetedAdvertisingOptOut 1, SensitiveDataProcessing 8, KnownChildSensitiveDataConsents 1,
        MspaCoveredTransaction 1, MspaOptOutOptionMode 1, MspaServiceProviderMode 1]),
    us!("usct", 12, 1, true, Version, [SharingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 8, KnownChildSensitiveDataConsents 3, MspaCoveredTransaction 1,
        MspaOptOutOptionMode 1, MspaServiceProviderMode 1]),
    us!("usfl", 13, 1, false, Version, [ProcessingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 8, KnownChildSensitiveDataConsents 3,
        AdditionalDataProcessingConsent 1, MspaCoveredTransaction 1, MspaOptOutOptionMode 1,
        MspaServiceProviderMode 1]),
    us!("usmt", 14, 1, true, Version, [SharingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 8, KnownChildSensitiveDataConsents 3,
        AdditionalDataProcessingConsent 1, MspaCoveredTransaction 1, MspaOptOutOptionMode 1,
        MspaServiceProviderMode 1]),
    us!("usor", 15, 1, true, Version, [ProcessingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 11, KnownChildSensitiveDataConsents 3,
        AdditionalDataProcessingConsent 1, MspaCoveredTransaction 1, MspaOptOutOptionMode 1,
        MspaServiceProviderMode 1]),
    us!("ustx", 16, 1, true, Version, [ProcessingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 8, KnownChildSensitiveDataConsents 1,
        AdditionalDataProcessingConsent 1, MspaCoveredTransaction 1, MspaOptOutOptionMode 1,
        MspaServiceProviderMode 1]),
    us!("usde", 17, 1, true, Version, [ProcessingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 9, KnownChildSensitiveDataConsents 5,
        AdditionalDataProcessingConsent 1, MspaCoveredTransaction 1, MspaOptOutOptionMode 1,
        MspaServiceProviderMode 1]),
    us!("usia", 18, 1, true, Version, [ProcessingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SensitiveDataOptOutNotice 1, SaleOptOut 1,
        TargetedAdvertisingOptOut 1, SensitiveDataProcessing 8, KnownChildSensitiveDataConsents 1,
        MspaCoveredTransaction 1, MspaOptOutOptionMode 1, MspaServiceProviderMode 1]),
    us!("usne", 19, 1, true, Version, [ProcessingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 8, KnownChildSensitiveDataConsents 1,
        AdditionalDataProcessingConsent 1, MspaCoveredTransaction 1, MspaOptOutOptionMode 1,
        MspaServiceProviderMode 1]),
    us!("usnh", 20, 1, true, Version, [ProcessingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 8, KnownChildSensitiveDataConsents 3,
        AdditionalDataProcessingConsent 1, MspaCoveredTransaction 1, MspaOptOutOptionMode 1,
        MspaServiceProviderMode 1]),
    us!("usnj", 21, 1, true, Version, [ProcessingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 10, KnownChildSensitiveDataConsents 5,
        AdditionalDataProcessingConsent 1, MspaCoveredTransaction 1, MspaOptOutOptionMode 1,
        MspaServiceProviderMode 1]),
    us!("ustn", 22, 1, true, Version, [ProcessingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 8, KnownChildSensitiveDataConsents 1,
        AdditionalDataProcessingConsent 1, MspaCoveredTransaction 1, MspaOptOutOptionMode 1,
        MspaServiceProviderMode 1]),
    us!("usmn", 23, 1, true, Version, [ProcessingNotice 1, SaleOptOutNotice 1,
        TargetedAdvertisingOptOutNotice 1, SaleOptOut 1, TargetedAdvertisingOptOut 1,
        SensitiveDataProcessing 8, KnownChildSensitiveDataConsents 1,
        AdditionalDataProcessingConsent 1, MspaCoveredTransaction 1, MspaOptOutOptionMode 1,
        MspaServiceProviderMode 1]),
    us!("usmd", 24, 1, true, MspaVersion, [MspaCoveredTransaction 1, MspaMode 1,
        ProcessingNotice 1, SaleOptOutNotice 1, TargetedAdvertisingOptOutNotice 1, SaleOptOut 1,
        TargetedAdvertisingOptOut 1, AdditionalDataProcessingConsent 1]),
    us!("usin", 25, 1, sensitive 8, MspaVersion, [MspaCoveredTransaction 1, MspaMode 1,
        ProcessingNotice 1, SaleOptOutNotice 1, TargetedAdvertisingOptOutNotice 1, SaleOptOut 1,
        TargetedAdvertisingOptOut 1, KnownChildSensitiveDataConsents 1,
        AdditionalDataProcessingConsent 1]),
    us!("usky", 26, 1, sensitive 8, MspaVersion, [MspaCoveredTransaction 1, MspaMode 1,
        ProcessingNotice 1, SaleOptOutNotice 1, TargetedAdvertisingOptOutNotice 1, SaleOptOut 1,
        TargetedAdvertisingOptOut 1, KnownChildSensitiveDataConsents 1,
        AdditionalDataProcessingConsent 1]),
    us!("usri", 27, 1, sensitive 8, MspaVersion, [MspaCoveredTransaction 1, MspaMode 1,
        ProcessingNotice 1, SaleOptOutNotice 1, TargetedAdvertisingOptOutNotice 1, SaleOptOut 1,
        TargetedAdvertisingOptOut 1, KnownChildSensitiveDataConsents 1,
        AdditionalDataProcessingConsent 1]),
];

/// The fields of US section `id` at `version` (`None`: not supported): `(prefix.Name, values)`.
pub fn layout(id: u16, version: u8) -> Option<Vec<(&'static str, usize)>> {
    Some(us_layout(id, version)?.fields().collect())
}

/// The row of US section `id` at `version`.
pub fn us_layout(id: u16, version: u8) -> Option<&'static UsLayout> {
    US.iter().find(|l| l.id == id && l.version == version)
}

/// The row of the current version of US section `id` (its last row).
fn current(id: u16) -> Option<&'static UsLayout> {
    US.iter().rev().find(|l| l.id == id)
}

/// The current version of US section `id`.
pub fn current_version(id: u16) -> Option<u8> {
    Some(current(id)?.version)
}

/// Whether `id` is a US section of [`US`].
pub fn is_us(id: u16) -> bool {
    current(id).is_some()
}

impl UsSection {
    /// Section `id` at its current version, every value 0 except MspaCoveredTransaction = 2 (no).
    pub fn new(id: u16) -> Option<UsSection> {
        let l = current(id)?;
        let mut s = UsSection {
            id,
            version: l.version,
            values: vec![0; l.values()],
            gpc: None,
        };
        s.set("MspaCoveredTransaction", &[2]);
        Some(s)
    }

    fn span(&self, name: &str) -> Option<(usize, usize)> {
        let mut at = 0;
        for (full, n) in us_layout(self.id, self.version)?.fields() {
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

/// The notices a site showing the banner and the "Do Not Sell or Share" link gives, in each
/// section that has them.
const NOTICES: [&str; 5] = [
    "SharingNotice",
    "ProcessingNotice",
    "SaleOptOutNotice",
    "SharingOptOutNotice",
    "TargetedAdvertisingOptOutNotice",
];

/// What a US section says beside the sale opt-out: see [`us_section`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsChoices {
    /// Opted out of sale, sharing and targeted advertising.
    pub opted_out: bool,
    /// What the browser sent as Global Privacy Control (written where the section has the
    /// sub-section).
    pub gpc: Option<bool>,
    /// SensitiveDataProcessing, one value per category of the section (0 not processed, 1 and 2
    /// as the section defines them); shorter (or empty) means 0 for the rest.
    pub sensitive: Vec<u8>,
    /// The site processes sensitive data of known children: KnownChildSensitiveDataConsents 1.
    pub known_child: bool,
    /// The MSPA mode of a Covered Transaction; `None`: not covered.
    pub mspa: Option<crate::core::policy::iab::Mspa>,
}

/// The notices of sensitive-data processing, given (1) when the section carries categories.
const SENSITIVE_NOTICES: [&str; 3] = [
    "SensitiveDataProcessingOptOutNotice",
    "SensitiveDataLimitUseNotice",
    "SensitiveDataOptOutNotice",
];

/// US section `id` at its current version for a site that gave notice of sale, sharing and
/// targeted advertising (and of its processing, where the section asks), with the person's
/// opt-out (1) or not (2) in each of those opt-outs the section has and the GPC sub-section where
/// the section defines one: [`us_section`] with no sensitive or children's data, not MSPA-covered.
pub fn opt_out_section(id: u16, opted_out: bool, gpc: Option<bool>) -> Option<UsSection> {
    us_section(
        id,
        &UsChoices {
            opted_out,
            gpc,
            ..UsChoices::default()
        },
    )
}

/// US section `id` at its current version from `c`: the notices and opt-outs as
/// [`opt_out_section`] says; SensitiveDataProcessing from `c.sensitive`, with the section's
/// sensitive-data notices given (1) when a category is processed, else 0; every
/// KnownChildSensitiveDataConsents value 1 with `c.known_child`, else 0; the MSPA fields from
/// `c.mspa` (covered: MspaCoveredTransaction 1 and the mode's field 1, the other mode's 2, MspaMode
/// 1 opt-out option or 2 service provider; not covered: 2 and the modes 0). Additional processing and
/// PersonalDataConsents stay 0 (not applicable).
pub fn us_section(id: u16, c: &UsChoices) -> Option<UsSection> {
    use crate::core::policy::iab::Mspa;
    let mut s = UsSection::new(id)?;
    for notice in NOTICES {
        s.set(notice, &[1]); // a field the section does not have is skipped
    }
    for choice in ["SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut"] {
        s.set(choice, &[if c.opted_out { 1 } else { 2 }]);
    }
    if let Some((at, n)) = s.span("SensitiveDataProcessing") {
        for (v, &x) in s.values[at..at + n].iter_mut().zip(&c.sensitive) {
            *v = x;
        }
        if c.sensitive.iter().any(|&x| x != 0) {
            for notice in SENSITIVE_NOTICES {
                s.set(notice, &[1]);
            }
        }
    }
    if c.known_child {
        if let Some((at, n)) = s.span("KnownChildSensitiveDataConsents") {
            s.values[at..at + n].fill(1);
        }
    }
    if let Some(mode) = c.mspa {
        let opt_out = mode == Mspa::OptOut;
        s.set("MspaCoveredTransaction", &[1]);
        s.set("MspaOptOutOptionMode", &[if opt_out { 1 } else { 2 }]);
        s.set("MspaServiceProviderMode", &[if opt_out { 2 } else { 1 }]);
        s.set("MspaMode", &[if opt_out { 1 } else { 2 }]);
    }
    s.gpc = c.gpc.filter(|_| current(id).is_some_and(|l| l.gpc));
    Some(s)
}

const fn err<T>(field: &'static str, reason: &'static str) -> Result<T, CodecError> {
    Err(CodecError::new(field, reason))
}

fn check_value(v: u8, field: &'static str) -> Result<(), CodecError> {
    if field.ends_with(".MspaCoveredTransaction") {
        if v == 0 || v > 2 {
            return err(field, "not 1 (yes) or 2 (no)");
        }
    } else if v > 2 {
        return err(field, "3 is not a valid value (0 not applicable, 1, 2)");
    }
    Ok(())
}

/// The row of `s`, or the error naming its version field (or the header, for an unknown id).
fn row(id: u16, version: u8) -> Result<&'static UsLayout, CodecError> {
    match (us_layout(id, version), current(id)) {
        (Some(l), _) => Ok(l),
        (None, Some(l)) => err(l.version_field(), "unsupported version"),
        (None, None) => err("header.SectionIds", "not a US section this codec knows"),
    }
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
    let l = row(s.id, s.version)?;
    if s.values.len() != l.values() {
        return err(
            l.version_field(),
            "the number of values does not match this version's fields",
        );
    }
    if s.gpc.is_some() && !l.gpc {
        let f = if l.sensitive {
            l.version_field()
        } else {
            l.gpc_fields().0
        };
        return err(f, "this section has no GPC sub-section");
    }
    let mut w = Writer::new();
    w.int(s.version.into(), 6);
    let mut values = s.values.iter();
    let last = l.counts.len() - 1;
    let mut out = String::new();
    for (i, (name, n)) in l.fields().enumerate() {
        if l.sensitive && i == last {
            // The sensitive-data consent segment: its own base64url part after a `.`.
            w.pad(8);
            out = w.base64(6);
            out.push('.');
            w = Writer::new();
        }
        for v in values.by_ref().take(n) {
            check_value(*v, name)?;
            w.int((*v).into(), 2);
        }
    }
    w.pad(8);
    out.push_str(&w.base64(6));
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
    let vf = current(id).map_or("", |l| l.version_field());
    let mut parts = text.split('.');
    let mut r = Reader::base64(parts.next().unwrap_or(""), vf)?;
    let version = r.int(6, vf)? as u8;
    let l = row(id, version)?;
    let mut values = Vec::with_capacity(l.values());
    let last = l.counts.len() - 1;
    for (i, (name, n)) in l.fields().enumerate() {
        if l.sensitive && i == last {
            // The sensitive-data consent segment is optional: absent, every category is 0.
            let Some(sub) = parts.next() else {
                values.resize(l.values(), 0);
                break;
            };
            r = Reader::base64(sub, name)?;
        }
        for _ in 0..n {
            let v = r.int(2, name)? as u8;
            check_value(v, name)?;
            values.push(v);
        }
    }
    let mut gpc = None;
    let (type_field, gpc_field) = l.gpc_fields();
    for sub in parts {
        if l.sensitive {
            let sdp = l.fields().last().map_or("", |f| f.0);
            return err(sdp, "more than two segments (core, sensitive data)");
        }
        if !l.gpc {
            return err(type_field, "this section has no sub-sections");
        }
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
    if matches!(id, 0 | 3 | TCFEUV2) || is_us(id) {
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

/// The GPP string of `sections`, given in ascending id order: what the signal writes. A `tcfeuv2`
/// section is written as given (the signal's comes from [`tcf::encode`]), so the TC decoder is not
/// linked for it; US sections and other sections are checked as [`encode`] checks them.
pub fn encode_own(sections: &[Section]) -> Result<String, CodecError> {
    if sections.windows(2).any(|p| p[0].id() >= p[1].id()) {
        return err("header.SectionIds", "not in ascending order");
    }
    let ids: Vec<u16> = sections.iter().map(|s| s.id()).collect();
    let mut out = encode_header(&ids);
    for s in sections {
        out.push('~');
        match s {
            Section::TcfEuV2(tc) => out.push_str(tc),
            Section::Us(u) => out.push_str(&encode_us(u)?),
            Section::Other(id, text) => {
                check_other(*id, text)?;
                out.push_str(text);
            }
        }
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
            Section::Us(u) => out.push_str(&encode_us(u)?),
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
            _ if is_us(id) => Section::Us(decode_us(id, text)?),
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
