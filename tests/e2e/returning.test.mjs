// A returning visitor's tags run before the wasm arrives (js/early.js, "A returning visitor"): the
// facade stores the core's decision beside the record, keyed by exactly what it was made from, and the
// next page's early layer acts on it at once: the Consent Mode update first, then the granted vendors'
// scripts and the held tags core::gate::allowed allows, in document order, each once; the core, when it
// arrives, finds them released. Whenever what the decision was made from differs (the config, the
// record, Global Privacy Control, the build) or it expired, was forged or storage throws, nothing runs
// before the core. When the core fails, the stored decision is dropped: the page after runs nothing.
// The wasm is held back by the test (page.route) so "before the core" is certain, not a race.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { BANNER, CORE_WASM, holdWasm, ready, settle, useBrowser } from "./helpers.mjs";
import { baseConfig, html, record, tagUrl } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });
const FAST = "consent-sieve.fast";
const WASM = CORE_WASM;

const config = (over = {}) => ({ ...baseConfig(), consentMode: {}, ...over });

/** The page: every kind of gated tag, in an order that matters (an external tag between two inline ones). */
const page = (port, c = config()) => html({
  config: c,
  pre: `<script>window.dataLayer = []; window.__cmAt = function () { return dataLayer.filter(function (a) { return a[0] == "consent"; }).map(function (a) { return a[1] + ":" + a[2].analytics_storage + ":" + a[2].ad_storage; }); };</script>`,
  head: `<script src="${tagUrl(port, "stats.test", "stats-src")}"></script>
<script src="${tagUrl(port, "ads.test", "ads-src")}"></script>`,
  body: `<script type="text/plain" data-consent="analytics">${record("a-inline")} window.__cmAtFirstTag = __cmAt(); window.__sdkAtFirstTag = typeof window.consentSieve;</script>
<script type="text/plain" data-consent="analytics" data-src="${tagUrl(port, "stats.test", "a-external")}"></script>
<script type="text/plain" data-consent="analytics">${record("a-after")}</script>
<script type="text/plain" data-consent="marketing">${record("m-inline")}</script>
<script type="text/plain" data-consent-vendor="stats">${record("stats-vendor")}</script>
<script type="text/plain" data-consent-vendor="ads">${record("ads-vendor")}</script>
<script type="text/plain" data-consent="analytics" data-src="${tagUrl(port, "ads.test", "a-ads-url")}"></script>
<script>fetch("http://ads.test:${port}/collect?tag=ads-fetch").catch(function () {}); fetch("http://stats.test:${port}/collect?tag=stats-fetch").catch(function () {});</script>`,
});

/** A control visit: with nothing changed, the stored decision runs the first granted tag before the core. */
async function control(p, url) {
  const wasm = await holdWasm(p);
  await p.goto(url);
  await p.waitForFunction(() => (window.__ran ?? []).includes("a-inline"), null, { timeout: 10_000 });
  assert.equal(await p.evaluate(() => typeof window.consentSieve), "undefined", "control: before the core");
  await wasm.done();
  await ready(p);
  await settle(p, 100);
}

/** First visit: analytics and the stats vendor granted, marketing refused; the decision stored for the next page. */
async function firstVisit(p, url) {
  await p.goto(url);
  await ready(p);
  await p.evaluate(() => window.consentSieve.update({ purposes: { analytics: true, marketing: false } }));
  await p.waitForFunction((k) => localStorage.getItem(k) !== null, FAST);
  await settle(p, 200);
}

const SENT_BEFORE = ["a-inline", "a-external", "a-after", "stats-vendor"];

