// Network interception for minimization destinations: early.js reads what a tag sends with
// fetch, navigator.sendBeacon, XMLHttpRequest and image pixels and hands it to the core, which blocks it
// or rewrites it. Hand-written tags send to a local raw collector (one per test file, on vendor hosts
// such as stats.test, mapped to 127.0.0.1), and the tests assert on the bytes that arrived.
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { createServer } from "node:http";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { ready, settle, useBrowser, decodeForm } from "./helpers.mjs";
import { html } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });

// ---- the collector: every request to it, with the raw body -------------------------------------------
/** @type {{ host: string, method: string, path: string, search: string, query: Record<string, string>, type: string, body: string }[]} */
const hits = [];
/** @type {import("node:http").Server} */
let collector;
let CP = 0;
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
before(async () => {
  collector = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url || "/", "http://x");
      const cors = { "Access-Control-Allow-Origin": req.headers.origin || "*", "Access-Control-Allow-Credentials": "true", "Cache-Control": "no-store" };
      if (req.method === "OPTIONS") {
        res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] || "content-type" });
        return res.end();
      }
      hits.push({
        host: String(req.headers.host).replace(/:\d+$/, ""),
        method: String(req.method),
        path: url.pathname,
        search: url.search,
        query: Object.fromEntries(url.searchParams),
        type: String(req.headers["content-type"] ?? ""),
        body: Buffer.concat(chunks).toString("latin1"),
      });
      if (url.pathname.endsWith(".gif")) {
        res.writeHead(200, { ...cors, "Content-Type": "image/gif" });
        return res.end(GIF);
      }
      res.writeHead(204, cors);
      res.end();
    });
  });
  await new Promise((ok) => collector.listen(0, "127.0.0.1", ok));
  CP = /** @type {import("node:net").AddressInfo} */ (collector.address()).port;
});
after(() => new Promise((ok) => { collector.closeAllConnections?.(); collector.close(() => ok(undefined)); }));

/** Waits until the collector heard `n` requests (or 3 s passed), then a little longer for strays. */
async function heard(page, n) {
  for (let i = 0; i < 150 && hits.length < n; i++) await page.waitForTimeout(20);
  await page.waitForTimeout(200);
  return hits.slice();
}
const at = (host, path = "/collect") => `http://${host}:${CP}${path}`;

// ---- the early layer on its own: a recording hook stands in for the core --------------------------------
const fakeConfig = () => ({
  policyVersion: "1",
  purposes: [{ id: "necessary", required: true, label: "Necessary" }, { id: "analytics", label: "Analytics" }],
  vendors: [
    { id: "dest", name: "Dest", purposes: ["analytics"], hosts: ["dest.test"], minimize: { fields: { email: "hash" } } },
    { id: "plain", name: "Plain", purposes: ["analytics"], hosts: ["plain.test"] },
  ],
});

/** A page with early.js only (no facade): the test registers a hook itself. */
const earlyOnly = () =>
  html({ config: fakeConfig(), body: "" }).replace(/<script type="module" src="[^"]*auto\.js"><\/script>/, "");

/**
 * Registers a hook that records its calls in window.__calls and answers like the core would:
 * "x@y.z" → "[email]" in the URL and body; opaque → block; plain.test → [] (not a destination).
 */
const registerFake = (page, grantPlain = true) =>
  page.evaluate((grantPlain) => {
    window.__calls = [];
    window.__consentSieveEarly.register({
      allow: (url) => !url.includes("plain.test") || grantPlain,
      vendor: (url) => (url.includes("plain.test") ? "plain" : url.includes("dest.test") ? "dest" : undefined),
      release() {},
      vendors: [],
      request(url, body, opaque) {
        window.__calls.push([url, body instanceof Uint8Array ? [...body] : body, opaque]);
        if (!url.includes("dest.test")) return [];
        if (opaque || body instanceof Uint8Array) return ["block", "dest", "cannot read the body"];
        const clean = (s) => s.replace(/x(@|%40)y\.z/g, "[email]");
        return ["send", clean(url), body == null ? undefined : clean(body)];
      },
    });
  }, grantPlain);

