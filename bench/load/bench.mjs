#!/usr/bin/env node
// Load benchmark: bytes shipped, time to banner visible, accept-all -> stored + gated script, returning visitor.
// Usage: node bench.mjs [--runs 21] [--warmup 1] [--cpu-throttle 1[,4]] [--only a,b] [--skip a,b] [--rtt MS --kbps N]
//                       [--adapter path/to/adapter.mjs ...] [--idle 500] [--screens] [--gzip] [--results DIR]
// See README.md. Results: DIR/run-cpu<R>[-rtt<MS>-kbps<N>].json; lib/summary.mjs turns a DIR into tables and a chart.
// Adopted from the consent-banner anchor harness (same method: interleaved cold loads, fresh context per load).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork, execSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildAdapter } from './lib/build.mjs';
import { shippedSizes } from './lib/sizes.mjs';
import { summarize } from './lib/stats.mjs';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- args
function parseArgs(argv) {
  const a = { runs: 21, warmup: 1, cpu: [1], only: null, skip: [], adapters: [], idle: 500, screens: false, results: 'results',
    rtt: 0, kbps: 0, gzip: false,
    chromium: process.env.CHROMIUM || '/usr/bin/chromium', visibleTimeout: 15000, settleTimeout: 3000, acceptTimeout: 5000 };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i], v = () => argv[++i];
    if (k === '--runs') a.runs = +v();
    else if (k === '--warmup') a.warmup = +v();
    else if (k === '--cpu-throttle') a.cpu = v().split(',').map(Number);
    else if (k === '--only') a.only = v().split(',');
    else if (k === '--skip') a.skip = v().split(',');
    else if (k === '--adapter') a.adapters.push(path.resolve(v()));
    else if (k === '--idle') a.idle = +v();
    else if (k === '--screens') a.screens = true;
    else if (k === '--results') a.results = v();
    else if (k === '--rtt') a.rtt = +v();       // emulated round-trip latency per request, ms (CDP)
    else if (k === '--kbps') a.kbps = +v();     // emulated download throughput, kbit/s (0 = unlimited)
    else if (k === '--gzip') a.gzip = true;     // serve text and wasm gzip-encoded, as a production server would
    else if (k === '--chromium') a.chromium = v();
    else if (k === '-h' || k === '--help') { console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1, 6).join('\n')); process.exit(0); }
    else throw new Error('unknown argument ' + k);
  }
  return a;
}

// ---------------------------------------------------------------- adapters
async function loadAdapters(opts) {
  const dir = path.join(ROOT, 'adapters');
  const files = fs.readdirSync(dir).sort().map((d) => path.join(dir, d, 'adapter.mjs')).filter((f) => fs.existsSync(f));
  const content = fs.readFileSync(path.join(ROOT, 'lib', 'content.html'), 'utf8');
  const list = [];
  for (const f of [...files, ...opts.adapters]) {
    const mod = (await import(pathToFileURL(f).href)).default;
    const a = { ...mod, dir: path.dirname(f) };
    if (opts.only && !opts.only.includes(a.id)) continue;
    if (opts.skip.includes(a.id)) continue;
    a.content = content; // the page is read after `prepare` (which may generate it, e.g. a Vite build)
    a.mounts = Object.entries(a.mounts || {}).map(([prefix, d]) => [prefix, path.resolve(a.dir, d)]);
    list.push(a);
  }
  // baseline first, then alphabetical (stable order = the interleaving order A B C ...)
  list.sort((x, y) => (x.id === 'baseline' ? -1 : y.id === 'baseline' ? 1 : x.id.localeCompare(y.id)));
  return list;
}

// Local file behind each script / stylesheet / wasm / JSON URL a page fetched (the server's routes).
function fetchedFiles(adapter, resources, base) {
  const out = [];
  for (const res of resources || []) {
    if (!res.name.startsWith(base)) continue;
    const p = decodeURIComponent(new URL(res.name).pathname);
    if (!/\.(m?js|css|wasm|json)$/.test(p)) continue;
    let file = null;
    const m = /^\/a\/([^/]+)\/(.+)$/.exec(p);
    if (m) file = path.join(adapter.dir, m[2]);
    else if (p.startsWith('/nm/')) file = path.join(ROOT, 'node_modules', p.slice(4));
    else if (p.startsWith('/build/')) file = path.join(ROOT, 'build', p.slice(7));
    else for (const [prefix, dir] of adapter.mounts) if (p.startsWith(prefix)) { file = path.join(dir, p.slice(prefix.length)); break; }
    if (file && fs.existsSync(file) && !out.includes(file)) out.push(file);
  }
  return out;
}

function pkgVersion(name) {
  try { return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version; }
  catch { return null; }
}

