// The rules JavaScript must apply before the wasm exists, each checked against the same shared fixture
// as its Rust counterpart: the Consent Mode default command (js/early.js vs core::consent_mode, over
// tests/fixtures/consent-mode-default.json) and the language shown (js/choose-language.js vs
// core::policy::texts::resolve, over tests/fixtures/languages.json), and the wasm core a config needs
// (js/early.js's preload vs js/loader.js coreFor, over tests/fixtures/core-choice.json), and whether a held tag may run
// (js/early.js tagAllowed vs core::gate::allowed, over tests/fixtures/gate.json), and the first layer shown
// before the core (js/early.js view vs the core's start and texts, over tests/fixtures/first-layer.json). The routing twin has its own file
// (routes.test.mjs). Fast: node's vm, no browser, no build.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";
import { chooseLanguage } from "../../js/choose-language.js";
import { coreFor } from "../../js/loader.js";

const EARLY = readFileSync(new URL("../../js/early.js", import.meta.url), "utf8");
const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"));

/** The gtag commands early.js pushes for a page whose config element holds `config`. */
function earlyDefault(config) {
  const pushed = [];
  const window = {
    location: new URL("https://shop.test/"),
    document: { baseURI: "https://shop.test/", currentScript: null, getElementById: (id) => (id === "consent-sieve-config" ? { textContent: JSON.stringify(config) } : null) },
    console: { warn() {} },
    gtag: (...args) => pushed.push(JSON.parse(JSON.stringify(args))),
  };
  vm.runInNewContext(EARLY, { window, URL, Uint8Array, ArrayBuffer, Promise, WeakSet, WeakMap, setTimeout });
  return pushed;
}

test("early.js pushes the Consent Mode default of every case in tests/fixtures/consent-mode-default.json", () => {
  const { cases } = fixture("consent-mode-default.json");
  assert.ok(cases.length >= 5);
  for (const c of cases) assert.deepEqual(earlyDefault(c.config), c.commands, c.name);
});

test("choose-language.js shows the language of every case in tests/fixtures/languages.json", () => {
  const { cases } = fixture("languages.json");
  const bundled = readdirSync(new URL("../../js/lang/", import.meta.url)).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
  assert.ok(cases.length >= 10 && bundled.length >= 13);
  for (const c of cases) assert.equal(chooseLanguage(c.language, c.own, c.browser, bundled).code, c.shown, c.name);
});

/** The <link>s early.js adds to <head> when the tag running it is `script` (null: inline). */
function earlyPreloads(config, script) {
  const links = [];
  const el = () => ({});
  const document = {
    baseURI: "https://shop.test/page/",
    currentScript: script,
    getElementById: (id) => (id === "consent-sieve-config" ? { textContent: JSON.stringify(config) } : null),
    createElement: el,
    head: { appendChild: (e) => links.push({ ...e }) },
  };
  const window = { location: new URL("https://shop.test/page/"), document, console: { warn() {} } };
  vm.runInNewContext(EARLY, { window, URL, Uint8Array, ArrayBuffer, Promise, WeakSet, WeakMap, setTimeout });
  return links;
}
const tag = (src, attrs = {}) => ({ src, nonce: attrs.nonce ?? "", getAttribute: (k) => attrs[k] ?? null });

test("early.js preloads the core loader.js coreFor picks, for every case in tests/fixtures/core-choice.json", () => {
  const { cases } = fixture("core-choice.json");
  const cores = ["consent_sieve", "consent_sieve_minimize", "consent_sieve_iab", "consent_sieve_full"];
  assert.ok(cases.length >= 10 && cores.every((k) => cases.some((c) => c.core === k)), "every core is some case's answer");
  const dist = "https://cdn.test/npm/consent-sieve@1/dist/";
  for (const c of cases) {
    assert.equal(coreFor(c.config), c.core, `loader.js: ${c.name}`);
    const core = `${dist}pkg/${c.core}`;
    assert.deepEqual(earlyPreloads(c.config, tag(`${dist}early.js`)), [
      { rel: "modulepreload", href: `${dist}index.js` },
      { rel: "modulepreload", href: `${dist}early.js` },
      { rel: "modulepreload", href: `${core}.js` },
      { rel: "preload", href: `${core}_bg.wasm`, as: "fetch", crossOrigin: "anonymous" },
    ], `early.js: ${c.name}`);
  }
});

