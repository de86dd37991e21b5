// Hostile pages: a page that locked one of the browser APIs early.js wraps loses only that interception
// (one warning naming it), a Consent Mode dataLayer or gtag that misbehaves never stops a notification
// or the SDK, and a config whose getters or Proxy traps throw (or that has a __proto__ key) rejects init
// with a ConsentError at its path. Requests go to vendor hosts on the test server (stats.test → 127.0.0.1).
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { btn, ready, settle, useBrowser } from "./helpers.mjs";
import { baseConfig, html, record, tagUrl } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });

/** Sends one request of each kind to stats.test (not granted); resolves with what the page saw. */
const PROBE = (port) => `<script>
window.__probe = function () {
  var u = function (via) { return "http://stats.test:${port}/collect?via=" + via; };
  var seen = {};
  var f = fetch(u("fetch"), { method: "POST", body: "x" }).then(function (r) { seen.fetch = r.status; }, function (e) { seen.fetch = e.name; });
  seen.beacon = navigator.sendBeacon(u("beacon"), "x");
  var i = new Image();
  i.src = u("pixel");
  var x = new XMLHttpRequest();
  var xhr = new Promise(function (done) {
    x.onload = function () { seen.xhr = x.status; done(); };
    x.onerror = function () { seen.xhr = "error"; done(); };
  });
  x.open("POST", u("xhr"));
  x.send("x");
  var s = document.createElement("script");
  s.src = "${tagUrl(port, "stats.test", "script")}";
  document.head.appendChild(s);
  return Promise.all([f, xhr]).then(function () {
    seen.pixel = i.getAttribute("src");
    seen.script = s.getAttribute("type");
    return seen;
  });
};
</script>`;

/** What every probe sees when it is stopped. */
const STOPPED = { fetch: "TypeError", beacon: false, xhr: "error", pixel: null, script: "text/plain" };

/** A page script before early.js that locks one API (non-writable and non-configurable unless `configurable`). */
const LOCKS = {
  fetch: "Object.defineProperty(window, 'fetch', { value: window.fetch, writable: false, configurable: false });",
  beacon: "Object.defineProperty(navigator, 'sendBeacon', { value: navigator.sendBeacon.bind(navigator), writable: false, configurable: false });",
  xhr: "Object.defineProperty(XMLHttpRequest.prototype, 'send', { value: XMLHttpRequest.prototype.send, writable: false, configurable: false });",
  pixel: "var d = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src'); d.configurable = false; Object.defineProperty(HTMLImageElement.prototype, 'src', d);",
  script: "var d = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src'); d.configurable = false; Object.defineProperty(HTMLScriptElement.prototype, 'src', d);",
};
/** The warning for a lost interception, and what then gets through. */
const LOST = {
  fetch: ["fetch", { fetch: 204 }, ["fetch"]],
  beacon: ["sendBeacon", { beacon: true }, ["beacon"]],
  xhr: ["send", { xhr: 204 }, ["xhr"]],
  pixel: ["src", { pixel: null }, ["pixel"]],
  // Held anyway: appendChild checks every script it inserts.
  script: ["src", {}, []],
};

for (const [name, lock] of Object.entries(LOCKS)) {
  env.test(`a page that locked ${name} before early.js loses only that interception (one warning); every other request to a vendor host is stopped`, async ({ page, logs }) => {
    env.page("/locked.html", html({ pre: `<script>${lock}</script>${PROBE(env.port)}` }));
    await page.goto(`${env.url}/locked.html`);
    await ready(page);
    const seen = await page.evaluate(() => window.__probe());
    const [api, through, paths] = LOST[name];
    // A pixel whose src cannot be intercepted is set (the image loads); getAttribute still says so.
    const expected = { ...STOPPED, ...through };
    if (name === "pixel") expected.pixel = `http://stats.test:${env.port}/collect?via=pixel`;
    assert.deepEqual(seen, expected);
    await settle(page);
    assert.deepEqual(env.requestsTo("stats.test").map((r) => r.query.via).sort(), paths, "only the locked API's request reached the vendor");
    assert.deepEqual(await page.evaluate(() => window.__ran ?? []), [], "the vendor script did not run");
    const warnings = logs.filter((l) => l.type === "warning").map((l) => l.text);
    assert.ok(warnings.includes(`consent-sieve: cannot intercept ${api}`), `a warning names the lost interception: ${warnings}`);
  });
}