env.test("returning visitor: the granted tags run before the wasm arrives, in order, after the Consent Mode update, each once", async ({ page: p }) => {
  env.page("/returning.html", page(env.port));
  const url = `${env.url}/returning.html`;
  await firstVisit(p, url);
  const stored = JSON.parse(await p.evaluate((k) => localStorage.getItem(k), FAST));
  assert.deepEqual(stored.p, { necessary: true, analytics: true, marketing: false });
  assert.equal(stored.v.stats, true);
  assert.equal(stored.v.ads, false);
  assert.match(stored.k, /^consent-sieve@\d+\.\d+\.\d+\+[0-9a-f]{12}\n/, "keyed by the package's build");

  env.clearCollected();
  env.clearRequests();
  const wasm = await holdWasm(p);
  await p.goto(url);
  await p.waitForFunction((n) => (window.__ran ?? []).length >= n, SENT_BEFORE.length + 1, { timeout: 10_000 });
  const before = await p.evaluate(() => ({ ran: window.__ran.slice(), sdk: typeof window.consentSieve, cm: __cmAt(), atTag: window.__cmAtFirstTag, sdkAtTag: window.__sdkAtFirstTag }));
  assert.ok(wasm.asked() >= 1, "the wasm was asked for (and is held)");
  assert.equal(before.sdk, "undefined", "the SDK has not started");
  assert.equal(before.sdkAtTag, "undefined");
  assert.deepEqual(before.ran.filter((n) => n !== "stats-src"), SENT_BEFORE, "the granted held tags, in document order");
  assert.ok(before.ran.includes("stats-src"), "a granted vendor's own <script src> is not held");
  assert.deepEqual(before.atTag, ["default:denied:denied", "update:granted:denied"], "the Consent Mode update came before the first tag");
  await settle(p, 300);
  assert.ok(!(await p.evaluate(() => window.__ran)).some((n) => n.startsWith("m-") || n.startsWith("ads")), "nothing refused ran");
  assert.deepEqual(env.collectedTags().sort(), ["stats-fetch"], "the granted vendor's request left, the refused one's did not");

  wasm.release();
  await ready(p);
  await settle(p, 300);
  const after = await p.evaluate(() => ({ ran: window.__ran.slice(), cm: __cmAt(), state: window.consentSieve.state(), banner: document.querySelector('[data-consent-sieve="banner"]')?.hidden ?? true, released: document.querySelectorAll("script[data-consent-released]").length, inert: [...document.querySelectorAll('script[type="text/plain"]')].map((s) => s.getAttribute("data-consent") || s.getAttribute("data-consent-vendor")) }));
  assert.deepEqual(after.ran.filter((n) => n !== "stats-src"), SENT_BEFORE, "the core ran none of them a second time, and nothing else");
  assert.deepEqual(after.cm, ["default:denied:denied", "update:granted:denied"], "the core did not push the update again");
  assert.equal(after.state.purposes.analytics, true);
  assert.equal(after.banner, true, "no banner");
  assert.equal(after.released, 4, "the released tags are marked as the core marks them");
  assert.deepEqual(after.inert.sort(), ["ads", "ads", "analytics", "marketing"], "what is refused stays held (the ads vendor's <script src> too, and an analytics tag served by it)");
  assert.deepEqual(env.collectedTags().sort(), ["stats-fetch"]);
});

env.test("returning visitor after Reject all: the early layer pushes the denied update and runs nothing", async ({ page: p }) => {
  env.page("/returning-reject.html", page(env.port));
  const url = `${env.url}/returning-reject.html`;
  await p.goto(url);
  await ready(p);
  await p.click(`${BANNER} [data-action="reject-all"]`);
  await p.waitForFunction((k) => localStorage.getItem(k) !== null, FAST);
  env.clearCollected();
  const wasm = await holdWasm(p);
  await p.goto(url);
  await p.waitForFunction(() => window.__cmAt().length >= 2);
  await settle(p, 300);
  assert.deepEqual(await p.evaluate(() => ({ ran: window.__ran ?? [], cm: __cmAt(), sdk: typeof window.consentSieve })), { ran: [], cm: ["default:denied:denied", "update:denied:denied"], sdk: "undefined" });
  assert.deepEqual(env.collectedTags(), []);
  wasm.release();
  await ready(p);
  await settle(p, 200);
  assert.deepEqual(await p.evaluate(() => window.__ran ?? []), []);
});