env.test("early layer: each body type reaches the hook as text, and the rewritten request keeps its method, type and headers", async ({ page, logs }) => {
  hits.length = 0;
  env.page("/early.html", earlyOnly());
  await page.goto(`${env.url}/early.html`);
  await registerFake(page);
  const out = await page.evaluate(async (base) => {
    const u = (via) => `${base}?via=${via}&email=x@y.z`;
    const r = {};
    const f = (via, init) => fetch(u(via), init).then((x) => x.status, (e) => e.name);
    r.string = await f("string", { method: "POST", body: '{"email":"x@y.z"}', headers: { "Content-Type": "application/json", "X-Tag": "1" } });
    r.params = await f("params", { method: "POST", body: new URLSearchParams({ email: "x@y.z", a: "1" }) });
    r.buffer = await f("buffer", { method: "POST", body: new TextEncoder().encode("email=x@y.z") });
    r.blob = await f("blob", { method: "POST", body: new Blob(['{"email":"x@y.z"}'], { type: "application/json" }) });
    const fd = new FormData();
    fd.append("email", "x@y.z");
    r.formdata = await f("formdata", { method: "POST", body: fd });
    r.request = await fetch(new Request(u("request"), { method: "POST", body: '{"email":"x@y.z"}', headers: { "Content-Type": "application/json" }, keepalive: true })).then((x) => x.status, (e) => e.name);
    r.get = await f("get");
    r.beacon = navigator.sendBeacon(u("beacon"), "email=x@y.z");
    r.beaconBlob = navigator.sendBeacon(u("beaconBlob"), new Blob(["email=x@y.z"], { type: "text/plain" }));
    r.xhr = await new Promise((done) => {
      const x = new XMLHttpRequest();
      x.open("POST", u("xhr"));
      x.setRequestHeader("Content-Type", "application/json");
      x.setRequestHeader("X-Tag", "2");
      x.onload = () => done(x.status);
      x.onerror = () => done("error");
      x.send('{"email":"x@y.z"}');
    });
    r.img = await new Promise((done) => {
      const i = new Image();
      i.onload = () => done(i.getAttribute("src"));
      i.onerror = () => done("error");
      i.src = u("img").replace("/collect", "/p.gif");
    });
    const el = document.createElement("img");
    el.setAttribute("src", u("imgAttr").replace("/collect", "/p.gif"));
    document.body.append(el);
    r.imgAttr = el.getAttribute("src");
    return r;
  }, at("dest.test"));
  assert.deepEqual(out, {
    string: 204, params: 204, buffer: 204, blob: 204, formdata: 204, request: 204, get: 204, beacon: true, beaconBlob: true, xhr: 204,
    img: at("dest.test", "/p.gif") + "?via=img&email=[email]", imgAttr: at("dest.test", "/p.gif") + "?via=imgAttr&email=[email]",
  });
  const got = await heard(page, 12);
  const by = Object.fromEntries(got.map((h) => [h.query.via, h]));
  assert.deepEqual(Object.keys(by).sort(), ["beacon", "beaconBlob", "blob", "buffer", "formdata", "get", "img", "imgAttr", "params", "request", "string", "xhr"]);
  for (const h of got) {
    assert.equal(h.query.email, "[email]", `${h.query.via}: the URL was rewritten`);
    assert.ok(!h.body.includes("x@y.z") && !h.search.includes("x@y.z") && !h.search.includes("x%40y.z"), `${h.query.via}: no raw email`);
  }
  assert.equal(by.string.body, '{"email":"[email]"}');
  assert.match(by.string.type, /^application\/json/);
  assert.equal(by.params.body, "email=%5Bemail%5D&a=1");
  assert.match(by.params.type, /^application\/x-www-form-urlencoded/, "URLSearchParams stays form-encoded");
  assert.equal(by.buffer.body, "email=[email]");
  assert.equal(by.buffer.type, "", "bytes stay without a type");
  assert.equal(by.blob.body, '{"email":"[email]"}');
  assert.equal(by.blob.type, "application/json", "a Blob keeps its type");
  assert.equal(by.formdata.body, "email=%5Bemail%5D");
  assert.match(by.formdata.type, /^application\/x-www-form-urlencoded/, "FormData of strings is sent form-encoded");
  assert.equal(by.request.body, '{"email":"[email]"}');
  assert.match(by.request.type, /^application\/json/, "a Request keeps its headers");
  assert.equal(by.get.method, "GET");
  assert.equal(by.get.body, "");
  assert.equal(by.beacon.body, "email=[email]");
  assert.equal(by.beaconBlob.body, "email=[email]");
  assert.equal(by.beaconBlob.type, "text/plain");
  assert.equal(by.xhr.body, '{"email":"[email]"}');
  assert.match(by.xhr.type, /^application\/json/, "XHR headers are set again after the new open()");
  // What the hook saw: absolute URLs and the body as text.
  const calls = await page.evaluate(() => window.__calls);
  const seen = Object.fromEntries(calls.map(([u, b, o]) => [new URL(u).searchParams.get("via"), [b, o]]));
  assert.deepEqual(seen, {
    string: ['{"email":"x@y.z"}', false],
    params: ["email=x%40y.z&a=1", false],
    buffer: ["email=x@y.z", false],
    blob: ['{"email":"x@y.z"}', false],
    formdata: ["email=x%40y.z", false],
    request: ['{"email":"x@y.z"}', false],
    get: [null, false],
    beacon: ["email=x@y.z", false],
    beaconBlob: ["email=x@y.z", false],
    xhr: ['{"email":"x@y.z"}', false],
    img: [null, false],
    imgAttr: [null, false],
  });
  assert.deepEqual(logs.filter((l) => l.type === "warning"), []);
});

