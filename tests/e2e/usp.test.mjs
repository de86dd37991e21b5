// `__uspapi` (the IAB USP API 1.0, CCPA) in Chromium, installed for a config whose GPP sections include
// `uspv1`: the stub inlined first in <head> (js/dist/usp-stub.js) answers `ping` and queues the calls made
// before the SDK loads; iab.js answers them with the same `1YYN`/`1YNN` string as the GPP section uspv1;
// a cross-origin frame asks through the `__uspapiLocator` frame by postMessage before and after the load.
// Also the sensitive-data segment of `usin` and the usnat sensitive-data categories, decoded by
// @iabgpp/cmpapi to the choice.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GppModel } from "@iabgpp/cmpapi";
import { BANNER, btn, eventually, ready, useBrowser } from "./helpers.mjs";
import { baseConfig, html } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });
const dist = (f) => readFileSync(new URL(`../../js/dist/${f}`, import.meta.url), "utf8");
const STUBS = `<script>${dist("gpp-stub.js")}</script><script>${dist("usp-stub.js")}</script>`;

/** Opt-out mode, marketing a sale purpose, analytics processing health data (usnat 3, usin 3). */
const uspConfig = (sections = ["uspv1", "usnat", "usin"], extra = {}) => {
  const c = baseConfig();
  c.purposes = c.purposes.map((p) =>
    p.id === "marketing" ? { ...p, sale: true } : p.id === "analytics" ? { ...p, sensitive: { usnat: [3], usin: [3] } } : p);
  return { ...c, mode: "opt-out", gpp: { sections, knownChildData: true, mspa: { covered: true, mode: "optOut" } }, ...extra };
};

/** Before the SDK: getUSPData (queued), ping (answered by the stub), and a version 2 call (queued, then refused). */
const EARLY = `<script>
window.__usp = [];
__uspapi("getUSPData", 1, function (d, ok) { __usp.push({ d: d, ok: ok }); });
__uspapi("ping", 1, function (d, ok) { window.__uspPing = { d: d, ok: ok }; });
__uspapi("getUSPData", 2, function (d, ok) { window.__uspV2 = { d: d, ok: ok }; });
</script>`;

const usp = (page, command, version = 1) => page.evaluate(([c, v]) => new Promise((r) => __uspapi(c, v, (d, ok) => r({ d, ok }))), [command, version]);
const gppPing = (page) => page.evaluate(() => new Promise((r) => __gpp("ping", (d) => r(d))));

const gpcOn = (page) => page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true }));

