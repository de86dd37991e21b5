// The first layer before the core (js/early.js `paint`): where the core will certainly show its banner
// (no record, no TCF/GPP, not blocking, not Global Privacy Control in opt-out mode), the early layer
// shows the same elements at once (from early.js when the stylesheet is already a <link> in <head>,
// else from the facade once its texts and stylesheet are there), before the wasm arrives. A click on
// it is queued, nothing is granted or stored until the core decides; when the core starts, its banner
// replaces the painted one in the same task, focus moves to its twin and a queued click becomes the
// core's own (its receipt says "banner"). When the core fails, the painted layer goes and nothing is
// granted. The wasm is held back by the test (page.route), so "before the core" is certain.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BANNER, CORE_WASM, PREFS, btn, holdRoute, holdWasm, ready, settle, stylesheets, useBrowser } from "./helpers.mjs";
import { baseConfig, record, tagUrl } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });
const WASM = CORE_WASM;
const EARLY = `${BANNER}[data-cs-early]`;
const CORE = `${BANNER}:not([data-cs-early])`;
const AUTO = "**/dist/auto.js";

/** The README's no-bundler page; `css`: the stylesheet as a <link> in <head> (early.js paints), else the facade adds it. */
const page = ({ config = baseConfig(), css = true, lang = "en", mode = "" } = {}) => `<!doctype html>
<html lang="${lang}"${mode ? ` data-consent-sieve-mode="${mode}"` : ""}><head><meta charset="utf-8"><title>first layer</title><link rel="icon" href="data:,">
<script type="application/json" id="consent-sieve-config">${JSON.stringify(config).replace(/</g, "\\u003c")}</script>
<script src="/node_modules/consent-sieve/dist/early.js"></script>
${css ? '<link rel="stylesheet" href="/node_modules/consent-sieve/dist/consent-sieve.css">' : ""}
<script type="module" src="/node_modules/consent-sieve/dist/auto.js"></script>
<script type="text/plain" data-consent="analytics">${record("analytics-inline")}</script>
<script type="text/plain" data-consent="analytics" data-src="${tagUrl(env.port, "stats.test", "stats-external")}"></script>
</head><body><main><h1>first layer</h1><p><button id="before">a button of the page</button></p></main></body></html>`;

/** The banner's markup without the early layer's mark (and with no `hidden`: a shown banner). */
const markup = (p, sel) => p.$eval(sel, (b) => {
  const c = /** @type {Element} */ (b.cloneNode(true));
  c.removeAttribute("data-cs-early");
  return c.outerHTML;
});

/** Opens `path` with the wasm held (and, `early`, the facade: only early.js can paint); resolves once the painted layer is visible. */
async function painted(p, path, html, early = false) {
  env.page(path, html);
  const wasm = await holdWasm(p);
  await p.unroute(AUTO);
  const facade = early ? await holdRoute(p, AUTO) : null;
  await p.goto(`${env.url}${path}`, { waitUntil: "commit" });
  await p.waitForSelector(`${EARLY}:not([hidden])`, { state: "visible" });
  assert.equal(await p.evaluate(() => typeof window.consentSieve), "undefined", "before the core");
  return { release: () => { facade?.release(); wasm.release(); } };
}

const CASES = {
  "English, from early.js (the stylesheet in <head>)": { html: () => page(), by: "early" },
  "a privacy policy link, opt-out mode, box layout and dark theme": { html: () => page({ config: { ...baseConfig(), mode: "opt-out", privacyPolicyUrl: "/privacy.html", ui: { layout: "box", theme: "dark" } } }), by: "early" },
  "opt-out by the page's mode hint": { html: () => page({ config: { ...baseConfig(), mode: "auto" }, mode: " OPT-OUT " }), by: "early" },
  "the site's own language (Finnish, partly translated)": { html: () => page({ config: { ...baseConfig(), language: "fi", texts: { fi: { bannerTitle: "Yksityisyytesi", acceptAll: "Hyväksy kaikki" } } }, lang: "fi" }), by: "early" },
  "a bundled language (German): painted by the facade once its texts are merged": { html: () => page({ lang: "de" }), by: "facade", context: { locale: "de-DE" } },
  "Hebrew (bundled, right to left), the stylesheet added by the facade": { html: () => page({ css: false, lang: "he" }), by: "facade", context: { locale: "he-IL" } },
};

