// The demo page when things are not as expected: corrupted or blocked storage, no wasm.
import assert from "node:assert/strict";
import { ALL_TAGS, BANNER, btn, eventually, open, ran, ranAfter, settle, stored, useBrowser } from "./helpers.mjs";

const env = useBrowser();

/** A genuine stored record, made by a visitor in a throw-away context (optionally at another time). */
async function realRecord(action, clockTime) {
  const context = await env.browser.newContext();
  try {
    if (clockTime) await context.clock.install({ time: clockTime });
    const page = await context.newPage();
    await open(page, env.url);
    const before = env.collectedTags().length;
    await page.click(btn(action));
    // Accepting runs the tags, whose beacons arrive asynchronously: let them land before the test
    // clears the collector and counts what the next page sends.
    if (action === "accept-all") await eventually(() => env.collectedTags().length >= before + ALL_TAGS.length);
    const { local } = await stored(page);
    assert.ok(local && typeof local === "object", "a record was stored");
    if (clockTime) assert.ok(local.at > Date.now() + 86_400_000, `the record is dated in the future (at ${local.at})`);
    return local;
  } finally {
    await context.close();
  }
}

/** Puts `value` into localStorage `consent-sieve` and cookie `consent_sieve` before any page script runs. */
async function plant(context, value) {
  await context.addInitScript((v) => {
    if (window !== window.top) return; // not in the demo's embed frame
    if (sessionStorage.getItem("planted")) return; // only before the first load
    sessionStorage.setItem("planted", "1");
    localStorage.setItem("consent-sieve", v);
    document.cookie = `consent_sieve=${encodeURIComponent(v)}; path=/`;
  }, value);
}

async function assertAsksAgain(page) {
  await page.waitForSelector(BANNER, { state: "visible" });
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.decided, false, "the stored record does not count as a decision");
  assert.deepEqual(state.purposes, { necessary: true, analytics: false, marketing: false });
  await settle(page);
  assert.deepEqual(await ran(page), [], "no gated tag ran");
  assert.deepEqual(env.collectedTags(), []);
}

for (const [name, make] of [
  ["garbage", async () => "{{{ this is not JSON %%%"],
  ["an empty object", async () => "{}"],
  ["tampered JSON (a denial edited into a grant)", async () => {
    const r = await realRecord("reject-all");
    for (const k of Object.keys(r.p)) r.p[k] = true;
    return JSON.stringify(r);
  }],
  ["a future-dated record", async () => JSON.stringify(await realRecord("accept-all", new Date(Date.now() + 400 * 86_400_000)))],
  ["a record of another format version", async () => JSON.stringify({ ...(await realRecord("accept-all")), v: 999 })],
]) {
  env.test(`corrupted storage (${name}) asks again, grants nothing and never throws`, async ({ page, context }) => {
    await plant(context, await make());
    env.clearCollected();
    await open(page, env.url);
    await assertAsksAgain(page);
    // The page still works normally afterwards.
    await page.click(btn("accept-all"));
    assert.deepEqual(await ranAfter(page, ALL_TAGS.length), ALL_TAGS);
  });
}

env.test("a genuine record planted the same way is honoured (the planting itself works)", async ({ page, context }) => {
  await plant(context, JSON.stringify(await realRecord("accept-all")));
  await open(page, env.url);
  assert.deepEqual(await ranAfter(page, ALL_TAGS.length), ALL_TAGS);
  assert.equal(await page.isVisible(BANNER), false);
});

env.test("blocked storage: banner still shows, works in memory, one console warning", async ({ page, context, logs }) => {
  await context.addInitScript(() => {
    const blocked = () => {
      throw new DOMException("The operation is insecure.", "SecurityError");
    };
    Object.defineProperty(window, "localStorage", { configurable: true, get: blocked });
    Object.defineProperty(Document.prototype, "cookie", { configurable: true, get: blocked, set: blocked });
  });
  await open(page, env.url);
  await page.waitForSelector(BANNER, { state: "visible" });
  assert.equal(await page.evaluate(() => window.consentSieve.storageMode()), "memory");
  await page.click(btn("accept-all"));
  assert.deepEqual(await ranAfter(page, ALL_TAGS.length), ALL_TAGS, "the choice works for this page");
  assert.equal(await page.evaluate(() => window.consentSieve.state().decided), true);
  assert.equal(await page.isVisible(BANNER), false);
  await settle(page);
  const warnings = logs.filter((l) => l.type === "warning");
  assert.equal(warnings.length, 1, `exactly one warning, got: ${JSON.stringify(warnings)}`);
  assert.match(warnings[0].text, /storage/i);
});

env.test("wasm blocked: init resolves fail-closed, nothing granted, no gated tag, one error", async ({ page, logs, pageErrors }) => {
  await page.route("**/*.wasm", (r) => r.abort());
  await open(page, env.url);
  const result = await page.evaluate(() => {
    const cs = window.consentSieve;
    return {
      failed: cs.failed,
      state: cs.state(),
      granted: cs.granted("analytics"),
      grantedRequired: cs.granted("necessary"),
      afterAccept: cs.acceptAll(), // a no-op that must not throw
      receipt: cs.receipt(),
      banner: document.querySelector('[data-consent-sieve="banner"]') !== null,
    };
  });
  assert.equal(result.failed, true);
  assert.equal(result.state.decided, false);
  assert.equal(result.state.source, "default");
  assert.deepEqual(result.state.purposes, { necessary: true, analytics: false, marketing: false });
  assert.deepEqual(result.state.vendors, { fernstats: false, pixelads: false, ferntv: false, insights: false });
  assert.equal(result.granted, false);
  assert.equal(result.grantedRequired, true);
  assert.equal(result.afterAccept.decided, false);
  assert.equal(result.receipt, null);
  assert.equal(result.banner, false);
  await settle(page);
  assert.deepEqual(await ran(page), []);
  assert.deepEqual(env.collectedTags(), []);
  // The early layer still holds what the tag manager inserts later, and the embed stays unloaded.
  await page.waitForSelector('script[data-consent-vendor="pixelads"][type="text/plain"]', { state: "attached", timeout: 5000 });
  assert.equal(await page.evaluate(() => window.__late), undefined, "the late vendor tag did not run");
  assert.equal(await page.$eval("iframe.video", (f) => f.getAttribute("src")), null, "the embed did not load");
  assert.deepEqual(env.requests().filter((r) => /^(ads|video)\.localhost/.test(r.host)), [], "no request to a vendor host");
  assert.deepEqual(pageErrors, [], "nothing uncaught");
  const ours = logs.filter((l) => l.type === "error" && l.text.startsWith("consent-sieve:"));
  assert.equal(ours.length, 1, `one console.error from the SDK: ${JSON.stringify(logs)}`);
  // Only other error allowed: the browser's own note about the aborted request.
  const others = logs.filter((l) => l.type === "error" && !l.text.startsWith("consent-sieve:"));
  assert.ok(others.every((l) => /Failed to load resource/.test(l.text)), JSON.stringify(others));
}, { allowErrors: true });
