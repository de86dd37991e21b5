// Network interception for minimization destinations (issue 4): early.js reads what a tag sends with
// fetch, navigator.sendBeacon, XMLHttpRequest and image pixels and hands it to the core, which blocks it
// or rewrites it. Hand-written tags send to a local raw collector (one per test file, on vendor hosts
// such as stats.test, mapped to 127.0.0.1), and the tests assert on the bytes that arrived.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { settle, useBrowser } from "./helpers.mjs";
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
        window.__calls.push([url, body, opaque]);
        if (!url.includes("dest.test")) return [];
        if (opaque) return ["block", "dest", "cannot read the body"];
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

env.test("early layer: a body that is not text is blocked (one warning naming the destination); other hosts are judged as before, their bodies unread", async ({ page, logs }) => {
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
  assert.ok(calls.every(([u, b, o]) => u.includes("dest.test") && b === null && o === true), `the hook saw only the destination's opaque bodies: ${JSON.stringify(calls)}`);
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
  }, [at("dest.test"), at("plain.test")]);
  await page.waitForTimeout(300);
  assert.deepEqual(hits, [], "nothing left before the hook was registered");
  assert.equal(await page.evaluate(() => window.__plain), "TypeError", "a vendor without a policy is blocked at once, as before");
  await registerFake(page);
  const seen = await page.evaluate(() => window.__seen);
  assert.deepEqual(seen, { fetch: 204, beacon: true, xhr: 204, img: at("dest.test", "/p.gif") + "?t=early&via=img&email=[email]" });
  const got = await heard(page, 4);
  assert.deepEqual(got.map((h) => h.query.via).sort(), ["beacon", "fetch", "img", "xhr"]);
  for (const h of got) assert.ok(!(h.search + h.body).includes("x@y.z") && h.query.email === "[email]", `${h.query.via} left minimized`);
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
