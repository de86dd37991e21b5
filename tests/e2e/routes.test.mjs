// The routing rule of tests/fixtures/routes.json, as early.js implements it (core::hosts is checked
// against the same cases in Rust): every case runs through window.__consentSieveEarly.route(url) with
// early.js evaluated in node's vm, a fresh window per case whose location is the case's page. Fast: no
// browser, no build.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const SOURCE = readFileSync(new URL("../../js/early.js", import.meta.url), "utf8");
const FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/routes.json", import.meta.url), "utf8"));

/** early.js in a window at `page` (no DOM: the interceptions it cannot install are skipped, with a warning each). */
function earlyAt(page, script = "") {
  const warnings = [];
  const location = new URL(page);
  const window = {
    location,
    document: { baseURI: page, currentScript: script ? { src: script } : null, getElementById: () => null },
    console: { warn: (...a) => warnings.push(a.join(" ")) },
  };
  vm.runInNewContext(SOURCE, { window, URL, Uint8Array, ArrayBuffer, Promise, WeakSet, WeakMap, setTimeout });
  const early = window.__consentSieveEarly;
  // Arrays from the vm's realm, as plain ones.
  return { early: { ...early, route: (url) => { const r = early.route(url); return r && [...r]; } }, warnings };
}

/** A fixture vendor as a config vendor: `destination` is a vendor with a minimize policy. */
const asConfig = (v) => ({ id: v.id, hosts: v.hosts, ...(v.paths ? { paths: v.paths } : {}), ...(v.destination ? { minimize: { fields: {} } } : {}) });

test("early.js routes every case of tests/fixtures/routes.json as the fixture says", () => {
  assert.ok(FIXTURE.cases.length >= 20, "the fixture has its cases");
  const wrong = [];
  for (const c of FIXTURE.cases) {
    const { early } = earlyAt(c.page);
    early.addHosts(c.vendors.map(asConfig));
    const r = early.route(c.url);
    const got = r ? { vendor: r[0], destination: r[1] } : null;
    if (JSON.stringify(got) !== JSON.stringify(c.expect)) wrong.push(`${c.name}: ${c.url} → ${JSON.stringify(got)}, expected ${JSON.stringify(c.expect)}`);
  }
  assert.deepEqual(wrong, []);
});

test("early.js never claims the SDK's own files, wherever a vendor's hosts and paths would", () => {
  const vendors = [{ id: "cdn", hosts: ["cdn.test"], paths: ["/*"], minimize: { fields: {} } }, { id: "own", hosts: ["shop.test"], paths: ["/*"] }];
  // Loaded from a CDN by its <script> tag: that directory is the SDK's.
  const { early } = earlyAt("https://shop.test/", "https://cdn.test/npm/consent-sieve@1/dist/early.js");
  early.addHosts(vendors);
  // Imported as a module: the facade names its directory.
  early.addHosts([], "https://shop.test/node_modules/consent-sieve/dist/");
  for (const f of ["auto.js", "index.js", "consent-sieve.css", "pkg/consent_sieve_bg.wasm", "pkg/consent_sieve.js", "lang/de.json"]) {
    assert.equal(early.route(`https://cdn.test/npm/consent-sieve@1/dist/${f}`), undefined, f);
    assert.equal(early.route(`/node_modules/consent-sieve/dist/${f}`), undefined, f);
    assert.equal(early.judge(`/node_modules/consent-sieve/dist/${f}`), "", `${f} is never held`);
  }
  // Anything else there is still the vendors': a request with a query, a path with no file extension, another folder.
  assert.deepEqual(early.route("https://cdn.test/npm/consent-sieve@1/dist/auto.js?x=1"), ["cdn", true]);
  assert.deepEqual(early.route("https://cdn.test/npm/consent-sieve@1/dist/collect"), ["cdn", true]);
  assert.deepEqual(early.route("https://cdn.test/npm/consent-sieve@1/dist/x/y/z.js"), ["cdn", true]);
  assert.deepEqual(early.route("https://cdn.test/npm/other/tag.js"), ["cdn", true]);
  assert.deepEqual(early.route("/node_modules/other/tag.js"), ["own", false]);
  assert.equal(early.judge("/node_modules/other/tag.js"), "own", "held before the facade registers");
});

test("a path pattern with several '*' matches without backtracking blow-up", () => {
  const { early } = earlyAt("https://shop.test/");
  early.addHosts([{ id: "a", hosts: ["x.test"], paths: ["/*a*a*a*a*a*a*a*a*b"] }]);
  const long = "/" + "a".repeat(20000);
  assert.equal(early.route(`https://x.test${long}`)[0], "a", "a host claim (-1): no path matched");
  assert.equal(early.route(`https://shop.test${long}`), undefined);
  early.addHosts([{ id: "b", hosts: ["shop.test"], paths: ["/*a*a*b"] }]);
  assert.deepEqual(early.route(`https://shop.test${long}b`), ["b", false]);
});
