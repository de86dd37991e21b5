// Two more real analytics clients from npm, each with its own wire format, sent through first-party
// proxy paths on the page's own origin (the common setup that keeps ad blockers away):
//   mixpanel-browser          → /collect/*  (form-encoded `data=` holding base64 JSON, batched)
//   @amplitude/analytics-browser → /amp/*   (a JSON envelope `{ api_key, events: [...] }`)
// The site's server (here: a small proxy in front of the test server) records what reaches those paths
// and serves everything else. No adapters: the network layer alone must route each request to its
// destination by path, read its body and minimize it. Assertions are on what the site's server received.
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { decodeClientBody, eventsOf } from "../../examples/server.mjs";
import { btn, eventually, guardOffline, leaks as scan, ready, settle, useBrowser } from "./helpers.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./", import.meta.url)) });

// Both need the core's routing by host and path and its reading of base64 and byte bodies (the wasm
// method requestBytes); until the built core has them, these tests are skipped, saying why.
const GLUE = new URL("../../js/pkg/consent_sieve_minimize.js", import.meta.url);
const NEEDS_CORE = existsSync(GLUE) && !readFileSync(GLUE, "utf8").includes("requestBytes")
  ? "the built core has no requestBytes yet (host+path routing, base64 and byte bodies)" : false;

