// A strict Content Security Policy with Trusted Types: pages served with README's exact header (through a
// small server of this file that adds it, in front of the test server) keep working: the banner, a gated
// external tag, a gated inline tag (with the page's nonce), a vendor script early.js held, and an embed. A
// tag the browser refuses (the `trusted-types` directive without consent-sieve) is reported once, in the
// console and in `problems`; a tag whose script does not load too. Without 'wasm-unsafe-eval' Chromium
// refuses the wasm: the SDK fails closed.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer, request } from "node:http";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { BANNER, btn, ready, settle, useBrowser } from "./helpers.mjs";
import { baseConfig, record, tagUrl } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });
const NONCE = "cs-test-nonce-4f1c";
/** README, "Content Security Policy": the header a site needs, nonce aside. */
const README_CSP = `script-src 'nonce-${NONCE}' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types consent-sieve`;

/** path → [html, CSP header] served by the front server; every other request goes to the test server. */
const pages = new Map();
/** @type {import("node:http").Server} */
let front;
let frontUrl = "";
before(async () => {
  front = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? "/", "http://x").pathname);
    if (page) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": page[1] });
      return res.end(page[0]);
    }
    const upstream = request({ host: "127.0.0.1", port: env.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise((r) => front.listen(0, "127.0.0.1", r));
  frontUrl = `http://127.0.0.1:${/** @type {any} */ (front.address()).port}`;
});
after(() => new Promise((r) => front?.close(r)));

/**
 * The page: config, early.js and auto.js with the nonce; a held external tag (stats.test), a held inline tag
 * (with the nonce, which the SDK copies onto the script it runs), a vendor script inserted by a page script
 * through the page's own Trusted Types policy "site" (early.js holds it), a held embed, and `extra`.
 */
const cspPage = ({ site = false, extra = "" } = {}) => {
  const json = JSON.stringify(baseConfig()).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>strict CSP</title><link rel="icon" href="data:,">
<script type="application/json" id="consent-sieve-config">${json}</script>
<script nonce="${NONCE}" src="/node_modules/consent-sieve/dist/early.js"></script>
<script nonce="${NONCE}" type="module" src="/node_modules/consent-sieve/dist/auto.js"></script>
</head><body><main><h1>strict CSP</h1>
<script type="text/plain" data-consent="analytics" data-src="${tagUrl(env.port, "stats.test", "external")}"></script>
<script type="text/plain" data-consent="analytics" nonce="${NONCE}">${record("inline")}</script>
${site ? `<script nonce="${NONCE}">
  (function () {
    var tt = window.trustedTypes && trustedTypes.createPolicy("site", { createScriptURL: function (u) { return u; } });
    var s = document.createElement("script");
    var u = "http://ads.test:${env.port}/tag.js?name=site-inserted";
    s.src = tt ? tt.createScriptURL(u) : u;
    document.body.appendChild(s);
  })();
</script>` : ""}
<iframe title="A video" width="320" height="180" data-consent="marketing" data-consent-vendor="video" data-src="http://video.test:${env.port}/video.html"></iframe>
${extra}
</main></body></html>`;
};

/** Serves `html` with `csp` at `path` on the front server and opens it; records CSP violations. */
async function openWith(page, path, html, csp) {
  pages.set(path, [html, csp]);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(frontUrl + path);
  await ready(page);
}

const ran = (page) => page.evaluate(() => [...(window.__ran ?? [])].sort());
const health = (page) => page.evaluate(() => ({ failed: window.consentSieve.failed, problems: window.consentSieve.problems.map((p) => ({ code: p.code, message: p.message, tag: p.element.tagName })) }));

env.test("README's exact CSP header: the banner, a gated external tag, a gated inline tag and an embed all work", async ({ page, logs }) => {
  await openWith(page, "/strict.html", cspPage(), README_CSP);
  await page.waitForSelector(BANNER, { state: "visible" });
  // The stylesheet applied (style-src 'self'): the banner is a fixed bar.
  assert.equal(await page.$eval(BANNER, (b) => getComputedStyle(b).position), "fixed");
  await settle(page);
  assert.deepEqual(await ran(page), [], "nothing ran before consent");
  assert.equal(await page.evaluate(() => document.querySelector("iframe").hasAttribute("src")), false, "the embed waits");

  await page.click(btn("accept-all"));
  await page.waitForFunction(() => (window.__ran ?? []).length >= 2, null, { timeout: 10_000 }).catch(() => {});
  assert.deepEqual(await ran(page), ["external", "inline"], "both allowed tags ran");
  await page.waitForFunction(() => document.querySelector("iframe").src.includes("video.test"));
  assert.equal(await page.$eval("iframe", (f) => f.hidden), false, "the embed loaded");
  assert.deepEqual(await health(page), { failed: false, problems: [] });
  assert.deepEqual(await page.evaluate(() => window.__violations), [], "no CSP or Trusted Types violation");
  assert.deepEqual(logs.filter((l) => l.text.startsWith("consent-sieve")), [], "nothing to report");
  // The banner again, from the API: the inset for the bar (WCAG 2.4.11) is set through the CSSOM, which
  // style-src 'self' allows.
  await page.evaluate(() => window.consentSieve.showBanner());
  await page.waitForFunction(() => parseFloat(getComputedStyle(document.documentElement).scrollPaddingBottom) > 0);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
});

env.test("README's hash variant: without a nonce, an inline gated tag runs by the hash of its code", async ({ page }) => {
  const hash = createHash("sha256").update(record("inline")).digest("base64");
  const html = cspPage().replaceAll(` nonce="${NONCE}"`, "");
  const csp = README_CSP.replace(`'nonce-${NONCE}' 'strict-dynamic'`, `'self' http://stats.test:${env.port} 'sha256-${hash}'`);
  await openWith(page, "/hashes.html", html, csp);
  await page.click(btn("accept-all"));
  await page.waitForFunction(() => (window.__ran ?? []).length >= 2, null, { timeout: 10_000 }).catch(() => {});
  assert.deepEqual(await ran(page), ["external", "inline"]);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
});