for (const [name, c] of Object.entries(CASES)) {
  env.test(`first layer before the core, ${name}: the same markup as the core's banner, which replaces it`, async ({ page: p }) => {
    // Who paints it: early.js (the facade is held back too), or the facade once its texts are there.
    const wasm = await painted(p, "/first.html", c.html(), c.by === "early");
    const before = await markup(p, EARLY);
    assert.equal(await p.evaluate(() => document.querySelectorAll("[data-cs-early]").length), 1);
    assert.ok(await p.evaluate(() => document.body.firstElementChild.hasAttribute("data-cs-early")), "first in <body>");
    wasm.release();
    await ready(p);
    assert.equal(await p.evaluate(() => window.consentSieve.failed), false);
    assert.equal(await p.$$eval(BANNER, (l) => l.length), 1, "one banner: the core's");
    assert.equal(await p.$(EARLY), null, "the painted one is gone");
    assert.equal(await markup(p, CORE), before, "the painted banner is the core's, element for element");
    assert.ok(await p.isVisible(CORE));
  }, { context: c.context });
}

env.test("first layer before the core: the site's own copy of the stylesheet, marked data-consent-sieve-css, is the one early.js paints with and the facade uses", async ({ page: p }) => {
  const css = readFileSync(new URL("../../js/consent-sieve.css", import.meta.url), "utf8");
  await p.route("**/site/own.css", (r) => r.fulfill({ contentType: "text/css", body: css }));
  const html = page({ css: false }).replace("</head>", '<link rel="stylesheet" href="/site/own.css" data-consent-sieve-css></head>');
  const wasm = await painted(p, "/own.html", html, true);
  assert.equal(await p.$eval(EARLY, (b) => getComputedStyle(b).position), "fixed", "styled by the site's copy");
  wasm.release();
  await ready(p);
  assert.equal(await p.evaluate(() => window.consentSieve.failed), false);
  assert.deepEqual(await stylesheets(p), ["/site/own.css"], "the facade added no other");
});

env.test("first layer before the core: Accept all is queued (nothing stored, granted or run) and becomes the core's own click", async ({ page: p }) => {
  const wasm = await painted(p, "/first.html", page(), true);
  await p.click(`${EARLY} [data-action="accept-all"]`);
  assert.ok(await p.$eval(EARLY, (b) => b.hidden), "the painted banner hides at once");
  await p.waitForTimeout(200);
  assert.deepEqual(await p.evaluate(() => [localStorage.getItem("consent-sieve"), document.cookie, window.__ran ?? []]), [null, "", []], "nothing stored or run before the core");
  assert.deepEqual(env.requestsTo("stats.test"), [], "no vendor request");
  wasm.release();
  await ready(p);
  await p.waitForFunction(() => (window.__ran ?? []).includes("stats-external"));
  const s = await p.evaluate(() => window.consentSieve.state());
  assert.equal(s.decided, true);
  assert.equal(s.source, "banner", "the core's banner was clicked");
  assert.equal(s.purposes.analytics, true);
  assert.equal(await p.isVisible(CORE), false, "the core's banner closed");
  await settle(p, 200);
  assert.deepEqual(await p.evaluate(() => window.__ran), ["analytics-inline", "stats-external"], "each tag once");
  const receipts = await p.evaluate(() => window.consentSieve.receipts());
  assert.equal(receipts.length, 1);
});

