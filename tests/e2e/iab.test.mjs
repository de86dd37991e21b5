// The IAB CMP APIs in Chromium: the stubs inlined first in <head> (js/dist/tcf-stub.js, gpp-stub.js),
// calls made before the SDK loads (queued, then answered), `__tcfapi` events cmpuishown →
// useractioncomplete and tcloaded on a return visit, TC strings decoded by @iabtechlabtcf/core to exactly
// the choice made, `__gpp` with Global Privacy Control decoded by @iabgpp/cmpapi, and a cross-origin
// frame talking to both through the locator frames by postMessage.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TCString } from "@iabtechlabtcf/core";
import { GppModel } from "@iabgpp/cmpapi";
import { BANNER, btn, eventually, ready, useBrowser } from "./helpers.mjs";
import { baseConfig, html } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });
const dist = (f) => readFileSync(new URL(`../../js/dist/${f}`, import.meta.url), "utf8");
const STUBS = `<script>${dist("tcf-stub.js")}</script><script>${dist("gpp-stub.js")}</script>`;

const GVL = { ads: 32, pixel: 52, stats: 10, video: 4 };
const TCF = { cmpId: 300, cmpVersion: 7, vendorListVersion: 120, publisherCC: "DE" };
/** The base config with TCF purposes, GVL ids, tcf and gpp. */
const iabConfig = (extra = {}) => {
  const c = baseConfig();
  const tcfPurposes = { analytics: [7, 8, 9, 10], marketing: [1, 2, 3, 4] };
  c.purposes = c.purposes.map((p) => (tcfPurposes[p.id] ? { ...p, tcfPurposes: tcfPurposes[p.id], sale: p.id === "marketing" } : p));
  c.vendors = c.vendors.map((v) => ({ ...v, gvlId: GVL[v.id] }));
  return { ...c, tcf: TCF, gpp: { sections: ["usnat"] }, ...extra };
};

/** Before the SDK: a __tcfapi listener and a __gpp listener recording what they get. */
const LISTEN = `<script>
window.__tcf = []; window.__gppEvents = [];
__tcfapi("addEventListener", 2, function (d, ok) { __tcf.push(JSON.parse(JSON.stringify({ ok: ok, d: d }))); });
__gpp("addEventListener", function (e, ok) { __gppEvents.push(JSON.parse(JSON.stringify({ ok: ok, e: e }))); });
window.__stubPing = null; __tcfapi("ping", 2, function (p) { window.__stubPing = p; });
</script>`;

const ids = (vector) => {
  const out = [];
  vector.forEach((on, id) => on && out.push(id));
  return out;
};
const tcfCalls = (page, command, param) => page.evaluate(([c, p]) => new Promise((r) => __tcfapi(c, 2, (v, ok) => r({ v, ok }), p)), [command, param]);
const gppCall = (page, command, param) => page.evaluate(([c, p]) => new Promise((r) => __gpp(c, (v, ok) => r({ v, ok }), p)), [command, param]);

