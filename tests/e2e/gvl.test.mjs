// The Global Vendor List in Chromium (TCF with tcf.gvlUrl): the site's own copy (tests/fixtures/gvl.json)
// served by the local server, read by @iabtechlabtcf/core's GVL class in node as the reference; the TC
// string carries the GVL's versions and exactly the choices made, with deleted and unlisted vendors left
// out as the reference encoder leaves them out; one fetch, then the cache (a corrupted cache is refetched);
// a GVL that is missing or invalid fails closed (cmpStatus "error", no string, nothing consented, no page
// error); a GVL with another tcfPolicyVersion asks again.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GVL, TCModel, TCString } from "@iabtechlabtcf/core";
import { BANNER, btn, eventually, ready, useBrowser } from "./helpers.mjs";
import { baseConfig, html } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });
const FIXTURE = readFileSync(new URL("../fixtures/gvl.json", import.meta.url), "utf8");
const GVL_PATH = "/gvl/vendor-list.json";
/** Config vendors' GVL ids: 52 is deleted in the fixture, 77 is not in it, 4 has special purposes only. */
const IDS = { ads: 32, pixel: 52, stats: 10, video: 4, gone: 77 };
const TCF = { cmpId: 300, cmpVersion: 7, publisherCC: "DE", gvlUrl: GVL_PATH };

const gvlConfig = (tcf = TCF) => {
  const c = baseConfig();
  const tcfPurposes = { analytics: [7, 8, 9, 10], marketing: [1, 2, 3, 4] };
  c.purposes = c.purposes.map((p) => (tcfPurposes[p.id] ? { ...p, tcfPurposes: tcfPurposes[p.id] } : p));
  c.vendors = [...c.vendors, { id: "gone", name: "Gone Co", purposes: ["marketing"] }].map((v) => ({ ...v, gvlId: IDS[v.id] }));
  return { ...c, tcf };
};

const ids = (vector) => {
  const out = [];
  vector.forEach((on, id) => on && out.push(id));
  return out;
};
const tcf = (page, command, param) => page.evaluate(([c, p]) => new Promise((r) => __tcfapi(c, 2, (v, ok) => r({ v, ok }), p)), [command, param]);
const gvlFetches = () => env.requests().filter((r) => r.path === GVL_PATH).length;
/** A listener added right after the SDK is ready: its first TCData. */
const firstTcData = async (page) => (await tcf(page, "addEventListener")).v;

test_reference();
function test_reference() {
  env.test("the fixture as @iabtechlabtcf/core's GVL reads it: the versions and the vendors our core keeps", async () => {
    const lib = new GVL(JSON.parse(FIXTURE));
    assert.equal(lib.isReady, true);
    assert.deepEqual([lib.gvlSpecificationVersion, lib.vendorListVersion, lib.tcfPolicyVersion], [3, 142, 5]);
    lib.narrowVendorsTo(Object.values(IDS));
    // The reference narrows to the listed, not deleted vendors: what our TC strings disclose (below).
    assert.deepEqual(Object.keys(lib.vendors).map(Number), [4, 10, 32], "77 is not listed, 52 is deleted");
    assert.ok(lib.fullVendorList[52].deletedDate);
    const consentable = Object.values(lib.vendors).filter((v) => v.purposes.length > 0).map((v) => v.id);
    assert.deepEqual(consentable, [10, 32], "4 declares special purposes only");
    assert.deepEqual(Object.keys(lib.stacks).map(Number), [1, 42]);
  });
}