test("early.js preloads only when loaded by src as early.js, and not with data-preload=off", () => {
  const config = { vendors: [{ id: "ga" }] };
  assert.deepEqual(earlyPreloads(config, null), [], "inline (Vite plugin, webpack template)");
  assert.deepEqual(earlyPreloads(config, tag("https://shop.test/consent-sieve-early.js")), [], "a renamed copy (Next's public/)");
  assert.deepEqual(earlyPreloads(config, tag("https://shop.test/nm/consent-sieve/dist/early.js", { "data-preload": "off" })), []);
  const q = earlyPreloads(config, tag("https://shop.test/nm/consent-sieve/dist/early.js?v=3#x", { nonce: "n0" }));
  assert.deepEqual(q.map((l) => l.href), ["https://shop.test/nm/consent-sieve/dist/index.js", "https://shop.test/nm/consent-sieve/dist/early.js", "https://shop.test/nm/consent-sieve/dist/pkg/consent_sieve.js", "https://shop.test/nm/consent-sieve/dist/pkg/consent_sieve_bg.wasm"]);
  assert.ok(q.every((l) => l.nonce === "n0"), "the tag's nonce is carried (strict CSP)");
  const own = earlyPreloads({ ...config, wasmUrl: "/assets/core.wasm" }, tag("https://shop.test/nm/consent-sieve/dist/early.js"));
  assert.equal(own.at(-1).href, "https://shop.test/assets/core.wasm", "a configured wasmUrl is what is preloaded");
});

test("early.js's tagAllowed answers every case in tests/fixtures/gate.json as core::gate::allowed does", () => {
  const { config, states, cases } = fixture("gate.json");
  const window = { location: new URL("https://shop.test/"), document: { baseURI: "https://shop.test/", currentScript: null, getElementById: () => null }, console: { warn() {} } };
  vm.runInNewContext(EARLY, { window, URL, Uint8Array, ArrayBuffer, Promise, WeakSet, WeakMap, setTimeout });
  const { tagAllowed } = window.__consentSieveEarly;
  // What the facade stores (js/index.js remember): the state's maps and each vendor's purposes.
  const vp = Object.fromEntries(config.vendors.map((v) => [v.id, v.purposes]));
  assert.ok(cases.length >= 30 && cases.some((c) => c.allowed) && cases.some((c) => !c.allowed));
  for (const c of cases) {
    const s = { p: states[c.state].purposes, v: states[c.state].vendors, vp };
    assert.equal(tagAllowed(s, c.consent, c.vendor), c.allowed, `${c.state}: data-consent ${JSON.stringify(c.consent)}, vendor ${JSON.stringify(c.vendor)}`);
  }
});

/** early.js's `view` (the first layer it paints before the core), run raw as the page would. */
function earlyView() {
  const window = { location: new URL("https://shop.test/"), document: { baseURI: "https://shop.test/", currentScript: null, getElementById: () => null }, console: { warn() {} }, TextEncoder };
  vm.runInNewContext(EARLY, { window, URL, Uint8Array, ArrayBuffer, Promise, WeakSet, WeakMap, setTimeout });
  return window.__consentSieveEarly.view;
}

test("early.js paints the first layer of every case in tests/fixtures/first-layer.json (and nothing where the core decides)", () => {
  const { cases } = fixture("first-layer.json");
  const view = earlyView();
  assert.ok(cases.length >= 30 && cases.some((c) => c.view) && cases.some((c) => !c.view));
  for (const c of cases) {
    const got = view(c.config, c.merged ?? false, c.browser, c.hint ?? null, c.gpc ?? false);
    // A plain copy: the vm's objects have another realm's prototypes.
    assert.deepEqual(got ? JSON.parse(JSON.stringify(got)) : null, c.view, c.name);
  }
});

test("early.js knows the bundled languages (js/lang/*.json): it leaves theirs to the facade until merged", () => {
  const bundled = readdirSync(new URL("../../js/lang/", import.meta.url)).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
  const view = earlyView();
  const config = { policyVersion: "1", purposes: [{ id: "a", label: "A" }] };
  for (const code of bundled) assert.equal(view(config, false, [code], null, false), 0, code);
  for (const code of bundled) assert.equal(view(config, true, [code], null, false).lang, "en", `${code}, its texts did not arrive`);
  assert.equal(view(config, false, ["fi"], null, false).lang, "en", "not bundled: English at once");
  assert.equal(/** @type {RegExpMatchArray} */ (EARLY.match(/var BUNDLED = "([a-z ]+)"/))[1], bundled.join(" "), "the list, in order");
});
