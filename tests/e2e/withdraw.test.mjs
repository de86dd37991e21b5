// Revocation without reload: withdrawing marketing deletes the vendor's cookies (host and
// parent domain, path=/sub too) and localStorage/sessionStorage keys, keeps everything else, and stops
// the vendor's running code from reaching its host (fetch, XHR, sendBeacon, new Image().src) while
// another vendor's requests still go out. With reloadOnWithdraw the page reloads once.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { PREFS, btn, ready, settle, useBrowser } from "./helpers.mjs";
import { baseConfig, html } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });

/** The shop page lives at www.shop.test/sub/ so vendors can set cookies for shop.test and for /sub. */
function shopPage(port, config = baseConfig()) {
  const vendor = (host, name) => `<script type="text/plain" data-consent-vendor="${name}" data-src="http://${host}:${port}/vendor.js?name=${name}"></script>`;
  return html({
    config,
    head: `<script>
  document.cookie = "_keep=1; path=/";
  localStorage.setItem("keep-key", "1");
  sessionStorage.setItem("keep-key", "1");
  sessionStorage.setItem("loads", String(Number(sessionStorage.getItem("loads") || 0) + 1));
</script>
${vendor("ads.test", "ads")}
${vendor("stats.test", "stats")}`,
  });
}

const SHOP = (port) => `http://www.shop.test:${port}/sub/withdraw.html`;

async function acceptAndCheckStored(page, context) {
  await page.goto(SHOP(env.port));
  await ready(page);
  await page.click(btn("accept-all"));
  await page.waitForFunction(() => window.__ping?.ads && window.__ping?.stats);
  const cookies = await context.cookies();
  const has = (name, domain, path) => cookies.some((c) => c.name === name && c.domain === domain && c.path === path);
  assert.ok(has("_ads_id", "www.shop.test", "/"), "host cookie set");
  assert.ok(has("_ads_dom", ".shop.test", "/"), "parent-domain cookie set");
  assert.ok(has("_ads_sub", "www.shop.test", "/sub"), "path=/sub cookie set");
  assert.deepEqual(await page.evaluate(() => [localStorage.getItem("ads-id"), sessionStorage.getItem("ads-id")]), ["a1", "s1"]);
}

async function withdrawMarketing(page) {
  await page.evaluate(() => window.consentSieve.showPreferences());
  await page.waitForSelector(PREFS, { state: "visible" });
  await page.locator(`${PREFS} input[data-purpose="marketing"]`).uncheck();
  await page.click(btn("save", PREFS));
}

env.test("withdrawing marketing deletes the vendor's cookies and storage keys, keeps the rest, and stops its requests", async ({ page, context, logs }) => {
  env.page("/sub/withdraw.html", shopPage(env.port));
  await acceptAndCheckStored(page, context);
  // Before the withdrawal the vendor's requests go out.
  env.clearRequests();
  const before = await page.evaluate(() => window.__ping.ads("before"));
  assert.deepEqual({ ...before, imgSrc: typeof before.imgSrc }, { fetch: "ok", beacon: true, imgSrc: "string", xhr: "load" });
  for (let i = 0; i < 50 && env.requestsTo("ads.test").length < 4; i++) await page.waitForTimeout(20);
  assert.deepEqual(env.requestsTo("ads.test").map((r) => r.query.via).sort(), ["beacon", "fetch", "img", "xhr"], "the vendor reached its host while granted");

  await withdrawMarketing(page);
  await page.waitForSelector(PREFS, { state: "hidden" });
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.purposes.marketing, false);
  assert.equal(state.vendors.ads, false);
  assert.equal(state.vendors.stats, true);

  const names = (await context.cookies()).map((c) => `${c.name}@${c.domain}${c.path}`).sort();
  assert.deepEqual(names.filter((n) => n.startsWith("_ads")), [], `vendor cookies are gone: ${names}`);
  assert.ok(names.includes("_keep@www.shop.test/"), "other cookies stay");
  assert.ok(names.some((n) => n.startsWith("consent_sieve@")), "the consent record stays");
  assert.deepEqual(
    await page.evaluate(() => [localStorage.getItem("ads-id"), sessionStorage.getItem("ads-id"), localStorage.getItem("keep-key"), sessionStorage.getItem("keep-key")]),
    [null, null, "1", "1"],
    "vendor storage keys are gone, others stay",
  );

  // The vendor's code is still there (the documented limit), but its requests no longer leave the page.
  env.clearRequests();
  const after = await page.evaluate(() => window.__ping.ads("after"));
  const stats = await page.evaluate(() => window.__ping.stats("after"));
  assert.deepEqual(after, { fetch: "TypeError", beacon: false, imgSrc: null, xhr: "error" }, "each request fails like a network error");
  assert.equal(stats.fetch, "ok");
  assert.equal(stats.beacon, true);
  assert.equal(stats.xhr, "load");
  for (let i = 0; i < 50 && env.requestsTo("stats.test").length < 4; i++) await page.waitForTimeout(20);
  await settle(page);
  assert.deepEqual(env.requestsTo("ads.test"), [], "nothing reached the withdrawn vendor's host");
  assert.deepEqual(env.requestsTo("stats.test").map((r) => r.query.via).sort(), ["beacon", "fetch", "img", "xhr"], "the granted vendor's requests still go out");
  const warnings = logs.filter((l) => l.type === "warning" && l.text.includes('vendor "ads"'));
  assert.equal(warnings.length, 1, `one warning naming the vendor: ${JSON.stringify(logs)}`);
});

env.test("reloadOnWithdraw: withdrawing reloads the page once; granting does not", async ({ page, context }) => {
  env.page("/sub/withdraw.html", shopPage(env.port, { ...baseConfig(), reloadOnWithdraw: true }));
  await acceptAndCheckStored(page, context);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("loads")), "1", "Accept all did not reload");
  await withdrawMarketing(page);
  await page.waitForFunction(() => sessionStorage.getItem("loads") === "2");
  await ready(page);
  await settle(page);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("loads")), "2", "reloaded exactly once");
  assert.deepEqual(await page.evaluate(() => window.__ran), ["stats"], "after the reload only the granted vendor runs");
  assert.deepEqual((await context.cookies()).filter((c) => c.name.startsWith("_ads")), []);
});