env.test("strict CSP: a vendor script a page script inserts through its own Trusted Types policy is held by early.js, then released", async ({ page, logs }) => {
  await openWith(page, "/site-policy.html", cspPage({ site: true }), `${README_CSP} site`);
  await settle(page);
  assert.deepEqual(await ran(page), [], "held before consent");
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[type="text/plain"][data-consent-vendor="ads"]').length), 1, "early.js held it");
  await page.click(btn("accept-all"));
  await page.waitForFunction(() => (window.__ran ?? []).length >= 3, null, { timeout: 10_000 }).catch(() => {});
  assert.deepEqual(await ran(page), ["external", "inline", "site-inserted"]);
  assert.deepEqual(await health(page), { failed: false, problems: [] });
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  // The SDK created its policy (once): page code cannot get one of that name (no 'allow-duplicates').
  const second = await page.evaluate(() => { try { trustedTypes.createPolicy("consent-sieve", { createScriptURL: (u) => u }); return "created"; } catch (e) { return e.name; } });
  assert.equal(second, "TypeError");
  assert.deepEqual(logs.filter((l) => l.type === "error").map((l) => /consent-sieve/.test(l.text)), [true], "only that refusal was logged");
}, { allowErrors: true });

env.test("a tag the browser refuses (trusted-types without consent-sieve) is reported once, in the console and in problems", async ({ page, logs }) => {
  await openWith(page, "/refused.html", cspPage({ site: true }), README_CSP.replace("trusted-types consent-sieve", "trusted-types site"));
  await page.waitForSelector(BANNER, { state: "visible" });
  await page.click(btn("accept-all"));
  await page.waitForFunction(() => window.consentSieve.problems.length >= 3, null, { timeout: 10_000 }).catch(() => {});
  await settle(page);
  const h = await health(page);
  assert.equal(h.failed, false, "the SDK itself keeps working");
  assert.deepEqual(h.problems.map((p) => p.code), ["tag.blocked", "tag.blocked", "tag.blocked"], `the three held tags: ${JSON.stringify(h.problems)}`);
  assert.ok(h.problems[0].message.includes(`stats.test:${env.port}/tag.js?name=external`), h.problems[0].message);
  assert.ok(h.problems[1].message.endsWith(": inline"), h.problems[1].message);
  assert.deepEqual(await ran(page), [], "nothing ran: Trusted Types refused the SDK's policy");
  assert.equal((await page.evaluate(() => window.__violations)).filter((v) => v.startsWith("trusted-types")).length, 1, "the policy was asked for once");
  // Reported once: deciding again and releasing again add nothing.
  await page.evaluate(() => { window.consentSieve.rejectAll(); window.consentSieve.acceptAll(); });
  await settle(page);
  assert.equal((await health(page)).problems.length, 3);
  const warned = logs.filter((l) => l.type === "warning" && l.text.startsWith("consent-sieve: tag.blocked"));
  assert.equal(warned.length, 3, `one console warning per tag: ${JSON.stringify(warned)}`);
  assert.ok(warned[0].text.includes("consent-sieve") && warned[0].text.includes("createPolicy"), `the warning carries the browser's reason: ${warned[0].text}`);
  // The embed and the banner do not depend on the policy.
  await page.waitForFunction(() => document.querySelector("iframe").src.includes("video.test"));
}, { allowErrors: true });

