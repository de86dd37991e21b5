// The Vite plugin's tags (js/vite.js), read without a browser: the stylesheet <link> it writes for
// early.js's first paint (its URL under the dev server: under the root, under `base`, or /@fs/ for a
// package outside the root; its hashed asset in a build), and none where the config asks for no
// stylesheet or a URL of its own, or gives no config. The built and served apps themselves are
// driven in Chromium by bundlers.test.mjs.
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import consentSieve from "../../js/vite.js";

const JS = dirname(fileURLToPath(new URL("../../js/vite.js", import.meta.url)));
const CONFIG = { policyVersion: "1", purposes: [{ id: "analytics", label: "Analytics" }] };

/** The plugin's tags for one page: `command` serve or build, with Vite's resolved `root` and `base`; `config: null`: none given. */
function tags({ command = "serve", root = join(JS, ".."), base = "/", config = CONFIG, bundle = {} } = {}) {
  const [main, preload] = consentSieve(config === null ? {} : { config });
  main.configResolved({ root, base, command });
  const out = [...main.transformIndexHtml.handler()];
  if (command === "build") out.push(...preload.transformIndexHtml.handler("", { bundle }));
  return out;
}
const links = (t) => t.filter((x) => x.tag === "link" && x.attrs.rel === "stylesheet");

test("vite dev: the stylesheet linked where the dev server serves the package, marked for early.js", () => {
  const l = links(tags());
  assert.equal(l.length, 1);
  assert.deepEqual(l[0].attrs, { rel: "stylesheet", href: "/js/consent-sieve.css", "data-consent-sieve-css": true });
  assert.equal(l[0].injectTo, "head");
  assert.equal(links(tags({ base: "/shop/" }))[0].attrs.href, "/shop/js/consent-sieve.css", "under base");
  assert.equal(links(tags({ base: "/shop" }))[0].attrs.href, "/shop/js/consent-sieve.css", "base without its slash");
  assert.equal(links(tags({ root: "/srv/elsewhere" }))[0].attrs.href, `/@fs${JS}/consent-sieve.css`, "a package outside the root: /@fs/");
});

test("vite build: the hashed stylesheet asset linked in <head>, marked; none without one", () => {
  const bundle = { a: { type: "asset", fileName: "assets/consent-sieve-Ab12.css" }, b: { type: "asset", fileName: "assets/site-Zz.css" } };
  const l = links(tags({ command: "build", bundle }));
  assert.equal(l.length, 1, "only the build's link (the dev one is serve-only)");
  assert.deepEqual(l[0].attrs, { rel: "stylesheet", href: "/assets/consent-sieve-Ab12.css", "data-consent-sieve-css": true });
  assert.equal(links(tags({ command: "build", bundle, base: "/shop/" }))[0].attrs.href, "/shop/assets/consent-sieve-Ab12.css");
  assert.deepEqual(links(tags({ command: "build", bundle: { b: bundle.b } })), [], "no asset (inlined, or not emitted): no link, the facade adds it");
});

test("vite: no stylesheet link when the config asks for none, names its own, or is not given", () => {
  const bundle = { a: { type: "asset", fileName: "assets/consent-sieve-Ab12.css" } };
  for (const stylesheet of [false, "/css/mine.css"]) {
    for (const command of ["serve", "build"]) assert.deepEqual(links(tags({ command, bundle, config: { ...CONFIG, stylesheet } })), [], `${command}, stylesheet ${stylesheet}`);
  }
  assert.equal(links(tags({ config: { ...CONFIG, stylesheet: true } })).length, 1, "stylesheet: true is the default");
  for (const command of ["serve", "build"]) assert.deepEqual(links(tags({ command, bundle, config: null })), [], `${command}, no config`);
});
