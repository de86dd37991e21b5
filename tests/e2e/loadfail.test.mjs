// Fail closed while the core loads and when it cannot: with only `import { init }` (no early.js tag) or
// only auto.js, requests to the config's vendor hosts are stopped from the moment init is called, before
// the wasm arrives, and stay stopped when it fails (a 404, corrupt bytes, an HTML error page, an aborted
// response) or arrives late (a slow wasm, a slow glue module). A destination's requests sent meanwhile
// are held, then judged (no choice yet: blocked) or dropped. The test server is the collector: every
// request to a vendor host (stats.test, dest.test → 127.0.0.1) is recorded there.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { settle, useBrowser } from "./helpers.mjs";
import { baseConfig, record, tagUrl } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });

const config = () => {
  const c = baseConfig();
  c.vendors.push({ id: "dest", name: "Dest", purposes: ["analytics"], hosts: ["dest.test"], minimize: { fields: { email: "hash" } } });
  return c;
};

/** window.__probe(when): one fetch, beacon, XHR and pixel to stats.test and to dest.test, and a vendor script; resolves with what the page saw. */
const PROBE = (port) => `<script>
window.__probe = function (when) {
  var seen = {}, all = [];
  window.__sdkAt = window.__sdkAt || {};
  __sdkAt[when] = window.consentSieve === undefined ? "not ready" : "settled";
  ["stats", "dest"].forEach(function (v) {
    var u = function (via) { return "http://" + v + ".test:${port}/collect?when=" + when + "&via=" + via + "&email=x@y.z"; };
    all.push(fetch(u("fetch"), { method: "POST", body: '{"email":"x@y.z"}' }).then(function (r) { seen[v + ".fetch"] = r.status; }, function (e) { seen[v + ".fetch"] = e.name; }));
    seen[v + ".beacon"] = typeof navigator.sendBeacon(u("beacon"), "email=x@y.z");
    var i = new Image();
    i.src = u("pixel");
    all.push(new Promise(function (done) {
      var x = new XMLHttpRequest();
      x.onload = function () { seen[v + ".xhr"] = x.status; done(); };
      x.onerror = function () { seen[v + ".xhr"] = "error"; done(); };
      x.open("POST", u("xhr"));
      x.send("email=x@y.z");
    }));
    all.push(Promise.resolve().then(function () { seen[v + ".pixel"] = i.getAttribute("src"); }));
  });
  var s = document.createElement("script");
  s.src = "${tagUrl(port, "ads.test", "vendor-script")}&when=" + when;
  document.head.appendChild(s);
  return Promise.all(all).then(function () { return seen; });
};
</script>`;

const STOPPED = {};
for (const v of ["stats", "dest"]) Object.assign(STOPPED, { [`${v}.fetch`]: "TypeError", [`${v}.beacon`]: "boolean", [`${v}.xhr`]: "error", [`${v}.pixel`]: null });

/** The page in one of the two forms without an early.js tag; the probe runs right after init is called. */
function page(form) {
  const json = JSON.stringify(config());
  const start = form === "module"
    ? `<script type="module">import { init } from "/node_modules/consent-sieve/dist/index.js"; init(${json}); window.__before = __probe("before");</script>`
    : `<script type="application/json" id="consent-sieve-config">${json}</script>
<script type="module" src="/node_modules/consent-sieve/dist/auto.js"></script>
<script type="module">window.__before = __probe("before");</script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>load failures</title><link rel="icon" href="data:,">
${PROBE(env.port)}
<script type="text/plain" data-consent="analytics">${record("gated-inline")}</script>
<script type="text/plain" data-consent="analytics" data-src="${tagUrl(env.port, "stats.test", "gated-external")}"></script>
${start}
</head><body><main><h1>load failures</h1></main></body></html>`;
}

const WASM = "**/pkg/consent_sieve*_bg.wasm";
const GLUE = /\/pkg\/consent_sieve(_minimize|_iab|_full)?\.js$/;
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const FAULTS = {
  "the .wasm 404s": [WASM, (route) => route.fulfill({ status: 404, contentType: "text/plain", body: "not found" }), true],
  "the .wasm is corrupt": [WASM, (route) => route.fulfill({ status: 200, contentType: "application/wasm", body: Buffer.from("\0asm\x01\0\0\0garbage garbage garbage") }), true],
  "the .wasm is an HTML error page": [WASM, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Oops</title><h1>502 Bad Gateway</h1>" }), true],
  "the .wasm response is aborted": [WASM, (route) => route.abort("connectionreset"), true],
  "the .wasm is slow": [WASM, async (route) => { await wait(1500); await route.continue(); }, false],
  "the glue module is slow": [GLUE, async (route) => { await wait(1500); await route.continue(); }, false],
};

for (const form of ["module", "auto.js"]) {
  for (const [name, [pattern, handle, fails]] of Object.entries(FAULTS)) {
    env.test(`${form} form without early.js, ${name}: no request reaches a vendor host, before init settles or after; no gated tag runs; no exception`, async ({ page: p, pageErrors }) => {
      env.page("/loadfail.html", page(form));
      await p.route(pattern, handle);
      await p.goto(`${env.url}/loadfail.html`);
      await p.waitForFunction(() => window.__before !== undefined);
      await p.waitForFunction(() => window.consentSieve !== undefined, null, { timeout: 15_000 });
      assert.equal(await p.evaluate(() => window.consentSieve.failed), fails, fails ? "cs.failed" : "the SDK started");
      assert.deepEqual(await p.evaluate(() => window.__before), STOPPED, "before init settled");
      assert.deepEqual(await p.evaluate(() => window.__probe("after")), STOPPED, "after init settled");
      assert.deepEqual(await p.evaluate(() => window.__sdkAt), { before: "not ready", after: "settled" }, "the first probe ran before init settled");
      await settle(p);
      const leaked = env.requests().filter((r) => /\.test(:\d+)?$/.test(r.host)).map((r) => `${r.host} ${r.path} ${r.query.when ?? ""} ${r.query.via ?? r.query.name ?? ""}`);
      assert.deepEqual(leaked, [], "nothing reached a vendor host");
      assert.deepEqual(await p.evaluate(() => window.__ran ?? []), [], "no gated tag ran");
      assert.deepEqual(pageErrors.map(String), [], "no exception in the page");
    }, { allowErrors: true });
  }
}