env.test("__tcfapi: a listener added before the SDK gets cmpuishown, then useractioncomplete with the TC string of Accept all", async ({ page, context }) => {
  env.page("/tcf.html", html({ config: iabConfig(), pre: STUBS + LISTEN }));
  await page.goto(env.url + "/tcf.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  const stubPing = await page.evaluate(() => window.__stubPing);
  assert.deepEqual(stubPing, { cmpLoaded: false, cmpStatus: "stub", displayStatus: "hidden", apiVersion: "2.3" }, "the stub answered ping at once");
  let events = await page.evaluate(() => window.__tcf);
  assert.deepEqual(events.map((e) => [e.d.eventStatus, e.ok]), [["cmpuishown", true]], "the queued listener got the banner's event");
  assert.equal(events[0].d.gdprApplies, true);
  assert.equal(events[0].d.tcString, "", "no string before a choice");
  assert.equal(events[0].d.cmpStatus, "loaded");
  const listenerId = events[0].d.listenerId;
  assert.equal(typeof listenerId, "number");

  await page.click(btn("accept-all"));
  await eventually(async () => (await page.evaluate(() => window.__tcf.length)) === 2);
  events = await page.evaluate(() => window.__tcf);
  const done = events[1].d;
  assert.equal(done.eventStatus, "useractioncomplete");
  assert.equal(done.listenerId, listenerId, "the same listener");
  const m = TCString.decode(done.tcString);
  assert.deepEqual(ids(m.purposeConsents), [1, 2, 3, 4, 7, 8, 9, 10]);
  assert.deepEqual(ids(m.vendorConsents), [4, 10, 32, 52]);
  assert.deepEqual(ids(m.vendorsDisclosed), [4, 10, 32, 52]);
  assert.deepEqual(ids(m.purposeLegitimateInterests), []);
  assert.deepEqual(ids(m.vendorLegitimateInterests), []);
  assert.equal(m.cmpId, 300);
  assert.equal(m.cmpVersion, 7);
  assert.equal(m.vendorListVersion, 120);
  assert.equal(m.publisherCountryCode, "DE");
  assert.equal(m.consentLanguage, "EN");
  assert.equal(m.policyVersion, 5);
  assert.equal(m.isServiceSpecific, true);
  const decidedAt = (await page.evaluate(() => window.consentSieve.state())).decidedAt;
  const day = new Date(decidedAt);
  assert.equal(m.created.getTime(), Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()), "dated by the decision's day");
  assert.deepEqual(done.purpose.consents, { 1: true, 2: true, 3: true, 4: true, 7: true, 8: true, 9: true, 10: true });
  assert.deepEqual(done.vendor.consents, { 4: true, 10: true, 32: true, 52: true });

  // ping, the deprecated getTCData, removeEventListener, and a v1 call.
  const ping = (await tcfCalls(page, "ping")).v;
  assert.deepEqual([ping.cmpLoaded, ping.cmpStatus, ping.gdprApplies, ping.cmpId, ping.displayStatus], [true, "loaded", true, 300, "hidden"]);
  const got = await tcfCalls(page, "getTCData", [32, 999]);
  assert.equal(got.ok, true);
  assert.equal(got.v.tcString, done.tcString);
  assert.deepEqual(got.v.vendor.consents, { 32: true, 999: false }, "only the vendors asked for");
  assert.deepEqual(await page.evaluate(() => new Promise((r) => __tcfapi("getTCData", 1, (v, ok) => r([v, ok])))), [null, false]);
  assert.deepEqual((await tcfCalls(page, "removeEventListener", listenerId)).v, true);
  await page.evaluate(() => window.consentSieve.rejectAll());
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(await page.evaluate(() => window.__tcf.length), 2, "a removed listener hears nothing");

  // A return visit with the stored choice: tcloaded, no banner, the string of Reject all.
  const next = await context.newPage();
  await next.goto(env.url + "/tcf.html");
  await ready(next);
  await eventually(async () => (await next.evaluate(() => window.__tcf.length)) === 1);
  const loaded = (await next.evaluate(() => window.__tcf))[0].d;
  assert.equal(loaded.eventStatus, "tcloaded");
  const r = TCString.decode(loaded.tcString);
  assert.deepEqual([ids(r.purposeConsents), ids(r.vendorConsents), ids(r.vendorsDisclosed)], [[], [], [4, 10, 32, 52]]);
});

