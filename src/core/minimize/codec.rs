//! The encodings request bodies come in besides plain text: base64 (standard and URL-safe, as
//! mixpanel-browser sends `data=<base64 of JSON>`), and gzip / zlib-wrapped deflate (posthog-js with
//! `?compression=gzip-js`). Decoding is exact or fails (`None`): a body or field that looks encoded
//! but does not decode is not read, so it is blocked. Re-encoding writes stored (uncompressed)
//! deflate blocks: the body stays in the format the collector expects, for a few lines of code.
//! Inflating stops past `max` bytes of output (a compression bomb is blocked, not expanded).

// ---------------------------------------------------------------------------------------------
// Base64

/// Which alphabet a base64 text uses, and whether it was padded.
#[derive(Clone, Copy)]
pub struct B64 {
    url: bool,
    pad: bool,
}

fn b64_value(c: u8) -> Option<(u32, Option<bool>)> {
    Some(match c {
        b'A'..=b'Z' => (u32::from(c - b'A'), None),
        b'a'..=b'z' => (u32::from(c - b'a') + 26, None),
        b'0'..=b'9' => (u32::from(c - b'0') + 52, None),
        b'+' => (62, Some(false)),
        b'/' => (63, Some(false)),
        b'-' => (62, Some(true)),
        b'_' => (63, Some(true)),
        _ => return None,
    })
}

/// Whether `s` looks like base64 of JSON: it starts as `{"`, `[{` or `["` encode (`eyJ`, `W3`, `Wy`)
/// with at least 8 base64 characters, and is not a JWT (dotted segments, left to the detectors).
/// Such a value is decoded or its body is not read at all.
pub fn looks_b64_json(s: &str) -> bool {
    (s.starts_with("eyJ") || s.starts_with("W3") || s.starts_with("Wy"))
        && s.len() >= 8
        && s.bytes().take(8).all(|c| b64_value(c).is_some())
        && !s.contains('.')
}

/// Decodes standard or URL-safe base64 (padded or not, one alphabet); `None` if it is not exactly that.
pub fn b64_decode(s: &str) -> Option<(Vec<u8>, B64)> {
    let t = s.trim_end_matches('=');
    let pad = t.len() != s.len();
    if s.len() - t.len() > 2 || (pad && s.len() % 4 != 0) || t.len() % 4 == 1 {
        return None;
    }
    let mut url = None;
    let mut out = Vec::with_capacity(t.len() / 4 * 3 + 2);
    let (mut acc, mut n) = (0u32, 0);
    for c in t.bytes() {
        let (v, alpha) = b64_value(c)?;
        if alpha.is_some() {
            if url.is_some_and(|u| Some(u) != alpha) {
                return None;
            }
            url = alpha;
        }
        acc = acc << 6 | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((acc >> n) as u8);
            acc &= (1 << n) - 1;
        }
    }
    // Leftover bits must be zero (a canonical encoding).
    (acc == 0).then_some((
        out,
        B64 {
            url: url.unwrap_or(false),
            pad,
        },
    ))
}

pub fn b64_encode(b: &[u8], how: B64) -> String {
    let abc: &[u8; 64] = if how.url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let v = chunk
            .iter()
            .enumerate()
            .fold(0u32, |a, (i, &c)| a | u32::from(c) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(abc[(v >> (18 - 6 * i) & 63) as usize] as char);
        }
        if how.pad {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Checksums

pub fn crc32(b: &[u8]) -> u32 {
    let mut c = !0u32;
    for &x in b {
        c ^= u32::from(x);
        for _ in 0..8 {
            c = (c >> 1) ^ (0xEDB8_8320 & (c & 1).wrapping_neg());
        }
    }
    !c
}

pub fn adler32(b: &[u8]) -> u32 {
    let (mut a, mut s) = (1u32, 0u32);
    for chunk in b.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            s += a;
        }
        a %= 65521;
        s %= 65521;
    }
    s << 16 | a
}

// ---------------------------------------------------------------------------------------------
// Inflate (RFC 1951)

struct Bits<'a> {
    b: &'a [u8],
    pos: usize,
    bit: u32,
    cnt: u32,
}