for (const [name, lock] of Object.entries({
  "made fetch non-writable": "Object.defineProperty(window, 'fetch', { value: window.fetch, writable: false, configurable: true });",
  "made fetch an accessor that ignores writes": "var f = window.fetch; Object.defineProperty(window, 'fetch', { get: function () { return f; }, set: function () {}, configurable: true });",
})) env.test(`a page that ${name} but left it configurable: fetch is intercepted anyway, no warning`, async ({ page, logs }) => {
  env.page("/locked.html", html({ pre: `<script>${lock}</script>${PROBE(env.port)}` }));
  await page.goto(`${env.url}/locked.html`);
  await ready(page);
  assert.deepEqual(await page.evaluate(() => window.__probe()), STOPPED);
  await settle(page);
  assert.deepEqual(env.requestsTo("stats.test"), []);
  assert.deepEqual(logs.filter((l) => l.type === "warning" && l.text.includes("cannot intercept")), []);
});

// ---- Consent Mode: the page's dataLayer and gtag -------------------------------------------------------
const CM_HOSTILE = {
  "a dataLayer that is not an array": "window.dataLayer = { note: 'not an array' };",
  "a number as dataLayer": "window.dataLayer = 5;",
  "a frozen dataLayer": "window.dataLayer = Object.freeze([]);",
  "a dataLayer whose push throws": "window.dataLayer = []; window.dataLayer.push = function () { throw new Error('push refused'); };",
  "a gtag that throws": "window.dataLayer = []; window.gtag = function () { throw new Error('gtag refused'); };",
};

for (const [name, pre] of Object.entries(CM_HOSTILE)) {
  env.test(`Consent Mode with ${name}: every change is notified, gated tags run, and a return visit restores the choice`, async ({ page, logs }) => {
    const config = { ...baseConfig(), consentMode: {} };
    env.page("/cm.html", html({
      config,
      pre: `<script>${pre}
window.__events = [];
document.addEventListener("consent-sieve:change", function (e) { __events.push(["event", e.detail.purposes.analytics]); });
document.addEventListener("consent-sieve:ready", function () { window.consentSieve.on("change", function (s) { __events.push(["on", s.purposes.analytics]); }); });
</script>`,
      head: `<script type="text/plain" data-consent="analytics">${record("analytics-inline")}</script>`,
    }));
    await page.goto(`${env.url}/cm.html`);
    await ready(page);
    assert.equal(await page.evaluate(() => window.consentSieve.failed), false, "the SDK started");
    await page.click(btn("accept-all"));
    await page.waitForFunction(() => window.__events.length >= 2);
    assert.deepEqual(await page.evaluate(() => window.__events), [["on", true], ["event", true]]);
    await page.waitForFunction(() => (window.__ran ?? []).includes("analytics-inline"));
    await page.evaluate(() => window.consentSieve.rejectAll());
    await page.waitForFunction(() => window.__events.length >= 4);
    assert.deepEqual((await page.evaluate(() => window.__events)).slice(2), [["on", false], ["event", false]]);
    await page.evaluate(() => window.consentSieve.acceptAll());
    // A return visit: the stored choice is pushed at load too.
    await page.reload();
    await ready(page);
    const after = await page.evaluate(() => ({ failed: window.consentSieve.failed, decided: window.consentSieve.state().decided, analytics: window.consentSieve.granted("analytics") }));
    assert.deepEqual(after, { failed: false, decided: true, analytics: true });
    await page.waitForFunction(() => (window.__ran ?? []).includes("analytics-inline"));
    const warnings = logs.filter((l) => l.type === "warning" && l.text.includes("Consent Mode"));
    assert.ok(warnings.length >= 1 && warnings.length <= 2, `one warning per page load: ${warnings.map((w) => w.text)}`);
  });
}

