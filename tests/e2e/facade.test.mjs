// The facade (js/index.js) on a test-only page (fixtures/init.html): invalid configs, the instance API,
// events, idempotency, fail-closed behaviour.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { BANNER, PREFS, btn, settle, useBrowser } from "./helpers.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });

const VALID = {
  policyVersion: "1",
  privacyPolicyUrl: "https://example.test/privacy",
  purposes: [
    { id: "necessary", required: true, label: "Necessary" },
    { id: "analytics", label: "Analytics" },
    { id: "marketing", label: "Marketing" },
  ],
  vendors: [{ id: "stats", name: "Stats", purposes: ["analytics"] }],
};

/** Loads the fixture with `config` and returns window.__result once init settled. */
async function load(page, config) {
  await page.addInitScript((c) => {
    window.__testConfig = c;
  }, config);
  await page.goto(`${env.url}/init.html`);
  await page.waitForFunction(() => window.__result, null, { timeout: 15_000 });
  return page.evaluate(() => window.__result);
}

const clone = () => structuredClone(VALID);

for (const [name, mutate, code, path] of [
  ["an unknown field", (c) => void (c.colour = "red"), "config.unknown_field", "colour"],
  ["a duplicate purpose id", (c) => void c.purposes.push({ id: "analytics", label: "Again" }), "config.duplicate_id", "purposes[3].id"],
  ["a vendor naming an unknown purpose", (c) => void c.vendors[0].purposes.push("ads"), "config.unknown_purpose", "vendors[0].purposes[1]"],
  ["a javascript: URL", (c) => void (c.privacyPolicyUrl = "javascript:alert(1)"), "config.unsafe_url", "privacyPolicyUrl"],
  ["lifetimeDays 400", (c) => void (c.lifetimeDays = 400), "config.out_of_range", "lifetimeDays"],
  ["a missing policyVersion", (c) => void delete c.policyVersion, "config.missing_field", "policyVersion"],
  ["a label of the wrong type", (c) => void (c.purposes[1].label = 42), "config.invalid_type", "purposes[1].label"],
]) {
  env.test(`init rejects ${name}: ConsentError ${code} at "${path}", no banner, nothing runs`, async ({ page }) => {
    const config = clone();
    mutate(config);
    const r = await load(page, config);
    assert.equal(r.ok, false, "init rejected");
    assert.equal(r.name, "ConsentError");
    assert.equal(r.isConsentError, true, "instanceof the exported ConsentError");
    assert.equal(r.code, code);
    assert.equal(r.path, path);
    assert.ok(r.message.includes(path), `the message names the path: ${r.message}`);
    await settle(page, 300);
    assert.equal(await page.$(BANNER), null, "no banner");
    assert.deepEqual(await page.evaluate(() => window.__ran ?? []), []);
    assert.equal(await page.evaluate(() => localStorage.getItem("consent-sieve")), null, "nothing stored");
    assert.equal(await page.evaluate(() => window.consentSieve), undefined);
    assert.equal(await page.$("link[data-consent-sieve-css]"), null, "the stylesheet was taken away again");
  });
}

for (const [name, setup, path] of [
  ["a function", "window.__testConfig.purposes[0].label = () => 'x'", "purposes[0].label"],
  ["undefined", "window.__testConfig.language = undefined", "language"],
  ["a cycle", "window.__testConfig.vendors[0].self = window.__testConfig.vendors[0]", "vendors[0].self"],
  ["a non-plain object", "window.__testConfig.texts = new Map()", "texts"],
  ["a non-object config", "window.__testConfig = 'config'", ""],
]) {
  env.test(`init rejects ${name} in the config with config.invalid_type at "${path}"`, async ({ page }) => {
    await page.addInitScript(`window.__testConfig = ${JSON.stringify(VALID)}; ${setup};`);
    await page.goto(`${env.url}/init.html`);
    await page.waitForFunction(() => window.__result);
    const r = await page.evaluate(() => window.__result);
    assert.equal(r.ok, false);
    assert.equal(r.name, "ConsentError");
    assert.equal(r.code, "config.invalid_type");
    assert.equal(r.path, path);
    assert.equal(await page.$(BANNER), null);
  });
}