env.test("early layer: bytes that are not UTF-8 reach the hook as a Uint8Array (a stream read fully), FormData with files as opaque; other hosts are judged as before, their bodies unread", async ({ page, logs }) => {
  hits.length = 0;
  env.page("/early.html", earlyOnly());
  await page.goto(`${env.url}/early.html`);
  await registerFake(page);
  const out = await page.evaluate(async ([dest, plain]) => {
    const gz = new Uint8Array([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0xff, 0xfe, 0x80]);
    const f = (url, init) => fetch(url, init).then((x) => x.status, (e) => e.name);
    const fd = new FormData();
    fd.append("file", new Blob([gz]), "f.bin");
    const xhr = await new Promise((done) => {
      const x = new XMLHttpRequest();
      x.open("POST", dest + "?via=xhr");
      x.onload = () => done(x.status);
      x.onerror = () => done("error");
      x.send(gz);
    });
    return {
      gzip: await f(dest + "?via=gzip", { method: "POST", body: gz }),
      blob: await f(dest + "?via=blob", { method: "POST", body: new Blob([gz]) }),
      file: await f(dest + "?via=file", { method: "POST", body: fd }),
      stream: await f(dest + "?via=stream", { method: "POST", body: new Blob([gz]).stream(), duplex: "half" }),
      beacon: navigator.sendBeacon(dest + "?via=beacon", gz),
      xhr,
      plain: await f(plain + "?via=plain", { method: "POST", body: gz }),
    };
  }, [at("dest.test"), at("plain.test")]);
  assert.deepEqual(out, { gzip: "TypeError", blob: "TypeError", file: "TypeError", stream: "TypeError", beacon: false, xhr: "error", plain: 204 });
  const got = await heard(page, 1);
  assert.deepEqual(got.map((h) => h.host + " " + h.query.via), ["plain.test plain"], "only the request to a host that is no destination left");
  const calls = await page.evaluate(() => window.__calls);
  const gz = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0xff, 0xfe, 0x80];
  assert.deepEqual(Object.fromEntries(calls.map(([u, b, o]) => [new URL(u).searchParams.get("via"), [b, o]])), {
    xhr: [gz, false], gzip: [gz, false], blob: [gz, false], file: [null, true], stream: [gz, false], beacon: [gz, false],
  }, "the hook saw only the destination's bodies: their bytes, or opaque for a file");
  const warnings = logs.filter((l) => l.type === "warning").map((l) => l.text);
  assert.deepEqual(warnings, [`consent-sieve: blocked a request to vendor "dest" (cannot read the body): http://dest.test:${CP}`]);
});

/** Sends one request of each kind to `base` (tag `t`); resolves with what the page saw once all settled. */
const SEND_ALL = `window.__sendAll = function (base, t) {
  var u = function (via) { return base + "?t=" + t + "&via=" + via + "&email=x@y.z"; };
  var seen = {};
  var f = fetch(u("fetch"), { method: "POST", body: '{"email":"x@y.z"}' }).then(function (r) { seen.fetch = r.status; }, function (e) { seen.fetch = e.name; });
  seen.beacon = navigator.sendBeacon(u("beacon"), "email=x@y.z");
  var i = new Image();
  i.src = u("img").replace("/collect", "/p.gif");
  var x = new XMLHttpRequest();
  var xhr = new Promise(function (done) {
    x.onload = function () { seen.xhr = x.status; done(); };
    x.onerror = function () { seen.xhr = "error"; done(); };
  });
  x.open("POST", u("xhr"));
  x.send('{"email":"x@y.z"}');
  window.__seen = Promise.all([f, xhr]).then(function () { seen.img = i.getAttribute("src"); return seen; });
};`;