env.test("__uspapi: calls made before the SDK are answered with the uspv1 string; GPC opts out, Accept all opts back in", async ({ page }) => {
  await gpcOn(page);
  env.page("/usp.html", html({ config: uspConfig(), pre: STUBS + EARLY }));
  await page.goto(env.url + "/usp.html");
  await ready(page);
  assert.deepEqual(await page.evaluate(() => window.__uspPing), { d: { uspapiLoaded: false }, ok: true }, "the stub answered ping");
  await eventually(async () => (await page.evaluate(() => window.__usp.length)) === 1);
  assert.deepEqual(await page.evaluate(() => window.__usp), [{ d: { version: 1, uspString: "1YYN" }, ok: true }], "GPC honoured: opted out of sale");
  assert.deepEqual(await page.evaluate(() => window.__uspV2), { d: null, ok: false }, "only version 1");
  assert.deepEqual(await usp(page, "ping"), { d: { uspapiLoaded: true }, ok: true });
  assert.deepEqual(await usp(page, "registerDeletion"), { d: null, ok: false }, "an unknown command");
  // The same string as the GPP section uspv1, which the reference library reads.
  let ping = await gppPing(page);
  const lib = new GppModel(ping.gppString);
  assert.deepEqual(lib.getSectionIds(), [6, 7, 25]);
  const u = lib.getSection("uspv1");
  assert.equal(`${u.Version}${u.Notice}${u.OptOutSale}${u.LspaCovered}`, "1YYN");
  // usnat and usin: sensitive data (analytics, health: usnat 3, usin 3) without consent in opt-out mode (1),
  // known children 1 (no parental consent), MSPA covered in opt-out option mode.
  const nat = lib.getSection("usnat");
  assert.deepEqual(nat.SensitiveDataProcessing, [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(nat.KnownChildSensitiveDataConsents, [1, 1, 1]);
  assert.deepEqual([nat.SensitiveDataProcessingOptOutNotice, nat.MspaCoveredTransaction, nat.MspaOptOutOptionMode, nat.MspaServiceProviderMode, nat.Gpc], [1, 1, 1, 2, true]);
  const usin = lib.getSection("usin");
  assert.deepEqual([usin.SensitiveDataProcessing, usin.KnownChildSensitiveDataConsents, usin.MspaMode, usin.SaleOptOut, lib.getFieldValue("usin", "SensitiveDataConsentSegmentIncluded")], [[0, 0, 1, 0, 0, 0, 0, 0], 1, 1, 1, true]);
  const seg = await page.evaluate(() => new Promise((r) => __gpp("getField", (v) => r(v), "usin.SensitiveDataProcessing")));
  assert.deepEqual(seg, [0, 0, 1, 0, 0, 0, 0, 0], "getField reads the sensitive-data segment");
  // Accept all: not opted out; and the site's acceptAll() is a decision, so the sensitive data that opt-out
  // mode held back (analytics: GPC or not, it needs consent in usnat and usin) now has consent (2).
  assert.equal((await page.evaluate(() => window.consentSieve.state())).purposes.analytics, false, "held back in opt-out mode");
  await page.evaluate(() => window.consentSieve.acceptAll());
  assert.deepEqual(await usp(page, "getUSPData"), { d: { version: 1, uspString: "1YNN" }, ok: true });
  ping = await gppPing(page);
  const after = new GppModel(ping.gppString);
  assert.equal(after.getFieldValue("usin", "SaleOptOut"), 2);
  assert.deepEqual([after.getFieldValue("usnat", "SensitiveDataProcessing")[2], after.getFieldValue("usin", "SensitiveDataProcessing")[2]], [2, 2]);
});

env.test("__uspapi: opt-in mode grants sensitive data only by the visitor's choice; usnat says consent (2) after Accept all", async ({ page }) => {
  env.page("/usp-optin.html", html({ config: uspConfig(undefined, { mode: "opt-in" }), pre: STUBS }));
  await page.goto(env.url + "/usp-optin.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  let lib = new GppModel((await gppPing(page)).gppString);
  assert.equal(lib.getFieldValue("usnat", "SensitiveDataProcessing")[2], 1, "no consent before a choice");
  assert.deepEqual(await usp(page, "getUSPData"), { d: { version: 1, uspString: "1YYN" }, ok: true }, "opt-in: nothing sold before a choice");
  await page.click(btn("accept-all"));
  await eventually(async () => (await usp(page, "getUSPData")).d.uspString === "1YNN");
  lib = new GppModel((await gppPing(page)).gppString);
  assert.equal(lib.getFieldValue("usnat", "SensitiveDataProcessing")[2], 2);
  assert.equal(lib.getFieldValue("usin", "SensitiveDataProcessing")[2], 2);
});

env.test("without uspv1 in gpp.sections there is no __uspapi", async ({ page }) => {
  env.page("/nousp.html", html({ config: uspConfig(["usnat"], { purposes: baseConfig().purposes }) }));
  await page.goto(env.url + "/nousp.html");
  await ready(page);
  assert.deepEqual(await page.evaluate(() => [typeof window.__gpp, typeof window.__uspapi, !!window.frames.__uspapiLocator]), ["function", "undefined", false]);
});

/** The frame's script: finds __uspapiLocator up the frame tree, posts calls (object and string data), records replies. */
const FRAME = `<!doctype html><html><body><script>
window.__replies = [];
function locator(name) { var w = window; while (true) { try { if (w.frames[name]) return w; } catch (e) {} if (w === window.top) return null; w = w.parent; } }
addEventListener("message", function (e) { var d = e.data; if (typeof d == "string") { try { d = JSON.parse(d); } catch (x) { return; } } if (d && d.__uspapiReturn) __replies.push(d.__uspapiReturn); });
window.ask = function (call, asString) { var m = { __uspapiCall: call }; locator("__uspapiLocator").postMessage(asString ? JSON.stringify(m) : m, "*"); };
(function go() {
  if (!locator("__uspapiLocator")) return setTimeout(go, 10);
  ask({ command: "ping", version: 1, callId: "early-ping" });
  ask({ command: "getUSPData", version: 1, callId: 9 }, true);
  window.__asked = true;
})();
</script></body></html>`;

env.test("a cross-origin frame calls __uspapi through __uspapiLocator by postMessage, before and after the SDK loads", async ({ page }) => {
  env.page("/usp-frame.html", FRAME);
  const frameUrl = `http://frame.test:${env.port}/usp-frame.html`;
  env.page("/usp-host.html", html({ config: uspConfig(), pre: STUBS, body: `<iframe src="${frameUrl}" title="a vendor frame"></iframe>` }));
  let release;
  const held = new Promise((r) => (release = r));
  await page.route("**/consent_sieve_iab_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(env.url + "/usp-host.html");
  const frame = () => page.frames().find((f) => f.url() === frameUrl);
  await eventually(async () => frame() && (await frame().evaluate(() => window.__asked === true)));
  assert.notEqual(new URL(frameUrl).origin, new URL(env.url).origin, "another origin");
  await eventually(async () => (await frame().evaluate(() => window.__replies.length)) === 1);
  assert.deepEqual((await frame().evaluate(() => window.__replies))[0], { returnValue: { uspapiLoaded: false }, success: true, callId: "early-ping" });
  assert.equal(await page.evaluate(() => window.consentSieve), undefined, "the SDK has not loaded yet");
  release();
  await ready(page);
  await eventually(async () => (await frame().evaluate(() => window.__replies.length)) === 2);
  assert.deepEqual((await frame().evaluate(() => window.__replies))[1], { returnValue: { version: 1, uspString: "1YNN" }, success: true, callId: 9 }, "opt-out mode, no GPC: not opted out");
  await page.evaluate(() => window.consentSieve.rejectAll());
  await frame().evaluate(() => window.ask({ command: "getUSPData", version: 1, callId: "late" }));
  await eventually(async () => (await frame().evaluate(() => window.__replies.length)) === 3);
  assert.deepEqual((await frame().evaluate(() => window.__replies))[2], { returnValue: { version: 1, uspString: "1YYN" }, success: true, callId: "late" });
});