env.test("a valid config: init resolves, sets window.consentSieve, fires consent-sieve:ready, is idempotent", async ({ page }) => {
  await page.addInitScript(() => {
    document.addEventListener("consent-sieve:ready", (e) => {
      window.__ready = (window.__ready ?? 0) + 1;
      window.__readyDetail = e.detail;
    });
  });
  const r = await load(page, VALID);
  assert.equal(r.ok, true);
  assert.equal(r.failed, false);
  assert.equal(r.same, true, "window.consentSieve is the resolved instance");
  assert.deepEqual(r.state.purposes, { necessary: true, analytics: false, marketing: false });
  assert.equal(await page.evaluate(() => window.__ready), 1);
  assert.equal(await page.evaluate(() => window.__readyDetail.decided), false);
  const again = await page.evaluate(async () => {
    const p1 = window.init({ policyVersion: "other", purposes: [] });
    const p2 = window.init();
    return (await p1) === window.consentSieve && (await p2) === window.consentSieve && p1 === p2;
  });
  assert.equal(again, true, "later calls return the same promise and instance");
  assert.equal(await page.locator(BANNER).count(), 1, "one banner");
  assert.equal(await page.evaluate(() => window.__ready), 1, "ready fired once");
});

env.test("instance API: acceptAll/rejectAll/update/granted/receipt and gating with several purposes", async ({ page }) => {
  await load(page, VALID);
  const out = await page.evaluate(() => {
    const cs = window.consentSieve;
    const steps = {};
    steps.update = cs.update({ purposes: { analytics: true } });
    steps.ranAfterUpdate = [...(window.__ran ?? [])];
    steps.granted = [cs.granted("analytics"), cs.granted("marketing"), cs.granted("nope"), cs.granted(42)];
    steps.accept = cs.acceptAll();
    steps.ranAfterAccept = [...(window.__ran ?? [])];
    steps.reject = cs.rejectAll();
    steps.receipt = cs.receipt();
    try {
      steps.minimize = cs.minimize({ url: "https://x.test/?email=a@b.c" }, { destination: "stats" });
    } catch (e) {
      steps.minimize = [e.name, e.code, e.path];
    }
    return steps;
  });
  assert.equal(out.update.decided, true);
  assert.equal(out.update.source, "api");
  assert.equal(out.update.purposes.analytics, true);
  assert.equal(out.update.purposes.marketing, false);
  assert.deepEqual(out.ranAfterUpdate, ["analytics"]);
  assert.deepEqual(out.granted, [true, false, false, false]);
  assert.equal(out.accept.purposes.marketing, true);
  assert.deepEqual(out.ranAfterAccept, ["analytics", "marketing", "analytics+marketing"], "a tag needing two purposes waits for both");
  assert.equal(out.reject.purposes.analytics, false);
  assert.ok(out.receipt && typeof out.receipt === "object", "receipt is parsed JSON");
  assert.deepEqual(out.minimize, ["ConsentError", "minimize.unknown_destination", "destination"], "no vendor has a policy: every destination is unknown");
  assert.equal(await page.isVisible(BANNER), false, "an API decision closes the banner");
});

env.test("minimize(): a new object under the destination's policy, the input untouched; the engine's core is loaded only for such configs", async ({ page }) => {
  const config = clone();
  config.hashKey = "site-secret-0123456789";
  config.vendors[0].minimize = { fields: { email: { action: "hash", profile: "google.email" }, uid: "hmac", secret: "drop" } };
  await load(page, config);
  const out = await page.evaluate(() => {
    const cs = window.consentSieve;
    const event = { event: "signup", email: " Jo.Doe@GMail.com ", uid: "u-1", secret: "x", note: "call +44 20 7946 0958", n: [1, 2] };
    const before = JSON.stringify(event);
    const denied = cs.minimize(event, { destination: "stats" });
    cs.acceptAll();
    const granted = cs.minimize(event, { destination: "stats" });
    const errors = [];
    for (const [ev, opts] of [[event, { destination: "nope" }], [event, undefined], [42, { destination: "stats" }], [(() => { const o = {}; o.self = o; return o; })(), { destination: "stats" }]]) {
      try {
        cs.minimize(ev, opts);
        errors.push("no error");
      } catch (e) {
        errors.push([e.name, e.code, e.path]);
      }
    }
    const wasm = performance.getEntriesByType("resource").map((r) => r.name.split("/").pop()).filter((n) => n.endsWith(".wasm"));
    return { denied, granted, same: granted === event, unchanged: JSON.stringify(event) === before, errors, wasm };
  });
  assert.equal(out.denied, null, "undecided: the vendor is not granted and the default denied policy drops");
  assert.equal(out.same, false, "a new object");
  assert.equal(out.unchanged, true, "the input is never mutated");
  const { createHash, createHmac } = await import("node:crypto");
  assert.deepEqual(out.granted, {
    event: "signup",
    email: createHash("sha256").update("jodoe@gmail.com").digest("hex"),
    uid: createHmac("sha256", "site-secret-0123456789").update("u-1").digest("hex"),
    note: "call [phone]",
    n: [1, 2],
  });
  assert.deepEqual(out.errors, [
    ["ConsentError", "minimize.unknown_destination", "destination"],
    ["ConsentError", "minimize.unknown_destination", "destination"],
    ["ConsentError", "minimize.invalid_event", "event"],
    ["ConsentError", "minimize.invalid_event", "event"],
  ]);
  assert.deepEqual(out.wasm, ["consent_sieve_minimize_bg.wasm"]);
});

