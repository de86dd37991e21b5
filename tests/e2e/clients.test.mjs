// Minimization with real analytics clients: posthog-js (gzip-compressed, batched) and
// @segment/analytics-next (JSON batches), both installed from npm and loaded from node_modules, send to
// the local collector (examples/server.mjs) on hosts of their own (posthog.test, segment.test). The
// adapters minimize inside the clients, before compression; the assertions are on what the COLLECTOR
// received, decompressed: no raw email, phone, card, IBAN, full IP or user id, hashed values equal the
// digests computed here with node:crypto, utm_* kept, and nothing at all for a denied destination.
// No request may leave 127.0.0.1: every other host is aborted and counted.
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { BANNER, btn, eventually, guardOffline, leaks as scan, ready, settle, strings, useBrowser } from "./helpers.mjs";

// The server's root is tests/e2e/, so the clients load from /node_modules/posthog-js/… and
// /node_modules/@segment/analytics-next/…; the SDK is served from js/ at /node_modules/consent-sieve/.
const env = useBrowser({ root: fileURLToPath(new URL("./", import.meta.url)) });

const HASH_KEY = "clients-test-site-secret-2026";
const USER_ID = "user-42";
const PII = {
  email: " Jane.Doe@Gmail.com ",
  otherEmail: "j.smith+shop@example.org",
  phone: "+1 (415) 555-0100",
  card: "4111 1111 1111 1111",
  card2: "2223003122003222",
  iban: "DE89 3704 0044 0532 0130 00",
  ipv4: "203.0.113.77",
  ipv6: "2001:db8:85a3:8d3:1319:8a2e:370:7348",
};
// The page is opened with this query: utm_* must survive, the email must not.
const QUERY = "?utm_source=news&utm_campaign=spring&email=jane.doe%40gmail.com&ref=42";

const sha256 = (s) => createHash("sha256").update(s).digest("hex");
const hmac = (s) => createHmac("sha256", HASH_KEY).update(s).digest("hex");
/** Google's email normalisation: trim, lowercase, no dots before @gmail.com / @googlemail.com. */
const googleEmail = (s) => {
  const [local, domain] = s.trim().toLowerCase().split("@");
  return `${/^(gmail|googlemail)\.com$/.test(domain) ? local.replaceAll(".", "") : local}@${domain}`;
};
/** The raw PII found in `value` (helpers.mjs `leaks`: any IPv4 not truncated). */
const leaks = (value) => scan(value, { userId: USER_ID, cards: [PII.card2], anyIpv4: true });
const EMAIL_DIGEST = sha256(googleEmail(PII.email));
const USER_DIGEST = hmac(USER_ID);

/** A minimize policy; `fields` come first (first match wins), then the shared rules. */
const policy = (fields, denied = "drop") => ({
  fields: {
    ...fields,
    email: { action: "hash", profile: "google.email" },
    ip: "truncate",
    ip6: "truncate",
  },
  detect: ["email", "phone", "card", "iban", "ssn", "ip", "url"],
  found: "redact",
  denied,
});

/** @param {{ denied?: unknown }} [o] */
const config = ({ denied = "drop" } = {}) => ({
  policyVersion: "1",
  hashKey: HASH_KEY,
  purposes: [
    { id: "necessary", required: true, label: "Necessary" },
    { id: "analytics", label: "Analytics" },
    { id: "marketing", label: "Marketing" },
  ],
  vendors: [
    {
      id: "posthog", name: "PostHog", purposes: ["analytics"], hosts: ["posthog.test"],
      // The event endpoints. Not /flags/: its body (person properties) never passes before_send, so
      // the page turns flags off (advanced_disable_flags) rather than trusting that body.
      paths: ["/e/*", "/i/v0/e/*", "/batch/*", "/capture/*"],
      minimize: policy({
        distinct_id: "hmac",
        $user_id: "hmac",
        "properties.$ip": "truncate",
        "properties.$current_url": { action: "url", keep: ["utm_*"] },
      }, denied),
    },
    {
      id: "segment", name: "Segment", purposes: ["analytics"], hosts: ["segment.test"], paths: ["/v1/*"],
      minimize: policy({
        userId: "hmac",
        previousId: "hmac",
        "context.page.url": { action: "url", keep: ["utm_*"] },
        "context.page.search": "drop",
      }, denied),
    },
  ],
});