// ---- the site: the proxy paths are recorded, everything else is forwarded to the test server ---------
/** @type {{ path: string, query: Record<string, string>, type: string, encoding: string, body: any, events: any[] }[]} */
const received = [];
let site;
let SP = 0;
const PROXIED = /^\/(collect|amp)\//;
before(async () => {
  site = createServer((req, res) => {
    const url = new URL(req.url || "/", "http://x");
    if (PROXIED.test(url.pathname)) {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const type = String(req.headers["content-type"] ?? "");
        const { encoding, body } = decodeClientBody(Buffer.concat(chunks), type, url.searchParams);
        received.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), type, encoding, body, events: eventsOf(body?.events ?? body) });
        res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
        res.end(JSON.stringify(url.pathname.startsWith("/amp/") ? { code: 200, events_ingested: 1, payload_size_bytes: 1, server_upload_time: Date.now() } : { status: 1, error: null }));
      });
      return;
    }
    const up = request({ host: "127.0.0.1", port: env.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => { res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  await new Promise((ok) => site.listen(0, "127.0.0.1", ok));
  SP = site.address().port;
});
after(() => new Promise((ok) => { site.closeAllConnections?.(); site.close(() => ok(undefined)); }));

const ORIGIN = () => `http://www.shop.test:${SP}`;
const HASH_KEY = "proxied-clients-secret-2026";
const USER_ID = "user-77";
const PII = { email: "Jane.Doe@Example.com", phone: "+1 (415) 555-0100", card: "4111 1111 1111 1111", ip: "203.0.113.77", iban: "DE89 3704 0044 0532 0130 00" };
/** Raw personal data anywhere in what arrived (helpers.mjs `leaks`; the page's own 127.0.0.1 is not a leak). */
const leaks = (value) => scan(value, { userId: USER_ID, ips: [PII.ip] });
const QUERY = "?utm_source=news&email=jane.doe%40example.com";
const sha256 = (s) => createHash("sha256").update(s).digest("hex");
const hmac = (s) => createHmac("sha256", HASH_KEY).update(s).digest("hex");
const EMAIL_DIGEST = sha256(PII.email.trim().toLowerCase());
const USER_DIGEST = hmac(USER_ID);

const shared = (fields) => ({
  fields: { ...fields, email: "hash", $email: "hash", ip: "truncate" },
  detect: ["email", "phone", "card", "iban", "ssn", "ip", "url"],
  found: "redact",
  denied: "drop",
});

const config = () => ({
  policyVersion: "1",
  hashKey: HASH_KEY,
  purposes: [{ id: "necessary", required: true, label: "Necessary" }, { id: "analytics", label: "Analytics" }],
  vendors: [
    {
      id: "mixpanel", name: "Mixpanel", purposes: ["analytics"], hosts: ["www.shop.test"], paths: ["/collect/*"],
      minimize: shared({ distinct_id: "hmac", $user_id: "hmac", $distinct_id: "hmac", $device_id: "drop", $current_url: { action: "url", keep: ["utm_*"] }, $initial_referrer: "drop", $referrer: "drop" }),
    },
    {
      id: "amplitude", name: "Amplitude", purposes: ["analytics"], hosts: ["www.shop.test"], paths: ["/amp/*"],
      minimize: shared({ user_id: "hmac", device_id: "drop", "event_properties.page_url": { action: "url", keep: ["utm_*"] }, "event_properties.[Amplitude] Page URL": { action: "url", keep: ["utm_*"] } }),
    },
  ],
});

function shopPage() {
  const json = JSON.stringify(config()).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fern &amp; Fig checkout</title><link rel="icon" href="data:,">
<script type="application/json" id="consent-sieve-config">${json}</script>
<script src="/node_modules/consent-sieve/dist/early.js"></script>
<script src="/node_modules/mixpanel-browser/dist/mixpanel.umd.js"></script>
<script src="/node_modules/@amplitude/analytics-browser/lib/scripts/amplitude-min.umd.js"></script>
<script type="module" src="/node_modules/consent-sieve/dist/auto.js"></script>
<script>
  mixpanel.init("mp_test_token", {
    api_host: location.origin + "/collect",
    batch_flush_interval_ms: 250,
    track_pageview: false,
    autocapture: false,
    persistence: "localStorage",
    ip: false,
  });
  amplitude.init("amp_test_key", {
    serverUrl: location.origin + "/amp/2/httpapi",
    flushIntervalMillis: 250,
    autocapture: false,
    fetchRemoteConfig: false,
    optOut: false,
  });
</script>
</head>
<body><main><h1>Checkout</h1></main></body></html>`;
}

function sendEvents({ pii, userId }) {
  const props = { email: pii.email, note: `call ${pii.phone} or pay with ${pii.card}`, iban: pii.iban, ip: pii.ip, page_url: location.href, plan: "annual" };
  mixpanel.identify(userId);
  mixpanel.people.set({ $email: pii.email, $phone: pii.phone });
  mixpanel.track("checkout", props);
  amplitude.setUserId(userId);
  amplitude.identify(new amplitude.Identify().set("email", pii.email).set("phone", pii.phone));
  amplitude.track("checkout", props);
}

const at = (prefix) => received.filter((r) => r.path.startsWith(prefix));
const eventsAt = (prefix) => at(prefix).flatMap((r) => r.events);
const named = (prefix, name) => eventsAt(prefix).filter((e) => e.event === name || e.event_type === name);


async function openShop(page) {
  env.page("/shop.html", shopPage());
  await page.goto(`${ORIGIN()}/shop.html${QUERY}`);
  await ready(page);
}

env.test("granted: mixpanel-browser (base64 in a form field) and Amplitude (JSON envelope) through first-party paths arrive minimized", async ({ page, context }) => {
  received.length = 0;
  const outside = await guardOffline(context);
  await openShop(page);
  await page.click(btn("accept-all"));
  await page.evaluate(sendEvents, { pii: PII, userId: USER_ID });
  const arrived = await eventually(() => named("/collect/", "checkout").length && named("/amp/", "checkout").length, { timeout: 10_000 });
  assert.ok(arrived, `both clients delivered: ${JSON.stringify(received.map((r) => [r.path, r.encoding]))}`);
  await settle(page, 600);
  assert.deepEqual(leaks(received), [], "no raw personal data reached the site's proxy paths");

  const mp = at("/collect/");
  assert.ok(mp.some((r) => r.encoding.includes("base64")), `mixpanel sent base64 in data=: ${mp.map((r) => r.encoding)}`);
  const [mpCheckout] = named("/collect/", "checkout");
  assert.equal(mpCheckout.properties.email, EMAIL_DIGEST, "email hashed");
  assert.equal(mpCheckout.properties.distinct_id, USER_DIGEST, "distinct_id: HMAC");
  assert.equal(mpCheckout.properties.ip, "203.0.113.0");
  assert.equal(mpCheckout.properties.plan, "annual");
  assert.equal(mpCheckout.properties.token, "mp_test_token");
  assert.match(mpCheckout.properties.note, /\[phone\].*\[card\]/);

  const amp = at("/amp/");
  assert.ok(amp.every((r) => r.encoding === "json"), `amplitude sent JSON: ${amp.map((r) => r.encoding)}`);
  const [ampCheckout] = named("/amp/", "checkout");
  assert.equal(ampCheckout.event_properties.email, EMAIL_DIGEST);
  assert.equal(ampCheckout.user_id, USER_DIGEST, "user_id: HMAC");
  assert.equal(ampCheckout.device_id, undefined, "device_id dropped");
  assert.equal(ampCheckout.event_properties.ip, "203.0.113.0");
  assert.equal(ampCheckout.event_properties.page_url, `${ORIGIN()}/shop.html?utm_source=news`, "only utm_* kept");
  assert.equal(ampCheckout.event_properties.plan, "annual");
  assert.equal(amp[0].body.api_key, "amp_test_key", "the envelope's key still reaches Amplitude");
  assert.deepEqual(outside, [], "no request left 127.0.0.1");
}, { skip: NEEDS_CORE });

env.test("refused: nothing reaches either proxy path; the site's own requests on its host still work", async ({ page, context, logs, pageErrors }) => {
  received.length = 0;
  const outside = await guardOffline(context);
  await openShop(page);
  await page.click(btn("reject-all"));
  await page.evaluate(sendEvents, { pii: PII, userId: USER_ID });
  await settle(page, 1500);
  assert.deepEqual(received.map((r) => r.path), [], "nothing reached /collect/ or /amp/");
  const own = await page.evaluate(() => Promise.all(["/shop.html?again", "/node_modules/consent-sieve/dist/lang/de.json"].map((u) => fetch(u).then((r) => r.status, (e) => e.name))));
  assert.deepEqual(own, [200, 200], "same-origin requests outside the vendors' paths (the site's, the SDK's) are not blocked");
  assert.deepEqual(outside, []);
  assert.deepEqual(pageErrors.map(String), []);
  // Amplitude logs each stopped upload as an error of its own; nothing else may.
  assert.deepEqual(logs.filter((l) => l.type === "error" && !/^Amplitude Logger \[Error\]: Failed to fetch$/.test(l.text)).map((l) => l.text), []);
}, { allowErrors: true, skip: NEEDS_CORE });
