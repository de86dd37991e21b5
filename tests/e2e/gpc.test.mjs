// Global Privacy Control and US opt-out rights, in Chromium with the signal set as a browser sends it
// (navigator.globalPrivacyControl === true): in opt-out mode it becomes the visitor's stored choice
// (source "gpc", in the receipt), the banner says once that it was honoured, and a returning visit shows
// nothing; purposes marked `sale` are the ones refused. The "Do Not Sell or Share My Personal
// Information" link, and `mode: "auto"` taking the jurisdiction from the page's server-written hint.
// A purpose processing sensitive data a GPP section asks consent for (usnat) is held in opt-out mode
// until the visitor turns it on, GPC or not, and usnat says consent (2) only then (read through
// `__gpp` and decoded by @iabgpp/cmpapi).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GppModel } from "@iabgpp/cmpapi";
import { BANNER, PREFS, btn, eventually, ready, settle, stored, useBrowser } from "./helpers.mjs";
import { baseConfig, html, record, tagUrl } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });

/** Opt-out mode, marketing marked as a sale; a gated analytics tag and a gated marketing tag. */
const usConfig = (extra = {}) => {
  const c = baseConfig();
  c.purposes = c.purposes.map((p) => (p.id === "marketing" ? { ...p, sale: true } : p));
  return { ...c, mode: "opt-out", ...extra };
};
const tags = (port) => `<script type="text/plain" data-consent="analytics">${record("analytics")}</script>
<script type="text/plain" data-consent="marketing" data-src="${tagUrl(port, "ads.test", "marketing")}"></script>`;
const gpcOn = (page) => page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true }));
const ranNow = (page) => page.evaluate(() => [...(window.__ran ?? [])].sort());

env.test("opt-out mode with GPC: the signal is the stored choice (source gpc), the banner says so once, sale purposes are refused", async ({ page, context }) => {
  await gpcOn(page);
  env.page("/us.html", html({ config: usConfig(), head: tags(env.port) }));
  await page.goto(env.url + "/us.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  const text = await page.$eval(`${BANNER} .cs-text`, (p) => p.textContent);
  assert.match(text, /Global Privacy Control/, "the banner says the signal was honoured");
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.decided, true);
  assert.equal(state.source, "gpc");
  assert.deepEqual(state.purposes, { necessary: true, analytics: true, marketing: false });
  await settle(page);
  assert.deepEqual(await ranNow(page), ["analytics"], "only what the signal leaves granted ran");
  const receipt = await page.evaluate(() => window.consentSieve.receipt());
  assert.match(JSON.stringify(receipt), /"gpc"/, "the receipt records the source");
  const kept = await stored(page);
  assert.ok(kept.local && kept.cookie, `stored like any choice: ${JSON.stringify(kept)}`);
  assert.equal(kept.local.src ?? kept.local.source, "gpc");

  // A returning visit: no banner, the same choice.
  const next = await context.newPage();
  await gpcOn(next);
  await next.goto(env.url + "/us.html");
  await ready(next);
  await settle(next);
  assert.equal(await next.isVisible(BANNER), false, "nothing to say again");
  assert.equal((await next.evaluate(() => window.consentSieve.state())).source, "gpc");
  assert.deepEqual(await ranNow(next), ["analytics"]);
});