env.test("early layer: requests to a destination before the hook is registered are held, then leave rewritten; other vendors stay blocked", async ({ page, logs }) => {
  hits.length = 0;
  env.page("/early.html", earlyOnly().replace("</head>", `<script>${SEND_ALL}</script></head>`));
  await page.goto(`${env.url}/early.html`);
  await page.evaluate(([dest, plain]) => {
    __sendAll(dest, "early");
    window.__plain = fetch(plain + "?via=plain").then((r) => r.status, (e) => e.name);
    // Held, then given up by the page: aborted, and opened again for another request.
    const a = new XMLHttpRequest();
    a.open("POST", dest + "?via=aborted");
    a.send("email=x@y.z");
    a.abort();
    const b = new XMLHttpRequest();
    b.open("POST", dest + "?via=reopened-first");
    b.send("email=x@y.z");
    b.open("POST", dest + "?via=reopened-second");
    b.send("email=x@y.z");
    // Aborted while held, then sent again (still opened): leaves once, judged like any other.
    const c = new XMLHttpRequest();
    c.open("POST", dest + "?via=resent");
    c.send("email=x@y.z");
    c.abort();
    c.setRequestHeader("Content-Type", "text/plain");
    c.send("email=x@y.z");
  }, [at("dest.test"), at("plain.test")]);
  await page.waitForTimeout(300);
  assert.deepEqual(hits, [], "nothing left before the hook was registered");
  assert.equal(await page.evaluate(() => window.__plain), "TypeError", "a vendor without a policy is blocked at once, as before");
  await registerFake(page);
  const seen = await page.evaluate(() => window.__seen);
  assert.deepEqual(seen, { fetch: 204, beacon: true, xhr: 204, img: at("dest.test", "/p.gif") + "?t=early&via=img&email=[email]" });
  const got = await heard(page, 6);
  assert.deepEqual(got.map((h) => h.query.via).sort(), ["beacon", "fetch", "img", "reopened-second", "resent", "xhr"], "not the aborted XHR, nor the first request of the one opened again");
  for (const h of got) assert.ok(!(h.search + h.body).includes("x@y.z") && (h.query.email ?? "[email]") === "[email]", `${h.query.via} left minimized`);
  assert.deepEqual(logs.filter((l) => l.type === "warning").map((l) => l.text), [`consent-sieve: blocked a request to vendor "plain" (not granted): http://plain.test:${CP}`]);
});

env.test("early layer: held requests are dropped when the facade calls fail(); later ones are blocked at once", async ({ page }) => {
  hits.length = 0;
  env.page("/early.html", earlyOnly().replace("</head>", `<script>${SEND_ALL}</script></head>`));
  await page.goto(`${env.url}/early.html`);
  await page.evaluate((dest) => __sendAll(dest, "held"), at("dest.test"));
  await page.waitForTimeout(100);
  await page.evaluate(() => window.__consentSieveEarly.fail());
  assert.deepEqual(await page.evaluate(() => window.__seen), { fetch: "TypeError", beacon: true, xhr: "error", img: null });
  await page.evaluate((dest) => __sendAll(dest, "after"), at("dest.test"));
  assert.deepEqual(await page.evaluate(() => window.__seen), { fetch: "TypeError", beacon: false, xhr: "error", img: null });
  await settle(page);
  assert.deepEqual(hits, [], "nothing reached the destination");
});

env.test("early layer: at most 50 requests are held; beyond that they fail at once", async ({ page }) => {
  hits.length = 0;
  env.page("/early.html", earlyOnly());
  await page.goto(`${env.url}/early.html`);
  const early = await page.evaluate((dest) => {
    window.__all = [];
    for (let i = 0; i < 52; i++) window.__all.push(fetch(`${dest}?n=${i}&email=x@y.z`).then((r) => r.status, (e) => e.name));
    return Promise.race([Promise.all(window.__all.slice(50)), new Promise((r) => setTimeout(() => r("pending"), 200))]);
  }, at("dest.test"));
  assert.deepEqual(early, ["TypeError", "TypeError"], "the 51st and 52nd failed at once");
  await registerFake(page);
  const all = await page.evaluate(() => Promise.all(window.__all));
  assert.deepEqual(all.slice(0, 50), Array(50).fill(204));
  const got = await heard(page, 50);
  assert.equal(got.length, 50);
  assert.ok(got.every((h) => h.query.email === "[email]"));
});

env.test("early layer: without a facade, held requests are dropped after 10 s", async ({ page }) => {
  hits.length = 0;
  env.page("/early.html", earlyOnly().replace("</head>", `<script>${SEND_ALL}</script></head>`));
  await page.goto(`${env.url}/early.html`);
  const t0 = Date.now();
  await page.evaluate((dest) => __sendAll(dest, "never"), at("dest.test"));
  assert.deepEqual(await page.evaluate(() => window.__seen), { fetch: "TypeError", beacon: true, xhr: "error", img: null });
  const waited = Date.now() - t0;
  assert.ok(waited > 9000 && waited < 13000, `dropped after about 10 s (${waited} ms)`);
  await settle(page);
  assert.deepEqual(hits, []);
}, { timeout: 30_000 });