// ---------------------------------------------------------------- server
function startServer(adapters, gzip) {
  const pages = Object.fromEntries(adapters.map((a) => [a.id, { html: a.html, dir: a.dir }]));
  const mounts = adapters.flatMap((a) => a.mounts);
  const child = fork(path.join(ROOT, 'lib', 'server.mjs'), ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, base: `http://127.0.0.1:${m.port}` }));
    child.once('error', reject);
    child.send({ root: ROOT, pages, mounts, gzip });
  });
}

// ---------------------------------------------------------------- one cold load
const PROBE = fs.readFileSync(path.join(ROOT, 'lib', 'probe.js'), 'utf8');

async function runOnce(browser, adapter, base, opts, cpu, screenshot) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US', serviceWorkers: 'block' });
  const cfg = { banner: adapter.selectors.banner, storage: adapter.storage || [{ kind: 'any' }], gatedName: 'analytics' };
  await ctx.addInitScript({ content: `window.__BENCH_CFG__=${JSON.stringify(cfg)};\n${PROBE}` });
  const page = await ctx.newPage();
  const external = [], pageErrors = [];
  page.on('request', (r) => { const u = new URL(r.url()); if (!/^(127\.0\.0\.1|localhost)$/.test(u.hostname) && !/^(data|blob):/.test(r.url())) external.push(r.url()); });
  page.on('pageerror', (e) => pageErrors.push(String(e).slice(0, 300)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push('console: ' + m.text().slice(0, 300)); });
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  if (opts.rtt || opts.kbps) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: opts.rtt,
      downloadThroughput: opts.kbps ? opts.kbps * 1024 / 8 : -1, uploadThroughput: -1 });
  }
  const r = { adapter: adapter.id, ok: false };
  try {
    await page.goto(`${base}/a/${adapter.id}/`, { waitUntil: 'domcontentloaded', timeout: 30000 });
    const vis = await page.evaluate((ms) => window.__bench.waitVisible(ms), opts.visibleTimeout);
    if (vis === null) throw new Error('banner never visible');
    await page.evaluate((ms) => window.__bench.waitSettled(ms), opts.settleTimeout);
    await page.waitForTimeout(opts.idle);
    const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
    r.cdp = { scriptMs: m.ScriptDuration * 1000, taskMs: m.TaskDuration * 1000, layoutMs: m.LayoutDuration * 1000,
      styleMs: m.RecalcStyleDuration * 1000, heapKB: m.JSHeapUsedSize / 1024 };
    r.pre = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        responseStart: nav.responseStart, responseEnd: nav.responseEnd, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd || null,
        fcp: fcp ? fcp.startTime : null,
        resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name, type: e.initiatorType,
          encoded: e.encodedBodySize, decoded: e.decodedBodySize, start: e.startTime, end: e.responseEnd })),
      };
    });
    if (screenshot) await page.screenshot({ path: screenshot });
    await page.click(adapter.selectors.accept, { timeout: opts.acceptTimeout });
    await page.evaluate((ms) => window.__bench.waitAccepted(ms), opts.acceptTimeout);
    const B = await page.evaluate(() => {
      const b = window.__bench;
      return { tInDom: b.tInDom, tVisible: b.tVisible, tSettled: b.tSettled, clickT: b.clickT, pointerDownT: b.pointerDownT,
        gatedT: b.gatedT, gatedBeforeClick: b.gatedBeforeClick, writes: b.writes, shifts: b.shifts, longtasks: b.longtasks,
        errors: b.errors, frames: b.frames, cookie: document.cookie, lsKeys: Object.keys(localStorage) };
    });
    Object.assign(r, summarizeRun(B, adapter));
    // Returning visitor: the same context loads the page again with the choice stored; time from navigation
    // start to the first gated snippet, and whether any banner showed.
    try {
      await page.goto(`${base}/a/${adapter.id}/`, { waitUntil: 'domcontentloaded', timeout: 30000 });
      await page.waitForFunction(() => window.__bench && window.__bench.gatedT.analytics != null, null, { timeout: 5000 });
      r.returnGated = await page.evaluate(() => window.__bench.gatedT.analytics);
      r.returnBanner = await page.evaluate((sel) => { const e = document.querySelector(sel); return !!(e && e.checkVisibility && e.checkVisibility()); }, adapter.selectors.banner);
    } catch (e) { r.returnGated = null; }
    r.ok = r.tVisible != null && r.acceptToStore != null && r.acceptToGated != null && r.gatedBeforeClick.length === 0;
    if (!r.ok) r.reason = [r.acceptToStore == null && 'no storage write after click', r.acceptToGated == null && 'gated script did not run',
      r.gatedBeforeClick.length && 'gated script ran BEFORE consent'].filter(Boolean).join('; ');
  } catch (e) {
    r.reason = String(e.message || e).split('\n')[0];
    try { r.partial = await page.evaluate(() => ({ tInDom: window.__bench.tInDom, tVisible: window.__bench.tVisible, errors: window.__bench.errors })); } catch {}
  }
  r.external = external;
  r.pageErrors = pageErrors;
  await ctx.close();
  return r;
}