env.test("__tcfapi: Reject all, then analytics only: each string says exactly that choice", async ({ page }) => {
  env.page("/tcf-reject.html", html({ config: iabConfig(), pre: STUBS + LISTEN }));
  await page.goto(env.url + "/tcf-reject.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  await page.click(btn("reject-all"));
  await eventually(async () => (await page.evaluate(() => window.__tcf.length)) === 2);
  const events = await page.evaluate(() => window.__tcf);
  assert.deepEqual(events.map((e) => e.d.eventStatus), ["cmpuishown", "useractioncomplete"]);
  const m = TCString.decode(events[1].d.tcString);
  assert.deepEqual([ids(m.purposeConsents), ids(m.vendorConsents), ids(m.vendorsDisclosed), m.cmpId], [[], [], [4, 10, 32, 52], 300]);
  // Analytics only: TCF 7-10 and the analytics vendor (stats, 10).
  await page.evaluate(() => window.consentSieve.update({ purposes: { analytics: true } }));
  await eventually(async () => (await page.evaluate(() => window.__tcf.length)) === 3);
  const p = TCString.decode((await page.evaluate(() => window.__tcf))[2].d.tcString);
  assert.deepEqual([ids(p.purposeConsents), ids(p.vendorConsents)], [[7, 8, 9, 10], [10]]);
  // The preferences opened again: cmpuishown, with the string in force; the display status follows.
  await page.evaluate(() => window.consentSieve.showPreferences());
  await eventually(async () => (await page.evaluate(() => window.__tcf.length)) === 4);
  const again = (await page.evaluate(() => window.__tcf))[3].d;
  assert.equal(again.eventStatus, "cmpuishown");
  assert.equal(again.tcString, (await page.evaluate(() => window.__tcf))[2].d.tcString);
  assert.equal((await tcfCalls(page, "ping")).v.displayStatus, "visible");
  const display = (await page.evaluate(() => window.__gppEvents)).map((x) => x.e).filter((e) => e.eventName === "cmpDisplayStatus").map((e) => e.data);
  assert.deepEqual(display, ["visible", "hidden", "visible"], "__gpp: banner, choice, preferences");
});

env.test("a config without tcf and gpp loads no iab.js and defines neither API", async ({ page }) => {
  env.page("/plain.html", html({ config: baseConfig() }));
  await page.goto(env.url + "/plain.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  assert.deepEqual(await page.evaluate(() => [typeof window.__tcfapi, typeof window.__gpp]), ["undefined", "undefined"]);
  const paths = env.requests().map((r) => r.path);
  assert.ok(!paths.some((p) => p.endsWith("/iab.js")), paths.join(", "));
  assert.ok(paths.some((p) => p.endsWith("/consent_sieve_bg.wasm")) && !paths.some((p) => p.includes("minimize")), "the consent core");
});

env.test("each config loads the one core it needs: tcf and gpp the IAB core (no engine), with a minimize policy too the full core", async ({ page, context }) => {
  env.page("/iab-core.html", html({ config: iabConfig(), pre: STUBS }));
  await page.goto(env.url + "/iab-core.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  const wasm = () => env.requests().map((r) => r.path).filter((p) => p.endsWith(".wasm")).map((p) => p.slice(p.lastIndexOf("/") + 1));
  assert.deepEqual(wasm(), ["consent_sieve_iab_bg.wasm"]);
  assert.equal((await tcfCalls(page, "ping")).v.cmpStatus, "loaded");
  const noEngine = await page.evaluate(() => { try { window.consentSieve.minimize({ email: "a@b.example" }, { destination: "stats" }); return "minimized"; } catch (e) { return e.code; } });
  assert.equal(noEngine, "minimize.unknown_destination", "a vendor without a policy is no destination");

  const full = iabConfig();
  full.hashKey = "a-site-secret-of-16+-chars";
  full.vendors = full.vendors.map((v) => (v.id === "stats" ? { ...v, minimize: { fields: { email: "hash" } } } : v));
  env.page("/full-core.html", html({ config: full, pre: STUBS }));
  const second = await context.newPage();
  const before = wasm().length;
  await second.goto(env.url + "/full-core.html");
  await ready(second);
  await second.waitForSelector(BANNER, { state: "visible" });
  assert.deepEqual(wasm().slice(before), ["consent_sieve_full_bg.wasm"]);
  await second.click(btn("accept-all"));
  assert.equal((await tcfCalls(second, "ping")).v.cmpStatus, "loaded");
  const out = await second.evaluate(() => window.consentSieve.minimize({ email: "Jane@Example.com", n: 1 }, { destination: "stats" }));
  assert.match(out.email, /^[0-9a-f]{64}$/, "the engine runs in the full core");
  assert.equal(out.n, 1);
  const tc = await second.evaluate(() => new Promise((r) => __tcfapi("addEventListener", 2, (d) => r(d.tcString))));
  assert.ok(TCString.decode(tc).purposeConsents.has(1), "and the TCF code: a TC string of Accept all");
});

const gpcOn = (page) => page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true }));