/** Each way the stored decision no longer fits this page: applied after the first visit, before the second. */
const CHANGES = {
  "the config changed (a new policy version)": { config: config({ policyVersion: "2" }) },
  "the record was edited": { script: () => localStorage.setItem("consent-sieve", localStorage.getItem("consent-sieve").replace(/}$/, ' }')) },
  "the cookie was removed (a server withdrew the choice)": { cookies: true },
  "Global Privacy Control is on now": { init: () => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true }) },
  "it expired": { script: (k) => { const e = JSON.parse(localStorage.getItem(k)); e.x = Date.now() - 1; localStorage.setItem(k, JSON.stringify(e)); } },
  "it was forged (another build's key)": { script: (k) => { const e = JSON.parse(localStorage.getItem(k)); e.k = e.k.replace(/^consent-sieve@[^\n]*/, "consent-sieve@0.0.0+000000000000"); localStorage.setItem(k, JSON.stringify(e)); } },
  "the page names another mode (data-consent-sieve-mode)": { html: (h) => h.replace('<html lang="en">', '<html lang="en" data-consent-sieve-mode="opt-out">') },
  "it is dated in the future": { script: (k) => { const e = JSON.parse(localStorage.getItem(k)); e.a = Date.now() + 864e5; localStorage.setItem(k, JSON.stringify(e)); } },
  "it is not JSON": { script: (k) => localStorage.setItem(k, "{not json") },
  "it grants what its maps cannot hold": { script: (k) => { const e = JSON.parse(localStorage.getItem(k)); e.p = "all"; localStorage.setItem(k, JSON.stringify(e)); } },
};

for (const [name, change] of Object.entries(CHANGES)) {
  env.test(`returning visitor, ${name}: nothing runs before the core`, async ({ page: p, context }) => {
    const path = `/returning-${name.replace(/\W+/g, "-")}.html`;
    env.page(path, page(env.port));
    const url = `${env.url}${path}`;
    await firstVisit(p, url);
    await control(p, url);
    if (change.config) env.page(path, page(env.port, change.config));
    if (change.html) env.page(path, change.html(page(env.port)));
    if (change.script) await p.evaluate(change.script, FAST);
    if (change.cookies) await context.clearCookies();
    if (change.init) await context.addInitScript(change.init);
    env.clearCollected();
    const wasm = await holdWasm(p);
    await p.goto(url);
    await settle(p, 400);
    const seen = await p.evaluate(() => ({ ran: (window.__ran ?? []).filter((n) => n !== "stats-src"), src: (window.__ran ?? []).includes("stats-src"), cm: __cmAt(), sdk: typeof window.consentSieve }));
    assert.deepEqual(seen, { ran: [], src: false, cm: ["default:denied:denied"], sdk: "undefined" });
    assert.deepEqual(env.collectedTags(), [], "no vendor request left");
    wasm.release();
    await ready(p);
  });
}

env.test("returning visitor whose core fails: the stored decision is dropped, and the next page runs nothing until a core works", async ({ page: p, logs }) => {
  env.page("/returning-fail.html", page(env.port));
  const url = `${env.url}/returning-fail.html`;
  await firstVisit(p, url);
  await p.route(WASM, (route) => route.fulfill({ status: 404, contentType: "text/plain", body: "gone" }));
  await p.goto(url);
  await ready(p);
  await settle(p, 300);
  // What the visitor chose ran until the core was known to be missing (README: Returning visitors), in
  // order; what was still queued then (behind the external tag) was not run.
  const ran = (await p.evaluate(() => window.__ran)).filter((n) => n !== "stats-src");
  assert.ok(ran.length >= 1 && ran.every((n, i) => n === SENT_BEFORE[i]), `a prefix of ${SENT_BEFORE}: ${ran}`);
  assert.equal(await p.evaluate(() => window.consentSieve.failed), true);
  assert.equal(await p.evaluate((k) => localStorage.getItem(k), FAST), null, "the stored decision is gone");
  env.clearCollected();
  await p.goto(url);
  await ready(p);
  await settle(p, 300);
  assert.deepEqual(await p.evaluate(() => ({ ran: window.__ran ?? [], failed: window.consentSieve.failed, cm: __cmAt() })), { ran: [], failed: true, cm: ["default:denied:denied"] });
  assert.ok(logs.some((l) => l.type === "error" && /could not be loaded/.test(l.text)));
}, { allowErrors: true });