function summarizeRun(B, adapter) {
  const click = B.clickT;
  const pre = (t) => click == null || t < click;
  const lt = B.longtasks.filter((x) => pre(x.t));
  const ltPost = click == null ? [] : B.longtasks.filter((x) => x.t >= click);
  const matches = (w) => (adapter.storage || [{ kind: 'any' }]).some((s) => (s.kind === 'any' || s.kind === w.kind) && (!s.name || s.name === w.name));
  const store = click == null ? null : B.writes.find((w) => w.t >= click && matches(w));
  const persisted = (adapter.storage || []).some((s) => s.kind === 'localStorage' ? B.lsKeys.includes(s.name)
    : new RegExp('(^|;\\s*)' + s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '=').test(B.cookie));
  return {
    tInDom: B.tInDom, tVisible: B.tVisible, tSettled: B.tSettled,
    cls: B.shifts.filter((s) => !s.r && pre(s.t)).reduce((a, s) => a + s.v, 0),
    shifts: B.shifts.length,
    longTasks: lt.length, longTaskMs: lt.reduce((a, x) => a + x.d, 0), tbt: lt.reduce((a, x) => a + Math.max(0, x.d - 50), 0),
    longTasksAfterClick: ltPost.length, longTaskMsAfterClick: ltPost.reduce((a, x) => a + x.d, 0),
    clickT: click,
    storeWrite: store ? `${store.kind}:${store.name}` : null,
    acceptToStore: store ? store.t - click : null,
    acceptToGated: B.gatedT.analytics != null && click != null ? B.gatedT.analytics - click : null,
    acceptToGatedMarketing: B.gatedT.marketing != null && click != null ? B.gatedT.marketing - click : null,
    gatedBeforeClick: B.gatedBeforeClick, persisted, frames: B.frames,
    writes: B.writes.map((w) => `${w.t.toFixed(1)} ${w.kind}:${w.name}`),
    probeErrors: B.errors,
  };
}

