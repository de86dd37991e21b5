// The benchmark's policy, config and events: shared by the page (bench.js) and, for a quick look
// without a browser, by Node (`node -e 'import("./bench/fixture.js")…'`).

export const HASH_KEY = "bench-site-secret-0123456789";

/** The destination's policy: the kind a site would write for a PostHog-style analytics tool. */
export const POLICY = {
  mode: "deny",
  fields: {
    "properties.email": { action: "hash", profile: "google.email" },
    "properties.phone": { action: "hash", profile: "google.phone", country: "US" },
    distinct_id: "hmac",
    "properties.$ip": "truncate",
    "properties.$current_url": { action: "url", keep: ["utm_*", { name: "gclid", when: "marketing" }] },
    "properties.$raw_user_agent": { action: "keep", scan: false },
    "properties.$set.name": "redact",
    "properties.$set.birthdate": { action: "generalize", to: "year" },
    "properties.gclid": { action: "keep", when: "marketing" },
    "properties.*_token": "drop",
    $set_once: "drop",
  },
  detect: ["email", "phone", "card", "iban", "ssn", "ip", "url"],
  found: "redact",
};

/** The same policy without hashing: the hashed and HMAC'd fields are dropped instead. */
export const POLICY_NO_HASH = {
  ...POLICY,
  fields: Object.fromEntries(Object.entries(POLICY.fields).map(([k, v]) => {
    const action = typeof v === "string" ? v : v.action;
    return [k, action === "hash" || action === "hmac" ? "drop" : v];
  })),
};

/** No rules and no detectors: the event is only copied (what crossing into the engine and back costs). */
export const POLICY_COPY = { detect: [] };

/** Edge cases checked once (not timed): each value goes through both implementations. */
export const PROBE_POLICY = {
  fields: {
    "ip.*": "truncate",
    "email.*": { action: "hash", profile: "google.email" },
    "phone.*": { action: "hash", profile: "google.phone" },
    "url.*": { action: "url", keep: ["utm_*", "q"] },
    "id.*": "hmac",
    gone: "drop",
  },
};

export const PROBE_EVENT = {
  ip: {
    v4: "198.51.100.23",
    v6: "2001:db8:85a3:8d3:1319:8a2e:370:7348",
    v6short: "2001:db8::1",
    mapped: "::ffff:192.0.2.77",
    loopback6: "::1",
    notIp: "localhost",
    bracketed: "[2001:db8::1]",
  },
  email: { gmail: "  John.Doe+promo@GMail.com ", other: "Jane.Roe@Example.co.uk", digest: "4dfee298ccfab85c3c2369440292b9a1e57795b008fe3d680add19dcd4414b64", none: null, list: ["A@B.com", "c.d@gmail.com"] },
  phone: { us: "(650) 555-1234", plus: "+44 20 7946 0958", dotted: "650.555.1234", withOne: "1-650-555-1234" },
  url: {
    fragment: "https://shop.example/a?utm_source=x&b=2#top",
    none: "https://shop.example/a?b=2",
    plain: "https://shop.example/a",
    q: "https://www.google.com/search?q=linen+apron&utm_medium=cpc",
    notUrl: "not a url",
  },
  id: { str: "user-42", num: 42 },
  gone: {},
  text: {
    card: "card 4111 1111 1111 1111 exp 12/27",
    cardBad: "ref 4111 1111 1111 1112",
    card2: "mc 2223003122003222",
    amex: "amex 378282246310005",
    iban: "IBAN GB82 WEST 1234 5698 7654 32 thanks",
    ibanCompact: "to DE89370400440532013000.",
    ibanBad: "GB82WEST12345698765433",
    ssn: "ssn 123-45-6789",
    ssnBad: "ssn 666-12-3456",
    ipv4: "from 203.0.113.195 today",
    ipv6: "from 2001:db8:85a3::8a2e:370:7348 today",
    time: "at 10:22:31 on 2026-03-14",
    iso: "2026-03-14T10:22:31.123Z",
    version: "v1.160.3 build 20260314",
    phoneUs: "call (650) 555-1234 now",
    phoneIntl: "call +44 20 7946 0958 now",
    phoneShort: "room 4471",
    email: "Mail JANE.Doe@Example.COM please",
    emailInUrl: "see https://x.example/p?email=jane%40example.com&ok=1",
    urlNameParam: "https://x.example/p?name=Jane&ok=1",
    urlPhoneInQuery: "https://x.example/p?q=call+650-555-1234&ok=1",
    urlNameWithEmail: "https://x.example/p?name=Jane+Doe+jane%40example.com&ok=1",
    phoneAsNumber: 6505551234,
    jwt: "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here",
    jwtInUrl: "https://x.example/cb?state=1&t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
    uuid: "018e3b2a-9c41-7d2f-b8a0-5c6d7e8f9a01",
    ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  },
};