impl Bits<'_> {
    fn take(&mut self, n: u32) -> Option<u32> {
        while self.cnt < n {
            self.bit |= u32::from(*self.b.get(self.pos)?) << self.cnt;
            self.pos += 1;
            self.cnt += 8;
        }
        let v = self.bit & ((1 << n) - 1);
        self.bit >>= n;
        self.cnt -= n;
        Some(v)
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Huff {
    count: [u16; 16],
    sym: Vec<u16>,
}

impl Huff {
    fn new(lengths: &[u8]) -> Option<Huff> {
        let mut count = [0u16; 16];
        for &l in lengths {
            count[usize::from(l)] += 1;
        }
        let mut left: i32 = 1;
        for &c in &count[1..] {
            left = (left << 1) - i32::from(c);
            if left < 0 {
                return None; // over-subscribed
            }
        }
        let mut offs = [0u16; 16];
        for l in 1..15 {
            offs[l + 1] = offs[l] + count[l];
        }
        let mut sym = vec![0u16; lengths.len()];
        for (s, &l) in lengths.iter().enumerate() {
            if l != 0 {
                sym[usize::from(offs[usize::from(l)])] = s as u16;
                offs[usize::from(l)] += 1;
            }
        }
        count[0] = 0;
        Some(Huff { count, sym })
    }

    fn decode(&self, bits: &mut Bits) -> Option<usize> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &c in &self.count[1..] {
            code |= bits.take(1)? as i32;
            let c = i32::from(c);
            if code - c < first {
                return self
                    .sym
                    .get((index + code - first) as usize)
                    .map(|s| usize::from(*s));
            }
            index += c;
            first = (first + c) << 1;
            code <<= 1;
        }
        None
    }
}

const LBASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEXT: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DBASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DEXT: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// Inflates raw deflate data: the output (at most `max` bytes) and how many input bytes it used.
pub fn inflate(b: &[u8], max: usize) -> Option<(Vec<u8>, usize)> {
    let mut bits = Bits {
        b,
        pos: 0,
        bit: 0,
        cnt: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = bits.take(1)?;
        match bits.take(2)? {
            0 => {
                bits.bit = 0;
                bits.cnt = 0;
                let h = b.get(bits.pos..bits.pos + 4)?;
                let len = usize::from(u16::from_le_bytes([h[0], h[1]]));
                if u16::from_le_bytes([h[0], h[1]]) != !u16::from_le_bytes([h[2], h[3]]) {
                    return None;
                }
                bits.pos += 4;
                out.extend_from_slice(b.get(bits.pos..bits.pos + len)?);
                bits.pos += len;
            }
            1 => {
                let mut l = [8u8; 288];
                l[144..256].fill(9);
                l[256..280].fill(7);
                codes(
                    &mut bits,
                    &mut out,
                    &Huff::new(&l)?,
                    &Huff::new(&[5; 30])?,
                    max,
                )?;
            }
            2 => {
                let nlen = bits.take(5)? as usize + 257;
                let ndist = bits.take(5)? as usize + 1;
                let ncode = bits.take(4)? as usize + 4;
                const ORDER: [usize; 19] = [
                    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
                ];
                let mut cl = [0u8; 19];
                for &o in &ORDER[..ncode] {
                    cl[o] = bits.take(3)? as u8;
                }
                let ch = Huff::new(&cl)?;
                let mut lengths = vec![0u8; nlen + ndist];
                let mut i = 0;
                while i < nlen + ndist {
                    let sym = ch.decode(&mut bits)?;
                    let (v, n) = match sym {
                        0..=15 => (sym as u8, 1),
                        16 => (*lengths.get(i.checked_sub(1)?)?, 3 + bits.take(2)? as usize),
                        17 => (0, 3 + bits.take(3)? as usize),
                        _ => (0, 11 + bits.take(7)? as usize),
                    };
                    lengths.get_mut(i..i + n)?.fill(v);
                    i += n;
                }
                if lengths[256] == 0 {
                    return None;
                }
                let lit = Huff::new(&lengths[..nlen])?;
                let dist = Huff::new(&lengths[nlen..])?;
                codes(&mut bits, &mut out, &lit, &dist, max)?;
            }
            _ => return None,
        }
        if out.len() > max {
            return None;
        }
        if last == 1 {
            return Some((out, bits.pos));
        }
    }
}

fn codes(bits: &mut Bits, out: &mut Vec<u8>, lit: &Huff, dist: &Huff, max: usize) -> Option<()> {
    loop {
        let sym = lit.decode(bits)?;
        if sym < 256 {
            out.push(sym as u8);
        } else if sym == 256 {
            return Some(());
        } else {
            let s = sym - 257;
            let len = usize::from(*LBASE.get(s)?) + bits.take(u32::from(LEXT[s]))? as usize;
            let d = dist.decode(bits)?;
            let back = usize::from(*DBASE.get(d)?) + bits.take(u32::from(DEXT[d]))? as usize;
            let from = out.len().checked_sub(back)?;
            for k in 0..len {
                out.push(out[from + k]);
            }
        }
        if out.len() > max {
            return None;
        }
    }
}

/// `b` as deflate stored blocks (no compression).
fn stored(b: &[u8], out: &mut Vec<u8>) {
    let mut chunks = b.chunks(65535).peekable();
    if b.is_empty() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(c) = chunks.next() {
        let n = c.len() as u16;
        out.push(u8::from(chunks.peek().is_none()));
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(!n).to_le_bytes());
        out.extend_from_slice(c);
    }
}

/// The two wrappers a compressed request body comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    Gzip,
    Zlib,
}

