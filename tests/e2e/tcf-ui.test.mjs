// The TCF layers in Chromium (a config with tcf, gvlUrl and the fixture GVL, tests/fixtures/gvl.json): the
// first layer counts the partners and names what they do, the dialog lists the purposes (with where their
// consent comes from and the objection where legitimate interest stands), special purposes, features,
// special features (opt-in) and the vendor list with each vendor's facts; an objection and a special
// feature chosen in the dialog reach the TC string exactly, decoded by @iabtechlabtcf/core; Accept all
// and Reject all; keyboard, axe and 320 px.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TCString } from "@iabtechlabtcf/core";
import { AXE_PATH, BANNER, PREFS, btn, ready, useBrowser } from "./helpers.mjs";
import { baseConfig, html } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });
const FIXTURE = readFileSync(new URL("../fixtures/gvl.json", import.meta.url), "utf8");
const GVL_PATH = "/gvl/tcf-ui-vendor-list.json";
/** stats (10: consent 1,7,8,9, LI 10), ads (32: consent 1,2,3,4,7, special feature 1), video (4: special purposes only). */
const IDS = { ads: 32, stats: 10, video: 4 };

const config = () => {
  const c = baseConfig();
  const tcfPurposes = { analytics: [7, 8, 9], marketing: [1, 2, 3, 4] };
  c.purposes = c.purposes.map((p) => (tcfPurposes[p.id] ? { ...p, tcfPurposes: tcfPurposes[p.id] } : p));
  c.vendors = c.vendors.map((v) => (IDS[v.id] ? { ...v, gvlId: IDS[v.id] } : v));
  return { ...c, tcf: { cmpId: 300, cmpVersion: 7, publisherCC: "DE", gvlUrl: GVL_PATH, legIntPurposes: [10], stacks: [42] } };
};

const ids = (vector) => {
  const out = [];
  vector.forEach((on, id) => on && out.push(id));
  return out;
};
const tcData = (page) => page.evaluate(() => new Promise((r) => __tcfapi("addEventListener", 2, (d) => r(d))));
/** The TC string now, decoded by the reference library, as id lists. */
const decoded = async (page) => {
  const d = await tcData(page);
  assert.notEqual(d.tcString, "", "a TC string");
  const m = TCString.decode(d.tcString);
  return {
    purposeConsents: ids(m.purposeConsents),
    purposeLI: ids(m.purposeLegitimateInterests),
    vendorConsents: ids(m.vendorConsents),
    vendorLI: ids(m.vendorLegitimateInterests),
    specialFeatures: ids(m.specialFeatureOptins),
    disclosed: ids(m.vendorsDisclosed),
    data: d,
  };
};

