// The demo page (examples/index.html) as a visitor uses it: banner, choices, persistence, gating.
import assert from "node:assert/strict";
import {
  ALL_TAGS, BANNER, PREFS, btn, eventually, open, purposesOf, ran, ranAfter, settle, stored, useBrowser,
} from "./helpers.mjs";

const env = useBrowser();

/** Asserts the stored record (localStorage and cookie) grants exactly `expected`. */
async function assertStored(page, expected) {
  const { local, cookie } = await stored(page);
  assert.ok(local, "localStorage consent-sieve holds a record");
  assert.ok(cookie, "cookie consent_sieve holds a record");
  assert.deepEqual(cookie, local, "cookie and localStorage hold the same record");
  assert.deepEqual(purposesOf(local), expected);
}

/** The gated tags the collector heard from, once `n` arrived (or after a short wait). */
async function collectedTags(n) {
  await eventually(() => env.collectedTags().length >= n, { timeout: n ? 5000 : 600 });
  return env.collectedTags();
}

env.test("first visit shows the banner with three equal, identically styled buttons", async ({ page }) => {
  await open(page, env.url);
  await page.waitForSelector(BANNER, { state: "visible" });
  const actions = ["accept-all", "reject-all", "preferences"];
  const boxes = [];
  for (const a of actions) {
    const box = await page.locator(btn(a)).boundingBox();
    assert.ok(box, `${a} is rendered`);
    boxes.push(box);
  }
  for (const b of boxes.slice(1)) {
    assert.ok(Math.abs(b.width - boxes[0].width) < 1, `equal widths: ${boxes.map((x) => x.width)}`);
    assert.ok(Math.abs(b.height - boxes[0].height) < 1, `equal heights: ${boxes.map((x) => x.height)}`);
  }
  const styles = await page.evaluate(
    ({ sel, props }) => [...document.querySelectorAll(sel)].map((b) => {
      const cs = getComputedStyle(b);
      return Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
    }),
    {
      sel: `${BANNER} .cs-actions .cs-btn`,
      props: ["background-color", "color", "border-top-color", "border-top-width", "font-weight", "font-size", "font-family", "padding-top", "padding-left", "text-decoration-line", "box-shadow"],
    },
  );
  assert.equal(styles.length, 3);
  assert.deepEqual(styles[1], styles[0], "Reject all looks exactly like Accept all");
  assert.deepEqual(styles[2], styles[0], "Preferences looks exactly like Accept all");
  // The stylesheet is applied: a fixed overlay, no layout shift.
  assert.equal(await page.$eval(BANNER, (b) => getComputedStyle(b).position), "fixed");
  assert.deepEqual(await ran(page), [], "nothing ran before a choice");
  assert.equal(await page.evaluate(() => window.consentSieve.state().decided), false);
});

env.test("Reject all stores a full denial and runs no gated tag", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("reject-all"));
  await page.waitForSelector(BANNER, { state: "hidden" });
  await assertStored(page, { necessary: true, analytics: false, marketing: false });
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.decided, true);
  assert.equal(state.source, "banner");
  await settle(page);
  assert.deepEqual(await ran(page), []);
  assert.deepEqual(await collectedTags(0), [], "no gated tag sent anything");
});

env.test("Accept all runs every gated tag exactly once, in document order", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("accept-all"));
  await page.waitForSelector(BANNER, { state: "hidden" });
  assert.deepEqual(await ranAfter(page, ALL_TAGS.length), ALL_TAGS);
  await settle(page);
  assert.deepEqual(await ran(page), ALL_TAGS, "no tag ran twice");
  assert.deepEqual((await collectedTags(ALL_TAGS.length)).sort(), [...ALL_TAGS].sort(), "each tag reported once");
  await assertStored(page, { necessary: true, analytics: true, marketing: true });
});