/// Whether `b` starts like a gzip member or a zlib stream.
pub fn wrapped(b: &[u8]) -> Option<Wrap> {
    match b {
        [0x1f, 0x8b, ..] => Some(Wrap::Gzip),
        [cmf, flg, ..] if cmf & 0x0f == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0 => {
            Some(Wrap::Zlib)
        }
        _ => None,
    }
}

/// The decompressed content of a gzip member or zlib stream (checksum verified, nothing after it),
/// at most `max` bytes.
pub fn unwrap(b: &[u8], how: Wrap, max: usize) -> Option<Vec<u8>> {
    match how {
        Wrap::Gzip => {
            let flags = *b.get(3)?;
            if *b.get(2)? != 8 || flags & 0xe0 != 0 {
                return None;
            }
            let mut at = 10;
            if flags & 4 != 0 {
                let x = b.get(at..at + 2)?;
                at += 2 + usize::from(u16::from_le_bytes([x[0], x[1]]));
            }
            for bit in [8, 16] {
                if flags & bit != 0 {
                    at += b.get(at..)?.iter().position(|c| *c == 0)? + 1;
                }
            }
            if flags & 2 != 0 {
                at += 2;
            }
            let (out, used) = inflate(b.get(at..)?, max)?;
            let t = b.get(at + used..)?;
            (t.len() == 8
                && t[..4] == crc32(&out).to_le_bytes()
                && t[4..] == (out.len() as u32).to_le_bytes())
            .then_some(out)
        }
        Wrap::Zlib => {
            if b.get(1)? & 0x20 != 0 || b[0] >> 4 > 7 {
                return None; // a preset dictionary, or a window over 32 KiB
            }
            let (out, used) = inflate(b.get(2..)?, max)?;
            (b.get(2 + used..)? == adler32(&out).to_be_bytes()).then_some(out)
        }
    }
}

/// `b` wrapped again the same way (stored blocks).
pub fn wrap(b: &[u8], how: Wrap) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len() + b.len() / 65535 * 5 + 32);
    match how {
        Wrap::Gzip => {
            out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
            stored(b, &mut out);
            out.extend_from_slice(&crc32(b).to_le_bytes());
            out.extend_from_slice(&(b.len() as u32).to_le_bytes());
        }
        Wrap::Zlib => {
            out.extend_from_slice(&[0x78, 0x01]);
            stored(b, &mut out);
            out.extend_from_slice(&adler32(b).to_be_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_both_alphabets() {
        let (b, how) = b64_decode("eyJhIjoiPz8-In0").unwrap();
        assert_eq!(b, br#"{"a":"??>"}"#);
        assert_eq!(b64_encode(&b, how), "eyJhIjoiPz8-In0");
        let (b, how) = b64_decode("eyJhIjoiPz8+In0=").unwrap();
        assert_eq!(b, br#"{"a":"??>"}"#);
        assert_eq!(b64_encode(&b, how), "eyJhIjoiPz8+In0=");
        assert!(b64_decode("eyJh-/==").is_none(), "mixed alphabets");
        assert!(b64_decode("eyJhI").is_none(), "a lone sextet");
        assert!(looks_b64_json("eyJldmVudCI6"));
        assert!(!looks_b64_json("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"));
        assert!(looks_b64_json("eyJldmVudCI6!!"));
        assert!(!looks_b64_json("hello"));
    }

    #[test]
    fn checksums() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn stored_round_trips_and_fixed_huffman_inflates() {
        let text = vec![b'x'; 70_000];
        for how in [Wrap::Gzip, Wrap::Zlib] {
            let w = wrap(&text, how);
            assert_eq!(wrapped(&w), Some(how));
            assert_eq!(unwrap(&w, how, 1 << 20).unwrap(), text);
            assert!(unwrap(&w, how, 1000).is_none(), "past the limit");
            let mut bad = w.clone();
            let n = bad.len();
            bad[n - 5] ^= 1;
            assert!(unwrap(&bad, how, 1 << 20).is_none(), "checksum");
        }
        // zlib.deflateSync("hello hello hello") (fixed Huffman codes with a back-reference).
        let z = [
            0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0xc8, 0x40, 0x90, 0x00, 0x3a, 0x2e,
            0x06, 0x7d,
        ];
        assert_eq!(unwrap(&z, Wrap::Zlib, 100).unwrap(), b"hello hello hello");
        // Node's zlib.gzipSync at level 9 (dynamic Huffman codes) of 40 JSON events.
        let g = include_bytes!("../../../tests/fixtures/events-level9.gz");
        let out = unwrap(g, Wrap::Gzip, 1 << 20).unwrap();
        assert!(
            out.starts_with(br#"[{"event":"$pageview","properties":{"email":"u0@mail.example""#)
        );
        assert!(out.ends_with(br#"}}]"#));
    }
}