env.test("returning visitor whose core fails: Consent Mode is told nothing is granted any more", async ({ page: p, logs }) => {
  env.page("/returning-fail-cm.html", page(env.port));
  const url = `${env.url}/returning-fail-cm.html`;
  await firstVisit(p, url);
  await p.route(WASM, (route) => route.fulfill({ status: 200, contentType: "application/wasm", body: Buffer.from("\0asm\x01\0\0\0garbage") }));
  await p.goto(url);
  await ready(p);
  await settle(p, 200);
  assert.deepEqual(await p.evaluate(() => __cmAt()), ["default:denied:denied", "update:granted:denied", "update:denied:denied"]);
  assert.ok(logs.some((l) => l.type === "error" && /could not be loaded/.test(l.text)));
}, { allowErrors: true });

env.test("returning visitor, storage throws on the next page: nothing runs before the core, no exception reaches the page", async ({ page: p, context, pageErrors }) => {
  env.page("/returning-storage.html", page(env.port));
  const url = `${env.url}/returning-storage.html`;
  await firstVisit(p, url);
  await context.addInitScript(() => Object.defineProperty(window, "localStorage", { get() { throw new DOMException("blocked", "SecurityError"); }, configurable: true }));
  const wasm = await holdWasm(p);
  await p.goto(url);
  await settle(p, 400);
  assert.deepEqual(await p.evaluate(() => (window.__ran ?? []).filter((n) => n !== "stats-src")), []);
  wasm.release();
  await ready(p);
  await settle(p, 200);
  assert.deepEqual(pageErrors.map(String), []);
});

env.test("a page started with init(config) and no config element: no decision is stored for the early layer", async ({ page: p }) => {
  env.page("/returning-module.html", html({ config: config(), module: true, body: `<script type="text/plain" data-consent="analytics">${record("a-inline")}</script>` }));
  await p.goto(`${env.url}/returning-module.html`);
  await ready(p);
  await p.evaluate(() => window.consentSieve.acceptAll());
  await settle(p, 200);
  assert.deepEqual(await p.evaluate(() => window.__ran), ["a-inline"]);
  assert.equal(await p.evaluate((k) => localStorage.getItem(k), FAST), null);
});

/** The page with the stats vendor a destination (a `minimize` policy): a granted tag sends it an email. */
const minimizePage = (port) => {
  const c = config();
  c.vendors[2] = { ...c.vendors[2], minimize: { fields: { email: { action: "hash", profile: "google.email" }, tag: "keep" } } };
  return html({
    config: c,
    body: `<script type="text/plain" data-consent="analytics">${record("a-inline")} window.__sdkAtFirstTag = typeof window.consentSieve;
fetch("http://stats.test:${port}/collect", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tag: "stats-event", email: "Jane.Doe@example.com" }) }).catch(function () {});</script>`,
  });
};

env.test("returning visitor, a minimize policy: the granted tag runs before the engine arrives; its request to the destination is held and leaves minimized once it is there", async ({ page: p }) => {
  env.page("/returning-minimize.html", minimizePage(env.port));
  const url = `${env.url}/returning-minimize.html`;
  await firstVisit(p, url);
  await settle(p, 300);
  env.clearCollected();
  const wasm = await holdWasm(p);
  await p.goto(url);
  await p.waitForFunction(() => (window.__ran ?? []).includes("a-inline"), null, { timeout: 10_000 });
  assert.equal(await p.evaluate(() => window.__sdkAtFirstTag), "undefined", "the tag ran before the core");
  await settle(p, 300);
  assert.deepEqual(env.collected(), [], "nothing reaches the destination before the engine");
  await wasm.done();
  await ready(p);
  const deadline = Date.now() + 5000;
  while (env.collected().length === 0 && Date.now() < deadline) await settle(p, 100);
  const got = env.collected();
  assert.equal(got.length, 1, "the held request, once");
  assert.equal(got[0].body.tag, "stats-event");
  assert.match(got[0].body.email, /^[0-9a-f]{64}$/, "the email hashed by the engine");
  assert.ok(!JSON.stringify(got[0].body).includes("Jane"), JSON.stringify(got[0].body));
  await settle(p, 200);
  assert.deepEqual(await p.evaluate(() => window.__ran), ["a-inline"], "the tag ran once");
});

