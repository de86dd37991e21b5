#!/usr/bin/env node
// Turns the run files of one benchmark run (DIR/run-cpu*.json, one per pass) into:
//   - a table on stdout: medians with spread (p25–p75) per pass, and ratios of consent-sieve to each row,
//   - OUT/latest.json (the summaries, no per-load data), OUT/latest.md (the same tables in Markdown),
//   - OUT/chart.svg (bar chart, hand-written SVG).
// Usage: node lib/summary.mjs DIR [OUT=results]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REF = 'consent-sieve';
const FLOOR = 'baseline';

export function loadPasses(dir) {
  const files = fs.readdirSync(dir).filter((f) => /^run-cpu\d+.*\.json$/.test(f));
  const passes = files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  const key = (p) => (p.env.rttMs || p.env.kbps ? 1000 : 0) + p.env.cpuThrottle;
  passes.sort((a, b) => key(a) - key(b));
  return passes;
}

const passName = (e) => `CPU x${e.cpuThrottle}` + (e.rttMs || e.kbps ? `, slow network (${e.rttMs} ms RTT, ${(e.kbps / 1000).toFixed(1)} Mbit/s${e.gzip ? ', gzip' : ''})` : e.gzip ? ', gzip' : '');
const passShort = (e) => (e.rttMs || e.kbps ? `slow net` + (e.cpuThrottle > 1 ? ` x${e.cpuThrottle}` : '') : `x${e.cpuThrottle}`);

// Row order: the floor, consent-sieve's rows, then the anchors alphabetically.
function order(ids) {
  const rank = (id) => (id === FLOOR ? 0 : id.startsWith(REF) ? 1 : 2);
  return [...ids].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const METRICS = [
  ['tVisible', 'banner visible ms', 0],
  ['acceptToStore', 'click → stored ms', 1],
  ['acceptToGated', 'click → gated ms', 1],
  ['returnGated', 'returning visitor: gated ms', 0],
];

export function summarizeRun(passes) {
  const first = passes[0];
  const ids = order(Object.keys(first.summary));
  const pick = (s) => (s && s.n ? { median: s.median, p25: s.p25, p75: s.p75, min: s.min, max: s.max, n: s.n } : null);
  const out = {
    date: first.env.date,
    env: { browser: first.env.browser, node: first.env.node, playwright: first.env.playwright, cpu: first.env.cpu, cores: first.env.cores,
      platform: first.env.platform, viewport: first.env.viewport, warmup: first.env.warmup, idleBeforeClickMs: first.env.idleBeforeClickMs },
    versions: Object.assign({}, ...Object.values(first.versions)),
    rows: ids.map((id) => ({ id, label: first.summary[id].label, bytes: first.sizes[id]?.total || null,
      files: (first.sizes[id]?.files || []).map((f) => ({ ...f, file: shortName(f.file) })) })),
    passes: passes.map((p) => ({
      name: passName(p.env), short: passShort(p.env), cpu: p.env.cpuThrottle, rttMs: p.env.rttMs, kbps: p.env.kbps, gzip: p.env.gzip,
      runs: p.env.runs, wallSeconds: p.env.wallSeconds, date: p.env.date,
      rows: Object.fromEntries(ids.filter((id) => p.summary[id]).map((id) => {
        const s = p.summary[id];
        return [id, { n: s.n, nOk: s.nOk, failures: [...new Set(s.failures)], tVisible: pick(s.tVisible), acceptToStore: pick(s.acceptToStore),
          acceptToGated: pick(s.acceptToGated), returnGated: pick(s.returnGated), tbt: pick(s.tbt), cls: pick(s.cls),
          gatedBeforeClickRuns: s.gatedBeforeClickRuns, external: s.external }];
      })),
    })),
  };
  out.ratios = ratios(out);
  return out;
}

function shortName(f) {
  return f.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)*.*?cs-pkg\//, 'consent-sieve/').replace(/^build\//, 'build/');
}

// consent-sieve's median divided by each row's median (bytes: brotli totals).
function ratios(s) {
  const r = {};
  const ref = s.rows.find((x) => x.id === REF);
  if (!ref) return r;
  for (const row of s.rows) {
    if (row.id === REF) continue;
    const e = { bytes: ref.bytes && row.bytes ? ref.bytes.br / row.bytes.br : null };
    for (const p of s.passes) {
      const a = p.rows[REF], b = p.rows[row.id];
      for (const [k] of METRICS) {
        const x = a?.[k]?.median, y = b?.[k]?.median;
        e[`${k}@${p.short}`] = x != null && y ? x / y : null;
      }
    }
    r[row.id] = e;
  }
  return r;
}