// The facade starts the core over three tasks (nextTask: a message on its own channel, or a timer): a
// page that broke either way of waiting for a task does not stall the start.
for (const [name, pre] of Object.entries({
  "setTimeout that never calls back": "window.setTimeout = function () { return 0; };",
  "MessagePort.postMessage that does nothing": "MessagePort.prototype.postMessage = function () {};",
  "MessageChannel that throws": "window.MessageChannel = function () { throw new Error('no channels'); };",
})) {
  env.test(`a page with ${name}: the SDK starts, and Accept all runs the gated tag`, async ({ page }) => {
    env.page("/tasks.html", html({
      pre: `<script>${pre}</script>`,
      head: `<script type="text/plain" data-consent="analytics">${record("analytics-inline")}</script>`,
    }));
    await page.goto(`${env.url}/tasks.html`);
    await ready(page);
    assert.equal(await page.evaluate(() => window.consentSieve.failed), false, "the SDK started");
    assert.deepEqual(await page.evaluate(() => window.__ran ?? []), []);
    await page.click(btn("accept-all"));
    await page.waitForFunction(() => (window.__ran ?? []).includes("analytics-inline"));
    assert.equal(await page.evaluate(() => window.consentSieve.granted("analytics")), true);
  });
}

// ---- config read from JS -------------------------------------------------------------------------------
/** A module page that calls init with the config `expr` builds (JS source) and records how init settled. */
const initPage = (expr) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>config</title><link rel="icon" href="data:,">
<script type="module">
import { init, ConsentError } from "/node_modules/consent-sieve/dist/index.js";
const base = ${JSON.stringify(baseConfig())};
let config;
try { config = (${expr})(base); } catch (e) { window.__settled = { built: String(e) }; }
if (config !== undefined) init(config).then(
  (cs) => (window.__settled = { resolved: true, failed: cs.failed }),
  (e) => (window.__settled = { consentError: e instanceof ConsentError, name: e?.name, code: e?.code, path: e?.path }),
);
</script></head><body><main><h1>config</h1></main></body></html>`;

const CONFIGS = {
  "a getter that throws in a vendor": ["(c) => { Object.defineProperty(c.vendors[1], 'name', { enumerable: true, get() { throw new Error('no'); } }); return c; }", "config.invalid_type", "vendors[1].name"],
  "a getter that throws at the top": ["(c) => { Object.defineProperty(c, 'purposes', { enumerable: true, get() { throw new Error('no'); } }); return c; }", "config.invalid_type", "purposes"],
  "a Proxy whose get trap throws": ["(c) => { c.vendors[2] = new Proxy(c.vendors[2], { get(t, k) { if (k === 'hosts') throw new Error('no'); return t[k]; } }); return c; }", "config.invalid_type", "vendors[2].hosts"],
  "a Proxy whose ownKeys trap throws": ["(c) => { c.texts = { en: new Proxy({}, { ownKeys() { throw new Error('no'); } }) }; return c; }", "config.invalid_type", "texts.en"],
  "a revoked Proxy as the config": ["(c) => { const p = Proxy.revocable(c, {}); p.revoke(); return p.proxy; }", "config.invalid_type", ""],
  "a __proto__ key at the top": ["(c) => JSON.parse(JSON.stringify(c).replace('{', '{\"__proto__\":{\"x\":1},'))", "config.unknown_field", "__proto__"],
  "a __proto__ key in a vendor": ["(c) => { const v = JSON.stringify(c.vendors[0]); c.vendors[0] = JSON.parse(v.replace('{', '{\"__proto__\":{\"hosts\":[\"x.test\"]},')); return c; }", "config.unknown_field", "vendors[0].__proto__"],
  "nesting deeper than 64 levels": ["(c) => { let o = {}; for (let i = 0; i < 5000; i++) o = { o }; c.texts = o; return c; }", "config.out_of_range", null],
};

for (const [name, [expr, code, path]] of Object.entries(CONFIGS)) {
  env.test(`config from JS with ${name}: init rejects with a ConsentError (${code}) at its path`, async ({ page }) => {
    env.page("/config.html", initPage(expr));
    await page.goto(`${env.url}/config.html`);
    await page.waitForFunction(() => window.__settled !== undefined);
    const settled = await page.evaluate(() => window.__settled);
    assert.equal(settled.consentError, true, `a ConsentError: ${JSON.stringify(settled)}`);
    assert.equal(settled.code, code);
    if (path !== null) assert.equal(settled.path, path);
    else assert.match(settled.path, /^texts(\.o)+$/);
  });
}
