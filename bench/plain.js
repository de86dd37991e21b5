// A straightforward plain-JavaScript implementation of the consent-sieve minimization policy
// (docs/minimize.md), written for the benchmark only: it is the comparison, not part of the package.
//
// Covers what the benchmark policy uses: field rules by path/glob (first match in written order wins,
// bare names at any depth, `*` within a segment, `**` across segments), `mode` deny/allow, `when`/`else`,
// the actions keep (+ `scan: false`), drop, hash (profiles trim, raw, google.email, google.phone with a
// default country), hmac, truncate (IPv4 /24, IPv6 /48, IPv4-mapped to IPv4), url (query allow-list,
// fragment), redact and generalize to year; and the free-text detectors email, phone, card (Luhn + IIN
// ranges), iban (mod 97), ssn, ip (v4 + v6) and url (sensitive query parameters, JWT-shaped values),
// with `found: "redact"` or `"hash"`.
//
// Synchronous like the wasm core (Web Crypto is asynchronous), so SHA-256 is hand-written below, and
// like the core it returns a new object and never mutates its input.
//
//   const minimize = createMinimizer(policy, { hashKey });
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
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const utf8 = new TextEncoder();

/** SHA-256 of the bytes. @param {Uint8Array} bytes @returns {Uint8Array} 32 bytes */
export function sha256(bytes) {
  const len = bytes.length;
  const total = (len + 72) & ~63; // message + 0x80 + 64-bit length, rounded up to 64-byte blocks
  const buf = new Uint8Array(total);
  buf.set(bytes);
  buf[len] = 0x80;
  const view = new DataView(buf.buffer);
  view.setUint32(total - 8, Math.floor(len / 0x20000000));
  view.setUint32(total - 4, (len << 3) >>> 0);
  let h0 = 0x6a09e667, h1 = 0xbb67ae85 | 0, h2 = 0x3c6ef372, h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f, h5 = 0x9b05688c | 0, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) W[i] = view.getInt32(off + i * 4);
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
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  [h0, h1, h2, h3, h4, h5, h6, h7].forEach((v, i) => ov.setInt32(i * 4, v));
  return out;
}

/** @param {Uint8Array} bytes */
const hex = (bytes) => {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
};

/** Lowercase hex SHA-256 of the UTF-8 text. @param {string} text */
export const sha256Hex = (text) => hex(sha256(utf8.encode(text)));

/** HMAC-SHA-256 with a fixed key; the padded key blocks are computed once. @param {string} key */
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
    const msg = utf8.encode(text);
    const a = new Uint8Array(64 + msg.length);
    a.set(inner);
    a.set(msg, 64);
    const b = new Uint8Array(96);
    b.set(outer);
    b.set(sha256(a), 64);
    return hex(sha256(b));
  };
}

// ---------------------------------------------------------------------------------------------------
// Patterns

