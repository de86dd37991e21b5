// Global Privacy Control and US opt-out rights, in Chromium with the signal set as a browser sends it
// (navigator.globalPrivacyControl === true): in opt-out mode it becomes the visitor's stored choice
// (source "gpc", in the receipt), the banner says once that it was honoured, and a returning visit shows
// nothing; purposes marked `sale` are the ones refused. The "Do Not Sell or Share My Personal
// Information" link, and `mode: "auto"` taking the jurisdiction from the page's server-written hint.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { BANNER, PREFS, btn, ready, settle, stored, useBrowser } from "./helpers.mjs";
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
