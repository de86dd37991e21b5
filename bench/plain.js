// A straightforward plain-JavaScript implementation of the consent-sieve minimization policy
// (docs/minimize.md), written for the benchmark only: it is the comparison, not part of the package.
//
// Covers what the benchmark policy uses: field rules by path/glob (first match in written order wins,
// bare names at any depth, `*` within a segment, `**` across segments; a rule on an object applies to
// what is inside unless a deeper rule names it), `mode` deny/allow, `when`/`else`, the actions keep
// (+ `scan: false`), drop, hash (profiles trim, raw, google.email, google.phone with a default country,
// a digest passing through), hmac, truncate (IPv4 /24, IPv6 /48, IPv4-mapped to IPv4), url (query
// allow-list, fragment), redact and generalize to year; and the free-text detectors email, phone, card
// (Luhn + IIN ranges), iban (mod 97), ssn, ip (v4 + v6) and url (query values decoded, sensitive
// parameter names, JWT-shaped tokens), with `found: "redact"` or `"hash"`.
//
// Where docs/minimize.md leaves a detail open it does what the engine (src/core/minimize) does, so the
// two give the same output (bench.js checks): numbers count only as whole tokens, a phone is `+` and
// 7–15 digits, a national number led by 0, or a NANP number grouped 3-3-4; overlapping matches keep the
// earliest, longest. One deliberate difference, the docs' wording: a sensitive query parameter's value
// is replaced whole ("become [token] or the redaction of their kind"), where the engine replaces only
// what its detectors find inside it.
//
// Synchronous like the wasm core (Web Crypto is asynchronous), so SHA-256 is hand-written below, and
// like the core it returns a new object and never mutates its input.
//
//   const minimize = createMinimizer(policy, { hashKey, vendorPurposes: ["analytics"] });
//   const out = minimize(event, { purposes: { analytics: true }, vendorGranted: true }); // null = dropped

// ---------------------------------------------------------------------------------------------------
// SHA-256 and HMAC-SHA-256 (FIPS 180-4, RFC 2104)

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Int32Array(64);
const H = new Int32Array(8);
const utf8 = new TextEncoder();
let buf = new Uint8Array(256); // the message being hashed, padded in place (grown when needed)