env.test("__gpp with Global Privacy Control in opt-out mode: an opt-out of sale, in the spec's event order", async ({ page }) => {
  await gpcOn(page);
  env.page("/gpp.html", html({ config: iabConfig({ mode: "opt-out" }), pre: STUBS + LISTEN }));
  await page.goto(env.url + "/gpp.html");
  await ready(page);
  await eventually(async () => (await page.evaluate(() => window.__gppEvents.length)) >= 6);
  const events = (await page.evaluate(() => window.__gppEvents)).map((x) => x.e);
  assert.deepEqual(events.map((e) => [e.eventName, e.data]), [
    ["listenerRegistered", true],
    ["cmpStatus", "loaded"],
    ["cmpDisplayStatus", "visible"],
    ["signalStatus", "not ready"],
    ["sectionChange", "usnat"],
    ["signalStatus", "ready"],
  ]);
  assert.equal(events[0].pingData.cmpStatus, "loading", "registered before the state was known");
  const ping = (await gppCall(page, "ping")).v;
  assert.deepEqual([ping.gppVersion, ping.cmpStatus, ping.signalStatus, ping.applicableSections, ping.sectionList, ping.supportedAPIs], ["1.1", "loaded", "ready", [7], [7], ["7:usnat"]]);
  const section = (await gppCall(page, "getSection", "usnat")).v;
  const [core, gpc] = section;
  assert.deepEqual([core.SaleOptOut, core.SharingOptOut, core.TargetedAdvertisingOptOut, core.SaleOptOutNotice], [1, 1, 1, 1]);
  assert.deepEqual(gpc, { SubsectionType: 1, Gpc: true });
  assert.deepEqual(await gppCall(page, "hasSection", "usnat"), { v: true, ok: true });
  assert.deepEqual(await gppCall(page, "hasSection", "usca"), { v: false, ok: true });
  assert.deepEqual(await gppCall(page, "getField", "usnat.SaleOptOut"), { v: 1, ok: true });
  assert.deepEqual(await gppCall(page, "getField", "usnat.Gpc"), { v: true, ok: true });
  // The reference library reads the string the same.
  const lib = new GppModel(ping.gppString).getSection("usnat");
  assert.deepEqual([lib.SaleOptOut, lib.SharingOptOut, lib.TargetedAdvertisingOptOut, lib.Gpc, lib.MspaCoveredTransaction], [1, 1, 1, true, 2]);
  for (const [k, v] of Object.entries(core)) assert.deepEqual(lib[k], v, `usnat.${k}`);
  // Opting back in (Accept all): not opted out, GPC still reported.
  await page.evaluate(() => window.consentSieve.acceptAll());
  const after = new GppModel((await gppCall(page, "ping")).v.gppString).getSection("usnat");
  assert.deepEqual([after.SaleOptOut, after.SharingOptOut, after.Gpc], [2, 2, true]);
  const tail = (await page.evaluate(() => window.__gppEvents)).slice(6).map((x) => [x.e.eventName, x.e.data]).filter((e) => e[0] !== "cmpDisplayStatus");
  assert.deepEqual(tail.slice(0, 3), [["signalStatus", "not ready"], ["sectionChange", "usnat"], ["signalStatus", "ready"]]);
  // The TCF side in opt-out mode: GDPR does not apply.
  const tc = (await tcfCalls(page, "getTCData")).v;
  assert.deepEqual([tc.gdprApplies, tc.cmpId, tc.tcString], [false, 300, undefined]);
});