// ---------------------------------------------------------------- text
const kib = (b) => (b / 1024).toFixed(1);
const num = (x, d) => (x == null ? '–' : x.toFixed(d));
const spread = (s, d) => (s ? `${num(s.median, d)} (${num(s.p25, d)}–${num(s.p75, d)})` : '–');
const times = (x) => (x == null ? '–' : `${x.toFixed(x >= 10 ? 0 : x >= 1 ? 1 : 2)}×`);

function passTable(s, p) {
  const head = ['library', 'KiB brotli', ...METRICS.map((m) => m[1]), 'ok'];
  const rows = s.rows.filter((r) => p.rows[r.id]).map((r) => {
    const x = p.rows[r.id];
    return [r.label, r.bytes ? kib(r.bytes.br) : '–', ...METRICS.map(([k, , d]) => spread(x[k], d)), `${x.nOk}/${x.n}`];
  });
  return { head, rows };
}

// One table over all passes: the headline figures, median (p25–p75).
function combinedTable(s) {
  const cols = [];
  for (const p of s.passes) cols.push([p, 'tVisible', `visible ${p.short}`, 0]);
  for (const p of s.passes) if (!p.rttMs) cols.push([p, 'acceptToStore', `click→stored ${p.short}`, 1]);
  for (const p of s.passes) if (!p.rttMs) cols.push([p, 'acceptToGated', `click→gated ${p.short}`, 1]);
  for (const p of s.passes) cols.push([p, 'returnGated', `returning ${p.short}`, 0]);
  const head = ['library', 'KiB brotli', ...cols.map((c) => c[2])];
  const rows = s.rows.map((r) => [r.label, r.bytes ? kib(r.bytes.br) : '–', ...cols.map(([p, k, , d]) => spread(p.rows[r.id]?.[k], d))]);
  return { head, rows };
}

function ratioTable(s) {
  const cols = [['bytes', 'bytes']];
  for (const p of s.passes) cols.push([`tVisible@${p.short}`, `visible ${p.short}`]);
  for (const p of s.passes) if (!p.rttMs) cols.push([`acceptToGated@${p.short}`, `click→gated ${p.short}`]);
  for (const p of s.passes) cols.push([`returnGated@${p.short}`, `returning ${p.short}`]);
  const head = ['consent-sieve ÷', ...cols.map((c) => c[1])];
  const rows = s.rows.filter((r) => s.ratios[r.id]).map((r) => [r.id === FLOOR ? `${r.label} (floor)` : r.label, ...cols.map(([k]) => times(s.ratios[r.id][k]))]);
  return { head, rows };
}