env.test("first layer before the core: Reject all is queued and becomes the core's; Preferences opens the core's dialog", async ({ page: p }) => {
  let wasm = await painted(p, "/first.html", page());
  await p.click(`${EARLY} [data-action="reject-all"]`);
  wasm.release();
  await ready(p);
  await p.waitForFunction(() => window.consentSieve.state().decided);
  const s = await p.evaluate(() => window.consentSieve.state());
  assert.deepEqual([s.source, s.purposes.analytics, s.purposes.marketing], ["banner", false, false]);
  await settle(p, 200);
  assert.deepEqual(await p.evaluate(() => window.__ran ?? []), []);

  await p.evaluate(() => { localStorage.clear(); document.cookie = "consent_sieve=; Max-Age=0; Path=/"; });
  wasm = await painted(p, "/first.html", page());
  await p.click(`${EARLY} [data-action="preferences"]`);
  assert.equal(await p.$eval(EARLY, (b) => b.hidden), false, "the banner stays while the dialog loads");
  wasm.release();
  await ready(p);
  await p.waitForSelector(`${PREFS}:not([hidden])`, { state: "visible" });
  assert.equal(await p.evaluate(() => window.consentSieve.state().decided), false, "nothing decided");
});

env.test("first layer before the core: keyboard focus on a painted button moves to the core's twin", async ({ page: p }) => {
  const wasm = await painted(p, "/first.html", page());
  await p.focus(`${EARLY} [data-action="reject-all"]`);
  wasm.release();
  await ready(p);
  assert.deepEqual(await p.evaluate(() => {
    const a = document.activeElement;
    return [a?.getAttribute("data-action"), !!a?.closest("[data-cs-early]"), !!a?.closest('[data-consent-sieve="banner"]')];
  }), ["reject-all", false, true]);
  // And the keyboard goes on from there, in the core's banner.
  await p.keyboard.press("Tab");
  assert.equal(await p.evaluate(() => document.activeElement?.getAttribute("data-action")), "preferences");
});

/** The page had its chance to paint (stylesheet loaded, the facade waiting for the held wasm); `invalid`: the core refuses the config. */
async function noPaint(p, path, html, why, invalid = false) {
  env.page(path, html);
  const wasm = await holdWasm(p);
  await p.goto(`${env.url}${path}`);
  await p.waitForFunction(() => [...document.styleSheets].some((s) => /consent-sieve\.css$/.test(s.href ?? "")));
  await settle(p, 400);
  assert.equal(await p.$(BANNER), null, `nothing painted: ${why}`);
  const refused = invalid && p.waitForEvent("console", (m) => m.type() === "error" && /init failed/.test(m.text()));
  wasm.release();
  await (invalid ? refused : ready(p));
  await p.unroute(WASM);
}

env.test("first layer before the core: not painted where the core might show something else", async ({ page: p, context }) => {
  // A choice on record (even one the core may find stale: the core decides).
  env.page("/first.html", page());
  await p.goto(`${env.url}/first.html`);
  await ready(p);
  await p.click(btn("accept-all"));
  await p.waitForFunction(() => localStorage.getItem("consent-sieve") !== null);
  await settle(p, 200);
  await noPaint(p, "/first.html", page(), "a record in localStorage");
  assert.equal(await p.isVisible(CORE), false, "and the core shows none");
  await p.evaluate(() => localStorage.removeItem("consent-sieve"));
  await noPaint(p, "/first.html", page(), "a record in the cookie only");
  await p.evaluate(() => { localStorage.clear(); document.cookie = "consent_sieve=; Max-Age=0; Path=/"; });

  await noPaint(p, "/modal.html", page({ config: { ...baseConfig(), ui: { layout: "modal" } } }), "a blocking (modal) banner");
  await noPaint(p, "/forced.html", page({ config: { ...baseConfig(), ui: { forced: true } } }), "a forced banner");
  await noPaint(p, "/gpp.html", page({ config: { ...baseConfig(), mode: "opt-out", gpp: { sections: ["usnat"] } } }), "GPP (its banner is the core's)");
  await noPaint(p, "/bad.html", page({ config: { ...baseConfig(), ui: { layout: "sideways" } } }), "a value the core refuses", true);
  assert.equal(await p.$(BANNER), null, "and the core shows nothing");

  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true }));
  await noPaint(p, "/gpc.html", page({ config: { ...baseConfig(), mode: "opt-out" } }), "Global Privacy Control in opt-out mode");
  assert.equal(await p.evaluate(() => window.consentSieve.state().source), "gpc");
}, { allowErrors: true });