env.test("after a decision a reload shows no banner and runs the granted tags once again", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("accept-all"));
  await ranAfter(page, ALL_TAGS.length);
  // Beacons are sent asynchronously: let this page's four arrive before counting the next page's.
  await collectedTags(ALL_TAGS.length);
  env.clearCollected();
  await page.reload();
  await page.waitForFunction(() => window.consentSieve);
  assert.deepEqual(await ranAfter(page, ALL_TAGS.length), ALL_TAGS, "granted tags run on this page load");
  assert.equal(await page.isVisible(BANNER), false, "no banner after a decision");
  await settle(page);
  assert.deepEqual(await ran(page), ALL_TAGS, "once per page load");
  assert.deepEqual((await collectedTags(ALL_TAGS.length)).sort(), [...ALL_TAGS].sort());
});

env.test("a reload after Reject all shows no banner and still runs nothing", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("reject-all"));
  await page.reload();
  await page.waitForFunction(() => window.consentSieve);
  await settle(page);
  assert.equal(await page.isVisible(BANNER), false);
  assert.deepEqual(await ran(page), []);
  assert.deepEqual(await collectedTags(0), []);
});

env.test("preferences: analytics only + Save runs only the analytics tags", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  const necessary = page.locator(`${PREFS} input[type="checkbox"][data-purpose="necessary"]`);
  assert.equal(await necessary.isChecked(), true, "required purpose is checked");
  assert.equal(await necessary.isDisabled(), true, "required purpose is disabled");
  const analytics = page.locator(`${PREFS} input[type="checkbox"][data-purpose="analytics"]`);
  assert.equal(await analytics.isChecked(), false, "opt-in: unchecked before a choice");
  await analytics.check();
  await page.click(btn("save", PREFS));
  await page.waitForSelector(PREFS, { state: "hidden" });
  assert.equal(await page.isVisible(BANNER), false, "the banner closes with the saved choice");
  assert.deepEqual(await ranAfter(page, 2), ["analytics-inline", "analytics-external"]);
  await settle(page);
  assert.deepEqual(await ran(page), ["analytics-inline", "analytics-external"]);
  await assertStored(page, { necessary: true, analytics: true, marketing: false });
  assert.deepEqual((await collectedTags(2)).sort(), ["analytics-external", "analytics-inline"]);
});

env.test("the footer re-open link opens the dialog with the stored choices checked", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("preferences"));
  await page.locator(`${PREFS} [data-purpose="marketing"]`).check();
  await page.click(btn("save", PREFS));
  await page.waitForSelector(PREFS, { state: "hidden" });
  await page.reload();
  await page.waitForFunction(() => window.consentSieve);
  const before = page.url();
  await page.click('footer [data-consent-sieve-open="preferences"]');
  await page.waitForSelector(PREFS, { state: "visible" });
  assert.equal(page.url(), before, "the link's default (#) is prevented");
  const checked = await page.$$eval(`${PREFS} input[type="checkbox"][data-purpose]`, (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.purpose, e.checked])));
  assert.deepEqual(checked, { necessary: true, analytics: false, marketing: true });
  // Withdraw marketing: stored as denied.
  await page.locator(`${PREFS} [data-purpose="marketing"]`).uncheck();
  await page.click(btn("save", PREFS));
  await assertStored(page, { necessary: true, analytics: false, marketing: false });
});

env.test("a new policyVersion asks again and runs nothing until decided", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("accept-all"));
  await ranAfter(page, ALL_TAGS.length);
  // Serve the same page with a bumped policy version.
  await page.route(`${env.url}/`, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace('"policyVersion": "2026-03"', '"policyVersion": "2026-04"');
    assert.ok(body.includes('"2026-04"'), "the config was rewritten");
    await route.fulfill({ response: res, body });
  });
  await collectedTags(ALL_TAGS.length); // this page's beacons are in, before counting the next page's
  env.clearCollected();
  await page.reload();
  await page.waitForFunction(() => window.consentSieve);
  await page.waitForSelector(BANNER, { state: "visible" });
  await settle(page);
  assert.deepEqual(await ran(page), [], "nothing runs under the new policy before a choice");
  assert.deepEqual(await collectedTags(0), []);
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.decided, false);
  assert.equal(state.policyVersion, "2026-04");
  await page.click(btn("accept-all"));
  assert.deepEqual(await ranAfter(page, ALL_TAGS.length), ALL_TAGS);
  assert.equal((await stored(page)).local.pv ?? (await stored(page)).local.policyVersion, "2026-04");
});