env.test("early layer: a Blob beacon at page exit to a destination whose adapter minimized it in the page leaves at once (not read first)", async ({ page }) => {
  hits.length = 0;
  env.page("/early.html", earlyOnly());
  await page.goto(`${env.url}/early.html`);
  await page.evaluate((dest) => {
    // Like an adapter-trusted destination in the core: consent checked, the body sent as it is.
    window.__consentSieveEarly.register({ allow: () => true, vendor: () => "dest", release() {}, vendors: [], request: (url) => ["send", url] });
    addEventListener("pagehide", () => {
      navigator.sendBeacon(dest + "?via=pagehide", new Blob([new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3])], { type: "text/plain" }));
    });
  }, at("dest.test"));
  await page.goto("about:blank");
  const got = await heard(page, 1);
  assert.deepEqual(got.map((h) => [h.query.via, h.body.length]), [["pagehide", 7]], "the beacon left with its bytes unchanged");
});

// ---- the real SDK: hand-written tags sending personal data to four destinations ------------------------
const HASH_KEY = "intercept-test-secret-0123";
const EMAIL = "  Jane.Doe@Example.com ";
const PHONE = "+1 (415) 555-0100";
const IP = "203.0.113.77";
const UID = "user-42";
const NOTE = "call 415-555-0199 or mail jane@example.org, card 4111 1111 1111 1111, from 198.51.100.23";
const sha = (s) => createHash("sha256").update(s).digest("hex");
const DIGEST = {
  email: sha("jane.doe@example.com"), // google.email and meta.email: trimmed, lowercased
  googlePhone: sha("+14155550100"), // E.164
  metaPhone: sha("14155550100"), // digits with the country code
  uid: createHmac("sha256", HASH_KEY).update(UID).digest("hex"),
};

const realConfig = () => ({
  policyVersion: "1",
  hashKey: HASH_KEY,
  purposes: [
    { id: "necessary", required: true, label: "Necessary" },
    { id: "analytics", label: "Analytics" },
    { id: "marketing", label: "Marketing" },
  ],
  vendors: [
    { id: "stats", name: "Stats Co", purposes: ["analytics"], hosts: ["stats.test"], paths: ["/collect"], minimize: { fields: {
      email: { action: "hash", profile: "google.email" }, phone: { action: "hash", profile: "google.phone" }, ip: "truncate", user_id: "hmac" } } },
    { id: "ga4", name: "Google Analytics", purposes: ["analytics"], hosts: ["ga.test"], paths: ["/g/collect"], minimize: { fields: {
      "ep.email": { action: "hash", profile: "google.email" }, "ep.phone": { action: "hash", profile: "google.phone" }, dl: { action: "url", keep: ["utm_*"] } } } },
    { id: "pixel", name: "Pixel Co", purposes: ["marketing"], hosts: ["px.test"], minimize: { fields: {
      em: { action: "hash", profile: "meta.email" }, ph: { action: "hash", profile: "meta.phone" } } } },
    { id: "ads", name: "Ads Co", purposes: ["marketing"], hosts: ["ads.test"], minimize: { fields: { email: "hash" } } },
  ],
});

/**
 * The hand-written tags (an ordinary inline script, not gated): window.__tags.<name>() sends one
 * request, resolves with what the page saw. `?early` in the page URL sends fetch, beacon, pixel and XHR
 * at once, before the SDK is ready (window.__early: what the page saw of those).
 */