/** SHA-256 of buf[0..len) into H (buf is padded in place). @param {number} len */
function digest(len) {
  const total = (len + 72) & ~63; // message + 0x80 + 64-bit length, rounded up to 64-byte blocks
  if (buf.length < total) {
    const bigger = new Uint8Array(total * 2);
    bigger.set(buf.subarray(0, len));
    buf = bigger;
  }
  buf[len] = 0x80;
  buf.fill(0, len + 1, total - 4);
  const bits = len * 8;
  buf[total - 5] = bits / 0x100000000; // lengths below 512 MiB: the high word's low byte is enough
  buf[total - 4] = bits >>> 24;
  buf[total - 3] = bits >>> 16;
  buf[total - 2] = bits >>> 8;
  buf[total - 1] = bits;
  let h0 = 0x6a09e667, h1 = 0xbb67ae85 | 0, h2 = 0x3c6ef372, h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f, h5 = 0x9b05688c | 0, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const o = off + i * 4;
      W[i] = (buf[o] << 24) | (buf[o + 1] << 16) | (buf[o + 2] << 8) | buf[o + 3];
    }
    for (let i = 16; i < 64; i++) {
      const a = W[i - 15], b = W[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  H[0] = h0; H[1] = h1; H[2] = h2; H[3] = h3; H[4] = h4; H[5] = h5; H[6] = h6; H[7] = h7;
}

/** Writes the UTF-8 of `text` into buf at `at`; returns the end. @param {string} text @param {number} at */
function put(text, at) {
  const need = at + text.length * 3 + 72;
  if (buf.length < need) {
    const bigger = new Uint8Array(need * 2);
    bigger.set(buf.subarray(0, at));
    buf = bigger;
  }
  return at + utf8.encodeInto(text, buf.subarray(at)).written;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const hexOfH = () => {
  let s = "";
  for (let i = 0; i < 8; i++) {
    const v = H[i];
    s += HEX[(v >>> 24) & 255] + HEX[(v >>> 16) & 255] + HEX[(v >>> 8) & 255] + HEX[v & 255];
  }
  return s;
};

/** SHA-256 of the bytes. @param {Uint8Array} bytes @returns {Uint8Array} 32 bytes */
export function sha256(bytes) {
  if (buf.length < bytes.length + 72) buf = new Uint8Array((bytes.length + 72) * 2);
  buf.set(bytes);
  digest(bytes.length);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = H[i >> 2] >>> (24 - (i & 3) * 8);
  return out;
}

/** Lowercase hex SHA-256 of the UTF-8 text. @param {string} text */
export function sha256Hex(text) {
  digest(put(text, 0));
  return hexOfH();
}

/** HMAC-SHA-256 with a fixed key (RFC 2104); the padded key blocks are computed once. @param {string} key */
export function hmacSha256Hex(key) {
  let k = utf8.encode(key);
  if (k.length > 64) k = sha256(k);
  const inner = new Uint8Array(64).fill(0x36);
  const outer = new Uint8Array(64).fill(0x5c);
  for (let i = 0; i < k.length; i++) {
    inner[i] ^= k[i];
    outer[i] ^= k[i];
  }
  return (/** @type {string} */ text) => {
    buf.set(inner);
    digest(put(text, 64));
    buf.set(outer);
    for (let i = 0; i < 32; i++) buf[64 + i] = H[i >> 2] >>> (24 - (i & 3) * 8);
    digest(96);
    return hexOfH();
  };
}

// ---------------------------------------------------------------------------------------------------
// Patterns

/** `*` = any run of characters (within one segment for field patterns). @param {string} glob */
const globRegExp = (glob) => new RegExp("^" + glob.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^]*") + "$");

/**
 * A field pattern as a function of the path (an array of segments).
 * @param {string} pattern @returns {(path: string[]) => boolean}
 */
function compilePattern(pattern) {
  if (!pattern.includes(".") && !pattern.includes("*")) return (path) => path.length > 0 && path[path.length - 1] === pattern;
  /** @type {(null | string | RegExp)[]} null = `**` */
  const segs = pattern.split(".").map((s) => (s === "**" ? null : s.includes("*") ? globRegExp(s) : s));
  /** @param {string[]} path @param {number} pi @param {number} si @returns {boolean} */
  const match = (path, pi, si) => {
    if (si === segs.length) return pi === path.length;
    const seg = segs[si];
    if (seg === null) {
      for (let k = pi; k <= path.length; k++) if (match(path, k, si + 1)) return true;
      return false;
    }
    if (pi === path.length) return false;
    if (typeof seg === "string" ? seg !== path[pi] : !seg.test(path[pi])) return false;
    return match(path, pi + 1, si + 1);
  };
  return (path) => match(path, 0, 0);
}

// ---------------------------------------------------------------------------------------------------
// Normalisation before hashing, IPs, URLs

/** @param {string} s */
const isHex64 = (s) => s.length === 64 && /^[0-9a-f]+$/.test(s);
/** Calling codes for national phone numbers (`hash` option `country`). @type {Record<string, string>} */
const CALLING = { US: "1", CA: "1", GB: "44", IE: "353", DE: "49", AT: "43", CH: "41", FR: "33", BE: "32", NL: "31", ES: "34", IT: "39", SE: "46", PL: "48", AU: "61" };

/** [local, domain] of an email address, or null. @param {string} s */
function emailParts(s) {
  const at = s.lastIndexOf("@");
  const domain = s.slice(at + 1);
  return at > 0 && domain.includes(".") && !/\s/.test(domain) ? [s.slice(0, at), domain] : null;
}

/** E.164 digits without `+`: as written when international (`+…`, `00…`), else the calling code and the national number without its trunk 0. @param {string} t @param {string} code */
function e164(t, code) {
  const digits = t.replace(/\D/g, "");
  let d;
  if (t.startsWith("+")) d = digits;
  else if (digits.startsWith("00")) d = digits.slice(2);
  else if (code === "1" && digits.length === 11 && digits[0] === "1") d = digits;
  else d = code + (digits[0] === "0" ? digits.slice(1) : digits);
  return d.length >= 8 && d.length <= 15 && d[0] !== "0" ? d : null;
}

/** Normalisers by profile: (raw, trimmed lowercase, calling code) → text to hash, or null. @type {Record<string, (raw: string, lower: string, code: string) => string | null>} */
const PROFILES = {
  raw: (raw) => raw,
  trim: (_, lower) => lower,
  "google.name": (_, lower) => lower,
  "google.street": (_, lower) => lower,
  "google.city": (_, lower) => lower,
  "google.region": (_, lower) => lower,
  "google.email": (_, lower) => {
    const parts = emailParts(lower);
    if (!parts) return null;
    const [local, domain] = parts;
    return domain === "gmail.com" || domain === "googlemail.com" ? `${local.replaceAll(".", "")}@${domain}` : lower;
  },
  "google.phone": (raw, _, code) => {
    const d = e164(raw.trim(), code);
    return d && `+${d}`;
  },
};

/** The lowercase hex SHA-256 of the value normalised for `profile` (a value already a digest passes through), or null. @param {string} profile @param {string} raw @param {string} code */
function hashFor(profile, raw, code) {
  const lower = raw.trim().toLowerCase();
  if (profile !== "raw" && isHex64(lower)) return lower;
  const n = PROFILES[profile](raw, lower, code);
  return n ? sha256Hex(n) : null;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXGROUP = /^[0-9a-fA-F]{1,4}$/;

/** The eight 16-bit groups of an IPv6 address (RFC 4291 text, `::`, embedded IPv4), or null. @param {string} s @returns {number[] | null} */
function parseIpv6(s) {
  if (!s.includes(":") || s.length > 45) return null;
  const halves = s.split("::");
  if (halves.length > 2) return null;
  /** @param {string} part @param {boolean} last @returns {number[] | null} */
  const groups = (part, last) => {
    if (part === "") return [];
    const out = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const g = pieces[i];
      if (last && i === pieces.length - 1 && g.includes(".")) {
        if (!IPV4.test(g)) return null;
        const o = g.split(".").map(Number);
        out.push((o[0] << 8) | o[1], (o[2] << 8) | o[3]);
      } else if (HEXGROUP.test(g)) out.push(parseInt(g, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? groups(halves[1], true) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  if (head.length + tail.length > 7) return null;
  return [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as `::`. @param {number[]} g */
function formatIpv6(g) {
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hexes = g.map((x) => x.toString(16));
  if (best < 0) return hexes.join(":");
  return `${hexes.slice(0, best).join(":")}::${hexes.slice(best + bestLen).join(":")}`;
}

/** IPv4 → /24, IPv6 → /48, IPv4-mapped IPv6 → IPv4 /24; null when not an IP. @param {string} s */
function truncateIp(s) {
  const v = s.trim();
  if (IPV4.test(v)) return `${v.slice(0, v.lastIndexOf("."))}.0`;
  const g = parseIpv6(v.replace(/^\[/, "").replace(/\]$/, ""));
  if (!g) return null;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.0`;
  return formatIpv6([g[0], g[1], g[2], 0, 0, 0, 0, 0]);
}

/** Percent-decoding with `+` as a space; null when malformed. @param {string} s */
function decodePlus(s) {
  if (!s.includes("%") && !s.includes("+")) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/** `YYYY-MM-DD…`, `YYYY/MM/DD…` or `YYYYMMDD` → its year, checked; null otherwise. @param {string} s */
function dateYear(s) {
  const m = /^(\d{4})([-/])(\d{2})\2(\d{2})/.exec(s.trim()) ?? /^(\d{4})()(\d{2})(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [+m[1], +m[3], +m[4]];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && y >= 1800 ? m[1] : null;
}

// ---------------------------------------------------------------------------------------------------
// Detectors. Every detector collects spans over the text; overlapping spans keep the earliest,
// longest; numbers count only as whole tokens (digits glued to letters are codes, not numbers).

const EMAIL = 1, PHONE = 2, CARD = 4, IBAN = 8, SSN = 16, IP = 32, URL = 64;
const DETECTOR_BITS = { email: EMAIL, phone: PHONE, card: CARD, iban: IBAN, ssn: SSN, ip: IP, url: URL };
/** @type {Record<number, string>} */
const LABELS = { [EMAIL]: "[email]", [PHONE]: "[phone]", [CARD]: "[card]", [IBAN]: "[iban]", [SSN]: "[ssn]", [IP]: "[ip]", [URL]: "[token]" };
const SENSITIVE_PARAMS = new Set(["email", "e", "mail", "name", "phone", "tel", "token", "access_token", "id_token", "password", "pass", "pwd", "ssn", "auth", "key", "secret", "session", "code"]);

/** @param {number} c a char code (NaN past the end) */
const isDigit = (c) => c >= 48 && c <= 57;
/** @param {number} c */
const isAlnum = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** space - . / ( ) @param {number} c */
const isSep = (c) => c === 32 || c === 45 || c === 46 || c === 47 || c === 40 || c === 41;
/** Email local-part characters: letters, digits, . _ % + - @param {number} c */
const isLocal = (c) => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;

const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{7,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/g;
// Digits joined by one or two separators, optionally led by + or (, not glued to a preceding letter.
const DIGIT_RUN = /(?<![A-Za-z0-9])(?:[+(](?=\d))?\d(?:\d|[ ./()-]{1,2}(?=\d))*/g;
const IPV6_RUN = /(?<![0-9A-Za-z:.])[0-9A-Fa-f:.]+/g;
const IBAN_START = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}/g;
const PHONE_GROUPS = new Set(["10", "11", "3,3,4", "1,3,3,4", "3,7", "1,10"]);

/** @typedef {{ start: number, end: number, kind: number }} Span */

/** @param {string} d */
function luhn(d) {
  let sum = 0;
  for (let i = d.length - 1, odd = false; i >= 0; i--, odd = !odd) {
    let v = d.charCodeAt(i) - 48;
    if (odd && (v *= 2) > 9) v -= 9;
    sum += v;
  }
  return d.length > 0 && sum % 10 === 0;
}

/** A payment card number: a current IIN range with one of its lengths, and Luhn. @param {string} d */
function isCard(d) {
  const n = d.length, p2 = +d.slice(0, 2), p3 = +d.slice(0, 3), p4 = +d.slice(0, 4);
  let iin = false;
  switch (d[0]) {
    case "4": iin = n === 13 || n === 16 || n === 19; break; // Visa
    case "5": iin = p2 >= 51 && p2 <= 55 && n === 16; break; // Mastercard
    case "2": iin = p4 >= 2221 && p4 <= 2720 && n === 16; break; // Mastercard 2-series
    case "3":
      iin = ((p2 === 34 || p2 === 37) && n === 15) // Amex
        || (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) && n >= 14 && n <= 19) // Diners
        || (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19); // JCB
      break;
    case "6": iin = (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || p2 === 62) && n >= 16 && n <= 19; break; // Discover, UnionPay
  }
  return iin && luhn(d);
}

/** A US SSN that could be issued (not area 000/666/9xx, group 00, serial 0000, nor the sample cards'). @param {string} d */
const isSsn = (d) =>
  d.length === 9 && !d.startsWith("000") && !d.startsWith("666") && d[0] !== "9" && d.slice(3, 5) !== "00" && d.slice(5) !== "0000" && d !== "078051120" && d !== "219099999";

/** `+` and 7–15 digits; a national number led by 0, 9–15 digits; or NANP NXX NXX XXXX (optionally led by 1) grouped 3-3-4 or not at all. @param {string} p @param {string} d */
function isPhone(p, d) {
  const n = d.length;
  if (p[0] === "+") return n >= 7 && n <= 15 && d[0] !== "0";
  if (d[0] === "0") return n >= 9 && n <= 15;
  const ten = n === 11 && d[0] === "1" ? d.slice(1) : d;
  if (ten.length !== 10 || ten[0] < "2" || ten[3] < "2") return false;
  return PHONE_GROUPS.has(p.split(/\D+/).filter(Boolean).map((g) => g.length).join(","));
}

/** What a whole piece of a digit run is (a detector bit), or 0. @param {string} whole @param {number} mask */
function classify(whole, mask) {
  const digits = whole.replace(/\D/g, "");
  const p = whole[0] === "(" ? whole.slice(1) : whole; // only a phone number's area code is led by '('

  if (mask & IP && IPV4.test(p)) return IP;
  if (mask & CARD && digits.length >= 12 && digits.length <= 19 && /^[\d -]+$/.test(p) && isCard(digits)) return CARD;
  if (mask & SSN && /^(?:\d{9}|\d{3}-\d{2}-\d{4})$/.test(p) && isSsn(digits)) return SSN;
  if (mask & PHONE && isPhone(whole, digits)) return PHONE;
  return 0;
}

/** Splits a digit run into classified pieces: the whole run, else its longest classifiable prefix ending before a separator, piece by piece. @param {string} t @param {number} start @param {number} end @param {number} mask @param {Span[]} spans */
function classifyRun(t, start, end, mask, spans) {
  let s = start;
  while (s < end) {
    let hitEnd = -1, kind = classify(t.slice(s, end), mask);
    if (kind) hitEnd = end;
    else {
      for (let e = end - 1; e > s; e--) {
        if (isDigit(t.charCodeAt(e - 1)) && isSep(t.charCodeAt(e)) && (kind = classify(t.slice(s, e), mask))) {
          hitEnd = e;
          break;
        }
      }
    }
    if (hitEnd >= 0) {
      spans.push({ start: s, end: hitEnd, kind });
      s = hitEnd;
    } else {
      s++; // skip this piece (at least one character): up to the next separator, then past separators
      while (s < end && !isSep(t.charCodeAt(s))) s++;
      while (s < end && !(isDigit(t.charCodeAt(s)) || t[s] === "+" || t[s] === "(")) s++;
    }
    while (s < end && isSep(t.charCodeAt(s)) && !(t[s] === "(" && isDigit(t.charCodeAt(s + 1)))) s++;
  }
}

/** @param {string} d */
function validDomain(d) {
  const labels = d.split(".");
  return labels.length >= 2 && labels.every((l) => DOMAIN_LABEL.test(l)) && /^[A-Za-z]{2,}$/.test(labels[labels.length - 1]);
}

/** ISO 13616: the mod-97 remainder of a candidate (spaces ignored), or -1 when it is not IBAN-shaped. @param {string} s */
function ibanRemainder(s) {
  const v = s.replace(/ /g, "").toUpperCase();
  if (v.length < 15 || v.length > 34 || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(v)) return -1;
  const moved = v.slice(4) + v.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < moved.length; i++) {
    const c = moved.charCodeAt(i);
    rem = c <= 57 ? (rem * 10 + (c - 48)) % 97 : (rem * 100 + (c - 55)) % 97; // A = 10 … Z = 35
  }
  return rem;
}

/** Every detected span, sorted and non-overlapping. @param {string} t @param {number} mask @returns {Span[]} */
function findSpans(t, mask) {
  /** @type {Span[]} */
  const spans = [];
  if (mask & EMAIL) {
    for (let at = t.indexOf("@"); at >= 0; at = t.indexOf("@", at + 1)) {
      let s = at;
      while (s > 0 && isLocal(t.charCodeAt(s - 1)) && at - s < 64) s--;
      while (s < at && t[s] === ".") s++;
      let e = at + 1;
      while (e < t.length && (isAlnum(t.charCodeAt(e)) || t[e] === "." || t[e] === "-")) e++;
      while (e > at + 1 && (t[e - 1] === "." || t[e - 1] === "-")) e--;
      if (s < at && e - s <= 254 && validDomain(t.slice(at + 1, e))) spans.push({ start: s, end: e, kind: EMAIL });
    }
  }
  if (mask & URL && t.includes("eyJ")) {
    JWT.lastIndex = 0;
    for (let m; (m = JWT.exec(t)); ) spans.push({ start: m.index, end: JWT.lastIndex, kind: URL });
  }
  const digits = /\d/.test(t);
  if (mask & (PHONE | CARD | SSN | IP) && digits) {
    DIGIT_RUN.lastIndex = 0;
    for (let m; (m = DIGIT_RUN.exec(t)); ) {
      const end = DIGIT_RUN.lastIndex;
      if (isAlnum(t.charCodeAt(end))) continue; // glued to letters: a code, not a number
      // After "Word/" a dotted number is a product version (Chrome/124.0.0.0), not an address.
      const version = t[m.index - 1] === "/" && /[A-Za-z]/.test(t[m.index - 2] ?? "");
      classifyRun(t, m.index, end, version ? mask & ~IP : mask, spans);
    }
  }
  if (mask & IP && t.includes(":")) {
    IPV6_RUN.lastIndex = 0;
    for (let m; (m = IPV6_RUN.exec(t)); ) {
      const cand = m[0].replace(/\.+$/, "");
      if (!isAlnum(t.charCodeAt(IPV6_RUN.lastIndex)) && cand.indexOf(":") !== cand.lastIndexOf(":") && parseIpv6(cand))
        spans.push({ start: m.index, end: m.index + cand.length, kind: IP });
    }
  }
  if (mask & IBAN && digits) {
    IBAN_START.lastIndex = 0;
    for (let m; (m = IBAN_START.exec(t)); ) {
      const i = m.index;
      const ends = [];
      let e = i, count = 0;
      while (e < t.length && count < 34) {
        const c = t.charCodeAt(e);
        if (isAlnum(c)) {
          e++;
          count++;
          if (!isAlnum(t.charCodeAt(e))) ends.push(e);
        } else if (c === 32 && isAlnum(t.charCodeAt(e + 1))) e++;
        else break;
      }
      let hit = -1;
      for (let k = ends.length - 1; k >= 0 && hit < 0; k--) if (ibanRemainder(t.slice(i, ends[k])) === 1) hit = ends[k];
      if (hit >= 0) spans.push({ start: i, end: hit, kind: IBAN });
      IBAN_START.lastIndex = hit >= 0 ? hit : i + 1;
    }
  }
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let end = 0;
  for (const s of spans) {
    if (s.start >= end) {
      out.push(s);
      end = s.end;
    }
  }
  return out;
}

/**
 * The free-text scanner of a policy: `scrub(text)` is the text with every detection replaced, or null
 * when nothing was found.
 * @param {number} mask @param {boolean} hashFound
 */
function createScrubber(mask, hashFound) {
  /** @param {string} m @param {number} kind */
  const replacement = (m, kind) => {
    if (!hashFound) return LABELS[kind];
    if (kind === EMAIL) return sha256Hex(m.trim().toLowerCase());
    if (kind === PHONE || kind === CARD || kind === SSN) return sha256Hex(m.replace(/[^\d+]/g, ""));
    if (kind === IBAN) return sha256Hex(m.replace(/\s/g, "").toUpperCase());
    return sha256Hex(m);
  };

  /** @param {string} text @param {number} bits @returns {string | null} */
  const scrub = (text, bits) => {
    const pre = bits & URL && text.includes("?") ? scrubQueries(text, bits) : null;
    const t = pre ?? text;
    const spans = findSpans(t, bits);
    if (spans.length === 0) return pre;
    let out = "", at = 0;
    for (const s of spans) {
      out += t.slice(at, s.start) + replacement(t.slice(s.start, s.end), s.kind);
      at = s.end;
    }
    return out + t.slice(at);
  };

  /** Query strings in the text (from `?` to whitespace or `#`): each value checked decoded. @param {string} text @param {number} bits @returns {string | null} */
  const scrubQueries = (text, bits) => {
    const q = text.indexOf("?");
    if (q < 0) return null;
    const rest = text.slice(q + 1);
    let end = rest.search(/[\s#]/);
    if (end < 0) end = rest.length;
    let changed = false;
    const pairs = rest.slice(0, end).split("&").map((pair) => {
      const p = scrubPair(pair, bits);
      if (p === null) return pair;
      changed = true;
      return p;
    });
    const tail = rest.slice(end);
    const after = scrubQueries(tail, bits);
    if (after === null && !changed) return null;
    return text.slice(0, q + 1) + pairs.join("&") + (after ?? tail);
  };

  /** One `name=value`: the value's detections replaced; a sensitive name's value replaced whole. @param {string} pair @param {number} bits */
  const scrubPair = (pair, bits) => {
    const eq = pair.indexOf("=");
    if (eq < 0) return null;
    const name = decodePlus(pair.slice(0, eq));
    const value = decodePlus(pair.slice(eq + 1));
    if (name === null || value === null || value === "" || isHex64(value) || (value.startsWith("[") && value.endsWith("]"))) return null;
    let v;
    if (SENSITIVE_PARAMS.has(name.toLowerCase())) {
      // The whole value: its kind's redaction when it is one detection, else [token].
      const spans = findSpans(value, bits & ~URL);
      const one = spans.length === 1 && spans[0].start === 0 && spans[0].end === value.length ? spans[0].kind : URL;
      v = replacement(value, one);
    } else {
      v = scrub(value, bits & ~URL);
      if (v === null) return null;
    }
    return `${pair.slice(0, eq)}=${encodeURIComponent(v)}`;
  };

  return mask === 0 ? () => null : (/** @type {string} */ text) => scrub(text, mask);
}

// ---------------------------------------------------------------------------------------------------
// The policy

const DROP = Symbol("drop");
const KEEP = { action: "keep", scan: true };

/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Compiles a `minimize` policy into a function of (event, consent).
 * @param {any} policy the vendor's `minimize` object
 * @param {{ hashKey?: string, vendorPurposes?: string[] }} [options]
 * @returns {(event: unknown, consent: { purposes: Record<string, boolean>, vendorGranted: boolean }) => unknown}
 */
export function createMinimizer(policy, { hashKey, vendorPurposes = [] } = {}) {
  const hmac = hashKey ? hmacSha256Hex(hashKey) : null;
  const compile = (/** @type {any} */ p) => {
    const detect = p.detect ?? Object.keys(DETECTOR_BITS);
    const mask = detect.reduce((/** @type {number} */ m, /** @type {keyof typeof DETECTOR_BITS} */ d) => m | DETECTOR_BITS[d], 0);
    const scrub = createScrubber(mask, p.found === "hash");
    return {
      allow: p.mode === "allow",
      scrub,
      scan: (/** @type {string} */ s) => scrub(s) ?? s,
      hmac,
      rules: Object.entries(p.fields ?? {}).map(([pattern, spec]) => {
        const when = typeof spec === "object" && spec.when !== undefined ? [spec.when].flat() : [];
        return { test: compilePattern(pattern), act: action(spec), when, otherwise: typeof spec === "object" && spec.else !== undefined ? action(spec.else) : { action: "drop" } };
      }),
    };
  };
  const granted = compile(policy);
  const denied = policy.denied && policy.denied !== "drop" ? compile(policy.denied) : null;

  return (event, consent) => {
    if (event === null || typeof event !== "object") throw new TypeError("minimize: the event must be a JSON object or array");
    const vendorOk = consent.vendorGranted && vendorPurposes.every((id) => consent.purposes[id] === true);
    const p = vendorOk ? granted : denied;
    if (!p) return null;
    const out = walk(p, event, [], undefined, consent.purposes);
    return out === DROP ? null : out;
  };
}

/** An action as `{ action, ...options }`, its options resolved once. @param {any} spec */
function action(spec) {
  const a = typeof spec === "string" ? { action: spec } : { ...spec };
  switch (a.action) {
    case "keep":
      a.scan = a.scan !== false;
      break;
    case "hash":
      a.profile ??= "trim";
      if (!PROFILES[a.profile]) throw new Error(`plain minimizer: profile ${a.profile} is not implemented`);
      a.code = CALLING[String(a.country ?? "US").toUpperCase()];
      break;
    case "url":
      a.keepNames = (a.keep ?? []).map((/** @type {any} */ k) =>
        typeof k === "string" ? { re: globRegExp(k), when: [] } : { re: globRegExp(k.name), when: k.when === undefined ? [] : [k.when].flat() });
      break;
    case "truncate":
      if (a.to !== undefined || a.step !== undefined) throw new Error("plain minimizer: only IP truncation is implemented");
      break;
    case "generalize":
      if (a.to !== "year") throw new Error("plain minimizer: only generalize to year is implemented");
      break;
    case "drop": case "hmac": case "redact":
      break;
    default:
      throw new Error(`plain minimizer: unknown action ${a.action}`);
  }
  return a;
}

/** @param {string[]} ids @param {Record<string, boolean>} purposes */
const allGranted = (ids, purposes) => ids.every((id) => purposes[id] === true);

/**
 * A node under the policy: its own rule (the first matching, in written order) or the one it inherits
 * from its parent; objects and arrays are walked (see keepContainer for when an emptied one goes).
 * @param {any} p @param {unknown} value @param {string[]} path @param {any} up @param {Record<string, boolean>} purposes @returns {unknown}
 */
function walk(p, value, path, up, purposes) {
  let act = up;
  if (path.length > 0) {
    for (const r of p.rules) {
      if (r.test(path)) {
        act = allGranted(r.when, purposes) ? r.act : r.otherwise;
        break;
      }
    }
  }
  if (Array.isArray(value)) {
    const out = [];
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      const v = walk(p, value[i], path, act, purposes);
      path.pop();
      if (v !== DROP) out.push(v);
    }
    return path.length === 0 || keepContainer(p, value.length > 0, out.length === 0, act) ? out : DROP;
  }
  if (isObject(value)) {
    /** @type {Record<string, unknown>} */
    const out = {};
    let had = false, kept = false;
    for (const key of Object.keys(value)) {
      had = true;
      path.push(key);
      const v = walk(p, value[key], path, act, purposes);
      path.pop();
      if (v !== DROP) {
        out[key] = v;
        kept = true;
      }
    }
    return path.length === 0 || keepContainer(p, had, !kept, act) ? out : DROP;
  }
  return leaf(p, value, act, purposes);
}

/** A container stays unless it is empty and had fields (all minimized away), or a drop rule (or, in allow mode, no rule) names it. @param {any} p @param {boolean} had @param {boolean} empty @param {any} act */
const keepContainer = (p, had, empty, act) => !(empty && (had || act?.action === "drop" || (p.allow && !act)));

/** @param {any} p @param {unknown} v @param {any} act @param {Record<string, boolean>} purposes @returns {unknown} */
function leaf(p, v, act, purposes) {
  if (!act) {
    if (p.allow) return DROP;
    act = KEEP;
  }
  if (v === null) return act.action === "drop" ? DROP : null;
  const isInt = typeof v === "number" && Number.isInteger(v) && Math.abs(v) < 1e21;
  const text = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null;
  if (text === null) return DROP;
  switch (act.action) {
    case "keep":
      if (!act.scan) return v;
      if (typeof v === "string") return p.scan(v);
      return isInt ? p.scrub(text) ?? v : v; // whole numbers are scanned too (a phone number as a number)
    case "drop":
      return DROP;
    case "hash":
      return hashFor(act.profile, text, act.code) ?? DROP;
    case "hmac":
      return p.hmac ? p.hmac(text) : DROP;
    case "redact":
      return "[redacted]";
    case "truncate":
      return typeof v === "string" ? truncateIp(v) ?? DROP : DROP;
    case "generalize":
      return dateYear(text) ?? DROP;
    case "url":
      return typeof v === "string" ? p.scan(stripUrl(v, act, purposes)) : DROP;
  }
  return DROP;
}

/** The `url` action: query parameters not kept (or whose `when` does not hold) removed, and the fragment unless `fragment`. @param {string} url @param {any} a @param {Record<string, boolean>} purposes */
function stripUrl(url, a, purposes) {
  const hashAt = url.indexOf("#");
  const rest = hashAt < 0 ? url : url.slice(0, hashAt);
  const q = rest.indexOf("?");
  let out = q < 0 ? rest : rest.slice(0, q);
  if (q >= 0) {
    const keep = a.keepNames.filter((/** @type {any} */ k) => allGranted(k.when, purposes)).map((/** @type {any} */ k) => k.re);
    const kept = rest.slice(q + 1).split("&").filter((pair) => {
      const name = decodePlus(pair.split("=")[0]) ?? "";
      return name !== "" && keep.some((/** @type {RegExp} */ re) => re.test(name));
    });
    if (kept.length) out += `?${kept.join("&")}`;
  }
  if (a.fragment && hashAt >= 0) out += url.slice(hashAt);
  return out;
}