async function start(page) {
  env.page(GVL_PATH, FIXTURE);
  env.page("/tcf-ui.html", html({ config: config() }));
  await page.goto(env.url + "/tcf-ui.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
}

async function axe(page, selector) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (sel) => {
    const result = await window.axe.run(document.querySelector(sel), { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  }, selector);
}

env.test("the first layer counts the partners and names their stacks, purposes and special features; the dialog has every layer", async ({ page }) => {
  await start(page);
  const first = await page.evaluate(() => {
    const b = document.querySelector('[data-consent-sieve="banner"]');
    return { count: b.querySelector("[data-tcf-vendor-count]")?.getAttribute("data-tcf-vendor-count"), text: b.textContent };
  });
  assert.equal(first.count, "3", "stats, ads and video: the config vendors the GVL lists");
  assert.ok(first.text.includes("We and our 3 partners"), first.text);
  // Stack 42 (2, 3, 4, 7) named instead of its purposes; the rest by name; the special feature.
  assert.ok(first.text.includes("Personalised advertising and its measurement"), first.text);
  assert.ok(first.text.includes("Store and/or access information on a device"), first.text);
  assert.ok(!first.text.includes("Create profiles for personalised advertising"), "covered by the stack");
  assert.ok(first.text.includes("Use precise geolocation data"), first.text);
  assert.deepEqual(await axe(page, BANNER), []);

  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  const d = await page.evaluate(() => {
    const s = document.querySelector("[data-cs-tcf]");
    const all = (sel, attr) => [...s.querySelectorAll(sel)].map((e) => e.getAttribute(attr));
    const vendor = (id) => s.querySelector(`[data-tcf-vendor="${id}"]`);
    return {
      title: s.querySelector("h3").textContent,
      heads: [...s.querySelectorAll("h4")].map((h) => h.textContent),
      purposes: all("[data-tcf-purpose]", "data-tcf-purpose"),
      liPurposes: all("[data-li-purpose]", "data-li-purpose"),
      special: all("[data-special-feature]", "data-special-feature"),
      specialOn: [...s.querySelectorAll("[data-special-feature]")].map((i) => i.checked),
      vendors: all("[data-tcf-vendor]", "data-tcf-vendor"),
      liVendors: all("[data-li-vendor]", "data-li-vendor"),
      consentVendors: all("[data-vendor]", "data-vendor"),
      p10: s.querySelector('[data-tcf-purpose="10"]').textContent,
      p7: s.querySelector('[data-tcf-purpose="7"]').textContent,
      stats: vendor(10).textContent,
      statsLinks: [...vendor(10).querySelectorAll("a")].map((a) => [a.textContent, a.getAttribute("href")]),
      video: vendor(4).textContent,
      ads: vendor(32).textContent,
      liLabel: s.querySelector('[data-li-vendor="stats"]').getAttribute("aria-label"),
    };
  });
  assert.equal(d.title, "Our partners (IAB TCF)");
  assert.deepEqual(d.heads, ["Purposes", "Special purposes", "Features", "Special features", "Partners (3)"]);
  assert.deepEqual(d.purposes, ["1", "2", "3", "4", "7", "8", "9", "10"]);
  assert.deepEqual(d.liPurposes, ["10"], "legitimate interest established only for 10 (allowed and claimed by stats)");
  assert.ok(d.p7.includes("Consent: your choice for Analytics"), d.p7);
  assert.ok(d.p10.includes("Consent is not asked for on this site.") && d.p10.includes("Object to legitimate interest"), d.p10);
  assert.deepEqual([d.special, d.specialOn], [["1"], [false]], "special features are off until opted in");
  assert.deepEqual(d.vendors, ["32", "10", "4"], "config order");
  assert.deepEqual(d.liVendors, ["stats"]);
  assert.deepEqual(d.consentVendors, ["ads", "stats"], "a consent switch for each vendor with a consent purpose (video has none), twin of its switches above");
  assert.equal(d.liLabel, "Fern Stats: Object to legitimate interest");
  for (const want of ["Purposes (consent)", "Purposes (legitimate interest)", "Develop and improve services", "Data collected", "IP addresses", "Kept for", "Measure advertising performance: 30 days", "Cookies, kept for up to 396 days", "Other storage on your device"]) {
    assert.ok(d.stats.includes(want), `${want}: ${d.stats}`);
  }
  assert.deepEqual(d.statsLinks, [["Privacy policy", "https://stats.example/privacy"], ["Legitimate interest claim", "https://stats.example/legint"]]);
  assert.ok(d.video.includes("Cookies, for the session only") && d.video.includes("Deliver and present advertising and content: 30 days"), d.video);
  assert.ok(d.ads.includes("Use precise geolocation data") && !d.ads.includes("Cookies,"), d.ads);
  // Every disclosure open, then axe over the whole dialog.
  await page.evaluate(() => document.querySelectorAll("[data-cs-tcf] details").forEach((e) => (e.open = true)));
  assert.deepEqual(await axe(page, PREFS), []);
});

env.test("an objection and a special feature chosen in the dialog are exactly what the TC string says; kept across a reload", async ({ page, context }) => {
  await start(page);
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  await page.check(`${PREFS} [data-purpose="analytics"]`);
  await page.check(`${PREFS} [data-purpose="marketing"]`);
  await page.check(`${PREFS} [data-li-vendor="stats"]`);
  await page.check(`${PREFS} [data-special-feature="1"]`);
  await page.click(btn("save", PREFS));
  let m = await decoded(page);
  assert.deepEqual(m.purposeConsents, [1, 2, 3, 4, 7, 8, 9]);
  assert.deepEqual(m.purposeLI, [10], "no objection for the purpose");
  assert.deepEqual(m.vendorLI, [], "stats objected to");
  assert.deepEqual(m.vendorConsents, [10, 32]);
  assert.deepEqual(m.specialFeatures, [1]);
  assert.deepEqual(m.disclosed, [4, 10, 32]);
  assert.deepEqual([m.data.purpose.legitimateInterests, m.data.vendor.legitimateInterests, m.data.specialFeatureOptins], [{ 10: true }, {}, { 1: true }]);

  // The dialog shows the stored choice; this time the objection is to the purpose, not the vendor.
  await page.evaluate(() => window.consentSieve.showPreferences());
  await page.waitForSelector(PREFS, { state: "visible" });
  assert.equal(await page.isChecked(`${PREFS} [data-li-vendor="stats"]`), true);
  assert.equal(await page.isChecked(`${PREFS} [data-special-feature="1"]`), true);
  await page.uncheck(`${PREFS} [data-li-vendor="stats"]`);
  await page.check(`${PREFS} [data-li-purpose="10"]`);
  await page.click(btn("save", PREFS));
  m = await decoded(page);
  assert.deepEqual([m.purposeLI, m.vendorLI, m.specialFeatures], [[], [], [1]], "no purpose left on legitimate interest, so no vendor either");
  const saved = m.data.tcString;

  // A new page: the stored record gives the same string (tcloaded).
  const next = await context.newPage();
  await next.goto(env.url + "/tcf-ui.html");
  await ready(next);
  const again = await tcData(next);
  assert.deepEqual([again.eventStatus, again.tcString], ["tcloaded", saved]);
});

env.test("Accept all opts in to the special features and keeps legitimate interest; Reject all gives no consent, objects to it and opts in to nothing", async ({ page }) => {
  await start(page);
  await page.click(btn("accept-all"));
  let m = await decoded(page);
  assert.deepEqual([m.purposeConsents, m.purposeLI, m.vendorConsents, m.vendorLI, m.specialFeatures], [[1, 2, 3, 4, 7, 8, 9], [10], [10, 32], [10], [1]]);
  await page.evaluate(() => window.consentSieve.showBanner());
  await page.click(btn("reject-all"));
  m = await decoded(page);
  assert.deepEqual([m.purposeConsents, m.purposeLI, m.vendorConsents, m.vendorLI, m.specialFeatures], [[], [], [], [], []]);
  assert.deepEqual(m.disclosed, [4, 10, 32], "still disclosed");
});

env.test("keyboard and 320 px: the TCF switches are reachable by Tab and toggled by Space, 24 px targets, no horizontal scroll", async ({ page }) => {
  await start(page);
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.getAttribute("data-special-feature") === "1");
  }
  assert.ok(reached, "Tab reaches the special feature's switch");
  await page.keyboard.press("Space");
  assert.equal(await page.isChecked(`${PREFS} [data-special-feature="1"]`), true);
  for (const sel of ['[data-special-feature="1"]', '[data-li-vendor="stats"]', '[data-li-purpose="10"]', '[data-tcf-vendor="10"] summary']) {
    const box = await page.locator(`${PREFS} ${sel}`).boundingBox();
    assert.ok(box.width >= 24 && box.height >= 24, `${sel}: ${box.width}×${box.height}`);
  }
  const scroll = await page.evaluate(() => {
    document.querySelectorAll("[data-cs-tcf] details").forEach((e) => (e.open = true));
    const dialog = document.querySelector(".cs-dialog");
    return { page: document.documentElement.scrollWidth, dialog: dialog.scrollWidth - dialog.clientWidth };
  });
  assert.ok(scroll.page <= 320 && scroll.dialog <= 0, JSON.stringify(scroll));
  // Saved by keyboard: the opt-in reaches the string.
  await page.focus(btn("save", PREFS));
  await page.keyboard.press("Enter");
  assert.deepEqual((await decoded(page)).specialFeatures, [1]);
}, { context: { viewport: { width: 320, height: 640 } } });
