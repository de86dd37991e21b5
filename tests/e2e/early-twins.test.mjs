// The rules JavaScript must apply before the wasm exists, each checked against the same shared fixture
// as its Rust counterpart: the Consent Mode default command (js/early.js vs core::consent_mode, over
// tests/fixtures/consent-mode-default.json) and the language shown (js/choose-language.js vs
// core::policy::texts::resolve, over tests/fixtures/languages.json). The routing twin has its own file
// (routes.test.mjs). Fast: node's vm, no browser, no build.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";
import { chooseLanguage } from "../../js/choose-language.js";

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
