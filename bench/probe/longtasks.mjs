// Long-task probe (a diagnostic, not a test; prints, never asserts): the README's no-bundler consent
// page, N fresh loads at CPU x4 (CPU=1 for none) with a sampling CPU profile; prints each load's long
// tasks and, for each, the functions whose own time fills it, then the totals. NAMED=1 serves the
// core that scripts/wasm-sizes built with its function names (run it first), SRC=1 the readable
// js/early.js, so the profile names what it sees. INCL="regex": also the inclusive time of the functions
// it matches (e.g. INCL="consentmanager_start|Inner::ui::h": the core's start and its UI build).
//   node bench/probe/longtasks.mjs [loads=3]    (README Performance, "long tasks")
import { join } from "node:path";
import { REPO, chromium, servePage } from "./page.mjs";
const NAMED = join(process.env.TMPDIR || "/tmp", "consent-sieve-sizes");
const files = {};
if (process.env.SRC) files["/cs/dist/early.js"] = join(REPO, "js/early.js");
if (process.env.NAMED) Object.assign(files, { "/cs/dist/pkg/consent_sieve.js": join(NAMED, "consent_sieve.js"), "/cs/dist/pkg/consent_sieve_bg.wasm": join(NAMED, "consent_sieve_named.wasm") });
const srv = await servePage({ files });
const url = srv.url;
const b = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const self = new Map(); let lts = [];
for (let i = 0; i < Number(process.argv[2] || 3); i++) {
  const ctx = await b.newContext(); const pg = await ctx.newPage(); const cdp = await ctx.newCDPSession(pg);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: Number(process.env.CPU || 4) });
  await pg.addInitScript(() => { window.__mk = performance.now(); (function csMarkerFn() { const e = performance.now() + 3; while (performance.now() < e); })(); window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: "longtask", buffered: true }); });
  await cdp.send("Profiler.enable"); await cdp.send("Profiler.setSamplingInterval", { interval: 100 }); await cdp.send("Profiler.start");
  await pg.goto(url);
  await pg.waitForFunction(() => window.consentSieve && !document.querySelector("[data-cs-early]"), null, { timeout: 20000 });
  await pg.waitForTimeout(500);
  const { profile } = await cdp.send("Profiler.stop");
  const lt = await pg.evaluate(() => window.__lt); lts.push(lt);
  const mk = await pg.evaluate(() => window.__mk);
  { const byId0 = new Map(profile.nodes.map((n) => [n.id, n])); let t = profile.startTime; const times = profile.timeDeltas.map((d) => (t += d));
    const k0 = profile.samples.findIndex((id) => byId0.get(id).callFrame.functionName === "csMarkerFn");
    const off = times[k0] / 1000 - mk;
    for (const [s0, d0] of lt) { const agg = new Map(); profile.samples.forEach((id, k) => { const tt = times[k] / 1000 - off; if (tt >= s0 && tt <= s0 + d0) { const n = byId0.get(id); const nm = (n.callFrame.functionName || "(anon)") + " " + n.callFrame.url.split("/").pop() + (n.callFrame.url.includes("early") ? ":" + (n.callFrame.lineNumber + 1) : ""); agg.set(nm, (agg.get(nm) || 0) + (profile.timeDeltas[k] || 0) / 1000); } });
      console.log(`task at ${s0} for ${d0} ms:`, [...agg].sort((a, c) => c[1] - a[1]).slice(0, 12).map(([n, v]) => `${n.slice(0, 60)} ${v.toFixed(1)}`).join(" | ")); } }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas; 
  profile.samples.forEach((id, k) => { const n = byId.get(id); const name = (n.callFrame.functionName || "(anon)") + " " + n.callFrame.url.split("/").pop() + (n.callFrame.url.includes("early") ? ":" + (n.callFrame.lineNumber + 1) + ":" + n.callFrame.columnNumber : ""); self.set(name, (self.get(name) || 0) + (dt[k] || 0) / 1000); });
  if (process.env.INCL) {
    // Inclusive time of the functions whose name matches INCL (a regex), each counted once per stack.
    const re = new RegExp(process.env.INCL), parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    profile.samples.forEach((id, k) => {
      const seen = new Set();
      for (let at = id; at != null; at = parent.get(at)) {
        const f = byId.get(at).callFrame.functionName;
        if (re.test(f) && !seen.has(f)) { seen.add(f); const key = "incl " + f; self.set(key, (self.get(key) || 0) + (dt[k] || 0) / 1000); }
      }
    });
  }
  await ctx.close();
}
console.log("long tasks per load:", JSON.stringify(lts));
const runs = Number(process.argv[2] || 3);
for (const [k, v] of [...self].sort((a, c) => c[1] - a[1]).slice(0, 40)) console.log((v / runs).toFixed(1).padStart(8), "ms", k.slice(0, 120));
await b.close(); srv.close();