env.test("a released tag whose script does not load is reported once (tag.load_failed)", async ({ page, logs }) => {
  const extra = `<script type="text/plain" data-consent="analytics" data-src="http://stats.test:${env.port}/missing.js"></script>`;
  await openWith(page, "/missing.html", cspPage({ extra }), README_CSP);
  await page.click(btn("accept-all"));
  await page.waitForFunction(() => window.consentSieve.problems.length >= 1, null, { timeout: 10_000 });
  await settle(page);
  const h = await health(page);
  assert.deepEqual(h.problems.map((p) => [p.code, p.tag]), [["tag.load_failed", "SCRIPT"]]);
  assert.ok(h.problems[0].message.endsWith(`stats.test:${env.port}/missing.js`), h.problems[0].message);
  assert.deepEqual(await ran(page), ["external", "inline"], "the other tags still ran");
  assert.equal(logs.filter((l) => l.type === "warning" && l.text.startsWith("consent-sieve: tag.load_failed")).length, 1);
}, { allowErrors: true });

env.test("without 'wasm-unsafe-eval' Chromium refuses the wasm: the SDK fails closed and says why", async ({ page }) => {
  await openWith(page, "/no-wasm.html", cspPage(), README_CSP.replace(" 'wasm-unsafe-eval'", ""));
  const h = await page.evaluate(() => ({ failed: window.consentSieve.failed, error: String(window.consentSieve.error) }));
  assert.equal(h.failed, true);
  assert.match(h.error, /WebAssembly|unsafe-eval/);
  await settle(page);
  assert.deepEqual(await ran(page), [], "nothing optional ran");
  assert.equal(await page.isVisible(BANNER), false);
}, { allowErrors: true });

/** A page script setting a vendor script's src from a plain string, by property and by attribute. */
const plainSrc = (port) => {
  const u = (name) => `http://ads.test:${port}/tag.js?name=${name}`;
  return `<script nonce="${NONCE}">
  window.__refused = [];
  (function () {
    var s = document.createElement("script");
    try { s.src = ${JSON.stringify(u("plain-property"))}; } catch (e) { window.__refused.push("property " + e.name); }
    document.body.appendChild(s);
    var a = document.createElement("script");
    try { a.setAttribute("src", ${JSON.stringify(u("plain-attribute"))}); } catch (e) { window.__refused.push("attribute " + e.name); }
    document.body.appendChild(a);
  })();
</script>`;
};

env.test("Trusted Types: a vendor script src set from a plain string is refused as on a page without the SDK (never laundered through the SDK's policy)", async ({ page }) => {
  await openWith(page, "/tt-plain.html", cspPage({ extra: plainSrc(env.port) }), `${README_CSP} site`);
  assert.deepEqual(await page.evaluate(() => window.__refused), ["property TypeError", "attribute TypeError"]);
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[data-consent-vendor="ads"]').length), 0, "nothing held to release later");
  await page.click(btn("accept-all"));
  await settle(page);
  assert.deepEqual(await ran(page), ["external", "inline"], "the refused URLs never ran, not even after consent");
}, { allowErrors: true });

env.test("Trusted Types: a plain-string vendor src passes the page's default policy; what it returned is held, then run", async ({ page }) => {
  const withDefault = `<script nonce="${NONCE}">
  trustedTypes.createPolicy("default", { createScriptURL: function (u) { return u.replace("plain-", "via-default-"); } });
</script>${plainSrc(env.port)}`;
  await openWith(page, "/tt-default.html", cspPage({ extra: withDefault }), `${README_CSP} site default`);
  assert.deepEqual(await page.evaluate(() => window.__refused), []);
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('script[data-consent-vendor="ads"]')].map((s) => (s.dataset.src ?? "").replace(/^.*name=/, ""))),
    ["via-default-property", "via-default-attribute"], "early.js held the URLs the default policy returned");
  assert.deepEqual(await ran(page), []);
  await page.click(btn("accept-all"));
  await page.waitForFunction(() => (window.__ran ?? []).length >= 4, null, { timeout: 10_000 }).catch(() => {});
  assert.deepEqual(await ran(page), ["external", "inline", "via-default-attribute", "via-default-property"]);
}, { allowErrors: true });
