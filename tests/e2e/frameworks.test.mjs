// Framework conventions: a snapshot that stays the same object until the choice changes and a
// one-argument subscribe (React's useSyncExternalStore, Svelte stores), and an SSR-safe import:
// `init` under Node resolves to an instance that grants nothing instead of throwing.
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { BANNER, REPO, btn, useBrowser } from "./helpers.mjs";

const CONFIG = { policyVersion: "1", purposes: [{ id: "necessary", required: true, label: "Necessary" }, { id: "analytics", label: "Analytics" }] };

test("under Node (server rendering) init resolves to an instance that grants nothing, and logs nothing", async () => {
  const errors = [];
  const original = console.error;
  console.error = (...a) => void errors.push(a.join(" "));
  try {
    const { init } = await import(pathToFileURL(join(REPO, "js", "dist", "index.js")).href);
    const cs = await init(CONFIG);
    assert.equal(cs.failed, true);
    assert.equal(cs.error?.name, "ConsentError");
    assert.equal(cs.error?.code, "env.no_browser");
    assert.deepEqual({ ...cs.state() }, { decided: false, purposes: { necessary: true, analytics: false }, vendors: {}, policyVersion: "1", decidedAt: null, expiresAt: null, source: "default", id: null });
    assert.equal(cs.state(), cs.state(), "a stable snapshot on the server too");
    assert.equal(cs.granted("analytics"), false);
    assert.equal(cs.acceptAll().purposes.analytics, false, "nothing can be granted on the server");
    const off = cs.subscribe(() => {});
    assert.equal(typeof off, "function");
    off();
    assert.equal(await init(CONFIG), cs, "idempotent");
  } finally {
    console.error = original;
  }
  assert.deepEqual(errors, []);
});

const env = useBrowser();
const PAGE = [
  "/framework.html",
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>framework</title><link rel="icon" href="data:,">
<script type="importmap">{"imports":{"consent-sieve":"/node_modules/consent-sieve/dist/index.js"}}</script>
<script type="module">
  import { init } from "consent-sieve";
  window.cs = await init(${JSON.stringify(CONFIG)});
</script></head><body><h1>framework</h1></body></html>`,
];

env.test("state() is the same frozen object until the choice changes; subscribe(listener) fits useSyncExternalStore", async ({ page }) => {
  env.page(...PAGE);
  await page.goto(env.url + "/framework.html");
  await page.waitForFunction(() => window.cs);
  const before = await page.evaluate(() => {
    const cs = window.cs;
    window.seen = [];
    window.off = cs.subscribe(() => window.seen.push(cs.state()));
    const a = cs.state();
    return { same: a === cs.state(), frozen: Object.isFrozen(a) && Object.isFrozen(a.purposes), decided: a.decided };
  });
  assert.deepEqual(before, { same: true, frozen: true, decided: false });
  await page.click(btn("accept-all"));
  await page.waitForFunction(() => window.seen.length === 1);
  const after = await page.evaluate(() => {
    const cs = window.cs;
    const s = cs.state();
    window.off();
    cs.rejectAll();
    return { changed: s !== window.seen[0] ? "listener saw another object" : "same", analytics: s.purposes.analytics, stable: s === cs.acceptAll() ? "no" : "yes" };
  });
  assert.deepEqual(after, { changed: "same", analytics: true, stable: "yes" });
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => window.seen.length), 1, "no call after unsubscribe");
  assert.equal(await page.$(BANNER + ":not([hidden])"), null);
});
