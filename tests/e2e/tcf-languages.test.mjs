// The TCF layers' own texts in every bundled language (js/lang/tcf/<code>.json, shipped as
// lang/tcf-<code>.js): each file has exactly the core's 28 keys and keeps their placeholders; in
// Chromium a de-DE visitor on a TCF page (the fixture GVL) gets them in German, the site's own `texts`
// win key by key, a consent-only page never downloads one, and a missing one leaves those texts in
// English with the banner working.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BANNER, PREFS, REPO, btn, ready, useBrowser } from "./helpers.mjs";
import { baseConfig, html } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });
const LANG_DIR = join(REPO, "js", "lang");
const read = (file) => JSON.parse(readFileSync(join(LANG_DIR, file), "utf8"));
const FIXTURE = readFileSync(new URL("../fixtures/gvl.json", import.meta.url), "utf8");
const GVL_PATH = "/gvl/tcf-languages-vendor-list.json";

/** The core's TCF table (src/core/policy/texts.rs, `texts_table! { TcfKey, …`): key → English text. */
const ENGLISH = (() => {
  const src = readFileSync(join(REPO, "src", "core", "policy", "texts.rs"), "utf8");
  const table = src.slice(src.indexOf("texts_table! { TcfKey"));
  const body = table.slice(0, table.indexOf("\n}\n"));
  return Object.fromEntries([...body.matchAll(/^\s*Tcf\w+ = "(tcf\w+)", "((?:[^"\\]|\\.)*)";$/gm)].map((m) => [m[1], m[2]]));
})();
const placeholders = (s) => [...s.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();

env.test("every bundled language has a TCF file with exactly the core's 28 keys, each keeping its English placeholders", async () => {
  const keys = Object.keys(ENGLISH);
  assert.equal(keys.length, 28, `the core's TCF table: ${keys.join(", ")}`);
  const dts = readFileSync(join(REPO, "js", "index.d.ts"), "utf8");
  const typed = [...dts.slice(dts.indexOf("export type TcfTextKey")).split(";")[0].matchAll(/"(tcf\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(typed, keys, "TcfTextKey in index.d.ts names the same keys");
  const codes = readdirSync(LANG_DIR).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  const tcf = readdirSync(join(LANG_DIR, "tcf")).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  assert.ok(codes.length >= 13, codes.join(", "));
  assert.deepEqual(tcf, codes, "one js/lang/tcf/<code>.json per bundled language, no other");
  for (const code of tcf) {
    const texts = read(`tcf/${code}.json`);
    assert.deepEqual(Object.keys(texts), keys, `tcf/${code}.json: the 28 keys, in the core's order, no other`);
    for (const key of keys) {
      const t = texts[key];
      assert.ok(typeof t === "string" && t.trim() !== "" && t === t.trim(), `tcf/${code}.json ${key}: a text`);
      assert.deepEqual(placeholders(t), placeholders(ENGLISH[key]), `tcf/${code}.json ${key} keeps ${placeholders(ENGLISH[key]).join(" ") || "no placeholder"}: ${t}`);
      if (key !== "tcfDays" && key !== "tcfVendors" && key !== "tcfConsent") {
        assert.notEqual(t, ENGLISH[key], `tcf/${code}.json ${key} is translated`);
      }
    }
  }
});

const tcfConfig = (extra = {}) => {
  const c = baseConfig();
  const tcfPurposes = { analytics: [7, 8, 9], marketing: [1, 2, 3, 4] };
  const ids = { ads: 32, stats: 10, video: 4 };
  c.purposes = c.purposes.map((p) => (tcfPurposes[p.id] ? { ...p, tcfPurposes: tcfPurposes[p.id] } : p));
  c.vendors = c.vendors.map((v) => (ids[v.id] ? { ...v, gvlId: ids[v.id] } : v));
  return { ...c, tcf: { cmpId: 300, cmpVersion: 7, publisherCC: "DE", gvlUrl: GVL_PATH, legIntPurposes: [10], stacks: [42] }, ...extra };
};
/** The language files this page asked for (lang/<file>). */
const langRequests = () => env.requests().filter((r) => r.path.includes("/lang/")).map((r) => r.path.replace(/^.*\/lang\//, ""));

async function show(page, config, path = "/tcf-languages.html") {
  env.page(GVL_PATH, FIXTURE);
  env.page(path, html({ config }));
  await page.goto(env.url + path);
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
}

/** The first layer's TCF line and the dialog's TCF part, as text. */
async function tcfTexts(page) {
  const first = await page.$eval(`${BANNER} [data-tcf-vendor-count]`, (e) => e.textContent);
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  const dialog = await page.evaluate(() => {
    const s = document.querySelector("[data-cs-tcf]");
    return {
      title: s.querySelector("h3").textContent,
      heads: [...s.querySelectorAll("h4")].map((h) => h.textContent),
      p10: s.querySelector('[data-tcf-purpose="10"]').textContent,
      p7: s.querySelector('[data-tcf-purpose="7"]').textContent,
      stats: s.querySelector('[data-tcf-vendor="10"]').textContent,
      liLabel: s.querySelector('[data-li-vendor="stats"]').getAttribute("aria-label"),
    };
  });
  return { first, ...dialog };
}

env.test("a de-DE visitor on a TCF page gets the TCF layers in German (lang/tcf-de.js beside lang/de.js)", async ({ page }) => {
  await show(page, tcfConfig());
  const de = read("tcf/de.json");
  const t = await tcfTexts(page);
  assert.equal(t.first, de.tcfBannerText.replace("{count}", "3"));
  assert.equal(t.title, de.tcfTitle);
  assert.deepEqual(t.heads, [de.tcfPurposes, de.tcfSpecialPurposes, de.tcfFeatures, de.tcfSpecialFeatures, de.tcfVendors.replace("{count}", "3")]);
  assert.ok(t.p7.includes(de.tcfConsentFrom.replace("{purposes}", "Analytics")), t.p7);
  assert.ok(t.p10.includes(de.tcfNoConsent) && t.p10.includes(de.tcfObject), t.p10);
  for (const want of [de.tcfVendorConsent, de.tcfVendorLegInt, de.tcfDataCategories, de.tcfRetention, de.tcfDays.replace("{days}", "30"), de.tcfCookies.replace("{days}", "396"), de.tcfOtherStorage, de.tcfLegIntClaim]) {
    assert.ok(t.stats.includes(want), `${want}: ${t.stats}`);
  }
  assert.equal(t.liLabel, `Fern Stats: ${de.tcfObject}`);
  assert.ok(!t.stats.includes("Kept for") && !t.first.includes("partners"), "nothing of it in English");
  assert.equal(await page.$eval(btn("save", PREFS), (b) => b.textContent), read("de.json").save, "the rest of the UI in German too");
  assert.deepEqual(langRequests().sort(), ["de.js", "tcf-de.js"], "the language's two files, once each");
  const tc = await page.evaluate(() => new Promise((r) => __tcfapi("getTCData", 2, (d) => r(d))));
  assert.equal(tc.cmpStatus, "loaded");
}, { context: { locale: "de-DE" } });

env.test("the site's own texts.de.tcfTitle wins over the bundled one; the other TCF texts stay bundled", async ({ page }) => {
  await show(page, tcfConfig({ texts: { de: { tcfTitle: "Unsere Werbepartner", acceptAll: "Einverstanden" } } }));
  const de = read("tcf/de.json");
  assert.equal(await page.$eval(btn("accept-all"), (b) => b.textContent), "Einverstanden");
  const t = await tcfTexts(page);
  assert.equal(t.title, "Unsere Werbepartner", "the site's key");
  assert.equal(t.first, de.tcfBannerText.replace("{count}", "3"), "the rest from lang/tcf-de.js");
  assert.equal(t.heads[0], de.tcfPurposes);
}, { context: { locale: "de-DE" } });

env.test("a consent-only de page (and a GPP-only one) downloads no TCF language file", async ({ page }) => {
  await show(page, baseConfig());
  assert.equal(await page.$eval(btn("accept-all"), (b) => b.textContent), read("de.json").acceptAll);
  assert.deepEqual(langRequests(), ["de.js"]);
  assert.ok(!env.requests().some((r) => /\/iab\.js$/.test(r.path)), "nor iab.js");
  env.clearRequests();
  await show(page, { ...baseConfig(), gpp: { sections: ["usnat"] } }, "/gpp-languages.html");
  assert.deepEqual(langRequests(), ["de.js"], "GPP shows no TCF layers");
}, { context: { locale: "de-DE" } });

env.test("a missing TCF language file leaves those texts in English, the rest German, and the banner working", async ({ page, logs, pageErrors }) => {
  let asked = 0;
  await page.route("**/lang/tcf-de.js", (r) => (asked++, r.fulfill({ status: 404, body: "not found" })));
  await show(page, tcfConfig());
  assert.equal(asked, 1, "it was asked for");
  assert.equal(await page.$eval(btn("accept-all"), (b) => b.textContent), read("de.json").acceptAll);
  const first = await page.$eval(`${BANNER} [data-tcf-vendor-count]`, (e) => e.textContent);
  assert.ok(first.startsWith("We and our 3 partners"), first);
  await page.click(btn("accept-all"));
  const tc = await page.evaluate(() => new Promise((r) => __tcfapi("getTCData", 2, (d) => r(d))));
  assert.equal(tc.cmpStatus, "loaded");
  assert.ok(tc.tcString.length > 0, "a TC string");
  assert.equal(await page.evaluate(() => window.consentSieve.state().decided), true);
  assert.deepEqual(pageErrors.map(String), [], "no uncaught error");
  const errors = logs.filter((l) => l.type === "error").map((l) => l.text);
  assert.ok(errors.length <= 1 && errors.every((e) => /404/.test(e)), `only the failed load: ${errors.join(" | ")}`);
}, { context: { locale: "de-DE" }, allowErrors: true });
