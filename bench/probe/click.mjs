// Click probe (a diagnostic, not a test; prints, never asserts): the README's no-bundler consent page
// (bench/load's adapter page, js/dist), N fresh loads in headless Chromium; after the core took over,
// a real click on Accept all, and the time from the click (capture phase) to each storage write, the
// gated tags and the end of the click's dispatch, as medians. With V=1, one load's whole timeline,
// with the page's calls into the DOM and storage hooked; LIGHT=1 hooks only storage and the tags (less
// overhead); JSF="--no-wasm-lazy-compilation" passes V8 flags (what lazy compilation costs the click).
//   node bench/probe/click.mjs [loads=9]        (README Performance, "clicks")
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { join, extname } from "node:path";
import { fileURLToPath } from "node:url";
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const { chromium } = await import(join(REPO, "tests/e2e/node_modules/playwright-core/index.mjs"));
const page = readFileSync(join(REPO, "bench/load/adapters/consent-sieve/page.html"), "utf8").replace("{{CONTENT}}", "<main><h1>Hi</h1><p>text</p></main>");
const T = { ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".html": "text/html" };
const srv = createServer((q, r) => {
  const p = new URL(q.url, "http://x").pathname;
  const h = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
  if (p === "/") return r.writeHead(200, { ...h, "content-type": "text/html" }).end(page);
  const f = p.startsWith("/cs/dist/") ? join(REPO, "js/dist", p.slice(9)) : "";
  if (!f || !existsSync(f)) return r.writeHead(404).end();
  r.writeHead(200, { ...h, "content-type": T[extname(f)] || "application/octet-stream" }).end(readFileSync(f));
}).listen(0, "127.0.0.1");
await new Promise((ok) => srv.on("listening", ok));
const url = `http://127.0.0.1:${srv.address().port}/`;
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: process.env.JSF ? ["--js-flags=" + process.env.JSF] : [] });
const runs = [];
for (let i = 0; i < Number(process.argv[2] || 9); i++) {
  const ctx = await b.newContext();
  const pg = await ctx.newPage();
  if (process.env.LIGHT) await pg.addInitScript(() => { window.__light = 1; });
  await pg.addInitScript(() => {
    const L = (window.__L = []);
    const now = () => performance.now();
    window.__bench = { gated: (n) => L.push([now(), "gated " + n]) };
    const si = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) { L.push([now(), "setItem> " + k + " " + String(v).length]); const r = si.call(this, k, v); L.push([now(), "setItem< " + k]); return r; };
    const gi = Storage.prototype.getItem;
    Storage.prototype.getItem = function (k) { L.push([now(), "getItem " + k]); return gi.call(this, k); };
    const cd = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
    Object.defineProperty(Document.prototype, "cookie", { configurable: true, get() { L.push([now(), "cookie get"]); return cd.get.call(this); }, set(v) { L.push([now(), "cookie set> " + String(v).split("=")[0]]); cd.set.call(this, v); L.push([now(), "cookie set<"]); } });
    const dg = crypto.subtle.digest.bind(crypto.subtle);
    addEventListener("click", () => L.push([now(), "CLICK"]), true);
    addEventListener("click", () => L.push([now(), "click bubble window"]), false);
    const ae = Node.prototype.appendChild, ib = Node.prototype.insertBefore, rc = Node.prototype.replaceChild;
    Node.prototype.replaceChild = function (a, b) { L.push([now(), "replaceChild " + a.nodeName]); return rc.call(this, a, b); };
    Node.prototype.insertBefore = function (a, b) { L.push([now(), "insertBefore " + a.nodeName]); return ib.call(this, a, b); };
    Node.prototype.appendChild = function (a) { L.push([now(), "appendChild " + a.nodeName]); return ae.call(this, a); };

    const hook = (o, k, label) => { if (window.__light) return; const f = o[k]; if (typeof f !== "function") return; o[k] = function (...a) { L.push([now(), label + " " + (typeof a[0] === "string" ? a[0].slice(0, 40) : "")]); return f.apply(this, a); }; };
    hook(Crypto.prototype, "getRandomValues", "getRandomValues");
    hook(Date, "now", "Date.now");
    if (window.TrustedTypePolicyFactory) { const cp = TrustedTypePolicyFactory.prototype.createPolicy; TrustedTypePolicyFactory.prototype.createPolicy = function (...a) { L.push([now(), "createPolicy>"]); const r = cp.apply(this, a); L.push([now(), "createPolicy<"]); return r; }; }
    hook(Element.prototype, "closest", "closest");
    hook(Element.prototype, "getAttribute", "getAttr");
    hook(Element.prototype, "setAttribute", "setAttr");
    hook(Element.prototype, "removeAttribute", "rmAttr");
    hook(Element.prototype, "toggleAttribute", "toggleAttr");
    hook(Element.prototype, "replaceWith", "replaceWith");
    hook(Element.prototype, "remove", "remove");
    hook(Document.prototype, "querySelectorAll", "qsa");
    hook(Element.prototype, "querySelectorAll", "el.qsa");
    hook(Document.prototype, "querySelector", "qs");
    hook(Document.prototype, "createElement", "createElement");
    hook(HTMLElement.prototype, "focus", "focus");
    hook(EventTarget.prototype, "dispatchEvent", "dispatchEvent");
    hook(JSON, "parse", "JSON.parse");
    hook(JSON, "stringify", "JSON.stringify");
    hook(TextDecoder.prototype, "decode", "decode");
    hook(TextEncoder.prototype, "encodeInto", "encodeInto");
    const dl = (window.dataLayer = window.dataLayer || []);
  });
  await pg.goto(url);
  await pg.waitForFunction(() => window.consentSieve && !document.querySelector("[data-cs-early]"));
  await pg.waitForTimeout(300);
  await pg.evaluate(() => (window.__L.length = 0));
  await pg.click('[data-consent-sieve="banner"] [data-action="accept-all"]');
  await pg.waitForTimeout(300);
  const L = await pg.evaluate(() => window.__L);
  const t0 = L.find((e) => e[1] === "CLICK")?.[0];
  runs.push(L.filter((e) => e[0] >= t0).map(([t, n]) => [+(t - t0).toFixed(3), n]));
  await ctx.close();
}
if (process.env.V) for (const e of runs[Math.floor(runs.length / 2)]) console.log(e[0].toFixed(3).padStart(8), e[1]);
const key = (n) => runs.map((r) => r.find((e) => e[1].startsWith(n))?.[0]).filter((x) => x != null).sort((a, b) => a - b);
for (const n of ["setItem> consent-sieve", "cookie set> consent_sieve", "gated analytics", "click bubble"]) { const k = key(n); console.log(n, "median", k[Math.floor(k.length / 2)]); }
await b.close(); srv.close();