const TAGS = (port) => `<script>
(function () {
  var EMAIL = ${JSON.stringify(EMAIL)}, PHONE = ${JSON.stringify(PHONE)}, IP = ${JSON.stringify(IP)}, UID = ${JSON.stringify(UID)}, NOTE = ${JSON.stringify(NOTE)};
  var S = "http://stats.test:${port}/collect", G = "http://ga.test:${port}/g/collect", P = "http://px.test:${port}/tr.gif", A = "http://ads.test:${port}/collect";
  var e = encodeURIComponent;
  var event = function (via) { return { via: via, event: "signup", email: EMAIL, phone: PHONE, ip: IP, user_id: UID, properties: { note: NOTE, plan: "pro" } }; };
  var status = function (p) { return p.then(function (r) { return r.status; }, function (x) { return x.name; }); };
  var xhr = function (url, body, type) {
    return new Promise(function (done) {
      var x = new XMLHttpRequest();
      x.open("POST", url);
      x.setRequestHeader("Content-Type", type);
      x.onload = function () { done(x.status); };
      x.onerror = function () { done("error"); };
      x.send(body);
    });
  };
  var pixelUrl = function (via) { return P + "?via=" + via + "&id=123&ev=Lead&em=" + e(EMAIL) + "&ph=" + e(PHONE) + "&note=" + e(NOTE); };
  window.__tags = {
    fetchJson: function () {
      return status(fetch(S + "?via=fetch", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(event("fetch")), keepalive: true }));
    },
    beaconForm: function () {
      return navigator.sendBeacon(S + "?via=beacon", new URLSearchParams({ via: "beacon", event: "signup", email: EMAIL, phone: PHONE, ip: IP, user_id: UID, note: NOTE }));
    },
    xhrJson: function () { return xhr(S + "?via=xhr", JSON.stringify([event("xhr"), event("xhr")]), "application/json"); },
    pixel: function () { var i = new Image(); i.src = pixelUrl("pixel"); return i.getAttribute("src"); },
    img: function () {
      var i = document.createElement("img");
      i.setAttribute("src", pixelUrl("img"));
      i.alt = "";
      document.body.appendChild(i);
      return i.getAttribute("src");
    },
    // GA4 as gtag sends it: shared parameters in the query, one form-encoded event per line.
    ga4: function () {
      var line = function (en, extra) { return "en=" + en + "&ep.email=" + e(EMAIL) + "&ep.phone=" + e(PHONE) + "&_et=12" + (extra || ""); };
      var dl = "http://shop.test/checkout?email=" + e(EMAIL.trim()) + "&utm_source=news&phone=" + e(PHONE);
      return navigator.sendBeacon(G + "?v=2&tid=G-TEST123&cid=555.666&dl=" + e(dl) + "&dt=Checkout",
        [line("page_view"), line("add_to_cart", "&epn.value=12"), line("purchase", "&ep.note=" + e(NOTE))].join("\\n"));
    },
    ads: function () { return status(fetch(A + "?via=ads", { method: "POST", body: JSON.stringify({ email: EMAIL }) })); },
    unreadable: function () {
      var gz = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 7, 0, 0x86, 0xa6, 0x10, 0x36, 5, 0, 0, 0]);
      var noise = new Uint8Array(64);
      for (var i = 0; i < noise.length; i++) noise[i] = (i * 151 + 7) % 256;
      return Promise.all([
        status(fetch(S + "?via=gzip", { method: "POST", headers: { "Content-Encoding": "gzip" }, body: gz })),
        status(fetch(S + "?via=binary", { method: "POST", body: new Blob([noise]) })),
        status(fetch(S + "?via=broken-json", { method: "POST", body: '{"email": ' + JSON.stringify(EMAIL) })),
        xhr(S + "?via=xhr-binary", noise, "application/octet-stream"),
        Promise.resolve(navigator.sendBeacon(S + "?via=beacon-binary", noise)),
      ]);
    },
  };
  if (/[?&]early/.test(location.search)) {
    var seen = { beacon: __tags.beaconForm(), pixel: __tags.pixel() };
    window.__early = Promise.all([__tags.fetchJson(), __tags.xhrJson()]).then(function (r) { seen.fetch = r[0]; seen.xhr = r[1]; return seen; });
  }
})();
</script>`;

const shopPage = () => html({ config: realConfig(), head: TAGS(CP) });

/** Everything that reached the collector from `host`, by the tag's `via`. */
const from = (got, host) => got.filter((h) => h.host === host);

/** Zero raw emails, phone numbers, card numbers or full IPs in anything the collector received. */
function assertClean(got) {
  for (const h of got) {
    const text = [h.search, decodeForm(h.search), h.body, decodeForm(h.body)].join("\n");
    const where = `${h.host}${h.path}${h.search.slice(0, 20)}…`;
    assert.doesNotMatch(text, /[\w.+-]+@[\w-]+\.[\w.-]+/, `${where}: an email address arrived`);
    assert.doesNotMatch(text, /\(?415\)?[\s.-]*555[\s.-]*01\d\d/, `${where}: a phone number arrived`);
    assert.doesNotMatch(text, /4111[\s-]*1111[\s-]*1111[\s-]*1111/, `${where}: a card number arrived`);
    assert.doesNotMatch(text, /203\.0\.113\.77|198\.51\.100\.23/, `${where}: a full IP address arrived`);
  }
}