/** `*` = any run of characters (within one segment for field patterns). @param {string} glob */
const globRegExp = (glob) => new RegExp("^" + glob.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");

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
// Normalisation, IPs, URLs

const DIGEST = /^[0-9a-fA-F]{64}$/;
const COUNTRY_CODES = { US: "1", CA: "1", GB: "44", DE: "49", FR: "33", NL: "31", ES: "34", IT: "39", AU: "61" };

/** @type {Record<string, (s: string, opts: any) => string | null>} null = cannot normalise */
const PROFILES = {
  raw: (s) => s,
  trim: (s) => s.trim().toLowerCase(),
  "google.email": (s) => {
    const v = s.trim().toLowerCase();
    const at = v.lastIndexOf("@");
    if (at <= 0 || at === v.length - 1) return null;
    const domain = v.slice(at + 1);
    const local = domain === "gmail.com" || domain === "googlemail.com" ? v.slice(0, at).replaceAll(".", "") : v.slice(0, at);
    return `${local}@${domain}`;
  },
  "google.phone": (s, opts) => {
    const v = s.trim();
    const digits = v.replace(/\D/g, "");
    let e164;
    if (v.startsWith("+")) e164 = digits;
    else if (digits.startsWith("00")) e164 = digits.slice(2);
    else {
      const country = String(opts.country ?? "US").toUpperCase();
      const cc = COUNTRY_CODES[/** @type {keyof typeof COUNTRY_CODES} */ (country)];
      if (!cc) return null;
      if (cc === "1") e164 = digits.length === 11 && digits[0] === "1" ? digits : "1" + digits;
      else e164 = cc + digits.replace(/^0/, "");
    }
    if (!/^[1-9]\d{6,14}$/.test(e164)) return null;
    if (e164[0] === "1" && e164.length !== 11) return null; // NANP: +1 and ten digits
    return "+" + e164;
  },
};

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** The eight 16-bit groups of an IPv6 address, or null. @param {string} s @returns {number[] | null} */
function parseIpv6(s) {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length < 2) return null;
  let text = s;
  if (text.includes(".")) {
    // An embedded IPv4 (`::ffff:192.0.2.1`) stands for the last two groups.
    const at = text.lastIndexOf(":");
    const v4 = text.slice(at + 1);
    if (!IPV4.test(v4)) return null;
    const o = v4.split(".").map(Number);
    text = `${text.slice(0, at + 1)}${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  /** @param {string} part */
  const groups = (part) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const given = head.length + rest.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const zeros = new Array(8 - given).fill(0);
  return [...head.map((g) => parseInt(g, 16)), ...zeros, ...rest.map((g) => parseInt(g, 16))];
}

/** RFC 5952 text of eight groups: lowercase, the longest run (≥ 2) of zero groups as `::`. @param {number[]} g */
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
  return hexes.slice(0, best).join(":") + "::" + hexes.slice(best + bestLen).join(":");
}

/** IPv4 → /24, IPv6 → /48, IPv4-mapped IPv6 → IPv4 /24; null when not an IP. @param {string} s */
function truncateIp(s) {
  const v = s.trim();
  if (IPV4.test(v)) return v.slice(0, v.lastIndexOf(".")) + ".0";
  const g = parseIpv6(v);
  if (!g) return null;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.0`;
  return formatIpv6([g[0], g[1], g[2], 0, 0, 0, 0, 0]);
}

/** @param {string} s */
const decode = (s) => {
  if (!s.includes("%") && !s.includes("+")) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
};

// ---------------------------------------------------------------------------------------------------
// Detectors

const SENSITIVE_PARAMS = new Set(["email", "e", "mail", "name", "phone", "tel", "token", "access_token", "id_token", "password", "pass", "pwd", "ssn", "auth", "key", "secret", "session"]);
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const JWT_WHOLE = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const EMAIL = /(?<![A-Za-z0-9.!#$%&'*+/=?^_`{|}~-])[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}\b/g;
const EMAIL_WHOLE = new RegExp(`^${EMAIL.source.slice(EMAIL.source.indexOf(")") + 1)}$`);
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])/g;
const SSN = /(?<![\w-])(\d{3})(-?)(\d{2})\2(\d{4})(?![\w-])/g;
const IPV4_IN_TEXT = /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w]|\.\d)/g;
const IPV6_IN_TEXT = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;
const PHONE = /(?<![\w+])(?:\+|\(\+?)?\d[\d ().\/-]{5,}\d(?!\w)/g;

/** Luhn mod 10. @param {string} digits */
function luhn(digits) {
  let sum = 0;
  for (let i = digits.length - 1, even = false; i >= 0; i--, even = !even) {
    let d = digits.charCodeAt(i) - 48;
    if (even && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO/IEC 7812 issuer ranges with the lengths they issue. @param {string} d */
function cardIssuer(d) {
  const n = d.length, p2 = +d.slice(0, 2), p3 = +d.slice(0, 3), p4 = +d.slice(0, 4);
  if (d[0] === "4") return n === 13 || n === 16 || n === 19;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) return n >= 16 && n <= 19;
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14 && n <= 19;
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19;
  if (p2 === 62) return n >= 16 && n <= 19;
  return false;
}

/** ISO 13616 mod-97 check. @param {string} s */
function ibanValid(s) {
  const v = s.replace(/ /g, "");
  if (v.length < 15 || v.length > 34) return false;
  const check = +v.slice(2, 4);
  if (check < 2 || check > 98) return false;
  const moved = v.slice(4) + v.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const c = ch.charCodeAt(0);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else rem = (rem * 100 + (c - 55)) % 97; // A = 10 … Z = 35: two digits
  }
  return rem === 1;
}

/** @param {string} area @param {string} group @param {string} serial */
const ssnPlausible = (area, group, serial) => area !== "000" && area !== "666" && area[0] !== "9" && group !== "00" && serial !== "0000";

/**
 * The free-text scanner of a policy: a function from a string to the string with every match replaced.
 * @param {string[]} detect @param {"redact" | "hash"} found
 */
function createScanner(detect, found) {
  const on = new Set(detect);
  /** @param {string} kind @param {string} match */
  const replace = (kind, match) => (found === "hash" ? sha256Hex(kind === "email" ? match.toLowerCase() : match) : `[${kind}]`);

  /** The kind of a whole value (for sensitive query parameters), or null. @param {string} v */
  const kindOf = (v) => {
    const t = v.trim();
    if (on.has("email") && EMAIL_WHOLE.test(t)) return "email";
    if (on.has("phone") && /^\+?[\d ().\/-]{7,}$/.test(t) && /^\D*(\d\D*){7,15}$/.test(t)) return "phone";
    return null;
  };

  /** @param {string} text */
  const scanText = (text) => {
    let s = text;
    if (on.has("url") && s.includes("://")) {
      s = s.replace(URL_IN_TEXT, (url) => {
        const q = url.indexOf("?");
        if (q < 0) return url;
        const hash = url.indexOf("#", q);
        const query = url.slice(q + 1, hash < 0 ? undefined : hash);
        const params = query.split("&").map((pair) => {
          const eq = pair.indexOf("=");
          if (eq < 0) return pair;
          const name = decode(pair.slice(0, eq)).toLowerCase();
          const value = decode(pair.slice(eq + 1));
          if (value === "") return pair;
          if (SENSITIVE_PARAMS.has(name)) return `${pair.slice(0, eq)}=${found === "hash" ? sha256Hex(value) : `[${kindOf(value) ?? "token"}]`}`;
          if (JWT_WHOLE.test(value)) return `${pair.slice(0, eq)}=${replace("token", value)}`;
          const scanned = scanPlain(value);
          return scanned === value ? pair : `${pair.slice(0, eq)}=${scanned}`;
        });
        return url.slice(0, q + 1) + params.join("&") + (hash < 0 ? "" : url.slice(hash));
      });
    }
    if (on.has("url") && s.includes("eyJ")) s = s.replace(JWT, (m) => replace("token", m));
    return scanPlain(s);
  };

  /** Every detector but url, in the order that keeps longer shapes from being eaten by shorter ones. @param {string} text */
  const scanPlain = (text) => {
    let s = text;
    if (on.has("email") && s.includes("@")) s = s.replace(EMAIL, (m) => replace("email", m));
    if (!/\d/.test(s)) return s; // every other detector needs a digit
    if (on.has("iban")) s = s.replace(IBAN, (m) => (ibanValid(m) ? replace("iban", m) : m));
    if (on.has("card")) s = s.replace(CARD, (m) => {
      const d = m.replace(/\D/g, "");
      return luhn(d) && cardIssuer(d) ? replace("card", m) : m;
    });
    if (on.has("ssn")) s = s.replace(SSN, (m, area, _dash, group, serial) => (ssnPlausible(area, group, serial) ? replace("ssn", m) : m));
    if (on.has("ip")) {
      s = s.replace(IPV4_IN_TEXT, (m) => replace("ip", m));
      if (s.includes(":")) s = s.replace(IPV6_IN_TEXT, (m) => (parseIpv6(m) ? replace("ip", m) : m));
    }
    if (on.has("phone")) s = s.replace(PHONE, (m) => {
      const n = m.replace(/\D/g, "").length;
      return n >= 7 && n <= 15 ? replace("phone", m) : m;
    });
    return s;
  };

  return detect.length === 0 ? (/** @type {string} */ s) => s : scanText;
}

// ---------------------------------------------------------------------------------------------------
// The policy

const DROP = Symbol("drop");
const ALL_DETECTORS = ["email", "phone", "card", "iban", "ssn", "ip", "url"];

/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Compiles a `minimize` policy into a function of (event, consent).
 * @param {any} policy the vendor's `minimize` object
 * @param {{ hashKey?: string, vendorPurposes?: string[] }} [options]
 * @returns {(event: unknown, consent: { purposes: Record<string, boolean>, vendorGranted: boolean }) => unknown}
 */
export function createMinimizer(policy, { hashKey, vendorPurposes = [] } = {}) {
  const compile = (/** @type {any} */ p) => {
    const allow = p.mode === "allow";
    const scan = createScanner(p.detect ?? ALL_DETECTORS, p.found ?? "redact");
    const hmac = hashKey ? hmacSha256Hex(hashKey) : null;
    const rules = Object.entries(p.fields ?? {}).map(([pattern, action]) => ({ test: compilePattern(pattern), action: normalise(action) }));
    return { allow, scan, hmac, rules };
  };
  const granted = compile(policy);
  const denied = policy.denied && policy.denied !== "drop" ? compile(policy.denied) : null;

  return (event, consent) => {
    if (event === null || typeof event !== "object") throw new TypeError("minimize: the event must be a JSON object or array");
    const vendorOk = consent.vendorGranted && vendorPurposes.every((id) => consent.purposes[id] === true);
    const p = vendorOk ? granted : denied;
    if (!p) return null;
    const out = walk(p, event, [], consent.purposes);
    return out === DROP ? null : out;
  };
}

/** An action as `{ action, ...options }`. @param {any} a @returns {any} */
function normalise(a) {
  const o = typeof a === "string" ? { action: a } : { ...a };
  if (o.else !== undefined) o.else = normalise(o.else);
  if (o.action === "url") {
    o.keepNames = (o.keep ?? []).map((/** @type {any} */ k) =>
      typeof k === "string" ? { re: globRegExp(k), when: [] } : { re: globRegExp(k.name), when: k.when === undefined ? [] : [k.when].flat() });
  }
  return o;
}

/** @param {any} action @param {Record<string, boolean>} purposes */
function resolve(action, purposes) {
  if (action.when === undefined) return action;
  const needed = Array.isArray(action.when) ? action.when : [action.when];
  if (needed.every((/** @type {string} */ id) => purposes[id] === true)) return action;
  return action.else ? resolve(action.else, purposes) : { action: "drop" };
}

/** @param {any} p @param {unknown} value @param {string[]} path @param {Record<string, boolean>} purposes @returns {unknown} */
function walk(p, value, path, purposes) {
  if (path.length > 0) {
    for (const rule of p.rules) if (rule.test(path)) return apply(p, resolve(rule.action, purposes), value, purposes);
  }
  if (Array.isArray(value)) {
    const out = [];
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      const v = walk(p, value[i], path, purposes);
      path.pop();
      if (v !== DROP) out.push(v);
    }
    return out;
  }
  if (isObject(value)) {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const key of Object.keys(value)) {
      path.push(key);
      const v = walk(p, value[key], path, purposes);
      path.pop();
      if (v !== DROP) out[key] = v;
    }
    return out;
  }
  if (p.allow) return DROP;
  return typeof value === "string" ? p.scan(value) : value;
}