for (const [fault, handle] of Object.entries({
  "404s": (route) => route.fulfill({ status: 404, contentType: "text/plain", body: "not found" }),
  "is corrupt": (route) => route.fulfill({ status: 200, contentType: "application/wasm", body: Buffer.from("\0asm\x01\0\0\0garbage") }),
})) {
  env.test(`first layer before the core, the .wasm ${fault}: the painted layer goes, a queued Accept all grants nothing`, async ({ page: p, pageErrors }) => {
    env.page("/first.html", page());
    const wasm = await holdWasm(p, handle);
    await p.goto(`${env.url}/first.html`);
    await p.waitForSelector(EARLY, { state: "visible" });
    await p.click(`${EARLY} [data-action="accept-all"]`);
    wasm.release();
    await ready(p);
    assert.equal(await p.evaluate(() => window.consentSieve.failed), true);
    assert.equal(await p.$(EARLY), null, "the painted layer is gone");
    await settle(p, 300);
    assert.deepEqual(await p.evaluate(() => [localStorage.getItem("consent-sieve"), window.__ran ?? [], window.consentSieve.state().purposes.analytics]), [null, [], false]);
    assert.deepEqual(env.requests().filter((r) => /\.test(:\d+)?$/.test(r.host)).map((r) => r.host), [], "no vendor request");
    assert.deepEqual(pageErrors.map(String), [], "no exception in the page");
  }, { allowErrors: true });
}

// The core runs its decision code once on a copy when the page is idle (manager.warm(), so the first
// click does not pay for compiling it): that run must change nothing a visitor or a tag could see.
env.test("the first click: the idle warm-up of the decision code stores, grants, shows and runs nothing", async ({ page: p }) => {
  await p.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.__idle = 0;
    w.__writes = [];
    const ric = window.requestIdleCallback.bind(window);
    // What idle callbacks write (the warm-up runs in one).
    window.requestIdleCallback = (f, o) => ric((d) => { w.__in = true; try { f(d); } finally { w.__in = false; w.__idle++; } }, o);
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) { if (w.__in) w.__writes.push(k); return set.call(this, k, v); };
    const c = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(Document.prototype, "cookie"));
    Object.defineProperty(Document.prototype, "cookie", { configurable: true, get() { return c.get?.call(this); }, set(v) { if (w.__in) w.__writes.push(String(v).split("=")[0]); c.set?.call(this, v); } });
  });
  env.page("/warm.html", page());
  await p.goto(`${env.url}/warm.html`);
  await ready(p);
  await p.waitForFunction(() => /** @type {any} */ (window).__idle > 0);
  const seen = await p.evaluate(() => ({
    writes: /** @type {any} */ (window).__writes,
    decided: window.consentSieve.state().decided,
    analytics: window.consentSieve.granted("analytics"),
    receipts: window.consentSieve.receipts().length,
    ran: /** @type {any} */ (window).__ran ?? [],
  }));
  assert.deepEqual(seen, { writes: [], decided: false, analytics: false, receipts: 0, ran: [] });
  assert.ok(await p.isVisible(CORE), "the banner still asks");
  assert.deepEqual(env.requestsTo("stats.test"), []);
  await p.click(btn("accept-all"));
  await p.waitForFunction(() => (window.__ran ?? []).includes("stats-external"));
  await settle(p, 200);
  assert.deepEqual(await p.evaluate(() => [window.__ran, window.consentSieve.receipts().length, window.consentSieve.state().source]), [["analytics-inline", "stats-external"], 1, "banner"]);
});