/** Opens the shop page (optionally `?early`), waits for the SDK, and grants `purposes`. */
async function openShop(page, purposes) {
  env.page("/shop.html", shopPage());
  await page.goto(`${env.url}/shop.html`);
  await ready(page);
  if (purposes) await page.evaluate((p) => window.consentSieve.update({ purposes: p }), purposes);
}

const runTags = (page, names) => page.evaluate(async (names) => {
  const out = {};
  for (const n of names) out[n] = await window.__tags[n]();
  return out;
}, names);

env.test("analytics granted, marketing refused: JSON, form, XHR and GA4 batches arrive minimized; nothing arrives for the marketing destinations", async ({ page, logs }) => {
  hits.length = 0;
  await openShop(page, { analytics: true, marketing: false });
  const seen = await runTags(page, ["fetchJson", "beaconForm", "xhrJson", "ga4", "pixel", "img", "ads"]);
  assert.deepEqual(seen, { fetchJson: 204, beaconForm: true, xhrJson: 204, ga4: true, pixel: null, img: null, ads: "TypeError" });
  const got = await heard(page, 4);
  assertClean(got);
  assert.deepEqual(from(got, "px.test"), [], "nothing reached the pixel (marketing refused)");
  assert.deepEqual(from(got, "ads.test"), [], "nothing reached the ad vendor (marketing refused)");
  const stats = Object.fromEntries(from(got, "stats.test").map((h) => [h.query.via, h]));
  assert.deepEqual(Object.keys(stats).sort(), ["beacon", "fetch", "xhr"]);

  // fetch: a JSON object; known fields hashed / truncated / HMAC'd, free text redacted by the detectors.
  const ev = JSON.parse(stats.fetch.body);
  assert.match(stats.fetch.type, /^application\/json/);
  assert.equal(ev.email, DIGEST.email);
  assert.equal(ev.phone, DIGEST.googlePhone);
  assert.equal(ev.user_id, DIGEST.uid);
  assert.equal(ev.ip, "203.0.113.0");
  assert.equal(ev.event, "signup");
  assert.equal(ev.properties.plan, "pro");
  for (const label of ["[phone]", "[email]", "[card]", "[ip]"]) assert.ok(ev.properties.note.includes(label), `note: ${ev.properties.note}`);

  // sendBeacon: a form body, still form-encoded.
  assert.match(stats.beacon.type, /^application\/x-www-form-urlencoded/);
  const form = new URLSearchParams(stats.beacon.body);
  assert.equal(form.get("email"), DIGEST.email);
  assert.equal(form.get("phone"), DIGEST.googlePhone);
  assert.equal(form.get("user_id"), DIGEST.uid);
  assert.equal(form.get("ip"), "203.0.113.0");
  assert.equal(form.get("event"), "signup");

  // XHR: a JSON array of events, each minimized.
  const batch = JSON.parse(stats.xhr.body);
  assert.equal(batch.length, 2);
  for (const e of batch) assert.deepEqual([e.email, e.phone, e.user_id, e.ip], [DIGEST.email, DIGEST.googlePhone, DIGEST.uid, "203.0.113.0"]);

  // GA4: the query (dl keeps only utm_*) and each of the three event lines.
  const [ga] = from(got, "ga.test");
  assert.equal(ga.path, "/g/collect");
  assert.deepEqual([ga.query.v, ga.query.tid, ga.query.cid, ga.query.dt], ["2", "G-TEST123", "555.666", "Checkout"]);
  assert.equal(ga.query.dl, "http://shop.test/checkout?utm_source=news");
  const lines = ga.body.split("\n").map((l) => new URLSearchParams(l));
  assert.deepEqual(lines.map((l) => l.get("en")), ["page_view", "add_to_cart", "purchase"]);
  for (const l of lines) {
    assert.equal(l.get("ep.email"), DIGEST.email);
    assert.equal(l.get("ep.phone"), DIGEST.googlePhone);
  }
  assert.equal(lines[1].get("epn.value"), "12");
  assert.ok(lines[2].get("ep.note").includes("[card]"));

  const warnings = logs.filter((l) => l.type === "warning").map((l) => l.text);
  assert.equal(warnings.filter((w) => w.includes('vendor "pixel"')).length, 1, `one warning for the pixel: ${warnings}`);
  assert.equal(warnings.filter((w) => w.includes('vendor "ads"')).length, 1, `one warning for the ad vendor: ${warnings}`);
});