env.test("a config without a minimize policy loads the consent-only core", async ({ page }) => {
  await load(page, VALID);
  const wasm = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name.split("/").pop()).filter((n) => n.endsWith(".wasm")));
  assert.deepEqual(wasm, ["consent_sieve_bg.wasm"]);
});

env.test("update with bad input throws ConsentError with code and path; the SDK keeps working", async ({ page }) => {
  await load(page, VALID);
  const errors = await page.evaluate(() => {
    const cs = window.consentSieve;
    const grab = (fn) => {
      try {
        fn();
        return null;
      } catch (e) {
        return { name: e.name, code: e.code, path: e.path, isClass: e instanceof window.ConsentError };
      }
    };
    return {
      unknownPurpose: grab(() => cs.update({ purposes: { ads: true } })),
      unknownVendor: grab(() => cs.update({ vendors: { nobody: true } })),
      notAnObject: grab(() => cs.update("analytics")),
      unknownEvent: grab(() => cs.on("changed", () => {})),
      badListener: grab(() => cs.on("change", 42)),
      stillWorks: cs.acceptAll().decided,
    };
  });
  assert.deepEqual(errors.unknownPurpose, { name: "ConsentError", code: "update.unknown_purpose", path: "purposes.ads", isClass: true });
  assert.equal(errors.unknownVendor.code, "update.unknown_vendor");
  assert.equal(errors.unknownVendor.path, "vendors.nobody");
  assert.equal(errors.notAnObject.code, "update.invalid");
  assert.deepEqual(errors.unknownEvent, { name: "ConsentError", code: "api.unknown_event", path: "event", isClass: true });
  assert.equal(errors.badListener.code, "api.invalid_argument");
  assert.equal(errors.stillWorks, true);
});

env.test("change listeners and the consent-sieve:change event; a throwing listener breaks nothing", async ({ page, logs }) => {
  await load(page, VALID);
  const seen = await page.evaluate(async () => {
    const cs = window.consentSieve;
    const calls = [];
    cs.on("change", () => {
      throw new Error("listener bug");
    });
    const off = cs.on("change", (s) => calls.push(["a", s.purposes.analytics, cs.state().decided]));
    cs.on("change", (s) => calls.push(["b", s.purposes.analytics]));
    document.addEventListener("consent-sieve:change", (e) => calls.push(["event", e.detail.purposes.analytics]));
    cs.acceptAll();
    await new Promise((r) => setTimeout(r, 50));
    off();
    cs.rejectAll();
    await new Promise((r) => setTimeout(r, 50));
    return calls;
  });
  assert.deepEqual(seen, [
    ["a", true, true],
    ["b", true],
    ["event", true],
    ["b", false],
    ["event", false],
  ]);
  const reported = logs.filter((l) => l.type === "error");
  assert.equal(reported.length, 2, "each throw of the bad listener is reported once");
  assert.ok(reported.every((l) => l.text.includes("listener")));
}, { allowErrors: true });

env.test("the banner's buttons fire change events with source banner", async ({ page }) => {
  await page.addInitScript(() => {
    document.addEventListener("consent-sieve:change", (e) => (window.__changes ??= []).push(e.detail));
  });
  await load(page, VALID);
  await page.click(btn("reject-all"));
  await page.waitForFunction(() => window.__changes?.length === 1);
  const change = await page.evaluate(() => window.__changes[0]);
  assert.equal(change.source, "banner");
  assert.equal(change.purposes.analytics, false);
});