/** Applies `fn` to every scalar inside (objects and arrays keep their shape; DROP removes). @param {unknown} value @param {(v: unknown) => unknown} fn @returns {unknown} */
function eachScalar(value, fn) {
  if (Array.isArray(value)) return value.map((v) => eachScalar(v, fn)).filter((v) => v !== DROP);
  if (isObject(value)) {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const key of Object.keys(value)) {
      const v = eachScalar(value[key], fn);
      if (v !== DROP) out[key] = v;
    }
    return out;
  }
  return fn(value);
}

/** @param {unknown} v */
const text = (v) => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null);

/** @param {any} p @param {any} a @param {unknown} value @param {Record<string, boolean>} purposes @returns {unknown} */
function apply(p, a, value, purposes) {
  switch (a.action) {
    case "drop":
      return DROP;
    case "keep":
      if (a.scan === false) return value !== null && typeof value === "object" ? structuredClone(value) : value;
      return eachScalar(value, (v) => (typeof v === "string" ? p.scan(v) : v));
    case "redact":
      return eachScalar(value, (v) => (v === null ? v : "[redacted]"));
    case "hash": {
      const profile = PROFILES[a.profile ?? "trim"];
      return eachScalar(value, (v) => {
        const t = text(v);
        if (t === null) return DROP;
        if (DIGEST.test(t)) return t.toLowerCase();
        const n = profile(t, a);
        return n === null ? DROP : sha256Hex(n);
      });
    }
    case "hmac":
      return eachScalar(value, (v) => {
        const t = text(v);
        return t === null || !p.hmac ? DROP : p.hmac(t);
      });
    case "truncate":
      return eachScalar(value, (v) => (typeof v === "string" ? truncateIp(v) ?? DROP : DROP));
    case "url":
      return eachScalar(value, (v) => {
        const u = typeof v === "string" ? stripUrl(v, a, purposes) : null;
        return u === null ? DROP : p.scan(u);
      });
    case "generalize":
      return eachScalar(value, (v) => {
        const m = typeof v === "string" && a.to === "year" ? /^(\d{4})-\d{2}-\d{2}/.exec(v) : null;
        return m ? m[1] : DROP;
      });
    default:
      throw new Error(`plain minimizer: unsupported action ${a.action}`);
  }
}

/** The URL without the query parameters the `keep` list does not name (and without its fragment). @param {string} url @param {any} a @param {Record<string, boolean>} purposes */
function stripUrl(url, a, purposes) {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]/i.test(url)) return null;
  const keep = a.keepNames.filter((/** @type {any} */ k) => k.when.every((/** @type {string} */ id) => purposes[id] === true)).map((/** @type {any} */ k) => k.re);
  const hashAt = url.indexOf("#");
  const fragment = hashAt < 0 ? "" : url.slice(hashAt);
  const base = hashAt < 0 ? url : url.slice(0, hashAt);
  const q = base.indexOf("?");
  const kept = q < 0 ? [] : base.slice(q + 1).split("&").filter((pair) => pair !== "" && keep.some((re) => re.test(decode(pair.split("=")[0]))));
  return (q < 0 ? base : base.slice(0, q)) + (kept.length ? "?" + kept.join("&") : "") + (a.fragment ? fragment : "");
}