env.test("Accept all: the pixel (new Image().src and <img>) and the ad vendor arrive with hashed identifiers", async ({ page }) => {
  hits.length = 0;
  await openShop(page, { analytics: true, marketing: true });
  const seen = await runTags(page, ["pixel", "img", "ads"]);
  assert.equal(seen.ads, 204);
  for (const k of ["pixel", "img"]) assert.ok(seen[k] && !seen[k].includes("Example.com"), `${k}: the src set is the minimized URL: ${seen[k]}`);
  const got = await heard(page, 3);
  assertClean(got);
  const px = Object.fromEntries(from(got, "px.test").map((h) => [h.query.via, h]));
  assert.deepEqual(Object.keys(px).sort(), ["img", "pixel"]);
  for (const h of Object.values(px)) {
    assert.equal(h.path, "/tr.gif");
    assert.deepEqual([h.query.id, h.query.ev, h.query.em, h.query.ph], ["123", "Lead", DIGEST.email, DIGEST.metaPhone]);
    assert.ok(h.query.note.includes("[email]") && h.query.note.includes("[card]"), h.query.note);
  }
  const [ads] = from(got, "ads.test");
  assert.equal(JSON.parse(ads.body).email, sha(EMAIL.trim().toLowerCase()), "the default profile: trimmed and lowercased");
});

env.test("a body that cannot be read (gzip, random binary, broken JSON) is blocked, with exactly one warning naming the destination", async ({ page, logs }) => {
  hits.length = 0;
  await openShop(page, { analytics: true, marketing: true });
  const seen = await runTags(page, ["unreadable"]);
  assert.deepEqual(seen.unreadable, ["TypeError", "TypeError", "TypeError", "error", false]);
  await settle(page);
  assert.deepEqual(hits.map((h) => h.query.via), [], "nothing arrived");
  const warnings = logs.filter((l) => l.type === "warning").map((l) => l.text);
  assert.equal(warnings.length, 1, `exactly one warning: ${warnings}`);
  assert.match(warnings[0], /vendor "stats"/);
  assert.match(warnings[0], /cannot read the body/);
});

env.test("Reject all: nothing arrives at any destination", async ({ page }) => {
  hits.length = 0;
  await openShop(page);
  await page.click('[data-consent-sieve="banner"] [data-action="reject-all"]');
  const seen = await runTags(page, ["fetchJson", "beaconForm", "xhrJson", "ga4", "pixel", "img", "ads"]);
  assert.deepEqual(seen, { fetchJson: "TypeError", beaconForm: false, xhrJson: "error", ga4: false, pixel: null, img: null, ads: "TypeError" });
  await settle(page);
  assert.deepEqual(hits, []);
});

/** Opens the shop page with `?early` holding the wasm back until the tags have sent; `wasm`: "abort" fails it. */
async function openEarly(page, wasm = "hold") {
  let release;
  const held = new Promise((r) => (release = r));
  await page.route("**/consent_sieve*_bg.wasm", async (route) => {
    await held;
    await (wasm === "abort" ? route.abort() : route.continue());
  });
  await page.goto(`${env.url}/shop.html?early`);
  await page.waitForFunction(() => window.__tags !== undefined);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.consentSieve), undefined, "the SDK is not ready yet");
  assert.deepEqual(hits, [], "nothing left while the SDK was loading");
  release();
  await ready(page);
}

env.test("requests sent before the SDK is ready are held, then leave minimized (a returning visitor who granted analytics)", async ({ page }) => {
  env.page("/shop.html", shopPage());
  await openShop(page, { analytics: true, marketing: false });
  hits.length = 0;
  await openEarly(page);
  assert.deepEqual(await page.evaluate(() => window.__early), { beacon: true, pixel: null, fetch: 204, xhr: 204 });
  const got = await heard(page, 3);
  assertClean(got);
  assert.deepEqual(from(got, "stats.test").map((h) => h.query.via).sort(), ["beacon", "fetch", "xhr"]);
  assert.deepEqual(from(got, "px.test"), [], "the pixel (marketing refused) was dropped");
  for (const h of from(got, "stats.test")) {
    const body = h.query.via === "beacon" ? Object.fromEntries(new URLSearchParams(h.body)) : [JSON.parse(h.body)].flat()[0];
    assert.equal(body.email, DIGEST.email, `${h.query.via}: hashed`);
  }
});

env.test("requests sent before the SDK is ready never leave when it cannot start", async ({ page }) => {
  env.page("/shop.html", shopPage());
  hits.length = 0;
  await openEarly(page, "abort");
  const early = await page.evaluate(() => window.__early);
  assert.deepEqual({ ...early, beacon: typeof early.beacon }, { beacon: "boolean", pixel: null, fetch: "TypeError", xhr: "error" });
  await settle(page);
  assert.deepEqual(hits, [], "nothing reached any destination");
}, { allowErrors: true, timeout: 30_000 });