env.test("data-consent-sieve-open opens the dialog without page code", async ({ page }) => {
  await load(page, VALID);
  await page.click(btn("reject-all"));
  await page.click("#reopen");
  await page.waitForSelector(PREFS, { state: "visible" });
  assert.equal(new URL(page.url()).hash, "", "default prevented");
});

env.test("stylesheet: false leaves styling to the site; the JS-only options never reach the core", async ({ page }) => {
  const r = await load(page, { ...VALID, stylesheet: false, nonce: "n0nce", wasmUrl: `${env.url}/node_modules/consent-sieve/dist/pkg/consent_sieve_bg.wasm` });
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.failed, false);
  assert.equal(await page.$("link[data-consent-sieve-css]"), null);
  assert.notEqual(await page.$eval(BANNER, (b) => getComputedStyle(b).position), "fixed", "unstyled");
});

env.test("the stylesheet link carries the nonce and is loaded before the banner shows", async ({ page }) => {
  const r = await load(page, { ...VALID, nonce: "n0nce" });
  assert.equal(r.ok, true);
  const link = await page.$eval("link[data-consent-sieve-css]", (l) => ({ nonce: l.nonce, href: l.href, loaded: !!l.sheet }));
  assert.equal(link.nonce, "n0nce");
  assert.equal(link.href, `${env.url}/node_modules/consent-sieve/dist/consent-sieve.css`);
  assert.equal(link.loaded, true);
});

env.test("wasm blocked on a page calling init(): resolves failed, methods are safe no-ops", async ({ page, logs, pageErrors }) => {
  await page.route("**/*.wasm", (r) => r.abort());
  const r = await load(page, VALID);
  assert.equal(r.ok, true);
  assert.equal(r.failed, true);
  assert.equal(r.state.decided, false);
  assert.deepEqual(r.state.purposes, { necessary: true, analytics: false, marketing: false });
  const calls = await page.evaluate(() => {
    const cs = window.consentSieve;
    cs.showBanner();
    cs.showPreferences();
    cs.hide();
    return {
      update: cs.update({ purposes: { analytics: true } }).purposes.analytics,
      forget: cs.forget().decided,
      erased: cs.forget().erased,
      off: typeof cs.on("change", () => {}),
      error: String(cs.error),
      mode: cs.storageMode(),
    };
  });
  assert.deepEqual(calls.update, false);
  assert.equal(calls.forget, false);
  assert.deepEqual(calls.erased, { record: false, cookies: [], localStorage: [], sessionStorage: [], receiptsKept: 0 });
  assert.equal(calls.off, "function");
  assert.equal(calls.mode, "memory");
  assert.ok(calls.error.length > 0);
  await settle(page, 300);
  assert.deepEqual(await page.evaluate(() => window.__ran ?? []), []);
  assert.equal(await page.$(BANNER), null);
  assert.deepEqual(pageErrors, []);
  assert.equal(logs.filter((l) => l.type === "error" && l.text.startsWith("consent-sieve:")).length, 1);
}, { allowErrors: true });

for (const [file, pattern] of [
  ["auto-bad-json.html", /cannot read the config.*JSON/i],
  ["auto-invalid.html", /vendors\[0\]\.purposes\[0\].*\[config\.unknown_purpose\]$/],
]) {
  env.test(`auto.js with ${file}: one console.error naming the problem, no banner, nothing runs`, async ({ page, logs, pageErrors }) => {
    await page.goto(`${env.url}/${file}`);
    await page.waitForFunction(() => document.readyState === "complete");
    await settle(page, 500);
    const errors = logs.filter((l) => l.type === "error");
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].text, pattern);
    assert.equal(errors[0].text.split("consent-sieve:").length, 2, `the message is not doubled: ${errors[0].text}`);
    assert.equal(errors[0].text.split("[config.").length, 2, `the code is named once: ${errors[0].text}`);
    assert.deepEqual(pageErrors, [], "auto.js never throws");
    assert.equal(await page.$(BANNER), null);
    assert.deepEqual(await page.evaluate(() => window.__ran ?? []), []);
  }, { allowErrors: true });
}