env.test("gvlUrl: the TC string carries the GVL's versions and exactly the choices, as the reference encoder would; one fetch, then the cache", async ({ page, context, logs }) => {
  env.page(GVL_PATH, FIXTURE);
  env.page("/gvl.html", html({ config: gvlConfig() }));
  await page.goto(env.url + "/gvl.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  const ping = (await tcf(page, "ping")).v;
  assert.deepEqual([ping.cmpStatus, ping.gvlVersion, ping.tcfPolicyVersion, ping.cmpId], ["loaded", 142, 5, 300]);
  const warned = logs.filter((l) => l.type === "warning" && l.text.includes("is not in the Global Vendor List")).map((l) => l.text);
  assert.equal(warned.length, 2, "52 (deleted) and 77 (unlisted), once each: " + warned.join(" | "));
  assert.ok(warned.some((t) => t.includes("vendors[1].gvlId") && t.includes("52")) && warned.some((t) => t.includes("vendors[4].gvlId") && t.includes("77")), warned.join(" | "));

  await page.click(btn("accept-all"));
  const data = await firstTcData(page);
  assert.equal(data.cmpStatus, "loaded");
  assert.equal(data.gvlVersion, undefined, "gvlVersion is ping's, not the TCData's");
  const m = TCString.decode(data.tcString);
  assert.deepEqual([m.vendorListVersion, m.policyVersion, m.cmpId, m.cmpVersion], [142, 5, 300, 7]);
  assert.deepEqual(ids(m.purposeConsents), [1, 2, 3, 4, 7, 8, 9, 10]);
  assert.deepEqual(ids(m.vendorsDisclosed), [4, 10, 32], "deleted and unlisted vendors are not disclosed");
  assert.deepEqual(ids(m.vendorConsents), [10, 32], "4 declares no consent purpose");
  assert.deepEqual([ids(m.vendorLegitimateInterests), ids(m.purposeLegitimateInterests)], [[], []]);
  assert.deepEqual(data.vendor.consents, { 4: false, 10: true, 32: true });

  // The reference encoder, given the same choice and the same GVL, keeps exactly the same vendor consents.
  const model = new TCModel(new GVL(JSON.parse(FIXTURE)));
  Object.assign(model, { cmpId: 300, cmpVersion: 7, isServiceSpecific: true, publisherCountryCode: "DE" });
  model.purposeConsents.set([1, 2, 3, 4, 7, 8, 9, 10]);
  model.vendorConsents.set(Object.values(IDS));
  const ref = TCString.decode(TCString.encode(model));
  assert.deepEqual(ids(ref.vendorConsents), ids(m.vendorConsents));
  assert.deepEqual([ref.vendorListVersion, ref.policyVersion], [m.vendorListVersion, m.policyVersion]);

  // Fetched once; the cache holds the subset only.
  assert.equal(gvlFetches(), 1);
  const cached = JSON.parse(await page.evaluate(() => localStorage.getItem("consent-sieve-gvl")));
  assert.equal(cached.url, GVL_PATH);
  assert.deepEqual(cached.ids, [4, 10, 32, 52, 77]);
  assert.deepEqual(Object.keys(cached.gvl.vendors), ["4", "10", "32", "52"], "only the config's vendors");

  // The next page: the cached copy, no second fetch, the stored choice (tcloaded) with the same string.
  const next = await context.newPage();
  await next.goto(env.url + "/gvl.html");
  await ready(next);
  const again = await firstTcData(next);
  assert.deepEqual([again.eventStatus, again.cmpStatus, again.tcString], ["tcloaded", "loaded", data.tcString]);
  assert.equal((await tcf(next, "ping")).v.gvlVersion, 142);
  assert.equal(gvlFetches(), 1, "no second fetch");

  // A corrupted cache is ignored and fetched again.
  await next.evaluate(() => localStorage.setItem("consent-sieve-gvl", '{"url":"/gvl/vendor-list.json","at":'));
  await next.reload();
  await ready(next);
  assert.equal((await firstTcData(next)).tcString, data.tcString);
  assert.equal(gvlFetches(), 2);
});

for (const [what, serve, code] of [
  ["missing (404)", null, "gvl.unavailable"],
  ["not JSON", '{"gvlSpecificationVersion": 3, "vendors": {', "gvl.invalid"],
  ["GVL v2", FIXTURE.replace('"gvlSpecificationVersion": 3', '"gvlSpecificationVersion": 2'), "gvl.invalid"],
]) {
  env.test(`a GVL that is ${what} fails closed: cmpStatus "error", no TC string, nothing consented, no exception`, async ({ page, logs, pageErrors }) => {
    const path = `/gvl-${code}-${what.length}.json`;
    if (serve !== null) env.page(path, serve);
    env.page("/gvl-bad.html", html({ config: gvlConfig({ ...TCF, gvlUrl: path }) }));
    await page.goto(env.url + "/gvl-bad.html");
    await ready(page);
    await page.waitForSelector(BANNER, { state: "visible" });
    const ping = (await tcf(page, "ping")).v;
    assert.equal(ping.cmpStatus, "error");
    assert.equal(ping.gvlVersion, undefined);
    await page.click(btn("accept-all"));
    const data = await firstTcData(page);
    assert.deepEqual([data.cmpStatus, data.tcString], ["error", ""]);
    assert.ok(!JSON.stringify(data.purpose.consents).includes("true"), JSON.stringify(data.purpose));
    assert.deepEqual([data.vendor.consents, data.vendor.disclosedVendors], [{}, {}]);
    assert.deepEqual(pageErrors.map(String), [], "nothing thrown into the page");
    const errors = logs.filter((l) => l.type === "error").map((l) => l.text);
    const why = code === "gvl.invalid" ? (serve.startsWith("{\"gvlS") ? "not valid JSON" : "gvlSpecificationVersion") : "HTTP status 404";
    assert.ok(errors.some((t) => t.includes("Global Vendor List") && t.includes("tcf.gvlUrl") && t.includes(why)), errors.join(" | "));
    if (code === "gvl.invalid") assert.ok(errors.some((t) => t.includes(code)), errors.join(" | "));
    assert.equal(await page.evaluate(() => localStorage.getItem("consent-sieve-gvl")), null, "nothing cached");
    // The site's own choice still works (only TCF is closed).
    assert.equal(await page.evaluate(() => window.consentSieve.state().decided), true);
  }, { allowErrors: true });
}

env.test("a GVL with another tcfPolicyVersion discards the stored TC choice: the banner asks again", async ({ page }) => {
  env.page("/gvl-policy.json", FIXTURE);
  env.page("/gvl-policy.html", html({ config: gvlConfig({ ...TCF, gvlUrl: "/gvl-policy.json" }) }));
  await page.goto(env.url + "/gvl-policy.html");
  await ready(page);
  await page.click(btn("accept-all"));
  const record = await page.evaluate(() => JSON.parse(localStorage.getItem("consent-sieve")));
  assert.equal(record.tp, 5, "the record says the policy version");
  // Same GVL: no banner.
  await page.reload();
  await ready(page);
  assert.equal((await firstTcData(page)).eventStatus, "tcloaded");
  assert.equal(await page.locator(BANNER).isVisible(), false);
  // The proxy now serves a GVL with policy version 4 (and the cached copy has lapsed).
  env.page("/gvl-policy.json", FIXTURE.replace('"tcfPolicyVersion": 5', '"tcfPolicyVersion": 4').replace('"vendorListVersion": 142', '"vendorListVersion": 143'));
  await page.evaluate(() => localStorage.removeItem("consent-sieve-gvl"));
  await page.reload();
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  const before = await firstTcData(page);
  assert.deepEqual([before.eventStatus, before.tcString], ["cmpuishown", ""], "asked again, nothing consented");
  await page.click(btn("reject-all"));
  await eventually(async () => (await page.evaluate(() => JSON.parse(localStorage.getItem("consent-sieve")).tp)) === 4);
  const m = TCString.decode((await firstTcData(page)).tcString);
  assert.deepEqual([m.policyVersion, m.vendorListVersion, ids(m.vendorConsents)], [4, 143, []]);
});

env.test("a GVL slower than the facade's 5 s wait: the banner shows, TCF says cmpStatus \"error\", the late list is cached for the next page", async ({ page, context, logs }) => {
  const path = "/gvl-slow.json";
  env.page(path, FIXTURE);
  env.page("/gvl-slow.html", html({ config: gvlConfig({ ...TCF, gvlUrl: path }) }));
  await page.route(`**${path}`, async (route) => {
    await new Promise((r) => setTimeout(r, 6500));
    await route.continue();
  });
  const t0 = Date.now();
  await page.goto(env.url + "/gvl-slow.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  assert.ok(Date.now() - t0 < 6500, "the banner did not wait for the list");
  assert.equal((await tcf(page, "ping")).v.cmpStatus, "error");
  await eventually(async () => (await page.evaluate(() => localStorage.getItem("consent-sieve-gvl"))) !== null, { timeout: 10_000 });
  assert.ok(logs.some((l) => l.type === "warning" && l.text.includes("Global Vendor List arrived late")), logs.map((l) => l.text).join(" | "));
  assert.equal((await tcf(page, "ping")).v.cmpStatus, "error", "not switched on mid-page");
  // The next page: from the cache at once, no request.
  const fetched = gvlFetches();
  const next = await context.newPage();
  await next.goto(env.url + "/gvl-slow.html");
  await ready(next);
  assert.deepEqual([(await tcf(next, "ping")).v.cmpStatus, (await tcf(next, "ping")).v.gvlVersion], ["loaded", 142]);
  assert.equal(gvlFetches(), fetched);
}, { timeout: 60_000 });