env.test("forget() erases the choice and the vendors' cookies and storage, then asks again", async ({ page, context }) => {
  await open(page, env.url);
  await page.click(btn("accept-all"));
  await ranAfter(page, ALL_TAGS.length);
  await eventually(async () => (await context.cookies()).some((c) => c.name === "_fs_visit"));
  assert.ok((await context.cookies()).some((c) => c.name === "_px_uid"), "the pixel set its cookie");
  await page.click("#forget");
  await page.waitForSelector(BANNER, { state: "visible" });
  const names = (await context.cookies()).map((c) => c.name);
  assert.ok(!names.includes("consent_sieve") && !names.includes("_fs_visit") && !names.includes("_px_uid"), `cookies left: ${names}`);
  assert.equal(await page.evaluate(() => localStorage.getItem("fernstats-id")), null);
  assert.deepEqual(await stored(page), { local: null, cookie: null });
  assert.equal(await page.evaluate(() => window.consentSieve.state().decided), false);
});

env.test("the minimal example (examples/vanilla) works as copied", async ({ page }) => {
  await open(page, `${env.url}/vanilla/`);
  await page.waitForSelector(BANNER, { state: "visible" });
  assert.equal(await page.textContent("#status"), "Analytics has not run.");
  await page.click(btn("accept-all"));
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("running"));
  assert.deepEqual(await ran(page), ["analytics-inline"]);
});

env.test("issue 3 demo: the tag manager's late vendor tag, the video placeholder and the dataLayer inspector", async ({ page }) => {
  await open(page, env.url);
  // The tag manager inserts Pixel Ads' script from ads.localhost after a second: held, not run, not fetched.
  await page.waitForSelector('script[type="text/plain"][data-consent-vendor="pixelads"][data-src*="ads.localhost"]', { state: "attached", timeout: 5000 });
  const placeholder = page.locator('[data-consent-sieve="placeholder"]');
  assert.equal(await placeholder.count(), 1);
  assert.match(await placeholder.textContent(), /Fern TV/);
  await settle(page);
  assert.equal(await page.evaluate(() => window.__late), undefined);
  const vendorHosts = () => env.requests().filter((r) => /^(ads|video)\.localhost/.test(r.host)).map((r) => r.host.replace(/:\d+$/, "") + r.path);
  assert.deepEqual(vendorHosts(), [], "nothing requested from the vendors' hosts");
  // The inspector lists the Consent Mode default, then the settings, in order.
  await page.waitForFunction(() => document.querySelectorAll("#datalayer-list li").length >= 3);
  const dl = await page.$$eval("#datalayer-list li strong", (els) => els.map((e) => e.textContent));
  assert.deepEqual(dl, ['gtag("consent", "default")', 'gtag("set", "ads_data_redaction", true)', 'gtag("set", "url_passthrough", true)']);

  await page.click(btn("accept-all"));
  await page.waitForFunction(() => window.__late?.length === 1);
  await page.waitForFunction(() => document.querySelector("iframe.video").getAttribute("src"));
  await settle(page);
  assert.equal(await placeholder.count(), 0, "the placeholder is gone");
  assert.deepEqual(vendorHosts().sort(), ["ads.localhost/collect", "ads.localhost/tags/ads.js", "video.localhost/embeds/video.html"]);
  await page.waitForFunction(() => document.querySelectorAll("#datalayer-list li").length >= 5);
  const after = await page.$$eval("#datalayer-list li strong", (els) => els.map((e) => e.textContent));
  assert.deepEqual(after.slice(3), ['gtag("consent", "update")', 'event "consent-sieve-update"']);

  // Withdraw marketing: the ad tag's later reports no longer leave the page.
  await page.click('footer [data-consent-sieve-open="preferences"]');
  await page.locator(`${PREFS} [data-purpose="marketing"]`).uncheck();
  await page.click(btn("save", PREFS));
  env.clearRequests();
  await page.mouse.wheel(0, 4000);
  await page.evaluate(() => window.dispatchEvent(new Event("scroll")));
  await settle(page);
  assert.deepEqual(vendorHosts(), [], "no report reached ads.localhost after the withdrawal");
});
