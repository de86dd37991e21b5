//! Bits and base64url for the IAB codecs (TCF and GPP): an MSB-first bit writer and reader, the
//! URL-safe alphabet without padding, and [`CodecError`], the one error type of both codecs.
//! Everything is linear in the input; the reader fails closed when a field runs past the end.
use std::fmt;

/// What is wrong with a TC or GPP string (or with a model handed to an encoder): the field, named
/// as in the IAB specifications (`core.CmpId`, `usnat.SaleOptOut`), and the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodecError {
    pub field: &'static str,
    pub reason: &'static str,
}

impl CodecError {
    pub const fn new(field: &'static str, reason: &'static str) -> Self {
        CodecError { field, reason }
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.field)?;
        f.write_str(": ")?;
        f.write_str(self.reason)
    }
}

impl std::error::Error for CodecError {}

/// The base64url character of a 6-bit value (computed, not a table: no constant to share).
fn char_of(v: u8) -> char {
    (match v {
        0..=25 => b'A' + v,
        26..=51 => b'a' + v - 26,
        52..=61 => b'0' + v - 52,
        62 => b'-',
        _ => b'_',
    }) as char
}

/// MSB-first bits.
#[derive(Default)]
pub struct Writer {
    bits: Vec<bool>,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }
    pub fn len(&self) -> usize {
        self.bits.len()
    }
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }
    pub fn bit(&mut self, b: bool) {
        self.bits.push(b);
    }
    /// The low `n` bits of `v`, most significant first (`n` ≤ 64).
    pub fn int(&mut self, v: u64, n: u32) {
        for i in (0..n).rev() {
            self.bits.push(v >> i & 1 == 1);
        }
    }
    /// Zero bits up to a multiple of `n`.
    pub fn pad(&mut self, n: usize) {
        while self.bits.len() % n != 0 {
            self.bits.push(false);
        }
    }
    /// Base64url without `=`, the bits zero-padded to a multiple of `pad` bits (a multiple of 6).
    pub fn base64(mut self, pad: usize) -> String {
        self.pad(pad);
        self.bits
            .chunks(6)
            .map(|c| char_of(c.iter().fold(0, |a, &b| a << 1 | u8::from(b))))
            .collect()
    }
}

/// Reads fields from the bits of one base64url segment. Bits past the last field are ignored.
pub struct Reader {
    bits: Vec<bool>,
    at: usize,
}

impl Reader {
    /// Decodes base64url (`A–Z a–z 0–9 - _`, no padding); `field` names the segment in errors.
    pub fn base64(text: &str, field: &'static str) -> Result<Reader, CodecError> {
        if text.is_empty() {
            return Err(CodecError::new(field, "empty segment"));
        }
        let mut bits = Vec::with_capacity(text.len() * 6);
        for b in text.bytes() {
            let v = match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'-' => 62,
                b'_' => 63,
                _ => {
                    return Err(CodecError::new(
                        field,
                        "not base64url (only A-Z a-z 0-9 - _, no padding)",
                    ))
                }
            };
            for i in (0..6).rev() {
                bits.push(v >> i & 1 == 1);
            }
        }
        Ok(Reader { bits, at: 0 })
    }
    pub fn remaining(&self) -> usize {
        self.bits.len() - self.at
    }
    pub fn bit(&mut self, field: &'static str) -> Result<bool, CodecError> {
        let b = *self
            .bits
            .get(self.at)
            .ok_or(CodecError::new(field, "the string ends inside this field"))?;
        self.at += 1;
        Ok(b)
    }
    /// An `n`-bit big-endian integer (`n` ≤ 64).
    pub fn int(&mut self, n: u32, field: &'static str) -> Result<u64, CodecError> {
        if self.remaining() < n as usize {
            return Err(CodecError::new(field, "the string ends inside this field"));
        }
        let v = self.bits[self.at..self.at + n as usize]
            .iter()
            .fold(0, |a, &b| a << 1 | u64::from(b));
        self.at += n as usize;
        Ok(v)
    }
}
