// Click probe (a diagnostic, not a test; prints, never asserts): the README's no-bundler consent page
// (bench/load's adapter page, js/dist), N fresh loads in headless Chromium; after the core took over,
// a real click on Accept all, and the time from the click (capture phase) to each storage write, the
// gated tags and the end of the click's dispatch, as medians. With V=1, one load's whole timeline,
// with the page's calls into the DOM and storage hooked; LIGHT=1 hooks only storage and the tags (less
// overhead); JSF="--no-wasm-lazy-compilation" passes V8 flags (what lazy compilation costs the click).
//   node bench/probe/click.mjs [loads=9]        (README Performance, "clicks")
import { chromium, servePage } from "./page.mjs";
// Cross-origin isolated, so performance.now() is not coarsened to 100 µs.
const srv = await servePage({ headers: { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" } });
const url = srv.url;
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
    // Each hook logs a call (`around`: its start and its end) with its first string argument.
    const hook = (o, k, label, around = false) => {
      const f = o && o[k];
      if (typeof f !== "function") return;
      o[k] = function (...a) {
        const arg = typeof a[0] === "string" ? " " + a[0].slice(0, 40) : a[0] instanceof Node ? " " + a[0].nodeName : "";
        L.push([now(), label + (around ? ">" : "") + arg]);
        const r = f.apply(this, a);
        if (around) L.push([now(), label + "<"]);
        return r;
      };
    };
    hook(Storage.prototype, "setItem", "setItem", true);
    hook(Storage.prototype, "getItem", "getItem");
    const cd = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(Document.prototype, "cookie"));
    Object.defineProperty(Document.prototype, "cookie", { configurable: true, get() { L.push([now(), "cookie get"]); return cd.get.call(this); }, set(v) { L.push([now(), "cookie set> " + String(v).split("=")[0]]); cd.set.call(this, v); L.push([now(), "cookie set<"]); } });
    addEventListener("click", () => L.push([now(), "CLICK"]), true);
    addEventListener("click", () => L.push([now(), "click bubble window"]), false);
    if (window.__light) return;
    for (const [o, k, label, around] of [
      [Node.prototype, "appendChild", "appendChild"], [Node.prototype, "insertBefore", "insertBefore"], [Node.prototype, "replaceChild", "replaceChild"],
      [Crypto.prototype, "getRandomValues", "getRandomValues"], [Date, "now", "Date.now"],
      [window.TrustedTypePolicyFactory?.prototype, "createPolicy", "createPolicy", true],
      [Element.prototype, "closest", "closest"], [Element.prototype, "getAttribute", "getAttr"], [Element.prototype, "setAttribute", "setAttr"],
      [Element.prototype, "removeAttribute", "rmAttr"], [Element.prototype, "toggleAttribute", "toggleAttr"], [Element.prototype, "replaceWith", "replaceWith"],
      [Element.prototype, "remove", "remove"], [Document.prototype, "querySelectorAll", "qsa"], [Element.prototype, "querySelectorAll", "el.qsa"],
      [Document.prototype, "querySelector", "qs"], [Document.prototype, "createElement", "createElement"], [HTMLElement.prototype, "focus", "focus"],
      [EventTarget.prototype, "dispatchEvent", "dispatchEvent"], [JSON, "parse", "JSON.parse"], [JSON, "stringify", "JSON.stringify"],
      [TextDecoder.prototype, "decode", "decode"], [TextEncoder.prototype, "encodeInto", "encodeInto"],
    ]) hook(o, k, label, around);
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