function md({ head, rows }) {
  const align = head.map((_, i) => (i === 0 ? '---' : '--:'));
  return [head, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n';
}

function plain({ head, rows }) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

function problems(s) {
  const out = [];
  for (const p of s.passes) for (const [id, x] of Object.entries(p.rows)) {
    if (x.failures.length) out.push(`${p.short} ${id}: ${x.n - x.nOk} failed loads (${x.failures.join('; ')})`);
    if (x.gatedBeforeClickRuns) out.push(`${p.short} ${id}: gated tag ran before consent in ${x.gatedBeforeClickRuns} loads`);
    if (x.external?.length) out.push(`${p.short} ${id}: tried non-local URLs (blocked): ${x.external.slice(0, 3).join(', ')}`);
  }
  return out;
}

export function renderText(s, fmt, { combined = false } = {}) {
  let t = '';
  if (combined) t += `**All passes** (ms; median (p25–p75); ${s.passes.map((p) => `${p.short}: ${p.runs} loads`).join(', ')} per library)\n\n${fmt(combinedTable(s))}\n`;
  for (const p of s.passes) {
    t += `${fmt === md ? '**' : ''}${p.name}${fmt === md ? '**' : ''}: ${p.runs} loads per library, interleaved; median (p25–p75)\n\n${fmt(passTable(s, p))}\n`;
  }
  t += `${fmt === md ? '**' : ''}Ratios${fmt === md ? '**' : ''}: consent-sieve's median ÷ the row's median (below 1× = consent-sieve is smaller / faster)\n\n${fmt(ratioTable(s))}`;
  const pr = problems(s);
  t += pr.length ? `\nProblems:\n${pr.map((x) => `- ${x}`).join('\n')}\n` : '';
  return t;
}

// ---------------------------------------------------------------- chart
const esc = (x) => String(x).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLORS = ['#2f6fb0', '#e08a1e', '#4f9d55', '#9b59b6'];

export function chart(s) {
  const panels = [['tVisible', 'First visit: banner visible (ms from navigation start)'], ['returnGated', 'Returning visitor: first gated tag runs (ms)']];
  const rows = s.rows;
  const passes = s.passes;
  const rowLabel = (r) => r.label.replace(/ \(hand-written, no library\)/, '') + (r.bytes ? ` · ${kib(r.bytes.br)} KiB` : '');
  const labelW = 16 + Math.max(...rows.map((r) => rowLabel(r).length)) * 6.6, panelW = 330, gap = 34, barH = 9, barGap = 2, groupGap = 12, top = 80, left = 10;
  const groupH = passes.length * (barH + barGap) + groupGap;
  const width = left + labelW + panels.length * (panelW + gap) + 10;
  const height = top + rows.length * groupH + 40;
  const o = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`);
  o.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  o.push(`<text x="${left}" y="20" font-size="15" font-weight="600" fill="#222">consent-sieve load benchmark: medians, whiskers p25–p75 (${esc(s.date.slice(0, 10))}, ${esc(s.env.browser)})</text>`);
  passes.forEach((p, i) => {
    const x = left + labelW + i * 130;
    o.push(`<rect x="${x}" y="34" width="12" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${x + 17}" y="43" fill="#333">${esc(p.short === 'x1' ? 'CPU x1' : p.short === 'x4' ? 'CPU x4' : `${p.rttMs} ms RTT, ${(p.kbps / 1000).toFixed(1)} Mbit/s${p.gzip ? ', gzip' : ''}`)}</text>`);
  });
  rows.forEach((r, gi) => {
    const y = top + gi * groupH;
    o.push(`<text x="${left + labelW - 8}" y="${y + (passes.length * (barH + barGap)) / 2 + 4}" text-anchor="end" fill="#222"${r.id.startsWith(REF) ? ' font-weight="600"' : ''}>${esc(rowLabel(r))}</text>`);
  });
  panels.forEach(([k, title], pi) => {
    const x0 = left + labelW + pi * (panelW + gap);
    const vals = passes.flatMap((p) => rows.map((r) => p.rows[r.id]?.[k]?.p75 ?? 0));
    const max = niceMax(Math.max(1, ...vals));
    const sx = (v) => x0 + (v / max) * panelW;
    o.push(`<text x="${x0}" y="${top - 10}" font-weight="600" fill="#333">${esc(title)}</text>`);
    const bottom = top + rows.length * groupH - groupGap + 4;
    for (let t = 0; t <= 4; t++) {
      const v = (max * t) / 4, x = sx(v);
      o.push(`<line x1="${x}" y1="${top - 2}" x2="${x}" y2="${bottom}" stroke="#e3e3e3"/><text x="${x}" y="${bottom + 14}" text-anchor="middle" fill="#666">${Math.round(v)}</text>`);
    }
    rows.forEach((r, gi) => {
      passes.forEach((p, i) => {
        const m = p.rows[r.id]?.[k];
        const y = top + gi * groupH + i * (barH + barGap);
        if (!m) return;
        o.push(`<rect x="${x0}" y="${y}" width="${Math.max(1, sx(m.median) - x0).toFixed(1)}" height="${barH}" fill="${COLORS[i % COLORS.length]}"><title>${esc(`${r.label}, ${p.name}: median ${m.median.toFixed(1)} ms (p25 ${m.p25.toFixed(1)}, p75 ${m.p75.toFixed(1)}, n ${m.n})`)}</title></rect>`);
        o.push(`<line x1="${sx(m.p25).toFixed(1)}" y1="${y + barH / 2}" x2="${sx(m.p75).toFixed(1)}" y2="${y + barH / 2}" stroke="#222" stroke-width="1"/>`);
        o.push(`<text x="${(Math.max(sx(m.median), sx(m.p75)) + 4).toFixed(1)}" y="${y + barH - 1}" font-size="9.5" fill="#444">${Math.round(m.median)}</text>`);
      });
    });
  });
  o.push(`<text x="${left}" y="${height - 10}" font-size="10.5" fill="#666">${esc(`Headless Chromium, ${s.env.cores} cores, fresh context per load, libraries interleaved; ${passes.map((p) => `${p.short}: ${p.runs} loads`).join(', ')}. Figures are relative: read the ratios.`)}</text>`);
  o.push('</svg>');
  return o.join('\n') + '\n';
}

function niceMax(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// ---------------------------------------------------------------- main
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] || path.join(ROOT, 'results'));
  const out = path.resolve(process.argv[3] || path.join(ROOT, 'results'));
  const s = summarizeRun(loadPasses(dir));
  s.source = path.relative(out, dir) || '.';
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'latest.json'), JSON.stringify(s, null, 1) + '\n');
  fs.writeFileSync(path.join(out, 'latest.md'), `Run ${s.date.slice(0, 16).replace('T', ' ')} UTC, ${s.env.browser}, ${s.env.cores} cores (${s.env.cpu}).\n\n` + renderText(s, md, { combined: true }));
  fs.writeFileSync(path.join(out, 'chart.svg'), chart(s));
  process.stdout.write('\n' + renderText(s, plain));
  console.log(`\nwrote ${['latest.json', 'latest.md', 'chart.svg'].map((f) => path.relative(process.cwd(), path.join(out, f))).join(', ')}`);
}