/** The SDK config: one destination per policy; `stylesheet: false` (no banner styling needed). */
export const CONFIG = {
  policyVersion: "bench-1",
  stylesheet: false,
  hashKey: HASH_KEY,
  purposes: [
    { id: "necessary", required: true, label: "Necessary" },
    { id: "analytics", label: "Analytics" },
    { id: "marketing", label: "Marketing" },
  ],
  vendors: [
    { id: "bench", name: "Bench analytics", purposes: ["analytics"], hosts: ["collect.bench.test"], paths: ["/e/*"], minimize: POLICY },
    { id: "bench-nohash", name: "Bench, no hashing", purposes: ["analytics"], hosts: ["nohash.bench.test"], minimize: POLICY_NO_HASH },
    { id: "bench-copy", name: "Bench, no rules", purposes: ["analytics"], hosts: ["copy.bench.test"], minimize: POLICY_COPY },
    { id: "bench-probe", name: "Bench probes", purposes: ["analytics"], hosts: ["probe.bench.test"], minimize: PROBE_POLICY },
  ],
};

/**
 * A realistic analytics event (PostHog `$pageview` shape) with 30 values: nested properties, a page
 * URL with utm_ parameters, a gclid and an ?email=, the user agent, referrer, screen size, free text
 * holding an email and a phone number, an email and a phone to hash and an id to HMAC.
 * `i` varies the identifying values so no implementation can win by caching.
 * @param {number} i
 */
export function makeEvent(i = 0) {
  const n = String(i).padStart(4, "0");
  return {
    event: "$pageview",
    distinct_id: `usr_8f3a2c71${n}`,
    timestamp: "2026-03-14T10:22:31.123Z",
    uuid: `01890f5e-7d3c-7a2b-9c4d-3e5f6a7b${n}`,
    properties: {
      $current_url: `https://shop.example.com/checkout/step-2?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale&email=jane.doe${i}%40example.com&gclid=Cj0KCQjw8${n}&ref=nav#billing`,
      $host: "shop.example.com",
      $pathname: "/checkout/step-2",
      $referrer: "https://www.google.com/search?q=linen+apron+fern+and+fig",
      $browser: "Chrome",
      $browser_version: 124,
      $os: "Mac OS X",
      $screen_width: 1512,
      $screen_height: 982,
      $raw_user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
      $lib_version: "1.160.3",
      $session_id: `018e3b2a-9c41-7d2f-b8a0-5c6d7e8f${n}`,
      $ip: `203.0.113.${i % 250}`,
      email: `  Jane.Doe${i}@GMail.com `,
      phone: `(650) 555-${n}`,
      gclid: `Cj0KCQjw8${n}`,
      csrf_token: "b7c1e2d9a8f04c3e",
      search: "linen apron size m",
      message: `Hi, the parcel for order ${4400 + (i % 100)} never came. Call me on +1 650-555-0199 or write to jane.doe${i}@example.com`,
      cart: { items: 3, value: 129.9, currency: "USD" },
      $set: { name: "Jane Doe", birthdate: "1991-05-26", plan: "pro" },
      $set_once: { $initial_referrer: "https://www.google.com/" },
    },
  };
}

/** The number of scalar values in an event. @param {unknown} v @returns {number} */
export const countValues = (v) =>
  v !== null && typeof v === "object" ? Object.values(v).reduce((n, x) => n + countValues(x), 0) : 1;

/** Random free text for the differential check (`?fuzz=N`): PII-shaped pieces, near misses, glue. @param {number} seed */
export function fuzzText(seed) {
  let x = seed >>> 0;
  const rnd = () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = x;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (/** @type {string[]} */ a) => a[Math.floor(rnd() * a.length)];
  const digits = (/** @type {number} */ n) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join("");
  const pieces = [
    "jane.doe@example.com", "J.Doe+x@Mail.Example.CO.uk", "a@b", "x@localhost", "user@@example.com", ".dot@example.com", "a@example.c0m",
    "+1 650-555-0199", "(650) 555-1234", "650.555.1234", "6505551234", "1-650-555-1234", "+44 20 7946 0958", "020 7946 0958", "555-0199",
    "4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111112", "378282246310005", "2223003122003222", "6011111111111117",
    "123-45-6789", "123456789", "666-12-3456", "078-05-1120",
    "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "gb82west12345698765432", "NO9386011117947",
    "203.0.113.195", "10.0.0.1", "256.1.1.1", "01.2.3.4", "2001:db8::1", "::ffff:192.0.2.1", "fe80::1", "10:22:31", "1:2:3:4:5:6:7:8",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl", "https://x.example/p?email=a%40b.com&q=1", "?q=650-555-0199",
    "2026-03-14", "2026-03-14T10:22:31Z", "v1.2.3", "order", "Call", "me", "at", "or", "id", "#42", "%40", "&", "=", "?", "é", "😀",
  ];
  const glue = [" ", " ", " ", "", "-", ".", "/", "(", ")", ",", ":", ";", "\n", "  ", " - ", "x"];
  const n = 2 + Math.floor(rnd() * 7);
  let s = "";
  for (let i = 0; i < n; i++) s += (i ? pick(glue) : "") + (rnd() < 0.2 ? digits(1 + Math.floor(rnd() * 16)) : pick(pieces));
  return s;
}