env.test("__gpp with tcfeuv2 and state sections in opt-in mode: the TC string of __tcfapi inside the GPP string, the states after a choice", async ({ page }) => {
  const config = iabConfig({ gpp: { sections: ["tcfeuv2", "usnat", "usva", "usco"] } });
  env.page("/gpp-tcf.html", html({ config, pre: STUBS + LISTEN }));
  await page.goto(env.url + "/gpp-tcf.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  // Before a choice: no TC string, so no section 2 (as cmpapi writes none without one); TCF applies.
  let ping = (await gppCall(page, "ping")).v;
  assert.deepEqual([ping.applicableSections, ping.sectionList, ping.supportedAPIs], [[2], [7, 9, 10], ["2:tcfeuv2", "7:usnat", "9:usva", "10:usco"]]);
  assert.deepEqual(await gppCall(page, "hasSection", "tcfeuv2"), { v: false, ok: true });
  await page.click(btn("accept-all"));
  await eventually(async () => (await gppCall(page, "ping")).v.sectionList.length === 4);
  ping = (await gppCall(page, "ping")).v;
  assert.deepEqual([ping.applicableSections, ping.sectionList], [[2], [2, 7, 9, 10]]);
  const tcString = (await tcfCalls(page, "getTCData")).v.tcString;
  assert.equal(ping.gppString.split("~")[1], tcString, "section 2 is the TC string __tcfapi reports");
  // The reference library reads the GPP string: the TC fields, each state's opt-out (none: Accept all).
  const lib = new GppModel(ping.gppString);
  assert.deepEqual(lib.getSectionIds(), [2, 7, 9, 10]);
  const tc = TCString.decode(tcString);
  assert.deepEqual([lib.getFieldValue("tcfeuv2", "CmpId"), lib.getFieldValue("tcfeuv2", "VendorsDisclosed")], [300, ids(tc.vendorsDisclosed)]);
  // parsedSections.tcfeuv2 says what the reference library decodes, by its field names.
  const want = JSON.parse(JSON.stringify(lib.toObject().tcfeuv2));
  const [core, disclosed] = ping.parsedSections.tcfeuv2;
  for (const [k, v] of Object.entries({ ...core, ...disclosed })) assert.deepEqual(v, want[k], `tcfeuv2.${k}`);
  assert.deepEqual(ids(tc.purposeConsents), core.PurposeConsents.flatMap((on, i) => (on ? [i + 1] : [])));
  // TCF 2.2: no direct access to TC data (as cmpapi): getSection and getField answer null.
  assert.deepEqual(await gppCall(page, "hasSection", "tcfeuv2"), { v: true, ok: true });
  assert.deepEqual(await gppCall(page, "getSection", "tcfeuv2"), { v: null, ok: true });
  assert.deepEqual(await gppCall(page, "getField", "tcfeuv2.CmpId"), { v: null, ok: true });
  // The states: not opted out (2), GPC sub-section only where the section has one.
  const usco = (await gppCall(page, "getSection", "usco")).v;
  const usva = (await gppCall(page, "getSection", "usva")).v;
  assert.deepEqual([usco.length, usco[0].SaleOptOut, usco[0].TargetedAdvertisingOptOut, usco[1].Gpc], [2, 2, 2, false]);
  assert.deepEqual([usva.length, usva[0].SaleOptOut, usva[0].SharingNotice], [1, 2, 1]);
  assert.deepEqual(await gppCall(page, "getField", "usva.TargetedAdvertisingOptOut"), { v: 2, ok: true });
  for (const [name, got] of [["usco", usco], ["usva", usva]]) {
    const ref = lib.getSection(name);
    for (const [k, v] of Object.entries(got[0])) assert.deepEqual(ref[k], v, `${name}.${k}`);
  }
  const changes = (await page.evaluate(() => window.__gppEvents)).map((x) => x.e).filter((e) => e.eventName === "sectionChange").map((e) => e.data);
  assert.deepEqual(changes.slice(-4), ["tcfeuv2", "usnat", "usva", "usco"]);
  // Reject all: every state opts out.
  await page.evaluate(() => window.consentSieve.rejectAll());
  const out = new GppModel((await gppCall(page, "ping")).v.gppString);
  assert.deepEqual([out.getFieldValue("usco", "SaleOptOut"), out.getFieldValue("usva", "TargetedAdvertisingOptOut"), out.getFieldValue("usnat", "SharingOptOut")], [1, 1, 1]);
});

/** The frame's script: finds each locator up the frame tree, posts calls (object and string data), records replies. */
const FRAME = `<!doctype html><html><body><script>
window.__replies = [];
function locator(name) { var w = window; while (true) { try { if (w.frames[name]) return w; } catch (e) {} if (w === window.top) return null; w = w.parent; } }
addEventListener("message", function (e) { var d = e.data; if (typeof d == "string") { try { d = JSON.parse(d); } catch (x) { return; } } if (d && (d.__tcfapiReturn || d.__gppReturn)) __replies.push(d); });
window.ask = function (api, call, asString) { var m = {}; m[api + "Call"] = call; locator(api + "Locator").postMessage(asString ? JSON.stringify(m) : m, "*"); };
(function go() {
  if (!locator("__tcfapiLocator") || !locator("__gppLocator")) return setTimeout(go, 10);
  ask("__tcfapi", { command: "ping", version: 2, callId: "early-ping" });
  ask("__tcfapi", { command: "addEventListener", version: 2, callId: 7 });
  ask("__gpp", { command: "ping", callId: "g-early" }, true);
  window.__asked = true;
})();
</script></body></html>`;

env.test("a cross-origin frame calls both APIs through the locators by postMessage, before and after the SDK loads", async ({ page }) => {
  env.page("/frame.html", FRAME);
  const frameUrl = `http://frame.test:${env.port}/frame.html`;
  env.page("/host.html", html({ config: iabConfig(), pre: STUBS, body: `<iframe src="${frameUrl}" title="a vendor frame"></iframe>` }));
  // The core is held back until the frame has asked: its calls reach the stubs.
  let release;
  const held = new Promise((r) => (release = r));
  await page.route("**/consent_sieve_iab_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(env.url + "/host.html");
  const frame = () => page.frames().find((f) => f.url() === frameUrl);
  await eventually(async () => frame() && (await frame().evaluate(() => window.__asked === true)));
  assert.equal(new URL(frameUrl).origin !== new URL(env.url).origin, true, "another origin");
  await eventually(async () => (await frame().evaluate(() => window.__replies.length)) === 2);
  const early = await frame().evaluate(() => window.__replies);
  assert.deepEqual(early.find((r) => r.__tcfapiReturn)?.__tcfapiReturn, { returnValue: { cmpLoaded: false, cmpStatus: "stub", displayStatus: "hidden", apiVersion: "2.3" }, success: true, callId: "early-ping" });
  assert.equal(early.find((r) => r.__gppReturn)?.__gppReturn.returnValue.cmpStatus, "stub");
  assert.equal(await page.evaluate(() => window.consentSieve), undefined, "the SDK has not loaded yet");
  release();
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  // The listener the frame added before the SDK loaded is answered now, then on the choice.
  await eventually(async () => (await frame().evaluate(() => window.__replies.length)) === 3);
  const first = (await frame().evaluate(() => window.__replies))[2].__tcfapiReturn;
  assert.deepEqual([first.callId, first.success, first.returnValue.eventStatus], [7, true, "cmpuishown"]);
  await page.click(btn("accept-all"));
  await eventually(async () => (await frame().evaluate(() => window.__replies.length)) === 4);
  const done = (await frame().evaluate(() => window.__replies))[3].__tcfapiReturn;
  assert.deepEqual([done.callId, done.returnValue.eventStatus], [7, "useractioncomplete"]);
  assert.deepEqual(ids(TCString.decode(done.returnValue.tcString).vendorConsents), [4, 10, 32, 52]);
  // After the load: a string call to __gpp and getSection by object.
  await frame().evaluate(() => {
    window.ask("__gpp", { command: "getSection", parameter: "usnat", callId: "g-sec" }, true);
    window.ask("__tcfapi", { command: "ping", version: 2, callId: "late-ping" });
  });
  await eventually(async () => (await frame().evaluate(() => window.__replies.length)) === 6);
  const late = (await frame().evaluate(() => window.__replies)).slice(4);
  const sec = late.find((r) => r.__gppReturn).__gppReturn;
  assert.equal(sec.callId, "g-sec");
  assert.deepEqual([sec.returnValue[0].SaleOptOut, sec.returnValue[0].Version], [2, 2], "Accept all: not opted out");
  const lping = late.find((r) => r.__tcfapiReturn).__tcfapiReturn;
  assert.deepEqual([lping.callId, lping.returnValue.cmpLoaded, lping.returnValue.cmpStatus], ["late-ping", true, "loaded"]);
});

env.test("without stubs the full API installs itself, with its locator frames", async ({ page }) => {
  env.page("/nostub.html", html({ config: iabConfig() }));
  await page.goto(env.url + "/nostub.html");
  await ready(page);
  assert.deepEqual(await page.evaluate(() => [typeof window.__tcfapi, typeof window.__gpp, !!window.frames.__tcfapiLocator, !!window.frames.__gppLocator]), ["function", "function", true, true]);
  const ping = (await tcfCalls(page, "ping")).v;
  assert.deepEqual([ping.cmpLoaded, ping.cmpStatus, ping.displayStatus], [true, "loaded", "visible"]);
});