// ---------------------------------------------------------------- main
async function main() {
  const opts = parseArgs(process.argv);
  const adapters = await loadAdapters(opts);
  if (!adapters.length) throw new Error('no adapters selected');
  console.log('adapters (interleave order):', adapters.map((a) => a.id).join(' '));

  for (const a of adapters) if (a.prepare) { console.log(`prepare ${a.id}: ${a.prepare}`); execSync(a.prepare, { cwd: a.dir, stdio: 'inherit' }); }
  for (const a of adapters) a.html = fs.readFileSync(path.resolve(a.dir, a.page || 'page.html'), 'utf8').replaceAll('{{CONTENT}}', a.content);
  for (const a of adapters) if (a.build) { const b = await buildAdapter(ROOT, a); console.log(`built ${a.id}:`, b.map((x) => x.outfile).join(', ')); }
  // shipped: 'fetched' = size exactly the files the page fetched (first ok measured load), e.g. consent-sieve,
  // whose package decides at run time which of its files a page needs; filled in after the first sweep.
  const sizes = Object.fromEntries(adapters.filter((a) => a.shipped !== 'fetched').map((a) => [a.id, shippedSizes(ROOT, a)]));
  // size-only alternatives (other builds of the same library; not timed)
  const variantSizes = {};
  for (const a of adapters) for (const v of a.variants || []) {
    if (v.build) await buildAdapter(ROOT, { ...a, build: v.build });
    (variantSizes[a.id] ||= []).push({ label: v.label, ...shippedSizes(ROOT, v) });
  }
  const versions = Object.fromEntries(adapters.map((a) => [a.id, Object.fromEntries((a.packages || []).map((p) => [p, pkgVersion(p)]))]));
  // 'klaro {version}' -> 'klaro 0.7.22' (the adapter's first package, as installed)
  for (const a of adapters) a.label = a.label.replace('{version}', Object.values(versions[a.id])[0] ?? '');

  const { child, base } = await startServer(adapters, opts.gzip);
  const browser = await chromium.launch({
    executablePath: opts.chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const env = {
    date: new Date().toISOString(), browser: `Chromium ${browser.version()}`, node: process.version,
    playwright: pkgVersion('playwright-core'), esbuild: pkgVersion('esbuild'),
    cpu: os.cpus()[0]?.model, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}`,
    viewport: '1280x800@1x', runs: opts.runs, warmup: opts.warmup, idleBeforeClickMs: opts.idle,
  };
  const RES = path.resolve(ROOT, opts.results);
  fs.mkdirSync(RES, { recursive: true });
  try {
    for (const cpu of opts.cpu) {
      const runs = [];
      const t0 = Date.now();
      for (let round = 0; round < opts.warmup + opts.runs; round++) {
        const warm = round < opts.warmup;
        for (const a of adapters) {
          const shot = opts.screens && round === opts.warmup ? path.join(RES, 'screens', `${a.id}-cpu${cpu}.png`) : null;
          if (shot) fs.mkdirSync(path.dirname(shot), { recursive: true });
          const r = await runOnce(browser, a, base, opts, cpu, shot);
          r.round = round; r.warmup = warm;
          runs.push(r);
          if (!r.ok) console.log(`  [cpu${cpu} r${round}] ${a.id}: FAILED ${r.reason}`);
        }
        const last = runs.slice(-adapters.length);
        console.log(`cpu x${cpu} round ${round + 1}/${opts.warmup + opts.runs}${warm ? ' (warm-up)' : ''}: ` +
          last.map((r) => `${r.adapter}=${r.tVisible != null ? r.tVisible.toFixed(0) : 'x'}/${r.acceptToGated != null ? r.acceptToGated.toFixed(1) : 'x'}`).join(' '));
      }
      const measured = runs.filter((r) => !r.warmup);
      for (const a of adapters) if (a.shipped === 'fetched' && !sizes[a.id]) {
        const first = measured.find((r) => r.adapter === a.id && r.ok);
        const files = first ? fetchedFiles(a, first.pre.resources, base) : [];
        // inline: files the page carries inside its HTML (e.g. the early layer a bundler plugin inlines)
        sizes[a.id] = shippedSizes(ROOT, { shipped: [...files, ...(a.inline || [])].map((f) => path.relative(ROOT, path.resolve(a.dir, f))) });
      }
      const summary = {};
      for (const a of adapters) {
        const rs = measured.filter((r) => r.adapter === a.id);
        const ok = rs.filter((r) => r.ok);
        const pick = (k, from = ok) => summarize(from.map((r) => r[k]));
        const first = ok[0] || rs[0] || {};
        summary[a.id] = {
          label: a.label, n: rs.length, nOk: ok.length,
          failures: rs.filter((r) => !r.ok).map((r) => r.reason),
          tInDom: pick('tInDom'), tVisible: pick('tVisible'), tSettled: pick('tSettled'),
          fcp: summarize(ok.map((r) => r.pre?.fcp)), dcl: summarize(ok.map((r) => r.pre?.dcl)), load: summarize(ok.map((r) => r.pre?.load)),
          cls: pick('cls'), longTasks: pick('longTasks'), longTaskMs: pick('longTaskMs'), tbt: pick('tbt'),
          scriptMs: summarize(ok.map((r) => r.cdp?.scriptMs)), taskMs: summarize(ok.map((r) => r.cdp?.taskMs)),
          heapKB: summarize(ok.map((r) => r.cdp?.heapKB)),
          returnGated: pick('returnGated'),
          acceptToStore: pick('acceptToStore'), acceptToGated: pick('acceptToGated'), acceptToGatedMarketing: pick('acceptToGatedMarketing'),
          longTasksAfterClick: pick('longTasksAfterClick'), longTaskMsAfterClick: pick('longTaskMsAfterClick'),
          storeWrite: first.storeWrite, persistedAll: ok.every((r) => r.persisted),
          gatedBeforeClickRuns: rs.filter((r) => r.gatedBeforeClick?.length).length,
          external: [...new Set(rs.flatMap((r) => r.external))],
          pageErrors: [...new Set(rs.flatMap((r) => r.pageErrors || []))].slice(0, 5),
          resources: (first.pre?.resources || []).map((x) => ({ ...x, name: x.name.replace(base, '') })),
        };
      }
      const out = { env: { ...env, cpuThrottle: cpu, rttMs: opts.rtt, kbps: opts.kbps, gzip: opts.gzip, wallSeconds: Math.round((Date.now() - t0) / 1000) }, versions, sizes, variantSizes,
        adapters: adapters.map((a) => ({ id: a.id, label: a.label, selectors: a.selectors, storage: a.storage, shipped: a.shipped, notes: a.notes || [] })),
        summary, runs: runs.map(({ pre, ...r }) => ({ ...r, responseStart: pre?.responseStart, fcp: pre?.fcp, dcl: pre?.dcl, load: pre?.load })) };
      const file = path.join(RES, `run-cpu${cpu}${opts.rtt ? '-rtt' + opts.rtt : ''}${opts.kbps ? '-kbps' + opts.kbps : ''}.json`);
      fs.writeFileSync(file, JSON.stringify(out, null, 1));
      console.log('wrote', path.relative(ROOT, file));
    }
  } finally {
    await browser.close();
    child.kill();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