env.test("returning visitor, a minimize policy, the engine's core fails: the request held before it never leaves", async ({ page: p, logs }) => {
  env.page("/returning-minimize.html", minimizePage(env.port));
  const url = `${env.url}/returning-minimize.html`;
  await firstVisit(p, url);
  await settle(p, 300);
  env.clearCollected();
  await p.route(WASM, (r) => r.fulfill({ status: 404, body: "gone" }));
  await p.goto(url);
  await p.waitForFunction(() => window.consentSieve?.failed === true, null, { timeout: 15_000 });
  await settle(p, 500);
  assert.deepEqual(env.collected(), [], "nothing reached the destination");
  assert.ok(logs.some((l) => l.type === "error"), "the failure is reported");
}, { allowErrors: true });

env.test("the record could not be stored (the cookie write is refused): no decision is stored for the early layer", async ({ page: p, context }) => {
  await context.addInitScript(() => Object.defineProperty(Document.prototype, "cookie", { get: () => "", set: () => { throw new DOMException("refused", "SecurityError"); }, configurable: true }));
  env.page("/returning-nocookie.html", page(env.port));
  await p.goto(`${env.url}/returning-nocookie.html`);
  await ready(p);
  await p.evaluate(() => window.consentSieve.acceptAll());
  await settle(p, 200);
  assert.equal(await p.evaluate(() => window.consentSieve.storageMode()), "memory");
  assert.equal(await p.evaluate((k) => localStorage.getItem(k), FAST), null);
});

env.test("order across the early layer and the core: a tag it cannot judge, and everything after it, wait for the tags it released", async ({ page: p }) => {
  // [slow external A][inline B][relative C: the early layer cannot judge it][inline D]; then a script adds
  // an img[data-src] (the core's release runs on mutations) while A still loads.
  const body = `<script type="text/plain" data-consent="analytics" data-src="${tagUrl(env.port, "stats.test", "o-slow-a")}"></script>
<script type="text/plain" data-consent="analytics">${record("o-b")}</script>
<script type="text/plain" data-consent="analytics" data-src="/tag.js?name=o-relative-c"></script>
<script type="text/plain" data-consent="analytics">${record("o-d")}</script>
<script>setTimeout(function () { var i = document.createElement("img"); i.setAttribute("data-src", "data:image/gif;base64,R0lGODlhAQABAAAAACw="); i.setAttribute("data-consent", "analytics"); document.body.appendChild(i); }, 300);</script>`;
  env.page("/returning-order.html", html({ config: config(), body }));
  const url = `${env.url}/returning-order.html`;
  await firstVisit(p, url);
  await p.evaluate(() => window.consentSieve.update({ purposes: { analytics: true } }));
  await p.waitForFunction((k) => JSON.parse(localStorage.getItem(k) ?? "{}").p?.analytics === true, FAST);
  await p.route("**/tag.js?name=o-slow-a*", async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await p.goto(url);
  await ready(p);
  await p.waitForFunction(() => (window.__ran ?? []).length >= 4, null, { timeout: 10_000 });
  await settle(p, 200);
  assert.deepEqual(await p.evaluate(() => window.__ran), ["o-slow-a", "o-b", "o-relative-c", "o-d"]);
});

env.test("a held tag the early layer queued is removed before its turn: the rest still run, the core still releases", async ({ page: p }) => {
  const body = `<script type="text/plain" data-consent="analytics" data-src="${tagUrl(env.port, "stats.test", "r-slow")}"></script>
<script type="text/plain" data-consent="analytics" data-src="${tagUrl(env.port, "stats.test", "r-removed")}" id="gone"></script>
<script>document.getElementById("gone").remove();</script>
<script type="text/plain" data-consent="analytics">${record("r-after")}</script>`;
  env.page("/returning-removed.html", html({ config: config(), body }));
  const url = `${env.url}/returning-removed.html`;
  await firstVisit(p, url);
  await p.route("**/tag.js?name=r-slow*", async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  await p.goto(url);
  await ready(p);
  await p.waitForFunction(() => (window.__ran ?? []).includes("r-after"), null, { timeout: 10_000 });
  await settle(p, 200);
  assert.deepEqual(await p.evaluate(() => window.__ran), ["r-slow", "r-after"]);
});