env.test("opt-in mode: GPC decides nothing, the banner asks as usual", async ({ page }) => {
  await gpcOn(page);
  env.page("/eu.html", html({ config: usConfig({ mode: "opt-in" }), head: tags(env.port) }));
  await page.goto(env.url + "/eu.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  assert.doesNotMatch(await page.$eval(`${BANNER} .cs-text`, (p) => p.textContent), /Global Privacy Control/);
  assert.equal((await page.evaluate(() => window.consentSieve.state())).decided, false);
  await settle(page);
  assert.deepEqual(await ranNow(page), []);
});

env.test("the Do Not Sell or Share link: translated text when empty, refuses sale purposes, keeps the rest, shows the preferences", async ({ page }) => {
  env.page("/dnss.html", html({ config: usConfig(), head: tags(env.port), body: '<footer><a href="#" data-consent-sieve-open="do-not-sell"></a></footer>' }));
  await page.goto(env.url + "/dnss.html");
  await ready(page);
  const link = '[data-consent-sieve-open="do-not-sell"]';
  assert.equal(await page.$eval(link, (a) => a.textContent), "Do Not Sell or Share My Personal Information");
  await page.click(link);
  await page.waitForSelector(PREFS, { state: "visible" });
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.deepEqual([state.decided, state.source, state.purposes], [true, "banner", { necessary: true, analytics: true, marketing: false }]);
  assert.equal(await page.isChecked(`${PREFS} input[data-purpose="marketing"]`), false, "the dialog shows it off");
  assert.equal(await page.isChecked(`${PREFS} input[data-purpose="analytics"]`), true);
});

env.test("the Do Not Sell link is translated for a German visitor", async ({ page }) => {
  env.page("/dnss-de.html", html({ config: usConfig(), body: '<a href="#" data-consent-sieve-open="do-not-sell"></a>' }));
  await page.goto(env.url + "/dnss-de.html");
  await ready(page);
  assert.equal(await page.$eval('[data-consent-sieve-open="do-not-sell"]', (a) => a.textContent), "Meine personenbezogenen Daten nicht verkaufen oder teilen");
}, { context: { locale: "de-DE" } });

env.test('mode "auto": the page\'s data-consent-sieve-mode picks the jurisdiction; without it, opt-in', async ({ page, context }) => {
  await gpcOn(page);
  const withHint = (hint) => html({ config: usConfig({ mode: "auto" }), head: tags(env.port) })
    .replace('<html lang="en">', hint ? `<html lang="en" data-consent-sieve-mode="${hint}">` : '<html lang="en">');
  env.page("/auto-us.html", withHint("opt-out"));
  await page.goto(env.url + "/auto-us.html");
  await ready(page);
  assert.equal((await page.evaluate(() => window.consentSieve.state())).source, "gpc", "opt-out: GPC became the choice");
  for (const [path, hint] of [["/auto-none.html", null], ["/auto-bad.html", "ccpa"]]) {
    const p = await context.browser().newPage();
    await gpcOn(p);
    env.page(path, withHint(hint));
    await p.goto(env.url + path);
    await ready(p);
    const s = await p.evaluate(() => window.consentSieve.state());
    assert.deepEqual([s.decided, s.purposes.analytics], [false, false], `${hint ?? "no hint"}: opt-in, nothing granted`);
    await p.close();
  }
});

/** usConfig with `health` (health data, usnat category 3: the law asks consent) and the GPP section usnat. */
const sensitiveConfig = () => {
  const c = usConfig({ gpp: { sections: ["usnat"] } });
  c.purposes = [...c.purposes, { id: "health", label: "Health tips", sensitive: { usnat: [3] } }];
  return c;
};
const GPP_STUB = `<script>${readFileSync(new URL("../../js/dist/gpp-stub.js", import.meta.url), "utf8")}</script>`;
const healthTags = `<script type="text/plain" data-consent="analytics">${record("analytics")}</script>
<script type="text/plain" data-consent="health">${record("health")}</script>`;
const gppField = (page, field) => page.evaluate((f) => new Promise((r) => __gpp("getField", (v) => r(v), f)), field);
/** usnat's SensitiveDataProcessing as getField says it, checked against cmpapi's decoding of the GPP string. */
const usnatSensitive = async (page) => {
  const field = await gppField(page, "usnat.SensitiveDataProcessing");
  const ping = await page.evaluate(() => new Promise((r) => __gpp("ping", (d) => r(d))));
  assert.deepEqual(new GppModel(ping.gppString).getFieldValue("usnat", "SensitiveDataProcessing"), field, "the string says what getField says");
  return field;
};
const cats = (health) => [0, 0, health, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

env.test("opt-out mode: a tag for sensitive data needing consent does not run until the visitor turns it on; then usnat says consent (2)", async ({ page, context }) => {
  env.page("/sensitive.html", html({ config: sensitiveConfig(), pre: GPP_STUB, head: healthTags }));
  await page.goto(env.url + "/sensitive.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  const s = await page.evaluate(() => window.consentSieve.state());
  assert.deepEqual([s.decided, s.purposes], [false, { necessary: true, analytics: true, marketing: true, health: false }], "opt-out mode grants all but health");
  await settle(page);
  assert.deepEqual(await ranNow(page), ["analytics"], "the health tag waits");
  assert.deepEqual(await usnatSensitive(page), cats(1), "no consent");
  // The visitor turns it on in the preferences.
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  const sw = page.locator(`${PREFS} input[data-purpose="health"]`);
  assert.equal(await sw.isChecked(), false, "the dialog shows it off");
  await sw.check();
  await page.click(btn("save", PREFS));
  await eventually(async () => (await ranNow(page)).includes("health"));
  assert.equal((await page.evaluate(() => window.consentSieve.state())).source, "banner");
  assert.deepEqual(await usnatSensitive(page), cats(2), "the visitor's consent");
  // The next page: the stored choice, at once.
  const next = await context.newPage();
  await next.goto(env.url + "/sensitive.html");
  await ready(next);
  await settle(next);
  assert.equal(await next.isVisible(BANNER), false);
  assert.deepEqual(await ranNow(next), ["analytics", "health"]);
  assert.deepEqual(await usnatSensitive(next), cats(2));
});

env.test("opt-out mode with GPC: the sensitive purpose stays off (no consent, 1), Opt out of all keeps it off, Accept all consents (2)", async ({ page }) => {
  await gpcOn(page);
  env.page("/sensitive-gpc.html", html({ config: sensitiveConfig(), pre: GPP_STUB, head: healthTags }));
  await page.goto(env.url + "/sensitive-gpc.html");
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
  const s = await page.evaluate(() => window.consentSieve.state());
  assert.deepEqual([s.source, s.purposes], ["gpc", { necessary: true, analytics: true, marketing: false, health: false }]);
  await settle(page);
  assert.deepEqual(await ranNow(page), ["analytics"]);
  assert.deepEqual(await usnatSensitive(page), cats(1));
  assert.equal(await gppField(page, "usnat.Gpc"), true);
  await page.click(btn("reject-all"));
  await eventually(async () => (await page.evaluate(() => window.consentSieve.state())).source === "banner");
  assert.equal((await page.evaluate(() => window.consentSieve.state())).purposes.health, false);
  assert.deepEqual(await usnatSensitive(page), cats(1), "Opt out of all: still no consent");
  await page.evaluate(() => window.consentSieve.acceptAll());
  await eventually(async () => (await ranNow(page)).includes("health"));
  assert.deepEqual(await usnatSensitive(page), cats(2), "Accept all is consent");
});