/**
 * The shop page: the JSON config, early.js, the Segment browser bundle (UMD), then a module that
 * starts consent-sieve and both clients. `adapters: false` leaves the adapters out (the network
 * layer alone); `posthogOptions` are merged into posthog-js's options.
 */
function shopPage({ port, cfg = config(), adapters = true, posthogOptions = {} }) {
  const json = JSON.stringify(cfg).replace(/</g, "\\u003c");
  const posthog = {
    api_host: `http://posthog.test:${port}`,
    // No remote config, flags, surveys, recordings or extension scripts: nothing else to fetch
    // (/flags/ would also carry person properties, which before_send never sees).
    advanced_disable_flags: true,
    disable_external_dependency_loading: true,
    disable_surveys: true,
    disable_session_recording: true,
    autocapture: false,
    // Headless Chromium says "HeadlessChrome": without this posthog-js drops everything as a bot.
    opt_out_useragent_filter: true,
    request_queue_config: { flush_interval_ms: 250 },
    ...posthogOptions,
  };
  const segment = {
    settings: { writeKey: "seg_write_key", cdnURL: `http://segment.test:${port}`, cdnSettings: { integrations: { "Segment.io": { apiKey: "seg_write_key" } }, metrics: { sampleRate: 0 } } },
    options: { integrations: { "Segment.io": { apiHost: `segment.test:${port}/v1`, protocol: "http", deliveryStrategy: { strategy: "batching", config: { size: 20, timeout: 250 } } } } },
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fern &amp; Fig checkout</title><link rel="icon" href="data:,">
<script type="application/json" id="consent-sieve-config">${json}</script>
<script src="/node_modules/consent-sieve/dist/early.js"></script>
<script src="/node_modules/@segment/analytics-next/dist/umd/index.js"></script>
<script type="module">
  import { init, posthogBeforeSend, segmentPlugin } from "/node_modules/consent-sieve/dist/index.js";
  import posthog from "/node_modules/posthog-js/dist/module.js";
  await init(JSON.parse(document.getElementById("consent-sieve-config").textContent));
  const phOptions = ${JSON.stringify(posthog)};
  ${adapters ? "phOptions.before_send = posthogBeforeSend();" : ""}
  posthog.init("phc_test_project_key", phOptions);
  const seg = ${JSON.stringify(segment)};
  const analytics = AnalyticsNext.AnalyticsBrowser.load(seg.settings, seg.options);
  ${adapters ? "analytics.register(segmentPlugin());" : ""}
  window.__clients = { posthog, analytics };
</script>
</head>
<body><main><h1>Checkout</h1></main></body></html>`;
}

/** In the page: identify and capture the same PII-laden events with both clients. */
function sendEvents({ pii, userId }) {
  const { posthog, analytics } = /** @type {any} */ (window).__clients;
  const props = {
    email: pii.email,
    contact: `write to ${pii.otherEmail}`,
    note: `call ${pii.phone} or pay with ${pii.card}`,
    card: pii.card2,
    iban: pii.iban,
    ip: pii.ipv4,
    ip6: pii.ipv6,
    seen_from: `proxy ${pii.ipv4}, ${pii.ipv6}`,
    plan: "annual",
  };
  posthog.identify(userId, { email: pii.email, phone: pii.phone });
  posthog.capture("checkout", { ...props, $ip: pii.ipv4 });
  analytics.identify(userId, { email: pii.email, phone: pii.phone });
  analytics.track("checkout", props, { context: { ip: pii.ipv4 } });
  analytics.page();
}

const hostOf = (r) => r.host.replace(/:\d+$/, "");
/** What the collector received from a client host: records and their events. */
const receivedBy = (host) => env.collected().filter((r) => hostOf(r) === host);
const eventsBy = (host) => receivedBy(host).flatMap((r) => r.events ?? []);
const named = (host, name) => eventsBy(host).filter((e) => e.event === name || (name === e.type && !e.event));

/**
 * Closes the page the way a visitor leaves it and waits for posthog-js's $pageleave (sent while the
 * page unloads) and any last batch, so that they are counted here and do not arrive during the next test.
 */
async function leave(page) {
  await page.close({ runBeforeUnload: true });
  const pageleave = await eventually(() => named("posthog.test", "$pageleave")[0], { timeout: 5000 });
  // Then until nothing more arrives for 700 ms (a client's last batch on unload), so that no request of
  // this test lands in the next one.
  const count = () => env.requestsTo("posthog.test").length + env.requestsTo("segment.test").length;
  for (let n = -1; n !== count(); ) {
    n = count();
    await new Promise((r) => setTimeout(r, 700));
  }
  return pageleave;
}

/** Opens the shop page (consent-sieve ready, clients started). */
async function openShop(page, html) {
  env.page("/shop.html", html);
  await page.goto(`http://www.shop.test:${env.port}/shop.html${QUERY}`);
  await ready(page);
  await page.waitForFunction(() => /** @type {any} */ (window).__clients !== undefined);
}

env.test("granted: posthog-js (gzip, batched) and analytics-next (JSON batches) deliver minimized events, digests as expected, utm_* kept", async ({ page, context }) => {
  const outside = await guardOffline(context);
  await openShop(page, shopPage({ port: env.port }));
  await page.click(btn("accept-all"));
  await page.evaluate(sendEvents, { pii: PII, userId: USER_ID });

  const arrived = await eventually(() => named("posthog.test", "checkout").length && named("segment.test", "checkout").length && named("segment.test", "identify").length && named("posthog.test", "$identify").length, { timeout: 10_000 });
  assert.ok(arrived, `both clients delivered: ${JSON.stringify(env.collected().map((r) => [r.host, r.path, r.encoding]))}`);
  await settle(page, 500);

  // PostHog compresses: the collector gunzipped what arrived.
  const ph = receivedBy("posthog.test").filter((r) => r.path === "/e/" || r.path === "/batch/" || r.path === "/i/v0/e/");
  assert.ok(ph.length > 0 && ph.every((r) => r.encoding.startsWith("gzip+")), `posthog-js sent gzip: ${ph.map((r) => r.encoding)}`);
  const seg = receivedBy("segment.test").filter((r) => r.path.startsWith("/v1/b"));
  assert.ok(seg.length > 0 && seg.every((r) => r.encoding === "json" && Array.isArray(r.body.batch)), "analytics-next sent JSON batches");

  assert.deepEqual(leaks(env.collected()), [], "no raw PII reached the collector");

  const [phCheckout] = named("posthog.test", "checkout");
  const p = phCheckout.properties;
  assert.equal(p.email, EMAIL_DIGEST, "email: SHA-256 of the Google-normalised address");
  assert.equal(p.distinct_id, USER_DIGEST, "distinct_id: HMAC-SHA-256 with hashKey");
  assert.equal(p.$ip, "203.0.113.0", "$ip truncated to /24");
  assert.equal(p.ip, "203.0.113.0");
  assert.equal(p.ip6, "2001:db8:85a3::", "IPv6 truncated to /48");
  assert.equal(p.$current_url, `http://www.shop.test:${env.port}/shop.html?utm_source=news&utm_campaign=spring`, "only utm_* kept");
  assert.equal(p.card, "[card]");
  assert.equal(p.iban, "[iban]");
  assert.equal(p.contact, "write to [email]");
  assert.match(p.note, /^call \[phone\] or pay with \[card\]$/);
  assert.equal(p.plan, "annual", "what no rule names is kept (mode deny)");
  assert.equal(p.token, "phc_test_project_key", "the project key still reaches PostHog");
  const [phIdentify] = named("posthog.test", "$identify");
  assert.equal(phIdentify.properties.distinct_id, USER_DIGEST);
  assert.equal(phIdentify.$set?.email ?? phIdentify.properties.$set?.email, EMAIL_DIGEST, "person property email hashed");

  const [sTrack] = named("segment.test", "checkout");
  assert.equal(sTrack.properties.email, EMAIL_DIGEST);
  assert.equal(sTrack.userId, USER_DIGEST, "userId: HMAC");
  assert.equal(sTrack.context.ip, "203.0.113.0");
  assert.equal(sTrack.properties.ip6, "2001:db8:85a3::");
  assert.equal(sTrack.context.page.url, `http://www.shop.test:${env.port}/shop.html?utm_source=news&utm_campaign=spring`);
  assert.equal(sTrack.context.page.search, undefined, "context.page.search dropped");
  assert.deepEqual(sTrack.context.campaign, { source: "news", name: "spring" }, "campaign (from utm_*) kept");
  assert.equal(sTrack.properties.card, "[card]");
  assert.equal(sTrack.properties.plan, "annual");
  assert.equal(sTrack.writeKey, "seg_write_key");
  const [sIdentify] = named("segment.test", "identify");
  assert.equal(sIdentify.traits.email, EMAIL_DIGEST);
  assert.equal(sIdentify.userId, USER_DIGEST);
  assert.ok(named("segment.test", "page").length > 0, "the page call arrived too");

  // posthog-js's beacon transport (what it uses while the page unloads): gzip bytes via sendBeacon.
  await page.evaluate(({ email }) => /** @type {any} */ (window).__clients.posthog.capture("leaving", { email }, { transport: "sendBeacon" }), { email: PII.email });
  assert.ok(await eventually(() => named("posthog.test", "leaving").length, { timeout: 5000 }), "the beacon arrived");
  const beacon = receivedBy("posthog.test").find((r) => r.events.some((e) => e.event === "leaving"));
  assert.ok(beacon.encoding.startsWith("gzip+"), `the beacon was gzip: ${beacon.encoding}`);
  assert.equal(named("posthog.test", "leaving")[0].properties.email, EMAIL_DIGEST);
  assert.deepEqual(leaks(env.collected()), [], "no raw PII in the beacon either");

  // Leaving: posthog-js sends $pageleave while the page unloads, minimized like the rest.
  const pageleave = await leave(page);
  assert.ok(pageleave, "$pageleave arrived");
  assert.equal(pageleave.properties.distinct_id, USER_DIGEST);
  assert.equal(pageleave.properties.$current_url, `http://www.shop.test:${env.port}/shop.html?utm_source=news&utm_campaign=spring`);
  assert.deepEqual(leaks(env.collected()), []);

  assert.deepEqual(outside, [], "no request left 127.0.0.1");
}, { timeout: 60_000 });

env.test("denied (policy \"drop\"): the adapters drop every event, nothing reaches posthog.test or segment.test", async ({ page, context, logs }) => {
  const outside = await guardOffline(context);
  await openShop(page, shopPage({ port: env.port }));
  await page.click(btn("reject-all"));
  await page.evaluate(sendEvents, { pii: PII, userId: USER_ID });
  await settle(page, 1500);
  assert.deepEqual(env.requestsTo("posthog.test"), [], `no request reached posthog.test: ${JSON.stringify(env.collected().map((r) => [r.path, r.encoding, r.events]))}`);
  assert.deepEqual(env.requestsTo("segment.test"), [], "no request reached segment.test");
  assert.deepEqual(receivedBy("posthog.test").concat(receivedBy("segment.test")), []);
  // Dropped in the clients, not stopped on the wire: the network layer had nothing to block.
  assert.deepEqual(logs.filter((l) => /blocked a request/.test(l.text)).map((l) => l.text), [], "nothing left for the network layer to block");
  assert.deepEqual(outside, []);
});

env.test("denied with an anonymous policy: posthog-js events arrive without identifiers; Segment (\"drop\") gets nothing", async ({ page, context }) => {
  const outside = await guardOffline(context);
  const cfg = config();
  const anonymous = {
    fields: {
      email: "drop", distinct_id: "drop", $user_id: "drop", $anon_distinct_id: "drop", $device_id: "drop",
      $set: "drop", $set_once: "drop", "properties.$ip": "drop", ip: "drop", ip6: "drop",
      "properties.$current_url": { action: "url", keep: ["utm_*"] },
    },
  };
  cfg.vendors[0].minimize.denied = anonymous;
  await openShop(page, shopPage({ port: env.port, cfg }));
  await page.click(btn("reject-all"));
  await page.evaluate(sendEvents, { pii: PII, userId: USER_ID });
  assert.ok(await eventually(() => named("posthog.test", "checkout").length, { timeout: 10_000 }), "posthog-js sent the anonymous event");
  await settle(page, 800);
  const [checkout] = named("posthog.test", "checkout");
  for (const k of ["email", "distinct_id", "$user_id", "$device_id", "$ip", "ip", "ip6"]) assert.equal(checkout.properties[k], undefined, `${k} dropped`);
  assert.equal(checkout.$set, undefined);
  assert.equal(checkout.properties.plan, "annual");
  assert.equal(checkout.properties.card, "[card]", "the detectors still run");
  assert.deepEqual(leaks(env.collected()), []);
  assert.ok(await leave(page), "$pageleave arrived");
  assert.deepEqual(leaks(env.collected()), []);
  assert.ok(!strings(env.collected()).some((s) => s.includes(EMAIL_DIGEST) || s.includes(USER_DIGEST)), "not even pseudonymous identifiers");
  assert.deepEqual(env.requestsTo("segment.test"), [], "nothing for Segment");
  assert.deepEqual(outside, []);
});

env.test("feature flags on: posthog-js's /flags/ (person properties before_send never sees) is minimized on the wire despite the adapter, before and after consent", async ({ page, context }) => {
  const outside = await guardOffline(context);
  const cfg = config({ denied: { mode: "allow", fields: { event: "keep" } } });
  cfg.vendors[0].paths.push("/flags/*", "/decide/*");
  await openShop(page, shopPage({ port: env.port, cfg, posthogOptions: { advanced_disable_flags: false } }));
  // Undecided: identify puts the email and phone in the person properties /flags/ carries.
  await page.evaluate(sendEvents, { pii: PII, userId: USER_ID });
  await page.evaluate(() => /** @type {any} */ (window).__clients.posthog.reloadFeatureFlags());
  const flags = () => receivedBy("posthog.test").filter((r) => r.path.startsWith("/flags/"));
  assert.ok(await eventually(() => flags().length, { timeout: 10_000 }), `posthog-js asked for flags: ${JSON.stringify(env.collected().map((r) => [r.path, r.encoding]))}`);
  await settle(page, 500);
  const before = flags();
  assert.deepEqual(leaks(before), [], "no raw PII in /flags/ before consent");
  // The denied policy allows `event` only: the form field `data` is not it, so the body is emptied.
  assert.ok(before.every((r) => r.body === null || r.body.person_properties === undefined), `denied policy applied on the wire: ${JSON.stringify(before.map((r) => [r.path, r.encoding, r.body]))}`);
  await page.click(btn("accept-all"));
  const n = flags().length;
  await page.evaluate(({ email }) => {
    const { posthog } = /** @type {any} */ (window).__clients;
    posthog.setPersonProperties({ email });
    posthog.reloadFeatureFlags();
  }, { email: PII.email });
  assert.ok(await eventually(() => flags().length > n, { timeout: 10_000 }), "a /flags/ request after consent");
  await settle(page, 500);
  const after = flags().slice(n);
  assert.deepEqual(leaks(after), [], "no raw PII in /flags/ after consent");
  assert.ok(after.some((r) => r.body?.person_properties?.email === EMAIL_DIGEST), `the person's email arrives as its digest: ${JSON.stringify(after.map((r) => r.body?.person_properties))}`);
  assert.ok(after.every((r) => r.body?.distinct_id === USER_DIGEST), "distinct_id pseudonymized");
  assert.deepEqual(leaks(env.collected()), []);
  assert.ok(await leave(page), "$pageleave arrived");
  assert.equal(named("posthog.test", "$pageleave")[0].properties.distinct_id, USER_DIGEST, "an event: HMAC once (the adapter's), not again on the wire");
  assert.deepEqual(leaks(env.collected()), []);
  assert.deepEqual(outside, []);
}, { timeout: 60_000 });

env.test("undecided, then granted: events before consent are dropped, events after arrive minimized", async ({ page, context }) => {
  const outside = await guardOffline(context);
  await openShop(page, shopPage({ port: env.port, posthogOptions: { capture_pageview: true } }));
  assert.ok(await page.isVisible(BANNER));
  await page.evaluate(() => {
    const { posthog, analytics } = /** @type {any} */ (window).__clients;
    posthog.capture("before-consent", { email: "early@example.com" });
    analytics.track("before-consent", { email: "early@example.com" });
  });
  await settle(page, 800);
  assert.deepEqual(receivedBy("posthog.test").concat(receivedBy("segment.test")), [], "nothing before consent");
  await page.click(btn("accept-all"));
  await page.evaluate(() => {
    const { posthog, analytics } = /** @type {any} */ (window).__clients;
    posthog.capture("after-consent", { email: "later@example.com" });
    analytics.track("after-consent", { email: "later@example.com" });
  });
  assert.ok(await eventually(() => named("posthog.test", "after-consent").length && named("segment.test", "after-consent").length, { timeout: 10_000 }));
  await settle(page, 500);
  assert.deepEqual(named("posthog.test", "before-consent"), []);
  assert.deepEqual(named("segment.test", "before-consent"), []);
  assert.deepEqual(named("posthog.test", "$pageview"), [], "the page view captured while undecided was dropped");
  assert.equal(named("posthog.test", "after-consent")[0].properties.email, sha256("later@example.com"));
  assert.equal(named("segment.test", "after-consent")[0].properties.email, sha256("later@example.com"));
  assert.ok(await leave(page), "$pageleave arrived");
  assert.deepEqual(leaks(env.collected()), []);
  assert.deepEqual(outside, []);
});

env.test("the SDK cannot start (wasm blocked): the adapters fail closed, nothing reaches either client's host", async ({ page, context }) => {
  const outside = await guardOffline(context);
  await page.route("**/*.wasm", (route) => route.abort());
  await openShop(page, shopPage({ port: env.port }));
  assert.equal(await page.evaluate(() => window.consentSieve.failed), true);
  await page.evaluate(sendEvents, { pii: PII, userId: USER_ID });
  await settle(page, 1500);
  assert.deepEqual(env.requestsTo("posthog.test"), [], `received: ${JSON.stringify(env.collected().map((r) => [r.path, r.encoding, r.events]))}`);
  assert.deepEqual(env.requestsTo("segment.test"), []);
  assert.deepEqual(outside, []);
}, { allowErrors: true });

env.test("without the adapters: posthog-js's gzip body and analytics-next's JSON batch are read and minimized on the wire", async ({ page, context }) => {
  const outside = await guardOffline(context);
  await openShop(page, shopPage({ port: env.port, adapters: false }));
  await page.click(btn("accept-all"));
  await page.evaluate(sendEvents, { pii: PII, userId: USER_ID });
  assert.ok(await eventually(() => named("segment.test", "checkout").length && named("posthog.test", "checkout").length, { timeout: 10_000 }),
    `both batches arrived: ${JSON.stringify(env.collected().map((r) => [r.host, r.path, r.encoding]))}`);
  await settle(page, 1500);

  // The network layer inflated PostHog's gzip body, minimized each event and compressed it again: the
  // collector (gunzipping as PostHog's ingestion does) finds digests, never the raw values.
  const ph = receivedBy("posthog.test").filter((r) => r.events.some((e) => e.event === "checkout"));
  assert.ok(ph.some((r) => r.encoding.includes("gzip")), `posthog-js still sent gzip: ${ph.map((r) => r.encoding)}`);
  assert.deepEqual(leaks(env.collected()), [], "no raw personal data in either client's body");
  const [phCheckout] = named("posthog.test", "checkout");
  assert.equal(phCheckout.properties.email, EMAIL_DIGEST);
  const [sTrack] = named("segment.test", "checkout");
  assert.equal(sTrack.properties.email, EMAIL_DIGEST);
  assert.equal(sTrack.userId, USER_DIGEST);
  assert.deepEqual(outside, []);
}, { allowErrors: true });
